//! Autograd from Python: `requires_grad`, `backward`, `grad`, `is_leaf`, `grad_fn`,
//! `detach`, `retain_grad` on `rt.Tensor`, and the thread-local grad mode that
//! `rt.no_grad()` (in `rusttorch/_autograd.py`) switches.
//!
//! The grad mode is per thread in the core, as in PyTorch; Python threads are OS threads,
//! so `with rt.no_grad():` in one thread leaves the others recording.

use pyo3::exceptions::{PyRuntimeError, PyTypeError};
use pyo3::prelude::*;
use rusttorch::DynTensor;
use rusttorch::autograd;

use crate::errors::{IntoPyResult, ShapeError};
use crate::tensor::PyTensor;

/// The op that made a tensor (`t.grad_fn`): `name()` gives PyTorch's style of name,
/// `AddBackward0` for the output of `add`.
#[pyclass(name = "GradFn", module = "rusttorch", frozen)]
pub struct PyGradFn {
    op: &'static str,
}

/// `log_softmax` -> `LogSoftmaxBackward0`, PyTorch's naming of backward nodes.
fn backward_name(op: &str) -> String {
    let mut out = String::with_capacity(op.len() + 9);
    for part in op.split(['_', ' ', ':']).filter(|p| !p.is_empty()) {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
        }
    }
    out.push_str("Backward0");
    out
}

#[pymethods]
impl PyGradFn {
    /// The node's name, such as `AddBackward0`.
    fn name(&self) -> String {
        backward_name(self.op)
    }

    /// The name of the rusttorch op that made the tensor, such as `add`.
    #[getter]
    fn op(&self) -> &'static str {
        self.op
    }

    fn __repr__(&self) -> String {
        format!("<{}>", backward_name(self.op))
    }
}

#[pymethods]
impl PyTensor {
    /// Whether ops on this tensor are recorded for backward (`torch.Tensor.requires_grad`).
    ///
    /// Setting it to True makes the tensor a leaf whose gradient backward computes (only
    /// floating-point tensors can); setting it to False is allowed on leaves only (use
    /// `detach()` for the output of an op). Both raise RuntimeError otherwise.
    #[getter]
    fn get_requires_grad(&self) -> bool {
        self.get().requires_grad()
    }

    #[setter]
    fn set_requires_grad(&self, requires_grad: bool) -> PyResult<()> {
        set_requires(self, requires_grad)
    }

