"""Calibration is kept apart from validation: a fit reads the record's targets and nothing else, and
`check` says of every fact whether the scenario wrote it, the fit aimed at it or the model predicted it.

A committee small enough to fit in a second: one free parameter (where the right stands on the
reform), one target (a survey of the delegates' opinions) and facts left to predict (the tally).
"""

import json

import pytest
from click.testing import CliRunner

import congress_sim as cs
from congress_sim.cli import cli
from congress_sim.experiments.calibrate import calibrate, write
from congress_sim.record.facts import Record

COMMITTEE = """
title: Committee
primary_source: minutes
sources: {minutes: The minutes}
record: committee.record.yaml
issues: {reform: {label: The reform}, order: {label: Order}}
behaviour: {band: 0.05, spread: 0.3}
factions:
  left: {label: Left, delegates: 40, positions: {reform: -0.2}}
  right: {label: Right, delegates: 60, positions: {reform: 0.5, order: 1}}
sessions:
  - id: s
    opens: 2000-01-01T10:00
    agenda:
      - {id: talk, kind: debate, topic: the reform, duration: 30}
      - {id: reform, kind: vote, motion: The reform, content: {reform: 1}, at: 2000-01-01T11:00}
      - {id: order, kind: vote, motion: Order, content: {order: 1}, stances: {left: against}}
      - {id: leave, kind: walkout, factions: [left], share: 0.5}
      - {id: after, kind: debate, topic: what next, duration: 10}
free:
  factions.right.positions.reform: [-1, 1]
"""


def record(survey_high: int = 60, reform_for: int = 50) -> dict:
    """A survey (the target: how many stand for the reform, of 100) and facts left to predict."""
    return {"title": "Minutes", "facts": [
        {"id": "survey", "statement": "The survey found the committee for the reform.", "target": True,
         "check": {"kind": "positions", "issue": "reform", "bands": {"low": [-9, 0], "high": [0, 9]}},
         "attestations": [{"source": "minutes", "value": {"low": 100 - survey_high, "high": survey_high},
                           "tolerance": 0.03}]},
        {"id": "reform_tally", "statement": "The reform had so many votes.", "check": {"kind": "vote", "vote": "reform"},
         "attestations": [{"source": "minutes", "value": {"for": reform_for}}]},
        {"id": "reform_time", "statement": "The reform was voted at eleven.", "check": {"kind": "time", "of": "reform"},
         "attestations": [{"source": "minutes", "value": "2000-01-01T11:00"}]},
        {"id": "after_time", "statement": "The debate after the walkout began at 11:00.",
         "check": {"kind": "time", "of": "after"}, "attestations": [{"source": "minutes", "value": "2000-01-01T11:00"}]},
        {"id": "order_tally", "statement": "Order was adopted.", "check": {"kind": "vote", "vote": "order"},
         "attestations": [{"source": "minutes", "value": {"result": "adopted"}}]},
        {"id": "opening", "statement": "100 came.", "check": {"kind": "census", "at": "opening"},
         "attestations": [{"source": "minutes", "value": {"total": 100}}]},
        {"id": "after_walkout", "statement": "80 stayed.", "check": {"kind": "census", "at": "after"},
         "attestations": [{"source": "minutes", "value": {"total": 80}}]},
    ]}


def fit(**values):
    return calibrate(cs.loads(COMMITTEE), Record.model_validate(record(**values)), samples=64, seed=3)


@pytest.fixture(scope="module")
def base_fit():
    return fit()


def test_the_fit_meets_its_target(base_fit):
    assert base_fit.targets[0].id == "survey"
    assert [r["fact"] for r in base_fit.residuals] == ["survey"]  # only the target is fitted to
    assert base_fit.residuals[0]["within_tolerance"]
    low, high = base_fit.intervals["factions.right.positions.reform"]
    assert low <= base_fit.values["factions.right.positions.reform"] <= high


def test_a_fit_outside_its_samples_range_is_marked_and_explained(base_fit):
    from dataclasses import replace

    from congress_sim.cli import as_given, cli
    from congress_sim.experiments.calibrate import render

    name = "factions.right.positions.reform"
    assert "*" not in render(base_fit)  # inside its range: nothing to explain
    low, high = base_fit.intervals[name]
    off = replace(base_fit, values={**base_fit.values, name: high + 0.5})
    text = render(off)
    assert f"{high + 0.5:>9.3f}   {low:.3f} to {high:.3f} *" in text
    assert "the fitted value lies outside the range of the samples that met every target" in text
    assert "(more samples give a finer range)" in text  # as Python names the argument
    assert "(more --samples give a finer range)" in as_given(text, cli.commands["calibrate"])  # as the command line does


def test_the_fit_names_each_fact_by_its_statement_and_json_by_its_id(base_fit):
    from congress_sim.experiments.calibrate import render

    text = str(render(base_fit))
    assert "  The survey found the committee for the reform." in text.splitlines()  # a target, as check says it
    assert any(line.startswith("The survey found the committee for the reform. (minutes)") for line in text.splitlines())
    assert any(line.startswith("The reform had so many votes.") for line in text.splitlines())  # a prediction
    assert "survey" not in text.replace("The survey", "") and "reform_tally" not in text
    assert base_fit.to_dict()["targets"] == ["survey"] and base_fit.to_dict()["residuals"][0]["fact"] == "survey"
    assert "reform_tally" in [p["fact"] for p in base_fit.to_dict()["predictions"]]


def test_changing_a_predicted_fact_changes_no_fitted_parameter(base_fit):
    for changed in (fit(reform_for=3), fit(reform_for=97)):
        assert changed.values == base_fit.values
        assert changed.intervals == base_fit.intervals


