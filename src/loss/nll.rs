//! `nll_loss`: the negative log likelihood of class indices under log-probabilities.

use super::{LossElement, LossReduction, Reduction, or_panic, reduce_impl};
use crate::autograd;
use crate::dtype::Float;
use crate::dyn_tensor::{Data, DynTensor};
use crate::error::{Error, Result};
use crate::shape::{NllTargetShape, Shape};
use crate::tensor::Tensor;
use crate::tensor_impl::TensorImpl;

/// `-log_probs[i, target[i]]` for each sample (errors name `op`): the kernel both faces
/// share, also for `cross_entropy`.
///
/// `log_probs` is `(N, C)` (or `(C,)` with a 0-d target); `target` holds class indices.
///
/// Backward: `d out_i / d log_probs[i, c] = -1[c = target[i]]`.
pub fn nll_impl<T: Float>(
    op: &'static str,
    log_probs: &TensorImpl<T>,
    target: &[i64],
) -> Result<TensorImpl<T>> {
    let lp = log_probs.contiguous(op)?;
    let c = *lp.dims().last().unwrap_or(&0);
    let rows = lp.as_contiguous_slice();
    check_classes(op, lp.dims(), target)?;
    let out: Vec<T> = (target.iter().enumerate())
        .map(|(i, &t)| -rows[i * c + t as usize])
        .collect();
    let dims: &[usize] = if lp.dims().len() == 1 {
        &[]
    } else {
        &[target.len()]
    };
    let out = TensorImpl::from_vec(out, dims, op)?;
    Ok(autograd::maybe_record(
        out,
        op,
        [log_probs.autograd()],
        |_| {
            let (dims, target) = (lp.dims().to_vec(), target.to_vec());
            move |g: &DynTensor| {
                let g = per_sample::<T>(g);
                let mut d = vec![T::ZERO; dims.iter().product()];
                for (i, (&t, &g)) in target.iter().zip(&g).enumerate() {
                    d[i * c + t as usize] = -g;
                }
                Ok(vec![Some(TensorImpl::from_vec(d, &dims, op)?.into())])
            }
        },
    ))
}

/// Checks that every class index lies in `0..C`, the last of `dims` (the scores' shape).
///
/// # Errors
/// [`Error::IndexOutOfRange`] naming `op` for the first index outside.
pub(crate) fn check_classes(op: &'static str, dims: &[usize], target: &[i64]) -> Result<()> {
    let c = *dims.last().unwrap_or(&0);
    match target.iter().find(|&&t| t < 0 || t as usize >= c) {
        Some(&t) => Err(Error::IndexOutOfRange {
            op,
            index: t,
            dim: dims.len().saturating_sub(1),
            size: c,
            shape: dims.into(),
        }),
        None => Ok(()),
    }
}

/// The gradient of per-sample losses (shape `(N,)` or `()`) as a `Vec`, in sample order.
pub(crate) fn per_sample<T: Float>(g: &DynTensor) -> Vec<T> {
    g.as_impl::<T>()
        .expect("a loss's gradient has the loss's dtype")
        .to_vec()
}

/// Checks the shapes of `(N, C)` scores against `(N,)` class indices (or `(C,)` against a
/// 0-d index) and returns the indices.
pub(crate) fn class_targets(
    op: &'static str,
    scores: &DynTensor,
    target: &DynTensor,
) -> Result<Vec<i64>> {
    let ok = match scores.ndim() {
        1 => target.ndim() == 0,
        2 => target.shape() == &scores.shape()[..1],
        _ => false,
    };
    if !ok {
        return Err(Error::mismatch(
            op,
            scores.shape(),
            target.shape(),
            "expected scores (N, C) with class indices (N,), or (C,) with a 0-d index",
        ));
    }
    if !target.dtype().is_int() {
        return Err(Error::dtype(
            op,
            "an integer (class index) target",
            target.dtype(),
        ));
    }
    target.to_dtype(crate::DType::Int64)?.to_vec::<i64>()
}

