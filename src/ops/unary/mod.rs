//! Elementwise unary math.
//!
//! Each op is a zero-sized type with its scalar function, in its own file. Float ops
//! ([`FloatUnary`]) promote integer and bool input to `float32`, as PyTorch's `exp` or
//! `sqrt` do; numeric ops ([`NumericUnary`]: `neg`, `abs`, `sign`, `square`) keep integer
//! dtypes. The typed face calls the same `apply` through the same kernel driver.

mod exp;

pub use exp::Exp;

use crate::dtype::Float;
use crate::dyn_tensor::{Data, DynTensor};
use crate::error::{Error, Result};
use crate::kernel::{self, Cost};
use crate::tensor_impl::TensorImpl;

/// An elementwise function of floats.
pub trait FloatUnary: Copy + Send + Sync + 'static {
    /// The op's name, as in PyTorch.
    const NAME: &'static str;
    /// [`Cost::Heavy`] for transcendentals, so they go parallel on smaller inputs.
    const COST: Cost;
    /// The result for one element.
    fn apply<T: Float>(x: T) -> T;
}

/// Runs a float op on a typed tensor: the kernel both faces share.
pub fn apply<Op: FloatUnary, T: Float>(x: &TensorImpl<T>) -> Result<TensorImpl<T>> {
    kernel::map(Op::NAME, x, Op::COST, Op::apply::<T>)
}

/// A float op on a dynamic tensor; integer and bool input is promoted to `float32`.
pub fn float_unary<Op: FloatUnary>(x: &DynTensor) -> Result<DynTensor> {
    let x = x.to_dtype(x.dtype().to_float())?;
    Ok(match x.data() {
        Data::Float32(t) => apply::<Op, f32>(t)?.into(),
        Data::Float64(t) => apply::<Op, f64>(t)?.into(),
        _ => unreachable!("converted to a float dtype above"),
    })
}

/// A float op in place. An integer tensor cannot hold the float result: an error, as in
/// PyTorch.
pub fn float_unary_<Op: FloatUnary>(x: &mut DynTensor) -> Result<()> {
    match x.data_mut() {
        Data::Float32(t) => kernel::update_map(Op::NAME, t, Op::COST, Op::apply::<f32>),
        Data::Float64(t) => kernel::update_map(Op::NAME, t, Op::COST, Op::apply::<f64>),
        _ => Err(Error::dtype(
            Op::NAME,
            "a floating-point (in-place)",
            x.dtype(),
        )),
    }
}
