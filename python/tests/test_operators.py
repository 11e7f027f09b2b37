"""Operators, arithmetic methods, unary math, clamp/maximum/minimum/where against numpy."""

import operator

import numpy as np
import pytest

import rusttorch as rt

FLOATS = [(rt.float32, np.float32), (rt.float64, np.float64)]
INTS = [(rt.int32, np.int32), (rt.int64, np.int64)]


def T(a, dtype=None):
    a = np.asarray(a)
    return rt.tensor(a.tolist(), dtype=dtype)


def N(t):
    return np.array(t.tolist())


def transposed(a, dtype):
    """A non-contiguous tensor with the values of 2-D `a` (a transposed view)."""
    if not hasattr(rt.Tensor, "transpose"):
        pytest.skip("Tensor.transpose is not in this tree yet")
    t = T(np.ascontiguousarray(a.T), dtype).transpose(0, 1)
    assert t.tolist() == a.tolist()
    return t


def expanded(row, rows, dtype):
    """A non-contiguous (stride-0) tensor: `row` broadcast to `rows` rows."""
    zeros = T(np.zeros((rows, len(row))), dtype)
    out, _ = rt.broadcast_tensors(T(row, dtype), zeros)
    assert out.shape == (rows, len(row))
    return out


BINARY = [
    (operator.add, np.add),
    (operator.sub, np.subtract),
    (operator.mul, np.multiply),
    (operator.truediv, np.true_divide),
]


@pytest.mark.parametrize("dt,npdt", FLOATS + INTS)
@pytest.mark.parametrize("op,npop", BINARY)
def test_binary_tensor_tensor_broadcasts(np_rng, dt, npdt, op, npop):
    a = np_rng.integers(1, 9, size=(3, 4)).astype(npdt)
    b = np_rng.integers(1, 9, size=(4,)).astype(npdt)
    got = op(T(a, dt), T(b, dt))
    want = npop(a, b)
    assert got.shape == want.shape
    np.testing.assert_allclose(N(got), want, rtol=1e-6)
    if op is operator.truediv and dt in (rt.int32, rt.int64):
        assert got.dtype == rt.float32  # true division, as torch
    elif op is not operator.truediv:
        assert got.dtype == dt


@pytest.mark.parametrize("dt,npdt", FLOATS)
@pytest.mark.parametrize("op,npop", BINARY + [(operator.pow, np.power)])
def test_binary_on_noncontiguous_inputs(np_rng, dt, npdt, op, npop):
    a = np_rng.uniform(0.5, 2, size=(3, 4)).astype(npdt)
    row = np_rng.uniform(0.5, 2, size=(4,)).astype(npdt)
    e = expanded(row, 3, dt)
    np.testing.assert_allclose(N(op(e, T(a, dt))), npop(np.broadcast_to(row, (3, 4)), a), rtol=1e-5)
    np.testing.assert_allclose(N(op(T(a, dt), e)), npop(a, row), rtol=1e-5)


@pytest.mark.parametrize("dt,npdt", FLOATS)
@pytest.mark.parametrize("op,npop", BINARY)
def test_binary_on_transposed_inputs(np_rng, dt, npdt, op, npop):
    a = np_rng.uniform(0.5, 2, size=(3, 4)).astype(npdt)
    b = np_rng.uniform(0.5, 2, size=(3, 4)).astype(npdt)
    np.testing.assert_allclose(N(op(transposed(a, dt), T(b, dt))), npop(a, b), rtol=1e-5)


@pytest.mark.parametrize("op,npop", BINARY + [(operator.pow, np.power)])
def test_scalars_and_reflected_forms(op, npop):
    a = np.array([[1.0, 2.0], [3.0, 4.0]], dtype=np.float32)
    t = T(a)
    for s in (2, 2.5, True):
        np.testing.assert_allclose(N(op(t, s)), npop(a, np.float32(s)), rtol=1e-6)
        np.testing.assert_allclose(N(op(s, t)), npop(np.float32(s), a), rtol=1e-6)
        assert op(t, s).dtype == rt.float32
        assert op(s, t).dtype == rt.float32


