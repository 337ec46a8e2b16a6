"""What-ifs: extension, changes by id, --set, and consequences that follow from behaviour."""

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import congress_sim as cs
from congress_sim import events as ev
from congress_sim.cli import cli
from congress_sim.views.transcript import transcript

from .conftest import HISTORICAL, ROOT

WHATIF = ROOT / "scenarios" / "whatif"


def replay(path, *sets):
    return cs.simulate(cs.load(path, sets))


@pytest.fixture(scope="module")
def base():
    return replay(HISTORICAL)


@pytest.mark.parametrize("path", sorted(WHATIF.glob("*.yaml")), ids=lambda p: p.name)
def test_every_whatif_runs_and_says_only_what_differs(path):
    body = [ln for ln in path.read_text().splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    assert len(body) <= 22
    r = replay(path)
    assert r.census("opening").total > 0
    assert r.scenario.title.startswith(("What if", "Whose count"))


def test_no_walkout_keeps_the_moderates_in_the_hall_voting_their_positions(base):
    r = replay(WHATIF / "no-walkout.yaml")
    appeal = r.vote("appeal")
    assert appeal.tally["mensheviks"][1] == 72 and appeal.tally["right_sr"][1] == 64  # against the seizure
    assert appeal.result == "adopted"
    peace = r.vote("peace")
    assert peace.tally["mensheviks"][1] == 72  # defencists: an immediate peace is not theirs
    assert r.census("closing").by_faction["mensheviks"] == 72
    # the protest never began: Trotsky's resolution against those who left is not put, so Martov's group,
    # which left once it had passed, has nothing to leave over, and leaves when its committee is voted down
    assert "trotsky_resolution" not in [v.item for v in r.votes()]
    because = next(e.because for e in r.of(ev.Skipped) if e.item == "trotsky_resolution")
    assert str(because) == "only if at least 1 left in the walkout; none had left"
    assert "Not taken: Trotsky's resolution against the parties that left the congress (only if at least 1 left in the walkout; " \
        "none had left)" in " ".join(transcript(r).split())
    assert [(w["id"], w["delegates"]) for w in r.walkouts()] == [("remnant_walkout", 5)]


def test_sr_unsplit_leaves_no_left_sr_seats():
    r = replay(WHATIF / "sr-unsplit.yaml")
    cec = {e.body: e.seats for e in r.elections()}["cec"]
    assert "left_sr" not in cec and sum(cec.values()) == 101


def test_sr_unsplit_names_one_sr_faction_and_no_left_sr_decides():
    # the SRs do not split: no "Right SRs" walk out, and no Left SRs, who are not there, decide on seats
    r = replay(WHATIF / "sr-unsplit.yaml")
    text = " ".join(CliRunner().invoke(cli, ["run", str(WHATIF / "sr-unsplit.yaml")]).output.split())
    assert "Walkout of the SRs, Mensheviks and Menshevik-Internationalists, 233" in text
    assert "Right SR" not in text and "Decision of the Left SRs" not in text
    assert "Socialist Revolutionaries (SRs): 160 at the opening" in text  # the party is the one faction
    assert not [e for e in r.of(ev.Skipped) if e.item.startswith("left_sr")]


def test_left_sr_coalition_shares_the_government():
    seats = {e.body: e.seats for e in replay(WHATIF / "left-sr-coalition.yaml").elections()}
    assert seats["sovnarkom"] == {"bolsheviks": 9, "left_sr": 4}


def test_martov_talks_turn_the_bolsheviks_against_the_proposal(base):
    r = replay(WHATIF / "martov-talks.yaml")
    assert base.vote("martov_proposal").result == "adopted"
    assert r.vote("martov_proposal").result == "rejected"  # a government of all: more than the Bolsheviks' centre wants


def test_martov_talks_is_named_for_what_the_proposal_asks_not_for_talks_the_replay_never_opens():
    # the what-if sets what the proposal asks; in the replay it falls, so a title (or the docs' table)
    # saying the talks open and agree would contradict the transcript under it
    r = replay(WHATIF / "martov-talks.yaml")
    assert r.vote("martov_proposal").result == "rejected"
    row = next(ln for ln in (ROOT / "docs" / "whatif.md").read_text().splitlines() if "`martov-talks.yaml`" in ln)
    for said in (r.scenario.title, row):
        assert "asks for" in said and not re.search(r"\bopens\b|\bagrees?\b", said), said


def test_opened_oct_20_is_before_the_uprising_with_those_who_had_come(base):
    r = replay(WHATIF / "opened-oct-20.yaml")
    assert r.clock.iso(r.census("opening").time) == "1917-10-20T22:40"
    assert r.census("opening").total == 175 and r.census("opening").by_faction["bolsheviks"] == 102
    assert "walkout" not in [w["id"] for w in r.walkouts()]  # no cannonade, no protest
    # by 22 October only those 175 had come (the History of the Civil War): the rest come after the
    # congress, five days earlier, has closed; with no walkout, no resolution against those who left is
    # put, and Martov's group, which left over it, stays
    on_22nd = r.census("1917-10-22T23:59")
    assert on_22nd.by_faction["bolsheviks"] == 102 and on_22nd.total == 175
    assert r.vote("government").present == 175 and "trotsky_resolution" not in [v.item for v in r.votes()]


@pytest.mark.parametrize("item", ["kerensky", "counter_revolution"])
def test_postponed_still_votes_on_kerensky_against_leaving_him_free_to_march(base, item):
    # after the Winter Palace has fallen, arresting Kerensky restates nothing: what it is weighed against
    # is Kerensky left free to bring troops against the congress (he did, from 27 October; Reed)
    r = replay(WHATIF / "postponed.yaml")
    for_, against, _ = r.vote(item).totals()
    assert r.vote(item).result == "adopted" and for_ > against > 0  # the moderates, in the hall here, against
    assert "restates where things stood" not in " ".join(transcript(r).split())
    assert base.vote(item).result == "adopted"


def test_opened_oct_20_says_it_still_votes_the_resolutions_of_the_25th():
    # the what-if moves the date, not the order of the day: Martov's resolution "condemning the seizure of
    # power" and the appeal deposing the Provisional Government are still voted, five days early
    path = WHATIF / "opened-oct-20.yaml"
    r = replay(path)
    assert {"martov_resolution", "appeal"} <= {v.item for v in r.votes()}
    assert "agenda of the 25th" in r.scenario.title
    assert "five days early" in " ".join(ln.lstrip("# ") for ln in path.read_text().splitlines() if ln.startswith("#"))


def test_whose_count_the_bolsheviks_lack_a_majority_until_the_walkout():
    for name, total in (("credentials-670.yaml", 670), ("reconstruction-739.yaml", 739)):
        r = replay(WHATIF / name)
        opening = r.census("opening")
        assert opening.total == total
        assert 2 * opening.by_faction["bolsheviks"] < opening.total  # no majority of their own
        after = r.census(r.vote("martov_resolution").time)
        assert 2 * after.by_faction["bolsheviks"] > after.total  # the walkout gave them one


def test_vikzhels_quorum_stops_the_first_session_after_the_walkout():
    r = replay(WHATIF / "vikzhel-quorum.yaml")
    assert r.vote("appeal").result == "not taken" and r.vote("appeal").quorum == 600
    assert r.vote("government").result == "adopted"  # the newcomers restore the quorum


def test_set_on_the_command_line_equals_set_in_a_file(scenarios):
    (scenarios / "w.yaml").write_text("extends: historical.yaml\nset:\n  rules.majority: unanimity\n")
    a = replay(scenarios / "w.yaml")
    b = replay(HISTORICAL, "rules.majority=unanimity")
    assert a.events == b.events
    assert a.vote("trotsky_resolution").result == "rejected"  # some voted against


def test_set_on_the_command_line_names_a_rules_preset_as_a_whatif_does():
    senate = ROOT / "scenarios" / "senate-1964"
    # the preset is taken after --set, as after a what-if's set: it was left unread and the rule of 1959 stood
    assert replay(senate / "senate-1964.yaml", "rules.preset=senate-rule-xxii-1975").events == \
        replay(senate / "rule-1975.yaml").events
    # a quorum given replaces the preset's whole, where it was merged into it and refused at the preset
    assert replay(senate / "senate-1964.yaml", "rules.quorum.count=60").scenario.rules.quorum.count == 60
    result = CliRunner().invoke(cli, ["run", str(senate / "senate-1964.yaml"), "--set", "rules.preset=rule-xxii"])
    assert result.exit_code == 2 and result.output.startswith("error: --set: rules.preset: no rules preset 'rule-xxii'")


@pytest.mark.parametrize(
    ("setting", "check"),
    [
        ("protest.probability=0", lambda r: r.census("closing").by_faction["mensheviks"] == 72),
        ("appeal.stances.left_sr=against", lambda r: r.vote("appeal").tally["left_sr"] == (0, 96, 0, 0)),
        ("factions.bolsheviks.delegates=100", lambda r: r.census("opening").by_faction["bolsheviks"] == 100),
        ("sessions.first.agenda.appeal.at=1917-10-26T04:30", lambda r: r.clock.iso(r.vote("appeal").time).endswith("04:30")),
        ("bodies.cec.method=dhondt", lambda r: r.elections()[-1].seats["bolsheviks"] >
         replay(HISTORICAL).elections()[-1].seats["bolsheviks"]),  # d'Hondt favours the largest
        # a key as an error names it, with the place in its list in brackets
        ("arrivals[0].count=10", lambda r: r.scenario.arrivals[0].count == 10),
        ("sessions[0].agenda[0].duration=25", lambda r: r.scenario.sessions[0].agenda[0].duration == 25),
    ],
)
def test_set_addresses_keys_and_items_by_id(setting, check):
    assert check(replay(HISTORICAL, setting))


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_a_chain_of_extensions(scenarios):
    write(scenarios, "a.yaml", "extends: whatif/no-walkout.yaml\ntitle: A\nrules: {majority: two_thirds}\n")
    write(scenarios, "b.yaml", "extends: a.yaml\ntitle: B\nremove: [martov_leaves, remnant_leaves]\n")
    r = replay(scenarios / "b.yaml")
    assert r.scenario.title == "B" and r.scenario.rules.majority == "two_thirds"
    assert r.walkouts() == []  # no walkout: one removed in no-walkout, Martov's group's two here


def test_a_rule_given_in_a_whatif_replaces_the_bases_whole(scenarios):
    # the base's quorum is a share and its tolerance a triangular draw: keys of the one rule merged into
    # the other would give both a share and a count, both a triangular and a uniform draw
    write(scenarios, "w.yaml", "extends: historical-uncertain.yaml\nrules:\n  quorum: {count: 300}\n"
          "uncertain:\n  behaviour.tolerance: {uniform: [0.1, 0.5]}\nfactions:\n  left_sr: {tolerance: 0.5}\n")
    s = cs.load(scenarios / "w.yaml")
    assert (s.rules.quorum.count, s.rules.quorum.share, s.rules.quorum.of) == (300, None, "registered")
    assert (s.uncertain["behaviour.tolerance"].form, s.uncertain["behaviour.tolerance"].assumption) == ("uniform", None)
    assert s.factions["left_sr"].delegates == 96  # a faction is no one rule: merged key by key


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"a.yaml": "extends: b.yaml\n", "b.yaml": "extends: a.yaml\n"}, r"b.yaml:1:1: extends: extends itself in a cycle: a.yaml -> b.yaml -> a.yaml"),
        ({"a.yaml": "extends: missing.yaml\n"}, r"a.yaml:1:1: extends: no base scenario 'missing.yaml'"),
        ({"a.yaml": "extends: https://example.org/x.yaml\n"}, r"a.yaml:1:1: extends: only local files can be extended"),
        ({"a.yaml": "extends: historical.yaml\nremove: [nothing_here]\n"}, r"a.yaml:2:\d+: remove: no item, arrival, trigger or session 'nothing_here'"),
        ({"a.yaml": "extends: historical.yaml\ninsert:\n  - {after: nowhere, item: {id: x, kind: close}}\n"}, r"a.yaml:3:\d+: insert.after: no item 'nowhere'"),
        ({"a.yaml": "extends: historical.yaml\nset:\n  appeal.stances.left_sr: sometimes\n"}, r"a.yaml:3:\d+: appeal.stances.left_sr: must be for, against, abstain"),
        ({"a.yaml": "extends: historical.yaml\nremove: [uprising_heard]\n"}, r"a.yaml:2:\d+: remove: trigger 'protest' waits for 'uprising_heard': remove it too"),
        ({"a.yaml": "title: t\nremove: [x]\n"}, r"a.yaml:2:1: remove: only a what-if"),
        ({"a.yaml": "extends: historical.yaml\nbodies:\n  sovnarkom:\n    nominees: {bolsheviks: [lenin, [nobody]]}\n"},
         r"a.yaml:4:\d+: bodies.sovnarkom.nominees.bolsheviks\[1\]\[0\]: no person 'nobody'"),
        # a session, a trigger and an arrival are named by their ids, as `set` names them, not by their place
        ({"a.yaml": "extends: historical.yaml\nset:\n  sessions.first.opens: 26 Oct 1917 22:40\n"},
         r"/a.yaml:3:\d+: first.opens: '26 Oct 1917 22:40' is not a date and time like 1917-10-26T22:40$"),
        ({"a.yaml": "extends: historical.yaml\nset:\n  protest.delay: '1:30'\n"},
         r"/a.yaml:3:\d+: protest.delay: must be a number of minutes \(got '1:30'; write 90\)$"),
        ({"a.yaml": "extends: historical.yaml\nset:\n  left_sr_arrive.count: many\n"},
         r"/a.yaml:3:\d+: left_sr_arrive.count: must be a whole number \(got 'many'\)$"),
        ({"a.yaml": "extends: historical.yaml\nset:\n  left_sr_arrive.at: 1917-10-26T06:00\n"},
         r"/a.yaml:3:\d+: left_sr_arrive.at: give either `at` or `between`, not both or neither "
         r"\(left_sr_arrive is given at \S*historical.yaml:\d+\)$"),
        # a problem a what-if's `set` makes with a value of its base is said at the `set`, even where
        # another what-if extends it, with where the base has the other value
        ({"a.yaml": "extends: b.yaml\ntitle: A\n", "b.yaml": "extends: historical.yaml\nset:\n  first.opens: 1917-10-26T10:00\n"},
         r"(?m)^\S*/b.yaml:3:\d+: first.opens: 'recess' is pinned to 1917-10-26T02:40, before session 'first' opens "
         r"\(1917-10-26T10:00\) \(recess.at is given at \S*historical.yaml:\d+\)$"),
    ],
)
def test_bad_whatifs_say_file_line_and_key(scenarios, files, message):
    for name, text in files.items():
        write(scenarios, name, text)
    with pytest.raises(cs.ScenarioError) as info:
        cs.load(scenarios / "a.yaml")
    import re

    assert re.search(message, str(info.value)), str(info.value)


