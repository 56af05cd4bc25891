"""The same code serves another event in another language: a made-up festival, in Russian only.

Nothing in the engine may assume the SCO summit, English, or the real knowledge base: this one
has its own facts, entities, cue words, messages and tuning, and no English at all.
"""

from __future__ import annotations

import pytest

from bot.config import PROJECT_ROOT
from bot.conversation import FollowUp
from bot.knowledge import load_knowledge
from bot.pipeline import Answer, Pipeline

FESTIVAL = PROJECT_ROOT / "tests" / "data" / "kb_lantern_festival"


@pytest.fixture(scope="module")
def festival() -> Pipeline:
    return Pipeline.from_knowledge(load_knowledge(FESTIVAL))


def chat(pipeline: Pipeline, *messages: str) -> list[Answer]:
    answers, conversation = [], None
    for message in messages:
        answer = pipeline.ask(message, conversation)
        conversation = answer.context
        answers.append(answer)
    return answers


def test_its_language_is_its_own(festival: Pipeline) -> None:
    assert festival.knowledge.language == "ru"
    assert festival.knowledge.languages == ("ru",)
    assert festival.matcher.language_of("when is it?") == "ru"  # no other language to pick


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("когда праздник фонарей?", "dates"),
        ("где он пройдёт", "venue"),
        ("кто откроет фестиваль", "opening"),
        ("кто устраивает праздник", "organiser"),
        ("япония приедет?", "guests"),
    ],
)
def test_it_answers_from_its_own_facts(festival: Pipeline, question: str, fact_id: str) -> None:
    reply = festival.ask(question).reply
    assert reply.fact_id == fact_id
    assert reply.source is not None
    assert "(оригинал)" not in reply.plain_text()  # the source is in the reply's language


def test_its_list_answers_yes_and_no_in_its_own_words(festival: Pipeline) -> None:
    japan, france = chat(festival, "япония приедет?", "а франция?")
    assert japan.reply.answer.startswith("Да: Япония")
    assert france.follow_up is FollowUp.ENTITY
    assert france.reply.answer == "Франция среди стран, которые пришлют мастеров, не названа."


@pytest.mark.parametrize("question", ["сколько стоят билеты", "какая погода будет в москве"])
def test_it_declines_what_its_article_does_not_say(festival: Pipeline, question: str) -> None:
    assert festival.ask(question).reply.fact_id is None


def test_follow_ups_lean_on_its_own_cue_words(festival: Pipeline) -> None:
    _, why, source = chat(festival, "кто откроет праздник", "зачем он нужен?", "откуда это?")
    assert why.reply.fact_id == "purpose"
    assert source.follow_up is FollowUp.SOURCE
    assert source.reply.source is not None
    assert source.reply.source.attribution == "по словам организаторов"


def test_its_replies_and_help_speak_its_language(festival: Pipeline) -> None:
    help_text = festival.replies.help("ru").plain_text()
    assert "праздник" in help_text.lower()
    assert "SCO" not in help_text and "ШОС" not in help_text
    assert festival.replies.command_menu("ru")[0][0] == "start"
