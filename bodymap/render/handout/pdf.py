"""A small PDF writer, standard library only: drawn pages with their text on top, invisible.

Each page of the PDF shows the drawn page as a picture (a palette PNG's zlib
stream, embedded as is) and carries the same text in render mode 3 on top of
it, stretched to the drawn text's width, so the PDF can be searched, copied
and read aloud; links are clickable areas. English text is set in Helvetica;
right-to-left lines (Arabic) in a glyphless font that carries Unicode, one
text object per line, ordered for PDF readers (``pdf_text``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import struct
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PIL import Image

from bodymap.render.handout import pdf_text
from bodymap.render.handout.bounds import check_time

if TYPE_CHECKING:
    from bodymap.render.handout.layout import HandoutPage
    from bodymap.render.handout.typeset import TextRun

PALETTE_COLOURS = 128  # PNG and PDF pictures are palette images: a third of the bytes

# Advance widths (1/1000 em) of Helvetica for printable ASCII, from its AFM:
# used to stretch the invisible text to the width of the drawn text.
_HELVETICA = (
    [278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278]
    + [556] * 10
    + [278, 278, 584, 584, 584, 556, 1015]
    + [667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833]
    + [722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611]
    + [278, 278, 278, 469, 556, 333]
    + [556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833]
    + [556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500]
    + [334, 260, 334, 584]
)


def _helvetica_width(text: str) -> float:
    """Width of ``text`` in Helvetica at 1 pt."""
    return sum(_HELVETICA[ord(c) - 32] if 32 <= ord(c) < 127 else 556 for c in text) / 1000


def pdf_string(text: str) -> bytes:
    """A PDF literal string in WinAnsiEncoding (cp1252): ``\\``, ``(`` and ``)``
    escaped, control and missing characters made safe."""
    raw = text.encode("cp1252", errors="replace")
    out = bytearray(b"(")
    for byte in raw:
        if byte in b"\\()":
            out += b"\\" + bytes([byte])
        elif byte < 32 or byte == 127:
            out += b"\\%03o" % byte
        else:
            out.append(byte)
    out += b")"
    return bytes(out)


def _utf16(text: str) -> bytes:
    return b"<" + (b"\xfe\xff" + text.encode("utf-16-be")).hex().upper().encode() + b">"


def pdf_number(value: float) -> bytes:
    """A number as the PDF writes it: at most two decimals, no trailing zeros."""
    return (f"{value:.2f}".rstrip("0").rstrip(".") or "0").encode()


def quantize(image: Image.Image) -> Image.Image:
    """At most ``PALETTE_COLOURS`` colours, undithered: the page looks the same
    (flat colours and anti-aliased text) in well under half the bytes."""
    return image.quantize(
        colors=PALETTE_COLOURS, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE
    )


@dataclass(frozen=True)
class _PngParts:
    """What a PDF image needs from a PNG: its zlib stream (PNG row filters and
    all, read with /Predictor 15), bit depth and palette."""

    width: int
    height: int
    bits: int
    palette: bytes | None  # RGB triples, for a palette image
    data: bytes


def _png_parts(image: Image.Image) -> _PngParts:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=6)
    png = buffer.getvalue()
    pos, idat, palette, bits, colour_type = 8, bytearray(), None, 8, 2
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        kind, body = png[pos + 4 : pos + 8], png[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            bits, colour_type, _, _, interlace = body[8], body[9], body[10], body[11], body[12]
            if colour_type not in (2, 3) or interlace:
                raise ValueError("expected a non-interlaced RGB or palette PNG")
        elif kind == b"PLTE":
            palette = body
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    return _PngParts(image.width, image.height, bits, palette if colour_type == 3 else None, idat)


def _image_object(image: Image.Image) -> tuple[bytes, bytes]:
    """The dictionary entries and stream data of a page picture."""
    png = _png_parts(quantize(image))
    if png.palette is not None:
        colours = len(png.palette) // 3
        space = b"[/Indexed /DeviceRGB %d <%s>]" % (colours - 1, png.palette.hex().encode())
        components = 1
    else:
        space, components = b"/DeviceRGB", 3
    head = (
        b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s "
        b"/BitsPerComponent %d /Filter /FlateDecode /DecodeParms << /Predictor 15 "
        b"/Colors %d /BitsPerComponent %d /Columns %d >>"
        % (png.width, png.height, space, png.bits, components, png.bits, png.width)
    )
    return head, png.data


def _add_glyphless_font(
    add: Callable[[bytes], int], stream: Callable[[bytes, bytes], bytes]
) -> int:
    """Add the glyphless Type0 font (``pdf_text``) and its parts; its object number."""
    program = pdf_text.glyphless_truetype()
    file = add(stream(b"/Length1 %d" % len(program), program))
    descriptor = add(
        b"<< /Type /FontDescriptor /FontName %s /Flags 5 /FontBBox [0 %d %d %d] /ItalicAngle 0 "
        b"/Ascent %d /Descent %d /CapHeight %d /StemV 80 /FontFile2 %d 0 R >>"
        % (
            pdf_text.FONT_NAME,
            pdf_text.DESCENT,
            pdf_text.GLYPH_WIDTH,
            pdf_text.ASCENT,
            pdf_text.ASCENT,
            pdf_text.DESCENT,
            pdf_text.ASCENT,
            file,
        )
    )
    gids = add(stream(b"/Filter /FlateDecode", pdf_text.cid_to_gid_map()))
    cid_font = add(
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont %s "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        b"/FontDescriptor %d 0 R /DW %d /CIDToGIDMap %d 0 R >>"
        % (pdf_text.FONT_NAME, descriptor, pdf_text.GLYPH_WIDTH, gids)
    )
    unicode_map = add(stream(b"", pdf_text.to_unicode_cmap()))
    return add(
        b"<< /Type /Font /Subtype /Type0 /BaseFont %s /Encoding /Identity-H "
        b"/DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>"
        % (pdf_text.FONT_NAME, cid_font, unicode_map)
    )


def _lines(runs: Sequence[TextRun]) -> list[list[TextRun]]:
    """Runs in reading order grouped into lines: neighbours on one baseline
    (a list item's number and its first line, a label and its cell, the
    footer's two ends), read as one line by a PDF reader."""
    lines: list[list[TextRun]] = []
    for run in runs:
        if lines and lines[-1][-1].baseline == run.baseline:
            lines[-1].append(run)
        else:
            lines.append([run])
    return lines


def _line_op(line: Sequence[TextRun], fx: float, fy: float, ph: float) -> bytes:
    """One right-to-left line (or the runs on one baseline, which follow one
    another right to left) as one text object in the glyphless font,
    stretched over the width they cover on the page."""
    text = " ".join(" ".join(run.text.split()) for run in line)
    left = min(run.x for run in line)
    right = max(run.x + run.width for run in line)
    size = max(run.size for run in line) * fx
    natural = len(text) * pdf_text.GLYPH_WIDTH / 1000 * size
    stretch = 100 * (right - left) * fx / natural if natural else 100.0
    return b"/F2 %s Tf %s Tz 1 0 0 1 %s %s Tm %s Tj" % (
        pdf_number(size),
        pdf_number(stretch),
        pdf_number(left * fx),
        pdf_number(ph - line[0].baseline * fy),
        pdf_text.encode(pdf_text.reading_order(text)),
    )


def write_pdf(
    pages: Sequence[HandoutPage],
    size_pt: tuple[float, float],
    title: str,
    today: dt.date,
    lang: str,
) -> bytes:
    """Write the PDF: catalog, pages, one font, and per page an image, a content
    stream (picture, then the text in render mode 3, invisible) and links.
    ``lang`` is the language the document declares (``"en"``)."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    def stream(head: bytes, data: bytes) -> bytes:
        return b"<< " + head + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"

    catalog = add(b"")  # filled in once the page tree exists
    tree = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    info = add(
        b"<< /Title "
        + _utf16(title)
        + b" /Creator (bodymap) /Producer (bodymap.render.handout) /CreationDate "
        + pdf_string(f"D:{today:%Y%m%d}000000Z")
        + b" >>"
    )
    fonts = b"/F1 %d 0 R" % font
    if any(run.pieces for page in pages for run in page.runs):  # right-to-left text
        fonts += b" /F2 %d 0 R" % _add_glyphless_font(add, stream)
    pw, ph = size_pt
    kids = []
    for page in pages:
        check_time()
        image = page.image
        fx, fy = pw / image.width, ph / image.height
        picture = add(stream(*_image_object(image)))
        ops = [b"q %s 0 0 %s 0 0 cm /Im0 Do Q" % (pdf_number(pw), pdf_number(ph)), b"BT 3 Tr"]
        lines = [line for line in _lines(page.runs) if line[0].pieces]
        ops += [_line_op(line, fx, fy, ph) for line in lines if any(r.text.strip() for r in line)]
        for run in page.runs:
            if run.pieces:
                continue
            size = run.size * fx
            natural = _helvetica_width(run.text) * size
            stretch = max(30.0, min(300.0, 100 * run.width * fx / natural)) if natural else 100.0
            ops.append(
                b"/F1 %s Tf %s Tz 1 0 0 1 %s %s Tm %s Tj"
                % (
                    pdf_number(size),
                    pdf_number(stretch),
                    pdf_number(run.x * fx),
                    pdf_number(ph - run.baseline * fy),
                    pdf_string(run.text),
                )
            )
        ops.append(b"ET")
        contents = add(stream(b"", b"\n".join(ops)))
        annots = []
        for area in page.links:
            x0, y0, x1, y1 = area.box
            corners = (x0 * fx, ph - y1 * fy, x1 * fx, ph - y0 * fy)
            rect = b" ".join(pdf_number(v) for v in corners)
            annots.append(
                add(
                    b"<< /Type /Annot /Subtype /Link /Rect [%s] /Border [0 0 0] "
                    b"/A << /S /URI /URI %s >> >>" % (rect, pdf_string(area.url))
                )
            )
        annot_refs = b" ".join(b"%d 0 R" % a for a in annots)
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %s %s] /Resources << /Font "
                b"<< %s >> /XObject << /Im0 %d 0 R >> >> /Contents %d 0 R "
                b"/Annots [%s] >>"
                % (tree, pdf_number(pw), pdf_number(ph), fonts, picture, contents, annot_refs)
            )
        )
    objects[tree - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    objects[catalog - 1] = (
        b"<< /Type /Catalog /Pages %d 0 R /Lang %s "
        b"/ViewerPreferences << /DisplayDocTitle true >> >>" % (tree, pdf_string(lang))
    )

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    file_id = hashlib.md5(bytes(out), usedforsecurity=False).hexdigest().encode()
    out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /ID [<%s> <%s>] >>\n" % (
        len(objects) + 1,
        catalog,
        info,
        file_id,
        file_id,
    )
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)
