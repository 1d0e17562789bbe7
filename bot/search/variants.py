"""Other forms of a question word: "director" for "directed", "russia" for "russian", "fast" for
"fastest", "britain" for "uk".

The Snowball stemmer joins inflections ("withdrawing", "withdrawal" -> "withdraw") but not
derivations: the agent noun ("director", "presenter", "referee"), the country and its adjective
("russia"/"russian", "france"/"french"), the superlative ("fastest") or an abbreviation ("uk",
"eu"). These are general English, not any corpus's: suffix rules for the regular forms and one
small table for the rest. The forms are guesses, unchecked: bot.search.paraphrase keeps only
those the articles use.
"""

from __future__ import annotations

from bot.search.spelling import english_words

# Countries, their adjectives and peoples, and the abbreviations news uses for them: each line
# is one place, its forms in the order a reporter most often writes them; "_" joins the words of
# a form ("south_africa"), so that "south" alone is not read as "africa".
_PLACES = """
russia russian russians moscow kremlin
ukraine ukrainian ukrainians kyiv kiev
britain british uk briton britons
england english
scotland scottish scots
wales welsh
ireland irish
america american americans us usa
china chinese beijing
japan japanese tokyo
india indian indians delhi
pakistan pakistani
france french paris
germany german germans berlin
italy italian italians rome
spain spanish madrid
portugal portuguese
netherlands dutch holland
belgium belgian
switzerland swiss
sweden swedish
norway norwegian
denmark danish
finland finnish
poland polish
greece greek greeks athens
turkey turkish ankara
israel israeli israelis
iran iranian iranians tehran
iraq iraqi iraqis baghdad
syria syrian syrians
egypt egyptian
saudi_arabia saudi
afghanistan afghan afghans
brazil brazilian
argentina argentine argentinian
mexico mexican mexicans
canada canadian canadians
australia australian australians
indonesia indonesian
malaysia malaysian
singapore singaporean
thailand thai
vietnam vietnamese
korea korean koreans
philippines philippine filipino
nigeria nigerian
kenya kenyan
south_africa south_african
armenia armenian armenians yerevan
azerbaijan azerbaijani baku
georgia georgian
europe european eu brussels
"""

# Abbreviations and the words they stand for.
_SHORT = """
eu european union
un united nations
uk united kingdom
us united states
nato alliance
imf international monetary fund
pm prime minister
ceo chief executive
mp parliament
mps parliament
"""


def _place_table() -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    for line in _PLACES.strip().splitlines():
        forms = [form.replace("_", " ") for form in line.split()]
        for form in forms:
            table.setdefault(form, tuple(f for f in forms if f != form))
    for line in _SHORT.strip().splitlines():
        short, *words = line.split()
        table[short] = tuple(dict.fromkeys((*table.get(short, ()), " ".join(words))))
    return table


PLACES = _place_table()

# Suffix rules, (ending, replacement): an agent or a person ("direct" -> "director"), a
# superlative or comparative ("fastest" -> "fast"), a nominalisation ("nominate" ->
# "nomination"). Each is tried both ways.
_DERIVATIONS = (
    ("", "or"), ("", "er"), ("e", "er"), ("", "ee"), ("e", "ee"),
    ("", "ation"), ("e", "ation"), ("", "ion"), ("e", "ion"), ("", "ment"), ("", "al"),
    ("", "ist"), ("y", "ist"), ("", "ship"), ("", "ance"), ("", "ence"),
    ("a", "an"), ("a", "ian"),  # "kenyan", "nigerian" (other peoples: the table)
    # Nominalisations whose stem changes: "suspended" -> "suspension", "decide" -> "decision",
    # "deliver" -> "delivery", "reduce" -> "reduction", "qualify" -> "qualification".
    ("d", "sion"), ("de", "sion"), ("er", "ery"), ("ce", "ction"), ("y", "ication"),
    ("ain", "ention"),
)
# Comparatives and superlatives are left out: "highest" is not "high" ("the highest impact" is
# asked of "a high impact" only in other words), and on SQuAD v1.1 they lost more than they won.


