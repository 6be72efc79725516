"""The take-home handout: every region and condition, both papers, PNG and PDF.

The PDF is read back with Pillow's own ``PdfParser`` and a small reader of the
text in its content streams, so these tests see what a PDF viewer's search,
copy and screen reader see.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import struct
import zlib

import pytest
from PIL import Image, ImageChops, ImageStat, PdfParser

from bodymap.model.content import Content
from bodymap.model.geometry import bounding_box, point_in_polygon, region_at
from bodymap.model.strings import Strings
from bodymap.model.timeline import PHASE_LABELS, phases
from bodymap.render import handout as h
from bodymap.render.handout import paper as hp
from bodymap.render.handout import typeset
from bodymap.render.handout.body_picture import body_diagram
from bodymap.render.handout.pdf import pdf_number
from bodymap.render.palette import contrast_ratio
from bodymap.render.pillow_text import drawable
from bodymap.vocabulary import STATUSES
from tests.support.paths import condition_ids, first_region, region_ids

TODAY = dt.date(2026, 11, 25)
TODAY_WORDS = "25 November 2026"
BASE_URL = "https://bodymap.example.org/"
ACCENT = tuple(int(hp.ACCENT[i : i + 2], 16) for i in (1, 3, 5))

# Every region's handout, and every condition's at its first region, on both papers.
CASES = [(r, None) for r in region_ids()] + [(first_region(c), c) for c in condition_ids()]
PAPER_CASES = [(region, condition, paper) for region, condition in CASES for paper in h.PAPER_SIZES]


def case_id(case) -> str:
    region, condition, paper = case
    return f"{region}-{condition or 'all'}-{paper}"


def link_for(region: str, condition: str | None) -> str:
    return h.handout_link(BASE_URL, region, condition)


def build(kind: str, content: Content, region: str, condition: str | None, paper: str, **kw):
    maker = {"png": h.handout_png, "pdf": h.handout_pdf, "layout": h.layout_handout}[kind]
    link = kw.pop("link", link_for(region, condition))
    return maker(content, region, condition, paper=paper, link=link, today=TODAY, **kw)


# ------------------------------------------------------------------ reading a PDF

_TJ = re.compile(rb"\(((?:\\.|[^\\()])*)\)\s*Tj", re.DOTALL)
_ESCAPES = {ord("n"): 10, ord("r"): 13, ord("t"): 9, ord("b"): 8, ord("f"): 12}


def unescape(raw: bytes) -> str:
    """A PDF literal string's bytes (between the brackets) as text (WinAnsi = cp1252)."""
    out, i = bytearray(), 0
    while i < len(raw):
        byte = raw[i]
        if byte != 0x5C:
            out.append(byte)
            i += 1
            continue
        nxt = raw[i + 1]
        if 0x30 <= nxt <= 0x37:
            digits = re.match(rb"[0-7]{1,3}", raw[i + 1 : i + 4]).group()
            out.append(int(digits, 8) & 0xFF)
            i += 1 + len(digits)
        else:
            out.append(_ESCAPES.get(nxt, nxt))
            i += 2
    return out.decode("cp1252")


@dataclasses.dataclass
class ReadPdf:
    parser: PdfParser.PdfParser
    pages: list  # page dictionaries
    streams: list[bytes]  # each page's content stream, decoded
    texts: list[list[str]]  # each page's strings, in order

    @property
    def text(self) -> str:
        """All text, whitespace collapsed (lines joined with a space)."""
        return " ".join(" ".join(s for page in self.texts for s in page).split())

    @property
    def compact(self) -> str:
        """All text without any whitespace: an address broken over lines reads whole."""
        return re.sub(r"\s+", "", "".join(s for page in self.texts for s in page))


def read_pdf(data: bytes) -> ReadPdf:
    assert data.startswith(b"%PDF-1.")
    assert data.rstrip().endswith(b"%%EOF")
    parser = PdfParser.PdfParser(buf=data)
    pages, streams, texts = [], [], []
    for ref in parser.pages:
        page = parser.read_indirect(ref)
        stream = parser.read_indirect(page[b"Contents"])
        body = stream.decode()
        pages.append(page)
        streams.append(body)
        texts.append([unescape(m) for m in _TJ.findall(body)])
    return ReadPdf(parser, pages, streams, texts)


def in_pdf(text: str) -> str:
    """``text`` as the PDF can carry it (WinAnsi; missing characters become '?')."""
    return " ".join(text.encode("cp1252", errors="replace").decode("cp1252").split())


