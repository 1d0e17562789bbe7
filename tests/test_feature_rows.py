"""The reranker's feature rows worked out for all candidates at once (bot.search.batch and
features.VECTORISED) equal the per-candidate reference (features.reference_rows) exactly, and
a ranking that works the text features out only for candidates that may reach its top gives
the hits the full computation gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from bot.corpus import Article
from bot.search import features, retrieve
from bot.search.batch import gather
from bot.search.context import context
from bot.search.decision import options
from bot.search.followup import Lean, QueryContext
from bot.search.forward import analyzer_key
from bot.search.index import Hit, SentenceIndex, load_index

ROOT = Path(__file__).resolve().parent.parent

ARTICLES = [
    Article("a1", "Harbour Bridge opens after eight years", "https://example.com/1", "Desk",
            "2024-01-01",
            "SYDNEY, Jan 1 (Wire) -\n\nThe Harbour Bridge is a steel arch over the bay. It "
            "opened in 1932 after eight years of work. It cost 6.25 million pounds.\n\n"
            "Tolls pay for its upkeep, because the state would not. The first toll was "
            "sixpence.\n\n“The bridge will stand for a thousand years,” said the engineer "
            "John Bradfield. He was born in Sandgate."),
    Article("a2", "City tunnel", "https://example.com/2", "Desk", "2024-01-02",
            "The city tunnel runs under the river. The tunnel opened in 1992 and the tunnel "
            "tolls rose.\n\nIt carries two lanes. Most drivers pay by card, not by cash."),
    Article("a3", "French comet watchers", "https://example.com/3", "Science", "2024-02-01",
            "A comet passed the Sun in December. Its tail glowed green over France.\n\n"
            "Astronomers in Paris said the comet was the brightest since 1997. They counted "
            "more than 300 sightings before the first week of January."),
    Article("a4", "Drought", "https://example.com/4", "Farm", "2024-03-01",
            "Farmers harvested wheat early because of the drought. The drought cut the "
            "harvest by a third.\n\nWheat prices rose 12 percent in March, the most in a "
            "decade. Officials in Kansas blamed the heat."),
    Article("a5", "Port strike", "https://example.com/5", "Desk", "2024-03-02",
            "Dock workers went on strike over pay at the port of Rotterdam. The strike "
            "began on Monday.\n\nThey want a raise of 8 percent. The port handles 400 ships "
            "a week."),
    Article("a6", "Port strike", "https://example.com/6", "Coast", "2024-03-02",
            "Dock workers went on strike over pay at the port of Rotterdam. The union leader "
            "Anna de Vries spoke for them.\n\nShe said the strike would last a week."),
    Article("a7", "Chips", "https://example.com/7", "Tech", "2024-03-05",
            "A new chip factory opened in the valley. It will employ 2,000 people by 2026.\n\n"
            "Why did they build it there? Because water and power are cheap in the valley."),
]

QUESTIONS = [
    "When did the Harbour Bridge open?",
    "How much did the bridge cost?",
    "Who was the engineer of the bridge?",
    "Where was Bradfield born?",
    "why do tolls pay for the upkeep",
    "when did the city tunnel open",
    "How many lanes does the tunnel carry?",
    "What did the comet watchers in France see?",
    "Which comet was the brightest?",
    "Why did farmers harvest wheat early?",
    "How much did wheat prices rise?",
    "Who spoke for the dock workers?",
    "When did the port strike begin?",
    "How many ships does the port handle?",
    "How many people will the chip factory employ?",
    "Why was the factory built in the valley?",
    "What is the most drivers pay by?",
    "tunnel bridge comet opened",
    "strike",
    "comet comet comet",
    "french astronomers",
    "zzzqqq bridge",
    # WordNet's relations: a synonym ("harbor": "harbour"), a hypernym ("walkout": "strike")
    "how many ships does the harbor handle",
    "when did the walkout start",
    "what was the price of the bridge",  # "price": "cost", a synonym
]


@pytest.fixture(autouse=True)
def arrays_for_few_candidates(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fixtures' questions have a few dozen candidates: the arrays serve them all."""
    monkeypatch.setattr(features, "FEW_CANDIDATES", 0)


