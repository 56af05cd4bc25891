"""The matcher's tuning numbers as data: `knowledge/matcher.yaml`, validated here.

Deployment knobs live in Settings; how the matcher weighs its signals belongs to the knowledge
base it was tuned on, so a second knowledge base can carry its own numbers.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Tuning(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Thresholds(_Tuning):
    """When to answer, suggest, give a partial answer, or decline."""

    answer: float = Field(ge=0, le=1)
    suggest: float = Field(ge=0, le=1)
    margin: float = Field(ge=0, le=1)
    partial: float = Field(ge=0, le=1)
    dominant: float = Field(ge=0, le=1)
    dominant_margin: float = Field(ge=0, le=1)
    dominant_coverage: float = Field(ge=0, le=1)
    named_cue_coverage: float = Field(ge=0, le=1)
    claim: float = Field(ge=0, le=1)
    unexplained_who: float = Field(ge=0, le=1)

    @model_validator(mode="after")
    def _ordered(self) -> Thresholds:
        if self.suggest > self.answer:
            raise ValueError("thresholds: suggest must not be above answer")
        if not self.suggest <= self.claim <= self.answer:
            raise ValueError("thresholds: claim must be between suggest and answer")
        return self


class ScoringWeights(_Tuning):
    """How the matcher's signals combine into one score."""

    fuzzy: float = Field(ge=0, le=1)
    coverage: float = Field(ge=0, le=1)
    foreign_entity_penalty: float = Field(ge=0, le=1)
    list_member_share: float = Field(ge=0, le=1)
    short_word_length: int = Field(ge=0)
    short_unknown_factor: float = Field(ge=0, le=1)
    everyday_unknown_factor: float = Field(ge=0, le=1)
    unknown_cap: float = Field(gt=0)
    long_question: int = Field(ge=1)
    long_question_leniency: float = Field(ge=0)
    unexplained_penalty: float = Field(ge=0, le=1)


class FocusTuning(_Tuning):
    """How a long message is cut down to the part that asks."""

    min_words: int = Field(ge=1)
    min_clause_words: int = Field(ge=1)
    # a part this short that asks goes on with the part before ("...when he landed, which day?")
    elaboration_words: int = Field(ge=0)
    # another part answers for a part that says nothing ("is that fair?") by this lead
    other_part_margin: float = Field(ge=0, le=1)


class MatcherTuning(_Tuning):
    """Everything in `matcher.yaml`."""

    thresholds: Thresholds
    max_question_chars: int = Field(ge=10, le=4096)
    weights: ScoringWeights
    focus: FocusTuning
    smalltalk_cutoff: float = Field(ge=0, le=100)
    max_suggestions: int = Field(ge=1, le=8)
    suggestion_window: float = Field(ge=0, le=1)
