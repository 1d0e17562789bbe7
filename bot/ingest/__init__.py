"""Articles into the corpus: pasted pages, web pages, feeds, near-duplicate checks.

Never imports the search wing: writing an article must not load an index.
"""
