"""The whole bot at scale: first build, start, a new file answerable, answers, memory.

    python benchmarks/bench_scale.py --sentences 1000000 --json [--keep DIR]

Writes Reuters-21578 and BBC articles (../shared/data, read in place) as corpus files,
repeated with new ids until the corpus has about the wanted number of sentences (as
bench_index.py does), then, each step in a fresh process:

1. first build: `load_index` with no saved index (read, split, analyse, index, save);
   its wall time and peak RSS;
2. start: a process from nothing (interpreter, imports) to its first answer from the saved
   index, built as the bot builds it (`Library`), timed from outside;
3. in that same process, a new article file written into the corpus until the process
   answers from it: `CorpusWatcher.check()` back to back (the bot checks every
   NEWSBOT_WATCH_INTERVAL seconds, which comes on top);
4. then 400 questions (200 SQuAD v1.1 dev questions, 200 news headlines, fixed seed), one at
   a time through `answer_question` and the Telegram HTML rendering, after the compiled
   kernel is loaded: p50 and p99; then the process's resident memory (VmRSS);
5. a fresh `newsbot ask` on the corpus, wall time.

Prints one JSON object with --json: {sentences, articles, first_build_s, start_s,
add_visible_s, answer_p50_ms, answer_p99_ms, rss_mb} and, beside them, first_build_peak_mb
(the build's process tree: the builder and its worker processes, their RSS summed, sampled
every 20 ms), first_build_parent_peak_mb (the builder's own VmHWM), first_build_workers,
first_build_cpu_s (CPU time of the builder and its workers),
rss_anon_mb and rss_file_mb (the serving RSS's own and mapped-file parts), ask_s and
load_avg (the machine's 1, 5 and 15 minute load averages before, then after).
`--keep DIR` builds the corpus there (with its saved index) and leaves it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# The same corpus as bench_index.py (this folder is on sys.path when a script here runs).
from bench_index import ensure_corpus, read_news

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data"
SQUAD_FILE = "squad-dev-v1.1.json"
SEED = 20240417
N_QUESTIONS, N_TITLES = 200, 200
# The new article's quay has a name of its own in each run: a kept corpus keeps the articles
# of earlier runs, and the same text many times over would make the new one's quote one of
# many equal ones (not necessarily the one listed).
NEW_QUESTION = "When will the new ferry terminal at {name} Quay open?"
NEW_BODY = ("The harbour authority said on Monday that the new ferry terminal at {name} Quay "
            "will open in spring. Officials expect ten thousand passengers a week once the "
            "quayside works are finished.")


def quay_name(stamp: int) -> str:
    """A made-up word from a number ('Kestrel' in the first versions of this benchmark)."""
    letters = ""
    while stamp and len(letters) < 9:
        stamp, digit = divmod(stamp, 26)
        letters += "abcdefghijklmnopqrstuvwxyz"[digit]
    return letters.capitalize()


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- the corpus ---------------------------------------------------------------------------------


def questions(data: Path) -> list[str]:
    """SQuAD dev questions and news headlines, sampled with a fixed seed."""
    squad = json.loads((data / SQUAD_FILE).read_text(encoding="utf-8"))
    asked = [qa["question"] for article in squad["data"] for p in article["paragraphs"]
             for qa in p["qas"]]
    titles = [a["title"] for a in read_news(data) if a.get("title")]
    rng = random.Random(SEED)
    return rng.sample(asked, N_QUESTIONS) + rng.sample(titles, N_TITLES)


# -- the steps (each in a fresh process) --------------------------------------------------------


def peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def rss_mb(field: str = "VmRSS") -> float:
    """This process's resident memory (VmRSS), or one part of it: RssAnon (its own memory)
    or RssFile (pages of mapped files, the saved index and shared libraries, which stay in
    the page cache when released)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def build_workers(files: int) -> int:
    """How many processes a build of that many files splits and analyses in."""
    from bot.search.index import PARALLEL_MIN
    from bot.search.pool import available_workers

    return available_workers() if files >= PARALLEL_MIN else 1


