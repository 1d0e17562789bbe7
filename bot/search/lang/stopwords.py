"""Word lists per language, all shipped in packages: stopwords and sentence-inner abbreviations.

Stopwords come from `stopwordsiso` (the stopwords-iso collection, 57 languages, as JSON inside
its wheel): NLTK's lists would need a download. Those lists are generous, and a few of their
words are what a question is about ("year", "eight", "first"), so they are trimmed by KEEP
below. Abbreviations are ours: Punkt is told only the ones that end in a full stop mid-sentence.
"""

from __future__ import annotations

from functools import cache

# Words stopwords-iso drops that carry meaning in news questions and answers: numbers, dates,
# time words, "first/last", "new/old". Kept per language so they stay search terms.
KEEP: dict[str, frozenset[str]] = {
    "de": frozenset("""acht achte achten achter achtes elf erst erste ersten erster erstes
        fünf fünfte fünften fünfter fünftes neun neunte neunten neunter neuntes sechs sechste
        sechsten sechster sechstes sieben siebente siebenten siebenter siebentes siebte
        siebten zehn zehnte zehnten zehnter zehntes zwei zweite zweiten zweiter zweites zwölf
        drei dritte dritten dritter drittes vier vierte vierten vierter viertes jahr jahre
        jahren neu neue neuen neuer neues alt alte alten gross grosse grossen groß große großen
        tag tage tagen zeit lang lange""".split()),
    "ru": frozenset("""год года году лет время два две три четыре пять шесть семь восемь
        девять десять одиннадцать двенадцать первый первая первое первые первого первой
        второй третий последний новый новая новое новые большой люди человек""".split()),
    "es": frozenset("""año años primer primera primero segundo segunda tercer tercera dos
        tres cuatro cinco seis siete ocho nueve diez nuevo nueva nuevos nuevas último última
        tiempo gran grande grandes""".split()),
    "ro": frozenset("""an ani anul anului doi două trei patru cinci șase şase șapte şapte opt
        nouă zece primul prima primii ultimul ultima nou nouă noi timp mare""".split()),
    "ar": frozenset("""عام سنة اثنان اثنين ثلاثة أربعة خمسة ستة سبعة ثمانية تسعة عشرة أول
        الأول الأولى آخر الأخير""".split()),
    "hi": frozenset("""साल वर्ष दो तीन चार पांच पाँच छह सात आठ नौ दस पहला पहली पहले""".split()),
    "tr": frozenset("""iki üç dört beş altı yedi sekiz dokuz on yirmi otuz kırk elli altmış
        yetmiş seksen doksan yüz bin milyon milyar ilk""".split()),
}

# Languages whose stopwords-iso list is cut to its short words (at most this many letters):
# Spanish's is the longest (732 words) and its long entries are verb forms and adverbs
# ("estaba", "hubieran", "durante", "después") that place an answer; cut to articles,
# prepositions, pronouns and short verb forms, XQuAD's even half rose from 0.694 to 0.706 (P@1;
# 3 letters 0.703, 5 letters 0.699; German, Russian, Romanian, Hindi, Arabic: no gain).
SHORT_ONLY: dict[str, int] = {"es": 4}

