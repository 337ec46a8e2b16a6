"""JSON Schemas of the scenario language and of records, for editors (completion, checks on the fly).

Generated from the pydantic models; every property gets a description and examples (from the
model where it gives them, else from the tables below), and what-if files get a schema of their
own: every key optional, plus ``extends``, ``set``, ``remove``, ``insert`` and ``reschedule``.
A copy is kept in the repository (``schema/``), and a test fails when it is stale.
"""

from __future__ import annotations

import copy
import json
from typing import Any

SCHEMA_URL = "https://json-schema.org/draft/2020-12/schema"

DESCRIBE = {
    "title": "A short human title.",
    "kind": "What kind of item this is.",
    "Announcement.text": "What is announced, as the source puts it.",
    "Arrival.count": "How many delegates of the faction arrive.",
    "Arrival.at": "When they arrive, if all at once.",
    "Body.label": "The body's name as a historian writes it.",
    "Body.offered": "With method `offered`: the seats offered to each faction.",
    "Debate.topic": "What the debate or report is about.",
    "Defection.count": "How many delegates change faction.",
    "Defection.share": "Or: what share of the faction's delegates present change.",
    "HistoryEntry.text": "What happened.",
    "Party.colour": "Colour of the party in plots by party, as #rrggbb.",
    "Person.name": "The person's name as a historian writes it.",
    "Person.role": "The person's role, for the reader.",
    "RuleOverride.quorum": "The quorum for this motion only.",
    "RuleOverride.majority": "The majority for this motion only.",
    "Session.title": "The session's name, e.g. 'First session'.",
    "Session.agenda": "What the session does, in order.",
    "Stance.for": "Propensity to vote for (0 to 1).",
    "Stance.against": "Propensity to vote against (0 to 1).",
    "Stance.abstain": "Propensity to abstain (0 to 1).",
    "Trigger.when": "The cause: an item, and for a vote or decision, how it ended; for an election, who won.",
    "Trigger.then": "The reaction: an announcement, walkout, defection or decision.",
    "Walkout.factions": "The factions whose delegates walk out.",
    "Walkout.declaration": "What they declare as they leave.",
    "Scenario.place": "Where the assembly met.",
    "Scenario.description": "A paragraph for the reader.",
    "Scenario.parties": "Parties that group factions, by id.",
    "Scenario.factions": "The factions, by id: labels, colours, delegates at the opening, leanings.",
    "Scenario.persons": "Named persons, by id.",
    "Scenario.delegations": "The bodies that sent delegates, by kind.",
    "Scenario.rules": "Quorum and majority for the whole assembly.",
    "Scenario.bodies": "Bodies to fill: presidium, committees, government.",
    "Scenario.arrivals": "Delegates who come after the opening.",
    "Scenario.sessions": "The sittings, in time order, each with its agenda.",
    "Scenario.triggers": "Reactions: when something happens, a faction does something.",
    "Attestation.note": "Anything the reader should know about this value.",
    "Fact.check": "What to measure in the replay, and how.",
    "Fact.attestations": "Each source's value for the fact.",
    "Occurrence.items": "The items that must have happened.",
    "OpensWith.item_kind": "Any kind of item: debate, report, announcement, vote, election, recess, close...",
    "Record.facts": "The facts, each with its sources' values.",
}

