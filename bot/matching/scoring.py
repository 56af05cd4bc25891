"""Scoring questions against every fact in a few vectorised calls.

Three signals: how close the question is to a fact's nearest example phrasing (rapidfuzz `cdist`),
how much of the question the fact explains (weighted word and entity coverage), and how much of
what the question relies on the fact leaves unexplained ("how long was Putin's *flight*?").
A question naming something a fact is not about does not get that fact.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from bot.knowledge import KnowledgeBase
from bot.matching.index import LanguageIndex
from bot.matching.reading import ENTITY_MARK, Reading
from bot.tuning import ScoringWeights


@dataclass(frozen=True)
class ScoreTable:
    """Questions x facts: the final score and the parts it is made of (for explanations)."""

    total: np.ndarray
    fuzzy: np.ndarray
    coverage: np.ndarray
    unexplained: np.ndarray  # share of the question's salient words the fact does not know
    rare_unknown: np.ndarray  # per question: weight of rare words no fact knows (a new name?)
    foreign: np.ndarray  # the question names something the fact is not about
    similarity: np.ndarray  # questions x example phrasings
    example_offsets: np.ndarray  # where each fact's phrasings start

    def best_example(self, question: int, fact: int) -> int:
        """The column of fact `fact`'s phrasing closest to question `question`."""
        start = int(self.example_offsets[fact])
        end = (
            int(self.example_offsets[fact + 1])
            if fact + 1 < len(self.example_offsets)
            else self.similarity.shape[1]
        )
        return start + int(np.argmax(self.similarity[question, start:end]))


@dataclass(frozen=True)
class WeighedTokens:
    """What a question's words and names weigh, by the index's token columns."""

    word_columns: dict[int, float]
    entity_columns: dict[int, float]
    salient_columns: dict[int, float]  # words the question relies on (not ways of asking)
    word_total: float
    entity_total: float
    salient_unknown: float  # weight of rare words no fact knows: what a near miss hangs on


def weigh_tokens(
    index: LanguageIndex, reading: Reading, weights: ScoringWeights, ambient: set[str]
) -> WeighedTokens:
    """The one place a question's tokens are weighed, for the batch and the lean scorer."""
    word_columns: dict[int, float] = {}
    entity_columns: dict[int, float] = {}
    salient_columns: dict[int, float] = {}
    word_total = entity_total = unknown_total = salient_unknown = 0.0
    short = weights.short_word_length
    unknown_cap = weights.unknown_cap * index.unknown_weight
    # In the question's order, not a set's: unknown words share a capped weight, so which
    # comes first matters, and a set's order changes with every process (hash seeds).
    tokens = list(dict.fromkeys(reading.tokens))
    if not ambient.issuperset(tokens):
        tokens = [token for token in tokens if token not in ambient]  # the event is a given
    for token in tokens:
        is_entity = token.startswith(ENTITY_MARK)
        column = index.token_ids.get(token)
        if column is None:
            if token in index.asking_tokens:
                continue  # a way of asking no fact's phrasing uses ("whos"): the frame reads it
            weight = index.unknown_weight
            if len(token) <= short:
                weight *= weights.short_unknown_factor
            if token in reading.everyday:
                weight *= weights.everyday_unknown_factor
            weight = min(weight, unknown_cap - unknown_total)
            unknown_total += weight
            if (  # a rare word no fact knows is what the question relies on
                not is_entity
                and token not in index.cue_tokens
                and token not in reading.everyday
                and len(token) > short
            ):
                salient_unknown += weight
        else:
            weight = index.weights_by_column[column]
            (entity_columns if is_entity else word_columns)[column] = weight
            if not is_entity and token not in index.cue_tokens:
                salient_columns[column] = weight
        if is_entity:
            entity_total += weight
        else:
            word_total += weight
    return WeighedTokens(
        word_columns, entity_columns, salient_columns, word_total, entity_total, salient_unknown
    )