def test_a_problem_a_set_makes_with_the_scenario_is_said_at_the_set():
    import re

    line = next(n for n, text in enumerate(HISTORICAL.read_text().splitlines(), 1) if "id: recess," in text)
    result = CliRunner().invoke(cli, ["run", str(HISTORICAL), "--set", "first.opens=1917-10-26T10:00"])
    assert result.exit_code == 2
    assert result.output.splitlines()[0] == (
        "error: --set: first.opens: 'recess' is pinned to 1917-10-26T02:40, before session 'first' opens "
        f"(1917-10-26T10:00) (recess.at is given at {HISTORICAL}:{line})")
    # a value set inside a mapping that the mapping as a whole then refuses
    result = CliRunner().invoke(cli, ["run", str(HISTORICAL), "--set", "factions.left_sr.caucus=false"])
    assert result.exit_code == 2
    assert re.fullmatch(r"error: --set: factions\.left_sr\.caucus: `discipline` is how far members follow a "
                        r"caucus's line: set `caucus: true` too \(factions\.left_sr is given at \S+:\d+\)\n",
                        result.output), result.output


def test_a_whatifs_independent_problems_are_said_together_and_none_follows_from_another(scenarios):
    write(scenarios, "a.yaml", "extends: historical.yaml\nremove: [protset]\ninsert:\n"
          "  - {after: nowhere, item: {id: extra, kind: debate, topic: more}}\nset:\n  extra.duration: 5\n"
          "  factions.bolsheviks.delegates: 300\n  bolsheviks.delegates: 300\n")
    with pytest.raises(cs.ScenarioError) as info:
        cs.load(scenarios / "a.yaml")
    # the item whose insert failed is not said again as a set of nothing
    assert [(p.line, p.key, p.message) for p in info.value.problems] == [
        (2, "remove", "no item, arrival, trigger or session 'protset' to remove (did you mean 'protest'?)"),
        (4, "insert.after", "no item 'nowhere' to insert after"),
        (8, "bolsheviks.delegates", "no item, arrival, trigger or session 'bolsheviks', nor a key of a scenario "
                                    "(did you mean 'factions.bolsheviks.delegates'?)"),
    ]


