"""Plain-text views of a replay for a terminal: the transcript, the census, votes and bodies."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

from congress_sim import events as ev
from congress_sim.errors import Wording
from congress_sim.language.calendar import STYLE

from . import labels as name

if TYPE_CHECKING:  # a replay's timeline is drawn from here
    from .replay import Replay

WIDTH = 100
VOTE_WIDTH = 34  # a vote named in a table of votes, cut at a word to fit


def render(replay: Replay) -> str:
    """Everything ``congress-sim run`` prints, as one string."""
    parts = [header(replay), transcript(replay), census_table(replay), vote_table(replay), bodies(replay)]
    return "\n\n".join(p for p in parts if p)


def header(replay: Replay) -> str:
    s, clock = replay.scenario, replay.clock
    first, last = replay.sessions()[0][1], replay.sessions()[-1][2]
    other = STYLE[clock.other]
    lines = [s.title, "=" * min(len(s.title), 100)]
    where = f"{s.place}, " if s.place else ""
    styles = f" ({STYLE[s.calendar]}; {other} in brackets)" if clock.dual else ""
    lines.append(f"{where}{clock.days(first, last)}{styles}")
    central = ", the uncertain assumptions at their central values" if s.uncertain else ""
    run = name.run(replay) + (central if replay.seed is None else "")
    lines.append(run + name.overrides(s._sets))  # a --set changes what follows: say so, as plots and compare do
    drawn = next(iter(replay.of(ev.Drawn)), None)
    if drawn is not None:  # a seeded replay draws the uncertain assumptions: what it drew decides the rest
        lines += textwrap.wrap(f"drawn: {name.drawn(s, replay.plan, drawn.values)}", WIDTH)
    return "\n".join(lines)


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def transcript(replay: Replay) -> str:
    """One line per thing that happened; delegates' comings and goings are summed up per group."""
    label = replay.clock.label
    out = []
    for t, kind, text, _ in transcript_lines(replay):
        if kind == "heading":
            out += ["", text]
            continue
        stamp = f"  {label(t)}  "
        out.append(textwrap.fill(text, WIDTH, initial_indent=stamp, subsequent_indent=" " * len(stamp)))
    return "\n".join(out).lstrip("\n")


def transcript_lines(replay: Replay) -> list[tuple[float, str, str, str]]:
    """(time, kind, text, session) for each line of the transcript, in order; the kind is "heading"
    (a session opens: its title is the text), "scene" (it closes, or breaks for a recess) or "narrative"."""
    s, label = replay.scenario, replay.clock.label
    rows: list[tuple[float, int, str]] = []
    present = 0
    here: dict[str, int] = {}  # each faction's delegates at the assembly, for a walkout no one is left to join
    arrived: dict[str, list[Any]] = {}
    gone = {e.item: e.time for e in replay.of(ev.Departed)}  # when each walkout's last delegate left
    chair = _Chair(replay)
    # the named delegates at the assembly, and those of them who do not attend the sitting in progress:
    # its close says how many were in the hall where that is fewer than at the assembly
    named = set(replay.roster.persons.values())
    here_named: set[int] = set()
    away: set[int] = set()
    for i, e in enumerate(replay.events):
        chair.follow(e)
        if isinstance(e, ev.SessionOpened):
            away = set()
        elif isinstance(e, ev.Absent) and e.person in replay.roster.persons:
            away.add(replay.roster.persons[e.person])
        if isinstance(e, (ev.Arrived, ev.Departed)):
            moved = named.intersection(e.delegates)
            here_named = here_named | moved if isinstance(e, ev.Arrived) else here_named - moved
            present += e.count if isinstance(e, ev.Arrived) else -e.count
            here[e.faction] = here.get(e.faction, 0) + (e.count if isinstance(e, ev.Arrived) else -e.count)
            # delegates who leave do so in a walkout, counted on its own line: only arrivals are summed up
            if isinstance(e, ev.Arrived) and e.item is not None:
                arrived.setdefault(e.item, []).append((i, e, present))
            continue
        if isinstance(e, ev.Defected):
            here[e.source] = here.get(e.source, 0) - e.count
            here[e.target] = here.get(e.target, 0) + e.count
            who = f"1 of the {s.factions[e.source].label} goes" if e.count == 1 \
                else f"{e.count} {s.factions[e.source].label} go"
            rows.append((e.time, i, f"{who} over to {name.the(s.factions[e.target].label)}"))
            continue
        text = _line(replay, e, present, gone, chair, here, len(away & here_named))
        if text:
            rows.append((e.time, i, text))
    # a vote, a ballot, an election or a close counts who is there: those who came before it are said before it
    counted = [i for i, e in enumerate(replay.events) if isinstance(e, (ev.VoteTaken, ev.BallotTaken, ev.Elected,
                                                                         ev.SessionClosed))]
    for group in _overlapping(list(arrived.values())):  # one line when the groups arriving together are done
        for moves, done in _cut(group, counted):
            _, last, now = moves[-1]
            by: dict[str, int] = {}
            for _, e, _ in moves:
                by[e.faction] = by.get(e.faction, 0) + e.count
            who = name.joined([f"1 of the {s.factions[f].label}" if n == 1 else f"{n} {s.factions[f].label}"
                               for f, n in by.items()])
            first = moves[0][1].time
            span = "" if first == last.time else f" (from {label(first).strip()})"
            rows.append((last.time, len(replay.events) if done else moves[-1][0],
                         f"{who} {'has' if sum(by.values()) == 1 else 'have'} arrived{span}; {now} at the assembly"))
    rows += _never_came(replay)
    rows.sort()
    titles = {x.id: x.title or x.id for x in s.sessions}
    out, session = [], ""
    for t, _, text in rows:
        if text.startswith("\x00"):
            session = text[1:]
            out.append((t, "heading", titles[session], session))
            continue
        scene = text.startswith(("Session closes", "Recess", "The session resumes"))
        out.append((t, "scene" if scene else "narrative", text, session))
    return out


