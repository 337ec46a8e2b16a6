"""The command line: a thin shell over the library. Only this module imports click."""

from __future__ import annotations

import gc
import json
import re
import sys
from typing import Any

import click

from .drivers.collector import paused
from .errors import CongressSimError, Wording


class Finite(click.FloatRange):
    """A number in a range, and a number at all: nan compares false with both bounds, so a plain
    range lets it through."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = super().convert(value, param, ctx)
        if number != number:
            self.fail(f"{value!r} is not a number.", param, ctx)
        return number

SEED = click.option("--seed", type=click.IntRange(min=0), default=None,
                    help="Seed for a stochastic replay (default: deterministic).")
SET = click.option("--set", "sets", multiple=True, metavar="PATH=VALUE",
                   help="Change the scenario, as a what-if's `set:` does (repeatable), e.g. rules.majority=two_thirds.")


# what a scenario's text may hold that a terminal would act on: control characters (but tab and
# newline), C1 controls, bidirectional overrides, and the lone surrogates of undecodable bytes
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def printable(text: str, as_json: bool = False) -> str:
    """``text`` with every character a terminal would act on written as an escape (``\\x1b``).

    In JSON the escapes are JSON's own (``\\u001b``), so that the data read back is the same."""

    def escape(m: re.Match[str]) -> str:
        c = ord(m.group())
        if as_json:
            return f"\\u{c:04x}"
        if 0xDC80 <= c <= 0xDCFF:  # a byte that was not UTF-8, as Python keeps it
            return f"\\x{c - 0xDC00:02x}"
        return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"

    return _UNSAFE.sub(escape, text)


def echo(text: str, err: bool = False, nl: bool = True, as_json: bool = False) -> None:
    """Print text from the library or the user's files, made safe for a terminal; the library's
    arguments named as the options that gave them."""
    click.echo(printable(as_given(text), as_json), err=err, nl=nl)


def as_given(text: str, command: click.Command | None = None) -> str:
    """Text that names the library's arguments as Python does (``runs``, a Wording), said with the
    options of ``command`` (else of the command running) that gave them (``--runs``)."""
    if not isinstance(text, Wording):
        return text
    if command is None and (ctx := click.get_current_context(silent=True)) is not None:
        command = ctx.command
    options = command.params if command is not None else []
    return text.said({p.name: p.opts[0] for p in options if isinstance(p, click.Option) and p.name})


def echo_json(data: Any) -> None:
    echo(json.dumps(data, ensure_ascii=False, indent=2), as_json=True)


def fail(exc: Exception, command: click.Command | None = None) -> None:
    said = exc.args[0] if exc.args and isinstance(exc.args[0], Wording) else str(exc)
    for line in as_given(said, command).splitlines():
        echo(f"error: {line}", err=True)


# set by the command's own process (main): the process ends with the command, and so may its collector
_PROCESS_ENDS = False


class _Shell(click.Group):
    """Turns the library's errors into one line each on stderr and exit code 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CongressSimError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            fail(exc, self.get_command(ctx, ctx.invoked_subcommand) if ctx.invoked_subcommand else None)
            ctx.exit(2)
        except click.UsageError as exc:  # one line too, and the value the user gave made safe
            fail(click.ClickException(exc.format_message()))
            ctx.exit(exc.exit_code)


@click.group(cls=_Shell, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="congress-sim", prog_name="congress-sim")
@click.option("--debug", is_flag=True, help="Show a traceback instead of a one-line error.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Replay an assembly as a discrete-event simulation, check it against the record, ask what-if.

    \b
    Example:
      congress-sim run scenarios/historical.yaml
    """
    ctx.obj = {"debug": debug}


@cli.command(short_help="Check scenario and record files without running them.")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=True))
@click.option("--print", "show", is_flag=True, help="Print each scenario as YAML, its what-if bases merged.")
@SET
def validate(files: tuple[str, ...], show: bool, sets: tuple[str, ...]) -> None:
    """Check scenario and record files without running them (for editors and pre-commit).

    Prints one line per good file; one line per problem (file:line:column: key: what is wrong)
    for the others, and exits with 2 if any file has a problem.

    \b
    Examples:
      congress-sim validate scenarios/*.yaml scenarios/whatif/*.yaml
      congress-sim validate scenarios/whatif/no-walkout.yaml --print
    """
    from congress_sim.language.load import dump, load
    from congress_sim.record.facts import validate_file

    bad = 0
    for f in files:
        try:
            what = validate_file(f)
            if sets or show:
                scenario = load(f, sets)
                if show:
                    echo(dump(scenario), nl=False)
                    continue
            echo(f"{f}: ok ({what})")
        except CongressSimError as exc:
            bad += 1
            fail(exc)
    if bad:
        sys.exit(2)


