"""Write every data file in canonical form, so that diffs show only real changes.

Canonical: UTF-8 JSON, 2-space indent, each [lon, lat] pair on one line, numbers
rounded to 5 decimals inside coordinates, a final newline. Boundaries are generated
by build_boundaries.py and left alone.

Run: ``python scripts/format_geodata.py [DATA_DIR]``; ``--check`` only lists the files
that are not canonical and exits 1 if there are any.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

PAIR = re.compile(r"\[\s*(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?),\s*(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)\s*\]")


def _round_coordinates(obj: object) -> object:
    if isinstance(obj, dict):
        return {k: (_round(v) if k == "coordinates" else _round_coordinates(v)) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_round_coordinates(v) for v in obj]
    return obj


def _round(coords: object) -> object:
    if isinstance(coords, list):
        return [_round(c) for c in coords]
    return round(coords, 5) if isinstance(coords, float) else coords


def canonical(text: str) -> str:
    """The canonical form of one data file's text."""
    content = _round_coordinates(json.loads(text))
    return PAIR.sub(r"[\1, \2]", json.dumps(content, indent=2, ensure_ascii=False)) + "\n"


def data_files(root: Path) -> list[Path]:
    """The hand-edited data files of a data folder."""
    names = [root / "sources.json", root / "nodes.geojson", root / "relations.json"]
    return [p for p in names if p.exists()] + sorted((root / "corridors").glob("*.geojson"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", nargs="?", type=Path, default=Path(__file__).resolve().parents[1] / "geodata")
    parser.add_argument("--check", action="store_true", help="list files that are not canonical; change nothing")
    args = parser.parse_args()
    changed = []
    for path in data_files(args.data_dir):
        text = path.read_text(encoding="utf-8")
        if canonical(text) != text:
            changed.append(path)
            if not args.check:
                path.write_text(canonical(text), encoding="utf-8")
    for path in changed:
        print(("not canonical: " if args.check else "formatted: ") + str(path))
    return 1 if (args.check and changed) else 0


if __name__ == "__main__":
    sys.exit(main())
