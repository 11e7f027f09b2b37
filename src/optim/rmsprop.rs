//! The stateful [`RMSprop`] optimizer.

use super::optimizer::{
    Binding, Optimizer, add_scaled, add_scaled_, check_lr, check_non_negative, zeros_like,
};
use crate::dyn_tensor::DynTensor;
use crate::error::Result;
use crate::nn::Module;

/// Hyper-parameters of [`RMSprop`], with PyTorch's defaults (`lr = 1e-2`, `alpha = 0.99`,
/// `eps = 1e-8`, no weight decay, no momentum, not centered).
///
/// Fields are public; the methods of the same names set one and return the config:
/// `RMSpropConfig::new(1e-2).momentum(0.9).centered(true)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RMSpropConfig {
    /// Learning rate (`>= 0`).
    pub lr: f64,
    /// Smoothing constant of the running average of squared gradients (`>= 0`).
    pub alpha: f64,
    /// Added to the denominator for stability (`>= 0`).
    pub eps: f64,
    /// L2 penalty (`>= 0`): `weight_decay * param` is added to the gradient.
    pub weight_decay: f64,
    /// Momentum factor (`>= 0`; 0 turns momentum off).
    pub momentum: f64,
    /// Normalizes by the estimated variance of the gradient instead of its second moment.
    pub centered: bool,
}

impl Default for RMSpropConfig {
    fn default() -> Self {
        RMSpropConfig {
            lr: 1e-2,
            alpha: 0.99,
            eps: 1e-8,
            weight_decay: 0.0,
            momentum: 0.0,
            centered: false,
        }
    }
}

impl RMSpropConfig {
    /// The defaults with learning rate `lr`.
    pub fn new(lr: f64) -> Self {
        RMSpropConfig {
            lr,
            ..Self::default()
        }
    }
    /// Sets the smoothing constant.
    pub fn alpha(self, alpha: f64) -> Self {
        RMSpropConfig { alpha, ..self }
    }
    /// Sets `eps`.
    pub fn eps(self, eps: f64) -> Self {
        RMSpropConfig { eps, ..self }
    }
    /// Sets the L2 weight decay.
    pub fn weight_decay(self, weight_decay: f64) -> Self {
        RMSpropConfig {
            weight_decay,
            ..self
        }
    }
    /// Sets the momentum factor.
    pub fn momentum(self, momentum: f64) -> Self {
        RMSpropConfig { momentum, ..self }
    }
    /// Turns the centered variant on or off.
    pub fn centered(self, centered: bool) -> Self {
        RMSpropConfig { centered, ..self }
    }
    /// The optimizer, [`RMSprop::new`]`(self)`.
    ///
    /// # Errors
    /// As [`RMSprop::new`].
    pub fn build(self) -> Result<RMSprop> {
        RMSprop::new(self)
    }
}

/// The state of one parameter.
#[derive(Clone, Debug)]
struct State {
    square_avg: DynTensor,
    grad_avg: Option<DynTensor>,
    momentum_buffer: Option<DynTensor>,
}

/// RMSprop (`torch.optim.RMSprop`), with optional weight decay, momentum and the centered
/// variant. Per parameter with a gradient:
///
/// ```text
/// g = g + weight_decay * p                         (if weight_decay != 0)
/// s = alpha * s + (1 - alpha) * g * g
/// a = alpha * a + (1 - alpha) * g                  (centered)
/// d = sqrt(s - a * a) + eps   if centered,  else  d = sqrt(s) + eps
/// b = momentum * b + g / d;  p = p - lr * b        (if momentum > 0)
/// p = p - lr * g / d                               (otherwise)
/// ```
///
/// `s`, `a` and `b` start at zero.
#[derive(Clone, Debug)]
pub struct RMSprop {
    config: RMSpropConfig,
    binding: Binding,
    states: Vec<Option<State>>,
}

impl RMSprop {
    /// An RMSprop optimizer with `config`; it binds to a model's parameters at its first
    /// step.
    ///
    /// # Errors
    /// [`crate::Error::InvalidArgument`] naming `RMSprop` for a negative or non-finite
    /// `lr`, `alpha`, `eps`, `weight_decay` or `momentum`.
    pub fn new(config: RMSpropConfig) -> Result<RMSprop> {
        const OP: &str = "RMSprop";
        check_lr(OP, config.lr)?;
        check_non_negative(OP, "alpha", config.alpha)?;
        check_non_negative(OP, "eps", config.eps)?;
        check_non_negative(OP, "weight_decay", config.weight_decay)?;
        check_non_negative(OP, "momentum", config.momentum)?;
        Ok(RMSprop {
            config,
            binding: Binding::default(),
            states: Vec::new(),
        })
    }

    /// The hyper-parameters.
    pub fn config(&self) -> &RMSpropConfig {
        &self.config
    }
}

