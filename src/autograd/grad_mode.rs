//! The thread-local switch that turns graph recording off (`torch.no_grad`).

use std::cell::Cell;

thread_local! {
    static GRAD_ENABLED: Cell<bool> = const { Cell::new(true) };
}

/// `true` if ops on this thread record their backward (the default).
pub fn is_grad_enabled() -> bool {
    GRAD_ENABLED.with(Cell::get)
}

/// Turns recording on or off for this thread (`torch.set_grad_enabled`); returns the
/// previous setting.
pub fn set_grad_enabled(enabled: bool) -> bool {
    GRAD_ENABLED.with(|g| g.replace(enabled))
}

/// Turns recording off for this thread until dropped, then restores the previous setting
/// (`with torch.no_grad():`).
///
/// ```
/// use rusttorch::DynTensor;
/// use rusttorch::autograd::{NoGradGuard, is_grad_enabled};
/// let w = DynTensor::ones(&[3], rusttorch::DType::Float32)?.requires_grad_(true)?;
/// {
///     let _guard = NoGradGuard::new();
///     assert!(!is_grad_enabled());
///     assert!(!w.mul_scalar(2.0)?.requires_grad());
/// }
/// assert!(w.mul_scalar(2.0)?.requires_grad());
/// # Ok::<(), rusttorch::Error>(())
/// ```
#[must_use = "recording resumes when the guard is dropped"]
#[derive(Debug)]
pub struct NoGradGuard {
    previous: bool,
    // The guard restores this thread's setting, so it must not move to another thread.
    _not_send: std::marker::PhantomData<*const ()>,
}

impl NoGradGuard {
    /// Turns recording off until the guard is dropped.
    pub fn new() -> Self {
        NoGradGuard {
            previous: set_grad_enabled(false),
            _not_send: std::marker::PhantomData,
        }
    }
}

impl Default for NoGradGuard {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for NoGradGuard {
    fn drop(&mut self) {
        set_grad_enabled(self.previous);
    }
}

/// Runs `f` with recording off, then restores the previous setting (even if `f` panics).
pub fn no_grad<R>(f: impl FnOnce() -> R) -> R {
    let _guard = NoGradGuard::new();
    f()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guards_nest_and_restore() {
        assert!(is_grad_enabled());
        no_grad(|| {
            assert!(!is_grad_enabled());
            let inner = set_grad_enabled(true);
            assert!(!inner);
            no_grad(|| assert!(!is_grad_enabled()));
            assert!(is_grad_enabled(), "the inner scope restored `true`");
            set_grad_enabled(false);
        });
        assert!(is_grad_enabled());
        let r = std::panic::catch_unwind(|| no_grad(|| panic!("inside")));
        assert!(r.is_err());
        assert!(
            is_grad_enabled(),
            "a panic inside no_grad still restores the mode"
        );
    }

    #[test]
    fn the_switch_is_per_thread() {
        let _g = NoGradGuard::new();
        assert!(std::thread::spawn(is_grad_enabled).join().unwrap());
        assert!(!is_grad_enabled());
    }
}
