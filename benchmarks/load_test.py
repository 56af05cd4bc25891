"""Load test: this bot beside PTB's minimal echo bot, like for like, in one run.

Each bot runs in a process of its own (benchmarks/bot_process.py), so its CPU time and RSS are
read from /proc without the load generator in them, and the fake Bot API of the end-to-end
tests (tests/e2e/fake_bot_api.py) runs in a third process. Both bots are wired alike: the echo
bot copies our bot's update concurrency, connection pool, read timeout and AIORateLimiter
(Telegram's caps by default; `--lift-caps` lifts the 30/s and group caps for both), read off
the Application our bot built. Per bot and round: a fresh fake server and bot process; CPU
time and RSS when it is polling ("after start"); then `--bursts` bursts of N questions from M
private chats pushed at once, each waited for to the last reply; CPU per reply and RSS after
each. Rounds alternate between the bots, so drift on a shared machine hits both alike; the
figures are medians over rounds.

Every question must be answered exactly once, with the right text: the echo bot's reply is the
question, ours is what `Pipeline.ask` says in that chat's conversation (questions in one
chat follow each other, as a person's would). Lost and duplicated replies are counted.

Prints figures and asserts nothing about time:

    .venv/bin/python benchmarks/load_test.py [--questions 1000] [--chats 50] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict, deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bot_process import TOKEN
from measure import cpu_seconds, header, rss_mb

from bot.config import PROJECT_ROOT

DEV_SETS = (PROJECT_ROOT / "tests/data/dev_en.yaml", PROJECT_ROOT / "tests/data/dev_ru.yaml")
LANGUAGE_HINT = "en"  # what the fake's users send as language_code
STALL_SECONDS = 15.0  # no new reply for this long: the rest count as lost
POLL_SECONDS = 0.05
POLL_TIMEOUT = 1.0  # getUpdates long-poll timeout: short, so stopping is quick
READY_TIMEOUT = 60.0
LISTEN_BACKLOG = 1024
BOT_PROCESS = Path(__file__).resolve().parent / "bot_process.py"
# With two or more CPUs the bot gets one of its own and the fake and this script share the rest:
# on two cores, a bot competing with the fake for a core measured up to twice the CPU per reply.
# Pinned to one CPU, numpy's OpenBLAS starts no worker threads; unpinned on two CPUs they burn
# about 0.15 s more CPU at start (`--no-pin` shows it; so does cold_start.py).
PINNED = len(os.sched_getaffinity(0)) >= 2
BOT_CPUS = {min(os.sched_getaffinity(0))}
OTHER_CPUS = os.sched_getaffinity(0) - BOT_CPUS

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
    """The parent's handle on the fake; calls block (async code calls them in a thread)."""

    def __init__(self, cpus: set[int] | None = None) -> None:
        context = multiprocessing.get_context("spawn")
        self._connection, child_end = context.Pipe()
        self._process = context.Process(target=serve_fake, args=(child_end,), daemon=True)
        self._process.start()
        if cpus:
            os.sched_setaffinity(self._process.pid, cpus)
        self._lock = threading.Lock()

    def call(self, command: str, argument: Any = None) -> Any:
        with self._lock:
            self._connection.send((command, argument))
            return self._connection.recv()

    def close(self) -> None:
        self.call("stop")
        self._process.join(timeout=5)


def wait_for_count(fake: RemoteFake, total: int) -> None:
    """Until the fake has `total` delivered replies, or none came for STALL_SECONDS."""
    seen, last_progress = -1, time.monotonic()
    while True:
        count = fake.call("count")
        if count >= total:
            return
        if count != seen:
            seen, last_progress = count, time.monotonic()
        elif time.monotonic() - last_progress > STALL_SECONDS:
            return
        time.sleep(POLL_SECONDS)


async def wait_for_replies(fake: RemoteFake, total: int) -> None:
    import asyncio

    await asyncio.to_thread(wait_for_count, fake, total)


# ------------------------------------------------------------------ checking the replies


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
    expected: Sequence[str],
) -> Round:
    """Match replies to questions per chat (first asked, first answered) and count the rest.

    `expected[i]` is the reply `questions[i]` should get."""
    waiting: dict[tuple[int, str], deque[float]] = defaultdict(deque)
    for (chat_id, _), at, reply in zip(questions, pushed_at, expected, strict=True):
        waiting[(chat_id, reply)].append(at)
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


