//! `max`: the largest element, `max x` (NaN if any element is NaN); `max_dim` gives the
//! values with their indices, `amax` the values only.

use super::typed::{over_axis, typed};
use super::{Bounded, Extreme, Over, extreme_value, extreme_with_index, over_dim};
use crate::dtype::Element;
use crate::dyn_tensor::{DynTensor, with_any};
use crate::error::Result;
use crate::shape::{ReduceKeepShape, ReduceShape, Shape};
use crate::tensor::Tensor;
use crate::tensor_impl::TensorImpl;

/// The larger extreme: `max`, `amax`, `argmax`.
#[derive(Clone, Copy, Debug)]
pub struct Max;

impl Extreme for Max {
    const IS_MAX: bool = true;
    #[inline(always)]
    fn identity<T: Bounded>() -> T {
        T::LOWEST
    }
    #[inline(always)]
    fn better<T: Element>(x: T, y: T) -> bool {
        x > y
    }
}

/// The largest values of `x` over `over` and the index of the first of each (the first NaN
/// if there is one), as `int64`: the kernel both faces share. The values record their
/// backward: each output's gradient goes to the element at its index (as PyTorch's
/// `max(dim)`); the indices do not record.
///
/// # Errors
/// [`crate::Error::Empty`] if the reduced range is empty.
pub fn max<T: Bounded>(x: &TensorImpl<T>, over: Over) -> Result<(TensorImpl<T>, TensorImpl<i64>)> {
    extreme_with_index("max", x, over, Max)
}

/// The largest values of `x` over `over`, without indices. Backward: each output's
/// gradient is split evenly among the tied elements it came from (as `torch.amax`).
///
/// # Errors
/// [`crate::Error::Empty`] if the reduced range is empty.
pub fn amax<T: Bounded>(x: &TensorImpl<T>, over: Over) -> Result<TensorImpl<T>> {
    extreme_value("amax", x, over, Max)
}

impl DynTensor {
    /// Returns the largest element, `max x`, as a 0-d tensor of the input's dtype
    /// (`torch.max(x)`). NaN propagates: any NaN makes the result NaN. For bool it is "any".
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let x = DynTensor::from_vec(vec![3i32, -1, 7, 2], &[2, 2])?;
    /// assert_eq!(x.max()?.item::<i32>()?, 7);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`crate::Error::Empty`] for an empty tensor (there is no identity).
    pub fn max(&self) -> Result<DynTensor> {
        with_any!(self, t => Ok(extreme_value("max", t, Over::All, Max)?.into()))
    }

    /// Returns the largest values along `dim` and their indices (`int64`, the first
    /// occurrence on ties, the first NaN if any), as `torch.max(x, dim, keepdim)`: shape
    /// `[.., n, ..]` gives two tensors of `[.., ..]`, or `[.., 1, ..]` if `keepdim`.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let x = DynTensor::from_vec(vec![1.0f32, 5.0, 5.0, 4.0, 2.0, 0.0], &[2, 3])?;
    /// let (values, indices) = x.max_dim(1, false)?;
    /// assert_eq!(values.to_vec::<f32>()?, vec![5.0, 4.0]);
    /// assert_eq!(indices.to_vec::<i64>()?, vec![1, 0]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`crate::Error::DimOutOfRange`] for a bad `dim`; [`crate::Error::Empty`] if the
    /// reduced dim has size 0.
    pub fn max_dim(&self, dim: isize, keepdim: bool) -> Result<(DynTensor, DynTensor)> {
        let over = over_dim("max", self, dim, keepdim)?;
        with_any!(self, t => {
            let (v, i) = max(t, over)?;
            Ok((v.into(), i.into()))
        })
    }

    /// Returns the largest values along `dim` without indices (`torch.amax`): shape
    /// `[.., n, ..]` gives `[.., ..]`, or `[.., 1, ..]` if `keepdim`. NaN propagates.
    ///
    /// # Errors
    /// [`crate::Error::DimOutOfRange`] for a bad `dim`; [`crate::Error::Empty`] if the
    /// reduced dim has size 0.
    pub fn amax(&self, dim: isize, keepdim: bool) -> Result<DynTensor> {
        let over = over_dim("amax", self, dim, keepdim)?;
        with_any!(self, t => Ok(amax(t, over)?.into()))
    }
}

impl<T: Bounded, S: Shape> Tensor<T, S> {
    /// Returns the largest element as a 0-d tensor (NaN propagates): the typed
    /// [`DynTensor::max`].
    ///
    /// # Panics
    /// If the tensor is empty (there is no identity).
    pub fn max(&self) -> Tensor<T, ()> {
        typed(self.inner(), Over::All, (), |x, o| {
            extreme_value("max", x, o, Max)
        })
    }

