"""Merging accepted example phrasings into the facts files, and refusing a change that hurts.

`bot.py learn` appends each accepted wording to its fact's `questions` in facts.yaml (or
facts.<lang>.yaml for another language) with ruamel.yaml's round-trip mode, so comments, order
and quoting stay as the curator wrote them and only the new lines show in a diff. Then it runs
what `check` runs and the evaluation on the dev and held-out sets. When the knowledge base is
refused (e.g. a phrasing another fact matches better) or any figure drops, the files are put
back byte for byte and the report says which dev questions changed answer. Held-out sets are
measured, never read: only their aggregate figures are shown.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, TextIO

import yaml
from pydantic import BaseModel, ConfigDict, StringConstraints, TypeAdapter, ValidationError

from bot.evaluation import (
    LabelledConversation,
    Report,
    evaluate,
    evaluate_conversations,
    load_labelled,
    predictors,
)
from bot.gaps import normalise_question
from bot.knowledge import KnowledgeBase, KnowledgeError, load_knowledge
from bot.phrasings import Proposal, describe_signals
from bot.pipeline import Pipeline

# How facts files are laid out ("facts:" / "  - id:" / "    questions:" / "      - ..."). A
# file that does not dump back to itself this way is refused rather than reformatted.
YAML_INDENT = {"mapping": 2, "sequence": 4, "offset": 2}
YAML_WIDTH = 4096  # never fold a long question onto a second line


class AcceptedPhrasing(BaseModel):
    """One item of a `learn --accept` file: `gaps --suggest --json` items work as they are."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    fact_id: str
    question: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    lang: str | None = None  # none: the language the question is written in


_ACCEPTED = TypeAdapter(list[AcceptedPhrasing])


def read_accepted(text: str) -> list[AcceptedPhrasing]:
    """A YAML or JSON list of phrasings; ValueError with the first problem if it is not one."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ValueError(f"not YAML or JSON: {error}".splitlines()[0]) from None
    try:
        return _ACCEPTED.validate_python(data or [])
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise ValueError(f"item {where}: {first['msg']}") from None


@dataclass(frozen=True)
class SetFigures:
    """One labelled set's figures as counts, so before and after compare exactly."""

    name: str
    answered_right: int
    in_scope: int
    declined: int
    must_decline: int
    wrong: int
    total: int

    @classmethod
    def of(cls, name: str, report: Report) -> SetFigures:
        return cls(
            name,
            sum(o.fact_id in o.item.expected for o in report.in_scope),
            len(report.in_scope),
            sum(o.fact_id is None for o in report.out_of_scope),
            len(report.out_of_scope),
            len(report.wrong_answers),
            len(report.outcomes),
        )

    def drops_from(self, before: SetFigures) -> bool:
        return (
            self.answered_right < before.answered_right
            or self.declined < before.declined
            or self.wrong > before.wrong
        )

    def compared_with(self, before: SetFigures) -> str:
        """`name: answered right 90.1% -> 90.4%, ...`: the figures before and after a change."""
        pairs = (
            ("answered right", before.answered_right, self.answered_right, self.in_scope),
            ("must-decline declined", before.declined, self.declined, self.must_decline),
            ("wrong answers", before.wrong, self.wrong, self.total),
        )
        return f"{self.name}: " + ", ".join(
            f"{label} {_share(old, whole)} -> {_share(new, whole)}"
            for label, old, new, whole in pairs
        )


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else "-"


@dataclass(frozen=True)
class ChangedAnswer:
    """A dev-set question the change answers differently (fact id, or None for a decline)."""

    set_name: str
    question: str
    expected: frozenset[str]
    before: str | None
    after: str | None

    def describe(self) -> str:
        expected = "/".join(sorted(self.expected)) or "(decline)"
        better = self.after in self.expected or (not self.expected and self.after is None)
        return (
            f"{'better' if better else 'worse'}: {self.set_name}: {self.question!r} "
            f"(expected {expected}): {self.before or '(decline)'} -> {self.after or '(decline)'}"
        )


@dataclass(frozen=True)
class Addition:
    """An accepted phrasing, placed: the fact, its language and the file it goes into."""

    fact_id: str
    language: str
    question: str
    path: Path


