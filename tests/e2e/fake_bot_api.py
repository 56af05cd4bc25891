"""A fake Telegram Bot API server, so end-to-end tests can run the real PTB stack offline.

The bot under test talks HTTP to this server exactly as it would to api.telegram.org (point
``ApplicationBuilder().base_url(fake.base_url)`` at it); tests push updates in, inspect the
calls the bot made, and inject faults (429s, 5xx, dropped connections, slowness).

What it checks the way Telegram does, because these are the mistakes bots make in production:
parse_mode=HTML (see telegram_html.py), empty and over-long texts, callback_data over 64 bytes,
editing a missing or unchanged message, answering a callback or inline query twice, replying
to a message that does not exist, and getUpdates while a webhook is set or from two pollers.

Not modelled: webhook delivery, file up/downloads (uploads are parsed and recorded), MarkdownV2
validation, and methods outside the list in ``FakeBotAPI.METHODS`` (they answer 404 unless a
test adds them with ``add_method``).
"""

import asyncio
import contextlib
import copy
import email
import email.message
import email.utils
import itertools
import json
import logging
import random
import re
import select
import socket
import sys
import threading
import time
import urllib.parse
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, ClassVar, Self

from .telegram_html import (
    MAX_MESSAGE_LENGTH,
    TelegramHTMLError,
    find_text_entities,
    parse_telegram_html,
    trim_text,
    utf16_length,
)

JSONDict = dict[str, Any]
ChatKey = int | str
_LOGGER = logging.getLogger(__name__)

# PTB JSON-encodes every non-string parameter, so form values arrive as strings: these tell
# which strings to turn back into objects, integers and booleans.
_JSON_FIELDS = frozenset(
    {
        "allowed_updates",
        "button",
        "caption_entities",
        "commands",
        "entities",
        "explanation_entities",
        "input_message_content",
        "link_preview_options",
        "media",
        "menu_button",
        "message_ids",
        "options",
        "prices",
        "reply_markup",
        "reply_parameters",
        "results",
        "rights",
        "scope",
    }
)
_INT_FIELDS = frozenset(
    {
        "cache_time",
        "chat_id",
        "from_chat_id",
        "limit",
        "max_connections",
        "message_id",
        "message_thread_id",
        "offset",
        "reply_to_message_id",
        "timeout",
        "until_date",
        "user_id",
    }
)
_BOOL_FIELDS = frozenset(
    {
        "allow_paid_broadcast",
        "allow_sending_without_reply",
        "disable_notification",
        "disable_web_page_preview",
        "drop_pending_updates",
        "for_channels",
        "is_personal",
        "protect_content",
        "show_alert",
    }
)
_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
_BUTTON_ACTIONS = frozenset(
    {
        "url",
        "callback_data",
        "web_app",
        "login_url",
        "switch_inline_query",
        "switch_inline_query_current_chat",
        "switch_inline_query_chosen_chat",
        "copy_text",
        "callback_game",
        "pay",
    }
)
_DEFAULT_DESCRIPTIONS = {
    400: "Bad Request: injected fault",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}
_QUERY_INVALID = "query is too old and response timeout expired or query ID is invalid"
_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")
_POLL_SLICE = 0.05  # how often a waiting getUpdates checks whether its client hung up


