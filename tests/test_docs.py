"""The docs are a tested contract: every command shown runs, and shows what the page says."""

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import congress_sim as cs
from congress_sim.cli import cli

from .conftest import ROOT

PAGES = [ROOT / "docs" / "whatif.md", ROOT / "docs" / "tutorial.md", ROOT / "README.md"]


def console_blocks(path):
    """(command, expected output lines) for each ```console block that runs congress-sim."""
    text = path.read_text()
    for block in re.findall(r"```console\n(.*?)```", text, re.S):
        lines = block.splitlines()
        if lines and lines[0].startswith("$ congress-sim "):
            yield lines[0][2:], [ln for ln in lines[1:] if ln.strip() and ln.strip() != "..."]


CASES = [(p.name, cmd, out) for p in PAGES for cmd, out in console_blocks(p)]


@pytest.mark.parametrize(("page", "command", "expected"), CASES, ids=[f"{p}: {c}" for p, c, _ in CASES])
def test_documented_command(page, command, expected, monkeypatch, tmp_path):
    for folder in ("scenarios", "examples"):  # run where the docs say, but write nothing into the repository
        (tmp_path / folder).symlink_to(ROOT / folder)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, shlex.split(command)[1:])
    assert result.exit_code in (0, 1), result.output
    actual = result.output.splitlines()
    at = 0
    for line in expected:  # each shown line appears, in the order shown
        assert line in actual[at:], f"{page}: {command!r} no longer prints {line!r}"
        at = actual.index(line, at) + 1


PYTHON = [(p.name, i, block) for p in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
          for i, block in enumerate(re.findall(r"```python\n(.*?)```", p.read_text(), re.S))]


@pytest.mark.parametrize(("page", "n", "block"), PYTHON, ids=[f"{p} {n}" for p, n, _ in PYTHON])
def test_documented_python_runs_as_copied(page, n, block, monkeypatch):
    monkeypatch.chdir(ROOT)  # where the pages say to run from
    exec(compile(block, f"{page} python block {n}", "exec"), {})


def test_the_docs_have_commands_to_run():
    assert len([c for c in CASES if c[0] == "whatif.md"]) >= 4


# scripts with a saved .out (figures.py writes pictures instead, and is tested in test_plot.py)
@pytest.mark.parametrize("script", sorted(p for p in (ROOT / "examples").glob("*.py") if p.with_suffix(".out").exists()),
                         ids=lambda p: p.name)
def test_example_scripts_print_their_saved_output(script):
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout == script.with_suffix(".out").read_text()


# records and fitted parameters are named by scenarios, not run on their own
SCENARIOS = [p for p in sorted((ROOT / "examples").glob("*.yaml")) + sorted((ROOT / "scenarios").rglob("*.yaml"))
             if not p.name.endswith((".record.yaml", ".parameters.yaml"))]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda p: p.name)
def test_every_shipped_scenario_runs(scenario):
    result = CliRunner().invoke(cli, ["run", str(scenario)])
    assert result.exit_code == 0, result.output


def test_the_example_assembly_passes_its_own_record():
    assert CliRunner().invoke(cli, ["check", str(ROOT / "examples" / "town-council.yaml")]).exit_code == 0


# the pages in the order a newcomer follows them, and where the command examples are gathered
READING_ORDER = [ROOT / "README.md", ROOT / "docs" / "tutorial.md", ROOT / "docs" / "whatif.md", ROOT / "docs" / "howto.md"]
WRITES = ("plot", "report", "export")


def commands_shown(path, spans=True):
    """Every congress-sim command a page shows: console lines (with a prompt or without), the
    examples of the generated command reference, and (with ``spans``) code spans in the text."""
    text = path.read_text()
    for block in re.findall(r"```(?:console|text)\n(.*?)```", text, re.S):
        for line in block.splitlines():
            line = line.strip().removeprefix("$ ").split("  #")[0]
            if line.startswith("congress-sim "):
                yield line
    if spans:
        yield from re.findall(r"(?<!`)`(congress-sim [^`\n]+)`", text)


def ignored_folders():
    return {line.strip("/") for line in (ROOT / ".gitignore").read_text().splitlines() if re.fullmatch(r"/[\w-]+/", line)}


