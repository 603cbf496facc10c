from __future__ import annotations

import os
import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import frontmatter
import pytest

from digest.errors import OutputError
from digest.models import Bullet, Digest, Link, Section
from digest.render import md_link, md_text, render_post
from digest.sites import PROFILES, Site
from digest.state import write_atomic

GOLDEN = Path(__file__).parent / "golden"


def sample_digest() -> Digest:
    return Digest(
        date="2024-05-04",
        title="Llama 3 70B, 초당 300 토큰 돌파",
        description="오늘의 AI 소식: 추론 속도와 새 벤치마크",
        tags=["LLM", "벤치마크", "#추론"],
        intro="오늘은 추론 속도 경쟁과 새로운 평가 데이터셋 소식이 이어졌습니다.",
        preview=[
            Section(
                title="모델 출시",
                bullets=[
                    Bullet(
                        text="Llama 3 70B가 초당 300 토큰을 넘었습니다.", cites=["news:1", "blog:2"]
                    ),
                ],
            )
        ],
        viewpoint="속도 경쟁이 가격 경쟁으로 이어지고 있습니다.",
        overview_heading="최신 AI 기술 동향",
        overview=[
            Section(
                title="연구",
                bullets=[
                    Bullet(
                        topic="GSM1K", text="새 수학 벤치마크가 공개되었습니다.", cites=["arxiv:3"]
                    ),
                    Bullet(topic="uncited", text="출처가 없는 문장", cites=["missing:9"]),
                ],
            )
        ],
        links={
            "news:1": Link(label="groq", url="https://groq.com/news/llama3?utm_source=x&id=7"),
            "blog:2": Link(
                label="DrJim (fan)", url="https://x.com/drjim/status/1786429467537088741"
            ),
            "arxiv:3": Link(label="arxiv.org", url="https://arxiv.org/abs/2405.00332"),
        },
        writer="llm",
    )


def test_golden_post() -> None:
    text = render_post(sample_digest(), created=date(2024, 5, 4), updated=date(2024, 5, 4))
    golden = GOLDEN / "post-2024-05-04.md"
    if os.environ.get("DIGEST_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_front_matter_order_types_and_quoting() -> None:
    text = render_post(sample_digest(), created=date(2024, 5, 3), updated=date(2024, 5, 4))
    head = text.split("---")[1]
    keys = [
        line.split(":")[0] for line in head.strip().splitlines() if not line.startswith((" ", "-"))
    ]
    assert keys == ["title", "description", "date", "update", "tags"]
    post = frontmatter.loads(text)
    assert post["date"] == date(2024, 5, 3)
    assert post["update"] == date(2024, 5, 4)
    assert post["tags"] == ["LLM", "벤치마크", "추론"]
    assert 'title: "Llama 3 70B' in text


def test_bullets_without_a_source_link_are_not_rendered() -> None:
    text = render_post(sample_digest(), created=date(2024, 5, 4), updated=date(2024, 5, 4))
    assert "출처가 없는 문장" not in text
    assert "utm_source" not in text


def test_a_bullet_links_each_page_once() -> None:
    """One page cited under two labels (an author, a site), or with tracking junk: once."""
    bullet = Bullet(text="속도가 빨라졌습니다.", cites=["a:1", "b:2", "c:3"])
    digest = Digest(
        date="2024-05-04", title="t", description="", tags=[], intro="",
        preview=[Section(title="Groq", bullets=[bullet])], overview=[],
        links={"a:1": Link(label="GroqInc", url="https://groq.example/a"),
               "b:2": Link(label="groq.example", url="https://groq.example/a"),
               "c:3": Link(label="arxiv", url="https://groq.example/a?utm_source=x")},
    )  # fmt: skip
    post = render_post(digest, created=date(2024, 5, 4), updated=date(2024, 5, 4))
    assert re.findall(r"\]\(([^)]+)\)", post) == ["https://groq.example/a"]
    assert "[GroqInc](https://groq.example/a)" in post


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        "[click](javascript:alert(1))",
        "{{< shortcode >}} and {{% raw %}}",
        "# heading",
        "| a | b |",
        "text[^1]",
        "---",
        "$x^2$ math",
        "![img](https://evil.example/x.png)",
        "<img src=x onerror=alert(1)>",
        "*bold* _em_ `code`",
        "1. ordered",
        "&lt;b&gt;",
        "- item",
        "> quote",
    ],
)
def test_md_text_neutralises_markup(hostile: str) -> None:
    out = md_text(hostile)
    # Every character that could start markup is backslash-escaped.
    assert not re.search(r"(?<!\\)[<>\[\]`{}|*_#$]", out), out
    assert "\n" not in out
    assert out[:1] not in ("#", "-", ">", "|", "*", "+", "=")


