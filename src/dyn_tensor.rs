//! [`DynTensor`]: the dynamically shaped, dtype-erased face.
//!
//! A `DynTensor` holds one [`TensorImpl<T>`] for one of the five element types. The `match`
//! on the dtype is written once, in the `with_*!` macros below; every op calls the same
//! generic kernel the typed face calls. Every op returns [`Result`].

use std::any::Any;
use std::fmt;
use std::ptr::NonNull;

use crate::autograd;
use crate::dtype::{DType, Element};
use crate::error::{Error, Result};
use crate::kernel::{self, Cost};
use crate::layout::{Layout, checked_numel};
use crate::storage::Storage;
use crate::tensor_impl::TensorImpl;

/// The typed tensor inside a [`DynTensor`].
#[derive(Clone)]
pub enum Data {
    /// `bool`
    Bool(TensorImpl<bool>),
    /// `int32`
    Int32(TensorImpl<i32>),
    /// `int64`
    Int64(TensorImpl<i64>),
    /// `float32`
    Float32(TensorImpl<f32>),
    /// `float64`
    Float64(TensorImpl<f64>),
}

/// Runs `$body` with `$t` bound to the `TensorImpl<T>` inside `$x`, for any dtype. Inside,
/// `T` is not nameable; use `Element` methods or a generic helper.
macro_rules! with_any {
    ($x:expr, $t:ident => $body:expr) => {
        match $x.data() {
            $crate::dyn_tensor::Data::Bool($t) => $body,
            $crate::dyn_tensor::Data::Int32($t) => $body,
            $crate::dyn_tensor::Data::Int64($t) => $body,
            $crate::dyn_tensor::Data::Float32($t) => $body,
            $crate::dyn_tensor::Data::Float64($t) => $body,
        }
    };
}

/// Like [`with_any!`] for `int32`, `int64`, `float32`, `float64`; a `bool` tensor is an
/// [`Error::DType`] naming `$op`.
macro_rules! with_numeric {
    ($x:expr, $op:expr, $t:ident => $body:expr) => {
        match $x.data() {
            $crate::dyn_tensor::Data::Int32($t) => $body,
            $crate::dyn_tensor::Data::Int64($t) => $body,
            $crate::dyn_tensor::Data::Float32($t) => $body,
            $crate::dyn_tensor::Data::Float64($t) => $body,
            $crate::dyn_tensor::Data::Bool(_) => {
                return Err($crate::Error::DType {
                    op: $op,
                    expected: "a numeric (int or float)",
                    got: $crate::DType::Bool,
                })
            }
        }
    };
}

/// Like [`with_any!`] for `float32` and `float64`; other dtypes are an [`Error::DType`].
macro_rules! with_float {
    ($x:expr, $op:expr, $t:ident => $body:expr) => {
        match $x.data() {
            $crate::dyn_tensor::Data::Float32($t) => $body,
            $crate::dyn_tensor::Data::Float64($t) => $body,
            _ => {
                return Err($crate::Error::DType {
                    op: $op,
                    expected: "a floating-point",
                    got: $x.dtype(),
                })
            }
        }
    };
}

pub(crate) use {with_any, with_float, with_numeric};

/// A tensor whose dtype and shape are known at run time.
///
/// Cloning is cheap: the clone shares the buffer (it is a view, like every view op).
///
/// # Examples
/// ```
/// use rusttorch::{DType, DynTensor};
/// let a = DynTensor::from_vec(vec![1.0f32, 2.0, 3.0, 4.0], &[2, 2])?;
/// let b = a.add(&a.t()?)?;
/// assert_eq!(b.to_vec::<f32>()?, vec![2.0, 5.0, 5.0, 8.0]);
/// assert_eq!(b.dtype(), DType::Float32);
/// # Ok::<(), rusttorch::Error>(())
/// ```
#[derive(Clone)]
pub struct DynTensor {
    data: Data,
}

impl<T: Element> From<TensorImpl<T>> for DynTensor {
    fn from(t: TensorImpl<T>) -> Self {
        T::into_dyn(t)
    }
}

impl DynTensor {
    pub(crate) fn from_data(data: Data) -> Self {
        DynTensor { data }
    }

