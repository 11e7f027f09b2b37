//! `log1p`: `ln(1 + x)`.

use super::{FloatUnary, Saves, apply, float_unary, float_unary_, typed};
use crate::dtype::Float;
use crate::dyn_tensor::DynTensor;
use crate::error::Result;
use crate::kernel::Cost;
use crate::shape::Shape;
use crate::tensor::Tensor;

/// The `log1p` op: `ln(1 + x)`.
#[derive(Clone, Copy, Debug)]
pub struct Log1p;

impl FloatUnary for Log1p {
    const SAVES: Saves = Saves::Input;
    // d/dx ln(1 + x) = 1/(1 + x).
    #[inline(always)]
    fn grad<T: Float>(g: T, x: T, _y: T) -> T {
        g / (x + T::ONE)
    }
    const NAME: &'static str = "log1p";
    const COST: Cost = Cost::Heavy;
    #[inline(always)]
    fn apply<T: Float>(x: T) -> T {
        x.ln_1p_v()
    }
}

impl DynTensor {
    /// Returns the elementwise natural logarithm of one plus the input, `ln(1 + x)` (gradient: `1 / (1 + x)`).
    ///
    /// Any shape; the result has this tensor's shape. Integer and bool input gives
    /// `float32`. Accurate for small `x`, where `(1 + x).log()` loses every digit.
    ///
    /// # Errors
    /// Only if the result cannot be allocated.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let y = DynTensor::from_vec(vec![0.0f64, 1e-20], &[2])?.log1p()?;
    /// assert_eq!(y.to_vec::<f64>()?, vec![0.0, 1e-20]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    pub fn log1p(&self) -> Result<DynTensor> {
        float_unary::<Log1p>(self)
    }

    /// In-place [`DynTensor::log1p`].
    ///
    /// # Errors
    /// [`crate::Error::DType`] for an integer or bool tensor, which cannot hold the float
    /// result (as in PyTorch).
    pub fn log1p_(&mut self) -> Result<()> {
        float_unary_::<Log1p>(self)
    }
}

impl<T: Float, S: Shape> Tensor<T, S> {
    /// Returns `ln(1 + x)` elementwise, accurate near 0; the shape is kept
    /// (see [`DynTensor::log1p`]).
    pub fn log1p(&self) -> Tensor<T, S> {
        typed(self, apply::<Log1p, T>)
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::check_float;
    use crate::DynTensor;

    #[test]
    fn log1p_matches_the_f64_reference() {
        check_float(
            DynTensor::log1p,
            |x: f64| x.ln_1p(),
            &[
                1e-10,
                -1e-7,
                3e-5,
                0.5,
                3.0,
                1e30,
                -1.0,
                -2.0,
                f64::INFINITY,
            ],
            1e-6,
        );
        let mut z = DynTensor::from_vec(vec![1e-8f32], &[1]).unwrap();
        z.log1p_().unwrap();
        assert!((z.to_vec::<f32>().unwrap()[0] - 1e-8).abs() < 1e-14);
    }
}

#[cfg(test)]
mod grad_tests {
    use super::super::testing::check_grad;

    #[test]
    fn log1p_gradcheck() {
        check_grad(|x| x.log1p(), [0.3, -0.7, 0.45, -0.2, 0.8, -0.35]);
    }
}
