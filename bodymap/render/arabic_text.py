"""Arabic text, alone or mixed with Latin words and figures, drawn with Pillow.

Three jobs, each small enough to test on its own:

- **Visual order** (:func:`bidi_levels`, :func:`visual_runs`): the Unicode
  Bidirectional Algorithm (UAX #9) for one line of one paragraph, enough for
  Arabic with Latin words and figures in it: strong letters, numbers and
  their separators (W1-W7), neutrals (N1-N2), levels (I1-I2), trailing white
  space (L1), reordering (L2) and mirrored brackets (L4), with isolates
  (LRI, RLI, FSI ... PDI). Embeddings and overrides (LRE, RLE, LRO, RLO, PDF)
  are ignored: the content uses isolates. Wrapping is the caller's: break a
  paragraph into lines in logical order, then order each line.
- **Fonts** (:func:`glyph_runs`): Noto Sans Arabic (``assets/fonts``, SIL
  OFL) for Arabic and for the punctuation it has; Pillow's built-in font
  (Aileron, as for English) for Latin letters, the digits 0-9 (the project's
  figures in Arabic text too) and the punctuation Noto Sans Arabic lacks
  (brackets, %, /, ...). Neither font has a few characters (en dash, arrows):
  they are drawn as the same stand-ins as in English (``pillow_text``).
- **Shaping and drawing** (:func:`draw_line`, :func:`line_width`): each run in
  the Arabic font is shaped by raqm (HarfBuzz and FriBiDi: letters joined,
  marks placed) right to left; runs in the built-in font are drawn left to
  right in their visual order.

Pillow's raqm needs the system's FriBiDi (Debian ``libfribidi0``, listed in
``packages.txt`` for Streamlit Community Cloud): without it Arabic would be
drawn unjoined, so :func:`arabic_font` refuses to load without raqm.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PIL import ImageDraw, ImageFont, features

from bodymap.model.arabic import LRI, PDI, RLI
from bodymap.render.pillow_text import Font, Ink, drawable, font, has_glyph, stroke
from bodymap.vocabulary import ASSETS_DIR

FONT_DIR = ASSETS_DIR / "fonts"
ARABIC_FONTS = {False: "NotoSansArabic-Regular.ttf", True: "NotoSansArabic-Bold.ttf"}
LANGUAGE = "ar"  # the OpenType language raqm shapes Arabic runs for

# ------------------------------------------------------------------ visual order

FSI = "\u2068"  # first-strong isolate (LRI, RLI and PDI: bodymap.model.arabic)
# Invisible characters that only steer direction: never drawn, and left out of
# a PDF's text layer (a search would have to type them). The marks (ALM, LRM,
# RLM) count as letters when ordering; embeddings and overrides are ignored.
_IGNORED = frozenset("\u202a\u202b\u202c\u202d\u202e")
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f" + LRI + RLI + FSI + PDI) | _IGNORED
# Neutral types (N1): white space, other neutrals, and the isolates' own marks.
_NEUTRAL = frozenset({"B", "S", "WS", "ON", "LRI", "RLI", "FSI", "PDI"})

# Bidi_Mirroring_Glyph pairs for the brackets and signs text may hold: a
# neutral resolved right to left is drawn as its mirror image (L4), so "(" in
# Arabic text opens to the left.
_MIRROR_PAIRS = "()<>[]{}«»‹›⁅⁆⁽⁾₍₎≤≥≦≧≪≫⟨⟩⟪⟫⟦⟧〈〉《》「」『』【】〔〕〖〗〘〙〚〛"
MIRRORED = {a: b for a, b in zip(_MIRROR_PAIRS[::2], _MIRROR_PAIRS[1::2], strict=True)}
MIRRORED |= {b: a for a, b in MIRRORED.items()}


def bidi_class(char: str) -> str:
    """The character's Bidi_Class (``"L"`` for one Unicode leaves unassigned)."""
    return unicodedata.bidirectional(char) or "L"


