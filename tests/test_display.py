"""What a notebook shows of the objects a user gets back: a short repr naming what it is and its
key figures, and for those with a natural table an HTML table, its text escaped."""

import re

import pytest

import congress_sim as cs
from congress_sim import events as ev
from congress_sim.views import labels

from .conftest import HISTORICAL, ROOT

SHORT = 300  # characters: one or two lines of a notebook's output


@pytest.fixture(scope="module")
def report(replay):
    return cs.check(replay)


@pytest.fixture(scope="module")
def comparison(replay):
    return cs.compare(replay, cs.simulate(cs.load(HISTORICAL, ["protest.probability=0"])))


@pytest.fixture(scope="module")
def ensemble(historical):
    return cs.ensemble(historical, runs=200, seed=1, jobs=1)


def test_a_report_says_its_source_and_counts(report):
    text = repr(report)
    assert len(text) < SHORT
    assert text == f"<Report against gse: {report.summary_line()}>"
    assert re.search(r"\d+ passed, \d+ failed, \d+ skipped; predicted: \d+ of \d+ pass", text)


def test_each_outcome_of_a_check_shows_in_a_line(report):
    # not the fact with every source's quote: its id, its role, and why it failed
    closing = next(o for o in report.outcomes if o.fact.id == "closing_census")
    assert repr(closing) == ("<Outcome closing_census against gse, predicted: fails (total 626, not 625; "
                             "Menshevik-Internationalists 1, not 0)>")
    assert all(len(repr(o)) < SHORT for o in report.outcomes)


def test_a_comparison_says_what_differs(comparison):
    text = repr(comparison)
    assert len(text) < SHORT
    assert "--set protest.probability=0" in text
    assert re.search(r"what differs: votes \d+ of 16, bodies \d+ of 3, times \d+ of \d+, facts \d+ of 41 \(gse\)", text)  # of the 54 facts, those gse gives


def test_a_comparison_of_two_runs_of_one_title_tells_them_apart(replay, monkeypatch):
    # a what-if that keeps its base's title, made in a notebook: the files, and no "seed None"
    monkeypatch.chdir(ROOT)
    other = cs.compare(replay, cs.simulate(cs.loads({"extends": "scenarios/historical.yaml", "remove": ["protest"]})))
    assert ("(historical.yaml, deterministic) with (a what-if of historical.yaml, deterministic); what differs: "
            "votes 15 of 16") in repr(other)
    assert str(other).splitlines()[1] == ("B: Second All-Russian Congress of Soviets of Workers' and Soldiers' "
                                          "Deputies (a what-if of historical.yaml)")  # not "(<dict>)"
    assert "B: <b>Second All-Russian Congress of Soviets" in other._repr_html_()
    assert "(a what-if of historical.yaml, deterministic)" in other._repr_html_()


def test_an_ensemble_says_its_runs_seed_and_outcomes(ensemble):
    text = repr(ensemble)
    assert len(text) < SHORT
    assert text.startswith("<Ensemble of 200 replays of 'Second All-Russian Congress")
    assert "seed 1: 16 votes, 3 elections, 54 facts of gse>" in text


def test_a_scenario_and_a_record_are_summed_up(historical):
    text = repr(historical)
    assert len(text) < SHORT
    assert text.startswith("<Scenario 'Second All-Russian Congress") and "(historical.yaml)" in text
    assert "7 factions, 649 delegates at the opening, 2 sessions" in text
    record = cs.load_record(ROOT / "scenarios" / "historical.record.yaml")
    text = repr(record)
    assert len(text) < SHORT
    assert re.fullmatch(r"<Record 'The record of the Second All-Russian Congress of Soviets': 54 facts from \d+ "
                        r"sources \(.*gse.*\)>", text)
    assert record.model_copy() == record and "facts" in dict(record.__repr_args__())  # pydantic's own, kept
    assert str(historical) == repr(historical) and str(record) == repr(record)  # print() shows the same line


def test_the_other_objects_were_short_already(replay):
    assert len(repr(replay)) < SHORT
    assert len(repr(replay.census("opening"))) < 2 * SHORT
    assert len(repr(cs.Problem("a.yaml", 1, "factions", "missing"))) < SHORT


