"""Reading YAML as plain data while remembering where every key stood.

PyYAML's composer gives each node its line and column; the tree is walked by hand so that
duplicate keys are an error (never last-one-wins), only the plain YAML types are built (no
tags that construct objects), and aliases cannot blow up (a budget on nodes and depth).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic_core import PydanticCustomError

from congress_sim.errors import Problem, ScenarioError
from congress_sim.files import InputError, read_regular

try:  # the C composer is several times faster; the pure one gives the same marks
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

MAX_BYTES = 1 << 20
MAX_NODES = 200_000
MAX_DEPTH = 64
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
MAX_DIGITS = 100  # a number with more digits is no count or time; Python refuses to read past 4,300

Key = tuple[str | int, ...]
Mark = tuple[str, int | None, int | None]  # file, line, column (1-based)
_constructor = yaml.constructor.SafeConstructor()
_SCALARS = {
    "tag:yaml.org,2002:null": _constructor.construct_yaml_null,
    "tag:yaml.org,2002:bool": _constructor.construct_yaml_bool,
    "tag:yaml.org,2002:int": _constructor.construct_yaml_int,
    "tag:yaml.org,2002:float": _constructor.construct_yaml_float,
    "tag:yaml.org,2002:str": _constructor.construct_scalar,
    # dates stay text: the scenario's own calendar reads them, not Python's Gregorian one
    "tag:yaml.org,2002:timestamp": _constructor.construct_scalar,
}

_NUMBER = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)[eE][-+]?[0-9]+$")
_COLLECTIONS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
_NUMBERS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}


@dataclass
class Document:
    """Plain data of a YAML file and where each key path in it was written.

    A what-if merged with its base keeps, for every key, the file it came from.
    """

    path: str
    data: Any
    marks: dict[Key, Mark] = field(default_factory=dict)
    root: Path | None = None  # the folder the files it names must be in (see :func:`named`)
    meta: dict[str, Any] = field(default_factory=dict)  # what a merged document learnt on the way (fitted values)

    def where(self, key: Key) -> Mark:
        """The file, line and column of ``key``, or of its nearest ancestor that has one."""
        top = bool(key)
        while True:
            if key in self.marks:
                return self.marks[key]
            if not key:  # a key missing at the top is placed at the file's first line; the file itself, nowhere
                return (self.path, 1, 1) if top and self.marks else (self.path, None, None)
            key = key[:-1]

    def problem(self, key: Key, message: str) -> Problem:
        file, line, column = self.where(key)
        return Problem(file, line, dotted(self.by_id(key)), message, column)

    def given(self, key: Key, here: Key, said: str = "first given") -> str:
        """Where the other of a duplicate said at ``here`` is (``key``): ``first given on line 7``,
        or ``first given at base.yaml:7`` where that is another file (a what-if's base)."""
        file, line, _ = self.where(key)
        return f"{said} on line {line}" if file == self.where(here)[0] else f"{said} at {file}:{line}"

    def by_id(self, key: Key) -> Key:
        """``key`` with an agenda item, a session, an arrival, a trigger or its reaction named by its
        id, as a what-if's `set` names it (``sessions[0].agenda[3].stances.x`` -> ``appeal.stances.x``,
        ``sessions[0].opens`` -> ``first.opens``, ``triggers[0].delay`` -> ``protest.delay``), and a
        record's fact likewise (``facts[3].check.at`` -> ``closing_census.check.at``); by its place where
        its id is missing, not unique, or what the problem is about."""
        if len(key) >= 4 and key[0] == "sessions" and key[2] == "agenda":
            head, rest = key[:4], key[4:]
        elif len(key) >= 3 and key[0] == "triggers" and key[2] == "then":
            head, rest = key[:3], key[3:]
        elif len(key) >= 2 and key[0] in ("sessions", "arrivals", "triggers", "facts") and isinstance(key[1], int):
            head, rest = key[:2], key[2:]
        else:
            return key
        if rest[:1] == ("id",):
            return key
        node = value_at(self.data, head)
        ident = node.get("id") if isinstance(node, dict) else None
        if not isinstance(ident, str) or not _ID.match(ident) or self._ids().get(ident, 0) != 1:
            return key
        return (ident, *rest)

    def _ids(self) -> dict[str, int]:
        """How many times each id is given to an agenda item, a session, an arrival, a trigger or a
        reaction, or to a record's fact."""
        seen: dict[str, int] = {}
        data = self.data if isinstance(self.data, dict) else {}

        def count(entry: Any) -> None:
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                seen[entry["id"]] = seen.get(entry["id"], 0) + 1

        for session in data.get("sessions") or [] if isinstance(data.get("sessions"), list) else []:
            count(session)
            agenda = session.get("agenda") if isinstance(session, dict) else None
            for item in agenda if isinstance(agenda, list) else []:
                count(item)
        for arrival in data.get("arrivals") or [] if isinstance(data.get("arrivals"), list) else []:
            count(arrival)
        for trigger in data.get("triggers") or [] if isinstance(data.get("triggers"), list) else []:
            count(trigger)
            count(trigger.get("then") if isinstance(trigger, dict) else None)
        for fact in data.get("facts") or [] if isinstance(data.get("facts"), list) else []:
            count(fact)
        for key in data:
            seen[str(key)] = seen.get(str(key), 0) + 1  # an id that is also a key at the top is not used
        return seen


def dotted(key: Key) -> str:
    """``("sessions", 0, "agenda", 2, "at")`` -> ``"sessions[0].agenda[2].at"``."""
    out = ""
    for part in key:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out if len(out) <= 120 else out[:117] + "..."


def as_boolean(value: bool, write: str) -> str:
    """A YAML boolean where a word is asked, as a message shows it, with what to write instead: an
    unquoted yes, no, on or off is read as true or false, never as the word (YAML 1.1)."""
    return f"{'true' if value else 'false'} (YAML reads yes/no/on/off as true/false; {write})"


def shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def read(path: str | Path, what: str = "scenario file") -> Document:
    """Read a YAML file into a :class:`Document`; every failure is a :class:`ScenarioError`."""
    try:
        raw = read_regular(path, MAX_BYTES, what)
    except InputError as exc:
        raise ScenarioError([Problem(exc.path, None, "", exc.why)]) from None
    return parse(raw, str(path))


def project_of(path: Path) -> Path:
    """The folder whose files a scenario at ``path`` may name: its own folder, or, when that is in
    a git work tree, the top of that tree (never the home folder or the root of the file system)."""
    folder = Path(os.path.realpath(path)).parent
    try:
        home: Path | None = Path.home()
    except RuntimeError:  # no home folder known
        home = None
    for top in (folder, *folder.parents):
        if os.path.lexists(top / ".git"):
            return top if top != home and top.parent != top else folder
    return folder


def named(text: str, naming_file: str | Path, root: Path) -> Path:
    """The real path of a file a scenario names (``extends``, ``record``); ValueError says why not.

    The name is relative to the file that gives it, and must lead to a file inside ``root``:
    a file from a colleague cannot make congress-sim read ``/etc/passwd`` or ``../../.ssh``.
    """
    if "\x00" in text:
        raise ValueError("the path contains a NUL byte")
    if os.path.isabs(text):
        raise ValueError(f"{text!r} is an absolute path; name the file relative to this one{ELSEWHERE}")
    real = Path(os.path.realpath(Path(naming_file).parent / text))
    if not real.is_relative_to(root):
        raise ValueError(f"{text!r} leads outside the scenario's folder; a scenario may name only files "
                         f"in its own folder and below it (or in the git project that holds it){ELSEWHERE}")
    return real


# a what-if saved in a folder of one's own cannot reach a shipped base: say the two ways that work
ELSEWHERE = "; to use a file from elsewhere, save this one beside it, or copy it (with the files it names) here"


def _quote_hint(line: str) -> str:
    """A value holding ": " (``title: What if: they stay``) reads to YAML as a key: say to quote it."""
    key, _, value = line.partition(": ")
    return _quote_it(key, value.split(" #")[0].strip(), len(line) > 100)


def _quote_it(key: str, value: str, long: bool) -> str:
    """Say to quote a value that holds ": ", with the line to write where it is short and plain."""
    if '"' in value or "\\" in value or long:
        return 'a value that holds ": " must be in quotes'
    return f'a value that holds ": " must be in quotes: {key.strip()}: "{value}"'


def _syntax_hint(problem: str, lines: list[str], column: int) -> str | None:
    """What a YAML syntax error most likely means, from the lines up to it and where it stopped."""
    if problem.startswith("mapping values are not allowed"):
        return _indent_hint(lines, column)
    if problem.startswith("did not find expected ','"):
        return _flow_quote_hint(lines[-1] if lines else "", column)
    if problem.startswith(("did not find expected key", "did not find expected '-'", "expected <block end>")):
        return _outdent_hint(lines)
    return None


def _indent_hint(lines: list[str], column: int) -> str | None:
    """A key indented deeper than the key above it (``opens: ...`` then `` agenda:``) reads to YAML
    as more of that key's value, until its colon: say which key to line it up with."""
    key = lines[-1][:column].strip()
    above = next((ln for ln in reversed(lines[:-1]) if ln.strip() and not ln.lstrip().startswith("#")), "")
    mine, theirs = len(lines[-1]) - len(lines[-1].lstrip(" ")), len(above) - len(above.lstrip(" "))
    other = above.strip().removeprefix("- ").partition(":")[0]
    if not _ID.match(key) or not _ID.match(other) or mine <= theirs:
        return None
    return (f"`{key}` is indented deeper than `{other}` on the line above, so YAML reads it as more of that "
            f"value; start it in the same column as `{other}`")


def _outdent_hint(lines: list[str]) -> str | None:
    """A key or a list's item indented less than those it follows, in no column of a block YAML has
    open (`` militia:`` under ``  tariff:``): say which to line it up with, the nearest deeper one of
    its sort (a key with the keys, an item with the items)."""
    def indent(ln: str) -> int:
        return len(ln) - len(ln.lstrip(" "))

    def named(ln: str, key: bool) -> str:
        text = ln.strip()
        if not text.startswith("- "):
            return f"`{text.partition(':')[0]}`"
        if key:  # `- id: x` holds its keys two columns in
            return f"`{text[2:].partition(':')[0]}`"
        ident = re.search(r"\bid: *([a-z][a-z0-9_]*)", text)
        return f"the item `{ident.group(1)}`" if ident else "the list's item"

    if not lines:
        return None
    mine = lines[-1]
    item, column = mine.lstrip(" ").startswith("- "), indent(mine)
    if not item and not _ID.match(mine.strip().partition(":")[0]):
        return None
    best, low = None, len(mine) + 10**6
    for n in range(len(lines) - 2, -1, -1):  # the blocks open above it, each less indented than the last
        ln = lines[n]
        if not ln.strip() or ln.lstrip().startswith("#") or indent(ln) >= low:
            continue
        if low > len(mine) and indent(ln) < column and ln.partition(":")[2].strip() \
                and ln.lstrip(" ").startswith("- ") == item:  # deeper than a key whose value is whole
            them = named(ln, False)
            return (f"{named(mine, False)} is indented deeper than {them} on the line above; start it in the "
                    f"same column as {them}")
        low = indent(ln)
        if low <= column:
            break
        dash = ln.lstrip(" ").startswith("- ")
        if dash == item:
            best = n, False
        elif dash and low + 2 > column:
            best = n, True
    if best is None:
        return None
    them = named(lines[best[0]], best[1])
    return (f"{named(mine, False)} is indented less than {them} on line {best[0] + 1}, so YAML cannot tell where "
            f"it belongs; start it in the same column as {them}")


def _flow_quote_hint(line: str, column: int) -> str | None:
    """In braces, a value holding ": " (``{declaration: Shame: we leave}``) stops YAML at its second
    colon: say to quote it, where the entry reads ``key: text`` up to that colon."""
    entry = re.split(r"[{,\[]", line[:column])[-1]
    key, colon, value = entry.partition(": ")
    if not colon or line[column:column + 1] != ":" or not _ID.match(key.strip()):
        return None
    value = (value + re.split(r"[,}\]]", line[column:])[0]).strip()
    return _quote_it(key, value, len(value) > 80)


def parse(raw: bytes | str, name: str = "<string>") -> Document:
    """Parse YAML text (bytes or str) into a :class:`Document`."""

    def fail(line: int | None, message: str, column: int | None = None) -> ScenarioError:
        return ScenarioError([Problem(name, line, "", message, column)])

    if len(raw) > MAX_BYTES:
        raise fail(None, f"is {len(raw):,} bytes; a scenario may be at most {MAX_BYTES:,}")
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise fail(raw[: exc.start].count(b"\n") + 1, f"is not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    else:
        text = raw
    if "\x00" in text:
        raise fail(text[: text.index("\x00")].count("\n") + 1, "contains a NUL byte; is it binary?")
    try:
        _depth_guard(text, name)  # libyaml composes recursively: refuse deep nesting before it does
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "cannot be parsed"
        if exc.context and exc.context_mark and exc.problem_mark and exc.context_mark.line != mark.line:
            problem += f" ({exc.context} that begins on line {exc.context_mark.line + 1})"
        line: int | None = mark.line + 1 if mark else None
        col: int | None = mark.column + 1 if mark else None
        written = (text.splitlines()[mark.line:mark.line + 1] or [""])[0] if mark else ""
        if mark and "\t" in written[mark.column:mark.column + 1]:
            problem = "a tab cannot indent YAML; use spaces"
        elif mark and problem.startswith("mapping values are not allowed") and ": " in written[:mark.column]:
            problem += "; " + _quote_hint(written)
        elif mark and (hint := _syntax_hint(problem, text.splitlines()[:mark.line + 1], mark.column)):
            problem += "; " + hint
        raise fail(line, f"YAML syntax: {problem}", col) from None
    except yaml.reader.ReaderError as exc:  # a control character: placed by its position in the text
        before = text[: exc.position]
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise fail(before.count("\n") + 1, f"YAML: {exc.reason} (character #x{code:04x}); remove it",
                   exc.position - (before.rfind("\n") + 1) + 1) from None
    except yaml.YAMLError as exc:
        raise fail(None, "YAML: " + " ".join(str(exc).split())) from None
    if node is None:
        raise fail(1, "is empty; a scenario is a mapping of keys such as title and factions")
    try:
        size = _expanded(node, {})
    except _Cycle as cycle:
        mark = cycle.node.start_mark
        raise ScenarioError([Problem(name, mark.line + 1, "", "an alias refers to the list or mapping it is in; "
                                     "a scenario cannot contain itself", mark.column + 1)]) from None
    if size > MAX_NODES:  # aliases can make a small file huge: count before building
        mark = node.start_mark
        raise ScenarioError([Problem(name, mark.line + 1, "", f"expands to more than {MAX_NODES:,} values "
                                     "through its aliases (an alias bomb?)", mark.column + 1)])
    doc = Document(name, None)
    doc.data = _Builder(doc).build(node, (), 0)
    return doc


class _Cycle(Exception):
    def __init__(self, node: yaml.Node):
        self.node = node


def _expanded(node: yaml.Node, memo: dict[int, int]) -> int:
    """How many values the node stands for once every alias is written out (shared nodes once each)."""
    if id(node) in memo:
        if memo[id(node)] < 0:  # still being counted: the node contains itself
            raise _Cycle(node)
        return memo[id(node)]
    memo[id(node)] = -1
    if isinstance(node, yaml.MappingNode):
        size = 1 + sum(_expanded(k, memo) + _expanded(v, memo) for k, v in node.value)
    elif isinstance(node, yaml.SequenceNode):
        size = 1 + sum(_expanded(v, memo) for v in node.value)
    else:
        size = 1
    memo[id(node)] = size
    return size


def _depth_guard(text: str, name: str) -> None:
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                raise ScenarioError([Problem(name, mark.line + 1, "", f"nested deeper than {MAX_DEPTH} levels",
                                             mark.column + 1)])
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


class _Builder:
    def __init__(self, doc: Document):
        self.doc = doc
        self.nodes = 0

    def mark(self, node: yaml.Node) -> Mark:
        return self.doc.path, node.start_mark.line + 1, node.start_mark.column + 1

    def fail(self, node: yaml.Node, key: Key, message: str) -> ScenarioError:
        mark = node.start_mark
        return ScenarioError([Problem(self.doc.path, mark.line + 1, dotted(key), message, mark.column + 1)])

    def build(self, node: yaml.Node, key: Key, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self.fail(node, key, f"more than {MAX_NODES:,} values (an alias bomb?)")
        if depth > MAX_DEPTH:
            raise self.fail(node, key, f"nested deeper than {MAX_DEPTH} levels")
        self.doc.marks.setdefault(key, self.mark(node))
        if node.tag not in _SCALARS and node.tag not in _COLLECTIONS:
            raise self.fail(node, key, f"the tag {node.tag!r} is not allowed; scenario files hold plain data")
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for knode, vnode in node.value:
                if not isinstance(knode, yaml.ScalarNode):
                    raise self.fail(knode, key, "a key must be plain text, not a list or mapping")
                if knode.tag == "tag:yaml.org,2002:merge":
                    raise self.fail(knode, key, "merge keys (<<) are not supported; write the keys out")
                if knode.tag not in _SCALARS:  # a key is read as text, but a tag on it is refused all the same
                    raise self.fail(knode, key, f"the tag {knode.tag!r} is not allowed; scenario files hold plain data")
                name = knode.value
                if name in out:
                    line = self.doc.marks[(*key, name)][1]
                    raise self.fail(knode, (*key, name), f"duplicate key (first given on line {line})")
                self.doc.marks[(*key, name)] = self.mark(knode)
                out[name] = self.build(vnode, (*key, name), depth + 1)
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(v, (*key, i), depth + 1) for i, v in enumerate(node.value)]
        if not isinstance(node, yaml.ScalarNode) or node.tag not in _SCALARS:
            raise self.fail(node, key, f"the tag {node.tag!r} does not fit this value")
        if node.tag == "tag:yaml.org,2002:str" and not node.style and _NUMBER.match(node.value):
            return float(node.value)  # 1e30 is a number in YAML 1.2, whatever YAML 1.1 says
        if node.tag in _NUMBERS and ":" in node.value:
            return node.value  # 19:40 is a time of day, not YAML 1.1's 1180 in base 60 (YAML 1.2 has no base 60)
        if node.tag == "tag:yaml.org,2002:int" and sum(c.isdigit() for c in node.value) > MAX_DIGITS:
            raise self.fail(node, key, f"a whole number of more than {MAX_DIGITS} digits is too long to be a count")
        try:
            return _SCALARS[node.tag](node)
        except (ValueError, KeyError, TypeError, IndexError):  # `!!float thirty`, `!!bool maybe`, `!!int 0x`, `!!float`
            kind = node.tag.rsplit(":", 1)[-1]
            raise self.fail(node, key, f"{shorten(node.value)!r} is not a valid {kind}") from None


def value_at(data: Any, key: Key) -> Any:
    """What ``data`` holds at ``key`` (None where the path leads nowhere)."""
    for part in key:
        if isinstance(data, dict) and part in data:
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data


def located(message: str, *at: str | int) -> PydanticCustomError:
    """An error a model's validator raises about a value inside it: located at the model's key
    followed by ``at`` (``attestations, 0, value, result``), not at the model as a whole."""
    return PydanticCustomError("located", "{message}", {"message": message, "at": at})
