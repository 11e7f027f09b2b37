//! Shape ops: zero-copy views, and the copying `cat` and `stack` that live with them.
//!
//! A view is a new [`Layout`] over the same buffer: each op checks
//! its arguments, asks `Layout` for the transformed dims, strides and offset, and wraps the
//! result with `TensorImpl::view`, which clones the `Arc` and copies no element. Every file
//! has the typed-level function on [`crate::TensorImpl`] (what the typed face calls) and the
//! `DynTensor` method, which dispatches once with `with_any!`.
//!
//! Invariant: a view never reaches outside its buffer; the checks here keep every index
//! inside the dims before a layout is made. Only `reshape` and `flatten` of incompatible
//! strides, `contiguous` of a strided view, `cat` and `stack` copy.
//!
//! Autograd: each op records its backward on its output (`record_view`), which for a view
//! only attaches a `Var` (the output still shares the input's buffer). The gradient of a
//! view is the inverse view of the output's gradient (`transpose` back, reshape back, ...);
//! views that pick part of the input (`narrow`, `slice`, `select`) write the gradient into
//! zeros of the input's shape (`grad_into_region`); `expand` sums it back.

mod cat;
mod contiguous;
mod expand;
mod flatten;
mod narrow;
mod permute;
mod reshape;
mod select;
mod slice;
mod squeeze;
mod stack;
mod transpose;
mod unsqueeze;

pub use cat::cat;
pub use contiguous::contiguous;
pub use expand::expand;
pub use flatten::flatten;
pub use narrow::narrow;
pub use permute::permute;
pub use reshape::{reshape, view};
pub use select::select;
pub use slice::slice;
pub use squeeze::{squeeze, squeeze_dim};
pub use stack::stack;
pub use transpose::{t, transpose, transpose_dims};
pub use unsqueeze::unsqueeze;

use crate::autograd;
use crate::dtype::{DType, Element};
use crate::dyn_tensor::{DynTensor, with_float};
use crate::error::{Error, Result};
use crate::kernel;
use crate::layout::{Layout, normalize_dim};
use crate::tensor_impl::TensorImpl;

/// Normalizes `dim` as PyTorch does for ops that accept a 0-d tensor (`transpose`,
/// `squeeze`, `flatten`): a scalar behaves like a 1-D tensor, so `0` and `-1` are valid.
fn wrap_dim_scalar(dim: isize, shape: &[usize], op: &'static str) -> Result<usize> {
    normalize_dim(dim, shape.len().max(1), shape, op)
}

/// A shape op over a list of tensors of one element type (`cat`, `stack`).
trait ListOp {
    /// Runs the op on the typed tensors.
    fn run<T: Element>(&self, parts: &[&TensorImpl<T>]) -> Result<TensorImpl<T>>;
}

/// Runs `f` on `tensors` converted to their promoted dtype, as PyTorch's `cat` promotes
/// (`int32` with `float32` gives `float32`).
///
/// # Errors
/// [`Error::InvalidArgument`] for an empty list, and whatever `f` returns.
fn promoted_list_op(tensors: &[DynTensor], op: &'static str, f: &impl ListOp) -> Result<DynTensor> {
    let Some(first) = tensors.first() else {
        return Err(Error::invalid(
            op,
            "tensors",
            "expected a non-empty list of tensors",
        ));
    };
    let dtype = tensors
        .iter()
        .fold(first.dtype(), |d, t| d.promote(t.dtype()));
    let converted = tensors
        .iter()
        .map(|t| t.to_dtype(dtype))
        .collect::<Result<Vec<_>>>()?;
    fn typed<T: Element>(ts: &[DynTensor], f: &impl ListOp) -> Result<DynTensor> {
        let parts: Vec<&TensorImpl<T>> = ts
            .iter()
            .map(|t| {
                t.as_impl::<T>()
                    .expect("every tensor was converted to the common dtype")
            })
            .collect();
        Ok(f.run(&parts)?.into())
    }
    match dtype {
        DType::Bool => typed::<bool>(&converted, f),
        DType::Int32 => typed::<i32>(&converted, f),
        DType::Int64 => typed::<i64>(&converted, f),
        DType::Float32 => typed::<f32>(&converted, f),
        DType::Float64 => typed::<f64>(&converted, f),
    }
}

