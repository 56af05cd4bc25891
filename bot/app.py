"""Building the python-telegram-bot Application, and running it (long polling or a webhook).

The wiring is in one place, `register_handlers`, where the order of the handlers is visible.
`running` is the one lifecycle (start, serve, stop gracefully) that `run_bot`, the end-to-end
tests and the load test all use, so what is tested is what runs. `reload_knowledge` (SIGHUP, a
curator's /reload) swaps a freshly verified knowledge base in without a restart.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import gc
import logging
import re
import secrets
import signal
import sys
from collections.abc import AsyncIterator, Awaitable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import Any, ClassVar
from urllib.parse import urlsplit

import httpx
from telegram import (
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    LinkPreviewOptions,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, InvalidToken, NetworkError, RetryAfter, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    BaseRateLimiter,
    BaseUpdateProcessor,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest, HTTPXRequest

from bot import handlers
from bot.config import CONFIG_EXIT_CODE, Settings
from bot.flood import FloodGuard
from bot.gaps import GapsLog
from bot.knowledge import (
    BUILTIN_COMMANDS,
    KNOWLEDGE_EXIT_CODE,
    KnowledgeBase,
    KnowledgeError,
)
from bot.pipeline import Pipeline
from bot.replies import CALLBACK_FACT_PREFIX, CALLBACK_NONE
from bot.transport import RetryingRequest

logger = logging.getLogger(__name__)

ALLOWED_UPDATES = (
    Update.MESSAGE,
    Update.EDITED_MESSAGE,
    Update.CALLBACK_QUERY,
    Update.INLINE_QUERY,
    Update.MY_CHAT_MEMBER,
)
# Updates in flight at once; one chat's updates still run in order. Telegram takes about 30
# messages a second from a bot, so more in flight only wait in the rate limiter's queue.
MAX_CONCURRENT_UPDATES = 32
# One HTTP connection per update in flight, and one for getUpdates.
CONNECTION_POOL_SIZE = MAX_CONCURRENT_UPDATES + 1
# A 429 waits Telegram's retry_after and tries again, this often, before the reply is lost.
RATE_LIMIT_RETRIES = 3
FLOOD_GUARD_GROUP = -1  # before every handler, so no handler checks the flood itself
GROUP_MENU_OMITS = ("start",)  # commands a group's menu leaves out
# Seconds Telegram holds a getUpdates open; stopping cancels the poll, so long is cheap.
POLL_TIMEOUT_SECONDS = 30.0
# A slow Telegram is waited for: a send that timed out while reading may have been delivered,
# so it cannot be retried without risking a duplicate; PTB's 5 s would give up too soon.
SLOW_API_READ_TIMEOUT = 20.0
START_RETRY_FIRST_SECONDS = 2.0  # Bot API unreachable at start: wait, then try again...
START_RETRY_MAX_SECONDS = 60.0  # ...backing off to once a minute, until it answers
REDACTED = "<redacted>"
RELOAD_LOCK_KEY = "reload_lock"  # bot_data: one reload at a time


@dataclass(frozen=True)
class WebhookConfig:
    """Where PTB's webhook server listens, the public URL Telegram posts to, and the secret."""

    url: str
    listen: str
    port: int
    secret: str

    @property
    def path(self) -> str:
        return urlsplit(self.url).path.lstrip("/")


def webhook_config(settings: Settings) -> WebhookConfig | None:
    """Webhook mode when WEBHOOK_URL is set; without WEBHOOK_SECRET a random one per run.

    Telegram learns the secret from setWebhook at every start, so a random one works and
    still refuses requests that do not come from Telegram.
    """
    if not settings.webhook_url:
        return None
    secret = settings.webhook_secret
    return WebhookConfig(
        url=settings.webhook_url,
        listen=settings.webhook_listen,
        port=settings.webhook_port,
        secret=secret.get_secret_value() if secret else secrets.token_urlsafe(32),
    )


@dataclass
class _ChatTurns:
    """One chat's queue: its lock, and how many of its updates hold or wait for it."""

    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    updates: int = 0


