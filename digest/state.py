"""The state folder: everything a run leaves behind, laid out in one place.

``<state_dir>`` (``state_dir`` in the config, ``.digest`` beside it by default) holds::

    archive.sqlite3       items, fetch state, answer cache, built posts, covered stories
                          (``archive:`` in the config may put it elsewhere)
    digests/<date>.json   the digest each build wrote: ``eval`` and ``preview`` read it back,
                          and later builds read the earlier ones not to repeat them
    reports/<date>.json   the run report
    logs/digest.log       the run log (rotating)
    digest.lock           one run at a time
    preview/              the Hugo site ``digest preview`` builds in: the bundled one, or a
                          copy of the user's site (which is only read)

``write_atomic`` is the one place a file is written: posts, digests and reports.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from digest.archive import Archive
from digest.errors import DigestError, OutputError
from digest.models import Digest

if TYPE_CHECKING:
    from digest.report import RunReport


def write_atomic(path: Path, text: str) -> None:
    """Write a file so that readers see the old or the new text, never half of it."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise OutputError(
            f"cannot write {path}: {exc.strerror or exc}",
            "check that the output folder exists, is writable and the disk has room",
        ) from None


@dataclass(frozen=True)
class StateDir:
    """The state folder's layout, and reading and writing what is kept in it.

    Attributes:
        root: the state folder.
        archive: the SQLite archive file.
        digests: the folder of saved digests.
        reports: the folder of run reports.
        log_file: the run log.
        lock: the lock file that keeps runs one at a time.
        preview: the folder ``digest preview`` builds in (a fresh copy of the site).
    """

    root: Path
    archive: Path
    digests: Path
    reports: Path
    log_file: Path
    lock: Path
    preview: Path

    @classmethod
    def at(cls, root: Path, archive: Path | None = None) -> StateDir:
        """The layout of the folder ``root``; the archive is in it unless given elsewhere."""
        return cls(
            root=root,
            archive=archive or root / "archive.sqlite3",
            digests=root / "digests",
            reports=root / "reports",
            log_file=root / "logs" / "digest.log",
            lock=root / "digest.lock",
            preview=root / "preview",
        )

    def digest_file(self, day: date | str) -> Path:
        """Where the digest for ``day`` is saved."""
        return self.digests / f"{_iso(day)}.json"

    def report_file(self, day: date | str) -> Path:
        """Where the run report for ``day`` is saved."""
        return self.reports / f"{_iso(day)}.json"

    # the archive -----------------------------------------------------------
    def open_archive(self) -> Archive:
        """The archive; upgrading an old one keeps the digests it held in ``digests/``."""
        return Archive(self.archive, keep_digests=self._keep_digests)

    def _keep_digests(self, rows: list[tuple[str, str]]) -> None:
        for day, text in rows:
            path = self.digest_file(day)
            try:
                data = json.loads(text)
            except ValueError:
                continue  # nothing worth keeping
            if not path.exists():
                write_atomic(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")

    # digests ---------------------------------------------------------------
    def save_digest(self, day: date, digest: Digest) -> Path:
        """Save the digest a build wrote for ``day``; its path."""
        path = self.digest_file(day)
        data = digest.model_dump(mode="json")
        write_atomic(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
        return path

    def load_digest(self, day: date) -> Digest:
        """The digest the last build for ``day`` saved; a clear error when there is none."""
        digest = self._read_digest(_iso(day))
        if digest is None:
            raise DigestError(
                f"no post was built for {day.isoformat()} (looked for {self.digest_file(day)})",
                f"run `digest build --date {day.isoformat()}` with the same --config first",
            )
        return digest

    def earlier_digests(self, archive: Archive, day: str, limit: int) -> list[Digest]:
        """The digests of the ``limit`` latest posts dated before ``day``, newest first.

        A post whose digest file is gone is left out.
        """
        found = (self._read_digest(post.date) for post in archive.posts_before(day, limit))
        return [d for d in found if d is not None]

    def _read_digest(self, day: str) -> Digest | None:
        path = self.digest_file(day)
        rebuild = f"rebuild it with `digest build --date {day}` (same --config)"
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            raise DigestError(
                f"cannot read the saved digest {path}: {_one_line(str(reason))}",
                f"check the file's permissions, or {rebuild}",
            ) from None
        try:
            return Digest.model_validate_json(text)
        except ValidationError as exc:
            raise DigestError(
                f"the saved digest {path} is damaged: {_first_problem(exc)}", rebuild
            ) from None

    # reports ---------------------------------------------------------------
    def save_report(self, report: RunReport) -> Path:
        """Save a run report as ``reports/<date>.json``; its path."""
        path = self.report_file(report.date)
        write_atomic(path, report.to_json() + "\n")
        return path

    def load_report(self, day: date) -> dict[str, Any] | None:
        """The saved run report for ``day`` as plain data, or None when there is none."""
        path = self.report_file(day)
        rebuild = f"rebuild it with `digest build --date {day.isoformat()}`, or delete it"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise DigestError(
                f"cannot read the run report {path}: {_one_line(str(exc))}", rebuild
            ) from None
        if not isinstance(data, dict):
            raise DigestError(f"the run report {path} is not a report (a JSON object)", rebuild)
        return data


def _iso(day: date | str) -> str:
    return day if isinstance(day, str) else day.isoformat()


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _first_problem(exc: ValidationError) -> str:
    """The first thing wrong with a saved digest, in one line."""
    errors = exc.errors()
    first = errors[0]
    where = ".".join(str(part) for part in first["loc"])
    problem = _one_line(f"{where}: {first['msg']}" if where else first["msg"])
    more = len(errors) - 1
    return problem + (f" (and {more} more problem{'s' if more > 1 else ''})" if more else "")