@cli.command(short_help="Replay a scenario and print what happened.")
@click.argument("scenario", type=click.Path(dir_okay=True))
@SEED
@SET
@click.option("--json", "as_json", is_flag=True, help="Print the replay summary as JSON on stdout.")
@click.option("--out", "directory", type=click.Path(),
              help="Write events.jsonl, attendance.csv, votes.csv, summary.json here.")
@click.option("--force", is_flag=True, help="With --out: replace a directory that is not empty.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors (and --json).")
def run(scenario: str, seed: int | None, sets: tuple[str, ...], as_json: bool, directory: str | None, force: bool,
        quiet: bool) -> None:
    """Replay SCENARIO and print its transcript, census, votes and bodies.

    \b
    Examples:
      congress-sim run scenarios/historical.yaml
      congress-sim run scenarios/historical.yaml --seed 7 --json
      congress-sim run scenarios/historical.yaml --out runs/historical
      congress-sim run scenarios/historical.yaml --set protest.probability=0
    """
    with paused(for_good=_PROCESS_ENDS):  # the whole run, imports, loading and printing too, not only the replay
        _run(scenario, seed, sets, as_json, directory, force, quiet)


def _run(scenario: str, seed: int | None, sets: tuple[str, ...], as_json: bool, directory: str | None, force: bool,
         quiet: bool) -> None:
    from congress_sim.drivers.engine import simulate
    from congress_sim.language.load import load
    from congress_sim.views.transcript import render

    replay = simulate(load(scenario, sets), seed)
    report = None
    if replay.scenario.record is not None and replay.scenario.primary_source is not None:
        from congress_sim.record.check import check as check_replay

        report = check_replay(replay)
    if directory is not None:
        from .publish.export import write_replay

        written = write_replay(replay, directory, force)
        if not quiet and not as_json:
            echo(f"wrote {len(written)} files to {directory}", err=True)
    if as_json:
        echo(replay.to_json(), as_json=True)
    elif not quiet:
        echo(render(replay))
        if report is not None:
            echo(f"\nChecked against {report.source}: {report.summary_line()} (congress-sim check for the table)")


@cli.command(short_help="Check a replay against its record, fact by fact.")
@click.argument("scenario", type=click.Path(dir_okay=True))
@click.option("--source", metavar="ID", help="Check against this source's values (default: the scenario's primary source).")
@SEED
@SET
@click.option("--json", "as_json", is_flag=True, help="Print the facts as a JSON list, one object per fact.")
def check(scenario: str, source: str | None, seed: int | None, sets: tuple[str, ...], as_json: bool) -> None:
    """Check a replay of SCENARIO against its record, fact by fact.

    Exit code 0 when every fact passes for the source, 1 when any fails, 2 for bad input.

    \b
    Examples:
      congress-sim check scenarios/historical.yaml
      congress-sim check scenarios/historical.yaml --source reed
    """
    with paused(for_good=_PROCESS_ENDS):
        from congress_sim.drivers.engine import simulate
        from congress_sim.language.load import load
        from congress_sim.record.check import check as check_replay
        from congress_sim.views.transcript import check_table

        replay = simulate(load(scenario, sets), seed)
        report = check_replay(replay, source=source)
        if as_json:
            echo_json([o.to_dict() for o in report.outcomes])
        else:
            echo(check_table(report, replay))
    sys.exit(0 if report.ok else 1)


@cli.command(short_help="Fit the scenario's free parameters to the record's targets.")
@click.argument("scenario", type=click.Path(dir_okay=True))
@click.option("--source", metavar="ID", help="Fit to this source's values (default: the scenario's primary source).")
@click.option("--samples", type=click.IntRange(min=2), default=4096, show_default=True,
              help="Sobol samples for the intervals (rounded up to a power of two).")
