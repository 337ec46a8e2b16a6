"""What-ifs: extension, changes by id, --set, and consequences that follow from behaviour."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import congress_sim as cs
from congress_sim.cli import cli

from .conftest import HISTORICAL, ROOT

WHATIF = ROOT / "scenarios" / "whatif"


def replay(path, *sets):
    return cs.simulate(cs.load(path, sets))


@pytest.fixture(scope="module")
def base():
    return replay(HISTORICAL)


@pytest.mark.parametrize("path", sorted(WHATIF.glob("*.yaml")), ids=lambda p: p.name)
def test_every_whatif_runs_and_is_short(path):
    assert len(path.read_text().splitlines()) <= 15
    r = replay(path)
    assert r.census("opening").total > 0
    assert r.scenario.title.startswith("What if")


def test_no_walkout_keeps_the_mensheviks_in_the_hall_against_the_appeal(base):
    r = replay(WHATIF / "no-walkout.yaml")
    appeal = r.vote("appeal")
    assert appeal.tally["mensheviks"] == (0, 72, 0)
    assert appeal.result == "adopted"  # still, by 492 to 138
    assert r.census("closing").by_faction["mensheviks"] == 72
    assert [w["id"] for w in r.walkouts()] == ["martov_walkout"]  # the protest never began


def test_sr_unsplit_leaves_no_left_sr_seats():
    r = replay(WHATIF / "sr-unsplit.yaml")
    cec = {e.body: e.seats for e in r.elections()}["cec"]
    assert "left_sr" not in cec and sum(cec.values()) == 101


def test_left_sr_coalition_shares_the_government():
    seats = {e.body: e.seats for e in replay(WHATIF / "left-sr-coalition.yaml").elections()}
    assert seats["sovnarkom"] == {"bolsheviks": 9, "left_sr": 4}


def test_martov_compromise_keeps_his_group_and_brings_a_coalition():
    r = replay(WHATIF / "martov-compromise.yaml")
    assert r.vote("martov_motion").result == "adopted"
    assert r.census("closing").by_faction["menshevik_internationalists"] == 6
    assert {e.body: e.seats for e in r.elections()}["sovnarkom"] == {"bolsheviks": 9, "left_sr": 4}
    assert any(e.kind == "skipped" and e.item == "left_sr_decline" for e in r.events)


def test_opened_oct_20_is_before_the_uprising_and_the_late_arrivals():
    r = replay(WHATIF / "opened-oct-20.yaml")
    assert r.clock.iso(r.census("opening").time) == "1917-10-20T22:40"
    assert [w["id"] for w in r.walkouts()] == ["martov_walkout"]  # no protest walkout
    closing = r.census("closing").by_faction
    assert closing["left_sr"] == 96 and closing["mensheviks"] == 72  # nobody arrived in time


def test_two_thirds_changes_no_result_here(base):
    r = replay(WHATIF / "two-thirds-rule.yaml")
    assert {v.majority for v in r.votes()} == {"two_thirds"}
    assert [v.result for v in r.votes()] == [v.result for v in base.votes()]


def test_set_on_the_command_line_equals_set_in_a_file(scenarios):
    (scenarios / "w.yaml").write_text("extends: historical.yaml\nset:\n  rules.majority: unanimity\n")
    a = replay(scenarios / "w.yaml")
    b = replay(HISTORICAL, "rules.majority=unanimity")
    assert a.events == b.events
    assert a.vote("appeal").result == "rejected"  # two voted against


@pytest.mark.parametrize(
    ("setting", "check"),
    [
        ("protest.probability=0", lambda r: r.census("closing").by_faction["mensheviks"] == 72),
        ("appeal.stances.left_sr=against", lambda r: r.vote("appeal").tally["left_sr"] == (0, 96, 0)),
        ("factions.bolsheviks.delegates=100", lambda r: r.census("opening").by_faction["bolsheviks"] == 100),
        ("sessions.first.agenda.appeal.at=1917-10-26T04:30", lambda r: r.clock.iso(r.vote("appeal").time).endswith("04:30")),
        ("bodies.cec.method=dhondt", lambda r: r.elections()[-1].seats["bolsheviks"] == 63),
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
    write(scenarios, "b.yaml", "extends: a.yaml\ntitle: B\nremove: [martov_leaves]\n")
    r = replay(scenarios / "b.yaml")
    assert r.scenario.title == "B" and r.scenario.rules.majority == "two_thirds"
    assert r.walkouts() == []  # neither walkout: one removed in no-walkout, the other here


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"a.yaml": "extends: b.yaml\n", "b.yaml": "extends: a.yaml\n"}, r"b.yaml:1:1: extends: extends itself in a cycle: a.yaml -> b.yaml -> a.yaml"),
        ({"a.yaml": "extends: missing.yaml\n"}, r"a.yaml:1:1: extends: no base scenario 'missing.yaml'"),
        ({"a.yaml": "extends: https://example.org/x.yaml\n"}, r"a.yaml:1:1: extends: only local files can be extended"),
        ({"a.yaml": "extends: historical.yaml\nremove: [nothing_here]\n"}, r"a.yaml:2:\d+: remove: no item, arrival, trigger or session 'nothing_here'"),
        ({"a.yaml": "extends: historical.yaml\ninsert:\n  - {after: nowhere, item: {id: x, kind: close}}\n"}, r"a.yaml:3:\d+: insert.after: no item 'nowhere'"),
        ({"a.yaml": "extends: historical.yaml\nset:\n  appeal.stances.left_sr: sometimes\n"}, r"a.yaml:3:\d+: sessions\[0\].agenda\[9\].stances.left_sr: must be for, against, abstain"),
        ({"a.yaml": "title: t\nremove: [x]\n"}, r"a.yaml:2:1: remove: only a what-if"),
    ],
)
def test_bad_whatifs_say_file_line_and_key(scenarios, files, message):
    for name, text in files.items():
        write(scenarios, name, text)
    with pytest.raises(cs.ScenarioError) as info:
        cs.load(scenarios / "a.yaml")
    import re

    assert re.search(message, str(info.value)), str(info.value)


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
    assert r.vote("appeal").tally["bolsheviks"][0] == 194  # 195 left, Lenin absent


def test_compare_on_the_command_line():
    result = CliRunner().invoke(cli, ["compare", str(HISTORICAL), str(WHATIF / "no-walkout.yaml")])
    assert result.exit_code == 0
    assert "appeal               adopted 492-2-12 of 507          -> adopted 492-138-12 of 643" in result.output
    assert "walkout_factions" in result.output


def test_compare_json():
    result = CliRunner().invoke(cli, ["compare", str(HISTORICAL), str(WHATIF / "sr-unsplit.yaml"), "--json"])
    data = json.loads(result.output)
    cec = next(row for row in data["elections"] if row["id"] == "cec")
    assert cec["differs"] and "left_sr" in cec["a"] and "left_sr" not in cec["b"]
    assert {"census", "votes", "elections", "times", "facts"} <= set(data)


def test_compare_a_replay_with_itself_finds_nothing(base):
    c = cs.compare(base, base)
    assert not any(c.differs(p) for rows in (c.votes, c.elections, c.times, c.facts) for p in rows.values())
