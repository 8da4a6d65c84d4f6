"""The one settings object, read from ZHIFA_* environment variables."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from zhifa.kernel.errors import ConfigurationError

DEV_SECRET = "zhifa-development-secret-do-not-use-in-production"


def default_data_dir() -> Path:
    """A per-user data dir (XDG), so a fresh install runs from any working directory."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "zhifa"


class Settings(BaseSettings):
    """Everything configurable about one zhifa node."""

    model_config = SettingsConfigDict(env_prefix="ZHIFA_", extra="ignore")

    mode: Literal["development", "production", "test"] = "development"
    data_dir: Path = Field(default_factory=default_data_dir)
    database_url: str = ""
    secret_key: str = DEV_SECRET
    ledger_origin: str = "zhifa.example/ledger"
    ledger_algorithm: Literal["sha256", "sm3"] = "sha256"
    ledger_key_file: Path | None = None
    checkpoint_interval_seconds: float = 1.0
    pii_key: str = ""
    pii_old_keys: tuple[str, ...] = ()
    host: str = "127.0.0.1"
    port: int = 8000
    public_rate_limit_per_minute: int = 60
    public_browse_rate_limit_per_minute: int = 1200
    public_cache_seconds: float = 1.0  # per client IP on 亮证核验; 0 turns it off
    # Where the public portal is reached from outside: the QR code on every issued document
    # points here (…/verify/document/{id}). Set it to the province's portal address.
    public_base_url: str = "http://127.0.0.1:8000"
    # How often `serve` runs the deadline sweep (`zhifa tick`), in seconds.
    tick_interval_seconds: float = 3600.0
    holidays_file: Path | None = None  # extra 节假日安排 file, read after the shipped one

    @field_validator("database_url")
    @classmethod
    def _valid_url(cls, value: str) -> str:
        if not value:
            return value
        try:
            url = make_url(value)
        except ArgumentError:
            raise ValueError(
                "数据库地址格式不正确（应如 sqlite:///zhifa.db 或 "
                "postgresql+psycopg://user@host:5432/db）"
            ) from None
        if url.get_backend_name() not in ("sqlite", "postgresql"):
            raise ValueError(
                f"不支持的数据库类型 {url.get_backend_name()}：只支持 sqlite 与 postgresql"
            )
        return value

    @property
    def effective_database_url(self) -> str:
        """The configured URL, or an SQLite file in the data dir."""
        if self.database_url:
            url = make_url(self.database_url)
            if url.get_backend_name() == "postgresql" and url.drivername == "postgresql":
                url = url.set(drivername="postgresql+psycopg")
            return url.render_as_string(hide_password=False)
        return f"sqlite:///{self.data_dir / 'zhifa.db'}"

    @property
    def pii_secret(self) -> str:
        """The key material for personal data at rest: ZHIFA_PII_KEY, else the secret key."""
        return self.pii_key or self.secret_key

    @property
    def pii_old_secrets(self) -> tuple[str, ...]:
        """Earlier PII keys that still decrypt during a rotation (ZHIFA_PII_OLD_KEYS, JSON list)."""
        return self.pii_old_keys

    @property
    def blob_dir(self) -> Path:
        return self.data_dir / "blobs"

    @property
    def key_file(self) -> Path:
        return self.ledger_key_file or (self.data_dir / "keys" / "ledger.key")

    def check_production(self) -> None:
        """Refuse to run a production node with the development secret."""
        if self.mode == "production" and (
            self.secret_key == DEV_SECRET or len(self.secret_key) < 32
        ):
            raise ConfigurationError(
                "生产模式下不得使用默认或过短的密钥：请将 ZHIFA_SECRET_KEY 设为至少 32 个字符的随机值",
                "ZHIFA_SECRET_KEY is the development default or shorter than 32 characters "
                "in production mode; set a random secret of at least 32 characters",
            )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
