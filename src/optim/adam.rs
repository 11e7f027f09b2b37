//! Adam and AdamW as functional updates, with PyTorch's bias correction and operation
//! order, and the stateful [`Adam`] optimizer (its step is shared with
//! [`crate::optim::AdamW`]).

use super::optimizer::{Binding, Optimizer, check_lr, check_non_negative, check_unit, zeros_like};
use super::{check_finite, check_same, check_typed, or_panic};
use crate::dtype::DType;
use crate::dtype::Float;
use crate::dyn_tensor::{Data, DynTensor};
use crate::error::{Error, Result};
use crate::kernel::{self, Cost};
use crate::nn::Module;
use crate::shape::{Shape, UpdateShape};
use crate::tensor::Tensor;
use crate::tensor_impl::TensorImpl;

/// Adam's hyper-parameters.
#[derive(Clone, Copy, Debug)]
struct Hyper {
    step: u64,
    lr: f64,
    beta1: f64,
    beta2: f64,
    eps: f64,
    weight_decay: f64,
    decoupled: bool,
}

impl Hyper {
    /// An error naming `op` for an invalid hyper-parameter.
    fn check(&self, op: &'static str) -> Result<()> {
        let h = self;
        if h.step == 0 || h.step > i32::MAX as u64 {
            return Err(Error::invalid(
                op,
                "step",
                format!("{} must be 1-based (1, 2, ...)", h.step),
            ));
        }
        for (name, x) in [
            ("lr", h.lr),
            ("eps", h.eps),
            ("weight_decay", h.weight_decay),
        ] {
            check_finite(op, name, x)?;
        }
        for (name, b) in [("beta1", h.beta1), ("beta2", h.beta2)] {
            if !(0.0..1.0).contains(&b) {
                return Err(Error::invalid(op, name, format!("{b} must lie in [0, 1)")));
            }
        }
        Ok(())
    }
}

/// One Adam/AdamW step on typed tensors, as `torch.optim.Adam(W)` computes it:
/// `m' = b1 m + (1 - b1) g`, `v' = b2 v + (1 - b2) g^2`,
/// `p' = p - (lr / bc1) * m' / (sqrt(v') / sqrt(bc2) + eps)` with `bc_i = 1 - b_i^step`.
/// AdamW first scales `p` by `1 - lr * weight_decay`; Adam adds `weight_decay * p` to `g`.
fn adam_impl<T: Float>(
    op: &'static str,
    p: &TensorImpl<T>,
    g: &TensorImpl<T>,
    m: &TensorImpl<T>,
    v: &TensorImpl<T>,
    h: Hyper,
) -> Result<(TensorImpl<T>, TensorImpl<T>, TensorImpl<T>)> {
    let (b1, b2, wd) = (T::c(h.beta1), T::c(h.beta2), T::c(h.weight_decay));
    let g = if !h.decoupled && h.weight_decay != 0.0 {
        kernel::zip(op, g, p, Cost::Cheap, move |g, p| g + wd * p)?
    } else {
        g.clone()
    };
    let m = kernel::zip(op, m, &g, Cost::Cheap, move |m, g| {
        b1 * m + (T::ONE - b1) * g
    })?;
    let v = kernel::zip(op, v, &g, Cost::Cheap, move |v, g| {
        b2 * v + (T::ONE - b2) * g * g
    })?;
    let bc1 = 1.0 - h.beta1.powi(h.step as i32);
    let bc2 = 1.0 - h.beta2.powi(h.step as i32);
    let step_size = T::c(h.lr / bc1);
    let sqrt_bc2 = T::c(bc2.sqrt());
    let eps = T::c(h.eps);
    let decay = T::c(if h.decoupled {
        1.0 - h.lr * h.weight_decay
    } else {
        1.0
    });
    let p = kernel::zip3(op, p, &m, &v, Cost::Cheap, move |p, m, v| {
        p * decay - step_size * m / (v.sqrt() / sqrt_bc2 + eps)
    })?;
    Ok((p, m, v))
}

#[allow(clippy::too_many_arguments)]
fn adam_dyn(
    op: &'static str,
    param: &DynTensor,
    grad: &DynTensor,
    m: &DynTensor,
    v: &DynTensor,
    h: Hyper,
) -> Result<(DynTensor, DynTensor, DynTensor)> {
    check_same(op, &[param, grad, m, v])?;
    h.check(op)?;
    Ok(match (param.data(), grad.data(), m.data(), v.data()) {
        (Data::Float32(p), Data::Float32(g), Data::Float32(m), Data::Float32(v)) => {
            let (p, m, v) = adam_impl(op, p, g, m, v, h)?;
            (p.into(), m.into(), v.into())
        }
        (Data::Float64(p), Data::Float64(g), Data::Float64(m), Data::Float64(v)) => {
            let (p, m, v) = adam_impl(op, p, g, m, v, h)?;
            (p.into(), m.into(), v.into())
        }
        _ => unreachable!("check_same admits one float dtype"),
    })
}

