"""rt.optim: three steps on a small fixed problem match PyTorch's published update
formulas, computed here in plain Python float64 (the problem mirrors src/optim's tests:
``loss = sum(p * G[k]) + 0.5 * sum(p^2)``, so ``grad = G[k] + p``)."""

import math

import pytest

import rusttorch as rt

F64 = rt.float64
P0 = [1.0, -2.0, 0.5, 3.0, 0.25, -1.0]
G = [
    [0.5, -0.25, 1.5, 0.1, -2.0, 0.75],
    [-1.0, 0.3, 0.2, -0.6, 1.25, 0.05],
    [0.4, 0.9, -1.1, 2.0, 0.3, -0.45],
]


def make_params():
    w = rt.tensor([P0[:2], P0[2:4]], dtype=F64, requires_grad=True)
    b = rt.tensor(P0[4:], dtype=F64, requires_grad=True)
    return w, b


def set_grads(w, b, k):
    """Sets the gradients of step ``k``: ``G[k] + p``."""
    wv = [x for row in w.tolist() for x in row]
    bv = b.tolist()
    w.grad = rt.tensor([[G[k][i] + wv[i] for i in (0, 1)], [G[k][i] + wv[i] for i in (2, 3)]],
                       dtype=F64)
    b.grad = rt.tensor([G[k][4] + bv[0], G[k][5] + bv[1]], dtype=F64)


def run(make_opt, steps=3):
    w, b = make_params()
    opt = make_opt([w, b])
    for k in range(steps):
        opt.zero_grad()
        set_grads(w, b, k)
        opt.step()
    return [x for row in w.tolist() for x in row] + b.tolist()


def reference(update, steps=3):
    out = []
    for j in range(6):
        state, p = {}, P0[j]
        for k in range(steps):
            p = update(state, p, G[k][j] + p, k + 1)
        out.append(p)
    return out


def close(got, want, tol=1e-6):
    assert len(got) == len(want)
    for g, w in zip(got, want):
        assert abs(g - w) <= tol, (got, want)


@pytest.mark.parametrize("momentum,dampening,wd,nesterov", [
    (0.0, 0.0, 0.0, False), (0.9, 0.0, 0.0, False), (0.9, 0.3, 0.1, False),
    (0.8, 0.0, 0.05, True),
])
def test_sgd_matches_the_formula(momentum, dampening, wd, nesterov):
    lr = 0.1

    def update(s, p, g, t):
        g = g + wd * p
        if momentum:
            s["buf"] = g if t == 1 else momentum * s["buf"] + (1 - dampening) * g
            g = g + momentum * s["buf"] if nesterov else s["buf"]
        return p - lr * g

    got = run(lambda ps: rt.optim.SGD(ps, lr=lr, momentum=momentum, dampening=dampening,
                                      weight_decay=wd, nesterov=nesterov))
    close(got, reference(update))


def adam_update(lr, b1, b2, eps, wd, decoupled, amsgrad):
    def update(s, p, g, t):
        if decoupled:
            p = p * (1 - lr * wd)
        else:
            g = g + wd * p
        s["m"] = b1 * s.get("m", 0.0) + (1 - b1) * g
        s["v"] = b2 * s.get("v", 0.0) + (1 - b2) * g * g
        v = s["v"]
        if amsgrad:
            s["vmax"] = max(s.get("vmax", 0.0), v)
            v = s["vmax"]
        mhat = s["m"] / (1 - b1 ** t)
        vhat = v / (1 - b2 ** t)
        return p - lr * mhat / (math.sqrt(vhat) + eps)
    return update


@pytest.mark.parametrize("wd,amsgrad", [(0.0, False), (0.1, False), (0.0, True)])
def test_adam_matches_the_formula(wd, amsgrad):
    got = run(lambda ps: rt.optim.Adam(ps, lr=0.05, betas=(0.8, 0.95), eps=1e-6,
                                       weight_decay=wd, amsgrad=amsgrad))
    close(got, reference(adam_update(0.05, 0.8, 0.95, 1e-6, wd, False, amsgrad)))


def test_adamw_matches_the_formula_with_its_default_decay():
    opt = rt.optim.AdamW(make_params())
    assert opt.param_groups[0]["weight_decay"] == 1e-2
    assert opt.param_groups[0]["lr"] == 1e-3
    got = run(lambda ps: rt.optim.AdamW(ps, lr=0.05))
    close(got, reference(adam_update(0.05, 0.9, 0.999, 1e-8, 1e-2, True, False)))


