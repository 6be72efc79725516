"""bodymap: tap a body region to learn what botulinum toxin treats there.

Streamlit Community Cloud entry point. Kept thin: page config, then the page.
"""

import streamlit as st

st.set_page_config(
    page_title="bodymap: what botulinum toxin treats",
    page_icon=":material/accessibility_new:",
    layout="wide",
    initial_sidebar_state="collapsed",
)

from bodymap.ui.page import run  # noqa: E402  (set_page_config must come first)

run()