def page_picture(parser: PdfParser.PdfParser, page) -> Image.Image:
    """Decode a page's picture: its Flate data is a PNG's image data, so wrap it
    back into a PNG (header, palette) and let Pillow decode it."""
    xobject = parser.read_indirect(page[b"Resources"][b"XObject"][b"Im0"])
    info = xobject.dictionary
    parms = info[b"DecodeParms"]
    assert info[b"Filter"] == b"FlateDecode" and parms[b"Predictor"] == 15
    space = info[b"ColorSpace"]
    if isinstance(space, list):  # [/Indexed /DeviceRGB hival <palette>]
        assert space[0] == b"Indexed" and space[1] == b"DeviceRGB"
        palette, colour_type = bytes(space[3]), 3
        assert len(palette) == 3 * (space[2] + 1)
    else:
        assert space == b"DeviceRGB"
        palette, colour_type = None, 2
    assert parms[b"Colors"] == (1 if palette else 3)

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(
        ">IIBBBBB", info[b"Width"], info[b"Height"], info[b"BitsPerComponent"], colour_type, 0, 0, 0
    )
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
    if palette:
        png += chunk(b"PLTE", palette)
    png += chunk(b"IDAT", bytes(xobject.buf)) + chunk(b"IEND", b"")
    image = Image.open(io.BytesIO(png))
    image.load()
    return image.convert("RGB")


# ------------------------------------------------------------------ shared builds


@pytest.fixture(scope="module")
def built() -> dict:
    """PNG and PDF bytes per case, built on first use (each takes a fraction of a second)."""
    return {}


def files(content: Content, built: dict, case) -> tuple[bytes, bytes]:
    if case not in built:
        region, condition, paper = case
        built[case] = (
            build("png", content, region, condition, paper),
            build("pdf", content, region, condition, paper),
        )
    return built[case]


def shown_conditions(content: Content, region: str, condition: str | None):
    if condition is not None:
        return [content.condition(condition)]
    return list(content.conditions_for(region))


def png_pages(data: bytes, paper: str, mode: str = "RGB") -> list[Image.Image]:
    """The pages of a stacked PNG, cut apart."""
    sheet = Image.open(io.BytesIO(data)).convert(mode)
    _, page_h = h.paper_pixels(paper)
    count = (sheet.height + h.PNG_PAGE_GAP) // (page_h + h.PNG_PAGE_GAP)
    step = page_h + h.PNG_PAGE_GAP
    return [sheet.crop((0, i * step, sheet.width, i * step + page_h)) for i in range(count)]


# ------------------------------------------------------------------ every handout


def test_paper_sizes():
    assert h.paper_pixels("a4") == (1240, 1754)
    assert h.paper_pixels("letter") == (1275, 1650)
    assert h.paper_points("a4") == pytest.approx((595.28, 841.89), abs=0.01)
    assert h.paper_points("letter") == pytest.approx((612, 792), abs=0.01)
    assert hp.MARGIN_MM >= hp.MIN_MARGIN_MM >= 12


@pytest.mark.parametrize("case", PAPER_CASES, ids=case_id)
def test_png_is_a_readable_page_stack(built, case, content):
    paper = case[2]
    png, _ = files(content, built, case)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    width, page_h = h.paper_pixels(paper)
    assert image.width == width
    assert image.info["dpi"] == pytest.approx((h.DPI, h.DPI), abs=0.1)
    # Whole pages, stacked with the gap between them.
    assert (image.height + h.PNG_PAGE_GAP) % (page_h + h.PNG_PAGE_GAP) == 0
    colours = image.getcolors(maxcolors=1 << 16)
    assert len(colours) >= 20, "a page of text and a drawing has many colours"
    margin = hp.mm(hp.MIN_MARGIN_MM)
    for page in png_pages(png, paper, "L"):
        dark = sum(page.histogram()[:128]) / (page.width * page.height)
        assert 0.01 < dark < 0.4, f"share of dark pixels {dark:.3f}: blank or a blot?"
        # 12 mm all round are white: nothing runs into the margins.
        for box in (
            (0, 0, page.width, margin),
            (0, page.height - margin, page.width, page.height),
            (0, 0, margin, page.height),
            (page.width - margin, 0, page.width, page.height),
        ):
            darkest, _ = page.crop(box).getextrema()
            assert darkest >= 245, f"ink in the margin {box} of {case}"


