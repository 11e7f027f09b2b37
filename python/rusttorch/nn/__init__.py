"""Layers and models (``torch.nn``): ``Module``, ``Parameter``, ``Linear``, the activation
layers, ``Dropout``, ``Flatten``, ``Identity``, ``Sequential`` and the loss modules.

``Module`` is pure Python, as in PyTorch; the compute of every layer is a native call into
the Rust core (``rusttorch.nn.Linear`` is the core's ``nn::Linear``: same initialisation
from the global generator that ``rt.manual_seed`` seeds, same forward and gradients).

``Parameter``: ``rt.Tensor`` is a native frozen class, so ``Parameter(t)`` is a factory,
not a subclass: it returns a new leaf ``Tensor`` sharing ``t``'s storage with
``requires_grad=True`` and remembers it as a parameter. A module registers as parameters
the tensors made by ``Parameter`` and any leaf tensor that requires grad; other tensors
assigned to a module are plain attributes (use ``register_buffer`` to save them in the
state dict). ``isinstance(p, Parameter)`` is therefore not available; use
``rt.nn.is_parameter(p)``.
"""

import collections
import weakref

from .. import _rusttorch as _C
from . import functional
from .._rusttorch import Tensor

__all__ = [
    "Module", "Parameter", "is_parameter", "Linear", "ReLU", "LeakyReLU", "Sigmoid", "Tanh",
    "GELU", "ELU", "SELU", "SiLU", "Mish", "Softplus", "Softsign", "Softmax", "LogSoftmax",
    "Dropout", "Flatten", "Identity", "Sequential", "MSELoss", "L1Loss", "SmoothL1Loss",
    "BCELoss", "BCEWithLogitsLoss", "CrossEntropyLoss", "NLLLoss",
]


# Tensors made by `Parameter`, by id (a dict of weak references: `Tensor.__eq__` is
# elementwise, so a WeakSet could not hold them).
_PARAMETERS = weakref.WeakValueDictionary()


def Parameter(data=None, requires_grad=True):
    """A tensor that is a module parameter (``torch.nn.Parameter``).

    Returns a new leaf tensor sharing ``data``'s storage (an empty float32 tensor if
    ``data`` is None) with ``requires_grad`` set; assigning it to a module attribute
    registers it in ``parameters()``.
    """
    if data is None:
        data = _C.tensor([])
    if not isinstance(data, Tensor):
        raise TypeError(f"Parameter: expected a Tensor, got {type(data).__name__}")
    p = _C._parameter(data, requires_grad)
    _PARAMETERS[id(p)] = p
    return p


def is_parameter(value):
    """True if ``value`` is a tensor a module registers as a parameter: one made by
    ``Parameter``, or a leaf tensor that requires grad."""
    if not isinstance(value, Tensor):
        return False
    return _PARAMETERS.get(id(value)) is value or (value.requires_grad and value.is_leaf)


