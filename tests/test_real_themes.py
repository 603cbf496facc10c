"""The post previewed in real Hugo themes: themes unpacked by hand, and Doks from npm.

Each theme is used as a small user site's theme, set up as the theme's docs say, and
``digest preview --site`` must build the post in it, leave the site byte-identical and fail on
no warning of the theme's own. Classic themes are the subfolders of ``DIGEST_HUGO_THEMES``
(``themes/<name>`` in the user's site); Doks, a popular theme published on the npm registry,
is mounted from the site's ``node_modules`` as its install guide does. No theme is stored in
this repository: ``.ci/run`` installs Doks (see ``tests/sitepackages.py``), so in CI these tests
run, and a missing theme fails there.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import httpx
import pytest

from tests.clirun import digest
from tests.sitepackages import node_modules, require, themes_folder
from tests.test_cli import sample_urls
from tests.test_hugo_preview import (
    CHROMIUM,
    built_sample,
    chromium,
    free_port,
    parse,
    start_preview,
    tree_hash,
    wait_page,
)

THEMES = themes_folder()
CLASSIC = sorted(p.parent.name for p in THEMES.glob("*/layouts") if p.is_dir()) if THEMES else []
DOKS_MODULES = node_modules("@thulite/doks-core")
NAMES = CLASSIC + (["doks"] if DOKS_MODULES else [])

SITE = 'baseURL = "https://blog.example/"\ntitle = "블로그"\ndefaultContentLanguage = "ko"\n'

DOKS_MOUNTS = [
    ("node_modules/@thulite/doks-core/archetypes", "archetypes"),
    ("archetypes", "archetypes"),
    ("node_modules/@thulite/core/assets", "assets"),
    ("node_modules/@thulite/images/assets", "assets"),
    ("node_modules/@thulite/doks-core/assets", "assets"),
    ("node_modules/@tabler/icons/icons", "assets/svgs/tabler-icons"),
    ("assets", "assets"),
    ("content", "content"),
    ("node_modules/@thulite/doks-core/data", "data"),
    ("data", "data"),
    ("node_modules/@thulite/doks-core/i18n", "i18n"),
    ("i18n", "i18n"),
    ("node_modules/@thulite/core/layouts", "layouts"),
    ("node_modules/@thulite/seo/layouts", "layouts"),
    ("node_modules/@thulite/images/layouts", "layouts"),
    ("node_modules/@thulite/doks-core/layouts", "layouts"),
    ("node_modules/@thulite/inline-svg/layouts", "layouts"),
    ("layouts", "layouts"),
    ("node_modules/@thulite/doks-core/static", "static"),
    ("static", "static"),
]
"""Doks's module mounts, in the order its install guide lists them."""

DOKS_SITE = """enableEmoji = true
disableKinds = ["taxonomy", "term"]
[build.buildStats]
  enable = true
[outputs]
  home = ["HTML", "RSS", "searchIndex"]
  section = ["HTML", "RSS", "SITEMAP"]
[outputFormats.searchIndex]
  mediaType = "application/json"
  baseName = "search-index"
  isPlainText = true
  notAlternative = true
[outputFormats.SITEMAP]
  mediaType = "application/xml"
  baseName = "sitemap"
  isHTML = false
  isPlainText = true
  noUgly = true
  rel = "sitemap"
"""
"""Doks's site settings from its install guide, trimmed. Taxonomy pages are off (a setting
the guide offers): Doks lists pages there with its blog's byline, which needs a
``contributors`` front-matter field that a digest post does not have."""

DOKS_PARAMS = """description = "AI 커뮤니티 다이제스트"
mainSections = ["posts"]
[doks]
  colorMode = "auto"
  colorModeToggler = true
  navbarSticky = true
  containerBreakpoint = "lg"
  flexSearch = true
  searchExclKinds = []
  searchExclTypes = []
  showSearch = []
  indexSummary = false
  showDate = false
  showSummary = true
  searchLimit = 99
  sectionNav = ["docs"]
  headlineHash = true
  scrollSpy = true
  imageList = true
  imageSingle = true
[seo.schemas]
  type = "Person"
  name = "블로그"
"""
"""Doks's parameters as its install guide sets them (the defaults it lists), for a blog."""

