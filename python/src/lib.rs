//! The native module `rusttorch._rusttorch`: a `Tensor` class over [`rusttorch::DynTensor`]
//! and the functions of the Python package. The pure-Python package `rusttorch` (in
//! `python/rusttorch/`) re-exports everything public from here and adds `nn` and `optim`.
//!
//! Every Rust error becomes a Python exception of the matching class (`errors.rs`); no path
//! from Python reaches a Rust panic.

mod activations;
mod autograd;
mod convert;
mod creation;
mod data;
mod dtype;
mod errors;
mod indexing;
mod losses;
mod nn;
mod numpy_interop;
mod operators;
mod optim;
mod original_api;
mod protocol;
mod reductions;
mod serialize;
mod tensor;
mod threads;
mod views;

use pyo3::prelude::*;

/// The native module. Each topic file registers its own functions and classes.
#[pymodule]
fn _rusttorch(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    errors::register(m)?;
    dtype::register(m)?;
    tensor::register(m)?;
    numpy_interop::register(m)?;
    autograd::register(m)?;
    nn::register(m)?;
    optim::register(m)?;
    serialize::register(m)?;
    operators::register(m)?;
    original_api::register(m)?;
    reductions::register(m)?;
    activations::register(m)?;
    losses::register(m)?;
    data::register(m)?;
    creation::register(m)?;
    protocol::register(m)?;
    views::register(m)?;
    Ok(())
}
