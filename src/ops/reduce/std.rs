//! `std`: `sqrt(var)`, the standard deviation.

use super::typed::{over_axis, typed};
use super::var::{deviations, dof, variance};
use super::{Over, Welford, expand_back, over_dim, reduce};
use crate::autograd;
use crate::dtype::Float;
use crate::dyn_tensor::{DynTensor, with_float};
use crate::error::Result;
use crate::kernel::Cost;
use crate::shape::{ReduceKeepShape, ReduceShape, Shape};
use crate::tensor::Tensor;
use crate::tensor_impl::TensorImpl;

/// The standard deviation of `x` over `over` with `correction`: the kernel both faces
/// share.
///
/// Backward: `d std / dx = (x - mean) / ((n - correction) std)`, and 0 where `std = 0`
/// (as PyTorch).
pub fn std<T: Float>(x: &TensorImpl<T>, over: Over, correction: f64) -> Result<TensorImpl<T>> {
    let out = reduce("std", x, over, Welford, Cost::Heavy, move |m| {
        T::from_f64(variance(m, correction).sqrt())
    })?;
    Ok(autograd::maybe_record(out, "std", [x.autograd()], |out| {
        let (x, out) = (DynTensor::from(x.detach()), DynTensor::from(out.detach()));
        move |g: &DynTensor| {
            let zero = out.eq_scalar(0.0)?;
            let g = DynTensor::r#where(&zero, &g.zeros_like()?, &g.div(&out)?)?;
            let scale = 1.0 / dof(x.shape(), over, correction);
            let g = expand_back(&g.mul_scalar(scale)?, x.shape(), over)?;
            Ok(vec![Some(g.mul(&deviations(&x, over)?)?)])
        }
    }))
}

impl DynTensor {
    /// Returns the standard deviation of all elements, `sqrt(Σ (x - mean)² / (n -
    /// correction))`, as a 0-d tensor (`torch.std(x, correction=...)`; PyTorch's default
    /// `correction` is 1). NaN or `inf` without degrees of freedom, as
    /// [`DynTensor::var`].
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let x = DynTensor::from_vec(vec![2.0f64, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0], &[8])?;
    /// assert_eq!(x.std(0.0)?.item::<f64>()?, 2.0);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`crate::Error::DType`] for integer or bool input.
    pub fn std(&self, correction: f64) -> Result<DynTensor> {
        with_float!(self, "std", t => Ok(std(t, Over::All, correction)?.into()))
    }

    /// Returns the standard deviation along `dim` with `correction`: shape `[.., n, ..]`
    /// gives `[.., ..]`, or `[.., 1, ..]` if `keepdim`.
    ///
    /// # Errors
    /// [`crate::Error::DimOutOfRange`] for a bad `dim`; [`crate::Error::DType`] for integer
    /// or bool input.
    pub fn std_dim(&self, dim: isize, correction: f64, keepdim: bool) -> Result<DynTensor> {
        let over = over_dim("std", self, dim, keepdim)?;
        with_float!(self, "std", t => Ok(std(t, over, correction)?.into()))
    }
}

impl<T: Float, S: Shape> Tensor<T, S> {
    /// Returns the standard deviation `sqrt(var)` over all elements as a 0-d tensor: the typed [`DynTensor::std`].
    pub fn std(&self, correction: f64) -> Tensor<T, ()> {
        typed(self.inner(), Over::All, (), |x, o| {
            std::<T>(x, o, correction)
        })
    }

    /// Returns the standard deviation `sqrt(var)` along `axis` (an [`crate::shape::Axis`]), which the result drops:
    /// the typed [`DynTensor::std_dim`] with `keepdim = false`. An axis out of range does
    /// not compile.
    pub fn std_dim<A>(&self, _axis: A, correction: f64) -> Tensor<T, <S as ReduceShape<A>>::Output>
    where
        S: ReduceShape<A>,
    {
        let shape = self.shape().reduce();
        typed(self.inner(), over_axis::<S, A>(false), shape, |x, o| {
            std::<T>(x, o, correction)
        })
    }