@pytest.mark.parametrize("momentum,centered,wd", [(0.0, False, 0.0), (0.9, True, 0.1)])
def test_rmsprop_matches_the_formula(momentum, centered, wd):
    lr, alpha, eps = 0.01, 0.9, 1e-8

    def update(s, p, g, t):
        g = g + wd * p
        s["sq"] = alpha * s.get("sq", 0.0) + (1 - alpha) * g * g
        avg = s["sq"]
        if centered:
            s["ga"] = alpha * s.get("ga", 0.0) + (1 - alpha) * g
            avg = avg - s["ga"] ** 2
        denom = math.sqrt(avg) + eps
        if momentum:
            s["buf"] = momentum * s.get("buf", 0.0) + g / denom
            return p - lr * s["buf"]
        return p - lr * g / denom

    got = run(lambda ps: rt.optim.RMSprop(ps, lr=lr, alpha=alpha, eps=eps, weight_decay=wd,
                                          momentum=momentum, centered=centered))
    close(got, reference(update))


def test_param_group_lr_is_read_at_each_step():
    lrs = [0.1, 0.05, 0.01]
    w, b = make_params()
    opt = rt.optim.SGD([w, b], lr=lrs[0])
    for k in range(3):
        opt.param_groups[0]["lr"] = lrs[k]
        opt.zero_grad()
        set_grads(w, b, k)
        opt.step()
    got = [x for row in w.tolist() for x in row] + b.tolist()
    close(got, reference(lambda s, p, g, t: p - lrs[t - 1] * g))


def test_parameters_keep_identity_and_leaf_state():
    w, b = make_params()
    opt = rt.optim.Adam([w, b], lr=0.1)
    set_grads(w, b, 0)
    opt.step()
    assert w.requires_grad and w.is_leaf and w.grad is not None
    opt.zero_grad()
    assert w.grad is None and b.grad is None


def test_zero_grad_without_set_to_none_gives_zeros():
    w, b = make_params()
    opt = rt.optim.SGD([w, b], lr=0.1)
    set_grads(w, b, 0)
    opt.zero_grad(set_to_none=False)
    assert w.grad.tolist() == [[0.0, 0.0], [0.0, 0.0]]


def test_parameters_without_grad_are_skipped():
    w, b = make_params()
    opt = rt.optim.SGD([w, b], lr=0.1)
    w.grad = rt.tensor([[1.0, 1.0], [1.0, 1.0]], dtype=F64)
    opt.step()
    assert b.tolist() == P0[4:]
    assert w.tolist() == [[0.9, -2.1], [0.4, 2.9]]


def test_param_groups_with_their_own_lr():
    w, b = make_params()
    opt = rt.optim.SGD([{"params": [w]}, {"params": [b], "lr": 1.0}], lr=0.1)
    assert [g["lr"] for g in opt.param_groups] == [0.1, 1.0]
    w.grad = rt.tensor([[1.0, 1.0], [1.0, 1.0]], dtype=F64)
    b.grad = rt.tensor([1.0, 1.0], dtype=F64)
    opt.step()
    assert w.tolist() == [[0.9, -2.1], [0.4, 2.9]]
    assert b.tolist() == [-0.75, -2.0]


def test_step_with_closure_returns_the_loss():
    w, b = make_params()
    opt = rt.optim.SGD([w, b], lr=0.1)

    def closure():
        opt.zero_grad()
        set_grads(w, b, 0)
        return 42.0

    assert opt.step(closure) == 42.0
    close([x for row in w.tolist() for x in row] + b.tolist(),
          reference(lambda s, p, g, t: p - 0.1 * g, steps=1))


def test_invalid_hyper_parameters_are_value_errors():
    w, _ = make_params()
    with pytest.raises(ValueError, match="lr"):
        rt.optim.SGD([w], lr=-1.0)
    with pytest.raises(ValueError, match="beta"):
        rt.optim.Adam([w], betas=(1.5, 0.9))
    with pytest.raises(ValueError, match="empty"):
        rt.optim.SGD([], lr=0.1)
    with pytest.raises(TypeError, match="Tensors"):
        rt.optim.SGD([1.0], lr=0.1)
    with pytest.raises(ValueError, match="non-leaf"):
        rt.optim.SGD([rt.relu(w)], lr=0.1)
    opt = rt.optim.SGD([w], lr=0.1)
    opt.param_groups[0]["lr"] = float("nan")
    w.grad = rt.tensor([[1.0, 1.0], [1.0, 1.0]], dtype=F64)
    with pytest.raises(ValueError, match="lr"):
        opt.step()


def test_a_changed_parameter_list_is_an_error():
    w, b = make_params()
    opt = rt.optim.SGD([w, b], lr=0.1)
    set_grads(w, b, 0)
    opt.step()
    opt.param_groups[0]["params"].append(rt.tensor([1.0], dtype=F64, requires_grad=True))
    with pytest.raises(ValueError, match="changed"):
        opt.step()
