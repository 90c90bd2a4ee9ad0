"""The maps in Urdu and Russian: the string table, the sourced place names, the pages each language gets."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import string
from importlib.resources import files
from typing import TYPE_CHECKING

import pytest
from fontTools.ttLib import TTFont

import corridormap as cm
from corridormap._paths import default_data_dir
from corridormap.maps import fonts, i18n
from corridormap.maps.style import LEGEND_TITLES, STATUS_GROUPS, STYLE, TRADE_YEAR
from corridormap.routing import STANDARD_ORIGINS
from corridormap.validation import Document, check_documents

if TYPE_CHECKING:
    from pathlib import Path

ARABIC = re.compile(r"[\u0600-\u06FF]")
CYRILLIC = re.compile(r"[\u0400-\u04FF]")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


# --- the string table -------------------------------------------------------------------------


def test_every_key_exists_in_every_language_with_the_same_fields() -> None:
    table = i18n.strings()
    assert len(table) > 100
    for key, texts in table.items():
        assert set(texts) == set(i18n.LANGUAGES), key
        assert all(t.strip() for t in texts.values()), key
        assert {lang: _fields(t) for lang, t in texts.items()} == dict.fromkeys(texts, _fields(texts["en"])), key


def test_translations_are_in_their_script() -> None:
    for key, texts in i18n.strings().items():
        if key == "language_name":
            continue
        if key == "unit.km":  # Urdu keeps "km" after figures: کلومیٹر would add bytes to every Urdu popup
            assert texts["ur"] == "km"
            assert CYRILLIC.search(texts["ru"])
            continue
        assert ARABIC.search(texts["ur"]), (key, texts["ur"])
        assert CYRILLIC.search(texts["ru"]), (key, texts["ru"])


def test_the_english_is_the_style_tables() -> None:
    """The style table's labels are the English of the strings: the two cannot drift apart."""
    table = i18n.strings()
    for group in ("kind", "status", "accuracy", "alignment", "points", "countries"):
        for key, spec in STYLE[group].items():
            assert table[f"{group}.{key}"]["en"] == spec["label"], (group, key)
    for key, spec in STYLE["points"].items():
        assert table[f"layer.{key}"]["en"] == spec["layer"], key
    for group, label in STATUS_GROUPS.items():
        assert table[f"status_group.{group}"]["en"] == label
    for key in ("corridors", "status", "points"):
        assert table[f"legend_{key}"]["en"] == LEGEND_TITLES[key]
    assert table["legend_countries"]["en"].format(year=TRADE_YEAR) == LEGEND_TITLES["countries"]


def test_t_follows_the_language_and_isolates_values_right_to_left() -> None:
    assert i18n.t("popup.milestones", n=3) == "Milestones (3)"
    with i18n.language("ru"):
        assert i18n.t("popup.milestones", n=3) == "Этапы (3)"
        assert i18n.page_attributes() == 'lang="ru"'
    with i18n.language("ur"):
        assert i18n.t("legend_countries", year="2024-25") == "پاکستان سے تجارت، مالی سال \u20682024-25\u2069"
        assert i18n.page_attributes() == 'lang="ur" dir="rtl"'
        assert i18n.html_text("popup.no_relations", name="<b>x</b>").count("<b>x</b>") == 1
    assert i18n.current_language() == "en"


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="choose one of en, ur, ru"), i18n.language("de"):
        pass
    with pytest.raises(ValueError, match="'de'"):
        cm.build_maps("never-written", lang="de")


# --- popups: the interface in the page's language, the data's text marked English -------------

#: Words the popups may keep outside the data's English: units, currency, the ellipsoid, ids.
_NOT_ENGLISH_WORDS = {"km", "US", "bn", "m", "WGS", "CASA", "TAPI", "QTTA", "CPEC", "KKH", "UAP", "TUTAP"}
_ENGLISH_SPAN = re.compile(r"<span lang=en( dir=ltr)?>.*?</span>", re.DOTALL)


def _popup_texts(code: str) -> list[str]:
    from corridormap.maps.inputs import map_inputs
    from corridormap.maps.layers import crossing_rows

    with i18n.language(code):
        inputs = map_inputs(default_data_dir())
        tips = [tip for _, _, tip in crossing_rows(list(inputs.corridors.values()), inputs)]
    countries = _properties(inputs.topology)
    corridors = [text for c in inputs.corridors.values() for text in (c.popup, c.panel)]
    return [*corridors, *(props[k] for props in countries for k in ("pop", "tip")), *tips, inputs.trade_note]


