//! `square`: `x^2`.

use super::{NumericUnary, Saves, apply_numeric, numeric_unary, numeric_unary_, typed};
use crate::dtype::{Float, Numeric};
use crate::dyn_tensor::DynTensor;
use crate::error::Result;
use crate::shape::Shape;
use crate::tensor::Tensor;

/// The `square` op: `x^2`.
#[derive(Clone, Copy, Debug)]
pub struct Square;

impl NumericUnary for Square {
    const SAVES: Saves = Saves::Input;
    // d/dx x² = 2x.
    #[inline(always)]
    fn grad<T: Float>(g: T, x: T, _y: T) -> T {
        (g + g) * x
    }
    const NAME: &'static str = "square";
    #[inline(always)]
    fn apply<T: Numeric>(x: T) -> T {
        if T::DTYPE.is_float() {
            x * x
        } else {
            // NOTE: `*` on integers panics on overflow in debug builds; `mul_add` wraps, as
            // PyTorch's integer arithmetic does.
            x.mul_add(x, T::ZERO)
        }
    }
}

impl DynTensor {
    /// Returns the elementwise square, `x^2` (gradient: `2x`).
    ///
    /// Any shape; the result has this tensor's shape and dtype (integers stay integers and
    /// wrap on overflow, as in PyTorch).
    ///
    /// # Errors
    /// [`crate::Error::DType`] for a bool tensor.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let y = DynTensor::from_vec(vec![-3i64, 4], &[2])?.square()?;
    /// assert_eq!(y.to_vec::<i64>()?, vec![9, 16]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    pub fn square(&self) -> Result<DynTensor> {
        numeric_unary::<Square>(self)
    }

    /// In-place [`DynTensor::square`].
    ///
    /// # Errors
    /// [`crate::Error::DType`] for a bool tensor.
    pub fn square_(&mut self) -> Result<()> {
        numeric_unary_::<Square>(self)
    }
}

impl<T: Numeric, S: Shape> Tensor<T, S> {
    /// Returns the elementwise square, `x²`; the shape and element type are kept
    /// (see [`DynTensor::square`]).
    pub fn square(&self) -> Tensor<T, S> {
        typed(self, apply_numeric::<Square, T>)
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::check_float;
    use crate::{DType, DynTensor};

    #[test]
    fn square_values_keep_the_dtype() {
        check_float(
            DynTensor::square,
            |x| x * x,
            &[-3.0, 0.0, 0.1, 1e20, 1e200, f64::NEG_INFINITY, f64::NAN],
            1e-7,
        );
        let i = DynTensor::from_vec(vec![-3i32, 46_341, 5], &[3])
            .unwrap()
            .square()
            .unwrap();
        // 46341^2 overflows i32 and wraps.
        let wrapped = 46_341i32.wrapping_mul(46_341);
        assert_eq!(
            (i.dtype(), i.to_vec::<i32>().unwrap()),
            (DType::Int32, vec![9, wrapped, 25])
        );
        let mut m = DynTensor::from_vec(vec![-2i64, 1 << 20], &[2]).unwrap();
        m.square_().unwrap();
        assert_eq!(m.to_vec::<i64>().unwrap(), vec![4, 1 << 40]);
        assert!(
            DynTensor::from_vec(vec![true], &[1])
                .unwrap()
                .square()
                .is_err()
        );
    }
}

#[cfg(test)]
mod grad_tests {
    use super::super::testing::check_grad;

    #[test]
    fn square_gradcheck() {
        check_grad(|x| x.square(), [0.3, -1.7, 0.45, -2.2, 0.8, -1.35]);
    }
}
