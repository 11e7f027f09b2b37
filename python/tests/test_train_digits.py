"""The digits example trains from Python: a short run reaches 90% test accuracy, and the
script exits non-zero when the accuracy is below the threshold."""

import importlib.util
import os
import subprocess
import sys

SCRIPT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                      "examples", "train_digits.py")


def load_example():
    spec = importlib.util.spec_from_file_location("train_digits", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_short_run_reaches_90_percent(capsys):
    rc, acc = load_example().main(["--epochs", "10", "--min-accuracy", "0.9"])
    assert rc == 0 and acc > 0.9
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 10 and lines[-1].startswith("epoch  10")


def test_the_script_fails_below_the_threshold():
    r = subprocess.run([sys.executable, SCRIPT, "--epochs", "1", "--min-accuracy", "0.999"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 1
    assert "below 0.999" in r.stderr
    assert r.stdout.startswith("epoch   1")
