"""t[key] and t[key] = value, compared with numpy for every key form over contiguous and
non-contiguous tensors."""

import numpy as np
import pytest

import rusttorch as rt


def arr(t):
    return np.array(t.tolist())


def sources(np_rng, dtype=(rt.float64, np.float64)):
    """(numpy array, tensor) pairs of shape (4, 5, 6): contiguous, permuted, sliced."""
    base = (np_rng.standard_normal((6, 5, 8)) * 10).astype(dtype[1])
    t = rt.tensor(base.tolist(), dtype=dtype[0])
    yield base[:4, :, :6], t.narrow(0, 0, 4).narrow(2, 0, 6)
    yield base.transpose(2, 1, 0)[1:5, :, :], t.permute(2, 1, 0).narrow(0, 1, 4)
    a = base[:4, :, :6].copy()
    yield a, rt.tensor(a.tolist(), dtype=dtype[0])


MASK = np.random.default_rng(1).random((4, 5)) > 0.5

KEYS = [
    0,
    -1,
    3,
    (1, 2),
    (-1, -2, -3),
    slice(None),
    slice(1, 3),
    slice(None, None, 2),
    slice(-3, None),
    slice(1, -1, 3),
    slice(10, 20),
    slice(-100, 100, 4),
    (slice(None), 2),
    (slice(None), slice(None, None, 2), slice(1, None, 3)),
    (Ellipsis, 1),
    (1, Ellipsis),
    (Ellipsis, slice(None, None, 2), 0),
    Ellipsis,
    None,
    (None, 1, None),
    (slice(None), None, Ellipsis, None),
    (0, slice(1, 4), None, -1),
    [0, 2],
    [-1, 0, 0],
    (slice(None), [4, 0]),
    (Ellipsis, [5, 1, 1]),
    ([0, 3], [1, 4]),
    ([0, 3], slice(None), [1, 4]),
    ([[0, 1], [2, 3]], [[0, 1], [1, 0]]),
    (slice(1, 3), [0, 1], [2, 3]),
    (1, [0, 2], slice(None)),
    ([0, 2], 1),
    ([[1, 2], [3, 0]],),
    [],
]


@pytest.mark.parametrize("key", KEYS, ids=repr)
def test_getitem_matches_numpy(np_rng, key):
    for a, t in sources(np_rng):
        got = t[key]
        want = a[key]
        assert got.shape == want.shape, (key, got.shape, want.shape)
        np.testing.assert_array_equal(arr(got).reshape(want.shape), want)


def test_integer_tensor_and_mask_keys_match_numpy(np_rng):
    for a, t in sources(np_rng, (rt.int64, np.int64)):
        idx = rt.tensor([3, -4, 1])
        np.testing.assert_array_equal(arr(t[idx]), a[[3, -4, 1]])
        np.testing.assert_array_equal(arr(t[:, rt.tensor([[0, 1], [4, 2]], dtype=rt.int32)]), a[:, [[0, 1], [4, 2]]])
        m = rt.tensor(MASK.tolist())
        np.testing.assert_array_equal(arr(t[m]), a[MASK])
        whole = rt.tensor((a > 0).tolist())
        np.testing.assert_array_equal(arr(t[whole]), a[a > 0])
        np.testing.assert_array_equal(arr(t[1, m[0]]), a[1, MASK[0]])
        np.testing.assert_array_equal(arr(t[..., rt.tensor([True, False, True, False, False, True])]), a[..., [True, False, True, False, False, True]])
        np.testing.assert_array_equal(arr(t[MASK.tolist()]), a[MASK])
        assert t[rt.tensor(2)].tolist() == a[2].tolist()  # a 0-d int tensor is an int
        none = rt.tensor(np.zeros((4, 5), dtype=bool).tolist())
        assert t[none].shape == (0, 6)


def test_flags_and_empty_results():
    t = rt.arange(6).reshape(2, 3)
    a = np.arange(6).reshape(2, 3)
    assert t[True].shape == a[True].shape == (1, 2, 3)
    assert t[False].shape == a[False].shape == (0, 2, 3)
    assert t[rt.tensor(True)].shape == (1, 2, 3)
    assert t[1:1].shape == (0, 3)
    assert t[:, []].shape == (2, 0)
    s = rt.tensor(5.0)
    assert s[None].tolist() == [5.0] and s[...].tolist() == 5.0