class Module:
    """Base class of layers and models (``torch.nn.Module``).

    Subclasses call ``super().__init__()`` first, assign parameters and sub-modules as
    attributes (registered in assignment order), and define ``forward``; calling the
    module calls ``forward``.
    """

    def __init__(self):
        object.__setattr__(self, "_parameters", collections.OrderedDict())
        object.__setattr__(self, "_buffers", collections.OrderedDict())
        object.__setattr__(self, "_modules", collections.OrderedDict())
        object.__setattr__(self, "training", True)

    def _check_init(self, what):
        if "_parameters" not in self.__dict__:
            raise AttributeError(
                f"cannot assign {what} before Module.__init__() call"
            )

    def __setattr__(self, name, value):
        d = self.__dict__
        params, buffers, modules = (
            d.get("_parameters"), d.get("_buffers"), d.get("_modules")
        )

        def drop(*stores):
            d.pop(name, None)
            for store in stores:
                if store is not None:
                    store.pop(name, None)

        if isinstance(value, Module):
            self._check_init("module")
            drop(params, buffers)
            modules[name] = value
        elif is_parameter(value):
            self._check_init("parameters")
            drop(buffers, modules)
            params[name] = value
        elif params is not None and name in params:
            if value is not None:
                raise TypeError(
                    f"cannot assign '{type(value).__name__}' as parameter '{name}' "
                    "(a Parameter or None expected)"
                )
            params[name] = None
        elif modules is not None and name in modules:
            if value is not None:
                raise TypeError(
                    f"cannot assign '{type(value).__name__}' as child module '{name}' "
                    "(a Module or None expected)"
                )
            modules[name] = None
        elif buffers is not None and name in buffers:
            if value is not None and not isinstance(value, Tensor):
                raise TypeError(
                    f"cannot assign '{type(value).__name__}' as buffer '{name}' "
                    "(a Tensor or None expected)"
                )
            buffers[name] = value
        else:
            object.__setattr__(self, name, value)

    def __getattr__(self, name):
        d = self.__dict__
        for store in ("_parameters", "_buffers", "_modules"):
            if store in d and name in d[store]:
                return d[store][name]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __delattr__(self, name):
        d = self.__dict__
        for store in ("_parameters", "_buffers", "_modules"):
            if store in d and name in d[store]:
                del d[store][name]
                return
        object.__delattr__(self, name)

    def register_parameter(self, name, param):
        """Adds ``param`` (a tensor, or None for an absent one) as parameter ``name``."""
        self._check_init("parameters")
        if param is not None and not isinstance(param, Tensor):
            raise TypeError(
                f"register_parameter: expected a Tensor or None, got {type(param).__name__}"
            )
        self.__dict__.pop(name, None)
        self._parameters[name] = param

    def register_buffer(self, name, tensor):
        """Adds ``tensor`` (or None) as buffer ``name``: saved in the state dict, not a
        parameter."""
        self._check_init("buffers")
        if tensor is not None and not isinstance(tensor, Tensor):
            raise TypeError(
                f"register_buffer: expected a Tensor or None, got {type(tensor).__name__}"
            )
        self.__dict__.pop(name, None)
        self._buffers[name] = tensor

    def add_module(self, name, module):
        """Adds ``module`` (or None) as sub-module ``name``."""
        self._check_init("module")
        if module is not None and not isinstance(module, Module):
            raise TypeError(f"add_module: {type(module).__name__} is not a Module")
        self._modules[name] = module

    def forward(self, *args, **kwargs):
        """The computation; subclasses define it."""
        raise NotImplementedError(
            f'Module [{type(self).__name__}] is missing the required "forward" function'
        )

    def __call__(self, *args, **kwargs):
        return self.forward(*args, **kwargs)

    def named_modules(self, memo=None, prefix=""):
        """Yields ``(name, module)`` for this module and every sub-module, once each."""
        if memo is None:
            memo = set()
        if id(self) in memo:
            return
        memo.add(id(self))
        yield prefix, self
        for name, m in self._modules.items():
            if m is not None:
                yield from m.named_modules(memo, prefix + ("." if prefix else "") + name)

    def modules(self):
        """Yields this module and every sub-module."""
        for _, m in self.named_modules():
            yield m

    def named_children(self):
        """Yields ``(name, module)`` for the direct sub-modules."""
        seen = set()
        for name, m in self._modules.items():
            if m is not None and id(m) not in seen:
                seen.add(id(m))
                yield name, m

    def children(self):
        """Yields the direct sub-modules."""
        for _, m in self.named_children():
            yield m

    def named_parameters(self, prefix="", recurse=True):
        """Yields ``(name, parameter)`` in registration order, names joined with dots
        (``"0.weight"``); a parameter shared by two modules is yielded once."""
        seen = set()
        mods = self.named_modules(prefix=prefix) if recurse else [(prefix, self)]
        for mod_prefix, m in mods:
            for name, p in m._parameters.items():
                if p is None or id(p) in seen:
                    continue
                seen.add(id(p))
                yield (mod_prefix + "." if mod_prefix else "") + name, p

    def parameters(self, recurse=True):
        """Yields the parameters (for an optimizer: ``SGD(model.parameters(), lr)``)."""
        for _, p in self.named_parameters(recurse=recurse):
            yield p

    def named_buffers(self, prefix="", recurse=True):
        """Yields ``(name, buffer)``."""
        mods = self.named_modules(prefix=prefix) if recurse else [(prefix, self)]
        for mod_prefix, m in mods:
            for name, b in m._buffers.items():
                if b is not None:
                    yield (mod_prefix + "." if mod_prefix else "") + name, b

    def buffers(self, recurse=True):
        """Yields the buffers."""
        for _, b in self.named_buffers(recurse=recurse):
            yield b

    def train(self, mode=True):
        """Sets training mode (dropout active) on this module and its sub-modules;
        returns self."""
        if not isinstance(mode, bool):
            raise ValueError("training mode is expected to be boolean")
        for m in self.modules():
            object.__setattr__(m, "training", mode)
        return self

    def eval(self):
        """Sets evaluation mode (``train(False)``); returns self."""
        return self.train(False)

    def requires_grad_(self, requires_grad=True):
        """Sets ``requires_grad`` on every parameter; returns self."""
        for p in self.parameters():
            p.requires_grad_(requires_grad)
        return self

    def zero_grad(self, set_to_none=True):
        """Clears the gradients of every parameter (or zeroes them if not
        ``set_to_none``)."""
        _C._zero_grad(list(self.parameters()), set_to_none)

    def state_dict(self, destination=None, prefix="", keep_vars=False):
        """An ordered dict of every parameter and buffer by dotted name (detached tensors
        sharing storage with the module's, unless ``keep_vars``)."""
        out = collections.OrderedDict() if destination is None else destination
        for mod_prefix, m in self.named_modules(prefix=prefix.rstrip(".")):
            base = mod_prefix + "." if mod_prefix else ""
            for store in (m._parameters, m._buffers):
                for name, t in store.items():
                    if t is not None:
                        out[base + name] = t if keep_vars else t.detach()
        return out

    def load_state_dict(self, state_dict, strict=True):
        """Copies the tensors of ``state_dict`` into the parameters and buffers of the
        same names, keeping each one's identity, ``requires_grad`` and dtype.

        With ``strict`` (the default), missing or unexpected keys are a RuntimeError naming
        them; a shape mismatch is always an error (``rt.ShapeError``). Returns
        ``(missing_keys, unexpected_keys)``.
        """
        own = self.state_dict(keep_vars=True)
        missing = [k for k in own if k not in state_dict]
        unexpected = [k for k in state_dict if k not in own]
        if strict and (missing or unexpected):
            parts = []
            if missing:
                parts.append("Missing key(s) in state_dict: " + ", ".join(map(repr, missing)))
            if unexpected:
                parts.append(
                    "Unexpected key(s) in state_dict: " + ", ".join(map(repr, unexpected))
                )
            raise RuntimeError(
                f"Error(s) in loading state_dict for {type(self).__name__}: "
                + "; ".join(parts)
            )
        for k, dst in own.items():
            if k in state_dict:
                src = state_dict[k]
                if not isinstance(src, Tensor):
                    raise TypeError(
                        f"load_state_dict: the value of {k!r} is a {type(src).__name__}, "
                        "not a Tensor"
                    )
                _C._assign(dst, src)
        return _IncompatibleKeys(missing, unexpected)

    def extra_repr(self):
        """The layer's own settings, shown inside its ``repr``."""
        return ""

    def __repr__(self):
        lines = []
        extra = self.extra_repr()
        if extra:
            lines.extend(extra.split("\n"))
        for name, m in self._modules.items():
            child = repr(m).replace("\n", "\n  ")
            lines.append(f"({name}): {child}")
        name = type(self).__name__
        if not lines:
            return f"{name}()"
        if len(lines) == 1 and not self._modules:
            return f"{name}({lines[0]})"
        return name + "(\n  " + "\n  ".join(lines) + "\n)"

    def __dir__(self):
        return sorted(
            set(super().__dir__()) | set(self._parameters) | set(self._buffers)
            | set(self._modules)
        )


