"""What a question asks for: its kind (date, place, person, count, ...), yes/no form and scope.

This is the answer-type check of classic question answering (Li & Roth's question classes,
Watson's lexical answer type): a fact may only answer a question whose frame it supplies, so
"how many members does the SCO have?" is not answered with the attendee list. The cue words are
data (`frames.<lang>.yaml`); this module only finds them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from bot.knowledge import FrameCues, FrameSchema
from bot.matching.focus import embedding_pattern
from bot.matching.reading import ENTITY_MARK, Mention

YEAR_RANGE = range(1900, 2100)  # four digits read as a year, not a count
ALTERNATIVE_GAP = 2  # words besides "or" between two names offered as a choice ("or is it")
SPECIFIC_REACH = 3  # words between "exactly" and the cue it sharpens ("when *exactly*")


@dataclass(frozen=True)
class QuestionFrame:
    """What a question asks for; `kind` None asks for nothing in particular."""

    kind: str | None
    yes_no: bool
    scope: str | None  # None: no time named, any fact's time will do
    kind_cue: str | None = None  # the words that set the kind, for explanations
    scope_cue: str | None = None
    asks_others: bool = False  # "who else besides ...": more than the names it gives
    asks_company: bool = False  # "who flew in with Putin?": who was with the one named, not them
    asks_fellow_travellers: bool = False  # "who's going with him?": whoever came along
    asks_individual: bool = False  # "which Kremlin official?": a person, not the body named
    # "is the US at the summit *in Kazakhstan*?": a name there only says which event
    setting_named: bool = False
    qualifier: str | None = None  # the other kind a qualified kind asks about ("why *there*")
    also: str | None = None  # a second kind joined to the first ("where and when?"): either does
    # a question word asks ("who", "когда"): "is that true? and who?" asks who, it claims nothing
    question_word: bool = False
    negated: bool = False  # "why *didn't* they hold it in Russia?": the opposite is taken as given


@dataclass(frozen=True)
class _Cue:
    value: str
    weak: bool
    order: int
    describes_earlier: bool = False  # placing a name after one of its type only describes it


@dataclass(frozen=True)
class Phrases:
    """Cue phrases looked for anywhere in a question ("is that true", "besides")."""

    phrases: frozenset[tuple[str, ...]]
    sizes: tuple[int, ...]
    first_words: frozenset[str]

    @classmethod
    def of(cls, cues: Sequence[str], normalise: Callable[[str], str]) -> Phrases:
        phrases = frozenset(_cue_words(cue, normalise) for cue in cues) - {()}
        return cls(
            phrases,
            tuple(sorted({len(phrase) for phrase in phrases})),
            frozenset(phrase[0] for phrase in phrases),
        )

    def end(self, words: Sequence[str]) -> bool:
        """Whether `words` end with one of the phrases."""
        return any(
            tuple(words[-size:]) in self.phrases for size in self.sizes if size <= len(words)
        )

    def first_span(self, words: Sequence[str]) -> tuple[int, int] | None:
        """Where the first phrase in `words` is, start and end: the longest of those starting
        first."""
        for start, word in enumerate(words):
            if word in self.first_words:
                for size in reversed(self.sizes):
                    if tuple(words[start : start + size]) in self.phrases:
                        return start, start + size
        return None

    def found_in(self, words: Sequence[str]) -> bool:
        return any(
            tuple(words[start : start + size]) in self.phrases
            for start, word in enumerate(words)
            if word in self.first_words
            for size in self.sizes
        )


def _add_cues(
    table: dict[tuple[str, ...], _Cue],
    phrases: Sequence[str],
    cue: _Cue,
    normalise: Callable[[str], str],
) -> None:
    """Index cue phrases as word tuples; the first kind or scope to list a phrase keeps it.
    "@person" in a cue stands for any name of that type ("what did @person say")."""
    for phrase in phrases:
        if words := _cue_words(phrase, normalise):
            table.setdefault(words, cue)


def _add_spellings(
    table: dict[tuple[str, ...], _Cue], spellings: Mapping[str, Sequence[str]]
) -> None:
    """Cues also stand with a word spelt as people type it ("wat time" is "what time"), one
    word respelt at a time; a cue listed as it is comes first."""
    for words, cue in list(table.items()):
        for position, word in enumerate(words):
            for spelt in spellings.get(word, ()):
                table.setdefault((*words[:position], spelt, *words[position + 1 :]), cue)


def _add_exactly_asked(
    table: dict[tuple[str, ...], _Cue],
    cues: FrameCues,
    schema: FrameSchema,
    normalise: Callable[[str], str],
) -> None:
    """ "on which *exact* day...": a cue opening with a word asking for a type of thing also
    stands with a word asking it exactly after that word, for a kind asked exactly of its own
    (`specific_kinds`); the word is then near the cue, and the kind is asked exactly. Not
    before a verb: "what exactly did they say?" only stresses what it asks."""
    openers = frozenset(normalise(word) for word in cues.answer_type_words)
    verbs = frozenset(normalise(word) for word in cues.yes_no_starters)
    for words, cue in list(table.items()):
        exact = schema.specific_kinds.get(cue.value)
        if (
            len(words) < 2
            or words[0] not in openers
            or words[1] in verbs
            or exact not in cues.specific_cues
        ):
            continue
        for word in cues.specific_cues[exact]:
            if " " not in (exactly := normalise(word)):
                table.setdefault((words[0], exactly, *words[1:]), cue)


def _cue_words(phrase: str, normalise: Callable[[str], str]) -> tuple[str, ...]:
    """A cue phrase as the words frames read: "@person" stays the type it stands for."""
    return tuple(
        normalised
        for word in phrase.split()
        for normalised in ((word,) if word.startswith(ENTITY_MARK) else normalise(word).split())
    )


def find_phrase(words: Sequence[str], phrase: tuple[str, ...]) -> int | None:
    """Where `phrase` first occurs in `words`, if it does."""
    size = len(phrase)
    for start in range(len(words) - size + 1 if phrase else 0):
        if tuple(words[start : start + size]) == phrase:
            return start
    return None


def _longest_from(table: dict[tuple[str, ...], _Cue]) -> dict[str, int]:
    longest: dict[str, int] = {}
    for words in table:
        longest[words[0]] = max(longest.get(words[0], 0), len(words))
    return longest


class FrameReader:
    """Finds the kind, scope and yes/no form of a question from one language's cue lists."""

    def __init__(
        self,
        cues: FrameCues,
        schema: FrameSchema,
        normalise: Callable[[str], str],
        transparent: frozenset[str] = frozenset(),
        concepts: frozenset[tuple[str, ...]] = frozenset(),
    ) -> None:
        self._schema = schema
        # types whose name holds an office asked of no one, and the word joining them to it
        self.office_holders = frozenset(schema.office_holders)
        self.office_of = normalise(cues.office_of) if cues.office_of else ""
        # Words cues read through: "the next SCO summit" is "the next summit".
        self._transparent = transparent
        self._kinds: dict[tuple[str, ...], _Cue] = {}
        for order, (kind, kind_cues) in enumerate(cues.kinds.items()):
            _add_cues(self._kinds, kind_cues.cues, _Cue(kind, False, order), normalise)
            describes = kind_cues.names_describe_earlier
            _add_cues(
                self._kinds, kind_cues.weak_cues, _Cue(kind, True, order, describes), normalise
            )
            for entity_type, words in kind_cues.before_names.items():
                for word in words:  # the name is read as "@<type>" (Matcher._frame_words)
                    named = (*normalise(word).split(), ENTITY_MARK + entity_type)
                    self._kinds.setdefault(
                        named, _Cue(kind, True, order, kind_cues.names_describe_earlier)
                    )
        self._stranding = frozenset(normalise(word) for word in cues.stranding)
        self.locatives = frozenset(normalise(word) for word in cues.locatives)
        self.place_kinds = frozenset(schema.place_kinds)
        self._stranded: dict[tuple[str, ...], _Cue] = {}
        for order, (kind, kind_cues) in enumerate(cues.kinds.items()):
            _add_cues(self._stranded, kind_cues.stranded, _Cue(kind, False, order), normalise)
        self._stranded_longest = max(map(len, self._stranded), default=0)
        self._heads: dict[tuple[str, str], _Cue] = {}  # (kind of the cue, word after it)
        for order, (kind, kind_cues) in enumerate(cues.kinds.items()):
            for headed, words in kind_cues.heads.items():
                for word in words:
                    self._heads.setdefault((headed, normalise(word)), _Cue(kind, False, order))
        self._given_kinds = frozenset(schema.given_with_answers)
        self._given_starts = frozenset(
            phrase[0] for phrase, cue in self._kinds.items() if cue.value in self._given_kinds
        )
        # kinds a yes/no may check a claim of ("is the SCO a trade bloc?"), read per question
        self.claimed_kinds = frozenset(schema.claimed_kinds)
        self.claims_kept_when_known = frozenset(schema.claims_kept_when_known)
        self._unqualifying = {
            kind: frozenset(ENTITY_MARK + entity_type for entity_type in types)
            for kind, types in schema.qualified_unless_named.items()
        }
        # The kind a bare name stands for once another kind asks about it: "why astana?" asks
        # why there, as "why in astana?" does (`qualify_alone`; the kind whose cues place it)
        self._kind_of_name: dict[str, str] = {}
        # per kind, the types a question asking it exactly must name (`specific_within`)
        self._narrowed = {
            kind: frozenset(ENTITY_MARK + entity_type for entity_type in types)
            for kind, types in schema.specific_within.items()
        }
        for kind, kind_cues in cues.kinds.items():
            for entity_type in kind_cues.before_names:
                if entity_type in schema.qualify_alone:
                    self._kind_of_name.setdefault(ENTITY_MARK + entity_type, kind)
        self._named_years = frozenset(schema.years.values())  # times a year of their own sets
        self._scopes: dict[tuple[str, ...], _Cue] = {}
        self._elsewhere: dict[tuple[str, ...], _Cue] = {}  # read where names are typed only
        for order, (scope, scope_cues) in enumerate(cues.scopes.items()):
            # this event's cues yield to another time's: "а следующий когда будет?" asks about
            # the next one, whatever "будет" says of the future
            weak = scope == schema.default_scope
            _add_cues(self._scopes, scope_cues.cues, _Cue(scope, weak, order), normalise)
            _add_cues(self._elsewhere, scope_cues.elsewhere, _Cue(scope, weak, order), normalise)
        self._named_scope_cues = any(
            word.startswith(ENTITY_MARK) for words in self._scopes for word in words
        )
        spellings = {
            normalise(word): [normalise(spelt) for spelt in spelt_as]
            for word, spelt_as in cues.spellings.items()
        }
        for table in (self._kinds, self._scopes, self._elsewhere):
            _add_spellings(table, spellings)
        _add_exactly_asked(self._kinds, cues, schema, normalise)
        # The longest cue starting with each word: most words start none.
        self._kind_starts = _longest_from(self._kinds)
        self._scope_starts = _longest_from(self._scopes)
        self._elsewhere_starts = _longest_from(self._elsewhere)
        self._chatter = frozenset(normalise(word) for word in cues.leading_chatter)
        self.prepositions = frozenset(normalise(word) for word in cues.prepositions)
        # words before the question word ("and so who...", "on which days...")
        self.leading_chatter = self._chatter | self.prepositions
        self._starters = frozenset(normalise(word) for word in cues.yes_no_starters)
        self._yes_no = Phrases.of(cues.yes_no_cues, normalise)
        self._yes_no_tags = Phrases.of(cues.yes_no_tags, normalise)
        self._yes_no_by_default = cues.yes_no_without_question_word
        self._interrogatives = frozenset(normalise(word) for word in cues.interrogatives)
        self.interrogatives = self._interrogatives
        self.conjunctions = frozenset(normalise(word) for word in cues.conjunctions)
        self.embedding = embedding_pattern(cues.embedding, self._interrogatives, self.prepositions)
        self.purposes = embedding_pattern(cues.purposes)
        self._span_openers = frozenset(normalise(word) for word in cues.span_openers)
        self._year_naming = frozenset(normalise(word) for word in cues.year_naming)
        self._coordinators = frozenset(normalise(word) for word in cues.coordinators)
        self._alternative_joiners = frozenset(normalise(w) for w in cues.alternative_joiners)
        self._indefinite = frozenset(normalise(word) for word in cues.indefinite)
        self.introducing = frozenset(normalise(word) for word in cues.introducing)
        self.group_possessives = frozenset(normalise(word) for word in cues.group_possessives)
        self.time_pointers = Phrases.of(cues.time_pointers, normalise)
        self.relative_pronouns = Phrases.of(cues.relative_pronouns, normalise)
        self.relative_openers = frozenset(normalise(word) for word in cues.relative_openers)
        self._comment_openers = frozenset(normalise(word) for word in cues.comment_openers)
        self._others = Phrases.of(cues.others_cues, normalise)
        # ...whose first words open an aside inside a question ("Какие страны, кроме Китая и
        # России, основали ШОС?")
        self.aside_openers = frozenset(phrase[0] for phrase in self._others.phrases)
        self._alternative_others = Phrases.of(cues.alternative_others, normalise)
        self._company = Phrases.of(cues.company_cues, normalise)
        self._fellow_travellers = Phrases.of(cues.fellow_traveller_cues, normalise)
        self._individual = Phrases.of(cues.individual_cues, normalise)
        self._specific = {
            kind: Phrases.of(words, normalise) for kind, words in cues.specific_cues.items()
        }
        self._pointing = Phrases.of(cues.pointing, normalise)
        self._relatives = Phrases.of(cues.relatives, normalise)
        self._negations = frozenset(normalise(word) for word in cues.negations)
        self.pointers = frozenset(normalise(word) for word in cues.pointers)
        self.reporting = frozenset(normalise(word) for word in cues.reporting)
        # "that" reports only after a reporting word ("says that ..."); alone it points ("the
        # president in Ankara that Putin's meeting, who's that?" guesses nothing)
        self.beliefs = frozenset(normalise(word) for word in cues.beliefs) - self.pointers
        self.guessing = (self.reporting - self.pointers) | self.beliefs
        self._answer_type_words = frozenset(normalise(word) for word in cues.answer_type_words)
        self._tag_questions = frozenset(
            tuple(normalise(phrase).split()) for phrase in cues.tag_questions
        )
        self._tag_sizes = sorted({len(tag) for tag in self._tag_questions})
        # Cues made only of words ("в @country", "@person meeting go" name a thing too: their
        # words are not a way of asking by themselves)
        worded = [
            words for words in self._kinds if not any(w.startswith(ENTITY_MARK) for w in words)
        ]
        # A cue the lexicon reads as one concept ("leading role" is "prominent") is never read
        # word by word, so its words ("role") are not ways of asking elsewhere
        content = [words for words in worded if len(words) == 1 or words not in concepts]
        self.cue_words = (
            frozenset(
                word for words in (*content, *self._scopes, *self._yes_no.phrases) for word in words
            )
            | self._starters
        )
        # A weak cue's first word is no way of asking: "саммит" of "саммит в" names the event
        self.question_words = (
            frozenset(words[0] for words in worded if not self._kinds[words].weak)
            | self._starters
            | self._interrogatives
        )
        # Words a clause that asks opens with: not a cue's first word ("в" of "в какой стране")
        self.opening_words = (
            frozenset(words[0] for words in worded if len(words) == 1)
            | self._starters
            | self._interrogatives
        )
        # Question words and yes/no openers: a message of nothing else asks nothing yet ("how?")
        self.bare_asking_words = self._interrogatives | self._starters
        # Words that ask on their own ("whos", "when", "dates"): the frame check explains them.
        self.asking_words = (
            frozenset(words[0] for words in worded if len(words) == 1) | self._starters
        )

    def read(
        self,
        words: Sequence[str],
        said: Sequence[str] | None = None,
        all_named: Sequence[str] | None = None,
    ) -> QuestionFrame:
        """`words` without chat filler give the kind ("it, in plain words" is not "it in");
        everything `said` (filler included: "is it true that ...") gives yes/no and scope;
        `all_named` (the event's own names typed too) what else the kind is asked about."""
        words = self._without_relatives([word for word in words if word not in self._transparent])
        said = (
            words
            if said is None
            else self._without_relatives([word for word in said if word not in self._transparent])
        )
        describing: list[tuple[str, ...]] = []
        kind = self._best(words, self._kinds, self._kind_starts, describing)
        if (
            (kind is None or kind[0].weak)
            and words
            and words[-1] in self._stranding
            # "what does SCO stand for?": the preposition ends a cue of its own, no question's
            and not any(tuple(words[-size:]) in self._kinds for size in (2, 3))
        ):
            kind = self._stranded_kind(words) or kind
        if kind is not None and self._heads:
            kind = self._headed_kind(words, kind)
        if kind is None and all_named is not None:
            # "astana or bishkek?", "is the sco a trade bloc?": a cue naming the event's own
            # names as what it is about ("in astana" at its end only says which summit)
            named_kind = self._best(all_named, self._kinds, self._kind_starts)
            if named_kind is not None and _names_its_subject(named_kind[1]):
                kind = named_kind
        if kind is not None and kind[0].describes_earlier and all_named is not None:
            # "армения едет на саммит в астане?": the event's own place (a plain word to the
            # cues above) may only say which summit a name before it goes to
            described: list[tuple[str, ...]] = []
            named_kind = self._best(all_named, self._kinds, self._kind_starts, described)
            if described:
                kind, describing = named_kind, described
        # "@country found" ("did the USA found the SCO?") needs the names read as their types
        typed = any(word[:1] == ENTITY_MARK for word in words)
        scope = (
            self._best(said, self._scopes, self._scope_starts)
            or (self._best(words, self._scopes, self._scope_starts) if typed else None)
            # ...and not the event's own ("the Astana summit" reads "the summit" here)
            or (self._best(words, self._elsewhere, self._elsewhere_starts) if typed else None)
        )
        if (
            scope is None
            and self._named_scope_cues
            and all_named is not None
            and any(word[:1] == ENTITY_MARK for word in all_named)
            and (named := self._best(all_named, self._scopes, self._scope_starts)) is not None
        ):
            # "when started the shanghai cooperation organisation": a cue on the event's own
            # name, kept without it (the question's own words name it)
            scope = (named[0], tuple(word for word in named[1] if word[:1] != ENTITY_MARK))
        scope_value, scope_cue = (scope[0].value, " ".join(scope[1])) if scope else (None, None)
        if kind is None and scope is not None and scope_value != self._schema.default_scope:
            # "was the SCO founded in Astana?": right after another time's cue, the event's own
            # place is where that happened, not which summit is meant
            kind = self._right_after(scope[1], all_named or ())
        year_scope = self._year_scope(said)
        question_word = not self._interrogatives.isdisjoint(words)
        asks_by_word = (kind is not None and not kind[0].weak) or question_word
        yes_no = self._is_yes_no(said) or (self._yes_no_by_default and not asks_by_word)
        # A year a yes/no names is the date it asks about ("was it founded in 1996?", "is the
        # summit in 2024?"), unless something stronger is asked.
        year_asked = (
            year_scope is not None
            # "has it changed since 2001?" asks about the years since, not the year
            and not (year_scope[2] and scope is not None)
            # "was the 2023 summit online?" asks how; "this is the 2024 summit, right?" when
            and not (kind is not None and self._names_edition(said))
            and yes_no
            and self._schema.year_kind is not None
            and (kind is None or kind[0].weak)
        )
        # A year overrides a cue, unless it is the event's own year ("the 2024 summit, last year's
        # statement" asks about last year) or the date a yes/no asks about a time a cue names
        # ("was it founded in 1996?" asks about the founding; the article says 2001).
        if year_scope is not None and (
            scope_value is None
            or (
                not year_scope[2]  # "changed since 2001" asks about the years since
                and year_scope[0] != self._schema.default_scope
                and not (year_asked and year_scope[0] not in self._named_years)
            )
        ):
            scope_value, scope_cue = year_scope[:2]
        if year_asked and year_scope is not None:
            kind = (_Cue(self._schema.year_kind or "", True, -1), (year_scope[1],))
        qualified = (
            self._qualified(
                kind[0].value,
                words if all_named is None else all_named,
                # "why in July?" qualifies the reason; "when ... and why?" asks both
                asked_by_word=kind[1][0] in self._interrogatives,
            )
            if kind
            else None
        )
        asked = qualified[1] if qualified else (kind[0].value if kind else None)
        exactly = self._schema.specific_kinds.get(asked or "")
        if (
            exactly in self._specific
            and kind
            and self._near(self._specific[exactly], kind[1], said)
            and self._names_what_it_narrows(asked or "", words if all_named is None else all_named)
        ):
            asked = exactly  # "when *exactly*", "which *specific* issues"
        return QuestionFrame(
            also=self._joined_kind(words, kind[0].value) if kind and not qualified else None,
            kind=asked,
            yes_no=yes_no,
            scope=scope_value,
            kind_cue=" ".join(kind[1]) if kind else None,
            scope_cue=scope_cue,
            asks_others=self._others.found_in(words)
            and not self._alternative_others.found_in(words),  # "another question: ..." is filler
            asks_company=question_word and not yes_no and self._company.found_in(words),
            asks_fellow_travellers=not yes_no and self._fellow_travellers.found_in(words),
            asks_individual=not yes_no and self._individual.found_in(words),
            setting_named=bool(describing),
            qualifier=qualified[0] if qualified else None,
            question_word=question_word,
            negated=not self._negations.isdisjoint(said),
        )

    def _names_what_it_narrows(self, kind: str, words: Sequence[str]) -> bool:
        """Whether a kind asked exactly names what it asks finer than (`specific_within`):
        "where exactly is the summit?" is answered by its city, "where exactly in Astana?" not."""
        narrowed = self._narrowed.get(kind)
        return narrowed is None or not narrowed.isdisjoint(words)

    def _best(
        self,
        words: Sequence[str],
        table: dict[tuple[str, ...], _Cue],
        longest_from: dict[str, int],
        describing: list[tuple[str, ...]] | None = None,
    ) -> tuple[_Cue, tuple[str, ...]] | None:
        """The strongest cue in `words`: not weak, then (for kinds) right after a word asking for
        a type of thing, then longest, then listed first. Named cues that only describe an
        earlier name go to `describing` instead."""
        best: tuple[_Cue, tuple[str, ...]] | None = None
        best_rank: tuple[bool, bool, int, int] | None = None
        # "which agreements were signed on July 3-4?": the noun after "which" is what is
        # asked for (its answer type), not a date the question only mentions
        heads = self._answer_type_heads(words) if table is self._kinds else frozenset()
        for cue, phrase in self._cues_in(words, table, longest_from, describing):
            rank = (not cue.weak, phrase in heads, len(phrase), -cue.order)
            if best_rank is None or rank > best_rank:
                best, best_rank = (cue, phrase), rank
        return best

    @staticmethod
    def _near(words_asking: Phrases, cue: tuple[str, ...], said: Sequence[str]) -> bool:
        """Whether one of `words_asking` stands within reach of `cue` ("when *exactly*",
        "which *specific* security issues"; not "with whom *exactly*, and when?")."""
        start = find_phrase(said, cue)
        return start is not None and words_asking.found_in(
            said[max(start - SPECIFIC_REACH, 0) : start + len(cue) + SPECIFIC_REACH]
        )

    def _right_after(
        self, cue: tuple[str, ...], words: Sequence[str]
    ) -> tuple[_Cue, tuple[str, ...]] | None:
        """The kind cue naming a place or a name that starts right where `cue` ends in
        `words`, if any."""
        start = find_phrase(words, cue)
        if start is None:
            return None
        after = words[start + len(cue) :]
        found = self._best(after, self._kinds, self._kind_starts)
        if (
            found is not None
            and find_phrase(after, found[1]) == 0
            and any(word[:1] == ENTITY_MARK for word in found[1])  # "in @place"
        ):
            return found
        return None

    def _answer_type_heads(self, words: Sequence[str]) -> frozenset[tuple[str, ...]]:
        """The phrases right after a word asking for a type of thing ("which *agreements*",
        "what *day*"), with that word ("which agreements"): the cues there name what is asked."""
        if self._answer_type_words.isdisjoint(words):
            return frozenset()
        heads: set[tuple[str, ...]] = set()
        for position, word in enumerate(words):
            if (
                word in self._answer_type_words
                and position + 1 < len(words)
                and words[position + 1] not in self._starters  # "what is": no type named
            ):
                for size in range(1, 5):
                    heads.add(tuple(words[position + 1 : position + 1 + size]))
                    heads.add(tuple(words[position : position + 1 + size]))
        return frozenset(heads)

    def _cues_in(
        self,
        words: Sequence[str],
        table: dict[tuple[str, ...], _Cue],
        longest_from: dict[str, int],
        describing: list[tuple[str, ...]] | None = None,
    ) -> Iterator[tuple[_Cue, tuple[str, ...]]]:
        """Every cue in `words`, the longest at each word."""
        described: set[int] = set()  # names a cue naming the event describes, by position
        for start, word in enumerate(words):
            longest = longest_from.get(word)
            if longest is None:  # no cue starts with this word: the common case
                continue
            if (
                word in self.conjunctions
                and start
                and words[start - 1] not in self._coordinators
                and any(earlier in self._interrogatives for earlier in words[:start])
            ):
                continue  # "what goal did they have when they launched it?" asks the goal
            for size in range(min(longest, len(words) - start), 0, -1):
                phrase = tuple(words[start : start + size])
                cue = table.get(phrase)
                if (
                    cue is not None
                    and cue.describes_earlier
                    and self._describes_earlier(words, start + size, words[:start], described)
                ):
                    # "is @country at the summit in @country?": the first name is what it asks
                    # about; the second only says which event
                    if describing is not None:
                        describing.append(phrase)
                    cue = None
                if cue is not None:
                    yield cue, phrase
                    break

    def question_clauses(self, words: Sequence[str]) -> list[list[str]]:
        """The questions a message joins ("who founded it *and is* modi going?"): split where
        a coordinator is followed by a word that opens a question; one clause when none is."""
        clauses: list[list[str]] = [[]]
        for position, word in enumerate(words):
            if (
                word in self._coordinators
                and clauses[-1]
                and position + 1 < len(words)
                and (
                    words[position + 1] in self._interrogatives
                    or words[position + 1] in self._starters
                )
                # "хабар или что-то российское?" offers an alternative, it asks nothing new
                and not self._indefinite.intersection(words[position + 2 : position + 3])
            ):
                clauses.append([])
            else:
                clauses[-1].append(word)
        return [clause for clause in clauses if clause]

    def beside_given_kind(self, words: Sequence[str]) -> list[str] | None:
        """The words of a sentence without its clauses that only ask a kind every answer gives
        (`given_with_answers`), when another clause asks something: "who is coming and whats
        your source" asks who is coming; None when nothing is left out."""
        if self._given_starts.isdisjoint(words):  # the common case: no such cue at all
            return None
        clauses: list[list[str]] = [[]]
        for word in words:
            # "which outlets *or* sources does it cite?": alternatives of one question
            if word in self._coordinators and word not in self._alternative_joiners:
                clauses.append([])
            else:
                clauses[-1].append(word)
        kept = [clause for clause in clauses if not self._asks_given_kind(clause)]
        if len(kept) == len(clauses) or not any(self._asks(clause) for clause in kept):
            return None
        return [word for clause in kept for word in clause]

    def _asks_given_kind(self, clause: Sequence[str]) -> bool:
        """Whether a clause is a question of its own (its first word asks) for a given kind:
        "whats your source", "откуда это известно"; not "(which outlet or) statement is it
        based on", one question with two alternatives."""
        best = self._best(clause, self._kinds, self._kind_starts)
        return (
            best is not None
            and best[0].value in self._given_kinds
            and (clause[0] in self._interrogatives or clause[: len(best[1])] == list(best[1]))
        )

    def _asks(self, clause: Sequence[str]) -> bool:
        """Whether a clause asks something: a question word or a cue that asks by itself; not
        a question word made indefinite ("или чьи-то слухи?" offers an alternative)."""
        if not self._indefinite.isdisjoint(clause):
            clause = self._without_indefinites(clause)
        best = self._best(clause, self._kinds, self._kind_starts)
        return (best is not None and not best[0].weak) or not self._interrogatives.isdisjoint(
            clause
        )

    def _without_indefinites(self, words: Sequence[str]) -> list[str]:
        """`words` without the question words a particle after them makes indefinite ("чьи то",
        "кто нибудь"), nor those particles."""
        kept: list[str] = []
        for position, word in enumerate(words):
            after = words[position + 1] if position + 1 < len(words) else ""
            indefinite = word in self._interrogatives and after in self._indefinite
            made_indefinite = (
                position > 0
                and word in self._indefinite
                and words[position - 1] in self._interrogatives
            )
            if not indefinite and not made_indefinite:
                kept.append(word)
        return kept

    def _headed_kind(
        self, words: Sequence[str], kind: tuple[_Cue, tuple[str, ...]]
    ) -> tuple[_Cue, tuple[str, ...]]:
        """The kind a word right after the cue makes it ask ("host country *leader*": a
        person), else the cue's own."""
        phrase = kind[1]
        size = len(phrase)
        for start in range(len(words) - size):
            if tuple(words[start : start + size]) == phrase:
                head = self._heads.get((kind[0].value, words[start + size]))
                if head is not None:
                    return head, (*phrase, words[start + size])
        return kind

    def _stranded_kind(self, words: Sequence[str]) -> tuple[_Cue, tuple[str, ...]] | None:
        """The kind a question-word phrase asks when its preposition ends the question ("what
        country do they meet in?" asks where)."""
        # a cue naming its preposition first ("what ... for?" asks why, whatever "what" asks
        # with "in"), then the question word's phrase alone
        for with_preposition in (True, False):
            for start in range(len(words) - 1):
                for size in range(min(self._stranded_longest, len(words) - 1 - start), 0, -1):
                    phrase = tuple(words[start : start + size])
                    key = (*phrase, words[-1]) if with_preposition else phrase
                    if (cue := self._stranded.get(key)) is not None:
                        return cue, (*phrase, words[-1])
        return None

    def _describes_earlier(
        self, words: Sequence[str], end: int, earlier: Sequence[str], described: set[int]
    ) -> bool:
        """Whether the name a describing cue ending at `end` places (as "@<type>") only
        describes one named before it: one of its own type, or of a type it describes
        (`describes_earlier`), or, right after a cue naming the event, of a type that
        describes then (`describes_earlier_after_event`: "саммит в @country" after a person;
        the shorter "в @country" inside it too, by the name's position in `described`)."""
        position = _placed_at(words, end)
        if position is None:
            return False
        placed = words[position]
        type_ = placed.removeprefix(ENTITY_MARK)
        if position in described or placed in earlier:
            return True
        if any(
            ENTITY_MARK + other in earlier
            for other in self._schema.describes_earlier.get(type_, ())
        ):
            return True
        if position == end and any(
            ENTITY_MARK + other in earlier
            for other in self._schema.describes_earlier_after_event.get(type_, ())
        ):
            described.add(position)
            return True
        return False

    def is_question_word_in(self, words: Sequence[str]) -> bool:
        """Whether a question word ("who", "когда") is among `words`."""
        return not self._interrogatives.isdisjoint(words)

    def names_pointing(self, words: Sequence[str]) -> bool:
        """Whether `words` hold a phrase that points back ("who is right", "is that true")."""
        return self._pointing.found_in(words)

    def _without_relatives(self, words: list[str]) -> list[str]:
        """`words` without the phrases that open a relative clause ("the one where"), unless an
        auxiliary right after it asks ("the summit, when does it start?": commas are not read)."""
        start = 0
        while self._relatives.first_words.intersection(words[start:]):
            span = self._relatives.first_span(words[start:])
            if span is None:
                break
            begin, end = start + span[0], start + span[1]
            if end < len(words) and words[end] in self._starters:
                start = end  # a question of its own: kept, looked past
                continue
            words = words[:begin] + words[end:]
            start = begin
        return words

    @property
    def asked_of_the_question(self) -> frozenset[str]:
        """Kinds a part besides the question asks of it ("..., what do you think?")."""
        return frozenset(self._schema.asked_of_the_question)

    @property
    def default_scope(self) -> str:
        """The time a question is about when nothing in it points elsewhere."""
        return self._schema.default_scope

    def asks_of_what_it_points_at(self, words: Sequence[str]) -> bool:
        """Whether `words` ask a kind that a pointer asks of the thing named before it ("I keep
        hearing the acronym SCO. *What is it?*"): the schema's `pointed_kinds`."""
        kind = self._best(words, self._kinds, self._kind_starts)
        return kind is not None and kind[0].value in self._schema.pointed_kinds

    def asks_for_a_person(self, words: Sequence[str]) -> bool:
        """Whether `words` ask who someone is, holds an office (the schema's office kind) or is
        otherwise asked for as a person (`person_kinds`: "who is representing them?")."""
        kind = self._best(words, self._kinds, self._kind_starts)
        return kind is not None and (
            kind[0].value == self._schema.office_kind or kind[0].value in self._schema.person_kinds
        )

    def points_back(self, words: Sequence[str]) -> bool:
        """Whether `words` are a question that only points at what was said before it ("who
        is right?", "is that true?"), with nothing else asked beside it ("who is right? which
        countries are coming?" asks which countries)."""
        if not self.names_pointing(words):
            return False
        covered: set[int] = set()
        for start in range(len(words)):
            for size in sorted(self._pointing.sizes, reverse=True):
                if tuple(words[start : start + size]) in self._pointing.phrases:
                    covered.update(range(start, start + size))
                    break
        rest = [word for position, word in enumerate(words) if position not in covered]
        if any(  # "does it say anything about that, and is anyone else coming?" asks more
            clause[0] in self._starters for clause in self.question_clauses(rest)[1:]
        ):
            return False
        # ...but its source may be ("is that true, and who reported it?"): every answer gives it
        asked = self._best(rest, self._kinds, self._kind_starts)
        return asked is None or asked[0].value in self._given_kinds

    def offered(self, words: Sequence[str], mentions: Sequence[Mention]) -> tuple[str, ...]:
        """The names a question offers as a choice ("is it in Astana *or* Tashkent?", "Xi, Modi
        or Erdogan"): names one after another, with a joining word (and at most
        `ALTERNATIVE_GAP` other words, "or in", "or is it") between at least two of them."""
        offered: list[str] = []
        chain = [mentions[0].entity_id] if mentions else []
        joined = False
        for before, after in pairwise(mentions):
            between = words[before.end : after.start]
            if between and not self._alternative_joiners.isdisjoint(between):
                apart = sum(word not in self._alternative_joiners for word in between)
                if apart <= ALTERNATIVE_GAP:
                    chain.append(after.entity_id)
                    joined = True
                    continue
            elif not between:  # "Astana, Almaty or Tashkent" (commas are not read)
                chain.append(after.entity_id)
                continue
            if joined:
                offered += chain
            chain, joined = [after.entity_id], False
        if joined:
            offered += chain
        return tuple(dict.fromkeys(offered))

    def coordinates(self, word: str) -> bool:
        """Whether `word` joins two clauses or questions ("and", "or", "и")."""
        return word in self._coordinators

    def comments(self, word: str) -> bool:
        """Whether a comma part opening with `word` comments on what came before it ("...,
        which seems weird", "..., but he exaggerates"), or is a relative clause."""
        return word in self._comment_openers or word in self.relative_openers

    def is_noun_cue(self, cue: str) -> bool:
        """Whether a kind cue has no question word in it ("agenda", not "which city")."""
        return self._interrogatives.isdisjoint(cue.split()) and self._starters.isdisjoint(
            cue.split()
        )

    def pointing_at_end(self, words: Sequence[str]) -> int:
        """How many words at the end of `words` only point back ("... это правда"), or 0."""
        return next(
            (
                size
                for size in sorted(self._pointing.sizes, reverse=True)
                if size <= len(words) and tuple(words[-size:]) in self._pointing.phrases
            ),
            0,
        )

    def ends_with_yes_no_tag(self, words: Sequence[str]) -> bool:
        """Whether `words` end with a yes/no tag ("he's wrong, right?")."""
        return self._yes_no_tags.end(words)

    def is_tag_question(self, words: Sequence[str]) -> bool:
        """Whether `words` are only a tag after a claim ("is he?", "didn't they?")."""
        return tuple(words) in self._tag_questions

    def ends_with_tag_question(self, words: Sequence[str]) -> bool:
        """Whether `words` end with a tag ("..., is he?"): a claim may come before it."""
        return any(tuple(words[-size:]) in self._tag_questions for size in self._tag_sizes)

    def reports(self, words: Sequence[str]) -> bool:
        """Whether `words` report what someone says ("my teacher says ...")."""
        return not self.reporting.isdisjoint(words)

    def claim_reported(self, words: Sequence[str]) -> Sequence[str]:
        """The claim a sentence reports: its words after the first reporting word ("my
        colleague says the UN chief never goes" -> "the UN chief never goes"), else all."""
        for position, word in enumerate(words):
            if word in self.reporting:
                claim = list(words[position + 1 :])
                # "says that ...", "говорит, что", "прочитал в телеге, что ...": after the next
                # reporting word close after it (where it was read is no part of the claim)
                close = next(
                    (at for at, word in enumerate(claim[:CLAIM_REACH]) if word in self.reporting),
                    None,
                )
                if close is not None:
                    del claim[: close + 1]
                return claim or words
        return words

    def _joined_kind(self, words: Sequence[str], kind: str) -> str | None:
        """A second kind asked beside `kind`, the two question words joined by a coordinator
        ("where and when is it?", "когда и где?"): a fact giving either answers."""
        for start in range(len(words) - 2):
            if words[start + 1] not in self._coordinators:
                continue
            pair = [self._kinds.get((words[start],)), self._kinds.get((words[start + 2],))]
            values = {cue.value for cue in pair if cue is not None and not cue.weak}
            if len(values) == 2 and kind in values:
                return next(value for value in values if value != kind)
        return None

    def _qualified(
        self, kind: str, words: Sequence[str], asked_by_word: bool = False
    ) -> tuple[str, str] | None:
        """(the other kind, the kind both ask) when a question also asks another ("why in
        Astana?" asks why there), unless it names what the other is said of ("why is Putin in
        Kazakhstan?"); whichever of the two cues won ("why in July?")."""
        found = self._qualifying(kind, words, asked_by_word)
        if found is None or self._unqualifying.get(found[0], frozenset()).isdisjoint(words):
            return found
        return None

    def _qualifying(
        self, kind: str, words: Sequence[str], asked_by_word: bool
    ) -> tuple[str, str] | None:
        """`_qualified` before the names that undo it are looked at."""
        qualified = self._schema.qualified_kinds.get(kind)
        if not qualified:
            if asked_by_word:
                return None
            for outer, inner in self._schema.qualified_kinds.items():
                if kind in inner and any(
                    cue.value == outer and not cue.weak
                    for cue, _ in self._cues_in(words, self._kinds, self._kind_starts)
                ):
                    return kind, inner[kind]
            return None
        for cue, phrase in self._cues_in(words, self._kinds, self._kind_starts):
            # a weak cue only counts with a name ("in @place"): "form it in the first place"
            named = phrase[-1].startswith(ENTITY_MARK)
            if cue.value in qualified and (named or not cue.weak):
                return cue.value, qualified[cue.value]
        for position in range(1, len(words)):
            # "why astana?", "why astana though", "почему астана?": the name right after the
            # word asking
            if (asked := self._kind_of_name.get(words[position])) in qualified:
                cue = self._kinds.get((words[position - 1],))
                if cue is not None and cue.value == kind and not cue.weak:
                    return asked, qualified[asked]
        return None

    def _year_scope(self, words: Sequence[str]) -> tuple[str, str, bool] | None:
        """The scope the first year named sets, the year, and whether it starts a span."""
        for position, word in enumerate(words):
            if is_year(word):
                scope = self._schema.years.get(year_of(word) or 0, self._schema.other_years)
                if scope is not None:
                    spans = position > 0 and words[position - 1] in self._span_openers
                    return scope, word, spans
        return None

    def _names_edition(self, words: Sequence[str]) -> bool:
        """Whether the first year in `words` names an edition ("the 2023 summit")."""
        for position, word in enumerate(words):
            if is_year(word):
                return position > 0 and words[position - 1] in self._year_naming
        return False

    def _is_yes_no(self, words: Sequence[str]) -> bool:
        position = 0
        while position < len(words) and words[position] in self._chatter:
            position += 1
        # "does the article say who represents Iran?", "can you tell me when it is?": a
        # question word after the opening asks that, not yes or no
        if (
            position < len(words)
            and words[position] in self._starters
            and self._interrogatives.isdisjoint(words[position + 1 :])
        ):
            return True
        return self._yes_no.found_in(words) or self._yes_no_tags.end(words)


