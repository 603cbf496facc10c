"""A ``Digest`` → a Markdown post with front matter, every piece of untrusted text inert.

Untrusted text (items and model output alike) is escaped so it stays literal: no raw HTML,
no links or images, no headings, lists, tables, footnotes, math or Hugo shortcodes. The only
links in a post are the ones the renderer makes itself from the archive's URLs.

Rendering is pure: a ``Digest``, its site and date stamps in, the post's text out. Placing
the post in a site is ``publish``'s job, writing files ``state.write_atomic``'s.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import frontmatter
import jinja2
import yaml

from digest.models import Bullet, Digest, Section
from digest.sites import Matter, Site, Stamp
from digest.textclean import repair_text, truncate
from digest.urls import canonical_url, clean_url

# ASCII punctuation that can start Markdown (or Hugo) syntax anywhere in a line; CommonMark
# lets any ASCII punctuation be backslash-escaped. `&` only where it would start an entity.
_ESCAPE = re.compile(r"([\\`*_{}\[\]<>#|~$]|&(?=#?\w+;))")
# What turns the start of a line into a block (list item, quote, heading underline, ...).
_LEADING = re.compile(r"^(?:()([-+=:])|(\d+)([.)])(?=\s|$))")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def md_text(text: str) -> str:
    """Untrusted text as one line of literal Markdown text."""
    text = _CONTROL.sub(" ", repair_text(text))
    text = re.sub(r"\s+", " ", text).strip()
    text = _ESCAPE.sub(r"\\\1", text)
    return _LEADING.sub(lambda m: f"{m[1] or m[3] or ''}\\{m[2] or m[4]}", text, count=1)


def md_link(label: str, url: str) -> str:
    """A Markdown link whose target is a cleaned http(s) URL; empty if the URL is unsafe."""
    target = clean_url(url)
    if target is None:
        return ""
    return f"[{md_text(label)}]({target})"


def plain(text: str, limit: int) -> str:
    """Untrusted text for a front-matter value: one line, no control characters."""
    text = _CONTROL.sub(" ", repair_text(text))
    return truncate(re.sub(r"\s+", " ", text).strip(), limit)


@dataclass(frozen=True)
class _Bullet:
    topic: str
    text: str
    links: str


@dataclass(frozen=True)
class _Section:
    title: str
    bullets: list[_Bullet]


class _QuotedDumper(yaml.SafeDumper):
    """Writes every string double-quoted, so no title can turn into YAML syntax."""


def _quoted_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')


def _plain_keys(dumper: yaml.SafeDumper, data: dict[str, Any]) -> yaml.MappingNode:
    """Keys (ours, fixed) stay plain; values go through the quoting representers."""
    pairs = [
        (dumper.represent_scalar("tag:yaml.org,2002:str", str(k)), dumper.represent_data(v))
        for k, v in data.items()
    ]
    return yaml.MappingNode("tag:yaml.org,2002:map", pairs, flow_style=False)


_QuotedDumper.add_representer(str, _quoted_str)
_QuotedDumper.add_representer(dict, _plain_keys)


def template_env(user_dir: Path | None) -> jinja2.Environment:
    """Templates from the user's folder first, then the packaged defaults."""
    loaders: list[jinja2.BaseLoader] = []
    if user_dir is not None and user_dir.is_dir():
        loaders.append(jinja2.FileSystemLoader(str(user_dir)))
    loaders.append(jinja2.FunctionLoader(_packaged_template))
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _packaged_template(name: str) -> str | None:
    path = resources.files("digest") / "templates" / name
    return path.read_text(encoding="utf-8") if path.is_file() else None


def front_matter(
    digest: Digest, *, created: Stamp, updated: Stamp, site: Site | None = None
) -> dict[str, Any]:
    """The front matter for the site: every value cleaned here, the keys by its profile."""
    site = site or Site()
    tags: list[str] = []
    for tag in digest.tags:
        clean = plain(tag.lstrip("#"), 40)
        if clean and clean not in tags:
            tags.append(clean)
    matter = Matter(
        title=plain(digest.title, 120),
        description=plain(digest.description or digest.title, 200),
        tags=tags[:8],
        categories=[c for c in (plain(c, 40) for c in site.categories) if c],
        series=plain(site.series, 100) if site.series else None,
        slug=site.slug,
        draft=site.draft,
    )
    return site.profile.front_matter(matter, created, updated)


def _links(bullet: Bullet, digest: Digest) -> str:
    """The bullet's source links, each page once (``canonical_url``; the first label wins)."""
    parts = []
    pages: set[str] = set()
    for key in bullet.cites:
        link = digest.links.get(key)
        rendered = md_link(link.label, link.url) if link is not None else ""
        if link is not None and rendered and canonical_url(link.url) not in pages:
            pages.add(canonical_url(link.url))
            parts.append(rendered)
    return f"({', '.join(parts)})" if parts else ""


def _sections(sections: Sequence[Section], digest: Digest) -> list[_Section]:
    out = []
    for section in sections:
        bullets = [
            _Bullet(topic=md_text(b.topic), text=md_text(b.text), links=_links(b, digest))
            for b in section.bullets
        ]
        bullets = [b for b in bullets if b.links]  # a bullet must carry a source link
        if bullets:
            out.append(_Section(title=md_text(section.title), bullets=bullets))
    return out


def render_post(
    digest: Digest,
    *,
    created: Stamp,
    updated: Stamp,
    template: str = "post.md.j2",
    user_templates: Path | None = None,
    site: Site | None = None,
) -> str:
    """The post's full text: front matter and the Markdown body."""
    body = (
        template_env(user_templates)
        .get_template(template)
        .render(
            intro=md_text(digest.intro),
            preview=_sections(digest.preview, digest),
            viewpoint=md_text(digest.viewpoint),
            overview_heading=md_text(digest.overview_heading),
            overview=_sections(digest.overview, digest),
            writer=digest.writer,
        )
    )
    body = re.sub(r"\n{3,}", "\n\n", body).strip() + "\n"
    matter = front_matter(digest, created=created, updated=updated, site=site)
    post = frontmatter.Post(body, **matter)
    text: str = frontmatter.dumps(post, Dumper=_QuotedDumper, sort_keys=False)
    return text + "\n"
