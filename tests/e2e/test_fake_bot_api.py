"""Tests of the fake Bot API itself, through PTB's real Bot, so e2e failures point at the bot."""

import asyncio
import datetime as dtm
import json
import time
import urllib.error
import urllib.request
from collections.abc import AsyncIterator, Iterator

import pytest
import pytest_asyncio
from telegram import Bot as PTBBot
from telegram import (
    BotCommand,
    BotCommandScopeAllGroupChats,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    MessageEntity,
    ReplyKeyboardMarkup,
    Update,
)
from telegram.error import (
    BadRequest,
    Conflict,
    EndPointNotFound,
    InvalidToken,
    NetworkError,
    RetryAfter,
)
from telegram.ext import Application, ApplicationBuilder, CommandHandler, ContextTypes
from telegram.request import HTTPXRequest

from .fake_bot_api import FakeBotAPI, UploadedFile
from .telegram_html import check_message_text, check_telegram_html, visible_length

TOKEN = "123456789:TEST-token-abcdefghijklmnopqrstu"
PREFIX = "Bad Request: can't parse entities: "


@pytest.fixture
def fake() -> Iterator[FakeBotAPI]:
    """A fresh server per test, so recorded calls and queues never leak between tests."""
    with FakeBotAPI(TOKEN) as api:
        yield api


@pytest_asyncio.fixture
async def bot(fake: FakeBotAPI) -> AsyncIterator[PTBBot]:
    """PTB's real Bot pointed at the fake; initialize() already does one getMe."""
    async with PTBBot(TOKEN, base_url=fake.base_url) as ptb_bot:
        yield ptb_bot


async def _updates(bot: PTBBot, offset: int | None = None) -> tuple[Update, ...]:
    return await bot.get_updates(offset=offset, timeout=0)


# ------------------------------------------------------------------ basics


@pytest.mark.asyncio
async def test_get_me_reports_the_bot(fake: FakeBotAPI, bot: PTBBot) -> None:
    me = await bot.get_me()
    assert me.username == "SummitQABot"
    assert me.is_bot
    assert me.id == 123456789
    assert [call.method for call in fake.calls] == ["getMe", "getMe"]


@pytest.mark.asyncio
async def test_wrong_token_is_unauthorized(fake: FakeBotAPI) -> None:
    requests = (HTTPXRequest(), HTTPXRequest())
    wrong = PTBBot(
        "987654321:WRONG-token-abcdefghijklmnop",
        base_url=fake.base_url,
        request=requests[0],
        get_updates_request=requests[1],
    )
    try:
        with pytest.raises(InvalidToken, match="rejected by the server"):
            await wrong.initialize()
    finally:
        for request in requests:
            await request.shutdown()
    assert (fake.calls[-1].failed_status, fake.calls[-1].description) == (401, "Unauthorized")


@pytest.mark.asyncio
async def test_unknown_method_is_404(fake: FakeBotAPI, bot: PTBBot) -> None:
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("sendTelepathy", api_kwargs={"chat_id": 1})
    call = fake.calls_to("sendTelepathy")[0]
    assert call.failed_status == 404
    assert call.description == "Not Found: method not found"


# ------------------------------------------------------------------ sendMessage / HTML


@pytest.mark.asyncio
async def test_valid_html_is_sent_as_telegram_renders_it(fake: FakeBotAPI, bot: PTBBot) -> None:
    first = await bot.send_message(1, "<b>Astana</b> &amp; <i>SCO</i> /help", parse_mode="HTML")
    second = await bot.send_message(1, "plain")
    other_chat = await bot.send_message(2, "plain")
    assert first.text == "Astana & SCO /help"
    assert [(e.type, e.offset, e.length) for e in first.entities] == [
        (MessageEntity.BOLD, 0, 6),
        (MessageEntity.ITALIC, 9, 3),
        (MessageEntity.BOT_COMMAND, 13, 5),
    ]
    assert first.from_user is not None and first.from_user.username == "SummitQABot"
    assert (first.message_id, second.message_id, other_chat.message_id) == (1, 2, 1)
    assert fake.sent_messages[0]["text"] == "<b>Astana</b> &amp; <i>SCO</i> /help"
    assert fake.sent_messages[0]["chat_id"] == 1  # form strings are typed back


