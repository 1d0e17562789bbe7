"""News paraphrases: a question word the articles never use, read as the word news uses for it.

"who speaks for the kremlin?" is answered by "Kremlin spokesman Dmitry Peskov said ...", "the
size of the contingent" by "a 2,000-strong force", "did he give details" by "he did not provide
further details". Like spelling correction (bot.search.spelling), a question word is only
re-read when no article has it (its search term's document frequency is 0), and then as the
first of its paraphrases that some article has: a word the articles use keeps its own meaning,
so a large corpus, where most words occur somewhere, is rarely touched, while a small one (a new
bot's first articles) is not left without an answer for want of the reporter's word.

`align` goes one step further, within one article: a question word the article it is about
never uses (the article of the best sentence, which has all its other words) is read as the
first of its paraphrases or other forms (bot.search.variants: "directed" -> "director",
"russian" -> "russia", "us" -> "usa", as "U.S." is indexed) that this article uses.

After the hand tables, `align` also tries WordNet's synonyms of a noun's or adjective's most
frequent sense (bot.search.synonyms: "effect" -> "consequence"). And within one sentence: a
question word the best sentence for the question's words and their forms says in another form,
while its article uses the word elsewhere ("who is japan's finance minister" - "Japanese Finance
Minister ..."), when no article of the first search could be read.

The table is general news usage (derivations, and the words reporters put for a question's
plain ones), not any corpus's: one line a word, most likely first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from bot.search import synonyms
from bot.search.stopwords import ENGLISH_STOPWORDS
from bot.search.text import raw_tokens
from bot.search.variants import KINDS, NUMBERS, PLACES, forms

if TYPE_CHECKING:
    from bot.search.index import Hit, SentenceIndex

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
    "head": ("chief", "leader", "chairman", "director", "president"),
    "sell": ("sale", "sold", "proceeds"),
    "cost": ("price", "spend", "worth", "retail"),
    "price": ("cost", "value"),
    "kill": ("dead", "death", "died", "slaughter"),
    "die": ("dead", "death", "killed"),
    "death": ("dead", "killed", "died"),
    "injure": ("wounded", "hurt", "injuries"),
    "arrest": ("detained", "held", "custody"),
    "jail": ("prison", "sentence"),
    "prison": ("jail", "sentence"),
    "fine": ("penalty",),
    "win": ("victory", "beat", "winner"),
    "lose": ("defeat", "beaten", "loss", "decline"),
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
    "build": ("construct", "construction", "develop"),
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
    "watch": ("viewers", "audience", "view"),
    "write": ("author", "writer", "penned"),
    "manager": ("boss", "coach"),
    "coach": ("manager", "boss", "trainer"),
    "keeper": ("goalkeeper",),
    "goalkeeper": ("keeper",),
    "hit": ("struck", "strike", "hurt"),
    "pull": ("withdraw", "quit"),
    "height": ("peak", "high"),
    "peak": ("height", "high", "record"),
    "altogether": ("total", "overall", "combined"),
    "employ": ("staff", "workforce", "workers", "employees"),
    "staff": ("employees", "workers", "workforce"),
    "worker": ("employees", "staff", "workforce"),
    "employee": ("staff", "workers", "workforce"),
    "buy": ("acquire", "takeover", "bid", "bought"),
    "acquire": ("buy", "takeover", "bought"),
    "takeover": ("bid", "buy", "acquisition"),
    "merge": ("merger", "combine"),
    "chairman": ("chair", "head"),
    "chair": ("chairman", "chairwoman", "head"),
    "leader": ("head", "chief", "president"),
    "minister": ("secretary",),
    "secretary": ("minister",),
    "law": ("legislation", "bill", "act"),
    "bill": ("legislation", "law"),
    "election": ("vote", "poll", "ballot"),
    "poll": ("vote", "survey", "election"),
    "survey": ("poll", "study"),
    "study": ("research", "survey", "report"),
    "stop": ("halt", "end", "suspend"),
    "close": ("shut", "closure"),
    "shut": ("close", "closure"),
    "launch": ("unveil", "introduce", "release"),
    "release": ("launch", "publish"),
    "grow": ("growth", "expand", "rise"),
    "growth": ("grow", "expand", "rise"),
    "expand": ("growth", "grow", "expansion"),
    "earn": ("profit", "income", "revenue"),
    "revenue": ("sales", "turnover", "income"),
    "pay": ("salary", "wage", "fee", "paid"),
    "salary": ("pay", "wage", "earn"),
    "debt": ("borrowing", "loan", "owe"),
    "loan": ("credit", "borrow", "lend", "debt"),
    "borrow": ("loan", "debt", "credit"),
    "lend": ("loan", "credit", "lender"),
    "tax": ("duty", "levy", "tariff"),
    "duty": ("tax", "levy", "tariff"),
    "tariff": ("duty", "tax", "levy"),
    "cut": ("reduce", "lower", "slash", "axe"),
    "reduce": ("cut", "lower"),
    "raise": ("increase", "rise", "hike", "boost"),
    "hike": ("increase", "raise", "rise"),
    "crash": ("plunge", "collapse", "slump", "fall", "nosedive"),
    "plunge": ("fall", "drop", "slump"),
    "record": ("highest", "best"),
    "highest": ("peak", "record", "top"),
    "lowest": ("low", "bottom"),
    "biggest": ("largest", "top", "record"),
    "largest": ("biggest", "top"),
    "award": ("prize", "honour"),
    "prize": ("award", "honour"),
    "song": ("single", "track"),
    "album": ("record",),
    "band": ("group",),
    "singer": ("star", "artist"),
    "actor": ("actress",),
    "star": ("actor", "actress", "singer"),
    "play": ("star", "role", "match"),
    "role": ("play", "part"),
    "host": ("presenter", "present", "compere"),
    "team": ("side", "squad", "club"),
    "club": ("team", "side"),
    "score": ("goal", "scorer", "netted"),
    "goal": ("score", "scored", "strike"),
    "beat": ("defeat", "win", "victory"),
    "defeat": ("beat", "lose", "loss"),
    "match": ("game", "fixture"),
    "game": ("match", "fixture"),
    "contract": ("deal", "agreement", "order"),
    "sign": ("deal", "contract", "agreement"),
    "transfer": ("move", "deal", "sign"),
    "court": ("judge", "ruling", "trial"),
    "trial": ("court", "case"),
    "judge": ("court", "ruling"),
    "charge": ("accused", "alleged", "indicted"),
    "accuse": ("charged", "alleged"),
    "guilty": ("convicted",),
    "sentence": ("jail", "prison", "term"),
    "police": ("officers", "detectives"),
    "attack": ("strike", "assault", "raid", "bombing"),
    "bomb": ("explosion", "blast", "attack"),
    "explosion": ("blast", "bomb", "explode"),
    "fire": ("blaze", "flames"),
    "earthquake": ("quake", "tremor"),
    "disease": ("illness", "virus", "outbreak"),
    "ill": ("illness", "sick"),
    "sick": ("ill", "illness"),
    "school": ("pupils", "students", "education"),
    "student": ("pupil",),
    "kid": ("child", "children", "young"),
    "teen": ("teenager", "young"),
    "phone": ("mobile", "handset", "telephone"),
    "mobile": ("phone", "handset"),
    "computer": ("pc", "laptop"),
    "internet": ("online", "web", "net"),
    "online": ("internet", "web"),
    "website": ("site", "web", "online"),
    "customer": ("client", "user", "consumer", "shopper"),
    "shop": ("store", "outlet", "retailer", "shopper"),
    "store": ("shop", "retailer"),
    "cheap": ("low", "cheaper"),
    "expensive": ("costly", "high"),
    "house": ("home", "property", "housing"),
    "home": ("house", "property"),
    "truck": ("lorry", "vehicle"),
    "plane": ("aircraft", "jet", "airliner"),
    "aircraft": ("plane", "jet"),
    "ship": ("vessel", "boat", "tanker"),
    "boat": ("ship", "vessel"),
    "oil": ("crude", "petroleum"),
    "fuel": ("petrol", "diesel", "oil"),
    "petrol": ("fuel", "gasoline"),
    "power": ("electricity", "energy"),
    "energy": ("power", "electricity"),
    "government": ("administration", "cabinet", "ministers"),
    "administration": ("government",),
    "official": ("spokesman", "minister", "officer"),
    "warn": ("warning", "caution"),
    "plan": ("proposal", "scheme", "initiative", "project", "intend"),
    "propose": ("proposal", "plan", "suggest"),
    "protest": ("demonstration", "rally", "march"),
    "strike": ("walkout", "stoppage"),
    "worth": ("value", "valued"),
    "value": ("worth", "valued", "price"),
    "spend": ("spending", "cost", "invest"),
    "invest": ("investment", "stake", "spend"),
    "shareholder": ("investor", "stake"),
    "investor": ("shareholder",),
    "executive": ("boss", "chief"),
    "create": ("set", "form", "launch"),
    "arrive": ("reach", "arrival"),
    "visit": ("trip", "tour"),
    "travel": ("trip", "journey", "fly"),
    "population": ("residents", "inhabitants"),
    "dead": ("killed", "died", "death"),
    "marry": ("married", "wedding", "wife", "husband"),
    "wife": ("married", "spouse"),
    "husband": ("married", "spouse"),
    "support": ("back", "backing", "endorse"),
    "oppose": ("against", "opposition", "reject"),
    "reject": ("oppose", "refuse"),
    "refuse": ("decline", "reject"),
    # Chat's words for news ones.
    "tank": ("fall", "plunge", "slump", "drop"),
    "slap": ("impose", "imposed"),
    "flop": ("failure", "fail"),
    "bike": ("motorbike", "motorcycle", "bicycle"),
    "dad": ("father",),
    "mum": ("mother",),
    "mom": ("mother",),
    "warship": ("ship", "vessel", "navy"),
    # What a report says for the question's plainer word (forecasts, injuries, outlets).
    "expect": ("forecast", "predict", "likely", "project"),
    "keep": ("continue", "remain"),
    "hurt": ("injured", "injuries", "wounded"),
    "outlet": ("shop", "store"),
    "blame": ("attribute", "blamed", "cause"),
    "worry": ("concern", "fear"),
    "trouble": ("problem", "difficulty", "row"),
    "suspend": ("suspension", "ban"),
    "call": ("name", "known", "dub"),
    "date": ("deadline", "day"),
    "chip": ("semiconductor", "microchip"),
    "tv": ("television",),
    "television": ("tv",),
    "ad": ("advertising", "advert", "advertisement"),
    "advert": ("advertising", "ad", "advertisement"),
    "tvs": ("television", "tv"),
    "bookie": ("bookmaker",),
    "send": ("deploy", "dispatch"),
    "abroad": ("foreign", "overseas"),
}


# Chat's phrasal verbs and idioms, read as the one word news uses ("who runs spamhaus" is
# answered by "Steve Linford, director of Spamhaus"): the phrase's pattern, the word of it that
# is a search term, and the news words for the whole, most likely first. Only `align` reads
# them, so they stand in for the phrase only where its article does not say it.
PHRASES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (r"\bwho(?:'s|\s+is)?\s+(?:runs?|running|ran)\b", "run",
     ("head", "chief", "director", "chairman", "boss")),
    (r"\bout\s+of\s+(?:work|a\s+job|jobs)\b", "work", ("unemployment", "jobless", "unemployed")),
    (r"\b(?:pull|pulls|pulled|pulling)\s+out\b", "pull", ("withdraw", "quit")),
    (r"\b(?:add|adds|added|adding)\s+up\b", "add", ("total",)),
    (r"\b(?:come|comes|came|coming)\s+up\s+with\b", "come", ("develop", "invent", "devise")),
    (r"\b(?:turn|turns|turned|turning)\s+up\b", "turn", ("found", "discovered")),
    (r"\b(?:pick|picks|picked|picking)\s+up\b", "pick", ("win", "won", "take")),
    (r"\b(?:put|puts|putting)\s+up\b", "put", ("raise", "increase")),
    (r"\b(?:step|steps|stepped|stepping)\s+down\b", "step", ("resign", "quit")),
    (r"\b(?:take|takes|took|taken|taking)\s+over\b", "take", ("takeover", "acquire", "buy")),
    (r"\b(?:sign|signs|signed|signing)\s+up\b", "sign", ("enrol", "enrollment", "join")),
    (r"\b(?:set|sets|setting)\s+up\b", "set", ("found", "establish", "create")),
    (r"\b(?:lay|lays|laid|laying)\s+off\b", "lay", ("cut", "redundancies", "job")),
    (r"\b(?:go|goes|went|gone|going)\s+bust\b", "bust", ("collapse", "bankrupt", "administration")),
    (r"\b(?:shut|shuts|shutting)\s+down\b", "shut", ("close", "closure")),
    (r"\b(?:around|across)\s+the\s+(?:world|globe)\b", "world", ("worldwide", "global")),
    (r"\b(?:come|comes|came|coming)\s+out\b", "come", ("release", "launch", "publish")),
    (r"\b(?:draw|draws|drew|drawn|drawing)\s+up\b", "draw", ("compile", "draft")),
    (r"\b(?:give|gives|gave|given|giving)\s+out\b", "give", ("lend", "advance", "grant")),
    (r"\bon\s+(?:the\s+)?air\b", "air", ("broadcast", "ran", "run")),
    (r"\b(?:wind|winds|wound|winding)\s+up\b", "wind", ("liquidate", "liquidation", "close")),
    (r"\b(?:put|puts|putting)\s+off\b", "put", ("deter", "stop", "discourage")),
    (r"\b(?:look|looks|looked|looking)\s+at\b", "look", ("consider", "examine", "review")),
)


_COMPILED_PHRASES = tuple((re.compile(p), word, news) for p, word, news in PHRASES)


def _phrase_options(question: str, stem: Callable[[str], str]) -> dict[str, list[str]]:
    """Search term -> news words, for the phrases of PHRASES in the question."""
    lowered = question.lower()
    found: dict[str, list[str]] = {}
    for pattern, word, news in _COMPILED_PHRASES:
        if pattern.search(lowered):
            found.setdefault(stem(word), []).extend(stem(n) for n in news)
    return found


@lru_cache(maxsize=8)  # one per analyzer in use
def _table(stem: Callable[[str], str]) -> dict[str, tuple[str, ...]]:
    """The table in search terms (the index's stems): term -> paraphrase terms."""
    table: dict[str, tuple[str, ...]] = {}
    for word, others in PARAPHRASES.items():
        terms = tuple(dict.fromkeys(stem(o) for o in others if stem(o) != stem(word)))
        table.setdefault(stem(word), terms)
        if word.endswith("e"):  # the stemmer cuts "suing" to "su", not "sue"
            table.setdefault(stem(word[:-1] + "ing"), terms)
    for word, kinds in KINDS.items():
        key = stem(word)
        more = (stem(k) for k in kinds if stem(k) != key)
        table[key] = tuple(dict.fromkeys([*table.get(key, ()), *more]))
    return table


def reword(terms: Sequence[str], stem: Callable[[str], str],
           doc_freq: Callable[[str], int]) -> tuple[str, ...]:
    """The question's search terms with each one no article has replaced by its first
    paraphrase some article has (and not already asked); the others as they are. (WordNet's
    synonyms are not tried here: on the news tuning halves they changed nothing or lost.)"""
    table = _table(stem)
    asked = set(terms)
    found = []
    for term in terms:
        if term in table and doc_freq(term) == 0:
            term = next((o for o in table[term] if o not in asked and doc_freq(o) > 0), term)
        found.append(term)
    return tuple(found)


# WordNet's relations `align` reads a question word by, after the hand tables and the suffix
# rules (bot.search.synonyms): "Q", for a word whose most frequent sense is a noun or adjective
# one, the synonyms of its most frequent noun and adjective senses that WordNet's sense-tagged
# corpus has in that sense ("enough" -> "adequate", "effect" -> "consequence", "kids" ->
# "child"; not "fall" -> "autumn", a verb first). Verbs' synonyms ("spend" -> "pass", "run"
# -> "tally"), all senses, derivations, hypernyms and hyponyms were measured on the tuning
# halves and left out: they answered a few more questions and falsely answered more.
WORDNET_KINDS = "Q"


def _wordnet_terms(word: str, stem: Callable[[str], str]) -> tuple[str, ...]:
    """WordNet's related words of a question word, in search terms: not its own, not a chat
    light word ("go", "get") or a stopword."""
    own = stem(word)
    return tuple(t for t in dict.fromkeys(stem(w) for w in synonyms.related(word, WORDNET_KINDS)
                                          if w not in ENGLISH_STOPWORDS)
                 if t != own and t not in LIGHT_TERMS)


# Sentences of the first search whose articles the question is read against.
ALIGN_HITS = 3
# Question terms an article may lack and still be the one asked about, each with a form there
# (light words aside): with more it is likely not the article asked about. (3 on the news
# tuning halves: "how many kids a year are badly hurt" - "children ... serious ... injuries";
# 2 before, one right answer fewer, no false answer either way.)
MAX_REREAD = 3
# Sentences of a search with the question's terms and their forms that `align` reads
# (_read_in_sentence); each may lack as many question terms as an article, in other forms.
SENTENCE_HITS = 10

# Chat's light words ("get", "going", "people", "thing", "like"): a question puts them around
# what it asks, and an article that lacks them may still be the one asked about, so `align`
# leaves them out there rather than counting them as words the article does not say (their
# search terms).
LIGHT_TERMS = frozenset(
    "get go make put want think person thing someth like kind sort type way lot need look "
    "mean done keep come take give whole everi one around far time back".split())

# How sure a form is: a guess (a paraphrase, a kind, a derivation by suffix rules), a table's
# form (a place, an abbreviation, a number), or the news word for a chat phrase the question says.
GUESS, TABLE, PHRASE = 0, 1, 2
Options = dict[str, list[tuple[tuple[str, ...], int]]]

# Verbs of making a work: "who wrote the pillowman?" is answered by "The Pillowman by Martin
# McDonagh", with no verb at all. Asked "who ...", such a verb the article never uses (nor any
# form of it) is left out there, as a light word, even alone.
MAKERS = frozenset("write wrote written direct directed compose composed paint painted design "
                   "designed sing sang sung pen penned".split())

# Words that name the kind of answer asked for, which the answer gives rather than says: "what
# date is the super bowl" - "on 6 February", "how much is the contract worth" - "a 2.5-billion
# guilder order". Such a word the article never uses is left out there, as a light word, even
# alone. ("total", "name", "number", "figure", "level" were measured too: each lost as many
# questions on the news tuning halves as it gained, or more.)
ASKERS = frozenset("worth amount date".split())


# The same words come back in question after question, but they are the users' words and a
# bot runs for months: the cache stays small (an entry holds ~2 KB of forms; 50,000 held
# ~156 MB together with a second cache in variants).
@lru_cache(maxsize=4096)
def _word_forms(word: str, stem: Callable[[str], str]) -> tuple[tuple[tuple[str, ...], int], ...]:
    """A question word's other forms (bot.search.variants) in search terms, with how sure
    each is."""
    sure = set(PLACES.get(word, ())) | set(NUMBERS.get(word, ()))
    own = tuple((tuple(stem(w) for w in other.split() if w not in ENGLISH_STOPWORDS),
                 TABLE if other in sure else GUESS) for other in forms(word))
    # WordNet's words last: the hand tables and the article's own forms are news usage.
    return (*own, *(((t,), GUESS) for t in _wordnet_terms(word, stem)))


def _options(question: str, terms: Sequence[str], index: SentenceIndex) -> Options:
    """Each question term's other forms that some article uses, most likely first, each with
    how sure it is (GUESS, TABLE, PHRASE)."""
    stem = index.analyzer.stem
    table = _table(stem)
    words: dict[str, list[str]] = {}
    for word in raw_tokens(question):
        words.setdefault(stem(word), []).append(word)
    phrases = _phrase_options(question, stem)
    doc_freq = index.engine.doc_freq
    options: Options = {}
    for term in dict.fromkeys(terms):
        found: list[tuple[tuple[str, ...], int]] = [((o,), PHRASE) for o in phrases.get(term, ())]
        found += [((o,), GUESS) for o in table.get(term, ())]
        for word in words.get(term, []):
            found += _word_forms(word, stem)
        kept: dict[tuple[str, ...], int] = {}
        for stems, sureness in found:
            # Only forms some article uses can be chosen: the others are dropped here.
            if stems and term not in stems and all(doc_freq(t) > 0 for t in stems):
                kept[stems] = max(kept.get(stems, GUESS), sureness)
        options[term] = list(kept.items())
    return options


@dataclass(frozen=True)
class FirstSearch:
    """The engine search `align` ran, kept so that retrieval (bot.search.retrieve), searching
    the same terms of the same index, takes its hits instead of searching again."""

    terms: tuple[str, ...]
    k: int
    hits: tuple[Hit, ...]
    index: SentenceIndex = field(compare=False, repr=False)

    def reuse(self, index: SentenceIndex, terms: Sequence[str], k: int) -> list[Hit] | None:
        """The k best hits for these terms, if this search found them (None if not)."""
        if index is not self.index or self.terms != tuple(terms):
            return None
        if k > self.k and len(self.hits) == self.k:
            return None  # it stopped short of k: there may be more
        return list(self.hits[:k])


def align(question: str, terms: Sequence[str], index: SentenceIndex) -> tuple[str, ...]:
    """The question's search terms in the words of the article it is most likely about
    (see align_search)."""
    return align_search(question, terms, index)[0]


def align_search(question: str, terms: Sequence[str], index: SentenceIndex,
                 keep: int = 0) -> tuple[tuple[str, ...], FirstSearch | None]:
    """The question's search terms in the words of the article it is most likely about: a
    term that article never uses is replaced by the first of its other forms
    (bot.search.variants: "directed" -> "director", "russian" -> "russia", "uk" -> "britain"),
    paraphrases (the table above) or kinds ("vehicle" -> "truck") that the article uses, and
    not already asked.

    The article is that of the best sentence of a first search with the terms as asked, and
    it must have all the question's other terms: then the question is about it and says one
    thing in other words (or two, when the article has a form of each; chat's light words it
    lacks are left out). The term it lacks adds nothing to any of its sentences, so reading
    it as the article's own word only lets the sentence that says it in other words match; a
    term the article has is never touched. When that article cannot say the question, the
    next ones of the first search are tried with a chat phrase's news words only ("who runs
    spamhaus" -> "director", when the best sentence was about someone running), and the
    articles a search with the phrase's news word in its place finds. A word naming the kind
    of answer ("date", "worth") the article never uses is left out. When no article could be
    read, a sentence may still say a word in another form ("japan's finance minister" -
    "Japanese Finance Minister ..."): _read_in_sentence.

    Also the first search, if it ran: when it searched the terms as asked, it takes the `keep`
    best sentences (retrieval's own first search, which it saves when no term is re-read);
    only the first ALIGN_HITS of them are read here, the same as a search of ALIGN_HITS (the
    engine breaks ties by document number, so a longer list starts with the shorter one)."""
    if not terms:
        return tuple(terms), None
    options = _options(question, terms, index)
    tokens = raw_tokens(question)
    stem = index.analyzer.stem
    makers = (frozenset(stem(w) for w in tokens if w in MAKERS)
              if "who" in tokens else frozenset())
    if not any(options.values()) and not makers:
        return tuple(terms), None  # nothing to re-read a word as: no first search
    left_out = makers | frozenset(stem(w) for w in ASKERS)
    # The article is found by what the question asks about, not by its light words.
    asks = [t for t in terms if t not in LIGHT_TERMS or options.get(t)] or list(terms)
    k = max(ALIGN_HITS, keep) if asks == list(terms) else ALIGN_HITS
    found_hits = index.search(asks, k)
    first = FirstSearch(tuple(asks), k, tuple(found_hits), index)
    hits = found_hits[:ALIGN_HITS]
    if hits and set(terms) <= set(index.sentence_terms(hits[0].doc)):
        return tuple(terms), first  # its best sentence has every word: so has its article
    articles = dict.fromkeys(h.sentence.article_id for h in hits)
    for place, article in enumerate(articles):
        found = _read_in(article, terms, options if place == 0 else _phrases_only(options),
                         index, left_out)
        if found is not None:
            return found, first
    # A chat phrase's news word may find the article its words did not ("how many awards has
    # wasp picked up around the world" - "won 30 awards worldwide"): searched in its place.
    phrased = {t: next((f for f, sure in options.get(t, []) if sure == PHRASE), (t,)) for t in asks}
    if any(phrased[t] != (t,) for t in asks):
        again = index.search([x for t in asks for x in phrased[t]], ALIGN_HITS)
        for article in dict.fromkeys(h.sentence.article_id for h in again):
            found = _read_in(article, terms, options, index, left_out)
            if found is not None:
                return found, first
    # An article of the first search with every word but light ones is the one asked about:
    # its words are not read otherwise sentence by sentence (see _read_in_sentence).
    heavy = [t for t in terms if t not in LIGHT_TERMS]
    if any(index.article_vocabulary(article).issuperset(heavy) for article in articles):
        return tuple(terms), first
    found = _read_in_sentence(terms, options, index)
    return (tuple(terms) if found is None else found), first


def _phrases_only(options: Options) -> Options:
    """The news words of chat phrases only: an article after the first search's best may not
    be the one asked about, and is read only by what the question says in a phrase."""
    return {t: [(f, sure) for f, sure in fs if sure == PHRASE] for t, fs in options.items()}


def _read_in_sentence(terms: Sequence[str], options: Options,
                      index: SentenceIndex) -> tuple[str, ...] | None:
    """The terms as one sentence words them: the first of the SENTENCE_HITS best sentences
    for the terms and their forms that has every term but at most MAX_REREAD, each of
    those in a form, and whose article uses those words elsewhere ("who is japan's finance
    minister" - "Japanese Finance Minister Kiichi Miyazawa", in an article about Japan). The
    article-level reading (_read_in) covers a word the article never uses; this one, tried when
    no article of the first search could say the question, a word the article uses, but not
    where it answers. Light words the sentence lacks are left out. (Tried also when the first
    search's article has every word, it answered 2 more of news' and 2 more of news2's tuning
    questions right, and one unanswerable one of news2's, but on SQuAD 2.0's even articles 11
    more right answers cost 14 more false ones: accuracy 0.5707 -> 0.5697.)"""
    asked = set(terms)
    forms = {t: [f for f, _ in fs if not asked.intersection(f)] for t, fs in options.items()}
    wanted = list(dict.fromkeys([*terms, *(x for fs in forms.values() for f in fs for x in f)]))
    if len(wanted) == len(asked):
        return None  # no form to read a word as
    # A term no sentence has is missing from every one: when it has no form, or there are
    # more such terms than MAX_REREAD, no sentence can give the reading, so none is searched.
    doc_freq = index.engine.doc_freq
    never = [t for t in asked if t not in LIGHT_TERMS and doc_freq(t) == 0]
    if len(never) > MAX_REREAD or not all(forms.get(t) for t in never):
        return None
    # An article's vocabulary is built from all its terms: once a call, not once a hit.
    vocabularies: dict[str, frozenset[str]] = {}
    for hit in index.search(wanted, SENTENCE_HITS):
        has = set(index.sentence_terms(hit.doc))
        missing = [t for t in dict.fromkeys(terms) if t not in has and t not in LIGHT_TERMS]
        if not missing or len(missing) > MAX_REREAD:
            continue
        article = hit.sentence.article_id
        if article not in vocabularies:
            vocabularies[article] = index.article_vocabulary(article)
        if not vocabularies[article].issuperset(missing):
            continue  # another topic's sentence ("fiat's chairman" - "chairman ... ordered")
        chosen = {t: next((f for f in forms.get(t, []) if has.issuperset(f)), None)
                  for t in missing}
        if any(f is None for f in chosen.values()):
            continue
        aligned: list[str] = []
        for term in terms:
            if term in chosen:
                aligned.extend(x for x in chosen[term] or () if x not in aligned)
            elif term in has or term not in LIGHT_TERMS:
                aligned.append(term)
        return tuple(aligned)
    return None


def _read_in(article: str, terms: Sequence[str], options: Options,
             index: SentenceIndex, left_out: frozenset[str] = frozenset()) -> tuple[str, ...] | None:
    """The terms as `article` words them; the terms as asked when it has them all; None when
    it cannot say them (then it may be another article than the one asked about)."""
    asked = set(terms)
    wanted = list(dict.fromkeys([*terms, *(t for fs in options.values() for f, _ in fs for t in f)]))
    _, df = index.article_doc_freqs(article, wanted)
    missing = [t for t in dict.fromkeys(terms) if df.get(t, 0) == 0]
    if not missing:
        return tuple(terms)
    chosen = {}
    for term in missing:
        usable = next((f for f, _ in options.get(term, [])
                       if all(df.get(x, 0) > 0 and x not in asked for x in f)), None)
        if usable is not None:
            chosen[term] = usable
    light = {t for t in missing if t in LIGHT_TERMS and t not in chosen}
    made = {t for t in missing if t in left_out and t not in chosen}
    rest = [t for t in missing if t not in light and t not in made]
    # Every other missing term needs a form here; light words go only beside a re-read one.
    if (not rest and not made) or len(rest) > MAX_REREAD or len(chosen) < len(rest):
        return None
    light |= made
    aligned: list[str] = []
    for term in terms:
        if term in light:
            continue
        if term in chosen and not asked.intersection(chosen[term]):
            aligned.extend(chosen[term])
            asked.update(chosen[term])
            continue
        aligned.append(term)
    return tuple(aligned)
