//! `sum`: `Σ x`.

use super::typed::{over_axis, typed};
use super::{Accum, Over, SumElement, expand_back, over_dim, reduce};
use crate::autograd;
use crate::dyn_tensor::{DynTensor, with_any};
use crate::error::Result;
use crate::kernel::Cost;
use crate::kernel::reduce::Reducer;
use crate::shape::{ReduceKeepShape, ReduceShape, Shape};
use crate::tensor::Tensor;
use crate::tensor_impl::TensorImpl;

/// The sum of `f(x)` over the range: the reducer of `sum`, `mean` and the sum-based
/// `norm`s. Accumulates in the type `f` returns, in the kernel's fixed lanes and pairwise
/// tree, so `f32` sums stay accurate without widening each element.
#[derive(Clone, Copy, Debug)]
pub struct SumOf<F>(pub F);

impl<T, A: Accum, F: Fn(T) -> A + Copy + Send + Sync> Reducer<T> for SumOf<F> {
    type Acc = A;
    #[inline(always)]
    fn init(self) -> A {
        A::ZERO
    }
    #[inline(always)]
    fn step(self, acc: A, x: T, _: usize) -> A {
        acc.acc_add((self.0)(x))
    }
    #[inline(always)]
    fn merge(self, a: A, b: A) -> A {
        a.acc_add(b)
    }
}

/// The sum of `x` over `over`, in `int64` for integer and bool input (wrapping on overflow)
/// and in the input's float type otherwise: the kernel both faces share.
pub fn sum<T: SumElement>(x: &TensorImpl<T>, over: Over) -> Result<TensorImpl<T::Out>> {
    let out = reduce(
        "sum",
        x,
        over,
        SumOf(|v: T| v.cast::<T::Out>()),
        Cost::Cheap,
        |s| s,
    )?;
    // d(Σ x)/dx = 1: the output's gradient, spread over the reduced range.
    Ok(autograd::maybe_record(out, "sum", [x.autograd()], |_| {
        let dims = x.dims().to_vec();
        move |g: &DynTensor| Ok(vec![Some(expand_back(g, &dims, over)?)])
    }))
}

impl DynTensor {
    /// Returns the sum of all elements, `Σ x`, as a 0-d tensor (`torch.sum`).
    ///
    /// Integer and bool input sums into `int64` (wrapping on overflow); floats keep their
    /// dtype. An empty tensor sums to 0. The result is bit-identical for any number of
    /// threads.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::{DType, DynTensor};
    /// let x = DynTensor::from_vec(vec![1i32, 2, 3, 4], &[2, 2])?;
    /// let s = x.sum()?;
    /// assert_eq!((s.shape(), s.dtype()), (&[][..], DType::Int64));
    /// assert_eq!(s.item::<i64>()?, 10);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    ///
    /// # Errors
    /// Only [`crate::Error::Alloc`] if a non-contiguous input cannot be copied.
    pub fn sum(&self) -> Result<DynTensor> {
        with_any!(self, t => Ok(sum(t, Over::All)?.into()))
    }

    /// Returns the sum along `dim`, `Σ_dim x`: shape `[.., n, ..]` gives `[.., ..]`, or
    /// `[.., 1, ..]` if `keepdim` (`torch.sum(x, dim, keepdim)`). Negative `dim` counts from
    /// the end. Dtypes as in [`DynTensor::sum`].
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let x = DynTensor::from_vec(vec![1.0f32, 2.0, 3.0, 4.0, 5.0, 6.0], &[2, 3])?;
    /// assert_eq!(x.sum_dim(0, false)?.to_vec::<f32>()?, vec![5.0, 7.0, 9.0]);
    /// assert_eq!(x.sum_dim(-1, true)?.shape(), &[2, 1]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`crate::Error::DimOutOfRange`] if `dim` is outside `-ndim..ndim`.
    pub fn sum_dim(&self, dim: isize, keepdim: bool) -> Result<DynTensor> {
        let over = over_dim("sum", self, dim, keepdim)?;
        with_any!(self, t => Ok(sum(t, over)?.into()))
    }
}

impl<T: SumElement, S: Shape> Tensor<T, S> {
    /// Returns the sum `Σ x` over all elements as a 0-d tensor: the typed [`DynTensor::sum`].
    pub fn sum(&self) -> Tensor<T::Out, ()> {
        typed(self.inner(), Over::All, (), |x, o| sum::<T>(x, o))
    }

    /// Returns the sum `Σ x` along `axis` (an [`crate::shape::Axis`]), which the result drops:
    /// the typed [`DynTensor::sum_dim`] with `keepdim = false`. An axis out of range does
    /// not compile.
    pub fn sum_dim<A>(&self, _axis: A) -> Tensor<T::Out, <S as ReduceShape<A>>::Output>
    where
        S: ReduceShape<A>,
    {
        let shape = self.shape().reduce();
        typed(self.inner(), over_axis::<S, A>(false), shape, |x, o| {
            sum::<T>(x, o)
        })
    }

