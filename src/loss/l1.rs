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
    /// `sign(pred - target)` (0 at 0, as PyTorch).
    #[inline(always)]
    fn grad<T: Float>(p: T, t: T, _: T) -> (T, T) {
        let s = Numeric::sign(p - t);
        (s, -s)
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

    #[test]
    fn typed_l1_loss_equals_the_dyn_loss() {
        use crate::Tensor;
        use crate::loss::{Mean, Sum, Unreduced};
        use crate::ops::binary::tests::same;
        use crate::shape::{Const, Rank2};
        // A runtime batch dim against a static one; the static side wins in the type.
        let p =
            Tensor::<f64, (usize, Const<2>)>::from_vec_with(vec![1.0, -2.0, 3.5, 0.0], (2, Const))
                .unwrap();
        let t = Tensor::<f64, Rank2<2, 2>>::from_vec(vec![0.0, 2.0, 3.0, -1.0]).unwrap();
        let (dp, dt) = (p.to_dyn(), t.to_dyn());
        let none: Tensor<f64, Rank2<2, 2>> = p.l1_loss(&t, Unreduced);
        same(&none, l1_loss(&dp, &dt, Reduction::None));
        let mean: Tensor<f64, ()> = p.l1_loss(&t, Mean);
        same(&mean, l1_loss(&dp, &dt, Reduction::Mean));
        let sum: Tensor<f64, ()> = p.l1_loss(&t, Sum);
        same(&sum, l1_loss(&dp, &dt, Reduction::Sum));
        let n = none.to_vec();
        assert!((sum.to_vec()[0] - n.iter().sum::<f64>()).abs() < 1e-12);
        assert!((mean.to_vec()[0] - n.iter().sum::<f64>() / 4.0).abs() < 1e-12);
        // A transposed (non-contiguous) prediction, read in logical order.
        let pt = Tensor::<f64, (usize, usize)>::try_from(dp.t().unwrap()).unwrap();
        let tt = Tensor::<f64, (usize, usize)>::try_from(dt.t().unwrap()).unwrap();
        same(
            &pt.l1_loss(&tt, Unreduced),
            l1_loss(&dp.t().unwrap(), &dt.t().unwrap(), Reduction::None),
        );
        // An empty batch: no elements, a sum of 0 and a NaN mean (as PyTorch).
        let e = Tensor::<f64, (usize, Const<2>)>::zeros_with((0, Const)).unwrap();
        assert_eq!(e.l1_loss(&e, Sum).to_vec(), vec![0.0]);
        assert!(e.l1_loss(&e, Mean).to_vec()[0].is_nan());
    }

    #[test]
    #[should_panic(
        expected = "l1_loss: shapes [3, 2] and [2, 2] do not match (prediction and target must have the same shape)"
    )]
    fn typed_l1_loss_panics_on_runtime_mismatch() {
        use crate::Tensor;
        use crate::shape::Const;
        let p = Tensor::<f32, (usize, Const<2>)>::zeros_with((3, Const)).unwrap();
        let t = Tensor::<f32, (usize, Const<2>)>::zeros_with((2, Const)).unwrap();
        let _ = p.l1_loss(&t, crate::loss::Mean);
    }
}

#[cfg(test)]
mod grad_tests {
    use super::super::testing::{CASES, gradcheck_loss};
    use super::l1_loss;

    #[test]
    fn l1_loss_gradcheck_both_inputs_every_reduction() {
        gradcheck_loss(l1_loss, CASES);
    }
}
