"""No Rust panic is reachable from Python: every public function of the package, of
``rt.nn.functional``, and every public ``Tensor`` method is called with arguments drawn from
a pool of wrong types, None, mismatched shapes, empty tensors, NaN, negative and huge ints;
each call either returns or raises a regular ``Exception`` — never pyo3's
``PanicException`` (a ``BaseException``), never a crash."""

import inspect
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rusttorch as rt

# Functions whose side effects reach outside the process (files) get only safe paths below.
FILE_FUNCTIONS = {"save", "load", "load_csv", "save_csv", "read_csv_header"}
# Global state that the pool must not disturb for other tests.
SKIP = {"manual_seed", "set_grad_enabled", "no_grad", "enable_grad"}


def pool():
    """The argument pool, built fresh for each call so that in-place ops cannot leak."""
    square = rt.tensor([[1.0, 2.0], [3.0, 4.0]])
    values = [
        None, 0, 1, 2, 3, -1, -7, 2**63 - 1, 2**64, -(2**63), 0.5, -2.5, math.nan, math.inf,
        True, False, "abc", "", "float32", [], [1, 2], [[1.0], [2.0, 3.0]], (2, 3), (-1,),
        (0, -5), {}, object(), b"\x00",
        rt.tensor(1.5), rt.tensor([1.0, 2.0, 3.0]), square, rt.tensor([]),
        rt.tensor([[]]), rt.tensor([1, 2, 3]), rt.tensor([True, False]),
        rt.tensor([math.nan, math.inf, -math.inf]), rt.tensor([[1.0, 2.0]], dtype=rt.float64),
        rt.tensor([[[1.0, 2.0], [3.0, 4.0]], [[5.0, 6.0], [7.0, 8.0]]]),
        rt.tensor([0.25, 0.75], requires_grad=True), rt.tensor([-1, 5]),
        rt.float32, rt.int64, rt.bool,
    ]
    if hasattr(square, "transpose"):
        values.append(square.transpose(0, 1))
    return values


def module_functions():
    names = []
    for name in sorted(dir(rt)):
        obj = getattr(rt, name)
        if name.startswith("_") or name in SKIP or inspect.ismodule(obj):
            continue
        if isinstance(obj, rt.dtype) or (isinstance(obj, type) and issubclass(obj, BaseException)):
            continue
        if callable(obj):
            names.append(("rt", name))
    functional = getattr(getattr(rt, "nn", None), "functional", None)
    for name in sorted(dir(functional) if functional else []):
        if not name.startswith("_") and callable(getattr(functional, name)):
            names.append(("F", name))
    return names


def tensor_methods():
    return sorted(
        name
        for name, obj in vars(rt.Tensor).items()
        if not name.startswith("_") and callable(obj) and name not in SKIP
    ) + ["__getitem__", "__setitem__", "__add__", "__matmul__", "__pow__", "__iadd__",
         "__truediv__", "__lt__", "__eq__", "__len__", "__float__", "__int__", "__bool__",
         "__iter__", "__repr__", "__array__", "__reduce__", "__deepcopy__"]


def is_panic(e: BaseException) -> bool:
    return type(e).__name__ == "PanicException"


def call(fn, args):
    try:
        out = fn(*args)
        if inspect.isgenerator(out) or hasattr(out, "__next__"):
            for _ in zip(range(3), out):
                pass
    except Exception:
        pass  # a regular exception is the expected outcome for bad input
    except BaseException as e:  # noqa: BLE001 - PanicException derives from BaseException
        if is_panic(e):
            pytest.fail(f"{getattr(fn, '__qualname__', fn)}{tuple(map(repr, args))} panicked: {e}")
        raise


def safe_args(name, args, tmp_path):
    if name in FILE_FUNCTIONS:
        return [str(tmp_path / "f.csv") if isinstance(a, str) else a for a in args]
    return args


SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.parametrize("owner,name", module_functions())
@SETTINGS
@given(data=st.data())
def test_module_function_never_panics(owner, name, data, tmp_path):
    fn = getattr(rt if owner == "rt" else rt.nn.functional, name)
    values = pool()
    args = data.draw(st.lists(st.sampled_from(range(len(values))), max_size=4))
    call(fn, safe_args(name, [values[i] for i in args], tmp_path))


@pytest.mark.parametrize("name", tensor_methods())
@SETTINGS
@given(data=st.data())
def test_tensor_method_never_panics(name, data):
    values = pool()
    tensors = [v for v in values if isinstance(v, rt.Tensor)]
    receiver = tensors[data.draw(st.sampled_from(range(len(tensors))))]
    method = getattr(receiver, name, None)
    if method is None:
        pytest.skip(f"Tensor.{name} is not defined")
    args = data.draw(st.lists(st.sampled_from(range(len(values))), max_size=3))
    call(method, [values[i] for i in args])
