//! Layers and models: the [`Module`] trait that yields a model's parameters, the layers of
//! the dynamic face ([`Linear`], the activations, [`Dropout`], [`Sequential`]) and those of
//! the typed face ([`typed`]), whose sizes live in their types; [`save_safetensors`] and
//! [`load_safetensors`] move parameters to and from the safetensors format.
//!
//! `#[derive(Module)]` (the derive shares the trait's name, as serde's do) implements
//! [`Module`] for a struct of layers.

mod activation;
#[cfg(test)]
mod derive_tests;
mod dropout;
mod linear;
mod module;
mod safetensors;
mod sequential;
pub mod typed;

pub use activation::{
    ELU, GELU, LeakyReLU, LogSoftmax, Mish, ReLU, SELU, SiLU, Sigmoid, Softmax, Softplus, Softsign,
    Tanh,
};
pub use dropout::Dropout;
pub use linear::Linear;
pub use module::{Module, join_name};
pub use rusttorch_macros::Module;
pub use safetensors::{load_safetensors, read_safetensors, save_safetensors};
pub use sequential::{Layer, Sequential};
