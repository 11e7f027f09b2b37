"""Autograd from Python: backward, grad, requires_grad, detach, retain_grad, no_grad.

Gradients of composite expressions are checked against central finite differences in
float64; the expressions use the linear layer's native forward (``rt._linear``), the public
activations and the ``rt.nn.functional`` losses.
"""

import threading

import pytest

import rusttorch as rt

F = rt.nn.functional

F64 = rt.float64


def nest(flat, shape):
    """The flat list ``flat`` as nested lists of ``shape``."""
    if len(shape) <= 1:
        return list(flat)
    step = len(flat) // shape[0]
    return [nest(flat[i * step:(i + 1) * step], shape[1:]) for i in range(shape[0])]


def flatten(nested):
    if isinstance(nested, list):
        return [v for item in nested for v in flatten(item)]
    return [nested]


def finite_diff(f, inputs, eps=1e-6):
    """Central differences of the scalar ``f(*tensors)`` with respect to every input.

    ``inputs`` is a list of (flat values, shape); returns one flat gradient list per input.
    """
    grads = []
    for k, (flat, shape) in enumerate(inputs):
        g = []
        for i in range(len(flat)):
            vals = []
            for sign in (1.0, -1.0):
                args = []
                for j, (f2, s2) in enumerate(inputs):
                    v = list(f2)
                    if j == k:
                        v[i] += sign * eps
                    args.append(rt.tensor(nest(v, s2), dtype=F64))
                out = f(*args)
                parts = out if isinstance(out, list) else [out]
                vals.append(sum(float(p.tolist()) for p in parts))
            g.append((vals[0] - vals[1]) / (2 * eps))
        grads.append(g)
    return grads


def autograd(f, inputs):
    """The gradients backward computes for the same inputs (a list of outputs: one
    backward each, accumulating into ``.grad``)."""
    ts = [rt.tensor(nest(v, s), dtype=F64, requires_grad=True) for v, s in inputs]
    out = f(*ts)
    parts = out if isinstance(out, list) else [out]
    for i, part in enumerate(parts):
        part.backward(retain_graph=i + 1 < len(parts))
    return [flatten(t.grad.tolist()) for t in ts]


def assert_close(got, want, tol=1e-6):
    assert len(got) == len(want)
    for a, b in zip(got, want):
        assert len(a) == len(b)
        for x, y in zip(a, b):
            assert abs(x - y) <= tol * max(1.0, abs(y)), (got, want)


W = ([0.3, -0.2, 0.5, 0.1, 0.4, -0.6], (2, 3))
B = ([0.05, -0.1], (2,))
X = ([1.0, -0.5, 2.0, 0.25, 0.75, -1.5, 0.0, 1.2, -0.3, 0.6, -2.0, 1.1], (4, 3))


def test_linear_tanh_mse_gradients_match_finite_differences():
    target = rt.tensor([[0.1, -0.2]] * 4, dtype=F64)

    def f(w, b, x):
        h = rt.tanh(rt._linear(x, w, b))
        return F.mse_loss(h, target)

    inputs = [W, B, X]
    assert_close(autograd(f, inputs), finite_diff(f, inputs))


@pytest.mark.parametrize(
    "act,kwargs",
    [
        ("gelu", {}),
        ("gelu", {"approximate": "tanh"}),
        ("elu", {"alpha": 0.7}),
        ("softplus", {"beta": 2.0}),
        ("mish", {}),
        ("silu", {}),
        ("selu", {}),
        ("leaky_relu", {"negative_slope": 0.2}),
        ("sigmoid", {}),
        ("softsign", {}),
    ],
)
def test_activation_then_cross_entropy_gradients_match(act, kwargs):
    labels = rt.tensor([0, 1, 1, 0])

    def f(w, b, x):
        h = getattr(F, act)(rt._linear(x, w, b), **kwargs)
        return F.cross_entropy(h, labels)

    inputs = [W, B, X]
    assert_close(autograd(f, inputs), finite_diff(f, inputs))


