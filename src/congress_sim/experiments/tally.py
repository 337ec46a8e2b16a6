"""An ensemble's summary, kept up to date block by block in memory that does not grow with runs.

Every outcome of a replay is a whole number (a count, a seat, a code), so the summary is built
from counts: how many replays gave each value of each quantity. Quantiles read from those counts
are exactly those of the values themselves, means are exact sums, and probabilities are counts
over runs; as addition does not care about order, blocks may come in any order, or from disk
after an interruption, and the summary comes out the same to the byte.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np

from congress_sim.errors import Wording
from congress_sim.views import labels
from congress_sim.views.labels import overrides, short, the
from congress_sim.views.transcript import VOTE_WIDTH, not_given

RESULTS = ("adopted", "rejected", "not taken")  # a vote's outcome codes (-1: not reached, -2: skipped)
SHIFT = 40  # a value and its column in one key: column << SHIFT | value (values below 2**40)
COMPOSITIONS = 10_000  # the distinct make-ups of one body counted; past that, none are ranked
QUANTILES = (5, 50, 95)


class Histograms:
    """How many times each value was seen in each numbered column: exact, and as small as the
    number of distinct values (not their range, nor the number of replays)."""

    def __init__(self) -> None:
        self.keys = np.zeros(0, dtype=np.int64)  # sorted
        self.counts = np.zeros(0, dtype=np.int64)

    def add(self, columns: np.ndarray, values: np.ndarray) -> None:
        """Count each row of ``values`` (rows, k) into the k numbered ``columns``; -1 is not counted."""
        values = values.astype(np.int64, copy=False)
        if values.size == 0 or (top := int(values.max())) < 0:
            return
        width, span = values.shape[1], top + 2  # value v counted at v + 1: 0 holds what is not counted
        if width * span <= 4 * values.size:  # small numbers: count by position, no sorting
            found = np.bincount((values + 1 + np.arange(width) * span).ravel(), minlength=width * span)
            col, value = np.nonzero(found.reshape(width, span)[:, 1:])
            keys, count = (columns[col] << SHIFT) + value, found[col * span + value + 1]
        else:
            seen = values >= 0
            keys, count = np.unique(((columns << SHIFT) + values)[seen], return_counts=True)
        self.merge(keys, count)

    def merge(self, keys: np.ndarray, counts: np.ndarray) -> None:
        order = np.argsort(keys, kind="stable")
        keys, counts = keys[order], counts[order]
        at = np.searchsorted(self.keys, keys)
        known = at < self.keys.size
        known[known] = self.keys[at[known]] == keys[known]
        self.counts[at[known]] += counts[known]
        if not known.all():  # values not seen before: a few, once the distribution has been sampled
            new = ~known
            self.keys = np.insert(self.keys, at[new], keys[new])
            self.counts = np.insert(self.counts, at[new], counts[new])

    def column(self, j: int) -> tuple[np.ndarray, np.ndarray]:
        """(values, counts) of column ``j``, values in increasing order."""
        lo, hi = np.searchsorted(self.keys, [j << SHIFT, (j + 1) << SHIFT])
        return self.keys[lo:hi] & ((1 << SHIFT) - 1), self.counts[lo:hi]


def interval(values: np.ndarray, counts: np.ndarray) -> dict[str, float]:
    """Mean, 5% quantile, median and 95% quantile of values seen ``counts`` times each.

    The quantiles are those of ``numpy.percentile(..., method="inverted_cdf")`` over the values
    written out, computed as numpy computes them."""
    n = int(counts.sum())
    if n == 0:
        return {"mean": float("nan"), "p5": float("nan"), "median": float("nan"), "p95": float("nan")}
    total = sum((int(v) if values.dtype.kind in "iu" else float(v)) * int(c) for v, c in zip(values, counts, strict=True))
    at = np.cumsum(counts)
    p5, p50, p95 = (float(values[np.searchsorted(at, rank(n, q), side="right")]) for q in QUANTILES)
    return {"mean": round(total / n, 3), "p5": p5, "median": p50, "p95": p95}


def figures(x: np.ndarray, digits: int = 4) -> np.ndarray:
    """``x`` rounded to ``digits`` significant figures: the values of a continuous draw counted
    in a table that does not grow with runs."""
    x = np.asarray(x, dtype=np.float64)
    scale = np.where(x != 0, 10.0 ** (digits - 1 - np.floor(np.log10(np.abs(np.where(x != 0, x, 1))))), 1.0)
    return np.round(x * scale) / scale


def _numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def nominal_times(kernel: Any) -> dict[str, float]:
    """When each item and moment falls in the deterministic replay: the time an ensemble's rows are labelled with."""
    out = kernel.run(1)
    times = {k: float(v[0]) for k, v in out.start.items() if not np.isnan(v[0])}
    times["opening"] = kernel.plan.opens
    times["closing"] = float(out.closed[kernel.plan.sessions[-1].session.id][0])
    return times


