"""A question answered within a conversation: the one path of the bot, the terminal session
and `newsbot eval dialogues`.

Telegram-free. Takes the conversation so far (bot.search.followup.Conversation), returns the
answer and the conversation with this turn added. Greetings and thanks leave it as it was.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot import messages
from bot.common.limits import MAX_QUESTION_CHARS
from bot.search.answer import DEFAULT_TOP, Answer, Kind, answer_question
from bot.search.followup import Conversation, next_turn, points_to_no_answer, resolve
from bot.search.index import SentenceIndex

# Replies that are not about the news leave the conversation as it was.
_NO_TURN = (Kind.GREETING, Kind.THANKS, Kind.HELP, Kind.EMPTY)


def answer_in_conversation(index: SentenceIndex, question: str, conversation: Conversation,
                           top: int = DEFAULT_TOP, weights: Mapping[str, float] | None = None
                           ) -> tuple[Answer, Conversation]:
    """Answer a question in the context of a conversation; the conversation with its turn."""
    # As answer_question reads it, so the turn keeps no more than was read.
    question = " ".join(question.split())[:MAX_QUESTION_CHARS]
    no_answer = no_answer_to_point_to(index, question, conversation)
    if no_answer is not None:
        return no_answer, conversation
    context = resolve(index, question, conversation, weights)
    answer = answer_question(index, question, top=top, context=context)
    if answer.kind in _NO_TURN:
        return answer, conversation
    quoted = [quote.sentences[0] for quote in answer.quotes] if answer.answered else []
    # answer.context, not context: a short question answered from another story (it leaned
    # on nothing in the end) starts a topic of its own.
    return answer, conversation.add(next_turn(question, answer.context, quoted))


def no_answer_to_point_to(index: SentenceIndex, question: str,
                          conversation: Conversation) -> Answer | None:
    """The reply to a follow-up about an answer that was never given ("who said that?" after
    "That's not in the articles I have"): it says so and asks for the whole question, instead
    of quoting whatever shares the unanswered question's words. None for any other question.
    The conversation stays as it was."""
    found = points_to_no_answer(index, question, conversation)
    if found is None:
        return None
    unanswered, word = found
    return Answer(question, Kind.NOT_FOUND, message=messages.followup_no_answer(unanswered, word))
