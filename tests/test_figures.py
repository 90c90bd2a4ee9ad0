"""Static figures: every figure renders with its disclaimer and sources, deterministically, offline, to scale."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import xml.etree.ElementTree as ET
from itertools import combinations
from typing import TYPE_CHECKING

import pytest
from matplotlib.patches import Rectangle
from matplotlib.text import Annotation
from pyproj import Geod, Transformer

import corridormap as cm
from corridormap._figure_parts import draw_scale_bar, north_angle
from corridormap.cli import main
from corridormap.figures import PROJECTION, SIZES, figure, save_figure
from corridormap.maps import STYLE
from corridormap.maps.style import corridor_colors

if TYPE_CHECKING:
    from pathlib import Path

ALL = [None, *cm.corridor_ids()]


def svg_text(path: Path) -> str:
    """Every text element of an SVG, in order, joined by spaces (wrapped lines join up again)."""
    root = ET.parse(path).getroot()
    parts = [" ".join(e.itertext()) for e in root.iter("{http://www.w3.org/2000/svg}text")]
    return re.sub(r"\s+", " ", " ".join(parts))


@pytest.fixture(scope="module")
def svgs(tmp_path_factory: pytest.TempPathFactory) -> dict[str | None, Path]:
    out = tmp_path_factory.mktemp("figures")
    return {cid: save_figure(figure(cid, size="a5"), out / f"{cid or 'overview'}.svg") for cid in ALL}


@pytest.mark.parametrize("cid", ALL)
def test_each_figure_carries_disclaimer_sources_and_date(svgs: dict[str | None, Path], cid: str | None) -> None:
    text = svg_text(svgs[cid])
    assert "Boundaries do not imply endorsement or acceptance by the corridormap project" in text
    assert "De facto lines of control" in text
    assert "Sources (" in text and "Natural Earth" in text
    assert re.search(r"Data as of \d{4}(-\d\d){0,2}\.", text)
    assert "Lambert conformal conic" in text
    if cid is not None:
        assert cm.corridor_facts(cid)["name"] in text
        assert f"{cm.route_length(cid):,.0f} km computed" in text


def test_legend_uses_the_maps_style_table(svgs: dict[str | None, Path]) -> None:
    text = svg_text(svgs[None])
    for cid in cm.corridor_ids():
        assert f"{cid} {STYLE['kind'][cm.corridor_facts(cid)['kind']]['label'].lower()}" in text
    assert STYLE["points"]["ports"]["label"] in text
    assert STYLE["points"]["crossing"]["label"] in text


@pytest.mark.parametrize("cid", ALL)
def test_each_corridor_is_drawn_in_its_map_colour(svgs: dict[str | None, Path], cid: str | None) -> None:
    """The figures colour corridors as the HTML maps do, so KTAP and UAP (both railways) differ on paper too."""
    colors = corridor_colors({c: cm.corridor_facts(c)["kind"] for c in cm.corridor_ids()})
    strokes = set(re.findall(r"stroke: ?(#[0-9a-f]{6})", svgs[cid].read_text()))
    shown = cm.corridor_ids() if cid is None else [cid]
    assert {colors[c] for c in shown} <= strokes


@pytest.mark.parametrize("fmt", ["svg", "pdf", "png"])
def test_two_renders_are_byte_identical(tmp_path: Path, fmt: str) -> None:
    first = save_figure(figure("UAP", size="a5"), tmp_path / f"a.{fmt}", dpi=60).read_bytes()
    second = save_figure(figure("UAP", size="a5"), tmp_path / f"b.{fmt}", dpi=60).read_bytes()
    assert first == second


def test_svg_is_identical_in_another_process(tmp_path: Path, svgs: dict[str | None, Path]) -> None:
    code = (
        "from corridormap.figures import figure, save_figure; "
        f"save_figure(figure(None, size='a5'), {str(tmp_path / 'o.svg')!r})"
    )
    subprocess.run([sys.executable, "-c", code], check=True, env={"PYTHONHASHSEED": "99", "PATH": ""})
    assert (tmp_path / "o.svg").read_bytes() == svgs[None].read_bytes()


def test_figures_need_no_network(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        msg = "no network"
        raise AssertionError(msg)

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    save_figure(figure("TAPI", size="a5"), tmp_path / "t.png", dpi=50)


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("cid", [None, "KTAP"])
def test_sizes_fit_the_page(size: str, cid: str | None) -> None:
    fig = figure(cid, size=size)  # type: ignore[arg-type]
    assert tuple(round(v, 2) for v in fig.get_size_inches()) == tuple(round(v, 2) for v in SIZES[size][:2])
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    page = fig.bbox
    boxes = [t.get_window_extent(renderer) for t in fig.texts] + [a.get_window_extent(renderer) for a in fig.axes]
    boxes.append(fig.legends[0].get_window_extent(renderer))
    for box in boxes:  # nothing leaves the page
        assert page.x0 <= box.x0 and box.x1 <= page.x1 + 1 and page.y0 <= box.y0 and box.y1 <= page.y1, box
    for a, b in combinations(boxes, 2):  # title, subtitle, footer, map, inset and legend do not overlap
        assert not a.overlaps(b), (a, b)


@pytest.mark.parametrize("cid", [None, "QTTA", "CASA-1000"])
def test_labels_do_not_overlap_and_stay_in_the_map(cid: str | None) -> None:
    fig = figure(cid)
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    ax = fig.axes[0]
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in ax.texts if isinstance(t, Annotation)]
    assert len(boxes) >= 5
    frame = ax.get_window_extent(renderer)
    for name, box in boxes:
        assert frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1, name
    for (a, box_a), (b, box_b) in combinations(boxes, 2):
        assert not box_a.overlaps(box_b), (a, b)


def test_ports_and_crossings_are_named_on_corridor_figures() -> None:
    texts = {t.get_text() for t in figure("QTTA").axes[0].texts}
    assert {"Karachi (Port of Karachi)", "Khunjerab Pass"} <= texts


@pytest.mark.parametrize("cid", [None, "TAPI"])
def test_scale_bar_is_true_on_the_ellipsoid(cid: str | None) -> None:
    """The bar's ends, taken back to lon/lat, are as far apart on the ellipsoid as its label says (0.5 %)."""
    fig = figure(cid)
    ax = fig.axes[0]
    artists = draw_scale_bar(ax, PROJECTION, fontsize=8)
    bars = [a for a in artists if isinstance(a, Rectangle)]
    km = float(artists[-2].get_text().split()[0])
    x0, y = bars[0].get_x(), bars[0].get_y()
    x1 = bars[-1].get_x() + bars[-1].get_width()
    to_lonlat = Transformer.from_crs(PROJECTION, "EPSG:4326", always_xy=True)
    (lon0, lon1), (lat0, lat1) = to_lonlat.transform([x0, x1], [y, y])
    ground_km = Geod(ellps="WGS84").inv(lon0, lat0, lon1, lat1)[2] / 1000
    assert ground_km == pytest.approx(km, rel=0.005)


