"""The pipeline: fetch → archive → stories → write → render, with a report of it all."""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import openai
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from digest.archive import Archive
from digest.batch import run_batch
from digest.config import Config, Settings, window_for
from digest.errors import DigestError, ExitCode
from digest.http import FetchSettings, make_client
from digest.llm import StructuredLLM
from digest.llm import make_client as make_llm_client
from digest.models import Digest, Item, Story, Window
from digest.quality import Glossary
from digest.render import Site, Stamp, existing_date, render_post, write_atomic
from digest.report import RunReport, SourceResult
from digest.runlock import LOG, run_lock, setup_log
from digest.sources import FetchContext, SourceBase
from digest.stories import Thresholds, build_stories
from digest.stories.novelty import Fingerprint, fingerprint, mark_novelty
from digest.writer import LLMWriter, StoryNotes, write_extractive


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


def fetch_settings(settings: Settings) -> FetchSettings:
    """Network settings from the config."""
    f = settings.config.fetch
    return FetchSettings(
        timeout=f.timeout, max_bytes=f.max_bytes, retries=f.retries, user_agent=f.user_agent
    )


def fetch_sources(
    settings: Settings,
    archive: Archive,
    window: Window,
    *,
    now: datetime,
    refetch: bool,
    on_done: Callable[[SourceResult], None] | None = None,
) -> list[SourceResult]:
    """Fetch every enabled source concurrently into the archive; a failure stops no other."""
    config = settings.config
    net = fetch_settings(settings)
    results: dict[str, SourceResult] = {}
    todo: list[SourceBase] = []
    for source in config.sources:
        if not source.enabled:
            results[source.name] = SourceResult(source.name, source.type, "disabled")
            continue
        last = archive.last_good_fetch(source.name)
        if not refetch and last is not None and last >= window.until:
            # Fetched after the window closed: everything in it is archived already.
            results[source.name] = SourceResult(source.name, source.type, "cached")
            if on_done:
                on_done(results[source.name])
            continue
        todo.append(source)

    with make_client(net) as client:
        ctx = FetchContext(
            client=client,
            settings=net,
            archive=archive,
            window=window,
            base_dir=settings.base_dir,
            now=now,
            refetch=refetch,
        )

        def run(source: SourceBase) -> SourceResult:
            started = time.monotonic()
            own = replace(ctx, unchanged=[], notes=[], skipped=Counter())
            try:
                items = source.fetch(own)
                archive.put_items(items, now)
            except DigestError as exc:
                result = SourceResult(source.name, source.type, "failed", error=_one_line(str(exc)))
            except Exception as exc:  # a bug in one source must not stop the others
                result = SourceResult(
                    source.name,
                    source.type,
                    "failed",
                    error=f"unexpected {type(exc).__name__}: {_one_line(str(exc))[:200]}",
                )
            else:
                status = "not-modified" if own.unchanged and not items else "ok"
                result = SourceResult(source.name, source.type, status, fetched=len(items))
            result.notes = list(own.notes)
            result.skipped = {k: n for k, n in own.skipped.most_common() if n > 0}
            result.seconds = round(time.monotonic() - started, 3)
            archive.record_source_run(
                source.name, now, result.status != "failed", result.fetched, result.error
            )
            return result

        with ThreadPoolExecutor(max_workers=config.fetch.concurrency) as pool:
            futures = [pool.submit(run, s) for s in todo]
            for future in as_completed(futures):
                result = future.result()
                results[result.name] = result
                if on_done:
                    on_done(result)
    return [results[s.name] for s in config.sources]


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
    raises ``Busy``); every run is logged to ``<state_dir>/logs/digest.log``.
    """
    setup_log(settings.state_dir)
    LOG.info("build %s started (config %s)", options.day.isoformat(), settings.path)
    try:
        with run_lock(settings.state_dir, wait=options.lock_wait):
            report = _build(settings, options, console=console, llm_client=llm_client)
    except DigestError as exc:
        LOG.error("build %s failed: %s", options.day.isoformat(), _one_line(str(exc)))
        raise
    except Exception:
        LOG.exception("build %s crashed", options.day.isoformat())
        raise
    for source in report.sources:
        LOG.info(
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
    return report


def _build(
    settings: Settings,
    options: BuildOptions,
    *,
    console: Console | None = None,
    llm_client: openai.OpenAI | None = None,
) -> RunReport:
    started = time.monotonic()
    config = settings.config
    console = console or Console(stderr=True, quiet=True)
    now = options.now or datetime.now(UTC)
    window = window_for(config, options.day)
    if options.since or options.until:
        window = Window(options.since or window.since, options.until or window.until)
    if window.since >= window.until:
        raise DigestError(
            f"the window is empty: {window.since.isoformat()} is not before "
            f"{window.until.isoformat()}",
            "check --since/--until",
        )
    tz = config.tz
    report = RunReport(
        date=options.day.isoformat(),
        since=window.since.astimezone(tz).isoformat(timespec="minutes"),
        until=window.until.astimezone(tz).isoformat(timespec="minutes"),
    )
    with Archive(settings.archive_path) as archive:
        enabled = [s for s in config.sources if s.enabled]
        with Progress(
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=console,
            transient=True,
        ) as progress:
            task = progress.add_task("fetching sources", total=len(enabled))

            def done(result: SourceResult) -> None:
                progress.advance(task)

            report.sources = fetch_sources(
                settings, archive, window, now=now, refetch=options.refetch, on_done=done
            )
        report.items_fetched = sum(s.fetched for s in report.sources)
        items = archive.items_between(window.since, window.until, [s.name for s in enabled])
        per_source: dict[str, int] = {}
        for item in items:
            per_source[item.source] = per_source.get(item.source, 0) + 1
        for result in report.sources:
            result.in_window = per_source.get(result.name, 0)
        report.items_in_window = len(items)
        failed = report.failed_sources

        if not items:
            report.exit_code = int(
                ExitCode.ERROR if enabled and len(failed) == len(enabled) else ExitCode.NOTHING
            )
            report.warnings.append("no items in the window: no post was written")
            return _finish(report, settings, started)

        stories = ranked_stories(settings, archive, items, options.day, window)
        report.stories = len(stories)
        report.copies = sum(s.duplicates for s in stories)
        report.follow_ups = sum(s.novelty == "follow-up" for s in stories)
        report.repeats = sum(s.novelty == "repeat" for s in stories)
        fresh = [
            s
            for s in stories
            if s.novelty == "new" or (s.novelty == "follow-up" and config.stories.follow_ups)
        ]
        if stories and not fresh:
            report.exit_code = int(ExitCode.NOTHING)
            report.warnings.append("every story was covered by an earlier post: no post")
            return _finish(report, settings, started)
        try:
            digest, stats_dict = _write(
                settings, options, archive, fresh, report, llm_client, console
            )
        except DigestError as exc:
            report.exit_code = int(exc.exit_code)
            report.warnings.append(f"no post was written: {_one_line(exc.message)}")
            _finish(report, settings, started)
            raise
        report.dropped = stats_dict
        if not digest.preview and not digest.overview:
            report.exit_code = int(ExitCode.NOTHING)
            report.warnings.append("nothing could be written with a source link: no post")
            return _finish(report, settings, started)

        slug = config.output.slug.format(date=options.day.isoformat())
        path = options.out_dir / slug / "index.md"
        output = config.output
        site = Site(
            kind=output.site,
            slug=slug,
            series=output.series,
            categories=tuple(output.categories),
            draft=output.draft,
        )
        created = existing_date(path, output.site) if path.exists() else None
        if output.site == "hugo":
            # The post's date is the end of its window, so it is never in the future.
            first: Stamp = window.until.astimezone(tz).replace(microsecond=0)
            updated: Stamp = now.astimezone(tz).replace(microsecond=0)
        else:
            first, updated = options.day, now.astimezone(tz).date()
        text = render_post(
            digest,
            created=created or first,
            updated=updated,
            template=config.output.template,
            user_templates=options.templates_dir,
            site=site,
        )
        write_atomic(path, text)
        write_atomic(
            digest_path(settings, options.day),
            json.dumps(digest.model_dump(mode="json"), ensure_ascii=False, indent=1) + "\n",
        )
        archive.record_post(
            date=options.day.isoformat(),
            slug=slug,
            path=str(path),
            built_at=now,
            item_keys=digest.cited_keys(),
            story_ids=[s.id for s in fresh[: config.output.max_stories]],
            digest=digest.model_dump(mode="json"),
        )
        cited = set(digest.cited_keys())
        archive.record_coverage(
            options.day.isoformat(),
            [
                fingerprint(s, options.day.isoformat()).to_json()
                for s in fresh
                if any(i.key in cited for i in s.all_items())
            ],
        )
        report.post = str(path)
        report.exit_code = int(ExitCode.PARTIAL if failed else ExitCode.OK)
    return _finish(report, settings, started)


def _write(
    settings: Settings,
    options: BuildOptions,
    archive: Archive,
    stories: list[Story],
    report: RunReport,
    llm_client: openai.OpenAI | None,
    console: Console | None = None,
) -> tuple[Digest, dict[str, object]]:
    config = settings.config
    day = options.day.isoformat()
    if config.llm is None or options.no_llm:
        report.writer = "extractive"
        report.warnings.append(
            "no LLM was used: the post is extracted from the sources' own text"
            + (" (--no-llm)" if options.no_llm else " (no llm section in the config)")
        )
        digest, stats = write_extractive(stories, day, config.output)
        return digest, stats.as_dict()
    client = llm_client or make_llm_client(config.llm)
    llm = StructuredLLM(config.llm, archive, client)
    glossary = Glossary.load(settings.resolve(config.llm.glossary) if config.llm.glossary else None)
    writer = LLMWriter(
        llm,
        config.llm,
        config.output,
        template_dirs=[options.templates_dir] if options.templates_dir else [],
        glossary=glossary,
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
                progress=lambda done, total: (
                    console.print(f"batch: {done}/{total} story calls answered")
                    if console is not None
                    else None
                ),
            )
            report.batch = asdict(result)
        digest, stats = writer.write(stories, day, earlier=earlier_sentences(archive, day, config))
    finally:
        report.llm = llm.usage.as_dict()
        report.llm["cost_usd"] = llm.usage.cost(dict(config.llm.prices))
    if stats.compose_fallback:
        report.warnings.append("the composing call failed: the post was assembled from notes")
    return digest, stats.as_dict()


def digest_path(settings: Settings, day: date) -> Path:
    """Where a build saves the day's digest (what ``eval`` and ``preview`` read back)."""
    return settings.state_dir / "digests" / f"{day.isoformat()}.json"


