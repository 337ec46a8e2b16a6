"""Rules of procedure (issue 12), each as a behaviour on a small assembly of its own: thresholds and
their bases, the four states at a vote, the chair, elections among candidates, motions that
interact, items that follow from each other, what-if errors, roll calls and the record's bounds.

Delegates here mostly stand at one point each (spread 0), so that a tally is whatever the factions'
sizes make it, and each rule shows in the result; the kernel is held against the engine on each.
"""

import json
import re
from pathlib import Path

import numpy as np
import pytest

import congress_sim as cs
from congress_sim import events as ev
from congress_sim.drivers.kernel import Kernel
from congress_sim.publish.export import events_jsonl, popolo
from congress_sim.publish.report import render as report
from congress_sim.record.facts import Record
from congress_sim.record.judge import judge, moments, positions
from congress_sim.views import labels
from congress_sim.views.transcript import bodies, transcript, transcript_lines

from .conftest import ROOT
from .test_export import KINDS, validators  # noqa: F401 - the Popolo schemas, as a fixture
from .test_kernel import LEAVING, WHO_CHAIRS, assert_same, took_place


def assembly(ayes: int = 0, noes: int = 0, middle: int = 0, agenda: str = "", head: str = "", extra: str = "",
             persons: str = "") -> cs.Scenario:
    """Ayes stand where the motion `x: 1` goes, noes at the far end, the middle halfway (indifferent to it)."""
    return cs.loads(f"""
title: Assembly
issues: {{x: {{label: X}}, y: {{label: Y}}}}
{head}
factions:
  ayes: {{label: Ayes, delegates: {ayes}, positions: {{x: {{centre: 1, spread: 0}}, y: {{centre: 1, spread: 0}}}}}}
  noes: {{label: Noes, delegates: {noes}, positions: {{x: {{centre: -1, spread: 0}}, y: {{centre: -1, spread: 0}}}}}}
  middle: {{label: Middle, delegates: {middle}, positions: {{x: {{centre: 0.5, spread: 0}}}}}}
persons:
  guest: {{name: A guest}}
{persons}
sessions:
  - id: s
    opens: 2000-01-01T10:00
    agenda:
{agenda or "      - {id: bill, kind: vote, motion: The bill, content: {x: 1}}"}
{extra}
""")


def bill(scenario: cs.Scenario, item: str = "bill") -> ev.VoteTaken:
    assert_same(scenario)  # the kernel comes to the same
    return cs.simulate(scenario).vote(item)


# --- thresholds ---------------------------------------------------------------------------------

MEMBERS_3_5 = "{share: 3/5, of: members}"
CASES = [
    # the Senate's cloture after 1975: three fifths of the senators duly chosen and sworn
    (60, 37, 0, "members: {seats: 100}", MEMBERS_3_5, "adopted", 60),
    (59, 38, 0, "members: {seats: 100}", MEMBERS_3_5, "rejected", 60),
    # two vacancies: three fifths of 98 is 58.8, so 59 carry it
    (59, 36, 0, "members: {seats: 100, vacancies: 2}", MEMBERS_3_5, "adopted", 59),
    # an absent member counts against: 59 for and none against of 100 members is not enough
    (59, 0, 0, "members: {seats: 100}", MEMBERS_3_5, "rejected", 60),
    # the same tally, 50 for, 40 against, 10 abstaining, on four bases (more than half)
    (50, 40, 10, "", "{share: 1/2, of: votes_cast, strict: true}", "adopted", 46),
    (50, 40, 10, "", "{share: 1/2, of: votes_and_abstentions, strict: true}", "rejected", 51),
    (50, 40, 10, "", "{share: 1/2, of: present, strict: true}", "rejected", 51),
    (52, 40, 10, "members: {seats: 120}", "{share: 1/2, of: members, strict: true}", "rejected", 61),
    # strict or not, at exactly the fraction
    (50, 50, 0, "", "{share: 1/2, of: votes_cast}", "adopted", 50),
    (50, 50, 0, "", "{share: 1/2, of: votes_cast, strict: true}", "rejected", 51),
    (60, 30, 0, "", "{share: 2/3}", "adopted", 60),
    (60, 30, 0, "", "{share: 2/3, strict: true}", "rejected", 61),
    # the named majorities
    (51, 50, 0, "", "simple", "adopted", 51),
    (50, 50, 0, "", "simple", "rejected", 51),
    (51, 40, 12, "", "absolute", "rejected", 52),  # more for than against, not more than half of the 103 present
    (52, 40, 11, "", "absolute", "adopted", 52),
    (60, 30, 0, "", "two_thirds", "adopted", 60),
    (59, 30, 0, "", "two_thirds", "rejected", 60),
    (60, 40, 0, "", "three_fifths", "adopted", 60),
    (59, 40, 0, "", "three_fifths", "rejected", 60),
    (10, 0, 5, "", "unanimity", "adopted", 1),
    (10, 1, 0, "", "unanimity", "rejected", 1),
    (0, 0, 5, "", "unanimity", "rejected", 1),  # nothing carries with none for
]


@pytest.mark.parametrize("ayes, noes, middle, members, majority, result, needed", CASES)
def test_a_threshold_is_a_fraction_of_its_base(ayes, noes, middle, members, majority, result, needed):
    v = bill(assembly(ayes, noes, middle, head=f"{members}\nrules: {{majority: {majority}}}"))
    assert v.totals() == (ayes, noes, middle)
    assert (v.result, v.needed) == (result, needed)


def test_a_motions_own_threshold_and_its_types_come_before_the_assemblys():
    agenda = """
      - {id: amend, kind: vote, type: amendment, on: bill, motion: Amend, content: {y: 1}}
      - {id: bill, kind: vote, motion: The bill, content: {x: 1}, rules: {majority: two_thirds}}
      - {id: other, kind: vote, motion: Another, content: {x: 1}}"""
    s = assembly(55, 45, agenda=agenda, head="rules: {majority: simple, motions: {amendment: {majority: unanimity}}}")
    replay = cs.simulate(s)
    assert [replay.vote(i).result for i in ("amend", "bill", "other")] == ["rejected", "rejected", "adopted"]
    assert_same(s)


# --- four states at a vote ----------------------------------------------------------------------

ABSENT = "  absentee: {name: An absentee, faction: ayes, absent: [s]}"


@pytest.mark.parametrize("abstentions, tallied, carried", [
    # recorded abstentions are votes of a kind: 4 for of 9 counted is not more than half
    ("recorded", {"ayes": (4, 0, 0, 0), "noes": (0, 3, 0, 0), "middle": (0, 0, 2, 0)}, "rejected"),
    # not recorded, the middle is present but not voting: 4 for of 7 is
    ("not_recorded", {"ayes": (4, 0, 0, 0), "noes": (0, 3, 0, 0), "middle": (0, 0, 0, 2)}, "adopted"),
])
def test_present_but_not_voting_abstaining_and_absent(abstentions, tallied, carried):
    s = assembly(5, 3, 2, persons=ABSENT,
                 head=f"rules: {{abstentions: {abstentions}, majority: {{share: 1/2, of: votes_and_abstentions, strict: true}}}}")
    v = bill(s)
    assert v.tally == tallied and v.result == carried
    assert v.present == 9  # the named person absent from the session is not counted present
    assert "absentee" not in v.roll and cs.simulate(s).roll_call("bill")["absentee"] == "absent"
    # measured against those present, the middle counts either way: 4 of 9 is not more than half
    present = assembly(5, 3, 2, persons=ABSENT,
                       head=f"rules: {{abstentions: {abstentions}, majority: {{share: 1/2, of: present, strict: true}}}}")
    assert bill(present).result == "rejected"


# --- the chair ----------------------------------------------------------------------------------

SPEAKER = "  speaker: {name: The Speaker, faction: ayes}"


