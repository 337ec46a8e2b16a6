"""What a reader of the outputs is told: counts that agree with each other, the words of the source
checked against, errors that name what was meant, and tables that say what their numbers are."""

import json

import pytest
from click.testing import CliRunner

import congress_sim as cs
from congress_sim.cli import cli
from congress_sim.experiments.outcomes import parse
from congress_sim.experiments.sensitivity import _shown
from congress_sim.experiments.tally import render
from congress_sim.views import labels
from congress_sim.views.transcript import transcript

from .conftest import HISTORICAL, ROOT

ESTATES = ROOT / "scenarios" / "estates-general" / "estates-general.yaml"
TOWN = """\
title: Town meeting
calendar: gregorian
issues: {budget: {label: The budget, status_quo: 0}}
factions:
  greens: {label: Greens, delegates: 6, positions: {budget: 1}}
  blues: {label: Blues, delegates: 4, positions: {budget: -1}}
"""  # a small meeting, for what a transcript says of it


def test_a_vote_short_of_the_census_is_explained_by_an_absence(replay):
    text = transcript(replay)
    assert "V. I. Lenin does not attend this session (not in the hall for its votes)" in text
    assert "(648 present)" in text  # Martov's proposal: 649 at the assembly, Lenin not in the hall
    assert "Session closes; 508 delegates at the assembly" in text
    assert " present\n" not in text.replace("delegates present", "")  # no move or close counts "present"


def test_a_rule_that_overrides_the_heads_is_named_and_a_list_says_who_is_seated(replay):
    estates = transcript(cs.simulate(cs.load(ESTATES)))
    assert "REJECTED (by order: two of the three orders), 722 for, 433 against" in " ".join(estates.split())
    text = " ".join(transcript(replay).split())
    assert "seated (15 people for the 13 seats): V. I. Lenin, A. I. Rykov" in text
    assert "ADOPTED (" not in text  # where the heads decide, no rule is named


def test_a_fact_is_shown_in_the_words_of_the_source_checked_against(replay):
    by_reed = {o.fact.id: o for o in cs.check(replay, source="reed").outcomes}
    by_gse = {o.fact.id: o for o in cs.check(replay, source="gse").outcomes}
    assert by_reed["second_opened"].statement == "The second session began at 20:40 on 26 October."
    assert by_gse["second_opened"].statement == "The second session began at 21:00 on 26 October."
    assert by_reed["second_opened"].to_dict()["statement"] == by_reed["second_opened"].statement
    assert by_reed["lenin_on_peace"].statement == by_gse["lenin_on_peace"].statement  # no words of its own


def test_a_misspelt_id_in_set_is_an_error_that_guesses_and_a_whole_new_entry_is_not():
    with pytest.raises(cs.ScenarioError, match=r"no faction 'menshevik' \(did you mean 'mensheviks'\?\)"):
        cs.load(HISTORICAL, ["factions.menshevik.delegates=5"])
    with pytest.raises(cs.ScenarioError, match="no body 'cec2'"):
        cs.load(HISTORICAL, ["bodies.cec2.seats=3"])
    added = cs.load(HISTORICAL, ["factions.kadets={label: Kadets, delegates: 3}"])
    assert added.factions["kadets"].delegates == 3


def test_compare_refuses_what_it_cannot_apply(tmp_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["compare", str(HISTORICAL), str(HISTORICAL), "--at", "nosuch"])
    assert result.exit_code == 2 and "--at: no item 'nosuch' in either scenario" in result.output
    summary = {"ensemble": True, "scenario": "x", "runs": 10, "seed": 1, "votes": [], "elections": []}
    for name in ("a", "b"):
        (tmp_path / f"{name}.json").write_text(json.dumps(summary))
    result = runner.invoke(cli, ["compare", str(tmp_path / "a.json"), str(tmp_path / "b.json"), "--set", "x=1"])
    assert result.exit_code == 2 and "--set: two ensembles' summaries are compared as they were run" in result.output


def test_validate_knows_a_parameters_file_and_places_a_missing_top_key(tmp_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["validate", str(ROOT / "scenarios" / "historical.parameters.yaml")])
    assert result.exit_code == 0 and "ok (parameters, 5 values fitted to 4 targets;" in result.output
    bare = tmp_path / "bare.yaml"
    bare.write_text("title: x\n")
    result = runner.invoke(cli, ["validate", str(bare)])
    assert result.exit_code == 2 and f"{bare}:1:1: factions: missing" in result.output


