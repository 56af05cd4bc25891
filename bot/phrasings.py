"""New example phrasings proposed from real traffic (`bot.py gaps --suggest`).

A question the bot could not answer outright, but whose asker then picked a suggestion or
rephrased it into an answered question (bot/traffic.py), is a phrasing of that fact the
knowledge base lacks. Proposals are counted per fact and wording; those the bot already answers
with that fact, and those already among its example questions, are left out.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from bot.config import Settings
from bot.gaps import PICKED, GapsLog, PhrasingEvidence, normalise_question
from bot.pipeline import Pipeline


@dataclass(frozen=True)
class Proposal:
    """One wording to add as an example question of one fact, with the traffic behind it."""

    fact_id: str
    language: str
    question: str  # the spelling people used most
    picked: int  # times a did-you-mean led to this fact
    rephrased: int  # times a rephrasing soon after got this fact

    @property
    def count(self) -> int:
        return self.picked + self.rephrased

    def as_json(self) -> dict[str, object]:
        """One item of `gaps --suggest --json`, which `learn --accept` reads back."""
        return {
            "fact_id": self.fact_id,
            "question": self.question,
            "lang": self.language,
            "count": self.count,
            "picked": self.picked,
            "rephrased": self.rephrased,
        }


def propose_phrasings(evidence: Sequence[PhrasingEvidence], pipeline: Pipeline) -> list[Proposal]:
    """Proposals in the knowledge base's fact order, the most asked first within a fact."""
    knowledge = pipeline.knowledge
    spellings: dict[tuple[str, str, str], Counter[str]] = defaultdict(Counter)
    signals: dict[tuple[str, str, str], Counter[str]] = defaultdict(Counter)
    for item in evidence:
        fact = knowledge.facts_by_id.get(item.fact_id)
        if fact is None or item.language not in knowledge.languages:
            continue  # a fact removed since, or a language the knowledge base no longer has
        key = (item.fact_id, item.language, normalise_question(item.question))
        if not key[2]:
            continue
        spellings[key][item.question.strip()] += 1
        signals[key][item.how] += 1
    proposals = []
    for key, counted in spellings.items():
        fact_id, language, normalised = key
        known = {
            normalise_question(q) for q in knowledge.facts_by_id[fact_id].text(language).questions
        }
        if normalised in known:
            continue
        question = counted.most_common(1)[0][0]
        if pipeline.ask(question, None, language).reply.fact_id == fact_id:
            continue  # answered already: the knowledge base learned it another way
        picked = signals[key][PICKED]
        proposals.append(
            Proposal(fact_id, language, question, picked, signals[key].total() - picked)
        )
    order = {fact.id: index for index, fact in enumerate(knowledge.facts)}
    proposals.sort(key=lambda p: (order[p.fact_id], -p.count, p.question.casefold()))
    return proposals


def load_proposals(settings: Settings, pipeline: Pipeline) -> list[Proposal]:
    """Proposals from the gaps log at GAPS_DB_PATH; raises sqlite3.Error if it is unreadable."""
    with GapsLog(settings.gaps_db_path, settings.gaps_enabled) as log:
        evidence = log.phrasing_evidence()
    return propose_phrasings(evidence, pipeline)


def print_proposals(settings: Settings, pipeline: Pipeline, *, as_json: bool) -> int:
    """`bot.py gaps --suggest`: proposals per fact as text, or a JSON list `learn` accepts."""
    path = settings.gaps_db_path
    try:
        proposals = load_proposals(settings, pipeline)
    except (sqlite3.Error, OSError, ValueError) as error:
        print(f"cannot read the gaps log {path}: {error}", file=sys.stderr)
        return 1
    if as_json:
        print(json.dumps([p.as_json() for p in proposals], ensure_ascii=False, indent=2))
        return 0
    if not proposals:
        print(
            f"No phrasings to propose from {path}: no question there led to a picked suggestion "
            "or a rephrasing that the bot does not answer already."
        )
        return 0
    print(f"Example phrasings to teach, from {path} (`bot.py learn` adds the ones you accept):")
    current = None
    for proposal in proposals:
        if (proposal.fact_id, proposal.language) != current:
            current = (proposal.fact_id, proposal.language)
            fact = pipeline.knowledge.facts_by_id[proposal.fact_id]
            title = fact.text(proposal.language).title
            print(f"\n{proposal.fact_id} [{proposal.language}]: {title}")
        print(f"  ×{proposal.count}  {proposal.question}  {describe_signals(proposal)}")
    return 0


def describe_signals(proposal: Proposal) -> str:
    return f"(picked {proposal.picked}, rephrased {proposal.rephrased})"