@pytest.mark.parametrize("votes, ayes, result, ballot, casting", [
    ("always", 5, "adopted", "for", None),  # a member like the others: 5 to 4
    ("never", 5, "rejected", "not voting", None),  # present, not voting: 4 to 4 is no majority
    ("tie", 5, "adopted", "for", "for"),  # the others tie 4 to 4: the chair's casting vote decides
    ("tie", 6, "adopted", "not voting", None),  # 5 to 4 without the chair: no tie, no vote
])
def test_a_chair_who_is_a_member_votes_always_never_or_on_a_tie(votes, ayes, result, ballot, casting):
    s = assembly(ayes, 4, persons=SPEAKER, head=f"rules: {{chair: {{person: speaker, votes: {votes}}}}}")
    v = bill(s)
    assert (v.result, v.roll["speaker"], v.casting) == (result, ballot, casting)
    if votes == "tie":  # no vote of its own on the question: not counted among those present
        assert v.present == ayes - 1 + 4 and sum(v.tally["ayes"]) == ayes - 1
    else:  # a member like the others, counted present whether it votes or not
        assert v.present == ayes + 4 and sum(v.tally["ayes"]) == ayes
    replay = cs.simulate(s)
    assert replay.census("opening").total == ayes + 4  # at the assembly all the same
    line = next(text for _, _, text, _ in transcript_lines(replay) if text.startswith("Vote on the bill"))
    assert (f"({v.present} present besides the chair" in line) == (votes == "tie")


def test_a_chair_who_is_a_member_casts_a_vote_on_a_tie_only_where_it_decides():
    # three fifths of the 9 members: 4 to 4 is lost with the chair's vote or without it
    s = assembly(5, 4, persons=SPEAKER, head="members: {seats: 9}\nrules: {chair: {person: speaker, votes: tie}, "
                                              "majority: {share: 3/5, of: members}}")
    v = bill(s)
    assert (v.result, v.casting, v.totals()[:2], v.roll["speaker"]) == ("rejected", None, (4, 4), "not voting")


def test_a_chair_who_leaves_in_a_walkout_is_said_to_and_breaks_no_tie_after():
    agenda = """      - {id: out, kind: walkout, factions: [ayes], share: 0.4, declaration: We leave.}
      - {id: bill, kind: vote, motion: The bill, content: {x: 1}}"""
    s = assembly(5, 3, persons=SPEAKER, agenda=agenda, head="rules: {chair: {person: speaker, votes: tie}}")
    v = bill(s)
    # the speaker holds the ayes' first seat, and goes first: the 3 ayes left tie the 3 noes
    assert (v.result, v.casting, v.present, v.totals()[:2]) == ("rejected", None, 6, (3, 3))
    assert "speaker" not in v.roll
    lines = [text for _, _, text, _ in transcript_lines(cs.simulate(s))]
    assert "Walkout of the Ayes, 2 delegates, with the chair, The Speaker: We leave." in lines
    assert "Vote on the bill: REJECTED, 3 for, 3 against, 0 abstaining (6 present)" in lines


@pytest.mark.parametrize("votes, ayes, noes, stands, result, casting", [
    ("tie", 50, 50, 1, "adopted", "for"),  # the Vice President breaks the tie
    ("tie", 50, 50, -1, "rejected", "against"),  # from where the chair stands
    ("tie", 51, 49, -1, "adopted", None),  # no tie, no casting vote
    ("always", 50, 50, 1, "adopted", "for"),  # from outside the assembly, a casting vote is all a chair has
    ("never", 50, 50, 1, "rejected", None),
])
def test_a_casting_vote_breaks_a_tie_and_only_then(votes, ayes, noes, stands, result, casting):
    s = assembly(ayes, noes, persons=f"  vp: {{name: The Vice President, positions: {{x: {stands}}}}}",
                 head=f"rules: {{chair: {{person: vp, votes: {votes}}}}}")
    replay = cs.simulate(s)
    v = replay.vote("bill")
    assert (v.result, v.casting) == (result, casting)
    assert v.present == ayes + noes  # a presiding officer from outside is not one of those present
    assert v.roll == ({"vp": casting} if casting else {})
    line = next(text for _, _, text, _ in transcript_lines(replay) if text.startswith("Vote on the bill"))
    assert (f"the chair's casting vote {casting}" in line) == bool(casting)
    assert_same(s)
    out = Kernel(s).run(1)
    assert out.casting["bill"][0] == {"for": 0, "against": 1, None: -1}[casting]


def test_a_casting_vote_is_cast_only_where_it_decides():
    # three fifths of the 100 members: a 50-50 tie is lost with or without the chair's vote, so none is cast
    s = assembly(50, 50, persons="  vp: {name: The Vice President, positions: {x: 1}}",
                 head="members: {seats: 100}\nrules: {chair: {person: vp, votes: tie}, "
                      "majority: {share: 3/5, of: members}}")
    v = bill(s)
    assert (v.result, v.casting, v.totals()[:2], v.needed) == ("rejected", None, (50, 50), 60)
    assert Kernel(s).run(1).casting["bill"][0] == -1


# --- elections among named candidates ------------------------------------------------------------

ELECTORATE = """
title: An election
issues: {{x: {{label: X}}}}
factions:
  left: {{label: Left, delegates: {left}, positions: {{x: {{centre: -1, spread: 0}}}}}}
  centre: {{label: Centre, delegates: {centre}, positions: {{x: {{centre: 0.1, spread: 0}}}}}}
  right: {{label: Right, delegates: {right}, positions: {{x: {{centre: 1, spread: 0}}}}}}
persons:
  anna: {{name: Anna, positions: {{x: -1}}}}
  boris: {{name: Boris, positions: {{x: 0}}}}
  clara: {{name: Clara, positions: {{x: 1}}}}
  lev: {{name: Lev, faction: left}}
  cyril: {{name: Cyril, faction: centre}}
bodies:
  office: {{label: Chairmanship, seats: {seats}}}
sessions:
  - id: s
    opens: 2000-01-01T10:00
    agenda:
      - {{id: elect, kind: election, body: office, candidates: [anna, boris, clara], method: {method}{secret}}}
"""


def election(method: str, left: int = 40, centre: int = 25, right: int = 35, seats: int = 1,
             secret: bool = False) -> cs.Scenario:
    return cs.loads(ELECTORATE.format(method=method, left=left, centre=centre, right=right, seats=seats,
                                      secret=", secret: true" if secret else ""))


def winners(scenario: cs.Scenario) -> tuple[str, ...]:
    elected = cs.simulate(scenario).elections()[0].members
    kernel = Kernel(scenario).run(1).winners["elect"][0]
    names = scenario.sessions[0].agenda[0].candidates
    assert tuple(names[i] for i in kernel if i >= 0) == elected  # the kernel elects the same
    return elected


def test_a_majority_election_takes_ballots_until_one_has_the_majority():
    scenario = election("majority")
    replay = cs.simulate(scenario)
    first, second = replay.ballots("elect")
    # no one has a majority of the 100 on the first ballot; the last drops out
    assert first.votes == {"anna": 40, "boris": 25, "clara": 35} and first.round == 1
    assert second.votes == {"anna": 40, "clara": 60} and second.eliminated == ("boris",)
    # Boris's voters move to whom they stand nearer (the centre, at 0.1, to Clara)
    assert first.roll == {"lev": "anna", "cyril": "boris"} and second.roll == {"lev": "anna", "cyril": "clara"}
    assert replay.elections()[0].members == ("clara",) and winners(scenario) == ("clara",)
    # every ballot is in the transcript too
    text = transcript(replay)
    assert "Ballot 1 for the Chairmanship: Anna 40, Boris 25, Clara 35" in text
    assert "Ballot 2 for the Chairmanship: Anna 40, Clara 60; Boris drops out" in text
    assert text.count("Clara elected") == 1  # said by the ballot that elects her, and not again
    # and the record can hold any ballot against a source
    record = Record.model_validate({"title": "r", "sources": {"minutes": "The minutes"}, "facts": [
        {"id": "first", "statement": "s", "check": {"kind": "ballots", "election": "elect", "round": 1},
         "attestations": [{"source": "minutes", "value": {"anna": 40, "clara": 35}}]},
        {"id": "last", "statement": "s", "check": {"kind": "ballots", "election": "elect"},
         "attestations": [{"source": "minutes", "value": {"clara": 60, "winner": "clara"}}]}]})
    assert all(o.passed for o in cs.check(replay, record, "minutes").outcomes)


