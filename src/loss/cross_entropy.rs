//! `cross_entropy` on logits (PyTorch's), and the original report's `cross_entropy_loss`
//! on probabilities.

use super::nll::{check_classes, class_targets, per_sample};
use super::{
    LossElement, LossReduction, PointLoss, Reduction, float_pair, or_panic, pointwise, reduce_impl,
};
use crate::autograd;
use crate::dtype::Float;
use crate::dyn_tensor::{Data, DynTensor};
use crate::error::{Error, Result};
use crate::kernel::rows::{self, CrossEntropy, CrossEntropyGrad};
use crate::kernel::{self, Cost};
use crate::ops::activation::{LogSoftmax, along_dim};
use crate::ops::reduce::{Over, sum};
use crate::shape::{ClassTargetShape, Shape, SoftTargetShape};
use crate::tensor::Tensor;
use crate::tensor_impl::TensorImpl;

const OP: &str = "cross_entropy";

/// `log_softmax` of `(N, C)` or `(C,)` logits over the class (last) dim.
fn log_probs<T: Float>(logits: &TensorImpl<T>) -> Result<TensorImpl<T>> {
    along_dim::<LogSoftmax, T>(logits, logits.dims().len().saturating_sub(1))
}

/// The cross entropy of `(N, C)` (or `(C,)`) logits against `N` class indices (or one),
/// reduced by `reduction`: `-log_softmax(logits)[i, target[i]]` per sample (as
/// [`super::nll_impl`] of the `log_softmax`, but fused), then the reduction. The kernel both faces
/// share; shapes are checked by the caller.
pub fn cross_entropy_impl<T: LossElement>(
    logits: &TensorImpl<T>,
    target: &[i64],
    reduction: Reduction,
) -> Result<TensorImpl<T>> {
    reduce_impl(cross_entropy_per_sample(logits, target)?, reduction)
}

/// The per-sample cross entropy `-log_softmax(logits)[i, target[i]]`, recorded as one op:
/// its backward is `softmax(logits) - onehot(target)` per row, times the row's gradient.
///
/// One fused kernel per row (max, then `ln Σ e^{x - max}`, then the target's term), rows
/// over the pool; no `log_softmax` tensor is made. Backward keeps the logits (shared, not
/// copied) and each row's max and log-sum.
fn cross_entropy_per_sample<T: LossElement>(
    logits: &TensorImpl<T>,
    target: &[i64],
) -> Result<TensorImpl<T>> {
    let x = logits.detach().contiguous(OP)?;
    check_classes(OP, x.dims(), target)?;
    let classes = *x.dims().last().expect("logits have a class dim");
    let mut stats = vec![T::ZERO; 3 * target.len()];
    // `check_classes` passed, so with rows there are classes.
    if !target.is_empty() {
        let k = CrossEntropy {
            logits: x.as_contiguous_slice(),
            classes,
            target,
        };
        rows::run_rows(k, &mut stats);
    }
    let losses = stats.iter().step_by(3).copied().collect();
    let dims: &[usize] = if x.dims().len() == 1 {
        &[]
    } else {
        &[target.len()]
    };
    let out = TensorImpl::from_vec(losses, dims, OP)?;
    Ok(autograd::maybe_record(out, OP, [logits.autograd()], |_| {
        let target = target.to_vec();
        move |g: &DynTensor| {
            let g = per_sample::<T>(g);
            let fwd = CrossEntropy {
                logits: x.as_contiguous_slice(),
                classes,
                target: &target,
            };
            let mut d = vec![T::ZERO; x.numel()];
            if !target.is_empty() {
                let k = CrossEntropyGrad {
                    fwd,
                    stats: &stats,
                    g: &g,
                };
                rows::run_rows(k, &mut d);
            }
            Ok(vec![Some(TensorImpl::from_vec(d, x.dims(), OP)?.into())])
        }
    }))
}

