"""The bot speaks the user's language: catalogues, per-update choice, dates, end to end."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from bot import messages
from bot.common import i18n
from bot.common.i18n import available, language, reply_language
from bot.corpus import Article, write_article
from bot.search.answer import format_date
from bot.search.library import Library
from tests.helpers.bot_harness import bot_settings, running_bot
from tests.helpers.fake_bot_api import FakeBotAPI, private_chat, user
from tests.test_languages import EN, RU

TRANSLATED = ("ru", "es", "de", "ar", "hi")


def msgids() -> set[str]:
    """Every text of bot/messages.py that goes through the catalogues."""
    found = {m[1] for m in extract_from_file("python", messages.__file__, keywords={"_": None})}
    return found | set(messages._TRANSLATED.values())


def test_every_required_language_has_a_catalogue() -> None:
    assert set(TRANSLATED) <= set(available())
    assert reply_language("ru-RU") == "ru" and reply_language("pt-br") == "en"
    assert reply_language(None) == "en"


@pytest.mark.parametrize("code", TRANSLATED)
def test_a_catalogue_translates_every_text_with_the_same_placeholders(code: str) -> None:
    with (i18n.LOCALES / f"{code}.po").open("rb") as handle:
        catalog = read_po(handle, locale=code)
    translated = {m.id: m.string for m in catalog if m.id}
    assert msgids() <= set(translated), sorted(msgids() - set(translated))[:3]
    for msgid, msgstr in translated.items():
        assert msgstr and msgstr != msgid or msgid in ("Context {number}",), (code, msgid)
        assert set(re.findall(r"\{\w+\}", msgid)) == set(re.findall(r"\{\w+\}", msgstr))
        for tag in ("<b>", "</b>", "<i>", "</i>"):
            assert msgid.count(tag) == msgstr.count(tag), (code, msgid)


def test_texts_and_dates_follow_the_reply_language() -> None:
    english = messages.help_html("newsbot", group=False)
    with language("ru"):
        assert messages.SLOW_DOWN.startswith("Вы спрашиваете быстрее")
        assert messages.help_html("newsbot", group=False).startswith("Я отвечаю на вопросы")
        assert messages.answer_not_found("").startswith("В моих статьях этого нет.")
        assert messages.button_context(2) == "Контекст 2"
        assert format_date("2024-05-01") == "1 мая 2024\u202fг."
    with language("es"):
        assert messages.BUTTON_MORE == "Más ›"
        assert format_date("2024-05-01T10:00:00+02:00") == "1 may 2024"
    with language("fr"):  # no catalogue: English
        assert messages.help_html("newsbot", group=False) == english
    assert messages.help_html("newsbot", group=False) == english
    assert format_date("2024-05-01") == "1 May 2024"
    assert messages.APOLOGY.startswith("Sorry")


def mixed_corpus(directory: Path) -> Path:
    for article in (
        Article(id="bridge-en", title="New Volga bridge", url="https://example.com/en",
                source="Example", published="2024-05-01", body=EN, language="en"),
        Article(id="bridge-ru", title="Новый мост через Волгу", url="https://example.com/ru",
                source="Пример", published="2024-05-01", body=RU, language="ru"),
    ):
        write_article(directory, article)
    return directory


async def test_a_russian_user_gets_russian_help_and_the_russian_quote(
        fake_api: FakeBotAPI, tmp_path: Path) -> None:
    corpus = mixed_corpus(tmp_path / "corpus")
    olga = {**user(601, "Olga"), "language_code": "ru"}
    ann = {**user(602, "Ann"), "language_code": "en"}
    async with running_bot(bot_settings(fake_api, corpus), Library(corpus)):
        help_ru = fake_api.send_text("/help", private_chat(olga["id"]), olga)
        asked_ru = fake_api.send_text("Когда откроют мост через Волгу?", private_chat(olga["id"]),
                                      olga)
        help_en = fake_api.send_text("/help", private_chat(ann["id"]), ann)
        asked_en = fake_api.send_text("When will the Volga bridge open?", private_chat(ann["id"]),
                                      ann)
        [help_ru_reply] = await fake_api.replies_to(help_ru)
        [ru_reply] = await fake_api.replies_to(asked_ru)
        [help_en_reply] = await fake_api.replies_to(help_en)
        [en_reply] = await fake_api.replies_to(asked_en)
    assert help_ru_reply.params["text"].startswith("Я отвечаю на вопросы")
    assert "/sources — статьи, которые я цитирую" in help_ru_reply.params["text"]
    assert help_en_reply.params["text"].startswith("I answer questions")
    ru_text = re.sub(r"<[^>]+>", "", ru_reply.params["text"])  # highlights and links off
    assert "Мост длиной 1200 метров откроют в 2027 году." in ru_text
    assert "1 мая 2024\u202fг." in ru_text and "The bridge" not in ru_text
    ru_buttons = [k["text"] for row in ru_reply.params["reply_markup"]["inline_keyboard"]
                  for k in row]
    assert any(label.startswith("Контекст") for label in ru_buttons)
    en_text = re.sub(r"<[^>]+>", "", en_reply.params["text"])
    assert "The bridge, 1,200 metres long, will open in 2027." in en_text
    assert "Мост" not in en_text and "1 May 2024" in en_text
