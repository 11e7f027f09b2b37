//! The [`Optimizer`] trait and the bookkeeping the stateful optimizers share: which
//! parameters a model has, in which order, and a checked walk over those with a gradient.

use crate::autograd::no_grad;
use crate::dtype::DType;
use crate::dyn_tensor::DynTensor;
use crate::error::{Error, Result};
use crate::nn::Module;

/// A stateful optimizer (`torch.optim.Optimizer`): it updates a model's parameters in
/// place from their gradients, keeping per-parameter state (momentum buffers, moment
/// estimates, step counts) in the order [`Module::visit_params`] visits them.
///
/// The optimizer binds to the model's parameter list on its first [`step`](Self::step);
/// later steps must be given a model with the same parameter names, shapes and dtypes.
pub trait Optimizer {
    /// Performs one optimization step (`optimizer.step()`): every float parameter with a
    /// gradient is updated in place, under [`no_grad`], keeping its buffer and its
    /// autograd leaf state. A parameter without a gradient is skipped and its state left
    /// as it was.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the optimizer and the parameter if the model's
    /// parameters (count, names, shapes or dtypes) differ from those of the first step, or
    /// a gradient's shape or dtype differs from its parameter's. Nothing is changed then.
    fn step(&mut self, model: &mut dyn Module) -> Result<()>;

    /// Clears the gradient of every parameter of `model` (`optimizer.zero_grad()`, with
    /// PyTorch's default `set_to_none=True`).
    fn zero_grad(&self, model: &dyn Module) {
        model.zero_grad();
    }

    /// The learning rate.
    fn lr(&self) -> f64;

    /// Sets the learning rate (for schedules).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a negative or non-finite `lr`.
    fn set_lr(&mut self, lr: f64) -> Result<()>;
}

/// Checks a learning rate as PyTorch does (`lr >= 0`), and that it is finite.
pub(crate) fn check_lr(op: &'static str, lr: f64) -> Result<()> {
    check_non_negative(op, "lr", lr)
}

/// An error unless `v` is finite and `>= 0`.
pub(crate) fn check_non_negative(op: &'static str, arg: &'static str, v: f64) -> Result<()> {
    if v.is_finite() && v >= 0.0 {
        Ok(())
    } else {
        Err(Error::invalid(
            op,
            arg,
            format!("{v} must be finite and non-negative"),
        ))
    }
}

/// An error unless `v` lies in `[0, 1)`.
pub(crate) fn check_unit(op: &'static str, arg: &'static str, v: f64) -> Result<()> {
    if (0.0..1.0).contains(&v) {
        Ok(())
    } else {
        Err(Error::invalid(op, arg, format!("{v} must lie in [0, 1)")))
    }
}

/// The parameter list an optimizer is bound to: names, shapes and dtypes in visiting
/// order, recorded at the first step.
#[derive(Clone, Debug, Default)]
pub(crate) struct Binding {
    params: Option<Vec<(String, Vec<usize>, DType)>>,
}

impl Binding {
    /// Checks `model` against the bound list (binding it on the first call), then calls
    /// `f(index, param, grad)` under [`no_grad`] for every parameter with a gradient, in
    /// visiting order. All checks run before `f` is first called, so an error leaves the
    /// model untouched; an error from `f` stops the walk.
    pub(crate) fn for_each_grad(
        &mut self,
        op: &'static str,
        model: &mut dyn Module,
        mut f: impl FnMut(usize, &mut DynTensor, &DynTensor) -> Result<()>,
    ) -> Result<()> {
        let mut now = Vec::new();
        let mut bad_grad = None;
        model.visit_params("", &mut |name, p| {
            if bad_grad.is_none()
                && let Some(g) = p.grad()
                && (g.shape() != p.shape() || g.dtype() != p.dtype())
            {
                bad_grad = Some(Error::invalid(
                    op,
                    "model",
                    format!(
                        "the gradient of parameter `{name}` has shape {:?} and dtype {}, \
                         the parameter {:?} and {}",
                        g.shape(),
                        g.dtype(),
                        p.shape(),
                        p.dtype()
                    ),
                ));
            }
            now.push((name.to_owned(), p.shape().to_vec(), p.dtype()));
        });
        if let Some(e) = bad_grad {
            return Err(e);
        }
        match &self.params {
            None => self.params = Some(now),
            Some(bound) => check_same_params(op, bound, &now)?,
        }
        let mut index = 0;
        let mut result = Ok(());
        no_grad(|| {
            model.visit_params_mut("", &mut |_, p| {
                let i = index;
                index += 1;
                if result.is_err() {
                    return;
                }
                if let Some(g) = p.grad() {
                    result = f(i, p, &g);
                }
            })
        });
        result
    }
}

/// An error naming `op` and the first parameter that differs between `bound` and `now`.
fn check_same_params(
    op: &'static str,
    bound: &[(String, Vec<usize>, DType)],
    now: &[(String, Vec<usize>, DType)],
) -> Result<()> {
    let changed = |reason: String| {
        Err(Error::invalid(
            op,
            "model",
            format!("the model's parameters changed since the first step: {reason}"),
        ))
    };
    for (i, ((bn, bs, bd), (nn, ns, nd))) in bound.iter().zip(now).enumerate() {
        if bn != nn {
            return changed(format!("parameter {i} was `{bn}`, now `{nn}`"));
        }
        if bs != ns || bd != nd {
            return changed(format!("parameter `{bn}` was {bs:?} {bd}, now {ns:?} {nd}"));
        }
    }
    if bound.len() != now.len() {
        let which = if now.len() > bound.len() {
            format!("new parameter `{}`", now[bound.len()].0)
        } else {
            format!("missing parameter `{}`", bound[now.len()].0)
        };
        return changed(format!(
            "{} parameters, now {} ({which})",
            bound.len(),
            now.len()
        ));
    }
    Ok(())
}

