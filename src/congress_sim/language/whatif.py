"""What-ifs: a scenario that extends another and changes only what differs.

A what-if names its base (``extends``, a local path relative to the file, or for text given in
Python to the current folder) and then, besides any keys that are merged into the base (mappings
key by key, but a quorum, a threshold or an uncertain assumption, one rule each, whole; anything
else replaced), it may:

- ``set``: ``{path: value}``, where a path is dotted keys and may start with, or pass through, an
  item's id (``rules.majority``, ``appeal.stances.left_sr``, ``protest.probability``);
- ``remove``: ids of agenda items, arrivals, triggers or sessions (a trigger or an item that waits
  for a removed item must be removed too, or given another cause: never dropped unsaid; a removed
  walkout is listed under ``removed_walkouts``, where a condition on how many left in it finds no one);
- ``insert``: ``[{before: id, item: {...}}, {after: id, item: {...}}]``;
- ``reschedule``: ``{days, hours, minutes}``, moving every session and its anchored items (the
  arrivals keep their dates).

``--set path=value`` on the command line does what ``set`` does. Every key keeps the file and
line it came from, so an error in a merged scenario points into the file that wrote it.
"""

from __future__ import annotations

import difflib
import errno
import math
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from congress_sim.errors import Problem, ScenarioError, offer, unknown
from congress_sim.files import InputError, meant, read_regular

from . import presets
from .calendar import Clock
from .scenario import Model, Scenario, type_at
from .source import ELSEWHERE, MAX_BYTES, Document, Key, Mark, as_boolean, dotted, named, parse, project_of, read

DIRECTIVES = ("extends", "set", "remove", "insert", "reschedule")
SCENARIO_KEYS = frozenset(f.alias or n for n, f in Scenario.model_fields.items())
NOT_SCENARIOS = (".record.yaml", ".parameters.yaml")  # files beside the scenarios that no what-if extends
MAX_CHAIN = 16
MAX_SHIFT = 10_000 * 366 * 1440  # minutes: the calendar's years run from -9999 to 9999


@dataclass(frozen=True)
class WhatIf:
    """What a what-if file says it changes in the base it extends, kept on the loaded scenario so
    that what is shown of it is not taken for the base's: the base's title and description, and the
    what-if's own changes (plain data, ids as written)."""

    base: str  # the base's file, as the user would name it
    base_title: str | None
    base_description: str | None
    own_description: bool  # whether the what-if (or a --set) gives the description the scenario has
    removed: tuple[tuple[str, dict[str, Any]], ...] = ()  # each id removed, with what it was
    sets: tuple[tuple[str, Any], ...] = ()  # `set:` as (path, value), in order
    inserted: tuple[str, ...] = ()  # the ids of the items inserted
    reschedule: dict[str, float] = field(default_factory=dict)
    merged: tuple[str, ...] = ()  # the other keys it writes into the base (factions, rules, ...)


class MDict(dict):
    """A mapping that remembers where each of its keys was written."""

    def __init__(self) -> None:
        super().__init__()
        self.marks: dict[str, Mark] = {}


class MList(list):
    """A list that remembers where each of its elements was written."""

    def __init__(self) -> None:
        super().__init__()
        self.marks: list[Mark] = []


def compose(path: str | Path, sets: list[str] | tuple[str, ...] = (), fitted: bool = True) -> Document:
    """Read a scenario file, resolve its chain of ``extends``, its rules preset and (unless not
    ``fitted``) its fitted parameters, apply ``--set``s; one merged Document."""
    return _compose(read(path), Path(path), sets, fitted)


def compose_text(text: str | bytes, name: str = "<string>") -> Document:
    """YAML text as one Document, composed as :func:`compose` composes a file: a what-if's
    ``extends``, and a rules preset's file, are named relative to the folder of ``name`` when that
    is a file's path, else to the current directory (inside that folder's project, as for a file).
    A what-if's base brings its parameters file; text without ``extends`` has none read: text
    written by :func:`congress_sim.language.load.dump` holds the fitted values already."""
    doc = parse(text, name)
    naming = Path(name) if not name.startswith("<") else Path.cwd() / "-"
    if isinstance(doc.data, dict) and any(d in doc.data for d in DIRECTIVES):
        return _compose(doc, naming, (), fitted="extends" in doc.data)
    tree = _annotate(doc, doc.data)
    if not isinstance(tree, MDict) or not isinstance(tree.get("rules"), MDict) or "preset" not in tree["rules"]:
        return doc
    _preset(tree, project_of(naming))
    marks: dict[Key, Mark] = {}
    return Document(name, _flatten(tree, (), marks), marks)


