"""Settings from the environment and ``.env`` (see ``.env.example`` for each one)."""

from __future__ import annotations

import re
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Literal, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AliasChoices,
    Field,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from .locations import url_problem


def _shipped_data_dir() -> Path:
    """The knowledge base that came with CareerBot: a checkout's data/, or the installed copy
    (the package `careerbot_data`, which is the same folder in the wheel)."""
    checkout = Path(__file__).resolve().parent.parent / "data"
    if (checkout / "careers.yaml").is_file():
        return checkout
    # (a namespace package: its files, not the package object, are real paths)
    return Path(str(files("careerbot_data").joinpath("careers.yaml"))).parent


SHIPPED_DATA_DIR = _shipped_data_dir()
LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]

# A bot token is three base64url parts joined by dots; checked before any network call.
_TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{20,}$")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="CAREERBOT_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    discord_token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("DISCORD_TOKEN", "CAREERBOT_DISCORD_TOKEN")
    )
    data_dir: Path = SHIPPED_DATA_DIR
    # Where state is kept: a SQLite file (the default, CAREERBOT_DB_PATH) or a database URL,
    # sqlite:///path or postgresql://user:password@host:5432/db, which wins when set.
    db_path: Path = Path("careerbot.db")
    database_url: SecretStr | None = None  # may hold a password: never printed
    database_pool_size: int = Field(default=10, ge=1, le=100)
    context_ttl_minutes: float = Field(default=30.0, gt=0)
    confidence_threshold: float = Field(default=62.0, ge=0, le=100)
    clarify_margin: float = Field(default=2.5, ge=0, le=100)
    store_message_text: bool = True
    log_level: LogLevel = "INFO"
    # discord.py's own loggers stay at INFO or above unless this is on: at DEBUG they log
    # every gateway payload, students' messages included, whatever store_message_text says.
    discord_debug_logging: bool = False
    # Abuse limits
    max_message_chars: int = Field(default=500, ge=20, le=4000)
    rate_user_messages: int = Field(default=6, ge=1)
    rate_user_seconds: float = Field(default=30.0, gt=0)
    rate_channel_messages: int = Field(default=30, ge=1)
    rate_channel_seconds: float = Field(default=30.0, gt=0)
    retention_days: float = Field(default=30.0, gt=0)
    # Student safety
    safety_contact: str | None = Field(default=None, max_length=300)
    safety_alert_cooldown_minutes: float = Field(default=10.0, ge=0)
    # Discord
    moderator_role: str | None = None  # a role name or id allowed to use moderator commands
    listen_channels: Annotated[list[int], NoDecode] = Field(default_factory=list)
    # Shards: how many the whole bot has, and which of them this process runs (default: all).
    # Several processes, each with its own shard ids, share one PostgreSQL database.
    shard_count: int | None = Field(default=None, ge=1)
    shard_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    # The school's time zone, for the busiest hours in statistics ("America/Chicago").
    timezone: str = "UTC"

    @field_validator("database_url", mode="before")
    @classmethod
    def _a_location(cls, value: object) -> object:
        if isinstance(value, str):
            value = value.strip() or None
            if value is not None and (problem := url_problem(value)):
                raise ValueError(problem)
        return value

    @property
    def database(self) -> str:
        """The database location to open: CAREERBOT_DATABASE_URL, else CAREERBOT_DB_PATH."""
        if self.database_url is not None:
            return self.database_url.get_secret_value()
        return str(self.db_path)

    @model_validator(mode="after")
    def _shards_fit(self) -> Settings:
        if self.shard_ids and self.shard_count is None:
            raise ValueError("CAREERBOT_SHARD_IDS needs CAREERBOT_SHARD_COUNT")
        if self.shard_count is not None and any(i >= self.shard_count for i in self.shard_ids):
            raise ValueError(
                f"CAREERBOT_SHARD_IDS must each be below CAREERBOT_SHARD_COUNT={self.shard_count}"
            )
        if len(set(self.shard_ids)) < len(self.shard_ids):
            raise ValueError("CAREERBOT_SHARD_IDS names a shard twice")
        return self

    @field_validator("safety_contact", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError, OSError):  # "America" is a folder of zones
            raise ValueError("not a time zone: use a name like America/Chicago or UTC") from None
        return value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @field_validator("log_level", mode="before")
    @classmethod
    def _any_case(cls, value: object) -> object:
        if isinstance(value, str) and value.strip().upper() in get_args(LogLevel):
            return value.strip().upper()
        return value  # wrong: reported as written

    @field_validator("listen_channels", "shard_ids", mode="before")
    @classmethod
    def _comma_separated(cls, value: object, info: ValidationInfo) -> object:
        if isinstance(value, str):
            parts = [part for part in value.replace(" ", "").split(",") if part]
            if not all(part.isdigit() for part in parts):
                what = "channel ids" if info.field_name == "listen_channels" else "shard ids"
                raise ValueError(f"must be {what} (numbers) separated by commas")
            return [int(part) for part in parts]
        return value

    def token_problem(self) -> str | None:
        """What is wrong with the Discord token, in one line, or None when it looks usable."""
        if self.discord_token is None or not self.discord_token.get_secret_value().strip():
            return (
                "DISCORD_TOKEN is not set. Put your bot's token in .env (DISCORD_TOKEN=...) or "
                "in the environment; see README 'Running on Discord'."
            )
        if not _TOKEN_SHAPE.match(self.discord_token.get_secret_value().strip()):
            return (
                "DISCORD_TOKEN does not look like a bot token (three parts separated by dots). "
                "Copy it again from the Developer Portal: your application > Bot > Reset Token."
            )
        return None


class SettingsError(Exception):
    """A setting from the environment or .env is wrong; the message names it, in one line."""


def load_settings() -> Settings:
    """The settings, or a SettingsError that names each wrong setting and what it takes."""
    try:
        return Settings()
    except ValidationError as exc:
        raise SettingsError(describe_settings_error(exc)) from None
    except (OSError, UnicodeDecodeError) as exc:  # .env unreadable, or not UTF-8 text
        raise SettingsError(f"cannot read .env: {exc}") from None


def describe_settings_error(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        message = str(err["msg"]).removeprefix("Value error, ")
        if not err["loc"]:  # a check across settings: its message names them
            parts.append(message)
            continue
        field = str(err["loc"][0])
        name = "DISCORD_TOKEN" if field == "discord_token" else f"CAREERBOT_{field.upper()}"
        given = err.get("input")
        shown = ""
        # (a URL is never echoed: a malformed one cannot be trusted to hide its password)
        if isinstance(given, str | int | float) and field not in ("discord_token", "database_url"):
            shown = f"={given}"
        parts.append(f"{name}{shown}: {message[:1].lower()}{message[1:]}")
    return "bad setting: " + "; ".join(parts) + " (see .env.example)"
