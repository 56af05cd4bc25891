"""A decision becomes words, a source and buttons, the same for every transport.

This is the one place where text goes into Telegram HTML, so it is the one place that escapes:
everything from the user or the knowledge base passes through `html.escape` exactly once here.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot.knowledge import BUILTIN_COMMANDS, COMMAND_MENU_STRINGS, Fact, KnowledgeBase
from bot.matching import Decision, DecisionKind, Rule

TELEGRAM_TEXT_LIMIT = 4096
CALLBACK_FACT_PREFIX = "f:"
CALLBACK_NONE = "none"
MAX_RELATED = 2
HELP_EXAMPLES = 4  # "a few" example questions: enough to show the range, short enough to read
COMMAND_DESCRIPTION_LIMIT = 256  # Telegram refuses longer BotCommand descriptions
INLINE_DESCRIPTION_LIMIT = 120  # Telegram shows about two lines under an inline result's title


def escape(text: str) -> str:
    """Text for Telegram HTML: <, > and & escaped; quotes stay readable (no attributes here)."""
    return html.escape(text, quote=False)


@dataclass(frozen=True)
class SourceRef:
    """One quote from a source, with the article's attribution if it gives one."""

    source_id: str
    title: str
    quote: str
    attribution: str | None
    language: str  # the source's language: a reply in another one marks the quote "original"


@dataclass(frozen=True)
class Button:
    label: str
    data: str


@dataclass(frozen=True)
class Reply:
    """What the bot says to one question, ready for any transport."""

    question: str
    language: str
    kind: DecisionKind
    answer: str
    fact_id: str | None = None
    confidence: float = 0.0
    quotes: tuple[SourceRef, ...] = ()
    suggestions: tuple[tuple[str, str], ...] = ()  # (fact_id, title)
    related: tuple[tuple[str, str], ...] = ()
    # Labels in the reply's language (messages.<lang>.yaml), set by ReplyBuilder.
    none_label: str = ""
    source_label: str = ""
    original_label: str = ""
    related_heading: str = ""

    @property
    def source(self) -> SourceRef | None:
        return self.quotes[0] if self.quotes else None

    def plain_text(self) -> str:
        """The reply as a person reads it in a terminal."""
        lines = [self.answer]
        for quote in self.quotes:
            marker = f" ({self.original_label})" if quote.language != self.language else ""
            lines.append(f"  “{quote.quote}”{marker}")
            attribution = f", {quote.attribution}" if quote.attribution else ""
            lines.append(f"  — {self.source_label}: {quote.title}{attribution}")
        for number, (_, title) in enumerate(self.suggestions, start=1):
            lines.append(f"  {number}. {title}")
        if self.related:
            titles = "; ".join(title for _, title in self.related)
            lines.append(f"  {self.related_heading}: {titles}")
        return "\n".join(lines)

    def html(self) -> str:
        """Telegram HTML: the answer, then each quote in a blockquote with its attribution."""
        parts = [escape(self.answer)]
        for quote in self.quotes:
            marker = f" ({escape(self.original_label)})" if quote.language != self.language else ""
            attribution = f", {escape(quote.attribution)}" if quote.attribution else ""
            parts.append(
                f"<blockquote>{escape(quote.quote)}{marker}</blockquote>"
                f"— <i>{escape(quote.title)}</i>{attribution}"
            )
        text = "\n\n".join(parts)
        if len(text) > TELEGRAM_TEXT_LIMIT:  # cannot happen with sane facts; never send 400s
            text = escape(self.answer[: TELEGRAM_TEXT_LIMIT - 100]) + "…"
        return text

    def keyboard(self) -> list[list[Button]]:
        """Did-you-mean choices, or related facts after an answer; one button per row."""
        rows = [
            [Button(title, CALLBACK_FACT_PREFIX + fact_id)] for fact_id, title in self.suggestions
        ]
        if self.suggestions:
            rows.append([Button(self.none_label, CALLBACK_NONE)])
        rows.extend(
            [Button(title, CALLBACK_FACT_PREFIX + fact_id)] for fact_id, title in self.related
        )
        return rows

    def as_json(self) -> dict[str, object]:
        """The `ask --json` contract."""
        source = self.source
        return {
            "question": self.question,
            "lang": self.language,
            "fact_id": self.fact_id,
            "answer": self.answer,
            "source": None
            if source is None
            else {
                "source_id": source.source_id,
                "title": source.title,
                "quote": source.quote,
                "attribution": source.attribution,
            },
            "confidence": round(self.confidence, 4),
            "suggestions": [
                {"fact_id": fact_id, "question": title} for fact_id, title in self.suggestions
            ],
        }


