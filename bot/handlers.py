"""One small function per kind of update.

Each handler turns an update into a question (or a fact, or a request for help) and the reply
into Bot API calls; what the user reads always comes from bot/replies.py (and a curator's /why
from bot/explain.py). The shared services (pipeline, flood guard, gaps log, short memories) are
built once in post_init and kept in bot_data, so the handlers hold no state of their own.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import lru_cache, partial
from typing import Any

from telegram import (
    Chat,
    ChatMember,
    ChatMemberUpdated,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    Message,
    MessageEntity,
    ReplyParameters,
    Update,
)
from telegram._utils.defaultvalue import DEFAULT_NONE
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.conversation import ConversationContext
from bot.explain import Why
from bot.flood import FloodGuard, FloodVerdict
from bot.gaps import GapsLog
from bot.matching import Decision, DecisionKind
from bot.pipeline import Answer, Pipeline
from bot.recent import RecentMap
from bot.replies import CALLBACK_FACT_PREFIX, CALLBACK_NONE, Button, Notice, Reply, ReplyBuilder
from bot.traffic import TrafficRecorder

logger = logging.getLogger(__name__)

SERVICES_KEY = "services"
# Edits come minutes after a question, button presses hours after: recent messages suffice.
REMEMBERED_MESSAGES = 10_000
# Why each recent answer was given, for a curator's /why (kept only when there are curators).
REMEMBERED_EXPLANATIONS = 5_000
MAX_INLINE_RESULTS = 10
# Keyboards kept built: every fact's related buttons and the did-you-means asked most lately.
REMEMBERED_KEYBOARDS = 1_024
# Conversations kept at once (least recently used dropped): a few KB each, flat memory.
REMEMBERED_CONVERSATIONS = 10_000
PRIVATE_THREAD = 0  # a private chat is one conversation; a group has one per answer replied to
INLINE_START_PARAMETER = "inline"  # deep link from the inline "ask the bot" button to /start
GROUP_CHATS = frozenset({Chat.GROUP, Chat.SUPERGROUP})
OUTSIDE = frozenset({ChatMember.LEFT, ChatMember.BANNED})

Context = ContextTypes.DEFAULT_TYPE
Explain = Callable[[], Why]  # why an answer was given, built only if a curator may ask /why
Thread = tuple[int, int]  # (chat id, PRIVATE_THREAD or the bot's answer the thread replies to)


@dataclass(frozen=True)
class Reloaded:
    """How a reload went: the facts now answered from, or why the old ones are still used."""

    facts: int
    error: str | None = None  # the one-line error `check` prints, when the reload was refused


@dataclass
class Services:
    """What the handlers share; built once in post_init and kept in bot_data."""

    pipeline: Pipeline  # swapped whole by a reload: read it once per update
    flood: FloodGuard
    gaps: GapsLog
    # (chat id, question message id) -> the bot's answer, so an edited question edits it.
    answers: RecentMap[tuple[int, int], int] = field(
        default_factory=lambda: RecentMap(REMEMBERED_MESSAGES)
    )
    # (chat id, did-you-mean message id) -> gaps log row, so the pressed choice is recorded.
    suggestion_gaps: RecentMap[tuple[int, int], int] = field(
        default_factory=lambda: RecentMap(REMEMBERED_MESSAGES)
    )
    # (chat id, answer message id) -> why it was given, for /why.
    explanations: RecentMap[tuple[int, int], Why] = field(
        default_factory=lambda: RecentMap(REMEMBERED_EXPLANATIONS)
    )
    asked: Counter[str] = field(default_factory=Counter)  # fact id -> times answered
    # (chat id, thread) -> the conversation so far; thread is PRIVATE_THREAD in a private chat
    # and the bot's answer's message id in a group, so a reply to an answer continues it.
    conversations: RecentMap[Thread, ConversationContext] = field(
        default_factory=lambda: RecentMap(REMEMBERED_CONVERSATIONS)
    )
    conversation_ttl_seconds: float = field(kw_only=True)  # CONVERSATION_TTL_MINUTES
    curators: frozenset[int] = field(default=frozenset(), kw_only=True)  # ADMIN_USER_IDS
    # Rebuilds the knowledge base and swaps it in (bot/app.py); None where nothing can reload.
    reload: Callable[[], Awaitable[Reloaded]] | None = field(default=None, kw_only=True)
    recorder: TrafficRecorder = field(init=False)  # feeds `gaps`, links rephrasings

    def __post_init__(self) -> None:
        self.recorder = TrafficRecorder(self.gaps)

    def thread_of(self, message: Message) -> Thread | None:
        """The conversation `message` continues: its private chat, or the group thread of the
        answer it replies to (None: a group message that replies to nothing starts one)."""
        if not _is_group(message.chat):
            return (message.chat_id, PRIVATE_THREAD)
        replied = message.reply_to_message
        return None if replied is None else (message.chat_id, replied.message_id)

    def thread_after(self, message: Message, answer_id: int) -> Thread:
        """The conversation the next message continues once `answer_id` answered `message`."""
        return (message.chat_id, answer_id if _is_group(message.chat) else PRIVATE_THREAD)

    def conversation(self, message: Message) -> ConversationContext | None:
        """The conversation `message` continues, if one is recent enough."""
        thread = self.thread_of(message)
        found = None if thread is None else self.conversations.get(thread)
        if found is None or found.expired(self.conversation_ttl_seconds):
            return None
        return found

    def remember_conversation(
        self, message: Message, answer_id: int, conversation: ConversationContext | None
    ) -> None:
        if conversation is None:
            return
        self.conversations[self.thread_after(message, answer_id)] = conversation

    def use(self, pipeline: Pipeline) -> None:
        """Answer from `pipeline` from now on (a reload). Conversations are kept unless a fact
        they may lean on is gone."""
        if set(self.pipeline.knowledge.facts_by_id) - set(pipeline.knowledge.facts_by_id):
            self.conversations.clear()
        self.pipeline = pipeline

    def is_curator(self, update: Update) -> bool:
        user = update.effective_user
        return user is not None and user.id in self.curators

    def most_asked(self) -> list[str]:
        """Fact ids, most answered first; the knowledge base's order breaks ties."""
        position = {fact.id: index for index, fact in enumerate(self.pipeline.knowledge.facts)}
        return sorted(position, key=lambda fact_id: (-self.asked[fact_id], position[fact_id]))


