//! `binary_cross_entropy_with_logits`: sigmoid and binary cross entropy in one stable term.

use super::{PointLoss, Reduction, pointwise, reduce};
use crate::dtype::{Float, Numeric};
use crate::dyn_tensor::DynTensor;
use crate::error::Result;

/// `max(x, 0) - x t + ln(1 + e^{-|x|})`, the stable form of `BCE(sigmoid(x), t)`.
#[derive(Clone, Copy, Debug)]
pub struct BceWithLogits;

impl PointLoss for BceWithLogits {
    const NAME: &'static str = "binary_cross_entropy_with_logits";
    #[inline(always)]
    fn apply<T: Float>(x: T, t: T, _: T) -> T {
        x.max(T::ZERO) - x * t + (-Numeric::abs(x)).exp_v().ln_1p_v()
    }
}

/// Returns the binary cross entropy of `sigmoid(logits)` against `target`, computed as
/// `max(x, 0) - x t + ln(1 + e^{-|x|})` so that logits of any size give finite losses,
/// reduced by `reduction` (`torch.nn.functional.binary_cross_entropy_with_logits`).
///
/// # Errors
/// Shape and dtype errors as [`super::mse_loss`].
pub fn binary_cross_entropy_with_logits(
    logits: &DynTensor,
    target: &DynTensor,
    reduction: Reduction,
) -> Result<DynTensor> {
    reduce(pointwise::<BceWithLogits>(logits, target, 0.0)?, reduction)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bce_with_logits_is_stable_and_exact() {
        let x = DynTensor::from_vec(vec![0.0f32, 2.0, -1000.0, 1000.0], &[4]).unwrap();
        let t = DynTensor::from_vec(vec![1.0f32, 0.0, 0.0, 0.0], &[4]).unwrap();
        let v = binary_cross_entropy_with_logits(&x, &t, Reduction::None)
            .unwrap()
            .to_vec::<f32>()
            .unwrap();
        let want = [
            std::f32::consts::LN_2,
            2.0 + (-2.0f32).exp().ln_1p(),
            0.0,
            1000.0,
        ];
        for (a, b) in v.iter().zip(want) {
            assert!((a - b).abs() < 1e-5, "{a} vs {b}");
        }
    }
}
