//! The Python protocol of `rt.Tensor`: `repr` like PyTorch's, `item`, `float`/`int`/
//! `index`/`bool`/`len`/`iter`, conversions (`to`, `float()`, `double()`, ...), `clone`,
//! `contiguous`, `T`/`mT`, size queries, pickling, `copy`/`deepcopy` and identity hashing.

use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};
use rusttorch::{DType, DynTensor};

use crate::dtype::PyDType;
use crate::errors::{IntoPyResult, type_error};
use crate::tensor::PyTensor;

/// PyTorch's default print options: precision 4, more than 1000 elements are summarised
/// with 3 edge items per dim, lines of 80 characters.
const PRECISION: usize = 4;
const THRESHOLD: usize = 1000;
const EDGE: usize = 3;
const LINEWIDTH: usize = 80;

/// The elements of one tensor as strings, formatted as `torch._tensor_str._Formatter` does.
struct Formatter {
    int_mode: bool,
    sci_mode: bool,
    max_width: usize,
}

/// A float as Python's `"{:.Ne}"` (`1.2346e+08`).
fn sci(v: f64) -> String {
    let s = format!("{v:.PRECISION$e}");
    match s.split_once('e') {
        Some((m, e)) => {
            let (sign, digits) = e.strip_prefix('-').map_or(("+", e), |d| ("-", d));
            format!("{m}e{sign}{digits:0>2}")
        }
        None => s,
    }
}

/// A non-finite float as Python prints it.
fn non_finite(v: f64) -> Option<String> {
    if v.is_nan() {
        Some("nan".into())
    } else if v.is_infinite() {
        Some(if v > 0.0 { "inf" } else { "-inf" }.into())
    } else {
        None
    }
}

impl Formatter {
    /// The formatter for `vals` (the summarised elements when the tensor is large).
    fn new(dtype: DType, vals: &[Elem]) -> Self {
        let mut f = Formatter {
            int_mode: true,
            sci_mode: false,
            max_width: 1,
        };
        if !dtype.is_float() {
            f.max_width = vals.iter().map(|v| f.raw(*v).len()).max().unwrap_or(1);
            return f;
        }
        let finite: Vec<f64> = vals
            .iter()
            .map(|v| v.f())
            .filter(|x| x.is_finite() && *x != 0.0)
            .collect();
        if finite.is_empty() {
            return f;
        }
        let max = finite.iter().fold(0.0f64, |a, x| a.max(x.abs()));
        let min = finite.iter().fold(f64::INFINITY, |a, x| a.min(x.abs()));
        f.int_mode = finite.iter().all(|x| x.ceil() == *x);
        f.sci_mode = max / min > 1000.0 || max > 1.0e8 || (!f.int_mode && min < 1.0e-4);
        f.max_width = finite
            .iter()
            .map(|&x| f.raw(Elem::F(x)).len())
            .max()
            .unwrap_or(1);
        f
    }

    /// One element, unpadded.
    fn raw(&self, v: Elem) -> String {
        match v {
            Elem::B(b) => if b { "True" } else { "False" }.into(),
            Elem::I(i) => i.to_string(),
            Elem::F(x) => {
                if let Some(s) = non_finite(x) {
                    s
                } else if self.sci_mode {
                    sci(x)
                } else if self.int_mode {
                    format!("{x:.0}.")
                } else {
                    format!("{x:.PRECISION$}")
                }
            }
        }
    }

    /// One element, right-aligned to the common width.
    fn format(&self, v: Elem) -> String {
        let s = self.raw(v);
        format!("{s:>w$}", w = self.max_width)
    }
}

/// One element of a tensor being printed.
#[derive(Clone, Copy)]
enum Elem {
    B(bool),
    I(i64),
    F(f64),
}

impl Elem {
    fn f(self) -> f64 {
        match self {
            Elem::B(b) => f64::from(u8::from(b)),
            Elem::I(i) => i as f64,
            Elem::F(x) => x,
        }
    }
}