def test_an_office_of_one_seat_has_a_holder_not_a_chair():
    replay = cs.simulate(cs.loads(ELECTORATE.format(method="plurality", left=40, centre=25, right=35, seats=1, secret="")
                                  .replace("candidates: [anna, boris, clara]", "candidates: [lev, boris, clara]")))
    assert replay.elections()[0].members == ("lev",)  # the Left's own
    assert "  Chairmanship: 1 seat, held by Lev, of the Left" in bodies(replay)
    title = next(ax.get_title() for ax in cs.plot_seats(replay).axes if ax.get_title())
    assert title == "Chairmanship\n1 seat, held by Lev"
    assert "<th>Chair or holder</th>" in report(replay)


@pytest.mark.parametrize("method, electorate, seats, elected", [
    ("plurality", (40, 25, 35), 1, ("anna",)),  # one ballot: the most votes
    ("runoff", (40, 25, 35), 1, ("clara",)),  # the top two go to a second ballot
    ("irv", (40, 25, 35), 1, ("clara",)),  # ranked: Boris's ballots transfer to Clara
    ("stv", (50, 20, 30), 2, ("anna", "boris")),  # quota 34: Anna's surplus elects Boris, not Clara
])
def test_plurality_runoff_and_ranked_ballots_elect_whom_they_should(method, electorate, seats, elected):
    left, centre, right = electorate
    assert winners(election(method, left, centre, right, seats)) == elected


def test_a_ranked_count_names_everyone_it_drops_at_once():
    # Dora is no one's first choice, and with Boris's 25 still short of Clara's 35: the count drops both
    s = cs.loads(ELECTORATE.format(method="irv", left=40, centre=25, right=35, seats=1, secret="")
                 .replace("  lev:", "  dora: {name: Dora, positions: {x: 0.5}}\n  lev:")
                 .replace("[anna, boris, clara]", "[anna, boris, clara, dora]"))
    replay = cs.simulate(s)
    first, second = replay.ballots("elect")
    assert first.votes == {"anna": 40, "boris": 25, "clara": 35, "dora": 0}
    assert second.votes == {"anna": 40, "clara": 60} and second.eliminated == ("boris", "dora")
    text = " ".join(transcript(replay).split())
    assert "First preferences for the Chairmanship: Anna 40, Boris 25, Clara 35, Dora 0" in text
    assert "Round 2 of the count for the Chairmanship: Anna 40, Clara 60; Boris and Dora drop out; Clara elected" in text
    assert replay.summary()["ballots"][1]["eliminated"] == ["boris", "dora"]


def test_a_ranked_count_is_logged_round_by_round():
    irv = cs.simulate(election("irv"))
    first, second = irv.ballots("elect")
    assert first.votes == {"anna": 40, "boris": 25, "clara": 35} and not first.transfer and first.elected == ()
    assert second.transfer and second.round == 2 and second.eliminated == ("boris",)
    assert second.votes == {"anna": 40, "clara": 60} and second.elected == ("clara",)  # Boris's ballots go to Clara
    assert "Round 2 of the count for the Chairmanship: Anna 40, Clara 60; Boris drops out; Clara" in transcript(irv)
    assert irv.summary()["ballots"][1]["transfer"] is True
    assert "Chairmanship: 1 seat, held by Clara" in bodies(irv)  # a candidate of no faction, by name
    stv = cs.simulate(election("stv", 50, 20, 30, 2))
    first, second = stv.ballots("elect")
    assert first.elected == ("anna",)  # over the quota on first preferences
    assert second.votes == {"anna": 33.33, "boris": 36.67, "clara": 30} and second.elected == ("boris",)  # her surplus
    assert sum(second.votes.values()) == pytest.approx(100)
    record = Record.model_validate({"title": "r", "sources": {"minutes": "The minutes"}, "facts": [
        {"id": "final", "statement": "s", "check": {"kind": "ballots", "election": "elect", "round": 2},
         "attestations": [{"source": "minutes", "value": {"clara": 60, "winner": "clara", "ballots": 2}}]}]})
    assert cs.check(irv, record, "minutes").outcomes[0].passed


def test_a_secret_ballot_gives_totals_only():
    for scenario in (election("majority", secret=True), election("runoff", secret=True)):
        replay = cs.simulate(scenario)
        assert all(b.roll == {} and sum(b.votes.values()) == 100 for b in replay.ballots("elect"))
    s = assembly(50, 50, persons=SPEAKER + "\n  vp: {name: The Vice President, positions: {x: 1}}",
                 agenda="      - {id: bill, kind: vote, motion: The bill, content: {x: 1}, secret: true}",
                 head="rules: {chair: {person: vp, votes: tie}}")
    replay = cs.simulate(s)
    v = replay.vote("bill")
    assert v.casting == "for" and v.roll == {} and replay.roll_call("bill") == {}
    assert "votes" not in next(x for x in popolo(replay)["vote_events"] if x["identifier"] == "bill")
    assert all(json.loads(line).get("roll", {}) == {} for line in events_jsonl(replay).splitlines())
    assert replay.summary()["votes"][0]["roll"] == {}


# --- motions that interact -----------------------------------------------------------------------

MEETING = """
title: Meeting
issues: {{x: {{label: X}}, z: {{label: Z}}}}
members: {{seats: 12}}
factions:
  left: {{label: Left, delegates: 3, caucus: true, discipline: 1, positions: {{x: {{centre: 1, spread: 0}}, z: {{centre: 1, spread: 0}}}}}}
  right: {{label: Right, delegates: 4, caucus: true, discipline: 1, positions: {{x: {{centre: -0.2, spread: 0}}, z: {{centre: -1, spread: 0}}}}}}
  swing: {{label: Swing, delegates: 2, positions: {{x: {{centre: 0.4, spread: 0}}, z: {{centre: 0.5, spread: 0}}}}}}
{persons}
rules:
  preset: roberts-rules
  {chair}
sessions:
  - id: s
    opens: 2000-01-01T10:00
    agenda:
{agenda}
  - id: next_day
    opens: 2000-01-02T10:00
    agenda:
      - {{id: minutes, kind: report, topic: the minutes, duration: 10}}
"""


def meeting(agenda: str, chair: str = "", persons: str = "", left: int = 3, swing: float = 0.4) -> cs.Scenario:
    text = MEETING.format(agenda=agenda, chair=chair, persons=persons)
    text = text.replace("delegates: 3", f"delegates: {left}").replace("centre: 0.4", f"centre: {swing}")
    return cs.loads(text)


def skipped(replay: cs.Replay) -> dict[str, str]:
    return {e.item: str(e.because) for e in replay.of(ev.Skipped)}


MAIN = "      - {id: main, kind: vote, motion: Spend on x, content: {x: 1}}"
MODEST = MAIN.replace("content: {x: 1}", "content: {x: 0.6}")  # the swing would have this one


def test_an_amendment_is_decided_first_and_changes_the_motion():
    amended = meeting("      - {id: half, kind: vote, type: amendment, on: main, motion: Spend half, content: {x: 0.5}}\n"
                      + MAIN)
    replay = cs.simulate(amended)
    assert [v.item for v in replay.votes()] == ["half", "main"]
    assert replay.vote("half").result == "adopted"
    assert replay.vote("main").result == "adopted"  # the swing votes for the half it would not give the whole for
    moved = next(e for e in replay.of(ev.Moved) if e.item == "main")
    assert moved.changes == {"x": (0.0, 0.5)}  # what was adopted is the motion as amended
    assert cs.simulate(meeting(MAIN)).vote("main").result == "rejected"  # unamended, it fails
    assert_same(amended)
    assert "Vote on Spend on x, as amended: ADOPTED" in transcript(replay)
    assert "Vote on Spend on x: REJECTED" in transcript(cs.simulate(meeting(MAIN)))


