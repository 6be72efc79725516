"""The static SVG timeline: well-formed, self-contained, accessible, escaped, stable."""

from __future__ import annotations

import dataclasses
import itertools
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from bodymap.model.content import Timing
from bodymap.model.strings import Strings
from bodymap.model.timeline import in_unit, phases, timeline_unit, words_on_axis
from bodymap.render.palette import PALETTE
from bodymap.render.timeline_svg import (
    DESIGN_WIDTH,
    MUTED_TEXT,
    STRIPE_COLOUR,
    WORKING_COLOUR,
    ZERO_LINE_COLOUR,
    build_timeline_svg,
)
from tests.support.paths import ROOT, condition_ids

NS = "{http://www.w3.org/2000/svg}"
# Everything the timeline may draw with: no script, image, link or foreignObject.
ALLOWED_TAGS = {"svg", "title", "defs", "pattern", "rect", "line", "polygon", "g", "text", "tspan"}


def local(tag: str) -> str:
    """An element's name without its namespace."""
    return tag.removeprefix(NS)


class Drawn:
    """A parsed timeline SVG, read the way a viewer would: marks by phase,
    positions turned back into times through the axis's own ticks."""

    def __init__(self, svg: str):
        self.svg = svg
        self.root = ET.fromstring(svg)
        self.width = float(self.root.get("viewBox").split()[2])
        self.plot = self._part("plot")
        ticks = [e for e in self.plot.iter(f"{NS}line") if e.get("data-tick") is not None]
        self.ticks = [(float(e.get("data-tick")), float(e.get("x1"))) for e in ticks]
        self.tick_lines = ticks

    def _part(self, name: str) -> ET.Element:
        (part,) = [e for e in self.root.iter() if e.get("data-part") == name]
        return part

    def marks(self, phase: str | None = None, mark: str | None = None) -> list[ET.Element]:
        """The drawn shapes of a phase (every phase if None), of one kind if given."""
        return [
            e
            for e in self.plot.iter()
            if e.get("data-mark") is not None
            and (phase is None or e.get("data-phase") == phase)
            and (mark is None or e.get("data-mark") == mark)
        ]

    def value(self, x: float) -> float:
        """The time at ``x``, from the first and last ticks."""
        (v0, x0), (v1, x1) = self.ticks[0], self.ticks[-1]
        return v0 + (x - x0) * (v1 - v0) / (x1 - x0)

    def span(self, element: ET.Element) -> tuple[float, float]:
        """(start, end) in axis units of a bar, a line or a marker's centre."""
        kind = local(element.tag)
        if kind == "rect":
            x, w = float(element.get("x")), float(element.get("width"))
            return self.value(x), self.value(x + w)
        if kind == "line":
            return self.value(float(element.get("x1"))), self.value(float(element.get("x2")))
        xs = [float(p.split(",")[0]) for p in element.get("points").split()]
        centre = (min(xs) + max(xs)) / 2
        return self.value(centre), self.value(centre)

    def label_lines(self, phase: str) -> list[ET.Element]:
        """The ``<text>`` lines of a phase's words."""
        (group,) = [g for g in self._part("labels").iter(f"{NS}g") if g.get("data-phase") == phase]
        return list(group.iter(f"{NS}text"))

    def runs(self, phase: str) -> list[ET.Element]:
        """The styled ``<tspan>`` runs of a phase's words, line after line."""
        return [t for line in self.label_lines(phase) for t in line.iter(f"{NS}tspan")]

    def label(self, phase: str) -> str:
        """A phase's words as read (lines joined by a space)."""
        return " ".join("".join(line.itertext()) for line in self.label_lines(phase))

    def note(self) -> str | None:
        """The "no times" line, if any."""
        notes = [g for g in self.root.iter(f"{NS}g") if g.get("data-note") == "no-times"]
        return " ".join("".join(notes[0].itertext()).split()) if notes else None

    def axis_title(self) -> str:
        return "".join(self._part("axis-title").itertext())

    def pattern_ids(self) -> list[str]:
        return [p.get("id") for p in self.root.iter(f"{NS}pattern")]


