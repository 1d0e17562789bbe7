"""Retrieval benchmark: the newsbot engine against rank-bm25 and its peers, on real news sentences.

    python benchmarks/bench_retrieval.py --sizes 10000,100000,1000000 [--repeat 3] [--json]

The sentences are the bot's own: Reuters-21578 and BBC News articles (../shared/data, read in
place) split by bot.search.text.split_sentences and turned into terms by bot.search.text.Analyzer, about 152k
sentences. Articles are shuffled with a fixed seed, so every size mixes both sources; a size
is the first N sentences.

Beyond 152k the corpus is replicated. A plain copy would keep the vocabulary fixed, while a
growing archive keeps meeting new names. So the vocabulary follows Heaps' law V = K * T^beta
(T = tokens), with K and beta fitted on prefixes of the real corpus: each copy renames as many
of the rarest real terms (chosen at random with a fixed seed) as the law says new terms
appear, e.g. "gorbachev" becomes "gorbachev_r3" in copy 3 (no analyzer term contains "_").

Queries are real questions and headlines through the same analyzer: 200 SQuAD v1.1 dev
questions and 200 article titles, sampled with a fixed seed. Each engine answers top-5 for
every query, one query at a time, one thread.

Every engine runs in its own subprocess, after it has been imported and run once on a tiny
corpus (so library code and JIT-compiled kernels, numba's for newsbot and bm25s, are loaded),
and a run is: build, the queries, then save. `rss_mb` is the peak RSS during build and queries
minus the RSS before the build (the token lists already loaded). `load_s` is, in a fresh
process prepared the same way, the time to open the saved index and answer one query, for
engines that save one (page cache warm). `parity` is whether the engine's top-5 ids and order
equal rank-bm25's, with scores within 1e-9, on every query rank-bm25 ran (it is slow, so at
large sizes it runs on a sample). p50/p99 are wall-clock; the table also gives the CPU time
of the querying thread, which leaves out time lost to other processes on a shared machine.
The median over `--repeat` runs is reported; `--json` prints the rows on stdout and the table
on stderr.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data"  # ../shared/data beside the repository; --data to change
NEWS_FILES = ("news_reuters21578.jsonl.gz", "news_bbc2225.jsonl.gz")
SQUAD_FILE = "squad-dev-v1.1.json"
ENGINES = ("newsbot", "rank-bm25", "rank-bm25-rs", "bm25s", "tantivy")
TOP_K = 5
SEED = 20240417
N_QUESTIONS = 200
N_TITLES = 200
# rank-bm25 scores every document per query term in Python: cap its work per size.
REFERENCE_BUDGET = 25_000_000  # documents x queries


# -- the corpus ---------------------------------------------------------------------------------


def read_news() -> list[dict]:
    """Every article of the two news files, shuffled with a fixed seed."""
    articles = []
    for name in NEWS_FILES:
        with gzip.open(DATA / name, "rt", encoding="utf-8") as handle:
            articles.extend(json.loads(line) for line in handle)
    random.Random(SEED).shuffle(articles)
    return articles


def analyse(articles: list[dict]) -> list[list[str]]:
    """The bot's pipeline: article -> sentences -> terms, one list per sentence."""
    from bot.corpus import Article
    from bot.search.index import article_sentences
    from bot.search.text import Analyzer

    analyzer = Analyzer()
    documents = []
    for a in articles:
        article = Article(f"{a['src']}-{a['id']}", a["title"], "https://example.invalid/",
                          a["src"], "2000-01-01", a["body"])
        documents.extend(analyzer.terms(s.text) for s in article_sentences(article))
    return documents