    /// [`Tensor::std_dim`] with `keepdim = true`: the reduced dim stays as a
    /// [`crate::shape::One`], so the result broadcasts against the input.
    pub fn std_dim_keepdim<A>(
        &self,
        _axis: A,
        correction: f64,
    ) -> Tensor<T, <S as ReduceKeepShape<A>>::Output>
    where
        S: ReduceKeepShape<A>,
    {
        let shape = self.shape().reduce_keep();
        typed(self.inner(), over_axis::<S, A>(true), shape, |x, o| {
            std::<T>(x, o, correction)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{f32s, f64s, same, transposed, vals};
    use crate::{DType, DynTensor, Error};

    #[test]
    fn std_rank_zero_and_rank_two_along_each_dim() {
        assert!(vals(&f64s(&[3.0], &[]).std(1.0).unwrap())[0].is_nan());
        assert_eq!(
            vals(&f64s(&[3.0], &[]).std_dim(-1, 0.0, false).unwrap()),
            vec![0.0]
        );
        let x = f64s(&[1.0, 3.0, 5.0, 2.0, 2.0, 2.0], &[2, 3]);
        let d = x.std_dim(1, 1.0, false).unwrap();
        assert_eq!((d.shape(), vals(&d)), (&[2][..], vec![2.0, 0.0]));
        let d = x.std_dim(-2, 0.0, true).unwrap();
        assert_eq!((d.shape(), vals(&d)), (&[1, 3][..], vec![0.5, 0.5, 1.5]));
        let t = transposed(&x);
        assert_eq!(vals(&t.std_dim(0, 1.0, true).unwrap()), vec![2.0, 0.0]);
        let all = vals(&x.std(0.0).unwrap())[0];
        // mean 2.5, m2 = 2.25 + 0.25 + 6.25 + 0.25 * 3 = 9.5.
        assert!((all - (9.5f64 / 6.0).sqrt()).abs() < 1e-15);
    }

    #[test]
    fn std_edges_and_dtypes() {
        let e = DynTensor::zeros(&[0], DType::Float64).unwrap();
        assert!(vals(&e.std(1.0).unwrap())[0].is_nan());
        assert_eq!(
            vals(&f32s(&[1.0, 3.0], &[2]).std(2.0).unwrap()),
            vec![f64::INFINITY]
        );
        let x = f32s(&[1.0, f32::NAN, 1.0, 1.0], &[2, 2]);
        assert!(same(
            &vals(&x.std_dim(1, 1.0, false).unwrap()),
            &[f64::NAN, 0.0]
        ));
        assert_eq!(x.std(1.0).unwrap().dtype(), DType::Float32);
        let b = DynTensor::from_vec(vec![true, false], &[2]).unwrap();
        assert!(matches!(b.std(1.0), Err(Error::DType { op: "std", .. })));
    }
}

#[cfg(test)]
mod typed_tests {
    use crate::shape::{Axis, Const, One, Rank2};
    use crate::{DynTensor, Tensor};

    #[test]
    fn typed_std_matches_dyn() {
        let v = vec![1.0f64, 2.0, 4.0, 7.0, -3.0, 0.5];
        let t = Tensor::<f64, Rank2<3, 2>>::from_vec(v.clone()).unwrap();
        let d = DynTensor::from_vec(v, &[3, 2]).unwrap();
        for c in [0.0, 1.0] {
            assert_eq!(
                t.std(c).to_vec(),
                d.std(c).unwrap().to_vec::<f64>().unwrap()
            );
            let r: Tensor<f64, (Const<2>,)> = t.std_dim(Axis::<0>, c);
            assert_eq!(
                r.to_vec(),
                d.std_dim(0, c, false).unwrap().to_vec::<f64>().unwrap()
            );
            let k: Tensor<f64, (Const<3>, One)> = t.std_dim_keepdim(Axis::<1>, c);
            assert_eq!(
                k.to_vec(),
                d.std_dim(1, c, true).unwrap().to_vec::<f64>().unwrap()
            );
        }
    }
}

#[cfg(test)]
mod grad_tests {
    use super::super::testing::{f64s, grad_of, gradcheck_reduction};

    #[test]
    fn std_gradcheck_and_zero_std() {
        for c in [0.0, 1.0] {
            gradcheck_reduction(&[&[5], &[3, 4], &[2, 3, 2]], |x, over| match over {
                None => x.std(c),
                Some((d, k)) => x.std_dim(d, c, k),
            });
        }
        // std([1, 3]) = sqrt(2) with correction 1: d/dx = (x - 2) / sqrt(2).
        let g = grad_of(&f64s(&[1.0, 3.0], &[2]), |t| t.std(1.0));
        let r = 1.0 / 2f64.sqrt();
        assert!((g[0] + r).abs() < 1e-12 && (g[1] - r).abs() < 1e-12);
        // A constant range has std 0 and, as in PyTorch, gradient 0.
        assert_eq!(
            grad_of(&f64s(&[2.0, 2.0, 5.0, 1.0], &[2, 2]), |t| t
                .std_dim(1, 1.0, false))[..2],
            [0.0, 0.0]
        );
    }
}
