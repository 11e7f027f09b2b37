//! rusttorch: a CPU tensor library.
#![allow(missing_docs)]

pub mod dtype;
pub mod dyn_tensor;
pub mod error;
pub mod kernel;
pub mod layout;
pub mod ops;
pub mod storage;
pub mod tensor_impl;

pub use dtype::{DType, Element, Float, Numeric, Scalar};
pub use dyn_tensor::DynTensor;
pub use error::{Error, Result};
pub use ops::broadcast::{broadcast_shape, broadcast_tensors, shapes_broadcastable};
pub use ops::creation::{Generator, manual_seed};
pub use ops::view::transpose;
pub use tensor_impl::TensorImpl;
