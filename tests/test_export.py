"""Exports: the event log, tidy tables (CSV, Parquet), DataFrames, and Popolo data that passes
the Popolo JSON Schemas (draft-03, kept in tests/popolo with their licence, loaded offline)."""

import csv
import json

import pytest
from click.testing import CliRunner

import congress_sim as cs
from congress_sim.cli import cli
from congress_sim.publish.export import popolo

from .conftest import HISTORICAL, ROOT

POPOLO = ROOT / "tests" / "popolo"
KINDS = {"organizations": "organization", "persons": "person", "memberships": "membership", "events": "event",
         "motions": "motion", "vote_events": "vote_event", "speeches": "speech"}


@pytest.fixture(scope="module")
def validators():
    import jsonschema
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT3

    registry = Registry()
    schemas = {}
    paths = sorted(POPOLO.glob("*.json"))
    assert len(paths) == 16, f"the Popolo schemas belong in {POPOLO}"  # never skipped: they ship with the tests
    for path in paths:
        schema = json.loads(path.read_text())
        resource = Resource.from_contents(schema, default_specification=DRAFT3)
        registry = registry.with_resources([(schema["id"], resource), (schema["id"].rstrip("#"), resource)])
        schemas[path.stem] = schema
    return {k: jsonschema.Draft3Validator(s, registry=registry) for k, s in schemas.items()}


@pytest.mark.parametrize("path", [HISTORICAL, ROOT / "scenarios" / "whatif" / "no-walkout.yaml",
                                  ROOT / "examples" / "town-council.yaml",
                                  ROOT / "scenarios" / "senate-1964" / "senate-1964.yaml"], ids=lambda p: p.name)
def test_every_popolo_object_is_valid(validators, path):
    data = popolo(cs.simulate(cs.load(path)))
    assert set(data) == set(KINDS)
    for key, objects in data.items():
        assert objects, key
        for obj in objects:
            errors = list(validators[KINDS[key]].iter_errors(obj))
            assert not errors, (key, obj.get("id"), errors[0].message)


def test_the_popolo_export_says_what_happened(replay):
    data = popolo(replay)
    orgs = {o["id"]: o for o in data["organizations"]}
    assert orgs["faction/left_sr"]["parent_id"] == "party/sr"
    assert orgs["faction/bolsheviks"]["parent_id"] == "congress"
    appeal = next(v for v in data["vote_events"] if v["identifier"] == "appeal")
    totals = {c["option"]: c["value"] for c in appeal["counts"] if "group" not in c}
    a, b, c = replay.vote("appeal").totals()
    assert totals == {"yes": a, "no": b, "abstain": c, "not voting": replay.vote("appeal").present - a - b - c}
    assert appeal["result"] == "pass" and appeal["start_date"] == "1917-11-08T05:00+02:01"  # New Style
    cec = [m for m in data["memberships"] if m["id"].startswith("seats/cec/")]
    seats = replay.elections()[-1].seats["bolsheviks"]
    assert {m["on_behalf_of_id"]: m["label"] for m in cec}["faction/bolsheviks"] == f"{seats} seats"
    types = {s["type"] for s in data["speeches"]}
    assert types == {"scene", "narrative"}
    assert data["speeches"][0]["text"] == "First session opens"


def test_tidy_tables_are_keyed_by_scenario_seed_and_time(tmp_path):
    out = tmp_path / "votes.csv"
    result = CliRunner().invoke(cli, ["export", str(HISTORICAL), "--format", "votes", "-o", str(out), "--seed", "4"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open()))
    assert rows[0]["scenario"].startswith("Second All-Russian") and rows[0]["seed"] == "4"
    appeal = [r for r in rows if r["vote"] == "appeal"]
    assert {r["faction"] for r in appeal} == set(cs.simulate(cs.load(HISTORICAL), 4).vote("appeal").tally)
    assert all(r["time"] == "1917-10-26T05:00" for r in appeal)


@pytest.mark.parametrize("fmt", ["attendance", "votes", "seats"])
def test_tables_as_parquet_and_dataframes(tmp_path, replay, fmt):
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    path = tmp_path / f"{fmt}.parquet"
    from congress_sim.publish.export import export

    export(replay, fmt, path)
    read = pd.read_parquet(path)
    assert read.equals(replay.frame(fmt))
    assert len(read) == len(replay.table(fmt)[1])


def test_events_frame_and_jsonl(tmp_path, replay):
    pytest.importorskip("pandas")
    frame = replay.frame("events")
    assert len(frame) == len(replay.events) and frame["kind"].iloc[0] == "roster"
    out = tmp_path / "events.jsonl"
    assert CliRunner().invoke(cli, ["export", str(HISTORICAL), "--format", "events", "-o", str(out)]).exit_code == 0
    lines = out.read_text().splitlines()
    assert len(lines) == len(replay.events) and json.loads(lines[-1])["kind"] == "session_closed"


def test_export_does_not_overwrite(tmp_path):
    out = tmp_path / "votes.csv"
    out.write_text("mine")
    result = CliRunner().invoke(cli, ["export", str(HISTORICAL), "--format", "votes", "-o", str(out)])
    assert result.exit_code == 2 and out.read_text() == "mine"


def exported_rows(tmp_path, how):
    """The rows of one exported table, as mappings, however it was written."""
    if how in ("events", "votes-csv", "votes-parquet", "attendance-csv", "seats-csv"):
        fmt, _, ext = how.partition("-")
        out = tmp_path / f"t.{'jsonl' if fmt == 'events' else ext}"
        assert CliRunner().invoke(cli, ["export", str(HISTORICAL), "--format", fmt, "-o", str(out)]).exit_code == 0
        if fmt == "events":
            return [json.loads(line) for line in out.read_text().splitlines()]
        if ext == "parquet":
            return pytest.importorskip("pandas").read_parquet(out).to_dict("records")
        return list(csv.DictReader(out.open()))
    assert CliRunner().invoke(cli, ["run", str(HISTORICAL), "--out", str(tmp_path / "run"), "-q"]).exit_code == 0
    return list(csv.DictReader((tmp_path / "run" / how).open()))


@pytest.mark.parametrize("how", ["events", "votes-csv", "votes-parquet", "attendance-csv", "seats-csv", "votes.csv",
                                 "attendance.csv"])
def test_every_exported_table_names_its_calendar_and_gives_the_gregorian_time(tmp_path, how):
    from congress_sim.language.calendar import parse_stamp

    rows = exported_rows(tmp_path, how)
    assert rows and all(r["calendar"] == "julian" for r in rows)
    for r in rows:  # the same day, thirteen days apart on paper
        assert parse_stamp(r["time"], "julian") == parse_stamp(r["time_gregorian"], "gregorian")
    appeal = [r for r in rows if r.get("vote", r.get("item")) == "appeal"]
    if "vote" in how or how == "events":
        assert {(r["time"], r["time_gregorian"]) for r in appeal} == {("1917-10-26T05:00", "1917-11-08T05:00")}


def test_the_events_frame_says_its_calendar_too(replay):
    pytest.importorskip("pandas")
    frame = replay.frame("events")
    assert list(frame.columns[:5]) == ["kind", "time", "calendar", "time_gregorian", "minute"]
    assert set(frame["calendar"]) == {"julian"}
