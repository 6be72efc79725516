"""The protocol load client (benchmarks/protocol.py, benchmarks/load.py):
its message handling against hand-built ForwardMsgs, then a 5-session smoke
run against a real ``streamlit run`` server (no browser)."""

from __future__ import annotations

import asyncio
import concurrent.futures
from itertools import pairwise

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from benchmarks.load import error_kind, pick_labels, run_load
from benchmarks.protocol import (
    HANDOUT_KEY,
    PICKER_KEY,
    Page,
    ProtocolError,
    Session,
    element_key,
    maintenance_message,
)
from benchmarks.server import streamlit_server
from tests.support.paths import APP, ARTIFACTS

FINISHED = ForwardMsg.ScriptFinishedStatus
FRAGMENT = "frag-1"
LABELS = ("Head", "Jaw", "Neck")
PICKER_ID = f"$$ID-aaa-{PICKER_KEY}_2"  # the app adds a counter to its key
SIDE_ID = "$$ID-bbb-side_picker_0"
TOGGLE_ID = "$$ID-ccc-presenter_switch"
MAP_ID = "$$ID-ddd-body_map_chart_1"
PDF_ID = "$$ID-eee-handout_pdf_neck"


# ------------------------------------------------------- building ForwardMsgs


def new_session(run_id: str, fragments: tuple[str, ...] = ()) -> bytes:
    msg = ForwardMsg()
    msg.new_session.initialize.session_id = "session-1"
    msg.new_session.page_script_hash = "page-hash"
    msg.new_session.config.max_cached_message_age = 2
    msg.metadata.run.script_run_id = run_id
    msg.metadata.run.fragment_ids.extend(fragments)
    return msg.SerializeToString()


def finished(status: int = FINISHED.FINISHED_SUCCESSFULLY) -> bytes:
    msg = ForwardMsg()
    msg.script_finished = status
    return msg.SerializeToString()


def delta(path: tuple[int, ...], fragment: str = "", **element_fields) -> ForwardMsg:
    """A new_element delta at ``path``; ``element_fields``: one Element oneof
    name and a callable filling that proto in."""
    msg = ForwardMsg()
    msg.metadata.delta_path.extend(path)
    msg.delta.fragment_id = fragment
    ((kind, fill),) = element_fields.items()
    fill(getattr(msg.delta.new_element, kind))
    return msg


def block(path: tuple[int, ...], fragment: str = "") -> bytes:
    msg = ForwardMsg()
    msg.metadata.delta_path.extend(path)
    msg.delta.fragment_id = fragment
    msg.delta.add_block.vertical.SetInParent()
    return msg.SerializeToString()


def markdown(path, body, fragment=""):
    return delta(path, fragment, markdown=lambda m: setattr(m, "body", body)).SerializeToString()


def pills(path, raw=(), set_value=False, fragment=FRAGMENT, widget_id=PICKER_ID, options=LABELS):
    def fill(p):
        p.id = widget_id
        for label in options:
            p.options.add(content=label)
        p.raw_values.extend(raw)
        p.set_value = set_value

    return delta(path, fragment, button_group=fill).SerializeToString()


def toggle(path, value=False, fragment=""):
    def fill(c):
        c.id = TOGGLE_ID
        c.default = value

    return delta(path, fragment, checkbox=fill).SerializeToString()


def map_chart(path, fragment=FRAGMENT, widget_id=MAP_ID) -> ForwardMsg:
    def fill(chart):
        chart.id = widget_id
        chart.spec = '{"data": []}' * 50

    msg = delta(path, fragment, plotly_chart=fill)
    msg.hash = f"hash-of-{widget_id}"
    msg.metadata.cacheable = True
    return msg


def download(path, fragment=FRAGMENT):
    def fill(button):
        button.id = PDF_ID
        button.deferred_file_id = "deferred-1"

    return delta(path, fragment, download_button=fill).SerializeToString()


