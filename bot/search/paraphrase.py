"""News paraphrases: a question word the articles never use, read as the word news uses for it.

"who speaks for the kremlin?" is answered by "Kremlin spokesman Dmitry Peskov said ...", "the
size of the contingent" by "a 2,000-strong force", "did he give details" by "he did not provide
further details". Like spelling correction (bot.search.spelling), a question word is only
re-read when no article has it (its search term's document frequency is 0), and then as the
first of its paraphrases that some article has: a word the articles use keeps its own meaning,
so a large corpus, where most words occur somewhere, is rarely touched, while a small one (a new
bot's first articles) is not left without an answer for want of the reporter's word.

The table is general news usage (derivations, and the words reporters put for a question's
plain ones), not any corpus's: one line a word, most likely first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

# question word -> the words an article may use for it, most likely first.
PARAPHRASES: dict[str, tuple[str, ...]] = {
    "speak": ("spokesman", "spokeswoman", "spokesperson", "said"),
    "spokesman": ("spokeswoman", "spokesperson", "speaker"),
    "spokeswoman": ("spokesman", "spokesperson", "speaker"),
    "size": ("strong", "number", "total"),
    "contingent": ("force", "troops", "deployment", "unit"),
    "troops": ("forces", "soldiers", "force"),
    "soldiers": ("troops", "forces"),
    "army": ("military", "troops", "forces"),
    "confirm": ("true", "acknowledged", "said"),
    "deny": ("denied", "rejected", "false"),
    "give": ("provide", "offer", "grant"),
    "provide": ("give", "offer"),
    "details": ("information", "specifics"),
    "leave": ("withdraw", "depart", "exit", "quit"),
    "withdraw": ("leave", "pull", "exit"),
    "boss": ("chief", "head", "chairman", "executive"),
    "chief": ("head", "boss", "chairman"),
    "head": ("chief", "leader", "chairman"),
    "sell": ("sale", "sold"),
    "cost": ("price", "spend", "worth"),
    "price": ("cost", "value"),
    "kill": ("dead", "death", "died"),
    "die": ("dead", "death", "killed"),
    "death": ("dead", "killed", "died"),
    "injure": ("wounded", "hurt", "injuries"),
    "arrest": ("detained", "held", "custody"),
    "jail": ("prison", "sentence"),
    "prison": ("jail", "sentence"),
    "fine": ("penalty",),
    "win": ("victory", "beat", "winner"),
    "lose": ("defeat", "beaten", "loss"),
    "rise": ("increase", "grow", "gain", "up"),
    "increase": ("rise", "grow", "gain"),
    "fall": ("drop", "decline", "decrease", "down"),
    "drop": ("fall", "decline", "decrease"),
    "money": ("funds", "cash", "funding"),
    "company": ("firm", "group", "business"),
    "firm": ("company", "group"),
    "car": ("vehicle", "cars"),
    "vehicle": ("car", "truck"),
    "film": ("movie",),
    "movie": ("film",),
    "happen": ("occur",),
    "vote": ("ballot", "poll", "election"),
    "meet": ("talks", "meeting", "met"),
    "talk": ("discuss", "talks"),
    "agree": ("deal", "agreement", "accord"),
    "deal": ("agreement", "accord", "contract"),
    "war": ("conflict", "fighting", "offensive"),
    "fight": ("clash", "battle", "fighting"),
    "country": ("nation", "state"),
    "town": ("city", "village"),
    "city": ("town", "capital"),
    "own": ("owner", "stake"),
    "owner": ("own", "owns"),
    "announce": ("unveil", "said", "declared"),
    "ceasefire": ("truce", "armistice"),
    "truce": ("ceasefire", "armistice"),
    "refugees": ("fled", "displaced", "exodus"),
    "flee": ("fled", "refugees", "escape"),
    "job": ("post", "role", "position"),
    "sack": ("dismissed", "fired", "ousted"),
    "quit": ("resign", "resigned", "step"),
    "resign": ("quit", "step"),
    "sue": ("lawsuit", "legal", "court"),
    "ban": ("prohibit", "outlaw", "bar"),
    "build": ("construct", "construction"),
    "plant": ("factory", "facility"),
    "factory": ("plant", "facility"),
    "lawmakers": ("parliament", "mps", "legislators"),
    "mps": ("lawmakers", "parliament"),
    "airport": ("airfield", "flights"),
    "shares": ("stock", "stocks"),
    "stock": ("shares",),
    "profit": ("earnings", "income"),
    "earnings": ("profit", "income"),
    "unemployment": ("jobless", "joblessness"),
    "jobless": ("unemployment",),
}


@lru_cache(maxsize=8)  # one per analyzer in use
def _table(stem: Callable[[str], str]) -> dict[str, tuple[str, ...]]:
    """The table in search terms (the index's stems): term -> paraphrase terms."""
    table: dict[str, tuple[str, ...]] = {}
    for word, others in PARAPHRASES.items():
        terms = tuple(dict.fromkeys(stem(o) for o in others if stem(o) != stem(word)))
        table.setdefault(stem(word), terms)
    return table


def reword(terms: Sequence[str], stem: Callable[[str], str],
           doc_freq: Callable[[str], int]) -> tuple[str, ...]:
    """The question's search terms with each one no article has replaced by its first
    paraphrase some article has (and not already asked); the others as they are."""
    table = _table(stem)
    asked = set(terms)
    found = []
    for term in terms:
        if term in table and doc_freq(term) == 0:
            term = next((o for o in table[term] if o not in asked and doc_freq(o) > 0), term)
        found.append(term)
    return tuple(found)
