"""Everything one language needs to score questions against every fact, built once."""

from __future__ import annotations

import itertools
import math
import re
import struct
from dataclasses import dataclass, field, replace
from functools import cached_property

from bot.knowledge import Fact, KnowledgeBase, Lexicon
from bot.matching.focus import (
    COMMA_BREAK,
    SENTENCE_END,
    asking_part,
    bare_question_span,
    other_asking_parts,
)
from bot.matching.frames import FrameReader, QuestionFrame, is_year
from bot.matching.language import Transliteration
from bot.matching.reading import ENTITY_MARK, PERSON_TYPE, Mention, Reader, Reading
from bot.tuning import FocusTuning

RECENT_READINGS = 256  # messages whose reading is kept for the next step (bounded memory)
_CLAUSE_COMMA = re.compile(r",\s*")
_COMMA_PART = re.compile(COMMA_BREAK)  # "iran, pakistan", "iran,pakistan"
_LISTED = ",\u2060"  # a comma in a list of names, a word joiner after it: no part ends there
_INITIAL = re.compile(r"(?:^|[\s.])\w\.$")  # "U.S.", "U.N.": not the end of a sentence


def split_sentences(text: str) -> list[str]:
    """`text` split into sentences, an abbreviation's dots ("the U.S. president") kept inside."""
    sentences: list[str] = []
    for piece in SENTENCE_END.split(text):
        if sentences and _INITIAL.search(sentences[-1]):
            sentences[-1] = f"{sentences[-1]} {piece}"
        elif piece.strip():
            sentences.append(piece.strip())
    return [sentence.strip() for sentence in sentences if sentence.strip()]


@dataclass(frozen=True)
class Example:
    """One example question of a fact, as read when the index was built."""

    fact_id: str
    question: str
    reading: Reading


