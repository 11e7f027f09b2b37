//! Reverse-mode automatic differentiation, PyTorch's model: a graph recorded as ops run.
//!
//! A tensor that requires grad carries a [`Var`]: a leaf (made by the user with
//! `requires_grad_`) or the output of an op, which records a [`Node`] with the op's inputs
//! and a backward function. `backward()` walks the graph from a scalar in reverse
//! topological order ([`engine`]), sums the gradients that reach each value, and adds the
//! leaves' gradients into their `grad`. Backward functions then drop what they saved, so the
//! graph's memory is released (unless `retain_graph`).
//!
//! This module knows no op by name: each op records its own backward, next to its forward,
//! with [`tracked`] and [`record`]. Recording is off inside [`no_grad`] (thread-local, as in
//! PyTorch) and while backward runs, so gradients are plain tensors (no higher-order
//! gradients).

pub mod engine;
mod grad_mode;
pub mod gradcheck;
mod reduce_to;
mod tensor_api;

pub use grad_mode::{NoGradGuard, is_grad_enabled, no_grad, set_grad_enabled};
pub use gradcheck::gradcheck;
pub use reduce_to::reduce_to;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use crate::dtype::Element;
use crate::dyn_tensor::DynTensor;
use crate::error::Result;
use crate::tensor_impl::TensorImpl;

/// A backward function: the gradient of the output in, one gradient per input out (`None`
/// for an input that gets none). Each returned gradient has its input's shape and dtype.
pub type BackwardFn = Box<dyn Fn(&DynTensor) -> Result<Vec<Option<DynTensor>>> + Send + Sync>;

/// The autograd state of one tensor value: where it came from, and its gradient.
///
/// Clones of a tensor (which are the same value) share the `Var`; views and op results get
/// their own.
pub struct Var {
    /// The op that made this value; `None` for a leaf.
    node: Option<Node>,
    /// The accumulated gradient (leaves, and non-leaves that retain it).
    grad: Mutex<Option<DynTensor>>,
    /// Keep the gradient of a non-leaf (`retain_grad`).
    retains_grad: AtomicBool,
}

/// One recorded op: its inputs' `Var`s and its backward function.
pub struct Node {
    name: &'static str,
    inputs: Vec<Option<Arc<Var>>>,
    /// `None` once backward has run without `retain_graph` (the saved tensors are freed).
    backward: Mutex<Option<BackwardFn>>,
}

impl Var {
    /// A leaf that requires grad.
    pub(crate) fn leaf() -> Arc<Var> {
        Arc::new(Var {
            node: None,
            grad: Mutex::new(None),
            retains_grad: AtomicBool::new(false),
        })
    }

    /// `true` for a value the user created (not the output of a recorded op).
    pub fn is_leaf(&self) -> bool {
        self.node.is_none()
    }

    /// The name of the op that made this value (PyTorch's `grad_fn`), `None` for a leaf.
    pub fn grad_fn(&self) -> Option<&'static str> {
        self.node.as_ref().map(|n| n.name)
    }

    /// The accumulated gradient.
    pub fn grad(&self) -> Option<DynTensor> {
        self.grad_slot().clone()
    }

    /// Replaces the accumulated gradient (`None` clears it, like `x.grad = None`).
    pub fn set_grad(&self, grad: Option<DynTensor>) {
        *self.grad_slot() = grad;
    }

    fn grad_slot(&self) -> MutexGuard<'_, Option<DynTensor>> {
        // A panic while the lock was held cannot leave a half-written `Option`, so a
        // poisoned lock still holds a valid value.
        self.grad.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn retains_grad(&self) -> bool {
        self.retains_grad.load(Ordering::Relaxed)
    }

    fn set_retains_grad(&self) {
        self.retains_grad.store(true, Ordering::Relaxed);
    }
}

impl std::fmt::Debug for Var {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Var")
            .field("grad_fn", &self.grad_fn())
            .finish_non_exhaustive()
    }
}

/// The edges an op records, when recording is on and some input requires grad; `None`
/// when the op needs no backward (then it should save nothing). `inputs` are the inputs'
/// vars, in the order its backward function returns their gradients.
pub fn tracked<const N: usize>(inputs: [Option<&Arc<Var>>; N]) -> Option<Vec<Option<Arc<Var>>>> {
    tracked_slice(&inputs)
}

