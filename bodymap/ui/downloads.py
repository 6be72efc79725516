"""Keep each handout file on the server until the browser has fetched it.

The handout's download buttons (``panel.render_handout``) pass a callable, so
the PDF or PNG is drawn only when tapped. Streamlit (1.67) then runs it
(``MediaFileManager.execute_deferred``), stores the bytes as a media file and
answers the tap with the file's ``/media/...`` URL; the browser GETs that URL.
No session references that file ("unmapped", so a second tap draws it again),
and at the end of every script run, in any session, Streamlit's
``remove_orphaned_files`` marks each unreferenced download and deletes it at
the next run's end. With an audience on the server two runs end within
milliseconds, and the GET finds nothing: HTTP 404, the download fails. Two
runs in any other session between the answer and the GET always do it
(benchmarks/README.md: 30 of 100 handouts in a soak of 25 sessions at a time).

:func:`keep_downloads` makes the media file manager hold each file it makes
for a download for :data:`HOLD_S` seconds, under a reference of its own (a
name that is no session's), so the clean-up leaves it alone until then; once
released, the next clean-ups delete it as before. Memory stays bounded: the
distinct files made within the last ``HOLD_S`` seconds (equal files share one
id), released as later downloads come in.

Call it once a run, before anything is drawn (it installs itself once per
server process and costs one attribute check after that).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

LOG = logging.getLogger(__name__)
HOLD_S = 60.0  # ample for a browser's GET, even a slow phone's
HOLDER = "bodymap:held-downloads"  # the reference's owner: never a session id
_INSTALLED = "_bodymap_holds_downloads"
_install_lock = threading.Lock()


def keep_downloads(hold_s: float = HOLD_S) -> bool:
    """Install the hold on this server's media file manager (once); whether
    it is in place. Without a Streamlit runtime (AppTest, bare Python) or with
    a manager that lacks what it needs (another Streamlit version), nothing
    changes."""
    from streamlit import runtime

    if not runtime.exists():
        return False
    manager = runtime.get_instance().media_file_mgr
    if getattr(manager, _INSTALLED, False):
        return True
    with _install_lock:
        if getattr(manager, _INSTALLED, False):
            return True
        if not all(
            hasattr(manager, name)
            for name in ("execute_deferred", "_lock", "_files_by_session_and_coord")
        ):
            LOG.warning("downloads: this Streamlit's media file manager can't hold files")
            return False
        manager.execute_deferred = holding(manager, manager.execute_deferred, hold_s)
        setattr(manager, _INSTALLED, True)
    return True


def holding(
    manager: Any,
    execute: Callable[[str], str],
    hold_s: float = HOLD_S,
    clock: Callable[[], float] = time.monotonic,
) -> Callable[[str], str]:
    """``execute`` (``execute_deferred``: a placeholder id in, a ``/media``
    URL out) that also holds the file it made for ``hold_s`` seconds, and
    releases the files whose time is over."""
    held: dict[str, float] = {}  # file id -> when to release it

    def execute_deferred(file_id: str) -> str:
        url = execute(file_id)
        made = url.rsplit("/", 1)[-1].split(".", 1)[0]  # "/media/<id>.pdf"
        now = clock()
        with manager._lock:
            refs = manager._files_by_session_and_coord[HOLDER]
            for old, until in list(held.items()):
                if until <= now:
                    del held[old]
                    refs.pop(old, None)
            held[made] = now + hold_s
            refs[made] = made
        return url

    return execute_deferred
