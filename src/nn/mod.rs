//! Layers and models: the [`Module`] trait that yields a model's parameters.

mod module;

pub use module::{Module, join_name};
