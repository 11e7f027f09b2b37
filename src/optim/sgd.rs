//! Stochastic gradient descent: the functional updates (plain and with momentum) and the
//! stateful [`SGD`] optimizer.

use super::optimizer::{Binding, Optimizer, add_scaled, add_scaled_, check_lr, check_non_negative};
use super::{check_finite, check_same, check_typed, or_panic};
use crate::dtype::Float;
use crate::dyn_tensor::{Data, DynTensor};
use crate::error::{Error, Result};
use crate::kernel::{self, Cost};
use crate::nn::Module;
use crate::shape::{Shape, UpdateShape};
use crate::tensor::Tensor;
use crate::tensor_impl::TensorImpl;

/// `p - lr * g`: the kernel both faces share.
pub fn sgd_impl<T: Float>(
    param: &TensorImpl<T>,
    grad: &TensorImpl<T>,
    lr: f64,
) -> Result<TensorImpl<T>> {
    let lr = T::c(lr);
    kernel::zip("sgd_update", param, grad, Cost::Cheap, move |p, g| {
        p - lr * g
    })
}

/// `(p - lr * v', v')` with `v' = momentum * v + g`: the kernel both faces share.
pub fn sgd_momentum_impl<T: Float>(
    param: &TensorImpl<T>,
    grad: &TensorImpl<T>,
    velocity: &TensorImpl<T>,
    lr: f64,
    momentum: f64,
) -> Result<(TensorImpl<T>, TensorImpl<T>)> {
    let (lr, mu) = (T::c(lr), T::c(momentum));
    let v = kernel::zip(
        "sgd_momentum_update",
        velocity,
        grad,
        Cost::Cheap,
        move |v, g| mu * v + g,
    )?;
    let p = kernel::zip(
        "sgd_momentum_update",
        param,
        &v,
        Cost::Cheap,
        move |p, v| p - lr * v,
    )?;
    Ok((p, v))
}

/// Returns `param - lr * grad` (one step of `torch.optim.SGD` without momentum).
///
/// # Errors
/// [`crate::Error::ShapeMismatch`] or [`crate::Error::DType`] unless `param` and `grad`
/// share a shape and a float dtype; [`crate::Error::InvalidArgument`] for a non-finite `lr`.
pub fn sgd_update(param: &DynTensor, grad: &DynTensor, lr: f64) -> Result<DynTensor> {
    check_same("sgd_update", &[param, grad])?;
    check_finite("sgd_update", "lr", lr)?;
    Ok(match (param.data(), grad.data()) {
        (Data::Float32(p), Data::Float32(g)) => sgd_impl(p, g, lr)?.into(),
        (Data::Float64(p), Data::Float64(g)) => sgd_impl(p, g, lr)?.into(),
        _ => unreachable!("check_same admits one float dtype"),
    })
}

/// One step of `torch.optim.SGD` with momentum (no dampening, no Nesterov): the new
/// velocity is `momentum * velocity + grad` and the new parameter `param - lr * velocity'`.
/// Start with a zero velocity: PyTorch's first step sets the buffer to the gradient, which
/// is the same thing. Returns `(param', velocity')`.
///
/// # Errors
/// As [`sgd_update`], for all three tensors.
pub fn sgd_momentum_update(
    param: &DynTensor,
    grad: &DynTensor,
    velocity: &DynTensor,
    lr: f64,
    momentum: f64,
) -> Result<(DynTensor, DynTensor)> {
    check_same("sgd_momentum_update", &[param, grad, velocity])?;
    check_finite("sgd_momentum_update", "lr", lr)?;
    check_finite("sgd_momentum_update", "momentum", momentum)?;
    Ok(match (param.data(), grad.data(), velocity.data()) {
        (Data::Float32(p), Data::Float32(g), Data::Float32(v)) => {
            let (p, v) = sgd_momentum_impl(p, g, v, lr, momentum)?;
            (p.into(), v.into())
        }
        (Data::Float64(p), Data::Float64(g), Data::Float64(v)) => {
            let (p, v) = sgd_momentum_impl(p, g, v, lr, momentum)?;
            (p.into(), v.into())
        }
        _ => unreachable!("check_same admits one float dtype"),
    })
}