def _never_came(replay: Replay) -> list[tuple[float, int, str]]:
    """Delegates an arrival brings after the last sitting has closed, or after the assembly was
    dissolved: the replay ends without them, which the census alone would leave unexplained."""
    came: dict[str, int] = {}
    for e in replay.of(ev.Arrived):
        if e.item is not None:
            came[e.item] = came.get(e.item, 0) + e.count
    closed = [e.time for e in replay.of(ev.SessionClosed)]
    if not closed:
        return []
    factions, when = list(replay.scenario.factions), replay.clock.label
    ended = "was dissolved" if any(True for _ in replay.of(ev.Dissolved)) else "has closed"
    out: list[tuple[float, int, str]] = []
    # in the scenario's order of factions (their arrivals in its order), after everything else at the close
    late = sorted(replay.plan.arrivals, key=lambda a: factions.index(a.arrival.faction))
    for a in late:
        missing = a.arrival.count - came.get(a.arrival.id, 0)
        if missing > 0:
            label = replay.scenario.factions[a.arrival.faction].label
            who = f"1 of the {label} arrives" if missing == 1 else f"{missing} {label} arrive"
            due = f"at {when(a.end).strip()}" if a.start == a.end else \
                f"between {when(a.start).strip()} and {when(a.end).strip()}"
            out.append((closed[-1], len(replay.events) + 1 + len(out), f"The assembly {ended} before {who} (due {due})"))
    return out


def _cut(moves: list[Any], counted: list[int]) -> list[tuple[list[Any], bool]]:
    """Arrivals told together (``moves``, in the log's order), cut where something that counts those
    present comes between them; each part with whether it is the last (said after all else in its minute)."""
    out: list[tuple[list[Any], bool]] = []
    part: list[Any] = []
    cuts = iter(c for c in counted if moves[0][0] < c < moves[-1][0])
    cut = next(cuts, None)
    for move in moves:
        while cut is not None and move[0] > cut:
            if part:
                out.append((part, False))
                part = []
            cut = next(cuts, None)
        part.append(move)
    out.append((part, True))
    return out


def _overlapping(groups: list[list[Any]]) -> list[list[Any]]:
    """Groups of arrivals (each [(index in the log, event, present after it), ...]) whose times overlap,
    as one: the count present after the last of them is then what they make together (with any
    walkout's, said on its own line), and no more."""
    out: list[list[Any]] = []
    for moves in sorted(groups, key=lambda m: m[0][0]):
        if out and moves[0][1].time <= out[-1][-1][1].time:
            out[-1] = sorted(out[-1] + moves, key=lambda m: m[0])
        else:
            out.append(list(moves))
    return out


