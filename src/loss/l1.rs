//! `l1_loss`: the mean absolute error, `|pred - target|`.

use super::{LossElement, LossReduction, PointLoss, Reduction, dyn_loss, typed_loss};
use crate::dtype::{Float, Numeric};
use crate::dyn_tensor::DynTensor;
use crate::error::Result;
use crate::shape::{LossShape, Shape};
use crate::tensor::Tensor;

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
    dyn_loss::<L1>(pred, target, 0.0, reduction)
}

impl<T: LossElement, S: Shape> Tensor<T, S> {
    /// Returns the absolute error `|self - target|` of this prediction against `target`,
    /// reduced by `M`: the typed [`l1_loss`].
    ///
    /// The reduction is a type: [`super::Mean`] or [`super::Sum`] give a rank-0 tensor,
    /// [`super::Unreduced`] the per-element losses in the unified shape. Shapes of
    /// different rank or with different static dims do not compile
    /// ([`crate::shape::LossShape`]).
    ///
    /// # Panics
    /// If `usize` dims of the prediction and target differ at run time (the message names
    /// the loss and both shapes); or if the output cannot be allocated.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::{Tensor, loss::Mean, shape::Rank1};
    /// let p = Tensor::<f32, Rank1<2>>::from_vec(vec![1.0, -2.0])?;
    /// let t = Tensor::<f32, (usize,)>::from_vec_with(vec![0.0, 2.0], (2,))?;
    /// assert_eq!(p.l1_loss(&t, Mean).to_vec(), vec![2.5]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    pub fn l1_loss<R: Shape, M: LossReduction>(
        &self,
        target: &Tensor<T, R>,
        _reduction: M,
    ) -> Tensor<T, M::Output<<S as LossShape<R>>::Output>>
    where
        S: LossShape<R>,
    {
        typed_loss::<L1, T, S, R, _, M>(self, target, 0.0, S::unify)
    }
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
