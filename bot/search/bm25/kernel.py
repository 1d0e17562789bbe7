"""The compiled query kernel of the newsbot engine (numba): the same algorithm as its numpy path.

Kept apart so that the engine works without numba (it falls back to numpy); loader.py imports
it. Compiled functions are cached on disk by numba (cache=True).
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def _row(offsets, term):
    if term + 1 < offsets.size:
        return offsets[term], offsets[term + 1]
    return 0, 0


@njit(cache=True, nogil=True)
def _find(docs, lo, hi, doc):
    """Position of doc in docs[lo:hi] (ascending), or -1."""
    end = hi
    while lo < hi:
        mid = (lo + hi) >> 1
        if docs[mid] < doc:
            lo = mid + 1
        else:
            hi = mid
    if lo < end and docs[lo] == doc:
        return lo
    return -1


@njit(cache=True, nogil=True)
def _offer(best_docs, best_values, doc, value):
    """Keep the k highest (doc, partial score) pairs; a document's entry only ever rises."""
    k = best_values.size
    if value <= best_values[k - 1]:
        return
    at = k - 1
    for i in range(k):
        if best_docs[i] == doc:
            at = i
            break
    # Move the entry (doc's own, or the lowest one it replaces) up to its place.
    while at > 0 and best_values[at - 1] < value:
        best_values[at] = best_values[at - 1]
        best_docs[at] = best_docs[at - 1]
        at -= 1
    best_values[at] = value
    best_docs[at] = doc


@njit(cache=True, nogil=True)
def candidates_and_scores(
    offsets0, docs0, tfs0, weights0, offsets1, docs1, tfs1, weights1, norm,
    factor0, factor1, spread, acc,
    order, term_weights, bounds, rests, sequence, idfs, terms, k, k1,
):
    """Exact scores of every document that may be in the top k (see NewsbotEngine._candidates).

    Two segments (the big one and the merged delta) are read as one: a term's postings are its
    row in the first, then its row in the second. Partial scores are summed in float32 from the
    stored weights, scaled by each segment's `factor` so they never exceed the true ones; the
    true ones are at most `spread` times more. `order` lists distinct-term positions, biggest
    bound first; `sequence` lists them in query order with repeats; `terms` maps a position to
    its term id. `acc` must be all zeros (it is left so). Returns (documents, scores).
    """
    total = 0
    for i in range(terms.size):
        lo, hi = _row(offsets0, terms[i])
        total += hi - lo
        lo, hi = _row(offsets1, terms[i])
        total += hi - lo
    touched = np.empty(total, dtype=np.int32)
    live = np.empty(total, dtype=np.int32)
    n_touched = 0
    n_live = 0
    # The k best partial scores met so far: partial scores only rise and never exceed the
    # final ones, so the k-th bounds the final k-th best score from below.
    best_docs = np.full(k, -1, dtype=np.int64)
    best_values = np.full(k, -np.inf)
    low = 1 - 1e-5  # float32 sums: relative error far below this
    high = spread * (1 + 1e-5)
    # acc: 0 = not met, > 0 = live (may still make the top k), < 0 = out of the running.
    essential = True
    for step in range(order.size):
        position = order[step]
        if bounds[position] <= 0:
            break
        term = terms[position]
        for segment in range(2):
            offsets = offsets0 if segment == 0 else offsets1
            docs = docs0 if segment == 0 else docs1
            weights = weights0 if segment == 0 else weights1
            scale = np.float32(term_weights[position] * (factor0 if segment == 0 else factor1))
            lo, hi = _row(offsets, term)
            if essential:
                # Every document of this term is a candidate: read the whole row.
                for j in range(lo, hi):
                    doc = docs[j]
                    value = acc[doc]
                    if value == 0:
                        touched[n_touched] = doc
                        n_touched += 1
                    value += scale * weights[j]
                    acc[doc] = value
                    if value * low > best_values[k - 1]:
                        _offer(best_docs, best_values, doc, value * low)
            elif hi - lo <= 24 * n_live:
                # Later terms only complete live documents: read a short row...
                for j in range(lo, hi):
                    doc = docs[j]
                    value = acc[doc]
                    if value > 0:
                        value += scale * weights[j]
                        acc[doc] = value
                        if value * low > best_values[k - 1]:
                            _offer(best_docs, best_values, doc, value * low)
            else:
                # ...or look each live document up in a long one.
                for i in range(n_live):
                    doc = live[i]
                    at = _find(docs, lo, hi, doc) if hi > lo else -1
                    if at >= 0:
                        value = acc[doc] + scale * weights[at]
                        acc[doc] = value
                        if value * low > best_values[k - 1]:
                            _offer(best_docs, best_values, doc, value * low)
        theta = max(0.0, best_values[k - 1])
        rest_up = rests[step] * (1 + 1e-9) + 1e-12
        last = step == order.size - 1 or bounds[order[step + 1]] <= 0
        if essential and (rest_up < theta or last):
            # Documents not met yet contain only later terms: they cannot make the top k.
            essential = False
            n_live = 0
            for i in range(n_touched):
                live[n_live] = touched[i]
                n_live += 1
        if not essential and theta > 0:
            kept = 0
            for i in range(n_live):
                doc = live[i]
                if acc[doc] * high + rest_up >= theta:
                    live[kept] = doc
                    kept += 1
                else:
                    acc[doc] = -1.0
            n_live = kept
        if last:
            break
    for i in range(n_touched):
        acc[touched[i]] = 0.0
    # Exact scores: rank-bm25's expression, summed over the query terms in query order.
    kp1 = k1 + 1.0
    scores = np.zeros(n_live)
    for i in range(n_live):
        doc = live[i]
        score = 0.0
        for q in range(sequence.size):
            position = sequence[q]
            term = terms[position]
            tf = 0.0
            lo, hi = _row(offsets0, term)
            at = _find(docs0, lo, hi, doc) if hi > lo else -1
            if at >= 0:
                tf = float(tfs0[at])
            else:
                lo, hi = _row(offsets1, term)
                at = _find(docs1, lo, hi, doc) if hi > lo else -1
                if at >= 0:
                    tf = float(tfs1[at])
            if tf > 0:
                score += idfs[position] * (tf * kp1 / (tf + norm[doc]))
        scores[i] = score
    return live[:n_live].copy(), scores


