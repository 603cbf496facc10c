"""The repository's ``templates/`` folder: the user's files first, the packaged defaults after.

The examples in it are kept honest here: the post template is the packaged one plus its
closing line, the story prompt says what the packaged one says, and both are found by a build
through the folder beside the config or ``--templates DIR``.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import frontmatter
import jinja2
import pytest

from digest.config import load
from digest.render import render_post
from tests.clirun import digest
from tests.conftest import ROOT, SAMPLE
from tests.fake_openai import FakeOpenAI, is_story_request
from tests.test_render import sample_digest

TEMPLATES = ROOT / "templates"
CLOSING = (
    "*이 글은 AI 커뮤니티의 공개 게시물을 모아 정리했습니다. "
    "자세한 내용은 각 항목의 링크에서 확인할 수 있습니다.*"
)


def sample(tmp_path: Path, name: str = "sample") -> Path:
    root = tmp_path / name
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns(".digest", "output", "templates"))
    return root


def body_of_build(root: Path, *extra: str) -> str:
    """The body of the sample day's post built in ``root`` (extractive unless configured)."""
    result = digest(
        "build", "-q", "-c", "sources.yaml", "--date", "2024-05-04", "--out", "out", *extra,
        cwd=root,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return frontmatter.loads((root / result.stdout.strip()).read_text(encoding="utf-8")).content


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The body of the sample day's post built with no templates folder (read-only)."""
    return body_of_build(sample(tmp_path_factory.mktemp("templates"), "plain"))


def test_the_example_config_uses_the_folder_beside_it() -> None:
    settings = load(ROOT / "sources.yaml")
    assert settings.base_dir / "templates" == TEMPLATES
    assert (TEMPLATES / settings.config.output.template).is_file()
    assert (TEMPLATES / "README.md").is_file()


def test_an_override_in_the_folder_changes_the_post(tmp_path: Path, plain: str) -> None:
    default = plain
    assert CLOSING not in default
    # Given with --templates ...
    chosen = body_of_build(sample(tmp_path, "chosen"), "--templates", str(TEMPLATES))
    assert chosen.endswith("\n\n" + CLOSING)
    assert chosen == default + "\n\n" + CLOSING
    # ... or found beside the config, as for the repository's sources.yaml.
    beside = sample(tmp_path, "beside")
    shutil.copytree(TEMPLATES, beside / "templates")
    assert body_of_build(beside) == chosen


def test_the_packaged_default_is_used_for_a_file_the_folder_lacks(
    tmp_path: Path, plain: str
) -> None:
    root = sample(tmp_path)
    (root / "templates").mkdir()
    shutil.copy(TEMPLATES / "story_system.md.j2", root / "templates")
    assert body_of_build(root) == plain


def test_the_example_post_template_is_the_default_plus_its_closing_line() -> None:
    def post(templates: Path | None) -> str:
        return render_post(
            sample_digest(), created=date(2024, 5, 4), updated=date(2024, 5, 4),
            user_templates=templates,
        )  # fmt: skip

    # When the packaged template changes, templates/post.md.j2 must follow it.
    assert post(TEMPLATES) == post(None).rstrip("\n") + "\n\n" + CLOSING + "\n"


def test_the_example_prompt_says_what_the_packaged_one_says() -> None:
    def prompt(folder: Path) -> str:
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(folder), undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True, autoescape=False,
        )  # fmt: skip
        return env.get_template("story_system.md.j2").render(marker="m1", max_facts=4)

    # When the packaged prompt changes, templates/story_system.md.j2 must follow it.
    assert prompt(TEMPLATES) == prompt(ROOT / "digest" / "prompts")


def test_a_prompt_in_the_folder_is_what_the_model_reads(tmp_path: Path) -> None:
    root = sample(tmp_path)
    shutil.copytree(TEMPLATES, root / "templates")
    prompt = root / "templates" / "story_system.md.j2"
    text = prompt.read_text(encoding="utf-8")
    assert '"커뮤니티").' in text
    prompt.write_text(text.replace('"커뮤니티").', '"커뮤니티", "보안 소식").'), "utf-8")
    config = root / "sources.yaml"
    with FakeOpenAI() as server:
        config.write_text(
            f"llm:\n  base_url: {server.base_url}\n  model: gpt-4o-mini\n"
            + config.read_text(encoding="utf-8"),
            encoding="utf-8",
        )
        body = body_of_build(root)
    stories = [r for r in server.chat_requests if is_story_request(r)]
    assert stories and all('"보안 소식"' in r.system for r in stories)
    assert not any('"보안 소식"' in r.system for r in server.chat_requests if r not in stories)
    assert body.endswith(CLOSING)
