//! Loss functions, as in `torch.nn.functional`, plus the original report's names.
//!
//! Elementwise losses are a per-element term ([`PointLoss`]) and a [`Reduction`]: with
//! `Sum` or `Mean` of contiguous inputs, one fused pass sums the terms without a
//! per-element tensor; with `None` (or strided inputs) one kernel pass makes the terms,
//! reduced by the ordinary reductions. Either way the backward comes from
//! [`PointLoss::grad`]. The class-index losses record theirs in [`nll_impl`] and
//! [`cross_entropy_impl`] (the latter a fused per-row kernel, without a `log_softmax`
//! tensor). Prediction and target must have the same shape (PyTorch broadcasts them with a
//! warning; a mismatch is almost always a bug, so here it is an error), except for the
//! class-index targets of [`cross_entropy`] and [`nll_loss`].
//!
//! # The typed face
//!
//! On [`Tensor<T, S>`] each loss is a method of the prediction (`pred.mse_loss(&target,
//! Mean)`) whose shape rule is a trait of [`crate::shape`]: [`crate::shape::LossShape`] for
//! the elementwise losses, [`crate::shape::ClassTargetShape`] and
//! [`crate::shape::NllTargetShape`] for class indices, [`crate::shape::SoftTargetShape`] for
//! soft targets. The reduction changes the output's rank, so it is chosen by a type rather
//! than a [`Reduction`] value: [`Mean`] (PyTorch's default) and [`Sum`] give a rank-0
//! tensor, [`Unreduced`] (PyTorch's `reduction='none'`) the per-element (or per-sample)
//! losses in their shape. The typed methods run the same kernels as the functions here
//! ([`loss_impl`], [`nll::nll_impl`], [`cross_entropy::cross_entropy_impl`]).
//!
//! ```
//! use rusttorch::{Tensor, loss::{Mean, Unreduced}, shape::{Const, Rank1}};
//! let p = Tensor::<f32, Rank1<3>>::from_vec(vec![1.0, 2.0, 3.0])?;
//! let t = Tensor::<f32, (usize,)>::from_vec_with(vec![1.0, 0.0, 6.0], (3,))?;
//! let m: Tensor<f32, ()> = p.mse_loss(&t, Mean);
//! assert_eq!(m.to_vec(), vec![13.0 / 3.0]);
//! let e: Tensor<f32, (Const<3>,)> = p.mse_loss(&t, Unreduced);
//! assert_eq!(e.to_vec(), vec![0.0, 4.0, 9.0]);
//! # Ok::<(), rusttorch::Error>(())
//! ```

mod binary_cross_entropy;
mod binary_cross_entropy_with_logits;
mod cross_entropy;
mod l1;
mod mse;
mod nll;
mod smooth_l1;

pub use binary_cross_entropy::{binary_cross_entropy, binary_cross_entropy_loss};
pub use binary_cross_entropy_with_logits::binary_cross_entropy_with_logits;
pub use cross_entropy::{
    cross_entropy, cross_entropy_impl, cross_entropy_loss, cross_entropy_soft_impl,
};
pub use l1::l1_loss;
pub use mse::mse_loss;
pub use nll::{nll_impl, nll_loss};
pub use smooth_l1::smooth_l1_loss;

use crate::autograd;
use crate::dtype::Float;
use crate::dyn_tensor::{Data, DynTensor};
use crate::error::{Error, Result};
use crate::kernel::{self, Cost, rows};
use crate::ops::reduce::{Accum, Bounded, Over, SumElement, mean, sum};
use crate::shape::Shape;
use crate::tensor::Tensor;
use crate::tensor_impl::TensorImpl;

/// How a loss combines its per-element values (`reduction=` in PyTorch).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Reduction {
    /// The per-element losses, in the input's shape.
    None,
    /// Their mean (the default).
    #[default]
    Mean,
    /// Their sum.
    Sum,
}