@click.option("--seed", type=click.IntRange(min=0), default=1, show_default=True, help="Seed of the design and the fit.")
@SET
@click.option("--write", "write_to", is_flag=True,
              help="Write the fitted values to the scenario's `parameters` file (SCENARIO.parameters.yaml if it names none).")
@click.option("--force", is_flag=True, help="Replace a parameters file that is already there.")
@click.option("--json", "as_json", is_flag=True, help="Print the fit as JSON.")
def calibrate(scenario: str, source: str | None, samples: int, seed: int, sets: tuple[str, ...], write_to: bool,
              force: bool, as_json: bool) -> None:
    """Fit SCENARIO's free parameters (`free:`) to the facts its record marks `target: true`.

    Prints each parameter's fitted value and the 5-95% range of the samples that meet every
    target, and each target's error. Those targets count as calibrated in `check`, never as
    predictions; the other facts are left to test the fit.

    \b
    Examples:
      congress-sim calibrate scenarios/historical.yaml
      congress-sim calibrate scenarios/historical.yaml --write --force
    """
    from pathlib import Path

    from congress_sim.experiments.calibrate import calibrate as fit_scenario
    from congress_sim.experiments.calibrate import render, write
    from congress_sim.language.load import load

    from .outputs import check_file

    loaded = load(scenario, sets, fitted=False)  # fitted afresh: the values of an earlier fit play no part
    if not loaded.free:
        raise CongressSimError(f"{scenario}: the scenario marks no parameter as free (`free: {{path: [low, high]}}`)")
    named = load(scenario, sets)._fitted.get("file")
    target = Path(named) if named else Path(scenario).with_suffix(".parameters.yaml")
    if write_to:  # said before the fit, not after minutes of it
        check_file(target, force)
    fit = fit_scenario(loaded, source=source, samples=samples, seed=seed)
    if write_to:
        words = ["congress-sim calibrate", scenario, *(f"--set {s}" for s in sets), "--write", "--force"]
        write(fit, target, " ".join(words), force=force)
    if as_json:
        echo_json(fit.to_dict())
        return
    echo(render(fit))
    if write_to:
        echo(f"\nwrote {target}" + ("" if named else f"; name it in the scenario: `parameters: {target.name}`"))
    else:  # a fit that replays and checks use only once it is written
        echo(f"\n(not written: `run` and `check` keep the values in {target} until --write puts these there)" if named else
             f"\n(not written: `run` and `check` keep the scenario's own values; --write puts these in {target}, "
             "for the scenario to name)")


@cli.command(short_help="Show what differs between two replays (or two ensembles).")
@click.argument("base", type=click.Path(dir_okay=True))
@click.argument("other", type=click.Path(dir_okay=True))
@SEED
@SET
@click.option("--source", metavar="ID", help="Compare the facts against this source (default: the base's primary source).")
@click.option("--at", "at", multiple=True, metavar="MOMENT",
              help="Also give each faction's share of those at the assembly just after this item (a walkout: once its "
                   "last delegate has gone), as this session opened, or at this time (1917-10-26T01:00), as a "
                   "record's census counts it (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print the comparison as JSON.")
def compare(base: str, other: str, seed: int | None, sets: tuple[str, ...], source: str | None,
            at: tuple[str, ...], as_json: bool) -> None:
    """Show what differs between replays of BASE and OTHER (a what-if, say).

    Census, each faction's share of those at the assembly at the opening and after each walkout (and
    at any --at moment), each vote's tally and result, the seats of each body, the times of
    events, and the facts of the record that one passes and the other fails. --set applies to
    OTHER. Given two ensembles' summaries (summary.json, or the folders of `ensemble --out`),
    compares their probabilities instead, and the outcomes asked of either (--outcome).

    \b
    Examples:
      congress-sim compare scenarios/historical.yaml scenarios/whatif/no-walkout.yaml
      congress-sim compare scenarios/historical.yaml scenarios/whatif/credentials-670.yaml --at government
      congress-sim compare scenarios/historical.yaml scenarios/historical.yaml --set rules.majority=unanimity
      congress-sim compare runs/historical/summary.json runs/no-walkout/summary.json
    """
    from congress_sim.drivers.engine import simulate
    from congress_sim.experiments.compare import compare as compare_replays
    from congress_sim.experiments.compare import compare_summaries, render_summaries, summary_at
    from congress_sim.experiments.compare import render as render_comparison
    from congress_sim.language.load import load

    summaries = [summary_at(p) for p in (base, other)]
    if all(summaries):
        given = [flag for flag, value in (("--seed", seed is not None), ("--set", sets), ("--source", source),
                                          ("--at", at)) if value]
        if given:
            raise CongressSimError(f"{', '.join(given)}: two ensembles' summaries are compared as they were run; "
                                   "run the ensemble again with the change instead")
        result = compare_summaries(summaries[0], summaries[1])  # type: ignore[arg-type]
        if as_json:
            echo_json(result)
        else:
            echo(render_summaries(result))
        return
    if any(summaries):
        raise CongressSimError("compare two scenarios, or two ensembles' summaries, not one of each")
    replays = compare_replays(simulate(load(base), seed), simulate(load(other, sets), seed), source, at)
    if as_json:
        echo_json(replays.to_dict())
    else:
        echo(render_comparison(replays))