def derivations(word: str) -> list[str]:
    """Regular derivations of a word, and what it derives from, unchecked guesses ("directed"
    is read as "direct": "director", "direction" ...), what it derives from first. Short
    words have too many."""
    if len(word) < 4 or not word.isalpha():
        return []
    bases = [word[:-len(ending)] for ending in ("ed", "ing", "s", "d")
             if word.endswith(ending) and len(word) - len(ending) >= 4][:1] or [word]
    roots: list[str] = []
    derived: list[str] = []
    for base in bases:
        for old, new in _DERIVATIONS:
            if base.endswith(new) and len(base) - len(new) >= 4:  # derived -> its root
                root = base[:len(base) - len(new)] + old
                if root in english_words():  # "director" -> "direct", not "metal" -> "met"
                    roots.append(root)
            if base.endswith(old):  # root -> derived ("direct" -> "director")
                derived.append((base[:len(base) - len(old)] if old else base) + new)
    return [f for f in dict.fromkeys(roots + derived) if f != word and len(f) >= 3]


# A general word and the kinds of it news names instead ("what vehicles were seen" - "trucks
# and armoured vehicles"; "which official" - "the minister"): one line a word, the commonest
# kinds first. Hand-written after the hyponyms of Princeton WordNet 3.0 (its noun hierarchy:
# vehicle > car, truck, tank ...), cut to the kinds a news report uses; no WordNet data ships
# or loads (nltk's WordNet needs a download). bot.search.paraphrase reads it with its own table:
# `align` for a word the article asked about never uses, `reword` for one no article uses.
_KINDS = """
vehicle car truck lorry van bus tank jeep motorcycle convoy
weapon gun rifle missile rocket bomb artillery arms explosive
official minister spokesman secretary officer diplomat envoy ambassador
aircraft plane jet helicopter airliner drone
vessel ship tanker boat ferry warship frigate
ship tanker ferry warship frigate freighter
building house tower office hotel headquarters factory property
drug medicine treatment pill vaccine
disease virus illness infection flu cancer
crime murder theft fraud robbery assault
grain wheat barley maize corn rice
fuel oil gas petrol diesel coal
metal gold silver copper zinc tin steel aluminium nickel
currency dollar yen euro pound sterling franc mark
animal cattle pig sheep bird horse
food meat beef grain sugar fruit
gadget phone console camera player laptop
device phone gadget machine console
worker employee staff labourer
soldier troops marine
leader president premier chairman chief head
"""


def _kinds() -> dict[str, tuple[str, ...]]:
    return {line.split()[0]: tuple(line.split()[1:]) for line in _KINDS.strip().splitlines()}


KINDS = _kinds()

# Numbers written out and in digits: "six" asked, "6" written (news writes both).
_CARDINALS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
              "fourteen fifteen sixteen seventeen eighteen nineteen twenty").split()
_ORDINALS = ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
             "twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth "
             "nineteenth twentieth").split()


def _numbers() -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    pairs = [(w, str(n)) for n, w in enumerate(_CARDINALS)]
    pairs += [("thirty", "30"), ("forty", "40"), ("fifty", "50"), ("sixty", "60"),
              ("seventy", "70"), ("eighty", "80"), ("ninety", "90"), ("hundred", "100")]
    for n, word in enumerate(_ORDINALS, 1):
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        pairs.append((word, f"{n}{suffix}"))
    for word, digits in pairs:
        table[word] = (digits,)
        table[digits] = (word,)
    for a, b in (("percent", "pct"), ("million", "mln"), ("billion", "bn")):
        table[a], table[b] = (b,), (a,)
    return table


NUMBERS = _numbers()


def forms(word: str) -> list[str]:
    """Other forms of a word, most likely first: the table's, then the suffix rules'. A form
    may be several words ("united states"). Not cached here: its one caller,
    bot.search.paraphrase, keeps each word's forms once, in search terms."""
    return list(dict.fromkeys([*PLACES.get(word, ()), *NUMBERS.get(word, ()),
                               *derivations(word)]))
