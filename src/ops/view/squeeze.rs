//! `squeeze`: size-1 dims removed, a view.

use super::reshape::reshape_back;
use super::wrap_dim_scalar;
use crate::dtype::Element;
use crate::dyn_tensor::{DynTensor, with_any};
use crate::error::Result;
use crate::shape::{Shape, SqueezeShape};
use crate::tensor::Tensor;
use crate::tensor_impl::TensorImpl;

/// `x` without any of its size-1 dims, sharing `x`'s buffer: the typed-level `squeeze`.
pub fn squeeze<T: Element>(x: &TensorImpl<T>) -> TensorImpl<T> {
    let mut layout = x.layout().clone();
    for d in (0..x.dims().len()).rev() {
        if x.dims()[d] == 1 {
            layout = layout.squeeze(d);
        }
    }
    reshape_back(x.view(layout), "squeeze", x)
}

/// `x` without dim `dim` if its size is 1, else `x` itself (as PyTorch), sharing `x`'s
/// buffer: the typed-level `squeeze_dim`.
///
/// # Errors
/// [`crate::Error::DimOutOfRange`] if `dim` is outside `-ndim..ndim` (a 0-d tensor accepts
/// `0` and `-1`).
pub fn squeeze_dim<T: Element>(x: &TensorImpl<T>, dim: isize) -> Result<TensorImpl<T>> {
    let d = wrap_dim_scalar(dim, x.dims(), "squeeze")?;
    if x.dims().get(d) != Some(&1) {
        return Ok(x.clone());
    }
    Ok(reshape_back(x.view(x.layout().squeeze(d)), "squeeze", x))
}

impl DynTensor {
    /// Returns the view with every size-1 dim removed (`torch.squeeze`): shape `[1, 3, 1]`
    /// becomes `[3]`, and `[1, 1]` becomes `[]`. No element is copied.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let a = DynTensor::from_vec(vec![1i32, 2, 3], &[1, 3, 1])?;
    /// assert_eq!(a.squeeze()?.shape(), &[3]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    ///
    /// # Errors
    /// None today; the `Result` keeps the signature of every `DynTensor` op.
    pub fn squeeze(&self) -> Result<DynTensor> {
        Ok(with_any!(self, x => squeeze(x).into()))
    }

    /// Returns the view without dim `dim` if it has size 1, else the tensor unchanged, as
    /// PyTorch's `squeeze(dim)` does.
    ///
    /// # Errors
    /// [`crate::Error::DimOutOfRange`] if `dim` is outside `-ndim..ndim`.
    pub fn squeeze_dim(&self, dim: isize) -> Result<DynTensor> {
        with_any!(self, x => Ok(squeeze_dim(x, dim)?.into()))
    }
}

impl<T: Element, S: Shape> Tensor<T, S> {
    /// Returns the view without the size-1 `axis` (an [`Axis`](crate::shape::Axis) whose
    /// dim is [`One`](crate::shape::One) or `Const<1>`): the typed
    /// [`DynTensor::squeeze_dim`], sharing the buffer ([`SqueezeShape`]). An axis out of range
    /// or a dim that is not statically 1 does not compile; a `usize` dim is never squeezed
    /// (its size is unknown to the compiler): remove it with [`Tensor::select`] at index 0.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::{Tensor, shape::{Axis, Rank1, Rank2}};
    /// let x = Tensor::<f32, Rank2<1, 3>>::from_vec(vec![1., 2., 3.])?;
    /// let y: Tensor<f32, Rank1<3>> = x.squeeze(Axis::<0>);
    /// assert_eq!(y.to_vec(), vec![1., 2., 3.]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    pub fn squeeze<A>(&self, _axis: A) -> Tensor<T, <S as SqueezeShape<A>>::Output>
    where
        S: SqueezeShape<A>,
    {
        let inner =
            squeeze_dim(self.inner(), S::INDEX as isize).expect("SqueezeShape checked the axis");
        Tensor::from_kernel(inner, "squeeze")
    }
}

#[cfg(test)]
mod tests {
    use crate::{DType, DynTensor, Error};

