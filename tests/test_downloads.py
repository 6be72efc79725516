"""bodymap.ui.downloads: a handout's file outlives the other sessions' runs
until the browser has fetched it (Streamlit's own media file manager, no server)."""

from __future__ import annotations

from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from bodymap.ui.downloads import HOLDER, holding, keep_downloads


def manager_with(*payloads: bytes) -> tuple[MediaFileManager, list[str]]:
    """A media file manager and a deferred download per payload (their ids)."""
    manager = MediaFileManager(MemoryMediaFileStorage("/media"))
    ids = [
        manager.add_deferred(lambda p=p: p, "application/pdf", f"1.{n}", f"handout-{n}.pdf")
        for n, p in enumerate(payloads)
    ]
    return manager, ids


def other_sessions_run(manager: MediaFileManager, runs: int = 2) -> None:
    """What the end of each script run, in any session, does to unreferenced files."""
    for _ in range(runs):
        manager.remove_orphaned_files()


def stored(manager: MediaFileManager, url: str) -> bool:
    return manager.read_file(url.rsplit("/", 1)[-1].split(".")[0]) is not None


def test_without_the_hold_two_runs_elsewhere_delete_a_download_before_its_fetch():
    manager, (pdf,) = manager_with(b"%PDF-1")
    url = manager.execute_deferred(pdf)
    other_sessions_run(manager)
    assert not stored(manager, url)  # the browser's GET would get a 404


def test_the_hold_keeps_a_download_until_its_time_is_over():
    manager, (first, second) = manager_with(b"%PDF-1", b"%PDF-2")
    now = [100.0]
    execute = holding(manager, manager.execute_deferred, hold_s=60, clock=lambda: now[0])
    url = execute(first)
    other_sessions_run(manager, runs=5)
    assert stored(manager, url)
    now[0] += 61  # the next download releases the first
    later = execute(second)
    other_sessions_run(manager)
    assert not stored(manager, url) and stored(manager, later)
    assert list(manager._files_by_session_and_coord[HOLDER]) == [later.rsplit("/")[-1][:-4]]


def test_outside_a_streamlit_server_nothing_is_installed():
    assert keep_downloads() is False