    /// Sets `requires_grad` in place and returns the tensor (`torch.Tensor.requires_grad_`).
    ///
    /// RuntimeError for a non-float tensor, or for turning it off on a non-leaf.
    #[pyo3(signature = (requires_grad = true))]
    fn requires_grad_(slf: Bound<'_, Self>, requires_grad: bool) -> PyResult<Bound<'_, Self>> {
        set_requires(slf.get(), requires_grad)?;
        Ok(slf)
    }

    /// Computes the gradient of this tensor with respect to the leaves of its graph and
    /// adds it into their `.grad` (`torch.Tensor.backward`).
    ///
    /// `gradient` is the gradient of some scalar with respect to this tensor (its shape);
    /// it may be omitted only for a one-element tensor. The graph is freed afterwards
    /// unless `retain_graph` is true, so a second backward through it is a RuntimeError.
    #[pyo3(signature = (gradient = None, retain_graph = None))]
    fn backward(
        &self,
        py: Python<'_>,
        gradient: Option<&Bound<'_, PyAny>>,
        retain_graph: Option<bool>,
    ) -> PyResult<()> {
        let t = self.get();
        let gradient = match gradient.filter(|g| !g.is_none()) {
            Some(g) => Some(crate::convert::to_dyn("backward", g)?),
            None => {
                if t.numel() != 1 {
                    return Err(PyRuntimeError::new_err(format!(
                        "backward: grad can be implicitly created only for scalar outputs \
                         (got shape {:?}); pass `gradient`",
                        t.shape()
                    )));
                }
                None
            }
        };
        let retain = retain_graph.unwrap_or(false);
        py.detach(|| t.backward_with(gradient.as_ref(), retain))
            .py()
    }

    /// The gradient accumulated by backward, or None (`torch.Tensor.grad`).
    ///
    /// Assigning None clears it (what `zero_grad()` does); assigning a tensor of this
    /// tensor's shape and dtype replaces it. Unlike PyTorch, only a tensor that requires
    /// grad can hold a gradient (RuntimeError otherwise).
    #[getter]
    fn get_grad(&self) -> Option<PyTensor> {
        self.get().grad().map(PyTensor::new)
    }

    #[setter]
    fn set_grad(&self, grad: Option<&Bound<'_, PyAny>>) -> PyResult<()> {
        let t = self.get();
        let grad = match grad.filter(|g| !g.is_none()) {
            None => {
                t.zero_grad();
                return Ok(());
            }
            Some(g) => match g.cast::<PyTensor>() {
                Ok(g) => g.get().get(),
                Err(_) => return Err(crate::errors::type_error("grad", "a Tensor or None", g)),
            },
        };
        let var = t.autograd().ok_or_else(|| {
            PyRuntimeError::new_err(
                "grad: only a tensor that requires grad can hold a gradient (call \
                 requires_grad_() first)",
            )
        })?;
        if grad.shape() != t.shape() {
            return Err(ShapeError::new_err(format!(
                "grad: assigned grad has shape {:?}, the tensor {:?}",
                grad.shape(),
                t.shape()
            )));
        }
        if grad.dtype() != t.dtype() {
            return Err(PyTypeError::new_err(format!(
                "grad: assigned grad has dtype {}, the tensor {}",
                grad.dtype(),
                t.dtype()
            )));
        }
        var.set_grad(Some(grad.detach()));
        Ok(())
    }

    /// True for a tensor the user created (not the output of a recorded op).
    #[getter]
    fn is_leaf(&self) -> bool {
        self.get().is_leaf()
    }

    /// The op that made this tensor (an object whose `name()` is such as `MulBackward0`),
    /// or None for a leaf or a tensor that does not require grad.
    #[getter]
    fn grad_fn(&self) -> Option<PyGradFn> {
        self.get().grad_fn().map(|op| PyGradFn { op })
    }

    /// A new tensor with the same values, sharing storage, cut from the graph
    /// (`torch.Tensor.detach`).
    fn detach(&self) -> PyTensor {
        PyTensor::new(self.get().detach())
    }

    /// Cuts this tensor from the graph in place and returns it (`torch.Tensor.detach_`).
    fn detach_(slf: Bound<'_, Self>) -> Bound<'_, Self> {
        slf.get().with_mut(|t| *t = t.detach());
        slf
    }

    /// Keeps this non-leaf's gradient after backward in `.grad`
    /// (`torch.Tensor.retain_grad`); RuntimeError if it does not require grad. A leaf
    /// keeps its gradient anyway.
    fn retain_grad(&self) -> PyResult<()> {
        let t = self.get();
        if t.is_leaf() && t.requires_grad() {
            return Ok(());
        }
        t.retain_grad().py()
    }
}

/// `requires_grad` on a handle, with PyTorch's errors.
fn set_requires(h: &PyTensor, requires_grad: bool) -> PyResult<()> {
    let t: DynTensor = h.get();
    if requires_grad && !t.dtype().is_float() {
        return Err(PyRuntimeError::new_err(format!(
            "requires_grad: only Tensors of floating point dtype can require gradients, got {}",
            t.dtype()
        )));
    }
    if !requires_grad && !t.is_leaf() {
        return Err(PyRuntimeError::new_err(
            "requires_grad: you can only change requires_grad flags of leaf variables; use \
             detach() for the output of an op",
        ));
    }
    let t = t.requires_grad_(requires_grad).py()?;
    h.set(t);
    Ok(())
}

/// True if ops on this thread record their backward (`torch.is_grad_enabled`).
#[pyfunction]
fn is_grad_enabled() -> bool {
    autograd::is_grad_enabled()
}

/// Turns recording on or off for this thread and returns the previous setting; the
/// building block of `rt.no_grad()` and `rt.set_grad_enabled()`.
#[pyfunction]
fn _set_grad_enabled(enabled: bool) -> bool {
    autograd::set_grad_enabled(enabled)
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyGradFn>()?;
    m.add_function(wrap_pyfunction!(is_grad_enabled, m)?)?;
    m.add_function(wrap_pyfunction!(_set_grad_enabled, m)?)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::backward_name;

    #[test]
    fn backward_names_follow_pytorch() {
        assert_eq!(backward_name("add"), "AddBackward0");
        assert_eq!(backward_name("log_softmax"), "LogSoftmaxBackward0");
    }
}