def summit_replies(pipeline: Any, questions: Sequence[Question]) -> list[str]:
    """What our bot should say to each question, in its chat's conversation so far."""
    conversations: dict[int, Any] = {}
    out = []
    for chat_id, text in questions:
        answer = pipeline.ask(text, conversations.get(chat_id), LANGUAGE_HINT)
        if answer.context is not None:  # the handlers keep the last one otherwise
            conversations[chat_id] = answer.context
        out.append(answer.reply.html())
    return out


def load_questions(count: int, chats: int) -> list[Question]:
    """Dev-set questions (answers, did-you-means and declines, as users ask), spread over chats.

    Commands are left out: they are not questions, and the echo bot ignores them."""
    texts: list[str] = []
    for path in DEV_SETS:
        if path.exists():
            texts += [str(item["q"]) for item in yaml.safe_load(path.read_text("utf-8"))]
    texts = [text for text in texts if text.strip() and not text.startswith("/")]
    return [(1 + index % chats, texts[index % len(texts)]) for index in range(count)]


def summit_bot(pipeline: Any, gaps_path: Path, questions: int, connections: int) -> Any:
    """Our bot in this process (the soak test): production wiring, no global rate cap."""
    from telegram.ext import AIORateLimiter

    from bot.app import build_application
    from bot.config import load_settings
    from bot.transport import RetryingRequest

    def make(base_url: str) -> Any:
        settings = load_settings(
            telegram_bot_token=TOKEN,
            telegram_api_base_url=base_url,
            flood_max_questions=questions,  # a soak is a flood by design
            gaps_db_path=gaps_path,
            log_level="WARNING",
        )
        no_global_cap = AIORateLimiter(overall_max_rate=0, group_max_rate=0, max_retries=3)
        request = RetryingRequest(connection_pool_size=connections, pool_timeout=60.0)
        return build_application(settings, pipeline, rate_limiter=no_global_cap, request=request)

    return make


# ------------------------------------------------------------------ one bot in its own process


@dataclass
class Run:
    """One bot process: start, bursts, stop."""

    bot: str
    start_cpu: float = 0.0  # CPU seconds from exec to polling
    start_wall: float = 0.0
    start_rss: float = 0.0
    cpu_per_reply: list[float] = field(default_factory=list)  # per burst, seconds
    burst_seconds: list[float] = field(default_factory=list)
    rss: list[float] = field(default_factory=list)  # MB after each burst
    wiring: dict[str, Any] = field(default_factory=dict)
    check: Round | None = None
    profile: Path | None = None
    gc_seconds: list[float] = field(default_factory=list)  # per generation, after start
    gc_runs: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Contender:
    """A bot to measure: its name, how bot_process.py starts it, what it should reply."""

    name: str
    options: list[str]
    expected: Sequence[str] | None  # None: the question itself (the echo bot)


def run_bot(
    fake: RemoteFake,
    contender: Contender,
    burst: Sequence[Question],
    bursts: int,
    folder: Path,
    profile: Path | None = None,
    pinned: bool = PINNED,
) -> Run:
    base_url = fake.call("new")
    command = [
        sys.executable,
        str(BOT_PROCESS),
        *contender.options,
        "--base-url",
        base_url,
        "--poll-timeout",
        str(POLL_TIMEOUT),
        "--gaps-path",
        str(folder / f"gaps-{time.monotonic_ns()}.sqlite3"),
        *(["--profile", str(profile)] if profile else []),
    ]
    run = Run(contender.name, profile=profile)
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=PROJECT_ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        preexec_fn=(lambda: os.sched_setaffinity(0, BOT_CPUS)) if pinned else None,
    )
    try:
        line = process.stdout.readline()  # type: ignore[union-attr]
        if not line:
            raise RuntimeError(f"{contender.name} exited before polling ({process.wait()})")
        run.start_wall = time.perf_counter() - started
        run.start_cpu = cpu_seconds(process.pid)
        run.start_rss = rss_mb(process.pid)
        run.wiring = json.loads(line)
        pushed_at: list[float] = []
        for number in range(bursts):
            before = cpu_seconds(process.pid)
            begun = time.perf_counter()
            pushed_at += fake.call("push", list(burst))
            wait_for_count(fake, len(burst) * (number + 1))
            run.burst_seconds.append(time.perf_counter() - begun)
            run.cpu_per_reply.append((cpu_seconds(process.pid) - before) / len(burst))
            run.rss.append(rss_mb(process.pid))
        process.stdin.write("stop\n")  # type: ignore[union-attr]
        process.stdin.flush()  # type: ignore[union-attr]
        last_line = process.stdout.readline()  # type: ignore[union-attr]
        if last_line:
            collected = json.loads(last_line)
            run.gc_seconds, run.gc_runs = collected["gc_seconds"], collected["gc_runs"]
        process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    replies = fake.call("replies")
    questions = list(burst) * bursts
    run.check = check_replies(
        questions, pushed_at, replies, contender.expected or [text for _, text in questions]
    )
    return run


