"""A colleague's file, run safely: nothing but regular files is read, nothing of the user's is
replaced, and what reaches the terminal cannot drive it. Each case ends in a one-line error."""

import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from congress_sim.cli import cli, printable

from .conftest import HISTORICAL
from .test_bad_input import GOOD

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")


def congress_sim(*args, cwd, timeout=60):
    """In a process of its own: a read that waits for ever fails the test instead of hanging it (after a
    minute: a start-up that takes over ten seconds on a busy machine is no hang)."""
    out = subprocess.run([sys.executable, "-m", "congress_sim.cli", *map(str, args)], cwd=cwd, capture_output=True,
                         text=True, timeout=timeout)
    return out.returncode, out.stdout + out.stderr


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def one_line_error(code, output, *words):
    assert code == 2, output
    assert output.count("\n") == 1 and output.startswith("error: ") and "Traceback" not in output, output
    for w in words:
        assert w in output, output


@pytest.mark.parametrize(("files", "command"), [
    # the scenario itself is a pipe: `validate` is what a pre-commit hook runs
    ({}, ["validate", "pipe.yaml"]),
    ({}, ["run", "pipe.yaml"]),
    # a base or a record that is a pipe
    ({"w.yaml": "extends: pipe.yaml\n"}, ["run", "w.yaml"]),
    ({"s.yaml": GOOD.replace("title: Committee\n", "title: Committee\nrecord: pipe.yaml\nprimary_source: m\n"
                             "sources: {m: minutes}\n")}, ["check", "s.yaml"]),
])
def test_a_pipe_is_never_read(tmp_path, files, command):
    os.mkfifo(tmp_path / "pipe.yaml")
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    one_line_error(*congress_sim(*command, cwd=tmp_path), "is a named pipe (FIFO), not a regular file")


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/tty", "/dev/null"])
def test_a_device_is_never_opened(tmp_path, device):
    if not os.path.exists(device):
        pytest.skip(f"no {device}")
    one_line_error(*congress_sim("validate", device, cwd=tmp_path), "is a character device")


def test_a_record_out_of_the_scenarios_folder_is_refused_even_through_a_link(tmp_path):
    (tmp_path / "outside.yaml").write_text("title: private\n")
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "notes.yaml").symlink_to(tmp_path / "outside.yaml")
    (tmp_path / "shared" / "s.yaml").write_text(GOOD.replace("title: Committee\n", "title: Committee\nrecord: notes.yaml\n"))
    code, output = congress_sim("validate", "shared/s.yaml", cwd=tmp_path)
    one_line_error(code, output, "shared/s.yaml:2:1: record: 'notes.yaml' leads outside the scenario's folder")


def test_a_copy_of_the_shipped_scenarios_runs_its_whatifs_once_it_is_a_git_repository(scenarios):
    # as the how-to says: a what-if names its base one folder up, which only a project may allow
    code, output = congress_sim("validate", "scenarios/whatif/no-walkout.yaml", cwd=scenarios.parent)
    one_line_error(code, output, "extends: '../historical.yaml' leads outside the scenario's folder")
    subprocess.run(["git", "init", "-q", str(scenarios)], check=True)
    code, output = congress_sim("validate", "scenarios/whatif/no-walkout.yaml", cwd=scenarios.parent)
    assert code == 0, output


def test_a_file_that_grows_is_read_only_to_the_cap(tmp_path):
    from congress_sim.files import InputError, read_regular

    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * 5000)
    with pytest.raises(InputError, match="is 5,000 bytes; a scenario may be at most 4,096"):
        read_regular(big, 4096, "scenario")
    assert read_regular(big, 5000) == b"#" * 5000


# --- outputs ---------------------------------------------------------------------------------

def test_a_scratch_name_beside_the_output_is_never_touched(tmp_path):
    target = tmp_path / "res"
    assert invoke("run", HISTORICAL, "--out", target, "-q").exit_code == 0
    (tmp_path / ".res.old").mkdir()
    (tmp_path / ".res.old" / "mine").write_text("keep")  # the name an earlier version used for itself
    assert invoke("run", HISTORICAL, "--out", target, "--force", "-q").exit_code == 0
    assert (tmp_path / ".res.old" / "mine").read_text() == "keep"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".res.old", "res"]


