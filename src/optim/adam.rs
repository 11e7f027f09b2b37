//! Adam and AdamW, with PyTorch's bias correction and operation order.

use super::{check_finite, check_same};
use crate::dtype::Float;
use crate::dyn_tensor::{Data, DynTensor};
use crate::error::{Error, Result};
use crate::kernel::{self, Cost};
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
}