    /// [`Tensor::sum_dim`] with `keepdim = true`: the reduced dim stays as a
    /// [`crate::shape::One`], so the result broadcasts against the input.
    pub fn sum_dim_keepdim<A>(&self, _axis: A) -> Tensor<T::Out, <S as ReduceKeepShape<A>>::Output>
    where
        S: ReduceKeepShape<A>,
    {
        let shape = self.shape().reduce_keep();
        typed(self.inner(), over_axis::<S, A>(true), shape, |x, o| {
            sum::<T>(x, o)
        })
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::super::testing::{f32s, f64s, lanes, reshaped, same, shaped_f64, transposed, vals};
    use crate::{DType, DynTensor, Error, Generator};

    #[test]
    fn sum_rank_zero_and_rank_two_along_each_dim() {
        let s = f32s(&[2.5], &[]);
        assert_eq!(s.sum().unwrap().item::<f32>().unwrap(), 2.5);
        for keepdim in [false, true] {
            let d = s.sum_dim(-1, keepdim).unwrap();
            assert_eq!((d.shape(), vals(&d)), (&[][..], vec![2.5]));
        }
        assert!(matches!(
            s.sum_dim(1, false),
            Err(Error::DimOutOfRange { .. })
        ));

        let x = f32s(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0], &[2, 3]);
        let all = x.sum().unwrap();
        assert_eq!((all.shape(), vals(&all)), (&[][..], vec![21.0]));
        for (dim, shape, keep_shape, want) in [
            (0, [3], [1, 3], vec![5.0, 7.0, 9.0]),
            (-2, [3], [1, 3], vec![5.0, 7.0, 9.0]),
            (1, [2], [2, 1], vec![6.0, 15.0]),
            (-1, [2], [2, 1], vec![6.0, 15.0]),
        ] {
            let d = x.sum_dim(dim, false).unwrap();
            assert_eq!((d.shape(), vals(&d)), (&shape[..], want.clone()));
            let k = x.sum_dim(dim, true).unwrap();
            assert_eq!((k.shape(), vals(&k)), (&keep_shape[..], want));
        }
        assert!(matches!(
            x.sum_dim(2, false),
            Err(Error::DimOutOfRange { dim: 2, .. })
        ));
    }

    #[test]
    fn sum_and_argmax_over_every_tail_length() {
        // Lengths around the kernel's 64 lanes: the tail goes into the first lanes. Small
        // integers sum exactly in f32, so any lost or doubled element shows.
        for n in 0..200usize {
            let v: Vec<f32> = (0..n).map(|i| (i % 7) as f32 + 1.0).collect();
            let want: f32 = v.iter().sum();
            assert_eq!(
                vals(&f32s(&v, &[n]).sum().unwrap()),
                vec![want as f64],
                "n {n}"
            );
            if n > 0 {
                let mut w = v.clone();
                w[n - 1] = 100.0;
                w[n / 3] = 100.0;
                let (_, i) = f32s(&w, &[n]).max_dim(0, false).unwrap();
                assert_eq!(vals(&i), vec![(n / 3) as f64], "n {n}");
            }
        }
    }

