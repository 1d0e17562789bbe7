"""WordNet's related words for a common English word: "effect" -> "consequence", "suspend" ->
"suspension", "official" -> "officer".

The table (synonyms.txt.gz, written by benchmarks/make_synonyms.py from Princeton WordNet 3.0,
whose licence notice heads it and WORDNET_LICENSE) gives, for the words of the package's English
word list that WordNet has as lemmas, their related words by kind (synonyms of the most frequent
senses, of all senses, derivations, hypernyms, hyponyms; see the script), each most frequent
sense first. bot.search.paraphrase reads a question word an article never uses as one of them
the article does use, after its own news tables. WordNet is not needed at run time: the table
is read once, when a question first asks for it (~25 ms).
"""

from __future__ import annotations

import gzip
from functools import lru_cache
from importlib import resources

from bot.search.stopwords import IRREGULAR_FORMS

KINDS = "FNPQSDHO"  # the table's kinds (benchmarks/make_synonyms.py)


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


# The kinds that are about nouns and adjectives only: a verb's inflection ("closed", "imposing")
# is not looked up by its base's noun or adjective senses ("close": "last"), only a plural.
NOMINAL_KINDS = frozenset("NPQ")
# Irregular plurals (bot.search.stopwords' other irregular forms are verbs').
_PLURALS = {"men": "man", "women": "woman", "children": "child", "people": "person",
            "mice": "mouse"}
_VERB_ENDINGS = (("ied", ("y",)), ("ed", ("", "e")), ("ing", ("", "e")))
_PLURAL_ENDINGS = (("ies", ("y",)), ("es", ("", "e")), ("s", ("",)))


def lemmas(word: str, nominal: bool = False) -> list[str]:
    """The forms of a word the table lists, the word first ("suspended", then "suspend";
    "vehicles" -> "vehicle"; an irregular form only as its verb: "spoke" -> "speak").
    `nominal`: only the word and its singular ("closed" stays "closed", "kids" -> "kid")."""
    table = _table()
    word = word.lower()
    if word in _PLURALS:
        candidates = [_PLURALS[word]]
    elif word in IRREGULAR_FORMS:
        candidates = [] if nominal else [IRREGULAR_FORMS[word]]
    else:
        candidates = [word]
        endings = _PLURAL_ENDINGS if nominal else _PLURAL_ENDINGS + _VERB_ENDINGS
        for ending, replacements in endings:
            if word.endswith(ending) and len(word) - len(ending) >= 3:
                base = word[:-len(ending)]
                candidates += [base + r for r in replacements]
                if len(base) > 3 and base[-1] == base[-2]:  # "stopped" -> "stop"
                    candidates.append(base[:-1])
    return [c for c in dict.fromkeys(candidates) if c in table]


def related(word: str, kinds: str = KINDS) -> tuple[str, ...]:
    """The words WordNet relates to a word and its listed forms, of the given kinds in that
    order, each most frequent sense first; () for a word it does not list. The kinds of
    nouns and adjectives (NOMINAL_KINDS) read only the word and its singular."""
    table = _table()
    found: list[str] = []
    every = lemmas(word)
    nominal = lemmas(word, nominal=True) if NOMINAL_KINDS.intersection(kinds) else []
    for kind in kinds:
        for form in (nominal if kind in NOMINAL_KINDS else every):
            fields = table[form]
            start = fields.find(kind + ":")
            if start == 0 or (start > 0 and fields[start - 1] == "\t"):
                found += fields[start + 2:].split("\t", 1)[0].split(",")
    return tuple(w for w in dict.fromkeys(found) if w and w not in every)