/// The elements of `t` in row-major order.
fn elements(t: &DynTensor) -> PyResult<Vec<Elem>> {
    Ok(match t.dtype() {
        DType::Bool => t.to_vec::<bool>().py()?.into_iter().map(Elem::B).collect(),
        DType::Int32 => t
            .to_vec::<i32>()
            .py()?
            .into_iter()
            .map(|i| Elem::I(i.into()))
            .collect(),
        DType::Int64 => t.to_vec::<i64>().py()?.into_iter().map(Elem::I).collect(),
        _ => t.to_vec_f64().into_iter().map(Elem::F).collect(),
    })
}

/// The indices along a dim of `n` that are printed: all, or when `cut`, the first and
/// last `EDGE` with `None` (the `...`) between.
fn shown(n: usize, cut: bool) -> Vec<Option<usize>> {
    if cut {
        (0..EDGE)
            .map(Some)
            .chain([None])
            .chain((n.saturating_sub(EDGE)..n).map(Some))
            .collect()
    } else {
        (0..n).map(Some).collect()
    }
}

/// `t` with only the printed edges of every summarised dim (`get_summarized_data`),
/// and which dims were cut. Cuts the largest dims first, so the copies stay small.
fn summarized(t: &DynTensor) -> PyResult<(DynTensor, Vec<bool>)> {
    let cut: Vec<bool> = t.shape().iter().map(|&n| n > 2 * EDGE).collect();
    let mut order: Vec<usize> = (0..t.ndim()).filter(|&d| cut[d]).collect();
    order.sort_by_key(|&d| std::cmp::Reverse(t.shape()[d]));
    let mut r = t.detach();
    for d in order {
        let d = d as isize;
        let head = r.narrow(d, 0, EDGE).py()?;
        let tail = r.narrow(d, -(EDGE as isize), EDGE).py()?;
        r = DynTensor::cat(&[head, tail], d).py()?;
    }
    Ok((r, cut))
}

/// `_tensor_str_with_formatter`: the nested brackets, starting at column `indent`.
fn render(vals: &[Elem], shape: &[usize], cut: &[bool], indent: usize, f: &Formatter) -> String {
    let Some((&n, rest)) = shape.split_first() else {
        return f.format(vals[0]);
    };
    let stride: usize = rest.iter().product();
    if rest.is_empty() {
        let per_line = ((LINEWIDTH.saturating_sub(indent)) / (f.max_width + 2)).max(1);
        let data: Vec<String> = shown(n, cut[0])
            .into_iter()
            .map(|i| i.map_or_else(|| " ...".to_string(), |i| f.format(vals[i])))
            .collect();
        let lines: Vec<String> = data.chunks(per_line).map(|c| c.join(", ")).collect();
        return format!(
            "[{}]",
            lines.join(&format!(",\n{}", " ".repeat(indent + 1)))
        );
    }
    let slices: Vec<String> = shown(n, cut[0])
        .into_iter()
        .map(|i| match i {
            Some(i) => render(
                &vals[i * stride..(i + 1) * stride],
                rest,
                &cut[1..],
                indent + 1,
                f,
            ),
            None => "...".to_string(),
        })
        .collect();
    let sep = format!(
        ",{}{}",
        "\n".repeat(shape.len() - 1),
        " ".repeat(indent + 1)
    );
    format!("[{}]", slices.join(&sep))
}

/// `snake_case` op name as PyTorch's `grad_fn` class name (`AddBackward`).
fn backward_name(op: &str) -> String {
    let camel: String = op
        .split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|h| h.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect();
    format!("{camel}Backward")
}

