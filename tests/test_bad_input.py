"""Bad scenarios: each gets `file:line: key: what is wrong`, exit code 2, and no traceback."""

import pytest
from click.testing import CliRunner

from congress_sim import ScenarioError, loads
from congress_sim.cli import cli

GOOD = """\
title: Committee
factions:
  ayes: {label: Ayes, delegates: 5}
  noes: {label: Noes, delegates: 3}
sessions:
  - id: s1
    opens: 2024-01-01T10:00
    agenda:
      - {id: talk, kind: debate, topic: the plan, duration: 10}
      - {id: vote1, kind: vote, motion: The plan, at: 2024-01-01T10:30, stances: {ayes: for, noes: against}}
"""


def edit(old: str, new: str) -> str:
    assert old in GOOD
    return GOOD.replace(old, new)


CASES = [
    # YAML syntax: an unclosed flow mapping
    (edit("{label: Ayes, delegates: 5}", "{label: Ayes, delegates: 5"),
     r"^<t>:4:\d+: YAML syntax: "),
    # a tab used for indentation
    (edit("  ayes:", "\tayes:"), r"^<t>:3:1: YAML syntax: a tab cannot indent YAML; use spaces$"),
    # a misspelt key at the top and deep down
    (edit("title:", "titel:"), r"^<t>:1:1: titel: unknown key \(did you mean 'title'\?\)$"),
    (edit("topic: the plan", "topik: the plan"), r"^<t>:9:\d+: talk\.topik: unknown key"),
    # a wrong type
    (edit("delegates: 5", "delegates: five"), r"^<t>:3:\d+: factions\.ayes\.delegates: must be a whole number \(got 'five'\)$"),
    # true where a number is asked: said as the file wrote it
    (edit("delegates: 5", "delegates: true"), r"^<t>:3:\d+: factions\.ayes\.delegates: must be a whole number \(got true\)$"),
    # a negative count
    (edit("delegates: 3", "delegates: -3"), r"^<t>:4:\d+: factions\.noes\.delegates: must be at least 0 \(got -3\)$"),
    # a missing key
    (edit("title: Committee\n", ""), r"^<t>:1:1: title: missing: this key is required$"),
    # a faction that does not exist
    (edit("stances: {ayes: for, noes: against}", "stances: {ayes: for, maybes: for}"),
     r"^<t>:10:\d+: vote1\.stances\.maybes: no faction 'maybes' \(did you mean 'ayes'\? known: ayes, noes\)$"),
    # an item a trigger waits for that does not exist
    (GOOD + "triggers:\n  - {id: t, when: {item: nothing}, then: {id: x, kind: walkout, factions: [noes]}}\n",
     r"^<t>:12:\d+: t\.when\.item: no agenda item or reaction 'nothing' to wait for$"),
    # an item that follows a misspelt one, and an amendment of one: the nearest id is named
    (edit("duration: 10}", "duration: 10, after: {item: vote}}"),
     r"^<t>:9:\d+: talk\.after\.item: no agenda item or reaction 'vote' for 'talk' to follow \(did you mean 'vote1'\?\)$"),
    (edit("stances: {ayes: for, noes: against}}", "stances: {ayes: for, noes: against}}\n"
          "      - {id: amend, kind: vote, type: amendment, on: vote2, motion: Amend, content: {}}"),
     r"^<t>:11:\d+: amend\.on: no motion or ruling 'vote2' for 'amend' to be about \(did you mean 'vote1'\?\)$"),
    # a key written one level too high is told where it goes
    (edit("stances: {ayes: for, noes: against}}", "stances: {ayes: for, noes: against}, majority: two_thirds}"),
     r"^<t>:10:\d+: vote1\.majority: unknown key here \(did you mean `rules: \{majority: \.\.\.\}`\?\)$"),
    (edit("factions:", "quorum: {count: 5}\nfactions:"),
     r"^<t>:2:1: quorum: unknown key here \(did you mean `rules: \{quorum: \.\.\.\}`\?\)$"),
    # a quorum written as a bare number: which mapping it stands for
    (edit("factions:", "rules: {quorum: 5}\nfactions:"),
     r"^<t>:2:\d+: rules\.quorum: must be a mapping: \{count: 5\} for 5 delegates present, or a share such as "
     r"\{share: 1/2, of: members\} \(got 5\)$"),
    (edit("factions:", "rules: {quorum: 1/2}\nfactions:"),
     r"^<t>:2:\d+: rules\.quorum: must be a mapping: \{share: 1/2, of: members\} for that share of the members"),
    (edit("factions:", "rules: {quorum: none}\nfactions:"),
     r"^<t>:2:\d+: rules\.quorum: must be a mapping; for no quorum at all \(not even a preset's\), write `quorum: null`$"),
    # a share written as a percentage, the membership as a bare number
    (edit("ayes: {label: Ayes, delegates: 5}", "ayes: {label: Ayes, delegates: 5, caucus: true, discipline: 90%}"),
     r"^<t>:3:\d+: factions\.ayes\.discipline: must be a number \(got '90%'; write 0\.9\)$"),
    # a quorum's or a threshold's share as a percentage: the fraction, where it is a plain one
    (edit("sessions:", "rules: {quorum: {share: 50%}, majority: {share: 66%}}\nsessions:"),
     r"^<t>:5:\d+: rules\.quorum\.share: must be a fraction such as 1/2, 3/5 or 2/3, or a number \(got '50%'; write 1/2\)$"),
    (edit("factions:", "members: 8\nfactions:"), r"^<t>:2:\d+: members: must be a mapping: \{seats: 8\} \(got 8\)$"),
    # an election given its body's seats
    (edit("factions:", "bodies: {board: {label: Board, seats: 3}}\nfactions:").replace(
        "duration: 10}", "duration: 10}\n      - {id: elect, kind: election, body: board, seats: 3}"),
     r"^<t>:11:\d+: elect\.seats: unknown key for an election: `seats` is the body's; give it under bodies\.board$"),
    (edit("factions:", "bodies: {board: {label: Board, seats: 3}}\nfactions:").replace(
        "duration: 10}", "duration: 10}\n      - {id: elect, kind: election, body: board, method: dhondt}"),
     r"^<t>:11:\d+: elect\.method: 'dhondt' shares the body's seats among the factions: give it under bodies\.board "),
    # a caucus without its discipline: its line would be no one's
    (edit("ayes: {label: Ayes, delegates: 5}", "ayes: {label: Ayes, delegates: 5, caucus: true}"),
     r"^<t>:3:\d+: factions\.ayes\.caucus: a caucus's members follow its line with the faction's `discipline`, "
     r"which is not given \(0: none would follow it\); give it, e\.g\. discipline: 0\.9$"),
    # a key written under another name, where the one it stands for is missing: one line, naming it
    (edit("ayes: {label: Ayes,", "ayes: {name: Ayes,"), r"^<t>:3:\d+: factions\.ayes\.name: unknown key \(did you mean 'label'\?\)$"),
    (edit("topic: the plan", "subject: the plan"), r"^<t>:9:\d+: talk\.subject: unknown key \(did you mean 'topic'\?\)$"),
    # a key that another kind of item takes
    (edit("topic: the plan, duration: 10}", "topic: the plan, duration: 10, content: {x: 1}}"),
     r"^<t>:9:\d+: talk\.content: unknown key for a debate \(a key of a vote or a ruling\)$"),
    # a duplicate id
    (edit("id: vote1", "id: talk"), r"^<t>:10:\d+: sessions\[0\]\.agenda\[1\]\.id: duplicate id 'talk'"),
    # a time before the session opens
    (edit("duration: 10}", "duration: 10, at: 2024-01-01T09:00}"),
     r"^<t>:9:\d+: talk\.at: 'talk' is pinned to 2024-01-01T09:00, before session 's1' opens \(2024-01-01T10:00\)$"),
    # a time in another form: the example is the date and time it holds, as a scenario writes them, or
    # an example on the day the scenario is at, never on another assembly's
    (edit("at: 2024-01-01T10:30", "at: 01/02/2024 6pm"),
     r"^<t>:10:\d+: vote1\.at: '01/02/2024 6pm' is not a date and time like 2024-01-01T18:00$"),
    (edit("at: 2024-01-01T10:30", "at: 13/01/2024 10:30"),
     r"^<t>:10:\d+: vote1\.at: '13/01/2024 10:30' is not a date and time like 2024-01-13T10:30$"),
    (edit("at: 2024-01-01T10:30", "at: '1 January 2024, 10.30 a.m.'"),
     r"^<t>:10:\d+: vote1\.at: '1 January 2024, 10.30 a.m.' is not a date and time like 2024-01-01T10:30$"),
    (edit("at: 2024-01-01T10:30", "at: 'Jan 1, 2024 at noon'"),
     r"^<t>:10:\d+: vote1\.at: 'Jan 1, 2024 at noon' is not a date and time like 2024-01-01T12:00$"),
    # the day first, with dashes: not read as a year 13 (it was offered as 13-01-20T10:30)
    (edit("at: 2024-01-01T10:30", "at: 13-01-2024T10:30"),
     r"^<t>:10:\d+: vote1\.at: '13-01-2024T10:30' is not a date and time like 2024-01-13T10:30$"),
    # items pinned out of order
    (edit("duration: 10}", "duration: 10, at: 2024-01-01T10:40}"),
     r"^<t>:10:\d+: vote1\.at: 'vote1' is pinned to 2024-01-01T10:30, before 'talk' \(2024-01-01T10:40\), which comes earlier in the agenda$"),
    # propensities that do not sum to 1
    (edit("stances: {ayes: for,", "stances: {ayes: {for: 0.5, against: 0.4},"),
     r"^<t>:10:\d+: vote1\.stances\.ayes: propensities for \+ against \+ abstain must sum to 1, not 0\.9$"),
    # a duplicate key
    (edit("title: Committee", "title: Committee\ntitle: Again"), r"^<t>:2:1: title: duplicate key \(first given on line 1\)$"),
    # a date that does not exist
    (edit("opens: 2024-01-01T10:00", "opens: 2023-02-29T10:00"), r"^<t>:7:\d+: s1\.opens: .*has no day 29"),
    # an unknown kind of item
    (edit("kind: debate", "kind: debat"), r"^<t>:9:\d+: talk\.kind: unknown kind 'debat' \(one of: debate, report, "),
    # a misspelt kind is named, and a missing one says what it could be (an id is no misspelt kind)
    (edit("kind: debate", "iknd: debate"), r"^<t>:9:\d+: talk\.iknd: unknown key \(did you mean `kind`\? one of: debate,"),
    (edit("kind: debate, ", ""), r"^<t>:9:\d+: talk: missing: `kind` \(one of: debate, report, .*, close\)$"),
    # a file that is a list, and an empty file
    ("- a\n- b\n", r"^<t>:1:1: must be a mapping of keys, not a list$"),
    ("", r"^<t>:1: is empty"),
    # a source no one defined, where a rule or the behaviour cites it
    (edit("factions:", "rules: {quorum: {share: 1/2, source: minutes}}\nfactions:"),
     r"^<t>:2:\d+: rules\.quorum\.source: no source 'minutes'"),
    (edit("factions:", "behaviour: {noise: 0.5, source: minutes}\nfactions:"),
     r"^<t>:2:\d+: behaviour\.source: no source 'minutes'"),
    # a control character, placed where it is
    (edit("title: Committee", "title: Comm\x1bittee"),
     r"^<t>:1:12: YAML: control characters are not allowed \(character #x001b\); remove it$"),
    # a tag that would construct an object
    (edit("title: Committee", "title: !!python/object/apply:os.system [ls]"), r"^<t>:1:8: title: the tag .* is not allowed"),
]


