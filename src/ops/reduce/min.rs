//! `min`: the smallest element, `min x` (NaN if any element is NaN); `min_dim` gives the
//! values with their indices, `amin` the values only.

use super::typed::{over_axis, typed};
use super::{Bounded, Extreme, Over, extreme_value, extreme_with_index, over_dim};
use crate::dtype::Element;
use crate::dyn_tensor::{DynTensor, with_any};
use crate::error::Result;
use crate::shape::{ReduceKeepShape, ReduceShape, Shape};
use crate::tensor::Tensor;
use crate::tensor_impl::TensorImpl;

/// The smaller extreme: `min`, `amin`, `argmin`.
#[derive(Clone, Copy, Debug)]
pub struct Min;

impl Extreme for Min {
    const IS_MAX: bool = false;
    #[inline(always)]
    fn identity<T: Bounded>() -> T {
        T::HIGHEST
    }
    #[inline(always)]
    fn better<T: Element>(x: T, y: T) -> bool {
        x < y
    }
}

/// The smallest values of `x` over `over` and the index of the first of each (the first
/// NaN if there is one), as `int64`: the kernel both faces share. The values record their
/// backward: each output's gradient goes to the element at its index (as PyTorch's
/// `min(dim)`); the indices do not record.
///
/// # Errors
/// [`crate::Error::Empty`] if the reduced range is empty.
pub fn min<T: Bounded>(x: &TensorImpl<T>, over: Over) -> Result<(TensorImpl<T>, TensorImpl<i64>)> {
    extreme_with_index("min", x, over, Min)
}

/// The smallest values of `x` over `over`, without indices. Backward: each output's
/// gradient is split evenly among the tied elements it came from (as `torch.amin`).
///
/// # Errors
/// [`crate::Error::Empty`] if the reduced range is empty.
pub fn amin<T: Bounded>(x: &TensorImpl<T>, over: Over) -> Result<TensorImpl<T>> {
    extreme_value("amin", x, over, Min)
}

impl DynTensor {
    /// Returns the smallest element, `min x`, as a 0-d tensor of the input's dtype
    /// (`torch.min(x)`). NaN propagates: any NaN makes the result NaN. For bool it is "all".
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let x = DynTensor::from_vec(vec![3i32, -1, 7, 2], &[2, 2])?;
    /// assert_eq!(x.min()?.item::<i32>()?, -1);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`crate::Error::Empty`] for an empty tensor (there is no identity).
    pub fn min(&self) -> Result<DynTensor> {
        with_any!(self, t => Ok(extreme_value("min", t, Over::All, Min)?.into()))
    }

    /// Returns the smallest values along `dim` and their indices (`int64`, the first
    /// occurrence on ties, the first NaN if any), as `torch.min(x, dim, keepdim)`: shape
    /// `[.., n, ..]` gives two tensors of `[.., ..]`, or `[.., 1, ..]` if `keepdim`.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let x = DynTensor::from_vec(vec![1.0f32, 0.0, 0.0, 4.0, 2.0, 9.0], &[2, 3])?;
    /// let (values, indices) = x.min_dim(1, false)?;
    /// assert_eq!(values.to_vec::<f32>()?, vec![0.0, 2.0]);
    /// assert_eq!(indices.to_vec::<i64>()?, vec![1, 1]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`crate::Error::DimOutOfRange`] for a bad `dim`; [`crate::Error::Empty`] if the
    /// reduced dim has size 0.
    pub fn min_dim(&self, dim: isize, keepdim: bool) -> Result<(DynTensor, DynTensor)> {
        let over = over_dim("min", self, dim, keepdim)?;
        with_any!(self, t => {
            let (v, i) = min(t, over)?;
            Ok((v.into(), i.into()))
        })
    }

    /// Returns the smallest values along `dim` without indices (`torch.amin`): shape
    /// `[.., n, ..]` gives `[.., ..]`, or `[.., 1, ..]` if `keepdim`. NaN propagates.
    ///
    /// # Errors
    /// [`crate::Error::DimOutOfRange`] for a bad `dim`; [`crate::Error::Empty`] if the
    /// reduced dim has size 0.
    pub fn amin(&self, dim: isize, keepdim: bool) -> Result<DynTensor> {
        let over = over_dim("amin", self, dim, keepdim)?;
        with_any!(self, t => Ok(amin(t, over)?.into()))
    }
}

impl<T: Bounded, S: Shape> Tensor<T, S> {
    /// Returns the smallest element as a 0-d tensor (NaN propagates): the typed
    /// [`DynTensor::min`].
    ///
    /// # Panics
    /// If the tensor is empty (there is no identity).
    pub fn min(&self) -> Tensor<T, ()> {
        typed(self.inner(), Over::All, (), |x, o| {
            extreme_value("min", x, o, Min)
        })
    }

