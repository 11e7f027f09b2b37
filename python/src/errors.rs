//! Python exceptions for [`rusttorch::Error`]: `rt.ShapeError` (a `ValueError`),
//! `rt.DTypeError` (a `TypeError`), `rt.CsvError` (a `ValueError`), and the built-in
//! classes where Python has one (`IndexError`, `MemoryError`, `RuntimeError` for autograd
//! misuse, `ValueError` for a bad argument). The message is the Rust error's, which names
//! the op and the shapes, or the file, line and column.

use pyo3::exceptions::{PyIndexError, PyMemoryError, PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use rusttorch::Error;

pyo3::create_exception!(
    rusttorch,
    ShapeError,
    PyValueError,
    "Shapes that do not fit an op: the message names the op and both shapes."
);
pyo3::create_exception!(
    rusttorch,
    DTypeError,
    PyTypeError,
    "A dtype an op does not accept, or two dtypes that do not go together."
);
pyo3::create_exception!(
    rusttorch,
    CsvError,
    PyValueError,
    "A CSV file that cannot be parsed: the message names the file, line and column."
);

/// The Python exception for a rusttorch error.
pub fn to_py(e: Error) -> PyErr {
    let msg = e.to_string();
    match e {
        Error::Broadcast { .. }
        | Error::ShapeMismatch { .. }
        | Error::LengthMismatch { .. }
        | Error::InvalidReshape { .. }
        | Error::StaticShape { .. }
        | Error::Empty { .. }
        | Error::Overflow { .. } => ShapeError::new_err(msg),
        Error::DimOutOfRange { .. } | Error::IndexOutOfRange { .. } => PyIndexError::new_err(msg),
        Error::DType { .. } => DTypeError::new_err(msg),
        Error::Alloc { .. } => PyMemoryError::new_err(msg),
        Error::Autograd { .. } => PyRuntimeError::new_err(msg),
        Error::InvalidArgument { .. } => PyValueError::new_err(msg),
        Error::Csv { .. } => CsvError::new_err(msg),
        // A file error is the `OSError` subclass of its kind, as `open()` raises.
        Error::Io { kind, .. } => {
            use pyo3::exceptions as x;
            use std::io::ErrorKind as K;
            match kind {
                K::NotFound => x::PyFileNotFoundError::new_err(msg),
                K::PermissionDenied => x::PyPermissionError::new_err(msg),
                K::IsADirectory => x::PyIsADirectoryError::new_err(msg),
                K::NotADirectory => x::PyNotADirectoryError::new_err(msg),
                _ => x::PyOSError::new_err(msg),
            }
        }
        // `Error` is non-exhaustive for Rust users; a new variant is still an error here.
        #[allow(unreachable_patterns)]
        _ => PyRuntimeError::new_err(msg),
    }
}

/// `.py()` on a rusttorch result: the same value, or its error as a Python exception.
pub trait IntoPyResult<T> {
    /// Converts the error with [`to_py`].
    fn py(self) -> PyResult<T>;
}

impl<T> IntoPyResult<T> for rusttorch::Result<T> {
    fn py(self) -> PyResult<T> {
        self.map_err(to_py)
    }
}

/// A `TypeError` naming the op and what it was given.
pub fn type_error(op: &str, expected: &str, got: &Bound<'_, PyAny>) -> PyErr {
    let got = got
        .get_type()
        .name()
        .map_or_else(|_| "an unknown type".to_string(), |n| n.to_string());
    PyTypeError::new_err(format!("{op}: expected {expected}, got {got}"))
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("ShapeError", py.get_type::<ShapeError>())?;
    m.add("DTypeError", py.get_type::<DTypeError>())?;
    m.add("CsvError", py.get_type::<CsvError>())?;
    Ok(())
}