def services_of(context: Context) -> Services:
    return context.bot_data[SERVICES_KEY]


# ------------------------------------------------------------------ reading updates


def addressed_question(message: Message, bot_username: str, bot_id: int) -> str | None:
    """The question a text message asks the bot, or None when it is chatter between people.

    In private chats every message is a question. In groups only a reply to one of the bot's
    messages or a message that mentions the bot is; the mention is cut out before matching.
    """
    text = message.text or message.caption or ""  # a screenshot's caption asks like text
    if message.chat.type not in GROUP_CHATS:
        return text
    replied = message.reply_to_message
    replying_to_bot = bool(replied and replied.from_user and replied.from_user.id == bot_id)
    mention = f"@{bot_username}".casefold()
    mentioned = any(
        (entity.type == MessageEntity.MENTION and value.casefold() == mention)
        or (entity.type == MessageEntity.TEXT_MENTION and entity.user and entity.user.id == bot_id)
        for entity, value in (
            message.parse_entities() if message.text else message.parse_caption_entities()
        ).items()
    )
    if not (replying_to_bot or mentioned):
        return None
    without_mention = re.sub(rf"(?<!\w)@{re.escape(bot_username)}\b", " ", text, flags=re.I)
    return " ".join(without_mention.split())


def command_of(text: str) -> tuple[str, str | None, str]:
    """Split a command: '/Date@SummitQABot  rest' -> ('date', 'SummitQABot', 'rest').

    Text that is not a command gives ('', None, text).
    """
    if not text.startswith("/"):
        return "", None, text
    head, *rest = re.split(r"\s+", text.strip(), maxsplit=1)
    name, _, addressee = head[1:].partition("@")
    return name.lower(), addressee or None, rest[0] if rest else ""


