"""A tiny assembly and its exact event log, in SimPy's style: run it, then assert the timeline."""

import pytest

from congress_sim import events as ev
from congress_sim import loads, simulate

TOWN = """
title: Town meeting
calendar: gregorian
issues:
  budget: {label: The budget, status_quo: 0}
  park: {label: The park, status_quo: 0}
factions:
  greens: {label: Greens, delegates: 6, positions: {budget: 1, park: 1}}
  blues: {label: Blues, delegates: 4, positions: {budget: -1, park: 0.4}}
arrivals:
  - {id: late_blues, faction: blues, count: 2, at: 2024-05-01T19:20}
sessions:
  - id: evening
    opens: 2024-05-01T19:00
    agenda:
      - {id: budget, kind: debate, topic: the budget, duration: 30}
      - {id: budget_vote, kind: vote, motion: The budget, content: {budget: 1}}
      - {id: protest, kind: walkout, factions: [blues], share: 0.5, after: 5}
      - {id: park_vote, kind: vote, motion: The park, at: 2024-05-01T19:45, content: {park: 1},
         stances: {blues: {for: 0.5, abstain: 0.5}}}
      - {id: end, kind: close, at: 2024-05-01T20:00}
"""


def test_the_exact_event_log():
    replay = simulate(loads(TOWN))
    log = [(e.kind, e.time - 19 * 60, getattr(e, "item", None) or getattr(e, "session", None))
           for e in replay.events]
    assert log == [
        ("roster", 0, None),
        ("session_opened", 0, "evening"),
        ("arrived", 0, None),
        ("arrived", 0, None),
        ("item_began", 0, "budget"),
        ("arrived", 20, "late_blues"),
        ("vote_taken", 30, "budget_vote"),
        ("walkout_began", 35, "protest"),
        ("departed", 35, "protest"),
        ("vote_taken", 45, "park_vote"),
        ("moved", 45, "park_vote"),
        ("item_began", 60, "end"),  # the close, an item the record can name
        ("session_closed", 60, "evening"),
    ]


def test_votes_follow_positions_and_an_override_its_propensities():
    replay = simulate(loads(TOWN))
    budget, park = replay.votes()
    assert budget.tally == {"greens": (6, 0, 0, 0), "blues": (0, 6, 0, 0)}
    assert budget.result == "rejected"  # 6 for, 6 against: a tie is no majority
    # half the six blues left; of the three who stayed, the override splits 1.5/1.5 and the
    # largest remainder goes to the earlier option
    assert park.tally == {"greens": (6, 0, 0, 0), "blues": (2, 0, 1, 0)}
    assert park.result == "adopted"


def test_walkout_takes_a_share_of_those_present_at_its_start():
    replay = simulate(loads(TOWN))
    gone = [e for e in replay.events if isinstance(e, ev.Departed)]
    assert [(e.faction, e.count) for e in gone] == [("blues", 3)]
    assert replay.census("closing").by_faction == {"greens": 6, "blues": 3}


def test_a_trigger_reacts_to_a_result():
    text = TOWN.replace("sessions:", """triggers:
  - id: sore_losers
    when: {item: budget_vote, result: rejected}
    delay: 2
    then: {id: greens_leave, kind: walkout, factions: [greens], share: 1}
sessions:""")
    replay = simulate(loads(text))
    kinds = [(e.kind, e.time - 19 * 60) for e in replay.events if e.kind in ("triggered", "departed")]
    assert kinds == [("triggered", 32), ("departed", 32), ("departed", 35)]
    assert "greens" not in replay.vote("park_vote").tally  # none left to vote


def test_a_trigger_waiting_for_another_result_does_not_fire():
    text = TOWN.replace("sessions:", """triggers:
  - id: never
    when: {item: budget_vote, result: adopted}
    then: {id: greens_leave, kind: walkout, factions: [greens]}
sessions:""")
    assert not [e for e in simulate(loads(text)).events if e.kind == "triggered"]


