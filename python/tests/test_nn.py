"""rt.nn: Module registration and traversal, the layers' values, Dropout, the losses,
state dicts and rt.save/rt.load."""

import math
import os

import pytest

import rusttorch as rt
import rusttorch.nn as nn

F64 = rt.float64


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(3, 4)
        self.act = nn.ReLU()
        self.fc2 = nn.Linear(4, 2, bias=False)
        self.scale = nn.Parameter(rt.tensor([1.0]))
        self.not_a_param = rt.tensor([5.0])

    def forward(self, x):
        return self.fc2(self.act(self.fc1(x)))


def test_module_registers_parameters_and_children_in_order():
    net = Net()
    names = [n for n, _ in net.named_parameters()]
    assert names == ["scale", "fc1.weight", "fc1.bias", "fc2.weight"]
    assert len(list(net.parameters())) == 4
    assert [type(m).__name__ for m in net.children()] == ["Linear", "ReLU", "Linear"]
    assert [type(m).__name__ for m in net.modules()] == ["Net", "Linear", "ReLU", "Linear"]
    assert net.fc2.bias is None
    assert net.not_a_param.tolist() == [5.0]
    assert "not_a_param" not in dict(net.named_parameters())


def test_parameter_shares_storage_and_requires_grad():
    t = rt.tensor([1.0, 2.0])
    p = nn.Parameter(t)
    assert p.requires_grad and p.is_leaf and not t.requires_grad
    assert nn.is_parameter(p) and not nn.is_parameter(t)
    frozen = nn.Parameter(rt.tensor([1.0]), requires_grad=False)
    assert nn.is_parameter(frozen)
    with pytest.raises(TypeError, match="Tensor"):
        nn.Parameter([1.0])


def test_assigning_before_init_and_wrong_types_are_errors():
    class Bad(nn.Module):
        def __init__(self):
            self.fc = nn.Linear(1, 1)

    with pytest.raises(AttributeError, match="before Module.__init__"):
        Bad()
    net = Net()
    with pytest.raises(TypeError, match="parameter 'scale'"):
        net.scale = 3
    net.scale = None
    assert "scale" not in dict(net.named_parameters())


def test_linear_forward_matches_hand_computed_values():
    layer = nn.Linear(3, 2, dtype=F64)
    assert layer.weight.shape == (2, 3) and layer.bias.shape == (2,)
    assert layer.weight.dtype == F64
    w, b = layer.weight.tolist(), layer.bias.tolist()
    x = [[1.0, -2.0, 0.5], [0.0, 3.0, -1.0]]
    y = layer(rt.tensor(x, dtype=F64)).tolist()
    for i in range(2):
        for o in range(2):
            want = sum(x[i][k] * w[o][k] for k in range(3)) + b[o]
            assert abs(y[i][o] - want) < 1e-12
    assert repr(layer) == "Linear(in_features=3, out_features=2, bias=True)"


def test_linear_init_follows_pytorch_bounds():
    layer = nn.Linear(16, 8)
    bound = 1 / math.sqrt(16)
    values = [v for row in layer.weight.tolist() for v in row] + layer.bias.tolist()
    assert all(-bound <= v <= bound for v in values)
    assert len(set(values)) == len(values)
    assert layer.weight.dtype == rt.float32


def test_linear_init_repeats_with_the_seed():
    if not hasattr(rt, "manual_seed"):
        pytest.skip("rt.manual_seed is bound by another part of the package")
    rt.manual_seed(7)
    a = nn.Linear(4, 3)
    rt.manual_seed(7)
    b = nn.Linear(4, 3)
    assert a.weight.tolist() == b.weight.tolist() and a.bias.tolist() == b.bias.tolist()


def test_linear_argument_errors():
    with pytest.raises(ValueError, match="in_features"):
        nn.Linear(-1, 2)
    with pytest.raises(TypeError, match="out_features"):
        nn.Linear(2, 2.5)
    with pytest.raises(rt.DTypeError):
        nn.Linear(2, 2, dtype=rt.int64)
    with pytest.raises(rt.ShapeError, match="overflows"):
        nn.Linear(2**40, 2**40)
    layer = nn.Linear(3, 2)
    with pytest.raises(rt.ShapeError, match="linear"):
        layer(rt.tensor([[1.0, 2.0]]))
    with pytest.raises(rt.DTypeError):
        layer(rt.tensor([[1.0, 2.0, 3.0]], dtype=F64))


