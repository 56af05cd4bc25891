"""The knowledge base: sources, facts, entities, lexicons and messages, loaded and verified.

Everything a curator edits lives in `knowledge/`; this module refuses a broken file with a message
that begins with `file:line` and names the fact and the problem, so a typo never reaches users.
Quotes are verbatim, typographic marks included (see `fold_for_quote_check`).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import re
import string
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from itertools import pairwise
from pathlib import Path
from typing import Annotated, Any, TypeVar

import marisa_trie
import pydantic
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
)

from bot.config import PROJECT_ROOT
from bot.tuning import MatcherTuning

KNOWLEDGE_EXIT_CODE = 1
WORD_LISTS = PROJECT_ROOT / "data" / "words"  # built word-list tries, by content hash
BUILT_KNOWLEDGE = PROJECT_ROOT / "data" / "knowledge"  # verified knowledge bases, by content hash
KEPT_KNOWLEDGE_BASES = 8  # test runs and curators' edits make more; the newest are the ones used
# The code that reads and checks a knowledge base: a change to it may change the outcome.
_KNOWLEDGE_CODE = (Path(__file__), Path(__file__).with_name("tuning.py"))
MIN_EXAMPLE_QUESTIONS = 6

# 62 = Telegram's 64 bytes of button data less the "f:" prefix the reply layer adds.
Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=62)]
CommandName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,31}$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


def _yaml_loader() -> type:
    """The C loader, several times faster, where libyaml is there."""
    import yaml  # here, not at the top: a start that finds its knowledge base built needs none

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


ModelT = TypeVar("ModelT", bound=BaseModel)


class KnowledgeError(Exception):
    """The knowledge base is broken; the message names the file, the fact and the problem."""


class _Model(BaseModel):
    # schemas are built on first validation: a start from the kept pickle validates nothing
    model_config = ConfigDict(
        extra="forbid", frozen=True, coerce_numbers_to_str=True, defer_build=True
    )


class Quote(_Model):
    """A verbatim sentence (or part of one) from the source, with the article's attribution."""

    text: Text
    attribution: Text | None = None


class ListSpec(_Model):
    """A fact that enumerates entities answers yes/no questions about any one of them."""

    entity_type: Text | list[Text]
    yes_no_kind: Identifier | None = None  # a yes/no of this kind is answered from the list...
    yes_no_types: list[Text] = Field(default_factory=list)  # ...also when it names these types
    # ...or a yes/no about this time that asks no kind ("did India found the SCO?")
    yes_no_scope: Identifier | None = None
    # ...or a yes/no naming one of these with another name of the list's type: a no ("is
    # Erdogan the president of Iran?"); naming a member, the fact answers as it always does
    yes_no_about: list[Identifier] = Field(default_factory=list)
    # The list says only who is in it ("who leads Iran's delegation?" is not in the attendee
    # list); false: its other answers hold for its members too ("when did China found it?").
    members_only: bool = True
    members: list[Identifier] = Field(min_length=1)
    member_answer: Text
    non_member_answer: Text
    unnamed_answer: Text | None = None  # "is it in Tashkent?": a no for names nobody listed
    # "is it in Astana or Tashkent?": the answer to a choice between names, one of them listed
    # ({names}: the others); none: the member and non-member answers one after the other
    alternative_answer: Text | None = None

    @property
    def entity_types(self) -> tuple[str, ...]:
        return (self.entity_type,) if isinstance(self.entity_type, str) else tuple(self.entity_type)


class FactText(_Model):
    """The words of a fact in one language: what it is asked like and how it is answered."""

    title: Text
    answer: Text
    questions: list[Text] = Field(default_factory=list)
    keywords: list[Text] = Field(default_factory=list)
    member_answer: Text | None = None
    non_member_answer: Text | None = None
    unnamed_answer: Text | None = None
    alternative_answer: Text | None = None


class Fact(_Model):
    """One curated fact: the answer, the quotes that back it, and how people ask for it."""

    id: Identifier
    command: CommandName | None = None
    title: Text
    answer: Text
    quotes: list[Quote] = Field(min_length=1)
    source: Identifier | None = None
    entities: list[Identifier] = Field(default_factory=list)
    # People every relation the fact states involves (Putin's meetings): a yes/no about others
    # among themselves ("is Xi meeting Erdogan?") is not answered by it
    involves: list[Identifier] = Field(default_factory=list)
    keywords: list[Text] = Field(default_factory=list)
    questions: list[Text] = Field(default_factory=list)
    related: list[Identifier] = Field(default_factory=list)
    listing: ListSpec | None = Field(default=None, alias="list")
    answers: list[Identifier] = Field(default_factory=list)  # question kinds it can answer
    scopes: list[Identifier] = Field(default_factory=list)  # empty: the default scope only
    translations: dict[str, FactText] = Field(default_factory=dict)

    def text(self, language: str) -> FactText:
        """The fact's words in `language`, falling back to the facts file's own language."""
        if language in self.translations:
            return self.translations[language]
        # this fact's own fields, validated already: not validated again on every reply
        return FactText.model_construct(
            title=self.title,
            answer=self.answer,
            questions=self.questions,
            keywords=self.keywords,
            member_answer=self.listing.member_answer if self.listing else None,
            non_member_answer=self.listing.non_member_answer if self.listing else None,
            unnamed_answer=self.listing.unnamed_answer if self.listing else None,
            alternative_answer=self.listing.alternative_answer if self.listing else None,
        )


class FactFile(_Model):
    language: Identifier  # the language the facts are written in; translations add others
    source: Identifier
    facts: list[Fact] = Field(min_length=1)


class TranslationFile(_Model):
    language: Identifier
    facts: dict[Identifier, FactText]


class Entity(_Model):
    """A country, person, organisation or place that questions name, with its aliases."""

    id: Identifier
    name: Text
    type: Identifier
    aliases: list[Text] = Field(min_length=1)
    names: dict[str, Text] = Field(default_factory=dict)
    in_article: bool = True
    ambient: bool = False
    # Where the event takes place: naming it ("is Modi going to Kazakhstan?") is never foreign to
    # a fact about the event, though it is still read as a name ("is Kazakhstan attending?").
    setting: bool = False
    pronoun: Identifier | None = None  # which pronouns refer to it (followups: person_pronouns)
    # Wholes it belongs to ("the West" for the US): a fact about the whole is about it too, so
    # "did the SCO criticise the US?" may get the statement that avoids naming the West.
    part_of: list[Identifier] = Field(default_factory=list)
    # The country a person leads or represents: "is his country coming?" asks about it.
    country: Identifier | None = None

    def display_name(self, language: str) -> str:
        return self.names.get(language, self.name)


class EntityFile(_Model):
    entities: list[Entity] = Field(min_length=1)


class SourceDate(_Model):
    stated: Text
    inferred: Text | None = None
    reasoning: Text | None = None


class Source(_Model):
    id: Identifier
    file: Text
    title: Text
    language: Identifier | None = None  # the article's language; none: the facts' language
    section: Text | None = None
    publisher: Text | None = None
    url: Text | None = None
    date: SourceDate | None = None


