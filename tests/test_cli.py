"""The command line through click's runner: output, files, and errors as one line and exit 2."""

import json

import pytest
from click.testing import CliRunner

from congress_sim.cli import cli

from .conftest import HISTORICAL


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_run_prints_transcript_census_votes_and_bodies():
    out = invoke("run", HISTORICAL)
    assert out.exit_code == 0
    text = out.output
    assert "25 Oct 22:40 [7 Nov]" in text
    assert "Walkout of the Mensheviks and Right SRs" in text
    assert "Census" in text and "649" in text and "625" in text
    assert "ADOPTED, 492 for, 2 against, 12 abstaining" in text
    assert "All-Russian Central Executive Committee: 101 seats: Bolsheviks 62, Left SRs 29" in text


def test_quiet_prints_nothing():
    out = invoke("run", HISTORICAL, "--quiet")
    assert (out.exit_code, out.output) == (0, "")


def test_out_writes_four_files_and_does_not_overwrite(tmp_path):
    target = tmp_path / "runs"
    assert invoke("run", HISTORICAL, "--out", target, "-q").exit_code == 0
    names = sorted(p.name for p in target.iterdir())
    assert names == ["attendance.csv", "events.jsonl", "summary.json", "votes.csv"]
    summary = json.loads((target / "summary.json").read_text())
    assert summary["census"]["closing"]["total"] == 625
    first = (target / "events.jsonl").read_text().splitlines()[0]
    assert json.loads(first)["kind"] == "session_opened"
    (target / "mine.txt").write_text("keep me")
    again = invoke("run", HISTORICAL, "--out", target)
    assert again.exit_code == 2
    assert "not empty; use --force" in again.output
    assert (target / "mine.txt").read_text() == "keep me"
    forced = invoke("run", HISTORICAL, "--out", target, "--force", "-q")  # a file of the user's: not ours to delete
    assert forced.exit_code == 2 and "holds 'mine.txt', which congress-sim did not write" in forced.output
    assert (target / "mine.txt").read_text() == "keep me"
    (target / "mine.txt").unlink()
    assert invoke("run", HISTORICAL, "--out", target, "--force", "-q").exit_code == 0
    assert sorted(p.name for p in target.iterdir()) == names
    assert sorted(p.name for p in tmp_path.iterdir()) == ["runs"]  # nothing of ours left beside it


def test_out_onto_a_file_is_refused(tmp_path):
    f = tmp_path / "a_file"
    f.write_text("precious")
    out = invoke("run", HISTORICAL, "--out", f)
    assert out.exit_code == 2 and "not a directory" in out.output
    assert f.read_text() == "precious"


@pytest.mark.parametrize("path", ["missing.yaml", "."])
def test_missing_file_or_directory_is_one_line(path):
    out = invoke("run", path)
    assert out.exit_code == 2
    assert len(out.output.strip().splitlines()) == 1 and "Traceback" not in out.output


def test_every_command_has_help_with_an_example():
    for name, command in cli.commands.items():
        assert command.help and "Example" in command.help, name
        assert invoke(name, "--help").exit_code == 0


def test_version():
    assert invoke("--version").exit_code == 0