def rank(n: int, q: float) -> int:
    """The 0-based rank numpy's inverted_cdf method takes for percentile ``q`` of ``n`` values."""
    index = n * (np.float64(q) / 100) - 1
    below = np.floor(index)
    return int(min(max(below + 1 if index - below > 0 else below, 0), n - 1))


class Tally:
    """The running summary of an ensemble: feed it blocks (:meth:`add`), read it (:meth:`summary`)."""

    def __init__(self, groups: dict[str, list[str]], facts: int, drawn: list[Any] | None = None,
                 asked: list[Any] | None = None):
        self.runs = 0
        self.results: dict[str, np.ndarray] = {}  # vote -> replays by code: skipped, not reached, adopted, ...
        self.hist = Histograms()
        self.columns: dict[str, int] = {}  # quantity -> its first column in hist
        self.width = 0
        self.groups = groups
        self.compositions: dict[str, dict[tuple[int, ...], int] | None] = {e: {} for e in groups}
        self.elected: dict[str, np.ndarray] = {}  # election among candidates -> replays electing each, then no one
        self.facts = np.zeros((2, facts), dtype=np.int64)  # replays where each fact applies, and passes
        # each uncertain assumption: how many replays drew each alternative, or each value to 4 figures
        self.assumptions = drawn or []
        self.drawn: list[dict[float, int]] = [{} for _ in self.assumptions]
        # each outcome asked (outcomes.Outcome): how many replays gave each value (1 or 0, or a count)
        self.asked = asked or []
        self.measured: dict[str, dict[int, int]] = {o.text: {} for o in self.asked}

    def first(self, quantity: str, width: int) -> int:
        """The first of the ``width`` columns a quantity is counted in."""
        if quantity not in self.columns:
            self.columns[quantity] = self.width
            self.width += width
        return self.columns[quantity]

    def add(self, kept: dict[str, np.ndarray]) -> None:
        """Fold in one block's outcomes (the arrays :func:`run_block` returns)."""
        n = len(kept["attendance"])
        self.runs += n
        parts, columns = [], []  # every count of the block, side by side, for one pass
        for key, arr in kept.items():
            kind, _, name = key.partition(":")
            if kind == "result":
                codes = np.bincount(arr.astype(np.int64) + 2, minlength=len(RESULTS) + 2)
                self.results[name] = self.results.get(name, 0) + codes
                counts = kept[f"counts:{name}"]  # counted where the vote was taken (or lacked a quorum)
                parts.append(np.where((arr >= 0)[:, None], counts, -1))
                columns.append(self.first(f"counts:{name}", 4) + np.arange(4))
            elif kind in ("seats", "attendance", "band"):
                parts.append(arr.reshape(n, -1))
                columns.append(self.first(key, parts[-1].shape[1]) + np.arange(parts[-1].shape[1]))
                if kind == "seats":
                    self._compose(name, arr)
            elif kind == "elected":
                self.elected[name] = self.elected.get(name, 0) + np.append(arr.sum(axis=0), (arr.sum(axis=1) == 0).sum())
            elif kind == "facts":
                self.facts += np.stack([(arr >= 0).sum(axis=0), (arr == 1).sum(axis=0)])
            elif kind == "outcome":
                got = self.measured[name]
                for v, c in zip(*(x.tolist() for x in np.unique(arr, return_counts=True)), strict=True):
                    got[v] = got.get(v, 0) + c
            elif kind == "drawn":
                for j, a in enumerate(self.assumptions):
                    values, counts = np.unique(arr[:, j] if a.discrete else figures(arr[:, j]), return_counts=True)
                    seen = self.drawn[j]
                    for v, c in zip(values.tolist(), counts.tolist(), strict=True):
                        seen[v] = seen.get(v, 0) + c
        if parts:
            self.hist.add(np.concatenate(columns), np.hstack(parts))

    def _compose(self, election: str, seats: np.ndarray) -> None:
        known = self.compositions[election]
        if known is None:
            return
        radix = [int(x) + 1 for x in seats.max(axis=0)] if seats.size else []
        if math.prod(radix) < 2**62:  # each make-up as one number: a sort of numbers, not of rows
            weights = np.cumprod([1, *radix[:-1]], dtype=np.int64)
            _, first, counts = np.unique(seats.astype(np.int64) @ weights, return_index=True, return_counts=True)
            rows = seats[first]
        else:
            rows, counts = np.unique(seats, axis=0, return_counts=True)
        for row, c in zip(map(tuple, rows.tolist()), counts.tolist(), strict=True):
            known[row] = known.get(row, 0) + c
        if len(known) > COMPOSITIONS:  # too many make-ups to rank; which is too many does not depend on order
            self.compositions[election] = None

    def column(self, quantity: str, j: int) -> tuple[np.ndarray, np.ndarray]:
        if quantity not in self.columns:  # e.g. a vote no replay took
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        return self.hist.column(self.columns[quantity] + j)

    def summary(self, job: Any, kernel: Any, names: dict[str, Any]) -> dict[str, Any]:
        """Outcome probabilities, means and 5-95% intervals, seats, attendance, facts: plain data,
        the same bytes for the same ensemble however it was run."""
        s, clock, n = job.scenario, kernel.plan.clock, self.runs
        items = kernel.plan.items
        when = nominal_times(kernel)

        def nominal(moment: str) -> str | None:  # None: the deterministic replay does not reach it
            return clock.iso(when[moment]) if moment in when else None

        votes = []
        for vote, codes in self.results.items():
            p = {r: round(int(codes[i + 2]) / n, 4) for i, r in enumerate(RESULTS)}
            # not put to the vote: skipped (its condition unmet, ruled out of order, tabled, the sitting
            # over), or never reached (a reaction no replay set off)
            p["skipped"], p["not reached"] = round(int(codes[0]) / n, 4), round(int(codes[1]) / n, 4)
            votes.append({"id": vote, "motion": items[vote].motion, "time": nominal(vote),
                          "p": p, **{part: interval(*self.column(f"counts:{vote}", j))
                                     for j, part in enumerate(("for", "against", "abstain", "present"))}})
            if codes[0] + codes[1] == n:  # put in no replay: how many replays skipped it (the rest never reached it)
                votes[-1]["skipped_in"] = int(codes[0])
        elections = [self._election(key[6:], job, kernel, n, when) for key in self.columns if key.startswith("seats:")]
        attendance = [{"moment": m, "time": nominal(m if m in when else m.removeprefix("vote:")),
                       **interval(*self.column("attendance", j))} for j, m in enumerate(names["moments"])]
        # what each group holding a seat is called, so that a summary read alone (compare) names them
        groups = {g: labels.group(s, g) for el in elections for g in el["seats"]}
        summary: dict[str, Any] = {"ensemble": True, "scenario": s.title, "calendar": s.calendar, "seed": job.seed,
                                   "sets": list(s._sets), "runs": n, "blocks": job.blocks, "votes": votes, "elections": elections,
                                   "groups": groups, "attendance": attendance}
        if job.record is not None and names["facts"]:
            rows = []
            for j, fact in enumerate(job.record.facts):
                row = {"id": fact.id, "statement": fact.statement_of(job.source),
                       "pass_rate": round(int(self.facts[1, j]) / int(self.facts[0, j]), 4) if self.facts[0, j] else None}
                if row["pass_rate"] is None:
                    row["skipped_because"] = skipped_because(fact, job.source, kernel)
                rows.append(row)
            summary["facts"] = {"source": job.source, "rows": rows}
        if self.assumptions:
            summary["assumptions"] = [self._assumption(a, seen, n) for a, seen in zip(self.assumptions, self.drawn, strict=True)]
        if "band" in self.columns:
            bands = [interval(*self.column("band", j)) for j in range(len(names["grid"]))]
            summary["band"] = {"runs": n, "seed": job.seed, "minutes": [round(t, 2) for t in names["grid"]],
                               "times": [clock.iso(t) for t in names["grid"]],
                               **{part: [int(b[part]) for b in bands] for part in ("p5", "median", "p95")}}
        if self.asked:
            summary["outcomes"] = [self._outcome(o, s, n) for o in self.asked]
        return summary

    def _outcome(self, o: Any, scenario: Any, n: int) -> dict[str, Any]:
        """An outcome asked: the share of replays where it happens, or a number's mean and 5-95%."""
        seen = self.measured[o.text]
        row: dict[str, Any] = {"outcome": o.text, "description": o.describe(scenario)}
        if o.binary:
            row["share"] = round(seen.get(1, 0) / n, 4)
        else:
            values = np.array(sorted(seen), dtype=np.int64)
            row.update(interval(values, np.array([seen[v] for v in values.tolist()], dtype=np.int64)))
        return row

    @staticmethod
    def _assumption(a: Any, seen: dict[float, int], n: int) -> dict[str, Any]:
        from congress_sim.model.draws import shown

        values = np.array(sorted(seen))
        counts = np.array([seen[v] for v in sorted(seen)], dtype=np.int64)
        if not a.discrete:
            return {"name": a.name, "distribution": a.describe(), **interval(values, counts)}
        shares: dict[str, int] = {}
        for label, c in zip(shown(a, values).tolist() if values.size else [], counts.tolist(), strict=True):
            shares[str(label)] = shares.get(str(label), 0) + c
        ordered = sorted(shares, key=lambda k: (float(k), k) if _numeric(k) else (float("inf"), k))
        return {"name": a.name, "distribution": a.describe(), "shares": {k: round(shares[k] / n, 4) for k in ordered}}

    def _election(self, election: str, job: Any, kernel: Any, n: int, when: dict[str, float]) -> dict[str, Any]:
        groups = self.groups[election]
        item = kernel.plan.items[election]
        by_group, used = {}, []
        for j, g in enumerate(groups):
            values, counts = self.column(f"seats:{election}", j)
            if not values.any():
                continue  # no seat in any replay
            used.append(j)
            top = sorted(zip(counts.tolist(), values.tolist(), strict=True), reverse=True)[:5]
            by_group[g] = {**interval(values, counts),
                           "distribution": {str(v): round(c / n, 4) for c, v in sorted(top, key=lambda t: t[1])}}
        known = self.compositions[election]
        ranked = sorted(((-c, tuple(row[j] for j in used)) for row, c in known.items())) if known is not None else []
        compositions = [{"seats": {groups[j]: v for j, v in zip(used, row, strict=True) if v},
                         "p": round(-c / n, 4)} for c, row in ranked[:5]]
        out = {"id": election, "body": item.body, "label": job.scenario.bodies[item.body].label,
               "time": kernel.plan.clock.iso(when[election]) if election in when else None, "seats": by_group,
               "compositions": compositions if known is not None else None}
        if election in self.elected:  # among candidates: the share of replays that elect each, and no one
            won = self.elected[election]
            out["elected"] = {c: round(int(k) / n, 4) for c, k in zip(item.candidates, won[:-1].tolist(), strict=True)}
            out["no_one"] = round(int(won[-1]) / n, 4)
        return out


