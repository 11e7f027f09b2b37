//! `expm1`: `e^x - 1`.

use super::{FloatUnary, Saves, apply, float_unary, float_unary_, typed};
use crate::dtype::Float;
use crate::dyn_tensor::DynTensor;
use crate::error::Result;
use crate::kernel::Cost;
use crate::shape::Shape;
use crate::tensor::Tensor;

/// The `expm1` op: `e^x - 1`.
#[derive(Clone, Copy, Debug)]
pub struct Expm1;

impl FloatUnary for Expm1 {
    const SAVES: Saves = Saves::Output;
    // d/dx (e^x - 1) = e^x = y + 1.
    #[inline(always)]
    fn grad<T: Float>(g: T, _x: T, y: T) -> T {
        g * (y + T::ONE)
    }
    const NAME: &'static str = "expm1";
    const COST: Cost = Cost::Heavy;
    #[inline(always)]
    fn apply<T: Float>(x: T) -> T {
        x.exp_m1_v()
    }
}

impl DynTensor {
    /// Returns the elementwise exponential minus one, `e^x - 1` (gradient: `e^x`).
    ///
    /// Any shape; the result has this tensor's shape. Integer and bool input gives
    /// `float32`. Accurate for small `x`, where `x.exp() - 1` loses every digit.
    ///
    /// # Errors
    /// Only if the result cannot be allocated.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let y = DynTensor::from_vec(vec![0.0f64, 1e-20], &[2])?.expm1()?;
    /// assert_eq!(y.to_vec::<f64>()?, vec![0.0, 1e-20]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    pub fn expm1(&self) -> Result<DynTensor> {
        float_unary::<Expm1>(self)
    }

    /// In-place [`DynTensor::expm1`].
    ///
    /// # Errors
    /// [`crate::Error::DType`] for an integer or bool tensor, which cannot hold the float
    /// result (as in PyTorch).
    pub fn expm1_(&mut self) -> Result<()> {
        float_unary_::<Expm1>(self)
    }
}

impl<T: Float, S: Shape> Tensor<T, S> {
    /// Returns `e^x - 1` elementwise, accurate near 0; the shape is kept
    /// (see [`DynTensor::expm1`]).
    pub fn expm1(&self) -> Tensor<T, S> {
        typed(self, apply::<Expm1, T>)
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::check_float;
    use crate::DynTensor;

    #[test]
    fn expm1_matches_the_f64_reference() {
        check_float(
            DynTensor::expm1,
            |x: f64| x.exp_m1(),
            &[
                1e-8,
                -1e-5,
                0.3,
                -0.49,
                2.0,
                -50.0,
                -1000.0,
                0.0,
                f64::INFINITY,
                f64::NEG_INFINITY,
            ],
            1e-6,
        );
        let mut z = DynTensor::from_vec(vec![1e-9f64, 1.0], &[2]).unwrap();
        z.expm1_().unwrap();
        assert_eq!(
            z.to_vec::<f64>().unwrap(),
            vec![1e-9f64.exp_m1(), 1f64.exp_m1()]
        );
    }
}

#[cfg(test)]
mod grad_tests {
    use super::super::testing::check_grad;

    #[test]
    fn expm1_gradcheck() {
        check_grad(|x| x.expm1(), [0.3, -1.7, 0.45, -2.2, 0.8, -1.35]);
    }
}