# ------------------------------------------------------------------ running it


ECHO, OURS, SHAPED = "echo bot", "this bot", "echo, our replies"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--questions", type=int, default=1000, help="questions in a burst")
    parser.add_argument("--chats", type=int, default=50, help="private chats asking them")
    parser.add_argument("--bursts", type=int, default=3, help="bursts per bot process")
    parser.add_argument("--rounds", type=int, default=3, help="bot processes per bot")
    parser.add_argument(
        "--lift-caps",
        action="store_true",
        help="AIORateLimiter without Telegram's 30/s and group caps, for both bots",
    )
    parser.add_argument(
        "--attribute",
        action="store_true",
        help="a third bot: the echo bot sending our replies (looked up), to tell PTB's cost "
        "for replies like ours from our bot's own work",
    )
    parser.add_argument(
        "--no-pin", action="store_true", help="let the bots run on any CPU, as in production"
    )
    parser.add_argument(
        "--profile",
        type=Path,
        help="cProfile each bot's event loop in the last round, stats into this folder",
    )
    args = parser.parse_args(argv)
    if min(args.questions, args.chats, args.bursts, args.rounds) < 1:
        parser.error("counts must be positive")

    from bot.config import load_settings
    from bot.pipeline import Pipeline

    print(header())
    pipeline = Pipeline.from_settings(load_settings(telegram_bot_token=None))
    burst = load_questions(args.questions, args.chats)
    questions = list(burst) * args.bursts
    pinned = PINNED and not args.no_pin
    if pinned:  # this script and the fake on the CPUs the bots do not use
        os.sched_setaffinity(0, OTHER_CPUS)
    fake = RemoteFake(OTHER_CPUS if pinned else None)
    runs: dict[str, list[Run]] = defaultdict(list)
    like: dict[str, Any] = {}
    if args.profile:
        args.profile.mkdir(parents=True, exist_ok=True)
    last = False

    def profile_to(name: str) -> Path | None:
        """Where the last round's bots write their profiles, if asked."""
        if not (args.profile and last):
            return None
        return args.profile / f"{name.replace(' ', '_').replace(',', '')}.prof"

    try:
        with tempfile.TemporaryDirectory() as folder:
            ours = Contender(
                OURS,
                ["summit", *(["--lift-caps"] if args.lift_caps else [])],
                summit_replies(pipeline, questions),
            )
            canned = Path(folder) / "replies.json"
            shaped_expected = write_canned_replies(pipeline, burst, canned)
            for number in range(args.rounds):
                last = number == args.rounds - 1
                # Ours first: the echo bots copy the wiring ours reports.
                run = run_bot(
                    fake, ours, burst, args.bursts, Path(folder), profile_to(OURS), pinned
                )
                runs[OURS].append(run)
                like = {k: v for k, v in run.wiring.items() if k not in ("ready", "environment")}
                others = [Contender(ECHO, ["echo", "--like", json.dumps(like)], None)]
                if args.attribute:
                    options = ["echo", "--like", json.dumps(like), "--replies", str(canned)]
                    others.append(Contender(SHAPED, options, shaped_expected * args.bursts))
                for other in others:
                    runs[other.name].append(
                        run_bot(
                            fake,
                            other,
                            burst,
                            args.bursts,
                            Path(folder),
                            profile_to(other.name),
                            pinned,
                        )
                    )
    finally:
        fake.close()
    report(args, runs, like, pipeline, burst)
    if args.profile:
        for name, bot_runs in runs.items():
            if bot_runs[-1].profile:
                print_profile(name, bot_runs[-1], args.bursts * len(burst))


