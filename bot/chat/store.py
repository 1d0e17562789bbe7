"""The bot's small persistent state in SQLite: group preferences, questions behind buttons,
conversations (the last questions and what their answers quoted, for follow-up questions), the
inbox of updates not yet answered, and which reply answered which message.

Telegram-free. One file (NEWSBOT_DATA_DIR/newsbot.sqlite3), every write committed at once, so a
restart keeps a group's choice, a "More" button pressed days later still finds its question,
and a question that arrived just before a crash is still answered after it.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from bot.common.sqlite import open_database, transaction

logger = logging.getLogger(__name__)

STORE_FILE = "newsbot.sqlite3"
# Questions kept for answer buttons; the oldest go first (their buttons then say "ask again").
MAX_QUESTIONS = 100_000
# Handled updates are kept this long (to recognise one Telegram sends again), then forgotten.
INBOX_KEEP_SECONDS = 2 * 86400
# Which reply answered which message, kept for editing the reply when the question is edited
# (Telegram lets people edit a message for 48 hours).
REPLIES_KEEP_SECONDS = 3 * 86400

# Schema migrations (bot/common/sqlite.py): number i takes the file from version i to i + 1.
# Written with IF NOT EXISTS: files from before versions (0) may already have these tables.
MIGRATIONS = ("""
CREATE TABLE IF NOT EXISTS chat_settings (
    chat_id INTEGER PRIMARY KEY,
    answer_questions INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS questions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    question TEXT NOT NULL UNIQUE,
    used REAL NOT NULL
);
""", """
CREATE TABLE IF NOT EXISTS conversations (
    key TEXT PRIMARY KEY,
    turns TEXT NOT NULL,
    updated REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS conversation_messages (
    chat_id INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    key TEXT NOT NULL,
    PRIMARY KEY (chat_id, message_id)
);
""", """
CREATE TABLE IF NOT EXISTS inbox (
    update_id INTEGER PRIMARY KEY,
    received REAL NOT NULL,
    payload TEXT,                           -- the update as JSON; NULL once handled
    done INTEGER NOT NULL DEFAULT 0,
    attempts INTEGER NOT NULL DEFAULT 0     -- start-ups that found it unhandled
);
CREATE INDEX IF NOT EXISTS inbox_pending ON inbox (done, update_id);
CREATE TABLE IF NOT EXISTS replies (
    chat_id INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    reply_id INTEGER NOT NULL,
    at REAL NOT NULL,
    PRIMARY KEY (chat_id, message_id)
);
CREATE TABLE IF NOT EXISTS greeted (
    chat_id INTEGER PRIMARY KEY
);
""")


@dataclass(frozen=True)
class PendingUpdate:
    """An update that was received but not handled to the end."""

    update_id: int
    received: float
    payload: str
    attempts: int


class BotStore:
    """Group settings and remembered questions, in one SQLite file (or ':memory:')."""

    def __init__(self, path: Path | str, max_questions: int = MAX_QUESTIONS) -> None:
        self.path = path
        self.max_questions = max_questions
        # Handlers run on the event loop thread; the lock makes other threads safe too.
        self._lock = threading.Lock()
        self._db = open_database(path, MIGRATIONS, check_same_thread=False)
        self._writes = 0

    @classmethod
    def in_directory(cls, directory: Path) -> BotStore:
        """The store file in a data directory, created if needed."""
        return cls(Path(directory) / STORE_FILE)

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()

    def answers_questions(self, chat_id: int) -> bool:
        """Whether the group wants every message ending with '?' answered (default no)."""
        with self._lock:
            row = self._db.execute("SELECT answer_questions FROM chat_settings WHERE chat_id = ?",
                                   (chat_id,)).fetchone()
        return bool(row and row[0])

    def set_answers_questions(self, chat_id: int, value: bool) -> None:
        """Store a group's choice."""
        with self._lock:
            self._db.execute(
                "INSERT INTO chat_settings (chat_id, answer_questions) VALUES (?, ?) "
                "ON CONFLICT(chat_id) DO UPDATE SET answer_questions = excluded.answer_questions",
                (chat_id, int(value)),
            )

    def move_chat(self, old_id: int, new_id: int) -> None:
        """A group became a supergroup: its settings and state follow it to the new id."""
        with self._lock, transaction(self._db):
            for table in ("chat_settings", "greeted"):
                self._db.execute(f"UPDATE OR IGNORE {table} SET chat_id = ? WHERE chat_id = ?",
                                 (new_id, old_id))
                self._db.execute(f"DELETE FROM {table} WHERE chat_id = ?", (old_id,))

    def mark_greeted(self, chat_id: int, greeted: bool = True) -> bool:
        """Note whether the bot said hello in a chat; True if that changed anything."""
        with self._lock:
            if greeted:
                sql = "INSERT OR IGNORE INTO greeted (chat_id) VALUES (?)"
            else:
                sql = "DELETE FROM greeted WHERE chat_id = ?"
            return self._db.execute(sql, (chat_id,)).rowcount > 0

    # -- the inbox: updates from their arrival until they are handled --

    def record_update(self, update_id: int, payload: str, received: float | None = None) -> bool:
        """Keep an update as it arrives; False if it was seen before (handled or pending)."""
        with self._lock:
            added = self._db.execute(
                "INSERT OR IGNORE INTO inbox (update_id, received, payload) VALUES (?, ?, ?)",
                (update_id, time.time() if received is None else received, payload)).rowcount
            self._writes += 1
            if self._writes % 1000 == 0:
                self._prune_inbox()
        return added > 0

    def finish_update(self, update_id: int) -> None:
        """Mark an update handled (its reply sent, or nothing to reply)."""
        with self._lock:
            self._db.execute("UPDATE inbox SET done = 1, payload = NULL WHERE update_id = ?",
                             (update_id,))

    def pending_updates(self) -> list[PendingUpdate]:
        """Updates received but not handled, oldest first; each call counts an attempt."""
        with self._lock:
            self._db.execute("UPDATE inbox SET attempts = attempts + 1 WHERE done = 0")
            rows = self._db.execute(
                "SELECT update_id, received, payload, attempts FROM inbox WHERE done = 0 "
                "ORDER BY update_id").fetchall()
            self._prune_inbox()
        return [PendingUpdate(int(u), float(r), str(p or ""), int(a)) for u, r, p, a in rows]

    def _prune_inbox(self) -> None:
        cutoff = time.time() - INBOX_KEEP_SECONDS
        self._db.execute("DELETE FROM inbox WHERE done = 1 AND received < ?", (cutoff,))
        self._db.execute("DELETE FROM replies WHERE at < ?", (time.time() - REPLIES_KEEP_SECONDS,))

    # -- replies: which bot message answered which message --

    def remember_reply(self, chat_id: int, message_id: int, reply_id: int) -> None:
        """Note that the bot's message `reply_id` answers `message_id` in a chat."""
        with self._lock:
            self._db.execute(
                "INSERT INTO replies (chat_id, message_id, reply_id, at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(chat_id, message_id) DO UPDATE SET reply_id = excluded.reply_id, "
                "at = excluded.at", (chat_id, message_id, reply_id, time.time()))

    def reply_to(self, chat_id: int, message_id: int) -> int | None:
        """The bot's message that answered a message, if it is known."""
        with self._lock:
            row = self._db.execute("SELECT reply_id FROM replies WHERE chat_id = ? AND "
                                   "message_id = ?", (chat_id, message_id)).fetchone()
        return int(row[0]) if row else None

    def remember_question(self, question: str) -> int:
        """A short number for a question (the same one for the same question)."""
        now = time.time()
        with self._lock:
            self._db.execute(
                "INSERT INTO questions (question, used) VALUES (?, ?) "
                "ON CONFLICT(question) DO UPDATE SET used = excluded.used",
                (question, now),
            )
            (number,) = self._db.execute("SELECT id FROM questions WHERE question = ?",
                                         (question,)).fetchone()
            self._writes += 1
            if self._writes % 1000 == 0:
                self._prune()
        return int(number)

    def question(self, number: int) -> str | None:
        """The question remembered under a number, or None if it is unknown or was pruned."""
        with self._lock:
            row = self._db.execute("SELECT question FROM questions WHERE id = ?",
                                   (number,)).fetchone()
        return row[0] if row else None

    def prune(self) -> None:
        """Forget the least recently used questions beyond max_questions."""
        with self._lock:
            self._prune()

    def _prune(self) -> None:
        deleted = self._db.execute(
            "DELETE FROM questions WHERE id IN (SELECT id FROM questions ORDER BY used DESC "
            "LIMIT -1 OFFSET ?)", (self.max_questions,)).rowcount
        if deleted:
            logger.info("forgot %d old questions", deleted)

    # --- conversations (follow-up questions) --------------------------------------------------

    def conversation(self, key: str, idle: float, now: float | None = None) -> str | None:
        """A conversation's stored turns (JSON), or None if there is none or it has been idle
        longer than `idle` seconds (then it is forgotten)."""
        now = time.time() if now is None else now
        with self._lock:
            row = self._db.execute("SELECT turns, updated FROM conversations WHERE key = ?",
                                   (key,)).fetchone()
            if row is None:
                return None
            if now - row[1] > idle:
                self._db.execute("DELETE FROM conversations WHERE key = ?", (key,))
                return None
        return str(row[0])

    def save_conversation(self, key: str, turns: str, now: float | None = None) -> None:
        """Store a conversation's turns (JSON), stamped with the time."""
        now = time.time() if now is None else now
        with self._lock:
            self._db.execute(
                "INSERT INTO conversations (key, turns, updated) VALUES (?, ?, ?) "
                "ON CONFLICT(key) DO UPDATE SET turns = excluded.turns, "
                "updated = excluded.updated", (key, turns, now))
            self._writes += 1
            if self._writes % 1000 == 0:
                self._prune_conversations(now)

    def forget_conversation(self, key: str) -> None:
        """Start a conversation afresh (/new)."""
        with self._lock:
            self._db.execute("DELETE FROM conversations WHERE key = ?", (key,))

    def link_message(self, chat_id: int, message_id: int, key: str) -> None:
        """Remember which conversation a message of the bot answered in (group reply threads)."""
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO conversation_messages (chat_id, message_id, key) "
                "VALUES (?, ?, ?)", (chat_id, message_id, key))

    def message_conversation(self, chat_id: int, message_id: int) -> str | None:
        """The conversation a message of the bot answered in, if known."""
        with self._lock:
            row = self._db.execute(
                "SELECT key FROM conversation_messages WHERE chat_id = ? AND message_id = ?",
                (chat_id, message_id)).fetchone()
        return str(row[0]) if row else None

    def _prune_conversations(self, now: float, keep: float = 86400.0) -> None:
        """Forget conversations idle for a day, and the message links beyond the newest 100k."""
        self._db.execute("DELETE FROM conversations WHERE updated < ?", (now - keep,))
        self._db.execute(
            "DELETE FROM conversation_messages WHERE rowid IN (SELECT rowid FROM "
            "conversation_messages ORDER BY rowid DESC LIMIT -1 OFFSET ?)", (self.max_questions,))
