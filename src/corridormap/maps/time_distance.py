"""The time–distance chart of journeys (ESCAP style), as plain SVG in the page's language.

The chart plots cumulative hours against cumulative km: moving makes a sloped line (the
steeper, the slower), and every border, transfer or port a vertical step of the hours it
costs. Every label is escaped; names the data has only in English are marked ``lang=en`` on a
page in another language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from pandas.api.types import is_object_dtype

from .i18n import t
from .journey_panel import Place
from .popups import esc, short_name
from .units import hours, kilometres, number

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from ..journey import Route

__all__ = ["leg_rows", "paid_kinds", "time_distance_svg"]


def leg_rows(r: Route) -> list[dict[str, Any]]:
    """A journey's legs as dicts, origin first (the columns of :attr:`~corridormap.journey.Route.legs`).

    ``r.legs.to_dict(orient="records")``, read column by column (to_dict reads a GeoDataFrame row
    by row: 4x slower). The same dicts: to_dict changes values only in object-typed columns,
    which the legs have none of (strings, floats and the geometry); a frame that has one goes
    through to_dict.

    Examples
    --------
    >>> import corridormap as cm
    >>> r = cm.route("Tashkent", "Karachi")
    >>> leg_rows(r)[0]["from_node"], leg_rows(r) == r.legs.to_dict(orient="records")
    ('tashkent', True)
    """
    legs = r.legs
    if any(is_object_dtype(dtype) for dtype in legs.dtypes):
        return cast("list[dict[str, Any]]", legs.to_dict(orient="records"))
    names = list(legs.columns)
    return [dict(zip(names, row, strict=True)) for row in zip(*(column for _, column in legs.items()), strict=True)]


def paid_kinds(end_kind: str) -> str:
    """What is paid at a leg's end in the page's language: 'border', 'gauge break+port' ('' if nothing).

    Examples
    --------
    >>> from corridormap.maps.i18n import language
    >>> paid_kinds("gauge_break+port"), paid_kinds("")
    ('gauge break+port', '')
    >>> with language("ru"):
    ...     paid_kinds("border")
    'граница'
    """
    return "+".join(t(f"routes.paid.{kind}") for kind in end_kind.split("+")) if end_kind else ""


def _place(names: Mapping[str, str | Place], node: str) -> Place:
    """A node's name as shown: a :class:`Place` as given, a plain (English) name shortened."""
    name = names.get(node, node)
    return name if isinstance(name, Place) else Place(short_name(name), english=True)


def _steps(r: Route, names: Mapping[str, str | Place]) -> list[tuple[float, float, float, float, Place, str]]:
    """(km, hours before, hours after, paid hours, place, what is paid) at the end of each leg, from the origin."""
    km = spent = 0.0
    out = []
    for leg in leg_rows(r):
        km += leg["km"]
        spent += leg["hours"]
        paid = leg["end_hours"]
        out.append((km, spent, spent + paid, paid, _place(names, leg["to_node"]), paid_kinds(leg["end_kind"])))
        spent += paid
    return out