def _language_hint(update: Update) -> str | None:
    user = update.effective_user
    return user.language_code if user else None


def _language(services: Services, update: Update, text: str = "") -> str:
    """The reply language: the question's script, falling back to the user's language_code."""
    return services.pipeline.matcher.language_of(text, _language_hint(update))


def _is_group(chat: Chat) -> bool:
    return chat.type in GROUP_CHATS


# ------------------------------------------------------------------ sending replies


def _markup(reply: Reply | Notice) -> InlineKeyboardMarkup | None:
    rows = reply.keyboard()
    if not rows:
        return None
    return _inline_keyboard(tuple(tuple(row) for row in rows))


@lru_cache(maxsize=REMEMBERED_KEYBOARDS)
def _inline_keyboard(rows: tuple[tuple[Button, ...], ...]) -> InlineKeyboardMarkup:
    """PTB's keyboard for these buttons, built once: a fact's related buttons, a did-you-mean's
    choices are the same every time, and PTB's objects are immutable, so they can be shared."""
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(button.label, callback_data=button.data) for button in row]
            for row in rows
        ]
    )


def _markup_json(reply: Reply | Notice) -> dict[str, Any] | None:
    """`_markup` as the Bot API's JSON, for a call's parameters: PTB would turn the keyboard
    object into this at every call (~45 us for two buttons); a dict it passes on (~5 us)."""
    rows = reply.keyboard()
    if not rows:
        return None
    return _keyboard_json(tuple(tuple(row) for row in rows))


@lru_cache(maxsize=REMEMBERED_KEYBOARDS)
def _keyboard_json(rows: tuple[tuple[Button, ...], ...]) -> dict[str, Any]:
    return _inline_keyboard(rows).to_dict()


async def _send(message: Message, reply: Reply | Notice) -> int:
    """Reply in the message's chat; in groups the reply quotes the question it answers. Gives
    the sent message's id, all that is read of it.

    The call is the one `Message.reply_html` makes (the bot's Defaults fill the link preview,
    quoting and notification settings), but Telegram's copy of the sent message is not parsed
    into a PTB Message: that was half of PTB's work for a reply with buttons (~0.3 ms).
    """
    direct = message.direct_messages_topic
    sent = await message.get_bot()._post(
        "sendMessage",
        {
            "chat_id": message.chat_id,
            "text": reply.html(),
            "parse_mode": ParseMode.HTML,
            "reply_markup": _markup_json(reply),  # shared, read only: PTB passes it on as is
            "reply_parameters": (
                ReplyParameters(message.message_id) if _is_group(message.chat) else None
            ),
            "message_thread_id": message.message_thread_id if message.is_topic_message else None,
            "direct_messages_topic_id": direct.topic_id if direct else None,
            "link_preview_options": DEFAULT_NONE,
            "disable_notification": DEFAULT_NONE,
            "protect_content": DEFAULT_NONE,
        },
    )
    return sent["message_id"]


def _asks_the_bot(update: Update, context: Context, services: Services) -> bool:
    """Whether the bot would answer this update: what the flood guard counts. Group chatter,
    commands for other bots and inline queries (Telegram rate-limits those) are not counted."""
    if update.callback_query is not None:
        return True
    edited = update.edited_message
    if edited is not None:
        return services.answers.get((edited.chat_id, edited.message_id)) is not None
    message = update.message
    if message is None:
        return False
    if not _is_group(message.chat):
        return not message.new_chat_members and not message.left_chat_member
    name, addressee, _ = command_of(message.text or "")
    if name:
        return addressee is None or addressee.casefold() == context.bot.username.casefold()
    return addressed_question(message, context.bot.username, context.bot.id) is not None