    /// Returns the largest values along `axis` (an [`crate::shape::Axis`]) and the index
    /// (`int64`) of the first of each, with the axis dropped: the typed
    /// [`DynTensor::max_dim`] with `keepdim = false`. An axis out of range does not compile.
    ///
    /// # Panics
    /// If the reduced dim has size 0.
    #[allow(clippy::type_complexity)]
    pub fn max_dim<A>(
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
        let (v, i) = max(self.inner(), over_axis::<S, A>(false)).unwrap_or_else(|e| panic!("{e}"));
        (Tensor::from_parts(v, shape), Tensor::from_parts(i, shape))
    }

    /// [`Tensor::max_dim`] with `keepdim = true`: the reduced dim stays as a
    /// [`crate::shape::One`].
    ///
    /// # Panics
    /// If the reduced dim has size 0.
    #[allow(clippy::type_complexity)]
    pub fn max_dim_keepdim<A>(
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
        let (v, i) = max(self.inner(), over_axis::<S, A>(true)).unwrap_or_else(|e| panic!("{e}"));
        (Tensor::from_parts(v, shape), Tensor::from_parts(i, shape))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{f32s, f64s, same, transposed, vals};
    use crate::{DType, DynTensor, Error};

    #[test]
    fn max_rank_zero_and_rank_two_along_each_dim() {
        let s = f32s(&[4.0], &[]);
        assert_eq!(vals(&s.max().unwrap()), vec![4.0]);
        let (v, i) = s.max_dim(0, true).unwrap();
        assert_eq!(
            (v.shape(), vals(&v), vals(&i)),
            (&[][..], vec![4.0], vec![0.0])
        );

        let x = f32s(&[1.0, 9.0, 3.0, 7.0, 5.0, 9.0], &[2, 3]);
        assert_eq!(vals(&x.max().unwrap()), vec![9.0]);
        for (dim, shape, keep, want_v, want_i) in [
            (
                0,
                vec![3],
                vec![1, 3],
                vec![7.0, 9.0, 9.0],
                vec![1.0, 0.0, 1.0],
            ),
            (
                -2,
                vec![3],
                vec![1, 3],
                vec![7.0, 9.0, 9.0],
                vec![1.0, 0.0, 1.0],
            ),
            (1, vec![2], vec![2, 1], vec![9.0, 9.0], vec![1.0, 2.0]),
            (-1, vec![2], vec![2, 1], vec![9.0, 9.0], vec![1.0, 2.0]),
        ] {
            let (v, i) = x.max_dim(dim, false).unwrap();
            assert_eq!((v.shape(), i.shape()), (&shape[..], &shape[..]));
            assert_eq!((vals(&v), vals(&i)), (want_v.clone(), want_i.clone()));
            let (v, i) = x.max_dim(dim, true).unwrap();
            assert_eq!((v.shape(), i.shape()), (&keep[..], &keep[..]));
            assert_eq!((vals(&v), vals(&i)), (want_v.clone(), want_i));
            let a = x.amax(dim, true).unwrap();
            assert_eq!((a.shape(), vals(&a)), (&keep[..], want_v));
        }
        let t = transposed(&x);
        let (v, i) = t.max_dim(0, false).unwrap();
        assert_eq!((vals(&v), vals(&i)), (vec![9.0, 9.0], vec![1.0, 2.0]));
        assert_eq!(vals(&t.amax(1, false).unwrap()), vec![7.0, 9.0, 9.0]);
    }

    #[test]
    fn max_ties_take_the_first_index_across_simd_lanes() {
        // Equal maxima 40 apart land in different lanes of the kernel.
        let mut v = vec![0.0f64; 100];
        v[70] = 2.0;
        v[30] = 2.0;
        let (_, i) = f64s(&v, &[100]).max_dim(0, false).unwrap();
        assert_eq!(vals(&i), vec![30.0]);
        let x = f64s(&v, &[100, 1]);
        assert_eq!(vals(&x.max_dim(0, false).unwrap().1), vec![30.0]);
    }

    #[test]
    fn max_and_min_propagate_a_nan_anywhere_in_lanes_tail_or_chunks() {
        // 1000 (a row: 15 full lane blocks and a tail of 40) and 40_000 (several
        // reduction chunks): a single NaN or inf at positions hitting the first lane, a
        // later lane, the tail and a chunk boundary, with larger numbers after it.
        for n in [1000usize, 40_000] {
            for pos in [0, 1, 63, 64, 500, n - 41, n - 1, n / 2] {
                let mut v: Vec<f32> = (0..n).map(|i| (i % 97) as f32 - 50.0).collect();
                v[pos] = f32::NAN;
                let x = f32s(&v, &[n]);
                for r in [x.max(), x.min(), x.amax(0, false), x.amin(0, false)] {
                    assert!(vals(&r.unwrap())[0].is_nan(), "n {n} NaN at {pos}");
                }
                let rows = x.reshape(&[n as isize / 20, 20]).unwrap();
                let m = vals(&rows.amax(1, false).unwrap());
                assert!(m[pos / 20].is_nan() && m.iter().filter(|v| v.is_nan()).count() == 1);
                v[pos] = f32::INFINITY;
                let x = f32s(&v, &[n]);
                assert_eq!(vals(&x.max().unwrap()), vec![f64::INFINITY]);
                assert_eq!(vals(&x.min().unwrap()), vec![-50.0]);
                v[pos] = f32::NEG_INFINITY;
                let x = f32s(&v, &[n]);
                assert_eq!(vals(&x.max().unwrap()), vec![46.0]);
                assert_eq!(vals(&x.amin(0, false).unwrap()), vec![f64::NEG_INFINITY]);
            }
        }
    }

    #[test]
    fn max_propagates_nan_with_the_first_nan_index() {
        let x = f64s(&[1.0, f64::NAN, 3.0, f64::NAN, 5.0, 6.0], &[2, 3]);
        assert!(vals(&x.max().unwrap())[0].is_nan());
        let (v, i) = x.max_dim(1, false).unwrap();
        assert!(same(&vals(&v), &[f64::NAN, f64::NAN]));
        assert_eq!(vals(&i), vec![1.0, 0.0]);
        let (v, i) = x.max_dim(0, false).unwrap();
        assert!(same(&vals(&v), &[f64::NAN, f64::NAN, 6.0]));
        assert_eq!(vals(&i), vec![1.0, 0.0, 1.0]);
        assert!(same(
            &vals(&x.amax(0, false).unwrap()),
            &[f64::NAN, f64::NAN, 6.0]
        ));
        let inf = f32s(&[f32::NEG_INFINITY, f32::NEG_INFINITY], &[2]);
        assert_eq!(vals(&inf.max().unwrap()), vec![f64::NEG_INFINITY]);
        assert_eq!(vals(&inf.max_dim(0, false).unwrap().1), vec![0.0]);
    }

    #[test]
    fn max_of_empty_is_an_error_naming_the_shape() {
        let e = DynTensor::zeros(&[0, 3], DType::Float32).unwrap();
        let err = e.max().unwrap_err();
        assert_eq!(
            err.to_string(),
            "max: undefined on an empty tensor of shape [0, 3]"
        );
        assert!(matches!(
            e.max_dim(0, false),
            Err(Error::Empty { op: "max", .. })
        ));
        assert!(matches!(
            e.amax(-2, true),
            Err(Error::Empty { op: "amax", .. })
        ));
        // Reducing a non-empty dim of an empty tensor gives empty results.
        let (v, i) = e.max_dim(1, false).unwrap();
        assert_eq!((v.shape(), i.shape()), (&[0][..], &[0][..]));
    }

    #[test]
    fn max_dtypes_keep_the_input_and_bool_works() {
        let i = DynTensor::from_vec(vec![-5i64, -2, -9], &[3]).unwrap();
        let m = i.max().unwrap();
        assert_eq!((m.dtype(), m.item::<i64>().unwrap()), (DType::Int64, -2));
        let (v, idx) = i.max_dim(0, false).unwrap();
        assert_eq!((v.dtype(), idx.dtype()), (DType::Int64, DType::Int64));
        let b = DynTensor::from_vec(vec![false, true, false, false], &[2, 2]).unwrap();
        assert_eq!(b.max().unwrap().dtype(), DType::Bool);
        assert!(b.max().unwrap().item::<bool>().unwrap());
        let (v, idx) = b.max_dim(1, false).unwrap();
        assert_eq!(v.to_vec::<bool>().unwrap(), vec![true, false]);
        assert_eq!(idx.to_vec::<i64>().unwrap(), vec![1, 0]);
        let i32s = DynTensor::from_vec(vec![i32::MIN, i32::MIN], &[2]).unwrap();
        assert_eq!(
            i32s.amax(0, false).unwrap().to_vec::<i32>().unwrap(),
            vec![i32::MIN]
        );
    }
}

#[cfg(test)]
mod typed_tests {
    use crate::shape::{Axis, Const, One, Rank2};
    use crate::{DynTensor, Tensor};