EXAMPLES: dict[str, list[Any]] = {
    "id": ["appeal"], "title": ["Second session"], "label": ["Left SRs"], "name": ["V. I. Lenin"],
    "Scenario.title": ["Second All-Russian Congress of Soviets of Workers' and Soldiers' Deputies"],
    "Record.title": ["The record of the Second All-Russian Congress of Soviets"],
    "source": ["gse"], "assumption": ["Three fifths of the 160 SRs were Left (Trotsky)."],
    "note": ["Variants of 22:45 circulate."], "quote": ["The congress opened on October 25 at 10:40 P.M."],
    "text": ["The Winter Palace is taken."], "topic": ["peace"], "motion": ["Decree on Peace"],
    "declaration": ["Protest against the seizure of power."], "role": ["chairman"],
    "description": ["The congress that took power at the height of the October uprising."],
    "place": ["Smolny, Petrograd"], "faction": ["left_sr"], "body": ["cec"], "party": ["sr"],
    "chair": ["lenin"], "item": ["martov_motion"], "at": ["1917-10-26T05:00"], "until": ["1917-10-26T03:10"],
    "opens": ["1917-10-25T22:40"], "date": ["1917-09-23"], "sets_opening": ["1917-10-20T00:00"],
    "between": [["1917-10-26T06:00", "1917-10-26T20:45"]], "after": [10], "duration": [60], "over": [30],
    "delay": [10], "count": [83], "delegates": [390], "seats": [101], "share": [0.5], "discipline": [0.9],
    "probability": [0.5], "accepts": [False, 0.3], "for": [0.98], "against": [0.02], "abstain": [0.0],
    "speakers": [["lenin"]], "Walkout.factions": [["mensheviks", "right_sr"]], "among": [["bolsheviks", "left_sr"]],
    "absent": [["first"]], "offered": [{"bolsheviks": 14, "left_sr": 7}], "reserved": [{"sr_maximalists": 1}],
    "nominees": [{"bolsheviks": ["lenin", "rykov", ["antonov_ovseenko", "krylenko", "dybenko"]]}],
    "stances": [{"bolsheviks": "for", "left_sr": {"for": 0.9, "abstain": 0.1}}],
    "stance": ["for", {"for": 0.6, "abstain": 0.4}], "rules": [{"majority": "two_thirds"}],
    "quorum": [{"share": 0.5, "of": "registered"}], "agenda": [[{"id": "peace", "kind": "vote", "motion": "Decree on Peace"}]],
    "when": [{"item": "martov_motion", "result": "rejected"}],
    "then": [{"id": "martov_walkout", "kind": "walkout", "factions": ["menshevik_internationalists"]}],
    "only_if": [{"item": "martov_motion", "result": "rejected"}], "sources": [{"gse": "Great Soviet Encyclopedia"}],
    "primary_source": ["gse"], "record": ["historical.record.yaml"], "colour": ["#b2182b"],
    "history": [[{"date": "1917-09-23", "text": "The CEC sets the opening for 20 October."}]],
    "parties": [{"sr": {"label": "Socialist Revolutionaries"}}],
    "factions": [{"bolsheviks": {"label": "Bolsheviks", "colour": "#b2182b", "delegates": 390, "caucus": True,
                                 "discipline": 0.95, "positions": {"soviet_power": 0.9, "insurrection": 0.9}}}],
    "persons": [{"lenin": {"name": "V. I. Lenin", "faction": "bolsheviks", "absent": ["first"]}}],
    "delegations": [{"peasants": {"label": "soviets of peasants' deputies", "count": 19}}],
    "bodies": [{"cec": {"label": "Central Executive Committee", "seats": 101, "method": "hare"}}],
    "arrivals": [[{"id": "late", "faction": "left_sr", "count": 83, "between": ["1917-10-26T06:00", "1917-10-26T20:45"]}]],
    "sessions": [[{"id": "first", "opens": "1917-10-25T22:40", "agenda": []}]],
    "triggers": [[{"id": "protest", "when": {"item": "uprising_heard"}, "then": {"id": "walkout", "kind": "walkout",
                                                                                  "factions": ["mensheviks"]}}]],
    "dual_dates": [True], "value": [{"total": 649, "bolsheviks": 390}, "1917-10-25T22:40", "unanimously"],
    "tolerance": [30], "statement": ["The congress opened at 22:40."], "attestations": [[{"source": "gse", "value": 649}]],
    "check": [{"kind": "census", "at": "opening"}], "facts": [[{"id": "opened", "statement": "The congress opened at 22:40.",
                                                              "check": {"kind": "time", "of": "first"},
                                                              "attestations": [{"source": "gse", "value": "1917-10-25T22:40"}]}]],
    "of": ["first"], "edge": ["end"], "vote": ["appeal"], "election": ["cec"], "person": ["lenin"], "session": ["first"],
    "walkout": ["walkout"], "items": [["peace", "land"]], "item_kind": ["debate"], "scenario": ["historical.yaml"],
    "level": ["within tolerance"], "calendar": ["julian"], "majority": ["simple"], "method": ["hare"],
    "result": ["rejected"], "from": ["right_sr"], "to": ["left_sr"],
    "uncertain": [{"behaviour.tolerance": {"triangular": [1.2, 2, 3.5]},
                   "factions.left_sr.delegates": {"choice": [92, 95, {"value": 96, "weight": 2}, 98], "central": 96}}],
    "choice": [[92, 95, {"value": 96, "weight": 2, "source": "trotsky"}, 98]], "uniform": [[0.05, 0.6]],
    "triangular": [[1.2, 2, 3.5]], "normal": [[2, 0.5]], "within": [[0.5, 6]], "central": [96, "gse_649"],
    "alternatives": [{"gse_649": {"weight": 3, "source": "gse",
                                  "values": {"factions.bolsheviks.delegates": 390}},
                      "pravda_670": {"source": "pravda",
                                     "values": {"factions.bolsheviks.delegates": 300}}}],
    "values": [{"factions.bolsheviks.delegates": 300, "factions.left_sr.delegates": 169}], "Alternative.value": [96],
    "weight": [2],
}

