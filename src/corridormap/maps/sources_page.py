"""The maps' list of sources, ``sources/index.html``, beside the maps with copies of sources that have no URL.

Written in the language of :func:`~corridormap.maps.i18n.current_language` (each language's
folder has its own, ``ur/sources/index.html``): the wording from the string table, the sources'
titles, publishers and notes as the data gives them, in English and marked ``lang="en"``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .i18n import html_text, in_english, page_attributes, t, text_page_css
from .popups import esc

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["sources_page"]


def sources_page(registry: dict[str, dict[str, Any]], copies: dict[str, Path]) -> str:
    """Every source the data cites — title, publisher, date, a link (the source's URL, or its copy here), note.

    Examples
    --------
    >>> html = sources_page({"a": {"title": "T<1>", "publisher": "P", "date": "2024"}}, {})
    >>> "T&lt;1&gt;" in html and "no public link" in html
    True
    >>> from corridormap.maps.i18n import language
    >>> with language("ru"):
    ...     html = sources_page({"a": {"title": "T<1>", "publisher": "P", "date": "2024"}}, {})
    >>> "<html lang=ru>" in html and "<span lang=en><b>T&lt;1&gt;</b>. P, 2024</span>" in html
    True
    """
    items = []
    for sid, src in sorted(registry.items(), key=lambda kv: (kv[1]["publisher"].lower(), kv[1]["date"])):
        if sid in copies:
            link = f" — <a href='{esc(sid)}.txt'>{esc(t('sources.read_copy'))}</a>"
        elif "url" in src:
            url = esc(src["url"])
            link = " — " + in_english(f"<a href='{url}' rel=noopener>{url}</a>")
        else:
            link = f" — {esc(t('sources.no_link'))}"
        note = f"<br><small>{in_english(esc(src['note']))}</small>" if src.get("note") else ""
        cited = in_english(f"<b>{esc(src['title'])}</b>. {esc(src['publisher'])}, {esc(src['date'])}")
        items.append(f"<li id='{esc(sid)}'>{cited}{link}{note}</li>")
    return (
        f"<!DOCTYPE html><html {page_attributes().replace(chr(34), '')}><head><meta charset=utf-8>"
        f"<meta name=viewport content='width=device-width, initial-scale=1'><title>{esc(t('sources.title'))}</title>"
        "<style>body{font:15px/1.45 system-ui,sans-serif;max-width:52em;margin:1em auto;padding:0 1em;color:#222}"
        f"li{{margin:.5em 0}}small{{color:#555}}a{{overflow-wrap:anywhere}}{text_page_css()}</style></head><body>"
        f"<h1>{esc(t('sources.heading'))}</h1>"
        f"<p>{html_text('sources.count', n=str(len(items)))} <a href='../index.html'>{esc(t('sources.back'))}</a></p>"
        f"<ol>{''.join(items)}</ol></body></html>"
    )