class SourceFile(_Model):
    sources: list[Source] = Field(min_length=1)


class Lexicon(_Model):
    """How one language is read: stemmer, contractions, filler phrases, stopwords, synonyms."""

    language: Identifier
    stemmer: Text
    script: Text = "latin"
    contractions: dict[str, str] = Field(default_factory=dict)
    fillers: list[Text] = Field(default_factory=list)
    stopwords: list[Text] = Field(default_factory=list)
    synonyms: dict[str, list[Text]] = Field(default_factory=dict)
    # Words that exclude each other ("president", "prime minister"): a fact naming one settles a
    # yes/no about any other ("is Xi the Chinese premier?" is answered by who Xi is).
    alternatives: dict[Identifier, list[Text]] = Field(default_factory=dict)
    # ...and those of them that stand for any other ("leader", "head"): "who heads India's
    # delegation?" is answered by whoever a fact names, whatever their office
    any_alternative: list[Text] = Field(default_factory=list)
    letter_folds: dict[str, str] = Field(default_factory=dict)
    # Letters written as they sound ("аснавал" for "основал"): an unknown word with some of
    # these swapped back that is a known word is that word
    sound_alike: dict[str, str] = Field(default_factory=dict)
    # ...and word endings written as they sound ("начинаеца": "-ца" for "-тся" or "-ться")
    sound_alike_endings: dict[str, list[str]] = Field(default_factory=dict)
    # Words read as another right after a person named after one of `auxiliaries` ("is Putin
    # *meeting* Xi?" is meet, though "the SCO meeting", "the Putin-Xi meeting" are meetings)
    after_person: dict[Text, Text] = Field(default_factory=dict)
    auxiliaries: list[Text] = Field(default_factory=list)
    # ...and after these pronouns, with or without an auxiliary ("who's he meeting?", "is she
    # seeing Xi?"), and after a person named before one ("Putin is meeting Xi")
    subject_pronouns: list[Text] = Field(default_factory=list)
    # Words joining a report to what it reports ("кто сказал, *что* Гутерриш приедет?"): right
    # after a reporting word (frames' `reporting`) they ask nothing, though "что?" alone asks
    complementizers: list[Text] = Field(default_factory=list)
    translit: dict[str, str] = Field(default_factory=dict)  # Latin letters -> this script
    common_words: Text | None = None  # file of everyday words that are never typo-corrected


class FrameSchema(_Model):
    """`frames.yaml`: the kinds of answer and the time scopes questions and facts are framed in."""

    kinds: list[Identifier] = Field(min_length=1)
    scopes: list[Identifier] = Field(min_length=1)  # the first: a fact's when it names none
    years: dict[int, Identifier] = Field(default_factory=dict)
    other_years: Identifier | None = None
    # The kind a yes/no naming a year asks for ("was it founded in 1996?": a date).
    year_kind: Identifier | None = None
    # The kind a question asking for more than it names ("who else besides China?") asks for.
    others_kind: Identifier | None = None
    # The kind a yes/no about an office and no one by name asks for ("will the Iranian president
    # attend?" asks who comes for Iran: a list of countries cannot say yes).
    office_kind: Identifier | None = None
    # ...and the lexicon's set of alternatives that names offices ("president", "prime minister")
    offices: Identifier | None = None
    # Types whose name may hold an office asked of no one ("...who runs the SCO day to day.
    # Who is the secretary-general?" asks for the SCO's): the chatter before the question says
    office_holders: list[Identifier] = Field(default_factory=list)
    # kind -> {kind also asked -> the kind both ask}: "why in Astana?" asks why there.
    qualified_kinds: dict[Identifier, dict[Identifier, Identifier]] = Field(default_factory=dict)
    # kind -> the kind asked when the question wants it exactly ("when *exactly* is Putin
    # meeting Erdogan?"): a fact that gives it only roughly ("ahead of the summit") does not
    # answer that, and says what it does give.
    specific_kinds: dict[Identifier, Identifier] = Field(default_factory=dict)
    # ...for these kinds only when the question names one of these types, which it asks finer
    # than: "where *exactly* is the summit?" is answered by its city, "where exactly in Astana?"
    # asks for more than the city.
    specific_within: dict[Identifier, list[Identifier]] = Field(default_factory=dict)
    # ...unless the question names one of these types, per kind also asked ("why is Putin in
    # Kazakhstan?" asks why he is there; "why did Putin land on Wednesday?" still asks why then).
    qualified_unless_named: dict[Identifier, list[Identifier]] = Field(default_factory=dict)
    # A name a describing cue places (`names_describe_earlier`) describes an earlier name of its
    # own type or of these: "армения едет на саммит в астане?" asks about Armenia, not the venue.
    describes_earlier: dict[Identifier, list[Identifier]] = Field(default_factory=dict)
    # ...and, only right after a cue naming the event ("саммит в @country", not "land in
    # @country"), of these too: "гутерриш поедет на саммит в казахстане?" asks about Guterres.
    describes_earlier_after_event: dict[Identifier, list[Identifier]] = Field(default_factory=dict)
    # Kinds every answer gives anyway: asked beside another question ("who is coming, and
    # what's your source?") the other is what is asked (the answer quotes its source).
    given_with_answers: list[Identifier] = Field(default_factory=list)
    # Kinds asked of a place or of who is there: in these, the event's setting named ("is it
    # in Kazakhstan?", "who is coming to Kazakhstan?") is asked about; in any other, "in
    # Kazakhstan" only says which event ("what will they discuss in Kazakhstan?").
    place_kinds: list[Identifier] = Field(default_factory=list)
    # Types whose name alone after a word asking another kind qualifies it ("why astana?").
    qualify_alone: list[Identifier] = Field(default_factory=list)
    # Kinds asked of someone's taking part that the event itself gives: "when?" after "is Iran
    # attending?" asks when the summit is (`attending` in followups.<lang>.yaml).
    asked_of_the_event: list[Identifier] = Field(default_factory=list)
    # Kinds a part of the message besides the question asks of it ("will it work, what do you
    # think?" asks an opinion): they are the question's kind when it names none of its own.
    asked_of_the_question: list[Identifier] = Field(default_factory=list)
    # Kinds a yes/no may check a claim of ("is the SCO a trade bloc?"): matched without the claim.
    claimed_kinds: list[Identifier] = Field(default_factory=list)
    # Kinds one fact alone gives, asked in words of their own ("what went down at the previous
    # summit?"): that fact answers at the `claim` threshold, as it settles a claim of its kind.
    lone_kinds: list[Identifier] = Field(default_factory=list)
    # ...of which these keep a claim some fact's words make ("is the summit about making the
    # SCO work better?" says what the Kremlin says; "...about climate change?" is a guess)
    claims_kept_when_known: list[Identifier] = Field(default_factory=list)
    # Kinds a question that names nothing asks of what its pointer stands for, the one thing
    # the chatter before it named ("I keep hearing the acronym SCO. What is it?")
    pointed_kinds: list[Identifier] = Field(default_factory=list)
    # Kinds besides the office kind whose answer is a person ("who is representing them?"): a
    # pronoun or pointer in such a question stands for a name before it
    person_kinds: list[Identifier] = Field(default_factory=list)

    @property
    def default_scope(self) -> str:
        return self.scopes[0]


