//! Releasing the GIL around large computations, so other Python threads run meanwhile.
//!
//! Detaching from the interpreter costs a few hundred nanoseconds, which would dominate
//! `a + b` on tiny tensors; so only calls with at least [`DETACH_MIN_WORK`] elements of work
//! release it.

use pyo3::prelude::*;

/// Work (in elements touched, or multiply-adds for matmul) from which a call releases the GIL.
pub const DETACH_MIN_WORK: usize = 16384;

/// Runs `f`, releasing the GIL while it runs when `work >= DETACH_MIN_WORK`. `f` must not
/// touch Python objects (the `Send` bound keeps `Python` and `Bound` out of it).
pub fn maybe_detach<T: Send>(py: Python<'_>, work: usize, f: impl FnOnce() -> T + Send) -> T {
    if work >= DETACH_MIN_WORK {
        py.detach(f)
    } else {
        f()
    }
}
