"""``digest doctor``: is this setup able to build tomorrow's post? What to fix if not.

It checks the folders, the environment variables every source and the model need (present
or not; values are never shown), then reaches each source with its smallest call and the
model server with ``GET /models``. Probes write nothing into the real archive: they run
against a throwaway one, so a probe's conditional-GET state can never hide items from the
next build.
"""

from __future__ import annotations

import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import openai

from digest.archive import Archive
from digest.config import Settings, window_for
from digest.errors import DigestError
from digest.health import source_health
from digest.llm import is_local
from digest.llm import make_client as make_llm_client
from digest.sources import FetchContext, SourceBase


@dataclass
class Check:
    """One line of the doctor's table.

    Attributes:
        area: what is checked (``folders``, ``source <name>``, ``llm``).
        check: the check.
        status: ``ok``, ``fail`` or ``skip``.
        detail: what was found, or what to do about it.
    """

    area: str
    check: str
    status: str
    detail: str


def diagnose(settings: Settings) -> list[Check]:
    """Every check, in table order."""
    config = settings.config
    checks = [
        _writable("folders", "state folder", settings.state_dir),
        _writable("folders", "output folder", settings.resolve(config.output.dir)),
    ]
    try:
        with settings.state.open_archive() as kept:
            checks.append(Check("folders", "archive", "ok", str(settings.archive_path)))
            checks += _history(settings, kept)
    except Exception as exc:
        checks.append(Check("folders", "archive", "fail", f"{exc}"))

    now = datetime.now(UTC)
    window = window_for(config, now.astimezone(config.tz).date())
    sources = [s for s in config.sources if s.enabled]
    checks += [
        Check(f"source {s.name}", "enabled", "skip", "enabled: false")
        for s in config.sources
        if not s.enabled
    ]
    with (
        tempfile.TemporaryDirectory(prefix="digest-doctor-") as scratch,
        Archive(Path(scratch) / "probe.sqlite3") as archive,
        FetchContext.open(settings, archive, window, now=now, refetch=True) as opened,
    ):
        # A probe makes one attempt: retrying an unreachable host only makes the doctor slow.
        ctx = replace(opened, settings=replace(opened.settings, retries=0))

        def probe(source: SourceBase) -> list[Check]:
            area = f"source {source.name}"
            out = []
            missing = [n for n in source.secrets() if not os.environ.get(n, "").strip()]
            for name in source.secrets():
                state = "fail" if name in missing else "ok"
                shown = f"export {name}=... (not set)" if name in missing else "set (not shown)"
                out.append(Check(area, f"${name}", state, shown))
            if missing:
                out.append(Check(area, f"reach ({source.type})", "skip", "needs the variable"))
                return out
            try:
                found = source.probe(ctx)
            except DigestError as exc:
                out.append(Check(area, f"reach ({source.type})", "fail", _line(str(exc))))
            except Exception as exc:  # a bug in a probe must not hide the other checks
                out.append(
                    Check(area, f"reach ({source.type})", "fail", f"{type(exc).__name__}: {exc}")
                )
            else:
                out.append(Check(area, f"reach ({source.type})", "ok", found))
            return out

        with ThreadPoolExecutor(max_workers=config.fetch.concurrency) as pool:
            for result in pool.map(probe, sources):
                checks += result
    checks += _llm(settings)
    return checks


def _history(settings: Settings, archive: Archive) -> list[Check]:
    """The last built post, and each enabled source's record over the last days."""
    config = settings.config
    last = archive.last_post()
    if last is None:
        checks = [Check("history", "last post", "skip", "no post built yet")]
    else:
        day, built = last
        when = built.astimezone(config.tz).strftime("%Y-%m-%d %H:%M")
        checks = [Check("history", "last post", "ok", f"{day} (built {when})")]
    after = config.fetch.unhealthy_after
    for source in config.sources:
        runs = archive.source_runs(source.name) if source.enabled else []
        if not runs:
            continue
        health = source_health(source.name, runs, config.tz)
        if health.unhealthy(after):
            detail = f"{health.describe()}; fix or disable it"
            checks.append(Check(f"source {source.name}", "recent days", "fail", detail))
        else:
            since = health.last_good.isoformat() if health.last_good else "never"
            checks.append(
                Check(f"source {source.name}", "recent days", "ok", f"last items {since}")
            )
    return checks


def _llm(settings: Settings) -> list[Check]:
    llm = settings.config.llm
    if llm is None:
        return [Check("llm", "model", "skip", "no llm section: posts are written extractively")]
    checks = []
    key = os.environ.get(llm.api_key_env, "").strip()
    if key:
        checks.append(Check("llm", f"${llm.api_key_env}", "ok", "set (not shown)"))
    elif llm.base_url is None:
        checks.append(
            Check("llm", f"${llm.api_key_env}", "fail", f"export {llm.api_key_env}=... (not set)")
        )
        return checks
    else:
        checks.append(Check("llm", f"${llm.api_key_env}", "skip", "not set; optional here"))
    where = llm.base_url or "OpenAI"
    try:
        client = make_llm_client(llm).with_options(max_retries=0, timeout=min(llm.timeout, 20))
        listed = [m.id for m in client.models.list()]
    except DigestError as exc:
        checks.append(Check("llm", f"reach {where}", "fail", _line(str(exc))))
        return checks
    except openai.AuthenticationError:
        checks.append(
            Check("llm", f"reach {where}", "fail", f"the key in {llm.api_key_env} was refused")
        )
        return checks
    except openai.APIConnectionError:
        hint = "is the server running?" if is_local(llm.base_url) else "check base_url"
        checks.append(Check("llm", f"reach {where}", "fail", f"cannot connect; {hint}"))
        return checks
    except openai.APIError as exc:
        checks.append(Check("llm", f"reach {where}", "fail", _line(f"{type(exc).__name__}")))
        return checks
    checks.append(Check("llm", f"reach {where}", "ok", f"{len(listed)} models listed"))
    for model in dict.fromkeys(m for m in (llm.model, llm.compose_model) if m):
        known = model in listed or not listed
        checks.append(
            Check(
                "llm",
                f"model {model}",
                "ok" if known else "fail",
                "listed by the server" if known else "not listed: check llm.model (or pull it)",
            )
        )
    return checks


def _writable(area: str, check: str, folder: Path) -> Check:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".doctor-"):
            pass
    except OSError as exc:
        return Check(area, check, "fail", f"{folder}: {exc.strerror or exc}; make it writable")
    return Check(area, check, "ok", str(folder))


def _line(text: str) -> str:
    return " ".join(text.split())