    /// Returns the smallest values along `axis` (an [`crate::shape::Axis`]) and the index
    /// (`int64`) of the first of each, with the axis dropped: the typed
    /// [`DynTensor::min_dim`] with `keepdim = false`. An axis out of range does not compile.
    ///
    /// # Panics
    /// If the reduced dim has size 0.
    #[allow(clippy::type_complexity)]
    pub fn min_dim<A>(
        &self,
        _axis: A,
    ) -> (
        Tensor<T, <S as ReduceShape<A>>::Output>,
        Tensor<i64, <S as ReduceShape<A>>::Output>,
    )
    where
        S: ReduceShape<A>,
    {
        let shape = self.shape().reduce();
        let (v, i) = min(self.inner(), over_axis::<S, A>(false)).unwrap_or_else(|e| panic!("{e}"));
        (Tensor::from_parts(v, shape), Tensor::from_parts(i, shape))
    }

    /// [`Tensor::min_dim`] with `keepdim = true`: the reduced dim stays as a
    /// [`crate::shape::One`].
    ///
    /// # Panics
    /// If the reduced dim has size 0.
    #[allow(clippy::type_complexity)]
    pub fn min_dim_keepdim<A>(
        &self,
        _axis: A,
    ) -> (
        Tensor<T, <S as ReduceKeepShape<A>>::Output>,
        Tensor<i64, <S as ReduceKeepShape<A>>::Output>,
    )
    where
        S: ReduceKeepShape<A>,
    {
        let shape = self.shape().reduce_keep();
        let (v, i) = min(self.inner(), over_axis::<S, A>(true)).unwrap_or_else(|e| panic!("{e}"));
        (Tensor::from_parts(v, shape), Tensor::from_parts(i, shape))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{f32s, f64s, same, transposed, vals};
    use crate::{DType, DynTensor, Error};

    #[test]
    fn min_rank_zero_and_rank_two_along_each_dim() {
        let s = f32s(&[4.0], &[]);
        assert_eq!(vals(&s.min().unwrap()), vec![4.0]);
        let (v, i) = s.min_dim(-1, false).unwrap();
        assert_eq!(
            (v.shape(), vals(&v), vals(&i)),
            (&[][..], vec![4.0], vec![0.0])
        );

        let x = f32s(&[1.0, -9.0, 3.0, -7.0, 5.0, -9.0], &[2, 3]);
        assert_eq!(vals(&x.min().unwrap()), vec![-9.0]);
        for (dim, shape, keep, want_v, want_i) in [
            (
                0,
                vec![3],
                vec![1, 3],
                vec![-7.0, -9.0, -9.0],
                vec![1.0, 0.0, 1.0],
            ),
            (
                -2,
                vec![3],
                vec![1, 3],
                vec![-7.0, -9.0, -9.0],
                vec![1.0, 0.0, 1.0],
            ),
            (1, vec![2], vec![2, 1], vec![-9.0, -9.0], vec![1.0, 2.0]),
            (-1, vec![2], vec![2, 1], vec![-9.0, -9.0], vec![1.0, 2.0]),
        ] {
            let (v, i) = x.min_dim(dim, false).unwrap();
            assert_eq!((v.shape(), i.shape()), (&shape[..], &shape[..]));
            assert_eq!((vals(&v), vals(&i)), (want_v.clone(), want_i.clone()));
            let (v, i) = x.min_dim(dim, true).unwrap();
            assert_eq!((v.shape(), i.shape()), (&keep[..], &keep[..]));
            assert_eq!((vals(&v), vals(&i)), (want_v.clone(), want_i));
            let a = x.amin(dim, true).unwrap();
            assert_eq!((a.shape(), vals(&a)), (&keep[..], want_v));
        }
        let t = transposed(&x);
        let (v, i) = t.min_dim(0, false).unwrap();
        assert_eq!((vals(&v), vals(&i)), (vec![-9.0, -9.0], vec![1.0, 2.0]));
        assert_eq!(vals(&t.amin(1, false).unwrap()), vec![-7.0, -9.0, -9.0]);
    }

    #[test]
    fn min_propagates_nan_with_the_first_nan_index() {
        let x = f64s(&[1.0, f64::NAN, 3.0, f64::NAN, 5.0, 6.0], &[2, 3]);
        assert!(vals(&x.min().unwrap())[0].is_nan());
        let (v, i) = x.min_dim(1, false).unwrap();
        assert!(same(&vals(&v), &[f64::NAN, f64::NAN]));
        assert_eq!(vals(&i), vec![1.0, 0.0]);
        assert!(same(
            &vals(&x.amin(0, false).unwrap()),
            &[f64::NAN, f64::NAN, 3.0]
        ));
        let inf = f32s(&[f32::INFINITY, f32::INFINITY], &[2]);
        assert_eq!(vals(&inf.min().unwrap()), vec![f64::INFINITY]);
    }

    #[test]
    fn min_of_empty_is_an_error_and_bool_works() {
        let e = DynTensor::zeros(&[2, 0], DType::Int32).unwrap();
        assert!(matches!(e.min(), Err(Error::Empty { op: "min", .. })));
        assert!(matches!(e.min_dim(1, false), Err(Error::Empty { .. })));
        assert_eq!(e.amin(0, false).unwrap().shape(), &[0]);
        let b = DynTensor::from_vec(vec![true, true, false, true], &[2, 2]).unwrap();
        assert!(!b.min().unwrap().item::<bool>().unwrap());
        let (v, idx) = b.min_dim(0, false).unwrap();
        assert_eq!(v.to_vec::<bool>().unwrap(), vec![false, true]);
        assert_eq!(idx.to_vec::<i64>().unwrap(), vec![1, 0]);
        let i = DynTensor::from_vec(vec![i32::MAX, 3], &[2]).unwrap();
        assert_eq!(i.min().unwrap().to_vec::<i32>().unwrap(), vec![3]);
    }
}

#[cfg(test)]
mod typed_tests {
    use crate::shape::{Axis, Const, One, Rank2};
    use crate::{DynTensor, Tensor};

