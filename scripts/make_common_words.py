"""Regenerate knowledge/words.<lang>.txt: everyday words the typo corrector must leave alone.

A real word ("leaving", "grain") is never a typo of a knowledge-base word ("leading", "again"),
so the matcher only corrects words outside this list. Needs `pip install wordfreq` (dev only).
"""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

from wordfreq import top_n_list, zipf_frequency

MIN_ZIPF = 3.6  # roughly: appears at least a few times per million words
KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"


def fold(word: str) -> str:
    """The form the matcher reads words in: NFKC, casefold, ё as е, accents (and й's breve) off."""
    word = unicodedata.normalize("NFKC", word).casefold().replace("ё", "е")
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def main(languages: list[str]) -> None:
    for language in languages:
        words = sorted(
            {
                fold(word)
                for word in top_n_list(language, 60_000)
                if word.isalpha() and zipf_frequency(word, language) >= MIN_ZIPF
            }
        )
        path = KNOWLEDGE / f"words.{language}.txt"
        header = f"# everyday {language} words (wordfreq, zipf >= {MIN_ZIPF}); see scripts/\n"
        path.write_text(header + "\n".join(words) + "\n", encoding="utf-8")
        print(f"{path}: {len(words)} words")


if __name__ == "__main__":
    main(sys.argv[1:] or ["en", "ru"])
