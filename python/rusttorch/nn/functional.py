"""Functions of ``torch.nn.functional``: activations and losses over rusttorch tensors.

The activations take PyTorch's ``inplace=`` flag where PyTorch has one; the losses take
``reduction='mean'|'sum'|'none'`` (keyword-only: PyTorch's deprecated ``size_average`` and
``reduce`` arguments, and ``weight``, ``pos_weight``, ``ignore_index`` and
``label_smoothing``, are not supported and raise ``TypeError`` as unknown keywords).
"""

from .. import _rusttorch as _rt

__all__ = [
    "relu",
    "relu_",
    "leaky_relu",
    "leaky_relu_",
    "sigmoid",
    "tanh",
    "gelu",
    "elu",
    "elu_",
    "selu",
    "silu",
    "mish",
    "softplus",
    "softsign",
    "hardtanh",
    "hardtanh_",
    "softmax",
    "log_softmax",
    "mse_loss",
    "l1_loss",
    "smooth_l1_loss",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "cross_entropy",
    "nll_loss",
]

relu_ = _rt.relu_
sigmoid = _rt.sigmoid
tanh = _rt.tanh
gelu = _rt.gelu
softplus = _rt.softplus
softsign = _rt.softsign


def relu(input, inplace=False):
    """Applies the rectified linear unit ``max(x, 0)`` elementwise (in place if ``inplace``)."""
    return input.relu_() if inplace else _rt.relu(input)


def leaky_relu(input, negative_slope=0.01, inplace=False):
    """Applies ``x if x > 0 else negative_slope * x`` elementwise (in place if ``inplace``)."""
    if inplace:
        return input.leaky_relu_(negative_slope)
    return _rt.leaky_relu(input, negative_slope)


def leaky_relu_(input, negative_slope=0.01):
    """In-place ``leaky_relu``; returns ``input``."""
    return input.leaky_relu_(negative_slope)


def elu(input, alpha=1.0, inplace=False):
    """Applies the ELU ``x if x > 0 else alpha * (exp(x) - 1)`` (in place if ``inplace``)."""
    return input.elu_(alpha) if inplace else _rt.elu(input, alpha)


def elu_(input, alpha=1.0):
    """In-place ``elu``; returns ``input``."""
    return input.elu_(alpha)


def selu(input, inplace=False):
    """Applies the SELU with PyTorch's constants (in place if ``inplace``)."""
    return input.selu_() if inplace else _rt.selu(input)


def silu(input, inplace=False):
    """Applies the SiLU ``x * sigmoid(x)`` (in place if ``inplace``)."""
    return input.silu_() if inplace else _rt.silu(input)


def mish(input, inplace=False):
    """Applies the Mish ``x * tanh(softplus(x))`` (in place if ``inplace``)."""
    return input.mish_() if inplace else _rt.mish(input)


def hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False):
    """Clamps each element to ``[min_val, max_val]`` (in place if ``inplace``)."""
    if inplace:
        return input.hardtanh_(min_val, max_val)
    return _rt.hardtanh(input, min_val, max_val)


def hardtanh_(input, min_val=-1.0, max_val=1.0):
    """In-place ``hardtanh``; returns ``input``."""
    return input.hardtanh_(min_val, max_val)


def softmax(input, dim=None):
    """Applies the softmax along ``dim``.

    ``dim=None`` picks PyTorch's legacy implicit dim: 0 for 0-, 1- and 3-d inputs, else 1.
    """
    if dim is None:
        dim = 0 if input.ndim in (0, 1, 3) else 1
    return _rt.softmax(input, dim)


def log_softmax(input, dim=None):
    """Applies the log of the softmax along ``dim`` (``dim=None`` as in ``softmax``)."""
    if dim is None:
        dim = 0 if input.ndim in (0, 1, 3) else 1
    return _rt.log_softmax(input, dim)


def mse_loss(input, target, *, reduction="mean"):
    """The mean squared error ``(input - target)**2``, reduced by ``reduction``."""
    return _rt.mse_loss(input, target, reduction)


def l1_loss(input, target, *, reduction="mean"):
    """The absolute error ``|input - target|``, reduced by ``reduction``."""
    return _rt.l1_loss(input, target, reduction)


def smooth_l1_loss(input, target, *, reduction="mean", beta=1.0):
    """The smooth L1 (Huber-like) loss with threshold ``beta``, reduced by ``reduction``."""
    return _rt.smooth_l1_loss(input, target, reduction, beta)


def binary_cross_entropy(input, target, *, reduction="mean"):
    """The binary cross entropy of probabilities ``input`` against ``target``."""
    return _rt.binary_cross_entropy(input, target, reduction)


def binary_cross_entropy_with_logits(input, target, *, reduction="mean"):
    """The binary cross entropy of ``sigmoid(input)``, computed stably from the logits."""
    return _rt.binary_cross_entropy_with_logits(input, target, reduction)


def cross_entropy(input, target, *, reduction="mean"):
    """The cross entropy of logits ``input`` (N, C) against class indices or probabilities."""
    return _rt.cross_entropy(input, target, reduction)


def nll_loss(input, target, *, reduction="mean"):
    """The negative log likelihood of log-probabilities ``input`` at class indices ``target``."""
    return _rt.nll_loss(input, target, reduction)
