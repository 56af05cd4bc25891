"""Bot API requests that survive Telegram's bad moments.

python-telegram-bot gives up on a call that Telegram answers with a 5xx or that never reaches
it: for `sendMessage` that answer is simply lost. This request class retries such calls,
bounded and with backoff: a connection that was never made (certainly not delivered), and a 5xx
answer (Telegram's own way of saying it did not process the call; a proxy in between that
answers 5xx after forwarding could, in principle, make a retried answer arrive twice). A read
timeout is never retried: the call may have been delivered. 429s are left to
PTB's AIORateLimiter, which waits `retry_after` and retries.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import httpx
from telegram.error import NetworkError
from telegram.request import HTTPXRequest

logger = logging.getLogger(__name__)

# Failures that happen before the request reaches Telegram: retrying cannot duplicate anything.
_NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
SERVER_ERROR = 500


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
            return await super().do_request(url, method, *args, **kwargs)
        delay = self.first_delay
        for attempt in range(self.max_retries + 1):
            last_attempt = attempt == self.max_retries
            try:
                status, payload = await super().do_request(url, method, *args, **kwargs)
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