def _properties(topology: dict[str, object]) -> list[dict[str, str]]:
    objects = topology["objects"]
    assert isinstance(objects, dict)
    return [g["properties"] for layer in objects.values() for g in layer["geometries"] if "pop" in g["properties"]]


def _words_outside_english_spans(html: str) -> set[str]:
    text = re.sub(r"<[^>]+>", " ", _ENGLISH_SPAN.sub(" ", html))
    text = re.sub(r"&[#\w]+;", " ", text)
    return {w for w in re.findall(r"[A-Za-z]+", text) if w not in _NOT_ENGLISH_WORDS and not w.isupper()}


@pytest.mark.parametrize("code", ["ru", "ur"])
def test_popups_keep_no_english_wording_outside_the_data_marked_english(code: str) -> None:
    """Labels, connecting words and units come from the string table; the data's own English is marked lang=en."""
    texts = _popup_texts(code)
    assert len(texts) > 30
    left = {w for html in texts for w in _words_outside_english_spans(html)}
    assert left == set(), sorted(left)
    joined = "".join(texts)
    for label in ("nearest post", "no border post", "exports", "stated total", "session", " line, km"):
        assert label not in _ENGLISH_SPAN.sub("", joined), label
    marker = "<span lang=en dir=ltr>" if code == "ur" else "<span lang=en>"
    assert joined.count(marker) > 100  # facts, names and source titles


def test_the_english_popups_have_no_language_marks() -> None:
    english = "".join(_popup_texts("en"))
    assert "lang=en" not in english
    assert "nearest post" in english
    assert "exports" in english
    assert "\u2068" not in english


def test_country_to_country_arrows_point_the_way_the_page_reads() -> None:
    assert "→" in "".join(_popup_texts("ru"))
    urdu = "".join(_popup_texts("ur"))
    assert "←" in urdu
    assert "→" not in urdu


# --- place names in the data --------------------------------------------------------------------


def _labelled_node_ids() -> set[str]:
    """Nodes the maps label: ports, border posts, the standard origins and every corridor's branch ends."""
    nodes = cm.nodes()
    ids = set(nodes.loc[nodes["kind"].isin(["port", "border_crossing"]), "id"])
    ids |= {nodes.loc[nodes["name"].str.startswith(name), "id"].iloc[0] for name in STANDARD_ORIGINS}
    for cid in cm.corridor_ids():
        branches = cm.branch_lengths(cid)
        ids |= set(branches["start"]) | set(branches["end"])
    return ids


def test_every_labelled_node_has_a_sourced_name_or_says_why_not() -> None:
    nodes = cm.nodes().set_index("id")
    labelled = _labelled_node_ids()
    assert len(labelled) >= 35
    found = dict.fromkeys(("ur", "ru"), 0)
    for node_id in labelled:
        names = nodes.loc[node_id, "names"]
        assert isinstance(names, dict), f"{node_id}: no names"
        for lang, script in (("ur", ARABIC), ("ru", CYRILLIC)):
            entry = names[lang]
            if "text" in entry:
                assert script.search(entry["text"]), (node_id, lang)
                assert entry["source"].startswith(("https://", "http://")), (node_id, lang)
                found[lang] += 1
            else:
                assert entry["fallback"] == "en"
                assert len(entry["note"]) > 20, (node_id, lang)  # says why
    assert found["ur"] >= 10
    assert found["ru"] >= 10


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ({"text": "گوادر"}, "names.ur: missing required property 'source'"),
        (
            {"text": "گوادر", "source": "Wikipedia"},
            "names.ur.source: 'Wikipedia' is malformed — give a full http(s) URL",
        ),
        ({"fallback": "en"}, "names.ur: missing required property 'note'"),
        ({"text": "", "source": "https://ur.wikipedia.org/"}, "names.ur.text: '' should be non-empty"),
    ],
)
def test_a_name_without_its_source_is_invalid(entry: dict[str, str], problem: str) -> None:
    data = json.loads((default_data_dir() / "nodes.geojson").read_text(encoding="utf-8"))
    assert check_documents([Document("nodes", "nodes.geojson", data)]) == []
    gwadar = next(f for f in data["features"] if f["id"] == "gwadar")
    gwadar["properties"]["names"]["ur"] = entry
    problems = check_documents([Document("nodes", "nodes.geojson", data)])
    assert len(problems) == 1, problems
    assert problems[0].startswith("nodes.geojson: feature 45 (gwadar): properties.")
    assert problem in problems[0]


# --- the pages ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def three(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("languages")
    cm.build_maps(out, lang=("en", "ur", "ru"))
    return out


