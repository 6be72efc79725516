"""The details panel: what is treated at the selected region (Streamlit)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable

import plotly.graph_objects as go
import streamlit as st

from bodymap.model.content import Condition, Content, Mechanism, Site
from bodymap.model.geometry import Diagram
from bodymap.model.sites import CAPTION, SiteSet, overlay_points, site_count
from bodymap.model.state import Keys
from bodymap.model.timeline import (
    COMPARISON_ORDERS,
    ORDER_BY_DURATION,
    ORDER_BY_REGION,
    PHASE_LABELS,
    ComparisonRow,
    comparison_rows,
    timeline_sources,
)
from bodymap.render.charts import STATIC_CONFIG
from bodymap.render.handout import KINDS, handout_filename, handout_link
from bodymap.render.map_figure import PLOTLY_CONFIG
from bodymap.ui.caching import cached_handout, cached_step_pngs, cached_timeline
from bodymap.vocabulary import SIDES, STATUSES


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
        lead = "Not known" if timing.established else "No minimum wait"
        return f"{lead}: {timing.note}{refs}"
    return timing.describe() + refs + (f" — {timing.note}" if timing.note else "")


_MARKDOWN_SPECIAL = str.maketrans({c: "\\" + c for c in "$~|[]*_`<>"})


def md_text(text: str) -> str:
    """Plain text for Streamlit markdown: no maths ($), no tables (|), no links
    or colour directives ([...]), no emphasis, no HTML: what is written is shown."""
    return text.translate(_MARKDOWN_SPECIAL)


def md_link(title: str, url: str) -> str:
    """A markdown link whose title and address can't break out of it."""
    return f"[{md_text(title)}]({url.replace('(', '%28').replace(')', '%29')})"


def _date(day) -> str:
    return day.strftime("%-d %B %Y")


def render_safety(site: Site, reviewed: str, key: str) -> None:
    """The boxed warning, the not-medical-advice line and the review date."""
    cited = [s for s in site.sources if s.id in site.boxed_warning_source_ids]
    links = "; ".join(md_link(s.title, s.url) for s in cited)
    with st.container(border=True, key="safety_box"):
        st.markdown(
            f":material/warning: **FDA safety warning:** {md_text(site.boxed_warning_short)}\n\n"
            f"**{md_text(site.disclaimer)}**"
        )
        with st.expander("Read the full warning", key=f"full_warning_{key}"):
            st.markdown(md_text(site.boxed_warning))
            st.markdown(
                "**The label's own words, sentence by sentence:**\n\n"
                + "\n".join(f"> {md_text(s.label)}  " for s in site.boxed_warning_sentences)
            )
            st.caption(f"Source: {links}")
        st.caption(f"Content reviewed {reviewed}.")