    #[test]
    fn squeeze_removes_every_size_one_dim() {
        let a = DynTensor::from_vec((0..6i64).collect(), &[1, 2, 1, 3, 1]).unwrap();
        let b = a.squeeze().unwrap();
        assert!(b.shares_storage(&a));
        assert_eq!(b.shape(), &[2, 3]);
        assert_eq!(b.strides(), &[3, 1]);
        assert_eq!(b.to_vec::<i64>().unwrap(), vec![0, 1, 2, 3, 4, 5]);
        // Of a transposed view: the values keep the view's order.
        let t = a
            .squeeze()
            .unwrap()
            .t()
            .unwrap()
            .unsqueeze(0)
            .unwrap()
            .squeeze()
            .unwrap();
        assert_eq!(t.to_vec::<i64>().unwrap(), vec![0, 3, 1, 4, 2, 5]);
        let one = DynTensor::from_vec(vec![9.0f32], &[1, 1])
            .unwrap()
            .squeeze()
            .unwrap();
        assert_eq!((one.shape(), one.item::<f32>().unwrap()), (&[][..], 9.0));
        // Size-0 dims stay.
        let z = DynTensor::zeros(&[1, 0, 1], DType::Int32).unwrap();
        assert_eq!(z.squeeze().unwrap().shape(), &[0]);
    }

    #[test]
    fn squeeze_dim_removes_only_a_size_one_dim() {
        let a = DynTensor::from_vec((0..6i64).collect(), &[2, 1, 3]).unwrap();
        let b = a.squeeze_dim(-2).unwrap();
        assert!(b.shares_storage(&a));
        assert_eq!(b.shape(), &[2, 3]);
        assert_eq!(b.to_vec::<i64>().unwrap(), vec![0, 1, 2, 3, 4, 5]);
        // Not size 1: unchanged, as in PyTorch.
        assert_eq!(a.squeeze_dim(0).unwrap().shape(), &[2, 1, 3]);
        assert!(matches!(a.squeeze_dim(3), Err(Error::DimOutOfRange { .. })));
        let s = DynTensor::scalar(2.0f64);
        assert_eq!(s.squeeze_dim(-1).unwrap().shape(), &[] as &[usize]);
        assert!(s.squeeze_dim(1).is_err());
    }
}

#[cfg(test)]
mod typed_tests {
    use crate::Tensor;
    use crate::shape::{Axis, Const, One};

    #[test]
    fn typed_squeeze_matches_dyn() {
        let x = Tensor::<i32, (usize, One, Const<1>)>::from_vec_with(vec![4, 5], (2, One, Const))
            .unwrap();
        let d = x.to_dyn();
        let y: Tensor<i32, (usize, Const<1>)> = x.squeeze(Axis::<1>);
        assert_eq!(y.shape(), (2, Const));
        assert_eq!(
            y.to_vec(),
            d.squeeze_dim(1).unwrap().to_vec::<i32>().unwrap()
        );
        assert!(y.to_dyn().shares_storage(&d));
        let z: Tensor<i32, (usize,)> = y.squeeze(Axis::<1>);
        assert_eq!((z.dims(), z.to_vec()), (&[2][..], vec![4, 5]));
        let s = Tensor::<i32, (One,)>::from_vec(vec![9]).unwrap();
        let r: Tensor<i32, ()> = s.squeeze(Axis::<0>);
        assert_eq!((r.dims(), r.to_vec()), (&[][..], vec![9]));
    }
}

#[cfg(test)]
mod grad_tests {
    use super::super::testing::{check_grad, grad_of_ramp, leaf};

    #[test]
    fn gradcheck_squeeze() {
        check_grad(|v| v[0].squeeze(), &[&[1, 3, 1]]);
        check_grad(|v| v[0].squeeze(), &[&[1, 1]]);
        check_grad(|v| v[0].squeeze(), &[&[]]);
        check_grad(|v| v[0].squeeze_dim(-1), &[&[2, 1]]);
        check_grad(|v| v[0].squeeze_dim(0), &[&[2, 3]]);
        // A transposed input.
        check_grad(|v| v[0].t()?.squeeze_dim(1), &[&[1, 3]]);
    }

    #[test]
    fn a_recorded_squeeze_is_still_a_view() {
        let x = leaf(&[1, 3, 1]);
        let y = x.squeeze().unwrap();
        assert!(y.shares_storage(&x));
        assert_eq!(y.grad_fn(), Some("squeeze"));
        assert_eq!(grad_of_ramp(&x, &y), vec![1., 2., 3.]);
        assert_eq!(x.grad().unwrap().shape(), &[1, 3, 1]);
    }
}
