"""Invariants of every replay, on generated assemblies (hypothesis)."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from congress_sim import Scenario, simulate
from congress_sim import events as ev

FACTIONS = ["a", "b", "c", "d"]
ISSUES = ["x", "y"]
positions = st.floats(-1, 1, allow_nan=False)


@st.composite
def scenarios(draw):  # noqa: C901 - one branch per kind of item
    factions = {}
    for f in FACTIONS[: draw(st.integers(1, 4))]:
        fac = {"label": f.upper(), "delegates": draw(st.integers(0, 60)),
               "positions": {k: {"centre": draw(positions), "spread": draw(st.floats(0, 0.6))}
                             for k in ISSUES if draw(st.booleans())}}
        if draw(st.booleans()):
            fac |= {"caucus": True, "discipline": draw(st.floats(0, 1))}
        factions[f] = fac
    names = list(factions)
    content = st.dictionaries(st.sampled_from(ISSUES), positions, min_size=1)
    agenda, minute = [], 0
    votes: list[str] = []
    for i in range(draw(st.integers(1, 9))):
        minute += draw(st.integers(0, 30))
        at = f"2000-01-01T{10 + minute // 60:02d}:{minute % 60:02d}"
        kind = draw(st.sampled_from(["vote", "vote", "walkout", "defection", "recess", "election", "decision",
                                     "announcement"]))
        item = {"id": f"i{i}", "kind": kind}
        if draw(st.booleans()):
            item["at"] = at
        else:
            item["after"] = draw(st.integers(0, 30))
        if kind == "vote":
            item |= {"motion": "m", "content": draw(content)}
            if draw(st.integers(0, 3)) == 0:
                item["stances"] = {draw(st.sampled_from(names)): draw(st.sampled_from(["for", "against", "abstain"]))}
            if draw(st.booleans()):
                item["rules"] = {"majority": draw(st.sampled_from(["simple", "absolute", "two_thirds", "unanimity",
                                                                   "three_fifths"]))}
            votes.append(item["id"])
        elif kind == "walkout":
            item |= {"over": draw(st.integers(0, 20))}
            if draw(st.booleans()):
                item["factions"] = draw(st.lists(st.sampled_from(names), min_size=1, unique=True))
            if draw(st.booleans()):
                item["share"] = draw(st.floats(0, 1))
        elif kind == "defection":
            item |= {"from": draw(st.sampled_from(names)), "to": draw(st.sampled_from(names))}
            if draw(st.booleans()):
                item["share"] = draw(st.floats(0, 1))
        elif kind == "recess":
            item |= {"duration": draw(st.integers(1, 15))}
            minute += item["duration"]
        elif kind == "decision":
            item |= {"faction": draw(st.sampled_from(names)), "body": "board"}
            if draw(st.booleans()):
                item["accepts"] = draw(st.one_of(st.booleans(), st.floats(0, 1)))
        elif kind == "announcement":
            item |= {"text": "news", "effect": draw(content)}
        else:
            item |= {"body": "board"}
        if agenda and draw(st.integers(0, 4)) == 0:  # depends on an earlier item
            earlier = draw(st.sampled_from(agenda))
            result = {"vote": draw(st.sampled_from(["adopted", "rejected", None])),
                      "decision": draw(st.sampled_from(["accepted", "declined", None]))}.get(earlier["kind"])
            item["only_if"] = {"item": earlier["id"], **({"result": result} if result else {})}
        agenda.append(item)
    if votes and draw(st.booleans()):  # an amendment, decided before the motion it amends
        target = draw(st.sampled_from(votes))
        where = next(i for i, x in enumerate(agenda) if x["id"] == target)
        agenda.insert(where, {"id": "amend", "kind": "vote", "type": "amendment", "on": target, "motion": "amend",
                              "content": draw(content)})
    triggers = []
    for j in range(draw(st.integers(0, 2))):
        cause = draw(st.sampled_from(agenda))
        when = {"item": cause["id"]}
        if cause["kind"] == "vote" and draw(st.booleans()):
            when["result"] = draw(st.sampled_from(["adopted", "rejected"]))
        then = draw(st.sampled_from([
            {"id": f"r{j}", "kind": "walkout", "over": draw(st.integers(0, 10))},
            {"id": f"r{j}", "kind": "close"},
            {"id": f"r{j}", "kind": "vote", "motion": "called", "content": draw(content)},
            {"id": f"r{j}", "kind": "recess", "duration": draw(st.integers(1, 20))},
        ]))
        triggers.append({"id": f"t{j}", "when": when, "probability": draw(st.floats(0, 1)),
                         "delay": draw(st.integers(0, 20)), "then": then})
    arrivals = [{"id": f"arr{i}", "faction": draw(st.sampled_from(names)), "count": draw(st.integers(1, 20)),
                 "between": ["2000-01-01T10:00", f"2000-01-01T{10 + draw(st.integers(0, 3))}:30"]}
                for i in range(draw(st.integers(0, 3)))]
    rules = {"majority": draw(st.sampled_from(["simple", "absolute", "two_thirds", "unanimity"]))}
    if draw(st.booleans()):
        rules["quorum"] = draw(st.one_of(st.builds(lambda s: {"share": s}, st.floats(0, 1)),
                                         st.builds(lambda c: {"count": c}, st.integers(0, 100))))
    persons = {}
    roomy = [f for f in names if factions[f]["delegates"] >= 2]  # a named person is one of its faction's delegates
    if roomy and draw(st.booleans()):
        persons["p"] = {"name": "P", "faction": draw(st.sampled_from(roomy)), "absent": ["s"]}
    if roomy and draw(st.booleans()):
        persons["q"] = {"name": "Q", "faction": draw(st.sampled_from(roomy)), "positions": {"x": draw(positions)}}
    board = {"label": "Board", "seats": draw(st.integers(1, 30)),
             "method": draw(st.sampled_from(["hare", "droop", "dhondt", "sainte_lague"])),
             "line": {"x": draw(positions)}}
    if draw(st.booleans()):
        board["among"] = draw(st.lists(st.sampled_from(names), min_size=1, unique=True))
    data = {
        "title": "generated", "issues": {k: {"label": k, "status_quo": draw(positions)} for k in ISSUES},
        "factions": factions, "arrivals": arrivals, "rules": rules, "persons": persons,
        "bodies": {"board": board}, "triggers": triggers,
        "sessions": [{"id": "s", "opens": "2000-01-01T10:00", "agenda": agenda}],
    }
    return Scenario.model_validate(data)


def check_invariants(replay):
    present = {f: 0 for f in replay.plan.factions}
    arrived = departed = 0
    last = float("-inf")
    for e in replay.events:
        assert e.time >= last, "time never runs backwards"
        last = e.time
        if isinstance(e, ev.Arrived):
            present[e.faction] += e.count
            arrived += e.count
            assert len(e.delegates) == e.count
        elif isinstance(e, ev.Departed):
            present[e.faction] -= e.count
            departed += e.count
        elif isinstance(e, ev.Defected):
            present[e.source] -= e.count
            present[e.target] += e.count
        elif isinstance(e, ev.VoteTaken):
            f, a, b = e.totals()
            assert f + a + b + e.not_voting <= e.present <= sum(present.values()), "a tally never exceeds those present"
            for fac, tally in e.tally.items():
                assert min(tally) >= 0 and sum(tally) <= present[fac]
        elif isinstance(e, ev.Elected):
            assert all(n >= 0 for n in e.seats.values())
            if replay.scenario.bodies[e.body].method != "offered":  # all seats filled, or none could be
                assert sum(e.seats.values()) in (0, replay.scenario.bodies[e.body].seats), "seats sum to the body's size"
        assert all(n >= 0 for n in present.values()), "no count is negative"
    assert replay.census("closing").total == arrived - departed, "delegates are conserved"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(), st.one_of(st.none(), st.integers(0, 2**32)))
def test_invariants_hold(scenario, seed):
    check_invariants(simulate(scenario, seed))


@settings(max_examples=50, deadline=None)
@given(scenarios(), st.integers(0, 2**32))
def test_the_same_seed_gives_the_same_replay(scenario, seed):
    assert simulate(scenario, seed).events == simulate(scenario, seed).events


def test_the_historical_replay_keeps_the_invariants(historical):
    for seed in (None, 1, 2, 3):
        check_invariants(simulate(historical, seed))