/// `t += alpha * x` in place.
pub(crate) fn add_scaled_(t: &mut DynTensor, x: &DynTensor, alpha: f64) -> Result<()> {
    if alpha == 1.0 {
        t.add_(x)
    } else {
        t.add_(&x.mul_scalar(alpha)?)
    }
}

/// `x + alpha * y`, a new tensor.
pub(crate) fn add_scaled(x: &DynTensor, y: &DynTensor, alpha: f64) -> Result<DynTensor> {
    x.add(&y.mul_scalar(alpha)?)
}

/// A fresh zero tensor of `like`'s shape and dtype (not requiring grad).
pub(crate) fn zeros_like(like: &DynTensor) -> Result<DynTensor> {
    DynTensor::zeros(like.shape(), like.dtype())
}

/// A small fixed problem the optimizer tests share, and a scalar f64 reference driver.
#[cfg(test)]
pub(crate) mod test_util {
    use super::Optimizer;
    use crate::dyn_tensor::DynTensor;
    use crate::nn::{Module, join_name};

    /// A model with a 2x2 weight and a 2-element bias, both f64.
    pub(crate) struct Net {
        pub w: DynTensor,
        pub b: DynTensor,
    }

    impl Module for Net {
        fn visit_params(&self, prefix: &str, f: &mut dyn FnMut(&str, &DynTensor)) {
            self.w.visit_params(&join_name(prefix, "w"), f);
            self.b.visit_params(&join_name(prefix, "b"), f);
        }
        fn visit_params_mut(&mut self, prefix: &str, f: &mut dyn FnMut(&str, &mut DynTensor)) {
            self.w.visit_params_mut(&join_name(prefix, "w"), f);
            self.b.visit_params_mut(&join_name(prefix, "b"), f);
        }
    }

    /// The initial values, `w` (row-major) then `b`.
    pub(crate) const P0: [f64; 6] = [1.0, -2.0, 0.5, 3.0, 0.25, -1.0];

    /// The fixed part of the gradient at each step (`w` then `b`).
    pub(crate) const G: [[f64; 6]; 4] = [
        [0.5, -0.25, 1.5, 0.1, -2.0, 0.75],
        [-1.0, 0.3, 0.2, -0.6, 1.25, 0.05],
        [0.4, 0.9, -1.1, 2.0, 0.3, -0.45],
        [0.05, -0.7, 0.6, -0.2, -0.9, 1.6],
    ];

    pub(crate) fn net() -> Net {
        let t = |v: &[f64], s: &[usize]| {
            DynTensor::from_vec(v.to_vec(), s)
                .unwrap()
                .requires_grad_(true)
                .unwrap()
        };
        Net {
            w: t(&P0[..4], &[2, 2]),
            b: t(&P0[4..], &[2]),
        }
    }

    pub(crate) fn values(net: &Net) -> Vec<f64> {
        let mut v = net.w.to_vec::<f64>().unwrap();
        v.extend(net.b.to_vec::<f64>().unwrap());
        v
    }

    /// Sets the gradients of step `k` by backward of
    /// `loss = Σ p * G[k] + 0.5 Σ p²`, so that `grad = G[k] + p` (autograd computes it).
    pub(crate) fn backward(net: &Net, k: usize) {
        let mut loss = None;
        for (p, g) in [(&net.w, &G[k][..4]), (&net.b, &G[k][4..])] {
            let g = DynTensor::from_vec(g.to_vec(), p.shape()).unwrap();
            let l = p
                .mul(&g)
                .unwrap()
                .sum()
                .unwrap()
                .add(&p.mul(p).unwrap().sum().unwrap().mul_scalar(0.5).unwrap())
                .unwrap();
            loss = Some(match loss {
                None => l,
                Some(acc) => l.add(&acc).unwrap(),
            });
        }
        loss.unwrap().backward().unwrap();
    }

    /// `steps` optimizer steps on [`net`]: zero_grad, backward, step. Returns the values.
    pub(crate) fn run(opt: &mut dyn Optimizer, steps: usize) -> Vec<f64> {
        let mut n = net();
        for k in 0..steps {
            opt.zero_grad(&n);
            backward(&n, k);
            opt.step(&mut n).unwrap();
        }
        values(&n)
    }

    /// The same problem in plain f64: `update(state, p, g, t)` returns the new `p` for one
    /// element at step `t` (1-based), with a fresh `S::default()` state per element.
    pub(crate) fn reference<S: Default>(
        steps: usize,
        mut update: impl FnMut(&mut S, f64, f64, u64) -> f64,
    ) -> Vec<f64> {
        (0..6)
            .map(|j| {
                let (mut s, mut p) = (S::default(), P0[j]);
                for (k, g) in G.iter().enumerate().take(steps) {
                    p = update(&mut s, p, g[j] + p, k as u64 + 1);
                }
                p
            })
            .collect()
    }

    /// Panics unless `got` and `want` agree to `tol` elementwise.
    pub(crate) fn close(got: &[f64], want: &[f64], tol: f64) {
        assert_eq!(got.len(), want.len());
        for (i, (g, w)) in got.iter().zip(want).enumerate() {
            assert!(
                (g - w).abs() <= tol,
                "element {i}: {g} vs {w}\n{got:?}\n{want:?}"
            );
        }
    }

    /// The largest elementwise difference (to show that an option changes the result).
    pub(crate) fn max_diff(a: &[f64], b: &[f64]) -> f64 {
        a.iter()
            .zip(b)
            .map(|(x, y)| (x - y).abs())
            .fold(0.0, f64::max)
    }
}
