"""The knowledge base: sources, facts, entities, lexicons and messages, loaded and verified.

Everything a curator edits lives in `knowledge/`; this module refuses a broken file with a message
that names the file, the fact and the problem, so a typo never reaches users.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Annotated, Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from bot.tuning import MatcherTuning

KNOWLEDGE_EXIT_CODE = 1
DEFAULT_LANGUAGE = "en"
MIN_EXAMPLE_QUESTIONS = 6

# 62 = Telegram's 64 bytes of button data less the "f:" prefix the reply layer adds.
Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=62)]
CommandName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,31}$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

try:  # the C loader is several times faster; fall back where libyaml is missing
    _YamlLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _YamlLoader = yaml.SafeLoader


ModelT = TypeVar("ModelT", bound=BaseModel)


class KnowledgeError(Exception):
    """The knowledge base is broken; the message names the file, the fact and the problem."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)


class Quote(_Model):
    """A verbatim sentence (or part of one) from the source, with the article's attribution."""

    text: Text
    attribution: Text | None = None


class ListSpec(_Model):
    """A fact that enumerates entities answers yes/no questions about any one of them."""

    entity_type: Text | list[Text]
    yes_no_kind: Identifier | None = None  # a yes/no of this kind is answered from the list...
    yes_no_types: list[Text] = Field(default_factory=list)  # ...also when it names these types
    members: list[Identifier] = Field(min_length=1)
    member_answer: Text
    non_member_answer: Text
    unnamed_answer: Text | None = None  # "is it in Tashkent?": a no for names nobody listed

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


class Fact(_Model):
    """One curated fact: the answer, the quotes that back it, and how people ask for it."""

    id: Identifier
    command: CommandName | None = None
    title: Text
    answer: Text
    quotes: list[Quote] = Field(min_length=1)
    source: Identifier | None = None
    entities: list[Identifier] = Field(default_factory=list)
    keywords: list[Text] = Field(default_factory=list)
    questions: list[Text] = Field(default_factory=list)
    related: list[Identifier] = Field(default_factory=list)
    listing: ListSpec | None = Field(default=None, alias="list")
    answers: list[Identifier] = Field(default_factory=list)  # question kinds it can answer
    scopes: list[Identifier] = Field(default_factory=list)  # empty: the default scope only
    translations: dict[str, FactText] = Field(default_factory=dict)

    def text(self, language: str) -> FactText:
        """The fact's words in `language`, falling back to English."""
        if language in self.translations:
            return self.translations[language]
        return FactText(
            title=self.title,
            answer=self.answer,
            questions=self.questions,
            keywords=self.keywords,
            member_answer=self.listing.member_answer if self.listing else None,
            non_member_answer=self.listing.non_member_answer if self.listing else None,
            unnamed_answer=self.listing.unnamed_answer if self.listing else None,
        )


class FactFile(_Model):
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
    letter_folds: dict[str, str] = Field(default_factory=dict)
    translit: dict[str, str] = Field(default_factory=dict)  # Latin letters -> this script
    common_words: Text | None = None  # file of everyday words that are never typo-corrected


class FrameSchema(_Model):
    """`frames.yaml`: the kinds of answer and the time scopes questions and facts are framed in."""

    kinds: list[Identifier] = Field(min_length=1)
    scopes: list[Identifier] = Field(min_length=1)  # the first: a fact's when it names none
    years: dict[int, Identifier] = Field(default_factory=dict)
    other_years: Identifier | None = None

    @property
    def default_scope(self) -> str:
        return self.scopes[0]


class KindCues(_Model):
    """How one language asks for one kind of answer, and how a partial answer names it."""

    cues: list[Text] = Field(default_factory=list)
    weak_cues: list[Text] = Field(default_factory=list)  # yield to any other kind's `cues`
    missing: Text  # how a partial answer names what the article does not give


class ScopeCues(_Model):
    cues: list[Text] = Field(default_factory=list)
    decline: Text | None = None  # what the bot says when no fact covers this scope


