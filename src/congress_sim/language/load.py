"""Loading scenario files: YAML -> validated, planned :class:`Scenario`, or located errors."""

from __future__ import annotations

import difflib
import numbers
import re
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from congress_sim.errors import Problem, ScenarioError, with_article

from . import plan as planning
from .limits import scale
from .scenario import AgendaItem, Body, Election, Item, Rules, Scenario, Vote, declared, type_at
from .source import Document, Key, as_boolean, dotted, named, project_of, read, shorten, value_at


def load(path: str | Path, sets: str | list[str] | tuple[str, ...] = (), fitted: bool = True) -> Scenario:
    """Read, validate and plan a scenario file (a what-if with its bases), with ``--set``s applied
    (``"path=value"``, one or a list) and, unless not ``fitted``, the values its parameters file holds.

    >>> import congress_sim as cs
    >>> scenario = cs.load("scenarios/historical.yaml", ["factions.left_sr.delegates=100"])
    >>> scenario.factions["left_sr"].delegates
    100
    """
    from .whatif import compose

    sets = (sets,) if isinstance(sets, str) else tuple(sets)  # one, not one per character
    scenario = from_document(compose(path, sets, fitted))
    scenario._sets = tuple(sets)
    return scenario


def loads(text: str | Mapping[str, Any], name: str = "<string>") -> Scenario:
    """A scenario from YAML text, or from the same data as a dict (handy in notebooks and tests),
    read as :func:`load` reads a file. A what-if names its base with ``extends``, and a rules preset
    of its own with ``rules.preset``, relative to the folder of ``name`` if that is a file's path,
    else to the current directory; the base brings its parameters file with it.

    >>> import congress_sim as cs
    >>> whatif = cs.loads({"extends": "scenarios/historical.yaml", "remove": ["protest"]})
    >>> cs.simulate(whatif).census("closing").total
    762
    """
    from .whatif import compose_text

    if isinstance(text, Mapping):
        return _from_data(text, "<dict>" if name == "<string>" else name)
    if not isinstance(text, (str, bytes)):
        raise TypeError(f"loads reads YAML text or a dict, not {type(text).__name__}; for a file, use load(path)")
    return from_document(compose_text(text, name))


def _from_data(data: Mapping[str, Any], name: str) -> Scenario:
    """A scenario from a dict: read as its YAML would be, its problems placed by key alone (the
    lines would be those of text nobody wrote)."""
    import yaml

    from .whatif import compose_text

    class Dumper(yaml.SafeDumper):
        """Plain data, and a number of another kind (numpy's) as the number it is."""

        def represent_undefined(self, value: Any) -> Any:
            if isinstance(value, numbers.Integral):
                return self.represent_int(int(value))
            if isinstance(value, numbers.Real):
                return self.represent_float(float(value))
            raise ScenarioError([Problem(name, None, "", f"holds {value!r:.60} (of type {type(value).__name__}), "
                                                         "which a scenario cannot: give text, numbers, true or false, "
                                                         "None, lists and dicts")])

    Dumper.add_multi_representer(object, Dumper.represent_undefined)
    text = yaml.dump(dict(data), Dumper=Dumper, sort_keys=False, allow_unicode=True)
    try:
        return from_document(compose_text(text, name))
    except ScenarioError as exc:
        raise ScenarioError([Problem(p.file, None, p.key, p.message) if p.file == name else p
                             for p in exc.problems]) from None


def dump(scenario: Scenario) -> str:
    """The scenario as YAML (a what-if with its bases merged); :func:`loads` reads it back the same.

    >>> import congress_sim as cs
    >>> text = cs.dump(cs.load("scenarios/whatif/no-walkout.yaml"))
    >>> "protest" in text, cs.loads(text).title
    (False, 'What if: no walkout')
    """
    import yaml

    data = scenario.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    for fid, faction in scenario.factions.items():
        if faction.caucus:  # a caucus's discipline is asked for even at its default (see the planner)
            data["factions"][fid]["discipline"] = faction.discipline
    # a main motion's content is asked for even where it moves nothing (see the planner)
    pairs = [(item, d) for x, dx in zip(scenario.sessions, data["sessions"], strict=True)
             for item, d in zip(x.agenda, dx.get("agenda", []), strict=True)]
    pairs += [(t.then, d["then"]) for t, d in zip(scenario.triggers, data.get("triggers", []), strict=True)]
    for item, d in pairs:
        if isinstance(item, Vote) and item.type == "main" and not item.content and not item.stances:
            d["content"] = {}
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def is_parameters(data: Any) -> bool:
    """Whether a file's data is a parameters file: the values a fit wrote, and the facts it was fitted to."""
    return isinstance(data, dict) and "values" in data and "fitted_to" in data and "factions" not in data


