"""What fuzzing the loader found (tests/fuzz), each kept as a regression test."""

import pytest

import congress_sim as cs
from congress_sim.language.load import from_document
from congress_sim.language.source import parse

from .conftest import ROOT


@pytest.mark.parametrize(
    "text",
    [
        # An anchor used inside its own list: the composed YAML contains itself, and counting its
        # size recursed without end (RecursionError). Now a located error.
        (ROOT / "tests" / "bad" / "alias-self-reference.yaml").read_bytes(),
        b"a: &a [1, *a]\n",
        b"a: &a {b: *a}\n",
    ],
)
def test_self_referencing_aliases_are_an_error(text):
    with pytest.raises(cs.ScenarioError, match="an alias refers to the list or mapping it is in"):
        from_document(parse(text, "<fuzz>"))
