"""Parsing on worker processes (``parse_many(n_process > 1)``, ``reftagger parse --processes N``).

Workers are started with "spawn" and each loads the model once; batches go out in order and their results
come back in order. A worker that cannot start or dies ends the stream with a :class:`WorkerError`.
"""

from __future__ import annotations

import collections
import os
import signal
import sys
from collections.abc import Callable, Iterator
from typing import Any

from tagger.errors import WorkerError


def parse_in_workers(
    load: Callable[[str], Any], path: str, batches: Iterator[list[str]], n_process: int, isolate: bool,
    confidence: bool
) -> Iterator[Any]:
    """Parse ``batches`` on ``n_process`` worker processes, each holding the tagger ``load(path)`` returns,
    yielding the results of its ``_batch_results`` in input order.

    At most two batches per worker are in flight, so a long stream is read as
    it is consumed. A worker that cannot start or dies ends the stream with a
    :class:`WorkerError` instead of leaving the pool to restart it forever.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    _check_main_is_importable()
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(n_process, mp_context=context, initializer=_init_worker, initargs=(load, path)) as pool:
        pending: collections.deque = collections.deque()
        try:
            for batch in batches:
                pending.append(pool.submit(_parse_in_worker, batch, isolate, confidence))
                if len(pending) >= 2 * n_process:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
        except BrokenProcessPool as error:
            raise WorkerError(
                f"a worker process stopped before finishing its references ({error}). Worker processes "
                "import the main program again: code that calls parse_many(n_process > 1) must sit under "
                "`if __name__ == \"__main__\":`, and the model must load in them"
            ) from None
        finally:
            for future in pending:
                future.cancel()


def _check_main_is_importable() -> None:
    """Worker processes are started with "spawn", which re-imports the main program from its file."""
    main = sys.modules.get("__main__")
    if getattr(getattr(main, "__spec__", None), "name", None):
        return
    path = getattr(main, "__file__", None)
    if path is not None and not os.path.isfile(path):
        raise WorkerError(
            f"n_process > 1 starts worker processes that re-import the main program, and {path!r} is not a "
            "file they can import (a program read from standard input?): save it to a file or use n_process=1"
        )


_worker_tagger: Any = None


def _init_worker(load: Callable[[str], Any], path: str) -> None:
    global _worker_tagger
    # Ctrl-C is the parent's to handle: it stops the pool, and no worker prints a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_tagger = load(path)


def _parse_in_worker(batch: list[str], isolate: bool, confidence: bool) -> list[Any]:
    assert _worker_tagger is not None
    return _worker_tagger._batch_results(batch, isolate, confidence)