_IncompatibleKeys = collections.namedtuple("IncompatibleKeys", ["missing_keys", "unexpected_keys"])


def _int_arg(layer, name, value):
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{layer}: {name} must be an int, got {type(value).__name__}")
    if value < 0:
        raise ValueError(f"{layer}: {name} must be non-negative, got {value}")
    return value


class Linear(Module):
    """Applies ``y = x @ weight.T + bias`` (``torch.nn.Linear``).

    ``weight`` is ``(out_features, in_features)`` and ``bias`` ``(out_features,)``, both
    drawn from ``U(-1/sqrt(in_features), 1/sqrt(in_features))`` (weight first) with the
    global generator, exactly as the Rust ``nn::Linear`` draws them; ``dtype`` is
    float32 (default) or float64.
    """

    def __init__(self, in_features, out_features, bias=True, dtype=None):
        super().__init__()
        self.in_features = _int_arg("Linear", "in_features", in_features)
        self.out_features = _int_arg("Linear", "out_features", out_features)
        w, b = _C._linear_init(in_features, out_features, bool(bias), dtype)
        self.weight = Parameter(w)
        if b is not None:
            self.bias = Parameter(b)
        else:
            self.register_parameter("bias", None)

    def forward(self, input):
        return _C._linear(input, self.weight, self.bias)

    def extra_repr(self):
        return (
            f"in_features={self.in_features}, out_features={self.out_features}, "
            f"bias={self.bias is not None}"
        )


