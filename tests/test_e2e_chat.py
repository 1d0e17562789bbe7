"""End to end, issue 11: the throttle counts what it answers, anonymous admins, guest calls,
captions, edited questions and the hello in a new group."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from bot.chat.store import BotStore
from bot.messages import SLOW_DOWN
from tests.helpers.bot_harness import bot_settings, running_bot
from tests.helpers.fake_bot_api import BOT_USERNAME, FakeBotAPI, group_chat, private_chat, user

ANN = user(501, "Ann")
BOB = user(502, "Bob")
GROUP = group_chat()
ANONYMOUS_ADMIN = {"id": 1087968824, "is_bot": True, "first_name": "Group",
                   "username": "GroupAnonymousBot"}
QUESTION = "where did the chipmaker open a plant?"


def replied_to(fake: FakeBotAPI) -> list[str]:
    return [str((c.params.get("reply_parameters") or {}).get("message_id"))
            for c in fake.calls_to("sendMessage")]


async def test_unanswered_question_marks_use_no_quota(
        fake_api: FakeBotAPI, mini_corpus: Path) -> None:
    settings = bot_settings(fake_api, mini_corpus)
    store = BotStore.in_directory(settings.data_dir)
    store.set_answers_questions(GROUP["id"], True)
    store.close()
    async with running_bot(settings) as application:
        burst = application.bot_data.throttle.burst
        chatter = [fake_api.send_text(f"lunch at noon number {n}, anyone?", GROUP, BOB)
                   for n in range(burst + 3)]
        asked = fake_api.send_text(f"/ask {QUESTION}", GROUP, BOB)
        [reply] = await fake_api.replies_to(asked)
    assert "<blockquote>" in reply.params["text"]
    assert not set(replied_to(fake_api)) & {str(m["message_id"]) for m in chatter}


async def test_anonymous_admins_have_a_quota_per_group(
        fake_api: FakeBotAPI, mini_corpus: Path) -> None:
    other = group_chat(-100555, "Other newsroom")

    def as_group(text: str, chat: dict[str, Any]) -> dict[str, Any]:
        message = fake_api.new_message(text, chat, ANONYMOUS_ADMIN)
        message["sender_chat"] = chat
        fake_api.add_update(message=message)
        return message

    async with running_bot(bot_settings(fake_api, mini_corpus)) as application:
        burst = application.bot_data.throttle.burst
        for _ in range(burst + 1):
            as_group(f"@{BOT_USERNAME} comet", GROUP)
        await fake_api.wait_for("sendMessage", count=burst + 1)
        elsewhere = as_group(f"@{BOT_USERNAME} comet", other)
        [reply] = await fake_api.replies_to(elsewhere)
    assert "<blockquote>" in reply.params["text"]
    assert [c.params["text"] for c in fake_api.sent_to(GROUP["id"])].count(SLOW_DOWN) == 1


async def test_a_throttled_guest_call_is_left_unanswered_not_told_to_slow_down(
        fake_api: FakeBotAPI, mini_corpus: Path) -> None:
    stranger_group = group_chat(-100999, "Not a member here")
    async with running_bot(bot_settings(fake_api, mini_corpus)) as application:
        burst = application.bot_data.throttle.burst
        for n in range(burst + 2):
            asked = fake_api.new_message(f"@{BOT_USERNAME} comet", stranger_group, ANN)
            fake_api.add_update(guest_message={**asked, "guest_query_id": f"gq-{n}"})
        await fake_api.wait_for("answerGuestQuery", count=burst)
        last = fake_api.send_text("comet", private_chat(BOB["id"]), BOB)
        await fake_api.replies_to(last)
    answers = fake_api.calls_to("answerGuestQuery")
    assert len(answers) == burst
    assert all("<blockquote>" in c.params["result"]["input_message_content"]["message_text"]
               for c in answers)


async def test_photo_captions_are_questions(fake_api: FakeBotAPI, mini_corpus: Path) -> None:
    async with running_bot(bot_settings(fake_api, mini_corpus)):
        private = fake_api.send_photo(QUESTION, private_chat(ANN["id"]), ANN)
        in_group = fake_api.send_photo(f"@{BOT_USERNAME} {QUESTION}", GROUP, BOB)
        ignored = fake_api.send_photo("our lunch today", GROUP, BOB)
        [private_reply] = await fake_api.replies_to(private)
        [group_reply] = await fake_api.replies_to(in_group)
    assert "<blockquote>" in private_reply.params["text"]
    assert "<blockquote>" in group_reply.params["text"]
    assert str(ignored["message_id"]) not in replied_to(fake_api)


async def test_an_edited_question_edits_the_reply_even_after_a_restart(
        fake_api: FakeBotAPI, mini_corpus: Path) -> None:
    settings = bot_settings(fake_api, mini_corpus)
    chat = private_chat(ANN["id"])
    async with running_bot(settings):
        asked = fake_api.send_text("what is the capital of france?", chat, ANN)
        [first] = await fake_api.replies_to(asked)
        fake_api.edit_text(asked, "comet")
        [edit] = await fake_api.wait_for("editMessageText")
    assert "<blockquote>" not in first.params["text"]
    assert str(edit.params["message_id"]) == str(first.result["message_id"])
    assert "<blockquote>" in edit.params["text"] and "comet" in edit.params["text"].lower()

    async with running_bot(settings):
        fake_api.edit_text(asked, QUESTION)
        calls = await fake_api.wait_for("editMessageText", count=2)
    assert str(calls[1].params["message_id"]) == str(first.result["message_id"])
    assert len(fake_api.calls_to("sendMessage")) == 1  # one reply, edited twice


async def test_an_edited_group_question_edits_the_reply(
        fake_api: FakeBotAPI, mini_corpus: Path) -> None:
    async with running_bot(bot_settings(fake_api, mini_corpus)):
        asked = fake_api.send_text(f"/ask@{BOT_USERNAME} comit", GROUP, ANN)
        [first] = await fake_api.replies_to(asked)
        fake_api.edit_text(asked, f"/ask@{BOT_USERNAME} {QUESTION}")
        [edit] = await fake_api.wait_for("editMessageText")
    assert str(edit.params["message_id"]) == str(first.result["message_id"])
    assert "<blockquote>" in edit.params["text"]
    assert len(fake_api.sent_to(GROUP["id"])) == 1


async def test_one_short_hello_when_added_to_a_group(
        fake_api: FakeBotAPI, mini_corpus: Path) -> None:
    async with running_bot(bot_settings(fake_api, mini_corpus)):
        fake_api.membership(GROUP, ANN, "left", "member")
        fake_api.membership(GROUP, ANN, "member", "administrator")  # promoted: no second hello
        await fake_api.wait_for("sendMessage")
        fake_api.membership(GROUP, ANN, "administrator", "left")
        fake_api.membership(GROUP, ANN, "left", "member")  # added again: hello again
        await fake_api.wait_for("sendMessage", count=2)
        fake_api.membership(private_chat(ANN["id"]), ANN, "kicked", "member")  # not a group
        last = fake_api.send_text(f"@{BOT_USERNAME} comet", GROUP, BOB)
        await fake_api.replies_to(last)
        await asyncio.sleep(0.2)
    hellos = [c for c in fake_api.calls_to("sendMessage") if c.params["text"].startswith("Hello")]
    assert len(hellos) == 2
    assert all(str(c.params["chat_id"]) == str(GROUP["id"]) for c in hellos)
    assert f"/ask@{BOT_USERNAME}" in hellos[0].params["text"]
    assert len(hellos[0].params["text"]) < 200