def cache_key() -> str:
    """Changes when the data or the analyzer does."""
    digest = hashlib.sha256()
    for path in [DATA / n for n in NEWS_FILES] + [REPO / "bot" / "search" / "text.py",
                                                  REPO / "bot" / "search" / "stopwords.py",
                                                  REPO / "bot" / "search" / "index.py"]:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def base_corpus(cache: Path) -> list[list[str]]:
    """The real sentences as term lists (cached: analysing them takes a while)."""
    path = cache / f"sentences-{cache_key()}.txt"
    if not path.exists():
        started = time.perf_counter()
        documents = analyse(read_news())
        cache.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text("".join(" ".join(d) + "\n" for d in documents), encoding="utf-8")
        os.replace(tmp, path)
        log(f"analysed {len(documents):,} sentences in {time.perf_counter() - started:.1f} s")
    return read_documents(path)


def read_documents(path: Path) -> list[list[str]]:
    """Term lists from a file of one space-separated line per document.

    Terms are interned: the bot's analyzer hands out one string object per distinct stem (its
    stem cache), and every engine should see the same kind of input.
    """
    intern = sys.intern
    with open(path, encoding="utf-8") as handle:
        return [list(map(intern, line.split())) for line in handle]


def heaps_fit(documents: list[list[str]]) -> tuple[float, float]:
    """K and beta of V = K * T^beta, fitted on prefixes of the corpus (log-log least squares)."""
    seen: set[str] = set()
    tokens = 0
    points = []
    marks = {int(len(documents) * f) for f in (0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0)}
    for number, doc in enumerate(documents, start=1):
        seen.update(doc)
        tokens += len(doc)
        if number in marks:
            points.append((math.log(tokens), math.log(len(seen))))
    mx = sum(x for x, _ in points) / len(points)
    my = sum(y for _, y in points) / len(points)
    beta = sum((x - mx) * (y - my) for x, y in points) / sum((x - mx) ** 2 for x, _ in points)
    return math.exp(my - beta * mx), beta


def grow(base: list[list[str]], size: int) -> tuple[list[list[str]], str]:
    """The first `size` sentences of the real corpus, replicated with Heaps'-law renaming."""
    if size <= len(base):
        return base[:size], "real sentences"
    k, beta = heaps_fit(base)
    frequency: dict[str, int] = {}
    for doc in base:
        for term in doc:
            frequency[term] = frequency.get(term, 0) + 1
    rarest = sorted(frequency, key=lambda t: (frequency[t], t))
    base_tokens = sum(map(len, base))
    documents = list(base)
    vocabulary = len(frequency)
    copy = 0
    while len(documents) < size:
        copy += 1
        tokens = base_tokens * (copy + 1)
        wanted = min(len(rarest), max(0, round(k * tokens**beta) - vocabulary))
        rng = random.Random(SEED + copy)
        # Sample among the rarest terms (a pool three times the need, so copies differ).
        pool = rarest[: min(len(rarest), 3 * wanted)]
        renamed = {t: f"{t}_r{copy}" for t in rng.sample(pool, wanted)}
        vocabulary += wanted
        for doc in base[: size - len(documents)]:
            documents.append([renamed.get(t, t) for t in doc])
    how = (f"{len(base):,} real sentences replicated {copy} time(s); Heaps' law fitted on the "
           f"real corpus V = {k:.2f} * T^{beta:.3f}, rarest terms renamed per copy")
    return documents, how


def real_queries() -> list[list[str]]:
    """SQuAD dev questions and news headlines as query terms, sampled with a fixed seed."""
    from bot.search.text import Analyzer

    analyzer = Analyzer()
    squad = json.loads((DATA / SQUAD_FILE).read_text(encoding="utf-8"))
    questions = [qa["question"] for article in squad["data"] for p in article["paragraphs"]
                 for qa in p["qas"]]
    titles = [a["title"] for a in read_news()]
    rng = random.Random(SEED)
    texts = rng.sample(questions, N_QUESTIONS * 2) + rng.sample(titles, N_TITLES * 2)
    queries: list[list[str]] = []
    for group, wanted in ((texts[: N_QUESTIONS * 2], N_QUESTIONS),
                          (texts[N_QUESTIONS * 2 :], N_TITLES)):
        terms = [analyzer.query_terms(t) for t in group]
        queries.extend([t for t in terms if t][:wanted])
    return queries