    /// The typed tensor inside.
    pub fn data(&self) -> &Data {
        &self.data
    }

    /// The typed tensor inside, by value.
    pub(crate) fn into_data(self) -> Data {
        self.data
    }

    /// The typed tensor inside, mutably (for in-place ops).
    pub(crate) fn data_mut(&mut self) -> &mut Data {
        &mut self.data
    }

    /// The typed tensor inside, if the dtype is `T`'s.
    pub fn as_impl<T: Element>(&self) -> Option<&TensorImpl<T>> {
        T::from_dyn(self)
    }

    /// The typed tensor of dtype `T`, or an [`Error::DType`] naming `op`.
    pub(crate) fn typed<T: Element>(&self, op: &'static str) -> Result<&TensorImpl<T>> {
        T::from_dyn(self).ok_or_else(|| Error::DType {
            op,
            expected: T::DTYPE.name(),
            got: self.dtype(),
        })
    }

    /// The element type.
    pub fn dtype(&self) -> DType {
        match self.data {
            Data::Bool(_) => DType::Bool,
            Data::Int32(_) => DType::Int32,
            Data::Int64(_) => DType::Int64,
            Data::Float32(_) => DType::Float32,
            Data::Float64(_) => DType::Float64,
        }
    }

    /// The dims (`torch.Tensor.shape`).
    pub fn shape(&self) -> &[usize] {
        with_any!(self, t => t.dims())
    }

    /// The strides, in elements.
    pub fn strides(&self) -> &[usize] {
        with_any!(self, t => t.layout().strides())
    }

    /// Number of dims.
    pub fn ndim(&self) -> usize {
        self.shape().len()
    }

    /// Number of elements.
    pub fn numel(&self) -> usize {
        self.shape().iter().product()
    }

    /// `true` if the elements are stored in row-major order without gaps.
    pub fn is_contiguous(&self) -> bool {
        with_any!(self, t => t.layout().is_contiguous())
    }

    /// `true` if both tensors view the same buffer (so a view copied nothing).
    pub fn shares_storage(&self, other: &DynTensor) -> bool {
        match (&self.data, &other.data) {
            (Data::Bool(a), Data::Bool(b)) => a.shares_storage(b),
            (Data::Int32(a), Data::Int32(b)) => a.shares_storage(b),
            (Data::Int64(a), Data::Int64(b)) => a.shares_storage(b),
            (Data::Float32(a), Data::Float32(b)) => a.shares_storage(b),
            (Data::Float64(a), Data::Float64(b)) => a.shares_storage(b),
            _ => false,
        }
    }

    /// The address of the first element (`torch.Tensor.data_ptr`): equal for two tensors
    /// exactly when they start at the same element of the same buffer.
    pub fn data_ptr(&self) -> usize {
        with_any!(self, t => t.buffer().as_ptr().wrapping_add(t.layout().offset()) as usize)
    }

    /// The elements in row-major order.
    ///
    /// # Errors
    /// [`Error::DType`] if the tensor's dtype is not `T`'s.
    pub fn to_vec<T: Element>(&self) -> Result<Vec<T>> {
        Ok(self.typed::<T>("to_vec")?.to_vec())
    }

    /// The elements in row-major order, converted to `f64` whatever the dtype.
    pub fn to_vec_f64(&self) -> Vec<f64> {
        with_any!(self, t => t.to_vec().into_iter().map(Element::to_f64).collect())
    }

    /// The single element of a one-element tensor (any shape), converted to `T`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] if the tensor does not have exactly one element.
    pub fn item<T: Element>(&self) -> Result<T> {
        if self.numel() != 1 {
            return Err(Error::invalid(
                "item",
                "tensor",
                format!(
                    "a tensor of shape {:?} has {} elements, not one",
                    self.shape(),
                    self.numel()
                ),
            ));
        }
        Ok(with_any!(self, t => t.to_vec()[0].cast::<T>()))
    }

