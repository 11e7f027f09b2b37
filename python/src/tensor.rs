//! `rt.Tensor`: a Python handle on a [`DynTensor`].
//!
//! The class is `frozen` (Python never borrows it mutably) and holds its tensor behind a
//! lock, so in-place ops and `requires_grad_` swap the handle's tensor while other Python
//! threads keep working; reading clones the [`DynTensor`], which shares its storage.
//! Methods live in one file per topic, each with its own `#[pymethods]` block.

use std::sync::{PoisonError, RwLock};

use pyo3::prelude::*;
use rusttorch::DynTensor;

use crate::dtype::PyDType;

/// A multi-dimensional array of one dtype, with autograd (`torch.Tensor`).
#[pyclass(name = "Tensor", module = "rusttorch", frozen, weakref)]
pub struct PyTensor {
    inner: RwLock<DynTensor>,
}

impl PyTensor {
    /// A handle on `t`.
    pub fn new(t: DynTensor) -> Self {
        PyTensor {
            inner: RwLock::new(t),
        }
    }

    /// The tensor (a cheap clone that shares storage and autograd state).
    pub fn get(&self) -> DynTensor {
        self.inner
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Replaces the tensor this handle holds (in-place ops, `requires_grad_`).
    pub fn set(&self, t: DynTensor) {
        *self.inner.write().unwrap_or_else(PoisonError::into_inner) = t;
    }

    /// Runs `f` on the held tensor, mutably, under the write lock.
    pub fn with_mut<R>(&self, f: impl FnOnce(&mut DynTensor) -> R) -> R {
        f(&mut self.inner.write().unwrap_or_else(PoisonError::into_inner))
    }
}

impl From<DynTensor> for PyTensor {
    fn from(t: DynTensor) -> Self {
        PyTensor::new(t)
    }
}

#[pymethods]
impl PyTensor {
    /// The shape, as a tuple of ints.
    #[getter]
    fn shape<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, pyo3::types::PyTuple>> {
        pyo3::types::PyTuple::new(py, self.get().shape())
    }

    /// The shape (`t.size()`), or the size of dim `dim` (`t.size(dim)`, negative counts
    /// from the end).
    #[pyo3(signature = (dim = None))]
    fn size<'py>(&self, py: Python<'py>, dim: Option<isize>) -> PyResult<Bound<'py, PyAny>> {
        let t = self.get();
        match dim {
            None => Ok(pyo3::types::PyTuple::new(py, t.shape())?.into_any()),
            Some(d) => {
                let nd = t.ndim() as isize;
                let i = if d < 0 { d + nd } else { d };
                if i < 0 || i >= nd.max(1) || t.ndim() == 0 {
                    return Err(pyo3::exceptions::PyIndexError::new_err(format!(
                        "size: dim {d} is out of range for a tensor of shape {:?} (expected {}..{})",
                        t.shape(),
                        -nd,
                        nd
                    )));
                }
                Ok(t.shape()[i as usize].into_pyobject(py)?.into_any())
            }
        }
    }

    /// The element type.
    #[getter]
    fn dtype(&self) -> PyDType {
        PyDType(self.get().dtype())
    }

    /// The number of dims.
    #[getter]
    fn ndim(&self) -> usize {
        self.get().ndim()
    }

    /// The number of dims (`t.dim()`).
    fn dim(&self) -> usize {
        self.get().ndim()
    }

    /// The number of elements.
    fn numel(&self) -> usize {
        self.get().numel()
    }

    /// The values as nested Python lists (a Python scalar for a 0-d tensor).
    fn tolist<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        crate::convert::to_list(py, &self.get())
    }
}

/// `rt.tensor(data, dtype=None, requires_grad=False)`: a new tensor from nested lists,
/// tuples, numbers or a tensor (copied), with `dtype` inferred as PyTorch does (bool,
/// int64, float32) unless given.
#[pyfunction]
#[pyo3(signature = (data, dtype = None, requires_grad = false))]
fn tensor(
    data: &Bound<'_, PyAny>,
    dtype: Option<&Bound<'_, PyAny>>,
    requires_grad: bool,
) -> PyResult<PyTensor> {
    use crate::errors::IntoPyResult;
    let dtype = dtype
        .filter(|d| !d.is_none())
        .map(|d| crate::dtype::extract("tensor", d))
        .transpose()?;
    let t = match data.cast::<PyTensor>() {
        Ok(src) => {
            let src = src.get().get().detach();
            let t = src.to_dtype(dtype.unwrap_or(src.dtype())).py()?;
            // `to_dtype` shares storage when the dtype is unchanged; `tensor` copies.
            if t.shares_storage(&src) {
                t.clone_data().py()?
            } else {
                t
            }
        }
        Err(_) => crate::convert::from_nested("tensor", data, dtype)?,
    };
    let t = if requires_grad {
        t.requires_grad_(true).py()?
    } else {
        t
    };
    Ok(PyTensor::new(t))
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyTensor>()?;
    m.add_function(wrap_pyfunction!(tensor, m)?)?;
    Ok(())
}
