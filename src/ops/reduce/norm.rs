//! `norm`: the vector p-norm, `(Σ |x|^p)^(1/p)`.

use super::{
    Accum, Bounded, ExtremeOf, Max, Min, Over, SumOf, expand_back, over_dim, reduce, reduce_kept,
};
use crate::autograd;
use crate::dtype::{Float, Numeric};
use crate::dyn_tensor::{DynTensor, with_float};
use crate::error::{Error, Result};
use crate::kernel::Cost;
use crate::tensor_impl::TensorImpl;

const OP: &str = "norm";

/// The `p`-norm of `x` over `over`, as `torch.linalg.vector_norm`: `sqrt(Σ x²)` for
/// `p = 2`, `Σ |x|` for 1, `max |x|` for `inf`, `min |x|` for `-inf`, the count of
/// non-zeros for 0, and `(Σ |x|^p)^(1/p)` otherwise. NaN propagates.
///
/// # Errors
/// [`Error::InvalidArgument`] for a NaN `p`; [`Error::Empty`] for `p < 0` or `p = inf`
/// over an empty range (those norms have no identity, as in PyTorch).
///
/// Backward (as PyTorch's `norm_backward`): `sign(x) |x|^(p-1) / out^(p-1)` (`x / out` for
/// 2, `sign(x)` for 1), 0 where `out = 0`; 0 for `p = 0`; for `p = ±inf`, `sign(x)` on the
/// elements whose magnitude is the result, split evenly among ties.
pub fn norm<T: Float + Accum + Bounded>(
    x: &TensorImpl<T>,
    p: f64,
    over: Over,
) -> Result<TensorImpl<T>> {
    let out = norm_kernel(x, p, over)?;
    Ok(autograd::maybe_record(out, OP, [x.autograd()], |out| {
        let (x, out) = (DynTensor::from(x.detach()), DynTensor::from(out.detach()));
        move |g: &DynTensor| Ok(vec![Some(norm_backward(&x, &out, g, p, over)?)])
    }))
}

/// The gradient of [`norm`] for the output gradient `g`.
fn norm_backward(
    x: &DynTensor,
    out: &DynTensor,
    g: &DynTensor,
    p: f64,
    over: Over,
) -> Result<DynTensor> {
    let dims = x.shape();
    if p == 0.0 {
        return x.zeros_like();
    }
    if p == 1.0 {
        return expand_back(g, dims, over)?.mul(&x.sign()?);
    }
    if p.is_infinite() {
        // The elements at the extreme magnitude share the gradient, with x's sign.
        let at = x
            .abs()?
            .eq(&expand_back(out, dims, over)?)?
            .to_dtype(x.dtype())?;
        let count = reduce_kept(&at, over, DynTensor::sum, DynTensor::sum_dim)?;
        let g = expand_back(g, dims, over)?;
        return g.mul(&at)?.mul(&x.sign()?)?.div(&count);
    }
    // g / out^(p-1), 0 where the norm is 0.
    let zero = out.eq_scalar(0.0)?;
    let scale = g.div(&out.pow_scalar(p - 1.0)?)?;
    let scale = DynTensor::r#where(&zero, &g.zeros_like()?, &scale)?;
    let scale = expand_back(&scale, dims, over)?;
    let dir = if p == 2.0 {
        x.clone()
    } else {
        x.sign()?.mul(&x.abs()?.pow_scalar(p - 1.0)?)?
    };
    scale.mul(&dir)
}

/// The forward of [`norm`].
fn norm_kernel<T: Float + Accum + Bounded>(
    x: &TensorImpl<T>,
    p: f64,
    over: Over,
) -> Result<TensorImpl<T>> {
    if p.is_nan() {
        return Err(Error::invalid(OP, "p", "NaN is not a norm order"));
    }
    if p < 0.0 || p == f64::INFINITY {
        over.check_nonempty(OP, x.dims())?;
    }
    let abs = |v: T| Numeric::abs(v);
    if p == 2.0 {
        reduce(OP, x, over, SumOf(|v: T| v * v), Cost::Cheap, |s: T| {
            s.sqrt()
        })
    } else if p == 1.0 {
        reduce(OP, x, over, SumOf(abs), Cost::Cheap, |s| s)
    } else if p == 0.0 {
        let nonzero = |v: T| if v != T::ZERO { T::ONE } else { T::ZERO };
        reduce(OP, x, over, SumOf(nonzero), Cost::Cheap, |s| s)
    } else if p == f64::INFINITY {
        reduce(OP, x, over, ExtremeOf(Max, abs), Cost::Cheap, |m| m)
    } else if p == f64::NEG_INFINITY {
        reduce(OP, x, over, ExtremeOf(Min, abs), Cost::Cheap, |m| m)
    } else {
        let (pt, inv) = (T::c(p), T::c(1.0 / p));
        let pow = move |v: T| num_traits::Float::powf(Numeric::abs(v), pt);
        reduce(OP, x, over, SumOf(pow), Cost::Heavy, move |s: T| {
            num_traits::Float::powf(s, inv)
        })
    }
}