def columns(votes: list[dict[str, Any]]) -> tuple[set[str], list[str]]:
    """The votes no replay put (said in words, with no tally), and the columns besides the results
    that some other vote needs: a vote taken only in some replays (one that waits on another's
    result) has the rest said, skipped or not reached, not lost."""
    unreached = {v["id"] for v in votes if not any(v["p"][r] for r in RESULTS)}
    return unreached, [w for w in ("skipped", "not reached") if any(v["p"].get(w) and v["id"] not in unreached
                                                                    for v in votes)]


def unheld(skipped: int, runs: int) -> str:
    """A vote no replay put, in words: skipped (its condition unmet, ruled out of order, tabled...)
    in every replay, never reached in any, or some of each."""
    if skipped == runs:
        return "skipped in every replay"
    return "not reached in any replay" if skipped == 0 else f"skipped in {skipped:,} replays, not reached in the rest"


def skipped_because(fact: Any, source: str, kernel: Any) -> str:
    """Why no replay of an ensemble judged a fact: the source does not give it, or many replays
    cannot measure it (:func:`congress_sim.record.judge.unjudged`)."""
    from congress_sim.record.judge import unjudged

    a = next((a for a in fact.attestations if a.source == source), None)
    return not_given_by(source) if a is None else unjudged(fact, a, kernel) or "no replay could apply it"