class KindCues(_Model):
    """How one language asks for one kind of answer, and how a partial answer names it."""

    cues: list[Text] = Field(default_factory=list)
    weak_cues: list[Text] = Field(default_factory=list)  # yield to any other kind's `cues`
    # Weak cues made of a word and a named thing: {country: [в]} reads "в Китае?" as a place.
    before_names: dict[Identifier, list[Text]] = Field(default_factory=dict)
    # Whether such a name only describes an earlier one of its type: "is the US at the summit
    # in Kazakhstan?" asks about the US, not where the summit is ("what did Xi tell Putin?" no).
    names_describe_earlier: bool = False
    # Question-word phrases that ask this kind when the question ends in a stranded preposition
    # (`stranding`): "what country do the leaders meet in?" ("what country hosts?" does not); a
    # cue may end in its own preposition: "what for" ("what did they set it up for?") asks why.
    stranded: list[Text] = Field(default_factory=list)
    # kind -> words that, right after that kind's cue, make it ask this kind: "who is the host
    # country's *leader*?" asks for a person, not who hosts ("in what city leaders..." not).
    heads: dict[Identifier, list[Text]] = Field(default_factory=dict)
    missing: Text  # how a partial answer names what the article does not give


class ScopeCues(_Model):
    cues: list[Text] = Field(default_factory=list)
    # Cues naming a place by its type that hold only for places other than the event's own
    # ("the @place summit": "what happened at the Samarkand summit?", not the Astana one)
    elsewhere: list[Text] = Field(default_factory=list)
    decline: Text | None = None  # what the bot says when no fact covers this scope


class FrameCues(_Model):
    """`frames.<lang>.yaml`: the words that tell a question's kind, scope and yes/no form."""

    language: Identifier
    leading_chatter: list[Text] = Field(default_factory=list)
    # Question words that also join clauses ("...when they launched it"): after another question
    # word they only ask when a coordinator joins them ("where and when?")
    conjunctions: list[Text] = Field(default_factory=list)
    coordinators: list[Text] = Field(default_factory=list)
    # Words offering a choice between the names on either side ("Astana *or* Tashkent?")
    alternative_joiners: list[Text] = Field(default_factory=list)
    # Words after a question word that make it an indefinite pronoun ("что-то", "кто-нибудь"
    # read as "что то"): it asks nothing, so a clause does not start there
    indefinite: list[Text] = Field(default_factory=list)
    # Words that negate what a question takes for granted ("why *didn't* they hold it in
    # Russia?" takes for granted that they did not)
    negations: list[Text] = Field(default_factory=list)
    # Phrases whose question word starts a relative clause ("is it the one *where* the UN chief
    # is coming?"): they ask nothing, so the frame is read without them
    relatives: list[Text] = Field(default_factory=list)
    # Words that open a clause describing the person just named ("the Turkish president *that*
    # Putin is meeting", "президента, *с которым* встречается Путин"): with or without them, a
    # person named right after a description starts a clause that asks nothing
    relative_pronouns: list[Text] = Field(default_factory=list)
    # ...and those that, opening a comma part before the last, make it a relative clause ("the
    # rest are there for the photos, *which* seems cynical, but does the article say...?")
    relative_openers: list[Text] = Field(default_factory=list)
    # Words opening a comma part that comments on a claim just reported ("my uncle says
    # Azerbaijan is sending people, *but* he always exaggerates"): the claim ends before it
    comment_openers: list[Text] = Field(default_factory=list)
    # Phrases that embed a question in a statement ("...and need to know if Mongolia is coming"):
    # a long message with no question of its own asks from them on
    embedding: list[Text] = Field(default_factory=list)
    # Words that open why the asker wants to know, after the question ("..., so I don't look
    # clueless at dinner?"): what follows them is chatter, not part of what is asked
    purposes: list[Text] = Field(default_factory=list)
    # Words that introduce a name the asker does not know ("the name Xi Jinping", "someone
    # called Erdogan"): "who is he?" after them is about that name
    introducing: list[Text] = Field(default_factory=list)
    # Questions that only point at what the message said before them ("my colleague says the UN
    # chief never goes. who is right?"): they are read with the sentence they point at.
    pointing: list[Text] = Field(default_factory=list)
    # Words by which a question that is only chat points at the sentences before it ("could you
    # help me with *that*?"), not at the rest of its own ("the host city, can u help?")
    pointers: list[Text] = Field(default_factory=list)
    # ...and the words that report a claim in that sentence ("my colleague *says* the UN chief
    # never goes"): what follows the first of them is the claim pointed at.
    reporting: list[Text] = Field(default_factory=list)
    # Words telling what someone thought ("I *thought* it was in Bishkek, where is it?"): like
    # the reporting words, a part with one before a question only guesses what is asked
    beliefs: list[Text] = Field(default_factory=list)
    # Words asking for a type of thing ("which", "какой"): a cue right after one names what is
    # asked ("which agreements were signed on July 3-4?" asks for agreements, not a date)
    answer_type_words: list[Text] = Field(default_factory=list)
    # Tags that end a reported claim as its whole last comma part ("..., is he?"): the claim
    # is asked, as with a pointing question
    tag_questions: list[Text] = Field(default_factory=list)
    # Words a clause may open with before its question word ("on which days...", "в каком...")
    prepositions: list[Text] = Field(default_factory=list)
    # The word joining an office to whose it is ("the secretary-general *of* the SCO"); none:
    # the name follows the office as it is ("генсек ШОС")
    office_of: Text | None = None
    # Words before a year that start a span ("changed since 2001"): a scope cue beside them says
    # which time is asked about; the year only sets the scope when none does.
    span_openers: list[Text] = Field(default_factory=list)
    # Words before a year that make it the name of an edition ("the 2023 summit", "that 2019
    # one"): the time asked about, never the date a yes/no asks ("was the 2023 summit online?")
    year_naming: list[Text] = Field(default_factory=list)
    # Prepositions a question may end with, left by its question word ("...meet in?"): `stranded`
    stranding: list[Text] = Field(default_factory=list)
    # Prepositions placing something ("in Kazakhstan"): the event's setting so placed only says
    # which event, unless a place is asked (`place_kinds` in frames.yaml)
    locatives: list[Text] = Field(default_factory=list)
    yes_no_starters: list[Text] = Field(default_factory=list)
    yes_no_cues: list[Text] = Field(default_factory=list)
    # ...and these only as a question's last words ("it's in July, right?", not "right now")
    yes_no_tags: list[Text] = Field(default_factory=list)
    yes_no_without_question_word: bool = False  # intonation questions: "саммит в Китае?"
    # Words pointing at a time named before ("what did they say *back then*?", "что *тогда*
    # приняли?"): the asking part is about the time the chatter before it named
    time_pointers: list[Text] = Field(default_factory=list)
    # Possessives of a group ("what does the article say about *their* role?"): in a question
    # naming nothing, whatever it asks, they stand for what the sentence before names
    group_possessives: list[Text] = Field(default_factory=list)
    # Words of cues as people type them in chats ("wat time" is "what time"): every kind and
    # scope cue also stands with one of its words so spelt
    spellings: dict[Text, list[Text]] = Field(default_factory=dict)
    # With yes_no_without_question_word: words that make a message a wh-question even when no
    # kind cue asks by them ("what happened?"); none listed: only a strong kind cue does.
    interrogatives: list[Text] = Field(default_factory=list)
    # Words asking for more than the question names ("else", "besides"): a fact naming only
    # those cannot answer it.
    others_cues: list[Text] = Field(default_factory=list)
    # ...but not as one side of an alternative ("is India sending its PM or someone else?"
    # asks which of the two) or of a comparison ("did Putin land before everyone else?")
    alternative_others: list[Text] = Field(default_factory=list)
    # Words asking who is with someone named ("who flew in *with Putin*?"): asked of a fact
    # that names no one but them, the answer is not them.
    company_cues: list[Text] = Field(default_factory=list)
    # Words asking who travels with someone ("who's going with him?"): no fact says that, not
    # even one naming others ("who is Putin meeting?" names those he meets, not who came along).
    fellow_traveller_cues: list[Text] = Field(default_factory=list)
    # Words asking for one person of an organisation or office ("which Kremlin official?",
    # "who from the UN?"): only a fact that names a person answers, not one naming the body.
    individual_cues: list[Text] = Field(default_factory=list)
    # Per kind asked exactly (`specific_kinds`), the words that ask for it so ("exactly").
    specific_cues: dict[Identifier, list[Text]] = Field(default_factory=dict)
    kinds: dict[Identifier, KindCues] = Field(default_factory=dict)
    scopes: dict[Identifier, ScopeCues] = Field(default_factory=dict)


