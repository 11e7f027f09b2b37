"""Activations against numpy: Tensor methods, rt.* functions, rt.nn.functional, in-place."""

import math

import numpy as np
import pytest

import rusttorch as rt
import rusttorch.nn.functional as F

FLOATS = [(rt.float32, np.float32), (rt.float64, np.float64)]
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946
erf = np.vectorize(math.erf)


def T(a, dtype=None):
    return rt.tensor(np.asarray(a).tolist(), dtype=dtype)


def N(t):
    return np.array(t.tolist())


def transposed(a, dtype):
    if not hasattr(rt.Tensor, "transpose"):
        pytest.skip("Tensor.transpose is not in this tree yet")
    return T(np.ascontiguousarray(a.T), dtype).transpose(0, 1)


def expanded(row, rows, dtype):
    out, _ = rt.broadcast_tensors(T(row, dtype), T(np.zeros((rows, len(row))), dtype))
    return out


def softplus(x, beta=1.0, threshold=20.0):
    return np.where(beta * x > threshold, x, np.log1p(np.exp(beta * x)) / beta)


ACTIVATIONS = [
    ("relu", {}, lambda x: np.maximum(x, 0)),
    ("leaky_relu", {}, lambda x: np.where(x > 0, x, 0.01 * x)),
    ("leaky_relu", {"negative_slope": 0.2}, lambda x: np.where(x > 0, x, 0.2 * x)),
    ("sigmoid", {}, lambda x: 1 / (1 + np.exp(-x))),
    ("tanh", {}, np.tanh),
    ("gelu", {}, lambda x: 0.5 * x * (1 + erf(x / math.sqrt(2)))),
    (
        "gelu",
        {"approximate": "tanh"},
        lambda x: 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x**3))),
    ),
    ("elu", {}, lambda x: np.where(x > 0, x, np.expm1(x))),
    ("elu", {"alpha": 0.5}, lambda x: np.where(x > 0, x, 0.5 * np.expm1(x))),
    ("selu", {}, lambda x: SELU_SCALE * np.where(x > 0, x, SELU_ALPHA * np.expm1(x))),
    ("silu", {}, lambda x: x / (1 + np.exp(-x))),
    ("swish", {}, lambda x: x / (1 + np.exp(-x))),
    ("mish", {}, lambda x: x * np.tanh(softplus(x))),
    ("softplus", {}, softplus),
    ("softplus", {"beta": 2.0, "threshold": 1.0}, lambda x: softplus(x, 2.0, 1.0)),
    ("softsign", {}, lambda x: x / (1 + np.abs(x))),
    ("hardtanh", {}, lambda x: np.clip(x, -1, 1)),
    ("hardtanh", {"min_val": -0.5, "max_val": 2.0}, lambda x: np.clip(x, -0.5, 2.0)),
]


@pytest.mark.parametrize("dt,npdt", FLOATS)
@pytest.mark.parametrize("name,kw,ref", ACTIVATIONS)
def test_activation_matches_numpy(np_rng, dt, npdt, name, kw, ref):
    a = np_rng.uniform(-4, 4, size=(3, 5)).astype(npdt)
    want = ref(a.astype(np.float64))
    tol = 1e-5 if npdt == np.float32 else 1e-12
    results = [getattr(T(a, dt), name)(**kw), getattr(rt, name)(T(a, dt), **kw)]
    if hasattr(F, name):
        results.append(getattr(F, name)(T(a, dt), **kw))
    for got in results:
        assert got.dtype == dt and got.shape == a.shape
        np.testing.assert_allclose(N(got), want, rtol=tol, atol=tol)
    row = a[0]
    np.testing.assert_allclose(
        N(getattr(expanded(row, 2, dt), name)(**kw)), ref(np.broadcast_to(row, (2, 5)).astype(np.float64)), rtol=tol, atol=tol
    )


@pytest.mark.parametrize("name,kw,ref", ACTIVATIONS[:6])
def test_activation_on_transposed_input(np_rng, name, kw, ref):
    a = np_rng.uniform(-4, 4, size=(3, 5))
    np.testing.assert_allclose(N(getattr(transposed(a, rt.float64), name)(**kw)), ref(a), rtol=1e-12, atol=1e-12)


IN_PLACE = [
    ("relu_", {}, lambda x: np.maximum(x, 0)),
    ("leaky_relu_", {"negative_slope": 0.1}, lambda x: np.where(x > 0, x, 0.1 * x)),
    ("sigmoid_", {}, lambda x: 1 / (1 + np.exp(-x))),
    ("tanh_", {}, np.tanh),
    ("elu_", {"alpha": 2.0}, lambda x: np.where(x > 0, x, 2.0 * np.expm1(x))),
    ("selu_", {}, lambda x: SELU_SCALE * np.where(x > 0, x, SELU_ALPHA * np.expm1(x))),
    ("silu_", {}, lambda x: x / (1 + np.exp(-x))),
    ("mish_", {}, lambda x: x * np.tanh(softplus(x))),
    ("hardtanh_", {}, lambda x: np.clip(x, -1, 1)),
]


