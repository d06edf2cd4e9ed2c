"""Settings from the environment and ``.env`` (see ``.env.example`` for each one)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_DATA_DIR = Path(__file__).resolve().parent.parent / "data"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="CAREERBOT_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    data_dir: Path = Field(default=REPO_DATA_DIR, description="folder of the knowledge base YAML")
    db_path: Path = Field(default=Path("careerbot.db"), description="SQLite database file")
    context_ttl_minutes: float = Field(
        default=30.0, gt=0, description="idle time that ends a conversation"
    )
    confidence_threshold: float = Field(default=62.0, ge=0, le=100)
    clarify_margin: float = Field(default=2.5, ge=0, le=100)
    store_message_text: bool = Field(
        default=True, description="keep raw text for moderators' review"
    )
    log_level: str = "INFO"
