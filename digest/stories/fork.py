"""Part of a build's work done in a second process, forked, so that a second core can take it.

A forked child starts with everything the parent has (imports, the items, caches) in a few
milliseconds, where a spawned one would import the engine again (about a second). It runs one
pure function and sends back its result, pickled, through a pipe; the parent reads it when it
needs it. The result is the same either way: where no child can be forked (no ``os.fork``,
other threads running, which a fork would leave half-copied, or the fork failed) or the child
fails, the parent runs the function itself.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def can_fork() -> bool:
    """Whether ``in_child`` may fork here: a POSIX system and no other thread running."""
    return hasattr(os, "fork") and sys.platform != "darwin" and threading.active_count() == 1


def in_child(work: Callable[[], T]) -> Callable[[], T]:
    """Start ``work`` in a forked child; the function returned waits for its result.

    Call the function returned exactly once (it also reaps the child). If the parent fails
    before it does, the child is left to finish and exit on its own.
    """
    if not can_fork():
        return work
    try:
        read, write = os.pipe()
    except OSError:
        return work
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        return work
    if pid == 0:  # the child: do the work, send it, leave without running any exit handler
        status = 1
        try:
            os.close(read)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            data = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write, "wb") as out:
                out.write(data)
            status = 0
        finally:
            os._exit(status)
    os.close(write)

    def result() -> T:
        try:
            with os.fdopen(read, "rb") as pipe:
                data = pipe.read()
        finally:
            _, status = os.waitpid(pid, 0)
        if status == 0 and data:
            try:
                out: T = pickle.loads(data)
                return out
            except Exception:  # a broken result is redone here, not raised
                pass
        return work()

    return result