impl DynTensor {
    /// Returns the `p`-norm of all elements as a 0-d tensor, `(Σ |x|^p)^(1/p)`
    /// (`torch.norm(x, p)`, `torch.linalg.vector_norm`): `p = 2.0` is the Euclidean norm,
    /// `1.0` the sum of magnitudes, `f64::INFINITY` the largest magnitude,
    /// `f64::NEG_INFINITY` the smallest, and `0.0` counts the non-zero elements.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::DynTensor;
    /// let x = DynTensor::from_vec(vec![3.0f32, -4.0], &[2])?;
    /// assert_eq!(x.norm(2.0)?.item::<f32>()?, 5.0);
    /// assert_eq!(x.norm(f64::INFINITY)?.item::<f32>()?, 4.0);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::DType`] for integer or bool input (as `torch.norm`);
    /// [`Error::InvalidArgument`] for a NaN `p`; [`Error::Empty`] for `p < 0` or `p = inf`
    /// on an empty tensor.
    pub fn norm(&self, p: f64) -> Result<DynTensor> {
        with_float!(self, OP, t => Ok(norm(t, p, Over::All)?.into()))
    }

    /// Returns the `p`-norm along `dim` (see [`DynTensor::norm`]): shape `[.., n, ..]`
    /// gives `[.., ..]`, or `[.., 1, ..]` if `keepdim`.
    ///
    /// # Errors
    /// [`Error::DimOutOfRange`] for a bad `dim`, and the errors of [`DynTensor::norm`]
    /// (an empty reduced dim for `p < 0` or `p = inf`).
    pub fn norm_dim(&self, p: f64, dim: isize, keepdim: bool) -> Result<DynTensor> {
        let over = over_dim(OP, self, dim, keepdim)?;
        with_float!(self, OP, t => Ok(norm(t, p, over)?.into()))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{f32s, f64s, same, transposed, vals};
    use crate::{DType, DynTensor, Error};

    #[test]
    fn norm_orders_over_all_elements() {
        let x = f64s(&[3.0, -4.0, 0.0, 12.0], &[2, 2]);
        assert_eq!(vals(&x.norm(2.0).unwrap()), vec![13.0]);
        assert_eq!(vals(&x.norm(1.0).unwrap()), vec![19.0]);
        assert_eq!(vals(&x.norm(0.0).unwrap()), vec![3.0]);
        assert_eq!(vals(&x.norm(f64::INFINITY).unwrap()), vec![12.0]);
        assert_eq!(vals(&x.norm(f64::NEG_INFINITY).unwrap()), vec![0.0]);
        let n3 = vals(&x.norm(3.0).unwrap())[0];
        assert!((n3 - (27.0f64 + 64.0 + 1728.0).cbrt()).abs() < 1e-12);
        // A zero element makes a negative-order sum infinite and the norm 0.
        assert_eq!(vals(&x.norm(-1.0).unwrap()), vec![0.0]);
        let y = f64s(&[2.0, 2.0], &[2]);
        assert!((vals(&y.norm(-1.0).unwrap())[0] - 1.0).abs() < 1e-15);
        assert!((vals(&y.norm(0.5).unwrap())[0] - 8.0).abs() < 1e-12);
        let s = f32s(&[-2.5], &[]);
        assert_eq!(vals(&s.norm(2.0).unwrap()), vec![2.5]);
        assert_eq!(vals(&s.norm_dim(2.0, 0, true).unwrap()), vec![2.5]);
    }

    #[test]
    fn norm_along_each_dim_and_a_transposed_view() {
        let x = f32s(&[3.0, 4.0, 0.0, -6.0, 8.0, 0.0], &[2, 3]);
        let d = x.norm_dim(2.0, 1, false).unwrap();
        assert_eq!((d.shape(), vals(&d)), (&[2][..], vec![5.0, 10.0]));
        let d = x.norm_dim(2.0, -1, true).unwrap();
        assert_eq!((d.shape(), vals(&d)), (&[2, 1][..], vec![5.0, 10.0]));
        let d = x.norm_dim(1.0, 0, false).unwrap();
        assert_eq!((d.shape(), vals(&d)), (&[3][..], vec![9.0, 12.0, 0.0]));
        let d = x.norm_dim(f64::INFINITY, -2, true).unwrap();
        assert_eq!((d.shape(), vals(&d)), (&[1, 3][..], vec![6.0, 8.0, 0.0]));
        assert_eq!(vals(&x.norm_dim(0.0, 1, false).unwrap()), vec![2.0, 2.0]);
        let t = transposed(&x);
        assert_eq!(vals(&t.norm_dim(2.0, 0, false).unwrap()), vec![5.0, 10.0]);
        assert_eq!(
            vals(&t.norm_dim(f64::NEG_INFINITY, 1, false).unwrap()),
            vec![3.0, 4.0, 0.0]
        );
    }

    #[test]
    fn norm_nan_empty_and_errors() {
        let x = f64s(&[f64::NAN, 1.0, 2.0, 2.0], &[2, 2]);
        for p in [2.0, 1.0, f64::INFINITY, f64::NEG_INFINITY, 3.0] {
            let d = vals(&x.norm_dim(p, 1, false).unwrap());
            assert!(d[0].is_nan(), "p = {p}");
        }
        assert!(same(
            &vals(&x.norm_dim(2.0, 0, false).unwrap()),
            &[f64::NAN, 5f64.sqrt()]
        ));
        assert_eq!(
            vals(&x.norm(0.0).unwrap()),
            vec![4.0],
            "NaN counts as non-zero"
        );
        let e = DynTensor::zeros(&[0, 2], DType::Float32).unwrap();
        assert_eq!(vals(&e.norm(2.0).unwrap()), vec![0.0]);
        assert_eq!(vals(&e.norm_dim(1.0, 0, false).unwrap()), vec![0.0, 0.0]);
        assert!(matches!(
            e.norm(f64::INFINITY),
            Err(Error::Empty { op: "norm", .. })
        ));
        assert!(matches!(
            e.norm_dim(-1.0, 0, false),
            Err(Error::Empty { .. })
        ));
        assert_eq!(e.norm_dim(f64::INFINITY, 1, false).unwrap().shape(), &[0]);
        assert!(matches!(
            x.norm(f64::NAN),
            Err(Error::InvalidArgument { arg: "p", .. })
        ));
        let i = DynTensor::from_vec(vec![3i32, 4], &[2]).unwrap();
        assert!(matches!(i.norm(2.0), Err(Error::DType { op: "norm", .. })));
        assert_eq!(
            f64s(&[1.0], &[1]).norm(2.0).unwrap().dtype(),
            DType::Float64
        );
    }
}

#[cfg(test)]
mod grad_tests {
    use super::super::testing::{f64s, grad_of, gradcheck_reduction};

