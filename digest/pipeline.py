"""The pipeline: fetch → archive → stories → write → publish, with a report of it all.

``build`` runs the steps of one day's build under the state folder's lock and logs them;
each step is one function below. The stages themselves live in their modules: sources
(``digest.sources``, fetched by ``digest.fetch``), stories (``digest.stories``, ranked by
``digest.day``), the writer, ``publish`` (site profile, render, write), the state folder
(``digest.state``) and a rerun's reuse of the last build (``digest.rerun``).
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from digest.archive import Archive
from digest.config import Settings, window_for
from digest.day import earlier_sentences, late_warnings, ranked_stories, window_items
from digest.errors import DigestError, ExitCode, OutputError, UsageError
from digest.fetch import fetch_sources, unhealthy_sources
from digest.models import Digest, Item, Story, Window
from digest.report import RunReport
from digest.rerun import (
    BuildRecord,
    day_inputs_key,
    record_of,
    reused_figures,
    saved_build,
    updated_stamp,
    worth_keeping,
)
from digest.runlock import LOG, run_lock, setup_log
from digest.sites import Site, site_for
from digest.stories.novelty import fingerprint

if TYPE_CHECKING:
    import openai
    from rich.console import Console


@dataclass
class BuildOptions:
    """How to run one build.

    Attributes:
        day: the post's date.
        out_dir: the folder posts are written to.
        since: overrides the window's start.
        until: overrides the window's end.
        refetch: fetch every source again even if this window was fetched already.
        no_llm: write extractively even when an LLM is configured.
        now: the clock reading (tests pass a fixed one).
        templates_dir: the user's template overrides.
        batch: send the story calls through OpenAI's Batch API (half price, slower).
        batch_wait: seconds to wait for the batch before leaving it for the next run.
        batch_poll: seconds between looks at the batch.
        lock_wait: seconds to wait for another run on the same state folder to finish.
    """

    day: date
    out_dir: Path
    since: datetime | None = None
    until: datetime | None = None
    refetch: bool = False
    no_llm: bool = False
    now: datetime | None = None
    templates_dir: Path | None = None
    batch: bool = False
    batch_wait: float = 1800.0
    batch_poll: float = 15.0
    lock_wait: float = 30.0


def check_writable(folder: Path) -> None:
    """An ``OutputError`` now, before any fetching, when posts cannot be written in ``folder``.

    Nothing is created: the nearest existing folder on the way must be a writable folder.
    """
    existing = folder
    while not existing.exists() and existing.parent != existing:
        existing = existing.parent
    if not existing.is_dir():
        raise OutputError(
            f"cannot write posts in {folder}: {existing} is not a folder",
            "give --out (or --site, output.dir) a folder, or a path where one can be made",
        )
    if not os.access(existing, os.W_OK | os.X_OK):
        raise OutputError(
            f"cannot write posts in {folder}: {existing} is not writable",
            "make it writable, or give --out (or --site, output.dir) another folder",
        )


def _one_line(text: str) -> str:
    return " ".join(text.split())


def build(
    settings: Settings,
    options: BuildOptions,
    *,
    console: Console | None = None,
    llm_client: openai.OpenAI | None = None,
) -> RunReport:
    """Build the post for one day; the report says what happened and the exit code.

    One run at a time per state folder (a second waits ``options.lock_wait`` seconds, then
    raises ``Busy``); every run is logged to the state folder's ``logs/digest.log``.
    """
    state = settings.state
    setup_log(state.log_file)
    LOG.info("build %s started (config %s)", options.day.isoformat(), settings.path)
    try:
        with run_lock(state.lock, wait=options.lock_wait):
            report = _Build(settings, options, console, llm_client).run()
    except DigestError as exc:
        LOG.error("build %s failed: %s", options.day.isoformat(), _one_line(str(exc)))
        raise
    except Exception:
        LOG.exception("build %s crashed", options.day.isoformat())
        raise
    _log_report(report)
    return report


def _log_report(report: RunReport) -> None:
    for source in report.sources:
        LOG.log(
            logging.WARNING if source.status == "failed" else logging.INFO,
            "source %s %s: %d fetched, %d in window%s",
            source.name,
            source.status,
            source.fetched,
            source.in_window,
            f" ({source.error})" if source.error else "",
        )
    if report.llm:
        LOG.info(
            "llm: %s calls, %s cache hits, %s tokens, cost %s",
            report.llm.get("calls"),
            report.llm.get("cache_hits"),
            report.llm.get("total_tokens"),
            report.llm.get("cost_usd"),
        )
    for warning in report.warnings:
        LOG.warning("%s", warning)
    LOG.info(
        "build %s finished: exit %d, post %s, %.2f s",
        report.date,
        report.exit_code,
        report.post or "none",
        report.seconds,
    )


@contextmanager
def _progress(console: Console | None, label: str, total: int) -> Iterator[Callable[[], None]]:
    """A progress bar on ``console`` while the block runs; it yields the step function.

    Shown only on a terminal (transient, it leaves nothing behind): elsewhere rich's
    progress display is not imported at all.
    """
    if console is None or console.quiet or not console.is_terminal:
        yield lambda: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task(label, total=total)
        yield lambda: progress.advance(task)


class _NoPost(Exception):
    """A step found nothing to post; the report says why."""


class _Build:
    """One day's build, step by step; each step fills in the report."""

    def __init__(
        self,
        settings: Settings,
        options: BuildOptions,
        console: Console | None,
        llm_client: openai.OpenAI | None,
    ) -> None:
        self.settings, self.options, self.llm_client = settings, options, llm_client
        self.config = settings.config
        self.state = settings.state
        # None: nothing is shown (and rich is not imported for it).
        self.console = console
        self.now = options.now or datetime.now(UTC)
        self.window = self._window()
        tz = self.config.tz
        self.report = RunReport(
            date=options.day.isoformat(),
            since=self.window.since.astimezone(tz).isoformat(timespec="minutes"),
            until=self.window.until.astimezone(tz).isoformat(timespec="minutes"),
        )
        self.started = time.monotonic()
        self.open_stage: tuple[str, float] | None = None
        self.recorded_story_ids: list[str] = []
        self.recorded_coverage: list[dict[str, Any]] = []
        self.late: dict[str, str] = {}

    def run(self) -> RunReport:
        """Fetch, rank, write and publish; the report of it, saved in the state folder."""
        check_writable(self.options.out_dir)
        try:
            with self.state.open_archive() as archive:
                with self.stage("fetch"):
                    items = self.fetch(archive)
                key = day_inputs_key(self.settings, archive, items, self.window, self.options)
                if self.reuse(archive, key):
                    return self.finish()
                written_from = len(self.report.warnings)
                with self.stage("stories"):
                    stories = self.stories(archive, items)
                with self.stage("write"):
                    digest = self.write(archive, stories)
                with self.stage("render"):
                    self.post(archive, digest, stories)
                    self._remember(archive, key, written_from)
        except _NoPost as nothing:
            self.report.warnings.append(str(nothing))
        return self.finish()

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time one stage into the report, however it ends."""
        self.open_stage = (name, time.monotonic())
        try:
            yield
        finally:
            self._close_stage()

    def _close_stage(self) -> None:
        if self.open_stage is not None:
            name, started = self.open_stage
            # Rounded down, so the stages never add up to more than the run's total.
            elapsed = int((time.monotonic() - started) * 1000) / 1000
            self.report.stages[name] = elapsed
            self.open_stage = None

    def finish(self) -> RunReport:
        """Time the run and save its report."""
        self._close_stage()
        self.report.seconds = round(time.monotonic() - self.started, 3)
        self.state.save_report(self.report)
        return self.report

    def _window(self) -> Window:
        options = self.options
        window = window_for(self.config, options.day)
        if options.since or options.until:
            window = Window(options.since or window.since, options.until or window.until)
        if window.since >= window.until:
            raise UsageError(
                f"the window is empty: {window.since.isoformat()} is not before "
                f"{window.until.isoformat()}",
                "check --since/--until",
            )
        if window.since >= self.now:
            raise UsageError(
                f"--date {options.day.isoformat()} is in the future: its window starts at "
                f"{window.since.astimezone(self.config.tz).isoformat(timespec='minutes')}",
                "give a date whose window has begun (default: today)",
            )
        return window

    def fetch(self, archive: Archive) -> list[Item]:
        """Fetch the sources into the archive; the window's items (none: no post)."""
        report, window = self.report, self.window
        enabled = [s for s in self.config.sources if s.enabled]
        with _progress(self.console, "fetching sources", len(enabled)) as advance:
            report.sources = fetch_sources(
                self.settings,
                archive,
                window,
                now=self.now,
                refetch=self.options.refetch,
                on_done=lambda _result: advance(),
            )
        report.items_fetched = sum(s.fetched for s in report.sources)
        report.warnings += unhealthy_sources(self.settings, archive)
        items, self.late, held = window_items(
            self.config, archive, self.options.day, window, [s.name for s in enabled]
        )
        report.warnings += late_warnings(self.late, held)
        per_source: dict[str, int] = {}
        for item in items:
            per_source[item.source] = per_source.get(item.source, 0) + 1
        for result in report.sources:
            result.in_window = per_source.get(result.name, 0)
        report.items_in_window = len(items)
        if not items:
            every_one_failed = bool(enabled) and len(report.failed_sources) == len(enabled)
            report.exit_code = int(ExitCode.ERROR if every_one_failed else ExitCode.NOTHING)
            if every_one_failed:
                raise _NoPost(
                    f"every source failed ({len(enabled)} of {len(enabled)}): no post was written"
                )
            raise _NoPost("no items in the window: no post was written")
        return items

    def stories(self, archive: Archive, items: list[Item]) -> list[Story]:
        """The day's stories, ranked; the ones to write about (none new: no post)."""
        report, stories_config = self.report, self.config.stories
        stories = ranked_stories(
            self.config, archive, items, self.options.day, self.window, self.state, self.late
        )
        report.stories = len(stories)
        report.copies = sum(s.duplicates for s in stories)
        report.follow_ups = sum(s.novelty == "follow-up" for s in stories)
        report.repeats = sum(s.novelty == "repeat" for s in stories)
        fresh = [
            s
            for s in stories
            if s.novelty == "new" or (s.novelty == "follow-up" and stories_config.follow_ups)
        ]
        if stories and not fresh:
            report.exit_code = int(ExitCode.NOTHING)
            raise _NoPost("every story was covered by an earlier post: no post")
        return fresh

    def write(self, archive: Archive, stories: list[Story]) -> Digest:
        """The digest of the stories (nothing citable: no post)."""
        report = self.report
        try:
            digest, stats = self._write(archive, stories)
        except DigestError as exc:
            report.exit_code = int(exc.exit_code)
            report.warnings.append(f"no post was written: {_one_line(exc.message)}")
            report.error, exc.report = _one_line(exc.message), report
            self.finish()
            raise
        report.dropped = stats
        if not digest.preview and not digest.overview:
            report.exit_code = int(ExitCode.NOTHING)
            raise _NoPost("nothing could be written with a source link: no post")
        return digest

    def _write(self, archive: Archive, stories: list[Story]) -> tuple[Digest, dict[str, object]]:
        config, options, report = self.config, self.options, self.report
        day = options.day.isoformat()
        if config.llm is None or options.no_llm:
            from digest.writer import write_extractive

            report.writer = "extractive"
            report.warnings.append(
                "no LLM was used: the post is extracted from the sources' own text"
                + (" (--no-llm)" if options.no_llm else " (no llm section in the config)")
            )
            digest, stats = write_extractive(stories, day, config.output)
            return digest, stats.as_dict()
        # The LLM client, the writer and the Batch API are imported only for an LLM build.
        from digest.batch import run_batch
        from digest.llm import StructuredLLM
        from digest.llm import make_client as make_llm_client
        from digest.quality import Glossary
        from digest.writer import LLMWriter, StoryNotes

        client = self.llm_client or make_llm_client(config.llm)
        llm = StructuredLLM(config.llm, archive, client)
        glossary_file = config.llm.glossary
        writer = LLMWriter(
            llm,
            config.llm,
            config.output,
            template_dirs=[options.templates_dir] if options.templates_dir else [],
            glossary=Glossary.load(self.settings.resolve(glossary_file) if glossary_file else None),
            candidates=config.writer.candidates,
            bounds=config.eval,
        )
        report.writer = "llm"
        try:
            if options.batch:
                result = run_batch(
                    llm,
                    day,
                    writer.story_requests(stories),
                    StoryNotes,
                    wait=options.batch_wait,
                    poll=options.batch_poll,
                    progress=lambda done, total: self._say(
                        f"batch: {done}/{total} story calls answered"
                    ),
                )
                report.batch = asdict(result)
            earlier = earlier_sentences(self.state, archive, day, config)
            digest, stats = writer.write(stories, day, earlier=earlier)
        finally:
            report.llm = llm.usage.as_dict()
            report.llm["cost_usd"] = llm.usage.cost(dict(config.llm.prices))
        report.warnings += stats.notes  # stories left out and why, inputs cut by a budget
        report.candidates = stats.candidates  # best-of-N: every candidate's scores
        if stats.compose_fallback:
            report.warnings.append("the composing call failed: the post was assembled from notes")
        return digest, stats.as_dict()

    def reuse(self, archive: Archive, key: str) -> bool:
        """Publish the last build's digest again if nothing it depends on changed.

        No clustering and no writing; the post is rendered again only when the file on disk
        is not the one that build wrote or its date stamps moved. False: build as usual.
        """
        saved = saved_build(self.settings, archive, key, self.options.day)
        if saved is None:
            return False
        record, digest = saved
        config, day = self.config, self.options.day
        with self.stage("render"):
            site = site_for(config.output, day)
            path = site.post_path(self.options.out_dir, day)
            updated = updated_stamp(site, day, self.window, self.now, config.tz)
            if not record.unchanged(path, updated):
                path = self._publish(digest, site)
            self._record(archive, digest, site, path, record.story_ids, record.coverage)
            record.republished(archive, day, path, updated)
        reused_figures(self.report, record)
        return True

    def _remember(self, archive: Archive, key: str, written_from: int) -> None:
        """Keep what a rerun with the same inputs may reuse (not after a fallback)."""
        config, day = self.config, self.options.day
        kept = ""
        if worth_keeping(self.report):
            site = site_for(config.output, day)
            updated = updated_stamp(site, day, self.window, self.now, config.tz)
            kept = record_of(
                self.report,
                key,
                updated,
                self.recorded_story_ids,
                self.recorded_coverage,
                written_from,
            ).to_json()
        archive.set_meta(BuildRecord.meta_key(day.isoformat()), kept)

    def _say(self, message: str) -> None:
        if self.console is not None:
            self.console.print(message)

    def _publish(self, digest: Digest, site: Site) -> Path:
        from digest.publish import publish  # jinja2: only when a post is (re)written

        config, day = self.config, self.options.day
        return publish(
            digest,
            site,
            self.options.out_dir,
            day,
            until=self.window.until,
            now=self.now,
            tz=config.tz,
            template=config.output.template,
            user_templates=self.options.templates_dir,
        )

    def _record(
        self,
        archive: Archive,
        digest: Digest,
        site: Site,
        path: Path,
        story_ids: list[str],
        coverage: list[dict[str, Any]],
    ) -> None:
        day = self.options.day
        archive.record_post(
            date=day.isoformat(),
            slug=site.slug,
            path=str(path),
            built_at=self.now,
            item_keys=digest.cited_keys(),
            story_ids=story_ids,
        )
        archive.record_coverage(day.isoformat(), coverage)
        self.recorded_story_ids, self.recorded_coverage = story_ids, coverage
        self.report.post = str(path)
        # A source or a story left out: the post is partial (exit 3).
        partial = self.report.failed_sources or self.report.dropped.get("stories_failed")
        self.report.exit_code = int(ExitCode.PARTIAL if partial else ExitCode.OK)

    def post(self, archive: Archive, digest: Digest, stories: list[Story]) -> None:
        """Publish the post, save its digest, and remember what it cited and covered."""
        config, day = self.config, self.options.day
        site = site_for(config.output, day)
        path = self._publish(digest, site)
        self.state.save_digest(day, digest)
        cited = set(digest.cited_keys())
        self._record(
            archive,
            digest,
            site,
            path,
            [s.id for s in stories[: config.output.max_stories]],
            [
                fingerprint(s, day.isoformat()).to_json()
                for s in stories
                if any(i.key in cited for i in s.all_items())
            ],
        )
