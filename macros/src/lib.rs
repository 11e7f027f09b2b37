//! Procedural macros for rusttorch.
