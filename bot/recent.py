"""A bounded memory of recent things (answers, conversations, explanations), shared by every
surface: the bot runs for months, so what it remembers per message must never grow without end.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

Key = TypeVar("Key", bound=Hashable)
Value = TypeVar("Value")


class RecentMap(Generic[Key, Value]):
    """A mapping that forgets its oldest entries, so memory stays flat however long the bot runs."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._items: OrderedDict[Key, Value] = OrderedDict()

    def __setitem__(self, key: Key, value: Value) -> None:
        self._items[key] = value
        self._items.move_to_end(key)
        while len(self._items) > self.capacity:
            self._items.popitem(last=False)

    def get(self, key: Key) -> Value | None:
        return self._items.get(key)

    def pop(self, key: Key) -> Value | None:
        """Forget `key`, returning what it held (None when it held nothing)."""
        return self._items.pop(key, None)

    def clear(self) -> None:
        self._items.clear()

    def __len__(self) -> int:
        return len(self._items)
