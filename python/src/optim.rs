//! The native side of `rt.optim`: one of the core's stateful optimizers (SGD, Adam, AdamW,
//! RMSprop in `rusttorch::optim`) per parameter group, stepping a list of `rt.Tensor`
//! handles in place. The Python classes in `rusttorch/optim/__init__.py` hold the
//! parameter groups and call `step(params, lr)`, so the update rules are the Rust ones.

use std::sync::{Mutex, PoisonError};

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyList;
use rusttorch::DynTensor;
use rusttorch::nn::{Module, join_name};
use rusttorch::optim::{AdamConfig, AdamWConfig, Optimizer, RMSpropConfig, SGDConfig};

use crate::errors::IntoPyResult;
use crate::tensor::PyTensor;

/// A list of tensor handles as a core [`Module`]: parameter `i` is named `"i"`, and the
/// optimizers update each handle's tensor in place through [`PyTensor::with_mut`].
struct Handles<'a>(Vec<&'a PyTensor>);

impl Module for Handles<'_> {
    fn visit_params(&self, prefix: &str, f: &mut dyn FnMut(&str, &DynTensor)) {
        for (i, h) in self.0.iter().enumerate() {
            f(&join_name(prefix, &i.to_string()), &h.get());
        }
    }

    fn visit_params_mut(&mut self, prefix: &str, f: &mut dyn FnMut(&str, &mut DynTensor)) {
        for (i, h) in self.0.iter().enumerate() {
            let name = join_name(prefix, &i.to_string());
            h.with_mut(|t| f(&name, t));
        }
    }
}

/// The handles of a Python list of tensors.
fn handles<'a, 'py>(
    op: &str,
    params: &'a [Bound<'py, PyAny>],
) -> PyResult<Vec<&'a Bound<'py, PyTensor>>> {
    params
        .iter()
        .map(|p| {
            p.cast::<PyTensor>()
                .map_err(|_| crate::errors::type_error(op, "a list of Tensors", p))
        })
        .collect()
}

/// One parameter group's optimizer: a core optimizer with its per-parameter state.
#[pyclass(name = "_Optimizer", module = "rusttorch", frozen)]
struct PyOptimizer {
    name: &'static str,
    inner: Mutex<Box<dyn Optimizer + Send>>,
}

#[pymethods]
impl PyOptimizer {
    /// A core optimizer of `kind` ("sgd", "adam", "adamw", "rmsprop") with PyTorch's
    /// hyper-parameters; the ones `kind` does not use are ignored. ValueError for an
    /// invalid value (a negative `lr`, a beta outside `[0, 1)`, ...).
    #[new]
    #[pyo3(signature = (kind, lr, momentum = 0.0, dampening = 0.0, weight_decay = 0.0,
                        nesterov = false, betas = (0.9, 0.999), eps = 1e-8, amsgrad = false,
                        alpha = 0.99, centered = false))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        kind: &str,
        lr: f64,
        momentum: f64,
        dampening: f64,
        weight_decay: f64,
        nesterov: bool,
        betas: (f64, f64),
        eps: f64,
        amsgrad: bool,
        alpha: f64,
        centered: bool,
    ) -> PyResult<Self> {
        let (name, inner): (&'static str, Box<dyn Optimizer + Send>) = match kind {
            "sgd" => (
                "SGD",
                Box::new(
                    SGDConfig::new(lr)
                        .momentum(momentum)
                        .dampening(dampening)
                        .weight_decay(weight_decay)
                        .nesterov(nesterov)
                        .build()
                        .py()?,
                ),
            ),
            "adam" => (
                "Adam",
                Box::new(
                    AdamConfig::new(lr)
                        .betas(betas.0, betas.1)
                        .eps(eps)
                        .weight_decay(weight_decay)
                        .amsgrad(amsgrad)
                        .build()
                        .py()?,
                ),
            ),
            "adamw" => (
                "AdamW",
                Box::new(
                    AdamWConfig::new(lr)
                        .betas(betas.0, betas.1)
                        .eps(eps)
                        .weight_decay(weight_decay)
                        .amsgrad(amsgrad)
                        .build()
                        .py()?,
                ),
            ),
            "rmsprop" => (
                "RMSprop",
                Box::new(
                    RMSpropConfig::new(lr)
                        .alpha(alpha)
                        .eps(eps)
                        .weight_decay(weight_decay)
                        .momentum(momentum)
                        .centered(centered)
                        .build()
                        .py()?,
                ),
            ),
            other => {
                return Err(PyValueError::new_err(format!(
                    "_Optimizer: unknown optimizer {other:?}"
                )));
            }
        };
        Ok(PyOptimizer {
            name,
            inner: Mutex::new(inner),
        })
    }

    /// Sets the learning rate to `lr`, then updates every parameter of `params` that has
    /// a gradient, in place, by the core optimizer's rule. The list must hold the same
    /// parameters (count, shapes, dtypes) at every step.
    fn step(&self, py: Python<'_>, params: &Bound<'_, PyList>, lr: f64) -> PyResult<()> {
        let items: Vec<Bound<'_, PyAny>> = params.iter().collect();
        let hs = handles(self.name, &items)?;
        let refs: Vec<&PyTensor> = hs.iter().map(|h| h.get()).collect();
        let numel: usize = refs.iter().map(|h| h.get().numel()).sum();
        let run = || {
            let mut opt = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
            opt.set_lr(lr)?;
            opt.step(&mut Handles(refs))
        };
        crate::threads::maybe_detach(py, numel, run).py()
    }

    /// The learning rate of the last step (or the initial one).
    #[getter]
    fn lr(&self) -> f64 {
        self.inner
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .lr()
    }
}

/// Clears the gradients of `params` (`set_to_none=True`), or sets them to zeros.
#[pyfunction]
#[pyo3(signature = (params, set_to_none = true))]
fn _zero_grad(params: &Bound<'_, PyList>, set_to_none: bool) -> PyResult<()> {
    let items: Vec<Bound<'_, PyAny>> = params.iter().collect();
    for h in handles("zero_grad", &items)? {
        let t = h.get().get();
        if set_to_none {
            t.zero_grad();
        } else if let (Some(g), Some(v)) = (t.grad(), t.autograd()) {
            v.set_grad(Some(g.zeros_like().py()?));
        }
    }
    Ok(())
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyOptimizer>()?;
    m.add_function(wrap_pyfunction!(_zero_grad, m)?)?;
    Ok(())
}
