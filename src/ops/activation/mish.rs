//! `mish`: `x tanh(softplus(x))`.

use super::sigmoid::sigmoid;
use super::softplus::log1p_exp;
use super::{Activation, activation, activation_, apply};
use crate::dtype::Float;
use crate::dyn_tensor::DynTensor;
use crate::error::Result;
use crate::kernel::Cost;
use crate::ops::unary::Saves;
use crate::ops::unary::typed;
use crate::shape::Shape;
use crate::tensor::Tensor;

/// The `mish` op: `x tanh(ln(1 + e^x))`.
#[derive(Clone, Copy, Debug)]
pub struct Mish;

impl Activation for Mish {
    const SAVES: Saves = Saves::Input;
    // (x tanh(sp(x)))' = t + x σ(x) (1 - t²), t = tanh(softplus(x)).
    #[inline(always)]
    fn grad<T: Float>(self, g: T, x: T, _y: T) -> T {
        let t = log1p_exp(x).tanh_v();
        g * (t + x * sigmoid(x) * (T::ONE - t * t))
    }
    const NAME: &'static str = "mish";
    const COST: Cost = Cost::Heavy;
    #[inline(always)]
    fn apply<T: Float>(self, x: T) -> T {
        let t = log1p_exp(x).tanh_v();
        // t underflows to 0 only far left, where the limit is -0 (not -inf * 0 = NaN).
        if t == T::ZERO { -T::ZERO } else { x * t }
    }
}

impl DynTensor {
    /// Returns the elementwise Mish, `x tanh(softplus(x)) = x tanh(ln(1 + e^x))`, as
    /// `torch.nn.functional.mish`.
    ///
    /// Any shape; integer and bool input gives `float32`. The softplus inside is the
    /// overflow-free form, so `mish(1000) = 1000` and `mish(-1000) = mish(-inf) = -0`.
    ///
    /// # Errors
    /// Only if the result cannot be allocated.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let y = DynTensor::from_vec(vec![0.0f32, 1000.0], &[2])?.mish()?;
    /// assert_eq!(y.to_vec::<f32>()?, vec![0.0, 1000.0]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    pub fn mish(&self) -> Result<DynTensor> {
        activation(self, Mish)
    }

    /// In-place [`DynTensor::mish`] (`mish(x, inplace=True)`).
    ///
    /// # Errors
    /// [`crate::Error::DType`] for an integer or bool tensor.
    pub fn mish_(&mut self) -> Result<()> {
        activation_(self, Mish)
    }
}

impl<T: Float, S: Shape> Tensor<T, S> {
    /// Returns the Mish activation, `x tanh(softplus(x))`, elementwise; the shape is kept
    /// (see [`DynTensor::mish`]).
    pub fn mish(&self) -> Tensor<T, S> {
        typed(self, |x| apply(x, Mish))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::check_exact;
    use crate::DynTensor;
    use crate::ops::unary::testing::check_float;

    #[test]
    fn mish_matches_the_reference_and_saturates() {
        let r = |x: f64| x * x.exp().ln_1p().tanh();
        check_float(
            DynTensor::mish,
            r,
            &[-30.0, -5.0, -1.5, -0.3, 0.0, 0.25, 1.0, 3.0, 20.0],
            1e-6,
        );
        check_exact(
            DynTensor::mish,
            &[-1000.0, 1000.0, f64::NEG_INFINITY, f64::INFINITY, f64::NAN],
            &[-0.0, 1000.0, -0.0, f64::INFINITY, f64::NAN],
        );
        let mut m = DynTensor::from_vec(vec![1.0f64], &[1]).unwrap();
        m.mish_().unwrap();
        assert!((m.to_vec::<f64>().unwrap()[0] - 0.865_098_388_267_24).abs() < 1e-12);
    }
}

#[cfg(test)]
mod grad_tests {
    use crate::ops::unary::testing::check_grad;

    #[test]
    fn mish_gradcheck() {
        check_grad(|x| x.mish(), [0.3, -1.7, 0.45, -2.2, 0.8, -1.35]);
    }
}