class ChatOrderedUpdateProcessor(BaseUpdateProcessor):
    """Different chats are served concurrently; one chat's updates run in arrival order.

    Within a chat order matters: answers come in the order of the questions, an edit is
    handled after the question it edits, and the flood guard counts questions in sequence.
    Updates without a chat (inline queries) never wait for anything. A waiting update holds
    one of the `max_concurrent_updates` slots; the flood guard keeps such waits short.
    """

    def __init__(self, max_concurrent_updates: int) -> None:
        super().__init__(max_concurrent_updates)
        self._chats: dict[int, _ChatTurns] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            await coroutine
            return
        turns = self._chats.get(chat.id) or self._chats.setdefault(chat.id, _ChatTurns())
        turns.updates += 1
        try:
            async with turns.lock:  # asyncio.Lock wakes its waiters first come, first served
                await coroutine
        finally:
            turns.updates -= 1
            if not turns.updates:  # nobody waits: forget the chat, memory stays bounded
                del self._chats[chat.id]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""


def build_application(
    settings: Settings,
    pipeline: Pipeline,
    *,
    rate_limiter: BaseRateLimiter[Any] | None = None,
    request: BaseRequest | None = None,
) -> Application:
    """The Application for the token and Bot API in `settings`, with every handler wired.

    `rate_limiter` defaults to AIORateLimiter, which keeps to Telegram's flood limits and
    retries a 429 after `retry_after`; the load test passes one without the global cap.
    `request` defaults to RetryingRequest over HTTP; handler tests pass one that records.
    """
    if settings.telegram_bot_token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    quiet_http_loggers()
    hide_in_logs(settings.telegram_bot_token.get_secret_value())
    defaults = Defaults(
        parse_mode=ParseMode.HTML,
        allow_sending_without_reply=True,  # a deleted question still gets its answer
        link_preview_options=LinkPreviewOptions(is_disabled=True),
    )
    # One TLS context for both HTTP clients: each would load the CA bundle (~17 ms, ~0.8 MB).
    tls = {"verify": httpx.create_ssl_context()}
    application = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token.get_secret_value())
        .base_url(settings.telegram_api_base_url)
        .defaults(defaults)
        .request(
            request
            or RetryingRequest(
                connection_pool_size=CONNECTION_POOL_SIZE,
                read_timeout=SLOW_API_READ_TIMEOUT,
                httpx_kwargs=tls,
            )
        )
        .get_updates_request(HTTPXRequest(connection_pool_size=1, httpx_kwargs=tls))  # PTB's own
        .rate_limiter(rate_limiter or AIORateLimiter(max_retries=RATE_LIMIT_RETRIES))
        .concurrent_updates(ChatOrderedUpdateProcessor(MAX_CONCURRENT_UPDATES))
        .post_init(partial(start_services, settings=settings, pipeline=pipeline))
        .post_shutdown(stop_services)
        .build()
    )
    register_handlers(application, pipeline.knowledge)
    return application


def register_handlers(application: Application, knowledge: KnowledgeBase) -> None:
    """Every handler, in order: within a group the first one that matches an update wins."""
    new_message = filters.UpdateType.MESSAGE  # commands are not re-run when their text is edited
    fact_commands = sorted(knowledge.facts_by_command)
    application.add_handler(TypeHandler(Update, handlers.flood_guard), group=FLOOD_GUARD_GROUP)
    application.add_handlers(
        [
            CommandHandler(("start", "help"), handlers.help_command, filters=new_message),
            CommandHandler("topics", handlers.topics_command, filters=new_message),
            CommandHandler("source", handlers.source_command, filters=new_message),
            CommandHandler("ask", handlers.ask_command, filters=new_message),
            # The curators' (knowledge.CURATOR_COMMANDS): never in the menus, which list the rest.
            CommandHandler("why", handlers.why_command, filters=new_message),
            CommandHandler("reload", handlers.reload_command, filters=new_message),
            # Registered even with no fact commands: a reload may bring some (see reload_knowledge).
            CommandHandler(fact_commands, handlers.fact_command, filters=new_message),
            MessageHandler(
                filters.ChatType.PRIVATE & (filters.TEXT | filters.CAPTION) & new_message,
                handlers.private_question,
            ),
            MessageHandler(
                filters.ChatType.GROUPS
                & (filters.TEXT | filters.CAPTION)
                & ~filters.COMMAND
                & new_message,
                handlers.group_message,
            ),
            MessageHandler(
                filters.UpdateType.EDITED_MESSAGE & filters.TEXT, handlers.edited_question
            ),
            MessageHandler(
                filters.ChatType.PRIVATE
                & new_message
                & ~filters.TEXT
                & ~filters.CAPTION
                & ~filters.StatusUpdate.ALL,
                handlers.non_text,
            ),
            CallbackQueryHandler(
                handlers.fact_button, pattern=f"^{re.escape(CALLBACK_FACT_PREFIX)}"
            ),
            CallbackQueryHandler(
                handlers.none_of_these_button, pattern=f"^{re.escape(CALLBACK_NONE)}$"
            ),
            CallbackQueryHandler(handlers.stale_button),  # anything else: forged or outdated
            InlineQueryHandler(handlers.inline_query),
            ChatMemberHandler(handlers.bot_added_to_group, ChatMemberHandler.MY_CHAT_MEMBER),
        ]
    )
    application.add_error_handler(handlers.on_error)


