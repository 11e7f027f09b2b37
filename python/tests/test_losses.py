"""Losses against numpy: rt.* and rt.nn.functional, every reduction, float32/float64."""

import numpy as np
import pytest

import rusttorch as rt
import rusttorch.nn.functional as F

FLOATS = [(rt.float32, np.float32), (rt.float64, np.float64)]
REDUCE = {"mean": np.mean, "sum": np.sum, "none": lambda x: x}


def T(a, dtype=None):
    return rt.tensor(np.asarray(a).tolist(), dtype=dtype)


def N(t):
    return np.array(t.tolist())


def expanded(row, rows, dtype):
    out, _ = rt.broadcast_tensors(T(row, dtype), T(np.zeros((rows, len(row))), dtype))
    return out


def smooth_l1(x, y, beta=1.0):
    d = np.abs(x - y)
    return np.where(d < beta, 0.5 * d**2 / beta, d - 0.5 * beta)


POINT_LOSSES = [
    ("mse_loss", {}, lambda x, y: (x - y) ** 2),
    ("l1_loss", {}, lambda x, y: np.abs(x - y)),
    ("smooth_l1_loss", {}, smooth_l1),
    ("smooth_l1_loss", {"beta": 0.5}, lambda x, y: smooth_l1(x, y, 0.5)),
    ("binary_cross_entropy_with_logits", {}, lambda x, y: np.maximum(x, 0) - x * y + np.log1p(np.exp(-np.abs(x)))),
]


@pytest.mark.parametrize("dt,npdt", FLOATS)
@pytest.mark.parametrize("name,kw,ref", POINT_LOSSES)
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_pointwise_losses(np_rng, dt, npdt, name, kw, ref, reduction):
    x = np_rng.standard_normal((4, 3)).astype(npdt)
    y = np_rng.uniform(0, 1, size=(4, 3)).astype(npdt)
    want = REDUCE[reduction](ref(x.astype(np.float64), y.astype(np.float64)))
    tol = 1e-5 if npdt == np.float32 else 1e-12
    for got in (
        getattr(rt, name)(T(x, dt), T(y, dt), reduction=reduction, **kw),
        getattr(F, name)(T(x, dt), T(y, dt), reduction=reduction, **kw),
    ):
        assert got.dtype == dt and got.shape == np.shape(want)
        np.testing.assert_allclose(N(got), want, rtol=tol, atol=tol)


@pytest.mark.parametrize("name,kw,ref", POINT_LOSSES)
def test_pointwise_losses_on_noncontiguous_inputs(np_rng, name, kw, ref):
    row = np_rng.standard_normal(3)
    y = np_rng.uniform(0, 1, size=(4, 3))
    got = getattr(rt, name)(expanded(row, 4, rt.float64), T(y, rt.float64), **kw)
    np.testing.assert_allclose(N(got), ref(np.broadcast_to(row, (4, 3)), y).mean(), rtol=1e-12)


@pytest.mark.parametrize("dt,npdt", FLOATS)
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_binary_cross_entropy(np_rng, dt, npdt, reduction):
    p = np_rng.uniform(0.05, 0.95, size=(5,)).astype(npdt)
    y = (np_rng.uniform(size=5) > 0.5).astype(npdt)
    p64, y64 = p.astype(np.float64), y.astype(np.float64)
    want = REDUCE[reduction](-(y64 * np.log(p64) + (1 - y64) * np.log(1 - p64)))
    got = F.binary_cross_entropy(T(p, dt), T(y, dt), reduction=reduction)
    np.testing.assert_allclose(N(got), want, rtol=1e-5 if npdt == np.float32 else 1e-12)
    # Logs clamp at -100, as PyTorch: a certain wrong answer costs 100, not inf.
    assert rt.binary_cross_entropy(T([0.0]), T([1.0])).tolist() == pytest.approx(100.0)


def np_log_softmax(x):
    m = x.max(1, keepdims=True)
    return x - m - np.log(np.exp(x - m).sum(1, keepdims=True))


@pytest.mark.parametrize("dt,npdt", FLOATS)
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_cross_entropy_and_nll_with_class_indices(np_rng, dt, npdt, reduction):
    x = np_rng.standard_normal((6, 4)).astype(npdt)
    y = np_rng.integers(0, 4, size=6)
    lsm = np_log_softmax(x.astype(np.float64))
    want = REDUCE[reduction](-lsm[np.arange(6), y])
    tol = 1e-5 if npdt == np.float32 else 1e-12
    np.testing.assert_allclose(N(F.cross_entropy(T(x, dt), T(y), reduction=reduction)), want, rtol=tol)
    np.testing.assert_allclose(N(rt.cross_entropy(T(x, dt), T(y, rt.int32), reduction)), want, rtol=tol)
    np.testing.assert_allclose(N(F.nll_loss(T(lsm, dt), T(y), reduction=reduction)), want, rtol=tol, atol=tol)


@pytest.mark.parametrize("dt,npdt", FLOATS)
def test_cross_entropy_with_probabilities(np_rng, dt, npdt):
    x = np_rng.standard_normal((3, 4)).astype(npdt)
    q = np_rng.uniform(size=(3, 4))
    q = (q / q.sum(1, keepdims=True)).astype(npdt)
    per = -(q.astype(np.float64) * np_log_softmax(x.astype(np.float64))).sum(1)
    tol = 1e-5 if npdt == np.float32 else 1e-12
    np.testing.assert_allclose(N(F.cross_entropy(T(x, dt), T(q, dt))), per.mean(), rtol=tol)
    np.testing.assert_allclose(N(F.cross_entropy(T(x, dt), T(q, dt), reduction="none")), per, rtol=tol)


def test_reduced_losses_are_zero_d_and_compare_with_numbers():
    loss = rt.mse_loss(T([1.0, 2.0]), T([1.0, 4.0]))
    assert loss.shape == () and loss.tolist() == 2.0
    assert (loss == 2).tolist() is True and (loss > 1.5).tolist() is True


def test_loss_errors_name_the_op():
    a, b = T([0.5, 0.5]), T([1.0, 0.0, 1.0])
    with pytest.raises(rt.ShapeError, match="mse_loss"):
        rt.mse_loss(a, b)
    with pytest.raises(ValueError, match="reduction"):
        F.l1_loss(a, a, reduction="avg")
    with pytest.raises(ValueError, match="smooth_l1_loss"):
        F.smooth_l1_loss(a, a, beta=-1.0)
    with pytest.raises(ValueError, match="binary_cross_entropy"):
        F.binary_cross_entropy(T([1.5]), T([1.0]))
    with pytest.raises(IndexError, match="cross_entropy"):
        F.cross_entropy(T([[0.0, 1.0]]), T([2]))
    with pytest.raises(IndexError):
        F.nll_loss(T([[0.0, 1.0]]), T([-1]))
    with pytest.raises(rt.DTypeError):
        F.cross_entropy(T([[0, 1]]), T([0]))
    with pytest.raises(TypeError, match="mse_loss"):
        rt.mse_loss([1.0], a)
    with pytest.raises(TypeError):
        F.mse_loss(a, a, "mean")  # reduction is keyword-only
    with pytest.raises(TypeError):
        F.cross_entropy(T([[0.0, 1.0]]), T([1]), weight=None)