def test_scalar_type_promotion_follows_torch():
    i = T([1, 2, 3])
    assert (i + 2).dtype == rt.int64 and (i + 2).tolist() == [3, 4, 5]
    assert (i + 2.5).dtype == rt.float32 and (i + 2.5).tolist() == [3.5, 4.5, 5.5]
    assert (i * 2.0).dtype == rt.float32
    assert (i / 2).dtype == rt.float32 and (i / 2).tolist() == [0.5, 1.0, 1.5]
    assert (2 / i).tolist() == pytest.approx([2.0, 1.0, 2 / 3])
    assert (1 - i).tolist() == [0, -1, -2] and (1 - i).dtype == rt.int64
    assert (2**i).tolist() == [2, 4, 8] and (2**i).dtype == rt.int64
    i32 = T([1, 2], rt.int32)
    assert (i32 + 2).dtype == rt.int32
    assert (i32 + 0.5).dtype == rt.float32
    d = T([1.0], rt.float64)
    assert (d + 2.5).dtype == rt.float64
    assert (T([1.0]) + T([1.0], rt.float64)).dtype == rt.float64
    assert (i + T([1.0, 1.0, 1.0])).dtype == rt.float32
    b = T([True, False])
    assert (b + True).dtype == rt.bool
    assert (b + 1).dtype == rt.int64 and (b + 1).tolist() == [2, 1]
    assert (np.float64(0.5) * T([2.0])).tolist() == [1.0]
    assert (T([2.0]) * np.int64(3)).tolist() == [6.0]


def test_unknown_operands_raise_type_error():
    t = T([1.0, 2.0])
    for bad in ("x", [1.0, 2.0], None, object()):
        with pytest.raises(TypeError):
            t + bad
        with pytest.raises(TypeError):
            bad - t
        with pytest.raises(TypeError):
            t @ bad
    with pytest.raises(TypeError, match="add"):
        t.add("x")
    with pytest.raises(TypeError, match="matmul"):
        rt.matmul(t, 2)
    with pytest.raises(TypeError, match="add"):
        rt.add([1.0], t)
    with pytest.raises(OverflowError):
        t + 2**70


def test_shape_errors_name_the_op_and_shapes():
    with pytest.raises(rt.ShapeError, match=r"add.*\[2\].*\[3\]"):
        T([1.0, 2.0]) + T([1.0, 2.0, 3.0])
    with pytest.raises(ValueError):
        T([[1.0, 2.0]]) @ T([[1.0, 2.0]])


def test_unary_minus_pos_abs():
    a = np.array([[-1.5, 2.0], [0.0, -4.0]], dtype=np.float32)
    t = T(a)
    assert N(-t).tolist() == (-a).tolist()
    assert N(+t).tolist() == a.tolist()
    assert N(abs(t)).tolist() == np.abs(a).tolist()
    assert (-T([1, -2])).tolist() == [-1, 2]
    assert rt.neg(t).tolist() == (-a).tolist() and t.neg().tolist() == (-a).tolist()
    u = T(a)
    assert u.neg_() is u and N(u).tolist() == (-a).tolist()


COMPARISONS = [
    (operator.eq, np.equal),
    (operator.ne, np.not_equal),
    (operator.lt, np.less),
    (operator.le, np.less_equal),
    (operator.gt, np.greater),
    (operator.ge, np.greater_equal),
]


@pytest.mark.parametrize("dt,npdt", FLOATS + INTS)
@pytest.mark.parametrize("op,npop", COMPARISONS)
def test_comparisons_give_bool_tensors(np_rng, dt, npdt, op, npop):
    a = np_rng.integers(0, 4, size=(3, 4)).astype(npdt)
    b = np_rng.integers(0, 4, size=(4,)).astype(npdt)
    got = op(T(a, dt), T(b, dt))
    assert got.dtype == rt.bool
    assert got.tolist() == npop(a, b).tolist()
    assert op(T(a, dt), 2).tolist() == npop(a, 2).tolist()
    assert op(2, T(a, dt)).tolist() == npop(2, a).tolist()
    assert op(T(a, dt), 1.5).tolist() == npop(a, 1.5).tolist()


