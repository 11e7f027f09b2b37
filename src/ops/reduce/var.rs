//! `var`: `Σ (x - mean)² / (n - correction)`.

use super::typed::{over_axis, typed};
use super::{Over, expand_back, over_dim, reduce, reduce_kept};
use crate::autograd;
use crate::dtype::{Element, Float};
use crate::dyn_tensor::{DynTensor, with_float};
use crate::error::Result;
use crate::kernel::Cost;
use crate::kernel::reduce::Reducer;
use crate::shape::{ReduceKeepShape, ReduceShape, Shape};
use crate::tensor::Tensor;
use crate::tensor_impl::TensorImpl;

/// Count, mean and sum of squared deviations from the mean of the elements seen so far.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Moments {
    /// The number of elements.
    pub n: f64,
    /// Their mean.
    pub mean: f64,
    /// `Σ (x - mean)²`.
    pub m2: f64,
}

/// Welford's one-pass update, merged with Chan's formula: numerically sound (no
/// cancellation of `Σx²` against `(Σx)²`), accumulated in `f64` as PyTorch does on the CPU.
#[derive(Clone, Copy, Debug)]
pub struct Welford;

impl<T: Element> Reducer<T> for Welford {
    type Acc = Moments;
    #[inline(always)]
    fn init(self) -> Moments {
        Moments::default()
    }
    #[inline(always)]
    fn step(self, acc: Moments, x: T, _: usize) -> Moments {
        let x = x.to_f64();
        let n = acc.n + 1.0;
        let d = x - acc.mean;
        let mean = acc.mean + d / n;
        Moments {
            n,
            mean,
            m2: acc.m2 + d * (x - mean),
        }
    }
    #[inline(always)]
    fn merge(self, a: Moments, b: Moments) -> Moments {
        if b.n == 0.0 {
            return a;
        }
        if a.n == 0.0 {
            return b;
        }
        let n = a.n + b.n;
        let d = b.mean - a.mean;
        let fb = b.n / n;
        Moments {
            n,
            mean: a.mean + d * fb,
            m2: a.m2 + b.m2 + d * d * a.n * fb,
        }
    }
}

/// The variance of moments `m` with `correction` (Bessel's for 1): `m2 / max(n -
/// correction, 0)`, so a range with no degrees of freedom gives NaN (or `inf` if its
/// deviations are not all zero), as PyTorch.
pub fn variance(m: Moments, correction: f64) -> f64 {
    let dof = if m.n > correction {
        m.n - correction
    } else {
        0.0
    };
    m.m2 / dof
}

/// The variance of `x` over `over` with `correction`: the kernel both faces share.
///
/// Backward: `d var / dx = 2 (x - mean) / (n - correction)` (with `n - correction`
/// clamped at 0, as the forward).
pub fn var<T: Float>(x: &TensorImpl<T>, over: Over, correction: f64) -> Result<TensorImpl<T>> {
    let out = reduce("var", x, over, Welford, Cost::Heavy, move |m| {
        T::from_f64(variance(m, correction))
    })?;
    Ok(autograd::maybe_record(out, "var", [x.autograd()], |_| {
        let x = DynTensor::from(x.detach());
        move |g: &DynTensor| {
            let scale = 2.0 / dof(x.shape(), over, correction);
            let g = expand_back(&g.mul_scalar(scale)?, x.shape(), over)?;
            Ok(vec![Some(g.mul(&deviations(&x, over)?)?)])
        }
    }))
}

/// The degrees of freedom `max(n - correction, 0)` of a reduction over `over` of `dims`.
pub(crate) fn dof(dims: &[usize], over: Over, correction: f64) -> f64 {
    (over.count(dims) as f64 - correction).max(0.0)
}

/// `x - mean(x)`, the mean taken over `over` and broadcast back.
pub(crate) fn deviations(x: &DynTensor, over: Over) -> Result<DynTensor> {
    x.sub(&reduce_kept(x, over, DynTensor::mean, DynTensor::mean_dim)?)
}

impl DynTensor {
    /// Returns the variance of all elements, `Σ (x - mean)² / (n - correction)`, as a 0-d
    /// tensor (`torch.var(x, correction=...)`; PyTorch's default `correction` is 1, the
    /// unbiased estimate, and 0 gives the population variance).
    ///
    /// When `n - correction <= 0` the result is NaN (for one element with correction 1,
    /// or an empty tensor), or `inf` if the elements differ, as PyTorch.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let x = DynTensor::from_vec(vec![1.0f64, 2.0, 3.0, 4.0], &[4])?;
    /// assert_eq!(x.var(1.0)?.item::<f64>()?, 5.0 / 3.0);
    /// assert_eq!(x.var(0.0)?.item::<f64>()?, 1.25);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`crate::Error::DType`] for integer or bool input, as `torch.var` refuses it.
    pub fn var(&self, correction: f64) -> Result<DynTensor> {
        with_float!(self, "var", t => Ok(var(t, Over::All, correction)?.into()))
    }

