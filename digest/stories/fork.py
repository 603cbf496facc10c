"""Part of a build's work done in a second process, forked, so that a second core can take it.

A forked child starts with everything the parent has (imports, the items, caches) in a few
milliseconds, where a spawned one would import the engine again (about a second). It runs one
pure function and sends back its result, pickled, through a pipe; the parent reads it when it
needs it. The result is the same either way: where no child can be forked (no ``os.fork``,
other threads running, which a fork would leave half-copied, or the fork failed) or the child
fails, the parent runs the function itself. Threads started inside C libraries are not seen by
``threading``; numpy and scipy start none here.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import TypeVar

T = TypeVar("T")


def can_fork() -> bool:
    """Whether ``in_child`` may fork here: a POSIX system and no other thread running."""
    return hasattr(os, "fork") and sys.platform != "darwin" and threading.active_count() == 1


@contextmanager
def in_child(work: Callable[[], T]) -> Iterator[Callable[[], T]]:
    """Start ``work`` in a forked child; the function given waits for its result.

    Call that function at most once, inside the ``with`` block. A child whose result is not
    taken by the end of the block (an exception, or no call) is killed and reaped there, so no
    child and no pipe outlive the block.
    """
    if not can_fork():
        yield work
        return
    try:
        read, write = os.pipe()
    except OSError:
        yield work
        return
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        yield work
        return
    if pid == 0:  # the child: do the work, send it, leave without running any exit handler
        status = 1
        try:
            os.close(read)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            data = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write, "wb") as out:
                out.write(data)
            status = 0
        finally:
            os._exit(status)
    os.close(write)
    pipe = os.fdopen(read, "rb")
    taken = False

    def result() -> T:
        nonlocal taken
        if taken:
            raise RuntimeError("a forked child's result is taken once, inside its block")
        taken = True
        try:
            data = pipe.read()
        finally:
            pipe.close()
            status = _reap(pid)
        if status == 0 and data:
            try:
                out: T = pickle.loads(data)
                return out
            except Exception:  # a broken result is redone here, not raised
                pass
        return work()

    try:
        yield result
    finally:
        if not taken:
            taken = True  # too late to take it now
            pipe.close()
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            _reap(pid)


def _reap(pid: int) -> int | None:
    """Wait for the child ``pid``; its wait status, or None if it was reaped elsewhere (a
    SIGCHLD set to be ignored reaps children at once)."""
    try:
        return os.waitpid(pid, 0)[1]
    except ChildProcessError:
        return None
