"""Scoring questions against every fact: one question at a time in plain Python, or many in a
few vectorised calls.

Three signals: how close the question is to a fact's nearest example phrasing (rapidfuzz),
how much of the question the fact explains (weighted word and entity coverage), and how much of
what the question relies on the fact leaves unexplained ("how long was Putin's *flight*?").
A question naming something a fact is not about does not get that fact.

numpy is only imported to score many questions at once (`Scorer.score`: eval, `ask -`, the
misleading-example check); one question, as every chat asks, never needs it (~17 MB, ~60 ms).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from heapq import heappush, heapreplace
from operator import itemgetter
from typing import TYPE_CHECKING, Any, NamedTuple

from rapidfuzz import fuzz, process

from bot.knowledge import KnowledgeBase
from bot.matching.frames import is_year
from bot.matching.index import LanguageIndex, as_float32
from bot.matching.reading import ENTITY_MARK, Reading
from bot.tuning import MatcherTuning, ScoringWeights

if TYPE_CHECKING:
    import numpy as np

# rapidfuzz's scores are percentages; a cut-off this far below the exact one leaves room for
# float rounding, so no fact at the threshold is mistaken for one under it.
CUTOFF_SLACK = 1e-3


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
        return start + int(self.similarity[question, start:end].argmax())


class WeighedTokens(NamedTuple):
    """What a question's words and names weigh, by the index's token columns (a NamedTuple:
    made for every question, in under half the time a frozen dataclass takes)."""

    word_columns: dict[int, float]
    entity_columns: dict[int, float]
    salient_columns: dict[int, float]  # words the question relies on (not ways of asking)
    word_total: float
    entity_total: float
    salient_unknown: float  # weight of rare words no fact knows: what a near miss hangs on
    # whether a word no fact knows is a real one (everyday or rare), not a stray letter or typo
    unknown_real_word: bool = False


def weigh_tokens(
    index: LanguageIndex, reading: Reading, weights: ScoringWeights, ambient: set[str]
) -> WeighedTokens:
    """The one place a question's tokens are weighed, for the batch and the lean scorer."""
    word_columns: dict[int, float] = {}
    entity_columns: dict[int, float] = {}
    salient_columns: dict[int, float] = {}
    word_total = entity_total = unknown_total = salient_unknown = 0.0
    unknown_real_word = False
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
            if token in index.asking_tokens or is_year(token):
                # a way of asking no fact's phrasing uses ("whos"), or a year no fact gives
                # ("founded in 1996?"): the frame reads it
                continue
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
                unknown_real_word = True
            elif token in reading.everyday:
                unknown_real_word = True
        else:
            weight = index.weights_by_column[column]
            (entity_columns if is_entity else word_columns)[column] = weight
            if not is_entity and relies_on(index, reading, token):
                salient_columns[column] = weight
        if is_entity:
            entity_total += weight
        else:
            word_total += weight
    return WeighedTokens(
        word_columns,
        entity_columns,
        salient_columns,
        word_total,
        entity_total,
        salient_unknown,
        unknown_real_word,
    )