def test_every_event_of_the_log_shows_in_a_few_lines(replay):
    # who came or left is counted, not listed delegate by delegate (390 numbers at the opening)
    arrived = next(e for e in replay.events if e.kind == "arrived")
    assert repr(arrived) == "Arrived(day 1 22:40, faction='bolsheviks', count=390, item=None)"
    assert max(len(repr(e)) for e in replay.events) < 3 * SHORT


def test_a_vote_of_the_log_shows_its_result_and_totals_in_a_line(replay):
    # the motion, each faction's tally, the caucuses' lines and the roll stay fields, out of the repr
    vote = next(e for e in replay.events if e.kind == "vote_taken")
    assert repr(vote) == ("VoteTaken(day 1 23:35, item='martov_proposal', result='adopted', "
                          "204 for, 9 against, 435 abstaining, of 648 present)")
    assert vote.tally["left_sr"] == (96, 0, 0, 0) and vote.motion.startswith("Martov's proposal")
    lacking = ev.VoteTaken(time=0.0, item="bill", motion="A bill", result="not taken", present=3, majority="", quorum=5)
    assert repr(lacking) == "VoteTaken(day 1 00:00, item='bill', result='not taken', no quorum: 3 present, 5 needed)"


def test_an_event_says_when_as_a_reader_counts_the_days_not_in_minutes(replay):
    # an event does not know the scenario's calendar; the replay's clock gives the date
    appeal = replay.vote("appeal")
    assert repr(appeal).startswith("VoteTaken(day 2 05:00, ") and replay.clock.label(appeal.time).startswith("26 Oct 05:00")
    assert [ev.moment(t) for t in (-30, 1440 * 3 + 61.5)] == ["day 0 23:30", "day 4 01:01:30"]
    assert repr(ev.RecessBegan(time=2000.0, item="r")) == "RecessBegan(day 2 09:20, item='r')"


def test_events_are_equal_field_by_field_and_only_to_events_of_their_own_class():
    a, b = ev.RecessBegan(time=1.0, item="r"), ev.RecessBegan(time=1.0, item="r")
    assert a == b and hash(a) == hash(b) and a is not b
    assert a != ev.RecessBegan(time=1.0, item="s") and a != ev.RecessBegan(time=2.0, item="r")
    assert a != ev.RecessEnded(time=1.0, item="r") and a != (1.0, "r") and a.__eq__(object()) is NotImplemented
    nan = float("nan")  # the same value, as a tuple of the fields compares it
    assert ev.RecessBegan(time=nan, item="r") == ev.RecessBegan(time=nan, item="r")
    assert ev.Arrived(1.0, "f", 2, delegates=(1, 2)) != ev.Arrived(1.0, "f", 2, delegates=(1, 3))
    assert len({a, b, ev.Event(time=1.0)}) == 2
    with pytest.raises(TypeError):  # a dict among the fields cannot be hashed
        hash(ev.Moved(time=1.0, item="m", changes={}))


def test_a_census_says_when_in_the_scenarios_calendar_and_is_asked_for_so(replay):
    night = replay.census("1917-10-26T01:00")  # as the scenario's file writes a time
    assert night == replay.census(replay.clock.minutes("1917-10-26T01:00")) and night.by_faction["mensheviks"] == 0
    assert repr(night).startswith("<Census at 26 Oct 01:00 [8 Nov]: 508 at the assembly (bolsheviks 390, left_sr 96, ")
    # not "present": Lenin is at the congress but not in the hall, so its votes count one fewer
    walkout, after = replay.census("walkout"), replay.vote("martov_resolution")
    assert (walkout.total, after.present) == (512, 511) and " 512 at the assembly (" in repr(walkout)
    assert all(len(repr(c)) < SHORT for c in replay.attendance())