/// One step of `torch.optim.Adam` (no weight decay) at 1-based `step`, returning
/// `(param', m', v')`. Start `m` and `v` at zero. `beta1 = 0` is allowed.
///
/// # Errors
/// [`Error::ShapeMismatch`] or [`Error::DType`] unless all four tensors share a shape and a
/// float dtype; [`Error::InvalidArgument`] for `step == 0`, betas outside `[0, 1)`, or
/// non-finite `lr`/`eps`.
#[allow(clippy::too_many_arguments)]
pub fn adam_update(
    param: &DynTensor,
    grad: &DynTensor,
    m: &DynTensor,
    v: &DynTensor,
    step: u64,
    lr: f64,
    beta1: f64,
    beta2: f64,
    eps: f64,
) -> Result<(DynTensor, DynTensor, DynTensor)> {
    let h = Hyper {
        step,
        lr,
        beta1,
        beta2,
        eps,
        weight_decay: 0.0,
        decoupled: false,
    };
    adam_dyn("adam_update", param, grad, m, v, h)
}

/// One step of `torch.optim.AdamW`: the parameter first decays by `1 - lr * weight_decay`
/// (decoupled from the gradient), then takes the Adam step. Returns `(param', m', v')`.
///
/// # Errors
/// As [`adam_update`].
#[allow(clippy::too_many_arguments)]
pub fn adamw_update(
    param: &DynTensor,
    grad: &DynTensor,
    m: &DynTensor,
    v: &DynTensor,
    step: u64,
    lr: f64,
    beta1: f64,
    beta2: f64,
    eps: f64,
    weight_decay: f64,
) -> Result<(DynTensor, DynTensor, DynTensor)> {
    let h = Hyper {
        step,
        lr,
        beta1,
        beta2,
        eps,
        weight_decay,
        decoupled: true,
    };
    adam_dyn("adamw_update", param, grad, m, v, h)
}

/// One typed Adam/AdamW step: the shapes and hyper-parameters checked (panicking), then
/// the shared [`adam_impl`].
#[allow(clippy::type_complexity)]
fn adam_typed<T: Float, S, G: Shape, M: Shape, V: Shape>(
    op: &'static str,
    p: &Tensor<T, S>,
    g: &Tensor<T, G>,
    m: &Tensor<T, M>,
    v: &Tensor<T, V>,
    h: Hyper,
) -> (Tensor<T, S>, Tensor<T, M>, Tensor<T, V>)
where
    S: UpdateShape<G> + UpdateShape<M> + UpdateShape<V>,
{
    check_typed(op, p, g);
    check_typed(op, p, m);
    check_typed(op, p, v);
    or_panic(h.check(op));
    let (p2, m2, v2) = or_panic(adam_impl(op, p.inner(), g.inner(), m.inner(), v.inner(), h));
    (
        Tensor::from_parts(p2, p.shape()),
        Tensor::from_parts(m2, m.shape()),
        Tensor::from_parts(v2, v.shape()),
    )
}

impl<T: Float, S: Shape> Tensor<T, S> {
    /// One step of `torch.optim.Adam` (no weight decay) for this parameter at 1-based
    /// `step`, returning `(param', m', v')`: the typed [`adam_update`]. Each result keeps its
    /// input's shape type; a gradient or state of another shape does not compile
    /// ([`UpdateShape`]).
    ///
    /// # Panics
    /// If `usize` dims differ at run time (the message names the update and both shapes),
    /// for `step == 0`, betas outside `[0, 1)` or a non-finite `lr`/`eps`; or if an output
    /// cannot be allocated.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::{Tensor, shape::{Const, Dim}};
    /// fn step<B: Dim>(
    ///     p: &Tensor<f64, (B, Const<2>)>,
    ///     g: &Tensor<f64, (B, Const<2>)>,
    ///     m: &Tensor<f64, (B, Const<2>)>,
    ///     v: &Tensor<f64, (B, Const<2>)>,
    /// ) -> Tensor<f64, (B, Const<2>)> {
    ///     p.adam_update(g, m, v, 1, 0.1, 0.9, 0.999, 1e-8).0
    /// }
    /// let p = Tensor::<f64, (usize, Const<2>)>::ones_with((1, Const))?;
    /// let z = Tensor::<f64, (usize, Const<2>)>::zeros_with((1, Const))?;
    /// let p2 = step(&p, &p, &z, &z);
    /// // The first Adam step moves each weight by about `lr` against its gradient's sign.
    /// assert!(p2.to_vec().iter().all(|w| (w - 0.9).abs() < 1e-6));
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    #[allow(clippy::too_many_arguments, clippy::type_complexity)]
    pub fn adam_update<G: Shape, M: Shape, V: Shape>(
        &self,
        grad: &Tensor<T, G>,
        m: &Tensor<T, M>,
        v: &Tensor<T, V>,
        step: u64,
        lr: f64,
        beta1: f64,
        beta2: f64,
        eps: f64,
    ) -> (Tensor<T, S>, Tensor<T, M>, Tensor<T, V>)
    where
        S: UpdateShape<G> + UpdateShape<M> + UpdateShape<V>,
    {
        let h = Hyper {
            step,
            lr,
            beta1,
            beta2,
            eps,
            weight_decay: 0.0,
            decoupled: false,
        };
        adam_typed("adam_update", self, grad, m, v, h)
    }