@pytest.mark.parametrize("case", PAPER_CASES, ids=case_id)
def test_pdf_pages_size_and_text(built, case, content, strings):
    region, condition, paper = case
    png, pdf_bytes = files(content, built, case)
    pdf = read_pdf(pdf_bytes)
    assert len(pdf.pages) >= 1
    _, page_h = h.paper_pixels(paper)
    png_height = Image.open(io.BytesIO(png)).height
    png_count = (png_height + h.PNG_PAGE_GAP) // (page_h + h.PNG_PAGE_GAP)
    assert len(pdf.pages) == png_count, "PDF and PNG have the same pages"
    width_pt, height_pt = h.paper_points(paper)
    for page in pdf.pages:
        x0, y0, x1, y1 = page[b"MediaBox"]
        assert (x0, y0) == (0, 0)
        assert x1 == pytest.approx(width_pt, abs=1)
        assert y1 == pytest.approx(height_pt, abs=1)
    text, compact = pdf.text, pdf.compact
    for condition_shown in shown_conditions(content, region, condition):
        assert in_pdf(condition_shown.name) in text
        assert in_pdf(condition_shown.approval.badge(strings)) in text
        for question in condition_shown.questions:
            assert in_pdf(question) in text, question
        urls = [s.url for s in condition_shown.sources]
        assert any(url in compact for url in urls), "no source of the condition is listed"
    warning_start = " ".join(content.site.boxed_warning.split()[:8])
    assert in_pdf(warning_start) in text
    assert in_pdf(content.site.disclaimer) in text
    for source in content.site.sources:
        if source.id in content.site.boxed_warning_source_ids:
            assert source.url in compact
    assert link_for(region, condition) in compact
    assert f"Made on {TODAY_WORDS}" in text
    for number, page_texts in enumerate(pdf.texts, start=1):
        assert f"Page {number} of {len(pdf.pages)}" in page_texts


@pytest.mark.parametrize("case", PAPER_CASES[:4], ids=case_id)
def test_pdf_text_is_invisible_helvetica_at_least_10_pt(built, case, content):
    _, pdf_bytes = files(content, built, case)
    pdf = read_pdf(pdf_bytes)
    for page, stream in zip(pdf.pages, pdf.streams, strict=True):
        font = pdf.parser.read_indirect(page[b"Resources"][b"Font"][b"F1"])
        assert font[b"Subtype"] == b"Type1"
        assert font[b"BaseFont"] == b"Helvetica"
        assert font[b"Encoding"] == b"WinAnsiEncoding"
        assert b"BT 3 Tr" in stream, "text render mode 3: invisible, over the picture"
        sizes = [float(s) for s in re.findall(rb"/F1 ([\d.]+) Tf", stream)]
        assert sizes and min(sizes) >= hp.MIN_TEXT_PT - 0.01
        # The picture fills the page exactly.
        x1, y1 = page[b"MediaBox"][2:]
        assert stream.startswith(b"q %s 0 0 %s 0 0 cm /Im0 Do Q" % (pdf_number(x1), pdf_number(y1)))


def test_pdf_info_and_links(built, content):
    case = ("underarm", "severe-underarm-sweating", "a4")
    _, pdf_bytes = files(content, built, case)
    pdf = read_pdf(pdf_bytes)
    info = pdf.parser.info
    assert PdfParser.decode_text(info[b"Title"]) == (
        "bodymap handout: Severe underarm sweating (Underarms)"
    )
    assert info[b"CreationDate"].startswith(b"D:20261125")
    assert pdf.parser.root[b"Lang"] == b"en"
    uris = []
    for page in pdf.pages:
        for ref in page.get(b"Annots", []):
            annot = pdf.parser.read_indirect(ref)
            assert annot[b"Subtype"] == b"Link"
            uris.append(annot[b"A"][b"URI"].decode("cp1252"))
    assert link_for(*case[:2]) in uris, "the link back to the app is clickable"
    assert "https://pubmed.ncbi.nlm.nih.gov/17306417/" in uris


@pytest.mark.parametrize("paper", sorted(h.PAPER_SIZES))
def test_pdf_picture_is_the_drawn_page(paper, content):
    """The image stream decodes (PNG predictors, palette) to the page Pillow drew."""
    region = "neck"
    pdf = read_pdf(build("pdf", content, region, None, paper))
    pages = h.handout_pages(
        content, region, None, paper=paper, link=link_for(region, None), today=TODAY
    )
    assert len(pdf.pages) == len(pages)
    for page, drawn in zip(pdf.pages, pages, strict=True):
        picture = page_picture(pdf.parser, page)
        assert picture.size == drawn.size == h.paper_pixels(paper)
        diff = ImageChops.difference(picture, drawn)
        assert max(ImageStat.Stat(diff).mean) < 2.0, "only the palette's rounding differs"
        assert max(high for _, high in diff.getextrema()) < 80


