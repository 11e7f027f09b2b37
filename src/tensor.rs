//! [`Tensor<T, S>`]: the typed face, whose element type and shape live in the type.
//!
//! A `Tensor<T, S>` wraps the same [`TensorImpl<T>`] as [`DynTensor`] and calls the same
//! kernels; its methods only compute the output shape type (checked by the compiler through
//! the traits in [`crate::shape`]) and, for `usize` dims, the runtime sizes. Converting to
//! a [`DynTensor`] is free; converting back checks dtype, rank and every static dim once.

mod from_array;

use std::fmt;

use crate::dtype::Element;
use crate::dyn_tensor::DynTensor;
use crate::error::{Error, Result};
use crate::shape::{ConstShape, Shape, shape_name};
use crate::tensor_impl::TensorImpl;

/// A tensor of `T` with shape type `S` (see [`crate::shape`]).
///
/// # Examples
/// ```
/// use rusttorch::{Tensor, shape::Rank2};
/// let a: Tensor<f32, Rank2<2, 3>> = Tensor::from_vec(vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0])?;
/// let b = a.add(&a);
/// assert_eq!(b.to_vec(), vec![2.0, 4.0, 6.0, 8.0, 10.0, 12.0]);
/// # Ok::<(), rusttorch::Error>(())
/// ```
#[derive(Clone)]
pub struct Tensor<T: Element, S: Shape> {
    inner: TensorImpl<T>,
    shape: S,
}

impl<T: Element, S: Shape> Tensor<T, S> {
    /// Wraps a typed tensor whose dims are `shape`'s (checked in debug builds).
    pub(crate) fn from_parts(inner: TensorImpl<T>, shape: S) -> Self {
        debug_assert_eq!(inner.dims(), &shape.dims()[..]);
        Tensor { inner, shape }
    }

    /// Wraps the result of a kernel whose output dims the caller derived from the shape
    /// rule.
    ///
    /// # Panics
    /// If the dims do not fit `S`: a bug in the op that produced them.
    pub(crate) fn from_kernel(inner: TensorImpl<T>, op: &'static str) -> Self {
        let shape = S::from_dims(inner.dims()).unwrap_or_else(|| {
            panic!(
                "{op}: internal error: dims {:?} do not fit {}",
                inner.dims(),
                shape_name::<S>()
            )
        });
        Tensor { inner, shape }
    }

    /// The shape value (static dims are zero-sized; `usize` dims hold their size).
    pub fn shape(&self) -> S {
        self.shape
    }

    /// The dims as sizes.
    pub fn dims(&self) -> &[usize] {
        self.inner.dims()
    }

    /// The engine tensor inside.
    pub fn inner(&self) -> &TensorImpl<T> {
        &self.inner
    }

    /// The engine tensor inside, mutably (the shape must not change).
    pub(crate) fn inner_mut(&mut self) -> &mut TensorImpl<T> {
        &mut self.inner
    }

    /// The elements in row-major order.
    pub fn to_vec(&self) -> Vec<T> {
        self.inner.to_vec()
    }

    /// A tensor of `shape` holding `data` in row-major order.
    ///
    /// # Errors
    /// [`Error::LengthMismatch`] if `data.len()` is not the shape's element count.
    pub fn from_vec_with(data: Vec<T>, shape: S) -> Result<Self> {
        let inner = TensorImpl::from_vec(data, &shape.dims(), "Tensor::from_vec")?;
        Ok(Tensor { inner, shape })
    }

    /// A tensor of `shape` with every element `value`.
    ///
    /// # Errors
    /// [`Error::Overflow`] or [`Error::Alloc`] if the shape is too large.
    pub fn full_with(shape: S, value: T) -> Result<Self> {
        let inner = TensorImpl::full(&shape.dims(), value, "Tensor::full")?;
        Ok(Tensor { inner, shape })
    }

    /// Zeros of `shape` (for shapes with `usize` dims).
    ///
    /// # Errors
    /// As [`Tensor::full_with`].
    pub fn zeros_with(shape: S) -> Result<Self> {
        Self::full_with(shape, T::ZERO)
    }

    /// Ones of `shape` (for shapes with `usize` dims).
    ///
    /// # Errors
    /// As [`Tensor::full_with`].
    pub fn ones_with(shape: S) -> Result<Self> {
        Self::full_with(shape, T::ONE)
    }

    /// This tensor as a [`DynTensor`], sharing the buffer.
    pub fn to_dyn(&self) -> DynTensor {
        self.inner.clone().into()
    }
}