def test_sessions_recesses_and_attested_counts_say_when_in_the_scenarios_calendar(replay):
    first, second = replay.sessions()
    assert repr(first) == "<Session 'first': 25 Oct 22:40 [7 Nov] to 26 Oct 05:15 [8 Nov]>"
    assert (second.began, second.ended) == ("26 Oct 21:00 [8 Nov]", "27 Oct 05:15 [9 Nov]")
    ident, opened, closed = first  # the minutes, as a caller that needs the numbers has them
    assert (ident, opened, closed) == (first.id, first.start, first.end) == ("first", 1360.0, 1755.0)
    recess = replay.recesses()[0]
    assert repr(recess) == "<Recess 'recess': 26 Oct 02:40 [8 Nov] to 26 Oct 03:10 [8 Nov]>" and recess[1] == recess.start
    last = cs.attested_counts(replay)[-1]
    assert (last.when, last.total) == ("27 Oct 05:15 [9 Nov]", 625) and last.time == replay.sessions()[-1].end
    assert repr(last) == "<Attested at 27 Oct 05:15 [9 Nov]: 625 present, by gse, savelev>"


def test_a_census_just_after_an_item_or_at_a_session_counts_as_check_does(replay, report):
    # the record's census facts just after an item (martov_resolution, government): what `check` measured
    after = [o for o in report.outcomes if o.fact.check.kind == "census" and o.fact.check.at in replay.plan.items]
    assert len(after) == 2
    for o in after:
        c = replay.census(o.fact.check.at)
        assert o.replayed == {k: c.total if k == "total" else {**c.by_faction, **c.by_party}[k] for k in o.replayed}
    # just after the walkout: once its last delegate has gone (00:15), not as it began (23:45)
    walkout = replay.census("walkout")
    assert (walkout.when, walkout.total, walkout.by_party["mensheviks"]) == ("26 Oct 00:15 [8 Nov]", 512, 0)
    assert replay.census("martov_walkout").by_faction["menshevik_internationalists"] == 1
    assert replay.census("government").total == 626
    # at a session: the hall as it opened, the night's arrivals in
    assert (replay.census("second").when, replay.census("second").total) == ("26 Oct 21:00 [8 Nov]", 626)
    assert replay.census("first") == replay.census("opening")
    assert replay.positions("soviet_power", "walkout") == replay.positions("soviet_power", *replay.moment("walkout"))


def test_a_census_just_after_an_item_that_did_not_happen_says_why():
    replay = cs.simulate(cs.load(ROOT / "scenarios" / "constituent-assembly" / "constituent-assembly.yaml"))
    with pytest.raises(cs.CongressSimError, match=r"^'declaration' did not happen in this replay \(not taken: only if "):
        replay.census("declaration")


def test_print_shows_what_the_command_line_prints(replay, report, comparison, ensemble):
    # a short repr ends a cell; print() gives the whole text, as `run`, `check`, `compare` and `ensemble` print it
    from click.testing import CliRunner

    from congress_sim.cli import cli

    def printed(*args):
        return CliRunner().invoke(cli, [*args]).output

    assert printed("run", str(HISTORICAL)).startswith(str(replay) + "\n\nChecked against gse: ")
    said = str(report).replace("(report.outcomes lists them)", "(--json lists them)")  # as Python names it
    assert "(report.outcomes lists them)" in str(report) and printed("check", str(HISTORICAL)) == said + "\n"
    assert printed("compare", str(HISTORICAL), str(HISTORICAL), "--set", "protest.probability=0") == str(comparison) + "\n"
    head, rest = printed("ensemble", str(HISTORICAL), "--runs", "200", "--seed", "1", "--jobs", "1").split("\n", 1)
    mine, my_rest = str(ensemble).replace('(ensemble.summary()["facts"] lists them)', "(--json lists them)").split("\n", 1)
    assert head.startswith(mine + ", ") and rest == my_rest + "\n"  # the title says how long it took
    assert str(cs.check(replay).__class__("gse", [])) == "Against gse: 0 passed, 0 failed"  # made by hand: no replay


def test_the_timeline_is_what_run_prints(replay):
    from click.testing import CliRunner

    from congress_sim.cli import cli

    printed = CliRunner().invoke(cli, ["run", str(HISTORICAL)]).output
    assert replay.transcript() in printed
    when, what = next(line for line in replay.timeline() if line[1].startswith("Walkout of the Right SRs"))
    assert when == replay.walkouts()[0]["when"] == "25 Oct 23:45 [7 Nov]" and "137 delegates" in what
    # who walked out, faction by faction: as the census before and after counts them
    assert replay.walkouts()[0]["left"] == {"right_sr": 64, "mensheviks": 72, "menshevik_internationalists": 1}


