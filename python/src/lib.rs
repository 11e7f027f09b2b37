//! The native module `rusttorch._rusttorch`: a `Tensor` class over [`rusttorch::DynTensor`]
//! and the functions of the Python package. The pure-Python package `rusttorch` (in
//! `python/rusttorch/`) re-exports everything public from here and adds `nn` and `optim`.
//!
//! Every Rust error becomes a Python exception of the matching class ([`errors`]); no path
//! from Python reaches a Rust panic.

mod convert;
mod creation;
mod dtype;
mod errors;
mod indexing;
mod protocol;
mod tensor;
mod views;

use pyo3::prelude::*;

/// The native module. Each topic file registers its own functions and classes.
#[pymodule]
fn _rusttorch(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    errors::register(m)?;
    dtype::register(m)?;
    tensor::register(m)?;
    creation::register(m)?;
    protocol::register(m)?;
    views::register(m)?;
    Ok(())
}
