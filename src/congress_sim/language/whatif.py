"""What-ifs: a scenario that extends another and changes only what differs.

A what-if names its base (``extends``, a local path relative to the file) and then, besides any
keys that are merged into the base (mappings key by key; anything else replaced), it may:

- ``set``: ``{path: value}``, where a path is dotted keys and may start with, or pass through, an
  item's id (``rules.majority``, ``appeal.stances.left_sr``, ``protest.probability``);
- ``remove``: ids of agenda items, arrivals, triggers or sessions (the triggers that wait for a
  removed item go with it);
- ``insert``: ``[{before: id, item: {...}}, {after: id, item: {...}}]``;
- ``reschedule``: ``{days, hours, minutes}``, moving every session and its anchored items (the
  arrivals keep their dates).

``--set path=value`` on the command line does what ``set`` does. Every key keeps the file and
line it came from, so an error in a merged scenario points into the file that wrote it.
"""

from __future__ import annotations

import errno
import math
import os
from pathlib import Path
from typing import Any

from congress_sim.errors import Problem, ScenarioError
from congress_sim.files import InputError, read_regular

from .calendar import Clock
from .source import MAX_BYTES, Document, Key, Mark, dotted, named, parse, project_of, read

DIRECTIVES = ("extends", "set", "remove", "insert", "reschedule")
MAX_CHAIN = 16
MAX_SHIFT = 10_000 * 366 * 1440  # minutes: the calendar's years run from -9999 to 9999
OPTIONS = {"for", "against", "abstain"}


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


def compose(path: str | Path, sets: list[str] | tuple[str, ...] = ()) -> Document:
    """Read a scenario file, resolve its chain of ``extends``, apply ``--set``s; one merged Document."""
    root = project_of(Path(path))
    tree = _resolve(read(path), Path(path), [], root)  # the file as the user named it
    for text in sets:
        _apply_cli_set(tree, text)
    marks: dict[Key, Mark] = {}
    data = _flatten(tree, (), marks)
    return Document(str(path), data, marks, root)


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
        return out
    if isinstance(value, MList):
        items = []
        for i, v in enumerate(value):
            marks[(*key, i)] = value.marks[i]
            items.append(_flatten(v, (*key, i), marks))
        return items
    return value


def _resolve(doc: Document, path: Path, chain: list[Path], root: Path) -> Any:
    tree = _annotate(doc, doc.data)
    if not isinstance(tree, MDict) or "extends" not in tree:
        for d in DIRECTIVES[1:]:
            if isinstance(tree, MDict) and d in tree:
                raise _fail(tree.marks[d], (d,), "only a what-if (a file with `extends`) can use this")
        return tree  # validated as a whole scenario later
    base = _base(tree, path, chain, root)
    _merge(base, tree, skip=DIRECTIVES)
    if "reschedule" in tree:
        _reschedule(base, tree["reschedule"], tree.marks["reschedule"])
    for ident, m in _entries(tree, "remove", list):
        _remove(base, ident, m)
    for entry, m in _entries(tree, "insert", list):
        _insert(base, entry, m)
    if "set" in tree:
        settings = tree["set"]
        if not isinstance(settings, MDict):
            raise _fail(tree.marks["set"], ("set",), "must be a mapping of paths to values")
        for k, v in settings.items():
            _set(base, k, v, settings.marks[k])
    return base


def _base(tree: MDict, path: Path, chain: list[Path], root: Path) -> MDict:
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
        raise _fail(mark, ("extends",), str(exc)) from None
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
            where = "" if shown == base_name else f" (looked for {shown})"
            raise _fail(mark, ("extends",), f"no base scenario {base_name!r}{where}") from None
        raise _fail(mark, ("extends",), f"the base {base_name!r}: {exc.why}") from None
    base = _resolve(parse(raw, shown), base_path, here, root)
    if not isinstance(base, MDict):
        held = {MList: "a list", str: "text", type(None): "nothing"}.get(type(base), "a single value")
        raise _fail(mark, ("extends",), f"the base {base_name!r} is not a scenario: it holds {held}, not a mapping of keys")
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


def _merge(base: MDict, over: MDict, skip: tuple[str, ...] = ()) -> None:
    for k, v in over.items():
        if k in skip:
            continue
        old = base.get(k)
        stance = isinstance(v, dict) and set(v) <= OPTIONS  # a stance is replaced as a whole
        if isinstance(old, MDict) and isinstance(v, MDict) and not stance:
            _merge(old, v)
        else:
            base[k] = v
        base.marks[k] = over.marks[k]


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


def _remove(root: MDict, ident: Any, mark: Mark) -> None:
    found = _find(root, str(ident))
    if found is None:
        raise _fail(mark, ("remove",), f"no item, arrival, trigger or session {ident!r} to remove")
    lst, i = found
    del lst[i]
    del lst.marks[i]
    # a reaction to what is gone can never happen: it goes too
    triggers = root.get("triggers")
    if isinstance(triggers, MList):
        for j in reversed(range(len(triggers))):
            when = triggers[j].get("when") if isinstance(triggers[j], MDict) else None
            if isinstance(when, MDict) and when.get("item") == ident:
                del triggers[j]
                del triggers.marks[j]


def _insert(root: MDict, entry: Any, mark: Mark) -> None:
    if not isinstance(entry, MDict) or "item" not in entry or len(set(entry) & {"before", "after"}) != 1:
        raise _fail(mark, ("insert",), "each entry is {before: id, item: {...}} or {after: id, item: {...}}")
    where = "before" if "before" in entry else "after"
    found = _find(root, str(entry[where]))
    if found is None:
        raise _fail(entry.marks[where], ("insert", where), f"no item {entry[where]!r} to insert {where}")
    lst, i = found
    at = i if where == "before" else i + 1
    lst.insert(at, entry["item"])
    lst.marks.insert(at, entry.marks["item"])


def _set(root: MDict, path: str, value: Any, mark: Mark) -> None:
    parts = str(path).split(".")
    node: Any = root
    if parts[0] not in root and (found := _find(root, parts[0])) is not None:
        lst, i = found
        node, parts = lst[i], parts[1:]
        if node.get("id") != path.split(".")[0]:  # addressed by a trigger's reaction
            node = node["then"]
        if not parts:
            raise _fail(mark, (path,), "give a key to set inside the item (e.g. appeal.at)")
    for n, part in enumerate(parts):
        last = n == len(parts) - 1
        if isinstance(node, MDict):
            if last:
                node[part] = value
                node.marks[part] = mark
                return
            if part not in node:
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
    _set(root, path, value, mark)


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
