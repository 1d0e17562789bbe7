"""WordNet's related words for a common English word: "suspend" -> "suspension", "confirm" ->
"corroborate", "official" -> "officer".

The table (synonyms.txt.gz, written by benchmarks/make_synonyms.py from Princeton WordNet 3.0,
whose licence notice heads it and WORDNET_LICENSE) gives, for the words of the package's English
word list that WordNet has, their synonyms (S), derivationally related forms (D), hypernyms (H)
and hyponyms (O), each most frequent sense first. bot.search.paraphrase reads a question word an
article never uses as one of them the article does use, after its own news tables. WordNet is
not needed at run time: the table is read once, when a question first asks for it (~0.1 s).
"""

from __future__ import annotations

import gzip
from functools import lru_cache
from importlib import resources

from bot.search.stopwords import IRREGULAR_FORMS

KINDS = "FNSDHO"


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    """word -> its line's fields, unparsed (most words are never asked for)."""
    raw = resources.files("bot.search").joinpath("synonyms.txt.gz").read_bytes()
    table: dict[str, str] = {}
    for line in gzip.decompress(raw).decode("utf-8").splitlines():
        if line and not line.startswith("#"):
            word, _, fields = line.partition("\t")
            table[word] = fields
    return table


def lemmas(word: str) -> list[str]:
    """The forms of a word the table lists, the word first ("suspended", then "suspend";
    "vehicles" -> "vehicle"; an irregular form only as its verb: "spoke" -> "speak")."""
    table = _table()
    word = word.lower()
    if word in IRREGULAR_FORMS:
        candidates = [IRREGULAR_FORMS[word]]
    else:
        candidates = [word]
        for ending, replacements in (("ies", ("y",)), ("es", ("", "e")), ("s", ("",)),
                                     ("ied", ("y",)), ("ed", ("", "e")), ("ing", ("", "e"))):
            if word.endswith(ending) and len(word) - len(ending) >= 3:
                base = word[:-len(ending)]
                candidates += [base + r for r in replacements]
                if len(base) > 3 and base[-1] == base[-2]:  # "stopped" -> "stop"
                    candidates.append(base[:-1])
    return [c for c in dict.fromkeys(candidates) if c in table]


def related(word: str, kinds: str = KINDS) -> tuple[str, ...]:
    """The words WordNet relates to a word and its listed forms, of the given kinds in that
    order, each most frequent sense first; () for a word it does not list."""
    forms = lemmas(word)
    found: list[str] = []
    for kind in kinds:
        for form in forms:
            fields = _table()[form]
            start = fields.find(kind + ":")
            if start == 0 or (start > 0 and fields[start - 1] == "\t"):
                found += fields[start + 2:].split("\t", 1)[0].split(",")
    return tuple(w for w in dict.fromkeys(found) if w and w not in forms)
