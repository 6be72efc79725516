"""AppTest fixtures: every app test starts from empty Streamlit caches."""

from __future__ import annotations

import pytest
import streamlit as st


@pytest.fixture(autouse=True)
def fresh_caches():
    """Clear Streamlit's caches before each test, and its resources after."""
    st.cache_resource.clear()
    st.cache_data.clear()
    yield
    st.cache_resource.clear()


@pytest.fixture(scope="session")
def app_data(content, diagram, site_sets):
    """The shipped data as the page gets it, for calling callbacks directly."""
    from bodymap.model.app_data import AppData

    return AppData(content, diagram, site_sets, "diagram", "content")