def test_comparisons_with_nan_and_other_types():
    t = T([float("nan"), 1.0])
    assert (t == t).tolist() == [False, True]
    assert (t != t).tolist() == [True, False]
    assert (t == None) is False  # noqa: E711
    assert (t != "x") is True
    with pytest.raises(TypeError):
        t < "x"


def test_tensors_hash_by_identity():
    a, b = T([1.0]), T([1.0])
    assert len({a, b, a}) == 2
    assert {a: 1}[a] == 1


@pytest.mark.parametrize("dt,npdt", FLOATS)
def test_in_place_operators_write_into_the_same_handle(dt, npdt):
    a = np.array([[1.0, 2.0], [3.0, 4.0]], dtype=npdt)
    t = T(a, dt)
    handle = t
    t += 1
    t -= T([0.5, 0.5], dt)
    t *= 2
    t /= T([[2.0], [4.0]], dt)
    t **= 2
    assert t is handle
    want = (((a + 1) - 0.5) * 2 / np.array([[2.0], [4.0]])) ** 2
    np.testing.assert_allclose(N(t), want, rtol=1e-6)
    assert t.dtype == dt


def test_in_place_is_copy_on_write_and_checks_dtype():
    a = T([1.0, 2.0])
    b = rt.tensor(a)
    a += 1
    assert b.tolist() == [1.0, 2.0] and a.tolist() == [2.0, 3.0]
    i = T([1, 2])
    i += 1
    assert i.tolist() == [2, 3] and i.dtype == rt.int64
    with pytest.raises(ValueError, match="div"):
        i /= 2
    with pytest.raises(ValueError, match="add"):
        i += 0.5
    with pytest.raises(rt.ShapeError):
        a += T([[1.0, 2.0], [3.0, 4.0]])
    with pytest.raises(TypeError):
        a += "x"
    a += a
    assert a.tolist() == [4.0, 6.0]


def test_arithmetic_methods_and_functions():
    a = np.array([[1.0, 2.0], [3.0, 4.0]], dtype=np.float32)
    b = np.array([2.0, 4.0], dtype=np.float32)
    t, u = T(a), T(b)
    assert t.add(u).tolist() == (a + b).tolist()
    assert t.add(u, alpha=2).tolist() == (a + 2 * b).tolist()
    assert t.sub(u, alpha=0.5).tolist() == (a - 0.5 * b).tolist()
    assert t.add(3, alpha=2).tolist() == (a + 6).tolist()
    assert t.mul(u).tolist() == (a * b).tolist()
    assert t.div(u).tolist() == (a / b).tolist()
    assert t.pow(2).tolist() == (a**2).tolist()
    assert t.pow(u).tolist() == (a**b).tolist()
    assert rt.add(t, u, alpha=-1).tolist() == (a - b).tolist()
    assert rt.sub(t, 1).tolist() == (a - 1).tolist()
    assert rt.mul(t, 2).tolist() == (a * 2).tolist()
    assert rt.div(t, u).tolist() == (a / b).tolist()
    assert rt.pow(t, 3).tolist() == (a**3).tolist()
    assert rt.pow(2, u).tolist() == (2**b).tolist()
    with pytest.raises(TypeError, match="alpha"):
        T([1, 2]).add(T([1, 2]), alpha=0.5)
    assert T([1, 2]).add(T([1, 2]), alpha=3).tolist() == [4, 8]


