"""The lockstep kernel and the SimPy engine run one model: exactly equal when deterministic,
equal in distribution when seeded."""

import json
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

import congress_sim as cs
from congress_sim import events as ev
from congress_sim.drivers.kernel import Kernel
from congress_sim.model.apportion import allocate as allocate_one
from congress_sim.model.apportion import allocate_rows
from congress_sim.model.block import NAMES, NOT_YET, SKIPPED
from congress_sim.record.facts import record_of
from congress_sim.record.judge import judge, moments, positions, unjudged

from .conftest import ROOT
from .test_properties import scenarios

SHIPPED = sorted((ROOT / "scenarios").rglob("*.yaml")) + sorted((ROOT / "examples").glob("*.yaml"))
SHIPPED = [p for p in SHIPPED if not p.name.endswith((".record.yaml", ".parameters.yaml"))]
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
    happened = took_place(replay)
    kernel_happened = {i for i, c in out.code.items() if c[0] not in (NOT_YET, SKIPPED)}
    assert kernel_happened == set(happened)  # every kind of item, a close too, is logged as it happens
    assert {i: out.start[i][0] for i in kernel_happened} == happened
    skipped = {e.item for e in replay.of(ev.Skipped)}
    assert {i for i, c in out.code.items() if NAMES.get(int(c[0])) == "skipped"} == skipped
    for sid, t in out.closed.items():
        assert t[0] == next(e.time for e in replay.of(ev.SessionClosed) if e.session == sid)


def took_place(replay):
    """Each item the engine's log says took place, and when it began."""
    return {getattr(e, "item", None): e.time for e in reversed(replay.events)
            if isinstance(e, (ev.ItemBegan, ev.WalkoutBegan, ev.RecessBegan, ev.VoteTaken, ev.Elected,
                              ev.Decided, ev.Defected, ev.Ruled))}


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
            if many is None:  # what many replays cannot measure, they say
                assert unjudged(fact, a, kernel), (fact.id, a.source)
            elif scalar is not None:
                assert bool(many[0][0]) == scalar, (fact.id, a.source)
            else:  # what cannot apply to one replay cannot apply to many
                raise AssertionError((fact.id, a.source, "judged by many replays, skipped by check"))


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


EVERY = """
title: Every kind of item
issues:
  x: {label: X, status_quo: 0}
factions:
  ayes: {label: Ayes, delegates: 6, positions: {x: 1}}
  noes: {label: Noes, delegates: 4, positions: {x: -1}}
persons:
  speaker: {name: The Speaker, faction: ayes}
  ann: {name: Ann, faction: ayes}
  bob: {name: Bob, faction: noes}
rules:
  chair: {person: speaker}
bodies:
  board: {label: The board, seats: 3}
  head: {label: The head, seats: 1}
sessions:
  - id: first
    opens: 2000-01-01T10:00
    agenda:
      - {id: report, kind: report, topic: the year, speakers: [ann], duration: 15}
      - {id: talk, kind: debate, topic: the bill, duration: 10}
      - {id: news, kind: announcement, text: The news}
      - {id: bill, kind: vote, motion: The bill, content: {x: 1}}
      - {id: point, kind: ruling, point: the bill was not read, content: {x: 0.5}, after: 5}
      - {id: noes_decide, kind: decision, faction: noes, body: board, accepts: true}
      - {id: board_vote, kind: election, body: board}
      - {id: head_vote, kind: election, body: head, candidates: [ann, bob]}
      - {id: pause, kind: recess, duration: 20}
      - {id: crossing, kind: defection, from: noes, to: ayes, count: 1}
      - {id: leaving, kind: walkout, factions: [noes], share: 0.5, after: 5}
      - {id: end, kind: close, after: 5, speakers: [ann]}
  - id: second
    opens: 2000-01-02T10:00
    agenda:
      - {id: again, kind: debate, topic: the bill again, duration: 30}
      - {id: never, kind: announcement, text: Never read}
triggers:
  - {id: cheer, when: {item: bill}, delay: 1, then: {id: cheers, kind: announcement, text: Cheers}}
  - {id: cut, when: {item: again}, delay: 10, then: {id: lights_out, kind: close}}
"""


