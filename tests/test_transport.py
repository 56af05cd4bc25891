"""Sends that Telegram answers with a 5xx, or that never reach it, are retried and arrive once."""

from __future__ import annotations

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions
from telegram.error import BadRequest, NetworkError

from bot.transport import RetryingRequest
from tests.e2e.fake_bot_api import FakeBotAPI

TOKEN = "123456:TEST-TOKEN-abcdefghijklmnopqrstuvwxyz"


def make_bot(base_url: str, retries: int = 4) -> Bot:
    return Bot(
        TOKEN,
        base_url=base_url,
        request=RetryingRequest(max_retries=retries, first_delay=0.01),
    )


async def test_a_send_answered_with_502_is_retried_and_delivered_once() -> None:
    with FakeBotAPI(TOKEN) as fake:
        fake.fail_next("sendMessage", 502, count=2)
        async with make_bot(fake.base_url) as bot:
            await bot.send_message(chat_id=1, text="hello")
        assert [call.failed_status for call in fake.calls_to("sendMessage")] == [502, 502, None]
        assert len(fake.sent_messages) == 1


async def test_retries_are_bounded() -> None:
    with FakeBotAPI(TOKEN) as fake:
        fake.fail_next("sendMessage", 503, count=10)
        async with make_bot(fake.base_url, retries=2) as bot:
            with pytest.raises(NetworkError):
                await bot.send_message(chat_id=1, text="hello")
        assert len(fake.calls_to("sendMessage")) == 3
        assert fake.sent_messages == []


async def test_a_bad_request_is_not_retried() -> None:
    with FakeBotAPI(TOKEN) as fake:
        async with make_bot(fake.base_url) as bot:
            with pytest.raises(BadRequest):
                await bot.send_message(chat_id=1, text="<b>unclosed", parse_mode="HTML")
        assert len(fake.calls_to("sendMessage")) == 1


async def test_an_unreachable_server_is_retried_then_reported() -> None:
    with FakeBotAPI(TOKEN) as fake:
        base_url = fake.base_url
    with pytest.raises(NetworkError, match="ConnectError"):  # the fake is gone: refused
        async with make_bot(base_url, retries=2) as bot:
            await bot.send_message(chat_id=1, text="hello")


async def test_a_reply_arrives_as_sent_whatever_its_script_markup_and_buttons() -> None:
    text = "<b>Саммит ШОС</b> &amp; «Астана» — 3–4 July 🇰🇿"
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Когда?", callback_data="f:date")]])
    with FakeBotAPI(TOKEN) as fake:
        async with make_bot(fake.base_url) as bot:
            sent = await bot.send_message(
                chat_id=-100123,
                text=text,
                parse_mode="HTML",
                reply_markup=keyboard,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        (call,) = fake.calls_to("sendMessage")
    assert call.params["chat_id"] == -100123
    assert call.params["text"] == text
    assert call.params["link_preview_options"] == {"is_disabled": True}
    assert call.params["reply_markup"] == keyboard.to_dict()
    assert sent.reply_markup == keyboard
