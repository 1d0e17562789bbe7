"""Progress of long jobs: a bar on a terminal (tqdm), a log line every tenth otherwise."""

from __future__ import annotations

import logging
import sys
from types import TracebackType

logger = logging.getLogger(__name__)

# Jobs smaller than this finish before a bar would be worth drawing.
MIN_TOTAL = 5_000


class Progress:
    """Counts work done out of a known total and shows it; use as a context manager."""

    def __init__(self, total: int, what: str, unit: str = "items") -> None:
        self.total, self.what, self.unit = total, what, unit
        self.done = 0
        self._next_log = 0.1
        self._bar = None
        if total >= MIN_TOTAL:
            if sys.stderr.isatty():
                from tqdm import tqdm

                self._bar = tqdm(total=total, desc=what, unit=f" {unit}", leave=False,
                                 dynamic_ncols=True)
            else:
                logger.info("%s: %d %s", what, total, unit)

    def update(self, count: int) -> None:
        """Record `count` more items done."""
        self.done += count
        if self._bar is not None:
            self._bar.update(count)
        elif self.total >= MIN_TOTAL and self.done >= self._next_log * self.total:
            logger.info("%s: %d of %d %s (%d%%)", self.what, self.done, self.total, self.unit,
                        100 * self.done // self.total)
            while self._next_log * self.total <= self.done:
                self._next_log += 0.1

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self._bar is not None:
            self._bar.close()