impl<T: Float, S: Shape> Tensor<T, S> {
    /// Returns `self - lr * grad` for this parameter: one step of `torch.optim.SGD` without
    /// momentum, the typed [`sgd_update`]. The result keeps the parameter's shape type; a
    /// gradient of another shape does not compile ([`UpdateShape`]).
    ///
    /// # Panics
    /// If `usize` dims of the parameter and gradient differ at run time (the message names
    /// the update and both shapes), or `lr` is not finite; or if the output cannot be
    /// allocated.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::{Tensor, shape::Rank1};
    /// let p = Tensor::<f64, Rank1<2>>::from_vec(vec![1.0, 2.0])?;
    /// let g = Tensor::<f64, (usize,)>::from_vec_with(vec![0.5, -1.0], (2,))?;
    /// assert_eq!(p.sgd_update(&g, 0.1).to_vec(), vec![0.95, 2.1]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    pub fn sgd_update<G: Shape>(&self, grad: &Tensor<T, G>, lr: f64) -> Tensor<T, S>
    where
        S: UpdateShape<G>,
    {
        const OP: &str = "sgd_update";
        check_typed(OP, self, grad);
        or_panic(check_finite(OP, "lr", lr));
        let p = or_panic(sgd_impl(self.inner(), grad.inner(), lr));
        Tensor::from_parts(p, self.shape())
    }

    /// One step of `torch.optim.SGD` with momentum for this parameter, returning
    /// `(param', velocity')` with `velocity' = momentum * velocity + grad` and
    /// `param' = param - lr * velocity'`: the typed [`sgd_momentum_update`]. Each result
    /// keeps its input's shape type; a gradient or velocity of another shape does not
    /// compile ([`UpdateShape`]).
    ///
    /// # Panics
    /// If `usize` dims differ at run time (the message names the update and both shapes),
    /// or `lr` or `momentum` is not finite; or if an output cannot be allocated.
    ///
    /// # Examples
    /// ```
    /// use rusttorch::{Tensor, shape::Rank1};
    /// let (mut p, mut v) = (Tensor::<f64, Rank1<1>>::zeros(), Tensor::<f64, Rank1<1>>::zeros());
    /// let g = Tensor::<f64, Rank1<1>>::ones();
    /// for _ in 0..2 {
    ///     (p, v) = p.sgd_momentum_update(&g, &v, 0.1, 0.5);
    /// }
    /// assert_eq!(v.to_vec(), vec![1.5]);
    /// assert!((p.to_vec()[0] + 0.25).abs() < 1e-12);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    pub fn sgd_momentum_update<G: Shape, V: Shape>(
        &self,
        grad: &Tensor<T, G>,
        velocity: &Tensor<T, V>,
        lr: f64,
        momentum: f64,
    ) -> (Tensor<T, S>, Tensor<T, V>)
    where
        S: UpdateShape<G> + UpdateShape<V>,
    {
        const OP: &str = "sgd_momentum_update";
        check_typed(OP, self, grad);
        check_typed(OP, self, velocity);
        or_panic(check_finite(OP, "lr", lr));
        or_panic(check_finite(OP, "momentum", momentum));
        let (p, v) = or_panic(sgd_momentum_impl(
            self.inner(),
            grad.inner(),
            velocity.inner(),
            lr,
            momentum,
        ));
        (
            Tensor::from_parts(p, self.shape()),
            Tensor::from_parts(v, velocity.shape()),
        )
    }
}

/// Hyper-parameters of [`SGD`], with PyTorch's defaults (`lr = 1e-3`, everything else off).
///
/// Fields are public; the methods of the same names set one and return the config, so a
/// config reads `SGDConfig::new(0.1).momentum(0.9).nesterov(true)`.
#[derive(Clone, Copy, Debug, PartialEq)]
#[allow(clippy::upper_case_acronyms)] // PyTorch's name
pub struct SGDConfig {
    /// Learning rate (`>= 0`).
    pub lr: f64,
    /// Momentum factor (`>= 0`; 0 turns momentum off).
    pub momentum: f64,
    /// Dampening of the gradient added to the momentum buffer (from the second step on).
    pub dampening: f64,
    /// L2 penalty (`>= 0`): `weight_decay * param` is added to the gradient.
    pub weight_decay: f64,
    /// Nesterov momentum (needs `momentum > 0` and `dampening == 0`).
    pub nesterov: bool,
}

