"""Shared test setup: no test may reach a paid LLM or read the developer's keys."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "sample"


@pytest.fixture(autouse=True)
def _offline_llm(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIGEST_LLM_LOCAL_ONLY", "1")
    for name in list(os.environ):
        if name.endswith("_API_KEY") or name.startswith("OPENAI_"):
            monkeypatch.delenv(name, raising=False)
