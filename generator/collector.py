"""Python's cyclic garbage collector, paused while a book is built and run once after it.

Building a book makes millions of objects, and WeasyPrint's styles hold its layouts in
reference cycles (a style and its anonymous style), so only the cyclic collector frees them.
Left running, it scans the live objects of the book again and again while they are built,
laid out and painted: about a tenth of a book's time. Paused, everything made meanwhile stays
in the youngest generation, and one collection of that generation frees the book at the end.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


def pause() -> bool:
    """Pause the collector; whether this call paused it (``False``: it already was)."""
    if gc.isenabled():
        gc.disable()
        return True
    return False


def resume() -> None:
    """Run the collector again, and collect what was made while it was paused."""
    gc.enable()
    gc.collect(0)  # everything allocated while paused is still in the youngest generation


@contextmanager
def paused() -> Iterator[None]:
    """The collector paused for the block (unless it already was), then run once."""
    paused_here = pause()
    try:
        yield
    finally:
        if paused_here:
            resume()
