"""The ``digest`` command line: parse options, load config, run the pipeline, map exit codes."""

from __future__ import annotations

import contextlib
import json
import os
import sys
import traceback
from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from digest import config as config_mod
from digest.errors import ConfigError, DigestError, ExitCode
from digest.pipeline import BuildOptions, build, day_stories, story_summary
from digest.render import write_atomic

app = typer.Typer(
    help="Turn a day of AI community chatter into one cited Korean newsletter post.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

ConfigOption = Annotated[
    Path,
    typer.Option("--config", "-c", help="The configuration file.", show_default=True),
]
DayOption = Annotated[
    str | None,
    typer.Option("--date", "-d", help="The post's date, YYYY-MM-DD (default: today, local)."),
]
DebugOption = Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]


def _parse_date(value: str | None, settings: config_mod.Settings) -> date:
    if value is None:
        return datetime.now(settings.config.tz).date()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"--date {value!r} is not a date", "write it as YYYY-MM-DD") from None


def _parse_moment(value: str | None, option: str, settings: config_mod.Settings) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ConfigError(
            f"{option} {value!r} is not a date and time",
            "write it as 2024-05-03T06:00 (local time) or with an offset, 2024-05-03T06:00+09:00",
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=settings.config.tz)


def _posts_dir(settings: config_mod.Settings, out: Path | None, site: Path | None) -> Path:
    """Where posts go: ``--out``, else ``--site`` and the site's posts folder, else the config."""
    if out is not None and site is not None:
        raise ConfigError("give --out or --site, not both", "--site PATH writes into a site")
    if out is not None:
        return out
    if site is not None:
        if not site.is_dir():
            raise ConfigError(
                f"--site {site} is not a folder", "give the root folder of your Gatsby or Hugo site"
            )
        return site / settings.config.output.posts_folder
    return settings.resolve(settings.config.output.dir)


def _fail(exc: BaseException, debug: bool, console: Console) -> typer.Exit:
    if debug:
        traceback.print_exception(exc, file=sys.stderr)
    if isinstance(exc, DigestError):
        console.print(f"[bold red]Error:[/] {exc}", highlight=False, markup=True)
        return typer.Exit(int(exc.exit_code))
    console.print(
        f"[bold red]Error:[/] unexpected {type(exc).__name__}: {exc}\n"
        "  → run again with --debug for the traceback, and report it",
        highlight=False,
    )
    return typer.Exit(int(ExitCode.ERROR))


def _failure_report(path: Path | None, exc: BaseException, day: str) -> None:
    """Write ``--report-json`` for a build that failed: the pipeline's report when it made one,
    else one with the date, the exit code and the error (a cron job never reads a stale one)."""
    if path is None:
        return
    from digest.report import RunReport

    report = exc.report if isinstance(exc, DigestError) else None
    if report is None:
        code = exc.exit_code if isinstance(exc, DigestError) else ExitCode.ERROR
        report = RunReport(date=day, since="", until="", exit_code=int(code))
    if isinstance(exc, DigestError):
        report.error = " ".join(exc.message.split())
    else:
        report.error = f"unexpected {type(exc).__name__}: {' '.join(str(exc).split())}"[:500]
    if str(path) == "-":
        typer.echo(report.to_json())
        return
    with contextlib.suppress(DigestError):  # the build's own error is the one to show
        write_atomic(path, report.to_json() + "\n")