/// Records `out = op(x)` for a one-input shape op. `back` runs only when recording and
/// builds the gradient rule, which maps the gradient of `out` to the gradient of `x` (so
/// it saves shapes, never tensors).
fn record_view<T: Element, F>(
    out: TensorImpl<T>,
    name: &'static str,
    x: &TensorImpl<T>,
    back: impl FnOnce() -> F,
) -> TensorImpl<T>
where
    F: Fn(&DynTensor) -> Result<DynTensor> + Send + Sync + 'static,
{
    autograd::maybe_record(out, name, [x.autograd()], |_| {
        let f = back();
        move |g: &DynTensor| Ok(vec![Some(f(g)?)])
    })
}

/// The gradient of a view that picks part of its input (`narrow`, `slice`, `select`):
/// zeros of the input's `dims`, with `g` written into the elements that `region` selects
/// from a contiguous tensor of those dims (it is handed `Layout::contiguous(dims)` and
/// applies the op's own layout transform, so `region` has `g`'s dims).
fn grad_into_region(
    op: &'static str,
    g: &DynTensor,
    dims: &[usize],
    region: impl FnOnce(&Layout) -> Layout,
) -> Result<DynTensor> {
    fn run<T: Element>(
        op: &'static str,
        g: &TensorImpl<T>,
        dims: &[usize],
        region: &Layout,
    ) -> Result<DynTensor> {
        let mut out = TensorImpl::full(dims, T::ZERO, op)?;
        kernel::copy_strided(out.make_mut(op)?, region, g);
        Ok(out.into())
    }
    let region = region(&Layout::contiguous(dims));
    with_float!(g, op, t => run(op, t, dims, &region))
}

/// `dims` as the `isize` shape `reshape` takes (sizes of a valid shape fit in `isize`).
fn isize_dims(dims: &[usize]) -> Vec<isize> {
    dims.iter().map(|&d| d as isize).collect()
}

/// Helpers for the gradient tests of the shape ops.
#[cfg(test)]
mod testing {
    use crate::DynTensor;
    use crate::error::Result;

    /// Distinct `f64` values in about `±[0.25, 1.25)`, in a tensor of `dims`; `seed`
    /// shifts them so that two inputs differ.
    pub(super) fn varied(dims: &[usize], seed: usize) -> DynTensor {
        let n: usize = dims.iter().product();
        let v = (0..n)
            .map(|k| {
                let x = ((k + 3 * seed + 1) as f64 * 0.754_877_666).fract();
                if k % 2 == 0 { 0.25 + x } else { -0.25 - x }
            })
            .collect();
        DynTensor::from_vec(v, dims).expect("the values fill the shape")
    }

    /// Gradchecks `f` at [`varied`] inputs of the given shapes, naming them on failure.
    pub(super) fn check_grad(f: impl Fn(&[DynTensor]) -> Result<DynTensor>, dims: &[&[usize]]) {
        let inputs: Vec<DynTensor> = dims.iter().enumerate().map(|(i, d)| varied(d, i)).collect();
        crate::autograd::gradcheck(f, &inputs, 1e-6, 1e-8, 1e-6)
            .unwrap_or_else(|e| panic!("input shapes {dims:?}: {e}"));
    }

    /// A leaf of `dims` that requires grad.
    pub(super) fn leaf(dims: &[usize]) -> DynTensor {
        varied(dims, 0)
            .requires_grad_(true)
            .expect("a float tensor")
    }

    /// The gradient of `x` after `out.backward` with the gradient `1, 2, 3, ...` in
    /// `out`'s shape: each input element shows which output elements it fed.
    pub(super) fn grad_of_ramp(x: &DynTensor, out: &DynTensor) -> Vec<f64> {
        let ramp = (1..=out.numel()).map(|v| v as f64).collect();
        let seed = DynTensor::from_vec(ramp, out.shape()).expect("the ramp fills the shape");
        out.backward_with(Some(&seed), false)
            .expect("backward runs");
        x.grad().expect("a gradient reached x").to_vec_f64()
    }
}
