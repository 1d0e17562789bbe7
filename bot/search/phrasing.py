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
           r"quick\s+question|question|random\s+question|just\s+wondering|"
           r"lol|lmao|haha\w*|hehe\w*|bot|newsbot|dear\s+bot|please|pls|plz)")
_MENTION = r"@\w+"
# Closers: thanks, laughter, politeness, emoticons.
_CLOSER = (r"(?:thanks?(?:\s+you)?(?:\s+(?:so|very)\s+much)?(?:\s+(?:bot|mate|in\s+advance))?|"
           r"thx|thnx|tnx|ty|tia|cheers|ta|pls|plz|please|lol+|lmao|rofl|haha\w*|hehe\w*|xd+|"
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
    text = " ".join(_EMOJI.sub(" ", message).split())
    while True:
        shorter = _LEADING.sub("", text, count=1)
        shorter = _TRAILING.sub("", shorter, count=1).strip()
        # A question mark the closer stood behind stays with the question ("...start? thx").
        if shorter == text or not re.search(r"\w", shorter):
            break
        text = shorter
    return text if re.search(r"\w", text) else message
