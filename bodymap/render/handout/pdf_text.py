"""The invisible text of a right-to-left handout's PDF: a font that carries
Unicode, and each line's characters in the order PDF readers rebuild.

**The font.** The English text layer is Helvetica, which has no Arabic. As OCR
tools do (Tesseract, ocrmypdf), the PDF carries the text in a "glyphless"
font: a Type0 font with the Identity-H encoding whose two-byte codes are the
text's UTF-16 code units, a ToUnicode CMap mapping every code to itself (so
search and copy get the characters back), and an embedded TrueType font
whose one glyph every code is drawn with. Drawn in render mode 3 it shows
nothing; the page's picture shows the text.

**The order.** A PDF holds glyphs in the order they are placed, and each
reader rebuilds the logical order of a right-to-left line with its own rules.
This writes for Chromium's pdfium (the viewer in Chrome and Edge, and what
most patients' browsers use; read in ``core/fpdftext/cpdf_textpage.cpp``
and ``core/fxcrt/fx_bidi.cpp``, and checked against pdfium 159.0.8149 as
pypdfium2 5.15 ships it: ``tests/render/test_handout_arabic.py``), which:

1. joins the text objects of one line in order of their x position, left to
   right;
2. cuts the line's characters into segments where their class changes:
   strong left-to-right letters (L); "weak" ones (digits, their separators
   and terminators, combining marks: EN AN CS ES ET NSM BN); right-to-left
   letters (R, AL); and neutrals (spaces, brackets, other punctuation);
3. takes the line as right to left if it has more right-to-left segments
   than left-to-right ones (or if the document's viewer preferences say
   /Direction /R2L, which this PDF leaves out: it would turn the sources'
   English lines around);
4. reads the segments in that direction, each right-to-left segment (and each
   neutral one met while the last strong segment was right to left) back to
   front with its brackets mirrored, every other one front to back.

So a line placed in its true visual order reads back with the words of a
Latin phrase inside Arabic text in reverse order ("BOTOX and Dysport" as
"Dysport and BOTOX") and a bracket closing after a Latin word turned the
wrong way. :func:`reading_order` gives the inverse of pdfium's reading: the
characters of one line so that pdfium reads back exactly its logical text. A
line of Arabic alone comes out in its visual order, as any reader expects;
the words of a Latin phrase inside it are placed right to left, and the
invisible text's highlight in a search sits there (the picture is unchanged).
"""

from __future__ import annotations

import functools
import struct
import unicodedata
import zlib

from bodymap.render.arabic_text import mirror

GLYPH_WIDTH = 500  # every code's advance, 1/1000 of the font size (/DW)
ASCENT, DESCENT = 800, -200  # the glyph's box, 1/1000 of the font size
FONT_NAME = b"/GlyphLessFont"


def _pdfium_kind(char: str) -> str:
    """The segment class pdfium gives ``char``: "L", "W" (weak), "R" or "N"."""
    kind = unicodedata.bidirectional(char)
    if kind == "L":
        return "L"
    if kind in ("R", "AL"):
        return "R"
    if kind in ("EN", "AN", "CS", "ES", "ET", "NSM", "BN"):
        return "W"
    return "N"


def _segments(text: str) -> list[tuple[str, str]]:
    """``text`` cut where pdfium's class changes: (class, characters) pairs."""
    out: list[tuple[str, str]] = []
    for char in text:
        kind = _pdfium_kind(char)
        if out and out[-1][0] == kind:
            out[-1] = (kind, out[-1][1] + char)
        else:
            out.append((kind, char))
    return out


def reading_order(text: str) -> str:
    """The characters of one line of text (logical order) in the order to place
    them left to right, so that pdfium reads ``text`` back (see above)."""
    segments = _segments(text)
    kinds = [kind for kind, _ in segments]
    rtl = kinds.count("R") > kinds.count("L")
    strong = "R" if rtl else "L"
    placed = []
    for kind, chars in segments:
        if kind == "R" or (kind == "N" and strong == "R"):
            # pdfium reads this segment back to front, mirroring brackets.
            placed.append("".join(mirror(c) for c in reversed(chars)))
            strong = "R"
        else:
            placed.append(chars)
            if kind != "W":
                strong = "L"
    return "".join(reversed(placed) if rtl else placed)


def encode(text: str) -> bytes:
    """``text`` as a hex string of two-byte codes (its UTF-16 code units; a
    character beyond the BMP, which no content has, as U+FFFD)."""
    units = "".join(c if ord(c) < 0x10000 else "\ufffd" for c in text)
    return b"<" + units.encode("utf-16-be").hex().upper().encode() + b">"


# ------------------------------------------------------------------ the font program


def _checksum(data: bytes) -> int:
    data += b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(data) // 4}I", data)) & 0xFFFFFFFF


