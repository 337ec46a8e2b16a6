"""Ensembles: the same summary for any number of workers or executor, and safe to interrupt."""

import json
import os
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

from .conftest import HISTORICAL, ROOT

VOLATILE = ("seconds", "replays_per_second", "workers", "executor")


def stable(summary):
    return {k: v for k, v in summary.items() if k not in VOLATILE}


@pytest.fixture(scope="module")
def small(historical):
    return cs.ensemble(historical, runs=2500, seed=7, jobs=1)


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
    other = cs.ensemble(historical, runs=2500, seed=7, jobs=2)
    assert stable(other.summary()) == stable(small.summary())
    assert all((other.arrays[k] == small.arrays[k]).all() for k in small.arrays)


def test_another_seed_gives_other_replays(historical, small):
    other = cs.ensemble(historical, runs=2500, seed=8, jobs=1)
    assert not (other.arrays["counts:appeal"] == small.arrays["counts:appeal"]).all()


def test_memory_grows_with_outcomes_not_event_logs(small):
    per_replay = sum(a.nbytes for a in small.arrays.values()) / small.job.runs
    assert per_replay < 1500  # bytes: counts, seats, facts and the band; an event log is ~300 events


def test_a_whatif_with_chance_in_it(historical, small):
    # the protest sets the walkout off in half the replays: who walks out, and so the CEC's seats,
    # follow as often as it does
    scenario = cs.load(HISTORICAL, ["protest.probability=0.5"])
    s = cs.ensemble(scenario, runs=4000, seed=1, jobs=1).summary()

    def walkout(summary):
        return next(r for r in summary["facts"]["rows"] if r["id"] == "walkout_factions")["pass_rate"]

    assert 0.35 < walkout(s) / walkout(small.summary()) < 0.65

    def mensheviks_seated(summary):
        cec = next(e for e in summary["elections"] if e["id"] == "cec")
        return 1 - cec["seats"]["mensheviks"]["distribution"].get("0", 0)

    assert 0.4 < mensheviks_seated(s) - mensheviks_seated(small.summary()) < 0.6


def test_progress_is_reported(historical):
    seen = []
    cs.ensemble(historical, runs=3000, seed=1, jobs=1, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(0, 3), (1, 3), (2, 3), (3, 3)]


def test_dask_local_cluster_gives_the_local_summary(historical, small):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        remote = cs.ensemble(historical, runs=2500, seed=7, executor="dask", scheduler=cluster.scheduler_address)
    assert remote.executor == "dask"
    assert stable(remote.summary()) == stable(small.summary())


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


def test_cli_refuses_to_replace_a_folder_that_is_not_an_ensemble(tmp_path):
    (tmp_path / "thesis.tex").write_text("precious")
    result = run_cli("ensemble", HISTORICAL, "--runs", 1000, "--out", tmp_path, "--force")
    assert result.exit_code == 2 and (tmp_path / "thesis.tex").read_text() == "precious"


def test_cli_compares_two_ensembles(tmp_path):
    for name, path in (("a", HISTORICAL), ("b", ROOT / "scenarios" / "whatif" / "sr-unsplit.yaml")):
        assert run_cli("ensemble", path, "--runs", 1000, "--jobs", 1, "--out", tmp_path / name).exit_code == 0
    result = run_cli("compare", tmp_path / "a", tmp_path / "b" / "summary.json")
    assert result.exit_code == 0, result.output
    assert "P(adopted) A" in result.output and "left_sr" in result.output
    mixed = run_cli("compare", tmp_path / "a", HISTORICAL)
    assert mixed.exit_code == 2


def start(out, runs=100_000, jobs=2):
    logs = out.parent
    return subprocess.Popen([sys.executable, "-m", "congress_sim.cli", "ensemble", str(HISTORICAL), "--runs",
                             str(runs), "--seed", "5", "--jobs", str(jobs), "--out", str(out), "--json"],
                            stdout=open(logs / "stdout", "w"), stderr=open(logs / "stderr", "w"),  # noqa: SIM115
                            text=True)


def finish(proc, out, limit=120):
    proc.wait(timeout=limit)
    return (out.parent / "stdout").read_text(), (out.parent / "stderr").read_text()


def wait_for_blocks(out, n, proc, limit=60):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if (out / "blocks").exists() and len(list((out / "blocks").glob("*.npz"))) >= n:
            return
        assert proc.poll() is None, (out.parent / "stderr").read_text()
        time.sleep(0.02)
    raise AssertionError("no blocks were written")


@pytest.fixture(scope="module")
def uninterrupted(historical):
    return stable(cs.ensemble(historical, runs=100_000, seed=5, jobs=2).summary())


@pytest.mark.parametrize(("how", "after"), [(signal.SIGINT, 5), (signal.SIGINT, 40), (signal.SIGKILL, 5),
                                            (signal.SIGKILL, 50)])
def test_an_interrupted_ensemble_resumes_to_the_same_summary(tmp_path, uninterrupted, how, after):
    out = tmp_path / "ens"
    proc = start(out)
    wait_for_blocks(out, after, proc)
    workers = children(proc.pid)
    proc.send_signal(how)
    _, err = finish(proc, out)
    if how == signal.SIGINT:
        assert proc.returncode == 130 and "--resume" in err
    if how == signal.SIGINT:
        assert not list((out / "blocks").glob(".*"))  # no half-written block left behind
    for block in (out / "blocks").glob("*.npz"):
        with np.load(block) as data:  # every block on disk is whole
            assert len(data["attendance"]) == 1000
    time.sleep(0.3)
    assert not [w for w in workers if alive(w)], "no worker outlives the ensemble"
    resumed = CliRunner().invoke(cli, ["ensemble", str(HISTORICAL), "--runs", "100000", "--seed", "5", "--out",
                                       str(out), "--resume", "--json"])
    assert resumed.exit_code == 0, resumed.output
    assert stable(json.loads(resumed.output)) == uninterrupted


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
    wait_for_blocks(out, 10, proc)
    workers = children(proc.pid)
    assert workers
    os.kill(workers[0], signal.SIGKILL)
    stdout, err = finish(proc, out)
    assert proc.returncode == 0, err
    assert "a worker process died" in err and "is run again" in err
    assert stable(json.loads(stdout)) == uninterrupted


def test_band_on_the_attendance_figure(historical):
    band = cs.ensemble(cs.load(HISTORICAL, ["protest.probability=0.5"]), runs=1000, seed=2, jobs=1).summary()["band"]
    fig = cs.plot_attendance(cs.simulate(historical), band=band)
    ax = next(a for a in fig.axes if a.get_ylabel() == "delegates present")
    assert any(c.get_gid() == "band" for c in ax.collections)
    assert min(band["p5"][1:-1]) < 520 < 640 < max(band["p95"])