@pytest.mark.parametrize("left, result, closed", [
    (3, "rejected", False),  # 5 for of 9: short of the two thirds the previous question needs
    (6, "adopted", True),  # 8 of 12: the debate closes, and the amendment pending with it
])
def test_the_previous_question_closes_debate_and_pending_amendments(left, result, closed):
    # those who want the motion adopted want the vote now: the left and the swing
    s = meeting("      - {id: pq, kind: vote, type: previous_question, on: main, motion: The previous question}\n"
                "      - {id: talk, kind: debate, topic: more of it, duration: 20}\n"
                "      - {id: half, kind: vote, type: amendment, on: main, motion: Spend half, content: {x: 0.5}}\n"
                + MODEST, left=left)
    replay = cs.simulate(s)
    assert replay.vote("pq").result == result
    assert replay.vote("pq").majority == "two thirds of the votes cast"  # Robert's Rules, from the preset
    gone = skipped(replay)
    assert ("talk" in gone and "half" in gone) == closed
    if closed:
        assert gone["talk"] == gone["half"] == "the debate on main was closed by pq"
        assert "Not taken: Spend half (the debate on Spend on x was closed by the previous question)" \
            in " ".join(transcript(replay).split())
    assert "main" not in gone  # the question itself is put either way
    text = " ".join(transcript(replay).split())
    # the kind of motion is said where its title does not say it already
    assert "Vote on the previous question: " in text and ("Vote on Spend half (amendment)" in text) != closed
    assert_same(s)


def test_a_motion_laid_on_the_table_is_not_put():
    s = meeting("      - {id: table, kind: vote, type: table, on: main, motion: Lay it on the table}\n" + MAIN
                + "\n      - {id: other, kind: debate, topic: other business, duration: 10}")
    replay = cs.simulate(s)
    assert replay.vote("table").result == "adopted"  # the right and the swing would rather not decide it
    assert skipped(replay) == {"main": "main was laid on the table"}
    assert "Not taken: Spend on x (it was laid on the table)" in transcript(replay)
    assert "other" in {e.item for e in replay.of(ev.ItemBegan)}
    assert_same(s)


def test_an_adjournment_closes_the_sitting():
    s = meeting("      - {id: adjourn, kind: vote, type: adjourn, on: main, motion: Adjourn}\n" + MAIN
                + "\n      - {id: other, kind: debate, topic: other business, duration: 10}")
    replay = cs.simulate(s)
    assert replay.vote("adjourn").result == "adopted"
    assert skipped(replay) == {"main": "the sitting had closed", "other": "the sitting had closed"}
    closed = {e.session: e for e in replay.of(ev.SessionClosed)}
    assert closed["s"].by == "adjourn" and closed["s"].time == replay.vote("adjourn").time
    assert closed["next_day"].by is None  # the next sitting opens as planned
    assert_same(s)


def test_a_recess_carried_pauses_the_sitting():
    s = meeting("      - {id: pause, kind: vote, type: recess, on: main, motion: Recess, minutes: 15}\n" + MAIN)
    replay = cs.simulate(s)
    assert replay.vote("pause").result == "adopted"
    (item, began, ended), = replay.recesses()
    assert (item, ended - began) == ("pause", 15)
    assert replay.vote("main").time == ended  # the question waits for the sitting to resume
    assert_same(s)


CHAIR = "persons:\n  president: {name: The President, faction: right}"
POINT = ("      - {id: point, kind: ruling, point: the motion was not circulated, on: main}\n"
         "      - {id: appeal, kind: vote, type: appeal, on: point, motion: Shall the decision of the chair stand?}\n")


def test_a_point_of_order_ruled_by_the_chair_and_overturned_on_appeal():
    # the chair (of the right, against spending) rules the motion out of order; the left and the
    # swing, who want it, do not sustain the chair, and the motion is put after all
    s = meeting(POINT + MODEST, persons=CHAIR,
                chair="chair: {person: president, votes: always}")
    replay = cs.simulate(s)
    ruled, = replay.of(ev.Ruled)
    assert ruled.upheld and ruled.chair == "president"
    assert replay.vote("appeal").result == "rejected"
    assert replay.vote("main").result == "adopted"
    assert_same(s)
    # sustained, the ruling stands: the motion is not put
    sustained = meeting(POINT + MAIN, persons=CHAIR, chair="chair: {person: president, votes: always}")
    replay = cs.simulate(sustained)
    assert replay.vote("appeal").result == "adopted"
    assert skipped(replay) == {"main": "main was ruled out of order"}
    assert "Not taken: Spend on x (it was ruled out of order)" in transcript(replay)
    assert_same(sustained)


def test_an_appeal_from_a_ruling_not_made_names_the_ruling_in_words():
    point = POINT.replace("on: main}", "on: main, only_if: {item: main, result: adopted}}")  # main comes after
    replay = cs.simulate(meeting(point + MAIN, persons=CHAIR, chair="chair: {person: president, votes: always}"))
    assert skipped(replay)["appeal"] == "the ruling it appeals from, point, was not made"
    # in a sentence, not in brackets within the transcript's brackets
    assert "Not taken: Shall the decision of the chair stand? (the ruling it appeals from, Ruling on the point of " \
        "order: the motion was not circulated, was not made)" in " ".join(transcript(replay).split())


def test_an_appeal_from_a_ruling_that_moves_things_is_weighed_by_what_the_ruling_did():
    s = meeting("      - {id: point, kind: ruling, point: take the z item now, content: {z: 1}}\n"
                "      - {id: appeal, kind: vote, type: appeal, on: point, motion: Shall the decision of the chair stand?}\n"
                + MAIN, persons="persons:\n  president: {name: The President, faction: left}",
                chair="chair: {person: president, votes: always}")
    replay = cs.simulate(s)
    assert next(replay.of(ev.Ruled)).upheld  # the chair stands at z = 1
    appeal = replay.vote("appeal")
    assert appeal.tally["left"][0] == 3 and appeal.tally["right"][1] == 4  # each side as it stands on z
    assert appeal.result == "rejected"  # the right overturns it, the swing indifferent ...
    moves = [e for e in replay.of(ev.Moved) if e.item in ("point", "appeal")]
    assert [m.changes for m in moves] == [{"z": (0.0, 1.0)}, {"z": (1.0, 0.0)}]  # ... and z is back where it was
    assert_same(s)


@pytest.mark.parametrize("swing, first", [(0.9, "full"), (0.2, "half")])
def test_competing_proposals_which_is_taken_first(swing, first):
    # a motion of priority: take the full plan before the half plan; the proposals come up in the order it decides
    agenda = ("      - {id: full_first, kind: vote, type: priority, on: half, motion: Take the full plan first, content: {x: 1}}\n"
              "      - {id: full, kind: vote, motion: The full plan, content: {x: 1}, only_if: {item: full_first, result: adopted}}\n"
              "      - {id: half, kind: vote, motion: The half plan, content: {x: 0.5}}\n"
              "      - {id: full_later, kind: vote, motion: The full plan, content: {x: 1}, "
              "only_if: {item: full_first, result: rejected}}")
    s = meeting(agenda, swing=swing)
    replay = cs.simulate(s)
    # the swing votes for the priority if it would rather have the full plan than the half one
    assert replay.vote("full_first").result == ("adopted" if first == "full" else "rejected")
    taken = [v.item for v in replay.votes() if v.item != "full_first"]
    assert taken == (["full", "half"] if first == "full" else ["half", "full_later"])
    assert_same(s)


