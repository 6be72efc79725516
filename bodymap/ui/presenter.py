"""Presenter mode: the guided tour's controls (Streamlit).

The tour's order is content (``content/tour.toml``); which stop is shown is
the URL's ``step=`` (see :func:`bodymap.model.state.parse_presenter`), so every
stop has a link an educator can put on a slide.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from bodymap.model.content import Content
from bodymap.model.state import Presenter
from bodymap.ui import assets
from bodymap.ui.keys import Keys
from bodymap.ui.text import text


def tour_step_title(content: Content, presenter: Presenter) -> str:
    """The heading shown for the current stop."""
    return content.tour.stops[presenter.step - 1].title


def render_tour_controls(
    content: Content, presenter: Presenter, on_step: Callable[[int, int], None]
) -> None:
    """Progress, Previous and Next; the arrow keys press the same buttons."""
    stops = len(content.tour.stops)
    step = presenter.step
    progress = text("presenter.progress", step=step, count=stops, title=content.tour.title)
    st.progress(step / stops, text=progress)
    prev_col, next_col = st.columns(2)
    with prev_col:
        st.button(
            text("presenter.previous"),
            key=Keys.TOUR_PREV,
            icon=":material/arrow_back:",
            on_click=on_step,
            args=(step - 1, stops),
            disabled=step <= 1,
            width="stretch",
        )
    with next_col:
        st.button(
            text("presenter.next"),
            key=Keys.TOUR_NEXT,
            icon=":material/arrow_forward:",
            type="primary",
            on_click=on_step,
            args=(step + 1, stops),
            disabled=step >= stops,
            width="stretch",
        )
    st.caption(text("presenter.keys_help"))
    assets.tour_keys()
