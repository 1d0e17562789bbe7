"""End to end, issue 10 item 6: with "?" answering on, a group gets only sure answers.

Casual chat that ends with "?" meets some word of the articles ("raining" a weather forecast);
the bot, not asked, quotes only when the answer decision is confident (Answer.confident), and
asked (/ask, a mention) it answers as anywhere else.
"""

from __future__ import annotations

from pathlib import Path

from bot.chat.store import BotStore
from bot.search.answer import answer_question
from bot.search.index import load_index
from tests.helpers.bot_harness import bot_settings, running_bot
from tests.helpers.fake_bot_api import BOT_USERNAME, FakeBotAPI, group_chat, user

BOB = user(502, "Bob")
GROUP = group_chat()
QUESTION = "where did the chipmaker open a plant?"
CASUAL = ["what time is it?", "did you feed the cat?", "anyone up for lunch?",
          "how was the game?", "is it raining?", "lol did you see that?"]


def test_only_confident_answers_count_as_sure(mini_corpus: Path) -> None:
    _, index = load_index(mini_corpus)
    assert answer_question(index, QUESTION).confident
    for text in CASUAL:
        assert not answer_question(index, text).confident, text


async def test_casual_group_questions_get_nothing(fake_api: FakeBotAPI,
                                                  mini_corpus: Path) -> None:
    settings = bot_settings(fake_api, mini_corpus)
    store = BotStore.in_directory(settings.data_dir)
    store.set_answers_questions(GROUP["id"], True)
    store.close()
    async with running_bot(settings):
        casual = [fake_api.send_text(text, GROUP, BOB) for text in CASUAL]
        sure = fake_api.send_text(QUESTION, GROUP, BOB)
        [reply] = await fake_api.replies_to(sure)
        asked = fake_api.send_text(f"@{BOT_USERNAME} is it raining?", GROUP, BOB)
        [asked_reply] = await fake_api.replies_to(asked)
    assert "<blockquote>" in reply.params["text"]
    replied = {str((c.params.get("reply_parameters") or {}).get("message_id"))
               for c in fake_api.calls_to("sendMessage")}
    assert not replied & {str(m["message_id"]) for m in casual}
    assert asked_reply.params["text"]  # asked by name, it answers (or says it can't)