    #[test]
    fn norm_gradcheck_for_each_order() {
        for p in [2.0, 1.0, 3.0, 0.5, f64::INFINITY, f64::NEG_INFINITY] {
            gradcheck_reduction(&[&[5], &[3, 4], &[2, 3, 2]], |x, over| match over {
                None => x.norm(p),
                Some((d, k)) => x.norm_dim(p, d, k),
            });
        }
    }

    #[test]
    fn norm_grads_by_hand() {
        let x = f64s(&[3.0, -4.0], &[2]);
        let g = grad_of(&x, |t| t.norm(2.0));
        assert!(
            (g[0] - 0.6).abs() < 1e-12 && (g[1] + 0.8).abs() < 1e-12,
            "{g:?}"
        );
        assert_eq!(grad_of(&x, |t| t.norm(1.0)), vec![1.0, -1.0]);
        assert_eq!(grad_of(&x, |t| t.norm(0.0)), vec![0.0, 0.0]);
        assert_eq!(grad_of(&x, |t| t.norm(f64::INFINITY)), vec![0.0, -1.0]);
        // Ties of the largest magnitude share it; a zero norm has gradient 0.
        let t = f64s(&[2.0, -2.0, 1.0], &[3]);
        assert_eq!(grad_of(&t, |v| v.norm(f64::INFINITY)), vec![0.5, -0.5, 0.0]);
        assert_eq!(
            grad_of(&f64s(&[0.0, 0.0], &[2]), |v| v.norm(2.0)),
            vec![0.0, 0.0]
        );
    }
}