def test_an_id_to_remove_not_there_is_found_by_its_title_or_a_few_ids_are_named(scenarios):
    def problem(ident):
        write(scenarios, "a.yaml", f"extends: historical.yaml\nremove: [{ident}]\n")
        with pytest.raises(cs.ScenarioError) as info:
            cs.load(scenarios / "a.yaml")
        return info.value.problems[0].message

    # no id is near 'cannonade': the announcement titled 'Cannonade heard' is
    assert problem("cannonade").endswith("'cannonade' to remove (did you mean 'uprising_heard', 'Cannonade heard'?)")
    assert problem("tea_break").endswith("'tea_break' to remove; the ids here include 'first', 'second', "
                                         "'left_sr_arrive' and 47 more")


def test_an_error_in_a_whatif_points_into_the_whatif(scenarios):
    path = write(scenarios, "w.yaml", "extends: historical.yaml\nfactions:\n  bolsheviks: {delegates: -1}\n")
    with pytest.raises(cs.ScenarioError) as info:
        cs.load(path)
    problem = info.value.problems[0]
    assert (Path(problem.file).name, problem.line, problem.key) == ("w.yaml", 3, "factions.bolsheviks.delegates")


def test_insert_an_item(scenarios):
    path = write(scenarios, "w.yaml", """extends: historical.yaml
insert:
  - before: appeal
    item: {id: bolsheviks_leave, kind: walkout, factions: [bolsheviks], share: 0.5}
""")
    r = replay(path)
    assert sum(r.vote("appeal").tally["bolsheviks"][:3]) == 194  # 195 left, Lenin absent