def styled(run: ET.Element) -> str:
    """How a run of words is set: bold, italic or plain."""
    if run.get("font-weight") == "700":
        return "bold"
    return "italic" if run.get("font-style") == "italic" else "plain"


def top_of(mark: ET.Element) -> float:
    kind = local(mark.tag)
    if kind == "rect":
        return float(mark.get("y"))
    if kind == "line":
        return float(mark.get("y1")) - float(mark.get("stroke-width")) / 2
    return min(float(p.split(",")[1]) for p in mark.get("points").split())


@pytest.fixture(scope="module")
def drawn_all(content, strings) -> dict[str, Drawn]:
    """Every shipped condition's timeline, built and parsed once."""
    return {c.id: Drawn(build_timeline_svg(c, strings)) for c in content.conditions}


@pytest.mark.parametrize("condition_id", condition_ids())
def test_the_svg_is_one_self_contained_scalable_image(condition_id, drawn_all):
    drawn = drawn_all[condition_id]
    root = drawn.root
    assert local(root.tag) == "svg"
    assert drawn.width == DESIGN_WIDTH
    assert root.get("width") == "100%" and root.get("height") is None, "scales to its column"
    assert "height:auto" in root.get("style").replace(" ", "")
    assert {local(e.tag) for e in root.iter()} <= ALLOWED_TAGS, "no script, image or link"
    for element in root.iter():
        for name, value in element.attrib.items():
            assert "href" not in name, f"{local(element.tag)} links out"
            assert not re.search(r"(https?:|data:|//)", value), f"external reference {value!r}"
            urls = re.findall(r"url\(([^)]*)\)", value)
            assert all(u.startswith("#") and u[1:] in drawn.pattern_ids() for u in urls)
        size = element.get("font-size")
        assert size is None or float(size) >= 14, "no text under 14 units"
    assert "font-family" in root.attrib and "url" not in root.get("font-family")


@pytest.mark.parametrize("condition_id", condition_ids())
def test_the_accessible_name_says_the_timeline_in_words(
    condition_id, conditions, drawn_all, strings
):
    condition = conditions[condition_id]
    root = drawn_all[condition_id].root
    assert root.get("role") == "img"
    name = root.get("aria-label")
    assert root.find(f"{NS}title").text == name
    assert condition.name in name
    unit = timeline_unit(condition)
    for phase in phases(condition, strings):
        words = words_on_axis(phase, unit, strings) if phase.known else phase.text
        assert f"{phase.label}: {words}." in name


@pytest.mark.parametrize("condition_id", condition_ids())
def test_words_sit_above_their_marks_never_on_them(condition_id, drawn_all):
    drawn = drawn_all[condition_id]
    labels = drawn._part("labels")
    phases_drawn = {m.get("data-phase") for m in drawn.marks()}
    for phase in phases_drawn:
        last_baseline = max(float(t.get("y")) for t in drawn.label_lines(phase))
        top = min(top_of(m) for m in drawn.marks(phase))
        assert last_baseline + 4 < top, f"{phase}: its words run into its mark"
    # and the next row's words start below this row's marks
    rows = [g for g in labels.iter(f"{NS}g") if g.get("data-phase")]
    for above, below in itertools.pairwise(rows):
        marks = drawn.marks(above.get("data-phase"))
        if marks:
            bottom = max(top_of(m) for m in marks) + 16
            first = min(float(t.get("y")) for t in below.iter(f"{NS}text"))
            assert bottom < first - 10


def test_the_duration_is_a_striped_band_in_its_own_pattern(drawn_all):
    drawn = drawn_all["cervical-dystonia"]
    (band,) = drawn.marks("duration", "range")
    (pattern_id,) = drawn.pattern_ids()
    assert band.get("fill") == f"url(#{pattern_id})"
    (pattern,) = drawn.root.iter(f"{NS}pattern")
    fills = [e.get("fill") for e in pattern.iter(f"{NS}rect")]
    stripes = [e.get("stroke") for e in pattern.iter(f"{NS}line")]
    assert fills == [PALETTE.accent] and stripes == [STRIPE_COLOUR]
    assert "rotate(45)" in pattern.get("patternTransform")  # diagonal
    (working,) = drawn.marks("duration", "working")
    assert working.get("stroke") == WORKING_COLOUR
    for point in drawn.marks("peak") + drawn.marks("onset"):
        assert point.get("fill") == PALETTE.accent
    # another range (not the duration) is a plain bar
    (onset,) = drawn_all["strabismus"].marks("onset", "range")
    assert onset.get("fill") == PALETTE.accent


