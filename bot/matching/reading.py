"""Reading a question: normalised text, typo-corrected words, canonical tokens and entities.

A Reader knows one language and the knowledge base's vocabulary, but nothing about facts.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable
from typing import NamedTuple

import snowballstemmer
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot.knowledge import Entity, Lexicon

ENTITY_MARK = "@"
PERSON_TYPE = "person"  # the entity type `after_person` reads words after
SOUND_ALIKE_LETTERS = 5  # words with more are not sounded out: 2**5 spellings at most
SOUNDED_OUT_LENGTH = 5  # shorter words sound like too many others ("ват" is not "вот")
SHORT_TYPO_LENGTH = 6  # up to this long, a typo is one letter longer or shorter at most


class Reading(NamedTuple):
    """A question as the matcher sees it (a NamedTuple: made for every question read, in a
    quarter of the time a frozen dataclass takes)."""

    text: str
    words: tuple[str, ...]  # normalised, typo-corrected, no filler; stopwords kept: frames read it
    fuzzy_key: str
    tokens: tuple[str, ...]
    entities: tuple[str, ...]
    everyday: frozenset[str] = frozenset()  # tokens from everyday words (weak evidence)
    mentions: tuple[Mention, ...] = ()  # where in `words` each entity is named
    said: tuple[str, ...] = ()  # `words` with the filler ("is it true that"): yes/no and scope
    offered: tuple[str, ...] = ()  # entities offered as a choice ("Astana or Tashkent?")


class Mention(NamedTuple):
    """An entity named by `words[start:end]`: what a follow-up ("and Iran?") replaces (one
    per name in every question read: a tuple is cheaper to build than a frozen dataclass)."""

    start: int
    end: int
    entity_id: str


_MENTION = re.compile(r"(?<!\w)[@/][\w.]+")
_URL = re.compile(r"https?://\S+|www\.\S+")
_WORD = re.compile(r"[^\W_]+")  # letters and digits: what is left between punctuation and spaces
_ORDINAL = re.compile(r"(\d)(?:st|nd|rd|th)\b")
_DOTTED_ACRONYM = re.compile(r"(?<!\w)(?:\w\.){2,}")  # "s.c.o." -> "sco", "u.n." -> "un"
_DIGIT = re.compile(r"\d")


def strip_accents(text: str) -> str:
    # filterfalse keeps the characters whose combining class is 0, without a Python loop
    return "".join(itertools.filterfalse(unicodedata.combining, unicodedata.normalize("NFD", text)))


def _longest_from(phrases: dict[tuple[str, ...], tuple[str, str]]) -> dict[str, int]:
    longest: dict[str, int] = {}
    for words in phrases:
        longest[words[0]] = max(longest.get(words[0], 0), len(words))
    return longest


class Reader:
    """Reads text in one language into canonical tokens; knows nothing about facts."""

    def __init__(
        self,
        lexicon: Lexicon,
        entities: Iterable[Entity],
        max_chars: int,
        common_words: frozenset[str] = frozenset(),
        reporting: Iterable[str] = (),
    ) -> None:
        self.language = lexicon.language
        self._common_words = common_words
        self.max_chars = max_chars
        self._letter_folds = str.maketrans(lexicon.letter_folds)
        self._sound_alike = dict(lexicon.sound_alike)
        self._sound_alike_endings = {
            ending: tuple(spellings) for ending, spellings in lexicon.sound_alike_endings.items()
        }
        self._contractions = dict(lexicon.contractions)
        longest_first = sorted(self._contractions, key=len, reverse=True)
        self._contraction = (
            re.compile("(?:" + "|".join(map(re.escape, longest_first)) + r")(?!\w)")
            if longest_first
            else None
        )
        self._stemmer_name = lexicon.stemmer
        self._stemmer = snowballstemmer.stemmer(lexicon.stemmer)
        self._stopwords = {self.normalise(word) for word in lexicon.stopwords}
        self._vocabulary: set[str] = set(self._stopwords)
        self._entities = {entity.id: entity for entity in entities}
        self._stems: dict[str, str] = {}
        # Phrases (as word tuples; longer ones also as stems) -> what they become: an entity,
        # a canonical word, or nothing. Their words are what typos are corrected towards.
        self._phrases: dict[tuple[str, ...], tuple[str, str]] = {}
        self._stem_phrases: dict[tuple[str, ...], tuple[str, str]] = {}
        for filler in lexicon.fillers:
            self._add_phrase(filler, ("drop", ""))
        for canonical, variants in lexicon.synonyms.items():
            # The canonical word too: a concept the lexicon names is never "just an everyday
            # word", so "which *airport*?" counts against a fact that doesn't know airports.
            for variant in (canonical, *variants):
                self._add_phrase(variant, ("word", self.normalise(canonical)))
        for entity in self._entities.values():
            # names turn up in any language, in either script ("is Путин coming?")
            for alias in (entity.name, *entity.aliases):
                self._add_phrase(alias, ("entity", entity.id))
        self._add_spelling_variants(lexicon.synonyms)
        # The longest phrase starting with each word (or stem): most words start none.
        self._phrase_starts = _longest_from(self._phrases)
        self._stem_phrase_starts = _longest_from(self._stem_phrases)
        self._after_person = {
            self.normalise(word): self.normalise(canonical)
            for word, canonical in lexicon.after_person.items()
        }
        self._auxiliaries = frozenset(self.normalise(word) for word in lexicon.auxiliaries)
        self._subject_pronouns = frozenset(
            self.normalise(word) for word in lexicon.subject_pronouns
        )
        self._complementizers = frozenset(self.normalise(word) for word in lexicon.complementizers)
        self._reporting = frozenset(self.normalise(word) for word in reporting) - (
            self._complementizers
        )
        self._vocabulary_list: list[str] = sorted(self._vocabulary)
        self._corrections: dict[str, str] = {}

    def __getstate__(self) -> dict[str, object]:
        """Pickled without its stemmer (a C object): rebuilt from its name when read back."""
        state = dict(self.__dict__)
        state["_stemmer"] = None
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._stemmer = snowballstemmer.stemmer(self._stemmer_name)

    def _add_phrase(self, phrase: str, meaning: tuple[str, str]) -> None:
        words = self.normalise(phrase).split()
        if words:
            self._vocabulary.update(words)
            self._phrases.setdefault(tuple(words), meaning)
            if len(words) > 1:  # "shows up" meets "show up"; single words keep their sense
                self._stem_phrases.setdefault(tuple(self.stem(word) for word in words), meaning)

    def _add_spelling_variants(self, synonyms: dict[str, list[str]]) -> None:
        """A phrase also stands with its words spelt as people type them: "что такое" is
        "чо такое" too, as "чо" is a synonym of "что" a letter or two away from it."""
        spellings: dict[str, list[str]] = {}
        for canonical, variants in synonyms.items():
            word = self.normalise(canonical)
            if " " not in word:
                for variant in variants:
                    spelt = self.normalise(variant)
                    # a respelling, not another word for it ("talks" for "meet")
                    if spelt and " " not in spelt and 0 < OSA.distance(spelt, word) <= 2:
                        spellings.setdefault(word, []).append(spelt)
        for words, meaning in list(self._phrases.items()):
            if len(words) < 2:
                continue
            for position, word in enumerate(words):  # one word respelt at a time: bounded
                for spelt in spellings.get(word, ()):
                    self._add_phrase(
                        " ".join((*words[:position], spelt, *words[position + 1 :])), meaning
                    )

    def learn(self, texts: Iterable[str]) -> None:
        """Add the knowledge base's own words to the vocabulary typos are corrected against."""
        for text in texts:
            self._vocabulary.update(self.normalise(text).split())
        self._vocabulary_list = sorted(self._vocabulary)
        self._corrections.clear()

    def _auxiliary_before(self, words: list[str], start: int) -> bool:
        """Whether an auxiliary comes before `words[start]`, past grammar words ("is *the*
        Turkish president meeting Putin?")."""
        while start > 0 and words[start - 1] in self._stopwords:
            start -= 1
            if words[start] in self._auxiliaries:
                return True
        return False

    def is_stopword(self, word: str) -> bool:
        return word in self._stopwords

    def knows(self, word: str) -> bool:
        """Whether `word` (lower case) is a word of this language the reader has seen."""
        return word in self._vocabulary or word in self._common_words

    def normalise(self, text: str, limit: int | None = None) -> str:
        """Case, Unicode, accents, mentions, contractions and punctuation folded.

        A question is capped at `limit` characters before (bounded work) and after NFKC, which
        can expand one character to 18; the knowledge base's own phrases are not capped.
        """
        text = text[:limit]
        if text.isascii():  # already NFKC, no accents or letters to fold: the common case
            text = text.lower()
        else:
            text = unicodedata.normalize("NFKC", text).casefold()[:limit]
            text = strip_accents(text.translate(self._letter_folds))
            text = text.replace("’", "'")
        # each pattern only where it can match: most questions have no link, mention or digit
        if "://" in text or "www." in text:
            text = _URL.sub(" ", text)
        if "@" in text or "/" in text:
            text = _MENTION.sub(" ", text)
        text = text.replace("`", "'")
        if _DIGIT.search(text):
            text = _ORDINAL.sub(r"\1", text)
        if "." in text:
            text = _DOTTED_ACRONYM.sub(lambda found: found.group().replace(".", "") + " ", text)
        if self._contraction is not None and "'" in text:  # only at word ends: "'sco'" stays
            text = self._contraction.sub(lambda found: self._contractions[found.group()], text)
        # the words between punctuation and spaces (and underscores), one space apart
        return " ".join(_WORD.findall(text))

    def is_auxiliary(self, word: str) -> bool:
        """Whether `word` (as read) is one of the lexicon's auxiliaries ("is", "will")."""
        return word in self._auxiliaries

    def correct(self, word: str) -> str:
        """The vocabulary word a typo most likely meant, or the word itself."""
        if (
            word in self._vocabulary
            or word in self._common_words  # a real word is not a typo of another one
            or len(word) < 3
            or not word.isalpha()
        ):
            return word
        cached = self._corrections.get(word)
        if cached is None:
            cached = self._sounded_out(word)
        if cached is None:
            cutoff = 85.0 if len(word) <= 3 else 80.0 if len(word) == 4 else 75.0
            # two letters swapped is the likeliest slip ("кгода" is "когда", not "года")
            best = self._transposition_of(word) or self._closest(word, cutoff)
            cached = best[0] if best else word
            if len(self._corrections) < 100_000:
                self._corrections[word] = cached
        return cached

    def _closest(self, word: str, cutoff: float) -> tuple[str, float, int] | None:
        """The vocabulary word closest to `word`; a short word is not a typo of one two or
        more letters longer or shorter ("mody" is not "monday", "glued" is not "led"), unless
        it is that word cut short ("kreml")."""
        if len(word) > SHORT_TYPO_LENGTH:
            # nor is a word a typo of one three letters shorter ("переведи" is not "перед"),
            # but for the ending it adds ("boycotting" is "boycott")
            found = [
                match
                for match in process.extract(
                    word, self._vocabulary_list, scorer=fuzz.ratio, score_cutoff=cutoff, limit=3
                )
                if len(word) - len(match[0]) < 3 or word.startswith(match[0])
            ]
            if not found:
                return None
            return _likeliest(word, found)
        near = [
            found
            for found in process.extract(
                word, self._vocabulary_list, scorer=fuzz.ratio, score_cutoff=cutoff, limit=5
            )
            if abs(len(found[0]) - len(word)) <= 1 or (len(word) > 4 and found[0].startswith(word))
        ]
        return _likeliest(word, near) if near else None

    def _sounded_out(self, word: str) -> str | None:
        """The known word `word` is written as it sounds ("аснавал" -> "основал"): some of its
        sound-alike letters swapped back, fewest first; few words have more than a handful."""
        for ending, spellings in self._sound_alike_endings.items():
            if word.endswith(ending) and len(word) > len(ending) + 2:
                for spelt in spellings:  # "начинаеца" -> "начинается"
                    candidate = word[: -len(ending)] + spelt
                    if candidate in self._vocabulary or candidate in self._common_words:
                        return candidate
        positions = [i for i, letter in enumerate(word) if letter in self._sound_alike]
        if not positions or len(positions) > SOUND_ALIKE_LETTERS or len(word) < SOUNDED_OUT_LENGTH:
            return None
        for count in range(1, len(positions) + 1):
            for chosen in itertools.combinations(positions, count):
                letters = list(word)
                for i in chosen:
                    letters[i] = self._sound_alike[letters[i]]
                candidate = "".join(letters)
                if candidate in self._vocabulary:
                    return candidate
        return None

    def _transposition_of(self, word: str) -> tuple[str, float, int] | None:
        """A vocabulary word that is `word` with two neighbouring letters swapped ("teh")."""
        letters = sorted(word)
        for candidate, distance, position in process.extract(
            word, self._vocabulary_list, scorer=OSA.distance, score_cutoff=1, limit=5
        ):
            if len(candidate) == len(word) and sorted(candidate) == letters:
                return candidate, distance, position
        return None

    def stem(self, word: str) -> str:
        stem = self._stems.get(word)
        if stem is None:
            stem = self._stemmer.stemWord(word)
            if len(self._stems) < 100_000:
                self._stems[word] = stem
        return stem

    def read(self, text: str) -> Reading:
        """Canonical tokens (entity ids marked with @) and the key fuzzy matching compares."""
        normalised = self.normalise(text, self.max_chars)
        # most words are known and their stems kept: looked up here, without a call per word
        vocabulary, stems_known = self._vocabulary, self._stems
        words = [word if word in vocabulary else self.correct(word) for word in normalised.split()]
        stems = [stems_known.get(word) or self.stem(word) for word in words]
        tokens: list[str] = []
        fuzzy: list[str] = []
        entities: list[str] = []
        kept: list[str] = []  # the words without filler phrases: what frames and follow-ups read
        mentions: list[Mention] = []
        everyday: set[str] = set()
        # the tables the loop reads for every word, as locals
        phrases, phrase_starts = self._phrases, self._phrase_starts
        stem_phrases, stem_phrase_starts = self._stem_phrases, self._stem_phrase_starts
        stopwords, common_words = self._stopwords, self._common_words
        after_person, auxiliaries = self._after_person, self._auxiliaries
        subject_pronouns = self._subject_pronouns
        complementizers, reporting = self._complementizers, self._reporting
        after_a_person = False  # the last words read named a person after an auxiliary
        someone = False  # the last words read named a person or were a subject pronoun ("he")
        index = 0
        while index < len(words):
            longest = max(
                phrase_starts.get(words[index], 0), stem_phrase_starts.get(stems[index], 0)
            )
            for size in range(min(longest, len(words) - index), 0, -1):
                meaning = phrases.get(tuple(words[index : index + size]))
                if meaning is None and size > 1:
                    meaning = stem_phrases.get(tuple(stems[index : index + size]))
                if meaning is not None:
                    break
            else:
                size, meaning = 1, None
            index += size
            if after_a_person and size == 1 and words[index - 1] in after_person:
                meaning = ("word", after_person[words[index - 1]])  # "is putin meeting xi"
            named = (
                meaning is not None
                and meaning[0] == "entity"
                and self._entities[meaning[1]].type == PERSON_TYPE
            )
            pronoun = size == 1 and words[index - 1] in subject_pronouns
            after_a_person = (
                (named and self._auxiliary_before(words, index - size))
                or pronoun  # "who's he meeting?" ("'s" is dropped before this)
                # "he is", "is Erdogan going to see": auxiliaries one after another
                or ((someone or after_a_person) and size == 1 and words[index - 1] in auxiliaries)
            )
            someone = named or pronoun
            if meaning is None or meaning[0] != "drop":
                kept.extend(words[index - size : index])
            if (
                size == 1
                and index > 1
                and words[index - 1] in complementizers
                and words[index - 2] in reporting
            ):
                continue  # "кто сказал, что ...": the report's "that", no question word
            if meaning is None:
                if words[index - 1] in stopwords:
                    continue
                token = stems[index - 1]
                if words[index - 1] in common_words:
                    everyday.add(token)
                tokens.append(token)
                fuzzy.append(token)
            elif meaning[0] == "entity":
                entity = self._entities[meaning[1]]
                mentions.append(Mention(len(kept) - size, len(kept), entity.id))
                tokens.append(ENTITY_MARK + entity.id)
                fuzzy.append(ENTITY_MARK + (entity.id if entity.ambient else entity.type))
                if entity.id not in entities:
                    entities.append(entity.id)
            elif meaning[0] == "word":
                for word in meaning[1].split():
                    token = self.stem(word)
                    tokens.append(token)
                    fuzzy.append(token)
        return Reading(
            text=normalised,
            words=tuple(kept),
            said=tuple(words),
            fuzzy_key=" ".join(sorted(set(fuzzy))),
            tokens=tuple(tokens),
            entities=tuple(entities),
            everyday=frozenset(everyday),
            mentions=tuple(mentions),
        )


_VOWELS = frozenset("aeiouyаеёиоуыэюя")


def _likeliest(word: str, found: list[tuple[str, float, int]]) -> tuple[str, float, int]:
    """Of the words as close to `word` as the closest, the likeliest meant: the one with the same
    consonants (a vowel is the likelier slip: "meating" is "meeting", not "meaning"), then the one
    starting with the same letter (the first is seldom the one mistyped: "ther" is "there" or
    "their", not "other")."""
    best = found[0][1]
    skeleton, first = _consonants(word), word[:1]
    tied = [f for f in found if f[1] == best]
    return max(tied, key=lambda f: (_consonants(f[0]) == skeleton, f[0][:1] == first))


def _consonants(word: str) -> str:
    """A word's consonants in order: what a misspelt vowel leaves as it was."""
    return "".join(letter for letter in word if letter not in _VOWELS)
