//! `logsumexp`: `ln Σ e^x`, computed stably as `m + ln Σ e^(x - m)` with `m = max x`.

use super::typed::{over_axis, typed};
use super::{
    Accum, Bounded, ExtremeValue, Max, Over, SumOf, expand_back, flatten, over_dim, squeeze_dim,
};
use crate::autograd;
use crate::dtype::Float;
use crate::dyn_tensor::{DynTensor, with_float};
use crate::error::Result;
use crate::kernel::reduce::reduce_dim;
use crate::kernel::{self, Cost};
use crate::shape::{ReduceKeepShape, ReduceShape, Shape};
use crate::tensor::Tensor;
use crate::tensor_impl::TensorImpl;

const OP: &str = "logsumexp";

/// `ln Σ e^x` of `x` over `over`: composed of a max, an elementwise `e^(x - m)`, a sum and
/// `ln s + m`. An infinite max is replaced by 0 (as PyTorch), so a range of all `-inf`
/// gives `-inf`, an `inf` gives `inf`, and an empty range gives `-inf`; NaN propagates.
///
/// Backward: `d(ln Σ e^x)/dx = e^(x - out)`, the softmax of the range.
pub fn logsumexp<T: Float + Accum + Bounded>(
    input: &TensorImpl<T>,
    over: Over,
) -> Result<TensorImpl<T>> {
    let out = logsumexp_kernel(input, over)?;
    Ok(autograd::maybe_record(out, OP, [input.autograd()], |out| {
        let (x, out) = (
            DynTensor::from(input.detach()),
            DynTensor::from(out.detach()),
        );
        move |g: &DynTensor| {
            let dims = x.shape();
            let softmax = x.sub(&expand_back(&out, dims, over)?)?.exp()?;
            Ok(vec![Some(expand_back(g, dims, over)?.mul(&softmax)?)])
        }
    }))
}

/// The forward of [`logsumexp`].
fn logsumexp_kernel<T: Float + Accum + Bounded>(
    x: &TensorImpl<T>,
    over: Over,
) -> Result<TensorImpl<T>> {
    let (x, dim, keepdim) = match over {
        Over::All => (flatten(OP, x)?, 0, false),
        Over::Dim { dim, keepdim } => (x.clone(), dim, keepdim),
    };
    let m = reduce_dim(OP, &x, dim, true, ExtremeValue(Max), Cost::Cheap, |m: T| {
        if m.is_infinite() { T::ZERO } else { m }
    })?;
    let e = kernel::zip(OP, &x, &m, Cost::Heavy, |v: T, m: T| (v - m).exp_v())?;
    let s = reduce_dim(OP, &e, dim, true, SumOf(|v: T| v), Cost::Cheap, |s| s)?;
    let out = kernel::zip(OP, &s, &m, Cost::Heavy, |s: T, m: T| s.ln_v() + m)?;
    Ok(if keepdim { out } else { squeeze_dim(&out, dim) })
}

/// `x` converted to its float dtype (`float32` for ints and bool), as `torch.logsumexp`.
fn to_float(x: &DynTensor) -> Result<DynTensor> {
    x.to_dtype(x.dtype().to_float())
}

impl DynTensor {
    /// Returns `ln Σ e^x` over all elements as a 0-d tensor, computed stably (`m + ln Σ
    /// e^(x - m)`, `m` the max). All `-inf` (or no elements) gives `-inf`, an `inf` gives
    /// `inf`, a NaN gives NaN. Integer and bool input gives `float32`.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let x = DynTensor::from_vec(vec![1000.0f64, 1000.0], &[2])?;
    /// assert_eq!(x.logsumexp()?.item::<f64>()?, 1000.0 + 2f64.ln());
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    ///
    /// # Errors
    /// Only [`crate::Error::Alloc`] for the intermediate buffers.
    pub fn logsumexp(&self) -> Result<DynTensor> {
        let x = to_float(self)?;
        with_float!(x, OP, t => Ok(logsumexp(t, Over::All)?.into()))
    }

