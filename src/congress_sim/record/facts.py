"""The record: what sources say happened, fact by fact, each value with its source.

A record is data kept apart from behaviour. Only :mod:`congress_sim.check` reads it; the
engine never does (a test makes sure).
"""

import os
from pathlib import Path
from typing import Annotated, Any, Literal, Self

from pydantic import Field, model_validator

from congress_sim.errors import CongressSimError, Problem, ScenarioError, offer, unknown
from congress_sim.files import meant
from congress_sim.language.scenario import Id, Model, Scenario, SourceEntry
from congress_sim.language.source import as_boolean, located

Level = Literal["exact", "within tolerance", "within bounds", "includes", "direction only"]
RECORD = ".record.yaml"  # how the name of a scenario's record ends, beside the scenario's own
PHRASE_TESTS = {  # each qualitative phrase a source may use of a vote, and its test (check.phrase_holds)
    "unanimously": "adopted with no vote against and no abstention",
    "overwhelming majority": "adopted with at least 90% of the votes cast (for, against, abstaining) for",
    "majority": "adopted with more than half of the votes cast (for, against, abstaining) for",
}
PHRASES = tuple(PHRASE_TESTS)


class Attestation(Model):
    """One source's value for a fact."""

    source: Id = Field(description="The source (in the scenario's or the record's `sources`).")
    value: Any = Field(description="What the source says; its form depends on the check's kind.")
    tolerance: float = Field(
        0, ge=0, allow_inf_nan=False,
        description="How far the replay may be from the value (minutes for times, delegates or seats "
        "for counts), for a source that rounds or says 'about'.",
    )
    quote: str | None = Field(None, description="The source's words.")
    statement: str | None = Field(None, description="The fact in plain words as this source gives it, where its "
                                  "value differs from the fact's statement.",
                                  examples=["The second session began at 20:40 on 26 October."])
    note: str | None = None


class _Check(Model):
    pass


class Census(_Check):
    """Delegates at a moment; the value maps factions, parties, `total` or a group of them joined by
    `+` (`bolsheviks+left_sr`) to counts, or to bounds: {at_least: n}, {at_most: n}, {between: [a, b]}."""

    kind: Literal["census"]
    at: str = Field(description="opening, closing, an item id (just after it, before whatever follows it in the same "
                    "minute; a walkout spread `over` some minutes, once its last delegate has gone; where the item did "
                    "not happen, the fact fails), a session id (as it opened, before its first item), or a date and "
                    "time (all that happened by then).")


class Time(_Check):
    """When something happened; the value is a date and time."""

    kind: Literal["time"]
    of: Id = Field(description="An item (of any kind, a close too) or session id.")
    edge: Literal["start", "end"] = Field("start", description="Its start or its end: a session's close, a recess's "
                                          "end, any other item's start and its duration.")


class Vote(_Check):
    """A vote's result and counts; the value has any of result, for, against, abstain, not_voting, present
    and needed: how many votes for its rule asked to carry it (the rules write it, so a fact of it alone is an
    input; a vote in which each order or party has one voice needed no count, and no value matches)."""

    kind: Literal["vote"]
    vote: Id = Field(description="The vote (an agenda item's id).")
    among: list[Id] | None = Field(
        None, description="Count only the delegates of these factions or parties (an order's or a chamber's own "
        "count in a vote of the whole assembly); the result, and what it needed, are still the vote's.")


class Phrase(_Check):
    """A qualitative phrase about a vote, each with its test: *unanimously*, adopted with no vote
    against and no abstention; *overwhelming majority*, adopted with at least 90% of the votes cast
    (for, against, abstaining) for; *majority*, adopted with more than half of them for."""

    kind: Literal["phrase"]
    vote: Id = Field(description="The vote (an agenda item's id).")


class FactionVote(_Check):
    """How most of a faction's delegates voted: for, against, abstain or not voting; or *not for*, where a
    source says only that the faction opposed a motion (against or abstaining: most of its delegates did
    not vote for it, or none of them voted)."""

    kind: Literal["faction_vote"]
    vote: Id = Field(description="The vote (an agenda item's id).")
    faction: Id = Field(description="The faction whose delegates are counted.")


