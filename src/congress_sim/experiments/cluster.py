"""Ensembles on Dask: reach the scheduler in seconds or say why not, keep a few blocks in flight,
and stop, saying so, when the cluster has no worker left to run them."""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable, Generator
from typing import Any

import numpy as np

from congress_sim.errors import ArgumentError, CongressSimError, Wording

WAIT = 4.0  # seconds to reach a scheduler, and that a cluster may be without workers
IN_FLIGHT = 4  # blocks submitted ahead, per worker: results wait on the workers, not in bulk
POLL = 0.05  # seconds between looks at the blocks in flight
ADDRESS = re.compile(r"^(inproc://\S+|((tcp|tls|ws|wss|ucx)://)?(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9._-]+):[0-9]{1,5}/?)$")


def connect(scheduler: str | None, jobs: int) -> tuple[Any, Any, int]:
    """(client, the local cluster started or None, workers): a scheduler that answers and has workers."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise CongressSimError("the dask executor needs Dask: pip install -e '.[dask]'") from None
    # what the cluster does is said here, in a line, or not at all (asyncio: the client's tasks left
    # waiting on a worker that died are reported when they are collected)
    quiet = [n for n in logging.root.manager.loggerDict if n.split(".")[0] in ("distributed", "tornado")]
    for name in ["distributed", "tornado", "asyncio", *quiet]:
        logging.getLogger(name).setLevel(logging.CRITICAL)
    if scheduler is None:
        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=":0",
                               silence_logs=logging.CRITICAL)
        return Client(cluster, set_as_default=False), cluster, jobs
    if not ADDRESS.match(scheduler):
        raise ArgumentError(f"{{scheduler}} {scheduler!r} is not the address of a Dask scheduler, "
                            "such as tcp://10.0.0.5:8786 (with its port)", "scheduler")
    found: dict[str, Any] = {}

    def reach() -> None:  # in a thread of its own: a server that is not Dask's can keep it waiting
        try:
            found["client"] = Client(scheduler, timeout=f"{WAIT:g}s", set_as_default=False)
        except Exception as exc:  # whatever went wrong, it is said in words below
            found["error"] = exc

    thread = threading.Thread(target=reach, daemon=True)
    thread.start()
    thread.join(WAIT + 1)
    if "client" not in found:
        why = found.get("error") or f"no answer in {WAIT:g} s"
        raise CongressSimError(f"cannot reach a Dask scheduler at {scheduler}: {why}; is it running there?")
    client = found["client"]
    try:
        client.wait_for_workers(1, timeout=WAIT)
    except Exception:
        client.close()
        raise CongressSimError(f"the Dask scheduler at {scheduler} has no workers (none came in {WAIT:g} s); "
                               f"start some with: dask worker {scheduler}") from None
    return client, None, len(client.scheduler_info(n_workers=-1)["workers"])


def run_on(client: Any, cluster: Any, run_block: Callable[[Any, int], dict[str, np.ndarray]], job: Any,
           todo: list[int], workers: int) -> Generator[tuple[int, dict[str, np.ndarray]], None, None]:
    """Run the blocks on the cluster and yield them as they are done (in any order)."""
    where = cluster.scheduler_address if cluster is not None else client.scheduler.address
    queue = list(todo)
    running: dict[Any, int] = {}
    alone = None  # since when the cluster has had no workers
    looked = time.monotonic()
    try:
        # the job as a task, not scattered data: if the worker that holds it dies, it is made again
        remote = client.submit(_itself, job, pure=False)

        def submit() -> None:
            b = queue.pop(0)
            running[client.submit(run_block, remote, b, pure=False, retries=2)] = b

        for _ in range(min(len(queue), IN_FLIGHT * max(workers, 1))):
            submit()
        while running:
            got = 0
            for fut in [f for f in running if f.done()]:  # updated by the client's own thread
                try:
                    kept = fut.result(timeout=WAIT)
                except TimeoutError:  # done, but the worker that held it is gone: it is run again
                    continue
                except CongressSimError:
                    raise
                except Exception as exc:  # workers that died running it, more often than it is retried
                    raise CongressSimError(Wording(f"block {running[fut]} failed on the Dask cluster at {where} "
                                                   f"({type(exc).__name__}: {exc}); run again (with {{out}} and "
                                                   "{resume}, the finished blocks are kept)", "out", "resume")) from None
                got += 1
                b = running.pop(fut)
                fut.release()
                yield b, kept
                if queue:
                    submit()
            if got:
                alone = None
                continue
            time.sleep(POLL)
            if time.monotonic() - looked < 1:
                continue
            looked = time.monotonic()  # no block done for a while: are there still workers?
            if client.scheduler_info(n_workers=-1)["workers"]:
                alone = None
                continue
            alone = alone or looked
            if looked - alone > WAIT:
                raise CongressSimError(Wording(f"the Dask cluster at {where} has no workers left to run the blocks; "
                                               "start some, then run again (with {out} and {resume}, the finished "
                                               "blocks are kept)", "out", "resume"))
    finally:
        for fut in running:
            fut.cancel()
        client.close()
        if cluster is not None:
            cluster.close()


def _itself(job: Any) -> Any:
    return job