async def start_services(
    application: Application, *, settings: Settings, pipeline: Pipeline
) -> None:
    """post_init: learn who the bot is, build the shared services, register the commands."""
    me = application.bot.bot  # initialize() already asked getMe
    services = application.bot_data.get(handlers.SERVICES_KEY)
    if services is None:  # a restart after the Bot API was unreachable keeps them, reloads too
        services = application.bot_data[handlers.SERVICES_KEY] = handlers.Services(
            pipeline=pipeline,
            flood=FloodGuard(settings.flood_max_questions, settings.flood_window_seconds),
            gaps=GapsLog(settings.gaps_db_path, settings.gaps_enabled),
            conversation_ttl_seconds=settings.conversation_ttl_minutes * 60,
            curators=frozenset(settings.admin_user_ids),
            reload=partial(reload_knowledge, application, settings),
        )
    await register_command_menus(application, services.pipeline)
    knowledge = services.pipeline.knowledge
    logger.info(
        "Running as @%s (id %d): %d facts, %d commands, knowledge from %s",
        me.username,
        me.id,
        len(knowledge.facts),
        len(knowledge.facts_by_command) + len(BUILTIN_COMMANDS),
        knowledge.directory,
    )
    _keep_out_of_collections()


def _keep_out_of_collections(reloaded: bool = False) -> None:
    """What start-up built lives as long as the bot: keep it out of every garbage collection
    (gc.freeze). After a reload, the old knowledge base is let go first."""
    if reloaded:
        gc.unfreeze()
    gc.collect()
    gc.freeze()


async def register_command_menus(application: Application, pipeline: Pipeline) -> None:
    """The command menus (setMyCommands) for every language; the curators' commands stay out.

    One menu per chat type: /start means nothing in a group, where people /ask instead.
    """
    menus = (
        (BotCommandScopeAllPrivateChats(), ()),
        (BotCommandScopeAllGroupChats(), GROUP_MENU_OMITS),
    )
    for language in pipeline.knowledge.messages:
        for scope, omitted in menus:
            menu = pipeline.replies.command_menu(language)
            await application.bot.set_my_commands(
                [
                    BotCommand(command, description)
                    for command, description in menu
                    if command not in omitted
                ],
                scope=scope,
                language_code=None if language == pipeline.knowledge.language else language,
            )


async def reload_knowledge(application: Application, settings: Settings) -> handlers.Reloaded:
    """Read and verify the knowledge base again off the event loop, then swap it in at once.

    A broken one is refused with the line `check` prints, and the bot goes on answering from
    the one it had. One reload at a time; each is logged with the fact count.
    """
    services: handlers.Services = application.bot_data[handlers.SERVICES_KEY]
    async with _reload_lock(application):
        before = len(services.pipeline.knowledge.facts)
        try:
            pipeline = await asyncio.to_thread(Pipeline.from_settings, settings)
        except KnowledgeError as error:
            line = f"knowledge error: {error}"
            logger.error(
                "Reload refused; still answering from the knowledge base loaded before "
                "(%d facts): %s",
                before,
                line,
            )
            return handlers.Reloaded(before, line)
        services.use(pipeline)
        _fact_command_handler(application).commands = frozenset(pipeline.knowledge.facts_by_command)
        _keep_out_of_collections(reloaded=True)  # the old knowledge base may go now
        logger.info(
            "Reloaded the knowledge base from %s: %d facts (%d before)",
            pipeline.knowledge.directory,
            len(pipeline.knowledge.facts),
            before,
        )
    try:
        await register_command_menus(application, pipeline)
    except TelegramError as error:  # the answers use the new facts already; only menus are old
        logger.warning("Could not update the command menus after the reload: %s", error)
    return handlers.Reloaded(len(pipeline.knowledge.facts))