    /// One step of `torch.optim.AdamW` for this parameter: the decoupled decay
    /// `1 - lr * weight_decay`, then the Adam step; returns `(param', m', v')`, the typed
    /// [`adamw_update`].
    ///
    /// # Panics
    /// As [`Tensor::adam_update`], and for a non-finite `weight_decay`.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::{Tensor, shape::Rank1};
    /// let p = Tensor::<f64, Rank1<1>>::ones();
    /// let z = Tensor::<f64, Rank1<1>>::zeros();
    /// // A zero gradient leaves only the decay: 1 * (1 - 0.1 * 0.5).
    /// let (p2, _, _) = p.adamw_update(&z, &z, &z, 1, 0.1, 0.9, 0.999, 1e-8, 0.5);
    /// assert_eq!(p2.to_vec(), vec![0.95]);
    /// ```
    #[allow(clippy::too_many_arguments, clippy::type_complexity)]
    pub fn adamw_update<G: Shape, M: Shape, V: Shape>(
        &self,
        grad: &Tensor<T, G>,
        m: &Tensor<T, M>,
        v: &Tensor<T, V>,
        step: u64,
        lr: f64,
        beta1: f64,
        beta2: f64,
        eps: f64,
        weight_decay: f64,
    ) -> (Tensor<T, S>, Tensor<T, M>, Tensor<T, V>)
    where
        S: UpdateShape<G> + UpdateShape<M> + UpdateShape<V>,
    {
        let h = Hyper {
            step,
            lr,
            beta1,
            beta2,
            eps,
            weight_decay,
            decoupled: true,
        };
        adam_typed("adamw_update", self, grad, m, v, h)
    }
}

/// Hyper-parameters of [`Adam`], with PyTorch's defaults (`lr = 1e-3`, `betas = (0.9,
/// 0.999)`, `eps = 1e-8`, no weight decay, no AMSGrad).
///
/// Fields are public; the methods of the same names set one and return the config:
/// `AdamConfig::new(1e-2).amsgrad(true)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AdamConfig {
    /// Learning rate (`>= 0`).
    pub lr: f64,
    /// Decay rates of the first and second moment estimates, each in `[0, 1)`.
    pub betas: (f64, f64),
    /// Added to the denominator for stability (`>= 0`).
    pub eps: f64,
    /// L2 penalty (`>= 0`): `weight_decay * param` is added to the gradient.
    pub weight_decay: f64,
    /// Uses the running maximum of the second moment (AMSGrad).
    pub amsgrad: bool,
}

impl Default for AdamConfig {
    fn default() -> Self {
        AdamConfig {
            lr: 1e-3,
            betas: (0.9, 0.999),
            eps: 1e-8,
            weight_decay: 0.0,
            amsgrad: false,
        }
    }
}

impl AdamConfig {
    /// The defaults with learning rate `lr`.
    pub fn new(lr: f64) -> Self {
        AdamConfig {
            lr,
            ..Self::default()
        }
    }
    /// Sets the moment decay rates.
    pub fn betas(self, beta1: f64, beta2: f64) -> Self {
        AdamConfig {
            betas: (beta1, beta2),
            ..self
        }
    }
    /// Sets `eps`.
    pub fn eps(self, eps: f64) -> Self {
        AdamConfig { eps, ..self }
    }
    /// Sets the L2 weight decay.
    pub fn weight_decay(self, weight_decay: f64) -> Self {
        AdamConfig {
            weight_decay,
            ..self
        }
    }
    /// Turns AMSGrad on or off.
    pub fn amsgrad(self, amsgrad: bool) -> Self {
        AdamConfig { amsgrad, ..self }
    }
    /// The optimizer, [`Adam::new`]`(self)`.
    ///
    /// # Errors
    /// As [`Adam::new`].
    pub fn build(self) -> Result<Adam> {
        Adam::new(self)
    }

    /// An error naming `op` for an invalid hyper-parameter.
    pub(crate) fn check(&self, op: &'static str) -> Result<()> {
        check_lr(op, self.lr)?;
        check_non_negative(op, "eps", self.eps)?;
        check_unit(op, "beta1", self.betas.0)?;
        check_unit(op, "beta2", self.betas.1)?;
        check_non_negative(op, "weight_decay", self.weight_decay)
    }
}

/// The state of one parameter of [`Adam`] or [`crate::optim::AdamW`].
#[derive(Clone, Debug)]
pub(crate) struct AdamState {
    step: u64,
    exp_avg: DynTensor,
    exp_avg_sq: DynTensor,
    max_exp_avg_sq: Option<DynTensor>,
}

