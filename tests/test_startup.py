"""What starting ``digest`` and rerunning a build load and do, in fresh interpreters.

Import cost is part of the interface: these tests assert which modules are loaded and how
many calls a rerun makes, never how long anything takes (``benchmarks/sample_build.py``
prints the times).
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import TypeAdapter, ValidationError
from typer._display import get_error_msg

from digest.clitypes import read_float, read_int
from tests.clirun import digest
from tests.conftest import ROOT, SAMPLE
from tests.fake_openai import FakeOpenAI

# What a rerun with nothing new has no use for: the LLM client, the clustering's numerics,
# the HTTP client, the templates, the feed and HTML parsers and text repair.
NOT_FOR_A_RERUN = {
    "openai", "numpy", "scipy", "sklearn", "httpx", "httpcore", "jinja2", "frontmatter",
    "bs4", "ftfy", "trafilatura", "feedparser",
}  # fmt: skip


def fresh_run(args: list[str], cwd: Path) -> tuple[int, set[str]]:
    """``digest ARGS`` in a new interpreter: its exit code and every module it loaded."""
    script = (
        "import sys\n"
        "from digest.cli import app\n"
        "try:\n"
        f"    app({args!r}, prog_name='digest')\n"
        "except SystemExit as stop:\n"
        "    code = stop.code or 0\n"
        "print('\\nmodules:', code, *sorted(sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True, text=True, timeout=300, cwd=cwd, check=True,
    )  # fmt: skip
    line = result.stdout.rsplit("\nmodules: ", 1)[1].split()
    return int(line[0]), set(line[1:])


def tops(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


def test_a_rerun_with_nothing_new_loads_only_what_it_needs_and_calls_nothing(
    tmp_path: Path,
) -> None:
    sample = tmp_path / "sample"
    shutil.copytree(SAMPLE, sample, ignore=shutil.ignore_patterns(".digest"))
    with FakeOpenAI() as server:
        config = sample / "sources-llm.yaml"
        config.write_text(
            f"llm:\n  base_url: {server.base_url}\n  model: fake-model\n"
            + (sample / "sources.yaml").read_text(encoding="utf-8"),
            encoding="utf-8",
        )
        build = ["build", "--date", "2024-05-04", "--config", str(config), "--out", "out"]
        first = digest(*build, "--report-json", "first.json", cwd=tmp_path)
        assert first.exit_code == 0, first.stderr
        before = json.loads((tmp_path / "first.json").read_text(encoding="utf-8"))
        calls = len(server.chat_requests)
        assert calls == before["llm"]["calls"] > 0 and not before["reused"]

        code, modules = fresh_run([*build, "-q", "--report-json", "again.json"], tmp_path)
        assert code == 0
        assert tops(modules) & (NOT_FOR_A_RERUN | {"rich"}) == set()
        assert "typer._adapters" not in modules  # option values are read without pydantic
        assert len(server.chat_requests) == calls
        again = json.loads((tmp_path / "again.json").read_text(encoding="utf-8"))
        assert again["reused"] and again["post"] == before["post"]
        assert again["llm"]["calls"] == 0
        assert again["llm"]["cache_hits"] == before["llm"]["calls"] + before["llm"]["cache_hits"]
        assert {s["status"] for s in again["sources"]} == {"cached"}

        # Printing the report (not quiet) needs rich, and nothing more.
        code, modules = fresh_run(build, tmp_path)
        assert code == 0 and "rich" in tops(modules)
        assert tops(modules) & NOT_FOR_A_RERUN == set()
        assert "rich.progress" not in modules  # no progress bar off a terminal
        assert len(server.chat_requests) == calls


def test_a_first_build_from_local_files_loads_no_http_client_and_no_css_engine(
    tmp_path: Path,
) -> None:
    # The sample reads only files: the HTTP client is made on the first request, and the
    # HTML parser is loaded without soupsieve (its CSS selectors are used nowhere here).
    sample = tmp_path / "sample"
    shutil.copytree(SAMPLE, sample, ignore=shutil.ignore_patterns(".digest"))
    build = ["build", "--date", "2024-05-04", "--config", "sources.yaml", "--out", "out"]
    code, modules = fresh_run([*build, "-q"], sample)
    assert code == 0
    assert {"bs4", "feedparser"} <= tops(modules)  # it did read feeds and pages
    assert tops(modules) & {"httpx", "httpcore", "soupsieve"} == set()


def test_a_bad_option_value_fails_before_pydantic_is_loaded() -> None:
    code, modules = fresh_run(["stories", "--limit", "2.5"], ROOT)
    assert code == 2
    assert "pydantic" not in tops(modules) and "typer._adapters" not in modules


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["stories", "--limit", "2.5"], "Input should be a valid integer, unable to parse"),
        (["preview", "--port", "http"], "Input should be a valid integer, unable to parse"),
        (["build", "--lock-wait", "soon"], "Input should be a valid number, unable to parse"),
    ],
)
def test_a_bad_option_value_is_a_usage_error_naming_the_option(
    tmp_path: Path, args: list[str], message: str
) -> None:
    result = digest(*args, cwd=tmp_path)
    assert result.exit_code == 2
    assert f"Invalid value for '{args[1]}': {message}" in result.stderr
    assert f"Usage: digest {args[0]} [OPTIONS]" in result.stderr


TEXTS = [
    "3", "+3", "-3", " 3", "3 ", "\t3\n", "1_0", "1__0", "_1", "1_", "3.0", "3.00", "3.", "3.5",
    "0x10", "0b1", "0o7", "1e3", "", " ", "٣", "３", "nan", "NaN", "-nan", "inf", "+inf",
    "-inf", "iNF", "Infinity", "infinity", "1e400", "-1e400", ".5", "5.", "+.5", "1_5.0_1",
    "1.5e-3", "1.0e+03", "- 1", "0003", "00", "1e", "e3", "1e_3", "1_e3", "+_1", "1_.5",
    "1._5", "1.0_0", "1_0.0", "_1.5", "1.5_", "1__e3", "1_0_0", "n_an", "in_f", "1.5e1_0",
    " _1", "1_ 0", "1 0",
    "99999999999999999999999", "12abc", "abc", "--1", "+-1", "1.2.3",
]  # fmt: skip


@pytest.mark.parametrize(("kind", "read"), [(int, read_int), (float, read_float)])
def test_option_numbers_are_read_as_typers_pydantic_adapters_read_them(
    kind: type, read: object
) -> None:
    adapter = TypeAdapter(kind)
    for text in TEXTS:
        try:
            expected: object = adapter.validate_python(text)
        except ValidationError as exc:
            expected = ValueError(get_error_msg(exc))
        try:
            got: object = read(text)  # type: ignore[operator]
        except ValueError as exc:
            got = exc
        if isinstance(expected, ValueError):
            assert isinstance(got, ValueError) and str(got) == str(expected), text
        elif isinstance(expected, float) and math.isnan(expected):
            assert isinstance(got, float) and math.isnan(got), text
        else:
            assert type(got) is kind and got == expected, text
