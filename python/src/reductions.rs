//! Reductions as `Tensor` methods and `rt.*` functions, with PyTorch's `dim` (an int, a
//! tuple of ints where PyTorch allows it, or `None` for all elements) and `keepdim`:
//! sum, mean, prod, amax, amin, logsumexp, max, min, argmax, argmin, var, std, norm.
//!
//! A full reduction gives a 0-d tensor. `max(dim=...)`/`min(dim=...)` give a
//! `(values, indices)` named tuple as `torch.return_types.max`; `max(other)` is the
//! elementwise maximum. Several dims are reduced at once by moving them to the end and
//! reducing one flattened dim, so every reduction (also `var`/`std`) is exact over a tuple.

use pyo3::exceptions::{PyIndexError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PySequence, PyString};
use rusttorch::DynTensor;

use crate::errors::{IntoPyResult, type_error};
use crate::operators::{Bin, Operand, compute, tensor_arg};
use crate::tensor::PyTensor;

/// The `dim` argument of a reduction.
enum Dims {
    All,
    One(isize),
    Many(Vec<isize>),
}

/// Parses `dim`: `None`, an int, or (if `many`) a list or tuple of ints (empty means all).
fn dims_arg(op: &str, dim: Option<&Bound<'_, PyAny>>, many: bool) -> PyResult<Dims> {
    let Some(dim) = dim.filter(|d| !d.is_none()) else {
        return Ok(Dims::All);
    };
    if dim.is_instance_of::<PyBool>() {
        return Err(type_error(op, "an int or a tuple of ints for dim", dim));
    }
    if dim.is_instance_of::<pyo3::types::PyInt>() {
        return dim
            .extract::<isize>()
            .map(Dims::One)
            .map_err(|_| PyIndexError::new_err(format!("{op}: dim {dim} is out of range")));
    }
    if let Ok(d) = dim.extract::<isize>() {
        return Ok(Dims::One(d));
    }
    let seq = match dim.cast::<PySequence>() {
        Ok(s) if many && !dim.is_instance_of::<PyString>() => s,
        _ => {
            let want = if many {
                "an int or a tuple of ints for dim"
            } else {
                "an int for dim"
            };
            return Err(type_error(op, want, dim));
        }
    };
    let mut out = Vec::new();
    for item in seq.try_iter()? {
        let item = item?;
        if item.is_instance_of::<PyBool>() {
            return Err(type_error(op, "ints in dim", &item));
        }
        out.push(
            item.extract::<isize>()
                .map_err(|_| type_error(op, "ints in dim", &item))?,
        );
    }
    Ok(match out.len() {
        0 => Dims::All,
        1 => Dims::One(out[0]),
        _ => Dims::Many(out),
    })
}

/// `dims` made non-negative and checked: in range, no repeats.
fn normalize(op: &str, dims: &[isize], ndim: usize) -> PyResult<Vec<usize>> {
    let nd = ndim as isize;
    let mut out = Vec::with_capacity(dims.len());
    for &d in dims {
        let i = if d < 0 { d + nd } else { d };
        if i < 0 || i >= nd.max(1) || (ndim == 0 && i != 0) {
            return Err(PyIndexError::new_err(format!(
                "{op}: dim {d} is out of range for a tensor of {ndim} dims (expected {}..{})",
                -nd.max(1),
                nd.max(1)
            )));
        }
        if out.contains(&(i as usize)) {
            return Err(PyValueError::new_err(format!(
                "{op}: dim {d} appears more than once in {dims:?}"
            )));
        }
        out.push(i as usize);
    }
    Ok(out)
}

