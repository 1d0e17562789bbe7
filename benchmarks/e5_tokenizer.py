"""How much the e5 tokenizer gains by splitting word by word (bot/search/semantic/e5.py).

XLM-R's pieces hold the word-start mark only at their start, so the tokenizer splits each word
on its own and keeps the split; this times that against one Viterbi pass over the whole text
(what it does for a vocabulary with marks inside pieces), from an empty word cache, on XQuAD
paragraphs and questions in nine languages, and checks both give the same ids. Needs
pip install 'newsbot[semantic]'.

    python benchmarks/e5_tokenizer.py [../shared/data/xquad] [--paragraphs 3]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.search.semantic import e5  # noqa: E402

LANGUAGES = "ar de en es hi ro ru th zh".split()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("xquad", nargs="?", type=Path, default=Path("../shared/data/xquad"))
    parser.add_argument("--paragraphs", type=int, default=3,
                        help="paragraphs (with their questions) of each article")
    args = parser.parse_args()
    texts: list[str] = []
    for language in LANGUAGES:
        with gzip.open(args.xquad / f"xquad.{language}.json.gz", "rt", encoding="utf-8") as f:
            data = json.load(f)
        for article in data["data"]:
            for paragraph in article["paragraphs"][:args.paragraphs]:
                texts.append(paragraph["context"])
                texts += [qa["question"] for qa in paragraph["qas"]]
    tokenizer = e5._Weights(e5.checked_file()).tokenizer
    by_word = tokenizer._by_word

    def run(word_by_word: bool) -> tuple[float, list[list[int]]]:
        tokenizer._words.clear()
        tokenizer._by_word = word_by_word
        start = time.process_time()
        ids = [tokenizer.pieces(text) for text in texts]
        return time.process_time() - start, ids

    print(f"{len(texts)} texts in {len(LANGUAGES)} languages")
    for _ in range(2):
        whole, whole_ids = run(False)
        words, word_ids = run(True)
        print(f"whole text {whole:.2f} s, word by word (empty cache) {words:.2f} s: "
              f"{whole / words:.1f} times faster; same ids: {whole_ids == word_ids}")
    tokenizer._by_word = by_word


if __name__ == "__main__":
    main()
