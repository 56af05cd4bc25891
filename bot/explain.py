"""Why the bot said what it said: the decision, the question's frame, the fact and the example
phrasing that matched, the score and its parts, the runner-up and the rule that decided.

`ask --explain` and an admin's `/why` both render a `Why`, so the two never disagree. A `Why`
only reads what the matcher recorded on its Decision (nothing is scored again), so it shows
what actually happened, and it is small enough to keep for recent answers. Its words are the
matcher's own vocabulary (decision kinds, rules, the frame kinds of frames.yaml, the score parts
of matcher.yaml), as in `eval`, so a curator can look each one up; they are not translated.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.conversation import FollowUp
from bot.matching import Decision, DecisionKind, Explanation, QuestionFrame
from bot.pipeline import Answer
from bot.replies import Notice, escape
from bot.tuning import Thresholds

SOURCE = "source"  # a follow-up asking where the last answer comes from: nothing was matched
COMMAND = "command"  # a fact's own command (/date): nothing was matched
SOURCE_RULE = "a follow-up asking where the last answer comes from"
COMMAND_RULE = "the fact's own command"
UNRESOLVED_NOTE = "a follow-up with nothing to lean on; the message was matched on its own"
NONE_PICKED = "none of these"


@dataclass(frozen=True, slots=True)
class Why:
    """What `--explain` and `/why` show about one reply; built from an Answer, kept per answer."""

    question: str
    language: str
    decision: str  # a DecisionKind, SOURCE or COMMAND
    rule: str
    fact_id: str | None = None  # the fact the reply gives, if it gives one
    confidence: float = 0.0
    read_as: str | None = None  # the follow-up made whole, when it differs from the message
    follow_up: str | None = None  # how the message leaned on the conversation, if it did
    frame: QuestionFrame | None = None
    explanation: Explanation | None = None
    suggestions: tuple[str, ...] = ()
    list_members: tuple[str, ...] = ()
    list_non_members: tuple[str, ...] = ()
    smalltalk_id: str | None = None
    picked: str | None = None  # the suggestion the user then chose (NONE_PICKED: none)

    @classmethod
    def of(cls, answer: Answer) -> Why:
        """Why `answer` came out as it did."""
        decision = answer.decision
        follow_up = None if answer.follow_up is FollowUp.NEW else str(answer.follow_up)
        if decision is None:
            return cls(
                answer.question,
                answer.reply.language,
                SOURCE,
                SOURCE_RULE,
                fact_id=answer.reply.fact_id,
                follow_up=follow_up,
            )
        why = cls.of_decision(decision)
        read_as = answer.resolved if answer.resolved != answer.question else None
        unresolved = answer.follow_up is FollowUp.UNRESOLVED
        rule = why.rule if not unresolved else f"{why.rule} ({UNRESOLVED_NOTE})"
        return replace(
            why, question=answer.question, read_as=read_as, follow_up=follow_up, rule=rule
        )

    @classmethod
    def of_decision(cls, decision: Decision) -> Why:
        kind = decision.kind
        answered = kind is DecisionKind.ANSWER
        return cls(
            question=decision.question,
            language=decision.language,
            decision=str(kind),
            rule=str(decision.rule),
            fact_id=decision.fact_id if answered else None,
            confidence=decision.confidence,
            frame=decision.frame,
            explanation=decision.explanation,
            suggestions=decision.suggestions,
            list_members=decision.list_members,
            list_non_members=decision.list_non_members,
            smalltalk_id=decision.smalltalk_id,
        )

    @classmethod
    def of_command(cls, fact_id: str, command: str, language: str) -> Why:
        return cls(f"/{command}", language, COMMAND, COMMAND_RULE, fact_id=fact_id, confidence=1.0)

    def with_pick(self, fact_id: str | None) -> Why:
        """The same, after the user chose `fact_id` from its suggestions (None: none of these)."""
        return replace(self, picked=fact_id or NONE_PICKED)

    def lines(self, *, brief: bool = False, thresholds: Thresholds | None = None) -> list[str]:
        """The explanation as `label: value` lines; `brief` leaves out what only tuning needs."""
        lines = [f"decision: {self._decision()}", f"rule: {self.rule}"]
        if self.picked:
            lines.append(f"picked: {self.picked}")
        if self.read_as:
            lines.append(f'read as: "{self.read_as}" (follow-up: {self.follow_up})')
        found = self.explanation
        if found is not None and not brief and found.focus.strip() != self._read().strip():
            lines.append(f'focus: "{found.focus}"')
        if self.frame is not None:
            lines.append(f"frame: {_frame(self.frame)}")
        if found is not None and found.fact_id is not None:
            lines.append(f'closest fact: {found.fact_id}, by the example "{found.example}"')
            lines.append(
                f"score: {self.confidence:.3f} (fuzzy {found.fuzzy:.3f}, "
                f"coverage {found.coverage:.3f}, unexplained {found.unexplained:.3f}, "
                f"foreign entity {'yes' if found.foreign_entity else 'no'})"
            )
            if found.runner_up is not None:
                lines.append(
                    f"runner-up: {found.runner_up.fact_id} {found.runner_up.score:.3f}, "
                    f"margin {found.margin:+.3f}"
                )
        if self.list_members or self.list_non_members:
            on_list = ", ".join(self.list_members) or "-"
            off_list = ", ".join(self.list_non_members) or "-"
            lines.append(f"list: on it {on_list}; not on it {off_list}")
        if thresholds is not None and not brief:
            lines.append(
                f"thresholds: answer {thresholds.answer:.2f} with margin {thresholds.margin:.2f}, "
                f"partial {thresholds.partial:.2f}, suggest {thresholds.suggest:.2f} "
                "(knowledge/matcher.yaml)"
            )
        return lines

    def as_json(self) -> dict[str, object]:
        """The `explain` object of `ask --explain --json`."""
        found = self.explanation
        frame = self.frame
        return {
            "decision": self.decision,
            "rule": self.rule,
            "fact_id": self.fact_id,
            "picked": self.picked,
            "read_as": self.read_as,
            "follow_up": self.follow_up,
            "frame": None
            if frame is None
            else {
                "kind": frame.kind,
                "yes_no": frame.yes_no,
                "scope": frame.scope,
                "kind_cue": frame.kind_cue,
                "scope_cue": frame.scope_cue,
            },
            "closest": None
            if found is None or found.fact_id is None
            else {
                "fact_id": found.fact_id,
                "example": found.example,
                "focus": found.focus,
                "score": self.confidence,
                "fuzzy": found.fuzzy,
                "coverage": found.coverage,
                "unexplained": found.unexplained,
                "foreign_entity": found.foreign_entity,
            },
            "runner_up": None
            if found is None or found.runner_up is None
            else {
                "fact_id": found.runner_up.fact_id,
                "score": found.runner_up.score,
                "margin": found.margin,
            },
            "suggestions": list(self.suggestions),
        }

    def notice(self) -> Notice:
        """The brief explanation as a message, escaped for Telegram HTML."""
        text = "\n".join(self.lines(brief=True))
        return Notice(escape(text), text)

    def _read(self) -> str:
        return self.read_as or self.question

    def _decision(self) -> str:
        if self.decision == DecisionKind.SUGGEST:
            return f"suggest {', '.join(self.suggestions)}"
        if self.decision == DecisionKind.PARTIAL and self.explanation is not None:
            return f"partial, from {self.explanation.fact_id} (it lacks what is asked)"
        if self.decision == DecisionKind.SMALLTALK:
            return f"smalltalk {self.smalltalk_id}"
        if self.decision == COMMAND:
            return f"command {self.question}: {self.fact_id}"
        return f"{self.decision} {self.fact_id}" if self.fact_id else self.decision


def _frame(frame: QuestionFrame) -> str:
    kind = f'kind {frame.kind} (cue "{frame.kind_cue}")' if frame.kind else "kind any"
    yes_no = "yes/no" if frame.yes_no else "not yes/no"
    if frame.scope is None:
        scope = "scope any (no time named)"
    elif frame.scope_cue:
        scope = f'scope {frame.scope} (cue "{frame.scope_cue}")'
    else:
        scope = f"scope {frame.scope}"
    return f"{kind}, {yes_no}, {scope}"
