"""Load test: N questions from M chats through the real bot, beside a minimal PTB echo bot.

Both bots run the same way (`bot.app.running`, long polling) against the fake Bot API of the
end-to-end tests, which runs in its own process so its HTTP work does not share the bots'
interpreter. Each bot gets a fresh server and three rounds: a warm-up, a burst (all N
questions pushed at once: throughput, and latency under saturation), and light load
(questions paced at a low rate: latency as a user meets it). Latency runs from the moment
an update is pushed to the moment the reply reaches the server.

Every question must be answered exactly once: replies are checked per chat against what the
bot should say (the echo bot: the question; ours: the pipeline's answer), and lost or
duplicated replies are counted. Telegram's global 30 messages/s ceiling is lifted for our bot
(AIORateLimiter with overall_max_rate=0), so this measures the bot, not Telegram's limits.

Prints figures and asserts nothing about time:

    .venv/bin/python benchmarks/load_test.py [--questions 5000] [--chats 100]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.app import CONNECTION_POOL_SIZE, MAX_CONCURRENT_UPDATES, build_application, running
from bot.config import PROJECT_ROOT, load_settings
from bot.pipeline import Pipeline

TOKEN = "123456789:LOAD-test-token-abcdefghijklmnop"
DEV_SETS = (PROJECT_ROOT / "tests/data/dev_en.yaml", PROJECT_ROOT / "tests/data/dev_ru.yaml")
WARM_UP_QUESTIONS = 200
STALL_SECONDS = 15.0  # no new reply for this long: the rest count as lost
POLL_SECONDS = 0.05
POLL_TIMEOUT = 1.0  # getUpdates long-poll timeout: short, so stopping is quick
LISTEN_BACKLOG = 1024
POOL_TIMEOUT = 60.0  # a reply waiting for a free connection waits; it is never dropped
DEFAULT_CONNECTIONS = 16

Question = tuple[int, str]  # (chat id, text)


# ------------------------------------------------------------------ the fake, in its own process


def serve_fake(connection: Connection) -> None:
    """Child process: one FakeBotAPI at a time, driven by commands over a pipe."""
    from tests.e2e import fake_bot_api
    from tests.e2e.fake_bot_api import FakeBotAPI

    # socketserver's listen backlog is 5: with a few hundred connections opening at once the
    # kernel resets the rest, and the bots would be measured against the fake's backlog.
    fake_bot_api._Server.request_queue_size = LISTEN_BACKLOG

    fake: FakeBotAPI | None = None
    while True:
        command, argument = connection.recv()
        if command == "new":
            if fake is not None:
                fake.stop()
            fake = FakeBotAPI(TOKEN).start()
            connection.send(fake.base_url)
        elif command == "push":
            pushed = []
            for chat_id, text in argument:
                at = time.time()
                fake.push_text(text, chat_id=chat_id, user_id=chat_id)  # type: ignore[union-attr]
                pushed.append(at)
            connection.send(pushed)
        elif command == "fault_rate":  # (method, status, share of calls): the soak test
            fake.set_fault_rate(*argument)  # type: ignore[union-attr]
            connection.send(None)
        elif command == "fail_next":  # (method, status, retry_after)
            method, status, retry_after = argument
            fake.fail_next(method, status, retry_after=retry_after)  # type: ignore[union-attr]
            connection.send(None)
        elif command == "count":
            connection.send(sum(1 for call in fake.calls_to("sendMessage") if call.ok))  # type: ignore[union-attr]
        elif command == "replies":
            calls = fake.calls_to("sendMessage")  # type: ignore[union-attr]
            connection.send(
                [(call.params["chat_id"], call.at, call.params["text"], call.ok) for call in calls]
            )
        elif command == "stop":
            if fake is not None:
                fake.stop()
            connection.send(None)
            return


class RemoteFake:
    """The parent's handle on the fake; calls are blocking, so bots call them in a thread."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        self._connection, child_end = context.Pipe()
        self._process = context.Process(target=serve_fake, args=(child_end,), daemon=True)
        self._process.start()
        self._lock = threading.Lock()

    def call(self, command: str, argument: Any = None) -> Any:
        with self._lock:
            self._connection.send((command, argument))
            return self._connection.recv()

    def close(self) -> None:
        self.call("stop")
        self._process.join(timeout=5)


# ------------------------------------------------------------------ measuring one bot