/// Returns `-log_probs[i, target[i]]` per sample, reduced by `reduction`
/// (`torch.nn.functional.nll_loss`; the mean is over samples). `log_probs` is `(N, C)` and
/// `target` holds `N` class indices in `0..C`.
///
/// # Errors
/// [`Error::ShapeMismatch`] for other shapes, [`Error::DType`] for a non-integer target or
/// non-float scores, [`Error::IndexOutOfRange`] for a class index outside `0..C`.
pub fn nll_loss(
    log_probs: &DynTensor,
    target: &DynTensor,
    reduction: Reduction,
) -> Result<DynTensor> {
    let t = class_targets("nll_loss", log_probs, target)?;
    Ok(match log_probs.data() {
        Data::Float32(x) => reduce_impl(nll_impl("nll_loss", x, &t)?, reduction)?.into(),
        Data::Float64(x) => reduce_impl(nll_impl("nll_loss", x, &t)?, reduction)?.into(),
        _ => {
            return Err(Error::dtype(
                "nll_loss",
                "a floating-point",
                log_probs.dtype(),
            ));
        }
    })
}

impl<T: LossElement, S: Shape> Tensor<T, S> {
    /// Returns `-self[i, target[i]]` per sample for these log-probabilities and `int64`
    /// class indices, reduced by `M`: the typed [`nll_loss`].
    ///
    /// `self` is `(B, C)` with `target` `(B,)`, or `(C,)` with a 0-d `target`; other shapes
    /// do not compile ([`crate::shape::NllTargetShape`]). [`super::Mean`] and [`super::Sum`]
    /// give a rank-0 tensor, [`super::Unreduced`] the per-sample losses `(B,)` (or `()`).
    ///
    /// # Panics
    /// If `usize` batch dims differ at run time (the message names the loss and both
    /// shapes), or a class index lies outside `0..C` (an index out of bounds); or if the
    /// output cannot be allocated.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::{Tensor, loss::Unreduced, shape::Rank2};
    /// let lp = Tensor::<f64, Rank2<2, 3>>::from_vec(vec![-0.1, -2.0, -3.0, -1.5, -0.5, -4.0])?;
    /// let t = Tensor::<i64, (usize,)>::from_vec_with(vec![0, 2], (2,))?;
    /// assert_eq!(lp.nll_loss(&t, Unreduced).to_vec(), vec![0.1, 4.0]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    pub fn nll_loss<R: Shape, M: LossReduction>(
        &self,
        target: &Tensor<i64, R>,
        _reduction: M,
    ) -> Tensor<T, M::Output<<S as NllTargetShape<R>>::Samples>>
    where
        S: NllTargetShape<R>,
    {
        let samples = self.shape().samples(target.shape()).unwrap_or_else(|| {
            panic!(
                "{}",
                Error::mismatch(
                    "nll_loss",
                    self.dims(),
                    target.dims(),
                    "expected scores (N, C) with class indices (N,), or (C,) with a 0-d index",
                )
            )
        });
        let t = target.to_vec();
        let out = or_panic(
            nll_impl("nll_loss", self.inner(), &t).and_then(|l| reduce_impl(l, M::REDUCTION)),
        );
        Tensor::from_parts(out, M::output(samples))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DType;

    #[test]
    fn nll_picks_the_target_class() {
        let lp = DynTensor::from_vec(vec![-0.1f64, -2.0, -3.0, -1.5, -0.5, -4.0], &[2, 3]).unwrap();
        let t = DynTensor::from_vec(vec![0i64, 2], &[2]).unwrap();
        assert_eq!(
            nll_loss(&lp, &t, Reduction::None)
                .unwrap()
                .to_vec::<f64>()
                .unwrap(),
            vec![0.1, 4.0]
        );
        assert_eq!(
            nll_loss(&lp, &t, Reduction::Mean)
                .unwrap()
                .item::<f64>()
                .unwrap(),
            2.05
        );
        // A transposed (non-contiguous) score matrix is read in logical order.
        let lpt = DynTensor::from_vec(vec![-0.1f64, -1.5, -2.0, -0.5, -3.0, -4.0], &[3, 2])
            .unwrap()
            .t()
            .unwrap();
        assert_eq!(
            nll_loss(&lpt, &t, Reduction::Sum)
                .unwrap()
                .item::<f64>()
                .unwrap(),
            4.1
        );
        let bad = DynTensor::from_vec(vec![0i64, 3], &[2]).unwrap();
        let e = nll_loss(&lp, &bad, Reduction::Mean).unwrap_err();
        assert_eq!(
            e.to_string(),
            "nll_loss: index 3 is out of range for dim 1 of size 3 in shape [2, 3]"
        );
        let f = DynTensor::zeros(&[2], DType::Float32).unwrap();
        assert!(nll_loss(&lp, &f, Reduction::Mean).is_err());
    }

    #[test]
    fn typed_nll_equals_the_dyn_loss() {
        use crate::Tensor;
        use crate::loss::{Mean, Sum, Unreduced};
        use crate::ops::binary::tests::same;
        use crate::shape::{Const, Rank1};
        let lp = Tensor::<f64, (usize, Const<3>)>::from_vec_with(
            vec![-0.1, -2.0, -3.0, -1.5, -0.5, -4.0],
            (2, Const),
        )
        .unwrap();
        let t = Tensor::<i64, Rank1<2>>::from_vec(vec![0, 2]).unwrap();
        let (dl, dt) = (lp.to_dyn(), t.to_dyn());
        let none: Tensor<f64, Rank1<2>> = lp.nll_loss(&t, Unreduced);
        assert_eq!(none.to_vec(), vec![0.1, 4.0]);
        same(&none, nll_loss(&dl, &dt, Reduction::None));
        same(&lp.nll_loss(&t, Mean), nll_loss(&dl, &dt, Reduction::Mean));
        same(&lp.nll_loss(&t, Sum), nll_loss(&dl, &dt, Reduction::Sum));
        // (C,) scores against a 0-d index.
        let one = Tensor::<f64, (Const<3>,)>::from_vec(vec![-0.1, -2.0, -3.0]).unwrap();
        let l: Tensor<f64, ()> = one.nll_loss(&Tensor::<i64, ()>::scalar(1), Unreduced);
        assert_eq!(l.to_vec(), vec![2.0]);
    }

    #[test]
    #[should_panic(expected = "nll_loss: shapes [2, 3] and [3] do not match")]
    fn typed_nll_panics_on_runtime_batch_mismatch() {
        use crate::Tensor;
        use crate::shape::Const;
        let lp = Tensor::<f32, (usize, Const<3>)>::zeros_with((2, Const)).unwrap();
        let t = Tensor::<i64, (usize,)>::zeros_with((3,)).unwrap();
        let _ = lp.nll_loss(&t, crate::loss::Mean);
    }

    #[test]
    #[should_panic(
        expected = "nll_loss: index 3 is out of range for dim 1 of size 3 in shape [2, 3]"
    )]
    fn typed_nll_panics_on_a_class_out_of_range() {
        use crate::Tensor;
        use crate::shape::{Rank1, Rank2};
        let lp = Tensor::<f32, Rank2<2, 3>>::zeros();
        let t = Tensor::<i64, Rank1<2>>::from_vec(vec![0, 3]).unwrap();
        let _ = lp.nll_loss(&t, crate::loss::Mean);
    }
}

