//! `cross_entropy` on logits (PyTorch's), and the original report's `cross_entropy_loss`
//! on probabilities.

use super::{PointLoss, Reduction, float_pair, nll_loss, pointwise, reduce};
use crate::dtype::Float;
use crate::dyn_tensor::DynTensor;
use crate::error::{Error, Result};

/// Returns the cross entropy between `logits` and `target` (`torch.nn.functional.cross_entropy`):
/// `log_softmax` over the class dim followed by [`nll_loss`] for class-index targets.
///
/// `logits` is `(N, C)` (or `(C,)`). `target` is either `N` integer class indices, or
/// class probabilities of the same shape as `logits` (soft targets, giving
/// `-sum_c target * log_softmax(logits)` per sample). The mean is over samples.
///
/// # Errors
/// [`Error::ShapeMismatch`] for other shapes, [`Error::DType`] for non-float logits,
/// [`Error::IndexOutOfRange`] for a class index outside `0..C`.
///
/// # Examples
/// ```
/// use rusttorch::{DynTensor, loss::{Reduction, cross_entropy}};
/// let logits = DynTensor::from_vec(vec![0.0f64, 0.0], &[1, 2])?;
/// let target = DynTensor::from_vec(vec![1i64], &[1])?;
/// let l = cross_entropy(&logits, &target, Reduction::Mean)?.item::<f64>()?;
/// assert!((l - std::f64::consts::LN_2).abs() < 1e-12);
/// # Ok::<(), rusttorch::Error>(())
/// ```
pub fn cross_entropy(
    logits: &DynTensor,
    target: &DynTensor,
    reduction: Reduction,
) -> Result<DynTensor> {
    const OP: &str = "cross_entropy";
    if !logits.dtype().is_float() {
        return Err(Error::dtype(OP, "floating-point logits, a", logits.dtype()));
    }
    if logits.ndim() == 0 || logits.ndim() > 2 {
        return Err(Error::mismatch(
            OP,
            logits.shape(),
            target.shape(),
            "expected logits (N, C) or (C,)",
        ));
    }
    let log_probs = logits.log_softmax(-1)?;
    if target.dtype().is_float() {
        let (lp, t) = float_pair(OP, &log_probs, target)?;
        let per_sample = t.mul(&lp)?.sum_dim(-1, false)?.neg()?;
        return reduce(per_sample, reduction);
    }
    nll_loss(&log_probs, target, reduction).map_err(|e| match e {
        Error::ShapeMismatch { lhs, rhs, rule, .. } => Error::ShapeMismatch {
            op: OP,
            lhs,
            rhs,
            rule,
        },
        Error::IndexOutOfRange {
            index,
            dim,
            size,
            shape,
            ..
        } => Error::IndexOutOfRange {
            op: OP,
            index,
            dim,
            size,
            shape,
        },
        Error::DType { expected, got, .. } => Error::DType {
            op: OP,
            expected,
            got,
        },
        other => other,
    })
}

/// The seed's term: `-t ln(max(p, eps))`.
#[derive(Clone, Copy, Debug)]
pub struct CrossEntropyProb;

impl PointLoss for CrossEntropyProb {
    const NAME: &'static str = "cross_entropy_loss";
    #[inline(always)]
    fn apply<T: Float>(p: T, t: T, eps: T) -> T {
        -(t * p.max(eps).ln_v())
    }
}