# -- the engines (run inside a worker process) --------------------------------------------------


def rss_mb(field: str = "VmRSS") -> float:
    """This process's resident memory (or its peak, VmHWM) in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def reset_peak_rss() -> None:
    """Restart the VmHWM count from the current RSS (Linux: write 5 to clear_refs)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


TINY = [["a", "b"], ["b", "c"], ["c", "d"], ["d"], ["e", "a"]]


def prepare(name: str) -> None:
    """Import the engine and run it once on a tiny corpus, so that library code and compiled
    kernels (numba: newsbot's and bm25s's) are loaded before the memory baseline is taken."""
    if name == "newsbot":
        from bot.search.bm25 import start_kernel

        start_kernel(wait=True)
    with tempfile.TemporaryDirectory() as tmp:
        Runner(name, TINY, Path(tmp)).search(["a", "d"], 2)


class Runner:
    """One engine: build over documents, top-5 for a query, save and load its index."""

    def __init__(self, name: str, documents: list[list[str]], workdir: Path) -> None:
        self.name, self.workdir = name, workdir
        getattr(self, "_build_" + name.replace("-", "_"))(documents)

    # newsbot
    def _build_newsbot(self, documents):
        from bot.search.bm25 import NewsbotEngine

        self.engine = NewsbotEngine(documents)
        self.search = self.engine.top_k

    def save(self) -> bool:
        """Save the index in workdir, if the engine can; True if it did."""
        if self.name == "newsbot":
            self.engine.save(self.workdir / "index")
        elif self.name == "bm25s":
            self.engine.save(str(self.workdir / "index"), show_progress=False)
        elif self.name == "tantivy":
            return True  # the index lives on disk already
        else:
            return False
        return True

    @staticmethod
    def load(name: str, workdir: Path):
        """Open the saved index; returns a top-5 search function."""
        if name == "newsbot":
            from bot.search.bm25 import NewsbotEngine

            return NewsbotEngine.load(workdir / "index").top_k
        if name == "bm25s":
            import bm25s

            model = bm25s.BM25.load(str(workdir / "index"), mmap=True, show_progress=False)
            model.backend = "numba"
            return lambda terms, k: _bm25s_search(model, terms, k)
        if name == "tantivy":
            import tantivy

            index = tantivy.Index.open(str(workdir / "tantivy"))
            return lambda terms, k: _tantivy_search(index, terms, k)
        raise ValueError(name)

    # rank-bm25 and its Rust port: every score, then the same top-k selection as the bot's
    def _build_rank_bm25(self, documents):
        from rank_bm25 import BM25Okapi

        from bot.search.engines import top_k_from_scores

        model = BM25Okapi(documents)
        self.search = lambda terms, k: top_k_from_scores(model.get_scores(terms), k)

    def _build_rank_bm25_rs(self, documents):
        from rank_bm25_rs import BM25Okapi

        from bot.search.engines import top_k_from_scores

        model = BM25Okapi(documents)
        self.search = lambda terms, k: top_k_from_scores(model.get_scores(terms), k)

    # bm25s, with its numba backend (its fastest single-query path)
    def _build_bm25s(self, documents):
        import bm25s

        self.engine = bm25s.BM25(k1=1.5, b=0.75, method="robertson", backend="numba")
        self.engine.index(documents, show_progress=False)
        self.search = lambda terms, k: _bm25s_search(self.engine, terms, k)

    # tantivy: pre-tokenised text, whitespace tokenizer, one indexing thread
    def _build_tantivy(self, documents):
        import tantivy

        builder = tantivy.SchemaBuilder()
        builder.add_text_field("body", tokenizer_name="whitespace", index_option="freq")
        schema = builder.build()
        path = self.workdir / "tantivy"
        path.mkdir()
        index = tantivy.Index(schema, path=str(path))
        writer = index.writer(heap_size=200_000_000, num_threads=1)
        for doc in documents:
            writer.add_document(tantivy.Document(body=" ".join(doc)))
        writer.commit()
        writer.wait_merging_threads()
        index.reload()
        self.search = lambda terms, k: _tantivy_search(index, terms, k)


