"""Labels that do not overlap: each tries a few positions around its point, in priority order.

A label is kept at the first position where it overlaps no label placed before, no
marker, no map furniture and stays inside the map; one that fits nowhere is left out
(country names and corridor ids are placed first, so they are the last to go).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from matplotlib import patheffects
from matplotlib.transforms import Bbox

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes

__all__ = ["Labeller"]

#: Directions tried in order: right, left, above, below, the diagonals, then further below and above.
_AROUND: Final = ((1, 0, "left", "center"), (-1, 0, "right", "center"), (0, 1, "center", "bottom"),
                  (0, -1, "center", "top"), (0.7, 0.7, "left", "bottom"), (-0.7, 0.7, "right", "bottom"),
                  (0.7, -0.7, "left", "top"), (-0.7, -0.7, "right", "top"),
                  (0, -2.5, "center", "top"), (0, 2.5, "center", "bottom"))  # fmt: skip
_GAP_PT: Final = 1.5  # between a label and its marker, and between labels
_STYLES: Final[dict[str, dict[str, Any]]] = {
    "country": {"scale": 1.05, "color": "#6b6b6b", "fontweight": "normal", "halo": 0.0},
    "corridor": {"scale": 1.1, "color": "#222", "fontweight": "bold", "halo": 2.2},
    "place": {"scale": 0.9, "color": "#222", "fontweight": "normal", "halo": 1.8},
}


@dataclass
class _Label:
    x: float
    y: float
    text: str
    priority: int
    style: str
    color: str | None
    offsets: bool
    marker: bool


@dataclass
class Labeller:
    """Collects labels for one map axes, then places those that fit."""

    ax: Axes
    fontsize: float
    _labels: list[_Label] = field(default_factory=list)
    _markers: list[tuple[float, float]] = field(default_factory=list)
    _avoid: list[Artist] = field(default_factory=list)
    _pad: float = 0.0

    def add(
        self,
        x: float,
        y: float,
        text: str,
        *,
        priority: int,
        style: str = "place",
        color: str | None = None,
        offsets: bool = True,
        marker: bool = True,
    ) -> None:
        """A label for the point (x, y) in data units; lower ``priority`` is placed first.

        ``offsets``: try positions around the point, else centre it there; ``marker``: the
        point has a marker that no label may cover.
        """
        self._labels.append(_Label(x, y, text, priority, style, color, offsets, marker))
        if marker:
            self._markers.append((x, y))

    def avoid(self, artists: list[Artist]) -> None:
        """Keep labels off these artists (the scale bar, the north arrow)."""
        self._avoid += artists

    def place(self) -> int:
        """Place the labels that fit; return how many were left out."""
        self.ax.apply_aspect()
        renderer = self.ax.figure.canvas.get_renderer()  # type: ignore[attr-defined]
        inside = self.ax.get_window_extent(renderer)
        blocked = [artist.get_window_extent(renderer) for artist in self._avoid]
        radius = self.fontsize * 0.35 * self.ax.figure.dpi / 72
        for x, y in self._markers:
            px, py = self.ax.transData.transform((x, y))
            blocked.append(Bbox.from_extents(px - radius, py - radius, px + radius, py + radius))
        points = self.ax.figure.dpi / 72
        self._pad = _GAP_PT / 2 * points
        away = radius / points + _GAP_PT  # label's distance from its point, in points
        dropped = 0
        for label in sorted(self._labels, key=lambda lab: lab.priority):
            candidates = _AROUND if label.offsets else ((0, 0, "center", "center"),)
            for dx, dy, ha, va in candidates:
                text = self._draw(label, dx * away, dy * away, ha, va)
                box = text.get_window_extent(renderer).padded(self._pad)
                if _contains(inside, box) and not any(box.overlaps(b) for b in blocked):
                    blocked.append(box)
                    break
                text.remove()
            else:
                dropped += 1
        return dropped

    def _draw(self, label: _Label, dx: float, dy: float, ha: str, va: str) -> Any:
        style = _STYLES[label.style]
        text = self.ax.annotate(
            label.text,
            (label.x, label.y),
            xytext=(dx, dy),
            textcoords="offset points",
            ha=ha,
            va=va,
            fontsize=self.fontsize * style["scale"],
            fontweight=style["fontweight"],
            color=label.color or style["color"],
            zorder=10,
            annotation_clip=False,
        )
        if style["halo"]:
            text.set_path_effects([patheffects.withStroke(linewidth=style["halo"], foreground="white")])
        return text


def _contains(outer: Bbox, inner: Bbox) -> bool:
    return bool(outer.x0 <= inner.x0 and outer.y0 <= inner.y0 and inner.x1 <= outer.x1 and inner.y1 <= outer.y1)