/// The original report's cross entropy on probabilities `pred` with dense (one-hot or
/// soft) targets of the same shape: `-sum(target * ln(max(pred, epsilon)))` summed over
/// classes and averaged over samples (dim 0; a 1-D input is one sample).
///
/// NOTE: the original divided by the element count, `C` times smaller than the standard
/// value that PyTorch's `cross_entropy` gives for the same probabilities; this follows the
/// standard definition.
///
/// # Errors
/// [`Error::InvalidArgument`] for a negative or NaN epsilon; shape and dtype errors as
/// [`super::mse_loss`].
pub fn cross_entropy_loss(pred: &DynTensor, target: &DynTensor, epsilon: f64) -> Result<DynTensor> {
    if epsilon.is_nan() || epsilon < 0.0 {
        return Err(Error::invalid(
            "cross_entropy_loss",
            "epsilon",
            format!("{epsilon} must be non-negative"),
        ));
    }
    let samples = if pred.ndim() >= 2 { pred.shape()[0] } else { 1 };
    let total = pointwise::<CrossEntropyProb>(pred, target, epsilon)?.sum()?;
    total.div_scalar(samples as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-6, "{a} vs {b}");
    }

    #[test]
    fn cross_entropy_from_logits_with_indices_and_soft_targets() {
        let logits = DynTensor::from_vec(vec![1.0f64, 2.0, 3.0, 1.0, 1.0, 1.0], &[2, 3]).unwrap();
        let idx = DynTensor::from_vec(vec![2i64, 0], &[2]).unwrap();
        let lse0 = (1f64.exp() + 2f64.exp() + 3f64.exp()).ln();
        let l0 = lse0 - 3.0;
        let l1 = 3f64.ln();
        let none = cross_entropy(&logits, &idx, Reduction::None)
            .unwrap()
            .to_vec::<f64>()
            .unwrap();
        close(none[0], l0);
        close(none[1], l1);
        close(
            cross_entropy(&logits, &idx, Reduction::Mean)
                .unwrap()
                .item::<f64>()
                .unwrap(),
            (l0 + l1) / 2.0,
        );
        let soft = DynTensor::from_vec(vec![0.0f64, 0.0, 1.0, 1.0, 0.0, 0.0], &[2, 3]).unwrap();
        close(
            cross_entropy(&logits, &soft, Reduction::Sum)
                .unwrap()
                .item::<f64>()
                .unwrap(),
            l0 + l1,
        );
        // Extreme logits stay finite.
        let big = DynTensor::from_vec(vec![1000.0f32, -1000.0], &[1, 2]).unwrap();
        let t = DynTensor::from_vec(vec![1i64], &[1]).unwrap();
        assert_eq!(
            cross_entropy(&big, &t, Reduction::Mean)
                .unwrap()
                .item::<f32>()
                .unwrap(),
            2000.0
        );
        let e = cross_entropy(
            &logits,
            &DynTensor::from_vec(vec![5i64, 0], &[2]).unwrap(),
            Reduction::Mean,
        );
        assert!(
            e.unwrap_err()
                .to_string()
                .starts_with("cross_entropy: index 5 is out of range")
        );
        let e = cross_entropy(
            &logits,
            &DynTensor::from_vec(vec![0i64; 3], &[3]).unwrap(),
            Reduction::Mean,
        );
        assert!(
            e.unwrap_err()
                .to_string()
                .starts_with("cross_entropy: shapes [2, 3] and [3] do not match")
        );
    }

    #[test]
    fn seed_cross_entropy_averages_over_samples() {
        let p = DynTensor::from_vec(vec![0.25f64, 0.75, 0.5, 0.5], &[2, 2]).unwrap();
        let t = DynTensor::from_vec(vec![0.0f64, 1.0, 1.0, 0.0], &[2, 2]).unwrap();
        let l = cross_entropy_loss(&p, &t, 1e-12)
            .unwrap()
            .item::<f64>()
            .unwrap();
        close(l, -(0.75f64.ln() + 0.5f64.ln()) / 2.0);
        // Zero probabilities are clamped, not -inf.
        let z = DynTensor::from_vec(vec![0.0f64, 1.0], &[2]).unwrap();
        let oh = DynTensor::from_vec(vec![1.0f64, 0.0], &[2]).unwrap();
        close(
            cross_entropy_loss(&z, &oh, 1e-7)
                .unwrap()
                .item::<f64>()
                .unwrap(),
            -(1e-7f64.ln()),
        );
    }
}
