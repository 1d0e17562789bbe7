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


def test_conversations_survive_a_reopen_and_expire(tmp_path) -> None:
    from bot.chat.store import BotStore

    store = BotStore.in_directory(tmp_path)
    store.save_conversation("chat:1", '[{"question": "q"}]', now=1000.0)
    store.close()
    store = BotStore.in_directory(tmp_path)  # a restart
    assert store.conversation("chat:1", idle=900, now=1500.0) == '[{"question": "q"}]'
    assert store.conversation("chat:2", idle=900, now=1500.0) is None
    assert store.conversation("chat:1", idle=900, now=2000.0) is None  # idle 1000 s > 900 s
    assert store.conversation("chat:1", idle=900, now=1500.0) is None  # and forgotten
    store.save_conversation("chat:1", "[]", now=3000.0)
    store.forget_conversation("chat:1")
    assert store.conversation("chat:1", idle=900, now=3000.0) is None
    store.close()


def test_bot_messages_are_linked_to_their_conversation(tmp_path) -> None:
    from bot.chat.store import BotStore

    store = BotStore(tmp_path / "s.sqlite3")
    store.link_message(-100, 7, "chat:-100:message:5")
    assert store.message_conversation(-100, 7) == "chat:-100:message:5"
    assert store.message_conversation(-100, 8) is None
    assert store.message_conversation(-101, 7) is None
    store.close()


def test_inbox_keeps_an_update_until_it_is_finished(tmp_path: Path) -> None:
    store = BotStore.in_directory(tmp_path)
    assert store.record_update(5, '{"update_id": 5}', received=1000.0)
    assert not store.record_update(5, '{"update_id": 5}')  # seen before: not again
    assert store.record_update(6, '{"update_id": 6}')
    store.finish_update(6)
    store.close()
    reopened = BotStore.in_directory(tmp_path)
    [pending] = reopened.pending_updates()
    assert (pending.update_id, pending.received, pending.attempts) == (5, 1000.0, 1)
    assert reopened.pending_updates()[0].attempts == 2  # each start-up counts
    reopened.finish_update(5)
    assert reopened.pending_updates() == []
    assert not reopened.record_update(6, "{}")  # handled ones are still recognised


def test_a_group_upgraded_to_a_supergroup_keeps_its_settings(tmp_path: Path) -> None:
    store = BotStore.in_directory(tmp_path)
    store.set_answers_questions(-4001, True)
    assert store.mark_greeted(-4001)
    store.move_chat(-4001, -100777)
    assert store.answers_questions(-100777) and not store.answers_questions(-4001)
    assert not store.mark_greeted(-100777)  # the hello was said already
    store.move_chat(-4001, -100777)  # the second notice (migrate_from) changes nothing
    assert store.answers_questions(-100777)


def test_replies_are_remembered_per_chat(tmp_path: Path) -> None:
    store = BotStore.in_directory(tmp_path)
    store.remember_reply(-100, 7, 70)
    store.remember_reply(-200, 7, 71)
    store.remember_reply(-100, 7, 72)
    assert store.reply_to(-100, 7) == 72 and store.reply_to(-200, 7) == 71
    assert store.reply_to(-100, 8) is None
