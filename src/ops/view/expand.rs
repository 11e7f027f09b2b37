//! `expand` and `broadcast_to`: size-1 dims stretched and leading dims added with stride 0,
//! a view.

use smallvec::SmallVec;

use super::record_view;
use crate::autograd;
use crate::dtype::Element;
use crate::dyn_tensor::{DynTensor, with_any};
use crate::error::{Error, Result};
use crate::layout::{DimVec, Layout, checked_numel};
use crate::shape::{BroadcastToShape, Shape, shape_name};
use crate::tensor::Tensor;
use crate::tensor_impl::TensorImpl;

/// `x` expanded to `shape` with PyTorch's rules, sharing `x`'s buffer: the typed-level
/// `expand`. `-1` keeps an existing dim; new dims may be added in front; only size-1 dims
/// stretch, to any size (including 0), by getting stride 0.
///
/// # Errors
/// [`Error::InvalidArgument`] if `shape` has fewer dims than `x`, or a negative size other
/// than `-1` where it may stand; [`Error::Broadcast`] if a dim of size other than 1 would
/// change; [`Error::Overflow`] if the new element count overflows.
pub fn expand<T: Element>(
    x: &TensorImpl<T>,
    shape: &[isize],
    op: &'static str,
) -> Result<TensorImpl<T>> {
    let dims = x.dims();
    let strides = x.layout().strides();
    if shape.len() < dims.len() {
        return Err(Error::invalid(
            op,
            "shape",
            format!("{shape:?} has fewer dims than the tensor's shape {dims:?}"),
        ));
    }
    let lead = shape.len() - dims.len();
    let mut out: DimVec = SmallVec::with_capacity(shape.len());
    let mut out_strides: DimVec = SmallVec::with_capacity(shape.len());
    for (i, &s) in shape.iter().enumerate() {
        let existing = i.checked_sub(lead).map(|j| (dims[j], strides[j]));
        let size = match (s, existing) {
            (-1, Some((d, _))) => d,
            (s, _) if s >= 0 => s as usize,
            _ => {
                return Err(Error::invalid(
                    op,
                    "shape",
                    format!(
                        "size {s} at dim {i} of {shape:?}: only -1 is allowed as a negative \
                         size, and only for a dim the tensor of shape {dims:?} has"
                    ),
                ));
            }
        };
        let stride = match existing {
            Some((d, st)) if d == size => st,
            Some((1, _)) | None => 0,
            Some(_) => {
                let target: Vec<usize> = shape
                    .iter()
                    .enumerate()
                    .map(|(k, &v)| match v {
                        -1 if k >= lead => dims[k - lead],
                        v => v.max(0) as usize,
                    })
                    .collect();
                return Err(Error::broadcast(op, dims, &target));
            }
        };
        out.push(size);
        out_strides.push(stride);
    }
    checked_numel(&out, op)?;
    let layout = Layout::from_parts(out, out_strides, x.layout().offset());
    // Each input element feeds every output element it was repeated into, so the gradient
    // sums over the added and stretched dims.
    Ok(record_view(x.view(layout), op, x, || {
        let dims = x.dims().to_vec();
        move |g: &DynTensor| autograd::reduce_to(g, &dims)
    }))
}

impl DynTensor {
    /// Returns the view of this tensor expanded to `shape` (`torch.Tensor.expand`):
    /// `out[.., i, ..] = self[.., 0, ..]` along each stretched size-1 dim, and the whole
    /// tensor repeated along new leading dims. `-1` keeps a dim. No element is copied: the
    /// stretched dims get stride 0, so write to a [`DynTensor::contiguous`] copy instead.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let col = DynTensor::from_vec(vec![1i64, 2], &[2, 1])?;
    /// let e = col.expand(&[3, -1, 2])?;
    /// assert_eq!(e.shape(), &[3, 2, 2]);
    /// assert_eq!(e.to_vec::<i64>()?, vec![1, 1, 2, 2, 1, 1, 2, 2, 1, 1, 2, 2]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Broadcast`] if a dim of size other than 1 would change;
    /// [`Error::InvalidArgument`] if `shape` has fewer dims than the tensor, or `-1` for a
    /// new leading dim, or another negative size.
    pub fn expand(&self, shape: &[isize]) -> Result<DynTensor> {
        with_any!(self, x => Ok(expand(x, shape, "expand")?.into()))
    }