class _Chair:
    """The presiding officer, as the transcript follows the log: the walkouts a chair who is a
    delegate leaves with, and whether it is in the hall."""

    def __init__(self, replay: Replay):
        rule = replay.scenario.rules.chair
        self.person = rule.person if rule else None
        self.slot = replay.roster.persons.get(self.person) if self.person else None
        self.apart = rule is not None and rule.votes == "tie"  # a casting vote only: not counted present
        self.left_with = {e.item for e in replay.of(ev.Departed) if self.slot in e.delegates}
        self.here = self.absent = False

    def follow(self, e: ev.Event) -> None:
        if isinstance(e, (ev.Arrived, ev.Departed)) and self.slot in e.delegates:
            self.here = isinstance(e, ev.Arrived)
        elif isinstance(e, ev.SessionOpened):
            self.absent = False
        elif isinstance(e, ev.Absent) and e.person == self.person:
            self.absent = True

    @property
    def uncounted(self) -> bool:
        """In the hall, but not one of those a vote counts present (why it is one short of the census)."""
        return self.apart and self.here and not self.absent


def _line(replay: Replay, e: ev.Event, present: int, gone: dict[str, float], chair: _Chair,
          here: dict[str, int], away: int = 0) -> str | None:
    s = replay.scenario
    if isinstance(e, ev.SessionOpened):
        return "\x00" + e.session
    if isinstance(e, ev.SessionClosed):
        by = f" ({e.by})" if e.by else ""
        hall = f", {present - away} in the hall" if away else ""  # a member who did not attend the sitting
        return f"Session closes{by}; {name.members(s, present) if present else f'no {name.members(s)}'} at the assembly{hall}"
    if isinstance(e, ev.Absent):  # why a vote's count of those present can be short of the census
        return f"{name.person(s, e.person)} does not attend this session (not in the hall for its votes)"
    if isinstance(e, ev.ItemBegan):
        if e.what == "close":
            return None  # the session's close, the next line, says it
        spoke = _speakers(replay, e.item, e.speakers)
        by = f" ({spoke})" if spoke else ""
        if e.what == "announcement":
            return f"Announcement{by}: {e.title}"
        return f"{e.what.capitalize()} on {e.title}{by}"
    if isinstance(e, ev.Dissolved):
        if not e.count:
            return f"The assembly is dissolved; no {name.members(s)} were left at it"
        return f"The assembly is dissolved; the {name.members(s, e.count)} at it {'is' if e.count == 1 else 'are'} sent away"
    if isinstance(e, ev.WalkoutBegan):
        said = f": {e.declaration}" if e.declaration else ""
        if not e.delegates:  # who was asked, by label: the walkout's id says nothing to a reader
            asked = getattr(replay.plan.items.get(e.item), "factions", None)
            # no one left to declare it: the declaration is the scenario's, and saying it plainly would
            # have the hall hear a walkout that did not happen
            unsaid = f", where the scenario wrote: {e.declaration}" if e.declaration else ""
            if not asked:  # with no declaration, its title says which walkout did not come
                title = getattr(replay.plan.items.get(e.item), "title", None)
                return "No one walks out" + (unsaid or (f" ({name.within(title)})" if title else ""))
            # those already gone did not stay: only those still there are said not to leave
            staying = [f for f in asked if here.get(f, 0) > 0]
            if not staying:
                return f"None of {name.the(name.groups(s, asked))} are left to walk out" + unsaid
            return f"None of {name.the(name.groups(s, staying))} walk out" + unsaid
        last = gone.get(e.item, e.time)  # those who leave over a while: when the last of them is out
        until = f" (the last out at {replay.clock.label(last).strip()})" if last > e.time else ""
        # the model seats no one in the chair after: a casting vote then goes uncast
        with_chair = f", with the chair, {name.person(s, chair.person)}" if chair.person and e.item in chair.left_with else ""
        return (f"Walkout of {name.the(name.groups(s, e.factions))}, {name.members(s, e.delegates)}{until}"
                f"{with_chair}{said}")
    if isinstance(e, ev.RecessBegan):
        return "Recess"
    if isinstance(e, ev.RecessEnded):
        return "The session resumes"
    if isinstance(e, ev.VoteTaken):
        f, a, b = e.totals()
        kind = e.type.replace("_", " ")  # said unless the motion's title says it ("Cloture on ...")
        # those who spoke to it, as for a debate: they may have moved, read or opposed it
        spoke = _speakers(replay, e.item, e.speakers)
        about = [*([] if e.type == "main" or kind in e.motion.lower() else [kind]), *([spoke] if spoke else [])]
        kind = f" ({'; '.join(about)})" if about else ""
        nv = f", {e.not_voting} not voting" if e.not_voting else ""
        casting = f"; the chair's casting vote {e.casting}" if e.casting else ""
        # where the rule, not the count of heads, decides (by order, two thirds...), say the rule
        decided = (e.result == "adopted") != (f > a) and not e.casting
        # a rule whose words hold brackets of their own follows the counts, not in brackets within brackets
        rule, under = ("", f", under {e.majority}") if decided and "(" in e.majority else \
            (f" ({e.majority})" if decided else "", "")
        besides = " besides the chair" if chair.uncounted else ""
        motion = name.within(e.motion) + (", as amended" if _amended(replay, e) and "as amended" not in e.motion else "")
        if e.result == "not taken":
            return (f"Vote on {motion}{kind}: not taken, no quorum ({e.present} present{besides}, "
                    f"{e.quorum} needed)")
        # every delegate indifferent because the motion restates the opening: say why, and the way out
        inert = ("; it restates where things stood at the opening, so no one gains or loses by it"
                 if not f and not a and replay.plan.restates_opening(replay.plan.items[e.item]) else "")
        return (f"Vote on {motion}{kind}: {e.result.upper()}{rule}, {f} for, {a} against, {b} abstaining{nv} "
                f"({e.present} present{besides}{casting}){under}{inert}")
    if isinstance(e, ev.BallotTaken):
        votes = ", ".join(f"{name.person(s, c)} {n}" for c, n in e.votes.items())
        blank = f", {e.blank} blank" if e.blank else ""
        drop = "drops" if len(e.eliminated) == 1 else "drop"
        out = f"; {name.people(s, e.eliminated)} {drop} out" if e.eliminated else ""
        won = f"; {', '.join(name.person(s, c) for c in e.elected)} elected" if e.elected else ""
        ranked = getattr(replay.plan.items.get(e.item), "method", None) in ("irv", "stv")
        # a ranked count is one ballot counted in rounds: its first round is the first preferences
        what = f"Round {e.round} of the count" if e.transfer else "First preferences" if ranked else f"Ballot {e.round}"
        return f"{what} for {name.the(s.bodies[replay.plan.items[e.item].body].label)}: {votes}{blank}{out}{won}"
    if isinstance(e, ev.Elected):
        if e.members and len(e.members) <= 3 and getattr(replay.plan.items.get(e.item), "candidates", None):
            # the ballot or round that elected them has said so, on the line before
            elected = {c for b in replay.of(ev.BallotTaken) if b.item == e.item for c in b.elected}
            if elected >= set(e.members):
                return None
            return f"{s.bodies[e.body].label}: {', '.join(name.person(s, m) for m in e.members)} elected"
        # the nominees seated by list: as many people as seats, or more (a seat held by a committee)
        seats = sum(e.seats.values())
        more = f" ({len(e.members)} people for the {seats} seats)" if len(e.members) > seats else ""
        seated = f"; seated{more}: {', '.join(name.person(s, m) for m in e.members)}" if e.members else ""
        if e.members:  # seats a faction took with fewer nominees named: said, lest the list pass for the body
            nominees = s.bodies[e.body].nominees
            seated += "".join(f"; {plural(n - len(nominees.get(f, ())), 'seat')} of {name.the(name.group(s, f))} not named"
                              for f, n in e.seats.items() if n > len(nominees.get(f, ())))
        return f"{s.bodies[e.body].label} formed: {_seats(replay, e)}{seated}"
    if isinstance(e, ev.Ruled):
        verdict = "well taken" if e.upheld else "not well taken"
        return f"The chair ({name.person(s, e.chair)}) rules the point of order ({e.point}) {verdict}"
    if isinstance(e, ev.Decided):
        verb = "accept" if e.accepts else "decline"
        who = name.the(s.factions[e.faction].label)
        return f"{who[:1].upper()}{who[1:]} {verb} seats in {name.the(s.bodies[e.body].label)}"
    if isinstance(e, ev.Skipped):
        return f"Not taken: {name.item(replay, e.item)}{_because(name.reason(replay, e.item, e.because))}"
    if isinstance(e, ev.NotSetOff):
        return f"Not set off: {name.item(replay, e.action)}{_because(name.reason(replay, e.action, e.because))}"
    if isinstance(e, ev.Triggered):
        return None  # the reaction itself is the next line
    return None


