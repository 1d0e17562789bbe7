"""Search terms of a text in a language other than English: words, stopwords, Snowball stems.

Terms carry their language as a suffix ("дом|ru", "casa|es"), so one index can hold articles
in several languages and a question only ever meets terms of its own language (Spanish and
English share many spellings). English terms have no suffix: an English index is unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cached_property, lru_cache

from bot.search.lang import arabic, hindi
from bot.search.lang.stopwords import (
    PHRASES_BY_BEGINNING,
    QUESTION_FRAMING,
    QUESTION_PHRASES,
    stopwords,
)
from bot.search.lang.words import greek_lemma, tokenizer

TAG = "|"

# ISO 639-1 -> the Snowball algorithm of the `snowballstemmer` package (pure Python).
SNOWBALL = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "cs": "czech",
    "da": "danish", "nl": "dutch", "eo": "esperanto", "et": "estonian", "fi": "finnish",
    "fr": "french", "de": "german", "el": "greek", "hi": "hindi", "hu": "hungarian",
    "id": "indonesian", "ga": "irish", "it": "italian", "lt": "lithuanian", "ne": "nepali",
    "no": "norwegian", "fa": "persian", "pl": "polish", "pt": "portuguese", "ro": "romanian",
    "ru": "russian", "sr": "serbian", "es": "spanish", "sv": "swedish", "ta": "tamil",
    "tr": "turkish", "yi": "yiddish",
}

# Languages whose words are lemmatised (simplemma, its dictionaries in the wheel) before Snowball
# stems them: Arabic's broken plurals and attached pronouns ("نقاط"/"نقطة", "محاولتهم") meet
# their word (XQuAD's even half: P@1 0.662 -> 0.676; German 0.675 -> 0.673, Spanish 0.694 ->
# 0.688, Hindi 0.686 -> 0.681, so only Arabic). Turkish too: Snowball's Turkish stemmer reads
# endings without knowing the root and cuts into it ("sistem" -> "siste" but "sistemini" ->
# "sistem", "cümle" -> "c", "kasaba" -> "kasap" but "kasabası" -> "kasaba"), and the lemma
# gives both forms one word first: even half 0.686 -> 0.722. (The lemma alone where simplemma
# knows the word, Snowball elsewhere, as Greek's, LEXICON below: 0.725, but a word
# typed in ASCII letters, "kisi" for "kişi", is known to no lexicon and would then get
# Snowball's stem while "kişi" got the lemma; stemmed after the lemma, both are "kis".)
LEMMATISED = frozenset({"ar", "tr"})
# Words rewritten before they are lemmatised and stemmed: Arabic's two-letter nouns without
# their article and clitic ("الطب" -> "طب", which Snowball leaves whole; bot.search.lang.arabic).
BEFORE_STEM = {"ar": arabic.without_article}
# Turkish's possessive "-sI" at the end of a word: Snowball reads it as the accusative "-I" and
# keeps the "s" ("üniversitesi", its university -> "üniversites", "oyuncusu" -> "oyuncus"),
# while before a case ending it goes ("üniversitesinde" -> "üniversite", "oyuncusundan" ->
# "oyuncu"); "-sI" is Turkish's commonest compound ("Varşova Üniversitesi"), so a question and
# its answer often hold the two forms. After a vowel, "-sI" is the possessive (a root ending in
# a consonant takes a bare "-I": "ders-i"), so a stem that is the word less its last letter,
# ending in vowel + "s", loses the "s" too. XQuAD Turkish (read for analysis bugs, not tuned
# on: an unseen language): of its 886 words so stemmed, 188 shared their stem with another
# form of the word before, 674 after. A root ending in vowel + "s" ("nüfus-u") loses its "s"
# too: rarer.
_TURKISH_VOWELS = frozenset("aeıioöuüâîû")


def _turkish_possessive(word: str, stem: str) -> str:
    """The stem less a possessive "s" Snowball left ("oyuncusu": "oyuncus" -> "oyuncu")."""
    if (len(word) >= 5 and word[-1] in "ıiuü" and word[-2] == "s"
            and word[-3] in _TURKISH_VOWELS and stem == word[:-1]):
        return word[:-2]
    return stem


# Languages whose words take their lexicon's lemma where it knows them, instead of Snowball's
# stem: Greek (bot.search.lang.words.greek_lemma, simplemma's lexicon read without accents).
# XQuAD's even half: Greek 0.686 -> 0.703 (Snowball's stem of the lemma 0.703; a stem's final
# "ι" dropped instead, "γειτονι" / "γειτον", 0.696). Tried on the even halves, not taken (a
# gain under 3 questions, or a loss): the lemma where simplemma knows the word for Arabic
# 0.711 -> 0.701 (it keeps lemmas before Snowball), German 0.701 -> 0.691, Spanish 0.714 ->
# 0.711, Russian 0.739 -> 0.717, Romanian 0.748 -> 0.745, Hindi 0.708 -> 0.711.
LEXICON = {"el": greek_lemma}
# Stems mended from the word they came from, after Snowball (Turkish's "-sI", above).
AFTER_STEM = {"tr": _turkish_possessive}
# Stems rewritten to one spelling after Snowball: Hindi's loanwords (bot.search.lang.hindi);
# Arabic's derived verbs and their verbal nouns as one ("استخدام" -> "استخدم",
# bot.search.lang.arabic); Turkish letters as their ASCII ones ("ı" "i", "ş" "s", "ğ" "g"...),
# since many type Turkish without them ("Kadikoy", "Besiktas") and the stemmer has read the
# word's vowels already.
_TURKISH_ASCII = str.maketrans("ıçğöşüâîû", "icgosuaiu")
RESPELL = {"hi": hindi.normalise, "ar": arabic.normalise,
           "tr": lambda stem: stem.translate(_TURKISH_ASCII)}
# Languages often typed without their own letters: a word typed in ASCII letters ("cunku",
# "icin") is also compared with the stopwords spelt that way ("çünkü", "için"), except those
# that become two-letter words, which are other words then ("şu" that, "su" water).
ASCII_TYPED = {"tr": _TURKISH_ASCII}
# Languages whose one-letter stems are dropped: Hindi's Snowball cuts auxiliaries to a letter
# ("किए" -> "क", "गए" -> "ग"), Thai's segmenter leaves single letters of names it cannot read
# (even half: Hindi 0.688 -> 0.696, Thai 0.652 -> 0.658; no gain elsewhere).
NO_SINGLE_LETTERS = frozenset({"hi", "th"})
# Languages whose compounds are split (German): a sentence's "Bibelübersetzung" is also indexed
# as "Übersetzung", its head, so that a question about the translation finds it; the question's
# own compounds stay whole (a question holds few words, and the parts of its compounds let in
# sentences about the other part). XQuAD German, P@1 even/odd: 0.676/0.785 before; heads in
# sentences 0.680/0.794; heads in questions too 0.683/0.777; both parts in sentences 0.676/0.789.
COMPOUNDS = frozenset({"de"})
# What may join a compound's parts ("Staat-s-anwalt", "Zahl-en-theorie"), shortest first.
_LINKS = ("", "s", "es", "n", "en", "e", "er")
_MIN_PART = 4  # letters in either part: shorter ones are prefixes ("ab", "vor") or noise
# Letters in the longest word looked at: trying every cut takes time in proportion to
# the square of the length (a 50,000-letter run in a scraped page took 9 s); XQuAD's German
# words have at most 31 letters, German's long compounds about 60.
_MAX_COMPOUND = 80


# Languages whose framing words (stopwords.QUESTION_FRAMING) are also known by their stem: an
# Arabic word takes its article and clitics ("اسم" is framing, and so is "الاسم", the name: 7 of
# XQuAD's 612 even-half questions kept it as a term). Not German: its stems "laut" and "heiss"
# are also "according to" and "hot".
FRAMING_BY_STEM = frozenset({"ar"})


def _ascii_spellings(words: Iterable[str], typed: dict[int, int] | None) -> dict[str, str]:
    """The words' ASCII spellings (ASCII_TYPED) -> the word, but for those that become
    two-letter words, which are other words then ("şu" that, "su" water)."""
    if typed is None:
        return {}
    return {folded: word for word in words
            if len(folded := word.translate(typed)) > 2 and folded.isascii()}


class LanguageAnalyzer:
    """The Analyzer interface (terms, query_terms, stem, language) for one non-English language."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._tokens = tokenizer(language)
        self._stopwords = stopwords(language)
        self._framing = QUESTION_FRAMING.get(language, frozenset())
        typed = ASCII_TYPED.get(language)
        # The words _keep drops: the stopwords, and their ASCII spellings where typed so.
        self._dropped = self._stopwords | frozenset(_ascii_spellings(self._stopwords, typed))
        # Two-word question words by their first word, also spelt in ASCII ("kac tane").
        phrases = QUESTION_PHRASES.get(language, {})
        self._phrases = {**{folded: phrases[word] for folded, word in
                            _ascii_spellings(phrases, typed).items()}, **phrases}
        self._phrase_by_beginning = language in PHRASES_BY_BEGINNING
        self._suffix = TAG + language
        algorithm = SNOWBALL.get(language)
        if algorithm is not None:
            import snowballstemmer

            self._stemmer = snowballstemmer.stemmer(algorithm)
        else:
            self._stemmer = None
        self._before = BEFORE_STEM.get(language)
        self._lemmatise = language in LEMMATISED
        self._after = AFTER_STEM.get(language)
        self._lexicon = LEXICON.get(language)
        self._respell = RESPELL.get(language)
        self._single = language not in NO_SINGLE_LETTERS
        self._compounds = language in COMPOUNDS
        self.stem = lru_cache(maxsize=200_000)(self._stem_uncached)
        self.compound_head = lru_cache(maxsize=200_000)(self._compound_head)

    @property
    def stemmer_name(self) -> str:
        """The Snowball algorithm used, or 'none'."""
        return SNOWBALL.get(self.language, "none")

    def _stem_uncached(self, token: str) -> str:
        word = self._before(token) if self._before is not None else token
        if self._lemmatise:
            from simplemma import lemmatize

            word = lemmatize(word, lang=self.language).lower() or word
        # The lexicon's word, where it knows it (Snowball's stem is not needed then).
        stem = self._lexicon(word) if self._lexicon is not None else None
        if not stem:
            stem = (self._stemmer.stemWord(word) if self._stemmer is not None else word) or word
            if self._after is not None:
                stem = self._after(word, stem)
        if self._respell is not None:
            stem = self._respell(stem) or stem
        return stem + self._suffix

    @cached_property
    def _framing_stems(self) -> frozenset[str]:
        """The framing words' stems where FRAMING_BY_STEM, else none (worked out on the first
        question: stemming Arabic loads simplemma's lexicon, 0.2 s, which an index that only
        holds Arabic articles need not). Two questions at once may both work it out: the same
        set, and the last one stored wins."""
        if self.language not in FRAMING_BY_STEM:
            return frozenset()
        return frozenset(self.stem(w) for w in self._framing)

    def keeps(self, token: str) -> bool:
        """True if a word (lower case) is a search term's word, not a stopword."""
        return self._keep(token)

    def _keep(self, token: str) -> bool:
        return token not in self._dropped and (
            len(token) > 1 or token.isdigit() or not token.isascii())

    def _compound_head(self, word: str) -> str | None:
        """The last part of a compound when both parts are known words ("bibelübersetzung" ->
        "übersetzung"), the longest such part; None for a word that is not one."""
        if not 2 * _MIN_PART <= len(word) <= _MAX_COMPOUND or not word.isalpha():
            return None
        from simplemma import is_known

        def known(part: str) -> bool:
            return part not in self._stopwords and (
                is_known(part, lang=self.language)
                or is_known(part.capitalize(), lang=self.language))

        for cut in range(_MIN_PART, len(word) - _MIN_PART + 1):
            head = word[cut:]
            if not known(head):
                continue
            body = word[:cut]
            for link in _LINKS:
                if body.endswith(link) and len(body) - len(link) >= 3 and known(
                        body[:len(body) - len(link)]):
                    return head
        return None

    def _kept(self, text: str, question: bool = False) -> Iterator[tuple[str, str]]:
        """The words that make search terms, each with its stem: stopwords out and, in a
        question, its framing words (as written, or by their stem) and the second word of its
        two-word question words ("ne zaman"); a text keeps those."""
        framing = self._framing if question else frozenset()
        framing_stems = self._framing_stems if question else frozenset()
        phrases = self._phrases if question else {}
        before = ""
        for token in self._tokens(text):
            # The second word of a two-word question word ("ne zaman") goes after the first.
            after, before = phrases.get(before, ()), token
            if not self._keep(token) or token in framing or (
                    token.startswith(after) if self._phrase_by_beginning else token in after):
                continue
            term = self.stem(token)
            if term not in framing_stems:
                yield token, term

    def question_words(self, text: str) -> list[str]:
        """A question's words that make its search terms, as written (bot.search.lang.grams
        takes its n-grams from them)."""
        return [token for token, _ in self._kept(text, question=True)]

    def _terms(self, text: str, heads: bool, question: bool = False) -> list[str]:
        terms: list[str] = []
        for token, term in self._kept(text, question):
            terms.append(term)
            if heads:
                head = self.compound_head(token)
                if head is not None:
                    terms.append(self.stem(head))
        if self._single:
            return terms
        # A one-letter stem is this long with its language tag ("क|hi"); digits stay.
        short = 1 + len(self._suffix)
        return [t for t in terms if len(t) > short or t[0].isdigit()]

    def terms(self, text: str) -> list[str]:
        """Search terms of a text, in order (repeats kept: BM25 counts them); a compound is
        followed by its head's term where the language's compounds are split."""
        return self._terms(text, self._compounds)

    def query_terms(self, question: str) -> list[str]:
        """Search terms of a question (its question words are stopwords already; words that
        only frame it go; its compounds stay whole)."""
        return self._terms(question, False, question=True)

    def raw_tokens(self, text: str) -> list[str]:
        """The text's words, lower case, stopwords kept."""
        return self._tokens(text)
