//! Creation functions as in PyTorch: `rt.zeros`, `ones`, `full`, `empty`, `arange`,
//! `linspace`, `eye`, `rand`, `randn`, the `_like` forms and `manual_seed`; and the original
//! RustTorch API: `Tensor.zeros(shape, dtype)`, `Tensor.ones`, `Tensor.from_vec(data, shape)`
//! and `rt.from_vec`.
//!
//! Sizes are given as varargs (`rt.zeros(2, 3)`) or one tuple or list (`rt.zeros((2, 3))`).
//! A negative size is a `ValueError`, a size too large for an `int64` an `OverflowError`,
//! and a shape whose element count overflows a `ShapeError`.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyFloat, PyList, PyTuple};
use rusttorch::{DType, DynTensor, Scalar};

use crate::errors::{IntoPyResult, ShapeError, type_error};
use crate::tensor::PyTensor;

/// Above this many elements, creation runs with the GIL released.
const LARGE: usize = 1 << 14;

/// The ints of a size argument: varargs (`f(2, 3)`), or one tuple or list (`f((2, 3))`).
/// Each must be an int (or have `__index__`); values are not range-checked here.
pub(crate) fn int_args(op: &str, args: &Bound<'_, PyTuple>) -> PyResult<Vec<i64>> {
    let items: Vec<Bound<'_, PyAny>> = if args.len() == 1 {
        let first = args.get_item(0)?;
        if first.is_instance_of::<PyTuple>() || first.is_instance_of::<PyList>() {
            first.try_iter()?.collect::<PyResult<_>>()?
        } else {
            vec![first]
        }
    } else {
        args.iter().collect()
    };
    items
        .iter()
        .map(|item| {
            if item.is_instance_of::<PyFloat>() || item.is_instance_of::<PyBool>() {
                return Err(type_error(op, "ints as sizes", item));
            }
            item.extract::<i64>().map_err(|e| {
                if e.is_instance_of::<pyo3::exceptions::PyOverflowError>(item.py()) {
                    pyo3::exceptions::PyOverflowError::new_err(format!(
                        "{op}: size {item} does not fit in an int64"
                    ))
                } else {
                    type_error(op, "ints as sizes", item)
                }
            })
        })
        .collect()
}

/// A shape from ints: every size must be non-negative.
pub(crate) fn to_shape(op: &str, sizes: &[i64]) -> PyResult<Vec<usize>> {
    sizes
        .iter()
        .enumerate()
        .map(|(d, &s)| {
            usize::try_from(s).map_err(|_| {
                PyValueError::new_err(format!(
                    "{op}: negative size {s} at dim {d} in shape {sizes:?}"
                ))
            })
        })
        .collect()
}

/// The shape of a size argument given as varargs or one tuple or list.
pub(crate) fn shape_args(op: &str, args: &Bound<'_, PyTuple>) -> PyResult<Vec<usize>> {
    to_shape(op, &int_args(op, args)?)
}

/// An optional dtype argument (`None` means the default).
fn opt_dtype(op: &str, dtype: Option<&Bound<'_, PyAny>>) -> PyResult<Option<DType>> {
    dtype
        .filter(|d| !d.is_none())
        .map(|d| crate::dtype::extract(op, d))
        .transpose()
}

/// Runs `f` (which builds a tensor of `numel` elements), releasing the GIL when large.
fn build(
    py: Python<'_>,
    numel: usize,
    f: impl FnOnce() -> rusttorch::Result<DynTensor> + Send,
) -> PyResult<DynTensor> {
    if numel >= LARGE {
        py.detach(f).py()
    } else {
        f().py()
    }
}

/// The element count of `shape`, saturating (only used to decide on releasing the GIL).
fn count(shape: &[usize]) -> usize {
    shape.iter().fold(1usize, |a, &d| a.saturating_mul(d))
}