def test_motions_out_of_rank_are_an_error_naming_both():
    with pytest.raises(cs.ScenarioError) as info:
        meeting("      - {id: half, kind: vote, type: amendment, on: main, motion: Amend, content: {x: 0.5}}\n"
                "      - {id: pq, kind: vote, type: previous_question, on: main, motion: The previous question}\n"
                + MAIN)
    message = str(info.value)
    assert "\n" not in message
    assert "'pq' (previous question, rank 3) is decided right after 'half' (amendment, rank 1)" in message
    assert "pending together, the higher rank is decided first" in message


# --- items that follow from each other -----------------------------------------------------------

FOLLOWING = """
title: Council
issues: {x: {label: X}}
factions:
  ayes: {label: Ayes, delegates: 5, positions: {x: {centre: 1, spread: 0}}}
  noes: {label: Noes, delegates: 4, positions: {x: {centre: -1, spread: 0}}}
sessions:
  - id: s
    opens: 2000-01-01T10:00
    agenda:
      - {id: intro, kind: debate, topic: the agenda, duration: 30}
      - {id: news, kind: announcement, text: The news arrives, at: 2000-01-01T11:00}
      - {id: talk, kind: debate, topic: the news, duration: 20}
      - {id: reply, kind: debate, topic: the reply, after: {item: news, delay: 45}, duration: 10}
      - {id: motion, kind: vote, motion: Act on the news, content: {x: 1}, after: {item: news, delay: 90}}
      - {id: thanks, kind: announcement, text: Thanks, after: {item: talk, edge: start, delay: 5}}
      - {id: closing, kind: debate, topic: the close, duration: 15}
triggers:
  - {id: answer, when: {item: reply}, delay: 5, then: {id: answered, kind: announcement, text: An answer}}
"""


def times(replay: cs.Replay) -> dict[str, float]:
    out = {}
    for e in replay.events:
        item = getattr(e, "item", None)
        if item and item not in out and not isinstance(e, (ev.Arrived, ev.Departed, ev.Skipped, ev.Moved)):
            out[item] = e.time
    out["close"] = next(replay.of(ev.SessionClosed)).time
    return out


def test_moving_an_announcement_moves_every_item_anchored_to_it(tmp_path):
    (tmp_path / "council.yaml").write_text(FOLLOWING)
    (tmp_path / "later.yaml").write_text("extends: council.yaml\nset:\n  news.at: 2000-01-01T13:00\n")
    base, later = (cs.simulate(cs.load(tmp_path / f)) for f in ("council.yaml", "later.yaml"))
    was, now = times(base), times(later)
    assert was["reply"] == was["news"] + 45 and was["motion"] == was["news"] + 90
    assert {k: now[k] - was[k] for k in was} == {
        "intro": 0,  # before the news: where it was
        **{k: 120 for k in ("news", "talk", "reply", "motion", "thanks", "closing", "answered", "close")},
    }
    assert_same(cs.load(tmp_path / "later.yaml"))


THEN = {
    "close": "{id: guard, kind: close}",
    "vote": "{id: called, kind: vote, motion: A motion called, content: {x: -1}}",
    "recess": "{id: pause, kind: recess, duration: 45}",
    "election": "{id: pick, kind: election, body: board}",
}


@pytest.mark.parametrize("kind", THEN)
def test_a_trigger_can_close_the_sitting_call_a_vote_a_recess_or_an_election(kind):
    s = cs.loads(FOLLOWING.replace("triggers:", "bodies:\n  board: {label: The board, seats: 3}\ntriggers:")
                 + f"  - {{id: on_talk, when: {{item: talk}}, delay: 10, then: {THEN[kind]}}}\n")
    replay = cs.simulate(s)
    fired = next(e for e in replay.of(ev.Triggered) if e.trigger == "on_talk")
    assert fired.time == 11 * 60 + 10
    if kind == "close":
        assert next(replay.of(ev.SessionClosed)).by == "guard"
        assert skipped(replay).keys() >= {"reply", "motion", "closing"}
    elif kind == "vote":
        assert replay.vote("called").time == fired.time and replay.vote("called").result == "rejected"
    elif kind == "recess":
        assert replay.recesses() == [("pause", fired.time, fired.time + 45)]
        assert times(replay)["reply"] == fired.time + 45  # the agenda waits for the sitting to resume
    else:
        assert replay.elections()[0].seats == {"ayes": 2, "noes": 1}
    assert_same(s)


@pytest.mark.parametrize("ayes, condition, taken", [
    (4, "{item: bill, tied: true}", True),  # 4 to 4
    (5, "{item: bill, tied: true}", False),
    (5, "{item: bill, tied: false, result: adopted}", True),
    (7, "{item: bill, margin: {at_least: 3}}", True),  # 7 to 4
    (6, "{item: bill, margin: {at_least: 3}}", False),
    (6, "{item: bill, margin: {at_most: 2}}", True),
    (6, "{present: {faction: noes, at_least: 4}}", True),
    (6, "{present: {faction: noes, at_least: 5}}", False),
    (6, "{present: {at_most: 10}}", True),
])
def test_a_condition_can_test_a_tie_a_margin_and_who_is_present(ayes, condition, taken):
    agenda = ("      - {id: bill, kind: vote, motion: The bill, content: {x: 1}}\n"
              f"      - {{id: then, kind: announcement, text: And then, only_if: {condition}}}")
    s = assembly(ayes, 4, agenda=agenda)
    replay = cs.simulate(s)
    assert ("then" not in skipped(replay)) == taken
    if not taken:
        assert skipped(replay)["then"].startswith("only if")
    assert_same(s)


@pytest.mark.parametrize("present, why", [
    ("{faction: noes, at_most: 0}", "only if no Noes are present"),
    ("{faction: noes, at_least: 1}", "only if some Noes are present"),
    ("{faction: ayes, at_least: 7}", "only if at least 7 Ayes are present"),
    ("{at_least: 20}", "only if at least 20 councillors are present"),  # in the assembly's word for its members
    ("{at_least: 2, at_most: 5}", "only if at least 2 and at most 5 councillors are present"),
])
def test_an_item_not_taken_for_who_is_present_says_it_in_a_sentence(present, why):
    agenda = f"      - {{id: then, kind: announcement, text: And then, only_if: {{present: {present}}}}}"
    noes = 0 if "some" in why else 4
    replay = cs.simulate(assembly(6, noes, agenda=agenda, head="members_called: {one: councillor, many: councillors}"))
    assert f"Not taken: And then ({why})" in " ".join(transcript(replay).split())


def test_an_item_not_taken_for_a_vote_the_rule_decided_gives_the_tally_and_the_rule():
    """A vote lost with more for than against (two thirds needed) is said with its tally and rule,
    as its own line says it, not as "rejected, 2 more for than against"."""
    agenda = ("      - {id: bill, kind: vote, motion: The bill, content: {x: 1}}\n"
              "      - {id: then, kind: announcement, text: And then, only_if: {item: bill, result: adopted}}")
    replay = cs.simulate(assembly(6, 4, agenda=agenda, head="rules: {majority: two_thirds}"))
    assert skipped(replay)["then"] == "only if bill adopted; it was rejected, 6 for and 4 against, under two thirds of the votes cast"
    assert "Not taken: And then (only if the bill adopted; it was rejected, 6 for and 4 against, under two thirds of the " \
        "votes cast)" in " ".join(transcript(replay).split())


@pytest.mark.parametrize(("name", "line"), [
    # a rule whose words hold its source in brackets
    ("senate-1964/southern-five-more.yaml", "Not taken: Passage of H.R. 7152, as amended by the Dirksen-Mansfield "
     "substitute, only if Cloture on H.R. 7152 adopted; it was rejected, 66 for and 34 against, under two thirds of "
     "the Senators present and voting (Rule XXII, 1959)"),
    # a motion whose title has an aside in brackets
    ("constituent-assembly/constituent-assembly.yaml", "Not taken: Declaration of the Rights of the Working and "
     "Exploited People, only if the SR fraction's agenda (peace, land, the form of the state) taken before the "
     "Declaration rejected; it was adopted, 254 for and 155 against"),
])
def test_a_reason_that_holds_brackets_of_its_own_is_not_put_in_brackets(name, line):
    """Brackets within brackets read badly: such a reason follows a comma, and reads as one sentence."""
    said = [text for _, _, text, _ in transcript_lines(cs.simulate(cs.load(ROOT / "scenarios" / name)))]
    assert line in said, [x for x in said if x.startswith("Not taken")]


