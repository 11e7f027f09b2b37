"""Optimizers (``torch.optim``): ``SGD``, ``Adam``, ``AdamW`` and ``RMSprop``.

Each parameter group is stepped by the Rust core's stateful optimizer of the same name
(``rusttorch::optim``), so the update rules and their operation order are the Rust ones,
which follow PyTorch's published formulas. ``param_groups`` is a list of dicts as in
PyTorch; ``step()`` reads each group's ``'lr'``, so learning-rate schedules work by
assigning ``group['lr']``. The other hyper-parameters are fixed when a group is added.
Per-parameter state (momentum buffers, moment estimates, step counts) lives in the core
optimizer, keyed by the parameter's position in its group.
"""

from .. import _rusttorch as _C
from .._rusttorch import Tensor

__all__ = ["Optimizer", "SGD", "Adam", "AdamW", "RMSprop"]


class Optimizer:
    """Base class of the optimizers (``torch.optim.Optimizer``)."""

    _kind = ""

    def __init__(self, params, defaults):
        self.defaults = dict(defaults)
        self.param_groups = []
        self._natives = []
        params = list(params)
        if not params:
            raise ValueError("optimizer got an empty parameter list")
        if isinstance(params[0], dict):
            for group in params:
                self.add_param_group(group)
        else:
            self.add_param_group({"params": params})

    def add_param_group(self, param_group):
        """Adds a group of parameters with its own hyper-parameters (the defaults fill in
        the ones it does not give)."""
        if not isinstance(param_group, dict):
            raise TypeError(f"param group must be a dict, got {type(param_group).__name__}")
        params = param_group["params"]
        params = [params] if isinstance(params, Tensor) else list(params)
        for p in params:
            if not isinstance(p, Tensor):
                raise TypeError(
                    f"optimizer can only optimize Tensors, but one of the params is "
                    f"{type(p).__name__}"
                )
            if not p.is_leaf:
                raise ValueError("can't optimize a non-leaf Tensor")
        ids = {id(p) for g in self.param_groups for p in g["params"]}
        if any(id(p) in ids for p in params):
            raise ValueError("some parameters appear in more than one parameter group")
        group = dict(self.defaults)
        group.update(param_group)
        group["params"] = params
        native = _C._Optimizer(self._kind, **self._native_args(group))
        self.param_groups.append(group)
        self._natives.append(native)

    def _native_args(self, group):
        raise NotImplementedError

    def zero_grad(self, set_to_none=True):
        """Clears the gradients of every parameter (``set_to_none=True``, the default) or
        sets them to zeros."""
        for group in self.param_groups:
            _C._zero_grad(group["params"], set_to_none)

    def step(self, closure=None):
        """Performs one optimization step on every parameter that has a gradient; with a
        ``closure`` (re-evaluating the model and returning the loss) it is called first,
        with grad enabled, and its loss returned."""
        loss = None
        if closure is not None:
            from .._autograd import enable_grad

            with enable_grad():
                loss = closure()
        for group, native in zip(self.param_groups, self._natives):
            native.step(group["params"], float(group["lr"]))
        return loss

    def __repr__(self):
        lines = [f"{type(self).__name__} ("]
        for i, group in enumerate(self.param_groups):
            lines.append(f"Parameter Group {i}")
            for key in sorted(k for k in group if k != "params"):
                lines.append(f"    {key}: {group[key]}")
        lines.append(")")
        return "\n".join(lines)


class SGD(Optimizer):
    """Stochastic gradient descent, with optional momentum, dampening, weight decay and
    Nesterov momentum (``torch.optim.SGD``)."""

    _kind = "sgd"

    def __init__(self, params, lr=1e-3, momentum=0, dampening=0, weight_decay=0,
                 nesterov=False):
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening,
                                      weight_decay=weight_decay, nesterov=nesterov))

    def _native_args(self, g):
        return dict(lr=float(g["lr"]), momentum=float(g["momentum"]),
                    dampening=float(g["dampening"]), weight_decay=float(g["weight_decay"]),
                    nesterov=bool(g["nesterov"]))


class Adam(Optimizer):
    """Adam, with PyTorch's bias correction, L2 weight decay added to the gradient and
    optional AMSGrad (``torch.optim.Adam``)."""

    _kind = "adam"

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
                 amsgrad=False):
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps,
                                      weight_decay=weight_decay, amsgrad=amsgrad))

    def _native_args(self, g):
        b1, b2 = g["betas"]
        return dict(lr=float(g["lr"]), betas=(float(b1), float(b2)), eps=float(g["eps"]),
                    weight_decay=float(g["weight_decay"]), amsgrad=bool(g["amsgrad"]))


class AdamW(Adam):
    """Adam with decoupled weight decay: each step first scales the parameter by
    ``1 - lr * weight_decay`` (``torch.optim.AdamW``)."""

    _kind = "adamw"

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2,
                 amsgrad=False):
        super().__init__(params, lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                         amsgrad=amsgrad)


class RMSprop(Optimizer):
    """RMSprop, with optional momentum, centering and weight decay
    (``torch.optim.RMSprop``)."""

    _kind = "rmsprop"

    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0,
                 centered=False):
        super().__init__(params, dict(lr=lr, alpha=alpha, eps=eps, weight_decay=weight_decay,
                                      momentum=momentum, centered=centered))

    def _native_args(self, g):
        return dict(lr=float(g["lr"]), alpha=float(g["alpha"]), eps=float(g["eps"]),
                    weight_decay=float(g["weight_decay"]), momentum=float(g["momentum"]),
                    centered=bool(g["centered"]))
