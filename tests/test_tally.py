"""The summary's counts: quantiles and means read from them are those of the values written out,
whatever the blocks and whatever their order."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from congress_sim.experiments.tally import Histograms, interval


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 2000), st.sampled_from([2, 7, 60, 5000, 10**9]), st.integers(1, 6), st.integers(0, 2**32 - 1))
def test_counted_in_blocks_as_numpy_counts_them_whole(n, top, blocks, seed):
    rng = np.random.default_rng(seed)
    values = rng.integers(-1, top, (n, 3))  # -1: not counted (a vote no replay of the row took)
    columns = np.array([7, 3, 11])
    order = rng.permutation(blocks)
    chunks = np.array_split(values, blocks)
    h = Histograms()
    for i in order:  # blocks in any order
        h.add(columns, chunks[i])
    for j, col in enumerate(columns):
        counted = values[:, j][values[:, j] >= 0]
        got = interval(*h.column(int(col)))
        if counted.size == 0:
            assert np.isnan(got["mean"])
            continue
        p5, p50, p95 = np.percentile(counted, [5, 50, 95], method="inverted_cdf")
        assert got == {"mean": round(float(counted.mean()), 3), "p5": p5, "median": p50, "p95": p95}


def test_memory_is_the_distinct_values_not_the_runs():
    h = Histograms()
    rng = np.random.default_rng(1)
    for _ in range(200):  # 200,000 replays of values from a narrow range
        h.add(np.array([0, 1]), rng.binomial(600, 0.8, (1000, 2)))
    assert h.keys.size < 2 * 120 and h.counts.sum() == 400_000


def test_a_vote_no_replay_put_says_whether_it_was_skipped_and_has_no_moment():
    import congress_sim as cs
    from congress_sim.experiments.tally import render

    from .conftest import ROOT

    # the Declaration waits on the SR agenda's rejection, which no replay gives
    s = cs.load(ROOT / "scenarios" / "constituent-assembly" / "constituent-assembly.yaml")
    summary = cs.ensemble(s, runs=40, seed=1, jobs=1).summary()
    text = render(summary, scenario=s)
    assert "  Declaration of the Rights of the…             skipped in every replay\n" in text
    assert next(v for v in summary["votes"] if v["id"] == "declaration")["skipped_in"] == 40
    assert "skipped_in" not in summary["votes"][0]  # a vote put in some replay has none
    assert text.count("Declaration of the Rights") == 1 and "nan" not in text  # no row of those present at it


REACTION = """
title: A reaction
issues: {x: {label: X}}
factions: {a: {label: A, delegates: 5, positions: {x: 1}}, b: {label: B, delegates: 4, positions: {x: -1}}}
sessions:
  - {id: s, opens: 2000-01-01T10:00, agenda: [{id: first, kind: vote, motion: First, content: {x: 1}}]}
triggers:
  - {id: if_lost, when: {item: first, result: rejected}, then: {id: again, kind: vote, motion: Again, content: {x: 1}}}
