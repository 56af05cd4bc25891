"""The question-to-reply pipeline every surface shares: one message in, one Answer out.

Private chats, groups, inline queries, buttons, the console and `ask` all call `Pipeline.ask`
with the message, the conversation so far and the language hint, and render the Answer it
returns; none of them matches or decides on its own.
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from bot.config import PROJECT_ROOT, Settings
from bot.conversation import ConversationContext, FollowUp, FollowUpReader, Resolution
from bot.knowledge import KnowledgeBase, KnowledgeError, keep_built, load_knowledge
from bot.matching import Decision, DecisionKind, Matcher, Rule, Utterance
from bot.replies import Reply, ReplyBuilder

# Content hashes of knowledge bases that passed the full check (see Pipeline.from_settings).
CHECKED_STAMPS = PROJECT_ROOT / "data" / "checked"
# Pipelines built from checked knowledge bases, by the hash of the files and the code.
BUILT_PIPELINES = PROJECT_ROOT / "data" / "pipelines"
KEPT_PIPELINES = 12  # test runs build some for their own folders: the main one must survive them
_CODE = PROJECT_ROOT / "bot"
# Decisions that say nothing about the topic: the conversation goes on as before them.
_NO_TOPIC = (DecisionKind.SMALLTALK, DecisionKind.EMPTY)


@dataclass(frozen=True)
class Answer:
    """Everything one message leads to: the decision, the reply and the conversation after it."""

    question: str  # as the person wrote it
    resolved: str  # what was matched: the question, or the follow-up made whole
    follow_up: FollowUp
    decision: Decision | None  # None when no matching was needed (the source of the last answer)
    reply: Reply
    context: ConversationContext | None  # what the next message may lean on


@dataclass(frozen=True)
class Pipeline:
    """Built once at start-up; answering is pure and safe to share between tasks."""

    knowledge: KnowledgeBase
    matcher: Matcher
    replies: ReplyBuilder
    follow_ups: FollowUpReader

    @classmethod
    def from_settings(cls, settings: Settings, full_check: bool = False) -> Pipeline:
        """Load and verify the knowledge base; raise KnowledgeError if anything is wrong.

        Scoring every example phrasing against every fact (the misleading-example check) is the
        slowest check; it is skipped when these very files passed it before (a stamp of their
        content hash under data/), unless `full_check`, as `bot.py check` asks."""
        directory = Path(settings.knowledge_dir)
        stamp = _checked_stamp(directory) if directory.is_dir() else None
        checked = not full_check and stamp is not None and stamp.exists()
        built = _built_pipeline_path(directory, stamp) if checked else None
        if built is not None:
            # these very files passed every check before: the pipeline built from them is
            # read back whole, without loading the knowledge base on its own first
            with contextlib.suppress(Exception):  # none yet, or unreadable: build it again
                with built.open("rb") as file:
                    found = pickle.load(file)
                if isinstance(found, Pipeline):
                    return found
        knowledge = load_knowledge(directory)
        pipeline = cls.from_knowledge(knowledge, check_examples=not checked)
        if not checked and stamp is not None:
            with contextlib.suppress(OSError):  # a read-only install just checks every time
                stamp.parent.mkdir(parents=True, exist_ok=True)
                stamp.touch()
        if built is not None:
            keep_built(pipeline, built, KEPT_PIPELINES)
        return pipeline

    @classmethod
    def from_knowledge(cls, knowledge: KnowledgeBase, check_examples: bool = True) -> Pipeline:
        matcher = Matcher(knowledge)
        pipeline = cls(
            knowledge, matcher, ReplyBuilder(knowledge), FollowUpReader(knowledge, matcher)
        )
        if check_examples and (problems := pipeline.misleading_examples()):
            raise KnowledgeError(problems[0])
        return pipeline

    def ask(
        self,
        question: str,
        context: ConversationContext | None = None,
        language_hint: str | None = None,
    ) -> Answer:
        """Answer one message in its conversation (None: a conversation of its own)."""
        resolution, utterance = self.follow_ups.resolve(question, context, language_hint)
        language = utterance.language
        if resolution.follow_up is FollowUp.SOURCE and resolution.fact_id:
            reply = self.replies.fact_reply(resolution.fact_id, language, question=question)
            return Answer(question, question, resolution.follow_up, None, reply, context)
        # The message was read once, to tell a follow-up: matching takes that reading
        if resolution.follow_up is FollowUp.UNRESOLVED:
            decision = self.matcher.match(question, language, utterance)
            reply = self.replies.unresolved(decision, resolution.reference)
            return Answer(question, question, resolution.follow_up, decision, reply, context)
        decision = self.matcher.match(resolution.question, language, utterance)
        if resolution.fragment and (
            decision.kind is not DecisionKind.ANSWER
            or (
                context is not None
                and decision.fact_id == context.fact_id
                and utterance.frame.asks_others
            )
        ):
            # "what about the other meeting?": no question of its own, or one asking for another
            # thing that only leads back to the answer just given ("and the other organisation?"
            # after the SCO); "а год?" after the dates, "and the foreign minister?" after Modi
            # ask that answer again, about what it names
            reply = self.replies.unresolved(decision, resolution.reference)
            return Answer(question, question, FollowUp.UNRESOLVED, decision, reply, context)
        if resolution.may_stand_alone and decision.kind is not DecisionKind.ANSWER:
            # "where is it?" may ask about the event itself: then it stands alone
            alone_question = resolution.alone or question
            alone = self.matcher.match(alone_question, language)
            if alone.kind is DecisionKind.ANSWER and self.follow_ups.may_stand_alone(
                resolution, alone.fact_id, alone.frame.kind if alone.frame else None
            ):
                resolution = Resolution(FollowUp.NEW, alone_question)
                decision = alone
        if (
            decision.kind is DecisionKind.ANSWER
            and decision.frame is not None
            and not self.follow_ups.goes_on(
                resolution, decision.frame.kind, decision.fact_id, context
            )
        ):
            # "why there?" after the venue: why the SCO exists is no reason for what was just said
            decision = replace(
                decision, kind=DecisionKind.DECLINE, fact_id=None, rule=Rule.NO_MATCH
            )
        reply = self.replies.reply(decision)
        if resolution.question != question:
            reply = replace(reply, question=question)
        return Answer(
            question,
            resolution.question,
            resolution.follow_up,
            decision,
            reply,
            self._next_context(resolution, utterance, decision, context),
        )

    def answer(self, question: str, language_hint: str | None = None) -> Reply:
        """The reply to a message on its own, with no conversation around it."""
        return self.ask(question, None, language_hint).reply

    def _next_context(
        self,
        resolution: Resolution,
        utterance: Utterance,
        decision: Decision,
        previous: ConversationContext | None,
    ) -> ConversationContext | None:
        if decision.kind in _NO_TOPIC:
            return previous
        return self.follow_ups.next_context(
            resolution.question,
            utterance,
            decision.fact_id,
            previous,
            resolution.referent,
            ruled_out=decision.list_non_members,
        )

    def answer_many(
        self, questions: Sequence[str], language_hint: str | None = None
    ) -> list[Reply]:
        decisions = self.matcher.match_many(questions, language_hint)
        return [self.replies.reply(decision) for decision in decisions]

    def misleading_examples(self) -> list[str]:
        """Example questions that another fact matches better than their own: each one teaches
        the matcher the wrong thing, so the knowledge base is refused until it is fixed."""

        def facts_path(language: str) -> Path:
            name = "facts.yaml" if language == self.knowledge.language else f"facts.{language}.yaml"
            return self.knowledge.directory / name

        return [
            f"{facts_path(example.language)}: fact '{example.fact_id}': example question "
            f"{example.question!r} ({example.language}) matches '{example.better_fact_id}' "
            "better than its own fact"
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


def _checked_stamp(directory: Path) -> Path | None:
    """Where a pass of the full check is recorded for the knowledge files as they are now."""
    digest = hashlib.sha256()
    try:
        for path in sorted(p for p in directory.rglob("*") if p.is_file()):
            digest.update(str(path.relative_to(directory)).encode())
            digest.update(path.read_bytes())
    except OSError:
        return None
    return CHECKED_STAMPS / digest.hexdigest()


def _built_pipeline_path(directory: Path, stamp: Path | None) -> Path | None:
    """Where the pipeline built from these checked files by this code is kept: building the
    matcher's indexes is most of a start (~100 ms); reading them back takes ~30 ms."""
    if stamp is None:
        return None
    digest = hashlib.sha256(f"{sys.version}\0{directory.resolve()}\0{stamp.name}".encode())
    try:
        for path in sorted(_CODE.rglob("*.py")):
            digest.update(path.read_bytes())
    except OSError:
        return None
    return BUILT_PIPELINES / f"{digest.hexdigest()}.pickle"
