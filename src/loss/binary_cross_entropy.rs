//! `binary_cross_entropy` on probabilities, and the original report's
//! `binary_cross_entropy_loss` with an epsilon clamp.

use super::{LossElement, LossReduction, PointLoss, Reduction, dyn_loss, typed_loss};
use crate::dtype::Float;
use crate::dyn_tensor::DynTensor;
use crate::error::{Error, Result};
use crate::ops::reduce::{Over, amax, amin};
use crate::shape::{LossShape, Shape};
use crate::tensor::Tensor;
use crate::tensor_impl::TensorImpl;

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
    /// As PyTorch: `(p - t) / max(p (1 - p), 1e-12)` for the prediction, and
    /// `ln(1 - p) - ln p` (each log clamped at -100) for the target.
    #[inline(always)]
    fn grad<T: Float>(p: T, t: T, _: T) -> (T, T) {
        let floor = T::c(-100.0);
        let lp = p.ln_v().max(floor);
        let lq = (T::ONE - p).ln_v().max(floor);
        let dp = (p - t) / (p * (T::ONE - p)).max(T::c(1e-12));
        (dp, lq - lp)
    }
    fn check<T: LossElement>(pred: &TensorImpl<T>, _: f64) -> Result<()> {
        check_probabilities(Self::NAME, pred)
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
    /// The clamp passes no gradient outside `[eps, 1 - eps]`; inside, as [`Bce`].
    #[inline(always)]
    fn grad<T: Float>(p: T, t: T, eps: T) -> (T, T) {
        let q = p.max(eps).min(T::ONE - eps);
        let dp = if q == p {
            (p - t) / (p * (T::ONE - p))
        } else {
            T::ZERO
        };
        (dp, (T::ONE - q).ln_v() - q.ln_v())
    }
    fn check<T: LossElement>(pred: &TensorImpl<T>, _: f64) -> Result<()> {
        check_probabilities(Self::NAME, pred)
    }
}

/// An error naming `op` unless every probability lies in `[0, 1]` (NaN does not).
fn check_probabilities<T: LossElement>(op: &'static str, pred: &TensorImpl<T>) -> Result<()> {
    if pred.numel() == 0 {
        return Ok(());
    }
    let first = |x: TensorImpl<T>| x.to_vec()[0].to_f64();
    // A check, not part of the loss: nothing to record.
    let pred = &pred.detach();
    let (lo, hi) = (first(amin(pred, Over::All)?), first(amax(pred, Over::All)?));
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
    dyn_loss::<Bce>(pred, target, 0.0, reduction)
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
    dyn_loss::<BceEps>(pred, target, epsilon, Reduction::Mean)
}