def test_in_place_methods_return_self():
    t = T([1.0, 2.0])
    assert t.add_(1) is t and t.tolist() == [2.0, 3.0]
    assert t.sub_(T([1.0, 1.0]), alpha=2) is t and t.tolist() == [0.0, 1.0]
    assert t.mul_(4) is t and t.tolist() == [0.0, 4.0]
    assert t.div_(2) is t and t.tolist() == [0.0, 2.0]
    assert t.pow_(2) is t and t.tolist() == [0.0, 4.0]
    assert t.add_(T([1.0, 1.0]), alpha=0.5) is t and t.tolist() == [0.5, 4.5]


@pytest.mark.parametrize("dt,npdt", FLOATS)
def test_matmul_matches_numpy(np_rng, dt, npdt):
    a = np_rng.standard_normal((2, 3, 4)).astype(npdt)
    b = np_rng.standard_normal((4, 5)).astype(npdt)
    v = np_rng.standard_normal(4).astype(npdt)
    tol = 1e-5 if npdt == np.float32 else 1e-12
    np.testing.assert_allclose(N(T(a, dt) @ T(b, dt)), a @ b, rtol=tol, atol=tol)
    np.testing.assert_allclose(N(T(a, dt).matmul(T(v, dt))), a @ v, rtol=tol, atol=tol)
    np.testing.assert_allclose(N(rt.matmul(T(v, dt), T(v, dt))), v @ v, rtol=tol)
    m = np_rng.standard_normal((3, 4)).astype(npdt)
    np.testing.assert_allclose(N(transposed(m, dt) @ T(b, dt)), m @ b, rtol=tol, atol=tol)


def test_integer_matmul():
    a = np.arange(6).reshape(2, 3)
    assert (T(a) @ T(a.T)).tolist() == (a @ a.T).tolist()


UNARY = [
    ("exp", np.exp, (-3, 3)),
    ("expm1", np.expm1, (-3, 3)),
    ("log", np.log, (0.1, 5)),
    ("log1p", np.log1p, (-0.5, 5)),
    ("sqrt", np.sqrt, (0, 9)),
    ("rsqrt", lambda x: 1 / np.sqrt(x), (0.1, 9)),
    ("sin", np.sin, (-4, 4)),
    ("cos", np.cos, (-4, 4)),
    ("square", np.square, (-4, 4)),
    ("reciprocal", np.reciprocal, (0.5, 4)),
    ("sign", np.sign, (-4, 4)),
    ("abs", np.abs, (-4, 4)),
    ("floor", np.floor, (-4, 4)),
    ("ceil", np.ceil, (-4, 4)),
    ("round", np.round, (-4, 4)),
]
# The in-place form of each, spelled out so that the API guard (test_api_coverage) sees it.
IN_PLACE = {
    "exp": "exp_", "expm1": "expm1_", "log": "log_", "log1p": "log1p_", "sqrt": "sqrt_",
    "rsqrt": "rsqrt_", "sin": "sin_", "cos": "cos_", "square": "square_",
    "reciprocal": "reciprocal_", "sign": "sign_", "abs": "abs_", "floor": "floor_",
    "ceil": "ceil_", "round": "round_",
}


@pytest.mark.parametrize("dt,npdt", FLOATS)
@pytest.mark.parametrize("name,npf,rng", UNARY)
def test_unary_math_methods_functions_and_in_place(np_rng, dt, npdt, name, npf, rng):
    a = np_rng.uniform(*rng, size=(3, 4)).astype(npdt)
    if name == "round":
        a[0, :2] = [0.5, 2.5]  # half to even, as numpy and torch
    tol = 2e-6 if npdt == np.float32 else 1e-12
    want = npf(a)
    np.testing.assert_allclose(N(getattr(T(a, dt), name)()), want, rtol=tol, atol=tol)
    np.testing.assert_allclose(N(getattr(rt, name)(T(a, dt))), want, rtol=tol, atol=tol)
    t = T(a, dt)
    assert getattr(t, IN_PLACE[name])() is t
    np.testing.assert_allclose(N(t), want, rtol=tol, atol=tol)
    row = a[0]
    np.testing.assert_allclose(
        N(getattr(expanded(row, 2, dt), name)()), npf(np.broadcast_to(row, (2, 4))), rtol=tol, atol=tol
    )


