//! `selu`: `scale (max(0, x) + min(0, α (e^x - 1)))`.

use super::{Activation, activation, activation_, apply};
use crate::dtype::Float;
use crate::dyn_tensor::DynTensor;
use crate::error::Result;
use crate::kernel::Cost;
use crate::ops::unary::Saves;
use crate::ops::unary::typed;
use crate::shape::Shape;
use crate::tensor::Tensor;

/// PyTorch's SELU `alpha`.
pub const SELU_ALPHA: f64 = 1.673_263_242_354_377_284_817_042_991_671_7;
/// PyTorch's SELU `scale`.
pub const SELU_SCALE: f64 = 1.050_700_987_355_480_493_419_334_985_294_6;

/// The `selu` op.
#[derive(Clone, Copy, Debug)]
pub struct Selu;

impl Activation for Selu {
    const SAVES: Saves = Saves::Input;
    // scale · (1 for x > 0, α e^x otherwise).
    #[inline(always)]
    fn grad<T: Float>(self, g: T, x: T, _y: T) -> T {
        let d = if x > T::ZERO {
            T::ONE
        } else {
            T::c(SELU_ALPHA) * x.exp_v()
        };
        g * T::c(SELU_SCALE) * d
    }
    const NAME: &'static str = "selu";
    const COST: Cost = Cost::Heavy;
    #[inline(always)]
    fn apply<T: Float>(self, x: T) -> T {
        let inner = if x > T::ZERO {
            x
        } else {
            T::c(SELU_ALPHA) * x.exp_m1_v()
        };
        T::c(SELU_SCALE) * inner
    }
}

impl DynTensor {
    /// Returns the elementwise scaled exponential linear unit,
    /// `scale (max(0, x) + min(0, α (e^x - 1)))` with PyTorch's constants
    /// `α = 1.6732632423543772` and `scale = 1.0507009873554805` (gradient: `scale`, or
    /// `scale α e^x`), as `torch.selu`.
    ///
    /// Any shape; integer and bool input gives `float32`. `selu(-1000) = -scale α`.
    ///
    /// # Errors
    /// Only if the result cannot be allocated.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let y = DynTensor::from_vec(vec![1.0f64, 0.0], &[2])?.selu()?;
    /// assert_eq!(y.to_vec::<f64>()?, vec![1.050_700_987_355_480_5, 0.0]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    pub fn selu(&self) -> Result<DynTensor> {
        activation(self, Selu)
    }

    /// In-place [`DynTensor::selu`] (`torch.selu_`).
    ///
    /// # Errors
    /// [`crate::Error::DType`] for an integer or bool tensor.
    pub fn selu_(&mut self) -> Result<()> {
        activation_(self, Selu)
    }
}

impl<T: Float, S: Shape> Tensor<T, S> {
    /// Returns the scaled exponential linear unit, `scale (max(0, x) + min(0, α (e^x - 1)))`,
    /// elementwise; the shape is kept (see [`DynTensor::selu`]).
    pub fn selu(&self) -> Tensor<T, S> {
        typed(self, |x| apply(x, Selu))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::check_exact;
    use super::{SELU_ALPHA, SELU_SCALE};
    use crate::DynTensor;
    use crate::ops::unary::testing::check_float;

    #[test]
    fn selu_matches_the_reference_and_saturates() {
        let r = |x: f64| SELU_SCALE * (x.max(0.0) + (SELU_ALPHA * (x.exp() - 1.0)).min(0.0));
        check_float(
            DynTensor::selu,
            r,
            &[-30.0, -5.0, -1.5, -0.3, 0.0, 0.25, 1.0, 3.0, 100.0],
            1e-6,
        );
        let low64 = -SELU_SCALE * SELU_ALPHA;
        let y = DynTensor::from_vec(vec![-1000.0f64, f64::NEG_INFINITY], &[2])
            .unwrap()
            .selu()
            .unwrap();
        assert_eq!(y.to_vec::<f64>().unwrap(), vec![low64, low64]);
        let y = DynTensor::from_vec(vec![-1000.0f32, f32::NEG_INFINITY], &[2])
            .unwrap()
            .selu()
            .unwrap();
        for v in y.to_vec::<f32>().unwrap() {
            assert!((v as f64 - low64).abs() < 1e-6);
        }
        check_exact(
            DynTensor::selu,
            &[f64::INFINITY, f64::NAN],
            &[f64::INFINITY, f64::NAN],
        );
        let mut m = DynTensor::from_vec(vec![2.0f64], &[1]).unwrap();
        m.selu_().unwrap();
        assert_eq!(m.to_vec::<f64>().unwrap(), vec![2.0 * SELU_SCALE]);
    }
}

#[cfg(test)]
mod grad_tests {
    use crate::ops::unary::testing::check_grad;

    #[test]
    fn selu_gradcheck() {
        check_grad(|x| x.selu(), [0.3, -1.7, 0.45, -2.2, 0.8, -1.35]);
    }
}
