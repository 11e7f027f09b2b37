//! The native helpers behind `rt.nn` (whose layers are pure Python, in
//! `rusttorch/nn/__init__.py`): parameter creation, `Linear`'s initialisation and forward,
//! the activations, dropout and the losses, each calling the core's layer or op so the
//! values and gradients are the Rust ones. Their names start with an underscore: the
//! public API is the layers and `rt.nn.functional`.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use rusttorch::DType;
use rusttorch::nn::{Dropout, Linear};
use rusttorch::ops::creation::with_global_generator;

use crate::errors::IntoPyResult;
use crate::tensor::PyTensor;

use crate::threads::maybe_detach;

/// A size argument from Python: a non-negative int.
fn size(op: &str, arg: &str, v: i64) -> PyResult<usize> {
    usize::try_from(v)
        .map_err(|_| PyValueError::new_err(format!("{op}: {arg} must be non-negative, got {v}")))
}

/// A new leaf sharing `data`'s storage, with `requires_grad` set (`torch.nn.Parameter`).
#[pyfunction]
#[pyo3(signature = (data, requires_grad = true))]
fn _parameter(data: &Bound<'_, PyTensor>, requires_grad: bool) -> PyResult<PyTensor> {
    let t = data.get().get().detach();
    Ok(PyTensor::new(t.requires_grad_(requires_grad).py()?))
}

/// Linear's parameters `(weight, bias or None)` with PyTorch's default initialisation
/// (`U(-1/sqrt(in_features), 1/sqrt(in_features))`, weight then bias), drawn from the
/// global generator that `rt.manual_seed` seeds: the core's `nn::Linear::with_dtype`.
#[pyfunction]
#[pyo3(signature = (in_features, out_features, bias = true, dtype = None))]
fn _linear_init(
    in_features: i64,
    out_features: i64,
    bias: bool,
    dtype: Option<&Bound<'_, PyAny>>,
) -> PyResult<(PyTensor, Option<PyTensor>)> {
    const OP: &str = "Linear";
    let i = size(OP, "in_features", in_features)?;
    let o = size(OP, "out_features", out_features)?;
    let dtype = match dtype.filter(|d| !d.is_none()) {
        Some(d) => crate::dtype::extract(OP, d)?,
        None => DType::Float32,
    };
    let layer = with_global_generator(|g| Linear::with_dtype(i, o, bias, dtype, g)).py()?;
    Ok((PyTensor::new(layer.weight), layer.bias.map(PyTensor::new)))
}

/// `x @ weight.T + bias` for `x` of shape `(*, in_features)` (`torch.nn.functional.linear`),
/// by the core's `nn::Linear`.
#[pyfunction]
#[pyo3(signature = (x, weight, bias = None))]
fn _linear(
    py: Python<'_>,
    x: &Bound<'_, PyTensor>,
    weight: &Bound<'_, PyTensor>,
    bias: Option<&Bound<'_, PyTensor>>,
) -> PyResult<PyTensor> {
    let (x, w) = (x.get().get(), weight.get().get());
    let b = bias.map(|b| b.get().get());
    let layer = Linear::from_parameters(w, b).py()?;
    let work = x.numel().saturating_mul(layer.out_features());
    let y = maybe_detach(py, work, || layer.forward(&x)).py()?;
    Ok(PyTensor::new(y))
}

/// Dropout of `x` with probability `p` when `training` (`torch.nn.functional.dropout`):
/// each element zeroed with probability `p`, the others scaled by `1 / (1 - p)`; the
/// mask's stream is seeded from the global generator, so `rt.manual_seed` repeats it.
/// Returns `x` itself when not training or `p == 0`.
#[pyfunction]
#[pyo3(signature = (x, p = 0.5, training = true))]
fn _dropout(
    py: Python<'_>,
    x: &Bound<'_, PyTensor>,
    p: f64,
    training: bool,
) -> PyResult<Py<PyTensor>> {
    let layer = Dropout::new(p, 0).py()?;
    if !training || p == 0.0 {
        return Ok(x.clone().unbind());
    }
    let seed = with_global_generator(|g| g.below(usize::MAX)) as u64;
    let layer = Dropout::new(layer.p(), seed).py()?;
    let t = x.get().get();
    let y = maybe_detach(py, t.numel(), || layer.forward(&t)).py()?;
    Py::new(py, PyTensor::new(y))
}

/// Copies `src`'s values into the tensor of handle `dst` (`load_state_dict`), keeping
/// `dst`'s `requires_grad` and gradient. `src` must have `dst`'s shape; it is converted to
/// `dst`'s dtype.
#[pyfunction]
fn _assign(dst: &Bound<'_, PyTensor>, src: &Bound<'_, PyTensor>) -> PyResult<()> {
    let (d, s) = (dst.get().get(), src.get().get());
    if d.shape() != s.shape() {
        return Err(crate::errors::ShapeError::new_err(format!(
            "load_state_dict: the value has shape {:?}, the parameter {:?}",
            s.shape(),
            d.shape()
        )));
    }
    let mut value = s.detach().to_dtype(d.dtype()).py()?;
    if value.shares_storage(&s) {
        value = value.clone_data().py()?;
    }
    if d.requires_grad() {
        value = value.requires_grad_(true).py()?;
        if let (Some(g), Some(v)) = (d.grad(), value.autograd()) {
            v.set_grad(Some(g));
        }
    }
    dst.get().set(value);
    Ok(())
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(_parameter, m)?)?;
    m.add_function(wrap_pyfunction!(_linear_init, m)?)?;
    m.add_function(wrap_pyfunction!(_linear, m)?)?;
    m.add_function(wrap_pyfunction!(_dropout, m)?)?;
    m.add_function(wrap_pyfunction!(_assign, m)?)?;
    Ok(())
}