DIRECTIVES = {
    "extends": {"type": "string", "description": "The base scenario: a local path, relative to this file.",
                "examples": ["../historical.yaml"]},
    "set": {"type": "object", "additionalProperties": True,
            "description": "Set values by dotted path; a path may start with an item's id.",
            "examples": [{"rules.majority": "two_thirds", "protest.probability": 0}]},
    "remove": {"type": "array", "items": {"type": "string"},
               "description": "Remove agenda items, arrivals, triggers or sessions by id.", "examples": [["protest"]]},
    "insert": {"type": "array", "description": "Insert agenda items before or after others, or a trigger before or "
               "after another trigger (a `triggers:` list would replace the base's).",
               "items": {"type": "object", "properties": {"before": {"type": "string"}, "after": {"type": "string"},
                                                          "item": {"type": "object"}}, "additionalProperties": False},
               "examples": [[{"after": "recess", "item": {"id": "news", "kind": "announcement", "text": "..."}}]]},
    "reschedule": {"type": "object", "description": "Move every session and its anchored items; arrivals keep "
                   "their dates.",
                   "properties": {k: {"type": "number"} for k in ("days", "hours", "minutes")},
                   "additionalProperties": False, "examples": [{"days": -5}]},
}


def _finish(schema: dict[str, Any]) -> dict[str, Any]:
    """Give every property a description and examples."""

    def props(owner: str, node: dict[str, Any]) -> None:
        for name, spec in node.get("properties", {}).items():
            if "description" not in spec:
                spec["description"] = DESCRIBE.get(f"{owner}.{name}") or DESCRIBE.get(name) or name.replace("_", " ")
            if "examples" not in spec:
                if "const" in spec:
                    spec["examples"] = [spec["const"]]
                elif "enum" in spec:
                    spec["examples"] = list(spec["enum"])
                elif f"{owner}.{name}" in EXAMPLES or name in EXAMPLES:
                    spec["examples"] = EXAMPLES.get(f"{owner}.{name}", EXAMPLES.get(name))

    for name, node in schema.get("$defs", {}).items():
        props(name, node)
    props(schema.get("title", ""), schema)
    return schema


def scenario_schema() -> dict[str, Any]:
    """The schema of a scenario file, or of a what-if (a file with ``extends``)."""
    from congress_sim.language.scenario import Scenario

    full = _finish(Scenario.model_json_schema(by_alias=True))
    defs = full.pop("$defs")
    whatif = _relaxed({k: v for k, v in full.items() if k in ("type", "properties", "additionalProperties")})
    whatif["properties"].update(DIRECTIVES)
    whatif["required"] = ["extends"]
    relaxed_defs = {f"Partial{k}": _relaxed(copy.deepcopy(v), prefix="Partial") for k, v in defs.items()}
    whatif = _retarget(whatif, "Partial")
    # a rules preset (`rules: {preset: NAME}` or `{preset: FILE}`) is a file of the keys of `rules`, naming no preset itself
    preset = copy.deepcopy(defs["Rules"])
    preset["properties"].pop("preset", None)
    preset["required"] = [k for k in preset.get("required", []) if k != "preset"]
    preset["description"] = ("A rules preset: the rules a scenario takes with `rules: {preset: NAME}` (one shipped "
                             "with congress-sim) or `rules: {preset: FILE}` (a file of your own).")
    return {
        "$schema": SCHEMA_URL,
        "$id": "https://congress-sim.invalid/schema/scenario.schema.json",
        "title": "congress-sim scenario",
        "description": "A scenario: who is in the hall and how they behave (or a what-if that extends one, or a "
                       "rules preset).",
        "oneOf": [{"$ref": "#/$defs/Scenario"}, {"$ref": "#/$defs/WhatIf"}, {"$ref": "#/$defs/RulesPreset"}],
        "$defs": {**defs, **relaxed_defs, "Scenario": {k: v for k, v in full.items() if k != "title"} | {"title": "Scenario"},
                  "WhatIf": whatif | {"title": "What-if"}, "RulesPreset": preset | {"title": "Rules preset"}},
    }


def record_schema() -> dict[str, Any]:
    from congress_sim.record.facts import Record

    schema = _finish(Record.model_json_schema(by_alias=True))
    return {"$schema": SCHEMA_URL, "$id": "https://congress-sim.invalid/schema/record.schema.json", **schema}


def _relaxed(node: Any, prefix: str = "") -> Any:
    """Every key optional (a what-if changes only what differs), references to the relaxed copies."""
    if isinstance(node, dict):
        out = {k: _relaxed(v, prefix) for k, v in node.items() if k != "required"}
        if "properties" in out and "kind" in node.get("required", []):
            out["required"] = ["kind"]  # an inserted item still says what it is
        return _retarget(out, prefix) if prefix else out
    if isinstance(node, list):
        return [_relaxed(v, prefix) for v in node]
    return node


def _retarget(node: Any, prefix: str) -> Any:
    if isinstance(node, dict):
        return {k: (v.replace("#/$defs/", f"#/$defs/{prefix}") if k == "$ref" and f"/{prefix}" not in v else _retarget(v, prefix))
                for k, v in node.items()}
    if isinstance(node, list):
        return [_retarget(v, prefix) for v in node]
    return node


def dumps(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
