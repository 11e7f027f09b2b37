"""numpy interop: t.numpy() / np.asarray(t) as read-only views, rt.from_numpy sharing memory
where the layout allows and copying in logical order otherwise, rt.tensor on numpy data."""

import gc
import sys

import numpy as np
import pytest

import rusttorch as rt

DTYPES = [
    (np.bool_, rt.bool),
    (np.int32, rt.int32),
    (np.int64, rt.int64),
    (np.float32, rt.float32),
    (np.float64, rt.float64),
]


def sample(np_dtype, shape, rng):
    """Distinct values of `np_dtype` (negatives and fractions where the dtype has them)."""
    n = int(np.prod(shape))
    if np_dtype is np.bool_:
        return (rng.integers(0, 2, n) == 1).reshape(shape)
    if np.issubdtype(np_dtype, np.integer):
        return rng.integers(-1000, 1000, n).astype(np_dtype).reshape(shape)
    return (rng.standard_normal(n) * 10).astype(np_dtype).reshape(shape)


def shares(t, a):
    """True if tensor `t` views the memory of array `a`."""
    return np.shares_memory(t.numpy(), a)


# ---------------------------------------------------------------- tensor -> numpy


@pytest.mark.parametrize("np_dtype,rt_dtype", DTYPES)
def test_numpy_keeps_values_and_maps_dtypes(np_dtype, rt_dtype, np_rng):
    a = sample(np_dtype, (3, 4), np_rng)
    t = rt.tensor(a.tolist(), dtype=rt_dtype)
    out = t.numpy()
    assert out.dtype == np.dtype(np_dtype)
    assert out.shape == (3, 4)
    np.testing.assert_array_equal(out, a)


def test_numpy_is_a_read_only_view_without_copy():
    t = rt.tensor([[1.0, 2.0], [3.0, 4.0]])
    a = t.numpy()
    b = np.asarray(t)
    assert not a.flags.writeable and not b.flags.writeable
    assert not a.flags.owndata
    assert np.shares_memory(a, b)  # both view the tensor's one buffer
    assert a.flags.c_contiguous
    with pytest.raises(ValueError, match="read-only"):
        a[0, 0] = 10.0
    with pytest.raises(ValueError, match="read-only"):
        b += 1
    assert t.tolist() == [[1.0, 2.0], [3.0, 4.0]]


def test_numpy_view_keeps_the_buffer_alive():
    a = rt.tensor([[1.5, 2.5, 3.5]], dtype=rt.float64).numpy()
    gc.collect()
    # Allocate and free a few same-size tensors: a freed buffer would be overwritten.
    for _ in range(3):
        rt.tensor([[9.0, 9.0, 9.0]], dtype=rt.float64).numpy()
    np.testing.assert_array_equal(a, [[1.5, 2.5, 3.5]])
    assert "TensorBuffer" in repr(a.base)


def test_zero_dim_and_empty_tensors_to_numpy():
    s = rt.tensor(2.5).numpy()
    assert s.shape == () and s.dtype == np.float32 and s == np.float32(2.5)
    e = rt.tensor([]).numpy()
    assert e.shape == (0,) and e.dtype == np.float32
    e2 = rt.tensor([[], []]).numpy()
    assert e2.shape == (2, 0)


def test_numpy_on_tensor_requiring_grad_is_a_runtime_error():
    t = rt.tensor([1.0, 2.0], requires_grad=True)
    msg = "Can't call numpy\\(\\) on Tensor that requires grad. Use tensor.detach\\(\\).numpy\\(\\) instead."
    with pytest.raises(RuntimeError, match=msg):
        t.numpy()
    with pytest.raises(RuntimeError, match="requires grad"):
        np.asarray(t)
    np.testing.assert_array_equal(t.numpy(force=True), [1.0, 2.0])


