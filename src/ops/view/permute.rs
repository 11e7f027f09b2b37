//! `permute`: dims reordered, a view.

use super::record_view;
use crate::dtype::Element;
use crate::dyn_tensor::{DynTensor, with_any};
use crate::error::{Error, Result};
use crate::layout::normalize_dim;
use crate::shape::{PermuteShape, Shape, axes_distinct};
use crate::tensor::Tensor;
use crate::tensor_impl::TensorImpl;

/// `x` with output dim `i` taken from input dim `dims[i]`, sharing `x`'s buffer: the
/// typed-level `permute`.
///
/// # Errors
/// [`Error::DimOutOfRange`] for a dim outside `-ndim..ndim`; [`Error::InvalidArgument`] if
/// `dims` is not a permutation of `0..ndim`.
pub fn permute<T: Element>(x: &TensorImpl<T>, dims: &[isize]) -> Result<TensorImpl<T>> {
    let shape = x.dims();
    let not_a_permutation = || {
        Error::invalid(
            "permute",
            "dims",
            format!(
                "{dims:?} is not a permutation of 0..{} for a tensor of shape {shape:?}",
                shape.len()
            ),
        )
    };
    if dims.len() != shape.len() {
        return Err(not_a_permutation());
    }
    let mut seen = vec![false; shape.len()];
    let mut perm = Vec::with_capacity(dims.len());
    for &d in dims {
        let p = normalize_dim(d, shape.len(), shape, "permute")?;
        if std::mem::replace(&mut seen[p], true) {
            return Err(not_a_permutation());
        }
        perm.push(p);
    }
    let out = x.view(x.layout().permute(&perm));
    // Output dim `i` is input dim `perm[i]`, so the gradient goes back through the inverse
    // permutation: input dim `perm[i]` is output dim `i`.
    Ok(record_view(out, "permute", x, || {
        let mut inverse = vec![0isize; perm.len()];
        for (i, &p) in perm.iter().enumerate() {
            inverse[p] = i as isize;
        }
        move |g: &DynTensor| g.permute(&inverse)
    }))
}

impl DynTensor {
    /// Returns the view with its dims reordered, `out.shape[i] = self.shape[dims[i]]`
    /// (`torch.permute`); no element is copied.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let a = DynTensor::from_vec((0..6i64).collect(), &[1, 2, 3])?;
    /// let b = a.permute(&[2, 0, -2])?;
    /// assert_eq!(b.shape(), &[3, 1, 2]);
    /// assert_eq!(b.to_vec::<i64>()?, vec![0, 3, 1, 4, 2, 5]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::DimOutOfRange`] for a dim outside `-ndim..ndim`; [`Error::InvalidArgument`]
    /// if `dims` is not a permutation of `0..ndim` (wrong length or a repeated dim).
    pub fn permute(&self, dims: &[isize]) -> Result<DynTensor> {
        with_any!(self, x => Ok(permute(x, dims)?.into()))
    }
}

impl<T: Element, S: Shape> Tensor<T, S> {
    /// Returns the view with its axes reordered by `perm`, a tuple of one [`Axis<I>`] per
    /// dim: output dim `k` is input axis `perm.k`, in the type as in the data
    /// ([`PermuteShape`]); the typed [`DynTensor::permute`], sharing the buffer.
    ///
    /// The permutation is a value (`(Axis::<2>, Axis::<0>, Axis::<1>)`), like the axis of
    /// `sum_dim`, so one method serves every rank. A tuple of the wrong length or with an
    /// axis out of range does not compile; a repeated axis is rejected by a `const` assert,
    /// reported when the program is built (`cargo build`/`cargo test`, not `cargo check`).
    ///
    /// # Examples
    /// ```
    /// use rusttorch::{Tensor, shape::{Axis, Rank3}};
    /// let x = Tensor::<i32, Rank3<1, 2, 3>>::from_vec((0..6).collect())?;
    /// let y: Tensor<i32, Rank3<3, 1, 2>> = x.permute((Axis::<2>, Axis::<0>, Axis::<1>));
    /// assert_eq!(y.to_vec(), vec![0, 3, 1, 4, 2, 5]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    ///
    /// [`Axis<I>`]: crate::shape::Axis
    pub fn permute<P>(&self, _perm: P) -> Tensor<T, <S as PermuteShape<P>>::Output>
    where
        S: PermuteShape<P>,
    {
        const {
            assert!(
                axes_distinct(<S as PermuteShape<P>>::AXES),
                "permute: the permutation repeats an axis; each axis must appear exactly once"
            )
        };
        let dims: Vec<isize> = S::AXES.iter().map(|&a| a as isize).collect();
        let inner = permute(self.inner(), &dims).expect("PermuteShape checked the permutation");
        Tensor::from_kernel(inner, "permute")
    }
}

