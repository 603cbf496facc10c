"""One family of domain errors and the documented exit codes."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes of the ``digest`` command (documented in README.md)."""

    OK = 0
    """The post was written and every source worked."""
    ERROR = 1
    """Something failed; no post was written (or the command failed)."""
    USAGE = 2
    """Bad command line or configuration; nothing was run."""
    PARTIAL = 3
    """Some sources failed, but a post was written from the others."""
    NOTHING = 4
    """No items fell in the window: no post was written (none is invented)."""
    BELOW = 5
    """``digest eval``: the post is below a threshold of the ``eval`` settings."""
    BUSY = 6
    """Another run holds the state folder's lock; nothing was done."""


class DigestError(Exception):
    """An error a user can act on. ``hint`` says what to do next."""

    exit_code: ExitCode = ExitCode.ERROR

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n  → {self.hint}"


class ConfigError(DigestError):
    """The configuration file is missing or invalid."""

    exit_code = ExitCode.USAGE


class UsageError(DigestError):
    """A bad command line (a date in the future, a busy port, ...): nothing was run."""

    exit_code = ExitCode.USAGE


class FetchError(DigestError):
    """A source could not be fetched or parsed; the run goes on without it."""


class LLMError(DigestError):
    """The language model could not be reached or kept failing."""


class BudgetExceeded(LLMError):
    """The next LLM call would cross the configured token budget."""


class OutputError(DigestError):
    """The post could not be written (read-only folder, disk full, ...)."""
