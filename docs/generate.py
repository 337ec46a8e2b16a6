"""Write the reference pages from the code, so that they cannot drift from it.

    python docs/generate.py          # rewrites docs/reference/*.md

tests/test_docs_reference.py fails when a page is not what this script would write.
"""

from __future__ import annotations

import inspect
import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def cli_reference() -> str:

    from congress_sim.cli import cli

    # make_context applies the commands' own settings (-h as well as --help), as a real run does
    ctx = cli.make_context("congress-sim", [], resilient_parsing=True, terminal_width=100, max_content_width=100)
    out = ["# Command-line reference", "",
           "Generated from the commands' own help by `docs/generate.py`; every command has an example.", "",
           "```text", cli.get_help(ctx).rstrip(), "```", ""]
    for name in sorted(cli.commands):
        cmd = cli.commands[name]
        sub = cmd.make_context(name, [], parent=ctx, resilient_parsing=True)
        out += [f"## congress-sim {name}", "", "```text", cmd.get_help(sub).rstrip(), "```", ""]
    return "\n".join(out)


def _type(spec: dict[str, Any]) -> str:
    if "$ref" in spec:
        return spec["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in spec or "oneOf" in spec:
        return " or ".join(_type(s) for s in spec.get("anyOf", spec.get("oneOf", [])) if s.get("type") != "null")
    if "const" in spec:
        return json.dumps(spec["const"])
    if "enum" in spec:
        return " / ".join(json.dumps(v) for v in spec["enum"])
    t = spec.get("type", "any")
    if t == "array":
        return f"list of {_type(spec.get('items', {}))}"
    if t == "object" and "additionalProperties" in spec and isinstance(spec["additionalProperties"], dict):
        return f"mapping of id to {_type(spec['additionalProperties'])}"
    return str(t)


def _model_table(name: str, node: dict[str, Any]) -> list[str]:
    required = set(node.get("required", []))
    rows = [f"### {name}", ""]
    if node.get("description"):
        rows += [" ".join(node["description"].split()), ""]
    rows += ["| key | type | required | default | description | example |", "|---|---|---|---|---|---|"]
    for key, spec in node.get("properties", {}).items():
        default = json.dumps(spec["default"]) if "default" in spec else ""
        example = json.dumps(spec["examples"][0], ensure_ascii=False) if spec.get("examples") else ""
        if len(example) > 60:
            example = example[:57] + "..."
        desc = " ".join(str(spec.get("description", "")).split()).replace("|", "\\|")
        rows.append(f"| `{key}` | {_type(spec).replace('|', '/')} | {'yes' if key in required else ''} | "
                    f"{default.replace('|', '/')} | {desc} | `{example.replace('|', '/')}` |")
    return rows + [""]


def scenario_reference() -> str:
    from congress_sim.publish.schema import DIRECTIVES, record_schema, scenario_schema

    schema = scenario_schema()
    defs = schema["$defs"]
    out = ["# Scenario reference", "",
           "Generated from the scenario models by `docs/generate.py` (the same models give",
           "`schema/scenario.schema.json`). Keys not listed are an error. Times are written in the",
           "scenario's calendar, as `1917-10-25T22:40`.", ""]
    out += _model_table("Scenario (the top of a file)", defs["Scenario"])
    for name in sorted(k for k in defs if not k.startswith("Partial") and k not in ("Scenario", "WhatIf")):
        out += _model_table(name, defs[name])
    from congress_sim.language import limits, presets
    from congress_sim.language.source import MAX_BYTES, MAX_DEPTH, MAX_NODES, read

    out += ["## Rules presets", "", "Shipped with congress-sim (installed with the package, in",
            "`src/congress_sim/language/presets/`); a scenario anywhere names one as `rules: {preset: NAME}`,",
            "and a rules file of its own as `rules: {preset: FILE.yaml}`, relative to it:", "",
            "| name | what it holds |", "|---|---|"]
    for name in presets.names():
        out.append(f"| `{name}` | {read(presets.FOLDER / f'{name}.yaml').data['note']} |")
    out += [""]

    out += ["## Limits", "", "A scenario that could pass one of these is refused where it passes it, so that every",
            "scenario that loads replays in seconds and in bounded memory:", "",
            f"- a file of at most {MAX_BYTES:,} bytes, {MAX_DEPTH} levels deep, {MAX_NODES:,} values with its aliases;",
            f"- at most {limits.MAX_DELEGATES:,} delegates in all (at the opening and arriving);",
            f"- at most {limits.MAX_MOVES:,} delegates who come or go one by one (over a window) in a replay;",
            f"- at most {limits.MAX_TALLIES:,} tallies of a faction at a vote (votes times factions) in a replay;",
            "- `extends`, `record`, `parameters` and a rules preset's file: relative to the file that names",
            "  them, inside its folder or the git project that holds it.", ""]
    out += ["## What-if files", "", "A file with `extends` is a what-if: every key above is optional (mappings",
            "are merged into the base, but a Quorum, a Threshold or an Uncertain whole; anything else is",
            "replaced), and these keys change the base:", "",
            "| key | description | example |", "|---|---|---|"]
    for key, spec in DIRECTIVES.items():
        out.append(f"| `{key}` | {spec['description']} | `{json.dumps(spec['examples'][0])}` |")
    out += ["", "## Record files", "", "A record (`*.record.yaml`, `schema/record.schema.json`) lists facts;",
            "each fact's `check` has one of the kinds below. Every id a fact names (a vote, an election, a",
            "person, a faction, a session...) must be one its scenario knows, and every time one its calendar",
            "reads: `validate` and `check` say where one is not, rather than count the fact as failed.",
            "A what-if that inherits its base's record is not held to it (it may remove what the record",
            "speaks of; such facts are skipped).", ""]
    rschema = record_schema()
    out += _model_table("Record (the top of a file)", rschema)
    rdefs = rschema["$defs"]
    for name in sorted(rdefs):
        out += _model_table(name, rdefs[name])
    return "\n".join(out)


def python_reference() -> str:
    import congress_sim as cs

    out = ["# Python reference", "", "Generated from the docstrings by `docs/generate.py`. Everything here is",
           "importable from `congress_sim`; the examples run in the tests.", ""]
    for name in sorted(n for n in cs.__all__ if not n.startswith("_")):
        obj = getattr(cs, name)
        try:
            sig = str(inspect.signature(obj)) if callable(obj) and not isinstance(obj, type) else ""
        except (TypeError, ValueError):
            sig = ""
        kind = "class" if isinstance(obj, type) else "function"
        doc = inspect.getdoc(obj) or ""
        out += [f"## `{name}{sig}`", "", f"*{kind}*", "", doc, ""]
    return "\n".join(out)


PAGES = {"cli.md": cli_reference, "scenario.md": scenario_reference, "python.md": python_reference}


def main() -> None:
    for name, make in PAGES.items():
        (HERE / "reference" / name).write_text(make() + "\n", encoding="utf-8")
        print(f"docs/reference/{name}")


if __name__ == "__main__":
    sys.exit(main())
