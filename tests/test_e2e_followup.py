"""End to end: follow-up questions in a private chat, a group reply thread and a forum topic,
through the real PTB Application and the fake Bot API; the state survives a restart and
expires."""

from __future__ import annotations

import asyncio
import html
from pathlib import Path

from bot.chat.throttle import Throttle
from bot.search.library import Library
from tests.helpers.bot_harness import bot_settings, running_bot
from tests.helpers.fake_bot_api import BOT_USERNAME, FakeBotAPI, group_chat, private_chat, user

ANN = user(601, "Ann")
BOB = user(602, "Bob")
GROUP = group_chat(-100700800, "Newsroom")


def first_quote(text: str) -> str:
    """The first quote of an answer in Telegram HTML, unescaped."""
    return html.unescape(text.split("<blockquote", 1)[1].split("</blockquote>", 1)[0])


def unthrottled(application) -> None:
    """Conversations here are quicker than the per-user limit allows (tested elsewhere)."""
    application.bot_data.throttle = Throttle(burst=100, per_second=100.0)


async def linked(app, sent: dict) -> dict:
    """The bot's answer, once its thread is stored (a person replies seconds later).

    Waits as long as the fake API waits for a reply (5 s): 2 s was a timing margin a loaded
    machine could eat."""
    for _ in range(250):
        if app.bot_data.store.message_conversation(sent["chat"]["id"], sent["message_id"]):
            return sent
        await asyncio.sleep(0.02)
    raise AssertionError("the answer was never linked to its conversation")


async def ask(fake: FakeBotAPI, text: str, chat, sender, reply_to=None) -> str:
    asked = fake.send_text(text, chat, sender, reply_to)
    [reply] = await fake.replies_to(asked)
    return reply.params["text"]


async def test_private_chat_follow_ups(fake_api: FakeBotAPI, seed_corpus: Path) -> None:
    chat = private_chat(ANN["id"])
    async with running_bot(bot_settings(fake_api, seed_corpus), Library(seed_corpus)) as app:
        unthrottled(app)
        await ask(fake_api, "when did the withdrawal start?", chat, ANN)
        confirmed = await ask(fake_api, "who confirmed it?", chat, ANN)
        off_topic = await ask(fake_api, "what is the capital of France?", chat, ANN)
        await ask(fake_api, "How many ethnic Armenians left?", chat, ANN)
        why = await ask(fake_api, "why?", chat, ANN)
        fresh = await ask(fake_api, "/new", chat, ANN)
        why_again = await ask(fake_api, "why?", chat, ANN)
    assert "Dmitry Peskov" in first_quote(confirmed)
    assert "<i>(about: Russian peacekeepers started withdrawal from Nagorno-Karabakh" in confirmed
    assert "after “when did the withdrawal start?”" in html.unescape(confirmed)
    assert html.unescape(off_topic).startswith("That's not in the articles I have")
    assert "fearing reprisals" in first_quote(why)
    assert "Starting afresh" in fresh
    assert "<blockquote" not in why_again and "fearing" not in why_again


async def test_group_reply_thread_and_forum_topic(fake_api: FakeBotAPI,
                                                  seed_corpus: Path) -> None:
    async with running_bot(bot_settings(fake_api, seed_corpus), Library(seed_corpus)) as app:
        unthrottled(app)
        asked = fake_api.send_text(f"/ask@{BOT_USERNAME} when did the withdrawal start?",
                                   GROUP, ANN)
        [answer] = await fake_api.replies_to(asked)
        # Bob replies to the bot's answer: the thread goes on.
        confirmed = await ask(fake_api, "who confirmed it?", GROUP, BOB,
                              reply_to=await linked(app, fake_api.message(answer)))
        # A new question in the group starts its own thread: "why?" alone leans on nothing.
        other = fake_api.send_text(f"@{BOT_USERNAME} How many ethnic Armenians left?", GROUP, BOB)
        [other_answer] = await fake_api.replies_to(other)
        thread = await linked(app, fake_api.message(other_answer))
        why = await ask(fake_api, "why?", GROUP, ANN, reply_to=thread)
        bare = await ask(fake_api, f"@{BOT_USERNAME} why?", GROUP, ANN)
        # A forum topic is one conversation.
        topic_chat = {**group_chat(-100900900, "Forum"), "is_forum": True}
        opening = fake_api.new_message(f"@{BOT_USERNAME} How many ethnic Armenians left?",
                                       topic_chat, ANN)
        opening.update(is_topic_message=True, message_thread_id=77)
        fake_api.add_update(message=opening)
        await fake_api.replies_to(opening)
        follow = fake_api.new_message(f"@{BOT_USERNAME} and why?", topic_chat, BOB)
        follow.update(is_topic_message=True, message_thread_id=77)
        fake_api.add_update(message=follow)
        [topic_why] = await fake_api.replies_to(follow)
    assert "Dmitry Peskov" in first_quote(confirmed)
    assert "fearing reprisals" in first_quote(why)
    assert "fearing" not in bare
    assert "fearing reprisals" in first_quote(topic_why.params["text"])


