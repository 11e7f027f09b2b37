//! `smooth_l1_loss`: quadratic below `beta`, linear above (the Huber loss divided by beta).

use super::{LossElement, LossReduction, PointLoss, Reduction, dyn_loss, typed_loss};
use crate::dtype::{Float, Numeric};
use crate::dyn_tensor::DynTensor;
use crate::error::{Error, Result};
use crate::shape::{LossShape, Shape};
use crate::tensor::Tensor;
use crate::tensor_impl::TensorImpl;

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
    /// `(pred - target) / beta` below beta, `sign(pred - target)` above.
    #[inline(always)]
    fn grad<T: Float>(p: T, t: T, beta: T) -> (T, T) {
        let d = p - t;
        let s = if Numeric::abs(d) < beta {
            d / beta
        } else {
            Numeric::sign(d)
        };
        (s, -s)
    }
    fn check<T: LossElement>(_: &TensorImpl<T>, beta: f64) -> Result<()> {
        check_beta(beta)
    }
}

fn check_beta(beta: f64) -> Result<()> {
    if beta.is_nan() || beta < 0.0 {
        return Err(Error::invalid(
            "smooth_l1_loss",
            "beta",
            format!("{beta} must be non-negative"),
        ));
    }
    Ok(())
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
    // Beta is checked before the shapes, as PyTorch does.
    check_beta(beta)?;
    dyn_loss::<SmoothL1>(pred, target, beta, reduction)
}

impl<T: LossElement, S: Shape> Tensor<T, S> {
    /// Returns `0.5 (self - target)^2 / beta` where `|self - target| < beta` and
    /// `|self - target| - 0.5 beta` elsewhere, reduced by `M`: the typed [`smooth_l1_loss`].
    ///
    /// The reduction is a type: [`super::Mean`] or [`super::Sum`] give a rank-0 tensor,
    /// [`super::Unreduced`] the per-element losses in the unified shape. Shapes of
    /// different rank or with different static dims do not compile
    /// ([`crate::shape::LossShape`]).
    ///
    /// # Panics
    /// If `usize` dims of the prediction and target differ at run time (the message names
    /// the loss and both shapes), or if `beta` is negative or NaN; or if the output cannot be allocated.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::{Tensor, loss::Unreduced, shape::Rank1};
    /// let p = Tensor::<f64, Rank1<2>>::from_vec(vec![0.5, 3.0])?;
    /// let t = Tensor::<f64, Rank1<2>>::zeros();
    /// assert_eq!(p.smooth_l1_loss(&t, Unreduced, 1.0).to_vec(), vec![0.125, 2.5]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    pub fn smooth_l1_loss<R: Shape, M: LossReduction>(
        &self,
        target: &Tensor<T, R>,
        _reduction: M,
        beta: f64,
    ) -> Tensor<T, M::Output<<S as LossShape<R>>::Output>>
    where
        S: LossShape<R>,
    {
        typed_loss::<SmoothL1, T, S, R, _, M>(self, target, beta, S::unify)
    }
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

    #[test]
    fn typed_smooth_l1_loss_equals_the_dyn_loss() {
        use crate::Tensor;
        use crate::loss::{Mean, Sum, Unreduced};
        use crate::ops::binary::tests::same;
        use crate::shape::{Const, Rank2};
        // A runtime batch dim against a static one; the static side wins in the type.
        let p =
            Tensor::<f64, (usize, Const<2>)>::from_vec_with(vec![0.5, 3.0, -1.0, 0.25], (2, Const))
                .unwrap();
        let t = Tensor::<f64, Rank2<2, 2>>::from_vec(vec![0.0, 0.0, 0.0, 1.0]).unwrap();
        let (dp, dt) = (p.to_dyn(), t.to_dyn());
        let none: Tensor<f64, Rank2<2, 2>> = p.smooth_l1_loss(&t, Unreduced, 1.0);
        same(&none, smooth_l1_loss(&dp, &dt, Reduction::None, 1.0));
        let mean: Tensor<f64, ()> = p.smooth_l1_loss(&t, Mean, 1.0);
        same(&mean, smooth_l1_loss(&dp, &dt, Reduction::Mean, 1.0));
        let sum: Tensor<f64, ()> = p.smooth_l1_loss(&t, Sum, 1.0);
        same(&sum, smooth_l1_loss(&dp, &dt, Reduction::Sum, 1.0));
        let n = none.to_vec();
        assert!((sum.to_vec()[0] - n.iter().sum::<f64>()).abs() < 1e-12);
        assert!((mean.to_vec()[0] - n.iter().sum::<f64>() / 4.0).abs() < 1e-12);
        // A transposed (non-contiguous) prediction, read in logical order.
        let pt = Tensor::<f64, (usize, usize)>::try_from(dp.t().unwrap()).unwrap();
        let tt = Tensor::<f64, (usize, usize)>::try_from(dt.t().unwrap()).unwrap();
        same(
            &pt.smooth_l1_loss(&tt, Unreduced, 1.0),
            smooth_l1_loss(&dp.t().unwrap(), &dt.t().unwrap(), Reduction::None, 1.0),
        );
        // An empty batch: no elements, a sum of 0 and a NaN mean (as PyTorch).
        let e = Tensor::<f64, (usize, Const<2>)>::zeros_with((0, Const)).unwrap();
        assert_eq!(e.smooth_l1_loss(&e, Sum, 1.0).to_vec(), vec![0.0]);
        assert!(e.smooth_l1_loss(&e, Mean, 1.0).to_vec()[0].is_nan());
    }

    #[test]
    #[should_panic(
        expected = "smooth_l1_loss: shapes [3, 2] and [2, 2] do not match (prediction and target must have the same shape)"
    )]
    fn typed_smooth_l1_loss_panics_on_runtime_mismatch() {
        use crate::Tensor;
        use crate::shape::Const;
        let p = Tensor::<f32, (usize, Const<2>)>::zeros_with((3, Const)).unwrap();
        let t = Tensor::<f32, (usize, Const<2>)>::zeros_with((2, Const)).unwrap();
        let _ = p.smooth_l1_loss(&t, crate::loss::Mean, 1.0);
    }

    #[test]
    #[should_panic(expected = "smooth_l1_loss: invalid beta")]
    fn typed_smooth_l1_panics_on_negative_beta() {
        use crate::Tensor;
        use crate::shape::Rank1;
        let p = Tensor::<f32, Rank1<2>>::zeros();
        let _ = p.smooth_l1_loss(&p, crate::loss::Mean, -1.0);
    }
}

#[cfg(test)]
mod grad_tests {
    use super::super::testing::{CASES, gradcheck_loss};
    use super::smooth_l1_loss;

    #[test]
    fn smooth_l1_gradcheck_both_inputs_every_reduction() {
        // |d| in the CASES lies on both sides of 0.42, none within 0.02 of it.
        for beta in [0.42, 0.0, 2.0] {
            gradcheck_loss(|p, t, r| smooth_l1_loss(p, t, r, beta), CASES);
        }
    }
}
