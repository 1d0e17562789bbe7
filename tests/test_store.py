"""BotStore: group settings and remembered questions survive reopening the file."""

from __future__ import annotations

from pathlib import Path

from bot.chat.store import STORE_FILE, BotStore


def test_group_setting_defaults_off_and_persists(tmp_path: Path) -> None:
    store = BotStore.in_directory(tmp_path / "state")
    assert store.answers_questions(-100) is False
    store.set_answers_questions(-100, True)
    store.set_answers_questions(-200, False)
    store.close()
    reopened = BotStore(tmp_path / "state" / STORE_FILE)
    assert reopened.answers_questions(-100) is True
    assert reopened.answers_questions(-200) is False
    reopened.set_answers_questions(-100, False)
    assert reopened.answers_questions(-100) is False


def test_questions_get_stable_numbers(tmp_path: Path) -> None:
    store = BotStore.in_directory(tmp_path)
    first = store.remember_question("when did the strike end?")
    second = store.remember_question("who won?")
    assert first != second
    assert store.remember_question("when did the strike end?") == first
    store.close()
    reopened = BotStore.in_directory(tmp_path)
    assert reopened.question(first) == "when did the strike end?"
    assert reopened.question(second) == "who won?"
    assert reopened.question(999) is None


def test_prune_forgets_the_least_recently_used(tmp_path: Path) -> None:
    store = BotStore(":memory:", max_questions=2)
    old = store.remember_question("old")
    kept = store.remember_question("kept")
    newest = store.remember_question("newest")
    store.remember_question("kept")  # used again: now more recent than "newest"
    store.prune()
    assert store.question(old) is None
    assert store.question(kept) == "kept" and store.question(newest) == "newest"
