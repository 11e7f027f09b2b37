"""The original RustTorch API names (module functions, original argument order) against
numpy, and the original report's basic-ops usage example."""

import numpy as np
import pytest

import rusttorch as rt


def T(a, dtype=None):
    return rt.tensor(np.asarray(a).tolist(), dtype=dtype)


def N(t):
    return np.array(t.tolist())


def test_basic_ops_usage_example():
    # The original report's basic-ops example: create, add, matmul, relu, softmax, sum,
    # mse_loss; results checked against numpy.
    a_np = np.array([[1.0, -2.0], [3.0, 4.0]], dtype=np.float32)
    b_np = np.array([[0.5, 1.0], [-1.0, 2.0]], dtype=np.float32)
    a = rt.tensor(a_np.tolist())
    b = rt.tensor(b_np.tolist())
    c = rt.add(a, b)
    np.testing.assert_allclose(N(c), a_np + b_np)
    d = rt.matmul(a, b)
    np.testing.assert_allclose(N(d), a_np @ b_np, rtol=1e-6)
    r = rt.relu(a)
    np.testing.assert_allclose(N(r), np.maximum(a_np, 0))
    s = rt.softmax(a)
    e = np.exp(a_np - a_np.max(-1, keepdims=True))
    np.testing.assert_allclose(N(s), e / e.sum(-1, keepdims=True), rtol=1e-6)
    total = rt.sum(a)
    assert total.shape == () and total.tolist() == pytest.approx(a_np.sum())
    assert (total == 6).tolist() is True
    loss = rt.mse_loss(a, b)
    assert loss.tolist() == pytest.approx(((a_np - b_np) ** 2).mean())
    assert rt.mean(a).tolist() == pytest.approx(a_np.mean())
    assert rt.max(a).tolist() == 4.0 and rt.min(a).tolist() == -2.0


@pytest.mark.parametrize(
    "name,npf",
    [
        ("add_broadcast", np.add),
        ("sub_broadcast", np.subtract),
        ("mul_broadcast", np.multiply),
        ("div_broadcast", np.true_divide),
        ("add_simd", np.add),
        ("mul_simd", np.multiply),
        ("add", np.add),
        ("sub", np.subtract),
        ("mul", np.multiply),
        ("div", np.true_divide),
    ],
)
@pytest.mark.parametrize("dt,npdt", [(rt.float32, np.float32), (rt.float64, np.float64), (rt.int64, np.int64)])
def test_two_tensor_functions(np_rng, name, npf, dt, npdt):
    a = np_rng.integers(1, 9, size=(3, 4)).astype(npdt)
    b = np_rng.integers(1, 9, size=(4,)).astype(npdt)
    got = getattr(rt, name)(T(a, dt), T(b, dt))
    np.testing.assert_allclose(N(got), npf(a, b), rtol=1e-6)
    with pytest.raises(rt.ShapeError, match=name.split("_")[0]):
        getattr(rt, name)(T(a, dt), T(np.ones(3), dt))
    with pytest.raises(TypeError, match=name):
        getattr(rt, name)(T(a, dt), None)


def test_scalar_forms(np_rng):
    a = np_rng.standard_normal((2, 3)).astype(np.float32)
    t = T(a)
    np.testing.assert_allclose(N(rt.add_scalar(t, 1.5)), a + np.float32(1.5), rtol=1e-6)
    np.testing.assert_allclose(N(rt.mul_scalar(t, -2)), a * -2, rtol=1e-6)
    np.testing.assert_allclose(N(rt.mul_scalar_simd(t, 0.5)), a * 0.5, rtol=1e-6)
    assert rt.add_scalar(T([1, 2]), 2).dtype == rt.int64
    assert rt.add_scalar(T([1, 2]), 0.5).tolist() == [1.5, 2.5]
    with pytest.raises(TypeError, match="add_scalar"):
        rt.add_scalar(t, "1")
    with pytest.raises(TypeError, match="mul_scalar"):
        rt.mul_scalar(t, t)


def test_relu_simd_and_fma(np_rng):
    a, b, c = (np_rng.standard_normal((3, 4)) for _ in range(3))
    assert N(rt.relu_simd(T(a, rt.float64))).tolist() == np.maximum(a, 0).tolist()
    got = rt.fused_multiply_add(T(a, rt.float64), T(b, rt.float64), T(c[0], rt.float64))
    np.testing.assert_allclose(N(got), a * b + c[0], rtol=1e-14)
    with pytest.raises(rt.ShapeError):
        rt.fused_multiply_add(T(a), T(b), T(np.ones(3)))


def test_original_losses(np_rng):
    p = np_rng.uniform(0.05, 0.95, size=(4, 3))
    y = (np_rng.uniform(size=(4, 3)) > 0.5).astype(np.float64)
    bce = -(y * np.log(p) + (1 - y) * np.log(1 - p)).mean()
    got = rt.binary_cross_entropy_loss(T(p, rt.float64), T(y, rt.float64))
    assert got.shape == () and got.tolist() == pytest.approx(bce, rel=1e-12)
    clamped = rt.binary_cross_entropy_loss(T([0.0]), T([1.0]), 1e-3).tolist()
    assert clamped == pytest.approx(-np.log(1e-3), rel=1e-5)
    q = p / p.sum(1, keepdims=True)
    onehot = np.eye(3)[np_rng.integers(0, 3, size=4)]
    ce = -(onehot * np.log(q)).sum(1).mean()  # summed over classes, mean over samples
    assert rt.cross_entropy_loss(T(q, rt.float64), T(onehot, rt.float64)).tolist() == pytest.approx(ce, rel=1e-12)
    with pytest.raises(ValueError, match="epsilon"):
        rt.binary_cross_entropy_loss(T(p), T(y), 0.7)
    with pytest.raises(ValueError, match="epsilon"):
        rt.cross_entropy_loss(T(q), T(onehot), -1.0)


