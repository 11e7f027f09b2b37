//! The autograd methods of both faces: `requires_grad_`, `grad`, `backward`, `detach`, ...

use std::sync::Arc;

use super::{Var, engine};
use crate::dtype::{Element, Float};
use crate::dyn_tensor::{Data, DynTensor, with_any};
use crate::error::{Error, Result};
use crate::shape::Shape;
use crate::tensor::Tensor;
use crate::tensor_impl::TensorImpl;

/// Runs `f` on the `TensorImpl` inside, mutably.
macro_rules! with_any_mut {
    ($x:expr, $t:ident => $body:expr) => {
        match $x.data_mut() {
            Data::Bool($t) => $body,
            Data::Int32($t) => $body,
            Data::Int64($t) => $body,
            Data::Float32($t) => $body,
            Data::Float64($t) => $body,
        }
    };
}

/// Makes `x` a leaf that requires grad, or drops its autograd state.
fn set_requires_grad<T: Element>(
    x: &mut TensorImpl<T>,
    requires: bool,
    op: &'static str,
) -> Result<()> {
    match (requires, x.autograd()) {
        (true, Some(_)) => {}
        (true, None) if !T::DTYPE.is_float() => {
            return Err(Error::InvalidArgument {
                op,
                arg: "dtype",
                reason: format!(
                    "only floating-point tensors can require grad, got {}",
                    T::DTYPE
                ),
            });
        }
        (true, None) => x.set_var(Some(Var::leaf())),
        (false, Some(v)) if !v.is_leaf() => {
            return Err(Error::Autograd {
                op,
                reason: "only a leaf's requires_grad can be turned off; use detach() for the \
                         output of an op"
                    .into(),
            });
        }
        (false, _) => x.set_var(None),
    }
    Ok(())
}

/// Back-propagates from `var`, the autograd state of a tensor of `dims`.
fn run_backward(
    var: Option<&Arc<Var>>,
    dims: &[usize],
    seed: DynTensor,
    retain_graph: bool,
) -> Result<()> {
    let var = var.ok_or_else(|| Error::Autograd {
        op: "backward",
        reason: "the tensor does not require grad and has no grad_fn (mark an input with \
                 requires_grad_ before computing it)"
            .into(),
    })?;
    if seed.shape() != dims {
        return Err(Error::ShapeMismatch {
            op: "backward",
            lhs: dims.into(),
            rhs: seed.shape().into(),
            rule: "the gradient must have the output's shape".into(),
        });
    }
    engine::backward(var, seed, retain_graph)
}

impl DynTensor {
    /// The autograd state, `Some` if the tensor requires grad.
    pub fn autograd(&self) -> Option<&Arc<Var>> {
        with_any!(self, t => t.autograd())
    }

    /// Marks this tensor as a leaf whose gradient backward computes (`requires = true`), or
    /// drops the mark (`torch.Tensor.requires_grad_`). Returns the tensor, so it chains
    /// after a constructor.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a non-float dtype; [`Error::Autograd`] when turning
    /// it off on the output of an op (use [`DynTensor::detach`]).
    pub fn requires_grad_(mut self, requires: bool) -> Result<DynTensor> {
        with_any_mut!(self, t => set_requires_grad(t, requires, "requires_grad_"))?;
        Ok(self)
    }

    /// `true` if ops on this tensor are recorded for backward.
    pub fn requires_grad(&self) -> bool {
        self.autograd().is_some()
    }

    /// `true` for a tensor the user made (no `grad_fn`), whether or not it requires grad.
    pub fn is_leaf(&self) -> bool {
        self.autograd().is_none_or(|v| v.is_leaf())
    }

