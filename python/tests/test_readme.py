"""The README's Python examples run, and what their comments claim holds."""

import re
from pathlib import Path

import rusttorch as rt

README = Path(__file__).resolve().parents[2] / "README.md"


def python_blocks():
    return re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)


def test_readme_python_examples_run():
    blocks = python_blocks()
    assert blocks, "the README has no Python example"
    for code in blocks:
        scope = {}
        exec(compile(code, str(README), "exec"), scope)  # noqa: S102 - our own README
    # The first example's comments: the gradient, the read-only view, the shared memory.
    assert scope["x"].grad.tolist() == [[10.0, 14.0], [10.0, 14.0]]
    assert not scope["a"].flags.writeable
    assert scope["t"].shape == (2, 3)
    assert isinstance(scope["loss"], rt.Tensor) and scope["loss"].shape == ()
