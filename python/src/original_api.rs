//! The original RustTorch API names that PyTorch does not have, as module functions with
//! their original argument order: `add_scalar`, `mul_scalar`, the `*_broadcast` and
//! `*_simd` forms, `fused_multiply_add`, `binary_cross_entropy_loss`,
//! `cross_entropy_loss`, the functional optimizer updates and the broadcast utilities.
//! (The names the original shares with PyTorch, such as `add`, `matmul`, `sum`, `relu` or
//! `mse_loss`, live with their topic.) Each calls the core function of the same name.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PySequence, PyTuple};
use rusttorch::DynTensor;

use crate::errors::{IntoPyResult, type_error};
use crate::operators::{compute, scalar, tensor_arg};
use crate::tensor::PyTensor;

fn pair(op: &str, a: &Bound<'_, PyAny>, b: &Bound<'_, PyAny>) -> PyResult<(DynTensor, DynTensor)> {
    Ok((tensor_arg(op, a)?, tensor_arg(op, b)?))
}

fn number(op: &str, s: &Bound<'_, PyAny>) -> PyResult<rusttorch::Scalar> {
    scalar(s)?.ok_or_else(|| type_error(op, "a number", s))
}

fn new(t: DynTensor) -> PyTensor {
    PyTensor::new(t)
}

/// Two-tensor functions of the original API that are elementwise ops with broadcasting.
macro_rules! two_tensor_fns {
    ($($name:ident: $doc:literal;)*) => {
        $(
            #[doc = $doc]
            #[pyfunction]
            fn $name(py: Python<'_>, a: &Bound<'_, PyAny>, b: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
                let (a, b) = pair(stringify!($name), a, b)?;
                let n = a.numel().max(b.numel());
                Ok(new(compute(py, n, || a.$name(&b)).py()?))
            }
        )*
    };
}

two_tensor_fns! {
    add_broadcast: "`rt.add_broadcast(a, b)`: `a + b` with NumPy broadcasting (the original name of `rt.add`).";
    sub_broadcast: "`rt.sub_broadcast(a, b)`: `a - b` with NumPy broadcasting (the original name of `rt.sub`).";
    mul_broadcast: "`rt.mul_broadcast(a, b)`: `a * b` with NumPy broadcasting (the original name of `rt.mul`).";
    div_broadcast: "`rt.div_broadcast(a, b)`: `a / b` with NumPy broadcasting, true division (the original name of `rt.div`).";
    add_simd: "`rt.add_simd(a, b)`: `a + b` (the original name; every kernel is vectorized).";
    mul_simd: "`rt.mul_simd(a, b)`: `a * b` (the original name; every kernel is vectorized).";
}

/// `f(tensor, scalar)` for the original API's `*_scalar` functions, on checked arguments.
fn with_scalar(
    py: Python<'_>,
    op: &str,
    tensor: &Bound<'_, PyAny>,
    scalar: &Bound<'_, PyAny>,
    f: impl FnOnce(&DynTensor, rusttorch::Scalar) -> rusttorch::Result<DynTensor> + Send,
) -> PyResult<PyTensor> {
    let (t, s) = (tensor_arg(op, tensor)?, number(op, scalar)?);
    Ok(new(compute(py, t.numel(), || f(&t, s)).py()?))
}

/// `rt.add_scalar(tensor, scalar)`: `tensor + scalar` elementwise, with PyTorch's scalar
/// promotion (an int tensor plus a float is `float32`).
#[pyfunction]
fn add_scalar(
    py: Python<'_>,
    tensor: &Bound<'_, PyAny>,
    scalar: &Bound<'_, PyAny>,
) -> PyResult<PyTensor> {
    with_scalar(py, "add_scalar", tensor, scalar, |t, s| t.add_scalar(s))
}

/// `rt.mul_scalar(tensor, scalar)`: `tensor * scalar` elementwise, with PyTorch's scalar
/// promotion.
#[pyfunction]
fn mul_scalar(
    py: Python<'_>,
    tensor: &Bound<'_, PyAny>,
    scalar: &Bound<'_, PyAny>,
) -> PyResult<PyTensor> {
    with_scalar(py, "mul_scalar", tensor, scalar, |t, s| t.mul_scalar(s))
}

