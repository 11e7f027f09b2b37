"""The Python protocol of rt.Tensor: repr, item/float/int/index/bool/len/iter, conversions,
clone/contiguous, T/mT, sizes, pickling, copy and hashing."""

import copy
import math
import operator
import pickle
import struct

import numpy as np
import pytest

import rusttorch as rt


def test_repr_matches_pytorch_for_small_tensors():
    assert repr(rt.tensor([[1.0, 2.0], [3.0, 4.0]])) == "tensor([[1., 2.],\n        [3., 4.]])"
    assert str(rt.tensor([1, 2])) == "tensor([1, 2])"
    assert repr(rt.tensor([1, 100, -5])) == "tensor([  1, 100,  -5])"
    assert repr(rt.tensor([True, False])) == "tensor([ True, False])"
    assert repr(rt.tensor(3.5)) == "tensor(3.5000)"
    assert repr(rt.tensor(7)) == "tensor(7)"
    assert repr(rt.tensor([1.5, 2.25], dtype=rt.float64)) == (
        "tensor([1.5000, 2.2500], dtype=rusttorch.float64)"
    )
    assert repr(rt.tensor([1, 2], dtype=rt.int32)) == "tensor([1, 2], dtype=rusttorch.int32)"
    assert repr(rt.tensor([1.0, 2.0], requires_grad=True)) == "tensor([1., 2.], requires_grad=True)"


def test_repr_float_modes():
    assert repr(rt.tensor([1e10, 1.0])) == "tensor([1.0000e+10, 1.0000e+00])"
    assert repr(rt.tensor([0.0001, 1.5])) == "tensor([1.0000e-04, 1.5000e+00])"
    assert repr(rt.tensor([0.0, math.nan, 100.0])) == "tensor([  0.,  nan, 100.])"
    assert repr(rt.tensor([-math.inf, 0.5])) == "tensor([  -inf, 0.5000])"
    assert repr(rt.tensor([0.0, -0.0])) == "tensor([0., -0.])"
    assert repr(rt.tensor([123456789.0, 1.0], dtype=rt.float64)) == (
        "tensor([1.2346e+08, 1.0000e+00], dtype=rusttorch.float64)"
    )


def test_repr_of_empty_tensors_names_size_and_dtype():
    assert repr(rt.tensor([])) == "tensor([])"
    assert repr(rt.zeros(0, 3)) == "tensor([], size=(0, 3))"
    assert repr(rt.zeros(0, dtype=rt.int64)) == "tensor([], dtype=rusttorch.int64)"


def test_repr_wraps_lines_and_summarises_above_1000_elements():
    lines = repr(rt.linspace(0, 1, 30)).split("\n")
    assert lines[0] == "tensor([0.0000, 0.0345, 0.0690, 0.1034, 0.1379, 0.1724, 0.2069, 0.2414, 0.2759,"
    assert len(lines) == 4 and lines[-1].endswith("0.9655, 1.0000])")
    assert repr(rt.arange(2000)) == "tensor([   0,    1,    2,  ..., 1997, 1998, 1999])"
    row = "[0., 0., 0.,  ..., 0., 0., 0.]"
    expected = "tensor([" + ",\n        ".join([row] * 3 + ["..."] + [row] * 3) + "])"
    assert repr(rt.zeros(40, 50)) == expected
    assert repr(rt.arange(1000)).count("...") == 0


def test_item_and_scalar_conversions():
    assert rt.tensor([[5]]).item() == 5 and isinstance(rt.tensor([[5]]).item(), int)
    assert rt.tensor(2.5).item() == 2.5
    assert rt.tensor([True]).item() is True
    with pytest.raises(ValueError, match="a Tensor with 2 elements cannot be converted to Scalar"):
        rt.tensor([1.0, 2.0]).item()
    with pytest.raises(ValueError, match="0 elements"):
        rt.tensor([]).item()
    assert float(rt.tensor([2.5])) == 2.5
    assert int(rt.tensor([-7.9])) == -7
    assert int(rt.tensor(3)) == 3
    with pytest.raises(ValueError):
        float(rt.tensor([1.0, 2.0]))
    assert operator.index(rt.tensor(4)) == 4
    assert [10, 20, 30][rt.tensor(1)] == 20
    with pytest.raises(TypeError, match="integer tensors"):
        operator.index(rt.tensor(1.0))
    with pytest.raises(TypeError):
        operator.index(rt.tensor([1, 2]))


def test_bool_len_iter():
    assert bool(rt.tensor([1.0])) and not bool(rt.tensor(0))
    assert bool(rt.tensor(math.nan))
    with pytest.raises(RuntimeError, match="more than one value is ambiguous"):
        bool(rt.tensor([1, 2]))
    with pytest.raises(RuntimeError, match="no values"):
        bool(rt.tensor([]))
    t = rt.tensor([[1, 2, 3], [4, 5, 6]])
    assert len(t) == 2 and len(rt.zeros(0, 3)) == 0
    with pytest.raises(TypeError, match="len\\(\\) of a 0-d tensor"):
        len(rt.tensor(1.0))
    rows = list(t)
    assert [r.tolist() for r in rows] == [[1, 2, 3], [4, 5, 6]]
    assert [r.tolist() for r in t.T] == [[1, 4], [2, 5], [3, 6]]
    with pytest.raises(TypeError):
        iter(rt.tensor(1.0))