def test_a_link_is_never_replaced(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    result = invoke("run", HISTORICAL, "--out", tmp_path / "link", "--force", "-q")
    one_line_error(result.exit_code, result.output, "is a symbolic link")
    (tmp_path / "file.csv").write_text("mine")
    (tmp_path / "file-link.csv").symlink_to(tmp_path / "file.csv")
    result = invoke("export", HISTORICAL, "--format", "votes", "-o", tmp_path / "file-link.csv", "--force")
    one_line_error(result.exit_code, result.output, "is a symbolic link")
    assert (tmp_path / "file-link.csv").is_symlink() and (tmp_path / "file.csv").read_text() == "mine"


def test_a_device_or_a_pipe_is_never_replaced_by_a_file(tmp_path):
    os.mkfifo(tmp_path / "pipe.csv")
    for command in (["export", HISTORICAL, "--format", "votes", "-o"], ["report", HISTORICAL, "-o"],
                    ["plot", HISTORICAL, "--dpi", "20", "-o"]):
        target = tmp_path / ("pipe.csv" if command[0] == "export" else "pipe.html" if command[0] == "report" else "pipe.png")
        if not target.exists():
            os.mkfifo(target)
        result = invoke(*command, target, "--force")
        one_line_error(result.exit_code, result.output, "is a named pipe (FIFO), not a regular file")
        assert not target.is_file()
    result = invoke("export", HISTORICAL, "--format", "votes", "-o", "/dev/null", "--force")
    one_line_error(result.exit_code, result.output, "/dev/null: is a character device")


@pytest.mark.parametrize("command", [["run", HISTORICAL, "--out"], ["export", HISTORICAL, "--format", "votes", "-o"],
                                     ["report", HISTORICAL, "-o"], ["plot", HISTORICAL, "-o"],
                                     ["ensemble", HISTORICAL, "--runs", "1000", "--out"]])
def test_names_too_long_or_empty(tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    suffix = {"export": ".csv", "report": ".html", "plot": ".png"}.get(command[0], "")
    result = invoke(*command, "x" * 300 + suffix)
    one_line_error(result.exit_code, result.output, "the name is too long")
    result = invoke(*command, "")
    assert result.exit_code == 2 and "give a" in result.output or ".png" in result.output, result.output
    assert list(tmp_path.iterdir()) == []


def test_a_figure_too_large_to_draw_is_refused(tmp_path):
    result = invoke("plot", HISTORICAL, "--dpi", "1200", "--width", "100", "--height", "100", "-o", tmp_path / "big.png")
    one_line_error(result.exit_code, result.output, "120,000 x 120,000 pixels is too large to draw")


def test_seats_to_draw_whatever_the_scenario_holds(tmp_path):
    import time

    result = invoke("plot", HISTORICAL, "--kind", "seats", "--set", "sessions.first.agenda=[]", "--set",
                    "sessions.second.agenda=[]", "--set", "triggers=[]", "-o", tmp_path / "none.png")
    one_line_error(result.exit_code, result.output, "no body was elected")  # no figure of no seats
    assert not (tmp_path / "none.png").exists()
    big = tmp_path / "big.yaml"  # a million seats: a dot for 500 of them, not a million circles
    big.write_text(GOOD.replace("title: Committee\n", "title: Committee\nbodies:\n  board: {label: Board, seats: 1000000}\n")
                   + "      - {id: elect, kind: election, body: board}\n")
    t = time.process_time()
    assert invoke("plot", big, "--kind", "seats", "--dpi", "30", "-o", tmp_path / "big.png").exit_code == 0
    assert time.process_time() - t < 5


def test_the_folder_you_are_in_is_not_replaced(tmp_path, monkeypatch):
    assert invoke("run", HISTORICAL, "--out", tmp_path / "res", "-q").exit_code == 0
    monkeypatch.chdir(tmp_path / "res")
    result = invoke("run", HISTORICAL, "--out", ".", "--force", "-q")
    one_line_error(result.exit_code, result.output, "is the folder you are in")


# --- what reaches the terminal ---------------------------------------------------------------

def test_escape_sequences_in_a_scenario_do_not_reach_the_terminal(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(GOOD.replace("title: Committee", 'title: "\\e]0;TITLE\\a\\u202eCommittee"'))
    for args in (["run", path], ["run", path, "--json"], ["validate", path, "--print"]):
        out = invoke(*args).output
        assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "\\x1b]0;TITLE\\x07\\u202eCommittee" in invoke("run", path).output
    path.write_text(GOOD.replace("title: Committee", 'title: Committee\n"\\e]52;c;SGVsbG8=\\a": 1'))
    result = invoke("run", path)
    one_line_error(result.exit_code, result.output, "\\x1b]52;c;SGVsbG8=\\x07: unknown key")


def test_printable_keeps_tabs_and_newlines_and_json_reads_back_the_same():
    import json

    text = "a\tb\nc\x1b[31m\x9b\x7f\udcff"
    assert printable(text) == "a\tb\nc\\x1b[31m\\x9b\\x7f\\xff"
    assert json.loads(printable(json.dumps(text, ensure_ascii=False), as_json=True)) == text


# --- the command line's own values -----------------------------------------------------------

@pytest.mark.parametrize("args", [
    ["run", HISTORICAL, "--seed", "-1"],
    ["check", HISTORICAL, "--seed", "-1"],
    ["export", HISTORICAL, "--format", "votes", "-o", "x.csv", "--seed", "-1"],
    ["run", HISTORICAL, "--set", "=1"],
    ["run", HISTORICAL, "--set", "title=\udcff"],  # a byte that is not UTF-8, as Python passes it on
    ["run", HISTORICAL, "--set", "factions.left_sr.delegates=" + "9" * 5000],
])
def test_bad_values_on_the_command_line(args):
    result = invoke(*args)
    one_line_error(result.exit_code, result.output)
