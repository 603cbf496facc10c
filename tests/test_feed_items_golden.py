"""The items every recorded and sample feed gives, pinned: making parsing cheaper must not
change one of them.

``tests/golden/feed-items.sha256`` holds, per feed file, a hash of its items as JSON (or of the
error it is refused with). ``DIGEST_UPDATE_GOLDEN=1`` rewrites it on purpose; on a mismatch
the test names the files whose items changed.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from digest.errors import DigestError
from digest.sources.rss import parse_feed

ROOT = Path(__file__).parent.parent
GOLDEN = ROOT / "tests" / "golden" / "feed-items.sha256"
FEEDS = sorted(
    p
    for folder in (ROOT / "tests" / "fixtures" / "real" / "feeds", ROOT / "examples" / "sample")
    for p in folder.rglob("*")
    if p.is_file()
    and p.suffix in (".xml", ".atom", ".rdf", ".rss", ".json", "")
    and "social" not in p.parts
    and ".digest" not in p.parts  # the state folder a build of the sample leaves
)
FIRST_SEEN = datetime(2025, 1, 1, tzinfo=UTC)


def items_of(path: Path, base_url: str | None) -> str:
    """What parsing the feed gives, as canonical JSON: its items and skips, or its error."""
    skipped: Counter[str] = Counter()
    where = path.relative_to(ROOT).as_posix()
    try:
        items = parse_feed(
            path.read_bytes(), source="feed", base_url=base_url, where=where,
            undated_at=lambda _id: FIRST_SEEN, skipped=skipped,
        )  # fmt: skip
    except DigestError as exc:
        got: object = {"error": str(exc), "hint": exc.hint}
    else:
        got = {"items": [i.model_dump(mode="json") for i in items], "skipped": dict(skipped)}
    return json.dumps(got, ensure_ascii=False, sort_keys=True)


def fingerprints() -> dict[str, str]:
    """Each feed's hash, read as given and read with a base URL (for its relative links)."""
    found = {}
    for path in FEEDS:
        name = path.relative_to(ROOT).as_posix()
        for label, base in ((name, None), (f"{name} @base", "https://base.example/dir/feed")):
            found[label] = hashlib.sha256(items_of(path, base).encode()).hexdigest()[:20]
    return found


def test_every_feed_gives_the_items_it_gave() -> None:
    now = fingerprints()
    if os.environ.get("DIGEST_UPDATE_GOLDEN"):
        GOLDEN.write_text("".join(f"{h}  {n}\n" for n, h in now.items()), encoding="utf-8")
    pinned = dict(
        reversed(line.split("  ", 1)) for line in GOLDEN.read_text(encoding="utf-8").splitlines()
    )
    assert len(pinned) > 700
    assert [n for n in pinned if now.get(n) != pinned[n]] == []
    assert sorted(now) == sorted(pinned)