def test_a_decision_on_seats_is_named_as_one(replay):
    assert labels.item(replay, "mensheviks_decline_presidium") == \
        "Decision of the Mensheviks on seats in the Presidium of the congress"


def test_an_outcome_is_described_in_words(historical):
    # a threshold in words, not as a formula; a margin, which may be below 0, is above or below it
    for text, said in [("left:walkout>=100", "at least 100 delegates who left in the walkout"),
                       ("present:closing<600", "fewer than 600 delegates at the assembly at the closing"),
                       ("seats:cec:left_sr>0", "more than 0 seats of the Left SRs in the All-Russian Central Executive Committee"),
                       ("votes:government:for<=600", "at most 600 votes for on \u201cResolution on the organization of state power\u201d"),
                       ("present:closing:bolsheviks=390", "exactly 390 Bolsheviks at the assembly at the closing"),
                       ("margin:government<0", "votes for less votes against on \u201cResolution on the organization of state "
                                               "power\u201d below 0")]:
        assert parse(text, historical).describe(historical) == said
    # one is one seat, one delegate, one vote, whatever the comparison
    for text, said in [("seats:cec:left_sr>=1", "at least 1 seat of the Left SRs in the All-Russian Central Executive Committee"),
                       ("left:walkout>1", "more than 1 delegate who left in the walkout"),
                       ("votes:government:against<1", "fewer than 1 vote against on \u201cResolution on the organization of "
                                                      "state power\u201d")]:
        assert parse(text, historical).describe(historical) == said
    assert parse("seats:cec:left_sr", historical).describe(historical) == \
        "seats of the Left SRs in the All-Russian Central Executive Committee"
    assert parse("left:martov_walkout", historical).describe(historical) == \
        "delegates who left in the walkout of the Menshevik-Internationalists"
    assert parse("present:closing:left_sr", historical).describe(historical) == "Left SRs at the assembly at the closing"
    assert parse("present:second", historical).describe(historical) == \
        "delegates at the assembly at the opening of \u201cSecond session\u201d"  # before its first item, not after it
    assert parse("present:1917-10-26", historical).describe(historical) == "delegates at the assembly at 26 Oct 00:00 [8 Nov]"
    # the census's count, as `run` says "512 delegates at the assembly" at a close: not a vote's "present"
    assert parse("present:walkout", historical).describe(historical) == "delegates at the assembly after the walkout"
    assert _shown(-0.0004) == 0.0 and _shown(-0.002) == -0.002


def test_an_outcome_is_said_as_a_clause_where_a_sentence_says_it_happens(historical):
    # "at least 100 delegates who left in the walkout in 81% of replays" is a row's name, not a sentence
    power = "\u201cResolution on the organization of state power\u201d"
    cec = "the All-Russian Central Executive Committee"
    for text, said in [("left:walkout>=100", "at least 100 delegates leave in the walkout"),
                       ("left:walkout>1", "more than 1 delegate leaves in the walkout"),
                       ("left:walkout:mensheviks>0", "more than 0 Mensheviks leave in the walkout"),
                       ("present:closing<600", "fewer than 600 delegates are at the assembly at the closing"),
                       ("present:closing:bolsheviks=390", "exactly 390 Bolsheviks are at the assembly at the closing"),
                       ("seats:cec:left_sr>0", f"the Left SRs win more than 0 seats in {cec}"),
                       ("seats:cec:left_sr>=1", f"the Left SRs win at least 1 seat in {cec}"),
                       ("seats:cec>=100", f"at least 100 seats are filled in {cec}"),
                       ("votes:government:for<=600", f"at most 600 votes are cast for {power}"),
                       ("votes:government:against<1", f"fewer than 1 vote is cast against {power}"),
                       ("votes:government:abstain>10", f"more than 10 abstentions are recorded on {power}"),
                       ("votes:government:present>=600", f"at least 600 delegates are present for the vote on {power}"),
                       ("margin:government<0", f"the margin on {power} (votes for less votes against) is below 0"),
                       ("government=adopted", f"{power} is adopted")]:
        assert parse(text, historical).describe(historical, clause=True) == said, text