def is_rules_preset(data: Any) -> bool:
    """Whether a file's data is a rules preset: a mapping of the keys of `rules` alone (no title)."""
    keys = {f.alias or name for name, f in Rules.model_fields.items()}
    return isinstance(data, dict) and bool(data) and "title" not in data and set(data) <= keys


def load_rules(path: str | Path) -> Rules:
    """Read and validate a rules preset (a file a scenario names with ``rules: {preset: FILE}``; the
    shipped ones are in :mod:`congress_sim.language.presets`)."""
    doc = read(str(path))
    if isinstance(doc.data, dict) and "preset" in doc.data:
        raise ScenarioError([doc.problem(("preset",), "a rules preset cannot name another preset")])
    return validate(doc, Rules)


def from_document(doc: Document) -> Scenario:
    if isinstance(doc.data, dict) and "facts" in doc.data and "sessions" not in doc.data:
        raise ScenarioError([doc.problem((), "is a record file, not a scenario; use `congress-sim check SCENARIO` "
                                             "with the scenario that names it under `record:`")])
    if is_parameters(doc.data):
        raise ScenarioError([doc.problem((), "is a parameters file (as `congress-sim calibrate --write` writes it), "
                                             "not a scenario; a scenario names it under `parameters:`")])
    if is_rules_preset(doc.data):
        raise ScenarioError([doc.problem((), "is a rules preset, not a scenario; name it in a scenario as "
                                             "`rules: {preset: FILE}` (a shipped one by its name)")])
    scenario = validate(doc, Scenario)
    try:
        planning.of(scenario)
    except planning.PlanError as exc:
        problems = []
        for i, (k, m) in enumerate(exc.problems):
            here = _written_here(doc, [k, *exc.also.get(i, [])])
            if i in exc.first:  # a duplicate says where the other is: the first, or the base's where a what-if wrote it
                m += f" ({doc.given(k, here, 'also given') if here == exc.first[i] else doc.given(exc.first[i], here)})"
            elif here != k:
                m += _also_at(doc, k, here)
            problems.append(doc.problem(here, m))
        raise ScenarioError(problems) from None
    if over := scale(scenario).over:
        raise ScenarioError([doc.problem(k, m) for k, m in over])
    where = doc.where(("record",))
    if scenario.record is not None:  # the record is read only when checked; its name is checked now
        try:
            named(scenario.record, where[0], doc.root or project_of(Path.cwd() / "-"))
        except ValueError as exc:
            raise ScenarioError([doc.problem(("record",), str(exc))]) from None
    scenario._path = doc.path
    scenario._record_from = where
    scenario._fitted = doc.meta.get("fitted", {})
    scenario._whatif = doc.meta.get("whatif")
    _check_free(scenario, doc)
    _check_uncertain(scenario, doc)
    return scenario


def _written_here(doc: Document, keys: list[Key]) -> Key:
    """Of the keys a problem is about, the one written nearest the user: by a --set, else by their
    own file, else by the nearest what-if it extends; the first, where they are written alike. The
    change that made the problem, a what-if's line rather than the base's."""
    files = ["--set", *doc.meta.get("files", [doc.path])]
    return min(keys, key=lambda k: files.index(f) if (f := doc.where(k)[0]) in files else len(files))


def _also_at(doc: Document, key: Key, here: Key) -> str:
    """For a problem said at ``here``, where a what-if (or --set) changed one of the values it is
    about: where the base wrote ``key``, the other (`` (recess.at is given at base.yaml:12)``); not
    where a rules preset did, which the user does not edit."""
    if doc.where(key)[0] not in doc.meta.get("files", [doc.path]):
        return ""
    return f" ({doc.given(key, here, dotted(doc.by_id(key)) + ' is given')})"