def test_log_softmax_nll_and_softmax_smooth_l1_gradients_accumulate():
    """Two losses, two backward calls: the gradients add up to the sum's."""
    labels = rt.tensor([1, 0, 0, 1])
    target = rt.tensor([[0.5, -0.5]] * 4, dtype=F64)

    def f(w, b, x):
        z = rt._linear(x, w, b)
        nll = F.nll_loss(rt.log_softmax(z, dim=1), labels, reduction="sum")
        sm = rt.softmax(z, dim=0)
        return [nll, F.smooth_l1_loss(sm, target, beta=0.3)]

    inputs = [W, B, X]
    assert_close(autograd(f, inputs), finite_diff(f, inputs))


def scalar_loss(x):
    """sum(relu(x)^2)-like scalar: mse of relu(x) against zeros, summed."""
    zeros = rt.tensor([0.0] * x.shape[0], dtype=F64)
    return F.mse_loss(rt.relu(x), zeros, reduction="sum")


def test_backward_accumulates_over_two_calls():
    x = rt.tensor([1.0, -2.0, 3.0], dtype=F64, requires_grad=True)
    assert x.grad is None
    scalar_loss(x).backward()
    assert x.grad.tolist() == [2.0, 0.0, 6.0]
    scalar_loss(x).backward()
    assert x.grad.tolist() == [4.0, 0.0, 12.0]
    x.grad = None
    assert x.grad is None
    scalar_loss(x).backward()
    assert x.grad.tolist() == [2.0, 0.0, 6.0]


def test_second_backward_through_a_freed_graph_is_an_error():
    x = rt.tensor([1.0, 2.0], dtype=F64, requires_grad=True)
    y = scalar_loss(rt.tanh(x))
    y.backward()
    with pytest.raises(RuntimeError, match="freed"):
        y.backward()


def test_retain_graph_allows_a_second_backward():
    x = rt.tensor([1.0, 2.0], dtype=F64, requires_grad=True)
    y = scalar_loss(x)
    y.backward(retain_graph=True)
    y.backward()
    assert x.grad.tolist() == [4.0, 8.0]


def test_non_scalar_backward_needs_a_gradient():
    x = rt.tensor([1.0, -2.0, 3.0], dtype=F64, requires_grad=True)
    y = rt.leaky_relu(x, negative_slope=0.5)
    with pytest.raises(RuntimeError, match="grad can be implicitly created only for scalar outputs"):
        y.backward()
    y.backward(rt.tensor([1.0, 10.0, 100.0], dtype=F64))
    assert x.grad.tolist() == [1.0, 5.0, 100.0]
    with pytest.raises(rt.ShapeError, match="backward"):
        rt.relu(x).backward(rt.tensor([1.0, 2.0], dtype=F64))


def test_backward_on_a_tensor_without_grad_is_an_error():
    with pytest.raises(RuntimeError, match="does not require grad"):
        rt.tensor(1.0).backward()


def test_detach_stops_gradients():
    x = rt.tensor([[1.0, 2.0]], dtype=F64, requires_grad=True)
    w = rt.tensor([[0.5, -1.0]], dtype=F64, requires_grad=True)
    h = rt.tanh(x).detach()
    assert not h.requires_grad and h.is_leaf and h.grad_fn is None
    F.mse_loss(rt._linear(h, w), rt.tensor([[0.0]], dtype=F64)).backward()
    assert x.grad is None
    assert w.grad is not None


def test_detach_in_place():
    x = rt.tensor([1.0], requires_grad=True)
    y = rt.sigmoid(x)
    assert y.detach_() is y
    assert not y.requires_grad and y.is_leaf and y.grad_fn is None


def test_requires_grad_property_and_method():
    t = rt.tensor([1.0, 2.0])
    assert not t.requires_grad
    assert t.requires_grad_() is t
    assert t.requires_grad and t.is_leaf
    t.requires_grad = False
    assert not t.requires_grad
    t.requires_grad = True
    assert t.requires_grad


def test_requires_grad_on_an_integer_tensor_is_a_runtime_error():
    t = rt.tensor([1, 2])
    with pytest.raises(RuntimeError, match="floating point"):
        t.requires_grad = True
    with pytest.raises(RuntimeError, match="floating point"):
        t.requires_grad_()
    assert not t.requires_grad