    /// Returns `ln Σ_dim e^x` along `dim` (`torch.logsumexp(x, dim, keepdim)`): shape
    /// `[.., n, ..]` gives `[.., ..]`, or `[.., 1, ..]` if `keepdim`. Stable as
    /// [`DynTensor::logsumexp`].
    ///
    /// # Errors
    /// [`crate::Error::DimOutOfRange`] if `dim` is outside `-ndim..ndim`.
    pub fn logsumexp_dim(&self, dim: isize, keepdim: bool) -> Result<DynTensor> {
        let over = over_dim(OP, self, dim, keepdim)?;
        let x = to_float(self)?;
        with_float!(x, OP, t => Ok(logsumexp(t, over)?.into()))
    }
}

impl<T: Float + Accum + Bounded, S: Shape> Tensor<T, S> {
    /// Returns `ln Σ e^x` (computed stably) over all elements as a 0-d tensor: the typed [`DynTensor::logsumexp`].
    pub fn logsumexp(&self) -> Tensor<T, ()> {
        typed(self.inner(), Over::All, (), |x, o| logsumexp::<T>(x, o))
    }

    /// Returns `ln Σ e^x` (computed stably) along `axis` (an [`crate::shape::Axis`]), which the result drops:
    /// the typed [`DynTensor::logsumexp_dim`] with `keepdim = false`. An axis out of range does
    /// not compile.
    pub fn logsumexp_dim<A>(&self, _axis: A) -> Tensor<T, <S as ReduceShape<A>>::Output>
    where
        S: ReduceShape<A>,
    {
        let shape = self.shape().reduce();
        typed(self.inner(), over_axis::<S, A>(false), shape, |x, o| {
            logsumexp::<T>(x, o)
        })
    }

