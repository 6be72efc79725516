"""What a handout says, in order, as rows of text and pictures (before pagination).

The app title and the region (or condition) name; the body picture beside the
region's summary and the FDA boxed warning; for each condition its status,
summary, who it is for, safety, the timeline in words, side effects, good to
know and questions to ask; then when it was made and reviewed, the link back
to the app, and the sources, numbered in the order they are first cited.
Every word around the content is from the interface catalog passed in.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PIL import Image, ImageDraw

from bodymap.model.arabic import long_date
from bodymap.model.content import Condition, Content, SafetyItem, Source
from bodymap.model.strings import Strings
from bodymap.model.timeline import PHASE_LABELS, phases, timeline_unit, words_on_axis
from bodymap.render.arabic_text import PDI, RLI
from bodymap.render.handout.body_picture import body_diagram, choose_view, region_picture
from bodymap.render.handout.direction import as_drawn, right_to_left
from bodymap.render.handout.paper import (
    ACCENT,
    BADGE,
    BODY,
    BODY_LINK,
    BOLD,
    BRAND,
    CONDITION,
    HEADING,
    INK,
    LINK,
    NBSP,
    SMALL,
    SMALL_INK,
    TITLE,
    WARNING_FILL,
)
from bodymap.render.handout.typeset import (
    Box,
    Row,
    Span,
    bullets,
    heading,
    marked,
    para,
    rows_height,
    rule,
    space,
    stack,
    text_run,
)
from bodymap.render.pillow_text import font
from bodymap.vocabulary import STATUSES, VIEW_TITLE_KEYS

MIN_PICTURE_HEIGHT = 360  # px: the shortest the body picture is drawn
ARABIC_COMMA = "\u060c"  # "،": between a use's name and its status in Arabic
# The lead of each kind of "before you have it" item: keys of the interface texts.
SAFETY_LEADS = {"not-for": "before.not_for", "tell": "before.tell"}


class Citations:
    """Numbers sources in the order the handout first cites them (one number per address)."""

    def __init__(self) -> None:
        self.sources: list[Source] = []

    def cite(self, sources: Sequence[Source], ids: Iterable[str]) -> str:
        """``" [1, 3]"`` for the sources with these ids (empty if none); no-break
        spaces keep the marker on the line of the word before it."""
        wanted = set(ids)
        numbers = []
        for source in sources:
            if source.id not in wanted:
                continue
            known = [i for i, s in enumerate(self.sources, start=1) if s.url == source.url]
            if known:
                numbers.append(known[0])
            else:
                self.sources.append(source)
                numbers.append(len(self.sources))
        numbers = sorted(set(numbers))
        if not numbers:
            return ""
        marker = f"[{f',{NBSP}'.join(map(str, numbers))}]"
        if right_to_left():
            # Isolated, so the figures keep their place after a Latin word
            # ("(emphysema). [1, 2]"), which would otherwise pull them into its run.
            marker = f"{RLI}{marker}{PDI}"
        return NBSP + marker


def _badge(condition: Condition, x: float, strings: Strings) -> Row:
    text = condition.approval.badge(strings)
    drawn = as_drawn(text)
    width = BADGE.width(drawn)
    pad = 14
    height = 44
    fill = STATUSES[condition.approval.status].colour
    asc, desc = font(BADGE.size).getmetrics()
    baseline = round((height - (asc + desc)) / 2 + asc)

    def paint(draw: ImageDraw.ImageDraw, _image: Image.Image, top: float) -> None:
        draw.rounded_rectangle(
            (x, top + 4, x + width + 2 * pad, top + height - 4), radius=(height - 8) / 2, fill=fill
        )

    run = text_run(x + pad, baseline, text, BADGE, drawn)
    return Row(height + 6, [run], [paint], keep_with_next=True)


def _timeline_rows(
    condition: Condition, cite: Citations, x: float, width: float, strings: Strings
) -> list[Row]:
    """The four phases in words, as a two-column table."""
    labels = [strings(key) for key in PHASE_LABELS.values()]
    label_width = max(
        sum(BOLD.width(w) for w in as_drawn(label + ":").split()) + 10 * label.count(" ")
        for label in labels
    )
    column = x + label_width + 18
    unit = timeline_unit(condition)
    rows: list[Row] = []
    for phase in phases(condition, strings):
        timing = condition.timing[phase.key]
        words = words_on_axis(phase, unit, strings) if phase.known else phase.text
        spans = [Span(words + cite.cite(condition.sources, phase.source_ids), BOLD)]
        if timing.note:
            spans.append(Span(timing.note, BODY))
        cell = para(spans, column, x + width - column)
        label = para([Span(phase.label + ":", BOLD)], x, label_width)
        cell += [Row(r.height) for r in label[len(cell) :]]
        for row, label_row in zip(cell, label, strict=False):
            row.runs = label_row.runs + row.runs
        for row in cell:
            row.keep_with_next = True  # a phase is not split between pages
        rows += [*cell, space(8)]
    return rows


def _condition_rows(
    content: Content,
    condition: Condition,
    region_id: str,
    cite: Citations,
    x: float,
    w: float,
    single: bool,
    strings: Strings,
) -> list[Row]:
    """One condition: status, summary, who it is for, timeline, side effects, questions."""
    badge = _badge(condition, x, strings)
    if single:  # the page title already names it
        rows = [space(30, keep=True), rule(x, x + w, ACCENT, 3, 14), badge]
    else:
        rows = [space(30, keep=True), rule(x, x + w, ACCENT, 3, 14)]
        rows += heading(condition.name, x, w, CONDITION, before=4)
        rows.append(badge)
    if condition.medical_name:
        lead = strings("handout_print.medical_name")
        rows += para([Span(lead, SMALL), Span(condition.medical_name, SMALL)], x, w)
    if condition.shows_crisis_line and content.site.crisis is not None:
        # Where to get help now, before anything else about the condition.
        crisis = content.site.crisis
        rows.append(space(6))
        rows += para(
            [Span(crisis.text + cite.cite(content.site.sources, crisis.source_ids), BOLD)], x, w
        )
    rows.append(space(6))
    rows += para([Span(condition.summary)], x, w)
    note = condition.region_notes.get(region_id)
    if note:
        label = content.region(region_id).label
        rows.append(space(8))
        at = strings("handout_print.at_region", region=label.lower())
        rows += para([Span(at, BOLD), Span(note)], x, w)
    rows.append(space(8))
    who_for = strings("handout_print.who_for")
    rows += para([Span(who_for, BOLD), Span(condition.who_for)], x, w)
    rows.append(space(8))
    approval = condition.approval
    refs = cite.cite(condition.sources, approval.source_ids)
    status = strings("handout_print.status")
    rows += para([Span(status, BOLD), Span(approval.note + refs)], x, w)
    rows += heading(strings("before.heading"), x, w)
    for kind, lead in SAFETY_LEADS.items():
        items = [i for i in content.before_you_have_it(condition) if i.kind == kind]
        if not items:
            continue
        rows += para([Span(strings(lead), BOLD)], x, w)
        rows += bullets(
            (
                [Span(i.text + cite.cite(_item_sources(content, condition, i), i.source_ids))]
                for i in items
            ),
            x,
            w,
        )

    rows += heading(strings("timeline.heading"), x, w)
    rows += _timeline_rows(condition, cite, x, w, strings)

    rows += heading(strings("card.side_effects"), x, w)
    rows += bullets(
        (
            [Span(e.text + cite.cite(condition.sources, e.source_ids))]
            for e in condition.side_effects
        ),
        x,
        w,
    )
    if condition.good_to_know:
        rows += heading(strings("card.good_to_know"), x, w)
        rows += bullets(([Span(t)] for t in condition.good_to_know), x, w)
    if condition.questions:
        rows += heading(strings("card.questions"), x, w)
        rows += bullets(([Span(q)] for q in condition.questions), x, w, box=True)
    return rows


def _item_sources(content: Content, condition: Condition, item: SafetyItem) -> tuple[Source, ...]:
    """The sources a before-you-have-it item's ids point into: the condition's
    own file for its own items, site.toml's for the shared ones."""
    return condition.sources if item in condition.before_you_have_it else content.site.sources