/// The cross entropy of `(N, C)` (or `(C,)`) logits against class probabilities of the
/// same shape, `-sum_c target * log_softmax(logits)` per sample, reduced by `reduction`:
/// the kernel both faces share; shapes are checked by the caller.
pub fn cross_entropy_soft_impl<T: LossElement>(
    logits: &TensorImpl<T>,
    target: &TensorImpl<T>,
    reduction: Reduction,
) -> Result<TensorImpl<T>> {
    // Computed on detached inputs and recorded as one op (see the backward below).
    let lp = log_probs(&logits.detach())?;
    let terms = kernel::zip(OP, &target.detach(), &lp, Cost::Cheap, |t, l| -(t * l))?;
    let class_dim = terms.dims().len().saturating_sub(1);
    let over = if terms.dims().is_empty() {
        Over::All
    } else {
        Over::Dim {
            dim: class_dim,
            keepdim: false,
        }
    };
    let per_sample = sum(&terms, over)?;
    let need = [logits.autograd().is_some(), target.autograd().is_some()];
    // out_i = -Σ_c t_ic lp_ic: d/d logits_ic = g_i (softmax_ic Σ_c t_ic - t_ic),
    // d/d t_ic = -g_i lp_ic.
    let per_sample = autograd::maybe_record(
        per_sample,
        OP,
        [logits.autograd(), target.autograd()],
        |_| {
            let (lp, t) = (DynTensor::from(lp), DynTensor::from(target.detach()));
            move |g: &DynTensor| {
                let rows = lp.ndim() == 2;
                let g = if rows { g.unsqueeze(-1)? } else { g.clone() };
                let dlogits = if need[0] {
                    let total = if rows { t.sum_dim(-1, true)? } else { t.sum()? };
                    Some(g.mul(&lp.exp()?.mul(&total)?.sub(&t)?)?)
                } else {
                    None
                };
                let dtarget = if need[1] {
                    Some(g.mul(&lp)?.neg()?)
                } else {
                    None
                };
                Ok(vec![dlogits, dtarget])
            }
        },
    );
    reduce_impl(per_sample, reduction)
}

/// Returns the cross entropy between `logits` and `target` (`torch.nn.functional.cross_entropy`):
/// `log_softmax` over the class dim followed by [`super::nll_loss`] for class-index targets.
///
/// `logits` is `(N, C)` (or `(C,)`). `target` is either `N` integer class indices, or
/// class probabilities of the same shape as `logits` (soft targets, giving
/// `-sum_c target * log_softmax(logits)` per sample, computed in the promoted float dtype).
/// The mean is over samples.
///
/// # Errors
/// [`Error::ShapeMismatch`] for other shapes, [`Error::DType`] for non-float logits,
/// [`Error::IndexOutOfRange`] for a class index outside `0..C`.
///
/// # Examples
/// ```
/// use rusttorch::{DynTensor, loss::{Reduction, cross_entropy}};
/// let logits = DynTensor::from_vec(vec![0.0f64, 0.0], &[1, 2])?;
/// let target = DynTensor::from_vec(vec![1i64], &[1])?;
/// let l = cross_entropy(&logits, &target, Reduction::Mean)?.item::<f64>()?;
/// assert!((l - std::f64::consts::LN_2).abs() < 1e-12);
/// # Ok::<(), rusttorch::Error>(())
/// ```
pub fn cross_entropy(
    logits: &DynTensor,
    target: &DynTensor,
    reduction: Reduction,
) -> Result<DynTensor> {
    if !logits.dtype().is_float() {
        return Err(Error::dtype(OP, "floating-point logits, a", logits.dtype()));
    }
    if logits.ndim() == 0 || logits.ndim() > 2 {
        return Err(Error::mismatch(
            OP,
            logits.shape(),
            target.shape(),
            "expected logits (N, C) or (C,)",
        ));
    }
    if target.dtype().is_float() {
        let (l, t) = float_pair(OP, logits, target)?;
        return Ok(match (l.data(), t.data()) {
            (Data::Float32(a), Data::Float32(b)) => {
                cross_entropy_soft_impl(a, b, reduction)?.into()
            }
            (Data::Float64(a), Data::Float64(b)) => {
                cross_entropy_soft_impl(a, b, reduction)?.into()
            }
            _ => unreachable!("float_pair returns two tensors of one float dtype"),
        });
    }
    let t = class_targets(OP, logits, target)?;
    Ok(match logits.data() {
        Data::Float32(x) => cross_entropy_impl(x, &t, reduction)?.into(),
        Data::Float64(x) => cross_entropy_impl(x, &t, reduction)?.into(),
        _ => unreachable!("the logits' dtype was checked to be float"),
    })
}

