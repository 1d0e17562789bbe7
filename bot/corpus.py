"""The corpus: one UTF-8 file per article, a small front matter and the clean body.

The only module that knows the file format::

    ---
    title: Russian peacekeepers started withdrawal from Nagorno-Karabakh: Kremlin
    url: https://insiderpaper.com/russian-peacekeepers-started-withdrawal-from-nagorno-karabakh-kremlin/
    source: Insider Paper
    published: 2024-04-17
    author: Agence France-Presse (AFP)
    language: en
    ---
    First paragraph of the article.

    Second paragraph.

``published`` is ISO 8601: a date, or a date and time with its UTC offset when the offset is
known. Paragraphs are separated by blank lines. The article id is the file name without
``.md``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from stat import S_ISREG

from filelock import FileLock

from bot.common.language import normalize_language
from bot.common.urls import check_url, url_key
from bot.errors import CorpusError

ARTICLE_SUFFIX = ".md"
REQUIRED_FIELDS = ("title", "url", "source", "published")
OPTIONAL_FIELDS = ("author", "language")
KNOWN_FIELDS = REQUIRED_FIELDS + OPTIONAL_FIELDS
MAX_ARTICLE_BYTES = 5_000_000
# A BCP 47-like language code as the file stores it: 'en', 'pt-BR'.
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]+)*")
# Every writer of a corpus holds this file lock: ingest, follow, the bot's /add, index saving.
LOCK_FILE = ".newsbot.lock"
LOCK_TIMEOUT = 120.0  # seconds; a write takes milliseconds, an index save seconds
_FRONT_MATTER_FENCE = "---"
_FIELD_LINE = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*)\s*:\s?(.*)$")


@dataclass(frozen=True)
class Article:
    """One news article: metadata and the clean body text."""

    id: str
    title: str
    url: str
    source: str
    published: str
    body: str
    author: str = ""
    language: str = "en"

    @property
    def paragraphs(self) -> list[str]:
        """The body's paragraphs, in order."""
        return split_paragraphs(self.body)

    @property
    def published_date(self) -> dt.date:
        """The publication date (in the article's own time zone)."""
        return parse_published(self.published).date()


@dataclass(frozen=True)
class Problem:
    """Why one file of the corpus could not be loaded."""

    path: Path
    reason: str

    def __str__(self) -> str:
        return f"{self.path.name}: {self.reason}"


@dataclass(frozen=True)
class Corpus:
    """The articles that loaded, and a problem for each file that did not."""

    directory: Path
    articles: Sequence[Article]  # a tuple when read here; a lazy view from a saved index
    problems: tuple[Problem, ...] = field(default=())

    @classmethod
    def known(cls, directory: Path, articles: Sequence[Article], problems: tuple[Problem, ...],
              digests: Mapping[str, str]) -> Corpus:
        """A corpus whose article digests are already known (a saved index keeps them)."""
        corpus = cls(directory, articles, problems)
        corpus.__dict__["article_digests"] = digests  # the cached_property's slot
        return corpus

    def by_id(self) -> dict[str, Article]:
        """Map article id to article."""
        return {a.id: a for a in self.articles}

    @cached_property
    def article_digests(self) -> Mapping[str, str]:
        """Each article's digest (id, title and body), computed once per loaded corpus."""
        return {a.id: article_digest(a) for a in self.articles}

    @cached_property
    def fingerprint(self) -> str:
        """A hash of every article's id, title and body: changes whenever the text does."""
        return corpus_hash(self.article_digests)


