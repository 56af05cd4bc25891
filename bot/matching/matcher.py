"""The matcher: read a question, frame it, score every fact, decide. Built once, then reused.

Pure: no I/O, no Telegram, no globals; the same question always gets the same decision.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from rapidfuzz import fuzz, process

from bot.knowledge import PLURAL, KnowledgeBase
from bot.matching.decision import RANKED, Decider, Decision, DecisionKind, Rule, ScoredQuestion
from bot.matching.frames import QuestionFrame
from bot.matching.index import LanguageIndex, build_index, split_sentences
from bot.matching.language import detect_language, without_mentions
from bot.matching.reading import ENTITY_MARK, Reader, Reading
from bot.matching.scoring import OneQuestionScorer, Scorer, ScoreRow, relies_on

# names the index added after a pronoun a message leans on: "is he (Vladimir Putin) going?"
_LEANED_NAMES = re.compile(r"\s*\([^()]*\)")

_LATIN_WORD = re.compile(r"[0-9]*[a-z][a-z0-9]*")  # "4to": digits typed for letters
# Keys whose length alone keeps them this far below the small-talk cutoff are not compared:
# rapidfuzz's float arithmetic never moves a score by as much.
REACH_SLACK = 1e-6


@dataclass(frozen=True)
class MisleadingExample:
    """An example question that another fact matches better than its own."""

    fact_id: str
    question: str
    language: str
    better_fact_id: str


@dataclass(frozen=True)
class Utterance:
    """A message as read, before any fact is scored: what a conversation needs to tell a
    follow-up ("and Iran?", "why?") from a new question."""

    language: str
    reading: Reading
    frame: QuestionFrame
    content: tuple[str, ...]  # tokens that are neither frame cues nor entities: its topic
    unasked: tuple[str, ...]  # words besides the ones that ask ("when", "who else") and grammar
    entities: tuple[str, ...]  # named entities, without the ones every question is about
    # Whether it describes someone by a name and a word for a person ("the Chinese *guy*"): a
    # "he" after that is them, not someone an earlier message named
    describes_someone: bool = False
    # What it was read from: the message, the hint, the language its letters and the hint
    # gave, and the text read in `language`'s script. The same message with the same hint, or
    # another hint that gives its letters the same language, reads alike: `match` and
    # `utterance` take this reading instead of reading the message again.
    source: str = ""
    hint: str | None = None
    script_language: str = ""
    text: str = ""
    whole: bool = True  # the part that asks is all of `text`: no chatter around it


class Matcher:
    """Scores questions against every fact and decides; one index per language."""

    def __init__(self, knowledge: KnowledgeBase) -> None:
        self.knowledge = knowledge
        self.tuning = knowledge.tuning
        self.fact_ids = [fact.id for fact in knowledge.facts]
        self._scorer = Scorer(knowledge)
        self._one_scorer = OneQuestionScorer(self._scorer, knowledge, RANKED)
        self._decider = Decider(knowledge)
        self._indexes = {
            language: build_index(knowledge, lexicon)
            for language, lexicon in knowledge.lexicons.items()
        }
        self._transliterated = [index for index in self._indexes.values() if index.transliteration]
        # Per language, the words pointing at something said before other than the event:
        # "they", "that" ("it" and "this" may stand for the event)
        self._pointing_back: dict[str, frozenset[str]] = {}
        # ...and the pronouns that may stand for a thing ("it", Russian "её"), not only a person
        self._topic_pronouns: dict[str, frozenset[str]] = {}
        for language, index in self._indexes.items():
            cues = knowledge.follow_ups.get(language)
            if cues is not None:
                self._topic_pronouns[language] = frozenset(cues.topic_pronouns)
                self._pointing_back[language] = (
                    index.frames.pointers - self._topic_pronouns[language]
                ) | frozenset(cues.person_pronouns.get(PLURAL, ()))
        # Facts about the event itself (they name only it, where it is held): "when?", "where?"
        # asked bare are asked of it
        self._about_the_event = frozenset(
            fact.id
            for fact in knowledge.facts
            if all(
                knowledge.entities[entity].ambient or knowledge.entities[entity].setting
                for entity in fact.entities
            )
        )
        # per fact, the countries the people it names lead or represent ("Putin": Russia)
        self._led_countries = [
            frozenset(
                country
                for entity in fact.entities
                if (country := knowledge.entities[entity].country) is not None
            )
            for fact in knowledge.facts
        ]
        self._country_types = frozenset(
            knowledge.entities[country].type for led in self._led_countries for country in led
        )
        # (language, text length) -> the small-talk keys and ids a text that long can match
        self._smalltalk_reach: dict[tuple[str, int], tuple[list[str], list[str]]] = {}

    def reader(self, language: str) -> Reader:
        return self._indexes[language].reader

    def about_the_event(self, fact_id: str) -> bool:
        """Whether a fact is about the event itself: it names nothing but the event and where
        it is held."""
        return fact_id in self._about_the_event

    def question_words(self, language: str) -> frozenset[str]:
        """Words that open a question in `language` ("what", "when", "is")."""
        return self._indexes[language].frames.question_words

    def names_an_office(self, utterance: Utterance) -> bool:
        """Whether the message names an office ("president", "премьер")."""
        return bool(self._indexes[utterance.language].offices_asked(utterance.reading))

    def prepositions(self, language: str) -> frozenset[str]:
        """Prepositions in `language` ("by" of "by who?", "с" of "с кем?")."""
        return self._indexes[language].frames.prepositions

    def names_what_is_asked(self, language: str, kind_cue: str | None) -> bool:
        """Whether a kind cue is a noun for what is asked ("the agenda", "the venue"), not a
        question word ("why", "which city", "who else")."""
        return bool(kind_cue) and self._indexes[language].frames.is_noun_cue(kind_cue or "")

    def language_of(self, question: str, hint: str | None = None) -> str:
        return self._language_and_text(question, hint)[0]

    def _language_and_text(
        self, question: str, hint: str | None, read: Utterance | None = None
    ) -> tuple[str, str]:
        """The question's language, and its text in that language's script ("kogda" -> когда);
        `read`: an utterance that may be this question already read."""
        if read is not None and self._reads_alike(read, question, hint):
            return read.language, read.text
        return self._in_script(question, self._script_language(question, hint))

    def _reads_alike(self, read: Utterance, question: str, hint: str | None) -> bool:
        """Whether reading `question` with `hint` would give `read` again (a hint naming the
        language its letters gave breaks a tie the same way: `Pipeline.ask` matches a message
        read with no hint with the language it was read in)."""
        return read.source == question and (
            read.hint == hint
            or hint == read.script_language
            or read.script_language == self._script_language(question, hint)
        )

    def _script_language(self, question: str, hint: str | None) -> str:
        """The language the question's letters are in (the hint breaks ties)."""
        return detect_language(question, self.knowledge.lexicons, self.knowledge.language, hint)

    def _in_script(self, question: str, language: str) -> tuple[str, str]:
        """The question's language and text, once translit is told from `language` as typed."""
        latin = self._indexes[language]
        if not self._transliterated or latin.transliteration:
            return language, question
        words = self._latin_words(question)
        knows = latin.reader.knows
        if all(map(knows, words)):  # the common case: every word is one the Latin script knows
            return language, question
        known = sum(map(knows, words))
        # Transliteration must explain more words than the Latin-script language knows as they
        # are, and no fewer than it knows after spelling correction ("budet" is not a typo of
        # "but", but "teh" is one of "the").
        latin_corrections = [latin.reader.correct(word) for word in words]
        corrected = sum(map(latin.reader.knows, latin_corrections))
        for index in self._transliterated:
            reader = index.reader
            spelled = [index.transliteration.word(word, reader.knows) for word in words]
            native_corrections = [reader.correct(word) for word in spelled]
            native = sum(map(reader.knows, native_corrections))  # casual translit drops letters
            if (
                native > known
                and native * 2 >= len(words)
                and (
                    native > corrected
                    # as many words either way: the reading that knows more words as typed
                    # ("is gutteres gona be in astana": "is", "be", "in" are Russian words too),
                    # then the one that corrects less ("is erdogan turkeys presidnet" is English
                    # with two typos, not Russian with four)
                    or (
                        native == corrected
                        and sum(map(reader.knows, spelled)) > known
                        and _edits(spelled, native_corrections) <= _edits(words, latin_corrections)
                    )
                )
            ):
                return index.language, index.transliteration.text(question, index.reader.knows)
        return language, question

    def _latin_words(self, question: str) -> list[str]:
        text = without_mentions(question[: self.tuning.max_question_chars])
        return _LATIN_WORD.findall(text.lower())

    def read(self, question: str, language: str | None = None) -> Reading:
        language, text = self._language_and_text(question, language)
        return self._indexes[language].read(text)[0]

    def utterance(
        self, question: str, language_hint: str | None = None, read: Utterance | None = None
    ) -> Utterance:
        """The message as read; `read`: the same message read before (with another hint, say),
        given back when reading it again would read it alike."""
        if read is not None and self._reads_alike(read, question, language_hint):
            return read
        script_language = self._script_language(question, language_hint)
        language, text = self._in_script(question, script_language)
        index = self._indexes[language]
        reading, focus, frame = index.read_framed(text)
        ambient = self._scorer.ambient_tokens
        asking = set((frame.kind_cue or "").split()) | index.frames.question_words
        return Utterance(
            language=language,
            reading=reading,
            frame=frame,
            unasked=tuple(
                word
                for word in reading.words
                if word not in asking and not index.reader.is_stopword(word)
            ),
            content=_topic(index, reading),
            entities=tuple(
                entity for entity in reading.entities if ENTITY_MARK + entity not in ambient
            ),
            describes_someone=any(
                mention.end < len(reading.words)
                and reading.words[mention.end] in index.frames.introducing
                for mention in reading.mentions
            ),
            source=question,
            hint=language_hint,
            script_language=script_language,
            text=text,
            whole=focus == text,
        )

    def match(
        self, question: str, language_hint: str | None = None, read: Utterance | None = None
    ) -> Decision:
        """Decide what to do with one question (the same decision as `match_many` gives it);
        `read`: an utterance of it, if the caller has read it already."""
        language, text = self._language_and_text(question, language_hint, read)
        index = self._indexes[language]
        return self._matched(question, index, index.read_framed(text))

    def _matched(
        self,
        question: str,
        index: LanguageIndex,
        read: tuple[Reading, str, QuestionFrame],
        lean: bool = True,
    ) -> Decision:
        """The decision on a message read (its part that asks and its frame), lean path."""
        reading, _, frame = read
        if (plain := self._plain_decision(question, index, reading)) is not None:
            return plain
        # a yes/no may be answered from a list whatever its rank: those are scored in full
        lists = self._decider.yes_no_lists(frame, reading.entities)
        offices = self._offices(index, reading)  # the scorer and the decider's
        row = self._one_scorer.score(
            index, reading, lists, lambda: self._eligibility(frame, reading, offices[1])
        )
        decision = self._decide(question, index, read, row, offices)
        return self._settled(question, index, read, decision, lean)

    def _settled(
        self,
        question: str,
        index: LanguageIndex,
        read: tuple[Reading, str, QuestionFrame],
        decision: Decision,
        lean: bool = True,
    ) -> Decision:
        """The decision once a bare question word is asked nothing of ("how?", "who?" on their
        own: only where and when the event is are answered so) and a message asking two things
        is answered by the one the article answers."""
        reading, _, frame = read
        if (
            lean  # a question already joined to the sentence it leans on leans no further
            and (
                decision.kind is not DecisionKind.ANSWER
                or decision.fact_id not in self._about_the_event
                or self._points_back(index, reading)
            )
            # "...drive through astana on july 3. are there road closures?": words the part
            # relies on that no fact explains are what it asks, not a sign it leans elsewhere
            and not (decision.explanation is not None and decision.explanation.unexplained > 0)
            and (leaning := self._asked_of_the_sentence_before(question, index, read))
        ):
            return leaning
        if (
            decision.kind is DecisionKind.ANSWER
            and decision.fact_id not in self._about_the_event
            and self._bare(index, reading, frame)
        ):
            return self._plain(question, index.language, reading, None)
        if lean and (claimed := self._source_of_the_claim(question, index, read, decision)):
            return claimed
        decision = self._answered_part(question, index, reading, decision)
        if lean and decision.rule in (Rule.UNSURE, Rule.NO_MATCH):
            return self._answered_elsewhere(question, index, read[1], decision) or decision
        return decision

    def _source_of_the_claim(
        self,
        question: str,
        index: LanguageIndex,
        read: tuple[Reading, str, QuestionFrame],
        decision: Decision,
    ) -> Decision | None:
        """ "Saw 'UN chief to attend SCO summit' on Twitter. Is that confirmed? And who reported
        it?": whose word a claim the message made is, is answered by the fact that answers the
        claim (its quote names the source), not by where the whole article comes from."""
        reading, focus, _ = read
        given = self.knowledge.frames.given_with_answers
        if (
            focus == question
            or decision.frame is None
            or decision.frame.kind not in given
            or index.frames.pointers.isdisjoint(reading.words)
        ):
            return None
        # the sentence the source is asked in: "Is that confirmed? And who reported it?"
        asking = (split_sentences(focus) or [focus])[-1]
        for before in index.leaned_on(question, asking):
            found = self._matched(before, index, index.read_framed(before), lean=False)
            if found.kind is DecisionKind.ANSWER and (
                found.frame is None or found.frame.kind not in given
            ):
                return replace(found, question=question)
        return None

    def _answered_elsewhere(
        self, question: str, index: LanguageIndex, focus: str, decision: Decision
    ) -> Decision | None:
        """ "...he said the leaders are in town mid august. is that even right? when is this
        summit happening, i don't want to book on the wrong day": a long message that the part
        read as asking leaves unsure is answered by another part that asks on its own, with a
        fact the whole message was close to (one of its two best). A part naming someone only
        as "he" or "she", or a piece of the part already read, is no question of its own."""
        if focus == question:
            return None
        topic_pronouns = self._topic_pronouns.get(index.language, frozenset())
        pointing_elsewhere = index.frames.pointers - topic_pronouns
        focus_reading = index.reader.read(focus)
        focus_words = focus_reading.words
        # what the whole message was close to; a part read as asking that says nothing of its
        # own ("is that fair?", "which was it?") leaves any fact to a part asking plainly
        close = {match.fact_id for match in decision.ranking[:2]}
        says_nothing = not index.says_something(focus_reading)
        for part in index.other_asking_parts(question, focus):
            part_words = index.reader.read(part).words
            if part in focus or focus in part or _within(part_words, focus_words):
                # a piece of the part read as asking, without what qualifies it (the holder of
                # the office asked of, say: "who is the secretary general (of the sco) now")
                continue
            if not (index.pronoun_entities.keys() - topic_pronouns).isdisjoint(part_words):
                # "is he going to meet putin?": who "he" is lies elsewhere ("кто её основал?"
                # may be of the organisation: "её" stands for things too)
                continue
            found = self._matched(part, index, index.read_framed(part), lean=False)
            if found.kind is not DecisionKind.ANSWER:
                continue
            if found.fact_id in close or (
                says_nothing
                # a plain question answered clearly: not a yes/no ("will Belarus officially
                # join, ...?") nor one pointing at something else ("and who reported that")
                and not (found.frame is not None and found.frame.yes_no)
                and found.explanation is not None
                and found.explanation.margin >= index.focus.other_part_margin
                and pointing_elsewhere.isdisjoint(part_words)
            ):
                return replace(found, question=question)
        return None

    def _points_back(self, index: LanguageIndex, reading: Reading) -> bool:
        """Whether a question points at something said before other than the event ("...,
        just the main themes, what are they?", "...he came early. what day was that?")."""
        pointing = self._pointing_back.get(index.language)
        return pointing is not None and not pointing.isdisjoint(reading.words)

    def _asked_of_the_sentence_before(
        self, question: str, index: LanguageIndex, read: tuple[Reading, str, QuestionFrame]
    ) -> Decision | None:
        """ "...Putin will hold talks one on one with other leaders. With whom exactly?": a
        part of a message that only asks or says nothing a fact knows ("can you sum it up?"),
        naming nothing, asks it of the sentence before it, when that is answered."""
        reading, focus, frame = read
        if "(" in focus and (bare := _LEANED_NAMES.sub("", focus)) != focus:
            # "...what they said last year about NATO and Ukraine. Did they mention either one
            # (NATO, Ukraine)?": the names a pronoun was read as are the sentence before's,
            # which the part is asked of
            focus, reading = bare, index.reader.read(bare)
        if (
            focus == question
            or not reading.tokens
            or reading.entities
            # only ways of asking ("with whom exactly?", the words of its kind's cue: "for what
            # purpose though?"), or nothing a fact knows ("what are they?")
            or (
                not index.asking_tokens.issuperset(reading.tokens)
                and not self._only_its_cue(index, reading, frame)
                and index.says_something(reading)
            )
            or not (sentences := index.leaned_on(question, focus))
        ):
            return None
        for before in sentences:
            if not index.frames.introducing.isdisjoint(reading.words) and (
                sum(
                    bool(self.knowledge.entities[e].pronoun)
                    for e in index.reader.read(before).entities
                )
                > 1
            ):
                return None  # "...Putin meets Erdogan. Who is this man?": which of the two
            joined = f"{focus.rstrip('?!. ')} {before}"
            part = self._matched(joined, index, index.read_framed(joined, whole=True), lean=False)
            if part.kind is DecisionKind.ANSWER:
                return replace(part, question=question)
        return None

    def _only_its_cue(self, index: LanguageIndex, reading: Reading, frame: QuestionFrame) -> bool:
        """Whether a part says nothing but the words of the cue that set its kind ("for what
        purpose?"), besides ways of asking."""
        if frame.kind_cue is None:
            return False
        cue = set(index.reader.read(frame.kind_cue).tokens) | index.asking_tokens
        return cue.issuperset(reading.tokens)

    def _bare(self, index: LanguageIndex, reading: Reading, frame: QuestionFrame) -> bool:
        """Whether a message is only question words ("how?", "who?", "why so?"), asking by
        no longer cue and not for the source ("how do you know that?", "откуда?" ask for it)."""
        asking = index.frames.bare_asking_words
        if (frame.kind_cue is not None and " " in frame.kind_cue) or (
            frame.kind in self.knowledge.frames.given_with_answers  # "откуда?": the source
        ):
            return False
        return (
            not reading.entities
            and all(word in asking or index.reader.is_stopword(word) for word in reading.words)
            # "one-on-ones?": stopwords that together name a thing ("meet") say something
            and {
                token for word in reading.words for token in index.reader.read(word).tokens
            }.issuperset(reading.tokens)
        )

    def _answered_part(
        self, question: str, index: LanguageIndex, reading: Reading, decision: Decision
    ) -> Decision:
        """A message asking two things that is not answered as a whole is answered by the
        first of its questions that is ("who founded the sco and is modi going?"); the other
        may ask what the article does not say, but this one it does."""
        clauses = index.frames.question_clauses(reading.words)
        if len(clauses) < 2:
            return decision
        if decision.kind is DecisionKind.ANSWER:
            return self._who_first(question, index, clauses[0], decision)
        follow_ups = self.knowledge.follow_ups.get(index.language)
        things = set(follow_ups.topic_pronouns if follow_ups else ())
        given = self.knowledge.frames.given_with_answers
        readings = [index.read_framed(" ".join(clause)) for clause in clauses]
        named = set(index.reader.read(question).entities)  # the whole message's names
        for at, clause in enumerate(clauses):
            if not index.pronoun_entities.keys().isdisjoint(clause) or (
                # "when is it and what will they discuss?": "it" is the event, unless the
                # message names what it may stand for ("who founded it and is modi going",
                # "the shanghai group is older. which year did it get going and...")
                not things.isdisjoint(clause) and bool(named - set(readings[at][0].entities))
            ):
                continue  # "...and what's his deal with putin": leans on the other question
            clause_reading, text, clause_frame = readings[at]
            if (
                clause_frame.scope is None
                and decision.frame is not None
                and decision.frame.scope not in (None, self.knowledge.frames.default_scope)
            ):
                continue  # "the 2018 summit: where was that one, and who turned up?"
            if clause_frame.kind in given or not (
                index.says_something(clause_reading)
                # "who started the sco": a kind asked of the event's own name, in more words
                # than a way of asking ("...or where")
                or (
                    clause_frame.kind is not None
                    and not index.asking_tokens.issuperset(clause_reading.tokens)
                )
            ):
                continue  # "...or what", "и откуда это": no question of its own
            part = self.match(text, index.language)
            if part.kind is DecisionKind.ANSWER:
                return replace(part, question=question)
        return decision

    def _who_first(
        self, question: str, index: LanguageIndex, clause: list[str], decision: Decision
    ) -> Decision:
        """ "who's Xi and is he seeing Putin?": a message that first asks who someone is gets
        who they are (their fact tells their part in the story too), not the other question's
        answer that only names them."""
        reading, text, frame = index.read_framed(" ".join(clause))
        if (
            frame.kind != self.knowledge.frames.office_kind
            or len(reading.entities) != 1
            or not self.knowledge.entities[reading.entities[0]].pronoun
            or not index.asking_tokens.issuperset(
                token for token in reading.tokens if token[:1] != ENTITY_MARK
            )
        ):
            return decision
        who = self.match(text, index.language)
        if who.kind is not DecisionKind.ANSWER or who.fact_id == decision.fact_id:
            return decision
        return replace(who, question=question)

    def _decide(
        self,
        question: str,
        index: LanguageIndex,
        read: tuple[Reading, str, QuestionFrame],
        scores: ScoreRow,
        offices: tuple[frozenset[str], frozenset[int]] | None = None,
    ) -> Decision:
        """The decision on a question from its reading and its scores, either path's;
        `offices`: `_offices` of it, if worked out already."""
        reading, focus, frame = read
        asked, other_offices = self._offices(index, reading) if offices is None else offices
        return self._decider.decide(
            ScoredQuestion(
                question=question,
                language=index.language,
                focus=focus,
                frame=frame,
                entities=reading.entities,
                offered=reading.offered,
                topic=_topic(index, reading),
                tokens=reading.tokens,
                substantive=_substantive(index, reading, frame),
                has_unknown_words=scores.rare_unknown > 0,
                asks_office=bool(asked),
                other_offices=other_offices,
                total=scores.total,
                fuzzy=scores.fuzzy,
                coverage=scores.coverage,
                unexplained=scores.unexplained,
                foreign=scores.foreign,
                example_of=lambda row: index.example_questions[scores.best_example(row)],
            )
        )

    def _eligibility(
        self, frame: QuestionFrame, reading: Reading, other_offices: frozenset[int]
    ) -> tuple[list[bool], list[bool]]:
        """The facts that can answer a question of this frame, as the decider works them out:
        for the frame as read, and as the decider reads a frame naming no time (this event's),
        so that whichever it uses is among them (the lean scorer compares fewer facts); less
        those about holders of other offices, when the decider leaves them out."""
        this_event = replace(frame, scope=self.knowledge.frames.default_scope)
        return (
            self._decider.without_other_offices(
                self._decider._eligible(frame, reading.entities),
                frame,
                reading.entities,
                other_offices,
            ),
            self._decider.without_other_offices(
                self._decider._eligible(this_event, reading.entities),
                frame,
                reading.entities,
                other_offices,
            ),
        )

    def _offices(
        self, index: LanguageIndex, reading: Reading
    ) -> tuple[frozenset[str], frozenset[int]]:
        """The offices a question names, and the rows of facts about holders of other offices
        than those, or of the office in another country ("who is the president of Kazakhstan?":
        not Putin, whose office is Russia's)."""
        offices = index.offices_asked(reading)
        if not offices:
            return offices, frozenset()
        named_offices = offices - index.any_office
        of_countries = frozenset(
            entity
            for entity in reading.entities
            if self.knowledge.entities[entity].type in self._country_types
        )
        return offices, frozenset(
            row
            for row, named in enumerate(index.fact_offices)
            if named
            and (
                not named_offices <= named
                or (bool(of_countries) and of_countries.isdisjoint(self._led_countries[row]))
            )
        )

    def _plain_decision(
        self, question: str, index: LanguageIndex, reading: Reading
    ) -> Decision | None:
        """Small talk, or nothing to read: decided without scoring any fact."""
        if (smalltalk := self._smalltalk(index, reading)) is not None:
            return self._plain(question, index.language, reading, smalltalk)
        if not reading.tokens:
            return self._plain(question, index.language, reading, None)
        return None

    def match_many(
        self, questions: Sequence[str], language_hint: str | None = None
    ) -> list[Decision]:
        """Decide many questions with one vectorised scoring pass per language."""
        decisions: list[Decision | None] = [None] * len(questions)
        by_language: dict[str, list[tuple[int, str]]] = {}
        for position, question in enumerate(questions):
            language, text = self._language_and_text(question, language_hint)
            by_language.setdefault(language, []).append((position, text))
        for language, items in by_language.items():
            index = self._indexes[language]
            batch = [(questions[position], text) for position, text in items]
            for (position, _), decision in zip(
                items, self._decide_batch(index, batch), strict=True
            ):
                decisions[position] = decision
        return [decision for decision in decisions if decision is not None]

    def _decide_batch(self, index: LanguageIndex, batch: list[tuple[str, str]]) -> list[Decision]:
        read = [index.read_framed(text) for _, text in batch]
        readings = [reading for reading, _, _ in read]
        table = self._scorer.score(index, readings)
        decisions = []
        for row, ((question, _), framed) in enumerate(zip(batch, read, strict=True)):
            if (plain := self._plain_decision(question, index, framed[0])) is not None:
                decisions.append(plain)
                continue
            scores = ScoreRow(
                total=table.total[row],
                fuzzy=table.fuzzy[row],
                coverage=table.coverage[row],
                unexplained=table.unexplained[row],
                rare_unknown=float(table.rare_unknown[row]),
                foreign=table.foreign[row],
                best_example=lambda fact_row, row=row: table.best_example(row, fact_row),
            )
            decision = self._decide(question, index, framed, scores)
            decisions.append(self._settled(question, index, framed, decision))
        return decisions

    def _plain(
        self, question: str, language: str, reading: Reading, smalltalk: str | None
    ) -> Decision:
        """Small talk, or a message with nothing to read: no fact is scored."""
        return Decision(
            question=question,
            language=language,
            kind=DecisionKind.SMALLTALK if smalltalk else DecisionKind.EMPTY,
            fact_id=None,
            confidence=1.0 if smalltalk else 0.0,
            ranking=(),
            rule=Rule.SMALLTALK if smalltalk else Rule.EMPTY,
            entities=reading.entities,
            smalltalk_id=smalltalk,
        )

    def _smalltalk(self, index: LanguageIndex, reading: Reading) -> str | None:
        if not index.smalltalk_keys or not reading.text:
            return None
        keys, ids = self._smalltalk_within_reach(index, len(reading.text))
        if not keys:  # most questions: longer than any greeting or thanks could match
            return None
        best = process.extractOne(
            reading.text, keys, scorer=fuzz.ratio, score_cutoff=self.tuning.smalltalk_cutoff
        )
        return ids[best[2]] if best else None

    def _smalltalk_within_reach(
        self, index: LanguageIndex, length: int
    ) -> tuple[list[str], list[str]]:
        """The small-talk keys (in their order, with their ids) a text of `length` characters
        can match. fuzz.ratio is 100 * (1 - indel distance / the two lengths' sum), and the
        distance is at least the lengths' difference: a key too much shorter or longer cannot
        reach the cutoff, so leaving it out changes no result. Worked out once per length (a
        reading is at most max_question_chars long)."""
        found = self._smalltalk_reach.get((index.language, length))
        if found is None:
            cutoff = self.tuning.smalltalk_cutoff - REACH_SLACK
            reachable = [
                position
                for position, key in enumerate(index.smalltalk_keys)
                if 100.0 * (1.0 - abs(length - len(key)) / (length + len(key))) >= cutoff
            ]
            found = (
                [index.smalltalk_keys[position] for position in reachable],
                [index.smalltalk_ids[position] for position in reachable],
            )
            self._smalltalk_reach[index.language, length] = found
        return found

    def misleading_examples(self) -> list[MisleadingExample]:
        """Example questions another fact scores higher than their own: each one teaches the
        matcher the wrong thing. Reuses the readings made while building the index."""
        found = []
        own = {fact_id: row for row, fact_id in enumerate(self.fact_ids)}
        for language, index in self._indexes.items():
            table = self._scorer.score(index, [example.reading for example in index.examples])
            for example, row in zip(index.examples, table.total, strict=True):
                best = int(row.argmax())
                if row[best] > row[own[example.fact_id]]:
                    found.append(
                        MisleadingExample(
                            example.fact_id, example.question, language, self.fact_ids[best]
                        )
                    )
        return found