def test_compare_on_the_command_line():
    result = CliRunner().invoke(cli, ["compare", str(HISTORICAL), str(WHATIF / "no-walkout.yaml")])
    assert result.exit_code == 0
    assert '  Appeal "To Workers, Soldiers,' in result.output and "of 643" in result.output  # the moderates vote on it
    assert "passes -> fails     The Mensheviks and Right SRs who walked out were the whole of both factions." in result.output


def test_compare_names_the_overrides_of_each_side():
    setting = "factions.left_sr.positions.insurrection=-0.5"
    result = CliRunner().invoke(cli, ["compare", str(HISTORICAL), str(HISTORICAL), "--set", setting])
    a, b = result.output.splitlines()[:2]
    assert "--set" not in a and b.endswith(f", --set {setting})")
    data = json.loads(CliRunner().invoke(cli, ["compare", str(HISTORICAL), str(HISTORICAL), "--set", setting,
                                               "--json"]).output)
    assert data["a"]["sets"] == [] and data["b"]["sets"] == [setting]


def test_compare_json():
    result = CliRunner().invoke(cli, ["compare", str(HISTORICAL), str(WHATIF / "sr-unsplit.yaml"), "--json"])
    data = json.loads(result.output)
    cec = next(row for row in data["elections"] if row["id"] == "cec")
    assert cec["differs"] and "left_sr" in cec["a"] and "left_sr" not in cec["b"]
    assert {"census", "votes", "elections", "times", "facts"} <= set(data)


def test_compare_says_when_a_whatif_moves_the_bar_and_not_the_tally():
    senate = ROOT / "scenarios" / "senate-1964"
    result = CliRunner().invoke(cli, ["compare", str(senate / "senate-1964.yaml"), str(senate / "rule-1975.yaml")])
    votes = result.output.split("Votes")[1].split("Bodies")[0]
    assert ": 1 the same" in votes.splitlines()[0]  # passage; cloture differs, by its rule alone
    assert "adopted 71-29-0 of 100, 67" in votes and "-> adopted 71-29-0 of 100, 60" in votes
    assert votes.count("needed") == 2  # cloture's, each side; passage under the same rule is not listed
    data = json.loads(CliRunner().invoke(cli, ["compare", str(senate / "senate-1964.yaml"),
                                               str(senate / "rule-1975.yaml"), "--json"]).output)
    cloture = next(v for v in data["votes"] if v["id"] == "cloture")
    assert cloture["differs"] and (cloture["a"]["needed"], cloture["b"]["needed"]) == (67, 60)
    # nyt gives 6 of the record's 10 facts: the 4 it does not give are not counted among those the same
    assert "Facts of the record (nyt): 5 the same, 4 not given by nyt" in result.output


def test_compare_of_two_assemblies_compares_no_facts_where_their_records_share_no_source():
    # the Senate of 2021's record has no nyt, the primary source of 1964's: it was an error naming neither record
    result = CliRunner().invoke(cli, ["compare", str(ROOT / "scenarios" / "senate-1964" / "senate-1964.yaml"),
                                      str(ROOT / "scenarios" / "senate-2021" / "senate-2021.yaml")])
    assert result.exit_code == 0, result.output
    assert "Cloture on H.R. 7152" in result.output and "Facts of the record" not in result.output


def test_compare_says_the_quorum_a_vote_not_taken_lacked(base):
    from congress_sim.experiments.compare import render

    text = render(cs.compare(base, replay(WHATIF / "vikzhel-quorum.yaml")))
    assert "-> not taken, no quorum (511" in text and "present, 600 needed)" in text and "not taken 0-0-0" not in text


def test_compare_a_replay_with_itself_finds_nothing(base):
    c = cs.compare(base, base)
    assert not any(c.differs(p) for rows in (c.votes, c.elections, c.times, c.facts) for p in rows.values())


