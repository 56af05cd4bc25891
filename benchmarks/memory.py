"""What holds the bot's memory: RSS after each step of a start, and what Python keeps.

In one fresh process: RSS after the interpreter, after the imports an echo bot needs
(telegram.ext), after each library the bot adds, after loading and verifying the knowledge base
and building the pipeline, and after answering the dev sets once (caches warm). Then tracemalloc
over a second build of the knowledge base and pipeline: the lines that keep the most memory.

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

# Libraries in the order a start meets them; each step's RSS includes the ones before.
IMPORTS = (
    ("telegram.ext (what the echo bot imports)", "telegram.ext"),
    ("aiolimiter (AIORateLimiter)", "aiolimiter"),
    ("yaml", "yaml"),
    ("pydantic", "pydantic"),
    ("numpy", "numpy"),
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

    settings = load_settings()
    knowledge = load_knowledge(settings.knowledge_dir)
    steps.append(("+ load_knowledge (YAML, models, word lists)", rss_mb()))
    pipeline = build_unchecked(knowledge)
    steps.append(("+ the pipeline (readers, indexes)", rss_mb()))
    Pipeline.from_knowledge(knowledge)
    gc.collect()
    steps.append(("+ the misleading-example check, then gc", rss_mb()))
    questions = [q.q for path in DEV_SETS if path.exists() for q in load_questions(path)]
    for question in questions:
        pipeline.ask(question)
    steps.append(("+ every dev-set question asked once (caches)", rss_mb()))

    print(header())
    print(f"{'RSS of one process, step by step':<50}{'MB':>8}{'step':>8}")
    previous = 0.0
    for label, mb in steps:
        print(f"{label:<50}{mb:>8.1f}{mb - previous:>+8.1f}")
        previous = mb

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