/// The constants of one Adam(W) step of one parameter: the hyper-parameters and the bias
/// corrections of its step count.
#[derive(Clone, Copy, Debug)]
struct StepConsts {
    lr: f64,
    b1: f64,
    b2: f64,
    eps: f64,
    weight_decay: f64,
    decoupled: bool,
    /// `lr / (1 - b1^t)`.
    step_size: f64,
    /// `sqrt(1 - b2^t)`.
    bias_correction2_sqrt: f64,
}

/// One Adam(W) step of parameter `p` (of dtype `T`) and its state, in a single pass over
/// memory: each element of the gradient is read once and each of `p`, `m`, `v` (and
/// `v_max`) read and written once, instead of the ten passes of the op-by-op form. The
/// arithmetic per element is that form's, in the same order and precision `T`.
fn fused_step<T: Float>(
    op: &'static str,
    p: &mut DynTensor,
    g: &DynTensor,
    s: &mut AdamState,
    h: &StepConsts,
) -> Result<()> {
    let wrong = |got: DType| Error::DType {
        op,
        expected: T::DTYPE.name(),
        got,
    };
    let g = T::from_dyn(g)
        .ok_or_else(|| wrong(g.dtype()))?
        .contiguous(op)?;
    let mut bufs = Vec::with_capacity(4);
    let p_dtype = p.dtype();
    bufs.push(
        T::from_dyn_mut(p)
            .ok_or_else(|| wrong(p_dtype))?
            .make_mut(op)?,
    );
    for state in [
        Some(&mut s.exp_avg),
        Some(&mut s.exp_avg_sq),
        s.max_exp_avg_sq.as_mut(),
    ]
    .into_iter()
    .flatten()
    {
        let dtype = state.dtype();
        let t = T::from_dyn_mut(state).ok_or_else(|| wrong(dtype))?;
        bufs.push(t.make_mut(op)?);
    }
    let c = |x: f64| T::from_f64(x);
    let (b1, b2, one_b1, one_b2) = (c(h.b1), c(h.b2), c(1.0 - h.b1), c(1.0 - h.b2));
    let (wd, decay) = (c(h.weight_decay), c(1.0 - h.lr * h.weight_decay));
    let (eps, bc2, minus_step) = (c(h.eps), c(h.bias_correction2_sqrt), c(-h.step_size));
    let k = AdamKernel {
        b1,
        b2,
        one_b1,
        one_b2,
        wd,
        decay,
        eps,
        bc2,
        minus_step,
    };
    let wd_mode = match (h.weight_decay != 0.0, h.decoupled) {
        (false, _) => WeightDecay::None,
        (true, false) => WeightDecay::L2,
        (true, true) => WeightDecay::Decoupled,
    };
    // One monomorphized loop per weight-decay mode, so that no branch is left inside the
    // loop and it vectorizes (sqrt and division dominate; scalar code is compute bound).
    kernel::par_chunks_zip(
        bufs,
        g.as_contiguous_slice(),
        Cost::Heavy,
        |_, bufs, g| match wd_mode {
            WeightDecay::None => k.chunk::<NO_DECAY>(bufs, g),
            WeightDecay::L2 => k.chunk::<L2_DECAY>(bufs, g),
            WeightDecay::Decoupled => k.chunk::<DECOUPLED_DECAY>(bufs, g),
        },
    );
    Ok(())
}

/// How a step applies weight decay (a const parameter of [`AdamKernel::chunk`]).
#[derive(Clone, Copy, Debug)]
enum WeightDecay {
    None,
    L2,
    Decoupled,
}
const NO_DECAY: u8 = 0;
const L2_DECAY: u8 = 1;
const DECOUPLED_DECAY: u8 = 2;

/// The per-element constants of a fused step, in the parameter's precision.
#[derive(Clone, Copy, Debug)]
struct AdamKernel<T> {
    b1: T,
    b2: T,
    one_b1: T,
    one_b2: T,
    wd: T,
    decay: T,
    eps: T,
    bc2: T,
    minus_step: T,
}

impl<T: Float> AdamKernel<T> {
    /// The update of one element: decay, moments, and the parameter step with `second`
    /// (`v`, or `v_max` for AMSGrad) chosen by `pick`.
    #[inline(always)]
    fn element<const WD: u8>(
        self,
        p: &mut T,
        m: &mut T,
        v: &mut T,
        g: T,
        pick: impl FnOnce(T) -> T,
    ) {
        let mut g = g;
        if WD == L2_DECAY {
            g = g + *p * self.wd;
        } else if WD == DECOUPLED_DECAY {
            *p = *p * self.decay;
        }
        *m = *m * self.b1 + g * self.one_b1;
        *v = *v * self.b2 + g * g * self.one_b2;
        let denom = pick(*v).sqrt() / self.bc2 + self.eps;
        *p = *p + *m / denom * self.minus_step;
    }

