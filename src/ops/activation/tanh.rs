//! `tanh`: `(e^x - e^-x) / (e^x + e^-x)`.

use super::{Activation, activation, activation_, apply};
use crate::dtype::Float;
use crate::dyn_tensor::DynTensor;
use crate::error::Result;
use crate::kernel::Cost;
use crate::kernel::vmath::VecOp;
use crate::ops::unary::Saves;
use crate::ops::unary::typed;
use crate::shape::Shape;
use crate::tensor::Tensor;

/// The `tanh` op: the hyperbolic tangent.
#[derive(Clone, Copy, Debug)]
pub struct Tanh;

impl Activation for Tanh {
    const SAVES: Saves = Saves::Output;
    // tanh' = 1 - tanh² = 1 - y².
    #[inline(always)]
    fn grad<T: Float>(self, g: T, _x: T, y: T) -> T {
        g * (T::ONE - y * y)
    }
    const NAME: &'static str = "tanh";
    const COST: Cost = Cost::Heavy;
    #[inline(always)]
    fn apply<T: Float>(self, x: T) -> T {
        x.tanh_v()
    }
    fn vec_op(self) -> Option<VecOp> {
        Some(VecOp::Tanh)
    }
}

impl DynTensor {
    /// Returns the elementwise hyperbolic tangent, `tanh(x)` (gradient: `1 - tanh(x)^2`).
    ///
    /// Any shape; the result has this tensor's shape. Integer and bool input gives
    /// `float32`. Saturates to `±1` for large `|x|`.
    ///
    /// # Errors
    /// Only if the result cannot be allocated.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let y = DynTensor::from_vec(vec![0.0f32, 1000.0, -1000.0], &[3])?.tanh()?;
    /// assert_eq!(y.to_vec::<f32>()?, vec![0.0, 1.0, -1.0]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    pub fn tanh(&self) -> Result<DynTensor> {
        activation(self, Tanh)
    }

    /// In-place [`DynTensor::tanh`].
    ///
    /// # Errors
    /// [`crate::Error::DType`] for an integer or bool tensor.
    pub fn tanh_(&mut self) -> Result<()> {
        activation_(self, Tanh)
    }
}

impl<T: Float, S: Shape> Tensor<T, S> {
    /// Returns the hyperbolic tangent, `tanh(x)`, elementwise; the shape is kept
    /// (see [`DynTensor::tanh`]).
    pub fn tanh(&self) -> Tensor<T, S> {
        typed(self, |x| apply(x, Tanh))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::check_exact;
    use crate::DynTensor;
    use crate::ops::unary::testing::check_float;

    #[test]
    fn tanh_matches_the_reference_and_saturates() {
        check_float(
            DynTensor::tanh,
            f64::tanh,
            &[-20.0, -5.0, -1.5, -0.3, -1e-5, 0.0, 0.25, 1.0, 3.0, 10.0],
            1e-6,
        );
        check_exact(
            DynTensor::tanh,
            &[-1000.0, 1000.0, f64::NEG_INFINITY, f64::INFINITY, -0.0],
            &[-1.0, 1.0, -1.0, 1.0, -0.0],
        );
        let mut m = DynTensor::from_vec(vec![0.5f32], &[1]).unwrap();
        m.tanh_().unwrap();
        assert!((m.to_vec::<f32>().unwrap()[0] - 0.5f32.tanh()).abs() < 1e-7);
        let i = DynTensor::from_vec(vec![1i32], &[1])
            .unwrap()
            .tanh()
            .unwrap();
        assert!((i.to_vec::<f32>().unwrap()[0] - 1f32.tanh()).abs() < 1e-7);
    }
}

#[cfg(test)]
mod grad_tests {
    use crate::ops::unary::testing::check_grad;

    #[test]
    fn tanh_gradcheck() {
        check_grad(|x| x.tanh(), [0.3, -1.7, 0.45, -2.2, 0.8, -1.35]);
    }
}