def test_a_vote_the_rule_decided_gives_a_rule_with_brackets_of_its_own_after_the_tally():
    replay = cs.simulate(cs.load(ROOT / "scenarios" / "senate-1964" / "southern-five-more.yaml"))
    said = [text for _, _, text, _ in transcript_lines(replay) if text.startswith("Vote on Cloture")]
    assert said == ["Vote on Cloture on H.R. 7152 (E. M. Dirksen): REJECTED, 66 for, 34 against, 0 abstaining "
                    "(100 present), under two thirds of the Senators present and voting (Rule XXII, 1959)"]


def test_an_item_not_taken_for_who_won_says_who_was_to_win_and_who_did():
    replay = cs.simulate(cs.loads(WHO_CHAIRS))  # Ann is elected
    assert skipped(replay)["bill"] == "only if elect won by bob; it was won by ann"
    assert "Not taken: The bill (only if Election of The head won by Bob; it was won by Ann)" in \
        " ".join(transcript(replay).split())


@pytest.mark.parametrize("vote, motion", [
    ("bill", "Count the ayes present"),  # a label with a faction's id and "present" in it
    ("if", "The bill"),  # an id that is a word the reason says before it
])
def test_a_reason_is_named_from_its_fields_whatever_the_ids_and_labels_say(vote, motion):
    agenda = (f"      - {{id: {vote}, kind: vote, motion: {motion}, content: {{x: 1}}}}\n"
              "      - {id: then, kind: announcement, text: And then,"
              f" only_if: {{item: {vote}, result: rejected, present: {{faction: ayes, at_least: 1}}}}}}")
    replay = cs.simulate(assembly(5, 4, agenda=agenda))
    because = next(e.because for e in replay.of(ev.Skipped) if e.item == "then")
    assert str(because) == f"only if {vote} rejected; it was adopted, 5 for and 4 against; only if faction ayes has at least 1 present"
    assert because.to_dict() == {"kind": "condition", "was": "adopted", "margin": 1, "condition": {
        "item": vote, "result": "rejected", "present": {"faction": "ayes", "at_least": 1}}}
    assert f"Not taken: And then (only if {labels.within(motion)} rejected; it was adopted, 5 for and 4 against; only if some Ayes are " \
        "present)" in " ".join(transcript(replay).split())


@pytest.mark.parametrize("share, condition, why", [
    (0, "{item: out, left: {at_least: 1}}", "only if at least 1 left in out; none had left"),
    (1, "{item: out, left: {at_most: 2}}", "only if at most 2 left in out; 3 had left"),
    (1, "{item: out, left: {at_least: 1, at_most: 2}}", "only if at least 1 and at most 2 left in out; 3 had left"),
    (1, "{item: out, result: skipped, left: {at_least: 1}}", "only if out skipped and at least 1 left in it; it happened, 3 had left"),
])
def test_an_item_not_taken_for_how_many_left_says_how_many_did(share, condition, why):
    s = cs.loads(LEAVING.replace("share: 1}", f"share: {share}}}").replace("{item: out, left: {at_least: 1}}", condition))
    replay = cs.simulate(s)
    assert skipped(replay)["answer"] == why
    because = next(e.because for e in replay.of(ev.Skipped) if e.item == "answer")
    assert because.to_dict()["left"] == 3 * share
    label = why.replace(" in out;", " in the walkout of the Noes;").replace("only if out", "only if Walkout of the Noes")
    assert f"Not taken: Against those who left ({label})" in " ".join(transcript(replay).split())
    assert_same(s)


def test_a_walkout_that_never_happened_took_no_one():
    s = cs.loads(LEAVING.replace("share: 1}", "share: 1, only_if: {present: {faction: ayes, at_least: 6}}}"))
    replay = cs.simulate(s)
    assert skipped(replay) == {"out": "only if faction ayes has at least 6 present",
                               "answer": "only if at least 1 left in out; none had left"}
    assert "stayed" in took_place(replay) and "lament" not in took_place(replay)
    assert_same(s)


def test_a_walkout_a_whatif_removed_took_no_one(tmp_path):
    """A condition on how many a walkout took still names it when a what-if removes it (or its
    trigger), in a chain of what-ifs too: none left; any other condition on it is refused."""
    base = LEAVING.split("      - {id: out,")[0] + """\
      - {id: opening, kind: announcement, text: Opening words}
      - {id: answer, kind: vote, motion: Against those who left, content: {x: 1}, after: 10,
         only_if: {item: out, left: {at_least: 1}}}
triggers:
  - {id: protest, when: {item: opening}, then: {id: out, kind: walkout, factions: [noes], share: 1}}
"""
    (tmp_path / "base.yaml").write_text(base)
    assert "answer" not in skipped(cs.simulate(cs.load(tmp_path / "base.yaml")))
    (tmp_path / "what.yaml").write_text("extends: base.yaml\nremove: [protest]\n")
    (tmp_path / "more.yaml").write_text("extends: what.yaml\ntitle: More\n")
    for name in ("what.yaml", "more.yaml"):
        replay = cs.simulate(cs.load(tmp_path / name))
        assert skipped(replay) == {"answer": "only if at least 1 left in out; none had left"}
        assert "Not taken: Against those who left (only if at least 1 left in out; none had left)" in \
            " ".join(transcript(replay).split())
    (tmp_path / "base.yaml").write_text(base.replace("left: {at_least: 1}", "result: happened"))
    with pytest.raises(cs.ScenarioError, match="no agenda item or reaction 'out' to depend on"):
        cs.load(tmp_path / "what.yaml")


# --- what-if errors ------------------------------------------------------------------------------

WHATIF_BASE = """
title: Council
issues: {x: {label: X}}
factions:
  ayes: {label: Ayes, delegates: 5, positions: {x: {centre: 1, spread: 0}}}
  noes: {label: Noes, delegates: 5, positions: {x: {centre: -1, spread: 0}}}
sessions:
  - id: s
    opens: 2000-01-01T10:00
    agenda:
      - {id: news, kind: announcement, text: The news arrives, at: 2000-01-01T11:00}
      - {id: bill, kind: vote, motion: The bill, content: {x: 1}}
      - {id: reply, kind: debate, topic: the reply, after: {item: news, delay: 45}, duration: 10}
      - {id: cheer, kind: announcement, text: Cheers, only_if: {item: bill, result: adopted}}
      - {id: late, kind: vote, motion: Another bill, content: {x: 0.5}, at: 2000-01-01T12:30}
triggers:
  - {id: protest, when: {item: bill}, delay: 5, then: {id: protest_vote, kind: vote, motion: Repeal, content: {x: -1}}}
  - {id: note, when: {item: reply}, delay: 5, then: {id: noted, kind: announcement, text: Noted, only_if: {item: late}}}
"""


