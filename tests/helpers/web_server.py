"""A small web server on 127.0.0.1 for ingest and feed tests: routes set by the test.

Serves fixture pages and feeds from tests/data/web (with {BASE} replaced by the server's own
address), and can answer slowly, with an error status, a redirect, a lying or missing
Content-Length, or an endless body. Every request is recorded (path and headers).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from tests.helpers.paths import WEB_DATA

HTML = "text/html; charset=utf-8"
RSS = "application/rss+xml; charset=utf-8"
ATOM = "application/atom+xml; charset=utf-8"


@dataclass
class Route:
    """How to answer one path."""

    body: bytes = b""
    content_type: str = HTML
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering
    stream_bytes: int = 0  # send this many bytes without a Content-Length instead of `body`


@dataclass(frozen=True)
class Request:
    """A request the server received."""

    path: str
    headers: dict[str, str]


class LocalWeb:
    """The server; `add()` or `fixture()` a route, read `requests`, `close()` at the end."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Request] = []
        web = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"  # the body ends when the connection closes

            def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
                path = urlsplit(self.path).path
                web.requests.append(Request(self.path, {k.lower(): v for k, v in
                                                        self.headers.items()}))
                route = web.routes.get(path)
                try:
                    if route is None:
                        self._send(404, "text/plain", b"not found", {})
                        return
                    if route.delay:
                        time.sleep(route.delay)
                    if route.stream_bytes:
                        self._stream(route)
                    else:
                        self._send(route.status, route.content_type, route.body, route.headers)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a size limit or a timeout): that is the test

            def _send(self, status: int, content_type: str, body: bytes,
                      headers: dict[str, str]) -> None:
                self.send_response(status)
                if content_type:
                    self.send_header("Content-Type", content_type)
                if "Content-Length" not in headers:
                    self.send_header("Content-Length", str(len(body)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def _stream(self, route: Route) -> None:
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                self.end_headers()
                chunk = b"<p>" + b"all work and no play " * 3000 + b"</p>\n"
                sent = 0
                while sent < route.stream_bytes:
                    self.wfile.write(chunk)
                    sent += len(chunk)

            def log_message(self, format: str, *args: object) -> None:
                pass  # keep test output clean

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,),
                                        daemon=True)
        self._thread.start()

    def url(self, path: str) -> str:
        """The absolute URL of a path on this server."""
        return self.base_url + path

    def add(self, path: str, body: bytes | str = b"", **options: object) -> str:
        """Serve `body` at `path`; returns the URL."""
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.routes[path] = Route(body=body, **options)  # type: ignore[arg-type]
        return self.url(path)

    def fixture(self, path: str, name: str, **options: object) -> str:
        """Serve a file of tests/data/web at `path` ({BASE} replaced); returns the URL."""
        text = (WEB_DATA / name).read_text(encoding="utf-8").replace("{BASE}", self.base_url)
        if "content_type" not in options:
            options["content_type"] = RSS if name.endswith(".xml") else HTML
        return self.add(path, text, **options)

    def hits(self, path: str) -> int:
        """How many requests asked for a path."""
        return sum(1 for r in self.requests if urlsplit(r.path).path == path)

    def close(self) -> None:
        """Stop serving."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def serve() -> Iterator[LocalWeb]:
    """A LocalWeb for a pytest fixture (yield it, then close it)."""
    web = LocalWeb()
    try:
        yield web
    finally:
        web.close()


# The pages every web test uses, at the paths the fixture feeds link to.
PAGES = {
    "/valley/news/reservoir": "valley-courier-reservoir.html",
    "/valley/news/ferry": "valley-courier-ferry.html",
    "/2024/05/14/riverside-reservoir-green-light/": "northern-ledger-reservoir.html",
    "/bugle/library": "no-date.html",
    "/plus/port-talks": "paywall.html",
    "/valley/news": "section-index.html",
    "/valley/app": "empty.html",
}


def serve_pages(web: LocalWeb) -> None:
    """Serve every fixture page at its usual path."""
    for path, name in PAGES.items():
        web.fixture(path, name)