impl Default for SGDConfig {
    fn default() -> Self {
        SGDConfig {
            lr: 1e-3,
            momentum: 0.0,
            dampening: 0.0,
            weight_decay: 0.0,
            nesterov: false,
        }
    }
}

impl SGDConfig {
    /// The defaults with learning rate `lr`.
    pub fn new(lr: f64) -> Self {
        SGDConfig {
            lr,
            ..Self::default()
        }
    }
    /// Sets the momentum factor.
    pub fn momentum(self, momentum: f64) -> Self {
        SGDConfig { momentum, ..self }
    }
    /// Sets the dampening.
    pub fn dampening(self, dampening: f64) -> Self {
        SGDConfig { dampening, ..self }
    }
    /// Sets the L2 weight decay.
    pub fn weight_decay(self, weight_decay: f64) -> Self {
        SGDConfig {
            weight_decay,
            ..self
        }
    }
    /// Turns Nesterov momentum on or off.
    pub fn nesterov(self, nesterov: bool) -> Self {
        SGDConfig { nesterov, ..self }
    }
    /// The optimizer, [`SGD::new`]`(self)`.
    ///
    /// # Errors
    /// As [`SGD::new`].
    pub fn build(self) -> Result<SGD> {
        SGD::new(self)
    }

    fn check(&self) -> Result<()> {
        check_lr("SGD", self.lr)?;
        check_non_negative("SGD", "momentum", self.momentum)?;
        check_non_negative("SGD", "weight_decay", self.weight_decay)?;
        check_finite("SGD", "dampening", self.dampening)?;
        if self.nesterov && (self.momentum <= 0.0 || self.dampening != 0.0) {
            return Err(Error::invalid(
                "SGD",
                "nesterov",
                format!(
                    "Nesterov momentum requires a momentum > 0 and zero dampening, got \
                     momentum {} and dampening {}",
                    self.momentum, self.dampening
                ),
            ));
        }
        Ok(())
    }
}

/// Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and
/// weight decay: `torch.optim.SGD`, with its exact update rule. For each parameter `p`
/// with gradient `g`, at step `t`:
///
/// ```text
/// d = g + weight_decay * p                        (if weight_decay != 0)
/// b = d                                           (t = 1; if momentum != 0)
/// b = momentum * b + (1 - dampening) * d          (t > 1)
/// d = d + momentum * b   if nesterov,  else  d = b
/// p = p - lr * d
/// ```
///
/// The momentum buffer is per parameter and starts at the parameter's first gradient (not
/// dampened).
///
/// ```
/// use rusttorch::{DynTensor, nn::Module, optim::{Optimizer, SGDConfig}};
/// let mut w = DynTensor::from_vec(vec![1.0f64, 2.0], &[2])?.requires_grad_(true)?;
/// let mut opt = SGDConfig::new(0.1).momentum(0.9).build()?;
/// w.mul(&w)?.sum()?.backward()?; // grad 2w
/// opt.step(&mut w)?;
/// assert_eq!(w.to_vec::<f64>()?, vec![0.8, 1.6]);
/// # Ok::<(), rusttorch::Error>(())
/// ```
#[derive(Clone, Debug)]
#[allow(clippy::upper_case_acronyms)] // PyTorch's name
pub struct SGD {
    config: SGDConfig,
    binding: Binding,
    momentum_buffers: Vec<Option<DynTensor>>,
}

impl SGD {
    /// An SGD optimizer with `config`; it binds to a model's parameters at its first step.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming `SGD` for a negative or non-finite `lr`,
    /// `momentum` or `weight_decay`, a non-finite `dampening`, or `nesterov` without a
    /// positive momentum and zero dampening.
    pub fn new(config: SGDConfig) -> Result<SGD> {
        config.check()?;
        Ok(SGD {
            config,
            binding: Binding::default(),
            momentum_buffers: Vec::new(),
        })
    }