@functools.lru_cache(maxsize=1)
def glyphless_truetype() -> bytes:
    """A TrueType font of two glyphs: an empty .notdef, and the one every code
    maps to, ``GLYPH_WIDTH`` wide. Text in it is never painted (render mode 3),
    but its glyph is a box from the descender to the ascender: a reader takes
    each character's box from it, to highlight what a search found (pdfium
    drops a text object whose glyphs have no size at all). Tables: head, hhea,
    maxp, hmtx, loca, glyf and post (format 3, no glyph names), the least a
    PDF can embed and FreeType (pdfium's font engine) loads."""
    em, glyphs = 1000, 2
    box = (0, DESCENT, GLYPH_WIDTH, ASCENT)  # x min, y min, x max, y max
    # The box as one contour: the glyph's header (one contour, its box), the
    # last point's index, no instructions, four on-curve points (flag 1), and
    # their x and y, each as a step from the point before.
    xs, ys = (0, GLYPH_WIDTH, 0, -GLYPH_WIDTH), (DESCENT, 0, ASCENT - DESCENT, 0)
    glyph = struct.pack(">h4hHH4B4h4h", 1, *box, 3, 0, *[1] * 4, *xs, *ys)
    # head: version, revision, checksum adjustment (set below), magic, flags
    # (baseline at 0, integer scaling, instructions may depend on size),
    # units per em, created, modified, bounding box, style, smallest size,
    # direction hint, short loca offsets, glyph data format.
    head = struct.pack(
        ">IIIIHHqqhhhhHHhhh", 0x10000, 0x10000, 0, 0x5F0F3CF5, 0b1011, em, 0, 0, *box, 0, 8, 2, 0, 0
    )
    # hhea: ascender, descender, line gap, widest advance, least left and
    # right bearings, widest extent, caret slope (rise, run) and offset, four
    # reserved, metric format, advances given.
    metrics = (ASCENT, DESCENT, 0, GLYPH_WIDTH, 0, 0, GLYPH_WIDTH, 1, 0, 0, 0, 0, 0, 0, 0)
    hhea = struct.pack(">IhhhHhhhhhh4hhH", 0x10000, *metrics, glyphs)
    # maxp: glyphs, most points and contours (of the box), zones, then zeros.
    maxp = struct.pack(">IH13H", 0x10000, glyphs, 4, 1, 0, 0, 2, *[0] * 8)
    hmtx = struct.pack(">HhHh", GLYPH_WIDTH, 0, GLYPH_WIDTH, 0)
    loca = struct.pack(">3H", 0, 0, len(glyph) // 2)  # short offsets: halved
    post = struct.pack(">IIhhIIIII", 0x30000, 0, 0, 0, 0, 0, 0, 0, 0)
    tables = {
        b"glyf": glyph,
        b"head": head,
        b"hhea": hhea,
        b"hmtx": hmtx,
        b"loca": loca,
        b"maxp": maxp,
        b"post": post,
    }
    count = len(tables)
    selector = count.bit_length() - 1
    search = 16 << selector
    directory = struct.pack(">IHHHH", 0x10000, count, search, selector, count * 16 - search)
    offset = len(directory) + 16 * count
    body = b""
    head_at = 0
    for tag, data in sorted(tables.items()):
        if tag == b"head":
            head_at = offset + len(body)
        directory += struct.pack(">4sIII", tag, _checksum(data), offset + len(body), len(data))
        body += data + b"\0" * (-len(data) % 4)
    font = bytearray(directory + body)
    adjustment = (0xB1B0AFBA - _checksum(bytes(font))) & 0xFFFFFFFF
    font[head_at + 8 : head_at + 12] = struct.pack(">I", adjustment)
    return bytes(font)


@functools.lru_cache(maxsize=1)
def to_unicode_cmap() -> bytes:
    """A ToUnicode CMap mapping every two-byte code to the same UTF-16 code
    unit (ranges kept within one high byte; surrogates left out)."""
    ranges = [
        b"<%02X00> <%02XFF> <%02X00>" % (high, high, high)
        for high in range(256)
        if not 0xD8 <= high <= 0xDF
    ]
    blocks = b""
    for start in range(0, len(ranges), 100):  # at most 100 to a block
        chunk = ranges[start : start + 100]
        blocks += b"%d beginbfrange\n%s\nendbfrange\n" % (len(chunk), b"\n".join(chunk))
    return (
        b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        b"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        b"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        + blocks
        + b"endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"
    )


@functools.lru_cache(maxsize=1)
def cid_to_gid_map() -> bytes:
    """Every two-byte code drawn with glyph 1 (Flate-compressed)."""
    return zlib.compress(b"\x00\x01" * 0x10000, 9)
