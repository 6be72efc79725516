"""The details panel: what is treated at the selected region (Streamlit)."""

from __future__ import annotations

import streamlit as st

from bodymap.content import Condition, Content, Site

TIMING_LABELS = {
    "onset": "Starts to work",
    "peak": "Strongest effect",
    "duration": "Usually lasts",
    "retreatment": "Earliest repeat",
}
BADGE_COLOURS = {"fda-approved": "green", "off-label": "orange", "investigational": "violet"}
BADGE_ICONS = {
    "fda-approved": ":material/verified:",
    "off-label": ":material/info:",
    "investigational": ":material/science:",
}


def _refs(condition: Condition, source_ids) -> str:
    """Footnote markers like ``[1, 3]`` pointing into the condition's source list."""
    order = [s.id for s in condition.sources]
    numbers = sorted(order.index(s) + 1 for s in source_ids if s in order)
    return f" [{', '.join(map(str, numbers))}]" if numbers else ""


def _timing_text(condition: Condition, key: str) -> str:
    """``"1–2 weeks [3] — note"``, or just the reason when the figure is not known."""
    timing = condition.timing[key]
    refs = _refs(condition, timing.source_ids)
    if not timing.known:
        return f"Not known: {timing.note}{refs}"
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
            st.caption(f"Source: {links}")
        st.caption(f"Content reviewed {reviewed}.")


def render_condition(content: Content, condition: Condition, region_id: str) -> None:
    """One condition's card: summary, status, how it works, timing, side effects, sources."""
    status = condition.approval.status
    with st.container(border=True, key=f"condition_{condition.id}"):
        st.markdown(f"### {md_text(condition.name)}")
        st.badge(
            condition.approval.badge(),
            icon=BADGE_ICONS[status],
            color=BADGE_COLOURS[status],
        )
        if condition.medical_name:
            st.caption(f"Medical name: {md_text(condition.medical_name)}")
        st.markdown(md_text(condition.summary))
        note = condition.region_notes.get(region_id)
        if note:
            st.markdown(f":material/location_on: {md_text(note)}")
        st.markdown(f"**Who it is for:** {md_text(condition.who_for)}")
        st.markdown(
            f"**Status in the US:** {md_text(condition.approval.note)}"
            f"{_refs(condition, condition.approval.source_ids)}"
        )
        mechanism = content.mechanism(condition.tissue)
        st.markdown(f"**{md_text(mechanism.title)}:** {md_text(mechanism.summary)}")

        rows = ["| Timing | What the sources say |", "|---|---|"]
        for key, label in TIMING_LABELS.items():
            rows.append(f"| {label} | {md_text(_timing_text(condition, key))} |")
        st.markdown("\n".join(rows))

        effects = "\n".join(
            f"- {md_text(e.text)}{_refs(condition, e.source_ids)}" for e in condition.side_effects
        )
        st.markdown(f"**Common side effects here**\n\n{effects}")
        if condition.good_to_know:
            tips = "\n".join(f"- {md_text(t)}" for t in condition.good_to_know)
            st.markdown(f"**Good to know**\n\n{tips}")
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
        mech_sources = "; ".join(md_link(s.title, s.url) for s in mechanism.sources)
        st.caption(f"How-it-works sources: {mech_sources}")


def render_region_panel(content: Content, region_id: str) -> None:
    """Everything shown for one selected region."""
    region = content.region(region_id)
    st.markdown(f"## {md_text(region.label)}")
    st.markdown(md_text(region.summary))
    render_safety(content.site, _date(content.last_reviewed_for(region_id)), region_id)
    conditions = content.conditions_for(region_id)
    st.markdown(
        f"**Treated here ({len(conditions)}):** " + ", ".join(md_text(c.name) for c in conditions)
    )
    for condition in conditions:
        render_condition(content, condition, region_id)


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