impl<T: LossElement, S: Shape> Tensor<T, S> {
    /// Returns the cross entropy of these logits against `int64` class indices, reduced by
    /// `M`: `log_softmax` over the classes then the negative log likelihood, the typed
    /// [`cross_entropy`].
    ///
    /// `self` is `(B, C)` with `target` `(B,)`, or `(C,)` with a 0-d `target`; other shapes
    /// do not compile ([`crate::shape::ClassTargetShape`]). [`super::Mean`] (PyTorch's
    /// default) and [`super::Sum`] give a rank-0 tensor, [`super::Unreduced`] the
    /// per-sample losses `(B,)` (or `()`).
    ///
    /// # Panics
    /// If `usize` batch dims differ at run time (the message names the loss and both
    /// shapes), or a class index lies outside `0..C` (an index out of bounds); or if the
    /// output cannot be allocated.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::{Tensor, loss::Mean, shape::{Const, Dim}};
    /// fn loss<B: Dim>(logits: &Tensor<f64, (B, Const<2>)>, labels: &Tensor<i64, (B,)>) -> f64 {
    ///     logits.cross_entropy(labels, Mean).to_vec()[0]
    /// }
    /// let logits = Tensor::<f64, (usize, Const<2>)>::zeros_with((3, Const))?;
    /// let labels = Tensor::<i64, (usize,)>::from_vec_with(vec![0, 1, 1], (3,))?;
    /// assert!((loss(&logits, &labels) - std::f64::consts::LN_2).abs() < 1e-12);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    pub fn cross_entropy<R: Shape, M: LossReduction>(
        &self,
        target: &Tensor<i64, R>,
        _reduction: M,
    ) -> Tensor<T, M::Output<<S as ClassTargetShape<R>>::Samples>>
    where
        S: ClassTargetShape<R>,
    {
        let samples = self.shape().samples(target.shape()).unwrap_or_else(|| {
            panic!(
                "{}",
                Error::mismatch(
                    OP,
                    self.dims(),
                    target.dims(),
                    "expected scores (N, C) with class indices (N,), or (C,) with a 0-d index",
                )
            )
        });
        let out = or_panic(cross_entropy_impl(
            self.inner(),
            &target.to_vec(),
            M::REDUCTION,
        ));
        Tensor::from_parts(out, M::output(samples))
    }

    /// Returns the cross entropy of these logits against soft targets (class
    /// probabilities) of the same shape, `-sum_c target * log_softmax(self)` per sample,
    /// reduced by `M`: the typed [`cross_entropy`] with a float target.
    ///
    /// `self` and `target` are both `(B, C)` or both `(C,)`; other shapes do not compile
    /// ([`crate::shape::SoftTargetShape`]). The output shape is as for
    /// [`Tensor::cross_entropy`].
    ///
    /// # Panics
    /// If `usize` dims differ at run time (the message names the loss and both shapes); or
    /// if the output cannot be allocated.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::{Tensor, loss::Sum, shape::Rank2};
    /// let logits = Tensor::<f64, Rank2<1, 2>>::zeros();
    /// let probs = Tensor::<f64, Rank2<1, 2>>::from_vec(vec![0.25, 0.75])?;
    /// let l = logits.cross_entropy_soft(&probs, Sum).to_vec()[0];
    /// assert!((l - std::f64::consts::LN_2).abs() < 1e-12);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    pub fn cross_entropy_soft<R: Shape, M: LossReduction>(
        &self,
        target: &Tensor<T, R>,
        _reduction: M,
    ) -> Tensor<T, M::Output<<S as SoftTargetShape<R>>::Samples>>
    where
        S: SoftTargetShape<R>,
    {
        let samples = self.shape().samples(target.shape()).unwrap_or_else(|| {
            panic!(
                "{}",
                Error::mismatch(
                    OP,
                    self.dims(),
                    target.dims(),
                    "prediction and target must have the same shape",
                )
            )
        });
        let out = or_panic(cross_entropy_soft_impl(
            self.inner(),
            target.inner(),
            M::REDUCTION,
        ));
        Tensor::from_parts(out, M::output(samples))
    }
}