def test_no_quorum_means_the_vote_is_not_taken():
    text = TOWN.replace("sessions:", "rules: {quorum: {share: 0.9, of: registered}}\nsessions:")
    replay = simulate(loads(text))
    park = replay.vote("park_vote")  # 9 of 12 registered are present; 11 are needed
    assert (park.result, park.present, park.quorum) == ("not taken", 9, 11)
    assert replay.vote("budget_vote").result == "rejected"


def test_a_person_absent_from_a_session_does_not_vote():
    text = TOWN.replace("sessions:", """persons:
  mayor: {name: The Mayor, faction: greens, absent: [evening]}
sessions:""")
    budget = simulate(loads(text)).vote("budget_vote")
    assert budget.tally["greens"] == (5, 0, 0, 0)  # the mayor is not in the hall: not counted present
    assert budget.present == 11 and "mayor" not in budget.roll


def test_discipline_pulls_delegates_to_the_caucus_line():
    spread = "blues: {label: Blues, delegates: 4, positions: {budget: {centre: 0, spread: 0.5}, park: 0.4}}"
    loose = simulate(loads(TOWN.replace("blues: {label: Blues, delegates: 4, positions: {budget: -1, park: 0.4}}",
                                        spread))).vote("budget_vote").tally["blues"]
    tight = simulate(loads(TOWN.replace("blues: {label: Blues, delegates: 4, positions: {budget: -1, park: 0.4}}",
                                        spread.replace("{label", "{caucus: true, discipline: 1, label")))).vote(
        "budget_vote").tally["blues"]
    assert loose[0] > 0 and loose[1] > 0  # their own positions split them
    assert sorted(tight[:3]) == [0, 0, 6]  # the caucus's line, followed by all


def test_seeded_replays_repeat_and_differ_from_each_other():
    scenario = loads(TOWN.replace("at: 2024-05-01T19:20", "between: [2024-05-01T19:05, 2024-05-01T19:55]"))
    a, b, c = simulate(scenario, 1), simulate(scenario, 1), simulate(scenario, 2)
    assert a.events == b.events
    assert [e.time for e in a.events if e.kind == "arrived"] != [e.time for e in c.events if e.kind == "arrived"]


def test_groups_moving_at_the_same_time_are_one_line_whose_count_adds_up():
    from congress_sim.views.transcript import transcript_lines

    text = TOWN.replace("  - {id: late_blues, faction: blues, count: 2, at: 2024-05-01T19:20}\n",
                        "  - {id: late_greens, faction: greens, count: 3, between: [2024-05-01T19:05, 2024-05-01T19:25]}\n"
                        "  - {id: late_blues, faction: blues, count: 2, between: [2024-05-01T19:10, 2024-05-01T19:20]}\n")
    lines = [line for _, _, line, _ in transcript_lines(simulate(loads(text)))
             if any(w in line for w in ("arrived", "left", "Walkout"))]
    assert lines == ["3 Greens and 2 Blues have arrived (from 1 May 19:08); 15 at the assembly",  # 10 at the opening
                     "Walkout of the Blues, 3 delegates"]  # half of the 6 Blues, said once


def test_a_walkout_within_a_window_of_arrivals_is_said_once_and_the_arrivals_add_up_with_it():
    from congress_sim.views.transcript import transcript_lines

    text = TOWN.replace("count: 2, at: 2024-05-01T19:20", "count: 2, between: [2024-05-01T19:25, 2024-05-01T19:55]")
    lines = [line for _, _, line, _ in transcript_lines(simulate(loads(text)))]
    assert "Walkout of the Blues, 3 delegates" in lines  # at 19:35, while the late Blues come in
    assert not [line for line in lines if "have left" in line]
    # 10 at the opening, 1 arrived, 3 walked out: the park vote's 8; then the other who came
    assert lines.index("1 of the Blues has arrived; 11 at the assembly") < lines.index("Walkout of the Blues, 3 delegates")
    park = next(i for i, line in enumerate(lines) if line.startswith("Vote on the park"))
    assert "(8 present)" in lines[park] and lines[park + 1] == "1 of the Blues has arrived; 9 at the assembly"