class Seats(_Check):
    """An elected body's seats; the value maps factions (and `total`) to seats (among candidates, each
    winner's seat is the winner's faction's)."""

    kind: Literal["seats"]
    election: Id = Field(description="The election (an agenda item's id).", examples=["presidium"])


class Body(_Check):
    """A body's make-up; the value has `only` (the factions holding every seat) and/or `chair`."""

    kind: Literal["body"]
    election: Id = Field(description="The election (an agenda item's id).", examples=["presidium"])


class Presence(_Check):
    """Whether a named person attended a session; the value is present or absent."""

    kind: Literal["presence"]
    person: Id = Field(description="The person (in the scenario's `persons`).")
    session: Id = Field(description="The session (its id).")


class Order(_Check):
    """Items (or sessions' openings) happened in this order; the value lists their ids."""

    kind: Literal["order"]


class Occurrence(_Check):
    """Each listed item (of any kind: a debate, a recess, a close...) happened; for votes, the value
    `adopted` asks that each was adopted."""

    kind: Literal["occurrence"]
    items: list[Id] = Field(min_length=1)


class Speakers(_Check):
    """Who spoke at an item; the value lists persons who must be among its speakers."""

    kind: Literal["speakers"]
    item: Id = Field(description="The item (its id).")


class OpensWith(_Check):
    """The first item of a given kind to happen while a session sat (the agenda's or a reaction's);
    the value is its id, or none."""

    kind: Literal["opens_with"]
    session: Id = Field(description="The session (its id).")
    item_kind: str


class Walkout(_Check):
    """Who walked out in a walkout; the value lists the factions."""

    kind: Literal["walkout"]
    walkout: Id = Field(description="The walkout (an agenda item's or trigger action's id).")


class Positions(_Check):
    """Where the delegates present at a moment stand on an issue: how many fall in each band (a
    survey of their opinions). The value maps each band's name to the count the source gives;
    counts are compared as shares, since a survey counts its own total. A tolerance is in shares."""

    kind: Literal["positions"]
    issue: Id = Field(description="The issue (in the scenario's `issues`) the survey asked about.",
                      examples=["soviet_power"])
    at: str = Field("opening", description="opening, closing, an item id, a session id or a date and time, as "
                    "a census counts them.")
    bands: dict[Id, Annotated[list[float], Field(min_length=2, max_length=2)]] = Field(
        description="Each band's name and its [from, to) on the issue's line, which runs from -1 to 1 (a bound beyond "
        "it, such as 9, leaves the band open at that end).",
        examples=[{"all_power_to_the_soviets": [0.5, 9], "the_democracy": [-0.25, 0.5],
                   "without_kadets": [-0.75, -0.25], "coalition": [-9, -0.75]}])


class Ballots(_Check):
    """An election among candidates: the votes each candidate had on a ballot (the last by default),
    and who won; the value maps candidates (and `winner`, `blank`) to counts or a person. An
    ensemble judges only `winner` (it keeps who won, not the ballots)."""

    kind: Literal["ballots"]
    election: Id = Field(description="The election (an agenda item's id).", examples=["chairman"])
    round: int | None = Field(None, ge=1, description="Which ballot, counting from 1; the last if not given.",
                              examples=[1])


class Roll(_Check):
    """How a named person voted; the value is for, against, abstain or not voting. An ensemble skips
    it (it keeps each faction's count, not each person's vote)."""

    kind: Literal["roll"]
    vote: Id = Field(description="The vote (an agenda item's id).")
    person: Id = Field(description="The person (in the scenario's `persons`).")


class Decided(_Check):
    """Whether a faction accepted or declined its seats; the value is accepted or declined."""

    kind: Literal["decision"]
    item: Id = Field(description="The decision (an agenda item's or trigger action's id).",
                     examples=["mensheviks_decline_presidium"])


class Delegations(_Check):
    """The bodies represented, by kind (a fact about the scenario); the value maps kind to count."""

    kind: Literal["delegations"]


class History(_Check):
    """An event before the assembly (a fact about the scenario); the value has date and sets_opening."""

    kind: Literal["history"]


Check = Annotated[
    Census | Time | Vote | Phrase | FactionVote | Seats | Body | Presence | Order | Occurrence
    | Speakers | OpensWith | Walkout | Delegations | History | Positions | Ballots | Roll | Decided,
    Field(discriminator="kind"),
]


