"""A Plotly figure that is built once and then only shown.

``st.plotly_chart`` turns the figure it is given into a dict on every script
run (``plotly.tools.return_figure_from_figure_or_data`` calls ``to_dict()``,
a deep copy of every trace: about 8 ms for the body map, 2–4 ms for each
timeline), even when the figure comes from a cache and never changes. The
app's figures are built by cached builders and never changed afterwards, so
:class:`FrozenFigure` works the dict out once and hands back the same one.
"""

from __future__ import annotations

import plotly.graph_objects as go


class FrozenFigure(go.Figure):
    """A ``go.Figure`` whose :meth:`to_dict` is computed once, on first use.

    Finish building it before anything reads it: changes made after the first
    ``to_dict()`` are not seen. The dict returned is shared: read it, don't
    change it (Streamlit only serialises it).
    """

    def to_dict(self) -> dict:
        """The figure as a dict (plotly's own), worked out on the first call."""
        cached = self.__dict__.get("_frozen_dict")
        if cached is None:
            cached = super().to_dict()
            self._frozen_dict = cached
        return cached
