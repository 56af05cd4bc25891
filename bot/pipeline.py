"""The question-to-reply pipeline every transport shares: knowledge base, matcher, replies."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from bot.config import Settings
from bot.knowledge import KnowledgeBase, KnowledgeError, load_knowledge
from bot.matching import Matcher
from bot.replies import Reply, ReplyBuilder


@dataclass(frozen=True)
class Pipeline:
    """Built once at start-up; answering is pure and safe to share between tasks."""

    knowledge: KnowledgeBase
    matcher: Matcher
    replies: ReplyBuilder

    @classmethod
    def from_settings(cls, settings: Settings) -> Pipeline:
        """Load and verify the knowledge base; raise KnowledgeError if anything is wrong."""
        knowledge = load_knowledge(settings.knowledge_dir)
        pipeline = cls(knowledge, Matcher(knowledge), ReplyBuilder(knowledge))
        problems = pipeline.misleading_examples()
        if problems:
            raise KnowledgeError(problems[0])
        return pipeline

    def answer(self, question: str, language_hint: str | None = None) -> Reply:
        return self.replies.reply(self.matcher.match(question, language_hint))

    def answer_many(
        self, questions: Sequence[str], language_hint: str | None = None
    ) -> list[Reply]:
        decisions = self.matcher.match_many(questions, language_hint)
        return [self.replies.reply(decision) for decision in decisions]

    def misleading_examples(self) -> list[str]:
        """Example questions that another fact matches better than their own: each one teaches
        the matcher the wrong thing, so the knowledge base is refused until it is fixed."""
        facts_path = self.knowledge.directory / "facts.yaml"
        return [
            f"{facts_path}: fact '{example.fact_id}': example question {example.question!r} "
            f"({example.language}) matches '{example.better_fact_id}' better than its own fact"
            for example in self.matcher.misleading_examples()
        ]


def stream_answers(
    pipeline: Pipeline, lines: Iterator[str], language_hint: str | None = None, batch: int = 256
) -> Iterator[Reply]:
    """Answer a stream of questions in batches, so a huge input is never held in memory."""
    chunk: list[str] = []
    for line in lines:
        chunk.append(line.rstrip("\r\n"))
        if len(chunk) >= batch:
            yield from pipeline.answer_many(chunk, language_hint)
            chunk = []
    if chunk:
        yield from pipeline.answer_many(chunk, language_hint)