def _bm25s_search(model, terms, k):
    known = [t for t in terms if t in model.vocab_dict]
    if not known:
        return []
    ids, scores = model.retrieve([known], k=k, show_progress=False, n_threads=1,
                                 backend_selection="numba")
    return [(int(d), float(s)) for d, s in zip(ids[0], scores[0]) if s > 0]


def _tantivy_search(index, terms, k):
    import tantivy

    schema = index.schema
    queries = [(tantivy.Occur.Should, tantivy.Query.term_query(schema, "body", t)) for t in terms]
    searcher = index.searcher()
    result = searcher.search(tantivy.Query.boolean_query(queries), k)
    return [(addr.doc, score) for score, addr in result.hits]


def worker(args: argparse.Namespace) -> None:
    """Measure one engine on one corpus; write a JSON result."""
    queries = json.loads(Path(args.queries).read_text(encoding="utf-8"))[: args.n_queries]
    workdir = Path(args.workdir)
    if args.load_only:
        result = {}
        if args.engine == "newsbot":
            # What a fresh process pays once for the compiled kernel (numba and cached code).
            from bot.search.bm25 import start_kernel

            started = time.perf_counter()
            start_kernel(wait=True)
            result["kernel_s"] = time.perf_counter() - started
        prepare(args.engine)  # library code and JIT compilers are not the index's load
        started = time.perf_counter()
        search = Runner.load(args.engine, workdir)
        search(queries[0], TOP_K)  # ready means it answered a query
        result["load_s"] = time.perf_counter() - started
        Path(args.out).write_text(json.dumps(result), encoding="utf-8")
        return
    documents = read_documents(Path(args.docs))
    prepare(args.engine)
    import gc

    gc.collect()
    before = rss_mb()
    reset_peak_rss()
    started = time.perf_counter()
    runner = Runner(args.engine, documents, workdir)
    build_s = time.perf_counter() - started
    runner.search(queries[0], TOP_K)  # warm-up (numba compiles here)
    latencies, cpu, results = [], [], []
    for terms in queries:
        c0 = time.thread_time_ns()
        t0 = time.perf_counter_ns()
        hits = runner.search(terms, TOP_K)
        latencies.append((time.perf_counter_ns() - t0) / 1e6)
        cpu.append((time.thread_time_ns() - c0) / 1e6)
        results.append([[d, s] for d, s in hits])
    peak = rss_mb("VmHWM")
    extra = {}
    if args.engine == "newsbot":
        # One more article (20 sentences) into the built index, until a query sees it.
        started = time.perf_counter()
        runner.engine.add(documents[:20])
        runner.search(documents[0], TOP_K)
        extra["add_s"] = time.perf_counter() - started
    saved = runner.save()
    Path(args.out).write_text(json.dumps({
        "build_s": build_s, "rss_mb": peak - before, "latencies": latencies, "cpu": cpu,
        "results": results, "saved": saved, **extra,
    }), encoding="utf-8")


# -- the driver ---------------------------------------------------------------------------------


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def installed(engine: str) -> bool:
    module = {"newsbot": "bot.search.bm25", "rank-bm25": "rank_bm25", "rank-bm25-rs": "rank_bm25_rs",
              "bm25s": "bm25s", "tantivy": "tantivy"}[engine]
    try:
        __import__(module)
    except ImportError:
        return False
    return True


def run_worker(engine: str, docs: Path, queries: Path, n_queries: int, workdir: Path,
               load_only: bool = False) -> dict:
    out = workdir / f"result-{'load' if load_only else 'run'}.json"
    command = [sys.executable, str(Path(__file__).resolve()), "_worker", engine,
               "--docs", str(docs), "--queries", str(queries), "--n-queries", str(n_queries),
               "--workdir", str(workdir), "--out", str(out)]
    if load_only:
        command.append("--load-only")
    env = dict(os.environ, OMP_NUM_THREADS="1", NUMBA_NUM_THREADS="1", RAYON_NUM_THREADS="1",
               OPENBLAS_NUM_THREADS="1", PYTHONPATH=str(REPO))
    subprocess.run(command, check=True, env=env, cwd=REPO)
    return json.loads(out.read_text(encoding="utf-8"))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