def saved_digest(settings: Settings, day: date) -> Digest:
    """The digest the last build for ``day`` saved; a clear error when there is none."""
    path = digest_path(settings, day)
    if not path.is_file():
        raise DigestError(
            f"no post was built for {day.isoformat()} (looked for {path})",
            f"run `digest build --date {day.isoformat()}` with the same --config first",
        )
    return Digest.model_validate_json(path.read_text(encoding="utf-8"))


def earlier_sentences(archive: Archive, day: str, config: Config) -> list[str]:
    """Every sentence of the posts in the look-back window before ``day`` (not to be copied)."""
    out: list[str] = []
    for post in archive.posts_before(day, limit=max(config.stories.lookback_days, 1)):
        data = post.digest
        out += [data.get("intro", ""), data.get("viewpoint", ""), data.get("description", "")]
        for section in [*data.get("preview", []), *data.get("overview", [])]:
            out += [b.get("text", "") for b in section.get("bullets", [])]
    return [s for s in out if s]


def _finish(report: RunReport, settings: Settings, started: float) -> RunReport:
    report.seconds = round(time.monotonic() - started, 3)
    report.save(settings.state_dir / "reports")
    return report


def ranked_stories(
    settings: Settings, archive: Archive, items: list[Item], day: date, window: Window
) -> list[Story]:
    """The day's stories, ranked and checked against the posts of the look-back window."""
    config = settings.config
    stories = build_stories(
        items,
        until=window.until,
        weights={s.name: s.weight for s in config.sources},
        thresholds=Thresholds(
            text=config.stories.text_similarity, names=config.stories.name_similarity
        ),
    )
    first = (day - timedelta(days=config.stories.lookback_days)).isoformat()
    history = [Fingerprint.from_json(f) for f in archive.coverage_between(first, day.isoformat())]
    return mark_novelty(stories, history)


def day_stories(settings: Settings, day: date) -> list[Story]:
    """The ranked stories of a day, from the archive alone (nothing is fetched)."""
    config = settings.config
    window = window_for(config, day)
    enabled = [s.name for s in config.sources if s.enabled]
    if not settings.archive_path.exists():
        return []
    with Archive(settings.archive_path) as archive:
        items = archive.items_between(window.since, window.until, enabled)
        return ranked_stories(settings, archive, items, day, window)


def story_summary(story: Story, rank: int) -> dict[str, object]:
    """A story as plain data for ``digest stories``."""
    lead = story.lead
    return {
        "rank": rank,
        "id": story.id,
        "score": story.score,
        "breakdown": story.breakdown,
        "items": len(story.items),
        "duplicates": story.duplicates,
        "novelty": story.novelty,
        "seen": story.seen,
        "why": story.why,
        "sources": story.sources(),
        "title": " ".join((lead.title or lead.text).split())[:100],
        "item_keys": [i.key for i in story.all_items()],
        "urls": [i.url for i in story.all_items() if i.url],
    }