/// [`tracked`] for any number of inputs.
fn tracked_slice(inputs: &[Option<&Arc<Var>>]) -> Option<Vec<Option<Arc<Var>>>> {
    if !is_grad_enabled() || inputs.iter().all(Option::is_none) {
        return None;
    }
    Some(inputs.iter().map(|v| v.cloned()).collect())
}

/// Makes `out` the output of a recorded op named `name`, with the edges from [`tracked`].
/// `backward` must not hold the inputs' vars (save [`TensorImpl::detach`]ed tensors), or
/// the graph would keep itself alive.
pub fn record<T: Element>(
    mut out: TensorImpl<T>,
    name: &'static str,
    inputs: Vec<Option<Arc<Var>>>,
    backward: impl Fn(&DynTensor) -> Result<Vec<Option<DynTensor>>> + Send + Sync + 'static,
) -> TensorImpl<T> {
    out.set_var(Some(Arc::new(Var {
        node: Some(Node {
            name,
            inputs,
            backward: Mutex::new(Some(Box::new(backward))),
        }),
        grad: Mutex::new(None),
        retains_grad: AtomicBool::new(false),
    })));
    out
}

/// Records `out = op(inputs)` when needed: `save` runs only when recording, and builds
/// the backward function from detached copies of what it needs (it is handed `out`). The
/// usual way an op records.
pub fn maybe_record<T: Element, const N: usize, F>(
    out: TensorImpl<T>,
    name: &'static str,
    inputs: [Option<&Arc<Var>>; N],
    save: impl FnOnce(&TensorImpl<T>) -> F,
) -> TensorImpl<T>
where
    F: Fn(&DynTensor) -> Result<Vec<Option<DynTensor>>> + Send + Sync + 'static,
{
    maybe_record_slice(out, name, &inputs, save)
}

/// [`maybe_record`] for an op with a number of inputs known only at run time (`cat`,
/// `stack`): the backward function returns one gradient per entry of `inputs`, in order.
pub fn maybe_record_many<T: Element, F>(
    out: TensorImpl<T>,
    name: &'static str,
    inputs: Vec<Option<&Arc<Var>>>,
    save: impl FnOnce(&TensorImpl<T>) -> F,
) -> TensorImpl<T>
where
    F: Fn(&DynTensor) -> Result<Vec<Option<DynTensor>>> + Send + Sync + 'static,
{
    maybe_record_slice(out, name, &inputs, save)
}

/// The code [`maybe_record`] and [`maybe_record_many`] share.
fn maybe_record_slice<T: Element, F>(
    out: TensorImpl<T>,
    name: &'static str,
    inputs: &[Option<&Arc<Var>>],
    save: impl FnOnce(&TensorImpl<T>) -> F,
) -> TensorImpl<T>
where
    F: Fn(&DynTensor) -> Result<Vec<Option<DynTensor>>> + Send + Sync + 'static,
{
    match tracked_slice(inputs) {
        None => out,
        Some(edges) => {
            let backward = save(&out);
            record(out, name, edges, backward)
        }
    }
}

/// Runs an in-place op under autograd, as PyTorch does, when recording is on and `x` (or
/// another operand, `others_require_grad`) requires grad: a leaf that requires grad is
/// refused (the gradient is about its value, and optimizers update it inside [`no_grad`]);
/// any other value is computed out of place by `op` (so values saved by earlier ops stay
/// intact), recorded by it, and stored in `x`. Returns `None` when nothing is recorded: the
/// caller then updates the buffer in place.
pub(crate) fn in_place(
    x: &mut DynTensor,
    others_require_grad: bool,
    name: &'static str,
    op: impl FnOnce(&DynTensor) -> Result<DynTensor>,
) -> Option<Result<()>> {
    if !is_grad_enabled() || !(x.requires_grad() || others_require_grad) {
        return None;
    }
    if x.requires_grad() && x.is_leaf() {
        return Some(Err(crate::error::Error::Autograd {
            op: name,
            reason: "a leaf tensor that requires grad cannot be changed in place; update \
                     parameters inside no_grad"
                .into(),
        }));
    }
    Some(op(x).map(|out| *x = out))
}

#[cfg(test)]
mod random_shapes;
#[cfg(test)]
mod tests;