def test_north_arrow_follows_the_meridian() -> None:
    to_map = Transformer.from_crs("EPSG:4326", PROJECTION, always_xy=True)
    assert north_angle(PROJECTION, *to_map.transform(66, 35)) == pytest.approx(0, abs=1e-6)
    west, east = north_angle(PROJECTION, *to_map.transform(55, 40)), north_angle(PROJECTION, *to_map.transform(77, 40))
    assert west > 0 > east and west == pytest.approx(-east, rel=1e-6)  # meridians converge towards the pole


def test_bad_size_and_format_say_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown figure size 'a3'"):
        figure(size="a3")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown figure format 'jpg'"):
        save_figure(figure("TAP", size="a5"), tmp_path / "x.jpg")
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(cm.UnknownCorridorError):
        figure("nope")


def test_cli_choices_are_the_library_s() -> None:
    from corridormap import cli, exports, figures

    assert tuple(exports.FORMATS) == cli._EXPORT_FORMATS
    assert cli._FIGURE_FORMATS == figures.FIGURE_FORMATS
    assert tuple(figures.SIZES) == cli._FIGURE_SIZES


def test_cli_figure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["figure", "tapi", "--format", "png", "--size", "a5", "--dpi", "50", "--out", str(tmp_path)]
    assert main(args) == 0
    assert (tmp_path / "tapi-a5.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "tapi-a5.png" in capsys.readouterr().err
    assert main(["figure", "overview", "--format", "pdf", "--size", "a5", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "overview-a5.pdf").read_bytes().startswith(b"%PDF")
    assert main(["figure", "--dpi", "5", "--out", str(tmp_path)]) == 2
    assert "--dpi 5 is out of range" in capsys.readouterr().err
