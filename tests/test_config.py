"""A wrong setting stops the bot with one line naming the variable, and exit code 2."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bot.config import PROJECT_ROOT, ConfigError, load_settings

BAD_SETTINGS = [
    ("FLOOD_MAX_QUESTIONS", "lots", "FLOOD_MAX_QUESTIONS: Input should be a valid integer"),
    ("FLOOD_WINDOW_SECONDS", "-1", "FLOOD_WINDOW_SECONDS: Input should be greater than 0"),
    ("TELEGRAM_API_BASE_URL", "ftp://x", "TELEGRAM_API_BASE_URL: must start with http"),
    ("TELEGRAM_BOT_TOKEN", "not-a-token", "TELEGRAM_BOT_TOKEN: does not look like a BotFather"),
    ("KNOWLEDGE_DIR", "/no/such/folder", "KNOWLEDGE_DIR: /no/such/folder is not a folder"),
    ("LOG_LEVEL", "LOUD", "LOG_LEVEL: Input should be"),
    ("WEBHOOK_PORT", "99999", "WEBHOOK_PORT: Input should be less than or equal to 65535"),
]


@pytest.mark.parametrize(("name", "value", "message"), BAD_SETTINGS)
def test_a_malformed_setting_is_named_in_one_line(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, message: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_an_empty_token_means_no_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "  ")
    assert load_settings().telegram_bot_token is None


def test_the_env_example_as_it_is_is_a_valid_configuration(
    monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    example = (PROJECT_ROOT / ".env.example").read_text(encoding="utf-8")
    for line in example.splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            monkeypatch.setenv(name, value)
    monkeypatch.chdir(PROJECT_ROOT)
    settings = load_settings()
    assert settings.telegram_bot_token is None
    assert settings.webhook_url is None


def test_the_token_never_shows_in_the_settings_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    token = "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", token)
    assert token not in repr(load_settings())


def test_the_cli_exits_2_without_a_traceback_on_a_bad_setting() -> None:
    result = subprocess.run(
        [sys.executable, "bot.py", "ask", "india?"],
        cwd=PROJECT_ROOT,
        env={"FLOOD_MAX_QUESTIONS": "lots", "PATH": ""},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.startswith(
        "config error: FLOOD_MAX_QUESTIONS: Input should be a valid integer"
    )
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


def test_the_env_example_lists_every_setting() -> None:
    from bot.config import Settings

    example = (PROJECT_ROOT / ".env.example").read_text(encoding="utf-8")
    for name in Settings.model_fields:
        assert f"{name.upper()}=" in example, name