async def test_state_survives_a_restart_and_expires(fake_api: FakeBotAPI,
                                                    seed_corpus: Path) -> None:
    chat = private_chat(ANN["id"])
    library = Library(seed_corpus)
    settings = bot_settings(fake_api, seed_corpus, conversation_idle=1.5)
    async with running_bot(settings, library):
        await ask(fake_api, "How many ethnic Armenians left?", chat, ANN)
    async with running_bot(settings, library):  # a restart: same data directory
        why = await ask(fake_api, "why?", chat, ANN)
        await asyncio.sleep(1.6)  # longer than the idle time
        expired = await ask(fake_api, "why?", chat, ANN)
    assert "fearing reprisals" in first_quote(why)
    assert "fearing" not in expired and "<blockquote" not in expired


async def test_more_under_a_follow_up_keeps_its_context(fake_api: FakeBotAPI,
                                                        seed_corpus: Path) -> None:
    chat = private_chat(BOB["id"])
    async with running_bot(bot_settings(fake_api, seed_corpus, top=1),
                           Library(seed_corpus)) as app:
        unthrottled(app)
        await ask(fake_api, "How many ethnic Armenians left?", chat, BOB)
        asked = fake_api.send_text("why?", chat, BOB)
        [sent] = await fake_api.replies_to(asked)
        first = fake_api.message(sent)
        rows = first["reply_markup"]["inline_keyboard"]
        more = next(b["callback_data"] for row in rows for b in row if b["text"] == "More ›")
        query = fake_api.press(more, BOB, first)
        [edit] = await fake_api.wait_for("editMessageText")
        await fake_api.callback_answer(query)
    assert "fearing reprisals" in first_quote(sent.params["text"])
    page_two = edit.params["text"]
    # The second page is the follow-up's, with what it leaned on, not "ask me a question".
    assert "<blockquote" in page_two and "fearing reprisals" not in page_two
    assert "(about: Russian peacekeepers" in page_two


async def test_inline_lookups_stay_stateless(fake_api: FakeBotAPI, seed_corpus: Path) -> None:
    chat = private_chat(ANN["id"])
    async with running_bot(bot_settings(fake_api, seed_corpus), Library(seed_corpus)) as app:
        unthrottled(app)
        why = await ask(fake_api, "How many ethnic Armenians left?", chat, ANN)
        fake_api.add_update(inline_query={"id": "iq-why", "from": ANN, "query": "why?",
                                          "offset": ""})
        [call] = await fake_api.wait_for("answerInlineQuery")
    assert "fearing" in first_quote(why)
    # The same user's conversation does not reach inline mode: "why?" alone finds nothing.
    assert all("fearing" not in r["input_message_content"]["message_text"]
               for r in call.params["results"])


async def test_who_said_that_after_not_in_the_articles(fake_api: FakeBotAPI,
                                                       seed_corpus: Path) -> None:
    # "who said that?" after the honest no quoted a sentence with "said" in it, as if the
    # articles had answered; now the bot says there is no answer to point to. After an answer,
    # an unanswered question in between does not break the thread.
    chat = private_chat(BOB["id"])
    async with running_bot(bot_settings(fake_api, seed_corpus), Library(seed_corpus)) as app:
        unthrottled(app)
        refused = await ask(fake_api, "who won the 2002 world cup?", chat, BOB)
        said = await ask(fake_api, "who said that?", chat, BOB)
        await ask(fake_api, "when did the withdrawal start?", chat, BOB)
        await ask(fake_api, "what is the capital of France?", chat, BOB)
        confirmed = await ask(fake_api, "who confirmed it?", chat, BOB)
    assert html.unescape(refused).startswith("That's not in the articles I have")
    assert "<blockquote" not in said
    assert "“who won the 2002 world cup?”" in html.unescape(said)
    assert "ask the whole question" in said
    assert "Dmitry Peskov" in first_quote(confirmed)