# Question words per language, by what they ask: the one list that both the stopwords (a
# question word is never a search term: stopwords-iso lacks many, "wofür", "какую", "kimdir")
# and bot.search.lang.questions (what a question asks for: "when" wants a date) read, so the two
# cannot drift apart. Single words only: phrases that ask ("in welchem Jahr", "ne zaman", "bao
# nhiêu") are questions.py's patterns, and a phrase's words that are content words elsewhere
# stay search terms. "other" asks for nothing in particular (Arabic "هل", a yes/no question).
# Greek is written as its words are read (without accents, "σ" for a final sigma).
QUESTION_WORDS_BY_KIND: dict[str, dict[str, tuple[str, ...]]] = {
    "de": {
        "when": ("wann",),
        "who": ("wer", "wen", "wem", "wessen"),
        "where": ("wo", "wohin", "woher"),
        "why": ("warum", "weshalb", "wieso", "weswegen", "wozu"),
        "what": ("was", "welche", "welchem", "welchen", "welcher", "welches", "wofür", "wovon",
                 "worauf", "worüber", "worum", "woran", "womit", "wodurch", "woraus", "worin",
                 "wobei", "wogegen", "wonach"),
        "how": ("wie",),
    },
    # Russian: every case of "какой" (which), "который", "чей" and "сколько" ("какую" was a
    # term in 15 of XQuAD's 612 even-half questions, "какими" in 4, "какому" in 3).
    "ru": {
        "when": ("когда",),
        "how_many": ("сколько", "скольких", "скольким", "сколькими"),
        "who": ("кто", "кого", "кому", "кем", "чей", "чья", "чьё", "чье", "чьи", "чьего",
                "чьему", "чьим", "чьём", "чьей", "чью", "чьих", "чьими"),
        "where": ("где", "куда", "откуда"),
        "why": ("почему", "зачем", "отчего"),
        "what": ("что", "каков", "какова", "каково", "каковы", "какой", "какая", "какое",
                 "какие", "какого", "какому", "каким", "каком", "какую", "каких", "какими",
                 "который", "которая", "которое", "которые", "которого", "которому", "которым",
                 "котором", "которую", "которой", "которых", "которыми"),
        "how": ("как",),
    },
    "ro": {
        "when": ("când",),
        "how_many": ("câți", "câţi", "cât", "câte"),
        "who": ("cine", "cui", "cărui", "cărei"),
        "where": ("unde",),
        "what": ("ce", "care"),
        "how": ("cum",),
    },
    # Spanish: the words without their accent are also conjunctions and relatives ("cuando",
    # "donde", "que"), so questions.py reads those only at the question's start.
    "es": {
        "when": ("cuándo", "cuando"),
        "how_many": ("cuántos", "cuántas", "cuánto", "cuánta", "cuantos", "cuantas", "cuanto",
                     "cuanta"),
        "who": ("quién", "quiénes", "quien", "quienes"),
        "where": ("dónde", "donde", "adónde", "adonde"),
        "what": ("qué", "cuál", "cuáles", "que", "cual", "cuales"),
        "how": ("cómo", "como"),
    },
    "ar": {
        "when": ("متى", "متي"),
        "how_many": ("كم", "بكم", "لكم", "بِكَم"),
        "who": ("من", "مَن", "لمن"),
        "where": ("أين", "اين", "وأين"),
        "why": ("لماذا", "لما", "لِمَ"),
        "what": ("ما", "ماذا", "أي", "أيّ", "أية", "أيّة", "بأي", "بأية", "لأي", "لأية", "وأي",
                 "فماذا", "وماذا", "بماذا"),
        "how": ("كيف",),
        "other": ("هل",),
    },
    "hi": {
        "when": ("कब",),
        "how_many": ("कितना", "कितनी", "कितने"),
        "who": ("कौन", "किसने", "किसको", "किसे", "किसका", "किसकी", "किसके", "किन्हें",
                "किन्होंने"),
        "where": ("कहाँ", "कहां"),
        "why": ("क्यों", "क्यूँ"),
        "what": ("क्या", "किस", "कौनसा", "कौनसी", "कौनसे", "किन"),
        "how": ("कैसे",),
    },
    "zh": {
        "when": ("什么时候", "何时", "哪一年", "哪年"),
        "how_many": ("多少",),
        "who": ("谁",),
        "where": ("哪里", "哪儿"),
        "why": ("为什么",),
        "what": ("什么", "哪个", "哪些"),
        "how": ("怎么", "如何"),
    },
    "el": {
        "when": ("ποτε",),
        "how_many": ("ποσοσ", "ποση", "ποσο", "ποσοι", "ποσεσ", "ποσα", "ποσων", "ποσουσ",
                     "ποσον"),
        "who": ("ποιοσ", "ποια", "ποιον", "ποιοι", "ποιου", "ποιων", "ποιουσ", "ποιεσ",
                "ποιανου", "ποιανησ", "ποιανων"),
        "where": ("που",),
        "why": ("γιατι",),
        "what": ("τι", "ποιο"),
        "how": ("πωσ",),
    },
    # Turkish question words also take the copula ("nedir", "kimdi": what is, who was), the
    # plural and case endings ("neler", "neyin", "kaçını"): unstopped, "nedir" was the term
    # "ne" in 58 of XQuAD's 612 even-half questions and "kimdir" a one-letter "k".
    "tr": {
        "how_many": ("kaç", "kaçta", "kaçıncı", "kaçtır", "kaçtı", "kaçıydı", "kaçını",
                     "kaçının"),
        "who": ("kim", "kimi", "kime", "kimin", "kimden", "kiminle", "kimdir", "kimdi", "kimmiş",
                "kimler", "kimlerdir", "kimlerdi", "kimlerden"),
        "where": ("nerede", "nereye", "nereden", "neresi", "neresidir", "neresiydi",
                  "nerededir", "neredeydi"),
        "why": ("neden", "niçin", "niye"),
        "what": ("ne", "neyi", "neyin", "nedir", "neydi", "neymiş", "neler", "nelerdir",
                 "nelerdi", "neleri", "neyini", "neyle", "hangisi", "hangisidir", "hangisiydi",
                 "hangileri", "hangileridir"),
        "how": ("nasıl", "nasıldır", "nasıldı"),
    },
    # Vietnamese: syllables ("bao nhiêu", how many, is two: questions.py reads the phrases).
    "vi": {
        "how_many": ("mấy",),
        "who": ("ai",),
        "where": ("đâu",),
        "why": ("sao",),
        "what": ("gì", "nào"),
        "other": ("bao", "nhiêu"),
    },
    # Thai is read without spaces: questions.py finds these inside the question's text.
    "th": {
        "when": ("เมื่อไร", "เมื่อไหร่", "เมื่อใด"),
        "how_many": ("เท่าไร", "เท่าไหร่", "เท่าใด", "กี่"),
        "who": ("ใคร", "คนใด", "ผู้ใด"),
        "where": ("ที่ไหน", "ที่ใด", "แห่งใด"),
        "why": ("ทำไม", "เหตุใด"),
        "what": ("อะไร", "ใด", "ไหน", "สิ่งใด", "อันใด", "ประการใด", "บ้าง"),
        "how": ("อย่างไร", "ยังไง", "เพียงใด"),
    },
}
# Every question word of a language, whatever it asks (they join its stopwords).
QUESTION_WORDS: dict[str, frozenset[str]] = {
    language: frozenset(word for words in kinds.values() for word in words)
    for language, kinds in QUESTION_WORDS_BY_KIND.items()}

