"""The search box: find a condition in your own words (Streamlit).

The matching itself is in :mod:`bodymap.model.search` (pure, tested without
Streamlit); this module only draws the box and what it found.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from bodymap.model.content import Content
from bodymap.model.search import CONDITION, NOT_COVERED, needs_crisis_help, search
from bodymap.ui.keys import Keys
from bodymap.ui.panel import md_link, md_text, render_crisis_line
from bodymap.ui.text import strings, text
from bodymap.vocabulary import STATUSES


def render_search(
    content: Content,
    on_open: Callable[[str], None],
    others: Callable[[], Sequence[Content]] = tuple,
) -> None:
    """The search box and its results. ``on_open(condition_id)`` opens a
    result; ``others()``: the guide in its other languages, whose words of
    distress are heard too (asked for only once something is typed)."""
    query = st.text_input(
        text("search.label"),
        key=Keys.SEARCH,
        type="search",
        live=True,
        # Room for a long question; a pasted page is cut (the search reads
        # the first words only, model/search.py MAX_QUERY_WORDS).
        max_chars=300,
        placeholder=text("search.placeholder"),
        autocomplete="off",
    )
    if not query or not query.strip():
        return
    in_distress = needs_crisis_help(content, query, *others())
    if in_distress:
        render_crisis_line(content)
    hits = search(content, query)
    found = [h for h in hits if h.kind == CONDITION]
    others = [h for h in hits if h.kind == NOT_COVERED]
    labels = content.region_labels()
    with st.container(key="search_results"):
        if found:
            st.markdown(text("search.found", count=len(found)))
        for hit in found:
            condition = content.condition(hit.id)
            where = ", ".join(labels[r] for r in condition.regions)
            st.button(
                f"{condition.name} · {where} · {condition.approval.badge(strings())}",
                key=f"{Keys.SEARCH_HIT}_{hit.id}",
                on_click=on_open,
                args=(hit.id,),
                # The status's own icon, beside its word: the one vocabulary.
                icon=STATUSES[condition.approval.status].icon,
                width="stretch",
            )
        for hit in others:
            use = next(u for u in content.other_uses if u.id == hit.id)
            cited = [s for s in use.sources if s.id in use.source_ids]
            links = "; ".join(md_link(s.title, s.url) for s in cited)
            st.info(
                f"**{md_text(use.name)}**: {md_text(use.text)}\n\n"
                + text("common.sources", links=links),
                icon=":material/info:",
            )
        if not hits and not in_distress:
            st.info(
                text("search.nothing_found", query=md_text(query.strip())),
                icon=":material/search_off:",
            )
            _render_everything(content, on_open)


def _render_everything(content: Content, on_open: Callable[[str], None]) -> None:
    """Every condition the guide covers, as buttons: the way on when search fails."""
    labels = content.region_labels()
    by_region: dict[str, list] = {rid: [] for rid in labels}
    for condition in content.conditions:
        by_region[condition.regions[0]].append(condition)  # each once, at its first area
    for region_id, conditions in by_region.items():
        if not conditions:
            continue
        st.markdown(f"**{md_text(labels[region_id])}**")
        for condition in conditions:
            st.button(
                condition.name,
                key=f"{Keys.SEARCH_HIT}_all_{condition.id}",
                on_click=on_open,
                args=(condition.id,),
            )