    /// The element at `index`, converted to `T`.
    ///
    /// # Errors
    /// [`Error::IndexOutOfRange`] or [`Error::InvalidArgument`] for a bad index.
    pub fn get<T: Element>(&self, index: &[usize]) -> Result<T> {
        if index.len() != self.ndim() {
            return Err(Error::invalid(
                "get",
                "index",
                format!(
                    "{} indices for a tensor of shape {:?}",
                    index.len(),
                    self.shape()
                ),
            ));
        }
        if let Some((d, (&i, &size))) = index
            .iter()
            .zip(self.shape())
            .enumerate()
            .find(|(_, (i, s))| i >= s)
        {
            return Err(Error::IndexOutOfRange {
                op: "get",
                index: i as i64,
                dim: d,
                size,
                shape: self.shape().into(),
            });
        }
        Ok(with_any!(self, t => t.get(index).expect("index checked above").cast::<T>()))
    }

    /// This tensor converted to `dtype` (a view of the same buffer when the dtype already
    /// matches), with `.to(dtype)` semantics: floats truncate toward zero into ints, and any
    /// non-zero value is `true`.
    pub fn to_dtype(&self, dtype: DType) -> Result<DynTensor> {
        if dtype == self.dtype() {
            return Ok(self.clone());
        }
        fn cast<A: Element, U: Element>(t: &TensorImpl<A>) -> Result<DynTensor> {
            let out = kernel::map("to_dtype", t, Cost::Cheap, |x: A| x.cast::<U>())?;
            if !U::DTYPE.is_float() {
                return Ok(out.into()); // an integer or bool result carries no gradient
            }
            Ok(
                autograd::maybe_record(out, "to_dtype", [t.autograd()], |_| {
                    |g: &DynTensor| Ok(vec![Some(g.to_dtype(A::DTYPE)?)])
                })
                .into(),
            )
        }
        with_any!(self, t => match dtype {
            DType::Bool => cast::<_, bool>(t),
            DType::Int32 => cast::<_, i32>(t),
            DType::Int64 => cast::<_, i64>(t),
            DType::Float32 => cast::<_, f32>(t),
            DType::Float64 => cast::<_, f64>(t),
        })
    }

    /// A contiguous tensor of `shape` over memory owned by someone else (a NumPy array,
    /// say), without copying; `owner` is dropped when the last tensor sharing the buffer
    /// is. In-place ops write into that memory when the tensor is its only user (as for
    /// any buffer), so writes show through the owner, as with `torch.from_numpy`.
    ///
    /// # Errors
    /// [`Error::Overflow`] if the element count of `shape` overflows.
    ///
    /// # Safety
    /// As [`Storage::from_foreign`]: `ptr` points to the element count of `shape`
    /// initialized, aligned, valid elements of `T` that stay allocated, unmoved and
    /// writable until `owner` is dropped, and writes through other handles never race with
    /// this tensor's reads or writes.
    pub unsafe fn from_foreign<T: Element>(
        ptr: NonNull<T>,
        shape: &[usize],
        owner: Box<dyn Any + Send + Sync>,
    ) -> Result<DynTensor> {
        let len = checked_numel(shape, "from_foreign")?;
        // SAFETY: the caller guarantees `ptr` holds `len` valid elements kept alive by
        // `owner`, which is exactly `Storage::from_foreign`'s contract.
        let storage = unsafe { Storage::from_foreign(ptr, len, owner) };
        Ok(TensorImpl::from_storage(storage, Layout::contiguous(shape)).into())
    }

    /// A copy that owns a fresh contiguous buffer (`torch.Tensor.clone`); gradients flow
    /// through it unchanged.
    pub fn clone_data(&self) -> Result<DynTensor> {
        Ok(with_any!(self, t => {
            let out = kernel::map("clone", t, Cost::Cheap, |x| x)?;
            autograd::maybe_record(out, "clone", [t.autograd()], |_| {
                |g: &DynTensor| Ok(vec![Some(g.clone())])
            })
            .into()
        }))
    }
}