def test_the_ensemble_table_writes_a_signed_range_and_long_ids_aligned():
    summary = {"scenario": "x", "runs": 10, "seed": 1, "votes": [], "elections": [], "attendance": [
        {"moment": "opening", "time": "1917-10-25T22:40", "median": 649, "p5": 649, "p95": 649}],
        "assumptions": [{"name": "lean", "mean": -0.2, "p5": -0.55, "p95": 0.16}],
        "facts": {"source": "gse", "rows": [{"id": "martov_group_declined_presidium_and_more", "pass_rate": 0.5},
                                            {"id": "opened", "pass_rate": 1.0}]}}
    text = render(summary)
    assert "[-0.55 to 0.16]" in text
    rates = [line for line in text.splitlines() if line.endswith(("0.500", "1.000"))]
    assert len({len(line) for line in rates}) == 1  # the rates in one column


def test_the_ensemble_table_names_groups_and_times_as_run_does(historical):
    summary = {"scenario": "x", "runs": 10, "seed": 1, "votes": [], "attendance": [
        {"moment": "opening", "time": "1917-10-25T22:40", "median": 649, "p5": 649, "p95": 649}],
        "elections": [{"id": "cec", "label": "CEC", "seats": {"left_sr": {"mean": 29, "p5": 29, "p95": 29,
                                                                           "distribution": {"29": 1.0}}},
                       "compositions": [{"seats": {"left_sr": 29}, "p": 1.0}]}]}
    text = render(summary, scenario=historical)
    assert "  Left SRs " in text and "most often (100.0%): Left SRs 29" in text and "left_sr" not in text
    assert "25 Oct 22:40 [7 Nov]" in text and "1917-10-25T22:40" not in text
    assert "left_sr" in render(summary)  # without the scenario, the summary's own ids


def test_the_ensemble_table_names_votes_moments_bodies_and_facts_as_run_and_check_do(historical, replay):
    from congress_sim.views.transcript import vote_table

    result = CliRunner().invoke(cli, ["ensemble", str(HISTORICAL), "--runs", "100", "--seed", "1", "--jobs", "1"])
    text, summary = result.output, json.loads(CliRunner().invoke(
        cli, ["ensemble", str(HISTORICAL), "--runs", "100", "--seed", "1", "--jobs", "1", "--json", "-q"]).output)
    # each vote as `run`'s Votes table names it, in its order, in the table of votes and of those present
    named = [line[2:36].rstrip() for line in vote_table(replay).splitlines()[1:]]
    votes = text.split("\n\nVotes", 1)[1].splitlines()[1:len(named) + 1]
    assert [row[2:36].rstrip() for row in votes] == named and named[0] == "Martov's proposal for a peaceful…"
    present = text.split("\nDelegates at the assembly", 1)[1].split("\n\n", 1)[0].split("\n  (", 1)[0].splitlines()[1:]
    assert [row[2:36].rstrip() for row in present] == ["opening", *named, "closing"]  # then a note, in brackets
    # a body by its label alone, each fact as its record states it, the shares in one column
    assert "Seats of the Presidium of the congress: mean [5%-95%]" in text and "(election " not in text
    facts = text.split("Facts of the record (gse): share of replays that pass\n", 1)[1].split("\n\n")
    assert facts[0].startswith("  The congress opened on 25 October 1917 at 22:40.  ")
    assert len({len(row) for row in facts[0].splitlines()}) == 1
    assert facts[1] == "Skipped, as gse does not give them: 13 facts (--json lists them).\n"  # as `check` says it
    assert not {"martov_proposal", "vote:martov_proposal", "cec", "closing_census", "land_tally"} & set(text.split())
    # what programs read keeps the ids
    assert summary["votes"][0]["id"] == "martov_proposal" and summary["elections"][0]["id"] == "presidium"
    assert summary["attendance"][1]["moment"] == "vote:martov_proposal" and summary["facts"]["rows"][0]["id"] == "opened"


def test_a_summary_read_without_its_scenario_names_what_it_keeps_words_for(historical):
    summary = cs.ensemble(historical, runs=50, seed=1, jobs=1).summary()
    text = render(summary)  # the motions and statements the summary keeps
    assert "  Martov's proposal for a peaceful…  " in text and "  The congress opened on 25 October 1917 at 22:40.  " in text
    older = {**summary, "votes": [{k: x for k, x in v.items() if k != "motion"} for v in summary["votes"]],
             "facts": {**summary["facts"], "rows": [{k: x for k, x in r.items() if k != "statement"}
                                                    for r in summary["facts"]["rows"]]}}
    text = render(older)  # a summary written before it kept them: by id
    assert "  martov_proposal  " in text and "  opened  " in text


