"""Time and memory limits for one book, on any platform.

``resource`` exists only on Unix, so it is imported here behind a guard and nowhere else: on
Windows the memory limit is not enforced (the batch still runs) and the peak is not measured.
The time limit works everywhere: it counts the CPU seconds the book uses (a loaded machine does
not make a book fail), and a watcher thread interrupts the main thread, which stops at its next
Python step (a long call inside a C library finishes first).
"""

from __future__ import annotations

import _thread
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType, ModuleType

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


# How often the watcher reads the CPU clock: the overshoot of a limit is at most this.
_POLL = 0.05
# A book blocked without using the CPU (a hung file system, a stuck pipe) is still stopped after
# this many times its CPU limit in wall time.
_WALL_FACTOR = 10


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`TimeLimitExceeded` in this (main) thread once it has used ``seconds`` of CPU
    time (all threads of this process), or after ``_WALL_FACTOR`` times that in wall time.

    CPU time, not wall time: on a machine loaded by other work (a batch beside other jobs, load
    15 on 2 cores) a book waits for the CPU without using it, and must not fail for that."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return
    expired = threading.Event()
    done = threading.Event()
    start_cpu = time.process_time()
    deadline = time.monotonic() + seconds * _WALL_FACTOR

    def _watch() -> None:
        while not done.wait(_POLL):
            if time.process_time() - start_cpu >= seconds or time.monotonic() >= deadline:
                expired.set()
                _thread.interrupt_main()
                return

    # The watcher's interrupt arrives as a simulated SIGINT, which Python drops where SIGINT is
    # ignored: a process started in the background by a script (``budgetgen batch … &``), or a
    # worker whose parent ignores it. The limit's own handler stands in while it runs; a real
    # Ctrl-C is passed on to the handler there was (ignored where it was ignored).
    previous = signal.getsignal(signal.SIGINT)
    restore = signal.SIG_DFL if previous is None else previous

    def _interrupted(signum: int, frame: FrameType | None) -> None:
        if expired.is_set() or previous in (signal.default_int_handler, signal.SIG_DFL, None):
            raise KeyboardInterrupt
        if callable(previous):
            previous(signum, frame)
        # SIG_IGN: a real Ctrl-C stays ignored

    signal.signal(signal.SIGINT, _interrupted)
    watcher = threading.Thread(target=_watch, name="budgetgen-time-limit", daemon=True)
    watcher.start()
    try:
        yield
    except KeyboardInterrupt:
        if expired.is_set():
            raise TimeLimitExceeded(seconds) from None
        raise
    finally:
        late: KeyboardInterrupt | None = None
        try:
            done.set()
            watcher.join()
            # (an interrupt still pending is delivered here, to this handler, before it goes)
            signal.signal(signal.SIGINT, restore)
        except KeyboardInterrupt as exc:  # the limit ran out just as the work ended
            late = exc
        finally:
            signal.signal(signal.SIGINT, restore)
        if late is not None:
            if not expired.is_set():
                raise late
            raise TimeLimitExceeded(seconds) from None
