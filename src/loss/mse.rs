//! `mse_loss`: the mean squared error, `(pred - target)^2`.

use super::{PointLoss, Reduction, pointwise, reduce};
use crate::dtype::Float;
use crate::dyn_tensor::DynTensor;
use crate::error::Result;

/// The squared error of one element.
#[derive(Clone, Copy, Debug)]
pub struct Mse;

impl PointLoss for Mse {
    const NAME: &'static str = "mse_loss";
    #[inline(always)]
    fn apply<T: Float>(p: T, t: T, _: T) -> T {
        let d = p - t;
        d * d
    }
}

/// Returns the squared error `(pred - target)^2`, reduced by `reduction`
/// (`torch.nn.functional.mse_loss`).
///
/// # Errors
/// [`crate::Error::ShapeMismatch`] if the shapes differ; [`crate::Error::DType`] for
/// non-float inputs.
///
/// # Examples
/// ```
/// use rusttorch::{DynTensor, loss::{Reduction, mse_loss}};
/// let p = DynTensor::from_vec(vec![1.0f32, 2.0, 3.0], &[3])?;
/// let t = DynTensor::from_vec(vec![1.0f32, 0.0, 6.0], &[3])?;
/// assert_eq!(mse_loss(&p, &t, Reduction::Mean)?.item::<f32>()?, 13.0 / 3.0);
/// # Ok::<(), rusttorch::Error>(())
/// ```
pub fn mse_loss(pred: &DynTensor, target: &DynTensor, reduction: Reduction) -> Result<DynTensor> {
    reduce(pointwise::<Mse>(pred, target, 0.0)?, reduction)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DType, Error};

    #[test]
    fn mse_values_reductions_and_errors() {
        let p = DynTensor::from_vec(vec![1.0f64, 2.0, 3.0, 4.0], &[2, 2]).unwrap();
        let t = DynTensor::from_vec(vec![0.0f64, 2.0, 5.0, 1.0], &[2, 2]).unwrap();
        let none = mse_loss(&p, &t, Reduction::None).unwrap();
        assert_eq!(none.shape(), &[2, 2]);
        assert_eq!(none.to_vec::<f64>().unwrap(), vec![1.0, 0.0, 4.0, 9.0]);
        assert_eq!(
            mse_loss(&p, &t, Reduction::Sum)
                .unwrap()
                .item::<f64>()
                .unwrap(),
            14.0
        );
        assert_eq!(
            mse_loss(&p, &t, Reduction::Mean)
                .unwrap()
                .item::<f64>()
                .unwrap(),
            3.5
        );
        // A transposed prediction is compared element by element in its logical order.
        let pt = p.t().unwrap();
        let want = [1.0, 1.0, 9.0, 9.0];
        assert_eq!(
            mse_loss(&pt, &t, Reduction::None)
                .unwrap()
                .to_vec::<f64>()
                .unwrap(),
            want
        );
        let e = mse_loss(
            &p,
            &DynTensor::zeros(&[4], DType::Float64).unwrap(),
            Reduction::Mean,
        );
        assert_eq!(
            e.unwrap_err().to_string(),
            "mse_loss: shapes [2, 2] and [4] do not match (prediction and target must have the same shape)"
        );
        let i = DynTensor::zeros(&[2, 2], DType::Int64).unwrap();
        assert!(matches!(
            mse_loss(&i, &i, Reduction::Mean),
            Err(Error::DType { .. })
        ));
    }
}