@pytest.mark.parametrize(("text", "pattern"), CASES)
def test_bad_input_names_file_line_and_key(text, pattern):
    with pytest.raises(ScenarioError) as info:
        loads(text, "<t>")
    first = str(info.value.problems[0])
    assert __import__("re").match(pattern, first), first


def test_every_problem_gets_its_own_line():
    text = edit("delegates: 5", "delegates: -5").replace("delegates: 3", "delegates: x")
    with pytest.raises(ScenarioError) as info:
        loads(text, "<t>")
    assert [p.line for p in info.value.problems] == [3, 4]


def test_the_cli_exits_2_with_one_line_per_problem(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(edit("title:", "titel:"))
    result = CliRunner().invoke(cli, ["run", str(bad)])
    assert result.exit_code == 2
    assert result.output == f"error: {bad}:1:1: titel: unknown key (did you mean 'title'?)\n"


def test_debug_shows_the_traceback(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("- a\n")
    result = CliRunner().invoke(cli, ["--debug", "run", str(bad)])
    assert isinstance(result.exception, ScenarioError)


def test_the_good_base_is_good():
    assert loads(GOOD).title == "Committee"


def test_a_record_file_run_as_a_scenario_says_what_it_is():
    from .conftest import ROOT

    record = ROOT / "scenarios" / "historical.record.yaml"
    for command in ("run", "plot", "check"):
        result = CliRunner().invoke(cli, [command, str(record)])
        assert result.exit_code == 2
        assert result.output == (f"error: {record}: is a record file, not a scenario; use `congress-sim check SCENARIO` "
                                 "with the scenario that names it under `record:`\n")


@pytest.mark.parametrize("args", [
    ["plot", "scenarios/historical.yaml", "--dpi", "nan"],
    ["plot", "scenarios/historical.yaml", "--width", "nan"],
    ["sensitivity", "scenarios/historical-uncertain.yaml", "--outcome", "margin:government<nan", "--samples", "2"],
])
def test_nan_is_no_number(args, tmp_path, monkeypatch):
    from .conftest import ROOT

    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(cli, [*args, *(["-o", str(tmp_path / "x.png")] if args[0] == "plot" else [])])
    assert result.exit_code == 2, result.output
    assert "not a number" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "x.png").exists()


def test_a_record_check_with_a_misspelt_kind_names_the_kinds_of_check(tmp_path):
    from congress_sim.language.load import validate
    from congress_sim.language.source import parse
    from congress_sim.record.facts import Record

    text = "title: r\nfacts:\n  - id: x\n    statement: s\n    check: {knd: vote, vote: peace}\n" \
           "    attestations: [{source: gse, value: {result: adopted}}]\n"
    with pytest.raises(ScenarioError) as info:
        validate(parse(text, "r.yaml"), Record)
    assert [str(p) for p in info.value.problems] == [
        "r.yaml:5:13: x.check.knd: unknown key (did you mean `kind`? one of: census, time, vote, phrase, "
        "faction_vote, seats, body, presence, order, occurrence, speakers, opens_with, walkout, delegations, "
        "history, positions, ballots, roll, decision)"]


def test_a_misspelt_key_named_like_its_kind_is_said_once():
    # a vote check's key `vote` shares its name with its kind: misspelt, it is one unknown key, not also
    # a nameless missing one
    from congress_sim.language.load import validate
    from congress_sim.language.source import parse
    from congress_sim.record.facts import Record

    text = "title: r\nfacts:\n  - id: x\n    statement: s\n    check: {kind: vote, ovte: peace}\n" \
           "    attestations: [{source: gse, value: {result: adopted}}]\n"
    with pytest.raises(ScenarioError) as info:
        validate(parse(text, "r.yaml"), Record)
    assert [str(p) for p in info.value.problems] == ["r.yaml:5:25: x.check.ovte: unknown key (did you mean 'vote'?)"]


def test_a_line_break_in_a_name_or_key_keeps_the_problem_on_one_line(tmp_path):
    bad = tmp_path / "a.yaml"
    bad.write_text('"fac\\ntions": 1\n' + GOOD)
    result = CliRunner().invoke(cli, ["validate", str(bad)])
    assert result.exit_code == 2
    assert [line for line in result.output.splitlines() if "fac" in line] == \
        [f"error: {bad}:1:1: fac\\ntions: unknown key (did you mean 'factions'?)"]
    missing = CliRunner().invoke(cli, ["run", "a\nb.yaml"])
    assert missing.output == "error: a\\nb.yaml: no such file\n"


def test_a_file_of_another_kind_says_what_it_is_in_one_line(tmp_path):
    from .conftest import ROOT

    for name in ("historical.yaml", "historical.parameters.yaml", "historical.record.yaml"):
        (tmp_path / name).write_text((ROOT / "scenarios" / name).read_text())
    params = CliRunner().invoke(cli, ["run", str(tmp_path / "historical.parameters.yaml")])
    assert params.exit_code == 2 and len(params.output.splitlines()) == 1
    assert "is a parameters file (as `congress-sim calibrate --write` writes it), not a scenario" in params.output
    for named, what in (("historical.parameters.yaml", "a parameters file"), ("historical.yaml", "a scenario")):
        scenario = tmp_path / "h.yaml"
        scenario.write_text((tmp_path / "historical.yaml").read_text().replace(
            "record: historical.record.yaml", f"record: {named}"))
        out = CliRunner().invoke(cli, ["check", str(scenario)])
        assert out.exit_code == 2 and len(out.output.splitlines()) == 1, out.output
        assert f"is {what}, not a record; a record lists `facts:`" in out.output


@pytest.mark.parametrize(("files", "named", "meant"), [
    # the files renamed to NAME.yaml and NAME.record.yaml, `record:` left as it was
    (("town.yaml", "town.record.yaml"), "town-council.record.yaml", "town.record.yaml"),
    # a slip of the pen, in a folder of its own
    (("t.yaml", "records/committee.record.yaml"), "records/comittee.record.yaml", "records/committee.record.yaml"),
], ids=["renamed", "misspelt"])
def test_a_missing_record_offers_the_record_beside_it_that_was_meant(tmp_path, files, named, meant):
    scenario, record = (tmp_path / f for f in files)
    record.parent.mkdir(exist_ok=True)
    record.write_text("title: r\nfacts: []\n")
    scenario.write_text(edit("title: Committee\n", f"title: Committee\nrecord: {named}\n"))
    result = CliRunner().invoke(cli, ["check", str(scenario)])
    assert result.exit_code == 2
    assert result.output == f"error: {scenario}:2:1: record: no record file {named!r} (did you mean {meant!r}?)\n"


def test_a_missing_record_unlike_any_beside_it_offers_none(tmp_path):
    (tmp_path / "other.record.yaml").write_text("title: r\nfacts: []\n")
    scenario = tmp_path / "town.yaml"
    scenario.write_text(edit("title: Committee\n", "title: Committee\nrecord: minutes.record.yaml\n"))
    result = CliRunner().invoke(cli, ["check", str(scenario)])
    assert result.exit_code == 2
    assert result.output == f"error: {scenario}:2:1: record: no record file 'minutes.record.yaml'\n"