def check_rows(index: SentenceIndex, question: str,
               context_: QueryContext | None = None) -> int:
    """Compare the two computations on a question's candidates; the number of rows."""
    query = retrieve.analyse(index, question, context_)
    if not query.counts:
        return 0
    docs, from_engine = retrieve.candidates(index, query)
    if not docs:
        return 0
    ctx = context(index)
    table = features.table_for(index)
    reference = features.reference_rows(
        features.make_candidates(index, ctx, query, docs, from_engine), table)
    fast = features.feature_matrix(index, ctx, query, docs, from_engine, table).tolist()
    names = [f.name for f in table]
    for doc, want, got in zip(docs, reference, fast):
        differ = [(n, w, g) for n, w, g in zip(names, want, got) if w != g]
        assert not differ, (question, doc, differ)
    assert len(fast) == len(reference)
    assert features.Rows.compute(ctx, query, docs, [True] * len(docs), table) is not None \
        or gather(ctx, query, docs) is None
    return len(fast)


def reference_rank(index: SentenceIndex, question: str, k: int) -> list[Hit]:
    """rank_query as it was: every row worked out candidate by candidate, then combined."""
    query = retrieve.analyse(index, question)
    if not query.counts:
        return []
    docs, from_engine = retrieve.candidates(index, query)
    ctx = context(index)
    rows = features.reference_rows(
        features.make_candidates(index, ctx, query, docs, from_engine),
        features.table_for(index))
    weights = features.weights_for(index)
    scored = sorted(((retrieve.combine(row, weights), doc) for doc, row in zip(docs, rows)),
                    key=lambda pair: (-pair[0], pair[1]))
    return [Hit(doc, index.sentences[doc], score) for score, doc in scored[:k] if score > 0]


@pytest.fixture(scope="module")
def built() -> SentenceIndex:
    return SentenceIndex(ARTICLES)


@pytest.fixture(scope="module")
def opened(tmp_path_factory: pytest.TempPathFactory) -> SentenceIndex:
    """The fixture articles and the mini corpus saved and opened again (column-backed)."""
    directory = tmp_path_factory.mktemp("rows") / "corpus"
    shutil.copytree(ROOT / "tests" / "data" / "mini_corpus", directory)
    from bot.corpus import write_article

    for item in ARTICLES:
        write_article(directory, item)
    load_index(directory)  # builds and saves
    _, index = load_index(directory)  # opens the saved columns
    return index


def test_the_arrays_serve_both_kinds_of_index(built: SentenceIndex,
                                              opened: SentenceIndex) -> None:
    for index in (built, opened):
        query = retrieve.analyse(index, "When did the Harbour Bridge open?")
        docs, _ = retrieve.candidates(index, query)
        assert gather(context(index), query, docs) is not None


@pytest.mark.parametrize("question", QUESTIONS)
def test_rows_equal_the_reference_on_a_built_index(built: SentenceIndex, question: str) -> None:
    check_rows(built, question)


@pytest.mark.parametrize("question", QUESTIONS)
def test_rows_equal_the_reference_on_an_opened_index(opened: SentenceIndex,
                                                     question: str) -> None:
    check_rows(opened, question)


def test_rows_equal_the_reference_on_the_bundled_questions(opened: SentenceIndex) -> None:
    import json

    lines = (ROOT / "tests" / "data" / "abstention.jsonl").read_text("utf-8").splitlines()
    _, seed = load_index(ROOT / "corpus", cache=False)
    compared = 0
    for line in lines:
        if line.strip():
            question = json.loads(line)["question"]
            compared += check_rows(seed, question) + check_rows(opened, question)
    assert compared > 300


def test_a_follow_up_s_rows_equal_the_reference(built: SentenceIndex) -> None:
    followup = QueryContext(Lean.PRONOUN, {"bridg": 0.5, "harbour": 0.4}, articles=("a1",),
                            sentences=frozenset({("a1", 1)}))
    assert check_rows(built, "how much did it cost?", followup) > 0
    assert check_rows(built, "who said that", followup) > 0


def test_without_term_ids_the_reference_computes_them() -> None:
    index = SentenceIndex(ARTICLES, engine="rank-bm25")
    query = retrieve.analyse(index, "When did the Harbour Bridge open?")
    docs, _ = retrieve.candidates(index, query)
    assert docs and gather(context(index), query, docs) is None
    check_rows(index, "When did the Harbour Bridge open?")


