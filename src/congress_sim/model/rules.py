"""Quorum and majority: which threshold a motion is decided by, and whether a tally meets it.

Every function works on arrays of replays. A threshold is a fraction of a base (the votes cast,
the votes and abstentions, those present, or the members), met when the votes for are at least
the fraction (or, strict, more than it): compared in whole numbers, so that "three fifths of 100"
is exactly 60 and "more than half of 649" is 325.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from congress_sim.language.scenario import NAMED, Quorum, Scenario, Threshold, Vote, fraction_of

UNANIMITY = "unanimity"
# the question on an appeal is whether the chair's decision stands: a majority or a tie sustains it
SUSTAIN = Threshold.model_construct(share=0.5, of="votes_cast", strict=False,  # valid as written: no validator built
                                    text="a majority or a tie sustains the chair")


def majority_of(scenario: Scenario, vote: Vote) -> Threshold | str:
    """The threshold a vote is decided by: its own, else its type's in the rules, else the assembly's."""
    rules = scenario.rules
    chosen: Any = vote.rules.majority if vote.rules and vote.rules.majority else None
    if chosen is None and vote.type in rules.motions:
        chosen = rules.motions[vote.type].majority
    if chosen is None:
        chosen = SUSTAIN if vote.type == "appeal" else rules.majority
    return NAMED.get(chosen, chosen) if isinstance(chosen, str) else chosen


def quorum_of(scenario: Scenario, vote: Vote | None) -> Quorum | None:
    over = vote.rules if vote is not None else None
    return over.quorum if over and over.quorum else scenario.rules.quorum


def members(scenario: Scenario) -> int:
    m = scenario.members
    return 0 if m is None else m.seats - m.vacancies


def describe(threshold: Threshold | str) -> str:
    """The rule in words, for tables and figures."""
    if isinstance(threshold, str):
        return "unanimity: none against"
    if threshold.text:
        return threshold.text
    f = threshold.fraction
    base = {"votes_cast": "the votes cast", "votes_and_abstentions": "the votes and abstentions",
            "present": "those present", "members": "the members"}[threshold.of]
    by = ", by party (one vote each)" if threshold.by == "party" else ""
    return f"{'more than' if threshold.strict else 'at least'} {f.numerator}/{f.denominator} of {base}{by}"


def alone(scenario: Scenario, vote: Vote) -> str | None:
    """Under a rule by party, the one party whose members alone vote on ``vote`` (its ``voters``), or
    None. Its one voice is for when more of its members vote for than against, so a count of their
    heads decides the vote, not a count of parties."""
    if getattr(majority_of(scenario, vote), "by", "head") != "party" or vote.voters is None:
        return None
    parties = {scenario.party_of(f) for f in scenario.factions
               if f in vote.voters or scenario.party_of(f) in vote.voters}
    return parties.pop() if len(parties) == 1 else None


def describe_vote(scenario: Scenario, vote: Vote) -> str:
    """The rule ``vote`` is decided by, in words: a party voting alone under a rule by party is
    decided by its members' majority, whatever the rule says of several parties."""
    party = alone(scenario, vote)
    if party is None:
        return describe(majority_of(scenario, vote))
    label = scenario.parties[party].label if party in scenario.parties else scenario.factions[party].label
    return f"{label} alone: more of its members for than against"


def by_party(scenario: Scenario, factions: tuple[str, ...], counts: Any, present: Any) -> tuple[Any, Any, Any, Any]:
    """A tally by party, each party casting one vote: (for, against, abstaining, parties present).

    A party votes for when more of its members vote for than against, against when more vote against,
    and abstains on a tie; a party with no member in the hall is not present.
    """
    parties = sorted({scenario.party_of(f) for f in factions})
    f = a = b = here = 0
    for party in parties:
        idx = [i for i, x in enumerate(factions) if scenario.party_of(x) == party]
        pf, pa = counts[:, idx, 0].sum(axis=1), counts[:, idx, 1].sum(axis=1)
        inside = present[:, idx].sum(axis=1) > 0
        f = f + (inside & (pf > pa))
        a = a + (inside & (pa > pf))
        b = b + (inside & (pa == pf))
        here = here + inside
    return f, a, b, here


def base_of(threshold: Threshold, f: Any, a: Any, b: Any, present: Any, seats: int) -> Any:
    of = threshold.of
    if of == "votes_cast":
        return f + a
    if of == "votes_and_abstentions":
        return f + a + b
    if of == "present":
        return present
    return seats + 0 * f


def needed(threshold: Threshold | str, f: Any, a: Any, b: Any, present: Any, seats: int) -> Any:
    """Votes for needed to carry, given the rest of the tally (for figures and the log)."""
    if isinstance(threshold, str):
        return np.maximum(1, 0 * f)
    base = np.asarray(base_of(threshold, f, a, b, present, seats))
    frac = threshold.fraction
    exact = base * frac.numerator
    if threshold.strict:
        return exact // frac.denominator + 1
    return -(-exact // frac.denominator)


def carries(threshold: Threshold | str, f: Any, a: Any, b: Any, present: Any, seats: int) -> Any:
    """Whether ``f`` for, ``a`` against and ``b`` abstaining carry a motion (nothing carries with none for)."""
    f = np.asarray(f)
    if isinstance(threshold, str):
        return (f > 0) & (np.asarray(a) == 0)
    base = np.asarray(base_of(threshold, f, a, b, present, seats))
    frac = threshold.fraction
    lhs, rhs = f * frac.denominator, base * frac.numerator
    return (f > 0) & ((lhs > rhs) if threshold.strict else (lhs >= rhs))


def quorum_needed(quorum: Quorum | None, registered: Any, opening: Any, seats: int) -> Any:
    """Delegates who must be present for a vote to be taken."""
    if quorum is None:
        return np.zeros_like(np.asarray(registered))
    if quorum.count is not None:
        return np.full_like(np.asarray(registered), quorum.count)
    base = registered if quorum.of == "registered" else opening if quorum.of == "opening" else \
        np.full_like(np.asarray(registered), seats)
    if quorum.strict:  # more than the share: compared in whole numbers, as a threshold is
        frac = fraction_of(quorum.share or 0)
        return (np.asarray(base) * frac.numerator // frac.denominator + 1).astype(np.int64)
    return np.ceil((quorum.share or 0) * np.asarray(base) - 1e-9).astype(np.int64)