def step_build(corpus: Path) -> None:
    from bot.search.index import load_index

    started = time.perf_counter()
    corpus_, index = load_index(corpus)
    own, workers = (resource.getrusage(who) for who in (resource.RUSAGE_SELF,
                                                         resource.RUSAGE_CHILDREN))
    print(json.dumps({"first_build_s": time.perf_counter() - started,
                      # CPU time of the builder and its (ended) workers: what the build
                      # costs whatever the machine's load.
                      "first_build_cpu_s": sum(r.ru_utime + r.ru_stime for r in (own, workers)),
                      "first_build_peak_mb": peak_mb(), "sentences": len(index),
                      "first_build_workers": build_workers(len(corpus_.articles)),
                      "articles": len(corpus_.articles)}))


def step_serve(corpus: Path, questions_file: Path) -> None:
    """Start as the bot does, answer, take a new file in, answer 400 questions."""
    from bot.chat.html import answer_to_html
    from bot.corpus import Article, write_article
    from bot.search.answer import answer_question
    from bot.search.bm25 import start_kernel
    from bot.search.library import Library
    from bot.search.watch import CorpusWatcher

    library = Library(corpus)
    watcher = CorpusWatcher(library)
    answer_to_html(answer_question(library.current.index, "who raised interest rates?"))
    print(json.dumps({"ready": True}), flush=True)

    stamp = f"{time.time_ns()}"
    name = quay_name(int(stamp))
    article = Article(f"2030-01-02-harbour-kestrel-{stamp}", f"{name} Quay ferry terminal",
                      f"https://harbour.invalid/kestrel/{stamp}", "Harbour News",
                      "2030-01-02", NEW_BODY.format(name=name))
    started = time.perf_counter()
    write_article(corpus, article)
    checks = 0
    while True:
        watcher.check()
        checks += 1
        answer = answer_question(library.current.index, NEW_QUESTION.format(name=name))
        if any(s.article_id == article.id for q in answer.quotes for s in q.sources):
            break
        if time.perf_counter() - started > 120:
            raise SystemExit("the new article was not answerable within 120 s")
    add_visible_s = time.perf_counter() - started

    start_kernel(wait=True)  # the bot loads it in the background within a second of starting
    library.wait_warm()  # and warms the new snapshot a second after the swap (library.py)
    texts = json.loads(questions_file.read_text(encoding="utf-8"))
    times = []
    for text in texts:
        t = time.perf_counter()
        snapshot = library.current
        answer_to_html(answer_question(snapshot.index, text))
        times.append(time.perf_counter() - t)
    times.sort()
    print(json.dumps({
        "add_visible_s": add_visible_s, "add_checks": checks, "quay": name,
        "answer_p50_ms": 1000 * times[len(times) // 2],
        "answer_p99_ms": 1000 * times[min(len(times) - 1, int(len(times) * 0.99))],
        "rss_mb": rss_mb(), "rss_anon_mb": rss_mb("RssAnon"), "rss_file_mb": rss_mb("RssFile"),
        "sentences": len(library.current.index),
        "articles": len(library.current.corpus.articles),
    }), flush=True)


def tree_rss_mb(pid: int) -> float:
    """The resident memory of a process and all its descendants (worker processes), summed:
    pages they share (a forked worker's copy of its parent's) count once per process, so
    this is an upper bound of what they take together."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            for task in Path(f"/proc/{current}/task").iterdir():
                todo.extend(int(c) for c in (task / "children").read_text().split())
        except (FileNotFoundError, ProcessLookupError):
            continue  # ended meanwhile
    return total / 1024


def build_sampled(corpus: Path) -> dict:
    """The first build in a fresh process, with its process tree's RSS sampled every 20 ms:
    first_build_peak_mb is the largest sum seen (or the builder's own VmHWM if larger, a peak
    between samples), first_build_parent_peak_mb the builder's own."""
    worker = subprocess.Popen([sys.executable, __file__, "_step", "build", str(corpus)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env=dict(os.environ, PYTHONPATH=str(REPO)), cwd=REPO)
    peak = 0.0
    while worker.poll() is None:
        peak = max(peak, tree_rss_mb(worker.pid))
        time.sleep(0.02)
    out, err = worker.communicate()
    if worker.returncode:
        raise SystemExit(err)
    row = last_json(out)
    row["first_build_parent_peak_mb"] = row["first_build_peak_mb"]
    row["first_build_peak_mb"] = max(peak, row["first_build_peak_mb"])
    return row


def run(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], capture_output=True, text=True,
                          env=dict(os.environ, PYTHONPATH=str(REPO)), cwd=REPO, **kwargs)


def last_json(output: str) -> dict:
    return json.loads(output.strip().splitlines()[-1])


def measure(corpus: Path, data: Path, reuse: bool) -> dict:
    from bot.search.index import INDEX_DIR_NAME

    if reuse and (corpus / INDEX_DIR_NAME / "meta.json").exists():
        row = {"first_build_s": None, "first_build_peak_mb": None,
               "first_build_parent_peak_mb": None, "first_build_workers": None,
               "first_build_cpu_s": None}
    else:
        shutil.rmtree(corpus / INDEX_DIR_NAME, ignore_errors=True)  # the first build, measured
        log("first build...")
        row = build_sampled(corpus)
        log(f"  {row}")

    with tempfile.TemporaryDirectory(prefix="newsbot-scale-") as tmp:
        questions_file = Path(tmp) / "questions.json"
        questions_file.write_text(json.dumps(questions(data)), encoding="utf-8")
        log("start, a new file, 400 answers...")
        started = time.perf_counter()
        worker = subprocess.Popen(
            [sys.executable, __file__, "_step", "serve", str(corpus), str(questions_file)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env=dict(os.environ, PYTHONPATH=str(REPO)), cwd=REPO)
        assert worker.stdout is not None
        first = worker.stdout.readline()
        row["start_s"] = time.perf_counter() - started
        if not first:
            raise SystemExit(worker.communicate()[1])
        out, err = worker.communicate()
        if worker.returncode:
            raise SystemExit(err)
        serve = last_json(out)
        log(f"  start {row['start_s']:.2f} s; {serve}")
        row.update(add_visible_s=serve["add_visible_s"], answer_p50_ms=serve["answer_p50_ms"],
                   answer_p99_ms=serve["answer_p99_ms"], rss_mb=serve["rss_mb"],
                   rss_anon_mb=serve["rss_anon_mb"], rss_file_mb=serve["rss_file_mb"],
                   sentences=serve["sentences"] - 1, articles=serve["articles"] - 1,
                   quay=serve["quay"])

    log("a fresh newsbot ask...")
    started = time.perf_counter()
    done = run(["-m", "bot", "ask", "--corpus", str(corpus),
                NEW_QUESTION.format(name=row["quay"])])  # the article this run added
    row["ask_s"] = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(done.stderr)
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sentences", type=int, default=1_000_000)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--keep", type=Path, help="build the corpus here and keep it")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--reuse-index", action="store_true",
                        help="with --keep: keep a saved index there (first_build_s is null)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsbot-corpus-") as tmp:
        corpus = args.keep or Path(tmp) / "corpus"
        ensure_corpus(corpus, args.sentences, args.data)
        load_before = os.getloadavg()
        row = measure(corpus, args.data, args.reuse_index)
        # The machine's load (1, 5, 15 minutes) before and after: it is shared, and a figure
        # taken under load says so.
        row["load_avg"] = [round(x, 2) for x in (*load_before, *os.getloadavg())]
        keys = ("sentences", "articles", "first_build_s", "start_s", "add_visible_s",
                "answer_p50_ms", "answer_p99_ms", "rss_mb", "first_build_peak_mb", "ask_s",
                "first_build_parent_peak_mb", "first_build_workers", "first_build_cpu_s",
                "rss_anon_mb",
                "rss_file_mb", "load_avg")
        result = {k: (round(row[k], 3) if isinstance(row[k], float) else row[k]) for k in keys}
        if args.json:
            print(json.dumps(result))
        else:
            for key in keys:
                print(f"{key:>20}: {result[key]}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    if len(sys.argv) > 2 and sys.argv[1] == "_step":
        if sys.argv[2] == "build":
            step_build(Path(sys.argv[3]))
        else:
            step_serve(Path(sys.argv[3]), Path(sys.argv[4]))
        sys.exit(0)
    sys.exit(main())