def test_array_protocol_dtype_and_copy():
    t = rt.tensor([[1.5, -2.5], [3.0, 4.0]])
    # np.array copies (copy=True): a writable array that does not alias the tensor.
    c = np.array(t)
    assert c.flags.writeable and not np.shares_memory(c, t.numpy())
    c[0, 0] = 100.0
    assert t.tolist()[0][0] == 1.5
    # A dtype we have: converted by rusttorch (truncation toward zero, like .to()).
    i = np.asarray(t, dtype=np.int64)
    assert i.dtype == np.int64 and i.tolist() == [[1, -2], [3, 4]] and i.flags.writeable
    # A dtype we do not have: numpy converts.
    h = np.asarray(t, dtype=np.float16)
    assert h.dtype == np.float16 and h.tolist() == [[1.5, -2.5], [3.0, 4.0]]
    assert np.asarray(t, dtype=">f4").tolist() == [[1.5, -2.5], [3.0, 4.0]]
    # Same dtype without copy: the view.
    v = np.asarray(t, dtype=np.float32)
    assert not v.flags.writeable and np.shares_memory(v, t.numpy())
    # copy=False: allowed without a dtype change, an error with one (numpy 2's protocol).
    assert np.shares_memory(t.__array__(copy=False), v)
    with pytest.raises(ValueError, match="Unable to avoid copy"):
        t.__array__(np.float64, copy=False)
    if np.lib.NumpyVersion(np.__version__) >= "2.0.0":
        assert np.shares_memory(np.asarray(t, copy=False), v)
        with pytest.raises(ValueError):
            np.asarray(t, dtype=np.float64, copy=False)


def test_numpy_of_a_strided_view_has_matching_strides():
    x = np.arange(12, dtype=np.float64).reshape(3, 4)
    t = rt.tensor(x)
    transposed = getattr(t, "T", None) if hasattr(rt.Tensor, "T") else None
    if transposed is None:
        pytest.skip("Tensor.T is not in this tree (operators/views come from another helper)")
    a = transposed.numpy()
    np.testing.assert_array_equal(a, x.T)
    assert a.strides == (8, 32) and a.flags.f_contiguous
    assert np.shares_memory(a, t.numpy())


def test_in_place_op_after_numpy_copies_and_the_view_keeps_old_values():
    t = rt.tensor([1.0, 2.0, 3.0])
    a = t.numpy()
    try:
        t += 1
    except TypeError:
        pytest.skip("in-place += is not in this tree (operators come from another helper)")
    assert t.tolist() == [2.0, 3.0, 4.0]
    np.testing.assert_array_equal(a, [1.0, 2.0, 3.0])


# ---------------------------------------------------------------- numpy -> tensor


@pytest.mark.parametrize("np_dtype,rt_dtype", DTYPES)
def test_from_numpy_every_dtype(np_dtype, rt_dtype, np_rng):
    a = sample(np_dtype, (2, 3, 4), np_rng)
    t = rt.from_numpy(a)
    assert t.dtype == rt_dtype
    assert t.shape == (2, 3, 4)
    assert t.tolist() == a.tolist()
    t2 = rt.Tensor.from_numpy(a)
    assert t2.dtype == rt_dtype and t2.tolist() == a.tolist()


@pytest.mark.parametrize("np_dtype", [np.int32, np.int64, np.float32, np.float64])
def test_from_numpy_shares_c_contiguous_writable_memory(np_dtype):
    a = np.arange(6).astype(np_dtype).reshape(2, 3)
    t = rt.from_numpy(a)
    assert shares(t, a)
    a[1, 2] = 42
    assert t.tolist() == [[0, 1, 2], [3, 4, 42]]
    # The tensor keeps the array's memory alive.
    del a
    gc.collect()
    assert t.tolist() == [[0, 1, 2], [3, 4, 42]]


def test_from_numpy_keeps_the_array_referenced():
    a = np.ones(5, dtype=np.float32)
    before = sys.getrefcount(a)
    t = rt.from_numpy(a)
    assert sys.getrefcount(a) == before + 1
    del t
    gc.collect()
    assert sys.getrefcount(a) == before


def test_from_numpy_in_place_writes_show_in_numpy():
    a = np.zeros(3, dtype=np.float32)
    t = rt.from_numpy(a)
    try:
        t += 1
    except TypeError:
        pytest.skip("in-place += is not in this tree (operators come from another helper)")
    np.testing.assert_array_equal(a, [1.0, 1.0, 1.0])


