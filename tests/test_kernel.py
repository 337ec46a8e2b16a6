"""The vectorised kernel and the SimPy engine are one model: exactly equal when deterministic,
equal in distribution when seeded."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

import congress_sim as cs
from congress_sim import events as ev
from congress_sim.drivers.batch import RESULTS, Kernel, allocate, probes_for
from congress_sim.model.apportion import allocate as allocate_one

from .conftest import ROOT
from .test_properties import scenarios

SHIPPED = sorted((ROOT / "scenarios").rglob("*.yaml")) + sorted((ROOT / "examples").glob("*.yaml"))
SHIPPED = [p for p in SHIPPED if not p.name.endswith(".record.yaml")]


def assert_same(scenario):
    replay = cs.simulate(scenario)
    kernel = Kernel(scenario, probes_for(scenario))
    out = kernel.run(1)
    factions = kernel.factions
    for v in replay.votes():
        assert RESULTS[out.result[v.item][0]] == v.result, v.item
        tally = {f: tuple(int(x) for x in out.tally[v.item][0][i]) for i, f in enumerate(factions)}
        assert {f: t for f, t in tally.items() if f in v.tally or any(t)} == v.tally, v.item
        assert out.present[v.item][0] == v.present
    voted = {v.item for v in replay.votes()}
    for item, code in out.result.items():
        if item not in voted and code[0] == -1:
            assert not any(getattr(e, "item", None) == item and e.kind == "vote_taken" for e in replay.events)
    for e in replay.elections():
        seats = dict(zip(kernel.groups[e.item], (int(x) for x in out.seats[e.item][0]), strict=True))
        assert {g: n for g, n in seats.items() if n} == e.seats, e.item
    for when in ("opening", "closing"):
        assert list(out.census[when][0]) == list(replay.census(when).by_faction.values()), when
    happened = {getattr(e, "item", None) for e in replay.events
                if isinstance(e, (ev.ItemBegan, ev.WalkoutBegan, ev.RecessBegan, ev.VoteTaken, ev.Elected,
                                  ev.Decided, ev.Defected))}
    closes = {i for i, item in kernel.plan.items.items() if item.kind == "close"}  # logged as the session's close
    assert {i for i, h in out.happened.items() if h[0]} - closes == happened


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_deterministic_kernel_equals_the_engine_on_every_shipped_scenario(path):
    assert_same(cs.load(path))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_deterministic_kernel_equals_the_engine_on_generated_assemblies(scenario):
    assert_same(scenario)


def test_seeded_kernel_matches_the_engine_in_distribution(historical):
    n = 1500
    kernel = Kernel(historical)
    out = kernel.run(n, np.random.default_rng(11))
    engine = [cs.simulate(historical, seed) for seed in range(n)]
    for vote in ("appeal", "land", "government", "martov_motion"):
        k_mean = out.tally[vote].sum(axis=1).mean(axis=0)
        e_mean = np.mean([r.vote(vote).totals() for r in engine], axis=0)
        e_sd = np.std([r.vote(vote).totals() for r in engine], axis=0)
        # means of 1,500 replays agree within four standard errors
        assert np.all(np.abs(k_mean - e_mean) <= 4 * e_sd / np.sqrt(n) + 0.05), (vote, k_mean, e_mean)
    cec = kernel.groups["cec"].index("left_sr")
    k_lsr = out.seats["cec"][:, cec]
    e_lsr = np.array([r.elections()[-1].seats.get("left_sr", 0) for r in engine])
    assert abs(k_lsr.mean() - e_lsr.mean()) < 0.3


@pytest.mark.parametrize("method", ["hare", "droop", "dhondt", "sainte_lague"])
def test_vectorised_allocation_equals_the_scalar_one(method):
    rng = np.random.default_rng(5)
    counts = rng.integers(0, 60, size=(300, 6))
    counts[::7, 2] = 0
    for seats in (1, 5, 13, 101):
        got = allocate(counts, seats, method)
        want = np.array([allocate_one(list(row), seats, method) for row in counts])
        assert (got == want).all(), (method, seats)


@pytest.mark.parametrize("path", [p for p in SHIPPED if "record:" in p.read_text()] +
                         sorted((ROOT / "scenarios" / "whatif").glob("*.yaml")), ids=lambda p: p.name)
def test_facts_judged_for_a_block_equal_the_check_of_one_replay(path):
    from congress_sim.record.check import judge_many

    scenario = cs.load(path)
    record = cs.check.__globals__["rec"].record_of(scenario)
    report = cs.check(cs.simulate(scenario), record)
    kernel = Kernel(scenario, probes_for(scenario, record))
    out = kernel.run(1)
    for fact in record.facts:
        for a in fact.attestations:
            scalar = next(o for o in report.by_source[a.source] if o.fact.id == fact.id).passed
            many = judge_many(fact, a, out, kernel)
            assert (None if many is None else bool(many[0])) == scalar, (fact.id, a.source)


def test_facts_judged_for_a_block_can_fail(historical):
    from congress_sim.record.check import judge_many
    from congress_sim.record.facts import record_of

    record = record_of(historical)
    kernel = Kernel(historical, probes_for(historical, record))
    out = kernel.run(400, np.random.default_rng(3))
    appeal = next(f for f in record.facts if f.id == "appeal_tally")
    rate = judge_many(appeal, appeal.attestations[0], out, kernel).mean()
    assert 0 < rate < 0.5  # exactly 2 against and 12 abstaining is one outcome among many