async def flood_guard(update: Update, context: Context) -> None:
    """Runs before every handler (group -1): a chat asking faster than FLOOD_MAX_QUESTIONS per
    window gets one polite notice, then silence until the window has passed."""
    chat = update.effective_chat
    services = services_of(context)
    if chat is None or not _asks_the_bot(update, context, services):
        return
    verdict = services.flood.check(chat.id)
    if verdict is FloodVerdict.ALLOW:
        return
    message = update.effective_message
    text = (message.text or message.caption or "") if message else ""
    notice = services.pipeline.replies.notice("flood", _language(services, update, text))
    query = update.callback_query
    if query is not None:  # a button must always be answered, or it keeps spinning
        await query.answer(notice.text)
    elif verdict is FloodVerdict.NOTICE and message is not None:
        await _send(message, notice)
    raise ApplicationHandlerStop


async def _remember(
    services: Services,
    question: Message,
    answer_id: int,
    reply: Reply,
    why: Explain,
    decision: Decision | None = None,
    *,
    in_conversation: bool = True,
) -> None:
    """After answering: note the answer for edits and /why, count the fact, feed the gaps log.

    `why` is only asked for when there are curators to read it. `in_conversation` False: the
    question stands alone (an edit), so it rephrases nothing.
    """
    services.answers[(question.chat_id, question.message_id)] = answer_id
    if reply.fact_id:
        services.asked[reply.fact_id] += 1
    if services.curators:
        services.explanations[(question.chat_id, answer_id)] = why()
    if decision is None or not services.recorder.enabled:
        return
    gap_id = await services.recorder.observe_soon(
        decision,
        chat_type=question.chat.type,
        conversation=services.thread_of(question) if in_conversation else None,
        continues_as=services.thread_after(question, answer_id) if in_conversation else None,
    )
    if gap_id is not None and decision.kind is DecisionKind.SUGGEST:
        services.suggestion_gaps[(question.chat_id, answer_id)] = gap_id


async def _answer_question(
    update: Update, context: Context, message: Message, question: str
) -> None:
    services = services_of(context)
    pipeline = services.pipeline  # one knowledge base per update, even during a reload
    answer = pipeline.ask(question, services.conversation(message), _language_hint(update))
    sent_id = await _send(message, answer.reply)
    services.remember_conversation(message, sent_id, answer.context)
    await _remember(
        services, message, sent_id, answer.reply, partial(Why.of, answer), answer.decision
    )


def _is_not_modified(error: BadRequest) -> bool:
    return "not modified" in error.message.lower()


# ------------------------------------------------------------------ commands


async def _reply_with(
    update: Update, context: Context, render: Callable[[ReplyBuilder, str], Reply | Notice]
) -> None:
    """Reply with something that depends only on the user's language, within the flood limit."""
    message = update.effective_message
    services = services_of(context)
    if message:
        await _send(message, render(services.pipeline.replies, _language(services, update)))


def _notice(key: str) -> Callable[[ReplyBuilder, str], Notice]:
    return lambda replies, language: replies.notice(key, language)


async def help_command(update: Update, context: Context) -> None:
    """/start and /help: what the bot knows, a few example questions, the commands."""
    await _reply_with(update, context, ReplyBuilder.help)


async def topics_command(update: Update, context: Context) -> None:
    """/topics: every fact as a button."""
    await _reply_with(update, context, ReplyBuilder.topics)


async def source_command(update: Update, context: Context) -> None:
    """/source: the article and how answers are sourced."""
    await _reply_with(update, context, ReplyBuilder.source)


async def fact_command(update: Update, context: Context) -> None:
    """/date, /venue, ... (also /date@botname): the fact the knowledge base ties to it."""
    message = update.effective_message
    services = services_of(context)
    if message is None or message.text is None:
        return
    fact = services.pipeline.knowledge.facts_by_command.get(command_of(message.text)[0])
    language = _language(services, update)
    if fact is None:
        return
    reply = services.pipeline.replies.fact_reply(fact.id, language, question=message.text)
    sent_id = await _send(message, reply)
    why = partial(Why.of_command, fact.id, command_of(message.text)[0], language)
    await _remember(services, message, sent_id, reply, why)


