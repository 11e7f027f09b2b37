"""Grad-mode switches: ``rt.no_grad()``, ``rt.enable_grad()``, ``rt.set_grad_enabled()``.

Each works as a context manager and as a function decorator, as in PyTorch. The mode is
per thread (the core keeps it thread-local, as PyTorch does), and a context restores the
previous mode on exit, even when the block raises.
"""

import functools

from ._rusttorch import _set_grad_enabled, is_grad_enabled

__all__ = ["no_grad", "enable_grad", "set_grad_enabled", "is_grad_enabled"]


class _GradMode:
    """Base of the grad-mode contexts: sets ``self._mode`` on enter, restores on exit."""

    _mode = True

    def __init__(self):
        self._previous = []

    def __enter__(self):
        self._previous.append(_set_grad_enabled(self._mode))
        return None

    def __exit__(self, exc_type, exc, tb):
        _set_grad_enabled(self._previous.pop())
        return False

    def __call__(self, func):
        """Decorates ``func`` so that it runs in this grad mode."""

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with self.__class__():
                return func(*args, **kwargs)

        return wrapper


class no_grad(_GradMode):
    """Context manager and decorator that turns gradient recording off (``torch.no_grad``).

    Inside it, ops on tensors that require grad give results that do not require grad, so
    nothing is recorded for backward (use it for evaluation and for updating parameters).

    >>> with rt.no_grad():
    ...     y = model(x)
    """

    _mode = False


class enable_grad(_GradMode):
    """Context manager and decorator that turns gradient recording on
    (``torch.enable_grad``), for instance inside a ``no_grad`` block."""

    _mode = True


class set_grad_enabled(_GradMode):
    """Turns gradient recording on or off (``torch.set_grad_enabled(mode)``).

    Called as a function it switches the mode at once; used as a context manager it
    restores the previous mode on exit.
    """

    def __init__(self, mode):
        super().__init__()
        if not isinstance(mode, bool):
            raise TypeError(
                f"set_grad_enabled: expected a bool, got {type(mode).__name__}"
            )
        self._mode = mode
        self._previous.append(_set_grad_enabled(mode))

    def __enter__(self):
        return None

    def __exit__(self, exc_type, exc, tb):
        _set_grad_enabled(self._previous.pop())
        return False

    def __call__(self, func):
        """Decorates ``func`` so that it runs with recording set to this mode."""
        # The constructor already switched the mode; a decorator must not, so undo it.
        mode = self._mode
        if self._previous:
            _set_grad_enabled(self._previous.pop())

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            previous = _set_grad_enabled(mode)
            try:
                return func(*args, **kwargs)
            finally:
                _set_grad_enabled(previous)

        return wrapper
