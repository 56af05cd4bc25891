"""Per-chat flood protection: a chat that asks too fast gets one notice, then silence a while.

Answers up to `max_questions` per sliding window; the first question over the limit gets a
polite notice, later ones nothing, until the window has room again. Memory is bounded: the chats
seen longest ago are forgotten first.
"""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from dataclasses import dataclass, field
from enum import StrEnum


class FloodVerdict(StrEnum):
    ALLOW = "allow"
    NOTICE = "notice"
    DROP = "drop"


@dataclass
class _ChatWindow:
    asked: deque[float] = field(default_factory=deque)
    noticed: bool = False


class FloodGuard:
    """Decides, per chat, whether to answer a question now."""

    def __init__(self, max_questions: int, window_seconds: float, max_chats: int = 50_000) -> None:
        self.max_questions = max_questions
        self.window_seconds = window_seconds
        self.max_chats = max_chats
        self._chats: OrderedDict[int, _ChatWindow] = OrderedDict()

    def check(self, chat_id: int, now: float | None = None) -> FloodVerdict:
        now = time.monotonic() if now is None else now
        window = self._chats.pop(chat_id, None) or _ChatWindow()
        self._chats[chat_id] = window  # most recently seen last
        while len(self._chats) > self.max_chats:
            self._chats.popitem(last=False)
        while window.asked and window.asked[0] <= now - self.window_seconds:
            window.asked.popleft()
        if len(window.asked) < self.max_questions:
            window.asked.append(now)
            window.noticed = False
            return FloodVerdict.ALLOW
        if window.noticed:
            return FloodVerdict.DROP
        window.noticed = True
        return FloodVerdict.NOTICE
