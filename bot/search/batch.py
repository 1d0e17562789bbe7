"""What the reranker reads about a question's candidates, for all of them at once (numpy).

bot.search.features defines each feature for one candidate (`Candidate`, the reference). At a
million sentences that costs tens of microseconds a candidate in Python, times some 300
candidates a question. Here the same quantities come from the term ids of the forward index
(bot.search.forward) as arrays: the term ids of every sentence of the candidates' articles are
read once and matched against the question's terms in one pass, so each sentence's count of
each question term is one row of a small matrix; a paragraph's or a window's counts are
differences of running sums over those rows; an article's sentence frequencies are counts of
non-zero rows. The features built from them (features.VECTORISED) do the same floating-point
operations in the same order as the reference, so the rows are equal bit for bit (tests
compare them on every candidate of many questions).

`gather` returns None when the ids cannot serve (another engine, sentences analysed with
another analyzer, a damaged terms file): the caller then computes candidate by candidate.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, cast

import numpy as np

from bot.search.bm25 import NewsbotEngine
from bot.search.context import Context, local_idf
from bot.search.forward import analyzer_key
from bot.search.query import Query


class Batch:
    """A question's candidates as arrays; row i is docs[i]. Columns follow `terms`, the
    question's terms in the order of `query.counts`."""

    def __init__(self, ctx: Context, query: Query, docs: Sequence[int], terms: list[str],
                 ids: np.ndarray, lengths: np.ndarray, rows: np.ndarray, tf: np.ndarray,
                 article_start: np.ndarray, article_stop: np.ndarray,
                 paragraph_start: np.ndarray, paragraph_stop: np.ndarray,
                 article_of: list[int], articles: list[str], local: np.ndarray,
                 present: np.ndarray, title: np.ndarray, qids: list[int],
                 first_paragraph: np.ndarray, vocabulary: Sequence[str],
                 owner: np.ndarray) -> None:
        self.ctx = ctx
        self._vocabulary = vocabulary
        self.memo: dict[object, Any] = {}  # what several features read, worked out once
        self.query = query
        self.docs = list(docs)
        self.terms = terms
        self._ids = ids  # the term ids of every gathered sentence, end to end
        self._lengths = lengths  # terms of each gathered sentence
        self._rows = rows  # each candidate's gathered sentence
        self._tf = tf  # (gathered sentences, terms): counts of each question term
        self._qids = qids  # each question term's id (-1: no sentence has it)
        self._owner = owner  # each term id's gathered sentence
        self._covered: np.ndarray | None = None  # gathered sentences in a candidate's paragraph
        self._covered_ids = self._covered_owner = ids
        self._tokens: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self._token_offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
        np.cumsum(lengths, out=self._token_offsets[1:])
        self._tf_sums = _running(tf)
        self._length_sums = _running(lengths)
        self.article_of = article_of  # each candidate's article (number in `articles`)
        self.articles = articles
        self.weights = [query.counts[t] for t in terms]
        self.idf = [query.idf[t] for t in terms]

        # The sentence, its paragraph, its window (it and its neighbours in its article).
        self.tf = tf[rows]
        self.length = lengths[rows]
        window_start = np.maximum(article_start, rows - 1)
        window_stop = np.minimum(article_stop, rows + 2)
        self.paragraph_tf, self.paragraph_length = self._span(paragraph_start, paragraph_stop)
        self.window_tf, self.window_length = self._span(window_start, window_stop)
        self._paragraph = (paragraph_start, paragraph_stop)
        has_previous = rows > article_start
        before = np.where(has_previous, rows - 1, rows)
        self.has_previous = has_previous
        self.previous_tf = tf[before]
        self.previous_length = lengths[before]
        self.lede = rows == article_start  # an article's first sentence (position 0)
        self.paragraph_first = first_paragraph[rows]
        self.local_idf = local[article_of]  # (candidates, terms)
        self.article_present = present[article_of]
        self.title_present = title[article_of]

    def _span(self, start: np.ndarray, stop: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The summed counts and lengths of runs of gathered sentences."""
        return (self._tf_sums[stop] - self._tf_sums[start],
                self._length_sums[stop] - self._length_sums[start])

    def _candidate_tokens(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The candidates' term ids end to end, each one's candidate, and its place in it
        (worked out once: several features read them)."""
        if self._tokens is None:
            begin = self._token_offsets[self._rows]
            count = self.length
            owner = np.repeat(np.arange(len(self.docs), dtype=np.int64), count)
            starts = np.zeros(len(count) + 1, dtype=np.int64)
            np.cumsum(count, out=starts[1:])
            place = np.arange(int(starts[-1]), dtype=np.int64) - np.repeat(starts[:-1], count)
            self._tokens = (self._ids[np.repeat(begin, count) + place], owner, place)
        return self._tokens

    def holding(self, terms: Iterable[str]) -> np.ndarray:
        """Per candidate: whether its sentence holds one of these search terms (a term no
        sentence of the index has is held by none)."""
        engine = cast(NewsbotEngine, self.ctx.index.engine)  # gather serves no other engine
        wanted = [tid for tid in (term_id(engine, self._vocabulary, t) for t in terms)
                  if tid >= 0]
        held = np.zeros(len(self.docs), dtype=bool)
        if wanted:
            ids, owner, _ = self._candidate_tokens()
            held[owner[np.isin(ids, np.array(wanted, dtype=np.int64))]] = True
        return held

    def pairs_and_places(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Per candidate: how many of the question's word pairs it holds in order (distinct);
        how many of its terms are question terms; where the first and the last stand."""
        ids, owner, place = self._candidate_tokens()
        n = len(self.docs)
        known = np.array([q for q in self._qids if q >= 0], dtype=np.int64)
        hit = np.isin(ids, known) if len(known) else np.zeros(len(ids), dtype=bool)
        at = np.flatnonzero(hit)
        places = np.bincount(owner[at], minlength=n)
        first = np.zeros(n, dtype=np.int64)
        last = np.zeros(n, dtype=np.int64)
        if len(at):
            whose = owner[at]
            found, start = np.unique(whose, return_index=True)
            first[found] = place[at][start]
            last[found] = place[at][start + places[found] - 1]
        pairs = np.zeros(n, dtype=np.int64)
        id_of = dict(zip(self.terms, self._qids))
        wanted = [(id_of.get(a, -1), id_of.get(b, -1)) for a, b in self.query.pairs]
        wanted = [(a, b) for a, b in wanted if a >= 0 and b >= 0]
        if wanted and len(ids) > 1:
            same = owner[:-1] == owner[1:]
            head, tail = ids[:-1].astype(np.int64), ids[1:].astype(np.int64)
            for a, b in wanted:
                holders = owner[:-1][same & (head == a) & (tail == b)]
                pairs += np.bincount(holders, minlength=n) > 0
        return pairs, places, first, last

    def prefixes(self, size: int) -> tuple[np.ndarray, np.ndarray]:
        """(candidates, terms) booleans: whether the sentence, and its paragraph, hold a term of
        at least `size` letters beginning as the question term does (False for a question
        term shorter than `size`)."""
        n_rows, n_terms = len(self._lengths), len(self.terms)
        found = np.zeros((n_rows, n_terms), dtype=np.int64)
        if not any(len(term) >= size for term in self.terms):
            return found[self._rows] > 0, found[self._rows] > 0
        # Only the candidates' paragraphs are read (a candidate is in its paragraph).
        if self._covered is None:
            marks = np.zeros(n_rows + 1, dtype=np.int64)
            start, stop = self._paragraph
            np.add.at(marks, start, 1)
            np.add.at(marks, stop, -1)
            self._covered = np.cumsum(marks[:-1]) > 0
            tokens = self._covered[self._owner]
            self._covered_ids, self._covered_owner = self._ids[tokens], self._owner[tokens]
        codes, table = self.ctx.prefix_codes(size, self._covered_ids, self._vocabulary)
        owner = self._covered_owner
        for j, term in enumerate(self.terms):
            if len(term) >= size:
                code = table.get(term[:size], -3)
                if code >= 0:
                    found[:, j] = np.bincount(owner[codes == code], minlength=n_rows)
        sums = _running(found)
        start, stop = self._paragraph
        return found[self._rows] > 0, (sums[stop] - sums[start]) > 0


def _running(values: np.ndarray) -> np.ndarray:
    """Running sums over the first axis, with a leading zero row: sums[j] - sums[i] adds
    rows i .. j - 1."""
    out = np.zeros((len(values) + 1, *values.shape[1:]), dtype=np.int64)
    np.cumsum(values, axis=0, out=out[1:])
    return out


def term_id(engine: NewsbotEngine, vocabulary: Sequence[str], term: str) -> int:
    """A search term's id in the forward index, -1 when it has none (the engine's id is
    the forward index's only if its vocabulary has that term there)."""
    tid = engine.term_id(term)
    return tid if tid is not None and tid < len(vocabulary) and vocabulary[tid] == term else -1


def gather(ctx: Context, query: Query, docs: Sequence[int]) -> Batch | None:
    """The arrays of a question's candidates, or None when the term ids cannot serve."""
    index = ctx.index
    forward, engine = index.forward, index.engine
    terms = list(query.counts)
    if (forward is None or not isinstance(engine, NewsbotEngine) or not terms or not docs
            or set(query.idf) != set(terms)):
        return None
    key = analyzer_key(index.analyzer)
    vocabulary = forward.vocabulary
    qids = [term_id(engine, vocabulary, term) for term in terms]

    # Every sentence of each candidate's article, articles in order of first candidate.
    articles: dict[str, int] = {}
    article_of = []
    for doc in docs:
        article_id = ctx.article_of(doc)
        number = articles.get(article_id)
        if number is None:
            number = articles[article_id] = len(articles)
        article_of.append(number)
    spans = [index.article_docs(article_id) for article_id in articles]
    found = forward.spans(spans, key)
    if found is None:
        return None
    all_ids, all_lengths = found
    paragraphs_of = getattr(index.sentences, "paragraphs", None)
    paragraphs: list[int] = []
    first_row = []
    row = 0
    for span in spans:
        numbers = paragraphs_of(span) if paragraphs_of is not None else None
        paragraphs.extend(numbers if numbers is not None
                          else [index.sentences[d].paragraph for d in span])
        first_row.append(row)
        row += len(span)
    n_rows = row
    owner = np.repeat(np.arange(n_rows, dtype=np.int64), all_lengths)
    tf = np.zeros((n_rows, len(terms)), dtype=np.int64)
    for j, tid in enumerate(qids):
        if tid >= 0:
            tf[:, j] = np.bincount(owner[all_ids == tid], minlength=n_rows)

    # Per article: its rows, idf within it, which question terms it has (sentences, the
    # body outside them, the title: Context.article_terms) and which its title has.
    starts = np.array(first_row + [n_rows], dtype=np.int64)
    holders = _running(tf > 0)
    df = (holders[starts[1:]] - holders[starts[:-1]]).tolist()
    sizes = np.diff(starts).tolist()
    local = np.array([[local_idf(n, d) for d in row_df] for n, row_df in zip(sizes, df)],
                     dtype=np.float64).reshape(len(articles), len(terms))
    column = {term: j for j, term in enumerate(terms)}
    wanted = frozenset(terms)
    present = np.array(df, dtype=np.int64).reshape(len(articles), len(terms)) > 0
    title = np.zeros((len(articles), len(terms)), dtype=bool)
    for number, article_id in enumerate(articles):
        title_terms, outside = ctx.article_extra(article_id)
        for term in wanted & title_terms:
            title[number, column[term]] = present[number, column[term]] = True
        if outside is None:  # not known: the article's whole vocabulary, from its text
            vocabulary_of = ctx.article_terms(article_id)
            present[number] = [t in vocabulary_of for t in terms]
        else:
            for term in wanted & outside:
                present[number, column[term]] = True

    # Each candidate's row, its article's rows and its paragraph's (a run of equal
    # paragraph numbers around it, as Context.paragraph).
    numbers = np.array(paragraphs, dtype=np.int64)
    article_number = np.array(article_of, dtype=np.int64)
    first_doc = np.array([span.start for span in spans], dtype=np.int64)
    rows = (np.asarray(docs, dtype=np.int64) - first_doc[article_number]
            + starts[:-1][article_number])
    change = np.ones(n_rows, dtype=bool)  # a paragraph starts here
    change[1:] = numbers[1:] != numbers[:-1]
    change[starts[:-1]] = True
    run = np.cumsum(change) - 1
    run_starts = np.flatnonzero(change)
    run_stops = np.append(run_starts[1:], n_rows)
    return Batch(ctx, query, docs, terms, all_ids, all_lengths, rows, tf,
                 starts[:-1][article_number], starts[1:][article_number],
                 run_starts[run[rows]], run_stops[run[rows]], article_of, list(articles),
                 local, present, title, qids, change, vocabulary, owner)