def article_digest(article: Article) -> str:
    """A hash of everything the index takes from an article (id, title, text, language)."""
    text = f"{article.id}\0{article.title}\0{article.body}"
    language = normalize_language(article.language) or "en"
    if language != "en":  # its analysis depends on it; English digests stay as they were
        text += f"\0{language}"
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def corpus_hash(digests: Mapping[str, str]) -> str:
    """One hash for a set of articles, whatever their order."""
    text = "".join(f"{a}\0{digests[a]}\n" for a in sorted(digests))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def split_paragraphs(body: str) -> list[str]:
    """Split a body on blank lines; lines inside a paragraph are joined with a space."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", body.strip()):
        text = " ".join(line.strip() for line in block.splitlines() if line.strip())
        if text:
            paragraphs.append(text)
    return paragraphs


def parse_published(value: str) -> dt.datetime:
    """Parse an ISO 8601 date or date-time; raise ValueError if it is not one."""
    value = value.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return dt.datetime.combine(dt.date.fromisoformat(value), dt.time())
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?",
                        value):
        raise ValueError(value)
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


def parse_article(text: str, article_id: str) -> Article:
    """Parse the text of an article file; raise CorpusError with the reason if it is invalid."""
    text = text.lstrip("\ufeff")
    lines = text.splitlines()
    if not lines or lines[0].strip() != _FRONT_MATTER_FENCE:
        raise CorpusError("no front matter: the file must start with a '---' line")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == _FRONT_MATTER_FENCE)
    except StopIteration:
        raise CorpusError("front matter is not closed by a '---' line") from None
    fields: dict[str, str] = {}
    for number, line in enumerate(lines[1:end], start=2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _FIELD_LINE.match(line)
        if not match:
            raise CorpusError(f"line {number}: expected 'field: value', got {line.strip()!r}")
        key, value = match.group(1).lower(), match.group(2).strip()
        if key in fields:
            raise CorpusError(f"line {number}: field {key!r} appears twice")
        fields[key] = value
    missing = [name for name in REQUIRED_FIELDS if not fields.get(name)]
    if missing:
        raise CorpusError("missing field" + ("s " if len(missing) > 1 else " ") + ", ".join(missing))
    unknown = sorted(set(fields) - set(KNOWN_FIELDS))
    if unknown:
        raise CorpusError(f"unknown field {unknown[0]!r} (known: {', '.join(KNOWN_FIELDS)})")
    try:
        parse_published(fields["published"])
    except ValueError:
        raise CorpusError(
            f"bad date {fields['published']!r} in 'published': use ISO 8601, "
            "e.g. 2024-04-17 or 2024-04-17T17:50:00+05:00"
        ) from None
    if not check_url(fields["url"]):
        raise CorpusError(f"bad url {fields['url']!r}: it must be an absolute http(s) URL")
    body = "\n".join(lines[end + 1 :]).strip()
    if not body:
        raise CorpusError("empty body: the article has no text after the front matter")
    language = fields.get("language") or "en"
    if not LANGUAGE_CODE.fullmatch(language):
        raise CorpusError(f"bad language {language!r}: use a code such as 'en'")
    return Article(
        id=article_id,
        title=fields["title"],
        url=fields["url"],
        source=fields["source"],
        published=fields["published"],
        body=body,
        author=fields.get("author", ""),
        language=language,
    )


def read_article(path: Path) -> Article:
    """Read and validate one article file; raise CorpusError naming the reason."""
    try:
        info = path.stat()
        if not S_ISREG(info.st_mode):  # a FIFO or device: reading it could block for ever
            raise CorpusError("not a regular file")
        size = info.st_size
        if size > MAX_ARTICLE_BYTES:
            raise CorpusError(f"too large ({size:,} bytes; the limit is {MAX_ARTICLE_BYTES:,})")
        raw = path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"cannot read: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CorpusError(f"bad encoding: not UTF-8 (byte {exc.start})") from None
    if "\x00" in text:
        raise CorpusError("bad encoding: the file contains NUL bytes (binary?)")
    return parse_article(unicodedata.normalize("NFC", text), path.name[: -len(ARTICLE_SUFFIX)])


def article_paths(directory: Path) -> list[Path]:
    """The article files of a corpus directory, sorted by name (hidden files skipped)."""
    return sorted(
        p for p in directory.iterdir()
        if p.name.endswith(ARTICLE_SUFFIX) and not p.name.startswith(".") and not p.is_dir()
    )


SAME_URL = "same url as "  # how a skipped duplicate's problem starts


def same_url_reason(first_id: str) -> str:
    """The problem of a file skipped because article `first_id` (earlier by name) has its url."""
    return f"{SAME_URL}{first_id}{ARTICLE_SUFFIX}; skipped"


def url_already_seen(article: Article, seen_urls: dict[str, str]) -> str | None:
    """Why the article is skipped if an earlier one had its url (url key -> article id in
    `seen_urls`); otherwise None, and its url is recorded. Files are taken in name order."""
    key = url_key(article.url)
    first = seen_urls.get(key)
    if first is not None:
        return same_url_reason(first)
    seen_urls[key] = article.id
    return None


def load_corpus(directory: Path | str) -> Corpus:
    """Load every article of a directory; invalid files become problems, the rest still load.

    Raises CorpusError only when the directory itself cannot be read.
    """
    directory = Path(directory)
    if not directory.is_dir():
        problem = "is not a directory" if directory.exists() else "does not exist"
        raise CorpusError(f"corpus directory {str(directory)!r} {problem}")
    try:
        paths = article_paths(directory)
    except OSError as exc:
        raise CorpusError(f"cannot read corpus directory {str(directory)!r}: {exc}") from None
    articles: list[Article] = []
    problems: list[Problem] = []
    seen_urls: dict[str, str] = {}
    for path in paths:
        try:
            article = read_article(path)
        except CorpusError as exc:
            problems.append(Problem(path, str(exc)))
            continue
        reason = url_already_seen(article, seen_urls)
        if reason is not None:
            problems.append(Problem(path, reason))
            continue
        articles.append(article)
    return Corpus(directory=directory, articles=tuple(articles), problems=tuple(problems))


def format_article(article: Article) -> str:
    """The text of an article file (the inverse of parse_article)."""
    header = [_FRONT_MATTER_FENCE]
    for name in KNOWN_FIELDS:
        value = getattr(article, name)
        if value or name in REQUIRED_FIELDS:
            header.append(f"{name}: {' '.join(str(value).split())}")
    header.append(_FRONT_MATTER_FENCE)
    body = "\n\n".join(split_paragraphs(article.body))
    return "\n".join(header) + "\n" + body + "\n"


def slugify(text: str, max_length: int = 60) -> str:
    """A file-name-safe ASCII slug of a title."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > max_length:
        cut = slug[: max_length + 1]
        slug = cut[: cut.rindex("-")] if "-" in cut else slug[:max_length]
    return slug.strip("-") or "article"