class Scorer:
    """Knows which entities each fact may be asked about; scores readings of one language."""

    def __init__(self, knowledge: KnowledgeBase) -> None:
        self.weights: ScoringWeights = knowledge.tuning.weights
        self.fact_count = len(knowledge.facts)
        entity_list = list(knowledge.entities.values())
        self.entity_index = {entity.id: i for i, entity in enumerate(entity_list)}
        # entity -> the facts that may answer a question naming it (None: every fact, as for
        # the event itself); sparse, as few facts name an entity
        self.compatible: dict[str, frozenset[int] | None] = {}
        default_scope = knowledge.frames.default_scope
        for entity in entity_list:
            rows = frozenset(
                row
                for row, fact in enumerate(knowledge.facts)
                if entity.ambient
                or (entity.setting and (not fact.scopes or default_scope in fact.scopes))
                or entity.id in fact.entities
                or any(whole in fact.entities for whole in entity.part_of)
                or (
                    # a list is asked about any name of its type ("is Peru attending?"),
                    # unless what it says of members holds only for them (its founders)
                    fact.listing
                    and fact.listing.members_only
                    and entity.type in (*fact.listing.entity_types, *fact.listing.yes_no_types)
                )
            )
            self.compatible[entity.id] = None if len(rows) == self.fact_count else rows
        self.ambient_tokens = {ENTITY_MARK + e.id for e in entity_list if e.ambient}
        self._arrays: dict[str, _BatchArrays] = {}  # per language, made on first batch

    def __getstate__(self) -> dict[str, Any]:
        """A kept pipeline holds no numpy arrays: reading it back must not import numpy."""
        return {**self.__dict__, "_arrays": {}}

    def arrays(self, index: LanguageIndex) -> _BatchArrays:
        """The index and the entities as the matrices batch scoring multiplies, made once."""
        found = self._arrays.get(index.language)
        if found is None:
            found = self._arrays[index.language] = _BatchArrays.of(self, index)
        return found

    def score(self, index: LanguageIndex, readings: list[Reading]) -> ScoreTable:
        import numpy as np  # only batches need it

        weights = self.weights
        arrays = self.arrays(index)
        similarity = process.cdist(
            [reading.fuzzy_key for reading in readings],
            index.example_keys,
            scorer=fuzz.ratio,
            dtype=np.float32,
        )
        fuzzy = np.maximum.reduceat(similarity, arrays.example_offsets, axis=1) / 100.0
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
        offered_hits = np.zeros_like(entity_hits)  # names offered as a choice: one must fit
        # whether a question has a word some fact knows, or a real word none does: else only
        # stray letters and typos stand beside its names
        knows_words = np.zeros((len(readings), 1), dtype=bool)
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
            knows_words[row] = bool(weighed.word_columns) or weighed.unknown_real_word
            for entity_id in reading.entities:
                if entity_id not in reading.offered:
                    entity_hits[row, self.entity_index[entity_id]] = 1.0
            for entity_id in reading.offered:
                if self.compatible[entity_id] is not None:  # as on the lean path
                    offered_hits[row, self.entity_index[entity_id]] = 1.0
        # A long, chatty question explains its point in a few of its words: past
        # `long_question` words, the share of the question a fact must explain shrinks.
        lengths = np.array([len(set(reading.tokens)) for reading in readings], dtype=np.float32)
        leniency = np.minimum(1.0, (weights.long_question / np.maximum(lengths, 1.0))) ** (
            weights.long_question_leniency
        )
        word_coverage = np.minimum(
            1.0,
            (word_weights @ arrays.fact_tokens.T)
            / np.maximum(word_totals * leniency, 1e-6)[:, None],
        )
        entity_coverage = (entity_weights @ arrays.fact_tokens.T) / np.maximum(entity_totals, 1e-6)[
            :, None
        ]
        has_words = (word_totals > 0)[:, None]
        has_entities = (entity_totals > 0)[:, None]
        # names and only words no fact knows ("а гутерриш тоже едит"): the names, the unknown
        # words' share taken off
        diluted = (
            entity_coverage
            * (entity_totals / np.maximum(entity_totals + word_totals, 1e-6))[:, None]
        )
        coverage = np.where(
            has_words & has_entities,
            np.where(knows_words, np.sqrt(word_coverage * entity_coverage), diluted),
            np.where(has_words, word_coverage, entity_coverage),
        )
        salient_totals = salient_weights.sum(axis=1) + salient_unknown
        missed = salient_weights @ (arrays.fact_tokens == 0).T.astype(np.float32)
        unexplained = (missed + salient_unknown[:, None]) / np.maximum(salient_totals, 1e-6)[
            :, None
        ]
        total = weights.fuzzy * fuzzy + weights.coverage * coverage
        total = total * (1.0 - weights.unexplained_penalty * unexplained)
        foreign = (entity_hits @ arrays.incompatible.T) > 0
        offered_counts = offered_hits.sum(axis=1)[:, None]
        foreign |= (offered_counts > 0) & ((offered_hits @ arrays.incompatible.T) >= offered_counts)
        total = np.where(foreign, total * weights.foreign_entity_penalty, total)
        return ScoreTable(
            total=np.clip(total, 0.0, 1.0),
            fuzzy=fuzzy,
            coverage=coverage,
            unexplained=unexplained,
            rare_unknown=salient_unknown,
            foreign=foreign,
            similarity=similarity,
            example_offsets=arrays.example_offsets,
        )


