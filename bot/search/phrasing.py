"""What a chat message asks, without the chat around it: "hey @newsbot when did it start? thx lol".

Greetings, a leading @mention, fillers ("ok so", "um"), thanks, laughter and emoji around a
question say nothing about what it asks, but their words would join the search ("hey" meets a
sentence quoting someone's "hey", "thx" is unknown and makes the question look off-topic). They
are taken off both ends, repeatedly, before the question is analysed; the user's own words are
kept for the reply. Only whole words at the ends go: the same words inside a question stay.
So do the framings that only say a question comes ("do you know", "can u tell me", "any
idea", "i wonder", "sorry to bother you but", a "/ask@bot" command).
A chat word goes only where it is chat: not when the question's last word needs it ("what is
idk", "who is the bot"), not before a word it may describe ("sorry state of the economy",
"morning star"), not when a hyphen joins it to a word ("well-known", "k-pop").

What is left is read as typed in full: a message in capitals in lower case, chat spellings of
question words ("wat", "wen", "hw many", "whos") and apostrophes left out ("whats", "didnt")
as written out. Names typed without their possessive apostrophe ("bmws sales") are
bot.search.spelling's.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.search.spelling import english_words
from bot.search.stopwords import ENGLISH_STOPWORDS, QUESTION_FRAMING

# Openers: greetings (with who is greeted), fillers, a mention. Longest alternatives first.
_GREETING = (r"(?:good\s+(?:morning|afternoon|evening|day|arvo)|hi+|hel+o+|ello+|hey+|heya|hiya|"
             r"howdy|yo|greetings|morning|evening|sup|g'?day|"
             # other languages' greetings: people greet in theirs and ask in English
             r"hallo+|hola|ol[aá]|oi|salut|bonjour|bonsoir|ciao|moin|servus|namaste|hej|hei|"
             r"merhaba|shalom|salam|guten\s+(?:morgen|tag|abend)|buon\s*giorno|"
             r"buen[oa]s\s+(?:d[ií]as|tardes|noches)|привет\w*|здравствуй(?:те)?|здрасте|"
             r"добрый\s+(?:день|вечер)|доброе\s+утро)"
             r"(?:\s+(?:there|all|everyone|everybody|guys|folks|team|mate|friend|bot|newsbot|"
             r"y'?all|partner|people|peeps|fam|zusammen|(?:a\s+)?todos|всем))?")
_FILLER = (r"(?:"
           # a question announced: "quick question for ya:", "another q:", "one more:" (first:
           # the longest alternatives must come before "quick question" and "question")
           r"(?:(?:real|very|super)\s+)?quick(?:\s+(?:question|q|one))?(?:\s+for\s+(?:you|ya|u|y'all))?|"
           r"(?:random|another|one\s+more|a|small|silly|dumb|stupid)\s+(?:question|q|one)"
           r"(?:\s+for\s+(?:you|ya|u|y'all))?(?:\s+but)?|one\s+more|"
           r"question\s+for\s+(?:you|ya|u|y'all)|(?:pls|plz|please)\s+help(?:\s+me)?|"
           r"thanks?|thx|cheers|and|ok(?:ay)?|okie|okey|k+|aight|so|um+|uh+|erm+|er|hmm+|mm+|well|"
           r"anyways?|btw|oh|ah|alright|so\s+yeah|(?:lemme|let\s+me)\s+ask(?:\s+(?:you|u))?|"
           r"quick\s+(?:question|one|q)|question|random\s+question|just\s+(?:wondering|curious)|"
           r"curious|fyi|tbh|imo|also|"
           r"lol|lmao|haha\w*|hehe\w*|bot|newsbot|dear\s+bot|please|pls|plz|"
           # exclamations and assent
           r"omg|oh\s+my\s+(?:god|gosh)|wow|whoa|woah|yeah|yea|yep|yes|ya|yah|nah|dude|bro|"
           # apologies
           r"sorry(?:\s+to\s+(?:bother|bug|disturb|interrupt|ask)(?:\s+(?:you|u|ya|y'all|again))?)?"
           r"(?:\s+but)?|excuse\s+me|pardon(?:\s+me)?|"
           # framings that only say a question comes
           r"(?:do|does|did)\s+(?:you|u|ya|anyone|any1|anybody|someone|somebody)\s+"
           r"(?:happen\s+to\s+)?know(?:\s+if)?|"
           r"(?:can|could|would|will)\s+(?:you|u|ya|anyone|anybody|someone|somebody)\s+"
           r"(?:please\s+|pls\s+|plz\s+)?(?:tell|show|let)\s+me(?:\s+know)?|"
           r"tell\s+me|any\s+(?:idea|ideas|clue|clues)|"
           r"i\s+(?:wonder|was\s+wondering|am\s+wondering|'m\s+wondering|’m\s+wondering)"
           r"(?:\s+if)?|wondering|i(?:\s+want|\s+wanna|\s+would\s+like|'d\s+like|’d\s+like)\s+to\s+know|"
           r"(?:any\s*one|anybody|any1|someone|somebody)\s+knows?(?:\s+if)?|"
           r"(?:can|could)\s+(?:someone|somebody|anyone|anybody)\s+(?:please\s+)?tell\s+me|"
           r"i'?m\s+curious|i\s+am\s+curious|"
           # words that are also a question's own ("wait times", "like a virgin", "but for"):
           # only before a question word or a comma
           r"(?:honestly|seriously|wait|like|but|right|basically|actually|literally)"
           r"(?=\s*[,.!:;]|\s+(?:(?:at|in|on|by|for|from|to|"
           r"of|with|about|since|until|during|after|before)\s+)?(?:who|whom|whose|what|which|"
           r"when|where|why|how|is|are|was|were|do|does|did|has|have|had|can|could|will|would|"
           r"(?:what|who|where|how)(?:s|'s|’s)|hi|hey|hello|so|um|ok|okay|lol|lmao|haha\w*)\b)|"
           # asking for help
           r"help(?=\s*[!,.:;])|help\s+(?:me|pls|please|plz))")
_MENTION = r"@\w+"
# A bot command before the question: "/ask when did it start?", "/ask@newsbot ...".
_COMMAND = r"/[a-z_]+(?:@\w+)?"
# Closers: thanks, laughter, politeness, emoticons.
_THANKS = (r"(?:(?:many\s+)?thanks?|thank\s*(?:you+|u+|ya+)|thx|thnx|thnks|thks|tks|tnx|thanx|ty|"
           r"tysm|tyvm|tia|cheers|ta|much\s+appreciated|(?:i\s+)?appreciate\s+it|"
           # other languages' thanks
           r"danke(?:\s+(?:sch[öo]e?n|sehr|dir|euch))?|vielen\s+dank|gracias|merci(?:\s+beaucoup)?|"
           r"grazie(?:\s+mille)?|obrigad[oa]|dank\s+je(?:wel)?|спасибо(?:\s+большое)?)"
           r"(?:\s+(?:so|very)\s+much|\s+a\s+(?:lot|bunch|million|ton)|\s+in\s+advance|\s+again|"
           r"\s+(?:bot|mate|man))*")
# Laughter, in its forms and languages: "lol", "lolol", "lmaoo", "haha", "ahahah", "hehe",
# "jaja" (Spanish), "kek", "хаха" (Russian).
_LAUGHTER = (r"(?:l+o+l+(?:o+l+)*|lmf?ao+|rofl|haha\w*|hehe\w*|a?(?:ha){2,}h?|(?:j[ae]){2,}j?|kek|"
             r"а?(?:ха){2,}х?|xd+)")
_CLOSER = (rf"(?:{_THANKS}|(?:pls|plz|please)\s+(?:help|reply|respond|answer)|"
           r"tho|rn|jk|idk|cc\s+@\w+|"
           r"pls|plz|please|" + _LAUGHTER + "|"
           # emoticons: ":P", ":-D", ";)", "=)", "^^", "<3", a shrug
           r"[:;=][-'^o]?[)(\]\[dpo3*/|]+(?![\w'’])|\^_?\^|<3+|¯\\_\(ツ\)_/¯|"
           r"btw|tbh|fyi|imo|anyway|any\s+ideas?|asap|omg|"
           r"(?:does\s+|do\s+)?(?:any\s*one|anybody|any1|someone|somebody)\s+know|any1|"
           r"bot|newsbot|mate|guys|anyone|any\s*one|:\)|:-\)|:\(|:d|;\)|<3|@\w+)")
_SEPARATORS = r"[\s,.!:;~\-–—]*"
# One chat word or phrase, whole ("so", "hmm", "thanks", "lol"): what a stretched word may be.
_CHAT_WORD = re.compile(rf"(?:{_GREETING}|{_FILLER}|{_CLOSER})", re.IGNORECASE)
# Openers that may also begin the question's own noun phrase ("sorry state of the economy",
# "well water", "morning star", "evening standard", "question time", "quick ratio", "curious
# incident", "yes vote", "bot attacks", "k street", "er wait times"): chat only before
# punctuation, a function word ("sorry who won", "morning all") or more chat, never directly
# before a word they may describe.
# So may greetings that are also names ("ola cabs", "oi telecom", "shalom hartman").
_AMBIGUOUS_OPENERS = frozenset("sorry well morning evening quick question curious yes bot newsbot "
                               "k er oh ello helo ola olá oi hej hei shalom salam".split())
# Words no question ends with: the closer after them is what it asks about ("what is idk",
# "who is the bot", "where did he meet his mate", "the acronym lol"). Not verbs a question may
# strand ("how many kids do they have", "what will it be called"), nor wh-words ("like what"),
# nor prepositions ("where is he from lol", "what club does he play for cheers").
# Not "a", which ends names ("vitamin a", "series a", "plan a").
_NEEDS_MORE = frozenset("""an the my your his her its our their every is are was were am
    and or nor than acronym abbreviation hashtag slang""".split())
_FUNCTION_WORDS = ENGLISH_STOPWORDS | QUESTION_FRAMING | {"since", "per", "via", "whose"}
# A chat word joined by a hyphen is part of a word: "yo-yo", "well-known", "so-called", "hi-fi",
# "k-pop", "thank-you letters", "chat-bot".
_HYPHEN = "-‐‑"
_LEADING = re.compile(rf"^{_SEPARATORS}(?:{_MENTION}|{_COMMAND}|(?:{_GREETING}|{_FILLER})"
                      rf"(?![\w'’]|[{_HYPHEN}]\w))[\s,.!?:;~\-–—]*", re.IGNORECASE)
# A closer may follow "and": "... pls and ty".
_TRAILING = re.compile(rf"(?<![\w'’])(?<!\w[{_HYPHEN}])(?:(?:and|&|n)\s+)?{_CLOSER}"
                       rf"{_SEPARATORS}[?!.]*\s*$", re.IGNORECASE)
# A kiss, "x" or "xx", after a question's end or after thanks or laughter: "...? x", "thanks
# x", "lol x" (a plain "x" after a word may be a name's: "malcolm x").
_KISS = re.compile(rf"(?:(?P<end>[?!.,])\s*|(?P<closer>(?<![\w'’]){_CLOSER})\s+)(?:x{{1,3}}|xo+x*)\s*$",
                   re.IGNORECASE)
# Pictographs, symbols and their joiners and variation selectors.
_EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\ufe0f\u200d\u2300-\u23ff]+")
_EMOJI_AFTER_WORD = re.compile(rf"(?<=[\w'’])\s*(?:{_EMOJI.pattern})(?:\s*{_EMOJI.pattern})*"
                               rf"\s*(?=[\w@/])")


def core_question(message: str) -> str:
    """The question inside a chat message: chat words and emoji off both ends (the message
    itself if nothing would be left), read as typed in full (see written_out)."""
    return written_out(_peel(message)[0])


# Chat spellings of question words and contractions typed without their apostrophe, as
# written out. "y" is "why" only opening a question before a verb ("y did it fall?"), "hw" is
# "how" only before what "how" asks ("hw many", "hw did").
_AUX = (r"(?:do|does|did|is|are|was|were|has|have|had|would|will|can|could|should|"
        r"don'?t|doesn'?t|didn'?t|isn'?t|aren'?t|wasn'?t|weren'?t|hasn'?t|haven'?t|won'?t|"
        r"can'?t|wouldn'?t|couldn'?t|shouldn'?t)")
_SPELLINGS = [(re.compile(pattern, re.IGNORECASE), written) for pattern, written in (
    (r"\b(?:wat|wot|wut|wht|whut)\b", "what"),
    (r"\b(?:wen|whn)\b", "when"),
    (r"\b(?:wher|whr|whre)\b", "where"),
    (r"\b(?:wich|whch)\b", "which"),
    (r"\bhw(?=\s+(?:many|much|long|old|far|big|often|come|tall|large|fast|high|soon|"
     rf"{_AUX[3:-1]})\b)", "how"),
    (r"\bhowmany\b", "how many"), (r"\bhowmuch\b", "how much"),
    (rf"^y(?=\s+{_AUX}\b)", "why"),
    (r"\b(what|who|where|when|how|why)(?:s|'s|’s)\b", r"\1 is"),
    # not "its": the possessive is a word of its own ("what is its population")
    (r"\b(that|there)s\b", r"\1's"),
    (r"\b(do|does|did|is|are|was|were|has|have|had|would|could|should|must|need)nt\b",
     r"\1n't"),
    (r"\bcant\b", "can't"), (r"\bwont\b", "won't"),
)]


def written_out(question: str) -> str:
    """A question as typed in full: a message in capitals in lower case ("WHEN DID IT
    START???"), chat spellings of question words ("wat", "wen", "hw many", "whos", "y did")
    and contractions without their apostrophe ("whats", "didnt") written out."""
    if not re.search(r"[^\W\d_]", question):
        return question
    if question.upper() == question and re.search(r"[A-Z]{2}", question):
        question = question.lower()  # typed in capitals: no name is told by its capital
    for pattern, written in _SPELLINGS:
        question = pattern.sub(written, question)
    return question


def only_chat(message: str) -> bool:
    """True when a message has words but all of them are chat ("@bot", "lol", "ok so um",
    "anyone?"): it asks nothing, so there is nothing to search for."""
    return _peel(message)[1]


# Letters typed three times or more, as chat stretches a word: "thank youuu", "pleeease",
# "sooo", "hmmm" (a run of one letter alone, "www", a Roman numeral, "XXXIII", and, in a
# message not all in capitals, a word in capitals, "IEEE", "UNFCCC", stay).
_STRETCHED = re.compile(r"\b(?=\w*?([a-z])\1\1)(?!([a-z])\2*\b)[a-z]+\b", re.IGNORECASE)
_RUN = re.compile(r"([a-z])\1{2,}", re.IGNORECASE)
# "? ? ?", "! ?": the question's end typed with spaces.
_SPACED_END = re.compile(r"(?<=\S)\s+(?=[?!.](?:\s*[?!.])*\s*$)|(?<=[?!.])\s+(?=[?!.])")


def _unstretched(word: re.Match[str]) -> str:
    """A stretched word read as meant; a real word with a letter three times kept.

    Chat stretches a word's end ("youuu", "plsss") or a vowel to a word it still is
    ("pleeease", "whaaat", "goooood"). A letter three times inside a word that is neither a
    chat word nor an English word once repaired is a real word of another language, typed
    right: German compounds ("Schifffahrt", "Brennnessel", "Seeelefant"), "shellless".
    """
    typed = word.group(0)
    if re.fullmatch(r"[ivxlcdm]+", typed, re.IGNORECASE):
        return typed  # a Roman numeral: "Super Bowl XXXIII", "xxxiii"
    if typed.isupper() and not word.string.isupper():
        return typed  # a name in capitals: "the IEEE", "the UNFCCC", "AAAS"
    once, twice = _RUN.sub(r"\1", typed), _RUN.sub(r"\1\1", typed)
    for candidate in (once, twice):  # "sooo" is "so", "hmmm" "hmm": chat words first
        if _CHAT_WORD.fullmatch(candidate):
            return candidate
    words = english_words()  # bot.search.spelling's list, read once, when a word is stretched
    for candidate in (twice, once):  # "goooood" is "good", not "god"
        if candidate.lower() in words:
            return candidate
    # Stretched at its end ("youuu", "thaaanks" is above): no word ends so in any language.
    return once if _RUN.search(typed[-3:]) else typed


# A message is peeled once: the answer (only_chat, core_question) and a follow-up's reading
# (bot.search.followup) each ask for it, and the peeling is quadratic in the worst case.
@lru_cache(maxsize=256)
def _peel(message: str) -> tuple[str, bool]:
    """core_question's text, and whether peeling one more time would leave no word at all."""
    # An emoji after a word parts it from what follows as a comma would ("morning 😊 max jail
    # term ...": the greeting is chat, not the question's "morning").
    text = message
    if _EMOJI.search(text):
        text = _EMOJI.sub(" ", _EMOJI_AFTER_WORD.sub(", ", text))
    text = " ".join(text.split())
    text = _SPACED_END.sub("", _STRETCHED.sub(_unstretched, text))
    while True:
        shorter = _without_opener(text)
        shorter = _without_closer(shorter).strip()
        kiss = _KISS.search(shorter, _tail(shorter))
        if kiss is not None:
            shorter = (shorter[:kiss.start()] + (kiss.group("end") or kiss.group("closer") or "")
                       ).strip()
        has_words = bool(re.search(r"\w", text))
        if not re.search(r"\w", shorter):
            return (text if has_words else message), has_words
        # A question mark the closer stood behind stays with the question ("...start? thx").
        if shorter == text:
            return text, False
        text = shorter


# A closer alone at the start of what follows an opener: "morning lol who won" is chat twice.
_TRAILING_WORD = re.compile(rf"(?:{_CLOSER})(?![\w'’])", re.IGNORECASE)
_PUNCTUATION = re.compile(r"[,.!?:;~\-–—]")
_FIRST_WORD = re.compile(r"[\w'’]+")
_POSSESSIVE = re.compile(r"'?s$")  # "who's", "whats": the function word they are


def _without_opener(text: str) -> str:
    """The text without its first opener, unless that is the question's own first word."""
    found = _LEADING.match(text)
    if found is None:
        return text
    opener = found.group(0).strip(" \t,.!?:;~-–—").lower()
    rest = text[found.end():]
    if opener in _AMBIGUOUS_OPENERS and rest and found.group(0)[-1].isspace() \
            and not _PUNCTUATION.search(found.group(0)):
        following = _FIRST_WORD.match(rest)
        if following is not None:
            word = following.group(0).lower().replace("’", "'")
            if not (word in _FUNCTION_WORDS or _POSSESSIVE.sub("", word) in _FUNCTION_WORDS
                    or _LEADING.match(rest) or _TRAILING_WORD.match(rest)):
                return text  # "sorry state of the economy", "morning star owner"
    return rest


def _without_closer(text: str) -> str:
    """The text without its last closer, unless that is what the question asks about."""
    found = _TRAILING.search(text, _tail(text))
    if found is None:
        return text
    before = text[:found.start()].rstrip()
    last = before.rsplit(None, 1)[-1] if before else ""
    if last[-1:].isalnum() and last.lower().replace("’", "'") in _NEEDS_MORE:
        return text  # "what is idk", "who is the bot"
    return text[:found.start()].rstrip(" ,;:~-–—")  # "who won - thx", "who won, thanks"


def _tail(text: str) -> int:
    """Where a closer at the end of the text may start: closers are short, so a long message
    is searched in its last words only (the peeling searches once for each word it peels)."""
    ending = len(text) - len(text.rstrip(" \t\n,.!?:;~-–—"))
    return max(0, len(text) - ending - 200)


# Words that point at the people in the chat, not at the news: "did you feed the cat?", "are we
# still on for friday?", "anyone seen my charger?". "us" and "u" are left out (chat types
# "the us" and "man u"), and so is "i" ("annette bening i mean").
_PERSONAL = re.compile(r"\b(?:you|your|yours|yourself|ya|we|our|ours|me|my|mine|anyone|"
                       r"anybody|someone|y'all|yall|guys)\b")
# ... except where they only frame a question about the news: "do you know who won?", "can
# you tell me ...", "what do you know about ...".
_FRAMING = re.compile(r"\b(?:do|did|does|can|could|would|will)\s+(?:you|u|anyone|anybody|someone)"
                      r"\s+(?:know|tell\s+me|remember|explain|find)\b|\btell\s+me\b|"
                      r"\b(?:you|u)\s+know\b|\bshow\s+me\b|\bgive\s+me\b|\bfind\s+me\b")


def about_the_chat(message: str) -> bool:
    """True when a message speaks of the people in the chat (you, we, my ...) beyond framing
    a question ("can you tell me ..."): casual talk, which a group's "?" answering leaves
    alone even when some article shares its words."""
    lowered = " ".join(core_question(message).lower().replace("’", "'").split())
    return bool(_PERSONAL.search(_FRAMING.sub(" ", lowered)))