/// A loss term computed per element from a prediction and a target.
pub trait PointLoss: Copy + Send + Sync + 'static {
    /// The loss's name, as in PyTorch.
    const NAME: &'static str;
    /// The per-element loss; `param` is the loss's scalar parameter (beta, epsilon), if any.
    fn apply<T: Float>(pred: T, target: T, param: T) -> T;
    /// The partial derivatives `(d/d pred, d/d target)` of [`PointLoss::apply`], at the same
    /// arguments: the loss's backward.
    fn grad<T: Float>(pred: T, target: T, param: T) -> (T, T);
    /// Checks the prediction and the parameter before the kernel runs (probabilities in
    /// `[0, 1]`, a non-negative beta).
    fn check<T: LossElement>(_pred: &TensorImpl<T>, _param: f64) -> Result<()> {
        Ok(())
    }
}

/// The element types losses compute in: `f32` and `f64`.
pub trait LossElement: Float + Accum + Bounded + SumElement<Out = Self> {}
impl LossElement for f32 {}
impl LossElement for f64 {}

/// A reduction chosen in the type, for the typed face: [`Mean`], [`Sum`] or [`Unreduced`].
/// Its `Output` is the loss's shape given the shape `P` of the per-element (or per-sample)
/// losses: rank 0 for [`Mean`] and [`Sum`], `P` itself for [`Unreduced`].
pub trait LossReduction: Copy {
    /// The same reduction as a value, for the shared kernels.
    const REDUCTION: Reduction;
    /// The loss's shape for per-element losses of shape `P`.
    type Output<P: Shape>: Shape;
    /// The loss's shape value for per-element losses of shape `p`.
    fn output<P: Shape>(p: P) -> Self::Output<P>;
}

/// The mean of the per-element losses, a rank-0 tensor (PyTorch's default reduction).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Mean;

/// The sum of the per-element losses, a rank-0 tensor.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sum;

/// No reduction: the per-element (or per-sample) losses in their shape (PyTorch's
/// `reduction='none'`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Unreduced;

impl LossReduction for Mean {
    const REDUCTION: Reduction = Reduction::Mean;
    type Output<P: Shape> = ();
    fn output<P: Shape>(_: P) {}
}

impl LossReduction for Sum {
    const REDUCTION: Reduction = Reduction::Sum;
    type Output<P: Shape> = ();
    fn output<P: Shape>(_: P) {}
}

impl LossReduction for Unreduced {
    const REDUCTION: Reduction = Reduction::None;
    type Output<P: Shape> = P;
    fn output<P: Shape>(p: P) -> P {
        p
    }
}

/// The loss `L` of typed tensors, reduced by `reduction`: the kernel both faces share.
pub fn loss_impl<L: PointLoss, T: LossElement>(
    pred: &TensorImpl<T>,
    target: &TensorImpl<T>,
    param: f64,
    reduction: Reduction,
) -> Result<TensorImpl<T>> {
    L::check(pred, param)?;
    let contiguous = pred.layout().is_contiguous() && target.layout().is_contiguous();
    if reduction == Reduction::None || !contiguous {
        return reduce_impl(pointwise_impl::<L, T>(pred, target, param)?, reduction);
    }
    // Sum or mean of contiguous inputs: one fused pass, no per-element tensor.
    let p = T::c(param);
    let (a, b) = (pred.as_contiguous_slice(), target.as_contiguous_slice());
    let total = rows::pair_sum(a, b, move |x, y| L::apply(x, y, p));
    let scale = match reduction {
        Reduction::Mean => 1.0 / a.len() as f64,
        _ => 1.0,
    };
    let out = TensorImpl::from_vec(vec![T::from_f64(total * scale)], &[], L::NAME)?;
    Ok(record_point_loss::<L, T>(out, pred, target, p, Some(scale)))
}