def test_a_walkout_that_takes_a_while_says_when_the_last_delegate_is_out(replay):
    from congress_sim.views.transcript import transcript_lines

    lines = [line for _, _, line, _ in transcript_lines(replay)]
    walkout = next(line for line in lines if line.startswith("Walkout of the Right SRs"))
    # Old Style with the New Style in brackets, as the line's own time: the last go on the next day
    assert ", 137 delegates (the last out at 26 Oct 00:15 [8 Nov]): Protest" in walkout
    assert not [line for line in lines if "have left" in line]


def test_the_arrivals_before_the_second_session_add_up_to_those_present(replay):
    from congress_sim.views.transcript import transcript_lines

    lines = [line for _, _, line, _ in transcript_lines(replay)]
    close = next(i for i, line in enumerate(lines) if line.startswith("Session closes;"))
    before = int(lines[close].split("; ")[1].split()[0])
    after = lines[close + 1]
    assert after == ("83 Left SRs, 21 United Internationalists and 14 Ukrainian Socialists have arrived "
                     f"(from 26 Oct 06:05 [8 Nov]); {before + 118} at the assembly")


def test_delegates_due_after_the_last_sitting_closes_are_said_never_to_arrive():
    from congress_sim.views.transcript import transcript_lines

    late = TOWN.replace("count: 2, at: 2024-05-01T19:20", "count: 2, between: [2024-05-01T19:40, 2024-05-01T20:20]")
    lines = [line for _, _, line, _ in transcript_lines(simulate(loads(late)))]
    assert lines[-2].startswith("Session closes;")  # spread over the window: one comes before the close
    # the window it was due in, in words; no id (`--json` keeps it)
    assert lines[-1] == "The assembly has closed before 1 of the Blues arrives (due between 1 May 19:40 and 1 May 20:20)"
    assert not any("before" in line for _, _, line, _ in transcript_lines(simulate(loads(TOWN))))


def test_delegates_who_never_arrive_are_said_in_the_scenarios_order_of_factions():
    from congress_sim.views.transcript import transcript_lines

    late = TOWN.replace(  # the arrivals in another order than the factions, and their lines' text in a third
        "  - {id: late_blues, faction: blues, count: 2, at: 2024-05-01T19:20}",
        "  - {id: late_blues, faction: blues, count: 12, at: 2024-05-01T21:00}\n"
        "  - {id: late_greens, faction: greens, count: 2, at: 2024-05-01T21:00}")
    lines = [line for _, _, line, _ in transcript_lines(simulate(loads(late)))]
    assert lines[-2:] == ["The assembly has closed before 2 Greens arrive (due at 1 May 21:00)",
                          "The assembly has closed before 12 Blues arrive (due at 1 May 21:00)"]


@pytest.mark.parametrize("count, line", [(1, "1 of the Blues goes over to the Greens"), (2, "2 Blues go over to the Greens")])
def test_a_defection_is_said_in_words_that_agree_with_its_count(count, line):
    from congress_sim.views.transcript import transcript_lines

    text = TOWN.replace("      - {id: budget_vote", f"      - {{id: cross, kind: defection, from: blues, to: greens, "
                                                   f"count: {count}}}\n      - {{id: budget_vote")
    assert line in [text for _, _, text, _ in transcript_lines(simulate(loads(text)))]


def test_a_reaction_due_after_the_last_sitting_closes_is_said_not_taken():
    from congress_sim.views.transcript import transcript_lines

    late = TOWN + ("triggers:\n  - {id: later, when: {item: budget_vote}, delay: 120,\n"
                   "     then: {id: cheer, kind: announcement, text: Cheers.}}\n")
    replay = simulate(loads(late))
    assert [e.item for e in replay.of(ev.Skipped)] == ["cheer"]
    lines = [text for _, _, text, _ in transcript_lines(replay)]
    assert lines[-1] == "Not taken: Cheers. (the assembly closed before it was due, at 1 May 21:30)"
    # by ids, where there is no calendar to date it by: the minute as the event log counts it
    assert replay.summary()["skipped"][0]["because"] == "the assembly closed before it was due, at day 1 21:30"
    # the replays run many at once count it as not taken too, so that `cheer=skipped` holds in an ensemble
    from congress_sim.drivers.kernel import Kernel
    from congress_sim.model.block import NAMES

    assert NAMES[int(Kernel(loads(late)).run(2).code["cheer"][1])] == "skipped"