def share(p: float, digits: int = 3) -> str:
    """A share of replays to ``digits`` places; one that rounds to 0 or 1 but is not is said as
    ``<0.01`` or ``>0.99``: a rare outcome still happened, a near-certain one still failed sometimes."""
    least = 10.0 ** -digits
    if 0 < p < least / 2:
        return f"<{least:.{digits}f}"
    if 1 - least / 2 <= p < 1:
        return f">{1 - least:.{digits}f}"
    return f"{p:.{digits}f}"


def ci(part: dict[str, float], width: int = 0) -> str:
    """A count as the summary gives it: ``506.0 [500-510]`` (mean [5%-95%]), the mean ``width`` wide."""
    return f"{part['mean']:{width}.1f} [{part['p5']:.0f}-{part['p95']:.0f}]"


# abstain 4.7 [0-0] reads as a slip unless it is said how: a few replays far from the rest
PULLED = "a mean outside its range is pulled there by the fewer than 5% of replays beyond it"


def outside(part: dict[str, float], digits: int = 1) -> bool:
    """Whether a mean, shown to ``digits`` places, lies outside its 5%-95% range shown whole."""
    mean = round(part["mean"], digits)
    return mean < round(part["p5"]) or mean > round(part["p95"])


def pulled(votes: list[dict[str, Any]]) -> bool:
    """Whether any vote's count shows (as :func:`ci` does) a mean outside its 5%-95% range."""
    unreached = columns(votes)[0]  # no tally to show
    return any(outside(v[k]) for v in votes if v["id"] not in unreached for k in ("for", "against", "abstain"))