@dataclass
class LanguageIndex:
    """Readers for one language and the facts' phrasings, words and frames as arrays."""

    language: str
    reader: Reader
    frames: FrameReader
    cue_tokens: frozenset[str]  # frame cue words as tokens: the frame check explains them
    # Tokens some fact names as a keyword: an everyday word there ("security") is what a
    # question relies on; one only seen in an example's chatter ("put", "around") is not.
    keyword_tokens: frozenset[str]
    asking_tokens: frozenset[str]  # words that ask on their own ("whos", "when") as tokens
    transliteration: Transliteration
    example_keys: list[str]
    example_questions: list[str]  # the phrasing behind each key (titles included)
    token_ids: dict[str, int]
    unknown_weight: float
    smalltalk_keys: list[str]
    smalltalk_ids: list[str]
    entity_types: dict[str, str]  # entity id -> its type, as frames read named things
    ambient_entities: frozenset[str]  # what every question is about: not read as a named thing
    # where the event is ("...the summit in Kazakhstan?"): to frames a word, as the event's names
    setting_entities: frozenset[str]
    plain_word_entities: frozenset[str]  # both: what frames read as words, not as their types
    examples: list[Example]
    focus: FocusTuning
    # pronoun -> the entities it can stand for ("his" -> every "he"): a focus that says "he"
    # leans on a name the chatter before it gave ("a guy called Xi... who is he?")
    pronoun_entities: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
    entity_names: dict[str, str] = field(default_factory=dict, repr=False)
    # token -> its set of alternatives' token ("prime minist" -> "~office"), for yes/no questions
    alternative_of: dict[str, str] = field(default_factory=dict, repr=False)
    # Per fact about someone, the offices its answer or keywords name (as tokens): it says who
    # holds those, and no other ("who is Russia's prime minister?" is not Putin, its president)
    fact_offices: list[frozenset[str]] = field(default_factory=list, repr=False)
    any_office: frozenset[str] = frozenset()  # office tokens that stand for any other
    # the small-talk keys as a set: a clause that is only one ("how's your day going?") is not
    # the part of a long message that asks
    smalltalk_set: frozenset[str] = frozenset()
    # The same as plain Python, for one question at a time: token column -> [(fact row, strength)]
    # (an inverted index, so only the facts that share a word are looked at), and the weights.
    postings: dict[int, list[tuple[int, float]]] = field(default_factory=dict, repr=False)
    weights_by_column: list[float] = field(default_factory=list, repr=False)
    example_starts: list[int] = field(default_factory=list, repr=False)  # per fact, as ints
    example_ends: list[int] = field(default_factory=list, repr=False)
    # Per fact, its phrasings' distinct keys (a third of them read alike: "when is the summit",
    # "when's the summit?"), each with the column of its first phrasing: the closest phrasing
    # is the same, and compared once.
    phrasing_keys: list[list[str]] = field(default_factory=list, repr=False)
    phrasing_columns: list[list[int]] = field(default_factory=list, repr=False)
    # The last few messages read: one message is read up to three times on its way through a
    # conversation (is it a follow-up? match it; what does the next one lean on?).
    _recent: dict[str, tuple[Reading, str, QuestionFrame]] = field(
        default_factory=dict, repr=False, compare=False
    )

    @cached_property
    def pronoun_people(self) -> frozenset[str]:
        """Every entity some pronoun can stand for."""
        return frozenset().union(*self.pronoun_entities.values())

    def read(self, question: str) -> tuple[Reading, str]:
        """The reading of the part of `question` that asks, and that part."""
        reading, focus, _ = self.read_framed(question)
        return reading, focus

    def read_framed(self, question: str, whole: bool = False) -> tuple[Reading, str, QuestionFrame]:
        """`read`, and the question's frame; the same question is read once. `whole`: read
        all of it as the question, without looking for the part that asks."""
        key = f"\0{question}" if whole else question
        found = self._recent.get(key)
        if found is not None:
            return found
        if not whole and _COMMA_PART.search(question):
            listed = self._names_listed_whole(question)
            focus = self._asking_part(listed).replace(_LISTED, ", ")
        else:
            focus = question if whole else self._asking_part(question)
        if focus != question and "?" in focus:
            focus = self._without_bare_checks(focus)
        reading = self.reader.read(focus)
        if (asked := self.frames.beside_given_kind(reading.words)) is not None:
            # "who is coming, and what's your source?": the answer quotes its source anyway
            # ("who said so and when?" asks nothing else: whose claim, and when they made it)
            asked_reading = self.reader.read(" ".join(asked))
            if not self.asking_tokens.issuperset(asked_reading.tokens):
                focus, reading = " ".join(asked), asked_reading
        focus, reading = self._with_what_it_points_at(question, focus, reading)
        if not reading.tokens and focus != question:
            # the part that asked was only chat ("..., according to your article?", "do you
            # know?"): what it leans on, else the asking part of the rest
            focus, reading = self._before_chat(question, focus) or self._asking_rest(
                question, focus
            )
        if focus == question:
            focus, reading = self._about_the_one_described(question, focus, reading)
        if focus != question:
            focus, reading = self._leaning_on_chatter(question, focus, reading)
            focus, reading = self._leaning_on_a_group(question, focus, reading)
            focus, reading = self._office_of_the_chatter(question, focus, reading)
        if len(reading.mentions) > 1 and self.frames.asks_for_a_person(self.frame_words(reading)):
            focus, reading = self._without_describing_clause(focus, reading)
        frame = self.frames.read(
            self.frame_words(reading), reading.said, self.frame_words(reading, ambient=True)
        )
        if not self.setting_entities.isdisjoint(reading.entities):
            if not frame.setting_named:
                frame = self._with_the_setting_named(reading, frame)
            reading = self._without_the_setting_placed(reading, frame)
        if focus != question and frame.scope is None:
            frame = self._with_time_pointed_at(question, focus, reading, frame)
        if focus != question and frame.kind is None:
            frame = self._with_kind_asked_of_it(question, focus, frame)
        if (
            frame.yes_no
            and frame.kind in self.frames.claimed_kinds
            and " " in (frame.kind_cue or "")  # "is @organisation a", not "explain" alone
        ):
            reading = self._without_the_claim(
                reading, frame.kind_cue, frame.kind in self.frames.claims_kept_when_known
            )
        if (
            frame.yes_no
            and frame.kind is None
            and not self.alternative_of.keys().isdisjoint(reading.tokens)
        ):
            # "is Xi the premier?": whichever office a fact names answers yes or no about any;
            # "who is the premier?" still needs a fact that names the premier
            reading = reading._replace(
                tokens=tuple(self.alternative_of.get(token, token) for token in reading.tokens)
            )
        if frame.yes_no and frame.kind is None:
            reading = self._office_as_country(reading)
        if len(reading.mentions) > 1:
            reading = reading._replace(offered=self.frames.offered(reading.words, reading.mentions))
        found = (reading, focus, frame)
        if len(self._recent) >= RECENT_READINGS:
            self._recent.clear()
        self._recent[key] = found
        return found

    def _with_kind_asked_of_it(
        self, question: str, focus: str, frame: QuestionFrame
    ) -> QuestionFrame:
        """ "will the summit really make the SCO more effective, what do you think?": the rest
        of the message asks an opinion of the question, which names no kind of its own."""
        rest = self.reader.read(question.replace(focus, " "))
        if self.says_something(rest):
            return frame  # chatter around the question, not asked of it
        asked = self.frames.read(self.frame_words(rest), rest.said)
        if asked.kind is None or asked.kind not in self.frames.asked_of_the_question:
            return frame
        return replace(frame, kind=asked.kind, kind_cue=asked.kind_cue, yes_no=False)

    def leaned_on(self, question: str, focus: str) -> list[str]:
        """What an asking part that says nothing itself may lean on in the message, nearest
        first: the sentence `_before_chat` finds, then the one before that which says
        something ("...wants to know if Erdogan and Putin will have their own meeting. I told
        her I'd ask the bot. So, is that on the schedule?")."""
        found = self._before_chat(question, focus)
        if found is None:
            return []
        nearest = found[0]
        sentences = split_sentences(question)
        at = next((at for at, sentence in enumerate(sentences) if nearest in sentence), None)
        if at is None:
            return [nearest]
        for sentence in reversed(sentences[:at]):
            said = self.reader.read(sentence)
            frame = self.frames.read(self.frame_words(said))
            if self.says_something(said) or frame.kind or frame.scope:
                return [nearest, self._asking_part(sentence)]
        return [nearest]

    def _without_bare_checks(self, focus: str) -> str:
        """ "he's wrong, right? where is it really?": of the questions asked together, one
        that names and says nothing and only asks by a tag ("right?") checks the chatter; the
        others are what is asked."""
        sentences = split_sentences(focus)
        if len(sentences) < 2:
            return focus
        kept = []
        for sentence in sentences:
            said = self.reader.read(sentence)
            if (
                self.names_or_says(said)
                or not self.frames.ends_with_yes_no_tag(said.words)
                # "last year's was online, right? what did they say?" names the time asked of
                or self.frames.read(self.frame_words(said), said.said).scope is not None
            ):
                kept.append(sentence)
        if not kept or len(kept) == len(sentences):
            return focus
        # ...only when what is left asks for a kind of answer by itself ("so it's not there?"
        # leans on the check)
        left = self.reader.read(" ".join(kept))
        if self.frames.read(self.frame_words(left), left.said).kind is None:
            return focus
        return " ".join(kept)

    def _before_chat(self, question: str, focus: str) -> tuple[str, Reading] | None:
        """What a chat-only asking part leans on: the rest of its own sentence ("the host city
        of this year's summit, can u help?"), else the last sentence before it that says
        something ("...I need the day he landed. What does your article say?")."""
        words = self.reader.read(focus).words
        if any(self.pronoun_entities.get(word) for word in words):
            return None  # "is he?" asks of someone, not of a sentence ("what are they?" may)
        sentences = split_sentences(question)
        # a focus cut before its purpose ("can you tell me, so I can answer her?") keeps its
        # question mark: its sentence holds it without one
        bare = focus.rstrip("?! ")
        own = next((at for at, sentence in enumerate(sentences) if bare in sentence), None)
        if own is None:
            return None
        before, _, after = sentences[own].partition(bare)
        rest = f"{before} {self._without_purpose(after)}".strip(" ,;:-?")
        pointing = not self.frames.pointers.isdisjoint(words)
        if (
            rest
            and not pointing
            and (said := self.reader.read(rest)).tokens
            # "the host city" asks, though it names nothing; "Я не знаю" neither names nor asks
            and (
                self.names_or_says(said)
                or self.frames.read(self.frame_words(said)).kind is not None
            )
        ):
            return rest, said
        earlier = [(sentence, self.reader.read(sentence)) for sentence in sentences[:own]]
        for sentence, said in reversed(earlier):
            # a question reported in it ("...and asked me who he is."), before any other
            if self.frames.is_question_word_in(said.said) and self.says_something(said):
                asked = self._asking_part(sentence)
                return asked, self.reader.read(asked)
        for sentence, said in reversed(earlier):
            # what it names or says, or what it asks for ("I need the actual dates.")
            if self.says_something(said) or self.frames.read(self.frame_words(said)).kind:
                asked = self._asking_part(sentence)
                return asked, self.reader.read(asked)
        return None

    def _without_purpose(self, text: str) -> str:
        """`text`, unless it only says why the asker wants to know ("so I can answer her")."""
        purposes = self.frames.purposes
        found = purposes.match(text.strip(" ,;:-")) if purposes is not None else None
        return text if found is None else ""

    def _asking_rest(self, question: str, focus: str) -> tuple[str, Reading]:
        """The asking part of the message without `focus` ("..., according to your article?")."""
        focus = self._asking_part(question.replace(focus, " ").strip())
        return focus, self.reader.read(focus)

    def _names_listed_whole(self, text: str) -> str:
        """`text` with the commas of a list of names closed up ("are Iran,Pakistan and
        Uzbekistan coming?"), so that finding the part that asks does not cut the list after
        its first name; reading takes "Iran,Pakistan" as two names all the same."""
        parts = _COMMA_PART.split(text)
        read = [self.reader.read(part) for part in parts]
        joined = parts[0]
        for at in range(1, len(parts)):
            before, after = read[at - 1], read[at]
            listed = (
                bool(before.mentions)
                and before.mentions[-1].end == len(before.words)
                and bool(after.mentions)
                and after.mentions[0].start == 0
            )
            joined += (_LISTED if listed else ", ") + parts[at]
        return joined

    def _asking_part(self, text: str) -> str:
        """The part of `text` that asks, as this language's frames tell it (`asking_part`)."""
        frames = self.frames
        if "?" in text and (
            bare := bare_question_span(text, frames.interrogatives, frames.leading_chatter)
        ):
            return bare.strip()
        return asking_part(
            text,
            frames.opening_words,
            self.focus,
            frames.leading_chatter,
            frames.conjunctions,
            frames.embedding,
            frames.purposes,
            frames.pointers,
            frames.relative_openers,
            frames.guessing,
            self._small_talk,
            self._only_chat,
            frames.bare_asking_words,
            frames.prepositions,
            frames.aside_openers,
        )

    def _only_chat(self, preface: str, says_nothing: bool) -> bool:
        """Whether a short message's preface to its question names nothing but the event's
        own names ("separate thing: ..."), nor, if `says_nothing`, says a word a fact knows."""
        reading = self.reader.read(preface)
        return not any(m.entity_id not in self.ambient_entities for m in reading.mentions) and (
            not says_nothing or not self.says_something(reading)
        )

    def _small_talk(self, clause: str) -> bool:
        """Whether `clause` is only small talk: a greeting, thanks, "how are you?"."""
        return self.reader.normalise(clause) in self.smalltalk_set

    def other_asking_parts(self, question: str, focus: str) -> list[str]:
        """A long message's parts that ask besides `focus` (`other_asking_parts`)."""
        frames = self.frames
        return other_asking_parts(
            question,
            focus,
            frames.opening_words,
            self.focus,
            frames.leading_chatter,
            frames.embedding,
            frames.purposes,
            frames.conjunctions,
            frames.beliefs,
            frames.guessing,
        )

    def _office_as_country(self, reading: Reading) -> Reading:
        """ "is Erdogan China's president?" asks who Erdogan is (Turkey's), not about the man
        "China's president" names: in a yes/no of names and offices only, an office that names
        someone else beside a person named by name reads as its country."""
        if len(reading.mentions) < 2 or not all(
            token[:1] in (ENTITY_MARK, ALTERNATIVE_MARK) for token in reading.tokens
        ):
            return reading
        offices: dict[int, tuple[str, ...]] = {}
        for at, mention in enumerate(reading.mentions):
            words = reading.words[mention.start : mention.end]
            plain = [w for w in words if self.alternative_of.keys().isdisjoint(self._tokens(w))]
            if len(plain) < len(words) and plain:
                offices[at] = self.reader.read(" ".join(plain)).entities
        types = {self.entity_types[mention.entity_id] for mention in reading.mentions}
        named = {
            self.entity_types[mention.entity_id]
            for at, mention in enumerate(reading.mentions)
            if at not in offices
        }
        # ...unless that office is the named person's own ("is Xi China's president or its
        # foreign minister?" asks about Xi, named twice)
        by_name = {m.entity_id for at, m in enumerate(reading.mentions) if at not in offices}
        replaced = {
            reading.mentions[at].entity_id: places[0]
            for at, places in offices.items()
            if len(places) == 1
            and self.entity_types[reading.mentions[at].entity_id] in named
            and self.entity_types[places[0]] not in types
            and reading.mentions[at].entity_id not in by_name
        }
        if not replaced:
            return reading
        return reading._replace(
            tokens=tuple(
                ENTITY_MARK + replaced[token[1:]] if token[1:] in replaced else token
                for token in reading.tokens
            ),
            entities=tuple(dict.fromkeys(replaced.get(e, e) for e in reading.entities)),
            mentions=tuple(
                m._replace(entity_id=replaced.get(m.entity_id, m.entity_id))
                for m in reading.mentions
            ),
        )

    def _without_describing_clause(self, focus: str, reading: Reading) -> tuple[str, Reading]:
        """ "who is the Turkish president Putin is meeting?" asks who that president is, not who
        Putin meets: a person named right after someone described ("the Turkish president", "the
        Chinese guy"), with a relative pronoun or none, starts a clause that only describes them."""
        words = reading.words
        named = [m for m in reading.mentions if m.entity_id not in self.ambient_entities]
        for described, person in itertools.pairwise(named):
            if self.entity_types[person.entity_id] != PERSON_TYPE:
                continue
            start = described.end
            if self.entity_types[described.entity_id] != PERSON_TYPE:
                # a place described as someone: "the chinese *guy* putin is meeting"
                if start >= len(words) or words[start] not in self.frames.introducing:
                    continue
                start += 1
            gap = words[start : person.start]
            opener = self.frames.relative_pronouns.first_span(gap)
            if gap and (opener is None or opener[0] != 0 or len(gap) - opener[1] > 1):
                continue  # "who is Xi and is Putin meeting him?" joins two questions
            verb_first = opener is not None and len(gap) > opener[1]  # "с которым встречается"
            end = person.end
            while end < len(words) and self.reader.is_auxiliary(words[end]):
                end += 1
            if not verb_first:
                if end >= len(words) or words[end] in self.pronoun_entities:
                    continue  # "who is Xi, Putin?" names two people; the clause has a verb
                end += 1
            clause_dropped = " ".join((*words[:start], *words[end:]))
            return clause_dropped, self.reader.read(clause_dropped)
        return focus, reading

    def offices_asked(self, reading: Reading) -> frozenset[str]:
        """The offices a question names by their words ("prime minister" -> "prime", "minist"),
        a yes/no's too, whose tokens read them as one set of alternatives."""
        if not any(t in self.alternative_of or t[:1] == ALTERNATIVE_MARK for t in reading.tokens):
            return frozenset()
        tokens = self.reader.read(" ".join(reading.words)).tokens  # as read before the yes/no's
        return frozenset(token for token in tokens if token in self.alternative_of)

    def _tokens(self, word: str) -> tuple[str, ...]:
        return self.reader.read(word).tokens

    def _with_time_pointed_at(
        self, question: str, focus: str, reading: Reading, frame: QuestionFrame
    ) -> QuestionFrame:
        """ "my dad watched the 2018 sco summit. where was that one?": a pointer in the asking
        part keeps the time the chatter before it named, as "that one" does in a conversation;
        so does a word pointing at a time ("...last year's summit. what did they say back
        then?")."""
        start = question.find(focus)
        at_a_time = self.frames.time_pointers.found_in(reading.said)
        if start <= 0 or (self.frames.pointers.isdisjoint(reading.words) and not at_a_time):
            return frame
        before = self.reader.read(question[:start])
        said = self.frames.read(
            self.frame_words(before), before.said, self.frame_words(before, ambient=True)
        )
        if said.scope == self.frames.default_scope:
            return frame
        # a year names a summit plainly; words like "before I quote you" may not
        if any(is_year(part) for part in (said.scope_cue or "").split()):
            return replace(frame, scope=said.scope, scope_cue=said.scope_cue)
        # "I read about last year's summit. Which country hosted it?": a phrase naming a time
        # in the sentence just before, pointed at by a pointer ending a clause ("it", "that
        # one"; not "this week", "these guys"), names it as plainly
        alone = at_a_time or any(
            re.search(rf"(?<!\w){re.escape(word)}(?:\s+one)?\s*(?:[?!.,;:]|$)", focus.lower())
            for word in self.frames.pointers.intersection(reading.words)
        )
        sentences = split_sentences(question[:start])
        if not alone or not sentences:
            return frame
        last = self.reader.read(sentences[-1])
        said = self.frames.read(
            self.frame_words(last), last.said, self.frame_words(last, ambient=True)
        )
        if said.scope in (None, self.frames.default_scope) or " " not in (said.scope_cue or ""):
            return frame
        return replace(frame, scope=said.scope, scope_cue=said.scope_cue)

    def _with_what_it_points_at(
        self, question: str, focus: str, reading: Reading
    ) -> tuple[str, Reading]:
        """A question that only points back ("my colleague says the UN chief never goes to
        these. who is right?", "my sister says Putin landed in Tashkent. is that true?") asks
        whether the claim of the last sentence before it holds, unless a question of its own
        comes between them ("...Xi is coming. when does it start? is that true?" asks when)."""
        if not (  # the common case: nothing to split
            self.frames.names_pointing(reading.said)
            or self.frames.ends_with_tag_question(reading.said)
        ):
            return focus, reading
        last = (split_sentences(focus) or [focus])[-1]
        if (reported := self._claim_before_comma(last)) is not None:
            return reported
        pointing = reading if last == focus.strip() else self.reader.read(last)
        if not self.frames.points_back(pointing.said) or self.says_something(pointing):
            return focus, reading
        for sentence in reversed(split_sentences(question[: question.rfind(last)])):
            if sentence.endswith("?"):
                return focus, reading
            said = self.reader.read(sentence)
            # a name, the event's own too ("the summit is in Astana"), or a word a fact knows;
            # not "I say he goes", which names no one
            if self.names_or_says(said):
                # the claim, asked: "is that true?" of "the SCO was founded in 1996"
                claim = " ".join(self.frames.claim_reported(self._reported_clauses(sentence)))
                return f"{claim}?", self.reader.read(claim)
        return focus, reading

    def _reported_clauses(self, sentence: str) -> list[str]:
        """The words of a sentence up to the end of the clause its claim is reported in ("a
        thread claiming India co-founded the SCO, and half my friends retweeted it": not the
        retweets; "one says July 4-5, another says July 3-4": the first of two claims, whose
        answer settles both), or all of them when no claim is reported or nothing follows it."""
        words: list[str] = []
        for clause in _CLAUSE_COMMA.split(sentence):
            clause_words = self.reader.normalise(clause).split()
            if (
                clause_words[:1]
                and self.frames.reports(words)
                and (
                    self.frames.coordinates(clause_words[0])
                    # a comment on the claim ("..., but he's always exaggerating"), not more of
                    # it ("..., but xi is going")
                    or (
                        self.frames.comments(clause_words[0])
                        and not self.names_or_says(self.reader.read(clause))
                    )
                    # a claim of its own ("another says ..."); one opening with the word
                    # that reports it goes on with the claim ("прочитал в новостях, что ...")
                    or self.frames.reports(clause_words[1:])
                )
            ):
                break  # ", and ...": a clause of its own after the claim
            words += clause_words
        return words

    def _claim_before_comma(self, sentence: str) -> tuple[str, Reading] | None:
        """ "my teacher says the SCO was founded by China and Russia, is that so?": the claim
        reported before the comma, when the part after it only points back or is a tag ("my
        cousin swears Modi is flying in, is he?"), or the words pointing back end it without a
        comma ("в телеге пишут что генсек оон едет в астану это правда?")."""
        *head, tail = _CLAUSE_COMMA.split(sentence)
        if not head:
            words = self.reader.normalise(sentence).split()
            size = self.frames.pointing_at_end(words)
            if not size or size == len(words):
                return None
            head, tail = [" ".join(words[:-size])], " ".join(words[-size:])
        pointing = self.reader.read(tail)
        words = self.reader.normalise(" ".join(head)).split()
        if (
            not (
                self.frames.points_back(pointing.said)
                or self.frames.is_tag_question(pointing.words)
            )
            or self.says_something(pointing)
            or not self.frames.reports(words)
            or self.frames.names_pointing(words)  # "is that correct, or is it nonsense?"
        ):
            return None
        claim = " ".join(self.frames.claim_reported(words))
        return f"{claim}?", self.reader.read(claim)

    def names_or_says(self, reading: Reading) -> bool:
        """Whether a reading names anything, the event's own names too ("the summit is in
        Astana"), or says a word some fact knows."""
        return bool(reading.entities) or self.says_something(reading)

    def says_something(self, reading: Reading) -> bool:
        """Whether a reading names something or says a word some fact knows, besides its ways
        of asking ("who is right?", "is that true?" say nothing of their own)."""
        return any(
            token[1:] not in self.ambient_entities
            if token.startswith(ENTITY_MARK)
            else token in self.token_ids
            and token not in self.cue_tokens
            and token not in reading.everyday
            for token in reading.tokens
        )

    def _leaning_on_chatter(
        self, question: str, focus: str, reading: Reading
    ) -> tuple[str, Reading]:
        """The asking part, with the name a pronoun in it stands for, from the chatter before
        it ("...a guy called Xi. who is he, what's his job?"), unless a name it could stand for
        comes before it in the asking part ("is Putin going, is he meeting Xi?")."""
        pronouns = [at for at, word in enumerate(reading.words) if word in self.pronoun_entities]
        by_pointer = not pronouns
        pointed = False
        if pronouns:
            candidates = {e for at in pronouns for e in self.pronoun_entities[reading.words[at]]}
        else:
            # "...a name I don't recognise, Tayyip Erdogan. can you tell me who that is?": a
            # pointer in a question that names and says nothing stands for whoever was named
            pronouns = [at for at, word in enumerate(reading.words) if word in self.frames.pointers]
            if not pronouns or self.names_or_says(reading):
                return focus, reading
            if self.frames.asks_of_what_it_points_at(self.frame_words(reading)):
                # "...I keep hearing the acronym SCO. What is it?": whatever was named, after
                # the whole question ("что это такое (ШОС)?" keeps its "что это такое")
                candidates = set(self.entity_names)
                pointed = True
            elif not self.frames.asks_for_a_person(self.frame_words(reading)) or not all(
                # the pointer is who is asked about ("who that is", "who is this man"), not
                # what ("who are those (talks) with")
                word in self.frames.introducing or self.reader.is_auxiliary(word)
                for word in reading.words[pronouns[-1] + 1 :]
            ):
                return focus, reading
            else:
                candidates = set(self.pronoun_people)
        if not all(
            # "who is he, what's he doing with Putin?": only someone named after the pronoun,
            # or what no pronoun stands for ("what's he going to say about Ukraine?"), besides
            # the event's own names ("is he going to the SCO summit?")
            m.start > pronouns[0]
            and (m.entity_id in candidates or m.entity_id not in self.pronoun_people)
            for m in reading.mentions
            if m.entity_id not in self.ambient_entities
        ):
            return focus, reading
        candidates -= set(reading.entities)
        if not candidates:
            return focus, reading
        start = question.find(focus)
        before = self.reader.read(question[:start] if start > 0 else question)
        named = [m for m in before.mentions if m.entity_id in candidates]
        if not named:
            return focus, reading
        # several: one the chatter introduces ("I keep seeing the name Xi Jinping"), else the
        # first ("a Tayyip Erdogan that Putin is due to meet. what office does he hold?"): the
        # one the chatter is about, more often than the one it ends on
        introduced = [
            m
            for m in named
            if not self.frames.introducing.isdisjoint(before.words[max(0, m.start - 2) : m.start])
        ]
        if by_pointer and len({m.entity_id for m in named}) > 1 and not introduced:
            return focus, reading  # "they say Putin meets Erdogan. who is this man?": either
        if len({m.entity_id for m in named}) > 1:
            # "...who the turkish guy putin is to meet is. i said erdogan but she asked his
            # title. is he president?": the last sentence before the question naming any of
            # them names one ("...the caption said xi jinping. not sure either. who is he?")
            for sentence in reversed(split_sentences(question[:start])):
                said = self.reader.read(sentence)
                nearest = {m.entity_id for m in said.mentions if m.entity_id in candidates}
                if nearest:
                    if len(nearest) == 1:
                        introduced = [m for m in named if m.entity_id in nearest]
                    break
        name = f"({self.entity_names[(introduced or named)[0].entity_id]})"
        # right after the word standing for it, so the clause asking about it names it ("who is
        # he (Xi Jinping) and what has he to do with the summit?" first asks who he is)
        word = reading.words[pronouns[0]]
        at = None if pointed else re.search(rf"(?<!\w){re.escape(word)}(?!\w)", focus, re.I)
        leaned = (
            f"{focus[: at.end()]} {name}{focus[at.end() :]}"
            if at is not None
            else f"{focus.rstrip('?! ')} {name}?"
        )
        return leaned, self.reader.read(leaned)

    def _about_the_one_described(
        self, question: str, focus: str, reading: Reading
    ) -> tuple[str, Reading]:
        """ "the guy who runs Russia and flew into Kazakhstan this week, tell me about him": a
        message whose last comma part asks about "him", after parts that only describe someone
        (none asks), asks about that someone, not about what the description says he did."""
        if not any(self.pronoun_entities.get(word) for word in reading.words):
            return focus, reading
        parts = [part for part in _COMMA_PART.split(question.strip()) if part.strip()]
        if len(parts) < 2:
            return focus, reading
        last = self.reader.read(parts[-1])
        if (
            not last.words
            or self._asks_outright(last.words)  # "who is he?": asked and read as such
            or not self.frames.opening_words.isdisjoint(last.words)  # "...so who is he meeting"
            or any(m.entity_id not in self.ambient_entities for m in last.mentions)
            or not any(self.pronoun_entities.get(word) for word in last.words)
        ):
            return focus, reading
        named: set[str] = set()
        for part in parts[:-1]:
            said = self.reader.read(part)
            if not said.words or self._asks_outright(said.words):
                return focus, reading  # "when did putin land, and where is he staying?"
            named.update(
                m.entity_id
                for m in said.mentions
                if m.entity_id not in self.ambient_entities
                and m.entity_id not in self.setting_entities
            )
        if len(named) != 1 or self.entity_types[next(iter(named))] != PERSON_TYPE:
            return focus, reading  # "the chinese guy putin is meeting, ...": the guy is not Putin
        return parts[-1], last

    def _asks_outright(self, words: tuple[str, ...]) -> bool:
        """Whether words open with a question word or an auxiliary ("who...", "is...")."""
        return words[0] in self.frames.opening_words or self.reader.is_auxiliary(words[0])

    def _leaning_on_a_group(
        self, question: str, focus: str, reading: Reading
    ) -> tuple[str, Reading]:
        """ "Qatar and the UAE are going. Who exactly is representing them?": a "they" or "them"
        in a who-question or a yes/no that names nothing, or a "their" in any question, stands
        for what the sentence before it names ("my coworker says the UAE and Qatar have nothing
        to do with it. are they going?"; "what do they talk about?" may mean everyone at the
        summit)."""
        if (
            any(m.entity_id not in self.ambient_entities for m in reading.mentions)
            or not any(
                word in self.pronoun_entities and not self.pronoun_entities[word]
                for word in reading.words
            )
            or not (
                # "what does the article say about *their* role?": whatever it asks (checked
                # first: the frame read below is the costly test)
                not self.frames.group_possessives.isdisjoint(reading.words)
                or self.frames.asks_for_a_person(self.frame_words(reading))
                or self.frames.read(self.frame_words(reading), reading.said).yes_no
            )
        ):
            return focus, reading
        start = question.find(focus)
        before = split_sentences(question[:start]) if start > 0 else []
        if not before:
            return focus, reading
        named = [
            self.entity_names[m.entity_id]
            for m in self.reader.read(before[-1]).mentions
            # not the event's own names, nor where it is ("the summit in kazakhstan, do they...")
            if m.entity_id not in self.ambient_entities and m.entity_id not in self.setting_entities
        ]
        if not named:
            return focus, reading
        leaned = f"{focus} ({', '.join(dict.fromkeys(named))})"
        return leaned, self.reader.read(leaned)

    def _office_of_the_chatter(
        self, question: str, focus: str, reading: Reading
    ) -> tuple[str, Reading]:
        """ "I'm curious who runs the SCO day to day. Who is the secretary-general right now?":
        an office asked of no one named is the office of the country or body the chatter
        before the question names last, as "the secretary-general of the SCO" (not the UN's)."""
        if (
            reading.mentions
            or not self.frames.office_holders
            or not self.frames.asks_for_a_person(self.frame_words(reading))
            or not self.offices_asked(reading)
        ):
            return focus, reading
        start = question.find(focus)
        holder = next(
            (
                said.words[m.start : m.end]
                for sentence in reversed(split_sentences(question[:start]) if start > 0 else [])
                for said in (self.reader.read(sentence),)
                for m in reversed(said.mentions)
                if self.entity_types[m.entity_id] in self.frames.office_holders
                and m.entity_id not in self.setting_entities
            ),
            None,
        )
        if holder is None:
            return focus, reading
        words = reading.words
        end = next(  # where the last office's words end: "secretary general", "president"
            (
                stop
                for begin in reversed(range(len(words)))
                for stop in range(min(len(words), begin + 3), begin, -1)
                if not self.reader.is_stopword(words[stop - 1])
                and (tokens := self._tokens(" ".join(words[begin:stop])))
                and all(token in self.alternative_of for token in tokens)
            ),
            None,
        )
        if end is None:
            return focus, reading
        joined = (self.frames.office_of,) if self.frames.office_of else ()
        owned = " ".join((*words[:end], *joined, *holder, *words[end:]))
        return owned, self.reader.read(owned)

    def frame_words(self, reading: Reading, ambient: bool = False) -> tuple[str, ...]:
        """The words frames read, each named thing as its type ("в москве" -> "в @place"), so
        cue lists can say "in a place" once for every place; the event's own names ("Astana")
        stay words unless `ambient` ("why in Astana?" still names a place)."""
        named = [
            m for m in reading.mentions if ambient or m.entity_id not in self.plain_word_entities
        ]
        if not named:
            return reading.words
        return self._framed(reading, named)[0]

    def _framed(self, reading: Reading, named: list[Mention]) -> tuple[tuple[str, ...], list[int]]:
        """`frame_words` with `named` as their types, and where each frame word ends in
        `reading.words`."""
        words: list[str] = []
        ends: list[int] = []
        position = 0
        for mention in named:
            words += reading.words[position : mention.start]
            ends += range(position + 1, mention.start + 1)
            words.append(ENTITY_MARK + self.entity_types[mention.entity_id])
            ends.append(mention.end)
            position = mention.end
        words += reading.words[position:]
        ends += range(position + 1, len(reading.words) + 1)
        return tuple(words), ends

    def _with_the_setting_named(self, reading: Reading, frame: QuestionFrame) -> QuestionFrame:
        """ "is Iran at the summit in Kazakhstan?": the event's setting is a word to the cues
        (it asks no place), but it still only says which event, as its name read as a place
        after another name says."""
        typed = [m for m in reading.mentions if m.entity_id not in self.ambient_entities]
        words = self._framed(reading, typed)[0]
        if self.frames.read(words, reading.said).setting_named:
            return replace(frame, setting_named=True)
        return frame

    def _without_the_setting_placed(self, reading: Reading, frame: QuestionFrame) -> Reading:
        """ "What will the leaders discuss in Kazakhstan?": the event's setting placed by a
        preposition only says which event, as its city's name does (the event's own names are
        no evidence for any fact), when no place is asked and no one is named, whose place it
        may be ("is Putin in Kazakhstan yet?")."""
        frames = self.frames
        if (
            frame.kind is None
            or frame.yes_no
            or frame.kind in frames.place_kinds
            or any(self.entity_types[e] == PERSON_TYPE for e in reading.entities)
        ):
            return reading
        placed = {
            m.entity_id
            for m in reading.mentions
            if m.entity_id in self.setting_entities
            and m.start > 0
            and reading.words[m.start - 1] in frames.locatives
        }
        if not placed:
            return reading
        return reading._replace(
            tokens=tuple(t for t in reading.tokens if t[1:] not in placed or t[:1] != ENTITY_MARK)
        )

    def _without_the_claim(self, reading: Reading, cue: str, kept_when_known: bool) -> Reading:
        """ "was the sco set up as a trade bloc?": a yes/no checking a claim of a kind a fact
        gives (`claimed_kinds`) is matched as far as its cue; the claim after it is the asker's
        guess, which the fact's answer confirms or corrects; `kept_when_known`: unless it
        names something or says a word a fact knows."""
        phrase = tuple(cue.split())
        for named in (
            [m for m in reading.mentions if m.entity_id not in self.plain_word_entities],
            reading.mentions,
        ):
            words, ends = self._framed(reading, named)
            for start in range(len(words) - len(phrase) + 1):
                if words[start : start + len(phrase)] == phrase:
                    end = ends[start + len(phrase) - 1]
                    if end >= len(reading.words):
                        return reading  # nothing claimed after it
                    if kept_when_known:
                        claim = self.reader.read(" ".join(reading.words[end:]))
                        if self.names_or_says(claim):
                            return reading  # "...about making the sco work better?"
                    return self.reader.read(" ".join(reading.words[:end]))
        return reading