impl<T: Element, S: ConstShape> Tensor<T, S> {
    /// A tensor of the static shape `S` holding `data` in row-major order.
    ///
    /// # Errors
    /// [`Error::LengthMismatch`] if `data.len()` is not `S`'s element count.
    pub fn from_vec(data: Vec<T>) -> Result<Self> {
        Self::from_vec_with(data, S::default())
    }

    /// Zeros of the static shape `S`.
    ///
    /// # Panics
    /// If the buffer cannot be allocated (a static shape is the program's own choice, like
    /// the length of a `vec!`).
    pub fn zeros() -> Self {
        Self::full(T::ZERO)
    }

    /// Ones of the static shape `S`.
    ///
    /// # Panics
    /// As [`Tensor::zeros`].
    pub fn ones() -> Self {
        Self::full(T::ONE)
    }

    /// `value` everywhere, in the static shape `S`.
    ///
    /// # Panics
    /// As [`Tensor::zeros`].
    pub fn full(value: T) -> Self {
        Self::full_with(S::default(), value)
            .unwrap_or_else(|e| panic!("cannot create a {} tensor: {e}", shape_name::<S>()))
    }
}

impl<T: Element, S: Shape> From<Tensor<T, S>> for DynTensor {
    fn from(t: Tensor<T, S>) -> DynTensor {
        t.inner.into()
    }
}

impl<T: Element, S: Shape> TryFrom<DynTensor> for Tensor<T, S> {
    type Error = Error;

    /// Checks dtype, rank and every static dim, naming both shapes on a mismatch.
    fn try_from(t: DynTensor) -> Result<Self> {
        Self::try_from(&t)
    }
}

impl<T: Element, S: Shape> TryFrom<&DynTensor> for Tensor<T, S> {
    type Error = Error;

    fn try_from(t: &DynTensor) -> Result<Self> {
        const OP: &str = "Tensor::try_from";
        let inner = t.as_impl::<T>().ok_or_else(|| Error::DType {
            op: OP,
            expected: T::DTYPE.name(),
            got: t.dtype(),
        })?;
        let shape = S::from_dims(t.shape()).ok_or_else(|| Error::StaticShape {
            op: OP,
            expected: shape_name::<S>(),
            got: t.shape().into(),
        })?;
        Ok(Tensor {
            inner: inner.clone(),
            shape,
        })
    }
}

impl<T: Element, S: Shape> fmt::Debug for Tensor<T, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.to_dyn(), shape_name::<S>())
    }
}

impl<T: Element, S: Shape> fmt::Display for Tensor<T, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.to_dyn(), f)
    }
}

impl<T: Element> Tensor<T, ()> {
    /// The value of a 0-d tensor (`tensor.item()`), such as a loss.
    pub fn item(&self) -> T {
        self.inner.to_vec()[0]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DType;
    use crate::shape::{Const, Rank2};

    #[test]
    fn item_reads_a_0d_tensor() {
        let t = Tensor::<f64, Rank2<2, 2>>::from_vec(vec![1.5, 2.0, -0.5, 4.0]).unwrap();
        assert_eq!(t.sum().item(), 7.0);
    }

    #[test]
    fn dyn_round_trip_checks_dtype_rank_and_static_dims() {
        let d = DynTensor::from_vec(vec![1.0f32, 2.0, 3.0, 4.0, 5.0, 6.0], &[2, 3]).unwrap();
        let t: Tensor<f32, (usize, Const<3>)> = Tensor::try_from(&d).unwrap();
        assert_eq!(t.shape(), (2, Const));
        assert!(
            DynTensor::from(t.clone()).shares_storage(&d),
            "conversion copies nothing"
        );
        let e = Tensor::<f32, Rank2<3, 2>>::try_from(&d).unwrap_err();
        assert_eq!(
            e.to_string(),
            "Tensor::try_from: a tensor of shape [2, 3] does not fit the shape type `(Const<3>, Const<2>)`"
        );
        assert!(matches!(
            Tensor::<f64, (usize, usize)>::try_from(&d),
            Err(Error::DType { .. })
        ));
        assert!(Tensor::<f32, (usize,)>::try_from(d.to_dtype(DType::Float32).unwrap()).is_err());
    }

    #[test]
    fn static_constructors() {
        let z = Tensor::<i64, Rank2<2, 2>>::ones();
        assert_eq!(z.to_vec(), vec![1; 4]);
        assert!(Tensor::<f32, Rank2<2, 2>>::from_vec(vec![1.0; 3]).is_err());
        let r = Tensor::<f32, (usize, Const<2>)>::zeros_with((3, Const)).unwrap();
        assert_eq!(r.dims(), &[3, 2]);
    }
}