def test_compare_lists_a_session_that_closes_at_another_time(base):
    moved = cs.simulate(cs.load(HISTORICAL, ["close_first.at=1917-10-26T05:45"]))
    c = cs.compare(base, moved)
    assert {k: p for k, p in c.times.items() if c.differs(p)} == {"first:end": ("1917-10-26T05:15", "1917-10-26T05:45")}


@pytest.mark.parametrize(("name", "opening", "after"), [("credentials-670.yaml", "44.8% (300)", "51.6% (300)"),
                                                         ("reconstruction-739.yaml", "45.7% (338)", "58.2% (338)")])
def test_compare_shows_each_factions_share_before_and_after_the_walkout(name, opening, after):
    result = CliRunner().invoke(cli, ["compare", str(HISTORICAL), str(WHATIF / name)])
    shares = result.output.split("Shares of the delegates at the assembly")[1].split("\nVotes")[0].splitlines()
    bolsheviks = [ln for ln in shares if ln.strip().startswith("Bolsheviks")]
    assert opening in bolsheviks[0] and bolsheviks[0].endswith("more than half in A, not in B")
    assert after in bolsheviks[1] and bolsheviks[1].endswith("more than half in both")  # the walkout gave them one
    assert any(ln.startswith("  after the walkout (137 left -> ") for ln in shares)
    # counted at the assembly, as a census is: Lenin, who missed the first session, among the 649, not in the
    # hall that voted on Martov's proposal (648)
    assert shares[0] == " (each faction's, A -> B)" and "at the opening: 649 -> " in shares[1]


def test_two_walkouts_of_one_faction_are_told_apart_and_one_that_took_no_one_is_one_line():
    result = CliRunner().invoke(cli, ["compare", str(HISTORICAL), str(WHATIF / "sr-unsplit.yaml")])
    heads = [ln for ln in result.output.splitlines() if ln.startswith("  after the walkout")]
    assert heads[0].startswith("  after the walkout (137 left -> ")  # one of its kind: no time needed
    assert heads[1].startswith("  after the walkout of the Menshevik-Internationalists at 26 Oct 00:25 [8 Nov] (4 left")
    assert heads[2] == "  after the walkout of the Menshevik-Internationalists at 26 Oct 03:15 [8 Nov]: no one left in either"


def test_shares_are_taken_at_each_walkout_and_at_named_items(base):
    other = replay(WHATIF / "no-walkout.yaml")
    with pytest.raises(cs.CongressSimError, match="^at: no item 'no_such_item' in either scenario"):
        cs.compare(base, other, at=("government", "no_such_item"))
    c = cs.compare(base, other, at=("government",))
    by_id = {m.id: m for m in c.shares}
    assert list(by_id) == ["opening", "walkout", "martov_walkout", "remnant_walkout", "government"]
    walkout = by_id["walkout"]
    assert walkout.a is not None and walkout.b is None and walkout.left == (137, None)  # no protest in B
    assert walkout.a.total == 512 and walkout.a.by_faction["mensheviks"] == 0
    assert by_id["government"].b.by_faction["mensheviks"] == 72  # they stayed
    data = c.to_dict()["shares"]
    assert data[0]["a"]["present"] == 649 and data[0]["a"]["shares"]["bolsheviks"] == pytest.approx(390 / 649, abs=1e-4)


def test_shares_are_taken_as_a_session_opened_or_at_a_time_too(base):
    other = replay(WHATIF / "no-walkout.yaml")
    at = ("second", "1917-10-26T01:00", "1917-10-01T12:00")
    c = cs.compare(base, other, at=at)
    second, night, early = c.shares[-3:]
    assert [(m.id, m.kind) for m in (second, night, early)] == list(zip(at, ("session", "time", "time"), strict=True))
    for r, side in ((base, "a"), (other, "b")):
        for m in (second, night):
            assert getattr(m, side).by_faction == r.census(m.id).by_faction and getattr(m, side).total == r.census(m.id).total
    # at 01:00 all 649 are in the hall without the walkout (Martov's group leaves only at 03:15)
    assert (night.a.total, night.b.total) == (508, 649) and early.a is None and early.b is None
    printed = CliRunner().invoke(cli, ["compare", str(HISTORICAL), str(WHATIF / "no-walkout.yaml"), *(
        x for m in at for x in ("--at", m))]).output
    assert "  at the opening of \u201cSecond session\u201d: 626 -> 762 at the assembly" in printed
    assert "  at 26 Oct 01:00 [8 Nov]: 508 -> 649 at the assembly" in printed
    assert "  at 1 Oct 12:00 [14 Oct]: before either replay begins" in printed
    bad = CliRunner().invoke(cli, ["compare", str(HISTORICAL), str(HISTORICAL), "--at", "1917-10-26T25:00"])
    assert bad.exit_code == 2 and bad.output == "error: --at: '1917-10-26T25:00' has no time 25:00\n"


def test_shares_at_a_named_walkout_or_vote_are_counted_as_check_counts_them():
    # A's Blues leave one by one from 19:35 to 19:45; B's all at 19:30, just after the budget vote
    from congress_sim.record.check import moment

    from .test_timeline import TOWN

    a = cs.simulate(cs.loads(TOWN.replace("share: 0.5, after: 5}", "share: 0.5, after: 5, over: 10}")))
    b = cs.simulate(cs.loads(TOWN.replace("share: 0.5, after: 5}", "share: 0.5, after: 0}")))
    c = cs.compare(a, b, at=("protest", "budget_vote"))
    walkout, protest, vote = c.shares[1:]
    assert protest.a == walkout.a and protest.b == walkout.b  # once the last of them has gone
    assert (protest.a.time, protest.a.total) == ("2024-05-01T19:43", 9)
    assert (vote.a.total, vote.b.total) == (12, 12)  # B's Blues walked out after the vote
    for r, side in ((a, "a"), (b, "b")):
        for m in (protest, vote):
            assert getattr(m, side).by_faction == r.census(*moment(r, m.id)).by_faction