def build_index(knowledge: KnowledgeBase, lexicon: Lexicon) -> LanguageIndex:
    language = lexicon.language
    tuning = knowledge.tuning
    facts = knowledge.facts
    reader = Reader(
        lexicon,
        knowledge.entities.values(),
        tuning.max_question_chars,
        knowledge.common_words.get(language, frozenset()),
        knowledge.frame_cues[language].reporting,
    )
    ambient_aliases = (
        reader.normalise(alias)
        for entity in knowledge.entities.values()
        if entity.ambient
        for alias in (entity.name, *entity.aliases)
    )
    ambient_words = frozenset(alias for alias in ambient_aliases if len(alias.split()) == 1)
    concepts = frozenset(
        tuple(reader.normalise(variant).split())
        for variants in lexicon.synonyms.values()
        for variant in variants
    )
    frames = FrameReader(
        knowledge.frame_cues[language], knowledge.frames, reader.normalise, ambient_words, concepts
    )
    texts = [fact.text(language) for fact in facts]
    reader.learn(
        [phrase for text in texts for phrase in (text.title, *text.questions, *text.keywords)]
        + sorted(frames.cue_words)
    )
    example_keys: list[str] = []
    example_questions: list[str] = []
    examples: list[Example] = []
    offsets: list[int] = []
    fact_token_strengths: list[dict[str, float]] = []
    keyword_tokens: set[str] = set()
    for fact, text in zip(facts, texts, strict=True):
        offsets.append(len(example_keys))
        # A token the curator named (keyword, entity) fully belongs to the fact; one that only
        # turns up in some example questions belongs to it as much as it is typical.
        strengths: dict[str, float] = {}
        questions = (text.title, *text.questions)
        for position, question in enumerate(questions):
            reading = reader.read(question)
            example_keys.append(reading.fuzzy_key)
            example_questions.append(question)
            if position:  # the title is a label, not an example question
                examples.append(Example(fact.id, question, reading))
            for token in set(reading.tokens):
                strengths[token] = strengths.get(token, 0.0) + 1.0 / len(questions)
        strengths = {token: 0.5 + 0.5 * share for token, share in strengths.items()}
        for keyword in text.keywords:
            tokens = reader.read(keyword).tokens
            strengths.update(dict.fromkeys(tokens, 1.0))
            keyword_tokens.update(tokens)
        strengths.update(dict.fromkeys((ENTITY_MARK + e for e in fact.entities), 1.0))
        fact_token_strengths.append(strengths)
    alternative_of = _alternatives(lexicon, reader)
    people = {entity.id for entity in knowledge.entities.values() if entity.pronoun}
    fact_offices = [
        frozenset(
            token
            for said in (text.answer, *text.keywords)
            # as words too: "Chinese President Xi Jinping" reads as a name
            for token in (
                *reader.read(said).tokens,
                *map(reader.stem, reader.normalise(said).split()),
            )
            if token in alternative_of
        )
        if people.intersection(fact.entities)
        else frozenset()
        for fact, text in zip(facts, texts, strict=True)
    ]
    for strengths in fact_token_strengths:
        for token, alternative in alternative_of.items():
            if token in strengths:
                strengths[alternative] = max(strengths.get(alternative, 0.0), strengths[token])
    keyword_tokens.update(alternative_of[t] for t in keyword_tokens & alternative_of.keys())
    all_entities = {ENTITY_MARK + entity_id for entity_id in knowledge.entities}
    vocabulary = sorted(set().union(all_entities, *fact_token_strengths))
    token_ids = {token: i for i, token in enumerate(vocabulary)}
    # facts x tokens, sparse: how strongly each fact knows each token (as float32, the batch
    # path's matrices, so both paths add up alike)
    fact_tokens = [
        {token_ids[token]: as_float32(strength) for token, strength in strengths.items()}
        for strengths in fact_token_strengths
    ]
    document_frequency = [0] * len(vocabulary)
    for row_tokens in fact_tokens:
        for column in row_tokens:
            document_frequency[column] += 1
    _share_list_members(knowledge, facts, token_ids, fact_tokens)
    token_weights = [
        as_float32(math.log1p(len(facts) / max(frequency, 1))) for frequency in document_frequency
    ]
    postings: dict[int, list[tuple[int, float]]] = {}
    for row, row_tokens in enumerate(fact_tokens):
        for column in sorted(row_tokens):
            postings.setdefault(column, []).append((row, row_tokens[column]))
    ends = [*offsets[1:], len(example_keys)]
    distinct_keys: list[dict[str, int]] = []  # per fact: key -> column of its first phrasing
    for start, end in zip(offsets, ends, strict=True):
        distinct: dict[str, int] = {}
        for column in range(start, end):
            distinct.setdefault(example_keys[column], column)
        distinct_keys.append(distinct)
    smalltalk_keys, smalltalk_ids = [], []
    for intent in knowledge.messages_for(language).smalltalk:
        for example in intent.examples:
            smalltalk_keys.append(reader.normalise(example))
            smalltalk_ids.append(intent.id)
    return LanguageIndex(
        language=language,
        reader=reader,
        frames=frames,
        cue_tokens=frozenset(reader.stem(word) for word in frames.cue_words),
        keyword_tokens=frozenset(keyword_tokens),
        asking_tokens=frozenset(reader.stem(word) for word in frames.asking_words),
        transliteration=Transliteration(lexicon.translit),
        example_keys=example_keys,
        example_questions=example_questions,
        token_ids=token_ids,
        unknown_weight=math.log1p(len(facts)),
        smalltalk_keys=smalltalk_keys,
        smalltalk_ids=smalltalk_ids,
        smalltalk_set=frozenset(smalltalk_keys),
        entity_types={entity.id: entity.type for entity in knowledge.entities.values()},
        ambient_entities=frozenset(e.id for e in knowledge.entities.values() if e.ambient),
        setting_entities=frozenset(e.id for e in knowledge.entities.values() if e.setting),
        plain_word_entities=frozenset(
            e.id for e in knowledge.entities.values() if e.ambient or e.setting
        ),
        examples=examples,
        focus=tuning.focus,
        pronoun_entities=_pronoun_entities(knowledge, language, reader),
        entity_names={e.id: e.display_name(language) for e in knowledge.entities.values()},
        alternative_of=alternative_of,
        fact_offices=fact_offices,
        any_office=frozenset(
            token for word in lexicon.any_alternative for token in reader.read(word).tokens
        ),
        postings=postings,
        weights_by_column=token_weights,
        example_starts=offsets,
        example_ends=ends,
        phrasing_keys=[list(distinct) for distinct in distinct_keys],
        phrasing_columns=[list(distinct.values()) for distinct in distinct_keys],
    )


