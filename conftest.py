"""Settings for every test, the doctests in src/ included."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from collections.abc import Iterator


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keep the tests' validation records out of the real ~/.cache: XDG_CACHE_HOME points at a temporary folder.

    Set in os.environ for the whole session, so that the command line and notebook kernels the
    tests start inherit it too.
    """
    base = tmp_path_factory.mktemp("xdg-cache")
    world = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "corridormap" / "world"
    if world.is_dir():  # the prepared world boundaries take seconds to build: read (never write) the real ones
        shutil.copytree(world, base / "corridormap" / "world")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(base))
        yield
