//! Python data in and out: nested lists, tuples and scalars to a [`DynTensor`] (the data
//! of `rt.tensor`), and a tensor back to nested lists (`tolist`) and Python scalars.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyFloat, PyList, PySequence, PyString, PyTuple};
use rusttorch::{DType, DynTensor};

use crate::errors::{IntoPyResult, type_error};
use crate::tensor::PyTensor;

/// The kind of a Python scalar, ordered so that the widest seen decides the dtype.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Bool,
    Int,
    Float,
}

/// Nested Python data flattened: its shape, values as f64 (exact for ints up to 2^53) or
/// i64, and the widest kind seen.
struct Flat {
    shape: Vec<usize>,
    floats: Vec<f64>,
    ints: Vec<i64>,
    kind: Kind,
}

impl Flat {
    fn push(&mut self, op: &str, item: &Bound<'_, PyAny>) -> PyResult<()> {
        if item.is_instance_of::<PyBool>() {
            let b = item.extract::<bool>()?;
            self.floats.push(f64::from(u8::from(b)));
            self.ints.push(i64::from(b));
        } else if item.is_instance_of::<PyFloat>() {
            self.kind = self.kind.max(Kind::Float);
            self.floats.push(item.extract::<f64>()?);
            self.ints.push(0);
        } else if let Ok(i) = item.extract::<i64>() {
            self.kind = self.kind.max(Kind::Int);
            self.floats.push(i as f64);
            self.ints.push(i);
        } else if let Ok(t) = item.cast::<PyTensor>() {
            let t = t.get().get();
            if t.ndim() != 0 {
                return Err(PyValueError::new_err(format!(
                    "{op}: only one-element (0-d) tensors can be elements of a nested list, got shape {:?}",
                    t.shape()
                )));
            }
            let kind = if t.dtype().is_float() {
                Kind::Float
            } else if t.dtype() == DType::Bool {
                Kind::Bool
            } else {
                Kind::Int
            };
            self.kind = self.kind.max(kind);
            let v = t.to_vec_f64()[0];
            self.floats.push(v);
            self.ints.push(v as i64);
        } else if let Ok(f) = item.extract::<f64>() {
            // numpy scalars and other objects with `__float__`.
            self.kind = self.kind.max(Kind::Float);
            self.floats.push(f);
            self.ints.push(0);
        } else {
            return Err(type_error(
                op,
                "a number, a bool or a nested list of them",
                item,
            ));
        }
        Ok(())
    }

    /// Walks `obj` at depth `depth`, fixing the shape on the first path and checking it
    /// on every other one.
    fn walk(&mut self, op: &str, obj: &Bound<'_, PyAny>, depth: usize) -> PyResult<()> {
        let seq = if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
            Some(obj.cast::<PySequence>()?)
        } else {
            None
        };
        let Some(seq) = seq else {
            if depth < self.shape.len() {
                return Err(PyValueError::new_err(format!(
                    "{op}: expected a sequence at depth {depth} (as the first element), got a scalar"
                )));
            }
            if depth > 0 && self.floats.is_empty() && self.shape.len() != depth {
                self.shape.truncate(depth);
            }
            return self.push(op, obj);
        };
        let len = seq.len()?;
        if self.floats.is_empty() && depth == self.shape.len() {
            // First descent: this path fixes the shape.
            self.shape.push(len);
        } else if depth >= self.shape.len() {
            return Err(PyValueError::new_err(format!(
                "{op}: expected a scalar at depth {depth} (as the first element), got a sequence"
            )));
        } else if self.shape[depth] != len {
            return Err(PyValueError::new_err(format!(
                "{op}: expected a sequence of length {} at dim {depth} (got {len})",
                self.shape[depth]
            )));
        }
        for i in 0..len {
            self.walk(op, &seq.get_item(i)?, depth + 1)?;
        }
        Ok(())
    }
}