/// `rt.mul_scalar_simd(tensor, scalar)`: `tensor * scalar` (the original name of
/// `mul_scalar`; every kernel is vectorized).
#[pyfunction]
fn mul_scalar_simd(
    py: Python<'_>,
    tensor: &Bound<'_, PyAny>,
    scalar: &Bound<'_, PyAny>,
) -> PyResult<PyTensor> {
    with_scalar(py, "mul_scalar_simd", tensor, scalar, |t, s| {
        t.mul_scalar_simd(s)
    })
}

/// `rt.relu_simd(tensor)`: `max(x, 0)` elementwise (the original name of `relu`).
#[pyfunction]
fn relu_simd(py: Python<'_>, tensor: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
    let t = tensor_arg("relu_simd", tensor)?;
    Ok(new(compute(py, t.numel(), || t.relu_simd()).py()?))
}

/// `rt.fused_multiply_add(a, b, c)`: `a * b + c` elementwise with one rounding (a real
/// fused multiply-add for floats), all three broadcast together.
#[pyfunction]
fn fused_multiply_add(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    b: &Bound<'_, PyAny>,
    c: &Bound<'_, PyAny>,
) -> PyResult<PyTensor> {
    let op = "fused_multiply_add";
    let (a, b, c) = (tensor_arg(op, a)?, tensor_arg(op, b)?, tensor_arg(op, c)?);
    let n = a.numel().max(b.numel()).max(c.numel());
    Ok(new(compute(py, n, || a.fused_multiply_add(&b, &c)).py()?))
}

/// `rt.binary_cross_entropy_loss(pred, target, epsilon=1e-7)`: the mean of
/// `-(t ln p + (1 - t) ln(1 - p))` with `p` clamped to `[epsilon, 1 - epsilon]`, as a 0-d
/// tensor (the original API; `rt.nn.functional.binary_cross_entropy` is PyTorch's).
#[pyfunction]
#[pyo3(signature = (pred, target, epsilon = 1e-7))]
fn binary_cross_entropy_loss(
    py: Python<'_>,
    pred: &Bound<'_, PyAny>,
    target: &Bound<'_, PyAny>,
    epsilon: f64,
) -> PyResult<PyTensor> {
    let (p, t) = pair("binary_cross_entropy_loss", pred, target)?;
    let n = p.numel();
    Ok(new(compute(py, n, || {
        rusttorch::loss::binary_cross_entropy_loss(&p, &t, epsilon)
    })
    .py()?))
}

/// `rt.cross_entropy_loss(pred, target, epsilon=1e-7)`: cross entropy of probabilities
/// `pred` against dense (one-hot or soft) targets of the same shape,
/// `-sum(target * ln(max(pred, epsilon)))` summed over classes and averaged over samples
/// (dim 0), as a 0-d tensor.
///
/// The original divided by the element count, `C` times smaller than the standard value;
/// this follows the standard definition. `rt.nn.functional.cross_entropy` is PyTorch's
/// (on logits).
#[pyfunction]
#[pyo3(signature = (pred, target, epsilon = 1e-7))]
fn cross_entropy_loss(
    py: Python<'_>,
    pred: &Bound<'_, PyAny>,
    target: &Bound<'_, PyAny>,
    epsilon: f64,
) -> PyResult<PyTensor> {
    let (p, t) = pair("cross_entropy_loss", pred, target)?;
    let n = p.numel();
    Ok(new(compute(py, n, || {
        rusttorch::loss::cross_entropy_loss(&p, &t, epsilon)
    })
    .py()?))
}

/// `rt.sgd_update(param, grad, lr)`: the new parameter `param - lr * grad` (one step of
/// `torch.optim.SGD` without momentum). Both tensors share a shape and float dtype.
#[pyfunction]
fn sgd_update(
    py: Python<'_>,
    param: &Bound<'_, PyAny>,
    grad: &Bound<'_, PyAny>,
    lr: f64,
) -> PyResult<PyTensor> {
    let (p, g) = pair("sgd_update", param, grad)?;
    Ok(new(compute(py, p.numel(), || {
        rusttorch::optim::sgd_update(&p, &g, lr)
    })
    .py()?))
}

