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
from bodymap.model.sites import SiteSet, views_of
from bodymap.model.state import Selection, selection, side_for, sites_side
from bodymap.vocabulary import SIDES


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
    drawn: Mapping[str, frozenset[str]] = field(init=False)  # side -> regions tappable there
    site_sides: Mapping[str, frozenset[str]] = field(init=False)  # condition -> sides with sites

    def __post_init__(self) -> None:
        content = self.content
        derived = {
            "site_sets": MappingProxyType(dict(self.site_sets)),
            "region_ids": content.region_ids(),
            "condition_regions": MappingProxyType(content.condition_regions()),
            "region_label_items": tuple(sorted(content.region_labels().items())),
            "drawn": MappingProxyType(
                {
                    side: frozenset(
                        r for v in self.diagram.side_views(side) for r in v.tappable_ids()
                    )
                    for side in SIDES
                }
            ),
            "site_sides": MappingProxyType(
                {
                    cid: frozenset(self.diagram.view(v).side for v in views_of(site_set))
                    for cid, site_set in self.site_sets.items()
                }
            ),
        }
        for name, value in derived.items():
            object.__setattr__(self, name, value)  # frozen: set once, here

    def selection(
        self,
        region: str | None,
        condition: str | None = None,
        side: str = SIDES[0],
        sites: bool = False,
        *,
        turn: bool = True,
    ) -> Selection:
        """A selection that holds together (:func:`bodymap.model.state.selection`).

        With ``turn``, the body turns to show the region (the eyes only on
        the front, the shoulders only on the back) and then the open
        condition's injection sites, when ``side`` can't show them; without
        it ``side`` stands (the user's own choice on the Front / Back switch),
        and a region it can't show closes: the map, heading and URL agree.
        """
        chosen = selection(region, condition, side, sites, self.condition_regions, self.site_sets)
        if not turn:
            if chosen.region is not None and chosen.region not in self.drawn[chosen.side]:
                # The user turned the body to a side that doesn't show the
                # region (the eyes from behind): the map can't highlight it,
                # so the panel goes back to the whole body, on that side.
                return Selection(None, None, chosen.side)
            return chosen
        turned = side_for(chosen.region, chosen.side, self.drawn)
        if chosen.sites and chosen.condition is not None:
            turned = sites_side(turned, self.site_sides.get(chosen.condition, ()))
        return Selection(chosen.region, chosen.condition, turned, chosen.sites)

    @property
    def with_sites(self) -> tuple[str, ...]:
        """The conditions that have an injection-site set."""
        return tuple(self.site_sets)
