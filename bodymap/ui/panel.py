"""The details panel: what is treated at the selected region (Streamlit)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping

import streamlit as st

from bodymap.model.app_data import AppData
from bodymap.model.arabic import isolate_ltr, long_date
from bodymap.model.content import Condition, Content, Mechanism
from bodymap.model.crisis import COUNTRY_LINES, SITE_TEXT, country_from_locale, crisis_help
from bodymap.model.diagram import Diagram
from bodymap.model.sites import SiteSet, overlay_points, site_count
from bodymap.model.timeline import (
    PHASE_LABELS,
    starts_and_lasts,
    timeline_sources,
    timing_words,
)
from bodymap.render.handout import KINDS, handout_filename, handout_link
from bodymap.ui.caching import (
    cached_handout,
    cached_step_pngs,
    cached_timeline,
    handout_refusal,
)
from bodymap.ui.keys import Keys
from bodymap.ui.text import language, strings, text
from bodymap.vocabulary import ARABIC, BACK, FRONT, SIDES, STATUSES


def _refs(condition: Condition, source_ids) -> str:
    """Footnote markers like ``[1, 3]`` pointing into the condition's source list."""
    order = [s.id for s in condition.sources]
    numbers = sorted(order.index(s) + 1 for s in source_ids if s in order)
    return f" [{', '.join(map(str, numbers))}]" if numbers else ""


def _timing_text(condition: Condition, key: str) -> str:
    """``"1–2 weeks [3] — note"``, or just the reason when there is no figure."""
    timing = condition.timing[key]
    refs = _refs(condition, timing.source_ids)
    if not timing.known:
        # Same words as on the chart: "no minimum wait" is not "not known".
        lead = text("timeline.not_known" if timing.established else "timeline.no_minimum_wait")
        return f"{lead}: {timing.note}{refs}"
    return timing_words(timing, strings()) + refs + (f" — {timing.note}" if timing.note else "")


_MARKDOWN_SPECIAL = str.maketrans({c: "\\" + c for c in "$~|[]*_`<>"})


def md_text(text: str) -> str:
    """Plain text for Streamlit markdown: no maths ($), no tables (|), no links
    or colour directives ([...]), no emphasis, no HTML: what is written is shown."""
    return text.translate(_MARKDOWN_SPECIAL)


def md_link(title: str, url: str) -> str:
    """A markdown link whose title and address can't break out of it."""
    return f"[{md_text(title)}]({url.replace('(', '%28').replace(')', '%29')})"


def _date(day: dt.date) -> str:
    return long_date(day, language())


def render_safety(
    content: Content, reviewed: str, key: str, site_sets: Mapping[str, SiteSet]
) -> None:
    """The boxed warning, the not-medical-advice line, the review date and,
    in a translation, who has reviewed its words (or that nobody has yet)."""
    site = content.site
    cited = [s for s in site.sources if s.id in site.boxed_warning_source_ids]
    links = "; ".join(md_link(s.title, s.url) for s in cited)
    with st.container(border=True, key="safety_box"):
        st.markdown(
            f":material/warning: **{text('panel.fda_warning')}** "
            f"{md_text(site.boxed_warning_short)}\n\n**{md_text(site.disclaimer)}**"
        )
        with st.expander(text("panel.read_full_warning"), key=f"full_warning_{key}"):
            st.markdown(md_text(site.boxed_warning))
            st.markdown(
                f"**{text('panel.label_own_words')}**\n\n"
                + "\n".join(f"> {md_text(s.label)}  " for s in site.boxed_warning_sentences)
            )
            st.caption(text("panel.warning_source", links=links))
        st.caption(text("panel.reviewed", date=reviewed))
        note = translation_note(content, site_sets)
        if note:
            st.caption(note)


def translation_note(content: Content, site_sets: Mapping[str, SiteSet]) -> str | None:
    """Whether a clinician has reviewed this translation, said honestly: by
    whom and when, or that nobody has yet; None for the English itself. Every
    translated file counts, the injection sites' too."""
    sites = tuple(s.translation for s in site_sets.values() if s.translation is not None)
    infos = (*content.translations, *sites)
    if not infos:
        return None
    translated = _date(max(i.translated_on for i in infos))
    unreviewed = [i for i in infos if not i.reviewed]
    if unreviewed:
        return text("translation.unreviewed", date=translated)
    names = sorted({i.reviewed_by for i in infos})
    last = _date(max(i.reviewed_on for i in infos if i.reviewed_on is not None))
    return text("translation.reviewed", names=", ".join(names), date=last)