async def ask_command(update: Update, context: Context) -> None:
    """/ask <question>, in any chat; /ask alone explains how to use it."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    question = command_of(message.text)[2]
    if question:
        await _answer_question(update, context, message, question)
    else:
        await _reply_with(update, context, _notice("ask_usage"))


# ------------------------------------------------------------------ curators' commands


async def why_command(update: Update, context: Context) -> None:
    """/why, replying to one of the bot's answers: why it said that (ADMIN_USER_IDS only)."""
    message = update.effective_message
    if message is None:
        return
    services = services_of(context)
    replies, language = services.pipeline.replies, _language(services, update)
    if not services.is_curator(update):
        await _send(message, replies.notice("curator_only", language))
        return
    replied = message.reply_to_message
    if replied is None or replied.from_user is None or replied.from_user.id != context.bot.id:
        await _send(message, replies.notice("why_usage", language))
        return
    why = services.explanations.get((message.chat_id, replied.message_id))
    await _send(message, why.notice() if why else replies.notice("why_forgotten", language))


async def reload_command(update: Update, context: Context) -> None:
    """/reload: the knowledge base read again and swapped in, or refused (ADMIN_USER_IDS only)."""
    message = update.effective_message
    if message is None:
        return
    services = services_of(context)
    if not services.is_curator(update) or services.reload is None:
        notice = services.pipeline.replies.notice("curator_only", _language(services, update))
        await _send(message, notice)
        return
    outcome = await services.reload()
    replies, language = services.pipeline.replies, _language(services, update)
    if outcome.error is None:
        await _send(message, replies.notice("reload_done", language, facts=str(outcome.facts)))
    else:
        await _send(message, replies.notice("reload_refused", language, error=outcome.error))


# ------------------------------------------------------------------ messages


async def private_question(update: Update, context: Context) -> None:
    """In a private chat every text message is a question, and so is a photo's caption."""
    message = update.effective_message
    text = message and (message.text or message.caption)
    if message and text:
        await _answer_question(update, context, message, text)


async def group_message(update: Update, context: Context) -> None:
    """In groups: answer replies to the bot and mentions of it; ignore all other chatter."""
    message = update.effective_message
    if message is None:
        return
    question = addressed_question(message, context.bot.username, context.bot.id)
    if question is not None:
        await _answer_question(update, context, message, question)


async def non_text(update: Update, context: Context) -> None:
    """Stickers, photos, voice ... in a private chat: a hint that the bot reads text."""
    await _reply_with(update, context, _notice("non_text"))


async def edited_question(update: Update, context: Context) -> None:
    """An edited question gets its answer edited, if the bot answered the original."""
    message = update.edited_message
    if message is None or message.text is None:
        return
    services = services_of(context)
    answer_id = services.answers.get((message.chat_id, message.message_id))
    if answer_id is None:  # chatter the bot ignored, or an answer long forgotten
        return
    edited = _reply_to_edit(services, update, context, message)
    if edited is None:
        return
    reply, why, decision = edited
    try:
        await context.bot.edit_message_text(
            reply.html(), chat_id=message.chat_id, message_id=answer_id, reply_markup=_markup(reply)
        )
    except BadRequest as error:
        if not _is_not_modified(error):  # the same answer as before: nothing to change
            raise
        return
    await _remember(services, message, answer_id, reply, why, decision, in_conversation=False)


Edited = tuple[Reply, Explain, Decision | None]


def _decide(services: Services, question: str, update: Update) -> Edited:
    """An edited question is answered again on its own: its conversation has moved on."""
    answer: Answer = services.pipeline.ask(question, None, _language_hint(update))
    return answer.reply, partial(Why.of, answer), answer.decision