class _Activation(Module):
    """An activation layer calling ``functional.<_name>`` with ``_kwargs()``."""

    _name = ""

    def _kwargs(self):
        return {}

    def forward(self, input):
        return getattr(functional, self._name)(input, **self._kwargs())


def _activation_layer(cls_name, op, doc):
    cls = type(cls_name, (_Activation,), {"_name": op, "__doc__": doc})
    return cls


ReLU = _activation_layer("ReLU", "relu", "Applies ``max(x, 0)`` elementwise (``torch.nn.ReLU``).")
Sigmoid = _activation_layer(
    "Sigmoid", "sigmoid", "Applies ``1 / (1 + exp(-x))`` elementwise (``torch.nn.Sigmoid``)."
)
Tanh = _activation_layer("Tanh", "tanh", "Applies ``tanh(x)`` elementwise (``torch.nn.Tanh``).")
SELU = _activation_layer(
    "SELU", "selu", "Applies the scaled ELU with PyTorch's constants (``torch.nn.SELU``)."
)
SiLU = _activation_layer(
    "SiLU", "silu", "Applies ``x * sigmoid(x)`` (swish) elementwise (``torch.nn.SiLU``)."
)
Mish = _activation_layer(
    "Mish", "mish", "Applies ``x * tanh(softplus(x))`` elementwise (``torch.nn.Mish``)."
)
Softsign = _activation_layer(
    "Softsign", "softsign", "Applies ``x / (1 + |x|)`` elementwise (``torch.nn.Softsign``)."
)


class LeakyReLU(_Activation):
    """Applies ``max(0, x) + negative_slope * min(0, x)`` (``torch.nn.LeakyReLU``)."""

    _name = "leaky_relu"

    def __init__(self, negative_slope=0.01):
        super().__init__()
        self.negative_slope = float(negative_slope)

    def _kwargs(self):
        return {"negative_slope": self.negative_slope}

    def extra_repr(self):
        return f"negative_slope={self.negative_slope}"


class ELU(_Activation):
    """Applies ``x`` for ``x > 0`` else ``alpha * (exp(x) - 1)`` (``torch.nn.ELU``)."""

    _name = "elu"

    def __init__(self, alpha=1.0):
        super().__init__()
        self.alpha = float(alpha)

    def _kwargs(self):
        return {"alpha": self.alpha}

    def extra_repr(self):
        return f"alpha={self.alpha}"