def _compose(doc: Document, path: Path, sets: list[str] | tuple[str, ...], fitted: bool) -> Document:
    """``doc``, read from ``path`` (the file that names any other), with its bases, preset,
    parameters and ``--set``s."""
    project = project_of(path)
    notes: dict[str, Any] = {}
    fitted_values: dict[str, Any] | None = {} if fitted else None
    files: list[str] = []
    tree = _resolve(doc, path, [], project, notes, fitted_values, files)
    for text in sets:
        _apply_cli_set(tree, text)
    if isinstance(tree, MDict):  # after --set, as after a what-if's `set`: it may name the preset, or replace a rule whole
        _preset(tree, project)
    marks: dict[Key, Mark] = {}
    data = _flatten(tree, (), marks)
    out = Document(doc.path, data, marks, project)
    out.meta["fitted"] = fitted_values or {}
    out.meta["files"] = files
    if notes and isinstance(tree, MDict):
        # the description is the base's unless the what-if, or a --set, wrote it
        own = tree.marks.get("description") != notes.pop("base_mark")
        out.meta["whatif"] = WhatIf(own_description=own, **notes)
    return out


def _beside(mark: Mark, key: Key, name: Any, what: str, project: Path, hint: str = "") -> Document:
    """A file named in a scenario, read: a local path, relative to the file that names it, inside
    the scenario's project (see :func:`named`), a regular file of at most the size cap. ``hint``
    ends the message when the file cannot be named or is not there."""
    if not isinstance(name, str) or not name:
        raise _fail(mark, key, f"must be the path of the {what} file")
    if "://" in name:
        raise _fail(mark, key, f"only local files can be named, not {name!r}")
    naming = mark[0] if not mark[0].startswith(("--set", "<")) else str(Path.cwd() / "-")
    try:
        found = named(name, naming, project)
    except ValueError as exc:
        # a hint of its own (the shipped preset of that name) is the better way than copying the file
        raise _fail(mark, key, f"{str(exc).removesuffix(ELSEWHERE) if hint else exc}{hint}") from None
    shown = _shown(found)
    try:
        raw = read_regular(found, MAX_BYTES, f"{what} file")
    except InputError as exc:
        if exc.code == errno.ENOENT:
            raise _fail(mark, key, f"no {what} file {name!r} (looked for {shown}){hint}") from None
        raise _fail(mark, key, f"the {what} file {name!r}: {exc.why}") from None
    return parse(raw, shown)


def _preset(tree: MDict, project: Path) -> None:
    """``rules.preset``: a shipped preset by its name, or a rules file, under the scenario's own
    rules, which win key by key."""
    rules = tree.get("rules")
    if not isinstance(rules, MDict) or "preset" not in rules:
        return
    mark, name = rules.marks["preset"], rules["preset"]
    if presets.is_name(name):
        doc = _shipped(mark, name)
    else:
        stem = Path(name).stem if isinstance(name, str) else ""
        hint = f"; congress-sim ships a preset of that name: `preset: {stem}`" if presets.path(stem) else ""
        doc = _beside(mark, ("rules", "preset"), name, "rules preset", project, hint)
    preset = _annotate(doc, doc.data)
    if not isinstance(preset, MDict):
        raise _fail(mark, ("rules", "preset"), f"{doc.path} must be a mapping of rules")
    if "preset" in preset:
        raise _fail(preset.marks["preset"], ("preset",), "a rules preset cannot name another preset")
    _merge(preset, rules, key=("rules",))
    del preset["preset"]  # its mark stays: a problem with what the preset brings is said there
    tree["rules"] = preset


def _shipped(mark: Mark, name: str) -> Document:
    """The preset ``name`` shipped with congress-sim; one located error listing them if none is so called."""
    found = presets.path(name)
    if found is None:
        raise _fail(mark, ("rules", "preset"), f"{unknown('rules preset', name, presets.names(), ' ships with congress-sim')}; "
                    "a preset of your own is a file, named with its extension (bylaws.yaml)")
    return parse(read_regular(found, MAX_BYTES, "rules preset file"), _shown(found))


def _parameters(tree: MDict, project: Path, fitted: dict[str, Any]) -> None:
    """``parameters``: the file of values `congress-sim calibrate` fitted, applied as ``set`` to the
    file that names it (and ``fitted`` told what they were), so that a what-if's own changes win."""
    mark = tree.marks["parameters"]
    doc = _beside(mark, ("parameters",), tree["parameters"], "parameters", project)
    values_tree = _annotate(doc, doc.data)
    values = values_tree.get("values") if isinstance(values_tree, MDict) else None
    if not isinstance(values, MDict):
        raise _fail(doc.where(()), ("values",), "a parameters file holds `values: {path: value}`, "
                    "as `congress-sim calibrate` writes it")
    for k, v in values.items():
        _set(tree, k, v, values.marks[k])
    targets = values_tree.get("fitted_to") or []
    fitted.clear()
    fitted.update(file=doc.path, values=dict(values), fitted_to=[str(t) for t in targets])