def every_fact_about_items(scenario):
    """Facts naming each item (of every kind, a close on the agenda and one a reaction makes, and
    one not taken): when it began and ended, that it happened, the census just after it, the order,
    and the first of each kind in each session; each with a value the deterministic kernel gives
    and one it does not."""
    plan = Kernel(scenario).plan
    at = {f"census_{i}": i for i in plan.items}
    out = Kernel(scenario, {f"fact:{k}": v for k, v in at.items()}).run(1)
    iso, items = plan.clock.iso, list(plan.items)
    done = [i for i in items if out.code[i][0] not in (NOT_YET, 6)]
    assert "never" in items and "never" not in done and {"end", "lights_out"} <= set(done)
    facts = []

    def add(ident, check, good, bad):
        facts.append({"id": ident, "statement": ident, "check": check, "attestations": [
            {"source": "good", "value": good}, {"source": "bad", "value": bad}]})

    for i in items:
        start, end = (float(t[i][0]) if i in t else np.nan for t in (out.start, out.end))
        ok = i in done
        add(f"time_{i}", {"kind": "time", "of": i}, iso(start) if ok else "2000-01-01T10:00", iso((start if ok else 600) + 5))
        add(f"end_{i}", {"kind": "time", "of": i, "edge": "end"}, iso(end) if ok else "2000-01-01T10:00",
            iso((end if ok else 600) + 5))
        total = int(out.census[f"fact:census_{i}"][0].sum())
        add(f"census_{i}", {"kind": "census", "at": i}, {"total": total}, {"total": total + 1})
    add("occurred", {"kind": "occurrence", "items": done}, "happened", "happened")
    facts[-1]["attestations"][1]["value"] = "adopted"  # a close, a debate... are not adopted
    add("not_taken", {"kind": "occurrence", "items": ["never"]}, "happened", "happened")
    # the same minute: a session's opening, then the agenda's order, then the reactions'
    ranked = sorted(done, key=lambda i: (out.start[i][0], items.index(i)))
    order = sorted([*done, "first", "second"], key=lambda i: (out.opened[i][0], -1) if i in out.opened else
                   (out.start[i][0], items.index(i)))
    add("order", {"kind": "order"}, order, order[::-1])
    for session in ("first", "second"):
        for kind in {plan.items[i].kind for i in items}:
            first = next((i for i in ranked if plan.items[i].kind == kind and
                          out.opened[session][0] <= out.start[i][0] <= out.closed[session][0]), "none")
            other = next((i for i in items if plan.items[i].kind == kind and i != first), "none")
            add(f"opens_{session}_{kind}", {"kind": "opens_with", "session": session, "item_kind": kind}, first, other)
    return cs.Record.model_validate({"title": "t", "sources": {"good": "g", "bad": "b"}, "facts": facts})


def test_every_kind_of_item_is_named_alike_by_check_and_by_many_replays():
    """A close (on the agenda or set off by a trigger), a report, a recess... is an item the record
    names like any other: `check` (the event log) and the ensemble (the kernel) judge it alike."""
    scenario = cs.loads(EVERY)
    record = every_fact_about_items(scenario)
    kernel = Kernel(scenario, moments(record), positions=positions(record))
    out = kernel.run(1)
    checked = cs.check(cs.simulate(scenario), record, source="good")
    for source, passes in (("good", True), ("bad", False)):
        for o in checked.by_source[source]:
            a = next(a for a in o.fact.attestations if a.source == source)
            expected = passes and not o.fact.id.endswith("_never") and o.fact.id != "not_taken"
            if o.fact.id.startswith("opens_") and a.value == "none" and source == "bad":
                continue  # no other item of the kind to name
            assert o.passed is expected, (o.fact.id, source, o.replayed, o.why)
            assert bool(judge(o.fact, a, out, kernel)[0][0]) is expected, (o.fact.id, source)


WHO_CHAIRS = EVERY[: EVERY.index("sessions:")] + """sessions:  # the same assembly, electing its head
  - id: first
    opens: 2000-01-01T10:00
    agenda:
      - {id: elect, kind: election, body: head, candidates: [ann, bob], method: plurality}
      - {id: thanks, kind: announcement, text: Ann thanks the house, only_if: {item: elect, winner: ann}}
      - {id: bill, kind: vote, motion: The bill, content: {x: -1}, only_if: {item: elect, winner: bob}, after: 30}
      - {id: end, kind: close, after: 30}
triggers:
  - {id: protest, when: {item: elect, winner: ann}, delay: 10, then: {id: leaving, kind: walkout, factions: [noes], share: 1}}
"""
DEPENDENT = ("thanks", "bill", "leaving")  # on Ann's winning, Bob's, Ann's


