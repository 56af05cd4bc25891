"""Dev-set figures for our matcher next to a naive baseline, and time per question.

The baseline is what a quick FAQ bot would do: rapidfuzz `extractOne` with WRatio over the
article's sentences, declining below a cut-off. It is credited with a fact when the sentence it
picks is one of that fact's quotes (generous: one sentence backs several facts).
Prints figures only; nothing here asserts on time (the machine is shared and noisy).
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rapidfuzz import fuzz, process, utils

from bot.config import PROJECT_ROOT, load_settings
from bot.evaluation import evaluate, load_questions
from bot.knowledge import fold_for_quote_check
from bot.pipeline import Pipeline

BASELINE_CUTOFF = 60.0
DEV_SETS = [PROJECT_ROOT / "tests" / "data" / name for name in ("dev_en.yaml", "dev_ru.yaml")]


def baseline_predictor(pipeline: Pipeline):
    source = pipeline.knowledge.sources[pipeline.knowledge.default_source]
    sentences = [
        s.strip()
        for s in re.split(r"(?<=[.!?])\s+", fold_for_quote_check(source.text))
        if s.strip()
    ]
    backs = {
        index: {
            fact.id
            for fact in pipeline.knowledge.facts
            for quote in fact.quotes
            if fold_for_quote_check(quote.text) in sentence
            or sentence in fold_for_quote_check(quote.text)
        }
        for index, sentence in enumerate(sentences)
    }

    def predict(questions):
        out = []
        for question in questions:
            best = process.extractOne(
                question,
                sentences,
                scorer=fuzz.WRatio,
                processor=utils.default_process,
                score_cutoff=BASELINE_CUTOFF,
            )
            facts = backs.get(best[2], set()) if best else set()
            out.append((facts, "en"))
        return out

    return predict


def main() -> None:
    pipeline = Pipeline.from_settings(load_settings())
    questions = [q for path in DEV_SETS if path.exists() for q in load_questions(path)]

    ours = evaluate(
        questions, lambda qs: [(r.fact_id, r.language) for r in pipeline.answer_many(qs)]
    )
    predict = baseline_predictor(pipeline)
    predictions = predict([q.q for q in questions])
    in_scope = [(q, p) for q, (p, _) in zip(questions, predictions, strict=True) if q.expected]
    out_scope = [(q, p) for q, (p, _) in zip(questions, predictions, strict=True) if not q.expected]
    base_acc = sum(bool(q.expected & p) for q, p in in_scope) / max(len(in_scope), 1)
    base_dec = sum(not p for _, p in out_scope) / max(len(out_scope), 1)

    print(f"dev set: {len(questions)} questions ({len(in_scope)} in scope, {len(out_scope)} not)")
    print(f"{'':<28}{'in-scope accuracy':>18}{'off-topic declined':>20}")
    for language, report in ours.by_language().items():
        print(f"{'ours [' + language + ']':<28}{report.accuracy:>18.1%}{report.declined:>20.1%}")
    print(f"{'ours [all]':<28}{ours.accuracy:>18.1%}{ours.declined:>20.1%}")
    print(
        f"{'baseline WRatio>=' + str(int(BASELINE_CUTOFF)):<28}{base_acc:>18.1%}{base_dec:>20.1%}"
    )

    texts = [q.q for q in questions] * 20
    matcher = pipeline.matcher
    matcher.match_many(texts[:500])  # warm the typo and stem caches like a running bot
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        matcher.match_many(texts)
        runs.append((time.perf_counter() - start) / len(texts))
    print(
        f"batch matching: median {statistics.median(runs) * 1e6:.1f} µs per question "
        f"({len(texts)} questions x 5 runs)"
    )
    singles = []
    for text in texts[:3000]:
        start = time.perf_counter()
        matcher.match(text)
        singles.append(time.perf_counter() - start)
    print(
        f"one at a time:  median {statistics.median(singles) * 1e6:.1f} µs, "
        f"p99 {sorted(singles)[int(len(singles) * 0.99)] * 1e6:.1f} µs per question"
    )


if __name__ == "__main__":
    main()
