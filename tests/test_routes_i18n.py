"""The routes map in Urdu and Russian: its words from the string table, the data's English marked lang=en."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

import pytest

import corridormap as cm
from corridormap._paths import default_data_dir
from corridormap.maps import i18n
from corridormap.maps.inputs import map_inputs
from corridormap.maps.render import numbered_ids, render_html

if TYPE_CHECKING:
    from pathlib import Path

#: Words the page may keep outside the data's English: acronyms (CAREC, CPMM, WGS84, ISO codes) are upper case;
#: Esri names the tiles (the base layer's id too, as on every map); Urdu writes "km" after figures (``unit.km``).
_ALLOWED = {"ur": {"km", "Esri", "esriworldgraycanvas"}, "ru": {"Esri", "esriworldgraycanvas"}}
#: An element marked English: its content is the data's (names, ids, notes, sources), or hidden (a layer's slug).
_ENGLISH = re.compile(
    r"<(span|tspan|option)\b[^>]*?\s(?:lang=en|hidden)\b[^>]*>.*?</\1>|<span hidden>.*?</span>", re.DOTALL
)


def _page(code: str) -> str:
    with i18n.language(code), numbered_ids():
        return render_html(cm.build_routes_map(lang=code))


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return {code: _page(code) for code in ("en", "ur", "ru")}


def _texts(page: str) -> list[str]:
    """What a reader sees or hears: the page outside scripts and styles, tooltips, popups, layer names, labels."""
    outside = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.DOTALL)
    templates = re.findall(r"(?:bindTooltip|setContent)\(\s*`(.*?)`", page, flags=re.DOTALL)
    layers = [json.loads(f'"{k}"') for k in re.findall(r'^"((?:[^"\\]|\\.)*)" : \w+,?$', page, flags=re.MULTILINE)]
    attributes = re.findall(r"aria-label='([^']*)'", page)
    return [outside, *templates, *layers, *attributes]


def _english_words(html: str, allowed: set[str]) -> set[str]:
    """Latin words outside the elements marked English, commands (``<code>``) and host names."""
    text = re.sub(r"<code\b[^>]*>.*?</code>", " ", _ENGLISH.sub(" ", html), flags=re.DOTALL)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"&[#\w]+;|\b[\w-]+(?:\.[\w-]+)+\b", " ", text)
    return {w for w in re.findall(r"[A-Za-z]+", text) if w not in allowed and not w.isupper()}


@pytest.mark.parametrize("code", ["ur", "ru"])
def test_no_english_wording_outside_the_data_marked_english(pages: dict[str, str], code: str) -> None:
    texts = _texts(pages[code])
    assert len(texts) > 100  # the panel, every leg's tooltip, every paid point's popup, the layers
    left = set().union(*(_english_words(text, _ALLOWED[code]) for text in texts))
    assert left == set(), sorted(left)
    for english in ("Fastest journey", "Legend", "Borders crossed", "Time–distance", "one 20 t load", " h<"):
        assert english not in pages[code], english


def test_the_english_page_is_the_english_one(pages: dict[str, str]) -> None:
    """The test above sees the wording it looks for: on the English page it is there, unmarked."""
    texts = _texts(pages["en"])
    assert {"Fastest", "journey", "Legend", "Borders", "crossed", "then", "sources", "hours"} <= set().union(
        *(_english_words(text, set()) for text in texts)
    )
    assert "lang=en" not in pages["en"]
    assert "<span hidden>" not in pages["en"]


def test_places_are_named_in_the_pages_language_where_the_data_names_them(pages: dict[str, str]) -> None:
    russian, urdu = pages["ru"], pages["ur"]
    assert "<option value='tashkent'>Ташкент</option>" in russian
    assert "<option value='port_qasim' lang=en>Port Qasim</option>" in russian  # no Russian name in the data
    assert "<option value='port_qasim' lang=en dir=ltr>Port Qasim</option>" in urdu
    assert "<option value='karachi'>کراچی</option>" in urdu
    assert "Хунджерабский перевал" in russian  # a border post the data names in Russian
    assert "<span lang=en>Irkeshtam</span>" in russian  # and one it does not
    assert "<tspan lang=en>Irkeshtam</tspan>" in russian  # in the chart too


def test_units_follow_the_page(pages: dict[str, str]) -> None:
    assert "336 км, 7,4 ч, 461\u00a0долл.\u00a0США" in pages["ru"]  # a leg's tooltip, Russian figures (decimal comma)
    assert re.search(r"\d km\b", re.sub(r"<span lang=en>.*?</span>", "", pages["ru"])) is None
    assert "336 km, 7.4 گھنٹے" in pages["ur"]
    assert "336 km, 7.4 h" in pages["en"]


def test_urdu_reads_right_to_left_and_arrows_point_its_way(pages: dict[str, str]) -> None:
    urdu = pages["ur"]
    assert '<html lang="ur" dir="rtl">' in urdu
    assert ".cm-chart svg{direction:ltr}" in urdu  # the chart's axes run left to right in every language
    assert "<span class=cm-pair-name>تاشقند ← کراچی</span>" in urdu
    assert "' ← '" in urdu  # the chooser's script writes the heading with the same arrow
    assert "→" not in _ENGLISH.sub("", "".join(_texts(urdu)))  # but in the data's English and the hidden slugs


def test_the_routes_page_of_each_language_in_a_build(tmp_path_factory: pytest.TempPathFactory) -> None:
    out = tmp_path_factory.mktemp("routes")
    cm.build_maps(out, lang=("ur", "ru"))
    urdu = (out / "ur" / "routes.html").read_text(encoding="utf-8")
    russian = (out / "ru" / "routes.html").read_text(encoding="utf-8")
    assert '<html lang="ur" dir="rtl">' in urdu
    assert "@font-face{font-family:cm-urdu" in urdu  # the embedded Urdu font, as on the other Urdu pages
    assert "<title>پاکستان کی بندرگاہوں تک راہداری: سفر (نقشہ)</title>" in urdu
    assert '<html lang="ru">' in russian
    assert "<title>Транзит к морским портам Пакистана: маршруты (карта)</title>" in russian
    assert "cm-urdu" not in russian


# --- units in the corridor maps' popups ----------------------------------------------------------


def test_russian_popups_write_km_in_russian() -> None:
    with i18n.language("ru"):
        inputs = map_inputs(default_data_dir())
    popups = "".join(c.popup + c.panel for c in inputs.corridors.values())
    outside = re.sub(r"<span lang=en>.*?</span>", "", popups, flags=re.DOTALL)
    assert re.search(r"\d km\b", outside) is None
    assert " км" in outside


def test_urdu_and_english_popups_keep_km() -> None:
    """Urdu keeps "km" after figures (کلومیٹر would add bytes to the budgeted Urdu pages); English is unchanged."""
    for code in ("en", "ur"):
        with i18n.language(code):
            inputs = map_inputs(default_data_dir())
        assert re.search(r"\d km\b", inputs.corridors["TAPI"].popup), code


def test_a_hostile_local_name_stays_text(synthetic_network: Path) -> None:
    nodes_path = synthetic_network / "nodes.geojson"
    fc = json.loads(nodes_path.read_text(encoding="utf-8"))
    hostile = "<img src=x onerror=alert(1)>${alert(2)}{{7*7}}`"
    for feature in fc["features"]:
        if feature["id"] == "post":
            feature["properties"]["names"] = {"ru": {"text": hostile, "source": "https://example.org/post"}}
    nodes_path.write_text(json.dumps(fc), encoding="utf-8")
    with i18n.language("ru"), numbered_ids():
        page = render_html(
            cm.build_route_map("west", "east", optimize="distance", data_dir=synthetic_network, lang="ru")
        )
    assert "&lt;img src=x onerror=alert(1)&gt;&#36;&#123;alert(2)&#125;" in page  # shown, as text
    assert "<img src=x" not in page
    assert "${alert" not in page
    assert "{{7*7}}" not in page


def _slugs(page: str) -> list[str]:
    """The layers' slugs as a shared link reads them (share.py): text before ' ·', ':' or '(', in [a-z0-9-]."""
    names = [json.loads(f'"{k}"') for k in re.findall(r'^"((?:[^"\\]|\\.)*)" : \w+,?$', page, flags=re.MULTILINE)]
    texts = [re.sub(r"<[^>]+>", "", name) for name in names]
    return [re.sub(r"^-|-$", "", re.sub(r"[^a-z0-9]+", "-", re.split(r"\s*[·:(]", t)[0].lower())) for t in texts]


def test_a_shared_link_opens_the_same_journey_in_every_language(pages: dict[str, str]) -> None:
    english = _slugs(pages["en"])
    assert "dushanbe-gwadar" in english
    assert "tashkent-port-qasim" in english  # a port with no Russian or Urdu name: its English twice, read once
    assert _slugs(pages["ru"]) == english
    assert _slugs(pages["ur"]) == english