/// Reduces `t` over `dims` with `along(t, dim, keepdim)` (one dim) or `all(t)` (every
/// element), honouring `keepdim` for each.
fn reduce(
    py: Python<'_>,
    op: &str,
    t: &DynTensor,
    dims: Dims,
    keepdim: bool,
    all: impl FnOnce(&DynTensor) -> rusttorch::Result<DynTensor> + Send,
    along: impl FnOnce(&DynTensor, isize, bool) -> rusttorch::Result<DynTensor> + Send,
) -> PyResult<DynTensor> {
    let n = t.numel();
    let ones = || vec![1isize; t.ndim()];
    match dims {
        Dims::All => {
            let r = compute(py, n, || all(t)).py()?;
            if keepdim {
                r.reshape(&ones()).py()
            } else {
                Ok(r)
            }
        }
        Dims::One(d) => compute(py, n, || along(t, d, keepdim)).py(),
        Dims::Many(ds) => {
            let ds = normalize(op, &ds, t.ndim())?;
            if t.ndim() == 0 {
                return compute(py, n, || along(t, 0, keepdim)).py();
            }
            let kept: Vec<usize> = (0..t.ndim()).filter(|i| !ds.contains(i)).collect();
            let perm: Vec<isize> = kept.iter().chain(ds.iter()).map(|&i| i as isize).collect();
            let mut flat: Vec<isize> = kept.iter().map(|&i| t.shape()[i] as isize).collect();
            let reduced: usize = ds.iter().map(|&i| t.shape()[i]).product();
            flat.push(reduced as isize);
            let x = t.permute(&perm).py()?.reshape(&flat).py()?;
            let r = compute(py, n, || along(&x, -1, false)).py()?;
            if keepdim {
                let shape: Vec<isize> = (0..t.ndim())
                    .map(|i| {
                        if ds.contains(&i) {
                            1
                        } else {
                            t.shape()[i] as isize
                        }
                    })
                    .collect();
                r.reshape(&shape).py()
            } else {
                Ok(r)
            }
        }
    }
}

/// Reductions with `dim` (an int, a tuple of ints, or None) and `keepdim`: a method and an
/// `rt.*` function each.
macro_rules! dim_reductions {
    ($($name:ident, $fname:ident, |$t:ident| $all:expr, |$x:ident, $d:ident, $k:ident| $along:expr, $doc:literal;)*) => {
        #[pymethods]
        impl PyTensor {
            $(
                #[doc = concat!("Returns ", $doc, " (`torch.Tensor.", stringify!($name), "`): over all elements as a 0-d tensor if `dim` is None, else over `dim` (an int or a tuple of ints), which the result drops unless `keepdim`.")]
                #[pyo3(signature = (dim = None, keepdim = false))]
                fn $name(&self, py: Python<'_>, dim: Option<&Bound<'_, PyAny>>, keepdim: bool) -> PyResult<PyTensor> {
                    $fname(py, &self.get(), dim, keepdim)
                }
            )*
        }
        $(
            fn $fname(py: Python<'_>, t: &DynTensor, dim: Option<&Bound<'_, PyAny>>, keepdim: bool) -> PyResult<PyTensor> {
                let op = stringify!($name);
                let dims = dims_arg(op, dim, true)?;
                let r = reduce(py, op, t, dims, keepdim, |$t| $all, |$x, $d, $k| $along)?;
                Ok(PyTensor::new(r))
            }
        )*
        mod functions {
            use super::*;
            $(
                #[doc = concat!("`rt.", stringify!($name), "(input, dim=None, keepdim=False)`: ", $doc, " (`torch.", stringify!($name), "`), over all elements as a 0-d tensor or over `dim` (an int or a tuple of ints).")]
                #[pyfunction]
                #[pyo3(signature = (input, dim = None, keepdim = false))]
                pub(super) fn $name(py: Python<'_>, input: &Bound<'_, PyAny>, dim: Option<&Bound<'_, PyAny>>, keepdim: bool) -> PyResult<PyTensor> {
                    super::$fname(py, &tensor_arg(stringify!($name), input)?, dim, keepdim)
                }
            )*
            pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
                $( m.add_function(wrap_pyfunction!($name, m)?)?; )*
                Ok(())
            }
        }
    };
}

