"""Gradients from Python against central finite differences, in float64, for every
differentiable op family: unary math, activations, binary ops with broadcasting, matmul,
reductions along a dim, softmax, views and indexing, and the losses. Inputs are random and
stored transposed (non-contiguous); the scalar checked is ``(f(x) * w).sum()`` with random
weights ``w`` so that every output element matters."""

import numpy as np
import pytest

import rusttorch as rt

F = rt.nn.functional
EPS = 1e-6


def as_tensor(a, requires_grad=False):
    # Built transposed, then transposed back: the same values, stored non-contiguously.
    t = rt.tensor(np.ascontiguousarray(a.T).tolist(), dtype=rt.float64).transpose(0, -1) \
        if a.ndim >= 2 else rt.tensor(a.tolist(), dtype=rt.float64)
    return t.detach().requires_grad_(requires_grad)


def check(f, *arrays, rtol=1e-5, atol=1e-6):
    rng = np.random.default_rng(1)
    inputs = [as_tensor(a, requires_grad=True) for a in arrays]
    out = f(*inputs)
    w = rng.standard_normal(out.shape) if out.shape else np.array(rng.standard_normal())
    wt = rt.tensor(w.tolist(), dtype=rt.float64)
    (out * wt).sum().backward()

    def scalar(values):
        with rt.no_grad():
            o = f(*[as_tensor(v) for v in values])
            return float((o * wt).sum())

    for k, a in enumerate(arrays):
        want = np.zeros_like(a)
        for idx in np.ndindex(a.shape):
            hi = [v.copy() for v in arrays]
            lo = [v.copy() for v in arrays]
            hi[k][idx] += EPS
            lo[k][idx] -= EPS
            want[idx] = (scalar(hi) - scalar(lo)) / (2 * EPS)
        got = np.array(inputs[k].grad.tolist())
        np.testing.assert_allclose(got, want, rtol=rtol, atol=atol, err_msg=f"input {k}")


RNG = np.random.default_rng(0)
X = RNG.uniform(-2, 2, size=(3, 4))
POS = RNG.uniform(0.2, 3, size=(3, 4))
ROW = RNG.uniform(-2, 2, size=(4,))
PROB = RNG.uniform(0.05, 0.95, size=(3, 4))

UNARY = {
    "exp": (lambda x: x.exp(), X),
    "log": (lambda x: x.log(), POS),
    "sqrt": (lambda x: x.sqrt(), POS),
    "rsqrt": (lambda x: x.rsqrt(), POS),
    "sin": (lambda x: x.sin(), X),
    "cos": (lambda x: x.cos(), X),
    "abs": (lambda x: x.abs(), X),
    "neg": (lambda x: -x, X),
    "square": (lambda x: x.square(), X),
    "reciprocal": (lambda x: x.reciprocal(), POS),
    "pow_scalar": (lambda x: x ** 3, X),
    "clamp": (lambda x: x.clamp(-1.0, 1.0), X),
    "relu": (lambda x: x.relu(), X),
    "leaky_relu": (lambda x: F.leaky_relu(x, 0.1), X),
    "sigmoid": (lambda x: x.sigmoid(), X),
    "tanh": (lambda x: x.tanh(), X),
    "gelu": (lambda x: F.gelu(x), X),
    "gelu_tanh": (lambda x: F.gelu(x, approximate="tanh"), X),
    "elu": (lambda x: F.elu(x), X),
    "selu": (lambda x: F.selu(x), X),
    "silu": (lambda x: F.silu(x), X),
    "mish": (lambda x: F.mish(x), X),
    "softplus": (lambda x: F.softplus(x), X),
    "softsign": (lambda x: F.softsign(x), X),
    "softmax": (lambda x: x.softmax(1), X),
    "log_softmax": (lambda x: x.log_softmax(0), X),
    "sum_dim": (lambda x: x.sum(dim=1, keepdim=True), X),
    "mean_dims": (lambda x: x.mean(dim=(0, 1)), X),
    "prod": (lambda x: x.prod(dim=0), POS),
    "amax": (lambda x: x.amax(dim=1), X),
    "max_dim": (lambda x: x.max(dim=0).values, X),
    "var": (lambda x: x.var(dim=1), X),
    "std": (lambda x: x.std(), X),
    "logsumexp": (lambda x: x.logsumexp(dim=1), X),
    "norm": (lambda x: x.norm(), X),
    "reshape": (lambda x: x.reshape(2, 6) * rt.arange(6, dtype=rt.float64), X),
    "permute_T": (lambda x: x.T.contiguous(), X),
    "slicing": (lambda x: x[1:, ::2], X),
    "int_index": (lambda x: x[rt.tensor([2, 0, 2])], X),
    "mask_index": (lambda x: x[x.detach() > 0], X),
    "unsqueeze_expand": (lambda x: x.unsqueeze(0).expand(2, 3, 4), X),
    "narrow": (lambda x: x.narrow(1, 1, 2), X),
    "flatten": (lambda x: x.flatten(), X),
}


@pytest.mark.parametrize("name", sorted(UNARY))
def test_one_input_ops(name):
    f, a = UNARY[name]
    check(f, a)


BINARY = {
    "add_broadcast": (lambda a, b: a + b, X, ROW),
    "sub": (lambda a, b: a - b, X, POS),
    "mul_broadcast": (lambda a, b: a * b, X, ROW),
    "div": (lambda a, b: a / b, X, POS),
    "pow": (lambda a, b: a ** b, POS, X),
    "maximum": (lambda a, b: rt.maximum(a, b), X, POS - 1.5),
    "matmul": (lambda a, b: a @ b, X, RNG.uniform(-1, 1, size=(4, 2))),
    "matmul_vec": (lambda a, b: a @ b, X, ROW),
    "cat": (lambda a, b: rt.cat([a, b.unsqueeze(0)], dim=0), X, ROW),
    "stack": (lambda a, b: rt.stack([a, b], dim=1), X, POS),
    "where": (lambda a, b: rt.where(a.detach() > 0, a, b), X, POS),
    "mse": (lambda a, b: F.mse_loss(a, b), X, POS),
    "l1": (lambda a, b: F.l1_loss(a, b, reduction="sum"), X, POS),
    "smooth_l1": (lambda a, b: F.smooth_l1_loss(a, b, beta=0.5), X, POS),
    "bce": (lambda a, b: F.binary_cross_entropy(a, b), PROB, PROB[::-1].copy()),
    "bce_logits": (lambda a, b: F.binary_cross_entropy_with_logits(a, b), X, PROB),
    "cross_entropy_probs": (lambda a, b: F.cross_entropy(a, b.softmax(1)), X, POS),
}


@pytest.mark.parametrize("name", sorted(BINARY))
def test_two_input_ops(name):
    f, a, b = BINARY[name]
    check(f, a, b)


def test_class_index_losses():
    labels = rt.tensor([3, 0, 1])
    check(lambda x: F.cross_entropy(x, labels), X)
    check(lambda x: F.nll_loss(x.log_softmax(1), labels, reduction="sum"), X)


def test_a_wrong_gradient_would_be_caught():
    """The checker itself: a function whose recorded gradient is wrong must fail."""
    with pytest.raises(AssertionError):
        check(lambda x: x.detach() * x, X)  # d/dx is 2x, autograd records only x