    #[test]
    fn typed_max_matches_dyn() {
        let v = vec![3.0f32, f32::NAN, 9.0, -1.0, 7.0, -1.0];
        let t = Tensor::<f32, Rank2<2, 3>>::from_vec(v.clone()).unwrap();
        let d = DynTensor::from_vec(v, &[2, 3]).unwrap();
        assert!(t.max().to_vec()[0].is_nan());
        let u = Tensor::<i32, Rank2<2, 2>>::from_vec(vec![4, -2, 8, 1]).unwrap();
        assert_eq!(u.max().to_vec(), vec![8]);
        let (val, idx): (Tensor<f32, (Const<3>,)>, Tensor<i64, (Const<3>,)>) = t.max_dim(Axis::<0>);
        let (dv, di) = d.max_dim(0, false).unwrap();
        let bits = |v: Vec<f32>| v.into_iter().map(f32::to_bits).collect::<Vec<_>>();
        assert_eq!(bits(val.to_vec()), bits(dv.to_vec::<f32>().unwrap()));
        assert_eq!(idx.to_vec(), di.to_vec::<i64>().unwrap());
        let (val, idx): (Tensor<f32, (Const<2>, One)>, _) = t.max_dim_keepdim(Axis::<1>);
        let (dv, di) = d.max_dim(1, true).unwrap();
        assert_eq!(val.to_vec()[1], dv.to_vec::<f32>().unwrap()[1]);
        assert!(val.to_vec()[0].is_nan());
        assert_eq!(idx.to_vec(), di.to_vec::<i64>().unwrap());
    }