@pytest.mark.parametrize("dt,npdt", [(rt.float32, np.float32), (rt.float64, np.float64)])
def test_optimizer_updates(np_rng, dt, npdt):
    p, g, v = (np_rng.standard_normal(5).astype(npdt) for _ in range(3))
    tol = 1e-6 if npdt == np.float32 else 1e-12
    np.testing.assert_allclose(N(rt.sgd_update(T(p, dt), T(g, dt), 0.1)), p - 0.1 * g, rtol=tol, atol=tol)
    p2, v2 = rt.sgd_momentum_update(T(p, dt), T(g, dt), T(v, dt), 0.1, 0.9)
    np.testing.assert_allclose(N(v2), 0.9 * v + g, rtol=tol, atol=tol)
    np.testing.assert_allclose(N(p2), p - 0.1 * (0.9 * v + g), rtol=tol, atol=tol)

    def adam(p, g, m, v, step, lr, b1, b2, eps, wd=0.0):
        p = p * (1 - lr * wd)
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        mhat, vhat = m / (1 - b1**step), v / (1 - b2**step)
        return p - lr * mhat / (np.sqrt(vhat) + eps), m, v

    m0 = np_rng.standard_normal(5).astype(npdt) * 0.1
    v0 = np.abs(np_rng.standard_normal(5)).astype(npdt) * 0.1
    got = rt.adam_update(T(p, dt), T(g, dt), T(m0, dt), T(v0, dt), 3, 0.01, 0.9, 0.999, 1e-8)
    want = adam(p.astype(np.float64), g, m0, v0, 3, 0.01, 0.9, 0.999, 1e-8)
    for x, w in zip(got, want):
        np.testing.assert_allclose(N(x), w, rtol=1e-5 if npdt == np.float32 else 1e-10, atol=1e-6)
    got = rt.adamw_update(T(p, dt), T(g, dt), T(m0, dt), T(v0, dt), 2, lr=0.01, weight_decay=0.1)
    want = adam(p.astype(np.float64), g, m0, v0, 2, 0.01, 0.9, 0.999, 1e-8, 0.1)
    for x, w in zip(got, want):
        np.testing.assert_allclose(N(x), w, rtol=1e-5 if npdt == np.float32 else 1e-10, atol=1e-6)
    z = T(np.zeros(5), dt)
    for bad in (0, -1, -(2**70)):
        with pytest.raises((ValueError, OverflowError), match="step|int"):
            rt.adam_update(T(p, dt), T(g, dt), z, z, bad)
    with pytest.raises(rt.ShapeError):
        rt.sgd_update(T(p, dt), T(g[:3], dt), 0.1)
    with pytest.raises(rt.DTypeError):
        rt.sgd_update(T([1, 2]), T([1, 2]), 0.1)
    with pytest.raises(ValueError, match="lr"):
        rt.sgd_update(T(p, dt), T(g, dt), float("nan"))


def test_broadcast_utilities():
    assert rt.shapes_broadcastable([3, 1], (1, 4)) is True
    assert rt.shapes_broadcastable([3], [4]) is False
    assert rt.shapes_broadcastable([], [2, 3]) is True
    assert rt.broadcast_shape([3, 1], [2, 1, 4]) == (2, 3, 4)
    with pytest.raises(rt.ShapeError, match="broadcast_shape"):
        rt.broadcast_shape([3], [4])
    with pytest.raises(ValueError, match="non-negative"):
        rt.broadcast_shape([-1], [4])
    with pytest.raises(TypeError, match="broadcast_shape"):
        rt.broadcast_shape(3, [4])
    with pytest.raises(TypeError, match="broadcast_shape"):
        rt.broadcast_shape(["a"], [4])
    a, b = T([[1.0], [2.0]]), T([10.0, 20.0, 30.0])
    x, y = rt.broadcast_tensors(a, b)
    assert x.tolist() == np.broadcast_to([[1.0], [2.0]], (2, 3)).tolist()
    assert y.tolist() == np.broadcast_to([10.0, 20.0, 30.0], (2, 3)).tolist()
    (x2, y2) = rt.broadcast_tensors([a, b])
    assert x2.shape == y2.shape == (2, 3)
    assert rt.broadcast_tensors() == ()
    with pytest.raises(rt.ShapeError, match="broadcast_tensors"):
        rt.broadcast_tensors(T([1.0, 2.0]), T([1.0, 2.0, 3.0]))
    with pytest.raises(TypeError, match="broadcast_tensors"):
        rt.broadcast_tensors(a, 1.0)


def test_original_training_loop_with_autograd_instead_of_manual_gradients():
    # The report's training loop (linear regression: matmul, mse_loss, sgd_update), with the
    # hand-derived gradient replaced by `backward()`.
    rng = np.random.default_rng(0)
    x = rng.standard_normal((64, 3)).astype(np.float32)
    true_w = np.array([[2.0], [-1.0], [0.5]], dtype=np.float32)
    xt, yt = rt.Tensor.from_numpy(x), rt.Tensor.from_numpy(x @ true_w)
    w = rt.Tensor.zeros([3, 1]).requires_grad_()
    losses = []
    for _ in range(150):
        loss = rt.mse_loss(rt.matmul(xt, w), yt)
        loss.backward()
        losses.append(float(loss))
        with rt.no_grad():
            w = rt.sgd_update(w, w.grad, 0.1)
        w.requires_grad_()
    assert losses[0] > 1.0 and losses[-1] < 1e-6 and losses == sorted(losses, reverse=True)
    np.testing.assert_allclose(w.detach().numpy(), true_w, atol=1e-3)