def test_timeline_in_words_matches_the_app(built, content, strings):
    case = ("underarm", "severe-underarm-sweating", "letter")
    _, pdf_bytes = files(content, built, case)
    text = read_pdf(pdf_bytes).text
    condition = content.condition("severe-underarm-sweating")
    for key in PHASE_LABELS.values():
        assert f"{strings(key)}:" in text
    by_key = {p.key: p for p in phases(condition, strings)}
    assert not by_key["peak"].known and "Strongest effect: not known" in text
    if not condition.timing["retreatment"].established:
        assert "Earliest repeat: no minimum wait, repeat when it wears off" in text
    assert "Starts to work: 2 weeks" in text
    for effect in condition.side_effects:
        assert in_pdf(effect.text) in text


@pytest.mark.parametrize("condition_id", condition_ids())
def test_handout_prints_before_you_have_it_in_full(built, condition_id, content):
    """Every item, this use's own and those every use shares, in full, with a
    source; the depression handout carries the crisis line too."""
    condition = content.condition(condition_id)
    _, pdf_bytes = files(content, built, (condition.regions[0], condition_id, "a4"))
    text = " ".join(read_pdf(pdf_bytes).text.split())
    assert "Before you have it" in text
    assert "Do not have it if:" in text and "Tell your clinician first:" in text
    for item in content.before_you_have_it(condition):
        assert " ".join(in_pdf(item.text).split()) in text, item.text
    crisis = " ".join(in_pdf(content.site.crisis.text).split())
    assert (crisis in text) == condition.shows_crisis_line


def test_sources_are_numbered_once_each_and_cited(built, content):
    """Sources listed are the ones the text cites, each address once, numbered in order."""
    case = ("head", None, "a4")
    pages = build("layout", content, *case)
    lines = [r.text for p in pages for r in p.runs]
    numbers = [int(t[:-1]) for t in lines if re.fullmatch(r"\d+\.", t)]
    assert numbers == list(range(1, len(numbers) + 1))
    text = " ".join(" ".join(lines).split())
    cited = {int(n) for group in re.findall(r"\[([\d, ]+)\]", text) for n in group.split(",")}
    assert cited == set(numbers), "every listed source is cited, every citation is listed"
    known = {s.url for c in content.conditions_for("head") for s in c.sources}
    known |= {s.url for s in content.site.sources}
    compact = re.sub(r"\s+", "", "".join(lines))
    listed = [u for u in known if u in compact]
    assert len(listed) == len(numbers), "each listed source is one of the content's sources"


# ------------------------------------------------------------------ the picture


def interior_points(view, region_id: str, step: float = 0.5):
    """Diagram points where ``region_id`` is what shows (topmost)."""
    points = []
    for region in view.regions:
        if region.region_id != region_id:
            continue
        for shape in region.shapes:
            xmin, xmax, ymin, ymax = bounding_box(shape.polygon)
            x = xmin
            while x <= xmax:
                y = ymin
                while y <= ymax:
                    if point_in_polygon(x, y, shape.polygon) and region_at(view, x, y) == region_id:
                        points.append((x, y))
                    y += step
                x += step
    return points


@pytest.fixture(scope="module")
def first_pages(content) -> dict[str, h.HandoutPage]:
    return {r.id: build("layout", content, r.id, None, "a4")[0] for r in content.regions}


def accent_share(page: h.HandoutPage, points) -> float:
    """Share of these diagram points drawn in the accent colour on the page
    (points under the region's name tag, which is drawn in the accent too, skipped)."""
    picture = page.picture
    left, top = page.picture_box[:2]
    tx0, ty0, tx1, ty1 = picture.label_box
    hits = total = 0
    for x, y in points:
        px, py = picture.to_px(x, y)
        if tx0 - 2 <= px <= tx1 + 2 and ty0 - 2 <= py <= ty1 + 2:
            continue
        total += 1
        if page.image.getpixel((int(left + px), int(top + py))) == ACCENT:
            hits += 1
    return hits / total