def test_unary_math_on_ints_and_bad_input():
    assert T([-2, 3]).abs().tolist() == [2, 3]
    assert rt.exp(T([0])).tolist() == [1.0]  # ints go to float as torch
    with pytest.raises(TypeError, match="exp"):
        rt.exp([1.0])
    with pytest.raises(rt.DTypeError, match="exp"):
        T([1, 2]).exp_()  # an int tensor cannot hold the float result


def test_clamp_maximum_minimum(np_rng):
    a = np_rng.uniform(-3, 3, size=(3, 4)).astype(np.float32)
    t = T(a)
    assert N(t.clamp(-1, 1)).tolist() == np.clip(a, -1, 1).tolist()
    assert N(t.clamp(min=0)).tolist() == np.maximum(a, 0).tolist()
    assert N(rt.clamp(t, max=0.5)).tolist() == np.minimum(a, np.float32(0.5)).tolist()
    lo, hi = np.full(4, -0.5, np.float32), np.full((3, 1), 0.5, np.float32)
    assert N(t.clamp(T(lo), T(hi))).tolist() == np.minimum(np.maximum(a, lo), hi).tolist()
    assert T([-5, 0, 5]).clamp(-1, 2).tolist() == [-1, 0, 2]
    assert T([-5, 0, 5]).clamp(-1, 2).dtype == rt.int64
    assert T([-5, 0, 5]).clamp(max=0.5).dtype == rt.float32
    u = T(a)
    assert u.clamp_(min=0) is u and N(u).tolist() == np.maximum(a, 0).tolist()
    with pytest.raises(ValueError, match="clamp"):
        t.clamp()
    with pytest.raises(TypeError, match="clamp"):
        t.clamp_(min="x")
    b = np_rng.uniform(-3, 3, size=(4,)).astype(np.float32)
    assert N(rt.maximum(t, T(b))).tolist() == np.maximum(a, b).tolist()
    assert N(t.minimum(T(b))).tolist() == np.minimum(a, b).tolist()
    n = T([float("nan"), 1.0])
    assert np.isnan(rt.maximum(n, T([0.0, 0.0])).tolist()[0])
    with pytest.raises(TypeError, match="maximum"):
        rt.maximum(t, 1.0)


def test_where(np_rng):
    a = np_rng.standard_normal((3, 4)).astype(np.float32)
    b = np_rng.standard_normal((4,)).astype(np.float32)
    cond = a > 0
    got = rt.where(T(a) > 0, T(a), T(b))
    assert N(got).tolist() == np.where(cond, a, b).tolist()
    assert rt.where(T(a) > 0, T(a), 0.0).tolist() == np.where(cond, a, np.float32(0)).tolist()
    assert rt.where(T(a) > 0, T(a), 0.0).dtype == rt.float32
    assert rt.where(T([True, False]), 1, T([5, 6])).tolist() == [1, 6]
    assert rt.where(T([True, False]), 1.5, 2).tolist() == [1.5, 2.0]
    with pytest.raises(TypeError, match="where"):
        rt.where(T([1.0, 0.0]), T([1.0, 2.0]), T([3.0, 4.0]))
    with pytest.raises(TypeError, match="where"):
        rt.where(T([True]), "a", 1)


def test_large_inputs_release_the_gil_and_stay_correct(np_rng):
    a = np_rng.standard_normal(40000).astype(np.float32)
    t = T(a)
    np.testing.assert_allclose(N(t * 2 + 1), a * 2 + 1, rtol=1e-6)
    np.testing.assert_allclose(N(rt.sin(t)), np.sin(a), rtol=1e-5, atol=1e-6)
    t += 1
    np.testing.assert_allclose(N(t), a + 1, rtol=1e-6)
