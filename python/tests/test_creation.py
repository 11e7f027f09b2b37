"""Creation functions: rt.zeros/ones/full/empty/arange/linspace/eye/rand/randn, the _like
forms, manual_seed, and the original API's Tensor.zeros/ones/from_vec and rt.from_vec."""

import numpy as np
import pytest

import rusttorch as rt


@pytest.mark.parametrize("fn,value", [(rt.zeros, 0.0), (rt.ones, 1.0), (rt.empty, 0.0)])
def test_constant_fills_take_varargs_or_one_sequence(fn, value):
    for t in (fn(2, 3), fn((2, 3)), fn([2, 3])):
        assert t.shape == (2, 3) and t.dtype == rt.float32
        assert t.tolist() == [[value] * 3] * 2
    assert fn(()).shape == () and fn().shape == ()
    assert fn(0, 4).shape == (0, 4)
    assert fn(3, dtype=rt.int32).tolist() == [int(value)] * 3
    assert fn(3, dtype="float64").dtype == rt.float64


@pytest.mark.parametrize("fn", [rt.zeros, rt.ones, rt.rand, rt.randn, rt.empty])
def test_bad_sizes_are_regular_errors(fn):
    with pytest.raises(ValueError, match="negative size -1 at dim 1"):
        fn(2, -1)
    with pytest.raises(OverflowError):
        fn(2**70)
    with pytest.raises(rt.ShapeError, match="overflows"):
        fn(2**40, 2**40)
    with pytest.raises(TypeError):
        fn(2.5)
    with pytest.raises(TypeError):
        fn(None)
    with pytest.raises(TypeError):
        fn("3")
    with pytest.raises(TypeError, match="unknown dtype"):
        fn(2, dtype="float16")


def test_full_infers_dtype_from_the_fill_value():
    t = rt.full((2, 2), 7)
    assert t.dtype == rt.int64 and t.tolist() == [[7, 7], [7, 7]]
    assert rt.full((2,), 1.5).dtype == rt.float32
    assert rt.full((2,), True).tolist() == [True, True]
    assert rt.full([3], 2.9, dtype=rt.int32).tolist() == [2, 2, 2]
    assert rt.full((1,), float("nan")).tolist()[0] != rt.full((1,), float("nan")).tolist()[0]
    with pytest.raises(TypeError):
        rt.full((2,), "x")
    with pytest.raises(ValueError):
        rt.full((-2,), 1)


def test_arange_matches_numpy_and_torch_dtype_inference():
    assert rt.arange(5).tolist() == list(range(5)) and rt.arange(5).dtype == rt.int64
    assert rt.arange(2, 10, 3).tolist() == [2, 5, 8]
    assert rt.arange(5, 0, -2).tolist() == [5, 3, 1]
    t = rt.arange(0, 1, 0.25)
    assert t.dtype == rt.float32
    np.testing.assert_allclose(t.tolist(), np.arange(0, 1, 0.25))
    assert rt.arange(0.0, 3).dtype == rt.float32
    assert rt.arange(3, dtype=rt.float64).tolist() == [0.0, 1.0, 2.0]
    np.testing.assert_allclose(rt.arange(-1, 1, 0.3, dtype=rt.float64).tolist(), np.arange(-1, 1, 0.3))
    with pytest.raises(ValueError):
        rt.arange(0, 1, 0)
    with pytest.raises(ValueError):
        rt.arange(0, 10, -1)
    with pytest.raises(ValueError):
        rt.arange(float("nan"))
    with pytest.raises(TypeError):
        rt.arange("a")


