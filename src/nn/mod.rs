//! Layers and models: the [`Module`] trait that yields a model's parameters.

mod module;
mod safetensors;

pub use module::{Module, join_name};
pub use safetensors::{load_safetensors, save_safetensors};
