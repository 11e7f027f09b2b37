"""Shape and view ops, compared with numpy on contiguous and non-contiguous inputs."""

import numpy as np
import pytest

import rusttorch as rt

DTYPES = [(rt.float32, np.float32), (rt.float64, np.float64), (rt.int32, np.int32), (rt.int64, np.int64)]


def arr(t):
    return np.array(t.tolist())


def make(np_rng, shape, dtype=(rt.float32, np.float32)):
    a = (np_rng.standard_normal(shape) * 10).astype(dtype[1])
    return a, rt.tensor(a.tolist(), dtype=dtype[0])


def inputs(np_rng, dtype):
    """A contiguous tensor and non-contiguous views of it, with their numpy twins."""
    a, t = make(np_rng, (4, 6, 5), dtype)
    yield a, t
    yield a.transpose(2, 0, 1), t.permute(2, 0, 1)
    yield a[:, 1:4, 1:], t.narrow(1, 1, 3).narrow(2, 1, 4)
    yield a.transpose(1, 0, 2)[1:3], t.transpose(0, 1).narrow(0, 1, 2)


@pytest.mark.parametrize("dtype", DTYPES)
def test_reshape_and_flatten_match_numpy_on_non_contiguous_inputs(np_rng, dtype):
    for a, t in inputs(np_rng, dtype):
        assert arr(t).tolist() == a.tolist()
        n = a.size
        np.testing.assert_array_equal(arr(t.reshape(-1)), a.reshape(-1))
        np.testing.assert_array_equal(arr(t.reshape(n // a.shape[0], a.shape[0])), a.reshape(n // a.shape[0], a.shape[0]))
        np.testing.assert_array_equal(arr(t.reshape((a.shape[0], -1))), a.reshape(a.shape[0], -1))
        np.testing.assert_array_equal(arr(rt.reshape(t, [-1, a.shape[-1]])), a.reshape(-1, a.shape[-1]))
        np.testing.assert_array_equal(arr(t.flatten()), a.reshape(-1))
        np.testing.assert_array_equal(arr(t.flatten(1)), a.reshape(a.shape[0], -1))
        np.testing.assert_array_equal(arr(rt.flatten(t, 0, 1)), a.reshape(-1, a.shape[2]))
        np.testing.assert_array_equal(arr(t.T), a.T)
        np.testing.assert_array_equal(arr(t.transpose(0, 2).reshape(-1)), a.transpose(2, 1, 0).reshape(-1))


def test_reshape_errors():
    t = rt.arange(6)
    with pytest.raises(rt.ShapeError, match="reshape"):
        t.reshape(4, 2)
    with pytest.raises(rt.ShapeError):
        t.reshape(-1, -1)
    with pytest.raises(rt.ShapeError):
        t.reshape(-2, 3)
    with pytest.raises(TypeError):
        t.reshape(2.0, 3)
    with pytest.raises(OverflowError):
        t.reshape(2**70)
    with pytest.raises(TypeError):
        rt.reshape([1, 2], (2,))
    assert rt.zeros(0, 3).reshape(3, 0, 5).shape == (3, 0, 5)
    with pytest.raises(rt.ShapeError):  # -1 could be anything, as in torch
        rt.zeros(0, 3).reshape(3, 0, -1)


def test_view_shares_storage_and_refuses_non_viewable_strides():
    t = rt.arange(6).reshape(2, 3)
    v = t.view(3, 2)
    assert v.tolist() == [[0, 1], [2, 3], [4, 5]]
    assert t.view(-1).tolist() == list(range(6))
    with pytest.raises(rt.ShapeError, match="view"):
        t.T.view(6)
    assert t.T.reshape(6).tolist() == [0, 3, 1, 4, 2, 5]
    assert t.T.contiguous().view(6).tolist() == [0, 3, 1, 4, 2, 5]


def test_transpose_t_permute(np_rng):
    a, t = make(np_rng, (2, 3, 4))
    np.testing.assert_array_equal(arr(t.transpose(0, 2)), a.transpose(2, 1, 0))
    np.testing.assert_array_equal(arr(t.transpose(-1, 1)), a.transpose(0, 2, 1))
    np.testing.assert_array_equal(arr(rt.transpose(t, 0, 1)), a.transpose(1, 0, 2))
    np.testing.assert_array_equal(arr(t.permute(1, 2, 0)), a.transpose(1, 2, 0))
    np.testing.assert_array_equal(arr(t.permute((2, 0, 1))), a.transpose(2, 0, 1))
    np.testing.assert_array_equal(arr(rt.permute(t, [2, 1, 0])), a.transpose(2, 1, 0))
    m = t.select(0, 1)
    np.testing.assert_array_equal(arr(m.t()), a[1].T)
    np.testing.assert_array_equal(arr(rt.transpose(m)), a[1].T)  # original API: transpose(t)
    assert rt.transpose(rt.tensor([1, 2])).tolist() == [1, 2]
    with pytest.raises(ValueError, match="dim0 and dim1"):
        rt.transpose(t)
    with pytest.raises(TypeError):
        rt.transpose(t, 0)
    with pytest.raises(ValueError, match="<= 2"):
        t.t()
    with pytest.raises(IndexError):
        t.transpose(0, 3)
    with pytest.raises(ValueError):
        t.permute(0, 0, 1)
    with pytest.raises(ValueError):
        t.permute(0, 1)
    with pytest.raises(IndexError):
        t.permute(0, 1, 5)


def test_squeeze_unsqueeze(np_rng):
    a, t = make(np_rng, (1, 3, 1, 2))
    np.testing.assert_array_equal(arr(t.squeeze()), a.squeeze())
    np.testing.assert_array_equal(arr(t.squeeze(0)), a.squeeze(0))
    np.testing.assert_array_equal(arr(t.squeeze(1)), a)  # size 3: unchanged, as torch
    np.testing.assert_array_equal(arr(t.squeeze((0, 2))), a.squeeze((0, 2)))
    np.testing.assert_array_equal(arr(rt.squeeze(t, -2)), a.squeeze(2))
    np.testing.assert_array_equal(arr(rt.squeeze(t)), a.squeeze())
    assert t.unsqueeze(0).shape == (1, 1, 3, 1, 2)
    assert t.unsqueeze(-1).shape == (1, 3, 1, 2, 1)
    np.testing.assert_array_equal(arr(rt.unsqueeze(t.squeeze(), 1)), np.expand_dims(a.squeeze(), 1))
    assert rt.tensor(1.0).unsqueeze(0).shape == (1,)
    with pytest.raises(IndexError):
        t.squeeze(4)
    with pytest.raises(IndexError):
        t.squeeze((0, 9))
    with pytest.raises(IndexError):
        t.unsqueeze(6)


def test_expand_and_expand_as():
    t = rt.tensor([[1], [2]])
    e = t.expand(2, 3)
    assert e.tolist() == [[1, 1, 1], [2, 2, 2]]
    assert t.expand((3, -1, 2)).tolist() == [[[1, 1], [2, 2]]] * 3
    assert t.T.expand(4, 2).tolist() == [[1, 2]] * 4
    assert t.expand_as(rt.zeros(2, 4)).shape == (2, 4)
    assert e.reshape(-1).tolist() == [1, 1, 1, 2, 2, 2]
    with pytest.raises(ValueError):
        t.expand(3, 3)
    with pytest.raises(ValueError):
        t.expand(3)
    with pytest.raises(TypeError):
        t.expand_as([1, 2])


def test_narrow_select_unbind_chunk_split(np_rng):
    a, t = make(np_rng, (5, 4))
    np.testing.assert_array_equal(arr(t.narrow(0, 1, 3)), a[1:4])
    np.testing.assert_array_equal(arr(t.T.narrow(1, -2, 2)), a.T[:, 3:5])
    np.testing.assert_array_equal(arr(rt.narrow(t, 1, 0, 0)), a[:, :0])
    np.testing.assert_array_equal(arr(t.select(1, -1)), a[:, -1])
    np.testing.assert_array_equal(arr(rt.select(t.T, 0, 2)), a.T[2])
    with pytest.raises(ValueError):
        t.narrow(0, 3, 5)
    with pytest.raises(ValueError, match="non-negative"):
        t.narrow(0, 0, -1)
    with pytest.raises(IndexError):
        t.select(0, 5)
    rows = t.unbind()
    assert len(rows) == 5 and all(np.array_equal(arr(r), a[i]) for i, r in enumerate(rows))
    cols = rt.unbind(t, 1)
    assert len(cols) == 4 and np.array_equal(arr(cols[3]), a[:, 3])
    ch = t.chunk(2)
    assert [c.shape for c in ch] == [(3, 4), (2, 4)]
    np.testing.assert_array_equal(np.concatenate([arr(c) for c in ch]), a)
    assert [c.shape for c in rt.chunk(t, 3, 1)] == [(5, 2), (5, 2)]
    assert [c.shape for c in t.chunk(10)] == [(1, 4)] * 5
    with pytest.raises(ValueError):
        t.chunk(0)
    sp = t.split(2)
    assert [s.shape for s in sp] == [(2, 4), (2, 4), (1, 4)]
    sp = rt.split(t, [1, 3], dim=1)
    np.testing.assert_array_equal(arr(sp[1]), a[:, 1:])
    with pytest.raises(ValueError, match="sum to 4"):
        t.split([1, 2], 1)
    with pytest.raises(ValueError):
        t.split(0)
    with pytest.raises(IndexError):
        t.unbind(2)


@pytest.mark.parametrize("dtype", DTYPES)
def test_cat_and_stack_match_numpy(np_rng, dtype):
    a, t = make(np_rng, (2, 3), dtype)
    b, u = make(np_rng, (3, 2), dtype)
    np.testing.assert_array_equal(arr(rt.cat([t, u.T])), np.concatenate([a, b.T]))
    np.testing.assert_array_equal(arr(rt.cat((t, u.T, t), dim=1)), np.concatenate([a, b.T, a], axis=1))
    np.testing.assert_array_equal(arr(rt.cat([t, u.T], -1)), np.concatenate([a, b.T], axis=-1))
    np.testing.assert_array_equal(arr(rt.stack([t, u.T])), np.stack([a, b.T]))
    np.testing.assert_array_equal(arr(rt.stack([t, u.T], dim=2)), np.stack([a, b.T], axis=2))
    np.testing.assert_array_equal(arr(rt.stack([t, t], -1)), np.stack([a, a], axis=-1))


def test_cat_and_stack_errors():
    t = rt.zeros(2, 3)
    with pytest.raises(ValueError):
        rt.cat([])
    with pytest.raises(rt.ShapeError):
        rt.cat([t, rt.zeros(2, 4)])
    with pytest.raises(rt.ShapeError):
        rt.stack([t, t.T])
    with pytest.raises(IndexError):
        rt.cat([t, t], dim=2)
    with pytest.raises(TypeError):
        rt.cat(t)
    with pytest.raises(TypeError):
        rt.cat([t, [1.0]])
    assert rt.cat([rt.tensor([1]), rt.tensor([0.5])]).tolist() == [1.0, 0.5]


def test_large_views_and_copies():
    t = rt.arange(200 * 300).reshape(200, 300)
    a = np.arange(200 * 300).reshape(200, 300)
    np.testing.assert_array_equal(arr(t.T.reshape(-1)), a.T.reshape(-1))
    np.testing.assert_array_equal(arr(rt.cat([t, t.T.T])), np.concatenate([a, a]))