def _reply_to_edit(
    services: Services, update: Update, context: Context, message: Message
) -> Edited | None:
    """What the bot would now answer to the edited text: a command, a question or nothing."""
    text = message.text or ""
    name, addressee, rest = command_of(text)
    if name:
        if addressee and addressee.casefold() != context.bot.username.casefold():
            return None
        fact = services.pipeline.knowledge.facts_by_command.get(name)
        if fact is not None:
            language = _language(services, update)
            reply = services.pipeline.replies.fact_reply(fact.id, language, question=text)
            return reply, partial(Why.of_command, fact.id, name, language), None
        if name == "ask" and rest:
            return _decide(services, rest, update)
        return None
    question = addressed_question(message, context.bot.username, context.bot.id)
    if question is None:
        return None
    return _decide(services, question, update)


# ------------------------------------------------------------------ buttons and inline mode


def _offers_choices(message: Message) -> bool:
    """True for a did-you-mean message: its keyboard still has the "none of these" button."""
    markup = message.reply_markup
    return markup is not None and any(
        button.callback_data == CALLBACK_NONE for row in markup.inline_keyboard for button in row
    )


async def fact_button(update: Update, context: Context) -> None:
    """A fact's button (pattern "f:<id>"): a did-you-mean choice, a topic or a related fact."""
    query = update.callback_query
    assert query is not None  # CallbackQueryHandler only routes callback queries here
    fact_id = (query.data or "").removeprefix(CALLBACK_FACT_PREFIX)
    if fact_id not in services_of(context).pipeline.knowledge.facts_by_id:
        await stale_button(update, context)  # a fact that no longer exists, or forged data
        return
    await _pressed(update, context, fact_id)


async def none_of_these_button(update: Update, context: Context) -> None:
    """ "None of these" under a did-you-mean: an apology in place of the choices."""
    query = update.callback_query
    assert query is not None
    message = query.message
    if not (isinstance(message, Message) and _offers_choices(message)):
        await stale_button(update, context)
        return
    await _pressed(update, context, None)


async def stale_button(update: Update, context: Context) -> None:
    """Any button data the bot did not make (or no longer knows): a polite "no longer valid"."""
    query = update.callback_query
    if query is None:
        return
    services = services_of(context)
    readable = query.message if isinstance(query.message, Message) else None
    language = _language(services, update, readable.text or "" if readable else "")
    await query.answer(services.pipeline.replies.notice("stale_button", language).text)


async def _pressed(update: Update, context: Context, fact_id: str | None) -> None:
    """A did-you-mean message turns into the answer; other buttons send it as a new message.
    The callback is always answered, so no button keeps spinning."""
    query = update.callback_query
    assert query is not None
    services = services_of(context)
    replies = services.pipeline.replies
    message = query.message
    readable = message if isinstance(message, Message) else None
    language = _language(services, update, readable.text or "" if readable else "")
    choices = readable is not None and _offers_choices(readable)
    if message is None:  # an inline message's button: nothing to edit or reply to
        await query.answer(replies.notice("stale_button", language).text)
        return
    await query.answer()
    reply = replies.fact_reply(fact_id, language) if fact_id else replies.none_of_these(language)
    # Only a choice on a did-you-mean message counts; once it became an answer, its related
    # buttons are a new question, not a change of mind.
    key = (message.chat.id, message.message_id)
    gap_id = services.suggestion_gaps.get(key) if choices else None
    if gap_id is not None and services.recorder.enabled:
        await asyncio.to_thread(services.recorder.picked, gap_id, fact_id)
    why = services.explanations.get(key) if choices else None
    if why is not None:
        services.explanations[key] = why.with_pick(fact_id)
    if fact_id:
        services.asked[fact_id] += 1
    if choices:
        try:
            await context.bot.edit_message_text(
                reply.html(),
                chat_id=message.chat.id,
                message_id=message.message_id,
                reply_markup=_markup(reply),
            )
        except BadRequest as error:
            if not _is_not_modified(error):  # a double tap: the first press already did it
                raise
        return
    if readable is not None:  # in the same forum topic, if any; no need to quote
        await readable.reply_html(reply.html(), reply_markup=_markup(reply), do_quote=False)
        return
    await context.bot.send_message(message.chat.id, reply.html(), reply_markup=_markup(reply))