@app.command("build")
def build_command(
    config_path: ConfigOption = Path("sources.yaml"),
    day: DayOption = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Write posts here (default: output.dir in the config)."),
    ] = None,
    site: Annotated[
        Path | None,
        typer.Option(
            help="Write straight into this Gatsby or Hugo site (contents/posts or content/posts, "
            "by output.site)."
        ),
    ] = None,
    report_json: Annotated[
        Path | None,
        typer.Option(help="Also write the run report as JSON here ('-' for standard output)."),
    ] = None,
    lock_wait: Annotated[
        float, typer.Option(help="Seconds to wait for another run on the same state folder.")
    ] = 30.0,
    since: Annotated[
        str | None, typer.Option(help="Start of the window, ISO time (overrides the config).")
    ] = None,
    until: Annotated[
        str | None, typer.Option(help="End of the window, ISO time (overrides the config).")
    ] = None,
    refetch: Annotated[
        bool, typer.Option("--refetch", help="Fetch every source again, ignoring the archive.")
    ] = False,
    no_llm: Annotated[
        bool, typer.Option("--no-llm", help="Write extractively, without the language model.")
    ] = False,
    templates: Annotated[
        Path | None,
        typer.Option(help="Folder of template overrides (default: templates/ by the config)."),
    ] = None,
    batch: Annotated[
        bool,
        typer.Option(
            "--batch",
            help="Send the story calls through OpenAI's Batch API (half price; for posts "
            "built the night before). A rerun picks up a batch still running.",
        ),
    ] = False,
    batch_wait: Annotated[
        float, typer.Option(help="Minutes to wait for the batch before leaving it running.")
    ] = 30.0,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print only errors and the post's path.")
    ] = False,
    debug: DebugOption = False,
) -> None:
    """Fetch the day's sources and write its post. Prints the post's path."""
    err = Console(stderr=True, highlight=False)
    options: BuildOptions | None = None
    try:
        settings = config_mod.load(config_path)
        options = BuildOptions(
            day=_parse_date(day, settings),
            out_dir=_posts_dir(settings, out, site),
            since=_parse_moment(since, "--since", settings),
            until=_parse_moment(until, "--until", settings),
            refetch=refetch,
            no_llm=no_llm,
            templates_dir=templates if templates is not None else settings.base_dir / "templates",
            batch=batch,
            batch_wait=max(batch_wait, 0.0) * 60,
            lock_wait=max(lock_wait, 0.0),
        )
        report = build(settings, options, console=Console(stderr=True, quiet=quiet))
    except Exception as exc:
        when = options.day.isoformat() if options is not None else day or ""
        _failure_report(report_json, exc, when)
        raise _fail(exc, debug, err) from None
    if not quiet:
        report.print(err)
    for failed in report.failed_sources:
        if quiet:
            err.print(f"[yellow]warning:[/] source {failed.name} failed: {failed.error}")
    if report_json is not None:
        if str(report_json) == "-":
            typer.echo(report.to_json())
        else:
            try:
                write_atomic(report_json, report.to_json() + "\n")
            except DigestError as exc:
                raise _fail(exc, debug, err) from None
    if report.post and str(report_json) != "-":
        typer.echo(report.post)
    elif not report.post and not quiet:
        err.print("no post was written")
    raise typer.Exit(report.exit_code)


@app.command("stories")
def stories_command(
    config_path: ConfigOption = Path("sources.yaml"),
    day: DayOption = None,
    as_json: JsonOption = False,
    limit: Annotated[int, typer.Option(help="Show at most this many stories.")] = 30,
    debug: DebugOption = False,
) -> None:
    """Show the day's stories from the archive, ranked, with what their scores are made of.

    Size is distinct posts + copies folded into them (retweets, cross-posts). Novelty says
    whether an earlier post covered the story: new, follow-up (new material) or repeat (left
    out of the post).
    """
    err = Console(stderr=True, highlight=False)
    try:
        settings = config_mod.load(config_path)
        when = _parse_date(day, settings)
        stories = day_stories(settings, when)
    except (DigestError, OSError) as exc:
        raise _fail(exc, debug, err) from None
    if not stories:
        err.print(
            f"no archived items in the window of {when.isoformat()}: "
            f"run `digest build --date {when.isoformat()}` first"
        )
        raise typer.Exit(int(ExitCode.NOTHING))
    shown = stories[:limit]
    if as_json:
        typer.echo(
            json.dumps(
                [story_summary(s, rank) for rank, s in enumerate(shown, 1)],
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    table = Table(title=f"Stories for {when.isoformat()} ({len(stories)} in all)")
    for column in ("rank", "score", "size", "sources", "title", "novelty", "score parts"):
        table.add_column(column, justify="right" if column in ("rank", "score", "size") else "left")
    for rank, story in enumerate(shown, 1):
        lead = story.lead
        parts = " · ".join(f"{k} {v:.1f}" for k, v in story.breakdown.items() if v)
        size = (
            f"{len(story.items)}+{story.duplicates}" if story.duplicates else str(len(story.items))
        )
        style = {"repeat": "dim", "follow-up": "yellow"}.get(story.novelty, "")
        novelty = story.novelty + (f" ({story.why})" if story.why else "")
        table.add_row(
            str(rank),
            f"{story.score:.2f}",
            size,
            ", ".join(story.sources()),
            " ".join((lead.title or lead.text).split())[:100],
            f"[{style}]{novelty}[/]" if style else novelty,
            parts,
        )
    Console(highlight=False).print(table)


@app.command("eval")
def eval_command(
    config_path: ConfigOption = Path("sources.yaml"),
    day: DayOption = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Where the post was written (as for build)."),
    ] = None,
    site: Annotated[
        Path | None, typer.Option(help="The site the post was written into (as for build).")
    ] = None,
    as_json: JsonOption = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print only what fails (for cron).")
    ] = False,
    debug: DebugOption = False,
) -> None:
    """Score a built post against its archive; exit 5 when a figure is below the `eval` bounds.

    Valid citations, statements with numbers or names their items do not state, coverage of
    the day's top stories, sentences copied from earlier posts, Hangul share, 합니다체 endings
    and the run's cost.
    """
    from digest.evaluate import evaluate

    err = Console(stderr=True, highlight=False)
    try:
        settings = config_mod.load(config_path)
        when = _parse_date(day, settings)
        result = evaluate(settings, when, _posts_dir(settings, out, site))
    except (DigestError, OSError) as exc:
        raise _fail(exc, debug, err) from None
    if as_json:
        typer.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        raise typer.Exit(result.exit_code)
    table = Table(title=f"Evaluation of the post for {result.date} ({result.writer})")
    for column in ("check", "value", "bound", "", "detail"):
        table.add_column(column, justify="right" if column in ("value", "bound") else "left")
    for m in result.metrics:
        money = m.name.startswith("cost")
        value = "-" if m.value is None else (f"${m.value:.4f}" if money else f"{m.value:.0%}")
        if m.threshold is None:
            bound = "-"
        else:
            shown = f"${m.threshold:.4f}" if money else f"{m.threshold:.0%}"
            bound = ("≥ " if m.higher_is_better else "≤ ") + shown
        mark = "[green]ok[/]" if m.ok else "[red]below[/]"
        table.add_row(m.name, value, bound, mark, escape(m.detail))
        if quiet and not m.ok:
            err.print(f"[red]below:[/] {m.name} {value} (bound {bound}) {escape(m.detail)}")
    if not quiet:
        Console(highlight=False).print(table)
    for line in result.flagged[:20]:
        err.print(f"[yellow]flagged:[/] {escape(line)}")
    if not result.passed:
        err.print("the post is below the `eval` bounds in the config: hold it back")
    raise typer.Exit(result.exit_code)


