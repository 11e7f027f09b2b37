//! Optimizers, following PyTorch's update rules exactly: the stateful [`SGD`], [`Adam`],
//! [`AdamW`] and [`RMSprop`] (the [`Optimizer`] trait: `step` a [`crate::nn::Module`] in
//! place, `zero_grad`), and the updates as pure functions (the original report's
//! `*_update`). Each of those returns the new parameter and the new state; the inputs are
//! left untouched.
//!
//! Parameter, gradient and state must have the same shape and a float dtype.
//!
//! On the typed face each update is a method of the parameter, `param.sgd_update(&grad,
//! lr)`, with the same pure semantics: it returns the new parameter (and the new state),
//! each with its input's shape type, so `p = p.sgd_update(&g, lr)` works in a loop. The
//! gradient and state shapes must equal the parameter's ([`crate::shape::UpdateShape`]):
//! static dims at compile time, `usize` dims at run time (a panic naming the update and
//! both shapes). Invalid hyper-parameters (a non-finite `lr`, `step == 0`, a beta outside
//! `[0, 1)`) are the program's own logic errors there and panic with the same message the
//! dynamic functions return as an error.

mod adam;
mod adamw;
mod optimizer;
mod rmsprop;
mod sgd;

pub use adam::{Adam, AdamConfig, adam_update, adamw_update};
pub use adamw::{AdamW, AdamWConfig};
pub use optimizer::Optimizer;
pub use rmsprop::{RMSprop, RMSpropConfig};
pub use sgd::{SGD, SGDConfig, sgd_momentum_update, sgd_update};

use crate::dtype::Element;
use crate::dyn_tensor::DynTensor;
use crate::error::{Error, Result};
use crate::shape::{Shape, UpdateShape};
use crate::tensor::Tensor;

/// Panics naming `op` and both shapes unless `other`'s runtime dims equal `param`'s (the
/// static dims were checked by the [`UpdateShape`] bound).
pub(crate) fn check_typed<T: Element, S: UpdateShape<R>, R: Shape>(
    op: &'static str,
    param: &Tensor<T, S>,
    other: &Tensor<T, R>,
) {
    if param.shape().unify(other.shape()).is_none() {
        panic!(
            "{}",
            Error::mismatch(
                op,
                param.dims(),
                other.dims(),
                "parameter, gradient and state must have the same shape",
            )
        );
    }
}

/// Unwraps a typed-face result, panicking with the error's message.
pub(crate) fn or_panic<X>(r: Result<X>) -> X {
    r.unwrap_or_else(|e| panic!("{e}"))
}

/// Checks that every tensor has the parameter's shape and all share one float dtype.
pub(crate) fn check_same(op: &'static str, tensors: &[&DynTensor]) -> Result<()> {
    let first = tensors[0];
    if !first.dtype().is_float() {
        return Err(Error::dtype(
            op,
            "a floating-point parameter, a",
            first.dtype(),
        ));
    }
    for t in &tensors[1..] {
        if t.shape() != first.shape() {
            return Err(Error::mismatch(
                op,
                first.shape(),
                t.shape(),
                "parameter, gradient and state must have the same shape",
            ));
        }
        if t.dtype() != first.dtype() {
            return Err(Error::dtype(
                op,
                "the parameter's dtype in every",
                t.dtype(),
            ));
        }
    }
    Ok(())
}

pub(crate) fn check_finite(op: &'static str, arg: &'static str, v: f64) -> Result<()> {
    if v.is_finite() {
        Ok(())
    } else {
        Err(Error::invalid(op, arg, format!("{v} must be finite")))
    }
}