impl fmt::Debug for DynTensor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// Prints like PyTorch: `tensor([[1., 2.], [3., 4.]], dtype=float64)`, eliding the middle
/// of dims longer than 6.
impl fmt::Display for DynTensor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn rec(f: &mut fmt::Formatter<'_>, vals: &[String], dims: &[usize]) -> fmt::Result {
            if dims.is_empty() {
                return f.write_str(&vals[0]);
            }
            let n = dims[0];
            let step = vals.len() / n.max(1);
            f.write_str("[")?;
            for i in 0..n {
                if n > 6 && i == 3 {
                    f.write_str("..., ")?;
                }
                if n > 6 && (3..n - 3).contains(&i) {
                    continue;
                }
                rec(f, &vals[i * step..(i + 1) * step], &dims[1..])?;
                if i + 1 < n {
                    f.write_str(", ")?;
                }
            }
            f.write_str("]")
        }
        let vals: Vec<String> = with_any!(self, t => t.to_vec().iter().map(|v| {
            let s = format!("{v:?}");
            s.strip_suffix(".0").map(|p| format!("{p}.")).unwrap_or(s)
        }).collect());
        f.write_str("tensor(")?;
        if vals.is_empty() {
            f.write_str("[]")?;
        } else {
            rec(f, &vals, self.shape())?;
        }
        if self.dtype() != DType::Float32
            && self.dtype() != DType::Int64
            && self.dtype() != DType::Bool
        {
            write!(f, ", dtype={}", self.dtype())?;
        }
        f.write_str(")")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_foreign_views_the_memory_without_copying() {
        let mut data = vec![1i64, 2, 3, 4, 5, 6];
        let ptr = NonNull::new(data.as_mut_ptr()).unwrap();
        let addr = ptr.as_ptr() as usize;
        // SAFETY: the 6 initialized i64 of `data` move into the owner with their heap
        // buffer in place, and nothing else touches them.
        let t = unsafe { DynTensor::from_foreign(ptr, &[2, 3], Box::new(data)) }.unwrap();
        assert_eq!(t.shape(), &[2, 3]);
        assert_eq!(t.data_ptr(), addr);
        assert_eq!(t.to_vec::<i64>().unwrap(), vec![1, 2, 3, 4, 5, 6]);
        let s = t.add(&t).unwrap();
        assert_eq!(s.to_vec::<i64>().unwrap(), vec![2, 4, 6, 8, 10, 12]);
        let mut empty: Vec<f32> = Vec::new();
        let p = NonNull::new(empty.as_mut_ptr()).unwrap();
        // SAFETY: zero elements at a dangling but aligned, non-null pointer.
        assert!(unsafe { DynTensor::from_foreign(p, &[usize::MAX, 2], Box::new(empty)) }.is_err());
    }

    #[test]
    fn prints_like_pytorch() {
        let t = DynTensor::from_vec(vec![1.0f64, 2.5, 3.0, 4.0], &[2, 2]).unwrap();
        assert_eq!(
            t.to_string(),
            "tensor([[1., 2.5], [3., 4.]], dtype=float64)"
        );
        let s = DynTensor::from_vec(vec![7i64], &[]).unwrap();
        assert_eq!(s.to_string(), "tensor(7)");
    }

    #[test]
    fn casts_follow_to_semantics() {
        let t = DynTensor::from_vec(vec![-1.7f32, 0.0, 2.9], &[3]).unwrap();
        assert_eq!(
            t.to_dtype(DType::Int32).unwrap().to_vec::<i32>().unwrap(),
            vec![-1, 0, 2]
        );
        assert_eq!(
            t.to_dtype(DType::Bool).unwrap().to_vec::<bool>().unwrap(),
            vec![true, false, true]
        );
        assert!(t.to_dtype(DType::Float32).unwrap().shares_storage(&t));
        let e = t.to_vec::<f64>().unwrap_err();
        assert_eq!(
            e.to_string(),
            "to_vec: expected float64 tensor, got float32"
        );
    }

    #[test]
    fn item_and_get_check_their_arguments() {
        let t = DynTensor::from_vec(vec![1i32, 2, 3, 4, 5, 6], &[2, 3]).unwrap();
        assert_eq!(t.get::<i32>(&[1, 2]).unwrap(), 6);
        assert!(matches!(
            t.get::<i32>(&[2, 0]),
            Err(Error::IndexOutOfRange { dim: 0, .. })
        ));
        assert!(t.item::<f64>().is_err());
        assert_eq!(
            DynTensor::from_vec(vec![2.5f64], &[1, 1])
                .unwrap()
                .item::<f32>()
                .unwrap(),
            2.5
        );
    }
}
