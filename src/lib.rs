//! rusttorch: a CPU tensor library.
#![allow(missing_docs)]

pub mod dtype;
pub mod error;
pub mod kernel;
pub mod layout;
pub mod storage;
pub mod tensor_impl;

pub use dtype::{DType, Element, Float, Numeric, Scalar};
pub use error::{Error, Result};
