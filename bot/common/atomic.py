"""Replace a whole directory atomically: write it aside, then swap it in by renames."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable
from pathlib import Path


def write_atomically(directory: Path, write: Callable[[Path], None]) -> None:
    """Fill a temporary sibling directory with `write`, then swap it in by renames.

    A crash before the swap leaves the old directory (or none) and a temporary one that the
    next write removes, never a half-written directory under the final name.
    """
    directory.parent.mkdir(parents=True, exist_ok=True)
    tmp = directory.with_name(f".{directory.name}.tmp-{os.getpid()}-{threading.get_ident()}")
    old = directory.with_name(f".{directory.name}.old-{os.getpid()}-{threading.get_ident()}")
    for leftover in directory.parent.glob(f".{directory.name}.*-*-*"):
        if not _process_alive(leftover.name.split("-")[-2]):
            shutil.rmtree(leftover, ignore_errors=True)  # a crashed writer's
    tmp.mkdir()
    try:
        write(tmp)
        for path in tmp.rglob("*"):
            if path.is_file():
                with open(path, "rb+") as handle:
                    os.fsync(handle.fileno())
        if directory.exists():
            os.replace(directory, old)
        os.replace(tmp, directory)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _process_alive(pid: str) -> bool:
    """Whether a process with this id (as text) runs; True if unsure."""
    if not pid.isdigit():
        return False
    if int(pid) == os.getpid():
        return False  # our own leftover: a writer of ours that failed
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True