def pulled_seats(elections: list[dict[str, Any]]) -> str | None:
    """The first election whose seats show (to two places) a mean outside its 5%-95% range: the
    note is said there, once for every body's seats."""
    return next((el["id"] for el in elections if any(outside(d, 2) for d in el["seats"].values())), None)


def span(low: float, high: float, spec: str = "g") -> str:
    """A 5%-95% range: ``43-97``, but ``-377 to 48`` where it starts below 0, not ``-377-48``."""
    return f"{low:{spec}}{' to ' if low < 0 else '-'}{high:{spec}}"


def outcome_value(row: dict[str, Any]) -> str:
    """An outcome asked, as the summary gives it: the share of replays where it happens, or a
    number's ``mean [5%-95%]``."""
    return share(row["share"]) if "share" in row else f"{row['mean']:.1f} [{span(row['p5'], row['p95'])}]"


def drawn_name(a: dict[str, Any], scenario: Any = None) -> str:
    """An uncertain assumption of a summary in words: with the ``scenario`` it ran, as every command
    names it (its label, else what its path sets); without, by its key."""
    if scenario is None:
        return str(a["name"])
    from congress_sim.language import plan as planning

    return labels.capital(labels.assumption(scenario, planning.of(scenario), a["name"]))


def drawn_value(a: dict[str, Any], scenario: Any = None) -> str:
    """An uncertain assumption as the replays drew it: the shares of its alternatives (with the
    ``scenario``, by their labels), or ``mean [5%-95%]``."""
    if "shares" in a:
        name: Callable[[str], str] = str if scenario is None else partial(labels.alternative, scenario, a["name"])
        return ", ".join(f"{name(v)} {share(p, 2)}" for v, p in a["shares"].items())
    return f"{a['mean']:g} [{span(a['p5'], a['p95'], '.3g')}]"


