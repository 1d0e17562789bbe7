"""Write bot/search/english_words.txt.gz, the list of English words spelling correction keeps.

    pip install 'newsbot[bench]'   # wordfreq
    python benchmarks/make_wordlist.py [--min-zipf 3.0]

A question word in this list is a word, never "corrected" ("truce" stays "truce", not "true");
only words in neither the list nor the articles are spelling mistakes. The list: every
lower-case a-z word of wordfreq's English list with a Zipf frequency of at least 3.0 (about once
per million words); below that, common misspellings ("goverment" 2.66, "withdrawl" 1.79) mix with
rare words. The data is wordfreq's (Robyn Speer; CC BY-SA 4.0), so the file is under that
licence too.
"""

from __future__ import annotations

import argparse
import gzip
import re
from pathlib import Path

import wordfreq

OUT = Path(__file__).resolve().parent.parent / "bot" / "search" / "english_words.txt.gz"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-zipf", type=float, default=3.0)
    args = parser.parse_args()
    words = sorted(w for w in wordfreq.top_n_list("en", 300_000)
                   if re.fullmatch("[a-z]+", w)
                   and wordfreq.zipf_frequency(w, "en") >= args.min_zipf)
    header = (f"# English words with a Zipf frequency >= {args.min_zipf} in wordfreq "
              f"{getattr(wordfreq, '__version__', '3.x')} (Robyn Speer, CC BY-SA 4.0); "
              "written by benchmarks/make_wordlist.py\n")
    OUT.write_bytes(gzip.compress((header + "\n".join(words) + "\n").encode(), mtime=0))
    print(f"{len(words)} words -> {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
