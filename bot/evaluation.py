"""Scoring the matcher on a labelled question set: the figures `eval` and the benchmarks print."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from pydantic import BaseModel, ConfigDict, TypeAdapter

if TYPE_CHECKING:
    from bot.pipeline import Pipeline

OFF_TOPIC_KINDS = frozenset({"off_topic", "near_miss", "smalltalk"})
FIRST_TURN = "first"  # the kind of a conversation's opening question


class LabelledQuestion(BaseModel):
    """One dev-set line: the question, the fact(s) that answer it (none: must not answer)."""

    model_config = ConfigDict(extra="forbid")

    q: str
    expect: str | list[str] | None
    kind: str = "paraphrase"
    lang: str | None = None

    @property
    def expected(self) -> frozenset[str]:
        if self.expect is None:
            return frozenset()
        return frozenset([self.expect] if isinstance(self.expect, str) else self.expect)


_QUESTIONS = TypeAdapter(list[LabelledQuestion])


def load_questions(path: Path) -> list[LabelledQuestion]:
    with path.open(encoding="utf-8") as handle:
        return _QUESTIONS.validate_python(yaml.safe_load(handle))


@dataclass
class Outcome:
    item: LabelledQuestion
    fact_id: str | None
    language: str

    @property
    def correct(self) -> bool:
        if self.item.expected:
            return self.fact_id in self.item.expected
        return self.fact_id is None


@dataclass
class Report:
    """Accuracy on answerable questions, declines on the rest, and where it went wrong."""

    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def in_scope(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.item.expected]

    @property
    def out_of_scope(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.item.expected]

    @property
    def accuracy(self) -> float:
        scope = self.in_scope
        return sum(o.fact_id in o.item.expected for o in scope) / max(len(scope), 1)

    @property
    def declined(self) -> float:
        scope = self.out_of_scope
        return sum(o.fact_id is None for o in scope) / max(len(scope), 1)

    @property
    def wrong_answers(self) -> list[Outcome]:
        """Answered with a fact that does not answer the question: the worst outcome."""
        return [o for o in self.outcomes if o.fact_id is not None and not o.correct]

    @property
    def wrong_answer_rate(self) -> float:
        return len(self.wrong_answers) / max(len(self.outcomes), 1)

    @property
    def wrong(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.correct]

    def follow_ups(self) -> Report:
        """Only the turns that follow another in a conversation."""
        return Report([o for o in self.outcomes if o.item.kind != FIRST_TURN])

    def by_language(self) -> dict[str, Report]:
        languages = sorted({o.language for o in self.outcomes})
        return {
            language: Report([o for o in self.outcomes if o.language == language])
            for language in languages
        }

    def per_fact(self) -> dict[str, tuple[float, float, int]]:
        """fact_id -> (precision, recall, support)."""
        predicted = Counter(o.fact_id for o in self.outcomes if o.fact_id)
        correct = Counter(o.fact_id for o in self.in_scope if o.fact_id in o.item.expected)
        support = Counter(label for o in self.in_scope for label in o.item.expected)
        return {
            fact_id: (
                correct[fact_id] / predicted[fact_id] if predicted[fact_id] else 0.0,
                correct[fact_id] / support[fact_id] if support[fact_id] else 0.0,
                support[fact_id],
            )
            for fact_id in sorted(set(predicted) | set(support))
        }

    def confusions(self) -> Counter[tuple[str, str]]:
        return Counter(
            ("/".join(sorted(o.item.expected)) or "-", o.fact_id or "-") for o in self.wrong
        )

    def lines(self, verbose: bool = True) -> list[str]:
        out = []
        for language, report in self.by_language().items():
            out.append(
                f"[{language}] in-scope accuracy {report.accuracy:.1%} "
                f"({len(report.in_scope)} questions), must-decline declined {report.declined:.1%} "
                f"({len(report.out_of_scope)} questions), wrong answers "
                f"{report.wrong_answer_rate:.1%} ({len(report.wrong_answers)})"
            )
        if len(self.by_language()) > 1:
            out.append(
                f"[all] in-scope accuracy {self.accuracy:.1%}, "
                f"must-decline declined {self.declined:.1%}, "
                f"wrong answers {self.wrong_answer_rate:.1%}"
            )
        if not verbose:
            return out
        out.append("")
        out.append(f"{'fact':<22} precision recall support")
        for fact_id, (precision, recall, support) in self.per_fact().items():
            out.append(f"{fact_id:<22} {precision:>9.0%} {recall:>6.0%} {support:>7}")
        if self.wrong:
            out.append("")
            out.append("confusions (expected -> got):")
            for (expected, got), count in self.confusions().most_common():
                out.append(f"  {count:>3}  {expected} -> {got}")
            out.append("")
            out.append("wrong answers:")
            for o in self.wrong:
                expected = "/".join(sorted(o.item.expected)) or "(decline)"
                out.append(f"  [{o.item.kind}] {o.item.q!r}: expected {expected}, got {o.fact_id}")
        return out


Predictor = Callable[[Sequence[str]], list[tuple[str | None, str]]]


def evaluate(questions: list[LabelledQuestion], predict: Predictor) -> Report:
    """Run `predict` (questions -> (fact_id or None, language)) over a labelled set."""
    predictions = predict([item.q for item in questions])
    return Report(
        [
            Outcome(item, fact_id, item.lang or language)
            for item, (fact_id, language) in zip(questions, predictions, strict=True)
        ]
    )


class LabelledTurn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    q: str
    expect: str | list[str] | None


class LabelledConversation(BaseModel):
    """A short chat: each turn labelled with the fact that answers it in context."""

    model_config = ConfigDict(extra="forbid")

    id: str
    kind: str
    lang: str | None = None
    turns: list[LabelledTurn]

    def questions(self) -> list[LabelledQuestion]:
        """The turns as labelled questions; the first is a question of its own."""
        return [
            LabelledQuestion(
                q=turn.q,
                expect=turn.expect,
                kind=self.kind if position else FIRST_TURN,
                lang=self.lang,
            )
            for position, turn in enumerate(self.turns)
        ]


_CONVERSATIONS = TypeAdapter(list[LabelledConversation])


def load_labelled(path: Path) -> list[LabelledQuestion] | list[LabelledConversation]:
    """A dev set of single questions, or of conversations (items with `turns`)."""
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if isinstance(data, list) and data and isinstance(data[0], dict) and "turns" in data[0]:
        return _CONVERSATIONS.validate_python(data)
    return _QUESTIONS.validate_python(data)


ConversationPredictor = Callable[[Sequence[str]], list[tuple[str | None, str]]]


def evaluate_conversations(
    conversations: list[LabelledConversation], predict: ConversationPredictor
) -> Report:
    """Run `predict` (one conversation's turns, in order -> (fact_id, language) per turn)."""
    outcomes = []
    for conversation in conversations:
        questions = conversation.questions()
        predictions = predict([item.q for item in questions])
        outcomes += [
            Outcome(item, fact_id, item.lang or language)
            for item, (fact_id, language) in zip(questions, predictions, strict=True)
        ]
    return Report(outcomes)


def predictors(pipeline: Pipeline) -> tuple[Predictor, ConversationPredictor]:
    """How the pipeline is scored on labelled sets (here and in `eval`): questions on their
    own, in batches; conversations turn by turn, each turn in the context of the ones before."""

    def predict(texts: Sequence[str]) -> list[tuple[str | None, str]]:
        return [(reply.fact_id, reply.language) for reply in pipeline.answer_many(texts)]

    def predict_conversation(turns: Sequence[str]) -> list[tuple[str | None, str]]:
        conversation, predictions = None, []
        for turn in turns:
            answer = pipeline.ask(turn, conversation)
            conversation = answer.context
            predictions.append((answer.reply.fact_id, answer.reply.language))
        return predictions

    return predict, predict_conversation