def test_getitem_values_survive_views_and_autograd():
    x = rt.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
    y = x[:, [2, 0]]
    assert y.tolist() == [[3.0, 1.0], [6.0, 4.0]]
    if not hasattr(y, "backward"):
        pytest.skip("backward is bound in another part of the package")
    y.sum().backward()
    assert x.grad.tolist() == [[1.0, 0.0, 1.0], [1.0, 0.0, 1.0]]


def test_index_errors_name_index_dim_and_size():
    t = rt.zeros(2, 3)
    with pytest.raises(IndexError, match="index 3 is out of bounds for dimension 1 with size 3"):
        t[0, 3]
    with pytest.raises(IndexError, match="index -3 is out of bounds for dimension 0 with size 2"):
        t[-3]
    with pytest.raises(IndexError, match="index 5 is out of bounds for dimension 1 with size 3"):
        t[:, [0, 5]]
    with pytest.raises(IndexError, match="index 2 is out of bounds for dimension 0"):
        t[rt.tensor([2])]
    with pytest.raises(IndexError, match="too many indices"):
        t[0, 0, 0]
    with pytest.raises(IndexError, match="too many indices"):
        rt.tensor(1.0)[0]
    with pytest.raises(IndexError, match="single ellipsis"):
        t[..., ...]
    with pytest.raises(IndexError, match="does not match"):
        t[rt.tensor([True, False, True])]
    with pytest.raises(IndexError, match="long, int or bool"):
        t[rt.tensor([0.0])]
    with pytest.raises(ValueError, match="step must be greater than zero"):
        t[::-1]
    with pytest.raises(ValueError):
        t[::0]
    with pytest.raises(TypeError):
        t["a"]
    with pytest.raises(TypeError):
        t[1.5]
    with pytest.raises(IndexError):
        t[2**70]
    with pytest.raises(rt.ShapeError):
        t[[0, 1], [0, 1, 2]]
    assert t[2**70:].shape == (0, 3) and t[-(2**70):].shape == (2, 3)


def setitem_cases():
    return [
        (0, 7.0),
        (-1, [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]),
        ((slice(None), 1), 3.5),
        ((slice(1, 3), slice(None), slice(None, None, 2)), -1.0),
        ((Ellipsis, 0), [[1.0], [2.0], [3.0], [4.0]]),
        ((slice(None), None, 2), [9.0, 8.0, 7.0, 6.0, 5.0, 4.0]),
        ([0, 2], 0.5),
        ((slice(None), [4, 0]), [[[1.0] * 6, [2.0] * 6]]),
        (([0, 3], [1, 4]), [[10.0] * 6, [20.0] * 6]),
        ((1, 2, 3), 42.0),
        ("mask", 0.0),
        ("whole", -5.0),
    ]


@pytest.mark.parametrize("key,value", setitem_cases(), ids=repr)
def test_setitem_matches_numpy(np_rng, key, value):
    for a, t in sources(np_rng):
        a = a.copy()
        if isinstance(key, str):
            m = MASK if key == "mask" else a > 0
            rkey = rt.tensor(m.tolist())
            a[m] = value
            t[rkey] = value
        else:
            a[key] = np.array(value)
            t[key] = value
        np.testing.assert_array_equal(arr(t), a)


def test_setitem_with_tensor_values_converts_and_broadcasts(np_rng):
    a = np.arange(12, dtype=np.int64).reshape(3, 4)
    t = rt.tensor(a.tolist())
    t[1] = rt.tensor([1.9, 2.9, 3.9, 4.9])
    a[1] = [1, 2, 3, 4]
    t[:, 0] = rt.tensor(-1)
    a[:, 0] = -1
    t[0:2, 1:3] = rt.tensor([[7], [8]]).T.T
    a[0:2, 1:3] = [[7], [8]]
    t[..., rt.tensor([3])] = rt.tensor([[[100]]])  # leading 1-dims are dropped, as torch
    a[..., [3]] = 100
    assert t.tolist() == a.tolist() and t.dtype == rt.int64
    with pytest.raises(rt.ShapeError, match="cannot be broadcast"):
        t[0] = rt.tensor([1, 2, 3])
    with pytest.raises(IndexError):
        t[3] = 0
    with pytest.raises(TypeError):
        t[0] = "x"
    b = rt.tensor([True, False])
    b[1] = 1
    assert b.tolist() == [True, True]


