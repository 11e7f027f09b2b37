//! `abs`: `|x|`.

use super::{NumericUnary, Saves, apply_numeric, numeric_unary, numeric_unary_, typed};
use crate::dtype::{Float, Numeric};
use crate::dyn_tensor::DynTensor;
use crate::error::Result;
use crate::shape::Shape;
use crate::tensor::Tensor;

/// The `abs` op: `|x|`.
#[derive(Clone, Copy, Debug)]
pub struct Abs;

impl NumericUnary for Abs {
    const SAVES: Saves = Saves::Input;
    // d/dx |x| = sign(x), 0 at 0 (PyTorch).
    #[inline(always)]
    fn grad<T: Float>(g: T, x: T, _y: T) -> T {
        g * Numeric::sign(x)
    }
    const NAME: &'static str = "abs";
    #[inline(always)]
    fn apply<T: Numeric>(x: T) -> T {
        x.abs()
    }
}

impl DynTensor {
    /// Returns the elementwise absolute value, `|x|` (gradient: `sign(x)`).
    ///
    /// Any shape; the result has this tensor's shape and dtype (integers stay integers).
    /// Integers wrap (`|i32::MIN|` is `i32::MIN`), as in PyTorch.
    ///
    /// # Errors
    /// [`crate::Error::DType`] for a bool tensor, as in PyTorch.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let y = DynTensor::from_vec(vec![1.5f32, -2.0], &[2])?.abs()?;
    /// assert_eq!(y.to_vec::<f32>()?, vec![1.5, 2.0]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    pub fn abs(&self) -> Result<DynTensor> {
        numeric_unary::<Abs>(self)
    }

    /// In-place [`DynTensor::abs`].
    ///
    /// # Errors
    /// [`crate::Error::DType`] for a bool tensor.
    pub fn abs_(&mut self) -> Result<()> {
        numeric_unary_::<Abs>(self)
    }
}

impl<T: Numeric, S: Shape> Tensor<T, S> {
    /// Returns the elementwise absolute value, `|x|`; the shape and element type are kept
    /// (see [`DynTensor::abs`]).
    pub fn abs(&self) -> Tensor<T, S> {
        typed(self, apply_numeric::<Abs, T>)
    }
}

#[cfg(test)]
mod tests {
    use crate::{DType, DynTensor};

    #[test]
    fn abs_values_keep_the_dtype() {
        let f = DynTensor::from_vec(vec![-1.5f32, -0.0, f32::NEG_INFINITY, f32::NAN], &[4])
            .unwrap()
            .abs()
            .unwrap();
        let v = f.to_vec::<f32>().unwrap();
        assert_eq!(&v[..3], &[1.5, 0.0, f32::INFINITY]);
        assert!(v[1].is_sign_positive() && v[3].is_nan());
        let i = DynTensor::from_vec(vec![-3i64, 7, i64::MIN], &[3])
            .unwrap()
            .abs()
            .unwrap();
        assert_eq!(
            (i.dtype(), i.to_vec::<i64>().unwrap()),
            (DType::Int64, vec![3, 7, i64::MIN])
        );
        let mut m = DynTensor::from_vec(vec![-2.5f64], &[1]).unwrap();
        m.abs_().unwrap();
        assert_eq!(m.to_vec::<f64>().unwrap(), vec![2.5]);
        assert!(
            DynTensor::from_vec(vec![true], &[1])
                .unwrap()
                .abs()
                .is_err()
        );
    }
}

#[cfg(test)]
mod grad_tests {
    use super::super::testing::check_grad;

    #[test]
    fn abs_gradcheck() {
        check_grad(|x| x.abs(), [0.3, -1.7, 0.45, -2.2, 0.8, -1.35]);
    }
}