class Scorer:
    """Knows which entities each fact may be asked about; scores readings of one language."""

    def __init__(self, knowledge: KnowledgeBase) -> None:
        self.weights: ScoringWeights = knowledge.tuning.weights
        entity_list = list(knowledge.entities.values())
        self.entity_index = {entity.id: i for i, entity in enumerate(entity_list)}
        # compatible[f, e]: fact f may answer a question naming entity e.
        compatible = np.zeros((len(knowledge.facts), len(entity_list)), dtype=np.float32)
        for row, fact in enumerate(knowledge.facts):
            for entity in entity_list:
                if (
                    entity.ambient
                    or entity.id in fact.entities
                    or (fact.listing and entity.type in fact.listing.entity_types)
                ):
                    compatible[row, self.entity_index[entity.id]] = 1.0
        self.incompatible = 1.0 - compatible
        self.ambient_tokens = {ENTITY_MARK + e.id for e in entity_list if e.ambient}

    def score(self, index: LanguageIndex, readings: list[Reading]) -> ScoreTable:
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
        shape = (len(readings), len(index.token_ids))
        word_weights = np.zeros(shape, dtype=np.float32)
        entity_weights = np.zeros_like(word_weights)
        salient_weights = np.zeros_like(word_weights)
        word_totals = np.zeros(len(readings), dtype=np.float32)
        entity_totals = np.zeros(len(readings), dtype=np.float32)
        salient_unknown = np.zeros(len(readings), dtype=np.float32)
        entity_hits = np.zeros((len(readings), len(self.entity_index)), dtype=np.float32)
        for row, reading in enumerate(readings):
            weighed = weigh_tokens(index, reading, weights, self.ambient_tokens)
            for column, weight in weighed.word_columns.items():
                word_weights[row, column] = weight
            for column, weight in weighed.entity_columns.items():
                entity_weights[row, column] = weight
            for column, weight in weighed.salient_columns.items():
                salient_weights[row, column] = weight
            word_totals[row] = weighed.word_total
            entity_totals[row] = weighed.entity_total
            salient_unknown[row] = weighed.salient_unknown
            for entity_id in reading.entities:
                entity_hits[row, self.entity_index[entity_id]] = 1.0
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
        salient_totals = salient_weights.sum(axis=1) + salient_unknown
        missed = salient_weights @ (index.fact_tokens == 0).T.astype(np.float32)
        unexplained = (missed + salient_unknown[:, None]) / np.maximum(salient_totals, 1e-6)[
            :, None
        ]
        total = weights.fuzzy * fuzzy + weights.coverage * coverage
        total = total * (1.0 - weights.unexplained_penalty * unexplained)
        foreign = (entity_hits @ self.incompatible.T) > 0
        total = np.where(foreign, total * weights.foreign_entity_penalty, total)
        return ScoreTable(
            total=np.clip(total, 0.0, 1.0),
            fuzzy=fuzzy,
            coverage=coverage,
            unexplained=unexplained,
            rare_unknown=salient_unknown,
            foreign=foreign,
            similarity=similarity,
            example_offsets=index.example_offsets,
        )


@dataclass(frozen=True)
class ScoreRow:
    """One question's scores against every fact (the same numbers as one row of a ScoreTable,
    as plain floats); facts that share no word or name with it are not compared at all."""

    total: list[float]
    fuzzy: list[float]
    coverage: list[float]
    unexplained: list[float]
    rare_unknown: float
    foreign: list[bool]
    best_example: Callable[[int], int]  # fact row -> column of its closest phrasing


