"""Placing a post in a site: where its profile puts it, the date it keeps, render, write.

``digest build`` and ``digest preview`` both place their post with ``publish``.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from pathlib import Path

from digest.models import Digest
from digest.render import render_post
from digest.sites import Site
from digest.state import write_atomic


def publish(
    digest: Digest,
    site: Site,
    posts_dir: Path,
    day: date,
    *,
    until: datetime,
    now: datetime,
    tz: tzinfo,
    template: str = "post.md.j2",
    user_templates: Path | None = None,
) -> Path:
    """Render the post for ``day`` and write it under ``posts_dir``; its path.

    ``until`` is the end of the post's window and ``now`` the clock; the site's profile makes
    the date stamps of them (in ``tz``). A post already there keeps its date.
    """
    path = site.post_path(posts_dir, day)
    first, updated = site.profile.stamps(
        day, until.astimezone(tz).replace(microsecond=0), now.astimezone(tz).replace(microsecond=0)
    )
    text = render_post(
        digest,
        created=site.profile.existing_date(path) or first,
        updated=updated,
        template=template,
        user_templates=user_templates,
        site=site,
    )
    write_atomic(path, text)
    return path
