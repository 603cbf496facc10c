"""Site profiles: where a post goes inside a static site and what its front matter holds.

A profile is one class: the posts folder inside a site, the post's file name, its date
stamps, the front matter's keys in the order the site's themes show them, and how the date of
a post already there is read back (a rebuild keeps it). ``PROFILES`` is the registry
``output.site`` takes its choices from; adding a site is one class and one line there.

Profiles only arrange values: ``render`` cleans every untrusted value before it gets here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date as Date
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from digest.config import OutputConfig

Stamp = Date | datetime | str
"""A front-matter date: a date, an aware datetime, or one kept verbatim from a post."""

_DATED = re.compile(r"^\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Matter:
    """The post's front-matter values, already cleaned to plain one-line text.

    Attributes:
        title: the post title.
        description: the one-line description.
        tags: the tags, without ``#``, de-duplicated.
        categories: the configured categories.
        series: the configured series, if any.
        slug: the post's folder or file name.
        draft: whether the post is a draft.
    """

    title: str
    description: str
    tags: list[str]
    categories: list[str] = field(default_factory=list)
    series: str | None = None
    slug: str = ""
    draft: bool = False


class SiteProfile:
    """How one kind of static site takes a post; subclasses fill in the differences."""

    name: ClassVar[str]
    posts_folder: ClassVar[str]
    """Where posts live inside a site of this kind (for ``--site``)."""

    def post_path(self, posts_dir: Path, slug: str, day: Date) -> Path:
        """The post's file under ``posts_dir``: a page bundle, ``<slug>/index.md``."""
        return posts_dir / slug / "index.md"

    def stamps(self, day: Date, until: datetime, now: datetime) -> tuple[Stamp, Stamp]:
        """The first ``date`` of a new post and the ``updated`` stamp of this build.

        ``until`` is the end of the post's window and ``now`` the build's clock, both in the
        configured zone; a post dated at its window's end is never in the future.
        """
        return until, now

    def front_matter(self, matter: Matter, created: Stamp, updated: Stamp) -> dict[str, Any]:
        """The front matter, keys in the order the site's themes show them."""
        raise NotImplementedError

    def read_date(self, value: object) -> Stamp | None:
        """A ``date`` read from a post already written, as this profile writes it again."""
        raise NotImplementedError

    def existing_date(self, path: Path) -> Stamp | None:
        """The ``date`` of the post already at ``path``, kept when the post is rebuilt."""
        if not path.is_file():
            return None
        import frontmatter
        import yaml

        try:
            value = frontmatter.load(str(path)).get("date")
        except (OSError, ValueError, yaml.YAMLError):
            return None
        return None if value is None else self.read_date(value)


class Gatsby(SiteProfile):
    """gatsby-starter-hoodie: ``title``, ``description``, ``date``, ``update``, ``tags``,
    ``series`` when set; dates are bare dates; ``contents/posts/<slug>/index.md``."""

    name = "gatsby"
    posts_folder = "contents/posts"

    def stamps(self, day: Date, until: datetime, now: datetime) -> tuple[Stamp, Stamp]:
        return day, now.date()

    def front_matter(self, matter: Matter, created: Stamp, updated: Stamp) -> dict[str, Any]:
        out: dict[str, Any] = {
            "title": matter.title,
            "description": matter.description,
            "date": created,
            "update": updated,
            "tags": matter.tags,
        }
        if matter.series is not None:
            out["series"] = matter.series
        return out

    def read_date(self, value: object) -> Stamp | None:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, Date):
            return value
        try:
            return Date.fromisoformat(str(value)[:10])
        except ValueError:
            return None


class TextStamps(SiteProfile):
    """A profile that writes its dates as text in a format of its own."""

    def time_text(self, value: datetime) -> str:
        """An aware time as the site writes it."""
        raise NotImplementedError

    def date_text(self, value: Date) -> str:
        """A bare date as the site writes it."""
        raise NotImplementedError

    def stamp(self, value: Stamp) -> str:
        """A stamp as the site writes it (text kept from a post stays as it was)."""
        if isinstance(value, str):
            return value
        if isinstance(value, datetime):
            return self.time_text(value)
        return self.date_text(value)

    def read_date(self, value: object) -> Stamp | None:
        if isinstance(value, datetime | Date):
            return self.stamp(value)
        return str(value) if _DATED.match(str(value)) else None


class Hugo(TextStamps):
    """A Hugo page bundle: ``title``, ``date``, ``lastmod`` (RFC 3339 with the offset),
    ``description``, ``tags``, ``categories``, ``slug``, ``draft``; ``content/posts``."""

    name = "hugo"
    posts_folder = "content/posts"

    def front_matter(self, matter: Matter, created: Stamp, updated: Stamp) -> dict[str, Any]:
        return {
            "title": matter.title,
            "date": self.stamp(created),
            "lastmod": self.stamp(updated),
            "description": matter.description,
            "tags": matter.tags,
            "categories": matter.categories,
            "slug": matter.slug,
            "draft": matter.draft,
        }

    def time_text(self, value: datetime) -> str:
        return value.isoformat(timespec="seconds")

    def date_text(self, value: Date) -> str:
        return f"{value.isoformat()}T00:00:00Z"  # its midnight, offset unknown: UTC


class Jekyll(TextStamps):
    """Jekyll: ``_posts/YYYY-MM-DD-<slug>.md`` with ``title``, ``date``
    (``YYYY-MM-DD HH:MM:SS +0900``), ``categories`` and ``tags``."""

    name = "jekyll"
    posts_folder = "_posts"

    def post_path(self, posts_dir: Path, slug: str, day: Date) -> Path:
        # Jekyll reads a post's date from its file name; a slug that starts with it
        # (the default `{date}-ai-digest`) is not given it twice.
        stamp = day.isoformat()
        return posts_dir / f"{stamp}-{slug.removeprefix(stamp + '-')}.md"

    def front_matter(self, matter: Matter, created: Stamp, updated: Stamp) -> dict[str, Any]:
        return {
            "title": matter.title,
            "date": self.stamp(created),
            "categories": matter.categories,
            "tags": matter.tags,
        }

    def time_text(self, value: datetime) -> str:
        return value.strftime("%Y-%m-%d %H:%M:%S %z").strip()

    def date_text(self, value: Date) -> str:
        return value.isoformat()


PROFILES: dict[str, SiteProfile] = {p.name: p for p in (Gatsby(), Hugo(), Jekyll())}
"""Every site profile by its ``output.site`` name."""


@dataclass(frozen=True)
class Site:
    """The site one post goes to: its profile and the settings its front matter takes.

    Attributes:
        profile: the kind of site.
        slug: the post's folder (or file) name.
        series: gatsby's ``series``, if any.
        categories: the ``categories`` (hugo, jekyll).
        draft: hugo's ``draft``.
    """

    profile: SiteProfile = PROFILES["gatsby"]
    slug: str = ""
    series: str | None = None
    categories: tuple[str, ...] = ()
    draft: bool = False

    def post_path(self, posts_dir: Path, day: Date) -> Path:
        """Where the post for ``day`` goes under ``posts_dir``."""
        return self.profile.post_path(posts_dir, self.slug, day)


def site_for(
    output: OutputConfig, day: Date, *, kind: str | None = None, draft: bool | None = None
) -> Site:
    """The site the post for ``day`` goes to, per ``output`` (``kind``/``draft`` override it)."""
    return Site(
        profile=PROFILES[kind or output.site],
        slug=output.slug.format(date=day.isoformat()),
        series=output.series,
        categories=tuple(output.categories),
        draft=output.draft if draft is None else draft,
    )
