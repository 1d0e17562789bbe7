"""Write bot/search/english_words.txt.gz, the list of English words spelling correction keeps.

    pip install 'newsbot[bench]'   # wordfreq
    python benchmarks/make_wordlist.py [--min-zipf 2.0] [--misspelling-gap 1.5]

A question word in this list is a word, never "corrected" ("truce" stays "truce", not "true",
"bookies" not "booklies"); only words in neither the list nor the articles are spelling
mistakes. The list: every lower-case a-z word of wordfreq's English list with a Zipf frequency
of at least 2.0 (about once per 10 million words), except common misspellings: a word below
Zipf 3.0 with a word one edit away about 30 times as frequent (a Zipf gap of 1.5) is taken
for a slip of that word ("goverment" 2.66 next to "government" 5.57, "seige" 2.05 next to
"siege" 3.93, "recieve", "untill", "minster" next to "minister") and left out, so it is still
corrected; "bookies" (2.95, "cookies" 4.12) stays a word. Rare real
words next to a frequent one go too ("crimp" beside "crime"): they were not in the earlier
Zipf >= 3.0 list either. The data is wordfreq's (Robyn Speer; CC BY-SA 4.0), so the file is
under that licence too.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.metadata
import re
import sys
from pathlib import Path

import wordfreq

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.search.spelling import edits1  # noqa: E402  (the edits the bot corrects by)

OUT = ROOT / "bot" / "search" / "english_words.txt.gz"
COMMON = 3.0  # at or above this Zipf frequency a word is never taken for a misspelling


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-zipf", type=float, default=2.0)
    parser.add_argument("--misspelling-gap", type=float, default=1.5)
    args = parser.parse_args()
    zipf = {w: wordfreq.zipf_frequency(w, "en") for w in wordfreq.top_n_list("en", 400_000)
            if re.fullmatch("[a-z]+", w)}

    def misspelling(word: str) -> bool:
        if zipf[word] >= COMMON:
            return False
        best = max((zipf.get(n, 0.0) for n in edits1(word)), default=0.0)
        return best >= zipf[word] + args.misspelling_gap

    words = sorted(w for w, z in zipf.items() if z >= args.min_zipf and not misspelling(w))
    header = (f"# English words with a Zipf frequency >= {args.min_zipf} in wordfreq "
              f"{importlib.metadata.version('wordfreq')} (Robyn Speer, CC BY-SA 4.0), without "
              f"likely misspellings (below {COMMON}, {args.misspelling_gap} under a word one "
              "edit away); written by benchmarks/make_wordlist.py\n")
    OUT.write_bytes(gzip.compress((header + "\n".join(words) + "\n").encode(), mtime=0))
    print(f"{len(words)} words -> {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