def ref_to(msg: ForwardMsg) -> bytes:
    ref = ForwardMsg()
    ref.ref_hash = msg.hash
    ref.metadata.CopyFrom(msg.metadata)
    return ref.SerializeToString()


def first_run(page: Page) -> None:
    """The page at ?region=neck: header toggle, then the fragment with the
    pills (set to Neck by the app), the side switch, the map, the panel."""
    for data in (
        new_session("run-1"),
        toggle((0, 0)),
        block((0, 1), FRAGMENT),
        pills((0, 1, 0), raw=["Neck"], set_value=True),
        pills((0, 1, 1), raw=["Front"], set_value=True, widget_id=SIDE_ID, options=("Front",)),
        map_chart((0, 1, 2)).SerializeToString(),
        markdown((0, 1, 3), "## Neck", FRAGMENT),
        download((0, 1, 4)),
        markdown((0, 2), "## How long does each treatment last?"),
        finished(),
    ):
        page.handle(data, now=1.0)


def states(msg: BackMsg) -> dict[str, object]:
    out = {}
    for state in msg.rerun_script.widget_states.widgets:
        kind = state.WhichOneof("value")
        value = getattr(state, kind)
        out[state.id] = list(value.data) if kind == "string_array_value" else value
    return out


@pytest.fixture
def page() -> Page:
    return Page("region=neck", url="http://127.0.0.1:8501/", maintenance="Being updated.")


# --------------------------------------------------------------- no server


def test_element_key_is_the_user_key_of_a_generated_id():
    assert element_key("$$ID-0e04d5-body_map_chart_1") == "body_map_chart_1"
    assert element_key("$$ID-0185bd-sites_switch_chronic-migraine") == (
        "sites_switch_chronic-migraine"
    )
    assert element_key("$$ID-0185bd-None") is None
    assert element_key("") is None and element_key("plain") is None


def test_the_maintenance_message_comes_from_the_catalog():
    assert "being updated" in maintenance_message()


def test_a_first_run_gives_the_map_the_panel_and_the_widgets(page):
    report = page.begin(now=0.0)
    first_run(page)
    assert report.runs == 1 and report.statuses == ["finished_successfully"]
    assert page.idle_after(report) and report.done_ms() == 1000
    assert report.map_delivered and report.map_ms() == 1000
    assert report.headings == ["Neck", "How long does each treatment last?"]
    assert report.errors == []
    assert page.session_id == "session-1" and page.page_script_hash == "page-hash"
    assert page.has_map() and page.headings()[0] == "Neck"
    assert page.region_labels() == LABELS
    assert page.picked() == "Neck"  # the value the app set (set_value)
    assert page.widget(PICKER_KEY).fragment_id == FRAGMENT
    assert page.widget(PICKER_KEY).id == PICKER_ID  # with or without its counter
    with pytest.raises(ProtocolError):
        page.widget("region")  # a key is matched whole


def test_a_report_counts_elements_blocks_and_kinds(page):
    """What benchmarks/elements.py reads: a run's elements, by kind, and its blocks."""
    report = page.begin(now=0.0)
    first_run(page)
    assert report.blocks == 1
    assert report.elements == 7
    assert report.kinds == {
        "button_group": 2,
        "checkbox": 1,
        "download_button": 1,
        "markdown": 2,
        "plotly_chart": 1,
    }


def test_a_pick_reruns_the_pickers_fragment_with_every_widgets_value(page):
    first_run(page)
    msg = page.pick_message("Jaw")
    rerun = msg.rerun_script
    assert msg.WhichOneof("type") == "rerun_script"
    assert rerun.fragment_id == FRAGMENT
    assert rerun.query_string == "region=neck" and rerun.page_script_hash == "page-hash"
    assert states(msg) == {PICKER_ID: ["Jaw"], SIDE_ID: ["Front"], TOGGLE_ID: False}
    # The map's message was cacheable: the rerun says it is cached, as the frontend does.
    assert list(rerun.cached_message_hashes) == [f"hash-of-{MAP_ID}"]
    assert rerun.context_info.url == "http://127.0.0.1:8501/?region=neck"
    assert page.picked() == "Jaw"  # the frontend shows the pick at once
    with pytest.raises(ProtocolError):
        page.pick_message("Elbow")
    # The page load itself is a plain rerun of the whole script.
    assert Page("").rerun_message().rerun_script.fragment_id == ""