def test_a_condition_on_who_won_is_judged_alike_by_the_engine_and_the_kernel():
    """Replays of one block elect different winners (the Noes' size varies): each replay's items that
    depend on the winner happen in the kernel exactly as in the engine's replay of the same values."""
    from congress_sim.model.params import central, setter

    scenario = cs.loads(WHO_CHAIRS)
    assert_same(scenario)
    plan = Kernel(scenario).plan
    params = central(plan, 4)
    setter(plan, "factions.noes.delegates")(params, np.array([3, 9, 5, 12]))
    out = Kernel(scenario).run(4, params=params)
    assert out.winners["elect"][:, 0].tolist() == [0, 1, 0, 1]  # Ann, Bob, Ann, Bob
    for row in range(4):
        replay = cs.simulate(scenario, params=params.rows(np.array([row])))
        assert next(e for e in replay.elections() if e.item == "elect").members == (("ann",), ("bob",))[row % 2]
        kernel = {i for i in DEPENDENT if out.code[i][row] not in (NOT_YET, SKIPPED)}
        assert kernel == set(took_place(replay)) & set(DEPENDENT) == \
            ({"thanks", "leaving"} if row % 2 == 0 else {"bill"}), row


def test_a_condition_on_who_won_holds_in_exactly_the_replays_that_elected_them():
    """Seeded, the Noes' size is drawn: the items that wait for Ann's or Bob's election happen in
    exactly the replays that elected them, in the ensemble's kernel and in the engine's replays alike."""
    scenario = cs.loads(WHO_CHAIRS + "uncertain:\n  factions.noes.delegates: {choice: [3, 9]}\n")
    out = Kernel(scenario).run(200, np.random.default_rng(4))
    ann = out.winners["elect"][:, 0] == 0
    assert 0 < ann.sum() < 200
    for item, wanted in zip(DEPENDENT, (ann, ~ann, ann), strict=True):
        assert ((out.code[item] != NOT_YET) & (out.code[item] != SKIPPED) == wanted).all(), item
    for seed in range(12):
        replay = cs.simulate(scenario, seed)
        ann = next(e for e in replay.elections() if e.item == "elect").members == ("ann",)
        assert set(took_place(replay)) & set(DEPENDENT) == ({"thanks", "leaving"} if ann else {"bill"}), seed


LEAVING = """
title: Council
issues: {x: {label: X}}
factions:
  ayes: {label: Ayes, delegates: 5, positions: {x: {centre: 1, spread: 0}}}
  noes: {label: Noes, delegates: 3, positions: {x: {centre: -1, spread: 0}}}
sessions:
  - id: s
    opens: 2000-01-01T10:00
    agenda:
      - {id: out, kind: walkout, factions: [noes], share: 1}
      - {id: answer, kind: vote, motion: Against those who left, content: {x: 1}, after: 10,
         only_if: {item: out, left: {at_least: 1}}}
      - {id: stayed, kind: announcement, text: No one left, only_if: {item: out, left: {at_most: 0}}}
      - {id: end, kind: close, after: 30}
triggers:
  - {id: all_gone, when: {item: out, left: {at_least: 3}}, delay: 5,
     then: {id: lament, kind: announcement, text: All the noes are gone}}
"""
ON_LEAVING = ("answer", "stayed", "lament")  # on someone's leaving, no one's, all three noes'


def test_a_condition_on_how_many_left_is_judged_alike_by_the_engine_and_the_kernel():
    """Replays of one block lose different numbers in the walkout (its share varies): each replay's
    items that depend on how many left happen in the kernel exactly as in the engine's replay."""
    from congress_sim.model.params import central, setter

    scenario = cs.loads(LEAVING)
    assert_same(scenario)
    plan = Kernel(scenario).plan
    params = central(plan, 4)
    setter(plan, "out.share")(params, np.array([0, 1, 1 / 3, 0]))  # 0, 3, 1 and 0 of the 3 noes leave
    out = Kernel(scenario).run(4, params=params)
    expected = [{"stayed"}, {"answer", "lament"}, {"answer"}, {"stayed"}]
    for row in range(4):
        replay = cs.simulate(scenario, params=params.rows(np.array([row])))
        kernel = {i for i in ON_LEAVING if out.code[i][row] not in (NOT_YET, SKIPPED)}
        assert kernel == set(took_place(replay)) & set(ON_LEAVING) == expected[row], row


