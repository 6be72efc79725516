"""Everything the page draws from, as one value: content, diagram, site sets.

Loaded and checked once per version of the files (``bodymap.ui.caching``),
then handed down the page as one frozen value instead of five loose ones.
Pure: no Streamlit here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from bodymap.model.content import Content
from bodymap.model.diagram import Diagram
from bodymap.model.sites import SiteSet


@dataclass(frozen=True, eq=False)
class AppData:
    """One version of the app's data, with the lookups every run needs.

    ``diagram_fingerprint`` and ``content_fingerprint`` name the versions of
    the diagram file and the content folder (``caching.fingerprint``):
    cached builders are keyed by them and take the objects themselves as
    unhashed arguments. Shared by every session: nothing in it changes.
    """

    content: Content
    diagram: Diagram
    site_sets: Mapping[str, SiteSet]  # condition id -> its injection sites
    diagram_fingerprint: str
    content_fingerprint: str
    # Worked out once from the above, not on every run:
    region_ids: tuple[str, ...] = field(init=False)  # in picker order
    condition_regions: Mapping[str, tuple[str, ...]] = field(init=False)
    region_label_items: tuple[tuple[str, str], ...] = field(init=False)  # sorted (id, label)

    def __post_init__(self) -> None:
        content = self.content
        derived = {
            "site_sets": MappingProxyType(dict(self.site_sets)),
            "region_ids": content.region_ids(),
            "condition_regions": MappingProxyType(content.condition_regions()),
            "region_label_items": tuple(sorted(content.region_labels().items())),
        }
        for name, value in derived.items():
            object.__setattr__(self, name, value)  # frozen: set once, here

    @property
    def with_sites(self) -> tuple[str, ...]:
        """The conditions that have an injection-site set."""
        return tuple(self.site_sets)