def test_pattern_ids_differ_between_conditions_and_are_xml_names(drawn_all):
    ids = [i for d in drawn_all.values() for i in d.pattern_ids()]
    assert len(ids) == len(set(ids)) == len(drawn_all)
    assert all(re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", i) for i in ids)


def test_ids_that_clean_up_alike_still_get_their_own_pattern(conditions):
    base = conditions["cervical-dystonia"]
    one = Drawn(build_timeline_svg(dataclasses.replace(base, id="a.b")))
    two = Drawn(build_timeline_svg(dataclasses.replace(base, id="a-b")))
    assert one.pattern_ids() != two.pattern_ids()


def test_the_retreatment_is_a_downward_triangle_and_a_figure_a_diamond(drawn_all):
    drawn = drawn_all["cervical-dystonia"]
    (triangle,) = drawn.marks("retreatment")
    assert triangle.get("data-mark") == "triangle"
    ys = sorted(float(p.split(",")[1]) for p in triangle.get("points").split())
    assert len(ys) == 3 and ys[0] == ys[1] < ys[2], "two corners on top, the point below"
    (diamond,) = drawn.marks("peak")
    assert diamond.get("data-mark") == "diamond"
    assert len(diamond.get("points").split()) == 4


def test_ticks_are_whole_units_with_a_zero_line(drawn_all):
    for condition_id in ("cervical-dystonia", "neurogenic-bladder", "strabismus"):
        drawn = drawn_all[condition_id]
        values = [v for v, _ in drawn.ticks]
        assert values[0] == 0 and all(v == int(v) for v in values)
        steps = {b - a for a, b in itertools.pairwise(values)}
        assert len(steps) == 1 and len(values) <= 13
        zero, *grid = drawn.tick_lines
        assert zero.get("stroke") == ZERO_LINE_COLOUR and zero.get("stroke-width") == "2"
        assert all(g.get("stroke-width") == "1" for g in grid)
        numbers = [e.text for e in drawn.plot.iter(f"{NS}text") if e.get("data-tick")]
        assert numbers == [str(int(v)) for v in values]


def test_a_long_span_gets_a_wider_tick_step(conditions):
    base = conditions["depression"]
    timing = dict(base.timing)
    timing["duration"] = Timing(True, 20, 30, "months", "", ())
    drawn = Drawn(build_timeline_svg(dataclasses.replace(base, timing=timing)))
    values = [v for v, _ in drawn.ticks]
    assert values[1] - values[0] == 3  # span 33.6 months: ceil(33.6 / 12)
    assert drawn.span(drawn.marks("duration")[0]) == pytest.approx((20, 30), abs=0.02)


def test_not_known_words_are_italic_and_muted(drawn_all):
    drawn = drawn_all["depression"]
    for phase in ("onset", "peak", "duration", "retreatment"):
        bold, words = drawn.runs(phase)
        assert styled(bold) == "bold" and styled(words) == "italic"
        assert words.get("fill") == MUTED_TEXT
    assert drawn.note() == "The sources give no times for this use."


@pytest.mark.parametrize("condition_id", ["neurogenic-bladder", "chronic-migraine", "strabismus"])
def test_the_same_condition_gives_the_same_string(condition_id, content, strings):
    """Cacheable: nothing depends on the run (no ids from a counter, no dict order)."""
    condition = content.condition(condition_id)
    copy = Strings(strings.lang, strings.file, dict(strings.texts))
    assert build_timeline_svg(condition, strings) == build_timeline_svg(condition, copy)


HOSTILE = "</text><script>alert('x')</script> & \"quoted\" <b>bold</b> ]]> \x01\x0b"


def test_hostile_text_stays_text(conditions, strings):
    """Condition data and catalog words are edited by people: nothing in them
    may break the SVG or add markup to it."""
    base = conditions["cervical-dystonia"]
    condition = dataclasses.replace(base, name=f"Name {HOSTILE}", id=f'id"><script>{HOSTILE}')
    texts = dict(strings.texts)
    texts["timeline.onset"] = f"Onset {HOSTILE}"
    texts["units.weeks"] = "{value} " + HOSTILE
    texts["charts.axis_months"] = f"Axis {HOSTILE}"
    hostile = Strings("en", "hostile.toml", texts)
    plain = Drawn(build_timeline_svg(base, strings))
    drawn = Drawn(build_timeline_svg(condition, hostile))  # parses: well-formed XML

    # Longer words may wrap onto more lines (more <text> and <tspan>), nothing else.
    def shapes(svg: Drawn) -> list[str]:
        return sorted(
            local(e.tag) for e in svg.root.iter() if local(e.tag) not in {"text", "tspan"}
        )

    assert shapes(drawn) == shapes(plain), "no element added"
    assert {local(e.tag) for e in drawn.root.iter()} <= ALLOWED_TAGS
    assert all(len(list(t)) == 0 for t in drawn.root.iter(f"{NS}tspan")), "a run holds text only"
    assert "<script" not in drawn.svg and "\x01" not in drawn.svg

    def cleaned(text: str) -> str:  # control characters dropped, spaces collapsed
        return " ".join(re.sub("[\x00-\x1f]", "", text).split())

    assert cleaned(f"Name {HOSTILE}") in drawn.root.get("aria-label")
    assert drawn.label("onset") == cleaned(f"Onset {HOSTILE}: 2 {HOSTILE}")
    assert drawn.axis_title() == cleaned(f"Axis {HOSTILE}")
    (pattern_id,) = drawn.pattern_ids()
    assert re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", pattern_id)
    assert drawn.marks("duration", "range")[0].get("fill") == f"url(#{pattern_id})"


def test_long_words_wrap_onto_lines_that_keep_every_word(conditions, strings):
    texts = dict(strings.texts)
    long = "a figure the sources give only with a long and careful explanation of why"
    texts["timeline.figure_not_known"] = long
    drawn = Drawn(build_timeline_svg(conditions["neck-bands"], Strings("en", "x.toml", texts)))
    lines = drawn.label_lines("peak")
    assert len(lines) >= 2
    assert drawn.label("peak") == f"Strongest effect: {long}"
    assert len({line.get("x") for line in lines}) == 1, "every line starts at the same edge"


def test_a_right_to_left_language_starts_its_words_at_the_right(conditions, strings):
    arabic = Strings("ar", "ar.toml", dict(strings.texts))
    drawn = Drawn(build_timeline_svg(conditions["cervical-dystonia"], arabic))
    english = Drawn(build_timeline_svg(conditions["cervical-dystonia"], strings))
    line = drawn.label_lines("onset")[0]
    assert line.get("direction") == "rtl"
    assert float(line.get("x")) > drawn.width * 0.9
    assert english.label_lines("onset")[0].get("direction") == "ltr"
    assert drawn.plot.get("direction") == "ltr", "time still runs left to right"
    assert all(t.get("unicode-bidi") == "isolate" for t in drawn.runs("onset"))
    (band,) = drawn.marks("duration", "range")
    assert drawn.span(band) == pytest.approx(english.span(english.marks("duration", "range")[0]))


def test_building_a_timeline_loads_no_plotly():
    """The point of the SVG (issue 17): no Plotly for a timeline."""
    code = (
        "import sys\n"
        "from tests.support import shipped\n"
        "from bodymap.render.timeline_svg import build_timeline_svg\n"
        "build_timeline_svg(shipped.content().condition('cervical-dystonia'))\n"
        "assert 'plotly' not in sys.modules, 'plotly was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_a_single_figure_sits_at_its_time(drawn_all, conditions):
    drawn = drawn_all["cervical-dystonia"]
    (peak,) = drawn.marks("peak")
    unit = timeline_unit(conditions["cervical-dystonia"])
    assert drawn.span(peak)[0] == pytest.approx(in_unit(42, unit), abs=0.01)