/// `rt.sgd_momentum_update(param, grad, velocity, lr, momentum)`: one step of
/// `torch.optim.SGD` with momentum, returning `(param, velocity)`: `velocity' = momentum *
/// velocity + grad`, `param' = param - lr * velocity'`. Start with a zero velocity.
#[pyfunction]
fn sgd_momentum_update(
    py: Python<'_>,
    param: &Bound<'_, PyAny>,
    grad: &Bound<'_, PyAny>,
    velocity: &Bound<'_, PyAny>,
    lr: f64,
    momentum: f64,
) -> PyResult<(PyTensor, PyTensor)> {
    let op = "sgd_momentum_update";
    let (p, g, v) = (
        tensor_arg(op, param)?,
        tensor_arg(op, grad)?,
        tensor_arg(op, velocity)?,
    );
    let (p, v) = compute(py, p.numel(), || {
        rusttorch::optim::sgd_momentum_update(&p, &g, &v, lr, momentum)
    })
    .py()?;
    Ok((new(p), new(v)))
}

fn step_arg(op: &str, step: i64) -> PyResult<u64> {
    u64::try_from(step).ok().filter(|&s| s >= 1).ok_or_else(|| {
        PyValueError::new_err(format!(
            "{op}: step must be at least 1 (1-based), got {step}"
        ))
    })
}

/// `rt.adam_update(param, grad, m, v, step, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8)`:
/// one bias-corrected step of `torch.optim.Adam` at 1-based `step`, returning
/// `(param, m, v)`. Start `m` and `v` at zero.
#[pyfunction]
#[pyo3(signature = (param, grad, m, v, step, lr = 1e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-8))]
#[allow(clippy::too_many_arguments)]
fn adam_update(
    py: Python<'_>,
    param: &Bound<'_, PyAny>,
    grad: &Bound<'_, PyAny>,
    m: &Bound<'_, PyAny>,
    v: &Bound<'_, PyAny>,
    step: i64,
    lr: f64,
    beta1: f64,
    beta2: f64,
    eps: f64,
) -> PyResult<(PyTensor, PyTensor, PyTensor)> {
    let op = "adam_update";
    let step = step_arg(op, step)?;
    let (p, g) = pair(op, param, grad)?;
    let (m, v) = pair(op, m, v)?;
    let (p, m, v) = compute(py, p.numel(), || {
        rusttorch::optim::adam_update(&p, &g, &m, &v, step, lr, beta1, beta2, eps)
    })
    .py()?;
    Ok((new(p), new(m), new(v)))
}

/// `rt.adamw_update(param, grad, m, v, step, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8,
/// weight_decay=1e-2)`: one step of `torch.optim.AdamW` (the parameter first decays by
/// `1 - lr * weight_decay`, then takes the Adam step), returning `(param, m, v)`.
#[pyfunction]
#[pyo3(signature = (param, grad, m, v, step, lr = 1e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weight_decay = 1e-2))]
#[allow(clippy::too_many_arguments)]
fn adamw_update(
    py: Python<'_>,
    param: &Bound<'_, PyAny>,
    grad: &Bound<'_, PyAny>,
    m: &Bound<'_, PyAny>,
    v: &Bound<'_, PyAny>,
    step: i64,
    lr: f64,
    beta1: f64,
    beta2: f64,
    eps: f64,
    weight_decay: f64,
) -> PyResult<(PyTensor, PyTensor, PyTensor)> {
    let op = "adamw_update";
    let step = step_arg(op, step)?;
    let (p, g) = pair(op, param, grad)?;
    let (m, v) = pair(op, m, v)?;
    let (p, m, v) = compute(py, p.numel(), || {
        rusttorch::optim::adamw_update(&p, &g, &m, &v, step, lr, beta1, beta2, eps, weight_decay)
    })
    .py()?;
    Ok((new(p), new(m), new(v)))
}

