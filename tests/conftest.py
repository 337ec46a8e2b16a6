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
