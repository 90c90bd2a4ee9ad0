"""Answers kept on disk: the same command on the same bytes prints the kept text; any edit computes afresh."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import pytest

import corridormap as cm
from corridormap import chaining, maps
from corridormap._answers import ANSWERS_KEPT, answer_key, cached_answer, keep_answer, kept_json
from corridormap.caching import cache_dir
from corridormap.cli import main

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path


def _broken(*_: object, **__: object) -> float:
    msg = "computed instead of read from the answers kept"
    raise AssertionError(msg)


def test_a_repeated_command_prints_the_kept_answer(
    data_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["length", "TAPI", "--data", str(data_copy), "--format", "csv"]
    assert main(argv) == 0
    first = capsys.readouterr().out
    monkeypatch.setattr(chaining, "route_length", _broken)
    assert main(argv) == 0
    assert capsys.readouterr().out == first
    assert first.startswith("corridor,km\nTAPI,1771.")


def test_other_options_are_other_answers(data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outputs = []
    for cid, fmt in (("TAPI", "csv"), ("TAPI", "json"), ("KTAP", "csv")):
        assert main(["length", cid, "--data", str(data_copy), "--format", fmt]) == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0].startswith("corridor,km\nTAPI,")
    assert outputs[1].startswith("[")
    assert outputs[2].startswith("corridor,km\nKTAP,")


@pytest.mark.parametrize("edit", ["data", "code"])
def test_an_edit_computes_afresh(
    edit: str, data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["length", "TAPI", "--data", str(data_copy)]
    assert main(argv) == 0
    capsys.readouterr()
    if edit == "data":  # same answer, other bytes: still computed again
        sources = data_copy / "sources.json"
        sources.write_text(sources.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    else:  # as if a module of the package had changed
        module = tmp_path / "pkg" / "extra.py"
        module.parent.mkdir()
        module.write_text("x = 1\n", encoding="utf-8")
        monkeypatch.setattr("corridormap._answers._PACKAGE", module.parent)
    monkeypatch.setattr(chaining, "route_length", _broken)
    assert main(argv) == 3  # the patched computation ran, and failed
    assert "computed instead of read" in capsys.readouterr().err


def test_failures_are_not_kept(data_copy: Path) -> None:
    key = answer_key(data_copy, {"command": "length", "corridor": "NOPE", "format": "table"})
    assert main(["length", "NOPE", "--data", str(data_copy)]) == 2
    assert key is not None
    assert cached_answer(key) is None


def test_clear_cache_forgets_the_answers(data_copy: Path) -> None:
    assert main(["list", "--data", str(data_copy)]) == 0
    assert any((cache_dir() / "answers").iterdir())
    cm.clear_cache()
    assert not (cache_dir() / "answers").exists()


def test_the_oldest_answers_go_first() -> None:
    folder = cache_dir() / "answers"
    for n in range(ANSWERS_KEPT + 3):
        keep_answer(f"key{n}", str(n))
        os.utime(folder / f"key{n}", ns=(n * 10**9, n * 10**9))  # written a second apart
    keep_answer("newest", "new")
    assert [cached_answer(f"key{n}") for n in range(5)] == [None, None, None, None, "4"]
    assert cached_answer("newest") == "new"
    assert len(list(folder.iterdir())) == ANSWERS_KEPT


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_repeated_build_writes_the_kept_files(
    data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", "--data", str(data_copy), "--out", str(tmp_path / "first")]) == 0
    monkeypatch.setattr(maps, "build_maps", _broken)
    assert main(["build", "--data", str(data_copy), "--out", str(tmp_path / "again")]) == 0
    assert "the files of the last identical build" in capsys.readouterr().err
    assert _tree(tmp_path / "again") == _tree(tmp_path / "first")
    assert "index.html" in _tree(tmp_path / "again")
    # Another option, or other data, is built afresh (here: by the broken builder).
    assert main(["build", "--self-contained", "--data", str(data_copy), "--out", str(tmp_path / "sc")]) == 3
    (data_copy / "sources.json").write_text((data_copy / "sources.json").read_text(encoding="utf-8") + " ")
    assert main(["build", "--data", str(data_copy), "--out", str(tmp_path / "edited")]) == 3
    cm.clear_cache()
    assert not (cache_dir() / "builds").exists()


def test_derived_values_are_kept_under_their_key() -> None:
    computed: list[int] = []

    def value(n: int) -> Callable[[], dict[str, int]]:
        return lambda: computed.append(n) or {"n": n}

    assert kept_json("test", [b"a"], value(1)) == {"n": 1}
    assert kept_json("test", [b"a"], value(2)) == {"n": 1}  # read back
    assert kept_json("test", [b"a", b"b"], value(3)) == {"n": 3}
    assert kept_json("test", [b"ab"], value(4)) == {"n": 4}  # each part hashed apart: no clash by joining them
    assert computed == [1, 3, 4]
    for kept in (cache_dir() / "derived" / "test").iterdir():
        kept.write_bytes(b'{"n": ')  # damaged: computed afresh
    assert kept_json("test", [b"a"], value(5)) == {"n": 5}
    cm.clear_cache()
    assert not (cache_dir() / "derived").exists()
