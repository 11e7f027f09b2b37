//! The ops. A primitive op lives in one file: its scalar function, its `DynTensor` method,
//! its docs and its tests. Families share a driver module (`binary/mod.rs`, ...), which
//! holds the one dtype dispatch and hands the scalar function to [`crate::kernel`].

pub mod activation;
pub mod binary;
pub mod broadcast;
pub mod creation;
pub mod index_select;
pub mod matmul;
pub mod nonzero;
pub mod put;
pub mod reduce;
pub mod seed;
pub mod unary;
pub mod view;
