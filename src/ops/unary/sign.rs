//! `sign`: `sign(x)`.

use super::{NumericUnary, Saves, apply_numeric, numeric_unary, numeric_unary_, typed};
use crate::dtype::{Float, Numeric};
use crate::dyn_tensor::DynTensor;
use crate::error::Result;
use crate::shape::Shape;
use crate::tensor::Tensor;

/// The `sign` op: `sign(x)`.
#[derive(Clone, Copy, Debug)]
pub struct Sign;

impl NumericUnary for Sign {
    const SAVES: Saves = Saves::Neither;
    // piecewise constant: zero gradient, as in PyTorch.
    #[inline(always)]
    fn grad<T: Float>(_g: T, _x: T, _y: T) -> T {
        T::ZERO
    }
    const NAME: &'static str = "sign";
    #[inline(always)]
    fn apply<T: Numeric>(x: T) -> T {
        x.sign()
    }
}

impl DynTensor {
    /// Returns the elementwise sign, `sign(x)` (gradient: `0`).
    ///
    /// Any shape; the result has this tensor's shape and dtype (integers stay integers).
    /// `-1`, `0` or `1` in the input's dtype; NaN stays NaN and `±0` stays as it is.
    ///
    /// # Errors
    /// [`crate::Error::DType`] for a bool tensor, as in PyTorch.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let y = DynTensor::from_vec(vec![-3i32, 0, 8], &[3])?.sign()?;
    /// assert_eq!(y.to_vec::<i32>()?, vec![-1, 0, 1]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    pub fn sign(&self) -> Result<DynTensor> {
        numeric_unary::<Sign>(self)
    }

    /// In-place [`DynTensor::sign`].
    ///
    /// # Errors
    /// [`crate::Error::DType`] for a bool tensor.
    pub fn sign_(&mut self) -> Result<()> {
        numeric_unary_::<Sign>(self)
    }
}

impl<T: Numeric, S: Shape> Tensor<T, S> {
    /// Returns the elementwise sign, `-1`, `0` or `1`; the shape and element type are kept
    /// (see [`DynTensor::sign`]).
    pub fn sign(&self) -> Tensor<T, S> {
        typed(self, apply_numeric::<Sign, T>)
    }
}

#[cfg(test)]
mod tests {
    use crate::{DType, DynTensor};

    #[test]
    fn sign_values_keep_the_dtype() {
        let f = DynTensor::from_vec(
            vec![-1.5f64, 0.0, 2e-300, f64::NEG_INFINITY, f64::NAN],
            &[5],
        )
        .unwrap();
        let v = f.sign().unwrap().to_vec::<f64>().unwrap();
        assert_eq!(&v[..4], &[-1.0, 0.0, 1.0, -1.0]);
        assert!(v[4].is_nan());
        let i = DynTensor::from_vec(vec![-3i32, 0, i32::MAX], &[3])
            .unwrap()
            .sign()
            .unwrap();
        assert_eq!(
            (i.dtype(), i.to_vec::<i32>().unwrap()),
            (DType::Int32, vec![-1, 0, 1])
        );
        let mut m = DynTensor::from_vec(vec![-0.25f32, 4.0], &[2]).unwrap();
        m.sign_().unwrap();
        assert_eq!(m.to_vec::<f32>().unwrap(), vec![-1.0, 1.0]);
        assert!(
            DynTensor::from_vec(vec![false], &[1])
                .unwrap()
                .sign()
                .is_err()
        );
    }
}

#[cfg(test)]
mod grad_tests {
    use super::super::testing::check_grad;

    #[test]
    fn sign_gradcheck() {
        check_grad(|x| x.sign(), [0.3, -1.7, 0.45, -2.2, 0.8, -1.35]);
    }
}