class FrameCues(_Model):
    """`frames.<lang>.yaml`: the words that tell a question's kind, scope and yes/no form."""

    language: Identifier
    leading_chatter: list[Text] = Field(default_factory=list)
    yes_no_starters: list[Text] = Field(default_factory=list)
    yes_no_cues: list[Text] = Field(default_factory=list)
    yes_no_without_question_word: bool = False  # intonation questions: "саммит в Китае?"
    kinds: dict[Identifier, KindCues] = Field(default_factory=dict)
    scopes: dict[Identifier, ScopeCues] = Field(default_factory=dict)


class FollowUpCues(_Model):
    """How one language's follow-ups lean on the last question (`followups.<lang>.yaml`)."""

    language: Identifier
    openers: list[Text] = Field(min_length=1)  # "and", "what about": "and Iran?"
    person_pronouns: list[Text] = Field(min_length=1)  # "he", "she": the last answer's person
    topic_pronouns: list[Text] = Field(default_factory=list)  # "it": the last topic, or the event
    max_new_words: int = Field(ge=0, le=5)  # an opener with more words of its own starts anew


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
        "follow_up_unresolved",
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
    "group_intro": {"username"},
    "source_intro": {"title", "section"},
    "member_answer": {"names", "is_are"},
    "non_member_answer": {"names", "is_are"},
}
BUILTIN_COMMANDS = ("start", "help", "topics", "source", "ask")
COMMAND_MENU_STRINGS = tuple(f"command_{command}" for command in BUILTIN_COMMANDS)


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
    sources: dict[str, LoadedSource]
    facts: tuple[Fact, ...]
    entities: dict[str, Entity]
    lexicons: dict[str, Lexicon]
    messages: dict[str, Messages]
    default_source: str
    common_words: dict[str, frozenset[str]]
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
        return tuple(self.lexicons)

    def source_of(self, fact: Fact) -> LoadedSource:
        return self.sources[fact.source or self.default_source]

    def messages_for(self, language: str) -> Messages:
        """The bot's words in `language`, falling back to the default language."""
        return self.messages.get(language) or self.messages[DEFAULT_LANGUAGE]

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
_CONTEXT = 20  # characters shown either side of the first difference between quote and article


def explain_quote_mismatch(quote: str, article: str) -> str:
    """Why `quote` is not verbatim in `article`: the whole quote, the closest article sentence
    and where the two first differ. Both are compared as `fold_for_quote_check` leaves them."""
    quote = fold_for_quote_check(quote)
    sentences = [
        fold_for_quote_check(sentence)
        for line in article.splitlines()
        for sentence in _SENTENCE_END.split(line)
        if sentence.strip()
    ]
    if not sentences:
        return f'"{quote}"; the article has no text'
    closest, matcher = max(
        ((sentence, SequenceMatcher(None, sentence, quote, autojunk=False)) for sentence in sentences),
        key=lambda pair: (sum(block.size for block in pair[1].get_matching_blocks()), pair[1].ratio()),
    )
    return f'"{quote}"; closest sentence: "{closest}"; {_first_difference(quote, closest, matcher)}'


def _first_difference(quote: str, sentence: str, matcher: SequenceMatcher) -> str:
    """Where `quote` first leaves `sentence`, ignoring the sentence's text before and after it."""
    for tag, start, end, quote_start, quote_end in matcher.get_opcodes():
        starts_later = tag == "delete" and quote_start == 0
        ends_sooner = tag == "delete" and quote_start == len(quote)
        if tag == "equal" or starts_later or ends_sooner:
            continue
        quote_part = _around(quote, quote_start)
        article_part = _around(sentence, start)
        detail = (
            f"first difference at character {quote_start + 1} of the quote: "
            f'"{quote_part}" where the article has "{article_part}"'
        )
        if tag == "replace" and end - start == 1 and quote_end - quote_start == 1:
            ours, theirs = quote[quote_start], sentence[start]
            detail += f" ({ours} {_char_name(ours)} vs {theirs} {_char_name(theirs)})"
        return detail
    return "they differ only in text outside the closest sentence"


def _around(text: str, offset: int) -> str:
    before = "…" if offset > _CONTEXT else ""
    after = "…" if offset + _CONTEXT < len(text) else ""
    return f"{before}{text[max(0, offset - _CONTEXT) : offset + _CONTEXT]}{after}"


def _char_name(char: str) -> str:
    return unicodedata.name(char, f"U+{ord(char):04X}")