/// Applies `reduction` to per-element losses of a typed tensor.
pub fn reduce_impl<T: LossElement>(
    losses: TensorImpl<T>,
    reduction: Reduction,
) -> Result<TensorImpl<T>> {
    match reduction {
        Reduction::None => Ok(losses),
        Reduction::Mean => mean(&losses, Over::All),
        Reduction::Sum => sum(&losses, Over::All),
    }
}

/// Unwraps a typed-face result: the typed losses and updates take static shapes, so their
/// only errors are invalid values (a probability outside `[0, 1]`, a negative beta, a class
/// index out of range) or allocation failure, reported as panics with the error's message.
pub(crate) fn or_panic<X>(r: Result<X>) -> X {
    r.unwrap_or_else(|e| panic!("{e}"))
}

/// The typed elementwise loss `L` of `pred` against `target`, with its shape rule checked
/// by `unify` (the compile-time part by the caller's [`crate::shape::LossShape`] bound).
pub(crate) fn typed_loss<L: PointLoss, T: LossElement, S: Shape, R: Shape, O: Shape, M>(
    pred: &Tensor<T, S>,
    target: &Tensor<T, R>,
    param: f64,
    unify: impl FnOnce(S, R) -> Option<O>,
) -> Tensor<T, M::Output<O>>
where
    M: LossReduction,
{
    let shape = unify(pred.shape(), target.shape()).unwrap_or_else(|| {
        panic!(
            "{}",
            Error::mismatch(
                L::NAME,
                pred.dims(),
                target.dims(),
                "prediction and target must have the same shape",
            )
        )
    });
    let out = or_panic(loss_impl::<L, T>(
        pred.inner(),
        target.inner(),
        param,
        M::REDUCTION,
    ));
    Tensor::from_parts(out, M::output(shape))
}

/// The per-element losses of typed tensors: the kernel both faces share.
pub fn pointwise_impl<L: PointLoss, T: Float>(
    pred: &TensorImpl<T>,
    target: &TensorImpl<T>,
    param: f64,
) -> Result<TensorImpl<T>> {
    let p = T::c(param);
    let out = kernel::zip(L::NAME, pred, target, Cost::Heavy, move |x, y| {
        L::apply(x, y, p)
    })?;
    Ok(record_point_loss::<L, T>(out, pred, target, p, None))
}

/// Records the backward of `out`, the loss `L` (parameter `p`) of `pred` against `target`:
/// per element (`scale` `None`), or summed with each term times `scale` (`out` is 0-d).
/// The gradients are `g · ∂L/∂pred` and `g · ∂L/∂target` ([`PointLoss::grad`]), `g` the
/// output's gradient (times `scale`, broadcast over the elements, for a reduced loss).
fn record_point_loss<L: PointLoss, T: Float>(
    out: TensorImpl<T>,
    pred: &TensorImpl<T>,
    target: &TensorImpl<T>,
    p: T,
    scale: Option<f64>,
) -> TensorImpl<T> {
    let need = [pred.autograd().is_some(), target.autograd().is_some()];
    autograd::maybe_record(out, L::NAME, [pred.autograd(), target.autograd()], |_| {
        let (pred, target) = (pred.detach(), target.detach());
        move |g: &DynTensor| {
            let g = g
                .as_impl::<T>()
                .expect("a loss's gradient has the loss's dtype");
            let scaled;
            let g = match scale {
                Some(s) => {
                    scaled = kernel::map(L::NAME, g, Cost::Cheap, move |v| v * T::c(s))?;
                    &scaled
                }
                None => g,
            };
            let side = |k: usize| -> Result<Option<DynTensor>> {
                if !need[k] {
                    return Ok(None);
                }
                let d = kernel::zip3(L::NAME, &pred, &target, g, Cost::Heavy, move |x, y, g| {
                    let (dp, dt) = L::grad(x, y, p);
                    g * if k == 0 { dp } else { dt }
                })?;
                Ok(Some(d.into()))
            };
            Ok(vec![side(0)?, side(1)?])
        }
    })
}