class _Counting:
    """A generator that counts the numbers ``random`` draws (the rest it passes on as it is)."""

    def __init__(self, rng):
        self.rng, self.drawn = rng, 0

    def random(self, size=None):
        self.drawn += int(np.prod(size))
        return self.rng.random(size)

    def __getattr__(self, name):
        return getattr(self.rng, name)


def test_a_walkout_draws_the_order_of_only_the_replays_that_pick_among_a_faction(historical):
    from congress_sim.language import plan as planning
    from congress_sim.model.block import Block
    from congress_sim.model.params import central
    from congress_sim.model.reactions import pick

    plan = planning.of(historical)
    n = 300
    block = Block(plan, central(plan, n), np.random.default_rng(3))
    among = np.isfinite(block.arrive)
    have = block.per_faction(np.arange(n), among)
    counts = have.copy()  # everyone of each faction goes, but in two replays only one of the largest
    big = int(np.argmax(have[0]))
    counts[[40, 77], big] = 1
    block.rng = rng = _Counting(np.random.default_rng(8))
    chosen = pick(block, np.arange(n), among, counts, np.zeros(among.shape))
    assert rng.drawn < among.size  # the keys of two replays, not of all
    want = np.random.default_rng(8)
    key = want.random(among.shape)  # as a draw of every key would have chosen, and left the stream
    assert rng.rng.bit_generator.state == want.bit_generator.state
    a, e = block.roster.slices[big]
    for r in (40, 77):
        mine = np.flatnonzero(among[r, a:e])
        assert np.flatnonzero(chosen[r, a:e]).tolist() == [int(mine[np.argmin(key[r, a:e][mine])])]
    others = np.setdiff1d(np.arange(n), [40, 77])
    assert (chosen[others] == among[others]).all()


def test_a_walkout_of_some_factions_looks_only_at_their_slots_and_draws_as_over_all(historical):
    """Picking among a span of slots (the factions of a walkout of some of them) chooses the same
    members, counts the same and leaves the stream of random numbers where picking among all slots does."""
    from congress_sim.language import plan as planning
    from congress_sim.model.block import Block
    from congress_sim.model.params import central
    from congress_sim.model.reactions import pick

    plan = planning.of(historical)
    n = 200
    rows = np.arange(n)
    considered = np.zeros(len(plan.factions), dtype=bool)
    considered[[1, 3]] = True  # two factions with another between them
    chosen = {}
    for whole in (True, False):
        block = Block(plan, central(plan, n), np.random.default_rng(3))
        a, e = (0, block.roster.size) if whole else block.span(considered)
        among = np.isfinite(block.arrive[:, a:e]) & block.by_member(rows, considered[None, :], a, e)
        counts = block.per_faction(rows, among, a) // 2
        block.rng = np.random.default_rng(8)
        got = pick(block, rows, among, counts, np.zeros(among.shape), a)
        full = np.zeros(block.arrive.shape, dtype=bool)
        full[:, a:e] = got
        chosen[whole] = (full, block.per_faction(rows, got, a), block.rng.bit_generator.state)
    assert block.span(considered) != (0, block.roster.size)
    assert (chosen[True][0] == chosen[False][0]).all() and chosen[True][0].any()
    assert (chosen[True][1] == chosen[False][1]).all()
    assert chosen[True][2] == chosen[False][2]


def test_a_block_counts_ballots_by_segment_as_it_does_delegate_by_delegate(historical):
    """The count of a block by segments (searches over sorted offsets, a table of who had left)
    equals the count delegate by delegate, while a walkout's delegates are on their way out and
    once they have gone, and for some of the rows."""
    from congress_sim.language import plan as planning
    from congress_sim.model import ballots
    from congress_sim.model.block import Block, Stake
    from congress_sim.model.params import central

    plan = planning.of(historical)
    n = 400
    rng = np.random.default_rng(21)
    block = Block(plan, central(plan, n), np.random.default_rng(4))
    rows = np.arange(n)
    t0 = plan.opens + 60.0
    going = block.present(rows, np.full(n, t0)) & (rng.random(block.z.shape) < 0.2)
    block.leave(rows, going, np.where(going, t0 + 30 * rng.random(going.shape), np.inf))
    F = len(plan.factions)
    for t in (t0 - 1, t0 + 10, t0 + 40, t0 + 10):  # before, during, after, and during again
        for sub in (rows, rows[::3]):
            times = np.full(len(sub), t)
            stake = Stake(rng.normal(0, 0.3, (len(sub), F)), rng.normal(0, 0.3, (len(sub), F)),
                          rng.normal(0, 0.3, (len(sub), len(block.roster.named_slots))))
            stake.beta[:, 1] = 0.0  # a flat gain: the same for every delegate of a faction
            hall = block.hall(sub, times, None)
            allowed = np.ones(F, dtype=bool)
            got = ballots.count(block, sub, hall, stake, allowed)
            want = ballots.count(block, sub, hall, stake, allowed, prefs=[])
            assert (got == want).all(), t
            assert (hall.in_segments.sum(axis=1) + hall.named.sum(axis=1) == hall.here.sum(axis=1)).all()


