"""From scores and a frame to a decision: answer, partial answer, did-you-mean, or decline.

Every decision says which rule made it, so `--explain`, eval reports and replies read the
reason instead of working it out again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import NamedTuple

from bot.knowledge import Fact, KnowledgeBase, ListSpec
from bot.matching.frames import QuestionFrame
from bot.matching.index import ALTERNATIVE_MARK
from bot.matching.reading import ENTITY_MARK

RANKED = 10  # facts a decision lists by score: for gaps, explanations and inline results
ELIGIBILITY_CACHE = 4096  # (frame, names) -> which facts can answer: bounded memory


class DecisionKind(StrEnum):
    ANSWER = "answer"
    PARTIAL = "partial"  # the article has something close, but not what was asked
    SUGGEST = "suggest"
    DECLINE = "decline"
    SMALLTALK = "smalltalk"
    EMPTY = "empty"


class Rule(StrEnum):
    """Which rule decided, in the order they are tried."""

    SMALLTALK = "small talk"
    EMPTY = "nothing to read"
    ANSWERED = "the best fact supplies what is asked, clears the answer threshold and leads"
    # (or, a little below the threshold, leads every other fact by far)
    LIST_YES_NO = "a yes/no of the kind a list answers, about something it can name"
    LIST_CHOICE = "a choice between names of the kind a list answers: the listed one, not the rest"
    UNNAMED_NON_MEMBER = "a yes/no of the kind a list answers, about a name nobody listed: no"
    OTHER_SCOPE = "no fact covers the time asked about"
    FRAME_NOT_SUPPLIED = "the closest fact is on topic but does not give what is asked"
    ONLY_THOSE_NAMED = "asks for others besides the names it gives, and the fact has no others"
    CLAIM_CHECKED = "a yes/no of a kind only one close fact gives: that fact settles the claim"
    LONE_KIND = "asks a kind only one fact gives, and that fact is close enough to suggest"
    ONLY_WHAT_EVERY_ANSWER_GIVES = (
        "asks only what every answer gives (its source): the fact that is about it answers"
    )
    FALSE_PREMISE = "asks about a name a list says is not so ('why is it in Moscow?'): corrected"
    UNSURE = "a fact is close but not clearly enough: did you mean"
    NO_MATCH = "no fact is close enough"


class FactMatch(NamedTuple):
    """A fact and its score, as a decision ranks them (ten per question: a tuple is cheap)."""

    fact_id: str
    score: float


class Explanation(NamedTuple):
    """Why a decision came out as it did: the parts of the winning score and the runner-up
    (made for every question: a tuple is cheaper to build than a frozen dataclass)."""

    focus: str  # the part of the message that was read as the question
    fact_id: str | None = None  # the fact the rule was about (answered, partial or best)
    example: str | None = None  # that fact's example phrasing closest to the question
    fuzzy: float = 0.0
    coverage: float = 0.0
    unexplained: float = 0.0
    foreign_entity: bool = False
    runner_up: FactMatch | None = None
    margin: float = 0.0


@dataclass(frozen=True)
class Decision:
    """What to do with one question, with everything the reply layer needs to explain it."""

    question: str
    language: str
    kind: DecisionKind
    fact_id: str | None
    confidence: float
    ranking: tuple[FactMatch, ...]
    rule: Rule
    frame: QuestionFrame | None = None
    explanation: Explanation | None = None
    suggestions: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    unknown_entities: tuple[str, ...] = ()
    list_members: tuple[str, ...] = ()
    list_non_members: tuple[str, ...] = ()
    smalltalk_id: str | None = None


class ScoredQuestion(NamedTuple):
    """One question's reading and its scores against every fact, as the decider needs them
    (built for every question and read once: a tuple is cheaper than a frozen dataclass)."""

    question: str
    language: str
    focus: str
    frame: QuestionFrame
    entities: tuple[str, ...]
    offered: tuple[str, ...]  # entities offered as a choice ("is it in Astana or Tashkent?")
    topic: tuple[str, ...]  # tokens besides frame cues and names: what it is about
    tokens: tuple[str, ...]  # every token read, cue words and names included
    substantive: bool  # asks for a kind, names something or relies on a word: worth suggesting
    has_unknown_words: bool  # words no fact knows: a name the knowledge base has never seen
    asks_office: bool  # names an office ("leader", "president"), not only by a holder's alias
    other_offices: frozenset[int]  # rows of facts about holders of other offices than it names
    # per fact row: plain lists on the one-question path, numpy rows on the batch path
    total: Sequence[float]
    fuzzy: Sequence[float]
    coverage: Sequence[float]
    unexplained: Sequence[float]
    foreign: Sequence[bool]
    example_of: Callable[[int], str]  # fact row -> its closest example phrasing


class Decider:
    """Applies the rules in order; knows the facts' frames and lists, not how scores are made."""

    def __init__(self, knowledge: KnowledgeBase) -> None:
        self.knowledge = knowledge
        self.tuning = knowledge.tuning
        self.facts = knowledge.facts
        self.fact_ids = [fact.id for fact in self.facts]
        default_scope = knowledge.frames.default_scope
        self._scopes = [frozenset(fact.scopes or [default_scope]) for fact in self.facts]
        self._answers = [frozenset(fact.answers) for fact in self.facts]
        self._entities = knowledge.entities
        self._eligible_by_frame: dict[tuple[object, ...], list[bool]] = {}
        self._yes_no_lists_by_frame: dict[tuple[object, ...], tuple[int, ...]] = {}
        self._list_facts = [(row, fact) for row, fact in enumerate(self.facts) if fact.listing]
        # per fact, the people it names: a who-question naming all of them asks about someone
        # else when the fact leaves most of it unexplained (`thresholds.unexplained_who`)
        self._people = [
            frozenset(entity for entity in fact.entities if knowledge.entities[entity].pronoun)
            for fact in self.facts
        ]
        # every threshold is met within TIE: the float32 batch and float64 lean paths alike
        self._thresholds = self.tuning.thresholds.model_copy(
            update={name: value - TIE for name, value in self.tuning.thresholds}
        )
        self._default_scope = default_scope
        # Kinds some fact answers about the event itself ("when is it?"). A question of another
        # kind that names no time ("what did the summit decide?") is about the event too, not
        # about the one other time a fact happens to give that kind for (last year's statement).
        self._current_kinds = frozenset(
            kind
            for answers, scopes in zip(self._answers, self._scopes, strict=True)
            if default_scope in scopes
            for kind in answers
        )
        # ...and kinds no fact answers at all ("how did NATO react?"): no other time to move off
        self._answered_kinds = frozenset(kind for answers in self._answers for kind in answers)
        # ...and the kinds (`lone_kinds`) only one fact gives: (kind, its row)
        self._lone_kinds = {
            kind: rows[0]
            for kind in self.knowledge.frames.lone_kinds
            if len(rows := [row for row, answers in enumerate(self._answers) if kind in answers])
            == 1
        }

    def decide(self, scored: ScoredQuestion) -> Decision:
        thresholds = self._thresholds
        frame = scored.frame
        if (
            frame.scope is None
            and frame.kind in self._answered_kinds
            and frame.kind not in self._current_kinds
        ):
            frame = replace(frame, scope=self._default_scope)
        if self._asks_officeholder(frame, scored):
            # whoever holds it: a list of countries says who comes, not who comes for them
            frames = self.knowledge.frames
            frame = replace(frame, kind=frames.office_kind, kind_cue=frames.offices, yes_no=False)
        # plain floats: cheaper than numpy scalars one by one (a numpy row has tolist; the lean
        # path's list is its own, read here and never changed); every threshold below is met
        # within TIE, so the float32 batch and the float64 lean path meet it alike
        total = scores = _as_floats(scored.total)
        order = _best_first(scores)
        fact_ids = self.fact_ids
        ranking = tuple([FactMatch(fact_ids[row], round(scores[row], 4)) for row in order[:RANKED]])
        unknown_entities = tuple(
            entity_id for entity_id in scored.entities if not self._entities[entity_id].in_article
        )
        eligible = self._eligible(frame, scored.entities)
        people = frozenset(e for e in scored.entities if self._entities[e].pronoun)
        if frame.kind == self.knowledge.frames.office_kind or (frame.yes_no and len(people) > 1):
            eligible = [
                fit and self._tells_of_the_people_asked(row, frame, scored, people)
                for row, fit in enumerate(eligible)
            ]
        eligible_order = [row for row in order if eligible[row]]
        best_any = order[0]

        def decision(
            kind: DecisionKind, rule: Rule, row: int, fact_id: str | None = None, **fields: object
        ) -> Decision:
            return Decision(
                question=scored.question,
                language=scored.language,
                kind=kind,
                fact_id=fact_id,
                confidence=round(scores[row], 4),
                ranking=ranking,
                rule=rule,
                frame=frame,
                explanation=self._explain(scored, row, order, ranking),
                entities=scored.entities,
                unknown_entities=unknown_entities,
                **fields,  # type: ignore[arg-type]
            )

        if (premise := self._false_premise(scored)) is not None:
            row, non_members = premise
            return decision(
                DecisionKind.ANSWER,
                Rule.FALSE_PREMISE,
                row,
                fact_id=self.fact_ids[row],
                list_non_members=non_members,
            )
        listed = self._list_yes_no(scored)
        if listed is not None:
            row, members, non_members = listed
            return decision(
                DecisionKind.ANSWER,
                Rule.LIST_CHOICE
                if self._chooses(scored, row, members, non_members)
                else Rule.LIST_YES_NO
                if members or non_members
                else Rule.UNNAMED_NON_MEMBER,
                row,
                fact_id=self.fact_ids[row],
                list_members=members,
                list_non_members=non_members,
            )
        if eligible_order:
            best = eligible_order[0]
            if total[best] >= thresholds.suggest and self._holder_then_unnamed(frame, scored, best):
                # "who was China's leader when the SCO was founded?": the founders are countries
                # (a fact scoring under `suggest` is no closest fact, nor exactly scored on the
                # lean path)
                return decision(
                    DecisionKind.PARTIAL,
                    Rule.FRAME_NOT_SUPPLIED,
                    best,
                    suggestions=(self.fact_ids[best],),
                )
            rivals = eligible_order[1:]
            if frame.scope is None and self._default_scope in self._scopes[best]:
                # no time named: this summit's facts compete, another time's only if it leads
                rivals = [row for row in rivals if self._default_scope in self._scopes[row]]
            runner_up = float(total[rivals[0]]) if rivals else 0.0
            # a lead of exactly the margin answers on both paths, whatever float rounding did
            lead = total[best] - runner_up + TIE
            if (total[best] >= thresholds.answer and lead >= thresholds.margin) or (
                total[best] >= thresholds.dominant
                and lead >= thresholds.dominant_margin
                # what it says besides names ("has Iran *reacted*?") must be half explained
                and (not scored.topic or scored.coverage[best] >= thresholds.dominant_coverage)
            ):
                if frame.asks_others and self._names_only_those_asked(best, scored.entities):
                    # "who else founded it besides China and Russia?": the article names no more
                    frame = replace(frame, kind=self.knowledge.frames.others_kind or frame.kind)
                    return decision(
                        DecisionKind.PARTIAL,
                        Rule.ONLY_THOSE_NAMED,
                        best,
                        suggestions=(self.fact_ids[best],),
                    )
                members, non_members = (
                    # "who else besides Russia?" asks for the whole list, not yes or no; "when
                    # did China found it?" for what the fact says of its members
                    ((), ())
                    if frame.asks_others
                    or (not frame.yes_no and self._answers_plainly(best, frame))
                    else self._list_answer(self.facts[best], scored)
                )
                if members and not self._list_settles(best, frame):
                    # "was it set up by China and Russia in the 90s?": the names are right, the
                    # rest of the claim is the fact's to settle, so no "Yes"
                    members = ()
                return decision(
                    DecisionKind.ANSWER,
                    Rule.LIST_CHOICE
                    if self._chooses(scored, best, members, non_members)
                    else Rule.ANSWERED,
                    best,
                    fact_id=self.fact_ids[best],
                    list_members=members,
                    list_non_members=non_members,
                )
        if (lone := self._lone_fact(frame, eligible_order, scores)) is not None:
            return decision(DecisionKind.ANSWER, Rule.LONE_KIND, lone, fact_id=self.fact_ids[lone])
        if (claimed := self._claim_settled_by(frame, eligible_order, scores)) is not None:
            return decision(
                DecisionKind.ANSWER, Rule.CLAIM_CHECKED, claimed, fact_id=self.fact_ids[claimed]
            )
        if (own := self._about_what_every_answer_gives(scored, eligible_order, scores)) is not None:
            return decision(
                DecisionKind.ANSWER,
                Rule.ONLY_WHAT_EVERY_ANSWER_GIVES,
                own,
                fact_id=self.fact_ids[own],
            )
        # Asking about a time the best fact is not about (no fact is about "the next summit").
        asks_other_time = frame.scope is not None and frame.scope not in self._scopes[best_any]
        # ...unless a fact about that time is close too ("what year did the SCO come into
        # existence?" is closest to the summit's dates, but the founding is close enough)
        about_that_time = bool(eligible_order) and total[eligible_order[0]] >= thresholds.suggest
        if asks_other_time and total[best_any] >= thresholds.suggest and not about_that_time:
            # "where was last year's summit held?": a fact about that time is on topic but gives
            # another kind (it was virtual): say what it does say (ranked, so scored exactly)
            of_that_time = next(
                (row for row in order[:RANKED] if frame.scope in self._scopes[row]), None
            )
            if (
                frame.kind is not None
                and of_that_time is not None
                and total[of_that_time] >= thresholds.partial
            ):
                return decision(
                    DecisionKind.PARTIAL,
                    Rule.FRAME_NOT_SUPPLIED,
                    of_that_time,
                    suggestions=(self.fact_ids[of_that_time],),
                )
            return decision(DecisionKind.DECLINE, Rule.OTHER_SCOPE, best_any)
        if (
            not eligible[best_any]
            and total[best_any] >= thresholds.partial
            # "the article doesn't say where" is only honest when no fact that says where is close
            and not (eligible_order and total[eligible_order[0]] >= thresholds.suggest)
        ):
            related = self._related_to_qualifier(frame, order, scores) or best_any
            return decision(
                DecisionKind.PARTIAL,
                Rule.FRAME_NOT_SUPPLIED,
                best_any,
                suggestions=(self.fact_ids[related],),
            )
        if scored.substantive and eligible_order and total[eligible_order[0]] >= thresholds.suggest:
            top = float(total[eligible_order[0]])
            floor = self._suggestion_floor(top)
            suggestions = tuple(
                self.fact_ids[row]
                for row in eligible_order[: self.tuning.max_suggestions]
                if total[row] >= floor
            )
            return decision(
                DecisionKind.SUGGEST, Rule.UNSURE, eligible_order[0], suggestions=suggestions
            )
        return decision(DecisionKind.DECLINE, Rule.NO_MATCH, best_any)

    def _about_what_every_answer_gives(
        self, scored: ScoredQuestion, eligible_order: list[int], scores: list[float]
    ) -> int | None:
        """ "what are you basing these answers on?": a question asking nothing but what every
        answer gives (where it comes from), naming nothing, is asked of the fact about that
        (the article's sources) when it is the closest and close enough to suggest."""
        frame = scored.frame
        if (
            frame.kind not in self.knowledge.frames.given_with_answers
            or frame.yes_no
            or scored.entities
            or scored.topic
            or not eligible_order
        ):
            return None
        best = eligible_order[0]
        if frame.kind not in self._answers[best] or scores[best] < self._thresholds.suggest:
            return None
        return best

    def _eligible(self, frame: QuestionFrame, entities: tuple[str, ...]) -> list[bool]:
        """Which facts can answer a question of this frame naming these entities; the same
        few frames come again and again, so each is worked out once (bounded)."""
        key = (
            frame.kind,
            frame.also,
            frame.scope,
            frame.yes_no,
            frame.asks_others,
            frame.asks_individual,
            entities,
        )
        found = self._eligible_by_frame.get(key)
        if found is None:
            if len(self._eligible_by_frame) >= ELIGIBILITY_CACHE:
                self._eligible_by_frame.clear()
            found = [self._supplies(row, frame, entities) for row in range(len(self.facts))]
            self._eligible_by_frame[key] = found
        return found

    def _supplies(self, row: int, frame: QuestionFrame, entities: tuple[str, ...]) -> bool:
        """Whether fact `row` can answer a question of this frame at all."""
        if frame.scope is not None and frame.scope not in self._scopes[row]:
            return False
        if frame.asks_individual and not self._people[row]:
            return False  # "which Kremlin official said so?": the Kremlin's statement names no one
        listing = self.facts[row].listing
        # (a yes/no of the kind the list answers is answered from it, members or not)
        if (
            listing is not None
            and frame.kind != "list"
            and not (frame.yes_no and frame.kind == listing.yes_no_kind)
            # "astana or almaty, which one is it?": the kind the list answers, asked of names
            # one of which is on it, is answered from it
            and not (
                frame.kind == listing.yes_no_kind
                and any(entity in listing.members for entity in entities)
            )
        ):
            named = self._named_of_types(entities, listing.entity_types)
            # A list whose other answers hold for its members ("when did China found it?")
            # says nothing of anyone else ("when did Pakistan join?", "what about Kazakhstan's
            # role?"), whatever is asked; but next to a person, the event's setting is where
            # they are, not their country ("what's Putin doing in Kazakhstan?")
            others = {e for e in named if not (listing.yes_no_about and self._entities[e].setting)}
            if not listing.members_only and not others <= set(listing.members):
                return False
            # A list says who is in it, not who leads a member's delegation or when it arrives;
            # "who's coming besides Russia and China?" names members only to leave them out
            if listing.members_only and named and frame.kind is not None and not frame.asks_others:
                return False
        return (
            frame.kind is None
            or frame.kind in self._answers[row]
            or (frame.also is not None and frame.also in self._answers[row])
        )

    def _says_more(self, row: int) -> bool:
        """Whether fact `row`'s other answers hold for the members of its list."""
        listing = self.facts[row].listing
        return listing is not None and not listing.members_only

    def _answers_plainly(self, row: int, frame: QuestionFrame) -> bool:
        """Whether a question that is no yes/no gets fact `row`'s own answer, not a yes or no
        about the names it gives: its list's other answers hold for the members ("when did
        China found it?"), or it asks what the list answers ("astana or almaty, which?": "The
        summit is held in Astana", no "No:")."""
        listing = self.facts[row].listing
        return self._says_more(row) or (listing is not None and frame.kind == listing.yes_no_kind)

    def _names_only_those_asked(self, row: int, entities: tuple[str, ...]) -> bool:
        """Whether every name fact `row` gives, of the kinds the question names, is already in
        the question: then it has no others to give."""
        named = {e for e in entities if not self._entities[e].ambient}
        fact = self.facts[row]
        if not named:
            # "who were the other founders?": a fact that names a few, not a list, has no others
            # to give; a list ("who else is coming?") is the answer itself
            return (fact.listing is None or not fact.listing.members_only) and any(
                e in self._entities and not self._entities[e].ambient for e in fact.entities
            )
        types = {self._entities[e].type for e in named}
        given = fact.listing.members if fact.listing is not None else fact.entities
        of_types = {e for e in given if e in self._entities and self._entities[e].type in types}
        return bool(of_types) and of_types <= named

    def _related_to_qualifier(
        self, frame: QuestionFrame, order: list[int], scores: list[float]
    ) -> int | None:
        """ "Why in Astana?": what the article does say is where, if a fact that says where is
        close enough to suggest beside the best (both scoring paths score those alike)."""
        if frame.qualifier is None or not order:
            return None
        floor = self._suggestion_floor(scores[order[0]])
        for row in order:
            if scores[row] < floor:
                return None
            if frame.qualifier in self._answers[row]:
                return row
        return None

    def _chooses(
        self,
        scored: ScoredQuestion,
        row: int,
        members: tuple[str, ...],
        non_members: tuple[str, ...],
    ) -> bool:
        """Whether a question offers a choice between a name fact `row` lists (or whom its list
        is about: "is Putin *the president of Russia* or China?") and names it does not."""
        offered = scored.offered
        listing = self.facts[row].listing
        right = (*members, *listing.yes_no_about) if listing is not None else members
        return any(e in offered for e in right) and any(e in offered for e in non_members)

    def _subjects(self, scored: ScoredQuestion) -> tuple[str, ...]:
        """The names a question asks about: not the event's setting where it only says which
        event ("is the US at the summit in Kazakhstan?" asks nothing about Kazakhstan)."""
        if not scored.frame.setting_named:
            return scored.entities
        return tuple(e for e in scored.entities if not self._entities[e].setting)

    def _asked_about(self, scored: ScoredQuestion) -> tuple[str, ...]:
        """`_subjects`, and the names offered as a choice even where they are the event's own
        ("is it in Astana or Tashkent?" asks about Astana too)."""
        subjects = self._subjects(scored)
        if not scored.offered:
            return subjects
        return tuple(e for e in scored.entities if e in subjects or e in scored.offered)

    def _named_of_types(
        self,
        entities: tuple[str, ...],
        types: tuple[str, ...],
        own_names_asked: tuple[str, ...] = (),
    ) -> list[str]:
        """The entities of these types, but not the event's own names (its city) unless asked
        about (`_offered_members`)."""
        return [
            entity_id
            for entity_id in entities
            if self._entities[entity_id].type in types
            and (not self._entities[entity_id].ambient or entity_id in own_names_asked)
        ]

    @staticmethod
    def _offered_members(scored: ScoredQuestion, listing: ListSpec) -> tuple[str, ...]:
        """The event's own names a question offers as a choice that a list holds ("is it in
        Astana or Tashkent?"): asked about; one the list does not hold ("did Putin land in
        Astana or Almaty?", a list of countries) is only which event."""
        return tuple(e for e in scored.offered if e in listing.members)

    def _list_settles(self, row: int, frame: QuestionFrame) -> bool:
        """Whether a yes/no is settled by the names on a fact's list: it asks no kind, or the
        kind the list answers ("is it held in China?"), not a date or a number beside them."""
        listing = self.facts[row].listing
        return frame.kind is None or (listing is not None and frame.kind == listing.yes_no_kind)

    def _list_answer(
        self, fact: Fact, scored: ScoredQuestion
    ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Which of the entities the question names are on the fact's list, and which are not."""
        if fact.listing is None:
            return (), ()
        named = self._named_of_types(
            self._asked_about(scored),
            fact.listing.entity_types,
            self._offered_members(scored, fact.listing),
        )
        return _split_members(named, fact.listing.members)

    def yes_no_lists(
        self, frame: QuestionFrame, entities: tuple[str, ...] | None = None
    ) -> tuple[int, ...]:
        """The list facts a yes/no of this frame (naming these entities, if known) is answered
        from, or whose names a qualified question takes for granted ("why is it in Moscow?"),
        whatever their rank (the lean scorer scores them in full). Asked twice per question
        (scoring, then deciding), of the same few frames: each is worked out once."""
        if frame.yes_no:
            kind = frame.kind
        elif frame.qualifier is not None and not frame.negated:
            kind = frame.qualifier
        else:
            return ()
        key = (kind, frame.yes_no, frame.scope, entities)
        found = self._yes_no_lists_by_frame.get(key)
        if found is None:
            if len(self._yes_no_lists_by_frame) >= ELIGIBILITY_CACHE:
                self._yes_no_lists_by_frame.clear()
            found = self._lists_answering(kind, frame.scope, entities)
            self._yes_no_lists_by_frame[key] = found
        return found

    def _lists_answering(
        self, kind: str | None, scope: str | None, entities: tuple[str, ...] | None
    ) -> tuple[int, ...]:
        """The list facts a yes/no asking `kind` about `scope` (naming `entities`) reads."""
        return tuple(
            row
            for row, fact in self._list_facts
            if fact.listing is not None
            and (
                entities is None
                or not fact.listing.yes_no_about
                or any(entity in fact.listing.yes_no_about for entity in entities)
            )
            and (
                (kind is not None and fact.listing.yes_no_kind == kind)
                or (kind is None and scope is not None and fact.listing.yes_no_scope == scope)
                or (kind is None and bool(fact.listing.yes_no_about))
            )
            and (scope is None or scope in self._scopes[row])
        )

    def _holder_then_unnamed(self, frame: QuestionFrame, scored: ScoredQuestion, row: int) -> bool:
        """Whether a question asks who held an office at another time than the event's, of a
        fact that names no person: the office's holder then is someone it does not name."""
        return (
            scored.asks_office
            and frame.kind == self.knowledge.frames.office_kind
            and frame.scope not in (None, self._default_scope)
            and not any(self._entities[e].pronoun for e in self.facts[row].entities)
        )

    def _false_premise(self, scored: ScoredQuestion) -> tuple[int, tuple[str, ...]] | None:
        """ "Why is the summit in Moscow?": a kind asked about another ("why" of where) that
        takes for granted a name the list answering that other kind does not hold; the list
        answers it ("No: ... in Astana, not in Russia"), not the reason nobody gives."""
        frame = scored.frame
        if frame.yes_no or frame.qualifier is None or frame.negated or not scored.entities:
            return None
        for row in self.yes_no_lists(frame, scored.entities):
            listing = self.facts[row].listing
            assert listing is not None
            named = self._named_of_types(
                scored.entities, (*listing.entity_types, *listing.yes_no_types)
            )
            members, non_members = _split_members(named, listing.members)
            if non_members and not members:
                return row, non_members
        return None

    def _list_yes_no(
        self, scored: ScoredQuestion
    ) -> tuple[int, tuple[str, ...], tuple[str, ...]] | None:
        """ "Is it held in China?", "is it in Tashkent?", "did India found the SCO?": a yes/no
        of the kind (or about the time) a list fact answers is answered from that list, yes for
        members and no for anything else it names."""
        frame = scored.frame
        if not frame.yes_no or (frame.asks_others and frame.kind is None):
            return None  # "any other founders besides China?" asks for the rest
        thresholds = self._thresholds
        # lists about a person come only when the question names them ("did Putin land in
        # Uzbekistan?"; "the war in Ukraine?" names no one)
        for row in self.yes_no_lists(frame, scored.entities):
            fact = self.facts[row]
            listing = fact.listing
            assert listing is not None
            types = (*listing.entity_types, *listing.yes_no_types)
            # "is Iran at the summit in Kazakhstan?": Kazakhstan only says which summit
            named = self._named_of_types(
                self._asked_about(scored), types, self._offered_members(scored, listing)
            )
            about = listing.yes_no_about
            if about and not (frame.kind is not None and listing.yes_no_kind == frame.kind):
                # not of the kind the list answers: "is Erdogan the president of Iran?" asks no
                # kind, and says nothing but names and offices
                if frame.kind is not None or listing.yes_no_kind is not None:
                    continue  # ("is Putin the Turkish president?": not where he landed)
                # "is Xi coming to Kazakhstan?" names the event's setting, not Xi's country;
                # a member ("is Erdogan Turkey's prime minister?") is the fact's own answer
                named = [e for e in named if not self._entities[e].setting]
                if not named or set(named) <= set(listing.members):
                    continue
                # only names and offices: "is Putin meeting the Iranian president?" asks more
                if not all(t[:1] in (ENTITY_MARK, ALTERNATIVE_MARK) for t in scored.tokens):
                    continue
            named_cue = frame.kind_cue is not None and ENTITY_MARK in frame.kind_cue
            if scored.topic and (
                (named_cue and scored.coverage[row] < thresholds.named_cue_coverage)
                # "best plov place in Almaty?" relies on words the list does not explain
                or float(scored.unexplained[row]) > 0.5
            ):
                # "will it end the war in Ukraine?" only looks like "in Ukraine?": the list
                # fact must explain the question, not just hold the kind of name in it; "is it
                # in Tashkent?" says nothing besides the name, so there is nothing to explain
                continue
            if any(  # "is Putin in Kazakhstan?" asks about Putin, not where the list's event is
                not self._entities[entity].ambient
                and self._entities[entity].type not in types
                and entity not in about
                for entity in scored.entities
            ):
                continue
            if (
                not named
                and frame.kind is not None
                and frame.kind == listing.yes_no_kind
                and scored.total[row] >= thresholds.answer
            ):
                # "is the summit in Astana?": the event's own place is named, and is a member (the
                # fact must explain the rest: "is *that* going to happen in Astana?" asks more)
                named = [e for e in scored.entities if e in listing.members]
            if named:
                return row, *_split_members(named, listing.members)
            if scored.has_unknown_words and fact.text(scored.language).unnamed_answer:
                return row, (), ()
        return None

    def _suggestion_floor(self, best: float) -> float:
        """The score a fact needs to be suggested beside the best (DecisionFloor mirrors it)."""
        return max(self._thresholds.suggest, best - self.tuning.suggestion_window)

    def _tells_of_the_people_asked(
        self, row: int, frame: QuestionFrame, scored: ScoredQuestion, people: frozenset[str]
    ) -> bool:
        """Whether fact `row` says anything of the `people` a question asks about (the names
        it gives that "he" or "she" can stand for), as far as the frame check can't tell (it is
        one frame for every fact; a yes/no naming one person at most is told of by every fact
        of another kind than an office)."""
        involves = self.facts[row].involves
        if frame.yes_no and len(people) > 1 and involves and people.isdisjoint(involves):
            return False  # "are Xi and Erdogan meeting each other?": Putin's meetings don't say
        if frame.kind != self.knowledge.frames.office_kind:
            return True
        if not people and row in scored.other_offices:
            # "who is Russia's prime minister?", naming no one by name: not Putin, whose fact
            # names him its president ("is Xi the premier?" asks what Xi is: his fact says no)
            return False
        if frame.asks_fellow_travellers and not frame.yes_no:
            return False  # "who's going with him?": no fact says who came along with anyone
        # "who greeted Putin when he landed?": his arrival names no one but him, and does not
        # explain what the question says he had done to him; "who flew in with Putin?" asks
        # for others than him
        return frame.yes_no or not (
            self._people[row]
            and self._people[row] <= set(scored.entities)
            and (frame.asks_company or scored.unexplained[row] > self._thresholds.unexplained_who)
        )

    def without_other_offices(
        self,
        eligible: list[bool],
        frame: QuestionFrame,
        entities: tuple[str, ...],
        other_offices: frozenset[int],
    ) -> list[bool]:
        """`eligible` less the facts about holders of other offices, where a who-question naming
        no one by name leaves them out (`_tells_of_the_people_asked`): the lean scorer compares
        what the decision reads."""
        if frame.kind != self.knowledge.frames.office_kind or any(
            self._entities[entity].pronoun for entity in entities
        ):
            return eligible
        return [fit and row not in other_offices for row, fit in enumerate(eligible)]

    def _asks_officeholder(self, frame: QuestionFrame, scored: ScoredQuestion) -> bool:
        """A yes/no about an office and no one by name ("is the Mongolian president coming?"):
        it asks about whoever holds the office, which a list of countries does not say."""
        frames = self.knowledge.frames
        named = [self._entities[entity] for entity in scored.entities]
        return (
            frames.office_kind is not None
            and frames.offices is not None
            and frame.yes_no
            and frame.kind is None
            and not frame.question_word
            # this summit's: "did the Kyrgyz president found the SCO?" asks about the founders
            and frame.scope in (None, self._default_scope)
            and ALTERNATIVE_MARK + frames.offices in scored.tokens
            # no one by name (a name "he" or "she" can stand for), and only names the article
            # gives: "is the US president coming?" is answered by the US not being listed
            and not any(entity.pronoun for entity in named)
            and all(entity.in_article for entity in named)
        )

    def _lone_fact(
        self, frame: QuestionFrame, eligible_order: list[int], scores: list[float]
    ) -> int | None:
        """The one fact that gives what is asked ("what went down at the previous summit?" asks
        for an outcome, which only last year's statement gives), when it is the closest fact
        that supplies it and close enough to be a lone did-you-mean."""
        row = self._lone_kinds.get(frame.kind or "")
        if row is None or not eligible_order or eligible_order[0] != row:
            return None
        return row if scores[row] >= self._thresholds.claim else None

    def _claim_settled_by(
        self, frame: QuestionFrame, eligible_order: list[int], scores: list[float]
    ) -> int | None:
        """The fact that settles a yes/no claim of a kind it gives ("was the SCO set up as a trade
        bloc?", "will it last a full week?"): what it does not explain is the claim, not a sign
        it is the wrong fact, when no other fact giving that kind is close enough to suggest."""
        # a question word asks rather than claims: "is that true? and who exactly?"
        if not (frame.yes_no and frame.kind is not None and eligible_order) or frame.question_word:
            return None
        if frame.scope is None:  # a claim naming no time is about the event itself
            eligible_order = [
                row for row in eligible_order if self._default_scope in self._scopes[row]
            ]
            if not eligible_order:
                return None
        thresholds = self._thresholds
        best = eligible_order[0]
        if scores[best] < thresholds.claim:
            return None
        # the lone did-you-mean: every rule reads the other facts from this floor up
        floor = self._suggestion_floor(scores[best])
        if any(scores[row] >= floor for row in eligible_order[1:]):
            return None
        return best

    def _explain(
        self, scored: ScoredQuestion, row: int, order: list[int], ranking: tuple[FactMatch, ...]
    ) -> Explanation:
        # the runner-up is the best fact other than `row`: the first or second of the ranking
        runner = None
        for position, other in enumerate(order[:2]):
            if other != row:
                runner = position
                break
        total = scored.total
        return Explanation(
            focus=scored.focus,
            fact_id=self.fact_ids[row],
            example=scored.example_of(row),
            fuzzy=round(float(scored.fuzzy[row]), 4),
            coverage=round(float(scored.coverage[row]), 4),
            unexplained=round(float(scored.unexplained[row]), 4),
            foreign_entity=bool(scored.foreign[row]),
            runner_up=None if runner is None else ranking[runner],
            # from the row itself: the batch path subtracts in float32
            margin=0.0 if runner is None else round(float(total[row] - total[order[runner]]), 4),
        )


def _as_floats(row: Sequence[float]) -> list[float]:
    """A row of scores as a list of Python floats: the lean path's list as it is, a numpy row
    converted (exactly) in one call."""
    if isinstance(row, list):
        return row
    to_list = getattr(row, "tolist", None)
    return to_list() if to_list is not None else list(row)


def _split_members(named: list[str], members: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The named entities on the list, and those not on it."""
    return (
        tuple(entity_id for entity_id in named if entity_id in members),
        tuple(entity_id for entity_id in named if entity_id not in members),
    )


TIE = 1e-6  # scores this close are equal: the batch path adds in float32, the lean one in float64


def _best_first(scores: list[float]) -> list[int]:
    """Fact rows by score, best first, equal scores in fact order (so both paths rank ties
    alike). Only facts that score are sorted: a big knowledge base scores few of its facts; the
    rest follow, as far as a ranking of RANKED needs them."""
    order = [row for row, score in enumerate(scores) if score > 0.0]
    order.sort(key=scores.__getitem__, reverse=True)
    start = 0
    for position in range(1, len(order) + 1):
        if position == len(order) or scores[order[start]] - scores[order[position]] > TIE:
            if position - start > 1:
                order[start:position] = sorted(order[start:position])
            start = position
    if len(order) <= RANKED:
        order += [row for row, score in enumerate(scores) if not score > 0.0][: RANKED + 1]
    return order
