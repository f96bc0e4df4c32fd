"""Settings, read once from the environment (and a `.env` file in the working directory).

A platform whose settings are absent is not mounted; a malformed setting stops start-up
with one line naming it (`SettingsError`).
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

import phonenumbers
from dotenv import dotenv_values


class SettingsError(ValueError):
    """A setting is malformed; the message is one line that names it."""


# A host name for HOST, when it is not an IP address: dot-separated labels of letters,
# digits and inner hyphens (RFC 1123).
_LABEL = r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)"
_HOST_NAME = re.compile(rf"{_LABEL}(\.{_LABEL})*")


LOG_FORMATS = ("text", "json")
MAX_RETENTION_DAYS = 36_500  # a hundred years: past that, dates overflow


def valid_days(text: str) -> bool:
    """A retention period: ASCII digits, 1 to MAX_RETENTION_DAYS."""
    return text.isascii() and text.isdigit() and 1 <= int(text) <= MAX_RETENTION_DAYS


def valid_host(text: str) -> bool:
    """An address to listen on: an IPv4 or IPv6 address, or a host name."""
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return len(text) <= 253 and bool(_HOST_NAME.fullmatch(text))
    return True


@dataclass(frozen=True)
class Settings:
    database_url: str | None = None  # None: the embedded SQLite file (bot.store.db)
    host: str = "127.0.0.1"  # this machine only; 0.0.0.0 in a container
    port: int = 3978
    phone_region: str = "US"
    retention_days: int | None = None  # None: nothing is deleted by age
    slack_bot_token: str | None = None
    slack_signing_secret: str | None = None
    slack_app_token: str | None = None
    slack_client_id: str | None = None
    slack_client_secret: str | None = None
    slack_api_url: str | None = None
    microsoft_app_id: str | None = None
    microsoft_app_password: str | None = None
    microsoft_app_type: str | None = None
    microsoft_app_tenant_id: str | None = None
    log_format: str = "text"  # LOG_FORMAT: text, or json (one JSON object per line)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Settings from `environ` (default: `.env` values overridden by os.environ)."""
        if environ is None:
            environ = {**{k: v for k, v in dotenv_values().items() if v is not None}, **os.environ}

        def get(name: str) -> str | None:
            value = environ.get(name, "").strip()
            return value or None

        host = get("HOST") or "127.0.0.1"
        if not valid_host(host):
            raise SettingsError(
                f"HOST must be an IP address or a host name such as 0.0.0.0, not {host!r}"
            )

        port_text = get("PORT") or "3978"
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise SettingsError(f"PORT must be a port number (1-65535), not {port_text!r}")

        region = (get("PHONE_REGION") or "US").upper()
        if region not in phonenumbers.SUPPORTED_REGIONS:
            raise SettingsError(
                f"PHONE_REGION must be a two-letter region such as US or GB, not {region!r}"
            )

        retention_text = get("RETENTION_DAYS")
        if retention_text is not None and not valid_days(retention_text):
            raise SettingsError(
                f"RETENTION_DAYS must be a number of days from 1 to {MAX_RETENTION_DAYS}, "
                f"not {retention_text!r}"
            )

        database_url = get("DATABASE_URL")
        if database_url and not database_url.startswith(
            ("sqlite+aiosqlite://", "postgresql+asyncpg://")
        ):
            raise SettingsError(
                "DATABASE_URL must start with sqlite+aiosqlite:// or postgresql+asyncpg://"
            )

        api_url = get("SLACK_API_URL")
        if api_url and not api_url.startswith(("http://", "https://")):
            raise SettingsError("SLACK_API_URL must be an http(s) URL")
        if api_url and not api_url.endswith("/"):
            api_url += "/"  # slack-sdk joins method names onto it

        log_format = (get("LOG_FORMAT") or "text").lower()
        if log_format not in LOG_FORMATS:
            raise SettingsError(f"LOG_FORMAT must be text or json, not {log_format!r}")

        return cls(
            database_url=database_url,
            host=host,
            port=int(port_text),
            phone_region=region,
            retention_days=int(retention_text) if retention_text else None,
            slack_bot_token=get("SLACK_BOT_TOKEN"),
            slack_signing_secret=get("SLACK_SIGNING_SECRET"),
            slack_app_token=get("SLACK_APP_TOKEN"),
            slack_client_id=get("SLACK_CLIENT_ID"),
            slack_client_secret=get("SLACK_CLIENT_SECRET"),
            slack_api_url=api_url,
            microsoft_app_id=get("MicrosoftAppId"),
            microsoft_app_password=get("MicrosoftAppPassword"),
            microsoft_app_type=get("MicrosoftAppType"),
            microsoft_app_tenant_id=get("MicrosoftAppTenantId"),
            log_format=log_format,
        )
