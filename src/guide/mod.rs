//! Guides, written as documentation: read them in `cargo doc --open` under `rusttorch::guide`.
//! Every example in them is compiled and run by `cargo test`; the ones that must not
//! compile are marked `compile_fail` (and pinned with their messages in `tests/ui/`).

pub mod shapes;
