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
