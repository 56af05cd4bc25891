"""From a question to a decision: normalise, score every fact, then answer, suggest or decline.

The matcher is pure: built once from the knowledge base, no I/O, no Telegram, no globals. Each
question is read into canonical tokens (typos corrected against the knowledge base's own
vocabulary, synonyms folded, entities recognised), then every fact is scored in a few vectorised
calls: rapidfuzz `cdist` over the example questions and a weighted keyword coverage (how much of
the question a fact explains). A question naming something a fact is not about — another summit,
another country's leader — does not get that fact.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import snowballstemmer
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot.knowledge import DEFAULT_LANGUAGE, Entity, Fact, KnowledgeBase, Lexicon

ENTITY_MARK = "@"
LANGUAGE_SAMPLE_CHARS = 1000  # enough letters to tell the script; bounded for huge messages


class DecisionKind(StrEnum):
    ANSWER = "answer"
    SUGGEST = "suggest"
    DECLINE = "decline"
    SMALLTALK = "smalltalk"
    EMPTY = "empty"


@dataclass(frozen=True)
class Thresholds:
    """When to answer, suggest or decline; the values come from Settings."""

    answer: float = 0.65
    suggest: float = 0.45
    margin: float = 0.03
    max_chars: int = 300


@dataclass(frozen=True)
class ScoringWeights:
    """How the signals combine; tuned on the dev set, kept here because they are not knobs."""

    fuzzy: float = 0.45
    coverage: float = 0.55
    foreign_entity_penalty: float = 0.35
    list_member_share: float = 0.75
    short_word_length: int = 3
    short_unknown_factor: float = 0.3
    # Words no fact knows dilute a question's coverage: a rare one ("BRICS", "Tokayev") is
    # what the question is about, an everyday one ("bus", "dinner") is more likely chatter.
    everyday_unknown_factor: float = 0.5
    unknown_cap: float = 2.0  # in units of the rarest known word's weight
    long_question: int = 5
    long_question_leniency: float = 0.7
    smalltalk_cutoff: float = 86.0
    max_suggestions: int = 3
    suggestion_window: float = 0.2


@dataclass(frozen=True)
class FactMatch:
    fact_id: str
    score: float


@dataclass(frozen=True)
class Decision:
    """What to do with one question, with everything the reply layer needs to explain it."""

    question: str
    language: str
    kind: DecisionKind
    fact_id: str | None
    confidence: float
    ranking: tuple[FactMatch, ...]
    suggestions: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    unknown_entities: tuple[str, ...] = ()
    list_members: tuple[str, ...] = ()
    list_non_members: tuple[str, ...] = ()
    smalltalk_id: str | None = None


@dataclass(frozen=True)
class Reading:
    """A question as the matcher sees it."""

    text: str
    fuzzy_key: str
    tokens: tuple[str, ...]
    entities: tuple[str, ...]
    everyday: frozenset[str] = frozenset()  # tokens from everyday words (weak evidence)


_MENTION = re.compile(r"(?<!\w)[@/][\w.]+")
_URL = re.compile(r"https?://\S+|www\.\S+")
_NON_WORD = re.compile(r"[^\w]+|_")
_ORDINAL = re.compile(r"(\d)(?:st|nd|rd|th)\b")
_DOTTED_ACRONYM = re.compile(r"(?<!\w)(?:\w\.){2,}")  # "s.c.o." -> "sco", "u.n." -> "un"
_SPACES = re.compile(r"\s+")


def detect_language(text: str, lexicons: dict[str, Lexicon], hint: str | None = None) -> str:
    """The language whose script most of the letters are in; the user's language breaks ties."""
    text = text[:LANGUAGE_SAMPLE_CHARS]
    cyrillic = sum(1 for char in text if _has_cyrillic(char))
    latin = sum(1 for char in text if char.isascii() and char.isalpha())
    script = "cyrillic" if cyrillic > latin else "latin" if latin > cyrillic else None
    candidates = [language for language, lexicon in lexicons.items() if lexicon.script == script]
    short_hint = hint.split("-")[0].lower() if hint else None
    if len(candidates) == 1:
        return candidates[0]
    if candidates:  # several languages share the script: the user's language decides
        if short_hint in candidates:
            return short_hint
        return DEFAULT_LANGUAGE if DEFAULT_LANGUAGE in candidates else candidates[0]
    if short_hint in lexicons:
        return short_hint
    return DEFAULT_LANGUAGE


def _has_cyrillic(text: str) -> bool:
    return any("\u0400" <= char <= "\u04ff" for char in text)


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


