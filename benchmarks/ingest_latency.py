"""How long from "ingest this URL" to "the bot answers from it"?

Serves the test fixture pages (tests/data/web) from a local HTTP server on 127.0.0.1 and, for
a small corpus (tests/data/mini_corpus, 8 articles) and a large one (the BBC news set from
../shared/data, 2,225 articles), measures:

  ingest   Ingestor.add_url: fetch, extract with trafilatura, near-duplicate check against the
           whole corpus, write the file
  reload   Library.reload through the corpus watcher (load every file, build the index aside,
           swap): after this the running bot answers from the new article
  answer   one question answered from the new article (checked, so the timing is honest)
  cli      `newsbot ingest URL` then `newsbot ask ... --json` as two processes (wall clock,
           Python start-up and imports included)

Each figure is the median of --repeats runs (the machine is shared: expect noise).

    .venv/bin/python benchmarks/ingest_latency.py [--repeats 5] [--skip-bbc] [--skip-cli]
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot.corpus import Article, article_id_for, write_article  # noqa: E402
from bot.ingest.ingestor import Ingestor  # noqa: E402
from bot.search.answer import answer_question  # noqa: E402
from bot.search.library import Library  # noqa: E402
from bot.search.watch import CorpusWatcher  # noqa: E402

WEB = REPO / "tests" / "data" / "web"
MINI = REPO / "tests" / "data" / "mini_corpus"
BBC = REPO.parent / "shared" / "data" / "news_bbc2225.jsonl.gz"
if not BBC.exists():
    BBC = Path("/work/shared/data/news_bbc2225.jsonl.gz")
PAGE = "valley-courier-reservoir.html"
QUESTION = "When is construction of the reservoir due to start?"


def serve_page() -> tuple[ThreadingHTTPServer, str]:
    """Serve the fixture article at /article on 127.0.0.1."""
    body = (WEB / PAGE).read_bytes()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/article"


def build_bbc(target: Path) -> None:
    """Write the BBC set as corpus files (metadata made up for the benchmark only)."""
    target.mkdir(parents=True)
    with gzip.open(BBC, "rt", encoding="utf-8") as lines:
        for line in lines:
            item = json.loads(line)
            published = "2005-01-01"
            article = Article(
                id=article_id_for("BBC News", published, item["title"]) + "-"
                + item["id"].replace("/", "-"),
                title=item["title"], url=f"https://bbc.example.com/{item['id']}",
                source="BBC News", published=published, body=item["body"])
            write_article(target, article)


def run_once(base: Path, url: str, work: Path) -> dict[str, float]:
    corpus = work / "corpus"
    shutil.copytree(base, corpus)
    library = Library(corpus)
    watcher = CorpusWatcher(library)
    started = time.perf_counter()
    result = Ingestor(corpus).add_url(url)
    ingested = time.perf_counter()
    watcher.reload()
    reloaded = time.perf_counter()
    answer = answer_question(library.current.index, QUESTION)
    answered = time.perf_counter()
    assert result.path is not None and answer.answered, "the new article did not answer"
    assert answer.quotes[0].sources[0].article_id == result.article.id
    shutil.rmtree(corpus)
    return {"ingest": ingested - started, "reload": reloaded - ingested,
            "answer": answered - reloaded, "total": answered - started}


def run_cli(base: Path, url: str, work: Path) -> float:
    corpus = work / "cli-corpus"
    shutil.copytree(base, corpus)
    newsbot = [sys.executable, "-m", "bot"]
    started = time.perf_counter()
    subprocess.run([*newsbot, "ingest", url, "--corpus", str(corpus)], check=True,
                   capture_output=True, cwd=work)
    out = subprocess.run([*newsbot, "ask", QUESTION, "--json", "--corpus", str(corpus)],
                         check=True, capture_output=True, text=True, cwd=work).stdout
    elapsed = time.perf_counter() - started
    assert json.loads(out)["answered"]
    shutil.rmtree(corpus)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--skip-bbc", action="store_true")
    parser.add_argument("--skip-cli", action="store_true")
    args = parser.parse_args()
    server, url = serve_page()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        corpora = {"mini (8 articles)": MINI}
        if not args.skip_bbc:
            build_bbc(work / "bbc")
            corpora["bbc (2,225 articles)"] = work / "bbc"
        run_once(MINI, url, work)  # warm-up: imports, trafilatura's first call
        print(f"median of {args.repeats} runs, seconds")
        print(f"{'corpus':<22}{'ingest':>8}{'reload':>8}{'answer':>8}{'total':>8}"
              f"{'cli':>8}")
        for name, base in corpora.items():
            runs = [run_once(base, url, work) for _ in range(args.repeats)]
            med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
            cli = (statistics.median(run_cli(base, url, work) for _ in range(args.repeats))
                   if not args.skip_cli else float("nan"))
            print(f"{name:<22}{med['ingest']:>8.3f}{med['reload']:>8.3f}{med['answer']:>8.3f}"
                  f"{med['total']:>8.3f}{cli:>8.2f}")
            spread = [r["total"] for r in runs]
            print(f"{'':<22}total min {min(spread):.3f}, max {max(spread):.3f}")
    server.shutdown()


if __name__ == "__main__":
    main()
