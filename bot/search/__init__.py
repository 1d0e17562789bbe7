"""Text analysis, the BM25 engine, the sentence index and its saved form, retrieval, answers.

Never imports the chat wing, the ingest wing or telegram.
"""

from bot.search.light_nltk import install as _light_nltk

_light_nltk()  # before any module here imports NLTK
