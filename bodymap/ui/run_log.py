"""The benchmarks' hook: each script run's duration, appended to a file.

Benchmarks set ``BODYMAP_RUN_LOG`` to a file (benchmarks/README.md). Unset in
normal use: then :func:`logged_run` costs one check per run.
"""

from __future__ import annotations

import functools
import os
import threading
import time
from collections.abc import Callable

RUN_LOG = os.environ.get("BODYMAP_RUN_LOG")

# Is this thread inside a logged run already? A fragment drawn as part of a
# whole-page run is timed with it, not again on its own.
_IN_LOGGED_RUN = threading.local()


def logged_run(render: Callable[..., None]) -> Callable[..., None]:
    """With ``RUN_LOG`` set, append each script run's duration to it, in ms:
    a whole-page run, or a fragment's rerun of its own part."""

    @functools.wraps(render)
    def logged(*args, **kwargs) -> None:
        if not RUN_LOG or getattr(_IN_LOGGED_RUN, "on", False):
            render(*args, **kwargs)
            return
        started = time.perf_counter()
        _IN_LOGGED_RUN.on = True
        try:
            render(*args, **kwargs)
        finally:
            _IN_LOGGED_RUN.on = False
            # A rerun cut short by a newer event ends here too: still a real run.
            with open(RUN_LOG, "a", encoding="utf-8") as log:
                log.write(f"{(time.perf_counter() - started) * 1000:.3f}\n")

    return logged