    /// The name of the op that made this tensor, if it was recorded (`grad_fn`).
    pub fn grad_fn(&self) -> Option<&'static str> {
        self.autograd().and_then(|v| v.grad_fn())
    }

    /// The gradient accumulated by backward, if any (`torch.Tensor.grad`).
    pub fn grad(&self) -> Option<DynTensor> {
        self.autograd().and_then(|v| v.grad())
    }

    /// Clears the accumulated gradient (`x.grad = None`, what `zero_grad` does by default).
    pub fn zero_grad(&self) {
        if let Some(v) = self.autograd() {
            v.set_grad(None);
        }
    }

    /// Keeps the gradient of this non-leaf after backward (`torch.Tensor.retain_grad`).
    ///
    /// # Errors
    /// [`Error::Autograd`] if the tensor does not require grad.
    pub fn retain_grad(&self) -> Result<()> {
        let v = self.autograd().ok_or_else(|| Error::Autograd {
            op: "retain_grad",
            reason: "the tensor does not require grad".into(),
        })?;
        v.set_retains_grad();
        Ok(())
    }

    /// The same values, sharing the buffer, cut from the graph (`torch.Tensor.detach`).
    pub fn detach(&self) -> DynTensor {
        with_any!(self, t => t.detach().into())
    }

    /// Computes the gradient of this scalar with respect to every leaf it was computed
    /// from, adding it into their [`grad`](DynTensor::grad) (`torch.Tensor.backward`). The
    /// graph is freed afterwards.
    ///
    /// ```
    /// use rusttorch::{DType, DynTensor};
    /// let x = DynTensor::from_vec(vec![1.0f32, 2.0, 3.0], &[3])?.requires_grad_(true)?;
    /// let y = x.mul(&x)?.sum()?; // y = Σ x², dy/dx = 2x
    /// y.backward()?;
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>()?, vec![2.0, 4.0, 6.0]);
    /// # Ok::<(), rusttorch::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Autograd`] if the tensor has more than one element (use
    /// [`DynTensor::backward_with`]), does not require grad, or its graph was freed by an
    /// earlier backward.
    pub fn backward(&self) -> Result<()> {
        if self.numel() != 1 {
            return Err(Error::Autograd {
                op: "backward",
                reason: format!(
                    "grad can be implicitly created only for a scalar output, got shape {:?}; \
                     pass the output's gradient to backward_with",
                    self.shape()
                ),
            });
        }
        self.backward_with(None, false)
    }

    /// [`DynTensor::backward`] with the output's gradient given (`None`: ones, for a
    /// scalar) and the choice to keep the graph for another backward.
    ///
    /// # Errors
    /// As [`DynTensor::backward`]; [`Error::ShapeMismatch`] if `gradient`'s shape differs
    /// from this tensor's.
    pub fn backward_with(&self, gradient: Option<&DynTensor>, retain_graph: bool) -> Result<()> {
        let seed = match gradient {
            Some(g) => g.to_dtype(self.dtype())?,
            None => self.ones_like()?,
        };
        run_backward(self.autograd(), self.shape(), seed, retain_graph)
    }
}

impl<T: Float, S: Shape> Tensor<T, S> {
    /// Marks this tensor as a leaf whose gradient backward computes, or drops the mark
    /// (`torch.Tensor.requires_grad_`).
    ///
    /// # Panics
    /// When turning it off on the output of an op (a logic error; use
    /// [`Tensor::detach`]).
    pub fn requires_grad_(mut self, requires: bool) -> Self {
        let mut inner = self.inner().clone();
        set_requires_grad(&mut inner, requires, "requires_grad_").unwrap_or_else(|e| panic!("{e}"));
        self = Tensor::from_parts(inner, self.shape());
        self
    }

    /// `true` if ops on this tensor are recorded for backward.
    pub fn requires_grad(&self) -> bool {
        self.inner().autograd().is_some()
    }

    /// The gradient accumulated by backward, with this tensor's shape type.
    pub fn grad(&self) -> Option<Tensor<T, S>> {
        let g = self.inner().autograd()?.grad()?;
        let g = g
            .as_impl::<T>()
            .expect("gradients have their tensor's dtype")
            .clone();
        Some(Tensor::from_parts(g, self.shape()))
    }

    /// Clears the accumulated gradient.
    pub fn zero_grad(&self) {
        if let Some(v) = self.inner().autograd() {
            v.set_grad(None);
        }
    }

    /// The same values, sharing the buffer, cut from the graph.
    pub fn detach(&self) -> Self {
        Tensor::from_parts(self.inner().detach(), self.shape())
    }
}

impl<T: Float> Tensor<T, ()> {
    /// Computes the gradient of this scalar with respect to every leaf it was computed
    /// from, adding it into their [`grad`](Tensor::grad); the graph is freed afterwards.
    /// Only a 0-d tensor has this method, so backward on a non-scalar does not compile.
    ///
    /// # Errors
    /// [`Error::Autograd`] if the tensor does not require grad or its graph was freed by
    /// an earlier backward.
    pub fn backward(&self) -> Result<()> {
        self.backward_with(false)
    }

    /// [`Tensor::backward`], keeping the graph for another backward if `retain_graph`.
    ///
    /// # Errors
    /// As [`Tensor::backward`].
    pub fn backward_with(&self, retain_graph: bool) -> Result<()> {
        let seed = TensorImpl::full(&[], T::ONE, "backward")?;
        run_backward(self.inner().autograd(), &[], seed.into(), retain_graph)
    }
}