/// `t` marked as requiring grad when asked.
fn finish(t: DynTensor, requires_grad: bool) -> PyResult<PyTensor> {
    let t = if requires_grad {
        t.requires_grad_(true).py()?
    } else {
        t
    };
    Ok(PyTensor::new(t))
}

/// A Python number as a [`Scalar`], and the dtype PyTorch infers for it (bool, int64,
/// float32).
fn scalar(op: &str, v: &Bound<'_, PyAny>) -> PyResult<(Scalar, DType)> {
    if v.is_instance_of::<PyBool>() {
        return Ok((Scalar::Bool(v.extract()?), DType::Bool));
    }
    if !v.is_instance_of::<PyFloat>()
        && let Ok(i) = v.extract::<i64>()
    {
        return Ok((Scalar::Int(i), DType::Int64));
    }
    if let Ok(t) = v.cast::<PyTensor>() {
        let t = t.get().get();
        if t.numel() == 1 {
            let x = t.to_vec_f64()[0];
            return Ok(match t.dtype() {
                DType::Bool => (Scalar::Bool(x != 0.0), DType::Bool),
                DType::Int32 | DType::Int64 => (Scalar::Int(t.item::<i64>().py()?), DType::Int64),
                _ => (Scalar::Float(x), DType::Float32),
            });
        }
    }
    match v.extract::<f64>() {
        Ok(f) => Ok((Scalar::Float(f), DType::Float32)),
        Err(_) => Err(type_error(op, "a number", v)),
    }
}

fn filled(
    py: Python<'_>,
    op: &str,
    size: &Bound<'_, PyTuple>,
    value: i64,
    dtype: Option<&Bound<'_, PyAny>>,
    requires_grad: bool,
) -> PyResult<PyTensor> {
    let shape = shape_args(op, size)?;
    let dtype = opt_dtype(op, dtype)?.unwrap_or(DType::Float32);
    let t = build(py, count(&shape), || DynTensor::full(&shape, value, dtype))?;
    finish(t, requires_grad)
}

/// Returns a tensor filled with zeros, of the shape given as ints or one tuple
/// (`torch.zeros`); the dtype defaults to float32.
#[pyfunction]
#[pyo3(signature = (*size, dtype = None, requires_grad = false))]
fn zeros(
    py: Python<'_>,
    size: &Bound<'_, PyTuple>,
    dtype: Option<&Bound<'_, PyAny>>,
    requires_grad: bool,
) -> PyResult<PyTensor> {
    filled(py, "zeros", size, 0, dtype, requires_grad)
}

/// Returns a tensor filled with ones, of the shape given as ints or one tuple
/// (`torch.ones`); the dtype defaults to float32.
#[pyfunction]
#[pyo3(signature = (*size, dtype = None, requires_grad = false))]
fn ones(
    py: Python<'_>,
    size: &Bound<'_, PyTuple>,
    dtype: Option<&Bound<'_, PyAny>>,
    requires_grad: bool,
) -> PyResult<PyTensor> {
    filled(py, "ones", size, 1, dtype, requires_grad)
}

/// Returns an uninitialised tensor of the given shape (`torch.empty`); here it holds zeros.
#[pyfunction]
#[pyo3(signature = (*size, dtype = None, requires_grad = false))]
fn empty(
    py: Python<'_>,
    size: &Bound<'_, PyTuple>,
    dtype: Option<&Bound<'_, PyAny>>,
    requires_grad: bool,
) -> PyResult<PyTensor> {
    filled(py, "empty", size, 0, dtype, requires_grad)
}

/// Returns a tensor of shape `size` filled with `fill_value` (`torch.full`); the dtype is
/// inferred from `fill_value` (bool, int64 or float32) unless given.
#[pyfunction]
#[pyo3(signature = (size, fill_value, dtype = None, requires_grad = false))]
fn full(
    py: Python<'_>,
    size: &Bound<'_, PyAny>,
    fill_value: &Bound<'_, PyAny>,
    dtype: Option<&Bound<'_, PyAny>>,
    requires_grad: bool,
) -> PyResult<PyTensor> {
    const OP: &str = "full";
    let shape = shape_args(OP, &PyTuple::new(py, [size])?)?;
    let (v, inferred) = scalar(OP, fill_value)?;
    let dtype = opt_dtype(OP, dtype)?.unwrap_or(inferred);
    let t = build(py, count(&shape), || DynTensor::full(&shape, v, dtype))?;
    finish(t, requires_grad)
}

