"""Which web hosts a source may come from, and how far each is trusted.

``content/source_hosts.toml`` is the reviewed list of hosts, each with its
tier: *primary* (the FDA label, peer-reviewed papers, guideline bodies,
health services), *supporting* or *weak*. Every link's host must be listed,
and every sourced claim must cite at least one primary source.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from bodymap.model.content import Condition, Mechanism, OtherUse, Site, Source
from bodymap.model.fields import Fields, Problem, load_toml

SOURCE_TIERS = ("primary", "supporting", "weak")
SOURCE_HOSTS_FILE = "source_hosts.toml"


@dataclass(frozen=True)
class SourceHosts:
    """The reviewed list of web hosts a source may come from, with their tier
    (``content/source_hosts.toml``)."""

    tiers: dict[str, str] = field(hash=False, compare=False)

    def tier(self, url: str) -> str | None:
        """The tier of the host of ``url`` (a subdomain counts as its host), or None."""
        host = (urlsplit(url).hostname or "").lower().rstrip(".")
        while host:
            if host in self.tiers:
                return self.tiers[host]
            host = host.partition(".")[2]
        return None

    def claim_problems(
        self, file: str, field_name: str, ids: Iterable[str], sources: Iterable[Source]
    ) -> list[Problem]:
        """A problem if none of the sources a claim cites is primary."""
        ids = tuple(ids)
        if not ids:
            return []
        by_id = {s.id: s for s in sources}
        cited = [by_id[i] for i in ids if i in by_id]
        if not cited or any(self.tier(s.url) == "primary" for s in cited):
            return []
        tiers = ", ".join(f"{s.id} ({self.tier(s.url) or 'unlisted'})" for s in cited)
        return [
            Problem(
                file,
                field_name,
                f"rests only on {tiers}: cite a primary source that states it (the FDA "
                f"label, a peer-reviewed paper, a guideline body or a health service; "
                f"see {SOURCE_HOSTS_FILE})",
            )
        ]

    def host_problems(self, file: str, sources: Iterable[Source]) -> list[Problem]:
        """A problem for each source whose host is not in the reviewed list."""
        return [
            Problem(
                file,
                f"sources.{s.id}.url",
                f"{urlsplit(s.url).hostname!r} is not in {SOURCE_HOSTS_FILE}: review the "
                "site and list it with its tier, or cite a listed one",
            )
            for s in sources
            if s.url and self.tier(s.url) is None
        ]


def _read_source_hosts(data: dict, rel: str, problems: list[Problem]) -> SourceHosts:
    f = Fields(data, rel, "", problems)
    tiers: dict[str, str] = {}
    for h in f.tables("hosts", "expected one or more [[hosts]] tables"):
        host, tier = h.text("host").lower(), h.choice("tier", SOURCE_TIERS)
        h.text("what")
        if host in tiers:
            h.fail("host", f"{host!r} is listed twice")
        if host and tier:
            tiers[host] = tier
        h.reject_unknown()
    f.date("last_reviewed")
    f.reject_unknown()
    return SourceHosts(tiers)


def sourcing_problems(
    hosts: SourceHosts,
    site: Site | None,
    mechanisms: Iterable[Mechanism],
    conditions: Iterable[Condition],
    other_uses: tuple[str, tuple[OtherUse, ...]],
) -> list[Problem]:
    """Every sourced claim cites a primary source; every link's host is reviewed.

    ``other_uses`` is the file the uses were read from, and the uses.
    """
    found: list[Problem] = []

    def claim(file: str, field_name: str, ids, sources) -> None:
        found.extend(hosts.claim_problems(file, field_name, ids, sources))

    if site is not None:
        found.extend(hosts.host_problems(site.file, site.sources))
        cites = site.sources
        claim(site.file, "boxed_warning_source_ids", site.boxed_warning_source_ids, cites)
        if site.crisis is not None:
            claim(site.file, "crisis.source_ids", site.crisis.source_ids, cites)
        for i, item in enumerate(site.before_you_have_it):
            claim(site.file, f"before_you_have_it[{i}].source_ids", item.source_ids, cites)
    for m in mechanisms:
        found.extend(hosts.host_problems(m.file, m.sources))
        claim(m.file, "source_ids", m.source_ids, m.sources)
    for c in conditions:
        found.extend(hosts.host_problems(c.file, c.sources))
        claim(c.file, "approval.source_ids", c.approval.source_ids, c.sources)
        for key, timing in c.timing.items():
            claim(c.file, f"timing.{key}.source_ids", timing.source_ids, c.sources)
        for i, effect in enumerate(c.side_effects):
            claim(c.file, f"side_effects[{i}].source_ids", effect.source_ids, c.sources)
        claim(c.file, "educator.source_ids", c.educator_source_ids, c.sources)
        for i, item in enumerate(c.before_you_have_it):
            claim(c.file, f"before_you_have_it[{i}].source_ids", item.source_ids, c.sources)
    other_rel, uses = other_uses
    if uses:
        found.extend(hosts.host_problems(other_rel, uses[0].sources))
    for i, use in enumerate(uses):
        claim(other_rel, f"uses[{i}].source_ids", use.source_ids, use.sources)
    return found


def load_source_hosts(root: Path, problems: list[Problem]) -> SourceHosts | None:
    """The reviewed hosts and tiers (None, with problems recorded, if unreadable)."""
    rel, data = load_toml(root / SOURCE_HOSTS_FILE, root, problems)
    return None if data is None else _read_source_hosts(data, rel, problems)
