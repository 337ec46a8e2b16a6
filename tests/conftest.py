import shutil
from pathlib import Path

import pytest

import congress_sim as cs

ROOT = Path(__file__).resolve().parents[1]
HISTORICAL = ROOT / "scenarios" / "historical.yaml"


@pytest.fixture(scope="session")
def historical() -> cs.Scenario:
    return cs.load(HISTORICAL)


@pytest.fixture(scope="session")
def replay(historical: cs.Scenario) -> cs.Replay:
    return cs.simulate(historical)


@pytest.fixture
def scenarios(tmp_path) -> Path:
    """A copy of the shipped scenarios: a file written beside them may name them (a scenario may
    name only files in its own folder, below it, or in the git project that holds it)."""
    shutil.copytree(ROOT / "scenarios", tmp_path / "scenarios")
    return tmp_path / "scenarios"