_FORMS: dict[str, tuple[type, str]] = {
    "census": (dict, "a mapping of factions, parties or total to counts"),
    "time": (str, "a date and time"),
    "vote": (dict, "a mapping with any of result, for, against, abstain, not_voting, present, needed"),
    "phrase": (str, f"one of: {', '.join(PHRASES)}"),
    "faction_vote": (str, "for, against, abstain, not voting or not for"),
    "seats": (dict, "a mapping of factions (and total) to seats"),
    "body": (dict, "a mapping with only (a list of factions) and/or chair"),
    "presence": (str, "present or absent"),
    "order": (list, "a list of item or session ids"),
    "occurrence": (str, "adopted or happened"),
    "speakers": (list, "a list of person ids"),
    "opens_with": (str, "an item id"),
    "walkout": (list, "a list of faction ids"),
    "delegations": (dict, "a mapping of kinds of body (and total) to counts"),
    "history": (dict, "a mapping with date and/or sets_opening"),
    "positions": (dict, "a mapping of bands to counts"),
    "ballots": (dict, "a mapping of candidates (and winner, blank) to counts"),
    "roll": (str, "for, against, abstain, not voting or absent"),
    "decision": (str, "accepted or declined"),
}

# what an unquoted yes or no (read as true or false) most likely meant, where a word is asked
_INSTEAD = {"roll": 'write "for" or "against"', "faction_vote": 'write "for" or "against"',
            "vote": 'write "adopted" or "rejected"', "presence": 'write "present" or "absent"',
            "decision": 'write "accepted" or "declined"', "occurrence": 'write "happened"'}


# the words a value may be, by kind of check (a vote's: its result); anything else could never match
WORDS: dict[str, tuple[str, ...]] = {
    "vote": ("adopted", "rejected", "not taken"),
    "faction_vote": ("for", "against", "abstain", "not voting", "not for"),
    "presence": ("present", "absent"),
    "occurrence": ("adopted", "happened"),
    "roll": ("for", "against", "abstain", "not voting", "absent"),
    "decision": ("accepted", "declined"),
}


class Fact(Model):
    id: Id = Field(description="The fact's id, as `check` and `compare` report it.", examples=["opened"])
    statement: str = Field(description="The fact in plain words.")
    check: Check
    level: Level | None = Field(None, description="Defaults: direction only for phrases, includes for speakers "
                                "(the replay's list has these, and may have more), within bounds for counts given "
                                "as bounds, otherwise exact (within tolerance where an attestation gives one). An "
                                "exact list has no name more.")
    target: bool = Field(False, description="A calibration target: `congress-sim calibrate` fits the scenario's "
                         "free parameters to it, so it can no longer confirm the model.", examples=[True])
    attestations: list[Attestation] = Field(min_length=1)

    def statement_of(self, source: str) -> str:
        """The fact in the words of ``source``: its own statement where it gives one."""
        return next((a.statement for a in self.attestations if a.source == source and a.statement), self.statement)

    @model_validator(mode="after")
    def _values_fit(self) -> Self:
        form, words = _FORMS[self.check.kind]
        for i, a in enumerate(self.attestations):
            whose = f"{a.source}'" if a.source.endswith("s") else f"{a.source}'s"  # the minutes' result, reed's
            if not isinstance(a.value, form):
                shown = _said(self.check.kind, a.value) if form is str else repr(a.value)
                raise located(f"{whose} value for a {self.check.kind} check must be {words}, not {shown}",
                              "attestations", i, "value")
            if self.check.kind == "phrase" and a.value not in PHRASES:
                raise located(f"{whose} phrase {a.value!r} has no test; use one of: {', '.join(PHRASES)}",
                              "attestations", i, "value")
            allowed = WORDS.get(self.check.kind)
            said = a.value.get("result") if isinstance(a.value, dict) else a.value
            if allowed and said is not None and said not in allowed:
                what = "result" if self.check.kind == "vote" else "value"
                raise located(f"{whose} {what} {_said(self.check.kind, said)} is none of: {', '.join(allowed)}",
                              "attestations", i, "value", *(("result",) if isinstance(a.value, dict) else ()))
            if isinstance(a.value, dict):
                for key, bounds in a.value.items():
                    if isinstance(bounds, dict) and (problem := _bounds_problem(bounds)):
                        raise located(f"{whose} value for {key}: {problem}", "attestations", i, "value", key)
        return self


