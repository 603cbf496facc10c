"""The options ``digest`` commands share and the helpers that read them.

``--config``, ``--date``, ``--debug`` and ``--json``; the config's loading, dates and times
given on the command line, where posts go, and the rich console. Only typer and the standard
library are imported at the top; config and rich are imported by the function that needs them.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from digest.clierrors import remember_debug, remember_secrets
from digest.errors import ConfigError

if TYPE_CHECKING:
    from rich.console import Console

    from digest.config import Settings


ConfigOption = Annotated[
    Path,
    typer.Option(
        "--config",
        "-c",
        help="The configuration file.",
        show_default=True,
        envvar="DIGEST_CONFIG",
        show_envvar=True,
    ),
]
DayOption = Annotated[
    str | None,
    typer.Option("--date", "-d", help="The post's date, YYYY-MM-DD (default: today, local)."),
]
DebugOption = Annotated[
    bool,
    typer.Option("--debug", help="Show the traceback of an error.", callback=remember_debug),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]


WIDE = 240
"""Columns of tables and messages written to a pipe, a file or cron mail (not a terminal)."""


def console(*, stderr: bool = False, quiet: bool = False) -> Console:
    """A rich console; off a terminal it is wide and never hard-wraps a message.

    On a terminal it takes the terminal's width; elsewhere (``COLUMNS`` unset) tables get
    ``WIDE`` columns and fold what is longer, so nothing is cut.
    """
    from rich.console import Console

    out = Console(stderr=stderr, quiet=quiet, highlight=False, soft_wrap=True)
    if not out.is_terminal and "COLUMNS" not in os.environ:
        out.width = WIDE
    return out


def load_settings(path: Path) -> Settings:
    """The config at ``path``; the environment variables it names as secrets are noted."""
    from digest import config as config_mod

    settings = config_mod.load(path)
    remember_secrets(settings.config.model_dump())
    return settings


def parse_date(value: str | None, settings: Settings) -> date:
    if value is None:
        return datetime.now(settings.config.tz).date()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"--date {value!r} is not a date", "write it as YYYY-MM-DD") from None


def parse_moment(value: str | None, option: str, settings: Settings) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ConfigError(
            f"{option} {value!r} is not a date and time",
            "write it as 2024-05-03T06:00 (local time) or with an offset, 2024-05-03T06:00+09:00",
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=settings.config.tz)


def posts_dir(settings: Settings, out: Path | None, site: Path | None) -> Path:
    """Where posts go: ``--out``, else ``--site`` and the site's posts folder, else the config."""
    if out is not None and site is not None:
        raise ConfigError("give --out or --site, not both", "--site PATH writes into a site")
    if out is not None:
        return out
    if site is not None:
        if not site.is_dir():
            raise ConfigError(
                f"--site {site} is not a folder", "give the root folder of your Gatsby or Hugo site"
            )
        return site / settings.config.output.posts_folder
    return settings.resolve(settings.config.output.dir)
