// Presenter mode: the arrow keys (and a clicker's Page Up/Down) press the
// tour's Previous and Next buttons. Installed once per page; when the tour
// isn't shown the buttons don't exist and the keys do nothing.
(function () {
  var doc = (window.parent && window.parent.document) || document;
  if (doc.__bodymapTourKeys) return;
  doc.__bodymapTourKeys = true;
  var NEXT = { ArrowRight: 1, PageDown: 1 };
  var PREV = { ArrowLeft: 1, PageUp: 1 };
  doc.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    var target = event.target;
    var tag = target && target.tagName;
    // Typing in a box, or moving inside a slider or tab list, keeps its keys.
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") return;
    if (target && (target.isContentEditable || target.closest('[role="tablist"],[role="slider"]'))) return;
    var which = NEXT[event.key] ? "next" : PREV[event.key] ? "prev" : null;
    if (!which) return;
    var button = doc.querySelector(".st-key-tour_" + which + " button");
    if (!button || button.disabled) return;
    event.preventDefault();
    button.click();
  });
})();
