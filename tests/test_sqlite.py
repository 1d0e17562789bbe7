"""The one SQLite idiom: WAL, schema versions by migration, all-or-nothing migrations."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.chat.store import BotStore
from bot.common.sqlite import SchemaError, open_database, schema_version, transaction
from bot.config import BY_ENV
from bot.errors import ConfigError
from bot.ingest.feedstore import STATE_FILE, FeedStore

V1 = "CREATE TABLE t (a INTEGER);"
V2 = "ALTER TABLE t ADD COLUMN b TEXT NOT NULL DEFAULT '';"


def test_a_new_file_gets_every_migration_in_wal_mode(tmp_path: Path) -> None:
    db = open_database(tmp_path / "sub" / "x.sqlite3", [V1, V2])
    assert schema_version(db) == 2
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.execute("INSERT INTO t (a, b) VALUES (1, 'x')")
    db.close()


def test_an_older_file_gets_only_the_missing_migrations(tmp_path: Path) -> None:
    path = tmp_path / "x.sqlite3"
    db = open_database(path, [V1])
    db.execute("INSERT INTO t (a) VALUES (7)")
    db.close()
    db = open_database(path, [V1, V2])  # V1 again would fail: the table exists
    assert schema_version(db) == 2
    assert db.execute("SELECT a, b FROM t").fetchall() == [(7, "")]
    db.close()


def test_a_newer_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.sqlite3"
    open_database(path, [V1, V2]).close()
    with pytest.raises(SchemaError, match="newer newsbot"):
        open_database(path, [V1])


def test_a_failing_migration_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "x.sqlite3"
    open_database(path, [V1]).close()
    with pytest.raises(sqlite3.Error):
        open_database(path, [V1, "ALTER TABLE t ADD COLUMN c INTEGER; SELECT * FROM nowhere;"])
    db = sqlite3.connect(path)
    assert schema_version(db) == 1
    assert [row[1] for row in db.execute("PRAGMA table_info(t)")] == ["a"]
    db.close()


def test_a_transaction_is_all_or_nothing(tmp_path: Path) -> None:
    db = open_database(tmp_path / "x.sqlite3", [V1])
    with pytest.raises(RuntimeError), transaction(db):
        db.execute("INSERT INTO t (a) VALUES (1)")
        raise RuntimeError("crash between two writes")
    with transaction(db):
        db.execute("INSERT INTO t (a) VALUES (2)")
    assert db.execute("SELECT a FROM t").fetchall() == [(2,)]
    db.close()


def test_the_bot_store_opens_a_file_from_before_versions(tmp_path: Path) -> None:
    path = tmp_path / "newsbot.sqlite3"
    with sqlite3.connect(path) as db:  # the schema as it was, user_version 0
        db.execute("CREATE TABLE chat_settings (chat_id INTEGER PRIMARY KEY, "
                   "answer_questions INTEGER NOT NULL DEFAULT 0)")
        db.execute("INSERT INTO chat_settings VALUES (-100, 1)")
    db.close()
    store = BotStore(path)
    assert store.answers_questions(-100)
    assert store.question(store.remember_question("q?")) == "q?"
    store.close()
    with sqlite3.connect(path) as db:
        assert schema_version(db) >= 1
    db.close()


def test_a_corrupt_feed_file_names_a_real_setting(tmp_path: Path) -> None:
    (tmp_path / STATE_FILE).write_bytes(b"not a database" * 100)
    with pytest.raises(ConfigError) as info:
        FeedStore(tmp_path)
    message = str(info.value)
    assert "NEWSBOT_DATA_DIR" in message and "NEWSBOT_DATA_DIR" in BY_ENV
    assert "\n" not in message