def _fail(mark: Mark, key: Key, message: str) -> ScenarioError:
    return ScenarioError([Problem(mark[0], mark[1], dotted(key), message, mark[2])])


def _annotate(doc: Document, value: Any, key: Key = ()) -> Any:
    if isinstance(value, dict):
        d = MDict()
        for k, v in value.items():
            d[k] = _annotate(doc, v, (*key, k))
            d.marks[k] = doc.where((*key, k))
        return d
    if isinstance(value, list):
        lst = MList()
        for i, v in enumerate(value):
            lst.append(_annotate(doc, v, (*key, i)))
            lst.marks.append(doc.where((*key, i)))
        return lst
    return value


def _flatten(value: Any, key: Key, marks: dict[Key, Mark]) -> Any:
    if isinstance(value, MDict):
        out = {}
        for k, v in value.items():
            marks[(*key, k)] = value.marks[k]
            out[k] = _flatten(v, (*key, k), marks)
        for k in value.marks.keys() - value.keys():  # a key a merge consumed (a rules preset's name)
            marks[(*key, k)] = value.marks[k]
        return out
    if isinstance(value, MList):
        items = []
        for i, v in enumerate(value):
            marks[(*key, i)] = value.marks[i]
            items.append(_flatten(v, (*key, i), marks))
        return items
    return value


def _resolve(doc: Document, path: Path, chain: list[Path], root: Path, notes: dict[str, Any] | None = None,
             fitted: dict[str, Any] | None = None, files: list[str] | None = None) -> Any:
    """The file's tree with its bases merged in; ``notes``, if given, learns what the file changes
    as a what-if (see :class:`WhatIf`); ``fitted``, if given, the values of the parameters file
    the nearest file names (each file's applied before any what-if that extends it changes it);
    ``files``, if given, the file and then its bases, nearest first."""
    if files is not None:
        files.append(doc.path)
    tree = _annotate(doc, doc.data)
    if not isinstance(tree, MDict) or "extends" not in tree:
        near = difflib.get_close_matches("extends", _strays(tree), n=1)
        if near:  # a what-if whose `extends` is misspelt: say that, not what follows from it (no title...)
            raise _fail(tree.marks[near[0]], (near[0],), "unknown key (did you mean 'extends'?)")
        for d in DIRECTIVES[1:]:
            if isinstance(tree, MDict) and d in tree:
                raise _fail(tree.marks[d], (d,), "only a what-if (a file with `extends`) can use this")
        if fitted is not None and isinstance(tree, MDict) and "parameters" in tree:
            _parameters(tree, root, fitted)
        return tree  # validated as a whole scenario later
    base = _base(tree, path, chain, root, fitted, files)
    if notes is not None:
        notes.update(base=str(tree["extends"]), base_title=_text(base.get("title")),
                     base_description=_text(base.get("description")), base_mark=base.marks.get("description"),
                     merged=tuple(str(k) for k in tree if k not in (*DIRECTIVES, "title", "description")))
    # each directive's entries are independent of one another: their problems are said together
    problems: list[Problem] = []
    for k in _strays(tree):  # a misspelt directive would be refused as a key of the scenario (`remve`: 'free'?)
        near = difflib.get_close_matches(k, [*SCENARIO_KEYS, *DIRECTIVES], n=1)
        if near and near[0] in DIRECTIVES:
            problems += _fail(tree.marks[k], (k,), f"unknown key (did you mean {near[0]!r}?)").problems
    _merge(base, tree, skip=DIRECTIVES)
    if "reschedule" in tree:
        with _gathering(problems):
            _reschedule(base, tree["reschedule"], tree.marks["reschedule"])
            if notes is not None:
                notes["reschedule"] = dict(tree["reschedule"])
    removing: list[tuple[Any, Mark]] = []
    with _gathering(problems):
        removing = _entries(tree, "remove", list)
    gone: set[str] = set()
    removed = []
    for ident, m in removing:
        with _gathering(problems):
            found = _find(base, str(ident))
            was = _flatten(found[0][found[1]], (), {}) if found is not None else None
            gone |= _remove(base, ident, m, {str(i) for i, _ in removing}, gone)
            for walkout in _walkouts(was):  # kept in the scenario: a condition on how many left still names it
                listed = base.get("removed_walkouts")
                if not isinstance(listed, MList):
                    listed = base["removed_walkouts"] = MList()
                    base.marks["removed_walkouts"] = m
                listed.append(walkout)
                listed.marks.append(m)
            if isinstance(was, dict):
                removed.append((str(ident), was))
    inserting: list[tuple[Any, Mark]] = []
    with _gathering(problems):
        inserting = _entries(tree, "insert", list)
    inserted = []
    for entry, m in inserting:
        with _gathering(problems):
            _insert(base, entry, m)
            inserted.append(str(entry["item"].get("id")) if isinstance(entry["item"], MDict) else "")
    # an item whose insert failed is not there to be set: that is said once, at its insert
    unplaced = {str(e["item"].get("id")) for e, _ in inserting if isinstance(e, MDict) and isinstance(e.get("item"), MDict)}
    unplaced -= set(inserted)
    settings = tree.get("set", MDict())
    if not isinstance(settings, MDict):
        problems += _fail(tree.marks["set"], ("set",), "must be a mapping of paths to values").problems
        settings = MDict()
    for k, v in settings.items():
        if str(k).split(".")[0] not in unplaced:
            with _gathering(problems):
                _assign(base, str(k), v, settings.marks[k])
    if "reschedule" in tree and not problems:
        with _gathering(problems):
            _left_behind(base, tree.marks["reschedule"])
    if problems:
        raise ScenarioError(sorted(problems, key=lambda p: (p.line or 0, p.column or 0)))
    if notes is not None:
        notes.update(removed=tuple(removed), inserted=tuple(inserted),
                     sets=tuple((str(k), _flatten(v, (), {})) for k, v in settings.items()))
    if fitted is not None and "parameters" in tree:  # the what-if names a fit of its own
        _parameters(base, root, fitted)
    return base