@pytest.mark.parametrize("change, message", [
    # what waits for a removed item is named, never silently dropped
    ("remove: [bill]", r"remove: trigger 'protest' waits for 'bill': remove it too \(remove: \[bill, protest\]\)"),
    ("remove: [news]", r"remove: item 'reply' waits for 'news': remove it too"),
    ("remove: [late]", r"remove: trigger 'note' waits for 'late': remove it too"),  # a reaction's condition
    # a moved item names both items, at their true times, at the line that moved it
    ("set:\n  news.at: 2000-01-01T13:00", r"'late' is pinned to 2000-01-01T12:30, before 'news' \(2000-01-01T13:00\)"),
    ("set:\n  late.at: 2000-01-01T10:30", r"'late' is pinned to 2000-01-01T10:30, before 'news' \(2000-01-01T11:00\)"),
    # a new item with a mistake names the item
    ("insert:\n  - {after: bill, item: {id: extra, kind: vote, motion: E, content: {x: 1}, after: {item: nowhere}}}",
     r"no agenda item or reaction 'nowhere' for 'extra' to follow"),
])
def test_an_error_in_a_whatif_is_one_line_at_the_whatif_naming_the_items(tmp_path, change, message):
    (tmp_path / "base.yaml").write_text(WHATIF_BASE)
    (tmp_path / "what.yaml").write_text(f"extends: base.yaml\n{change}\n")
    with pytest.raises(cs.ScenarioError) as info:
        cs.load(tmp_path / "what.yaml")
    text = str(info.value)
    assert "\n" not in text and len(info.value.problems) == 1
    assert Path(info.value.problems[0].file).name == "what.yaml"  # not the base, which the user did not edit
    assert re.search(message, text), text


def wrong_value_in_an_item(tmp_path: Path) -> str:
    (tmp_path / "base.yaml").write_text(WHATIF_BASE)
    (tmp_path / "what.yaml").write_text("extends: base.yaml\nset:\n  bill.stances.nobody: for\n")
    with pytest.raises(cs.ScenarioError) as info:
        cs.load(tmp_path / "what.yaml")
    problem, = info.value.problems
    assert (Path(problem.file).name, problem.line) == ("what.yaml", 3)  # the line of the what-if that set it
    assert "no faction 'nobody'" in problem.message
    return str(problem)


def test_a_wrong_value_set_in_an_item_is_located_at_the_whatif(tmp_path):
    wrong_value_in_an_item(tmp_path)


def test_a_wrong_value_set_in_an_item_names_the_item(tmp_path):
    assert ": bill.stances.nobody: " in wrong_value_in_an_item(tmp_path)


# --- roll calls ----------------------------------------------------------------------------------

ROLL = """
title: Council
issues: {x: {label: X}}
factions:
  ayes: {label: Ayes, delegates: 5, positions: {x: {centre: 1, spread: 0}}}
  noes: {label: Noes, delegates: 4, positions: {x: {centre: -1, spread: 0}}}
  middle: {label: Middle, delegates: 2, positions: {x: {centre: 0.5, spread: 0}}}
persons:
  ada: {name: Ada Ayes, faction: ayes}
  ned: {name: Ned Noes, faction: noes}
  mia: {name: Mia Middle, faction: middle}
  abe: {name: Abe Absent, faction: ayes, absent: [s]}
  gus: {name: Gus Guest}
rules: {abstentions: not_recorded}
sessions:
  - id: s
    opens: 2000-01-01T10:00
    agenda:
      - {id: bill, kind: vote, motion: The bill, content: {x: 1}, duration: 5}
      - {id: quiet, kind: vote, motion: The quiet bill, content: {x: 1}, secret: true, duration: 5}
"""
ROLLED = {"ada": "for", "ned": "against", "mia": "not voting", "abe": "absent"}


def test_each_named_delegates_vote_is_in_the_log_the_exports_and_the_report(validators):  # noqa: F811
    replay = cs.simulate(cs.loads(ROLL))
    assert replay.vote("bill").roll == {k: v for k, v in ROLLED.items() if v != "absent"}  # the event log
    assert replay.roll_call("bill") == ROLLED  # with those absent
    # Popolo: a vote object per person, valid against the Popolo schemas
    data = popolo(replay)
    for key, objects in data.items():
        for obj in objects:
            errors = list(validators[KINDS[key]].iter_errors(obj))
            assert not errors, (key, obj.get("id"), errors[0].message)
    bill_event = next(x for x in data["vote_events"] if x["identifier"] == "bill")
    votes = {v["voter_id"]: (v["option"], v["group_id"]) for v in bill_event["votes"]}
    assert votes == {"person/ada": ("yes", "faction/ayes"), "person/ned": ("no", "faction/noes"),
                     "person/mia": ("not voting", "faction/middle"), "person/abe": ("absent", "faction/ayes")}
    persons = {p["id"] for p in data["persons"]}
    assert {v["voter_id"] for v in bill_event["votes"]} <= persons
    quiet = next(x for x in data["vote_events"] if x["identifier"] == "quiet")
    assert "votes" not in quiet  # a secret ballot: totals only
    # the report: a roll-call table, the secret ballot named as having none
    html = report(replay)
    table = html.split("Roll calls of the named delegates")[1].split("</table>")[0]
    row = next(r for r in table.split("<tr>") if "The bill" in r)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row)
    assert cells == ["The bill", "Ada Ayes", "Ned Noes", "", "Mia Middle", "Abe Absent"]
    assert "The quiet bill" not in table and "Secret ballots, totals only: The quiet bill" in html


# --- the record's bounds and groups --------------------------------------------------------------


@pytest.mark.parametrize("value, passes", [
    ({"ayes+noes": 9}, True),  # a group of factions, joined by +
    ({"ayes+noes": 10}, False),
    ({"ayes+middle": {"at_least": 7}}, True),
    ({"ayes+middle": {"at_least": 8}}, False),
    ({"total": {"at_most": 11}}, True),
    ({"total": {"at_most": 10}}, False),
    ({"noes": {"between": [3, 4]}}, True),
    ({"noes": {"between": [5, 9]}}, False),
    ({"ayes": 5, "total": {"between": [10, 12]}}, True),
])
def test_the_record_can_bound_a_count_and_count_a_group(value, passes):
    s = cs.loads(ROLL)
    fact = {"id": "count", "statement": "s", "check": {"kind": "census", "at": "bill"},
            "attestations": [{"source": "minutes", "value": value}]}
    assert judged(s, fact) is passes


def judged(scenario: cs.Scenario, fact: dict) -> bool:
    """Whether a fact passes, by the check of one replay; the kernel's judgement the same."""
    record = Record.model_validate({"title": "r", "sources": {"minutes": "The minutes"}, "facts": [fact]})
    passed = cs.check(cs.simulate(scenario), record, "minutes").outcomes[0].passed
    kernel = Kernel(scenario, moments(record), positions=positions(record))
    assert bool(judge(record.facts[0], record.facts[0].attestations[0], kernel.run(1), kernel)[0][0]) is passed
    return bool(passed)


@pytest.mark.parametrize("value, passes", [
    ({"for": {"at_least": 4}, "against": 4}, True),  # Abe is absent: 4 for
    ({"for": {"at_least": 5}}, False),
    ({"against": {"between": [2, 4]}, "abstain": {"at_most": 0}}, True),  # the middle does not vote
    ({"against": {"at_most": 3}}, False),
    ({"needed": 5}, True),  # more for than against, 4 against: 5 carry it
    ({"needed": 6}, False),
    ({"result": "rejected", "needed": {"between": [5, 6]}}, True),
])
def test_the_record_can_bound_a_tally(value, passes):
    fact = {"id": "tally", "statement": "s", "check": {"kind": "vote", "vote": "bill"},
            "attestations": [{"source": "minutes", "value": value}]}
    assert judged(cs.loads(ROLL), fact) is passes


def test_what_a_vote_by_order_needed_is_no_count_of_heads():
    """Each order has one voice: no number of votes for carries it, so no count the record gives,
    nor any bound, is what it needed (the kernel keeps -1 for it, which `at_most` would admit)."""
    estates = cs.load(ROOT / "scenarios" / "estates-general" / "estates-general.yaml")
    for value in ({"needed": 0}, {"needed": {"at_most": 1000}}):
        fact = {"id": "needed", "statement": "s", "check": {"kind": "vote", "vote": "verify_in_common"},
                "attestations": [{"source": "minutes", "value": value}]}
        assert judged(estates, fact) is False


