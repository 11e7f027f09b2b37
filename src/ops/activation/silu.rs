//! `silu` (also `swish`): `x σ(x)`.

use super::sigmoid::sigmoid;
use super::{Activation, activation, activation_, apply};
use crate::dtype::Float;
use crate::dyn_tensor::DynTensor;
use crate::error::Result;
use crate::kernel::Cost;
use crate::ops::unary::Saves;
use crate::ops::unary::typed;
use crate::shape::Shape;
use crate::tensor::Tensor;

/// The `silu` op: `x σ(x)`.
#[derive(Clone, Copy, Debug)]
pub struct Silu;

impl Activation for Silu {
    const SAVES: Saves = Saves::Input;
    // (x σ(x))' = σ (1 + x (1 - σ)).
    #[inline(always)]
    fn grad<T: Float>(self, g: T, x: T, _y: T) -> T {
        let s = sigmoid(x);
        g * s * (T::ONE + x * (T::ONE - s))
    }
    const NAME: &'static str = "silu";
    const COST: Cost = Cost::Heavy;
    #[inline(always)]
    fn apply<T: Float>(self, x: T) -> T {
        let s = sigmoid(x);
        // σ underflows to 0 only far left, where the limit is -0 (not -inf * 0 = NaN).
        if s == T::ZERO { -T::ZERO } else { x * s }
    }
}

impl DynTensor {
    /// Returns the elementwise sigmoid linear unit, `x σ(x) = x / (1 + e^-x)` (gradient:
    /// `σ(x)(1 + x(1 - σ(x)))`), as `torch.nn.functional.silu`.
    ///
    /// Any shape; integer and bool input gives `float32`. `silu(-1000) = silu(-inf) = -0`.
    ///
    /// # Errors
    /// Only if the result cannot be allocated.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let y = DynTensor::from_vec(vec![0.0f32, 1000.0, -1000.0], &[3])?.silu()?;
    /// assert_eq!(y.to_vec::<f32>()?, vec![0.0, 1000.0, -0.0]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    pub fn silu(&self) -> Result<DynTensor> {
        activation(self, Silu)
    }

    /// In-place [`DynTensor::silu`] (`silu(x, inplace=True)`).
    ///
    /// # Errors
    /// [`crate::Error::DType`] for an integer or bool tensor.
    pub fn silu_(&mut self) -> Result<()> {
        activation_(self, Silu)
    }

    /// The seed's name for [`DynTensor::silu`].
    ///
    /// # Errors
    /// As [`DynTensor::silu`].
    pub fn swish(&self) -> Result<DynTensor> {
        self.silu()
    }
}

impl<T: Float, S: Shape> Tensor<T, S> {
    /// Returns the sigmoid linear unit, `x σ(x)`, elementwise; the shape is kept
    /// (see [`DynTensor::silu`]).
    pub fn silu(&self) -> Tensor<T, S> {
        typed(self, |x| apply(x, Silu))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::check_exact;
    use crate::DynTensor;
    use crate::ops::unary::testing::check_float;

    #[test]
    fn silu_matches_the_reference_and_saturates() {
        let r = |x: f64| x / (1.0 + (-x).exp());
        let xs = [-50.0, -5.0, -1.5, -0.3, 0.0, 0.25, 1.0, 3.0, 20.0];
        check_float(DynTensor::silu, r, &xs, 1e-6);
        check_float(DynTensor::swish, r, &xs, 1e-6);
        check_exact(
            DynTensor::silu,
            &[-1000.0, 1000.0, f64::NEG_INFINITY, f64::INFINITY, f64::NAN],
            &[-0.0, 1000.0, -0.0, f64::INFINITY, f64::NAN],
        );
        let mut m = DynTensor::from_vec(vec![2.0f64], &[1]).unwrap();
        m.silu_().unwrap();
        assert!((m.to_vec::<f64>().unwrap()[0] - r(2.0)).abs() < 1e-15);
    }
}

#[cfg(test)]
mod grad_tests {
    use crate::ops::unary::testing::check_grad;

    #[test]
    fn silu_gradcheck() {
        check_grad(|x| x.silu(), [0.3, -1.7, 0.45, -2.2, 0.8, -1.35]);
    }
}
