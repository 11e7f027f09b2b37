//! rusttorch: a CPU tensor library with a PyTorch-shaped API.
//!
//! [`DynTensor`] is the dynamically shaped, dtype-erased tensor: every op returns a
//! [`Result`] whose error names the op and the shapes involved. It wraps a
//! [`TensorImpl<T>`] (a shared buffer plus a strided [`layout::Layout`]); views share the
//! buffer, and every op runs on the generic kernels in [`kernel`], which broadcast,
//! vectorize (AVX2/AVX-512 with runtime dispatch) and use both cores on large inputs.
//!
//! # Examples
//! ```
//! use rusttorch::{DType, DynTensor, loss::{Reduction, mse_loss}};
//!
//! let x = DynTensor::arange(0.0, 6.0, 1.0, DType::Float32)?.reshape(&[2, 3])?;
//! let y = x.mul_scalar(2.0)?.add(&DynTensor::from_vec(vec![1.0f32, 0.0, -1.0], &[3])?)?;
//! assert_eq!(y.to_vec::<f32>()?, vec![1.0, 2.0, 3.0, 7.0, 8.0, 9.0]);
//! assert_eq!(x.sum_dim(0, false)?.to_vec::<f32>()?, vec![3.0, 5.0, 7.0]);
//! assert_eq!(mse_loss(&x, &x, Reduction::Mean)?.item::<f32>()?, 0.0);
//! let err = x.matmul(&x).unwrap_err();
//! assert_eq!(err.to_string(), "matmul: shapes [2, 3] and [2, 3] do not match (inner dims 3 and 2 differ)");
//! # Ok::<(), rusttorch::Error>(())
//! ```
#![warn(missing_docs)]

// `#[derive(Module)]` expands to `::rusttorch::nn::...` paths, also inside this crate.
extern crate self as rusttorch;

pub mod autograd;
pub mod data;
pub mod dtype;
pub mod dyn_tensor;
pub mod error;
pub mod guide;
pub mod kernel;
pub mod layout;
pub mod loss;
pub mod nn;
pub mod ops;
pub mod optim;
pub mod shape;
pub mod storage;
pub mod tensor;
pub mod tensor_impl;

pub use autograd::{NoGradGuard, no_grad};
pub use data::{
    DataLoader, Standardizer, TypedLoader, create_batches, load_csv, normalize, normalize_columns,
    shuffle_indices, train_val_test_split, train_val_test_split_xy,
};
pub use dtype::{DType, Element, Float, Numeric, Scalar};
pub use dyn_tensor::DynTensor;
pub use error::{Error, Result};
pub use ops::activation::Gelu;
pub use ops::broadcast::{broadcast_shape, broadcast_tensors, shapes_broadcastable};
pub use ops::creation::{Generator, manual_seed};
pub use ops::view::transpose;
pub use rusttorch_macros::tensor;
pub use shape::{Axis, Const, Dim, One, Rank0, Rank1, Rank2, Rank3, Rank4, Rank5, Rank6, Shape};
pub use storage::empty_cache;
pub use tensor::Tensor;
pub use tensor_impl::TensorImpl;

/// The README's Rust examples, compiled and run as doctests so they cannot go stale.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