def has_rtl(text: str) -> bool:
    """Whether ``text`` has a right-to-left letter (Arabic, Hebrew, ...)."""
    return any(bidi_class(c) in ("R", "AL") for c in text)


def mirror(char: str) -> str:
    """The mirror image of a bracket or sign (``"("`` -> ``")"``), else ``char``."""
    return MIRRORED.get(char, char)


def strip_controls(text: str) -> str:
    """``text`` without the invisible direction marks and isolates."""
    return "".join(c for c in text if c not in BIDI_CONTROLS)


def bidi_levels(text: str, rtl: bool = True) -> list[int]:
    """The embedding level of each character of one line (UAX #9): even is
    left to right, odd right to left; ``rtl`` is the paragraph's direction
    (level 1, else 0). In a right-to-left line Arabic letters are at 1,
    Latin words and figures at 2, and neutrals between them at the level of
    the text around them ("بوتوكس (BOTOX)": the brackets at 1, "BOTOX" at 2).
    """
    base = 1 if rtl else 0
    levels = [base] * len(text)
    _resolve(text, list(range(len(text))), base, levels)
    # L1: white space and isolate marks at the end of the line take the
    # paragraph's level (so a trailing space never sits between two runs).
    for i in range(len(text) - 1, -1, -1):
        if bidi_class(text[i]) not in ("WS", "BN", "LRI", "RLI", "FSI", "PDI"):
            break
        levels[i] = base
    return levels


def _isolate_level(text: str, indices: Sequence[int], level: int, initiator: str) -> int:
    """The level inside an isolate that starts at ``level``: the next odd one
    for RLI, the next even one for LRI, and for FSI by its first strong letter."""
    if initiator == FSI:
        initiator = RLI if _first_strong_is_rtl(text, indices) else LRI
    if initiator == RLI:
        return level + 1 if level % 2 == 0 else level + 2
    return level + 2 if level % 2 == 0 else level + 1


def _first_strong_is_rtl(text: str, indices: Sequence[int]) -> bool:
    """P2-P3 over ``indices``: whether the first strong letter (skipping
    nested isolates) is right to left."""
    depth = 0
    for i in indices:
        kind = bidi_class(text[i])
        if kind in ("LRI", "RLI", "FSI"):
            depth += 1
        elif kind == "PDI" and depth:
            depth -= 1
        elif depth == 0 and kind in ("L", "R", "AL"):
            return kind != "L"
    return False


def _resolve(text: str, indices: list[int], level: int, levels: list[int]) -> None:
    """Resolve the levels of one isolating run sequence: the characters
    ``indices`` (in logical order) at embedding ``level``; isolates inside it
    are resolved recursively at their own level."""
    sequence: list[int] = []  # indices at this level, isolates' contents left out
    position = 0
    while position < len(indices):
        i = indices[position]
        kind = bidi_class(text[i])
        levels[i] = level
        if kind in ("LRI", "RLI", "FSI"):
            depth, end = 1, position + 1
            while end < len(indices) and depth:
                inner = bidi_class(text[indices[end]])
                depth += inner in ("LRI", "RLI", "FSI")
                depth -= inner == "PDI"
                end += 1
            closed = depth == 0
            inside = indices[position + 1 : end - 1 if closed else end]
            _resolve(text, inside, _isolate_level(text, inside, level, text[i]), levels)
            sequence.append(i)
            if closed:
                sequence.append(indices[end - 1])
                levels[indices[end - 1]] = level
            position = end
            continue
        if kind == "BN" or text[i] in _IGNORED:  # X9: ignored (keeps the level)
            position += 1
            continue
        sequence.append(i)
        position += 1
    types = _resolve_types(text, sequence, level)
    for i, kind in zip(sequence, types, strict=True):
        if level % 2 == 0:  # I1
            levels[i] = level + {"R": 1, "AN": 2, "EN": 2}.get(kind, 0)
        else:  # I2
            levels[i] = level + (1 if kind in ("L", "EN", "AN") else 0)