def test_changing_a_calibration_target_changes_the_fitted_parameter(base_fit):
    more = fit(survey_high=66)  # more for the reform in the survey: the right must stand further toward it
    assert more.values["factions.right.positions.reform"] > base_fit.values["factions.right.positions.reform"] + 0.05
    assert more.residuals[0]["within_tolerance"]


def test_the_fitted_values_make_the_target_calibrated(tmp_path, base_fit):
    scenario = tmp_path / "committee.yaml"
    scenario.write_text(COMMITTEE + "parameters: committee.parameters.yaml\n")
    data = record()
    del data["facts"][0]["target"]  # the parameters file says what it was fitted to
    (tmp_path / "committee.record.yaml").write_text(json.dumps(data))
    write(base_fit, tmp_path / "committee.parameters.yaml", "calibrate committee.yaml")
    loaded = cs.load(scenario)
    assert loaded.factions["right"].positions["reform"].centre == pytest.approx(
        base_fit.values["factions.right.positions.reform"], abs=1e-4)
    report = cs.check(cs.simulate(loaded))
    assert next(o for o in report.outcomes if o.fact.id == "survey").role == "calibrated"
    assert next(o for o in report.outcomes if o.fact.id == "survey").passed


def check_json(tmp_path, scenario_text: str) -> dict[str, dict]:
    (tmp_path / "committee.yaml").write_text(scenario_text)
    (tmp_path / "committee.record.yaml").write_text(json.dumps(record()))
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "committee.yaml"), "--json"])
    assert result.exit_code in (0, 1), result.output
    return {row["id"]: row for row in json.loads(result.output)}


def test_check_json_gives_each_fact_its_role(tmp_path):
    rows = check_json(tmp_path, COMMITTEE)
    roles = {k: row["role"] for k, row in rows.items()}
    assert roles == {
        "survey": "calibrated",  # a target of the fit
        "reform_tally": "predicted",  # the ballots follow from positions and content
        "reform_time": "input",  # the scenario pins it with `at`
        "after_time": "input",  # the pinned 11:00 and the durations written after it, whoever walks out
        "order_tally": "calibrated",  # the left's propensities are written for this motion (an override)
        "opening": "input",  # the scenario writes who came
        "after_walkout": "input",  # a share written for the walkout decided who left, not the model
    }
    assert all(row["role_because"] for row in rows.values())


def test_roles_follow_the_scenario_not_a_declaration(tmp_path):
    # unpin the reform and give the walkout to the delegates' tolerance: who leaves becomes a consequence
    text = COMMITTEE.replace(", at: 2000-01-01T11:00}", "}").replace(", share: 0.5}", "}") \
        .replace("behaviour: {", "behaviour: {tolerance: 0.1, ")
    roles = {k: row["role"] for k, row in check_json(tmp_path, text).items()}
    assert roles["reform_time"] == "input"  # unpinned, but the opening and the debate's 30 minutes fix it
    assert roles["after_walkout"] == "predicted"
    assert roles["order_tally"] == "calibrated"
    # the override gone, the order vote is a prediction too
    roles = {k: row["role"] for k, row in check_json(tmp_path, text.replace(", stances: {left: against}", "")).items()}
    assert roles["order_tally"] == "predicted"


def test_the_calibrate_command_writes_once_and_reports(tmp_path):
    (tmp_path / "committee.yaml").write_text(COMMITTEE)
    (tmp_path / "committee.record.yaml").write_text(json.dumps(record()))
    args = ["calibrate", str(tmp_path / "committee.yaml"), "--samples", "64", "--seed", "3"]
    shown = CliRunner().invoke(cli, args)
    assert shown.exit_code == 0, shown.output
    assert "factions.right.positions.reform" in shown.output and "Predictions" in shown.output
    assert "The reform had so many votes." in shown.output  # a prediction, replayed across the samples that fit
    written = tmp_path / "committee.parameters.yaml"
    assert not written.exists()  # nothing is written unless asked, and that is said
    assert shown.output.endswith(f"\n(not written: `run` and `check` keep the scenario's own values; --write puts these "
                                 f"in {written}, for the scenario to name)\n")
    assert CliRunner().invoke(cli, [*args, "--write"]).exit_code == 0
    first = written.read_text()
    (tmp_path / "named.yaml").write_text(COMMITTEE + "\nparameters: committee.parameters.yaml\n")
    named = CliRunner().invoke(cli, ["calibrate", str(tmp_path / "named.yaml"), "--samples", "64", "--seed", "3"])
    assert named.output.endswith(f"\n(not written: `run` and `check` keep the values in {written} until --write puts "
                                 "these there)\n"), named.output
    assert "fitted_to:\n- survey" in first
    again = CliRunner().invoke(cli, [*args, "--write"])
    assert again.exit_code == 2 and "use --force" in again.output and written.read_text() == first
    unknown = CliRunner().invoke(cli, [*args, "--write", "--force", "--source", "nosuch"])
    assert unknown.exit_code == 2 and "no source 'nosuch'" in unknown.output
    assert written.read_text() == first  # a source no one gives fits nothing, and replaces nothing
    as_json = json.loads(CliRunner().invoke(cli, [*args, "--json"]).output)
    assert set(as_json["values"]) == {"factions.right.positions.reform"}
    assert {p["fact"] for p in as_json["predictions"]} >= {"reform_tally"}


def test_calibrate_says_so_when_nothing_is_free(tmp_path):
    (tmp_path / "committee.yaml").write_text(COMMITTEE.split("free:")[0])
    (tmp_path / "committee.record.yaml").write_text(json.dumps(record()))
    out = CliRunner().invoke(cli, ["calibrate", str(tmp_path / "committee.yaml")])
    assert out.exit_code == 2 and "no parameter as free" in out.output
