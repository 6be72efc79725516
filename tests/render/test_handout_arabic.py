"""The take-home handout in Arabic: right to left, shaped, with no missing
glyphs, and a PDF whose text reads back in logical order.

The visual ordering (``bodymap.render.arabic_text``) is tested on its own
first, then the handout of the neck and of chronic migraine at the neck is
built from the Arabic content and catalog. Its PDF is read with pypdfium2,
Chromium's PDF engine (what most patients' browsers use to open it), and its
drawing is watched: every string handed to Pillow is checked against the font
it is drawn in.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import random
import re
import string
import zlib

import pypdfium2
import pytest
from fontTools.ttLib import TTFont
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image, ImageChops, ImageColor, ImageDraw, ImageFont, ImageStat

from bodymap.model.arabic import format_date_ar
from bodymap.model.strings import load_strings
from bodymap.render import arabic_text as at
from bodymap.render import handout as h
from bodymap.render.handout import export, pdf_text
from bodymap.render.handout import paper as hp
from bodymap.render.handout.pdf import write_pdf
from bodymap.render.handout.typeset import Piece, TextRun
from tests.support import shipped

TODAY = dt.date(2026, 11, 25)
BASE_URL = "https://bodymap.example.org/"
CASES = [("neck", None), ("neck", "chronic-migraine")]
NBSP = "\u00a0"


def visual(text: str, rtl: bool = True) -> str:
    """``text`` as it reads on the page, left to right: in visual order, with
    the brackets of right-to-left runs mirrored and direction marks dropped."""
    levels = at.bidi_levels(text, rtl)
    shown = [at.mirror(text[i]) if levels[i] % 2 else text[i] for i in at.visual_order(levels)]
    return at.strip_controls("".join(shown))


def normalise(text: str) -> str:
    """Whitespace collapsed (a line break is a space), direction marks dropped."""
    return " ".join(at.strip_controls(text).replace(NBSP, " ").split())


# ------------------------------------------------------------------ visual order


@pytest.mark.parametrize(
    ("logical", "rtl", "seen"),
    [
        # A Latin word and a year inside Arabic keep their own order; the
        # brackets around the word face it (mirrored).
        ("بوتوكس (BOTOX) في 2010", True, "2010 يف (BOTOX) سكوتوب"),
        # A Latin phrase stays one left-to-right run, words in order.
        ("الدواء BOTOX and Dysport هنا", True, "انه BOTOX and Dysport ءاودلا"),
        # A figure after a Latin word joins its run (W7).
        ("كلمة BOTOX 2010 كلمة", True, "ةملك BOTOX 2010 ةملك"),
        # Citations: each figure left to right, read from the right.
        ("نص [1, 2]", True, "[2 ,1] صن"),
        ("3.", True, ".3"),
        # A range and a percentage as Arabic browsers show them.
        ("2–3 أسابيع", True, "عيباسأ 3–2"),
        ("p=.01 و 1.5%", True, "%1.5 و p=.01"),
        # An isolate keeps a citation after a Latin word in its place.
        (
            f"الرئة (emphysema).{NBSP}{at.RLI}[1,{NBSP}2]{at.PDI}",
            True,
            f"[2{NBSP},1]{NBSP}.(emphysema) ةئرلا",
        ),
        # Left to right: nothing moves.
        ("Botox prescribing information.", False, "Botox prescribing information."),
    ],
)
def test_lines_are_put_in_visual_order(logical, rtl, seen):
    assert visual(logical, rtl) == seen


def test_runs_keep_latin_and_figures_left_to_right_inside_arabic():
    text = "بوتوكس (BOTOX) في 2010"
    runs = [(text[r.start : r.end], r.rtl) for r in at.visual_runs(text)]
    assert runs == [("2010", False), (") في ", True), ("BOTOX", False), ("بوتوكس (", True)]
    # Breaks (where the style changes) cut runs without moving anything.
    cut = [(text[r.start : r.end], r.rtl) for r in at.visual_runs(text, breaks=[3])]
    assert cut == [
        ("2010", False),
        (") في ", True),
        ("BOTOX", False),
        ("وكس (", True),
        ("بوت", True),
    ]


MIXED = st.text(
    alphabet=st.sampled_from(
        "بوتكسالمنيه" + "BOTXabc" + "0123" + " ()[].,،:%-–" + NBSP + at.RLI + at.PDI
    ),
    max_size=40,
)


@given(MIXED, st.booleans())
def test_visual_runs_cover_every_character_once(text, rtl):
    levels = at.bidi_levels(text, rtl)
    assert sorted(at.visual_order(levels)) == list(range(len(text)))
    covered = [i for r in at.visual_runs(text, rtl) for i in range(r.start, r.end)]
    assert sorted(covered) == list(range(len(text)))
    for i, char in enumerate(text):
        if char in "بوتكسالمنيه":
            assert levels[i] % 2 == 1, "Arabic letters run right to left"
        elif char in "BOTXabc":
            assert levels[i] % 2 == 0 and levels[i] >= rtl, "Latin letters run left to right"


@given(st.text(alphabet=st.sampled_from("BOTXabc0123 ().,:%-"), max_size=30))
def test_text_without_arabic_is_left_alone(text):
    assert at.visual_order(at.bidi_levels(text, rtl=False)) == list(range(len(text)))


@given(st.text(alphabet=st.sampled_from("بوتكسالمنيه "), max_size=30))
def test_arabic_alone_is_reversed(text):
    assert visual(text.strip()) == text.strip()[::-1]


def test_each_character_goes_to_a_font_that_has_it():
    # Arabic (with its punctuation) in Noto Sans Arabic; Latin and figures in
    # the built-in font; a bracket right to left is mirrored there.
    assert at.drawn_with("حُقَن، BOTOX 2010 (") == [
        (")", False),
        (" ", True),
        ("BOTOX", False),
        (" ", True),
        ("2010", False),
        ("حُقَن، ", True),
    ]
    # What neither font has is drawn as the built-in font's stand-in.
    assert at.glyph_runs("–", rtl=True) == (at.GlyphRun("-", False, False),)
    assert at.missing_glyphs("بوتوكس (BOTOX) – → « » ؟ ٪ 1.5") == set()
    assert at.missing_glyphs("\u0b85") == {"\u0b85"}  # Tamil: no font, no stand-in


def test_every_arabic_text_has_glyphs(content_ar, strings_ar):
    """Every text of the Arabic content and catalog can be drawn."""
    texts: list[str] = list(strings_ar.texts.values())

    def walk(value: object) -> None:
        if isinstance(value, str):
            texts.append(value)
        elif dataclasses.is_dataclass(value):
            for f in dataclasses.fields(value):
                walk(getattr(value, f.name))
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item)

    walk(content_ar)
    assert {c for text in texts for c in at.missing_glyphs(text)} == set()


# ------------------------------------------------------------------ the PDF's text layer


def lines_pdf(lines: list[str]) -> bytes:
    """A PDF of one page holding ``lines`` as a right-to-left handout's text layer."""
    runs = tuple(
        TextRun(
            40,
            40 + 30 * i,
            line,
            line,
            20,
            False,
            "#000000",
            15.0 * len(line) + 1,
            (Piece(0, line, True, 20, False, "#000000", 15.0 * len(line) + 1),),
        )
        for i, line in enumerate(lines)
    )
    page = h.HandoutPage(Image.new("RGB", (1240, 40 + 30 * len(lines))), runs, ())
    return write_pdf([page], (595.28, 20 + 14.4 * len(lines)), "t", TODAY, "ar")