@dataclass(frozen=True)
class _BatchArrays:
    """One language's index as matrices, for `Scorer.score`; made from the same plain-Python
    index the one-question path reads, so both score alike."""

    fact_tokens: np.ndarray  # facts x tokens: how strongly each fact knows each token
    example_offsets: np.ndarray  # where each fact's phrasings start
    incompatible: np.ndarray  # facts x entities: 1 where naming the entity makes a fact foreign

    @classmethod
    def of(cls, scorer: Scorer, index: LanguageIndex) -> _BatchArrays:
        import numpy as np

        fact_tokens = np.zeros((scorer.fact_count, len(index.token_ids)), dtype=np.float32)
        for column, postings in index.postings.items():
            for row, strength in postings:
                fact_tokens[row, column] = strength
        incompatible = np.zeros((scorer.fact_count, len(scorer.entity_index)), dtype=np.float32)
        for entity_id, column in scorer.entity_index.items():
            rows = scorer.compatible[entity_id]
            if rows is not None:
                incompatible[:, column] = 1.0
                incompatible[list(rows), column] = 0.0
        return cls(
            fact_tokens=fact_tokens,
            example_offsets=np.asarray(index.example_starts, dtype=np.intp),
            incompatible=incompatible,
        )


class ScoreRow(NamedTuple):
    """One question's scores against every fact (the same numbers as one row of a ScoreTable,
    as plain floats) wherever they can change the decision; facts that share no word or name
    with the question, and facts that cannot reach any score the decision reads, score 0.
    A row of a ScoreTable read the same way holds its numpy arrays. (A NamedTuple, as
    WeighedTokens: made for every question.)"""

    total: list[float] | np.ndarray
    fuzzy: list[float] | np.ndarray
    coverage: list[float] | np.ndarray
    unexplained: list[float] | np.ndarray
    rare_unknown: float
    foreign: list[bool] | np.ndarray
    best_example: Callable[[int], int]  # fact row -> column of its closest phrasing


class DecisionFloor:
    """Below which score a fact cannot change `Decider.decide`'s decision unless it is among
    the top RANKED of the ranking. This mirrors what the rules in decision.py read of the
    facts that supply what is asked: the best one (answered, or suggested from `suggest` up),
    a runner-up (the best must lead it by `margin`, or by `dominant_margin` from `dominant`),
    and the suggestions (within `suggestion_window` of the best). A fact scoring under the
    floor changes none of those, whatever it scores; with the best known, the floor rises.
    """

    def __init__(self, tuning: MatcherTuning) -> None:
        thresholds = tuning.thresholds
        self.suggest = thresholds.suggest
        self.window = tuning.suggestion_window
        self.leads = (
            (thresholds.answer, thresholds.margin),
            (thresholds.dominant, thresholds.dominant_margin),
        )
        # the lowest of `given_best` over every best score
        self.floor = min(self.suggest, *(score - lead for score, lead in self.leads))

    def given_best(self, best: float) -> float:
        """The floor when the best score among the facts that supply what is asked is `best`."""
        suggested = max(self.suggest, best - self.window)
        leads = [best - lead for score, lead in self.leads if best >= score]
        return min(suggested, max(leads)) if leads else suggested