def _strays(tree: Any) -> list[str]:
    """The keys at the top of a file that are neither a scenario's nor a what-if's."""
    return [str(k) for k in tree if str(k) not in SCENARIO_KEYS and str(k) not in DIRECTIVES] if isinstance(tree, MDict) else []


@contextmanager
def _gathering(problems: list[Problem]) -> Iterator[None]:
    """One of several independent steps: what it refuses is kept in ``problems`` and the rest go on."""
    try:
        yield
    except ScenarioError as exc:
        problems.extend(exc.problems)


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) else None


def _base(tree: MDict, path: Path, chain: list[Path], root: Path, fitted: dict[str, Any] | None,
          files: list[str] | None = None) -> MDict:
    """The base a what-if extends, read and resolved in turn; every refusal located at `extends`."""
    base_name = tree["extends"]
    mark = tree.marks["extends"]
    if not isinstance(base_name, str) or not base_name:
        raise _fail(mark, ("extends",), "must be the path of the base scenario file")
    if "://" in base_name:
        raise _fail(mark, ("extends",), f"only local files can be extended, not {base_name!r}")
    try:
        base_path = named(base_name, path, root)
    except ValueError as exc:
        # text given in Python stands in the current folder: a base elsewhere needs a name in its folder
        elsewhere = "; or give loads a name in the base's folder (name='.../scenarios/mine.yaml') and " \
            "extend it from there" if mark[0].startswith("<") else ""
        raise _fail(mark, ("extends",), f"{exc}{elsewhere}") from None
    here = [*chain, Path(os.path.realpath(path))]
    if base_path in here:
        cycle = " -> ".join(p.name for p in here[here.index(base_path):]) + f" -> {base_path.name}"
        raise _fail(mark, ("extends",), f"extends itself in a cycle: {cycle}")
    if len(here) >= MAX_CHAIN:
        raise _fail(mark, ("extends",), f"a chain of more than {MAX_CHAIN} files extending each other")
    shown = _shown(base_path)  # a base as the user would name it
    try:
        raw = read_regular(base_path, MAX_BYTES, "scenario file")
    except InputError as exc:
        if exc.code == errno.ENOENT:
            where = ("" if shown == base_name else f" (looked for {shown})") + \
                offer(meant(base_name, base_path, ".yaml", NOT_SCENARIOS))
            raise _fail(mark, ("extends",), f"no base scenario {base_name!r}{where}") from None
        raise _fail(mark, ("extends",), f"the base {base_name!r}: {exc.why}") from None
    base = _resolve(parse(raw, shown), base_path, here, root, fitted=fitted, files=files)
    if not isinstance(base, MDict):
        held = {MList: "a list", str: "text", type(None): "nothing"}.get(type(base), "a single value")
        raise _fail(mark, ("extends",), f"the base {base_name!r} is not a scenario: it holds {held}, not a mapping of keys")
    if "sessions" not in base and "extends" not in base:  # not a scenario: perhaps a file of another kind
        kind = "a record file" if "facts" in base else "a parameters file" if "fitted_to" in base else \
            "a rules preset" if "title" not in base else None
        if kind:
            raise _fail(mark, ("extends",), f"the base {base_name!r} is {kind}, not a scenario to extend")
    return base


