"""Bot API requests that survive Telegram's bad moments.

python-telegram-bot gives up on a call that Telegram answers with a 5xx or that never reaches
it: for `sendMessage` that answer is simply lost. This request class retries such calls,
bounded and with backoff: a connection that was never made (certainly not delivered), and a 5xx
answer (Telegram's own way of saying it did not process the call; a proxy in between that
answers 5xx after forwarding could, in principle, make a retried answer arrive twice). A read
timeout is never retried: the call may have been delivered. 429s are left to
PTB's AIORateLimiter, which waits `retry_after` and retries.

Calls go as JSON bodies, which the Bot API accepts like form fields: PTB's form encoding
percent-escapes a reply byte by byte in Python, ~0.1 ms more than `json.dumps` for a Cyrillic
HTML reply with buttons.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import httpx
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, HTTPXRequest, RequestData

logger = logging.getLogger(__name__)

# Failures that happen before the request reaches Telegram: retrying cannot duplicate anything.
_NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
SERVER_ERROR = 500
JSON_HEADERS = {"User-Agent": HTTPXRequest.USER_AGENT, "Content-Type": "application/json"}


class RetryingRequest(HTTPXRequest):
    """HTTPXRequest with bounded, backed-off retries for calls that did not take effect."""

    def __init__(
        self, *args: Any, max_retries: int = 5, first_delay: float = 0.25, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.max_retries = max_retries
        self.first_delay = first_delay

    async def do_request(
        self, url: str, method: str, *args: Any, **kwargs: Any
    ) -> tuple[int, bytes]:
        api_method = url.rsplit("/", 1)[-1]
        if api_method == "getUpdates":  # the polling loop already retries, with its own backoff
            return await self._request_once(url, method, *args, **kwargs)
        delay = self.first_delay
        for attempt in range(self.max_retries + 1):
            last_attempt = attempt == self.max_retries
            try:
                status, payload = await self._request_once(url, method, *args, **kwargs)
            except NetworkError as error:
                if last_attempt or not isinstance(error.__cause__, _NEVER_SENT):
                    raise
                reason = type(error.__cause__).__name__
            else:
                if status < SERVER_ERROR or last_attempt:
                    return status, payload
                reason = f"HTTP {status}"
            logger.warning(
                "Bot API %s failed (%s); retry %d/%d in %.2fs",
                api_method,
                reason,
                attempt + 1,
                self.max_retries,
                delay,
            )
            await asyncio.sleep(delay)
            delay = min(delay * 2, 8.0)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _request_once(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """One call with a JSON body; uploads (never sent by this bot) go PTB's multipart way.
        Timeouts and errors as HTTPXRequest.do_request has them."""
        if request_data is None or request_data.contains_files:
            timeouts = (read_timeout, write_timeout, connect_timeout, pool_timeout)
            return await super().do_request(url, method, request_data, *timeouts)
        defaults = self._client.timeout
        timeout = httpx.Timeout(
            connect=_given(connect_timeout, defaults.connect),
            read=_given(read_timeout, defaults.read),
            write=_given(write_timeout, defaults.write),
            pool=_given(pool_timeout, defaults.pool),
        )
        body = json.dumps(request_data.parameters, ensure_ascii=False).encode()
        try:
            response = await self._client.request(
                method, url, headers=JSON_HEADERS, content=body, timeout=timeout
            )
        except httpx.PoolTimeout as error:
            raise TimedOut(
                "Pool timeout: All connections in the connection pool are occupied. "
                "Request was *not* sent to Telegram."
            ) from error
        except httpx.TimeoutException as error:
            raise TimedOut from error
        except httpx.HTTPError as error:  # the base class: last
            raise NetworkError(f"httpx.{type(error).__name__}: {error}") from error
        return response.status_code, response.content


def _given(value: Any, default: float | None) -> float | None:
    """A timeout the call gave, or the client's own (PTB's DEFAULT_NONE: not given)."""
    return default if value is BaseRequest.DEFAULT_NONE else value