#[cfg(test)]
mod tests {
    use crate::{DynTensor, Error};

    #[test]
    fn permute_reorders_dims_without_copying() {
        let a = DynTensor::from_vec((0..24i32).collect(), &[2, 3, 4]).unwrap();
        let b = a.permute(&[1, 2, 0]).unwrap();
        assert!(b.shares_storage(&a));
        assert_eq!(b.shape(), &[3, 4, 2]);
        assert_eq!(b.strides(), &[4, 1, 12]);
        // b[i, j, k] = a[k, i, j] = 12k + 4i + j
        assert_eq!(
            &b.to_vec::<i32>().unwrap()[..8],
            &[0, 12, 1, 13, 2, 14, 3, 15]
        );
        assert_eq!(b.get::<i32>(&[2, 3, 1]).unwrap(), 23);
        let s = DynTensor::scalar(1.5f32);
        assert_eq!(s.permute(&[]).unwrap().to_vec::<f32>().unwrap(), vec![1.5]);
    }

    #[test]
    fn permute_rejects_non_permutations() {
        let a = DynTensor::zeros(&[2, 3], crate::DType::Float32).unwrap();
        let e = a.permute(&[0, 0]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "permute: invalid dims: [0, 0] is not a permutation of 0..2 for a tensor of shape [2, 3]"
        );
        assert!(matches!(
            a.permute(&[0]),
            Err(Error::InvalidArgument { .. })
        ));
        assert!(matches!(
            a.permute(&[0, 1, 2]),
            Err(Error::InvalidArgument { .. })
        ));
        assert!(matches!(
            a.permute(&[0, 2]),
            Err(Error::DimOutOfRange { dim: 2, .. })
        ));
        // -1 and 1 name the same dim.
        assert!(a.permute(&[1, -1]).is_err());
    }
}

#[cfg(test)]
mod typed_tests {
    use crate::shape::{Axis, Const, One, Rank3};
    use crate::{DynTensor, Tensor};

    #[test]
    fn typed_permute_is_a_view_matching_dyn() {
        let d = DynTensor::from_vec((0..24i32).collect(), &[2, 3, 4]).unwrap();
        let x = Tensor::<i32, (Const<2>, usize, Const<4>)>::try_from(&d).unwrap();
        let y: Tensor<i32, (usize, Const<4>, Const<2>)> =
            x.permute((Axis::<1>, Axis::<2>, Axis::<0>));
        assert_eq!(y.shape(), (3, Const, Const));
        assert_eq!(
            y.to_vec(),
            d.permute(&[1, 2, 0]).unwrap().to_vec::<i32>().unwrap()
        );
        assert!(y.to_dyn().shares_storage(&d));
        let s = Tensor::<i32, Rank3<2, 3, 4>>::try_from(&d).unwrap();
        let id: Tensor<i32, Rank3<2, 3, 4>> = s.permute((Axis::<0>, Axis::<1>, Axis::<2>));
        assert_eq!(id.to_vec(), (0..24).collect::<Vec<_>>());
        let z = Tensor::<f64, ()>::full(2.5);
        assert_eq!(z.permute(()).to_vec(), vec![2.5]);
        let o = Tensor::<f64, (One, Const<2>)>::from_vec(vec![1.0, 2.0]).unwrap();
        let ot: Tensor<f64, (Const<2>, One)> = o.permute((Axis::<1>, Axis::<0>));
        assert_eq!(ot.dims(), &[2, 1]);
    }
}

#[cfg(test)]
mod grad_tests {
    use super::super::testing::{check_grad, grad_of_ramp, leaf};

    #[test]
    fn gradcheck_permute() {
        check_grad(|v| v[0].permute(&[2, 0, -2]), &[&[2, 3, 4]]);
        check_grad(|v| v[0].permute(&[1, 0]), &[&[3, 2]]);
        check_grad(|v| v[0].permute(&[]), &[&[]]);
        // A transposed input, then a reshape of the permuted view.
        check_grad(
            |v| v[0].transpose(0, 2)?.permute(&[1, 2, 0])?.reshape(&[-1]),
            &[&[2, 3, 2]],
        );
    }

    #[test]
    fn a_recorded_permute_is_still_a_view() {
        let x = leaf(&[1, 2, 3]);
        let y = x.permute(&[2, 0, 1]).unwrap();
        assert!(y.shares_storage(&x));
        assert_eq!(y.grad_fn(), Some("permute"));
        // y[k, 0, j] = x[0, j, k] gets the ramp value 2 k + j + 1.
        assert_eq!(grad_of_ramp(&x, &y), vec![1., 3., 5., 2., 4., 6.]);
    }
}