@pytest.mark.asyncio
async def test_invalid_html_is_a_bad_request(fake: FakeBotAPI, bot: PTBBot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities: unsupported start tag"):
        await bot.send_message(1, "1 < 2 <p>para</p>", parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await bot.send_message(1, "Q&A", parse_mode="HTML")
    assert fake.sent_messages == []
    failed = fake.calls_to("sendMessage")
    assert [call.failed_status for call in failed] == [400, 400]
    assert failed[0].description == PREFIX + 'Unsupported start tag "" at byte offset 2'


@pytest.mark.asyncio
async def test_empty_and_too_long_texts(bot: PTBBot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await bot.send_message(1, "<b> </b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(1, "😀" * 2049)  # 4098 UTF-16 code units
    fits = await bot.send_message(1, "<b>" + "x" * 4096 + "</b>", parse_mode="HTML")
    assert len(fits.text) == 4096


@pytest.mark.asyncio
async def test_reply_markup_and_reply_parameters(fake: FakeBotAPI, bot: PTBBot) -> None:
    question = fake.push_text("what is SCO?")["message"]
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("More", callback_data="more:1")]])
    sent = await bot.send_message(
        1, "An organisation.", reply_markup=keyboard, reply_to_message_id=question["message_id"]
    )
    assert sent.reply_markup == keyboard
    assert sent.reply_to_message is not None
    assert sent.reply_to_message.text == "what is SCO?"
    params = fake.sent_messages[0]
    assert params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "more:1"
    assert params["reply_parameters"] == {"message_id": question["message_id"]}

    reply_keyboard = await bot.send_message(1, "pick", reply_markup=ReplyKeyboardMarkup([["a"]]))
    assert reply_keyboard.reply_markup is None  # Telegram echoes inline keyboards only
    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        too_long = InlineKeyboardButton("x", callback_data="d" * 65)
        await bot.send_message(1, "x", reply_markup=InlineKeyboardMarkup([[too_long]]))
    with pytest.raises(BadRequest, match=r"(?i)message to be replied not found"):
        await bot.send_message(1, "x", reply_to_message_id=999)


@pytest.mark.asyncio
async def test_edit_message_text(fake: FakeBotAPI, bot: PTBBot) -> None:
    sent = await bot.send_message(1, "draft")
    edited = await bot.edit_message_text("<b>final</b>", 1, sent.message_id, parse_mode="HTML")
    assert not isinstance(edited, bool)
    assert (edited.text, edited.message_id) == ("final", sent.message_id)
    assert edited.edit_date is not None
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text("<b>final</b>", 1, sent.message_id, parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("x", 1, 999)
    user_message = fake.push_text("hi")["message"]
    with pytest.raises(BadRequest, match=r"(?i)message can't be edited"):
        await bot.edit_message_text("x", 1, user_message["message_id"])
    assert fake.last_bot_message()["text"] == "final"


# ------------------------------------------------------------------ getUpdates


@pytest.mark.asyncio
async def test_get_updates_returns_pushed_updates_and_honours_offset(
    fake: FakeBotAPI, bot: PTBBot
) -> None:
    first = fake.push_text("/start")
    second = fake.push_text("hello", chat_id=-100777, chat_type="supergroup", user_id=5)
    updates = await _updates(bot)
    assert [u.update_id for u in updates] == [first["update_id"], second["update_id"]]
    assert updates[1].effective_chat is not None and updates[1].effective_chat.title
    assert updates[1].effective_message is not None
    assert updates[1].effective_message.message_id == 1  # message ids count per chat

    again = await _updates(bot)  # nothing confirmed yet: the same two come back
    assert [u.update_id for u in again] == [first["update_id"], second["update_id"]]
    limited = await bot.get_updates(offset=second["update_id"], limit=1, timeout=0)
    assert [u.update_id for u in limited] == [second["update_id"]]  # first one now dropped
    assert await _updates(bot, offset=second["update_id"] + 1) == ()
    assert fake.pending_updates == []

    third = fake.push_text("later")
    fake.push_text("last")
    newest = await _updates(bot, offset=-1)
    assert [u.update_id for u in newest] == [third["update_id"] + 1]
    call = fake.calls_to("getUpdates")[0]
    assert call.params["timeout"] == 0 and "allowed_updates" not in call.params


@pytest.mark.asyncio
async def test_long_poll_returns_as_soon_as_an_update_arrives(
    fake: FakeBotAPI, bot: PTBBot
) -> None:
    started = time.monotonic()
    poll = asyncio.create_task(bot.get_updates(timeout=10))
    await fake.wait_until_polling()
    fake.push_text("ping")
    updates = await asyncio.wait_for(poll, timeout=3)
    assert [u.message.text for u in updates if u.message] == ["ping"]
    assert time.monotonic() - started < 2


@pytest.mark.asyncio
async def test_long_poll_times_out_empty(bot: PTBBot) -> None:
    started = time.monotonic()
    assert await bot.get_updates(timeout=dtm.timedelta(seconds=0.3)) == ()
    assert 0.25 < time.monotonic() - started < 2


@pytest.mark.asyncio
async def test_webhook_blocks_get_updates_and_multipart_is_parsed(
    fake: FakeBotAPI, bot: PTBBot
) -> None:
    assert await bot.set_webhook(
        "https://bot.example.org/hook", certificate=b"---CERT---", secret_token="s3cret"
    )
    params = fake.calls_to("setWebhook")[0].params
    assert params["url"] == "https://bot.example.org/hook"
    assert params["secret_token"] == "s3cret"
    assert isinstance(params["certificate"], UploadedFile)
    assert params["certificate"].data == b"---CERT---"
    info = await bot.get_webhook_info()
    assert info.url == "https://bot.example.org/hook" and info.has_custom_certificate
    with pytest.raises(Conflict, match=r"(?i)webhook is active"):
        await _updates(bot)
    fake.push_text("queued")
    assert await bot.delete_webhook(drop_pending_updates=True)
    assert await _updates(bot) == ()
    with pytest.raises(BadRequest, match=r"(?i)https url must be provided"):
        await bot.set_webhook("http://insecure.example.org/hook")


# ------------------------------------------------------------------ entities and other updates


@pytest.mark.asyncio
async def test_entities_for_commands_and_mentions(fake: FakeBotAPI, bot: PTBBot) -> None:
    text = "/ask@SummitQABot who is @ann_smith? a/b mail@x.org @ab /help"
    pushed = fake.push_text(text, chat_id=-42, chat_type="group")
    assert pushed["message"]["chat"]["title"]
    message = (await _updates(bot))[0].message
    assert message is not None
    found = message.parse_entities()
    assert sorted((e.type, value) for e, value in found.items()) == [
        (MessageEntity.BOT_COMMAND, "/ask@SummitQABot"),
        (MessageEntity.BOT_COMMAND, "/help"),
        (MessageEntity.MENTION, "@ann_smith"),
    ]
    emoji = fake.push_text("😀 /start")["message"]["entities"]
    assert emoji == [{"type": "bot_command", "offset": 3, "length": 6}]  # UTF-16 offsets


@pytest.mark.asyncio
async def test_other_update_kinds_parse_in_ptb(fake: FakeBotAPI, bot: PTBBot) -> None:
    original = fake.push_text("typo")
    fake.push_edited_text(original, "fixed")
    fake.push_sticker()
    fake.push_photo(caption="look @ann_smith")
    fake.push_inline_query("summit")
    fake.push_bot_added_to_group(-1001234, chat_type="supergroup", title="SCO fans")
    fake.push_raw({"message": {**original["message"], "message_id": 50, "text": "raw"}})
    updates = await _updates(bot)
    edited, sticker, photo, inline, member, joined, raw = updates[1:]
    assert edited.edited_message is not None and edited.edited_message.text == "fixed"
    assert edited.edited_message.message_id == original["message"]["message_id"]
    assert sticker.message is not None and sticker.message.sticker is not None
    assert photo.message is not None and len(photo.message.photo) == 2
    assert photo.message.caption_entities[0].type == MessageEntity.MENTION
    assert inline.inline_query is not None and inline.inline_query.query == "summit"
    assert member.my_chat_member is not None
    assert member.my_chat_member.new_chat_member.status == "member"
    assert member.my_chat_member.new_chat_member.user.id == 123456789
    assert joined.message is not None and joined.message.new_chat_members[0].is_bot
    assert raw.message is not None and raw.message.text == "raw"
    assert len({u.update_id for u in updates}) == len(updates)


@pytest.mark.asyncio
async def test_callback_and_inline_answers(fake: FakeBotAPI, bot: PTBBot) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("More", callback_data="more")]])
    await bot.send_message(1, "answer", reply_markup=keyboard)
    fake.push_callback_query("more", fake.last_bot_message())
    query = (await _updates(bot))[0].callback_query
    assert query is not None and query.data == "more"
    assert query.message is not None and query.message.message_id == 1
    assert await bot.answer_callback_query(query.id, text="ok")
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query(query.id)

    inline_id = fake.push_inline_query("sco")["inline_query"]["id"]
    article = InlineQueryResultArticle(
        "r1", "SCO", InputTextMessageContent("<b>SCO</b>", parse_mode="HTML")
    )
    assert await bot.answer_inline_query(inline_id, [article], cache_time=0)
    results = fake.calls_to("answerInlineQuery")[0].params["results"]
    assert results[0]["input_message_content"]["message_text"] == "<b>SCO</b>"
    broken = InlineQueryResultArticle("r2", "x", InputTextMessageContent("<b>x", parse_mode="HTML"))
    second_id = fake.push_inline_query("x")["inline_query"]["id"]
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await bot.answer_inline_query(second_id, [broken])


