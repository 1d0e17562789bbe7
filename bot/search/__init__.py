"""Text analysis, the BM25 engine, the sentence index and its saved form, retrieval, answers.

Never imports the chat wing, the ingest wing or telegram.
"""

from bot.search.light_imports import install as _light_imports

_light_imports()  # before any module here imports NLTK or numba
