"""The Telegram handlers, driven through the real Application wiring with no network.

Updates go through `Application.process_update`, so handler order, filters and Defaults are
the production ones; the Bot's requests are answered by `RecordingRequest`, which keeps every
call and plays Telegram's side just enough for PTB to parse the answers.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from telegram import Update
from telegram.ext import Application, CallbackContext
from telegram.request import BaseRequest, RequestData

from bot import handlers
from bot.app import (
    REDACTED,
    ChatOrderedUpdateProcessor,
    build_application,
    redact_record,
    stop_services,
)
from bot.config import PROJECT_ROOT, Settings, load_settings
from bot.gaps import GapsLog
from bot.handlers import SERVICES_KEY, RecentMap, addressed_question, command_of, on_error
from bot.matching import DecisionKind
from bot.pipeline import Pipeline
from bot.replies import CALLBACK_NONE
from tests.e2e.telegram_html import check_telegram_html

TOKEN = "123456789:TEST-token-abcdefghijklmnopqrstu"
BOT_ID = 123456789
BOT_USERNAME = "SummitQABot"
GROUP = -100777
JSONDict = dict[str, Any]


class RecordingRequest(BaseRequest):
    """Answers Bot API calls like Telegram would, without a network, and records each one.

    `fail_next(method, description)` makes the next call of `method` fail with a 400.
    """

    def __init__(self) -> None:
        self.calls: list[tuple[str, JSONDict]] = []
        self._failures: dict[str, list[str]] = {}
        self._message_ids = itertools.count(1000)

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    def fail_next(self, method: str, description: str) -> None:
        self._failures.setdefault(method, []).append(description)

    def to(self, method: str) -> list[JSONDict]:
        return [params for name, params in self.calls if name == method]

    async def do_request(
        self, url: str, method: str, request_data: RequestData | None = None, *args: Any, **kw: Any
    ) -> tuple[int, bytes]:
        api_method = url.rsplit("/", 1)[-1]
        params = json.loads(json.dumps(request_data.parameters)) if request_data else {}
        self.calls.append((api_method, params))
        failures = self._failures.get(api_method)
        if failures:
            body = {"ok": False, "error_code": 400, "description": failures.pop(0)}
            return 400, json.dumps(body).encode()
        return 200, json.dumps({"ok": True, "result": self._result(api_method, params)}).encode()

    def _result(self, method: str, params: JSONDict) -> Any:
        if method == "getMe":
            return {"id": BOT_ID, "is_bot": True, "first_name": "Summit", "username": BOT_USERNAME}
        if method in ("sendMessage", "editMessageText"):
            chat_id = params["chat_id"]
            message_id = params.get("message_id") or next(self._message_ids)
            return {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
                "from": {"id": BOT_ID, "is_bot": True, "first_name": "Summit"},
                "text": params["text"],
            }
        return True


# ------------------------------------------------------------------ building updates

_update_ids = itertools.count(1)
_message_ids = itertools.count(1)


def _user(language_code: str | None = "en") -> JSONDict:
    user: JSONDict = {"id": 42, "is_bot": False, "first_name": "Ann"}
    if language_code:
        user["language_code"] = language_code
    return user


def _chat(chat_id: int) -> JSONDict:
    if chat_id > 0:
        return {"id": chat_id, "type": "private", "first_name": "Ann"}
    return {"id": chat_id, "type": "supergroup", "title": "Summit watchers"}


def message_dict(
    text: str | None = None,
    chat_id: int = 1,
    reply_to: JSONDict | None = None,
    language_code: str | None = "en",
    **content: Any,
) -> JSONDict:
    message: JSONDict = {
        "message_id": next(_message_ids),
        "date": int(time.time()),
        "chat": _chat(chat_id),
        "from": _user(language_code),
        **content,
    }
    if text is not None:
        message["text"] = text
        if text.startswith("/"):
            length = len(text.split()[0])
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        mention = f"@{BOT_USERNAME}"
        if mention in text:
            offset = text.index(mention)
            message.setdefault("entities", []).append(
                {"type": "mention", "offset": offset, "length": len(mention)}
            )
    if reply_to is not None:
        message["reply_to_message"] = reply_to
    return message


def bot_message(
    chat_id: int, message_id: int, keyboard: list[list[JSONDict]] | None = None
) -> JSONDict:
    message: JSONDict = {
        "message_id": message_id,
        "date": int(time.time()),
        "chat": _chat(chat_id),
        "from": {"id": BOT_ID, "is_bot": True, "first_name": "Summit", "username": BOT_USERNAME},
        "text": "an earlier reply",
    }
    if keyboard is not None:
        message["reply_markup"] = {"inline_keyboard": keyboard}
    return message


class Harness:
    """The production Application with a recording request, and helpers to feed it updates."""

    def __init__(self, application: Application, request: RecordingRequest) -> None:
        self.application = application
        self.request = request

    async def feed(self, kind: str, payload: JSONDict) -> None:
        data = {"update_id": next(_update_ids), kind: payload}
        await self.application.process_update(Update.de_json(data, self.application.bot))

    async def text(self, text: str, chat_id: int = 1, **kwargs: Any) -> JSONDict:
        message = message_dict(text, chat_id, **kwargs)
        await self.feed("message", message)
        return message

    async def press(self, data: str, message: JSONDict | None) -> None:
        query: JSONDict = {"id": str(next(_update_ids)), "from": _user(), "chat_instance": "1"}
        query["data"] = data
        if message is None:
            query["inline_message_id"] = "AAAinline"
        else:
            query["message"] = message
        await self.feed("callback_query", query)

    async def inline(self, query: str, language_code: str | None = "en") -> JSONDict:
        await self.feed(
            "inline_query",
            {
                "id": str(next(_update_ids)),
                "from": _user(language_code),
                "query": query,
                "offset": "",
            },
        )
        return self.request.to("answerInlineQuery")[-1]

    def sent(self) -> list[JSONDict]:
        return self.request.to("sendMessage")

    def outgoing(self) -> list[str]:
        """Every call that would reach a user (not the start-up ones)."""
        quiet = {"getMe", "setMyCommands"}
        return [method for method, _ in self.request.calls if method not in quiet]


def make_settings(tmp_path: Path, **overrides: Any) -> Settings:
    base: dict[str, Any] = {
        "telegram_bot_token": TOKEN,
        "telegram_api_base_url": "http://bot-api.invalid/bot",
        "gaps_db_path": tmp_path / "gaps.sqlite3",
    }
    return load_settings(**{**base, **overrides})


async def start_harness(settings: Settings, pipeline: Pipeline) -> Harness:
    request = RecordingRequest()
    application = build_application(settings, pipeline, request=request)
    await application.initialize()
    assert application.post_init is not None
    await application.post_init(application)
    return Harness(application, request)


@pytest.fixture
async def bot(tmp_path: Path, pipeline: Pipeline) -> AsyncIterator[Harness]:
    harness = await start_harness(make_settings(tmp_path), pipeline)
    yield harness
    await harness.application.shutdown()
    await stop_services(harness.application)


def answer_html(pipeline: Pipeline, question: str) -> str:
    return pipeline.answer(question).html()


def fact_html(pipeline: Pipeline, fact_id: str, language: str = "en") -> str:
    return pipeline.replies.fact_reply(fact_id, language).html()


def strings(pipeline: Pipeline, language: str = "en") -> dict[str, str]:
    return pipeline.knowledge.strings(language)


def buttons(params: JSONDict) -> list[tuple[str, str]]:
    rows = (params.get("reply_markup") or {}).get("inline_keyboard", [])
    return [(button["text"], button["callback_data"]) for row in rows for button in row]


def a_question_with(pipeline: Pipeline, kind: DecisionKind) -> str:
    """A dev-set question the matcher currently treats as `kind`, so tests follow its tuning."""
    dev_set = yaml.safe_load((PROJECT_ROOT / "tests/data/dev_en.yaml").read_text("utf-8"))
    for item in dev_set:
        if pipeline.matcher.match(item["q"]).kind is kind:
            return str(item["q"])
    raise AssertionError(f"no dev-set question is decided as {kind}")


# ------------------------------------------------------------------ reading messages


@pytest.mark.parametrize(
    ("text", "chat_id", "to_bot", "expected"),
    [
        ("when is it?", 1, False, "when is it?"),
        ("when is it?", GROUP, False, None),
        ("@someone_else when is it?", GROUP, False, None),
        (f"@{BOT_USERNAME} when is it?", GROUP, False, "when is it?"),
        (f"when is it, @{BOT_USERNAME}?", GROUP, False, "when is it, ?"),
        ("and where?", GROUP, True, "and where?"),
    ],
)
def test_only_messages_for_the_bot_are_questions_in_groups(
    text: str, chat_id: int, to_bot: bool, expected: str | None
) -> None:
    reply_to = bot_message(chat_id, 1) if to_bot else None
    message = Update.de_json(
        {"update_id": 1, "message": message_dict(text, chat_id, reply_to=reply_to)}, None
    ).message
    assert message is not None
    assert addressed_question(message, BOT_USERNAME, BOT_ID) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/date", ("date", None, "")),
        ("/Date@SummitQABot", ("date", "SummitQABot", "")),
        ("/ask   who represents India?", ("ask", None, "who represents India?")),
        ("/ask@SummitQABot\nwho is Xi?", ("ask", "SummitQABot", "who is Xi?")),
        ("who is Xi?", ("", None, "who is Xi?")),
    ],
)
def test_commands_are_split_into_name_addressee_and_argument(
    text: str, expected: tuple[str, str | None, str]
) -> None:
    assert command_of(text) == expected


# ------------------------------------------------------------------ start-up


async def test_start_up_registers_the_commands_from_the_knowledge_base(
    bot: Harness, pipeline: Pipeline
) -> None:
    menus = bot.request.to("setMyCommands")
    private, group = menus[0], menus[1]
    commands = [command["command"] for command in private["commands"]]
    assert private["scope"] == {"type": "all_private_chats"}
    assert commands[:5] == ["start", "help", "topics", "source", "ask"]
    assert set(commands[5:]) == set(pipeline.knowledge.facts_by_command)
    assert "language_code" not in private
    assert all(1 <= len(command["description"]) <= 256 for command in private["commands"])
    assert group["scope"] == {"type": "all_group_chats"}
    assert [command["command"] for command in group["commands"]] == commands[1:]
    other_languages = [menu.get("language_code") for menu in menus[2::2]]
    assert other_languages == [lang for lang in pipeline.knowledge.messages if lang != "en"]


# ------------------------------------------------------------------ commands


@pytest.mark.parametrize("command", ["/start", "/help", f"/help@{BOT_USERNAME}"])
async def test_start_and_help_say_what_the_bot_knows_with_examples_and_commands(
    bot: Harness, pipeline: Pipeline, command: str
) -> None:
    await bot.text(command)
    (sent,) = bot.sent()
    first_fact = pipeline.knowledge.facts[0]
    assert "SCO summit" in sent["text"]
    assert first_fact.title in sent["text"]
    assert f"/{first_fact.command}" in sent["text"]
    assert "/ask &lt;question&gt;" in sent["text"]  # escaped once, so Telegram shows <question>
    assert check_telegram_html(sent["text"]) is None


async def test_topics_lists_every_fact_as_a_button(bot: Harness, pipeline: Pipeline) -> None:
    await bot.text("/topics")
    (sent,) = bot.sent()
    assert buttons(sent) == [(fact.title, f"f:{fact.id}") for fact in pipeline.knowledge.facts]
    assert all(len(data.encode()) <= 64 for _, data in buttons(sent))


async def test_source_names_the_article(bot: Harness, pipeline: Pipeline) -> None:
    await bot.text("/source")
    (sent,) = bot.sent()
    (source,) = pipeline.knowledge.sources.values()
    assert source.meta.title in sent["text"]
    assert check_telegram_html(sent["text"]) is None


async def test_every_fact_command_answers_its_fact(bot: Harness, pipeline: Pipeline) -> None:
    facts = [fact for fact in pipeline.knowledge.facts if fact.command]
    for fact in facts:
        await bot.text(f"/{fact.command}")
    assert [sent["text"] for sent in bot.sent()] == [fact_html(pipeline, f.id) for f in facts]


async def test_a_fact_command_for_this_bot_in_a_group_is_answered_quoting_it(
    bot: Harness, pipeline: Pipeline
) -> None:
    question = await bot.text(f"/date@{BOT_USERNAME}", GROUP)
    (sent,) = bot.sent()
    assert sent["text"] == fact_html(pipeline, "summit_dates")
    assert sent["reply_parameters"]["message_id"] == question["message_id"]


async def test_a_command_for_another_bot_is_ignored(bot: Harness) -> None:
    await bot.text("/date@SomeOtherBot", GROUP)
    await bot.text("/ask@SomeOtherBot when is it", GROUP)
    assert bot.outgoing() == []


async def test_ask_answers_the_question_after_it(bot: Harness, pipeline: Pipeline) -> None:
    await bot.text(f"/ask@{BOT_USERNAME} who represents India?", GROUP)
    (sent,) = bot.sent()
    assert sent["text"] == answer_html(pipeline, "who represents India?")


@pytest.mark.parametrize("command", ["/ask", f"/ask@{BOT_USERNAME}", "/ask   "])
async def test_ask_alone_explains_how_to_use_it(
    bot: Harness, pipeline: Pipeline, command: str
) -> None:
    await bot.text(command, GROUP)
    (sent,) = bot.sent()
    assert sent["text"] == pipeline.replies.notice("ask_usage", "en").html()


# ------------------------------------------------------------------ questions


async def test_a_private_question_gets_the_answer_with_source_and_related_buttons(
    bot: Harness, pipeline: Pipeline
) -> None:
    await bot.text("Who represents India?")
    (sent,) = bot.sent()
    reply = pipeline.answer("Who represents India?")
    assert sent["text"] == reply.html()
    assert "<blockquote>" in sent["text"]
    assert buttons(sent) == [(title, f"f:{fact_id}") for fact_id, title in reply.related]
    assert "reply_parameters" not in sent  # in a private chat the answer simply follows


@pytest.mark.parametrize(
    "chat",
    [
        {"id": 1, "type": "private", "first_name": "Ann"},
        {"id": GROUP, "type": "supergroup", "title": "Summit watchers"},
        {"id": GROUP, "type": "supergroup", "title": "Forum", "is_forum": True},
    ],
)
async def test_a_reply_is_sent_as_message_reply_html_sends_it(
    bot: Harness, pipeline: Pipeline, chat: JSONDict
) -> None:
    """Replies skip parsing Telegram's copy of the sent message, not any of the call: the same
    parameters as `Message.reply_html` (Defaults, quoting in groups, the forum topic)."""
    question = message_dict("who represents india?")
    question["chat"] = chat
    if chat.get("is_forum"):
        question.update(message_thread_id=7, is_topic_message=True)
    message = Update.de_json({"update_id": 1, "message": question}, bot.application.bot).message
    assert message is not None
    reply = pipeline.answer("who represents india?")
    sent_id = await handlers._send(message, reply)
    ours = bot.sent()[-1]
    await message.reply_html(
        reply.html(), reply_markup=handlers._markup(reply), do_quote=chat["type"] != "private"
    )
    assert ours == bot.sent()[-1]
    assert sent_id == bot.sent().index(ours) + 1000  # RecordingRequest's first message id


async def test_group_chatter_is_ignored_without_a_word(bot: Harness) -> None:
    await bot.text("when is the summit?", GROUP)
    await bot.text("@someone_else where is it?", GROUP)
    reply_to_a_person = message_dict("hi", GROUP)
    await bot.text("who represents India?", GROUP, reply_to=reply_to_a_person)
    await bot.feed("message", message_dict(None, GROUP, sticker=_sticker()))
    assert bot.outgoing() == []


async def test_a_mention_in_a_group_is_answered_without_the_mention(
    bot: Harness, pipeline: Pipeline
) -> None:
    question = await bot.text(f"@{BOT_USERNAME} who represents India?", GROUP)
    (sent,) = bot.sent()
    assert sent["text"] == answer_html(pipeline, "who represents India?")
    assert sent["reply_parameters"]["message_id"] == question["message_id"]


async def test_a_reply_to_the_bot_in_a_group_is_a_question(
    bot: Harness, pipeline: Pipeline
) -> None:
    await bot.text("where is the summit?", GROUP, reply_to=bot_message(GROUP, 5))
    (sent,) = bot.sent()
    assert sent["text"] == answer_html(pipeline, "where is the summit?")


async def test_a_declined_question_says_so_and_is_logged_for_curators(
    bot: Harness, pipeline: Pipeline, tmp_path: Path
) -> None:
    await bot.text("what is the weather in Paris tomorrow?")
    (sent,) = bot.sent()
    assert sent["text"] == answer_html(pipeline, "what is the weather in Paris tomorrow?")
    assert "/topics" in sent["text"]
    assert "reply_markup" not in sent
    with GapsLog(tmp_path / "gaps.sqlite3") as gaps:
        (gap,) = gaps.top_gaps()
    assert gap.example == "what is the weather in Paris tomorrow?"


async def test_without_curators_no_explanations_are_kept(bot: Harness, pipeline: Pipeline) -> None:
    await bot.text(a_question_with(pipeline, DecisionKind.ANSWER))
    await bot.text("/date")
    assert len(bot.sent()) == 2
    assert len(bot.application.bot_data[SERVICES_KEY].explanations) == 0


async def test_a_russian_question_is_answered_in_russian(bot: Harness, pipeline: Pipeline) -> None:
    if "ru" not in pipeline.knowledge.languages:
        pytest.fail("the knowledge base has no Russian: this test pins the language fallback")
    await bot.text("кто представляет Индию?", language_code="en")
    (sent,) = bot.sent()
    assert sent["text"] == pipeline.answer("кто представляет Индию?").html()
    assert pipeline.answer("кто представляет Индию?").language == "ru"


async def test_commands_answer_in_the_users_language(bot: Harness, pipeline: Pipeline) -> None:
    if "ru" not in pipeline.knowledge.languages:
        pytest.fail("the knowledge base has no Russian: this test pins the language_code hint")
    await bot.text("/date", language_code="ru")
    (sent,) = bot.sent()
    assert sent["text"] == fact_html(pipeline, "summit_dates", "ru")


def _sticker() -> JSONDict:
    return {
        "file_id": "CAAC",
        "file_unique_id": "AgAD",
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
    }


async def test_a_sticker_in_private_gets_a_hint_that_the_bot_reads_text(
    bot: Harness, pipeline: Pipeline
) -> None:
    await bot.feed("message", message_dict(None, 1, sticker=_sticker()))
    (sent,) = bot.sent()
    assert sent["text"] == pipeline.replies.notice("non_text", "en").html()


async def test_a_chat_asking_too_fast_gets_one_notice_then_silence(
    tmp_path: Path, pipeline: Pipeline
) -> None:
    settings = make_settings(tmp_path, flood_max_questions=2, flood_window_seconds=60)
    harness = await start_harness(settings, pipeline)
    for _ in range(5):
        await harness.text("when is the summit?")
    await harness.text("when is the summit?", chat_id=2)  # another chat is not affected
    texts = [sent["text"] for sent in harness.sent()]
    notice = pipeline.replies.notice("flood", "en").html()
    answer = answer_html(pipeline, "when is the summit?")
    assert texts == [answer, answer, notice, answer]
    await harness.application.shutdown()
    await stop_services(harness.application)


# ------------------------------------------------------------------ edits


async def test_an_edited_question_gets_its_answer_edited(bot: Harness, pipeline: Pipeline) -> None:
    question = await bot.text("when is the summit?")
    (answer,) = bot.sent()
    bot.request.calls.clear()
    await bot.feed("edited_message", {**question, "text": "where is the summit?", "edit_date": 1})
    (edit,) = bot.request.to("editMessageText")
    assert edit["message_id"] == 1000  # the first message RecordingRequest handed out
    assert edit["text"] == answer_html(pipeline, "where is the summit?")
    assert answer["text"] != edit["text"]
    assert bot.outgoing() == ["editMessageText"]


async def test_an_edit_to_a_message_the_bot_did_not_answer_is_ignored(bot: Harness) -> None:
    chatter = await bot.text("lunch anyone?", GROUP)
    await bot.feed("edited_message", {**chatter, "text": "lunch, anyone?", "edit_date": 1})
    assert bot.outgoing() == []


async def test_an_edit_that_changes_nothing_in_the_answer_is_quietly_accepted(
    bot: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    question = await bot.text("when is the summit?")
    bot.request.fail_next(
        "editMessageText", "Bad Request: message is not modified: specified new message content"
    )
    await bot.feed("edited_message", {**question, "text": "when is the summit??", "edit_date": 1})
    assert len(bot.sent()) == 1  # no "something went wrong"
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]


# ------------------------------------------------------------------ buttons


async def test_choosing_a_did_you_mean_suggestion_turns_the_message_into_the_answer(
    bot: Harness, pipeline: Pipeline, tmp_path: Path
) -> None:
    await bot.text(a_question_with(pipeline, DecisionKind.SUGGEST))
    (suggestion,) = bot.sent()
    choices = buttons(suggestion)
    assert choices[-1] == (strings(pipeline)["none_of_these"], CALLBACK_NONE)
    _, data = choices[0]
    keyboard = [[{"text": text, "callback_data": value}] for text, value in choices]
    await bot.press(data, bot_message(1, 1000, keyboard))
    (edit,) = bot.request.to("editMessageText")
    assert edit["message_id"] == 1000
    assert edit["text"] == fact_html(pipeline, data.removeprefix("f:"))
    assert bot.request.to("answerCallbackQuery")[0].get("text") is None
    with GapsLog(tmp_path / "gaps.sqlite3") as gaps:
        (gap,) = gaps.top_gaps()
    assert gap.choices == {data.removeprefix("f:"): 1}


async def test_none_of_these_apologises_in_place(bot: Harness, pipeline: Pipeline) -> None:
    keyboard = [[{"text": "When?", "callback_data": "f:summit_dates"}]]
    keyboard.append([{"text": "None of these", "callback_data": CALLBACK_NONE}])
    await bot.press(CALLBACK_NONE, bot_message(1, 77, keyboard))
    (edit,) = bot.request.to("editMessageText")
    assert edit["text"] == pipeline.replies.none_of_these("en").html()
    assert len(bot.request.to("answerCallbackQuery")) == 1


async def test_a_topic_button_sends_the_answer_as_a_new_message(
    bot: Harness, pipeline: Pipeline
) -> None:
    keyboard = [[{"text": "Who represents India?", "callback_data": "f:india"}]]
    await bot.press("f:india", bot_message(1, 50, keyboard))
    (sent,) = bot.sent()
    assert sent["text"] == fact_html(pipeline, "india")
    assert bot.request.to("editMessageText") == []
    assert len(bot.request.to("answerCallbackQuery")) == 1


@pytest.mark.parametrize(
    ("data", "on_inline_message"),
    [
        ("f:no_such_fact", False),  # a fact removed since the button was made
        ("f:" + "x" * 62, False),  # forged
        ("", False),
        ("none", False),  # "none of these" on a message that offers no choices
        ("f:india", True),  # under a message sent in inline mode: no chat to answer in
    ],
)
async def test_a_stale_or_forged_button_gets_a_polite_answer_and_nothing_else(
    bot: Harness, pipeline: Pipeline, data: str, on_inline_message: bool
) -> None:
    await bot.press(data, None if on_inline_message else bot_message(1, 60, []))
    (answered,) = bot.request.to("answerCallbackQuery")
    assert answered["text"] == strings(pipeline)["stale_button"]
    assert bot.outgoing() == ["answerCallbackQuery"]


async def test_a_button_answers_in_the_language_of_the_message_it_is_on(
    bot: Harness, pipeline: Pipeline
) -> None:
    if "ru" not in pipeline.knowledge.languages:
        pytest.fail("the knowledge base has no Russian: this test pins the button's language")
    keyboard = [[{"text": "Кто представляет Индию?", "callback_data": "f:india"}]]
    russian = {**bot_message(1, 51, keyboard), "text": strings(pipeline, "ru")["topics_heading"]}
    await bot.press("f:india", russian)
    (sent,) = bot.sent()
    assert sent["text"] == fact_html(pipeline, "india", "ru")


async def test_a_button_on_a_message_too_old_to_read_still_answers(
    bot: Harness, pipeline: Pipeline
) -> None:
    inaccessible = {"chat": _chat(1), "message_id": 3, "date": 0}
    await bot.press("f:summit_venue", inaccessible)
    (sent,) = bot.sent()
    assert sent["text"] == fact_html(pipeline, "summit_venue")


# ------------------------------------------------------------------ inline mode


async def test_an_inline_query_offers_the_best_matching_facts_first(
    bot: Harness, pipeline: Pipeline
) -> None:
    answer = await bot.inline("who represents india")
    results = answer["results"]
    assert 1 <= len(results) <= 10
    assert results[0]["id"] == "india"
    content = results[0]["input_message_content"]
    assert content["message_text"] == answer_html(pipeline, "who represents india")
    assert content["parse_mode"] == "HTML"
    assert len({result["id"] for result in results}) == len(results)


async def test_an_empty_inline_query_lists_the_most_asked_facts(
    bot: Harness, pipeline: Pipeline
) -> None:
    first = await bot.inline("")
    facts = pipeline.knowledge.facts
    assert [result["id"] for result in first["results"]] == [fact.id for fact in facts[:10]]
    await bot.text("/india")
    await bot.text("who represents India?")
    again = await bot.inline("")
    assert again["results"][0]["id"] == "india"


async def test_an_inline_question_the_article_does_not_cover_offers_nothing(
    bot: Harness, pipeline: Pipeline
) -> None:
    answer = await bot.inline("what is the weather in Paris tomorrow?")
    assert answer["results"] == []
    assert answer["button"]["text"] == strings(pipeline)["inline_empty_title"]


async def test_a_huge_inline_query_is_bounded(bot: Harness) -> None:
    started = time.perf_counter()
    answer = await bot.inline("india " * 50_000)
    assert time.perf_counter() - started < 1.0
    assert len(answer["results"]) <= 10


# ------------------------------------------------------------------ groups and errors


def _membership(old: str, new: str) -> JSONDict:
    bot_user = {"id": BOT_ID, "is_bot": True, "first_name": "Summit", "username": BOT_USERNAME}
    return {
        "chat": _chat(GROUP),
        "from": _user(),
        "date": int(time.time()),
        "old_chat_member": {"user": bot_user, "status": old},
        "new_chat_member": {"user": bot_user, "status": new}
        | (
            {
                "can_be_edited": False,
                "can_manage_chat": True,
                "can_delete_messages": True,
                "can_manage_video_chats": True,
                "can_restrict_members": True,
                "can_promote_members": False,
                "can_change_info": True,
                "can_invite_users": True,
                "is_anonymous": False,
                "can_post_stories": False,
                "can_edit_stories": False,
                "can_delete_stories": False,
            }
            if new == "administrator"
            else {}
        ),
    }


async def test_being_added_to_a_group_gets_one_short_introduction(
    bot: Harness, pipeline: Pipeline
) -> None:
    await bot.feed("my_chat_member", _membership("left", "member"))
    await bot.feed("my_chat_member", _membership("member", "administrator"))  # promoted
    (intro,) = bot.sent()
    assert intro["chat_id"] == GROUP
    assert f"@{BOT_USERNAME}" in intro["text"]
    assert (
        intro["text"] == pipeline.replies.notice("group_intro", "en", username=BOT_USERNAME).html()
    )


async def test_a_failing_reply_is_logged_and_the_user_hears_about_it_once(
    bot: Harness, pipeline: Pipeline, caplog: pytest.LogCaptureFixture
) -> None:
    bot.request.fail_next("sendMessage", "Bad Request: can't parse entities: boom")
    await bot.text("when is the summit?")
    error_text = pipeline.replies.notice("error", "en").html()
    assert [sent["text"] for sent in bot.sent()] == [
        answer_html(pipeline, "when is the summit?"),
        error_text,
    ]
    (logged,) = [record for record in caplog.records if record.levelno >= logging.ERROR]
    assert "when is the summit?" in logged.getMessage()  # the update
    assert logged.exc_info is not None  # and the traceback
    await bot.text("where is the summit?")  # the bot keeps answering
    assert bot.sent()[-1]["text"] == answer_html(pipeline, "where is the summit?")


async def test_an_error_on_group_chatter_stays_silent(bot: Harness) -> None:
    update = Update.de_json(
        {"update_id": 1, "message": message_dict("lunch anyone?", GROUP)}, bot.application.bot
    )
    error = RuntimeError("boom")
    await on_error(update, CallbackContext.from_error(update, error, bot.application))
    assert bot.outgoing() == []


# ------------------------------------------------------------------ concurrency and memory


async def test_one_chats_updates_run_in_order_while_other_chats_proceed() -> None:
    processor = ChatOrderedUpdateProcessor(max_concurrent_updates=8)
    first_may_finish = asyncio.Event()
    finished: list[str] = []

    async def handle(name: str, wait: asyncio.Event | None = None) -> None:
        if wait is not None:
            await wait.wait()
        finished.append(name)

    def update_in(chat_id: int) -> Update:
        return Update.de_json({"update_id": 1, "message": message_dict("hi", chat_id)}, None)

    first = asyncio.create_task(
        processor.process_update(update_in(1), handle("chat 1, first", first_may_finish))
    )
    second = asyncio.create_task(processor.process_update(update_in(1), handle("chat 1, second")))
    other = asyncio.create_task(processor.process_update(update_in(2), handle("chat 2")))
    await asyncio.wait_for(other, timeout=1)
    assert finished == ["chat 2"]  # chat 1's second update waits for its first
    first_may_finish.set()
    await asyncio.gather(first, second)
    assert finished == ["chat 2", "chat 1, first", "chat 1, second"]


def test_recent_map_forgets_the_oldest_entries() -> None:
    recent: RecentMap[int, str] = RecentMap(capacity=2)
    recent[1], recent[2], recent[3] = "a", "b", "c"
    assert (recent.get(1), recent.get(2), recent.get(3), len(recent)) == (None, "b", "c", 2)


def test_the_token_is_redacted_from_log_messages_and_tracebacks() -> None:
    try:
        raise ValueError(f"The token `{TOKEN}` was rejected by the server.")
    except ValueError as error:
        record = logging.LogRecord(
            "telegram", logging.ERROR, __file__, 1, "url %s", (f"/bot{TOKEN}/getMe",), None
        )
        record.exc_info = (type(error), error, error.__traceback__)
    redact_record(record, [TOKEN])
    text = logging.Formatter().format(record)
    assert TOKEN not in text
    assert REDACTED in record.getMessage() and REDACTED in text.splitlines()[-1]


def test_once_the_bot_is_built_no_logger_shows_the_token(
    tmp_path: Path, pipeline: Pipeline, caplog: pytest.LogCaptureFixture
) -> None:
    build_application(make_settings(tmp_path), pipeline)
    logging.getLogger("anything.at.all").warning("calling https://x/bot%s/getMe", TOKEN)
    assert TOKEN not in caplog.text and REDACTED in caplog.text


# ------------------------------------------------------------------ conversations


def ask_in_context(pipeline: Pipeline, *messages: str) -> str:
    """The HTML of the last answer in a conversation of `messages`."""
    conversation = None
    answer = None
    for message in messages:
        answer = pipeline.ask(message, conversation)
        conversation = answer.context
    assert answer is not None
    return answer.reply.html()


async def test_a_private_follow_up_is_answered_in_context(bot: Harness, pipeline: Pipeline) -> None:
    await bot.text("is pakistan coming?")
    await bot.text("and brazil?")
    _, follow_up = bot.sent()
    assert follow_up["text"] == ask_in_context(pipeline, "is pakistan coming?", "and brazil?")
    assert "Brazil" in follow_up["text"]


async def test_conversations_never_leak_between_chats(bot: Harness, pipeline: Pipeline) -> None:
    await bot.text("is pakistan coming?", chat_id=1)
    await bot.text("is he going?", chat_id=2)
    _, other_chat = bot.sent()
    assert other_chat["text"] == pipeline.ask("is he going?").reply.html()
    assert "“he”" in other_chat["text"]


async def test_in_a_group_a_reply_to_an_answer_continues_that_answers_thread(
    bot: Harness, pipeline: Pipeline
) -> None:
    await bot.text(f"@{BOT_USERNAME} is pakistan coming?", GROUP)
    await bot.text(f"@{BOT_USERNAME} who created the sco", GROUP)
    pakistan_answer, founding_answer = bot.sent()
    pakistan_id = 1000  # RecordingRequest numbers the bot's messages from 1000
    await bot.text("and brazil?", GROUP, reply_to=bot_message(GROUP, pakistan_id))
    await bot.text("when?", GROUP, reply_to=bot_message(GROUP, pakistan_id + 1))
    *_, brazil, when = bot.sent()
    assert brazil["text"] == ask_in_context(pipeline, "is pakistan coming?", "and brazil?")
    assert when["text"] == ask_in_context(pipeline, "who created the sco", "when?")
    assert pakistan_answer["text"] != founding_answer["text"]


async def test_a_mention_in_a_group_starts_a_new_thread(bot: Harness, pipeline: Pipeline) -> None:
    await bot.text(f"@{BOT_USERNAME} is pakistan coming?", GROUP)
    await bot.text(f"@{BOT_USERNAME} is he going?", GROUP)
    _, unresolved = bot.sent()
    assert unresolved["text"] == pipeline.ask("is he going?").reply.html()


async def test_a_photo_caption_is_asked_like_text(bot: Harness, pipeline: Pipeline) -> None:
    photo = [{"file_id": "p1", "file_unique_id": "u1", "width": 90, "height": 90}]
    await bot.feed("message", message_dict(None, 1, photo=photo, caption="who represents india?"))
    (sent,) = bot.sent()
    assert sent["text"] == answer_html(pipeline, "who represents india?")


async def test_a_captioned_photo_in_a_group_needs_a_mention(
    bot: Harness, pipeline: Pipeline
) -> None:
    photo = [{"file_id": "p1", "file_unique_id": "u1", "width": 90, "height": 90}]
    await bot.feed("message", message_dict(None, GROUP, photo=photo, caption="when is it?"))
    assert bot.outgoing() == []
    caption = f"@{BOT_USERNAME} when is the summit?"
    entities = [{"type": "mention", "offset": 0, "length": len(BOT_USERNAME) + 1}]
    await bot.feed(
        "message",
        message_dict(None, GROUP, photo=photo, caption=caption, caption_entities=entities),
    )
    (sent,) = bot.sent()
    assert sent["text"] == answer_html(pipeline, "when is the summit?")


async def test_group_chatter_never_counts_towards_the_flood_limit(
    tmp_path: Path, pipeline: Pipeline
) -> None:
    settings = make_settings(tmp_path, flood_max_questions=1, flood_window_seconds=60)
    harness = await start_harness(settings, pipeline)
    for _ in range(5):
        await harness.text("when is the summit?", GROUP)  # people talking among themselves
    await harness.text(f"@{BOT_USERNAME} when is the summit?", GROUP)
    (sent,) = harness.sent()
    assert sent["text"] == answer_html(pipeline, "when is the summit?")
    await harness.application.shutdown()
    await stop_services(harness.application)