impl Optimizer for RMSprop {
    fn step(&mut self, model: &mut dyn Module) -> Result<()> {
        let c = self.config;
        let states = &mut self.states;
        self.binding.for_each_grad("RMSprop", model, |i, p, g| {
            if states.len() <= i {
                states.resize(i + 1, None);
            }
            let s = match &mut states[i] {
                Some(s) => s,
                slot => slot.insert(State {
                    square_avg: zeros_like(p)?,
                    grad_avg: if c.centered {
                        Some(zeros_like(p)?)
                    } else {
                        None
                    },
                    momentum_buffer: if c.momentum > 0.0 {
                        Some(zeros_like(p)?)
                    } else {
                        None
                    },
                }),
            };
            let g = if c.weight_decay != 0.0 {
                add_scaled(g, p, c.weight_decay)?
            } else {
                g.clone()
            };
            s.square_avg.mul_scalar_(c.alpha)?;
            add_scaled_(&mut s.square_avg, &g.mul(&g)?, 1.0 - c.alpha)?;
            let mut avg = match &mut s.grad_avg {
                Some(a) => {
                    a.mul_scalar_(c.alpha)?;
                    add_scaled_(a, &g, 1.0 - c.alpha)?;
                    s.square_avg.sub(&a.mul(a)?)?.sqrt()?
                }
                None => s.square_avg.sqrt()?,
            };
            avg.add_scalar_(c.eps)?;
            match &mut s.momentum_buffer {
                Some(b) => {
                    b.mul_scalar_(c.momentum)?;
                    b.add_(&g.div(&avg)?)?;
                    add_scaled_(p, b, -c.lr)
                }
                None => add_scaled_(p, &g.div(&avg)?, -c.lr),
            }
        })
    }

    fn lr(&self) -> f64 {
        self.config.lr
    }

    fn set_lr(&mut self, lr: f64) -> Result<()> {
        check_lr("RMSprop", lr)?;
        self.config.lr = lr;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;
    use crate::optim::adam::optimizer_tests::scalar_run;
    use crate::optim::optimizer::test_util::{close, max_diff, reference, run};

    /// PyTorch's RMSprop for one scalar element, from its documented algorithm. State:
    /// `(square_avg, grad_avg, momentum_buffer)`.
    fn rms_ref(c: RMSpropConfig, steps: usize) -> Vec<f64> {
        reference::<(f64, f64, f64)>(steps, |(s, a, b), p, g, _| {
            let g = g + c.weight_decay * p;
            *s = c.alpha * *s + (1.0 - c.alpha) * g * g;
            let d = if c.centered {
                *a = c.alpha * *a + (1.0 - c.alpha) * g;
                (*s - *a * *a).sqrt() + c.eps
            } else {
                s.sqrt() + c.eps
            };
            if c.momentum > 0.0 {
                *b = c.momentum * *b + g / d;
                p - c.lr * *b
            } else {
                p - c.lr * g / d
            }
        })
    }

    #[test]
    fn three_steps_match_pytorchs_rule_for_every_option() {
        let base = RMSpropConfig::new(0.01);
        let configs = [
            base,
            base.alpha(0.9),
            base.momentum(0.9),
            base.centered(true),
            base.weight_decay(0.3),
            base.alpha(0.8)
                .momentum(0.5)
                .centered(true)
                .weight_decay(0.1),
        ];
        for c in configs {
            close(&run(&mut c.build().unwrap(), 3), &rms_ref(c, 3), 1e-6);
        }
        let a = base.alpha(0.9);
        assert!(max_diff(&rms_ref(a, 3), &rms_ref(a.momentum(0.9), 3)) > 1e-3);
        assert!(max_diff(&rms_ref(a, 3), &rms_ref(a.centered(true), 3)) > 1e-3);
        assert!(max_diff(&rms_ref(a, 3), &rms_ref(a.weight_decay(0.3), 3)) > 1e-3);
    }

    #[test]
    fn literal_values_computed_independently() {
        let mut r = RMSpropConfig::new(0.01).build().unwrap();
        assert!((scalar_run(&mut r) - 0.8510945290092068).abs() < 1e-12);
        let c = RMSpropConfig::new(0.01)
            .alpha(0.9)
            .weight_decay(0.1)
            .momentum(0.9)
            .centered(true);
        let mut r = c.build().unwrap();
        assert!((scalar_run(&mut r) - 0.8936100265425329).abs() < 1e-12);
    }

    #[test]
    fn bad_hyper_parameters_are_errors_at_construction() {
        for c in [
            RMSpropConfig::new(-0.01),
            RMSpropConfig::default().alpha(-0.5),
            RMSpropConfig::default().eps(-1.0),
            RMSpropConfig::default().momentum(-0.9),
            RMSpropConfig::default().weight_decay(f64::INFINITY),
        ] {
            let e = c.build().unwrap_err();
            assert!(
                matches!(e, Error::InvalidArgument { op: "RMSprop", .. }),
                "{e}"
            );
        }
        let d = RMSpropConfig::default();
        assert_eq!((d.lr, d.alpha, d.eps), (1e-2, 0.99, 1e-8));
    }
}