def _warning_rows(
    content: Content, cite: Citations, x: float, w: float, strings: Strings
) -> list[Row]:
    """The FDA boxed warning in a black-edged box, with the not-medical-advice line."""
    site = content.site
    box = Box(x, x + w, WARNING_FILL, INK, 3)
    pad = 22
    inner_x, inner_w = x + pad, w - 2 * pad
    refs = cite.cite(site.sources, site.boxed_warning_source_ids)
    rows = [Row(pad - 4)]
    rows += para([Span(strings("handout_print.boxed_warning"), HEADING)], inner_x, inner_w)
    rows.append(Row(4))
    rows += para([Span(site.boxed_warning + refs)], inner_x, inner_w)
    rows.append(Row(10))
    rows += para([Span(site.disclaimer, BOLD)], inner_x, inner_w)
    rows.append(Row(pad))
    for row in rows:
        row.box = box
        row.keep_with_next = True
    rows[-1].keep_with_next = False
    return rows


def _intro_rows(
    content: Content,
    region_id: str,
    shown: Sequence[Condition],
    single: bool,
    cite: Citations,
    x: float,
    w: float,
    picture_height: int,
    strings: Strings,
) -> list[Row]:
    """The picture beside the region's summary and, when that is shorter, the
    boxed warning; the picture is drawn as tall as the text beside it needs."""
    region = content.region(region_id)
    view = choose_view(body_diagram(), region_id)
    (vx0, vx1), (vy0, vy1) = view.x_range, view.y_range
    max_pic_w, gap = round(w * 0.4), 36

    # The view's name in the handout's language (the diagram's own is English).
    view_key = VIEW_TITLE_KEYS.get(view.view_id)
    view_title = strings(view_key) if view_key in strings.texts else view.title

    def caption(width: float) -> list[Row]:
        text = strings("handout_print.picture_caption", view=view_title, region=region.label)
        return para([Span(text, SMALL)], x, width)

    def column(col_x: float, col_w: float) -> list[Row]:
        if single:
            lead = [Span(strings("handout_print.body_area"), BOLD), Span(region.label, BODY)]
        else:
            lead = [Span(strings("handout_print.treated_here", count=len(shown)), BOLD)]
        rows = [
            *para([Span(region.summary)], col_x, col_w),
            space(10),
            *para(lead, col_x, col_w),
        ]
        if not single:
            comma = ARABIC_COMMA if right_to_left() else ","
            rows += bullets(
                (
                    [Span(c.name + comma, BODY), Span(c.approval.badge(strings), SMALL)]
                    for c in shown
                ),
                col_x,
                col_w,
            )
        return rows

    # Try picture heights from the tallest down; keep the shortest layout.
    best = None
    for height in range(picture_height, MIN_PICTURE_HEIGHT - 1, -20):
        scale = min(max_pic_w / (vx1 - vx0), height / (vy1 - vy0))
        pic_w = max(int((vx1 - vx0) * scale), round(w * 0.28))  # the caption needs room
        pic_total = int((vy1 - vy0) * scale) + 6 + rows_height(caption(pic_w))
        col_x, col_w = x + pic_w + gap, w - pic_w - gap
        about = rows_height(column(col_x, col_w))
        boxed = rows_height(_warning_rows(content, cite, col_x, col_w, strings))
        beside = max(pic_total, about + 16 + boxed)
        below = (
            max(pic_total, about) + 20 + rows_height(_warning_rows(content, cite, x, w, strings))
        )
        option = (min(beside, below), -height, height, beside <= below)
        best = option if best is None or option < best else best
    assert best is not None
    _, _, height, warning_beside = best

    picture = region_picture(region_id, region.label, max_pic_w, height)
    pic_w = max(picture.image.width, round(w * 0.28))
    col_x, col_w = x + pic_w + gap, w - pic_w - gap
    pic_x = x + (pic_w - picture.image.width) // 2

    def paste(_draw: ImageDraw.ImageDraw, image: Image.Image, top: float) -> None:
        image.paste(picture.image, (pic_x, round(top)))

    left = stack([Row(picture.image.height, paints=[paste]), space(6), *caption(pic_w)])
    right_rows = column(col_x, col_w)
    if warning_beside:
        right_rows += [space(16), *_warning_rows(content, cite, col_x, col_w, strings)]
    right = stack(right_rows)
    row = Row(max(left.height, right.height))
    row.paints = left.paints + right.paints
    row.runs = left.runs + right.runs
    row.links = left.links + right.links
    row.picture = ((pic_x, 0, pic_x + picture.image.width, picture.image.height), picture)
    if warning_beside:
        return [row]
    return [row, space(20), *_warning_rows(content, cite, x, w, strings)]