impl<T: LossElement, S: Shape> Tensor<T, S> {
    /// Returns `-(t ln p + (1 - t) ln(1 - p))` for these probabilities `p` against
    /// `target`, each log clamped at -100 as PyTorch does, reduced by `M`: the typed
    /// [`binary_cross_entropy`].
    ///
    /// The reduction is a type: [`super::Mean`] or [`super::Sum`] give a rank-0 tensor,
    /// [`super::Unreduced`] the per-element losses in the unified shape. Shapes of
    /// different rank or with different static dims do not compile
    /// ([`crate::shape::LossShape`]).
    ///
    /// # Panics
    /// If `usize` dims of the prediction and target differ at run time (the message names
    /// the loss and both shapes), or if a probability lies outside `[0, 1]` (PyTorch raises
    /// an error too); or if the output cannot be allocated.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::{Tensor, loss::Sum, shape::Rank1};
    /// let p = Tensor::<f64, Rank1<2>>::from_vec(vec![0.5, 1.0])?;
    /// let t = Tensor::<f64, Rank1<2>>::ones();
    /// let l = p.binary_cross_entropy(&t, Sum).to_vec()[0];
    /// assert!((l - std::f64::consts::LN_2).abs() < 1e-12);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    pub fn binary_cross_entropy<R: Shape, M: LossReduction>(
        &self,
        target: &Tensor<T, R>,
        _reduction: M,
    ) -> Tensor<T, M::Output<<S as LossShape<R>>::Output>>
    where
        S: LossShape<R>,
    {
        typed_loss::<Bce, T, S, R, _, M>(self, target, 0.0, S::unify)
    }
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

    #[test]
    fn typed_binary_cross_entropy_equals_the_dyn_loss() {
        use crate::Tensor;
        use crate::loss::{Mean, Sum, Unreduced};
        use crate::ops::binary::tests::same;
        use crate::shape::{Const, Rank2};
        // A runtime batch dim against a static one; the static side wins in the type.
        let p =
            Tensor::<f64, (usize, Const<2>)>::from_vec_with(vec![0.9, 0.2, 0.0, 1.0], (2, Const))
                .unwrap();
        let t = Tensor::<f64, Rank2<2, 2>>::from_vec(vec![1.0, 0.0, 1.0, 1.0]).unwrap();
        let (dp, dt) = (p.to_dyn(), t.to_dyn());
        let none: Tensor<f64, Rank2<2, 2>> = p.binary_cross_entropy(&t, Unreduced);
        same(&none, binary_cross_entropy(&dp, &dt, Reduction::None));
        let mean: Tensor<f64, ()> = p.binary_cross_entropy(&t, Mean);
        same(&mean, binary_cross_entropy(&dp, &dt, Reduction::Mean));
        let sum: Tensor<f64, ()> = p.binary_cross_entropy(&t, Sum);
        same(&sum, binary_cross_entropy(&dp, &dt, Reduction::Sum));
        let n = none.to_vec();
        assert!((sum.to_vec()[0] - n.iter().sum::<f64>()).abs() < 1e-12);
        assert!((mean.to_vec()[0] - n.iter().sum::<f64>() / 4.0).abs() < 1e-12);
        // A transposed (non-contiguous) prediction, read in logical order.
        let pt = Tensor::<f64, (usize, usize)>::try_from(dp.t().unwrap()).unwrap();
        let tt = Tensor::<f64, (usize, usize)>::try_from(dt.t().unwrap()).unwrap();
        same(
            &pt.binary_cross_entropy(&tt, Unreduced),
            binary_cross_entropy(&dp.t().unwrap(), &dt.t().unwrap(), Reduction::None),
        );
        // An empty batch: no elements, a sum of 0 and a NaN mean (as PyTorch).
        let e = Tensor::<f64, (usize, Const<2>)>::zeros_with((0, Const)).unwrap();
        assert_eq!(e.binary_cross_entropy(&e, Sum).to_vec(), vec![0.0]);
        assert!(e.binary_cross_entropy(&e, Mean).to_vec()[0].is_nan());
    }

    #[test]
    #[should_panic(
        expected = "binary_cross_entropy: shapes [3, 2] and [2, 2] do not match (prediction and target must have the same shape)"
    )]
    fn typed_binary_cross_entropy_panics_on_runtime_mismatch() {
        use crate::Tensor;
        use crate::shape::Const;
        let p = Tensor::<f32, (usize, Const<2>)>::zeros_with((3, Const)).unwrap();
        let t = Tensor::<f32, (usize, Const<2>)>::zeros_with((2, Const)).unwrap();
        let _ = p.binary_cross_entropy(&t, crate::loss::Mean);
    }

    #[test]
    #[should_panic(expected = "binary_cross_entropy: invalid input")]
    fn typed_bce_panics_on_a_probability_above_one() {
        use crate::Tensor;
        use crate::shape::Rank1;
        let p = Tensor::<f32, Rank1<2>>::from_vec(vec![0.5, 1.5]).unwrap();
        let _ = p.binary_cross_entropy(&Tensor::<f32, Rank1<2>>::zeros(), crate::loss::Mean);
    }
}

#[cfg(test)]
mod grad_tests {
    use super::super::testing::{CASES, gradcheck_loss};
    use super::{Reduction, binary_cross_entropy, binary_cross_entropy_loss};
    use crate::DynTensor;

    #[test]
    fn bce_gradcheck_both_inputs_every_reduction() {
        gradcheck_loss(binary_cross_entropy, CASES);
        gradcheck_loss(|p, t, _| binary_cross_entropy_loss(p, t, 1e-3), CASES);
    }

    #[test]
    fn bce_grad_by_hand() {
        // d/dp = (p - t) / (p (1 - p)) / n.
        let p = DynTensor::from_vec(vec![0.25f64, 0.5], &[2])
            .unwrap()
            .requires_grad_(true)
            .unwrap();
        let t = DynTensor::from_vec(vec![1.0f64, 0.0], &[2]).unwrap();
        binary_cross_entropy(&p, &t, Reduction::Mean)
            .unwrap()
            .backward()
            .unwrap();
        let g = p.grad().unwrap().to_vec::<f64>().unwrap();
        assert!(
            (g[0] + 2.0).abs() < 1e-12 && (g[1] - 1.0).abs() < 1e-12,
            "{g:?}"
        );
    }
}
