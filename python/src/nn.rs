//! The native helpers behind `rt.nn` (whose layers are pure Python, in
//! `rusttorch/nn/__init__.py`): parameter creation, `Linear`'s initialisation and forward,
//! the activations, dropout and the losses, each calling the core's layer or op so the
//! values and gradients are the Rust ones. Their names start with an underscore: the
//! public API is the layers and `rt.nn.functional`.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use rusttorch::loss::{self, Reduction};
use rusttorch::nn::{Dropout, Linear};
use rusttorch::ops::activation::Gelu;
use rusttorch::ops::creation::with_global_generator;
use rusttorch::{DType, DynTensor};

use crate::errors::IntoPyResult;
use crate::tensor::PyTensor;

/// An activation, ready to run on a tensor.
type ActivationFn = Box<dyn FnOnce(&DynTensor) -> rusttorch::Result<DynTensor> + Send>;

/// Above this many elements the compute runs with the GIL released.
const DETACH_NUMEL: usize = 16384;

/// Runs `f` with the GIL released when `numel` is large.
fn maybe_detach<R: Send>(py: Python<'_>, numel: usize, f: impl FnOnce() -> R + Send) -> R {
    if numel >= DETACH_NUMEL {
        py.detach(f)
    } else {
        f()
    }
}

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

/// The activation `name` of `x`, with its parameters: `relu`, `sigmoid`, `tanh`, `selu`,
/// `silu`, `mish`, `softsign`, `leaky_relu` (`negative_slope`), `elu` (`alpha`), `gelu`
/// (`approximate` "none" or "tanh"), `softplus` (`beta`, `threshold`), `softmax` and
/// `log_softmax` (`dim`).
#[pyfunction]
#[pyo3(signature = (name, x, negative_slope = 0.01, alpha = 1.0, approximate = "none",
                    beta = 1.0, threshold = 20.0, dim = None))]
#[allow(clippy::too_many_arguments)]
fn _activation(
    py: Python<'_>,
    name: &str,
    x: &Bound<'_, PyTensor>,
    negative_slope: f64,
    alpha: f64,
    approximate: &str,
    beta: f64,
    threshold: f64,
    dim: Option<isize>,
) -> PyResult<PyTensor> {
    let x = x.get().get();
    let need_dim =
        || dim.ok_or_else(|| PyValueError::new_err(format!("{name}: `dim` must be given")));
    let gelu = match approximate {
        "none" => Gelu::None,
        "tanh" => Gelu::Tanh,
        other => {
            return Err(PyValueError::new_err(format!(
                "gelu: approximate must be 'none' or 'tanh', got {other:?}"
            )));
        }
    };
    let f: ActivationFn = match name {
        "relu" => Box::new(|x| x.relu()),
        "sigmoid" => Box::new(|x| x.sigmoid()),
        "tanh" => Box::new(|x| x.tanh()),
        "selu" => Box::new(|x| x.selu()),
        "silu" => Box::new(|x| x.silu()),
        "mish" => Box::new(|x| x.mish()),
        "softsign" => Box::new(|x| x.softsign()),
        "leaky_relu" => Box::new(move |x| x.leaky_relu(negative_slope)),
        "elu" => Box::new(move |x| x.elu(alpha)),
        "gelu" => Box::new(move |x| x.gelu(gelu)),
        "softplus" => Box::new(move |x| x.softplus(beta, threshold)),
        "softmax" => {
            let d = need_dim()?;
            Box::new(move |x| x.softmax(d))
        }
        "log_softmax" => {
            let d = need_dim()?;
            Box::new(move |x| x.log_softmax(d))
        }
        other => {
            return Err(PyValueError::new_err(format!(
                "_activation: unknown activation {other:?}"
            )));
        }
    };
    Ok(PyTensor::new(maybe_detach(py, x.numel(), || f(&x)).py()?))
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

/// The reduction named by a Python string.
fn reduction(op: &str, r: &str) -> PyResult<Reduction> {
    match r {
        "mean" => Ok(Reduction::Mean),
        "sum" => Ok(Reduction::Sum),
        "none" => Ok(Reduction::None),
        other => Err(PyValueError::new_err(format!(
            "{op}: {other:?} is not a valid value for reduction (expected 'mean', 'sum' or \
             'none')"
        ))),
    }
}

/// The loss `name` of `input` against `target`, reduced by `reduction` ("mean", "sum",
/// "none"): `mse_loss`, `l1_loss`, `smooth_l1_loss` (`beta`), `binary_cross_entropy`,
/// `binary_cross_entropy_with_logits`, `cross_entropy` (class indices or probabilities),
/// `nll_loss`.
#[pyfunction]
#[pyo3(signature = (name, input, target, reduction = "mean", beta = 1.0))]
fn _loss(
    py: Python<'_>,
    name: &str,
    input: &Bound<'_, PyTensor>,
    target: &Bound<'_, PyTensor>,
    reduction: &str,
    beta: f64,
) -> PyResult<PyTensor> {
    let r = self::reduction(name, reduction)?;
    let (x, t) = (input.get().get(), target.get().get());
    let f: fn(&DynTensor, &DynTensor, Reduction, f64) -> rusttorch::Result<DynTensor> = match name {
        "mse_loss" => |x, t, r, _| loss::mse_loss(x, t, r),
        "l1_loss" => |x, t, r, _| loss::l1_loss(x, t, r),
        "smooth_l1_loss" => loss::smooth_l1_loss,
        "binary_cross_entropy" => |x, t, r, _| loss::binary_cross_entropy(x, t, r),
        "binary_cross_entropy_with_logits" => {
            |x, t, r, _| loss::binary_cross_entropy_with_logits(x, t, r)
        }
        "cross_entropy" => |x, t, r, _| loss::cross_entropy(x, t, r),
        "nll_loss" => |x, t, r, _| loss::nll_loss(x, t, r),
        other => {
            return Err(PyValueError::new_err(format!(
                "_loss: unknown loss {other:?}"
            )));
        }
    };
    Ok(PyTensor::new(
        maybe_detach(py, x.numel(), || f(&x, &t, r, beta)).py()?,
    ))
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
    m.add_function(wrap_pyfunction!(_activation, m)?)?;
    m.add_function(wrap_pyfunction!(_dropout, m)?)?;
    m.add_function(wrap_pyfunction!(_loss, m)?)?;
    m.add_function(wrap_pyfunction!(_assign, m)?)?;
    Ok(())
}