@njit(cache=True, nogil=True)
def top_k(
    offsets0, docs0, tfs0, weights0, offsets1, docs1, tfs1, weights1, norm,
    max_weight0, max_weight1, scale0, scale1, factor0, factor1, spread, df, acc,
    terms, idfs, sequence, k, k1,
):
    """The k best (documents, scores), best first, ties by lower document; scores > 0 only.

    `terms` are the distinct known query terms with their `idfs` (none negative); `sequence`
    lists positions in `terms` in query order, repeats included. `max_weight*` bound each
    term's stored weights; `scale*` restates them at today's average length.
    """
    n = terms.size
    weights = np.zeros(n)
    for q in range(sequence.size):
        weights[sequence[q]] += 1.0
    bounds = np.zeros(n)
    for i in range(n):
        weights[i] *= idfs[i]
        term = terms[i]
        largest = 0.0
        if term < max_weight0.size:
            largest = max_weight0[term] * scale0
        if term < max_weight1.size:
            largest = max(largest, max_weight1[term] * scale1)
        bounds[i] = max(weights[i], 0.0) * largest
    # Biggest bound first; then rarer; then lower term id (insertion sort: a handful of terms).
    order = np.arange(n)
    for i in range(1, n):
        j = i
        while j > 0 and _before(order[j], order[j - 1], bounds, df, terms):
            order[j], order[j - 1] = order[j - 1], order[j]
            j -= 1
    rests = np.zeros(n)
    for i in range(n - 2, -1, -1):
        rests[i] = rests[i + 1] + bounds[order[i + 1]]
    docs, scores = candidates_and_scores(
        offsets0, docs0, tfs0, weights0, offsets1, docs1, tfs1, weights1, norm,
        factor0, factor1, spread, acc, order, weights, bounds, rests, sequence, idfs, terms,
        k, k1,
    )
    # The k best by (score descending, document ascending), among positive scores.
    best = np.empty(k, dtype=np.int64)
    count = 0
    for i in range(docs.size):
        if scores[i] <= 0:
            continue
        if count == k and not _better(scores[i], docs[i], scores[best[k - 1]], docs[best[k - 1]]):
            continue
        at = count if count < k else k - 1
        while at > 0 and _better(scores[i], docs[i], scores[best[at - 1]], docs[best[at - 1]]):
            best[at] = best[at - 1]
            at -= 1
        best[at] = i
        if count < k:
            count += 1
    return docs[best[:count]].astype(np.int64), scores[best[:count]]


@njit(cache=True, nogil=True)
def _before(a, b, bounds, df, terms):
    if bounds[a] != bounds[b]:
        return bounds[a] > bounds[b]
    if df[terms[a]] != df[terms[b]]:
        return df[terms[a]] < df[terms[b]]
    return terms[a] < terms[b]


@njit(cache=True, nogil=True)
def _better(score, doc, other_score, other_doc):
    return score > other_score or (score == other_score and doc < other_doc)