def _reload_lock(application: Application) -> asyncio.Lock:
    return application.bot_data.setdefault(RELOAD_LOCK_KEY, asyncio.Lock())


def _fact_command_handler(application: Application) -> CommandHandler[Any, Any]:
    return next(
        handler
        for handler in application.handlers[0]
        if isinstance(handler, CommandHandler) and handler.callback is handlers.fact_command
    )


async def stop_services(application: Application) -> None:
    """post_shutdown: close the gaps log."""
    services = application.bot_data.get(handlers.SERVICES_KEY)
    if services is not None:
        services.gaps.close()


@asynccontextmanager
async def running(
    application: Application,
    *,
    webhook: WebhookConfig | None = None,
    poll_timeout: float = POLL_TIMEOUT_SECONDS,
) -> AsyncIterator[Application]:
    """The application receiving and answering updates for the duration of the block.

    What run_polling/run_webhook do, inside an event loop the caller owns: initialize (getMe),
    post_init, start; on leaving, stop fetching, finish the replies in progress, shut down.
    """
    updater = application.updater
    if updater is None:
        raise ValueError("the application has no updater")
    async with application:  # initialize() ... shutdown()
        if application.post_init:
            await application.post_init(application)
        if webhook is None:
            await updater.start_polling(timeout=poll_timeout, allowed_updates=list(ALLOWED_UPDATES))
        else:
            await updater.start_webhook(
                listen=webhook.listen,
                port=webhook.port,
                url_path=webhook.path,
                webhook_url=webhook.url,
                secret_token=webhook.secret,
                allowed_updates=list(ALLOWED_UPDATES),
            )
        await application.start()
        try:
            yield application
        finally:
            if updater.running:
                await updater.stop()
            if application.running:
                await application.stop()  # waits for the updates being answered
    if application.post_shutdown:
        await application.post_shutdown(application)


def run_bot(settings: Settings, pipeline: Pipeline) -> int:
    """Run the bot until SIGINT or SIGTERM; the exit code for the command line.

    0 after a clean stop, 2 for a token or webhook settings Telegram refuses (one line on
    stderr; a broken knowledge base never gets this far: exit 1 in the CLI). An unreachable
    or flooded Bot API is waited out, never a reason to exit.
    """
    token = settings.telegram_bot_token
    if token is None:
        print("TELEGRAM_BOT_TOKEN is not set", file=sys.stderr)
        return CONFIG_EXIT_CODE
    webhook = webhook_config(settings)
    secrets_to_hide = [token.get_secret_value(), *([webhook.secret] if webhook else [])]
    hide_in_logs(*secrets_to_hide)
    try:
        application = build_application(settings, pipeline)
    except KnowledgeError as error:
        print(f"knowledge error: {error}", file=sys.stderr)
        return KNOWLEDGE_EXIT_CODE
    try:
        asyncio.run(_serve_until_signalled(application, webhook, settings=settings))
    except InvalidToken:  # its message contains the token: never print it
        print(
            "TELEGRAM_BOT_TOKEN: Telegram refused this token; copy it again from @BotFather",
            file=sys.stderr,
        )
        return CONFIG_EXIT_CODE
    except BadRequest as error:  # e.g. setWebhook refusing WEBHOOK_URL or WEBHOOK_SECRET
        reason = _redact(str(error), secrets_to_hide)
        print(f"the Bot API refused to start the bot: {reason}", file=sys.stderr)
        return CONFIG_EXIT_CODE
    return 0


def _seconds(value: float | dt.timedelta) -> float:
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


