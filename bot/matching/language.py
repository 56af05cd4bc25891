"""Which language a question is in: its script, the user's hint, and Russian typed in Latin."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.knowledge import Lexicon

LANGUAGE_SAMPLE_CHARS = 1000  # enough letters to tell the script; bounded for huge messages
# a word with a letter in it: digits stand for letters in chats ("4to" is "что"), years do not
_LATIN_WORD = re.compile(r"[a-z0-9']*[a-z][a-z0-9']*")
_WORD = re.compile(r"\w+")
_ASCII_LETTER = re.compile(r"[A-Za-z]")
# "@SummitQABot где саммит": a bot's name or a command says nothing about the language
_MENTION = re.compile(r"(?<!\w)[@/][\w.]+")
WORD_START = "^"  # a translit key starting with this is another reading at a word's start
WORD_END = "$"  # ...and one ending with this, another reading at its end ("tsa" as "тся")


def has_cyrillic(text: str) -> bool:
    return any("\u0400" <= char <= "\u04ff" for char in text)


def detect_language(
    text: str, lexicons: dict[str, Lexicon], default: str, hint: str | None = None
) -> str:
    """The language whose script most of the letters are in; the user's language breaks ties,
    then the knowledge base's own language (`default`)."""
    text = without_mentions(text[:LANGUAGE_SAMPLE_CHARS])
    if text.isascii():  # the common case: no Cyrillic to count
        cyrillic, latin = 0, 1 if _ASCII_LETTER.search(text) else 0
    else:
        cyrillic, latin = _script_counts(text)
    return _language_for_script(cyrillic, latin, lexicons, default, hint)


def without_mentions(text: str) -> str:
    return _MENTION.sub(" ", text) if ("@" in text or "/" in text) else text


def _script_counts(text: str) -> tuple[int, int]:
    """Words in each script, the other script winning a tie: "когда summit?" is Russian with an
    English word in it (someone typing Cyrillic writes their own language), "is Путин coming?"
    English with a Russian name."""
    cyrillic = latin = 0
    for word in _WORD.findall(text):
        if has_cyrillic(word):
            cyrillic += 1
        elif word.isascii() and any(char.isalpha() for char in word):
            latin += 1
    return (cyrillic + 1, latin) if cyrillic == latin > 0 else (cyrillic, latin)


def _language_for_script(
    cyrillic: int, latin: int, lexicons: dict[str, Lexicon], default: str, hint: str | None
) -> str:
    script = "cyrillic" if cyrillic > latin else "latin" if latin > cyrillic else None
    candidates = [language for language, lexicon in lexicons.items() if lexicon.script == script]
    short_hint = hint.split("-")[0].lower() if hint else None
    if len(candidates) == 1:
        return candidates[0]
    if candidates:  # several languages share the script: the user's language decides
        if short_hint in candidates:
            return short_hint
        return default if default in candidates else candidates[0]
    if short_hint in lexicons:
        return short_hint
    return default


class Transliteration:
    """Reads a language typed in Latin letters ("kogda sammit") back into its own script.

    The letter table is the lexicon's data; longer letter groups are tried first ("shch" before
    "sh" before "s"). A key starting with "^" is another reading at the start of a word, taken
    when only it makes a known word ("eto" is "это", but "edut" stays "едут"); one ending with
    "$" is another reading at its end ("nachinaetsa" is "начинается", "litsa" stays "лица").
    Whether a message *is* transliterated is decided by which reading knows more of its words:
    the Latin language's or this one's.
    """

    def __init__(self, table: dict[str, str]) -> None:
        self._table = {
            key: value
            for key, value in table.items()
            if key[:1] != WORD_START and key[-1:] != WORD_END
        }
        self._starts = {key[1:]: value for key, value in table.items() if key[:1] == WORD_START}
        self._ends = {key[:-1]: value for key, value in table.items() if key[-1:] == WORD_END}
        self._longest = max((len(key) for key in self._table), default=0)

    def __bool__(self) -> bool:
        return bool(self._table)

    def word(self, latin: str, knows: Callable[[str], bool] | None = None) -> str:
        plain = self._letters(latin, 0)
        if knows is None or not (self._starts or self._ends) or knows(plain):
            return plain
        for start, letters in self._starts.items():
            if latin.startswith(start):
                other = letters + self._letters(latin, len(start))
                if knows(other):
                    return other
        for end, letters in self._ends.items():
            if latin.endswith(end) and len(latin) > len(end):
                other = self._letters(latin[: -len(end)], 0) + letters
                if knows(other):
                    return other
        return plain

    def _letters(self, latin: str, position: int) -> str:
        out: list[str] = []
        while position < len(latin):
            for size in range(min(self._longest, len(latin) - position), 0, -1):
                letters = self._table.get(latin[position : position + size])
                if letters is not None:
                    out.append(letters)
                    position += size
                    break
            else:
                out.append(latin[position])
                position += 1
        return "".join(out)

    def text(self, latin: str, knows: Callable[[str], bool] | None = None) -> str:
        return _LATIN_WORD.sub(lambda found: self.word(found.group(), knows), latin.lower())