def test_two_elections_of_one_body_are_told_apart_by_when():
    twice = """
title: Twice
issues: {x: {label: X}}
factions: {a: {label: A, delegates: 5, positions: {x: 1}}, b: {label: B, delegates: 4, positions: {x: -1}}}
bodies: {board: {label: The Board, seats: 3}}
sessions:
  - {id: s, opens: 2000-01-01T10:00, agenda: [{id: first, kind: election, body: board},
                                              {id: talk, kind: debate, topic: T, duration: 60},
                                              {id: again, kind: election, body: board}]}
"""
    scenario = cs.loads(twice)
    e = cs.ensemble(scenario, runs=10, seed=1, jobs=1)
    heads = [line for line in render(e.summary(), scenario=scenario).splitlines() if line.startswith("Seats of ")]
    assert heads == [f"Seats of The Board (elected 1 Jan {t}): mean [5%-95%], then the likeliest counts"
                     for t in ("10:00", "11:00")]
    assert e._repr_html_().count("<p>Seats of The Board (elected 1 Jan ") == 2  # in a notebook too
    # without the scenario, the time as the summary keeps it
    assert "Seats of The Board (elected 2000-01-01T10:" in render(e.summary())
    # one the deterministic replay does not reach has no time: its id tells it apart
    unreached = [{**x, "time": None} for x in e.summary()["elections"]]
    assert "Seats of The Board (election again): mean" in render({**e.summary(), "elections": unreached})


def test_the_roster_event_is_shown_short(replay):
    roster = replay.events[0]
    assert repr(roster) == ("Roster(day 1 22:40, 767 delegates, issues=('soviet_power', 'insurrection', "
                            "'socialist_coalition', 'peace', 'land'), 8 named persons)")
    assert len(roster.positions) == 767  # the data are all there


def test_the_vote_table_says_why_present_is_short_of_the_census_under_a_tie_only_chair():
    from congress_sim.views.transcript import vote_table

    table = vote_table(cs.simulate(cs.load(ROOT / "scenarios" / "senate-2021" / "senate-2021.yaml")))
    assert table.splitlines()[-1] == "  (present: not counting the chair, K. Harris, who votes only to break a tie)"
    assert "not counting the chair" not in vote_table(cs.simulate(cs.load(HISTORICAL)))  # Kamenev votes always


def test_the_vote_table_says_what_each_vote_needed_as_the_json_does():
    from congress_sim.views.transcript import vote_table

    senate = ROOT / "scenarios" / "senate-1964"
    for name, needed in (("senate-1964.yaml", 67), ("rule-1975.yaml", 60)):
        replay = cs.simulate(cs.load(senate / name))
        lines = vote_table(replay).splitlines()
        assert lines[0].split()[-2:] == ["needed", "result"]
        cloture = next(ln for ln in lines if ln.lstrip().startswith("Cloture"))
        assert cloture.split()[-2:] == [str(needed), "adopted"] == [str(replay.vote("cloture").needed), "adopted"]
    by_order = cs.simulate(cs.load(ROOT / "scenarios" / "estates-general" / "estates-general.yaml"))
    estates = vote_table(by_order)
    assert estates.splitlines()[1].split()[-2:] == ["-", "rejected"]  # by order: no count of heads carries it
    # the JSON says so too, not 0; an order voting alone needs its deputies' majority (the clergy's 130 of 285)
    assert [v["needed"] for v in by_order.summary()["votes"]] == [None, 85, 130, 12, 12]
    assert "(needed -: by order: two of the three orders, a voice for each" in estates


def test_a_motion_titled_as_a_heading_reads_inside_the_sentence():
    """"Vote on the Menshevik-Internationalists' proposal", not "Vote on The ...": the title is the
    scenario's heading, the transcript puts it in a sentence."""
    text = " ".join(transcript(cs.simulate(cs.load(HISTORICAL))).split())
    assert "Vote on the Menshevik-Internationalists' proposal for a special committee" in text
    assert "Vote on The " not in text


