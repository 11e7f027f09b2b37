//! `elu`: `x` for `x > 0`, `α (e^x - 1)` otherwise.

use super::{Activation, activation, activation_, apply};
use crate::dtype::Float;
use crate::dyn_tensor::DynTensor;
use crate::error::Result;
use crate::kernel::Cost;
use crate::ops::unary::Saves;
use crate::ops::unary::typed;
use crate::shape::Shape;
use crate::tensor::Tensor;

/// The `elu` op with its `alpha`.
#[derive(Clone, Copy, Debug)]
pub struct Elu {
    /// The value the negative side tends to is `-alpha` (PyTorch's default: 1.0).
    pub alpha: f64,
}

impl Activation for Elu {
    const SAVES: Saves = Saves::Input;
    // x for x > 0, α e^x otherwise (PyTorch uses the input, not the output).
    #[inline(always)]
    fn grad<T: Float>(self, g: T, x: T, _y: T) -> T {
        if x > T::ZERO {
            g
        } else {
            g * T::c(self.alpha) * x.exp_v()
        }
    }
    const NAME: &'static str = "elu";
    const COST: Cost = Cost::Heavy;
    #[inline(always)]
    fn apply<T: Float>(self, x: T) -> T {
        if x > T::ZERO {
            x
        } else {
            T::c(self.alpha) * x.exp_m1_v()
        }
    }
}

impl DynTensor {
    /// Returns the elementwise exponential linear unit, `x` if `x > 0` else
    /// `α (e^x - 1)` (gradient: 1, or `α e^x`), as `torch.nn.functional.elu`; PyTorch's
    /// default `alpha` is 1.0.
    ///
    /// Any shape; integer and bool input gives `float32`. Uses `expm1`, so the negative
    /// side is accurate near 0 and tends to exactly `-α` (`elu(-1000) = -α`).
    ///
    /// # Errors
    /// Only if the result cannot be allocated.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let y = DynTensor::from_vec(vec![2.0f32, -1000.0], &[2])?.elu(1.0)?;
    /// assert_eq!(y.to_vec::<f32>()?, vec![2.0, -1.0]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    pub fn elu(&self, alpha: f64) -> Result<DynTensor> {
        activation(self, Elu { alpha })
    }

    /// In-place [`DynTensor::elu`] (`torch.nn.functional.elu_`).
    ///
    /// # Errors
    /// [`crate::Error::DType`] for an integer or bool tensor.
    pub fn elu_(&mut self, alpha: f64) -> Result<()> {
        activation_(self, Elu { alpha })
    }
}

impl<T: Float, S: Shape> Tensor<T, S> {
    /// Returns the exponential linear unit, `x` if `x > 0` else `α (e^x - 1)`,
    /// elementwise; the shape is kept (see [`DynTensor::elu`]).
    pub fn elu(&self, alpha: f64) -> Tensor<T, S> {
        typed(self, |x| apply(x, Elu { alpha }))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::check_exact;
    use crate::DynTensor;
    use crate::ops::unary::testing::check_float;

    #[test]
    fn elu_matches_the_reference_and_saturates() {
        let xs = [-30.0, -5.0, -1.5, -0.3, -1e-6, 0.0, 0.25, 1.0, 3.0, 1e30];
        for alpha in [1.0, 0.5, 2.0] {
            let r = move |x: f64| if x > 0.0 { x } else { alpha * (x.exp() - 1.0) };
            check_float(|t| t.elu(alpha), r, &xs, 1e-6);
            check_exact(
                |t| t.elu(alpha),
                &[-1000.0, 1000.0, f64::NEG_INFINITY, f64::INFINITY, f64::NAN],
                &[-alpha, 1000.0, -alpha, f64::INFINITY, f64::NAN],
            );
        }
        let mut m = DynTensor::from_vec(vec![-1.0f64, 4.0], &[2]).unwrap();
        m.elu_(2.0).unwrap();
        assert_eq!(
            m.to_vec::<f64>().unwrap(),
            vec![2.0 * (-1f64).exp_m1(), 4.0]
        );
    }
}

#[cfg(test)]
mod grad_tests {
    use crate::ops::unary::testing::check_grad;

    #[test]
    fn elu_gradcheck() {
        check_grad(|x| x.elu(0.7), [0.3, -1.7, 0.45, -2.2, 0.8, -1.35]);
    }
}