def layouts():
    base = np.arange(24, dtype=np.float32).reshape(4, 6) * 1.5 - 7
    return {
        "fortran_T": base.T,
        "asfortranarray": np.asfortranarray(base),
        "reversed_rows": base[::-1],
        "neg_step_cols": base[:, ::-2],
        "reversed_both": base[::-1, ::-1],
        "unit_dim_step": base[::2],
        "non_unit_cols": base[:, 1::3],
        "3d_transposed": np.arange(60, dtype=np.float64).reshape(3, 4, 5).transpose(2, 0, 1),
        "big_endian": base.astype(">f4"),
        "big_endian_f8": base.astype(">f8"),
        "big_endian_i4_T": np.arange(12).reshape(3, 4).astype(">i4").T,
        "little_explicit": base.astype("<f4"),
    }


@pytest.mark.parametrize("name", list(layouts()))
def test_from_numpy_every_layout_gives_logical_order(name):
    a = layouts()[name]
    t = rt.from_numpy(a)
    assert t.shape == a.shape
    assert t.tolist() == a.tolist()
    np.testing.assert_array_equal(t.numpy(), a)
    # Native dtype kept: '>f4' becomes float32 (native order) with the same values.
    assert t.numpy().dtype == a.dtype.newbyteorder("=")
    assert t.numpy().dtype.isnative


@pytest.mark.parametrize(
    "name", ["fortran_T", "asfortranarray", "reversed_rows", "neg_step_cols", "non_unit_cols", "big_endian"]
)
def test_from_numpy_copies_layouts_it_cannot_share(name):
    a = layouts()[name]
    t = rt.from_numpy(a)
    assert not shares(t, a)
    before = t.tolist()
    a[...] = 0
    assert t.tolist() == before


def test_from_numpy_copies_read_only_arrays():
    a = np.arange(4, dtype=np.float64)
    a.flags.writeable = False
    t = rt.from_numpy(a)
    assert t.tolist() == [0.0, 1.0, 2.0, 3.0]
    assert not shares(t, a)
    b = np.frombuffer(b"\x00\x00\x80\x3f\x00\x00\x00\x40", dtype="<f4")  # read-only bytes
    assert rt.from_numpy(b).tolist() == [1.0, 2.0]


def test_from_numpy_contiguous_slice_shares_at_its_offset():
    a = np.arange(10, dtype=np.int64)
    s = a[3:7]
    t = rt.from_numpy(s)
    assert t.tolist() == [3, 4, 5, 6] and shares(t, s)
    a[4] = -1
    assert t.tolist() == [3, -1, 5, 6]


def test_from_numpy_bool_is_copied_and_normalised():
    raw = np.array([0, 1, 2, 255], dtype=np.uint8)
    b = raw.view(np.bool_)  # bytes other than 0/1, which numpy allows
    t = rt.from_numpy(b)
    assert t.dtype == rt.bool
    assert t.tolist() == [False, True, True, True]
    assert not shares(t, b)


def test_from_numpy_zero_dim_and_empty_arrays():
    z = np.array(3.25, dtype=np.float64)
    t = rt.from_numpy(z)
    assert t.shape == () and t.dtype == rt.float64 and t.tolist() == 3.25
    for shape in [(0,), (2, 0), (0, 3, 1)]:
        for np_dtype, rt_dtype in DTYPES:
            e = rt.from_numpy(np.zeros(shape, dtype=np_dtype))
            assert e.shape == shape and e.dtype == rt_dtype and e.numel() == 0
    assert rt.from_numpy(np.zeros((3, 0)).T).shape == (0, 3)


