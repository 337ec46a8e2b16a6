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