    #[test]
    fn sum_of_a_transposed_view() {
        let x = transposed(&f64s(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0], &[2, 3]));
        assert!(!x.is_contiguous());
        assert_eq!(vals(&x.sum_dim(0, false).unwrap()), vec![6.0, 15.0]);
        assert_eq!(vals(&x.sum_dim(1, false).unwrap()), vec![5.0, 7.0, 9.0]);
        assert_eq!(vals(&x.sum().unwrap()), vec![21.0]);
    }

    #[test]
    fn sum_of_zero_size_dims_is_zero() {
        let x = DynTensor::zeros(&[0, 3], DType::Float32).unwrap();
        assert_eq!(vals(&x.sum().unwrap()), vec![0.0]);
        let d = x.sum_dim(0, false).unwrap();
        assert_eq!((d.shape(), vals(&d)), (&[3][..], vec![0.0; 3]));
        let d = x.sum_dim(1, true).unwrap();
        assert_eq!((d.shape(), d.numel()), (&[0, 1][..], 0));
        let z = DynTensor::zeros(&[0, 0], DType::Int32).unwrap();
        assert_eq!(z.sum_dim(0, false).unwrap().shape(), &[0]);
        assert_eq!(z.sum().unwrap().to_vec::<i64>().unwrap(), vec![0]);
    }

    #[test]
    fn sum_propagates_nan_and_inf() {
        let x = f32s(&[1.0, f32::NAN, 2.0, 3.0], &[2, 2]);
        assert!(vals(&x.sum().unwrap())[0].is_nan());
        assert!(same(&vals(&x.sum_dim(1, false).unwrap()), &[f64::NAN, 5.0]));
        let y = f64s(&[f64::INFINITY, 1.0, f64::NEG_INFINITY], &[3]);
        assert!(vals(&y.sum().unwrap())[0].is_nan());
        let y = f64s(&[f64::INFINITY, 1.0], &[2]);
        assert_eq!(vals(&y.sum().unwrap()), vec![f64::INFINITY]);
    }

    #[test]
    fn sum_dtypes_follow_pytorch() {
        let i = DynTensor::from_vec(vec![1i32, 2, 3, 4], &[2, 2]).unwrap();
        let s = i.sum_dim(0, false).unwrap();
        assert_eq!(s.dtype(), DType::Int64);
        assert_eq!(s.to_vec::<i64>().unwrap(), vec![4, 6]);
        let b = DynTensor::from_vec(vec![true, false, true, true], &[4]).unwrap();
        let s = b.sum().unwrap();
        assert_eq!((s.dtype(), s.item::<i64>().unwrap()), (DType::Int64, 3));
        let w = DynTensor::from_vec(vec![i64::MAX, 1], &[2]).unwrap();
        assert_eq!(
            w.sum().unwrap().item::<i64>().unwrap(),
            i64::MIN,
            "wraps like torch"
        );
        assert_eq!(f64s(&[0.5], &[1]).sum().unwrap().dtype(), DType::Float64);
        assert_eq!(f32s(&[0.5], &[1]).sum().unwrap().dtype(), DType::Float32);
    }

    #[test]
    fn sum_of_ten_million_f32_is_accurate() {
        let n = 10_000_000;
        let x = DynTensor::rand_with(&[n], DType::Float32, &mut Generator::new(7)).unwrap();
        let want: f64 = x.to_vec::<f32>().unwrap().iter().map(|&v| v as f64).sum();
        let got = x.sum().unwrap().item::<f32>().unwrap() as f64;
        assert!(((got - want) / want).abs() < 1e-6, "{got} vs {want}");
        // A long outer dim goes through the row-block cascade instead.
        let y = reshaped(&x, &[n / 2, 2]);
        let got = vals(&y.sum_dim(0, false).unwrap());
        let v = y.to_vec::<f32>().unwrap();
        for (j, g) in got.iter().enumerate() {
            let want: f64 = v.iter().skip(j).step_by(2).map(|&v| v as f64).sum();
            assert!(
                ((g - want) / want).abs() < 1e-6,
                "column {j}: {g} vs {want}"
            );
        }
    }

    proptest! {
        #[test]
        fn sum_matches_a_naive_reference((shape, v, dim) in shaped_f64()) {
            let x = f64s(&v, &shape);
            let want: Vec<f64> = lanes(&v, &shape, dim).iter().map(|l| l.iter().sum()).collect();
            let got = vals(&x.sum_dim(dim, false).unwrap());
            prop_assert_eq!(got.len(), want.len());
            for (g, w) in got.iter().zip(&want) {
                prop_assert!((g - w).abs() <= 1e-9 * (1.0 + w.abs()));
            }
            let all: f64 = v.iter().sum();
            prop_assert!((vals(&x.sum().unwrap())[0] - all).abs() <= 1e-9 * (1.0 + all.abs()));
        }
    }
}

#[cfg(test)]
mod typed_tests {
    use crate::shape::{Axis, Const, One, Rank0, Rank1, Rank2, Rank3};
    use crate::{DynTensor, Tensor};

    #[test]
    fn typed_sum_matches_dyn_along_every_axis() {
        let v: Vec<i32> = (1..=24).collect();
        let t = Tensor::<i32, Rank3<2, 3, 4>>::from_vec(v.clone()).unwrap();
        let d = DynTensor::from_vec(v, &[2, 3, 4]).unwrap();
        let all: Tensor<i64, Rank0> = t.sum();
        assert_eq!(all.to_vec(), vec![300]);
        let s0: Tensor<i64, Rank2<3, 4>> = t.sum_dim(Axis::<0>);
        assert_eq!(
            s0.to_vec(),
            d.sum_dim(0, false).unwrap().to_vec::<i64>().unwrap()
        );
        let s1: Tensor<i64, (Const<2>, Const<4>)> = t.sum_dim(Axis::<1>);
        assert_eq!(
            s1.to_vec(),
            d.sum_dim(1, false).unwrap().to_vec::<i64>().unwrap()
        );
        let k2: Tensor<i64, (Const<2>, Const<3>, One)> = t.sum_dim_keepdim(Axis::<2>);
        assert_eq!(k2.dims(), &[2, 3, 1]);
        assert_eq!(
            k2.to_vec(),
            d.sum_dim(2, true).unwrap().to_vec::<i64>().unwrap()
        );
        // A runtime dim of size 0 sums to zeros.
        let e = Tensor::<f32, (usize, Const<3>)>::zeros_with((0, Const)).unwrap();
        let z: Tensor<f32, Rank1<3>> = e.sum_dim(Axis::<0>);
        assert_eq!(z.to_vec(), vec![0.0; 3]);
    }
}
