"""Where the time of one question goes: each step of `Matcher.match` and `Pipeline.ask`.

The steps are timed on the real path: the matcher's and the pipeline's own parts are wrapped
in timers (a fraction of a microsecond each), then every dev-set question is asked one at a
time, several times over. Prints the median microseconds per step and question.

    .venv/bin/python benchmarks/profile_match.py [--scale 10] [--cprofile] [--lines]

`--cprofile` adds the functions that take the most time of their own (cProfile inflates
small functions, so read it for where, not for how much); `--lines` a line-by-line profile
of scoring and deciding (needs line_profiler importable: it is not a dependency of the bot,
so e.g. `pip install --target /tmp/lp line_profiler` and PYTHONPATH=/tmp/lp).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from matcher import DEV_SETS, build_unchecked
from measure import header
from synthetic_kb import write_synthetic_knowledge

from bot.config import load_settings
from bot.evaluation import load_questions
from bot.knowledge import load_knowledge
from bot.pipeline import Pipeline

PASSES = 5

Timings = dict[str, list[float]]


def timed(name: str, call: Callable[..., Any], timings: Timings) -> Callable[..., Any]:
    clock = time.perf_counter

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = clock()
        try:
            return call(*args, **kwargs)
        finally:
            timings[name].append(clock() - start)

    return wrapper


def instrument(pipeline: Pipeline, timings: Timings) -> None:
    """Wrap the steps of one question in timers (instance attributes: the classes are intact).
    A step the code at hand does not have is left out."""

    def wrap(owner: Any, attribute: str, label: str) -> None:
        if owner is not None and hasattr(owner, attribute):
            setattr(owner, attribute, timed(label, getattr(owner, attribute), timings))

    matcher = pipeline.matcher
    for index in matcher._indexes.values():
        wrap(index.frames, "read", "frame")
        wrap(index, "read_framed", "read + frame (focus, normalise, typos, stems, phrases)")
        if not hasattr(index, "read_framed"):
            wrap(index, "read", "read (focus, normalise, typos, stems, phrases)")
    if hasattr(matcher, "_in_script"):  # the language told apart from the translit check
        wrap(matcher, "_script_language", "language: the letters' script (and the hint)")
        wrap(matcher, "_in_script", "language: transliteration check")
    else:
        wrap(matcher, "_language_and_text", "language (+ transliteration check)")
    wrap(matcher._scorer, "score", "score every fact (numpy matrices)")
    wrap(getattr(matcher, "_one_scorer", None), "score", "score one question (lean path)")
    wrap(matcher, "_smalltalk", "small talk")
    wrap(matcher._decider, "decide", "decide (ranking, eligibility, explanation)")
    wrap(matcher, "match", "Matcher.match (all of it)")
    wrap(pipeline.follow_ups, "resolve", "follow-up check (reads the question)")
    wrap(pipeline.replies, "reply", "build the reply (replies.py)")


def build(scale: int, folder: Path) -> Pipeline:
    if scale == 1:
        return Pipeline.from_settings(load_settings())
    directory = folder / "knowledge"
    write_synthetic_knowledge(directory, scale)
    return build_unchecked(load_knowledge(directory))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--scale", type=int, default=1, help="synthetic base N x knowledge/")
    parser.add_argument("--cprofile", action="store_true")
    parser.add_argument("--lines", action="store_true")
    args = parser.parse_args()
    print(header())
    questions = [q.q for path in DEV_SETS if path.exists() for q in load_questions(path)]
    with tempfile.TemporaryDirectory() as folder:
        pipeline = build(args.scale, Path(folder))
        pipeline.matcher.match_many(questions)  # warm the typo and stem caches

        if args.cprofile:
            profile = cProfile.Profile()
            profile.enable()
            for _ in range(2):
                for question in questions:
                    pipeline.ask(question)
            profile.disable()

        plain = []
        for _ in range(PASSES):
            for question in questions:
                start = time.perf_counter()
                pipeline.ask(question)
                plain.append(time.perf_counter() - start)

        timings: Timings = defaultdict(list)
        instrument(pipeline, timings)
        for _ in range(PASSES):
            for question in questions:
                start = time.perf_counter()
                reply = pipeline.ask(question)
                timings["Pipeline.ask (all of it)"].append(time.perf_counter() - start)
                start = time.perf_counter()
                reply.reply.html()
                reply.reply.keyboard()
                timings["reply: html() + keyboard()"].append(time.perf_counter() - start)

        print(
            f"knowledge base {args.scale} x knowledge/ ({len(pipeline.knowledge.facts)} facts); "
            f"{len(questions)} dev-set questions x {PASSES}, one at a time; µs per call"
        )
        print(f"Pipeline.ask without timers: median {statistics.median(plain) * 1e6:.0f} µs")
        calls_per_ask = len(timings["Pipeline.ask (all of it)"])
        print(f"{'step':<58}{'median':>8}{'mean':>8}{'calls/q':>9}")
        for name, samples in timings.items():
            print(
                f"{name:<58}{statistics.median(samples) * 1e6:>8.1f}"
                f"{statistics.fmean(samples) * 1e6:>8.1f}{len(samples) / calls_per_ask:>9.2f}"
            )

        if args.cprofile:
            print("\ncProfile of Pipeline.ask, 2 passes, by own time:")
            stats = pstats.Stats(profile)
            stats.sort_stats("tottime").print_stats(25)

        if args.lines:
            line_profile(pipeline, questions)


def line_profile(pipeline: Pipeline, questions: list[str]) -> None:
    try:
        from line_profiler import LineProfiler
    except ImportError:
        print("--lines: line_profiler is not importable (see this script's docstring)")
        return
    from bot.matching.decision import Decider
    from bot.matching.scoring import Scorer

    profiler = LineProfiler(Scorer.score, Decider.decide)
    matcher = pipeline.matcher
    matcher._scorer.score = profiler(Scorer.score.__get__(matcher._scorer))
    matcher._decider.decide = profiler(Decider.decide.__get__(matcher._decider))
    for question in questions * 2:
        matcher.match(question)
    profiler.print_stats(output_unit=1e-6)


if __name__ == "__main__":
    main()