def _resolve_types(text: str, sequence: Sequence[int], level: int) -> list[str]:
    """The weak (W1-W7) and neutral (N1-N2) rules over one sequence: each
    character's resolved type, "L", "R", "EN" or "AN"."""
    edge = "R" if level % 2 else "L"  # sos and eos: the sequence's own direction
    types = [bidi_class(text[i]) for i in sequence]
    n = len(types)
    # W1: a mark takes the type of what it is on (ON after an isolate mark).
    for k in range(n):
        if types[k] == "NSM":
            before = types[k - 1] if k else edge
            types[k] = "ON" if before in ("LRI", "RLI", "FSI", "PDI") else before
    # W2, W3: European figures after Arabic letters are Arabic figures; AL is R.
    strong = edge
    for k in range(n):
        if types[k] in ("L", "R", "AL"):
            strong = types[k]
        elif types[k] == "EN" and strong == "AL":
            types[k] = "AN"
    types = ["R" if t == "AL" else t for t in types]
    # W4: one separator between two figures of a kind joins them ("1.5", "2,000").
    for k in range(1, n - 1):
        before, after = types[k - 1], types[k + 1]
        if types[k] == "ES" and before == after == "EN":
            types[k] = "EN"
        elif types[k] == "CS" and before == after and before in ("EN", "AN"):
            types[k] = before
    # W5: terminators next to European figures belong to them ("5%", "$3").
    k = 0
    while k < n:
        if types[k] != "ET":
            k += 1
            continue
        end = k
        while end < n and types[end] == "ET":
            end += 1
        if (k and types[k - 1] == "EN") or (end < n and types[end] == "EN"):
            types[k:end] = ["EN"] * (end - k)
        k = end
    # W6: other separators and terminators are neutral.
    types = ["ON" if t in ("ES", "ET", "CS") else t for t in types]
    # W7: European figures after a Latin letter are left to right ("BOTOX 2010").
    strong = edge
    for k in range(n):
        if types[k] in ("L", "R"):
            strong = types[k]
        elif types[k] == "EN" and strong == "L":
            types[k] = "L"
    # N1, N2: neutrals between two runs of one direction take it (figures count
    # as right to left), else the sequence's own direction.
    k = 0
    while k < n:
        if types[k] not in _NEUTRAL:
            k += 1
            continue
        end = k
        while end < n and types[end] in _NEUTRAL:
            end += 1
        before = _strong_of(types[k - 1]) if k else edge
        after = _strong_of(types[end]) if end < n else edge
        types[k:end] = [before if before == after else edge] * (end - k)
        k = end
    return types


def _strong_of(kind: str) -> str:
    return "L" if kind == "L" else "R"  # R, EN and AN all act as R for neutrals


def visual_order(levels: Sequence[int]) -> list[int]:
    """L2: the logical indices in visual order (left to right): from the
    highest level down to the lowest odd one, every stretch at that level or
    higher is reversed."""
    order = list(range(len(levels)))
    odd = [v for v in levels if v % 2]
    if not odd:
        return order
    for level in range(max(levels), min(odd) - 1, -1):
        k = 0
        while k < len(order):
            if levels[order[k]] < level:
                k += 1
                continue
            end = k
            while end < len(order) and levels[order[end]] >= level:
                end += 1
            order[k:end] = order[k:end][::-1]
            k = end
    return order


@dataclass(frozen=True)
class Run:
    """A stretch of one line at one level: characters ``start:end`` (logical),
    drawn right to left when ``rtl``."""

    start: int
    end: int
    rtl: bool


def visual_runs(text: str, rtl: bool = True, breaks: Iterable[int] = ()) -> tuple[Run, ...]:
    """One line of text as runs of one direction, in visual order (left to
    right). ``breaks`` are logical positions that also end a run (where the
    style changes). Every character is in exactly one run."""
    return _visual_runs(text, rtl, frozenset(breaks))