class Reader:
    """Reads text in one language into canonical tokens; knows nothing about facts."""

    def __init__(
        self,
        lexicon: Lexicon,
        entities: Iterable[Entity],
        max_chars: int,
        common_words: frozenset[str] = frozenset(),
    ) -> None:
        self.language = lexicon.language
        self._common_words = common_words
        self.max_chars = max_chars
        self._letter_folds = str.maketrans(lexicon.letter_folds)
        self._contractions = dict(lexicon.contractions)
        longest_first = sorted(self._contractions, key=len, reverse=True)
        self._contraction = (
            re.compile("(?:" + "|".join(map(re.escape, longest_first)) + r")(?!\w)")
            if longest_first
            else None
        )
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
            for variant in variants:
                self._add_phrase(variant, ("word", self.normalise(canonical)))
        for entity in self._entities.values():
            for alias in (entity.name, *entity.aliases):
                # Latin names turn up in any language; other scripts only in their own.
                if lexicon.script == "latin" and _has_cyrillic(alias):
                    continue
                self._add_phrase(alias, ("entity", entity.id))
        self._longest_phrase = max((len(words) for words in self._phrases), default=1)
        self._vocabulary_list: list[str] = sorted(self._vocabulary)
        self._corrections: dict[str, str] = {}

    def _add_phrase(self, phrase: str, meaning: tuple[str, str]) -> None:
        words = self.normalise(phrase).split()
        if words:
            self._vocabulary.update(words)
            self._phrases.setdefault(tuple(words), meaning)
            if len(words) > 1:  # "shows up" meets "show up"; single words keep their sense
                self._stem_phrases.setdefault(tuple(self.stem(word) for word in words), meaning)

    def learn(self, texts: Iterable[str]) -> None:
        """Add the knowledge base's own words to the vocabulary typos are corrected against."""
        for text in texts:
            self._vocabulary.update(self.normalise(text).split())
        self._vocabulary_list = sorted(self._vocabulary)
        self._corrections.clear()

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
        text = _URL.sub(" ", text)
        text = _MENTION.sub(" ", text).replace("`", "'")
        if any(char.isdigit() for char in text):
            text = _ORDINAL.sub(r"\1", text)
        if "." in text:
            text = _DOTTED_ACRONYM.sub(lambda found: found.group().replace(".", "") + " ", text)
        if self._contraction is not None and "'" in text:  # only at word ends: "'sco'" stays
            text = self._contraction.sub(lambda found: self._contractions[found.group()], text)
        return _SPACES.sub(" ", _NON_WORD.sub(" ", text)).strip()

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
            cutoff = 85.0 if len(word) <= 3 else 80.0 if len(word) == 4 else 75.0
            best = process.extractOne(
                word, self._vocabulary_list, scorer=fuzz.ratio, score_cutoff=cutoff
            ) or self._transposition_of(word)
            cached = best[0] if best else word
            if len(self._corrections) < 100_000:
                self._corrections[word] = cached
        return cached

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
        words = [self.correct(word) for word in normalised.split()]
        stems = [self.stem(word) for word in words]
        tokens: list[str] = []
        fuzzy: list[str] = []
        entities: list[str] = []
        everyday: set[str] = set()
        index = 0
        while index < len(words):
            for size in range(min(self._longest_phrase, len(words) - index), 0, -1):
                meaning = self._phrases.get(tuple(words[index : index + size]))
                if meaning is None and size > 1:
                    meaning = self._stem_phrases.get(tuple(stems[index : index + size]))
                if meaning is not None:
                    break
            else:
                size, meaning = 1, None
            index += size
            if meaning is None:
                if words[index - 1] in self._stopwords:
                    continue
                token = stems[index - 1]
                if words[index - 1] in self._common_words:
                    everyday.add(token)
                tokens.append(token)
                fuzzy.append(token)
            elif meaning[0] == "entity":
                entity = self._entities[meaning[1]]
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
            fuzzy_key=" ".join(sorted(set(fuzzy))),
            tokens=tuple(tokens),
            entities=tuple(entities),
            everyday=frozenset(everyday),
        )


@dataclass
class _LanguageIndex:
    """Everything needed to score one language's questions against every fact."""

    reader: Reader
    example_keys: list[str]
    example_offsets: np.ndarray
    token_ids: dict[str, int]
    token_weights: np.ndarray
    unknown_weight: float
    fact_tokens: np.ndarray  # facts x tokens, 1 where the fact knows the token
    smalltalk_keys: list[str]
    smalltalk_ids: list[str]
    examples: list[tuple[str, str, Reading]]  # (fact id, example question, its reading)