    #[test]
    fn typed_min_matches_dyn() {
        let v = vec![3.0f32, f32::NAN, 9.0, -1.0, 7.0, -1.0];
        let t = Tensor::<f32, Rank2<2, 3>>::from_vec(v.clone()).unwrap();
        let d = DynTensor::from_vec(v, &[2, 3]).unwrap();
        assert!(t.min().to_vec()[0].is_nan());
        let u = Tensor::<i32, Rank2<2, 2>>::from_vec(vec![4, -2, 8, 1]).unwrap();
        assert_eq!(u.min().to_vec(), vec![-2]);
        let (val, idx): (Tensor<f32, (Const<3>,)>, Tensor<i64, (Const<3>,)>) = t.min_dim(Axis::<0>);
        let (dv, di) = d.min_dim(0, false).unwrap();
        let bits = |v: Vec<f32>| v.into_iter().map(f32::to_bits).collect::<Vec<_>>();
        assert_eq!(bits(val.to_vec()), bits(dv.to_vec::<f32>().unwrap()));
        assert_eq!(idx.to_vec(), di.to_vec::<i64>().unwrap());
        let (val, idx): (Tensor<f32, (Const<2>, One)>, _) = t.min_dim_keepdim(Axis::<1>);
        let (dv, di) = d.min_dim(1, true).unwrap();
        assert_eq!(val.to_vec()[1], dv.to_vec::<f32>().unwrap()[1]);
        assert!(val.to_vec()[0].is_nan());
        assert_eq!(idx.to_vec(), di.to_vec::<i64>().unwrap());
    }

    #[test]
    #[should_panic(expected = "min: undefined on an empty tensor of shape [0]")]
    fn typed_min_of_an_empty_tensor_panics() {
        let _ = Tensor::<f64, (usize,)>::zeros_with((0,)).unwrap().min();
    }
}

#[cfg(test)]
mod grad_tests {
    use super::super::testing::{f64s, grad_of, gradcheck_reduction};
    use crate::DynTensor;

    #[test]
    fn min_grads_split_ties_or_pick_the_index() {
        let x = f64s(&[-1.0, 3.0, -1.0, 2.0], &[2, 2]);
        assert_eq!(grad_of(&x, DynTensor::min), vec![0.5, 0.0, 0.5, 0.0]);
        assert_eq!(grad_of(&x, |t| t.amin(0, true)), vec![0.5, 0.0, 0.5, 1.0]);
        assert_eq!(
            grad_of(&x, |t| Ok(t.min_dim(0, false)?.0)),
            vec![1.0, 0.0, 0.0, 1.0]
        );
        let shapes: &[&[usize]] = &[&[], &[4], &[3, 2], &[2, 2, 3]];
        gradcheck_reduction(shapes, |x, over| match over {
            None => x.min(),
            Some((d, k)) => x.amin(d, k),
        });
        gradcheck_reduction(shapes, |x, over| match over {
            None => x.min(),
            Some((d, k)) => Ok(x.min_dim(d, k)?.0),
        });
    }
}
