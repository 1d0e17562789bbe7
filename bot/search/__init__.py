"""Text analysis, the BM25 engine, the sentence index and its saved form, retrieval, answers.

Never imports the chat wing, the ingest wing or telegram.
"""
