"""The maps in the reader's language: English by default, Urdu or Russian on request.

- **Interface strings** (title, legend, status words, popup section headings, the failure
  message, link text) come from ``i18n_data/strings.json``, package data with every key in
  every language of :data:`LANGUAGES` (tested). :func:`t` gives one in the current language.
- **Place names** come from the data: countries from Natural Earth (``name_ur``,
  ``name_ru`` of the boundaries, see :func:`country_name_column`), the labelled nodes from
  the ``names`` of ``nodes.geojson``, each with its source; where the data has no name in
  a language it says so, and the maps show the English name (:func:`place_name`).
- **The data's own words** (corridor and post names, events, scopes, source titles) stay
  English: :func:`in_english` marks them ``lang="en"`` (and ``dir="ltr"`` in Urdu) for screen
  readers and the bidi algorithm; the words around them (labels, units, connecting words) are
  strings of the table, units too (:func:`kilometres`, :func:`hours`: "км" and "ч" in Russian).
- **Figures** follow the page's language (:func:`number`): "1,814.4" in English and Urdu,
  "1 814,4" in Russian (decimal comma, thousands grouped by a no-break space), except inside
  the data's English (facts quoted from sources keep their own figures). The
  text table, the list of sources and the routes map are written in each language too
  (:func:`text_page_css`).
- **Right to left**: an Urdu page is ``<html lang="ur" dir="rtl">``; the map itself keeps
  Leaflet's left-to-right mechanics, while panels, popups, tooltips and labels read right to
  left, and every paragraph takes its direction from its own text (the facts in the popups
  are English). Numbers stay in Western digits, as the data and the English maps write them.

A build draws in one language at a time, set with :func:`language`; the map modules ask
:func:`t` and :func:`current_language`. The English build is written to the output folder,
each other language to a folder of its own (``maps/ur/index.html``), see :func:`folder`.

Examples
--------
>>> with language("ru"):
...     t("legend"), t("popup.milestones", n=10)
('Легенда', 'Этапы (10)')
>>> t("legend")
'Legend'
"""

from __future__ import annotations

import html
import json
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence

__all__ = [
    "ARABIC_SCRIPT",
    "LANGUAGES",
    "RTL_LANGUAGES",
    "arrow",
    "country_name_column",
    "current_language",
    "folder",
    "html_text",
    "in_english",
    "isolate",
    "language",
    "language_codes",
    "language_css",
    "language_links",
    "layer_name",
    "page_attributes",
    "place_name",
    "right_to_left",
    "strings",
    "t",
    "text_page_css",
]

#: Languages the maps are written in, English (the default) first.
LANGUAGES: Final = ("en", "ur", "ru")
#: Languages written right to left.
RTL_LANGUAGES: Final = frozenset({"ur"})

#: Unicode blocks of the Arabic script, in which Urdu is written (first and last code point).
ARABIC_SCRIPT: Final = ((0x0600, 0x06FF), (0x0750, 0x077F), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))

_current: ContextVar[str] = ContextVar("corridormap_map_language", default="en")


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _check(code: str) -> str:
    if code not in LANGUAGES:
        msg = f"unknown map language {code!r}: choose one of {', '.join(LANGUAGES)}"
        raise ValueError(msg)
    return code


@contextmanager
def language(code: str) -> Iterator[None]:
    """Draw everything built inside the ``with`` block in language ``code`` (one of :data:`LANGUAGES`)."""
    token = _current.set(_check(code))
    try:
        yield
    finally:
        _current.reset(token)


def current_language() -> str:
    """The language maps are being drawn in: ``"en"`` outside :func:`language`."""
    return _current.get()