_FLOAT32 = struct.Struct("f")


def as_float32(value: float) -> float:
    """`value` as float32 holds it (numpy's batch matrices): both scoring paths add up alike."""
    return _FLOAT32.unpack(_FLOAT32.pack(value))[0]


ALTERNATIVE_MARK = "~"  # a set of alternatives' token: never a word's stem


def _alternatives(lexicon: Lexicon, reader: Reader) -> dict[str, str]:
    return {
        token: ALTERNATIVE_MARK + name
        for name, words in lexicon.alternatives.items()
        for word in words
        for token in reader.read(word).tokens
        if not token.startswith(ENTITY_MARK)
    }


def _pronoun_entities(
    knowledge: KnowledgeBase, language: str, reader: Reader
) -> dict[str, frozenset[str]]:
    cues = knowledge.follow_ups.get(language)
    if cues is None:
        return {}
    return {
        reader.normalise(pronoun): frozenset(
            entity.id for entity in knowledge.entities.values() if entity.pronoun == kind
        )
        for kind, pronouns in cues.person_pronouns.items()
        for pronoun in pronouns
    }


def _share_list_members(
    knowledge: KnowledgeBase,
    facts: tuple[Fact, ...],
    token_ids: dict[str, int],
    fact_tokens: list[dict[int, float]],
) -> None:
    """A list fact explains part of a question about any entity of its types ("is Japan
    attending?"), but less than a fact that is about that entity."""
    share32 = as_float32(knowledge.tuning.weights.list_member_share)
    for row, fact in enumerate(facts):
        if fact.listing is None:
            continue
        for entity in knowledge.entities.values():
            column = token_ids.get(ENTITY_MARK + entity.id)
            if entity.type in fact.listing.entity_types and column is not None:
                fact_tokens[row][column] = max(fact_tokens[row].get(column, 0.0), share32)