@pytest.mark.asyncio
async def test_commands_and_chat_action(fake: FakeBotAPI, bot: PTBBot) -> None:
    commands = [BotCommand("start", "Start"), BotCommand("ask", "Ask a question")]
    assert await bot.set_my_commands(commands)
    assert await bot.set_my_commands(commands[:1], scope=BotCommandScopeAllGroupChats())
    assert fake.calls_to("setMyCommands")[0].params["commands"][1] == {
        "command": "ask",
        "description": "Ask a question",
    }
    assert await bot.get_my_commands() == tuple(commands)
    assert await bot.get_my_commands(scope=BotCommandScopeAllGroupChats()) == (commands[0],)
    assert await bot.delete_my_commands()
    assert await bot.get_my_commands() == ()
    with pytest.raises(BadRequest, match=r"(?i)bot_command_invalid"):
        await bot.set_my_commands([BotCommand("Bad-Name", "x")])
    assert await bot.send_chat_action(1, "typing")
    with pytest.raises(BadRequest, match=r"(?i)wrong parameter action"):
        await bot.send_chat_action(1, "dancing")
    assert await bot.log_out() and await bot.close()


# ------------------------------------------------------------------ fault injection


@pytest.mark.asyncio
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")  # int retry_after
async def test_429_injection_raises_retry_after(fake: FakeBotAPI, bot: PTBBot) -> None:
    fake.fail_next("sendMessage", 429, retry_after=7)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(1, "hi")
    assert caught.value.retry_after in (7, dtm.timedelta(seconds=7))
    await bot.send_message(1, "hi again")
    statuses = [call.failed_status for call in fake.calls_to("sendMessage")]
    assert statuses == [429, None]
    assert [m["text"] for m in fake.sent_messages] == ["hi again"]
    assert fake.last_bot_message()["message_id"] == 1  # the failed send used no id


