"""The check: every fact of the seed passes for the primary source, each kind of check can fail,
and the record never reaches the engine."""

import json
import shutil

import pytest
from click.testing import CliRunner

import congress_sim as cs
from congress_sim.cli import cli
from congress_sim.record.check import phrase_holds

from .conftest import HISTORICAL, ROOT


def test_the_historical_replay_passes_every_fact_of_the_seed(replay):
    report = cs.check(replay)
    assert report.source == "gse"
    failed = [(o.fact.id, o.expected, o.replayed) for o in report.outcomes if o.passed is False]
    assert failed == []
    assert report.count(True) >= 35
    assert report.ok


def test_other_sources_are_reported_where_they_disagree(replay):
    report = cs.check(replay, source="reed")
    assert {o.fact.id for o in report.outcomes if o.passed is False} == {"second_opened", "peace_time"}
    agree = report.agreement()
    assert agree["pravda"] == (0, 2)  # 670 registered: the replay follows the GSE's 649
    assert agree["gse"][0] == agree["gse"][1]


def fact(check, value, tolerance=0):
    return {"id": "f", "statement": "s", "check": check,
            "attestations": [{"source": "gse", "value": value, "tolerance": tolerance}]}


# one row per kind of check: what it measures, a value that holds, and one that does not
KINDS = [
    ({"kind": "census", "at": "opening"}, {"total": 649, "sr": 160}, {"total": 650}),
    ({"kind": "census", "at": "appeal"}, {"total": 507}, {"mensheviks": 72}),
    ({"kind": "census", "at": "1917-10-26T05:30"}, {"total": 507, "right_sr": 0}, {"total": 649}),
    ({"kind": "time", "of": "appeal"}, "1917-10-26T05:00", "1917-10-26T04:00"),
    ({"kind": "time", "of": "first", "edge": "end"}, "1917-10-26T05:15", "1917-10-26T05:00"),
    ({"kind": "vote", "vote": "land"}, {"result": "adopted", "against": 1, "abstain": 8}, {"against": 2}),
    ({"kind": "phrase", "vote": "peace"}, "unanimously", None),
    ({"kind": "phrase", "vote": "land"}, "majority", None),
    ({"kind": "phrase", "vote": "martov_motion"}, None, "majority"),
    ({"kind": "faction_vote", "vote": "appeal", "faction": "left_sr"}, "for", "against"),
    ({"kind": "seats", "election": "cec"}, {"bolsheviks": 62, "total": 101}, {"bolsheviks": 63}),
    ({"kind": "body", "election": "sovnarkom_formed"}, {"only": ["bolsheviks"], "chair": "lenin"},
     {"only": ["bolsheviks", "left_sr"]}),
    ({"kind": "presence", "person": "lenin", "session": "first"}, "absent", "present"),
    ({"kind": "presence", "person": "lenin", "session": "second"}, "present", "absent"),
    ({"kind": "order"}, ["walkout", "recess", "winter_palace"], ["winter_palace", "walkout"]),
    ({"kind": "occurrence", "items": ["peace", "land"]}, "adopted", None),
    ({"kind": "occurrence", "items": ["martov_motion"]}, "happened", "adopted"),
    ({"kind": "speakers", "item": "appeal"}, ["lunacharskii"], ["lenin"]),
    ({"kind": "opens_with", "session": "second", "item_kind": "report"}, "peace_report", "land_report"),
    ({"kind": "walkout", "walkout": "walkout"}, ["mensheviks", "right_sr"], ["mensheviks"]),
    ({"kind": "delegations"}, {"total": 402, "cossacks": 1}, {"total": 400}),
    ({"kind": "history"}, {"date": "1917-09-23"}, {"date": "1917-09-24"}),
]


@pytest.mark.parametrize(("check", "good", "bad"), KINDS, ids=[f"{k['kind']}-{i}" for i, (k, _, _) in enumerate(KINDS)])
def test_each_kind_passes_and_fails_as_it_should(replay, check, good, bad):
    for value, expected in ((good, True), (bad, False)):
        if value is None:
            continue
        record = cs.Record.model_validate({"title": "t", "facts": [fact(check, value)]})
        outcome = cs.check(replay, record).outcomes[0]
        assert outcome.passed is expected, (value, outcome.replayed, outcome.why)


