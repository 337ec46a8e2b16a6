"""The rules presets shipped with congress-sim, installed with the package beside this module: YAML
files of the keys of `rules` that a scenario anywhere names by name (`rules: {preset:
roberts-rules}`).

A name has neither a folder nor an extension; a preset of one's own is a file, named by its path
relative to the scenario (`rules: {preset: bylaws.yaml}`) like every other file a scenario names.
"""

from __future__ import annotations

import re
from pathlib import Path

FOLDER = Path(__file__).resolve().parent
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


def is_name(text: object) -> bool:
    """Whether a scenario's `preset:` is the name of a shipped preset rather than a file's path."""
    return isinstance(text, str) and _NAME.fullmatch(text) is not None


def names() -> list[str]:
    """The names of the shipped presets."""
    return sorted(p.stem for p in FOLDER.glob("*.yaml"))


def path(name: str) -> Path | None:
    """The file of the shipped preset ``name``; None if none is called so."""
    return FOLDER / f"{name}.yaml" if name in names() else None
