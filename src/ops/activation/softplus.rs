//! `softplus`: `ln(1 + e^{βx}) / β`, or `x` where `βx > threshold`.

use super::sigmoid::sigmoid;
use super::{Activation, activation, apply};
use crate::dtype::Float;
use crate::dyn_tensor::DynTensor;
use crate::error::Result;
use crate::kernel::Cost;
use crate::ops::unary::Saves;
use crate::ops::unary::typed;
use crate::shape::Shape;
use crate::tensor::Tensor;

/// `ln(1 + e^x)` without overflow or underflow: `max(x, 0) + ln(1 + e^-|x|)`.
#[inline(always)]
pub(crate) fn log1p_exp<T: Float>(x: T) -> T {
    let pos = if x > T::ZERO { x } else { T::ZERO };
    pos + x.exp_neg_abs_v().ln_1p_v()
}

/// The `softplus` op with PyTorch's `beta` and `threshold`.
#[derive(Clone, Copy, Debug)]
pub struct Softplus {
    /// The sharpness (PyTorch's default: 1.0).
    pub beta: f64,
    /// Above this value of `βx` the result is `x` itself (PyTorch's default: 20.0).
    pub threshold: f64,
}

impl Activation for Softplus {
    const SAVES: Saves = Saves::Input;
    // σ(βx), or 1 where βx > threshold (the linear branch).
    #[inline(always)]
    fn grad<T: Float>(self, g: T, x: T, _y: T) -> T {
        let bx = x * T::c(self.beta);
        if bx > T::c(self.threshold) {
            g
        } else {
            g * sigmoid(bx)
        }
    }
    const NAME: &'static str = "softplus";
    const COST: Cost = Cost::Heavy;
    #[inline(always)]
    fn apply<T: Float>(self, x: T) -> T {
        let beta = T::c(self.beta);
        let bx = x * beta;
        if bx > T::c(self.threshold) {
            x
        } else {
            log1p_exp(bx) / beta
        }
    }
}

impl DynTensor {
    /// Returns the elementwise softplus, `ln(1 + e^{βx}) / β`, or `x` itself where
    /// `βx > threshold` (gradient: `σ(βx)`, or 1), exactly as
    /// `torch.nn.functional.softplus`; PyTorch's defaults are `beta = 1.0`,
    /// `threshold = 20.0`.
    ///
    /// Any shape; integer and bool input gives `float32`. The log is evaluated as
    /// `max(βx, 0) + ln(1 + e^-|βx|)`, so it neither overflows nor loses the tail:
    /// `softplus(1000) = 1000` and `softplus(-1000) = 0` for any threshold.
    ///
    /// # Errors
    /// Only if the result cannot be allocated.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let y = DynTensor::from_vec(vec![0.0f64, 1000.0, -1000.0], &[3])?.softplus(1.0, 20.0)?;
    /// assert_eq!(y.to_vec::<f64>()?, vec![std::f64::consts::LN_2, 1000.0, 0.0]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    pub fn softplus(&self, beta: f64, threshold: f64) -> Result<DynTensor> {
        activation(self, Softplus { beta, threshold })
    }
}

impl<T: Float, S: Shape> Tensor<T, S> {
    /// Returns the softplus, `ln(1 + e^{βx}) / β`, or `x` where `βx > threshold`,
    /// elementwise; the shape is kept (see [`DynTensor::softplus`]).
    pub fn softplus(&self, beta: f64, threshold: f64) -> Tensor<T, S> {
        typed(self, |x| apply(x, Softplus { beta, threshold }))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::check_exact;
    use crate::DynTensor;
    use crate::ops::unary::testing::check_float;

    fn reference(x: f64, beta: f64, threshold: f64) -> f64 {
        if beta * x > threshold {
            x
        } else {
            (beta * x).exp().ln_1p() / beta
        }
    }

    #[test]
    fn softplus_matches_the_reference_and_is_stable() {
        let xs = [
            -30.0, -5.0, -1.5, -0.3, 0.0, 0.25, 1.0, 3.0, 19.0, 21.0, 100.0,
        ];
        for (beta, threshold) in [(1.0, 20.0), (2.0, 5.0), (0.5, 20.0)] {
            check_float(
                |t| t.softplus(beta, threshold),
                |x| reference(x, beta, threshold),
                &xs,
                1e-6,
            );
        }
        // x = 21 with the default threshold returns x itself; below it, the log form.
        let y = DynTensor::from_vec(vec![21.0f64, 19.0], &[2])
            .unwrap()
            .softplus(1.0, 20.0)
            .unwrap();
        assert_eq!(y.to_vec::<f64>().unwrap(), vec![21.0, 19f64.exp().ln_1p()]);
        check_exact(
            |t| t.softplus(1.0, 20.0),
            &[-1000.0, 1000.0, f64::NEG_INFINITY, f64::INFINITY, f64::NAN],
            &[0.0, 1000.0, 0.0, f64::INFINITY, f64::NAN],
        );
        // A threshold that never triggers still gives finite results at the extremes.
        check_exact(
            |t| t.softplus(1.0, f64::INFINITY),
            &[1000.0, -1000.0],
            &[1000.0, 0.0],
        );
    }
}

#[cfg(test)]
mod grad_tests {
    use crate::ops::unary::testing::check_grad;

    #[test]
    fn softplus_gradcheck() {
        check_grad(
            |x| x.softplus(2.0, 3.0),
            [0.3, -1.7, 0.45, -2.2, 0.8, -1.35],
        );
        // 2x > 3 at 1.7 and 2.2: the linear branch.
        check_grad(|x| x.softplus(2.0, 3.0), [0.3, 1.7, 0.45, 2.2, 0.8, -1.35]);
    }
}