X = [-2.0, -0.5, 0.0, 0.7, 3.0]


def sigmoid(v):
    return 1 / (1 + math.exp(-v))


def softplus(v, beta=1.0, threshold=20.0):
    return v if beta * v > threshold else math.log1p(math.exp(beta * v)) / beta


SELU_A, SELU_S = 1.6732632423543772848170429916717, 1.0507009873554804934193349852946


@pytest.mark.parametrize("layer,f", [
    (nn.ReLU(), lambda v: max(v, 0.0)),
    (nn.LeakyReLU(0.1), lambda v: v if v > 0 else 0.1 * v),
    (nn.LeakyReLU(), lambda v: v if v > 0 else 0.01 * v),
    (nn.Sigmoid(), sigmoid),
    (nn.Tanh(), math.tanh),
    (nn.GELU(), lambda v: 0.5 * v * (1 + math.erf(v / math.sqrt(2)))),
    (nn.GELU("tanh"), lambda v: 0.5 * v * (1 + math.tanh(math.sqrt(2 / math.pi)
                                                         * (v + 0.044715 * v ** 3)))),
    (nn.ELU(0.5), lambda v: v if v > 0 else 0.5 * (math.exp(v) - 1)),
    (nn.SELU(), lambda v: SELU_S * (v if v > 0 else SELU_A * (math.exp(v) - 1))),
    (nn.SiLU(), lambda v: v * sigmoid(v)),
    (nn.Mish(), lambda v: v * math.tanh(softplus(v))),
    (nn.Softplus(beta=2.0, threshold=3.0), lambda v: softplus(v, 2.0, 3.0)),
    (nn.Softsign(), lambda v: v / (1 + abs(v))),
    (nn.Identity(), lambda v: v),
])
def test_activation_layers_match_their_formulas(layer, f):
    got = layer(rt.tensor(X, dtype=F64)).tolist()
    for g, v in zip(got, X):
        assert abs(g - f(v)) < 1e-12, (layer, v)


def test_softmax_and_log_softmax_layers():
    x = [[1.0, 2.0, 3.0], [0.0, 0.0, -1.0]]
    t = rt.tensor(x, dtype=F64)
    for row, got, lgot in zip(x, nn.Softmax(dim=1)(t).tolist(), nn.LogSoftmax(1)(t).tolist()):
        z = sum(math.exp(v) for v in row)
        for v, g, lg in zip(row, got, lgot):
            assert abs(g - math.exp(v) / z) < 1e-12
            assert abs(lg - (v - math.log(z))) < 1e-12
    col = nn.Softmax(dim=0)(t).tolist()
    assert abs(col[0][0] - math.exp(1) / (math.exp(1) + 1)) < 1e-12
    with pytest.raises(ValueError, match="dim"):
        nn.Softmax()(t)
    with pytest.raises(IndexError):
        nn.Softmax(dim=2)(t)
    assert repr(nn.Softmax(dim=1)) == "Softmax(dim=1)"


def test_dropout_scales_in_training_and_is_identity_in_eval():
    d = nn.Dropout(0.25)
    x = rt.tensor([1.0] * 4000, dtype=F64)
    y = d(x).tolist()
    assert set(y) <= {0.0, 1.0 / 0.75}
    zeros = y.count(0.0)
    assert 800 < zeros < 1200
    assert d(x).tolist() != y, "each call draws a new mask"
    d.eval()
    assert not d.training
    assert d(x).tolist() == [1.0] * 4000
    d.train()
    assert d.training
    with pytest.raises(ValueError, match="dropout probability"):
        nn.Dropout(1.5)
    assert nn.Dropout(0.0)(x).tolist() == [1.0] * 4000


def test_dropout_gradient_is_the_mask():
    x = rt.tensor([1.0] * 100, requires_grad=True)
    y = nn.Dropout(0.5)(x)
    y.backward(rt.tensor([1.0] * 100))
    assert x.grad.tolist() == y.tolist()