def _at_the_change(doc: Document, key: Key, message: str) -> Problem:
    """A problem with a mapping (a stance whose shares do not sum to 1, a faction with a discipline
    but no caucus) is said where a what-if's `set` (or a --set) changed a value inside it, if one
    did: that is the line the user wrote, not the base's."""
    if isinstance(value_at(doc.data, key), dict):
        inside = [k for k in doc.marks if len(k) > len(key) and k[:len(key)] == key]
        here = _written_here(doc, [key, *inside])
        if here != key:
            return doc.problem(here, message + _also_at(doc, key, here))
    return doc.problem(key, message)


def _check_uncertain(scenario: Scenario, doc: Document) -> None:
    """Every uncertain assumption names values the model can vary, within their ranges."""
    if not scenario.uncertain:
        return
    from .uncertain import problems

    found = problems(planning.of(scenario))
    if found:
        raise ScenarioError([doc.problem(k, m) for k, m in found])


def _check_free(scenario: Scenario, doc: Document) -> None:
    """Every free parameter names a value the model can vary."""
    if not scenario.free:
        return
    plan = planning.of(scenario)
    problems = []
    for path in scenario.free:
        try:
            plan.variable(path)
        except ValueError as exc:
            problems.append(doc.problem(("free", path), str(exc)))
    if problems:
        raise ScenarioError(problems)


M = TypeVar("M", bound=BaseModel)


def validate(doc: Document, model: type[M]) -> M:
    """Validate a document against a model; pydantic's errors become located problems."""
    if doc.data is None:
        raise ScenarioError([doc.problem((), "is empty; a scenario is a mapping of keys such as title and factions")])
    if not isinstance(doc.data, dict):
        kind = {list: "a list", str: "text", bool: "true or false"}.get(type(doc.data), "a number")
        raise ScenarioError([doc.problem((), f"must be a mapping of keys, not {kind}")])
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        raise ScenarioError(_problems(doc, exc, model)) from None


def _problems(doc: Document, exc: ValidationError, model: type[BaseModel]) -> list[Problem]:
    errors = [(err, (*_data_key(doc.data, err["loc"]), *err["ctx"]["at"]) if err["type"] == "located"
               else _data_key(doc.data, err["loc"])) for err in exc.errors()]
    # minutes written as a clock (`after: 0:10`) are said once, as minutes, not also as an item's id
    clocks = [key for err, key in errors if _as_clock(err)]
    errors = [(err, key) for err, key in errors if key in clocks or not any(key[:len(c)] == c for c in clocks)]
    missing = {key for err, key in errors if err["type"] == "missing"}
    said: dict[tuple[Key, str], Problem | None] = {}  # a union reports one failure per member; say it once
    union_said: set[Key] = set()  # a value no member of a union takes: said once, as the first member says it
    for err, key in errors:
        members = [p for p in err["loc"] if isinstance(p, str) and _is_member(p)]
        if members and err["type"] not in ("missing", "extra_forbidden"):
            if isinstance(value_at(doc.data, key), dict) and any(p.startswith("literal[") or p == "str" for p in members):
                continue  # a mapping given for a name-or-mapping (or text-or-mapping): what the mapping lacks says more
            if key in union_said:
                continue
            union_said.add(key)
        if err["type"] in ("union_tag_not_found", "union_tag_invalid"):
            key, message = _kind_problem(err, key, doc.data, model)
        elif err["type"] in ("extra_forbidden", "literal_error") and (elsewhere := _the_bodys(model, key, doc.data)):
            message = elsewhere
        elif err["type"] == "extra_forbidden":
            siblings = [str(k[-1]) for k in missing if k[:-1] == key[:-1]]
            guess = difflib.get_close_matches(str(key[-1]), siblings or _allowed(model, key[:-1], doc.data), n=1)
            strays = [k for e, k in errors if e["type"] == "extra_forbidden" and k[:-1] == key[:-1]]
            if not guess and len(siblings) == 1 and len(strays) == 1:  # `name:` for the `label:` it lacks
                guess = siblings
            if guess:
                # a misspelt key is reported once: as unknown, not also as missing
                said[((*key[:-1], guess[0]), "missing")] = None
            message = f"unknown key (did you mean {guess[0]!r}?)" if guess else \
                _nested(model, key, doc.data) or _other_kinds(model, key, doc.data) or "unknown key"
        else:
            message = _message(err)
        said.setdefault((key, message if err["type"] != "missing" else "missing"), _at_the_change(doc, key, message))
    problems = [p for p in said.values() if p is not None]
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0))


