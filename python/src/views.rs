//! Shape and view ops as PyTorch's: `reshape`, `view`, `transpose`, `t`, `permute`,
//! `squeeze`, `unsqueeze`, `flatten`, `expand`, `expand_as`, `narrow`, `select`, `unbind`,
//! `chunk` and `split` as methods; `rt.reshape`, `transpose`, `permute`, `squeeze`,
//! `unsqueeze`, `flatten`, `narrow`, `select`, `unbind`, `chunk`, `split`, `cat` and `stack`
//! as functions.
//!
//! Views share their input's storage. The core's in-place ops are copy-on-write, so a
//! write to one tensor is not seen through its views (a difference from PyTorch).

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyList, PyTuple};
use rusttorch::DynTensor;

use crate::creation::int_args;
use crate::errors::{IntoPyResult, type_error};
use crate::tensor::PyTensor;

/// Above this many elements, copies run with the GIL released.
const LARGE: usize = 1 << 14;

/// The tensor argument `input` of a module function.
pub(crate) fn tensor_arg(op: &str, obj: &Bound<'_, PyAny>) -> PyResult<DynTensor> {
    obj.cast::<PyTensor>()
        .map(|t| t.get().get())
        .map_err(|_| type_error(op, "a Tensor", obj))
}

/// Ints of a varargs-or-sequence argument as `isize`.
fn isizes(op: &str, args: &Bound<'_, PyTuple>) -> PyResult<Vec<isize>> {
    Ok(int_args(op, args)?
        .into_iter()
        .map(|v| v as isize)
        .collect())
}