@pytest.mark.parametrize(("name", "source"), [("credentials-670.yaml", "pravda"), ("reconstruction-739.yaml", "de_wikipedia")])
def test_each_count_variant_passes_its_own_source(name, source):
    report = cs.check(replay(WHATIF / name), source=source)
    assert report.source == source and report.ok  # the opening census and the SR split, as that source gives them


def report_words(r):
    """The opening of a scenario's report as a reader sees it, up to its first section."""
    import re

    from congress_sim.publish.report import render

    top = render(r).split("<nav>")[0].split("</h1>")[1]
    return [re.sub(r"<[^>]+>", "", p) for p in re.findall(r"<p[^>]*>.*?</p>", top, re.S)]


def test_a_whatif_says_what_it_changes_and_not_its_bases_description_as_its_own():
    r = replay(WHATIF / "no-walkout.yaml")
    w = r.scenario._whatif
    assert (w.base, w.own_description, [i for i, _ in w.removed]) == ("../historical.yaml", False, ["protest"])
    text = report_words(r)
    assert text[1] == ("A what-if on \u201cSecond All-Russian Congress of Soviets of Workers&#x27; and Soldiers&#x27; "
                       "Deputies\u201d: What if: no walkout. It removes the walkout.")
    # the base's words, which tell of the walkout, only as the base's
    said = [p for p in text if "the walkout of the" in p]
    assert len(said) == 1 and said[0].startswith("The base scenario, as it describes itself: ")
    assert cs.load(HISTORICAL)._whatif is None


def test_a_whatif_names_its_sets_and_a_description_of_its_own_is_its_own(scenarios):
    write(scenarios, "a.yaml", "extends: historical.yaml\ntitle: 'What if: A'\nremove: [protest]\n")
    path = write(scenarios, "w.yaml", "extends: a.yaml\ntitle: 'What if: fewer'\ndescription: Fewer Bolsheviks.\n"
                                      "set: {factions.bolsheviks.delegates: 300}\n")
    text = report_words(replay(path, "rules.majority=two_thirds"))
    assert text[1] == ("A what-if on \u201cWhat if: A\u201d: What if: fewer. It sets Bolsheviks delegates: 300; "
                       "rules majority: two thirds.")
    assert text[2] == "Fewer Bolsheviks." and not any("the walkout of the" in p for p in text)
    text = report_words(replay(scenarios / "a.yaml", "description=Without the walkout."))
    assert text[1:] == ["A what-if on \u201cSecond All-Russian Congress of Soviets of Workers&#x27; and Soldiers&#x27; "
                        "Deputies\u201d: What if: A. It removes the walkout. It sets description: Without the walkout.",
                        "Without the walkout."]  # a --set gives it too


def test_a_whatif_that_sets_a_value_to_null_says_it_is_none(scenarios):
    path = write(scenarios, "w.yaml", "extends: historical.yaml\ntitle: 'What if: no role'\n"
                                      "set: {persons.lenin.role: null}\n")
    assert report_words(replay(path))[1].endswith("It sets V. I. Lenin role: none.")


def problems_of(scenarios: Path, text: str) -> tuple[Path, list[str]]:
    """A what-if beside the shipped scenarios that does not load, and the problems it is refused with."""
    path = scenarios / "odd.yaml"
    path.write_text(text)
    with pytest.raises(cs.ScenarioError) as info:
        cs.load(path)
    return path, [str(p) for p in info.value.problems]


@pytest.mark.parametrize(("base", "kind"), [("historical.record.yaml", "a record file"),
                                           ("historical.parameters.yaml", "a parameters file")])
def test_a_whatif_extending_a_file_of_another_kind_says_so_at_extends(scenarios, base, kind):
    path, said = problems_of(scenarios, f"extends: {base}\ntitle: odd\nremove: [protest]\n")
    assert said == [f"{path}:1:1: extends: the base '{base}' is {kind}, not a scenario to extend"]


@pytest.mark.parametrize(("text", "key"), [
    ("extneds: historical.yaml\ntitle: odd\nremove: [protest]\n", "extneds"),
    # with no other directive beside it, the file is not read as a whole scenario lacking its title,
    # factions and sessions
    ("extend: historical.yaml\n", "extend"),
])
def test_a_misspelt_extends_is_named(scenarios, text, key):
    path, said = problems_of(scenarios, text)
    assert said == [f"{path}:1:1: {key}: unknown key (did you mean 'extends'?)"]


@pytest.mark.parametrize(("extends", "meant"), [("historicl.yaml", "historical.yaml"),
                                                ("whatif/../historcal.yaml", "whatif/../historical.yaml")])
def test_a_misspelt_base_names_the_scenario_beside_it_that_was_meant(scenarios, extends, meant):
    path, [said] = problems_of(scenarios, f"extends: {extends}\ntitle: odd\n")
    assert said.startswith(f"{path}:1:1: extends: no base scenario {extends!r}")
    assert said.endswith(f" (did you mean {meant!r}?)")


@pytest.mark.parametrize(("key", "meant"), [("remve", "remove"), ("sett", "set"), ("sets", "set"),
                                            ("inserts", "insert"), ("reschedul", "reschedule")])
def test_a_misspelt_directive_is_named_not_taken_for_a_key_of_the_scenario(scenarios, key, meant):
    # `remve:` is not a misspelt `free:`, nor is `sett:` a key with no guess: the what-if's own keys are guessed too
    path = scenarios / "odd.yaml"
    path.write_text(f"extends: historical.yaml\ntitle: odd\n{key}: []\n")
    with pytest.raises(cs.ScenarioError) as info:
        cs.load(path)
    assert [str(p) for p in info.value.problems] == [f"{path}:3:1: {key}: unknown key (did you mean {meant!r}?)"]