def test_a_tolerance_admits_a_source_that_says_about(replay):
    record = cs.Record.model_validate({"title": "t", "facts": [fact({"kind": "time", "of": "peace"}, "1917-10-26T22:40", 30)]})
    outcome = cs.check(replay, record).outcomes[0]
    assert (outcome.passed, outcome.level) == (True, "within tolerance")


def test_a_fact_before_the_replay_begins_is_skipped(replay):
    record = cs.Record.model_validate({"title": "t", "facts": [fact({"kind": "census", "at": "1917-10-22T12:00"}, {"total": 175})]})
    outcome = cs.check(replay, record).outcomes[0]
    assert outcome.passed is None and "before the replay begins" in outcome.why


@pytest.mark.parametrize(
    ("phrase", "tally", "holds"),
    [
        ("unanimously", (10, 0, 0), True),
        ("unanimously", (10, 0, 1), False),  # an abstention breaks unanimity
        ("overwhelming majority", (90, 5, 5), True),  # exactly 90% of votes cast
        ("overwhelming majority", (89, 6, 5), False),
        ("majority", (51, 49, 0), True),
        ("majority", (50, 10, 40), False),  # half of those voting is not more than half
    ],
)
def test_phrase_tests(phrase, tally, holds):
    f, a, b = tally
    assert phrase_holds(phrase, {"result": "adopted", "for": f, "against": a, "abstain": b}) is holds


def test_a_rejected_motion_has_no_majority_of_any_kind():
    assert not phrase_holds("majority", {"result": "rejected", "for": 10, "against": 0, "abstain": 0})


def test_changing_the_record_does_not_change_the_replay(tmp_path, replay):
    for name in ("historical.yaml", "historical.record.yaml"):
        shutil.copy(ROOT / "scenarios" / name, tmp_path / name)
    record = tmp_path / "historical.record.yaml"
    record.write_text(record.read_text().replace("against: 2, abstain: 12", "against: 200, abstain: 120")
                      .replace("value: 1917-10-26T05:00}", "value: 1917-10-26T01:00}"))
    scenario = cs.load(tmp_path / "historical.yaml")
    again = cs.simulate(scenario)
    assert again.events == replay.events  # the engine never read the record
    report = cs.check(again)
    assert {o.fact.id for o in report.outcomes if o.passed is False} == {"appeal_tally", "appeal_time"}


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_cli_check_table_and_exit_codes():
    ok = invoke("check", HISTORICAL)
    assert ok.exit_code == 0
    assert "PASS   appeal_tally" in ok.output
    assert "36 passed, 0 failed, 2 skipped" in ok.output
    differs = invoke("check", HISTORICAL, "--source", "reed")
    assert differs.exit_code == 1 and "FAIL   second_opened" in differs.output
    unknown = invoke("check", HISTORICAL, "--source", "nobody")
    assert unknown.exit_code == 2 and "no source 'nobody'" in unknown.output


def test_cli_check_json():
    out = invoke("check", HISTORICAL, "--json")
    facts = json.loads(out.output)
    assert {"id", "statement", "source", "expected", "replayed", "passed", "level"} <= set(facts[0])
    assert all(f["passed"] in (True, None) for f in facts)


def test_run_ends_with_the_check_summary():
    out = invoke("run", HISTORICAL)
    assert out.output.rstrip().splitlines()[-1].startswith("Checked against gse: 36 passed, 0 failed")


def test_a_bad_record_is_located(tmp_path):
    shutil.copy(HISTORICAL, tmp_path / "historical.yaml")
    (tmp_path / "historical.record.yaml").write_text(
        "title: r\nfacts:\n  - id: x\n    statement: s\n    check: {kind: phrase, vote: peace}\n"
        "    attestations: [{source: nobody, value: unanimous}]\n")
    out = invoke("check", tmp_path / "historical.yaml")
    assert out.exit_code == 2
    assert "historical.record.yaml:3:" in out.output and "has no test" in out.output


def test_a_whatif_departs_from_history(scenarios):
    text = HISTORICAL.read_text().replace("when: {item: uprising_heard}", "when: {item: uprising_heard}\n    probability: 0")
    path = scenarios / "no-walkout.yaml"
    path.write_text(text)
    report = cs.check(cs.simulate(cs.load(path)))
    failed = {o.fact.id for o in report.outcomes if o.passed is False}
    assert {"walkout_factions", "walkout_before_recess", "closing_census"} <= failed
