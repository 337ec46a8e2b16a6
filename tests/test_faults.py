"""Faults: outputs are whole or absent, what was there before survives, and replays repeat exactly."""

import errno
import os

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import congress_sim as cs
from congress_sim.cli import cli

from .conftest import HISTORICAL, ROOT
from .test_properties import scenarios


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_run_out_on_a_full_disk_keeps_the_earlier_results(tmp_path, monkeypatch):
    target = tmp_path / "runs"
    assert invoke("run", HISTORICAL, "--out", target, "-q").exit_code == 0
    before = {p.name: p.read_bytes() for p in target.iterdir()}

    def full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("pathlib.Path.write_text", full)
    result = invoke("run", HISTORICAL, "--out", target, "--force", "-q")
    assert result.exit_code == 2
    assert result.output == f"error: {target}: cannot write: No space left on device\n"
    assert {p.name: p.read_bytes() for p in target.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["runs"]  # no temporary folder left behind


def test_a_failed_write_in_the_middle_leaves_the_old_folder(tmp_path, monkeypatch):
    import congress_sim.publish.export as outputs

    target = tmp_path / "runs"
    assert invoke("run", HISTORICAL, "--out", target, "-q").exit_code == 0
    before = {p.name: p.read_bytes() for p in target.iterdir()}
    real = os.replace
    calls = []

    def failing_replace(src, dst):
        calls.append(dst)
        if len(calls) == 2:  # the new folder is about to take the old one's place
            raise OSError(errno.EACCES, "Permission denied")
        return real(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(cs.OutputError, match="Permission denied"):
        outputs.write_replay(cs.simulate(cs.load(HISTORICAL)), target, force=True)
    monkeypatch.setattr(os, "replace", real)
    assert {p.name: p.read_bytes() for p in target.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["runs"]


def test_a_figure_that_cannot_be_written_leaves_the_old_one(tmp_path, monkeypatch):
    fig = tmp_path / "fig.png"
    fig.write_bytes(b"old picture")
    real = os.replace

    def fail(src, dst):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    result = invoke("plot", HISTORICAL, "-o", fig, "--force", "--dpi", "30")
    monkeypatch.setattr(os, "replace", real)
    assert result.exit_code == 2 and "No space left on device" in result.output
    assert fig.read_bytes() == b"old picture"
    assert [p.name for p in tmp_path.iterdir()] == ["fig.png"]


def test_a_ctrl_c_the_moment_the_temporary_file_is_made_leaves_nothing(tmp_path, monkeypatch):
    from congress_sim.outputs import atomic_write

    made = os.open

    def then_ctrl_c(name, *args, **kwargs):  # Ctrl-C is raised at the first instruction after the file is made
        fd = made(name, *args, **kwargs)
        if ".congress-sim-" in os.fspath(name):
            os.close(fd)
            raise KeyboardInterrupt
        return fd

    monkeypatch.setattr(os, "open", then_ctrl_c)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(tmp_path / "summary.json", b"{}")
    monkeypatch.setattr(os, "open", made)
    assert list(tmp_path.iterdir()) == []


def test_the_same_seed_gives_a_byte_identical_event_log(tmp_path):
    for name in ("a", "b"):
        assert invoke("run", HISTORICAL, "--seed", 11, "--out", tmp_path / name, "-q").exit_code == 0
    for f in ("events.jsonl", "attendance.csv", "votes.csv", "summary.json"):
        assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes()


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_a_dumped_scenario_loads_as_the_same_scenario(scenario):
    again = cs.loads(cs.dump(scenario))
    assert again.model_dump() == scenario.model_dump()
    assert cs.simulate(again, 3).events == cs.simulate(scenario, 3).events


def test_a_caucus_of_no_discipline_round_trips():
    # a caucus's discipline is asked for even at 0, its default: the dump writes it
    scenario = cs.loads("title: t\nfactions: {a: {label: A, delegates: 3, caucus: true, discipline: 0}}\n"
                        "sessions: [{id: s, opens: 2024-01-01T10:00}]\n")
    assert cs.loads(cs.dump(scenario)).model_dump() == scenario.model_dump()


@pytest.mark.parametrize("path", sorted((ROOT / "scenarios").rglob("*.yaml")), ids=lambda p: p.name)
def test_shipped_scenarios_round_trip(path):
    if path.name.endswith((".record.yaml", ".parameters.yaml")):
        return  # a record or fitted values: not a scenario
    scenario = cs.load(path)
    assert cs.loads(cs.dump(scenario)).model_dump() == scenario.model_dump()


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_load_or_fail_with_a_scenario_error(data):
    from congress_sim.language.load import from_document
    from congress_sim.language.source import parse

    try:
        from_document(parse(data, "<bytes>"))
    except cs.ScenarioError as exc:
        assert all(str(p).startswith("<bytes>") for p in exc.problems)


def test_validate_print_shows_the_merged_whatif():
    result = invoke("validate", ROOT / "scenarios" / "whatif" / "sr-unsplit.yaml", "--print")
    assert result.exit_code == 0
    assert "left_sr_arrive" not in result.output and "title: 'What if: the SRs do not split'" in result.output
    assert "  right_sr:\n" in result.output and "    delegates: 160\n" in result.output


def test_a_motion_that_moves_nothing_round_trips():
    # a main motion's content is asked for even where it is empty, its default: the dump writes it
    scenario = cs.loads("title: t\nfactions: {a: {label: A, delegates: 3}}\nsessions: [{id: s, opens: 2024-01-01T10:00, "
                        "agenda: [{id: thanks, kind: vote, motion: Thanks to the chair, content: {}}]}]\n"
                        "triggers: [{id: again, when: {item: thanks}, then: {id: more, kind: vote, motion: More, content: {}}}]\n")
    assert cs.loads(cs.dump(scenario)).model_dump() == scenario.model_dump()
