//! NumPy interop: `Tensor.numpy()` and `np.asarray(t)` as read-only views of the tensor's
//! memory, and `rt.from_numpy(a)` as a tensor over the array's memory where its layout
//! allows (a copy in C order otherwise).
//!
//! Why the NumPy view of a tensor is read-only (PyTorch's is writable): a buffer shared by
//! several tensors is immutable in rusttorch (in-place ops copy it first unless they are its
//! only user), and the kernels read it while the GIL is released. The array returned keeps a
//! clone of the tensor (in a small `_TensorBuffer` object, its `base`) and so sees the values
//! the tensor had; an in-place op on the tensor afterwards copies, and the array keeps the
//! old values.

use std::ffi::{c_int, c_void};
use std::mem::size_of;
use std::ptr::{self, NonNull};

use numpy::npyffi::{self, NPY_ARRAY_WRITEABLE, NpyTypes, PY_ARRAY_API, npy_intp};
use numpy::{
    PyArrayDescr, PyArrayDescrMethods, PyArrayDyn, PyArrayMethods, PyUntypedArray,
    PyUntypedArrayMethods,
};
use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyType;
use rusttorch::dyn_tensor::Data;
use rusttorch::{DType, DynTensor, TensorImpl};

use crate::errors::{DTypeError, IntoPyResult};
use crate::tensor::PyTensor;
use crate::threads::maybe_detach;

/// Keeps a tensor's buffer alive under the NumPy arrays that view it: the `base` of the
/// arrays `Tensor.numpy()` and `np.asarray(t)` return.
#[pyclass(name = "_TensorBuffer", module = "rusttorch", frozen)]
pub struct TensorBuffer {
    tensor: DynTensor,
}

#[pymethods]
impl TensorBuffer {
    /// A short description: the shape and dtype of the tensor whose buffer this holds.
    fn __repr__(&self) -> String {
        format!(
            "_TensorBuffer(shape={:?}, dtype={})",
            self.tensor.shape(),
            self.tensor.dtype()
        )
    }
}

/// The message of PyTorch for `.numpy()` on a tensor that requires grad.
const REQUIRES_GRAD: &str =
    "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.";

/// A NumPy array over the buffer of `t`, with `t`'s strides, kept alive by a clone of `t`.
/// `writeable` only for a buffer nothing else can reach (a fresh copy).
fn view<'py, T>(
    py: Python<'py>,
    imp: &TensorImpl<T>,
    owner: DynTensor,
    writeable: bool,
) -> PyResult<Bound<'py, PyAny>>
where
    T: rusttorch::Element + numpy::Element,
{
    let layout = imp.layout();
    let too_big = || PyValueError::new_err("numpy: the tensor is too large for NumPy");
    let mut dims = layout
        .dims()
        .iter()
        .map(|&d| npy_intp::try_from(d).map_err(|_| too_big()))
        .collect::<PyResult<Vec<_>>>()?;
    let mut strides = layout
        .strides()
        .iter()
        .map(|&s| {
            s.checked_mul(size_of::<T>())
                .and_then(|b| npy_intp::try_from(b).ok())
                .ok_or_else(too_big)
        })
        .collect::<PyResult<Vec<_>>>()?;
    let nd = c_int::try_from(dims.len()).map_err(|_| too_big())?;
    // The first element; for an empty tensor the offset may equal the buffer length, and
    // NumPy never reads through the pointer.
    let data = imp.buffer().as_ptr().wrapping_add(layout.offset());
    let owner = Bound::new(py, TensorBuffer { tensor: owner })?;
    let flags = if writeable { NPY_ARRAY_WRITEABLE } else { 0 };
    // SAFETY: `dims` and `strides` hold `nd` entries each and describe elements inside the
    // buffer (the tensor's layout stays inside its buffer, strides are non-negative); `data`
    // points into that buffer, which `owner` (set as the array's base below) keeps alive and
    // unmoved; the descriptor reference is stolen by `PyArray_NewFromDescr`, as required.
    let arr = unsafe {
        PY_ARRAY_API.PyArray_NewFromDescr(
            py,
            npyffi::get_type_object(py, NpyTypes::PyArray_Type),
            T::get_dtype(py).into_dtype_ptr(),
            nd,
            dims.as_mut_ptr(),
            strides.as_mut_ptr(),
            data as *mut c_void,
            flags,
            ptr::null_mut(),
        )
    };
    // SAFETY: `arr` is a new reference or null with a Python error set.
    let arr = unsafe { Bound::from_owned_ptr_or_err(py, arr)? };
    // SAFETY: `arr` is a fresh ndarray with no base yet; `PyArray_SetBaseObject` steals the
    // reference to `owner` (also on failure).
    let rc =
        unsafe { PY_ARRAY_API.PyArray_SetBaseObject(py, arr.as_ptr().cast(), owner.into_ptr()) };
    if rc < 0 {
        return Err(PyErr::fetch(py));
    }
    Ok(arr)
}

