"""Soak test: 20,000 questions through a flaky fake Bot API; nothing lost, nothing twice, no leak.

The real bot (long polling, production wiring) answers questions from many chats while the fake
Bot API answers 5% of sendMessage calls with 502 and a 429 (retry_after 1 s) every few seconds.
Every question must be answered exactly once, and the bot's memory must stay flat: RSS is read
after a warm-up and at the end. Prints figures; asserts nothing about time.

    .venv/bin/python benchmarks/soak.py [--questions 20000] [--chats 200]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import contextlib

from load_test import (
    POLL_TIMEOUT,
    RemoteFake,
    check_replies,
    load_questions,
    summit_bot,
    summit_replies,
    wait_for_replies,
)

from bot.app import running
from bot.config import load_settings
from bot.pipeline import Pipeline

BATCH = 500  # questions pushed at a time
BAD_GATEWAY_SHARE = 0.05
RETRY_AFTER_EVERY = 3.0  # seconds between injected 429s
WARM_UP = 2_000


def rss_mb() -> float:
    """Resident memory of this process (the bot), from /proc."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def inject_429s(fake: RemoteFake, stop: asyncio.Event) -> int:
    count = 0
    while not stop.is_set():
        await asyncio.to_thread(fake.call, "fail_next", ("sendMessage", 429, 1))
        count += 1
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), RETRY_AFTER_EVERY)
    return count


async def soak(args: argparse.Namespace) -> None:
    logging.basicConfig(level=logging.ERROR)
    pipeline = Pipeline.from_settings(load_settings(telegram_bot_token=None))
    questions = load_questions(args.questions, args.chats)
    fake = RemoteFake()
    samples: list[tuple[int, float]] = []
    try:
        with tempfile.TemporaryDirectory() as folder:
            make_bot = summit_bot(pipeline, Path(folder) / "gaps.sqlite3", len(questions), 16)
            base_url = await asyncio.to_thread(fake.call, "new")
            await asyncio.to_thread(
                fake.call, "fault_rate", ("sendMessage", 502, BAD_GATEWAY_SHARE)
            )
            stop = asyncio.Event()
            started = time.monotonic()
            async with running(make_bot(base_url), poll_timeout=POLL_TIMEOUT):
                injector = asyncio.create_task(inject_429s(fake, stop))
                pushed_at: list[float] = []
                baseline = None
                for start in range(0, len(questions), BATCH):
                    batch = questions[start : start + BATCH]
                    pushed_at += await asyncio.to_thread(fake.call, "push", batch)
                    await wait_for_replies(fake, len(pushed_at))
                    if len(pushed_at) >= WARM_UP and baseline is None:
                        gc.collect()
                        baseline = rss_mb()
                    if len(pushed_at) % (BATCH * 4) == 0:
                        samples.append((len(pushed_at), rss_mb()))
                stop.set()
                injected = await injector
                gc.collect()
                final = rss_mb()  # before this script fetches 20,000 replies into its own memory
                replies = await asyncio.to_thread(fake.call, "replies")
            elapsed = time.monotonic() - started
    finally:
        fake.close()
    result = check_replies(questions, pushed_at, replies, summit_replies(pipeline, questions))
    print(
        f"{len(questions)} questions from {args.chats} chats in {elapsed:.0f} s; fake Bot API "
        f"answered {BAD_GATEWAY_SHARE:.0%} of sendMessage with 502 and {injected} times 429"
    )
    print(
        f"answered {result.answered}, lost {result.lost}, duplicated {result.duplicated}, "
        f"sendMessage calls refused by the fake {result.failed_sends} (all retried)"
    )
    print("RSS (MB) by questions pushed: " + ", ".join(f"{n}: {mb:.1f}" for n, mb in samples))
    if baseline is not None:
        print(
            f"RSS after {WARM_UP} warm-up questions {baseline:.1f} MB, at the end {final:.1f} MB: "
            f"growth {final - baseline:+.1f} MB (target < 10 MB)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--questions", type=int, default=20_000)
    parser.add_argument("--chats", type=int, default=200)
    asyncio.run(soak(parser.parse_args()))


if __name__ == "__main__":
    main()
