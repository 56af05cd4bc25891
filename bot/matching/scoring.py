"""Scoring questions against every fact in a few vectorised calls.

Three signals: how close the question is to a fact's nearest example phrasing (rapidfuzz `cdist`),
how much of the question the fact explains (weighted word and entity coverage), and how much of
what the question relies on the fact leaves unexplained ("how long was Putin's *flight*?").
A question naming something a fact is not about does not get that fact.
"""

from __future__ import annotations

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
        unknown_cap = weights.unknown_cap * index.unknown_weight
        cue_tokens = index.cue_tokens
        for row, reading in enumerate(readings):
            unknown_total = 0.0
            tokens = set(reading.tokens)
            if not tokens <= self.ambient_tokens:
                tokens -= self.ambient_tokens  # every question is about the summit anyway
            for token in tokens:
                is_entity = token.startswith(ENTITY_MARK)
                column = index.token_ids.get(token)
                if column is None and token in index.asking_tokens:
                    continue  # a way of asking no fact's phrasing uses ("whos"): the frame reads it
                if column is None:
                    weight = index.unknown_weight
                    if len(token) <= weights.short_word_length:
                        weight *= weights.short_unknown_factor
                    if token in reading.everyday:
                        weight *= weights.everyday_unknown_factor
                    weight = min(weight, unknown_cap - unknown_total)
                    unknown_total += weight
                    if (  # a rare word no fact knows is what the question relies on
                        not is_entity
                        and token not in cue_tokens
                        and token not in reading.everyday
                        and len(token) > weights.short_word_length
                    ):
                        salient_unknown[row] += weight
                else:
                    weight = float(index.token_weights[column])
                    (entity_weights if is_entity else word_weights)[row, column] = weight
                    if not is_entity and token not in cue_tokens:
                        salient_weights[row, column] = weight
                if is_entity:
                    entity_totals[row] += weight
                else:
                    word_totals[row] += weight
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
