"""Fetching: every enabled source into the archive at once, and the ones that keep failing.

``fetch_sources`` runs each source's fetch in a thread pool; a source fetched after the
window closed is not fetched again (unless ``refetch``), and a failure in one stops no other.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import replace
from datetime import datetime

from digest.archive import Archive
from digest.config import Settings
from digest.errors import DigestError
from digest.health import source_health
from digest.models import Window
from digest.report import SourceResult
from digest.sources import FetchContext, SourceBase


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
    if not todo:  # nothing to fetch: no HTTP client (its TLS set-up alone is ~0.1 s)
        return [results[s.name] for s in config.sources]

    with FetchContext.open(settings, archive, window, now=now, refetch=refetch) as ctx:

        def run(source: SourceBase) -> SourceResult:
            started = time.monotonic()
            own = replace(ctx, unchanged=[], notes=[], outside=[], skipped=Counter())
            try:
                items = source.fetch(own)
                archive.put_items([*items, *own.outside], now)
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
            result.outside = len(own.outside)
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


def unhealthy_sources(settings: Settings, archive: Archive) -> list[str]:
    """A warning for each enabled source that failed or brought nothing for days running."""
    config = settings.config
    after = config.fetch.unhealthy_after
    found = []
    for source in config.sources:
        if source.enabled:
            health = source_health(source.name, archive.source_runs(source.name), config.tz)
            if health.unhealthy(after):
                found.append(f"source {source.name} {health.describe()}")
    return found


def _one_line(text: str) -> str:
    return " ".join(text.split())
