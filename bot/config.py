"""Every knob the bot has, with its default and its check (environment variables and `.env`)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import (
    Field,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CONFIG_EXIT_CODE = 2


class ConfigError(Exception):
    """A setting is wrong; the message is one line naming the variable and the problem."""


class Settings(BaseSettings):
    """Settings read from the environment and `.env`; names are the upper-case field names."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", validate_default=True
    )

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

    @field_validator(
        "telegram_bot_token", "webhook_secret", "webhook_url", "log_level", mode="before"
    )
    @classmethod
    def _empty_is_unset(cls, value: object, info: ValidationInfo) -> object:
        """`NAME=` in .env means "not set" (the default), as `.env.example` lists them."""
        if isinstance(value, str) and not value.strip() and info.field_name:
            return cls.model_fields[info.field_name].default
        return value

    @field_validator("telegram_bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None:
            bot_id, _, secret = value.get_secret_value().partition(":")
            if not (bot_id.isdigit() and len(secret) >= 20):
                raise ValueError("does not look like a BotFather token (digits:secret)")
        return value

    @field_validator("telegram_api_base_url", "webhook_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value

    @field_validator("knowledge_dir")
    @classmethod
    def _knowledge_dir_exists(cls, value: Path) -> Path:
        if not value.is_dir():
            raise ValueError(f"{value} is not a folder")
        return value


def load_settings(**overrides: object) -> Settings:
    """Read the settings, turning pydantic's report into one line that names the variable."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        first = error.errors()[0]
        name = "_".join(str(part) for part in first["loc"]).upper() or "settings"
        message = first["msg"].removeprefix("Value error, ")
        raise ConfigError(f"{name}: {message}") from None
