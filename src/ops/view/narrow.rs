//! `narrow`: `length` consecutive elements along one dim, a view.

use super::{grad_into_region, record_view};
use crate::dtype::Element;
use crate::dyn_tensor::{DynTensor, with_any};
use crate::error::{Error, Result};
use crate::layout::normalize_dim;
use crate::shape::{Const, NarrowShape, Shape};
use crate::tensor::Tensor;
use crate::tensor_impl::TensorImpl;

/// Elements `start..start + length` of `x` along `dim`, sharing `x`'s buffer: the
/// typed-level `narrow`. A negative `start` counts from the end.
///
/// # Errors
/// [`Error::DimOutOfRange`] for a bad dim, [`Error::IndexOutOfRange`] if `start` is outside
/// `-size..=size`, [`Error::InvalidArgument`] if `start + length` passes the end.
pub fn narrow<T: Element>(
    x: &TensorImpl<T>,
    dim: isize,
    start: isize,
    length: usize,
) -> Result<TensorImpl<T>> {
    let shape = x.dims();
    let d = normalize_dim(dim, shape.len(), shape, "narrow")?;
    let size = shape[d];
    // NOTE: start == size is allowed (with length 0), as in PyTorch.
    let s = if start < 0 {
        start + size as isize
    } else {
        start
    };
    if s < 0 || s as usize > size {
        return Err(Error::IndexOutOfRange {
            op: "narrow",
            index: start as i64,
            dim: d,
            size,
            shape: shape.into(),
        });
    }
    let s = s as usize;
    if length > size - s {
        return Err(Error::invalid(
            "narrow",
            "length",
            format!(
                "start {s} + length {length} exceeds the size {size} of dim {d} in shape {shape:?}"
            ),
        ));
    }
    // The gradient is zeros of the input's shape with the output's gradient in the range.
    let out = x.view(x.layout().slice(d, s, length, 1));
    Ok(record_view(out, "narrow", x, || {
        let dims = x.dims().to_vec();
        move |g: &DynTensor| grad_into_region("narrow", g, &dims, |l| l.slice(d, s, length, 1))
    }))
}

impl DynTensor {
    /// Returns the view of elements `start..start + length` along `dim`,
    /// `out[.., i, ..] = self[.., start + i, ..]` (`torch.narrow`). A negative `start`
    /// counts from the end. The shape keeps its rank with `length` at `dim`.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let a = DynTensor::from_vec((0..6i64).collect(), &[2, 3])?;
    /// assert_eq!(a.narrow(1, 1, 2)?.to_vec::<i64>()?, vec![1, 2, 4, 5]);
    /// assert_eq!(a.narrow(-1, -1, 1)?.to_vec::<i64>()?, vec![2, 5]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::DimOutOfRange`] for a bad dim, [`Error::IndexOutOfRange`] if `start` is
    /// outside `-size..=size`, [`Error::InvalidArgument`] if `start + length` passes the end.
    pub fn narrow(&self, dim: isize, start: isize, length: usize) -> Result<DynTensor> {
        with_any!(self, x => Ok(narrow(x, dim, start, length)?.into()))
    }
}

impl<T: Element, S: Shape> Tensor<T, S> {
    /// Returns the view of elements `start..start + len` along `axis`: the typed
    /// [`DynTensor::narrow`], sharing the buffer. The dim at the axis becomes a `usize`
    /// ([`NarrowShape`]); an axis out of range does not compile.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::{Tensor, shape::{Axis, Const, Rank2}};
    /// let x = Tensor::<i32, Rank2<2, 4>>::from_vec((0..8).collect())?;
    /// let y: Tensor<i32, (Const<2>, usize)> = x.narrow(Axis::<1>, 1, 2);
    /// assert_eq!(y.to_vec(), vec![1, 2, 5, 6]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    ///
    /// # Panics
    /// If `start + len` passes the end of the axis (a logic error, as for slice
    /// indexing); the message names the op, the shape and the range.
    pub fn narrow<A>(
        &self,
        _axis: A,
        start: usize,
        len: usize,
    ) -> Tensor<T, <S as NarrowShape<A, usize>>::Output>
    where
        S: NarrowShape<A, usize>,
    {
        Tensor::from_kernel(self.narrow_at(S::INDEX, start, len), "narrow")
    }

    /// [`Tensor::narrow`] to a static length `L`: the dim at the axis becomes `Const<L>`.
    /// Write the length in the turbofish: `x.narrow_const::<_, 2>(Axis::<1>, 0)`.
    ///
    /// # Panics
    /// As [`Tensor::narrow`].
    pub fn narrow_const<A, const L: usize>(
        &self,
        _axis: A,
        start: usize,
    ) -> Tensor<T, <S as NarrowShape<A, Const<L>>>::Output>
    where
        S: NarrowShape<A, Const<L>>,
    {
        Tensor::from_kernel(self.narrow_at(S::INDEX, start, L), "narrow")
    }

    /// The narrowed view along axis `d`, panicking on a range past the end.
    fn narrow_at(&self, d: usize, start: usize, len: usize) -> TensorImpl<T> {
        let size = self.dims()[d];
        if start > size || len > size - start {
            panic!(
                "narrow: start {start} + length {len} is out of range for dim {d} of size {size} \
                 in a tensor of shape {:?}",
                self.dims()
            );
        }
        narrow(self.inner(), d as isize, start as isize, len).expect("the range was checked")
    }
}

