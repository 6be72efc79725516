// Scroll a keyed container into view, once: bodymap/ui/assets.py adds this
// script with its settings (JSON) in place of the argument at the bottom:
//   target           the key of the container (its class is ".st-key-" + target)
//   nonce            a fresh string per call (it also makes each script a new
//                    element, so that it runs every time)
//   onlyWhenStacked  scroll only when the panel sits under the map (narrow
//                    screens), where a tap would otherwise change a panel the
//                    user can't see
//   stackedMaxWidth  the widest screen, in CSS px, on which page.css stacks
//                    the map above the panel
//
// The page below the target is still being replaced while the run streams
// in, and the browser's scroll anchoring can pull the view back down, so
// scroll again a few times until the run has settled, unless the user has
// touched or scrolled meanwhile. The function scope keeps these names out of
// the page's globals.
(function (settings) {
  var doc = window.parent.document || document, moved = false;
  if (settings.onlyWhenStacked && !((window.parent || window).innerWidth <= settings.stackedMaxWidth)) return;
  function stop() { moved = true; }
  doc.addEventListener("touchstart", stop, {once: true, capture: true});
  doc.addEventListener("wheel", stop, {once: true, capture: true});
  // While this runs the page says so, for tests that must not tap
  // a spot the page is about to scroll away (tests/browser/conftest.py).
  var root = doc.documentElement;
  root.dataset.bodymapScrolling = settings.nonce;
  function scroll() {
    var target = doc.querySelector(".st-key-" + settings.target);
    if (!target || moved) return;
    // Scroll by whole pixels, rounded down, so the target's top lands
    // at or just below the screen's top edge, never a fraction above.
    var scroller = doc.querySelector('[data-testid="stMain"]');
    var top = Math.floor(target.getBoundingClientRect().top);
    if (scroller) scroller.scrollBy(0, top);
    else target.scrollIntoView({block: "start", behavior: "instant"});
  }
  [0, 200, 500].forEach(function (ms) { setTimeout(scroll, ms); });
  setTimeout(function () {
    if (root.dataset.bodymapScrolling === settings.nonce) delete root.dataset.bodymapScrolling;
  }, 520);
})(BODYMAP_SCROLL_SETTINGS);
