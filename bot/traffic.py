"""What every surface tells the gaps log after a question: declines, partial answers and
did-you-means, the suggestion then picked, and which fact a declined question was rephrased into.

How a rephrasing is linked without storing who asked: each surface names the conversation a
message belongs to (a private chat, a group's reply thread, the console, one `ask
--conversation` stream). The declined questions of a conversation are kept in memory only, for
REPHRASE_WINDOW_SECONDS; when the conversation's next answered question gets a fact that was
among a declined question's candidates, that fact id is written on the declined question's row.
The database never sees a chat, a thread or a user: only the question, and the fact it led to.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from bot.gaps import MAX_STORED_CANDIDATES, GapsLog
from bot.matching import Decision, DecisionKind
from bot.recent import RecentMap

# A question answered this soon after a decline, in the same conversation, rephrases it.
REPHRASE_WINDOW_SECONDS = 120.0
MAX_PENDING = 3  # declined questions one conversation may still rephrase
REMEMBERED_CONVERSATIONS = 10_000  # conversations with declines pending, across all chats
LOGGED_KINDS = frozenset({DecisionKind.DECLINE, DecisionKind.PARTIAL, DecisionKind.SUGGEST})


@dataclass(frozen=True)
class _Pending:
    gap_id: int
    candidates: frozenset[str]  # the facts the matcher considered: what a rephrasing may get
    at: float


@dataclass(frozen=True)
class _Note:
    """What one decision does to the log: a gap to record (and keep pending in `continues_as`),
    or the earlier declines it `rephrased`."""

    decision: Decision
    pending: list[_Pending]
    continues_as: Hashable | None
    rephrased: tuple[int, ...] = ()

    @property
    def writes(self) -> bool:
        return self.decision.kind in LOGGED_KINDS or bool(self.rephrased)


class TrafficRecorder:
    """Feeds one GapsLog from any surface; safe to call from several threads at once."""

    def __init__(
        self,
        log: GapsLog,
        *,
        window_seconds: float = REPHRASE_WINDOW_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.log = log
        self._window = window_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._pending: RecentMap[Hashable, list[_Pending]] = RecentMap(REMEMBERED_CONVERSATIONS)

    @property
    def enabled(self) -> bool:
        return self.log.enabled

    def observe(
        self,
        decision: Decision | None,
        *,
        chat_type: str,
        conversation: Hashable | None = None,
        continues_as: Hashable | None = None,
    ) -> int | None:
        """Log one decided question; its gap row id when it was logged as a gap.

        `conversation` is the one the question continues (None: it starts one), `continues_as`
        the one the next message continues after this reply (default: the same). May wait on
        SQLite: on an event loop, use `observe_soon`.
        """
        return self._write(self._note(decision, conversation, continues_as), chat_type)

    async def observe_soon(
        self,
        decision: Decision | None,
        *,
        chat_type: str,
        conversation: Hashable | None = None,
        continues_as: Hashable | None = None,
    ) -> int | None:
        """`observe` for the event loop: the bookkeeping is done here, and only a question that
        is written (a gap, a rephrasing: about one reply in five) waits for SQLite, in a worker
        thread. A thread hop for every reply cost the bot more CPU than its matching did."""
        note = self._note(decision, conversation, continues_as)
        if note is None or not note.writes:
            return self._write(note, chat_type)
        return await asyncio.to_thread(self._write, note, chat_type)

    def _note(
        self,
        decision: Decision | None,
        conversation: Hashable | None,
        continues_as: Hashable | None,
    ) -> _Note | None:
        """What `decision` means for the conversation's pending declines (in memory only)."""
        if not self.log.enabled:
            return None
        continues_as = conversation if continues_as is None else continues_as
        pending = self._take(conversation)
        if decision is not None and decision.kind in LOGGED_KINDS:
            return _Note(decision, pending, continues_as)
        if decision is not None and decision.kind is DecisionKind.ANSWER and decision.fact_id:
            fact_id = decision.fact_id
            rephrased = tuple(item.gap_id for item in pending if fact_id in item.candidates)
            return _Note(decision, [], None, rephrased)  # the declines are settled
        self._keep(continues_as, pending)  # small talk, a source follow-up: still pending
        return None

    def _write(self, note: _Note | None, chat_type: str) -> int | None:
        """Write what `note` says to the log; the gap row id when a gap was logged."""
        if note is None:
            return None
        decision = note.decision
        if decision.kind not in LOGGED_KINDS:
            if note.rephrased and decision.fact_id:
                self.log.record_rephrase(note.rephrased, decision.fact_id)
            return None
        candidates = [(m.fact_id, m.score) for m in decision.ranking[:MAX_STORED_CANDIDATES]]
        gap_id = self.log.record(
            decision.question,
            chat_type=chat_type,
            kind=decision.kind.value,
            language=decision.language,
            candidates=candidates,
        )
        pending = note.pending
        if gap_id is not None:
            fact_ids = frozenset(fact_id for fact_id, _ in candidates)
            pending = [*pending, _Pending(gap_id, fact_ids, self._clock())][-MAX_PENDING:]
        self._keep(note.continues_as, pending)
        return gap_id

    def picked(self, gap_id: int, fact_id: str | None) -> None:
        """The user chose `fact_id` among a did-you-mean's suggestions (None: none of these)."""
        self.log.record_choice(gap_id, fact_id)

    def _take(self, conversation: Hashable | None) -> list[_Pending]:
        """The conversation's declined questions still in the window, forgotten here."""
        if conversation is None:
            return []
        with self._lock:
            pending = self._pending.pop(conversation) or []
        oldest = self._clock() - self._window
        return [item for item in pending if item.at >= oldest]

    def _keep(self, conversation: Hashable | None, pending: list[_Pending]) -> None:
        if conversation is None or not pending:
            return
        with self._lock:
            self._pending[conversation] = pending
