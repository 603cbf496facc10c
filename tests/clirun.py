"""Run the ``digest`` command in this process (typer's ``CliRunner``), from a given folder.

Options, output and exit codes are tested this way: the command goes through the same
``main`` as the installed script, without paying for a new interpreter and its imports.
Tests where processes are the point (the lock, two runs at once, a server stopped by a
signal) start ``python -m digest`` instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import chdir
from pathlib import Path

from typer.testing import CliRunner, Result

from digest.cli import app


def digest(*args: str, cwd: Path, env: Mapping[str, str] | None = None) -> Result:
    """``digest ARGS`` run in ``cwd``; ``env`` is added to the environment while it runs."""
    with chdir(cwd):
        return CliRunner().invoke(
            app, list(args), env=env, catch_exceptions=False, prog_name="digest"
        )
