from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from digest.config import parse, window_for
from digest.errors import ConfigError, ExitCode

MINIMAL = """\
sources:
  - type: rss
    name: blog
    url: feeds/blog.xml
"""


def load(text: str):
    return parse(text, Path("/tmp/cfg/sources.yaml"))


def test_minimal_config_has_documented_defaults() -> None:
    settings = load(MINIMAL)
    config = settings.config
    assert config.timezone == "Asia/Seoul"
    assert config.language == "ko"
    assert config.llm is None
    assert config.window.hours == 24
    assert settings.archive_path == Path("/tmp/cfg/.digest/archive.sqlite3")
    assert settings.resolve("output") == Path("/tmp/cfg/output")


def test_window_covers_the_day_before_in_local_time() -> None:
    window = window_for(load(MINIMAL).config, date(2024, 5, 4))
    kst = ZoneInfo("Asia/Seoul")
    assert window.since == datetime(2024, 5, 3, 0, 0, tzinfo=kst)
    assert window.until == datetime(2024, 5, 4, 0, 0, tzinfo=kst)
    # Half-open, and exact across the UTC date line: 15:00 UTC on May 3 is midnight KST.
    assert datetime(2024, 5, 2, 15, 0, tzinfo=ZoneInfo("UTC")) in window
    assert datetime(2024, 5, 3, 14, 59, 59, tzinfo=ZoneInfo("UTC")) in window
    assert datetime(2024, 5, 3, 15, 0, tzinfo=ZoneInfo("UTC")) not in window


def test_window_end_and_length_are_configurable() -> None:
    text = 'timezone: America/New_York\nwindow:\n  end: "06:30"\n  hours: 12\n' + MINIMAL
    window = window_for(load(text).config, date(2024, 3, 10))  # DST starts that night
    ny = ZoneInfo("America/New_York")
    assert window.until == datetime(2024, 3, 10, 6, 30, tzinfo=ny)
    assert (window.until - window.since).total_seconds() == 12 * 3600


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (MINIMAL + "    colour: red\n", "sources[0].colour: unknown setting"),
        (MINIMAL.replace("type: rss", "type: gopher"), "sources[0]"),
        (MINIMAL + "  - type: rss\n    name: blog\n    url: x.xml\n", "two sources are named"),
        ("timezone: Mars/Olympus\n" + MINIMAL, "timezone: unknown time zone"),
        ("llm:\n  model: m\n  api_key_env: sk-abc123\n" + MINIMAL, "llm.api_key_env"),
        ("window:\n  hours: 0\n" + MINIMAL, "window.hours"),
        (MINIMAL.replace("    url: feeds/blog.xml\n", ""), "sources[0].url: required setting"),
        (MINIMAL.replace("name: blog", "name: Blog Feed"), "sources[0].name"),
        ("sources: []\n", "sources"),
        ("llm:\n  concurrency: 4\n" + MINIMAL, "llm.model: required setting is missing"),
        (
            "output:\n  site: wordpress\n" + MINIMAL,
            "output.site: unknown site 'wordpress'; choose one of gatsby, hugo, jekyll (",
        ),
    ],
)
def test_config_errors_name_the_key(text: str, expected: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load(text)
    assert expected in str(caught.value)
    assert caught.value.exit_code == ExitCode.USAGE


def test_config_error_gives_the_yaml_line() -> None:
    text = MINIMAL + "  - type: rss\n    name: second\n    url: b.xml\n    wieght: 2\n"
    with pytest.raises(ConfigError) as caught:
        load(text)
    message = str(caught.value)
    assert "sources[1].wieght: unknown setting" in message
    assert "sources.yaml line 8" in message


def test_broken_yaml_is_reported_with_its_line() -> None:
    with pytest.raises(ConfigError) as caught:
        load("sources:\n  - type: rss\n   name: x\n")
    assert "line 3" in str(caught.value)


def test_top_level_must_be_a_mapping() -> None:
    with pytest.raises(ConfigError, match="mapping"):
        load("- just\n- a list\n")


def test_missing_file_says_what_to_do(tmp_path: Path) -> None:
    from digest.config import load as load_file

    with pytest.raises(ConfigError) as caught:
        load_file(tmp_path / "nope.yaml")
    assert "not found" in str(caught.value)
    assert "--config" in str(caught.value)


def test_example_configs_are_valid() -> None:
    from digest.config import load as load_file

    root = Path(__file__).resolve().parent.parent
    assert load_file(root / "sources.yaml").config.llm is not None
    sample = load_file(root / "examples" / "sample" / "sources.yaml")
    assert len(sample.config.sources) >= 5


def test_a_source_name_yaml_reads_as_a_boolean_says_to_quote_it() -> None:
    with pytest.raises(ConfigError) as caught:
        parse("sources:\n  - {type: rss, name: off, url: a.xml}\n", Path("/tmp/cfg/sources.yaml"))
    assert 'quote it, like name: "off"' in str(caught.value)