ALSO_TELL = "Also tell them about:"
EVERY_USE = "What to tell your clinician, for every use"
SAFETY_HEADINGS = {
    "not-for": ":material/block: **Do not have it if:**",
    "tell": ":material/record_voice_over: **Tell your clinician first:**",
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
        st.markdown("#### Before you have it")
        for kind, heading in SAFETY_HEADINGS.items():
            # This use's own items cite the card's numbered sources; the shared
            # items' sources are named once, under the full list.
            lines = [
                f"- {md_text(i.text)}{_refs(condition, i.source_ids) if i in own else ''}"
                for i in content.before_you_have_it(condition)
                if i.kind == kind and i not in summarised
            ]
            if kind == "tell" and summarised:
                also = ", ".join(md_text(i.short) for i in summarised)
                lines.append(f"- {ALSO_TELL} {also}.")
            if lines:
                st.markdown(heading + "\n\n" + "\n".join(lines))
        with st.expander(EVERY_USE, key=f"before_every_use_{condition.id}"):
            st.markdown("\n".join(f"- {md_text(i.text)}" for i in summarised))
            shared = {sid for i in site.before_you_have_it for sid in i.source_ids}
            cited = "; ".join(md_link(s.title, s.url) for s in site.sources if s.id in shared)
            st.caption(f"Sources for every use: {cited}.")


def render_crisis_line(site: Site) -> None:
    """Where to get help now: the crisis line, with its sources."""
    crisis = site.crisis
    if crisis is None:
        return
    cited = [s for s in site.sources if s.id in crisis.source_ids]
    links = "; ".join(md_link(s.title, s.url) for s in cited)
    st.warning(f"**{md_text(crisis.text)}**\n\nSources: {links}", icon=":material/support:")


def render_timeline(condition: Condition, key: str, fingerprint: str) -> None:
    """The timeline chart, the sources of its figures, and the figures in words."""
    st.markdown("**How long it takes to work, and how long it lasts**")
    st.plotly_chart(
        cached_timeline(fingerprint, condition.id, condition),
        key=f"timeline_{key}",
        config=STATIC_CONFIG,
        theme=None,
    )
    numbers = timeline_sources(condition)
    if numbers:
        listed = ", ".join(f"[{n}]" for n in numbers)
        st.caption(f"Timing sources: {listed}, listed under Sources below.")
    else:
        st.caption("None of these times is given by the sources we use.")
    with st.expander("Timing in words, with notes", key=f"timing_words_{key}"):
        rows = ["| Timing | What the sources say |", "|---|---|"]
        for tkey, label in PHASE_LABELS.items():
            rows.append(f"| {label} | {md_text(_timing_text(condition, tkey))} |")
        st.markdown("\n".join(rows))


def render_mechanism(mechanism: Mechanism, key: str, fingerprint: str, expanded: bool) -> None:
    """How the toxin works in this tissue: the text, then the steps as pictures.

    One scene per tab, each at the full width of the panel: the whole sheet
    shrunk into a panel beside the map would make its titles too small to
    read at arm's length. Tabs switch in the browser, without a rerun.
    """
    st.markdown(f"**{md_text(mechanism.title)}:** {md_text(mechanism.summary)}")
    with st.expander("How it works, step by step", expanded=expanded, key=f"steps_{key}"):
        st.caption("Tap a number to see each step.")
        count = len(mechanism.steps)
        tabs = st.tabs([str(i) for i in range(1, count + 1)], key=f"step_tabs_{key}")
        pictures = cached_step_pngs(fingerprint, mechanism.id, mechanism)
        steps = zip(tabs, mechanism.steps, pictures, strict=True)
        for number, (tab, step, picture) in enumerate(steps, start=1):
            with tab:
                st.image(
                    picture,
                    width="stretch",
                    # Say PNG: "auto" re-encodes an image without transparency
                    # as JPEG on every run, slow and blurring the line art.
                    output_format="PNG",
                    alt=f"Step {number} of {count}: {step.title}. {step.text}",
                )
                st.markdown(f"**{number}. {md_text(step.title)}.** {md_text(step.text)}")
        sources = "; ".join(md_link(s.title, s.url) for s in mechanism.sources)
        st.caption(f"How-it-works sources: {sources}")


def render_condition(
    content: Content,
    condition: Condition,
    region_id: str,
    fingerprint: str,
    steps_expanded: bool = True,
    sites_switch: Callable[[str], None] | None = None,
) -> None:
    """One condition's card: summary, status, where it is treated (and the
    switch that shows its injection sites on the map), timing, how it works,
    side effects, sources."""
    status = STATUSES[condition.approval.status]
    with st.container(border=True, key=f"condition_{condition.id}"):
        st.markdown(f"### {md_text(condition.name)}")
        st.badge(condition.approval.badge(), icon=status.icon, color=status.badge_colour)
        if condition.shows_crisis_line:
            render_crisis_line(content.site)
        if condition.medical_name:
            st.caption(f"Medical name: {md_text(condition.medical_name)}")
        st.markdown(md_text(condition.summary))
        note = condition.region_notes.get(region_id)
        if note:
            st.markdown(f":material/location_on: {md_text(note)}")
        if len(condition.regions) > 1:
            areas = ", ".join(content.region(r).label for r in condition.regions)
            st.markdown(f"**Treated at:** {md_text(areas)} (all lit up on the map)")
        if sites_switch is not None:
            sites_switch(condition.id)
        st.markdown(f"**Who it is for:** {md_text(condition.who_for)}")
        st.markdown(
            f"**Status in the US:** {md_text(condition.approval.note)}"
            f"{_refs(condition, condition.approval.source_ids)}"
        )
        render_before(content, condition)
        key = f"{region_id}_{condition.id}"
        render_timeline(condition, key, fingerprint)
        render_mechanism(content.mechanism(condition.tissue), key, fingerprint, steps_expanded)

        effects = "\n".join(
            f"- {md_text(e.text)}{_refs(condition, e.source_ids)}" for e in condition.side_effects
        )
        st.markdown(f"**Common side effects here**\n\n{effects}")
        if condition.good_to_know:
            tips = "\n".join(f"- {md_text(t)}" for t in condition.good_to_know)
            st.markdown(f"**Good to know**\n\n{tips}")
        if condition.questions:
            asks = "\n".join(f"- {md_text(q)}" for q in condition.questions)
            st.markdown(f"**Questions to ask your clinician**\n\n{asks}")
        if condition.educator_text:
            with st.expander(
                "For educators and clinicians: doses and trials",
                key=f"educator_{region_id}_{condition.id}",
            ):
                refs = _refs(condition, condition.educator_source_ids)
                st.markdown(md_text(condition.educator_text) + refs)
        sources = "\n".join(
            f"{i}. {md_link(s.title, s.url)}" for i, s in enumerate(condition.sources, start=1)
        )
        st.markdown(f"**Sources**\n\n{sources}")


def render_region_panel(
    content: Content,
    region_id: str,
    fingerprint: str,
    focus: str | None = None,
    only_focus: bool = False,
    sites_switch: Callable[[str], None] | None = None,
) -> None:
    """Everything shown for one selected region; ``focus`` (a condition id
    treated here, e.g. opened from the comparison) comes first, or alone with
    ``only_focus`` (a presenter's tour stop)."""
    region = content.region(region_id)
    st.markdown(f"## {md_text(region.label)}")
    st.markdown(md_text(region.summary))
    render_safety(content.site, _date(content.last_reviewed_for(region_id)), region_id)
    conditions = sorted(content.conditions_for(region_id), key=lambda c: c.id != focus)
    if only_focus:
        conditions = [c for c in conditions if c.id == focus]
    render_handout(
        content, region_id, focus if focus in {c.id for c in conditions} else None, fingerprint
    )
    st.markdown(
        f"**Treated here ({len(conditions)}):** " + ", ".join(md_text(c.name) for c in conditions)
    )
    shown_tissues: set[str] = set()
    for condition in conditions:
        # Each tissue's step picture opens once per panel; repeats start closed.
        render_condition(
            content,
            condition,
            region_id,
            fingerprint,
            steps_expanded=condition.tissue not in shown_tissues,
            sites_switch=sites_switch,
        )
        shown_tissues.add(condition.tissue)


PAPERS = {"a4": "A4", "letter": "US Letter"}
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
        covers = f"everything treated at the {content.region(region_id).label.lower()}"
    with st.container(border=True, key=f"handout_{region_id}"):
        st.markdown(f"**Take-home handout:** {md_text(covers)}, with questions to ask.")
        if Keys.HANDOUT_PAPER not in st.session_state:
            st.session_state[Keys.HANDOUT_PAPER] = default_paper(st.context.locale)
        paper = st.segmented_control(
            "Paper size",
            options=list(PAPERS),
            format_func=PAPERS.__getitem__,
            required=True,
            key=Keys.HANDOUT_PAPER,
        )
        link = handout_link(st.context.url or "", region_id, condition_id)
        today = dt.date.today()
        pdf_col, png_col = st.columns(2)
        for col, kind, label, icon in (
            (pdf_col, "pdf", "Download PDF", ":material/print:"),
            (png_col, "png", "Download PNG", ":material/image:"),
        ):
            with col:
                st.download_button(
                    label,
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
                    ),
                    file_name=handout_filename(region_id, condition_id, kind),
                    mime=KINDS[kind],
                    key=f"handout_{kind}_{region_id}",
                    on_click="ignore",
                    icon=icon,
                    width="stretch",
                )


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
    elsewhere = (
        f" {total - here} more are on the {other[0]} of the body: switch the view to see them."
        if total > here
        else ""
    )
    with st.container(border=True, key="sites_legend"):
        st.markdown(
            f":material/radio_button_checked: **Where the shots usually go for "
            f"{md_text(condition.name)}.** {md_text(site_set.summary)}{elsewhere}"
        )
        if key:
            numbers = ", ".join(f"{i} {md_text(name)}" for i, name in enumerate(key, start=1))
            st.markdown(f"Numbers on the whole body: {numbers}.")
        st.markdown(f"**{md_text(CAPTION)}.**")
        with st.expander("For educators and clinicians: sites and dose", key="sites_educator"):
            refs = ", ".join(md_link(s.title, s.url) for s in site_set.sources)
            st.markdown(
                f"**Sites:** {md_text(site_set.sites_text)}  \n"
                f"**Total dose:** {md_text(site_set.dose_text)}\n\n"
                f"{md_text(site_set.educator_text)}\n\n**Sources:** {refs}"
            )