    /// One chunk: `bufs` is `[p, m, v]` or `[p, m, v, v_max]`, `g` the gradient.
    fn chunk<const WD: u8>(self, bufs: &mut [&mut [T]], g: &[T]) {
        match bufs {
            [p, m, v] => kernel::simd::update3(p, m, v, g, |p, m, v, g| {
                self.element::<WD>(p, m, v, g, |v| v)
            }),
            [p, m, v, max] => kernel::simd::update4(p, m, v, max, g, |p, m, v, max, g| {
                self.element::<WD>(p, m, v, g, |v| {
                    *max = max.maximum(v);
                    *max
                })
            }),
            _ => unreachable!("fused_step passes the parameter, m, v and maybe v_max"),
        }
    }
}

/// Per-parameter Adam state, by visiting order, with the binding to the model.
#[derive(Clone, Debug, Default)]
pub(crate) struct AdamStates {
    binding: Binding,
    states: Vec<Option<AdamState>>,
}

impl AdamStates {
    /// One step of Adam (`decoupled = false`) or AdamW over `model`, as
    /// `torch.optim.Adam(W)` computes it (single-tensor path):
    ///
    /// ```text
    /// p = p * (1 - lr * wd)                               (AdamW)
    /// g = g + wd * p                                      (Adam, if wd != 0)
    /// m = b1 * m + (1 - b1) * g
    /// v = b2 * v + (1 - b2) * g * g
    /// v_max = max(v_max, v); v_use = amsgrad ? v_max : v
    /// p = p - (lr / (1 - b1^t)) * m / (sqrt(v_use) / sqrt(1 - b2^t) + eps)
    /// ```
    pub(crate) fn step(
        &mut self,
        op: &'static str,
        c: &AdamConfig,
        decoupled: bool,
        model: &mut dyn Module,
    ) -> Result<()> {
        let states = &mut self.states;
        let (b1, b2) = c.betas;
        self.binding.for_each_grad(op, model, |i, p, g| {
            if states.len() <= i {
                states.resize(i + 1, None);
            }
            let s = match &mut states[i] {
                Some(s) => s,
                slot => slot.insert(AdamState {
                    step: 0,
                    exp_avg: zeros_like(p)?,
                    exp_avg_sq: zeros_like(p)?,
                    max_exp_avg_sq: if c.amsgrad {
                        Some(zeros_like(p)?)
                    } else {
                        None
                    },
                }),
            };
            s.step += 1;
            let t = s.step as f64;
            let h = StepConsts {
                lr: c.lr,
                b1,
                b2,
                eps: c.eps,
                weight_decay: c.weight_decay,
                decoupled,
                step_size: c.lr / (1.0 - b1.powf(t)),
                bias_correction2_sqrt: (1.0 - b2.powf(t)).sqrt(),
            };
            match p.dtype() {
                DType::Float32 => fused_step::<f32>(op, p, g, s, &h),
                DType::Float64 => fused_step::<f64>(op, p, g, s, &h),
                other => Err(Error::DType {
                    op,
                    expected: "a float32 or float64",
                    got: other,
                }),
            }
        })
    }
}

/// Adam (`torch.optim.Adam`): adaptive moment estimation with bias correction, optional
/// L2 weight decay (added to the gradient) and AMSGrad. The update, per parameter with a
/// gradient, at its own step count `t` (1, 2, ...):
///
/// ```text
/// g = g + weight_decay * p                            (if weight_decay != 0)
/// m = b1 * m + (1 - b1) * g
/// v = b2 * v + (1 - b2) * g * g
/// v_max = max(v_max, v)                               (AMSGrad; then v_max replaces v)
/// p = p - (lr / (1 - b1^t)) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
/// ```
///
/// `m`, `v` (and `v_max`) start at zero.
#[derive(Clone, Debug)]
pub struct Adam {
    config: AdamConfig,
    states: AdamStates,
}

impl Adam {
    /// An Adam optimizer with `config`; it binds to a model's parameters at its first step.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming `Adam` for a negative or non-finite `lr`, `eps` or
    /// `weight_decay`, or a beta outside `[0, 1)`.
    pub fn new(config: AdamConfig) -> Result<Adam> {
        config.check("Adam")?;
        Ok(Adam {
            config,
            states: AdamStates::default(),
        })
    }

    /// The hyper-parameters.
    pub fn config(&self) -> &AdamConfig {
        &self.config
    }
}

impl Optimizer for Adam {
    fn step(&mut self, model: &mut dyn Module) -> Result<()> {
        self.states.step("Adam", &self.config, false, model)
    }

    fn lr(&self) -> f64 {
        self.config.lr
    }