def _namers(scenario: Any) -> tuple[Callable[[str], str], Callable[[str], str]]:
    """How a summary names groups and persons: by the ``scenario``'s labels, else by their ids."""
    if scenario is None:
        return str, str
    return partial(labels.group, scenario), partial(labels.person, scenario)


def seats_notes(el: dict[str, Any], scenario: Any = None) -> list[str]:
    """What an election's summary says besides each group's seats: the make-up most often elected
    (or that there were too many to rank), and among candidates, how often each was elected."""
    group, person = _namers(scenario)
    out = []
    if el["compositions"] is None:
        out.append(f"(more than {COMPOSITIONS:,} different make-ups: none is ranked)")
    elif el["compositions"]:
        top = el["compositions"][0]
        out.append(f"most often ({top['p']:.1%}): " + ", ".join(f"{group(g)} {n}" for g, n in top["seats"].items()))
    if "elected" in el:
        out.append("elected (share of replays): " + ", ".join(f"{person(c)} {share(p)}" for c, p in el["elected"].items())
                   + (f"; no one {share(el['no_one'])}" if el["no_one"] else ""))
    return out


def office(el: dict[str, Any]) -> bool:
    """Whether an election of a summary fills an office of one seat among candidates (a chairman):
    then the reader asks who holds it, not how many seats each group has."""
    return "elected" in el and bool(el["compositions"]) and all(sum(c["seats"].values()) == 1 for c in el["compositions"])


def office_lines(el: dict[str, Any], when: str, scenario: Any = None) -> list[str]:
    """Who holds an office of one seat, in how many replays, and the groups they come from."""
    group, person = _namers(scenario)
    held = {**{person(c): p for c, p in el["elected"].items()}, **({"no one": el["no_one"]} if el["no_one"] else {})}
    width = max([28, *(len(x) for x in held)])
    return [f"{labels.capital(the(el['label']))}{when}: who holds it (share of replays)",
            *(f"  {who:<{width}} {share(p)}" for who, p in held.items()),
            "  held by a member of: " + ", ".join(f"{group(g)} {share(d['mean'])}" for g, d in el["seats"].items())]


def vote_name(vote: dict[str, Any], scenario: Any = None) -> str:
    """A vote of a summary (or of two compared) in words: with the ``scenario`` it ran, as `run`
    names it (the item's title, else its motion); else the motion the summary keeps; the id only in
    a summary written before it kept one."""
    if scenario is not None:
        from congress_sim.language import plan as planning

        return labels.item_of(scenario, planning.of(scenario), vote["id"])
    return vote.get("motion") or vote["id"]


def fact_name(row: dict[str, Any]) -> str:
    """A fact of a summary (or of two compared) as its record states it; the id only in a summary
    written before it kept the statement."""
    return row.get("statement") or row["id"]


def voted_at(moment: str) -> str | None:
    """The vote a moment those present are counted at is (``vote:appeal``), or None (the opening, the closing)."""
    return moment.removeprefix("vote:") if moment.startswith("vote:") else None