# Each kind of "before you have it" item: its icon and the key of its heading.
SAFETY_HEADINGS = {
    "not-for": (":material/block:", "before.not_for"),
    "tell": (":material/record_voice_over:", "before.tell"),
}


def render_before(content: Content, condition: Condition) -> None:
    """Before you have it: who should not have it, then what to tell the
    clinician. This use's own items first; those every use shares follow."""
    site = content.site
    own = condition.before_you_have_it
    # What to tell the clinician before any use is named in one line; the full
    # sentences wait behind "for every use" so the card stays short.
    summarised = [i for i in site.before_you_have_it if i.short]
    with st.container(border=True, key=f"before_{condition.id}"):
        st.markdown(f"#### {text('before.heading')}")
        for kind, (icon, heading) in SAFETY_HEADINGS.items():
            # This use's own items cite the card's numbered sources; the shared
            # items' sources are named once, under the full list.
            lines = [
                f"- {md_text(i.text)}{_refs(condition, i.source_ids) if i in own else ''}"
                for i in content.before_you_have_it(condition)
                if i.kind == kind and i not in summarised
            ]
            if kind == "tell" and summarised:
                also = ", ".join(md_text(i.short) for i in summarised)
                lines.append(f"- {text('before.also_tell', items=also)}")
            if lines:
                st.markdown(f"{icon} **{text(heading)}**\n\n" + "\n".join(lines))
        with st.expander(text("before.every_use"), key=f"before_every_use_{condition.id}"):
            st.markdown("\n".join(f"- {md_text(i.text)}" for i in summarised))
            shared = {sid for i in site.before_you_have_it for sid in i.source_ids}
            cited = "; ".join(md_link(s.title, s.url) for s in site.sources if s.id in shared)
            st.caption(text("before.sources_every_use", links=cited))


def render_crisis_line(content: Content) -> None:
    """Where to get help now, for where the reader is
    (:func:`bodymap.model.crisis.crisis_help` chooses): the lines of the
    country the browser's locale names, the site's crisis text (a US line),
    or the advice to call the local emergency number. Each line with its
    official source."""
    site = content.site
    country = country_from_locale(st.context.locale)
    kind, lines = crisis_help(
        content.crisis_lines, country, content.language, site.crisis is not None
    )
    arabic = content.language == ARABIC
    if kind == COUNTRY_LINES:
        rows = [
            text(
                "crisis_help.line",
                name=md_text(line.name_ar if arabic else line.name),
                # Isolated left to right: "800 4673" must not read "4673 800".
                number=f"[{isolate_ltr(line.number)}](tel:{line.dial})",
            )
            for line in lines
        ]
        links = "; ".join(md_link(line.source.title, line.source.url) for line in lines)
        rows_md = "\n".join(f"- {row}" for row in rows)
        body = f"**{text('crisis_help.call_now')}**\n\n{rows_md}"
        st.warning(body + "\n\n" + text("common.sources", links=links), icon=":material/support:")
        return
    crisis = site.crisis
    if kind == SITE_TEXT and crisis is not None:
        cited = [s for s in site.sources if s.id in crisis.source_ids]
        links = "; ".join(md_link(s.title, s.url) for s in cited)
        st.warning(
            f"**{md_text(crisis.text)}**\n\n" + text("common.sources", links=links),
            icon=":material/support:",
        )
        return
    st.warning(f"**{text('crisis_help.local_emergency')}**", icon=":material/support:")


def render_timeline(condition: Condition, key: str, fingerprint: str) -> None:
    """The timeline (a static SVG, no chart), the sources of its figures,
    and the figures in words."""
    st.markdown(f"**{text('timeline.heading')}**")
    # st.markdown, not st.html: st.html's DOMPurify profile drops SVG.
    st.markdown(
        cached_timeline(fingerprint, condition.id, condition, language()),
        unsafe_allow_html=True,
    )
    numbers = timeline_sources(condition)
    if numbers:
        listed = ", ".join(f"[{n}]" for n in numbers)
        st.caption(text("timeline.sources", numbers=listed))
    else:
        st.caption(text("timeline.no_sources"))
    with st.expander(text("timeline.in_words"), key=f"timing_words_{key}"):
        header = f"| {text('timeline.column_timing')} | {text('timeline.column_sources_say')} |"
        rows = [header, "|---|---|"]
        for tkey, label in PHASE_LABELS.items():
            rows.append(f"| {text(label)} | {md_text(_timing_text(condition, tkey))} |")
        st.markdown("\n".join(rows))