def same_results(got: list, want: list) -> bool:
    """Same ids in the same order, scores within 1e-9."""
    return len(got) == len(want) and all(
        g[0] == w[0] and abs(g[1] - w[1]) <= 1e-9 for g, w in zip(got, want))


# CPU time per query (the thread's own, so time lost to other processes on a shared machine
# is left out): (p50, p99) in ms by (engine, size), for the table's last columns.
cpu_times: dict[tuple[str, int], tuple[float, float]] = {}


def measure(size: int, documents: list[list[str]], queries: list[list[str]], engines: list[str],
            repeat: int, scratch: Path, notes: list[str]) -> list[dict]:
    """Rows for one corpus size: every engine, the median of `repeat` runs."""
    docs_path = scratch / f"docs-{size}.txt"
    docs_path.write_text("".join(" ".join(d) + "\n" for d in documents), encoding="utf-8")
    queries_path = scratch / "queries.json"
    queries_path.write_text(json.dumps(queries), encoding="utf-8")
    reference_queries = min(len(queries), max(20, REFERENCE_BUDGET // size))
    runs: dict[str, list[dict]] = {e: [] for e in engines}
    for attempt in range(repeat):
        for engine in engines:
            n = reference_queries if engine == "rank-bm25" else len(queries)
            with tempfile.TemporaryDirectory(dir=scratch) as tmp:
                log(f"size {size:,}: {engine} (run {attempt + 1}/{repeat}, {n} queries)")
                result = run_worker(engine, docs_path, queries_path, n, Path(tmp))
                if result.pop("saved"):
                    result.update(run_worker(engine, docs_path, queries_path, 1, Path(tmp),
                                             load_only=True))
                runs[engine].append(result)
    reference = runs.get("rank-bm25", [{}])[0].get("results")
    if "newsbot" in runs and "rank-bm25-rs" in runs:
        # rank-bm25-rs (bit-exact with rank-bm25, and fast) checks newsbot on every query.
        ours, theirs = runs["newsbot"][0]["results"], runs["rank-bm25-rs"][0]["results"]
        agree = sum(same_results(a, b) for a, b in zip(ours, theirs))
        notes.append(f"- {size:,}: newsbot's top 5 equal rank-bm25-rs's (ids, order, scores "
                     f"within 1e-9) on {agree} of {len(ours)} queries.")
    rows = []
    for engine in engines:
        results = runs[engine]
        parity = None
        if reference is not None:
            got = results[0]["results"]
            parity = all(same_results(got[i], reference[i]) for i in range(len(reference)))
        rows.append({
            "engine": engine,
            "size": size,
            "build_s": round(statistics.median(r["build_s"] for r in results), 3),
            "rss_mb": round(statistics.median(r["rss_mb"] for r in results), 1),
            "p50_ms": round(statistics.median(
                percentile(r["latencies"], 0.50) for r in results), 4),
            "p99_ms": round(statistics.median(
                percentile(r["latencies"], 0.99) for r in results), 4),
            "load_s": (round(statistics.median(r["load_s"] for r in results), 3)
                       if "load_s" in results[0] else None),
            "parity": parity,
        })
        cpu_times[(engine, size)] = tuple(
            statistics.median(percentile(r["cpu"], q) for r in results) for q in (0.5, 0.99))
        log(f"  {rows[-1]}")
        if "kernel_s" in results[0]:
            warm = statistics.median(r["kernel_s"] for r in results)
            added = statistics.median(r["add_s"] for r in results)
            notes.append(f"- {size:,}: newsbot adds a 20-sentence article and answers a query "
                         f"in {added * 1000:.0f} ms; a fresh process loads its compiled "
                         f"kernel in {warm:.2f} s (numba; the bot does it in the background "
                         "while the numpy path answers).")
    return rows


def table(rows: list[dict], notes: list[str]) -> str:
    """A markdown table with each peer's ratio to newsbot (peer / newsbot: above 1 = slower)."""
    lines = [("| size | engine | build s | RSS MB | p50 ms | p99 ms | load s | parity | "
              "p50 x | p99 x | build x | RSS x | CPU p50 ms | CPU p99 ms |"),
             "|---:|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|"]
    ours = {r["size"]: r for r in rows if r["engine"] == "newsbot"}

    def ratio(row: dict, key: str) -> str:
        base = ours.get(row["size"])
        if base is None or row["engine"] == "newsbot" or not base[key]:
            return ""
        return f"{row[key] / base[key]:.1f}"

    for r in rows:
        load = "" if r["load_s"] is None else f"{r['load_s']:.3f}"
        parity = {None: "", True: "yes", False: "no"}[r["parity"]]
        cpu = cpu_times.get((r["engine"], r["size"]), (float("nan"), float("nan")))
        lines.append(
            f"| {r['size']:,} | {r['engine']} | {r['build_s']:.2f} | {r['rss_mb']:.0f} | "
            f"{r['p50_ms']:.3f} | {r['p99_ms']:.3f} | {load} | {parity} | "
            f"{ratio(r, 'p50_ms')} | {ratio(r, 'p99_ms')} | {ratio(r, 'build_s')} | "
            f"{ratio(r, 'rss_mb')} | {cpu[0]:.3f} | {cpu[1]:.3f} |")
    return "\n".join(lines + [""] + notes)


def main(argv: list[str] | None = None) -> int:
    global DATA
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="mode")
    work = sub.add_parser("_worker")
    work.add_argument("engine")
    work.add_argument("--docs", required=True)
    work.add_argument("--queries", required=True)
    work.add_argument("--n-queries", type=int, required=True)
    work.add_argument("--workdir", required=True)
    work.add_argument("--out", required=True)
    work.add_argument("--load-only", action="store_true")
    parser.add_argument("--sizes", default="10000,100000,1000000",
                        help="corpus sizes in sentences, comma-separated")
    parser.add_argument("--engines", default=",".join(ENGINES),
                        help="engines to run (those not installed are skipped)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per engine; medians reported")
    parser.add_argument("--cache", type=Path, default=REPO / "benchmarks" / ".cache",
                        help="where the analysed sentences are kept between runs")
    parser.add_argument("--data", type=Path, default=DATA,
                        help="the shared data directory (default: ../shared/data)")
    parser.add_argument("--json", action="store_true", help="print the rows as a JSON list")
    args = parser.parse_args(argv)
    DATA = args.data
    if args.mode == "_worker":
        worker(args)
        return 0
    engines = [e for e in args.engines.split(",") if e]
    unknown = sorted(set(engines) - set(ENGINES))
    if unknown:
        parser.error(f"unknown engine {unknown[0]!r}; choose from {', '.join(ENGINES)}")
    missing = [e for e in engines if not installed(e)]
    for engine in missing:
        log(f"{engine} is not installed: skipped (pip install -e '.[bench]')")
    engines = [e for e in engines if e not in missing]
    sizes = [int(s) for s in args.sizes.split(",") if s]
    base = base_corpus(args.cache)
    queries = real_queries()
    rows, notes = [], []
    with tempfile.TemporaryDirectory(prefix="newsbot-bench-") as scratch:
        for size in sizes:
            documents, how = grow(base, size)
            notes.append(f"- {size:,} sentences: {how}.")
            rows.extend(measure(size, documents, queries, engines, args.repeat, Path(scratch),
                                notes))
            del documents
    notes.append(f"- {len(queries)} queries; rank-bm25 (and so parity) on the first "
                 f"min(all, max(20, {REFERENCE_BUDGET:,} / size)) of them.")
    if args.json:
        print(json.dumps(rows))
        log(table(rows, notes))
    else:
        print(table(rows, notes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