@pytest.mark.parametrize(
    "arr,name",
    [
        (np.zeros(3, dtype=np.float16), "float16"),
        (np.zeros(3, dtype=np.uint8), "uint8"),
        (np.zeros(3, dtype=np.int16), "int16"),
        (np.zeros(3, dtype=np.uint64), "uint64"),
        (np.zeros(3, dtype=np.complex128), "complex128"),
        (np.array([1, "a"], dtype=object), "object"),
        (np.array(["ab", "c"]), "<U2"),
        (np.zeros(2, dtype=[("x", np.float32)]), "x"),
    ],
)
def test_from_numpy_unsupported_dtype_is_a_type_error(arr, name):
    with pytest.raises(rt.DTypeError, match=f"from_numpy: can't convert a NumPy array of dtype .*{name}"):
        rt.from_numpy(arr)
    with pytest.raises(TypeError, match="supported dtypes are bool, int32, int64, float32 and float64"):
        rt.Tensor.from_numpy(arr)
    with pytest.raises(rt.DTypeError, match="tensor: "):
        rt.tensor(arr)


def test_from_numpy_needs_an_ndarray():
    with pytest.raises(TypeError, match=r"from_numpy: expected np.ndarray \(got list\)"):
        rt.from_numpy([1.0, 2.0])
    with pytest.raises(TypeError, match="got NoneType"):
        rt.from_numpy(None)
    with pytest.raises(TypeError, match="got float32"):
        rt.from_numpy(np.float32(1.0))


def test_large_from_numpy_and_back(np_rng):
    a = np_rng.standard_normal((300, 200))  # 60000 elements: the GIL-releasing paths
    t = rt.from_numpy(a)
    assert shares(t, a)
    f = rt.from_numpy(np.asfortranarray(a))
    np.testing.assert_array_equal(f.numpy(), a)
    b = rt.from_numpy(a > 0)
    np.testing.assert_array_equal(b.numpy(), a > 0)
    np.testing.assert_array_equal(np.array(t), a)
    np.testing.assert_array_equal(np.asarray(t, dtype=np.float32), a.astype(np.float32))


# ---------------------------------------------------------------- rt.tensor on numpy data


@pytest.mark.parametrize("np_dtype,rt_dtype", DTYPES)
def test_tensor_of_array_copies_and_keeps_dtype(np_dtype, rt_dtype, np_rng):
    a = sample(np_dtype, (3, 2), np_rng)
    t = rt.tensor(a)
    assert t.dtype == rt_dtype and t.tolist() == a.tolist()
    assert not shares(t, a)
    f = rt.tensor(np.asfortranarray(a).T)
    assert f.tolist() == a.T.tolist()


def test_tensor_of_array_with_dtype_converts():
    a = np.array([[1.7, -2.2], [0.0, 3.9]])
    assert rt.tensor(a, dtype=rt.int32).tolist() == [[1, -2], [0, 3]]
    assert rt.tensor(a, dtype=rt.int32).dtype == rt.int32
    assert rt.tensor(a.astype(">f8"), dtype=rt.float32).tolist() == a.astype(np.float32).tolist()
    u = np.array([0, 7, 255], dtype=np.uint8)
    assert rt.tensor(u, dtype=rt.int64).tolist() == [0, 7, 255]
    assert rt.tensor(np.array([0.5], dtype=np.float16), dtype=rt.float32).tolist() == [0.5]


@pytest.mark.parametrize(
    "scalar,rt_dtype,value",
    [
        (np.float32(2.5), rt.float32, 2.5),
        (np.float64(-1.25), rt.float64, -1.25),
        (np.int32(-7), rt.int32, -7),
        (np.int64(2**40), rt.int64, 2**40),
        (np.bool_(True), rt.bool, True),
    ],
)
def test_tensor_of_numpy_scalar_keeps_dtype(scalar, rt_dtype, value):
    t = rt.tensor(scalar)
    assert t.shape == () and t.dtype == rt_dtype and t.tolist() == value


def test_tensor_of_numpy_scalar_unsupported():
    with pytest.raises(rt.DTypeError, match="float16"):
        rt.tensor(np.float16(1.0))
    assert rt.tensor(np.float16(1.5), dtype=rt.float64).tolist() == 1.5
    with pytest.raises(TypeError):
        rt.tensor(np.str_("a"), dtype=rt.float32)