def _data_key(data: Any, loc: tuple[Any, ...]) -> Key:
    """pydantic's error location -> the key path in the file (union tags dropped)."""
    key: list[str | int] = []
    node = data
    tagged = None  # the mapping whose discriminator was passed over (a key of the same name may follow)
    for part in loc:
        if isinstance(node, dict) and part in node or isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
            key.append(part)
        elif isinstance(node, dict) and isinstance(part, str) and node.get("kind") == part and tagged is not node:
            tagged = node
            continue  # the discriminator's name in the location, not a key in the file
        elif isinstance(part, str) and not part.startswith(("function-", "tagged-union")) \
                and not (_is_member(part) and not (isinstance(node, dict) and part in node)):
            node = None
            key.append(part)
    return tuple(key)


def _is_member(part: str) -> bool:
    """Whether a part of pydantic's location names a member of a union (``literal['a','b']``,
    ``Threshold``, ``int``), not a key: it is dropped where the value is not a mapping."""
    return "[" in part or part[:1].isupper() or part.startswith("constrained-") or \
        part in ("int", "float", "str", "bool", "list", "dict", "none")


def _message(err: Any) -> str:
    kind = err["type"]
    if kind == "missing":
        return "missing: this key is required"
    value = err.get("input")
    shown = "" if isinstance(value, (dict, list)) else f" (got {shorten(repr(value))})"
    if isinstance(value, bool) and kind in INSTEAD:  # an unquoted yes, no, on or off where a word is asked
        shown = f", not {as_boolean(value, INSTEAD[kind])}"
    elif isinstance(value, bool):  # as the file wrote it, not as Python spells it
        shown = f" (got {'true' if value else 'false'})"
    ctx = err.get("ctx", {})
    if clock := _as_clock(err):
        return f"must be a number of minutes (got {value!r}; write {clock})"
    if kind == "float_type" and isinstance(value, str) and re.fullmatch(r"\d+(\.\d+)?%", value.strip()):
        return f"must be a number (got {value!r}; write {float(value.strip()[:-1]) / 100:g})"
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == ID_PATTERN and isinstance(value, str) \
            and re.fullmatch(ID_PATTERN, written := re.sub(r"[- ]+", "_", value.strip().lower())):
        return f"{PATTERNS[ID_PATTERN]} (got {shorten(repr(value))}; write {written!r})"
    if kind == "string_pattern_mismatch":
        return PATTERNS.get(ctx.get("pattern", ""), err["msg"]) + shown
    if kind in PLAIN:
        return PLAIN[kind].format(**ctx) + shown
    return err["msg"].removeprefix("Value error, ")


def _as_clock(err: Any) -> int | None:
    """Where minutes are asked and hours and minutes are written (``1:30``), the minutes they make."""
    value = err.get("input")
    if err["type"] in ("float_type", "int_type", "float_parsing", "int_parsing") and isinstance(value, str) \
            and MINUTES & set(err["loc"]) and (match := re.fullmatch(r"(\d{1,3}):([0-5]\d)", value.strip())):
        return int(match.group(1)) * 60 + int(match.group(2))
    return None


MINUTES = {"duration", "after", "delay", "minutes", "over"}  # the keys that count minutes
PLAIN = {
    "greater_than_equal": "must be at least {ge}",
    "less_than_equal": "must be at most {le}",
    "int_type": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_type": "must be a number",
    "finite_number": "must be a finite number",
    "string_type": "must be text",
    "bool_type": "must be true or false",
    "dict_type": "must be a mapping of keys to values",
    "list_type": "must be a list",
    "model_type": "must be a mapping of keys to values",
    "literal_error": "must be one of {expected}",
    "too_short": "must have at least {min_length} entries",
    "too_long": "must have at most {max_length} entries",
}
INSTEAD = {  # what to write instead of a YAML boolean, by what was asked
    "string_type": "put the word in quotes",
    "literal_error": "write one of these",
}
ID_PATTERN = r"^[a-z][a-z0-9_]*$"
PATTERNS = {
    ID_PATTERN: "must be an id: lower-case letters, digits and underscores, starting with a letter",
    r"^#[0-9a-fA-F]{6}$": "must be a colour written #rrggbb, e.g. #b22222",
}