@functools.lru_cache(maxsize=16384)
def _visual_runs(text: str, rtl: bool, cut: frozenset[int]) -> tuple[Run, ...]:
    if not text:
        return ()
    levels = bidi_levels(text, rtl)
    runs: list[Run] = []
    start = end = -1
    for i in visual_order(levels):
        if start >= 0:
            same = levels[i] == levels[start]
            odd = levels[i] % 2 == 1
            # Next to the previous character in logical order too, in the run's direction.
            joins = (i == start - 1 and i + 1 not in cut) if odd else (i == end and i not in cut)
            if same and joins:
                start, end = min(start, i), max(end, i + 1)
                continue
            runs.append(Run(start, end, levels[start] % 2 == 1))
        start, end = i, i + 1
    runs.append(Run(start, end, levels[start] % 2 == 1))
    return tuple(runs)


# ------------------------------------------------------------------ fonts


@functools.lru_cache(maxsize=32)
def arabic_font(px: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """Noto Sans Arabic at ``px`` pixels, shaped by raqm."""
    if not features.check("raqm"):
        raise RuntimeError(
            "Pillow cannot shape Arabic here: raqm needs the system library "
            "FriBiDi (Debian package libfribidi0, see packages.txt)"
        )
    path = FONT_DIR / ARABIC_FONTS[bold]
    return ImageFont.truetype(str(path), px, layout_engine=ImageFont.Layout.RAQM)


def font_has(typeface: Font, char: str) -> bool:
    """Whether ``typeface`` has a glyph for ``char``: a missing one draws the
    font's empty box, the same as an unassigned code point (U+10FFFD) does."""
    return _mask(typeface, char) != _mask(typeface, "\U0010fffd")


def _mask(typeface: Font, text: str) -> tuple[tuple[int, int], bytes]:
    mask = typeface.getmask(text)
    return mask.size, bytes(mask)


@functools.lru_cache(maxsize=2048)
def arabic_has(char: str) -> bool:
    """Whether Noto Sans Arabic has ``char`` (both weights cover the same characters)."""
    return font_has(arabic_font(20), char)


def _in_arabic_font(char: str) -> bool:
    """Whether ``char`` is drawn in the Arabic font: everything it has except
    Latin letters and the digits 0-9, which stay in the built-in font so a
    Latin word or a figure looks the same as on an English handout."""
    if char.isascii() and char.isalnum():
        return False
    if unicodedata.category(char).startswith("L") and not has_rtl(char):
        return False  # a Latin (or Greek...) letter the built-in font may have
    return arabic_has(char)


@dataclass(frozen=True)
class GlyphRun:
    """Characters drawn with one font in one call.

    In the Arabic font, ``text`` is in logical order and raqm shapes it in
    ``rtl`` direction; in the built-in font it is already in visual order
    (mirrored where needed, stand-ins in place). A run of spaces only is
    measured but not drawn.
    """

    text: str
    arabic: bool
    rtl: bool

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@functools.lru_cache(maxsize=8192)
def glyph_runs(text: str, rtl: bool) -> tuple[GlyphRun, ...]:
    """The glyph runs of ``text``, all at one level (one of :func:`visual_runs`),
    in visual order. Direction controls are dropped."""
    text = strip_controls(text)
    groups: list[tuple[bool, str]] = []  # (Arabic font?, characters), logical order
    for char in text:
        arabic = _in_arabic_font(char)
        if unicodedata.combining(char) and groups:
            arabic = groups[-1][0]  # a mark stays with the letter it is on
        if groups and groups[-1][0] == arabic:
            groups[-1] = (arabic, groups[-1][1] + char)
        else:
            groups.append((arabic, char))
    if rtl:
        groups.reverse()
    runs = []
    for arabic, chars in groups:
        if arabic:
            runs.append(GlyphRun(chars, True, rtl))
        else:
            # Right to left in the built-in font: neutrals only (brackets,
            # quotes, %): reversed and mirrored here, since it draws left to right.
            ordered = "".join(mirror(c) for c in reversed(chars)) if rtl else chars
            runs.append(GlyphRun("".join(drawable(c) for c in ordered), False, False))
    return tuple(runs)


def _glyph_run_width(run: GlyphRun, px: int, bold: bool) -> float:
    if run.arabic:
        direction = "rtl" if run.rtl else "ltr"
        return arabic_font(px, bold).getlength(run.text, direction=direction, language=LANGUAGE)
    # The built-in font has one weight: bold is a thin outline, as in English.
    return font(px).getlength(run.text) + 2 * stroke(px, bold)


@functools.lru_cache(maxsize=16384)
def run_width(text: str, px: int, bold: bool, rtl: bool) -> float:
    """Width in pixels of ``text``, all at one level, at ``px``."""
    return sum(_glyph_run_width(r, px, bold) for r in glyph_runs(text, rtl))


@functools.lru_cache(maxsize=16384)
def line_width(text: str, px: int, bold: bool = False, rtl: bool = True) -> float:
    """Width in pixels of one line of ``text`` in a paragraph of direction ``rtl``."""
    return sum(run_width(text[r.start : r.end], px, bold, r.rtl) for r in visual_runs(text, rtl))


def draw_run(
    draw: ImageDraw.ImageDraw,
    xy: tuple[float, float],
    text: str,
    px: int,
    colour: Ink,
    bold: bool,
    rtl: bool,
) -> float:
    """Draw ``text``, all at one level, with its left edge at ``xy[0]`` on the
    baseline ``xy[1]``; returns its width."""
    x, baseline = xy
    for run in glyph_runs(text, rtl):
        width = _glyph_run_width(run, px, bold)
        if run.blank:
            pass  # nothing to see: just move on
        elif run.arabic:
            draw.text(
                (x, baseline),
                run.text,
                font=arabic_font(px, bold),
                fill=colour,
                anchor="ls",
                direction="rtl" if run.rtl else "ltr",
                language=LANGUAGE,
            )
        else:
            draw.text(
                (x, baseline),
                run.text,
                font=font(px),
                fill=colour,
                anchor="ls",
                stroke_width=stroke(px, bold),
                stroke_fill=colour,
            )
        x += width
    return x - xy[0]


def draw_line(
    draw: ImageDraw.ImageDraw,
    xy: tuple[float, float],
    text: str,
    px: int,
    colour: Ink,
    anchor: str = "ls",
    bold: bool = False,
    rtl: bool = True,
) -> None:
    """Draw one line of mixed text in visual order, anchored like Pillow's
    ``draw.text``: horizontally ``l``, ``m`` or ``r``; vertically ``s``
    (baseline) or ``m`` (middle of the built-in font's ascent and descent)."""
    x, y = xy
    width = line_width(text, px, bold, rtl)
    x -= {"l": 0.0, "m": width / 2, "r": width}[anchor[0]]
    if anchor[1] == "m":
        ascent, descent = font(px).getmetrics()
        y += (ascent - descent) / 2
    elif anchor[1] != "s":
        raise ValueError(f"unsupported anchor {anchor!r}")
    for run in visual_runs(text, rtl):
        x += draw_run(draw, (x, y), text[run.start : run.end], px, colour, bold, run.rtl)


# ------------------------------------------------------------------ checks


def drawn_with(text: str, rtl: bool = True) -> list[tuple[str, bool]]:
    """What drawing one line of ``text`` passes to each font: (characters,
    Arabic font?) pairs, for checking that each font has every character."""
    return [
        (g.text, g.arabic)
        for r in visual_runs(text, rtl)
        for g in glyph_runs(text[r.start : r.end], r.rtl)
    ]


def missing_glyphs(text: str) -> set[str]:
    """The characters of ``text`` that would not be drawn as themselves or a
    stand-in, but as "?" or a font's empty box. Empty for all content."""
    missing = set()
    for char in strip_controls(text):
        if char.isspace() or bidi_class(char) == "BN" or _in_arabic_font(char):
            continue  # spaces and invisible marks draw nothing; the Arabic font has it
        shown = drawable(char)
        if (shown == "?" and char != "?") or not all(has_glyph(c) for c in shown):
            missing.add(char)
    return missing
