"""A function over a stream of tasks in forked worker processes, results in task order.

A first build at a million sentences is mostly per-article work on one core (NLTK's Punkt
splitter alone is about half of it); bot.search.index hands that work out in chunks with
`ordered_map`. Workers are forked, so they start in milliseconds with the parent's modules
(the Punkt model, the analyzers) already loaded and share its pages until they write them.
Forking a process that runs other threads can leave a lock held in the child forever, so a
process with more than one thread (a running bot rebuilding its index) maps in place.
Workers leave Ctrl-C to the parent (which stops them) and end with it if it is killed; if
a worker dies (killed, out of memory), what was left to do is done in place.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

logger = logging.getLogger(__name__)


def available_workers() -> int:
    """How many processes may work at once here: the CPUs this process may run on, or 1
    where forking is not safe (no fork, or other threads running)."""
    if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
        return 1
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def ordered_map(function: Callable[[T], R], tasks: Iterable[T], workers: int,
                ahead: int = 4) -> Iterator[R]:
    """function(task) for each task, in order: in `workers` forked processes (at most
    `ahead` tasks a worker submitted and not yet taken, which bounds the memory results
    waiting for the caller hold), or here when workers <= 1."""
    if workers <= 1:
        yield from map(function, tasks)
        return
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=_worker_start, initargs=(os.getpid(),))
    pending: deque[tuple[T, Future[R] | None]] = deque()  # None: to do here
    try:
        for task in tasks:
            try:
                future: Future[R] | None = pool.submit(function, task)
            except BrokenProcessPool:
                future = None  # see _take
            pending.append((task, future))
            if len(pending) >= workers * ahead:
                yield _take(function, pending)
        while pending:
            yield _take(function, pending)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _take(function: Callable[[T], R], pending: deque[tuple[T, Future[R] | None]]) -> R:
    """The first pending task's result: its worker's, or worked out here when the pool
    broke (a worker killed, by the kernel out of memory or by hand; an exception raised
    by `function` is not that, and comes back from the worker as it would from here)."""
    task, future = pending.popleft()
    if future is not None:
        try:
            return future.result()
        except BrokenProcessPool:
            logger.warning("a worker process ended abruptly: the rest is done in this one")
            for index, (other, _) in enumerate(pending):
                pending[index] = (other, None)  # one warning, and no wait on the others
    return function(task)


PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent dies (Linux)


def _worker_start(parent: int) -> None:
    """In each worker, before any task: Ctrl-C (sent to the whole process group) is the
    parent's to handle, which then shuts the pool down; a worker idle on its queue would
    otherwise print a KeyboardInterrupt traceback. And a worker ends when its parent dies
    (killed, or stopped by SIGTERM, which runs no `finally`): blocked on its queue, it
    would otherwise wait for ever."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (AttributeError, OSError):  # not on Linux: a killed parent may leave workers
        return
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)