@dataclass
class LearnReport:
    """What `learn` did: the phrasings added or skipped, the figures, and a refusal if any."""

    added: list[Addition] = field(default_factory=list)
    skipped: list[tuple[AcceptedPhrasing, str]] = field(default_factory=list)
    refused: str | None = None
    dev: list[tuple[SetFigures, SetFigures]] = field(default_factory=list)
    heldout: list[tuple[SetFigures, SetFigures]] = field(default_factory=list)
    changed: list[ChangedAnswer] = field(default_factory=list)

    @property
    def accepted(self) -> bool:
        return bool(self.added) and self.refused is None

    def lines(self) -> list[str]:
        out = [f"skipped {item.fact_id}: {item.question!r}: {why}" for item, why in self.skipped]
        for addition in self.added:
            verb = "added" if self.accepted else "not added"
            out.append(
                f"{verb}: {addition.fact_id} [{addition.language}] {addition.question!r} "
                f"({addition.path.name})"
            )
        for title, pairs in (
            ("dev sets", self.dev),
            ("held-out sets (figures only)", self.heldout),
        ):
            if pairs:
                out.append(f"{title}, before -> after:")
            out.extend(f"  {after.compared_with(before)}" for before, after in pairs)
        if self.changed:
            out.append("dev questions that changed answer:")
            out.extend(f"  {change.describe()}" for change in self.changed)
        if self.refused:
            out.append(f"refused: {self.refused}")
            if self.added:
                out.append("the facts files are as they were before")
        return out


def learn(
    knowledge_dir: Path,
    accepted: Sequence[AcceptedPhrasing],
    dev_sets: Sequence[Path] = (),
    heldout_sets: Sequence[Path] = (),
) -> LearnReport:
    """Add the accepted phrasings, keep them only if the knowledge base and its figures hold.

    Raises KnowledgeError when the knowledge base is broken before any change.
    """
    before = Pipeline.from_knowledge(load_knowledge(knowledge_dir))
    report = LearnReport()
    report.added, report.skipped, problem = _place(before, accepted)
    if problem is not None:
        report.refused = problem
        report.added = []
        return report
    if not report.added:
        return report
    originals = {addition.path: addition.path.read_bytes() for addition in report.added}
    kept = False
    try:
        try:
            _append(report.added)
            after = Pipeline.from_knowledge(load_knowledge(knowledge_dir))
        except KnowledgeError as error:
            report.refused = f"knowledge error: {error}"
            return report
        # a phrasing a rule declines whatever its examples ("will modi meet putin there" as
        # India's: the article says nothing of that meeting) teaches the matcher nothing
        unanswered = [
            addition.question
            for addition in report.added
            if after.answer(addition.question, addition.language).fact_id != addition.fact_id
        ]
        if unanswered:
            report.refused = "still not answered by its fact, phrasing or not: " + "; ".join(
                repr(question) for question in unanswered
            )
            return report
        for path in (*dev_sets, *heldout_sets):
            # `before` was built before the files changed: measured only for a change this far
            figures_before, answers_before = _measure(before, path)
            figures_after, answers_after = _measure(after, path)
            pairs = report.dev if path in dev_sets else report.heldout
            pairs.append((figures_before, figures_after))
            if path in dev_sets:
                report.changed += [
                    ChangedAnswer(path.name, question, expected, old, new)
                    for (question, expected, old), (_, _, new) in zip(
                        answers_before, answers_after, strict=True
                    )
                    if old != new
                ]
        dropped = [
            after.name
            for before, after in (*report.dev, *report.heldout)
            if after.drops_from(before)
        ]
        if dropped:
            report.refused = f"the figures drop on {', '.join(dropped)}"
            return report
        kept = True
        return report
    finally:
        if not kept:
            _restore(originals)


Answered = tuple[str, frozenset[str], str | None]  # question, expected facts, fact answered


def _measure(pipeline: Pipeline, path: Path) -> tuple[SetFigures, list[Answered]]:
    items = load_labelled(path)
    predict, predict_conversation = predictors(pipeline)
    conversations = [item for item in items if isinstance(item, LabelledConversation)]
    if conversations:
        report = evaluate_conversations(conversations, predict_conversation)
    else:
        report = evaluate(list(items), predict)  # type: ignore[arg-type]
    answered = [(o.item.q, o.item.expected, o.fact_id) for o in report.outcomes]
    return SetFigures.of(path.name, report), answered