def write_canned_replies(pipeline: Any, burst: Sequence[Question], path: Path) -> list[str]:
    """Our replies to the burst's questions (each on its own, no conversation) as the echo
    bot's lookup table; what that bot should send for each question of the burst."""
    table: dict[str, tuple[str, list[tuple[str, str]]]] = {}
    for _, text in burst:
        if text not in table:
            reply = pipeline.answer(text, LANGUAGE_HINT)
            rows = [(button.label, button.data) for row in reply.keyboard() for button in row]
            table[text] = (reply.html(), rows)
    path.write_text(json.dumps(table, ensure_ascii=False), "utf-8")
    return [table[text][0] for _, text in burst]


# Where a function's own time goes, by the file it is in (builtins by their names).
PROFILE_BUCKETS = (
    ("our bot (bot/)", ("/bot/",)),
    ("numpy, rapidfuzz", ("numpy", "rapidfuzz")),
    ("PTB (telegram/)", ("/telegram/",)),
    ("httpx, httpcore, h11, anyio", ("/httpx/", "/httpcore/", "/h11/", "/anyio/", "sniffio")),
    ("import machinery (failed imports)", ("importlib", "<frozen", "posix.stat", "listdir")),
    ("json", ("json",)),
    ("asyncio, selectors, sockets", ("asyncio", "selectors", "socket", "select", "ssl")),
)


def print_profile(name: str, run: Run, replies: int) -> None:
    """cProfile's own time per reply, by where the code lives."""
    import pstats

    stats = pstats.Stats(str(run.profile)).stats  # type: ignore[attr-defined]
    buckets: dict[str, float] = defaultdict(float)
    total = 0.0
    ask = 0.0
    for (filename, _, function), (_, _, own, cumulative, _) in stats.items():
        where = f"{filename} {function}"
        total += own
        bucket = next(
            (label for label, keys in PROFILE_BUCKETS if any(key in where for key in keys)),
            "other (logging, dataclasses, typing, builtins ...)",
        )
        buckets[bucket] += own
        if filename.endswith("bot/pipeline.py") and function == "ask":
            ask += cumulative
    print(
        f"{name}: cProfile, event-loop thread, last round: {total / replies * 1000:.2f} ms "
        f"per reply profiled (cProfile inflates small calls); Pipeline.ask all in "
        f"{ask / replies * 1000:.2f} ms"
    )
    for bucket, seconds in sorted(buckets.items(), key=lambda item: -item[1]):
        print(f"    {bucket:<52}{seconds / replies * 1000:>7.2f} ms {seconds / total:>6.0%}")