@cli.command(short_help="Draw attendance over time, the votes, or the seats.")
@click.argument("scenario", type=click.Path(dir_okay=True))
@click.option("-o", "--output", type=click.Path(),
              help="The file to write (.png, .svg or .pdf); default: SCENARIO's name, .png, here.")
@click.option("--kind", type=click.Choice(["attendance", "votes", "seats", "all"]), default="attendance",
              show_default=True, help="Which figure; `all` writes one file per kind, the seats only where a body is "
              "elected.")
@click.option("--compare", "others", multiple=True, type=click.Path(dir_okay=True),
              help="Draw another scenario's total against this one on the attendance figure (repeatable).")
@click.option("--by", type=click.Choice(["faction", "party"]), default="faction", show_default=True,
              help="Stack delegates by faction or by party.")
@click.option("--body", metavar="ID", help="With --kind seats: only this body.")
@click.option("--runs", type=click.IntRange(min=2),
              help="Add what this many seeded replays give: the 5-95% band of the total to the attendance figure, "
              "each vote's range and chances to the votes figure.")
@click.option("--record/--no-record", "use_record", default=None,
              help="Mark the counts the record's sources give (default: when the scenario's own file names a record).")
@SEED
@SET
@click.option("--dpi", type=Finite(min=10, max=1200), default=150, show_default=True,
              help="Dots per inch of a .png (the resolution).")
@click.option("--width", type=Finite(min=1, max=100), help="Width in inches.")
@click.option("--height", type=Finite(min=1, max=100), help="Height in inches.")
@click.option("--title", help="The figure's title.")
@click.option("--force", is_flag=True, help="Replace a file that is already there.")
def plot(scenario: str, output: str | None, kind: str, others: tuple[str, ...], by: str, body: str | None,
         runs: int | None, use_record: bool | None, seed: int | None, sets: tuple[str, ...], dpi: float,
         width: float | None, height: float | None, title: str | None, force: bool) -> None:
    """Draw delegates present over time, the votes, or the seats of each body.

    The attendance figure marks the counts of delegates the record's sources give as points,
    labelled with their sources; between them, the replay's counts are drawn as assumptions.

    \b
    Examples:
      congress-sim plot scenarios/historical.yaml -o out/historical.png
      congress-sim plot scenarios/historical.yaml --compare scenarios/whatif/no-walkout.yaml -o out/walkout.svg
      congress-sim plot scenarios/historical.yaml --kind seats --body cec -o out/cec.pdf
      congress-sim plot scenarios/historical.yaml --set protest.probability=0.5 --runs 2000 -o out/band.png
    """
    from pathlib import Path

    from congress_sim.drivers.engine import simulate
    from congress_sim.language.load import load
    from congress_sim.outputs import check_file
    from congress_sim.publish.plot import draw, require_body, save
    from congress_sim.record.attested import own_record

    from .errors import OutputError

    kinds = ["attendance", "votes", "seats"] if kind == "all" else [kind]
    if runs and kind == "seats":  # the replays would be run for nothing drawn
        raise CongressSimError("--runs draws on the attendance and votes figures, and --kind seats draws nothing of it; "
                               "use --kind attendance, votes or all, or leave --runs out")
    if others and "attendance" not in kinds:  # the other scenario would be left out without a word
        raise CongressSimError(f"--compare draws another scenario's total on the attendance figure, and --kind {kind} "
                               "draws none; use --kind attendance or all, or plot the other scenario on its own")
    base = Path(output) if output is not None else Path(Path(scenario).stem + ".png")
    paths = {k: base.with_name(f"{base.stem}-{k}{base.suffix}") if len(kinds) > 1 else base for k in kinds}
    for path in paths.values():  # refuse before drawing anything, so that nothing is half done
        if path.suffix.lower() not in (".png", ".svg", ".pdf"):
            raise OutputError(f"{path}: give a file ending in .png, .svg or .pdf")
        check_file(path, force)
    loaded = load(scenario, sets)
    replay = simulate(loaded, None if runs else seed)
    compare = [simulate(load(o), seed) for o in others]
    if "seats" in kinds:  # before any figure is written
        require_body(replay, body)
    if "seats" in kinds and not replay.elections():  # a figure of no seats tells nothing
        if kind == "seats":
            raise CongressSimError("no body was elected in this replay, so there are no seats to draw")
        del paths["seats"]
    attested = own_record(replay, use_record) if "attendance" in kinds else []
    summary = None
    if runs:  # once, for every figure drawn
        from congress_sim.experiments.ensembles import ensemble as run_ensemble

        bars = _Bars(sys.stderr.isatty())
        try:
            summary = run_ensemble(loaded, runs, seed or 0, progress=bars.show).summary()
        finally:
            bars.close()
    for k, path in paths.items():
        size = {key: v for key, v in (("width", width), ("height", height)) if v is not None}
        fig = draw(k, replay, compare=compare, by=by, body=body, ensemble=summary, attested=attested, title=title,
                   dpi=dpi, **size)
        save(fig, str(path), dpi)
        echo(str(path))
    if "seats" in kinds and "seats" not in paths:
        echo("no seats figure: no body was elected in this replay", err=True)
    if others and len(paths) > 1:  # the other figures draw the base alone: said, not left to be found out
        alone = " and ".join(f"the {k} figure" for k in paths if k != "attendance")
        echo(f"--compare is drawn on the attendance figure only; {alone} {'are' if ' and ' in alone else 'is'} "
             "the base scenario's alone", err=True)