    /// The hyper-parameters.
    pub fn config(&self) -> &SGDConfig {
        &self.config
    }

    /// The momentum buffer of the `index`-th parameter (in visiting order), once a step
    /// with momentum has updated it.
    pub fn momentum_buffer(&self, index: usize) -> Option<&DynTensor> {
        self.momentum_buffers.get(index).and_then(Option::as_ref)
    }
}

impl Optimizer for SGD {
    fn step(&mut self, model: &mut dyn Module) -> Result<()> {
        let c = self.config;
        let buffers = &mut self.momentum_buffers;
        self.binding.for_each_grad("SGD", model, |i, p, g| {
            if buffers.len() <= i {
                buffers.resize(i + 1, None);
            }
            let mut d = if c.weight_decay != 0.0 {
                add_scaled(g, p, c.weight_decay)?
            } else {
                g.clone()
            };
            if c.momentum != 0.0 {
                let buf = match &mut buffers[i] {
                    Some(b) => {
                        b.mul_scalar_(c.momentum)?;
                        add_scaled_(b, &d, 1.0 - c.dampening)?;
                        b
                    }
                    slot => slot.insert(d.clone_data()?),
                };
                d = if c.nesterov {
                    add_scaled(&d, buf, c.momentum)?
                } else {
                    buf.clone()
                };
            }
            add_scaled_(p, &d, -c.lr)
        })
    }

    fn lr(&self) -> f64 {
        self.config.lr
    }

    fn set_lr(&mut self, lr: f64) -> Result<()> {
        check_lr("SGD", lr)?;
        self.config.lr = lr;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DType;

    fn t(v: &[f64]) -> DynTensor {
        DynTensor::from_vec(v.to_vec(), &[v.len()]).unwrap()
    }

    #[test]
    fn sgd_steps() {
        let p = sgd_update(&t(&[1.0, 2.0]), &t(&[0.5, -1.0]), 0.1).unwrap();
        assert_eq!(p.to_vec::<f64>().unwrap(), vec![0.95, 2.1]);
        assert!(sgd_update(&t(&[1.0]), &t(&[1.0, 2.0]), 0.1).is_err());
        let i = DynTensor::zeros(&[2], DType::Int64).unwrap();
        assert!(sgd_update(&i, &i, 0.1).is_err());
    }

    #[test]
    fn momentum_accumulates_over_three_steps() {
        // By hand: v1 = g, v2 = 0.9 g + g, v3 = 0.9 v2 + g, with g = 1 each step.
        let (mut p, mut v) = (t(&[0.0]), t(&[0.0]));
        for _ in 0..3 {
            (p, v) = sgd_momentum_update(&p, &t(&[1.0]), &v, 0.1, 0.9).unwrap();
        }
        let v3 = 0.9 * 1.9 + 1.0;
        assert!((v.item::<f64>().unwrap() - v3).abs() < 1e-12);
        assert!((p.item::<f64>().unwrap() + 0.1 * (1.0 + 1.9 + v3)).abs() < 1e-12);
    }

    #[test]
    fn typed_sgd_equals_the_dyn_update() {
        use crate::Tensor;
        use crate::ops::binary::tests::same;
        use crate::shape::{Const, Rank2};
        let p =
            Tensor::<f64, (usize, Const<2>)>::from_vec_with(vec![1.0, 2.0, 3.0, 4.0], (2, Const))
                .unwrap();
        let g = Tensor::<f64, Rank2<2, 2>>::from_vec(vec![0.5, -1.0, 0.0, 2.0]).unwrap();
        let v = Tensor::<f64, (usize, usize)>::from_vec_with(vec![1.0, 0.0, -1.0, 0.5], (2, 2))
            .unwrap();
        let p1: Tensor<f64, (usize, Const<2>)> = p.sgd_update(&g, 0.1);
        same(&p1, sgd_update(&p.to_dyn(), &g.to_dyn(), 0.1));
        assert_eq!(p1.to_vec(), vec![0.95, 2.1, 3.0, 3.8]);
        let (p2, v2) = p.sgd_momentum_update(&g, &v, 0.1, 0.9);
        let (dp, dv) =
            sgd_momentum_update(&p.to_dyn(), &g.to_dyn(), &v.to_dyn(), 0.1, 0.9).unwrap();
        same(&p2, Ok(dp));
        let v2: Tensor<f64, (usize, usize)> = v2;
        same(&v2, Ok(dv));
        assert_eq!(v2.to_vec()[0], 0.9 + 0.5);
    }

    #[test]
    #[should_panic(
        expected = "sgd_momentum_update: shapes [2, 2] and [3, 2] do not match (parameter, gradient and state must have the same shape)"
    )]
    fn typed_sgd_momentum_panics_on_runtime_state_mismatch() {
        use crate::Tensor;
        use crate::shape::Const;
        let p = Tensor::<f32, (usize, Const<2>)>::zeros_with((2, Const)).unwrap();
        let v = Tensor::<f32, (usize, Const<2>)>::zeros_with((3, Const)).unwrap();
        let _ = p.sgd_momentum_update(&p, &v, 0.1, 0.9);
    }

    #[test]
    #[should_panic(expected = "sgd_update: invalid lr")]
    fn typed_sgd_panics_on_a_non_finite_lr() {
        use crate::Tensor;
        use crate::shape::Rank1;
        let p = Tensor::<f32, Rank1<2>>::zeros();
        let _ = p.sgd_update(&p, f64::NAN);
    }
}