dim_reductions! {
    sum, sum_impl, |t| t.sum(), |x, d, k| x.sum_dim(d, k),
        "the sum (ints and bools sum to int64)";
    mean, mean_impl, |t| t.mean(), |x, d, k| x.mean_dim(d, k),
        "the mean (float tensors only, as torch)";
    prod, prod_impl, |t| t.prod(), |x, d, k| x.prod_dim(d, k),
        "the product";
    amax, amax_impl, |t| t.max(), |x, d, k| x.amax(d, k),
        "the largest values without indices (NaN propagates)";
    amin, amin_impl, |t| t.min(), |x, d, k| x.amin(d, k),
        "the smallest values without indices (NaN propagates)";
    logsumexp, logsumexp_impl, |t| t.logsumexp(), |x, d, k| x.logsumexp_dim(d, k),
        "`log(sum(exp(x)))`, computed stably";
}

static MAX_TYPE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static MIN_TYPE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// The named tuple class `name(values, indices)`, as `torch.return_types.max`.
fn return_type<'py>(
    py: Python<'py>,
    cell: &'static PyOnceLock<Py<PyAny>>,
    name: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let ty = cell.get_or_try_init(py, || -> PyResult<Py<PyAny>> {
        let namedtuple = py.import("collections")?.getattr("namedtuple")?;
        let kwargs = pyo3::types::PyDict::new(py);
        kwargs.set_item("module", "rusttorch.return_types")?;
        Ok(namedtuple
            .call((name, ["values", "indices"]), Some(&kwargs))?
            .unbind())
    })?;
    Ok(ty.bind(py).clone())
}

/// `max`/`min`: all elements (a 0-d tensor), along an int `dim` (a named tuple of values
/// and int64 indices), or elementwise against another tensor.
fn extreme<'py>(
    py: Python<'py>,
    is_max: bool,
    t: &DynTensor,
    dim: Option<&Bound<'py, PyAny>>,
    keepdim: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let op = if is_max { "max" } else { "min" };
    if let Some(other) = dim.and_then(|d| d.cast::<PyTensor>().ok()) {
        let bin = if is_max { Bin::Maximum } else { Bin::Minimum };
        let r = bin.run(py, t, &Operand::Tensor(other.get().get()), false)?;
        return Ok(Bound::new(py, PyTensor::new(r))?.into_any());
    }
    match dims_arg(op, dim, false)? {
        Dims::All => {
            if keepdim {
                return Err(PyTypeError::new_err(format!(
                    "{op}: keepdim needs a dim (the full reduction has no dim to keep)"
                )));
            }
            let r = compute(py, t.numel(), || if is_max { t.max() } else { t.min() }).py()?;
            Ok(Bound::new(py, PyTensor::new(r))?.into_any())
        }
        Dims::One(d) => {
            let (v, i) = compute(py, t.numel(), || {
                if is_max {
                    t.max_dim(d, keepdim)
                } else {
                    t.min_dim(d, keepdim)
                }
            })
            .py()?;
            let ty = if is_max { &MAX_TYPE } else { &MIN_TYPE };
            return_type(py, ty, op)?.call1((PyTensor::new(v), PyTensor::new(i)))
        }
        Dims::Many(_) => unreachable!("dims_arg gives one dim when many is false"),
    }
}

/// `argmax`/`argmin`: the int64 index of the first extreme over all elements (of the
/// flattened tensor) or along `dim`.
fn arg_extreme(
    py: Python<'_>,
    is_max: bool,
    t: &DynTensor,
    dim: Option<&Bound<'_, PyAny>>,
    keepdim: bool,
) -> PyResult<PyTensor> {
    let op = if is_max { "argmax" } else { "argmin" };
    let dims = dims_arg(op, dim, false)?;
    let r = reduce(
        py,
        op,
        t,
        dims,
        keepdim,
        |t| if is_max { t.argmax() } else { t.argmin() },
        |x, d, k| {
            if is_max {
                x.argmax_dim(d, k)
            } else {
                x.argmin_dim(d, k)
            }
        },
    )?;
    Ok(PyTensor::new(r))
}