def _amended(replay: Replay, e: ev.VoteTaken) -> bool:
    """Whether an amendment to the motion was adopted before it was put: what is voted on then is
    the motion as amended, not as the agenda names it."""
    return any(v.type == "amendment" and v.result == "adopted" and v.time <= e.time
               and getattr(replay.plan.items.get(v.item), "on", None) == e.item for v in replay.of(ev.VoteTaken))


def _because(reason: str) -> str:
    """Why an item was not taken, after its name: in brackets, unless the reason holds brackets of its
    own (a label's aside, a rule's source), which within brackets read badly; then after a comma."""
    if "(" not in reason:
        return f" ({reason})"
    return f", {reason}" if reason.startswith("only if") else f", as {reason}"


def _speakers(replay: Replay, item: str, present: tuple[str, ...]) -> str:
    """Those who spoke to an item, then those the scenario names to speak who are not in the hall
    (gone in a walkout, say): the item is taken without them, and their names, dropped without a
    word, would leave a motion moved by no one."""
    s = replay.scenario
    gone = [p for p in getattr(replay.plan.items.get(item), "speakers", None) or () if p not in present]
    return "; ".join([*([", ".join(name.person(s, p) for p in present)] if present else []),
                      *([f"{name.people(s, gone)} not in the hall"] if gone else [])])


