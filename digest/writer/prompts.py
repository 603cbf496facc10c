"""The prompts (``digest/prompts/*.j2``, a user's template folders first) and the data block
that carries the items to the model."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jinja2

# A data-block marker, whole or cut off (<<DATA 1a2b>>, <<END, << /DATA ...>>).
_MARKER = re.compile(r"<<\s*/?\s*(?:DATA|END)\b[^<>\n]{0,40}(?:>>)?", re.IGNORECASE)


def prompt_env(template_dirs: Sequence[Path]) -> jinja2.Environment:
    """Prompt templates from ``template_dirs`` (those that exist), then the packaged ones."""
    user = jinja2.FileSystemLoader([str(p) for p in template_dirs if p.is_dir()])
    packaged = jinja2.PackageLoader("digest", "prompts")
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader([user, packaged]),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )


def data_block(payload: Any) -> tuple[str, str]:
    """Data as delimited compact JSON (no indentation or spaces: they were more than half of
    the data), with a marker derived from the data itself (stable for caching)."""
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    marker = hashlib.sha256(data.encode("utf-8")).hexdigest()[:10]
    return marker, f"<<DATA {marker}>>\n{data}\n<<END {marker}>>"


def strip_markers(text: str) -> str:
    """``text`` without data-block markers, whole or cut off: ones the model echoed, and fake
    ones an item carries to look like the end of its data."""
    return _MARKER.sub("", text)