@pytest.mark.parametrize(("ask", "message"), [
    (lambda r: r.vote("lnd"), r"^no vote 'lnd' in this replay; the votes are martov_proposal, .*, land, "),
    (lambda r: r.positions("power"), r"^no issue 'power'; the scenario's issues are soviet_power, insurrection, "),
    (lambda r: r.census("midnight"), r"^no moment 'midnight': give 'opening', 'closing', a session's id \(first, "
                                     r"second\), an item's id \(just after it: opening_speech, .* and 30 more\), a time "
                                     r"in the scenario's calendar \('1917-10-25T22:40'\) or minutes"),
    (lambda r: r.census("goverment"), r"^no moment 'goverment' \(did you mean 'government'\?\): give 'opening'"),
])
def test_a_name_a_replay_does_not_hold_is_refused_with_what_it_holds(replay, ask, message):
    with pytest.raises(cs.CongressSimError, match=message) as info:
        ask(replay)
    assert isinstance(info.value, KeyError) and str(info.value) == info.value.args[0]  # a lookup; not shown in quotes


def test_a_replay_report_comparison_and_ensemble_show_as_tables(replay, report, comparison, ensemble):
    for thing, expect in [(replay, "Decree on Peace"), (report, "The congress opened on 25 October 1917"),
                          (comparison, "Appeal &quot;To Workers, Soldiers, and Peasants!&quot;"),
                          (ensemble, "P(adopted)")]:
        page = thing._repr_html_()
        assert isinstance(page, str) and page.count("<table") >= 1 and page.count("<table") == page.count("</table>")
        assert expect in page, type(thing).__name__


def test_a_comparison_in_a_notebook_shows_the_shares_of_those_present_at_each_moment(replay, comparison):
    page = cs.compare(replay, comparison.b, at=("second", "1917-10-26T01:00"))._repr_html_()
    assert ("<tr><td>delegates at the assembly after the walkout (137 left -&gt; did not happen)</td><td>total</td><td>512</td><td>-</td></tr>"
            in page)
    assert ("<tr><td>share of the delegates at the assembly at the opening of \u201cSecond session\u201d</td><td>Bolsheviks</td>"
            "<td>62.3% (390)</td><td>51.2% (390)</td></tr>") in page
    assert "<tr><td>share of the delegates at the assembly at 26 Oct 01:00 [8 Nov]</td><td>Mensheviks</td><td>0.0% (0)</td>" in page
    assert "share of the delegates at the assembly at the opening</td>" not in page  # the same in both: not listed


def test_an_ensemble_in_a_notebook_shows_the_outcomes_asked_first(historical, ensemble):
    asked = cs.ensemble(historical, runs=200, seed=1, jobs=1, outcomes=["present:1917-10-26T01:00", "government=adopted"])
    page = asked._repr_html_()
    rows = {o["outcome"]: o for o in asked.summary()["outcomes"]}
    night = rows["present:1917-10-26T01:00"]
    assert (f"<tr><td>delegates at the assembly at 26 Oct 01:00 [8 Nov]</td><td>present:1917-10-26T01:00</td>"
            f"<td class=\"n\">{night['mean']:.1f} [{night['p5']:g}-{night['p95']:g}]</td></tr>") in page
    assert "</td><td>government=adopted</td><td class=\"n\">1.000</td></tr>" in page
    assert page.index("Outcome asked") < page.index("P(adopted)")
    assert "Outcome asked" not in ensemble._repr_html_()  # none asked: no table


def test_a_replay_in_a_notebook_shows_its_bodies_too(replay):
    page = replay._repr_html_()
    assert page.startswith("<p><b>Second All-Russian Congress of Soviets of Workers&#x27; and Soldiers&#x27; Deputies</b>, "
                           "deterministic: ")
    assert "<td>All-Russian Central Executive Committee</td><td class=\"n\">101</td><td>Bolsheviks 63, Left SRs 29" in page


def test_the_tables_escape_the_scenarios_text(scenarios):
    path = scenarios / "historical.yaml"
    text = path.read_text().replace("title: Second All-Russian", "title: <script>x</script> Second All-Russian", 1)
    assert "<script>" in text
    path.write_text(text)
    record = scenarios / "historical.record.yaml"
    text = record.read_text().replace("statement: The congress opened", "statement: <script>x</script> The congress opened", 1)
    assert "<script>" in text
    record.write_text(text)
    scenario = cs.load(path)
    replay = cs.simulate(scenario)
    pages = [replay._repr_html_(), cs.check(replay)._repr_html_(), cs.compare(replay, replay)._repr_html_(),
             cs.ensemble(scenario, runs=20, seed=1, jobs=1)._repr_html_()]
    for page in pages:
        assert "<script>" not in page and "&lt;script&gt;" in page