Eligibility = Callable[[], Sequence[Sequence[bool]]]
# A compared fact: its row, the most it can score, and the parts of its score that do not hang
# on a phrasing (coverage x its weight, the share the unexplained words keep, foreign or not)
_Bound = tuple[int, float, float, float, bool]


class OneQuestionScorer:
    """`Scorer.score` for a single question in plain Python over an inverted index, comparing
    phrasings only where that can change the decision.

    Coverage and the unexplained share come cheaply from the index; the closest phrasing is
    the costly part, and it weighs at most `weights.fuzzy`. So each fact's score has a bound
    (what it would score if a phrasing were the question itself), facts are compared best
    bound first, each with the rapidfuzz `score_cutoff` its threshold leaves, and a fact is not
    compared at all when it can reach neither the `ranked` best scores nor, if it supplies
    what is asked, the `DecisionFloor`. Such facts score 0, as facts sharing nothing do.
    """

    def __init__(self, scorer: Scorer, knowledge: KnowledgeBase, ranked: int) -> None:
        self.weights = scorer.weights
        self.fact_count = len(knowledge.facts)
        self.ranked = ranked
        self.floor = DecisionFloor(knowledge.tuning)
        self.list_rows = frozenset(row for row, fact in enumerate(knowledge.facts) if fact.listing)
        self.ambient_tokens = scorer.ambient_tokens
        self.compatible = scorer.compatible

    def score(
        self,
        index: LanguageIndex,
        reading: Reading,
        exact_rows: Iterable[int] = (),
        eligibility: Eligibility | None = None,
    ) -> ScoreRow:
        """Score `reading`. `exact_rows` are scored in full whatever their rank (a rule reads
        them at any rank: the lists a yes/no is answered from, which are always compared).
        `eligibility` gives, when asked, the facts that supply what is asked, as one or more
        masks: the decision uses one of them. Without it every fact counts as supplying it,
        which compares more facts."""
        weights = self.weights
        weighed = weigh_tokens(index, reading, weights, self.ambient_tokens)
        word_total, entity_total = weighed.word_total, weighed.entity_total
        salient_columns, salient_unknown = weighed.salient_columns, weighed.salient_unknown
        leniency = min(1.0, weights.long_question / max(len(set(reading.tokens)), 1)) ** (
            weights.long_question_leniency
        )
        count = self.fact_count
        # The facts that know a word or a name of the question, added in the postings' order:
        # a set's iteration order hangs on it, and that order is the one facts with equal
        # bounds are compared in.
        sharing: set[int] = set()
        word_sums = _weighted_sums(index, weighed.word_columns, count, sharing)
        entity_sums = _weighted_sums(index, weighed.entity_columns, count, sharing)
        salient_known = _weights_known(index, salient_columns, count)
        salient_missed = sum(salient_columns.values())
        salient_total = max(salient_missed + salient_unknown, 1e-6)
        # Facts that share a word or a name with the question, and the lists (they answer
        # yes/no about names they don't hold); with none of those, every fact, to say how far
        # the closest one is.
        compared = sharing | self.list_rows if sharing else range(count)
        coverage = [0.0] * count
        unexplained = [(salient_missed + salient_unknown) / salient_total] * count
        foreign = self._foreign(reading.entities, reading.offered)
        word_scale = max(word_total * leniency, 1e-6)
        entity_scale = max(entity_total, 1e-6)
        has_words, has_entities = word_total > 0, entity_total > 0
        fuzzy_weight, coverage_weight = weights.fuzzy, weights.coverage
        penalty, foreign_penalty = weights.unexplained_penalty, weights.foreign_entity_penalty
        # What each compared fact scores at least (no phrasing alike) and at most (one the
        # same as the question), added up in the order its score is; with the bound, the parts
        # of its score that do not hang on a phrasing, which comparing it finishes.
        lower: list[float] = []
        bounds: list[_Bound] = []
        both = has_words and has_entities
        # names and only words no fact knows ("а гутерриш тоже едит"): the names, the unknown
        # words' share taken off
        unknown_words_only = both and not weighed.word_columns and not weighed.unknown_real_word
        dilution = entity_total / max(entity_total + word_total, 1e-6)
        for row in compared:
            word_coverage = word_sums[row] / word_scale
            if word_coverage > 1.0:
                word_coverage = 1.0
            if unknown_words_only:
                row_coverage = entity_sums[row] / entity_scale * dilution
            elif both:
                row_coverage = (word_coverage * (entity_sums[row] / entity_scale)) ** 0.5
            elif has_words:
                row_coverage = word_coverage
            else:
                row_coverage = entity_sums[row] / entity_scale
            row_unexplained = (
                salient_missed - salient_known[row] + salient_unknown
            ) / salient_total
            coverage[row] = row_coverage
            unexplained[row] = row_unexplained
            row_fixed = coverage_weight * row_coverage
            row_keep = 1.0 - penalty * row_unexplained
            row_foreign = foreign[row]
            if row_foreign:
                lower.append(row_fixed * row_keep * foreign_penalty)
                most = (fuzzy_weight + row_fixed) * row_keep * foreign_penalty
            else:
                lower.append(row_fixed * row_keep)
                most = (fuzzy_weight + row_fixed) * row_keep
            bounds.append((row, most, row_fixed, row_keep, row_foreign))

        fuzzy = [0.0] * count
        total = [0.0] * count
        closest: dict[int, int] = {}  # fact row -> column of its closest phrasing
        top: list[float] = []  # min-heap of the `ranked` best scores found so far
        key, phrasings, columns = reading.fuzzy_key, index.phrasing_keys, index.phrasing_columns
        ranked = self.ranked
        extract_one, ratio = process.extractOne, fuzz.ratio

        def compare(bound: _Bound, threshold: float) -> float | None:
            """The fact's score, unless its closest phrasing leaves it under `threshold`."""
            row, _, row_fixed, row_keep, row_foreign = bound
            cutoff = 0.0  # the percentage its closest phrasing must reach
            if threshold > 0.0:
                share = row_keep * foreign_penalty if row_foreign else row_keep
                if share > 0.0:
                    needed = 100.0 * (threshold / share - row_fixed) / fuzzy_weight - CUTOFF_SLACK
                    cutoff = min(max(needed, 0.0), 100.0)
            found = extract_one(key, phrasings[row], scorer=ratio, score_cutoff=cutoff)
            if found is None:
                return None
            row_fuzzy = as_float32(found[1]) / 100.0  # as cdist gives it
            row_total = (fuzzy_weight * row_fuzzy + row_fixed) * row_keep
            if row_foreign:
                row_total *= foreign_penalty
            row_total = min(max(row_total, 0.0), 1.0)
            fuzzy[row] = row_fuzzy
            total[row] = row_total
            closest[row] = columns[row][found[2]]
            if len(top) < ranked:
                heappush(top, row_total)
            elif row_total > top[0]:
                heapreplace(top, row_total)
            return row_total

        exact = tuple(exact_rows)
        if exact:
            for bound in bounds:
                if bound[0] in exact:
                    compare(bound, 0.0)
        # Every fact scores at least its lower bound, so the `ranked` best of those bound the
        # ranking's last score from below from the start; each fact compared may raise that.
        ranked_floor = sorted(lower, reverse=True)[ranked - 1] if 0 < ranked <= len(lower) else 0.0
        floor = self.floor.floor
        decision_floor = floor  # rises once the best fact that supplies what is asked is known
        masks: Sequence[Sequence[bool]] | None = None  # asked for only when they spare compares
        bests: list[float | None] = []  # per mask, the best score of the facts it holds
        bounds.sort(key=itemgetter(1), reverse=True)
        for bound in bounds:
            row, row_upper = bound[0], bound[1]
            if row in exact:
                continue
            if len(top) == ranked and top[0] > ranked_floor:
                ranked_floor = top[0]
            if row_upper < ranked_floor:  # only a fact that supplies what is asked may matter
                if row_upper < floor:
                    break  # nor may any after it: they are sorted by their bound
                if masks is None:
                    masks = eligibility() if eligibility is not None else ()
                    bests = [_best_of(mask, total, closest) for mask in masks]
                if masks and not any(mask[row] for mask in masks):
                    continue
                if masks and decision_floor == floor:
                    decision_floor = self._settled_floor(bests, row_upper)
                if row_upper < decision_floor:
                    continue
            row_total = compare(bound, min(ranked_floor, decision_floor))
            if row_total is not None and masks:
                for position, mask in enumerate(masks):
                    best = bests[position]
                    if mask[row] and (best is None or row_total > best):
                        bests[position] = row_total
        return ScoreRow(
            total=total,
            fuzzy=fuzzy,
            coverage=coverage,
            unexplained=unexplained,
            rare_unknown=salient_unknown,
            foreign=foreign,
            best_example=lambda row: closest.get(row, index.example_starts[row]),
        )

    def _settled_floor(self, bests: list[float | None], remaining: float) -> float:
        """The decision floor once no fact left (each scoring at most `remaining`) can beat the
        best of the facts that supply what is asked, under every mask; until then the lowest."""
        if any(best is None or best < remaining for best in bests):
            return self.floor.floor
        return min(self.floor.given_best(best) for best in bests if best is not None)

    def _foreign(self, entities: Iterable[str], offered: tuple[str, ...] = ()) -> list[bool]:
        """Per fact, whether the question names something the fact is not about; of names
        offered as a choice ("is Putin meeting Xi or Modi?"), one the fact is about is enough."""
        together: frozenset[int] | None = None  # the facts compatible with every one named
        for entity_id in entities:
            if entity_id in offered:
                continue
            rows = self.compatible.get(entity_id)
            if rows is not None:
                together = rows if together is None else together & rows
        # (a name every fact is compatible with, as the event's own city, is no evidence for
        # any: "did Putin land in Astana or Almaty?" is still about Almaty)
        either = [rows for e in offered if (rows := self.compatible.get(e)) is not None]
        if either:
            rows = frozenset().union(*either)
            together = rows if together is None else together & rows
        if together is None:
            return [False] * self.fact_count
        foreign = [True] * self.fact_count
        for row in together:
            foreign[row] = False
        return foreign