class GELU(_Activation):
    """Applies ``x * Phi(x)``, exact (``approximate='none'``) or with the tanh formula
    (``torch.nn.GELU``)."""

    _name = "gelu"

    def __init__(self, approximate="none"):
        super().__init__()
        if approximate not in ("none", "tanh"):
            raise ValueError(f"GELU: approximate must be 'none' or 'tanh', got {approximate!r}")
        self.approximate = approximate

    def _kwargs(self):
        return {"approximate": self.approximate}

    def extra_repr(self):
        return f"approximate={self.approximate!r}"


class Softplus(_Activation):
    """Applies ``log(1 + exp(beta * x)) / beta``, linear above ``threshold``
    (``torch.nn.Softplus``)."""

    _name = "softplus"

    def __init__(self, beta=1.0, threshold=20.0):
        super().__init__()
        self.beta = float(beta)
        self.threshold = float(threshold)

    def _kwargs(self):
        return {"beta": self.beta, "threshold": self.threshold}

    def extra_repr(self):
        return f"beta={self.beta}, threshold={self.threshold}"


class Softmax(_Activation):
    """Applies softmax along ``dim`` (``torch.nn.Softmax``); ``dim`` is required."""

    _name = "softmax"

    def __init__(self, dim=None):
        super().__init__()
        self.dim = dim

    def _kwargs(self):
        if self.dim is None:
            raise ValueError(f"{type(self).__name__}: dim must be given")
        return {"dim": self.dim}

    def extra_repr(self):
        return f"dim={self.dim}"


class LogSoftmax(Softmax):
    """Applies ``log(softmax(x))`` along ``dim``, computed stably
    (``torch.nn.LogSoftmax``)."""

    _name = "log_softmax"


class Dropout(Module):
    """Zeroes each element with probability ``p`` in training mode and scales the others
    by ``1 / (1 - p)``; the identity in evaluation mode (``torch.nn.Dropout``). The masks
    are drawn from the global generator, so ``rt.manual_seed`` repeats them."""

    def __init__(self, p=0.5, inplace=False):
        super().__init__()
        if not 0.0 <= p < 1.0:
            raise ValueError(f"dropout probability has to be in [0, 1), but got {p}")
        self.p = float(p)
        self.inplace = inplace

    def forward(self, input):
        return _C._dropout(input, self.p, self.training)

    def extra_repr(self):
        return f"p={self.p}, inplace={self.inplace}"


class Identity(Module):
    """Returns its input (``torch.nn.Identity``); constructor arguments are ignored."""

    def __init__(self, *args, **kwargs):
        super().__init__()

    def forward(self, input):
        return input


class Flatten(Module):
    """Flattens dims ``start_dim`` to ``end_dim`` into one (``torch.nn.Flatten``; by
    default every dim but the batch dim)."""

    def __init__(self, start_dim=1, end_dim=-1):
        super().__init__()
        self.start_dim = start_dim
        self.end_dim = end_dim

    def forward(self, input):
        shape = input.shape
        nd = len(shape)
        start = self.start_dim + nd if self.start_dim < 0 else self.start_dim
        end = self.end_dim + nd if self.end_dim < 0 else self.end_dim
        if nd == 0:
            start, end = 0, 0
            shape = (1,)
        if not (0 <= start < max(nd, 1) and 0 <= end < max(nd, 1)):
            raise IndexError(
                f"Flatten: dims {self.start_dim}..{self.end_dim} are out of range for a "
                f"tensor of shape {tuple(input.shape)}"
            )
        if start > end:
            raise ValueError("Flatten: start_dim cannot come after end_dim")
        n = 1
        for s in shape[start:end + 1]:
            n *= s
        return input.reshape(tuple(shape[:start]) + (n,) + tuple(shape[end + 1:]))

    def extra_repr(self):
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"