fn random(
    py: Python<'_>,
    op: &str,
    size: &Bound<'_, PyTuple>,
    dtype: Option<&Bound<'_, PyAny>>,
    requires_grad: bool,
    normal: bool,
) -> PyResult<PyTensor> {
    let shape = shape_args(op, size)?;
    let dtype = opt_dtype(op, dtype)?.unwrap_or(DType::Float32);
    let t = build(py, count(&shape), || {
        if normal {
            DynTensor::randn(&shape, dtype)
        } else {
            DynTensor::rand(&shape, dtype)
        }
    })?;
    finish(t, requires_grad)
}

/// Returns uniform random samples in `[0, 1)` of the given shape (`torch.rand`), from
/// the global generator that `manual_seed` reseeds.
#[pyfunction]
#[pyo3(signature = (*size, dtype = None, requires_grad = false))]
fn rand(
    py: Python<'_>,
    size: &Bound<'_, PyTuple>,
    dtype: Option<&Bound<'_, PyAny>>,
    requires_grad: bool,
) -> PyResult<PyTensor> {
    random(py, "rand", size, dtype, requires_grad, false)
}

/// Returns standard normal random samples of the given shape (`torch.randn`), from the
/// global generator that `manual_seed` reseeds.
#[pyfunction]
#[pyo3(signature = (*size, dtype = None, requires_grad = false))]
fn randn(
    py: Python<'_>,
    size: &Bound<'_, PyTuple>,
    dtype: Option<&Bound<'_, PyAny>>,
    requires_grad: bool,
) -> PyResult<PyTensor> {
    random(py, "randn", size, dtype, requires_grad, true)
}

/// A number argument of `arange`/`linspace` as f64, and whether it is an int.
fn number(op: &str, v: &Bound<'_, PyAny>) -> PyResult<(f64, bool)> {
    let (s, _) = scalar(op, v)?;
    Ok(match s {
        Scalar::Bool(b) => (f64::from(u8::from(b)), true),
        Scalar::Int(i) => (i as f64, true),
        Scalar::Float(f) => (f, false),
    })
}

/// Returns the values from `start` to `end` (exclusive) in steps of `step`
/// (`torch.arange`); `arange(n)` counts from 0. The dtype is int64 when all arguments are
/// ints, else float32, unless given.
#[pyfunction]
#[pyo3(signature = (start, end = None, step = None, dtype = None, requires_grad = false))]
fn arange(
    py: Python<'_>,
    start: &Bound<'_, PyAny>,
    end: Option<&Bound<'_, PyAny>>,
    step: Option<&Bound<'_, PyAny>>,
    dtype: Option<&Bound<'_, PyAny>>,
    requires_grad: bool,
) -> PyResult<PyTensor> {
    const OP: &str = "arange";
    let (a, ai) = number(OP, start)?;
    let ((start, si), (end, ei)) = match end.filter(|e| !e.is_none()) {
        Some(e) => ((a, ai), number(OP, e)?),
        None => ((0.0, true), (a, ai)),
    };
    let (step, pi) = match step.filter(|s| !s.is_none()) {
        Some(s) => number(OP, s)?,
        None => (1.0, true),
    };
    let inferred = if si && ei && pi {
        DType::Int64
    } else {
        DType::Float32
    };
    let dtype = opt_dtype(OP, dtype)?.unwrap_or(inferred);
    let t = py
        .detach(|| DynTensor::arange(start, end, step, dtype))
        .py()?;
    finish(t, requires_grad)
}