def test_the_data_is_alike_in_every_language(three: Path) -> None:
    """Made once a build and copied: every data file, byte for byte (the routes map is in each language)."""
    names = [f"data/{p.name}" for p in sorted((three / "data").iterdir())]
    assert len(names) == 2 * (1 + len(cm.corridor_ids()))
    for name in names:
        assert (three / "ur" / name).read_bytes() == (three / name).read_bytes() == (three / "ru" / name).read_bytes()


def test_language_codes_keeps_each_once_in_order_and_refuses_unknown_ones() -> None:
    assert i18n.language_codes(["ru", "en", "ru"]) == ("ru", "en")
    for wrong in (["en", "fr"], []):
        with pytest.raises(ValueError, match="unknown map language"):
            i18n.language_codes(wrong)


def test_each_language_gets_its_folder_and_the_english_stays_where_it_was(three: Path) -> None:
    for folder, lang in (("", "en"), ("ur", "ur"), ("ru", "ru")):
        page = (three / folder / "index.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in page
        assert (three / folder / "tapi.html").is_file()
        assert (three / folder / "corridors.html").is_file()  # the text table, in its language, beside each one
        assert (three / folder / "data" / "tapi.geojson").is_file()
    assert 'dir="rtl"' in (three / "ur" / "index.html").read_text(encoding="utf-8")
    assert "dir=" not in (three / "index.html").read_text(encoding="utf-8").split(">", 2)[1]


def test_languages_link_to_each_other_and_every_link_resolves(three: Path) -> None:
    for folder in ("", "ur", "ru"):
        for name in ("index.html", "tapi.html"):
            page = (three / folder / name).read_text(encoding="utf-8")
            links = re.findall(r"<a href='([^']+)' hreflang=(\w+)", page)
            assert len(links) == 2, (folder, name)
            for href, lang in links:
                target = (three / folder / href).resolve()
                assert target.is_file(), (folder, name, href)
                assert f'<html lang="{lang}"' in target.read_text(encoding="utf-8")


def test_the_urdu_overview_names_places_in_urdu(three: Path) -> None:
    page = (three / "ur" / "index.html").read_text(encoding="utf-8")
    assert "\\u067e\\u0627\\u06a9\\u0633\\u062a\\u0627\\u0646" in page  # پاکستان in the labels' JSON
    assert "\\u06af\\u0648\\u0627\\u062f\\u0631" in page  # گوادر (Gwadar), sourced in nodes.geojson
    assert "کلید" in page  # the legend's heading
    assert "Legend<" not in page
    assert "@font-face{font-family:cm-urdu" in page


def test_the_russian_overview_names_places_in_russian(three: Path) -> None:
    page = (three / "ru" / "index.html").read_text(encoding="utf-8")
    assert "\\u041f\\u0430\\u043a\\u0438\\u0441\\u0442\\u0430\\u043d" in page  # Пакистан
    assert "Легенда" in page
    assert "cm-urdu" not in page
    assert "Legend<" not in page


def test_english_pages_differ_only_by_their_links_to_the_other_languages(three: Path, tmp_path: Path) -> None:
    cm.build_maps(tmp_path)
    for name in ("index.html", "tapi.html"):
        alone = (tmp_path / name).read_text(encoding="utf-8")
        assert "cm-langs" not in alone
        linked = re.sub(r"<nav class=cm-langs[^>]*>.*?</nav>", "", (three / name).read_text(encoding="utf-8"))
        assert linked == alone, name


def _links(page: str) -> list[str]:
    return [h for h in re.findall(r"<a href=['\"]?([^'\" >]+)", page) if not h.startswith("http")]


@pytest.mark.parametrize(("folder", "attributes"), [("ur", 'lang="ur" dir="rtl"'), ("ru", 'lang="ru"')])
def test_each_language_has_its_own_text_table_linked_both_ways(three: Path, folder: str, attributes: str) -> None:
    table = (three / folder / "corridors.html").read_text(encoding="utf-8")
    assert f"<html {attributes}>" in table
    assert "Computed length" not in table  # the English column heads
    assert "Border crossings" not in table
    links = _links(table)
    assert "index.html" in links
    assert "tapi.html" in links
    for href in links:  # back to this language's maps, never the English ones
        target = (three / folder / href).resolve()
        assert target.is_file(), href
        assert target.read_text(encoding="utf-8").count(f'lang="{folder}"') >= 1, href
    for name in ("index.html", "tapi.html"):  # and each of its maps links to it
        assert "corridors.html" in _links((three / folder / name).read_text(encoding="utf-8"))


def test_the_urdu_table_carries_its_font_and_marks_the_data_english(three: Path) -> None:
    table = (three / "ur" / "corridors.html").read_text(encoding="utf-8")
    assert "@font-face{font-family:cm-urdu" in table
    assert "Naskh" in table
    assert "<span lang=en dir=ltr>TAPI: Turkmenistan" in table
    assert "⁨افغانستان⁩ ←" in table  # "Afghanistan ←"
    english = (three / "corridors.html").read_text(encoding="utf-8")
    assert english.startswith('<!DOCTYPE html>\n<html lang="en"><head>')
    assert "lang=en" not in english


@pytest.mark.parametrize(
    ("folder", "html", "back"),
    [("ur", "<html lang=ur dir=rtl>", "نقشوں پر واپس"), ("ru", "<html lang=ru>", "Назад к картам")],
)
def test_each_language_lists_its_sources_in_its_language(three: Path, folder: str, html: str, back: str) -> None:
    page = (three / folder / "sources" / "index.html").read_text(encoding="utf-8")
    assert page.startswith(f"<!DOCTYPE html>{html}<head>")
    assert f"<a href='../index.html'>{back}</a>" in page
    assert 'lang="' + folder + '"' in (three / folder / "index.html").read_text(encoding="utf-8")
    assert "Sources of the corridor maps" not in page
    assert "Back to the maps" not in page
    titles = re.findall(r"<li id='[^']+'>(.*?)(?: — |<br>|</li>)", page)
    assert len(titles) > 100
    assert all(title.startswith("<span lang=en") for title in titles)  # the sources' own words, marked English
    assert ("@font-face{font-family:cm-urdu" in page) == (folder == "ur")


def test_the_embedded_font_has_every_urdu_letter_of_the_page(three: Path) -> None:
    page = (three / "ur" / "tapi.html").read_text(encoding="utf-8")
    rule = fonts.urdu_font_face(page)
    data = re.search(r"base64,([A-Za-z0-9+/=]+)", rule)
    assert data is not None
    font = TTFont(io.BytesIO(base64.b64decode(data.group(1))))
    cmap = font.getBestCmap()
    used = fonts.urdu_letters(page)
    assert set("پاکستانےہ") <= used  # Pakistan, and the two letters DejaVu Sans lacks
    missing = [c for c in used if ord(c) not in cmap and not 0x0600 <= ord(c) <= 0x0605]
    assert missing == []
    assert len(base64.b64decode(data.group(1))) < 25_000  # a subset, not the whole font (87 KB)


def test_the_embedded_font_keeps_its_date_so_a_build_is_the_same_bytes_every_time() -> None:
    """fontTools stamps a saved font with the time of saving, unless told not to: Urdu pages differed by the second."""
    rule = fonts.urdu_font_face("<p>پاکستان</p>")
    data = re.search(r"base64,([A-Za-z0-9+/=]+)", rule)
    assert data is not None
    subset = TTFont(io.BytesIO(base64.b64decode(data.group(1))))
    folder = files("corridormap.maps").joinpath("vendor", "fonts")
    entry = json.loads(folder.joinpath("manifest.json").read_text("utf-8"))[fonts.URDU_FONT]
    original = TTFont(io.BytesIO(folder.joinpath(entry["file"]).read_bytes()))
    assert subset["head"].modified == original["head"].modified


def test_cli_refuses_an_unknown_language(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from corridormap.cli import main

    with pytest.raises(SystemExit) as stop:  # argparse's usage error
        main(["build", "--lang", "ur,xx", "--out", str(tmp_path / "maps")])
    assert stop.value.code == 2
    assert "argument --lang: unknown map language 'xx': choose from en, ur, ru" in capsys.readouterr().err
    assert not (tmp_path / "maps").exists()


def test_the_vendored_font_matches_its_manifest() -> None:
    from importlib.resources import files

    folder = files("corridormap.maps").joinpath("vendor").joinpath("fonts")
    entry = json.loads(folder.joinpath("manifest.json").read_text("utf-8"))[fonts.URDU_FONT]
    assert (entry["package"], entry["version"], entry["licence"]) == (
        "@fontsource/noto-naskh-arabic",
        "5.3.0",
        "OFL-1.1",
    )
    assert entry["npm_integrity"].startswith("sha512-")
    data = folder.joinpath(entry["file"]).read_bytes()
    assert hashlib.sha256(data).hexdigest() == entry["sha256"]
    assert "SIL Open Font License" in folder.joinpath(entry["licence_file"]).read_text("utf-8")