def time_distance_svg(
    journeys: Sequence[tuple[str, Route]],
    *,
    colors: Sequence[str] = (),
    names: Mapping[str, str | Place] | None = None,
    width: int = 400,
    height: int = 260,
    totals: bool = True,
) -> str:
    """An SVG time–distance chart of journeys: cumulative hours (up) against km (right).

    Each border, transfer or port is a vertical step labelled with its hours when it costs
    two hours or more and the label overlaps no other (the longest stops are labelled first);
    ``names`` maps node ids to the names shown (English names, shortened, or :class:`Place`);
    ``totals=False`` leaves each journey's km and hours out of its title (when a table beside
    the chart gives them). Words and units are the current language's; every label is escaped.

    Examples
    --------
    >>> import corridormap as cm
    >>> svg = cm.time_distance_svg([("fastest", cm.route("Tashkent", "Karachi"))])
    >>> svg.startswith("<svg") and "hours" in svg
    True
    """
    left, right, top, bottom = 44, 10, 10, 34
    max_km = max((r.km for _, r in journeys), default=1.0) or 1.0
    max_h = max((r.hours for _, r in journeys), default=1.0) or 1.0

    def sx(km: float) -> float:
        return left + km / max_km * (width - left - right)

    def sy(hours: float) -> float:
        return height - bottom - hours / max_h * (height - top - bottom)

    parts = [
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}' width='100%' role='img' "
        f"aria-label='{esc(t('routes.chart_label'))}'>",
        f"<line x1='{left}' y1='{sy(0):.1f}' x2='{width - right}' y2='{sy(0):.1f}' stroke='#999'/>",
        f"<line x1='{left}' y1='{top}' x2='{left}' y2='{sy(0):.1f}' stroke='#999'/>",
    ]
    for frac in (0.25, 0.5, 0.75, 1.0):
        km, h = max_km * frac, max_h * frac
        anchor = "end" if frac == 1.0 else "middle"  # the last tick's number inside the chart
        tick_x, tick_y = f"{sx(km):.1f}", height - bottom + 13
        parts.append(f"<text x='{tick_x}' y='{tick_y}' font-size='10' text-anchor='{anchor}'>{number(km)}</text>")
        parts.append(f"<text x='{left - 4}' y='{sy(h) + 3:.1f}' font-size='10' text-anchor='end'>{number(h)}</text>")
    km_axis, hours_axis = esc(t("routes.col_km")), esc(t("routes.col_hours"))
    parts.append(
        f"<text x='{(left + width) / 2:.0f}' y='{height - 4}' font-size='11' text-anchor='middle'>{km_axis}</text>"
    )
    parts.append(
        f"<text x='12' y='{top + 8}' font-size='11' transform='rotate(-90 12 {top + 8})' text-anchor='end'>"
        f"{hours_axis}</text>"
    )
    # Boxes taken (x0, y0, x1, y1): the journeys' titles, then step labels, the longest stops first.
    taken: list[tuple[float, float, float, float]] = [
        (left + 6, top + 3 + 13 * n, width - right, top + 15 + 13 * n) for n in range(len(journeys))
    ]
    marks: list[tuple[float, str, tuple[float, float, float, float]]] = []
    for n, (label, r) in enumerate(journeys):
        color = colors[n] if n < len(colors) else ("#4d4d4d", "#d6604d", "#1b7837", "#762a83")[n % 4]
        points = [(sx(0), sy(0))]
        for km, before, after, paid, place, kinds in _steps(r, names or {}):
            points += [(sx(km), sy(before)), (sx(km), sy(after))]
            if paid >= 2 and kinds:
                what = f": {kinds} {hours(paid, 0)}"
                words = place.text + what
                right = sx(km) > width * 0.55  # label on the left of steps near the right edge
                x, y, w = sx(km) + (-3 if right else 3), (sy(before) + sy(after)) / 2 + 3, len(words) * 9 * 0.55
                box = (x - w if right else x, y - 8, x if right else x + w, y + 2)
                marks.append(
                    (
                        paid,
                        f"<text x='{x:.1f}' y='{y:.1f}' font-size='9' fill='{color}' "
                        f"text-anchor='{'end' if right else 'start'}'>{_svg_name(place)}{esc(what)}</text>",
                        box,
                    )
                )
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(f"<polyline points='{path}' fill='none' stroke='{color}' stroke-width='2'/>")
        parts.append(
            f"<text x='{left + 6}' y='{top + 12 + 13 * n}' font-size='11' fill='{color}'>"
            f"{esc(label)}{f': {kilometres(r.km)}, {hours(r.hours)}' if totals else ''}</text>"
        )
    for _, mark, box in sorted(marks, key=lambda m: -m[0]):  # a label that would overlap another is left out
        if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in taken):
            taken.append(box)
            parts.append(mark)
    parts.append("</svg>")
    return "".join(parts)


def _svg_name(place: Place) -> str:
    """A name in SVG text: in a ``<tspan>`` that says it is English where the page is in another language."""
    return f"<tspan{place.lang}>{esc(place.text)}</tspan>" if place.lang else esc(place.text)
