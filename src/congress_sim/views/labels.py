"""Names a reader knows, in place of the ids a scenario uses to refer to things: factions, parties,
bodies, persons, sessions and agenda items by their labels, and the values of facts in those words.

Ids stay in what programs read (``--json``, exports); whatever a person reads goes through here.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from congress_sim.model.reasons import Naming, words

if TYPE_CHECKING:
    from congress_sim.events import Elected
    from congress_sim.language.plan import Plan
    from congress_sim.language.scenario import Scenario
    from congress_sim.model.reasons import Reason

    from .replay import Replay


def group(s: Scenario, ident: str) -> str:
    """A faction's or a party's label (a body's seats may go to either, to a group of neither, or
    to a person of no faction); a sum of them (``mensheviks+menshevik_internationalists``) joined with +."""
    if "+" in ident:
        return " + ".join(group(s, part) for part in ident.split("+"))
    if ident in s.factions:
        return s.factions[ident].label
    if ident in s.parties:
        return s.parties[ident].label
    return person(s, ident)  # a candidate of no faction holds a seat of their own


def groups(s: Scenario, idents: Iterable[str]) -> str:
    """``Mensheviks and Right SRs``; ``Bolsheviks, Left SRs and Ukrainian Socialists``."""
    return joined([group(s, f) for f in idents])


def people(s: Scenario, idents: Iterable[str]) -> str:
    """``Miriam Keel and Ivo Sato``."""
    return joined([person(s, p) for p in idents])


def origin(s: Scenario) -> str:
    """Where a scenario came from, to name in a caption: its file (``historical.yaml``); one given in
    Python, as text or a dict, by what it extends (``a what-if of historical.yaml``)."""
    if s._path and not s._path.startswith("<"):
        return Path(s._path).name
    if s._whatif is not None:
        return f"a what-if of {Path(s._whatif.base).name}"
    return "a scenario given in Python" if s._path else "a scenario"


def overrides(sets: Iterable[str]) -> str:
    """The ``--set`` overrides a run was made with, to follow its seed or file: ``, --set x=1``."""
    return "".join(f", --set {x}" for x in sets)


def party(s: Scenario, ident: str) -> str:
    """A party's label, with its factions in brackets where they say more than the label does:
    ``Democratic caucus (Democrats + Independents)``, but ``Commons (third estate)`` for a party whose
    one faction is the Commons."""
    label = s.parties[ident].label
    members = [f.label for f in s.factions.values() if f.party == ident]
    if not members or (len(members) == 1 and members[0].casefold() in label.casefold()):
        return label
    if "(" in label or any("(" in m for m in members):  # no bracket inside another: the factions after a dash
        return f"{label} — {' + '.join(members)}"
    return f"{label} ({' + '.join(members)})"


def about(replay: Replay, part: str, ident: str | None) -> str:
    """What an assumption of the scenario is about, in words (see Scenario.assumptions)."""
    s = replay.scenario
    named: dict[str, dict[str, Any]] = {"issues": s.issues, "factions": s.factions, "bodies": s.bodies}
    if ident is not None and ident in named.get(part, {}):
        return str(named[part][ident].label)
    if part == "persons" and ident is not None:
        return person(s, ident)
    if part == "uncertain" and ident is not None:
        return capital(assumption(s, replay.plan, ident))
    if part in ("sessions", "arrivals", "triggers") and ident is not None:
        trigger = next((t for t in s.triggers if t.id == ident), None)
        return item(replay, trigger.then.id if trigger is not None else ident)
    return {"behaviour": f"How {members(s)} choose (behaviour)", "members": "The membership", "rules": "The rules",
            "history": "What came before"}.get(part, part)


def run(replay: Replay) -> str:
    """Which replay it is: ``deterministic replay`` or ``stochastic replay, seed 4``."""
    return "deterministic replay" if replay.seed is None else f"stochastic replay, seed {replay.seed}"


def members(s: Scenario, n: int | None = None) -> str:
    """The assembly's members as the scenario calls them (``delegates``, ``senators``), or ``n`` of
    them (``1 senator``)."""
    called = s.members_called
    if n is None:
        return called.many
    return f"{n} {called.one if n == 1 else called.many}"


def person(s: Scenario, ident: str) -> str:
    return s.persons[ident].name if ident in s.persons else ident.replace("_", " ")


def body(s: Scenario, ident: str) -> str:
    return s.bodies[ident].label if ident in s.bodies else ident.replace("_", " ")


def holder(e: Elected) -> str | None:
    """Who holds an office of one seat (the ``chair`` of a body elected with one seat), or None: a
    reader is told who holds it, not who chairs it."""
    return e.chair if sum(e.seats.values()) == 1 else None


def session(s: Scenario, ident: str) -> str:
    titles = {x.id: x.title for x in s.sessions}
    return titles.get(ident) or f"Session {ident.replace('_', ' ')}"


def item(replay: Replay, ident: str) -> str:
    """What an agenda item (a trigger's reaction, an arrival, a session) is, in words: its title if
    the scenario gives one, else the motion put to the vote, the topic of the debate, ..."""
    return item_of(replay.scenario, replay.plan, ident)


def item_of(s: Scenario, plan: Plan, ident: str) -> str:  # noqa: C901 - one phrase per kind of item
    """:func:`item`, of a scenario and its plan, without a replay."""
    if any(x.id == ident for x in s.sessions):
        return session(s, ident)
    arrival = next((a for a in s.arrivals if a.id == ident), None)
    if arrival is not None:
        return f"Arrival of {arrival.count} {group(s, arrival.faction)}"
    it = plan.items.get(ident)
    if it is None:
        return ident.replace("_", " ")
    if it.title:
        return str(it.title)
    kind = it.kind
    if kind == "vote":
        return str(it.motion)
    if kind in ("debate", "report"):
        return f"{kind.capitalize()} on {it.topic}"
    if kind == "announcement":
        return str(it.text)
    if kind == "walkout":
        return f"Walkout of {the(groups(s, it.factions))}" if it.factions else "Walkout"
    if kind == "ruling":
        return f"Ruling on the point of order: {it.point}"
    if kind == "defection":
        return f"{group(s, it.source_faction)} going over to {the(group(s, it.target_faction))}"
    if kind == "election":
        return f"Election of {the(body(s, it.body))}"
    if kind == "decision":
        return f"Decision of {the(group(s, it.faction))} on seats in {the(body(s, it.body))}"
    return {"recess": "Recess", "close": "Close of the session"}.get(kind, ident.replace("_", " "))


def the(label: str) -> str:
    """``the Presidium``, but ``The Board`` as the label has it: never ``the The Board``."""
    return label if label[:4].lower() == "the " else f"the {label}"


def within(label: str) -> str:
    """A label put inside a sentence: ``Vote on the Menshevik-Internationalists' proposal``, where
    the scenario's title begins ``The ...`` (or ``A ...``, ``An ...``) as a heading does."""
    article, _, rest = label.partition(" ")
    return f"{article.lower()} {rest}" if rest and article in ("The", "A", "An") else label


def short(text: str, n: int) -> str:
    """``text`` cut at a word to at most ``n`` characters, with an ellipsis where it was cut."""
    if len(text) <= n:
        return text
    cut = text[: n - 1].rsplit(" ", 1)[0] if " " in text[: n - 1] else text[: n - 1]
    return cut.rstrip(" ,;:") + "\u2026"


def fact_value(replay: Replay, kind: str, value: Any, none: str = "") -> str:  # noqa: C901 - one rule per kind
    """A fact's value (a source's, or the replay's as measured) in words, for a check of ``kind``."""
    s = replay.scenario
    if value is None:
        return none
    if isinstance(value, str):
        if kind == "time" and value[:1].isdigit():  # as every other time is written: 25 Oct 22:40 [7 Nov]
            return replay.clock.label_iso(value)
        return item(replay, value) if kind == "opens_with" and value != "none" else value
    if isinstance(value, dict):
        if kind in ("census", "seats"):
            named = {("total" if k == "total" else group(s, k)): v for k, v in value.items()}
        elif kind == "delegations":
            named = {(s.delegations[k].label if k in s.delegations else k): v for k, v in value.items()}
        elif kind == "body":
            named = {"only": groups(s, value["only"]) if isinstance(value.get("only"), list) else value.get("only"),
                     "chair": person(s, value["chair"]) if value.get("chair") else value.get("chair"),
                     "members": ", ".join(person(s, p) for p in value["members"])
                     if isinstance(value.get("members"), list) else value.get("members")}
            named = {k: v for k, v in named.items() if k in value}
        elif kind == "occurrence":
            named = {item(replay, k): v for k, v in value.items()}
        elif kind == "ballots":  # the candidates' votes, and who won, by name
            named = {(k if k in ("winner", "blank", "ballots") else person(s, k)):
                     (person(s, v) if k == "winner" and isinstance(v, str) else v) for k, v in value.items()}
        elif kind == "history":  # an entry of the scenario's history; what it does not say is left out
            words = {"date": "on", "sets_opening": "opening set for"}
            return ", ".join(f"{words.get(k, k)} {_when(replay, v)}" for k, v in value.items() if v is not None)
        else:
            named = value
        return ", ".join(f"{k} {none if v is None else bounded(v)}" for k, v in named.items())
    if isinstance(value, list):
        name = {"speakers": lambda p: person(s, p), "walkout": lambda f: group(s, f),
                "order": lambda i: item(replay, i)}.get(kind, str)
        return ", ".join(name(x) for x in value)
    return str(value)


def _when(replay: Replay, stamp: Any) -> str:
    """A date of the scenario's history as every other date is written, ``23 Sep [6 Oct]``; with its
    time of day where it gives one (a decision's midnight is only its day)."""
    try:
        t = replay.clock.minutes(str(stamp))
    except ValueError:  # not a date: said as the source wrote it
        return str(stamp)
    return replay.clock.label(t, hour=t % 1440 != 0).strip()


def bounded(value: Any) -> str:
    """A count as a source gives it, bounds in words: ``at least 1``, ``between 30 and 40``."""
    if isinstance(value, dict):
        if "between" in value:
            return f"between {value['between'][0]} and {value['between'][1]}"
        return " and ".join(f"{k.replace('_', ' ')} {v}" for k, v in value.items())
    return str(value)


def level(outcome: Any) -> str:
    """How close a fact's check asks the replay to come, with the source's tolerance where it gives
    one: ``within 10``, ``within 30 min``, ``within 5 points`` (of a share)."""
    a = next((a for a in outcome.fact.attestations if a.source == outcome.source), None)
    if a is None or not a.tolerance or outcome.level != "within tolerance":
        return str(outcome.level)
    kind = outcome.fact.check.kind
    if kind == "positions":
        return f"within {100 * a.tolerance:g} points"
    return f"within {a.tolerance:g}{' min' if kind == 'time' else ''}"


def reason(replay: Replay, item_id: str, because: Reason) -> str:
    """Why an item was not taken (or a reaction not set off), what the reason names by its label:
    the item itself is "it"."""
    s = replay.scenario
    return words(because, Naming(lambda i: "it" if i == item_id else within(item(replay, i)), partial(group, s),
                                 partial(people, s), lambda t: replay.clock.label(t).strip(), members(s)))


# --- what a what-if changes ------------------------------------------------------------------

def whatif(replay: Replay) -> str | None:
    """What a what-if is, in words: ``A what-if on <the base's title>: <its title>. It removes
    the walkout; sets Left SRs delegates: 0.`` None for a scenario that extends nothing."""
    s = replay.scenario
    w = s._whatif
    if w is None:
        return None
    base = w.base_title or w.base
    done = []
    if w.reschedule:
        minutes = sum(v * {"days": 1440, "hours": 60, "minutes": 1}[k] for k, v in w.reschedule.items())
        if minutes:
            done.append(f"moves the sessions {_span(abs(minutes))} {'earlier' if minutes < 0 else 'later'}")
    if w.removed:
        done.append("removes " + joined([_removed(s, ident, was) for ident, was in w.removed]))
    if w.inserted:
        done.append("inserts " + joined([within(item(replay, i)) for i in w.inserted if i]))
    sets = [*w.sets, *(_cli_set(x) for x in s._sets)]
    if sets:
        done.append("sets " + "; ".join(f"{_path(replay, k)}: {_value(replay, v)}" for k, v in sets))
    if w.merged:
        done.append(f"changes the base's {joined([k.replace('_', ' ') for k in w.merged])}")
    said = "".join(f" It {x.rstrip('.')}." for x in done)
    return f"A what-if on \u201c{base.rstrip('.')}\u201d: {s.title.rstrip('.')}.{said}"


def joined(words: list[str]) -> str:
    """``30 Agrarians, 2 Liberals and 1 of the Radicals``."""
    return " and ".join([", ".join(words[:-1]), words[-1]] if len(words) > 1 else words)


def _span(minutes: float) -> str:
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    parts = [(days, "day"), (hours, "hour"), (mins, "minute")]
    return " ".join(f"{n:g} {unit}{'' if n == 1 else 's'}" for n, unit in parts if n)


def _removed(s: Scenario, ident: str, was: dict[str, Any]) -> str:
    """What a what-if removed, from what the base said of it (the scenario no longer has it)."""
    then = was.get("then")
    if isinstance(then, dict):  # a trigger: what it set off
        return _removed(s, ident, then)
    if was.get("motion"):
        return f"the vote on {was['motion']}"
    if was.get("title"):
        return f"the {str(was.get('kind') or 'item').replace('_', ' ')} \u201c{was['title']}\u201d"
    if was.get("topic"):
        return f"the debate on {was['topic']}"
    if "faction" in was and "count" in was:  # an arrival
        return f"the arrival of {was['count']} {group(s, str(was['faction']))}"
    if was.get("kind"):
        return the(str(was["kind"]).replace("_", " "))
    return ident.replace("_", " ")


def _cli_set(text: str) -> tuple[str, Any]:
    path, _, value = text.partition("=")
    return path.strip(), value.strip()


def _name(replay: Replay, ident: Any) -> str | None:
    """The label of whatever ``ident`` is the id of, or None."""
    s = replay.scenario
    if not isinstance(ident, str):
        return None
    if ident in s.factions or ident in s.parties:
        return group(s, ident)
    if ident in s.persons:
        return person(s, ident)
    if ident in s.bodies:
        return body(s, ident)
    if ident in s.issues:
        return s.issues[ident].label
    if ident in s.delegations:
        return s.delegations[ident].label
    if ident in replay.plan.items or any(x.id == ident for x in s.sessions):
        return item(replay, ident)
    return None


def _path(replay: Replay, path: str) -> str:
    """A dotted path of `set:` in labels: ``factions.left_sr.delegates`` is ``Left SRs delegates``."""
    from congress_sim.language.whatif import BY_ID

    parts = path.split(".")
    words = []
    for n, part in enumerate(parts):
        if (part in BY_ID or part == "sessions") and n + 1 < len(parts) and _name(replay, parts[n + 1]) is not None:
            continue  # the kind of thing: its label says it
        words.append(_name(replay, part) or part.replace("_", " "))
    return " ".join(words)


def _value(replay: Replay, value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{_name(replay, k) or str(k).replace('_', ' ')} {_value(replay, v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_value(replay, v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:  # `null` in the file: the value taken away, not Python's None
        return "none"
    return _name(replay, value) or str(value).replace("_", " ")


# --- uncertain assumptions -------------------------------------------------------------------

def assumption(s: Scenario, plan: Plan, name: str) -> str:
    """An uncertain assumption (its key in `uncertain`) in words: its `label`, else what its path
    sets in the scenario's labels (``factions.left_sr.positions.socialist_coalition`` is ``the Left
    SRs' position on who should form the new government``), a family by its name (``delegate
    count``). What programs read keeps the key."""
    spec = s.uncertain.get(name)
    if spec is not None and spec.label:
        return spec.label
    if spec is not None and spec.alternatives is not None:
        return name.replace("_", " ")
    return _varied(s, plan, name)


def alternative(s: Scenario, name: str, drawn: str) -> str:
    """One alternative of an uncertain assumption as the replays drew it (a family's alternative by
    its name, a choice's by its value, ``96``): its `label`, else as drawn."""
    spec = s.uncertain.get(name)
    if spec is not None and spec.alternatives is not None and drawn in spec.alternatives:
        return spec.alternatives[drawn].label or drawn
    try:  # a choice's value, as the summary (``8.0``) or a box (``8``) writes it
        value = float(drawn)
    except ValueError:
        return drawn
    return next((a.label for a in (spec.choice if spec is not None else None) or [] if a.value == value and a.label), drawn)


def drawn(s: Scenario, plan: Plan, values: dict[str, Any]) -> str:
    """What a seeded replay drew, each assumption and its value in words, as discover says a box: ``the
    count of delegates at the opening is the credentials report's 670; the delegates' tolerance is 0.177``."""
    return "; ".join(f"{assumption(s, plan, k)} is {alternative(s, k, v) if isinstance(v, str) else f'{v:.3g}'}"
                     for k, v in values.items())


def _varied(s: Scenario, plan: Plan, path: str) -> str:  # noqa: C901 - one phrase per value that can vary
    """A value that can vary between replays (a path of Plan.variable), said in the scenario's labels."""
    try:
        kind = plan.variable(path)[0]
    except ValueError:
        return path
    head, *rest = path.split(".")
    issue = {k: lowered(v.label) for k, v in s.issues.items()}
    if head == "factions":
        whose, on = _of(within(the(group(s, rest[0])))), issue.get(rest[2], "") if len(rest) > 2 else ""
        return {"opening": f"{whose} {members(s)} at the opening", "centre": f"{whose} position on {on}",
                "spread": f"the spread of {whose} positions on {on}",
                "salience": f"how much {on} weighs with {within(the(group(s, rest[0])))}",
                }.get(kind, f"{whose} {rest[-1].replace('_', ' ')}")
    if kind == "status_quo":
        return f"where things stand on {issue[rest[0]]} when the assembly opens"
    if head == "behaviour":
        return f"{_of(the(members(s)))} {rest[0].replace('_', ' ')}"
    ident = rest[0] if head in ("arrivals", "triggers") else head
    arrival = next((a for a in s.arrivals if a.id == ident), None)
    if arrival is not None:
        return f"how many {group(s, arrival.faction)} arrive later"
    trigger = next((t for t in s.triggers if t.id == ident), None)
    reaction = trigger.then.id if trigger is not None else ident
    it = plan.items.get(reaction)
    # the scenario's own words (a title, a motion, an announcement) quoted; a phrase said of the item, in the sentence
    said = item_of(s, plan, reaction)
    said = f"\u201c{said}\u201d" if it is not None and (it.title or it.kind in ("vote", "announcement")) else the(lowered(said))
    return {"probability": f"the chance of {said}", "delay": f"the delay before {said}",
            "share": f"the share of {members(s)} who leave in {said}"}.get(kind, path)


def _of(label: str) -> str:
    """``the Left SRs'``, ``the Board's``: whose something is."""
    return label + ("'" if label.endswith("s") else "'s")


def capital(label: str) -> str:
    """A label put at the head of a line or a row, its first letter capital: ``The Left SRs' discipline``."""
    return label[:1].upper() + label[1:]


def lowered(label: str) -> str:
    """A label put inside a sentence, its first letter small: ``who should form the new government``."""
    return label[:1].lower() + label[1:]
