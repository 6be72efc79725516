"""The floor: the fastest round trip Streamlit can do.

A bare page whose button changes one line of text. The benchmarks tap it
with the same harness as the body map, so the app's figures can be given as a
ratio of this, measured in the same run on the same machine.
"""

import streamlit as st

if "count" not in st.session_state:
    st.session_state.count = 0


def _next() -> None:
    st.session_state.count += 1


st.button("Next", key="next", on_click=_next)
st.markdown(f"Count: {st.session_state.count}")