# The class of `person_pronouns` that stands for several persons at once ("they", "них"): in
# a follow-up, the persons the last question named together; never the event ("it").
PLURAL = "plural"


class FollowUpCues(_Model):
    """How one language's follow-ups lean on the last question (`followups.<lang>.yaml`)."""

    language: Identifier
    openers: list[Text] = Field(min_length=1)  # "and", "what about": "and Iran?"
    # Pronouns for the last answer's person, by which persons they fit ("he": [he, him, his]).
    person_pronouns: dict[Identifier, list[Text]] = Field(min_length=1)
    topic_pronouns: list[Text] = Field(default_factory=list)  # "it": the last topic, or the event
    # The kinds of named things a topic pronoun stands for ("it" for an organisation, not a city).
    topic_pronoun_types: list[Identifier] = Field(default_factory=list)
    max_new_words: int = Field(ge=0, le=5)  # an opener with more words of its own starts anew
    # Words that point at this summit against the other time the conversation was about ("ok,
    # when is this one?" after the next summit): the conversation's time is dropped.
    this_time: list[Text] = Field(default_factory=list)
    # Words that point at something said before the last question ("that one from before"): only
    # the last question is kept, so such a follow-up is one the bot says it cannot place.
    earlier: list[Text] = Field(default_factory=list)
    # Words that point at the time the conversation was about ("was that summit held in
    # person?" after last year's statement): the question keeps that time.
    that_time: list[Text] = Field(default_factory=list)
    # Words that take back a name just typed ("no wait, I meant Iran", "ой нет, я имел в виду
    # иран"): the names after them replace the wrong ones in the question they correct.
    corrections: list[Text] = Field(default_factory=list)
    # Chat that only prods for more ("so?", "и что?"): no question about the last topic, so the
    # bot says it cannot tell what is asked instead of answering it again.
    shrugs: list[Text] = Field(default_factory=list)
    # Questions, as the whole message, that only ever ask where the last answer comes from
    # ("says who?", "кто так говорит?"), though read alone they might ask who says something.
    source_of_last: list[Text] = Field(default_factory=list)
    # ...and those that only ask whether the last answer holds ("is that true?", "это точно?"):
    # answered the same way, with that answer and its quote again
    checks_last: list[Text] = Field(default_factory=list)
    # Words that point at the last answer ("source for that?"): with no answer before, there is
    # nothing they point at, and the bot says so.
    pointers: list[Text] = Field(default_factory=list)
    # Whole messages asking how the last answer came about ("how?", "как?"): the article never
    # says how, so they are not the last question asked again, but a question of their own
    how_alone: list[Text] = Field(default_factory=list)
    # Words that point at everything said, not the last answer ("what's the source for *all of
    # this*?", "откуда *вообще* все эти данные?"): the article's sources, not the last quote
    everything: list[Text] = Field(default_factory=list)
    # Words for a meeting ("the talks", "встреча"): after a question about persons meeting
    # ("is Putin meeting Xi?"), they and "it" are that meeting ("how long will it last?"), not
    # the summit
    meetings: list[Text] = Field(default_factory=list)
    # Articles: before a name they ask nothing ("the turkish one?" is "and Turkey?"), though
    # they open cues that do ("the agenda?")
    articles: list[Text] = Field(default_factory=list)
    # Words pointing at the country the last question named, before an office ("who is *its*
    # president?", "кто *там* президент?"), and the entity types that are countries
    country_pointers: list[Text] = Field(default_factory=list)
    country_types: list[Identifier] = Field(default_factory=list)
    # Whole messages asking who will be there by a word that asks more elsewhere ("а кто
    # будет?", though "кто будет главным?" asks who leads), and that question in full
    present_alone: list[Text] = Field(default_factory=list)
    who_attends: Text = ""
    # Pronouns that, right after a person's name, are that person ("so Modi *himself* isn't
    # coming?"), not someone the conversation named
    reflexives: list[Text] = Field(default_factory=list)
    # Phrases for everyone the last question named ("are all three confirmed?", "все трое
    # точно?"): read as the first plural pronoun (`person_pronouns`) would be
    group_phrases: list[Text] = Field(default_factory=list)
    # Words for the one of a group not talked about ("who is the Turkish one?" "and the other
    # one?" after Putin's two meetings)
    the_other: list[Text] = Field(default_factory=list)
    # Words for taking part in the event ("attending", "участвовать"): "when?" or "where?" after
    # a question about someone taking part asks when or where the event is (`asked_of_the_event`)
    attending: list[Text] = Field(default_factory=list)
    # Words asking who takes the last person's place ("who's going instead?", "а кто вместо?"):
    # the question is about that person, though it does not name them.
    replacing: list[Text] = Field(default_factory=list)
    # Words for a person's country after a pronoun ("is *his country* coming?", "а *его
    # страна*?"): the pronoun and the word stand for the country the person leads or represents.
    country_words: list[Text] = Field(default_factory=list)


class SmalltalkIntent(_Model):
    id: Identifier
    examples: list[Text] = Field(min_length=1)
    reply: Text


class Messages(_Model):
    """The bot's own strings in one language, and its small talk."""

    language: Identifier
    strings: dict[str, Text]
    smalltalk: list[SmalltalkIntent] = Field(default_factory=list)