def render_mechanism(mechanism: Mechanism, key: str, fingerprint: str) -> None:
    """How the toxin works in this tissue: the text, then the steps as pictures.

    One scene per tab, each at the full width of the panel: the whole sheet
    shrunk into a panel beside the map would make its titles too small to
    read at arm's length. Tabs switch in the browser, without a rerun.
    """
    st.markdown(f"**{md_text(mechanism.title)}:** {md_text(mechanism.summary)}")
    # Open: it is drawn only for the one open condition (issue 17).
    with st.expander(text("mechanism.steps"), expanded=True, key=f"steps_{key}"):
        st.caption(text("mechanism.tap_a_number"))
        count = len(mechanism.steps)
        tabs = st.tabs([str(i) for i in range(1, count + 1)], key=f"step_tabs_{key}")
        pictures = cached_step_pngs(fingerprint, mechanism.id, mechanism, language())
        steps = zip(tabs, mechanism.steps, pictures, strict=True)
        for number, (tab, step, picture) in enumerate(steps, start=1):
            with tab:
                st.image(
                    picture,
                    width="stretch",
                    # Say PNG: "auto" re-encodes an image without transparency
                    # as JPEG on every run, slow and blurring the line art.
                    output_format="PNG",
                    alt=text(
                        "mechanism.step_alt",
                        number=number,
                        count=count,
                        title=step.title,
                        text=step.text,
                    ),
                )
                st.markdown(f"**{number}. {md_text(step.title)}.** {md_text(step.text)}")
        sources = "; ".join(md_link(s.title, s.url) for s in mechanism.sources)
        st.caption(text("mechanism.sources", links=sources))


def render_card(
    condition: Condition,
    region_id: str,
    is_open: bool,
    on_open: Callable[[str, str | None], None] | None,
) -> None:
    """One condition's compact card: its name, status, one plain sentence
    and "starts in … · lasts …"; its button opens (or closes) the details.

    Nothing else of the condition is built here: its details are drawn only
    while it is open (:func:`render_details`)."""
    status = STATUSES[condition.approval.status]
    badge = condition.approval.badge(strings())
    timing = starts_and_lasts(condition, strings())
    name = md_text(condition.name)
    with st.container(border=True, key=f"card_{condition.id}"):
        # One markdown element for the card's words (issue 17: fewer
        # elements per run); the badge is Streamlit's inline badge directive.
        st.markdown(
            f"**{name}** :{status.badge_colour}-badge[{status.icon} {md_text(badge)}]  \n"
            f"{md_text(condition.in_short)}  \n"
            f":material/schedule: {md_text(timing)}"
        )
        if on_open is not None:
            st.button(
                text("card.close" if is_open else "card.open", name=name),
                key=f"open_{condition.id}",
                icon=":material/expand_less:" if is_open else ":material/expand_more:",
                on_click=on_open,
                args=(region_id, None if is_open else condition.id),
                type="primary" if is_open else "secondary",
                width="stretch",
            )


