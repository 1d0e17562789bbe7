"""Build the corpus of the dialogue set: the 250 news articles of benchmarks/news and the
bundled story of corpus/ (both sets of conversations are played over one corpus, as a bot
would hold them).

Usage (stdlib only)::

    python3 benchmarks/dialogues/build_corpus.py [--data DIR] [--out DIR]

The BBC and Reuters articles are licensed for research only: the corpus goes to the git-ignored
benchmarks/.cache/ and must never be committed.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
DEFAULT_DATA = REPO_ROOT.parent / "shared" / "data"
DEFAULT_OUT = REPO_ROOT / "benchmarks" / ".cache" / "dialogue_corpus"


def main() -> int:
    """Build the news corpus into --out, then copy the bundled story's articles in."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help="folder with the BBC and Reuters data sets (see SOURCES.md)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="corpus folder to write")
    args = parser.parse_args()
    builder = REPO_ROOT / "benchmarks" / "news" / "build_corpus.py"
    done = subprocess.run([sys.executable, str(builder), "--data", str(args.data),
                           "--out", str(args.out)], check=False)
    if done.returncode:
        return done.returncode
    for article in sorted((REPO_ROOT / "corpus").glob("*.md")):
        shutil.copy(article, args.out / article.name)
    print(f"added the bundled story ({len(list((REPO_ROOT / 'corpus').glob('*.md')))} files)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
