"""The command line: a thin shell over the library. Only this module imports click."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from . import __version__
from .errors import CongressSimError

SEED = click.option("--seed", type=int, default=None, help="Seed for a stochastic replay (default: deterministic).")
SET = click.option("--set", "sets", multiple=True, metavar="PATH=VALUE",
                   help="Change the scenario, as a what-if's `set:` does (repeatable), e.g. rules.majority=two_thirds.")


class _Shell(click.Group):
    """Turns the library's errors into one line each on stderr and exit code 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CongressSimError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            for line in str(exc).splitlines():
                click.echo(f"error: {line}", err=True)
            ctx.exit(2)


@click.group(cls=_Shell, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="congress-sim")
@click.option("--debug", is_flag=True, help="Show a traceback instead of a one-line error.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Replay an assembly as a discrete-event simulation, check it against the record, ask what-if.

    \b
    Example:
      congress-sim run scenarios/historical.yaml
    """
    ctx.obj = {"debug": debug}


@cli.command()
@click.argument("scenario", type=click.Path(dir_okay=True))
@SEED
@SET
@click.option("--json", "as_json", is_flag=True, help="Print the replay summary as JSON on stdout.")
@click.option("--out", type=click.Path(), help="Write events.jsonl, attendance.csv, votes.csv, summary.json here.")
@click.option("--force", is_flag=True, help="With --out: replace a directory that is not empty.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors (and --json).")
def run(scenario: str, seed: int | None, sets: tuple[str, ...], as_json: bool, out: str | None, force: bool,
        quiet: bool) -> None:
    """Replay SCENARIO and print its transcript, census, votes and bodies.

    \b
    Examples:
      congress-sim run scenarios/historical.yaml
      congress-sim run scenarios/historical.yaml --seed 7 --json
      congress-sim run scenarios/historical.yaml --out runs/historical
      congress-sim run scenarios/historical.yaml --set protest.probability=0
    """
    from .engine import simulate
    from .load import load
    from .outputs import write_replay
    from .transcript import render

    replay = simulate(load(scenario, sets), seed)
    report = None
    if replay.scenario.record is not None and replay.scenario.primary_source is not None:
        from .check import check as check_replay

        report = check_replay(replay)
    if out:
        written = write_replay(replay, out, force)
        if not quiet and not as_json:
            click.echo(f"wrote {len(written)} files to {out}", err=True)
    if as_json:
        click.echo(replay.to_json())
    elif not quiet:
        click.echo(render(replay))
        if report is not None:
            click.echo(f"\nChecked against {report.source}: {report.summary_line()} (congress-sim check for the table)")


@cli.command()
@click.argument("scenario", type=click.Path(dir_okay=True))
@click.option("--source", help="Check against this source's values (default: the scenario's primary source).")
@SEED
@SET
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per fact.")
def check(scenario: str, source: str | None, seed: int | None, sets: tuple[str, ...], as_json: bool) -> None:
    """Check a replay of SCENARIO against its record, fact by fact.

    Exit code 0 when every fact passes for the source, 1 when any fails, 2 for bad input.

    \b
    Examples:
      congress-sim check scenarios/historical.yaml
      congress-sim check scenarios/historical.yaml --source reed
    """
    from .check import check as check_replay
    from .engine import simulate
    from .load import load
    from .transcript import check_table

    replay = simulate(load(scenario, sets), seed)
    report = check_replay(replay, source=source)
    if as_json:
        click.echo(json.dumps([o.to_dict() for o in report.outcomes], ensure_ascii=False, indent=2))
    else:
        click.echo(check_table(report, replay.scenario.sources))
    sys.exit(0 if report.ok else 1)


@cli.command()
@click.argument("base", type=click.Path(dir_okay=True))
@click.argument("other", type=click.Path(dir_okay=True))
@SEED
@SET
@click.option("--source", help="Compare the facts against this source (default: the base's primary source).")
@click.option("--json", "as_json", is_flag=True, help="Print the comparison as JSON.")
def compare(base: str, other: str, seed: int | None, sets: tuple[str, ...], source: str | None,
            as_json: bool) -> None:
    """Show what differs between replays of BASE and OTHER (a what-if, say).

    Census, each vote's tally and result, the seats of each body, the times of events, and the
    facts of the record that one passes and the other fails. --set applies to OTHER.

    \b
    Examples:
      congress-sim compare scenarios/historical.yaml scenarios/whatif/no-walkout.yaml
      congress-sim compare scenarios/historical.yaml scenarios/historical.yaml --set rules.majority=unanimity
    """
    from .compare import compare as compare_replays
    from .compare import render as render_comparison
    from .engine import simulate
    from .load import load

    result = compare_replays(simulate(load(base), seed), simulate(load(other, sets), seed), source)
    click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) if as_json else render_comparison(result))


@cli.command()
@click.argument("scenario", type=click.Path(dir_okay=True))
@click.option("-o", "--output", help="The file to write (.png, .svg or .pdf); default: SCENARIO's name, .png.")
@click.option("--kind", type=click.Choice(["attendance", "votes", "seats", "all"]), default="attendance",
              show_default=True, help="Which figure; `all` writes one file per kind.")
@click.option("--compare", "others", multiple=True, type=click.Path(dir_okay=True),
              help="Draw another scenario's total against this one (repeatable).")
@click.option("--by", type=click.Choice(["faction", "party"]), default="faction", show_default=True,
              help="Stack delegates by faction or by party.")
@click.option("--body", help="With --kind seats: only this body.")
@SEED
@SET
@click.option("--dpi", type=click.FloatRange(min=10, max=1200), default=150, show_default=True)
@click.option("--width", type=click.FloatRange(min=1, max=100), help="Width in inches.")
@click.option("--height", type=click.FloatRange(min=1, max=100), help="Height in inches.")
@click.option("--title", help="The figure's title.")
@click.option("--force", is_flag=True, help="Replace a file that is already there.")
def plot(scenario: str, output: str | None, kind: str, others: tuple[str, ...], by: str, body: str | None,
         seed: int | None, sets: tuple[str, ...], dpi: float, width: float | None, height: float | None,
         title: str | None, force: bool) -> None:
    """Draw delegates present over time, the votes, or the seats of each body.

    \b
    Examples:
      congress-sim plot scenarios/historical.yaml
      congress-sim plot scenarios/historical.yaml --compare scenarios/whatif/no-walkout.yaml -o walkout.svg
      congress-sim plot scenarios/historical.yaml --kind seats --body cec -o cec.pdf
    """
    from pathlib import Path

    from .engine import simulate
    from .errors import OutputError
    from .load import load
    from .plot import draw, save

    kinds = ["attendance", "votes", "seats"] if kind == "all" else [kind]
    base = Path(output) if output else Path(Path(scenario).stem + ".png")
    paths = {k: base.with_name(f"{base.stem}-{k}{base.suffix}") if len(kinds) > 1 else base for k in kinds}
    for path in paths.values():  # refuse before drawing anything, so that nothing is half done
        if path.exists() and not force:
            raise OutputError(f"{path}: exists; use --force to replace it")
        if path.suffix.lower() not in (".png", ".svg", ".pdf"):
            raise OutputError(f"{path}: give a file ending in .png, .svg or .pdf")
    replay = simulate(load(scenario, sets), seed)
    compare = [simulate(load(o), seed) for o in others]
    for k, path in paths.items():
        size = {key: v for key, v in (("width", width), ("height", height)) if v is not None}
        fig = draw(k, replay, compare=compare, by=by, body=body, title=title, dpi=dpi, **size)
        save(fig, str(path), dpi)
        click.echo(str(path))


def main() -> None:
    """Entry point of the ``congress-sim`` command."""
    sys.exit(cli.main(prog_name="congress-sim", standalone_mode=True))


if __name__ == "__main__":  # pragma: no cover
    main()
