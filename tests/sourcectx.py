"""A fetch context for source tests: a real archive file, a real client, waits recorded."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from digest.archive import Archive
from digest.http import FetchSettings, make_client
from digest.models import Window
from digest.sources import FetchContext

# The window of the post for 2024-05-04 in Asia/Seoul: 2024-05-03 00:00 → 2024-05-04 00:00 KST.
SINCE = datetime(2024, 5, 2, 15, 0, tzinfo=UTC)
UNTIL = datetime(2024, 5, 3, 15, 0, tzinfo=UTC)
WINDOW = Window(SINCE, UNTIL)


@contextmanager
def fetch_context(
    tmp_path: Path,
    *,
    retries: int = 2,
    refetch: bool = False,
    archive: Archive | None = None,
    waits: list[float] | None = None,
) -> Iterator[FetchContext]:
    """A context whose ``sleep`` appends the waits asked for to ``waits`` instead of sleeping."""
    settings = FetchSettings(
        timeout=2.0, connect_timeout=1.0, retries=retries, backoff=0.001, max_bytes=2_000_000
    )
    recorded = waits if waits is not None else []
    own = archive is None
    db = archive or Archive(tmp_path / "archive.db")
    try:
        with make_client(settings) as client:
            ctx = FetchContext(
                client=client,
                settings=settings,
                archive=db,
                window=WINDOW,
                base_dir=tmp_path,
                now=UNTIL,
                refetch=refetch,
                sleep=recorded.append,
            )
            yield ctx
    finally:
        if own:
            db.close()


def mojibake(text: str) -> str:
    """UTF-8 bytes read as Windows-1252 (the five undefined bytes pass through as Latin-1)."""
    out = []
    for byte in text.encode("utf-8"):
        try:
            out.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(byte))
    return "".join(out)
