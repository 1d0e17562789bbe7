"""End to end: the real PTB Application against the fake Bot API on 127.0.0.1."""

from __future__ import annotations

import asyncio
import html
import json
import os
import shutil
import signal
import sys
from pathlib import Path

import pytest

from bot.chat import handlers
from bot.chat.html import quote_body_html
from bot.messages import APOLOGY
from bot.search.answer import answer_question
from bot.search.library import Library
from tests.helpers.bot_harness import bot_settings, running_bot
from tests.helpers.fake_bot_api import BOT_ID, BOT_USERNAME, FakeBotAPI, group_chat, private_chat, user
from tests.helpers.logs import collect_stderr

ANN = user(501, "Ann")
BOB = user(502, "Bob")
GROUP = group_chat()


def expected_first_quote(library: Library, question: str):
    """The core's own best quote for a question (what the bot must send)."""
    answer = answer_question(library.current.index, question)
    assert answer.answered, question
    return answer.quotes[0]


async def test_private_question_is_answered_with_a_blockquote_and_links(
        fake_api: FakeBotAPI, seed_corpus: Path) -> None:
    question = "when did the withdrawal start?"
    library = Library(seed_corpus)
    quote = expected_first_quote(library, question)
    async with running_bot(bot_settings(fake_api, seed_corpus), library):
        asked = fake_api.send_text(question, private_chat(ANN["id"]), ANN)
        [reply] = await fake_api.replies_to(asked)
    text = reply.params["text"]
    assert reply.params["parse_mode"] == "HTML"
    assert reply.params["link_preview_options"] == {"is_disabled": True}
    assert f"<blockquote>{quote_body_html(quote)}</blockquote>" in text
    assert "withdraw" in quote.text  # the lede: "have begun withdrawing"
    for source in quote.sources:
        assert f'<a href="{html.escape(source.url)}">' in text
    assert "insiderpaper.com" in text


async def test_start_help_and_sources(fake_api: FakeBotAPI, mini_corpus: Path) -> None:
    library = Library(mini_corpus)
    chat = private_chat(ANN["id"])
    async with running_bot(bot_settings(fake_api, mini_corpus), library):
        start = fake_api.send_text("/start", chat, ANN)
        help_ = fake_api.send_text("/help", chat, ANN)
        sources = fake_api.send_text("/sources", chat, ANN)
        [start_reply] = await fake_api.replies_to(start)
        [help_reply] = await fake_api.replies_to(help_)
        [sources_reply] = await fake_api.replies_to(sources)
    assert start_reply.params["text"].startswith("Hello!")
    assert f"@{BOT_USERNAME}" in help_reply.params["text"]
    assert "/sources" in help_reply.params["text"]
    listed = sources_reply.params["text"]
    for article in library.current.corpus.articles:
        assert f'<a href="{html.escape(article.url)}">{html.escape(article.title)}</a>' in listed


async def test_commands_menus_are_registered_per_scope(
        fake_api: FakeBotAPI, mini_corpus: Path) -> None:
    async with running_bot(bot_settings(fake_api, mini_corpus)):
        calls = await fake_api.wait_for("setMyCommands", count=3)
    by_scope = {(c.params.get("scope") or {}).get("type", "default"):
                [cmd["command"] for cmd in c.params["commands"]] for c in calls}
    assert "ask" in by_scope["all_group_chats"]
    assert "sources" in by_scope["all_private_chats"]
    assert by_scope["default"] == by_scope["all_private_chats"]


async def test_group_ask_command_with_bot_name(fake_api: FakeBotAPI, mini_corpus: Path) -> None:
    library = Library(mini_corpus)
    question = "where did the chipmaker open a plant?"
    quote = expected_first_quote(library, question)
    async with running_bot(bot_settings(fake_api, mini_corpus), library):
        asked = fake_api.send_text(f"/ask@{BOT_USERNAME} {question}", GROUP, ANN)
        bare = fake_api.send_text("/ask", GROUP, BOB)
        [reply] = await fake_api.replies_to(asked)
        [usage] = await fake_api.replies_to(bare)
    assert quote_body_html(quote) in reply.params["text"]
    assert "<blockquote>" in reply.params["text"]
    assert "Ask me like this" in usage.params["text"]