class BotAPIError(Exception):
    """An error answer of the Bot API; raise it from ``add_method`` handlers too."""

    def __init__(self, status: int, description: str, parameters: JSONDict | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def payload(self) -> JSONDict:
        """The JSON body Telegram sends with this error."""
        body: JSONDict = {"ok": False, "error_code": self.status, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def _bad_request(text: str) -> BotAPIError:
    return BotAPIError(400, f"Bad Request: {text}")


class _ClientGone(Exception):
    """The client closed the connection while we were holding its long poll."""


@dataclass(frozen=True)
class UploadedFile:
    """A multipart file part; kept so tests can assert on what the bot uploaded."""

    filename: str
    content_type: str
    data: bytes = field(repr=False)

    @property
    def size(self) -> int:
        """Size in bytes (the data itself is left out of repr to keep failures readable)."""
        return len(self.data)


@dataclass(frozen=True)
class RecordedCall:
    """One request the bot made, recorded once answered (``at`` is when it arrived).

    ``failed_status`` is the HTTP status of an error answer (0: connection dropped on purpose),
    None on success; ``client_gone`` marks a long poll whose client hung up before the answer.
    """

    method: str
    params: JSONDict
    at: float
    failed_status: int | None = None
    description: str | None = None
    result: Any = None
    client_gone: bool = False

    @property
    def ok(self) -> bool:
        """True when the bot got a successful answer."""
        return self.failed_status is None and not self.client_gone


@dataclass
class _Fault:
    status: int
    retry_after: int | None
    description: str | None

    def error(self) -> BotAPIError:
        if self.status == 429:
            wait = self.retry_after or 1  # PTB only raises RetryAfter for a non-zero value
            text = self.description or f"Too Many Requests: retry after {wait}"
            return BotAPIError(429, text, {"retry_after": wait})
        text = self.description or _DEFAULT_DESCRIPTIONS.get(self.status)
        if text is None:
            try:
                text = HTTPStatus(self.status).phrase
            except ValueError:
                text = f"Error {self.status}"
        extra = {"retry_after": self.retry_after} if self.retry_after else None
        return BotAPIError(self.status, text, extra)


@dataclass
class _FaultRate:
    status: int
    rate: float
    rng: random.Random


# --------------------------------------------------------------------------- request parsing


def _header_value(value: str) -> tuple[str, dict[str, str]]:
    """Split 'type/sub; a=b' into the lower-cased value and its parameters."""
    message = email.message.Message()
    message["x"] = value
    params: dict[str, str] = {}
    for key, raw in message.get_params(header="x", failobj=[])[1:]:
        params[key.lower()] = email.utils.collapse_rfc2231_value(raw)
    return value.split(";")[0].strip().lower(), params


def _parse_multipart(body: bytes, boundary: str) -> JSONDict:
    """multipart/form-data as httpx writes it: text fields as str, files as UploadedFile."""
    fields: JSONDict = {}
    for chunk in body.split(b"--" + boundary.encode("latin-1"))[1:]:
        if chunk.startswith(b"--"):
            break
        head, sep, content = chunk.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        if not sep:
            continue
        content = content.removesuffix(b"\r\n")
        headers = email.message_from_bytes(head + b"\r\n\r\n")
        _, disposition = _header_value(headers.get("Content-Disposition", ""))
        name = disposition.get("name")
        if name is None:
            continue
        if "filename" in disposition:
            content_type = headers.get_content_type()
            fields[name] = UploadedFile(disposition["filename"], content_type, content)
        else:
            fields[name] = content.decode("utf-8")
    return fields


def _normalize(params: JSONDict) -> JSONDict:
    """Undo PTB's form encoding: JSON-decode nested values, type integers and booleans."""
    result: JSONDict = {}
    for key, value in params.items():
        if isinstance(value, str):
            if key in _JSON_FIELDS:
                try:
                    value = json.loads(value)
                except ValueError:
                    what = "reply keyboard markup" if key == "reply_markup" else key
                    raise _bad_request(f"can't parse {what} JSON object") from None
            elif key in _INT_FIELDS and re.fullmatch(r"-?\d+", value.strip()):
                value = int(value)
            elif key in _BOOL_FIELDS and value.lower() in ("true", "false", "1", "0"):
                value = value.lower() in ("true", "1")
        result[key] = value
    return result


def parse_request_params(content_type: str, query: str, body: bytes) -> JSONDict:
    """Parameters from the query string and a JSON, urlencoded or multipart body."""
    params: JSONDict = dict(urllib.parse.parse_qsl(query, keep_blank_values=True))
    kind, options = _header_value(content_type or "")
    try:
        if kind == "application/json":
            data = json.loads(body.decode("utf-8") or "{}")
            if not isinstance(data, dict):
                raise _bad_request("parameters must be a JSON object")
            params.update(data)
        elif kind == "application/x-www-form-urlencoded":
            text = body.decode("utf-8")
            params.update(urllib.parse.parse_qsl(text, keep_blank_values=True, errors="strict"))
        elif kind == "multipart/form-data":
            params.update(_parse_multipart(body, options.get("boundary", "")))
    except UnicodeDecodeError:
        raise _bad_request("strings must be encoded in UTF-8") from None
    except json.JSONDecodeError:
        raise _bad_request("can't parse JSON encoded request body") from None
    return _normalize(params)


def _client_gone(conn: socket.socket | None) -> bool:
    """True once the peer closed the socket: readable with nothing to read."""
    if conn is None:
        return False
    try:
        readable, _, _ = select.select([conn], [], [], 0)
        return bool(readable) and conn.recv(1, socket.MSG_PEEK) == b""
    except (OSError, ValueError):
        return True


# --------------------------------------------------------------------------- HTTP plumbing


class _Server(ThreadingHTTPServer):
    """Tracks open connections so stop() can cut keep-alive sockets instead of leaking them."""

    request_queue_size = 128  # socketserver's 5 resets connections under a burst

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(address, handler)
        self.open_sockets: set[socket.socket] = set()
        self.sockets_lock = threading.Lock()

    def process_request(self, request: Any, client_address: Any) -> None:
        with self.sockets_lock:
            self.open_sockets.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self.sockets_lock:
            self.open_sockets.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], OSError):
            return  # the client went away; nothing worth a traceback
        super().handle_error(request, client_address)

    def cut_connections(self) -> None:
        with self.sockets_lock:
            sockets = list(self.open_sockets)
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


