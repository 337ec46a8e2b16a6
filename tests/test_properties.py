"""Invariants of every replay, on generated assemblies (hypothesis)."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from congress_sim import Scenario, simulate
from congress_sim import events as ev

FACTIONS = ["a", "b", "c", "d"]
options = st.sampled_from(["for", "against", "abstain"])


@st.composite
def scenarios(draw):
    factions = {f: {"label": f.upper(), "delegates": draw(st.integers(0, 60)), "stance": draw(options)}
                for f in FACTIONS[: draw(st.integers(1, 4))]}
    names = list(factions)
    agenda, minute = [], 0
    for i in range(draw(st.integers(1, 8))):
        minute += draw(st.integers(0, 30))
        at = f"2000-01-01T{10 + minute // 60:02d}:{minute % 60:02d}"
        kind = draw(st.sampled_from(["vote", "walkout", "defection", "recess", "election"]))
        item = {"id": f"i{i}", "kind": kind, "at": at}
        if kind == "vote":
            item |= {"motion": "m", "stances": {f: draw(options) for f in names}}
        elif kind == "walkout":
            item |= {"factions": draw(st.lists(st.sampled_from(names), min_size=1, unique=True)),
                     "share": draw(st.floats(0, 1)), "over": draw(st.integers(0, 20))}
        elif kind == "defection":
            item |= {"from": draw(st.sampled_from(names)), "to": draw(st.sampled_from(names)),
                     "share": draw(st.floats(0, 1))}
        elif kind == "recess":
            item |= {"duration": draw(st.integers(1, 15))}
            minute += item["duration"]
        else:
            item |= {"body": "board"}
        agenda.append(item)
    arrivals = [{"id": f"arr{i}", "faction": draw(st.sampled_from(names)), "count": draw(st.integers(1, 20)),
                 "between": ["2000-01-01T10:00", f"2000-01-01T{10 + draw(st.integers(0, 3))}:30"]}
                for i in range(draw(st.integers(0, 3)))]
    data = {
        "title": "generated", "factions": factions, "arrivals": arrivals,
        "rules": {"majority": draw(st.sampled_from(["simple", "absolute", "two_thirds", "unanimity"]))},
        "bodies": {"board": {"label": "Board", "seats": draw(st.integers(1, 30)),
                             "method": draw(st.sampled_from(["hare", "droop", "dhondt", "sainte_lague"]))}},
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
        elif isinstance(e, ev.Departed):
            present[e.faction] -= e.count
            departed += e.count
        elif isinstance(e, ev.Defected):
            present[e.source] -= e.count
            present[e.target] += e.count
        elif isinstance(e, ev.VoteTaken):
            assert sum(e.totals()) <= e.present == sum(present.values()), "a tally never exceeds those present"
            for f, tally in e.tally.items():
                assert sum(tally) <= present[f]
        elif isinstance(e, ev.Elected):
            assert all(n >= 0 for n in e.seats.values())
            if any(present.values()) and replay.scenario.bodies[e.body].method != "offered":
                assert sum(e.seats.values()) == replay.scenario.bodies[e.body].seats, "seats sum to the body's size"
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
