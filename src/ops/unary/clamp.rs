//! `clamp`: `min(max(x, lo), hi)`.

use super::{PointwiseGrad, Saves, record_pointwise, typed};
use crate::dtype::{DType, Float, Numeric, Scalar};
use crate::dyn_tensor::{Data, DynTensor, with_numeric};
use crate::error::{Error, Result};
use crate::kernel::{self, Cost};
use crate::shape::Shape;
use crate::tensor::Tensor;
use crate::tensor_impl::TensorImpl;

/// `min(max(x, lo), hi)` on a typed tensor, either bound optional: the kernel both faces
/// share. NaN in `x` or in a bound gives NaN; with `lo > hi` every element is `hi`.
///
/// Gradient: `g` where `min <= x <= max` (inclusive, as in PyTorch), 0 elsewhere and at NaN.
pub fn clamp<T: Numeric>(x: &TensorImpl<T>, lo: Option<T>, hi: Option<T>) -> Result<TensorImpl<T>> {
    let grad = ClampGrad {
        lo: lo.map(|v| v.to_f64()),
        hi: hi.map(|v| v.to_f64()),
    };
    let (lo, hi) = bounds(lo, hi);
    let out = kernel::map("clamp", x, Cost::Cheap, move |v: T| {
        v.maximum(lo).minimum(hi)
    })?;
    Ok(record_pointwise("clamp", x, out, grad))
}

/// The backward of `clamp`: the bounds as `f64` (exact for float tensors, the only ones
/// that can require grad).
#[derive(Clone, Copy, Debug)]
struct ClampGrad {
    lo: Option<f64>,
    hi: Option<f64>,
}

impl PointwiseGrad for ClampGrad {
    const SAVES: Saves = Saves::Input;
    #[inline(always)]
    fn grad<T: Float>(self, g: T, x: T, _y: T) -> T {
        let above = self.lo.is_none_or(|lo| x >= T::c(lo));
        let below = self.hi.is_none_or(|hi| x <= T::c(hi));
        if above && below { g } else { T::ZERO }
    }
}

/// Missing bounds as the identities of `maximum` and `minimum`.
fn bounds<T: Numeric>(lo: Option<T>, hi: Option<T>) -> (T, T) {
    (lo.unwrap_or(T::MIN_VALUE), hi.unwrap_or(T::MAX_VALUE))
}

/// A bound converted to `T`; an integer bound saturates at `T`'s range, so that clamping an
/// `int32` tensor to `2^40` keeps every element rather than wrapping the bound.
fn bound<T: Numeric>(s: Scalar) -> T {
    match s {
        Scalar::Int(i) if T::DTYPE.is_int() => {
            T::from_i64(i.clamp(T::MIN_VALUE.to_i64(), T::MAX_VALUE.to_i64()))
        }
        _ => s.to::<T>(),
    }
}

/// The dtype `clamp` computes in: PyTorch's scalar promotion with each given bound.
fn result_dtype(x: DType, lo: Option<Scalar>, hi: Option<Scalar>) -> Result<DType> {
    if lo.is_none() && hi.is_none() {
        return Err(Error::invalid(
            "clamp",
            "min/max",
            "at least one of min and max must be given",
        ));
    }
    Ok([lo, hi]
        .into_iter()
        .flatten()
        .fold(x, |d, s| d.promote(x.promote_scalar(s))))
}

