"""The post previewed in real Hugo themes, from a folder of themes named by the environment.

``DIGEST_HUGO_THEMES`` names a folder whose subfolders are Hugo themes as their authors
publish them (PaperMod, Stack, ...). Each is used as the theme of a small user site, and
``digest preview --site`` must build the post in it, leave the site byte-identical and fail on
no warning of the theme's own. Without the variable these tests are skipped: no theme is
stored in this repository.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from tests.clirun import digest
from tests.test_cli import sample_urls
from tests.test_hugo_preview import CHROMIUM, built_sample, chromium, parse, tree_hash

THEMES = Path(os.environ["DIGEST_HUGO_THEMES"]) if os.environ.get("DIGEST_HUGO_THEMES") else None
NAMES = sorted(p.name for p in THEMES.iterdir() if (p / "layouts").is_dir()) if THEMES else []

pytestmark = pytest.mark.skipif(not NAMES, reason="DIGEST_HUGO_THEMES names no Hugo themes")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample day built once (extractive); tests copy it."""
    return built_sample(tmp_path_factory.mktemp("themes"))


def user_site(root: Path, theme: str) -> Path:
    """A user's site as a theme's README tells one to make it: the theme under themes/."""
    assert THEMES
    (root / "themes").mkdir(parents=True)
    shutil.copytree(THEMES / theme, root / "themes" / theme)
    (root / "hugo.toml").write_text(
        f'baseURL = "https://blog.example/"\ntitle = "블로그"\ntheme = "{theme}"\n'
        'defaultContentLanguage = "ko"\n',
        encoding="utf-8",
    )
    return root


@pytest.mark.parametrize("theme", NAMES)
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
def test_the_post_in_a_real_theme_in_a_real_browser(built: Path, tmp_path: Path) -> None:
    site = user_site(tmp_path / "blog", NAMES[0])
    result = digest("preview", "--date", "2024-05-04", "--site", str(site), "--no-serve", cwd=built)
    assert result.exit_code == 0, result.stderr
    html = Path(result.stdout.strip())
    shot = tmp_path / "post.png"
    run = chromium(
        "--allow-file-access-from-files", f"--screenshot={shot}", "--window-size=1000,1400",
        html.as_uri(), profile=tmp_path / "p",
    )  # fmt: skip
    assert run.returncode == 0 and shot.exists(), run.stderr[-500:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 40_000  # a page of text, not a blank or error page
    dom = chromium("--dump-dom", html.as_uri(), profile=tmp_path / "p2")
    assert "다이제스트는" in dom.stdout
