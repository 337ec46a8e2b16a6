"""The shape of `congress-sim run --json`: others build on it, so it is pinned here."""

import json
import re

from click.testing import CliRunner

from congress_sim.cli import cli

from .conftest import HISTORICAL

ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$")


def summary(*args):
    result = CliRunner().invoke(cli, ["run", str(HISTORICAL), "--json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_top_level_keys():
    s = summary()
    assert {"calendar", "seed", "sessions", "recesses", "census", "attendance", "walkouts", "votes",
            "elections"} <= set(s)
    assert s["calendar"] == "julian" and s["seed"] is None


def test_every_time_is_iso_in_the_scenario_calendar():
    s = summary()
    times = [x["opened"] for x in s["sessions"]] + [x["closed"] for x in s["sessions"]]
    times += [r[k] for r in s["recesses"] for k in ("start", "end")]
    times += [x["time"] for key in ("attendance", "walkouts", "votes", "elections") for x in s[key]]
    assert times and all(ISO.match(t) for t in times)
    assert s["sessions"][0]["opened"] == "1917-10-25T22:40"


def test_census_and_records():
    s = summary()
    for when in ("opening", "closing"):
        c = s["census"][when]
        assert c["total"] == sum(c["by_faction"].values()) == sum(c["by_party"].values())
    vote = s["votes"][1]
    assert {"id", "motion", "time", "for", "against", "abstain", "result"} <= set(vote)
    assert vote["result"] in ("adopted", "rejected", "not taken")
    election = s["elections"][0]
    assert {"id", "body", "time", "total", "seats"} <= set(election)
    assert {"id", "time", "factions", "delegates"} <= set(s["walkouts"][0])
    assert {"time", "total", "by_faction"} <= set(s["attendance"][0])


def test_seed_is_reported():
    assert summary("--seed", "5")["seed"] == 5


def _keys(value):
    """Every key of every mapping in a JSON value, however deep."""
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def test_a_tally_is_keyed_alike_at_the_top_of_a_vote_and_by_faction():
    s = summary()
    vote = s["votes"][1]
    for tally in vote["by_faction"].values():
        assert set(tally) == {"for", "against", "abstain", "not_voting"}
    assert sum(t["not_voting"] for t in vote["by_faction"].values()) == vote["not_voting"]
    assert not [k for k in _keys(s) if " " in k]  # keys are ids and names of fields, written alike


def test_a_vote_short_of_its_quorum_needed_nothing_and_gives_the_quorum_it_lacked():
    """As `run`'s table shows: `-` under needed, and the transcript's quorum (Vikzhel's two thirds)."""
    path = HISTORICAL.parent / "whatif" / "vikzhel-quorum.yaml"
    result = CliRunner().invoke(cli, ["run", str(path), "--json"])
    assert result.exit_code == 0, result.output
    votes = {v["id"]: v for v in json.loads(result.output)["votes"]}
    lacking = votes["appeal"]
    assert (lacking["result"], lacking["present"], lacking["needed"], lacking["quorum"]) == ("not taken", 511, None, 600)
    assert "quorum" not in votes["martov_proposal"]  # a quorum met changes nothing: no key for it