class _Handler(BaseHTTPRequestHandler):
    """Reads one request, lets FakeBotAPI answer it, writes the JSON back (HTTP/1.1)."""

    protocol_version = "HTTP/1.1"
    server_version = "FakeBotAPI/1.0"
    api: ClassVar["FakeBotAPI"]

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: pytest output is for the test, not for an access log."""

    def setup(self) -> None:
        """No Nagle: headers and body go out as two writes, which would cost 40 ms a call."""
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks: list[bytes] = []
            while True:
                size = int(self.rfile.readline(65537).split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline(65537) not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline(65537)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _serve(self) -> None:
        received = time.time()
        body = self._read_body()
        path, _, query = self.path.partition("?")
        answer = self.api._answer(
            urllib.parse.unquote(path),
            query,
            self.headers.get("Content-Type", ""),
            body,
            received,
            self.connection,
        )
        if answer is None:  # dropped on purpose, or the client is already gone
            self.close_connection = True
            return
        status, payload = answer
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except OSError:
            self.close_connection = True


# --------------------------------------------------------------------------- the fake


class FakeBotAPI:
    """An in-process Telegram Bot API for one bot token, on 127.0.0.1 and a free port."""

    METHODS: ClassVar[tuple[str, ...]] = (
        "getMe",
        "getUpdates",
        "deleteWebhook",
        "setWebhook",
        "getWebhookInfo",
        "setMyCommands",
        "getMyCommands",
        "deleteMyCommands",
        "sendMessage",
        "editMessageText",
        "answerCallbackQuery",
        "answerInlineQuery",
        "sendChatAction",
        "close",
        "logOut",
    )

    def __init__(
        self,
        token: str,
        bot_username: str = "SummitQABot",
        *,
        strict_ampersand: bool = True,
        allow_http_webhook: bool = False,
    ) -> None:
        """``strict_ampersand``: reject a bare '&' in HTML (Telegram itself lets it through)."""
        self.token = token
        self.bot_username = bot_username
        self.strict_ampersand = strict_ampersand
        self.allow_http_webhook = allow_http_webhook
        bot_id = token.partition(":")[0]
        self.bot_user: JSONDict = {
            "id": int(bot_id) if bot_id.isdigit() else 1000,
            "is_bot": True,
            "first_name": bot_username,
            "username": bot_username,
        }
        self.errors: list[str] = []
        """Exceptions inside the fake itself (bugs here, not in the bot); shown on timeouts."""

        self._cond = threading.Condition()
        self._stopping = threading.Event()
        self._calls: list[RecordedCall] = []
        self._updates: list[JSONDict] = []
        self._next_update_id = 1
        self._poll_generation = 0
        self._active_polls = 0
        self._message_ids: dict[ChatKey, int] = defaultdict(int)
        self._messages: dict[tuple[ChatKey, int], JSONDict] = {}
        self._chats: dict[ChatKey, JSONDict] = {}
        self._open_callback_queries: set[str] = set()
        self._open_inline_queries: set[str] = set()
        self._ids = itertools.count(1)
        self._commands: dict[tuple[str, str], list[JSONDict]] = {}
        self._webhook: JSONDict = {}
        self._fail_next: dict[str, deque[_Fault]] = defaultdict(deque)
        self._fault_rates: dict[str, _FaultRate] = {}
        self._delays: dict[str, float] = {}
        self._extra_methods: dict[str, Callable[[JSONDict], Any]] = {}
        self._canonical = {name.lower(): name for name in self.METHODS}
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # ----------------------------------------------------------------- lifecycle

    def start(self) -> Self:
        """Bind 127.0.0.1 on a free port and serve from a daemon thread."""
        if self._server is not None:
            raise RuntimeError("FakeBotAPI already started")
        handler = type("FakeBotAPIHandler", (_Handler,), {"api": self})
        self._server = _Server(("127.0.0.1", 0), handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.01},
            name="FakeBotAPI",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Release held long polls, stop serving and close every connection."""
        if self._server is None or self._stopping.is_set():
            return
        self._stopping.set()
        with self._cond:
            self._cond.notify_all()
        self._server.shutdown()
        self._server.cut_connections()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        """The TCP port picked at start()."""
        if self._server is None:
            raise RuntimeError("FakeBotAPI not started")
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        """What ApplicationBuilder().base_url() takes; PTB appends '{token}/{method}'."""
        return f"http://127.0.0.1:{self.port}/bot"

    # ----------------------------------------------------------------- recorded calls

    @property
    def calls(self) -> list[RecordedCall]:
        """A snapshot of every answered request, in answer order."""
        with self._cond:
            return list(self._calls)

    def calls_to(self, method: str) -> list[RecordedCall]:
        """Recorded calls of one Bot API method (e.g. "sendMessage")."""
        return [call for call in self.calls if call.method == method]

    @property
    def sent_messages(self) -> list[JSONDict]:
        """Params of sendMessage calls that succeeded (failed ones were never 'sent')."""
        return [call.params for call in self.calls_to("sendMessage") if call.ok]

    def clear_calls(self) -> None:
        """Forget recorded calls, e.g. after the bot's start-up chatter."""
        with self._cond:
            self._calls.clear()

    def last_bot_message(self, chat_id: ChatKey | None = None) -> JSONDict:
        """The current state (edits included) of the last message the bot sent."""
        with self._cond:
            for call in reversed(self._calls):
                if call.method == "sendMessage" and call.ok:
                    chat = call.result["chat"]["id"]
                    if chat_id is None or chat == chat_id:
                        key = (chat, call.result["message_id"])
                        return copy.deepcopy(self._messages.get(key, call.result))
        raise LookupError(f"the bot has sent no message{f' to {chat_id}' if chat_id else ''}")

    def _count(self, method: str) -> int:
        return sum(1 for call in self._calls if call.method == method)

    def _timeout_message(self, what: str, timeout: float) -> str:
        summary = ", ".join(
            f"{c.method}{'' if c.ok else f'!{c.failed_status}'}" for c in self._calls[-30:]
        )
        text = f"timed out after {timeout}s waiting for {what}; calls so far: [{summary}]"
        if self.errors:
            text += f"; errors inside the fake: {self.errors}"
        return text

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[RecordedCall]:
        """Block until ``count`` calls of ``method`` are recorded; not from the bot's loop."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._count(method) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    what = f"{count} call(s) of {method} (got {self._count(method)})"
                    raise TimeoutError(self._timeout_message(what, timeout))
                self._cond.wait(remaining)
            return [call for call in self._calls if call.method == method]

    async def wait_for_async(
        self, method: str, count: int = 1, timeout: float = 5.0
    ) -> list[RecordedCall]:
        """wait_for for async tests: yields to the event loop the bot runs on meanwhile."""
        deadline = time.monotonic() + timeout
        while True:
            with self._cond:
                if self._count(method) >= count:
                    return [call for call in self._calls if call.method == method]
                if time.monotonic() >= deadline:
                    what = f"{count} call(s) of {method} (got {self._count(method)})"
                    raise TimeoutError(self._timeout_message(what, timeout))
            await asyncio.sleep(0.01)

    async def wait_until_polling(self, timeout: float = 5.0) -> None:
        """Wait until a getUpdates long poll is being held, i.e. the bot is up and idle."""
        deadline = time.monotonic() + timeout
        while True:
            with self._cond:
                if self._active_polls:
                    return
                if time.monotonic() >= deadline:
                    raise TimeoutError(self._timeout_message("a held getUpdates", timeout))
            await asyncio.sleep(0.01)

    async def wait_until_confirmed(self, timeout: float = 5.0) -> None:
        """Wait until the bot confirmed (via getUpdates offset) every pushed update."""
        deadline = time.monotonic() + timeout
        while True:
            with self._cond:
                if not self._updates:
                    return
                if time.monotonic() >= deadline:
                    pending = [u["update_id"] for u in self._updates]
                    what = f"confirmation of updates {pending}"
                    raise TimeoutError(self._timeout_message(what, timeout))
            await asyncio.sleep(0.01)

    @property
    def pending_updates(self) -> list[JSONDict]:
        """Updates pushed but not yet confirmed by the bot."""
        with self._cond:
            return copy.deepcopy(self._updates)

    # ----------------------------------------------------------------- fault injection

    def fail_next(
        self,
        method: str,
        status: int,
        count: int = 1,
        retry_after: int | None = None,
        description: str | None = None,
    ) -> None:
        """Answer the next ``count`` calls of ``method`` ("*": any) with an error.

        status 429 carries parameters.retry_after (default 1); status 0 drops the connection
        without an answer, which PTB reports as a NetworkError.
        """
        if status != 0 and not 400 <= status <= 599:
            raise ValueError(f"status must be 0 or 400-599, not {status}")
        with self._cond:
            for _ in range(count):
                self._fail_next[method].append(_Fault(status, retry_after, description))

    def set_fault_rate(self, method: str, status: int, rate: float, seed: int = 0) -> None:
        """Fail a seeded-random share ``rate`` of ``method`` calls ("*": any); 0 turns it off."""
        if not 0 <= rate <= 1:
            raise ValueError("rate must be between 0 and 1")
        with self._cond:
            if rate == 0:
                self._fault_rates.pop(method, None)
            else:
                self._fault_rates[method] = _FaultRate(status, rate, random.Random(seed))

    def set_delay(self, method: str, seconds: float) -> None:
        """Hold every ``method`` call ("*": any) this long before answering; 0 turns it off."""
        with self._cond:
            if seconds <= 0:
                self._delays.pop(method, None)
            else:
                self._delays[method] = seconds

    def add_method(self, method: str, handler: Callable[[JSONDict], Any]) -> None:
        """Serve an extra method: handler(params) returns the result or raises BotAPIError."""
        self._extra_methods[method] = handler
        self._canonical[method.lower()] = method

    def _pick_fault(self, method: str) -> _Fault | None:
        with self._cond:
            for key in (method, "*"):
                if self._fail_next.get(key):
                    return self._fail_next[key].popleft()
            for key in (method, "*"):
                rate = self._fault_rates.get(key)
                if rate is not None and rate.rng.random() < rate.rate:
                    return _Fault(rate.status, None, None)
        return None

    # ----------------------------------------------------------------- request handling

    def _record(self, call: RecordedCall) -> None:
        with self._cond:
            self._calls.append(call)
            self._cond.notify_all()

    def _answer(
        self,
        path: str,
        query: str,
        content_type: str,
        body: bytes,
        received: float,
        conn: socket.socket | None,
    ) -> tuple[int, JSONDict] | None:
        """Answer one HTTP request: (status, JSON body), or None to drop the connection."""
        match = re.fullmatch(r"/bot([^/]*)/([A-Za-z0-9_]+)/?", path)
        method = path
        params: JSONDict = {}
        try:
            if match is None:
                raise BotAPIError(404, "Not Found")
            token, raw_method = match.groups()
            method = self._canonical.get(raw_method.lower(), raw_method)
            parse_error: BotAPIError | None = None
            try:
                params = parse_request_params(content_type, query, body)
            except BotAPIError as error:
                parse_error = error
            if token != self.token:
                raise BotAPIError(401, "Unauthorized")
            if method not in self._canonical.values():
                raise BotAPIError(404, "Not Found: method not found")
            if parse_error is not None:
                raise parse_error
            with self._cond:
                delay = self._delays.get(method, self._delays.get("*", 0.0))
            if delay:
                self._stopping.wait(delay)
            fault = self._pick_fault(method)
            if fault is not None and fault.status == 0:
                self._record(RecordedCall(method, params, received, 0, "connection dropped"))
                return None
            if fault is not None:
                raise fault.error()
            result = self._dispatch(method, params, conn)
        except BotAPIError as error:
            self._record(RecordedCall(method, params, received, error.status, error.description))
            return error.status, error.payload()
        except _ClientGone:
            self._record(RecordedCall(method, params, received, client_gone=True))
            return None
        except Exception as exc:  # a bug in the fake: answer 500 and keep it for the test
            _LOGGER.exception("FakeBotAPI failed answering %s", method)
            self.errors.append(f"{method}: {exc!r}")
            error = BotAPIError(500, f"Internal Server Error: fake failed: {exc!r}")
            self._record(RecordedCall(method, params, received, error.status, error.description))
            return error.status, error.payload()
        self._record(RecordedCall(method, params, received, result=copy.deepcopy(result)))
        return 200, {"ok": True, "result": result}

    def _dispatch(self, method: str, params: JSONDict, conn: socket.socket | None) -> Any:
        if method in self._extra_methods:
            return self._extra_methods[method](params)
        if method == "getUpdates":
            return self._get_updates(params, conn)
        handler: Callable[[JSONDict], Any] = getattr(self, f"_api_{method}")
        return handler(params)

    # ----------------------------------------------------------------- chats and messages

    @staticmethod
    def _chat_key(chat_id: Any) -> ChatKey:
        if chat_id is None or chat_id == "":
            raise _bad_request("chat_id is empty")
        if isinstance(chat_id, bool) or not isinstance(chat_id, int | str):
            raise _bad_request("chat not found")
        if isinstance(chat_id, str) and not chat_id.startswith("@"):
            raise _bad_request("chat not found")
        return chat_id

    def _chat_for(self, chat_id: Any) -> JSONDict:
        """The chat a bot-sent message goes to; unseen ids get a plausible chat."""
        key = self._chat_key(chat_id)
        with self._cond:
            if key not in self._chats:
                if isinstance(key, str):
                    chat = {"id": -1001000000000 - next(self._ids), "type": "channel"}
                    chat.update(title=key[1:], username=key[1:])
                elif key > 0:
                    chat = {"id": key, "type": "private", "first_name": f"User {key}"}
                elif str(key).startswith("-100"):
                    chat = {"id": key, "type": "supergroup", "title": f"Supergroup {key}"}
                else:
                    chat = {"id": key, "type": "group", "title": f"Group {key}"}
                self._chats[key] = chat
            return copy.deepcopy(self._chats[key])

    def _store_message(self, message: JSONDict) -> None:
        with self._cond:
            chat_id = message["chat"]["id"]
            self._chats.setdefault(chat_id, copy.deepcopy(message["chat"]))
            self._messages[(chat_id, message["message_id"])] = copy.deepcopy(message)
            self._message_ids[chat_id] = max(self._message_ids[chat_id], message["message_id"])

    def _new_message_id(self, chat_key: ChatKey) -> int:
        with self._cond:
            self._message_ids[chat_key] += 1
            return self._message_ids[chat_key]

    def _message_text(self, params: JSONDict) -> tuple[str, list[JSONDict]]:
        """Text and entities as Telegram would store them, or the error it would answer."""
        raw = params.get("text")
        if raw is None or raw == "":
            raise _bad_request("message text is empty")
        text = str(raw)
        mode = str(params.get("parse_mode") or "").lower()
        if mode == "html":
            try:
                text, entities = parse_telegram_html(text, strict_ampersand=self.strict_ampersand)
            except TelegramHTMLError as error:
                raise BotAPIError(400, error.description) from None
        elif mode in ("", "markdown", "markdownv2"):
            given = params.get("entities")
            entities = [dict(e) for e in given] if isinstance(given, list) else []
        else:
            raise _bad_request("unsupported parse_mode")
        text, entities = trim_text(text, entities)
        if not text:
            raise _bad_request("message text is empty")
        if utf16_length(text) > MAX_MESSAGE_LENGTH:
            raise _bad_request("message is too long")
        blocked = [
            (e["offset"], e["offset"] + e["length"])
            for e in entities
            if e["type"] in ("code", "pre", "text_link")
        ]
        for auto in find_text_entities(text):
            start, end = auto["offset"], auto["offset"] + auto["length"]
            if not any(start < b_end and b_start < end for b_start, b_end in blocked):
                entities.append(auto)
        entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return text, entities

    @staticmethod
    def _inline_markup(markup: Any) -> JSONDict | None:
        """Validate an inline keyboard; only those are echoed back in the Message."""
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise _bad_request("can't parse reply keyboard markup JSON object")
        rows = markup.get("inline_keyboard")
        if rows is None:
            return None
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise _bad_request('field "inline_keyboard" must be an Array of Arrays')
        for row in rows:
            for button in row:
                if not isinstance(button, dict) or not isinstance(button.get("text"), str):
                    raise _bad_request("can't parse inline keyboard button: Text must be a String")
                if not _BUTTON_ACTIONS & button.keys():
                    raise _bad_request("text buttons are unallowed in the inline keyboard")
                data = button.get("callback_data")
                if data is not None and not 1 <= len(str(data).encode("utf-8")) <= 64:
                    raise _bad_request("BUTTON_DATA_INVALID")
        return copy.deepcopy(markup)

    def _reply_target(self, chat_key: ChatKey, params: JSONDict) -> JSONDict | None:
        reply = params.get("reply_parameters")
        allow = bool(params.get("allow_sending_without_reply"))
        message_id: Any = None
        if isinstance(reply, dict):
            message_id = reply.get("message_id")
            allow = allow or bool(reply.get("allow_sending_without_reply"))
        elif params.get("reply_to_message_id"):
            message_id = params["reply_to_message_id"]
        if message_id is None:
            return None
        with self._cond:
            target = self._messages.get((chat_key, int(message_id)))
        if target is None:
            if allow:
                return None
            raise _bad_request("message to be replied not found")
        target = copy.deepcopy(target)
        target.pop("reply_to_message", None)  # Telegram nests replies one level only
        return target

    # ----------------------------------------------------------------- Bot API methods

    def _api_getMe(self, params: JSONDict) -> JSONDict:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _confirm(self, offset: int) -> None:
        """Telegram's offset rule: earlier updates are confirmed; negative keeps the last -n."""
        if offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        elif offset < 0:
            self._updates = self._updates[offset:]

    def _get_updates(self, params: JSONDict, conn: socket.socket | None) -> list[JSONDict]:
        offset = int(params.get("offset") or 0)
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        timeout = max(float(params.get("timeout") or 0), 0.0)
        deadline = time.monotonic() + timeout
        with self._cond:
            if self._webhook.get("url"):
                raise BotAPIError(
                    409,
                    "Conflict: can't use getUpdates method while webhook is active; "
                    "use deleteWebhook to delete the webhook first",
                )
            self._poll_generation += 1
            generation = self._poll_generation
            self._cond.notify_all()  # a poll still held for someone else is now a conflict
            self._confirm(offset)
            self._active_polls += 1
            try:
                while True:
                    if self._updates:
                        return copy.deepcopy(self._updates[:limit])
                    if self._stopping.is_set():
                        return []
                    if generation != self._poll_generation:
                        if _client_gone(conn):  # a cancelled poll, not a second bot
                            raise _ClientGone
                        raise BotAPIError(409, _DEFAULT_DESCRIPTIONS[409])
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        return []
                    self._cond.wait(min(remaining, _POLL_SLICE))
                    if _client_gone(conn):
                        raise _ClientGone
            finally:
                self._active_polls -= 1

    def _api_deleteWebhook(self, params: JSONDict) -> bool:
        with self._cond:
            self._webhook = {}
            if params.get("drop_pending_updates"):
                self._updates.clear()
        return True

    def _api_setWebhook(self, params: JSONDict) -> bool:
        url = str(params.get("url") or "")
        if url and not url.startswith("https://") and not self.allow_http_webhook:
            raise _bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        with self._cond:
            self._webhook = {**params, "url": url} if url else {}
            if params.get("drop_pending_updates"):
                self._updates.clear()
        return True

    def _api_getWebhookInfo(self, params: JSONDict) -> JSONDict:
        with self._cond:
            info: JSONDict = {
                "url": self._webhook.get("url", ""),
                "has_custom_certificate": isinstance(
                    self._webhook.get("certificate"), UploadedFile
                ),
                "pending_update_count": len(self._updates),
            }
            if info["url"]:
                info["max_connections"] = int(self._webhook.get("max_connections") or 40)
                if self._webhook.get("allowed_updates"):
                    info["allowed_updates"] = self._webhook["allowed_updates"]
        return info

    @staticmethod
    def _commands_key(params: JSONDict) -> tuple[str, str]:
        scope = params.get("scope") or {"type": "default"}
        return json.dumps(scope, sort_keys=True), str(params.get("language_code") or "")

    def _api_setMyCommands(self, params: JSONDict) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise _bad_request("can't parse commands JSON object")
        if len(commands) > 100:
            raise _bad_request("too many commands specified")
        for command in commands:
            if not isinstance(command, dict) or not _COMMAND_RE.fullmatch(
                str(command.get("command", ""))
            ):
                raise _bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", "")).strip()) <= 256:
                raise _bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        with self._cond:
            key = self._commands_key(params)
            if commands:
                self._commands[key] = copy.deepcopy(commands)
            else:
                self._commands.pop(key, None)
        return True

    def _api_getMyCommands(self, params: JSONDict) -> list[JSONDict]:
        with self._cond:
            return copy.deepcopy(self._commands.get(self._commands_key(params), []))

    def _api_deleteMyCommands(self, params: JSONDict) -> bool:
        with self._cond:
            self._commands.pop(self._commands_key(params), None)
        return True

    def _api_sendMessage(self, params: JSONDict) -> JSONDict:
        chat = self._chat_for(params.get("chat_id"))
        key = self._chat_key(params.get("chat_id"))
        text, entities = self._message_text(params)
        markup = self._inline_markup(params.get("reply_markup"))
        reply_to = self._reply_target(chat["id"], params)
        message: JSONDict = {
            "message_id": self._new_message_id(chat["id"]),
            "from": dict(self.bot_user),
            "chat": chat,
            "date": int(time.time()),
            "text": text,
        }
        if isinstance(params.get("message_thread_id"), int):
            message["message_thread_id"] = params["message_thread_id"]
        if entities:
            message["entities"] = entities
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        if markup is not None:
            message["reply_markup"] = markup
        self._store_message(message)
        if key != chat["id"]:  # "@channel": remember the alias too
            with self._cond:
                self._chats.setdefault(key, chat)
        return message

    def _api_editMessageText(self, params: JSONDict) -> JSONDict | bool:
        if params.get("inline_message_id"):
            self._message_text(params)
            self._inline_markup(params.get("reply_markup"))
            return True
        chat = self._chat_for(params.get("chat_id"))
        if not isinstance(params.get("message_id"), int):
            raise _bad_request("message identifier is not specified")
        text, entities = self._message_text(params)
        markup = self._inline_markup(params.get("reply_markup"))
        with self._cond:
            key = (chat["id"], int(params["message_id"]))
            current = self._messages.get(key)
            if current is None:
                raise _bad_request("message to edit not found")
            if current.get("from", {}).get("id") != self.bot_user["id"]:
                raise _bad_request("message can't be edited")
            if "text" not in current:
                raise _bad_request("there is no text in the message to edit")
            if (
                current["text"] == text
                and current.get("entities", []) == entities
                and current.get("reply_markup") == markup
            ):
                raise BotAPIError(400, _NOT_MODIFIED)
            edited = copy.deepcopy(current)
            edited.update(text=text, edit_date=int(time.time()))
            edited.pop("entities", None)
            edited.pop("reply_markup", None)
            if entities:
                edited["entities"] = entities
            if markup is not None:
                edited["reply_markup"] = markup
            self._messages[key] = copy.deepcopy(edited)
        return edited

    def _api_answerCallbackQuery(self, params: JSONDict) -> bool:
        self._consume_query(self._open_callback_queries, params.get("callback_query_id"))
        return True

    def _consume_query(self, open_queries: set[str], query_id: object) -> None:
        """A query is answered once; an unknown or already answered one is Telegram's 400."""
        with self._cond:
            if str(query_id or "") not in open_queries:
                raise _bad_request(_QUERY_INVALID)
            open_queries.discard(str(query_id))

    def _api_answerInlineQuery(self, params: JSONDict) -> bool:
        query_id = str(params.get("inline_query_id") or "")
        results = params.get("results")
        if not isinstance(results, list):
            raise _bad_request("can't parse results JSON object")
        if len(results) > 50:
            raise _bad_request("RESULTS_TOO_MUCH")
        seen: set[str] = set()
        for result in results:
            if not isinstance(result, dict) or "type" not in result:
                raise _bad_request('can\'t parse InlineQueryResult: Field "type" must be a String')
            result_id = str(result.get("id", ""))
            if not 1 <= len(result_id.encode("utf-8")) <= 64:
                raise _bad_request("RESULT_ID_INVALID")
            if result_id in seen:
                raise _bad_request("RESULT_ID_DUPLICATE")
            seen.add(result_id)
            content = result.get("input_message_content")
            if isinstance(content, dict) and "message_text" in content:
                self._message_text({"text": content["message_text"], **content})
            self._inline_markup(result.get("reply_markup"))
        self._consume_query(self._open_inline_queries, query_id)
        return True

    def _api_sendChatAction(self, params: JSONDict) -> bool:
        self._chat_for(params.get("chat_id"))
        if params.get("action") not in _CHAT_ACTIONS:
            raise _bad_request("wrong parameter action in request")
        return True

    def _api_close(self, params: JSONDict) -> bool:
        return True

    def _api_logOut(self, params: JSONDict) -> bool:
        return True

    # ----------------------------------------------------------------- pushing updates

    def _enqueue(self, update: JSONDict) -> JSONDict:
        with self._cond:
            if "update_id" not in update:
                update["update_id"] = self._next_update_id
            self._next_update_id = max(self._next_update_id, int(update["update_id"])) + 1
            self._updates.append(update)
            self._cond.notify_all()
            return copy.deepcopy(update)

    @staticmethod
    def _user(
        user_id: int, first_name: str, language_code: str | None, username: str | None = None
    ) -> JSONDict:
        user: JSONDict = {"id": user_id, "is_bot": False, "first_name": first_name}
        if username:
            user["username"] = username
        if language_code:
            user["language_code"] = language_code
        return user

    def _chat(
        self,
        chat_id: int,
        chat_type: str,
        user: JSONDict,
        title: str | None = None,
    ) -> JSONDict:
        if chat_type == "private":
            chat = {"id": chat_id, "type": "private", "first_name": user["first_name"]}
            if "username" in user:
                chat["username"] = user["username"]
        elif chat_type in ("group", "supergroup", "channel"):
            chat = {"id": chat_id, "type": chat_type, "title": title or f"Test {chat_type}"}
        else:
            raise ValueError(f"unknown chat_type {chat_type!r}")
        with self._cond:
            self._chats[chat_id] = copy.deepcopy(chat)
        return chat

    def _incoming(
        self,
        chat_id: int,
        chat_type: str,
        user_id: int,
        first_name: str,
        language_code: str | None,
        username: str | None = None,
        chat_title: str | None = None,
    ) -> JSONDict:
        """A new message from a user: ids, sender, chat and date; the caller adds content."""
        user = self._user(user_id, first_name, language_code, username)
        chat = self._chat(chat_id, chat_type, user, chat_title)
        return {
            "message_id": self._new_message_id(chat_id),
            "from": user,
            "chat": chat,
            "date": int(time.time()),
        }

    def _push_message(self, message: JSONDict, kind: str = "message") -> JSONDict:
        self._store_message(message)
        return self._enqueue({kind: message})

    def push_text(
        self,
        text: str,
        chat_id: int = 1,
        chat_type: str = "private",
        user_id: int = 1,
        first_name: str = "Ann",
        language_code: str = "en",
        reply_to_message: JSONDict | None = None,
        *,
        username: str | None = None,
        chat_title: str | None = None,
    ) -> JSONDict:
        """A user's text message, with the bot_command / mention entities Telegram adds."""
        message = self._incoming(
            chat_id, chat_type, user_id, first_name, language_code, username, chat_title
        )
        message["text"] = text
        entities = find_text_entities(text)
        if entities:
            message["entities"] = entities
        if reply_to_message is not None:
            target = copy.deepcopy(reply_to_message)
            target.pop("reply_to_message", None)
            message["reply_to_message"] = target
        return self._push_message(message)

    def push_edited_text(self, original_update: JSONDict, new_text: str) -> JSONDict:
        """The user edits an earlier pushed text: an edited_message with the same message_id."""
        original = original_update.get("message") or original_update.get("edited_message")
        if not original:
            raise ValueError("original_update has no message to edit")
        with self._cond:
            current = self._messages.get((original["chat"]["id"], original["message_id"]))
        message = copy.deepcopy(current or original)
        message["text"] = new_text
        message.pop("entities", None)
        entities = find_text_entities(new_text)
        if entities:
            message["entities"] = entities
        message["edit_date"] = int(time.time())
        return self._push_message(message, "edited_message")

    def push_sticker(
        self,
        chat_id: int = 1,
        chat_type: str = "private",
        user_id: int = 1,
        first_name: str = "Ann",
        language_code: str = "en",
        emoji: str = "👍",
    ) -> JSONDict:
        """A sticker message: something that is not text, which the bot must not choke on."""
        message = self._incoming(chat_id, chat_type, user_id, first_name, language_code)
        n = next(self._ids)
        message["sticker"] = {
            "file_id": f"CAACAgIAAxkBAAFake{n}",
            "file_unique_id": f"AgADFake{n}",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
            "set_name": "FakeStickers",
            "file_size": 24000,
        }
        return self._push_message(message)

    def push_photo(
        self,
        chat_id: int = 1,
        chat_type: str = "private",
        user_id: int = 1,
        first_name: str = "Ann",
        language_code: str = "en",
        caption: str | None = None,
    ) -> JSONDict:
        """A photo message (two sizes, optional caption with its entities)."""
        message = self._incoming(chat_id, chat_type, user_id, first_name, language_code)
        n = next(self._ids)
        message["photo"] = [
            {
                "file_id": f"AgACAgIAAxkBAAFakeS{n}",
                "file_unique_id": f"AQADFakeS{n}",
                "width": 90,
                "height": 67,
                "file_size": 1200,
            },
            {
                "file_id": f"AgACAgIAAxkBAAFakeL{n}",
                "file_unique_id": f"AQADFakeL{n}",
                "width": 1280,
                "height": 960,
                "file_size": 98000,
            },
        ]
        if caption:
            message["caption"] = caption
            entities = find_text_entities(caption)
            if entities:
                message["caption_entities"] = entities
        return self._push_message(message)

    def push_callback_query(
        self,
        data: str,
        message: JSONDict,
        user_id: int = 1,
        first_name: str = "Ann",
        language_code: str = "en",
    ) -> JSONDict:
        """A press on an inline button of ``message`` (a Message dict the bot sent)."""
        if "chat" not in message or "message_id" not in message:
            raise ValueError("message must be a Message dict with chat and message_id")
        with self._cond:
            current = self._messages.get((message["chat"]["id"], message["message_id"]))
            query_id = str(4_000_000_000_000 + next(self._ids))
            self._open_callback_queries.add(query_id)
        query = {
            "id": query_id,
            "from": self._user(user_id, first_name, language_code),
            "message": copy.deepcopy(current or message),
            "chat_instance": str(abs(int(message["chat"]["id"])) * 1_000_003 + 17),
            "data": data,
        }
        return self._enqueue({"callback_query": query})

    def push_inline_query(
        self,
        query: str,
        user_id: int = 1,
        first_name: str = "Ann",
        language_code: str = "en",
        offset: str = "",
    ) -> JSONDict:
        """An inline query ("@bot query" typed in any chat)."""
        with self._cond:
            query_id = str(5_000_000_000_000 + next(self._ids))
            self._open_inline_queries.add(query_id)
        inline = {
            "id": query_id,
            "from": self._user(user_id, first_name, language_code),
            "query": query,
            "offset": offset,
            "chat_type": "sender",
        }
        return self._enqueue({"inline_query": inline})

    def push_bot_added_to_group(
        self,
        chat_id: int,
        chat_type: str = "group",
        title: str | None = None,
        user_id: int = 1,
        first_name: str = "Ann",
        with_service_message: bool = True,
    ) -> JSONDict:
        """The bot joins a group: a my_chat_member update (left -> member) is returned.

        With ``with_service_message`` a message with new_chat_members follows, as Telegram
        sends both.
        """
        if chat_type not in ("group", "supergroup"):
            raise ValueError("chat_type must be 'group' or 'supergroup'")
        user = self._user(user_id, first_name, "en")
        chat = self._chat(chat_id, chat_type, user, title)
        bot = dict(self.bot_user)
        member_update = {
            "chat": chat,
            "from": user,
            "date": int(time.time()),
            "old_chat_member": {"user": bot, "status": "left"},
            "new_chat_member": {"user": bot, "status": "member"},
        }
        pushed = self._enqueue({"my_chat_member": member_update})
        if with_service_message:
            message = {
                "message_id": self._new_message_id(chat_id),
                "from": user,
                "chat": copy.deepcopy(chat),
                "date": int(time.time()),
                "new_chat_members": [bot],
            }
            self._push_message(message)
        return pushed

    def push_raw(self, update: JSONDict) -> JSONDict:
        """Any update dict; gets an update_id if it has none, and its messages are remembered."""
        update = copy.deepcopy(update)
        for kind in ("message", "edited_message", "channel_post", "edited_channel_post"):
            message = update.get(kind)
            if isinstance(message, dict) and "chat" in message and "message_id" in message:
                self._store_message(message)
        with self._cond:
            if isinstance(update.get("callback_query"), dict):
                self._open_callback_queries.add(str(update["callback_query"].get("id")))
            if isinstance(update.get("inline_query"), dict):
                self._open_inline_queries.add(str(update["inline_query"].get("id")))
        return self._enqueue(update)


