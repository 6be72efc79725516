// Touch fixes for Plotly charts inside Streamlit.
//
// 1. Taps. Streamlit forces dragmode "pan" on selectable charts; Plotly then
// cancels the browser's default on touchstart, so no hover happens under the
// finger, and on "click" it selects the point from the *previous* hover: every
// tap selects what the tap before it touched. Before Plotly sees the touch,
// hover at the touch point with a synthetic mousemove on the plot's drag layer.
// Upstream: no hover under a finger,
// https://github.com/plotly/plotly.js/issues/1858; taps that select
// nothing or the wrong point, https://github.com/plotly/plotly.js/issues/5227
// and https://github.com/plotly/plotly.js/issues/6721, fixed only for
// dragmode "select" (https://github.com/plotly/plotly.js/pull/6724), which
// Streamlit does not use.
//
// 2. Swipes. For the same reason a swipe that starts on such a chart never
// scrolls the page: Plotly cancels touchmove too, and our axes are fixed, so
// nothing moves at all. The comparison chart is taller than the screen, so
// scroll the page's scroll container by the finger's vertical movement.
// Upstream: https://github.com/plotly/plotly.js/issues/2844.
//
// 3. Speed. On a device without hover (a tablet), Plotly's drag handler sets
// the cursor on the page's root element when a finger lands and puts it back
// when it lifts. Each write restyles the whole page: two full restyles of
// ~2,800 elements, ~27 ms each, before the tap even reaches the server
// (measured with Chromium's trace in benchmarks, issue 6). A finger has no
// cursor, and nothing else here sets one on the root, so those writes are
// dropped. (No upstream issue found for this one.)
//
// 4. Stale hovers, touch and mouse. Plotly throttles hovering to one per
// 50 ms: a move within 50 ms of the last hover is put off, and a click
// meanwhile selects the point hovered *before*, which is usually the region
// already selected, so the tap changes nothing and seems lost. After each
// run the chart is re-plotted and Plotly re-hovers at the last pointer
// position, so a tap soon after a panel appears often fell in that window
// (benchmarks and tests/browser lost about 1 tap in 20-60 this way, by touch
// and by mouse). Plotly clears that throttle when the pointer leaves its
// drag layer, so before hovering for a touch or a mouse press we dispatch a
// "mouseout" there first: the hover then happens at once, where the press
// is. Upstream, the click uses the last hover's data:
// https://github.com/plotly/plotly.js/issues/6721.
//
// ".nsewdrag" is a Plotly-internal class: tests/browser guards these fixes
// with real touch events and mouse clicks.
(function () {
  if (window.__bodymapTouchShim) return;
  window.__bodymapTouchShim = true;
  Object.defineProperty(document.documentElement.style, "cursor", {
    configurable: true,
    get: function () {
      return "";
    },
    set: function () {},
  });
  var swipe = null; // {scroller, y} while a finger that started on a chart is down

  // Make Plotly hover the drag layer at (x, y) now, not up to 50 ms later
  // (2. and 4.): leave it, which clears Plotly's hover throttle, then move
  // there. Plotly handles both synchronously, before this returns.
  function hoverNow(drag, x, y) {
    var at = { cancelable: true, view: window, clientX: x, clientY: y };
    drag.dispatchEvent(new MouseEvent("mouseout", at));
    at.bubbles = true;
    drag.dispatchEvent(new MouseEvent("mousemove", at));
  }

  function scrollerOf(element) {
    for (var el = element; el && el !== document.body; el = el.parentElement) {
      var style = getComputedStyle(el);
      if (/(auto|scroll)/.test(style.overflowY) && el.scrollHeight > el.clientHeight) {
        return el;
      }
    }
    return document.scrollingElement;
  }

  document.addEventListener(
    "touchstart",
    function (event) {
      var touch = event.touches && event.touches[0];
      var target = event.target;
      swipe = null;
      if (!touch || !target || !target.closest || event.touches.length > 1) return;
      var drag = target.closest(".js-plotly-plot .nsewdrag");
      if (!drag) return;
      hoverNow(drag, touch.clientX, touch.clientY);
      swipe = { scroller: scrollerOf(drag), y: touch.clientY };
    },
    { capture: true, passive: true }
  );
  // A mouse press: Plotly hovered on the way there, but maybe not yet (4.).
  document.addEventListener(
    "mousedown",
    function (event) {
      var target = event.target;
      if (event.button !== 0 || !target || !target.closest) return;
      var drag = target.closest(".js-plotly-plot .nsewdrag");
      if (drag) hoverNow(drag, event.clientX, event.clientY);
    },
    { capture: true, passive: true }
  );
  document.addEventListener(
    "touchmove",
    function (event) {
      var touch = event.touches && event.touches[0];
      if (!swipe || !touch) return;
      swipe.scroller.scrollBy(0, swipe.y - touch.clientY);
      swipe.y = touch.clientY;
    },
    { capture: true, passive: true }
  );
  function end() {
    swipe = null;
  }
  document.addEventListener("touchend", end, { capture: true, passive: true });
  document.addEventListener("touchcancel", end, { capture: true, passive: true });
})();