#[cfg(test)]
mod optimizer_tests {
    use super::*;
    use crate::optim::optimizer::test_util::{close, max_diff, net, reference, run};

    /// PyTorch's SGD for one scalar element, from its documented algorithm.
    fn sgd_ref(c: SGDConfig) -> Vec<f64> {
        reference::<Option<f64>>(3, |buf, p, g, _| {
            let mut d = g + c.weight_decay * p;
            if c.momentum != 0.0 {
                let b = match *buf {
                    None => d,
                    Some(b) => c.momentum * b + (1.0 - c.dampening) * d,
                };
                *buf = Some(b);
                d = if c.nesterov { d + c.momentum * b } else { b };
            }
            p - c.lr * d
        })
    }

    fn sgd(c: SGDConfig) -> Vec<f64> {
        run(&mut c.build().unwrap(), 3)
    }

    #[test]
    fn three_steps_match_pytorchs_rule_for_every_option() {
        let plain = SGDConfig::new(0.1);
        let configs = [
            plain,
            plain.momentum(0.9),
            plain.momentum(0.9).dampening(0.5),
            plain.momentum(0.9).nesterov(true),
            plain.weight_decay(0.2),
            plain.momentum(0.8).dampening(0.3).weight_decay(0.1),
            plain.momentum(0.9).nesterov(true).weight_decay(0.05),
        ];
        for c in configs {
            close(&sgd(c), &sgd_ref(c), 1e-6);
        }
        // Each option changes the result (so a test above would fail if it were ignored).
        let m = plain.momentum(0.9);
        assert!(max_diff(&sgd_ref(plain), &sgd_ref(m)) > 1e-2);
        assert!(max_diff(&sgd_ref(m), &sgd_ref(m.dampening(0.5))) > 1e-2);
        assert!(max_diff(&sgd_ref(m), &sgd_ref(m.nesterov(true))) > 1e-2);
        assert!(max_diff(&sgd_ref(plain), &sgd_ref(plain.weight_decay(0.2))) > 1e-2);
    }

    /// One scalar parameter with the constant gradients 0.5, -0.25, 1.5 (loss `p * g`).
    fn scalar_run(c: SGDConfig) -> f64 {
        let mut p = DynTensor::from_vec(vec![1.0f64], &[1])
            .unwrap()
            .requires_grad_(true)
            .unwrap();
        let mut opt = c.build().unwrap();
        for g in [0.5, -0.25, 1.5] {
            opt.zero_grad(&p);
            p.mul_scalar(g).unwrap().sum().unwrap().backward().unwrap();
            opt.step(&mut p).unwrap();
        }
        p.item::<f64>().unwrap()
    }

