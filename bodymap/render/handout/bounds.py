"""How much work one handout may do: at most so many pages, within a time budget.

The content checker keeps every field to its limit (``bodymap.model.limits``),
but a region's handout prints every condition treated there, so valid
content can still make a very long one, and content objects built in code
(a preview, a test) are not checked at all. Rather than draw for minutes, a
build stops with :class:`HandoutTooLong` as soon as it knows the handout
needs more than ``max_pages`` pages, or once it has run past its time
budget. The app shows a short message in its place.

The time budget is started by the outermost build call (``handout_png``,
``handout_pdf``, ``handout_pages`` or ``layout_handout``) with
:func:`running`, and the slow loops (breaking lines, sharing rows between
pages, drawing pages, writing the PDF) call :func:`check_time`, which looks
the running budget up in a context variable: each thread (each Streamlit
download) has its own, and outside a build it does nothing.
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

# Today's longest handouts have 7 pages (the forehead's and the neck's, every
# use there). A take-home sheet past 20 is no longer read, and the check
# stops drawing long before a runaway one would finish.
MAX_PAGES = 20
# Seconds one build (the layout and one file) may take. Today's slowest, the
# bladder region on A4 with its PNG, takes about 0.8 s on the development
# machine (2 shared cores), the PNG and the PDF together about 1.05 s: 10
# times that, plus 5 s for a machine busy with other work, so a normal
# handout never meets it.
TIME_BUDGET_S = 15.0


class HandoutTooLong(Exception):
    """A handout build stopped: it needs more than its most pages
    (``reason`` "pages"), or ran past its time budget (``reason`` "time").
    ``limit`` is the page count or the seconds it was allowed."""

    PAGES = "pages"
    TIME = "time"

    def __init__(self, reason: str, limit: float, message: str):
        super().__init__(message)
        self.reason = reason
        self.limit = limit

    @classmethod
    def pages(cls, max_pages: int) -> HandoutTooLong:
        """The handout needs more than ``max_pages`` pages."""
        return cls(
            cls.PAGES,
            max_pages,
            f"this handout would be longer than {max_pages} pages, the most a handout "
            "may have: it was not made (its content is shown in full in the app)",
        )

    @classmethod
    def time(cls, seconds: float) -> HandoutTooLong:
        """The build ran past its budget of ``seconds``."""
        return cls(
            cls.TIME,
            seconds,
            f"making this handout took longer than its {seconds:g} s budget: it was stopped",
        )


@dataclass(frozen=True)
class HandoutBounds:
    """How much work one build may do: its most pages and its time budget in
    seconds, measured with ``clock`` (a test may pass a budget of 0 or a
    fake clock)."""

    max_pages: int = MAX_PAGES
    seconds: float = TIME_BUDGET_S
    clock: Callable[[], float] = time.monotonic


DEFAULT_BOUNDS = HandoutBounds()


@dataclass(frozen=True)
class _Budget:
    bounds: HandoutBounds
    deadline: float

    def check(self) -> None:
        if self.bounds.clock() >= self.deadline:
            raise HandoutTooLong.time(self.bounds.seconds)


_RUNNING: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar(
    "handout_budget", default=None
)


@contextmanager
def running(bounds: HandoutBounds) -> Iterator[None]:
    """Start the time budget of ``bounds`` for the build inside, unless a
    build that called this one has started one already (then that one runs
    on: a PNG's budget covers the layout it draws)."""
    if _RUNNING.get() is not None:
        yield
        return
    budget = _Budget(bounds, bounds.clock() + bounds.seconds)
    token = _RUNNING.set(budget)
    try:
        budget.check()  # a budget of 0 stops before any work
        yield
    finally:
        _RUNNING.reset(token)


def check_time() -> None:
    """Raise :class:`HandoutTooLong` if the running build is past its budget
    (nothing outside a build)."""
    budget = _RUNNING.get()
    if budget is not None:
        budget.check()