def render_overview(content: Content) -> None:
    """The page with nothing selected: what the app is and how to use it."""
    site = content.site
    st.markdown(f"## {md_text(site.tagline)}")
    st.markdown(md_text(site.intro))
    rows = []
    for region in content.regions:
        names = ", ".join(c.name for c in content.conditions_for(region.id))
        rows.append(f"- **{md_text(region.label)}**: {md_text(names)}")
    st.markdown("**What this guide covers**\n\n" + "\n".join(rows))
    render_safety(site, _date(site.last_reviewed), "overview")


ORDER_LABELS = {ORDER_BY_DURATION: "Longest-lasting first", ORDER_BY_REGION: "By body area"}


def render_comparison(
    content: Content,
    figure: go.Figure,
    chart_key: str,
    on_select: Callable[[], None],
) -> None:
    """All conditions on one time axis; tapping a row opens it on the map.

    Under it, the same list as a table in words (the condition list above the
    map is the keyboard and screen-reader way to open one).
    """
    st.markdown("## How long does each treatment last?")
    st.markdown(
        "Each row is one use. The thin line is the time it is usually working; the striped "
        "band (or the diamond, for a single figure) is when it usually wears off. "
        "**Tap a row** to open it on the map."
    )
    st.segmented_control(
        "Order",
        options=list(COMPARISON_ORDERS),
        format_func=ORDER_LABELS.__getitem__,
        default=ORDER_BY_DURATION,
        required=True,
        key=Keys.COMPARISON_ORDER,
    )
    st.plotly_chart(
        figure,
        key=chart_key,
        on_select=on_select,
        selection_mode="points",
        config=PLOTLY_CONFIG,
        theme=None,
    )
    st.markdown(" · ".join(f"**{s.word}**: {s.meaning}" for s in STATUSES.values()))
    rows = [r for r in comparison_rows(content, ORDER_BY_DURATION) if not r.is_heading]
    with st.expander("The same list in words", key="comparison_words"):
        st.markdown(_comparison_table(rows))
    st.caption("Each figure's source is listed with the use itself: open it to see them.")


def _comparison_table(rows: list[ComparisonRow]) -> str:
    lines = [
        "| Use | Body area | Status | Starts to work | Wears off after |",
        "|---|---|---|---|---|",
    ]
    for row in rows:
        lines.append(
            f"| {md_text(row.name)} | {md_text(row.region_label)} | {md_text(row.badge)} "
            f"| {md_text(row.onset.text)} | {md_text(row.duration.text)} |"
        )
    return "\n".join(lines)