    #[test]
    fn literal_values_computed_by_hand() {
        // d = g + 0.1 p; b1 = d; b = 0.9 b + 0.9 d; p -= 0.1 b:
        // p1 = 0.94, b2 = 0.3996, p2 = 0.90004, b3 = 1.7906436, p3 = 0.72097564.
        let c = SGDConfig::new(0.1)
            .momentum(0.9)
            .dampening(0.1)
            .weight_decay(0.1);
        assert!((scalar_run(c) - 0.72097564).abs() < 1e-12);
        // Nesterov: b = 0.5, 0.2, 1.68; d = 0.95, -0.07, 3.012; p = 0.905, 0.912, 0.6108.
        let n = SGDConfig::new(0.1).momentum(0.9).nesterov(true);
        assert!((scalar_run(n) - 0.6108).abs() < 1e-12);
    }

    #[test]
    fn agrees_with_the_functional_updates_over_several_steps() {
        let p0 = DynTensor::from_vec(vec![1.0f32, -2.0, 0.5, 3.0], &[2, 2]).unwrap();
        let grads: Vec<DynTensor> = (0..5)
            .map(|k| {
                let v = (0..4).map(|j| ((k * 4 + j) as f32 * 0.37).sin()).collect();
                DynTensor::from_vec(v, &[2, 2]).unwrap()
            })
            .collect();
        for momentum in [0.0, 0.9] {
            let mut p = p0.clone_data().unwrap().requires_grad_(true).unwrap();
            let mut opt = SGDConfig::new(0.05).momentum(momentum).build().unwrap();
            let (mut fp, mut fv) = (p0.clone(), p0.zeros_like().unwrap());
            for g in &grads {
                opt.zero_grad(&p);
                p.mul(g).unwrap().sum().unwrap().backward().unwrap();
                opt.step(&mut p).unwrap();
                if momentum == 0.0 {
                    fp = sgd_update(&fp, g, 0.05).unwrap();
                } else {
                    (fp, fv) = sgd_momentum_update(&fp, g, &fv, 0.05, momentum).unwrap();
                }
            }
            let (a, b) = (p.to_vec::<f32>().unwrap(), fp.to_vec::<f32>().unwrap());
            for (x, y) in a.iter().zip(&b) {
                assert!((x - y).abs() < 1e-6, "{a:?} vs {b:?}");
            }
            assert_eq!(opt.momentum_buffer(0).is_some(), momentum != 0.0);
        }
    }

    #[test]
    fn bad_hyper_parameters_are_errors_at_construction() {
        let bad = [
            SGDConfig::new(-0.1),
            SGDConfig::new(f64::NAN),
            SGDConfig::new(0.1).momentum(-0.5),
            SGDConfig::new(0.1).weight_decay(-1.0),
            SGDConfig::new(0.1).nesterov(true),
            SGDConfig::new(0.1)
                .momentum(0.9)
                .dampening(0.1)
                .nesterov(true),
        ];
        for c in bad {
            let e = SGD::new(c).unwrap_err();
            assert!(matches!(e, Error::InvalidArgument { op: "SGD", .. }), "{e}");
        }
        let e = SGD::new(SGDConfig::new(0.1).nesterov(true)).unwrap_err();
        assert!(e.to_string().contains("Nesterov momentum requires"), "{e}");
        let mut ok = SGD::new(SGDConfig::default()).unwrap();
        assert_eq!(ok.lr(), 1e-3);
        assert!(ok.set_lr(-1.0).is_err());
        ok.set_lr(0.5).unwrap();
        assert_eq!(ok.config().lr, 0.5);
    }