def test_dropout_repeats_with_the_seed():
    if not hasattr(rt, "manual_seed"):
        pytest.skip("rt.manual_seed is bound by another part of the package")
    x = rt.tensor([1.0] * 64)
    rt.manual_seed(3)
    a = nn.Dropout(0.5)(x).tolist()
    rt.manual_seed(3)
    assert nn.Dropout(0.5)(x).tolist() == a


def test_train_eval_reach_every_sub_module():
    net = nn.Sequential(nn.Linear(2, 2), nn.Sequential(nn.Dropout(0.5)))
    assert net.eval() is net
    assert all(not m.training for m in net.modules())
    net.train()
    assert all(m.training for m in net.modules())


def test_sequential_indexing_len_iteration_and_repr():
    seq = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 1))
    assert len(seq) == 3
    assert isinstance(seq[1], nn.Tanh) and isinstance(seq[-1], nn.Linear)
    assert [type(m).__name__ for m in seq] == ["Linear", "Tanh", "Linear"]
    sub = seq[:2]
    assert isinstance(sub, nn.Sequential) and len(sub) == 2
    with pytest.raises(IndexError):
        seq[3]
    assert [n for n, _ in seq.named_parameters()] == ["0.weight", "0.bias", "2.weight", "2.bias"]
    x = rt.tensor([[0.5, -1.0, 2.0]])
    direct = seq[2](seq[1](seq[0](x))).tolist()
    assert seq(x).tolist() == direct
    assert repr(seq) == (
        "Sequential(\n"
        "  (0): Linear(in_features=3, out_features=4, bias=True)\n"
        "  (1): Tanh()\n"
        "  (2): Linear(in_features=4, out_features=1, bias=True)\n"
        ")"
    )


def test_module_zero_grad_and_backward_through_a_model():
    net = Net()
    out = net(rt.tensor([[1.0, 2.0, 3.0]]))
    nn.MSELoss()(out, rt.tensor([[0.0, 0.0]])).backward()
    assert net.fc1.weight.grad is not None and net.fc2.weight.grad is not None
    net.zero_grad()
    assert all(p.grad is None for p in net.parameters())


P = [[0.2, 0.9], [0.6, 0.1]]
T = [[0.0, 1.0], [1.0, 0.0]]


def flat(x):
    return [v for row in x for v in row]


@pytest.mark.parametrize("loss,per", [
    (nn.MSELoss(), lambda p, t: (p - t) ** 2),
    (nn.L1Loss(), lambda p, t: abs(p - t)),
    (nn.SmoothL1Loss(beta=0.5),
     lambda p, t: 0.5 * (p - t) ** 2 / 0.5 if abs(p - t) < 0.5 else abs(p - t) - 0.25),
    (nn.BCELoss(), lambda p, t: -(t * math.log(p) + (1 - t) * math.log(1 - p))),
    (nn.BCEWithLogitsLoss(),
     lambda p, t: -(t * math.log(sigmoid(p)) + (1 - t) * math.log(1 - sigmoid(p)))),
])
def test_pointwise_losses_and_reductions(loss, per):
    p, t = rt.tensor(P, dtype=F64), rt.tensor(T, dtype=F64)
    want = [per(a, b) for a, b in zip(flat(P), flat(T))]
    assert abs(loss(p, t).tolist() - sum(want) / 4) < 1e-12
    loss.reduction = "sum"
    assert abs(loss(p, t).tolist() - sum(want)) < 1e-12
    loss.reduction = "none"
    for g, w in zip(flat(loss(p, t).tolist()), want):
        assert abs(g - w) < 1e-12
    with pytest.raises(rt.ShapeError):
        loss(p, rt.tensor([1.0, 0.0, 1.0], dtype=F64))


def test_cross_entropy_and_nll_losses():
    logits = [[1.0, 2.0, 0.5], [0.1, -1.0, 3.0]]
    labels = [1, 2]
    want = []
    for row, c in zip(logits, labels):
        lse = math.log(sum(math.exp(v) for v in row))
        want.append(lse - row[c])
    x = rt.tensor(logits, dtype=F64)
    y = rt.tensor(labels)
    assert abs(nn.CrossEntropyLoss()(x, y).tolist() - sum(want) / 2) < 1e-12
    assert abs(nn.CrossEntropyLoss(reduction="sum")(x, y).tolist() - sum(want)) < 1e-12
    logp = nn.LogSoftmax(dim=1)(x)
    assert abs(nn.NLLLoss()(logp, y).tolist() - sum(want) / 2) < 1e-12
    with pytest.raises(IndexError):
        nn.CrossEntropyLoss()(x, rt.tensor([0, 3]))
    with pytest.raises(ValueError, match="reduction"):
        nn.CrossEntropyLoss(reduction="avg")
    with pytest.raises(ValueError, match="probabilit"):
        nn.BCELoss()(rt.tensor([1.5]), rt.tensor([1.0]))