# Question words of two words whose second is a content word elsewhere: Turkish "ne zaman"
# (when: "zaman" is time) and "kaç tane" (how many: "tane" counts things); Hindi "कौन सा / सी /
# से" (which: "सा" was a term in 25 of XQuAD's 612 even-half questions; P@1 unchanged there).
# Dropped from questions only, after the first word; a word listed here is matched as written,
# or by its beginning in PHRASES_BY_BEGINNING.
QUESTION_PHRASES: dict[str, dict[str, tuple[str, ...]]] = {
    "tr": {"ne": ("zaman",), "kaç": ("tane",)},
    "hi": {"कौन": ("सा", "सी", "से")},
}
# Languages whose listed second words take suffixes ("kaç tanesini"), so they are matched by
# their beginning; elsewhere by the whole word (Hindi's "से" begins "सेना", army, and "सा"
# begins "साल", year: "कौन सेना" keeps its search term).
PHRASES_BY_BEGINNING = frozenset({"tr"})

# Words that frame a question in that language without saying what it is about, dropped from
# questions only (as bot.search.stopwords.QUESTION_FRAMING for English): "Wie heißt ...",
# "Was passierte ...". German, with its "wo-" question words above: XQuAD's even half 0.680 ->
# 0.683, odd 0.794 -> 0.794 (Arabic "يتم", "يسمى" and Hindi "कहते", "जाता": no gain). Then the
# "kind" of "what kind of" and Arabic's "name" of "what is the name of" ("ما هو اسم", "ما نوع"),
# which the answer seldom repeats: German "Art" 0.683 -> 0.685 even, 0.794 -> 0.796 odd; Arabic
# "اسم" and "نوع" 0.691 -> 0.693 even, 0.742 -> 0.746 odd. Not kept where the even half did not
# rise: Spanish "tipo", Russian "тип", "вид", Romanian "tip", "fel" (no change), Hindi "प्रकार"
# (0.703 -> 0.701), Thai "ประเภท", "ชนิด" (0.668 -> 0.665), German "Name" (no gain on "Art").
QUESTION_FRAMING: dict[str, frozenset[str]] = {
    "de": frozenset("heißt hieß heißen hießen lautet lauten lauteten passiert passierte "
                    "geschah art".split()),
    "ar": frozenset("اسم نوع".split()),
    # Thai "จำนวน" (the number of: "มีจำนวนกี่คน"), "ชื่อว่า", "เรียกว่า" (named, called):
    # XQuAD's even half 0.678 -> 0.683, odd 0.768 -> 0.768 ("ชื่อ", "เรียก", "ได้รับ", "คือ",
    # "หมายถึง" more: no change on the even half).
    "th": frozenset("จำนวน ชื่อว่า เรียกว่า".split()),
    # Romanian "se numește" (is called), as German "heißt": 0.747 -> 0.748 even, 0.830 odd
    # ("numele", the name, more: no change; Russian "называется" 0.739 -> 0.737 and Spanish
    # "se llama" no change on their even halves: left out).
    "ro": frozenset("numește numeşte numea numeau numesc numit numită numiți numiţi".split()),
}