def pdfium_text(data: bytes) -> list[str]:
    """Each page's text as Chromium's pdfium extracts it (lines end in \\r\\n)."""
    document = pypdfium2.PdfDocument(data)
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


WORDS = [
    "الصداع", "النصفي", "حُقَن", "بوتوكس", "في", "الولايات", "المتحدة،", "شهرًا؛", "؟",
    "BOTOX", "Dysport", "off-label", "n=468", "p=.01", "NCT01575054،",
    "2010", "1.5", "15%", "3–4", "−0.8", "12", "«نص»", "[1, 2]",
]  # fmt: skip


def random_line(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(1, 9))
    if rng.random() < 0.5:  # a bracketed aside, as the content glosses terms
        i = rng.randrange(len(words))
        j = rng.randint(i, min(len(words), i + 3))
        words[i:j] = ["(" + " ".join(words[i:j] or ["chronic migraine"]) + ")"]
    return " ".join(words)


def test_pdfium_reads_mixed_lines_back_in_logical_order():
    """Whatever mix of Arabic, Latin words, figures and brackets a line holds,
    pdfium reads it back as written. Placed in its true visual order it would
    not: pdfium reads a right-to-left line's segments from the right, so a
    Latin phrase comes back word by word in reverse ("BOTOX and Dysport" as
    "Dysport and BOTOX") and a bracket after a Latin word turned around;
    ``pdf_text.reading_order`` places the characters so that it does."""
    rng = random.Random(20261125)
    lines = [random_line(rng) for _ in range(300)]
    lines += ["الدواء BOTOX and Dysport هنا", "الاستعمال المعتمدة (off-label).", "Botox label."]
    for start in range(0, len(lines), 50):
        chunk = lines[start : start + 50]
        (text,) = pdfium_text(lines_pdf(chunk))
        assert text.split("\r\n") == chunk