@cli.command(short_help="Run many seeded replays: how likely was each outcome?")
@click.argument("scenario", type=click.Path(dir_okay=True))
@click.option("--runs", type=click.IntRange(min=1), default=10_000, show_default=True, help="How many replays.")
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True, help="The ensemble's seed.")
@click.option("--jobs", type=click.IntRange(min=1), help="Local processes (default, and at most: the cores there are).")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Where the replays run: local processes, or a Dask cluster (pip install -e '.[dask]').")
@click.option("--scheduler", metavar="ADDRESS", help="With --executor dask: an existing cluster, e.g. tcp://host:8786.")
@SET
@click.option("--source", metavar="ID", help="Count the facts passed against this source (default: the primary source).")
@click.option("--out", type=click.Path(), help="Keep the blocks, the per-replay table and the summary here.")
@click.option("--format", "table_format", type=click.Choice(["csv", "parquet"]), default="csv", show_default=True,
              help="With --out: the per-replay table's format (parquet needs pyarrow).")
@click.option("--resume", is_flag=True, help="With --out: finish an interrupted ensemble (or start it).")
@click.option("--force", is_flag=True, help="With --out: replace an earlier ensemble's folder.")
@click.option("--outcome", "outcomes", multiple=True, metavar="OUTCOME",
              help="Also the share of the replays where an outcome of your own happens, or a number's mean "
              "(repeatable; as sensitivity's: government=adopted, votes:land:for>=600, "
              "winner:sovnarkom:stalin); measured in the same "
              "replays, and kept in --out (a column each); --resume takes the same ones.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors (and --json): no progress, no timing.")
