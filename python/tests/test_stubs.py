"""The type stub matches the native module: the committed ``_rusttorch.pyi`` is what
``tools/gen_stubs.py`` writes for the built module, mypy's stubtest finds no difference
between stub and runtime, and mypy accepts typical user code against it."""

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

PYTHON_DIR = Path(__file__).resolve().parents[1]
STUB = PYTHON_DIR / "rusttorch" / "_rusttorch.pyi"


def load_generator():
    spec = importlib.util.spec_from_file_location("gen_stubs", PYTHON_DIR / "tools" / "gen_stubs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_package_is_typed():
    assert (PYTHON_DIR / "rusttorch" / "py.typed").exists()


def test_committed_stub_is_up_to_date():
    generated = load_generator().generate()
    assert STUB.read_text() == generated, (
        "rusttorch/_rusttorch.pyi is stale: run `python python/tools/gen_stubs.py` in the venv"
    )


def run_mypy(*args):
    pytest.importorskip("mypy")
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=PYTHON_DIR, capture_output=True, text=True, timeout=600
    )


def test_stubtest_finds_no_difference():
    r = run_mypy("mypy.stubtest", "rusttorch._rusttorch")
    assert r.returncode == 0, r.stdout + r.stderr


def test_mypy_accepts_user_code_and_rejects_a_wrong_call(tmp_path):
    good = tmp_path / "good.py"
    good.write_text(
        "import rusttorch as rt\n"
        "t = rt.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=rt.float64)\n"
        "shape: tuple[int, ...] = t.shape\n"
        "n: int = t.numel()\n"
    )
    r = run_mypy("mypy", "--no-incremental", str(good))
    assert r.returncode == 0, r.stdout + r.stderr
    bad = tmp_path / "bad.py"
    bad.write_text("import rusttorch as rt\nn: str = rt.tensor([1.0]).numel()\n")
    r = run_mypy("mypy", "--no-incremental", str(bad))
    assert r.returncode != 0 and "Incompatible types" in r.stdout, r.stdout
