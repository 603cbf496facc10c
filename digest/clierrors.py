"""How ``digest`` commands fail: every error becomes one message and an exit code.

``DigestCommands.main`` is the one place an error is printed (``report_error``), with secret
values masked (``redact``); ``--debug`` adds the traceback. ``failure_report`` writes
``--report-json`` for a build that failed. Only typer and the standard library are imported
here, so ``import digest.cli`` stays cheap.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import traceback
from collections.abc import Iterator, Sequence
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from digest.clitypes import plain_values
from digest.errors import DigestError, ExitCode

_DEBUG: ContextVar[bool] = ContextVar("digest_debug", default=False)
# Environment variables the loaded config names as secrets (``api_key_env``, ``token_env``):
# their values are masked in the one-line message of an unexpected error.
_SECRET_ENVS: set[str] = set()
_SECRET_NAME = re.compile(r"(^|_)(KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIALS?)(_|$)", re.I)


class _PlainValues:
    """Reads option values in plain Python (``digest.clitypes``), not through pydantic.

    typer would build a pydantic ``TypeAdapter`` for each option a command parses (the help
    flag and the completion options of the group included): more than half the time
    ``digest version`` took, and half a second of every build.
    """

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        plain_values(self.get_params(ctx))  # type: ignore[attr-defined]
        parsed: list[str] = super().parse_args(ctx, args)  # type: ignore[misc]
        return parsed


class DigestCommand(_PlainValues, TyperCommand):
    """One ``digest`` command."""


class DigestCommands(_PlainValues, TyperGroup):
    """The ``digest`` command group; its ``main`` maps every error to a message and exit code."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        """Run a command; a ``DigestError`` or an unexpected error is printed once, here."""
        token = _DEBUG.set(False)
        try:
            return super().main(
                args, prog_name, complete_var, standalone_mode, windows_expand_args, **extra
            )
        except Exception as exc:
            if not standalone_mode:
                raise
            sys.exit(report_error(exc, debug=_DEBUG.get()))
        finally:
            _DEBUG.reset(token)


def report_error(exc: BaseException, *, debug: bool = False) -> int:
    """Print ``exc`` for a person (a traceback only with ``debug``); the exit code it means."""
    if debug:
        # The standard traceback (file, line, code; never the values of local variables),
        # with secrets in messages masked as below.
        sys.stderr.write(redact("".join(traceback.format_exception(exc))))
    if isinstance(exc, DigestError):
        message, code = redact(str(exc)), int(exc.exit_code)
    else:
        text = redact(" ".join(str(exc).split()))
        message = (
            f"unexpected {type(exc).__name__}" + (f": {text[:300]}" if text else "") + "\n"
            "  → run again with --debug for the traceback, and report it"
        )
        code = int(ExitCode.ERROR)
    typer.secho("Error:", fg="red", bold=True, err=True, nl=False)
    typer.echo(f" {message}", err=True)
    return code


def redact(text: str) -> str:
    """``text`` with secret values from the environment, API keys and URL secrets masked."""
    for name, value in os.environ.items():
        secret = name in _SECRET_ENVS or _SECRET_NAME.search(name)
        if secret and len(value) >= 6 and value in text:
            text = text.replace(value, "***")
    text = re.sub(r"sk-[A-Za-z0-9_*-]{6,}", "sk-***", text)
    if "://" in text:
        from digest.http import redact_url

        text = re.sub(r"[a-z][a-z0-9+.-]*://[^\s'\"<>]+", lambda m: redact_url(m[0]), text)
    return text


def remember_debug(value: bool) -> bool:
    if value:
        _DEBUG.set(True)
    return value


def remember_secrets(data: object) -> None:
    """Note the environment variables that ``data`` (a loaded config as plain data) names as
    secrets, so that error messages mask their values."""
    _SECRET_ENVS.update(_env_names(data))


def _env_names(data: object) -> Iterator[str]:
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(key, str) and key.endswith("_env") and isinstance(value, str):
                yield value
            else:
                yield from _env_names(value)
    elif isinstance(data, list):
        for value in data:
            yield from _env_names(value)


def failure_report(path: Path | None, exc: BaseException, day: str) -> None:
    """Write ``--report-json`` for a build that failed: the pipeline's report when it made one,
    else one with the date, the exit code and the error."""
    if path is None:
        return
    from digest.report import RunReport
    from digest.state import write_atomic

    report = exc.report if isinstance(exc, DigestError) else None
    if report is None:
        code = exc.exit_code if isinstance(exc, DigestError) else ExitCode.ERROR
        report = RunReport(date=day, since="", until="", exit_code=int(code))
    if isinstance(exc, DigestError):
        report.error = redact(" ".join(exc.message.split()))
    else:
        report.error = redact(f"unexpected {type(exc).__name__}: {' '.join(str(exc).split())}")[
            :500
        ]
    if str(path) == "-":
        typer.echo(report.to_json())
        return
    with contextlib.suppress(DigestError):  # the build's own error is the one to show
        write_atomic(path, report.to_json() + "\n")