@pytest.mark.parametrize("region_id", region_ids())
def test_picture_highlights_its_region_and_dims_the_others(first_pages, region_id):
    page = first_pages[region_id]
    assert page.picture is not None and page.picture.region_id == region_id
    view = page.picture.view
    own = interior_points(view, region_id)
    assert own, "the region shows in the chosen view"
    # Detail lines and the name tag cover a little of it; the rest is the accent.
    assert accent_share(page, own) > 0.7
    for other in view.region_ids():
        if other != region_id:
            points = interior_points(view, other)
            if points:
                assert accent_share(page, points) < 0.02, f"{other} is highlighted too"


def test_highlight_moves_between_regions(first_pages):
    """Same view (the whole body), different region: the accent is where the region is."""
    underarm, bladder = first_pages["underarm"], first_pages["bladder"]
    assert underarm.picture.view.view_id == bladder.picture.view.view_id == "body"
    view = underarm.picture.view
    underarm_points = interior_points(view, "underarm")
    bladder_points = interior_points(view, "bladder")
    assert accent_share(underarm, underarm_points) > 0.7
    assert accent_share(bladder, bladder_points) > 0.7
    assert accent_share(underarm, bladder_points) < 0.02
    assert accent_share(bladder, underarm_points) < 0.02


def test_close_up_is_chosen_for_the_face():
    diagram = body_diagram()
    assert h.choose_view(diagram, "eyes").view_id == "closeup"
    assert h.choose_view(diagram, "head").view_id == "closeup"
    assert h.choose_view(diagram, "underarm").view_id == "body"


# ------------------------------------------------------------------ flowing text


def long_content(content: Content, condition_id: str, sentences: int) -> tuple[Content, list[str]]:
    markers = [f"Sentence{i:03d}" for i in range(sentences)]
    summary = " ".join(f"{m} says the toxin relaxes the muscle for a while." for m in markers)
    conditions = tuple(
        dataclasses.replace(c, summary=summary) if c.id == condition_id else c
        for c in content.conditions
    )
    return dataclasses.replace(content, conditions=conditions), markers


def assert_inside_margins(pages: list[h.HandoutPage], paper: str) -> None:
    width, height = h.paper_pixels(paper)
    margin = hp.mm(hp.MIN_MARGIN_MM)
    min_px = hp.MIN_TEXT_PT / 72 * h.DPI
    for page in pages:
        assert page.image.size == (width, height)
        for run in page.runs:
            assert run.size >= min_px - 0.01, run
            assert run.x >= margin - 0.5, run
            assert run.x + run.width <= width - margin + 0.5, run
            assert margin + run.size * 0.7 <= run.baseline <= height - margin, run


@pytest.mark.parametrize("paper", sorted(h.PAPER_SIZES))
def test_long_text_flows_onto_more_pages_and_nothing_is_cut(paper, content):
    condition = content.condition("severe-underarm-sweating")
    longer, markers = long_content(content, condition.id, 160)
    long_link = BASE_URL + "?region=underarm&note=" + "x" * 400  # no place to break it
    normal = build("layout", content, "underarm", condition.id, paper)
    pages = build("layout", longer, "underarm", condition.id, paper, link=long_link)
    assert len(pages) >= len(normal) + 2
    assert_inside_margins(pages, paper)
    words = [w for p in pages for r in p.runs for w in r.text.split()]
    for marker in markers:
        assert words.count(marker) == 1, marker
    # The summary runs on, in order, across pages.
    found = [w for w in words if w.startswith("Sentence")]
    assert found == markers
    # The very long link is printed whole, in pieces that each fit.
    pieces = "".join(r.text for p in pages for r in p.runs if r.text.startswith(("https", "x")))
    assert long_link in pieces
    # Everything still comes after the long summary.
    pdf = read_pdf(
        h.handout_pdf(longer, "underarm", condition.id, paper=paper, link=long_link, today=TODAY)
    )
    assert len(pdf.pages) == len(pages)
    assert long_link in pdf.compact
    for question in condition.questions:
        assert in_pdf(question) in pdf.text
    assert f"Page {len(pages)} of {len(pages)}" in pdf.texts[-1]


@pytest.mark.parametrize("case", [("head", None, "a4"), ("neck", None, "letter")], ids=case_id)
def test_every_line_fits_inside_the_margins(case, content):
    assert_inside_margins(build("layout", content, *case), case[2])


def test_long_word_is_broken_not_cut():
    style = hp.BODY
    word = "Supercalifragilistic" * 12
    lines = typeset.break_lines(
        typeset.split_words([typeset.Span(f"Before {word} after", style)]), 300
    )
    assert all(sum(w.width for w in line) <= 300 + 12 * len(line) for line in lines)
    glued = "".join(w.text + (" " if w.space_after else "") for line in lines for w in line)
    assert glued.split() == ["Before", word, "after"]


