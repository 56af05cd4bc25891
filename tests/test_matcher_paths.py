"""The two ways of scoring a question decide alike: the lean one-question path (`match`, which
compares only the facts that can change the decision) and the batch path (`match_many`)."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from benchmarks.synthetic_kb import write_synthetic_knowledge
from bot.config import PROJECT_ROOT
from bot.evaluation import load_questions
from bot.knowledge import load_knowledge
from bot.matching import Matcher, Utterance
from bot.matching.decision import Decision
from bot.matching.scoring import DecisionFloor, OneQuestionScorer
from bot.pipeline import Pipeline

DEV_SETS = sorted((PROJECT_ROOT / "tests" / "data").glob("dev_*.yaml"))


def dev_questions() -> list[str]:
    return [item.q for path in DEV_SETS for item in load_questions(path)]


def meaning(decision: Decision) -> tuple[object, ...]:
    return (decision.kind, decision.fact_id, decision.rule, decision.suggestions)


def test_the_dev_sets_get_the_same_decisions_one_at_a_time_and_in_a_batch(
    pipeline: Pipeline,
) -> None:
    questions = dev_questions()
    matcher = pipeline.matcher
    batch = matcher.match_many(questions)
    single = [matcher.match(question) for question in questions]
    assert [meaning(decision) for decision in single] == [meaning(d) for d in batch]
    for one, other in zip(single, batch, strict=True):  # the batch adds up in float32
        assert one.confidence == pytest.approx(other.confidence, abs=1e-3) or one.fact_id is None


def test_both_paths_explain_a_decision_with_the_same_closest_phrasing(pipeline: Pipeline) -> None:
    """The lean path compares each fact's distinct phrasing keys once; the phrasing it names is
    still the first of the fact's phrasings that is closest, as the batch path's argmax."""
    questions = dev_questions()
    matcher = pipeline.matcher
    batch = matcher.match_many(questions)
    for question, other in zip(questions, batch, strict=True):
        one = matcher.match(question)
        if one.explanation is not None and one.fact_id is not None:
            assert other.explanation is not None
            assert one.explanation.example == other.explanation.example, question


@pytest.fixture(scope="module")
def bigger_matcher(tmp_path_factory: pytest.TempPathFactory) -> Matcher:
    """A knowledge base ten times knowledge/ (facts cloned about other names), big enough
    that the lean path leaves facts uncompared."""
    directory = Path(tmp_path_factory.mktemp("synthetic")) / "knowledge"
    write_synthetic_knowledge(directory, 10)
    return Matcher(load_knowledge(directory))


@pytest.mark.parametrize("size", ["knowledge/", "ten times knowledge/"])
def test_facts_left_uncompared_change_no_decision_nor_the_ranking(
    size: str, pipeline: Pipeline, bigger_matcher: Matcher
) -> None:
    """Pruning is exact: the same decisions, ranking, explanations and confidences as
    comparing every fact that shares a word with the question, whatever the size."""
    matcher = pipeline.matcher if size == "knowledge/" else bigger_matcher
    knowledge = matcher.knowledge
    exhaustive = Matcher(knowledge)
    # ranking every fact leaves nothing below the ranking to skip
    exhaustive._one_scorer = OneQuestionScorer(
        exhaustive._scorer, knowledge, ranked=len(knowledge.facts)
    )
    for question in dev_questions():
        assert matcher.match(question) == exhaustive.match(question), question


def test_one_question_needs_no_matrices_and_a_kept_matcher_keeps_none(pipeline: Pipeline) -> None:
    """Matching one question (every chat, `ask`) is plain Python: it never makes the numpy
    matrices batch scoring uses; those a batch made are not pickled with a kept pipeline, so
    reading it back does not import numpy for them."""
    matcher = Matcher(pipeline.knowledge)
    for question in ("who represents india?", "когда саммит", "is the summit in tashkent?"):
        matcher.match(question)
    assert not matcher._scorer._arrays
    matcher.match_many(["who represents india?", "когда саммит"])
    assert matcher._scorer._arrays
    assert b"numpy" not in pickle.dumps(matcher._scorer)


def test_a_bigger_knowledge_base_decides_alike_one_at_a_time_and_in_a_batch(
    bigger_matcher: Matcher,
) -> None:
    questions = dev_questions()
    batch = bigger_matcher.match_many(questions)
    single = [bigger_matcher.match(question) for question in questions]
    assert [meaning(decision) for decision in single] == [meaning(d) for d in batch]


@pytest.mark.parametrize("best", [i / 100 for i in range(101)])
def test_the_decision_floor_leaves_every_rule_its_scores(pipeline: Pipeline, best: float) -> None:
    """A fact under the floor can be neither suggested next to the best nor close enough
    behind it to deny the best its answer."""
    tuning = pipeline.knowledge.tuning
    thresholds = tuning.thresholds
    floor = DecisionFloor(tuning)
    under = floor.given_best(best)
    assert under >= floor.floor
    assert under <= max(thresholds.suggest, best - tuning.suggestion_window)
    if best >= thresholds.answer:
        assert best - under >= min(thresholds.margin, thresholds.dominant_margin)
    elif best >= thresholds.dominant:
        assert best - under >= thresholds.dominant_margin


def _as_read(utterance: Utterance) -> tuple[object, ...]:
    """What an utterance says of its message, not which hint it was read with."""
    return (utterance.language, utterance.text, utterance.reading, utterance.frame)


@pytest.mark.parametrize(
    ("question", "hint"),
    [
        ("who represents india?", None),
        ("who represents india?", "en"),
        ("когда саммит", "en"),
        ("kogda sammit", "en"),  # Russian in Latin letters
        ("ab где", None),  # as many Latin letters as Cyrillic: the hint decides
        ("ab где", "ru"),
        ("2024?", "ru"),  # no letters at all
    ],
)
def test_a_message_read_once_decides_as_one_read_again(
    pipeline: Pipeline, question: str, hint: str | None
) -> None:
    """Pipeline.ask reads a message to tell a follow-up, then matches it in the language read:
    the reading passed on gives what reading it again with that language would."""
    matcher = pipeline.matcher
    read = matcher.utterance(question, hint)
    again = matcher.utterance(question, read.language)
    assert _as_read(matcher.utterance(question, read.language, read)) == _as_read(again)
    assert matcher.match(question, read.language, read) == matcher.match(question, read.language)


def test_a_question_on_its_own_is_read_once_on_its_way_through_the_pipeline(
    pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    matcher = pipeline.matcher
    read: list[str] = []
    in_script = matcher._in_script
    monkeypatch.setattr(
        matcher,
        "_in_script",
        lambda question, language: read.append(question) or in_script(question, language),
    )
    pipeline.ask("who represents india?", None, "en")
    assert read == ["who represents india?"]