def shown_conditions(
    content: Content, region_id: str, condition_id: str | None
) -> tuple[Condition, ...]:
    """The conditions a handout covers: every one treated at the region, or
    the one asked for (KeyError for an unknown region, ValueError for a
    condition not treated there)."""
    treated = content.conditions_for(region_id)
    if condition_id is None:
        return treated
    if condition_id not in {c.id for c in treated}:
        raise ValueError(f"condition {condition_id!r} is not treated at region {region_id!r}")
    return (content.condition(condition_id),)


def printed_length(content: Content, region_id: str, condition_id: str | None) -> int:
    """How many characters of content the handout prints at the least: the
    longer texts only (the words around them and the sources are left out),
    for the quick check of its length before anything is laid out."""
    site = content.site
    region = content.region(region_id)
    texts = [site.title, region.label, region.summary, site.boxed_warning, site.disclaimer]
    for condition in shown_conditions(content, region_id, condition_id):
        texts += [condition.name, condition.medical_name, condition.summary]
        texts += [condition.who_for, condition.approval.note]
        texts += [condition.region_notes.get(region_id, "")]
        texts += [i.text for i in content.before_you_have_it(condition)]
        texts += [t.note for t in condition.timing.values()]
        texts += [e.text for e in condition.side_effects]
        texts += [*condition.good_to_know, *condition.questions]
    # Marks (Arabic vowel signs) and invisible format characters take no room.
    return sum(1 for text in texts for c in text if unicodedata.category(c) not in ("Mn", "Cf"))