def test_a_walkout_no_one_joins_names_whom_it_asked_not_its_id():
    from congress_sim.views.transcript import transcript_lines

    calm = TOWN.replace("{id: protest, kind: walkout, factions: [blues], share: 0.5, after: 5}",
                        "{id: protest, kind: walkout, factions: [greens], after: 5, declaration: We stay.}")
    lines = [text for _, _, text, _ in transcript_lines(simulate(loads(calm)))]
    assert "None of the Greens walk out, where the scenario wrote: We stay." in lines  # the budget they wanted passed: nothing lost


def test_a_walkout_of_those_already_gone_says_none_are_left_not_that_they_stayed():
    from congress_sim.views.transcript import transcript_lines

    gone = TOWN.replace("share: 0.5, after: 5}", "share: 1, after: 5}\n"
                        "      - {id: again, kind: walkout, factions: [blues], after: 5, declaration: We leave.}")
    lines = [text for _, _, text, _ in transcript_lines(simulate(loads(gone)))]
    assert "None of the Blues are left to walk out, where the scenario wrote: We leave." in lines
    # asked with a faction still there, only that one is said to stay
    both = gone.replace("factions: [blues], after: 5, declaration", "factions: [greens, blues], after: 5, declaration")
    lines = [text for _, _, text, _ in transcript_lines(simulate(loads(both)))]
    assert "None of the Greens walk out, where the scenario wrote: We leave." in lines


def test_a_census_during_a_walkout_spread_over_minutes_counts_those_gone_by_then_in_both_drivers():
    # the Blues leave one by one from 19:35 to 19:45 (at 19:36:40, 19:40, 19:43:20); meanwhile half the
    # Greens walk out at once, at 19:37, and the park is voted on at 19:41
    import numpy as np

    from congress_sim.drivers.kernel import Kernel
    from congress_sim.record.check import moment

    spread = TOWN.replace("share: 0.5, after: 5}", "share: 0.5, after: 5, over: 10}\n"
                          "      - {id: exodus, kind: walkout, factions: [greens], share: 0.5, at: 2024-05-01T19:37}") \
        .replace("at: 2024-05-01T19:45, content", "at: 2024-05-01T19:41, content")
    r = simulate(loads(spread))
    at = {"protest": 6, "exodus": 8, "park_vote": 7, "2024-05-01T19:36": 12, "2024-05-01T19:38": 8,
          "2024-05-01T19:42": 7, "2024-05-01T19:44": 6}
    # just after the walkout: once its last delegate has gone, and the Greens who left meanwhile with them
    assert {m: r.census(*moment(r, m)).total for m in at} == at
    out = Kernel(loads(spread), {m: m for m in at}).run(1)
    assert {m: int(out.census[m].sum()) for m in at} == at
    seeded = Kernel(loads(spread), {"protest": "protest", "end": "end"}).run(200, np.random.default_rng(1))
    assert (seeded.census["protest"] == seeded.census["end"]).all()  # no one else comes or goes before the close


def test_a_census_just_after_an_item_leaves_out_a_walkout_after_it_in_the_same_minute_in_both_drivers():
    # half the Blues walk out at 19:30, at once, just after the budget vote of 19:30: they voted
    from congress_sim.drivers.kernel import Kernel
    from congress_sim.record.check import moment

    prompt = loads(TOWN.replace("share: 0.5, after: 5}", "share: 0.5, after: 0}"))
    r = simulate(prompt)
    at = {"budget_vote": 12, "protest": 9, "park_vote": 9, "2024-05-01T19:30": 9}
    assert r.vote("budget_vote").present == 12
    assert {m: r.census(*moment(r, m)).total for m in at} == at
    sides = {m: (m, "budget", [(-2, 0), (0, 2)]) for m in at}  # the Blues stand at -1, the Greens at 1
    assert {m: [sum(-2 <= x < 0 for x in v), sum(0 <= x < 2 for x in v)]
            for m in at for v in [r.positions("budget", *moment(r, m))]} == \
        {m: [n - 6, 6] for m, n in at.items()}
    out = Kernel(prompt, {m: m for m in at}, positions=sides).run(1)
    assert {m: int(out.census[m].sum()) for m in at} == at
    assert {m: out.positions[m][0].tolist() for m in at} == {m: [n - 6, 6] for m, n in at.items()}