@dataclass
class Round:
    """What one round of questions showed."""

    questions: int
    answered: int
    lost: int
    duplicated: int
    failed_sends: int
    seconds: float
    latencies: list[float]

    @property
    def per_second(self) -> float:
        return self.answered / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def check_replies(
    questions: Sequence[Question],
    pushed_at: Sequence[float],
    replies: Sequence[tuple[int, float, str, bool]],
    expected: Callable[[str], str],
) -> Round:
    """Match replies to questions per chat (first asked, first answered) and count the rest."""
    waiting: dict[tuple[int, str], deque[float]] = defaultdict(deque)
    for (chat_id, text), at in zip(questions, pushed_at, strict=True):
        waiting[(chat_id, expected(text))].append(at)
    latencies: list[float] = []
    duplicated = failed = 0
    last_reply = min(pushed_at)
    for chat_id, at, text, ok in replies:
        if not ok:
            failed += 1
            continue
        queue = waiting.get((chat_id, text))
        if not queue:
            duplicated += 1  # a second answer, or one to nothing that was asked
            continue
        latencies.append(at - queue.popleft())
        last_reply = max(last_reply, at)
    lost = sum(len(queue) for queue in waiting.values())
    return Round(
        questions=len(questions),
        answered=len(latencies),
        lost=lost,
        duplicated=duplicated,
        failed_sends=failed,
        seconds=last_reply - min(pushed_at),
        latencies=latencies,
    )


async def ask(fake: RemoteFake, questions: Sequence[Question], already: int) -> list[float]:
    """Push the questions and wait until each has a reply (or replies stop coming)."""
    pushed_at: list[float] = await asyncio.to_thread(fake.call, "push", list(questions))
    await wait_for_replies(fake, already + len(questions))
    return pushed_at


async def wait_for_replies(fake: RemoteFake, total: int) -> None:
    seen, last_progress = -1, time.monotonic()
    while True:
        count = await asyncio.to_thread(fake.call, "count")
        if count >= total:
            return
        if count != seen:
            seen, last_progress = count, time.monotonic()
        elif time.monotonic() - last_progress > STALL_SECONDS:
            return
        await asyncio.sleep(POLL_SECONDS)


@dataclass(frozen=True)
class Contender:
    """A bot to measure, and what it should reply to a question."""

    name: str
    make_bot: Callable[[str], Any]
    expected: Callable[[str], str]


async def run_round(
    fake: RemoteFake,
    contender: Contender,
    warm_up: Sequence[Question],
    questions: Sequence[Question],
    rate: float | None,
) -> Round:
    """A fresh server and bot: warm up, then the questions, all at once or `rate` a second."""
    base_url = await asyncio.to_thread(fake.call, "new")
    async with running(contender.make_bot(base_url), poll_timeout=POLL_TIMEOUT):
        await ask(fake, warm_up, 0)
        if rate is None:
            pushed_at = await ask(fake, questions, len(warm_up))
        else:
            pushed_at = []
            for question in questions:
                pushed_at += await asyncio.to_thread(fake.call, "push", [question])
                await asyncio.sleep(1 / rate)
            await wait_for_replies(fake, len(warm_up) + len(questions))
        replies = await asyncio.to_thread(fake.call, "replies")
    return check_replies(questions, pushed_at, replies[len(warm_up) :], contender.expected)


def merged(rounds: Sequence[Round]) -> Round:
    """Several rounds as one: counts added, latencies pooled, time summed."""
    return Round(
        questions=sum(r.questions for r in rounds),
        answered=sum(r.answered for r in rounds),
        lost=sum(r.lost for r in rounds),
        duplicated=sum(r.duplicated for r in rounds),
        failed_sends=sum(r.failed_sends for r in rounds),
        seconds=sum(r.seconds for r in rounds),
        latencies=[latency for r in rounds for latency in r.latencies],
    )


# ------------------------------------------------------------------ the two bots