@dataclass(frozen=True)
class Document:
    """A handout's rows, before they are shared out between pages."""

    title: str  # region label, or condition name
    rows: list[Row]


def compose(
    content: Content,
    region_id: str,
    condition_id: str | None,
    link: str,
    today: dt.date,
    x: float,
    w: float,
    picture_height: int,
    strings: Strings,
) -> Document:
    """The rows of one region's (or one condition's) handout, ``w`` px wide from
    ``x``, in the words of ``strings``."""
    region = content.region(region_id)
    shown = shown_conditions(content, region_id, condition_id)
    if condition_id is None:
        title = region.label
        subtitle = strings("handout_print.subtitle_region")
    else:
        title = shown[0].name
        subtitle = strings("handout_print.subtitle_condition")
    cite = Citations()
    site = content.site

    brand = para([Span(site.title, BRAND)], x, w)[0]
    tagline = as_drawn(strings("handout_print.tagline"))
    tw = SMALL.width(tagline)
    brand.runs.append(text_run(x + w - tw, brand.runs[0].baseline, tagline, SMALL, tagline))
    brand.keep_with_next = True
    rows = [brand, rule(x, x + w, ACCENT, 3, 14), space(6, keep=True)]
    rows += para([Span(title, TITLE)], x, w, keep_last=True)
    rows += para([Span(subtitle, SMALL)], x, w)
    rows.append(space(18))
    single = condition_id is not None
    rows += _intro_rows(content, region_id, shown, single, cite, x, w, picture_height, strings)
    for condition in shown:
        rows += _condition_rows(content, condition, region_id, cite, x, w, single, strings)

    dates = [site.last_reviewed, region.last_reviewed]
    for condition in shown:
        dates += [condition.last_reviewed, content.mechanism(condition.tissue).last_reviewed]
    rows += [space(30, keep=True), rule(x, x + w)]
    rows += heading(strings("handout_print.about"), x, w, before=4)
    lang = strings.lang
    made = strings(
        "handout_print.made_and_reviewed",
        made=long_date(today, lang),
        reviewed=long_date(min(dates), lang),
    )
    rows += para([Span(made, BODY)], x, w)
    rows.append(space(6))
    see_it = strings("handout_print.see_it")
    rows += para([Span(see_it, BOLD), Span(link, BODY_LINK, url=True)], x, w)
    rows += heading(strings("card.sources"), x, w)
    for number, source in enumerate(cite.sources, start=1):
        rows += marked(
            f"{number}.",
            [Span(source.title, SMALL_INK), Span(source.url, LINK, url=True)],
            x,
            w,
            indent=42,
        )
        rows.append(space(6))
    return Document(title, rows)