def _place(
    pipeline: Pipeline, accepted: Sequence[AcceptedPhrasing]
) -> tuple[list[Addition], list[tuple[AcceptedPhrasing, str]], str | None]:
    """Where each phrasing goes; a phrasing that names no known fact or language refuses all."""
    knowledge = pipeline.knowledge
    additions: list[Addition] = []
    skipped: list[tuple[AcceptedPhrasing, str]] = []
    seen: set[tuple[str, str, str]] = set()
    for item in accepted:
        fact = knowledge.facts_by_id.get(item.fact_id)
        if fact is None:
            return [], skipped, f"no fact '{item.fact_id}' in {knowledge.directory}"
        language = item.lang or pipeline.matcher.language_of(item.question)
        if language not in knowledge.languages:
            return [], skipped, f"{item.question!r}: no facts in language '{language}'"
        path = _facts_file(knowledge, language)
        if language != knowledge.language and item.fact_id not in _translated(path):
            return [], skipped, f"{path}: has no entry for fact '{item.fact_id}'"
        key = (item.fact_id, language, normalise_question(item.question))
        known = {normalise_question(q) for q in fact.text(language).questions}
        if key[2] in known or key in seen:
            skipped.append((item, "already an example question of this fact"))
            continue
        seen.add(key)
        additions.append(Addition(item.fact_id, language, item.question, path))
    return additions, skipped, None


def _facts_file(knowledge: KnowledgeBase, language: str) -> Path:
    name = "facts.yaml" if language == knowledge.language else f"facts.{language}.yaml"
    return knowledge.directory / name


def _translated(path: Path) -> set[str]:
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    return set(data.get("facts") or {})


def _round_trip() -> Any:
    from ruamel.yaml import YAML  # only `learn` needs it

    round_trip = YAML()  # the default, round-trip mode: comments, order and quotes kept
    round_trip.preserve_quotes = True
    round_trip.width = YAML_WIDTH
    round_trip.indent(**YAML_INDENT)
    return round_trip


def _append(additions: Sequence[Addition]) -> None:
    """Append each phrasing to its fact's questions, one file at a time, nothing else changed."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    round_trip = _round_trip()
    for path in dict.fromkeys(addition.path for addition in additions):
        text = path.read_text(encoding="utf-8")
        document = round_trip.load(text)
        if _dump(round_trip, document) != text:
            raise KnowledgeError(
                f"{path}: learn cannot edit it without reformatting it; lay it out like "
                "knowledge/facts.yaml (2 spaces per level, list items indented 2 more)"
            )
        facts = document["facts"]
        for addition in additions:
            if addition.path != path:
                continue
            fact = (
                facts[addition.fact_id]
                if isinstance(facts, dict)
                else next(item for item in facts if item["id"] == addition.fact_id)
            )
            # Quoted, so YAML never reads a wording such as "no" or "2024?" as something else.
            fact["questions"].append(DoubleQuotedScalarString(addition.question))
        _write_atomically(path, _dump(round_trip, document).encode("utf-8"))


def _dump(round_trip: Any, document: Any) -> str:
    out = io.StringIO()
    round_trip.dump(document, out)
    return out.getvalue()


def _restore(originals: dict[Path, bytes]) -> None:
    for path, content in originals.items():
        _write_atomically(path, content)


def _write_atomically(path: Path, content: bytes) -> None:
    """Readers (a reloading bot) see the old file or the new one, never half of one."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.chmod(temporary, path.stat().st_mode & 0o777)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def review(
    proposals: Sequence[Proposal],
    title: Callable[[Proposal], str],
    read_line: Callable[[], str | None],
    out: TextIO,
) -> list[AcceptedPhrasing]:
    """Ask about each proposal: y adds it, n skips it, e edits the wording first, q stops."""
    accepted: list[AcceptedPhrasing] = []
    for number, proposal in enumerate(proposals, start=1):
        out.write(
            f"\n[{number}/{len(proposals)}] {proposal.fact_id} [{proposal.language}]: "
            f"{title(proposal)}\n  ×{proposal.count}  {proposal.question}  "
            f"{describe_signals(proposal)}\n"
        )
        while True:
            out.write("  add it? [y]es, [n]o, [e]dit, [q]uit: ")
            out.flush()
            answer = (read_line() or "q").strip().lower()[:1]
            if answer in ("y", "n", "q"):
                break
            if answer == "e":
                out.write("  new wording: ")
                out.flush()
                wording = (read_line() or "").strip()
                if wording:
                    proposal = Proposal(
                        proposal.fact_id,
                        proposal.language,
                        wording,
                        proposal.picked,
                        proposal.rephrased,
                    )
                    out.write(f"  → {wording}\n")
        if answer == "q":
            break
        if answer == "y":
            accepted.append(
                AcceptedPhrasing(
                    fact_id=proposal.fact_id, question=proposal.question, lang=proposal.language
                )
            )
    return accepted
