"""Follow-ups after an abstention: does a question that points back to an answer never given
pretend it was given?

    python benchmarks/news/build_corpus.py          # once: the news corpus
    python benchmarks/followups_after_abstention.py [--questions benchmarks/news/questions.jsonl]
        [--corpus benchmarks/.cache/news_corpus] [--half all|tune|test] [--json]

Every question of the news set is asked alone; for each one the bot abstains on, each
follow-up below is asked in that conversation, and "who said that?" also after the answered
question before it and then it (bot.search.dialogue, as the bot and the terminal
ask it). A follow-up that only points back ("who said that?", "and why?") has nothing to point
to: it should quote nothing. Prints, per follow-up, how many of the abstained questions it
still got a quote after, and a few examples.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from chat_phrasing import news_arguments, news_questions  # noqa: E402

from bot.search.dialogue import answer_in_conversation  # noqa: E402
from bot.search.followup import Conversation  # noqa: E402

# "who said that?" is the one issue 10 measured (335-338 of 369 quoted); the others are the
# same kind: they point back to the answer, not to a subject of the question.
FOLLOW_UPS = ("who said that?", "when was that?", "is that true?", "why is that?",
              "and why?", "where is it?", "how many of them?", "who confirmed it?")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    news_arguments(parser)
    args = parser.parse_args()
    started = time.perf_counter()
    index, questions = news_questions(args)
    abstained: list[tuple[str, Conversation]] = []
    for question in questions:
        answer, conversation = answer_in_conversation(index, question, Conversation())
        if not answer.answered:
            abstained.append((question, conversation))
    quoted: dict[str, list[dict[str, str]]] = {f: [] for f in FOLLOW_UPS}
    # ... and how many replies say which question went unanswered (the helpful refusal)
    told: dict[str, int] = dict.fromkeys(FOLLOW_UPS, 0)
    for question, conversation in abstained:
        for follow_up in FOLLOW_UPS:
            answer, _ = answer_in_conversation(index, follow_up, conversation)
            if answer.answered:
                quoted[follow_up].append({"after": question, "quote": answer.quotes[0].text})
            elif question in answer.message:
                told[follow_up] += 1
    # "who said that?" after an answer and then an abstention (the answered question just
    # before it in the set, most often about the same article): "that" is the unanswered one.
    after_answer = 0
    answered: str | None = None
    pairs = 0
    for question in questions:
        answer, conversation = answer_in_conversation(index, question, Conversation())
        if answer.answered:
            answered = question
            continue
        if answered is None:
            continue
        conversation = answer_in_conversation(index, answered, Conversation())[1]
        unanswered, conversation = answer_in_conversation(index, question, conversation)
        if unanswered.answered:
            continue  # in the conversation it leaned on the answer, and was answered
        pairs += 1
        after_answer += answer_in_conversation(index, "who said that?", conversation)[0].answered
    report = {"questions": len(questions), "abstained": len(abstained),
              "who_said_that_after_an_answer_then_an_abstention": [after_answer, pairs],
              "quoted": {f: len(q) for f, q in quoted.items()}, "told": told,
              "examples": {f: q[:5] for f, q in quoted.items()},
              "seconds": round(time.perf_counter() - started, 1)}
    if args.json:
        print(json.dumps(report, indent=1, ensure_ascii=False))
        return
    print(f"{report['abstained']} of {report['questions']} questions abstained; after them:")
    for follow_up, found in quoted.items():
        print(f"  {follow_up!r}: a quote after {len(found)} of {len(abstained)}; the reply names "
              f"the unanswered question after {told[follow_up]}")
        for example in found[:2]:
            print(f"      after {example['after']!r}: {example['quote'][:90]!r}")
    print(f"  'who said that?' after an answered question, then an abstained one: a quote after "
          f"{after_answer} of {pairs}")
    print(f"{report['seconds']} s")


if __name__ == "__main__":
    main()