/// The correction of `var`/`std` from `unbiased` (a bool) and `correction` (a number):
/// PyTorch's default is 1 (the unbiased estimate).
fn correction_arg(
    op: &str,
    unbiased: Option<&Bound<'_, PyAny>>,
    correction: Option<f64>,
) -> PyResult<f64> {
    let unbiased = unbiased.filter(|u| !u.is_none());
    match (unbiased, correction) {
        (Some(_), Some(_)) => Err(PyValueError::new_err(format!(
            "{op}: give either unbiased or correction, not both"
        ))),
        (Some(u), None) => {
            if !u.is_instance_of::<PyBool>() {
                return Err(type_error(op, "a bool for unbiased", u));
            }
            Ok(if u.extract::<bool>()? { 1.0 } else { 0.0 })
        }
        (None, Some(c)) => Ok(c),
        (None, None) => Ok(1.0),
    }
}

/// `var`/`std` with PyTorch's overloads: `(dim, unbiased, keepdim)`, `(unbiased)` (a bool
/// in the first position) and `correction=`.
#[allow(clippy::too_many_arguments)]
fn spread(
    py: Python<'_>,
    is_std: bool,
    t: &DynTensor,
    dim: Option<&Bound<'_, PyAny>>,
    unbiased: Option<&Bound<'_, PyAny>>,
    keepdim: bool,
    correction: Option<f64>,
) -> PyResult<PyTensor> {
    let op = if is_std { "std" } else { "var" };
    let (dim, unbiased) = match dim {
        Some(d) if d.is_instance_of::<PyBool>() => {
            if unbiased.is_some_and(|u| !u.is_none()) {
                return Err(type_error(op, "an int or a tuple of ints for dim", d));
            }
            (None, Some(d))
        }
        _ => (dim, unbiased),
    };
    let c = correction_arg(op, unbiased, correction)?;
    let dims = dims_arg(op, dim, true)?;
    let r = reduce(
        py,
        op,
        t,
        dims,
        keepdim,
        |t| if is_std { t.std(c) } else { t.var(c) },
        |x, d, k| {
            if is_std {
                x.std_dim(d, c, k)
            } else {
                x.var_dim(d, c, k)
            }
        },
    )?;
    Ok(PyTensor::new(r))
}

/// The `p` of `norm`: a number, or `'fro'` (2, the Frobenius norm of the elements).
fn p_arg(p: Option<&Bound<'_, PyAny>>) -> PyResult<f64> {
    match p.filter(|p| !p.is_none()) {
        None => Ok(2.0),
        Some(p) => {
            if let Ok(s) = p.extract::<String>() {
                return match s.as_str() {
                    "fro" => Ok(2.0),
                    _ => Err(PyValueError::new_err(format!(
                        "norm: p must be a number or 'fro', got '{s}'"
                    ))),
                };
            }
            if p.is_instance_of::<PyBool>() {
                return Err(type_error("norm", "a number or 'fro' for p", p));
            }
            p.extract::<f64>()
                .map_err(|_| type_error("norm", "a number or 'fro' for p", p))
        }
    }
}

fn norm_impl(
    py: Python<'_>,
    t: &DynTensor,
    p: Option<&Bound<'_, PyAny>>,
    dim: Option<&Bound<'_, PyAny>>,
    keepdim: bool,
) -> PyResult<PyTensor> {
    let p = p_arg(p)?;
    let dims = dims_arg("norm", dim, true)?;
    let r = reduce(
        py,
        "norm",
        t,
        dims,
        keepdim,
        |t| t.norm(p),
        |x, d, k| x.norm_dim(p, d, k),
    )?;
    Ok(PyTensor::new(r))
}

