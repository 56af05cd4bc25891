"""One bot in a process of its own, for the load test: the echo bot or ours, nothing else loaded.

The load test reads this process's CPU time and RSS from /proc, so it imports only what its
bot needs: the echo bot never imports `bot` (nor numpy, rapidfuzz, pydantic's models...).
It prints one JSON line when the bot is polling (with the wiring it ended up with: update
concurrency, connection pool, rate limiter), and stops gracefully when a line or EOF arrives
on stdin, after a last JSON line: the garbage collector's time per generation since the start.

    python benchmarks/bot_process.py summit --base-url URL [--lift-caps] [--gaps-path P]
    python benchmarks/bot_process.py echo --base-url URL --like '{"concurrency": 256, ...}'
        [--replies our-replies.json]   # send our bot's replies instead of echoing
        [--profile out.prof]           # cProfile the event loop's thread after start
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

TOKEN = "123456789:LOAD-test-token-abcdefghijklmnop"
ROOT = Path(__file__).resolve().parent.parent


def wiring(application: Any) -> dict[str, Any]:
    """What the load test must copy to run the echo bot like ours."""
    limiter = application.bot.rate_limiter
    base = getattr(limiter, "_base_limiter", None)
    request = application.bot.request
    limits = getattr(request, "_client_kwargs", {}).get("limits")
    processor = application.update_processor
    return {
        # Both bots must run in one environment: e.g. without sniffio httpcore pays a failed
        # import on every request, and a bot without it would be measured against one with it.
        "environment": {
            "python": sys.executable,
            "sniffio": importlib.util.find_spec("sniffio") is not None,
        },
        "concurrency": processor.max_concurrent_updates,
        # Ours serves one chat's updates in order (bot.app.ChatOrderedUpdateProcessor): with
        # 50 chats, 50 at a time, not 256. The echo bot must do the same to be compared.
        "per_chat_order": type(processor).__name__ != "SimpleUpdateProcessor",
        "pool": getattr(limits, "max_connections", None),
        "read_timeout": getattr(request, "read_timeout", None),
        "limiter": None
        if limiter is None
        else {
            "overall_max_rate": base.max_rate if base else 0,
            "overall_time_period": base.time_period if base else 1,
            "group_max_rate": getattr(limiter, "_group_max_rate", 0),
            "group_time_period": getattr(limiter, "_group_time_period", 60),
            "max_retries": getattr(limiter, "_max_retries", 0),
        },
    }


def echo_application(base_url: str, like: dict[str, Any], replies: Path | None = None) -> Any:
    """PTB's echo bot (its examples/echobot.py), wired like ours: same concurrency, pool,
    read timeout and rate limiter, so the difference is the work each bot does per reply.

    With `replies` (JSON: question -> [html, [[label, callback data], ...]]) it sends our
    bot's reply to each question, looked up, as ours sends it (HTML, our Defaults, buttons):
    what PTB costs for replies shaped like ours, without our bot's work.
    """
    from telegram import InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions, Update
    from telegram.constants import ParseMode
    from telegram.ext import (
        AIORateLimiter,
        ApplicationBuilder,
        ContextTypes,
        Defaults,
        MessageHandler,
        filters,
    )

    canned = json.loads(replies.read_text("utf-8")) if replies else {}

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message and message.text:
            await message.reply_text(message.text)

    async def send_ours(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message and message.text:
            html, rows = canned[message.text]
            markup = (
                InlineKeyboardMarkup(
                    [[InlineKeyboardButton(label, callback_data=data)] for label, data in rows]
                )
                if rows
                else None
            )
            await message.reply_html(html, reply_markup=markup, do_quote=False)

    concurrency = like["concurrency"]
    builder = (
        ApplicationBuilder()
        .token(TOKEN)
        .base_url(base_url)
        .concurrent_updates(
            _per_chat_order(concurrency) if like.get("per_chat_order") else concurrency
        )
        .connection_pool_size(like["pool"] or 256)
    )
    if like.get("read_timeout") is not None:
        builder = builder.read_timeout(like["read_timeout"])
    if like.get("limiter") is not None:
        builder = builder.rate_limiter(AIORateLimiter(**like["limiter"]))
    if canned:
        builder = builder.defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                allow_sending_without_reply=True,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
    application = builder.build()
    handler = send_ours if canned else echo
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, handler))
    return application


def _per_chat_order(concurrency: int) -> Any:
    """An update processor that, like ours, runs different chats concurrently and one chat's
    updates in order (a copy: importing bot.app would load the whole bot)."""
    from telegram import Update
    from telegram.ext import BaseUpdateProcessor

    class PerChatOrder(BaseUpdateProcessor):
        def __init__(self, max_concurrent_updates: int) -> None:
            super().__init__(max_concurrent_updates)
            self._locks: dict[int, tuple[asyncio.Lock, list[int]]] = {}

        async def do_process_update(self, update: object, coroutine: Any) -> None:
            chat = update.effective_chat if isinstance(update, Update) else None
            if chat is None:
                await coroutine
                return
            lock, users = self._locks.setdefault(chat.id, (asyncio.Lock(), [0]))
            users[0] += 1
            try:
                async with lock:
                    await coroutine
            finally:
                users[0] -= 1
                if not users[0]:
                    del self._locks[chat.id]

        async def initialize(self) -> None:
            """Nothing to set up."""

        async def shutdown(self) -> None:
            """Nothing to release."""

    return PerChatOrder(concurrency)


def summit_application(base_url: str, args: argparse.Namespace) -> Any:
    """Our bot as `bot.py run` builds it; only the Bot API address, the flood limit (a load
    test is a flood by design), the gaps file and, with --lift-caps, the rate limiter differ."""
    sys.path.insert(0, str(ROOT))
    from bot.app import build_application
    from bot.config import load_settings
    from bot.pipeline import Pipeline

    settings = load_settings(
        telegram_bot_token=TOKEN,
        telegram_api_base_url=base_url,
        flood_max_questions=args.flood_max,
        gaps_db_path=args.gaps_path,
        log_level="WARNING",
    )
    limiter = None
    if args.lift_caps:
        from telegram.ext import AIORateLimiter

        limiter = AIORateLimiter(overall_max_rate=0, group_max_rate=0, max_retries=3)
    return build_application(settings, Pipeline.from_settings(settings), rate_limiter=limiter)


@asynccontextmanager
async def polling(application: Any, poll_timeout: float) -> AsyncIterator[None]:
    """What bot.app.running does for long polling (the echo bot cannot import it)."""
    async with application:
        if application.post_init:
            await application.post_init(application)
        await application.updater.start_polling(timeout=poll_timeout)
        await application.start()
        try:
            yield
        finally:
            await application.updater.stop()
            await application.stop()
    if application.post_shutdown:
        await application.post_shutdown(application)


class GcClock:
    """Time the garbage collector spends, per generation, from `start()` on."""

    def __init__(self) -> None:
        self.seconds = [0.0, 0.0, 0.0]
        self.runs = [0, 0, 0]
        self._began = 0.0

    def start(self) -> None:
        import gc

        gc.callbacks.append(self._callback)

    def stop(self) -> None:
        import gc

        gc.callbacks.remove(self._callback)

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._began = time.perf_counter()
        else:
            generation = info["generation"]
            self.seconds[generation] += time.perf_counter() - self._began
            self.runs[generation] += 1


async def serve(args: argparse.Namespace) -> None:
    if args.bot == "echo":
        application = echo_application(args.base_url, json.loads(args.like), args.replies)
        lifecycle = polling(application, args.poll_timeout)
    else:
        application = summit_application(args.base_url, args)
        from bot.app import running

        lifecycle = running(application, poll_timeout=args.poll_timeout)
    gc_clock = GcClock()
    async with lifecycle:
        print(json.dumps({"ready": True, **wiring(application)}), flush=True)
        gc_clock.start()
        profile = None
        if args.profile:  # the event loop's thread only, from now until told to stop
            import cProfile

            profile = cProfile.Profile()
            profile.enable()
        await asyncio.to_thread(sys.stdin.readline)
        if profile is not None:
            profile.disable()
            profile.dump_stats(args.profile)
        gc_clock.stop()
        print(json.dumps({"gc_seconds": gc_clock.seconds, "gc_runs": gc_clock.runs}), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("bot", choices=("echo", "summit"))
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--poll-timeout", type=float, default=1.0)
    parser.add_argument("--like", default="{}", help="echo: the wiring to copy, as JSON")
    parser.add_argument("--lift-caps", action="store_true", help="no 30/s or group cap")
    parser.add_argument("--gaps-path", type=Path, default=Path("gaps.sqlite3"))
    parser.add_argument("--flood-max", type=int, default=1_000_000)
    parser.add_argument("--replies", type=Path, help="echo: send these replies (JSON), not echo")
    parser.add_argument("--profile", help="cProfile the event loop after start; stats to here")
    asyncio.run(serve(parser.parse_args()))


if __name__ == "__main__":
    main()
