//! `mean`: `Σ x / n`.

use super::typed::{over_axis, typed};
use super::{Accum, Over, SumOf, expand_back, over_dim, reduce};
use crate::autograd;
use crate::dtype::Float;
use crate::dyn_tensor::{DynTensor, with_float};
use crate::error::Result;
use crate::kernel::Cost;
use crate::shape::{ReduceKeepShape, ReduceShape, Shape};
use crate::tensor::Tensor;
use crate::tensor_impl::TensorImpl;

/// The mean of `x` over `over`: its sum (accumulated in `T`, as PyTorch does) divided by
/// the count; NaN for an empty range.
pub fn mean<T: Float + Accum>(x: &TensorImpl<T>, over: Over) -> Result<TensorImpl<T>> {
    let n = over.count(x.dims()) as f64;
    let out = reduce(
        "mean",
        x,
        over,
        SumOf(|v: T| v),
        Cost::Cheap,
        move |s: T| T::from_f64(s.to_f64() / n),
    )?;
    // d(Σ x / n)/dx = 1/n over the reduced range.
    Ok(autograd::maybe_record(out, "mean", [x.autograd()], |_| {
        let dims = x.dims().to_vec();
        move |g: &DynTensor| Ok(vec![Some(expand_back(&g.div_scalar(n)?, &dims, over)?)])
    }))
}

impl DynTensor {
    /// Returns the mean of all elements, `Σ x / n`, as a 0-d tensor (`torch.mean`). The mean
    /// of an empty tensor is NaN.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let x = DynTensor::from_vec(vec![1.0f32, 2.0, 3.0, 6.0], &[2, 2])?;
    /// assert_eq!(x.mean()?.item::<f32>()?, 3.0);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`crate::Error::DType`] for integer or bool input, as `torch.mean` refuses it.
    pub fn mean(&self) -> Result<DynTensor> {
        with_float!(self, "mean", t => Ok(mean(t, Over::All)?.into()))
    }

    /// Returns the mean along `dim`, `Σ_dim x / n`: shape `[.., n, ..]` gives `[.., ..]`,
    /// or `[.., 1, ..]` if `keepdim`. NaN where the reduced dim is empty.
    ///
    /// # Errors
    /// [`crate::Error::DimOutOfRange`] for a bad `dim`; [`crate::Error::DType`] for
    /// integer or bool input.
    pub fn mean_dim(&self, dim: isize, keepdim: bool) -> Result<DynTensor> {
        let over = over_dim("mean", self, dim, keepdim)?;
        with_float!(self, "mean", t => Ok(mean(t, over)?.into()))
    }
}

impl<T: Float + Accum, S: Shape> Tensor<T, S> {
    /// Returns the mean `Σ x / n` over all elements as a 0-d tensor: the typed [`DynTensor::mean`].
    pub fn mean(&self) -> Tensor<T, ()> {
        typed(self.inner(), Over::All, (), |x, o| mean::<T>(x, o))
    }

    /// Returns the mean `Σ x / n` along `axis` (an [`crate::shape::Axis`]), which the result drops:
    /// the typed [`DynTensor::mean_dim`] with `keepdim = false`. An axis out of range does
    /// not compile.
    pub fn mean_dim<A>(&self, _axis: A) -> Tensor<T, <S as ReduceShape<A>>::Output>
    where
        S: ReduceShape<A>,
    {
        let shape = self.shape().reduce();
        typed(self.inner(), over_axis::<S, A>(false), shape, |x, o| {
            mean::<T>(x, o)
        })
    }