/// The repr of `t`, as `torch.Tensor.__repr__` with the default print options.
pub fn repr(t: &DynTensor) -> PyResult<String> {
    const PREFIX: &str = "tensor(";
    let indent = PREFIX.len();
    let mut suffixes = Vec::new();
    let default_dtype = matches!(t.dtype(), DType::Float32 | DType::Int64 | DType::Bool);
    let body = if t.numel() == 0 {
        if t.ndim() != 1 {
            let dims: Vec<String> = t.shape().iter().map(ToString::to_string).collect();
            let tuple = if dims.len() == 1 {
                format!("({},)", dims[0])
            } else {
                format!("({})", dims.join(", "))
            };
            suffixes.push(format!("size={tuple}"));
        }
        if t.dtype() != DType::Float32 {
            suffixes.push(format!("dtype=rusttorch.{}", t.dtype().name()));
        }
        "[]".to_string()
    } else {
        if !default_dtype {
            suffixes.push(format!("dtype=rusttorch.{}", t.dtype().name()));
        }
        // Above the threshold only the edges are read, formatted and printed.
        let (shown_t, cut) = if t.numel() > THRESHOLD {
            summarized(t)?
        } else {
            (t.clone(), vec![false; t.ndim()])
        };
        let vals = elements(&shown_t)?;
        let f = Formatter::new(t.dtype(), &vals);
        render(&vals, shown_t.shape(), &cut, indent, &f)
    };
    if let Some(name) = t.grad_fn() {
        suffixes.push(format!("grad_fn=<{}>", backward_name(name)));
    } else if t.requires_grad() {
        suffixes.push("requires_grad=True".into());
    }
    // `_add_suffixes`: a suffix that would pass the line width goes on its own line.
    let mut out = format!("{PREFIX}{body}");
    let mut last_line = body.len() - body.rfind('\n').unwrap_or(0) + 1;
    for s in suffixes {
        if last_line + s.len() + 2 > LINEWIDTH {
            out.push_str(&format!(",\n{}{s}", " ".repeat(indent)));
            last_line = indent + s.len();
        } else {
            out.push_str(&format!(", {s}"));
            last_line += s.len() + 2;
        }
    }
    out.push(')');
    Ok(out)
}

/// The one element of `t` as a Python scalar, or the ValueError PyTorch raises as a
/// RuntimeError.
fn one<'py>(py: Python<'py>, t: &DynTensor, what: &str) -> PyResult<Bound<'py, PyAny>> {
    if t.numel() != 1 {
        return Err(PyValueError::new_err(format!(
            "{what}: a Tensor with {} elements cannot be converted to Scalar",
            t.numel()
        )));
    }
    crate::convert::to_list(py, &t.reshape(&[]).py()?)
}

/// The dtype, device or tensor arguments of `to`.
fn to_target(
    args: &Bound<'_, PyTuple>,
    kwargs: Option<&Bound<'_, PyDict>>,
) -> PyResult<Option<DType>> {
    const OP: &str = "to";
    let mut dtype = None;
    let mut visit = |a: &Bound<'_, PyAny>, key: Option<&str>| -> PyResult<()> {
        if a.is_none() {
            return Ok(());
        }
        if let Ok(t) = a.cast::<PyTensor>()
            && key.is_none()
        {
            dtype = Some(t.get().get().dtype());
        } else if let Ok(d) = a.cast::<PyDType>() {
            dtype = Some(d.get().0);
        } else if let Ok(s) = a.cast::<PyString>() {
            let s = s.to_str()?;
            if s == "cpu" || s.starts_with("cpu:") {
                return Ok(());
            }
            if key == Some("device") {
                return Err(PyValueError::new_err(format!(
                    "to: device {s:?} is not available; rusttorch runs on the cpu only"
                )));
            }
            match crate::dtype::from_name(s) {
                Some(d) => dtype = Some(d),
                None => {
                    return Err(PyValueError::new_err(format!(
                        "to: {s:?} is neither a device (only 'cpu' exists) nor a dtype name"
                    )));
                }
            }
        } else if key.is_none() || key == Some("dtype") || key == Some("device") {
            return Err(type_error(OP, "a dtype, a device or a Tensor", a));
        }
        Ok(())
    };
    for a in args.iter() {
        visit(&a, None)?;
    }
    if let Some(kw) = kwargs {
        for (k, v) in kw.iter() {
            let k: String = k.extract()?;
            match k.as_str() {
                "dtype" | "device" => visit(&v, Some(&k))?,
                "non_blocking" | "copy" | "memory_format" => {}
                _ => {
                    return Err(PyTypeError::new_err(format!(
                        "to() got an unexpected keyword argument '{k}'"
                    )));
                }
            }
        }
    }
    Ok(dtype)
}

