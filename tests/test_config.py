"""Settings are checked before anything else runs: every wrong one is named, one line each."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT, TOKEN_EXAMPLE, ConfigError, Settings, load_settings

USER_TOKEN = "12345:short-and-wrong"


@pytest.fixture(autouse=True)
def no_settings_around(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Each test starts from the defaults: no setting in the environment, no `.env` nearby."""
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.chdir(tmp_path)


BAD_SETTINGS = [
    ("FLOOD_MAX_QUESTIONS", "lots", "FLOOD_MAX_QUESTIONS: Input should be a valid integer"),
    ("FLOOD_WINDOW_SECONDS", "-1", "FLOOD_WINDOW_SECONDS: Input should be greater than 0"),
    ("TELEGRAM_API_BASE_URL", "ftp://x", "TELEGRAM_API_BASE_URL: must start with http"),
    ("TELEGRAM_BOT_TOKEN", USER_TOKEN, "TELEGRAM_BOT_TOKEN: does not look like a token"),
    ("KNOWLEDGE_DIR", "/no/such/folder", "KNOWLEDGE_DIR: /no/such/folder is not a folder"),
    ("LOG_LEVEL", "LOUD", "LOG_LEVEL: Input should be 'DEBUG'"),
    ("WEBHOOK_URL", "http://bot.example.org/hook", "WEBHOOK_URL: must be an https:// URL"),
    ("WEBHOOK_URL", "bot.example.org/hook", "WEBHOOK_URL: must be an https:// URL"),
    ("WEBHOOK_URL", "https://bot.example.org:8080/hook", "WEBHOOK_URL: port 8080: Telegram"),
    ("WEBHOOK_URL", "https://bot.example.org:http/hook", "WEBHOOK_URL: not a valid URL"),
    ("WEBHOOK_PORT", "99999", "WEBHOOK_PORT: Input should be less than or equal to 65535"),
    ("WEBHOOK_PORT", "0", "WEBHOOK_PORT: Input should be greater than or equal to 1"),
    ("WEBHOOK_SECRET", "two words", "WEBHOOK_SECRET: has a character not allowed"),
    ("WEBHOOK_SECRET", "s3cret!", "WEBHOOK_SECRET: has a character not allowed"),
    ("WEBHOOK_SECRET", "a" * 257, "WEBHOOK_SECRET: is 257 characters long"),
    ("ADMIN_USER_IDS", "123456789,alice", "ADMIN_USER_IDS: 'alice' is not a Telegram user id"),
    ("ADMIN_USER_IDS", "-100123", "ADMIN_USER_IDS: '-100123' is not a Telegram user id"),
    ("ADMIN_USER_IDS", "0", "ADMIN_USER_IDS: Input should be greater than 0"),
    ("CONVERSATION_TTL_MINUTES", "0", "CONVERSATION_TTL_MINUTES: Input should be greater than 0"),
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


def test_every_wrong_setting_is_reported_at_once_one_line_each(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wrong = {
        "TELEGRAM_BOT_TOKEN": USER_TOKEN,
        "LOG_LEVEL": "LOUD",
        "WEBHOOK_URL": "http://bot.example.org/hook",
        "WEBHOOK_PORT": "99999",
        "WEBHOOK_SECRET": "not allowed",
        "ADMIN_USER_IDS": "alice",
    }
    for name, value in wrong.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    lines = str(caught.value).splitlines()
    assert [line.partition(":")[0] for line in lines] == list(wrong)


def test_a_malformed_token_is_shown_in_the_right_form_and_never_echoed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", USER_TOKEN)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert TOKEN_EXAMPLE in str(caught.value)
    assert USER_TOKEN not in str(caught.value)
    assert load_settings(telegram_bot_token=TOKEN_EXAMPLE).telegram_bot_token is not None


def test_a_wrong_webhook_secret_is_never_echoed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEBHOOK_SECRET", "my secret")
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert "my secret" not in str(caught.value)


@pytest.mark.parametrize("secret", ["a", "A-Za-z0-9_-", "x" * 256])
def test_a_webhook_secret_telegram_allows_is_accepted(secret: str) -> None:
    settings = load_settings(webhook_secret=secret)
    assert settings.webhook_secret is not None
    assert settings.webhook_secret.get_secret_value() == secret


@pytest.mark.parametrize(
    "url", ["https://bot.example.org/telegram", "https://bot.example.org:8443/t", "https://h:88"]
)
def test_an_https_webhook_url_on_a_port_telegram_serves_is_accepted(url: str) -> None:
    assert load_settings(webhook_url=url).webhook_url == url


@pytest.mark.parametrize(("value", "level"), [("debug", "DEBUG"), (" Warning ", "WARNING")])
def test_the_log_level_is_accepted_in_any_case(
    monkeypatch: pytest.MonkeyPatch, value: str, level: str
) -> None:
    monkeypatch.setenv("LOG_LEVEL", value)
    assert load_settings().log_level == level


def test_admin_user_ids_are_comma_separated_and_none_by_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert load_settings().admin_user_ids == frozenset()
    monkeypatch.setenv("ADMIN_USER_IDS", " 123456789, 987654321,")
    assert load_settings().admin_user_ids == {123456789, 987654321}


def test_conversation_context_lasts_ten_minutes_unless_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert load_settings().conversation_ttl_minutes == 10
    monkeypatch.setenv("CONVERSATION_TTL_MINUTES", "2.5")
    assert load_settings().conversation_ttl_minutes == 2.5


def test_an_empty_value_means_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("TELEGRAM_BOT_TOKEN", "WEBHOOK_PORT", "LOG_LEVEL", "ADMIN_USER_IDS"):
        monkeypatch.setenv(name, "  ")
    settings = load_settings()
    assert settings.telegram_bot_token is None
    assert settings.webhook_port == Settings.model_fields["webhook_port"].default
    assert settings.log_level == "INFO"


def test_the_dot_env_file_is_read_and_the_environment_wins_over_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / ".env").write_text(
        "# a comment\nLOG_LEVEL=debug\nFLOOD_MAX_QUESTIONS=5\n"
        'WEBHOOK_LISTEN="0.0.0.0"\nWEBHOOK_SECRET=\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("FLOOD_MAX_QUESTIONS", "7")
    settings = load_settings()
    assert settings.log_level == "DEBUG"
    assert settings.flood_max_questions == 7
    assert settings.webhook_listen == "0.0.0.0"
    assert settings.webhook_secret is None


def test_a_wrong_setting_in_the_dot_env_file_is_named(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("WEBHOOK_URL=http://bot.example.org\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"^WEBHOOK_URL: must be an https:// URL"):
        load_settings()


def test_overrides_win_over_the_environment_and_a_misspelt_one_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FLOOD_MAX_QUESTIONS", "7")
    assert load_settings(flood_max_questions=3).flood_max_questions == 3
    with pytest.raises(ConfigError, match=r"^FLOOD_MAX_QUESTION: Extra inputs"):
        load_settings(flood_max_question=3)


def test_an_empty_token_means_no_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "  ")
    assert load_settings().telegram_bot_token is None


def test_the_env_example_as_it_is_is_a_valid_configuration(
    monkeypatch: pytest.MonkeyPatch,
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
    assert settings.admin_user_ids == frozenset()


def test_the_env_example_lists_every_setting() -> None:
    example = (PROJECT_ROOT / ".env.example").read_text(encoding="utf-8")
    for name in Settings.model_fields:
        assert f"\n{name.upper()}=" in example, name


def test_the_token_never_shows_in_the_settings_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    token = "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", token)
    assert token not in repr(load_settings())


def test_the_cli_exits_2_naming_every_bad_setting_without_a_traceback(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "bot.py"), "ask", "india?"],
        cwd=tmp_path,
        env={"FLOOD_MAX_QUESTIONS": "lots", "LOG_LEVEL": "loud", "PATH": ""},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "config error: LOG_LEVEL: Input should be 'DEBUG', 'INFO', 'WARNING', 'ERROR' or "
        "'CRITICAL'",
        "config error: FLOOD_MAX_QUESTIONS: Input should be a valid integer, unable to parse "
        "string as an integer",
    ]
    assert result.stdout == ""


def test_reading_the_settings_imports_neither_pydantic_settings_nor_dotenv(
    tmp_path: Path,
) -> None:
    """The start-up cost issue 12 measured: without a `.env` nothing but pydantic is needed."""
    code = (
        "import sys; from bot.config import load_settings; load_settings(); "
        "print(sorted({'pydantic_settings', 'dotenv'} & set(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={"PATH": "", "PYTHONPATH": str(PROJECT_ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "[]", result.stderr