/// `t` as a NumPy array over its buffer (see [`view`]).
fn to_numpy<'py>(py: Python<'py>, t: &DynTensor, writeable: bool) -> PyResult<Bound<'py, PyAny>> {
    let owner = t.clone();
    match t.data() {
        Data::Bool(x) => view(py, x, owner, writeable),
        Data::Int32(x) => view(py, x, owner, writeable),
        Data::Int64(x) => view(py, x, owner, writeable),
        Data::Float32(x) => view(py, x, owner, writeable),
        Data::Float64(x) => view(py, x, owner, writeable),
    }
}

/// Our dtype for a NumPy dtype (of either byte order), if we have it.
fn dtype_of(descr: &Bound<'_, PyArrayDescr>) -> Option<DType> {
    match (descr.kind(), descr.itemsize()) {
        (b'b', 1) => Some(DType::Bool),
        (b'i', 4) => Some(DType::Int32),
        (b'i', 8) => Some(DType::Int64),
        (b'f', 4) => Some(DType::Float32),
        (b'f', 8) => Some(DType::Float64),
        _ => None,
    }
}

/// NumPy's native dtype for one of ours.
fn numpy_dtype(py: Python<'_>, dtype: DType) -> Bound<'_, PyArrayDescr> {
    match dtype {
        DType::Bool => numpy::dtype::<bool>(py),
        DType::Int32 => numpy::dtype::<i32>(py),
        DType::Int64 => numpy::dtype::<i64>(py),
        DType::Float32 => numpy::dtype::<f32>(py),
        DType::Float64 => numpy::dtype::<f64>(py),
    }
}

/// The `TypeError` (a `DTypeError`) for a NumPy dtype we do not have.
fn unsupported(op: &str, descr: &Bound<'_, PyArrayDescr>) -> PyErr {
    let name = descr
        .str()
        .map_or_else(|_| "unknown".to_string(), |s| s.to_string());
    DTypeError::new_err(format!(
        "{op}: can't convert a NumPy array of dtype {name}; the supported dtypes are bool, \
         int32, int64, float32 and float64"
    ))
}

/// A tensor over the memory of `arr`, which must be C-contiguous, aligned, writable, in
/// native byte order, of dtype `T`, with at least one element.
fn share<T: rusttorch::Element>(arr: &Bound<'_, PyUntypedArray>) -> PyResult<DynTensor> {
    // SAFETY: `arr` is a live ndarray, so its object struct can be read.
    let data = unsafe { (*arr.as_array_ptr()).fields.data }.cast::<T>();
    let ptr = NonNull::new(data)
        .filter(|p| p.as_ptr().is_aligned())
        .ok_or_else(|| PyValueError::new_err("from_numpy: the array's data is not aligned"))?;
    let owner: Py<PyAny> = arr.clone().into_any().unbind();
    // SAFETY: the caller checked that the array is C-contiguous, aligned, writable and of
    // dtype `T` in native byte order, so `ptr` holds `numel` valid elements of `T` (`T` is
    // not `bool`, whose bytes NumPy does not guarantee to be 0 or 1); the array object,
    // moved into the owner, keeps that memory allocated and in place (NumPy refuses to
    // resize an array that others reference). Writes through NumPy while a kernel reads the
    // tensor are a data race the user must avoid, as with `torch.from_numpy`.
    unsafe { DynTensor::from_foreign(ptr, arr.shape(), Box::new(owner)) }.py()
}

/// `true` if NumPy may write the array (its `WRITEABLE` flag).
fn is_writeable(arr: &Bound<'_, PyUntypedArray>) -> bool {
    // SAFETY: `arr` is a live ndarray, so its object struct can be read.
    unsafe { (*arr.as_array_ptr()).fields.flags & NPY_ARRAY_WRITEABLE != 0 }
}

/// A tensor from a NumPy array: over the array's memory when `share` and the layout
/// allows (see `from_numpy`), else a copy in logical (C) order.
pub fn array_to_dyn(
    py: Python<'_>,
    op: &str,
    arr: &Bound<'_, PyUntypedArray>,
    share_memory: bool,
) -> PyResult<DynTensor> {
    let descr = arr.dtype();
    let dtype = dtype_of(&descr).ok_or_else(|| unsupported(op, &descr))?;
    let shape = arr.shape().to_vec();
    if arr.is_empty() {
        return match dtype {
            DType::Bool => DynTensor::from_vec(Vec::<bool>::new(), &shape),
            DType::Int32 => DynTensor::from_vec(Vec::<i32>::new(), &shape),
            DType::Int64 => DynTensor::from_vec(Vec::<i64>::new(), &shape),
            DType::Float32 => DynTensor::from_vec(Vec::<f32>::new(), &shape),
            DType::Float64 => DynTensor::from_vec(Vec::<f64>::new(), &shape),
        }
        .py();
    }
    let shareable = share_memory
        && dtype != DType::Bool
        && arr.is_c_contiguous()
        && arr.is_aligned()
        && is_writeable(arr)
        && descr.is_native_byteorder() != Some(false);
    // Anything else: NumPy copies it into a fresh C-ordered, native array (reading the
    // source through its strides, so Fortran order and negative steps come out in logical
    // order), which the tensor then owns alone.
    let arr = if shareable {
        arr.clone()
    } else {
        let np = py.import("numpy")?;
        let kwargs = pyo3::types::PyDict::new(py);
        kwargs.set_item("dtype", numpy_dtype(py, dtype))?;
        kwargs.set_item("order", "C")?;
        kwargs.set_item("copy", true)?;
        np.call_method("array", (arr,), Some(&kwargs))?
            .cast_into::<PyUntypedArray>()?
    };
    match dtype {
        DType::Bool => {
            // Read the bytes, not `bool`s: NumPy does not guarantee they are 0 or 1.
            let bytes = arr
                .call_method1("view", (numpy::dtype::<u8>(py),))?
                .cast_into::<PyArrayDyn<u8>>()?;
            let bytes = bytes.try_readonly()?;
            let bytes = bytes.as_slice()?;
            let v = maybe_detach(py, bytes.len(), || {
                bytes.iter().map(|&b| b != 0).collect::<Vec<bool>>()
            });
            DynTensor::from_vec(v, &shape).py()
        }
        DType::Int32 => share::<i32>(&arr),
        DType::Int64 => share::<i64>(&arr),
        DType::Float32 => share::<f32>(&arr),
        DType::Float64 => share::<f64>(&arr),
    }
}

/// `numpy.generic`, the base class of NumPy scalars.
fn numpy_generic(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    static GENERIC: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    GENERIC.import(py, "numpy", "generic")
}

/// For `to_dyn` and `rt.tensor`: `Some(tensor)` if `obj` is a NumPy array or scalar, else
/// `None`. `share` as in [`array_to_dyn`]; with `dtype`, NumPy first converts the array to
/// it (so `rt.tensor(a, dtype=rt.int64)` accepts a `uint8` array), and the result is a copy.
pub fn from_numpy_like(
    op: &str,
    obj: &Bound<'_, PyAny>,
    share: bool,
    dtype: Option<DType>,
) -> PyResult<Option<DynTensor>> {
    let py = obj.py();
    let arr = if let Ok(arr) = obj.cast::<PyUntypedArray>() {
        arr.clone()
    } else if obj.is_instance(numpy_generic(py)?)? {
        py.import("numpy")?
            .call_method1("asarray", (obj,))?
            .cast_into::<PyUntypedArray>()?
    } else {
        return Ok(None);
    };
    let Some(dtype) = dtype else {
        return array_to_dyn(py, op, &arr, share).map(Some);
    };
    if dtype_of(&arr.dtype()) == Some(dtype) {
        return array_to_dyn(py, op, &arr, false).map(Some);
    }
    if !is_numeric(&arr) {
        return Err(unsupported(op, &arr.dtype()));
    }
    let converted = arr
        .call_method1("astype", (numpy_dtype(py, dtype),))?
        .cast_into::<PyUntypedArray>()?;
    array_to_dyn(py, op, &converted, false).map(Some)
}

/// `true` for NumPy's bool, integer and floating dtypes (kinds `b`, `i`, `u`, `f`).
fn is_numeric(arr: &Bound<'_, PyUntypedArray>) -> bool {
    matches!(arr.dtype().kind(), b'b' | b'i' | b'u' | b'f')
}

/// `rt.from_numpy(a)`: a tensor from a NumPy array, sharing its memory where the layout
/// allows (`torch.from_numpy`).
///
/// The memory is shared (no copy) when `a` is C-contiguous, aligned, writable, in native
/// byte order, not empty, and of dtype int32, int64, float32 or float64: then writes
/// through NumPy are visible to the tensor and in-place ops on the tensor are visible
/// through NumPy, as with PyTorch, and the tensor keeps `a` alive. Any other array
/// (read-only, Fortran order, negative or non-unit strides, non-native byte order, bool
/// dtype) is copied into a new tensor in logical (C) order. bool arrays are always copied
/// because a Rust `bool` must be 0 or 1 and NumPy does not guarantee that of every byte.
/// The dtype is kept; other dtypes (float16, uint8, complex, object, strings) raise a
/// `DTypeError` (a `TypeError`) naming the dtype. Do not write the array from one thread
/// while another computes with the tensor.
#[pyfunction]
pub fn from_numpy(py: Python<'_>, a: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
    let arr = a.cast::<PyUntypedArray>().map_err(|_| {
        let got = a
            .get_type()
            .name()
            .map_or_else(|_| "an unknown type".to_string(), |n| n.to_string());
        PyTypeError::new_err(format!("from_numpy: expected np.ndarray (got {got})"))
    })?;
    array_to_dyn(py, "from_numpy", arr, true).map(PyTensor::new)
}

#[pymethods]
impl PyTensor {
    /// A tensor from a NumPy array, sharing its memory where the layout allows
    /// (`Tensor.from_numpy(a)`, the same as `rt.from_numpy(a)`; see it for when memory is
    /// shared).
    #[staticmethod]
    #[pyo3(name = "from_numpy")]
    fn from_numpy_static(py: Python<'_>, a: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        from_numpy(py, a)
    }

    /// The tensor as a NumPy array sharing its memory (`torch.Tensor.numpy`).
    ///
    /// No copy is made: the array views the tensor's buffer with the tensor's strides (so
    /// `t.T.numpy()` is a Fortran-ordered view) and keeps the buffer alive. Unlike PyTorch,
    /// the array is read-only (`flags.writeable` is False): rusttorch buffers shared by
    /// several users are immutable, so an in-place op on the tensor afterwards copies the
    /// buffer and the array keeps the values it had. Use `np.array(t)` or
    /// `t.numpy().copy()` for a writable copy. A tensor that requires grad raises a
    /// `RuntimeError` unless `force=True` (which detaches it).
    #[pyo3(signature = (*, force = false))]
    fn numpy<'py>(&self, py: Python<'py>, force: bool) -> PyResult<Bound<'py, PyAny>> {
        let t = self.get();
        if t.requires_grad() && !force {
            return Err(PyRuntimeError::new_err(REQUIRES_GRAD));
        }
        to_numpy(py, &t.detach(), false)
    }

    /// The tensor as a NumPy array, for `np.asarray(t)` and `np.array(t)` (NumPy 2's
    /// `__array__(dtype=None, copy=None)` protocol).
    ///
    /// With `copy=None` (`np.asarray`) and no dtype change, a read-only view of the
    /// tensor's memory as `numpy()` gives; with `copy=True` (`np.array`) or another dtype,
    /// a new writable array; `copy=False` with a dtype change is a `ValueError`, as NumPy
    /// asks. A tensor that requires grad raises a `RuntimeError`, as in PyTorch.
    #[pyo3(signature = (dtype = None, copy = None))]
    fn __array__<'py>(
        &self,
        py: Python<'py>,
        dtype: Option<&Bound<'py, PyAny>>,
        copy: Option<bool>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let t = self.get();
        if t.requires_grad() {
            return Err(PyRuntimeError::new_err(REQUIRES_GRAD));
        }
        let t = t.detach();
        let descr = dtype
            .filter(|d| !d.is_none())
            .map(|d| PyArrayDescr::new(py, d))
            .transpose()?;
        let same = descr.as_ref().is_none_or(|d| {
            dtype_of(d) == Some(t.dtype()) && d.is_native_byteorder() != Some(false)
        });
        if same && copy != Some(true) {
            return to_numpy(py, &t, false);
        }
        if copy == Some(false) {
            return Err(PyValueError::new_err(
                "Unable to avoid copy while creating an array as requested.",
            ));
        }
        let work = t.numel();
        match descr {
            // A fresh buffer only the returned array reaches, so it may be writable.
            None => {
                let c = maybe_detach(py, work, || t.clone_data()).py()?;
                to_numpy(py, &c, true)
            }
            Some(d) => match dtype_of(&d).filter(|_| d.is_native_byteorder() != Some(false)) {
                Some(target) if target != t.dtype() => {
                    let c = maybe_detach(py, work, || t.to_dtype(target)).py()?;
                    to_numpy(py, &c, true)
                }
                // Another NumPy dtype (float16, uint8, '>f4', ...): NumPy converts a view.
                _ => to_numpy(py, &t, false)?.call_method1("astype", (d,)),
            },
        }
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(from_numpy, m)?)?;
    Ok(())
}