def ensemble(scenario: str, runs: int, seed: int, jobs: int | None, executor: str, scheduler: str | None,
             sets: tuple[str, ...], source: str | None, out: str | None, table_format: str, resume: bool,
             force: bool, outcomes: tuple[str, ...], as_json: bool, quiet: bool) -> None:
    """Run many seeded replays of SCENARIO: how likely was each outcome?

    Prints each vote's probability of each result (and of being skipped or not reached at all, for
    a vote taken only in some replays) and the mean and 5-95% interval of each count in the replays
    that took it, the distribution of each body's seats (and, among candidates, the share of
    replays that elect each), attendance at the key moments, and the share of replays that pass
    each fact of the record (a fact it cannot judge, such as a roll call, is skipped with the
    reason). The same seed gives the same summary, to the byte, with any number of jobs, locally or
    on Dask. Ctrl-C keeps the finished blocks in --out; --resume ends with the summary an
    uninterrupted run gives. Memory does not grow with --runs.

    \b
    Examples:
      congress-sim ensemble scenarios/historical.yaml --runs 100000 --seed 1
      congress-sim ensemble scenarios/whatif/no-walkout.yaml --runs 20000 --out runs/no-walkout
      congress-sim ensemble scenarios/historical.yaml --executor dask --scheduler tcp://10.0.0.5:8786
      congress-sim ensemble scenarios/historical.yaml --outcome "margin:martov_proposal>100"
    """
    from congress_sim.experiments.ensembles import Interrupted
    from congress_sim.experiments.ensembles import ensemble as run_ensemble
    from congress_sim.experiments.tally import render as render_ensemble
    from congress_sim.language.load import load

    bars = _Bars(sys.stderr.isatty() and not quiet)
    loaded = load(scenario, sets)

    def say(message: str) -> None:
        if not quiet:
            bars.close()
            echo(f"warning: {as_given(message)}", err=True)

    try:
        result = run_ensemble(loaded, runs, seed, jobs=jobs, executor=executor, scheduler=scheduler,
                              out=out, resume=resume, force=force, source=source, table_format=table_format,
                              outcomes=outcomes, progress=bars.show, say=say)
    except Interrupted as exc:
        bars.close()
        fail(exc)
        sys.exit(130)
    finally:
        bars.close()
    summary = result.summary()
    if as_json:
        echo_json(summary)
        if not quiet:
            echo(f"{summary['runs']:,} replays: {result.timing()}", err=True)
    elif not quiet:
        echo(render_ensemble(summary, result.timing(), result.scenario))


class _Bars:
    """A progress bar for each long step, on a terminal only."""

    def __init__(self, shown: bool):
        self.shown = shown
        self.step: str | None = None
        self.bar: Any = None

    def show(self, step: str, done: int, total: int) -> None:
        if not self.shown:
            return
        if step != self.step:
            self.close()
            self.step, self.bar = step, click.progressbar(length=total, label=step, file=sys.stderr, show_pos=True)
        self.bar.update(done - self.bar.pos)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.render_finish()
        self.step = self.bar = None


OUTCOME = click.option("--outcome", "outcomes", multiple=True, required=True, metavar="OUTCOME",
                       help="What to measure in each replay (repeatable): ITEM=RESULT (government=adopted), "
                       "margin:VOTE, votes:VOTE:OPTION, seats:ELECTION:GROUP, winner:ELECTION:PERSON, "
                       "present:MOMENT (opening, closing, a session, just after an item, or a date: "
                       "present:1917-10-26T01:00; present:MOMENT:FACTION), left:WALKOUT, fact:FACT, or a number "
                       "compared with a threshold (margin:government<0).")


def _progress(label: str, quiet: bool) -> Any:
    """A progress bar on stderr (when it is a terminal) and the callback that moves it."""
    bar = click.progressbar(length=1, label=label, file=sys.stderr, show_pos=True) \
        if sys.stderr.isatty() and not quiet else None

    def progress(done: int, total: int) -> None:
        if bar is not None:
            bar.length = total
            bar.update(done - bar.pos)

    return bar, progress


@cli.command(short_help="Which uncertain assumptions an outcome hinges on.")
@click.argument("scenario", type=click.Path(dir_okay=True))
@OUTCOME
@click.option("--method", type=click.Choice(["sobol", "morris"]), default="sobol", show_default=True,
              help="sobol: first-order and total indices with intervals; morris: screening by elementary effects.")
@click.option("--samples", type=click.IntRange(min=2), default=1024, show_default=True,
              help="Sobol: base samples, a power of two, at least 32 (N (d + 2) replays for d assumptions); "
                   "morris: trajectories.")
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True,
              help="Seed of the design (and of the replays, with --chance).")
@click.option("--chance", is_flag=True,
              help="Seeded replays: the replays' own randomness is part of the outcome, and its share is told.")
