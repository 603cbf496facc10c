"""The Gatsby post rendered as a gatsby-starter-hoodie blog renders it, without Gatsby.

``tests/site_checks/render_gatsby.js`` runs the post through gatsby-transformer-remark itself
(front matter, remark, HTML) with hoodie's options and remark plugins, at the versions hoodie's
lock pins; ``.ci/run`` installs them from the npm registry (see ``tests/sitepackages.py``).
The HTML is what hoodie's post template shows. Checked: the headings, the nested lists, that
every link is a source's URL, that no backslash escape shows, and that nothing from an item
becomes HTML.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from digest.config import load, window_for
from digest.pipeline import BuildOptions, build
from digest.publish import publish
from digest.sites import site_for
from tests.conftest import SAMPLE
from tests.fake_openai import FakeOpenAI
from tests.sitepackages import MANIFEST, node_modules, require
from tests.test_cli import sample_urls
from tests.test_hugo_preview import built_sample, hostile_digest

DAY = date(2024, 5, 4)
NODE = shutil.which("node")
MODULES = node_modules("gatsby-transformer-remark")
SCRIPT = MANIFEST / "render_gatsby.js"

HEADING_ANCHOR = {"a", "svg", "path"}
"""What gatsby-remark-autolink-headers puts in each heading (its link icon)."""

MARKDOWN_TAGS = {"p", "h2", "h3", "ul", "ol", "li", "strong", "em", "a", "blockquote", "hr"}
"""The elements a post's Markdown makes; anything else would be HTML that came from text."""


@pytest.fixture(scope="module", autouse=True)
def _remark_installed() -> None:
    require(NODE, "node")
    require(MODULES, "gatsby-transformer-remark (npm)")


class Page(HTMLParser):
    """A rendered post: its headings' text, elements, links, text and list nesting."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[tuple[str, str]] = []
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.hrefs: list[str] = []
        self.text: list[str] = []
        self.nested_lists = 0
        self._open: list[str] = []
        self._heading: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        in_heading = any(t in ("h2", "h3") for t in self._open)
        if not (in_heading and tag in HEADING_ANCHOR):
            self.tags.add(tag)
            self.attributes.update(f"{tag}[{name}]" for name, _ in attrs)
            self.hrefs += [v for n, v in attrs if n == "href" and v]
        if tag == "ul" and "li" in self._open:
            self.nested_lists += 1
        if tag in ("h2", "h3"):
            self._heading = []
        self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h2", "h3") and self._heading is not None:
            self.headings.append((tag, "".join(self._heading).strip()))
            self._heading = None
        if tag in self._open:
            del self._open[len(self._open) - 1 - self._open[::-1].index(tag) :]

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._heading is not None:
            self._heading.append(data)


def render(post: Path) -> tuple[dict[str, Any], Page]:
    """The post's front matter and HTML page as gatsby-transformer-remark makes them."""
    assert NODE and MODULES
    run = subprocess.run(
        [NODE, str(SCRIPT), str(MODULES), str(post)],
        capture_output=True, text=True, encoding="utf-8", timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    rendered = json.loads(run.stdout)
    page = Page()
    page.feed(rendered["html"])
    page.close()
    return rendered["frontmatter"], page


def gatsby_post(root: Path) -> Path:
    return root / "out" / f"{DAY.isoformat()}-ai-digest" / "index.md"


@pytest.fixture(scope="module")
def extractive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample day built without a model (the Gatsby profile is the default)."""
    return gatsby_post(built_sample(tmp_path_factory.mktemp("gatsby")))


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample day written by a model (the local fake), so the post has a viewpoint."""
    root = tmp_path_factory.mktemp("gatsby-llm") / "sample"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns(".digest", "output"))
    with FakeOpenAI() as server:
        config = root / "sources.yaml"
        llm = f"\nllm:\n  base_url: {server.base_url}\n  model: fake-model\n"
        config.write_text(config.read_text(encoding="utf-8") + llm, encoding="utf-8")
        now = datetime(2024, 5, 4, 0, 30, tzinfo=UTC)
        report = build(load(config), BuildOptions(day=DAY, out_dir=root / "out", now=now))
    assert report.post and report.writer == "llm"
    return Path(report.post)