/// Returns `steps` values evenly spaced from `start` to `end`, both included
/// (`torch.linspace`); float32 unless `dtype` says otherwise.
#[pyfunction]
#[pyo3(signature = (start, end, steps, dtype = None, requires_grad = false))]
fn linspace(
    py: Python<'_>,
    start: &Bound<'_, PyAny>,
    end: &Bound<'_, PyAny>,
    steps: i64,
    dtype: Option<&Bound<'_, PyAny>>,
    requires_grad: bool,
) -> PyResult<PyTensor> {
    const OP: &str = "linspace";
    let (start, _) = number(OP, start)?;
    let (end, _) = number(OP, end)?;
    let steps = usize::try_from(steps).map_err(|_| {
        PyValueError::new_err(format!(
            "{OP}: number of steps must be non-negative, got {steps}"
        ))
    })?;
    let dtype = opt_dtype(OP, dtype)?.unwrap_or(DType::Float32);
    let t = build(py, steps, || DynTensor::linspace(start, end, steps, dtype))?;
    finish(t, requires_grad)
}

/// Returns the `n x m` identity matrix (`torch.eye`); `m` defaults to `n`, the dtype to
/// float32.
#[pyfunction]
#[pyo3(signature = (n, m = None, dtype = None, requires_grad = false))]
fn eye(
    py: Python<'_>,
    n: i64,
    m: Option<i64>,
    dtype: Option<&Bound<'_, PyAny>>,
    requires_grad: bool,
) -> PyResult<PyTensor> {
    const OP: &str = "eye";
    let shape = to_shape(OP, &[n, m.unwrap_or(n)])?;
    let dtype = opt_dtype(OP, dtype)?.unwrap_or(DType::Float32);
    let t = build(py, count(&shape), || {
        DynTensor::eye(shape[0], Some(shape[1]), dtype)
    })?;
    finish(t, requires_grad)
}

/// The tensor argument of a `_like` function.
fn like(op: &str, input: &Bound<'_, PyAny>) -> PyResult<DynTensor> {
    input
        .cast::<PyTensor>()
        .map(|t| t.get().get())
        .map_err(|_| type_error(op, "a Tensor", input))
}

fn like_filled(
    py: Python<'_>,
    op: &str,
    input: &Bound<'_, PyAny>,
    value: Scalar,
    dtype: Option<&Bound<'_, PyAny>>,
    requires_grad: bool,
) -> PyResult<PyTensor> {
    let x = like(op, input)?;
    let dtype = opt_dtype(op, dtype)?.unwrap_or(x.dtype());
    let shape = x.shape().to_vec();
    let t = build(py, x.numel(), || DynTensor::full(&shape, value, dtype))?;
    finish(t, requires_grad)
}

/// Returns zeros with the shape and dtype of `input` (`torch.zeros_like`).
#[pyfunction]
#[pyo3(signature = (input, dtype = None, requires_grad = false))]
fn zeros_like(
    py: Python<'_>,
    input: &Bound<'_, PyAny>,
    dtype: Option<&Bound<'_, PyAny>>,
    requires_grad: bool,
) -> PyResult<PyTensor> {
    like_filled(
        py,
        "zeros_like",
        input,
        Scalar::Int(0),
        dtype,
        requires_grad,
    )
}

/// Returns ones with the shape and dtype of `input` (`torch.ones_like`).
#[pyfunction]
#[pyo3(signature = (input, dtype = None, requires_grad = false))]
fn ones_like(
    py: Python<'_>,
    input: &Bound<'_, PyAny>,
    dtype: Option<&Bound<'_, PyAny>>,
    requires_grad: bool,
) -> PyResult<PyTensor> {
    like_filled(py, "ones_like", input, Scalar::Int(1), dtype, requires_grad)
}

