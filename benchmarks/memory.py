"""What holds the bot's memory: RSS after each step of a start, and what Python keeps.

In one fresh process, as the bot starts and serves: RSS after the interpreter, after the
imports an echo bot needs (telegram.ext), after each library the bot adds, after reading the
pipeline as a start does (the one kept under data/ once the files were checked), after
answering the dev sets one question at a time (the serving path: whether numpy got imported is
printed), then after the same questions in one batch (eval, `ask -`: numpy's matrices) and
after building a pipeline with its misleading-example check. Then tracemalloc over a second
build of the knowledge base and pipeline: the lines that keep the most memory.

    .venv/bin/python benchmarks/memory.py [--top 12]

Figures only; RSS depends on the allocator and the machine, so compare steps within one run.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import header, rss_mb

# Libraries in the order a start meets them; each step's RSS includes the ones before. numpy
# and yaml are not among them: a start that reads the kept pipeline needs neither.
IMPORTS = (
    ("telegram.ext (what the echo bot imports)", "telegram.ext"),
    ("aiolimiter (AIORateLimiter)", "aiolimiter"),
    ("pydantic", "pydantic"),
    ("rapidfuzz", "rapidfuzz.process"),
    ("snowballstemmer", "snowballstemmer"),
    ("the bot's own modules (bot.app)", "bot.app"),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--top", type=int, default=12)
    args = parser.parse_args()
    steps = [("interpreter + this script", rss_mb())]
    for label, module in IMPORTS:
        importlib.import_module(module)
        steps.append((f"+ {label}", rss_mb()))

    from matcher import DEV_SETS, build_unchecked

    from bot.config import load_settings
    from bot.evaluation import load_questions
    from bot.knowledge import load_knowledge
    from bot.pipeline import Pipeline

    questions = [q.q for path in DEV_SETS if path.exists() for q in load_questions(path)]
    steps.append(("+ the dev sets read (yaml)", rss_mb()))
    settings = load_settings()
    pipeline = Pipeline.from_settings(settings)
    steps.append(("+ the pipeline, as a start reads it", rss_mb()))
    for question in questions:
        pipeline.ask(question)
    steps.append(("+ every dev-set question asked once (caches)", rss_mb()))
    serving_numpy = "numpy" in sys.modules
    pipeline.answer_many(questions)
    steps.append(("+ the same questions in one batch (eval, ask -)", rss_mb()))
    knowledge = load_knowledge(settings.knowledge_dir)
    Pipeline.from_knowledge(knowledge)
    gc.collect()
    steps.append(("+ a pipeline built, misleading-example check, gc", rss_mb()))

    print(header())
    print(f"{'RSS of one process, step by step':<50}{'MB':>8}{'step':>8}")
    previous = 0.0
    for label, mb in steps:
        print(f"{label:<50}{mb:>8.1f}{mb - previous:>+8.1f}")
        previous = mb
    print(
        "numpy imported by the start and the questions asked one at a time: "
        + ("yes" if serving_numpy else "no")
    )

    del pipeline, knowledge
    gc.collect()
    tracemalloc.start(5)
    knowledge = load_knowledge(settings.knowledge_dir)
    pipeline = build_unchecked(knowledge)
    for question in questions:
        pipeline.ask(question)
    gc.collect()
    snapshot = tracemalloc.take_snapshot()
    tracemalloc.stop()
    stats = snapshot.statistics("lineno")
    total = sum(stat.size for stat in stats)
    print(
        f"tracemalloc: {total / 1e6:.1f} MB kept by loading the knowledge base, building the "
        f"pipeline and asking the dev sets once; the {args.top} largest lines:"
    )
    for stat in stats[: args.top]:
        frame = stat.traceback[0]
        where = f"{Path(frame.filename).parent.name}/{Path(frame.filename).name}:{frame.lineno}"
        print(f"  {stat.size / 1e6:7.2f} MB {stat.count:>8} blocks  {where}")
    del pipeline, knowledge


if __name__ == "__main__":
    main()
