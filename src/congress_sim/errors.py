"""One family of errors. Each says where (file, line, key) and what is wrong.

The library raises these; only the command line turns them into exit code 2.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

MAX_MESSAGE = 400  # characters of one problem's message
MAX_SHOWN = 100  # problems listed of one file
FEW = 4  # names known so few that a message lists them beside the nearest
LISTED = 12  # names known that a message lists at most


class CongressSimError(Exception):
    """Base class of every error congress-sim raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located as precisely as it can be."""

    file: str
    line: int | None
    key: str
    message: str
    column: int | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        # a message may quote what the file holds: a huge value or a list of every id is cut short
        message = self.message if len(self.message) <= MAX_MESSAGE else self.message[: MAX_MESSAGE - 3] + "..."
        text = f"{where}: {self.key}: {message}" if self.key else f"{where}: {message}"
        return _one_line(text)


def unknown(what: str, name: object, known: Iterable[str], where: str = "", known_as: str = "known") -> str:
    """What is wrong with a name nothing bears: ``no faction 'nays' (did you mean 'ayes'? known:
    ayes, noes)``: the nearest name when one is near, and the names there are when they are few or
    none is near (the first of many). ``where``: where it was looked for (`` in the scenario``);
    ``known_as``: what the names there are (``elected: cec, presidium``)."""
    known = sorted(known)
    guess = close(name, known)
    hints = [f"did you mean {guess!r}?"] if guess else []
    if len(known) <= FEW or not guess:
        more = f" and {len(known) - LISTED} more" if len(known) > LISTED else ""
        hints.append(f"{known_as}: {', '.join(known[:LISTED])}{more}" if known else
                     "none defined" if known_as == "known" else f"{known_as}: none")
    return f"no {what} {name!r}{where} ({' '.join(hints)})"


def nearest(name: object, known: Iterable[str]) -> str:
    """`` (did you mean 'ayes'?)`` where a known name is near ``name``; else nothing."""
    return offer(close(name, known))


def offer(guess: str | None) -> str:
    """`` (did you mean 'ayes'?)`` offering ``guess``; nothing where there is none to offer."""
    return f" (did you mean {guess!r}?)" if guess else ""


def close(name: object, known: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The known name nearest ``name``, if one is near enough to be what was meant."""
    guess = difflib.get_close_matches(str(name), sorted(known), n=1, cutoff=cutoff)
    return guess[0] if guess else None


def with_article(word: str) -> str:
    """The word with its article: ``a vote``, ``an election``."""
    return f"{'an' if word[:1] in 'aeiou' else 'a'} {word}"


def _one_line(text: str) -> str:
    """A problem is one line: a line break in a file's name or a key is shown, not obeyed."""
    return text.replace("\r", "\\r").replace("\n", "\\n")


class ScenarioError(CongressSimError):
    """A scenario file cannot be read or does not describe a valid assembly."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = [str(p) for p in problems[:MAX_SHOWN]]
        if len(problems) > MAX_SHOWN:
            lines.append(f"{problems[0].file}: {len(problems) - MAX_SHOWN:,} more problems not shown")
        super().__init__("\n".join(lines))


class NotFound(CongressSimError, KeyError):
    """A replay holds nothing of the name asked for (a vote, an issue, a moment); the message says
    what it holds. A KeyError too, as a lookup by name is."""

    __str__ = Exception.__str__  # KeyError's own would show the message in quotes


class OutputError(CongressSimError):
    """A result cannot be written where it was asked to go."""


class Wording(str):
    """Text that names a function's arguments: read as it is, it names them as the function does
    (``runs``); :meth:`said` names them otherwise, as the command line does with the options that
    gave them (``--runs``). A notice, a report or an error's message: one way of naming for all.

    An option that no argument of Python's gives is named, read as it is, as ``python`` says
    Python offers the same: ``Wording("{as_json} lists them", "as_json", python={"as_json":
    "report.outcomes"})`` reads ``report.outcomes lists them``, and ``--json lists them`` said.
    """

    template: str
    arguments: tuple[str, ...]
    python: dict[str, str]

    def __new__(cls, template: str, *arguments: str, python: dict[str, str] | None = None) -> Wording:
        # ``template`` holds each argument as ``{name}``, filled in only by name (a value quoted in it
        # may hold braces of its own)
        text = super().__new__(cls, _named(template, arguments, python or {}))
        text.template, text.arguments, text.python = template, arguments, python or {}
        return text

    def said(self, names: dict[str, str] | None = None) -> str:
        """The text, each argument named as ``names`` names it (else as Python does)."""
        return _named(self.template, self.arguments, {**self.python, **(names or {})})


def _named(template: str, arguments: tuple[str, ...], names: dict[str, str]) -> str:
    for a in arguments:
        template = template.replace("{" + a + "}", names.get(a, a))
    return template


class ArgumentError(CongressSimError, ValueError):
    """A function was given an argument it does not take. The message (a :class:`Wording`) names
    the arguments as the function does (``runs``); the command line names them as the options that
    gave them (``--runs``). A ValueError too, as a bad argument is."""

    def __init__(self, message: str, *arguments: str):
        super().__init__(Wording(message, *arguments))
