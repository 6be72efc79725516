"""One Streamlit session without a browser: the websocket protocol, spoken
with the protobuf classes that ship in the ``streamlit`` package.

A browser tab talks to ``streamlit run`` over one websocket,
``ws://host:port/_stcore/stream``, with the subprotocol ``streamlit``. The
tab sends ``BackMsg`` protobufs: ``rerun_script`` (a ``ClientState``: the
URL's query string, every widget's value, the fragment to rerun, the hashes
of the messages it has cached) and ``backend_operation_request`` (e.g. "run
this deferred download"). The server answers with ``ForwardMsg`` protobufs:
``new_session`` when a run starts, a ``delta`` per element or block (at a
``delta_path`` in the page's tree), ``page_info_changed`` when the app writes
``st.query_params``, ``ref_hash`` for a big element the tab has cached, and
``script_finished`` when the run ends.

:class:`Page` is that conversation without any I/O (the unit tests drive it
with hand-built messages): it keeps the page's elements and widgets as the
frontend would, and builds the BackMsgs a tap would send. :class:`Session`
adds the websocket (the ``websockets`` package, a dependency of Streamlit
itself) and plain HTTP for a download (``/media/...``).

What it does NOT model (see benchmarks/README.md): rendering, Plotly, images
(``/media`` pictures are not fetched), the browser's own timers (widget
debounce, heartbeats), and map taps (Plotly selection events).
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
import tomllib
import urllib.parse
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Common_pb2 import StringArray
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

ROOT = Path(__file__).resolve().parent.parent
STREAM_PATH = "/_stcore/stream"
SUBPROTOCOL = "streamlit"  # the first Sec-WebSocket-Protocol entry; the 2nd is an XSRF token
ELEMENT_ID_PREFIX = "$$ID-"  # Streamlit's generated ids: "$$ID-<hash>-<user key>"

# The app's keys (bodymap/ui/keys.py and panel.py), repeated here so the
# client imports nothing from the app.
MAP_KEY_PREFIX = "body_map_chart"  # keys.map_chart_key: "body_map_chart_<generation>"
PICKER_KEY = "region_picker"  # the body-area pills (st.pills), key "region_picker[_<n>]"
HANDOUT_KEY = "handout_{kind}_{region}"  # panel.render_handout's download buttons

_FINISHED = ForwardMsg.ScriptFinishedStatus
STATUS_NAMES = {value: name.lower() for name, value in _FINISHED.items()}
# A run that ends with one of these leaves the page idle; FINISHED_EARLY_FOR_RERUN
# means another run follows at once.
_DONE = frozenset(
    {
        _FINISHED.FINISHED_SUCCESSFULLY,
        _FINISHED.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
        _FINISHED.FINISHED_WITH_COMPILE_ERROR,
    }
)
DEFAULT_MAX_CACHED_MESSAGE_AGE = 2  # global.maxCachedMessageAge


class ProtocolError(RuntimeError):
    """The server said something this client cannot follow, or never answered."""


def maintenance_message(content_dir: Path = ROOT / "content") -> str:
    """The app's "being updated" message (``[page] maintenance`` in the
    English catalog), which it shows instead of the map if its content is broken."""
    with (content_dir / "ui" / "en.toml").open("rb") as f:
        return tomllib.load(f)["page"]["maintenance"]


def element_key(element_id: str) -> str | None:
    """The user key in a Streamlit element id (``$$ID-<hash>-<key>``), if any."""
    if not element_id.startswith(ELEMENT_ID_PREFIX):
        return None
    parts = element_id.split("-", 2)
    if len(parts) < 3 or parts[2] == "None":
        return None
    return parts[2]


@dataclass
class Element:
    """One element or block of the page, at its delta path."""

    path: tuple[int, ...]
    kind: str  # the Element oneof ("markdown", "plotly_chart", ...) or "block"
    id: str  # the element's id ("" for most non-widgets)
    fragment_id: str  # the fragment that drew it ("" for the page body)
    run_id: str  # the run that last sent it
    body: str = ""  # markdown / alert text


@dataclass
class Widget:
    """A widget as the frontend holds it: its element and its current value."""

    id: str
    kind: str
    fragment_id: str
    options: tuple[str, ...] = ()  # a button group's / selectbox's option labels
    state: WidgetState | None = None  # what the frontend would send back
    deferred_file_id: str = ""  # a download button whose data is made when clicked
    url: str = ""  # a download button's data already stored (``/media/...``)

    @property
    def key(self) -> str | None:
        return element_key(self.id)


@dataclass
class Report:
    """What one request (opening the page, a pick) got back, until the page was idle."""

    sent_at: float
    runs: int = 0  # script runs started (new_session)
    statuses: list[str] = field(default_factory=list)  # each run's end
    messages: int = 0
    bytes: int = 0
    elements: int = 0  # new elements delivered (ref_hash ones included)
    blocks: int = 0  # blocks (containers, columns, expanders) delivered
    kinds: dict[str, int] = field(default_factory=dict)  # elements delivered, by kind
    cache_hits: int = 0  # elements sent as a ref_hash to our message cache
    map_at: float | None = None  # when the body map's chart arrived
    done_at: float | None = None  # when the page went idle
    headings: list[str] = field(default_factory=list)  # "## ..." markdown delivered
    exceptions: list[str] = field(default_factory=list)  # exception elements
    maintenance: bool = False  # the app's maintenance message was shown
    problems: list[str] = field(default_factory=list)  # protocol trouble

    @property
    def map_delivered(self) -> bool:
        return self.map_at is not None

    @property
    def errors(self) -> list[str]:
        """Everything that counts as an error, one short line each."""
        out = [f"exception: {e}" for e in self.exceptions]
        if self.maintenance:
            out.append("maintenance message shown")
        return out + self.problems

    def map_ms(self) -> float | None:
        return None if self.map_at is None else (self.map_at - self.sent_at) * 1000

    def done_ms(self) -> float | None:
        return None if self.done_at is None else (self.done_at - self.sent_at) * 1000


def _copy(state: WidgetState) -> WidgetState:
    out = WidgetState()
    out.CopyFrom(state)
    return out


def _string_array(widget_id: str, values: Iterable[str]) -> WidgetState:
    return WidgetState(id=widget_id, string_array_value=StringArray(data=list(values)))


def _frontend_state(kind: str, proto: Any, held: WidgetState | None) -> WidgetState | None:
    """The value the frontend holds for a widget element just received: the
    one the server sets (``set_value``), else the one it already had for this
    id (what the user chose), else the element's default. None: the frontend
    sends nothing for it (buttons, charts, an empty choice)."""
    wid = proto.id
    if kind == "button_group":
        if proto.set_value:
            return _string_array(wid, proto.raw_values)
        if held is not None:
            return held
        return _string_array(wid, (proto.options[i].content for i in proto.default))
    if kind == "checkbox":  # st.checkbox and st.toggle
        if proto.set_value:
            return WidgetState(id=wid, bool_value=proto.value)
        return held or WidgetState(id=wid, bool_value=proto.default)
    if kind == "text_input":
        if proto.set_value:
            return (
                WidgetState(id=wid, string_value=proto.value) if proto.HasField("value") else None
            )
        if held is not None:
            return held
        return (
            WidgetState(id=wid, string_value=proto.default) if proto.HasField("default") else None
        )
    if kind == "selectbox":
        if proto.set_value:
            if proto.HasField("raw_value"):
                return WidgetState(id=wid, string_value=proto.raw_value)
            return None
        if held is not None:
            return held
        if proto.HasField("default") and 0 <= proto.default < len(proto.options):
            return WidgetState(id=wid, string_value=proto.options[proto.default])
        return None
    return None  # buttons (triggers, sent only when pressed), charts, downloads


def _is_map(element_id: str) -> bool:
    return (element_key(element_id) or "").startswith(MAP_KEY_PREFIX)


class Page:
    """The page one session shows, kept from the ForwardMsgs as the frontend
    keeps it; and the BackMsgs its taps send. No I/O: see :class:`Session`."""

    def __init__(
        self,
        query_string: str = "",
        *,
        url: str = "http://localhost/",
        locale: str = "en-US",
        maintenance: str | None = None,
    ) -> None:
        self.query_string = query_string
        self.base_url = url.split("?")[0]
        self.locale = locale
        self.maintenance = maintenance if maintenance is not None else maintenance_message()
        self.session_id = ""
        self.page_script_hash = ""
        self.run_id = ""  # the run in progress or the last one
        self.running = False
        self.runs_finished = 0
        self.elements: dict[tuple[int, ...], Element] = {}
        self.widgets: dict[str, Widget] = {}
        self.backend_responses: dict[str, Any] = {}  # request id -> BackendOperationResponse
        self.max_cached_message_age = DEFAULT_MAX_CACHED_MESSAGE_AGE
        # The frontend's ForwardMsg cache: hash -> (message, runs_finished at last use).
        self._cache: dict[str, tuple[ForwardMsg, int]] = {}
        self._fragments_this_run: frozenset[str] = frozenset()
        self.report: Report | None = None

    # ----------------------------------------------------------- the server's

    def begin(self, now: float) -> Report:
        """Start a report for a request sent at ``now``."""
        self.report = Report(sent_at=now)
        return self.report

    def idle_after(self, report: Report) -> bool:
        """Whether ``report``'s request has been answered: a run started after
        it and the page is idle again."""
        return report.runs > 0 and not self.running

    def handle(self, data: bytes, now: float | None = None) -> ForwardMsg:
        """Take one ForwardMsg frame off the websocket; return it (resolved)."""
        now = time.perf_counter() if now is None else now
        msg = ForwardMsg()
        msg.ParseFromString(data)
        report = self.report or self.begin(now)
        report.messages += 1
        report.bytes += len(data)
        kind = msg.WhichOneof("type")
        if kind == "ref_hash":
            cached = self._cache.get(msg.ref_hash)
            if cached is None:
                report.problems.append(f"ref_hash to a message not cached: {msg.ref_hash}")
                return msg
            resolved = ForwardMsg()
            resolved.CopyFrom(cached[0])
            resolved.metadata.CopyFrom(msg.metadata)
            self._cache[msg.ref_hash] = (cached[0], self.runs_finished)
            report.cache_hits += 1
            msg, kind = resolved, resolved.WhichOneof("type")
        elif msg.metadata.cacheable and msg.hash:
            self._cache[msg.hash] = (msg, self.runs_finished)
        if kind == "new_session":
            self._on_new_session(msg, report)
        elif kind == "delta":
            self._on_delta(msg, report, now)
        elif kind == "script_finished":
            self._on_finished(msg, report, now)
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        elif kind == "backend_operation_response":
            response = msg.backend_operation_response
            self.backend_responses[response.request_id] = response
        elif kind == "session_event":
            event = msg.session_event.WhichOneof("type")
            if event == "script_compilation_exception":
                report.problems.append("script compilation exception")
        elif kind == "page_not_found":
            report.problems.append(f"page not found: {msg.page_not_found.page_name}")
        return msg

    def _on_new_session(self, msg: ForwardMsg, report: Report) -> None:
        new = msg.new_session
        if new.initialize.session_id:
            self.session_id = new.initialize.session_id
        self.page_script_hash = new.page_script_hash or self.page_script_hash
        if new.config.max_cached_message_age:
            self.max_cached_message_age = new.config.max_cached_message_age
        self.run_id = msg.metadata.run.script_run_id
        self._fragments_this_run = frozenset(msg.metadata.run.fragment_ids)
        self.running = True
        report.runs += 1

    def _on_delta(self, msg: ForwardMsg, report: Report, now: float) -> None:
        delta = msg.delta
        path = tuple(msg.metadata.delta_path)
        which = delta.WhichOneof("type")
        if which == "add_block":
            self.elements[path] = Element(path, "block", "", delta.fragment_id, self.run_id)
            report.blocks += 1
            return
        if which != "new_element":
            return  # transient elements (toasts, spinners) are not kept
        element = delta.new_element
        kind = element.WhichOneof("type") or ""
        proto = getattr(element, kind) if kind else None
        element_id = getattr(proto, "id", "") if proto is not None else ""
        body = ""
        if kind == "markdown":
            body = element.markdown.body
            if body.startswith("## "):
                report.headings.append(body[3:].strip())
        elif kind == "alert":
            body = element.alert.body
            if body.strip() == self.maintenance.strip():
                report.maintenance = True
        elif kind == "exception":
            exc = element.exception
            report.exceptions.append(f"{exc.type or 'Exception'}: {exc.message}"[:300])
        elif kind == "plotly_chart" and report.map_at is None and _is_map(element_id):
            report.map_at = now
        report.elements += 1
        report.kinds[kind] = report.kinds.get(kind, 0) + 1
        self.elements[path] = Element(path, kind, element_id, delta.fragment_id, self.run_id, body)
        if element_id and proto is not None:
            self._on_widget(kind, proto, element_id, delta.fragment_id)

    def _on_widget(self, kind: str, proto: Any, element_id: str, fragment_id: str) -> None:
        held = self.widgets.get(element_id)
        widget = Widget(
            id=element_id,
            kind=kind,
            fragment_id=fragment_id,
            state=_frontend_state(kind, proto, held.state if held else None),
        )
        if kind == "button_group":
            widget.options = tuple(o.content for o in proto.options)
        elif kind == "selectbox":
            widget.options = tuple(proto.options)
        elif kind == "download_button":
            widget.deferred_file_id = proto.deferred_file_id
            widget.url = proto.url
        self.widgets[element_id] = widget

    def _on_finished(self, msg: ForwardMsg, report: Report, now: float) -> None:
        status = msg.script_finished
        report.statuses.append(STATUS_NAMES.get(status, str(status)))
        if status == _FINISHED.FINISHED_EARLY_FOR_RERUN:
            return  # a new run follows (its new_session)
        self.running = False
        report.done_at = now
        self.runs_finished += 1
        if status == _FINISHED.FINISHED_SUCCESSFULLY:
            self._drop_stale(None)
        elif status == _FINISHED.FINISHED_FRAGMENT_RUN_SUCCESSFULLY:
            self._drop_stale(self._fragments_this_run)
        # The frontend forgets cached messages unused for this many runs.
        oldest = self.runs_finished - self.max_cached_message_age
        self._cache = {h: v for h, v in self._cache.items() if v[1] >= oldest}

    def _drop_stale(self, fragments: frozenset[str] | None) -> None:
        """Remove what this run did not send again, as the frontend does when
        a run ends: everything, or (a fragment's run) that fragment's elements;
        and forget the widgets no longer on the page."""
        self.elements = {
            path: e
            for path, e in self.elements.items()
            if e.run_id == self.run_id or (fragments is not None and e.fragment_id not in fragments)
        }
        shown = {e.id for e in self.elements.values() if e.id}
        self.widgets = {wid: w for wid, w in self.widgets.items() if wid in shown}

    # ---------------------------------------------------------------- reading

    def headings(self) -> list[str]:
        """The level-2 markdown headings on the page now (the panel's title)."""
        return [
            e.body[3:].strip()
            for _, e in sorted(self.elements.items())
            if e.kind == "markdown" and e.body.startswith("## ")
        ]

    def has_map(self) -> bool:
        """Whether the body map's chart is on the page."""
        return any(e.kind == "plotly_chart" and _is_map(e.id) for e in self.elements.values())

    def widget(self, key: str) -> Widget:
        """The widget whose user key is ``key``, or ``key`` and a counter
        (``region_picker_3``: the app gives a widget that mirrors the
        selection a fresh key when the selection changes elsewhere)."""
        counted = re.compile(rf"{re.escape(key)}(_\d+)?")
        found = [w for w in self.widgets.values() if counted.fullmatch(w.key or "")]
        if len(found) != 1:
            raise ProtocolError(f"{len(found)} widgets with key {key!r} on the page")
        return found[0]

    def region_labels(self) -> tuple[str, ...]:
        """The region picker's options, in order."""
        return self.widget(PICKER_KEY).options

    def picked(self) -> str | None:
        """The region picker's value as the frontend holds it."""
        state = self.widget(PICKER_KEY).state
        data = list(state.string_array_value.data) if state is not None else []
        return data[0] if data else None

    # ----------------------------------------------------------------- taps'

    def widget_states(self) -> list[WidgetState]:
        """Every widget's value, as the frontend sends them with each rerun."""
        return [_copy(w.state) for w in self.widgets.values() if w.state is not None]

    def rerun_message(self, fragment_id: str = "") -> BackMsg:
        """A ``rerun_script`` BackMsg, as the frontend sends it (page load, widget change)."""
        msg = BackMsg()
        client = msg.rerun_script
        client.query_string = self.query_string
        client.page_script_hash = self.page_script_hash
        client.fragment_id = fragment_id
        client.widget_states.widgets.extend(self.widget_states())
        client.cached_message_hashes.extend(self._cache)
        info = client.context_info
        info.timezone = "UTC"
        info.timezone_offset = 0
        info.locale = self.locale
        info.url = f"{self.base_url}?{self.query_string}" if self.query_string else self.base_url
        info.is_embedded = False
        info.color_scheme = "light"
        return msg

    def pick_message(self, label: str) -> BackMsg:
        """Choose ``label`` in the region picker: its new value, the others'
        current values, and a rerun of the fragment it is drawn in."""
        picker = self.widget(PICKER_KEY)
        if label not in picker.options:
            raise ProtocolError(f"{label!r} is not a region picker option: {picker.options}")
        picker.state = _string_array(picker.id, [label])
        return self.rerun_message(fragment_id=picker.fragment_id)

    def download_message(self, key: str) -> tuple[BackMsg, str]:
        """Click the deferred download button ``key``: the BackMsg that asks
        the server to make its file, and the request id its answer will carry."""
        button = self.widget(key)
        if not button.deferred_file_id:
            raise ProtocolError(f"download button {key!r} has no deferred data")
        request_id = uuid.uuid4().hex
        msg = BackMsg()
        request = msg.backend_operation_request
        request.request_id = request_id
        request.session_id = self.session_id
        request.deferred_file.file_id = button.deferred_file_id
        return msg, request_id


@dataclass
class Download:
    """One file fetched from a download button."""

    url: str
    data: bytes
    content_type: str
    ms: float  # from the click to the last byte


class Session:
    """One browser tab's session, driven over the websocket.

    ``async with Session(url) as s: await s.open("region=neck")``, then
    :meth:`pick` and :meth:`download`. Each waits until the server's runs for
    it have finished and returns a :class:`Report` (or a :class:`Download`).
    """

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = 60.0,
        user_agent: str = (
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "bodymap-protocol-client"
        ),
        locale: str = "en-US",
        maintenance: str | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.user_agent = user_agent
        self.page = Page(url=self.base_url + "/", locale=locale, maintenance=maintenance)
        self._ws: Any = None
        self.started_at: float | None = None  # perf_counter before connecting
        self.bytes_received = 0

    async def __aenter__(self) -> Session:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def connect(self) -> None:
        """Open the websocket, as a tab does before its first rerun."""
        from websockets.asyncio.client import connect

        self.started_at = time.perf_counter()
        ws_url = "ws" + self.base_url.removeprefix("http") + STREAM_PATH
        self._ws = await asyncio.wait_for(
            connect(
                ws_url,
                subprotocols=[SUBPROTOCOL],  # no XSRF token: needed only for auth cookies
                user_agent_header=self.user_agent,
                max_size=None,
                compression=None,  # the server doesn't offer it (server.enableWebsocketCompression)
                # A browser never pings; it only answers the server's pings (the
                # library does that). A client ping timing out would close the
                # socket when a busy server's event loop is slow, which no tab does.
                ping_interval=None,
                open_timeout=self.timeout,
            ),
            self.timeout,
        )

    async def close(self) -> None:
        """Close the websocket (the tab is closed)."""
        if self._ws is not None:
            ws, self._ws = self._ws, None
            with contextlib.suppress(Exception):
                await ws.close()

    async def open(self, query: str = "") -> Report:
        """Load the page at ``?query``: connect, then the first rerun."""
        if self._ws is None:
            await self.connect()
        self.page.query_string = query.lstrip("?")
        return await self.request(self.page.rerun_message())

    async def pick(self, label: str) -> Report:
        """Choose a body area with the region picker (the pills)."""
        return await self.request(self.page.pick_message(label))

    async def request(self, msg: BackMsg) -> Report:
        """Send a rerun and read until the page is idle again."""
        report = self.page.begin(time.perf_counter())
        await self._send(msg)
        try:
            async with asyncio.timeout(self.timeout):
                while not self.page.idle_after(report):
                    await self._receive()
        except TimeoutError:
            report.problems.append(f"no answer within {self.timeout:g} s")
        return report

    async def _send(self, msg: BackMsg) -> None:
        from websockets.exceptions import ConnectionClosed

        if self._ws is None:
            raise ProtocolError("not connected")
        try:
            await self._ws.send(msg.SerializeToString())
        except ConnectionClosed as exc:
            raise ProtocolError(f"websocket closed: {exc}") from exc

    async def _receive(self) -> ForwardMsg:
        from websockets.exceptions import ConnectionClosed

        try:
            data = await self._ws.recv()
        except ConnectionClosed as exc:
            raise ProtocolError(f"websocket closed: {exc}") from exc
        if isinstance(data, str):
            raise ProtocolError("text frame from the server")
        self.bytes_received += len(data)
        return self.page.handle(data)

    async def download(self, key: str) -> Download:
        """Click the download button ``key``: the server makes the file (a
        deferred callable), answers with its ``/media`` URL; fetch it."""
        started = time.perf_counter()
        msg, request_id = self.page.download_message(key)
        await self._send(msg)
        async with asyncio.timeout(self.timeout):
            while request_id not in self.page.backend_responses:
                await self._receive()
        response = self.page.backend_responses.pop(request_id)
        if response.error_msg or not response.deferred_file.url:
            raise ProtocolError(f"download {key!r} failed: {response.error_msg or 'no URL'}")
        url = self.base_url + response.deferred_file.url
        async with asyncio.timeout(self.timeout):
            data, content_type = await http_get(url)
        return Download(url, data, content_type, (time.perf_counter() - started) * 1000)


async def http_get(url: str) -> tuple[bytes, str]:
    """GET ``url`` (plain HTTP/1.1, as a browser fetches a download): the
    body and its Content-Type. On the event loop, so many sessions' fetches go
    out at once, as many browsers' would (a thread pool would queue them)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "http" or not parts.hostname:
        raise ProtocolError(f"not a plain HTTP URL: {url}")
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port or 80)
    try:
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        writer.write(
            f"GET {target} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
            "Accept: */*\r\nConnection: close\r\n\r\n".encode("ascii")
        )
        await writer.drain()
        raw = await reader.read()
    finally:
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()
    head, _, body = raw.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    status = int(status_line.split()[1])
    headers = {
        name.strip().lower(): value.strip()
        for name, _, value in (line.partition(":") for line in header_lines)
    }
    if "chunked" in headers.get("transfer-encoding", ""):
        body = _dechunk(body)
    if status != 200:
        raise ProtocolError(f"HTTP {status} for {parts.path}")
    return body, headers.get("content-type", "")


def _dechunk(body: bytes) -> bytes:
    out = bytearray()
    while body:
        size_line, _, body = body.partition(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            break
        out += body[:size]
        body = body[size + 2 :]
    return bytes(out)