def test_one_replays_preferences_and_gains_are_the_blocks():
    """A replay alone is counted by the same comparisons as a block of replays: each delegate's
    preference, and the gain that orders who breaks ranks, whatever the gains' signs (a flat gain,
    a falling one, one within the band)."""
    from congress_sim.model import ballots
    from congress_sim.model.block import Block, Stake
    from congress_sim.model.params import central

    plan = Kernel(cs.load(ROOT / "scenarios" / "historical.yaml")).plan
    n, rng = 6, np.random.default_rng(5)
    block = Block(plan, central(plan, n), rng)  # drawn offsets: no two replays alike
    F, N = len(plan.factions), len(block.roster.named_slots)
    alpha, beta = rng.normal(0, 0.3, (n, F)), rng.normal(0, 0.3, (n, F))
    beta[rng.random((n, F)) < 0.3] = 0.0  # flat: for, against or neither whatever the offset
    alpha[0] = 0.0  # within the band
    stake = Stake(alpha, beta, rng.normal(0, 0.3, (n, N)))
    rows = np.arange(n)
    everyone = ballots.preferences_of(block, rows, stake)
    gains = block.gains(rows, stake)
    for r in range(n):
        one = Stake(alpha[r:r + 1], beta[r:r + 1], stake.named[r:r + 1])
        assert (ballots.preferences_of(block, np.array([r]), one) == everyone[r]).all(), r
        idx = np.flatnonzero(rng.random(block.roster.size) < 0.5)
        idx = np.union1d(idx, block.roster.named_slots[::2])  # some named persons among them
        assert (ballots._gains_of(block, r, one, idx) == gains[r, idx]).all(), r
    assert {0, 1, 2} <= set(np.unique(everyone).tolist())


def test_a_stake_is_the_change_in_each_delegates_utility():
    """What a change gains each delegate is the fall in its salience-weighted squared distance from
    where things stand, whether the change moves one issue, some or all of them, for a few replays
    and for many (which leave out the issues no replay moves)."""
    from congress_sim.model.block import Block
    from congress_sim.model.params import central

    plan = Kernel(cs.load(ROOT / "scenarios" / "historical.yaml")).plan
    rng = np.random.default_rng(11)
    for n in (4, 100):
        block = Block(plan, central(plan, n), rng)
        rows, K = np.arange(n), len(plan.issues)
        pos, w = block.positions(rows), block.weights(rows)
        old = rng.normal(0, 1, (n, K))
        for moved in ([0], [1, K - 1], list(range(K))):
            new = old.copy()
            new[:, moved] += rng.normal(0, 1, (n, len(moved)))
            new[1] = old[1]  # one replay moves nothing
            utility = [-(w * (pos - x[:, None, :]) ** 2).sum(axis=2) for x in (old, new)]
            gains = block.gains(rows, block.stake(rows, old, new))
            assert np.allclose(gains, utility[1] - utility[0], atol=1e-9), (n, moved)
            assert (gains[1] == 0).all()