/// A list of tensors as a Python list.
fn tensor_list(py: Python<'_>, ts: Vec<DynTensor>) -> PyResult<Bound<'_, PyTuple>> {
    let items = ts
        .into_iter()
        .map(|t| Bound::new(py, PyTensor::new(t)))
        .collect::<PyResult<Vec<_>>>()?;
    PyTuple::new(py, items)
}

fn reshape_impl(py: Python<'_>, t: &DynTensor, shape: &[isize]) -> PyResult<DynTensor> {
    if t.numel() >= LARGE && !t.is_contiguous() {
        py.detach(|| t.reshape(shape)).py()
    } else {
        t.reshape(shape).py()
    }
}

fn transpose_impl(
    op: &str,
    t: &DynTensor,
    d0: Option<isize>,
    d1: Option<isize>,
) -> PyResult<DynTensor> {
    match (d0, d1) {
        (Some(a), Some(b)) => t.transpose(a, b).py(),
        (None, None) if t.ndim() <= 2 => t.t().py(),
        (None, None) => Err(PyValueError::new_err(format!(
            "{op}: give dim0 and dim1 for a tensor of {} dims (shape {:?}); one argument \
             transposes a 2-D tensor",
            t.ndim(),
            t.shape()
        ))),
        _ => Err(PyTypeError::new_err(format!(
            "{op}: give both dim0 and dim1, or neither for a 2-D tensor"
        ))),
    }
}

fn squeeze_impl(op: &str, t: &DynTensor, dim: Option<&Bound<'_, PyAny>>) -> PyResult<DynTensor> {
    let Some(dim) = dim.filter(|d| !d.is_none()) else {
        return t.squeeze().py();
    };
    let dims = isizes(op, &PyTuple::new(dim.py(), [dim])?)?;
    // Squeeze from the last dim down so the earlier dims keep their numbers.
    let nd = t.ndim() as isize;
    let mut norm = Vec::with_capacity(dims.len());
    for &d in &dims {
        let n = if d < 0 { d + nd } else { d };
        if n < 0 || n >= nd.max(1) {
            // The core reports the range and the shape.
            t.squeeze_dim(d).py()?;
        }
        norm.push(n);
    }
    norm.sort_unstable();
    norm.dedup();
    let mut out = t.clone();
    for &d in norm.iter().rev() {
        out = out.squeeze_dim(d).py()?;
    }
    Ok(out)
}

fn chunk_impl(t: &DynTensor, chunks: i64, dim: isize) -> PyResult<Vec<DynTensor>> {
    if chunks <= 0 {
        return Err(PyValueError::new_err(format!(
            "chunk: chunks must be positive, got {chunks}"
        )));
    }
    let size = dim_size("chunk", t, dim)?;
    if size == 0 {
        return Ok(vec![t.clone()]);
    }
    let step = size.div_ceil(chunks as usize).max(1);
    split_sizes(t, &vec_sizes(size, step), dim)
}

/// The size of dim `dim` (negative counts from the end), checked by the core.
fn dim_size(op: &str, t: &DynTensor, dim: isize) -> PyResult<usize> {
    let nd = t.ndim() as isize;
    let d = if dim < 0 { dim + nd } else { dim };
    if d < 0 || d >= nd {
        return Err(pyo3::exceptions::PyIndexError::new_err(format!(
            "{op}: dim {dim} is out of range for a tensor of shape {:?} (expected {}..{})",
            t.shape(),
            -nd,
            nd
        )));
    }
    Ok(t.shape()[d as usize])
}

/// Pieces of `step` covering `size` (the last may be shorter).
fn vec_sizes(size: usize, step: usize) -> Vec<usize> {
    (0..size)
        .step_by(step)
        .map(|s| step.min(size - s))
        .collect()
}

fn split_sizes(t: &DynTensor, sizes: &[usize], dim: isize) -> PyResult<Vec<DynTensor>> {
    let mut start = 0usize;
    sizes
        .iter()
        .map(|&len| {
            let piece = t.narrow(dim, start as isize, len).py();
            start += len;
            piece
        })
        .collect()
}

fn split_impl(t: &DynTensor, split: &Bound<'_, PyAny>, dim: isize) -> PyResult<Vec<DynTensor>> {
    const OP: &str = "split";
    let size = dim_size(OP, t, dim)?;
    if let Ok(step) = split.extract::<i64>() {
        if step <= 0 {
            return Err(PyValueError::new_err(format!(
                "{OP}: split_size must be positive, got {step}"
            )));
        }
        if size == 0 {
            return Ok(vec![t.clone()]);
        }
        return split_sizes(t, &vec_sizes(size, step as usize), dim);
    }
    let sizes = crate::creation::to_shape(OP, &int_args(OP, &PyTuple::new(split.py(), [split])?)?)?;
    let total = sizes.iter().try_fold(0usize, |a, &s| a.checked_add(s));
    if total != Some(size) {
        return Err(PyValueError::new_err(format!(
            "{OP}: split sizes {sizes:?} must sum to {size}, the size of dim {dim} in shape {:?}",
            t.shape()
        )));
    }
    split_sizes(t, &sizes, dim)
}

/// A sequence of tensors (`cat`, `stack`).
fn tensor_seq(op: &str, tensors: &Bound<'_, PyAny>) -> PyResult<Vec<DynTensor>> {
    if !(tensors.is_instance_of::<PyList>() || tensors.is_instance_of::<PyTuple>()) {
        return Err(type_error(op, "a list or tuple of Tensors", tensors));
    }
    tensors.try_iter()?.map(|t| tensor_arg(op, &t?)).collect()
}

fn joined(
    py: Python<'_>,
    tensors: Vec<DynTensor>,
    f: impl FnOnce(&[DynTensor]) -> rusttorch::Result<DynTensor> + Send,
) -> PyResult<PyTensor> {
    let total = tensors
        .iter()
        .fold(0usize, |a, t| a.saturating_add(t.numel()));
    let out = if total >= LARGE {
        py.detach(|| f(&tensors)).py()?
    } else {
        f(&tensors).py()?
    };
    Ok(PyTensor::new(out))
}

#[pymethods]
impl PyTensor {
    /// Returns the tensor with a new shape (ints or one tuple; one `-1` is inferred), a
    /// view when the strides allow it, else a copy (`torch.Tensor.reshape`).
    #[pyo3(signature = (*shape))]
    fn reshape(&self, py: Python<'_>, shape: &Bound<'_, PyTuple>) -> PyResult<PyTensor> {
        let shape = isizes("reshape", shape)?;
        Ok(PyTensor::new(reshape_impl(py, &self.get(), &shape)?))
    }

    /// Returns a view with a new shape (ints or one tuple; one `-1` is inferred), never a
    /// copy: a `ShapeError` when the strides do not allow it, as after `transpose`
    /// (`torch.Tensor.view`; use `reshape` or `contiguous()` first).
    #[pyo3(signature = (*shape))]
    fn view(&self, shape: &Bound<'_, PyTuple>) -> PyResult<PyTensor> {
        let shape = isizes("view", shape)?;
        Ok(PyTensor::new(self.get().view(&shape).py()?))
    }

    /// Returns the view with dims `dim0` and `dim1` swapped (`torch.Tensor.transpose`).
    fn transpose(&self, dim0: isize, dim1: isize) -> PyResult<PyTensor> {
        Ok(PyTensor::new(self.get().transpose(dim0, dim1).py()?))
    }

    /// Returns the transposed view of a tensor of at most 2 dims (`torch.Tensor.t`).
    fn t(&self) -> PyResult<PyTensor> {
        let t = self.get();
        if t.ndim() > 2 {
            return Err(PyValueError::new_err(format!(
                "t: expects a tensor with <= 2 dimensions, but it has shape {:?}",
                t.shape()
            )));
        }
        Ok(PyTensor::new(t.t().py()?))
    }

    /// Returns the view with its dims reordered: output dim `i` is input dim `dims[i]`
    /// (ints or one tuple; `torch.Tensor.permute`).
    #[pyo3(signature = (*dims))]
    fn permute(&self, dims: &Bound<'_, PyTuple>) -> PyResult<PyTensor> {
        let dims = isizes("permute", dims)?;
        Ok(PyTensor::new(self.get().permute(&dims).py()?))
    }

    /// Returns the view without size-1 dims: all of them, or those among `dim` (an int or
    /// a tuple) (`torch.Tensor.squeeze`).
    #[pyo3(signature = (dim = None))]
    fn squeeze(&self, dim: Option<&Bound<'_, PyAny>>) -> PyResult<PyTensor> {
        Ok(PyTensor::new(squeeze_impl("squeeze", &self.get(), dim)?))
    }

    /// Returns the view with a size-1 dim inserted at `dim` (`torch.Tensor.unsqueeze`).
    fn unsqueeze(&self, dim: isize) -> PyResult<PyTensor> {
        Ok(PyTensor::new(self.get().unsqueeze(dim).py()?))
    }

    /// Returns the tensor with dims `start_dim..=end_dim` merged into one
    /// (`torch.Tensor.flatten`), a view when the strides allow it.
    #[pyo3(signature = (start_dim = 0, end_dim = -1))]
    fn flatten(&self, start_dim: isize, end_dim: isize) -> PyResult<PyTensor> {
        Ok(PyTensor::new(self.get().flatten(start_dim, end_dim).py()?))
    }

    /// Returns the view broadcast to the given sizes (ints or one tuple; `-1` keeps a dim;
    /// new dims may be added in front) without copying (`torch.Tensor.expand`).
    #[pyo3(signature = (*sizes))]
    fn expand(&self, sizes: &Bound<'_, PyTuple>) -> PyResult<PyTensor> {
        let sizes = isizes("expand", sizes)?;
        Ok(PyTensor::new(self.get().expand(&sizes).py()?))
    }

    /// Returns the view broadcast to `other`'s shape (`torch.Tensor.expand_as`).
    fn expand_as(&self, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        let other = tensor_arg("expand_as", other)?;
        Ok(PyTensor::new(self.get().broadcast_to(other.shape()).py()?))
    }

    /// Returns the view of elements `start..start + length` along `dim`
    /// (`torch.Tensor.narrow`).
    fn narrow(&self, dim: isize, start: isize, length: i64) -> PyResult<PyTensor> {
        let length = usize::try_from(length).map_err(|_| {
            PyValueError::new_err(format!("narrow: length must be non-negative, got {length}"))
        })?;
        Ok(PyTensor::new(self.get().narrow(dim, start, length).py()?))
    }

    /// Returns the view at `index` along `dim`, without that dim (`torch.Tensor.select`).
    fn select(&self, dim: isize, index: isize) -> PyResult<PyTensor> {
        Ok(PyTensor::new(self.get().select(dim, index).py()?))
    }

    /// Returns the views along `dim`, each without that dim, as a tuple
    /// (`torch.Tensor.unbind`).
    #[pyo3(signature = (dim = 0))]
    fn unbind<'py>(&self, py: Python<'py>, dim: isize) -> PyResult<Bound<'py, PyTuple>> {
        let t = self.get();
        let n = dim_size("unbind", &t, dim)?;
        let parts = (0..n)
            .map(|i| t.select(dim, i as isize).py())
            .collect::<PyResult<Vec<_>>>()?;
        tensor_list(py, parts)
    }

    /// Returns `chunks` views (or fewer) of equal size along `dim`, the last possibly
    /// smaller (`torch.Tensor.chunk`).
    #[pyo3(signature = (chunks, dim = 0))]
    fn chunk<'py>(
        &self,
        py: Python<'py>,
        chunks: i64,
        dim: isize,
    ) -> PyResult<Bound<'py, PyTuple>> {
        tensor_list(py, chunk_impl(&self.get(), chunks, dim)?)
    }

    /// Returns views along `dim` of `split_size_or_sections` elements each (an int, the
    /// last piece possibly smaller) or of the listed sizes (`torch.Tensor.split`).
    #[pyo3(signature = (split_size_or_sections, dim = 0))]
    fn split<'py>(
        &self,
        py: Python<'py>,
        split_size_or_sections: &Bound<'_, PyAny>,
        dim: isize,
    ) -> PyResult<Bound<'py, PyTuple>> {
        tensor_list(py, split_impl(&self.get(), split_size_or_sections, dim)?)
    }
}

