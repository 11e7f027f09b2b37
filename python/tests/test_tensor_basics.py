"""rt.tensor, dtypes, shape and tolist: the base every other test builds on."""

import pickle

import pytest

import rusttorch as rt


def test_version_is_the_crate_version():
    assert isinstance(rt.__version__, str) and rt.__version__.count(".") == 2


def test_tensor_infers_dtype_like_torch():
    assert rt.tensor([1.0, 2.0]).dtype == rt.float32
    assert rt.tensor([1, 2]).dtype == rt.int64
    assert rt.tensor([True, False]).dtype == rt.bool
    assert rt.tensor([1, 2.5]).dtype == rt.float32
    assert rt.tensor([]).dtype == rt.float32


def test_tensor_shape_and_values_round_trip():
    data = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
    t = rt.tensor(data)
    assert t.shape == (2, 3)
    assert t.ndim == 2 and t.dim() == 2
    assert t.numel() == 6
    assert t.size() == (2, 3) and t.size(-1) == 3
    assert t.tolist() == data


def test_tensor_with_dtype_converts():
    t = rt.tensor([1.7, -2.2], dtype=rt.int64)
    assert t.dtype == rt.int64
    assert t.tolist() == [1, -2]
    assert rt.tensor([1, 2], dtype="float64").tolist() == [1.0, 2.0]
    assert rt.tensor(3.5).tolist() == 3.5
    assert rt.tensor(3.5).shape == ()


def test_tensor_from_tensor_copies():
    a = rt.tensor([1.0, 2.0])
    b = rt.tensor(a, dtype=rt.float64)
    assert b.dtype == rt.float64 and b.tolist() == [1.0, 2.0]


def test_ragged_data_names_the_dim():
    with pytest.raises(ValueError, match="length 2 at dim 1"):
        rt.tensor([[1.0, 2.0], [3.0]])
    with pytest.raises(TypeError):
        rt.tensor("abc")
    with pytest.raises(TypeError):
        rt.tensor([1.0, None])


def test_int32_overflow_is_an_error():
    with pytest.raises(ValueError, match="int32"):
        rt.tensor([2**40], dtype=rt.int32)


def test_dtypes_compare_hash_and_pickle():
    assert rt.float32 == rt.float and rt.float64 == rt.double and rt.int64 == rt.long
    assert len({rt.float32, rt.float, rt.int64}) == 2
    assert repr(rt.float32) == "rusttorch.float32"
    assert rt.float64.itemsize == 8 and rt.float64.is_floating_point
    assert not rt.int32.is_floating_point
    assert pickle.loads(pickle.dumps(rt.int32)) == rt.int32


def test_exception_classes():
    assert issubclass(rt.ShapeError, ValueError)
    assert issubclass(rt.DTypeError, TypeError)
    assert issubclass(rt.CsvError, ValueError)


def test_tensor_returns_an_rt_tensor():
    t = rt.tensor([1.0])
    assert isinstance(t, rt.Tensor)
    assert type(t).__name__ == "Tensor" and type(t).__module__ == "rusttorch"
