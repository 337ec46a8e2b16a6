"""The package is typed (py.typed) and lint-clean: both are checked here, with the project's own settings."""

import shutil
import subprocess
import sys

import pytest

from .conftest import ROOT


@pytest.mark.skipif(shutil.which("mypy") is None, reason="mypy is in the test extra: pip install -e '.[test]'")
def test_mypy():
    out = subprocess.run([sys.executable, "-m", "mypy", "src"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout[-3000:]


@pytest.mark.skipif(shutil.which("ruff") is None, reason="ruff is in the test extra: pip install -e '.[test]'")
def test_ruff():
    out = subprocess.run(["ruff", "check", "src", "tests", "bench", "docs", "examples"], cwd=ROOT,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout[-3000:]