#[cfg(test)]
mod grad_tests {
    use super::nll_loss;
    use crate::DynTensor;
    use crate::autograd::gradcheck;
    use crate::loss::Reduction;

    #[test]
    fn nll_grad_is_minus_the_target_column() {
        let lp = DynTensor::from_vec(vec![-0.5f64, -1.2, -2.0, -0.1, -3.0, -0.7], &[2, 3]).unwrap();
        let t = DynTensor::from_vec(vec![2i64, 0], &[2]).unwrap();
        for r in [Reduction::None, Reduction::Mean, Reduction::Sum] {
            gradcheck(
                |v| nll_loss(&v[0], &t, r),
                std::slice::from_ref(&lp),
                1e-6,
                1e-7,
                1e-5,
            )
            .unwrap();
        }
        let leaf = lp.detach().requires_grad_(true).unwrap();
        nll_loss(&leaf, &t, Reduction::Mean)
            .unwrap()
            .backward()
            .unwrap();
        assert_eq!(
            leaf.grad().unwrap().to_vec::<f64>().unwrap(),
            vec![0.0, 0.0, -0.5, -0.5, 0.0, 0.0]
        );
        // (C,) with a 0-d target.
        let one = DynTensor::from_vec(vec![-0.2f64, -1.9], &[2]).unwrap();
        let t0 = DynTensor::from_vec(vec![1i64], &[]).unwrap();
        gradcheck(
            |v| nll_loss(&v[0], &t0, Reduction::Sum),
            &[one],
            1e-6,
            1e-7,
            1e-5,
        )
        .unwrap();
    }
}
