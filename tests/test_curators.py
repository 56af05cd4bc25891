"""The curators' Telegram commands and what traffic teaches: /why, /reload, SIGHUP, and the
gaps log linking a declined question to the answer its chat got next.

Driven through the production Application like tests/test_handlers.py, with its helpers.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import install_reload_signal, stop_services
from bot.gaps import REPHRASED, GapsLog
from bot.handlers import SERVICES_KEY, Services
from bot.knowledge import KnowledgeError, load_knowledge
from bot.matching import DecisionKind
from bot.pipeline import Pipeline
from tests.e2e.telegram_html import check_telegram_html
from tests.test_cli import declined_then_rephrased
from tests.test_handlers import (
    GROUP,
    Harness,
    a_question_with,
    answer_html,
    bot_message,
    buttons,
    make_settings,
    start_harness,
)

CURATOR = 42  # the user every update in tests/test_handlers.py comes from


def services(harness: Harness) -> Services:
    return harness.application.bot_data[SERVICES_KEY]


def notice(pipeline: Pipeline, key: str, **fields: str) -> str:
    return pipeline.replies.notice(key, "en", **fields).html()


@pytest.fixture
async def curated(
    tmp_path: Path, pipeline: Pipeline, knowledge_copy: Path
) -> AsyncIterator[Harness]:
    """The bot with the test user as its curator, serving a writable copy of the knowledge."""
    settings = make_settings(
        tmp_path, admin_user_ids=frozenset({CURATOR}), knowledge_dir=knowledge_copy
    )
    harness = await start_harness(settings, Pipeline.from_settings(settings))
    yield harness
    await harness.application.shutdown()
    await stop_services(harness.application)


@pytest.fixture
async def bot(tmp_path: Path, pipeline: Pipeline) -> AsyncIterator[Harness]:
    """The bot with no curators, as most deployments run it."""
    harness = await start_harness(make_settings(tmp_path), pipeline)
    yield harness
    await harness.application.shutdown()
    await stop_services(harness.application)


def last_answer_id(harness: Harness) -> int:
    return 999 + len(harness.sent())  # RecordingRequest numbers the bot's messages from 1000


# ------------------------------------------------------------------ /why


async def test_a_curator_replying_why_to_an_answer_gets_its_explanation(
    curated: Harness, pipeline: Pipeline
) -> None:
    await curated.text("Who represents India?")
    answer_id = last_answer_id(curated)
    await curated.text("/why", reply_to=bot_message(1, answer_id))
    why = curated.sent()[-1]["text"]
    decision = pipeline.matcher.match("Who represents India?")
    assert decision.explanation is not None
    assert why.startswith("decision: answer india\nrule: ")
    assert decision.rule.value in why
    assert f'closest fact: india, by the example "{decision.explanation.example}"' in why
    assert "runner-up: " in why and "score: " in why
    assert "thresholds" not in why  # briefly
    assert check_telegram_html(why) is None


async def test_why_in_a_group_explains_a_follow_up_by_the_question_it_became(
    curated: Harness,
) -> None:
    await curated.text("@SummitQABot who represents India?", GROUP)
    first = last_answer_id(curated)
    await curated.text("and iran?", GROUP, reply_to=bot_message(GROUP, first))
    await curated.text("/why", GROUP, reply_to=bot_message(GROUP, last_answer_id(curated)))
    why = curated.sent()[-1]["text"]
    assert "read as: &quot;" not in why
    assert 'read as: "who represents Iran" (follow-up: entity)' in why


async def test_why_after_a_did_you_mean_choice_says_what_was_picked(
    curated: Harness, pipeline: Pipeline
) -> None:
    await curated.text(a_question_with(pipeline, DecisionKind.SUGGEST))
    suggestion = curated.sent()[-1]
    choices = buttons(suggestion)
    keyboard = [[{"text": text, "callback_data": data}] for text, data in choices]
    await curated.press(choices[0][1], bot_message(1, 1000, keyboard))
    await curated.text("/why", reply_to=bot_message(1, 1000))
    why = curated.sent()[-1]["text"]
    assert why.startswith("decision: suggest ")
    assert f"picked: {choices[0][1].removeprefix('f:')}" in why


async def test_a_fact_command_is_explained_as_nothing_matched(curated: Harness) -> None:
    await curated.text("/date")
    await curated.text("/why", reply_to=bot_message(1, last_answer_id(curated)))
    assert curated.sent()[-1]["text"].startswith("decision: command /date: summit_dates")


@pytest.mark.parametrize(
    ("reply_to", "key"),
    [
        (None, "why_usage"),  # /why alone
        ({"from_bot": False}, "why_usage"),  # replying to a person
        ({"from_bot": True}, "why_forgotten"),  # an answer it does not remember
    ],
)
async def test_why_without_an_answer_to_explain_says_how_to_use_it(
    curated: Harness, pipeline: Pipeline, reply_to: dict[str, bool] | None, key: str
) -> None:
    replied = None
    if reply_to is not None:
        replied = bot_message(1, 4242)
        if not reply_to["from_bot"]:
            replied["from"] = {"id": 7, "is_bot": False, "first_name": "Bo"}
    await curated.text("/why", reply_to=replied)
    assert curated.sent()[-1]["text"] == notice(pipeline, key)


async def test_anyone_else_asking_why_or_reload_gets_a_polite_no(
    bot: Harness, pipeline: Pipeline
) -> None:
    await bot.text("Who represents India?")
    await bot.text("/why", reply_to=bot_message(1, 1000))
    await bot.text("/reload")
    polite_no = notice(pipeline, "curator_only")
    assert [sent["text"] for sent in bot.sent()[1:]] == [polite_no, polite_no]
    assert not services(bot).explanations  # nobody may ask: nothing is kept


async def test_why_and_reload_stay_out_of_the_command_menus(bot: Harness) -> None:
    listed = {
        command["command"]
        for menu in bot.request.to("setMyCommands")
        for command in menu["commands"]
    }
    assert listed and not listed & {"why", "reload"}


# ------------------------------------------------------------------ /reload and SIGHUP


def break_a_quote(knowledge: Path) -> None:
    facts = knowledge / "facts.yaml"
    facts.write_text(
        facts.read_text("utf-8").replace("will convene in Astana on July 3-4.", "x.", 1), "utf-8"
    )


def add_example(knowledge: Path, fact_anchor: str, question: str) -> None:
    """Append an example question to the fact whose questions list follows `fact_anchor`."""
    facts = knowledge / "facts.yaml"
    text = facts.read_text("utf-8")
    related = text.index("    related:", text.index(fact_anchor))
    facts.write_text(f'{text[:related]}      - "{question}"\n{text[related:]}', "utf-8")


async def test_reload_refuses_a_broken_knowledge_base_and_keeps_answering_from_the_old(
    curated: Harness, knowledge_copy: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    before = services(curated).pipeline
    break_a_quote(knowledge_copy)
    with pytest.raises(KnowledgeError) as broken:
        Pipeline.from_settings(make_settings(tmp_path, knowledge_dir=knowledge_copy))
    await curated.text("/reload")
    refused = curated.sent()[-1]["text"]
    assert refused == notice(before, "reload_refused", error=f"knowledge error: {broken.value}")
    assert services(curated).pipeline is before
    await curated.text("when is the summit?")
    assert curated.sent()[-1]["text"] == answer_html(before, "when is the summit?")
    assert "Reload refused" in caplog.text and "quote not found verbatim" in caplog.text


async def test_reload_swaps_in_the_edited_knowledge_base_and_logs_the_fact_count(
    curated: Harness, knowledge_copy: Path, caplog: pytest.LogCaptureFixture
) -> None:
    question = "florb glorp wrap-up"
    before = services(curated).pipeline
    assert before.answer(question).fact_id is None
    add_example(knowledge_copy, "- id: summit_dates", question)
    caplog.set_level(logging.INFO)
    menus = len(curated.request.to("setMyCommands"))
    await curated.text("/reload")
    assert len(curated.request.to("setMyCommands")) == 2 * menus  # the menus follow the facts
    after = services(curated).pipeline
    facts = len(after.knowledge.facts)
    assert curated.sent()[-1]["text"] == notice(after, "reload_done", facts=str(facts))
    assert f"Reloaded the knowledge base from {knowledge_copy}: {facts} facts" in caplog.text
    await curated.text(question)
    assert curated.sent()[-1]["text"] == answer_html(after, question)
    assert after.answer(question).fact_id == "summit_dates"


async def test_sighup_reloads_the_knowledge_base(
    curated: Harness, knowledge_copy: Path, tmp_path: Path
) -> None:
    before = services(curated).pipeline
    add_example(knowledge_copy, "- id: summit_dates", "florb glorp wrap-up")
    loop = asyncio.get_running_loop()
    settings = make_settings(tmp_path, knowledge_dir=knowledge_copy)
    install_reload_signal(curated.application, settings)
    try:
        os.kill(os.getpid(), signal.SIGHUP)
        for _ in range(200):
            if services(curated).pipeline is not before:
                break
            await asyncio.sleep(0.05)
    finally:
        loop.remove_signal_handler(signal.SIGHUP)
    assert services(curated).pipeline.answer("florb glorp wrap-up").fact_id == "summit_dates"


# ------------------------------------------------------------------ learning from chats


async def test_a_decline_rephrased_in_the_same_private_chat_is_linked_to_its_fact(
    bot: Harness, pipeline: Pipeline, tmp_path: Path
) -> None:
    declined, rephrased, fact_id = declined_then_rephrased(pipeline)
    await bot.text(declined)
    await bot.text("thanks")
    await bot.text(declined, chat_id=2)  # someone else, never rephrased
    await bot.text(rephrased)
    with GapsLog(tmp_path / "gaps.sqlite3") as gaps:
        evidence = gaps.phrasing_evidence()
        (group,) = gaps.top_gaps()
    assert [(item.question, item.fact_id, item.how) for item in evidence] == [
        (declined, fact_id, REPHRASED)
    ]
    assert group.count == 2


async def test_in_a_group_only_a_reply_to_the_decline_rephrases_it(
    bot: Harness, pipeline: Pipeline, tmp_path: Path
) -> None:
    declined, rephrased, _ = declined_then_rephrased(pipeline)
    await bot.text(f"@SummitQABot {declined}", GROUP)
    decline_id = last_answer_id(bot)
    await bot.text(f"@SummitQABot {rephrased}", GROUP)  # a new thread: perhaps someone else
    await bot.text(rephrased, GROUP, reply_to=bot_message(GROUP, decline_id))
    with GapsLog(tmp_path / "gaps.sqlite3") as gaps:
        assert len(gaps.phrasing_evidence()) == 1


def test_check_refuses_a_knowledge_base_without_the_curators_strings(
    knowledge_copy: Path,
) -> None:
    messages = knowledge_copy / "messages.ru.yaml"
    text = messages.read_text("utf-8")
    messages.write_text(text.replace("  why_usage:", "  why_usage_old:"), "utf-8")
    with pytest.raises(KnowledgeError, match=r"messages\.ru\.yaml:\d+: strings: missing why_usage"):
        load_knowledge(knowledge_copy)


def test_a_fact_may_not_take_a_curators_command(knowledge_copy: Path) -> None:
    facts = knowledge_copy / "facts.yaml"
    facts.write_text(facts.read_text("utf-8").replace("command: date", "command: why"), "utf-8")
    with pytest.raises(KnowledgeError, match="fact 'summit_dates': command /why is one of the"):
        load_knowledge(knowledge_copy)