/// Returns `input` with a new shape (a tuple or list; one `-1` is inferred), a view when
/// possible (`torch.reshape`).
#[pyfunction]
#[pyo3(name = "reshape")]
fn reshape_fn(
    py: Python<'_>,
    input: &Bound<'_, PyAny>,
    shape: &Bound<'_, PyAny>,
) -> PyResult<PyTensor> {
    let t = tensor_arg("reshape", input)?;
    let shape = isizes("reshape", &PyTuple::new(py, [shape])?)?;
    Ok(PyTensor::new(reshape_impl(py, &t, &shape)?))
}

/// Returns the view of `input` with dims `dim0` and `dim1` swapped (`torch.transpose`);
/// `transpose(t)` with one argument transposes a 2-D tensor (the original RustTorch API).
#[pyfunction]
#[pyo3(name = "transpose", signature = (input, dim0 = None, dim1 = None))]
fn transpose_fn(
    input: &Bound<'_, PyAny>,
    dim0: Option<isize>,
    dim1: Option<isize>,
) -> PyResult<PyTensor> {
    let t = tensor_arg("transpose", input)?;
    Ok(PyTensor::new(transpose_impl("transpose", &t, dim0, dim1)?))
}

/// Returns the view of `input` with its dims reordered as `dims` (`torch.permute`).
#[pyfunction]
#[pyo3(name = "permute")]
fn permute_fn(
    py: Python<'_>,
    input: &Bound<'_, PyAny>,
    dims: &Bound<'_, PyAny>,
) -> PyResult<PyTensor> {
    let t = tensor_arg("permute", input)?;
    let dims = isizes("permute", &PyTuple::new(py, [dims])?)?;
    Ok(PyTensor::new(t.permute(&dims).py()?))
}