/// `slf` converted to `dtype`: the same Python object when the dtype already matches, as
/// in PyTorch.
fn convert(slf: &Bound<'_, PyTensor>, dtype: DType) -> PyResult<Py<PyAny>> {
    let t = slf.get().get();
    if t.dtype() == dtype {
        return Ok(slf.clone().into_any().unbind());
    }
    let py = slf.py();
    let out = if t.numel() >= 1 << 14 {
        py.detach(|| t.to_dtype(dtype)).py()?
    } else {
        t.to_dtype(dtype).py()?
    };
    Ok(Bound::new(py, PyTensor::new(out))?.into_any().unbind())
}

/// The bytes of `t`'s elements in row-major order, little-endian (bool as one byte).
fn to_bytes(t: &DynTensor) -> PyResult<Vec<u8>> {
    Ok(match t.dtype() {
        DType::Bool => t.to_vec::<bool>().py()?.into_iter().map(u8::from).collect(),
        DType::Int32 => t
            .to_vec::<i32>()
            .py()?
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect(),
        DType::Int64 => t
            .to_vec::<i64>()
            .py()?
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect(),
        DType::Float32 => t
            .to_vec::<f32>()
            .py()?
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect(),
        DType::Float64 => t
            .to_vec::<f64>()
            .py()?
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect(),
    })
}

/// Elements from little-endian bytes.
fn decode<T, const N: usize>(b: &[u8], f: fn([u8; N]) -> T) -> Vec<T> {
    b.chunks_exact(N)
        .map(|c| {
            let mut a = [0u8; N];
            a.copy_from_slice(c);
            f(a)
        })
        .collect()
}

/// `_rebuild_tensor(dtype, shape, data, requires_grad)`: the tensor a pickle holds.
#[pyfunction]
fn _rebuild_tensor(
    dtype: &str,
    shape: Vec<usize>,
    data: &[u8],
    requires_grad: bool,
) -> PyResult<PyTensor> {
    const OP: &str = "_rebuild_tensor";
    let dtype = crate::dtype::from_name(dtype)
        .ok_or_else(|| PyValueError::new_err(format!("{OP}: unknown dtype {dtype:?}")))?;
    let numel = shape
        .iter()
        .try_fold(1usize, |a, &d| a.checked_mul(d))
        .and_then(|n| n.checked_mul(dtype.size()));
    if numel != Some(data.len()) {
        return Err(PyValueError::new_err(format!(
            "{OP}: {} bytes do not fill shape {shape:?} of {}",
            data.len(),
            dtype.name()
        )));
    }
    let t = match dtype {
        DType::Bool => {
            DynTensor::from_vec(data.iter().map(|&b| b != 0).collect::<Vec<_>>(), &shape)
        }
        DType::Int32 => DynTensor::from_vec(decode(data, i32::from_le_bytes), &shape),
        DType::Int64 => DynTensor::from_vec(decode(data, i64::from_le_bytes), &shape),
        DType::Float32 => DynTensor::from_vec(decode(data, f32::from_le_bytes), &shape),
        DType::Float64 => DynTensor::from_vec(decode(data, f64::from_le_bytes), &shape),
    }
    .py()?;
    let t = if requires_grad {
        t.requires_grad_(true).py()?
    } else {
        t
    };
    Ok(PyTensor::new(t))
}

#[pymethods]
impl PyTensor {
    fn __repr__(&self) -> PyResult<String> {
        repr(&self.get())
    }

    fn __str__(&self) -> PyResult<String> {
        repr(&self.get())
    }