REQUIRED_STRINGS = frozenset(
    {
        "welcome",
        "examples_heading",
        "commands_heading",
        "help_ask",
        "help_topics",
        "help_source",
        "group_intro",
        "decline",
        "decline_with_entity",
        "did_you_mean",
        "none_of_these",
        "none_of_these_reply",
        "topics_heading",
        "related_heading",
        "source_label",
        "source_intro",
        "ask_usage",
        "non_text",
        "stale_button",
        "error",
        "flood",
        "empty",
        "original_label",
        "inline_empty_title",
        "partial",
        "and",
        "is",
        "are",
        "follow_up_unresolved",
        "curator_only",
        "why_usage",
        "why_forgotten",
        "reload_done",
        "reload_refused",
        "no_pending_choice",
    }
)
# The bot's own commands, in menu order; a fact may not take their names, and every language
# describes them in its command menu.
# Strings the reply layer fills in, and the {placeholders} each may use.
TEMPLATE_FIELDS = {
    "decline_with_entity": {"names"},
    "partial": {"missing", "answer"},
    "follow_up_unresolved": {"reference"},
    "reload_done": {"facts"},
    "reload_refused": {"error"},
    "group_intro": {"username"},
    "source_intro": {"title", "section"},
    "member_answer": {"names", "is_are"},
    "non_member_answer": {"names", "is_are"},
    "alternative_answer": {"names", "is_are"},
}
BUILTIN_COMMANDS = ("start", "help", "topics", "source", "ask")
# The curators' commands (ADMIN_USER_IDS only): in no menu, and no fact may take their names.
CURATOR_COMMANDS = ("why", "reload")
COMMAND_MENU_STRINGS = tuple(f"command_{command}" for command in BUILTIN_COMMANDS)


class WordList:
    """A language's everyday words (its lexicon's `common_words` file) as a compact trie: the
    ~35,000 words of both languages take ~0.1 MB instead of ~5 MB as sets of str, and a lookup
    stays well under a microsecond. The built trie is kept under data/ by the file's content
    hash, so a start reads it (~1 ms) instead of building it (~20 ms)."""

    __slots__ = ("_trie",)

    def __init__(self, trie: marisa_trie.Trie) -> None:
        self._trie = trie

    @classmethod
    def read(cls, path: Path) -> WordList:
        """The words of `path`, one a line (`#` starts a comment line); raises OSError or
        UnicodeDecodeError for a file that cannot be read."""
        content = path.read_bytes()
        built = WORD_LISTS / f"{hashlib.sha256(content).hexdigest()}.marisa"
        with contextlib.suppress(OSError, RuntimeError):  # none yet, or unreadable: build it
            return cls(marisa_trie.Trie().load(str(built)))
        lines = content.decode("utf-8").splitlines()
        trie = marisa_trie.Trie(
            word for line in lines if (word := line.strip()) and not line.startswith("#")
        )
        with contextlib.suppress(OSError):  # a read-only install builds it at every start
            built.parent.mkdir(parents=True, exist_ok=True)
            part = built.with_name(f"{built.name}.{os.getpid()}.part")
            trie.save(str(part))
            os.replace(part, built)  # whole or not at all, even with several starts at once
        return cls(trie)

    def __contains__(self, word: object) -> bool:
        try:
            return word in self._trie
        except (AttributeError, UnicodeEncodeError):  # not a str, or a lone surrogate: no word
            return False

    def __len__(self) -> int:
        return len(self._trie)


@dataclass(frozen=True)
class LoadedSource:
    """A source's metadata with its verbatim text."""

    meta: Source
    text: str
    path: Path


@dataclass(frozen=True)
class KnowledgeBase:
    """Everything the bot knows, verified; built once and shared read-only."""

    directory: Path
    language: str  # the facts' own language: the one to fall back to
    sources: dict[str, LoadedSource]
    facts: tuple[Fact, ...]
    entities: dict[str, Entity]
    lexicons: dict[str, Lexicon]
    messages: dict[str, Messages]
    default_source: str
    common_words: dict[str, WordList]
    frames: FrameSchema
    frame_cues: dict[str, FrameCues]
    follow_ups: dict[str, FollowUpCues]
    tuning: MatcherTuning
    facts_by_id: dict[str, Fact] = field(init=False)
    facts_by_command: dict[str, Fact] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "facts_by_id", {fact.id: fact for fact in self.facts})
        object.__setattr__(
            self, "facts_by_command", {fact.command: fact for fact in self.facts if fact.command}
        )

    @property
    def languages(self) -> tuple[str, ...]:
        """Every language it answers in, its own first."""
        return (
            self.language,
            *(language for language in self.lexicons if language != self.language),
        )

    def moved_to(self, directory: Path) -> KnowledgeBase:
        """The same knowledge base read from a copy of its files in `directory`."""
        if directory == self.directory:
            return self
        sources = {
            source_id: replace(source, path=directory / source.path.relative_to(self.directory))
            for source_id, source in self.sources.items()
        }
        return replace(self, directory=directory, sources=sources)

    def source_of(self, fact: Fact) -> LoadedSource:
        return self.sources[fact.source or self.default_source]

    def messages_for(self, language: str) -> Messages:
        """The bot's words in `language`, falling back to the default language."""
        return self.messages.get(language) or self.messages[self.language]

    def strings(self, language: str) -> dict[str, str]:
        return self.messages_for(language).strings


def fold_for_quote_check(text: str) -> str:
    """A quote or article as the verbatim check compares them: only the layout is folded.

    Runs of whitespace (YAML line folding, the article's line breaks) count as one space, and
    Unicode canonical equivalents (NFC) as the same text. Everything else must match: a straight
    apostrophe or quote mark does not stand for a typographic one (' is not ’, " is not “), nor
    a hyphen for a dash, because users are shown the quote as the article's own words.
    """
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_CONTEXT = 20  # characters of text shown on each side of where a quote leaves the article


def explain_quote_mismatch(quote: str, article: str) -> str:
    """Why `quote` is not verbatim in `article`: the whole quote, the closest article sentence
    (or two adjacent ones, for a quote that spans them) and where the two first differ."""
    quote = fold_for_quote_check(quote)
    sentences = [
        fold_for_quote_check(sentence)
        for line in article.splitlines()
        for sentence in _SENTENCE_END.split(line)
        if sentence.strip()
    ]
    candidates = list(sentences)
    if _SENTENCE_END.search(quote):
        candidates += map(" ".join, pairwise(sentences))
    if not candidates:
        return f'"{quote}"; the article has no text'
    # The most of the quote's characters in order; of equals, the shortest.
    closest, matcher = max(
        (
            (candidate, SequenceMatcher(None, candidate, quote, autojunk=False))
            for candidate in candidates
        ),
        key=lambda pair: (
            sum(block.size for block in pair[1].get_matching_blocks()),
            -len(pair[0]),
        ),
    )
    return f'"{quote}"; closest sentence: "{closest}"; {_first_difference(quote, closest, matcher)}'


