//! `rt.dtype`: the element types `rt.bool`, `rt.int32`, `rt.int64`, `rt.float32` and
//! `rt.float64`, as PyTorch's `torch.dtype` objects.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyString;
use rusttorch::DType;

/// A tensor's element type, as `torch.dtype`: compare with `==`, read `itemsize` and
/// `is_floating_point`.
#[pyclass(name = "dtype", module = "rusttorch", frozen, eq, hash)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PyDType(pub DType);

#[pymethods]
impl PyDType {
    fn __repr__(&self) -> String {
        format!("rusttorch.{}", self.0.name())
    }

    /// Bytes per element.
    #[getter]
    fn itemsize(&self) -> usize {
        self.0.size()
    }

    /// Whether this is `float32` or `float64`.
    #[getter]
    fn is_floating_point(&self) -> bool {
        self.0.is_float()
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        let module = py.import("rusttorch")?;
        Ok((
            module.getattr("_dtype_from_name")?,
            (self.0.name().to_string(),),
        ))
    }
}

/// The dtype named `name` (`"float32"`, `"float"`, `"int64"`, `"long"`, `"bool"`, ...).
pub fn from_name(name: &str) -> Option<DType> {
    Some(match name {
        "bool" => DType::Bool,
        "int32" | "int" => DType::Int32,
        "int64" | "long" => DType::Int64,
        "float32" | "float" => DType::Float32,
        "float64" | "double" => DType::Float64,
        _ => return None,
    })
}

/// A dtype argument: an `rt.dtype`, or its name as a string (the original RustTorch API
/// took `dtype="float32"`).
pub fn extract(op: &str, obj: &Bound<'_, PyAny>) -> PyResult<DType> {
    if let Ok(d) = obj.cast::<PyDType>() {
        return Ok(d.get().0);
    }
    if let Ok(s) = obj.cast::<PyString>() {
        let name = s.to_str()?;
        return from_name(name).ok_or_else(|| {
            PyTypeError::new_err(format!(
                "{op}: unknown dtype {name:?} (expected one of bool, int32, int64, float32, float64)"
            ))
        });
    }
    Err(crate::errors::type_error(
        op,
        "an rt.dtype or a dtype name",
        obj,
    ))
}

/// `_dtype_from_name(name)`: the dtype for pickling.
#[pyfunction]
fn _dtype_from_name(name: &str) -> PyResult<PyDType> {
    from_name(name)
        .map(PyDType)
        .ok_or_else(|| PyTypeError::new_err(format!("unknown dtype {name:?}")))
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyDType>()?;
    for d in [
        DType::Bool,
        DType::Int32,
        DType::Int64,
        DType::Float32,
        DType::Float64,
    ] {
        m.add(d.name(), PyDType(d))?;
    }
    m.add("float", PyDType(DType::Float32))?;
    m.add("double", PyDType(DType::Float64))?;
    m.add("long", PyDType(DType::Int64))?;
    m.add("int", PyDType(DType::Int32))?;
    m.add_function(wrap_pyfunction!(_dtype_from_name, m)?)?;
    Ok(())
}