def test_a_report_made_by_hand_still_shows(report):
    mine = cs.Report(report.source, report.outcomes, report.by_source)
    assert mine == report
    assert repr(mine) == repr(report)
    assert mine._repr_html_().startswith("<p>Against <b>gse</b>")


def test_a_check_in_a_notebook_shows_what_check_prints(report):
    # each fact's role, how a failing one differs, the tolerance, times as the transcript writes them,
    # bounds in words; and what the roles and levels mean
    page = report._repr_html_()
    rows = {re.sub(r"<[^>]+>", "", cells[2]): [re.sub(r"<[^>]+>", "", c) for c in cells]
            for row in re.findall(r"<tr>(.*?)</tr>", page, re.S)
            for cells in [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)] if len(cells) == 6}
    opened = rows["The congress opened on 25 October 1917 at 22:40."]
    assert opened[1] == "input" and opened[3:5] == ["25 Oct 22:40 [7 Nov]", "25 Oct 22:40 [7 Nov]"]
    remnant = rows["Some Menshevik-Internationalists remained for the second session."]
    assert remnant[3] == "Menshevik-Internationalists at least 1" and "{" not in page
    tally = rows["The appeal was adopted with 2 against and 12 abstentions."]
    assert tally[0] == "fail" and tally[1] == "predicted" and tally[4].endswith("(abstain 0, not 12)")
    assert tally[5] == "within 10"
    assert "Role: what a pass is worth" in page and "direction only, for a phrase" in page
    text = str(report)  # and `check` alike
    assert "Internationalists at" in text and "{'at_least'" not in text and "1917-10-25T22:40" not in text


def test_a_comparison_in_a_notebook_lists_the_times_that_differ(replay, comparison):
    # as `compare` prints them: the count in the heading is the rows below it
    page = comparison._repr_html_()
    assert comparison.times["walkout"] == ("1917-10-25T23:45", None)
    assert "<tr><td>time</td><td>Walkout</td><td>25 Oct 23:45 [7 Nov]</td><td>did not happen</td></tr>" in page
    differ = sum(1 for x, y in comparison.times.values() if x != y)
    assert f"times {differ} of" in page and page.count("<tr><td>time</td>") == differ


def test_an_ensemble_in_a_notebook_shows_the_seats_and_why_a_fact_is_skipped(historical, ensemble):
    # as `ensemble` prints them: each body's seats by group, named, and the make-up most often elected
    page, text = ensemble._repr_html_(), str(ensemble)
    cec = next(el for el in ensemble.summary()["elections"] if el["id"] == "cec")
    top = cec["compositions"][0]
    assert f"<p>Seats of the All-Russian Central Executive Committee: most often ({top['p']:.1%}): Bolsheviks" in page
    assert f"most often ({top['p']:.1%}): Bolsheviks" in text
    bolsheviks = cec["seats"]["bolsheviks"]
    assert f"<tr><td>Bolsheviks</td><td class=\"n\">{bolsheviks['mean']:.2f} [" in page
    assert page.count("<p>Seats of the ") == len(ensemble.summary()["elections"]) == 3
    assert "skipped (not given by gse)" in page


def test_a_motion_that_begins_with_an_article_reads_as_part_of_the_sentence(monkeypatch):
    monkeypatch.chdir(ROOT)
    motion = "A government of all the socialist parties"
    replay = cs.simulate(cs.loads({"extends": "scenarios/historical.yaml", "insert": [
        {"before": "government", "item": {"id": "all_socialist", "kind": "vote", "motion": motion,
                                          "content": {"socialist_coalition": 1}}}]}))
    assert "Vote on a government of all the socialist parties: " in " ".join(replay.transcript().split())
    assert "It inserts a government of all the socialist parties." in labels.whatif(replay)
    assert "  A government of all" in str(replay)  # the votes table keeps the capital
