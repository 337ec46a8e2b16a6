"""Ensembles: the same summary, to the byte, for any number of workers or executor, however
interrupted; memory that does not grow with the runs."""

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import congress_sim as cs
from congress_sim.cli import cli
from congress_sim.experiments.outcomes import evaluate, parse
from congress_sim.experiments.tally import render

from .conftest import HISTORICAL, ROOT
from .test_bad_input import GOOD


@pytest.fixture(scope="module")
def small(historical):
    return cs.ensemble(historical, runs=2500, seed=7, jobs=1, keep=True)


def test_the_summary_says_how_likely_history_was(small):
    s = small.summary()
    assert s["runs"] == 2500 and s["blocks"] == 3
    appeal = next(v for v in s["votes"] if v["id"] == "appeal")
    assert appeal["p"]["adopted"] == 1.0
    assert appeal["against"]["p5"] <= 2 <= appeal["against"]["p95"]
    cec = next(e for e in s["elections"] if e["id"] == "cec")
    replayed = next(e for e in cs.simulate(small.job.scenario).summary()["elections"] if e["id"] == "cec")
    assert cec["compositions"][0]["seats"] == replayed["seats"]  # the likeliest is the deterministic replay's
    facts = {r["id"]: r["pass_rate"] for r in s["facts"]["rows"]}
    assert facts["opening_census"] == 1.0 and 0 < facts["appeal_tally"] < 0.2 and facts["sr_split"] is None
    assert [a["moment"] for a in s["attendance"]][:3] == ["opening", "vote:martov_proposal", "vote:martov_resolution"]
    assert len(s["band"]["median"]) == len(s["band"]["times"]) > 50


def test_the_same_summary_with_any_number_of_workers(historical, small):
    other = cs.ensemble(historical, runs=2500, seed=7, jobs=2, keep=True)
    assert other.summary() == small.summary()
    assert all((other.arrays[k] == small.arrays[k]).all() for k in small.arrays)


def test_the_summary_is_counted_exactly_from_the_replays(small):
    """Counted block by block, it is what the replays' outcomes give when written out whole."""
    s, a = small.summary(), small.arrays
    appeal = next(v for v in s["votes"] if v["id"] == "appeal")
    counts = a["counts:appeal"][a["result:appeal"] >= 0]
    p5, p50, p95 = np.percentile(counts[:, 1], [5, 50, 95], method="inverted_cdf")
    assert appeal["against"] == {"mean": round(float(counts[:, 1].mean()), 3), "p5": p5, "median": p50, "p95": p95}
    band = np.percentile(a["band"], [5, 50, 95], axis=0, method="inverted_cdf").astype(int).tolist()
    assert [s["band"]["p5"], s["band"]["median"], s["band"]["p95"]] == band
    assert not {"seconds", "replays_per_second", "workers", "executor"} & set(s)  # nothing of how it ran


def test_memory_does_not_grow_with_runs(historical):
    import tracemalloc

    peaks = []
    for runs in (2000, 8000):
        cs.ensemble(historical, runs=1000, seed=1, jobs=1)  # the kernel built, as both runs find it
        tracemalloc.start()
        cs.ensemble(historical, runs=runs, seed=1, jobs=1)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    assert peaks[1] < peaks[0] + 2 * 2**20, peaks  # four times the runs: not 2 MiB more (it was 9 KB a replay)


def test_a_vote_that_some_blocks_never_reach(historical):
    # a vote taken only if the walkout happens, one chance in a thousand: most blocks never hold it
    scenario = cs.load(HISTORICAL, ["protest.probability=0.001", "appeal.only_if={item: walkout}"])
    s = cs.ensemble(scenario, runs=3000, seed=3, jobs=1).summary()
    appeal = next(v for v in s["votes"] if v["id"] == "appeal")
    assert 0.99 < appeal["p"]["skipped"] < 1 and sum(appeal["p"].values()) == pytest.approx(1)



def test_a_vote_reached_in_some_replays_says_how_often_and_counts_only_those():
    # with five more southern votes cloture fails in most replays, and passage is taken only after cloture
    scenario = cs.load(ROOT / "scenarios" / "senate-1964" / "southern-five-more.yaml")
    s = cs.ensemble(scenario, runs=1000, seed=0, jobs=1).summary()
    passage = next(v for v in s["votes"] if v["id"] == "passage")
    assert 0.5 < passage["p"]["skipped"] < 0.7 and passage["p"]["not reached"] == 0  # cloture failed: skipped
    assert passage["time"] is None  # the deterministic replay never takes it: no time of its own to give
    present = next(a for a in s["attendance"] if a["moment"] == "vote:passage")
    assert present["time"] is None and present["p5"] == present["median"] == 100  # the replays that took it
    text = render(s)
    assert "P(skipped)" in text and f"{passage['p']['skipped']:.3f}" in text.split("  Passage of H.R. 7152")[1].split("\n")[0]
    assert "P(not reached)" not in text  # a column only where some vote was not reached
    assert "over the replays that reached the vote" in text and "-: a vote it does not reach" in text
    assert "P(skipped)" not in render({**s, "votes": [v for v in s["votes"] if v["id"] == "cloture"]})