def test_to_and_dtype_shortcuts():
    t = rt.tensor([1.7, -2.2])
    assert t.to("cpu") is t and t.to(device="cpu") is t and t.to(rt.float32) is t
    assert t.to(rt.float64).dtype == rt.float64
    assert t.to(dtype=rt.int64).tolist() == [1, -2]
    assert t.to(rt.tensor([1], dtype=rt.int32)).dtype == rt.int32
    assert t.to("cpu", rt.float64).dtype == rt.float64
    assert t.to("float64").dtype == rt.float64
    with pytest.raises(ValueError, match="cpu"):
        t.to("cuda")
    with pytest.raises(ValueError):
        t.to(device="cuda")
    with pytest.raises(TypeError):
        t.to(3)
    with pytest.raises(TypeError):
        t.to(foo=1)
    assert t.float() is t
    assert t.double().dtype == rt.float64
    assert t.long().tolist() == [1, -2] and t.long().dtype == rt.int64
    assert t.int().dtype == rt.int32 and t.int().tolist() == [1, -2]
    assert t.bool().tolist() == [True, True]
    assert t.type() == "rusttorch.FloatTensor"
    assert t.type(rt.float64).dtype == rt.float64
    assert rt.tensor([1]).type() == "rusttorch.LongTensor"


@pytest.mark.parametrize(
    "dtype,size", [(rt.float32, 4), (rt.float64, 8), (rt.int32, 4), (rt.int64, 8), (rt.bool, 1)]
)
def test_sizes(dtype, size):
    t = rt.zeros(2, 3, dtype=dtype)
    assert t.element_size() == size and t.itemsize == size and t.nbytes == 6 * size
    assert t.is_floating_point() == (dtype in (rt.float32, rt.float64))


def test_clone_contiguous_and_transposes(np_rng):
    a = np_rng.standard_normal((2, 3, 4)).astype(np.float32)
    t = rt.tensor(a.tolist())
    c = t.clone()
    assert c is not t and c.tolist() == t.tolist()
    assert t.is_contiguous() and t.contiguous() is t
    tt = t.T
    assert tt.shape == (4, 3, 2) and not tt.is_contiguous()
    np.testing.assert_array_equal(np.array(tt.tolist(), dtype=np.float32), a.T)
    cc = tt.contiguous()
    assert cc.is_contiguous()
    np.testing.assert_array_equal(np.array(cc.tolist(), dtype=np.float32), a.T)
    np.testing.assert_array_equal(np.array(t.mT.tolist(), dtype=np.float32), a.transpose(0, 2, 1))
    assert rt.tensor(1.0).T.shape == ()
    with pytest.raises(ValueError):
        rt.tensor([1.0]).mT


@pytest.mark.parametrize("dtype", [rt.float32, rt.float64, rt.int32, rt.int64, rt.bool])
def test_pickle_round_trips_exactly(dtype):
    if dtype in (rt.float32, rt.float64):
        data = [[0.1, math.nan, math.inf], [-math.inf, -0.0, 1e-30]]
    elif dtype == rt.bool:
        data = [[True, False, True], [False, False, True]]
    else:
        data = [[1, -2, 2**31 - 1], [-(2**31), 0, 5]]
    t = rt.tensor(data, dtype=dtype)
    u = pickle.loads(pickle.dumps(t))
    assert u.dtype == dtype and u.shape == (2, 3)
    if dtype in (rt.float32, rt.float64):
        fmt = "f" if dtype == rt.float32 else "d"
        bits = lambda x: [struct.pack(fmt, v) for row in x.tolist() for v in row]
        assert bits(u) == bits(t)
    else:
        assert u.tolist() == t.tolist()


def test_pickle_keeps_requires_grad_and_non_contiguous_values():
    t = rt.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    u = pickle.loads(pickle.dumps(t))
    assert repr(u) == repr(t)
    v = pickle.loads(pickle.dumps(rt.tensor([[1, 2, 3], [4, 5, 6]]).T))
    assert v.tolist() == [[1, 4], [2, 5], [3, 6]]
    assert pickle.loads(pickle.dumps(rt.tensor(2.5))).tolist() == 2.5
    with pytest.raises(ValueError):
        rt._rusttorch._rebuild_tensor("float32", [2], b"\x00" * 7, False)


def test_copy_deepcopy_and_hash():
    t = rt.tensor([1.0, 2.0], requires_grad=True)
    d = copy.deepcopy(t)
    assert d is not t and d.tolist() == [1.0, 2.0] and repr(d) == repr(t)
    s = copy.copy(t)
    assert s is not t and s.tolist() == t.tolist()
    assert hash(t) == hash(t) and hash(t) != hash(s)
    assert len({t, s, d}) == 3
    with pytest.raises(RuntimeError, match="graph leaves"):
        copy.deepcopy(t.T)
    x = [t, t]
    y = copy.deepcopy(x)
    assert y[0] is y[1]
