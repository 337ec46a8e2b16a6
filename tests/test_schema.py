"""The JSON Schemas for editors: generated from the models, kept in schema/, never stale."""

import json

import jsonschema
import pytest
from click.testing import CliRunner

from congress_sim.cli import cli
from congress_sim.language import presets
from congress_sim.language.source import read
from congress_sim.publish.schema import dumps, record_schema, scenario_schema

from .conftest import ROOT

YAML = sorted([*(ROOT / "scenarios").rglob("*.yaml"), *(ROOT / "examples").glob("*.yaml"), *presets.FOLDER.glob("*.yaml")])
# A scenario's `parameters:` file holds values fitted by `congress-sim calibrate`, which writes it whole (its first
# line says so); it is read as `set`, not edited, and names no schema. Every other file is a scenario, a what-if,
# a rules preset (all three under the scenario schema) or a record.
FITTED = {(path.parent / data["parameters"]).resolve() for path in YAML
          if isinstance(data := read(path).data, dict) and isinstance(data.get("parameters"), str)}
SHIPPED = [path for path in YAML if path.resolve() not in FITTED]


@pytest.mark.parametrize(("name", "make"), [("scenario", scenario_schema), ("record", record_schema)])
def test_the_kept_schema_is_not_stale(name, make):
    kept = (ROOT / "schema" / f"{name}.schema.json").read_text()
    assert kept == dumps(make()), f"regenerate with: congress-sim schema {'--record ' if name == 'record' else ''}> schema/{name}.schema.json"


def test_the_cli_prints_the_schema():
    out = CliRunner().invoke(cli, ["schema"]).output
    assert json.loads(out)["title"] == "congress-sim scenario"


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_file_names_its_schema_and_passes_it(path):
    kind = "record" if path.name.endswith(".record.yaml") else "scenario"
    first = path.read_text().splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=") and first.endswith(f"schema/{kind}.schema.json")
    target = (path.parent / first.split("=", 1)[1]).resolve()
    schema = json.loads(target.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(read(path).data))
    assert not errors, errors[0].message


def test_a_bad_scenario_fails_the_schema_too():
    schema = scenario_schema()
    bad = read(ROOT / "tests" / "bad" / "misspelt-top.yaml").data
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(bad))


@pytest.mark.parametrize("make", [scenario_schema, record_schema])
def test_every_property_has_a_description_and_examples(make):
    schema = make()
    missing = []
    for name, node in [("", schema), *schema.get("$defs", {}).items()]:
        for prop, spec in node.get("properties", {}).items():
            if not spec.get("description") or "examples" not in spec:
                missing.append(f"{name}.{prop}")
    assert missing == []


@pytest.mark.parametrize("make", [scenario_schema, record_schema])
def test_every_example_passes_its_own_property(make):
    schema = make()
    defs = schema.get("$defs", {})
    wrong = []
    for name, node in [("", schema), *defs.items()]:
        for prop, spec in node.get("properties", {}).items():
            check = jsonschema.Draft202012Validator({**spec, "$defs": defs})
            wrong += [f"{name}.{prop}: {json.dumps(example)}" for example in spec.get("examples", [])
                      if not check.is_valid(example)]
    assert wrong == []


@pytest.mark.parametrize(("where", "written", "valid"), [
    ("opens", "2024-01-01T10:00", True),
    ("opens", "2024-01-01 10:00", True),
    ("opens", "10:00", False),  # a time of day without its date
    ("opens", "2024-01-01", False),  # a day without its time: it would be midnight
    ("history", "2024-01-01", True),  # a dated event before the assembly needs no time
])
def test_an_editor_flags_a_moment_without_its_date_or_its_time(where, written, valid):
    # what `validate` refuses, the schema refuses as one types
    data = {"title": "t", "factions": {"a": {"label": "A"}},
            "sessions": [{"id": "s", "opens": written if where == "opens" else "2024-01-01T10:00"}]}
    if where == "history":
        data["history"] = [{"date": written, "text": "The date is set."}]
    assert jsonschema.Draft202012Validator(scenario_schema()).is_valid(data) is valid