@pytest.mark.parametrize("k", [1, 3, 20])
def test_the_ranking_equals_the_full_computation(built: SentenceIndex,
                                                 opened: SentenceIndex, k: int) -> None:
    for index in (built, opened):
        for question in QUESTIONS:
            want = reference_rank(index, question, k)
            got = retrieve.rank(index, question, k)
            assert [(h.doc, h.score) for h in got] == [(h.doc, h.score) for h in want], question


def test_the_decision_reads_the_ranking_s_rows(built: SentenceIndex) -> None:
    """The decision's rows come from the ranking's matrix (its top candidates were worked
    out in full) and equal the reference's among its options."""
    for question in QUESTIONS:
        query = retrieve.analyse(built, question)
        if not query.counts:
            continue
        hits = retrieve.rank_query(built, query, 20)
        found = options(built, query, hits)
        if not found:
            continue
        candidates = [o.candidate for o in found]
        want = features.reference_rows(candidates)
        assert [o.row[-len(features.FEATURES):] for o in found] == want, question
        recent = context(built).recent
        assert recent is not None and recent.raw_rows([c.doc for c in candidates]) is not None


def test_prefix_numbers_are_one_per_prefix(built: SentenceIndex) -> None:
    ctx = context(built)
    vocabulary = built.engine.vocabulary  # type: ignore[attr-defined]
    ids = np.arange(len(vocabulary), dtype=np.int32)
    codes, table = ctx.prefix_codes(5, ids, vocabulary)
    for term_id, code in enumerate(codes.tolist()):
        term = vocabulary[term_id]
        assert code == (table[term[:5]] if len(term) >= 5 else -1)
    assert len(set(table.values())) == len(table)


def test_spans_read_across_runs_as_one_by_one(built: SentenceIndex) -> None:
    """ForwardIndex.spans gives each span's ids and lengths, in span order, whether the spans
    lie in one run (read at once) or in several (read one by one)."""
    forward = built.forward
    assert forward is not None
    key = analyzer_key(built.analyzer)
    spans = [built.article_docs(a.id) for a in reversed(ARTICLES)]
    found = forward.spans(spans, key)
    assert found is not None
    ids, lengths = found
    want_ids, want_lengths = [], []
    for span in spans:
        for doc in span:
            terms = built.sentence_terms(doc)
            want_ids.extend(built.engine.term_id(t) for t in terms)  # type: ignore[attr-defined]
            want_lengths.append(len(terms))
    assert ids.tolist() == want_ids and lengths.tolist() == want_lengths
    grown = built.with_articles([Article("b1", "Late news", "https://example.com/b1", "Desk",
                                         "2024-04-01", "The ferry resumed on Sunday.")])
    assert grown.forward is not None
    both = [grown.article_docs("b1"), grown.article_docs("a2")]
    found = grown.forward.spans(both, key)
    assert found is not None
    assert found[1].tolist() == [len(grown.sentence_terms(d)) for s in both for d in s]


def test_an_index_s_caches_go_with_it() -> None:
    """Neither the context (kept by its index, weakly) nor the rows it keeps of its last
    question hold the index: a replaced snapshot and its caches are freed at once."""
    import gc
    import weakref

    index = SentenceIndex(ARTICLES)
    retrieve.rank(index, "When did the Harbour Bridge open?", 3)
    ctx = context(index)
    assert ctx.recent is not None
    gone, index_gone = weakref.ref(ctx), weakref.ref(index)
    del ctx
    gc.disable()
    try:
        del index
        assert gone() is None and index_gone() is None
    finally:
        gc.enable()


@pytest.mark.parametrize(("question", "name"), [("what was the price of the bridge", "synonym"),
                                                ("when did the walkout start", "wordnet")])
def test_the_wordnet_features_meet_their_words(built: SentenceIndex, question: str,
                                               name: str) -> None:
    """The parity tests above see the two WordNet features non-zero, not only their zeros:
    "price" asked, "cost" said (a synonym); "walkout" asked, "strike" said (a hypernym)."""
    query = retrieve.analyse(built, question)
    docs, from_engine = retrieve.candidates(built, query)
    table = features.table_for(built)
    matrix = features.feature_matrix(built, context(built), query, docs, from_engine, table)
    assert matrix[:, [f.name for f in table].index(name)].max() > 0