    #[test]
    fn a_parameter_without_grad_is_skipped_and_keeps_no_state() {
        let mut n = net();
        let mut opt = SGDConfig::new(0.1).momentum(0.9).build().unwrap();
        n.w.mul_scalar(2.0)
            .unwrap()
            .sum()
            .unwrap()
            .backward()
            .unwrap();
        opt.step(&mut n).unwrap();
        assert_eq!(n.w.to_vec::<f64>().unwrap(), vec![0.8, -2.2, 0.3, 2.8]);
        assert_eq!(
            n.b.to_vec::<f64>().unwrap(),
            vec![0.25, -1.0],
            "no grad: untouched"
        );
        assert!(opt.momentum_buffer(0).is_some() && opt.momentum_buffer(1).is_none());
        assert!(n.w.requires_grad() && n.w.is_leaf() && n.w.grad().is_some());
    }

    #[test]
    fn a_changed_model_is_an_error_naming_the_parameter() {
        let mut n = net();
        let mut opt = SGDConfig::new(0.1).build().unwrap();
        n.w.sum().unwrap().backward().unwrap();
        opt.step(&mut n).unwrap();
        let before = n.w.to_vec::<f64>().unwrap();
        n.b = DynTensor::zeros(&[3], crate::DType::Float64)
            .unwrap()
            .requires_grad_(true)
            .unwrap();
        let e = opt.step(&mut n).unwrap_err();
        let msg = e.to_string();
        assert!(msg.starts_with("SGD:") && msg.contains("`b`"), "{msg}");
        assert!(msg.contains("[2]") && msg.contains("[3]"), "{msg}");
        assert_eq!(n.w.to_vec::<f64>().unwrap(), before, "nothing changed");
        let mut other = vec![n.w.clone()];
        let e = opt.step(&mut other).unwrap_err().to_string();
        assert!(e.contains("`w`") && e.contains("`0`"), "{e}");
        let mut fewer = DynTensor::zeros(&[2, 2], crate::DType::Float64).unwrap();
        let mut opt2 = SGDConfig::new(0.1).build().unwrap();
        opt2.step(&mut n).unwrap();
        let e = opt2.step(&mut fewer).unwrap_err().to_string();
        assert!(e.contains("SGD") && e.contains("`w`"), "{e}");
    }

    /// A typed model: a `Tensor<f32, Rank2<2, 3>>` field, `Module` written by hand.
    struct Typed {
        w: Tensor<f32, crate::shape::Rank2<2, 3>>,
    }

    impl Module for Typed {
        fn visit_params(&self, prefix: &str, f: &mut dyn FnMut(&str, &DynTensor)) {
            self.w.visit_params(&crate::nn::join_name(prefix, "w"), f);
        }
        fn visit_params_mut(&mut self, prefix: &str, f: &mut dyn FnMut(&str, &mut DynTensor)) {
            self.w
                .visit_params_mut(&crate::nn::join_name(prefix, "w"), f);
        }
    }

    #[test]
    fn typed_parameters_are_updated_in_place() {
        let w0 = [1.0f32, -2.0, 0.5, 3.0, 0.25, -1.0];
        let mut m = Typed {
            w: Tensor::from_vec(w0.to_vec()).unwrap().requires_grad_(true),
        };
        let buffer = m.w.inner().buffer().as_ptr();
        let mut opt = SGDConfig::new(0.1).momentum(0.5).build().unwrap();
        for _ in 0..3 {
            opt.zero_grad(&m);
            // loss = Σ w², grad = 2 w
            m.w.mul(&m.w).sum().backward().unwrap();
            opt.step(&mut m).unwrap();
        }
        // Per element: w <- w - 0.1 b, b = 0.5 b + 2 w (b1 = 2 w0).
        let want: Vec<f32> = w0
            .iter()
            .map(|&w| {
                let (mut w, mut b) = (w as f64, None::<f64>);
                for _ in 0..3 {
                    let g = 2.0 * w;
                    let nb = b.map_or(g, |b| 0.5 * b + g);
                    b = Some(nb);
                    w -= 0.1 * nb;
                }
                w as f32
            })
            .collect();
        for (g, w) in m.w.to_vec().iter().zip(&want) {
            assert!((g - w).abs() < 1e-6, "{g} vs {w}");
        }
        assert_eq!(m.w.inner().buffer().as_ptr(), buffer, "updated in place");
        assert!(m.w.requires_grad() && m.w.grad().is_some());
        opt.zero_grad(&m);
        assert!(m.w.grad().is_none());
    }
}