async def inline_query(update: Update, context: Context) -> None:
    """ "@botname india" in any chat: the best-matching facts, each with its answer and source."""
    query = update.inline_query
    if query is None:
        return
    services = services_of(context)
    matcher = services.pipeline.matcher
    text = query.query[: matcher.tuning.max_question_chars]  # untrusted: bound the work up front
    decision = matcher.match(text, query.from_user.language_code)
    choices = services.pipeline.replies.inline_choices(
        decision, services.most_asked(), matcher.tuning.thresholds.suggest, MAX_INLINE_RESULTS
    )
    results = [
        InlineQueryResultArticle(
            id=choice.result_id,
            title=choice.title,
            description=choice.description,
            input_message_content=InputTextMessageContent(
                choice.reply.html(), parse_mode=ParseMode.HTML
            ),
        )
        for choice in choices
    ]
    button_text = services.pipeline.replies.notice("inline_empty_title", decision.language).text
    ask_privately = InlineQueryResultsButton(
        text=button_text, start_parameter=INLINE_START_PARAMETER
    )
    await query.answer(results, button=None if results else ask_privately)


# ------------------------------------------------------------------ groups


def _joined(change: ChatMemberUpdated) -> bool:
    """True when the bot went from outside the chat to inside it (not e.g. promoted)."""
    old, new = change.old_chat_member, change.new_chat_member
    is_member_now = new.status in (ChatMember.MEMBER, ChatMember.ADMINISTRATOR, ChatMember.OWNER)
    if new.status == ChatMember.RESTRICTED:
        is_member_now = bool(getattr(new, "is_member", False))
    was_member = old.status not in OUTSIDE
    if old.status == ChatMember.RESTRICTED:
        was_member = bool(getattr(old, "is_member", False))
    return is_member_now and not was_member


async def bot_added_to_group(update: Update, context: Context) -> None:
    """Added to a group: one short introduction saying how to ask."""
    change = update.my_chat_member
    if change is None or not _is_group(change.chat) or not _joined(change):
        return
    services = services_of(context)
    intro = services.pipeline.replies.notice(
        "group_intro", _language(services, update), username=context.bot.username
    )
    await context.bot.send_message(change.chat.id, intro.html())


# ------------------------------------------------------------------ errors


async def on_error(update: object, context: Context) -> None:
    """Log the update and the traceback, tell the user once, and keep the bot running."""
    error = context.error
    if isinstance(update, Update):
        described = json.dumps(update.to_dict(), ensure_ascii=False)
        logger.error("Handling update failed: %s", described, exc_info=error)
    else:
        logger.error("Error outside any update", exc_info=error)
        return
    if isinstance(error, Forbidden):  # blocked or removed from the chat: nobody to tell
        return
    try:
        await _say_something_went_wrong(update, context)
    except TelegramError as second:
        logger.warning("Could not tell the user about the error: %s", second)


async def _say_something_went_wrong(update: Update, context: Context) -> None:
    services = services_of(context)
    notice = services.pipeline.replies.notice("error", _language(services, update))
    query = update.callback_query
    if query is not None:
        try:
            await query.answer(notice.text)
            return
        except BadRequest:  # answered already: say it in the chat instead
            pass
    message = update.effective_message
    if message is None or update.inline_query is not None:
        return
    if _is_group(message.chat) and query is None:
        addressed = message.text is not None and (
            message.text.startswith("/")
            or addressed_question(message, context.bot.username, context.bot.id) is not None
        )
        if not addressed:  # chatter stays unanswered, even when something broke
            return
    await _send(message, notice)
