//! `unsqueeze`: a size-1 dim inserted, a view.

use super::reshape::reshape_back;
use crate::dtype::Element;
use crate::dyn_tensor::{DynTensor, with_any};
use crate::error::Result;
use crate::layout::normalize_dim;
use crate::shape::{Shape, UnsqueezeShape};
use crate::tensor::Tensor;
use crate::tensor_impl::TensorImpl;

/// `x` with a size-1 dim inserted at `dim` (in `-(ndim + 1)..=ndim`), sharing `x`'s
/// buffer: the typed-level `unsqueeze`.
///
/// # Errors
/// [`crate::Error::DimOutOfRange`] if `dim` is outside `-(ndim + 1)..=ndim`.
pub fn unsqueeze<T: Element>(x: &TensorImpl<T>, dim: isize) -> Result<TensorImpl<T>> {
    let d = normalize_dim(dim, x.dims().len() + 1, x.dims(), "unsqueeze")?;
    Ok(reshape_back(
        x.view(x.layout().unsqueeze(d)),
        "unsqueeze",
        x,
    ))
}

impl DynTensor {
    /// Returns the view with a size-1 dim inserted at `dim` (`torch.unsqueeze`): shape
    /// `[2, 3]` with `dim = 1` becomes `[2, 1, 3]`. `dim` counts positions in the result, so
    /// it is in `-(ndim + 1)..=ndim` and `-1` appends.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let a = DynTensor::from_vec(vec![1.0f32, 2.0], &[2])?;
    /// assert_eq!(a.unsqueeze(-1)?.shape(), &[2, 1]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`crate::Error::DimOutOfRange`] if `dim` is outside `-(ndim + 1)..=ndim`.
    pub fn unsqueeze(&self, dim: isize) -> Result<DynTensor> {
        with_any!(self, x => Ok(unsqueeze(x, dim)?.into()))
    }
}

impl<T: Element, S: Shape> Tensor<T, S> {
    /// Returns the view with a [`One`](crate::shape::One) dim inserted at `axis` (at most
    /// the rank; the result has at most 6 dims): the typed [`DynTensor::unsqueeze`], sharing
    /// the buffer ([`UnsqueezeShape`]). The new dim broadcasts.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::{Tensor, shape::{Axis, Const, One, Rank1}};
    /// let x = Tensor::<f32, Rank1<3>>::from_vec(vec![1., 2., 3.])?;
    /// let row: Tensor<f32, (One, Const<3>)> = x.unsqueeze(Axis::<0>);
    /// let col: Tensor<f32, (Const<3>, One)> = x.unsqueeze(Axis::<1>);
    /// assert_eq!(row.to_vec(), col.to_vec());
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    pub fn unsqueeze<A>(&self, _axis: A) -> Tensor<T, <S as UnsqueezeShape<A>>::Output>
    where
        S: UnsqueezeShape<A>,
    {
        let inner =
            unsqueeze(self.inner(), S::INDEX as isize).expect("UnsqueezeShape checked the axis");
        Tensor::from_kernel(inner, "unsqueeze")
    }
}

#[cfg(test)]
mod tests {
    use crate::{DynTensor, Error};

    #[test]
    fn unsqueeze_inserts_a_size_one_dim() {
        let a = DynTensor::from_vec((0..6i32).collect(), &[2, 3]).unwrap();
        for (dim, shape) in [
            (0, [1, 2, 3]),
            (1, [2, 1, 3]),
            (2, [2, 3, 1]),
            (-1, [2, 3, 1]),
            (-3, [1, 2, 3]),
        ] {
            let b = a.unsqueeze(dim).unwrap();
            assert!(b.shares_storage(&a));
            assert_eq!(b.shape(), &shape);
            assert_eq!(b.to_vec::<i32>().unwrap(), vec![0, 1, 2, 3, 4, 5]);
        }
        // On a transposed view, the values keep the view's order.
        let t = a.t().unwrap().unsqueeze(1).unwrap();
        assert_eq!(t.shape(), &[3, 1, 2]);
        assert_eq!(t.to_vec::<i32>().unwrap(), vec![0, 3, 1, 4, 2, 5]);
        let s = DynTensor::scalar(4i64).unsqueeze(0).unwrap();
        assert_eq!((s.shape(), s.to_vec::<i64>().unwrap()), (&[1][..], vec![4]));
        let e = a.unsqueeze(3).unwrap_err();
        assert!(matches!(e, Error::DimOutOfRange { dim: 3, .. }));
        assert_eq!(
            e.to_string(),
            "unsqueeze: dim 3 is out of range for a tensor of shape [2, 3] (expected -3..3)"
        );
        assert!(a.unsqueeze(-4).is_err());
    }
}

#[cfg(test)]
mod typed_tests {
    use crate::Tensor;
    use crate::shape::{Axis, Const, One};

    #[test]
    fn typed_unsqueeze_matches_dyn() {
        let x = Tensor::<i32, (usize, Const<2>)>::from_vec_with(vec![1, 2, 3, 4, 5, 6], (3, Const))
            .unwrap();
        let d = x.to_dyn();
        let y: Tensor<i32, (usize, One, Const<2>)> = x.unsqueeze(Axis::<1>);
        assert_eq!(y.shape(), (3, One, Const));
        assert_eq!(y.to_vec(), d.unsqueeze(1).unwrap().to_vec::<i32>().unwrap());
        assert!(y.to_dyn().shares_storage(&d));
        let e: Tensor<i32, (usize, Const<2>, One)> = x.unsqueeze(Axis::<2>);
        assert_eq!(e.dims(), &[3, 2, 1]);
        let s: Tensor<i32, (One,)> = Tensor::<i32, ()>::full(4).unsqueeze(Axis::<0>);
        assert_eq!((s.dims(), s.to_vec()), (&[1][..], vec![4]));
    }
}

#[cfg(test)]
mod grad_tests {
    use super::super::testing::{check_grad, grad_of_ramp, leaf};

    #[test]
    fn gradcheck_unsqueeze() {
        check_grad(|v| v[0].unsqueeze(-1), &[&[2, 3]]);
        check_grad(|v| v[0].unsqueeze(1), &[&[2, 3]]);
        check_grad(|v| v[0].unsqueeze(0), &[&[]]);
        // A transposed input.
        check_grad(|v| v[0].t()?.unsqueeze(-2), &[&[2, 3]]);
    }

    #[test]
    fn a_recorded_unsqueeze_is_still_a_view() {
        let x = leaf(&[3]);
        let y = x.unsqueeze(0).unwrap();
        assert!(y.shares_storage(&x));
        assert_eq!(y.grad_fn(), Some("unsqueeze"));
        assert_eq!(grad_of_ramp(&x, &y), vec![1., 2., 3.]);
        assert_eq!(x.grad().unwrap().shape(), &[3]);
    }
}