def _yaml_line(path: Path, location: Sequence[str | int]) -> int | None:
    """The line of the YAML node at `location` (or of its nearest parent that exists).

    Only wording an error calls this: it reads the file again rather than have every load keep
    the position of every node.
    """
    try:
        with path.open(encoding="utf-8") as handle:
            node = yaml.compose(handle, Loader=_YamlLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    if node is None:
        return None
    for step in location:
        child = None
        if isinstance(node, yaml.MappingNode):
            child = next((value for key, value in node.value if key.value == str(step)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            child = node.value[step] if 0 <= step < len(node.value) else None
        if child is None:
            break
        node = child
    return node.start_mark.line + 1


def _at(path: Path, *location: str | int) -> str:
    """`file:line` of the node at `location` in a YAML file, to begin an error message."""
    line = _yaml_line(path, location)
    return f"{path}:{line}" if line is not None else str(path)


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_YamlLoader)
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
    """Load and verify every knowledge file; raise KnowledgeError naming the first problem."""
    directory = Path(directory)
    if not directory.is_dir():
        raise KnowledgeError(f"{directory}: knowledge folder not found")

    sources_path = directory / "sources.yaml"
    source_file = _parse(SourceFile, sources_path, _read_yaml(sources_path))
    sources: dict[str, LoadedSource] = {}
    for source in source_file.sources:
        path = directory / source.file
        try:
            text = path.read_text(encoding="utf-8")
        except (FileNotFoundError, UnicodeDecodeError) as error:
            raise KnowledgeError(f"{sources_path}: source '{source.id}': {error}") from None
        sources[source.id] = LoadedSource(meta=source, text=text, path=path)

    entities_path = directory / "entities.yaml"
    entity_file = _parse(EntityFile, entities_path, _read_yaml(entities_path))
    entities = {entity.id: entity for entity in entity_file.entities}
    if len(entities) != len(entity_file.entities):
        raise KnowledgeError(f"{entities_path}: {_first_duplicate(entity_file.entities)}")

    lexicons: dict[str, Lexicon] = {}
    common_words: dict[str, frozenset[str]] = {}
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
            raise KnowledgeError(f"{path}: strings: missing {', '.join(missing)}")
        for key, text in message_file.strings.items():
            _check_template(text, key, f"{path}: strings: {key}")
        messages[message_file.language] = message_file
    for language in (DEFAULT_LANGUAGE, *lexicons):
        if language not in lexicons:
            raise KnowledgeError(f"{directory}: no lexicon.{language}.yaml")
        if language not in messages:
            raise KnowledgeError(f"{directory}: no messages.{language}.yaml")

    frames_path = directory / "frames.yaml"
    frames = _parse(FrameSchema, frames_path, _read_yaml(frames_path))
    frame_cues: dict[str, FrameCues] = {}
    for language in lexicons:
        path = directory / f"frames.{language}.yaml"
        cues = _parse(FrameCues, path, _read_yaml(path))
        _check_frame_names(str(path), cues.kinds, cues.scopes, frames)
        frame_cues[language] = cues
    follow_ups: dict[str, FollowUpCues] = {}
    for language in lexicons:
        path = directory / f"followups.{language}.yaml"
        follow_ups[language] = _parse(FollowUpCues, path, _read_yaml(path))
    tuning_path = directory / "matcher.yaml"
    tuning = _parse(MatcherTuning, tuning_path, _read_yaml(tuning_path))

    facts_path = directory / "facts.yaml"
    fact_file = _parse(FactFile, facts_path, _read_yaml(facts_path))
    facts = list(fact_file.facts)
    for path in sorted(directory.glob("facts.*.yaml")):
        translation = _parse(TranslationFile, path, _read_yaml(path))
        facts = _merge_translation(facts, translation, path)

    knowledge = KnowledgeBase(
        directory=directory,
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
    _verify(knowledge, facts_path)
    return knowledge


def _check_frame_names(
    where: str, kinds: Iterable[str], scopes: Iterable[str], frames: FrameSchema
) -> None:
    """Cue lists and facts may only name the kinds and scopes `frames.yaml` declares."""
    for section, names, known in (
        ("kinds", kinds, frames.kinds),
        ("scopes", scopes, frames.scopes),
    ):
        for name in names:
            if name not in known:
                raise KnowledgeError(
                    f"{where}: {section}: '{name}' is not declared in frames.yaml "
                    f"(known: {', '.join(known)})"
                )


def _check_template(text: str, key: str, where: str) -> None:
    """A string the reply layer fills in may only use the placeholders it is given."""
    allowed = TEMPLATE_FIELDS.get(key)
    if allowed is None:
        return
    try:
        used = {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}
    except ValueError as error:
        raise KnowledgeError(f"{where}: {error}") from None
    unknown = sorted(used - allowed)
    if unknown:
        raise KnowledgeError(
            f"{where}: unknown placeholder {{{unknown[0]}}} (allowed: "
            + ", ".join(f"{{{name}}}" for name in sorted(allowed))
            + ")"
        )


def _read_word_list(lexicon_path: Path, lexicon: Lexicon, directory: Path) -> frozenset[str]:
    if lexicon.common_words is None:
        return frozenset()
    path = directory / lexicon.common_words
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise KnowledgeError(f"{lexicon_path}: common_words: {error}") from None
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _first_duplicate(items: list[Any]) -> str:
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            return f"id '{item.id}' is used twice"
        seen.add(item.id)
    return "duplicate id"


def _merge_translation(facts: list[Fact], translation: TranslationFile, path: Path) -> list[Fact]:
    known = {fact.id for fact in facts}
    for fact_id in translation.facts:
        if fact_id not in known:
            raise KnowledgeError(f"{path}: fact '{fact_id}': no such fact in facts.yaml")
    merged = []
    for fact in facts:
        text = translation.facts.get(fact.id)
        if text is None:
            merged.append(fact)
            continue
        translations = {**fact.translations, translation.language: text}
        merged.append(fact.model_copy(update={"translations": translations}))
    return merged


def _verify(knowledge: KnowledgeBase, facts_path: Path) -> None:
    """The checks a schema cannot express: references, uniqueness and verbatim quotes."""
    seen_ids: set[str] = set()
    seen_commands: dict[str, str] = {}
    folded_sources = {
        source_id: fold_for_quote_check(source.text)
        for source_id, source in knowledge.sources.items()
    }
    for fact in knowledge.facts:
        where = f"{facts_path}: fact '{fact.id}'"
        if fact.id in seen_ids:
            raise KnowledgeError(f"{where}: id is used twice")
        seen_ids.add(fact.id)
        if fact.command:
            if fact.command in BUILTIN_COMMANDS:
                raise KnowledgeError(f"{where}: command /{fact.command} is one of the bot's own")
            if fact.command in seen_commands:
                raise KnowledgeError(
                    f"{where}: command /{fact.command} is already used by "
                    f"'{seen_commands[fact.command]}'"
                )
            seen_commands[fact.command] = fact.id
        source_id = fact.source or knowledge.default_source
        if source_id not in knowledge.sources:
            raise KnowledgeError(f"{where}: unknown source '{source_id}'")
        for quote in fact.quotes:
            if fold_for_quote_check(quote.text) not in folded_sources[source_id]:
                raise KnowledgeError(
                    f"{where}: quote not found verbatim in {knowledge.sources[source_id].path.name}"
                    f": {quote.text[:60]!r}"
                )
        for entity_id in (*fact.entities, *(fact.listing.members if fact.listing else ())):
            if entity_id not in knowledge.entities:
                raise KnowledgeError(f"{where}: unknown entity '{entity_id}'")
        _check_frame_names(where, fact.answers, fact.scopes, knowledge.frames)
        for related_id in fact.related:
            if related_id not in knowledge.facts_by_id:
                raise KnowledgeError(f"{where}: related fact '{related_id}' does not exist")
        for language in knowledge.languages:
            text = fact.text(language)
            if len(set(text.questions)) < MIN_EXAMPLE_QUESTIONS:
                raise KnowledgeError(
                    f"{where}: needs at least {MIN_EXAMPLE_QUESTIONS} different example questions"
                    f" in '{language}', has {len(set(text.questions))}"
                )
            if fact.listing and not (text.member_answer and text.non_member_answer):
                raise KnowledgeError(f"{where}: list answers missing in '{language}'")
            for key in ("member_answer", "non_member_answer"):
                _check_template(getattr(text, key) or "", key, f"{where}: {key} ({language})")
