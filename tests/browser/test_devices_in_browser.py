"""The consultation room and the stage, in real Chromium.

Three devices (1024x768 tablet, 768x1024 portrait tablet, 390x844 phone, all
touch): no sideways scrolling, readable type, every target at least 44 x 44
CSS px (map regions measured through Plotly's own hit-testing), a tap still
selects the region and, when the panel sits under the map, brings it into
view. Presenter mode: the arrow keys step the tour and the URL follows; the
app chrome is hidden. Light and dark: every visible text meets WCAG AA.
Screenshots of each are saved in artifacts/.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from bodymap.model.geometry import region_core
from bodymap.vocabulary import SIDES
from tests.support.browser import (
    DEVICES,
    NO_SIDEWAYS_SCROLL,
    TO_PAGE,
    axis_suffix,
    off_centre_point,
    panel_heading,
    wait_idle,
)
from tests.support.targets import SHARED_TARGETS

STACKED = {"portrait-768x1024", "phone-390x844"}
MIN_TARGET = 44

TAP_TARGETS = (
    '[data-testid="stButtonGroup"] button, [data-testid^="stBaseButton"], '
    '[data-testid="stExpander"] summary, [data-testid="stTab"], '
    '[data-testid="stTextInputRootElement"], [data-testid="stCheckbox"] label, '
    '[data-testid="stSelectbox"] .react-aria-ComboBox > [role="group"]'
)


@pytest.fixture
def open_page(new_page):
    """``open_page(device, query, **options)``: the app at ``query`` on one of
    the DEVICES (``options`` added to or replacing its context options)."""

    def open_on(device: str, query: str = "", **options):
        return new_page(query, **{**DEVICES[device], **options})

    return open_on


def small_targets(page) -> list[str]:
    """Visible tap targets smaller than 44 x 44 CSS px, described."""
    found = []
    targets = page.locator(TAP_TARGETS)
    for i in range(targets.count()):
        target = targets.nth(i)
        if not target.is_visible():
            continue
        box = target.bounding_box()
        if box and (box["width"] < MIN_TARGET - 0.5 or box["height"] < MIN_TARGET - 0.5):
            found.append(f"{target.inner_text()[:30]!r} {box['width']:.0f}x{box['height']:.0f}")
    return found


HOVERED = """() => {
  const gd = document.querySelector('.st-key-body_map .js-plotly-plot');
  const d = gd._hoverdata;
  if (!d || !d.length) return null;
  const c = d[0].customdata;
  return Array.isArray(c) ? c[0] : (c === undefined ? null : c);
}"""


def region_under(page, x: float, y: float) -> str | None:
    """What a tap at (x, y) would select: Plotly's own nearest-point hit test
    (the touch shim hovers before Plotly's click, so a tap selects this)."""
    page.mouse.move(x, y)
    page.wait_for_timeout(70)  # Plotly throttles hover to one per 50 ms
    return page.evaluate(HOVERED)


def on_screen(page, view, point) -> tuple[float, float]:
    """Page position of a diagram point, scrolled into the viewport first
    (the phone map is 720 px tall and starts under the title)."""
    x, y = page.evaluate(TO_PAGE, [axis_suffix(view), *point])
    height = page.viewport_size["height"]
    if not 60 < y < height - 60:
        main = "document.querySelector('[data-testid=stMain]')"
        page.evaluate(f"{main}.scrollBy(0, {y - height / 2})")
        page.wait_for_timeout(150)
        x, y = page.evaluate(TO_PAGE, [axis_suffix(view), *point])
    return x, y


def tap_target_misses(page, view, region_id: str) -> list[tuple[int, int]]:
    """Offsets in a 44 x 44 px square around the region's core that would not
    select it (or, for the whole body's crowded head and neck, a neighbour
    it shares that square with: tests/support/targets.py). Empty when the
    region's tap target is at least 44 x 44."""
    x, y = on_screen(page, view, region_core(view, region_id))
    half = MIN_TARGET / 2 - 1
    allowed = {region_id} | SHARED_TARGETS.get((view.view_id, region_id), set())
    misses = []
    for dx in (-half, 0, half):
        for dy in (-half, 0, half):
            if region_under(page, x + dx, y + dy) not in allowed:
                misses.append((round(dx), round(dy)))
    page.mouse.move(1, 1)
    return misses


@pytest.mark.parametrize("device", list(DEVICES))
def test_layout_fits_the_device(open_page, artifacts, device):
    page = open_page(device, "?region=bladder")
    panel_heading(page, "bladder").wait_for()
    assert page.evaluate(NO_SIDEWAYS_SCROLL), "the page scrolls sideways"
    sizes = page.evaluate(
        """() => [...document.querySelectorAll(
             '[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li')]
           .filter(e => e.offsetParent && e.innerText.trim())
           .map(e => parseFloat(getComputedStyle(e).fontSize))"""
    )
    assert sizes and min(sizes) >= 16, f"body text as small as {min(sizes)} px"
    assert small_targets(page) == []
    chart = page.locator(".st-key-body_map .js-plotly-plot").bounding_box()
    panel = page.locator(".st-key-panel").bounding_box()
    height = DEVICES[device]["viewport"]["height"]
    assert chart["height"] <= height, "the map is taller than the screen"
    if device in STACKED:
        assert panel["y"] >= chart["y"] + chart["height"] - 1, "the panel is not under the map"
    else:
        assert panel["x"] >= chart["x"] + chart["width"] - 1, "map and panel not side by side"
    page.screenshot(path=str(artifacts / f"device-{device}.png"))
    page.screenshot(path=str(artifacts / f"device-{device}-full.png"), full_page=True)


@pytest.mark.parametrize("device", list(DEVICES))
def test_every_map_region_is_a_44px_target(open_page, diagram, device):
    problems = {}
    for side in SIDES:
        page = open_page(device, f"?view={side}")
        page.locator(".st-key-body_map").scroll_into_view_if_needed()
        for view in diagram.side_views(side):
            for region_id in view.tappable_ids():
                misses = tap_target_misses(page, view, region_id)
                if misses:
                    problems[f"{view.view_id}/{region_id}"] = misses
    assert problems == {}, f"taps that miss, as (dx, dy) from the region's core: {problems}"


def test_target_check_can_fail(open_page, diagram):
    """Guard the guard: a square bigger than the bladder's target is caught."""
    page = open_page("phone-390x844")
    view = diagram.view("body")
    x, y = on_screen(page, view, region_core(view, "bladder"))
    assert region_under(page, x, y) == "bladder"
    assert region_under(page, x + 90, y + 90) != "bladder"


@pytest.mark.parametrize("device", sorted(STACKED))
def test_a_tap_selects_and_brings_the_panel_into_view(open_page, artifacts, diagram, device):
    page = open_page(device)
    view = diagram.view("closeup")
    page.locator(".st-key-body_map").scroll_into_view_if_needed()
    x, y = page.evaluate(TO_PAGE, [axis_suffix(view), *off_centre_point(view, "jaw")])
    page.touchscreen.tap(x, y)
    panel_heading(page, "jaw").wait_for(timeout=10_000)
    wait_idle(page)
    page.wait_for_function(
        """() => { const r = document.querySelector('.st-key-panel').getBoundingClientRect();
                   return r.top >= -2 && r.top < window.innerHeight / 2; }""",
        timeout=5_000,
    )
    assert "region=jaw" in page.url
    page.screenshot(path=str(artifacts / f"device-{device}-after-tap.png"))


def test_phone_search_finds_a_condition_and_offers_the_handout(open_page, artifacts):
    page = open_page("phone-390x844")
    box = page.get_by_label("Search in your own words")
    box.fill("sweaty hands")
    button = page.locator(".st-key-search_hit_hand-and-foot-sweating button")
    button.wait_for(timeout=10_000)
    page.screenshot(path=str(artifacts / "search-phone-390x844.png"))
    button.tap()
    panel_heading(page, "hands").wait_for(timeout=10_000)
    wait_idle(page)
    assert parse_qs(urlparse(page.url).query)["condition"] == ["hand-and-foot-sweating"]
    pdf = page.get_by_role("button", name="Download PDF")
    pdf.scroll_into_view_if_needed()
    with page.expect_download(timeout=30_000) as info:
        pdf.tap()
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 10_000


# ------------------------------------------------------------ presenter mode


def step_in_url(page) -> str | None:
    return parse_qs(urlparse(page.url).query).get("step", [None])[0]


def test_presenter_mode_arrow_keys_step_the_tour(open_page, app_url, artifacts, content):
    page = open_page("tablet-1024x768", "?mode=present", viewport={"width": 1280, "height": 720})
    stops = content.tour.stops
    heading = page.locator("h1").first
    assert heading.inner_text() == stops[0].title
    # Chrome hidden: no Streamlit header, toolbar or menu.
    for test_id in ("stHeader", "stToolbar", "stMainMenu"):
        assert not page.locator(f'[data-testid="{test_id}"]').is_visible(), test_id
    root_px = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert root_px >= 20, "type is not scaled up for a projector"
    page.screenshot(path=str(artifacts / "presenter-1280x720-step1.png"))
    for expected in (2, 3, 4):
        page.keyboard.press("ArrowRight")
        page.wait_for_function(
            f"() => new URLSearchParams(location.search).get('step') === '{expected}'",
            timeout=10_000,
        )
        wait_idle(page)
        assert heading.inner_text() == stops[expected - 1].title
    page.keyboard.press("ArrowLeft")
    page.wait_for_function(
        "() => new URLSearchParams(location.search).get('step') === '3'", timeout=10_000
    )
    wait_idle(page)
    assert heading.inner_text() == stops[2].title
    page.screenshot(path=str(artifacts / "presenter-1280x720-step3.png"))
    # A deep link to a stop.
    page.goto(f"{app_url}/?mode=present&step=5&contrast=high")
    wait_idle(page)
    assert page.locator("h1").first.inner_text() == stops[4].title
    page.screenshot(path=str(artifacts / "presenter-1280x720-step5-high-contrast.png"))


# ------------------------------------------------------------- light and dark

# Every visible text's colour against the background behind it (the first
# ancestor with an opaque background), as a WCAG contrast ratio.
CONTRASTS = """() => {
  const parse = c => {
    const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(',').map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
  const lum = c => {
    const f = v => {
      v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
  const blend = (top, under) => ({r: top.r * top.a + under.r * (1 - top.a),
    g: top.g * top.a + under.g * (1 - top.a), b: top.b * top.a + under.b * (1 - top.a), a: 1});
  const background = el => { const layers = [];
    for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; } }
    let bg = {r: 255, g: 255, b: 255, a: 1};
    for (let i = layers.length - 1; i >= 0; i--)
      bg = layers[i].a >= 1 ? layers[i] : blend(layers[i], bg);
    return bg; };
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    if (!el || seen.has(el) || !node.textContent.trim()) continue;
    seen.add(el);
    const skip = 'svg, .js-plotly-plot, [aria-disabled="true"], button:disabled, [hidden]';
    if (el.closest(skip)) continue;
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    if (!r.width || !r.height || s.visibility === 'hidden' || parseFloat(s.opacity) === 0) continue;
    const fg = parse(s.color); if (!fg) continue;
    const bg = background(el), shown = fg.a < 1 ? blend(fg, bg) : fg;
    const l1 = lum(shown), l2 = lum(bg);
    const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    const px = parseFloat(s.fontSize), bold = parseInt(s.fontWeight) >= 700;
    const large = px >= 24 || (bold && px >= 18.66);
    // An icon drawn from an icon font is a graphic: 3:1 (WCAG 1.4.11).
    const icon = /Material/i.test(s.fontFamily);
    out.push({text: node.textContent.trim().slice(0, 40), ratio: Math.round(ratio * 100) / 100,
              need: large || icon ? 3 : 4.5});
  }
  return out;
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    "query", ["?region=bladder", "?region=underarm&condition=severe-underarm-sweating"]
)
def test_text_contrast_meets_wcag_aa(open_page, artifacts, scheme, query):
    page = open_page("tablet-1024x768", query, color_scheme=scheme)
    page.get_by_label("Search in your own words").fill("eyelid twitching")
    page.locator('[class*="st-key-search_hit_"] button').first.wait_for(timeout=10_000)
    wait_idle(page)
    found = page.evaluate(CONTRASTS)
    assert len(found) > 40, "too few texts measured: the check is not looking"
    failing = [f for f in found if f["ratio"] < f["need"]]
    page.screenshot(path=str(artifacts / f"theme-{scheme}-1024x768.png"))
    assert failing == [], failing[:10]
    background = page.evaluate(
        "getComputedStyle(document.querySelector('[data-testid=stApp]')).backgroundColor"
    )
    dark = [int(v) for v in background[4:-1].split(",")[:3]]
    assert (sum(dark) < 150) == (scheme == "dark"), f"{scheme} scheme shows {background}"


def test_contrast_check_can_fail(open_page):
    """Guard the guard: grey text on a grey box is caught."""
    page = open_page("tablet-1024x768")
    page.evaluate(
        """() => { const d = document.createElement('div');
          d.style.background = '#aaaaaa'; d.style.color = '#999999';
          d.textContent = 'faint words';
          document.querySelector('[data-testid=stMainBlockContainer]').prepend(d); }"""
    )
    faint = [f for f in page.evaluate(CONTRASTS) if f["text"] == "faint words"]
    assert faint and faint[0]["ratio"] < 1.5
