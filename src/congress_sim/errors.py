"""One family of errors. Each says where (file, line, key) and what is wrong.

The library raises these; only the command line turns them into exit code 2.
"""

from __future__ import annotations

from dataclasses import dataclass


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
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"


class ScenarioError(CongressSimError):
    """A scenario file cannot be read or does not describe a valid assembly."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class OutputError(CongressSimError):
    """A result cannot be written where it was asked to go."""
