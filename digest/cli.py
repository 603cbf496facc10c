"""The ``digest`` command line: parse options, load config, run the pipeline, map exit codes.

Errors become messages and exit codes in one place, ``DigestCommands.main``, which the
``digest`` script and in-process test runners both go through (it lives in
``digest.clierrors``; the shared options and their parsing in ``digest.cliopts``). Importing
this module is cheap (typer and the error types): each command imports the config, the
pipeline and rich itself, so ``digest --help`` and ``digest version`` answer at once. Option
values are read in plain Python (``digest.clitypes``), not by pydantic adapters.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated

import typer

from digest.clierrors import DigestCommand, DigestCommands, failure_report
from digest.cliopts import (
    ConfigOption,
    DayOption,
    DebugOption,
    JsonOption,
    console,
    load_settings,
    parse_date,
    parse_moment,
    posts_dir,
)
from digest.errors import DigestError, ExitCode

app = typer.Typer(
    cls=DigestCommands,
    help="Turn a day of AI community chatter into one cited Korean newsletter post.",
    add_completion=True,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # Plain help (as click prints it): paragraphs rewrapped, no type noise after flags, and
    # no rich import for --help.
    rich_markup_mode=None,
)


def _show_version(value: bool) -> bool:
    if value:
        from importlib.metadata import version

        typer.echo(f"digest {version('digest')}")
        raise typer.Exit()
    return value


@app.callback()
def _group(
    show_version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            help="Print the version and exit.",
            callback=_show_version,
            is_eager=True,
        ),
    ] = False,
) -> None:
    """Turn a day of AI community chatter into one cited Korean newsletter post."""


@app.command("build", cls=DigestCommand)
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
        bool,
        typer.Option("--refetch", help="Fetch every source again (unchanged feeds answer 304)."),
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

    from digest.pipeline import BuildOptions, build

    options: BuildOptions | None = None
    try:
        settings = load_settings(config_path)
        options = BuildOptions(
            day=parse_date(day, settings),
            out_dir=posts_dir(settings, out, site),
            since=parse_moment(since, "--since", settings),
            until=parse_moment(until, "--until", settings),
            refetch=refetch,
            no_llm=no_llm,
            templates_dir=templates if templates is not None else settings.base_dir / "templates",
            batch=batch,
            batch_wait=max(batch_wait, 0.0) * 60,
            lock_wait=max(lock_wait, 0.0),
        )
        # Quiet: no console at all, so a quiet build does not import rich for nothing.
        report = build(settings, options, console=None if quiet else console(stderr=True))
    except Exception as exc:
        # A cron job reading --report-json must never read yesterday's report.
        failure_report(report_json, exc, options.day.isoformat() if options else day or "")
        raise
    if not quiet:
        report.print(console(stderr=True))
    for failed in report.failed_sources:
        if quiet:
            console(stderr=True).print(
                f"[yellow]warning:[/] source {failed.name} failed: {failed.error}"
            )
    if report_json is not None:
        if str(report_json) == "-":
            typer.echo(report.to_json())
        else:
            from digest.state import write_atomic

            write_atomic(report_json, report.to_json() + "\n")
    if report.post and str(report_json) != "-":
        typer.echo(report.post)
    elif not report.post and not quiet:
        console(stderr=True).print("no post was written")
    raise typer.Exit(report.exit_code)


@app.command("stories", cls=DigestCommand)
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
    from rich.table import Table

    from digest.day import day_stories, story_summary

    err = console(stderr=True)
    settings = load_settings(config_path)
    when = parse_date(day, settings)
    stories = day_stories(settings, when)
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
        table.add_column(
            column,
            justify="right" if column in ("rank", "score", "size") else "left",
            overflow="fold",
        )
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
    console().print(table)


@app.command("eval", cls=DigestCommand)
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
    from rich.markup import escape
    from rich.table import Table

    from digest.evaluate import evaluate

    err = console(stderr=True)
    settings = load_settings(config_path)
    when = parse_date(day, settings)
    result = evaluate(settings, when, posts_dir(settings, out, site))
    if as_json:
        typer.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        raise typer.Exit(result.exit_code)
    table = Table(title=f"Evaluation of the post for {result.date} ({result.writer})")
    for column in ("check", "value", "bound", "", "detail"):
        table.add_column(
            column, justify="right" if column in ("value", "bound") else "left", overflow="fold"
        )
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
        console().print(table)
    for line in result.flagged[:20]:
        err.print(f"[yellow]flagged:[/] {escape(line)}")
    if not result.passed:
        err.print("the post is below the `eval` bounds in the config: hold it back")
    raise typer.Exit(result.exit_code)


@app.command("doctor", cls=DigestCommand)
def doctor_command(
    config_path: ConfigOption = Path("sources.yaml"),
    debug: DebugOption = False,
) -> None:
    """Check the setup: folders, environment variables, each source and the model server.

    Each source is reached with its smallest call; secrets are reported as set or missing,
    never shown. Exits 1 when something must be fixed.
    """
    from rich.markup import escape
    from rich.table import Table

    from digest.doctor import Check, diagnose

    err = console(stderr=True)
    try:
        settings = load_settings(config_path)
    except DigestError as exc:
        checks = [Check("config", str(config_path), "fail", str(exc).replace("\n", " "))]
    else:
        checks = [
            Check("config", str(config_path), "ok", f"{len(settings.config.sources)} sources")
        ]
        checks += diagnose(settings)
    table = Table(title="digest doctor")
    for column in ("area", "check", "status", "detail / what to do"):
        table.add_column(column, overflow="fold")
    for check in checks:
        style = {"ok": "green", "fail": "bold red", "skip": "dim"}[check.status]
        table.add_row(
            escape(check.area), escape(check.check), f"[{style}]{check.status}[/]",
            escape(check.detail),
        )  # fmt: skip
    console().print(table)
    failed = [c for c in checks if c.status == "fail"]
    if failed:
        err.print(f"{len(failed)} problem(s) to fix before the next build")
        raise typer.Exit(int(ExitCode.ERROR))
    err.print("everything needed for a build works")


@app.command("preview", cls=DigestCommand)
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

    The post comes from the last `digest build` for the date. With --site your Hugo site is
    copied into the state folder and the post placed in the copy: your site is not written.
    Warnings about the post are errors; the theme's own warnings are shown. With --no-serve
    the HTML is built and its path printed. The preview is Hugo only: for a Gatsby or Jekyll
    site it shows the same post body as Hugo renders it.
    """
    from rich.markup import escape

    from digest import preview as preview_mod

    err = console(stderr=True)
    if serve:
        preview_mod.check_port(port)
    settings = load_settings(config_path)
    placed = preview_mod.place(settings, parse_date(day, settings), site)
    built = preview_mod.build_html(placed)
    if note := preview_mod.profile_note(settings):
        err.print(f"note: {escape(note)}", soft_wrap=True)
    for warning in built.warnings:
        err.print(f"[yellow]theme warning:[/] {escape(warning)}", soft_wrap=True)
    err.print(f"Hugo built {placed.post.relative_to(placed.site)} in {built.seconds:.2f} s")
    if not serve:
        typer.echo(str(built.html))
        return
    preview_mod.check_port(port)
    server = preview_mod.serve(placed, port)
    typer.echo(f"http://127.0.0.1:{port}{placed.path}")
    err.print("serving; press Ctrl+C to stop")
    raise typer.Exit(preview_mod.wait_serving(server))


@app.command("version", cls=DigestCommand)
def version_command(debug: DebugOption = False) -> None:
    """Print the version."""
    from importlib.metadata import version

    typer.echo(version("digest"))


def main() -> None:
    """Entry point of the ``digest`` script."""
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    app(prog_name="digest")