class Sequential(Module):
    """Runs its modules in order, each on the previous one's output
    (``torch.nn.Sequential``). Supports ``len``, iteration, indexing (a slice gives a new
    ``Sequential``) and ``append``."""

    def __init__(self, *args):
        super().__init__()
        if len(args) == 1 and isinstance(args[0], collections.OrderedDict):
            for name, m in args[0].items():
                self.add_module(name, m)
        else:
            for i, m in enumerate(args):
                if not isinstance(m, Module):
                    raise TypeError(f"Sequential: {type(m).__name__} is not a Module")
                self.add_module(str(i), m)

    def forward(self, input):
        for m in self._modules.values():
            input = m(input)
        return input

    def __len__(self):
        return len(self._modules)

    def __iter__(self):
        return iter(self._modules.values())

    def __getitem__(self, idx):
        mods = list(self._modules.items())
        if isinstance(idx, slice):
            return Sequential(collections.OrderedDict(mods[idx]))
        if isinstance(idx, bool) or not isinstance(idx, int):
            raise TypeError(f"Sequential indices must be integers, not {type(idx).__name__}")
        n = len(mods)
        if not -n <= idx < n:
            raise IndexError(f"index {idx} is out of range for a Sequential of length {n}")
        return mods[idx][1]

    def append(self, module):
        """Adds ``module`` at the end; returns self."""
        self.add_module(str(len(self)), module)
        return self


_REDUCTIONS = ("mean", "sum", "none")


class _Loss(Module):
    """A loss module calling ``functional.<_name>``."""

    _name = ""

    def __init__(self, reduction="mean"):
        super().__init__()
        if reduction not in _REDUCTIONS:
            raise ValueError(f"{reduction!r} is not a valid value for reduction")
        self.reduction = reduction

    def forward(self, input, target):
        return getattr(functional, self._name)(input, target, reduction=self.reduction)

    def extra_repr(self):
        return "" if self.reduction == "mean" else f"reduction={self.reduction!r}"


def _loss_module(cls_name, op, doc):
    return type(cls_name, (_Loss,), {"_name": op, "__doc__": doc})


MSELoss = _loss_module(
    "MSELoss", "mse_loss", "Mean squared error ``(input - target)^2``, reduced (``torch.nn.MSELoss``)."
)
L1Loss = _loss_module(
    "L1Loss", "l1_loss", "Mean absolute error ``|input - target|``, reduced (``torch.nn.L1Loss``)."
)
BCELoss = _loss_module(
    "BCELoss",
    "binary_cross_entropy",
    "Binary cross entropy of probabilities, logs clamped at -100 (``torch.nn.BCELoss``).",
)
BCEWithLogitsLoss = _loss_module(
    "BCEWithLogitsLoss",
    "binary_cross_entropy_with_logits",
    "Binary cross entropy of ``sigmoid(input)``, computed stably "
    "(``torch.nn.BCEWithLogitsLoss``).",
)
CrossEntropyLoss = _loss_module(
    "CrossEntropyLoss",
    "cross_entropy",
    "Cross entropy of logits ``(N, C)`` against int64 class indices ``(N,)`` or class "
    "probabilities ``(N, C)`` (``torch.nn.CrossEntropyLoss``; no ``weight``, "
    "``ignore_index`` or ``label_smoothing``).",
)
NLLLoss = _loss_module(
    "NLLLoss",
    "nll_loss",
    "Negative log likelihood of log-probabilities ``(N, C)`` against class indices "
    "(``torch.nn.NLLLoss``).",
)


class SmoothL1Loss(_Loss):
    """Squared error below ``beta``, absolute error above (``torch.nn.SmoothL1Loss``)."""

    _name = "smooth_l1_loss"

    def __init__(self, reduction="mean", beta=1.0):
        super().__init__(reduction)
        self.beta = float(beta)

    def forward(self, input, target):
        return functional.smooth_l1_loss(input, target, reduction=self.reduction, beta=self.beta)

