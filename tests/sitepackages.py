"""Where the site tests find real themes and npm packages, none of them stored in the repository.

``.ci/run`` installs the packages named in ``tests/site_checks/package.json`` (pinned by its
``package-lock.json``) from the npm registry into ``CACHE`` and points ``DIGEST_HUGO_THEMES``
there. ``DIGEST_HUGO_THEMES`` names a folder whose subfolders with ``layouts/`` are Hugo themes
as their authors publish them (PaperMod, Stack, ... unpacked by hand) and whose
``node_modules/`` holds the npm packages; without the variable the tests look in ``CACHE``.
What is missing is a skip on a developer's machine and a failure in CI (``CI`` set), where
``.ci/run`` must have installed it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "tests" / "site_checks"
CACHE = ROOT / ".cache" / "site-checks"


def themes_folder() -> Path | None:
    """``DIGEST_HUGO_THEMES``, or the CI install folder when it exists."""
    named = os.environ.get("DIGEST_HUGO_THEMES")
    if named:
        return Path(named)
    return CACHE if CACHE.is_dir() else None


def node_modules(package: str) -> Path | None:
    """The ``node_modules`` folder that holds ``package``, if any does."""
    folders = [f / "node_modules" for f in (themes_folder(), CACHE) if f is not None]
    for folder in folders:
        if (folder / package / "package.json").is_file():
            return folder
    return None


def require(found: object, what: str) -> None:
    """Skip the test when ``what`` is not installed; in CI fail instead."""
    if found:
        return
    message = f"{what} is not installed (.ci/run installs it into {CACHE})"
    if os.environ.get("CI"):
        pytest.fail(message + "; in CI it must be there")
    pytest.skip(message)