    fn set_lr(&mut self, lr: f64) -> Result<()> {
        check_lr("Adam", lr)?;
        self.config.lr = lr;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(v: &[f64]) -> DynTensor {
        DynTensor::from_vec(v.to_vec(), &[v.len()]).unwrap()
    }

    /// PyTorch's Adam(W) for one scalar parameter, written out from its documented algorithm.
    fn reference(p0: f64, grads: &[f64], lr: f64, b1: f64, b2: f64, eps: f64, wd: f64) -> f64 {
        let (mut p, mut m, mut v) = (p0, 0.0, 0.0);
        for (i, &g) in grads.iter().enumerate() {
            let t = (i + 1) as i32;
            p *= 1.0 - lr * wd;
            m = b1 * m + (1.0 - b1) * g;
            v = b2 * v + (1.0 - b2) * g * g;
            let mhat = m / (1.0 - b1.powi(t));
            let vhat = v / (1.0 - b2.powi(t));
            p -= lr * mhat / (vhat.sqrt() + eps);
        }
        p
    }

    #[test]
    fn three_adam_and_adamw_steps_match_the_published_formulas() {
        let grads = [0.5, -0.25, 1.5];
        for (wd, decoupled) in [(0.0, false), (0.01, true)] {
            let (mut p, mut m, mut v) = (t(&[1.0]), t(&[0.0]), t(&[0.0]));
            for (i, &g) in grads.iter().enumerate() {
                let step = i as u64 + 1;
                (p, m, v) = if decoupled {
                    adamw_update(&p, &t(&[g]), &m, &v, step, 0.1, 0.9, 0.999, 1e-8, wd).unwrap()
                } else {
                    adam_update(&p, &t(&[g]), &m, &v, step, 0.1, 0.9, 0.999, 1e-8).unwrap()
                };
            }
            let want = reference(1.0, &grads, 0.1, 0.9, 0.999, 1e-8, wd);
            assert!((p.item::<f64>().unwrap() - want).abs() < 1e-12, "wd {wd}");
        }
    }

    #[test]
    fn adam_accepts_beta1_zero_and_rejects_bad_arguments() {
        let (p, m, _) = adam_update(
            &t(&[1.0]),
            &t(&[2.0]),
            &t(&[0.0]),
            &t(&[0.0]),
            1,
            0.1,
            0.0,
            0.999,
            1e-8,
        )
        .unwrap();
        assert_eq!(m.item::<f64>().unwrap(), 2.0);
        assert!((p.item::<f64>().unwrap() - 0.9).abs() < 1e-6);
        let z = t(&[0.0]);
        assert!(adam_update(&z, &z, &z, &z, 0, 0.1, 0.9, 0.999, 1e-8).is_err());
        assert!(adam_update(&z, &z, &z, &z, 1, 0.1, 1.0, 0.999, 1e-8).is_err());
        assert!(adam_update(&z, &t(&[0.0, 1.0]), &z, &z, 1, 0.1, 0.9, 0.999, 1e-8).is_err());
    }

    #[test]
    fn typed_adam_and_adamw_equal_the_dyn_updates() {
        use crate::Tensor;
        use crate::ops::binary::tests::same;
        use crate::shape::{Const, Rank1};
        let p = Tensor::<f64, (usize,)>::from_vec_with(vec![1.0, -2.0, 0.5], (3,)).unwrap();
        let g = Tensor::<f64, Rank1<3>>::from_vec(vec![0.5, -0.25, 1.5]).unwrap();
        let m = Tensor::<f64, (Const<3>,)>::from_vec(vec![0.1, 0.0, -0.2]).unwrap();
        let v = Tensor::<f64, (usize,)>::from_vec_with(vec![0.01, 0.0, 0.04], (3,)).unwrap();
        let (dp, dg, dm, dv) = (p.to_dyn(), g.to_dyn(), m.to_dyn(), v.to_dyn());
        let (p2, m2, v2) = p.adam_update(&g, &m, &v, 2, 0.1, 0.9, 0.999, 1e-8);
        let (ep, em, ev) = adam_update(&dp, &dg, &dm, &dv, 2, 0.1, 0.9, 0.999, 1e-8).unwrap();
        same(&p2, Ok(ep));
        same(&m2, Ok(em));
        same(&v2, Ok(ev));
        let (p3, _, _) = p.adamw_update(&g, &m, &v, 2, 0.1, 0.9, 0.999, 1e-8, 0.01);
        let (fp, _, _) = adamw_update(&dp, &dg, &dm, &dv, 2, 0.1, 0.9, 0.999, 1e-8, 0.01).unwrap();
        same(&p3, Ok(fp));
        // From zero state, step 1 matches the scalar reference for each element.
        let z = Tensor::<f64, Rank1<3>>::zeros();
        let (p4, _, _) = p.adam_update(&g, &z, &z, 1, 0.1, 0.9, 0.999, 1e-8);
        for (i, w) in p4.to_vec().into_iter().enumerate() {
            let (p0, g0) = (p.to_vec()[i], g.to_vec()[i]);
            let want = reference(p0, &[g0], 0.1, 0.9, 0.999, 1e-8, 0.0);
            assert!((w - want).abs() < 1e-12, "{w} vs {want}");
        }
    }

    #[test]
    #[should_panic(
        expected = "adam_update: shapes [3] and [4] do not match (parameter, gradient and state must have the same shape)"
    )]
    fn typed_adam_panics_on_runtime_state_mismatch() {
        use crate::Tensor;
        let p = Tensor::<f32, (usize,)>::zeros_with((3,)).unwrap();
        let v = Tensor::<f32, (usize,)>::zeros_with((4,)).unwrap();
        let _ = p.adam_update(&p, &p, &v, 1, 0.1, 0.9, 0.999, 1e-8);
    }

    #[test]
    #[should_panic(expected = "adamw_update: invalid step")]
    fn typed_adamw_panics_on_step_zero() {
        use crate::Tensor;
        use crate::shape::Rank1;
        let p = Tensor::<f32, Rank1<2>>::zeros();
        let _ = p.adamw_update(&p, &p, &p, 0, 0.1, 0.9, 0.999, 1e-8, 0.01);
    }
}