/// The seed's term: `-t ln(max(p, eps))`.
#[derive(Clone, Copy, Debug)]
pub struct CrossEntropyProb;

impl PointLoss for CrossEntropyProb {
    const NAME: &'static str = "cross_entropy_loss";
    #[inline(always)]
    fn apply<T: Float>(p: T, t: T, eps: T) -> T {
        -(t * p.max(eps).ln_v())
    }
    /// `-t / p` where `p > eps` (the clamp passes no gradient below), `-ln max(p, eps)` for
    /// the target.
    #[inline(always)]
    fn grad<T: Float>(p: T, t: T, eps: T) -> (T, T) {
        let dp = if p > eps { -(t / p) } else { T::ZERO };
        (dp, -p.max(eps).ln_v())
    }
}

/// The original report's cross entropy on probabilities `pred` with dense (one-hot or
/// soft) targets of the same shape: `-sum(target * ln(max(pred, epsilon)))` summed over
/// classes and averaged over samples (dim 0; a 1-D input is one sample).
///
/// NOTE: the original divided by the element count, `C` times smaller than the standard
/// value that PyTorch's `cross_entropy` gives for the same probabilities; this follows the
/// standard definition.
///
/// # Errors
/// [`Error::InvalidArgument`] for a negative or NaN epsilon; shape and dtype errors as
/// [`super::mse_loss`].
pub fn cross_entropy_loss(pred: &DynTensor, target: &DynTensor, epsilon: f64) -> Result<DynTensor> {
    if epsilon.is_nan() || epsilon < 0.0 {
        return Err(Error::invalid(
            "cross_entropy_loss",
            "epsilon",
            format!("{epsilon} must be non-negative"),
        ));
    }
    let samples = if pred.ndim() >= 2 { pred.shape()[0] } else { 1 };
    let total = pointwise::<CrossEntropyProb>(pred, target, epsilon)?.sum()?;
    total.div_scalar(samples as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-6, "{a} vs {b}");
    }

    #[test]
    fn cross_entropy_from_logits_with_indices_and_soft_targets() {
        let logits = DynTensor::from_vec(vec![1.0f64, 2.0, 3.0, 1.0, 1.0, 1.0], &[2, 3]).unwrap();
        let idx = DynTensor::from_vec(vec![2i64, 0], &[2]).unwrap();
        let lse0 = (1f64.exp() + 2f64.exp() + 3f64.exp()).ln();
        let l0 = lse0 - 3.0;
        let l1 = 3f64.ln();
        let none = cross_entropy(&logits, &idx, Reduction::None)
            .unwrap()
            .to_vec::<f64>()
            .unwrap();
        close(none[0], l0);
        close(none[1], l1);
        close(
            cross_entropy(&logits, &idx, Reduction::Mean)
                .unwrap()
                .item::<f64>()
                .unwrap(),
            (l0 + l1) / 2.0,
        );
        let soft = DynTensor::from_vec(vec![0.0f64, 0.0, 1.0, 1.0, 0.0, 0.0], &[2, 3]).unwrap();
        close(
            cross_entropy(&logits, &soft, Reduction::Sum)
                .unwrap()
                .item::<f64>()
                .unwrap(),
            l0 + l1,
        );
        // Extreme logits stay finite.
        let big = DynTensor::from_vec(vec![1000.0f32, -1000.0], &[1, 2]).unwrap();
        let t = DynTensor::from_vec(vec![1i64], &[1]).unwrap();
        assert_eq!(
            cross_entropy(&big, &t, Reduction::Mean)
                .unwrap()
                .item::<f32>()
                .unwrap(),
            2000.0
        );
        let e = cross_entropy(
            &logits,
            &DynTensor::from_vec(vec![5i64, 0], &[2]).unwrap(),
            Reduction::Mean,
        );
        assert!(
            e.unwrap_err()
                .to_string()
                .starts_with("cross_entropy: index 5 is out of range")
        );
        let e = cross_entropy(
            &logits,
            &DynTensor::from_vec(vec![0i64; 3], &[3]).unwrap(),
            Reduction::Mean,
        );
        assert!(
            e.unwrap_err()
                .to_string()
                .starts_with("cross_entropy: shapes [2, 3] and [3] do not match")
        );
    }

    #[test]
    fn seed_cross_entropy_averages_over_samples() {
        let p = DynTensor::from_vec(vec![0.25f64, 0.75, 0.5, 0.5], &[2, 2]).unwrap();
        let t = DynTensor::from_vec(vec![0.0f64, 1.0, 1.0, 0.0], &[2, 2]).unwrap();
        let l = cross_entropy_loss(&p, &t, 1e-12)
            .unwrap()
            .item::<f64>()
            .unwrap();
        close(l, -(0.75f64.ln() + 0.5f64.ln()) / 2.0);
        // Zero probabilities are clamped, not -inf.
        let z = DynTensor::from_vec(vec![0.0f64, 1.0], &[2]).unwrap();
        let oh = DynTensor::from_vec(vec![1.0f64, 0.0], &[2]).unwrap();
        close(
            cross_entropy_loss(&z, &oh, 1e-7)
                .unwrap()
                .item::<f64>()
                .unwrap(),
            -(1e-7f64.ln()),
        );
    }

    #[test]
    fn typed_cross_entropy_equals_the_dyn_loss() {
        use crate::Tensor;
        use crate::loss::{Mean, Sum, Unreduced};
        use crate::ops::binary::tests::same;
        use crate::shape::{Const, Rank1, Rank2};
        let logits = Tensor::<f64, (usize, Const<3>)>::from_vec_with(
            vec![1.0, 2.0, 3.0, 1.0, 1.0, 1.0],
            (2, Const),
        )
        .unwrap();
        let idx = Tensor::<i64, (usize,)>::from_vec_with(vec![2, 0], (2,)).unwrap();
        let (dl, di) = (logits.to_dyn(), idx.to_dyn());
        let none: Tensor<f64, (usize,)> = logits.cross_entropy(&idx, Unreduced);
        same(&none, cross_entropy(&dl, &di, Reduction::None));
        let l0 = (1f64.exp() + 2f64.exp() + 3f64.exp()).ln() - 3.0;
        close(none.to_vec()[0], l0);
        close(none.to_vec()[1], 3f64.ln());
        let mean: Tensor<f64, ()> = logits.cross_entropy(&idx, Mean);
        same(&mean, cross_entropy(&dl, &di, Reduction::Mean));
        same(
            &logits.cross_entropy(&idx, Sum),
            cross_entropy(&dl, &di, Reduction::Sum),
        );
        // Soft targets of the logits' shape.
        let soft =
            Tensor::<f64, Rank2<2, 3>>::from_vec(vec![0.0, 0.5, 0.5, 1.0, 0.0, 0.0]).unwrap();
        let ds = soft.to_dyn();
        let per: Tensor<f64, Rank1<2>> = logits.cross_entropy_soft(&soft, Unreduced);
        same(&per, cross_entropy(&dl, &ds, Reduction::None));
        close(per.to_vec()[1], 3f64.ln());
        same(
            &logits.cross_entropy_soft(&soft, Mean),
            cross_entropy(&dl, &ds, Reduction::Mean),
        );
        // (C,) logits against a 0-d class index, and soft (C,) targets.
        let one = Tensor::<f32, Rank1<2>>::from_vec(vec![1000.0, -1000.0]).unwrap();
        let l: Tensor<f32, ()> = one.cross_entropy(&Tensor::<i64, ()>::scalar(1), Mean);
        assert_eq!(l.to_vec(), vec![2000.0]);
        let p = Tensor::<f32, Rank1<2>>::from_vec(vec![0.0, 1.0]).unwrap();
        assert_eq!(one.cross_entropy_soft(&p, Unreduced).to_vec(), vec![2000.0]);
    }

    #[test]
    #[should_panic(expected = "cross_entropy: shapes [2, 3] and [4] do not match")]
    fn typed_cross_entropy_panics_on_runtime_batch_mismatch() {
        use crate::Tensor;
        use crate::shape::Const;
        let logits = Tensor::<f32, (usize, Const<3>)>::zeros_with((2, Const)).unwrap();
        let t = Tensor::<i64, (usize,)>::zeros_with((4,)).unwrap();
        let _ = logits.cross_entropy(&t, crate::loss::Mean);
    }

    #[test]
    #[should_panic(expected = "cross_entropy: index 5 is out of range")]
    fn typed_cross_entropy_panics_on_a_class_out_of_range() {
        use crate::Tensor;
        use crate::shape::{Rank1, Rank2};
        let logits = Tensor::<f32, Rank2<1, 3>>::zeros();
        let _ = logits.cross_entropy(&Tensor::<i64, Rank1<1>>::full(5), crate::loss::Mean);
    }

    #[test]
    #[should_panic(expected = "cross_entropy: shapes [2, 3] and [2, 4] do not match")]
    fn typed_soft_cross_entropy_panics_on_runtime_class_mismatch() {
        use crate::Tensor;
        use crate::shape::Const;
        let logits = Tensor::<f32, (Const<2>, usize)>::zeros_with((Const, 3)).unwrap();
        let t = Tensor::<f32, (Const<2>, usize)>::zeros_with((Const, 4)).unwrap();
        let _ = logits.cross_entropy_soft(&t, crate::loss::Sum);
    }
}