def test_glyphless_font_is_a_box_every_code_maps_to():
    program = pdf_text.glyphless_truetype()
    ImageFont.truetype(io.BytesIO(program), 40)  # FreeType, pdfium's font engine, loads it
    font = TTFont(io.BytesIO(program))  # fontTools: a test-only dependency
    box = font["glyf"]["glyph00001"]
    box.recalcBounds(font["glyf"])
    assert (box.xMin, box.yMin, box.xMax, box.yMax) == (0, pdf_text.DESCENT, 500, pdf_text.ASCENT)
    assert font["hmtx"]["glyph00001"] == (pdf_text.GLYPH_WIDTH, 0)
    cmap = pdf_text.to_unicode_cmap()
    assert b"<0600> <06FF> <0600>" in cmap and b"<D800>" not in cmap
    assert pdf_text.encode("بA") == b"<06280041>"
    assert zlib.decompress(pdf_text.cid_to_gid_map()) == b"\x00\x01" * 0x10000


# ------------------------------------------------------------------ the Arabic handout


@pytest.fixture(scope="module")
def content_ar():
    return shipped.content("ar")


@pytest.fixture(scope="module")
def strings_ar():
    return load_strings(lang="ar")


@dataclasses.dataclass
class Built:
    pages: list[h.HandoutPage]
    png: bytes
    pdf: bytes
    drawn: list[tuple[str, object]]  # every string handed to Pillow, and its font


@pytest.fixture(scope="module")
def built(content_ar, strings_ar) -> dict[tuple[str, str | None], Built]:
    """Each case's pages, PNG and PDF, with every draw.text call recorded."""
    out = {}
    calls: list[tuple[str, object]] = []
    original = ImageDraw.ImageDraw.text

    def recording(self, xy, text, fill=None, font=None, *args, **kwargs):
        calls.append((text, font))
        return original(self, xy, text, fill, font, *args, **kwargs)

    for region, condition in CASES:
        link = h.handout_link(BASE_URL, region, condition, "ar")
        kw = dict(paper="a4", link=link, today=TODAY, strings=strings_ar)
        calls.clear()
        export._last_layout.cache_clear()  # draw it here, not from an earlier build
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(ImageDraw.ImageDraw, "text", recording)
            pages = h.layout_handout(content_ar, region, condition, **kw)
        png = h.handout_png(content_ar, region, condition, **kw)
        pdf = h.handout_pdf(content_ar, region, condition, **kw)
        out[region, condition] = Built(pages, png, pdf, list(calls))
    return out