def _topic(index: LanguageIndex, reading: Reading) -> tuple[str, ...]:
    """What a question says besides how it asks and the names in it ("is it in Tashkent?"
    says nothing more; "will it end the war in Ukraine?" says "end war")."""
    return tuple(
        token
        for token in reading.tokens
        if token not in index.cue_tokens and not token.startswith(ENTITY_MARK)
    )


def _substantive(index: LanguageIndex, reading: Reading, frame: QuestionFrame) -> bool:
    """Whether a question asks for a kind of answer, names something, or relies on a word a
    fact could be about ("how are you doing today?" does none: no fact is worth suggesting)."""
    if frame.kind is not None or frame.scope is not None:
        return True
    return any(
        token[1:] not in index.ambient_entities
        if token.startswith(ENTITY_MARK)
        else token not in index.asking_tokens and relies_on(index, reading, token)
        for token in reading.tokens
    )


def _edits(words: Sequence[str], corrections: Sequence[str]) -> float:
    """How much spelling correction turned `words` into `corrections` (0: none)."""
    return sum(
        100.0 - fuzz.ratio(word, fixed) for word, fixed in zip(words, corrections, strict=True)
    )


def _within(words: tuple[str, ...], longer: tuple[str, ...]) -> bool:
    """Whether `words` are all in `longer`, in their order (others may come between)."""
    rest = iter(longer)
    return bool(words) and all(word in rest for word in words)