@dataclass(frozen=True)
class MisleadingExample:
    """An example question that another fact matches better than its own."""

    fact_id: str
    question: str
    language: str
    better_fact_id: str


class Matcher:
    """Scores questions against every fact; built once from the knowledge base, then reused."""

    def __init__(
        self,
        knowledge: KnowledgeBase,
        thresholds: Thresholds | None = None,
        weights: ScoringWeights | None = None,
    ) -> None:
        self.knowledge = knowledge
        self.thresholds = thresholds or Thresholds()
        self.weights = weights or ScoringWeights()
        self.facts: tuple[Fact, ...] = knowledge.facts
        self.fact_ids = [fact.id for fact in self.facts]
        entity_list = list(knowledge.entities.values())
        self._entity_index = {entity.id: i for i, entity in enumerate(entity_list)}
        self._entities = knowledge.entities
        # compatible[f, e]: fact f may answer a question naming entity e.
        compatible = np.zeros((len(self.facts), len(entity_list)), dtype=np.float32)
        for row, fact in enumerate(self.facts):
            for entity in entity_list:
                if (
                    entity.ambient
                    or entity.id in fact.entities
                    or (fact.listing and entity.type == fact.listing.entity_type)
                ):
                    compatible[row, self._entity_index[entity.id]] = 1.0
        self._incompatible = 1.0 - compatible
        self._ambient_tokens = {ENTITY_MARK + e.id for e in entity_list if e.ambient}
        self._indexes = {
            language: self._build_index(lexicon) for language, lexicon in knowledge.lexicons.items()
        }

    def _build_index(self, lexicon: Lexicon) -> _LanguageIndex:
        language = lexicon.language
        reader = Reader(
            lexicon,
            self.knowledge.entities.values(),
            self.thresholds.max_chars,
            self.knowledge.common_words.get(language, frozenset()),
        )
        texts = [fact.text(language) for fact in self.facts]
        reader.learn(
            phrase for text in texts for phrase in (text.title, *text.questions, *text.keywords)
        )
        example_keys: list[str] = []
        examples: list[tuple[str, str, Reading]] = []
        offsets: list[int] = []
        fact_token_strengths: list[dict[str, float]] = []
        for fact, text in zip(self.facts, texts, strict=True):
            offsets.append(len(example_keys))
            # A token the curator named (keyword, entity) fully belongs to the fact; one that
            # only turns up in some example questions belongs to it as much as it is typical.
            strengths: dict[str, float] = {}
            questions = (text.title, *text.questions)
            for position, question in enumerate(questions):
                reading = reader.read(question)
                example_keys.append(reading.fuzzy_key)
                if position:  # the title is a label, not an example question
                    examples.append((fact.id, question, reading))
                for token in set(reading.tokens):
                    strengths[token] = strengths.get(token, 0.0) + 1.0 / len(questions)
            strengths = {token: 0.5 + 0.5 * share for token, share in strengths.items()}
            for keyword in text.keywords:
                strengths.update(dict.fromkeys(reader.read(keyword).tokens, 1.0))
            strengths.update(dict.fromkeys((ENTITY_MARK + e for e in fact.entities), 1.0))
            fact_token_strengths.append(strengths)
        all_entities = {ENTITY_MARK + entity_id for entity_id in self.knowledge.entities}
        vocabulary = sorted(set().union(all_entities, *fact_token_strengths))
        token_ids = {token: i for i, token in enumerate(vocabulary)}
        fact_tokens = np.zeros((len(self.facts), len(vocabulary)), dtype=np.float32)
        for row, strengths in enumerate(fact_token_strengths):
            for token, strength in strengths.items():
                fact_tokens[row, token_ids[token]] = strength
        document_frequency = np.maximum((fact_tokens > 0).sum(axis=0), 1)
        # A list fact explains part of a question about any entity of its type ("is Japan
        # attending?"), but less than a fact that is about that entity.
        for row, fact in enumerate(self.facts):
            if fact.listing:
                for entity in self.knowledge.entities.values():
                    column = token_ids.get(ENTITY_MARK + entity.id)
                    if entity.type == fact.listing.entity_type and column is not None:
                        fact_tokens[row, column] = max(
                            fact_tokens[row, column], self.weights.list_member_share
                        )
        token_weights = np.log1p(len(self.facts) / document_frequency).astype(np.float32)
        messages = self.knowledge.messages_for(language)
        smalltalk_keys, smalltalk_ids = [], []
        for intent in messages.smalltalk:
            for example in intent.examples:
                smalltalk_keys.append(reader.normalise(example))
                smalltalk_ids.append(intent.id)
        return _LanguageIndex(
            reader=reader,
            example_keys=example_keys,
            example_offsets=np.asarray(offsets, dtype=np.intp),
            token_ids=token_ids,
            token_weights=token_weights,
            unknown_weight=float(np.log1p(len(self.facts))),
            fact_tokens=fact_tokens,
            smalltalk_keys=smalltalk_keys,
            smalltalk_ids=smalltalk_ids,
            examples=examples,
        )

    def misleading_examples(self) -> list[MisleadingExample]:
        """Example questions another fact scores higher than their own: each one teaches the
        matcher the wrong thing. Reuses the readings made while building the index."""
        found = []
        for language, index in self._indexes.items():
            scores = self._score(index, [reading for _, _, reading in index.examples])
            own = {fact_id: row for row, fact_id in enumerate(self.fact_ids)}
            for (fact_id, question, _), row in zip(index.examples, scores, strict=True):
                best = int(np.argmax(row))
                if row[best] > row[own[fact_id]]:
                    found.append(
                        MisleadingExample(fact_id, question, language, self.fact_ids[best])
                    )
        return found

    def reader(self, language: str) -> Reader:
        return self._indexes[language].reader

    def language_of(self, question: str, hint: str | None = None) -> str:
        return detect_language(question, self.knowledge.lexicons, hint)

    def read(self, question: str, language: str | None = None) -> Reading:
        language = language or self.language_of(question)
        return self._indexes[language].reader.read(question)

    def match(self, question: str, language_hint: str | None = None) -> Decision:
        """Decide what to do with one question."""
        return self.match_many([question], language_hint)[0]

    def match_many(
        self, questions: Sequence[str], language_hint: str | None = None
    ) -> list[Decision]:
        """Decide many questions with one vectorised scoring pass per language."""
        decisions: list[Decision | None] = [None] * len(questions)
        by_language: dict[str, list[int]] = {}
        for position, question in enumerate(questions):
            language = self.language_of(question, language_hint)
            by_language.setdefault(language, []).append(position)
        for language, positions in by_language.items():
            index = self._indexes[language]
            batch = [questions[position] for position in positions]
            for position, decision in zip(
                positions, self._decide_batch(index, language, batch), strict=True
            ):
                decisions[position] = decision
        return [decision for decision in decisions if decision is not None]

    def _decide_batch(
        self, index: _LanguageIndex, language: str, questions: list[str]
    ) -> list[Decision]:
        readings = [index.reader.read(question) for question in questions]
        scores = self._score(index, readings)
        return [
            self._decide(index, language, question, reading, row)
            for question, reading, row in zip(questions, readings, scores, strict=True)
        ]

    def _score(self, index: _LanguageIndex, readings: list[Reading]) -> np.ndarray:
        """Scores in [0, 1], questions x facts."""
        weights = self.weights
        similarity = process.cdist(
            [reading.fuzzy_key for reading in readings],
            index.example_keys,
            scorer=fuzz.ratio,
            dtype=np.float32,
        )
        fuzzy = np.maximum.reduceat(similarity, index.example_offsets, axis=1) / 100.0
        # How much of the question each fact explains, words and entities apart: a fact that
        # knows the entity but not what is asked about it (or the reverse) explains little.
        word_weights = np.zeros((len(readings), len(index.token_ids)), dtype=np.float32)
        entity_weights = np.zeros_like(word_weights)
        word_totals = np.zeros(len(readings), dtype=np.float32)
        entity_totals = np.zeros(len(readings), dtype=np.float32)
        entity_hits = np.zeros((len(readings), len(self._entity_index)), dtype=np.float32)
        unknown_cap = weights.unknown_cap * index.unknown_weight
        for row, reading in enumerate(readings):
            unknown_total = 0.0
            tokens = set(reading.tokens)
            if not tokens <= self._ambient_tokens:
                tokens -= self._ambient_tokens  # every question is about the summit anyway
            for token in tokens:
                is_entity = token.startswith(ENTITY_MARK)
                column = index.token_ids.get(token)
                if column is None:
                    weight = index.unknown_weight
                    if len(token) <= weights.short_word_length:
                        weight *= weights.short_unknown_factor
                    if token in reading.everyday:
                        weight *= weights.everyday_unknown_factor
                    weight = min(weight, unknown_cap - unknown_total)
                    unknown_total += weight
                else:
                    weight = float(index.token_weights[column])
                    (entity_weights if is_entity else word_weights)[row, column] = weight
                if is_entity:
                    entity_totals[row] += weight
                else:
                    word_totals[row] += weight
            for entity_id in reading.entities:
                entity_hits[row, self._entity_index[entity_id]] = 1.0
        # A long, chatty question explains its point in a few of its words: past
        # `long_question` words, the share of the question a fact must explain shrinks.
        lengths = np.array([len(set(reading.tokens)) for reading in readings], dtype=np.float32)
        leniency = np.minimum(1.0, (weights.long_question / np.maximum(lengths, 1.0))) ** (
            weights.long_question_leniency
        )
        word_coverage = np.minimum(
            1.0,
            (word_weights @ index.fact_tokens.T)
            / np.maximum(word_totals * leniency, 1e-6)[:, None],
        )
        entity_coverage = (entity_weights @ index.fact_tokens.T) / np.maximum(entity_totals, 1e-6)[
            :, None
        ]
        has_words = (word_totals > 0)[:, None]
        has_entities = (entity_totals > 0)[:, None]
        coverage = np.where(
            has_words & has_entities,
            np.sqrt(word_coverage * entity_coverage),
            np.where(has_words, word_coverage, entity_coverage),
        )
        scores = weights.fuzzy * fuzzy + weights.coverage * coverage
        foreign = (entity_hits @ self._incompatible.T) > 0
        scores = np.where(foreign, scores * weights.foreign_entity_penalty, scores)
        return np.clip(scores, 0.0, 1.0)

    def _decide(
        self,
        index: _LanguageIndex,
        language: str,
        question: str,
        reading: Reading,
        scores: np.ndarray,
    ) -> Decision:
        order = np.argsort(-scores, kind="stable")
        ranking = tuple(FactMatch(self.fact_ids[i], round(float(scores[i]), 4)) for i in order)
        unknown_entities = tuple(
            entity_id for entity_id in reading.entities if not self._entities[entity_id].in_article
        )
        base = {
            "question": question,
            "language": language,
            "ranking": ranking,
            "entities": reading.entities,
            "unknown_entities": unknown_entities,
        }
        smalltalk = self._smalltalk(index, reading)
        if smalltalk is not None:
            return Decision(
                kind=DecisionKind.SMALLTALK,
                fact_id=None,
                confidence=1.0,
                smalltalk_id=smalltalk,
                **base,
            )
        if not reading.tokens:
            return Decision(kind=DecisionKind.EMPTY, fact_id=None, confidence=0.0, **base)
        best = ranking[0]
        confidence = best.score
        lead = confidence - (ranking[1].score if len(ranking) > 1 else 0.0)
        if confidence >= self.thresholds.answer and lead >= self.thresholds.margin:
            fact = self.knowledge.facts_by_id[best.fact_id]
            members, non_members = self._list_answer(fact, reading)
            return Decision(
                kind=DecisionKind.ANSWER,
                fact_id=best.fact_id,
                confidence=confidence,
                list_members=members,
                list_non_members=non_members,
                **base,
            )
        if confidence >= self.thresholds.suggest:
            floor = max(self.thresholds.suggest, confidence - self.weights.suggestion_window)
            suggestions = tuple(
                match.fact_id
                for match in ranking[: self.weights.max_suggestions]
                if match.score >= floor
            )
            return Decision(
                kind=DecisionKind.SUGGEST,
                fact_id=None,
                confidence=confidence,
                suggestions=suggestions,
                **base,
            )
        return Decision(kind=DecisionKind.DECLINE, fact_id=None, confidence=confidence, **base)

    def _smalltalk(self, index: _LanguageIndex, reading: Reading) -> str | None:
        if not index.smalltalk_keys or not reading.text:
            return None
        best = process.extractOne(
            reading.text,
            index.smalltalk_keys,
            scorer=fuzz.ratio,
            score_cutoff=self.weights.smalltalk_cutoff,
        )
        return index.smalltalk_ids[best[2]] if best else None

    def _list_answer(self, fact: Fact, reading: Reading) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Which of the entities the question names are on the fact's list, and which are not."""
        if fact.listing is None:
            return (), ()
        named = [  # the summit's own place needs no "yes": the plain answer says it
            entity_id
            for entity_id in reading.entities
            if self._entities[entity_id].type == fact.listing.entity_type
            and not self._entities[entity_id].ambient
        ]
        members = tuple(entity_id for entity_id in named if entity_id in fact.listing.members)
        non_members = tuple(
            entity_id for entity_id in named if entity_id not in fact.listing.members
        )
        return members, non_members