#[cfg(test)]
pub(crate) mod optimizer_tests {
    use super::*;
    use crate::optim::optimizer::test_util::{close, max_diff, net, reference, run};

    /// Per-element state of the reference: `(m, v, v_max)`.
    type RefState = (f64, f64, f64);

    /// PyTorch's Adam (or AdamW, `decoupled`) for one scalar element, from its documented
    /// algorithm.
    pub(crate) fn adam_ref(c: AdamConfig, decoupled: bool, steps: usize) -> Vec<f64> {
        let (b1, b2) = c.betas;
        reference::<RefState>(steps, |(m, v, vmax), mut p, mut g, t| {
            if decoupled {
                p *= 1.0 - c.lr * c.weight_decay;
            } else {
                g += c.weight_decay * p;
            }
            *m = b1 * *m + (1.0 - b1) * g;
            *v = b2 * *v + (1.0 - b2) * g * g;
            *vmax = vmax.max(*v);
            let second = if c.amsgrad { *vmax } else { *v };
            let mhat = *m / (1.0 - b1.powi(t as i32));
            let vhat = second / (1.0 - b2.powi(t as i32));
            p - c.lr * mhat / (vhat.sqrt() + c.eps)
        })
    }

    #[test]
    fn three_steps_match_pytorchs_rule_for_every_option() {
        let base = AdamConfig::new(0.1);
        let configs = [
            base,
            base.betas(0.8, 0.9).eps(1e-3),
            base.weight_decay(0.3),
            base.betas(0.9, 0.5).amsgrad(true),
            base.betas(0.0, 0.5).amsgrad(true).weight_decay(0.1),
        ];
        for c in configs {
            close(
                &run(&mut c.build().unwrap(), 3),
                &adam_ref(c, false, 3),
                1e-6,
            );
            close(
                &run(&mut c.build().unwrap(), 4),
                &adam_ref(c, false, 4),
                1e-6,
            );
        }
        // The options change the result, so ignoring one would fail above.
        let ams = base.betas(0.9, 0.5);
        assert!(
            max_diff(
                &adam_ref(ams, false, 4),
                &adam_ref(ams.amsgrad(true), false, 4)
            ) > 1e-3
        );
        assert!(
            max_diff(
                &adam_ref(base, false, 3),
                &adam_ref(base.weight_decay(0.3), false, 3)
            ) > 1e-3
        );
        assert!(
            max_diff(
                &adam_ref(base, false, 3),
                &adam_ref(base.eps(1e-1), false, 3)
            ) > 1e-3
        );
    }

    /// One scalar parameter, `p0 = 1`, with the constant gradients 0.5, -0.25, 1.5.
    pub(crate) fn scalar_run(opt: &mut dyn Optimizer) -> f64 {
        let mut p = DynTensor::from_vec(vec![1.0f64], &[1])
            .unwrap()
            .requires_grad_(true)
            .unwrap();
        for g in [0.5, -0.25, 1.5] {
            opt.zero_grad(&p);
            p.mul_scalar(g).unwrap().sum().unwrap().backward().unwrap();
            opt.step(&mut p).unwrap();
        }
        p.item::<f64>().unwrap()
    }

    /// A parameter big enough for the fused step to split across threads: f32, three
    /// steps with weight decay and AMSGrad, against the per-element rule in f64.
    #[test]
    fn the_fused_step_over_a_large_float32_parameter_matches_the_rule() {
        let n = 100_003;
        let p0: Vec<f32> = (0..n)
            .map(|i| ((i * 37 % 101) as f32 - 50.0) / 25.0)
            .collect();
        let grads: Vec<Vec<f32>> = (0..3)
            .map(|k| {
                (0..n)
                    .map(|i| ((i * 13 + k * 7) % 23) as f32 / 11.0 - 1.0)
                    .collect()
            })
            .collect();
        for decoupled in [false, true] {
            let c = AdamConfig::new(0.01)
                .betas(0.8, 0.9)
                .weight_decay(0.1)
                .amsgrad(true);
            let mut opt: Box<dyn Optimizer> = if decoupled {
                let w = crate::optim::AdamWConfig::new(0.01)
                    .betas(0.8, 0.9)
                    .weight_decay(0.1)
                    .amsgrad(true);
                Box::new(w.build().unwrap())
            } else {
                Box::new(c.build().unwrap())
            };
            let mut p = DynTensor::from_vec(p0.clone(), &[n])
                .unwrap()
                .requires_grad_(true)
                .unwrap();
            for g in &grads {
                opt.zero_grad(&p);
                let g = DynTensor::from_vec(g.clone(), &[n]).unwrap();
                p.mul(&g).unwrap().sum().unwrap().backward().unwrap();
                opt.step(&mut p).unwrap();
            }
            let got = p.to_vec::<f32>().unwrap();
            for i in (0..n).step_by(997).chain([n - 1]) {
                let (mut q, mut m, mut v, mut vmax) = (p0[i] as f64, 0.0, 0.0, 0.0f64);
                for (k, g) in grads.iter().enumerate() {
                    let mut g = g[i] as f64;
                    if decoupled {
                        q *= 1.0 - 0.01 * 0.1;
                    } else {
                        g += 0.1 * q;
                    }
                    m = 0.8 * m + 0.2 * g;
                    v = 0.9 * v + 0.1 * g * g;
                    vmax = vmax.max(v);
                    let t = k as i32 + 1;
                    let denom = (vmax / (1.0 - 0.9f64.powi(t))).sqrt() + 1e-8;
                    q -= 0.01 * (m / (1.0 - 0.8f64.powi(t))) / denom;
                }
                assert!(
                    (got[i] as f64 - q).abs() <= 1e-5 * (1.0 + q.abs()),
                    "decoupled {decoupled}, element {i}: {} vs {q}",
                    got[i]
                );
            }
        }
    }