# ------------------------------------------------------------------ small parts


def test_filenames_and_links():
    assert (
        h.handout_filename("underarm", "severe-underarm-sweating", "pdf")
        == "bodymap-underarm-severe-underarm-sweating.pdf"
    )
    assert h.handout_filename("jaw", None, "png") == "bodymap-jaw.png"
    with pytest.raises(ValueError):
        h.handout_filename("jaw", None, "gif")
    assert h.handout_link("https://a.example/?old=1", "neck", "cervical-dystonia") == (
        "https://a.example/?region=neck&condition=cervical-dystonia&lang=en"
    )
    assert h.handout_link("https://a.example/", "neck", None, "ar") == (
        "https://a.example/?region=neck&lang=ar"
    )
    assert h.KINDS == {"pdf": "application/pdf", "png": "image/png"}


def test_bad_requests_are_refused(content):
    with pytest.raises(ValueError, match="paper"):
        build("png", content, "neck", None, "a5")
    with pytest.raises(ValueError, match="not treated"):
        build("pdf", content, "underarm", "cervical-dystonia", "a4")
    with pytest.raises(KeyError):
        build("pdf", content, "elbow", None, "a4")


def test_pdf_strings_are_escaped_and_winansi():
    assert h.pdf_string("a(b)c\\d") == b"(a\\(b\\)c\\\\d)"
    assert h.pdf_string("1–2 weeks") == b"(1\x962 weeks)"  # en dash is 0x96 in cp1252
    assert h.pdf_string("≥ 3") == b"(? 3)"
    assert h.pdf_string("line\nbreak") == b"(line\\012break)"
    assert unescape(h.pdf_string("a(b)\\ – é\n")[1:-1]) == "a(b)\\ – é\n"


def test_handout_words_come_from_the_catalog_it_is_given(content, strings):
    """Every word around the content is the catalog's: a translation prints its
    own headings, labels, badge, footer, title and language."""
    region, condition = "neck", "neck-bands"
    status = STATUSES[content.condition(condition).approval.status]
    texts = dict(strings.texts)
    texts.update(
        {
            "handout_print.page": "Seite {number} von {total}",
            "handout_print.footer": "{app} / {title} / am {date}",
            "handout_print.tagline": "Merkblatt",
            "handout_print.pdf_title_condition": "{app}-Merkblatt: {condition} ({region})",
            "before.heading": "Vor der Behandlung",
            "card.sources": "Quellen",
            "timeline.peak": "Stärkste Wirkung",
            "timeline.figure_not_known": "unbekannt",
            status.badge_key: "Status auf Deutsch",
        }
    )
    german = Strings("de", "content/ui/de.toml", texts)
    pdf = read_pdf(build("pdf", content, region, condition, "a4", strings=german))
    text = pdf.text
    for words in ("Merkblatt", "Vor der Behandlung", "Quellen", "Status auf Deutsch"):
        assert words in text
    assert "Stärkste Wirkung: unbekannt" in text and "Strongest effect" not in text
    assert "Before you have it" not in text and "Page 1 of" not in text
    assert f"Seite 1 von {len(pdf.pages)}" in pdf.texts[0]
    assert pdf.parser.root[b"Lang"] == b"de"
    assert PdfParser.decode_text(pdf.parser.info[b"Title"]) == (
        "bodymap-Merkblatt: Neck bands (Neck)"
    )
    # The English catalog is the default, and is not served from the German layout.
    english = read_pdf(build("pdf", content, region, condition, "a4")).text
    assert "Before you have it" in english and "Vor der Behandlung" not in english


def test_characters_the_font_lacks_are_drawn_as_stand_ins():
    assert drawable("1–2 weeks") == "1-2 weeks"
    assert drawable("café") == "cafe"
    assert drawable("’quoted’ and ordinary") == "’quoted’ and ordinary"


def test_text_is_at_least_10_pt_and_colours_contrast():
    for style in hp.STYLES:
        assert style.size / h.DPI * 72 >= hp.MIN_TEXT_PT - 0.01, style
    for colour in (hp.INK, hp.MUTED, hp.ACCENT):  # text on the page (AAA)
        assert contrast_ratio(colour, "#FFFFFF") >= 7
    assert contrast_ratio(hp.INK, hp.WARNING_FILL) >= 7  # the boxed warning
    for status in STATUSES.values():  # the badge: white words on the status colour
        assert contrast_ratio(hp.BADGE.colour, status.colour) >= 4.5
