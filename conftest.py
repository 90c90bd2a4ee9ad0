"""Settings for every test, the doctests in src/ included."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from collections.abc import Iterator

pytest_plugins = ["pytester"]  # tests/test_ci.py runs pytest on a probe with this file


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


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """In CI (``CI=true``, as ``.ci/run`` sets it) a skipped test fails: CI runs everything it claims to.

    The browser tests skip without Chromium and the notebook tests without a kernel; on a
    developer's machine that is a convenience, in CI it would hide that they never ran.
    """
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if _in_ci() and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, where every test must run: {reason}"