    /// [`Tensor::logsumexp_dim`] with `keepdim = true`: the reduced dim stays as a
    /// [`crate::shape::One`], so the result broadcasts against the input.
    pub fn logsumexp_dim_keepdim<A>(&self, _axis: A) -> Tensor<T, <S as ReduceKeepShape<A>>::Output>
    where
        S: ReduceKeepShape<A>,
    {
        let shape = self.shape().reduce_keep();
        typed(self.inner(), over_axis::<S, A>(true), shape, |x, o| {
            logsumexp::<T>(x, o)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{f32s, f64s, same, transposed, vals};
    use crate::{DType, DynTensor};

    fn close(a: &[f64], b: &[f64], tol: f64) -> bool {
        a.len() == b.len()
            && a.iter()
                .zip(b)
                .all(|(x, y)| (x - y).abs() <= tol * (1.0 + y.abs()))
    }

    #[test]
    fn logsumexp_rank_zero_and_rank_two_along_each_dim() {
        let s = f64s(&[-2.0], &[]);
        assert_eq!(vals(&s.logsumexp().unwrap()), vec![-2.0]);
        assert_eq!(s.logsumexp_dim(0, true).unwrap().shape(), &[] as &[usize]);
        let ln2 = 2f64.ln();
        let x = f64s(&[0.0, 0.0, 1.0, 1.0, 5.0, 5.0], &[3, 2]);
        let lse = |v: &[f64]| v.iter().map(|x| x.exp()).sum::<f64>().ln();
        assert!(close(
            &vals(&x.logsumexp().unwrap()),
            &[lse(&[0.0, 0.0, 1.0, 1.0, 5.0, 5.0])],
            1e-15
        ));
        let d = x.logsumexp_dim(1, false).unwrap();
        assert_eq!(d.shape(), &[3]);
        assert!(close(&vals(&d), &[ln2, 1.0 + ln2, 5.0 + ln2], 1e-15));
        let d = x.logsumexp_dim(-1, true).unwrap();
        assert_eq!(d.shape(), &[3, 1]);
        let d = x.logsumexp_dim(0, true).unwrap();
        assert_eq!(d.shape(), &[1, 2]);
        let want = lse(&[0.0, 1.0, 5.0]);
        assert!(close(&vals(&d), &[want, want], 1e-15));
        assert!(close(
            &vals(&x.logsumexp_dim(-2, false).unwrap()),
            &[want, want],
            1e-15
        ));
        let t = transposed(&x);
        assert!(close(
            &vals(&t.logsumexp_dim(0, false).unwrap()),
            &[ln2, 1.0 + ln2, 5.0 + ln2],
            1e-15
        ));
        assert!(close(
            &vals(&t.logsumexp_dim(1, false).unwrap()),
            &[want, want],
            1e-15
        ));
    }

    #[test]
    fn logsumexp_is_stable_for_large_and_infinite_inputs() {
        let x = f32s(&[1000.0, 1000.0, -1000.0, -1000.0], &[2, 2]);
        let got = vals(&x.logsumexp_dim(1, false).unwrap());
        assert!(
            close(&got, &[1000.0 + 2f64.ln(), -1000.0 + 2f64.ln()], 1e-6),
            "{got:?}"
        );
        let inf = f64::INFINITY;
        let y = f64s(&[-inf, -inf, inf, 0.0, f64::NAN, 1.0, -inf, 2.0], &[4, 2]);
        let got = vals(&y.logsumexp_dim(1, false).unwrap());
        assert!(same(&got[..3], &[-inf, inf, f64::NAN]), "{got:?}");
        assert!(close(&got[3..], &[2.0], 1e-15));
        let e = DynTensor::zeros(&[0, 3], DType::Float32).unwrap();
        assert_eq!(vals(&e.logsumexp().unwrap()), vec![-inf]);
        assert_eq!(vals(&e.logsumexp_dim(0, false).unwrap()), vec![-inf; 3]);
        assert_eq!(e.logsumexp_dim(1, false).unwrap().shape(), &[0]);
    }

    #[test]
    fn logsumexp_promotes_integers_to_float32() {
        let i = DynTensor::from_vec(vec![0i64, 0], &[2]).unwrap();
        let r = i.logsumexp().unwrap();
        assert_eq!(r.dtype(), DType::Float32);
        assert!((vals(&r)[0] - 2f64.ln()).abs() < 1e-6);
        let b = DynTensor::from_vec(vec![true, false], &[1, 2]).unwrap();
        assert_eq!(b.logsumexp_dim(1, false).unwrap().dtype(), DType::Float32);
        assert_eq!(
            f64s(&[1.0], &[1]).logsumexp().unwrap().dtype(),
            DType::Float64
        );
    }
}

#[cfg(test)]
mod typed_tests {
    use crate::shape::{Axis, Rank2};
    use crate::{DynTensor, Tensor};

    #[test]
    fn typed_logsumexp_matches_dyn() {
        let v = vec![1000.0f64, 1000.0, 0.0, f64::NEG_INFINITY, -1.0, 2.0];
        let t = Tensor::<f64, Rank2<3, 2>>::from_vec(v.clone()).unwrap();
        let d = DynTensor::from_vec(v, &[3, 2]).unwrap();
        assert_eq!(
            t.logsumexp().to_vec(),
            d.logsumexp().unwrap().to_vec::<f64>().unwrap()
        );
        let r = t.logsumexp_dim(Axis::<1>);
        assert_eq!(r.to_vec()[0], 1000.0 + 2f64.ln());
        assert_eq!(r.to_vec()[1], 0.0);
        assert_eq!(
            r.to_vec(),
            d.logsumexp_dim(1, false).unwrap().to_vec::<f64>().unwrap()
        );
        assert_eq!(
            t.logsumexp_dim_keepdim(Axis::<0>).to_vec(),
            d.logsumexp_dim(0, true).unwrap().to_vec::<f64>().unwrap()
        );
    }
}

#[cfg(test)]
mod grad_tests {
    use super::super::testing::{f64s, grad_of, gradcheck_reduction};
    use crate::DynTensor;

    #[test]
    fn logsumexp_grad_is_the_softmax() {
        gradcheck_reduction(&[&[], &[5], &[3, 4], &[2, 3, 2]], |x, over| match over {
            None => x.logsumexp(),
            Some((d, k)) => x.logsumexp_dim(d, k),
        });
        let g = grad_of(&f64s(&[0.0, 3f64.ln()], &[2]), DynTensor::logsumexp);
        assert!((g[0] - 0.25).abs() < 1e-12 && (g[1] - 0.75).abs() < 1e-12);
        // Large inputs stay finite.
        let g = grad_of(&f64s(&[1000.0, 1000.0], &[2]), DynTensor::logsumexp);
        assert!(g.iter().all(|v| (v - 0.5).abs() < 1e-12), "{g:?}");
    }
}
