"""The dask engine's cluster plumbing: starting or reaching a cluster, and collecting results without waiting forever.

:func:`local_client` starts a local cluster, :func:`connect` reaches a running scheduler,
and :func:`collect` gathers the tasks' results as they finish (releasing each on the
cluster), keeping at most ``limit`` tasks submitted at a time and raising
:class:`DaskEngineError` when the cluster is stuck.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TYPE_CHECKING, Any

from .errors import CorridorMapError

if TYPE_CHECKING:
    from collections.abc import Iterable

    import distributed

__all__ = ["STALL_TIMEOUT", "START_TIMEOUT", "DaskEngineError", "collect", "connect", "local_client"]

#: Seconds to wait for a local cluster's workers, or for a scheduler to answer and have a worker.
START_TIMEOUT = 120.0
#: Seconds without a finished partition after which, if no worker is running one, the engine gives up.
STALL_TIMEOUT = 300.0


class DaskEngineError(CorridorMapError, RuntimeError):
    """The dask engine cannot go on: no cluster, no worker, or partitions that no worker runs."""


def local_client(*, workers: int | None = None, timeout: float = START_TIMEOUT) -> distributed.Client:
    """A client on a new local cluster: one single-threaded worker process per core, no dashboard.

    The client owns the cluster: closing the client (or leaving its ``with`` block) stops the workers.
    Raises :class:`DaskEngineError` if the workers are not all up within ``timeout`` seconds.

    Examples
    --------
    >>> from corridormap.distributed import local_client
    >>> with local_client(workers=1) as client:
    ...     len(client.scheduler_info()["workers"])
    1
    """
    from distributed import Client

    count = workers or os.cpu_count() or 1
    # Given cluster arguments instead of a cluster, the client starts its own and shuts it down on close.
    client = Client(
        n_workers=count,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",  # any free port: never fight another cluster over 8787
        scheduler_kwargs={"dashboard": False},
        silence_logs=40,
        timeout=timeout,
    )
    try:
        client.wait_for_workers(count, timeout=timeout)
    except TimeoutError as exc:
        up = len(client.scheduler_info()["workers"])
        client.close()
        msg = (
            f"the local dask cluster started {up} of its {count} workers in {timeout:.0f} s — the machine may be "
            "out of memory or processes; try fewer workers, or --engine local"
        )
        raise DaskEngineError(msg) from exc
    return client


def connect(scheduler: str, *, timeout: float = START_TIMEOUT) -> distributed.Client:
    """A client on the scheduler at ``scheduler``, once it has a worker; :class:`DaskEngineError` after ``timeout``."""
    from distributed import Client

    try:
        client = Client(scheduler, timeout=timeout)
    except (OSError, TimeoutError) as exc:
        msg = f"no dask scheduler answered at {scheduler} within {timeout:.0f} s ({exc}) — check the address and port"
        raise DaskEngineError(msg) from exc
    try:
        client.wait_for_workers(1, timeout=timeout)
    except TimeoutError as exc:
        client.close()
        msg = (
            f"the dask scheduler at {scheduler} has no worker after {timeout:.0f} s — "
            f"start one: dask worker {scheduler}"
        )
        raise DaskEngineError(msg) from exc
    return client


def collect(
    client: distributed.Client,
    submissions: Iterable[distributed.Future[Any]],
    *,
    total: int | None,
    limit: int,
    progress: bool,
    stall_timeout: float = STALL_TIMEOUT,
) -> list[Any]:
    """The results of the futures ``submissions`` yields, in its order.

    At most ``limit`` futures are drawn from ``submissions`` before their results are in (so a lazy
    ``submissions`` keeps the data on its way bounded). Each result is fetched as soon as it is
    done and released on the cluster, so a worker holds what it is working on, not every result
    it made. If none finishes for ``stall_timeout`` seconds and none is running on a worker,
    :class:`DaskEngineError` is raised. A progress bar (``total`` partitions) goes to stderr.
    """
    from distributed import as_completed
    from tqdm.auto import tqdm

    pending: dict[Any, tuple[int, distributed.Future[Any]]] = {}
    results: dict[int, Any] = {}
    source = iter(submissions)
    done = as_completed(with_results=True)
    exhausted, last = False, time.monotonic()
    with tqdm(total=total, unit="partition", delay=1.0, file=sys.stderr, disable=not progress) as bar:
        while True:
            while not exhausted and len(pending) < limit:
                future = next(source, None)
                if future is None:
                    exhausted = True
                else:
                    pending[future.key] = (len(results) + len(pending), future)
                    done.add(future)
            if exhausted and not pending:
                break
            if not done.has_ready():
                if time.monotonic() - last > stall_timeout:
                    _check_running(client, [f for _, f in pending.values()], stall_timeout)
                    last = time.monotonic()
                time.sleep(0.05)
                continue
            for future, result in done.next_batch(block=False):
                results[pending.pop(future.key)[0]] = result
                future.release()
                bar.update()
            last = time.monotonic()
    return [results[i] for i in range(len(results))]


def _check_running(client: distributed.Client, pending: list[distributed.Future[Any]], waited: float) -> None:
    """Raise if none of the pending partitions is running on a worker (looked at twice, a second apart)."""
    keys = [future.key for future in pending]
    for attempt in range(2):
        running = sum(len(tasks) for tasks in client.call_stack(keys=keys).values()) > 0
        if running:
            return
        if not attempt:
            time.sleep(1.0)
    workers = len(client.scheduler_info()["workers"])
    msg = (
        f"no partition finished in {waited:.0f} s and none of the {len(pending)} left is running on the "
        f"{workers} workers — the cluster is stuck (workers lost, paused for memory, or none); "
        "restart it, or use more memory per worker or smaller partitions"
    )
    raise DaskEngineError(msg)
