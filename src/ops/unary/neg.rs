//! `neg`: `-x`.

use super::{NumericUnary, Saves, apply_numeric, numeric_unary, numeric_unary_, typed};
use crate::dtype::{Float, Numeric};
use crate::dyn_tensor::DynTensor;
use crate::error::Result;
use crate::shape::Shape;
use crate::tensor::Tensor;

/// The `neg` op: `-x`.
#[derive(Clone, Copy, Debug)]
pub struct Neg;

impl NumericUnary for Neg {
    const SAVES: Saves = Saves::Neither;
    // d/dx (-x) = -1.
    #[inline(always)]
    fn grad<T: Float>(g: T, _x: T, _y: T) -> T {
        -g
    }
    const NAME: &'static str = "neg";
    #[inline(always)]
    fn apply<T: Numeric>(x: T) -> T {
        x.neg()
    }
}

impl DynTensor {
    /// Returns the elementwise negation, `-x` (gradient: `-1`).
    ///
    /// Any shape; the result has this tensor's shape and dtype (integers stay integers).
    /// Integers wrap (`-i32::MIN` is `i32::MIN`), as in PyTorch.
    ///
    /// # Errors
    /// [`crate::Error::DType`] for a bool tensor, as in PyTorch.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let y = DynTensor::from_vec(vec![1i32, -2], &[2])?.neg()?;
    /// assert_eq!(y.to_vec::<i32>()?, vec![-1, 2]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    pub fn neg(&self) -> Result<DynTensor> {
        numeric_unary::<Neg>(self)
    }

    /// In-place [`DynTensor::neg`].
    ///
    /// # Errors
    /// [`crate::Error::DType`] for a bool tensor.
    pub fn neg_(&mut self) -> Result<()> {
        numeric_unary_::<Neg>(self)
    }
}

impl<T: Numeric, S: Shape> Tensor<T, S> {
    /// Returns the elementwise negation, `-x`; the shape and element type are kept
    /// (see [`DynTensor::neg`]).
    pub fn neg(&self) -> Tensor<T, S> {
        typed(self, apply_numeric::<Neg, T>)
    }
}

impl<T: Numeric, S: Shape> std::ops::Neg for &Tensor<T, S> {
    type Output = Tensor<T, S>;
    fn neg(self) -> Tensor<T, S> {
        typed(self, apply_numeric::<Neg, T>)
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::transposed;
    use crate::{DType, DynTensor, Error};

    #[test]
    fn neg_values_keep_the_dtype() {
        let f = DynTensor::from_vec(vec![1.5f64, -0.0, f64::INFINITY, f64::NAN], &[4])
            .unwrap()
            .neg()
            .unwrap();
        let v = f.to_vec::<f64>().unwrap();
        assert_eq!(&v[..3], &[-1.5, 0.0, f64::NEG_INFINITY]);
        assert!(v[1].is_sign_positive() && v[3].is_nan());
        let i = DynTensor::from_vec(vec![3i32, -7, 0, i32::MIN], &[4])
            .unwrap()
            .neg()
            .unwrap();
        assert_eq!(
            (i.dtype(), i.to_vec::<i32>().unwrap()),
            (DType::Int32, vec![-3, 7, 0, i32::MIN])
        );
        let mut m = DynTensor::from_vec(vec![2i64, -9], &[2]).unwrap();
        m.neg_().unwrap();
        assert_eq!(m.to_vec::<i64>().unwrap(), vec![-2, 9]);
        let mut b = DynTensor::from_vec(vec![true], &[1]).unwrap();
        assert!(matches!(b.neg(), Err(Error::DType { op: "neg", .. })));
        assert!(b.neg_().is_err());
        // A transposed view, and rank 0.
        let t = transposed(vec![1.0f32, 2.0, 3.0, 4.0, 5.0, 6.0], 2, 3)
            .neg()
            .unwrap();
        assert_eq!(
            t.to_vec::<f32>().unwrap(),
            vec![-1.0, -4.0, -2.0, -5.0, -3.0, -6.0]
        );
        let s = DynTensor::from_vec(vec![4.0f32], &[])
            .unwrap()
            .neg()
            .unwrap();
        assert_eq!(
            (s.shape(), s.to_vec::<f32>().unwrap()),
            (&[][..], vec![-4.0])
        );
    }
}

#[cfg(test)]
mod grad_tests {
    use super::super::testing::check_grad;

    #[test]
    fn neg_gradcheck() {
        check_grad(|x| x.neg(), [0.3, -1.7, 0.45, -2.2, 0.8, -1.35]);
    }
}
