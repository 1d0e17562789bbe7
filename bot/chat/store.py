"""The bot's small persistent state in SQLite: group preferences, questions behind buttons and
conversations (the last questions and what their answers quoted, for follow-up questions).

Telegram-free. One file (NEWSBOT_DATA_DIR/newsbot.sqlite3), every write committed at once, so a
restart keeps a group's choice and a "More" button pressed days later still finds its question.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from bot.common.sqlite import open_database

logger = logging.getLogger(__name__)

STORE_FILE = "newsbot.sqlite3"
# Questions kept for answer buttons; the oldest go first (their buttons then say "ask again").
MAX_QUESTIONS = 100_000

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
""")


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