def render_details(
    content: Content,
    condition: Condition,
    region_id: str,
    fingerprint: str,
    sites_switch: Callable[[str], None] | None = None,
) -> None:
    """The open condition's details: where it is treated (and the switch
    that shows its injection sites on the map), who it is for, status,
    before you have it, timing, how it works, side effects, questions,
    sources."""
    status = STATUSES[condition.approval.status]
    with st.container(border=True, key=f"details_{condition.id}"):
        st.markdown(f"### {md_text(condition.name)}")
        st.badge(condition.approval.badge(strings()), icon=status.icon, color=status.badge_colour)
        if condition.shows_crisis_line:
            render_crisis_line(content)
        if condition.medical_name:
            st.caption(text("card.medical_name", name=md_text(condition.medical_name)))
        lines = [md_text(condition.summary)]
        note = condition.region_notes.get(region_id)
        if note:
            lines.append(f":material/location_on: {md_text(note)}")
        if len(condition.regions) > 1:
            areas = ", ".join(content.region(r).label for r in condition.regions)
            lines.append(text("card.treated_at", areas=md_text(areas)))
        st.markdown("\n\n".join(lines))
        if sites_switch is not None:
            sites_switch(condition.id)
        refs = _refs(condition, condition.approval.source_ids)
        st.markdown(
            text("card.who_for", text=md_text(condition.who_for))
            + "\n\n"
            + text("card.status", note=md_text(condition.approval.note) + refs)
        )
        render_before(content, condition)
        key = f"{region_id}_{condition.id}"
        render_timeline(condition, key, fingerprint)
        render_mechanism(content.mechanism(condition.tissue), key, fingerprint)

        effects = "\n".join(
            f"- {md_text(e.text)}{_refs(condition, e.source_ids)}" for e in condition.side_effects
        )
        parts = [f"**{text('card.side_effects')}**\n\n{effects}"]
        if condition.good_to_know:
            tips = "\n".join(f"- {md_text(t)}" for t in condition.good_to_know)
            parts.append(f"**{text('card.good_to_know')}**\n\n{tips}")
        if condition.questions:
            asks = "\n".join(f"- {md_text(q)}" for q in condition.questions)
            parts.append(f"**{text('card.questions')}**\n\n{asks}")
        st.markdown("\n\n".join(parts))
        if condition.educator_text:
            with st.expander(
                text("card.educator"),
                key=f"educator_{region_id}_{condition.id}",
            ):
                refs = _refs(condition, condition.educator_source_ids)
                st.markdown(md_text(condition.educator_text) + refs)
        sources = "\n".join(
            f"{i}. {md_link(s.title, s.url)}" for i, s in enumerate(condition.sources, start=1)
        )
        st.markdown(f"**{text('card.sources')}**\n\n{sources}")


def render_region_panel(
    data: AppData,
    region_id: str,
    focus: str | None = None,
    only_focus: bool = False,
    sites_switch: Callable[[str], None] | None = None,
    on_open: Callable[[str, str | None], None] | None = None,
) -> None:
    """Everything shown for one selected region: a compact card for each
    condition treated there, all named within about a screen of the heading
    (issue 17); then the details of ``focus`` (the open condition, a
    condition id treated here) if any, alone with ``only_focus`` (a
    presenter's tour stop); then the safety box and the handout.

    ``on_open(region_id, condition_id or None)`` is what a card's button
    does (None: no buttons, as on stage, where the tour decides)."""
    content, fingerprint = data.content, data.content_fingerprint
    region = content.region(region_id)
    conditions = content.conditions_for(region_id)
    opened = next((c for c in conditions if c.id == focus), None)
    st.markdown(f"## {md_text(region.label)}")  # alone: what tests and the load client find
    st.markdown(md_text(region.summary))
    if not (only_focus and opened is not None):
        for condition in conditions:
            render_card(condition, region_id, condition is opened, on_open)
    if opened is not None:
        render_details(content, opened, region_id, fingerprint, sites_switch)
    render_safety(content, _date(content.last_reviewed_for(region_id)), region_id, data.site_sets)
    render_handout(content, region_id, opened.id if opened else None, fingerprint)


PAPERS = {"a4": "handout.paper_a4", "letter": "handout.paper_letter"}  # keys of their names
LETTER_LOCALES = ("en-US", "en-CA", "es-US", "fr-CA", "es-MX", "en-PH")  # where Letter is usual


def default_paper(locale: str | None) -> str:
    """US Letter where the browser's locale says it is the usual paper, else A4."""
    return "letter" if locale in LETTER_LOCALES else "a4"


