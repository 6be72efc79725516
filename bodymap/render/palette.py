"""Colours of the diagram, in one place so the map, previews and tests agree."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Palette:
    """Hex colours used to draw the body map."""

    background: str = "#FFFFFF"
    body: str = "#F3ECE4"  # light, warm neutral skin-agnostic fill
    outline: str = "#9C8E82"  # soft outline
    detail: str = "#B9ADA2"  # collar bones, knees, facial features
    region: str = "#DCEBEE"  # tappable areas, unselected: a quiet tint
    region_outline: str = "#5C8F99"
    organ: str = "#E9D3D7"  # the bladder, "seen through" the body
    accent: str = "#0B5F6B"  # the selected region: deep teal
    accent_text: str = "#FFFFFF"
    # The other regions of an open condition: a softer mid teal between the
    # quiet tint and the accent, with dark text (labels stay >= 4.5:1).
    related: str = "#7FBFC8"
    related_outline: str = "#2F7D89"
    related_text: str = "#3B3B3B"
    label: str = "#3B3B3B"
    # Injection sites: small deep-red dots in a white ring, visible on the
    # accent, the tints and the body colour alike.
    site: str = "#B3261E"
    site_ring: str = "#FFFFFF"
    site_label: str = "#3B3B3B"
    site_label_box: str = "rgba(255,255,255,0.92)"  # behind a muscle name: readable on any fill


PALETTE = Palette()


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2.x relative luminance of a ``#RRGGBB`` colour."""
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(a: str, b: str) -> float:
    """WCAG contrast ratio between two colours (1 to 21)."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