def test_a_census_taken_at_a_votes_moment_counts_as_one_taken_alone(historical):
    """A census just after a vote reuses the vote's count of the segments; it still counts the named
    persons the session's hall leaves out (Lenin misses the first session), and it matches a census
    taken with no hall before it, in a walkout's wake and after."""
    from congress_sim.language import plan as planning
    from congress_sim.model.block import Block
    from congress_sim.model.params import central

    plan = planning.of(historical)
    n, rows = 300, np.arange(300)
    first = plan.sessions[0].session.id
    for t0 in (plan.opens + 30, plan.opens + 120, plan.opens + 600):
        t = np.full(n, t0)
        blocks = [Block(plan, central(plan, n), np.random.default_rng(6)) for _ in range(2)]
        for b in blocks:
            going = np.zeros(b.arrive.shape, dtype=bool)
            a, e = b.roster.slices[2]
            going[:, a:e] = np.random.default_rng(1).random((n, e - a)) < 0.5
            b.leave(rows, going, np.where(going, plan.opens + 60, np.inf))
        hall = blocks[0].hall(rows, t, first)
        assert hall.in_segments is not None  # counted for the hall, as a vote counts it
        reused, alone = blocks[0].census(rows, t), blocks[1].census(rows, t)
        assert (reused == alone).all(), t0
        assert (reused.sum(axis=1) == hall.present + 1).all()  # Lenin: at the assembly, not in the hall


def test_a_hall_of_many_replays_holds_until_anyone_comes_or_goes_in_any_of_them(historical):
    """A hall is handed out again at other times while no one comes or goes between them, in any
    replay; across an arrival or a walkout it is counted again, as a hall counted alone is."""
    from congress_sim.language import plan as planning
    from congress_sim.model.block import Block
    from congress_sim.model.params import central

    plan = planning.of(historical)
    n, rows = 200, np.arange(200)
    session = plan.sessions[0].session.id
    late = plan.arrivals[0]

    def block():
        return Block(plan, central(plan, n), np.random.default_rng(4))

    def at(t0):
        return t0 + np.random.default_rng(int(t0)).random(n)  # a time of each replay's own

    b = block()
    first = b.hall(rows, at(plan.opens + 10), session)
    assert b.hall(rows, at(plan.opens + 20), session) is first  # no one came or went meanwhile
    after = b.hall(rows, at(late.end + 5), session)  # the late arrivals came meanwhile
    assert after is not first
    assert (after.by_faction == block().hall(rows, at(late.end + 5), session).by_faction).all()
    going = np.zeros(b.arrive.shape, dtype=bool)
    a, e = b.roster.slices[2]
    going[:, a:e] = np.random.default_rng(1).random((n, e - a)) < 0.5
    for x in (b, fresh := block()):
        x.leave(rows, going, np.where(going, late.end + 10, np.inf))
    gone = b.hall(rows, at(late.end + 20), session)
    assert gone is not after
    assert (gone.by_faction == fresh.hall(rows, at(late.end + 20), session).by_faction).all()
    assert (gone.by_faction[:, 2] < after.by_faction[:, 2]).all()


def test_censuses_at_times_counted_at_once_count_as_each_taken_alone(historical):
    """The censuses at times the same in every replay (the opening, dates) are counted all at once,
    by faction, as the band is: each as a census taken alone at its time (before, within and after
    the late arrivals and a walkout over a while)."""
    from congress_sim.drivers.kernel import _counts_below
    from congress_sim.language import plan as planning
    from congress_sim.model.block import Block
    from congress_sim.model.params import central

    plan = planning.of(historical)
    n, rows = 200, np.arange(200)
    late = plan.arrivals[0]
    blocks = [Block(plan, central(plan, n), np.random.default_rng(5)) for _ in range(2)]
    for b in blocks:
        going = np.zeros(b.arrive.shape, dtype=bool)
        a, e = b.roster.slices[1]
        going[:, a:e] = np.random.default_rng(2).random((n, e - a)) < 0.4
        b.leave(rows, going, np.where(going, plan.opens + 60 + 30 * np.random.default_rng(3).random(going.shape), np.inf))
    times = np.array([plan.opens, plan.opens + 70, plan.opens + 80, plan.opens + 95, (late.start + late.end) / 2, late.end + 1])
    b = blocks[0]
    for ts in (times, times[1:]):  # from within the walkout, some of it gone before the first time
        table = _counts_below(b.arrive, ts, b) - _counts_below(b.depart, ts, b)
        for i, t0 in enumerate(ts):
            assert (table[:, :, i] == blocks[1].census(rows, np.full(n, t0))).all(), t0
        assert len({int(x) for x in table.sum(axis=(0, 1))}) == len(ts)  # each time counts differently