def _first_difference(quote: str, sentence: str, matcher: SequenceMatcher) -> str:
    """Where `quote` first leaves `sentence`, ignoring the sentence's text before and after it."""
    for tag, start, end, quote_start, quote_end in matcher.get_opcodes():
        starts_later = tag == "delete" and quote_start == 0
        ends_sooner = tag == "delete" and quote_start == len(quote)
        if tag == "equal" or starts_later or ends_sooner:
            continue
        same = quote[max(0, quote_start - _CONTEXT) : quote_start]
        where = f'after "{"…" * (quote_start > _CONTEXT)}{same}"' if same else "at its start"
        detail = (
            f"they first differ at character {quote_start + 1} of the quote: {where} the quote "
            f'has "{_head(quote[quote_start:])}", the article "{_head(sentence[start:])}"'
        )
        ours, theirs = quote[quote_start:quote_end], sentence[start:end]
        if tag == "replace" and len(ours) == len(theirs) == 1 and not _plain(ours + theirs):
            detail += f" ({ours} {_char_name(ours)} vs {theirs} {_char_name(theirs)})"
        return detail
    return "no single place where they differ"


def _head(text: str) -> str:
    return text[:_CONTEXT] + "…" * (len(text) > _CONTEXT)


def _plain(text: str) -> bool:
    """ASCII letters and digits, which no one mistakes for one another."""
    return text.isascii() and text.isalnum()


def _char_name(char: str) -> str:
    return unicodedata.name(char, f"U+{ord(char):04X}")


def _yaml_line(path: Path, location: Sequence[str | int]) -> int | None:
    """The line of the YAML node at `location` (or of its nearest parent that exists).

    Only wording an error calls this: it reads the file again rather than have every load keep
    the position of every node.
    """
    import yaml

    try:
        with path.open(encoding="utf-8") as handle:
            node = yaml.compose(handle, Loader=_yaml_loader())
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    if node is None:
        return None
    line = node.start_mark.line
    for step in location:  # a mapping's child is shown at its key, a list's at its item
        if isinstance(node, yaml.MappingNode):
            pair = next((pair for pair in node.value if pair[0].value == str(step)), None)
            if pair is None:
                break
            line, node = pair[0].start_mark.line, pair[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            if not 0 <= step < len(node.value):
                break
            node = node.value[step]
            line = node.start_mark.line
        else:
            break
    return line + 1


def _at(path: Path, *location: str | int) -> str:
    """`file:line` of the node at `location` in a YAML file, to begin an error message."""
    line = _yaml_line(path, location)
    return f"{path}:{line}" if line is not None else str(path)


def _read_yaml(path: Path) -> Any:
    import yaml

    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_yaml_loader())
    except FileNotFoundError:
        raise KnowledgeError(f"{path}: file not found") from None
    except UnicodeDecodeError as error:
        raise KnowledgeError(f"{path}: not UTF-8 text ({error.reason})") from None
    except yaml.YAMLError as error:
        where = getattr(error, "problem_mark", None)
        line = f":{where.line + 1}" if where is not None else ""
        problem = getattr(error, "problem", None) or str(error)
        raise KnowledgeError(f"{path}{line}: invalid YAML: {problem}") from None


def _parse(model: type[ModelT], path: Path, data: Any) -> ModelT:
    """Validate one file, naming the fact (by id) and the field that is wrong."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        location = list(first["loc"])
        where = _describe_location(data, location)
        hint = ""
        if isinstance(first.get("input"), bool):
            hint = " (YAML reads yes/no/on/off as true/false: put the word in quotes)"
        raise KnowledgeError(f"{_at(path, *location)}: {where}: {first['msg']}{hint}") from None


_SINGULAR = {"facts": "fact", "entities": "entity", "sources": "source", "smalltalk": "intent"}


def _describe_location(data: Any, location: list[Any]) -> str:
    """Turn ('facts', 3, 'quotes') into "fact 'venue', field quotes" where the id is known."""
    parts: list[str] = []
    node = data
    for step in location:
        label = str(step)
        if isinstance(step, int) and isinstance(node, list) and step < len(node):
            node = node[step]
            item_id = node.get("id") if isinstance(node, dict) else None
            if item_id:
                kind = _SINGULAR.get(parts[-1], parts[-1]) if parts else "item"
                parts[-1:] = [f"{kind} '{item_id}'"]
                continue
            label = f"item {step + 1}"
        elif isinstance(node, dict):
            node = node.get(step)
        parts.append(label)
    return ", ".join(parts) or "top level"


def load_knowledge(directory: Path) -> KnowledgeBase:
    """Load and verify every knowledge file; raise KnowledgeError naming the first problem.

    A knowledge base that passed is kept under data/ (pickled, by the hash of its files and of
    the code that reads and checks them), so a start with the same files and code takes it from
    there (~2 ms) instead of parsing, validating and verifying them again (~30 ms): the outcome
    would be the same. Only a loaded, verified base is kept; a broken one is read every time.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise KnowledgeError(f"{directory}: knowledge folder not found")
    built = _built_knowledge_path(directory)
    if built is not None:
        with contextlib.suppress(Exception):  # none yet, or unreadable: load it all again
            with built.open("rb") as file:
                found = pickle.load(file)
            if isinstance(found, KnowledgeBase):
                return found.moved_to(directory)
    knowledge = _load_and_verify(directory)
    inside = all(source.path.is_relative_to(directory) for source in knowledge.sources.values())
    if built is not None and inside:  # the hash covers the folder's files only
        keep_built(knowledge, built, KEPT_KNOWLEDGE_BASES)
    return knowledge


def _built_knowledge_path(directory: Path) -> Path | None:
    """Where a verified knowledge base read from these files by this code is kept."""
    digest = hashlib.sha256()
    for part in (sys.version, pydantic.VERSION):
        digest.update(part.encode())
    try:
        for code in _KNOWLEDGE_CODE:
            digest.update(code.read_bytes())
        for path in sorted(p for p in directory.rglob("*") if p.is_file()):
            digest.update(str(path.relative_to(directory)).encode() + b"\0")
            digest.update(path.read_bytes())
    except OSError:
        return None
    return BUILT_KNOWLEDGE / f"{digest.hexdigest()}.pickle"