def test_a_fragment_run_replaces_only_its_own_elements(page):
    first_run(page)
    page.pick_message("Jaw")
    report = page.begin(now=2.0)
    for data in (
        new_session("run-2", fragments=(FRAGMENT,)),
        block((0, 1), FRAGMENT),
        pills((0, 1, 0)),  # set_value False: the frontend keeps the value it holds
        pills((0, 1, 1), widget_id=SIDE_ID, options=("Front",)),
        map_chart((0, 1, 2), widget_id="$$ID-fff-body_map_chart_2").SerializeToString(),
        markdown((0, 1, 3), "## Jaw", FRAGMENT),
        finished(FINISHED.FINISHED_FRAGMENT_RUN_SUCCESSFULLY),
    ):
        page.handle(data, now=2.5)
    assert page.idle_after(report) and report.map_delivered
    assert report.statuses == ["finished_fragment_run_successfully"]
    # The panel's old download button went with the fragment's stale elements;
    # the header toggle and the comparison outside the fragment stay.
    assert page.headings() == ["Jaw", "How long does each treatment last?"]
    assert PDF_ID not in page.widgets and TOGGLE_ID in page.widgets
    assert page.picked() == "Jaw"
    assert [e.id for e in page.elements.values() if e.kind == "plotly_chart"] == [
        "$$ID-fff-body_map_chart_2"
    ]


def test_a_whole_page_run_drops_everything_it_did_not_send_again(page):
    first_run(page)
    page.begin(now=2.0)
    for data in (new_session("run-2"), markdown((0, 0), "## Head"), finished()):
        page.handle(data, now=2.0)
    assert page.headings() == ["Head"] and page.widgets == {} and not page.has_map()


def test_a_run_cut_short_for_a_rerun_keeps_the_page_busy_until_the_next_ends(page):
    first_run(page)
    report = page.begin(now=2.0)
    page.handle(new_session("run-2", (FRAGMENT,)), now=2.0)
    page.handle(finished(FINISHED.FINISHED_EARLY_FOR_RERUN), now=2.1)
    assert not page.idle_after(report)
    page.handle(new_session("run-3"), now=2.2)
    page.handle(finished(), now=2.3)
    assert page.idle_after(report) and report.runs == 2
    assert report.statuses == ["finished_early_for_rerun", "finished_successfully"]


def test_a_request_is_not_answered_before_a_run_starts(page):
    first_run(page)
    report = page.begin(now=2.0)
    assert not page.idle_after(report)  # idle, but from the previous run


def test_a_ref_hash_is_answered_from_the_message_cache(page):
    first_run(page)
    chart = map_chart((0, 1, 2))
    report = page.begin(now=2.0)
    page.handle(new_session("run-2"), now=2.0)
    page.handle(ref_to(chart), now=2.1)
    assert report.cache_hits == 1 and report.map_delivered and page.has_map()
    unknown = ForwardMsg()
    unknown.ref_hash = "never-sent"
    page.handle(unknown.SerializeToString(), now=2.2)
    assert report.problems == ["ref_hash to a message not cached: never-sent"]


def test_cached_messages_unused_for_two_runs_are_forgotten(page):
    first_run(page)
    for n in (2, 3):
        page.begin(now=n)
        page.handle(new_session(f"run-{n}"), now=n)
        page.handle(finished(), now=n)
    assert list(page.rerun_message().rerun_script.cached_message_hashes) == []


