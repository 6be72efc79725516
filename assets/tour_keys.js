// Presenter mode: the arrow keys (and a clicker's Page Up/Down) press the
// tour's Previous and Next buttons. Installed once per page; when the tour
// isn't shown the buttons don't exist and the keys do nothing.
//
// In a right-to-left page (Arabic) the left arrow goes forward: the tour
// moves the way the page reads, as the Next button (on the left there)
// and its mirrored arrow icon do (assets/rtl.css). Page Down/Up, which
// presentation clickers send, mean next/previous in every language.
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
    var key = event.key;
    if (doc.documentElement.getAttribute("dir") === "rtl") {
      key = key === "ArrowLeft" ? "ArrowRight" : key === "ArrowRight" ? "ArrowLeft" : key;
    }
    var which = NEXT[key] ? "next" : PREV[key] ? "prev" : null;
    if (!which) return;
    var button = doc.querySelector(".st-key-tour_" + which + " button");
    if (!button || button.disabled) return;
    event.preventDefault();
    button.click();
  });
})();