def test_setitem_is_copy_on_write_for_earlier_views():
    t = rt.tensor([[1.0, 2.0], [3.0, 4.0]])
    row = t[0]
    t[0, 0] = 10.0
    assert t.tolist() == [[10.0, 2.0], [3.0, 4.0]]
    assert row.tolist() == [1.0, 2.0]  # documented difference from PyTorch
    u = t.T
    u[0] = 0.0
    assert u.tolist() == [[0.0, 0.0], [2.0, 4.0]]


def test_setitem_on_a_leaf_that_requires_grad():
    x = rt.tensor([1.0, 2.0, 3.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="leaf"):
        x[0] = 5.0
    assert x.tolist() == [1.0, 2.0, 3.0]
    if not hasattr(rt, "no_grad"):
        pytest.skip("rt.no_grad is bound in another part of the package")
    with rt.no_grad():
        x[0] = 5.0
    assert x.tolist() == [5.0, 2.0, 3.0]
    assert "requires_grad=True" in repr(x)


def test_large_setitem_and_getitem():
    n = 300
    a = np.arange(n * n, dtype=np.float64).reshape(n, n)
    t = rt.tensor(a.tolist())
    t[::2, 1::3] = 0.0
    a[::2, 1::3] = 0.0
    np.testing.assert_array_equal(arr(t), a)
    np.testing.assert_array_equal(arr(t.T[[5, 7], 3:9]), a.T[[5, 7], 3:9])


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_bounds = st.one_of(st.none(), st.integers(-8, 8))
_basic = st.one_of(
    st.integers(-5, 5),
    st.builds(slice, _bounds, _bounds, st.one_of(st.none(), st.integers(1, 3))),
    st.just(None),
    st.just(Ellipsis),
    st.lists(st.integers(-4, 3), min_size=0, max_size=3),
)


@settings(max_examples=300, deadline=None)
@given(key=st.lists(_basic, min_size=1, max_size=4), transposed=st.booleans())
def test_random_keys_agree_with_numpy_or_raise_regular_errors(key, transposed):
    a = np.arange(60).reshape(3, 4, 5)
    t = rt.arange(60).reshape(3, 4, 5)
    if transposed:
        a, t = a.transpose(2, 0, 1), t.permute(2, 0, 1)
    key = tuple(key)
    # NumPy counts an int next to an index list as an advanced index (moving the result's
    # dims to the front when they are not adjacent); PyTorch applies ints first as
    # `select`. Those keys are checked separately below.
    if any(isinstance(k, list) for k in key) and any(isinstance(k, int) for k in key):
        return
    try:
        want = a[key]
    except (IndexError, ValueError, TypeError):
        with pytest.raises((IndexError, ValueError, TypeError)):
            t[key]
        return
    got = t[key]
    assert got.shape == want.shape
    np.testing.assert_array_equal(arr(got).reshape(want.shape), want)
    b = a.copy()
    b[key] = -1
    t[key] = -1
    np.testing.assert_array_equal(arr(t), b)


def test_ints_next_to_index_lists_follow_pytorch_not_numpy():
    t = rt.arange(60).reshape(3, 4, 5)
    a = np.arange(60).reshape(3, 4, 5)
    got = t[0, :, [1, 2]]
    assert got.shape == (4, 2)  # numpy gives (2, 4)
    np.testing.assert_array_equal(arr(got), a[0][:, [1, 2]])
    t[0, :, [1, 2]] = rt.tensor([[-1, -2]] * 4)
    a[0][:, [1, 2]] = [[-1, -2]] * 4
    np.testing.assert_array_equal(arr(t), a)