def test_exceptions_and_the_maintenance_message_are_errors(page):
    report = page.begin(now=0.0)
    page.handle(new_session("run-1"), now=0.0)

    def boom(exc):
        exc.type = "KeyError"
        exc.message = "'neck'"

    page.handle(delta((0, 0), exception=boom).SerializeToString(), now=0.1)
    page.handle(
        delta((0, 1), alert=lambda a: setattr(a, "body", "Being updated.")).SerializeToString(),
        now=0.1,
    )
    page.handle(finished(), now=0.2)
    assert report.exceptions == ["KeyError: 'neck'"] and report.maintenance
    assert report.errors == ["exception: KeyError: 'neck'", "maintenance message shown"]
    assert not report.map_delivered


def test_the_url_the_app_writes_goes_with_the_next_rerun(page):
    first_run(page)
    msg = ForwardMsg()
    msg.page_info_changed.query_string = "region=jaw&view=front"
    page.handle(msg.SerializeToString())
    rerun = page.pick_message("Head").rerun_script
    assert rerun.query_string == "region=jaw&view=front"
    assert rerun.context_info.url.endswith("/?region=jaw&view=front")


def test_a_download_asks_the_server_to_run_the_deferred_data(page):
    first_run(page)
    msg, request_id = page.download_message("handout_pdf_neck")
    request = msg.backend_operation_request
    assert request.request_id == request_id and request.session_id == "session-1"
    assert request.deferred_file.file_id == "deferred-1"
    answer = ForwardMsg()
    answer.backend_operation_response.request_id = request_id
    answer.backend_operation_response.deferred_file.url = "/media/abc.pdf"
    page.handle(answer.SerializeToString())
    assert page.backend_responses[request_id].deferred_file.url == "/media/abc.pdf"
    with pytest.raises(ProtocolError):
        page.download_message("handout_pdf_jaw")


def test_pick_labels_never_repeat_the_current_region_and_are_deterministic():
    for session in range(10):
        picks = pick_labels(7, session, 30, LABELS)
        assert len(picks) == 30 and set(picks) <= set(LABELS)
        assert all(a != b for a, b in pairwise(picks))
        assert picks == pick_labels(7, session, 30, LABELS)
    with pytest.raises(ValueError):
        pick_labels(1, 0, 2, ("Head",))


def test_error_kinds_leave_out_sessions_regions_and_numbers():
    assert error_kind("session 12 pick 3: panel shows ['Neck'], not 'Jaw'") == (
        "panel shows ['…'], not '…'"
    )
    assert error_kind("session 4: no answer within 180 s") == "no answer within N s"


# ---------------------------------------------------------- a real server


def run_async(coroutine):
    """``asyncio.run`` on a thread of its own: the browser tests' Playwright
    (sync API) keeps an event loop running on the main thread for the whole
    session, and ``asyncio.run`` refuses to start inside one, so this test
    failed whenever it ran after a browser test (``pytest tests/browser
    tests/benchmarks``)."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def test_five_sessions_against_a_real_server(tmp_path):
    """5 sessions open the page at once, each picks 3 regions; then one opens
    the jaw and fetches its PDF handout."""
    run_log, server_log = tmp_path / "runs.log", ARTIFACTS / "protocol-smoke-server.log"
    with streamlit_server(APP, server_log, env={"BODYMAP_RUN_LOG": str(run_log)}) as server:
        result = run_async(run_load(server, run_log, server_log, sessions=5, picks=3))

        async def handout() -> tuple[bytes, str]:
            async with Session(server.url) as session:
                report = await session.open("region=jaw")
                assert report.errors == [] and "Jaw" in session.page.headings()
                got = await session.download(HANDOUT_KEY.format(kind="pdf", region="jaw"))
                return got.data, got.content_type

        data, content_type = run_async(handout())
    assert result["errors"] == 0, result["first_errors"]
    assert result["first_map_ms"]["n"] == 5  # every session got its map
    assert result["picks_right"] == 15  # every pick showed its panel and a map
    assert result["server_run_ms"]["n"] >= 5 + 15
    assert data.startswith(b"%PDF-") and content_type == "application/pdf"
