//! `binary_cross_entropy_with_logits`: sigmoid and binary cross entropy in one stable term.

use super::{LossElement, LossReduction, PointLoss, Reduction, dyn_loss, typed_loss};
use crate::dtype::Float;
use crate::dyn_tensor::DynTensor;
use crate::error::Result;
use crate::shape::{LossShape, Shape};
use crate::tensor::Tensor;

/// `max(x, 0) - x t + ln(1 + e^{-|x|})`, the stable form of `BCE(sigmoid(x), t)`.
#[derive(Clone, Copy, Debug)]
pub struct BceWithLogits;

impl PointLoss for BceWithLogits {
    const NAME: &'static str = "binary_cross_entropy_with_logits";
    #[inline(always)]
    fn apply<T: Float>(x: T, t: T, _: T) -> T {
        x.max(T::ZERO) - x * t + x.exp_neg_abs_v().ln_1p_v()
    }
    /// `sigmoid(x) - t` for the logits, `-x` for the target.
    #[inline(always)]
    fn grad<T: Float>(x: T, t: T, _: T) -> (T, T) {
        let e = x.exp_neg_abs_v();
        let sigmoid = if x >= T::ZERO {
            T::ONE / (T::ONE + e)
        } else {
            e / (T::ONE + e)
        };
        (sigmoid - t, -x)
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
    dyn_loss::<BceWithLogits>(logits, target, 0.0, reduction)
}

impl<T: LossElement, S: Shape> Tensor<T, S> {
    /// Returns the binary cross entropy of `sigmoid(self)` against `target`, computed
    /// stably as `max(x, 0) - x t + ln(1 + e^{-|x|})`, reduced by `M`: the typed
    /// [`binary_cross_entropy_with_logits`].
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
    /// use rusttorch::{Tensor, loss::Unreduced, shape::Rank1};
    /// let x = Tensor::<f64, Rank1<2>>::from_vec(vec![0.0, -1000.0])?;
    /// let t = Tensor::<f64, Rank1<2>>::from_vec(vec![1.0, 0.0])?;
    /// let l = x.binary_cross_entropy_with_logits(&t, Unreduced).to_vec();
    /// assert_eq!(l, vec![std::f64::consts::LN_2, 0.0]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    pub fn binary_cross_entropy_with_logits<R: Shape, M: LossReduction>(
        &self,
        target: &Tensor<T, R>,
        _reduction: M,
    ) -> Tensor<T, M::Output<<S as LossShape<R>>::Output>>
    where
        S: LossShape<R>,
    {
        typed_loss::<BceWithLogits, T, S, R, _, M>(self, target, 0.0, S::unify)
    }
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

    #[test]
    fn typed_binary_cross_entropy_with_logits_equals_the_dyn_loss() {
        use crate::Tensor;
        use crate::loss::{Mean, Sum, Unreduced};
        use crate::ops::binary::tests::same;
        use crate::shape::{Const, Rank2};
        // A runtime batch dim against a static one; the static side wins in the type.
        let p = Tensor::<f64, (usize, Const<2>)>::from_vec_with(
            vec![0.0, 2.0, -1000.0, 1000.0],
            (2, Const),
        )
        .unwrap();
        let t = Tensor::<f64, Rank2<2, 2>>::from_vec(vec![1.0, 0.0, 0.0, 0.5]).unwrap();
        let (dp, dt) = (p.to_dyn(), t.to_dyn());
        let none: Tensor<f64, Rank2<2, 2>> = p.binary_cross_entropy_with_logits(&t, Unreduced);
        same(
            &none,
            binary_cross_entropy_with_logits(&dp, &dt, Reduction::None),
        );
        let mean: Tensor<f64, ()> = p.binary_cross_entropy_with_logits(&t, Mean);
        same(
            &mean,
            binary_cross_entropy_with_logits(&dp, &dt, Reduction::Mean),
        );
        let sum: Tensor<f64, ()> = p.binary_cross_entropy_with_logits(&t, Sum);
        same(
            &sum,
            binary_cross_entropy_with_logits(&dp, &dt, Reduction::Sum),
        );
        let n = none.to_vec();
        assert!((sum.to_vec()[0] - n.iter().sum::<f64>()).abs() < 1e-12);
        assert!((mean.to_vec()[0] - n.iter().sum::<f64>() / 4.0).abs() < 1e-12);
        // A transposed (non-contiguous) prediction, read in logical order.
        let pt = Tensor::<f64, (usize, usize)>::try_from(dp.t().unwrap()).unwrap();
        let tt = Tensor::<f64, (usize, usize)>::try_from(dt.t().unwrap()).unwrap();
        same(
            &pt.binary_cross_entropy_with_logits(&tt, Unreduced),
            binary_cross_entropy_with_logits(&dp.t().unwrap(), &dt.t().unwrap(), Reduction::None),
        );
        // An empty batch: no elements, a sum of 0 and a NaN mean (as PyTorch).
        let e = Tensor::<f64, (usize, Const<2>)>::zeros_with((0, Const)).unwrap();
        assert_eq!(
            e.binary_cross_entropy_with_logits(&e, Sum).to_vec(),
            vec![0.0]
        );
        assert!(e.binary_cross_entropy_with_logits(&e, Mean).to_vec()[0].is_nan());
    }

    #[test]
    #[should_panic(
        expected = "binary_cross_entropy_with_logits: shapes [3, 2] and [2, 2] do not match (prediction and target must have the same shape)"
    )]
    fn typed_binary_cross_entropy_with_logits_panics_on_runtime_mismatch() {
        use crate::Tensor;
        use crate::shape::Const;
        let p = Tensor::<f32, (usize, Const<2>)>::zeros_with((3, Const)).unwrap();
        let t = Tensor::<f32, (usize, Const<2>)>::zeros_with((2, Const)).unwrap();
        let _ = p.binary_cross_entropy_with_logits(&t, crate::loss::Mean);
    }
}

#[cfg(test)]
mod grad_tests {
    use super::super::testing::{CASES, gradcheck_loss};
    use super::binary_cross_entropy_with_logits;

    #[test]
    fn binary_cross_entropy_with_logits_gradcheck_both_inputs_every_reduction() {
        gradcheck_loss(binary_cross_entropy_with_logits, CASES);
    }
}
