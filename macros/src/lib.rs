//! Procedural macros for rusttorch.
//!
//! The `tensor!` literal and the parameter derive arrive with the static-shape and autograd
//! work; the crate exists now so the workspace layout is final.
