"""Guards over the whole public API: every public function, class, method and property has
a docstring (what ``help()`` shows), and is used by at least one other test file (called,
read as an attribute, or named as a string in a parametrized test), so that nothing public
goes untested."""

import inspect
import re
from pathlib import Path

import rusttorch as rt

TESTS = Path(__file__).resolve().parent


def public_api():
    """(qualified name, object) for every public callable of the package and of Tensor."""
    out = []
    for name in dir(rt):
        obj = getattr(rt, name)
        if name.startswith("_") or isinstance(obj, rt.dtype) or inspect.ismodule(obj):
            continue
        if callable(obj):
            out.append((f"rt.{name}", obj))
    for name, obj in vars(rt.Tensor).items():
        if not name.startswith("_"):
            out.append((f"Tensor.{name}", obj))
    return out


def test_every_public_name_has_a_docstring():
    missing = [q for q, obj in public_api() if not (inspect.getdoc(obj) or "").strip()]
    assert not missing, f"no docstring: {missing}"


def test_every_public_name_is_used_by_a_test():
    text = "\n".join(
        p.read_text() for p in TESTS.glob("test_*.py") if p.name != Path(__file__).name
    )
    untested = []
    for qualified, _ in public_api():
        name = qualified.split(".", 1)[1]
        n = re.escape(name)
        # Called, accessed as an attribute, or named as a string by a parametrized test.
        if not re.search(rf"\.{n}\b|\b{n}\(|[\"']{n}[\"']", text):
            untested.append(qualified)
    assert not untested, f"public names no test uses: {untested}"