def not_given_by(source: str) -> str:
    """Why no replay judged a fact its source does not give: the reason the summary keeps."""
    return f"not given by {source}"


FACT_WIDTH = 80  # a fact's statement in the table, cut at a word to leave its share on a line of WIDTH


def render(summary: dict[str, Any], timing: str | None = None, scenario: Any = None) -> str:
    """The summary as text for a terminal; ``timing`` (how long it took, and on what) goes first.
    Votes, moments and facts are named in the words the summary keeps (its id where an older one
    keeps none); with the ``scenario`` it ran, votes as `run` names them, groups by their labels and
    times as `run` writes them."""
    group: Callable[[str], str] = str
    when: Callable[[str], str] = str
    called = "delegates"
    if scenario is not None:
        from congress_sim.language import plan as planning

        group = partial(labels.group, scenario)
        when = planning.of(scenario).clock.label_iso
        called = labels.members(scenario)
    lines = [f"{summary['scenario']}: {summary['runs']:,} replays, seed {summary['seed']}"
             + overrides(summary.get("sets", [])) + (f", {timing}" if timing else ""), ""]
    named = {v["id"]: short(vote_name(v, scenario), VOTE_WIDTH) for v in summary["votes"]}
    vw = max([18, *(len(x) for x in named.values())])
    unreached, unput = columns(summary["votes"])
    lines.append(f"{'Votes':<{vw + 2}} {'P(adopted)':>10} {'P(rejected)':>11} {'P(no quorum)':>12}"
                 + "".join(f" {f'P({w})':>14}" for w in unput) + f"   {'for':>17} {'against':>17} {'abstain':>17}")
    for v in summary["votes"]:
        p = v["p"]
        if v["id"] in unreached:  # skipped in every replay, or a reaction none set off: no tally to show
            lines.append(f"  {named[v['id']]:<{vw}} {unheld(v.get('skipped_in', 0), summary['runs']):>35}")
            continue
        lines.append(f"  {named[v['id']]:<{vw}} {share(p['adopted']):>10} {share(p['rejected']):>11} "
                     f"{share(p['not taken']):>12}" + "".join(f" {share(p.get(w, 0)):>14}" for w in unput)
                     + f"   {ci(v['for'], 7):>17} {ci(v['against'], 7):>17} {ci(v['abstain'], 7):>17}")
    lines.append("  (mean [5%-95%] of each count, over the replays that reached the vote)" if unput
                 else "  (mean [5%-95%] of each count)")
    if pulled(summary["votes"]):
        lines.append(f"  ({PULLED})")
    pulled_at = pulled_seats(summary["elections"])
    for el in summary["elections"]:
        if office(el):
            lines += ["", *office_lines(el, elected_when(el, summary["elections"], when), scenario)]
            continue
        lines += ["", f"Seats of {the(el['label'])}{elected_when(el, summary['elections'], when)}: "
                      "mean [5%-95%], then the likeliest counts"]
        gw = max([28, *(len(group(g)) for g in el["seats"])])
        spans = {g: f"[{d['p5']:.0f}-{d['p95']:.0f}]" for g, d in el["seats"].items()}
        sw = max(len(x) for x in spans.values()) if spans else 0  # the likeliest counts in one column
        for g, d in el["seats"].items():
            dist = ", ".join(f"{v}: {share(pr, 2)}" for v, pr in d["distribution"].items())
            lines.append(f"  {group(g):<{gw}} mean {d['mean']:6.2f} {spans[g]:<{sw}}   {dist}")
        lines += [f"  {line}" for line in seats_notes(el, scenario)]
        if el["id"] == pulled_at:
            lines.append(f"  ({PULLED})")
    shown = [a for a in summary["attendance"] if voted_at(a["moment"]) not in unreached]
    moments = {a["moment"]: named.get(vote, vote) if (vote := voted_at(a["moment"])) else a["moment"] for a in shown}
    width = max([7, *(len(m) for m in moments.values())]) + 2
    tw = max([17, *(len(when(a["time"])) for a in shown if a["time"])])
    # the census's count, as `run` gives it when a session closes: a vote's own count of those present
    # leaves out whoever does not attend the session (Lenin, the first), so the two are told apart
    lines += ["", f"{called.capitalize() + ' at the assembly':<{width + 2}} {'time':<{tw}} {'median':>7} {'5%-95%':>12}"]
    for a in shown:  # at a vote, over the replays that reached it
        lines.append(f"  {moments[a['moment']]:<{width}} {when(a['time']) if a['time'] else '-':<{tw}} "
                     f"{a['median']:>7.0f} {a['p5']:>6.0f}-{a['p95']:<6.0f}")
    present = {v["id"]: v["present"]["median"] for v in summary["votes"] if isinstance(v.get("present"), dict)}
    if any(present.get(voted_at(a["moment"]) or "", a["median"]) < a["median"] for a in shown):
        lines += ["  (at the assembly, as the census counts; a vote's count of those present leaves out any who",
                  "  do not attend the session, and a chair who votes only to break a tie)"]
    if any(not a["time"] for a in shown):
        lines.append("  (time: the deterministic replay's; -: a vote it does not reach)")
    if summary.get("assumptions"):
        lines += ["", "Uncertain assumptions, as drawn: shares of the alternatives, or mean [5%-95%]"]
        aw = max([50, *(len(drawn_name(a, scenario)) for a in summary["assumptions"])])
        for a in summary["assumptions"]:
            lines.append(f"  {drawn_name(a, scenario):<{aw}} {drawn_value(a, scenario)}")
    if "facts" in summary:
        lines += ["", *facts_table(summary["facts"])]
    if summary.get("outcomes"):
        lines += ["", "Outcomes asked ({outcomes}), in the same replays: share of replays, or mean [5%-95%]"]
        # a long outcome, or a wide range, keeps the columns in line
        ow = max([30, *(len(r["outcome"]) for r in summary["outcomes"])])
        nw = max([16, *(len(outcome_value(r)) for r in summary["outcomes"])])
        for r in summary["outcomes"]:
            lines.append(f"  {r['outcome']:<{ow}} {outcome_value(r):>{nw}}  {r['description']}")
    return Wording("\n".join(lines), "outcomes", "as_json", python={"as_json": 'ensemble.summary()["facts"]'})