    /// Returns the variance along `dim` with `correction` (see [`DynTensor::var`]): shape
    /// `[.., n, ..]` gives `[.., ..]`, or `[.., 1, ..]` if `keepdim`.
    ///
    /// # Errors
    /// [`crate::Error::DimOutOfRange`] for a bad `dim`; [`crate::Error::DType`] for integer
    /// or bool input.
    pub fn var_dim(&self, dim: isize, correction: f64, keepdim: bool) -> Result<DynTensor> {
        let over = over_dim("var", self, dim, keepdim)?;
        with_float!(self, "var", t => Ok(var(t, over, correction)?.into()))
    }
}

impl<T: Float, S: Shape> Tensor<T, S> {
    /// Returns the variance `Σ (x - mean)² / (n - correction)` over all elements as a 0-d tensor: the typed [`DynTensor::var`].
    pub fn var(&self, correction: f64) -> Tensor<T, ()> {
        typed(self.inner(), Over::All, (), |x, o| {
            var::<T>(x, o, correction)
        })
    }

    /// Returns the variance `Σ (x - mean)² / (n - correction)` along `axis` (an [`crate::shape::Axis`]), which the result drops:
    /// the typed [`DynTensor::var_dim`] with `keepdim = false`. An axis out of range does
    /// not compile.
    pub fn var_dim<A>(&self, _axis: A, correction: f64) -> Tensor<T, <S as ReduceShape<A>>::Output>
    where
        S: ReduceShape<A>,
    {
        let shape = self.shape().reduce();
        typed(self.inner(), over_axis::<S, A>(false), shape, |x, o| {
            var::<T>(x, o, correction)
        })
    }

    /// [`Tensor::var_dim`] with `keepdim = true`: the reduced dim stays as a
    /// [`crate::shape::One`], so the result broadcasts against the input.
    pub fn var_dim_keepdim<A>(
        &self,
        _axis: A,
        correction: f64,
    ) -> Tensor<T, <S as ReduceKeepShape<A>>::Output>
    where
        S: ReduceKeepShape<A>,
    {
        let shape = self.shape().reduce_keep();
        typed(self.inner(), over_axis::<S, A>(true), shape, |x, o| {
            var::<T>(x, o, correction)
        })
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::super::testing::{f32s, f64s, lanes, same, shaped_f64, transposed, vals};
    use crate::{DType, DynTensor, Error};

    #[test]
    fn var_rank_zero_and_rank_two_along_each_dim() {
        let s = f64s(&[3.0], &[]);
        assert!(
            vals(&s.var(1.0).unwrap())[0].is_nan(),
            "n = 1 with correction 1"
        );
        assert_eq!(vals(&s.var_dim(0, 0.0, true).unwrap()), vec![0.0]);
        let x = f64s(&[1.0, 2.0, 6.0, 3.0, 2.0, 4.0], &[2, 3]);
        // mean 3, deviations -2 -1 3 0 -1 1: m2 = 16.
        assert!((vals(&x.var(1.0).unwrap())[0] - 16.0 / 5.0).abs() < 1e-14);
        assert!((vals(&x.var(0.0).unwrap())[0] - 16.0 / 6.0).abs() < 1e-14);
        for (dim, keepdim, shape, want) in [
            (0, false, vec![3], vec![2.0, 0.0, 2.0]),
            (-2, true, vec![1, 3], vec![2.0, 0.0, 2.0]),
            (1, false, vec![2], vec![7.0, 1.0]),
            (-1, true, vec![2, 1], vec![7.0, 1.0]),
        ] {
            let d = x.var_dim(dim, 1.0, keepdim).unwrap();
            assert_eq!((d.shape(), vals(&d)), (&shape[..], want));
        }
        assert_eq!(
            vals(&x.var_dim(1, 0.0, false).unwrap()),
            vec![14.0 / 3.0, 2.0 / 3.0]
        );
        assert_eq!(vals(&x.var_dim(1, 2.0, false).unwrap()), vec![14.0, 2.0]);
        let t = transposed(&x);
        assert_eq!(vals(&t.var_dim(0, 1.0, false).unwrap()), vec![7.0, 1.0]);
        assert_eq!(
            vals(&t.var_dim(1, 1.0, false).unwrap()),
            vec![2.0, 0.0, 2.0]
        );
    }

    #[test]
    fn var_without_degrees_of_freedom_is_nan_or_inf() {
        let x = f32s(&[1.0, 3.0], &[2]);
        assert_eq!(vals(&x.var(2.0).unwrap()), vec![f64::INFINITY]);
        assert!(vals(&f32s(&[2.0, 2.0], &[2]).var(2.0).unwrap())[0].is_nan());
        let e = DynTensor::zeros(&[0, 2], DType::Float32).unwrap();
        assert!(vals(&e.var(0.0).unwrap())[0].is_nan());
        assert!(same(
            &vals(&e.var_dim(0, 1.0, false).unwrap()),
            &[f64::NAN, f64::NAN]
        ));
        assert_eq!(e.var_dim(1, 1.0, false).unwrap().shape(), &[0]);
    }

    #[test]
    fn var_propagates_nan_and_is_exact_for_shifted_data() {
        let x = f64s(&[1.0, f64::NAN, 2.0, 4.0], &[2, 2]);
        assert!(same(
            &vals(&x.var_dim(1, 1.0, false).unwrap()),
            &[f64::NAN, 2.0]
        ));
        // A large offset cancels catastrophically in `Σx² - n·mean²`, not in Welford.
        let v: Vec<f32> = (0..1000).map(|i| 1.0e4 + (i % 2) as f32).collect();
        let got = vals(&f32s(&v, &[1000]).var(0.0).unwrap())[0];
        assert!((got - 0.25).abs() < 1e-6, "{got}");
    }

    #[test]
    fn var_needs_floats_and_keeps_the_dtype() {
        let i = DynTensor::from_vec(vec![1i32, 2], &[2]).unwrap();
        assert!(matches!(i.var(1.0), Err(Error::DType { op: "var", .. })));
        assert_eq!(
            f32s(&[1.0, 2.0], &[2]).var(1.0).unwrap().dtype(),
            DType::Float32
        );
    }

    proptest! {
        #[test]
        fn var_matches_a_two_pass_reference((shape, v, dim) in shaped_f64(), correction in 0.0f64..2.0) {
            let x = f64s(&v, &shape);
            let want: Vec<f64> = lanes(&v, &shape, dim)
                .iter()
                .map(|l| {
                    let n = l.len() as f64;
                    let mean = l.iter().sum::<f64>() / n;
                    let m2: f64 = l.iter().map(|x| (x - mean) * (x - mean)).sum();
                    m2 / (n - correction).max(0.0)
                })
                .collect();
            let got = vals(&x.var_dim(dim, correction, false).unwrap());
            prop_assert_eq!(got.len(), want.len());
            for (g, w) in got.iter().zip(&want) {
                let close = (g - w).abs() <= 1e-9 * (1.0 + w.abs());
                prop_assert!(close || (g.is_nan() && w.is_nan()) || g == w, "{} vs {}", g, w);
            }
        }
    }
}

#[cfg(test)]
mod typed_tests {
    use crate::shape::{Axis, Const, One, Rank2};
    use crate::{DynTensor, Tensor};

