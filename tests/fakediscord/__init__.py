"""A fake Discord server (REST + gateway on 127.0.0.1) for end-to-end tests of discord.py bots."""

from .payloads import ChannelOption, FakeUser, Intent, Perm, RoleOption
from .server import FakeDiscord, FakeGuild, GatewaySession, Interaction, patch_discord, running

__all__ = [
    "ChannelOption",
    "FakeDiscord",
    "FakeGuild",
    "FakeUser",
    "GatewaySession",
    "Intent",
    "Interaction",
    "Perm",
    "RoleOption",
    "patch_discord",
    "running",
]
