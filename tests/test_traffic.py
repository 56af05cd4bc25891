"""What each surface tells the gaps log: declines, picks, and which fact a decline was rephrased
into, linked in memory per conversation and stored without any chat, thread or user."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.gaps import PICKED, REPHRASED, GapsLog, PhrasingEvidence
from bot.matching import Decision, DecisionKind, FactMatch, Rule
from bot.traffic import REPHRASE_WINDOW_SECONDS, TrafficRecorder


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def decided(question: str, kind: DecisionKind, *ranked: str) -> Decision:
    """A decision as the matcher makes them, with `ranked` as its best candidates."""
    answered = kind is DecisionKind.ANSWER
    return Decision(
        question=question,
        language="en",
        kind=kind,
        fact_id=ranked[0] if answered else None,
        confidence=0.4,
        ranking=tuple(FactMatch(fact_id, 0.4 - n / 10) for n, fact_id in enumerate(ranked)),
        rule=Rule.ANSWERED if answered else Rule.NO_MATCH,
        suggestions=ranked[:2] if kind is DecisionKind.SUGGEST else (),
    )


DECLINED = decided(
    "when do the talks wrap", DecisionKind.DECLINE, "bilateral_meetings", "summit_dates"
)
ANSWERED = decided("when does the summit end?", DecisionKind.ANSWER, "summit_dates")
HELLO = decided("thanks", DecisionKind.SMALLTALK)


@pytest.fixture
def log(tmp_path: Path) -> Iterator[GapsLog]:
    with GapsLog(tmp_path / "gaps.sqlite3") as gaps:
        yield gaps


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def recorder(log: GapsLog, clock: Clock) -> TrafficRecorder:
    return TrafficRecorder(log, clock=clock)


def test_a_decline_answered_soon_after_in_other_words_is_a_rephrasing(
    recorder: TrafficRecorder, log: GapsLog, clock: Clock
) -> None:
    recorder.observe(DECLINED, chat_type="private", conversation="chat 1")
    clock.now += REPHRASE_WINDOW_SECONDS - 1
    recorder.observe(HELLO, chat_type="private", conversation="chat 1")  # still pending
    recorder.observe(ANSWERED, chat_type="private", conversation="chat 1")
    assert log.phrasing_evidence() == [
        PhrasingEvidence("when do the talks wrap", "en", "summit_dates", REPHRASED)
    ]


@pytest.mark.parametrize(
    ("later", "conversation", "answer"),
    [
        (REPHRASE_WINDOW_SECONDS + 1, "chat 1", ANSWERED),  # too late
        (1, "chat 2", ANSWERED),  # someone else's conversation
        (1, None, ANSWERED),  # a question that continues no conversation
        (1, "chat 1", decided("who is xi?", DecisionKind.ANSWER, "person_xi")),  # not a candidate
    ],
)
def test_no_rephrasing_is_linked_across_time_conversations_or_topics(
    recorder: TrafficRecorder,
    log: GapsLog,
    clock: Clock,
    later: float,
    conversation: str | None,
    answer: Decision,
) -> None:
    recorder.observe(DECLINED, chat_type="private", conversation="chat 1")
    clock.now += later
    recorder.observe(answer, chat_type="private", conversation=conversation)
    assert log.phrasing_evidence() == []
    assert [group.example for group in log.top_gaps()] == ["when do the talks wrap"]


def test_a_group_thread_continues_under_the_answer_replied_to(
    recorder: TrafficRecorder, log: GapsLog
) -> None:
    recorder.observe(DECLINED, chat_type="group", conversation=None, continues_as=("g", 10))
    recorder.observe(ANSWERED, chat_type="group", conversation=("g", 10), continues_as=("g", 11))
    assert [item.fact_id for item in log.phrasing_evidence()] == ["summit_dates"]


def test_a_picked_suggestion_is_evidence_and_none_of_these_is_not(
    recorder: TrafficRecorder, log: GapsLog
) -> None:
    suggest = decided("what's the purpose", DecisionKind.SUGGEST, "sco_purpose", "summit_aims")
    first = recorder.observe(suggest, chat_type="private")
    second = recorder.observe(suggest, chat_type="private")
    assert first is not None and second is not None
    recorder.picked(first, "summit_aims")
    recorder.picked(second, None)
    assert log.phrasing_evidence() == [
        PhrasingEvidence("what's the purpose", "en", "summit_aims", PICKED)
    ]


def test_a_partial_answer_is_logged_as_a_gap(recorder: TrafficRecorder, log: GapsLog) -> None:
    partial = decided("what time does it open?", DecisionKind.PARTIAL, "summit_dates")
    assert recorder.observe(partial, chat_type="private") is not None
    assert [group.example for group in log.top_gaps()] == ["what time does it open?"]


def test_nothing_is_logged_or_kept_when_the_log_is_off(tmp_path: Path) -> None:
    recorder = TrafficRecorder(GapsLog(tmp_path / "gaps.sqlite3", enabled=False))
    assert recorder.observe(DECLINED, chat_type="private", conversation="c") is None
    recorder.observe(ANSWERED, chat_type="private", conversation="c")
    assert not (tmp_path / "gaps.sqlite3").exists()


async def test_on_the_event_loop_only_a_question_to_write_goes_to_a_thread(
    recorder: TrafficRecorder, log: GapsLog, monkeypatch: pytest.MonkeyPatch
) -> None:
    hops: list[str] = []
    to_thread = asyncio.to_thread

    async def counting(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        hops.append(args[0].decision.question)
        return await to_thread(function, *args, **kwargs)

    monkeypatch.setattr(asyncio, "to_thread", counting)
    for decision in (DECLINED, HELLO, ANSWERED, ANSWERED):  # a gap, its rephrasing, then none
        await recorder.observe_soon(decision, chat_type="private", conversation="chat 1")
    assert hops == [DECLINED.question, ANSWERED.question]
    assert log.phrasing_evidence() == [
        PhrasingEvidence("when do the talks wrap", "en", "summit_dates", REPHRASED)
    ]