def _shown(path: Path) -> str:
    """A base's path as the user would write it: relative to where they are, if it is below."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive
        return str(path)
    return str(path) if rel.startswith("..") else rel


def _entries(tree: MDict, name: str, kind: type) -> list[tuple[Any, Mark]]:
    if name not in tree:
        return []
    value = tree[name]
    if not isinstance(value, MList):
        raise _fail(tree.marks[name], (name,), f"must be a {kind.__name__}")
    return list(zip(value, value.marks, strict=True))


def _merge(base: MDict, over: MDict, skip: tuple[str, ...] = (), key: Key = ()) -> None:
    """``over`` written into ``base`` (the scenario's tree at ``key``): mappings key by key, but an
    empty mapping, and a value that is one rule (a quorum, a threshold: see Model.whole), replace
    what the base had whole; anything else is replaced."""
    for k, v in over.items():
        if k in skip:
            continue
        old = base.get(k)
        if isinstance(old, MDict) and isinstance(v, MDict) and v and not _whole((*key, k)):
            _merge(old, v, key=(*key, k))
        else:
            base[k] = v
        base.marks[k] = over.marks[k]


def _whole(key: Key) -> bool:
    model = type_at(Scenario, key)
    return isinstance(model, type) and issubclass(model, Model) and model.whole


# --- addressing by id ----------------------------------------------------------------------


def _holders(root: MDict) -> list[MList]:
    """Every list whose elements have ids: sessions, their agendas, arrivals, triggers."""
    out = []
    for name in ("sessions", "arrivals", "triggers"):
        if isinstance(root.get(name), MList):
            out.append(root[name])
    for session in root.get("sessions") or []:
        if isinstance(session, MDict) and isinstance(session.get("agenda"), MList):
            out.append(session["agenda"])
    return out


def _find(root: MDict, ident: str) -> tuple[MList, int] | None:
    for lst in _holders(root):
        for i, element in enumerate(lst):
            if isinstance(element, MDict):
                if element.get("id") == ident:
                    return lst, i
                then = element.get("then")  # a trigger is addressed by its reaction's id too
                if isinstance(then, MDict) and then.get("id") == ident:
                    return lst, i
    return None


def _elements(root: MDict) -> list[MDict]:
    """Everything with an id: sessions, items, arrivals, triggers and their reactions, in file order."""
    out = [e for lst in _holders(root) for e in lst if isinstance(e, MDict)]
    return out + [t["then"] for t in root.get("triggers") or [] if isinstance(t, MDict) and isinstance(t.get("then"), MDict)]


def _nearest(root: MDict, ident: str, others: list[str] | None = None) -> str:
    """`` (did you mean 'x'?)`` with the id (or one of ``others``) nearest ``ident``, if one is near."""
    ids = [str(e.get("id")) for e in _elements(root)]
    guess = difflib.get_close_matches(ident, [*ids, *(others or [])], n=1)
    return f" (did you mean {guess[0]!r}?)" if guess else ""


WORDS = ("title", "motion", "topic", "text")  # what an item is called by, where its id is not


def _removable(root: MDict, ident: str) -> str:
    """For an id to remove that is not there: the nearest id, else the one whose title (or motion,
    topic, text) has its words (``cannonade`` for 'Cannonade heard'), else a few ids there are."""
    near = _nearest(root, ident)
    if near:
        return near
    words = ident.replace("_", " ").lower().split()
    for e in _elements(root):
        said = " ".join(str(e[k]) for k in WORDS if isinstance(e.get(k), str)).lower()
        if words and all(w in said for w in words):
            called = next(str(e[k]) for k in WORDS if isinstance(e.get(k), str))
            called = called if len(called) <= 40 else called[:39] + "\u2026"
            return f" (did you mean {str(e.get('id'))!r}, {called!r}?)"
    ids = [str(e.get("id")) for e in _elements(root)]
    more = f" and {len(ids) - 3} more" if len(ids) > 3 else ""
    return f"; the ids here include {', '.join(map(repr, ids[:3]))}{more}" if ids else ""


def _remove(root: MDict, ident: Any, mark: Mark, removing: set[str], gone: set[str]) -> set[str]:
    """Remove what ``ident`` names; the ids gone with it (a trigger and its reaction)."""
    found = _find(root, str(ident))
    if found is None:
        if str(ident) in gone:
            return set()  # gone already with the trigger it belonged to
        shown = as_boolean(ident, "put the id in quotes") if isinstance(ident, bool) else repr(ident)
        near = "" if isinstance(ident, bool) else _removable(root, str(ident))
        raise _fail(mark, ("remove",), f"no item, arrival, trigger or session {shown} to remove{near}")
    # what waits for an item must go with it, said in so many words: never a silent drop
    for holder, what in _waiting_on(root, str(ident)):
        if holder not in removing:
            raise _fail(mark, ("remove",), f"{what} {holder!r} waits for {ident!r}: remove it too "
                        f"(remove: [{ident}, {holder}]) or give it another cause")
    lst, i = found
    element = lst[i]
    del lst[i]
    del lst.marks[i]
    then = element.get("then") if isinstance(element, MDict) else None
    return {str(element.get("id")), *([str(then.get("id"))] if isinstance(then, MDict) else [])}


def _walkouts(was: Any) -> list[str]:
    """The ids of the walkouts in what was removed: an agenda item, or a trigger's reaction."""
    elements = (was, was.get("then")) if isinstance(was, dict) else ()
    return [str(e.get("id")) for e in elements if isinstance(e, dict) and e.get("kind") == "walkout"]


def _waiting_on(root: MDict, ident: str) -> list[tuple[str, str]]:
    """The triggers whose cause, and the items (agenda items and reactions) whose condition or anchor, is ``ident``."""
    out = []
    items = []
    for trigger in root.get("triggers") or []:
        if isinstance(trigger, MDict):
            when = trigger.get("when")
            if isinstance(when, MDict) and when.get("item") == ident:
                out.append((str(trigger.get("id")), "trigger"))
            elif isinstance(trigger.get("then"), MDict):
                items.append((trigger["then"], str(trigger.get("id")), "trigger"))
    for session in root.get("sessions") or []:
        for item in (session.get("agenda") or []) if isinstance(session, MDict) else []:
            if isinstance(item, MDict):
                items.append((item, str(item.get("id")), "item"))
    for item, holder, what in items:
        cond, anchor = item.get("only_if"), item.get("after")
        if isinstance(cond, MDict) and cond.get("item") == ident or \
                (isinstance(anchor, MDict) and anchor.get("item") == ident) or anchor == ident:
            out.append((holder, what))
    return out


def _insert(root: MDict, entry: Any, mark: Mark) -> None:
    if not isinstance(entry, MDict) or "item" not in entry or len(set(entry) & {"before", "after"}) != 1:
        raise _fail(mark, ("insert",), "each entry is {before: id, item: {...}} or {after: id, item: {...}}")
    where = "before" if "before" in entry else "after"
    found = _find(root, str(entry[where]))
    if found is None:
        raise _fail(entry.marks[where], ("insert", where), f"no item {entry[where]!r} to insert {where}")
    lst, i = found
    item = entry["item"]
    if lst is root.get("triggers") and not (isinstance(item, MDict) and "when" in item):
        # a trigger's reaction has no place in the agenda: an item put among the triggers would be read as one
        raise _fail(entry.marks[where], ("insert", where), f"{entry[where]!r} is a trigger (or its reaction), "
                    f"not an agenda item; insert {where} an item of the agenda")
    at = i if where == "before" else i + 1
    lst.insert(at, item)
    lst.marks.insert(at, entry.marks["item"])


KEYS = [f.alias or name for name, f in Scenario.model_fields.items()]  # the keys at the top of a scenario
# the scenario's mappings by id (kind -> what one entry is): a path through one names an entry that must be there
BY_ID = {"issues": "issue", "parties": "party", "factions": "faction", "persons": "person",
         "delegations": "delegation", "bodies": "body"}


def _set(root: MDict, path: str, value: Any, mark: Mark) -> None:
    # a place in a list written with brackets (`arrivals[0].at`) is the dotted one (`arrivals.0.at`)
    parts = re.sub(r"\[(\d+)\]", r".\1", str(path)).split(".")
    node: Any = root
    if parts[0] not in root and (found := _find(root, parts[0])) is not None:
        lst, i = found
        ident, node, parts = parts[0], lst[i], parts[1:]
        if node.get("id") != ident:  # addressed by a trigger's reaction
            node = node["then"]
        if not parts:
            raise _fail(mark, (path,), "give a key to set inside the item (e.g. appeal.at)")
    elif parts[0] not in root and parts[0] not in KEYS:  # a misspelt id is no new key at the top
        owner = next((k for k in BY_ID if isinstance(root.get(k), MDict) and parts[0] in root[k]), None)
        hint = f" (did you mean '{owner}.{path}'?)" if owner else _nearest(root, parts[0], KEYS)
        raise _fail(mark, (path,), f"no item, arrival, trigger or session {parts[0]!r}, nor a key of a scenario{hint}")
    _walk(root, node, parts, path, value, mark)


def _walk(root: MDict, node: Any, parts: list[str], path: str, value: Any, mark: Mark) -> None:
    """Set ``value`` at ``parts`` within ``node`` (a mapping key by key, a list by index or id)."""
    for n, part in enumerate(parts):
        last = n == len(parts) - 1
        if isinstance(node, MDict):
            if last:
                node[part] = value
                node.marks[part] = mark
                return
            if part not in node:
                if n == 1 and parts[0] in BY_ID and root.get(parts[0]) is node:  # a misspelt id is not a new one
                    raise _fail(mark, (path,), f"{unknown(BY_ID[parts[0]], part, map(str, root[parts[0]]))}; to add one, "
                                f"set it whole ({parts[0]}.{part}={{...}})")
                node[part] = MDict()
                node.marks[part] = mark
            node = node[part]
        elif isinstance(node, MList):
            index = _index(node, part)
            if index is None:
                raise _fail(mark, (path,), f"no element {part!r} in the list at {'.'.join(parts[:n]) or 'top'}")
            if last:
                node[index] = value
                node.marks[index] = mark
                return
            node = node[index]
        else:
            raise _fail(mark, (path,), f"{'.'.join(parts[:n])} is a single value; it has no {part!r}")


def _index(lst: MList, part: str) -> int | None:
    if part.isdigit():
        return int(part) if int(part) < len(lst) else None
    for i, element in enumerate(lst):
        if isinstance(element, MDict) and element.get("id") == part:
            return i
    return None


def _apply_cli_set(root: MDict, text: str) -> None:
    mark: Mark = ("--set", None, None)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:  # bytes the terminal could not decode come as lone surrogates
        raise _fail(mark, (), f"is not UTF-8 text (a byte that is not, after {text[:exc.start]!r})") from None
    if "=" not in text:
        raise _fail(mark, (text,), "write --set path=value, e.g. --set rules.majority=two_thirds")
    path, _, raw = text.partition("=")
    path = path.strip()
    if not path:
        raise _fail(mark, (), f"{text!r} names no key before '='; write --set path=value, e.g. --set rules.majority=two_thirds")
    if "" in path.split("."):
        raise _fail(mark, (path,), "a key in the path is empty; write the keys with one dot between them")
    value = _annotate(doc := parse(raw or "''", f"--set {path}"), doc.data)
    _assign(root, path, value, mark)


def _assign(root: MDict, path: str, value: Any, mark: Mark) -> None:
    """Set ``path`` to ``value`` (a what-if's `set:` or a --set); what is set is drawn no more.

    ``uncertain.NAME=VALUE`` fixes an uncertain assumption: a family at one of its alternatives,
    whose values are set, any other at the value given; ``uncertain.NAME.KEY`` sets a key within it
    (an assumption's name may hold dots: ``uncertain.behaviour.tolerance.central``).
    """
    uncertain = root.get("uncertain")
    rest = path.partition(".")[2] if path.split(".")[0] == "uncertain" else ""
    names = sorted(map(str, uncertain), key=len, reverse=True) if isinstance(uncertain, MDict) and rest else []
    name = next((n for n in names if rest == n or rest.startswith(n + ".")), None)
    if name is None or not isinstance(uncertain, MDict):
        _set(root, path, value, mark)
        _fixed(root, path, mark)
        return
    spec = uncertain[name]
    if rest != name:  # a key within the assumption
        _walk(root, spec, rest[len(name) + 1:].split("."), path, value, mark)
        return
    if isinstance(value, MDict):  # the assumption replaced whole
        uncertain[name] = value
        uncertain.marks[name] = mark
        return
    alternatives = spec.get("alternatives") if isinstance(spec, MDict) else None
    if not isinstance(alternatives, MDict):  # a distribution or a choice: fixed at the value given
        _assign(root, name, value, mark)
        return
    chosen = next((a for k, a in alternatives.items() if str(k) == str(value)), None)
    if chosen is None:
        raise _fail(mark, (path,), unknown("alternative", value, map(str, alternatives), f" of {name!r}",
                                           known_as="its alternatives"))
    values = chosen.get("values") if isinstance(chosen, MDict) else None
    del uncertain[name]  # the family is drawn no more; what its alternative gives is set
    uncertain.marks.pop(name, None)
    for key, v in (values.items() if isinstance(values, MDict) else ()):
        _assign(root, str(key), v, mark)


def _fixed(root: MDict, path: str, mark: Mark) -> None:
    """A value set (by a what-if's `set:` or a --set) is no longer drawn: the uncertain assumption
    that drew it, or drew a value within it, goes, and a family's alternatives no longer set it; else
    every seeded replay, and the deterministic one from a stated central value, would undo the set."""
    uncertain = root.get("uncertain")
    if not isinstance(uncertain, MDict) or path.split(".")[0] == "uncertain":
        return

    def bare(p: str) -> str:  # an arrival's or a trigger's value by its id alone: arrivals.late.count is late.count
        head, _, rest = p.partition(".")
        return rest if head in ("arrivals", "triggers") and "." in rest else p

    def within(drawn: Any) -> bool:
        return bare(str(drawn)) == bare(path) or bare(str(drawn)).startswith(bare(path) + ".")

    for name in [n for n in uncertain if within(n)]:
        del uncertain[name]
        uncertain.marks.pop(name, None)
    for name, spec in list(uncertain.items()):
        alternatives = spec.get("alternatives") if isinstance(spec, MDict) else None
        if not isinstance(alternatives, MDict):
            continue
        emptied = []
        for key, alternative in alternatives.items():
            values = alternative.get("values") if isinstance(alternative, MDict) else None
            if not isinstance(values, MDict):
                continue  # not a family's values: validation says what is wrong with it
            drawn = [d for d in values if within(d)]
            for d in drawn:
                del values[d]
                values.marks.pop(d, None)
            if drawn and not values:
                emptied.append(str(key))
        if emptied and len(emptied) == len(alternatives):  # the family sets nothing any more
            del uncertain[name]
            uncertain.marks.pop(name, None)
        elif emptied:  # drawing those would still weigh against the others: which, only the user can say
            raise _fail(mark, (path,), f"leaves the alternative {emptied[0]!r} of {str(name)!r} nothing to set, "
                        f"but not the others: fix the family (uncertain.{name}=ALTERNATIVE) or set each value it gives")


def _left_behind(root: MDict, mark: Mark) -> None:
    """Arrivals keep their dates when the sessions move: one the move leaves before the first opening
    is said at the `reschedule` that left it there, not at the base's arrival, which was right."""
    clock = Clock(root.get("calendar", "gregorian"), 0)
    sessions, arrivals = root.get("sessions"), root.get("arrivals")
    try:
        opens = clock.minutes(sessions[0]["opens"]) if isinstance(sessions, list) else None
        if opens is None:
            return
        for a in arrivals if isinstance(arrivals, list) else []:
            when = a.get("at") or (a.get("between") or [None])[0]
            if isinstance(when, str) and clock.minutes(when) < opens:
                raise _fail(mark, ("reschedule",), f"moves the first session to {clock.iso(opens)}, after the "
                            f"arrival {a.get('id')!r} ({when}): arrivals keep their dates, so give it a time "
                            "after the opening (set) or remove it")
    except (TypeError, KeyError, IndexError, AttributeError, ValueError):
        return  # a malformed session or arrival is left for validation to locate


def _reschedule(root: MDict, spec: Any, mark: Mark) -> None:
    if not isinstance(spec, MDict) or not set(spec) <= {"days", "hours", "minutes"} or not spec:
        raise _fail(mark, ("reschedule",), "must be a mapping with days, hours and/or minutes")
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in spec.values()):
        raise _fail(mark, ("reschedule",), "days, hours and minutes must be numbers")
    for unit, v in spec.items():
        if not math.isfinite(v) or abs(v) * {"days": 1440, "hours": 60, "minutes": 1}[unit] > MAX_SHIFT:
            raise _fail(spec.marks[unit], ("reschedule", unit), f"must be a finite number of at most "
                        f"{MAX_SHIFT // 1440:,} days either way (got {v!r})")
    delta = spec.get("days", 0) * 1440 + spec.get("hours", 0) * 60 + spec.get("minutes", 0)
    clock = Clock(root.get("calendar", "gregorian"), 0)

    def move(holder: MDict, key: str) -> None:
        try:
            when = clock.minutes(holder[key]) if isinstance(holder.get(key), str) else None
        except ValueError:
            return  # a bad date is left for validation to locate
        if when is not None:
            moved = clock.iso(when + delta)
            try:
                clock.minutes(moved)
            except ValueError:
                raise _fail(mark, ("reschedule",), f"moves {holder[key]} to {moved}, outside the years "
                            "-9999 to 9999") from None
            holder[key] = moved

    for session in root.get("sessions") or []:
        if isinstance(session, MDict):
            move(session, "opens")
            for item in session.get("agenda") or []:
                if isinstance(item, MDict):
                    move(item, "at")
                    move(item, "until")