def test_linspace_and_eye():
    np.testing.assert_allclose(rt.linspace(-1, 1, 5).tolist(), np.linspace(-1, 1, 5))
    np.testing.assert_allclose(
        rt.linspace(0, 1, 7, dtype=rt.float64).tolist(), np.linspace(0, 1, 7), rtol=0, atol=1e-15
    )
    assert rt.linspace(0, 1, 0).shape == (0,)
    assert rt.linspace(3, 9, 1).tolist() == [3.0]
    with pytest.raises(ValueError, match="non-negative"):
        rt.linspace(0, 1, -3)
    assert rt.eye(3).tolist() == np.eye(3).tolist()
    assert rt.eye(2, 3, dtype=rt.int64).tolist() == [[1, 0, 0], [0, 1, 0]]
    with pytest.raises(ValueError):
        rt.eye(-1)
    with pytest.raises(rt.ShapeError):
        rt.eye(2**62)


def test_random_is_seeded_and_plausible():
    rt.manual_seed(42)
    a = rt.rand(1000)
    rt.manual_seed(42)
    b = rt.rand((1000,))
    assert a.tolist() == b.tolist()
    va = np.array(a.tolist())
    assert ((va >= 0) & (va < 1)).all() and abs(va.mean() - 0.5) < 0.05
    rt.manual_seed(1)
    n = np.array(rt.randn(4000, dtype=rt.float64).tolist())
    assert abs(n.mean()) < 0.06 and abs(n.std() - 1) < 0.06
    assert rt.randn(2, 3).shape == (2, 3)
    rt.manual_seed(-1)  # taken modulo 2**64 as torch does
    with pytest.raises(ValueError):
        rt.manual_seed(2**64)
    with pytest.raises(TypeError):
        rt.manual_seed(1.5)
    with pytest.raises(TypeError, match="floating-point"):
        rt.rand(2, dtype=rt.int64)


def test_like_functions_copy_shape_and_dtype():
    x = rt.tensor([[1, 2, 3], [4, 5, 6]], dtype=rt.int32)
    assert rt.zeros_like(x).tolist() == [[0] * 3] * 2 and rt.zeros_like(x).dtype == rt.int32
    assert rt.ones_like(x, dtype=rt.float64).tolist() == [[1.0] * 3] * 2
    assert rt.full_like(x, 7).tolist() == [[7] * 3] * 2
    f = rt.tensor([[1.0, 2.0]])
    r = rt.rand_like(f)
    assert r.shape == (1, 2) and r.dtype == rt.float32
    assert rt.randn_like(f, dtype=rt.float64).dtype == rt.float64
    with pytest.raises(TypeError):
        rt.rand_like(x)
    with pytest.raises(TypeError):
        rt.zeros_like([1, 2])
    t = rt.zeros(2, requires_grad=True)
    assert t.tolist() == [0.0, 0.0]


def test_original_api_static_constructors():
    t = rt.Tensor.zeros([2, 3])
    assert t.shape == (2, 3) and t.dtype == rt.float32 and t.tolist() == [[0.0] * 3] * 2
    o = rt.Tensor.ones((2,), dtype="float64")
    assert o.dtype == rt.float64 and o.tolist() == [1.0, 1.0]
    assert rt.Tensor.ones([2], rt.int64).tolist() == [1, 1]
    with pytest.raises(TypeError):
        rt.Tensor.zeros(3)
    with pytest.raises(ValueError):
        rt.Tensor.zeros([-3])


@pytest.mark.parametrize("fn", [rt.from_vec, rt.Tensor.from_vec])
def test_from_vec(fn):
    t = fn([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], [2, 3])
    assert t.shape == (2, 3) and t.tolist() == [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
    assert fn([1, 2], (2,)).dtype == rt.int64
    assert fn([], [0, 3]).shape == (0, 3)
    with pytest.raises(rt.ShapeError, match=r"5 elements cannot fill shape \[2, 3\] \(6 elements\)"):
        fn([1.0] * 5, [2, 3])
    with pytest.raises(ValueError, match="flat"):
        fn([[1.0, 2.0]], [2])
    with pytest.raises(ValueError):
        fn([1.0], [-1])
    with pytest.raises(TypeError):
        fn([1.0], 1)
    with pytest.raises(rt.ShapeError):
        fn([1.0], [2**40, 2**40])
