"""Follow-ups in context: "and Iran?", "is he going?", "why?", "source?" after an answer.

People ask in full sentences once, then lean on what was said. A conversation keeps the last
question as it was understood (its text with every reference resolved, its answer and who it
named) and reads the next message against it. A follow-up becomes a full question again
("and Iran?" after "who represents India?" is "who represents Iran?"), so the matcher decides
it as it decides any question, with the same frames and the same honesty. What cannot be made
whole is said to be so ("what about the other meeting?" names a meeting nobody mentioned): a
wrong answer to a follow-up is worse than "I'm not sure what you mean" and suggestions. The
cue words are data per language (`knowledge/followups.<lang>.yaml`); nothing here knows about
Telegram, and nothing is kept between conversations: the caller stores the context where it
belongs.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum

from bot.knowledge import PLURAL, FactText, FollowUpCues, KnowledgeBase
from bot.matching import DecisionKind, Matcher, Utterance
from bot.matching.frames import Phrases, find_phrase
from bot.matching.language import Transliteration

PERSON = "person"
SPREAD = 1  # words a cue is read through between two of its own ("the next *sco* summit")
# The kind of answer "why?" asks for: the reason for what was just said, not for anything else
REASON = "reason"
# The kinds of answer asking where something comes from ("source?") and what someone said
SOURCE = "source"
REMARKS = "remarks"


class FollowUp(StrEnum):
    """How a message relates to the conversation before it."""

    NEW = "new"  # a question of its own
    ENTITY = "entity"  # the last question about something else: "and Iran?"
    TIME = "time"  # the last question about another time: "and last year?"
    PRONOUN = "pronoun"  # names the last answer's person with a pronoun: "is he going?"
    QUESTION_WORD = "question_word"  # asks something new about the last topic: "why?"
    SOURCE = "source"  # where the last answer comes from: "source?"
    UNRESOLVED = "unresolved"  # leans on a conversation there is none of, or can't be read


@dataclass(frozen=True)
class ConversationContext:
    """The last question as understood; what the next message may lean on."""

    question: str  # the question with its references resolved ("who represents iran")
    topic: str  # the same without the words that asked ("represents iran")
    language: str
    fact_id: str | None  # the fact that answered it, if one did
    entities: tuple[str, ...]  # what it named, in order
    person: str | None  # the person "he" or "she" would be now
    thing: str | None  # what "it" would be now, if the last question named something
    at: float  # time.monotonic() when it was asked
    people: tuple[str, ...] = ()  # the persons it named, in order: what "they" would be now
    # The time it was about when that is not the event itself ("last years" after "what did the
    # SCO say at last year's summit?"): "who hosted it?" is then about that time too
    scope: str | None = None
    scope_cue: str = ""
    # The persons whose meeting it asked about ("is Putin meeting Xi?"): what "it" and "the
    # meeting" would be now
    meeting: tuple[str, ...] = ()
    # The persons last named together ("who is Putin meeting?": Xi and Erdogan), kept while
    # the conversation picks out one of them: "the other one" is then the one not picked
    group: tuple[str, ...] = ()

    def expired(self, ttl_seconds: float, now: float | None = None) -> bool:
        return (time.monotonic() if now is None else now) - self.at > ttl_seconds


@dataclass(frozen=True)
class Resolution:
    """What a message asks, once the conversation is taken into account."""

    follow_up: FollowUp
    question: str  # what to match: the message itself, or the follow-up made whole
    fact_id: str | None = None  # for SOURCE: the fact whose source is asked
    reference: str = ""  # for UNRESOLVED: the word that refers to nothing ("he", "and")
    may_stand_alone: bool = False  # "where is it?": "it" may be the event itself
    # "what about the other meeting?": a fragment that names nothing of the last question is
    # answered when it is a question of its own that leads somewhere new ("and the venue?"),
    # else it is `reference` leaning on something never said
    fragment: bool = False
    referent: str | None = None  # for PRONOUN: the person the pronoun stood for
    alone: str = ""  # for may_stand_alone: the message as a question of its own, in its time
    names_topic: bool = False  # for QUESTION_WORD: asks about the topic itself, not the answer
    # for may_stand_alone: only a fact about the event itself may answer the message alone ("who?"
    # on its own is no question about anyone in particular)
    event_only: bool = False
    # for PRONOUN: words no fact is asked or answered with ("жена" in "а жена его тоже
    # приедет?"): something of that person's the article never mentions
    unknown: tuple[str, ...] = ()
    # for may_stand_alone: the only facts that may answer the message alone, if not any
    leads_to: tuple[str, ...] = ()
    # for QUESTION_WORD: names a time of its own ("а в прошлом году где?"), which facts other
    # than the last answer's may be about
    own_time: bool = False


class FollowUpReader:
    """Tells follow-ups from new questions and makes them whole; one per knowledge base."""

    def __init__(self, knowledge: KnowledgeBase, matcher: Matcher) -> None:
        self._knowledge = knowledge
        self._matcher = matcher
        self._cues: dict[str, _Cues] = {
            language: _Cues.of(cues, knowledge, matcher, language)
            for language, cues in knowledge.follow_ups.items()
        }
        # Who the article attributes its claims to ("according to a statement from the
        # Kremlin"): "это кремль сказал?" after an answer asks whose claim it is
        self._cited = frozenset(
            entity
            for fact in knowledge.facts
            for quote in fact.quotes
            if quote.attribution
            for entity in matcher.utterance(quote.attribution, knowledge.language).entities
        )
        # Whom the articles' headlines are about ("Putin Arrives in Kazakhstan"): named with
        # another person ("is Putin meeting Xi?", "is Erdogan meeting Putin?"), he is the one
        # every question turns around, and "he" in the next is the other
        self._headlined = frozenset(
            entity
            for source in knowledge.sources.values()
            for entity in matcher.utterance(
                source.meta.title, source.meta.language or knowledge.language
            ).entities
            if knowledge.entities[entity].type == PERSON
        )
        # What a fact about one person names with them (Erdogan: Turkey): "who's the Turkish
        # guy Putin is meeting?" is answered with Xi and Erdogan, and the Turkish one is "he"
        self._together = frozenset(
            (person, entity)
            for fact in knowledge.facts
            for person in fact.entities
            if knowledge.entities[person].type == PERSON
            and sum(knowledge.entities[e].type == PERSON for e in fact.entities) == 1
            for entity in fact.entities
            if entity != person
        )
        self._transliterations = {
            language: Transliteration(lexicon.translit)
            for language, lexicon in knowledge.lexicons.items()
            if lexicon.translit
        }
        # The words the facts are asked and answered with, as reading keeps them ("жен" is not
        # one): a follow-up about a person that adds another word asks about something else
        by_fact = {
            (fact.id, language): frozenset(
                token
                for phrase in _phrasings(fact.text(language))
                for token in matcher.utterance(phrase, language).content
            )
            for fact in knowledge.facts
            for language in knowledge.follow_ups
        }
        self._known = {
            language: frozenset().union(*(by_fact[fact.id, language] for fact in knowledge.facts))
            for language in knowledge.follow_ups
        }
        # The same, of the facts giving each kind of answer: "man" (in "the man from the United
        # Nations") is a word the persons' facts know, not the lists'
        self._known_by_kind = {
            (kind, language): frozenset().union(
                *(by_fact[fact.id, language] for fact in knowledge.facts if kind in fact.answers)
            )
            for kind in {kind for fact in knowledge.facts for kind in fact.answers}
            for language in knowledge.follow_ups
        }

    def resolve(
        self, text: str, context: ConversationContext | None, language_hint: str | None = None
    ) -> tuple[Resolution, Utterance]:
        resolution, utterance = self._resolve(text, context, language_hint)
        if (corrected := self._corrected(text, utterance, context)) is not None:
            return corrected
        if context is None or not context.scope_cue or context.language != utterance.language:
            return resolution, utterance
        # "will Modi go to that one?": "will" reads as this summit only for want of another time
        that_time = (
            self._names_that_time(utterance) or self._its_the_event(utterance, context)
        ) and not self._names_this_time(utterance)
        scope = utterance.frame.scope
        if that_time and scope == self._knowledge.frames.default_scope:
            scope = None
        if (
            resolution.follow_up is FollowUp.NEW
            and not resolution.fragment
            and scope is None
            and that_time
        ):
            # "was that summit held in person?" after last year's statement, "will Modi go to
            # that one?" after the next summit: a question of its own shape that points at the
            # time talked about
            question = " ".join(utterance.reading.words)
            resolution = replace(resolution, follow_up=FollowUp.PRONOUN, question=question)
        if resolution.follow_up not in _REFERRING_BACK:
            return resolution, utterance
        if scope is not None or self._names_this_time(utterance):
            # "а в этом году где?", "ok, when is this one?": a time of its own wins, and what
            # the conversation said about the other time ("онлайн", "НАТО") is no longer what
            # it asks about
            return Resolution(FollowUp.NEW, text), utterance
        # "who hosted it?" after last year's summit: still last year's
        cue = tuple(context.scope_cue.split())
        question = _without_spread(tuple(resolution.question.split()), cue)
        return replace(
            resolution,
            question=" ".join([*question, *cue]),
            alone=" ".join([*(resolution.alone.split() or utterance.reading.words), *cue]),
        ), utterance

    def _the_other_one(
        self, utterance: Utterance, context: ConversationContext, cues: _Cues
    ) -> tuple[tuple[str, ...], str] | None:
        """The words saying "the other one" and the one person of the group named last that
        is neither the one talked about now nor the one every story is about."""
        if utterance.reading.entities or context.person is None:
            return None
        words = utterance.reading.words
        span = cues.the_other.first_span(words)
        if span is None:
            return None
        others = [
            person
            for person in context.group
            if person != context.person and person not in self._headlined
        ]
        return (tuple(words[span[0] : span[1]]), others[0]) if len(others) == 1 else None

    def _asks_who_replaces(self, utterance: Utterance) -> bool:
        """ "who's going in his place?", "кто вместо него?": asks for someone else than the
        person it names."""
        cues = self._cues.get(utterance.language)
        said = f" {' '.join(utterance.reading.words)} "
        return cues is not None and any(f" {phrase} " in said for phrase in cues.replacing)

    def _country_of_the_office(
        self, utterance: Utterance, context: ConversationContext, cues: _Cues
    ) -> str | None:
        """The one country the last question named, when this one asks of an office by a word
        pointing at it ("its president", "кто там президент?") and names no country. With a person
        talked about, only a country the question itself named ("and china's role?" "who's
        their president?"): the persons its answer names are not who "their" points at."""
        entities = self._knowledge.entities
        if (
            # "is its president meeting putin?" names Putin, not the country "its" points at
            any(entities[named].type in cues.country_types for named in utterance.reading.entities)
            or cues.country_pointers.isdisjoint(utterance.reading.words)
            or not self._matcher.names_an_office(utterance)
            or (context.person is not None and any(map(self._is_person, context.entities)))
        ):
            return None
        # the question's, else its answer's ("где проходит саммит?" "в Казахстане")
        answered = (
            self._knowledge.facts_by_id[context.fact_id].entities
            if context.fact_id and context.person is None
            else ()
        )
        countries = [
            entity
            for entity in context.entities or answered
            if self._knowledge.entities[entity].type in cues.country_types
        ]
        return countries[0] if len(countries) == 1 else None

    def _its_the_event(self, utterance: Utterance, context: ConversationContext) -> bool:
        """ "where is it happening?", "а где он пройдёт?" after the next summit: "it" naming
        nothing else is the summit talked about (not a person: "он" is also "he")."""
        cues = self._cues.get(utterance.language)
        return (
            cues is not None
            and context.person is None
            and not context.people
            and context.thing is None
            and not utterance.reading.entities
            and not cues.topic_pronouns.isdisjoint(utterance.reading.words)
        )

    def _resolve(
        self, text: str, context: ConversationContext | None, language_hint: str | None = None
    ) -> tuple[Resolution, Utterance]:
        utterance = self._matcher.utterance(text, language_hint)
        if (
            context is not None
            and context.language != utterance.language
            and (native := self._in_translit(text, context.language)) is not None
        ):
            text, utterance = native
        cues = self._cues.get(utterance.language)
        if cues is None:
            return Resolution(FollowUp.NEW, text), utterance
        if context is not None and (named := self._named_first(text, utterance.language)):
            # "what about pakistan, are they attending": the pronoun is the name put before it
            return self._resolve(named, context, utterance.language)
        if context is not None and context.language != utterance.language:
            if context.fact_id is not None and (
                cues.asks_source(utterance.reading.said)
                or (
                    utterance.frame.kind == SOURCE
                    and not utterance.reading.entities
                    and not utterance.content
                )
            ):
                # "source?" after "путин с ним встречается?": people switch languages mid-chat,
                # and a bare source question is about the last answer in any of them
                return Resolution(FollowUp.SOURCE, text, fact_id=context.fact_id), utterance
            context = None  # a new language starts a new conversation
        words = utterance.reading.words
        if context is not None and utterance.reading.said in cues.how_alone:
            # "how?" after "what is the summit supposed to achieve?": the article never says how
            return Resolution(FollowUp.NEW, text), utterance
        if utterance.reading.said in cues.shrugs:
            # "so?", "i chto": asks nothing, so nothing to answer again (nor anew)
            return Resolution(FollowUp.UNRESOLVED, text, reference=_as_typed(text, 0)), utterance
        opener = cues.opener(words)
        if cues.present_alone and utterance.reading.said[opener:] in cues.present_alone:
            # "а кто будет?" on its own: who will be there (not who "кто будет главным")
            return Resolution(FollowUp.NEW, cues.who_attends), utterance
        reflexive = [
            at
            for at, word in enumerate(words)
            if word in cues.reflexives
            and any(
                m.end == at and self._is_person(m.entity_id) for m in utterance.reading.mentions
            )
        ]
        if reflexive:
            # "so modi himself isn't coming?", "and erdogan himself?": a reflexive right after a
            # person's name is that person, as if unsaid
            said = " ".join(word for at, word in enumerate(words) if at not in reflexive)
            return self._resolve(said, context, utterance.language)
        if cues.group_pronoun and (group := cues.group_phrases.first_span(words)) is not None:
            # "all three confirmed then?": everyone the last question named, as "they" is
            start, end = group
            said = " ".join((*words[:start], cues.group_pronoun, *words[end:]))
            return self._resolve(said, context, utterance.language)
        pronoun = next((word for word in words if word in cues.person_pronouns), None)
        names_person = utterance.describes_someone or any(
            self._is_person(entity) for entity in utterance.entities
        )
        # Only asks ("why?", "when?", "who else?", "source?"): no other words, no names at all.
        only_asks = not utterance.reading.entities and all(
            word in cues.topic_pronouns or word in cues.person_pronouns or word in cues.opener_words
            for word in utterance.unasked
        )
        if context is None:
            # "is he going?" with nobody mentioned before ("где он пройдёт?": "он" is the event);
            # in a long message the chatter around the question says who ("my gran ... she wants
            # to know which city"), and a name before the pronoun may be whom it stands for ("the
            # UN's top official, is he attending?", "кто основал шос и сколько в ней стран")
            if (
                pronoun
                and not names_person
                and pronoun not in cues.topic_pronouns
                and utterance.whole
                and not any(
                    mention.start < words.index(pronoun) for mention in utterance.reading.mentions
                )
            ):
                return Resolution(FollowUp.UNRESOLVED, text, reference=pronoun), utterance
            return Resolution(FollowUp.NEW, text), utterance
        if cues.asks_source(utterance.reading.said):
            # "кто так говорит?", "whose claim is that?": only ever about the last answer
            if context.fact_id is None:
                return Resolution(
                    FollowUp.UNRESOLVED, text, reference=_as_typed(text, 0)
                ), utterance
            return Resolution(FollowUp.SOURCE, text, fact_id=context.fact_id), utterance
        if (
            context.fact_id is not None
            and (doubt := cues.doubting(utterance.reading.said)) is not None
            and not cues.asks(doubt)
            and set(utterance.entities) <= set(context.entities)
        ):
            # "you sure? i thought he was", "you sure it's not 2025?": the last answer doubted,
            # with what the asker thought instead, asks nothing new: it and its quote again
            return Resolution(FollowUp.SOURCE, text, fact_id=context.fact_id), utterance
        if utterance.frame.kind == SOURCE and cues.everything.found_in(utterance.reading.said):
            # "what's the source for all of this": where everything comes from, not the last
            return Resolution(FollowUp.NEW, text), utterance
        if (
            utterance.frame.kind == SOURCE
            # "which agencies exactly?": by name, which no answer's source gives
            and not utterance.frame.asks_individual
        ) and (
            only_asks
            or (
                not utterance.reading.entities
                and len(self._new_words(utterance, opener)) <= cues.max_new_words
            )
        ):
            # "source?", "откуда инфа?", "wait, what's your source for that": for the last answer
            if context.fact_id is None and cues.points_back(utterance.reading.said):
                # "source for that?" after a decline: there is no "that"
                return Resolution(
                    FollowUp.UNRESOLVED, text, reference=_as_typed(text, 0)
                ), utterance
            if context.fact_id is None and not (pronoun and context.person):
                # nothing was answered: where this bot's answers come from ("who says he's
                # coming?" still names the last person: who says he is coming)
                return Resolution(FollowUp.NEW, text), utterance
            if context.fact_id is not None:
                return Resolution(FollowUp.SOURCE, text, fact_id=context.fact_id), utterance
        if context.fact_id is not None and self._checks_source(utterance, opener, cues):
            # "это кремль сказал?", "is it from the Kremlin?": whose claim the last answer is
            return Resolution(FollowUp.SOURCE, text, fact_id=context.fact_id), utterance
        if (
            utterance.frame.kind == SOURCE
            and (utterance.reading.entities or opener)
            and (opener or not self._new_words(utterance, opener))
            # "and who says he's coming?": he is the person before, named once resolved
            and not (pronoun and context.person and not utterance.reading.entities)
            and (named := self._fact_about(utterance)) is not None
        ):
            # "а про гутерриша кто сообщил?": where the answer about Guterres comes from; "а
            # цели саммита откуда взяли?": where the answer about the aims comes from
            return Resolution(FollowUp.SOURCE, text, fact_id=named), utterance
        if (other := self._the_other_one(utterance, context, cues)) is not None:
            # "and the other one, who's he?" after "who is the Turkish one?" of Putin's two
            # meetings: the one of them not talked about
            phrase, person = other
            name = self._knowledge.entities[person].display_name(utterance.language)
            named = _replaced(words[opener:], phrase, name)
            named = [name if word in cues.person_pronouns else word for word in named]
            return Resolution(FollowUp.PRONOUN, " ".join(named), referent=person), utterance
        if (country := self._country_of_the_office(utterance, context, cues)) is not None:
            # "who is its president?", "а кто её президент?", "кто там президент?" after "is
            # Turkey attending?": the office is the country's, not a person's or the event's
            name = self._knowledge.entities[country].display_name(utterance.language)
            named = [name if word in cues.country_pointers else word for word in words[opener:]]
            return Resolution(FollowUp.PRONOUN, " ".join(named)), utterance
        # "is he going?", "о чем они будут говорить?" ask something once the pronoun is named;
        # "and him?", "а он?" ask the last question again
        has_own_words = bool(
            not only_asks
            or utterance.content
            or utterance.frame.kind is not None
            or utterance.entities
            or cues.asks(words[opener:])
            # "is he actually gonna be there?": a question of its own shape, though its words
            # are all chat to the matcher
            or (
                cues.opens_question(words[opener : opener + 1])
                and any(word != pronoun for word in words[opener + 1 :])
            )
        )
        group = next((word for word in words if word in cues.group_pronouns), None)
        if group and not pronoun and has_own_words and (they := self._they(context)):
            # "what will they talk about?" after "is Putin meeting Erdogan?": the two of them;
            # a source the article cites ("...according to the Kremlin?") may not be who "they"
            # are in "what else will they discuss?": the leaders at the summit may be, asked
            # about the event itself
            named = [they if word == group else word for word in words[opener:]]
            cited = any(entity in self._cited for entity in (*context.entities, context.thing))
            return Resolution(
                FollowUp.PRONOUN,
                " ".join(named),
                may_stand_alone=len(context.people) < 2 and cited,
                event_only=True,
            ), utterance
        referent = context.person
        if (
            not pronoun
            and referent is not None
            and not names_person
            and self._asks_who_replaces(utterance)
        ):
            # "who's going instead?" after "is Modi going?": instead of him
            name = self._knowledge.entities[referent].display_name(utterance.language)
            return Resolution(
                FollowUp.PRONOUN, f"{' '.join(words[opener:])} {name}", referent=referent
            ), utterance
        if pronoun and referent is None and pronoun not in cues.topic_pronouns:
            # "what about him?" when nobody was named: nobody it could mean
            return Resolution(FollowUp.UNRESOLVED, text, reference=pronoun), utterance
        if pronoun and referent is not None and not self._fits(referent, cues, pronoun):
            # "and her?" when the last answer was about a man: nobody it could mean
            return Resolution(FollowUp.UNRESOLVED, text, reference=pronoun), utterance
        if pronoun and referent is not None and not has_own_words and referent in context.entities:
            # "and him?" after "who is Putin meeting?": not Putin again, but whom of the ones the
            # answer named? Only one it can be is asked about; with several, nobody can tell
            others = self._others_answered(context, cues, pronoun)
            if len(others) != 1:
                return Resolution(FollowUp.UNRESOLVED, text, reference=pronoun), utterance
            referent = others[0]
        if pronoun and (asked := self._asked_of_one_named_first(text, utterance, cues, pronoun)):
            # "and modi? is he coming": "he" is the one the message named first on its own,
            # not the last answer's person
            return self._resolve(asked, context, utterance.language)
        if pronoun and referent is not None and referent not in utterance.entities:
            name = self._knowledge.entities[referent].display_name(utterance.language)
            if has_own_words:
                named = self._pronoun_named(
                    words[opener:], pronoun, referent, name, utterance.language
                )
                if (
                    only_asks
                    # "who's going with him?" asks for others than him: not his answer again
                    and not (utterance.frame.asks_company or utterance.frame.asks_fellow_travellers)
                    and self._answers(context.fact_id, utterance.frame.kind)
                    and referent in self._knowledge.facts_by_id[context.fact_id or ""].entities
                ):
                    # "what's his name again?" after the answer that names him: made whole it
                    # asks nothing a fact is asked with ("what is Jaishankar's name"), and the
                    # last answer is what holds it
                    return Resolution(
                        FollowUp.PRONOUN,
                        " ".join(named),
                        may_stand_alone=True,
                        alone=context.question,
                        leads_to=(context.fact_id or "",),
                        referent=referent,
                    ), utterance
                return Resolution(
                    FollowUp.PRONOUN,
                    " ".join(named),
                    # "зачем он нужен?": "он" may be the event, not the last person
                    may_stand_alone=pronoun in cues.topic_pronouns,
                    referent=referent,
                    unknown=self._unknown(utterance),
                ), utterance
            # "and him?", "а он?": the last question, about that person
            question = self._swap_text(context.question, context.language, referent, name)
            return Resolution(FollowUp.PRONOUN, question, referent=referent), utterance
        bare_names = (
            not opener
            and not utterance.content
            # "the turkish one?": an article opens cues ("the agenda?"), not a name
            and not cues.opens_question(tuple(word for word in words if word not in cues.articles))
        )
        thing_pronoun = next((word for word in words if word in cues.topic_pronouns), None)
        # "when does that take place?" after "is Putin meeting Xi?": "that" asked about is their
        # meeting too ("and that one from before?" points elsewhere)
        pointer = (
            next((word for word in words if word in cues.pointers), None)
            if utterance.frame.question_word
            else None
        )
        meeting = next((word for word in words if word in cues.meetings), thing_pronoun or pointer)
        if meeting and context.meeting and not only_asks and not utterance.reading.entities:
            # "how long will it last?", "what was agreed at the meeting?" after "is Putin
            # meeting Xi?": their meeting, which the summit's facts do not answer for
            and_ = f" {self._knowledge.strings(context.language)['and']} "
            names = and_.join(
                self._knowledge.entities[person].display_name(utterance.language)
                for person in context.meeting
            )
            # "it" becomes their meeting too: "how long will Putin and Xi meeting last"
            said = meeting if meeting in cues.meetings else cues.a_meeting
            named = [f"{names} {said}" if word == meeting else word for word in words[opener:]]
            return Resolution(FollowUp.PRONOUN, " ".join(named)), utterance
        if thing_pronoun and context.thing and not only_asks and not utterance.reading.entities:
            # "what is it meant to do?" after "what is the SCO?": "it" is the SCO (or the event)
            name = self._knowledge.entities[context.thing].display_name(utterance.language)
            named = [name if word == thing_pronoun else word for word in words[opener:]]
            # ...or the event itself, so alone only a fact about either may answer it ("who's
            # its secretary general?" after the SCO is not about the UN's)
            return Resolution(
                FollowUp.PRONOUN,
                " ".join(named),
                may_stand_alone=True,
                leads_to=self._about(context.thing),
            ), utterance
        asks_anew = utterance.frame.kind is not None and utterance.frame.kind_cue is not None
        if (
            utterance.entities
            and not asks_anew
            and (opener or bare_names)
            and cues.topic_pronouns.isdisjoint(words)  # "so is it the kremlin website?" asks
            and self._asked_for_a_source(context)
            and (named := self._fact_about(utterance))
        ):
            # "and the bit about guterres?" after "where does all this info come from?": where
            # the answer about him comes from
            return Resolution(FollowUp.SOURCE, text, fact_id=named), utterance
        if (
            utterance.entities
            and not asks_anew  # "and who is the Chinese leader?" is a question of its own
            and (
                (opener and len(self._new_words(utterance, opener)) <= cues.max_new_words)
                or bare_names
            )
            # "and Pakistan sending anyone?" says what it asks: the last question's frame ("who
            # is Jaishankar?") is not forced onto it; "and China's role?" after Russia's leans on it
            and self._says_nothing_new(utterance, opener, context)
        ):
            # "and Iran?", "Iran?", "what about Türkiye's role": the last question, new names
            question = self._with_names(context.question, utterance, self._involved(context))
            if not context.entities:
                # "modi too?" after "who else is attending?", "а ирак?" after "кто приедет?": the
                # name has no name to replace; asked about it, or else (no country of a list of
                # them) whether it is what was asked about at all
                topic = self._with_names(context.topic, utterance)
                if self._of_its_list(context.fact_id, utterance.entities):
                    # "а армения?" after "кто едет на саммит?": whether it is on the list
                    return Resolution(FollowUp.ENTITY, topic), utterance
                return Resolution(
                    FollowUp.ENTITY, question, may_stand_alone=True, alone=topic
                ), utterance
            if listed := self._listing_and_related(context.fact_id):
                # "Armenia?", "and the UN?" after "which delegations besides Russia and China?":
                # the names swapped in make no question ("besides Armenia"); the names alone ask
                # whether they are on the list, or what the curator related to it says of them
                return Resolution(
                    FollowUp.ENTITY,
                    question,
                    may_stand_alone=True,
                    alone=" ".join(words[opener:]),
                    leads_to=listed,
                ), utterance
            # "а гутерриш будет?" after "а почему не моди?": words of its own may make it a
            # question by itself, when the last one, about the new name, is not answered
            return Resolution(
                FollowUp.ENTITY,
                question,
                may_stand_alone=any(
                    words[at] not in cues.prepositions
                    and not any(m.start <= at < m.end for m in utterance.reading.mentions)
                    for at in range(opener, len(words))
                ),
                alone=" ".join(words[opener:]),
            ), utterance
        # "and in 2019?": the year is the time it is about, not a date it asks for
        asked_kind = (
            utterance.frame.kind if utterance.frame.kind_cue != utterance.frame.scope_cue else None
        )
        # "а в прошлом году где был?": asks and names a time, nothing else
        time_words = set((utterance.frame.scope_cue or "").split())
        asks_at_a_time = (
            bool(time_words)
            and not utterance.reading.entities
            and all(word in time_words for word in utterance.unasked)
        )
        if (only_asks or asks_at_a_time) and (asked_kind is not None or cues.asks(words[opener:])):
            # "why?", "when?", "who else?", "on what?": that, about the last topic
            asked = " ".join(words[opener:])
            topic = context.topic
            if (
                utterance.frame.asks_others
                and context.person is not None
                and not self._answers(context.fact_id, utterance.frame.kind)
            ):
                # "who else?" after "is Guterres coming?": who else is coming, beyond him (the
                # list he is on); after "is Putin meeting Xi?" the meetings list them already
                topic = self._beyond(topic, context, utterance.frame.kind)
            elif utterance.frame.asks_others and (named := self._answered_all(context)):
                # "who else?" after "who is Putin meeting?": the answer named them all already,
                # so it asks beyond them, which the article may not say
                topic = f"{topic} {named}"
            pronoun_for_topic = any(word in cues.topic_pronouns for word in words)
            # "where?" after "who else is attending?" (a topic that names nobody) asks where the
            # summit is; a bare "why?" only ever asks the reason for the last answer; "and the
            # agenda?" (a noun, no question word) may ask for the event's own agenda
            event_alone = (
                (not context.entities and asked_kind != REASON)
                or (
                    asked_kind is not None
                    and (
                        not utterance.frame.question_word
                        # "what's on the agenda?" after Putin's arrival: the event's, not his
                        or self._matcher.names_what_is_asked(
                            utterance.language, utterance.frame.kind_cue
                        )
                    )
                )
                # "where?" after "is Guterres coming?": where the summit he comes to is
                or self._asked_of_the_event(asked_kind, context, cues)
            )
            return Resolution(
                FollowUp.QUESTION_WORD,
                f"{asked} {topic}",
                # "ok what about the dates?": the dates, on their own
                alone=asked if opener else "",
                # "founded by who?" names its own time: it may be a question of its own
                may_stand_alone=pronoun_for_topic or event_alone or asks_at_a_time,
                event_only=event_alone and not (pronoun_for_topic or asks_at_a_time),
                own_time=asks_at_a_time,
                # "а зачем он?" after the venue: "он" (a pronoun for persons too, so one that
                # stands for a noun, not "это" for what was just said) is the summit itself
                names_topic=any(
                    word in cues.topic_pronouns and word in cues.person_pronouns for word in words
                ),
            ), utterance
        if opener and opener == len(words) and utterance.frame.scope is None:  # "and?", "so?"
            reference = " ".join(words)
            return Resolution(FollowUp.UNRESOLVED, text, reference=reference), utterance
        # Openers one at a time, each as short as it can be: in "а что было в прошлом году?" only
        # "а" opens and "что" asks, while "and what about the other one?" opens twice
        leading = cues.openers_before(words)
        fragment = words[leading:]
        if (
            leading
            and not utterance.reading.entities
            and asked_kind is None
            and not cues.asks(fragment[:1])  # "что было там?" asks; "that one from before" not
        ):
            # An opener and a phrase that names nothing and asks nothing of its own
            if (role := self._by_role(fragment, utterance, context)) is not None:
                # "what about the foreign minister?" after Modi: the one the answer named so
                name = self._knowledge.entities[role].display_name(utterance.language)
                question = self._swap_text(context.question, utterance.language, role, name)
                return Resolution(FollowUp.ENTITY, question), utterance
            cue_words = tuple((utterance.frame.scope_cue or "").split())
            own_words = _without(fragment, cue_words)
            if utterance.frame.scope == self._knowledge.frames.default_scope and own_words:
                # "and this year's focus?" after last year's statement: asks anew, about this one
                return Resolution(
                    FollowUp.NEW, text, reference=_as_typed(text, leading), fragment=True
                ), utterance
            if utterance.frame.scope is not None and cues.asks(own_words):
                # "а в прошлом году как проходил?": a question of its own at that time
                return Resolution(
                    FollowUp.NEW, text, reference=_as_typed(text, leading), fragment=True
                ), utterance
            if utterance.frame.scope is not None:
                # "and last year?", "and in 2019?": the last question, about that time (its cue
                # put back where reading left it out: "and this year?")
                return Resolution(
                    FollowUp.TIME, self._at_another_time(context, (*own_words, *cue_words))
                ), utterance
            if cues.points_earlier(fragment):
                # "and that one from before?": something said before the last question, which
                # is all the conversation keeps
                reference = _as_typed(text, leading)
                return Resolution(FollowUp.UNRESOLVED, text, reference=reference), utterance
            # "and the venue?" asks anew; "what about the other meeting?" leans on a meeting
            # nobody mentioned: better to say so than to answer about some meeting
            return Resolution(
                FollowUp.NEW,
                " ".join(fragment),
                reference=_as_typed(text, leading),
                fragment=True,
            ), utterance
        return Resolution(FollowUp.NEW, text), utterance

    def _named_first(self, text: str, language: str) -> str | None:
        """ "what about pakistan, are they attending", "and erdogan, путин с ним встречается?":
        an opener (of any language the bot reads, as people mix them) and names, then a clause
        whose pronoun stands for them: that clause about the names, else None."""
        head, comma, tail = text.partition(",")
        cues = self._cues[language]
        if not comma or not tail.strip():
            return None
        first = self._matcher.utterance(head, language).reading
        named = {
            position for mention in first.mentions for position in range(mention.start, mention.end)
        }
        openers = {word for other in self._cues.values() for word in other.opener_words}
        if not first.entities or not all(
            position in named or word in openers for position, word in enumerate(first.words)
        ):
            return None
        words = self._matcher.reader(language).normalise(tail).split()
        pronouns = cues.person_pronouns.keys() | cues.group_pronouns
        if not any(word in pronouns for word in words):
            return None
        names = f" {self._knowledge.strings(language)['and']} ".join(
            self._knowledge.entities[entity].display_name(language) for entity in first.entities
        )
        return " ".join(names if word in pronouns else word for word in words)

    def _corrected(
        self, text: str, utterance: Utterance, context: ConversationContext | None
    ) -> tuple[Resolution, Utterance] | None:
        """A message taking a name back ("no wait, I meant Iran"; "а ирак будет? ой нет, я имел
        в виду иран"): the question it corrects with the new names in place of the ones of their
        kind. That question is the one typed before the correction, else the last one."""
        language = utterance.language
        cues = self._cues.get(language)
        if cues is None:
            return None
        reader = self._matcher.reader(language)
        # the whole message: an aside after a question ("...? sorry i meant iran") is no part
        # of what it asks, but it takes a name back
        if (
            cues.correction(utterance.reading.words) is None
            and cues.correction(tuple(reader.normalise(text).split())) is None
        ):
            return None
        if context is not None and context.language != language:
            context = None
        sentences = _SENTENCE_END.split(text.strip())
        for position, sentence in enumerate(sentences):
            words = tuple(reader.normalise(sentence).split())
            if (found := cues.correction(words)) is None:
                continue
            start, end = found
            if end - start == 1 and any(reader.is_auxiliary(word) for word in words[:start]):
                # "what was the SCO originally meant to do?": a one-word cue after an auxiliary
                # is a passive, not "sorry, meant Iran"; nothing is taken back
                continue
            names = self._matcher.utterance(" ".join(words[end:]), language)
            if not names.reading.entities and context is not None and names.frame.scope:
                # "sorry, I meant last year's", "ой, я про прошлогодний": a time taken back
                when = tuple((names.frame.scope_cue or "").split())
                if when and set(self._new_words(names, 0)) <= set(when):
                    question = self._at_another_time(context, when)
                    return Resolution(FollowUp.TIME, question), utterance
            if names.frame.question_word and (
                names.reading.entities
                or not self._matcher.utterance(
                    " ".join(words[:start]), language
                ).frame.question_word
            ):
                # "I meant Iran, who's coming from there?", "no, I meant the summit, which country
                # hosts it?": what was meant, and a question of its own about it (after a question
                # naming nothing new, "who is he exactly, I mean what is his job" asks it again)
                meant = " ".join(words[end:])
                if context is not None and not cues.person_pronouns.keys().isdisjoint(words[end:]):
                    # "no i mean when did he get to kazakhstan": "he" is who was talked about
                    leaning, meant_read = self._resolve(meant, context, language)
                    if leaning.follow_up is not FollowUp.NEW:
                        return leaning, meant_read
                return Resolution(FollowUp.NEW, meant), utterance
            if not names.reading.entities or self._new_words(names, 0):
                return None  # "I mean, is Modi going?": a question of its own
            typed_before = [*sentences[:position], " ".join(words[:start])]
            corrected = next(
                (
                    question
                    for question in (" ".join(typed_before[:-1]), " ".join(typed_before))
                    if self._matcher.utterance(question, language).reading.entities
                ),
                None,
            )
            if corrected is None and context is None:
                return None
            question = context.question if corrected is None else corrected
            for entity in names.reading.entities:
                name = self._knowledge.entities[entity].display_name(language)
                question = self._swap_text(question, language, entity, name)
            if corrected is None:
                return Resolution(FollowUp.ENTITY, question), utterance
            # the corrected question, read as if typed so: perhaps a follow-up ("а иран будет?")
            resolution, _ = self.resolve(question, context, language)
            return resolution, utterance
        return None

    def goes_on(
        self,
        resolution: Resolution,
        kind: str | None,
        fact_id: str | None,
        context: ConversationContext | None,
    ) -> bool:
        """Whether `fact_id` may answer the follow-up: a bare "why?" asks the reason for the last
        answer, which only that fact or one the curator related to it can give ("why there?"
        after the venue is not answered by why the SCO was founded); a follow-up about a person
        that adds what no fact mentions ("а жена его тоже приедет?") is answered by none."""
        if resolution.unknown or not self._gives_their_reason(resolution, kind, fact_id):
            return False
        if (
            resolution.follow_up is not FollowUp.QUESTION_WORD
            or resolution.names_topic  # "а зачем он?": why the summit is, not why it is there
            or (resolution.own_time and kind != REASON)
            or context is None
            or context.fact_id is None
            or fact_id is None
        ):
            return True
        last = self._knowledge.facts_by_id[context.fact_id]
        if fact_id == last.id or fact_id in last.related:
            return True
        # "when?" after Putin's meetings is not when Putin arrived: another kind than "why"
        # may also be the event's own ("when?" after who is coming)
        return kind != REASON and self._about_the_event(fact_id)

    def may_stand_alone(
        self, resolution: Resolution, fact_id: str | None, kind: str | None = None
    ) -> bool:
        """Whether the message read on its own may be answered by `fact_id` giving `kind`: "он"
        in "а он уже прилетел?" is the event or the person it stood for, never another person
        the fact is about (Putin's arrival when "он" was Erdogan); a bare "where?" that leans on
        nobody is answered alone only by a fact about the event itself."""
        if fact_id is None:
            return True
        if resolution.leads_to and fact_id not in resolution.leads_to:
            return False
        if not self._gives_their_reason(resolution, kind, fact_id):
            return False
        fact = self._knowledge.facts_by_id[fact_id]
        if resolution.event_only and not self._about_the_event(fact_id):
            return False
        if resolution.referent is None:
            return True
        persons = [entity for entity in fact.entities if self._is_person(entity)]
        return not persons or resolution.referent in persons

    def _asked_of_the_event(
        self, kind: str | None, context: ConversationContext, cues: _Cues
    ) -> bool:
        """Whether `kind` asked of the last question is the event's own: "when?" or "where?"
        after someone's taking part ("is Iran attending?") is when or where the summit is."""
        if kind not in self._knowledge.frames.asked_of_the_event or not cues.attending:
            return False
        last = self._matcher.utterance(context.question, context.language)
        return not cues.attending.isdisjoint(last.reading.tokens)

    def _about(self, entity_id: str) -> tuple[str, ...]:
        """The facts that name `entity_id` or are about the event itself."""
        return tuple(
            fact.id
            for fact in self._knowledge.facts
            if entity_id in fact.entities or self._about_the_event(fact.id)
        )

    def _about_the_event(self, fact_id: str) -> bool:
        """Whether the fact is about the event itself (the matcher's reading of it)."""
        return self._matcher.about_the_event(fact_id)

    def _gives_their_reason(
        self, resolution: Resolution, kind: str | None, fact_id: str | None
    ) -> bool:
        """Whether `fact_id` may give the reason asked of what a pronoun for a person stood for:
        him, or the event itself ("зачем он нужен?"); "а почему он едет?" after Guterres is not
        answered by what the Kremlin says the summit is for."""
        if resolution.referent is None or kind != REASON or fact_id is None:
            return True
        fact = self._knowledge.facts_by_id[fact_id]
        return resolution.referent in fact.entities or self._about_the_event(fact_id)

    def next_context(
        self,
        question: str,
        utterance: Utterance,
        fact_id: str | None,
        previous: ConversationContext | None,
        referent: str | None = None,
        now: float | None = None,
        ruled_out: tuple[str, ...] = (),
    ) -> ConversationContext:
        """The context after answering `question` (the resolved one); `referent` is the person
        a pronoun of it stood for; `ruled_out` the names the answer said no to ("в алматы?"
        "No: Astana"): "а даты?" then asks about the summit, not about the wrong guess."""
        resolved = self._matcher.utterance(question, utterance.language, utterance)
        entities = resolved.entities or utterance.entities
        words = resolved.reading.words
        asking = set((resolved.frame.kind_cue or "").split())
        cues = self._cues.get(utterance.language)
        if resolved.frame.yes_no and cues is not None and not asking & cues.asking_words:
            # "is the summit in Almaty?" asks by its shape ("is the summit in"), with no word
            # that asks: the summit is still what it is about
            asking = set()
        guessed = {
            position
            for mention in resolved.reading.mentions
            if mention.entity_id in ruled_out
            for position in range(mention.start, mention.end)
        }
        prepositions = self._matcher.prepositions(utterance.language)
        topic = " ".join(
            word
            for position, word in enumerate(words)
            if word not in asking
            and position not in guessed
            # "by who ...": the preposition asks with the word it is before
            and not (
                word in prepositions and position + 1 < len(words) and words[position + 1] in asking
            )
        )
        named = tuple(dict.fromkeys(entity for entity in entities if self._is_person(entity)))
        # "is Putin meeting Xi?" "who is he?": the person named last, not the one the headline
        # is about ("is Erdogan meeting Putin?" "what's his job?" asks about Erdogan); but once
        # "he" stood for someone, he stays the one talked about ("is he meeting Putin?" "who
        # does he stand in for?" is still about him)
        others = [entity for entity in named if entity not in self._headlined]
        person = referent if referent in named else ((others or named)[-1] if named else None)
        people = named
        thing = next(
            (
                entity
                for entity in resolved.reading.entities
                if cues and self._knowledge.entities[entity].type in cues.topic_pronoun_types
            ),
            None,
        )
        if fact_id is not None:
            fact = self._knowledge.facts_by_id[fact_id]
            in_answer = [entity for entity in fact.entities if self._is_person(entity)]
            if person is None and in_answer:
                person = in_answer[0]
            answered = [entity for entity in in_answer if entity not in named]
            described = [entity for entity in entities if not self._is_person(entity)]
            if len(answered) > 1 and described:
                answered = [
                    person
                    for person in answered
                    if all((person, entity) in self._together for entity in described)
                ] or answered
            if (
                resolved.frame.kind == PERSON
                and not resolved.frame.yes_no
                and len(answered) == 1
                and (self._new_words(resolved, 0) or self._asks_who_replaces(utterance))
            ):
                # "кто вместо него?" (not "who is he?"): the one the answer names is "he" now
                person = answered[0]
            if len(named) < 2:
                # "who is Putin meeting?" "what will they discuss?": the persons the answer names
                people = tuple(dict.fromkeys([*named, *in_answer]))
            things = [
                entity
                for entity in fact.entities
                if cues
                and self._knowledge.entities[entity].type in cues.topic_pronoun_types
                and entity not in self._cited
            ]
            if thing is None and not entities and len(things) == 1:
                # "when was the organisation founded?" "what's it meant to do?": the one the
                # answer is about, not the one it only cites ("according to the Kremlin, the
                # summit aims to..." "what did it say last year?" is about the summit)
                thing = things[0]
        if person is None and not resolved.whole:
            # "i saw putin flew to kazakhstan for some summit, whats it about?" "when did he get
            # there?": the one person the chatter around the question named
            chatter = {
                entity
                for entity in self._matcher.reader(utterance.language).read(question).entities
                if self._is_person(entity)
            }
            person = chatter.pop() if len(chatter) == 1 else None
        scope, scope_cue = self._time_of(resolved, fact_id, previous)
        if previous is not None and previous.language == utterance.language:
            # "it" and "he" stay what they were until the conversation names another
            person = person if person is not None else previous.person
            thing = thing if thing is not None else previous.thing
        # "is Putin meeting Xi?", "who is Putin meeting?": "it" is their meeting now, and stays
        # so while they are talked about together ("what did they agree on?"); a question
        # about one of them or anything else is about something else
        if cues and len(people) > 1 and not cues.meetings.isdisjoint(resolved.reading.said):
            meeting = people
        elif (
            previous is not None
            and previous.language == utterance.language
            and len(resolved.reading.entities) > 1
            and set(resolved.reading.entities) <= set(previous.meeting)
        ):
            meeting = previous.meeting
        else:
            meeting = ()
        if len(people) > 1:
            group = people
        elif previous is not None and person is not None and person in previous.group:
            group = previous.group
        else:
            group = ()
        return ConversationContext(
            question=" ".join(words),
            topic=topic,
            language=utterance.language,
            fact_id=fact_id,
            entities=entities,
            person=person,
            thing=thing,
            at=time.monotonic() if now is None else now,
            people=people,
            scope=scope,
            scope_cue=scope_cue,
            meeting=meeting,
            group=group,
        )

    def _time_of(
        self, resolved: Utterance, fact_id: str | None, previous: ConversationContext | None
    ) -> tuple[str | None, str]:
        """The time the conversation is about after `resolved`, when not the event itself: the
        one it names, else the one before it while its answer (if any) covers that time ("did
        it name NATO?" after last year's summit is still about last year)."""
        frame = resolved.frame
        cues = self._cues.get(resolved.language)
        if (
            frame.scope is not None
            and cues is not None
            and cues.asks(tuple((frame.scope_cue or "").split()))
        ):
            # "since when?" asks for a time, it is not one the conversation is about: "why?"
            # after it asks why the organisation exists, not why it was founded then
            return None, ""
        if frame.scope is not None:
            if frame.scope == self._knowledge.frames.default_scope:
                return None, ""
            return frame.scope, frame.scope_cue or ""
        if self._names_this_time(resolved):
            return None, ""  # "ok, when is this one?": back to this summit
        if previous is None or previous.scope is None or previous.language != resolved.language:
            return None, ""
        if fact_id is not None:
            fact = self._knowledge.facts_by_id[fact_id]
            if previous.scope not in (fact.scopes or [self._knowledge.frames.default_scope]):
                return None, ""  # answered about the event: the conversation moved on
        return previous.scope, previous.scope_cue

    def _pronoun_named(
        self, words: tuple[str, ...], pronoun: str, referent: str, name: str, language: str
    ) -> list[str]:
        """The words with the pronoun named: "is his country coming?" after Erdogan asks about
        Turkey, the country he leads, not about him."""
        country = self._knowledge.entities[referent].country
        country_words = self._cues[language].country_words
        named: list[str] = []
        skip = False
        for at, word in enumerate(words):
            if skip:
                skip = False
            elif word != pronoun:
                named.append(word)
            elif country and words[at + 1 : at + 2] and words[at + 1] in country_words:
                named.append(self._knowledge.entities[country].display_name(language))
                skip = True
            else:
                named.append(name)
        return named

    def _asked_of_one_named_first(
        self, text: str, utterance: Utterance, cues: _Cues, pronoun: str
    ) -> str | None:
        """ "and modi? is he coming": a message whose first sentence is only an opener and a
        person's name, and whose next one asks with a pronoun fitting that person: the question
        with the name in the pronoun's place ("is Narendra Modi coming")."""
        first, *rest = _SENTENCE_END.split(text.strip())
        if not rest:
            return None
        named = self._matcher.utterance(first, utterance.language).reading
        persons = [m for m in named.mentions if self._is_person(m.entity_id)]
        if (
            len(persons) != 1
            or persons[0].end != len(named.words)
            or persons[0].start != cues.opener(named.words)
            or not self._fits(persons[0].entity_id, cues, pronoun)
        ):
            return None
        asked = self._matcher.utterance(" ".join(rest), utterance.language).reading.words
        if pronoun not in asked:
            return None
        name = self._knowledge.entities[persons[0].entity_id].display_name(utterance.language)
        return " ".join(name if word == pronoun else word for word in asked)

    def _fits(self, entity_id: str, cues: _Cues, pronoun: str) -> bool:
        """Whether `pronoun` can refer to the entity (an entity with no pronoun class: any)."""
        fits = self._knowledge.entities[entity_id].pronoun
        return fits is None or cues.person_pronouns.get(pronoun) == fits

    def _others_answered(
        self, context: ConversationContext, cues: _Cues, pronoun: str
    ) -> list[str]:
        """The persons the last answer named besides the ones its question named, that
        `pronoun` may stand for."""
        if context.fact_id is None:
            return []
        return [
            entity
            for entity in self._knowledge.facts_by_id[context.fact_id].entities
            if self._is_person(entity)
            and entity not in context.entities
            and self._fits(entity, cues, pronoun)
        ]

    def _they(self, context: ConversationContext) -> str | None:
        """Who "they" are: the persons named together, else the organisation talked about ("is
        the Kremlin saying anything?" "does their statement mention Ukraine?"), but never the
        thing every question is about ("what did they agree?" is not "what did the SCO agree?")."""
        entities = self._knowledge.entities
        and_ = f" {self._knowledge.strings(context.language)['and']} "
        named = [
            entities[entity].display_name(context.language)
            for entity in context.entities
            if not self._is_person(entity) and not entities[entity].ambient
        ]
        if len(named) > 1 and not any(map(self._is_person, context.entities)):
            # "are they the ones who started it?" after "what role will Russia and China
            # play?": the two the question named, not the leaders its answer names
            return and_.join(named)
        if len(context.people) > 1:
            return and_.join(
                entities[person].display_name(context.language) for person in context.people
            )
        if len(context.group) > 1 and not set(context.group).isdisjoint(context.entities):
            # "is he meeting putin?" "who's he?" "why are they meeting?": the two named
            # together, while the last question named one of them
            return and_.join(
                entities[person].display_name(context.language) for person in context.group
            )
        if context.thing is not None and not entities[context.thing].ambient:
            return entities[context.thing].display_name(context.language)
        # "who's representing them?" after "is Iran attending?": the country asked about
        if named:
            return and_.join(named)
        return None

    def _in_translit(self, text: str, language: str) -> tuple[str, Utterance] | None:
        """`text` read as `language` typed in Latin letters, when that is how it continues the
        conversation: "a pakistan?" in a Russian chat is "а пакистан?", though English knows both
        words. Only a follow-up's opening and words `language` knows as they are (uncorrected)
        tip it: "and iran?" stays English."""
        transliteration = self._transliterations.get(language)
        cues = self._cues.get(language)
        if transliteration is None or cues is None or not text.isascii():
            return None
        reader = self._matcher.reader(language)
        native = transliteration.text(text, reader.knows)
        words = tuple(reader.normalise(native).split())
        if not cues.opener(words) or not all(reader.knows(word) for word in words):
            return None
        return native, self._matcher.utterance(native, language)

    def _new_words(self, utterance: Utterance, opener: int) -> list[str]:
        """The follow-up's own words after its opener, besides the names it swaps in: "role" in
        "and China's role?"; "confirmed", "officially" make "and has India confirmed it
        officially?" a question of its own."""
        named = {
            position
            for mention in utterance.reading.mentions
            for position in range(mention.start, mention.end)
        }
        unasked = set(utterance.unasked)
        cues = self._cues.get(utterance.language)
        country_words = cues.country_words if cues else frozenset()
        return [
            word
            for position, word in enumerate(utterance.reading.words)
            if position >= opener
            and position not in named
            and word in unasked
            # "what about the turkish side?": a country's side is the country
            and not (word in country_words and position - 1 in named)
        ]

    def _by_role(
        self, fragment: tuple[str, ...], utterance: Utterance, context: ConversationContext
    ) -> str | None:
        """The one person the last answer named besides the ones asked about whose names say
        `fragment`'s own words ("foreign minister" in "indian foreign minister"), if any."""
        unasked = set(utterance.unasked)
        role = tuple(word for word in fragment if word in unasked)
        if not role or context.fact_id is None:
            return None
        normalise = self._matcher.reader(utterance.language).normalise
        found = [
            entity
            for entity in self._knowledge.facts_by_id[context.fact_id].entities
            if self._is_person(entity)
            and entity not in context.entities
            and any(
                find_phrase(tuple(normalise(alias).split()), role) is not None
                for alias in self._knowledge.entities[entity].aliases
            )
        ]
        return found[0] if len(found) == 1 else None

    def _asked_for_a_source(self, context: ConversationContext) -> bool:
        """Whether the last question asked where something comes from ("source?")."""
        return self._matcher.utterance(context.question, context.language).frame.kind == SOURCE

    def _fact_about(self, utterance: Utterance) -> str | None:
        """The fact that answers the message's names alone, without the words asking for a
        source ("гутерриша" in "а про гутерриша кто сообщил?", "guterres" in "and the bit about
        guterres?"), or else its words ("цели саммита" in "а цели саммита откуда взяли?")."""
        words = utterance.reading.words
        if utterance.reading.mentions:
            names = " ".join(
                " ".join(words[mention.start : mention.end])
                for mention in utterance.reading.mentions
            )
        else:
            asking = tuple((utterance.frame.kind_cue or "").split())
            names = " ".join(_without(words, asking))
        decision = self._matcher.match(names, utterance.language)
        return decision.fact_id if decision.kind is DecisionKind.ANSWER else None

    def _checks_source(self, utterance: Utterance, opener: int, cues: _Cues) -> bool:
        """Whether the message asks if the last answer ("это", "it") comes from someone the
        article cites, and asks nothing else: "это кремль сказал?", "is this from the Kremlin?"."""
        frame = utterance.frame
        entities = self._knowledge.entities
        return (
            bool(utterance.entities)
            # an organisation, as "it" may be: "is it Russia?", "is it Putin?" ask who or where,
            # though the article quotes Russian agencies and the President's website
            and all(
                entity in self._cited and entities[entity].type in cues.topic_pronoun_types
                for entity in utterance.entities
            )
            and (
                frame.kind == SOURCE  # "is that from the Kremlin?" asks where something is from
                # "это кремль сказал?", "is this the Kremlin's?": said by someone, about "this"
                or (
                    (frame.kind == REMARKS or (frame.kind is None and frame.yes_no))
                    and any(word in cues.topic_pronouns for word in utterance.reading.words)
                )
            )
            and not self._new_words(utterance, opener)
        )

    def _says_nothing_new(
        self, utterance: Utterance, opener: int, context: ConversationContext
    ) -> bool:
        """Whether the follow-up's own words besides its names are all in the last question."""
        reader = self._matcher.reader(utterance.language)
        said = {reader.stem(word) for word in context.question.split()}
        return all(reader.stem(word) in said for word in self._new_words(utterance, opener))

    def _at_another_time(self, context: ConversationContext, when: tuple[str, ...]) -> str:
        """The last question about the time `when` names, instead of any time it named."""
        previous = self._matcher.utterance(context.question, context.language)
        named_time = tuple((previous.frame.scope_cue or "").split())
        return " ".join([*_without_spread(previous.reading.words, named_time), *when])

    def _names_this_time(self, utterance: Utterance) -> bool:
        """Whether the message points at this summit ("this one"), with the words reading
        leaves out as filler."""
        cues = self._cues.get(utterance.language)
        return cues is not None and cues.names_this_time(utterance.reading.said)

    def _names_that_time(self, utterance: Utterance) -> bool:
        """Whether the message points at the time the conversation was about ("that summit")."""
        cues = self._cues.get(utterance.language)
        return cues is not None and cues.names_that_time(utterance.reading.said)

    def _unknown(self, utterance: Utterance) -> tuple[str, ...]:
        """The message's words that no fact is asked or answered with."""
        known = self._known.get(utterance.language, frozenset())
        return tuple(token for token in utterance.content if token not in known)

    def _of_its_list(self, fact_id: str | None, entities: tuple[str, ...]) -> bool:
        """Whether every name is of a type the fact's list holds ("Armenia" for the countries
        attending)."""
        listing = self._knowledge.facts_by_id[fact_id].listing if fact_id else None
        return listing is not None and all(
            self._knowledge.entities[entity].type in listing.entity_types for entity in entities
        )

    def _listing_and_related(self, fact_id: str | None) -> tuple[str, ...]:
        """A list fact and the facts the curator related to it; nothing for another fact."""
        if fact_id is None or self._knowledge.facts_by_id[fact_id].listing is None:
            return ()
        return (fact_id, *self._knowledge.facts_by_id[fact_id].related)

    def _known_for(self, kind: str | None, language: str) -> frozenset[str]:
        """The words the facts giving `kind` are asked and answered with."""
        return self._known_by_kind.get((kind or "", language), frozenset())

    def _is_person(self, entity_id: str) -> bool:
        return self._knowledge.entities[entity_id].type == PERSON

    def _answers(self, fact_id: str | None, kind: str | None) -> bool:
        """Whether the fact gives the kind of answer asked for."""
        return fact_id is not None and kind in self._knowledge.facts_by_id[fact_id].answers

    def _beyond(self, topic: str, context: ConversationContext, kind: str | None) -> str:
        """The last topic without whom it was about: the last person, the names the last
        question gave and the words that described them, which no fact giving `kind` is asked
        with ("man" in "the man from the United Nations"): "who else?" asks who else comes."""
        language = context.language
        topic = self._without_entity(topic, language, context.person or "")
        reading = self._matcher.utterance(topic, language).reading
        mentions = [
            mention
            for mention in reading.mentions
            if mention.entity_id in context.entities
            and not self._knowledge.entities[mention.entity_id].ambient
        ]
        named = {position for mention in mentions for position in range(mention.start, mention.end)}
        # with the grammar word tying the name to what it described ("from" the United Nations)
        named |= {
            mention.start - 1
            for mention in mentions
            if mention.start
            and not self._matcher.utterance(reading.words[mention.start - 1], language).content
        }
        known = self._known_for(kind, language)
        return " ".join(
            word
            for position, word in enumerate(reading.words)
            if position not in named
            and all(token in known for token in self._matcher.utterance(word, language).content)
        )

    def _answered_all(self, context: ConversationContext) -> str:
        """The persons the last answer named besides the ones asked about, when the last
        question asked for them all ("who is Putin meeting?", not "is Putin meeting Xi?" or
        "when is he meeting Xi?")."""
        if context.fact_id is None:
            return ""
        if self._matcher.utterance(context.question, context.language).frame.yes_no:
            return ""
        if sum(self._is_person(entity) for entity in context.entities) > 1:
            return ""  # "when is Putin meeting Xi?" asked about Xi, not for them all
        entities = self._knowledge.entities
        return " ".join(
            entities[entity].display_name(context.language)
            for entity in self._knowledge.facts_by_id[context.fact_id].entities
            if self._is_person(entity) and entity not in context.entities
        )

    def _without_entity(self, text: str, language: str, entity_id: str) -> str:
        """`text` without its mentions of `entity_id`, or else without the first of its names
        that reading took for something else ("the un secretary general" read as the UN)."""
        reading = self._matcher.utterance(text, language).reading
        named = {
            position
            for mention in reading.mentions
            if mention.entity_id == entity_id
            for position in range(mention.start, mention.end)
        }
        if not named:
            normalise = self._matcher.reader(language).normalise
            aliases = {
                tuple(normalise(alias).split())
                for alias in self._knowledge.entities[entity_id].aliases
            } - {()}
            for alias in sorted(aliases, key=len, reverse=True):
                if (start := find_phrase(reading.words, alias)) is not None:
                    named = set(range(start, start + len(alias)))
                    break
        return " ".join(
            word for position, word in enumerate(reading.words) if position not in named
        )

    def _with_names(
        self, question: str, utterance: Utterance, kept: frozenset[str] = frozenset()
    ) -> str:
        """`question` about the names `utterance` gives instead ("and Iran?"), `kept` left."""
        words = utterance.reading.words
        for entity in utterance.entities:
            name = self._knowledge.entities[entity].display_name(utterance.language)
            # "а с си?": the name after the same word ("с") is the one it stands in for
            after = next(
                (
                    words[mention.start - 1]
                    for mention in utterance.reading.mentions
                    if mention.entity_id == entity and mention.start > 0
                ),
                None,
            )
            question = self._swap_text(question, utterance.language, entity, name, kept, after)
        return question

    def _involved(self, context: ConversationContext) -> frozenset[str]:
        """Who every relation the last answer states involves: "and Erdogan?" after "is Putin
        meeting Xi?" asks about Putin and Erdogan (`involves` in facts.yaml)."""
        if context.fact_id is None:
            return frozenset()
        return frozenset(self._knowledge.facts_by_id[context.fact_id].involves)

    def _swap_text(
        self,
        question: str,
        language: str,
        entity_id: str,
        name: str,
        kept: frozenset[str] = frozenset(),
        after: str | None = None,
    ) -> str:
        """`question` about `entity_id` instead: the name replaces the mention of the same type
        (a country for a country; the one `after` the same word, if one is), else the first
        name it mentions, else it comes first, as what the question is about ("Armenia going
        to the summit in Astana")."""
        reading = self._matcher.utterance(question, language).reading
        entity_type = self._knowledge.entities[entity_id].type
        entities = self._knowledge.entities
        mentions = [
            mention for mention in reading.mentions if not entities[mention.entity_id].ambient
        ]
        same_type = [m for m in mentions if entities[m.entity_id].type == entity_type]
        same_type = [m for m in same_type if m.entity_id not in kept] or same_type
        # "what about Xi?" after "is Putin meeting Lukashenko?": not Putin, whom every story
        # is about
        same_type = [m for m in same_type if m.entity_id not in self._headlined] or same_type
        if after is not None:
            same_type = [
                m for m in same_type if m.start > 0 and reading.words[m.start - 1] == after
            ] or same_type
        # "what about the turkish side?" after "is Putin meeting Xi?": not Putin, whom every
        # meeting involves
        others = [m for m in mentions if m.entity_id not in kept]
        target = (same_type or others or mentions or [None])[0]
        words = list(reading.words)
        if target is None:
            return " ".join([name, *words])
        start, end = target.start, target.end
        if target.entity_id in reading.offered:
            # "and the UN chief?" after "modi or jaishankar, who's going?": the name stands in
            # for the whole choice, not for one side of it
            choice = [m for m in mentions if m.entity_id in reading.offered]
            start, end = min(m.start for m in choice), max(m.end for m in choice)
        return " ".join([*words[:start], name, *words[end:]])


# Where one sentence of a message ends and the next begins: "а ирак будет? ой нет, ..."
_SENTENCE_END = re.compile(r"(?<=[?!.;])\s+")
# Follow-ups that ask about what the last question was about, and so about its time
_REFERRING_BACK = (FollowUp.ENTITY, FollowUp.PRONOUN, FollowUp.QUESTION_WORD)


def _without(words: tuple[str, ...], phrase: tuple[str, ...]) -> list[str]:
    """`words` without the first time `phrase` occurs in them."""
    start = find_phrase(words, phrase)
    if start is None:
        return list(words)
    return [*words[:start], *words[start + len(phrase) :]]


def _without_spread(words: tuple[str, ...], phrase: tuple[str, ...]) -> list[str]:
    """`words` without `phrase`, whose words may have others between them, as cues are read
    through some ("the next *sco* summit" is "the next summit"); the others are kept."""
    if not phrase:
        return list(words)
    for start, word in enumerate(words):
        if word != phrase[0]:
            continue
        found, at = [start], start + 1
        for cue_word in phrase[1:]:
            while at < len(words) and words[at] != cue_word and at - found[-1] <= SPREAD:
                at += 1
            if at >= len(words) or words[at] != cue_word:
                break
            found.append(at)
            at += 1
        if len(found) == len(phrase):
            return [word for position, word in enumerate(words) if position not in found]
    return list(words)


def _replaced(words: tuple[str, ...], phrase: tuple[str, ...], name: str) -> list[str]:
    """`words` with the first `phrase` in them replaced by `name`."""
    for start in range(len(words) - len(phrase) + 1):
        if words[start : start + len(phrase)] == phrase:
            return [*words[:start], name, *words[start + len(phrase) :]]
    return list(words)


def _phrases(normalise: Callable[[str], str], phrases: list[str]) -> frozenset[tuple[str, ...]]:
    """Cue phrases as the words reading makes of them."""
    return frozenset(tuple(normalise(phrase).split()) for phrase in phrases) - {()}


def _phrasings(text: FactText) -> list[str]:
    """Everything a fact is asked and answered with in one language."""
    return [text.title, text.answer, *text.questions, *text.keywords]


def _as_typed(text: str, skip: int) -> str:
    """`text` as the person typed it, without its first `skip` words and its final
    punctuation: what to quote back ("the other meeting", "другой")."""
    words = text.split()
    return " ".join(words[skip:] if len(words) > skip else words).strip("?!.,;: ")


@dataclass(frozen=True)
class _Cues:
    """One language's follow-up cues, normalised the way the matcher reads words."""

    openers: frozenset[tuple[str, ...]]
    opener_words: frozenset[str]
    longest_opener: int
    person_pronouns: dict[str, str]  # pronoun -> the class of persons it fits ("her" -> she)
    group_pronouns: frozenset[str]  # pronouns for the persons named together ("they")
    max_new_words: int
    question_words: frozenset[str]  # words that may open a question ("is", "what", "the")
    # The words that ask something (the frames' interrogatives: "what", "why"), not the grammar
    # words that may also open a question ("the", "in"): "and the other one?" asks nothing
    asking_words: frozenset[str]
    topic_pronouns: frozenset[str]
    topic_pronoun_types: frozenset[str]
    this_time: Phrases  # "this one", "этот": this summit, not the other time
    earlier: frozenset[str]  # "before", "раньше": what was said before the last question
    that_time: Phrases  # "that summit": the time the conversation was about
    corrections: Phrases  # "i meant", "имел в виду": a name taken back
    shrugs: frozenset[tuple[str, ...]]  # "so?", "и что?": chat that asks nothing
    source_of_last: frozenset[tuple[str, ...]]  # "says who?", "кто так говорит?"
    checks_last: frozenset[tuple[str, ...]]  # "is that true?", "это точно?"
    pointers: frozenset[str]  # "that", "это": the last answer
    everything: Phrases  # "all of this", "вообще": everything said, not the last answer
    how_alone: frozenset[tuple[str, ...]]  # "how?", "как?": how, which no answer says
    replacing: frozenset[str]  # "instead", "вместо": in the last person's place
    attending: frozenset[str]  # the tokens "attending" is read as: taking part in the event
    country_words: frozenset[str]  # "country", "страна": "his country" is the one he leads
    meetings: frozenset[str]  # "the talks", "встреча": persons' meeting asked about last
    a_meeting: str  # the first of them: what "it" becomes when it is that meeting
    articles: frozenset[str]  # "the": before a name it asks nothing ("the turkish one?")
    country_pointers: frozenset[str]  # "its", "там": the country named, before an office
    present_alone: frozenset[tuple[str, ...]]  # "кто будет?" alone: who will be there
    reflexives: frozenset[str]  # "himself": after a person's name, that person
    prepositions: frozenset[str]  # "with", "от": grammar tying a name, no words of its own
    group_phrases: Phrases  # "all three", "все трое": everyone named, as "they"
    group_pronoun: str  # ...which they are read as
    the_other: Phrases  # "the other one", "а второй": the one of a group not talked about
    who_attends: str  # ...asked in full
    country_types: frozenset[str]  # the entity types that are countries

    @classmethod
    def of(
        cls, cues: FollowUpCues, knowledge: KnowledgeBase, matcher: Matcher, language: str
    ) -> _Cues:
        reader = matcher.reader(language)
        frame_cues = knowledge.frame_cues.get(language)
        pronouns = {
            reader.normalise(word): fits
            for fits, words in cues.person_pronouns.items()
            for word in words
        }
        question_words = matcher.question_words(language)
        openers = frozenset(tuple(reader.normalise(opener).split()) for opener in cues.openers) - {
            ()
        }
        return cls(
            openers=openers,
            opener_words=frozenset(word for opener in openers for word in opener),
            longest_opener=max((len(opener) for opener in openers), default=0),
            person_pronouns={word: fits for word, fits in pronouns.items() if fits != PLURAL},
            group_pronouns=frozenset(word for word, fits in pronouns.items() if fits == PLURAL),
            max_new_words=cues.max_new_words,
            question_words=question_words,
            asking_words=frozenset(
                reader.normalise(word) for word in (frame_cues.interrogatives if frame_cues else [])
            ),
            topic_pronouns=frozenset(reader.normalise(word) for word in cues.topic_pronouns),
            topic_pronoun_types=frozenset(cues.topic_pronoun_types),
            this_time=Phrases.of(cues.this_time, reader.normalise),
            earlier=frozenset(reader.normalise(word) for word in cues.earlier),
            that_time=Phrases.of(cues.that_time, reader.normalise),
            corrections=Phrases.of(cues.corrections, reader.normalise),
            shrugs=_phrases(reader.normalise, cues.shrugs),
            source_of_last=_phrases(reader.normalise, cues.source_of_last),
            checks_last=_phrases(reader.normalise, cues.checks_last),
            pointers=frozenset(reader.normalise(word) for word in cues.pointers),
            everything=Phrases.of(cues.everything, reader.normalise),
            how_alone=_phrases(reader.normalise, cues.how_alone),
            replacing=frozenset(reader.normalise(word) for word in cues.replacing),
            attending=frozenset(
                token for word in cues.attending for token in reader.read(word).tokens
            ),
            country_words=frozenset(reader.normalise(word) for word in cues.country_words),
            meetings=frozenset(reader.normalise(word) for word in cues.meetings),
            a_meeting=reader.normalise(cues.meetings[0]) if cues.meetings else "",
            articles=frozenset(reader.normalise(word) for word in cues.articles),
            country_pointers=frozenset(reader.normalise(word) for word in cues.country_pointers),
            country_types=frozenset(cues.country_types),
            present_alone=_phrases(reader.normalise, cues.present_alone),
            reflexives=frozenset(reader.normalise(word) for word in cues.reflexives),
            prepositions=frozenset(
                reader.normalise(word) for word in (frame_cues.prepositions if frame_cues else [])
            ),
            group_phrases=Phrases.of(cues.group_phrases, reader.normalise),
            group_pronoun=next((word for word, fits in pronouns.items() if fits == PLURAL), ""),
            the_other=Phrases.of(cues.the_other, reader.normalise),
            who_attends=cues.who_attends,
        )

    def asks_source(self, words: tuple[str, ...]) -> bool:
        """Whether `words` are all a question for the last answer's source ("says who?", "and
        who said that?"), or whether it holds ("is that true?"): either is answered with that
        answer's quote."""
        words = words[self.opener(words[:-1]) :]  # an opener and a source cue, not "so?" alone
        return words in self.source_of_last or words in self.checks_last

    def doubting(self, words: tuple[str, ...]) -> tuple[str, ...] | None:
        """What follows a doubt that opens `words` ("you sure", "are you sure" of "you sure it's
        not 2025?"), or None when they open with none; a one-word doubt ("really") is not
        followed by more: "really, who else is coming?" asks."""
        for size in range(len(words) - 1, 1, -1):
            if words[:size] in self.checks_last:
                return words[size:]
        return None

    def points_back(self, words: tuple[str, ...]) -> bool:
        """Whether a word among `words` points at the last answer ("source for that?")."""
        return any(word in self.pointers for word in words)

    def names_this_time(self, words: tuple[str, ...]) -> bool:
        """Whether `words` point at this summit against another time ("when is this one")."""
        return self.this_time.found_in(words)

    def names_that_time(self, words: tuple[str, ...]) -> bool:
        """Whether `words` point at the time the conversation was about ("that summit")."""
        return self.that_time.found_in(words)

    def correction(self, words: tuple[str, ...]) -> tuple[int, int] | None:
        """Where the first cue taking a name back is in `words` ("i meant"), start and end."""
        return self.corrections.first_span(words)

    def points_earlier(self, words: tuple[str, ...]) -> bool:
        """Whether `words` point at something said before ("that one from before"), as their
        last word: "before the summit" is a time, not something said."""
        return bool(words) and words[-1] in self.earlier

    def opens_question(self, words: tuple[str, ...]) -> bool:
        """Whether a word that may open a question is among `words` ("is", "the", "what")."""
        return any(word in self.question_words for word in words)

    def asks(self, words: tuple[str, ...]) -> bool:
        """Whether a word that asks something is among `words` ("on what?", not "the other")."""
        return any(word in self.asking_words for word in words)

    def openers_before(self, words: tuple[str, ...]) -> int:
        """How many of the first words are openers read one after another, the shortest that fits
        first ("and" + "what about" in "and what about the other one?")."""
        start = 0
        while size := next(
            (
                size
                for size in range(1, min(self.longest_opener, len(words) - start) + 1)
                if tuple(words[start : start + size]) in self.openers
            ),
            0,
        ):
            start += size
        return start

    def opener(self, words: tuple[str, ...]) -> int:
        """How many of the first words open a follow-up ("and", "what about"); 0 if none."""
        for size in range(min(self.longest_opener, len(words)), 0, -1):
            if tuple(words[:size]) in self.openers:
                return size
        return 0