/// Checks that `pred` and `target` have the same shape and promotes both to their common
/// float dtype.
pub(crate) fn float_pair(
    op: &'static str,
    pred: &DynTensor,
    target: &DynTensor,
) -> Result<(DynTensor, DynTensor)> {
    if pred.shape() != target.shape() {
        return Err(Error::mismatch(
            op,
            pred.shape(),
            target.shape(),
            "prediction and target must have the same shape",
        ));
    }
    let d = pred.dtype().promote(target.dtype());
    if !d.is_float() {
        return Err(Error::dtype(op, "a floating-point", d));
    }
    Ok((pred.to_dtype(d)?, target.to_dtype(d)?))
}

/// The loss `L` of same-shaped float tensors, reduced by `reduction`.
pub(crate) fn dyn_loss<L: PointLoss>(
    pred: &DynTensor,
    target: &DynTensor,
    param: f64,
    reduction: Reduction,
) -> Result<DynTensor> {
    let (p, t) = float_pair(L::NAME, pred, target)?;
    Ok(match (p.data(), t.data()) {
        (Data::Float32(a), Data::Float32(b)) => loss_impl::<L, f32>(a, b, param, reduction)?.into(),
        (Data::Float64(a), Data::Float64(b)) => loss_impl::<L, f64>(a, b, param, reduction)?.into(),
        _ => unreachable!("float_pair returns two tensors of one float dtype"),
    })
}

/// The per-element losses of `L` for same-shaped float tensors (no check, no reduction).
pub(crate) fn pointwise<L: PointLoss>(
    pred: &DynTensor,
    target: &DynTensor,
    param: f64,
) -> Result<DynTensor> {
    let (p, t) = float_pair(L::NAME, pred, target)?;
    Ok(match (p.data(), t.data()) {
        (Data::Float32(a), Data::Float32(b)) => pointwise_impl::<L, f32>(a, b, param)?.into(),
        (Data::Float64(a), Data::Float64(b)) => pointwise_impl::<L, f64>(a, b, param)?.into(),
        _ => unreachable!("float_pair returns two tensors of one float dtype"),
    })
}

/// Test helpers shared by the loss files.
#[cfg(test)]
pub(crate) mod testing {
    use super::Reduction;
    use crate::autograd::gradcheck;
    use crate::{DynTensor, Result};

    /// Gradient-checks `loss(pred, target, reduction)` in f64 w.r.t. both inputs, for every
    /// reduction, at `pred` and `target` of each shape.
    pub fn gradcheck_loss(
        loss: impl Fn(&DynTensor, &DynTensor, Reduction) -> Result<DynTensor>,
        cases: &[(&[f64], &[f64], &[usize])],
    ) {
        for &(p, t, shape) in cases {
            let inputs = [
                DynTensor::from_vec(p.to_vec(), shape).unwrap(),
                DynTensor::from_vec(t.to_vec(), shape).unwrap(),
            ];
            for r in [Reduction::None, Reduction::Mean, Reduction::Sum] {
                gradcheck(|v| loss(&v[0], &v[1], r), &inputs, 1e-6, 1e-7, 1e-5)
                    .unwrap_or_else(|e| panic!("shape {shape:?}, {r:?}: {e}"));
            }
        }
    }

    /// Predictions and targets: a 0-d, a 1-d and a 2-d case, differences away from 0
    /// and from ±1.
    pub const CASES: &[(&[f64], &[f64], &[usize])] = &[
        (&[0.3], &[0.8], &[]),
        (&[0.2, 0.9, 0.45, 0.6], &[0.7, 0.1, 0.0, 1.0], &[4]),
        (
            &[0.15, 0.85, 0.5, 0.3, 0.72, 0.05],
            &[0.9, 0.2, 1.0, 0.6, 0.35, 0.0],
            &[2, 3],
        ),
    ];
}