@click.option("--jobs", type=click.IntRange(min=1), help="Local processes (default: all cores).")
@SET
@click.option("-o", "--output", type=click.Path(), help="Draw the indices, sorted, to this file (.png, .svg or .pdf).")
@click.option("--force", is_flag=True, help="Replace a figure that is already there.")
@click.option("--json", "as_json", is_flag=True, help="Print the indices as JSON.")
def sensitivity(scenario: str, outcomes: tuple[str, ...], method: str, samples: int, seed: int, chance: bool,
                jobs: int | None, sets: tuple[str, ...], output: str | None, force: bool, as_json: bool) -> None:
    """Which of SCENARIO's uncertain assumptions each outcome hinges on.

    Sobol indices: the share of the outcome's variance each assumption explains alone (S1) and
    with its interactions (ST), with 95% intervals; or Morris screening (mu*, sigma), cheaper. The
    scenario gives its assumptions under `uncertain:`. Replays are deterministic unless --chance.

    \b
    Examples:
      congress-sim sensitivity scenarios/historical-uncertain.yaml --outcome government=adopted
      congress-sim sensitivity scenarios/historical-uncertain.yaml --outcome left:walkout -o out/indices.png
      congress-sim sensitivity scenarios/historical-uncertain.yaml --outcome seats:cec:left_sr --method morris --samples 50
    """
    from pathlib import Path

    from congress_sim.experiments.sensitivity import render
    from congress_sim.experiments.sensitivity import sensitivity as analyse
    from congress_sim.language.load import load

    from .errors import OutputError

    if output and Path(output).exists() and not force:
        raise OutputError(f"{output}: exists; use --force to replace it")
    bar, progress = _progress("replaying", as_json)
    result = analyse(load(scenario, sets), list(outcomes), method=method, samples=samples, seed=seed, chance=chance,
                     jobs=jobs, progress=progress)
    if bar is not None:
        bar.render_finish()
    if output:
        from congress_sim.publish.plot import save
        from congress_sim.publish.sensitivity import plot_sensitivity

        save(plot_sensitivity(result), output)
    if as_json:
        echo_json(result.to_dict())
    else:
        echo(render(result))
    if output:  # as `plot` says what it wrote; beside JSON, on stderr, so the JSON stays whole
        echo(output, err=as_json)


@cli.command(short_help="Where among its uncertain assumptions an outcome happens.")
@click.argument("scenario", type=click.Path(dir_okay=True))
@click.option("--outcome", required=True, metavar="OUTCOME",
              help="An outcome that happens or not: ITEM=RESULT (government=rejected), winner:ELECTION:PERSON "
              "(winner:sovnarkom:stalin), fact:FACT, or a number compared with a threshold (left:walkout>=100, "
              "seats:sovnarkom:left_sr>0).")
@click.option("--runs", type=click.IntRange(min=100), default=4000, show_default=True, help="How many seeded replays.")
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True, help="The replays' seed (as ensemble's).")
@click.option("--density", type=Finite(min=0, max=1, min_open=True), default=0.8, show_default=True,
              help="The least share of a box's replays where the outcome happens.")
@click.option("--coverage", type=Finite(min=0, max=1, min_open=True), default=0.5, show_default=True,
              help="The least share of the replays where it happens that a box must hold.")
@click.option("--boxes", type=click.IntRange(min=1, max=10), default=3, show_default=True, help="At most this many boxes.")
@click.option("--jobs", type=click.IntRange(min=1), help="Local processes (default: all cores).")
@SET
@click.option("--json", "as_json", is_flag=True, help="Print the boxes as JSON.")
def discover(scenario: str, outcome: str, runs: int, seed: int, density: float, coverage: float, boxes: int,
             jobs: int | None, sets: tuple[str, ...], as_json: bool) -> None:
    """Find the regions of SCENARIO's uncertain assumptions where an outcome happens, in words.

    Seeded replays draw their assumptions (the same replays as `ensemble` with the same seed);
    PRIM (the EMA Workbench's) peels the space of what was drawn down to boxes where the outcome
    is frequent, each with its density and coverage. Needs the discover extra:
    pip install -e '.[discover]'.

    \b
    Examples:
      congress-sim discover scenarios/historical-uncertain.yaml --outcome martov_proposal=adopted --density 0.9
      congress-sim discover scenarios/historical-uncertain.yaml --outcome "left:walkout>=100" --runs 10000 --json
    """
    from congress_sim.experiments.discover import discover as find
    from congress_sim.experiments.discover import render
    from congress_sim.language.load import load

    bar, progress = _progress("replaying", as_json)
    result = find(load(scenario, sets), outcome, runs=runs, seed=seed, density=density, coverage=coverage,
                  boxes=boxes, jobs=jobs, progress=progress)
    if bar is not None:
        bar.render_finish()
    if as_json:
        echo_json(result.to_dict())
    else:
        echo(render(result))


