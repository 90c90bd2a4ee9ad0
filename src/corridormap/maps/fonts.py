"""The Urdu font the maps carry: Noto Naskh Arabic, cut down to the letters each page uses.

Many systems have no font with all of Urdu's letters: Debian with its default fonts draws
``ے`` and ``ہ`` as empty boxes (DejaVu Sans lacks them), and the maps must read offline, so
no web font can be fetched. Each Urdu page therefore embeds, as a ``data:`` URI, the glyphs
of Noto Naskh Arabic that its own text needs (about 10 KB as WOFF2), subset at build time with
fontTools; :mod:`~corridormap.maps.i18n` puts the fonts a reader's system already has (Noto
Naskh, Segoe UI, Geeza Pro...) before it, so the copy only fills the gaps.

The font ships in ``vendor/fonts/`` as npm's ``@fontsource/noto-naskh-arabic`` 5.3.0 has it
(SIL Open Font License 1.1, licence beside it; ``manifest.json`` records the tarball's
integrity and the file's sha256, checked before use). Naskh rather than Nastaliq: its
compact line height suits map labels, and its Arabic subset is a third of Nastaliq's.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
from functools import cache
from importlib.resources import files
from typing import Final

from ..errors import CorridorDataError
from .i18n import ARABIC_SCRIPT

__all__ = ["URDU_FONT", "urdu_font_face", "urdu_letters", "with_urdu_font"]

#: The embedded font's entry in ``vendor/fonts/manifest.json``.
URDU_FONT: Final = "noto-naskh-arabic"
_UNICODE_RANGE: Final = ",".join(f"U+{a:04X}-{b:04X}" for a, b in ARABIC_SCRIPT)


def urdu_letters(text: str) -> set[str]:
    """The Arabic-script characters of ``text``, written as they are or as JSON ``\\uXXXX`` escapes.

    Examples
    --------
    >>> sorted(urdu_letters("Gwadar گوادر \\\\u06cc"))  # ی written as a JSON escape
    ['ا', 'د', 'ر', 'و', 'گ', 'ی']
    """
    chars = set(text) | {chr(int(h, 16)) for h in re.findall(r"\\u([0-9a-fA-F]{4})", text)}
    return {c for c in chars if any(a <= ord(c) <= b for a, b in ARABIC_SCRIPT)}


@cache
def _font_bytes() -> bytes:
    folder = files("corridormap.maps").joinpath("vendor").joinpath("fonts")
    entry = json.loads(folder.joinpath("manifest.json").read_text("utf-8"))[URDU_FONT]
    data = folder.joinpath(entry["file"]).read_bytes()
    if hashlib.sha256(data).hexdigest() != entry["sha256"]:
        msg = f"vendored font {entry['file']} does not match its sha256 in vendor/fonts/manifest.json"
        raise CorridorDataError([msg])
    return data


@cache
def _subset(chars: frozenset[str]) -> bytes:
    from fontTools import subset  # only Urdu pages need it: an English build does not pay the import
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(_font_bytes()), recalcTimestamp=False)  # the same bytes on every build
    options = subset.Options()
    options.layout_features = ["*"]  # joining forms, marks and ligatures: all of Urdu's shaping
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(chars)))
    subsetter.subset(font)
    font.flavor = "woff2"  # Brotli, smaller than the vendored WOFF's zlib; base64 text gzips no further
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def urdu_font_face(html: str) -> str:
    """A ``@font-face`` rule for ``cm-urdu`` with the glyphs ``html``'s Arabic-script text needs ("" if none).

    Examples
    --------
    >>> rule = urdu_font_face("<p>پاکستان</p>")
    >>> rule.startswith("@font-face{font-family:cm-urdu;src:url(data:font/woff2;base64,")
    True
    >>> urdu_font_face("<p>Pakistan</p>")
    ''
    """
    chars = urdu_letters(html)
    if not chars:
        return ""
    data = base64.b64encode(_subset(frozenset(chars))).decode("ascii")
    return (
        f"@font-face{{font-family:cm-urdu;src:url(data:font/woff2;base64,{data}) format('woff2');"
        f"unicode-range:{_UNICODE_RANGE};font-display:swap}}"
    )


def with_urdu_font(html: str) -> str:
    """The page with its Urdu font embedded in ``<head>`` (unchanged if it has no Arabic-script text)."""
    rule = urdu_font_face(html)
    return html.replace("</head>", f"<style>{rule}</style></head>", 1) if rule else html
