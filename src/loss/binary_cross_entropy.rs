//! `binary_cross_entropy` on probabilities, and the original report's
//! `binary_cross_entropy_loss` with an epsilon clamp.

use super::{PointLoss, Reduction, pointwise, reduce};
use crate::dtype::Float;
use crate::dyn_tensor::DynTensor;
use crate::error::{Error, Result};

/// PyTorch's binary cross entropy term, with each log clamped at -100 so that a
/// probability of exactly 0 or 1 gives a large finite loss instead of `inf`.
#[derive(Clone, Copy, Debug)]
pub struct Bce;

impl PointLoss for Bce {
    const NAME: &'static str = "binary_cross_entropy";
    #[inline(always)]
    fn apply<T: Float>(p: T, t: T, _: T) -> T {
        let floor = T::c(-100.0);
        let lp = p.ln_v().max(floor);
        let lq = (T::ONE - p).ln_v().max(floor);
        -(t * lp + (T::ONE - t) * lq)
    }
}

/// The seed's term: probabilities clamped to `[eps, 1 - eps]` before the logs.
#[derive(Clone, Copy, Debug)]
pub struct BceEps;

impl PointLoss for BceEps {
    const NAME: &'static str = "binary_cross_entropy_loss";
    #[inline(always)]
    fn apply<T: Float>(p: T, t: T, eps: T) -> T {
        let p = p.max(eps).min(T::ONE - eps);
        -(t * p.ln_v() + (T::ONE - t) * (T::ONE - p).ln_v())
    }
}

fn check_probabilities(op: &'static str, pred: &DynTensor) -> Result<()> {
    if pred.numel() == 0 || !pred.dtype().is_float() {
        return Ok(());
    }
    let (lo, hi) = (pred.min()?.item::<f64>()?, pred.max()?.item::<f64>()?);
    if !(0.0..=1.0).contains(&lo) || !(0.0..=1.0).contains(&hi) {
        return Err(Error::invalid(
            op,
            "input",
            format!("probabilities must lie in [0, 1], found values in [{lo}, {hi}]"),
        ));
    }
    Ok(())
}

/// Returns `-(t ln p + (1 - t) ln(1 - p))` for probabilities `pred` and targets `target`,
/// with each log clamped at -100 as PyTorch does, reduced by `reduction`
/// (`torch.nn.functional.binary_cross_entropy`).
///
/// # Errors
/// [`Error::InvalidArgument`] if a probability lies outside `[0, 1]`; shape and dtype
/// errors as [`super::mse_loss`].
pub fn binary_cross_entropy(
    pred: &DynTensor,
    target: &DynTensor,
    reduction: Reduction,
) -> Result<DynTensor> {
    check_probabilities("binary_cross_entropy", pred)?;
    reduce(pointwise::<Bce>(pred, target, 0.0)?, reduction)
}

/// The original report's binary cross entropy: the mean of
/// `-(t ln p + (1 - t) ln(1 - p))` with `p` clamped to `[epsilon, 1 - epsilon]`.
///
/// # Errors
/// [`Error::InvalidArgument`] if `epsilon` is not in `[0, 0.5)` or a probability lies
/// outside `[0, 1]`; shape and dtype errors as [`super::mse_loss`].
pub fn binary_cross_entropy_loss(
    pred: &DynTensor,
    target: &DynTensor,
    epsilon: f64,
) -> Result<DynTensor> {
    if !(0.0..0.5).contains(&epsilon) {
        return Err(Error::invalid(
            "binary_cross_entropy_loss",
            "epsilon",
            format!("{epsilon} must lie in [0, 0.5)"),
        ));
    }
    check_probabilities("binary_cross_entropy_loss", pred)?;
    pointwise::<BceEps>(pred, target, epsilon)?.mean()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bce_matches_the_formula_and_clamps() {
        let p = DynTensor::from_vec(vec![0.9f64, 0.2, 0.0, 1.0], &[4]).unwrap();
        let t = DynTensor::from_vec(vec![1.0f64, 0.0, 1.0, 1.0], &[4]).unwrap();
        let v = binary_cross_entropy(&p, &t, Reduction::None)
            .unwrap()
            .to_vec::<f64>()
            .unwrap();
        let want = [-(0.9f64.ln()), -(0.8f64.ln()), 100.0, 0.0];
        for (a, b) in v.iter().zip(want) {
            assert!((a - b).abs() < 1e-12, "{a} vs {b}");
        }
        let m = binary_cross_entropy(&p, &t, Reduction::Mean)
            .unwrap()
            .item::<f64>()
            .unwrap();
        assert!((m - want.iter().sum::<f64>() / 4.0).abs() < 1e-12);
        let bad = DynTensor::from_vec(vec![1.5f64, 0.2, 0.0, 1.0], &[4]).unwrap();
        let e = binary_cross_entropy(&bad, &t, Reduction::Mean).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("binary_cross_entropy: invalid input"),
            "{e}"
        );
    }

    #[test]
    fn seed_bce_clamps_by_epsilon() {
        let p = DynTensor::from_vec(vec![0.0f32, 1.0], &[2]).unwrap();
        let t = DynTensor::from_vec(vec![1.0f32, 1.0], &[2]).unwrap();
        let l = binary_cross_entropy_loss(&p, &t, 1e-7)
            .unwrap()
            .item::<f64>()
            .unwrap();
        // Only the clamped 0 contributes: -ln(1e-7) / 2.
        assert!((l - 16.118_095_65 / 2.0).abs() < 1e-3, "{l}");
        assert!(binary_cross_entropy_loss(&p, &t, 0.7).is_err());
    }
}
