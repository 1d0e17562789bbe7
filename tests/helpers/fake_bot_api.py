"""A fake Telegram Bot API on 127.0.0.1 for end-to-end tests of the real PTB Application.

A stdlib ThreadingHTTPServer in a thread. It serves queued updates through getUpdates (long
polling, with offsets as Telegram does), records every call, and checks what the bot sends the
way Telegram does: HTML with tags outside Telegram's set, bad nesting or bare `<`/`&` is
rejected with 400 "can't parse entities", and so is a text over 4096 UTF-16 code units after
parsing. Tests can also make the next call to a method fail (e.g. 429 with retry_after, a
500), drop the connection without an answer, stall before answering, or hold calls until a
test releases them (a held call whose client has gone away is never carried out). Updates are
forgotten once confirmed (a getUpdates with a higher offset), as Telegram forgets them.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import socket
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

# A distinctive secret part, so that a test can grep every log of the suite for it.
TOKEN = "123456789:SECRET-zq7fake-token-Xw3"
BOT_ID = 123456789
BOT_USERNAME = "NewsTestBot"
MAX_TEXT = 4096
MAX_CALLBACK_DATA = 64

# Parameters PTB sends as JSON strings inside a form.
_JSON_PARAMS = {
    "reply_markup", "link_preview_options", "reply_parameters", "results", "result",
    "commands", "scope", "entities", "allowed_updates", "input_message_content",
    "button",
}


class DropConnection(Exception):
    """Close the connection without answering (and without carrying out the call)."""


class ApiError(Exception):
    """An error reply of the Bot API."""

    def __init__(self, code: int, description: str, retry_after: int | None = None,
                 migrate_to_chat_id: int | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after
        self.migrate_to_chat_id = migrate_to_chat_id


# --- Telegram's HTML, checked strictly ------------------------------------------------------

# Tag -> allowed attributes (name -> required value pattern, or None for any value).
_TAGS: dict[str, dict[str, re.Pattern[str] | None]] = {
    "b": {}, "strong": {}, "i": {}, "em": {}, "u": {}, "ins": {}, "s": {}, "strike": {},
    "del": {}, "tg-spoiler": {},
    "span": {"class": re.compile(r"tg-spoiler")},
    "a": {"href": None},
    "tg-emoji": {"emoji-id": re.compile(r"\d+")},
    "code": {"class": re.compile(r"language-[\w+#.-]+")},
    "pre": {},
    "blockquote": {"expandable": None},
}
_REQUIRED = {"span": "class", "a": "href", "tg-emoji": "emoji-id"}
_TAG = re.compile(
    r"<(?P<close>/)?(?P<name>[a-zA-Z][\w-]*)(?P<attrs>(?:\s+[a-zA-Z][\w-]*"
    r"(?:\s*=\s*(?:\"[^\"<>]*\"|'[^'<>]*'|[^\s\"'<>=`]+))?)*)\s*>"
)
_ATTR = re.compile(r"([a-zA-Z][\w-]*)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'<>=`]+))?")
_ENTITY = re.compile(r"&(?:(lt|gt|amp|quot)|#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6}));")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


def _unescape(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        if match[1]:
            return _NAMED[match[1]]
        return chr(int(match[2]) if match[2] else int(match[3], 16))
    return _ENTITY.sub(one, text)


def utf16_length(text: str) -> int:
    """Length in UTF-16 code units, as Telegram counts."""
    return len(text.encode("utf-16-le")) // 2


def parse_telegram_html(text: str) -> str:
    """The plain text of a Telegram HTML message; raise ApiError as Telegram would."""
    def bad(reason: str) -> ApiError:
        return ApiError(400, f"Bad Request: can't parse entities: {reason}")

    out: list[str] = []
    stack: list[str] = []
    pos = 0
    while pos < len(text):
        char = text[pos]
        if char == "<":
            match = _TAG.match(text, pos)
            if match is None:
                raise bad(f"unexpected '<' at byte offset {pos}")
            name = match["name"].lower()
            if name not in _TAGS:
                raise bad(f"unsupported start tag \"{name}\" at byte offset {pos}")
            if match["close"]:
                if match["attrs"].strip():
                    raise bad(f"end tag \"{name}\" has attributes")
                if not stack or stack[-1] != name:
                    raise bad(f"unmatched end tag at byte offset {pos}, expected "
                              f"\"</{stack[-1] if stack else ''}>\", found \"</{name}>\"")
                stack.pop()
            else:
                attrs = {k.lower(): v for k, v in _ATTR.findall(match["attrs"])}
                for attr, value in attrs.items():
                    if attr not in _TAGS[name]:
                        raise bad(f"unsupported attribute \"{attr}\" in tag \"{name}\"")
                    pattern = _TAGS[name][attr]
                    value = _unescape(value.strip("\"'"))
                    if pattern is not None and not pattern.fullmatch(value):
                        raise bad(f"bad value of attribute \"{attr}\" in tag \"{name}\"")
                    if name == "a" and attr == "href" and not re.match(
                            r"(https?|tg)://\S+$", value):
                        raise bad(f"bad URL \"{value}\"")
                if name in _REQUIRED and _REQUIRED[name] not in attrs:
                    raise bad(f"tag \"{name}\" needs attribute \"{_REQUIRED[name]}\"")
                if name == "blockquote" and "blockquote" in stack:
                    raise bad("blockquote can't be nested")
                if name == "a" and "a" in stack:
                    raise bad("links can't be nested")
                if stack and stack[-1] in ("code", "pre") and not (
                        stack[-1] == "pre" and name == "code"):
                    raise bad(f"tag \"{name}\" can't be inside \"{stack[-1]}\"")
                if name == "code" and "class" in attrs and (not stack or stack[-1] != "pre"):
                    raise bad("a code language is allowed only inside pre")
                stack.append(name)
            pos = match.end()
        elif char == "&":
            match = _ENTITY.match(text, pos)
            if match is None:
                raise bad(f"character '&' is reserved, use &amp; (offset {pos})")
            out.append(_unescape(match[0]))
            pos = match.end()
        elif char == ">":
            raise bad(f"character '>' is reserved, use &gt; (offset {pos})")
        else:
            out.append(char)
            pos += 1
    if stack:
        raise bad(f"can't find end tag corresponding to start tag \"{stack[-1]}\"")
    return "".join(out)


def check_text(text: Any, parse_mode: Any) -> str:
    """The plain text of a message as Telegram would show it; ApiError if it would refuse."""
    if not isinstance(text, str) or not text.strip():
        raise ApiError(400, "Bad Request: message text is empty")
    if parse_mode is not None and str(parse_mode).upper() != "HTML":
        raise ApiError(400, f"Bad Request: fake API checks only HTML, got {parse_mode!r}")
    plain = parse_telegram_html(text) if parse_mode else text
    if not plain.strip():
        raise ApiError(400, "Bad Request: message text is empty")
    if utf16_length(plain) > MAX_TEXT:
        raise ApiError(400, "Bad Request: message is too long")
    return plain


def check_reply_markup(markup: Any) -> None:
    """Refuse an inline keyboard Telegram would refuse."""
    if markup is None:
        return
    if not isinstance(markup, dict) or not isinstance(markup.get("inline_keyboard"), list):
        raise ApiError(400, "Bad Request: unsupported reply_markup")
    for row in markup["inline_keyboard"]:
        for button in row:
            if not button.get("text"):
                raise ApiError(400, "Bad Request: button text is empty")
            kinds = [k for k in ("url", "callback_data", "switch_inline_query",
                                 "switch_inline_query_current_chat") if k in button]
            if len(kinds) != 1:
                raise ApiError(400, "Bad Request: a button needs exactly one action")
            data = button.get("callback_data")
            if data is not None and not 1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA:
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
            url = button.get("url")
            if url is not None and not re.match(r"(https?|tg)://\S+$", url):
                raise ApiError(400, "Bad Request: BUTTON_URL_INVALID")


def check_inline_result(result: dict[str, Any]) -> None:
    """Refuse an inline query result Telegram would refuse."""
    result_id = result.get("id")
    if not isinstance(result_id, str) or not 1 <= len(result_id.encode("utf-8")) <= 64:
        raise ApiError(400, "Bad Request: RESULT_ID_INVALID")
    if result.get("type") != "article" or not result.get("title"):
        raise ApiError(400, "Bad Request: fake API knows only article results with a title")
    content = result.get("input_message_content") or {}
    check_text(content.get("message_text"), content.get("parse_mode"))
    check_reply_markup(result.get("reply_markup"))


# --- Building updates the way Telegram sends them ------------------------------------------

_COMMAND_ENTITY = re.compile(r"^/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]+)?")
_MENTION_ENTITY = re.compile(r"(?<![\w@])@[A-Za-z][A-Za-z0-9_]{3,31}")


def entities_for(text: str) -> list[dict[str, Any]]:
    """The bot_command and mention entities Telegram would attach to a text (UTF-16 offsets)."""
    entities = []
    command = _COMMAND_ENTITY.match(text)
    if command:
        entities.append({"type": "bot_command", "offset": 0,
                         "length": utf16_length(command[0])})
    for mention in _MENTION_ENTITY.finditer(text):
        entities.append({"type": "mention", "offset": utf16_length(text[: mention.start()]),
                         "length": utf16_length(mention[0])})
    return entities


def user(user_id: int, first_name: str = "Ann", username: str | None = None) -> dict[str, Any]:
    """A user object."""
    result: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
    if username:
        result["username"] = username
    return result


def private_chat(user_id: int) -> dict[str, Any]:
    """The private chat with a user."""
    return {"id": user_id, "type": "private", "first_name": "Ann"}


def group_chat(chat_id: int = -100200300, title: str = "Newsroom") -> dict[str, Any]:
    """A supergroup."""
    return {"id": chat_id, "type": "supergroup", "title": title}


BOT_USER = {"id": BOT_ID, "is_bot": True, "first_name": "News", "username": BOT_USERNAME}


@dataclass
class Call:
    """One request the bot made."""

    method: str
    params: dict[str, Any]
    at: float
    error: str | None = None  # the error the fake answered with, if any
    result: Any = None  # what the fake answered on success


@dataclass
class FakeBotAPI:
    """The fake server; use as a context manager, then read `base_url`."""

    token: str = TOKEN
    long_poll_cap: float = 0.5  # seconds a getUpdates may wait, whatever the bot asks for
    calls: list[Call] = field(default_factory=list)
    chat_members: dict[tuple[int, int], str] = field(default_factory=dict)
    webhook: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._lock = threading.Condition()
        self._failures: dict[str, list[ApiError | DropConnection | float]] = {}
        self._held: dict[str, int] = {}  # method -> calls let through before holding
        self._admitted: dict[str, int] = {}  # method -> calls let through since hold()
        self._release = threading.Event()
        self._closing = False
        self._holding: dict[str, int] = {}
        self._confirmed = 0  # updates below this id were confirmed, and are forgotten
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        self.migrated: dict[int, int] = {}  # group id -> the supergroup it became
        self.chats: dict[int, dict[str, Any]] = {}
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle --

    def __enter__(self) -> FakeBotAPI:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        """Serve on 127.0.0.1, on a free port, in a daemon thread."""
        api = self

        class Handler(_Handler):
            fake = api

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Wake pending long polls and stop serving."""
        with self._lock:
            self._closing = True
            self._lock.notify_all()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    @property
    def url(self) -> str:
        """http://127.0.0.1:PORT"""
        assert self._server is not None, "start() the fake first"
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def base_url(self) -> str:
        """The value for ApplicationBuilder.base_url / TELEGRAM_BASE_URL."""
        return f"{self.url}/bot"

    # -- what tests do --

    def add_update(self, **payload: Any) -> int:
        """Queue an update (e.g. message={...}); returns its update_id."""
        with self._lock:
            update_id = next(self._update_ids)
            self._updates.append({"update_id": update_id, **payload})
            for value in payload.values():
                if isinstance(value, dict) and isinstance(value.get("chat"), dict):
                    self.chats[value["chat"]["id"]] = value["chat"]
            self._lock.notify_all()
        return update_id

    def redeliver(self, update_id: int, **payload: Any) -> None:
        """Queue an update again under an id already used (a confirmation Telegram lost)."""
        with self._lock:
            self._updates.append({"update_id": update_id, **payload})
            self._lock.notify_all()

    def new_message(self, text: str, chat: dict[str, Any], sender: dict[str, Any],
                    reply_to: dict[str, Any] | None = None) -> dict[str, Any]:
        """A message as Telegram would deliver it, with entities for commands and mentions."""
        message: dict[str, Any] = {
            "message_id": next(self._message_ids), "date": int(time.time()),
            "chat": chat, "from": sender, "text": text,
        }
        entities = entities_for(text)
        if entities:
            message["entities"] = entities
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        return message

    def send_text(self, text: str, chat: dict[str, Any], sender: dict[str, Any],
                  reply_to: dict[str, Any] | None = None) -> dict[str, Any]:
        """Queue a new message update; returns the message."""
        message = self.new_message(text, chat, sender, reply_to)
        self.add_update(message=message)
        return message

    def send_photo(self, caption: str, chat: dict[str, Any], sender: dict[str, Any]
                   ) -> dict[str, Any]:
        """Queue a photo with a caption (entities for commands and mentions); returns it."""
        message = self.new_message(caption, chat, sender)
        del message["text"]
        message.pop("entities", None)
        message["caption"] = caption
        message["photo"] = [{"file_id": "photo-1", "file_unique_id": "p1", "width": 90,
                             "height": 60}]
        if entities_for(caption):
            message["caption_entities"] = entities_for(caption)
        self.add_update(message=message)
        return message

    def edit_text(self, message: dict[str, Any], text: str) -> dict[str, Any]:
        """Queue the edit of a user's message to a new text; returns the edited message."""
        edited = {**message, "text": text, "edit_date": int(time.time())}
        edited.pop("entities", None)
        if entities_for(text):
            edited["entities"] = entities_for(text)
        self.add_update(edited_message=edited)
        return edited

    def membership(self, chat: dict[str, Any], by: dict[str, Any], old: str, new: str) -> int:
        """Queue a my_chat_member update: the bot's status in a chat went from old to new."""
        return self.add_update(my_chat_member={
            "chat": chat, "from": by, "date": int(time.time()),
            "old_chat_member": member_object(old, BOT_USER),
            "new_chat_member": member_object(new, BOT_USER),
        })

    def migrate(self, old_id: int, new_chat: dict[str, Any]) -> None:
        """The group old_id became the supergroup new_chat: sends to old_id are refused."""
        with self._lock:
            self.migrated[old_id] = new_chat["id"]
            self.chats[new_chat["id"]] = new_chat

    def press(self, data: str, sender: dict[str, Any], message: dict[str, Any] | None = None,
              inline_message_id: str | None = None) -> str:
        """Queue a button press on a message (or an inline message); returns the query id."""
        query_id = f"cbq-{next(self._message_ids)}"
        query: dict[str, Any] = {"id": query_id, "from": sender, "chat_instance": "42",
                                 "data": data}
        if message is not None:
            query["message"] = message
        if inline_message_id is not None:
            query["inline_message_id"] = inline_message_id
        self.add_update(callback_query=query)
        return query_id

    async def callback_answer(self, query_id: str, timeout: float = 5.0) -> Call:
        """Wait for the bot's answerCallbackQuery to a press."""
        [call] = await self.wait_for(
            "answerCallbackQuery", timeout=timeout,
            where=lambda c: c.params.get("callback_query_id") == query_id)
        return call

    def message(self, sent: Call) -> dict[str, Any]:
        """The current state (after edits) of a message the bot sent."""
        result = sent.result
        return self.messages[(result["chat"]["id"], result["message_id"])]

    def fail_next(self, method: str, code: int, description: str,
                  retry_after: int | None = None) -> None:
        """Make the next call to `method` fail with this error."""
        with self._lock:
            self._failures.setdefault(method, []).append(
                ApiError(code, description, retry_after))

    def drop_next(self, method: str) -> None:
        """Make the next call to `method` end in a closed connection, without an answer."""
        with self._lock:
            self._failures.setdefault(method, []).append(DropConnection())

    def stall_next(self, method: str, seconds: float) -> None:
        """Make the next call to `method` wait `seconds` before it is carried out and answered."""
        with self._lock:
            self._failures.setdefault(method, []).append(seconds)

    def hold(self, method: str, after: int = 0) -> None:
        """Hold every call to `method` after the next `after` ones, until `release()`.

        A held call is carried out on release only if its client is still connected: a bot
        killed meanwhile never had that request go through.
        """
        with self._lock:
            self._held[method] = after
            self._admitted[method] = 0
            self._release.clear()

    def release(self) -> None:
        """Let held calls go on (and hold no more)."""
        with self._lock:
            self._held.clear()
            self._release.set()
            self._lock.notify_all()

    def held_count(self, method: str) -> int:
        """How many calls to `method` are waiting in hold()."""
        with self._lock:
            return self._holding.get(method, 0)

    def calls_to(self, method: str, ok_only: bool = True) -> list[Call]:
        """The calls made to a method so far (by default only those that succeeded)."""
        with self._lock:
            return [c for c in self.calls
                    if c.method == method and (c.error is None or not ok_only)]

    async def wait_for(self, method: str, count: int = 1, timeout: float = 5.0,
                       where: Callable[[Call], bool] | None = None) -> list[Call]:
        """Wait until `count` successful calls to `method` (matching `where`) were made."""
        # In a thread: the test's event loop must keep running the bot meanwhile.
        return await asyncio.to_thread(self._wait, method, count, timeout, where)

    def _wait(self, method: str, count: int, timeout: float,
              where: Callable[[Call], bool] | None) -> list[Call]:
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                found = [c for c in self.calls if c.method == method and c.error is None
                         and (where is None or where(c))]
                if len(found) >= count:
                    return found
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = [(c.method, c.error) for c in self.calls if c.method != "getUpdates"]
                    raise AssertionError(f"expected {count} {method} call(s) within {timeout}s, "
                                         f"got {len(found)}; calls: {seen}")
                self._lock.wait(remaining)

    async def replies_to(self, message: dict[str, Any], timeout: float = 5.0) -> list[Call]:
        """Wait for a sendMessage that replies to `message`; return all such calls."""
        def replies(call: Call) -> bool:
            target = (call.params.get("reply_parameters") or {}).get("message_id")
            return str(call.params.get("chat_id")) == str(message["chat"]["id"]) \
                and str(target) == str(message["message_id"])
        return await self.wait_for("sendMessage", where=replies, timeout=timeout)

    def sent_to(self, chat_id: int) -> list[Call]:
        """Every sendMessage so far to a chat."""
        return [c for c in self.calls_to("sendMessage")
                if str(c.params.get("chat_id")) == str(chat_id)]

    async def fetched(self, update_id: int, timeout: float = 5.0) -> None:
        """Wait until the bot confirmed it fetched `update_id` (asked for a later offset)."""
        await self.wait_for("getUpdates", timeout=timeout,
                      where=lambda c: int(c.params.get("offset") or 0) > update_id)

    # -- the API --

    def handle(self, method: str, params: dict[str, Any],
               client_alive: Callable[[], bool] = lambda: True) -> Any:
        """Answer one Bot API call (runs in a server thread)."""
        if method == "getUpdates":
            return self._get_updates(params)
        self._wait_if_held(method, client_alive)
        with self._lock:
            failures = self._failures.get(method)
            failure = failures.pop(0) if failures else None
        if isinstance(failure, float | int):
            time.sleep(failure)  # a stall: then carried out as usual
        elif failure is not None:
            raise failure
        action = getattr(self, f"_api_{method}", None)
        if action is None:
            raise ApiError(404, "Not Found: method not found")
        return action(params)

    def _wait_if_held(self, method: str, client_alive: Callable[[], bool]) -> None:
        with self._lock:
            after = self._held.get(method)
            if after is None:
                return
            if self._admitted[method] < after:  # counted on arrival: concurrent calls too
                self._admitted[method] += 1
                return
            self._holding[method] = self._holding.get(method, 0) + 1
            self._lock.notify_all()
        try:
            while not self._release.wait(0.05):
                if self._closing:
                    break
        finally:
            with self._lock:
                self._holding[method] -= 1
        if not client_alive():
            raise DropConnection()

    def record(self, call: Call) -> None:
        """Keep a call and wake waiting tests."""
        with self._lock:
            self.calls.append(call)
            self._lock.notify_all()

    def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        wait = min(float(params.get("timeout") or 0), self.long_poll_cap)
        deadline = time.monotonic() + wait
        with self._lock:
            if offset > self._confirmed:  # Telegram forgets confirmed updates for good
                self._confirmed = offset
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while True:
                ready = [u for u in self._updates if u["update_id"] >= offset]
                remaining = deadline - time.monotonic()
                if ready or remaining <= 0 or self._closing:
                    return ready[: int(params.get("limit") or 100)]
                self._lock.wait(remaining)

    def _api_getMe(self, params: dict[str, Any]) -> dict[str, Any]:
        return {**BOT_USER, "can_join_groups": True, "can_read_all_group_messages": False,
                "supports_inline_queries": True, "supports_guest_queries": True}

    def _api_deleteWebhook(self, params: dict[str, Any]) -> bool:
        self.webhook = None
        return True

    def _api_setWebhook(self, params: dict[str, Any]) -> bool:
        self.webhook = params
        return True

    def _api_setMyCommands(self, params: dict[str, Any]) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list) or not commands:
            raise ApiError(400, "Bad Request: commands must be a non-empty list")
        for command in commands:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", command.get("command", "")) or \
                    not 1 <= len(command.get("description", "")) <= 256:
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
        return True

    def _api_sendChatAction(self, params: dict[str, Any]) -> bool:
        return True

    def _new_bot_message(self, params: dict[str, Any], plain: str) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        chat = self.chats.get(chat_id, {"id": chat_id, "type": "private", "first_name": "Ann"})
        message: dict[str, Any] = {
            "message_id": next(self._message_ids), "date": int(time.time()), "chat": chat,
            "from": BOT_USER, "text": plain,
        }
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        reply_to = (params.get("reply_parameters") or {}).get("message_id")
        if reply_to is not None and (chat_id, int(reply_to)) in self.messages:
            message["reply_to_message"] = self.messages[(chat_id, int(reply_to))]
        return message

    def _api_sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        if "chat_id" not in params:
            raise ApiError(400, "Bad Request: chat_id is empty")
        new_id = self.migrated.get(int(params["chat_id"]))
        if new_id is not None:
            raise ApiError(400, "Bad Request: group chat was upgraded to a supergroup chat",
                           migrate_to_chat_id=new_id)
        plain = check_text(params.get("text"), params.get("parse_mode"))
        check_reply_markup(params.get("reply_markup"))
        message = self._new_bot_message(params, plain)
        with self._lock:
            self.messages[(message["chat"]["id"], message["message_id"])] = message
        return message

    def _api_editMessageText(self, params: dict[str, Any]) -> dict[str, Any] | bool:
        plain = check_text(params.get("text"), params.get("parse_mode"))
        check_reply_markup(params.get("reply_markup"))
        if params.get("inline_message_id"):
            return True
        key = (int(params["chat_id"]), int(params["message_id"]))
        with self._lock:
            old = self.messages.get(key)
            if old is None:
                raise ApiError(400, "Bad Request: message to edit not found")
            if old["text"] == plain and old.get("reply_markup") == params.get("reply_markup"):
                raise ApiError(400, "Bad Request: message is not modified")
            new = {**old, "text": plain, "edit_date": int(time.time())}
            new.pop("reply_markup", None)
            if params.get("reply_markup"):
                new["reply_markup"] = params["reply_markup"]
            self.messages[key] = new
        return new

    def _api_answerCallbackQuery(self, params: dict[str, Any]) -> bool:
        if len(params.get("text") or "") > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        return True

    def _api_answerInlineQuery(self, params: dict[str, Any]) -> bool:
        results = params.get("results")
        if not isinstance(results, list) or len(results) > 50:
            raise ApiError(400, "Bad Request: RESULTS_TOO_MUCH")
        if len({r.get("id") for r in results}) != len(results):
            raise ApiError(400, "Bad Request: RESULT_ID_DUPLICATE")
        for result in results:
            check_inline_result(result)
        return True

    def _api_answerGuestQuery(self, params: dict[str, Any]) -> dict[str, Any]:
        if not params.get("guest_query_id"):
            raise ApiError(400, "Bad Request: QUERY_ID_INVALID")
        result = params.get("result")
        if not isinstance(result, dict):
            raise ApiError(400, "Bad Request: result is required")
        check_inline_result(result)
        return {"inline_message_id": f"guest-{params['guest_query_id']}"}

    def _api_getChatMember(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id, user_id = int(params["chat_id"]), int(params["user_id"])
        status = self.chat_members.get((chat_id, user_id), "member")
        return member_object(status, user(user_id))


def member_object(status: str, who: dict[str, Any]) -> dict[str, Any]:
    """A ChatMember as Telegram sends it, with the fields its status requires."""
    member: dict[str, Any] = {"status": status, "user": who}
    if status == "administrator":
        member.update({
            "can_be_edited": False, "is_anonymous": False, "can_manage_chat": True,
            "can_delete_messages": True, "can_manage_video_chats": True,
            "can_restrict_members": True, "can_promote_members": False,
            "can_change_info": True, "can_invite_users": True, "can_post_stories": False,
            "can_edit_stories": False, "can_delete_stories": False,
        })
    elif status == "creator":
        member["is_anonymous"] = False
    elif status == "kicked":
        member["until_date"] = 0
    return member


def decode_params(body: bytes, content_type: str) -> dict[str, Any]:
    """Bot API parameters from a form-encoded or JSON body; nested values decoded."""
    if not body:
        return {}
    if content_type.startswith("application/json"):
        return json.loads(body)
    if content_type.startswith("multipart/"):
        raise ApiError(400, "Bad Request: the fake API does not take files")
    params: dict[str, Any] = {k: v[-1] for k, v in
                              parse_qs(body.decode("utf-8"), keep_blank_values=True).items()}
    for key in _JSON_PARAMS & params.keys():
        value = params[key]
        if isinstance(value, str) and value[:1] in "{[":
            params[key] = json.loads(value)
    return params


class _Handler(BaseHTTPRequestHandler):
    fake: FakeBotAPI
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out as two writes: no 40 ms stalls

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass  # keep test output clean

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        self._serve()

    def do_GET(self) -> None:  # noqa: N802
        self._serve()

    def _serve(self) -> None:
        match = re.fullmatch(r"/bot(?P<token>[^/]+)/(?P<method>\w+)", self.path.split("?")[0])
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if match is None or match["token"] != self.fake.token:
            self._reply(401 if match else 404, {"ok": False, "error_code": 401,
                                                "description": "Unauthorized"})
            return
        method = match["method"]
        call = Call(method, {}, time.monotonic())
        try:
            call.params = decode_params(body, self.headers.get("Content-Type", ""))
            result = self.fake.handle(method, call.params, self._client_alive)
        except DropConnection:
            call.error = "connection dropped"
            self.fake.record(call)
            self.close_connection = True
            return
        except ApiError as exc:
            call.error = exc.description
            payload: dict[str, Any] = {"ok": False, "error_code": exc.code,
                                       "description": exc.description}
            if exc.retry_after is not None:
                payload["parameters"] = {"retry_after": exc.retry_after}
            if exc.migrate_to_chat_id is not None:
                payload["parameters"] = {"migrate_to_chat_id": exc.migrate_to_chat_id}
            self.fake.record(call)
            self._reply(exc.code, payload)
            return
        call.result = result
        self.fake.record(call)
        self._reply(200, {"ok": True, "result": result})

    def _client_alive(self) -> bool:
        """False if the client closed the connection (a peek reads end-of-file)."""
        sock = self.connection
        try:
            sock.setblocking(False)
            try:
                return sock.recv(1, socket.MSG_PEEK) != b""
            finally:
                sock.setblocking(True)
        except BlockingIOError:
            return True  # nothing to read: still connected
        except OSError:
            return False

    def _reply(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the bot gave up on a long poll (shutdown): nothing to tell it


def texts(calls: Iterable[Call]) -> list[str]:
    """The text parameter of each call."""
    return [str(c.params.get("text")) for c in calls]