    #[test]
    #[should_panic(expected = "max: undefined on an empty tensor of shape [0]")]
    fn typed_max_of_an_empty_tensor_panics() {
        let _ = Tensor::<f64, (usize,)>::zeros_with((0,)).unwrap().max();
    }
}

#[cfg(test)]
mod grad_tests {
    use super::super::testing::{f64s, grad_of, gradcheck_reduction, transposed};
    use crate::shape::Rank2;
    use crate::{DynTensor, Tensor};

    const SHAPES: &[&[usize]] = &[&[], &[5], &[3, 4], &[2, 3, 2]];

    #[test]
    fn max_and_amax_split_ties_evenly_max_dim_picks_the_index() {
        let x = f64s(&[1.0, 3.0, 3.0, 2.0], &[2, 2]);
        assert_eq!(grad_of(&x, DynTensor::max), vec![0.0, 0.5, 0.5, 0.0]);
        let y = f64s(&[5.0, 5.0, 1.0, 2.0, 7.0, 7.0], &[2, 3]);
        assert_eq!(
            grad_of(&y, |t| t.amax(1, false)),
            vec![0.5, 0.5, 0.0, 0.0, 0.5, 0.5]
        );
        assert_eq!(
            grad_of(&y, |t| Ok(t.max_dim(1, true)?.0)),
            vec![1.0, 0.0, 0.0, 0.0, 1.0, 0.0]
        );
        assert_eq!(
            grad_of(&y, |t| Ok(t.max_dim(0, false)?.0)),
            vec![1.0, 0.0, 0.0, 0.0, 1.0, 1.0]
        );
        // NaN is the max: it takes the gradient.
        let n = f64s(&[1.0, f64::NAN, 2.0], &[3]);
        assert_eq!(grad_of(&n, DynTensor::max), vec![0.0, 1.0, 0.0]);
        // The indices do not record.
        let leaf = y.detach().requires_grad_(true).unwrap();
        let (v, i) = leaf.max_dim(1, false).unwrap();
        assert_eq!((v.grad_fn(), i.grad_fn()), (Some("max"), None));
    }

    #[test]
    fn max_gradcheck_over_shapes_and_dims() {
        gradcheck_reduction(SHAPES, |x, over| match over {
            None => x.max(),
            Some((d, k)) => x.amax(d, k),
        });
        gradcheck_reduction(SHAPES, |x, over| match over {
            None => x.max(),
            Some((d, k)) => Ok(x.max_dim(d, k)?.0),
        });
    }

    #[test]
    fn max_grad_of_a_transposed_leaf() {
        let x = f64s(&[1.0, 9.0, 3.0, 7.0, 5.0, 2.0], &[2, 3]);
        let t = transposed(&x);
        let want = grad_of(&t.contiguous().unwrap(), |v| Ok(v.max_dim(1, false)?.0));
        assert_eq!(grad_of(&t, |v| Ok(v.max_dim(1, false)?.0)), want);
        assert_eq!(want, vec![0.0, 1.0, 1.0, 0.0, 1.0, 0.0]);
    }

    #[test]
    fn typed_max_backward() {
        let x = Tensor::<f32, Rank2<2, 3>>::from_vec(vec![1.0, 4.0, 4.0, -2.0, 0.5, 3.0])
            .unwrap()
            .requires_grad_(true);
        x.max().backward().unwrap();
        let g: Tensor<f32, Rank2<2, 3>> = x.grad().unwrap();
        assert_eq!(g.to_vec(), vec![0.0, 0.5, 0.5, 0.0, 0.0, 0.0]);
    }
}