    /// [`Tensor::mean_dim`] with `keepdim = true`: the reduced dim stays as a
    /// [`crate::shape::One`], so the result broadcasts against the input.
    pub fn mean_dim_keepdim<A>(&self, _axis: A) -> Tensor<T, <S as ReduceKeepShape<A>>::Output>
    where
        S: ReduceKeepShape<A>,
    {
        let shape = self.shape().reduce_keep();
        typed(self.inner(), over_axis::<S, A>(true), shape, |x, o| {
            mean::<T>(x, o)
        })
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::super::testing::{f32s, f64s, lanes, same, shaped_f64, transposed, vals};
    use crate::{DType, DynTensor, Error};

    #[test]
    fn mean_rank_zero_and_rank_two_along_each_dim() {
        let s = f64s(&[-1.5], &[]);
        assert_eq!(vals(&s.mean().unwrap()), vec![-1.5]);
        assert_eq!(s.mean_dim(0, true).unwrap().shape(), &[] as &[usize]);
        let x = f32s(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0], &[2, 3]);
        assert_eq!(vals(&x.mean().unwrap()), vec![3.5]);
        for (dim, shape, want) in [
            (0, vec![3], vec![2.5, 3.5, 4.5]),
            (-2, vec![3], vec![2.5, 3.5, 4.5]),
            (1, vec![2], vec![2.0, 5.0]),
            (-1, vec![2], vec![2.0, 5.0]),
        ] {
            let d = x.mean_dim(dim, false).unwrap();
            assert_eq!((d.shape(), vals(&d)), (&shape[..], want.clone()));
            let k = x.mean_dim(dim, true).unwrap();
            assert_eq!(vals(&k), want);
            assert_eq!(
                k.shape(),
                if dim.rem_euclid(2) == 0 {
                    &[1, 3]
                } else {
                    &[2, 1]
                }
            );
        }
        let t = transposed(&x);
        assert_eq!(vals(&t.mean_dim(0, false).unwrap()), vec![2.0, 5.0]);
        assert_eq!(vals(&t.mean_dim(1, false).unwrap()), vec![2.5, 3.5, 4.5]);
    }

    #[test]
    fn mean_of_empty_is_nan_and_nan_propagates() {
        let e = DynTensor::zeros(&[0, 2], DType::Float32).unwrap();
        assert!(vals(&e.mean().unwrap())[0].is_nan());
        assert!(same(
            &vals(&e.mean_dim(0, false).unwrap()),
            &[f64::NAN, f64::NAN]
        ));
        assert_eq!(e.mean_dim(1, false).unwrap().shape(), &[0]);
        let x = f64s(&[1.0, f64::NAN, 3.0, 5.0], &[2, 2]);
        assert!(same(
            &vals(&x.mean_dim(0, false).unwrap()),
            &[2.0, f64::NAN]
        ));
    }

    #[test]
    fn mean_rejects_integers_and_keeps_float_dtypes() {
        let i = DynTensor::from_vec(vec![1i64, 2], &[2]).unwrap();
        let e = i.mean().unwrap_err();
        assert!(matches!(
            e,
            Error::DType {
                op: "mean",
                got: DType::Int64,
                ..
            }
        ));
        assert_eq!(
            e.to_string(),
            "mean: expected a floating-point tensor, got int64"
        );
        assert!(
            DynTensor::from_vec(vec![true], &[1])
                .unwrap()
                .mean_dim(0, false)
                .is_err()
        );
        assert_eq!(f64s(&[1.0], &[1]).mean().unwrap().dtype(), DType::Float64);
        assert_eq!(
            f32s(&[1.0], &[1]).mean_dim(0, false).unwrap().dtype(),
            DType::Float32
        );
    }

    proptest! {
        #[test]
        fn mean_matches_a_naive_reference((shape, v, dim) in shaped_f64()) {
            let x = f64s(&v, &shape);
            let want: Vec<f64> = lanes(&v, &shape, dim)
                .iter()
                .map(|l| l.iter().sum::<f64>() / l.len() as f64)
                .collect();
            let got = vals(&x.mean_dim(dim, true).unwrap());
            prop_assert_eq!(got.len(), want.len());
            for (g, w) in got.iter().zip(&want) {
                prop_assert!((g - w).abs() <= 1e-9 * (1.0 + w.abs()) || (g.is_nan() && w.is_nan()));
            }
        }
    }
}

#[cfg(test)]
mod typed_tests {
    use crate::shape::{Axis, Const, One, Rank2};
    use crate::{DynTensor, Tensor};

    #[test]
    fn typed_mean_matches_dyn() {
        let v = vec![1.0f64, 2.0, 4.0, 8.0, 16.0, 32.0];
        let t = Tensor::<f64, Rank2<2, 3>>::from_vec(v.clone()).unwrap();
        let d = DynTensor::from_vec(v, &[2, 3]).unwrap();
        assert_eq!(t.mean().to_vec(), vec![63.0 / 6.0]);
        let m: Tensor<f64, (Const<3>,)> = t.mean_dim(Axis::<0>);
        assert_eq!(m.to_vec(), vec![4.5, 9.0, 18.0]);
        let k: Tensor<f64, (Const<2>, One)> = t.mean_dim_keepdim(Axis::<1>);
        assert_eq!(
            k.to_vec(),
            d.mean_dim(1, true).unwrap().to_vec::<f64>().unwrap()
        );
        let e = Tensor::<f32, (usize,)>::zeros_with((0,)).unwrap();
        assert!(e.mean().to_vec()[0].is_nan());
    }
}