/// Returns `fill_value` with the shape and dtype of `input` (`torch.full_like`).
#[pyfunction]
#[pyo3(signature = (input, fill_value, dtype = None, requires_grad = false))]
fn full_like(
    py: Python<'_>,
    input: &Bound<'_, PyAny>,
    fill_value: &Bound<'_, PyAny>,
    dtype: Option<&Bound<'_, PyAny>>,
    requires_grad: bool,
) -> PyResult<PyTensor> {
    let (v, _) = scalar("full_like", fill_value)?;
    like_filled(py, "full_like", input, v, dtype, requires_grad)
}

fn like_random(
    py: Python<'_>,
    op: &str,
    input: &Bound<'_, PyAny>,
    dtype: Option<&Bound<'_, PyAny>>,
    requires_grad: bool,
    normal: bool,
) -> PyResult<PyTensor> {
    let x = like(op, input)?;
    let dtype = opt_dtype(op, dtype)?.unwrap_or(x.dtype());
    let shape = x.shape().to_vec();
    let t = build(py, x.numel(), || {
        if normal {
            DynTensor::randn(&shape, dtype)
        } else {
            DynTensor::rand(&shape, dtype)
        }
    })?;
    finish(t, requires_grad)
}

/// Returns uniform samples in `[0, 1)` with the shape and dtype of `input`
/// (`torch.rand_like`); the dtype must be a float type.
#[pyfunction]
#[pyo3(signature = (input, dtype = None, requires_grad = false))]
fn rand_like(
    py: Python<'_>,
    input: &Bound<'_, PyAny>,
    dtype: Option<&Bound<'_, PyAny>>,
    requires_grad: bool,
) -> PyResult<PyTensor> {
    like_random(py, "rand_like", input, dtype, requires_grad, false)
}

/// Returns standard normal samples with the shape and dtype of `input`
/// (`torch.randn_like`); the dtype must be a float type.
#[pyfunction]
#[pyo3(signature = (input, dtype = None, requires_grad = false))]
fn randn_like(
    py: Python<'_>,
    input: &Bound<'_, PyAny>,
    dtype: Option<&Bound<'_, PyAny>>,
    requires_grad: bool,
) -> PyResult<PyTensor> {
    like_random(py, "randn_like", input, dtype, requires_grad, true)
}

/// Seeds the global random generator of `rand`, `randn` and shuffling
/// (`torch.manual_seed`). Negative seeds are taken modulo 2**64, as in PyTorch.
#[pyfunction]
fn manual_seed(seed: &Bound<'_, PyAny>) -> PyResult<()> {
    if seed.is_instance_of::<PyFloat>() {
        return Err(type_error("manual_seed", "an int seed", seed));
    }
    let s = match seed.extract::<u64>() {
        Ok(s) => s,
        Err(_) => match seed.extract::<i64>() {
            Ok(s) => s as u64,
            Err(_) if seed.extract::<i128>().is_ok() => {
                return Err(PyValueError::new_err(format!(
                    "manual_seed: seed {seed} is outside [-2**63, 2**64)"
                )));
            }
            Err(_) => return Err(type_error("manual_seed", "an int seed", seed)),
        },
    };
    rusttorch::manual_seed(s);
    Ok(())
}

/// A shape argument of the original API: a list or tuple of non-negative ints.
fn shape_arg(op: &str, shape: &Bound<'_, PyAny>) -> PyResult<Vec<usize>> {
    if !(shape.is_instance_of::<PyTuple>() || shape.is_instance_of::<PyList>()) {
        return Err(type_error(op, "a shape as a list or tuple of ints", shape));
    }
    shape_args(op, &PyTuple::new(shape.py(), [shape])?)
}

