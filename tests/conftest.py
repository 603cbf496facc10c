"""Shared test setup: no test may reach a paid LLM or read the developer's keys."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from digest.archive import Archive
from tests.fake_openai import FakeOpenAI

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "sample"


@pytest.fixture(autouse=True)
def _offline_llm(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIGEST_LLM_LOCAL_ONLY", "1")
    for name in list(os.environ):
        if name.endswith("_API_KEY") or name.startswith("OPENAI_"):
            monkeypatch.delenv(name, raising=False)


@pytest.fixture
def server() -> Iterator[FakeOpenAI]:
    """The fake OpenAI-compatible server, answering with the scripted model."""
    with FakeOpenAI() as fake:
        yield fake


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    """A fresh archive file."""
    with Archive(tmp_path / "a.sqlite3") as db:
        yield db