def test_an_item_inserted_after_a_trigger_is_refused_at_its_place(scenarios):
    path = scenarios / "odd.yaml"
    path.write_text("extends: historical.yaml\ntitle: odd\ninsert: [{after: protest, item: {id: news, kind: announcement, "
                    "text: x}}]\n")
    with pytest.raises(cs.ScenarioError) as info:
        cs.load(path)
    assert [str(p) for p in info.value.problems] == [
        f"{path}:3:11: insert.after: 'protest' is a trigger (or its reaction), not an agenda item; insert after an "
        "item of the agenda"]


def test_a_whatif_adds_a_trigger_by_inserting_it_after_another_and_keeps_the_bases(scenarios):
    # as docs/whatif.md says: a `triggers:` list of the what-if's own would replace the base's
    path = write(scenarios, "w.yaml", "extends: historical.yaml\ntitle: 'What if: cheers'\ninsert:\n"
                 "  - after: protest\n    item: {id: cheers, when: {item: land}, then: {id: cheering, kind: announcement,"
                 " text: Cheers.}}\n")
    s = cs.load(path)
    assert [t.id for t in s.triggers][:2] == ["protest", "cheers"] and len(s.triggers) == len(cs.load(HISTORICAL).triggers) + 1
    assert "cheering" in {e.item for e in cs.simulate(s).of(ev.ItemBegan)}
    assert "before or after another trigger, which adds a reaction" in (ROOT / "docs" / "whatif.md").read_text()


def test_a_whatif_written_in_a_notebook_replays_as_its_file_does(monkeypatch):
    # as text or as a dict, with no file written: the base named from the current folder, its parameters
    # file read as for a file
    monkeypatch.chdir(ROOT)
    from_file = replay(WHATIF / "no-walkout.yaml").events
    assert cs.simulate(cs.loads("extends: scenarios/historical.yaml\nremove: [protest]\n")).events == from_file
    assert cs.simulate(cs.loads({"extends": "scenarios/historical.yaml", "remove": ["protest"]})).events == from_file
    # text given a file's name names its base from that file's folder
    named = cs.loads("extends: ../historical.yaml\nremove: [protest]\n", str(WHATIF / "mine.yaml"))
    assert cs.simulate(named).events == from_file


def test_a_whatif_as_a_dict_takes_numpy_numbers_and_is_refused_by_key(monkeypatch):
    import numpy as np

    monkeypatch.chdir(ROOT)
    base = {"extends": "scenarios/historical.yaml"}
    scenario = cs.loads({**base, "set": {"factions.left_sr.discipline": np.float64(0.5),
                                         "factions.left_sr.delegates": np.int64(100)}})
    assert (scenario.factions["left_sr"].discipline, scenario.factions["left_sr"].delegates) == (0.5, 100)
    with pytest.raises(cs.ScenarioError) as bad:  # the lines of YAML nobody wrote are not shown
        cs.loads({**base, "factions": {"mensheviks": {"discipline": 2}}})
    assert str(bad.value) == "<dict>: factions.mensheviks.discipline: must be at most 1.0 (got 2)"
    with pytest.raises(cs.ScenarioError, match=r"^<dict>: holds <object object at .*> \(of type object\)"):
        cs.loads({**base, "set": {"factions.left_sr.discipline": object()}})
    with pytest.raises(TypeError, match=r"not PosixPath; for a file, use load\(path\)"):
        cs.loads(HISTORICAL)