@pytest.mark.asyncio
async def test_fault_rate_delay_and_dropped_connection(fake: FakeBotAPI, bot: PTBBot) -> None:
    fake.set_fault_rate("sendMessage", 502, 0.5, seed=3)
    outcomes = []
    for n in range(20):
        try:
            await bot.send_message(1, f"m{n}")
            outcomes.append(True)
        except NetworkError:
            outcomes.append(False)
    assert 0 < outcomes.count(True) < 20
    assert len(fake.sent_messages) == outcomes.count(True)
    fake.set_fault_rate("sendMessage", 502, 0)

    fake.set_delay("getMe", 0.2)
    started = time.monotonic()
    await bot.get_me()
    assert time.monotonic() - started >= 0.2
    fake.set_delay("getMe", 0)

    fake.fail_next("*", 0)
    with pytest.raises(NetworkError):
        await bot.get_me()
    assert fake.calls[-1].failed_status == 0
    assert (await bot.get_me()).username == "SummitQABot"


def test_wait_for_times_out_with_a_useful_message(fake: FakeBotAPI) -> None:
    with pytest.raises(TimeoutError, match=r"1 call\(s\) of sendMessage \(got 0\)"):
        fake.wait_for("sendMessage", timeout=0.05)


def test_json_bodies_and_wrong_paths() -> None:
    with FakeBotAPI(TOKEN) as api:
        request = urllib.request.Request(
            f"{api.base_url}{TOKEN}/sendMessage",
            data=json.dumps({"chat_id": 3, "text": "json", "reply_markup": "{}"}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=5) as response:
            body = json.load(response)
        assert body["ok"] and body["result"]["text"] == "json"
        assert api.wait_for("sendMessage")[0].params["reply_markup"] == {}
        with pytest.raises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(f"http://127.0.0.1:{api.port}/nothing", timeout=5)
        caught.value.close()
        assert caught.value.code == 404


# ------------------------------------------------------------------ a real Application


@pytest.mark.asyncio
async def test_application_polls_answers_and_stops_cleanly(fake: FakeBotAPI) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_html("<b>Hello</b>, ask me about the summit.")

    app: Application = ApplicationBuilder().token(TOKEN).base_url(fake.base_url).build()
    app.add_handler(CommandHandler("start", start))
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(timeout=5)
        fake.push_text("/start")
        sent = await fake.wait_for_async("sendMessage", timeout=3)
        await app.updater.stop()
        await app.stop()
    assert sent[0].result["text"] == "Hello, ask me about the summit."
    assert fake.pending_updates == []  # the shutdown getUpdates confirmed it
    assert all(call.ok or call.client_gone for call in fake.calls)
    assert not fake.errors


# ------------------------------------------------------------------ the HTML checker


GOOD_HTML = [
    "plain text",
    "<b>b</b> <strong>s</strong> <i>i</i> <em>e</em> <u>u</u> <ins>n</ins>",
    "<s>s</s> <strike>k</strike> <del>d</del> <tg-spoiler>x</tg-spoiler>",
    '<span class="tg-spoiler">hidden</span>',
    '<a href="https://example.org/?a=1&amp;b=2">link</a>',
    "<code>x &lt; y</code> <pre>block</pre>",
    '<pre><code class="language-python">print("hi")</code></pre>',
    "<blockquote>quote</blockquote> <blockquote expandable>more</blockquote>",
    '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>',
    "<b>bold <i>and italic</i></b>",
    "&lt;&gt;&amp;&quot; &#169; &#x1F600;",
    "<B>upper-case tags</B>",
    "<b>empty end tag</>",
]
BAD_HTML = [
    ("<p>para</p>", 'Unsupported start tag "p" at byte offset 0'),
    ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
    ("x<y", "Unclosed start tag at byte offset 1"),
    ("<b>never closed", 'Can\'t find end tag corresponding to start tag "b"'),
    ("stray</b>", "Unexpected end tag at byte offset 5"),
    ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
    ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
    ("<a href=https://x.org>x</a>", "Unexpected end of name token at byte offset 8"),
    ('<tg-emoji emoji-id="abc">x</tg-emoji>', "Invalid custom emoji identifier specified"),
    ("&#xD83D;", "Text contains invalid Unicode characters after decoding HTML entities, "),
    ("é<p>", 'Unsupported start tag "p" at byte offset 2'),  # offsets are UTF-8 bytes
]


@pytest.mark.parametrize("text", GOOD_HTML)
def test_html_checker_accepts(text: str) -> None:
    assert check_telegram_html(text) is None


@pytest.mark.parametrize(("text", "reason"), BAD_HTML)
def test_html_checker_rejects(text: str, reason: str) -> None:
    description = check_telegram_html(text)
    assert description is not None and description.startswith(PREFIX + reason)


@pytest.mark.parametrize("text", ["Q&A", "&nbsp;", "&#0;", '<a href="/?a=1&b=2">x</a>'])
def test_bare_ampersand_is_strict_by_default(text: str) -> None:
    description = check_telegram_html(text)
    assert description is not None and description.startswith(PREFIX)
    assert check_telegram_html(text, strict_ampersand=False) is None  # Telegram's leniency


def test_visible_length_counts_utf16_after_markup() -> None:
    assert visible_length("<b>ab</b>&amp;c") == 4
    assert visible_length("😀") == 2
    assert visible_length("<b>x") == 1  # broken markup still gets a best-effort count
    assert check_message_text("x" * 4097) == "Bad Request: message is too long"
    assert check_message_text("<b>" + "x" * 4096 + "</b>", "HTML") is None
    assert check_message_text("  ", None) == "Bad Request: message text is empty"


@pytest.mark.asyncio
async def test_extra_methods_and_fake_bugs_surface(fake: FakeBotAPI, bot: PTBBot) -> None:
    fake.add_method("deleteMessage", lambda params: params["message_id"] == 1)
    assert await bot.delete_message(1, 1)

    def broken(params: dict[str, object]) -> object:
        raise KeyError("oops")

    fake.add_method("pinChatMessage", broken)
    with pytest.raises(NetworkError, match="fake failed"):
        await bot.pin_chat_message(1, 1)
    assert fake.errors == ["pinChatMessage: KeyError('oops')"]