@dataclass(frozen=True)
class Notice:
    """Something the bot says that is not an answer (help, topics, source, hints).

    Built by ReplyBuilder, which escapes it; transports treat it like a Reply.
    """

    html_text: str
    text: str
    rows: tuple[tuple[Button, ...], ...] = ()

    def html(self) -> str:
        return self.html_text

    def plain_text(self) -> str:
        return self.text

    def keyboard(self) -> list[list[Button]]:
        return [list(row) for row in self.rows]


@dataclass(frozen=True)
class InlineChoice:
    """One inline-mode result: a fact as a card to pick, and the message it sends."""

    result_id: str
    title: str
    description: str
    reply: Reply


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def join_names(names: list[str], conjunction: str) -> str:
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {conjunction} {names[-1]}"


class ReplyBuilder:
    """Turns decisions into replies using the knowledge base's words in the question's language."""

    def __init__(self, knowledge: KnowledgeBase) -> None:
        self.knowledge = knowledge
        # (fact id, language) -> its reply, filled as asked: bounded by facts x languages
        self._fact_replies: dict[tuple[str, str], Reply] = {}

    def _strings(self, language: str) -> dict[str, str]:
        return self.knowledge.strings(language)

    def _title(self, fact_id: str, language: str) -> str:
        return self.knowledge.facts_by_id[fact_id].text(language).title

    def _labels(self, language: str) -> dict[str, str]:
        strings = self._strings(language)
        return {
            "none_label": strings["none_of_these"],
            "source_label": strings["source_label"],
            "original_label": strings["original_label"],
            "related_heading": strings["related_heading"],
        }

    def quotes_for(self, fact: Fact) -> tuple[SourceRef, ...]:
        source = self.knowledge.source_of(fact)
        return tuple(
            SourceRef(
                source.meta.id,
                source.meta.title,
                quote.text,
                quote.attribution,
                source.meta.language or self.knowledge.language,
            )
            for quote in fact.quotes
        )

    def fact_reply(
        self,
        fact_id: str,
        language: str,
        question: str = "",
        confidence: float = 1.0,
        members: tuple[str, ...] = (),
        non_members: tuple[str, ...] = (),
        chosen: bool = False,
    ) -> Reply:
        """The answer to a fact, e.g. for a command or a pressed button; with `members` or
        `non_members`, a yes or no about those names, or (`chosen`) which of them it is."""
        base = self._fact_replies.get((fact_id, language))
        if base is None:  # built once per fact and language: a reply is the same every time
            base = self._fact_replies[(fact_id, language)] = self._fact_reply(fact_id, language)
        if members or non_members:
            fact = self.knowledge.facts_by_id[fact_id]
            return replace(
                base,
                question=question,
                confidence=confidence,
                answer=self._list_answer(fact, language, members, non_members, chosen),
                quotes=base.quotes[:1],
            )
        return replace(base, question=question, confidence=confidence)

    def _fact_reply(self, fact_id: str, language: str) -> Reply:
        fact = self.knowledge.facts_by_id[fact_id]
        related = tuple(
            (related_id, self._title(related_id, language))
            for related_id in fact.related[:MAX_RELATED]
        )
        return Reply(
            question="",
            language=language,
            kind=DecisionKind.ANSWER,
            answer=fact.text(language).answer,
            fact_id=fact_id,
            quotes=self.quotes_for(fact),
            related=related,
            **self._labels(language),
        )

    def _list_answer(
        self,
        fact: Fact,
        language: str,
        members: tuple[str, ...],
        non_members: tuple[str, ...],
        chosen: bool = False,
    ) -> str:
        text = fact.text(language)
        strings = self._strings(language)
        sentences = []
        templates = (
            # "is it in Astana or Tashkent?": which one, not yes and no
            ((non_members, text.alternative_answer),)
            if chosen and text.alternative_answer
            else ((members, text.member_answer), (non_members, text.non_member_answer))
        )
        for group, template in templates:
            if not group or not template:
                continue
            names = [
                self.knowledge.entities[entity_id].display_name(language) for entity_id in group
            ]
            sentences.append(
                template.format(
                    names=join_names(names, strings["and"]),
                    is_are=strings["are"] if len(names) > 1 else strings["is"],
                )
            )
        return " ".join(sentences)

    def reply(self, decision: Decision) -> Reply:
        """The reply to one matched question."""
        language = decision.language
        strings = self._strings(language)
        labels = self._labels(language)
        if decision.kind is DecisionKind.ANSWER and decision.fact_id:
            if decision.rule is Rule.UNNAMED_NON_MEMBER:
                return self._unnamed_reply(decision, decision.fact_id)
            return self.fact_reply(
                decision.fact_id,
                language,
                question=decision.question,
                confidence=decision.confidence,
                members=decision.list_members,
                non_members=decision.list_non_members,
                chosen=decision.rule is Rule.LIST_CHOICE,
            )
        if decision.kind is DecisionKind.PARTIAL and decision.suggestions:
            return self._partial_reply(decision, decision.suggestions[0])
        if decision.kind is DecisionKind.SUGGEST:
            return Reply(
                question=decision.question,
                language=language,
                kind=decision.kind,
                answer=strings["did_you_mean"],
                confidence=decision.confidence,
                suggestions=self._suggestions(decision.suggestions, language),
                **labels,
            )
        return Reply(
            question=decision.question,
            language=language,
            kind=decision.kind,
            answer=self._decline_text(decision),
            confidence=decision.confidence,
            **labels,
        )

    def _decline_text(self, decision: Decision) -> str:
        """Why the bot is not answering, as specifically as the decision allows."""
        language = decision.language
        strings = self._strings(language)
        if decision.kind is DecisionKind.SMALLTALK:
            return next(
                intent.reply
                for intent in self.knowledge.messages_for(language).smalltalk
                if intent.id == decision.smalltalk_id
            )
        if decision.kind is DecisionKind.EMPTY:
            return strings["empty"]
        if decision.unknown_entities:
            names = [
                self.knowledge.entities[entity_id].display_name(language)
                for entity_id in decision.unknown_entities
            ]
            return strings["decline_with_entity"].format(names=join_names(names, strings["and"]))
        if decision.rule is Rule.OTHER_SCOPE and decision.frame is not None:
            scope = self.knowledge.frame_cues[language].scopes.get(decision.frame.scope)
            if scope is not None and scope.decline:
                return scope.decline
        return strings["decline"]

    def _partial_reply(self, decision: Decision, fact_id: str) -> Reply:
        """What the article gives next to what was asked: a decline that still helps.

        `fact_id` stays None (the fact does not answer the question); the fact is offered.
        """
        language = decision.language
        fact = self.knowledge.facts_by_id[fact_id]
        kind = decision.frame.kind if decision.frame else None
        cues = self.knowledge.frame_cues[language].kinds.get(kind or "")
        if cues is None:
            answer = self._strings(language)["decline"]
        else:
            answer = self._strings(language)["partial"].format(
                missing=cues.missing, answer=fact.text(language).answer
            )
        return Reply(
            question=decision.question,
            language=language,
            kind=DecisionKind.PARTIAL,
            answer=answer,
            confidence=decision.confidence,
            quotes=self.quotes_for(fact)[:1],
            suggestions=self._suggestions((fact_id,), language),
            **self._labels(language),
        )

    def _unnamed_reply(self, decision: Decision, fact_id: str) -> Reply:
        """ "Is it in Tashkent?": the list's plain no, for a name the knowledge base lacks."""
        fact = self.knowledge.facts_by_id[fact_id]
        reply = self.fact_reply(
            fact_id, decision.language, question=decision.question, confidence=decision.confidence
        )
        unnamed = fact.text(decision.language).unnamed_answer
        return replace(reply, answer=unnamed or reply.answer, quotes=reply.quotes[:1])

    def unresolved(self, decision: Decision, reference: str) -> Reply:
        """A follow-up that leans on nothing ("is he going?" as a first message): say so, and
        offer what the message alone comes closest to."""
        language = decision.language
        text = self._strings(language)["follow_up_unresolved"].format(reference=reference)
        fact_ids = decision.suggestions or ((decision.fact_id,) if decision.fact_id else ())
        return Reply(
            question=decision.question,
            language=language,
            kind=DecisionKind.DECLINE,
            answer=text,
            suggestions=self._suggestions(fact_ids, language),
            **self._labels(language),
        )

    def _suggestions(self, fact_ids: Sequence[str], language: str) -> tuple[tuple[str, str], ...]:
        return tuple((fact_id, self._title(fact_id, language)) for fact_id in fact_ids)

    def none_of_these(self, language: str) -> Reply:
        return Reply(
            question="",
            language=language,
            kind=DecisionKind.DECLINE,
            answer=self._strings(language)["none_of_these_reply"],
            **self._labels(language),
        )

    # ---------------------------------------------------------------- around the answers

    def notice(self, key: str, language: str, **fields: str) -> Notice:
        """One of the bot's own strings (`messages.*.yaml`), placeholders filled, escaped."""
        text = self._strings(language)[key]
        if fields:
            text = text.format(**fields)
        return Notice(escape(text), text)

    def help(self, language: str) -> Notice:
        """/start and /help: what the bot knows, a few example questions, the commands."""
        strings = self._strings(language)
        examples = [fact.text(language).title for fact in self.knowledge.facts[:HELP_EXAMPLES]]
        commands = [strings["help_ask"], strings["help_topics"], strings["help_source"]]
        commands += [
            f"/{fact.command} — {fact.text(language).title}"
            for fact in self.knowledge.facts
            if fact.command
        ]
        sections = [
            (None, [strings["welcome"]]),
            (strings["examples_heading"], [f"• {example}" for example in examples]),
            (strings["commands_heading"], commands),
        ]
        plain = "\n\n".join(
            "\n".join(([heading] if heading else []) + lines) for heading, lines in sections
        )
        rich = "\n\n".join(
            "\n".join(
                ([f"<b>{escape(heading)}</b>"] if heading else [])
                + [escape(line) for line in lines]
            )
            for heading, lines in sections
        )
        return Notice(rich, plain)

    def topics(self, language: str) -> Notice:
        """/topics: every fact as a button, in the knowledge base's order."""
        heading = self._strings(language)["topics_heading"]
        rows = tuple(
            (Button(fact.text(language).title, CALLBACK_FACT_PREFIX + fact.id),)
            for fact in self.knowledge.facts
        )
        return Notice(escape(heading), heading, rows)

    def source(self, language: str) -> Notice:
        """/source: the article(s) and how answers are sourced."""
        template = self._strings(language)["source_intro"]
        texts = [
            template.format(title=source.meta.title, section=source.meta.section or "")
            for source in self.knowledge.sources.values()
        ]
        links = [source.meta.url for source in self.knowledge.sources.values() if source.meta.url]
        plain = "\n\n".join(texts + links)
        return Notice(escape(plain), plain)

    def command_menu(self, language: str) -> list[tuple[str, str]]:
        """(command, description) pairs for Telegram's command menu: built-ins, then facts."""
        strings = self._strings(language)
        menu = [
            (command, strings[key])
            for command, key in zip(BUILTIN_COMMANDS, COMMAND_MENU_STRINGS, strict=True)
        ]
        menu += [
            (fact.command, fact.text(language).title)
            for fact in self.knowledge.facts
            if fact.command
        ]
        return [(command, _shorten(text, COMMAND_DESCRIPTION_LIMIT)) for command, text in menu]

    def inline_choices(
        self,
        decision: Decision,
        most_asked: Sequence[str],
        min_score: float,
        limit: int,
    ) -> list[InlineChoice]:
        """Facts to offer for an inline query, best first.

        A question gets its answer first, then the other facts that score at least
        `min_score`; an empty query or small talk gets `most_asked`; a declined question gets
        nothing, because a list of unrelated facts would look like an answer.
        """
        language = decision.language
        if decision.kind in (DecisionKind.EMPTY, DecisionKind.SMALLTALK):
            fact_ids = list(most_asked)
        elif decision.kind is DecisionKind.DECLINE:
            fact_ids = []
        else:
            fact_ids = [match.fact_id for match in decision.ranking if match.score >= min_score]
        replies = {fact_id: self.fact_reply(fact_id, language) for fact_id in fact_ids[:limit]}
        if decision.kind is DecisionKind.ANSWER and decision.fact_id in replies:
            replies[decision.fact_id] = self.reply(decision)  # e.g. "Yes, India is attending"
        return [
            InlineChoice(
                result_id=fact_id,
                title=self._title(fact_id, language),
                description=_shorten(reply.answer, INLINE_DESCRIPTION_LIMIT),
                reply=reply,
            )
            for fact_id, reply in replies.items()
        ]