    /// Returns the view of this tensor broadcast to `shape` (`torch.broadcast_to`): the
    /// same as [`DynTensor::expand`] with every size given.
    ///
    /// # Errors
    /// [`Error::Broadcast`] if the tensor's shape does not broadcast to exactly `shape`;
    /// [`Error::InvalidArgument`] if `shape` has fewer dims or a size above `isize::MAX`.
    pub fn broadcast_to(&self, shape: &[usize]) -> Result<DynTensor> {
        let sizes = shape
            .iter()
            .map(|&s| isize::try_from(s))
            .collect::<std::result::Result<Vec<isize>, _>>()
            .map_err(|_| {
                Error::invalid(
                    "broadcast_to",
                    "shape",
                    format!("{shape:?} has a size above isize::MAX"),
                )
            })?;
        with_any!(self, x => Ok(expand(x, &sizes, "broadcast_to")?.into()))
    }
}

impl<T: Element, S: Shape> Tensor<T, S> {
    /// Returns the view of this tensor broadcast to `shape` (`torch.broadcast_to`): the
    /// typed [`DynTensor::broadcast_to`], sharing the buffer. Each dim must equal the
    /// target's aligned dim or be [`One`](crate::shape::One); the target may add leading
    /// dims ([`BroadcastToShape`]). A `Const<1>` does not stretch.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::{Tensor, shape::{Const, One, Rank2}};
    /// let col = Tensor::<i64, (Const<2>, One)>::from_vec(vec![1, 2])?;
    /// let e: Tensor<i64, Rank2<2, 3>> = col.broadcast_to(Rank2::<2, 3>::default());
    /// assert_eq!(e.to_vec(), vec![1, 1, 1, 2, 2, 2]);
    /// let r = col.broadcast_to((4usize, Const::<2>, 3usize));
    /// assert_eq!(r.dims(), &[4, 2, 3]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    ///
    /// # Panics
    /// If a `usize` dim on either side does not broadcast at run time (equal sizes, or a
    /// source size of 1); the message names the op and both shapes.
    pub fn broadcast_to<S2: Shape>(&self, shape: S2) -> Tensor<T, S2>
    where
        S: BroadcastToShape<S2>,
    {
        let fail = || -> ! {
            panic!(
                "broadcast_to: cannot broadcast a tensor of shape {:?} ({}) to {:?} ({})",
                self.dims(),
                shape_name::<S>(),
                shape.dims(),
                shape_name::<S2>()
            )
        };
        let sizes: Vec<isize> = shape
            .dims()
            .iter()
            .map(|&d| isize::try_from(d).unwrap_or_else(|_| fail()))
            .collect();
        let inner = expand(self.inner(), &sizes, "broadcast_to").unwrap_or_else(|_| fail());
        Tensor::from_parts(inner, shape)
    }
}

#[cfg(test)]
mod tests {
    use crate::{DType, DynTensor, Error};

    #[test]
    fn expand_stretches_size_one_dims_with_stride_zero() {
        let a = DynTensor::from_vec(vec![1.0f32, 2.0, 3.0], &[1, 3]).unwrap();
        let b = a.expand(&[2, -1]).unwrap();
        assert!(b.shares_storage(&a));
        assert_eq!(b.strides(), &[0, 1]);
        assert_eq!(
            b.to_vec::<f32>().unwrap(),
            vec![1.0, 2.0, 3.0, 1.0, 2.0, 3.0]
        );
        // A new leading dim, and a stretched column of a transposed view.
        let c = a.t().unwrap().expand(&[2, 3, 2]).unwrap();
        assert_eq!(c.shape(), &[2, 3, 2]);
        assert_eq!(
            c.to_vec::<f32>().unwrap(),
            vec![1.0, 1.0, 2.0, 2.0, 3.0, 3.0, 1.0, 1.0, 2.0, 2.0, 3.0, 3.0]
        );
        // A size-1 dim may stretch to 0, and a leading dim may be 0.
        assert_eq!(a.expand(&[0, 3]).unwrap().numel(), 0);
        assert_eq!(a.expand(&[0, 1, 3]).unwrap().shape(), &[0, 1, 3]);
        // A scalar expands to anything.
        let s = DynTensor::scalar(7i32).expand(&[2, 2]).unwrap();
        assert_eq!(s.to_vec::<i32>().unwrap(), vec![7; 4]);
        // Expanding to the same shape is a plain view.
        assert_eq!(a.expand(&[1, 3]).unwrap().strides(), a.strides());
    }

    #[test]
    fn expand_rejects_what_pytorch_rejects() {
        let a = DynTensor::zeros(&[2, 3], DType::Float32).unwrap();
        let e = a.expand(&[2, 4]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "expand: shapes [2, 3] and [2, 4] cannot be broadcast together"
        );
        assert!(matches!(a.expand(&[3]), Err(Error::InvalidArgument { .. })));
        assert!(matches!(
            a.expand(&[-1, 2, 3]),
            Err(Error::InvalidArgument { .. })
        ));
        assert!(matches!(
            a.expand(&[2, -2]),
            Err(Error::InvalidArgument { .. })
        ));
        let one = DynTensor::zeros(&[1], DType::Float32).unwrap();
        assert!(matches!(
            one.expand(&[isize::MAX, isize::MAX]),
            Err(Error::Overflow { .. })
        ));
    }