@pytest.mark.parametrize("name,kw,ref", IN_PLACE)
def test_in_place_activations_return_self_and_copy_on_write(np_rng, name, kw, ref):
    a = np_rng.uniform(-3, 3, size=(2, 4))
    t = T(a, rt.float64)
    keep = rt.tensor(t)
    assert getattr(t, name)(**kw) is t
    np.testing.assert_allclose(N(t), ref(a), rtol=1e-12, atol=1e-12)
    assert N(keep).tolist() == a.tolist()
    if hasattr(rt, name):
        u = T(a, rt.float64)
        assert getattr(rt, name)(u) is u


def test_functional_inplace_flags(np_rng):
    a = np_rng.uniform(-3, 3, size=(2, 4))
    t = T(a, rt.float64)
    assert F.relu(t, inplace=True) is t and N(t).tolist() == np.maximum(a, 0).tolist()
    t = T(a, rt.float64)
    assert F.leaky_relu(t, 0.3, True) is t
    np.testing.assert_allclose(N(t), np.where(a > 0, a, 0.3 * a))
    for name in ("elu", "selu", "silu", "mish", "hardtanh"):
        t = T(a, rt.float64)
        out = getattr(F, name)(t)
        assert out is not t and N(t).tolist() == a.tolist()
        assert getattr(F, name)(t, inplace=True) is t
        np.testing.assert_allclose(N(t), N(out))


def np_softmax(a, axis):
    e = np.exp(a - a.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


@pytest.mark.parametrize("dt,npdt", FLOATS)
@pytest.mark.parametrize("dim", [0, 1, -1, 2])
def test_softmax_and_log_softmax(np_rng, dt, npdt, dim):
    a = np_rng.standard_normal((2, 3, 4)).astype(npdt)
    want = np_softmax(a.astype(np.float64), dim)
    tol = 1e-5 if npdt == np.float32 else 1e-12
    for got in (T(a, dt).softmax(dim), rt.softmax(T(a, dt), dim), F.softmax(T(a, dt), dim=dim)):
        assert got.dtype == dt
        np.testing.assert_allclose(N(got), want, rtol=tol, atol=tol)
    for got in (T(a, dt).log_softmax(dim), rt.log_softmax(T(a, dt), dim), F.log_softmax(T(a, dt), dim)):
        np.testing.assert_allclose(N(got), np.log(want), rtol=tol, atol=tol)


def test_softmax_defaults_and_stability():
    x = T([[1000.0, -1000.0, 0.0], [1.0, 2.0, 3.0]])
    s = N(rt.softmax(x))  # rt.softmax defaults to the last dim
    assert np.isfinite(s).all()
    np.testing.assert_allclose(s.sum(1), [1.0, 1.0], rtol=1e-6)
    np.testing.assert_allclose(N(F.softmax(x)), s)  # implicit dim 1 for 2-d input
    np.testing.assert_allclose(N(F.softmax(T([1.0, 2.0]))), np_softmax(np.array([1.0, 2.0]), 0), rtol=1e-6)
    assert np.isfinite(N(rt.log_softmax(x))).all()
    assert np.isfinite(N(T([1000.0, -1000.0]).sigmoid())).all()
    assert np.isfinite(N(T([1000.0, -1000.0]).softplus())).all()


def test_activation_errors():
    x = T([1.0, -1.0])
    with pytest.raises(ValueError, match="gelu"):
        x.gelu(approximate="erf")
    with pytest.raises(ValueError, match="hardtanh"):
        rt.hardtanh(x, 1.0, -1.0)
    with pytest.raises(IndexError):
        x.softmax(1)
    with pytest.raises(TypeError, match="relu"):
        rt.relu([1.0])
    with pytest.raises(TypeError, match="relu_"):
        rt.relu_(1.0)
    with pytest.raises(TypeError):
        x.softmax("a")


def test_integer_inputs():
    i = T([-2, 0, 3])
    assert i.relu().tolist() == [0, 0, 3] and i.relu().dtype == rt.int64
    assert i.sigmoid().dtype == rt.float32
    np.testing.assert_allclose(N(i.sigmoid()), 1 / (1 + np.exp(-np.array([-2.0, 0.0, 3.0]))), rtol=1e-6)