@pytest.mark.parametrize("bounds", [{"atleast": 3}, {}, {"between": [4, 3]}, {"between": [3]}, {"at_most": "ten"}])
def test_a_misspelt_or_malformed_bound_is_an_error_not_a_pass(bounds):
    with pytest.raises(ValueError, match="minutes' value for total"):
        Record.model_validate({"title": "r", "sources": {"minutes": "The minutes"}, "facts": [
            {"id": "count", "statement": "s", "check": {"kind": "census", "at": "opening"},
             "attestations": [{"source": "minutes", "value": {"total": bounds}}]}]})


SENATE = """
title: Senate
issues: {x: {label: X}}
members: {seats: 100}
factions:
  ayes: {label: Ayes, delegates: 50, positions: {x: {centre: 0.6, spread: 0.5}}}
  noes: {label: Noes, delegates: 50, positions: {x: {centre: 0.45, spread: 0.5}}}
persons:
  vp: {name: The Vice President, positions: {x: 1}}
rules: {chair: {person: vp, votes: tie}}
sessions:
  - id: s
    opens: 2000-01-01T10:00
    agenda:
      - {id: bill, kind: vote, motion: The bill, content: {x: 1}}
"""


def test_a_seeded_block_casts_the_chairs_vote_on_a_tie_and_only_then():
    # the kernel's seeded replays follow the same rule as the engine's: a casting vote only on a tie, in each
    s = cs.loads(SENATE)
    out = Kernel(s).run(200, np.random.default_rng(4))
    f, a = out.tally["bill"][:, :, 0].sum(1), out.tally["bill"][:, :, 1].sum(1)
    assert 0 < (f == a).sum() < 200  # ties in some replays, not all
    assert ((out.casting["bill"] >= 0) == (f == a)).all()
    assert ((out.code["bill"] == 0) == ((f + (out.casting["bill"] == 0)) > (a + (out.casting["bill"] == 1)))).all()


def test_a_reaction_not_set_off_says_why_in_the_transcript_and_the_log():
    """A trigger whose cause came to something else, whose chance did not come up, or whose cause
    never happened leaves a line saying so, where it used to leave no trace."""
    agenda = ("      - {id: bill, kind: vote, motion: The bill, content: {x: 1}}\n"
              "      - {id: rider, kind: vote, motion: A rider, content: {y: 1}, only_if: {item: bill, result: rejected}}")
    extra = ("triggers:\n"
             "  - {id: protest, when: {item: bill, result: rejected}, then: {id: out, kind: walkout, factions: [noes]}}\n"
             "  - {id: cheer, when: {item: bill}, probability: 0.3, then: {id: cheers, kind: announcement, text: Cheers}}\n"
             "  - {id: sulk, when: {item: rider}, then: {id: sulking, kind: announcement, text: Sulking}}")
    replay = cs.simulate(assembly(5, 4, agenda=agenda, extra=extra))
    why = {e.trigger: e for e in replay.of(ev.NotSetOff)}
    assert set(why) == {"protest", "cheer", "sulk"}
    assert why["protest"].because.to_dict() == {"kind": "condition", "was": "adopted", "margin": 1,
                                                 "condition": {"item": "bill", "result": "rejected"}}
    assert str(why["cheer"].because) == "its chance, 0.3, did not come up"
    assert str(why["sulk"].because) == "only if rider happened; it was skipped"  # said at the close
    assert why["sulk"].time == next(replay.of(ev.SessionClosed)).time
    text = " ".join(transcript(replay).split())
    assert "Not set off: Walkout of the Noes (only if the bill rejected; it was adopted, 5 for and 4 against)" in text
    assert "Not set off: Cheers (its chance, 0.3, did not come up)" in text
    assert why["cheer"].to_dict()["reason"] == {"kind": "chance", "chance": 0.3}
    said = replay.summary()["not_set_off"]  # and in `run --json`
    assert [(x["trigger"], x["reaction"], x["because"]) for x in said][0] == \
        ("protest", "out", "only if bill rejected; it was adopted, 5 for and 4 against")


# --- a dissolution ------------------------------------------------------------------------------

DISSOLVED = dict(
    head='arrivals: [{id: late, faction: ayes, count: 2, between: ["2000-01-01T10:30", "2000-01-01T11:30"]}]',
    agenda="      - {id: out, kind: walkout, factions: [noes], share: 0.5, over: 60}\n"
           "      - {id: decree, kind: announcement, title: The decree, text: The assembly is dissolved, dissolves: true,"
           " after: 30}\n"
           "      - {id: bill, kind: vote, motion: The bill, content: {x: 1}}\n"
           "      - {id: locked, kind: announcement, text: The doors are locked}\n"
           "      - {id: end, kind: close, after: 5}\n"
           "  - id: next\n"
           "    opens: 2000-01-02T10:00\n"
           "    agenda:\n"
           "      - {id: again, kind: vote, motion: The bill again, content: {x: 1}}\n"
           "      - {id: talk, kind: debate, topic: the bill}")


def test_a_dissolution_sends_everyone_away_and_no_vote_is_taken_after_it():
    """At the dissolution everyone at the assembly is sent away, those on their way out of a walkout
    too, and those still due never come: no one is counted at it from then, in the census, the
    attendance or the transcript, and nothing is put to it, in that sitting or a later one."""
    scenario = assembly(6, 4, **DISSOLVED)
    assert_same(scenario)
    replay = cs.simulate(scenario)
    # 2 noes leave over an hour (at 10:15 and 10:45): the second is sent away with the rest, at 10:30
    assert [(e.item, e.faction, e.count) for e in replay.of(ev.Departed)] == \
        [("out", "noes", 1), ("decree", "ayes", 6), ("decree", "noes", 3)]
    assert next(replay.of(ev.Dissolved)).by_faction == {"ayes": 6, "noes": 3}
    assert not [e for e in replay.of(ev.Arrived) if e.item == "late"]  # due from 10:45: never came
    assert replay.census("closing").total == replay.census("decree").total == replay.attendance()[-1].total == 0
    assert replay.census("out").total == 0  # the walkout's last had gone once the dissolution sent it away
    assert {v.item: v.result for v in replay.votes()} == {}
    skipped = {e.item: e.because for e in replay.of(ev.Skipped)}
    assert set(skipped) == {"bill", "again", "talk"}  # the announcement after it is made; the close closes
    assert skipped["bill"].to_dict() == {"kind": "dissolved", "item": "decree", "at": 630.0}
    text = [line for _, _, line, _ in transcript_lines(replay)]
    assert "The assembly is dissolved; the 9 delegates at it are sent away" in text
    assert "Not taken: The bill (the assembly had been dissolved, at 1 Jan 10:30)" in text
    assert "Announcement: The doors are locked" in text
    assert text.count("Session closes; no delegates at the assembly") == 2
    assert text[-1] == "The assembly was dissolved before 2 Ayes arrive (due between 1 Jan 10:30 and 1 Jan 11:30)"
    kernel = Kernel(scenario, {k: k for k in ("decree", "out", "closing")}, grid=20).run(1)
    assert {k: int(v.sum()) for k, v in kernel.census.items()} == {"decree": 0, "out": 0, "closing": 0}
    assert kernel.band is not None and kernel.band[0, -1] == 0


def test_a_reaction_can_dissolve_the_assembly():
    """A dissolution set off by what happened (the bill carried) is the same act: the next vote is not taken."""
    agenda = ("      - {id: bill, kind: vote, motion: The bill, content: {x: 1}}\n"
              "      - {id: rider, kind: vote, motion: A rider, content: {y: 1}, after: 10}")
    extra = ("triggers:\n  - {id: coup, when: {item: bill, result: adopted}, delay: 5,\n"
             "     then: {id: decree, kind: announcement, text: The assembly is dissolved, dissolves: true}}")
    for ayes, rider in ((5, "not taken"), (3, "rejected")):
        scenario = assembly(ayes, 4, agenda=agenda, extra=extra)
        assert_same(scenario)
        replay = cs.simulate(scenario)
        assert [v.result for v in replay.votes() if v.item == "rider"] == ([] if rider == "not taken" else [rider])
        assert replay.census("closing").total == (0 if rider == "not taken" else ayes + 4)