def test_a_notebook_elsewhere_is_told_how_to_extend_a_shipped_scenario(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # a lesson's folder, outside the project that holds the scenarios
    with pytest.raises(cs.ScenarioError, match=r"^<dict>: extends: '/.*' is an absolute path; .*; or give loads a "
                                               r"name in the base's folder \(name='\.\.\./scenarios/mine\.yaml'\)"):
        cs.loads({"extends": str(HISTORICAL), "remove": ["protest"]})
    named = cs.loads({"extends": "historical.yaml", "remove": ["protest"]}, name=str(HISTORICAL.parent / "mine.yaml"))
    assert cs.simulate(named).census("closing").total == 762


def test_a_whatif_that_changes_a_fitted_value_is_not_undone_by_its_bases_fit(scenarios):
    # the base's parameters file belongs to the base: a what-if's own `set` or value wins over it,
    # where the fit used to be laid on top of the what-if and undo it without a word
    fit = (scenarios / "historical.parameters.yaml").read_text()
    assert "behaviour.tolerance: 0.1276" in fit and "factions.right_sr.positions.soviet_power: -0.9439" in fit
    path = write(scenarios, "w.yaml", "extends: historical.yaml\ntitle: 'What if: they bear more'\n"
                                      "set: {behaviour.tolerance: 3}\n"
                                      "factions: {right_sr: {positions: {soviet_power: 0.4}}}\n")
    s = cs.load(path)
    assert s.behaviour.tolerance == 3 and s.factions["right_sr"].positions["soviet_power"].centre == 0.4
    assert s.factions["mensheviks"].positions["soviet_power"].centre == 0.2401  # what it does not change stays fitted
    assert s._fitted["file"].endswith("historical.parameters.yaml")
    assert not any(w["factions"] == ["right_sr", "mensheviks", "menshevik_internationalists"]
                   for w in cs.simulate(s).walkouts())  # the moderates bear the cannonade
    # a fit the what-if names itself is its own, laid over the base's and under --set
    write(scenarios, "mine.parameters.yaml", "fitted_to: []\nvalues: {behaviour.tolerance: 2}\n")
    mine = write(scenarios, "m.yaml", "extends: historical.yaml\ntitle: 'What if: mine'\n"
                                      "parameters: mine.parameters.yaml\n")
    assert cs.load(mine).behaviour.tolerance == 2
    assert cs.load(mine, ["behaviour.tolerance=1.5"]).behaviour.tolerance == 1.5
    assert cs.load(mine)._fitted["file"].endswith("mine.parameters.yaml")


def test_the_peasant_soviets_walkout_is_as_docs_whatif_says():
    # "The walkout takes 204 (65 more Right SRs, and 2 of the non-party peasants)"
    r = replay(WHATIF / "peasant-soviets.yaml")
    opening, after = r.census("opening").by_faction, r.census("walkout").by_faction
    gone = {f: n - after.get(f, 0) for f, n in opening.items() if n - after.get(f, 0)}
    assert sum(gone.values()) == 204 and gone["right_sr"] == 64 + 65 and gone["peasants_non_party"] == 2
    assert "204 (65 more Right SRs, and 2 of the\nnon-party peasants)" in (ROOT / "docs" / "whatif.md").read_text()


def test_vikzhels_quorum_is_as_docs_whatif_says():
    # "a quorum of two thirds of about 900 delegates elected (600) ... the 511 present cannot vote on
    # ... (none is taken) ... the newcomers of the 26th bring the hall to 630"
    s = cs.load(WHATIF / "vikzhel-quorum.yaml")
    r = cs.simulate(s)
    votes = r.votes()
    untaken = [v for v in votes if v.result == "not taken"]
    assert s.members.seats == 900 and {v.quorum for v in votes} == {600}
    assert [v.item for v in untaken] == ["martov_resolution", "trotsky_resolution", "peace_committee", "appeal"]
    assert {v.present for v in untaken} == {511}
    # quorate before the walkout (Martov's proposal) and in the second session, where everything passes
    assert all(v.present >= 600 and v.result == "adopted" for v in votes if v not in untaken)
    assert r.census("closing").total == 630
    assert next(e for e in r.elections() if e.body == "cec").seats["menshevik_internationalists"] == 1
    page = " ".join((ROOT / "docs" / "whatif.md").read_text().split())
    assert "With a quorum of two thirds of about 900 delegates elected (600)" in page
    assert "the 511 present after it cannot vote on Martov's resolution, Trotsky's resolution, the " \
           "Menshevik-Internationalists' proposal for a special committee or the appeal (none is taken)" in page
    assert "the newcomers of the 26th bring the hall to 630" in page


def test_a_missing_base_unlike_any_scenario_beside_it_offers_none(scenarios):
    # every name ends in .yaml: that alone makes no slip
    path = scenarios / "odd.yaml"
    path.write_text("extends: no-such-base.yaml\ntitle: odd\n")
    (scenarios / "not-a-date.yaml").write_text("title: x\n")
    with pytest.raises(cs.ScenarioError) as info:
        cs.load(path)
    [said] = [str(p) for p in info.value.problems]
    assert said.startswith(f"{path}:1:1: extends: no base scenario 'no-such-base.yaml'")
    assert "did you mean" not in said


def test_a_source_is_cited_in_full_or_with_a_short_name_and_a_whatif_may_give_either(scenarios):
    # a plain citation still loads; a source given no short name is labelled by its key
    write(scenarios, "w.yaml", "extends: historical.yaml\ntitle: W\nsources:\n"
          "  pravda: Credentials commission report\n  gse: {cite: Great Soviet Encyclopedia}\n"
          "  reed: {cite: 'J. Reed, Ten Days That Shook the World', short: Reed}\n")
    assert CliRunner().invoke(cli, ["validate", str(scenarios / "w.yaml")]).exit_code == 0
    s = cs.load(scenarios / "w.yaml")
    from congress_sim.language.scenario import citation, short_name
    assert [citation(s.sources, k) for k in ("pravda", "gse", "trotsky")] == [
        "Credentials commission report", "Great Soviet Encyclopedia",
        "L. Trotsky, The History of the Russian Revolution (1932), ch. 47"]
    assert [short_name(s.sources, k) for k in ("pravda", "gse", "trotsky", "reed")] == [
        "pravda", "gse", "Trotsky", "Reed"]
    names = {p.total: p.names for p in cs.attested_counts(cs.simulate(s))}
    assert names[670] == ("pravda",) and names[649] == ("gse", "Lenin's note")
    again = cs.loads(cs.dump(s))  # what the what-if comes to, written out and read back
    assert again.sources == s.sources


def test_a_check_reads_a_sources_citation_whichever_form_it_takes(scenarios):
    out = CliRunner().invoke(cli, ["check", str(scenarios / "historical.yaml"), "--json"])
    assert out.exit_code in (0, 1) and json.loads(out.output)  # 1: some fact the replay does not match
    out = CliRunner().invoke(cli, ["check", str(scenarios / "historical.yaml"), "--source", "trotsky"])
    assert out.exit_code in (0, 1) and "L. Trotsky, The History of the Russian Revolution" in out.output


def test_the_docs_say_what_a_whatif_that_removes_what_a_trigger_waits_for_does(scenarios):
    """Refused, naming the trigger and the line: never a silent drop of a reaction the base had."""
    row = next(x for x in (ROOT / "docs" / "whatif.md").read_text().splitlines() if x.startswith("| `remove: "))
    write(scenarios, "a.yaml", "extends: historical.yaml\nremove: [uprising_heard]\n")
    with pytest.raises(cs.ScenarioError) as info:
        cs.load(scenarios / "a.yaml")
    said = str(info.value).split("a.yaml:2:10: ", 1)[1]
    assert f"`{said}`" in row and "go with it" not in row
    import congress_sim.language.whatif as whatif

    assert "go with it" not in (whatif.__doc__ or "")
