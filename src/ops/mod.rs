//! The ops. A primitive op lives in one file: its scalar function, its `DynTensor` method,
//! its docs and its tests. Families share a driver module (`binary/mod.rs`, ...), which
//! holds the one dtype dispatch and hands the scalar function to [`crate::kernel`].

pub mod binary;
pub mod creation;
pub mod reduce;
pub mod unary;
pub mod seed;
