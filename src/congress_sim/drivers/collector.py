"""Python's cycle collector, paused while a replay runs: a replay, and a command that replays once,
allocate much and free it as they go, which the collector would only scan again and again (3 to 9%
of a replay's time, as measured)."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused(for_good: bool = False) -> Iterator[None]:
    """The collector paused within the block, and on again after it unless ``for_good``: a process
    that ends with the block gives its memory back anyway, and the collector, on again, would scan
    all the block made once more."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was and not for_good:
            gc.enable()
