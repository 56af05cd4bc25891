"""The real bot (Application, handlers, HTTP) against the fake Bot API, as a user would meet it.

Each test starts the production Application with `bot.app.running`, long-polling the fake
through TELEGRAM_API_BASE_URL, pushes what a user would do, and reads what the bot sent.
The fake refuses HTML that Telegram would refuse, so every reply here is also valid Telegram.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from bot.app import WebhookConfig, build_application, run_bot, running
from bot.config import PROJECT_ROOT, Settings, load_settings
from bot.matching import DecisionKind
from bot.pipeline import Pipeline

from .fake_bot_api import FakeBotAPI, RecordedCall

TOKEN = "123456789:TEST-token-abcdefghijklmnopqrstu"
USERNAME = "SummitQABot"
GROUP = -1001234567
POLL_TIMEOUT = 1.0  # short, so the poll held at shutdown is released at once
WAIT = 5.0  # generous: a reply normally takes milliseconds
JSONDict = dict[str, Any]


@pytest.fixture
def fake() -> Iterator[FakeBotAPI]:
    with FakeBotAPI(TOKEN, bot_username=USERNAME) as api:
        yield api


@pytest.fixture
def settings(fake: FakeBotAPI, tmp_path: Path) -> Settings:
    return load_settings(
        telegram_bot_token=TOKEN,
        telegram_api_base_url=fake.base_url,
        gaps_db_path=tmp_path / "gaps.sqlite3",
    )


@pytest.fixture
async def bot(
    fake: FakeBotAPI, settings: Settings, pipeline: Pipeline
) -> AsyncIterator[FakeBotAPI]:
    """The bot running against `fake`, idle in its first long poll; stopped cleanly after."""
    application = build_application(settings, pipeline)
    async with running(application, poll_timeout=POLL_TIMEOUT):
        await fake.wait_until_polling()
        yield fake
    assert fake.errors == []


async def replies(fake: FakeBotAPI, count: int, method: str = "sendMessage") -> list[RecordedCall]:
    """The first `count` calls of `method`, each accepted by the fake (so valid for Telegram)."""
    calls = (await fake.wait_for_async(method, count, timeout=WAIT))[:count]
    assert all(call.ok for call in calls), [call.description for call in calls]
    return calls


async def settle(fake: FakeBotAPI) -> None:
    """Wait until the bot has taken every pushed update and finished with it.

    The bot confirms updates with its next getUpdates, and one chat's updates are handled in
    order, so a confirmed batch followed by an idle poll means nothing is left in flight.
    """
    await fake.wait_until_confirmed(timeout=WAIT)
    await fake.wait_until_polling(timeout=WAIT)
    await asyncio.sleep(0.05)


def buttons(message: JSONDict) -> list[tuple[str, str]]:
    rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    return [(button["text"], button["callback_data"]) for row in rows for button in row]


# ------------------------------------------------------------------ start-up


async def test_start_up_learns_the_username_and_registers_the_commands(
    bot: FakeBotAPI, pipeline: Pipeline
) -> None:
    (commands_call, *_) = await replies(bot, 1, "setMyCommands")
    names = {command["command"] for command in commands_call.params["commands"]}
    assert names >= {"start", "help", "topics", "source", "ask", "date", "venue", "india"}
    assert bot.calls[0].method == "getMe"


# ------------------------------------------------------------------ conversations


async def test_a_private_question_is_answered_with_the_source_quote(
    bot: FakeBotAPI, pipeline: Pipeline
) -> None:
    bot.push_text("Who represents India?")
    (reply,) = await replies(bot, 1)
    expected = pipeline.answer("Who represents India?")
    assert reply.params["text"] == expected.html()
    assert "Jaishankar" in reply.result["text"]
    assert "<blockquote>" in reply.params["text"]
    assert buttons(reply.result) == [(title, f"f:{fact}") for fact, title in expected.related]


async def test_a_fact_command_for_this_bot_in_a_group_is_answered_quoting_it(
    bot: FakeBotAPI, pipeline: Pipeline
) -> None:
    question = bot.push_text(f"/date@{USERNAME}", chat_id=GROUP, chat_type="supergroup")
    (reply,) = await replies(bot, 1)
    assert reply.params["text"] == pipeline.replies.fact_reply("summit_dates", "en").html()
    assert reply.result["reply_to_message"]["message_id"] == question["message"]["message_id"]


async def test_group_chatter_is_ignored(bot: FakeBotAPI) -> None:
    for text in ("morning all", "when is the summit?", "/date@SomeOtherBot", "@alice who is Xi?"):
        bot.push_text(text, chat_id=GROUP, chat_type="supergroup")
    bot.push_sticker(chat_id=GROUP, chat_type="supergroup")
    await settle(bot)
    assert bot.calls_to("sendMessage") == []
    # ... yet the bot is listening: a message for it is answered, and only that one.
    question = bot.push_text(f"/ask@{USERNAME} where is it?", chat_id=GROUP, chat_type="supergroup")
    (reply,) = await replies(bot, 1)
    assert reply.result["reply_to_message"]["message_id"] == question["message"]["message_id"]


async def test_a_mention_in_a_group_is_answered(bot: FakeBotAPI, pipeline: Pipeline) -> None:
    question = bot.push_text(
        f"@{USERNAME} who represents India?", chat_id=GROUP, chat_type="supergroup"
    )
    (reply,) = await replies(bot, 1)
    assert reply.params["text"] == pipeline.answer("who represents India?").html()
    assert reply.result["reply_to_message"]["message_id"] == question["message"]["message_id"]


async def test_a_reply_to_the_bot_in_a_group_is_answered(
    bot: FakeBotAPI, pipeline: Pipeline
) -> None:
    bot.push_text(f"/ask@{USERNAME} when is the summit?", chat_id=GROUP, chat_type="supergroup")
    (first,) = await replies(bot, 1)
    bot.push_text(
        "and where is it held?",
        chat_id=GROUP,
        chat_type="supergroup",
        reply_to_message=first.result,
    )
    _, second = await replies(bot, 2)
    assert second.params["text"] == pipeline.answer("and where is it held?").html()
    assert "Astana" in second.result["text"]


async def test_a_declined_question_says_the_article_does_not_say(
    bot: FakeBotAPI, pipeline: Pipeline
) -> None:
    bot.push_text("what is the weather in Paris tomorrow?")
    (reply,) = await replies(bot, 1)
    assert pipeline.answer("what is the weather in Paris tomorrow?").kind is DecisionKind.DECLINE
    assert reply.params["text"] == pipeline.answer("what is the weather in Paris tomorrow?").html()
    assert "/topics" in reply.result["text"]
    assert "reply_markup" not in reply.result


async def test_a_sticker_gets_a_hint_in_private(bot: FakeBotAPI, pipeline: Pipeline) -> None:
    bot.push_sticker()
    (reply,) = await replies(bot, 1)
    assert reply.result["text"] == pipeline.knowledge.strings("en")["non_text"]


async def test_an_edited_question_gets_its_answer_edited(
    bot: FakeBotAPI, pipeline: Pipeline
) -> None:
    question = bot.push_text("when is the summit?")
    (answer,) = await replies(bot, 1)
    bot.push_edited_text(question, "where is the summit?")
    (edit,) = await replies(bot, 1, "editMessageText")
    assert edit.params["message_id"] == answer.result["message_id"]
    assert bot.last_bot_message(1)["text"] == edit.result["text"]
    assert "Astana" in edit.result["text"]
    assert len(bot.calls_to("sendMessage")) == 1


async def test_being_added_to_a_group_sends_one_introduction(bot: FakeBotAPI) -> None:
    bot.push_bot_added_to_group(GROUP)  # my_chat_member, then the new_chat_members message
    await settle(bot)
    (intro,) = await replies(bot, 1)
    assert intro.params["chat_id"] == GROUP
    assert f"/ask@{USERNAME}" in intro.result["text"]


# ------------------------------------------------------------------ buttons and inline mode


async def test_pressing_a_did_you_mean_button_answers_in_place(
    bot: FakeBotAPI, pipeline: Pipeline, unsure_question: str
) -> None:
    bot.push_text(unsure_question)
    (suggestion,) = await replies(bot, 1)
    _, data = buttons(suggestion.result)[0]
    bot.push_callback_query(data, suggestion.result)
    (answered,) = await replies(bot, 1, "answerCallbackQuery")
    (edit,) = await replies(bot, 1, "editMessageText")
    assert edit.params["message_id"] == suggestion.result["message_id"]
    assert edit.params["text"] == pipeline.replies.fact_reply(data[2:], "en").html()
    assert "text" not in answered.params


async def test_a_related_fact_button_sends_that_fact(bot: FakeBotAPI, pipeline: Pipeline) -> None:
    bot.push_text("who is attending?")
    (answer,) = await replies(bot, 1)
    _, data = buttons(answer.result)[0]
    bot.push_callback_query(data, answer.result)
    _, related = await replies(bot, 2)
    assert related.params["text"] == pipeline.replies.fact_reply(data[2:], "en").html()
    await replies(bot, 1, "answerCallbackQuery")


async def test_a_forged_button_gets_a_graceful_answer(bot: FakeBotAPI, pipeline: Pipeline) -> None:
    bot.push_text("who is attending?")
    (answer,) = await replies(bot, 1)
    bot.push_callback_query("f:not_a_fact", answer.result)
    (answered,) = await replies(bot, 1, "answerCallbackQuery")
    assert answered.params["text"] == pipeline.knowledge.strings("en")["stale_button"]
    await settle(bot)
    assert len(bot.calls_to("sendMessage")) == 1


async def test_an_inline_query_lists_matching_facts_with_sources(
    bot: FakeBotAPI, pipeline: Pipeline
) -> None:
    bot.push_inline_query("india")
    (answer,) = await replies(bot, 1, "answerInlineQuery")
    results = answer.params["results"]
    assert 1 <= len(results) <= 10
    assert results[0]["id"] == "india"
    assert "<blockquote>" in results[0]["input_message_content"]["message_text"]
    bot.push_inline_query("")
    _, most_asked = await replies(bot, 2, "answerInlineQuery")
    assert [r["id"] for r in most_asked.params["results"]][:2] == ["summit_dates", "summit_venue"]


# ------------------------------------------------------------------ resilience and secrets


async def test_a_429_delays_a_reply_instead_of_losing_it(bot: FakeBotAPI) -> None:
    bot.fail_next("sendMessage", 429, retry_after=1)
    bot.push_text("when is the summit?")
    calls = await bot.wait_for_async("sendMessage", 2, timeout=WAIT)
    assert [call.failed_status for call in calls] == [429, None]


async def test_the_token_never_reaches_the_logs(
    fake: FakeBotAPI, settings: Settings, pipeline: Pipeline, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    application = build_application(settings, pipeline)
    async with running(application, poll_timeout=POLL_TIMEOUT):
        fake.push_text("when is the summit?")
        await replies(fake, 1)
    assert "sendMessage" in caplog.text  # PTB's debug log shows the calls ...
    assert TOKEN not in caplog.text  # ... but not the URLs that carry the token


async def test_webhook_mode_refuses_requests_without_the_secret(
    fake: FakeBotAPI, settings: Settings, pipeline: Pipeline
) -> None:
    port = _free_port()
    webhook = WebhookConfig(
        url="https://bot.example.org/telegram", listen="127.0.0.1", port=port, secret="s3cret-42"
    )
    update = fake.push_text("when is the summit?")  # queued for polling, which nobody does here
    application = build_application(settings, pipeline)
    async with running(application, webhook=webhook), httpx.AsyncClient() as client:
        (set_webhook,) = await replies(fake, 1, "setWebhook")
        assert set_webhook.params["secret_token"] == "s3cret-42"
        assert set_webhook.params["url"] == "https://bot.example.org/telegram"
        local = f"http://127.0.0.1:{port}/telegram"
        forged = await client.post(local, json=update)
        wrong = await client.post(
            local, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "guess"}
        )
        await asyncio.sleep(0.1)
        assert (forged.status_code, wrong.status_code) == (403, 403)
        assert fake.calls_to("sendMessage") == []
        genuine = await client.post(
            local, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-42"}
        )
        assert genuine.status_code == 200
        (reply,) = await replies(fake, 1)
        assert "July" in reply.result["text"]


def test_a_webhook_url_telegram_refuses_is_one_line_and_exit_code_2(
    fake: FakeBotAPI, settings: Settings, pipeline: Pipeline, capsys: pytest.CaptureFixture[str]
) -> None:
    insecure = settings.model_copy(
        update={"webhook_url": "http://bot.example.org/telegram", "webhook_port": _free_port()}
    )
    assert run_bot(insecure, pipeline) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert "https url must be provided" in line.lower()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# ------------------------------------------------------------------ the real entry point


def _bot_process(fake: FakeBotAPI, tmp_path: Path, token: str) -> subprocess.Popen[str]:
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("WEBHOOK_")}
    environment = {
        **inherited,
        "TELEGRAM_BOT_TOKEN": token,
        "TELEGRAM_API_BASE_URL": fake.base_url,
        "GAPS_DB_PATH": str(tmp_path / "gaps.sqlite3"),
        "LOG_LEVEL": "DEBUG",
    }
    return subprocess.Popen(
        [sys.executable, "bot.py", "run"],
        cwd=PROJECT_ROOT,
        env=environment,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_bot_py_run_finishes_the_reply_in_progress_on_sigterm_and_never_logs_the_token(
    fake: FakeBotAPI, tmp_path: Path
) -> None:
    process = _bot_process(fake, tmp_path, TOKEN)
    try:
        asyncio.run(fake.wait_until_polling(timeout=20))
        fake.set_delay("sendMessage", 1.0)  # Telegram is slow: the reply is still in flight ...
        fake.push_text("when is the summit?")
        asyncio.run(fake.wait_until_confirmed(timeout=WAIT))
        stopping = time.monotonic()
        process.send_signal(signal.SIGTERM)  # ... when the bot is told to stop
        stdout, stderr = process.communicate(timeout=10)
    finally:
        process.kill()
    assert process.returncode == 0, stderr
    assert time.monotonic() - stopping < 3
    assert len(fake.sent_messages) == 1
    assert f"Running as @{USERNAME}" in stderr
    assert TOKEN not in stdout + stderr
    assert TOKEN.partition(":")[2] not in stdout + stderr


def test_a_token_telegram_refuses_is_one_line_and_exit_code_2(
    fake: FakeBotAPI, tmp_path: Path
) -> None:
    wrong = "987654321:WRONG-token-abcdefghijklmnopq"
    process = _bot_process(fake, tmp_path, wrong)
    stdout, stderr = process.communicate(timeout=20)
    assert process.returncode == 2
    problem = [line for line in stderr.splitlines() if "TELEGRAM_BOT_TOKEN" in line]
    assert len(problem) == 1 and "BotFather" in problem[0]
    assert wrong.partition(":")[2] not in stdout + stderr


# ------------------------------------------------------------------ shared questions


@pytest.fixture(scope="module")
def unsure_question(pipeline: Pipeline) -> str:
    """A question the matcher answers with did-you-mean buttons, so the test follows tuning."""
    dev_set = yaml.safe_load((PROJECT_ROOT / "tests/data/dev_en.yaml").read_text("utf-8"))
    for item in dev_set:
        if pipeline.matcher.match(item["q"]).kind is DecisionKind.SUGGEST:
            return str(item["q"])
    raise AssertionError("no dev-set question gets did-you-mean buttons")


async def test_an_unreachable_bot_api_at_start_up_is_waited_out_not_fatal(
    fake: FakeBotAPI, settings: Settings, pipeline: Pipeline
) -> None:
    from bot.app import _serve_until_signalled
    from bot.transport import RetryingRequest

    fake.fail_next("getMe", 502, count=8)  # more than one request's own retries absorb
    quick_retries = RetryingRequest(max_retries=2, first_delay=0.01)
    application = build_application(settings, pipeline, request=quick_retries)
    serving = asyncio.create_task(_serve_until_signalled(application, None, first_retry=0.05))
    await fake.wait_until_polling()
    fake.push_text("when is the summit?", chat_id=5)
    (reply,) = await replies(fake, 1)
    assert "July 3" in reply.params["text"]
    assert not serving.done()
    os.kill(os.getpid(), signal.SIGTERM)  # the bot's own handler: a clean stop
    await asyncio.wait_for(serving, timeout=WAIT)


STRANGE_MESSAGES = [
    "   ",
    "x" * 4096,
    "🙂🙂🙂🔥",
    "מתי הפסגה?",  # right-to-left
    "wh\u200bo re\u200dpresents In\u2060dia\u0000?",
    "<b>when</b> is the &amp; summit </blockquote> *x* _y_",
    "supercalifragilisticexpialidocious" * 40,
    "Путин Putin 普京 بوتين",
    "\u202eaidni stneserper ohw",
]


async def test_strange_messages_each_get_one_valid_reply(bot: FakeBotAPI) -> None:
    for chat_id, text in enumerate(STRANGE_MESSAGES, start=100):
        bot.push_text(text, chat_id=chat_id)
    calls = await replies(bot, len(STRANGE_MESSAGES))  # each accepted: valid Telegram HTML
    await settle(bot)
    assert sorted(call.params["chat_id"] for call in bot.calls_to("sendMessage")) == list(
        range(100, 100 + len(STRANGE_MESSAGES))
    )
    assert all(call.params["text"].strip() for call in calls)


# ------------------------------------------------------------------ conversations


def in_context(pipeline: Pipeline, *messages: str) -> str:
    """The HTML the bot should send for the last of `messages`, asked in one conversation."""
    conversation, answer = None, None
    for message in messages:
        answer = pipeline.ask(message, conversation)
        conversation = answer.context
    assert answer is not None
    return answer.reply.html()


async def test_a_follow_up_in_a_private_chat_leans_on_the_last_question(
    bot: FakeBotAPI, pipeline: Pipeline
) -> None:
    bot.push_text("is pakistan coming?")
    await replies(bot, 1)
    bot.push_text("and brazil?")
    _, follow_up = await replies(bot, 2)
    assert follow_up.params["text"] == in_context(pipeline, "is pakistan coming?", "and brazil?")
    assert "Brazil" in follow_up.result["text"]


async def test_a_reply_thread_in_a_group_is_its_own_conversation(
    bot: FakeBotAPI, pipeline: Pipeline
) -> None:
    group = {"chat_id": GROUP, "chat_type": "supergroup"}
    bot.push_text(f"@{USERNAME} is pakistan coming?", **group)
    (pakistan,) = await replies(bot, 1)
    bot.push_text(f"@{USERNAME} who created the sco", **group)
    _, founding = await replies(bot, 2)
    bot.push_text("when?", reply_to_message=founding.result, **group)
    bot.push_text("and brazil?", reply_to_message=pakistan.result, **group)
    *_, when, brazil = await replies(bot, 4)
    assert when.params["text"] == in_context(pipeline, "who created the sco", "when?")
    assert brazil.params["text"] == in_context(pipeline, "is pakistan coming?", "and brazil?")


async def test_two_chats_never_share_a_conversation(bot: FakeBotAPI, pipeline: Pipeline) -> None:
    bot.push_text("who is putin?", chat_id=101)
    await replies(bot, 1)
    bot.push_text("is he in kazakhstan?", chat_id=202)
    _, other = await replies(bot, 2)
    assert other.params["text"] == pipeline.ask("is he in kazakhstan?").reply.html()
    assert "“he”" in other.result["text"]


async def test_a_conversation_is_forgotten_after_its_time(
    fake: FakeBotAPI, tmp_path: Path, pipeline: Pipeline
) -> None:
    settings = load_settings(
        telegram_bot_token=TOKEN,
        telegram_api_base_url=fake.base_url,
        gaps_db_path=tmp_path / "gaps.sqlite3",
        conversation_ttl_minutes=0.005,  # 0.3 seconds
    )
    async with running(build_application(settings, pipeline), poll_timeout=POLL_TIMEOUT):
        await fake.wait_until_polling()
        fake.push_text("who is putin?")
        await replies(fake, 1)
        await asyncio.sleep(0.5)
        fake.push_text("is he in kazakhstan?")
        _, late = await replies(fake, 2)
    assert late.params["text"] == pipeline.ask("is he in kazakhstan?").reply.html()