    /// Returns the value of a one-element tensor (any shape) as a Python number
    /// (`torch.Tensor.item`).
    fn item<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        one(py, &self.get(), "item")
    }

    fn __float__(&self, py: Python<'_>) -> PyResult<f64> {
        one(py, &self.get(), "float").and_then(|v| v.extract())
    }

    fn __int__(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let t = self.get();
        let v = one(py, &t, "int")?;
        Ok(py.get_type::<pyo3::types::PyInt>().call1((v,))?.unbind())
    }

    fn __index__(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let t = self.get();
        if t.dtype().is_float() || t.numel() != 1 {
            return Err(PyTypeError::new_err(
                "only integer tensors of a single element can be converted to an index",
            ));
        }
        Ok(py
            .get_type::<pyo3::types::PyInt>()
            .call1((one(py, &t, "index")?,))?
            .unbind())
    }

    fn __bool__(&self) -> PyResult<bool> {
        let t = self.get();
        match t.numel() {
            1 => Ok(t.to_vec_f64()[0] != 0.0),
            0 => Err(PyRuntimeError::new_err(
                "Boolean value of Tensor with no values is ambiguous",
            )),
            _ => Err(PyRuntimeError::new_err(
                "Boolean value of Tensor with more than one value is ambiguous",
            )),
        }
    }

    fn __len__(&self) -> PyResult<usize> {
        self.get()
            .shape()
            .first()
            .copied()
            .ok_or_else(|| PyTypeError::new_err("len() of a 0-d tensor"))
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let t = self.get();
        let Some(&n) = t.shape().first() else {
            return Err(PyTypeError::new_err("iteration over a 0-d tensor"));
        };
        let rows = (0..n)
            .map(|i| Bound::new(py, PyTensor::new(t.select(0, i as isize).py()?)))
            .collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, rows)?
            .into_any()
            .try_iter()
            .map(Bound::into_any)
    }

    /// Identity hash, as PyTorch's tensors hash by `id`.
    fn __hash__(slf: &Bound<'_, Self>) -> isize {
        slf.as_ptr() as isize
    }

    /// Returns a copy with its own storage (`torch.Tensor.clone`); gradients flow through.
    fn clone(&self, py: Python<'_>) -> PyResult<PyTensor> {
        let t = self.get();
        let out = if t.numel() >= 1 << 14 {
            py.detach(|| t.clone_data()).py()?
        } else {
            t.clone_data().py()?
        };
        Ok(PyTensor::new(out))
    }

    /// Returns the tensor converted to a dtype (`t.to(rt.float64)`, `t.to(other)` for
    /// `other`'s dtype, `t.to(dtype=...)`); the device `"cpu"` is accepted and changes
    /// nothing. Returns `self` when nothing changes.
    #[pyo3(signature = (*args, **kwargs))]
    fn to(
        slf: &Bound<'_, Self>,
        args: &Bound<'_, PyTuple>,
        kwargs: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Py<PyAny>> {
        match to_target(args, kwargs)? {
            Some(d) => convert(slf, d),
            None => Ok(slf.clone().into_any().unbind()),
        }
    }

    /// Returns the tensor as float32 (`self` if it already is).
    #[pyo3(name = "float")]
    fn to_float(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        convert(slf, DType::Float32)
    }

    /// Returns the tensor as float64 (`self` if it already is).
    fn double(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        convert(slf, DType::Float64)
    }

    /// Returns the tensor as int64 (`self` if it already is); floats truncate toward zero.
    fn long(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        convert(slf, DType::Int64)
    }

    /// Returns the tensor as int32 (`self` if it already is); floats truncate toward zero.
    #[pyo3(name = "int")]
    fn to_int(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        convert(slf, DType::Int32)
    }

    /// Returns the tensor as bool (`self` if it already is): non-zero is `True`.
    #[pyo3(name = "bool")]
    fn to_bool(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        convert(slf, DType::Bool)
    }

    /// With no argument, returns the type name (`"rusttorch.FloatTensor"`); with a dtype,
    /// returns the tensor converted to it (`torch.Tensor.type`).
    #[pyo3(signature = (dtype = None))]
    fn r#type(slf: &Bound<'_, Self>, dtype: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
        let py = slf.py();
        match dtype.filter(|d| !d.is_none()) {
            Some(d) => convert(slf, crate::dtype::extract("type", d)?),
            None => {
                let name = match slf.get().get().dtype() {
                    DType::Bool => "BoolTensor",
                    DType::Int32 => "IntTensor",
                    DType::Int64 => "LongTensor",
                    DType::Float32 => "FloatTensor",
                    DType::Float64 => "DoubleTensor",
                };
                Ok(PyString::new(py, &format!("rusttorch.{name}"))
                    .into_any()
                    .unbind())
            }
        }
    }

    /// Returns whether the dtype is a floating-point type.
    fn is_floating_point(&self) -> bool {
        self.get().dtype().is_float()
    }

    /// Returns the size of one element in bytes.
    fn element_size(&self) -> usize {
        self.get().dtype().size()
    }

    /// The size of one element in bytes.
    #[getter]
    fn itemsize(&self) -> usize {
        self.get().dtype().size()
    }

    /// The number of bytes of the elements (`numel() * element_size()`).
    #[getter]
    fn nbytes(&self) -> usize {
        self.get().nbytes()
    }

    /// Returns whether the elements are laid out in row-major order without gaps.
    fn is_contiguous(&self) -> bool {
        self.get().is_contiguous()
    }

    /// Returns `self` if contiguous, else a contiguous copy (`torch.Tensor.contiguous`).
    fn contiguous(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        let t = slf.get().get();
        if t.is_contiguous() {
            return Ok(slf.clone().into_any().unbind());
        }
        let py = slf.py();
        let out = if t.numel() >= 1 << 14 {
            py.detach(|| t.contiguous()).py()?
        } else {
            t.contiguous().py()?
        };
        Ok(Bound::new(py, PyTensor::new(out))?.into_any().unbind())
    }

    /// The view with all dims reversed (`x.T`; for a matrix, its transpose).
    #[getter(T)]
    fn big_t(&self) -> PyResult<PyTensor> {
        let t = self.get();
        let dims: Vec<isize> = (0..t.ndim() as isize).rev().collect();
        Ok(PyTensor::new(t.permute(&dims).py()?))
    }

    /// The view with the last two dims swapped (a batch of transposed matrices).
    #[getter(mT)]
    fn m_t(&self) -> PyResult<PyTensor> {
        let t = self.get();
        if t.ndim() < 2 {
            return Err(PyValueError::new_err(format!(
                "mT: the tensor must have at least 2 dims, got shape {:?}",
                t.shape()
            )));
        }
        Ok(PyTensor::new(t.transpose(-2, -1).py()?))
    }

    fn __reduce__<'py>(
        &self,
        py: Python<'py>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let t = self.get();
        let rebuild = py
            .import("rusttorch._rusttorch")?
            .getattr("_rebuild_tensor")?;
        let args = (
            t.dtype().name(),
            PyTuple::new(py, t.shape())?,
            PyBytes::new(py, &to_bytes(&t)?),
            t.requires_grad(),
        )
            .into_pyobject(py)?;
        Ok((rebuild, args))
    }

    /// A new handle on the same tensor (`copy.copy`), sharing its storage.
    fn __copy__(&self) -> PyTensor {
        PyTensor::new(self.get())
    }

    /// A copy with its own storage, the same `requires_grad` and a copy of `.grad`
    /// (`copy.deepcopy`); only leaf tensors can be deep-copied, as in PyTorch.
    fn __deepcopy__(&self, _memo: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        let t = self.get();
        if !t.is_leaf() {
            return Err(PyRuntimeError::new_err(
                "Only Tensors created explicitly by the user (graph leaves) support the \
                 deepcopy protocol at the moment",
            ));
        }
        let out = t.detach().clone_data().py()?;
        let out = if t.requires_grad() {
            out.requires_grad_(true).py()?
        } else {
            out
        };
        if let (Some(g), Some(v)) = (t.grad(), out.autograd()) {
            v.set_grad(Some(g.clone_data().py()?));
        }
        Ok(PyTensor::new(out))
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(_rebuild_tensor, m)?)?;
    Ok(())
}