    #[test]
    fn literal_values_computed_independently() {
        // Computed by a separate script from PyTorch's documented Adam algorithm.
        let mut a = AdamConfig::new(0.1).build().unwrap();
        assert!((scalar_run(&mut a) - 0.8063162429161115).abs() < 1e-12);
        let mut ams = AdamConfig::new(0.1)
            .betas(0.9, 0.6)
            .amsgrad(true)
            .build()
            .unwrap();
        assert!((scalar_run(&mut ams) - 0.8170833404320209).abs() < 1e-12);
        let mut plain = AdamConfig::new(0.1).betas(0.9, 0.6).build().unwrap();
        assert!((scalar_run(&mut plain) - 0.8148290749283228).abs() < 1e-12);
    }

    #[test]
    fn agrees_with_the_functional_update_over_several_steps() {
        let p0 = DynTensor::from_vec(vec![1.0f32, -2.0, 0.5, 3.0, 0.0, 1e-3], &[2, 3]).unwrap();
        let mut p = p0.clone_data().unwrap().requires_grad_(true).unwrap();
        let mut opt = AdamConfig::new(0.01).build().unwrap();
        let (mut fp, mut m, mut v) = (
            p0.clone(),
            p0.zeros_like().unwrap(),
            p0.zeros_like().unwrap(),
        );
        for step in 1..=6u64 {
            let g: Vec<f32> = (0..6)
                .map(|j| ((step as f32) * 1.3 + j as f32).cos())
                .collect();
            let g = DynTensor::from_vec(g, &[2, 3]).unwrap();
            opt.zero_grad(&p);
            p.mul(&g).unwrap().sum().unwrap().backward().unwrap();
            opt.step(&mut p).unwrap();
            (fp, m, v) = adam_update(&fp, &g, &m, &v, step, 0.01, 0.9, 0.999, 1e-8).unwrap();
        }
        let (a, b) = (p.to_vec::<f32>().unwrap(), fp.to_vec::<f32>().unwrap());
        for (x, y) in a.iter().zip(&b) {
            assert!((x - y).abs() < 1e-6, "{a:?} vs {b:?}");
        }
    }

    #[test]
    fn bad_hyper_parameters_are_errors_at_construction() {
        for c in [
            AdamConfig::new(-1e-3),
            AdamConfig::default().betas(1.0, 0.999),
            AdamConfig::default().betas(0.9, -0.1),
            AdamConfig::default().eps(-1e-8),
            AdamConfig::default().weight_decay(-0.1),
        ] {
            let e = c.build().unwrap_err();
            assert!(
                matches!(e, Error::InvalidArgument { op: "Adam", .. }),
                "{e}"
            );
        }
        let a = Adam::new(AdamConfig::default()).unwrap();
        assert_eq!(
            (a.lr(), a.config().betas, a.config().eps),
            (1e-3, (0.9, 0.999), 1e-8)
        );
    }

    #[test]
    fn the_step_count_is_per_parameter() {
        // `b` gets no gradient at the first step; its first update then uses t = 1.
        let mut n = net();
        let c = AdamConfig::new(0.1);
        let mut opt = c.build().unwrap();
        n.w.sum().unwrap().backward().unwrap();
        opt.step(&mut n).unwrap();
        assert_eq!(n.b.to_vec::<f64>().unwrap(), vec![0.25, -1.0]);
        opt.zero_grad(&n);
        n.b.sum().unwrap().backward().unwrap();
        opt.step(&mut n).unwrap();
        // Bias-corrected first step: p - lr * g / (|g| + eps) = p - 0.1.
        close(&n.b.to_vec::<f64>().unwrap(), &[0.15, -1.1], 1e-6);
    }
}