# Languages whose stopwords are these words instead of stopwords-iso's list. Vietnamese: the list
# (645 entries) holds syllables that are content words too ("anh": England and "you", "bài":
# article), and its many multi-syllable entries never meet a single syllable; these are the
# function syllables alone (articles, prepositions, conjunctions, copulas, aspect markers).
OWN_STOPWORDS: dict[str, frozenset[str]] = {
    "vi": frozenset("""và của là các có được trong cho với những một này đã để không thì mà từ
        khi đến về như cũng theo tại vào ra sẽ đang bị do nên nhưng hay hoặc rằng thế đó ấy vì
        nếu trên lại còn ở rất đều chỉ bởi qua cái chiếc""".split()),
}
# Languages whose words are compared without accents (bot.search.lang.words.greek_words): so is
# their stopword list, and a final sigma is a sigma.
UNACCENTED = frozenset({"el"})

# Abbreviations that end in a full stop inside a sentence (lower case, final stop left off).
_ABBREVIATIONS: dict[str, str] = {
    "es": "sr sra srta dr dra lic ing arq prof pág págs núm nº art cap etc ej ud uds vd vds "
          "a.c d.c a.m p.m ee.uu av avda gral cía s.a aprox tel km kg",
    "de": "z.b u.a usw bzw ca dr prof nr str vgl evtl ggf d.h i.d.r u.u z.t s.o s.u jh jhd "
          "mio mrd st hr fr bzgl inkl abs tel gebr v.chr n.chr",
    "ru": "г гг т.е т.д т.п т.к др пр им ул д кв стр см рис тыс млн млрд руб коп н.э в.в "
          "акад проф доц чл о им",
    "ro": "dl dna dnul dră d-l d-na etc nr str ș.a ş.a art prof dr lt col gen ing pag vol "
          "sec î.hr d.hr",
    "fr": "m mm mme mlle dr pr st ste etc av apr j.-c n° cf p ex vol chap",
    "it": "sig sigg dott prof ing avv ecc pag vol cap art sec a.c d.c",
    "pt": "sr sra dr dra prof av etc pág nº art cap a.c d.c",
    "nl": "dhr mevr dr prof bijv enz o.a m.a.w d.w.z ca nr",
    "el": "κ κα π.χ δηλ κλπ βλ π.χ μ.χ αι χλμ εκ τ.μ αρ σελ δρ καθ",
    "tr": "dr prof doç yrd av vb vs bkz örn cad sok mah no st hz m.ö m.s yy",
    "vi": "tp ths ts gs pgs bs ks tt",
}


@cache
def stopwords(language: str) -> frozenset[str]:
    """The language's stopwords, lower case (empty for a language stopwords-iso lacks)."""
    import stopwordsiso

    words: set[str] = set()
    if language in OWN_STOPWORDS:
        words = set(OWN_STOPWORDS[language])
    elif stopwordsiso.has_lang(language):
        words = {w.lower() for w in stopwordsiso.stopwords(language)}
    questions = QUESTION_WORDS.get(language, frozenset())
    if language in UNACCENTED:  # both lists as the words are read
        from bot.search.lang.words import greek_form

        words = {greek_form(w) for w in words}
        questions = frozenset(greek_form(w) for w in questions)
    words -= KEEP.get(language, frozenset())
    longest = SHORT_ONLY.get(language)
    if longest is not None:
        words = {w for w in words if len(w) <= longest}
    return frozenset(words | questions)


def abbreviations(language: str) -> frozenset[str]:
    """Abbreviations that do not end a sentence, for Punkt (lower case, no final stop)."""
    return frozenset(_ABBREVIATIONS.get(language, "").split())
