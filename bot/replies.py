"""A decision becomes words, a source and buttons, the same for every transport.

This is the one place where text goes into Telegram HTML, so it is the one place that escapes:
everything from the user or the knowledge base passes through `html.escape` exactly once here.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from bot.knowledge import Fact, KnowledgeBase
from bot.matching import Decision, DecisionKind

TELEGRAM_TEXT_LIMIT = 4096
CALLBACK_FACT_PREFIX = "f:"
CALLBACK_NONE = "none"
MAX_RELATED = 2


@dataclass(frozen=True)
class SourceRef:
    """One quote from a source, with the article's attribution if it gives one."""

    source_id: str
    title: str
    quote: str
    attribution: str | None


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
    none_label: str = ""
    source_label: str = "Source"
    original_label: str = "original"
    related_heading: str = "Related"
    extra_buttons: tuple[Button, ...] = field(default=())

    @property
    def source(self) -> SourceRef | None:
        return self.quotes[0] if self.quotes else None

    def plain_text(self) -> str:
        """The reply as a person reads it in a terminal."""
        lines = [self.answer]
        for quote in self.quotes:
            lines.append(f"  “{quote.quote}”")
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
        parts = [html.escape(self.answer)]
        marker = f" ({html.escape(self.original_label)})" if self.language != "en" else ""
        for quote in self.quotes:
            attribution = f", {html.escape(quote.attribution)}" if quote.attribution else ""
            parts.append(
                f"<blockquote>{html.escape(quote.quote)}{marker}</blockquote>"
                f"— <i>{html.escape(quote.title)}</i>{attribution}"
            )
        text = "\n\n".join(parts)
        if len(text) > TELEGRAM_TEXT_LIMIT:  # cannot happen with sane facts; never send 400s
            text = html.escape(self.answer[: TELEGRAM_TEXT_LIMIT - 100]) + "…"
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
        rows.extend([button] for button in self.extra_buttons)
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


def join_names(names: list[str], conjunction: str) -> str:
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {conjunction} {names[-1]}"


class ReplyBuilder:
    """Turns decisions into replies using the knowledge base's words in the question's language."""

    def __init__(self, knowledge: KnowledgeBase) -> None:
        self.knowledge = knowledge

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
            SourceRef(source.meta.id, source.meta.title, quote.text, quote.attribution)
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
    ) -> Reply:
        """The answer to a fact, e.g. for a command or a pressed button."""
        fact = self.knowledge.facts_by_id[fact_id]
        text = fact.text(language)
        answer = text.answer
        if members or non_members:
            answer = self._list_answer(fact, language, members, non_members)
        related = tuple(
            (related_id, self._title(related_id, language))
            for related_id in fact.related[:MAX_RELATED]
        )
        return Reply(
            question=question,
            language=language,
            kind=DecisionKind.ANSWER,
            answer=answer,
            fact_id=fact_id,
            confidence=confidence,
            quotes=self.quotes_for(fact)[:1] if (members or non_members) else self.quotes_for(fact),
            related=related,
            **self._labels(language),
        )

    def _list_answer(
        self, fact: Fact, language: str, members: tuple[str, ...], non_members: tuple[str, ...]
    ) -> str:
        text = fact.text(language)
        strings = self._strings(language)
        sentences = []
        for group, template in (
            (members, text.member_answer),
            (non_members, text.non_member_answer),
        ):
            if not group or not template:
                continue
            names = [
                self.knowledge.entities[entity_id].display_name(language) for entity_id in group
            ]
            sentences.append(
                template.format(
                    names=join_names(names, strings.get("and", "and")),
                    is_are=strings.get("are", "are") if len(names) > 1 else strings.get("is", "is"),
                )
            )
        return " ".join(sentences)

    def reply(self, decision: Decision) -> Reply:
        """The reply to one matched question."""
        language = decision.language
        strings = self._strings(language)
        labels = self._labels(language)
        if decision.kind is DecisionKind.ANSWER and decision.fact_id:
            return self.fact_reply(
                decision.fact_id,
                language,
                question=decision.question,
                confidence=decision.confidence,
                members=decision.list_members,
                non_members=decision.list_non_members,
            )
        if decision.kind is DecisionKind.SUGGEST:
            return Reply(
                question=decision.question,
                language=language,
                kind=decision.kind,
                answer=strings["did_you_mean"],
                confidence=decision.confidence,
                suggestions=tuple(
                    (fact_id, self._title(fact_id, language)) for fact_id in decision.suggestions
                ),
                **labels,
            )
        if decision.kind is DecisionKind.SMALLTALK:
            messages = self.knowledge.messages.get(language) or self.knowledge.messages["en"]
            answer = next(
                intent.reply for intent in messages.smalltalk if intent.id == decision.smalltalk_id
            )
        elif decision.kind is DecisionKind.EMPTY:
            answer = strings["empty"]
        elif decision.unknown_entities:
            names = [
                self.knowledge.entities[entity_id].display_name(language)
                for entity_id in decision.unknown_entities
            ]
            answer = strings["decline_with_entity"].format(
                names=join_names(names, strings.get("and", "and"))
            )
        else:
            answer = strings["decline"]
        return Reply(
            question=decision.question,
            language=language,
            kind=decision.kind,
            answer=answer,
            confidence=decision.confidence,
            **labels,
        )

    def none_of_these(self, language: str) -> Reply:
        return Reply(
            question="",
            language=language,
            kind=DecisionKind.DECLINE,
            answer=self._strings(language)["none_of_these_reply"],
            **self._labels(language),
        )
