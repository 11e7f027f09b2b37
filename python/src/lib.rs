//! Python bindings for rusttorch (built with maturin by the Python package work).
//!
//! The crate is a workspace member from the start so the layout is final; the bindings
//! themselves arrive with the Python issue.

pub use rusttorch::DynTensor;
