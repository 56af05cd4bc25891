"""Learning from traffic: proposals from picks and rephrasings, merged into the facts files with
their comments kept, and refused (files restored) when they collide or cost answers."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import yaml

from bot.gaps import PICKED, REPHRASED, PhrasingEvidence
from bot.learn import AcceptedPhrasing, learn, read_accepted, review
from bot.phrasings import Proposal, propose_phrasings
from bot.pipeline import Pipeline

NONSENSE = "florb glorp wrap-up"  # a wording no fact answers: only traffic can teach it
WEATHER = "what's the weather in Astana tomorrow?"  # must be declined: the article can't say


def evidence(question: str, fact_id: str, how: str, language: str = "en") -> PhrasingEvidence:
    return PhrasingEvidence(question, language, fact_id, how)


def test_proposals_count_picks_and_rephrasings_of_what_the_bot_does_not_answer_yet(
    pipeline: Pipeline,
) -> None:
    assert pipeline.answer(NONSENSE).fact_id is None
    assert pipeline.answer("Who represents India at the summit?").fact_id == "india"
    proposals = propose_phrasings(
        [
            evidence(NONSENSE, "summit_dates", REPHRASED),
            evidence(NONSENSE.upper() + "?", "summit_dates", PICKED),
            evidence(NONSENSE, "summit_dates", PICKED),
            evidence("who represents india", "india", PICKED),  # an example already
            evidence("Who represents India at the summit?", "india", PICKED),  # answered already
            evidence(NONSENSE, "no_such_fact", PICKED),  # removed from the knowledge base
        ],
        pipeline,
    )
    assert proposals == [Proposal("summit_dates", "en", NONSENSE, picked=2, rephrased=1)]
    assert proposals[0].count == 3


def test_proposals_read_back_as_accepted_phrasings() -> None:
    proposal = Proposal("india", "en", "delhi's man at the summit?", picked=1, rephrased=2)
    text = json.dumps([proposal.as_json()])
    assert read_accepted(text) == [
        AcceptedPhrasing(fact_id="india", question="delhi's man at the summit?", lang="en")
    ]
    assert read_accepted("- fact_id: india\n  question: who is sent\n")[0].lang is None
    with pytest.raises(ValueError, match="fact_id"):
        read_accepted('[{"question": "who is sent"}]')


def test_learning_adds_one_quoted_line_and_keeps_comments_order_and_layout(
    knowledge_copy: Path,
) -> None:
    facts = knowledge_copy / "facts.yaml"
    before = facts.read_text("utf-8").splitlines()
    report = learn(
        knowledge_copy, [AcceptedPhrasing(fact_id="summit_dates", question="When's it on, then?")]
    )
    assert report.accepted, report.lines()
    after = facts.read_text("utf-8").splitlines()
    last_example = yaml.safe_load("\n".join(before))["facts"][0]["questions"][-1]
    position = next(n for n, text in enumerate(before) if last_example in text) + 1
    assert after == [*before[:position], '      - "When\'s it on, then?"', *before[position:]]


def test_a_phrasing_in_another_language_goes_into_that_languages_facts_file(
    knowledge_copy: Path,
) -> None:
    english = (knowledge_copy / "facts.yaml").read_bytes()
    russian = knowledge_copy / "facts.ru.yaml"
    lines = len(russian.read_text("utf-8").splitlines())
    report = learn(
        knowledge_copy, [AcceptedPhrasing(fact_id="summit_dates", question="так когда саммит-то")]
    )
    assert [(added.language, added.path.name) for added in report.added] == [
        ("ru", "facts.ru.yaml")
    ]
    assert (knowledge_copy / "facts.yaml").read_bytes() == english
    assert '      - "так когда саммит-то"' in russian.read_text("utf-8").splitlines()
    assert len(russian.read_text("utf-8").splitlines()) == lines + 1


def test_a_phrasing_another_fact_matches_better_is_refused_and_the_files_restored(
    knowledge_copy: Path,
) -> None:
    facts = knowledge_copy / "facts.yaml"
    original = facts.read_bytes()
    report = learn(
        knowledge_copy, [AcceptedPhrasing(fact_id="summit_dates", question="Who represents India?")]
    )
    assert report.refused is not None
    assert report.refused.startswith("knowledge error: ")
    assert "matches 'india' better" in report.refused
    assert facts.read_bytes() == original
    assert not report.accepted


def test_a_phrasing_that_costs_answers_is_refused_naming_the_changed_dev_questions_only(
    knowledge_copy: Path, pipeline: Pipeline, tmp_path: Path
) -> None:
    assert pipeline.answer(WEATHER).fact_id is None
    dev = tmp_path / "dev_weather.yaml"
    dev.write_text(yaml.safe_dump([{"q": WEATHER, "expect": None}]), "utf-8")
    heldout_question = "is it snowing in Astana during the summit?"
    heldout = tmp_path / "heldout_weather.yaml"
    heldout.write_text(yaml.safe_dump([{"q": heldout_question, "expect": None}]), "utf-8")
    original = (knowledge_copy / "facts.yaml").read_bytes()

    report = learn(
        knowledge_copy,
        [AcceptedPhrasing(fact_id="summit_venue", question=WEATHER)],
        dev_sets=[dev],
        heldout_sets=[heldout],
    )

    assert report.refused is not None and "dev_weather.yaml" in report.refused
    assert [(c.question, c.before, c.after) for c in report.changed] == [
        (WEATHER, None, "summit_venue")
    ]
    text = "\n".join(report.lines())
    assert "must-decline declined 100.0% -> 0.0%" in text
    assert "heldout_weather.yaml: answered right" in text  # its figures, never its questions
    assert heldout_question not in text
    assert (knowledge_copy / "facts.yaml").read_bytes() == original


def test_a_facts_file_laid_out_otherwise_is_refused_rather_than_reformatted(
    knowledge_copy: Path,
) -> None:
    facts = knowledge_copy / "facts.yaml"
    data = yaml.safe_load(facts.read_text("utf-8"))
    facts.write_text(yaml.safe_dump(data, allow_unicode=True, indent=4, width=80), "utf-8")
    reformatted = facts.read_bytes()
    report = learn(
        knowledge_copy, [AcceptedPhrasing(fact_id="summit_dates", question="When's it on, then?")]
    )
    assert report.refused is not None and "without reformatting" in report.refused
    assert facts.read_bytes() == reformatted


def test_an_unknown_fact_refuses_the_whole_batch(knowledge_copy: Path) -> None:
    original = (knowledge_copy / "facts.yaml").read_bytes()
    report = learn(
        knowledge_copy,
        [
            AcceptedPhrasing(fact_id="summit_dates", question="When's it on, then?"),
            AcceptedPhrasing(fact_id="summit_date", question="And the date?"),
        ],
    )
    assert report.refused == f"no fact 'summit_date' in {knowledge_copy}"
    assert (knowledge_copy / "facts.yaml").read_bytes() == original


def test_review_asks_about_each_proposal_and_takes_an_edited_wording() -> None:
    proposals = [
        Proposal("summit_dates", "en", "when do the talks wrap", picked=0, rephrased=2),
        Proposal("india", "en", "delhi's man?", picked=1, rephrased=0),
        Proposal("agenda", "en", "what's on the table", picked=1, rephrased=0),
        Proposal("attendees", "en", "who shows up", picked=1, rephrased=0),
    ]
    answers = iter(["maybe", "y", "e", "delhi's man at the summit?", "y", "n", "q"])
    out = io.StringIO()
    accepted = review(proposals, lambda p: p.fact_id.title(), lambda: next(answers), out)
    assert [(item.fact_id, item.question) for item in accepted] == [
        ("summit_dates", "when do the talks wrap"),
        ("india", "delhi's man at the summit?"),
    ]
    assert "[1/4] summit_dates [en]: Summit_Dates" in out.getvalue()
    assert "×2  when do the talks wrap  (picked 0, rephrased 2)" in out.getvalue()