def test_every_documented_output_goes_into_a_folder_git_ignores():
    written = []
    for page in [*READING_ORDER, ROOT / "docs" / "reference" / "cli.md"]:
        for command in commands_shown(page):
            args = shlex.split(command)
            written += [(page.name, args[i + 1]) for i, a in enumerate(args[:-1]) if a in ("-o", "--out", ">")]
    assert len(written) >= 15
    placeholders = {"FILE", "DIR", "PATH"}
    wrong = [(page, target) for page, target in written
             if target not in placeholders and Path(target).parts[0] not in ignored_folders() | {"schema"}]
    assert not wrong  # schema/: the kept copies of the schemas, regenerated in place


def test_following_the_docs_in_order_fails_on_no_earlier_output(tmp_path, monkeypatch):
    for folder in ("scenarios", "examples"):
        (tmp_path / folder).symlink_to(ROOT / folder)
    monkeypatch.chdir(tmp_path)
    ran = 0
    for page in READING_ORDER:
        for command in commands_shown(page, spans=False):  # spans show forms (SCENARIO, FILE)
            args = shlex.split(command)[1:]
            if args[0] not in WRITES:
                continue  # only the commands that write a file; the rest are run by test_documented_command
            quick = ["--dpi", "30"] if args[0] == "plot" else []  # the same files, drawn coarsely to save time
            result = CliRunner().invoke(cli, args + quick)
            assert result.exit_code == 0, f"{page.name}: {command}: {result.output}"
            ran += 1
    assert ran >= 8
    made = {p.name for p in tmp_path.iterdir()} - {"scenarios", "examples"}
    assert made and made <= ignored_folders()


def test_a_command_that_writes_where_an_earlier_page_wrote_says_force():
    # followed in order, a page's command that writes a file an earlier one wrote stops at "exists"
    # without --force, whatever the command (a sensitivity figure as much as a plot)
    written, again = set(), []
    for page in READING_ORDER:
        for command in commands_shown(page, spans=False):
            args = shlex.split(command)
            for target in (args[i + 1] for i, a in enumerate(args[:-1]) if a in ("-o", "--out")):
                if target in written and "--force" not in args:
                    again.append((page.name, command))
                written.add(target)
    assert not again


def test_the_notebook_says_the_appeal_tally_passes_within_the_records_tolerance():
    record = cs.load_record(ROOT / "scenarios" / "historical.record.yaml")
    gse = next(a for f in record.facts if f.id == "appeal_tally" for a in f.attestations if a.source == "gse")
    said = next(line for line in (ROOT / "examples" / "notebook.out").read_text().splitlines() if "of replays" in line)
    assert "exactly" not in said
    assert said.startswith(f"adopted with {gse.value['against']} against and {gse.value['abstain']} abstaining, "
                           f"each give or take {gse.tolerance:g}, in ")


def test_the_no_walkout_table_explains_every_vote_with_the_tally_the_replay_gives():
    # docs/whatif.md's motion-by-motion table: one row for each vote, its tally as compare prints it
    # (for-against-abstain, the abstentions left out where there are none)
    page = (ROOT / "docs" / "whatif.md").read_text()
    table = page.split("### No walkout", 1)[1].split("###", 1)[0]
    rows = [ln for ln in table.splitlines() if ln.startswith("| ") and "(" in ln.split("|")[1]]
    tallies = {m for ln in rows for m in re.findall(r"\((?:adopted |rejected )?(\d+(?:-\d+)+)\)", ln.split("|")[1])}
    replay = cs.simulate(cs.load(ROOT / "scenarios" / "whatif" / "no-walkout.yaml"))
    for vote in replay.votes():
        f, a, b = vote.totals()[:3]
        said = {f"{f}-{a}-{b}"} | ({f"{f}-{a}"} if b == 0 else set())
        assert said & tallies, f"docs/whatif.md has no row for {vote.motion} ({f}-{a}-{b}) in the no-walkout table"


def test_the_docs_give_the_flagships_number_of_votes():
    # the howto: "The votes take about 0.4 inch of height each (the flagship's N, H inches)"
    said = re.search(r"the flagship's (\d+), (\d+) inches", (ROOT / "docs" / "howto.md").read_text().replace("\n", " "))
    assert said
    replay = cs.simulate(cs.load(ROOT / "scenarios" / "historical.yaml"))
    fig = cs.plot_votes(replay)
    assert (int(said[1]), int(said[2])) == (len(replay.votes()), int(fig.get_figheight()))
    # the performance page, of the workload it measures: "five issues), N votes", "the N votes take", "N votes decided"
    counts = re.findall(r"(?<![\d,])(\d+) votes(?:,| take| decided)", (ROOT / "docs" / "performance.md").read_text().replace("\n", " "))
    assert len(counts) == 3
    assert set(counts) == {str(len(replay.votes()))}