def page_images(png: bytes) -> list[Image.Image]:
    sheet = Image.open(io.BytesIO(png)).convert("RGB")
    _, page_h = h.paper_pixels("a4")
    step = page_h + h.PNG_PAGE_GAP
    return [sheet.crop((0, top, sheet.width, top + page_h)) for top in range(0, sheet.height, step)]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}-{c[1] or 'all'}")
def test_every_character_drawn_has_a_glyph_in_its_font(built, case):
    drawn = built[case].drawn
    fonts = {type(font).__name__ for _, font in drawn}
    assert fonts == {"FreeTypeFont"}
    arabic = [text for text, font in drawn if "Arabic" in font.getname()[0]]
    assert arabic and any("BOTOX" in text for text, _ in drawn)
    for text, font in drawn:
        for char in set(text) - {" "}:
            assert at.font_has(font, char), f"{char!r} ({ord(char):04X}) in {font.getname()}"
    # No character was swapped for "?": the page shows as many as its text has.
    written = "".join(r.text for p in built[case].pages for r in p.runs)
    assert sum(t.count("?") for t, _ in drawn) == written.count("?")


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}-{c[1] or 'all'}")
def test_pdf_text_reads_in_logical_order(built, case, content_ar, strings_ar):
    """pdfium's text is the handout's, in logical order: whole sentences of
    the content, those that mix Arabic with Latin words, figures and brackets
    too, across line breaks (which pdfium reads as \\r\\n)."""
    region_id, condition_id = case
    pages = pdfium_text(built[case].pdf)
    assert len(pages) == len(built[case].pages)
    text = normalise(" ".join(pages))
    region = content_ar.region(region_id)
    shown = (
        [content_ar.condition(condition_id)]
        if condition_id
        else list(content_ar.conditions_for(region_id))
    )
    sentences = [region.summary, content_ar.site.boxed_warning, content_ar.site.disclaimer]
    for condition in shown:
        sentences += [condition.name, condition.summary, condition.who_for, condition.approval.note]
        sentences += [e.text for e in condition.side_effects] + list(condition.questions)
    for sentence in sentences:
        assert normalise(sentence) in text, sentence
    migraine = content_ar.condition("chronic-migraine").summary
    assert "(chronic migraine)" in migraine and normalise(migraine) in text
    # The footer: the date in Arabic, then (on its left) the page number.
    footer = (
        f"{format_date_ar(TODAY)} {strings_ar('handout_print.page', number=1, total=len(pages))}"
    )
    assert footer in normalise(pages[0])
    assert h.handout_link(BASE_URL, region_id, condition_id, "ar") in text.replace(" ", "")
    # Letters as written, not the shaped forms (presentation forms) drawn.
    assert not re.search("[\ufb50-\ufdff\ufe70-\ufeff]", text)