#[pymethods]
impl PyTensor {
    /// Returns the largest element (`torch.Tensor.max`): with no `dim`, a 0-d tensor; with
    /// an int `dim`, a named tuple `(values, indices)` along it (indices of the first
    /// maximum, int64); with a tensor, the elementwise maximum. NaN propagates; an empty
    /// tensor is an error.
    #[pyo3(signature = (dim = None, keepdim = false))]
    fn max<'py>(
        &self,
        py: Python<'py>,
        dim: Option<&Bound<'py, PyAny>>,
        keepdim: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        extreme(py, true, &self.get(), dim, keepdim)
    }

    /// Returns the smallest element (`torch.Tensor.min`): as `max`, for the minimum.
    #[pyo3(signature = (dim = None, keepdim = false))]
    fn min<'py>(
        &self,
        py: Python<'py>,
        dim: Option<&Bound<'py, PyAny>>,
        keepdim: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        extreme(py, false, &self.get(), dim, keepdim)
    }

    /// Returns the int64 index of the first largest element (`torch.Tensor.argmax`): of
    /// the flattened tensor if `dim` is None, else along the int `dim`.
    #[pyo3(signature = (dim = None, keepdim = false))]
    fn argmax(
        &self,
        py: Python<'_>,
        dim: Option<&Bound<'_, PyAny>>,
        keepdim: bool,
    ) -> PyResult<PyTensor> {
        arg_extreme(py, true, &self.get(), dim, keepdim)
    }

    /// Returns the int64 index of the first smallest element (`torch.Tensor.argmin`).
    #[pyo3(signature = (dim = None, keepdim = false))]
    fn argmin(
        &self,
        py: Python<'_>,
        dim: Option<&Bound<'_, PyAny>>,
        keepdim: bool,
    ) -> PyResult<PyTensor> {
        arg_extreme(py, false, &self.get(), dim, keepdim)
    }

    /// Returns the variance (`torch.Tensor.var`) over all elements or `dim` (an int or a
    /// tuple), with `correction` (default 1, the unbiased estimate; `unbiased=False` is
    /// `correction=0`). Float tensors only.
    #[pyo3(signature = (dim = None, unbiased = None, keepdim = false, *, correction = None))]
    fn var(
        &self,
        py: Python<'_>,
        dim: Option<&Bound<'_, PyAny>>,
        unbiased: Option<&Bound<'_, PyAny>>,
        keepdim: bool,
        correction: Option<f64>,
    ) -> PyResult<PyTensor> {
        spread(py, false, &self.get(), dim, unbiased, keepdim, correction)
    }

    /// Returns the standard deviation (`torch.Tensor.std`): the square root of `var`, with
    /// the same arguments.
    #[pyo3(signature = (dim = None, unbiased = None, keepdim = false, *, correction = None))]
    fn std(
        &self,
        py: Python<'_>,
        dim: Option<&Bound<'_, PyAny>>,
        unbiased: Option<&Bound<'_, PyAny>>,
        keepdim: bool,
        correction: Option<f64>,
    ) -> PyResult<PyTensor> {
        spread(py, true, &self.get(), dim, unbiased, keepdim, correction)
    }

    /// Returns the `p`-norm (`torch.Tensor.norm`), `(Σ |x|^p)^(1/p)`, over all elements or
    /// `dim`: `p=2` (or `'fro'`) is Euclidean, `1` the sum of magnitudes, `inf` the largest
    /// magnitude, `0` the count of non-zeros. Float tensors only.
    #[pyo3(signature = (p = None, dim = None, keepdim = false))]
    fn norm(
        &self,
        py: Python<'_>,
        p: Option<&Bound<'_, PyAny>>,
        dim: Option<&Bound<'_, PyAny>>,
        keepdim: bool,
    ) -> PyResult<PyTensor> {
        norm_impl(py, &self.get(), p, dim, keepdim)
    }
}

/// `rt.max(input, dim=None, keepdim=False)`: the largest element as a 0-d tensor, a
/// `(values, indices)` named tuple along an int `dim`, or the elementwise maximum with a
/// tensor (`torch.max`).
#[pyfunction]
#[pyo3(signature = (input, dim = None, keepdim = false))]
fn max<'py>(
    py: Python<'py>,
    input: &Bound<'py, PyAny>,
    dim: Option<&Bound<'py, PyAny>>,
    keepdim: bool,
) -> PyResult<Bound<'py, PyAny>> {
    extreme(py, true, &tensor_arg("max", input)?, dim, keepdim)
}

