//! `sigmoid`: `1 / (1 + e^-x)`.

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

/// `1 / (1 + e^-x)`, computed as `1 / (1 + e)` or `e / (1 + e)` from `e = e^-|x|` so that
/// neither tail overflows (`sigmoid(-1000)` is `0`, `sigmoid(1000)` is `1`) and the left tail
/// keeps its relative accuracy; one division and a select, so it vectorizes.
#[inline(always)]
pub(crate) fn sigmoid<T: Float>(x: T) -> T {
    let e = x.exp_neg_abs_v();
    let num = if x >= T::ZERO { T::ONE } else { e };
    num / (T::ONE + e)
}

/// The `sigmoid` op: `1 / (1 + e^-x)`.
#[derive(Clone, Copy, Debug)]
pub struct Sigmoid;

impl Activation for Sigmoid {
    const SAVES: Saves = Saves::Output;
    // σ' = σ (1 - σ) = y (1 - y).
    #[inline(always)]
    fn grad<T: Float>(self, g: T, _x: T, y: T) -> T {
        g * y * (T::ONE - y)
    }
    const NAME: &'static str = "sigmoid";
    const COST: Cost = Cost::Heavy;
    #[inline(always)]
    fn apply<T: Float>(self, x: T) -> T {
        sigmoid(x)
    }
    fn vec_op(self) -> Option<VecOp> {
        Some(VecOp::Sigmoid)
    }
}

impl DynTensor {
    /// Returns the elementwise logistic sigmoid, `σ(x) = 1 / (1 + e^-x)` (gradient:
    /// `σ(x)(1 - σ(x))`), as `torch.sigmoid`.
    ///
    /// Any shape; the result has this tensor's shape. Integer and bool input gives
    /// `float32`. Stable in both tails: `σ(-1000) = 0`, `σ(1000) = 1`.
    ///
    /// # Errors
    /// Only if the result cannot be allocated.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let y = DynTensor::from_vec(vec![0.0f32, -1000.0, 1000.0], &[3])?.sigmoid()?;
    /// assert_eq!(y.to_vec::<f32>()?, vec![0.5, 0.0, 1.0]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    pub fn sigmoid(&self) -> Result<DynTensor> {
        activation(self, Sigmoid)
    }

    /// In-place [`DynTensor::sigmoid`].
    ///
    /// # Errors
    /// [`crate::Error::DType`] for an integer or bool tensor.
    pub fn sigmoid_(&mut self) -> Result<()> {
        activation_(self, Sigmoid)
    }
}

impl<T: Float, S: Shape> Tensor<T, S> {
    /// Returns the logistic sigmoid, `1 / (1 + e^-x)`, elementwise; the shape is kept
    /// (see [`DynTensor::sigmoid`]).
    pub fn sigmoid(&self) -> Tensor<T, S> {
        typed(self, |x| apply(x, Sigmoid))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::check_exact;
    use crate::ops::unary::testing::{check_float, transposed};
    use crate::{DType, DynTensor};

    #[test]
    fn sigmoid_f32_is_within_3_ulp_everywhere() {
        use crate::kernel::math::worst_ulps;
        let (worst, at) = worst_ulps(super::sigmoid::<f32>, |x| 1.0 / (1.0 + (-x).exp()));
        assert!(worst <= 3.0, "sigmoid: {worst} ulp at {at:e}");
    }

    #[test]
    fn sigmoid_matches_the_reference_and_saturates() {
        check_float(
            DynTensor::sigmoid,
            |x| 1.0 / (1.0 + (-x).exp()),
            &[-30.0, -5.0, -1.5, -0.3, 0.0, 0.25, 1.0, 3.0, 10.0, 30.0],
            1e-6,
        );
        // Relative accuracy in the left tail, where the value is tiny.
        let y = DynTensor::from_vec(vec![-80.0f64], &[1])
            .unwrap()
            .sigmoid()
            .unwrap();
        assert!((y.to_vec::<f64>().unwrap()[0] / (-80f64).exp() - 1.0).abs() < 1e-12);
        check_exact(
            DynTensor::sigmoid,
            &[-1000.0, 1000.0, f64::NEG_INFINITY, f64::INFINITY, f64::NAN],
            &[0.0, 1.0, 0.0, 1.0, f64::NAN],
        );
        let i = DynTensor::from_vec(vec![0i64], &[1])
            .unwrap()
            .sigmoid()
            .unwrap();
        assert_eq!(
            (i.dtype(), i.to_vec::<f32>().unwrap()),
            (DType::Float32, vec![0.5])
        );
        let mut m = DynTensor::from_vec(vec![0.0f64, 2.0], &[2]).unwrap();
        m.sigmoid_().unwrap();
        assert_eq!(
            m.to_vec::<f64>().unwrap(),
            vec![0.5, 1.0 / (1.0 + (-2f64).exp())]
        );
        assert!(
            DynTensor::from_vec(vec![1i32], &[1])
                .unwrap()
                .sigmoid_()
                .is_err()
        );
        // A transposed (non-contiguous) input, read in logical order.
        let t = transposed(vec![0.0f64, 1.0, -1.0, 2.0], 2, 2)
            .sigmoid()
            .unwrap();
        let s = |x: f64| 1.0 / (1.0 + (-x).exp());
        let want = [s(0.0), s(-1.0), s(1.0), s(2.0)];
        for (g, w) in t.to_vec::<f64>().unwrap().into_iter().zip(want) {
            assert!((g - w).abs() < 1e-15);
        }
    }
}

#[cfg(test)]
mod grad_tests {
    use crate::ops::unary::testing::check_grad;

    #[test]
    fn sigmoid_gradcheck() {
        check_grad(|x| x.sigmoid(), [0.3, -1.7, 0.45, -2.2, 0.8, -1.35]);
    }
}