def echo_bot(base_url: str, connections: int) -> Any:
    """The framework's floor: PTB with the same concurrency and pool, echoing the text."""
    from telegram import Update
    from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message and message.text:
            await message.reply_text(message.text)

    application = (
        ApplicationBuilder()
        .token(TOKEN)
        .base_url(base_url)
        .concurrent_updates(MAX_CONCURRENT_UPDATES)
        .connection_pool_size(connections)
        .pool_timeout(POOL_TIMEOUT)
        .build()
    )

    async def count_failure(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A lost reply shows up as lost in the figures; no traceback per failure."""

    application.add_handler(MessageHandler(filters.TEXT, echo))
    application.add_error_handler(count_failure)
    return application


def summit_bot(
    pipeline: Pipeline, gaps_path: Path, questions: int, connections: int
) -> Callable[[str], Any]:
    from telegram.ext import AIORateLimiter

    from bot.transport import RetryingRequest

    def make(base_url: str) -> Any:
        settings = load_settings(
            telegram_bot_token=TOKEN,
            telegram_api_base_url=base_url,
            flood_max_questions=questions,  # a load test is a flood by design
            gaps_db_path=gaps_path,
            log_level="WARNING",
        )
        no_global_cap = AIORateLimiter(overall_max_rate=0, group_max_rate=0, max_retries=3)
        request = RetryingRequest(connection_pool_size=connections, pool_timeout=POOL_TIMEOUT)
        return build_application(settings, pipeline, rate_limiter=no_global_cap, request=request)

    return make


# ------------------------------------------------------------------ running it


def load_questions(count: int, chats: int) -> list[Question]:
    """Dev-set questions (answers, did-you-means and declines, as users ask), spread over chats."""
    texts: list[str] = []
    for path in DEV_SETS:
        if path.exists():
            texts += [str(item["q"]) for item in yaml.safe_load(path.read_text("utf-8"))]
    texts = [text for text in texts if text.strip()]
    return [(1 + index % chats, texts[index % len(texts)]) for index in range(count)]


def report(name: str, bursts: Sequence[Round], light: Round) -> str:
    ms = 1000
    burst = merged(bursts)
    throughput = statistics.median(r.per_second for r in bursts)
    return (
        f"{name:<22} {throughput:>10.0f} {burst.percentile(0.5) * ms:>10.1f} "
        f"{burst.percentile(0.99) * ms:>10.1f} {light.percentile(0.5) * ms:>10.1f} "
        f"{light.percentile(0.99) * ms:>10.1f} {burst.lost + light.lost:>6} "
        f"{burst.duplicated + light.duplicated:>6} {burst.failed_sends + light.failed_sends:>7}"
        f"   {', '.join(f'{r.per_second:.0f}' for r in bursts)}"
    )


async def main_async(args: argparse.Namespace) -> None:
    import logging

    logging.basicConfig(level=logging.WARNING)
    pipeline = Pipeline.from_settings(load_settings(telegram_bot_token=None))
    burst = load_questions(args.questions, args.chats)
    light = load_questions(args.light, args.chats)[::-1]
    warm_up = burst[:WARM_UP_QUESTIONS]
    fake = RemoteFake()
    try:
        with tempfile.TemporaryDirectory() as folder:
            gaps_path = Path(folder) / "gaps.sqlite3"
            contenders = (
                Contender(
                    "echo bot (PTB floor)",
                    partial(echo_bot, connections=args.connections),
                    lambda text: text,
                ),
                Contender(
                    "summit bot",
                    summit_bot(pipeline, gaps_path, len(burst) * 2, args.connections),
                    lambda text: pipeline.answer(text).html(),
                ),
            )
            bursts: dict[str, list[Round]] = defaultdict(list)
            for _ in range(args.repeat):  # alternating, so drift hits both alike
                for contender in contenders:
                    round_ = await run_round(fake, contender, warm_up, burst, None)
                    bursts[contender.name].append(round_)
            lights = {
                contender.name: await run_round(fake, contender, warm_up, light, args.light_rate)
                for contender in contenders
            }
    finally:
        fake.close()
    print(
        f"{args.questions} questions from {args.chats} private chats pushed at once, "
        f"{args.repeat} times per bot (alternating), then {args.light} at "
        f"{args.light_rate:g}/s (light load); each round on a fresh server after "
        f"{WARM_UP_QUESTIONS} warm-up questions; {args.connections} connections per bot; "
        "latency from injection to reply"
    )
    print(
        f"{'':<22} {'replies/s':>10} {'burst p50':>10} {'burst p99':>10} {'light p50':>10} "
        f"{'light p99':>10} {'lost':>6} {'dupl.':>6} {'failed':>7}   replies/s per round"
    )
    print(f"{'':<22} {'(median)':>10} {'(ms)':>10} {'(ms)':>10} {'(ms)':>10} {'(ms)':>10}")
    for contender in contenders:
        print(report(contender.name, bursts[contender.name], lights[contender.name]))
    echo_rate, ours_rate = (
        statistics.median(r.per_second for r in bursts[c.name]) for c in contenders
    )
    print(f"throughput ratio (summit bot / echo bot): {ours_rate / echo_rate:.2f}")
    kinds = Counter(pipeline.answer(text).kind.value for _, text in burst)
    print("question mix: " + ", ".join(f"{kind} {count}" for kind, count in kinds.most_common()))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--questions", type=int, default=5000, help="questions in the burst")
    parser.add_argument("--chats", type=int, default=100, help="private chats asking them")
    parser.add_argument("--light", type=int, default=200, help="questions under light load")
    parser.add_argument("--light-rate", type=float, default=20.0, help="light load, per second")
    parser.add_argument("--repeat", type=int, default=3, help="burst rounds per bot")
    parser.add_argument(
        "--connections",
        type=int,
        default=DEFAULT_CONNECTIONS,
        help=f"HTTP connections each bot keeps to the server (production: {CONNECTION_POOL_SIZE})",
    )
    args = parser.parse_args(argv)
    if min(args.questions, args.chats, args.light, args.repeat) < 1 or args.light_rate <= 0:
        parser.error("counts and the rate must be positive")
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