def keep_built(built: object, path: Path, kept: int) -> None:
    """Pickle `built` to `path` (whole or not at all); keep only the `kept` newest there."""
    with contextlib.suppress(Exception):  # read-only, or unpicklable: built at every start
        path.parent.mkdir(parents=True, exist_ok=True)
        part = path.with_name(f"{path.name}.{os.getpid()}.part")
        with part.open("wb") as file:
            pickle.dump(built, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(part, path)
        newest_last = sorted(path.parent.glob("*.pickle"), key=lambda p: p.stat().st_mtime)
        for old in newest_last[:-kept]:
            old.unlink(missing_ok=True)


def _load_and_verify(directory: Path) -> KnowledgeBase:
    sources_path = directory / "sources.yaml"
    source_file = _parse(SourceFile, sources_path, _read_yaml(sources_path))
    sources: dict[str, LoadedSource] = {}
    for number, source in enumerate(source_file.sources):
        path = directory / source.file
        try:
            text = path.read_text(encoding="utf-8")
        except (FileNotFoundError, UnicodeDecodeError) as error:
            where = _at(sources_path, "sources", number, "file")
            raise KnowledgeError(f"{where}: source '{source.id}': {error}") from None
        sources[source.id] = LoadedSource(meta=source, text=text, path=path)

    entities_path = directory / "entities.yaml"
    entity_file = _parse(EntityFile, entities_path, _read_yaml(entities_path))
    entities: dict[str, Entity] = {}
    for number, entity in enumerate(entity_file.entities):
        if entity.id in entities:
            where = _at(entities_path, "entities", number, "id")
            raise KnowledgeError(f"{where}: entity '{entity.id}': id is used twice")
        entities[entity.id] = entity
    for number, entity in enumerate(entity_file.entities):
        for position, whole in enumerate(entity.part_of):
            if whole not in entities:
                where = _at(entities_path, "entities", number, "part_of", position)
                raise KnowledgeError(f"{where}: entity '{entity.id}': unknown entity '{whole}'")
        if entity.country is not None and (
            entity.country not in entities or entities[entity.country].type != "country"
        ):
            where = _at(entities_path, "entities", number, "country")
            raise KnowledgeError(
                f"{where}: entity '{entity.id}': '{entity.country}' is not a country entity"
            )

    lexicons: dict[str, Lexicon] = {}
    common_words: dict[str, WordList] = {}
    for path in sorted(directory.glob("lexicon.*.yaml")):
        lexicon = _parse(Lexicon, path, _read_yaml(path))
        lexicons[lexicon.language] = lexicon
        common_words[lexicon.language] = _read_word_list(path, lexicon, directory)
    messages: dict[str, Messages] = {}
    for path in sorted(directory.glob("messages.*.yaml")):
        message_file = _parse(Messages, path, _read_yaml(path))
        missing = sorted(
            (REQUIRED_STRINGS | set(COMMAND_MENU_STRINGS)) - message_file.strings.keys()
        )
        if missing:
            raise KnowledgeError(f"{_at(path, 'strings')}: strings: missing {', '.join(missing)}")
        for key, text in message_file.strings.items():
            try:
                _check_template(text, key)
            except _Problem as problem:
                raise problem.located(path, "strings", key, subject=f"strings: {key}: ") from None
        messages[message_file.language] = message_file
    facts_path = directory / "facts.yaml"
    fact_file = _parse(FactFile, facts_path, _read_yaml(facts_path))
    for language in (fact_file.language, *lexicons):
        if language not in lexicons:
            raise KnowledgeError(f"{directory}: no lexicon.{language}.yaml")
        if language not in messages:
            raise KnowledgeError(f"{directory}: no messages.{language}.yaml")

    frames_path = directory / "frames.yaml"
    frames = _parse(FrameSchema, frames_path, _read_yaml(frames_path))
    for key in ("year_kind", "others_kind", "office_kind"):
        value = getattr(frames, key)
        if value is not None and value not in frames.kinds:
            raise KnowledgeError(f"{frames_path}: {key}: '{value}' is not one of its kinds")
    for language, lexicon in lexicons.items():
        if frames.offices is not None and frames.offices not in lexicon.alternatives:
            raise KnowledgeError(
                f"{frames_path}: offices: '{frames.offices}' is not a set of alternatives in"
                f" lexicon.{language}.yaml"
            )
    for key in (
        "given_with_answers",
        "asked_of_the_question",
        "claimed_kinds",
        "lone_kinds",
        "claims_kept_when_known",
        "place_kinds",
        "pointed_kinds",
        "person_kinds",
        "asked_of_the_event",
    ):
        for position, value in enumerate(getattr(frames, key)):
            if value not in frames.kinds:
                where = _at(frames_path, key, position)
                raise KnowledgeError(f"{where}: {key}: '{value}' is not one of its kinds")
    for position, value in enumerate(frames.claims_kept_when_known):
        if value not in frames.claimed_kinds:
            where = _at(frames_path, "claims_kept_when_known", position)
            raise KnowledgeError(f"{where}: '{value}' is not one of claimed_kinds")
    for kind, specific in frames.specific_kinds.items():
        for name in (kind, specific):
            if name not in frames.kinds:
                where = _at(frames_path, "specific_kinds", kind)
                raise KnowledgeError(f"{where}: specific_kinds: '{name}' is not one of its kinds")
    entity_types = {entity.type for entity in entities.values()}
    for kind, types in frames.specific_within.items():
        where = _at(frames_path, "specific_within", kind)
        if kind not in frames.specific_kinds:
            raise KnowledgeError(f"{where}: specific_within: '{kind}' is not in specific_kinds")
        for entity_type in types:
            if entity_type not in entity_types:
                raise KnowledgeError(
                    f"{where}: specific_within: '{entity_type}' is no entity's type"
                )
    for kind, qualified in frames.qualified_kinds.items():
        for name in (kind, *qualified, *qualified.values()):
            if name not in frames.kinds:
                where = _at(frames_path, "qualified_kinds", kind)
                raise KnowledgeError(f"{where}: qualified_kinds: '{name}' is not one of its kinds")
    frame_cues: dict[str, FrameCues] = {}
    for language in lexicons:
        path = directory / f"frames.{language}.yaml"
        cues = _parse(FrameCues, path, _read_yaml(path))
        try:
            _check_frame_names(cues.kinds, cues.scopes, frames)
        except _Problem as problem:
            raise problem.located(path) from None
        for kind in cues.specific_cues:
            if kind not in frames.specific_kinds.values():
                where = _at(path, "specific_cues", kind)
                raise KnowledgeError(
                    f"{where}: specific_cues: '{kind}' is not a kind specific_kinds asks"
                )
        frame_cues[language] = cues
    follow_ups: dict[str, FollowUpCues] = {}
    for language in lexicons:
        path = directory / f"followups.{language}.yaml"
        follow_ups[language] = _parse(FollowUpCues, path, _read_yaml(path))
    tuning_path = directory / "matcher.yaml"
    tuning = _parse(MatcherTuning, tuning_path, _read_yaml(tuning_path))

    facts = list(fact_file.facts)
    fact_files = {fact_file.language: facts_path}  # where each language's words of the facts are
    for path in sorted(directory.glob("facts.*.yaml")):
        translation = _parse(TranslationFile, path, _read_yaml(path))
        facts = _merge_translation(facts, translation, path)
        fact_files[translation.language] = path

    knowledge = KnowledgeBase(
        directory=directory,
        language=fact_file.language,
        sources=sources,
        facts=tuple(facts),
        entities=entities,
        lexicons=lexicons,
        messages=messages,
        default_source=fact_file.source,
        common_words=common_words,
        frames=frames,
        frame_cues=frame_cues,
        follow_ups=follow_ups,
        tuning=tuning,
    )
    _verify(knowledge, fact_files)
    return knowledge


class _Problem(Exception):
    """A problem at `location` inside the YAML node being checked, worded without the file;
    `located` adds `file:line` once the caller knows which file and node that is."""

    def __init__(self, message: str, *location: str | int, language: str | None = None) -> None:
        super().__init__(message)
        self.location = location
        self.language = language  # the language whose words are wrong, if it is one's

    def located(self, path: Path, *parent: str | int, subject: str = "") -> KnowledgeError:
        return KnowledgeError(f"{_at(path, *parent, *self.location)}: {subject}{self}")


def _check_frame_names(
    kinds: Iterable[str], scopes: Iterable[str], frames: FrameSchema, kinds_key: str = "kinds"
) -> None:
    """Cue lists and facts may only name the kinds and scopes `frames.yaml` declares."""
    for section, key, names, known in (
        ("kinds", kinds_key, kinds, frames.kinds),
        ("scopes", "scopes", scopes, frames.scopes),
    ):
        for position, name in enumerate(names):
            if name not in known:
                raise _Problem(
                    f"{section}: '{name}' is not declared in frames.yaml "
                    f"(known: {', '.join(known)})",
                    key,
                    position if isinstance(names, list) else name,
                )


def _check_template(text: str, key: str) -> None:
    """A string the reply layer fills in may only use the placeholders it is given."""
    allowed = TEMPLATE_FIELDS.get(key)
    if allowed is None:
        return
    try:
        used = {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}
    except ValueError as error:
        raise _Problem(str(error)) from None
    unknown = sorted(used - allowed)
    if unknown:
        raise _Problem(
            f"unknown placeholder {{{unknown[0]}}} (allowed: "
            + ", ".join(f"{{{name}}}" for name in sorted(allowed))
            + ")"
        )


def _read_word_list(lexicon_path: Path, lexicon: Lexicon, directory: Path) -> WordList:
    if lexicon.common_words is None:
        return WordList(marisa_trie.Trie())
    path = directory / lexicon.common_words
    try:
        return WordList.read(path)
    except (OSError, UnicodeDecodeError) as error:
        raise KnowledgeError(
            f"{_at(lexicon_path, 'common_words')}: common_words: {error}"
        ) from None


def _merge_translation(facts: list[Fact], translation: TranslationFile, path: Path) -> list[Fact]:
    known = {fact.id for fact in facts}
    for fact_id in translation.facts:
        if fact_id not in known:
            where = _at(path, "facts", fact_id)
            raise KnowledgeError(f"{where}: fact '{fact_id}': no such fact in facts.yaml")
    merged = []
    for fact in facts:
        text = translation.facts.get(fact.id)
        if text is None:
            merged.append(fact)
            continue
        translations = {**fact.translations, translation.language: text}
        merged.append(fact.model_copy(update={"translations": translations}))
    return merged


def _verify(knowledge: KnowledgeBase, fact_files: dict[str, Path]) -> None:
    """The checks a schema cannot express: references, uniqueness and verbatim quotes.

    `fact_files` maps each language to its facts file, so a problem is shown at its line there.
    """
    seen_ids: set[str] = set()
    seen_commands: dict[str, str] = {}
    folded_sources = {
        source_id: fold_for_quote_check(source.text)
        for source_id, source in knowledge.sources.items()
    }
    for index, fact in enumerate(knowledge.facts):
        try:
            _verify_fact(fact, knowledge, folded_sources, seen_ids, seen_commands)
        except _Problem as problem:
            if problem.language in fact.translations:
                path, parent = fact_files[problem.language], ("facts", fact.id)
            else:
                path, parent = fact_files[knowledge.language], ("facts", index)
            raise problem.located(path, *parent, subject=f"fact '{fact.id}': ") from None


def _verify_fact(
    fact: Fact,
    knowledge: KnowledgeBase,
    folded_sources: dict[str, str],
    seen_ids: set[str],
    seen_commands: dict[str, str],
) -> None:
    if fact.id in seen_ids:
        raise _Problem("id is used twice", "id")
    seen_ids.add(fact.id)
    if fact.command:
        if fact.command in (*BUILTIN_COMMANDS, *CURATOR_COMMANDS):
            raise _Problem(f"command /{fact.command} is one of the bot's own", "command")
        if fact.command in seen_commands:
            raise _Problem(
                f"command /{fact.command} is already used by '{seen_commands[fact.command]}'",
                "command",
            )
        seen_commands[fact.command] = fact.id
    source_id = fact.source or knowledge.default_source
    if source_id not in knowledge.sources:
        raise _Problem(f"unknown source '{source_id}'", "source")
    source = knowledge.sources[source_id]
    for number, quote in enumerate(fact.quotes):
        if fold_for_quote_check(quote.text) not in folded_sources[source_id]:
            raise _Problem(
                f"quote not found verbatim in {source.path.name}: "
                + explain_quote_mismatch(quote.text, source.text),
                "quotes",
                number,
                "text",
            )
    for key in ("entities", "involves"):
        for number, entity_id in enumerate(getattr(fact, key)):
            if entity_id not in knowledge.entities:
                raise _Problem(f"unknown entity '{entity_id}'", key, number)
    for key in ("members", "yes_no_about"):
        for number, entity_id in enumerate(getattr(fact.listing, key) if fact.listing else ()):
            if entity_id not in knowledge.entities:
                raise _Problem(f"unknown entity '{entity_id}'", "list", key, number)
    if fact.listing is not None:
        frames = knowledge.frames
        if fact.listing.yes_no_kind is not None and fact.listing.yes_no_kind not in frames.kinds:
            raise _Problem(f"unknown kind '{fact.listing.yes_no_kind}'", "list", "yes_no_kind")
        if fact.listing.yes_no_scope is not None and fact.listing.yes_no_scope not in frames.scopes:
            raise _Problem(f"unknown scope '{fact.listing.yes_no_scope}'", "list", "yes_no_scope")
    _check_frame_names(fact.answers, fact.scopes, knowledge.frames, kinds_key="answers")
    for number, related_id in enumerate(fact.related):
        if related_id not in knowledge.facts_by_id:
            raise _Problem(f"related fact '{related_id}' does not exist", "related", number)
    if fact.listing:
        # a choice between names is answered alike in every language, or in none
        given = [lang for lang in knowledge.languages if fact.text(lang).alternative_answer]
        missing = [lang for lang in knowledge.languages if lang not in given]
        if given and missing:
            raise _Problem(
                f"alternative_answer given in '{given[0]}' but missing in '{missing[0]}'",
                language=missing[0],
            )
    for language in knowledge.languages:
        text = fact.text(language)
        if len(set(text.questions)) < MIN_EXAMPLE_QUESTIONS:
            raise _Problem(
                f"needs at least {MIN_EXAMPLE_QUESTIONS} different example questions"
                f" in '{language}', has {len(set(text.questions))}",
                "questions",
                language=language,
            )
        if fact.listing and not (text.member_answer and text.non_member_answer):
            raise _Problem(f"list answers missing in '{language}'", language=language)
        for key in ("member_answer", "non_member_answer", "alternative_answer"):
            try:
                _check_template(getattr(text, key) or "", key)
            except _Problem as problem:
                location = (key,) if language in fact.translations else ("list", key)
                raise _Problem(
                    f"{key} ({language}): {problem}", *location, language=language
                ) from None