def _best_of(mask: Sequence[bool], total: list[float], scored: dict[int, int]) -> float | None:
    """The best score among the facts scored so far that `mask` holds."""
    return max((total[row] for row in scored if mask[row]), default=None)


def _weighted_sums(
    index: LanguageIndex, columns: dict[int, float], count: int, sharing: set[int]
) -> list[float]:
    """Per fact row, the sum of weight x strength over `columns`; the rows that know any of
    them are added to `sharing`."""
    sums = [0.0] * count
    postings = index.postings
    for column, weight in columns.items():
        for row, strength in postings.get(column, ()):
            sums[row] += weight * strength
            sharing.add(row)
    return sums


def _weights_known(index: LanguageIndex, columns: dict[int, float], count: int) -> list[float]:
    """Per fact row, the sum of the weights of the `columns` the fact knows."""
    sums = [0.0] * count
    postings = index.postings
    for column, weight in columns.items():
        for row, _ in postings.get(column, ()):
            sums[row] += weight
    return sums


def relies_on(index: LanguageIndex, reading: Reading, token: str) -> bool:
    """Whether a question relies on this word (not an entity): not a way of asking, and not an
    everyday word only an example's chatter holds, unless a curator named it a keyword."""
    return token not in index.cue_tokens and (
        token not in reading.everyday or token in index.keyword_tokens
    )
