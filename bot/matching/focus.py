"""The part of a message that asks: chatter around a question must not count against it.

"we're recording a podcast tonight and my co-host bet me a coffee, so settle it: who represents
India?" asks "who represents India?". Short messages are read whole; in a long one the clauses
that end with a question mark win, then the last clause that opens with a question word.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from bot.tuning import FocusTuning

_CLAUSE_END = re.compile(r"(?<=[.!?;:…])\s+|\s*\n+\s*")
_COMMA = re.compile(r",\s+|\s+[-–—]\s+")
_WORD = re.compile(r"\w+")


def asking_part(text: str, question_words: Collection[str], tuning: FocusTuning) -> str:
    """The clause(s) of `text` that ask; `text` itself when it is short or nothing stands out."""
    if len(_WORD.findall(text)) < tuning.min_words:
        return text
    clauses = [
        clause
        for clause in _CLAUSE_END.split(text.strip())
        if len(_WORD.findall(clause)) >= tuning.min_clause_words
    ]
    asked = [clause for clause in clauses if clause.rstrip().endswith("?")]
    if asked:
        focus = " ".join(asked)
    else:
        opening = [clause for clause in clauses if _opens_with(clause, question_words)]
        focus = opening[-1] if opening else text
    if len(_WORD.findall(focus)) >= tuning.min_words:  # still long: try its comma parts
        parts = [
            part
            for part in _COMMA.split(focus)
            if len(_WORD.findall(part)) >= tuning.min_clause_words
            and _opens_with(part, question_words)
        ]
        if parts:  # the fullest part that asks, the last of equals ("..., how is it expected")
            focus = max(reversed(parts), key=lambda part: len(_WORD.findall(part)))
    return focus


def _opens_with(clause: str, question_words: Collection[str]) -> bool:
    words = _WORD.findall(clause.lower())
    return bool(words) and words[0] in question_words
