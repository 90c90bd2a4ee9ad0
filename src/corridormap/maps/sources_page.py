"""The maps' list of sources, ``sources/index.html``, beside the maps with copies of sources that have no URL."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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
    """
    items = []
    for sid, src in sorted(registry.items(), key=lambda kv: (kv[1]["publisher"].lower(), kv[1]["date"])):
        if sid in copies:
            link = f" — <a href='{esc(sid)}.txt'>read the copy shipped with these maps</a>"
        elif "url" in src:
            link = f" — <a href='{esc(src['url'])}' rel=noopener>{esc(src['url'])}</a>"
        else:
            link = " — no public link"
        note = f"<br><small>{esc(src['note'])}</small>" if src.get("note") else ""
        cited = f"<b>{esc(src['title'])}</b>. {esc(src['publisher'])}, {esc(src['date'])}"
        items.append(f"<li id='{esc(sid)}'>{cited}{link}{note}</li>")
    return (
        "<!DOCTYPE html><html lang=en><head><meta charset=utf-8>"
        "<meta name=viewport content='width=device-width, initial-scale=1'><title>Sources — corridormap</title>"
        "<style>body{font:15px/1.45 system-ui,sans-serif;max-width:52em;margin:1em auto;padding:0 1em;color:#222}"
        "li{margin:.5em 0}small{color:#555}</style></head><body><h1>Sources of the corridor maps</h1>"
        f"<p>{len(items)} sources, by publisher. <a href='../index.html'>Back to the maps</a></p>"
        f"<ol>{''.join(items)}</ol></body></html>"
    )