def test_requires_grad_off_on_a_non_leaf_is_a_runtime_error():
    x = rt.tensor([1.0], requires_grad=True)
    y = rt.relu(x)
    assert not y.is_leaf
    with pytest.raises(RuntimeError, match="leaf"):
        y.requires_grad = False
    y.requires_grad = True  # already on: allowed, as in PyTorch
    assert y.requires_grad


def test_grad_fn_names_the_op():
    x = rt.tensor([1.0], requires_grad=True)
    assert x.grad_fn is None
    y = rt.log_softmax(x, dim=0)
    assert isinstance(y.grad_fn, rt.GradFn)
    assert y.grad_fn.name() == "LogSoftmaxBackward0"
    assert repr(y.grad_fn) == "<LogSoftmaxBackward0>"
    assert rt.relu(x).grad_fn.name() == "ReluBackward0"


def test_grad_setter_checks_shape_type_and_accumulates():
    x = rt.tensor([1.0, 2.0], dtype=F64, requires_grad=True)
    x.grad = rt.tensor([10.0, 20.0], dtype=F64)
    scalar_loss(x).backward()
    assert x.grad.tolist() == [12.0, 24.0]
    with pytest.raises(rt.ShapeError, match="shape"):
        x.grad = rt.tensor([1.0], dtype=F64)
    with pytest.raises(TypeError, match="dtype"):
        x.grad = rt.tensor([1.0, 2.0], dtype=rt.float32)
    with pytest.raises(TypeError, match="Tensor or None"):
        x.grad = [1.0, 2.0]
    with pytest.raises(RuntimeError, match="requires grad"):
        rt.tensor([1.0]).grad = rt.tensor([1.0])


def test_retain_grad_keeps_a_non_leaf_gradient():
    x = rt.tensor([1.0, -1.0], dtype=F64, requires_grad=True)
    y = rt.elu(x)
    y.retain_grad()
    z = rt.relu(y)
    z.backward(rt.tensor([1.0, 1.0], dtype=F64))
    assert y.grad.tolist() == [1.0, 0.0]
    assert x.grad.tolist() == [1.0, 0.0]
    with pytest.raises(RuntimeError, match="does not require grad"):
        rt.tensor([1.0]).retain_grad()


def test_no_grad_records_nothing():
    x = rt.tensor([1.0, 2.0], requires_grad=True)
    assert rt.is_grad_enabled()
    with rt.no_grad():
        assert not rt.is_grad_enabled()
        y = rt.tanh(x)
        assert not y.requires_grad and y.grad_fn is None
        with rt.enable_grad():
            assert rt.tanh(x).requires_grad
        assert not rt.is_grad_enabled()
    assert rt.is_grad_enabled()
    assert rt.tanh(x).requires_grad


def test_no_grad_restores_the_mode_after_an_exception():
    with pytest.raises(ValueError):
        with rt.no_grad():
            raise ValueError("inside")
    assert rt.is_grad_enabled()


def test_no_grad_as_a_decorator():
    @rt.no_grad()
    def f(x):
        """Doc."""
        return rt.relu(x), rt.is_grad_enabled()

    y, enabled = f(rt.tensor([1.0], requires_grad=True))
    assert not enabled and not y.requires_grad
    assert f.__doc__ == "Doc." and f.__name__ == "f"
    assert rt.is_grad_enabled()


def test_set_grad_enabled_as_function_and_context():
    x = rt.tensor([1.0], requires_grad=True)
    with rt.set_grad_enabled(False):
        assert not rt.relu(x).requires_grad
    assert rt.is_grad_enabled()
    rt.set_grad_enabled(False)
    try:
        assert not rt.is_grad_enabled()
    finally:
        rt.set_grad_enabled(True)
    assert rt.is_grad_enabled()

    @rt.set_grad_enabled(False)
    def g():
        return rt.is_grad_enabled()

    assert rt.is_grad_enabled()
    assert g() is False
    assert rt.is_grad_enabled()
    with pytest.raises(TypeError, match="bool"):
        rt.set_grad_enabled(1)


def test_grad_mode_is_per_thread():
    seen = []
    with rt.no_grad():
        t = threading.Thread(target=lambda: seen.append(rt.is_grad_enabled()))
        t.start()
        t.join()
        assert not rt.is_grad_enabled()
    assert seen == [True]