"""


def test_a_reaction_no_replay_set_off_is_not_reached_in_any():
    import congress_sim as cs
    from congress_sim.experiments.tally import render

    summary = cs.ensemble(cs.loads(REACTION.replace("delegates: 5", "delegates: 50")), runs=10, seed=1, jobs=1).summary()
    assert next(v for v in summary["votes"] if v["id"] == "again")["skipped_in"] == 0
    assert "  Again                        not reached in any replay\n" in render(summary)
    # where First fails, Again is set off, but the sitting is over by then: skipped in those replays
    summary = cs.ensemble(cs.loads(REACTION), runs=10, seed=1, jobs=1).summary()
    assert next(v for v in summary["votes"] if v["id"] == "again")["skipped_in"] == 2
    assert "  Again              skipped in 2 replays, not reached in the rest\n" in render(summary)


def test_a_vote_skipped_in_some_replays_and_not_reached_in_others_is_told_apart(tmp_path):
    import congress_sim as cs
    from congress_sim.experiments.tally import render

    # set off in half the replays, and then taken only where First passed: skipped, not reached or taken
    scenario = REACTION.replace("content: {x: 1}}]}", "content: {x: 1}}, {id: talk, kind: debate, topic: T, duration: 60}]}") \
        .replace("when: {item: first, result: rejected}", "when: {item: first}, probability: 0.5") \
        .replace("motion: Again, content: {x: 1}", "motion: Again, content: {x: 1}, only_if: {item: first, result: adopted}")
    e = cs.ensemble(cs.loads(scenario), runs=200, seed=1, jobs=1, keep=True)
    codes = e.arrays["result:again"]
    p = next(v for v in e.summary()["votes"] if v["id"] == "again")["p"]
    assert (p["skipped"], p["not reached"]) == ((codes == -2).mean(), (codes == -1).mean())
    assert p["skipped"] > 0 and p["not reached"] > 0 and p["adopted"] > 0
    assert sum(p.values()) == 1
    header, *rows = render(e.summary()).split("\n\n")[1].splitlines()
    row = next(r for r in rows if r.startswith("  Again ")).split()
    assert "P(skipped) P(not reached)" in header and row[4:6] == [f"{p['skipped']:.3f}", f"{p['not reached']:.3f}"]
    assert "<th>P(no quorum)</th><th>P(skipped)</th><th>P(not reached)</th>" in e._repr_html_()  # in a notebook too
    # and the per-replay table too, in memory and written out
    words = np.select([codes == -2, codes == -1, codes == 0], ["skipped", "not reached", "adopted"], "other")
    assert (dict(zip(*e.table(), strict=True))["again_result"] == words).all()
    cs.ensemble(cs.loads(scenario), runs=200, seed=1, jobs=1, out=tmp_path / "e")
    header, *rows = (tmp_path / "e" / "outcomes.csv").read_text().splitlines()
    assert [r.split(",")[header.split(",").index("again_result")] for r in rows] == words.tolist()


def test_a_mean_outside_its_range_is_said_to_be_pulled_there_by_a_few_replays():
    import congress_sim as cs
    from congress_sim.experiments.tally import PULLED, render

    # the Bs' caucus, near indifference, swings in a few replays only: the mean against lies below its range
    swing = REACTION.replace("delegates: 4, positions: {x: -1}", "delegates: 40, caucus: true, discipline: 1, positions: {x: 0.2}")
    e = cs.ensemble(cs.loads(swing), runs=100, seed=1, jobs=1)
    against = next(v for v in e.summary()["votes"] if v["id"] == "first")["against"]
    assert (against["p5"], against["p95"]) == (40, 40) and round(against["mean"], 1) < 40
    assert f"  ({PULLED})\n" in render(e.summary()) and PULLED in e._repr_html_()
    # where every mean lies inside its range, nothing is said
    calm = cs.ensemble(cs.loads(REACTION.replace("delegates: 5", "delegates: 50")), runs=10, seed=1, jobs=1)
    assert PULLED not in render(calm.summary()) and PULLED not in calm._repr_html_()


def test_a_notebook_shows_the_columns_the_terminal_shows_and_a_vote_no_replay_put_in_words():
    import congress_sim as cs

    # Again is set off in no replay: no tally of nan, and no column of zeros for it
    html = cs.ensemble(cs.loads(REACTION.replace("delegates: 5", "delegates: 50")), runs=10, seed=1, jobs=1)._repr_html_()
    assert "<td>Again</td><td class=\"n\">not reached in any replay</td>" in html
    assert "nan" not in html and "P(skipped)" not in html and "P(not reached)" not in html
    html = cs.ensemble(cs.loads(REACTION), runs=10, seed=1, jobs=1)._repr_html_()
    assert "<td>Again</td><td class=\"n\">skipped in 2 replays, not reached in the rest</td>" in html


def test_an_outcome_whose_range_starts_below_zero_says_to_and_long_outcomes_keep_their_columns():
    import congress_sim as cs
    from congress_sim.experiments.tally import outcome_value, render

    assert outcome_value({"mean": -164.5, "p5": -377.0, "p95": 48.0}) == "-164.5 [-377 to 48]"  # not [-377-48]
    assert outcome_value({"mean": 69.9, "p5": 43.0, "p95": 97.0}) == "69.9 [43-97]"
    asked = ["margin:martov_resolution", "present:1917-10-26T01:00:bolsheviks", "left:walkout"]
    e = cs.ensemble(cs.load("scenarios/historical-uncertain.yaml"), runs=300, seed=1, jobs=1, outcomes=asked)
    text = render(e.summary())
    rows = text.split("Outcomes asked")[1].splitlines()[1:]
    assert [r.split()[0] for r in rows] == asked
    low, to, high = rows[0].split()[2:5]
    assert to == "to" and float(low[1:]) < 0 <= float(high[:-1]), rows[0]
    # each description starts in the same column, however long the outcome or its range
    assert len({r.index(d) for r, d in zip(rows, ("votes for", "Bolsheviks at the assembly", "delegates who"), strict=True)}) == 1


def test_a_notebook_shows_what_the_uncertain_assumptions_drew_and_a_body_called_the_so():
    import congress_sim as cs
    from congress_sim.experiments.tally import drawn_name, drawn_value, render
    from congress_sim.views.html import escape

    e = cs.ensemble(cs.load("scenarios/historical-uncertain.yaml"), runs=200, seed=1, jobs=1)
    html, text = e._repr_html_(), render(e.summary(), None, e.scenario)
    for a in e.summary()["assumptions"]:  # as the terminal gives them, in words
        named, drawn = drawn_name(a, e.scenario), drawn_value(a, e.scenario)
        assert f"<td>{escape(named)}</td><td>{escape(drawn)}</td>" in html
        assert any(line.startswith(f"  {named} ") and line.endswith(f" {drawn}") for line in text.splitlines())
    assert "<td>The count of delegates at the opening</td><td>the GSE&#x27;s 649" in html
    assert " to " in drawn_value(next(a for a in e.summary()["assumptions"] if "bolsheviks" in a["name"]))
    council = REACTION.replace("    triggers:", "") + (
        "bodies: {council: {label: The Council of Seven, seats: 7}}\n")
    council = council.replace("content: {x: 1}}]}", "content: {x: 1}}, {id: elect, kind: election, body: council}]}")
    html = cs.ensemble(cs.loads(council), runs=10, seed=1, jobs=1)._repr_html_()
    assert "<p>Seats of The Council of Seven" in html and "the The" not in html


def test_the_summary_names_the_overrides_its_ensemble_ran_with():
    import congress_sim as cs
    from congress_sim.experiments.tally import render

    e = cs.ensemble(cs.load("scenarios/historical.yaml", ["protest.delay=20"]), runs=100, seed=1, jobs=1)
    assert render(e.summary()).splitlines()[0].endswith(": 100 replays, seed 1, --set protest.delay=20")
    assert render(cs.ensemble(cs.load("scenarios/historical.yaml"), runs=100, seed=1, jobs=1).summary()).splitlines()[0] \
        .endswith(": 100 replays, seed 1")


def test_each_bodys_likeliest_counts_start_in_one_column():
    import re

    import congress_sim as cs
    from congress_sim.experiments.tally import render

    from .conftest import HISTORICAL

    # [14-14] beside [7-7]: the counts after them were pushed right by the wider range
    text = render(cs.ensemble(cs.load(HISTORICAL), runs=200, seed=1, jobs=1).summary())
    presidium = text.split("Seats of the Presidium", 1)[1].split("\n\n", 1)[0].splitlines()[1:]
    starts = {re.search(r"\] +", line).end() for line in presidium if " mean " in line}
    assert len(presidium) >= 4 and len(starts) == 1


def test_a_seats_mean_outside_its_range_is_said_to_be_pulled_there_once():
    import congress_sim as cs
    from congress_sim.experiments.tally import PULLED, render

    from .conftest import HISTORICAL

    # the Mensheviks' 0.04 [0-0] in the presidium, the Menshevik-Internationalists' 0.01 [0-0] in the CEC
    e = cs.ensemble(cs.load(HISTORICAL), runs=300, seed=1, jobs=1)
    text, html = render(e.summary()), e._repr_html_()
    seats = text.split("\nSeats of ", 1)[1].split("\nDelegates at the assembly", 1)[0]
    assert "0.04 [0-0]" in seats and "0.01 [0-0]" in seats
    assert seats.count(PULLED) == 1 and seats.split("\n\n")[0].endswith(f"  ({PULLED})")  # under the first it concerns
    assert html.split("<p>Seats of ", 1)[1].count(PULLED) == 1
    # where every seat's mean lies inside its range, the seats say nothing of it
    calm = cs.ensemble(cs.load(HISTORICAL), runs=10, seed=1, jobs=1).summary()
    assert all(round(d["p5"]) <= round(d["mean"], 2) <= round(d["p95"]) for el in calm["elections"]
               for d in el["seats"].values())
    assert PULLED not in render(calm).split("\nSeats of ", 1)[1]
