"""The lockstep kernel and the SimPy engine run one model: exactly equal when deterministic,
equal in distribution when seeded."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

import congress_sim as cs
from congress_sim import events as ev
from congress_sim.drivers.kernel import Kernel
from congress_sim.model.apportion import allocate as allocate_one
from congress_sim.model.apportion import allocate_rows
from congress_sim.model.block import NAMES, NOT_YET
from congress_sim.record.facts import record_of
from congress_sim.record.judge import judge, moments, positions

from .conftest import ROOT
from .test_properties import scenarios

SHIPPED = sorted((ROOT / "scenarios").rglob("*.yaml")) + sorted((ROOT / "examples").glob("*.yaml"))
SHIPPED = [p for p in SHIPPED if not p.name.endswith((".record.yaml", ".parameters.yaml")) and "rules" not in p.parts]
RESULT = {0: "adopted", 1: "rejected", 2: "not taken"}


def assert_same(scenario):
    replay = cs.simulate(scenario)
    kernel = Kernel(scenario, {"opening": "opening", "closing": "closing"})
    out = kernel.run(1)
    factions = kernel.factions
    for v in replay.votes():
        assert RESULT[out.code[v.item][0]] == v.result, v.item
        tally = {f: tuple(int(x) for x in out.tally[v.item][0][i]) for i, f in enumerate(factions)}
        assert {f: t for f, t in tally.items() if f in v.tally} == v.tally, v.item
        assert not any(t for f, t in tally.items() if f not in v.tally and any(t)), v.item
        assert out.present[v.item][0] == v.present
        assert out.start[v.item][0] == v.time
    for e in replay.elections():
        if e.item in out.seats:
            seats = dict(zip(kernel.groups[e.item], (int(x) for x in out.seats[e.item][0]), strict=True))
            assert {g: n for g, n in seats.items() if n} == e.seats, e.item
    for when in ("opening", "closing"):
        assert list(out.census[when][0]) == list(replay.census(when).by_faction.values()), when
    happened = {getattr(e, "item", None) for e in replay.events
                if isinstance(e, (ev.ItemBegan, ev.WalkoutBegan, ev.RecessBegan, ev.VoteTaken, ev.Elected,
                                  ev.Decided, ev.Defected, ev.Ruled))}
    kernel_happened = {i for i, c in out.code.items() if c[0] not in (NOT_YET, 6)}
    closes = {i for i, item in kernel.plan.items.items() if item.kind == "close"}  # logged as the session's close
    assert kernel_happened - closes == happened
    skipped = {e.item for e in replay.of(ev.Skipped)}
    assert {i for i, c in out.code.items() if NAMES.get(int(c[0])) == "skipped"} == skipped
    for sid, t in out.closed.items():
        assert t[0] == next(e.time for e in replay.of(ev.SessionClosed) if e.session == sid)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_deterministic_kernel_equals_the_engine_on_every_shipped_scenario(path):
    assert_same(cs.load(path))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_deterministic_kernel_equals_the_engine_on_generated_assemblies(scenario):
    assert_same(scenario)


def test_seeded_kernel_matches_the_engine_in_distribution(historical):
    n = 600
    kernel = Kernel(historical)
    out = kernel.run(n, np.random.default_rng(11))
    engine = [cs.simulate(historical, seed) for seed in range(n)]
    for vote in ("martov_proposal", "trotsky_resolution", "appeal", "government"):
        k = out.tally[vote][:, :, :3].sum(axis=1).astype(float)
        e = np.array([r.vote(vote).totals() for r in engine], dtype=float)
        # means of the replays agree within five standard errors of their difference
        se = np.sqrt(k.var(axis=0) / n + e.var(axis=0) / n)
        assert np.all(np.abs(k.mean(axis=0) - e.mean(axis=0)) <= 5 * se + 0.5), (vote, k.mean(axis=0), e.mean(axis=0))
        adopted = (out.code[vote] == 0).mean()
        assert abs(adopted - np.mean([r.vote(vote).result == "adopted" for r in engine])) < 0.08
    cec = kernel.groups["cec"].index("left_sr")
    k_lsr = out.seats["cec"][:, cec]
    e_lsr = np.array([next(x for x in r.elections() if x.item == "cec").seats.get("left_sr", 0) for r in engine])
    assert abs(k_lsr.mean() - e_lsr.mean()) < 0.5


@pytest.mark.parametrize("method", ["hare", "droop", "dhondt", "sainte_lague"])
def test_vectorised_allocation_equals_the_scalar_one(method):
    rng = np.random.default_rng(5)
    counts = rng.integers(0, 60, size=(300, 6))
    counts[::7, 2] = 0
    for seats in (1, 5, 13, 101):
        got = allocate_rows(counts, seats, method)
        want = np.array([allocate_one(list(row), seats, method) for row in counts])
        assert (got == want).all(), (method, seats)


@pytest.mark.parametrize("path", [p for p in SHIPPED if "record:" in p.read_text()], ids=lambda p: p.name)
def test_facts_judged_for_a_block_equal_the_check_of_one_replay(path):
    scenario = cs.load(path)
    record = record_of(scenario)
    report = cs.check(cs.simulate(scenario), record)
    kernel = Kernel(scenario, moments(record), positions=positions(record))
    out = kernel.run(1)
    for fact in record.facts:
        for a in fact.attestations:
            scalar = next(o for o in report.by_source[a.source] if o.fact.id == fact.id).passed
            many = judge(fact, a, out, kernel)
            if many is not None and scalar is not None:
                assert bool(many[0][0]) == scalar, (fact.id, a.source)


def test_facts_judged_for_a_block_can_fail(historical):
    record = record_of(historical)
    kernel = Kernel(historical, moments(record), positions=positions(record))
    out = kernel.run(400, np.random.default_rng(3))
    cec = next(f for f in record.facts if f.id == "cec_seats")
    passed, error = judge(cec, cec.attestations[0], out, kernel)
    assert passed.any()
    assert ((error <= 1) == passed).all()  # the error is in units of the tolerance: within it, at most 1
    tally = next(f for f in record.facts if f.id == "appeal_tally")
    passed, error = judge(tally, tally.attestations[0], out, kernel)
    assert (error > 0).all()  # the error is how far the replay is, within the tolerance or not
