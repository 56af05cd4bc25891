"""Property-based tests: any Unicode input gets a decision, and its HTML always parses."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.matching import DecisionKind
from bot.pipeline import Pipeline
from tests.e2e.telegram_html import check_telegram_html, visible_length

NASTY_FRAGMENTS = st.sampled_from(
    [
        "<b>",
        "</blockquote>",
        "&amp;",
        "&",
        "*x*",
        "_y_",
        "\u200b",
        "\u202e",
        "\x00",
        "\u0301",
        "🇰🇿",
        "@SummitQABot",
        "/date@SummitQABot",
        "india",
        "Индия",
        "x" * 400,
        "ﷺ",
        "𝔰𝔲𝔪𝔪𝔦𝔱",
    ]
)
QUESTIONS = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(NASTY_FRAGMENTS, st.text(max_size=20)), max_size=12).map(" ".join),
)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(question=QUESTIONS)
def test_any_input_gets_a_decision_and_valid_telegram_html(
    pipeline: Pipeline, question: str
) -> None:
    decision = pipeline.matcher.match(question)
    assert decision.kind in set(DecisionKind)
    assert 0.0 <= decision.confidence <= 1.0
    reply = pipeline.replies.reply(decision)
    html = reply.html()
    assert check_telegram_html(html) is None, html
    assert 0 < visible_length(html) <= 4096
    for row in reply.keyboard():
        for button in row:
            assert button.label
            assert len(button.data.encode()) <= 64


@FAST
@given(question=QUESTIONS)
def test_normalising_is_idempotent_and_bounded(pipeline: Pipeline, question: str) -> None:
    reader = pipeline.matcher.reader("en")
    once = reader.normalise(question, reader.max_chars)
    assert reader.normalise(once, reader.max_chars) == once
    assert len(once) <= reader.max_chars


def test_every_fact_renders_to_valid_html_within_the_limit(pipeline: Pipeline) -> None:
    for fact in pipeline.knowledge.facts:
        for language in pipeline.knowledge.languages:
            html = pipeline.replies.fact_reply(fact.id, language).html()
            assert check_telegram_html(html) is None, fact.id
            assert visible_length(html) <= 4096