def elected_when(el: dict[str, Any], elections: list[dict[str, Any]], when: Callable[[str], str] = str) -> str:
    """What tells an election from another of the same body in a summary: `` (elected 26 Oct 04:05
    [9 Nov])`` as the deterministic replay elects it, else `` (election ID)``; nothing where it is
    the body's only one."""
    if sum(1 for x in elections if x["label"] == el["label"]) < 2:
        return ""
    return f" (elected {when(el['time'])})" if el.get("time") else f" (election {el['id']})"


def facts_table(facts: dict[str, Any]) -> list[str]:
    """The share of replays that pass each fact, each as its record states it (cut to keep the
    shares in one column), or why no replay judged it; those the source does not give, as `check`
    says them, after the table."""
    source = facts["source"]
    given = [r.get("skipped_because") != not_given_by(source) for r in facts["rows"]]
    unsaid = [r for r, g in zip(facts["rows"], given, strict=True) if not g]
    rows = [(short(fact_name(r), FACT_WIDTH), r) for r, g in zip(facts["rows"], given, strict=True) if g]
    fw = max([30, *(len(name) for name, _ in rows)])
    lines = [f"Facts of the record ({source}): share of replays that pass"]
    for name, r in rows:
        rate = f"{'skipped':>8}  ({r.get('skipped_because')})" if r["pass_rate"] is None else f"{share(r['pass_rate']):>8}"
        lines.append(f"  {name:<{fw}} {rate}")
    return lines + ([""] + not_given(source, [fact_name(r) for r in unsaid]) if unsaid else [])