/// `from_vec(data, shape)`: a tensor of `shape` holding the flat list `data` in row-major
/// order (dtype inferred as by `rt.tensor`).
fn from_vec_impl(data: &Bound<'_, PyAny>, shape: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
    const OP: &str = "from_vec";
    let shape = shape_arg(OP, shape)?;
    let flat = crate::convert::from_nested(OP, data, None)?;
    if flat.ndim() != 1 {
        return Err(PyValueError::new_err(format!(
            "{OP}: data must be a flat list of numbers, got nested data of shape {:?}",
            flat.shape()
        )));
    }
    let numel = shape.iter().try_fold(1usize, |a, &d| a.checked_mul(d));
    if numel != Some(flat.numel()) {
        return Err(ShapeError::new_err(format!(
            "{OP}: {} elements cannot fill shape {shape:?} ({} elements)",
            flat.numel(),
            numel.map_or_else(|| "too many".to_string(), |n| n.to_string())
        )));
    }
    let dims: Vec<isize> = shape.iter().map(|&d| d as isize).collect();
    Ok(PyTensor::new(flat.reshape(&dims).py()?))
}

/// Returns a tensor of `shape` holding the flat list `data` in row-major order (the
/// original RustTorch API); a length that does not fill the shape is a `ShapeError`.
#[pyfunction]
fn from_vec(data: &Bound<'_, PyAny>, shape: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
    from_vec_impl(data, shape)
}

#[pymethods]
impl PyTensor {
    /// Returns a tensor of zeros of `shape` (a list or tuple), float32 unless `dtype` says
    /// otherwise (the original RustTorch API; `rt.zeros` is PyTorch's).
    #[staticmethod]
    #[pyo3(name = "zeros", signature = (shape, dtype = None))]
    fn zeros_static(
        py: Python<'_>,
        shape: &Bound<'_, PyAny>,
        dtype: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyTensor> {
        let shape = shape_arg("Tensor.zeros", shape)?;
        let dtype = opt_dtype("Tensor.zeros", dtype)?.unwrap_or(DType::Float32);
        Ok(PyTensor::new(build(py, count(&shape), || {
            DynTensor::zeros(&shape, dtype)
        })?))
    }

    /// Returns a tensor of ones of `shape` (a list or tuple), float32 unless `dtype` says
    /// otherwise (the original RustTorch API; `rt.ones` is PyTorch's).
    #[staticmethod]
    #[pyo3(name = "ones", signature = (shape, dtype = None))]
    fn ones_static(
        py: Python<'_>,
        shape: &Bound<'_, PyAny>,
        dtype: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyTensor> {
        let shape = shape_arg("Tensor.ones", shape)?;
        let dtype = opt_dtype("Tensor.ones", dtype)?.unwrap_or(DType::Float32);
        Ok(PyTensor::new(build(py, count(&shape), || {
            DynTensor::ones(&shape, dtype)
        })?))
    }

    /// Returns a tensor of `shape` holding the flat list `data` in row-major order (the
    /// original RustTorch API); a length that does not fill the shape is a `ShapeError`.
    #[staticmethod]
    #[pyo3(name = "from_vec")]
    fn from_vec_static(data: &Bound<'_, PyAny>, shape: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        from_vec_impl(data, shape)
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(zeros, m)?)?;
    m.add_function(wrap_pyfunction!(ones, m)?)?;
    m.add_function(wrap_pyfunction!(empty, m)?)?;
    m.add_function(wrap_pyfunction!(full, m)?)?;
    m.add_function(wrap_pyfunction!(rand, m)?)?;
    m.add_function(wrap_pyfunction!(randn, m)?)?;
    m.add_function(wrap_pyfunction!(arange, m)?)?;
    m.add_function(wrap_pyfunction!(linspace, m)?)?;
    m.add_function(wrap_pyfunction!(eye, m)?)?;
    m.add_function(wrap_pyfunction!(zeros_like, m)?)?;
    m.add_function(wrap_pyfunction!(ones_like, m)?)?;
    m.add_function(wrap_pyfunction!(full_like, m)?)?;
    m.add_function(wrap_pyfunction!(rand_like, m)?)?;
    m.add_function(wrap_pyfunction!(randn_like, m)?)?;
    m.add_function(wrap_pyfunction!(manual_seed, m)?)?;
    m.add_function(wrap_pyfunction!(from_vec, m)?)?;
    Ok(())
}