#[cfg(test)]
mod grad_tests {
    use super::{cross_entropy, cross_entropy_loss};
    use crate::autograd::gradcheck;
    use crate::loss::{Mean, Reduction};
    use crate::shape::{Rank1, Rank2};
    use crate::{DynTensor, Tensor};

    const LOGITS: [f64; 12] = [
        0.3, -1.2, 2.0, 0.7, -0.4, 1.1, -2.2, 0.05, 1.6, 0.9, -0.8, 0.2,
    ];

    #[test]
    fn cross_entropy_class_targets_gradcheck() {
        let x = DynTensor::from_vec(LOGITS.to_vec(), &[4, 3]).unwrap();
        let t = DynTensor::from_vec(vec![2i64, 0, 1, 1], &[4]).unwrap();
        let row = DynTensor::from_vec(LOGITS[..5].to_vec(), &[5]).unwrap();
        let t0 = DynTensor::from_vec(vec![3i64], &[]).unwrap();
        for r in [Reduction::None, Reduction::Mean, Reduction::Sum] {
            gradcheck(
                |v| cross_entropy(&v[0], &t, r),
                std::slice::from_ref(&x),
                1e-6,
                1e-7,
                1e-5,
            )
            .unwrap();
            gradcheck(
                |v| cross_entropy(&v[0], &t0, r),
                std::slice::from_ref(&row),
                1e-6,
                1e-7,
                1e-5,
            )
            .unwrap();
        }
        // A non-contiguous logits tensor: the transpose of a contiguous constant (views do
        // not record yet, so the leaf itself is the transposed view).
        let xt = DynTensor::from_vec(LOGITS.to_vec(), &[3, 4])
            .unwrap()
            .t()
            .unwrap();
        assert!(!xt.is_contiguous());
        let leaf = xt.detach().requires_grad_(true).unwrap();
        cross_entropy(&leaf, &t, Reduction::Mean)
            .unwrap()
            .backward()
            .unwrap();
        let c = xt.contiguous().unwrap().requires_grad_(true).unwrap();
        cross_entropy(&c, &t, Reduction::Mean)
            .unwrap()
            .backward()
            .unwrap();
        assert_eq!(
            leaf.grad().unwrap().to_vec::<f64>().unwrap(),
            c.grad().unwrap().to_vec::<f64>().unwrap()
        );
    }