def test_pdf_declares_arabic_and_its_text_is_invisible(built):
    case = built["neck", "chronic-migraine"]
    pdf = case.pdf
    assert b"/Lang (ar)" in pdf
    assert b"/Subtype /Type0 /BaseFont /GlyphLessFont /Encoding /Identity-H" in pdf
    assert b"/ToUnicode" in pdf and b"/FontFile2" in pdf
    assert b"/F1 " not in pdf.split(b"BT 3 Tr", 1)[1].split(b"ET", 1)[0], "no Helvetica text"
    # pdfium shows the drawn page only: the text on top of it is not painted.
    document = pypdfium2.PdfDocument(pdf)
    try:
        shown = document[0].render(scale=2).to_pil().convert("RGB")
    finally:
        document.close()
    drawn = case.pages[0].image
    small = (drawn.width // 4, drawn.height // 4)
    difference = ImageChops.difference(shown.resize(small), drawn.resize(small))
    assert max(ImageStat.Stat(difference).mean) < 2


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}-{c[1] or 'all'}")
def test_png_text_is_right_aligned_and_ragged_on_the_left(built, case):
    """Read from the PNG's pixels: every line that starts a full-width
    column (a paragraph's lines, a heading, a list item's bullet) has ink
    against the right margin; their left ends vary; nothing is in a margin."""
    width, _ = h.paper_pixels("a4")
    margin = hp.mm(hp.MARGIN_MM)
    right_edge = width - margin  # the last column a line may ink
    lefts = []
    for page, image in zip(built[case].pages, page_images(built[case].png), strict=True):
        grey = image.convert("L")
        for run in page.runs:
            band = grey.crop((0, round(run.baseline - 20), width, round(run.baseline + 6)))
            left, _, right, _ = band.point(lambda v: 255 if v < 128 else 0).getbbox()
            assert margin - 2 <= left and right - 1 <= right_edge + 1, run.text
            if run.x + run.width >= right_edge - 1 and run.size == hp.BODY.size:
                assert right - 1 >= right_edge - 6, run.text  # flush right, as laid out
                lefts.append(left)
    assert len(lefts) >= 12
    assert max(lefts) - min(lefts) > 300, "ragged left: short lines end far from the margin"
    assert sorted(lefts)[len(lefts) // 2] > margin + 10, "most lines don't reach the left margin"


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}-{c[1] or 'all'}")
def test_layout_is_mirrored_but_the_body_is_not(built, case):
    width, _ = h.paper_pixels("a4")
    page, image = built[case].pages[0], page_images(built[case].png)[0]
    # The picture (left in English) is on the right, and drawn as in English.
    x0, y0, x1, y1 = page.picture_box
    assert x0 > width / 2
    shown = image.crop((x0, y0, x1, y1))
    picture = page.picture.image
    flipped = picture.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    as_drawn = max(ImageStat.Stat(ImageChops.difference(shown, picture)).mean)
    as_mirrored = max(ImageStat.Stat(ImageChops.difference(shown, flipped)).mean)
    assert as_drawn < 1 and as_mirrored > 5 * as_drawn, (as_drawn, as_mirrored)
    # The footer: the page number on the left, the title against the right margin.
    number = next(r for r in page.runs if r.text.startswith("صفحة 1 من"))
    title = next(r for r in page.runs if r.baseline == number.baseline and r is not number)
    assert number.x < width / 4 and title.x + title.width > width * 0.9
    # Runs in reading order, right to left: the app's name before the tagline.
    brand, tagline = page.runs[:2]
    assert brand.baseline == tagline.baseline and brand.x > tagline.x
    # Links moved with their addresses: each clickable area is over link-coloured text.
    last, last_image = built[case].pages[-1], page_images(built[case].png)[-1]
    accent = ImageColor.getrgb(hp.ACCENT)
    assert last.links
    for area in last.links:
        ink = last_image.crop(tuple(round(v) for v in area.box))
        near = sum(
            n
            for n, colour in ink.getcolors(1 << 16)
            if max(abs(a - b) for a, b in zip(colour, accent, strict=True)) < 40
        )
        assert near > 0.02 * ink.width * ink.height, area.url


def test_english_handout_keeps_its_helvetica_text_layer(content):
    link = h.handout_link(BASE_URL, "neck", "chronic-migraine")
    pages = h.layout_handout(
        content, "neck", "chronic-migraine", paper="a4", link=link, today=TODAY
    )
    assert not any(r.pieces for p in pages for r in p.runs)
    pdf = h.handout_pdf(content, "neck", "chronic-migraine", paper="a4", link=link, today=TODAY)
    assert b"GlyphLessFont" not in pdf and b"/Lang (en)" in pdf
    assert "Chronic migraine means" in normalise(" ".join(pdfium_text(pdf)))


def test_letters_drawn_are_latin_or_arabic_only(built):
    """Sanity of the watch itself: Latin text went to the built-in font."""
    drawn = built["neck", None].drawn
    latin = {c for t, f in drawn if "Arabic" not in f.getname()[0] for c in t}
    assert latin & set(string.ascii_letters) and not latin & set("بتث")
