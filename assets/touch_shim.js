// Touch fix for Plotly point selection inside Streamlit.
//
// Streamlit forces dragmode "pan" on selectable charts; Plotly then cancels
// the browser's default on touchstart, so no hover happens under the finger,
// and on "click" it selects the point from the *previous* hover: every tap
// selects what the tap before it touched (plotly/plotly.js#1858, #5227, #6721).
// Before Plotly sees the touch, hover at the touch point with a synthetic
// mousemove on the plot's drag layer. ".nsewdrag" is a Plotly-internal class:
// tests/browser guards this with real touch taps.
(function () {
  if (window.__bodymapTouchShim) return;
  window.__bodymapTouchShim = true;
  document.addEventListener(
    "touchstart",
    function (event) {
      var touch = event.touches && event.touches[0];
      var target = event.target;
      if (!touch || !target || !target.closest) return;
      var drag = target.closest(".js-plotly-plot .nsewdrag");
      if (!drag) return;
      drag.dispatchEvent(
        new MouseEvent("mousemove", {
          bubbles: true,
          cancelable: true,
          view: window,
          clientX: touch.clientX,
          clientY: touch.clientY,
        })
      );
    },
    { capture: true, passive: true }
  );
})();