#[cfg(test)]
mod tests {
    use crate::{DType, DynTensor, Error};

    #[test]
    fn narrow_views_a_range() {
        let a = DynTensor::from_vec((0..12i32).collect(), &[3, 4]).unwrap();
        let b = a.narrow(0, 1, 2).unwrap();
        assert!(b.shares_storage(&a));
        assert!(b.is_contiguous());
        assert_eq!(b.to_vec::<i32>().unwrap(), vec![4, 5, 6, 7, 8, 9, 10, 11]);
        let c = a.narrow(1, -3, 2).unwrap();
        assert!(c.shares_storage(&a));
        assert_eq!(c.shape(), &[3, 2]);
        assert_eq!(c.to_vec::<i32>().unwrap(), vec![1, 2, 5, 6, 9, 10]);
        // Narrowing a transposed view.
        let t = a.t().unwrap().narrow(0, 3, 1).unwrap();
        assert_eq!(t.to_vec::<i32>().unwrap(), vec![3, 7, 11]);
        // An empty range at the end is allowed.
        let e = a.narrow(1, 4, 0).unwrap();
        assert_eq!((e.shape(), e.numel()), (&[3, 0][..], 0));
        // Narrowing an empty tensor keeps its offset inside the (empty) buffer.
        let z = DynTensor::zeros(&[0, 3], DType::Float32)
            .unwrap()
            .narrow(1, 2, 1)
            .unwrap();
        assert_eq!(z.shape(), &[0, 1]);
        assert!(z.contiguous().unwrap().to_vec::<f32>().unwrap().is_empty());
    }

    #[test]
    fn narrow_checks_its_range() {
        let a = DynTensor::zeros(&[3, 4], DType::Float64).unwrap();
        assert!(matches!(
            a.narrow(0, 4, 0),
            Err(Error::IndexOutOfRange {
                index: 4,
                dim: 0,
                size: 3,
                ..
            })
        ));
        assert!(matches!(
            a.narrow(0, -4, 1),
            Err(Error::IndexOutOfRange { .. })
        ));
        let e = a.narrow(1, 2, 3).unwrap_err();
        assert_eq!(
            e.to_string(),
            "narrow: invalid length: start 2 + length 3 exceeds the size 4 of dim 1 in shape [3, 4]"
        );
        assert!(matches!(
            a.narrow(2, 0, 1),
            Err(Error::DimOutOfRange { .. })
        ));
        assert!(DynTensor::scalar(1i64).narrow(0, 0, 1).is_err());
    }
}

#[cfg(test)]
mod typed_tests {
    use crate::Tensor;
    use crate::shape::{Axis, Const};

    #[test]
    fn typed_narrow_matches_dyn_and_panics_past_the_end() {
        let x =
            Tensor::<i32, (usize, Const<4>)>::from_vec_with((0..12).collect(), (3, Const)).unwrap();
        let d = x.to_dyn();
        let y: Tensor<i32, (usize, usize)> = x.narrow(Axis::<1>, 1, 3);
        assert_eq!(y.shape(), (3, 3));
        assert_eq!(
            y.to_vec(),
            d.narrow(1, 1, 3).unwrap().to_vec::<i32>().unwrap()
        );
        assert!(y.to_dyn().shares_storage(&d));
        let r: Tensor<i32, (usize, Const<4>)> = x.narrow(Axis::<0>, 3, 0);
        assert_eq!((r.dims(), r.to_vec()), (&[0, 4][..], vec![]));
        let c: Tensor<i32, (usize, Const<2>)> = x.narrow_const::<_, 2>(Axis::<1>, 2);
        assert_eq!(c.to_vec(), vec![2, 3, 6, 7, 10, 11]);
        let bad = std::panic::catch_unwind(|| x.narrow(Axis::<1>, 2, 3));
        let msg = *bad.unwrap_err().downcast::<String>().unwrap();
        assert_eq!(
            msg,
            "narrow: start 2 + length 3 is out of range for dim 1 of size 4 in a tensor of shape [3, 4]"
        );
        assert!(std::panic::catch_unwind(|| x.narrow(Axis::<0>, 4, 0)).is_err());
    }
}

#[cfg(test)]
mod grad_tests {
    use super::super::testing::{check_grad, grad_of_ramp, leaf};

    #[test]
    fn gradcheck_narrow() {
        check_grad(|v| v[0].narrow(-1, -2, 2), &[&[2, 4]]);
        check_grad(|v| v[0].narrow(0, 1, 2), &[&[4, 2]]);
        check_grad(|v| v[0].narrow(0, 1, 0), &[&[3]]);
        // An expanded input: the rows it repeated sum their gradients.
        check_grad(|v| v[0].expand(&[3, 4])?.narrow(0, 1, 2), &[&[1, 4]]);
        // Nested narrows of a transposed input.
        check_grad(|v| v[0].t()?.narrow(0, 1, 3)?.narrow(1, 1, 1), &[&[2, 4]]);
    }

    #[test]
    fn a_recorded_narrow_is_still_a_view_and_scatters_into_zeros() {
        let x = leaf(&[2, 3]);
        let y = x.narrow(1, 1, 2).unwrap();
        assert!(y.shares_storage(&x));
        assert_eq!(y.grad_fn(), Some("narrow"));
        assert_eq!(grad_of_ramp(&x, &y), vec![0., 1., 2., 0., 3., 4.]);
    }
}
