"""Every knob the bot has, with its default and its check (environment variables and `.env`).

A plain pydantic model over `os.environ` and `.env` (read by python-dotenv): pydantic-settings
did the same and cost about 40 ms more at every start, for features the bot does not use.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PositiveInt,
    SecretStr,
    ValidationError,
    field_validator,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CONFIG_EXIT_CODE = 2
ENV_FILE = Path(".env")  # in the folder the bot is started from

TOKEN_SHAPE = re.compile(r"[0-9]+:[A-Za-z0-9_-]{20,}")
TOKEN_EXAMPLE = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"  # the shape, not a real token
WEBHOOK_SECRET_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,256}")  # Telegram's rule for secret_token
WEBHOOK_PORTS = (443, 80, 88, 8443)  # the only ports Telegram delivers webhooks to
USER_ID_SHAPE = re.compile(r"[0-9]+")


class ConfigError(Exception):
    """Settings are wrong; the message has one `NAME: problem` line per wrong setting."""


class Settings(BaseModel):
    """Settings read from the environment and `.env`; names are the upper-case field names."""

    model_config = ConfigDict(extra="forbid", validate_default=True)

    telegram_bot_token: SecretStr | None = Field(
        default=None, description="Token from @BotFather; empty starts the offline console chat."
    )
    telegram_api_base_url: str = Field(
        default="https://api.telegram.org/bot",
        description="Bot API base URL; point it at a local Bot API server or a test fake.",
    )
    knowledge_dir: Path = Field(
        default=PROJECT_ROOT / "knowledge", description="Folder with facts, entities and sources."
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"

    # Webhook mode (optional): when WEBHOOK_URL is set the bot listens instead of polling.
    webhook_url: str | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    webhook_secret: SecretStr | None = None

    # Abuse protection and the curators' gaps log.
    flood_max_questions: int = Field(
        default=20, ge=1, description="Questions one chat may ask per FLOOD_WINDOW_SECONDS."
    )
    flood_window_seconds: float = Field(default=60.0, gt=0)
    gaps_enabled: bool = True
    gaps_db_path: Path = Field(default=PROJECT_ROOT / "data" / "gaps.sqlite3")

    # Curators and conversations.
    admin_user_ids: frozenset[PositiveInt] = Field(
        default=frozenset(), description="Telegram users who may use /why and /reload."
    )
    conversation_ttl_minutes: float = Field(
        default=10.0, gt=0, description="How long a follow-up question still refers to the last."
    )

    @field_validator("log_level", mode="before")
    @classmethod
    def _any_case(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("admin_user_ids", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        ids = [part.strip() for part in value.split(",") if part.strip()]
        for part in ids:
            if not USER_ID_SHAPE.fullmatch(part):
                raise ValueError(
                    f"{part!r} is not a Telegram user id; list numbers separated by commas, "
                    "e.g. 123456789,987654321"
                )
        return ids

    @field_validator("telegram_bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not TOKEN_SHAPE.fullmatch(value.get_secret_value()):
            raise ValueError(
                "does not look like a token from @BotFather, which has the form "
                f"{TOKEN_EXAMPLE} (the bot's number, a colon, then letters, digits, _ and -)"
            )
        return value

    @field_validator("telegram_api_base_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value

    @field_validator("webhook_url")
    @classmethod
    def _public_https_url(cls, value: str | None) -> str | None:
        if value is None:
            return value
        try:
            parts = urlsplit(value)
            port = parts.port
        except ValueError as error:  # a port that is not a number, or out of range
            raise ValueError(f"not a valid URL ({error})") from None
        if parts.scheme != "https" or not parts.hostname:
            raise ValueError(
                "must be an https:// URL, e.g. https://bot.example.org/telegram "
                "(Telegram delivers webhooks over HTTPS only)"
            )
        if port is not None and port not in WEBHOOK_PORTS:
            raise ValueError(
                f"port {port}: Telegram delivers webhooks only to ports "
                + ", ".join(map(str, WEBHOOK_PORTS))
            )
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _telegram_secret_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or WEBHOOK_SECRET_SHAPE.fullmatch(value.get_secret_value()):
            return value
        length = len(value.get_secret_value())
        problem = f"is {length} characters long" if length > 256 else "has a character not allowed"
        raise ValueError(
            f"{problem}; Telegram accepts 1-256 characters of A-Z a-z 0-9 _ - "
            "(or leave it empty for a random one at each start)"
        )

    @field_validator("knowledge_dir")
    @classmethod
    def _knowledge_dir_exists(cls, value: Path) -> Path:
        if not value.is_dir():
            raise ValueError(f"{value} is not a folder")
        return value


def load_settings(**overrides: object) -> Settings:
    """Read and check every setting before the bot does anything else.

    `overrides` (by field name) win over the environment, which wins over `.env`. Every wrong
    setting is reported at once, one `NAME: problem` line each.
    """
    values: dict[str, object] = {
        name: value for name, value in _environment().items() if name in Settings.model_fields
    }
    values.update(overrides)
    try:
        return Settings.model_validate(values)
    except ValidationError as error:
        raise ConfigError(_one_line_per_setting(error)) from None


def _environment() -> dict[str, str]:
    """`.env`, then the process environment over it, keyed by lower-case name.

    An empty value (`NAME=`, as `.env.example` lists them) means "not set": the default.
    """
    found: dict[str, str | None] = {}
    if ENV_FILE.is_file():
        from dotenv import dotenv_values  # only paid for when there is a file to read

        found.update(dotenv_values(ENV_FILE, encoding="utf-8"))
    found.update(os.environ)
    return {name.lower(): value for name, value in found.items() if value and value.strip()}


def _one_line_per_setting(error: ValidationError) -> str:
    lines: dict[str, str] = {}
    for problem in error.errors():
        name = str(problem["loc"][0]).upper() if problem["loc"] else "settings"
        message = problem["msg"].removeprefix("Value error, ")
        lines.setdefault(name, f"{name}: {message}")
    return "\n".join(lines.values())