@app.command("doctor")
def doctor_command(
    config_path: ConfigOption = Path("sources.yaml"),
    debug: DebugOption = False,
) -> None:
    """Check the setup: folders, environment variables, each source and the model server.

    Each source is reached with its smallest call; secrets are reported as set or missing,
    never shown. Exits 1 when something must be fixed.
    """
    from digest.doctor import Check, diagnose

    err = Console(stderr=True, highlight=False)
    try:
        settings = config_mod.load(config_path)
    except DigestError as exc:
        checks = [Check("config", str(config_path), "fail", str(exc).replace("\n", " "))]
    except OSError as exc:
        raise _fail(exc, debug, err) from None
    else:
        checks = [
            Check("config", str(config_path), "ok", f"{len(settings.config.sources)} sources")
        ]
        try:
            checks += diagnose(settings)
        except Exception as exc:
            raise _fail(exc, debug, err) from None
    table = Table(title="digest doctor")
    for column in ("area", "check", "status", "detail / what to do"):
        table.add_column(column)
    for check in checks:
        style = {"ok": "green", "fail": "bold red", "skip": "dim"}[check.status]
        table.add_row(
            escape(check.area), escape(check.check), f"[{style}]{check.status}[/]",
            escape(check.detail),
        )  # fmt: skip
    Console(highlight=False).print(table)
    failed = [c for c in checks if c.status == "fail"]
    if failed:
        err.print(f"{len(failed)} problem(s) to fix before the next build")
        raise typer.Exit(int(ExitCode.ERROR))
    err.print("everything needed for a build works")


@app.command("preview")
def preview_command(
    config_path: ConfigOption = Path("sources.yaml"),
    day: DayOption = None,
    site: Annotated[
        Path | None,
        typer.Option(help="Your own Hugo site to preview in (default: a small bundled one)."),
    ] = None,
    port: Annotated[int, typer.Option(help="The port to serve on (127.0.0.1).")] = 1313,
    serve: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Serve it, or only build the HTML.")
    ] = True,
    debug: DebugOption = False,
) -> None:
    """Show a built post as a reader sees it: built by Hugo and served on localhost.

    The post comes from the last `digest build` for the date. With --no-serve the HTML is
    built (Hugo warnings are errors) and its path printed.
    """
    from digest import preview as preview_mod

    err = Console(stderr=True, highlight=False)
    try:
        settings = config_mod.load(config_path)
        placed = preview_mod.place(settings, _parse_date(day, settings), site)
        html, seconds = preview_mod.build_html(placed)
    except (DigestError, OSError) as exc:
        raise _fail(exc, debug, err) from None
    err.print(f"Hugo built {placed.post.relative_to(placed.site)} in {seconds:.2f} s")
    if not serve:
        typer.echo(str(html))
        return
    server = preview_mod.serve(placed, port)
    typer.echo(f"http://127.0.0.1:{port}{placed.path}")
    err.print("serving; press Ctrl+C to stop")
    try:
        raise typer.Exit(server.wait())
    except KeyboardInterrupt:
        server.terminate()
        server.wait(timeout=10)


@app.command("version")
def version_command() -> None:
    """Print the version."""
    from importlib.metadata import version

    typer.echo(version("digest"))


def main() -> None:
    """Entry point of the ``digest`` script."""
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    app()