def report(
    args: argparse.Namespace,
    runs: dict[str, list[Run]],
    like: dict[str, Any],
    pipeline: Any,
    burst: Sequence[Question],
) -> None:
    limiter = like.get("limiter") or {}
    caps = (
        "no caps"
        if not limiter.get("overall_max_rate") and not limiter.get("group_max_rate")
        else f"{limiter.get('overall_max_rate'):g}/{limiter.get('overall_time_period'):g}s "
        f"overall, {limiter.get('group_max_rate'):g}/{limiter.get('group_time_period'):g}s "
        "per group"
    )
    print(
        f"{args.questions} questions from {args.chats} private chats pushed at once, "
        f"{args.bursts} bursts per bot process, {args.rounds} processes per bot (alternating); "
        f"both bots: {like.get('concurrency')} updates at once"
        f"{' (one chat in order)' if like.get('per_chat_order') else ''}, "
        f"{like.get('pool')} connections, "
        f"AIORateLimiter ({caps}, {limiter.get('max_retries')} retries)"
        + (
            f"; bots on CPU {sorted(BOT_CPUS)}, the fake on {sorted(OTHER_CPUS)}"
            if PINNED and not args.no_pin
            else "; nothing pinned"
        )
    )

    environments = {
        json.dumps(run.wiring.get("environment"), sort_keys=True)
        for bot_runs in runs.values()
        for run in bot_runs
    }
    if len(environments) == 1:
        environment = json.loads(environments.pop()) or {}
        sniffio = environment.get("sniffio")
        print(
            f"both bots: {environment.get('python')}, sniffio "
            + ("installed" if sniffio else "missing (httpcore retries its import per request)")
        )
    else:
        print(f"WARNING: the bots ran in different environments: {sorted(environments)}")

    def median(values: Sequence[float]) -> float:
        return statistics.median(values) if values else float("nan")

    rows = {}
    for bot, bot_runs in runs.items():
        rows[bot] = {
            "cpu_first": median([r.cpu_per_reply[0] for r in bot_runs]) * 1000,
            "cpu_later": median([c for r in bot_runs for c in r.cpu_per_reply[1:]]) * 1000
            if args.bursts > 1
            else float("nan"),
            "start_rss": median([r.start_rss for r in bot_runs]),
            "rss_first": median([r.rss[0] for r in bot_runs]),
            "rss_last": median([r.rss[-1] for r in bot_runs]),
            "start_cpu": median([r.start_cpu for r in bot_runs]),
            "start_wall": median([r.start_wall for r in bot_runs]),
            "burst_s": median([s for r in bot_runs for s in r.burst_seconds]),
            "gc_ms": median([sum(r.gc_seconds) / (args.bursts * len(burst)) for r in bot_runs])
            * 1000,
            "gc2": median([r.gc_runs[2] / args.bursts for r in bot_runs if r.gc_runs]),
            "lost": sum(r.check.lost for r in bot_runs if r.check),
            "duplicated": sum(r.check.duplicated for r in bot_runs if r.check),
            "p50": median([r.check.percentile(0.5) for r in bot_runs if r.check]) * 1000,
        }
    echo, ours = rows[ECHO], rows[OURS]
    shaped = rows.get(SHAPED)
    lines = (
        ("CPU per reply, first burst (ms)", "cpu_first", "{:.2f}", "ratio"),
        ("CPU per reply, later bursts (ms)", "cpu_later", "{:.2f}", "ratio"),
        ("  of which garbage collection (ms)", "gc_ms", "{:.3f}", "diff"),
        ("  full (gen 2) collections per burst", "gc2", "{:.1f}", "diff"),
        ("RSS after start (MB)", "start_rss", "{:.1f}", "diff"),
        ("RSS after the first burst (MB)", "rss_first", "{:.1f}", "diff"),
        (f"RSS after burst {args.bursts} (MB)", "rss_last", "{:.1f}", "diff"),
        ("CPU to start (s)", "start_cpu", "{:.2f}", "diff"),
        ("wall time to start (s)", "start_wall", "{:.2f}", "diff"),
        ("seconds per burst", "burst_s", "{:.2f}", "ratio"),
        ("latency p50, all bursts (ms)", "p50", "{:.0f}", "ratio"),
    )
    extra = f"{SHAPED:>19}" if shaped else ""
    print(f"{'':<34}{ECHO:>10}{OURS:>10}   ours vs echo{extra}")
    for label, key, shape, compare in lines:
        if key == "cpu_later" and args.bursts == 1:
            continue
        a, b = echo[key], ours[key]
        versus = f"{b / a:.2f}x" if compare == "ratio" and a else f"{b - a:+.2f}"
        third = f"{shape.format(shaped[key]):>19}" if shaped else ""
        print(f"{label:<34}{shape.format(a):>10}{shape.format(b):>10}   {versus:<12}{third}")
    print(
        "lost / duplicated replies: "
        + ", ".join(f"{name} {row['lost']} / {row['duplicated']}" for name, row in rows.items())
        + " (over all rounds; every reply checked)"
    )
    print(
        "goals (issue 12): CPU per reply <= 1.10x echo; RSS after start <= echo + 15 MB; "
        "after the burst <= echo + 20 MB; CPU to start <= echo + 0.2 s"
    )
    per_round = ", ".join(
        f"{r.bot} " + "/".join(f"{c * 1000:.2f}" for c in r.cpu_per_reply)
        for bot_runs in zip(*runs.values(), strict=True)
        for r in bot_runs
    )
    print(f"CPU per reply by process and burst (ms): {per_round}")
    mix: dict[str, int] = defaultdict(int)
    for _, text in burst:
        mix[pipeline.answer(text, LANGUAGE_HINT).kind.value] += 1
    print("question mix: " + ", ".join(f"{k} {n}" for k, n in sorted(mix.items())))


if __name__ == "__main__":
    main()