def _seats(replay: Replay, e: ev.Elected) -> str:
    s = replay.scenario
    holder = name.holder(e)  # an office of one seat has a holder, not a chair
    if holder:
        won = next(g for g, n in e.seats.items() if n)
        return f"1 seat, held by {name.person(s, holder)}" + ("" if won == holder else f", of {name.the(name.group(s, won))}")
    parts = [f"{name.group(s, f)} {n}" for f, n in e.seats.items()]
    chair = f"; chair {name.person(s, e.chair)}" if e.chair else ""
    return f"{plural(sum(e.seats.values()), 'seat')}: {', '.join(parts) or 'none'}{chair}"


def census_table(replay: Replay) -> str:
    s = replay.scenario
    opening, closing = replay.census("opening"), replay.census("closing")
    width = max(len("total"), *(len(f.label) for f in s.factions.values())) + 2  # "Census" fits in 7
    lines = [f"{'Census':<{width}} {'opening':>8} {'closing':>8}"]
    for fid, f in s.factions.items():
        lines.append(f"  {f.label:<{width - 2}} {opening.by_faction[fid]:>8} {closing.by_faction[fid]:>8}")
    lines.append(f"  {'total':<{width - 2}} {opening.total:>8} {closing.total:>8}")
    parties = [p for p in s.parties if p in opening.by_party]
    for p in parties:
        lines.append(f"  {name.party(s, p)}: {opening.by_party[p]} at the opening, {closing.by_party[p]} at the closing")
    return "\n".join(lines)


def vote_table(replay: Replay) -> str:
    votes = replay.votes()
    if not votes:
        return ""
    tw = len(replay.clock.label(votes[0].time))
    iw = VOTE_WIDTH
    nv = any(v.not_voting for v in votes)
    head = f"{'Votes':<{iw + 2}} {'time':<{tw}} {'for':>5} {'against':>8} {'abstain':>8}"
    lines = [head + (f" {'not voting':>11}" if nv else "") + f" {'present':>8} {'needed':>7}  result"]
    for v in votes:
        lacking = v.result == "not taken"  # no quorum: no one voted, and nothing was needed to carry it
        f, a, b = ("-", "-", "-") if lacking else v.totals()
        cells = f"  {name.short(name.item(replay, v.item), iw):<{iw}} {replay.clock.label(v.time):<{tw}} {f:>5} {a:>8} {b:>8}"
        # votes for that carry it; none where each party casts one voice
        needed = "-" if v.needed is None or lacking else v.needed
        lines.append(cells + (f" {'-' if lacking else v.not_voting:>11}" if nv else "")
                     + f" {v.present:>8} {needed:>7}  {v.result}")
    for majority in dict.fromkeys(v.majority for v in votes if v.needed is None):
        lines.append(f"  (needed -: {majority}, a voice for each; no count of heads carries the motion)")
    if any(v.result == "not taken" for v in votes):  # the transcript gives the quorum it fell short of
        lines.append("  (-: not taken, no quorum: no votes were cast, none were needed)")
    rule = replay.scenario.rules.chair
    if rule is not None and rule.votes == "tie" and rule.person is not None:  # why present is short of the census
        lines.append(f"  (present: not counting the chair, {name.person(replay.scenario, rule.person)}, "
                     "who votes only to break a tie)")
    return "\n".join(lines)


