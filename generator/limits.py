"""Time and memory limits for one book, on any platform.

``resource`` exists only on Unix, so it is imported here behind a guard and nowhere else: on
Windows the memory limit is not enforced (the batch still runs) and the peak is not measured.
The time limit works everywhere: a timer thread interrupts the main thread, which stops at its
next Python step (a long call inside a C library finishes first).
"""

from __future__ import annotations

import _thread
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType

resource: ModuleType | None
try:
    import resource
except ImportError:  # Windows
    resource = None


# Each book's limits in a batch: a real book builds in seconds within 400 MB; these stop a
# pathological one.
TIME_LIMIT = 120.0
MEMORY_LIMIT_MB = 1536


class TimeLimitExceeded(Exception):
    """The book took longer than its time limit."""


def cap_memory(megabytes: int) -> bool:
    """Limit this process's memory (data segment, else address space) to ``megabytes``.

    Returns whether the platform enforces it. Allocations beyond it raise ``MemoryError``."""
    if resource is None or megabytes <= 0:
        return False
    limit = megabytes * 1024 * 1024
    for name in ("RLIMIT_DATA", "RLIMIT_AS"):
        kind = getattr(resource, name, None)
        if kind is None:
            continue
        try:
            _, hard = resource.getrlimit(kind)
            if hard != resource.RLIM_INFINITY:
                limit = min(limit, hard)
            resource.setrlimit(kind, (limit, hard))
        except (ValueError, OSError):
            continue
        return True
    return False


def peak_kb() -> int:
    """Peak resident memory of this process in KB (0 where it cannot be measured)."""
    if resource is None:
        return 0
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`TimeLimitExceeded` in this (main) thread after ``seconds``."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return
    expired = threading.Event()

    def _expire() -> None:
        expired.set()
        _thread.interrupt_main()

    timer = threading.Timer(seconds, _expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    except KeyboardInterrupt:
        if expired.is_set():
            raise TimeLimitExceeded(seconds) from None
        raise
    finally:
        timer.cancel()
