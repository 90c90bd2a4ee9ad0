"""Figures in the page's language: "1,814.4" in English and Urdu, "1 814,4" in Russian.

A Russian reader takes "1,814 км" for 1.814 km: in Russian the comma is the decimal separator
and thousands are grouped by a (no-break) space. The data's own English (facts, reported
lengths, quotes), marked lang=en, keeps its figures.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

import corridormap as cm
from corridormap._paths import default_data_dir
from corridormap.maps import i18n, units

if TYPE_CHECKING:
    from pathlib import Path

NBSP = "\u00a0"
#: A figure with an English thousands separator: "1,814" (Russian "1,814" is 1.814).
_ENGLISH_THOUSANDS = re.compile(r"\d,\d{3}(?!\d)")
#: An element marked English (the data's words), or hidden (a layer's English slug).
_ENGLISH = re.compile(r"<(span|tspan|option)\b[^>]*?\s(?:lang=en|hidden)\b[^>]*>.*?</\1>", re.DOTALL)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("en", ("1,814.4", "1,814", "96.2", "0", "-1,234.5")),
        ("ur", ("1,814.4", "1,814", "96.2", "0", "-1,234.5")),
        ("ru", (f"1{NBSP}814,4", f"1{NBSP}814", "96,2", "0", f"-1{NBSP}234,5")),
    ],
)
def test_number_writes_figures_the_languages_way(code: str, expected: tuple[str, ...]) -> None:
    from corridormap.maps.units import number

    with i18n.language(code):
        got = (number(1814.44, 1), number(1814.4), number(96.24, 1), number(0.2), number(-1234.5, 1))
    assert got == expected


def test_units_follow_the_russian_figures() -> None:
    with i18n.language("ru"):
        assert units.kilometres(1814.4) == f"1{NBSP}814 км"
        assert units.hours(96.24) == "96,2 ч"
        assert units.kilometres(12_345.67, 1) == f"12{NBSP}345,7 км"
    assert (units.kilometres(1814.4), units.hours(96.24)) == ("1,814 km", "96.2 h")


def test_money_is_russian_in_russian_and_unchanged_elsewhere() -> None:
    from corridormap.maps.units import dollars, usd

    with i18n.language("ru"):
        assert (usd(4_750_000), usd(1.2e9), usd(10e9)) == (
            f"4,75{NBSP}млн{NBSP}долл.{NBSP}США",  # a sum does not break across lines
            f"1,2{NBSP}млрд{NBSP}долл.{NBSP}США",
            f"10{NBSP}млрд{NBSP}долл.{NBSP}США",
        )
        assert dollars(1281.2) == f"1{NBSP}281{NBSP}долл.{NBSP}США"
    for code in ("en", "ur"):
        with i18n.language(code):
            assert (usd(4_750_000), usd(1.2e9), dollars(1281.2)) == ("US$4.75 m", "US$1.2 bn", "US$1,281")


def _english_thousands(html: str) -> list[str]:
    """Figures written with an English thousands comma in what a reader sees, outside the data's English."""
    text = re.sub(r"<[^>]+>", " ", _ENGLISH.sub(" ", html))
    return [text[max(m.start() - 30, 0) : m.end() + 10] for m in _ENGLISH_THOUSANDS.finditer(text)]


def test_russian_popups_write_no_english_thousands() -> None:
    from corridormap.maps.inputs import map_inputs
    from corridormap.maps.layers import crossing_rows

    with i18n.language("ru"):
        inputs = map_inputs(default_data_dir())
        tips = [tip for _, _, tip in crossing_rows(list(inputs.corridors.values()), inputs)]
    objects = inputs.topology["objects"]
    assert isinstance(objects, dict)
    countries = [g["properties"] for layer in objects.values() for g in layer["geometries"] if "pop" in g["properties"]]
    texts = [
        *(text for c in inputs.corridors.values() for text in (c.popup, c.panel)),
        *(props[k] for props in countries for k in ("pop", "tip")),
        *tips,
    ]
    assert len(texts) > 30
    assert [hit for text in texts for hit in _english_thousands(text)] == []
    tapi = inputs.corridors["TAPI"].popup
    assert f"1{NBSP}771 км" in tapi  # the computed length
    assert f"1{NBSP}814 км" in tapi  # the length the sources report (their scopes stay English)
    assert f"млрд{NBSP}долл.{NBSP}США" in "".join(texts)  # costs and trade in Russian words


@pytest.fixture(scope="module")
def russian(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("russian")
    cm.build_maps(out, lang=("ru",))
    return out / "ru"


def _reader_texts(page: str) -> list[str]:
    """The page outside scripts and styles, and the tooltips and popups its scripts bind."""
    outside = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.DOTALL)
    return [outside, *re.findall(r"(?:bindTooltip|setContent)\(\s*`(.*?)`", page, flags=re.DOTALL)]


@pytest.mark.parametrize("name", ["routes.html", "corridors.html"])
def test_russian_pages_write_no_english_thousands(russian: Path, name: str) -> None:
    texts = _reader_texts((russian / name).read_text("utf-8"))
    assert [hit for text in texts for hit in _english_thousands(text)] == []
    assert re.search(rf"\d{NBSP}\d{{3}}", "".join(texts))  # thousands are there, grouped the Russian way


def test_the_russian_table_gives_the_tapi_length_in_russian(russian: Path) -> None:
    table = (russian / "corridors.html").read_text("utf-8")
    assert f"1{NBSP}771 км" in table
    assert "1,814 km (Galkynysh to Fazilka" in table  # inside the data's English: unchanged


def test_the_russian_journeys_chart_and_table(russian: Path) -> None:
    page = (russian / "routes.html").read_text("utf-8")
    axis = re.findall(r"font-size='10' text-anchor='\w+'>([^<]*)</text>", page)
    assert axis
    assert any(NBSP in label for label in axis)  # km ticks over a thousand
    assert not [label for label in axis if "," in label or "." in label]
    assert re.search(rf"<td>\d{{1,2}}{NBSP}\d{{3}}</td>", page)  # a journey's km or US$ cell
    assert f"долл.{NBSP}США" in page and "US$4" not in page