def article_id_for(source: str, published: str, title: str) -> str:
    """The id (file stem) given to a new article: date, outlet and title."""
    date = published[:10]
    return f"{date}-{slugify(source, 20)}-{slugify(title, 50)}"


def write_article(directory: Path, article: Article, *, overwrite: bool = False) -> Path:
    """Write an article file atomically; refuse to replace an existing file unless asked."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{article.id}{ARTICLE_SUFFIX}"
    if path.exists() and not overwrite:
        raise CorpusError(f"{path.name} already exists (use --force to overwrite)")
    tmp = directory / f".{article.id}.tmp"
    tmp.write_text(format_article(article), encoding="utf-8")
    os.replace(tmp, path)
    return path


def corpus_lock(directory: Path, timeout: float = LOCK_TIMEOUT) -> AbstractContextManager:
    """The cross-process lock of a corpus directory (which must exist); use with `with`.

    Two writers (two `newsbot ingest`, `follow --once` by cron beside the bot's feed job) would
    otherwise both see a URL as new and both write it. Raises filelock.Timeout (a
    TimeoutError) when another process holds it for `timeout` seconds. A corpus this process
    cannot write to (deployed read-only, its index kept elsewhere) needs no lock: nothing here
    writes to it.
    """
    if not os.access(directory, os.W_OK):
        return nullcontext()
    return FileLock(Path(directory) / LOCK_FILE, timeout=timeout)


def find_by_url(articles: Iterable[Article], url: str) -> Article | None:
    """The article with the same (normalised) URL, if any."""
    key = url_key(url)
    return next((a for a in articles if url_key(a.url) == key), None)


Signature = frozenset[tuple[str, int, int]]


def corpus_signature(directory: Path) -> Signature:
    """(name, size, mtime in ns) of every article file; empty if the directory is missing."""
    return frozenset((name, size, mtime) for name, (size, mtime)
                     in corpus_listing(directory).items())


def article_names(directory: Path) -> set[str] | None:
    """The names of the article files (one listing, no stat); None if it cannot be listed."""
    try:
        return {name for name in os.listdir(directory)
                if name.endswith(ARTICLE_SUFFIX) and not name.startswith(".")}
    except OSError:
        return None


def file_stats(directory: Path, names: Iterable[str]) -> dict[str, tuple[int, int]]:
    """(size, mtime in ns) of these article files; a file gone meanwhile is left out."""
    found: dict[str, tuple[int, int]] = {}
    for name in names:
        try:
            stat = os.stat(Path(directory) / name)
        except OSError:
            continue
        found[name] = (stat.st_size, stat.st_mtime_ns)
    return found


def corpus_listing(directory: Path) -> dict[str, tuple[int, int]]:
    """Each article file's name -> (size, mtime in ns): one directory listing and one stat
    per file, no file read; empty if the directory is missing."""
    entries: dict[str, tuple[int, int]] = {}
    try:
        # os.scandir, not Path.iterdir: no Path object per file (a corpus may hold 100k+).
        # Each entry is statted as it comes and dropped: a list of 100k+ entries kept until
        # the end would leave holes among the stats kept (tens of MB that stay allocated).
        with os.scandir(directory) as listing:
            for entry in listing:
                name = entry.name
                if not name.endswith(ARTICLE_SUFFIX) or name.startswith("."):
                    continue
                try:
                    stat = entry.stat()  # follows a symlink, as Path.stat does
                except OSError:
                    continue  # removed meanwhile: the next check sees it gone
                entries[name] = (stat.st_size, stat.st_mtime_ns)
    except OSError:
        return {}
    return entries
