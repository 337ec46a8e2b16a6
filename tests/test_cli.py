"""The command line through click's runner: output, files, and errors as one line and exit 2."""

import json

import pytest
from click.testing import CliRunner

from congress_sim.cli import cli

from .conftest import HISTORICAL, ROOT


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_run_prints_transcript_census_votes_and_bodies():
    import congress_sim as cs

    replay = cs.simulate(cs.load(HISTORICAL))  # the command prints what the library replays
    out = invoke("run", HISTORICAL)
    assert out.exit_code == 0
    text = out.output
    assert "25 Oct 22:40 [7 Nov]" in text
    assert "Walkout of the Right SRs, Mensheviks" in text
    assert "Census" in text and "649" in text and str(replay.census("closing").total) in text
    a, b, c = replay.vote("appeal").totals()
    assert f"ADOPTED, {a} for, {b} against, {c} abstaining" in text
    cec = replay.elections()[-1].seats
    assert f"All-Russian Central Executive Committee: 101 seats: Bolsheviks {cec['bolsheviks']}, " \
           f"Left SRs {cec['left_sr']}" in text


def test_run_and_check_in_a_process_that_goes_on_turn_the_collector_on_again(tmp_path):
    import gc

    bad = tmp_path / "bad.yaml"
    bad.write_text("title: [\n")
    assert gc.isenabled()
    for args in (("run", HISTORICAL), ("check", HISTORICAL), ("run", bad)):
        assert invoke(*args).exit_code in (0, 1, 2)
        assert gc.isenabled(), args


def test_run_check_and_ensemble_say_the_sets_they_were_run_with():
    # a --set changes the replay: what is printed says so, as a plot's caption and compare do
    sets = ("--set", "factions.left_sr.discipline=0.5")
    assert invoke("run", HISTORICAL, *sets).output.splitlines()[3] == \
        "deterministic replay, --set factions.left_sr.discipline=0.5"
    assert invoke("check", HISTORICAL, "--seed", 2, *sets).output.splitlines()[1] == \
        "(the stochastic replay, seed 2, --set factions.left_sr.discipline=0.5)"
    assert invoke("check", HISTORICAL).output.splitlines()[1] == ""  # the file's own replay: nothing to say
    head = invoke("ensemble", HISTORICAL, "--runs", 20, "--jobs", 1, *sets).output.splitlines()[0]
    assert ": 20 replays, seed 0, --set factions.left_sr.discipline=0.5, " in head


def test_quiet_prints_nothing():
    out = invoke("run", HISTORICAL, "--quiet")
    assert (out.exit_code, out.output) == (0, "")


def test_a_result_already_there_is_refused_naming_force_as_each_side_names_it(tmp_path):
    import congress_sim as cs
    from congress_sim.errors import OutputError
    from congress_sim.publish.export import export, write_replay

    replay = cs.simulate(cs.load(HISTORICAL))
    (tmp_path / "votes.csv").write_text("mine")
    (tmp_path / "runs").mkdir()
    (tmp_path / "runs" / "mine.txt").write_text("keep me")
    for write in (lambda: export(replay, "votes", tmp_path / "votes.csv"), lambda: write_replay(replay, tmp_path / "runs")):
        with pytest.raises(OutputError) as got:  # from Python, the argument
            write()
        assert "use force to replace it" in str(got.value) and "--force" not in str(got.value)
    said = invoke("export", HISTORICAL, "--format", "votes", "-o", tmp_path / "votes.csv")  # the command line, its option
    assert said.exit_code == 2 and "exists; use --force to replace it" in said.output
    assert (tmp_path / "votes.csv").read_text() == "mine"


def test_an_empty_name_is_refused_naming_the_argument_or_the_option_that_gave_it(tmp_path, monkeypatch):
    import congress_sim as cs
    from congress_sim.errors import OutputError
    from congress_sim.publish import report
    from congress_sim.publish.export import export, write_replay

    scenario = cs.load(HISTORICAL)
    replay = cs.simulate(scenario)
    for write, said in [(lambda: cs.ensemble(scenario, runs=10, out=""), "out: give a folder name"),
                        (lambda: write_replay(replay, ""), "directory: give a folder name"),
                        (lambda: export(replay, "votes", ""), "path: give a file name"),
                        (lambda: report.write(replay, ""), "path: give a file name")]:
        with pytest.raises(OutputError) as got:  # from Python, the argument
            write()
        assert str(got.value) == said
    for args, said in [(["run", HISTORICAL, "--out"], "--out: give a folder name"),
                       (["ensemble", HISTORICAL, "--runs", 10, "--out"], "--out: give a folder name"),
                       (["export", HISTORICAL, "--format", "votes", "-o"], "-o: give a file name"),
                       (["report", HISTORICAL, "-o"], "-o: give a file name")]:
        refused = invoke(*args, "")  # from the command line, the option
        assert (refused.exit_code, refused.output) == (2, f"error: {said}\n")
    # and a folder that holds the one we are in
    write_replay(replay, tmp_path / "runs")
    monkeypatch.chdir(tmp_path / "runs")
    with pytest.raises(OutputError, match=r"holds it; give another directory$"):
        write_replay(replay, ".", force=True)
    assert invoke("run", HISTORICAL, "--out", ".", "--force").output.endswith("holds it; give another --out\n")


def test_the_check_table_points_to_the_full_list_as_each_side_gives_it():
    import congress_sim as cs
    from congress_sim.views.transcript import check_table

    replay = cs.simulate(cs.load(HISTORICAL))
    text = check_table(cs.check(replay, source="reed"), replay)
    assert "does not give them: 37 facts (report.outcomes lists them)." in text and "--json" not in text
    said = invoke("check", HISTORICAL, "--source", "reed").output
    assert "does not give them: 37 facts (--json lists them)." in said and "report.outcomes" not in said


def test_out_writes_four_files_and_does_not_overwrite(tmp_path):
    target = tmp_path / "runs"
    assert invoke("run", HISTORICAL, "--out", target, "-q").exit_code == 0
    names = sorted(p.name for p in target.iterdir())
    assert names == ["attendance.csv", "events.jsonl", "summary.json", "votes.csv"]
    summary = json.loads((target / "summary.json").read_text())
    assert summary["census"]["closing"]["total"] == 626
    first = (target / "events.jsonl").read_text().splitlines()[0]
    assert json.loads(first)["kind"] == "roster"  # who the delegates are, then the sessions
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


def test_validate_counts_in_words_and_reads_the_record_a_scenario_names():
    out = invoke("validate", ROOT / "examples" / "town-council.yaml")
    assert out.exit_code == 0
    assert out.output.endswith("(scenario, 3 factions, 9 councillors at the opening, 1 session, 12 agenda items, "
                               "1 trigger; its record, 7 facts)\n")


def test_the_list_of_commands_shows_each_summary_whole():
    listed = invoke("--help").output.split("Commands:\n", 1)[1].splitlines()
    assert [line.split()[0] for line in listed] == sorted(cli.commands)
    for line in listed:
        assert line.endswith((".", "?")) and not line.endswith("..."), line


def test_every_option_has_help_and_a_path_is_shown_as_path():
    import click

    for name, command in cli.commands.items():
        shown = invoke(name, "--help").output
        for option in (p for p in command.params if isinstance(p, click.Option)):
            assert option.help, f"{name} {option.opts[-1]} has no help"
            if option.name in ("output", "out", "others", "base"):  # these ask for a file or folder
                assert isinstance(option.type, click.Path), f"{name} {option.opts[-1]}"
                assert f"{option.opts[-1]} PATH" in shown, f"{name} {option.opts[-1]}"