/// Returns the view of `input` without size-1 dims (all, or those among `dim`)
/// (`torch.squeeze`).
#[pyfunction]
#[pyo3(name = "squeeze", signature = (input, dim = None))]
fn squeeze_fn(input: &Bound<'_, PyAny>, dim: Option<&Bound<'_, PyAny>>) -> PyResult<PyTensor> {
    let t = tensor_arg("squeeze", input)?;
    Ok(PyTensor::new(squeeze_impl("squeeze", &t, dim)?))
}

/// Returns the view of `input` with a size-1 dim inserted at `dim` (`torch.unsqueeze`).
#[pyfunction]
#[pyo3(name = "unsqueeze")]
fn unsqueeze_fn(input: &Bound<'_, PyAny>, dim: isize) -> PyResult<PyTensor> {
    let t = tensor_arg("unsqueeze", input)?;
    Ok(PyTensor::new(t.unsqueeze(dim).py()?))
}

/// Returns `input` with dims `start_dim..=end_dim` merged (`torch.flatten`).
#[pyfunction]
#[pyo3(name = "flatten", signature = (input, start_dim = 0, end_dim = -1))]
fn flatten_fn(input: &Bound<'_, PyAny>, start_dim: isize, end_dim: isize) -> PyResult<PyTensor> {
    let t = tensor_arg("flatten", input)?;
    Ok(PyTensor::new(t.flatten(start_dim, end_dim).py()?))
}

/// Returns the view of `input` of elements `start..start + length` along `dim`
/// (`torch.narrow`).
#[pyfunction]
#[pyo3(name = "narrow")]
fn narrow_fn(
    input: &Bound<'_, PyAny>,
    dim: isize,
    start: isize,
    length: i64,
) -> PyResult<PyTensor> {
    let t = tensor_arg("narrow", input)?;
    let length = usize::try_from(length).map_err(|_| {
        PyValueError::new_err(format!("narrow: length must be non-negative, got {length}"))
    })?;
    Ok(PyTensor::new(t.narrow(dim, start, length).py()?))
}

