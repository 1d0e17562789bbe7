"""End to end, issue 11: a Bot API that fails, stalls or drops the connection; the inbox.

Timeouts are scaled down for speed: the bot gets NEWSBOT_API_TIMEOUT=2 s (the default is 20 s)
and the stall is 0.8 s, standing for an 8 s stall against the default.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bot.chat.inbox import MAX_REPLAYS
from bot.chat.store import BotStore
from bot.config import DEFAULT_API_TIMEOUT, load_settings
from bot.messages import APOLOGY, RESTARTED
from tests.helpers.bot_harness import bot_settings, running_bot
from tests.helpers.fake_bot_api import BOT_USERNAME, FakeBotAPI, group_chat, private_chat, user
from tests.test_e2e_features import buttons, edited

ANN = user(501, "Ann")
BOB = user(502, "Bob")
QUESTION = "where did the chipmaker open a plant?"
SCALE = 0.1  # test timeouts and stalls are a tenth of the real ones
API_TIMEOUT = DEFAULT_API_TIMEOUT * SCALE


def settings_for(fake: FakeBotAPI, corpus: Path, **overrides):
    return bot_settings(fake, corpus, api_timeout=API_TIMEOUT, **overrides)


async def ask_once(fake: FakeBotAPI, corpus: Path, chat_id: int = 601) -> list:
    """Ask one question in a private chat; every successful sendMessage to that chat."""
    async with running_bot(settings_for(fake, corpus)):
        asked = fake.send_text(QUESTION, private_chat(chat_id), ANN)
        await fake.replies_to(asked, timeout=15)
        # Time for a duplicate or an apology to show up, if one were coming.
        await _settle(fake)
    return fake.sent_to(chat_id)


async def _settle(fake: FakeBotAPI, seconds: float = 0.5) -> None:
    import asyncio

    await asyncio.sleep(seconds)


def test_the_default_timeout_waits_out_an_8_second_stall() -> None:
    assert load_settings(environ={}, env_file=None).api_timeout == DEFAULT_API_TIMEOUT
    assert DEFAULT_API_TIMEOUT >= 2 * 8


async def test_two_500s_on_send_message_give_one_message_the_answer(
        fake_api: FakeBotAPI, mini_corpus: Path) -> None:
    fake_api.fail_next("sendMessage", 500, "Internal Server Error")
    fake_api.fail_next("sendMessage", 500, "Internal Server Error")
    sent = await ask_once(fake_api, mini_corpus)
    assert len(sent) == 1
    assert "<blockquote>" in sent[0].params["text"]
    assert [bool(c.error) for c in fake_api.calls_to("sendMessage", ok_only=False)] == \
        [True, True, False]


async def test_a_dropped_connection_gives_one_message_the_answer(
        fake_api: FakeBotAPI, mini_corpus: Path) -> None:
    fake_api.drop_next("sendMessage")
    sent = await ask_once(fake_api, mini_corpus)
    assert len(sent) == 1
    assert "<blockquote>" in sent[0].params["text"]
    assert [c.error for c in fake_api.calls_to("sendMessage", ok_only=False)] == \
        ["connection dropped", None]


async def test_a_stalled_send_message_gives_one_message_the_answer(
        fake_api: FakeBotAPI, mini_corpus: Path) -> None:
    fake_api.stall_next("sendMessage", 8 * SCALE)
    started = time.monotonic()
    sent = await ask_once(fake_api, mini_corpus)
    assert len(sent) == 1
    assert "<blockquote>" in sent[0].params["text"]
    assert len(fake_api.calls_to("sendMessage", ok_only=False)) == 1  # waited, not retried
    assert time.monotonic() - started >= 8 * SCALE


async def test_an_answer_that_cannot_be_sent_at_all_gets_one_apology(
        fake_api: FakeBotAPI, mini_corpus: Path) -> None:
    for _ in range(4):  # every try of the answer fails; the apology then goes through
        fake_api.fail_next("sendMessage", 502, "Bad Gateway")
    sent = await ask_once(fake_api, mini_corpus)
    assert [c.params["text"] for c in sent] == [APOLOGY]


async def test_a_failing_answer_callback_query_brings_no_apology_toast(
        fake_api: FakeBotAPI, mini_corpus: Path) -> None:
    async with running_bot(settings_for(fake_api, mini_corpus, top=1)):
        asked = fake_api.send_text("comet", private_chat(ANN["id"]), ANN)
        [sent] = await fake_api.replies_to(asked)
        first = fake_api.message(sent)
        for _ in range(4):  # every try fails
            fake_api.fail_next("answerCallbackQuery", 500, "Internal Server Error")
        fake_api.press(buttons(first)["More ›"], ANN, first)
        more = await edited(fake_api, first)
        await _settle(fake_api, 1.0)
    assert "comet" in more.params["text"].lower()
    toasts = fake_api.calls_to("answerCallbackQuery")
    assert [c.params.get("text") for c in toasts] == []
    assert len(fake_api.calls_to("answerCallbackQuery", ok_only=False)) == 4


async def test_a_question_in_flight_to_a_group_that_became_a_supergroup_arrives_there(
        fake_api: FakeBotAPI, mini_corpus: Path) -> None:
    old = {"id": -4001, "type": "group", "title": "Newsroom"}
    new = group_chat(-100777, "Newsroom")
    settings = settings_for(fake_api, mini_corpus)
    store = BotStore.in_directory(settings.data_dir)
    store.set_answers_questions(old["id"], True)
    store.close()
    async with running_bot(settings) as application:
        fake_api.migrate(old["id"], new)
        fake_api.send_text(f"@{BOT_USERNAME} {QUESTION}", old, ANN)
        [reply] = await fake_api.wait_for("sendMessage")
        bot_store = application.bot_data.store
        assert bot_store.answers_questions(new["id"])
        assert not bot_store.answers_questions(old["id"])
    assert str(reply.params["chat_id"]) == str(new["id"])
    assert "<blockquote>" in reply.params["text"]
    assert "reply_parameters" not in reply.params


async def test_the_migration_message_moves_a_groups_settings(
        fake_api: FakeBotAPI, mini_corpus: Path) -> None:
    old = {"id": -4002, "type": "group", "title": "Newsroom"}
    new = group_chat(-100778, "Newsroom")
    settings = settings_for(fake_api, mini_corpus)
    store = BotStore.in_directory(settings.data_dir)
    store.set_answers_questions(old["id"], True)
    store.close()
    async with running_bot(settings):
        notice = fake_api.new_message("", old, ANN)
        del notice["text"]
        fake_api.add_update(message={**notice, "migrate_to_chat_id": new["id"]})
        asked = fake_api.send_text(f"{QUESTION}", new, BOB)  # "?" answering is on there now
        [reply] = await fake_api.replies_to(asked)
    assert "<blockquote>" in reply.params["text"]


# --- the inbox, in process: what start-up does with what a previous run left -----------------

def _leave_pending(fake: FakeBotAPI, state: Path, texts: list[tuple[str, dict, dict]],
                   age: float) -> list[dict]:
    """Write updates to the inbox as a killed run would have left them (received `age` ago)."""
    from telegram import Update

    store = BotStore.in_directory(state)
    messages = []
    for text, chat, sender in texts:
        message = fake.new_message(text, chat, sender)
        update_id = 9000 + len(messages)
        payload = Update.de_json({"update_id": update_id, "message": message}, None).to_json()
        assert store.record_update(update_id, payload, received=time.time() - age)
        fake.chats[chat["id"]] = chat
        messages.append(message)
    store.close()
    return messages


async def test_young_pending_updates_are_answered_once_after_a_restart(
        fake_api: FakeBotAPI, mini_corpus: Path) -> None:
    settings = settings_for(fake_api, mini_corpus)
    [pending] = _leave_pending(fake_api, settings.data_dir,
                               [(QUESTION, private_chat(ANN["id"]), ANN)], age=60)
    async with running_bot(settings):
        [reply] = await fake_api.replies_to(pending)
        await _settle(fake_api)
    assert "<blockquote>" in reply.params["text"]
    # The next start finds nothing to do.
    async with running_bot(settings):
        await _settle(fake_api)
    assert len(fake_api.calls_to("sendMessage")) == 1


async def test_old_pending_questions_get_a_sorry_but_group_chatter_does_not(
        fake_api: FakeBotAPI, mini_corpus: Path) -> None:
    settings = settings_for(fake_api, mini_corpus)
    group = group_chat()
    asked, chatter = _leave_pending(fake_api, settings.data_dir, [
        (QUESTION, private_chat(ANN["id"]), ANN),
        ("lunch at noon, anyone?", group, BOB),
    ], age=settings.replay_max_age + 60)
    async with running_bot(settings):
        [reply] = await fake_api.replies_to(asked)
        last = fake_api.send_text(f"@{BOT_USERNAME} {QUESTION}", group, BOB)
        await fake_api.replies_to(last)
    assert reply.params["text"] == RESTARTED
    assert fake_api.sent_to(group["id"]) and all(
        str(c.params["reply_parameters"]["message_id"]) == str(last["message_id"])
        for c in fake_api.sent_to(group["id"]))


async def test_old_pending_questions_are_dropped_when_so_set(
        fake_api: FakeBotAPI, mini_corpus: Path) -> None:
    settings = settings_for(fake_api, mini_corpus, replay_stale="drop")
    _leave_pending(fake_api, settings.data_dir, [(QUESTION, private_chat(ANN["id"]), ANN)],
                   age=settings.replay_max_age + 60)
    async with running_bot(settings):
        fresh = fake_api.send_text("comet", private_chat(BOB["id"]), BOB)
        await fake_api.replies_to(fresh)
    assert fake_api.sent_to(ANN["id"]) == []


async def test_an_update_that_crashed_two_starts_is_given_up(
        fake_api: FakeBotAPI, mini_corpus: Path) -> None:
    settings = settings_for(fake_api, mini_corpus)
    _leave_pending(fake_api, settings.data_dir, [(QUESTION, private_chat(ANN["id"]), ANN)],
                   age=10)
    store = BotStore.in_directory(settings.data_dir)
    for _ in range(MAX_REPLAYS):
        store.pending_updates()  # start-ups that died while handling it
    store.close()
    async with running_bot(settings):
        fresh = fake_api.send_text("comet", private_chat(BOB["id"]), BOB)
        await fake_api.replies_to(fresh)
    assert fake_api.sent_to(ANN["id"]) == []


async def test_an_update_telegram_sends_again_is_not_answered_twice(
        fake_api: FakeBotAPI, mini_corpus: Path) -> None:
    settings = settings_for(fake_api, mini_corpus)
    async with running_bot(settings):
        asked = fake_api.new_message(QUESTION, private_chat(ANN["id"]), ANN)
        update_id = fake_api.add_update(message=asked)
        await fake_api.replies_to(asked)
    # As if the confirmation had been lost: Telegram sends the same update again.
    async with running_bot(settings):
        fake_api.redeliver(update_id, message=asked)
        last = fake_api.send_text("comet", private_chat(ANN["id"]), ANN)
        await fake_api.replies_to(last)
    assert len(fake_api.sent_to(ANN["id"])) == 2  # the question once, "comet" once


@pytest.mark.parametrize("value", ["sometimes", "0"])
def test_bad_replay_settings_are_refused(value: str) -> None:
    from bot.errors import ConfigError

    name = "NEWSBOT_REPLAY_STALE" if value == "sometimes" else "NEWSBOT_API_TIMEOUT"
    with pytest.raises(ConfigError, match=name):
        load_settings(environ={name: value}, env_file=None)