def test_title_with_yaml_syntax_stays_a_string() -> None:
    digest = sample_digest().model_copy(
        update={"title": 'key: value\n---\ninjected: true # "quoted"', "tags": ["a: b", "- x"]}
    )
    text = render_post(digest, created=date(2024, 5, 4), updated=date(2024, 5, 4))
    post = frontmatter.loads(text)
    assert set(post.keys()) == {"title", "description", "date", "update", "tags"}
    assert post["title"].startswith("key: value")
    assert post["tags"] == ["a: b", "- x"]


def test_unsafe_link_targets_are_refused() -> None:
    assert md_link("x", "javascript:alert(1)") == ""
    assert md_link("x", "data:text/html,hi") == ""
    link = md_link("a [b]", "https://example.com/a b(c)")
    assert link.startswith("[a \\[b\\]](https://example.com/a")
    assert " " not in link.split("](")[1]
    assert "(c)" not in link


def test_user_template_overrides_the_packaged_one(tmp_path: Path) -> None:
    (tmp_path / "post.md.j2").write_text("CUSTOM {{ intro }}\n", encoding="utf-8")
    text = render_post(
        sample_digest(), created=date(2024, 5, 4), updated=date(2024, 5, 4), user_templates=tmp_path
    )
    assert "CUSTOM 오늘은" in text


def test_write_atomic_reports_a_read_only_folder(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        target = Path("/proc/digest-cannot-write/index.md")
    else:
        ro = tmp_path / "ro"
        ro.mkdir()
        ro.chmod(0o500)
        target = ro / "post" / "index.md"
    with pytest.raises(OutputError) as caught:
        write_atomic(target, "x")
    assert "cannot write" in str(caught.value)
    assert "writable" in str(caught.value)


def test_each_site_profile_orders_its_front_matter_and_reads_its_dates_back(
    tmp_path: Path,
) -> None:
    kst = timezone(timedelta(hours=9))
    until = datetime(2024, 5, 4, tzinfo=kst)
    now = datetime(2024, 5, 4, 6, 30, 5, tzinfo=kst)
    expected = {
        "gatsby": (["title", "description", "date", "update", "tags"], date(2024, 5, 4)),
        "hugo": (
            ["title", "date", "lastmod", "description", "tags", "categories", "slug", "draft"],
            "2024-05-04T00:00:00+09:00",
        ),
        "jekyll": (["title", "date", "categories", "tags"], "2024-05-04 00:00:00 +0900"),
    }
    assert set(PROFILES) == set(expected)
    for name, (keys, first) in expected.items():
        profile = PROFILES[name]
        created, updated = profile.stamps(date(2024, 5, 4), until, now)
        site = Site(profile=profile, slug="2024-05-04-ai-digest", categories=("AI",))
        text = render_post(sample_digest(), created=created, updated=updated, site=site)
        post = frontmatter.loads(text)
        assert list(post.keys()) == keys, name
        assert post["date"] == first, name
        assert post["tags"] == ["LLM", "벤치마크", "추론"]
        # What a rebuild reads back from the file is what it writes again.
        path = tmp_path / f"{name}.md"
        assert profile.existing_date(path) is None
        path.write_text(text, encoding="utf-8")
        kept = profile.existing_date(path)
        assert kept == first, name
        again = render_post(sample_digest(), created=kept, updated=updated, site=site)
        assert again == text, name
    assert PROFILES["hugo"].read_date(datetime(2024, 5, 4, tzinfo=kst)) == (
        "2024-05-04T00:00:00+09:00"
    )
    assert PROFILES["jekyll"].read_date(date(2024, 5, 4)) == "2024-05-04"
    assert PROFILES["gatsby"].read_date("2024-05-04T09:00:00+09:00") == date(2024, 5, 4)
    assert PROFILES["jekyll"].read_date("tomorrow") is None


def test_a_jekyll_post_is_named_by_its_date_once() -> None:
    jekyll = PROFILES["jekyll"]
    day = date(2024, 5, 4)
    assert jekyll.post_path(Path("_posts"), "2024-05-04-ai-digest", day) == Path(
        "_posts/2024-05-04-ai-digest.md"
    )
    assert jekyll.post_path(Path("_posts"), "ai-digest", day) == Path(
        "_posts/2024-05-04-ai-digest.md"
    )
