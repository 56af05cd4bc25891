"""Every sovereign country is a name: asking whether one the article leaves out is attending gets
the attendees list's answer that it is not on it, not "the article doesn't say"."""

from __future__ import annotations

import pytest

from bot.pipeline import Pipeline


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("is greece attending?", "does not list Greece"),
        ("греция будет на саммите?", "Греция не входит в список"),
        ("пригласили ли грецию?", "Греция не входит в список"),
        ("will holland attend?", "does not list the Netherlands"),
        ("is guinea attending?", "does not list Guinea"),
        ("is papua new guinea attending?", "does not list Papua New Guinea"),
        ("чехия приедет?", "Чехия не входит в список"),
    ],
)
def test_a_country_the_article_leaves_out_is_not_on_the_list(
    pipeline: Pipeline, question: str, named: str
) -> None:
    reply = pipeline.answer(question)
    assert reply.fact_id == "attendees"
    assert named in reply.answer