def _kind_problem(err: Any, key: Key, data: Any, model: type[BaseModel]) -> tuple[Key, str]:
    """Where a missing or unknown ``kind`` is, and what it could be: at the key itself, or at a key
    written near it (``iknd``), with the kinds this place takes."""
    kinds, fields = _kinds(model, key, data)
    known = f"one of: {', '.join(kinds)}" if kinds else ""
    if err["type"] == "union_tag_invalid":
        return (*key, "kind"), f"unknown kind {err['ctx']['tag']!r} ({known or 'one of: ' + err['ctx']['expected_tags']})"
    node = value_at(data, key)
    written = [str(k) for k in node if str(k) not in fields] if isinstance(node, dict) else []
    near = difflib.get_close_matches("kind", written, n=1)
    if near:
        return (*key, near[0]), f"unknown key (did you mean `kind`? {known})".replace("? )", "?)")
    return key, f"missing: `kind` ({known})" if known else "missing: `kind`"


def _kinds(root: type[BaseModel], key: Key, data: Any) -> tuple[list[str], set[str]]:
    """The kinds the union at ``key`` takes (each member's ``kind``), and the keys its members have."""
    if not key:
        return [], set()
    ann = declared(type_at(root, key[:-1], data), key[-1])
    while typing.get_origin(ann) is typing.Annotated:
        ann = typing.get_args(ann)[0]
    kinds: list[str] = []
    fields: set[str] = set()
    for member in typing.get_args(ann):
        if isinstance(member, type) and issubclass(member, BaseModel) and "kind" in member.model_fields:
            kinds += [str(k) for k in typing.get_args(member.model_fields["kind"].annotation)]
            fields |= {f.alias or n for n, f in member.model_fields.items()}
    return kinds, fields


def _the_bodys(root: type[BaseModel], key: Key, data: Any) -> str | None:
    """An election given a key of the body it fills (`seats`, `nominees`), or a body's method of
    sharing seats among lists (`method: dhondt`): where that goes."""
    if not key or type_at(root, key[:-1], data) is not Election:
        return None
    body = (value_at(data, key[:-1]) or {}).get("body")
    where = f"bodies.{body}" if isinstance(body, str) else "the body, under `bodies`"
    if key[-1] == "method":
        method = value_at(data, key)
        lists = typing.get_args(Body.model_fields["method"].annotation)
        return f"{method!r} shares the body's seats among the factions: give it under {where} (an election " \
            "among `candidates` is by majority, plurality, runoff, irv or stv)" if method in lists else None
    if str(key[-1]) not in _allowed(Body, (), None):
        return None
    return f"unknown key for an election: `{key[-1]}` is the body's; give it under {where}"


def _other_kinds(root: type[BaseModel], key: Key, data: Any) -> str | None:
    """An item given a key that another kind of item takes (a recess's `minutes`, a vote's): say so."""
    mine = type_at(root, key[:-1], data)
    if not (isinstance(mine, type) and issubclass(mine, Item)) or "kind" not in mine.model_fields:
        return None
    kinds = [str(k) for member in typing.get_args(typing.get_args(AgendaItem)[0])
             if key[-1] in _allowed(member, (), None) for k in typing.get_args(member.model_fields["kind"].annotation)]
    if not kinds:
        return None
    its = typing.get_args(mine.model_fields["kind"].annotation)
    return f"unknown key for {with_article(str(value_at(data, (*key[:-1], 'kind')) or its[0]))} (a key of " \
        f"{' or '.join(with_article(k) for k in kinds)})"


def _nested(root: type[BaseModel], key: Key, data: Any) -> str | None:
    """An unknown key that belongs one level down (a vote's `majority`, which goes under its
    `rules`): where to write it."""
    parent = type_at(root, key[:-1], data)
    if not (isinstance(parent, type) and issubclass(parent, BaseModel)):
        return None
    for name, field in parent.model_fields.items():
        inner = type_at(parent, (field.alias or name,))
        if isinstance(inner, type) and issubclass(inner, BaseModel) and key[-1] in _allowed(inner, (), None):
            return f"unknown key here (did you mean `{field.alias or name}: {{{key[-1]}: ...}}`?)"
    return None


def _allowed(root: type[BaseModel], key: Key, data: Any) -> list[str]:
    """The keys the model at ``key`` allows (pydantic does not say, when it refuses one)."""
    ann = type_at(root, key, data)
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        return [f.alias or n for n, f in ann.model_fields.items()]
    return []