async def _serve_until_signalled(
    application: Application,
    webhook: WebhookConfig | None,
    first_retry: float = START_RETRY_FIRST_SECONDS,
    *,
    settings: Settings | None = None,
) -> None:
    """Serve until SIGINT/SIGTERM, reloading the knowledge base on SIGHUP; while the Bot API
    cannot be reached, wait and try again.

    A Telegram outage or a network that comes up after the bot must not stop it: only answers
    that need a human (a refused token, a refused webhook) end the process.
    """
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    if settings is not None:
        install_reload_signal(application, settings)
    delay = first_retry
    while not stop.is_set():
        try:
            async with running(application, webhook=webhook):
                mode = f"webhook on {webhook.listen}:{webhook.port}" if webhook else "long polling"
                logger.info("Serving with %s; SIGINT or SIGTERM stops", mode)
                await stop.wait()
                logger.info("Stopping: finishing the replies in progress")
        except (NetworkError, RetryAfter) as error:
            if isinstance(error, BadRequest):
                raise
            if isinstance(error, RetryAfter):
                delay = max(delay, _seconds(error.retry_after))
            logger.warning("Bot API unavailable (%s); trying again in %.0f s", error, delay)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), delay)
            delay = min(delay * 2, START_RETRY_MAX_SECONDS)
    logger.info("Stopped")


def install_reload_signal(application: Application, settings: Settings) -> None:
    """SIGHUP reloads the knowledge base (`kill -HUP <pid>`, `systemctl kill -s HUP ...`)."""
    loop = asyncio.get_running_loop()
    reloads: set[asyncio.Task[Any]] = set()  # kept referenced until done, as asyncio asks

    def on_reload_done(task: asyncio.Task[Any]) -> None:
        reloads.discard(task)
        if not task.cancelled() and task.exception() is not None:
            logger.error("Reload failed", exc_info=task.exception())

    def on_sighup() -> None:
        if handlers.SERVICES_KEY not in application.bot_data:
            logger.warning("SIGHUP before the bot finished starting: nothing to reload yet")
            return
        logger.info("SIGHUP: reloading the knowledge base")
        task = loop.create_task(reload_knowledge(application, settings))
        reloads.add(task)
        task.add_done_callback(on_reload_done)

    loop.add_signal_handler(signal.SIGHUP, on_sighup)


# ------------------------------------------------------------------ keeping secrets out of logs


def quiet_http_loggers() -> None:
    """httpx logs every request URL at INFO, and Bot API URLs contain the token: too chatty
    to keep, and redacting every request line would cost more than it tells."""
    for name in ("httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.WARNING)


def _redact(text: str, secrets_to_hide: Iterable[str]) -> str:
    for secret in secrets_to_hide:
        text = text.replace(secret, REDACTED)
    return text


class _LogRedaction:
    """Secrets to cut out of every log record, in its message and in its traceback.

    A log-record factory sees every record of every logger before any handler does, including
    pytest's; PTB itself logs the Bot API URL (with the token) at DEBUG, and the token again
    in the InvalidToken traceback.
    """

    secrets: ClassVar[set[str]] = set()
    installed: ClassVar[bool] = False

    @classmethod
    def install(cls) -> None:
        if cls.installed:
            return
        make_record = logging.getLogRecordFactory()

        def redacting_factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
            record = make_record(*args, **kwargs)
            redact_record(record, cls.secrets)
            return record

        logging.setLogRecordFactory(redacting_factory)
        cls.installed = True


def redact_record(record: logging.LogRecord, secrets_to_hide: Iterable[str]) -> None:
    """Replace secrets in a record's message and traceback, in place."""
    secrets_to_hide = list(secrets_to_hide)
    if not secrets_to_hide:
        return
    try:
        message = record.getMessage()
    except (TypeError, ValueError):  # a malformed log call: let logging report it as usual
        return
    redacted = _redact(message, secrets_to_hide)
    if redacted != message:
        record.msg, record.args = redacted, ()
    if record.exc_info and not record.exc_text:
        record.exc_text = logging.Formatter().formatException(record.exc_info)
    if record.exc_text:
        record.exc_text = _redact(record.exc_text, secrets_to_hide)


def hide_in_logs(*secrets_to_hide: str) -> None:
    """From now on, no log record of this process shows these strings."""
    _LogRedaction.secrets.update(secret for secret in secrets_to_hide if secret)
    _LogRedaction.install()
