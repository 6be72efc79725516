// A tap answers at once (issue 17): the tapped region is painted in the
// selection colour in the frame after the touch, in the browser, before the
// server has heard of it; the server's run then confirms it (or undoes it).
//
// The server paints the selection with CSS (bodymap/render/map_highlight.py),
// scoped to the map's container when it is not marked `pendingClass`. On a
// tap this script marks the container (the old selection goes back to its
// quiet tint), pins what the CSS paints besides the old selection (an open
// condition's other areas, which the tap may well keep), and paints the
// tapped region, its outline and the labels over it with inline !important
// styles, which beat any stylesheet. When the run the tap started has ended,
// it takes all of that away again, and the server's CSS, by then the answer
// to the tap, shows: the same colours if the server agreed.
//
// The same for the body-area pills: the pressed pill takes the active look
// (copied from an active button of the page, so it follows the theme) and
// its region is painted on the map. A tapped row of the comparison chart
// takes the open condition's tint.
//
// bodymap/ui/assets.py adds this script with its settings (JSON) in place of
// the argument at the bottom, on every whole-page run; it installs its
// listeners once per page, and a later copy only hands over new settings:
//   enabled       false on stage (presenter mode), where the map takes no tap
//   map, picker, comparison   the map's, the body-area pills' and the
//                 comparison chart's containers (selectors)
//   comparisonTrace, comparisonTint   the comparison's tappable bars and
//                 the open condition's tint (bodymap/render/charts.py)
//   pendingClass  the class that makes the server's highlight stand down
//   fill, outline, outlineWidth, labelColour   the selection's colours
//                 (bodymap/render/palette.py via map_highlight.py)
//   regions       each pill's label -> its region id
//   moveTolerance px a finger may move before the touch is a swipe
//   noSendMs, noRunMs, maxMs, settleMs   the safety limits and the wait
//                 after a run, below (assets.py says why each is what it is)
//
// "When the run has ended" is read from Streamlit's own script-run state,
// the data-test-script-state attribute of the app's root ("running",
// "notRunning", ...; fragment runs, which a tap starts, count too). A tap is
// "sent" when Plotly reports the selection (plotly_selected, or
// plotly_deselect) or a pill is released. The paint is taken away when:
//   - the script has been running since the tap was sent and then is not
//     running for settleMs (a run that ends in st.rerun(scope="app") is
//     followed at once by the next one: wait for that);
//   - the finger moves more than moveTolerance px (a swipe: Plotly, whose
//     drag threshold is the same 8 px, selects nothing then), or the touch
//     is cancelled;
//   - the tap ends and nothing is sent within noSendMs (nothing was
//     selected, so no run will come);
//   - it was sent but no run starts within noRunMs (a run that never
//     started; the paint must not stay for good), or maxMs have passed
//     since the tap (a lost connection: the page then shows its own notice);
//   - the map chart painted is replaced (a new figure: the other side of
//     the body), since the paint is on the old one.
// When a tap is sent while an earlier run is still going, that run's end is
// taken as the answer; if the server only starts the tap's run after it,
// the old selection shows for that moment, as it did before this script.
//
// ".nsewdrag", "_hoverdata" and the trace data on each "g.trace" are
// Plotly internals, as in touch_shim.js: tests/browser/test_tap_paint_in_browser.py
// guards them with real touch events.
(function (settings) {
  if (window.__bodymapTapPaint) {
    window.__bodymapTapPaint.update(settings);
    return;
  }
  var current = settings;
  var tap = null; // the tap being answered, see start()
  var STATE = "data-test-script-state";

  window.__bodymapTapPaint = {
    update: function (next) {
      current = next;
      if (!current.enabled) clear();
    },
    pending: function () {
      return tap !== null;
    },
  };

  // A colour as the browser writes it back ("rgb(11, 95, 107)"), to compare
  // with computed styles.
  function normal(colour) {
    var probe = document.createElement("i");
    probe.style.color = colour;
    return probe.style.color;
  }

  function scriptState() {
    var app = document.querySelector("[" + STATE + "]");
    return app ? app.getAttribute(STATE) : null;
  }

  function hoveredRegion(gd) {
    var hovered = gd && gd._hoverdata;
    if (!hovered || !hovered.length) return null;
    var id = hovered[0].customdata;
    if (Array.isArray(id)) id = id[0];
    return typeof id === "string" ? id : null;
  }

  // Whether `region` shows as selected already (the server's selection, or
  // the tap waiting now): a tap on it changes nothing on screen, and
  // Plotly takes a tap on its point still selected as "unselect", which
  // starts no run (bodymap/ui/keys.py, map_chart_key), so leave it be.
  function shown(gd, region) {
    var accent = normal(current.fill);
    return Array.prototype.some.call(gd.querySelectorAll(".scatterlayer > g.trace"), function (group) {
      var trace = traceOf(group), fill = group.querySelector("path.js-fill");
      return trace && trace.name === region && fill && getComputedStyle(fill).fill === accent;
    });
  }

  function traceOf(group) {
    var data = group.__data__;
    return data && data[0] && data[0].trace;
  }

  // Set a style of `el` inline, !important, and remember how to undo it:
  // [element, property, value set, value before, its priority].
  function set(el, property, value) {
    if (!el) return;
    var before = [el.style.getPropertyValue(property), el.style.getPropertyPriority(property)];
    el.style.setProperty(property, value, "important");
    tap.undo.push([el, property, el.style.getPropertyValue(property), before[0], before[1]]);
  }

  // Plotly writes some of these styles again on its own: when a tap
  // selects a point it restyles every trace's text (selected/unselected),
  // which drops the labels' paint. Put it back (and keep what Plotly wrote,
  // for the undo), before the frame is drawn.
  function keep() {
    tap.undo.forEach(function (u) {
      var style = u[0].style;
      if (style.getPropertyValue(u[1]) === u[2] && style.getPropertyPriority(u[1]) === "important") return;
      u[3] = style.getPropertyValue(u[1]);
      u[4] = style.getPropertyPriority(u[1]);
      style.setProperty(u[1], u[2], "important");
    });
  }

  function paintMap(gd, region) {
    var container = gd.closest(current.map);
    if (!container) return;
    var accent = normal(current.fill), accentText = normal(current.labelColour);
    var regions = [], labels = [];
    gd.querySelectorAll(".scatterlayer > g.trace").forEach(function (group) {
      var trace = traceOf(group);
      if (!trace) return;
      if (trace.fill === "toself" && trace.name !== "body") regions.push([group, trace.name]);
      else if (trace.name === "labels") labels.push(group);
    });
    // What the server's CSS paints now, read before it stands down: keep
    // all of it but the old selection (the accent, and light text on it).
    var pins = [];
    regions.forEach(function (item) {
      if (item[1] === region) return;
      var fill = item[0].querySelector("path.js-fill"), line = item[0].querySelector("path.js-line");
      if (!fill) return;
      var painted = getComputedStyle(fill).fill;
      if (painted === accent || painted === fill.style.fill) return;
      pins.push([fill, "fill", painted]);
      if (line) {
        var edge = getComputedStyle(line);
        pins.push([line, "stroke", edge.stroke], [line, "stroke-width", edge.strokeWidth]);
      }
    });
    labels.forEach(function (group) {
      group.querySelectorAll("g.textpoint text").forEach(function (text) {
        var painted = getComputedStyle(text).fill;
        if (painted !== accentText && painted !== text.style.fill) pins.push([text, "fill", painted]);
      });
    });
    tap.container = container;
    container.classList.add(current.pendingClass);
    pins.forEach(function (pin) {
      set(pin[0], pin[1], pin[2]);
    });
    regions.forEach(function (item) {
      if (item[1] !== region) return;
      var fill = item[0].querySelector("path.js-fill");
      set(fill, "fill", current.fill);
      set(item[0].querySelector("path.js-line"), "stroke", current.outline);
      set(item[0].querySelector("path.js-line"), "stroke-width", current.outlineWidth + "px");
      tap.painted.push(fill);
      // Light text on the accent, as the server's CSS has it: the labels
      // drawn inside this shape, in its own subplot.
      var subplot = item[0].closest(".subplot");
      labels.forEach(function (group) {
        if (!fill || group.closest(".subplot") !== subplot) return;
        group.querySelectorAll("g.textpoint text").forEach(function (text) {
          var at = new DOMPoint(+text.getAttribute("x"), +text.getAttribute("y"));
          if (fill.isPointInFill(at)) set(text, "fill", current.labelColour);
        });
      });
    });
  }

  // The pills' active and quiet looks, copied from buttons on the page.
  function looks(picker) {
    var properties = ["background-color", "color", "border-color"];
    function look(button) {
      if (!button) return null;
      var style = getComputedStyle(button);
      return properties.map(function (p) {
        return [p, style.getPropertyValue(p)];
      });
    }
    var active = picker.querySelector('button[aria-checked="true"]') ||
      document.querySelector('[data-testid="stButtonGroup"] button[aria-checked="true"]');
    return { active: look(active), quiet: look(picker.querySelector('button[aria-checked="false"]')) };
  }

  function paintPills(region, pressed) {
    var picker = document.querySelector(current.picker);
    if (!picker) return;
    var look = looks(picker);
    function dress(button, styles) {
      (styles || []).forEach(function (s) {
        set(button, s[0], s[1]);
      });
    }
    picker.querySelectorAll("button[aria-checked]").forEach(function (button) {
      var on = button.getAttribute("aria-checked") === "true";
      var mine = current.regions[button.innerText.trim()] === region;
      // A pressed active pill turns off (pills toggle); a map tap keeps it.
      var wanted = mine && !(on && button === pressed);
      if (wanted && !on) dress(button, look.active);
      else if (on && !wanted) dress(button, look.quiet);
    });
  }

  function clear() {
    if (!tap) return;
    var done = tap;
    tap = null;
    clearTimeout(done.timer);
    for (var i = done.undo.length - 1; i >= 0; i--) {
      var u = done.undo[i];
      if (u[3]) u[0].style.setProperty(u[1], u[3], u[4]);
      else u[0].style.removeProperty(u[1]);
    }
    document.querySelectorAll("." + current.pendingClass).forEach(function (el) {
      el.classList.remove(current.pendingClass);
    });
  }

  function deadline(ms) {
    clearTimeout(tap.timer);
    var mine = tap;
    tap.timer = setTimeout(function () {
      if (tap === mine) clear();
    }, ms);
  }

  // A tap starts: forget the last one (its paint goes, this one's comes in
  // the same task, so nothing flickers), and learn when Plotly sends it.
  function begin(gd, pill, x, y) {
    clear();
    tap = { x: x, y: y, pill: pill, undo: [], painted: [], container: null,
      sent: false, running: false, timer: null, idleTimer: null };
    if (gd) {
      // Told again on each tap: Plotly drops its listeners when it plots anew.
      gd.removeListener("plotly_selected", sent);
      gd.removeListener("plotly_deselect", sent);
      gd.on("plotly_selected", sent);
      gd.on("plotly_deselect", sent);
    }
    deadline(current.maxMs);
    watch();
  }

  // A tap on `region` (on the map, or its pill): paint it in both.
  function start(region, gd, pill, x, y) {
    begin(gd, pill, x, y);
    var map = document.querySelector(current.map + " .js-plotly-plot");
    if (map) paintMap(map, pill && pill.getAttribute("aria-checked") === "true" ? null : region);
    paintPills(region, pill);
  }

  // A tap on the map is painted from a task of its own, a frame later than a
  // pill's: restyling the map in the touch's own frame lost more taps
  // (3 of 60 taps of benchmarks' tap sequence, twice, against 0 and 1 of 60
  // without this script, and 0 of 120 painted this way; issue 17). The taps
  // were lost to Plotly's hover throttle, since fixed in touch_shim.js (4.);
  // a restyle in the touch's frame most likely made its window longer.
  // What happens meanwhile (Plotly sending the tap, the finger lifting) is
  // noted at once, as it comes, and handed over when the paint starts.
  function startOnMap(region, gd, x, y, released) {
    var early = { sent: false, ended: !!released };
    function markSent() {
      early.sent = true;
    }
    function markEnded() {
      early.ended = true;
    }
    gd.on("plotly_selected", markSent);
    gd.on("plotly_deselect", markSent);
    document.addEventListener("touchend", markEnded, { capture: true, passive: true });
    document.addEventListener("pointerup", markEnded, { capture: true, passive: true });
    setTimeout(function () {
      gd.removeListener("plotly_selected", markSent);
      gd.removeListener("plotly_deselect", markSent);
      document.removeEventListener("touchend", markEnded, true);
      document.removeEventListener("pointerup", markEnded, true);
      start(region, gd, null, x, y);
      if (early.sent) sent();
      else if (early.ended) ended();
    }, 0);
  }

  // A tap on a row of the comparison (its full-width bar, a point of the
  // trace named `comparisonTrace`): tint that bar as the open condition's.
  // The run then opens the condition and draws the comparison anew.
  function startRow(gd, x, y) {
    var hovered = gd._hoverdata && gd._hoverdata[0];
    if (!hovered || !hovered.fullData || hovered.fullData.name !== current.comparisonTrace) return;
    var bar = null;
    gd.querySelectorAll(".barlayer g.trace").forEach(function (group) {
      var trace = traceOf(group);
      if (trace && trace.index === hovered.curveNumber) {
        var point = group.querySelectorAll("g.point")[hovered.pointNumber];
        bar = point && point.querySelector("path");
      }
    });
    if (!bar || getComputedStyle(bar).fill === normal(current.comparisonTint)) return;
    begin(gd, null, x, y);
    set(bar, "fill", current.comparisonTint);
    tap.painted.push(bar);
  }

  function sent() {
    if (!tap || tap.sent) return;
    tap.sent = true;
    var state = scriptState();
    // Sent during a run: the end of that run is the answer (see the top).
    tap.running = state === "running" || state === "rerunRequested";
    deadline(tap.running ? current.maxMs : current.noRunMs);
  }

  function ended() {
    if (tap && !tap.sent) deadline(current.noSendMs);
  }

  new MutationObserver(function () {
    if (!tap || !tap.sent) return;
    var state = scriptState();
    if (state === "running" || state === "rerunRequested") {
      tap.running = true;
      clearTimeout(tap.idleTimer);
      deadline(current.maxMs);
    } else if (state === "notRunning" && tap.running) {
      var mine = tap;
      clearTimeout(tap.idleTimer);
      tap.idleTimer = setTimeout(function () {
        if (tap === mine && scriptState() === "notRunning") clear();
      }, current.settleMs);
    }
  }).observe(document.body, { subtree: true, attributes: true, attributeFilter: [STATE] });

  // Once a frame while a tap waits, before the frame is drawn: a new chart
  // (the other side of the body, or the other view) has none of the paint,
  // so let the server's CSS show; keep the container marked, should the
  // page redraw it; and keep the paint (keep(), above).
  function watch() {
    var mine = tap;
    requestAnimationFrame(function check() {
      if (tap !== mine) return;
      if (tap.painted.some(function (el) { return !el.isConnected; })) {
        clear();
        return;
      }
      if (tap.container && !tap.container.classList.contains(current.pendingClass)) {
        tap.container.classList.add(current.pendingClass);
      }
      keep();
      requestAnimationFrame(check);
    });
  }

  function moved(x, y) {
    if (tap && (Math.abs(x - tap.x) >= current.moveTolerance || Math.abs(y - tap.y) >= current.moveTolerance)) {
      clear();
    }
  }

  function pillOf(target) {
    var button = target && target.closest && target.closest(current.picker + " button[aria-checked]");
    return button && current.regions[button.innerText.trim()] ? button : null;
  }

  // A finger: touch_shim.js has hovered the map under it already (its
  // listener, on the same node and phase, was added first: page.py adds
  // the shim before this script), so Plotly's hover data names the region
  // the tap will select.
  document.addEventListener(
    "touchstart",
    function (event) {
      if (!current.enabled) return;
      var touch = event.touches && event.touches[0];
      var target = event.target;
      if (!touch || !target || !target.closest || event.touches.length > 1) {
        clear();
        return;
      }
      var drag = target.closest(current.map + " .js-plotly-plot .nsewdrag");
      var row = !drag && target.closest(current.comparison + " .js-plotly-plot .nsewdrag");
      if (row) startRow(row.closest(".js-plotly-plot"), touch.clientX, touch.clientY);
      if (!drag) return;
      var gd = drag.closest(".js-plotly-plot");
      var region = hoveredRegion(gd);
      if (region && !shown(gd, region)) startOnMap(region, gd, touch.clientX, touch.clientY);
    },
    { capture: true, passive: true }
  );
  // A mouse on the map (it hovers by itself), or any pointer on a pill.
  document.addEventListener(
    "pointerdown",
    function (event) {
      if (!current.enabled || event.button !== 0) return;
      var pill = pillOf(event.target);
      if (pill) {
        start(current.regions[pill.innerText.trim()], null, pill, event.clientX, event.clientY);
        return;
      }
      if (event.pointerType === "touch") return; // the touchstart above
      var target = event.target.closest ? event.target : null;
      var drag = target && target.closest(current.map + " .js-plotly-plot .nsewdrag");
      var row = !drag && target && target.closest(current.comparison + " .js-plotly-plot .nsewdrag");
      if (row) startRow(row.closest(".js-plotly-plot"), event.clientX, event.clientY);
      if (!drag) return;
      // A mouse is painted once its button is up: Plotly selects on the
      // release, and a restyle between press and release lost clicks too.
      // Which region is read then: Plotly's hover may still be the one
      // before now, until touch_shim.js hovers on the mousedown after this.
      pressed = { gd: drag.closest(".js-plotly-plot"), x: event.clientX, y: event.clientY };
    },
    { capture: true, passive: true }
  );
  document.addEventListener(
    "touchmove",
    function (event) {
      var touch = event.touches && event.touches[0];
      if (touch) moved(touch.clientX, touch.clientY);
    },
    { capture: true, passive: true }
  );
  document.addEventListener(
    "pointermove",
    function (event) {
      if (event.buttons) moved(event.clientX, event.clientY);
    },
    { capture: true, passive: true }
  );
  document.addEventListener("touchcancel", clear, { capture: true, passive: true });
  document.addEventListener("pointercancel", clear, { capture: true, passive: true });
  var pressed = null; // a mouse press on a region of the map, until released
  document.addEventListener(
    "pointerup",
    function (event) {
      if (pressed && event.pointerType !== "touch") {
        var press = pressed;
        var region = hoveredRegion(press.gd);
        pressed = null;
        if (region && !shown(press.gd, region)
            && Math.abs(event.clientX - press.x) <= current.moveTolerance
            && Math.abs(event.clientY - press.y) <= current.moveTolerance) {
          startOnMap(region, press.gd, press.x, press.y, true);
        }
        return;
      }
      // React's pills change on release: a pill's tap is sent then.
      if (tap && tap.pill && tap.pill.contains(event.target)) sent();
      else ended();
    },
    { capture: true, passive: true }
  );
  document.addEventListener("touchend", ended, { capture: true, passive: true });
})(BODYMAP_TAP_SETTINGS);