def test_a_census_just_after_a_prompt_walkout_or_a_sessions_opening_leaves_out_what_follows_in_its_minute():
    # at 19:30, three Blues walk out at once, the park is voted on, and the vote sets off three Greens'
    # walkout; the next morning one more Blue arrives as the sitting opens, and two Greens leave at once
    import numpy as np

    from congress_sim.drivers.kernel import Kernel
    from congress_sim.record.check import moment

    text = TOWN.replace("share: 0.5, after: 5}", "share: 0.5, after: 0}") \
        .replace("at: 2024-05-01T19:45, content", "after: 0, content") \
        .replace("at: 2024-05-01T19:20}", "at: 2024-05-01T19:20}\n"
                 "  - {id: morning_blue, faction: blues, count: 1, at: 2024-05-02T09:00}") + """\
  - id: morning
    opens: 2024-05-02T09:00
    agenda:
      - {id: dawn, kind: walkout, factions: [greens], share: 0.5}
      - {id: adjourned, kind: close, after: 30}
triggers:
  - {id: answer, when: {item: park_vote}, then: {id: exodus, kind: walkout, factions: [greens], share: 0.5}}
"""
    s = loads(text)
    r = simulate(s)
    assert {e.time for e in r.of(ev.Departed)} == {19 * 60 + 30, 33 * 60}  # each walkout at once
    # just after a walkout whose delegates leave at once: its departures, not what follows them; at a
    # session: the assembly as it opened, before its first item
    at = {"evening": 10, "protest": 9, "park_vote": 9, "exodus": 6, "2024-05-01T19:30": 6,
          "morning": 7, "dawn": 5, "2024-05-02T09:00": 5}
    greens = {"evening": 6, "protest": 6, "park_vote": 6, "exodus": 3, "2024-05-01T19:30": 3,
              "morning": 3, "dawn": 1, "2024-05-02T09:00": 1}
    assert {m: r.census(*moment(r, m)).total for m in at} == at
    assert {m: sum(0 <= x < 2 for x in r.positions("budget", *moment(r, m))) for m in at} == greens
    sides = {m: (m, "budget", [(-2, 0), (0, 2)]) for m in at}  # the Blues stand at -1, the Greens at 1
    out = Kernel(s, {m: m for m in at}, positions=sides).run(1)
    assert {m: int(out.census[m].sum()) for m in at} == at
    assert {m: out.positions[m][0].tolist() for m in at} == {m: [n - greens[m], greens[m]] for m, n in at.items()}
    seeded = Kernel(s, {m: m for m in at}).run(50, np.random.default_rng(2))
    assert all((seeded.census[m].sum(axis=1) == n).all() for m, n in at.items())  # the shares are fixed


def test_those_who_came_before_a_vote_within_a_window_of_arrivals_are_said_before_it():
    from congress_sim.views.transcript import transcript_lines

    # the Greens trickle in from 19:05 to 19:45: the budget vote at 19:30 counts the first of them
    text = TOWN.replace("  - {id: late_blues, faction: blues, count: 2, at: 2024-05-01T19:20}\n",
                        "  - {id: late_greens, faction: greens, count: 4, between: [2024-05-01T19:05, 2024-05-01T19:45]}\n")
    lines = [line for _, _, line, _ in transcript_lines(simulate(loads(text)))]
    vote = next(i for i, line in enumerate(lines) if line.startswith("Vote on the budget"))
    assert lines[vote - 1] == "3 Greens have arrived (from 1 May 19:10); 13 at the assembly"  # 10 at the opening
    assert "(13 present)" in lines[vote]
    assert "1 of the Greens has arrived; 12 at the assembly" in lines  # the last, after the Blues' walkout
