//! The stateful [`AdamW`] optimizer: Adam with decoupled weight decay.

use super::adam::{AdamConfig, AdamStates};
use super::optimizer::{Optimizer, check_lr};
use crate::error::Result;
use crate::nn::Module;

/// Hyper-parameters of [`AdamW`], with PyTorch's defaults (`lr = 1e-3`, `betas = (0.9,
/// 0.999)`, `eps = 1e-8`, `weight_decay = 1e-2`, no AMSGrad).
///
/// Fields are public; the methods of the same names set one and return the config:
/// `AdamWConfig::new(1e-3).weight_decay(0.1)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AdamWConfig {
    /// Learning rate (`>= 0`).
    pub lr: f64,
    /// Decay rates of the first and second moment estimates, each in `[0, 1)`.
    pub betas: (f64, f64),
    /// Added to the denominator for stability (`>= 0`).
    pub eps: f64,
    /// Decoupled weight decay (`>= 0`): each step first scales the parameter by
    /// `1 - lr * weight_decay`.
    pub weight_decay: f64,
    /// Uses the running maximum of the second moment (AMSGrad).
    pub amsgrad: bool,
}

impl Default for AdamWConfig {
    fn default() -> Self {
        AdamWConfig {
            lr: 1e-3,
            betas: (0.9, 0.999),
            eps: 1e-8,
            weight_decay: 1e-2,
            amsgrad: false,
        }
    }
}

impl AdamWConfig {
    /// The defaults with learning rate `lr`.
    pub fn new(lr: f64) -> Self {
        AdamWConfig {
            lr,
            ..Self::default()
        }
    }
    /// Sets the moment decay rates.
    pub fn betas(self, beta1: f64, beta2: f64) -> Self {
        AdamWConfig {
            betas: (beta1, beta2),
            ..self
        }
    }
    /// Sets `eps`.
    pub fn eps(self, eps: f64) -> Self {
        AdamWConfig { eps, ..self }
    }
    /// Sets the decoupled weight decay.
    pub fn weight_decay(self, weight_decay: f64) -> Self {
        AdamWConfig {
            weight_decay,
            ..self
        }
    }
    /// Turns AMSGrad on or off.
    pub fn amsgrad(self, amsgrad: bool) -> Self {
        AdamWConfig { amsgrad, ..self }
    }
    /// The optimizer, [`AdamW::new`]`(self)`.
    ///
    /// # Errors
    /// As [`AdamW::new`].
    pub fn build(self) -> Result<AdamW> {
        AdamW::new(self)
    }

    /// The same numbers as an [`AdamConfig`] (the step is shared).
    fn as_adam(&self) -> AdamConfig {
        AdamConfig {
            lr: self.lr,
            betas: self.betas,
            eps: self.eps,
            weight_decay: self.weight_decay,
            amsgrad: self.amsgrad,
        }
    }
}

/// AdamW (`torch.optim.AdamW`): Adam whose weight decay is decoupled from the gradient.
/// Per parameter with a gradient, at its own step count `t` (1, 2, ...):
///
/// ```text
/// p = p * (1 - lr * weight_decay)
/// m = b1 * m + (1 - b1) * g
/// v = b2 * v + (1 - b2) * g * g
/// v_max = max(v_max, v)                               (AMSGrad; then v_max replaces v)
/// p = p - (lr / (1 - b1^t)) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
/// ```
#[derive(Clone, Debug)]
pub struct AdamW {
    config: AdamWConfig,
    states: AdamStates,
}

impl AdamW {
    /// An AdamW optimizer with `config`; it binds to a model's parameters at its first
    /// step.
    ///
    /// # Errors
    /// [`crate::Error::InvalidArgument`] naming `AdamW` for a negative or non-finite `lr`,
    /// `eps` or `weight_decay`, or a beta outside `[0, 1)`.
    pub fn new(config: AdamWConfig) -> Result<AdamW> {
        config.as_adam().check("AdamW")?;
        Ok(AdamW {
            config,
            states: AdamStates::default(),
        })
    }

    /// The hyper-parameters.
    pub fn config(&self) -> &AdamWConfig {
        &self.config
    }
}

impl Optimizer for AdamW {
    fn step(&mut self, model: &mut dyn Module) -> Result<()> {
        self.states
            .step("AdamW", &self.config.as_adam(), true, model)
    }

    fn lr(&self) -> f64 {
        self.config.lr
    }

    fn set_lr(&mut self, lr: f64) -> Result<()> {
        check_lr("AdamW", lr)?;
        self.config.lr = lr;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DynTensor;
    use crate::optim::adam::optimizer_tests::{adam_ref, scalar_run};
    use crate::optim::adamw_update;
    use crate::optim::optimizer::test_util::{close, max_diff, run};

    fn as_adam(c: AdamWConfig) -> AdamConfig {
        c.as_adam()
    }

    #[test]
    fn three_steps_match_pytorchs_rule_with_decoupled_weight_decay() {
        let base = AdamWConfig::new(0.1);
        for c in [
            base,
            base.weight_decay(0.5),
            base.betas(0.9, 0.5).amsgrad(true),
        ] {
            close(
                &run(&mut c.build().unwrap(), 3),
                &adam_ref(as_adam(c), true, 3),
                1e-6,
            );
        }
        // Decoupled decay differs from L2 decay and from none.
        let c = base.weight_decay(0.5);
        let decoupled = adam_ref(as_adam(c), true, 3);
        assert!(max_diff(&decoupled, &adam_ref(as_adam(c), false, 3)) > 1e-3);
        assert!(max_diff(&decoupled, &adam_ref(as_adam(c.weight_decay(0.0)), true, 3)) > 1e-3);
    }

    #[test]
    fn literal_value_computed_independently() {
        let mut a = AdamWConfig::new(0.1).weight_decay(0.1).build().unwrap();
        assert!((scalar_run(&mut a) - 0.778871579909233).abs() < 1e-12);
        assert_eq!(AdamWConfig::default().weight_decay, 1e-2);
    }

    #[test]
    fn agrees_with_the_functional_update_over_several_steps() {
        let p0 = DynTensor::from_vec(vec![1.0f64, -2.0, 0.5, 3.0], &[4]).unwrap();
        let mut p = p0.clone_data().unwrap().requires_grad_(true).unwrap();
        let mut opt = AdamWConfig::new(0.05).weight_decay(0.2).build().unwrap();
        let (mut fp, mut m, mut v) = (
            p0.clone(),
            p0.zeros_like().unwrap(),
            p0.zeros_like().unwrap(),
        );
        for step in 1..=5u64 {
            let g: Vec<f64> = (0..4)
                .map(|j| ((step * 3 + j) as f64 * 0.7).sin())
                .collect();
            let g = DynTensor::from_vec(g, &[4]).unwrap();
            opt.zero_grad(&p);
            p.mul(&g).unwrap().sum().unwrap().backward().unwrap();
            opt.step(&mut p).unwrap();
            (fp, m, v) = adamw_update(&fp, &g, &m, &v, step, 0.05, 0.9, 0.999, 1e-8, 0.2).unwrap();
        }
        close(
            &p.to_vec::<f64>().unwrap(),
            &fp.to_vec::<f64>().unwrap(),
            1e-12,
        );
    }

    #[test]
    fn bad_hyper_parameters_are_errors_naming_adamw() {
        let e = AdamWConfig::default().betas(0.9, 1.5).build().unwrap_err();
        assert!(e.to_string().starts_with("AdamW: invalid beta2"), "{e}");
        assert!(AdamWConfig::new(-1.0).build().is_err());
    }
}