async def test_group_mention_is_answered_without_the_mention(
        fake_api: FakeBotAPI, mini_corpus: Path) -> None:
    library = Library(mini_corpus)
    question = "where did the chipmaker open a plant?"
    quote = expected_first_quote(library, question)
    async with running_bot(bot_settings(fake_api, mini_corpus), library):
        asked = fake_api.send_text(f"@{BOT_USERNAME}, {question}", GROUP, ANN)
        [reply] = await fake_api.replies_to(asked)
    assert f"<blockquote>{quote_body_html(quote)}</blockquote>" in reply.params["text"]


async def test_group_chatter_is_ignored(fake_api: FakeBotAPI, mini_corpus: Path) -> None:
    async with running_bot(bot_settings(fake_api, mini_corpus)):
        chatter = [
            fake_api.send_text("where did the chipmaker open a plant?", GROUP, ANN),
            fake_api.send_text("lunch at noon, anyone?", GROUP, BOB),
            fake_api.send_text("/ask@SomeOtherBot who won the final?", GROUP, BOB),
            fake_api.send_text("@SomeOtherBot who won the final?", GROUP, ANN),
        ]
        # A mention sent after the chatter; when the bot has stopped, all were processed.
        last = fake_api.send_text(f"@{BOT_USERNAME} who won the final?", GROUP, ANN)
        await fake_api.replies_to(last)
    answered = {str((c.params.get("reply_parameters") or {}).get("message_id"))
                for c in fake_api.calls_to("sendMessage")}
    assert answered == {str(last["message_id"])}
    assert all(str(m["message_id"]) not in answered for m in chatter)


async def test_reply_to_the_bot_in_a_group_is_answered(
        fake_api: FakeBotAPI, mini_corpus: Path) -> None:
    library = Library(mini_corpus)
    question = "how many container movements a day did the strike halt?"
    quote = expected_first_quote(library, question)
    async with running_bot(bot_settings(fake_api, mini_corpus), library):
        first = fake_api.send_text("/ask where did the chipmaker open a plant?", GROUP, ANN)
        [bot_reply] = await fake_api.replies_to(first)
        bot_message = bot_reply.result
        follow_up = fake_api.send_text(question, GROUP, BOB, reply_to=bot_message)
        # A reply to someone else (not the bot) is chatter.
        other = fake_api.send_text(question, GROUP, ANN, reply_to=follow_up)
        last = fake_api.send_text(f"@{BOT_USERNAME} thanks", GROUP, ANN)
        [reply] = await fake_api.replies_to(follow_up)
        await fake_api.replies_to(last)
    assert quote_body_html(quote) in reply.params["text"]
    replied_to = [str((c.params.get("reply_parameters") or {}).get("message_id"))
                  for c in fake_api.calls_to("sendMessage")]
    assert str(other["message_id"]) not in replied_to


