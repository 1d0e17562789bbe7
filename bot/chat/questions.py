"""Questions as people type them in chats: a command's argument, a mention of the bot. Pure.

Telegram-free: works on the message text and the bot's username, so the group rules are unit
tested without a bot.
"""

from __future__ import annotations

import re

# "/ask", "/ask@SomeBot", as Telegram marks a bot command at the start of a message.
_COMMAND = re.compile(r"^/(?P<name>[A-Za-z0-9_]{1,64})(?:@(?P<bot>[A-Za-z0-9_]+))?(?=\s|$)")
# What is left around a question once the mention is cut out: "@bot, when..." or "when... @bot?"
_LEFTOVER = re.compile(r"^[\s,:;.!\-–—]+|[\s,:;\-–—]+$")
_QUESTION_MARKS = ("?", "？", "¿", "؟")


def parse_command(text: str) -> tuple[str, str | None, str] | None:
    """('ask', 'SomeBot' or None, 'the rest') for a command message, or None."""
    match = _COMMAND.match(text)
    if match is None:
        return None
    return match["name"].lower(), match["bot"], text[match.end():].strip()


def command_argument(text: str) -> str:
    """The text after a leading command: '/ask@bot  who won?' -> 'who won?'."""
    parsed = parse_command(text)
    return parsed[2] if parsed else text.strip()


def _mention_pattern(username: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w@])@{re.escape(username)}(?!\w)", re.IGNORECASE)


def mentions(text: str, username: str | None) -> bool:
    """True when the text mentions @username (case-insensitive, whole name only)."""
    return username is not None and username != "" and _mention_pattern(username).search(text) is not None


def strip_mention(text: str, username: str) -> str:
    """The text without any @username, and without the punctuation that joined it on."""
    mention = _mention_pattern(username).pattern
    text = re.sub(rf"[,:;]?\s*{mention}[,:;]?", " ", text, flags=re.IGNORECASE)
    text = " ".join(text.split())
    text = re.sub(r"\s+([?!.？])", r"\1", text)  # "end @bot?" -> "end?"
    return _LEFTOVER.sub("", text)


def looks_like_question(text: str) -> bool:
    """True for a message that ends with a question mark (quotes and brackets aside)."""
    stripped = text.rstrip().rstrip("\"'”’»)]").rstrip()
    return stripped.endswith(_QUESTION_MARKS) and len(stripped) > 1