# ----------------------------------------------------------------- a terminal chat (no token)

_DEMO_TOKEN = "123456789:fake-token-for-local-tries-only"  # the fake accepts any; the bot checks
_REPLY_METHODS = ("sendMessage", "editMessageText", "answerCallbackQuery")


def _chat_in_terminal(language_code: str = "en") -> None:
    """`python -m tests.e2e.fake_bot_api`: the fake on a free port, and a chat with the real bot.

    Start the bot against the printed URL, then type: a line is a private message from user 1,
    `^ text` replies to the bot's last message (`^ /why`), `#N` presses its Nth button.
    """
    import html as html_module

    api = FakeBotAPI(_DEMO_TOKEN).start()
    print(
        f"Fake Bot API on {api.base_url}. Start the bot against it in another terminal:\n\n"
        f"  TELEGRAM_BOT_TOKEN={_DEMO_TOKEN} TELEGRAM_API_BASE_URL={api.base_url} "
        "ADMIN_USER_IDS=1 .venv/bin/python bot.py run\n\n"
        "Then type here as user 1 in a private chat: a question, `^ /why` (a reply to the bot's "
        "last message), `#1` (press its first button). Ctrl-D quits.",
        flush=True,
    )
    last: JSONDict | None = None
    try:
        for line in sys.stdin:
            text = line.strip()
            if not text:
                continue
            seen = sum(1 for call in api.calls if call.method in _REPLY_METHODS)
            if text.startswith("#") and text[1:].isdigit() and last is not None:
                rows = (last.get("reply_markup") or {}).get("inline_keyboard", [])
                pressable = [button for row in rows for button in row]
                if not 1 <= int(text[1:]) <= len(pressable):
                    print(f"(the last message has {len(pressable)} buttons)")
                    continue
                api.push_callback_query(pressable[int(text[1:]) - 1]["callback_data"], last)
            elif text.startswith("^") and last is not None:
                api.push_text(text[1:].strip(), language_code=language_code, reply_to_message=last)
            else:
                api.push_text(text, language_code=language_code)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                new = [call for call in api.calls if call.method in _REPLY_METHODS][seen:]
                if new:
                    time.sleep(0.2)  # a reply may come in more than one call
                    break
                time.sleep(0.05)
            else:
                print("(no reply within 10 s: is the bot running against this URL?)")
                continue
            for call in [c for c in api.calls if c.method in _REPLY_METHODS][seen:]:
                shown = call.params.get("text") or ""
                if call.method != "answerCallbackQuery" and call.ok:
                    last = api.last_bot_message(call.result["chat"]["id"])
                if shown:
                    plain = html_module.unescape(re.sub(r"<[^>]+>", "", shown))
                    print(f"bot> {plain}")
            if last is not None:
                rows = (last.get("reply_markup") or {}).get("inline_keyboard", [])
                for number, button in enumerate([b for row in rows for b in row], start=1):
                    print(f"  #{number} {button['text']}")
            print(flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        api.stop()


if __name__ == "__main__":
    _chat_in_terminal()