DOKS_OWN_FILES = [
    "assets/js/custom.js",
    "assets/scss/common/_custom.scss",
    "assets/scss/common/_variables-custom.scss",
    "layouts/_partials/head/custom-head.html",
    "layouts/_partials/head/script-header.html",
    "layouts/_partials/footer/script-footer-custom.html",
]
"""The files a Doks site keeps of its own (the starter's hooks for custom styles and scripts)."""


@pytest.fixture(scope="module", autouse=True)
def _themes_installed() -> None:
    require(NAMES, "a real Hugo theme (Doks from npm, or DIGEST_HUGO_THEMES)")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample day built once (extractive); tests copy it."""
    return built_sample(tmp_path_factory.mktemp("themes"))


def user_site(root: Path, theme: str) -> Path:
    """A user's site set up as the theme's docs tell one to make it."""
    if theme == "doks":
        return doks_site(root)
    assert THEMES
    (root / "themes").mkdir(parents=True)
    shutil.copytree(THEMES / theme, root / "themes" / theme)
    (root / "hugo.toml").write_text(SITE + f'theme = "{theme}"\n', encoding="utf-8")
    return root


def doks_site(root: Path) -> Path:
    """A Doks site: the npm packages in ``node_modules`` (linked here), mounted by config."""
    assert DOKS_MODULES
    config = root / "config" / "_default"
    config.mkdir(parents=True)
    (root / "node_modules").symlink_to(DOKS_MODULES, target_is_directory=True)
    (config / "hugo.toml").write_text(SITE + DOKS_SITE, encoding="utf-8")
    mounts = "".join(f'[[mounts]]\nsource = "{s}"\ntarget = "{t}"\n' for s, t in DOKS_MOUNTS)
    (config / "module.toml").write_text(mounts, encoding="utf-8")
    (config / "params.toml").write_text(DOKS_PARAMS, encoding="utf-8")
    for name in DOKS_OWN_FILES:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("", encoding="utf-8")
    return root


@pytest.mark.parametrize("theme", NAMES or ["none"])
def test_the_post_builds_in_a_real_theme_and_the_site_is_untouched(
    built: Path, tmp_path: Path, theme: str
) -> None:
    site = user_site(tmp_path / "blog", theme)
    before = tree_hash(site)
    result = digest("preview", "--date", "2024-05-04", "--site", str(site), "--no-serve", cwd=built)
    assert result.exit_code == 0, result.stderr
    assert tree_hash(site) == before
    html = Path(result.stdout.strip()).read_text(encoding="utf-8")
    page = parse(html)
    assert "다이제스트는" in html
    assert re.search(r"<h2[^>]*>Today&rsquo;s Preview", html)
    assert "<ul>" in html and "<li>" in html
    external = {h for h in page.hrefs if h.startswith("http") and "blog.example" not in h}
    cited = external & sample_urls()
    assert cited  # the post's links are in the page as links


@pytest.mark.skipif(
    not CHROMIUM and not os.environ.get("CI"), reason="Chromium is not installed (CI installs it)"
)
def test_the_post_served_in_a_real_theme_in_a_real_browser(built: Path, tmp_path: Path) -> None:
    site = user_site(tmp_path / "blog", NAMES[-1])
    before = tree_hash(site)
    root = tmp_path / "sample"
    shutil.copytree(built, root)
    port = free_port()
    server = start_preview(root, port, "--site", str(site))
    try:
        assert server.stdout is not None
        url = server.stdout.readline().strip()
        page = parse(wait_page(url).text)
        styles = [h for h in page.hrefs if h.split("?")[0].endswith(".css")]
        assert styles, page.hrefs
        for style in styles:  # the theme's own stylesheet is served with the page
            assert httpx.get(httpx.URL(url).join(style), timeout=10).status_code == 200
        shot = tmp_path / "post.png"
        run = chromium(
            f"--screenshot={shot}", "--window-size=1000,1400", url, profile=tmp_path / "p"
        )
        assert run.returncode == 0 and shot.exists(), run.stderr[-500:]
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert shot.stat().st_size > 40_000  # a page of text, not a blank or error page
        dom = chromium("--dump-dom", url, profile=tmp_path / "p2")
        assert "다이제스트는" in dom.stdout
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert tree_hash(site) == before
