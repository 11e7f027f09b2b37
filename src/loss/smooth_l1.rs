//! `smooth_l1_loss`: quadratic below `beta`, linear above (the Huber loss divided by beta).

use super::{PointLoss, Reduction, pointwise, reduce};
use crate::dtype::{Float, Numeric};
use crate::dyn_tensor::DynTensor;
use crate::error::{Error, Result};

/// The smooth L1 term of one element, with `param = beta`.
#[derive(Clone, Copy, Debug)]
pub struct SmoothL1;

impl PointLoss for SmoothL1 {
    const NAME: &'static str = "smooth_l1_loss";
    #[inline(always)]
    fn apply<T: Float>(p: T, t: T, beta: T) -> T {
        let d = Numeric::abs(p - t);
        if d < beta {
            T::c(0.5) * d * d / beta
        } else {
            d - T::c(0.5) * beta
        }
    }
}

/// Returns `0.5 (pred - target)^2 / beta` where `|pred - target| < beta` and
/// `|pred - target| - 0.5 beta` elsewhere, reduced by `reduction`
/// (`torch.nn.functional.smooth_l1_loss`). `beta = 0` is the L1 loss; PyTorch's default is 1.
///
/// # Errors
/// [`Error::InvalidArgument`] for a negative or NaN `beta`; shape and dtype errors as
/// [`super::mse_loss`].
pub fn smooth_l1_loss(
    pred: &DynTensor,
    target: &DynTensor,
    reduction: Reduction,
    beta: f64,
) -> Result<DynTensor> {
    if beta.is_nan() || beta < 0.0 {
        return Err(Error::invalid(
            "smooth_l1_loss",
            "beta",
            format!("{beta} must be non-negative"),
        ));
    }
    reduce(pointwise::<SmoothL1>(pred, target, beta)?, reduction)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smooth_l1_switches_at_beta_and_beta_zero_is_l1() {
        let p = DynTensor::from_vec(vec![0.5f64, 3.0, -1.0], &[3]).unwrap();
        let t = DynTensor::from_vec(vec![0.0f64, 0.0, 0.0], &[3]).unwrap();
        let v = smooth_l1_loss(&p, &t, Reduction::None, 1.0)
            .unwrap()
            .to_vec::<f64>()
            .unwrap();
        assert_eq!(v, vec![0.125, 2.5, 0.5]);
        let l1 = smooth_l1_loss(&p, &t, Reduction::Sum, 0.0)
            .unwrap()
            .item::<f64>()
            .unwrap();
        assert_eq!(l1, 4.5);
        assert!(smooth_l1_loss(&p, &t, Reduction::Sum, -1.0).is_err());
    }
}
