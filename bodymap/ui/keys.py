"""Every ``st.session_state`` key the app uses, and the map chart's key.

Session keys belong to the Streamlit side of the app, so they live here in
the UI package, in one place; :mod:`bodymap.model.state` holds the pure
deep-link and selection logic they feed.
"""

from __future__ import annotations


class Keys:
    """Every ``st.session_state`` key the app uses, in one place."""

    SELECTION = "selection"  # the one source of truth: a state.Selection
    GENERATIONS = "widget_generations"  # mirroring widget -> its key's counter (callbacks)
    PICKER = "region_picker"  # the text picker (pills) widget, with a counter
    MAP = "body_map"  # the map's container (its chart's key: map_chart_key)
    MAP_TAPPED_VIEW = "map_tapped_view"  # the view whose tap point the map chart has selected
    NOTICE = "link_notice"  # the notices about a bad link (text keys), shown once
    FAILED = "callback_failed"  # a callback raised: show the maintenance message once
    BACK = "back_to_overview"  # the "back to overview" button
    COMPARISON = "comparison_chart"  # the tappable comparison chart widget
    COMPARISON_ORDER = "comparison_order"  # how the comparison rows are ordered
    SCROLL_TO_MAP = "scroll_to_map"  # bring the map into view after this run
    COMPARISON_TAPS = "comparison_taps"  # rows opened so far: part of the chart's key
    CONDITION_PICKER = "condition_picker"  # the "open a treatment" list, with a counter
    SEARCH = "search_box"  # "search in your own words"
    SEARCH_HIT = "search_hit"  # prefix of the buttons that open a search result
    PRESENT = "presenter_switch"  # the presenter-mode toggle
    CONTRAST = "high_contrast_switch"  # presenter mode's high-contrast toggle
    TOUR_NEXT = "tour_next"  # presenter mode: next stop (also the right arrow key)
    TOUR_PREV = "tour_prev"  # presenter mode: previous stop (also the left arrow key)
    SCROLL_TO_PANEL = "scroll_to_panel"  # bring the panel into view on a stacked layout
    HANDOUT_PAPER = "handout_paper"  # A4 or US Letter
    SIDE_PICKER = "side_picker"  # the Front / Back switch, with a counter
    SITES_SWITCH = "sites_switch"  # prefix of each condition card's "show the sites" toggle
    COMPARISON_FOCUS = "comparison_focus"  # the open condition the comparison was drawn with
    LANGUAGE = "language"  # the guide's language for this session ("en", "ar")
    LANGUAGE_PICKER = "language_picker"  # the "English | العربية" switch
    LANGUAGE_NOTICE = "language_notice"  # a link's unknown language: a text key, or None


def map_chart_key(generation: int) -> str:
    """The map chart's widget key. A new key is a fresh chart with nothing
    selected. Plotly keeps a tapped point selected, one per view (subplot),
    and takes a tap on a point still selected as "unselect": that tap would
    do nothing. So the app moves to a fresh chart whenever the selection
    changes off the map, or by a tap in the other view; taps within one view
    keep the chart (and are fast: nothing is redrawn)."""
    return f"{Keys.MAP}_chart_{generation}"