@cache
def strings() -> dict[str, dict[str, str]]:
    """The interface strings: key to ``{language: text}`` (``i18n_data/strings.json``)."""
    data: dict[str, Any] = json.loads(files("corridormap.maps").joinpath("i18n_data/strings.json").read_text("utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


def isolate(text: str) -> str:
    """``text`` as a bidi isolate in right-to-left languages (unchanged in others).

    Isolated, a piece of text keeps its own direction and order among text of the other
    direction: "2024-25" or "1,434 km" stay in reading order (unisolated, European digits
    after Arabic letters are laid out as Arabic numbers, and "2024-25" reads "25-2024"), and
    an Urdu country name inside an English sentence does not turn the sentence right to left.

    Examples
    --------
    >>> isolate("1,434 km")
    '1,434 km'
    >>> with language("ur"):
    ...     isolate("1,434 km") == "\u20681,434 km\u2069"  # first-strong isolate ... pop
    True
    """
    return f"\u2068{text}\u2069" if current_language() in RTL_LANGUAGES else text


def in_english(markup: str) -> str:
    """HTML from the data (English facts, names, titles) marked as English in a page in another language.

    Screen readers then read it with an English voice, and in right-to-left pages it is laid
    out left to right, isolated from the Urdu around it. Unchanged in English pages and if empty.

    Examples
    --------
    >>> in_english("Galkynysh gas field")
    'Galkynysh gas field'
    >>> with language("ur"):
    ...     in_english("Galkynysh gas field")
    '<span lang=en dir=ltr>Galkynysh gas field</span>'
    >>> with language("ru"):
    ...     in_english("Galkynysh gas field")
    '<span lang=en>Galkynysh gas field</span>'
    """
    code = current_language()
    if code == "en" or not markup:
        return markup
    return f"<span lang=en{' dir=ltr' if code in RTL_LANGUAGES else ''}>{markup}</span>"


def arrow() -> str:
    """The arrow from one country to the next, pointing the way the page reads: ``→``, or ``←`` right to left.

    Examples
    --------
    >>> with language("ur"):
    ...     arrow()
    '←'
    """
    return "←" if current_language() in RTL_LANGUAGES else "→"


def _fill(text: str, values: dict[str, object]) -> str:
    """``text`` with its fields filled, each value isolated (see :func:`isolate`)."""
    return text.format(**{k: isolate(str(v)) for k, v in values.items()}) if values else text


def t(key: str, **values: object) -> str:
    """The interface string ``key`` in the current language, with ``{name}`` fields filled (not escaped)."""
    return _fill(strings()[key][current_language()], values)


def language_codes(lang: str | Sequence[str]) -> tuple[str, ...]:
    """The languages asked for, each once, in order; :class:`ValueError` for none or one not in :data:`LANGUAGES`.

    Examples
    --------
    >>> language_codes("ur"), language_codes(["en", "ru", "en"])
    (('ur',), ('en', 'ru'))
    """
    codes = tuple(dict.fromkeys([lang] if isinstance(lang, str) else lang))
    unknown = [c for c in codes if c not in LANGUAGES]
    if unknown or not codes:
        given = ", ".join(map(repr, unknown)) or "(none given)"
        msg = f"unknown map language {given}: choose from {', '.join(LANGUAGES)}"
        raise ValueError(msg)
    return codes


def folder(code: str) -> str:
    """Where a language's maps go, relative to the output folder: ``""`` for English, else the code.

    Examples
    --------
    >>> folder("en"), folder("ur")
    ('', 'ur')
    """
    return "" if _check(code) == "en" else code


def page_attributes() -> str:
    """The ``<html>`` attributes of a page in the current language.

    Examples
    --------
    >>> with language("ur"):
    ...     page_attributes()
    'lang="ur" dir="rtl"'
    """
    code = current_language()
    return f'lang="{code}"' + (' dir="rtl"' if code in RTL_LANGUAGES else "")


def right_to_left(text: str) -> bool:
    """Whether ``text`` reads right to left: its first letter is of the Arabic script (Urdu).

    Examples
    --------
    >>> right_to_left("گوادر"), right_to_left("Gwadar"), right_to_left("CASA-1000")
    (True, False, False)
    """
    first = next((c for c in text if c.isalpha()), "")
    return any(a <= ord(first) <= b for a, b in ARABIC_SCRIPT) if first else False


def country_name_column() -> str:
    """The boundaries' column that names countries in the current language (Natural Earth's)."""
    code = current_language()
    return "name" if code == "en" else f"name_{code}"


def place_name(names: object, english: str) -> str:
    """A node's label in the current language: its ``names`` entry, or ``english`` where there is none.

    ``names`` is the node's ``names`` property (absent: NaN or None).

    Examples
    --------
    >>> names = {"ru": {"text": "Гвадар", "source": "https://ru.wikipedia.org/wiki/Гвадар"}}
    >>> with language("ru"):
    ...     place_name(names, "Gwadar")
    'Гвадар'
    >>> with language("ur"):
    ...     place_name(names, "Gwadar")
    'Gwadar'
    """
    entry = names.get(current_language()) if isinstance(names, dict) else None
    text = entry.get("text") if isinstance(entry, dict) else None
    return str(text) if text else english


def html_text(key: str, **values: str) -> str:
    """:func:`t` as HTML text (not for attributes): escaped, then filled with ``values``, which are HTML already.

    Examples
    --------
    >>> html_text("popup.no_relations", name="<b>Iran</b>")
    "No source in the data gives Pakistan's relations with <b>Iran</b>."
    """
    return _fill(html.escape(strings()[key][current_language()], quote=False), dict(values))


def layer_name(english: str, key: str, **values: str) -> str:
    """A layer control entry in the current language, as HTML (``values`` are HTML already).

    Shared links name layers by a slug of their English name (:mod:`.share`), so a link works
    in every language: other languages keep the English, hidden, before their own text.
    """
    text = html_text(key, **values)
    return text if current_language() == "en" else f"<span hidden>{_esc(english)}</span>{text}"


def language_links(page: str, built: Iterable[str]) -> str:
    """Links to ``page`` in each other language of the build, for the title panel ("" if only one).

    Examples
    --------
    >>> with language("ur"):
    ...     language_links("tapi.html", ["en", "ur", "ru"])  # doctest: +NORMALIZE_WHITESPACE
    "<nav class=cm-langs aria-label='زبان'><a href='../tapi.html' hreflang=en lang=en>English</a> ·
     <a href='../ru/tapi.html' hreflang=ru lang=ru>Русский</a></nav>"
    """
    here = current_language()
    up = "../" if folder(here) else ""
    links = [
        f"<a href='{up}{folder(code) + '/' if folder(code) else ''}{_esc(page)}' hreflang={code} lang={code}>"
        f"{_esc(strings()['language_name'][code])}</a>"
        for code in built
        if code != here
    ]
    return f"<nav class=cm-langs aria-label='{_esc(t('language_nav'))}'>{' · '.join(links)}</nav>" if links else ""


#: Fonts with Urdu glyphs, tried before the page's own subset (see :mod:`.fonts`): Naskh
#: faces first (compact enough for labels), then what Windows, macOS and Android ship.
_URDU_FONTS: Final = (
    "'Noto Naskh Arabic UI','Noto Naskh Arabic',cm-urdu,'Segoe UI','Urdu Typesetting','Geeza Pro',"
    "'Noto Nastaliq Urdu',system-ui,sans-serif"
)
_RTL_CSS: Final = (
    ".leaflet-container{direction:ltr}"  # Leaflet positions panes and tiles left to right
    ".cm-panel,.cm-keys,.cm-alert,.leaflet-popup-content,.leaflet-tooltip,.leaflet-control-layers{direction:rtl;"
    "text-align:right}"
    ".cm-panel p,.cm-panel li,.cm-panel summary,.cm-panel h4,.cm-panel td,.cm-panel th,.cm-pop p,.cm-pop li,"
    ".cm-pop td,.cm-pop th,"
    ".cm-pop summary,.cm-pop .cm-h,.leaflet-tooltip{unicode-bidi:plaintext;text-align:start}"
    ".cm-pop th,.cm-pop td,.cm-title th,.cm-title td{padding:1px 0 1px 6px}"
    ".cm-pop ul,.cm-pop ol,.cm-title ol,.cm-keys ul{padding-left:0;padding-right:18px}"
    ".cm-l-country span{letter-spacing:0}"  # spacing would break the joined letters
    ".cm-lbl span[dir=rtl]{font-size:13px}.cm-l-country span[dir=rtl]{font-size:13.5px}"  # Naskh reads small
    "body,.leaflet-container,.cm-panel,.cm-pop,.cm-keys,.cm-alert,.cm-lbl span,.leaflet-tooltip,"
    f".leaflet-control-layers,.leaflet-control-attribution{{font-family:{_URDU_FONTS}}}"
)


def language_css() -> str:
    """Extra CSS for the current language: right to left and Urdu fonts for Urdu, none for English.

    Outside English the legend's two columns may wrap (Russian words are long).
    """
    code = current_language()
    if code == "en":
        return ""
    return ".cm-legend>div{flex-wrap:wrap}" + (_RTL_CSS if code in RTL_LANGUAGES else "")


def text_page_css() -> str:
    """Extra CSS for the current language's plain pages (the text table): right to left and Urdu fonts for Urdu.

    Examples
    --------
    >>> text_page_css()
    ''
    >>> with language("ur"):
    ...     text_page_css().startswith("body{font-family:'Noto Naskh Arabic UI'")
    True
    """
    if current_language() not in RTL_LANGUAGES:
        return ""
    numbers = "td.n{text-align:left;white-space:nowrap}"  # at the end of the line, as in English
    return f"body{{font-family:{_URDU_FONTS}}}caption,th,td{{text-align:right}}{numbers}"
