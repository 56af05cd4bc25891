"""A chat asking dozens of questions a second gets answers up to a limit, one notice, then quiet."""

from __future__ import annotations

from bot.flood import FloodGuard, FloodVerdict


def test_answers_up_to_the_limit_then_one_notice_then_silence() -> None:
    guard = FloodGuard(max_questions=3, window_seconds=10)
    verdicts = [guard.check(chat_id=7, now=0.1 * i) for i in range(6)]
    assert verdicts == [FloodVerdict.ALLOW] * 3 + [FloodVerdict.NOTICE] + [FloodVerdict.DROP] * 2


def test_the_window_frees_up_and_a_later_flood_gets_a_new_notice() -> None:
    guard = FloodGuard(max_questions=2, window_seconds=10)
    for i in range(4):
        guard.check(1, now=i)
    assert guard.check(1, now=10.5) is FloodVerdict.ALLOW
    assert guard.check(1, now=11.5) is FloodVerdict.ALLOW
    assert guard.check(1, now=11.6) is FloodVerdict.NOTICE


def test_one_flooding_chat_does_not_limit_another() -> None:
    guard = FloodGuard(max_questions=2, window_seconds=10)
    for _ in range(10):
        guard.check(1, now=0)
    assert guard.check(2, now=0) is FloodVerdict.ALLOW


def test_memory_is_bounded_by_forgetting_the_oldest_chats() -> None:
    guard = FloodGuard(max_questions=1, window_seconds=60, max_chats=100)
    for chat_id in range(1000):
        guard.check(chat_id, now=0)
    assert len(guard._chats) == 100
    assert guard.check(999, now=1) is FloodVerdict.NOTICE  # recent chats are remembered
    assert guard.check(0, now=1) is FloodVerdict.ALLOW  # long-forgotten ones start afresh