impl DynTensor {
    /// Returns each element clamped to `[min, max]`, `min(max(x, min), max)` (gradient: 1
    /// inside the range, 0 outside), as `torch.clamp`.
    ///
    /// Either bound may be `None`. Any shape; the result has this tensor's shape. The dtype
    /// follows PyTorch's scalar promotion: an integer tensor with integer bounds stays
    /// integer, a float bound makes it `float32`, a float tensor keeps its width. NaN in the
    /// input or a bound propagates; if `min > max` every element is `max`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] if both bounds are `None`; [`Error::DType`] for a bool
    /// tensor with bool bounds.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::{DType, DynTensor};
    /// let x = DynTensor::from_vec(vec![-5i32, 0, 5], &[3])?;
    /// let y = x.clamp(Some(-1), Some(2))?;
    /// assert_eq!((y.dtype(), y.to_vec::<i32>()?), (DType::Int32, vec![-1, 0, 2]));
    /// let z = x.clamp(None, Some(0.5))?;
    /// assert_eq!(z.to_vec::<f32>()?, vec![-5.0, 0.0, 0.5]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    pub fn clamp<S: Into<Scalar>>(&self, min: Option<S>, max: Option<S>) -> Result<DynTensor> {
        let (lo, hi) = (min.map(Into::into), max.map(Into::into));
        let dtype = result_dtype(self.dtype(), lo, hi)?;
        let x = self.to_dtype(dtype)?;
        with_numeric!(x, "clamp", t => Ok(clamp(t, lo.map(bound), hi.map(bound))?.into()))
    }

    /// [`DynTensor::clamp`] with only a lower bound (`torch.clamp_min`).
    ///
    /// # Errors
    /// As [`DynTensor::clamp`].
    pub fn clamp_min(&self, min: impl Into<Scalar>) -> Result<DynTensor> {
        self.clamp(Some(min.into()), None)
    }

    /// [`DynTensor::clamp`] with only an upper bound (`torch.clamp_max`).
    ///
    /// # Errors
    /// As [`DynTensor::clamp`].
    pub fn clamp_max(&self, max: impl Into<Scalar>) -> Result<DynTensor> {
        self.clamp(None, Some(max.into()))
    }

    /// In-place [`DynTensor::clamp`].
    ///
    /// # Errors
    /// As [`DynTensor::clamp`], and [`Error::InvalidArgument`] if a bound would change the
    /// dtype's kind (a float bound on an integer tensor), as in PyTorch.
    pub fn clamp_<S: Into<Scalar>>(&mut self, min: Option<S>, max: Option<S>) -> Result<()> {
        let (lo, hi) = (min.map(Into::into), max.map(Into::into));
        let dtype = result_dtype(self.dtype(), lo, hi)?;
        if !dtype.can_cast_to(self.dtype()) {
            return Err(Error::invalid(
                "clamp",
                "dtype",
                format!(
                    "the result type {dtype} cannot be stored in place in a {} tensor",
                    self.dtype()
                ),
            ));
        }
        fn run<T: Numeric>(
            t: &mut TensorImpl<T>,
            lo: Option<Scalar>,
            hi: Option<Scalar>,
        ) -> Result<()> {
            let (lo, hi) = bounds(lo.map(bound::<T>), hi.map(bound::<T>));
            kernel::update_map("clamp", t, Cost::Cheap, move |v| v.maximum(lo).minimum(hi))
        }
        match self.data_mut() {
            Data::Int32(t) => run(t, lo, hi),
            Data::Int64(t) => run(t, lo, hi),
            Data::Float32(t) => run(t, lo, hi),
            Data::Float64(t) => run(t, lo, hi),
            Data::Bool(_) => Err(Error::dtype(
                "clamp",
                "a numeric (int or float)",
                DType::Bool,
            )),
        }
    }
}

impl<T: Numeric, S: Shape> Tensor<T, S> {
    /// Returns each element clamped to `[min, max]`, `min(max(x, min), max)`; the shape and
    /// element type are kept. NaN propagates; if `min > max` every element is `max`.
    pub fn clamp(&self, min: T, max: T) -> Tensor<T, S> {
        typed(self, |x| clamp(x, Some(min), Some(max)))
    }

    /// Returns `max(x, min)` elementwise ([`Tensor::clamp`] with only a lower bound).
    pub fn clamp_min(&self, min: T) -> Tensor<T, S> {
        typed(self, |x| clamp(x, Some(min), None))
    }