    #[test]
    fn typed_var_matches_dyn() {
        let v = vec![1.0f64, 2.0, 4.0, 7.0, -3.0, 0.5];
        let t = Tensor::<f64, Rank2<3, 2>>::from_vec(v.clone()).unwrap();
        let d = DynTensor::from_vec(v, &[3, 2]).unwrap();
        for c in [0.0, 1.0] {
            assert_eq!(
                t.var(c).to_vec(),
                d.var(c).unwrap().to_vec::<f64>().unwrap()
            );
            let r: Tensor<f64, (Const<2>,)> = t.var_dim(Axis::<0>, c);
            assert_eq!(
                r.to_vec(),
                d.var_dim(0, c, false).unwrap().to_vec::<f64>().unwrap()
            );
            let k: Tensor<f64, (Const<3>, One)> = t.var_dim_keepdim(Axis::<1>, c);
            assert_eq!(
                k.to_vec(),
                d.var_dim(1, c, true).unwrap().to_vec::<f64>().unwrap()
            );
        }
    }
}

#[cfg(test)]
mod grad_tests {
    use super::super::testing::{f64s, grad_of, gradcheck_reduction, transposed};
    use crate::Tensor;
    use crate::shape::Rank1;

    #[test]
    fn var_gradcheck_with_corrections() {
        for c in [0.0, 1.0] {
            gradcheck_reduction(&[&[5], &[3, 4], &[2, 3, 2]], |x, over| match over {
                None => x.var(c),
                Some((d, k)) => x.var_dim(d, c, k),
            });
        }
    }

    #[test]
    fn var_grad_by_hand_and_on_a_transposed_leaf() {
        // var([1, 2, 6]) with correction 1: mean 3, d/dx = 2 (x - 3) / 2.
        assert_eq!(
            grad_of(&f64s(&[1.0, 2.0, 6.0], &[3]), |t| t.var(1.0)),
            vec![-2.0, -1.0, 3.0]
        );
        let x = transposed(&f64s(&[1.0, 4.0, 2.0, 8.0, 3.0, 5.0], &[2, 3]));
        let want = grad_of(&x.contiguous().unwrap(), |t| t.var_dim(0, 1.0, false));
        assert_eq!(grad_of(&x, |t| t.var_dim(0, 1.0, false)), want);
    }

    #[test]
    fn typed_var_backward() {
        let x = Tensor::<f32, Rank1<4>>::from_vec(vec![1.0, 2.0, 3.0, 6.0])
            .unwrap()
            .requires_grad_(true);
        x.var(0.0).backward().unwrap();
        // mean 3, d/dx = 2 (x - 3) / 4.
        assert_eq!(x.grad().unwrap().to_vec(), vec![-1.0, -0.5, 0.0, 1.5]);
    }
}