def test_the_per_replay_table_writes_a_vote_not_reached_as_zeros(tmp_path):
    out = tmp_path / "ens"
    five = ROOT / "scenarios" / "senate-1964" / "southern-five-more.yaml"
    result = CliRunner().invoke(cli, ["ensemble", str(five), "--runs", "200", "--jobs", "1", "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    rows = [ln.split(",") for ln in (out / "outcomes.csv").read_text().splitlines()]
    at = rows[0].index("present_vote_passage"), rows[0].index("passage_result")
    skipped = [r[at[0]] for r in rows[1:] if r[at[1]] == "skipped"]
    assert skipped and set(skipped) == {"0"}  # as its counts are: never -1

def test_another_seed_gives_other_replays(historical, small):
    other = cs.ensemble(historical, runs=2500, seed=8, jobs=1, keep=True)
    assert not (other.arrays["counts:appeal"] == small.arrays["counts:appeal"]).all()


def test_outcomes_kept_are_small(small):
    per_replay = sum(a.nbytes for a in small.arrays.values()) / small.job.runs
    assert per_replay < 1500  # bytes: counts, seats, facts and the band; an event log is ~300 events


def test_outcomes_are_kept_only_when_asked(historical):
    with pytest.raises(cs.CongressSimError, match="keep=True"):
        _ = cs.ensemble(historical, runs=1000, seed=1, jobs=1).arrays
    with pytest.raises(cs.CongressSimError, match="would take .* GiB"):
        cs.ensemble(historical, runs=10_000_000, seed=1, jobs=1, keep=True)


def test_a_whatif_with_chance_in_it(historical):
    scenario = cs.load(HISTORICAL, ["protest.probability=0.5"])
    s = cs.ensemble(scenario, runs=4000, seed=1, jobs=1).summary()
    gone = next(r for r in s["facts"]["rows"] if r["id"] == "moderates_gone")["pass_rate"]
    assert 0.3 < gone < 0.5  # the protest half the time, and then the whole of both factions leaves most often
    cec = next(e for e in s["elections"] if e["id"] == "cec")
    assert {"0", "9"} <= set(cec["seats"]["mensheviks"]["distribution"])  # with the walkout, and without it


def test_progress_is_reported(historical, tmp_path):
    seen = []
    cs.ensemble(historical, runs=3000, seed=1, jobs=1, progress=lambda *step: seen.append(step))
    assert seen == [("replaying", 0, 3), ("replaying", 1, 3), ("replaying", 2, 3), ("replaying", 3, 3)]
    seen.clear()
    cs.ensemble(historical, runs=2000, seed=1, jobs=1, out=tmp_path / "e", progress=lambda *step: seen.append(step))
    assert seen[-2:] == [("writing the table", 1, 2), ("writing the table", 2, 2)]


def test_dask_local_cluster_gives_the_local_summary(historical, small):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        remote = cs.ensemble(historical, runs=2500, seed=7, executor="dask", scheduler=cluster.scheduler_address)
    assert remote.executor == "dask"
    assert remote.summary() == small.summary()


def run_cli(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_cli_ensemble_writes_blocks_table_and_summary(tmp_path):
    out = tmp_path / "ens"
    result = run_cli("ensemble", HISTORICAL, "--runs", 2000, "--seed", 3, "--jobs", 1, "--out", out)
    assert result.exit_code == 0, result.output
    assert "P(adopted)" in result.output and "replays/s" in result.output
    assert sorted(p.name for p in out.iterdir()) == ["blocks", "manifest.json", "outcomes.csv", "summary.json"]
    header, *rows = (out / "outcomes.csv").read_text().splitlines()
    assert len(rows) == 2000 and header.startswith("replay,martov_proposal_result,")
    again = run_cli("ensemble", HISTORICAL, "--runs", 2000, "--out", out)
    assert again.exit_code == 2 and "--force" in again.output
    other = run_cli("ensemble", HISTORICAL, "--runs", 3000, "--seed", 3, "--out", out, "--resume")
    assert other.exit_code == 2 and "another scenario, seed or number of runs" in other.output
    forced = run_cli("ensemble", HISTORICAL, "--runs", 1000, "--seed", 3, "--jobs", 1, "--out", out, "--force")
    assert forced.exit_code == 0, forced.output
    assert len((out / "outcomes.csv").read_text().splitlines()) == 1001 and len(list((out / "blocks").iterdir())) == 1


@pytest.mark.parametrize("files", [
    {"thesis.tex": "precious"},
    # a folder that merely holds a manifest.json: an app's, say (it was deleted, src/ and all)
    {"manifest.json": '{"name": "app"}', "src/main.js": "code"},
    # an ensemble's manifest, but with a file of the user's beside it
    {"manifest.json": None, "notes.txt": "mine"},
    {"manifest.json": None, "blocks/notes.txt": "mine"},
])
def test_cli_replaces_only_a_folder_that_is_provably_an_ensembles(tmp_path, files):
    out = tmp_path / "app"
    assert run_cli("ensemble", HISTORICAL, "--runs", 1000, "--jobs", 1, "--out", out, "-q").exit_code == 0
    manifest = (out / "manifest.json").read_text()
    for entry in sorted(out.iterdir(), reverse=True):
        shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    for name, text in files.items():
        (out / name).parent.mkdir(exist_ok=True)
        (out / name).write_text(manifest if text is None else text)
    before = sorted(str(p.relative_to(out)) for p in out.rglob("*"))
    result = run_cli("ensemble", HISTORICAL, "--runs", 1000, "--jobs", 1, "--out", out, "--force")
    assert result.exit_code == 2 and "not replacing it" in result.output and "Traceback" not in result.output
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*")) == before


def test_cli_out_is_the_working_folder_or_a_link(tmp_path, monkeypatch):
    out = tmp_path / "e"
    assert run_cli("ensemble", HISTORICAL, "--runs", 1000, "--jobs", 1, "--out", out, "-q").exit_code == 0
    monkeypatch.chdir(out)
    again = run_cli("ensemble", HISTORICAL, "--runs", 1000, "--seed", 2, "--jobs", 1, "--out", ".", "--force", "-q")
    assert again.exit_code == 0, again.output  # an ensemble's own folder: its files are replaced, it stays
    assert sorted(p.name for p in out.iterdir()) == ["blocks", "manifest.json", "outcomes.csv", "summary.json"]
    (tmp_path / "link").symlink_to(out)
    linked = run_cli("ensemble", HISTORICAL, "--runs", 1000, "--jobs", 1, "--out", tmp_path / "link", "--force")
    assert linked.exit_code == 2 and "is a symbolic link" in linked.output and (tmp_path / "link").is_symlink()


def test_cli_resume_where_nothing_was_started_starts(tmp_path):
    out = tmp_path / "new"
    result = run_cli("ensemble", HISTORICAL, "--runs", 1000, "--jobs", 1, "--out", out, "--resume")
    assert result.exit_code == 0, result.output
    assert "nothing to resume there; starting the ensemble" in result.output and (out / "summary.json").exists()


def test_a_resume_of_another_ensemble_is_refused_naming_the_folder_as_asked(tmp_path, historical):
    cs.ensemble(historical, runs=1000, seed=1, jobs=1, out=tmp_path / "e")
    with pytest.raises(cs.CongressSimError, match=r"give the same ones to resume, or another out$"):
        cs.ensemble(historical, runs=1000, seed=2, jobs=1, out=tmp_path / "e", resume=True)
    said = run_cli("ensemble", HISTORICAL, "--runs", 1000, "--seed", 2, "--out", tmp_path / "e", "--resume").output
    assert said.endswith("give the same ones to resume, or another --out\n"), said


def test_resume_runs_again_a_block_cut_short_or_from_another_ensemble(tmp_path, historical):
    a, b = tmp_path / "a", tmp_path / "b"
    cs.ensemble(historical, runs=3000, seed=1, jobs=1, out=a)
    cs.ensemble(historical, runs=3000, seed=2, jobs=1, out=b)
    whole = (a / "summary.json").read_bytes()
    (a / "summary.json").unlink()
    shutil.copy(b / "blocks" / "000001.npz", a / "blocks" / "000001.npz")  # another seed's
    data = (a / "blocks" / "000002.npz").read_bytes()
    (a / "blocks" / "000002.npz").write_bytes(data[: len(data) // 2])  # cut short
    said = []
    resumed = cs.ensemble(historical, runs=3000, seed=1, jobs=1, out=a, resume=True, say=said.append)
    assert resumed.ran == 2000 and len(said) == 2 and all("run again" in m for m in said)
    assert (a / "summary.json").read_bytes() == whole


def test_a_file_whose_writing_a_kill_cut_short_is_not_left_behind(tmp_path, historical):
    out = tmp_path / "e"

    def killed(step, done, total):  # as a worker killed in the middle of a block leaves it, and its block is run again
        if step == "replaying":
            (out / "blocks" / ".congress-sim-1.tmp").write_bytes(b"half a block")

    cs.ensemble(historical, runs=1000, seed=1, jobs=1, out=out, progress=killed)
    assert not list(out.rglob(".*"))
    (out / "summary.json").unlink()
    (out / ".congress-sim-2.tmp").write_bytes(b"half a table")  # as a kill while the table is written leaves it
    (out / "blocks" / ".congress-sim-3.tmp").write_bytes(b"half a block")
    cs.ensemble(historical, runs=1000, seed=1, jobs=1, out=out, resume=True)
    assert not list(out.rglob(".*"))


def test_the_same_seed_writes_the_same_bytes(tmp_path):
    for name, jobs in (("a", 1), ("b", 2)):
        result = run_cli("ensemble", HISTORICAL, "--runs", 3000, "--seed", 4, "--jobs", jobs, "--out", tmp_path / name, "-q",
                         *ASKED)
        assert result.exit_code == 0 and result.output == ""  # --quiet: no timing, no progress
    for f in ("summary.json", "outcomes.csv"):
        assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes()
    assert [o["outcome"] for o in json.loads((tmp_path / "a" / "summary.json").read_text())["outcomes"]] == list(ASKED[1::2])


def test_parquet_table(tmp_path, historical):
    pq = pytest.importorskip("pyarrow.parquet")
    cs.ensemble(historical, runs=2500, seed=7, jobs=1, out=tmp_path / "e", table_format="parquet")
    table = pq.read_table(tmp_path / "e" / "outcomes.parquet")
    assert table.num_rows == 2500 and table.column("replay").to_pylist()[-1] == 2499


@pytest.mark.parametrize(("args", "said"), [
    (["--source", "nosuch"], "no source 'nosuch' (known: bote, civil_war_history,"),
    (["--runs", 0], "0 is not in the range"),
    (["--scheduler", "notaurl", "--executor", "dask"], "--scheduler 'notaurl' is not the address of a Dask scheduler"),
])
def test_cli_bad_options_exit_2(args, said):
    result = run_cli("ensemble", HISTORICAL, "--runs", 1000, *args)
    assert result.exit_code == 2 and said in result.output and len(result.output.splitlines()) == 1, result.output


def test_jobs_are_capped_at_the_cores(historical):
    said = []
    e = cs.ensemble(historical, runs=3000, seed=1, jobs=1000, say=said.append)
    assert e.workers <= len(os.sched_getaffinity(0)) and "more processes would not be faster" in said[0]
    assert said[0].startswith("jobs=1000: ")  # as Python names it; the command line, as its option
    assert "warning: --jobs=1000: this machine lets" in run_cli("ensemble", HISTORICAL, "--runs", 1000, "--jobs", 1000).output


def test_an_interrupted_ensemble_says_how_to_resume_as_it_was_asked(historical, tmp_path):
    def stop(step, done, total):
        if done:
            raise KeyboardInterrupt

    with pytest.raises(cs.CongressSimError, match=r"in .*ens: run again with resume$"):
        cs.ensemble(historical, runs=3000, jobs=1, out=tmp_path / "ens", progress=stop)


def test_cli_compares_two_ensembles(tmp_path):
    for name, path, sets in (("a", HISTORICAL, ()), ("b", ROOT / "scenarios" / "whatif" / "sr-unsplit.yaml",
                                                     ("--set", "behaviour.noise=0.5"))):
        assert run_cli("ensemble", path, "--runs", 1000, "--jobs", 1, "--out", tmp_path / name, *sets).exit_code == 0
    result = run_cli("compare", tmp_path / "a", tmp_path / "b" / "summary.json")
    assert result.exit_code == 0, result.output
    assert "P(adopted) A" in result.output
    # named as a comparison of two replays names them: votes, bodies, groups, moments and facts, not by id
    text = result.output
    for said in ("Martov's proposal for a peaceful", "Mean seats of the All-Russian Central Executive Committee",
                 "  Left SRs ", "at the vote on Trotsky's resolution", "The Decree on Land was adopted"):
        assert said in text, said
    assert not {"left_sr", "martov_proposal", "cec", "vote:appeal", "land_tally"} & set(text.split())
    assert result.output.splitlines()[1].endswith("seed 0, --set behaviour.noise=0.5)")  # what B was run with
    mixed = run_cli("compare", tmp_path / "a", HISTORICAL)
    assert mixed.exit_code == 2
    summary = json.loads((tmp_path / "b" / "summary.json").read_text())
    del summary["votes"][1]["for"]
    (tmp_path / "b" / "summary.json").write_text(json.dumps(summary))
    malformed = run_cli("compare", tmp_path / "a", tmp_path / "b")
    assert malformed.exit_code == 2 and malformed.output.splitlines() == [
        f"error: {tmp_path / 'b' / 'summary.json'}: not a whole ensemble summary: votes[1].for: missing"]


def test_two_ensembles_of_summaries_that_name_nothing_are_shown_by_id():
    from congress_sim.experiments.compare import compare_summaries, render_summaries

    side = {"scenario": "S", "runs": 10, "seed": 0, "sets": [],  # as written before names were kept
            "votes": [{"id": "passage", "p": {"adopted": 0.5}, "for": {"mean": 5}, "against": {"mean": 4}}],
            "elections": [{"id": "board", "seats": {"ayes": {"mean": 2.0}}}]}
    text = render_summaries(compare_summaries(side, side))
    assert "  passage " in text and "Mean seats: board" in text and "  ayes " in text


def test_two_ensembles_count_no_fact_skipped_in_both_among_those_the_same():
    from congress_sim.experiments.compare import render_summaries

    side = {"scenario": "S", "runs": 10, "seed": 0, "sets": []}
    facts = [{"id": "tally", "pass_rate": [0.5, 0.5]}, {"id": "other_source", "pass_rate": [None, None]},
             {"id": "passage", "pass_rate": [0.9, 0.4]}]
    text = render_summaries({"a": side, "b": side, "votes": [], "elections": [], "facts": facts})
    assert "Facts passed (share of replays): 1 the same, 1 skipped in both" in text.splitlines()


def test_two_ensembles_count_those_at_the_assembly_as_such_not_as_present():
    """The attendance is the census's count (a vote's count of those present can be fewer)."""
    from congress_sim.experiments.compare import render_summaries

    side = {"scenario": "S", "runs": 10, "seed": 0, "sets": []}
    attendance = [{"moment": "opening", "label": "the opening", "median": [649, 670]}]
    text = render_summaries({"a": side, "b": side, "votes": [], "elections": [], "facts": [], "attendance": attendance})
    assert "At the assembly (median of the replays), A -> B" in text.splitlines()
    assert "present" not in text.lower()


@pytest.fixture
def quick_dask(monkeypatch):
    distributed = pytest.importorskip("distributed")
    from congress_sim.experiments import cluster

    monkeypatch.setattr(cluster, "WAIT", 0.5)
    return distributed


def test_dask_an_unreachable_scheduler_or_one_without_workers(historical, quick_dask):
    t = time.monotonic()
    with pytest.raises(cs.CongressSimError, match="cannot reach a Dask scheduler at tcp://127.0.0.1:1: "):
        cs.ensemble(historical, runs=1000, executor="dask", scheduler="tcp://127.0.0.1:1")
    with quick_dask.LocalCluster(n_workers=0, processes=True, dashboard_address=":0") as empty, \
            pytest.raises(cs.CongressSimError, match="has no workers .* start some with: dask worker"):
        cs.ensemble(historical, runs=1000, executor="dask", scheduler=empty.scheduler_address)
    assert time.monotonic() - t < 8


def test_dask_workers_lost_in_the_middle(historical, quick_dask, tmp_path):
    with quick_dask.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        def lose_them(step, done, total):
            if done == 1:
                cluster.scale(0)

        with pytest.raises(cs.CongressSimError, match="has no workers left to run the blocks"):
            cs.ensemble(historical, runs=40_000, executor="dask", scheduler=cluster.scheduler_address,
                        out=tmp_path / "e", progress=lose_them)
    assert list((tmp_path / "e" / "blocks").glob("*.npz"))  # what was done is kept, for --resume


RUNS = 16_000  # 16 blocks: time to interrupt them in the middle
ASKED = ("--outcome", "left:walkout", "--outcome", "appeal=adopted")  # kept in the blocks, resumed with them


def start(out, runs=RUNS, jobs=2):
    logs = out.parent
    return subprocess.Popen([sys.executable, "-m", "congress_sim.cli", "ensemble", str(HISTORICAL), "--runs",
                             str(runs), "--seed", "5", "--jobs", str(jobs), "--out", str(out), "--json", *ASKED],
                            stdout=open(logs / "stdout", "w"), stderr=open(logs / "stderr", "w"),  # noqa: SIM115
                            text=True)


def finish(proc, out, limit=900):
    proc.wait(timeout=limit)
    return (out.parent / "stdout").read_text(), (out.parent / "stderr").read_text()


def wait_for(found, proc, out, limit=600):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if found():
            return
        assert proc.poll() is None, (out.parent / "stderr").read_text()
        time.sleep(0.01)
    raise AssertionError("it never came")


def wait_for_none(left, limit=60):
    """Until ``left()`` is empty, or the limit."""
    deadline = time.monotonic() + limit
    while left() and time.monotonic() < deadline:
        time.sleep(0.01)


def wait_for_blocks(out, n, proc):
    wait_for(lambda: (out / "blocks").exists() and len(list((out / "blocks").glob("*.npz"))) >= n, proc, out)


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory):
    """The summary.json and table of the ensemble the interrupted ones are resumed to."""
    out = tmp_path_factory.mktemp("whole") / "ens"
    proc = start(out)
    stdout, err = finish(proc, out)
    assert proc.returncode == 0, err
    return json.loads(stdout), (out / "summary.json").read_bytes(), (out / "outcomes.csv").read_bytes()


@pytest.mark.parametrize(("how", "after"), [(signal.SIGINT, 6), (signal.SIGKILL, 3), (signal.SIGINT, "table"),
                                            (signal.SIGKILL, "table")])
def test_an_interrupted_ensemble_resumes_to_the_same_bytes(tmp_path, uninterrupted, how, after):
    out = tmp_path / "ens"
    proc = start(out)
    if after == "table":  # while the table is being written
        wait_for(lambda: (out / "summary.json").exists() and any(p.name.startswith(".congress-sim-") for p in out.iterdir()), proc, out)
    else:
        wait_for_blocks(out, after, proc)
    workers = children(proc.pid)
    proc.send_signal(how)
    _, err = finish(proc, out)
    if how == signal.SIGINT:
        assert proc.returncode == 130 and "run again with --resume" in err and "Traceback" not in err, err
        if after == "table":
            assert "while writing the table; every block is in" in err
        assert not list((out / "blocks").glob(".*")) and not list(out.glob(".*"))  # nothing half-written left
    for block in (out / "blocks").glob("*.npz"):
        with np.load(block) as data:  # every block on disk is whole
            assert len(data["attendance"]) == 1000
    if how == signal.SIGKILL:  # the workers are killed with their parent, a moment after it
        wait_for_none(lambda: [w for w in workers if alive(w)])
    assert not [w for w in workers if alive(w)], "no worker outlives the ensemble"  # stopped: the parent waited for them
    resumed = CliRunner().invoke(cli, ["ensemble", str(HISTORICAL), "--runs", str(RUNS), "--seed", "5", "--out",
                                       str(out), "--resume", "--json", "-q", *ASKED])
    assert resumed.exit_code == 0, resumed.output
    summary, summary_bytes, table = uninterrupted
    assert json.loads(resumed.output) == summary
    assert (out / "summary.json").read_bytes() == summary_bytes
    assert (out / "outcomes.csv").read_bytes() == table


def alive(pid):
    try:
        return open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie is dead
    except OSError:
        return False


def children(pid):
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="needs /proc to find the worker processes")
def test_a_worker_that_dies_is_reported_and_its_blocks_rerun(tmp_path, uninterrupted):
    out = tmp_path / "ens"
    proc = start(out)
    wait_for_blocks(out, 4, proc)
    workers = children(proc.pid)
    assert workers
    os.kill(workers[0], signal.SIGKILL)
    stdout, err = finish(proc, out)
    assert proc.returncode == 0, err
    assert "a worker process died" in err and "is run again" in err
    assert json.loads(stdout) == uninterrupted[0]


def still_writing(folder, b, kept):
    """A worker's save still at work when the ensemble is stopped: writing block 1, packing block 2."""
    import zipfile

    from congress_sim.outputs import atomic_file

    if b == 2:  # as Store.save packs a block in a zip of its arrays: stopped the moment it opens one's place there
        with zipfile.ZipFile(folder / "packing", "w") as zf:
            handle = zf.open("attendance.npy", "w")  # noqa: F841 - open while it is stopped
            time.sleep(60)
    with atomic_file(folder / f"{b:06d}.npz") as fh:
        fh.write(b"half a block")
        if b == 1:
            time.sleep(60)


def test_workers_stopped_in_the_middle_of_a_block_leave_no_half_written_file(historical, tmp_path, capfd):
    from functools import partial

    from congress_sim.experiments.ensembles import Job, _local

    blocks = _local(Job(historical, None, None, 1, 30, block=10), [0, 1, 2], 3, print, partial(still_writing, tmp_path))
    assert next(blocks)[0] == 0
    wait_for_none(lambda: not ((tmp_path / "packing").exists() and list(tmp_path.glob(".congress-sim-*"))))
    assert list(tmp_path.glob(".congress-sim-*"))  # block 1 is being written, block 2 packed
    blocks.close()  # as Ctrl-C stops them
    assert sorted(p.name for p in tmp_path.iterdir()) == ["000000.npz", "packing"]
    assert "Traceback" not in capfd.readouterr().err  # stopped: what the stop cut short is no error of theirs


def test_band_on_the_attendance_figure(historical):
    band = cs.ensemble(cs.load(HISTORICAL, ["protest.probability=0.5"]), runs=1000, seed=2, jobs=1).summary()["band"]
    fig = cs.plot_attendance(cs.simulate(historical), band=band)
    ax = next(a for a in fig.axes if a.get_ylabel() == "delegates present")
    assert any(c.get_gid() == "band" for c in ax.collections)
    assert min(band["p5"][1:-1]) < 520 < 640 < max(band["p95"])



def test_the_band_lays_no_grey_over_a_factions_colour():
    # a replay in which the moderates stay, of a scenario in which most replays see them go: the band
    # reaches down into the stacks, where grey would mix with each faction's colour; there it is dotted
    import bisect

    from congress_sim.publish.plot import TimeAxis, attendance_series

    s = cs.load(HISTORICAL, ["protest.probability=0.2"])
    replay, band = cs.simulate(s), cs.ensemble(s, runs=100, seed=2, jobs=1).summary()["band"]
    ax = next(a for a in cs.plot_attendance(replay, band=band).axes if a.get_ylabel() == "delegates present")
    times, groups = attendance_series(replay)
    totals = [sum(g[i] for g in groups.values()) for i in range(len(times))]
    total, k = max((totals[bisect.bisect_right(times, t) - 1] - lo, k) for k, (t, lo) in enumerate(zip(
        band["minutes"], band["p5"], strict=True)))
    assert total > 50  # the band's foot well inside the stacks
    x, y = TimeAxis.of(replay).x(band["minutes"][k]), band["p5"][k] + 10
    grey, dotted = (next(c for c in ax.collections if c.get_gid() == gid) for gid in ("band", "band:across"))

    def covers(artist, y):
        return artist.get_clip_path().get_fully_transformed_path().contains_point(ax.transData.transform((x, y)))

    assert not covers(grey, y) and covers(grey, ax.get_ylim()[1] - 1)
    assert covers(dotted, y) and all(c[3] == 0 for c in dotted.get_facecolor()) and dotted.get_hatch()
    assert {"band:p5", "band:p95"} <= {line.get_gid() for line in ax.get_lines()}

def test_a_progress_bar_on_a_terminal_only(tmp_path):
    import pty

    def stderr_of(*args, terminal):
        if not terminal:
            return subprocess.run([sys.executable, "-m", "congress_sim.cli", "ensemble", str(HISTORICAL), *args],
                                  capture_output=True, text=True, timeout=60).stderr
        mine, theirs = pty.openpty()
        proc = subprocess.Popen([sys.executable, "-m", "congress_sim.cli", "ensemble", str(HISTORICAL), *args],
                                stdout=subprocess.DEVNULL, stderr=theirs)
        os.close(theirs)
        seen = b""
        with contextlib.suppress(OSError):  # the terminal closes with the process
            while chunk := os.read(mine, 4096):
                seen += chunk
        proc.wait(timeout=60)
        os.close(mine)
        return seen.decode()

    args = ["--runs", "3000", "--jobs", "1", "--out"]
    shown = stderr_of(*args, str(tmp_path / "a"), terminal=True)
    assert "replaying" in shown and "3/3" in shown and "writing the table" in shown
    assert stderr_of(*args, str(tmp_path / "b"), "--quiet", terminal=True) == ""
    assert stderr_of(*args, str(tmp_path / "c"), terminal=False) == ""


def huge_arrival(count, when="between: [2024-01-01T10:01, 2024-01-01T10:20]"):
    return GOOD.replace("title: Committee\n", f"title: Committee\narrivals:\n  - {{id: late, faction: ayes, count: {count}, "
                        f"{when}}}\n")


def test_blocks_shrink_when_many_delegates_move_and_a_replay_too_large_is_refused():
    e = cs.ensemble(cs.loads(huge_arrival(100_000)), runs=40, seed=1, jobs=1)
    assert e.job.block < 40 and e.summary()["attendance"][-1]["median"] == 100_008
    t = time.process_time()
    at_once = cs.loads(huge_arrival(9_000_000, "at: 2024-01-01T10:01"))  # a replay of it is one event
    with pytest.raises(cs.CongressSimError, match=r"needs about 412 MiB .* \(delegates who come or go: 9,000,000;"):
        cs.ensemble(at_once, runs=1000, seed=1, jobs=1)  # it asked for a (1000 x 9,000,000) array
    assert time.process_time() - t < 1


def test_an_ensemble_that_cannot_fit_on_the_disk_is_refused_before_it_starts(tmp_path, historical, monkeypatch):
    monkeypatch.setattr(shutil, "disk_usage", lambda path: shutil._ntuple_diskusage(2**40, 2**40 - 2**20, 2**20))
    with pytest.raises(cs.OutputError, match=r"1,000,000 replays need about .* GiB and the disk has 1.0 MiB free; "
                                             r"give fewer runs, or no folder \(out\)"):
        cs.ensemble(historical, runs=1_000_000, out=tmp_path / "e")
    assert not (tmp_path / "e").exists()
    said = run_cli("ensemble", HISTORICAL, "--runs", 1_000_000, "--out", tmp_path / "e").output
    assert "1.0 MiB free; give fewer --runs, or no folder (--out): the summary alone" in said, said


def test_a_bad_scheduler_is_named_as_python_names_it(historical):
    with pytest.raises(ValueError, match=r"^scheduler 'notaurl' is not the address of a Dask scheduler"):
        cs.ensemble(historical, runs=100, executor="dask", scheduler="notaurl")


def test_an_ensemble_written_where_no_disk_is_says_so(historical):
    # /proc holds no files: a folder there cannot be written, whatever its free space says
    with pytest.raises(cs.OutputError, match=r"^/proc/nope/x: cannot be written \(/proc is not a folder on a disk"):
        cs.ensemble(historical, runs=2, out="/proc/nope/x")


def test_an_election_among_candidates_and_the_facts_many_replays_cannot_judge(tmp_path):
    """Who was elected among candidates is an outcome like a body's seats; a fact the replays cannot
    measure (a roll call, a ballot's votes) says why it is skipped; a close is judged as `check` judges it."""
    from .test_kernel import EVERY

    (tmp_path / "every.yaml").write_text(EVERY + "record: every.record.yaml\nprimary_source: minutes\n"
                                         "sources: {minutes: The minutes}\n")
    (tmp_path / "every.record.yaml").write_text("""title: The minutes
facts:
  - {id: closed, statement: Closed at 11:00., check: {kind: time, of: end}, attestations: [{source: minutes, value: 2000-01-01T11:00}]}
  - {id: cut, statement: The lights went out., check: {kind: occurrence, items: [lights_out]}, attestations: [{source: minutes, value: happened}]}
  - {id: at_end, statement: Eight at the close., check: {kind: census, at: end}, attestations: [{source: minutes, value: {total: 8}}]}
  - {id: ann_for, statement: Ann voted for the bill., check: {kind: roll, vote: bill, person: ann}, attestations: [{source: minutes, value: for}]}
  - {id: head_count, statement: Ann had 6 votes., check: {kind: ballots, election: head_vote}, attestations: [{source: minutes, value: {ann: 6}}]}
  - {id: ann_won, statement: Ann won., check: {kind: ballots, election: head_vote}, attestations: [{source: minutes, value: {winner: ann}}]}
  - {id: ayes_head, statement: The Ayes hold the head., check: {kind: seats, election: head_vote}, attestations: [{source: minutes, value: {ayes: 1, total: 1}}]}
  - {id: ann_heads, statement: Ann alone., check: {kind: body, election: head_vote}, attestations: [{source: minutes, value: {only: [ayes], chair: ann, members: [ann]}}]}
""")
    scenario = cs.load(tmp_path / "every.yaml")
    assert cs.check(cs.simulate(scenario)).count(False) == 0
    e = cs.ensemble(scenario, runs=300, seed=1, jobs=1, keep=True, out=tmp_path / "ens")
    s = json.loads((tmp_path / "ens" / "summary.json").read_text())
    assert s == e.summary()
    head = next(x for x in s["elections"] if x["id"] == "head_vote")
    won = e.arrays["elected:head_vote"]
    assert head["elected"] == {"ann": round(won[:, 0].mean(), 4), "bob": round(won[:, 1].mean(), 4)}
    assert head["elected"]["ann"] + head["elected"]["bob"] + head["no_one"] == pytest.approx(1)  # one seat
    assert set(head["seats"]) <= {"ayes", "noes"}  # the seat goes to the winner's faction, as `run` counts it
    rows = {r["id"]: r for r in s["facts"]["rows"]}
    assert {k: rows[k]["pass_rate"] for k in ("closed", "cut", "at_end", "ann_won", "ayes_head", "ann_heads")} == \
        {"closed": 1.0, "cut": 1.0, "at_end": 1.0, **dict.fromkeys(("ann_won", "ayes_head", "ann_heads"), head["elected"]["ann"])}
    assert rows["ann_for"]["pass_rate"] is None and "roll call" in rows["ann_for"]["skipped_because"]
    assert rows["head_count"]["pass_rate"] is None and "who won" in rows["head_count"]["skipped_because"]
    assert "skipped_because" not in rows["closed"]
    header = (tmp_path / "ens" / "outcomes.csv").read_text().splitlines()[0].split(",")
    assert {"head_vote_ayes", "head_vote_elected_ann", "head_vote_elected_bob"} <= set(header)
    values, _ = evaluate(scenario, [parse("seats:head_vote:ayes", scenario)], runs=300, seed=1, jobs=1)
    assert values[:, 0].mean() == pytest.approx(head["seats"]["ayes"]["mean"])  # an outcome, as for lists
    text = render(s, scenario=scenario)
    # an office of one seat: who holds it, not each group's seats
    assert "Seats of The head" not in text and "The head: who holds it (share of replays)" in text
    assert f"  Ann {' ' * 25}{head['elected']['ann']:.3f}" in text and "  held by a member of: Ayes" in text
    assert "  Ann voted for the bill.  " in text and "skipped  (a roll call" in text


def test_who_won_an_election_is_an_outcome_by_person(tmp_path, historical):
    """``winner:ELECTION:PERSON``: the share of replays that elected a candidate, the very replays the
    summary's ``elected`` counts (seeded, the head goes to Ann in some and to Bob in the others); in a
    body elected by list, a nominee whose faction's seats reach them; an unknown person is refused."""
    from .test_kernel import WHO_CHAIRS

    path = tmp_path / "chairs.yaml"
    path.write_text(WHO_CHAIRS + "uncertain:\n  factions.noes.delegates: {choice: [3, 9]}\n")
    scenario = cs.load(path)
    asked = ["winner:elect:ann", "winner:head:bob"]  # by the election's id, or its body's
    e = cs.ensemble(scenario, runs=300, seed=1, jobs=1, outcomes=asked)
    s = e.summary()
    elected = next(x for x in s["elections"] if x["id"] == "elect")["elected"]
    assert 0 < elected["ann"] < 1 and 0 < elected["bob"] < 1
    shares = {o["outcome"]: o["share"] for o in s["outcomes"]}
    assert shares == {"winner:elect:ann": elected["ann"], "winner:head:bob": elected["bob"]}
    assert parse("winner:head:bob", scenario).describe(scenario).startswith("Bob ")
    # by list: where the Left SRs take four of the 13 posts, the Bolsheviks' list sits down to its
    # ninth entry, Trotsky, and Stalin, the thirteenth, does not
    values, _ = evaluate(historical, [parse(t, historical) for t in ("winner:sovnarkom:stalin", "winner:sovnarkom:trotsky",
                                                                     "seats:sovnarkom:left_sr>0")],
                         runs=1000, seed=1, jobs=1)
    stalin, trotsky, joined = values.T
    assert 0 < joined.mean() < 1 and (stalin == 1 - joined).all() and (trotsky == 1).all()
    bad = CliRunner().invoke(cli, ["ensemble", str(path), "--runs", "100", "--outcome", "winner:elect:anne"])
    assert bad.exit_code == 2 and bad.output == ("error: outcome 'winner:elect:anne': no candidate 'anne' in "
                                                 "'elect' (did you mean 'ann'? known: ann, bob)\n")


def test_an_outcome_of_ones_own_is_counted_in_the_same_replays():
    five = str(ROOT / "scenarios" / "senate-1964" / "southern-five-more.yaml")
    args = ["ensemble", five, "--runs", "1500", "--seed", "4", "--jobs", "1", "-q", "--json",
            "--outcome", "cloture=adopted", "--outcome", "votes:cloture:for>=67", "--outcome", "votes:cloture:for"]
    data = json.loads(CliRunner().invoke(cli, args).output)
    cloture = next(v for v in data["votes"] if v["id"] == "cloture")
    adopted, reached, ayes = data["outcomes"]
    assert adopted["share"] == reached["share"] == cloture["p"]["adopted"]  # 67 of 100 carry it: the same replays
    assert (ayes["mean"], ayes["p5"], ayes["p95"]) == (cloture["for"]["mean"], cloture["for"]["p5"], cloture["for"]["p95"])
    text = CliRunner().invoke(cli, args[:8] + ["--outcome", "votes:cloture:for>=67"]).output
    assert "Outcomes asked (--outcome)" in text and "at least 67 votes for on “Cloture on H.R. 7152”" in text
    bad = CliRunner().invoke(cli, ["ensemble", five, "--runs", "100", "--outcome", "clotur=adopted"])
    assert bad.exit_code == 2 and "no item 'clotur'" in bad.output and "Votes" not in bad.output


def test_outcomes_asked_are_measured_in_the_ensembles_own_replays(historical, small, monkeypatch):
    from congress_sim.drivers.kernel import Kernel

    ran = []
    run = Kernel.run
    monkeypatch.setattr(Kernel, "run", lambda self, n, *a, **k: ran.append(n) or run(self, n, *a, **k))
    asked = ["appeal=adopted", "margin:martov_proposal", "present:appeal", "left:walkout:mensheviks>0"]
    e = cs.ensemble(historical, runs=2500, seed=7, jobs=1, keep=True, outcomes=asked)
    assert sum(ran) < 2500 + 10  # one pass: the replays are not run again to measure them
    s = e.summary()
    assert {k: v for k, v in s.items() if k != "outcomes"} == small.summary()  # asking changes nothing else
    a = e.arrays
    assert ((a["result:appeal"] == 0) == a["outcome:appeal=adopted"]).all()
    assert (a["counts:martov_proposal"][:, 0] - a["counts:martov_proposal"][:, 1] == a["outcome:margin:martov_proposal"]).all()
    appeal = next(x for x in s["attendance"] if x["moment"] == "vote:appeal")
    rows = {o["outcome"]: o for o in s["outcomes"]}
    assert rows["present:appeal"]["median"] == appeal["median"]
    assert rows["appeal=adopted"]["share"] == next(v for v in s["votes"] if v["id"] == "appeal")["p"]["adopted"]
    assert rows["left:walkout:mensheviks>0"]["description"] == "more than 0 Mensheviks who left in the walkout"
    columns = dict(zip(*e.table(), strict=True))
    assert (columns["margin:martov_proposal"] == a["outcome:margin:martov_proposal"]).all()
    assert "Outcomes asked (outcomes), in the same replays" in render(s)  # as Python names the argument


def test_outcomes_asked_are_parsed_once_and_a_mistake_is_said_before_any_block_runs(historical, monkeypatch):
    import pickle

    from congress_sim.drivers.kernel import Kernel
    from congress_sim.experiments import ensembles, outcomes

    parsed, ran = [], []
    parse_ = outcomes.parse
    monkeypatch.setattr(outcomes, "parse", lambda text, scenario: parsed.append(text) or parse_(text, scenario))
    run = Kernel.run
    monkeypatch.setattr(Kernel, "run", lambda self, n, *a, **k: ran.append(n) or run(self, n, *a, **k))
    monkeypatch.setattr(ensembles, "_KERNELS", {})  # no kernel built by an earlier test
    e = cs.ensemble(historical, runs=1500, seed=3, jobs=1, outcomes=["appeal=adopted", "margin:appeal", "appeal=adopted"])
    assert parsed == ["appeal=adopted", "margin:appeal", "appeal=adopted"]  # by the parent, once each
    assert e.job.asked == ["appeal=adopted", "margin:appeal"]
    # a worker of its own (spawned, or on Dask) is handed them parsed: the job pickles and parses nothing
    monkeypatch.setattr(ensembles, "_KERNELS", {})
    job = pickle.loads(pickle.dumps(e.job))
    assert set(ensembles.run_block(job, 1)) >= {"outcome:appeal=adopted", "outcome:margin:appeal"} and len(parsed) == 3
    ran.clear()
    with pytest.raises(cs.CongressSimError, match=r"^outcome 'apeal=adopted': no item 'apeal' \(did you mean 'appeal'"):
        cs.ensemble(historical, runs=1500, seed=3, jobs=2, outcomes=["appeal=adopted", "apeal=adopted"])
    assert ran == []


def test_a_resume_asks_the_outcomes_it_was_started_with(tmp_path):
    out = tmp_path / "ens"
    started = run_cli("ensemble", HISTORICAL, "--runs", 1000, "--jobs", 1, "--out", out, "-q", "--outcome", "left:walkout")
    assert started.exit_code == 0, started.output
    assert (out / "outcomes.csv").read_text().splitlines()[0].endswith(",left:walkout")
    for other in (["--outcome", "appeal=adopted"], []):
        refused = run_cli("ensemble", HISTORICAL, "--runs", 1000, "--jobs", 1, "--out", out, "--resume", *other)
        assert refused.exit_code == 2 and "Traceback" not in refused.output, refused.output
        assert refused.output == (f"error: {out}: was started with the outcomes 'left:walkout' (--outcome); give the same "
                                  "to resume (its blocks keep those), or another --out\n")
    same = run_cli("ensemble", HISTORICAL, "--runs", 1000, "--jobs", 1, "--out", out, "--resume", "-q",
                   "--outcome", "left:walkout")
    assert same.exit_code == 0, same.output
    none = tmp_path / "none"  # started with none: said so, not as "the outcomes none"
    assert run_cli("ensemble", HISTORICAL, "--runs", 1000, "--jobs", 1, "--out", none, "-q").exit_code == 0
    refused = run_cli("ensemble", HISTORICAL, "--runs", 1000, "--jobs", 1, "--out", none, "--resume", "--outcome", "left:walkout")
    assert refused.exit_code == 2 and refused.output == (f"error: {none}: was started with no outcome (--outcome); give "
                                                         "the same to resume (its blocks keep those), or another --out\n")


@pytest.mark.parametrize("seed", [-1, "a", 1.5, True, None])
def test_a_seed_given_in_python_is_checked_as_seed_is(historical, seed):
    # not Python's '<' not supported, numpy's SeedSequence error, or an ensemble seeded with True
    with pytest.raises(cs.CongressSimError, match=r"^seed must be a whole number, 0 or more, not "):
        cs.ensemble(historical, runs=10, seed=seed, jobs=1)


def test_a_bad_argument_is_named_as_python_names_it_and_as_the_command_line_does(historical, tmp_path):
    # from Python, the argument (runs, resume, out); from the command line, the option that gave it
    with pytest.raises(ValueError, match=r"^runs must be from 1 to 100,000,000, not 0$"):
        cs.ensemble(historical, runs=0)
    with pytest.raises(cs.CongressSimError, match=r"^resume needs out, the folder where the earlier run kept its"):
        cs.ensemble(historical, runs=10, resume=True)
    run = CliRunner().invoke(cli, ["ensemble", str(HISTORICAL), "--runs", "10", "--resume"])
    assert run.exit_code == 2
    assert run.stderr == "error: --resume needs --out, the folder where the earlier run kept its blocks\n"


def test_a_faction_that_did_not_vote_for_is_judged_alike_by_check_and_the_ensemble(scenarios):
    """*not for*: against, abstaining or not voting; in every replay exactly one of it and *for* holds."""
    (scenarios / "w.yaml").write_text("extends: historical.yaml\ntitle: W\nrecord: w.record.yaml\n")
    facts = [("lsr_for", "government", "left_sr", "for"), ("lsr_not_for", "government", "left_sr", "not for"),
             ("b_not_for", "martov_resolution", "bolsheviks", "not for")]
    (scenarios / "w.record.yaml").write_text("title: t\nfacts:\n" + "".join(
        f"  - {{id: {i}, statement: s., check: {{kind: faction_vote, vote: {v}, faction: {f}}}, "
        f"attestations: [{{source: gse, value: {w}}}]}}\n" for i, v, f, w in facts))
    scenario = cs.load(scenarios / "w.yaml")
    checked = {o.fact.id: o.passed for o in cs.check(cs.simulate(scenario)).outcomes}
    assert checked == {"lsr_for": True, "lsr_not_for": False, "b_not_for": True}  # the Bolsheviks were against
    rows = {r["id"]: r["pass_rate"] for r in cs.ensemble(scenario, runs=400, seed=1, jobs=1).summary()["facts"]["rows"]}
    assert rows["lsr_for"] + rows["lsr_not_for"] == pytest.approx(1) and 0 < rows["lsr_not_for"] < 0.1
    assert rows["b_not_for"] > 0.9
    against = cs.load(scenarios / "w.yaml", ["government.stances.left_sr=against"])
    assert {o.fact.id: o.passed for o in cs.check(cs.simulate(against)).outcomes}["lsr_not_for"] is True
    rows = {r["id"]: r["pass_rate"] for r in cs.ensemble(against, runs=200, seed=1, jobs=1).summary()["facts"]["rows"]}
    assert rows["lsr_not_for"] == 1.0 and rows["lsr_for"] == 0.0


def test_a_rare_share_is_never_printed_as_none_or_all(small):
    """A count that a few replays gave is not printed as 0.00, nor a near-certain one as 1.00."""
    from congress_sim.experiments.tally import share

    assert [share(0.0), share(0.0004), share(0.0005), share(0.9996), share(1.0)] == \
        ["0.000", "<0.001", "0.001", ">0.999", "1.000"]
    assert share(0.003, 2) == "<0.01" and share(0.997, 2) == ">0.99"
    s = small.summary()
    text = render(s)
    for el in s["elections"]:
        for d in el["seats"].values():
            for v, p in d["distribution"].items():
                if 0 < p < 0.005:
                    assert f"{v}: <0.01" in text
    assert ": 0.00," not in text and not text.rstrip().endswith(": 0.00")
    rare = [v["p"][w] for v in s["votes"] for w in ("adopted", "rejected") if 0 < v["p"][w] < 0.0005]
    assert rare and "&lt;0.001" in small._repr_html_()  # and in a notebook alike


def test_outcomes_measured_for_sensitivity_are_not_parsed_again(historical, monkeypatch):
    """`sensitivity` and `discover` measure outcomes through ``evaluate``: its workers take them parsed."""
    from congress_sim.experiments import outcomes

    asked = [parse("appeal=adopted", historical), parse("left:walkout", historical)]
    monkeypatch.setattr(outcomes, "parse", lambda *a: pytest.fail("parsed again"))
    values, _ = evaluate(historical, asked, runs=1200, seed=2, jobs=2)
    assert values.shape == (1200, 2) and set(np.unique(values[:, 0])) <= {0, 1}


GUILD = """
title: Guild
issues: {charter: {label: The charter, status_quo: -1}}
factions:
  smiths: {label: Smiths, delegates: 40, positions: {charter: 0.8}}
  merchants: {label: Merchants, delegates: 30, positions: {charter: -0.6}}
bodies:
  council: {label: The Council of Seven, seats: 7, method: dhondt}
sessions:
  - id: day_one
    opens: 2031-04-14T09:00
    agenda:
      - {id: close_charter_debate, kind: vote, type: previous_question, on: charter_motion, motion: The previous question}
      - {id: charter_motion, kind: vote, motion: Adopt the new charter, content: {charter: 1}}
      - {id: council_election, kind: election, body: council}
"""


def test_a_body_whose_label_begins_with_the_is_not_called_the_the():
    text = render(cs.ensemble(cs.loads(GUILD), runs=200, seed=1, jobs=1).summary())
    assert "Seats of The Council of Seven: mean" in text and "the The" not in text


def test_two_ensembles_compared_keep_their_columns_for_each_motion(tmp_path):
    (tmp_path / "guild.yaml").write_text(GUILD)
    (tmp_path / "two.yaml").write_text("extends: guild.yaml\nset: {charter_motion.rules.majority: two_thirds}\n")
    for name in ("guild", "two"):
        assert run_cli("ensemble", tmp_path / f"{name}.yaml", "--runs", 200, "--jobs", 1, "--out", tmp_path / name).exit_code == 0
    lines = run_cli("compare", tmp_path / "guild", tmp_path / "two").output.splitlines()
    header = next(ln for ln in lines if ln.startswith("Votes"))
    rows = [ln for ln in lines if ln.startswith(("  The previous question ", "  Adopt the new charter "))]
    assert len(rows) == 2 and "Mean seats of The Council of Seven" in lines
    # each row's P(adopted) of A ends where the header's does
    end = header.index("P(adopted) A") + len("P(adopted) A")
    assert all(row[end - 5:end] in ("0.000", "1.000") and row[end] == " " for row in rows), [header, *rows]


def test_two_ensembles_compare_the_outcomes_asked_of_either(tmp_path):
    for name, path, asked in (("a", HISTORICAL, ["left:walkout", "appeal=adopted"]),
                              ("b", ROOT / "scenarios" / "historical-uncertain.yaml", ["left:walkout"])):
        args = [x for o in asked for x in ("--outcome", o)]
        assert run_cli("ensemble", path, "--runs", 1000, "--jobs", 1, "--out", tmp_path / name, "-q", *args).exit_code == 0
    a, b = (json.loads((tmp_path / n / "summary.json").read_text())["outcomes"] for n in "ab")
    text = run_cli("compare", tmp_path / "a", tmp_path / "b").output
    rows = text.split("Outcomes asked (share of replays, or mean)\n")[1].splitlines()
    assert rows[0].split()[:4] == ["left:walkout", f"{a[0]['mean']:.1f}", "->", f"{b[0]['mean']:.1f}"]
    assert rows[0].endswith("delegates who left in the walkout")
    assert rows[1].split()[:4] == ["appeal=adopted", f"{a[1]['share']:.3f}", "->", "-"]
    assert rows[2] == "  (-: not asked of that ensemble)"
    data = json.loads(run_cli("compare", tmp_path / "a", tmp_path / "b", "--json").output)["outcomes"]
    assert data[1] == {"outcome": "appeal=adopted", "description": a[1]["description"], "share": [a[1]["share"], None]}