def _said(kind: str, value: Any) -> str:
    """A word a source gives, as a message shows it; a YAML boolean with what it most likely meant."""
    return as_boolean(value, _INSTEAD.get(kind, "put the word in quotes")) if isinstance(value, bool) else repr(value)


def _bounds_problem(bounds: dict[str, Any]) -> str | None:
    """What is wrong with bounds written for a count, if anything (a misspelt bound would bound nothing)."""
    number = (int, float)
    unknown = sorted(set(bounds) - {"at_least", "at_most", "between"})
    if unknown or not bounds:
        return (f"unknown bound {unknown[0]!r}; " if unknown else "no bound given; ") + \
            "give at_least, at_most or between"
    for key in ("at_least", "at_most"):
        if key in bounds and (not isinstance(bounds[key], number) or isinstance(bounds[key], bool)):
            return f"{key} must be a number, not {bounds[key]!r}"
    if "between" in bounds:
        pair = bounds["between"]
        if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, number) and not isinstance(x, bool)
                                                                 for x in pair) and pair[0] <= pair[1]):
            return f"between must be [low, high] with low <= high, not {pair!r}"
        if "at_least" in bounds or "at_most" in bounds:
            return "give between, or at_least and/or at_most, not both"
    return None


class Record(Model):
    """What the sources say happened; the replay is checked against it."""

    title: str = Field(description="A short human title.", examples=["Minutes of the council, 5 March 2024"])
    scenario: str | None = Field(None, description="The scenario this record belongs to (for the reader).")
    sources: dict[Id, SourceEntry] = Field(default_factory=dict, description="Sources beyond the scenario's own: "
                                           "each a citation, or `{cite: ..., short: ...}` as in the scenario's.")
    facts: list[Fact] = Field(min_length=1, description="The facts, each with what to measure and each "
                              "source's value.")

    def __repr__(self) -> str:  # the fields in full would run to tens of thousands of characters
        sources = sorted({a.source for f in self.facts for a in f.attestations})
        return (f"<Record {self.title!r}: {len(self.facts)} facts from {len(sources)} sources "
                f"({', '.join(sources[:6])}{', ...' if len(sources) > 6 else ''})>")

    def __str__(self) -> str:  # print(record) too: pydantic's would print every field
        return repr(self)


def read_record(doc: Any) -> Record:
    """A record from its document: validated, each fact's id once (a second is an error at its line)."""
    from congress_sim.language.load import is_parameters, validate

    data = doc.data
    if isinstance(data, dict) and "facts" not in data and ("sessions" in data or is_parameters(data)):
        what = "a scenario" if "sessions" in data else "a parameters file"
        raise ScenarioError([doc.problem((), f"is {what}, not a record; a record lists `facts:` (see "
                                             "docs/reference/scenario.md, Record files)")])
    record = validate(doc, Record)
    seen: dict[str, int] = {}
    for i, f in enumerate(record.facts):
        if f.id in seen:
            first = doc.given(("facts", seen[f.id], "id"), ("facts", i, "id"))
            raise ScenarioError([doc.problem(("facts", i, "id"), f"duplicate fact id {f.id!r} ({first})")])
        seen[f.id] = i
    return record


def load_record(path: "str | Path", scenario: "Scenario | None" = None) -> "Record":  # as the reference shows them
    """Read a record file; with a scenario, its sources must be the scenario's or the record's own."""
    from congress_sim.language.source import read

    doc = read(path, "record file")
    record = read_record(doc)
    if scenario is not None and _own(scenario):
        from .references import problems

        if found := problems(record, scenario, doc):
            raise ScenarioError(found)
    return record


def _own(scenario: Scenario) -> bool:
    """Whether the record is the scenario's own, not one a what-if inherits from its base: a what-if
    may remove what its base's record speaks of (such facts are skipped), so only the scenario that
    names the record is held to every id in it."""
    mark = scenario._record_from
    return mark is None or scenario._path is None or Path(mark[0]) == Path(scenario._path)