/// `rt.min(input, dim=None, keepdim=False)`: as `rt.max`, for the minimum (`torch.min`).
#[pyfunction]
#[pyo3(signature = (input, dim = None, keepdim = false))]
fn min<'py>(
    py: Python<'py>,
    input: &Bound<'py, PyAny>,
    dim: Option<&Bound<'py, PyAny>>,
    keepdim: bool,
) -> PyResult<Bound<'py, PyAny>> {
    extreme(py, false, &tensor_arg("min", input)?, dim, keepdim)
}

/// `rt.argmax(input, dim=None, keepdim=False)`: the int64 index of the first largest
/// element, of the flattened tensor or along `dim` (`torch.argmax`).
#[pyfunction]
#[pyo3(signature = (input, dim = None, keepdim = false))]
fn argmax(
    py: Python<'_>,
    input: &Bound<'_, PyAny>,
    dim: Option<&Bound<'_, PyAny>>,
    keepdim: bool,
) -> PyResult<PyTensor> {
    arg_extreme(py, true, &tensor_arg("argmax", input)?, dim, keepdim)
}

/// `rt.argmin(input, dim=None, keepdim=False)`: the int64 index of the first smallest
/// element (`torch.argmin`).
#[pyfunction]
#[pyo3(signature = (input, dim = None, keepdim = false))]
fn argmin(
    py: Python<'_>,
    input: &Bound<'_, PyAny>,
    dim: Option<&Bound<'_, PyAny>>,
    keepdim: bool,
) -> PyResult<PyTensor> {
    arg_extreme(py, false, &tensor_arg("argmin", input)?, dim, keepdim)
}

/// `rt.var(input, dim=None, unbiased=None, keepdim=False, *, correction=None)`: the
/// variance with `correction` (default 1) (`torch.var`).
#[pyfunction]
#[pyo3(signature = (input, dim = None, unbiased = None, keepdim = false, *, correction = None))]
fn var(
    py: Python<'_>,
    input: &Bound<'_, PyAny>,
    dim: Option<&Bound<'_, PyAny>>,
    unbiased: Option<&Bound<'_, PyAny>>,
    keepdim: bool,
    correction: Option<f64>,
) -> PyResult<PyTensor> {
    let t = tensor_arg("var", input)?;
    spread(py, false, &t, dim, unbiased, keepdim, correction)
}

/// `rt.std(input, dim=None, unbiased=None, keepdim=False, *, correction=None)`: the
/// standard deviation (`torch.std`).
#[pyfunction]
#[pyo3(name = "std", signature = (input, dim = None, unbiased = None, keepdim = false, *, correction = None))]
fn std_fn(
    py: Python<'_>,
    input: &Bound<'_, PyAny>,
    dim: Option<&Bound<'_, PyAny>>,
    unbiased: Option<&Bound<'_, PyAny>>,
    keepdim: bool,
    correction: Option<f64>,
) -> PyResult<PyTensor> {
    let t = tensor_arg("std", input)?;
    spread(py, true, &t, dim, unbiased, keepdim, correction)
}

/// `rt.norm(input, p='fro', dim=None, keepdim=False)`: the `p`-norm over all elements or
/// `dim` (`torch.norm`).
#[pyfunction]
#[pyo3(signature = (input, p = None, dim = None, keepdim = false))]
fn norm(
    py: Python<'_>,
    input: &Bound<'_, PyAny>,
    p: Option<&Bound<'_, PyAny>>,
    dim: Option<&Bound<'_, PyAny>>,
    keepdim: bool,
) -> PyResult<PyTensor> {
    norm_impl(py, &tensor_arg("norm", input)?, p, dim, keepdim)
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    functions::register(m)?;
    for f in [
        wrap_pyfunction!(max, m)?,
        wrap_pyfunction!(min, m)?,
        wrap_pyfunction!(argmax, m)?,
        wrap_pyfunction!(argmin, m)?,
        wrap_pyfunction!(var, m)?,
        wrap_pyfunction!(std_fn, m)?,
        wrap_pyfunction!(norm, m)?,
    ] {
        m.add_function(f)?;
    }
    Ok(())
}