def written_front(post: Path) -> dict[str, Any]:
    """The post's front matter as digest wrote it (read by PyYAML)."""
    front = yaml.safe_load(post.read_text(encoding="utf-8").split("---\n")[1])
    assert isinstance(front, dict)
    return front


def assert_same_front(front: dict[str, Any], post: Path) -> None:
    """Gatsby (gray-matter) reads the front matter as digest meant it."""
    ours = written_front(post)
    assert {k: front[k] for k in ("title", "description", "tags")} == {
        k: ours[k] for k in ("title", "description", "tags")
    }
    for key in ("date", "update"):
        assert front[key].startswith(str(ours[key])[:10]), (key, front[key], ours[key])


def assert_clean(page: Page) -> None:
    """Only Markdown's elements, links only to the sample's sources, no escapes showing."""
    assert page.tags <= MARKDOWN_TAGS, page.tags - MARKDOWN_TAGS
    assert page.attributes <= {"a[href]", "h2[id]", "h2[style]", "h3[id]", "h3[style]"}
    external = [h for h in page.hrefs if not h.startswith("#")]
    assert external and set(external) <= sample_urls()
    text = "".join(page.text)
    assert "\\" not in text  # every Markdown escape was read as one


def test_the_written_post_renders_with_hoodies_remark(written: Path) -> None:
    front, page = render(written)
    assert_same_front(front, written)
    assert front["date"].startswith("2024-05-04") and front["tags"]
    assert page.headings[:3] == [
        ("h2", "Today's Preview"),
        ("h3", "AI Viewpoint 🤖"),
        ("h2", "Today's Overview"),
    ]
    assert page.nested_lists >= 3  # each preview story's notes are a list inside its item
    assert "blockquote" in page.tags  # the viewpoint
    assert_clean(page)


def test_the_extractive_post_renders_with_hoodies_remark(extractive: Path) -> None:
    front, page = render(extractive)
    text = extractive.read_text(encoding="utf-8")
    assert_same_front(front, extractive)
    assert front["title"].startswith("AI 다이제스트 2024-05-04")
    assert [h for h in page.headings if h[0] == "h2"] == [
        ("h2", "Today's Preview"),
        ("h2", "Today's Overview"),
    ]
    assert page.nested_lists == text.count("\n* **")
    assert_clean(page)
    rendered = "".join(page.text)
    assert "$30 per user" in rendered  # a dollar sign is text, not KaTeX math
    assert "dang_not" in rendered  # an escaped underscore shows as one


def test_hostile_text_stays_text_in_hoodies_remark(extractive: Path, tmp_path: Path) -> None:
    root = extractive.parents[2]
    settings = load(root / "sources.yaml")
    config = settings.config
    end = window_for(config, DAY).until
    post = publish(
        hostile_digest(), site_for(config.output, DAY, kind="gatsby"), tmp_path, DAY,
        until=end, now=end, tz=config.tz,
    )  # fmt: skip
    front, page = render(post)
    assert front["title"] == 'key: value # "quoted" --- {{< x >}} <b>bold</b>'
    assert set(front) <= {"title", "description", "date", "update", "tags", "series"}
    assert page.tags <= MARKDOWN_TAGS, page.tags - MARKDOWN_TAGS
    assert not any("[on" in a for a in page.attributes)
    assert [h for h in page.hrefs if not h.startswith("#")] == ["https://ok.example/1"] * 2
    text = "".join(page.text)
    assert "<script>alert(1)</script>" in text  # shown as text, not run
    assert "$x^2$" in text  # not turned into math
    assert "\\" not in text
