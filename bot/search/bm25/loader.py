"""Loading the compiled kernel (kernel.py, numba) once, in the background or on demand.

Importing numba and its cached machine code takes about a second: until it is ready, and
without numba, the engine answers through its numpy path (the same results, more slowly), so
a one-off `newsbot ask` never waits for it; the bot starts it in the background.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from types import ModuleType

logger = logging.getLogger(__name__)

_KERNEL: list[ModuleType | None] = []  # the loaded kernel module (None without numba), once ready
_LOCK = threading.Lock()

WarmUp = Callable[[ModuleType], None]  # one call that loads the code for the usual argument types


def start(warm_up: WarmUp, wait: bool = False) -> threading.Thread | None:
    """Load the kernel (now with `wait`, else in a daemon thread); None if nothing to start."""
    if _KERNEL:
        return None
    if wait:
        _load(warm_up)
        return None
    thread = threading.Thread(target=_load, args=(warm_up,), name="bm25-kernel", daemon=True)
    thread.start()
    return thread


def _load(warm_up: WarmUp) -> None:
    with _LOCK:
        if _KERNEL:
            return
        try:
            import bot.search.bm25.kernel as kernel
        except ImportError as exc:
            logger.info("numba not available (%s): queries use the numpy path", exc)
            _KERNEL.append(None)
            return
        except (RuntimeError, OSError) as exc:
            # numba caches compiled code beside the source; a read-only install needs
            # NUMBA_CACHE_DIR (the systemd unit sets it). The numpy path gives the same results.
            logger.warning("the compiled BM25 kernel cannot load (%s); set NUMBA_CACHE_DIR to a "
                           "writable directory. Queries use the numpy path", exc)
            _KERNEL.append(None)
            return
        started = time.perf_counter()
        warm_up(kernel)
        logger.debug("bm25 kernel ready in %.2f s", time.perf_counter() - started)
        _KERNEL.append(kernel)


def loaded() -> ModuleType | None:
    """The compiled kernel if it is loaded, else None (the numpy path answers)."""
    return _KERNEL[0] if _KERNEL else None