async def test_article_html_is_escaped(fake_api: FakeBotAPI, mini_corpus: Path) -> None:
    (mini_corpus / "2024-03-07-web-desk-script.md").write_text(
        "---\n"
        "title: Browsers & <script> tags\n"
        "url: https://webdesk.example.com/a?x=1&y=<2>\n"
        "source: Web Desk <b>\n"
        "published: 2024-03-07\n"
        "---\n"
        "The zebracorn exploit hid a <script>alert(1)</script> tag & an unclosed <b in "
        "ordinary pages.\n\nOther text follows here.\n",
        encoding="utf-8",
    )
    library = Library(mini_corpus)
    assert not library.current.corpus.problems
    async with running_bot(bot_settings(fake_api, mini_corpus), library):
        asked = fake_api.send_text("what did the zebracorn exploit hide?", private_chat(7), ANN)
        [reply] = await fake_api.replies_to(asked)
    text = reply.params["text"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; tag &amp; an unclosed &lt;b" in text
    assert "<script>" not in text
    assert "Web Desk &lt;b&gt;" in text
    # The fake checked it as Telegram does and stored the parsed text: the reader sees the tag.
    shown = [m["text"] for m in fake_api.messages.values() if m["from"]["id"] == BOT_ID]
    assert any("<script>alert(1)</script> tag & an unclosed <b" in t for t in shown)


async def test_handler_error_gets_an_apology_and_the_bot_keeps_going(
        fake_api: FakeBotAPI, mini_corpus: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    real = handlers.answer_page

    def failing(index, question, start=0, size=3, context=None, hint=None):
        if "explode" in question:
            raise RuntimeError("boom in the index")
        return real(index, question, start, size, context, hint)

    monkeypatch.setattr(handlers, "answer_page", failing)
    chat = private_chat(ANN["id"])
    async with running_bot(bot_settings(fake_api, mini_corpus)):
        broken = fake_api.send_text("please explode", chat, ANN)
        [apology] = await fake_api.replies_to(broken)
        fine = fake_api.send_text("where did the chipmaker open a plant?", chat, ANN)
        [answer] = await fake_api.replies_to(fine)
    assert apology.params["text"] == APOLOGY
    assert "<blockquote>" in answer.params["text"]
    assert any(r.exc_info and "boom in the index" in str(r.exc_info[1]) for r in caplog.records)


async def test_telegram_refusing_a_reply_is_logged_and_apologised_for(
        fake_api: FakeBotAPI, mini_corpus: Path) -> None:
    fake_api.fail_next("sendMessage", 400, "Bad Request: can't parse entities: test")
    chat = private_chat(ANN["id"])
    async with running_bot(bot_settings(fake_api, mini_corpus)):
        asked = fake_api.send_text("where did the chipmaker open a plant?", chat, ANN)
        [apology] = await fake_api.replies_to(asked)
    assert apology.params["text"] == APOLOGY


async def test_every_sent_text_is_valid_and_within_the_limit(
        fake_api: FakeBotAPI, tmp_path: Path) -> None:
    corpus = tmp_path / "long"
    shutil.copytree(Path(__file__).parent / "data" / "mini_corpus", corpus)
    sentence = "The zebracorn council & its <committee> met again on the harbour budget"
    body = ", ".join([sentence] * 80) + ".\n"  # one sentence far over 4096 characters
    (corpus / "2024-03-08-long-read.md").write_text(
        "---\ntitle: A very long sentence\nurl: https://long.example.com/x\nsource: Long Read\n"
        f"published: 2024-03-08\n---\n{body}", encoding="utf-8")
    async with running_bot(bot_settings(fake_api, corpus, top=10)):
        asked = fake_api.send_text("zebracorn council committee", private_chat(9), ANN)
        [reply] = await fake_api.replies_to(asked)
    assert len(reply.params["text"].encode("utf-16-le")) // 2 <= 4096
    assert reply.params["text"].count("<blockquote expandable>") == 1  # a long quote collapses
    assert not [c for c in fake_api.calls if c.error and c.method != "getUpdates"]


def test_fake_api_params_decode_nested_json() -> None:
    from tests.helpers.fake_bot_api import decode_params

    body = "chat_id=7&reply_markup=" + json.dumps({"inline_keyboard": []})
    params = decode_params(body.encode(), "application/x-www-form-urlencoded")
    assert params == {"chat_id": "7", "reply_markup": {"inline_keyboard": []}}


async def test_newsbot_run_polls_answers_and_stops_on_sigterm(
        fake_api: FakeBotAPI, mini_corpus: Path) -> None:
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": fake_api.token,
           "TELEGRAM_BASE_URL": fake_api.base_url, "NEWSBOT_CORPUS": str(mini_corpus)}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        asked = fake_api.send_text("where did the chipmaker open a plant?", private_chat(11), ANN)
        [reply] = await fake_api.replies_to(asked, timeout=30)
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
        collect_stderr(stderr)
    assert process.returncode == 0, stderr.decode()
    assert "<blockquote>" in reply.params["text"]
    assert fake_api.token not in stderr.decode()  # httpx request URLs are not logged