    #[test]
    fn cross_entropy_soft_targets_gradcheck_both_inputs() {
        let x = DynTensor::from_vec(LOGITS.to_vec(), &[4, 3]).unwrap();
        let p = DynTensor::from_vec(
            vec![0.2, 0.5, 0.3, 1.0, 0.0, 0.0, 0.1, 0.1, 0.8, 0.4, 0.4, 0.6],
            &[4, 3],
        )
        .unwrap();
        let row = DynTensor::from_vec(LOGITS[..3].to_vec(), &[3]).unwrap();
        let prow = DynTensor::from_vec(vec![0.25, 0.25, 0.5], &[3]).unwrap();
        for r in [Reduction::None, Reduction::Mean, Reduction::Sum] {
            let f = |v: &[DynTensor]| cross_entropy(&v[0], &v[1], r);
            gradcheck(f, &[x.clone(), p.clone()], 1e-6, 1e-7, 1e-5).unwrap();
            gradcheck(f, &[row.clone(), prow.clone()], 1e-6, 1e-7, 1e-5).unwrap();
        }
        let probs = DynTensor::from_vec(vec![0.2, 0.5, 0.3, 0.6], &[2, 2]).unwrap();
        let tgt = DynTensor::from_vec(vec![0.0, 1.0, 0.3, 0.7], &[2, 2]).unwrap();
        gradcheck(
            |v| cross_entropy_loss(&v[0], &v[1], 1e-7),
            &[probs, tgt],
            1e-6,
            1e-7,
            1e-5,
        )
        .unwrap();
    }

    #[test]
    fn typed_cross_entropy_grad_is_softmax_minus_onehot_over_batch() {
        let v: Vec<f32> = LOGITS.iter().map(|&x| x as f32).collect();
        let x = Tensor::<f32, Rank2<4, 3>>::from_vec(v)
            .unwrap()
            .requires_grad_(true);
        let targets = [2i64, 0, 1, 1];
        let t = Tensor::<i64, Rank1<4>>::from_vec(targets.to_vec()).unwrap();
        let loss: Tensor<f32, ()> = x.cross_entropy(&t, Mean);
        loss.backward().unwrap();
        let g: Tensor<f32, Rank2<4, 3>> = x.grad().unwrap();
        let g = g.to_vec();
        for (i, row) in LOGITS.chunks(3).enumerate() {
            let z: f64 = row.iter().map(|v| v.exp()).sum();
            for (j, &l) in row.iter().enumerate() {
                let onehot = if j as i64 == targets[i] { 1.0 } else { 0.0 };
                let want = (l.exp() / z - onehot) / 4.0;
                assert!((g[i * 3 + j] as f64 - want).abs() < 1e-6, "({i}, {j})");
            }
        }
    }
}