    /// Returns `min(x, max)` elementwise ([`Tensor::clamp`] with only an upper bound).
    pub fn clamp_max(&self, max: T) -> Tensor<T, S> {
        typed(self, |x| clamp(x, None, Some(max)))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{check_float, transposed};
    use crate::{DType, DynTensor, Error};

    #[test]
    fn clamp_values_dtypes_and_nan() {
        let xs = [
            -3.0,
            -1.0,
            0.0,
            0.5,
            2.0,
            1e30,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];
        check_float(
            |t| t.clamp(Some(-1.0), Some(0.75)),
            |x| x.clamp(-1.0, 0.75),
            &xs,
            0.0,
        );
        check_float(
            |t| t.clamp(None, Some(0.75)),
            |x| if x.is_nan() { x } else { x.min(0.75) },
            &xs,
            0.0,
        );
        check_float(
            |t| t.clamp_min(0.0),
            |x| if x.is_nan() { x } else { x.max(0.0) },
            &xs,
            0.0,
        );
        // A NaN bound makes every element NaN; min > max gives max.
        let f = DynTensor::from_vec(vec![1.0f32, -2.0], &[2]).unwrap();
        assert!(
            f.clamp(Some(f64::NAN), None)
                .unwrap()
                .to_vec::<f32>()
                .unwrap()
                .iter()
                .all(|v| v.is_nan())
        );
        assert_eq!(
            f.clamp(Some(3.0), Some(1.0))
                .unwrap()
                .to_vec::<f32>()
                .unwrap(),
            vec![1.0, 1.0]
        );
        // Integer tensors keep their dtype with integer bounds, promote with float ones.
        let i = DynTensor::from_vec(vec![-5i32, 0, 5, i32::MAX], &[4]).unwrap();
        let c = i.clamp(Some(-1), Some(2)).unwrap();
        assert_eq!(
            (c.dtype(), c.to_vec::<i32>().unwrap()),
            (DType::Int32, vec![-1, 0, 2, 2])
        );
        let big = i.clamp(Some(-(1i64 << 40)), Some(1i64 << 40)).unwrap();
        assert_eq!(
            big.to_vec::<i32>().unwrap(),
            vec![-5, 0, 5, i32::MAX],
            "bounds saturate"
        );
        let p = i.clamp_max(1.5).unwrap();
        assert_eq!(p.dtype(), DType::Float32);
        assert_eq!(p.to_vec::<f32>().unwrap(), vec![-5.0, 0.0, 1.5, 1.5]);
        let d = DynTensor::from_vec(vec![3.0f64], &[1])
            .unwrap()
            .clamp_max(1)
            .unwrap();
        assert_eq!(
            (d.dtype(), d.to_vec::<f64>().unwrap()),
            (DType::Float64, vec![1.0])
        );
        // Errors: no bound; a float bound in place on an integer tensor.
        assert!(matches!(
            i.clamp(None::<f64>, None),
            Err(Error::InvalidArgument { op: "clamp", .. })
        ));
        let mut m = i.clone();
        assert!(m.clamp_(Some(0.5), None).is_err());
        m.clamp_(Some(0), Some(4)).unwrap();
        assert_eq!(m.to_vec::<i32>().unwrap(), vec![0, 0, 4, 4]);
        assert_eq!(
            i.to_vec::<i32>().unwrap(),
            vec![-5, 0, 5, i32::MAX],
            "copy-on-write"
        );
        // A transposed view is read in logical order.
        let t = transposed(vec![1i64, 2, 3, 4, 5, 6], 2, 3)
            .clamp(Some(2), Some(5))
            .unwrap();
        assert_eq!(t.to_vec::<i64>().unwrap(), vec![2, 4, 2, 5, 3, 5]);
    }
}

#[cfg(test)]
mod grad_tests {
    use super::super::testing::check_grad;

    #[test]
    fn clamp_gradcheck() {
        check_grad(
            |x| x.clamp(Some(-1.5), Some(1.0)),
            [0.3, -1.7, 0.45, -2.2, 0.8, -1.35],
        );
    }
}
