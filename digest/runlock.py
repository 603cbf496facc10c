"""One run at a time per state folder: an advisory file lock, and the run log.

Two cron jobs (or a cron job and a person) building at once would race on the archive and
the post. ``run_lock`` takes an exclusive ``flock`` on the state folder's lock file
(``StateDir.lock``); a second run waits up to ``wait`` seconds, then gives up with a message
naming the holder. The lock goes with the process, so a run that crashed never leaves a
stale lock behind.

``setup_log`` writes a rotating log (``StateDir.log_file``, 1 MB × 5).
"""

from __future__ import annotations

import fcntl
import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from logging.handlers import RotatingFileHandler
from pathlib import Path

from digest.errors import DigestError, ExitCode

LOG = logging.getLogger("digest")


class Busy(DigestError):
    """Another run holds the lock."""

    exit_code = ExitCode.BUSY


@contextmanager
def run_lock(lock: Path, wait: float = 30.0, poll: float = 0.2) -> Iterator[None]:
    """Hold the state folder's ``lock`` file for the ``with`` block; ``Busy`` after ``wait`` s."""
    state_dir = lock.parent
    try:
        state_dir.mkdir(parents=True, exist_ok=True)
        handle = open(lock, "a+", encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        raise DigestError(
            f"cannot create the lock file in {state_dir}: {exc.strerror or exc}",
            "check that the state folder (state_dir in the config) is writable",
        ) from None
    deadline = time.monotonic() + wait
    try:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    handle.seek(0)
                    holder = handle.read().strip() or "another process"
                    raise Busy(
                        f"another digest run is using {state_dir} ({holder}); waited {wait:.0f} s",
                        "let it finish (one run at a time per state folder), then run again",
                    ) from None
                time.sleep(poll)
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()} since {datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC\n")
        handle.flush()
        yield
    finally:
        handle.close()  # closing the file releases the lock


def setup_log(path: Path) -> Path | None:
    """Log the ``digest`` logger to the rotating file ``path``; its path, or None."""
    folder = path.parent
    for handler in LOG.handlers:
        if isinstance(handler, RotatingFileHandler) and Path(handler.baseFilename) == path:
            return path
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    except OSError:
        return None  # a read-only state folder fails later with a clear error of its own
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    LOG.addHandler(handler)
    LOG.setLevel(logging.INFO)
    return path
