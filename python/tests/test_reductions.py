"""Reductions with dim/keepdim against numpy: sum, mean, prod, amax, amin, logsumexp, max,
min, argmax, argmin, var, std, norm, as methods and rt.* functions."""

import numpy as np
import pytest

import rusttorch as rt

FLOATS = [(rt.float32, np.float32), (rt.float64, np.float64)]
INTS = [(rt.int32, np.int32), (rt.int64, np.int64)]


def T(a, dtype=None):
    return rt.tensor(np.asarray(a).tolist(), dtype=dtype)


def N(t):
    return np.array(t.tolist())


def transposed(a, dtype):
    if not hasattr(rt.Tensor, "transpose"):
        pytest.skip("Tensor.transpose is not in this tree yet")
    return T(np.ascontiguousarray(np.swapaxes(a, 0, 1)), dtype).transpose(0, 1)


def expanded(row, rows, dtype):
    out, _ = rt.broadcast_tensors(T(row, dtype), T(np.zeros((rows, len(row))), dtype))
    return out


def np_logsumexp(a, axis=None, keepdims=False):
    m = np.max(a, axis=axis, keepdims=True)
    r = np.log(np.sum(np.exp(a - m), axis=axis, keepdims=True)) + m
    return r if keepdims else np.squeeze(r, axis=axis) if axis is not None else r.reshape(())


REDUCTIONS = [
    ("sum", np.sum),
    ("mean", np.mean),
    ("prod", np.prod),
    ("amax", np.max),
    ("amin", np.min),
    ("logsumexp", np_logsumexp),
]
DIMS = [None, 0, 1, -1, (0, 2), (2, 0), (-1, -2), (0, 1, 2)]


def np_axis(dim):
    return dim


@pytest.mark.parametrize("dt,npdt", FLOATS)
@pytest.mark.parametrize("name,npf", REDUCTIONS)
@pytest.mark.parametrize("dim", DIMS)
@pytest.mark.parametrize("keepdim", [False, True])
def test_float_reductions_match_numpy(np_rng, dt, npdt, name, npf, dim, keepdim):
    a = np_rng.uniform(0.5, 1.5, size=(2, 3, 4)).astype(npdt)
    want = npf(a.astype(np.float64), axis=dim, keepdims=keepdim)
    for got in (getattr(T(a, dt), name)(dim, keepdim), getattr(rt, name)(T(a, dt), dim=dim, keepdim=keepdim)):
        assert got.shape == np.shape(want)
        assert got.dtype == dt
        np.testing.assert_allclose(N(got), want, rtol=1e-5 if npdt == np.float32 else 1e-12)


@pytest.mark.parametrize("name,npf", REDUCTIONS)
def test_reductions_on_noncontiguous_inputs(np_rng, name, npf):
    row = np_rng.uniform(0.5, 1.5, size=4).astype(np.float32)
    e = expanded(row, 3, rt.float32)
    full = np.broadcast_to(row, (3, 4)).astype(np.float64)
    for dim in (None, 0, 1, (0, 1)):
        np.testing.assert_allclose(N(getattr(e, name)(dim)), npf(full, axis=dim), rtol=1e-5)
    a = np_rng.uniform(0.5, 1.5, size=(3, 4, 2)).astype(np.float32)
    t = transposed(a, rt.float32)
    for dim in (None, 0, 1, (0, 2)):
        np.testing.assert_allclose(N(getattr(t, name)(dim)), npf(a.astype(np.float64), axis=dim), rtol=1e-5)


@pytest.mark.parametrize("dt,npdt", INTS)
def test_integer_sum_prod_amax_amin(np_rng, dt, npdt):
    a = np_rng.integers(-5, 6, size=(3, 4)).astype(npdt)
    t = T(a, dt)
    assert t.sum().dtype == rt.int64 and t.sum().tolist() == int(a.sum())
    assert t.sum(1).tolist() == a.sum(1).tolist()
    assert t.sum((0, 1), keepdim=True).tolist() == a.sum((0, 1), keepdims=True).tolist()
    assert t.prod(0).tolist() == a.prod(0).tolist()
    assert t.amax(1).tolist() == a.max(1).tolist() and t.amax(1).dtype == dt
    assert t.amin((0, 1)).tolist() == int(a.min())
    assert T([True, True, False]).sum().tolist() == 2
    with pytest.raises(rt.DTypeError, match="mean"):
        t.mean()


def test_full_reductions_are_zero_d_and_compare_with_numbers():
    t = T([[1.0, 2.0], [3.0, 4.0]])
    s = t.sum()
    assert s.shape == () and s.tolist() == 10.0
    assert (s == 10).tolist() is True
    assert (t.mean() < 3).tolist() is True
    assert rt.sum(t).tolist() == 10.0
    assert t.sum(keepdim=True).shape == (1, 1)
    assert T([]).sum().tolist() == 0.0
    assert np.isnan(T([]).mean().tolist())


def test_max_min_forms():
    a = np.array([[1.0, 5.0, 3.0], [7.0, 2.0, 7.0]], dtype=np.float32)
    t = T(a)
    assert t.max().shape == () and t.max().tolist() == 7.0
    assert rt.min(t).tolist() == 1.0
    r = t.max(1)
    assert r.values.tolist() == [5.0, 7.0] and r.indices.tolist() == [1, 0]
    assert r.indices.dtype == rt.int64
    values, indices = t.min(dim=0, keepdim=True)
    assert values.tolist() == [[1.0, 2.0, 3.0]] and indices.tolist() == [[0, 1, 0]]
    assert type(r).__name__ == "max" and type(rt.min(t, 0)).__name__ == "min"
    assert r[0].tolist() == [5.0, 7.0]
    other = T([4.0, 4.0, 4.0])
    assert t.max(other).tolist() == np.maximum(a, 4).tolist()
    assert rt.min(t, other).tolist() == np.minimum(a, 4).tolist()
    assert np.isnan(T([1.0, float("nan")]).max().tolist())
    with pytest.raises(TypeError, match="max"):
        t.max((0, 1))
    with pytest.raises(TypeError, match="max"):
        t.max(keepdim=True)


