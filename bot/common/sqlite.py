"""The one SQLite idiom of newsbot's stores: WAL, a busy timeout, schema versions by migration.

Each store lists its migrations: script number i takes the database from schema version i to
i + 1 (kept in SQLite's `user_version`). Opening a database runs the scripts it has not had
yet, each with its version bump in one transaction, so a crash never leaves a half-migrated
file; a file from a newer newsbot (a higher version) is refused rather than misread.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

MEMORY = ":memory:"
# Seconds a writer waits for another process's write (the bot and `newsbot follow` by cron).
BUSY_TIMEOUT = 10.0


class SchemaError(sqlite3.DatabaseError):
    """The database was written by a newer newsbot (its schema version is unknown here)."""


def open_database(path: Path | str, migrations: Sequence[str], *,
                  check_same_thread: bool = True) -> sqlite3.Connection:
    """Open (creating if needed) a database in autocommit mode, migrated to the latest schema.

    Raises sqlite3.Error (SchemaError for a newer file) or OSError; callers turn them into one
    line naming the file and the setting that moves it.
    """
    if str(path) != MEMORY:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT, isolation_level=None,
                         check_same_thread=check_same_thread)
    try:
        # WAL with synchronous=NORMAL: a write costs about 0.06 ms instead of about 18 ms
        # (measured on the bot's store); an OS crash may lose the last writes, an app crash
        # loses nothing, and readers never wait for the writer.
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        migrate(db, migrations)
    except BaseException:
        db.close()
        raise
    return db


def schema_version(db: sqlite3.Connection) -> int:
    """The schema version recorded in the file (0 for a new one)."""
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: sqlite3.Connection, migrations: Sequence[str]) -> int:
    """Run the migrations the database has not had; returns the version it is now at."""
    version = schema_version(db)
    if version > len(migrations):
        raise SchemaError(f"written by a newer newsbot (schema {version}, this one knows "
                          f"{len(migrations)})")
    for number in range(version, len(migrations)):
        # One script per transaction, the version bump included: all of it or nothing.
        db.executescript(f"BEGIN IMMEDIATE;\n{migrations[number]}\n"
                         f"PRAGMA user_version = {number + 1};\nCOMMIT;")
    return len(migrations)


@contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Several statements as one write (autocommit connections commit each one alone)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