/// A tensor from nested lists or tuples of numbers and bools (or a single number), as
/// `torch.tensor`: bools give `bool`, ints `int64`, any float `float32`, unless `dtype`
/// says otherwise. Ragged data is a `ValueError` naming the dim and both lengths. A NumPy
/// array or scalar is copied and keeps its dtype (bool, int32, int64, float32, float64;
/// others are a `DTypeError` unless `dtype` is given).
pub fn from_nested(op: &str, obj: &Bound<'_, PyAny>, dtype: Option<DType>) -> PyResult<DynTensor> {
    if let Some(t) = crate::numpy_interop::from_numpy_like(op, obj, false, dtype)? {
        return Ok(t);
    }
    if obj.is_instance_of::<PyString>() {
        return Err(type_error(
            op,
            "a number, a bool or a nested list of them",
            obj,
        ));
    }
    let mut flat = Flat {
        shape: Vec::new(),
        floats: Vec::new(),
        ints: Vec::new(),
        kind: Kind::Bool,
    };
    flat.walk(op, obj, 0)?;
    // Empty lists like `[]` or `[[], []]`: no element decided the kind; torch gives float32.
    if flat.floats.is_empty() && flat.shape.contains(&0) {
        flat.kind = Kind::Float;
    }
    let inferred = match flat.kind {
        Kind::Bool => DType::Bool,
        Kind::Int => DType::Int64,
        Kind::Float => DType::Float32,
    };
    let dtype = dtype.unwrap_or(inferred);
    let shape = flat.shape;
    let t = match dtype {
        DType::Bool => DynTensor::from_vec(
            flat.floats.iter().map(|&v| v != 0.0).collect::<Vec<_>>(),
            &shape,
        ),
        DType::Int32 => {
            let v: Vec<i32> = if flat.kind == Kind::Float {
                flat.floats.iter().map(|&v| v as i32).collect()
            } else {
                flat.ints
                    .iter()
                    .map(|&v| {
                        i32::try_from(v).map_err(|_| {
                            PyValueError::new_err(format!("{op}: {v} does not fit in int32"))
                        })
                    })
                    .collect::<PyResult<_>>()?
            };
            DynTensor::from_vec(v, &shape)
        }
        DType::Int64 => {
            let v: Vec<i64> = if flat.kind == Kind::Float {
                flat.floats.iter().map(|&v| v as i64).collect()
            } else {
                flat.ints
            };
            DynTensor::from_vec(v, &shape)
        }
        DType::Float32 => DynTensor::from_vec(
            flat.floats.iter().map(|&v| v as f32).collect::<Vec<_>>(),
            &shape,
        ),
        DType::Float64 => DynTensor::from_vec(flat.floats, &shape),
    };
    t.py()
}

/// Any tensor-like argument as a [`DynTensor`]: a `Tensor` (shared, not copied), a NumPy
/// array (sharing its memory where `rt.from_numpy` would) or scalar, or data that
/// [`from_nested`] accepts.
pub fn to_dyn(op: &str, obj: &Bound<'_, PyAny>) -> PyResult<DynTensor> {
    if let Ok(t) = obj.cast::<PyTensor>() {
        return Ok(t.get().get());
    }
    if let Some(t) = crate::numpy_interop::from_numpy_like(op, obj, true, None)? {
        return Ok(t);
    }
    from_nested(op, obj, None)
}

/// One element of `t` (at flat logical index `i` of `vals`) as a Python scalar of the
/// tensor's kind: `bool`, `int` or `float`.
fn scalar<'py>(py: Python<'py>, dtype: DType, v: f64, iv: i64) -> PyResult<Bound<'py, PyAny>> {
    Ok(match dtype {
        DType::Bool => PyBool::new(py, v != 0.0).to_owned().into_any(),
        DType::Int32 | DType::Int64 => iv.into_pyobject(py)?.into_any(),
        DType::Float32 | DType::Float64 => PyFloat::new(py, v).into_any(),
    })
}

/// `t` as nested Python lists (`Tensor.tolist`); a 0-d tensor gives a Python scalar.
pub fn to_list<'py>(py: Python<'py>, t: &DynTensor) -> PyResult<Bound<'py, PyAny>> {
    let dtype = t.dtype();
    let floats = t.to_vec_f64();
    let ints: Vec<i64> = match dtype {
        DType::Int32 => t.to_vec::<i32>().py()?.into_iter().map(i64::from).collect(),
        DType::Int64 => t.to_vec::<i64>().py()?,
        _ => Vec::new(),
    };
    let at = |i: usize| ints.get(i).copied().unwrap_or(0);
    fn build<'py>(
        py: Python<'py>,
        shape: &[usize],
        offset: usize,
        leaf: &dyn Fn(usize) -> PyResult<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let Some((&n, rest)) = shape.split_first() else {
            return leaf(offset);
        };
        let stride: usize = rest.iter().product();
        let items = (0..n)
            .map(|i| build(py, rest, offset + i * stride, leaf))
            .collect::<PyResult<Vec<_>>>()?;
        Ok(PyList::new(py, items)?.into_any())
    }
    build(py, t.shape(), 0, &|i| scalar(py, dtype, floats[i], at(i)))
}