def test_state_dict_round_trip_keeps_parameter_identity():
    a, b = Net(), Net()
    sd = a.state_dict()
    assert list(sd) == ["scale", "fc1.weight", "fc1.bias", "fc2.weight"]
    assert not sd["fc1.weight"].requires_grad
    w_before = b.fc1.weight
    result = b.load_state_dict(sd)
    assert result.missing_keys == [] and result.unexpected_keys == []
    assert b.fc1.weight is w_before and b.fc1.weight.requires_grad and b.fc1.weight.is_leaf
    assert b.fc1.weight.tolist() == a.fc1.weight.tolist()
    assert b(rt.tensor([[1.0, 2.0, 3.0]])).tolist() == a(rt.tensor([[1.0, 2.0, 3.0]])).tolist()


def test_load_state_dict_errors():
    net = Net()
    sd = net.state_dict()
    del sd["fc1.bias"]
    sd["extra"] = rt.tensor([1.0])
    with pytest.raises(RuntimeError, match="Missing key.*fc1.bias.*Unexpected key.*extra"):
        net.load_state_dict(sd)
    missing, unexpected = net.load_state_dict(sd, strict=False)
    assert missing == ["fc1.bias"] and unexpected == ["extra"]
    bad = net.state_dict()
    bad["fc1.weight"] = rt.tensor([1.0])
    with pytest.raises(rt.ShapeError, match="fc1|shape"):
        net.load_state_dict(bad)


def test_buffers_are_in_the_state_dict():
    m = nn.Module()
    m.register_buffer("steps", rt.tensor([3]))
    assert list(m.state_dict()) == ["steps"]
    assert [n for n, _ in m.named_buffers()] == ["steps"]
    assert list(m.parameters()) == []


def test_save_and_load_round_trip(tmp_path):
    net = Net()
    net.register_buffer("steps", rt.tensor([3, -1]))
    path = tmp_path / "net.safetensors"
    rt.save(net.state_dict(), path)
    loaded = rt.load(str(path))
    assert sorted(loaded) == ["fc1.bias", "fc1.weight", "fc2.weight", "scale", "steps"]
    assert loaded["steps"].dtype == rt.int64 and loaded["steps"].tolist() == [3, -1]
    assert loaded["fc1.weight"].tolist() == net.fc1.weight.tolist()
    other = Net()
    other.register_buffer("steps", rt.tensor([0, 0]))
    other.load_state_dict(loaded)
    assert other.fc2.weight.tolist() == net.fc2.weight.tolist()
    assert other.steps.tolist() == [3, -1]


def test_load_errors_name_the_problem(tmp_path):
    with pytest.raises(FileNotFoundError, match="missing.safetensors"):
        rt.load(tmp_path / "missing.safetensors")
    path = tmp_path / "x.safetensors"
    rt.save({"a": rt.tensor([1.0, 2.0, 3.0])}, path)
    data = path.read_bytes()
    path.write_bytes(data[:-4])
    with pytest.raises(ValueError, match="truncated"):
        rt.load(path)
    path.write_bytes(b"not a safetensors file at all")
    with pytest.raises(ValueError, match="x.safetensors"):
        rt.load(path)
    with pytest.raises(TypeError, match="dict"):
        rt.save([rt.tensor([1.0])], path)
    with pytest.raises(TypeError, match="Tensor"):
        rt.save({"a": 1.0}, path)
    with pytest.raises(FileNotFoundError):
        rt.save({"a": rt.tensor([1.0])}, os.path.join(tmp_path, "no", "dir", "f"))


def test_functional_is_reachable_when_present():
    try:
        import rusttorch.nn.functional  # noqa: F401
    except ImportError:
        pytest.skip("rt.nn.functional is written by another part of the package")
    assert rt.nn.functional is rusttorch.nn.functional