def bodies(replay: Replay) -> str:
    elected = replay.elections()
    if not elected:
        return ""
    lines = ["Bodies"]
    for e in elected:
        lines.append(f"  {replay.scenario.bodies[e.body].label}: {_seats(replay, e)}")
    return "\n".join(lines)


def columns(cells: list[str], widths: tuple[int, ...], tail: str = "") -> list[str]:
    """One row of a table, each cell wrapped within its width; ``tail`` ends the first line."""
    wrapped = [textwrap.wrap(c, w) or [""] for c, w in zip(cells, widths, strict=True)]
    lines = []
    for k in range(max(len(w) for w in wrapped)):
        row = "  ".join((w[k] if k < len(w) else "").ljust(n) for w, n in zip(wrapped, widths, strict=True))
        lines.append((row + (tail if k == 0 else "")).rstrip())
    return lines


def check_table(report: Any, replay: Replay) -> str:
    """The check as a table: each fact as its record states it, with its role beside the verdict
    (predicted, calibrated or input), the source's value and the replay's (in labels, not ids),
    and the level of agreement asked; then how far each source agrees."""
    widths = (15, 26, 25, 25)
    lines = [f"Checked against {report.source}: {report.citations.get(report.source, '')}".rstrip()]
    if replay.seed is not None or replay.scenario._sets:  # a replay other than the file's own: which one
        lines += textwrap.wrap(f"(the {name.run(replay)}{name.overrides(replay.scenario._sets)})", WIDTH)
    lines.append("")
    lines += columns(["", "fact", f"expected ({report.source})", "replayed"], widths, "  level")
    silent = [o for o in report.outcomes if o.passed is None and o.expected is None]
    for o in report.outcomes:
        if o in silent:
            continue
        kind = o.fact.check.kind
        if o.passed is None:
            cells = ["skip", o.statement, o.skipped_because, ""]
        else:
            got = name.fact_value(replay, kind, o.replayed, "none")
            got += f" ({o.why})" if o.why and o.passed is False else ""
            verdict = f"{'PASS' if o.passed else 'FAIL'} {o.role}"
            cells = [verdict, o.statement, name.fact_value(replay, kind, o.expected, "none"), got]
        lines += columns(cells, widths, "  " + name.level(o) if o.passed is not None else "")
    if silent:
        lines += ["", *not_given(report.source, [o.statement for o in silent])]
    lines += ["", report.summary_line(), "", "Sources: facts the replay reproduces, of those each gives"]
    given = sorted(((src, n) for src, n in report.agreement().items() if n[1]), key=lambda kv: (-kv[1][1], kv[0]))
    wide = max([18, *(len(src) for src, _ in given)])  # a long key does not push its counts out of the column
    for src, (ok, total) in given:
        differs = [o for o in report.by_source[src] if o.passed is False]
        head = f"  {src:<{wide}} {ok:>3}/{total:<3}"
        if not differs:
            lines.append(head.rstrip())
            continue
        lines += textwrap.wrap(f"differs on: {_statements([o.statement for o in differs])}", WIDTH, initial_indent=head + "  ",
                               subsequent_indent=" " * (len(head) + 2))
    # check --json lists every fact; from Python, the report's outcomes do (each one's to_dict())
    return Wording("\n".join(lines), "as_json", python={"as_json": "report.outcomes"})


def _statements(statements: list[str]) -> str:
    return "; ".join(s.rstrip(".") for s in statements) + "."


def not_given(source: str, statements: list[str]) -> list[str]:
    """The facts a source does not give, as `check` and `ensemble` skip them, wrapped to the page:
    named when they are few; counted when the source gives little (``{as_json}`` lists them)."""
    which = _statements(statements) if len(statements) <= 5 else f"{len(statements)} facts ({{as_json}} lists them)."
    return textwrap.wrap(f"Skipped, as {source} does not give them: {which}", WIDTH)