def test_the_attendance_band_counts_the_times_at_or_before_each_grid_time():
    """The band's counts equal a count of every time against every grid time: times on a grid time
    count from it on, times before the span from its start, times after it (or never) not at all."""
    from congress_sim.drivers.kernel import _counts_below

    rng = np.random.default_rng(2)
    grid = np.linspace(100.0, 200.0, 21)
    times = rng.uniform(50.0, 250.0, (40, 30))
    times[:, :5] = 0.0  # there from before the span, in every replay
    times[:, 5:8] = np.inf  # never
    times[rng.random(times.shape) < 0.1] = np.inf
    times[:, 8] = grid[rng.integers(0, grid.size, 40)]  # exactly on a grid time
    want = (times[:, :, None] <= grid[None, None, :]).sum(axis=1)
    assert (_counts_below(times, grid) == want).all()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the C allocator kept is glibc's")
def test_a_process_keeps_the_memory_a_block_frees_for_the_next():
    """Once a process has run a block of many replays, the next blocks find the memory the last one
    freed still there instead of faulting it in again page by page."""
    code = """if True:
        import resource, sys, numpy as np, congress_sim as cs
        from congress_sim.drivers import kernel
        if sys.argv[1] == "off":
            kernel._HEAP.append(True)  # as if kept already: nothing is changed
        k = kernel.Kernel(cs.load("scenarios/historical.yaml"))
        faults = []
        for b in range(3):
            before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
            k.run(500, np.random.default_rng(b))
            faults.append(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
        print(faults)
    """
    faults = {way: json.loads(subprocess.run([sys.executable, "-c", code, way], cwd=ROOT, capture_output=True, text=True,
                                             check=True).stdout) for way in ("on", "off")}
    assert faults["on"][2] * 4 < faults["on"][0]
    assert faults["on"][2] * 4 < faults["off"][2]  # (by default, each block faults its memory in anew)


def test_a_time_is_placed_on_the_grid_as_a_search_places_it():
    """The band places each time on its grid by the grid's spacing and then steps: always where
    ``searchsorted`` puts it, on grid times, just past them, outside the span, never, or nan, on
    evenly spaced grids and others."""
    from congress_sim.drivers.kernel import _index

    rng = np.random.default_rng(3)
    for trial in range(200):
        size = int(rng.integers(1, 150))
        even = trial % 2 == 0
        grid = np.linspace(rng.uniform(-100, 100), rng.uniform(100, 3000), size) if even else np.sort(rng.uniform(0, 1000, size))
        x = rng.uniform(grid[0] - 50, grid[-1] + 50, (20, 30))
        for value, share in ((np.inf, 0.1), (-np.inf, 0.05), (np.nan, 0.05)):
            x[rng.random(x.shape) < share] = value
        on = rng.random(x.shape) < 0.3
        x[on] = grid[rng.integers(0, size, on.sum())]
        past = rng.random(x.shape) < 0.1
        x[past] = np.nextafter(grid[rng.integers(0, size, past.sum())], np.inf)
        assert (_index(grid, x) == np.searchsorted(grid, x, side="left")).all(), trial


def test_one_replays_distance_from_a_bodys_line_is_the_blocks():
    """How far a faction's delegates stand from a body's line comes out the same, to the last bit, for
    a replay alone as for it within a block of replays (where a faction declines its seats)."""
    from congress_sim.model import reactions
    from congress_sim.model.block import Block
    from congress_sim.model.params import central

    plan = Kernel(cs.load(ROOT / "scenarios" / "historical.yaml")).plan
    n, rng = 5, np.random.default_rng(8)
    params = central(plan, n)
    for values in (params.centre, params.spread, params.salience):
        values *= rng.uniform(0.5, 1.5, values.shape)  # no two replays alike
    block = Block(plan, params, rng)
    line = {k: float(x) for k, x in zip(plan.issues, rng.normal(0, 1, len(plan.issues)), strict=True)}
    for fi in range(len(plan.factions)):
        a, e = block.slots_of(fi)
        everyone = reactions._distance(block, np.arange(n), fi, line, a, e)
        for r in range(n):
            assert (reactions._distance(block, np.array([r]), fi, line, a, e)[0] == everyone[r]).all(), (fi, r)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_a_deterministic_replay_opens_alike_every_time(path):
    """A deterministic replay opens with a copy of a block made once for its plan: what one replay
    does (walkouts, defections, votes, a dissolution) never carries into the next."""
    scenario = cs.load(path)
    first = cs.simulate(scenario)
    assert cs.simulate(scenario).events == first.events
    assert cs.simulate(scenario).events == first.events
