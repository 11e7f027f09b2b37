//! Optimizer updates as pure functions (the original report's `*_update`), following
//! PyTorch's update rules exactly. Each returns the new parameter and the new state; the
//! inputs are left untouched.
//!
//! Parameter, gradient and state must have the same shape and a float dtype.

mod adam;
mod sgd;

pub use adam::{adam_update, adamw_update};
pub use sgd::{sgd_momentum_update, sgd_update};

use crate::dyn_tensor::DynTensor;
use crate::error::{Error, Result};

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
