"""Limits and names more than one wing checks against, defined once.

Plain constants, no imports: config (which must stay light) and the search wing both read them.
"""

# How many quotes an answer may give (NEWSBOT_TOP, --top), and how many it gives by default.
MIN_TOP = 1
MAX_TOP = 10
DEFAULT_TOP = 3

# The longest question read (characters, after spaces are collapsed): the answer and a
# follow-up's context read the same first characters, and the chat peeling of
# bot.search.phrasing, quadratic in the worst case, stays cheap on a 4,096-character message.
MAX_QUESTION_CHARS = 1000

# The BM25 engines (bot/search/engines.py registers one per name; a test keeps them in step).
ENGINE_NAMES = ("newsbot", "rank-bm25")
DEFAULT_ENGINE = "newsbot"
