//! Loss functions, as in `torch.nn.functional`, plus the original report's names.
//!
//! Losses are composites: a pointwise term computed by one kernel pass ([`PointLoss`]) and a
//! [`Reduction`] through the ordinary reductions, so they carry no gradient code of their
//! own. Prediction and target must have the same shape (PyTorch broadcasts them with a
//! warning; a mismatch is almost always a bug, so here it is an error), except for the
//! class-index targets of [`cross_entropy`] and [`nll_loss`].

mod binary_cross_entropy;
mod binary_cross_entropy_with_logits;
mod cross_entropy;
mod l1;
mod mse;
mod nll;
mod smooth_l1;

pub use binary_cross_entropy::{binary_cross_entropy, binary_cross_entropy_loss};
pub use binary_cross_entropy_with_logits::binary_cross_entropy_with_logits;
pub use cross_entropy::{cross_entropy, cross_entropy_loss};
pub use l1::l1_loss;
pub use mse::mse_loss;
pub use nll::nll_loss;
pub use smooth_l1::smooth_l1_loss;

use crate::dtype::Float;
use crate::dyn_tensor::{Data, DynTensor};
use crate::error::{Error, Result};
use crate::kernel::{self, Cost};
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
}

/// The per-element losses of typed tensors: the kernel both faces share.
pub fn pointwise_impl<L: PointLoss, T: Float>(
    pred: &TensorImpl<T>,
    target: &TensorImpl<T>,
    param: f64,
) -> Result<TensorImpl<T>> {
    let p = T::c(param);
    kernel::zip(L::NAME, pred, target, Cost::Heavy, move |x, y| {
        L::apply(x, y, p)
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

/// The per-element losses of `L` for same-shaped float tensors.
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

/// Applies `reduction` to per-element losses.
pub(crate) fn reduce(losses: DynTensor, reduction: Reduction) -> Result<DynTensor> {
    match reduction {
        Reduction::None => Ok(losses),
        Reduction::Mean => losses.mean(),
        Reduction::Sum => losses.sum(),
    }
}