    #[test]
    fn broadcast_to_is_expand_with_all_sizes() {
        let a = DynTensor::from_vec(vec![5i64, 6], &[2]).unwrap();
        let b = a.broadcast_to(&[2, 2]).unwrap();
        assert!(b.shares_storage(&a));
        assert_eq!(b.to_vec::<i64>().unwrap(), vec![5, 6, 5, 6]);
        let e = a.broadcast_to(&[3]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "broadcast_to: shapes [2] and [3] cannot be broadcast together"
        );
        assert!(a.broadcast_to(&[usize::MAX, 2]).is_err());
    }
}

#[cfg(test)]
mod typed_tests {
    use crate::shape::{Const, One, Rank2, Rank3};
    use crate::{DynTensor, Tensor};

    #[test]
    fn typed_broadcast_to_matches_dyn_and_checks_runtime_dims() {
        let col = Tensor::<i64, (usize, One)>::from_vec_with(vec![1, 2], (2, One)).unwrap();
        let d = col.to_dyn();
        let e: Tensor<i64, (Const<3>, Const<2>, usize)> = col.broadcast_to((Const, Const, 4));
        assert_eq!(e.shape(), (Const, Const, 4));
        assert_eq!(
            e.to_vec(),
            d.broadcast_to(&[3, 2, 4]).unwrap().to_vec::<i64>().unwrap()
        );
        assert!(e.to_dyn().shares_storage(&d));
        let s: Tensor<i64, Rank2<2, 3>> = col.broadcast_to(Rank2::<2, 3>::default());
        assert_eq!(s.to_vec(), vec![1, 1, 1, 2, 2, 2]);
        let z = Tensor::<f32, ()>::full(7.0).broadcast_to(Rank3::<1, 2, 0>::default());
        assert_eq!((z.dims(), z.to_vec()), (&[1, 2, 0][..], vec![]));
        // A runtime 1 stretches; a runtime 3 against 2 panics naming both shapes.
        let one = Tensor::<i64, (usize,)>::from_vec_with(vec![5], (1,)).unwrap();
        assert_eq!(one.broadcast_to((Const::<3>,)).to_vec(), vec![5, 5, 5]);
        let bad = std::panic::catch_unwind(|| col.broadcast_to((Const::<3>, One)));
        let msg = *bad.unwrap_err().downcast::<String>().unwrap();
        assert_eq!(
            msg,
            "broadcast_to: cannot broadcast a tensor of shape [2, 1] ((usize, One)) to [3, 1] ((Const<3>, One))"
        );
        let _ = DynTensor::scalar(0i64);
    }
}

#[cfg(test)]
mod grad_tests {
    use super::super::testing::{check_grad, grad_of_ramp, leaf};

    #[test]
    fn gradcheck_expand_and_broadcast_to() {
        check_grad(|v| v[0].expand(&[3, -1, 2]), &[&[2, 1]]);
        check_grad(|v| v[0].broadcast_to(&[2, 3]), &[&[]]);
        check_grad(|v| v[0].broadcast_to(&[2, 3]), &[&[3]]);
        check_grad(|v| v[0].expand(&[0, 3]), &[&[1, 3]]);
        // A transposed input.
        check_grad(|v| v[0].t()?.expand(&[2, 3, 2]), &[&[2, 3]]);
    }

    #[test]
    fn a_recorded_expand_is_still_a_view_and_sums_back() {
        let x = leaf(&[2, 1]);
        let y = x.expand(&[2, 3]).unwrap();
        assert!(y.shares_storage(&x));
        assert_eq!(y.grad_fn(), Some("expand"));
        assert_eq!(grad_of_ramp(&x, &y), vec![6., 15.]);
        let x = leaf(&[3]);
        let y = x.broadcast_to(&[2, 3]).unwrap();
        assert_eq!(y.grad_fn(), Some("broadcast_to"));
        assert_eq!(grad_of_ramp(&x, &y), vec![5., 7., 9.]);
        // Expanded to size 0: nothing flows back, the gradient is zeros.
        let x = leaf(&[1, 2]);
        let y = x.expand(&[0, 2]).unwrap();
        y.sum().unwrap().backward().unwrap();
        assert_eq!(x.grad().unwrap().to_vec_f64(), vec![0., 0.]);
    }
}