@cli.command(short_help="Export a replay: the event log, tables or Popolo data.")
@click.argument("scenario", type=click.Path(dir_okay=True))
@click.option("--format", "fmt", type=click.Choice(["events", "attendance", "votes", "seats", "popolo"]),
              required=True, help="events: the log as JSON Lines; attendance, votes, seats: tidy tables; popolo: Popolo JSON.")
@click.option("-o", "--output", "path", required=True, type=click.Path(),
              help="The file to write; a table ending in .parquet is written as Parquet (needs pyarrow).")
@SEED
@SET
@click.option("--force", is_flag=True, help="Replace a file that is already there.")
def export(scenario: str, fmt: str, path: str, seed: int | None, sets: tuple[str, ...], force: bool) -> None:
    """Export a replay of SCENARIO for other tools: the event log, tidy tables, or Popolo data.

    \b
    Examples:
      congress-sim export scenarios/historical.yaml --format votes -o out/votes.csv
      congress-sim export scenarios/historical.yaml --format popolo -o out/congress.popolo.json
      congress-sim export scenarios/whatif/no-walkout.yaml --format attendance -o out/attendance.parquet
    """
    from congress_sim.drivers.engine import simulate
    from congress_sim.language.load import load
    from congress_sim.publish.export import export as write

    echo(str(write(simulate(load(scenario, sets), seed), fmt, path, force)))


@cli.command(short_help="Write a self-contained HTML report to hand out.")
@click.argument("scenario", type=click.Path(dir_okay=True))
@click.option("-o", "--output", "path", type=click.Path(), help="The HTML file (default: SCENARIO's name, .html).")
@click.option("--compare", "base", type=click.Path(dir_okay=True), help="Compare with this scenario (the base).")
@SEED
@SET
@click.option("--force", is_flag=True, help="Replace a file that is already there.")
def report(scenario: str, path: str | None, base: str | None, seed: int | None, sets: tuple[str, ...],
           force: bool) -> None:
    """Write one self-contained HTML report: figures, timeline, transcript, votes, bodies, check,
    assumptions.

    It needs nothing else to open (no network, no script): hand it out as it is.

    \b
    Examples:
      congress-sim report scenarios/historical.yaml -o out/congress.html
      congress-sim report scenarios/whatif/no-walkout.yaml --compare scenarios/historical.yaml -o out/no-walkout.html
    """
    from pathlib import Path

    from congress_sim.drivers.engine import simulate
    from congress_sim.language.load import load
    from congress_sim.publish.report import write

    target = path if path is not None else Path(scenario).stem + ".html"
    other = simulate(load(base), seed) if base else None
    echo(str(write(simulate(load(scenario, sets), seed), target, other, force)))


@cli.command(short_help="Print the JSON Schema of scenarios (or of records).")
@click.option("--record", is_flag=True, help="The schema of record files instead of scenarios.")
def schema(record: bool) -> None:
    """Print the JSON Schema of the scenario language (for editors: completion and checks).

    It is made from the models of the version installed: write it into the folder of your
    scenarios, and point the editor at it from each file's first line, e.g.
    `# yaml-language-server: $schema=schema/scenario.schema.json`.

    \b
    Examples:
      congress-sim schema > schema/scenario.schema.json
      congress-sim schema --record > schema/record.schema.json
    """
    from congress_sim.publish.schema import dumps, record_schema, scenario_schema

    echo(dumps(record_schema() if record else scenario_schema()), nl=False)


def main() -> None:
    """Entry point of the ``congress-sim`` command."""
    global _PROCESS_ENDS
    _PROCESS_ENDS = True
    try:
        sys.exit(cli.main(prog_name="congress-sim", standalone_mode=True))
    finally:
        # the interpreter collects cycles once more as it exits, over the whole heap, whether the
        # collector is paused or not; the process ends here, and its memory goes back without that
        gc.freeze()


if __name__ == "__main__":  # pragma: no cover
    main()
