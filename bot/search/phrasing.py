"""What a chat message asks, without the chat around it: "hey @newsbot when did it start? thx lol".

Greetings, a leading @mention, fillers ("ok so", "um"), thanks, laughter and emoji around a
question say nothing about what it asks, but their words would join the search ("hey" meets a
sentence quoting someone's "hey", "thx" is unknown and makes the question look off-topic). They
are taken off both ends, repeatedly, before the question is analysed; the user's own words are
kept for the reply. Only whole words at the ends go: the same words inside a question stay.
"""

from __future__ import annotations

import re

# Openers: greetings (with who is greeted), fillers, a mention. Longest alternatives first.
_GREETING = (r"(?:good\s+(?:morning|afternoon|evening|day)|hi+|hello+|hey+|heya|hiya|howdy|yo|"
             r"greetings|morning|evening|sup|hallo|hola|salut)"
             r"(?:\s+(?:there|all|everyone|everybody|guys|folks|team|mate|friend|bot|newsbot))?")
_FILLER = (r"(?:thanks?|thx|cheers|and|ok(?:ay)?|k|so|um+|uh+|erm+|er|hmm+|mm+|well|anyway|btw|oh|ah|alright|"
           r"quick\s+(?:question|one|q)|question|random\s+question|just\s+(?:wondering|curious)|"
           r"curious|fyi|tbh|imo|also|"
           r"lol|lmao|haha\w*|hehe\w*|bot|newsbot|dear\s+bot|please|pls|plz)")
_MENTION = r"@\w+"
# Closers: thanks, laughter, politeness, emoticons.
_CLOSER = (r"(?:thanks?(?:\s+you)?(?:\s+(?:so|very)\s+much)?(?:\s+(?:bot|mate|in\s+advance))?|"
           r"thx|thnx|tnx|ty|tia|cheers|ta|pls|plz|please|lol+|lmao|rofl|haha\w*|hehe\w*|xd+|"
           r"btw|tbh|fyi|imo|anyway|any\s+idea|"
           r"bot|newsbot|mate|guys|anyone|any\s*one|:\)|:-\)|:\(|:d|;\)|<3)")
_SEPARATORS = r"[\s,.!:;~\-–—]*"
_LEADING = re.compile(rf"^{_SEPARATORS}(?:{_MENTION}|(?:{_GREETING}|{_FILLER})(?![\w'’]))"
                      rf"{_SEPARATORS}", re.IGNORECASE)
_TRAILING = re.compile(rf"(?<![\w'’]){_CLOSER}{_SEPARATORS}[?!.]*\s*$", re.IGNORECASE)
# Pictographs, symbols and their joiners and variation selectors.
_EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\ufe0f\u200d\u2300-\u23ff]+")


def core_question(message: str) -> str:
    """The question inside a chat message: chat words and emoji off both ends (the message
    itself if nothing would be left)."""
    return _peel(message)[0]


def only_chat(message: str) -> bool:
    """True when a message has words but all of them are chat ("@bot", "lol", "ok so um",
    "anyone?"): it asks nothing, so there is nothing to search for."""
    return _peel(message)[1]


def _peel(message: str) -> tuple[str, bool]:
    """core_question's text, and whether peeling one more time would leave no word at all."""
    text = " ".join(_EMOJI.sub(" ", message).split())
    while True:
        shorter = _LEADING.sub("", text, count=1)
        shorter = _TRAILING.sub("", shorter, count=1).strip()
        has_words = bool(re.search(r"\w", text))
        if not re.search(r"\w", shorter):
            return (text if has_words else message), has_words
        # A question mark the closer stood behind stays with the question ("...start? thx").
        if shorter == text:
            return text, False
        text = shorter


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