class OneQuestionScorer:
    """`Scorer.score` for a single question in plain Python over an inverted index: numpy's
    per-call overhead and scoring every fact cost more than the work itself for one row."""

    def __init__(self, scorer: Scorer, knowledge: KnowledgeBase) -> None:
        self.weights = scorer.weights
        self.fact_count = len(knowledge.facts)
        self.list_rows = {row for row, fact in enumerate(knowledge.facts) if fact.listing}
        self.ambient_tokens = scorer.ambient_tokens
        self.incompatible = {
            entity_id: np.nonzero(scorer.incompatible[:, column])[0].tolist()
            for entity_id, column in scorer.entity_index.items()
        }

    def score(self, index: LanguageIndex, reading: Reading) -> ScoreRow:
        weights = self.weights
        weighed = weigh_tokens(index, reading, weights, self.ambient_tokens)
        word_columns, entity_columns = weighed.word_columns, weighed.entity_columns
        salient_columns, salient_unknown = weighed.salient_columns, weighed.salient_unknown
        word_total, entity_total = weighed.word_total, weighed.entity_total
        leniency = min(1.0, weights.long_question / max(len(set(reading.tokens)), 1)) ** (
            weights.long_question_leniency
        )
        word_sums = _sparse_sums(index, word_columns)
        entity_sums = _sparse_sums(index, entity_columns)
        salient_known = _sparse_sums(index, salient_columns, present=True)
        salient_missed = sum(salient_columns.values())
        salient_total = max(salient_missed + salient_unknown, 1e-6)
        sharing = word_sums.keys() | entity_sums.keys()
        # Facts that share a word or a name with the question, and the lists (they answer
        # yes/no about names they don't hold); with none of those, every fact, to say how far
        # the closest one is.
        compared = sorted(sharing | self.list_rows) if sharing else range(self.fact_count)
        fuzzy_of, best_example = _fuzzy(index, reading, compared)
        count = self.fact_count
        fuzzy = [0.0] * count
        coverage = [0.0] * count
        total = [0.0] * count
        unexplained = [(salient_missed + salient_unknown) / salient_total] * count
        foreign = [False] * count
        for entity_id in reading.entities:
            for row in self.incompatible.get(entity_id, ()):
                foreign[row] = True
        word_scale = max(word_total * leniency, 1e-6)
        entity_scale = max(entity_total, 1e-6)
        has_words, has_entities = word_total > 0, entity_total > 0
        fuzzy_weight, coverage_weight = weights.fuzzy, weights.coverage
        penalty, foreign_penalty = weights.unexplained_penalty, weights.foreign_entity_penalty
        for row, row_fuzzy in zip(compared, fuzzy_of, strict=True):
            word_coverage = min(1.0, word_sums.get(row, 0.0) / word_scale)
            entity_coverage = entity_sums.get(row, 0.0) / entity_scale
            if has_words and has_entities:
                row_coverage = (word_coverage * entity_coverage) ** 0.5
            else:
                row_coverage = word_coverage if has_words else entity_coverage
            row_unexplained = (
                salient_missed - salient_known.get(row, 0.0) + salient_unknown
            ) / salient_total
            row_total = (fuzzy_weight * row_fuzzy + coverage_weight * row_coverage) * (
                1.0 - penalty * row_unexplained
            )
            if foreign[row]:
                row_total *= foreign_penalty
            fuzzy[row] = row_fuzzy
            coverage[row] = row_coverage
            unexplained[row] = row_unexplained
            total[row] = min(max(row_total, 0.0), 1.0)
        return ScoreRow(
            total=total,
            fuzzy=fuzzy,
            coverage=coverage,
            unexplained=unexplained,
            rare_unknown=salient_unknown,
            foreign=foreign,
            best_example=best_example,
        )


def _fuzzy(
    index: LanguageIndex, reading: Reading, rows: Sequence[int]
) -> tuple[list[float], Callable[[int], int]]:
    """The compared facts' closest phrasings, from one rapidfuzz call. When most facts are
    compared, over every phrasing (cheaper than gathering); in a big knowledge base, where a
    question shares words with few facts, over theirs only."""
    all_rows = len(rows) * 2 > len(index.example_starts)
    if all_rows:
        keys, starts, columns = index.example_keys, index.example_offsets, None
        positions = rows
    else:
        columns = [
            column
            for row in rows
            for column in range(index.example_starts[row], index.example_ends[row])
        ]
        keys = [index.example_keys[column] for column in columns]
        sizes = [index.example_ends[row] - index.example_starts[row] for row in rows]
        starts = np.cumsum([0, *sizes[:-1]])
        positions = range(len(rows))
    similarity = process.cdist([reading.fuzzy_key], keys, scorer=fuzz.ratio)[0]
    best = np.maximum.reduceat(similarity, starts).tolist()
    position_of = {row: position for position, row in zip(positions, rows, strict=True)}
    ends = [*starts[1:].tolist(), len(similarity)]

    def best_example(row: int) -> int:
        """The column of fact `row`'s closest phrasing (its title if it was not compared)."""
        position = position_of.get(row)
        if position is None:
            return index.example_starts[row]
        start = int(starts[position])
        column = start + int(np.argmax(similarity[start : ends[position]]))
        return column if columns is None else columns[column]

    return [best[position] / 100.0 for position in positions], best_example


def _sparse_sums(
    index: LanguageIndex, columns: dict[int, float], present: bool = False
) -> dict[int, float]:
    """fact row -> sum of weight x strength over `columns` (or of weight, when `present`)."""
    sums: dict[int, float] = {}
    for column, weight in columns.items():
        for row, strength in index.postings.get(column, ()):
            sums[row] = sums.get(row, 0.0) + (weight if present else weight * strength)
    return sums