def record_of(scenario: Scenario) -> Record | None:
    """The record a scenario names (``record:``), resolved beside the file that names it."""
    if scenario.record is None:
        return None
    mark = scenario._record_from
    named_in = mark[0] if mark else scenario._path
    base = Path(named_in).parent if named_in else Path.cwd()
    try:
        return load_record(base / scenario.record, scenario)
    except ScenarioError as exc:
        first = exc.problems[0]
        if mark is None or first.line is not None or first.file != str(base / scenario.record):
            raise
        # the file could not be opened: say so where the scenario names it
        why = f"no record file {scenario.record!r}{offer(_meant(scenario.record, base / scenario.record, mark[0]))}" \
            if first.message == "no such file" else f"the record {scenario.record!r}: {first.message}"
        raise ScenarioError([Problem(mark[0], mark[1], "record", why, mark[2])]) from None


def _meant(name: str, path: Path, named_in: str) -> str | None:
    """The record a scenario likely meant by ``name``, not at ``path``: one beside it of a near name,
    else the scenario's own (``NAME.record.yaml`` beside ``NAME.yaml``), as after files are renamed
    and `record:` is not."""
    if near := meant(name, path, RECORD):
        return near
    own = Path(named_in).name.removesuffix(".yaml") + RECORD
    return own if os.path.isfile(Path(named_in).parent / own) else None


def require_source(scenario: Scenario, record: Record | None, source: str | None) -> str | None:
    """The source facts are judged for: the one named, else the scenario's primary source.
    A name neither the scenario nor its record knows is an error, as it is for `check`."""
    if record is None:
        if source is not None:
            raise CongressSimError(f"no source {source!r}: the scenario names no record to check against")
        return None
    source = source or scenario.primary_source
    known = {**scenario.sources, **record.sources}
    if source is not None and source not in known:
        raise CongressSimError(unknown("source", source, known))
    return source


def validate_file(path: str | Path) -> str:
    """Check a scenario or record file without running it; a line that says what it holds."""
    from congress_sim.language.load import is_parameters, is_rules_preset, load, load_rules
    from congress_sim.language.scenario import NAMED
    from congress_sim.language.source import read
    from congress_sim.model.rules import describe
    from congress_sim.views import labels
    from congress_sim.views.transcript import plural

    def majority_name(m: Any) -> Any:
        return NAMED.get(m, m) if isinstance(m, str) else m

    doc = read(path)
    if isinstance(doc.data, dict) and "facts" in doc.data and "extends" not in doc.data:
        return f"record, {plural(len(read_record(doc).facts), 'fact')}"
    if is_parameters(doc.data):
        return parameters_file(doc)
    if is_rules_preset(doc.data):
        rules = load_rules(path)
        return f"rules preset, majority {describe(majority_name(rules.majority))}, " + \
            plural(len(rules.motions), "rule") + " for types of motion"
    s = load(path)
    named = record_of(s)  # `check` and `run` read it: a missing or bad record is reported now
    items = sum(len(x.agenda) for x in s.sessions)
    delegates = sum(f.delegates for f in s.factions.values())
    what = ", ".join([plural(len(s.factions), "faction"), labels.members(s, delegates) + " at the opening",
                      plural(len(s.sessions), "session"), plural(items, "agenda item"), plural(len(s.triggers), "trigger")])
    return f"scenario, {what}" + (f"; its record, {plural(len(named.facts), 'fact')}" if named else "")


def parameters_file(doc: Any) -> str:
    """What a parameters file (`calibrate --write`) holds; its paths are checked by the scenario that names it."""
    from congress_sim.errors import ScenarioError
    from congress_sim.views.transcript import plural

    values, targets = doc.data["values"], doc.data["fitted_to"]
    if not isinstance(values, dict) or not values:
        raise ScenarioError([doc.problem(("values",), "a parameters file holds `values: {path: value}`, "
                                         "as `congress-sim calibrate` writes it")])
    if not isinstance(targets, list) or not all(isinstance(t, str) for t in targets):
        raise ScenarioError([doc.problem(("fitted_to",), "must be a list of the record's fact ids")])
    return f"parameters, {plural(len(values), 'value')} fitted to {plural(len(targets), 'target')}; " \
        "the paths are checked with the scenario that names the file"