def render_handout(
    content: Content, region_id: str, condition_id: str | None, fingerprint: str
) -> None:
    """ "Take this home": the handout for the region, or for the opened condition,
    as a PDF (to print) or a picture (to keep on a phone)."""
    if condition_id:
        covers = content.condition(condition_id).name
    else:
        covers = text("handout.everything_at", region=content.region(region_id).label.lower())
    with st.container(border=True, key=f"handout_{region_id}"):
        st.markdown(text("handout.take_home", covers=md_text(covers)))
        if Keys.HANDOUT_PAPER not in st.session_state:
            st.session_state[Keys.HANDOUT_PAPER] = default_paper(st.context.locale)
        paper = st.segmented_control(
            text("handout.paper"),
            options=list(PAPERS),
            format_func=lambda paper: text(PAPERS[paper]),
            required=True,
            key=Keys.HANDOUT_PAPER,
        )
        # A required control can still report None for a moment: a request
        # sent while it was being redrawn (seen under fast double taps).
        paper = paper or default_paper(st.context.locale)
        refused = handout_refusal(fingerprint, region_id, condition_id, paper, content, language())
        if refused is not None and refused.reason == refused.PAGES:
            # It will never fit: say so instead of a button that cannot work.
            st.info(text("handout.too_long", pages=refused.limit), icon=":material/info:")
            return
        if refused is not None:  # ran past its time budget: say so, and let them try again
            st.info(text("handout.too_slow"), icon=":material/hourglass_empty:")
        link = handout_link(st.context.url or "", region_id, condition_id, language())
        today = dt.date.today()
        pdf_col, png_col = st.columns(2)
        for col, kind, label, icon in (
            (pdf_col, "pdf", "handout.download_pdf", ":material/print:"),
            (png_col, "png", "handout.download_png", ":material/image:"),
        ):
            with col:
                st.download_button(
                    text(label),
                    # Drawn only when tapped (on its own thread), then cached.
                    data=functools.partial(
                        cached_handout,
                        fingerprint,
                        region_id,
                        condition_id,
                        paper,
                        kind,
                        link,
                        today,
                        content,
                        language(),
                    ),
                    file_name=handout_filename(region_id, condition_id, kind),
                    mime=KINDS[kind],
                    key=f"handout_{kind}_{region_id}",
                    on_click="ignore",
                    icon=icon,
                    width="stretch",
                )


# "N more are on the front/back of the body": by the side they are on.
MORE_ON_SIDE = {FRONT: "sites.more_on_front", BACK: "sites.more_on_back"}


def render_sites_legend(
    condition: Condition,
    site_set: SiteSet,
    diagram: Diagram,
    side: str,
    key: tuple[str, ...] = (),
) -> None:
    """What the dots on the map are: how many, on which muscles, the caption
    that this is no injection guide, and the educator-level count and dose."""
    shown = {v.view_id for v in diagram.side_views(side)}
    here = sum(1 for view, _, _ in overlay_points(site_set, shown))
    total = site_count(site_set)
    other = [s for s in SIDES if s != side]
    elsewhere = " " + text(MORE_ON_SIDE[other[0]], count=total - here) if total > here else ""
    with st.container(border=True, key="sites_legend"):
        where = text("sites.where", name=md_text(condition.name))
        st.markdown(
            f":material/radio_button_checked: **{where}** {md_text(site_set.summary)}{elsewhere}"
        )
        if key:
            numbers = ", ".join(f"{i} {md_text(name)}" for i, name in enumerate(key, start=1))
            st.markdown(text("sites.numbers", numbers=numbers))
        st.markdown(f"**{text('sites.caption')}**")
        with st.expander(text("sites.educator"), key="sites_educator"):
            refs = ", ".join(md_link(s.title, s.url) for s in site_set.sources)
            st.markdown(
                text("sites.educator_sites", sites=md_text(site_set.sites_text))
                + "  \n"
                + text("sites.educator_dose", dose=md_text(site_set.dose_text))
                + f"\n\n{md_text(site_set.educator_text)}\n\n"
                + text("sites.educator_sources", links=refs)
            )


def render_overview(content: Content, site_sets: Mapping[str, SiteSet]) -> None:
    """The page with nothing selected: what the app is and how to use it."""
    site = content.site
    st.markdown(f"## {md_text(site.tagline)}")
    st.markdown(md_text(site.intro))
    rows = []
    for region in content.regions:
        names = ", ".join(c.name for c in content.conditions_for(region.id))
        rows.append(f"- **{md_text(region.label)}**: {md_text(names)}")
    st.markdown(f"**{text('overview.covers')}**\n\n" + "\n".join(rows))
    render_safety(content, _date(site.last_reviewed), "overview", site_sets)