/// Returns the view of `input` at `index` along `dim`, without that dim (`torch.select`).
#[pyfunction]
#[pyo3(name = "select")]
fn select_fn(input: &Bound<'_, PyAny>, dim: isize, index: isize) -> PyResult<PyTensor> {
    let t = tensor_arg("select", input)?;
    Ok(PyTensor::new(t.select(dim, index).py()?))
}

/// Returns the views of `input` along `dim`, each without that dim (`torch.unbind`).
#[pyfunction]
#[pyo3(name = "unbind", signature = (input, dim = 0))]
fn unbind_fn<'py>(
    py: Python<'py>,
    input: &Bound<'_, PyAny>,
    dim: isize,
) -> PyResult<Bound<'py, PyTuple>> {
    let t = tensor_arg("unbind", input)?;
    let n = dim_size("unbind", &t, dim)?;
    let parts = (0..n)
        .map(|i| t.select(dim, i as isize).py())
        .collect::<PyResult<Vec<_>>>()?;
    tensor_list(py, parts)
}

/// Returns `chunks` views (or fewer) of `input` of equal size along `dim`
/// (`torch.chunk`).
#[pyfunction]
#[pyo3(name = "chunk", signature = (input, chunks, dim = 0))]
fn chunk_fn<'py>(
    py: Python<'py>,
    input: &Bound<'_, PyAny>,
    chunks: i64,
    dim: isize,
) -> PyResult<Bound<'py, PyTuple>> {
    let t = tensor_arg("chunk", input)?;
    tensor_list(py, chunk_impl(&t, chunks, dim)?)
}

/// Returns views of `tensor` along `dim` of `split_size_or_sections` elements each, or of
/// the listed sizes (`torch.split`).
#[pyfunction]
#[pyo3(name = "split", signature = (tensor, split_size_or_sections, dim = 0))]
fn split_fn<'py>(
    py: Python<'py>,
    tensor: &Bound<'_, PyAny>,
    split_size_or_sections: &Bound<'_, PyAny>,
    dim: isize,
) -> PyResult<Bound<'py, PyTuple>> {
    let t = tensor_arg("split", tensor)?;
    tensor_list(py, split_impl(&t, split_size_or_sections, dim)?)
}

/// Returns the tensors joined along an existing dim `dim` (`torch.cat`); dtypes are
/// promoted to a common one.
#[pyfunction]
#[pyo3(signature = (tensors, dim = 0))]
fn cat(py: Python<'_>, tensors: &Bound<'_, PyAny>, dim: isize) -> PyResult<PyTensor> {
    let ts = tensor_seq("cat", tensors)?;
    joined(py, ts, |ts| DynTensor::cat(ts, dim))
}

/// Returns the tensors (all of one shape) stacked along a new dim `dim`
/// (`torch.stack`).
#[pyfunction]
#[pyo3(signature = (tensors, dim = 0))]
fn stack(py: Python<'_>, tensors: &Bound<'_, PyAny>, dim: isize) -> PyResult<PyTensor> {
    let ts = tensor_seq("stack", tensors)?;
    joined(py, ts, |ts| DynTensor::stack(ts, dim))
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(reshape_fn, m)?)?;
    m.add_function(wrap_pyfunction!(transpose_fn, m)?)?;
    m.add_function(wrap_pyfunction!(permute_fn, m)?)?;
    m.add_function(wrap_pyfunction!(squeeze_fn, m)?)?;
    m.add_function(wrap_pyfunction!(unsqueeze_fn, m)?)?;
    m.add_function(wrap_pyfunction!(flatten_fn, m)?)?;
    m.add_function(wrap_pyfunction!(narrow_fn, m)?)?;
    m.add_function(wrap_pyfunction!(select_fn, m)?)?;
    m.add_function(wrap_pyfunction!(unbind_fn, m)?)?;
    m.add_function(wrap_pyfunction!(chunk_fn, m)?)?;
    m.add_function(wrap_pyfunction!(split_fn, m)?)?;
    m.add_function(wrap_pyfunction!(cat, m)?)?;
    m.add_function(wrap_pyfunction!(stack, m)?)?;
    Ok(())
}