def test_the_vote_table_gives_no_tally_nor_count_needed_for_a_vote_not_taken():
    """The transcript says the zoning vote was not taken for want of a quorum of 5; a row of 0 for, 0
    against and 2 needed would read as a vote lost that needed 2."""
    from congress_sim.views.transcript import vote_table

    replay = cs.simulate(cs.load(ROOT / "examples" / "town-council.yaml"))
    assert "(3 present besides the chair, 5 needed)" in " ".join(transcript(replay).split())
    row = next(ln for ln in vote_table(replay).splitlines() if ln.lstrip().startswith("Zoning"))
    assert row.split()[-8:] == ["-", "-", "-", "-", "3", "-", "not", "taken"]  # not voting too: none voted
    assert "(-: not taken, no quorum: no votes were cast, none were needed)" in vote_table(replay)


def test_a_named_speaker_who_has_left_is_said_not_to_be_in_the_hall():
    """A motion whose mover has walked out is still put; the transcript says he was gone, where it
    dropped his name without a word (Martov's resolution, in a what-if where Martov left with the first
    walkout, read as if no one had moved it)."""
    replay = cs.simulate(cs.loads(TOWN + """\
persons:
  ann: {name: Ann Lee, faction: blues}
  bob: {name: Bob Roe, faction: greens}
sessions:
  - id: evening
    opens: 2024-05-01T19:00
    agenda:
      - {id: protest, kind: walkout, factions: [blues], share: 1, over: 0}
      - {id: budget, kind: debate, topic: the budget, duration: 30, speakers: [bob, ann], after: 5}
      - {id: budget_vote, kind: vote, motion: Ann's budget, content: {budget: -1}, speakers: [ann]}
"""))
    text = " ".join(transcript(replay).split())
    assert "Debate on the budget (Bob Roe; Ann Lee not in the hall)" in text
    assert "Vote on Ann's budget (Ann Lee not in the hall): REJECTED" in text


def test_the_ensemble_counts_those_at_the_assembly_under_that_name_beside_a_vote_short_of_them():
    """At Martov's proposal the ensemble counted 649 under "Delegates present", where `run` and the
    vote's own count have 648 present: Lenin, at the congress, is not in the hall for the first
    session's votes. The count is the census's, at the assembly, and the table says so."""
    e = cs.ensemble(cs.load(HISTORICAL), runs=20, seed=1, jobs=1)
    summary = e.summary()
    text = render(summary, scenario=cs.load(HISTORICAL))
    assert "\nDelegates present " not in text and "\nDelegates at the assembly " in text
    row = next(ln for ln in text.splitlines() if ln.startswith("  Martov's proposal for a peaceful") and "[7 Nov]" in ln)
    assert row.split()[-2:] == ["649", "649-649"]
    assert next(v for v in summary["votes"] if v["id"] == "martov_proposal")["present"]["median"] == 648
    assert ("(at the assembly, as the census counts; a vote's count of those present leaves out any who do not "
            "attend the session, and a chair who votes only to break a tie)") in " ".join(text.split())
    senate = cs.load(ROOT / "scenarios" / "senate-1964" / "senate-1964.yaml")  # no one absent: no note
    assert "a vote's count" not in render(cs.ensemble(senate, 20, 1, jobs=1).summary(), scenario=senate)


def test_a_walkout_no_one_joins_is_named_by_its_title_where_it_has_no_declaration():
    """The Constituent Assembly's what-if with the Declaration accepted has the Left SRs stay; its
    transcript read "No one walks out", alone, not saying which walkout of the scenario's did not come."""
    replay = cs.simulate(cs.loads(TOWN + """\
sessions:
  - id: evening
    opens: 2024-05-01T19:00
    agenda:
      - {id: leave, kind: walkout, title: The Blues' declaration, over: 0}
"""))
    assert "No one walks out (the Blues' declaration)" in transcript(replay)


def test_seats_a_faction_took_without_nominees_named_are_said():
    """With the Left SRs in the government, its list named eleven Bolsheviks and no Left SR: the
    four Left SR seats went unsaid, as if the eleven were the whole Council."""
    text = " ".join(transcript(cs.simulate(cs.load(ROOT / "scenarios" / "whatif" / "left-sr-coalition.yaml"))).split())
    assert "Council of People's Commissars formed: 13 seats: Bolsheviks 9, Left SRs 4;" in text
    assert "L. D. Trotsky; 4 seats of the Left SRs not named" in text
    assert "not named" not in " ".join(transcript(cs.simulate(cs.load(HISTORICAL))).split())
