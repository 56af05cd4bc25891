"""`--explain` and `/why` say why an answer was given, from what the matcher recorded."""

from __future__ import annotations

from bot.explain import COMMAND_RULE, SOURCE_RULE, Why
from bot.matching import Decision, DecisionKind, Explanation, FactMatch, Rule
from bot.pipeline import Pipeline
from tests.e2e.telegram_html import check_telegram_html
from tests.test_handlers import a_question_with


def line(why: Why, label: str) -> str:
    """The value of the one line `label: value` of a full explanation."""
    (found,) = [text for text in why.lines() if text.startswith(f"{label}: ")]
    return found.removeprefix(f"{label}: ")


def test_an_answer_is_explained_by_its_fact_phrasing_score_parts_runner_up_and_rule(
    pipeline: Pipeline,
) -> None:
    answer = pipeline.ask("Who represents India?")
    decision = answer.decision
    assert decision is not None and decision.explanation is not None
    found = decision.explanation
    why = Why.of(answer)
    assert line(why, "decision") == f"answer {decision.fact_id}"
    assert line(why, "rule") == decision.rule.value
    assert line(why, "closest fact") == f'{found.fact_id}, by the example "{found.example}"'
    score = line(why, "score")
    assert score.startswith(f"{decision.confidence:.3f} (fuzzy {found.fuzzy:.3f}")
    assert f"coverage {found.coverage:.3f}" in score
    assert f"unexplained {found.unexplained:.3f}" in score
    assert "foreign entity no" in score
    assert found.runner_up is not None
    assert line(why, "runner-up") == (
        f"{found.runner_up.fact_id} {found.runner_up.score:.3f}, margin {found.margin:+.3f}"
    )
    assert line(why, "frame").startswith('kind representative (cue "who represents"), not yes/no')


def test_a_follow_up_shows_the_question_it_was_made_into(pipeline: Pipeline) -> None:
    first = pipeline.ask("who represents india?")
    follow_up = pipeline.ask("and iran?", first.context)
    assert follow_up.resolved != follow_up.question
    why = Why.of(follow_up)
    assert line(why, "read as") == f'"{follow_up.resolved}" (follow-up: entity)'


def test_a_did_you_mean_names_its_suggestions_and_then_the_pick(pipeline: Pipeline) -> None:
    answer = pipeline.ask(a_question_with(pipeline, DecisionKind.SUGGEST))
    assert answer.decision is not None
    why = Why.of(answer)
    suggestions = answer.decision.suggestions
    assert line(why, "decision") == f"suggest {', '.join(suggestions)}"
    assert line(why.with_pick(suggestions[0]), "picked") == suggestions[0]
    assert line(why.with_pick(None), "picked") == "none of these"


def test_the_brief_form_leaves_out_what_only_tuning_needs(pipeline: Pipeline) -> None:
    question = (
        "Look, my editor keeps asking and I have no clue, so settle it: who represents India?"
    )
    why = Why.of(pipeline.ask(question))
    thresholds = pipeline.knowledge.tuning.thresholds
    full = why.lines(thresholds=thresholds)
    brief = why.lines(brief=True, thresholds=thresholds)
    assert any(text.startswith("thresholds: answer") for text in full)
    assert any(text.startswith("focus: ") for text in full)  # only the clause that asks is read
    assert [text for text in full if not text.startswith(("thresholds", "focus"))] == brief


def test_nothing_is_matched_for_a_command_or_a_source_follow_up(pipeline: Pipeline) -> None:
    command = Why.of_command("summit_dates", "date", "en")
    assert command.lines() == ["decision: command /date: summit_dates", f"rule: {COMMAND_RULE}"]
    first = pipeline.ask("who represents india?")
    source = pipeline.ask("source?", first.context)  # the last answer's source: no matching
    assert source.decision is None
    assert Why.of(source).lines() == ["decision: source india", f"rule: {SOURCE_RULE}"]


def test_the_telegram_form_is_escaped_html() -> None:
    decision = Decision(
        question="is <b>it</b> & when?",
        language="en",
        kind=DecisionKind.DECLINE,
        fact_id=None,
        confidence=0.2,
        ranking=(FactMatch("summit_dates", 0.2),),
        rule=Rule.NO_MATCH,
        explanation=Explanation(focus="is <b>it</b> & when?", fact_id="x", example="<i>"),
    )
    notice = Why.of_decision(decision).notice()
    assert "&lt;i&gt;" in notice.html()
    assert check_telegram_html(notice.html()) is None
    assert '"<i>"' in notice.plain_text()


def test_the_json_form_carries_every_part(pipeline: Pipeline) -> None:
    document = Why.of(pipeline.ask("Who represents India?")).as_json()
    assert document["decision"] == "answer"
    assert document["fact_id"] == "india"
    closest, runner_up, frame = document["closest"], document["runner_up"], document["frame"]
    assert isinstance(closest, dict) and isinstance(runner_up, dict) and isinstance(frame, dict)
    assert set(closest) >= {"example", "fuzzy", "coverage", "unexplained", "score"}
    assert set(runner_up) == {"fact_id", "score", "margin"}
    assert frame["kind"] == "representative"