/// A shape argument: a list or tuple of non-negative ints.
fn shape_arg(op: &str, obj: &Bound<'_, PyAny>) -> PyResult<Vec<usize>> {
    let seq = obj
        .cast::<PySequence>()
        .map_err(|_| type_error(op, "a shape (a list or tuple of ints)", obj))?;
    let mut out = Vec::with_capacity(seq.len()?);
    for item in seq.try_iter()? {
        let item = item?;
        let d = item
            .extract::<i64>()
            .map_err(|_| type_error(op, "ints in the shape", &item))?;
        out.push(usize::try_from(d).map_err(|_| {
            PyValueError::new_err(format!("{op}: dims must be non-negative, got {d}"))
        })?);
    }
    Ok(out)
}

/// `rt.shapes_broadcastable(a, b)`: `True` if shapes `a` and `b` (lists or tuples of ints)
/// broadcast together under NumPy's rules.
#[pyfunction]
fn shapes_broadcastable(a: &Bound<'_, PyAny>, b: &Bound<'_, PyAny>) -> PyResult<bool> {
    let op = "shapes_broadcastable";
    Ok(rusttorch::shapes_broadcastable(
        &shape_arg(op, a)?,
        &shape_arg(op, b)?,
    ))
}

/// `rt.broadcast_shape(a, b)`: the shape (a tuple) that shapes `a` and `b` broadcast to;
/// a `ShapeError` if they do not.
#[pyfunction]
fn broadcast_shape<'py>(
    a: &Bound<'py, PyAny>,
    b: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyTuple>> {
    let op = "broadcast_shape";
    let s = rusttorch::broadcast_shape(&shape_arg(op, a)?, &shape_arg(op, b)?).py()?;
    PyTuple::new(a.py(), s)
}

/// `rt.broadcast_tensors(*tensors)`: the tensors expanded to their common broadcast shape
/// (`torch.broadcast_tensors`), as views that share storage; a single list or tuple of
/// tensors is accepted too.
#[pyfunction]
#[pyo3(signature = (*tensors))]
fn broadcast_tensors<'py>(tensors: &Bound<'py, PyTuple>) -> PyResult<Bound<'py, PyTuple>> {
    let op = "broadcast_tensors";
    let items = if tensors.len() == 1 && tensors.get_item(0)?.cast::<PyTensor>().is_err() {
        let only = tensors.get_item(0)?;
        only.cast::<PySequence>()
            .map_err(|_| type_error(op, "tensors", &only))?
            .to_tuple()?
    } else {
        tensors.clone()
    };
    let ts = items
        .iter()
        .map(|t| tensor_arg(op, &t))
        .collect::<PyResult<Vec<_>>>()?;
    let out = rusttorch::broadcast_tensors(&ts).py()?;
    PyTuple::new(tensors.py(), out.into_iter().map(PyTensor::new))
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    for f in [
        wrap_pyfunction!(add_broadcast, m)?,
        wrap_pyfunction!(sub_broadcast, m)?,
        wrap_pyfunction!(mul_broadcast, m)?,
        wrap_pyfunction!(div_broadcast, m)?,
        wrap_pyfunction!(add_simd, m)?,
        wrap_pyfunction!(mul_simd, m)?,
        wrap_pyfunction!(add_scalar, m)?,
        wrap_pyfunction!(mul_scalar, m)?,
        wrap_pyfunction!(mul_scalar_simd, m)?,
        wrap_pyfunction!(relu_simd, m)?,
        wrap_pyfunction!(fused_multiply_add, m)?,
        wrap_pyfunction!(binary_cross_entropy_loss, m)?,
        wrap_pyfunction!(cross_entropy_loss, m)?,
        wrap_pyfunction!(sgd_update, m)?,
        wrap_pyfunction!(sgd_momentum_update, m)?,
        wrap_pyfunction!(adam_update, m)?,
        wrap_pyfunction!(adamw_update, m)?,
        wrap_pyfunction!(shapes_broadcastable, m)?,
        wrap_pyfunction!(broadcast_shape, m)?,
        wrap_pyfunction!(broadcast_tensors, m)?,
    ] {
        m.add_function(f)?;
    }
    Ok(())
}