def test_max_of_empty_is_an_error():
    with pytest.raises(rt.ShapeError, match="max"):
        T([]).max()
    with pytest.raises(rt.ShapeError, match="amin"):
        T(np.zeros((2, 0))).amin(1)
    with pytest.raises(rt.ShapeError, match="argmax"):
        T([]).argmax()


@pytest.mark.parametrize("dt,npdt", FLOATS + INTS)
def test_argmax_argmin(np_rng, dt, npdt):
    a = np_rng.permutation(24).reshape(2, 3, 4).astype(npdt)
    t = T(a, dt)
    assert t.argmax().tolist() == int(a.argmax())
    assert rt.argmin(t).tolist() == int(a.argmin())
    for d in (0, 1, -1):
        assert t.argmax(d).tolist() == a.argmax(d).tolist()
        assert rt.argmin(t, dim=d, keepdim=True).tolist() == np.expand_dims(a.argmin(d), d).tolist()
    assert t.argmax().dtype == rt.int64
    with pytest.raises(TypeError, match="argmax"):
        t.argmax((0, 1))


@pytest.mark.parametrize("dt,npdt", FLOATS)
@pytest.mark.parametrize("name", ["var", "std"])
def test_var_std_corrections(np_rng, dt, npdt, name):
    a = np_rng.standard_normal((3, 4, 5)).astype(npdt)
    npf = getattr(np, name)
    t = T(a, dt)
    tol = 1e-5 if npdt == np.float32 else 1e-12
    f = getattr(t, name)
    np.testing.assert_allclose(N(f()), npf(a, ddof=1), rtol=tol)
    np.testing.assert_allclose(N(f(1)), npf(a, axis=1, ddof=1), rtol=tol)
    np.testing.assert_allclose(N(f(1, False)), npf(a, axis=1, ddof=0), rtol=tol)
    np.testing.assert_allclose(N(f(False)), npf(a, ddof=0), rtol=tol)
    np.testing.assert_allclose(N(f(dim=(0, 2), correction=0, keepdim=True)), npf(a, axis=(0, 2), ddof=0, keepdims=True), rtol=tol)
    np.testing.assert_allclose(N(getattr(rt, name)(t, -1, correction=2)), npf(a, axis=-1, ddof=2), rtol=tol)
    np.testing.assert_allclose(N(f(unbiased=True)), npf(a, ddof=1), rtol=tol)
    with pytest.raises(ValueError, match=name):
        f(0, unbiased=True, correction=1)
    with pytest.raises(rt.DTypeError, match=name):
        getattr(T([1, 2]), name)()


@pytest.mark.parametrize("dt,npdt", FLOATS)
def test_norm(np_rng, dt, npdt):
    a = np_rng.standard_normal((3, 4)).astype(npdt)
    t = T(a, dt)
    tol = 1e-5 if npdt == np.float32 else 1e-12
    np.testing.assert_allclose(N(t.norm()), np.linalg.norm(a), rtol=tol)
    np.testing.assert_allclose(N(rt.norm(t, "fro")), np.linalg.norm(a), rtol=tol)
    np.testing.assert_allclose(N(t.norm(1, dim=1)), np.abs(a).sum(1), rtol=tol)
    np.testing.assert_allclose(N(t.norm(float("inf"), 0, True)), np.abs(a).max(0, keepdims=True), rtol=tol)
    np.testing.assert_allclose(N(t.norm(2, (0, 1))), np.linalg.norm(a), rtol=tol)
    with pytest.raises(ValueError, match="norm"):
        t.norm("nuc")


def test_dim_errors_name_the_op():
    t = T(np.ones((2, 3)))
    with pytest.raises(IndexError, match="sum"):
        t.sum(2)
    with pytest.raises(IndexError, match="sum"):
        t.sum((0, -3))
    with pytest.raises(ValueError, match="sum"):
        t.sum((0, 0))
    with pytest.raises(IndexError):
        t.mean(-3)
    with pytest.raises(TypeError, match="sum"):
        t.sum("0")
    with pytest.raises(TypeError, match="sum"):
        t.sum(1.5)
    with pytest.raises(TypeError, match="sum"):
        t.sum(True)
    with pytest.raises(TypeError, match="sum"):
        rt.sum([1.0, 2.0])
    with pytest.raises(IndexError, match="sum"):
        t.sum(2**70)
    with pytest.raises(IndexError, match="max"):
        t.max(-(2**70))


def test_zero_d_input():
    s = T(3.0)
    assert s.sum().tolist() == 3.0
    assert s.sum(0).tolist() == 3.0
    assert s.amax((0,)).tolist() == 3.0
    assert s.max().tolist() == 3.0


def test_large_reduction_releases_the_gil_and_is_correct(np_rng):
    a = np_rng.standard_normal((200, 300)).astype(np.float64)
    t = T(a, rt.float64)
    np.testing.assert_allclose(N(t.sum(1)), a.sum(1), rtol=1e-10)
    np.testing.assert_allclose(N(t.var((0, 1))), a.var(ddof=1), rtol=1e-10)