CLAIM_REACH = 4  # words after a reporting word where "that" may still open the claim


def _placed_at(words: Sequence[str], end: int) -> int | None:
    """Where the name a place cue ending before `end` places is: its own last word ("in
    @country") or the word right after it ("саммит в @country"), if that is a name."""
    for position in (end - 1, end):
        if position < len(words) and words[position].startswith(ENTITY_MARK):
            return position
    return None


def is_year(word: str) -> bool:
    """Four digits read as a year, not a count ("1996", not "1000 delegates"), or a decade
    ("1990s", "90s", "90х"): a time no fact gives but the founding's year settles."""
    return year_of(word) is not None


_DECADE = re.compile(r"(?:(1[89]|20)?([0-9])0)(?:s|х|x|e|е)")


def year_of(word: str) -> int | None:
    """The year `word` names, a decade by its first year; None when it names none."""
    if not word[:1].isdigit():  # the common case: a year and a decade start with a digit
        return None
    if len(word) == 4 and word.isdigit():
        return int(word) if int(word) in YEAR_RANGE else None
    found = _DECADE.fullmatch(word)
    if found is None:
        return None
    century = int(found.group(1)) if found.group(1) else (19 if found.group(2) >= "3" else 20)
    year = century * 100 + int(found.group(2)) * 10
    return year if year in YEAR_RANGE else None


def _names_its_subject(phrase: Sequence[str]) -> bool:
    """Whether a cue names what it is about, not only where ("is @organisation a", "@place or
    @country"; not "in @place")."""
    marks = [position for position, word in enumerate(phrase) if word[:1] == ENTITY_MARK]
    return len(marks) > 1 or (len(marks) == 1 and marks[0] < len(phrase) - 1)
