"""Payload builders and constants shared by the fake Discord server.

Everything here produces plain JSON-able dicts in the shapes discord.py 2.x parses. Snowflakes are
strings in payloads (as on the real API) and ints on the Python side.
"""

from __future__ import annotations

import datetime
import itertools
import threading
import time
from dataclasses import dataclass
from typing import Any

DISCORD_EPOCH_MS = 1420070400000


class Perm:
    """Permission bits (https://discord.com/developers/docs/topics/permissions)."""

    CREATE_INSTANT_INVITE = 1 << 0
    KICK_MEMBERS = 1 << 1
    BAN_MEMBERS = 1 << 2
    ADMINISTRATOR = 1 << 3
    MANAGE_CHANNELS = 1 << 4
    MANAGE_GUILD = 1 << 5
    ADD_REACTIONS = 1 << 6
    VIEW_CHANNEL = 1 << 10
    SEND_MESSAGES = 1 << 11
    MANAGE_MESSAGES = 1 << 13
    EMBED_LINKS = 1 << 14
    ATTACH_FILES = 1 << 15
    READ_MESSAGE_HISTORY = 1 << 16
    MENTION_EVERYONE = 1 << 17
    USE_EXTERNAL_EMOJIS = 1 << 18
    CONNECT = 1 << 20
    SPEAK = 1 << 21
    CHANGE_NICKNAME = 1 << 26
    MANAGE_ROLES = 1 << 28
    USE_APPLICATION_COMMANDS = 1 << 31
    SEND_MESSAGES_IN_THREADS = 1 << 38
    ALL = (1 << 53) - 1

    # What @everyone gets in the fake guild: read, write, react, use slash commands.
    BASIC = (
        CREATE_INSTANT_INVITE
        | ADD_REACTIONS
        | VIEW_CHANNEL
        | SEND_MESSAGES
        | EMBED_LINKS
        | ATTACH_FILES
        | READ_MESSAGE_HISTORY
        | USE_EXTERNAL_EMOJIS
        | CONNECT
        | SPEAK
        | CHANGE_NICKNAME
        | USE_APPLICATION_COMMANDS
        | SEND_MESSAGES_IN_THREADS
    )


class Intent:
    GUILDS = 1 << 0
    GUILD_MEMBERS = 1 << 1
    GUILD_PRESENCES = 1 << 8
    GUILD_MESSAGES = 1 << 9
    DIRECT_MESSAGES = 1 << 12
    MESSAGE_CONTENT = 1 << 15


class SnowflakeFactory:
    """Strictly increasing, time-based snowflakes (so ``created_at`` looks sane)."""

    def __init__(self) -> None:
        self._last = 0
        self._lock = threading.Lock()
        self._inc = itertools.count()

    def __call__(self) -> int:
        with self._lock:
            now_ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
            return self._issue(now_ms)

    def for_shard(self, shard: int, shard_count: int) -> int:
        """A fresh snowflake that Discord routes to ``shard``: ``(id >> 22) % shard_count``.

        The timestamp part decides the shard, so this skips ahead to the next millisecond that
        routes there (at most ``shard_count - 1`` ms ahead); later ids are still larger.
        """
        with self._lock:
            now_ms = max(int(time.time() * 1000) - DISCORD_EPOCH_MS, self._last >> 22)
            return self._issue(now_ms + (shard - now_ms) % shard_count)

    def _issue(self, ms: int) -> int:
        value = (ms << 22) | (1 << 17) | (next(self._inc) & 0xFFF)
        value = max(value, self._last + 1)
        self._last = value
        return value


def now_iso() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat()


class FakeUser(dict):
    """A Discord user payload (a real ``dict``, JSON-serialisable) with a few conveniences.

    ``user["id"]`` is the string snowflake as on the wire; ``user.id`` is the int.
    """

    @property
    def id(self) -> int:
        return int(self["id"])

    @property
    def name(self) -> str:
        return self["username"]

    @property
    def mention(self) -> str:
        return f"<@{self['id']}>"

    @property
    def is_bot(self) -> bool:
        return bool(self.get("bot", False))


def user_payload(
    user_id: int, username: str, *, bot: bool = False, global_name: str | None = None
) -> FakeUser:
    return FakeUser(
        id=str(user_id),
        username=username,
        discriminator="0",
        global_name=global_name if global_name is not None else (None if bot else username.title()),
        avatar=None,
        banner=None,
        accent_color=None,
        avatar_decoration_data=None,
        bot=bot,
        system=False,
        public_flags=0,
    )


def role_payload(
    role_id: int,
    name: str,
    *,
    permissions: int,
    position: int,
    managed: bool = False,
    tags: dict | None = None,
) -> dict:
    role = {
        "id": str(role_id),
        "name": name,
        "color": 0,
        "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
        "hoist": False,
        "icon": None,
        "unicode_emoji": None,
        "position": position,
        "permissions": str(permissions),
        "managed": managed,
        "mentionable": False,
        "flags": 0,
    }
    if tags is not None:
        role["tags"] = tags
    return role


def text_channel_payload(channel_id: int, guild_id: int, name: str, *, position: int) -> dict:
    return {
        "id": str(channel_id),
        "type": 0,
        "guild_id": str(guild_id),
        "name": name,
        "position": position,
        "permission_overwrites": [],
        "parent_id": None,
        "topic": None,
        "nsfw": False,
        "rate_limit_per_user": 0,
        "last_message_id": None,
        "default_auto_archive_duration": 1440,
        "flags": 0,
    }


def dm_channel_payload(channel_id: int, recipient: dict) -> dict:
    return {
        "id": str(channel_id),
        "type": 1,
        "recipients": [dict(recipient)],
        "last_message_id": None,
        "flags": 0,
    }


def member_payload(
    user: dict | None,
    *,
    roles: list[int] | tuple[int, ...] = (),
    joined_at: str,
    permissions: int | None = None,
    nick: str | None = None,
) -> dict:
    """A guild member object. ``user`` is omitted (None) where Discord omits it (MESSAGE_CREATE)."""
    member: dict[str, Any] = {
        "roles": [str(r) for r in roles],
        "joined_at": joined_at,
        "premium_since": None,
        "deaf": False,
        "mute": False,
        "flags": 0,
        "pending": False,
        "nick": nick,
        "avatar": None,
        "banner": None,
        "communication_disabled_until": None,
    }
    if user is not None:
        member["user"] = dict(user)
    if permissions is not None:
        member["permissions"] = str(permissions)
    return member


@dataclass(frozen=True)
class ChannelOption:
    """A channel picked in a slash-command option (type 7); ``slash`` fills ``resolved``."""

    id: int


@dataclass(frozen=True)
class RoleOption:
    """A role picked in a slash-command option (type 8); ``slash`` fills ``resolved``."""

    id: int


def option_type_for(value: Any) -> int:
    """Discord option type for a Python value (used by the ``{"name": value}`` shorthand)."""
    if isinstance(value, FakeUser):
        return 6
    if isinstance(value, ChannelOption):
        return 7
    if isinstance(value, RoleOption):
        return 8
    if isinstance(value, bool):
        return 5
    if isinstance(value, int):
        return 4
    if isinstance(value, float):
        return 10
    return 3
