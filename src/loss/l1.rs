//! `l1_loss`: the mean absolute error, `|pred - target|`.

use super::{PointLoss, Reduction, pointwise, reduce};
use crate::dtype::{Float, Numeric};
use crate::dyn_tensor::DynTensor;
use crate::error::Result;

/// The absolute error of one element.
#[derive(Clone, Copy, Debug)]
pub struct L1;

impl PointLoss for L1 {
    const NAME: &'static str = "l1_loss";
    #[inline(always)]
    fn apply<T: Float>(p: T, t: T, _: T) -> T {
        Numeric::abs(p - t)
    }
}

/// Returns the absolute error `|pred - target|`, reduced by `reduction`
/// (`torch.nn.functional.l1_loss`).
///
/// # Errors
/// [`crate::Error::ShapeMismatch`] if the shapes differ; [`crate::Error::DType`] for
/// non-float inputs.
pub fn l1_loss(pred: &DynTensor, target: &DynTensor, reduction: Reduction) -> Result<DynTensor> {
    reduce(pointwise::<L1>(pred, target, 0.0)?, reduction)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn l1_values() {
        let p = DynTensor::from_vec(vec![1.0f32, -2.0, 3.5], &[3]).unwrap();
        let t = DynTensor::from_vec(vec![0.0f32, 2.0, 3.0], &[3]).unwrap();
        assert_eq!(
            l1_loss(&p, &t, Reduction::None)
                .unwrap()
                .to_vec::<f32>()
                .unwrap(),
            vec![1.0, 4.0, 0.5]
        );
        assert_eq!(
            l1_loss(&p, &t, Reduction::Mean)
                .unwrap()
                .item::<f32>()
                .unwrap(),
            5.5 / 3.0
        );
        assert_eq!(
            l1_loss(&p, &t, Reduction::Sum)
                .unwrap()
                .item::<f32>()
                .unwrap(),
            5.5
        );
    }
}
