"""Fake Discord (REST API + gateway websocket) on 127.0.0.1 for end-to-end tests of discord.py bots.

The real discord.py client talks to it unchanged; only three URLs are patched (see
:meth:`FakeDiscord.patch`). The fake plays the part of Discord *and* of the humans: tests make users
send messages, run slash commands, click buttons, and then assert on what the bot sent back.
It can serve several guilds and make the bot shard (``FakeDiscord(shard_count=...)``,
:meth:`FakeDiscord.make_guild`): one gateway session per shard, events routed by guild id.

Typical use::

    async with running() as fake:                 # start server + patch discord.py URLs
        bot = make_bot()
        async with fake.bot_running(bot):         # bot.start(...) in a task, wait for READY, close
            await fake.send_message(f"{fake.bot_user.mention} hi", mentions=[fake.bot_user])
            reply = await fake.wait_for_bot_message()
            it = await fake.slash("ping")
            resp = await it.wait_response()
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import logging
import re
import secrets
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import yarl
from aiohttp import WSMsgType, web

from .payloads import (
    ChannelOption,
    FakeUser,
    Intent,
    Perm,
    RoleOption,
    SnowflakeFactory,
    dm_channel_payload,
    member_payload,
    now_iso,
    option_type_for,
    role_payload,
    text_channel_payload,
    user_payload,
)

log = logging.getLogger("fakediscord")

EPHEMERAL = 1 << 6
LOADING = 1 << 7
_MENTION_RE = re.compile(r"<@!?(\d+)>")
_ROLE_MENTION_RE = re.compile(r"<@&(\d+)>")

JSON = dict[str, Any]


def _json_response(data: Any, status: int = 200) -> web.Response:
    # discord.py only decodes JSON when Content-Type is *exactly* "application/json" (no charset),
    # so web.json_response (which appends "; charset=utf-8") must not be used.
    return web.Response(
        body=json.dumps(data).encode(), status=status, headers={"Content-Type": "application/json"}
    )


def _error(status: int, code: int, message: str) -> web.Response:
    return _json_response({"message": message, "code": code}, status=status)


def _no_content() -> web.Response:
    return web.Response(status=204)


class _Request:
    """What one REST call carried, after decoding JSON or multipart/form-data."""

    def __init__(self, method: str, path: str, query: dict[str, str]) -> None:
        self.method = method
        self.path = path
        self.query = query
        self.json: Any = None
        self.files: list[JSON] = []


class Interaction:
    """The fake's record of one INTERACTION_CREATE it dispatched and everything the bot answered.

    ``responses`` holds every body the bot sent for it, in order (callback, @original edits,
    followups, followup edits); ``log`` holds the same as ``(kind, body)`` pairs, kind being one
    of ``callback``, ``edit_original``, ``delete_original``, ``followup``, ``edit_followup``,
    ``delete_followup``.
    """

    def __init__(self, fake: FakeDiscord, payload: JSON, *, component_message: JSON | None = None):
        self.fake = fake
        self.payload = payload
        self.id: int = int(payload["id"])
        self.token: str = payload["token"]
        self.type: int = payload["type"]
        self.responses: list[JSON] = []
        self.log: list[tuple[str, JSON]] = []
        self.callback: JSON | None = None
        self.callback_at: float | None = None  # time.monotonic() when the bot first answered
        self.original: JSON | None = None  # message payload behind .../messages/@original
        self.followups: list[JSON] = []  # message payloads of followups that created a message
        self.component_message = component_message
        self.created = asyncio.get_running_loop().time()
        self._deferred_pending = False  # type-5 defer whose loading message is not yet filled in
        self._cursor = 0

    def __repr__(self) -> str:
        name = (self.payload.get("data") or {}).get("name") or (self.payload.get("data") or {}).get(
            "custom_id"
        )
        return (
            f"<fake Interaction id={self.id} type={self.type} {name!r} responses={len(self.log)}>"
        )

    @property
    def message(self) -> JSON | None:
        """The current @original message payload (None before a message-producing response)."""
        return self.original

    @property
    def callback_type(self) -> int | None:
        return None if self.callback is None else self.callback.get("type")

    def _record(self, kind: str, body: JSON) -> None:
        self.log.append((kind, body))
        self.responses.append(body)

    async def next_response(self, timeout: float = 5.0) -> tuple[str, JSON] | None:
        """The next ``(kind, body)`` not yet returned by this method; None on timeout."""
        ok = await self.fake._wait(lambda: len(self.log) > self._cursor, timeout)
        if not ok:
            return None
        entry = self.log[self._cursor]
        self._cursor += 1
        return entry

    async def wait_response(self, timeout: float = 5.0, *, follow: bool | None = None) -> JSON:
        """The bot's answer as ``{"type", "data", "ephemeral", "message", "via"}``.

        * type 4/7/8/9: ``data`` is the callback's data.
        * type 5 (deferred): also waits for the edit of @original or the first followup, and
          ``data`` is that final message (``via`` is ``"edit_original"`` or ``"followup"``).
        * type 6 (deferred update): returns at once unless ``follow=True``, in which case it waits
          for the following edit/followup like type 5.

        ``ephemeral`` is decided by flag 64 (for type 5, by the defer's flags, as on Discord).
        ``message`` is the stored message payload (use it for :meth:`FakeDiscord.click`).
        Raises ``TimeoutError`` when the bot does not answer in time.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        if not await self.fake._wait(lambda: self.callback is not None, timeout):
            raise TimeoutError(
                f"bot did not respond to {self!r} within {timeout}s "
                f"(last requests: {self.fake.requests[-5:]!r})"
            )
        callback = self.callback
        assert callback is not None
        ctype = callback.get("type")
        cdata = callback.get("data") or {}
        if follow is None:
            follow = ctype == 5
        if ctype in (5, 6) and follow:
            index = next(i for i, (kind, _) in enumerate(self.log) if kind == "callback")

            def later() -> tuple[str, JSON] | None:
                for kind, body in self.log[index + 1 :]:
                    if kind in ("edit_original", "followup"):
                        return kind, body
                return None

            remaining = max(0.0, deadline - loop.time())
            if not await self.fake._wait(lambda: later() is not None, remaining):
                raise TimeoutError(
                    f"bot deferred {self!r} (type {ctype}) but sent no edit/followup within "
                    f"{timeout}s"
                )
            kind, body = later()  # type: ignore[misc]
            defer_ephemeral = bool(int(cdata.get("flags") or 0) & EPHEMERAL)
            if kind == "edit_original":
                msg = self.original or {}
                data = _message_view(msg)
                if "allowed_mentions" in body:
                    data["allowed_mentions"] = body["allowed_mentions"]
                eph = defer_ephemeral if ctype == 5 else bool(data.get("flags", 0) & EPHEMERAL)
                return {"type": ctype, "data": data, "ephemeral": eph, "message": msg, "via": kind}
            msg = body.get("__message__") or {}
            data = {k: v for k, v in body.items() if k != "__message__"}
            eph = (
                bool(msg.get("flags", 0) & EPHEMERAL)
                if msg
                else bool(int(data.get("flags") or 0) & EPHEMERAL)
            )
            return {"type": ctype, "data": data, "ephemeral": eph, "message": msg, "via": kind}
        eph = bool(int(cdata.get("flags") or 0) & EPHEMERAL)
        if ctype == 7 and self.original is not None:
            eph = bool(self.original.get("flags", 0) & EPHEMERAL)
        return {
            "type": ctype,
            "data": cdata,
            "ephemeral": eph,
            "message": self.original if ctype in (4, 5, 7) else None,
            "via": "callback",
        }


def _message_view(msg: JSON) -> JSON:
    keys = ("content", "embeds", "components", "flags", "attachments")
    return {k: copy.deepcopy(msg[k]) for k in keys if k in msg}


@dataclass
class FakeGuild:
    """A guild of the fake: its id (also its @everyone role's id), name, shard and two text
    channels, ``general`` and ``career-help``."""

    id: int
    name: str
    shard: int
    general_id: int
    other_id: int
    joined_at: str


class GatewaySession:
    """The gateway session of one shard: its websocket, sequence numbers and the dispatch frames
    sent since its IDENTIFY (``history``, replayed on RESUME)."""

    def __init__(self, shard: int) -> None:
        self.shard = shard
        self.ws: web.WebSocketResponse | None = None
        self.live = asyncio.Event()  # READY + GUILD_CREATEs sent (or RESUMED), socket open
        self.lock = asyncio.Lock()  # one frame at a time, numbered in order
        self.session_id: str | None = None
        self.seq = 0
        self.history: list[JSON] = []
        self.identify_payload: JSON | None = None
        self.intents: int | None = None
        self.identify_count = 0
        self.resume_count = 0

    def __repr__(self) -> str:
        state = "live" if self.live.is_set() else "down"
        return f"<fake GatewaySession shard={self.shard} {state} seq={self.seq}>"

    def events(self, name: str | None = None) -> list[JSON]:
        """The ``d`` of the dispatches sent in this session (only those named ``name``)."""
        return [f["d"] for f in self.history if name is None or f["t"] == name]


@contextlib.contextmanager
def patch_discord(base_url: str) -> Iterator[None]:
    """Point discord.py at the fake served at ``base_url`` (``http://127.0.0.1:PORT``) until exit:
    the REST base (also used by interaction webhooks) and the gateway."""
    import discord.gateway
    import discord.http
    import discord.webhook.async_ as webhook_async

    base = yarl.URL(base_url)
    gateway = base.with_scheme("wss" if base.scheme == "https" else "ws") / "gateway"
    routes = {discord.http.Route, webhook_async.Route}
    old_bases = {route: route.BASE for route in routes}
    old_gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    try:
        for route in routes:
            route.BASE = str(base / "api" / "v10")
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = gateway
        yield
    finally:
        for route, old in old_bases.items():
            route.BASE = old
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old_gateway


class FakeDiscord:
    """Fake Discord REST + gateway. See the module docstring and tests/test_fakediscord.py."""

    API_PREFIXES = ("/api/v10", "/api/v9", "/api")

    def __init__(
        self,
        *,
        guild_name: str = "Fake Career Center",
        shard_count: int = 1,
        echo_bot_messages: bool = True,
        enforce_intents: bool = True,
        interaction_deadline: float | None = None,
        heartbeat_interval_ms: int = 41250,
        dispatch_timeout: float = 10.0,
    ) -> None:
        """
        echo_bot_messages: also dispatch MESSAGE_CREATE for messages the bot POSTs (as Discord
            does).
        enforce_intents: drop MESSAGE_CREATE the bot did not subscribe to and blank the content of
            guild messages when the MESSAGE_CONTENT intent is off (unless the bot is mentioned).
        interaction_deadline: if set (Discord uses 3.0), callbacks later than this many seconds
            after dispatch get 404 Unknown interaction.
        dispatch_timeout: how long a dispatch waits for a live gateway session (e.g. while the bot
            reconnects) before raising.
        shard_count: how many shards the bot must IDENTIFY with (reported by GET /gateway/bot).
            A guild belongs to shard ``(guild_id >> 22) % shard_count``; the main guild is on
            shard 0. See :meth:`make_guild`.
        """
        if shard_count < 1:
            raise ValueError("shard_count must be at least 1")
        self.snowflake = SnowflakeFactory()
        self.shard_count = shard_count
        self.echo_bot_messages = echo_bot_messages
        self.enforce_intents = enforce_intents
        self.interaction_deadline = interaction_deadline
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.dispatch_timeout = dispatch_timeout

        # ---- ids -------------------------------------------------------------------------
        self.application_id: int = self.snowflake()
        self.guild_id: int = self.snowflake.for_shard(0, shard_count)
        self.everyone_role_id: int = self.guild_id
        self.moderator_role_id: int = self.snowflake()
        self.bot_role_id: int = self.snowflake()
        self.general_id: int = self.snowflake()
        self.other_id: int = self.snowflake()
        self.guild_joined_at = now_iso()
        self.guilds: dict[int, FakeGuild] = {
            self.guild_id: FakeGuild(
                self.guild_id, guild_name, 0, self.general_id, self.other_id, self.guild_joined_at
            )
        }

        # ---- users / members -------------------------------------------------------------
        self.users: dict[int, FakeUser] = {}
        self.members: dict[int, JSON] = {}  # user id -> {"roles": [int], "joined_at": str, "nick"}
        # The bot user's id equals the application id (as for every modern Discord app).
        self.bot_user: FakeUser = self._add_user(self.application_id, "careerbot", bot=True)
        self.members[self.bot_user.id] = {"roles": [self.bot_role_id], "joined_at": now_iso()}
        self.owner: FakeUser = self.make_user("owner", global_name="Server Owner")
        self.moderator: FakeUser = self.make_user(
            "moderator", global_name="Ms. Moderator", roles=[self.moderator_role_id]
        )
        self.student: FakeUser = self.make_user("student", global_name="Sam Student")
        self._other_bot: FakeUser | None = None

        # ---- roles / channels ------------------------------------------------------------
        self.roles: dict[int, JSON] = {
            self.everyone_role_id: role_payload(
                self.everyone_role_id, "@everyone", permissions=Perm.BASIC, position=0
            ),
            self.moderator_role_id: role_payload(
                self.moderator_role_id, "Counselor", permissions=Perm.MANAGE_GUILD, position=1
            ),
            self.bot_role_id: role_payload(
                self.bot_role_id,
                "careerbot",
                permissions=Perm.BASIC | Perm.MANAGE_MESSAGES | Perm.MENTION_EVERYONE,
                position=2,
                managed=True,
                tags={"bot_id": str(self.bot_user.id)},
            ),
        }
        self.channels: dict[int, JSON] = {
            self.general_id: text_channel_payload(
                self.general_id, self.guild_id, "general", position=0
            ),
            self.other_id: text_channel_payload(
                self.other_id, self.guild_id, "career-help", position=1
            ),
        }
        self.dm_channels: dict[int, int] = {}  # user id -> DM channel id

        # ---- recorded state --------------------------------------------------------------
        self.requests: list[tuple[str, str, Any]] = []
        self.request_log: list[JSON] = []  # same calls with query string and uploaded file names
        self.unhandled: list[tuple[str, str, Any]] = []
        self.messages: dict[int, JSON] = {}  # every message (users' and bot's), by id
        self.bot_messages: list[JSON] = []  # what the bot POSTed to /channels/{id}/messages
        self._consumed_bot_messages: set[int] = set()
        self.interactions: dict[str, Interaction] = {}  # by token
        self.synced_commands: Any = None
        self.global_commands: list[JSON] = []
        self.guild_commands: dict[int, list[JSON]] = {}
        self._command_ids: dict[tuple[Any, ...], int] = {}
        self.attachments: dict[int, bytes] = {}
        self.presence_updates: list[JSON] = []

        # ---- gateway state ---------------------------------------------------------------
        self.identify_payload: JSON | None = None  # the latest IDENTIFY, of any shard
        self.intents: int | None = None  # ... and its intents
        self.identify_count = 0  # IDENTIFYs accepted, all shards together
        self.resume_count = 0
        self.gateway_connections = 0
        self.sessions: dict[int, GatewaySession] = {
            shard: GatewaySession(shard) for shard in range(shard_count)
        }
        self._all_ws: set[web.WebSocketResponse] = set()

        self._runner: web.AppRunner | None = None
        self.port: int | None = None
        self._cond: asyncio.Condition | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self._routes = self._build_routes()

    # =====================================================================================
    # lifecycle
    # =====================================================================================

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_base(self) -> str:
        return f"{self.base_url}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    async def start(self) -> None:
        self._cond = asyncio.Condition()
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_get("/gateway", self._gateway_handler)
        app.router.add_route("*", "/{tail:.*}", self._rest_handler)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server  # aiohttp exposes no public accessor for the bound port
        assert server is not None and server.sockets
        self.port = server.sockets[0].getsockname()[1]
        log.debug("fake discord listening on %s", self.base_url)

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(BaseException):
                await task
        for ws in list(self._all_ws):
            with contextlib.suppress(Exception):
                await ws.close(code=1001, message=b"fake discord shutting down")
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @contextlib.contextmanager
    def patch(self) -> Iterator[FakeDiscord]:
        """Point discord.py's REST base (also used by interaction webhooks) and gateway here."""
        assert self.port is not None, "call start() first"
        with patch_discord(self.base_url):
            yield self

    @contextlib.asynccontextmanager
    async def bot_running(
        self,
        bot: Any,
        token: str = "FAKE.TOKEN.abc",
        *,
        timeout: float = 10.0,
        shards: Iterable[int] | None = None,
    ) -> AsyncIterator[Any]:
        """Run ``bot.start(token)`` in a task until the fake has sent READY + GUILD_CREATE on each
        of the bot's shards; on exit ``await bot.close()`` and await the task (so aiohttp sessions
        are closed).

        ``shards`` defaults to the bot's own: ``bot.shard_id`` of a ``Client(shard_id=...)``,
        ``bot.shard_ids`` of an ``AutoShardedClient(shard_ids=...)``, else every shard.
        """
        if shards is None:
            if getattr(bot, "shard_id", None) is not None:
                shards = [bot.shard_id]
            else:
                shards = getattr(bot, "shard_ids", None) or range(self.shard_count)
        before = {shard: self.sessions[shard].identify_count for shard in shards}

        def identified() -> bool:
            return all(
                self.sessions[shard].identify_count > count and self.sessions[shard].live.is_set()
                for shard, count in before.items()
            )

        task = asyncio.create_task(bot.start(token), name="fakediscord-bot")
        try:
            waiter = asyncio.ensure_future(
                self._wait_or_raise(identified, timeout, f"bot did not IDENTIFY within {timeout}s")
            )
            done, _ = await asyncio.wait({task, waiter}, return_when=asyncio.FIRST_COMPLETED)
            if task in done:
                waiter.cancel()
                with contextlib.suppress(BaseException):
                    await waiter
                task.result()  # re-raise the bot's startup error
                raise RuntimeError("bot.start() returned before identifying")
            waiter.result()
            yield bot
        finally:
            await bot.close()
            try:
                await asyncio.wait_for(task, timeout=10)
            except Exception:  # startup errors were already raised above
                log.debug("bot task ended with an error", exc_info=True)

    # =====================================================================================
    # waiting helpers
    # =====================================================================================

    async def _notify(self) -> None:
        assert self._cond is not None
        async with self._cond:
            self._cond.notify_all()

    async def _wait(self, predicate: Callable[[], Any], timeout: float) -> bool:
        assert self._cond is not None, "call start() first"
        if predicate():
            return True
        async with self._cond:
            try:
                await asyncio.wait_for(self._cond.wait_for(predicate), timeout)
            except TimeoutError:
                return bool(predicate())
        return True

    async def _wait_or_raise(self, predicate: Callable[[], Any], timeout: float, what: str) -> None:
        if not await self._wait(predicate, timeout):
            raise TimeoutError(f"{what} (requests so far: {self.requests!r})")

    def _spawn(self, coro: Awaitable[Any]) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._task_done)

    def _task_done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("fakediscord background task failed", exc_info=task.exception())

    async def wait_until_identified(self, timeout: float = 10, *, shard: int | None = None) -> None:
        """Until a gateway session is live: the bot sent IDENTIFY and got READY + GUILD_CREATE (or
        RESUMEd such a session). After the bot's websocket closes (e.g. ``bot.close()`` before a
        restart) this waits for the next IDENTIFY/RESUME.

        ``shard`` waits for that shard only; by default every shard must be live.
        """
        shards = set(self.sessions) if shard is None else {shard}
        if not await self._wait(lambda: shards <= self.live_shards(), timeout):
            raise TimeoutError(
                f"bot did not IDENTIFY within {timeout}s (shards wanted {sorted(shards)}, live "
                f"{sorted(self.live_shards())}; requests so far: {self.requests!r})"
            )

    async def wait_until_connected(self, timeout: float = 10, *, shard: int | None = None) -> None:
        """Alias of :meth:`wait_until_identified`."""
        await self.wait_until_identified(timeout, shard=shard)

    def live_shards(self) -> set[int]:
        """The shards whose gateway session is live now."""
        return {shard for shard, session in self.sessions.items() if session.live.is_set()}

    @property
    def shard_identify_count(self) -> dict[int, int]:
        """IDENTIFYs accepted, by shard."""
        return {shard: session.identify_count for shard, session in self.sessions.items()}

    @property
    def shard_resume_count(self) -> dict[int, int]:
        """RESUMEs accepted, by shard."""
        return {shard: session.resume_count for shard, session in self.sessions.items()}

    @property
    def session_id(self) -> str | None:
        """The session id of shard 0 (the only shard unless ``shard_count`` > 1)."""
        return self.sessions[0].session_id

    async def wait_for_bot_message(
        self, *, channel_id: int | None = None, timeout: float = 5.0
    ) -> JSON | None:
        """The next not-yet-returned message the bot POSTed to /channels/{id}/messages.

        The result is the full stored message payload (id, channel_id, author, content, embeds,
        components, flags, ...) overlaid with what the bot sent that is not part of a message
        (allowed_mentions, message_reference as sent, tts, nonce); ``request_body`` is the raw body.
        None on timeout.
        """

        def find() -> int | None:
            for index, msg in enumerate(self.bot_messages):
                if index in self._consumed_bot_messages:
                    continue
                if channel_id is None or int(msg["channel_id"]) == int(channel_id):
                    return index
            return None

        if not await self._wait(lambda: find() is not None, timeout):
            return None
        index = find()
        assert index is not None
        self._consumed_bot_messages.add(index)
        return self.bot_messages[index]

    async def wait_for_request(
        self, method: str, path_pattern: str, *, timeout: float = 5.0, start: int = 0
    ) -> tuple[str, str, Any] | None:
        """First recorded REST call (from index ``start``) whose method matches and whose path
        matches the regex ``path_pattern`` (re.search)."""
        rx = re.compile(path_pattern)

        def find() -> tuple[str, str, Any] | None:
            for m, p, body in self.requests[start:]:
                if m == method.upper() and rx.search(p):
                    return m, p, body
            return None

        if not await self._wait(lambda: find() is not None, timeout):
            return None
        return find()

    # =====================================================================================
    # users, members, channels
    # =====================================================================================

    def _add_user(self, user_id: int, username: str, *, bot: bool = False, **kw: Any) -> FakeUser:
        user = user_payload(user_id, username, bot=bot, **kw)
        self.users[user_id] = user
        return user

    def make_user(
        self,
        username: str | None = None,
        *,
        bot: bool = False,
        roles: Iterable[int] = (),
        global_name: str | None = None,
        member: bool = True,
    ) -> FakeUser:
        """A new user (by default a guild member with the given extra role ids).

        Users made before the bot connects are in GUILD_CREATE; later ones are still fine in
        messages and interactions (which carry their member object); no GUILD_MEMBER_ADD is sent.
        """
        user_id = self.snowflake()
        username = username or f"user{user_id % 100000}"
        user = self._add_user(user_id, username, bot=bot, global_name=global_name)
        if member:
            self.members[user_id] = {"roles": list(roles), "joined_at": now_iso()}
        return user

    def make_role(self, name: str, permissions: int = 0) -> int:
        """Add a guild role (call before the bot connects so it is in GUILD_CREATE). Every guild
        has it, with the same id."""
        role_id = self.snowflake()
        self.roles[role_id] = role_payload(
            role_id, name, permissions=permissions, position=len(self.roles)
        )
        return role_id

    @property
    def other_bot(self) -> FakeUser:
        """Another bot account in the guild (author of ``send_message(..., bot_author=True)``)."""
        if self._other_bot is None:
            self._other_bot = self.make_user("otherbot", bot=True)
        return self._other_bot

    def _user(self, user: Any) -> FakeUser:
        if user is None:
            return self.student
        if isinstance(user, FakeUser):
            return user
        if isinstance(user, dict):
            return self.users.get(int(user["id"])) or FakeUser(user)
        return self.users[int(user)]

    def permissions_for(
        self, user: Any, extra_roles: Iterable[int] = (), *, guild_id: int | None = None
    ) -> int:
        """Guild-level permissions of a member, computed from @everyone and their roles (the same
        in every guild)."""
        user = self._user(user)
        if user.id == self.owner.id:
            return Perm.ALL
        roles = {int(role["id"]): role for role in self.guild_roles(guild_id)}
        role_ids = {guild_id or self.guild_id, *self._member_roles(user.id), *map(int, extra_roles)}
        perms = 0
        for role_id in role_ids:
            role = roles.get(role_id)
            if role is not None:
                perms |= int(role["permissions"])
        if perms & Perm.ADMINISTRATOR:
            return Perm.ALL
        return perms

    def _member_roles(self, user_id: int) -> list[int]:
        return list(self.members.get(user_id, {}).get("roles", []))

    def _ensure_member(self, user: FakeUser) -> JSON:
        return self.members.setdefault(user.id, {"roles": [], "joined_at": now_iso()})

    def member(
        self,
        user: Any,
        *,
        with_user: bool = True,
        extra_roles: Iterable[int] = (),
        permissions: int | None = None,
    ) -> JSON:
        user = self._user(user)
        info = self._ensure_member(user)
        roles = list(dict.fromkeys([*info["roles"], *map(int, extra_roles)]))
        return member_payload(
            user if with_user else None,
            roles=roles,
            joined_at=info["joined_at"],
            permissions=permissions,
            nick=info.get("nick"),
        )

    def dm_channel_id(self, user: Any = None) -> int:
        """The DM channel between the bot and ``user`` (created on demand)."""
        user = self._user(user)
        if user.id not in self.dm_channels:
            channel_id = self.snowflake()
            self.dm_channels[user.id] = channel_id
            self.channels[channel_id] = dm_channel_payload(channel_id, user)
        return self.dm_channels[user.id]

    def make_channel(self, name: str, *, guild_id: int | None = None) -> int:
        """Add a text channel to the main guild or to ``guild_id`` (call before the bot connects
        so it is in GUILD_CREATE)."""
        guild_id = guild_id or self.guild_id
        channel_id = self.snowflake()
        position = sum(1 for c in self.channels.values() if c.get("guild_id") == str(guild_id))
        self.channels[channel_id] = text_channel_payload(
            channel_id, guild_id, name, position=position
        )
        return channel_id

    def make_staff_channel(self, name: str = "staff-only", *, guild_id: int | None = None) -> int:
        """A text channel hidden from @everyone that the bot can see and post in."""
        guild_id = guild_id or self.guild_id
        channel_id = self.make_channel(name, guild_id=guild_id)
        self.channels[channel_id]["permission_overwrites"] = [
            {"id": str(guild_id), "type": 0, "allow": "0", "deny": str(Perm.VIEW_CHANNEL)},
            {
                "id": str(self.bot_role_id),
                "type": 0,
                "allow": str(Perm.VIEW_CHANNEL | Perm.SEND_MESSAGES),
                "deny": "0",
            },
        ]
        return channel_id

    # =====================================================================================
    # guilds and shards
    # =====================================================================================

    @property
    def guild_name(self) -> str:
        return self.guilds[self.guild_id].name

    @guild_name.setter
    def guild_name(self, name: str) -> None:
        self.guilds[self.guild_id].name = name

    def shard_for(self, guild_id: int | None) -> int:
        """The shard Discord sends a guild's events to; DMs (no guild) go to shard 0."""
        return 0 if guild_id is None else (int(guild_id) >> 22) % self.shard_count

    def make_guild(self, name: str | None = None, *, shard: int | None = None) -> FakeGuild:
        """Add a guild with text channels ``general`` and ``career-help``, on ``shard`` if given
        (its id is picked so that ``(id >> 22) % shard_count == shard``). Call it before the bot
        connects so the guild is in READY and GUILD_CREATE.

        Every user is a member of every guild, with the same roles. The roles are the main
        guild's, with the same ids, except @everyone, whose id is the guild's id.
        """
        if shard is None:
            guild_id = self.snowflake()
        elif 0 <= shard < self.shard_count:
            guild_id = self.snowflake.for_shard(shard, self.shard_count)
        else:
            raise ValueError(f"shard {shard} out of range for shard_count={self.shard_count}")
        general_id = self.make_channel("general", guild_id=guild_id)
        other_id = self.make_channel("career-help", guild_id=guild_id)
        guild = FakeGuild(
            id=guild_id,
            name=name or f"Fake Guild {len(self.guilds) + 1}",
            shard=self.shard_for(guild_id),
            general_id=general_id,
            other_id=other_id,
            joined_at=now_iso(),
        )
        self.guilds[guild_id] = guild
        return guild

    def guild_roles(self, guild_id: int | None = None) -> list[JSON]:
        """The role payloads of a guild (default: the main guild)."""
        if guild_id is None or guild_id == self.guild_id:
            return list(self.roles.values())
        everyone = {**self.roles[self.everyone_role_id], "id": str(guild_id)}
        return [everyone, *(r for rid, r in self.roles.items() if rid != self.everyone_role_id)]

    def guild_channels(self, guild_id: int | None = None) -> list[JSON]:
        """The channel payloads of a guild (default: the main guild)."""
        wanted = str(guild_id or self.guild_id)
        return [c for c in self.channels.values() if c.get("guild_id") == wanted]

    def _channel_guild(self, channel_id: int) -> int | None:
        """The id of the guild a channel is in; None for DM channels and unknown ids."""
        guild_id = self.channels.get(channel_id, {}).get("guild_id")
        return None if guild_id is None else int(guild_id)

    # =====================================================================================
    # payloads
    # =====================================================================================

    def guild_payload(self, guild_id: int | None = None) -> JSON:
        """The GUILD_CREATE payload of a guild (default: the main guild)."""
        guild = self.guilds[guild_id or self.guild_id]
        members = [self.member(self.users[uid]) for uid in self.members]
        return {
            "id": str(guild.id),
            "name": guild.name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "owner_id": str(self.owner.id),
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 1,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "premium_progress_bar_enabled": False,
            "preferred_locale": "en-US",
            "application_id": None,
            "system_channel_id": str(guild.general_id),
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "safety_alerts_channel_id": None,
            "vanity_url_code": None,
            "max_members": 500000,
            "max_video_channel_users": 25,
            "features": [],
            "roles": self.guild_roles(guild.id),
            "emojis": [],
            "stickers": [],
            "soundboard_sounds": [],
            "joined_at": guild.joined_at,
            "large": False,
            "unavailable": False,
            "lazy": True,
            "member_count": len(members),
            "members": members,
            "channels": [
                {k: v for k, v in c.items() if k != "guild_id"}
                for c in self.guild_channels(guild.id)
            ],
            "threads": [],
            "presences": [],
            "voice_states": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
        }

    def bot_user_me(self) -> JSON:
        return {
            **self.bot_user,
            "verified": True,
            "mfa_enabled": False,
            "locale": "en-US",
            "flags": 0,
            "email": None,
        }

    def application_payload(self) -> JSON:
        return {
            "id": str(self.application_id),
            "name": self.bot_user["username"],
            "icon": None,
            "description": "Fake application",
            "rpc_origins": [],
            "bot_public": False,
            "bot_require_code_grant": False,
            "bot": dict(self.bot_user),
            "owner": dict(self.owner),
            "team": None,
            "verify_key": "0" * 64,
            "flags": (1 << 12) | (1 << 14) | (1 << 18),  # presence/members/message-content intents
            "tags": [],
            "redirect_uris": [],
            "interactions_endpoint_url": None,
            "approximate_guild_count": len(self.guilds),
            "integration_types_config": {"0": {}},
        }

    def _mentions_in(self, content: str, guild: bool) -> list[JSON]:
        out = []
        for raw in dict.fromkeys(_MENTION_RE.findall(content or "")):
            user = self.users.get(int(raw))
            if user is None:
                continue
            out.append(self._mention_payload(user, guild))
        return out

    def _mention_payload(self, user: FakeUser, guild: bool) -> JSON:
        payload = dict(user)
        if guild and user.id in self.members:
            payload["member"] = self.member(user, with_user=False)
        return payload

    def _new_message(
        self,
        channel_id: int,
        author: FakeUser,
        *,
        content: str = "",
        embeds: list | None = None,
        components: list | None = None,
        flags: int = 0,
        mentions: list[JSON] | None = None,
        mention_roles: list[str] | None = None,
        mention_everyone: bool = False,
        with_member: bool = True,
        extra: JSON | None = None,
    ) -> JSON:
        guild_id = self._channel_guild(channel_id)
        guild = guild_id is not None
        msg: JSON = {
            "id": str(self.snowflake()),
            "type": 0,
            "channel_id": str(channel_id),
            "author": dict(author),
            "content": content or "",
            "timestamp": now_iso(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": mention_everyone,
            "mentions": mentions if mentions is not None else self._mentions_in(content, guild),
            "mention_roles": mention_roles or [],
            "attachments": [],
            "embeds": embeds or [],
            "reactions": [],
            "pinned": False,
            "components": components or [],
            "flags": flags,
        }
        if guild:
            msg["guild_id"] = str(guild_id)
            if with_member:
                msg["member"] = self.member(author, with_user=False)
        if extra:
            msg.update(extra)
        self.messages[int(msg["id"])] = msg
        channel = self.channels.get(channel_id)
        if channel is not None:
            channel["last_message_id"] = msg["id"]
        return msg

    # =====================================================================================
    # gateway
    # =====================================================================================

    async def _gateway_handler(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        self._all_ws.add(ws)
        self.gateway_connections += 1
        log.debug("gateway connection opened (%s)", request.query_string)
        try:
            await ws.send_str(
                json.dumps(
                    {
                        "op": 10,
                        "d": {"heartbeat_interval": self.heartbeat_interval_ms},
                        "s": None,
                        "t": None,
                    }
                )
            )
            async for msg in ws:
                if msg.type == WSMsgType.TEXT:
                    await self._on_gateway_frame(ws, json.loads(msg.data))
                elif msg.type == WSMsgType.BINARY:
                    await self._on_gateway_frame(ws, json.loads(msg.data.decode()))
                elif msg.type == WSMsgType.ERROR:
                    break
        finally:
            self._all_ws.discard(ws)
            for session in self.sessions.values():
                if session.ws is ws:
                    # Closed by the client. Note discord.py's bot.close() puts code 4000 on the
                    # wire (its poll loop races the 1000 close), so shutdown and reconnect look
                    # alike here.
                    session.ws = None
                    session.live.clear()
            log.debug("gateway connection closed (code %s)", ws.close_code)
        return ws

    async def _on_gateway_frame(self, ws: web.WebSocketResponse, frame: JSON) -> None:
        op = frame.get("op")
        data = frame.get("d")
        if op == 1:  # HEARTBEAT
            await self._send_raw(ws, {"op": 11, "d": None, "s": None, "t": None})
        elif op == 2:  # IDENTIFY
            await self._on_identify(ws, data)
        elif op == 6:  # RESUME
            await self._on_resume(ws, data)
        elif op == 3:  # PRESENCE_UPDATE
            self.presence_updates.append(data)
        elif op == 8:  # REQUEST_GUILD_MEMBERS
            members = [self.member(self.users[uid]) for uid in self.members]
            if data.get("user_ids"):
                wanted = {int(u) for u in data["user_ids"]}
                members = [m for m in members if int(m["user"]["id"]) in wanted]
            chunk = {
                "guild_id": str(data.get("guild_id") or self.guild_id),
                "members": members,
                "chunk_index": 0,
                "chunk_count": 1,
                "not_found": [],
                "nonce": data.get("nonce"),
            }
            await self._dispatch("GUILD_MEMBERS_CHUNK", chunk)
        else:
            log.info("fakediscord: ignoring gateway op %s: %r", op, data)

    async def _send_raw(self, ws: web.WebSocketResponse, frame: JSON) -> None:
        try:
            await ws.send_str(json.dumps(frame))
        except (ConnectionError, RuntimeError) as exc:
            log.debug("gateway send failed (%s); will be replayed on RESUME if needed", exc)

    def shard_guilds(self, shard: int) -> list[FakeGuild]:
        """The guilds whose events go to ``shard``."""
        return [g for g in self.guilds.values() if self.shard_for(g.id) == shard]

    async def _on_identify(self, ws: web.WebSocketResponse, data: JSON) -> None:
        shard_id, shard_count = data.get("shard") or [0, 1]
        if shard_count == 1 and self.shard_count > 1:
            log.info("fakediscord: IDENTIFY without sharding; closing with 4011")
            await ws.close(code=4011, message=b"Sharding required.")
            return
        if shard_count != self.shard_count or not 0 <= shard_id < shard_count:
            log.info("fakediscord: IDENTIFY for shard %s; closing with 4010", data.get("shard"))
            await ws.close(code=4010, message=b"Invalid shard.")
            return
        session = self.sessions[shard_id]
        async with session.lock:
            self.identify_payload = session.identify_payload = data
            self.intents = session.intents = data.get("intents")
            self.identify_count += 1
            session.identify_count += 1
            session.session_id = secrets.token_hex(16)
            session.seq = 0
            session.history = []
            session.ws = ws
            guilds = self.shard_guilds(shard_id)
            ready = {
                "v": 10,
                "user": self.bot_user_me(),
                "guilds": [{"id": str(g.id), "unavailable": True} for g in guilds],
                "session_id": session.session_id,
                "session_type": "normal",
                "resume_gateway_url": self.gateway_url,
                "shard": [shard_id, shard_count],
                "application": {
                    "id": str(self.application_id),
                    "flags": (1 << 12) | (1 << 14) | (1 << 18),
                },
                "private_channels": [],
                "relationships": [],
                "presences": [],
                "guild_join_requests": [],
                "geo_ordered_rtc_regions": [],
                "user_settings": {},
                "_trace": ["fakediscord"],
            }
            await self._send_dispatch_locked(session, "READY", ready)
            for guild in guilds:
                payload = self.guild_payload(guild.id)
                await self._send_dispatch_locked(session, "GUILD_CREATE", payload)
            session.live.set()
        await self._notify()

    async def _on_resume(self, ws: web.WebSocketResponse, data: JSON) -> None:
        wanted = (data or {}).get("session_id")
        session = next((s for s in self.sessions.values() if s.session_id == wanted), None)
        if not wanted or session is None:
            log.info("fakediscord: RESUME with unknown session -> INVALID_SESSION")
            await self._send_raw(ws, {"op": 9, "d": False, "s": None, "t": None})
            return
        async with session.lock:
            session.ws = ws
            self.resume_count += 1
            session.resume_count += 1
            seen = data.get("seq") or 0
            for frame in session.history:
                if frame["s"] > seen:
                    await self._send_raw(ws, frame)
            await self._send_dispatch_locked(session, "RESUMED", {"_trace": ["fakediscord"]})
            session.live.set()
        await self._notify()

    async def _send_dispatch_locked(self, session: GatewaySession, event: str, data: JSON) -> None:
        session.seq += 1
        frame = {"op": 0, "t": event, "s": session.seq, "d": data}
        session.history.append(frame)
        if session.ws is not None:
            await self._send_raw(session.ws, frame)

    def _wants(self, session: GatewaySession, event: str, data: JSON) -> bool:
        if not self.enforce_intents or session.intents is None:
            return True
        if event.startswith("MESSAGE_"):
            needed = Intent.GUILD_MESSAGES if data.get("guild_id") else Intent.DIRECT_MESSAGES
            if not session.intents & needed:
                log.warning("fakediscord: bot lacks the intent for %s; not delivered", event)
                return False
        return True

    def _visible_message(self, session: GatewaySession, msg: JSON) -> JSON:
        """Blank content the way Discord does for bots without the MESSAGE_CONTENT intent."""
        if (
            not self.enforce_intents
            or session.intents is None
            or session.intents & Intent.MESSAGE_CONTENT
        ):
            return msg
        if not msg.get("guild_id") or int(msg["author"]["id"]) == self.bot_user.id:
            return msg
        if any(int(m["id"]) == self.bot_user.id for m in msg.get("mentions", [])):
            return msg
        stripped = dict(msg)
        stripped.update(content="", embeds=[], attachments=[], components=[])
        stripped.pop("poll", None)
        return stripped

    async def dispatch(self, event: str, data: JSON, *, shard: int | None = None) -> None:
        """Send a gateway DISPATCH (waits for a live session, e.g. while the bot reconnects).

        It goes to ``shard``, by default to the shard of ``data["guild_id"]`` (shard 0 without
        one), as on Discord."""
        await self._dispatch(event, data, shard=shard)

    async def _dispatch(self, event: str, data: JSON, *, shard: int | None = None) -> None:
        assert self._cond is not None, "call start() first"
        if shard is None:
            shard = self.shard_for(data.get("guild_id"))
        session = self.sessions[shard]
        try:
            await asyncio.wait_for(session.live.wait(), self.dispatch_timeout)
        except TimeoutError:
            raise RuntimeError(
                f"no live gateway session on shard {shard} to dispatch {event} "
                "(did the bot connect?)"
            ) from None
        # Filter with the intents of the session that is live now.
        if not self._wants(session, event, data):
            return
        if event in ("MESSAGE_CREATE", "MESSAGE_UPDATE"):
            data = self._visible_message(session, data)
        async with session.lock:
            await self._send_dispatch_locked(session, event, data)

    async def drop_gateway(
        self, code: int = 4000, *, wait: bool = True, timeout: float = 10, shard: int = 0
    ) -> None:
        """Close the websocket of ``shard`` from the server side. discord.py reconnects to
        ``resume_gateway_url`` and RESUMEs (codes 4000-4003, 4005, 4007-4009, 1001 ...).
        With ``wait`` (default) return once the session is live again."""
        session = self.sessions[shard]
        ws = session.ws
        if ws is None:
            return
        before = session.identify_count + session.resume_count
        async with session.lock:
            session.ws = None
            session.live.clear()
        await ws.close(code=code, message=b"fakediscord drop")

        def back() -> bool:
            return session.identify_count + session.resume_count > before and session.live.is_set()

        if wait:
            ok = await self._wait(back, timeout)
            if not ok:
                raise TimeoutError(f"bot did not reconnect within {timeout}s after drop_gateway")

    async def send_reconnect(self, *, shard: int = 0) -> None:
        """Send op 7 RECONNECT to ``shard`` (the client closes and RESUMEs)."""
        ws = self.sessions[shard].ws
        if ws is not None:
            await self._send_raw(ws, {"op": 7, "d": None, "s": None, "t": None})

    # =====================================================================================
    # human actions: messages
    # =====================================================================================

    async def send_message(
        self,
        content: str,
        *,
        author: Any = None,
        channel_id: int | None = None,
        mentions: Iterable[Any] = (),
        mention_everyone: bool = False,
        dm: bool = False,
        bot_author: bool = False,
        reply_to: JSON | int | None = None,
        embeds: list | None = None,
    ) -> JSON:
        """Dispatch MESSAGE_CREATE from a user (default: the student) and return its payload.

        Guild messages (default channel: general) carry ``guild_id`` and a ``member`` object; DMs
        (``dm=True``) go to the author's DM channel with no guild_id. ``channel_id`` may be a
        channel of any guild; the message goes to that guild's shard (DMs: shard 0). Users
        mentioned as ``<@id>``
        in ``content`` are added to ``mentions`` automatically; ``mentions`` may hold user payloads
        or ids. ``reply_to`` (a message payload or id) makes it a reply.
        """
        if bot_author and author is None:
            author = self.other_bot
        user = self._user(author)
        if dm:
            channel = self.dm_channel_id(user)
        else:
            channel = channel_id if channel_id is not None else self.general_id
        guild = self._channel_guild(channel) is not None
        mention_list = [self._mention_payload(self._user(m), guild) for m in mentions]
        known = {m["id"] for m in mention_list}
        for extra in self._mentions_in(content, guild):
            if extra["id"] not in known:
                mention_list.append(extra)
                known.add(extra["id"])
        mention_roles = list(dict.fromkeys(_ROLE_MENTION_RE.findall(content))) if guild else []
        extra: JSON = {}
        if reply_to is not None:
            ref = self.messages.get(int(reply_to["id"] if isinstance(reply_to, dict) else reply_to))
            if ref is None and isinstance(reply_to, dict):
                ref = reply_to
            assert ref is not None, f"unknown message {reply_to!r}"
            extra["type"] = 19
            extra["message_reference"] = {
                "type": 0,
                "message_id": ref["id"],
                "channel_id": ref["channel_id"],
                **({"guild_id": ref["guild_id"]} if ref.get("guild_id") else {}),
            }
            extra["referenced_message"] = ref
        msg = self._new_message(
            channel,
            user,
            content=content,
            embeds=embeds,
            mentions=mention_list,
            mention_roles=mention_roles,
            mention_everyone=mention_everyone,
            extra=extra,
        )
        await self._dispatch("MESSAGE_CREATE", msg)
        return msg

    # =====================================================================================
    # human actions: interactions
    # =====================================================================================

    def _convert_options(self, options: Any, resolved: JSON, guild: bool) -> list[JSON]:
        if options is None:
            return []
        if isinstance(options, dict):
            options = [
                {"name": k, "type": option_type_for(v), "value": v} for k, v in options.items()
            ]
        out = []
        for opt in options:
            opt = dict(opt)
            if "options" in opt:
                opt["options"] = self._convert_options(opt["options"], resolved, guild)
            value = opt.get("value")
            if isinstance(value, ChannelOption):
                opt["value"] = str(value.id)
                channel = dict(self.channels[value.id])
                channel["permissions"] = str(Perm.ALL)
                resolved.setdefault("channels", {})[str(value.id)] = channel
            elif isinstance(value, RoleOption):
                opt["value"] = str(value.id)
                resolved.setdefault("roles", {})[str(value.id)] = dict(self.roles[value.id])
            if isinstance(value, FakeUser):
                opt["value"] = value["id"]
                resolved.setdefault("users", {})[value["id"]] = dict(value)
                if guild and value.id in self.members:
                    resolved.setdefault("members", {})[value["id"]] = self.member(
                        value, with_user=False, permissions=self.permissions_for(value)
                    )
            out.append(opt)
        return out

    def _interaction_payload(
        self,
        itype: int,
        data: JSON,
        *,
        user: Any,
        channel_id: int | None,
        dm: bool,
        permissions: int | None = None,
        roles: Iterable[int] = (),
        message: JSON | None = None,
        locale: str = "en-US",
    ) -> JSON:
        user = self._user(user)
        iid = self.snowflake()
        payload: JSON = {
            "id": str(iid),
            "application_id": str(self.application_id),
            "type": itype,
            "data": data,
            "token": f"fakeitok-{iid}-{secrets.token_hex(12)}",
            "version": 1,
            "locale": locale,
            "entitlements": [],
            "entitlement_sku_ids": [],
            "attachment_size_limit": 25 * 1024 * 1024,
        }
        if dm:
            channel = self.channels[self.dm_channel_id(user)]
            payload["channel_id"] = channel["id"]
            payload["channel"] = dict(channel)
            payload["user"] = dict(user)
            payload["context"] = 1
            payload["authorizing_integration_owners"] = {"0": "0"}
            payload["app_permissions"] = str(self.permissions_for(self.bot_user))
        else:
            cid = channel_id if channel_id is not None else self.general_id
            if message is not None:
                cid = int(message["channel_id"])
            gid = self._channel_guild(cid) or self.guild_id
            extra_roles = list(roles)
            if permissions is None:
                perms = self.permissions_for(user, extra_roles, guild_id=gid)
            else:
                perms = permissions
            channel = dict(self.channels[cid])
            channel["permissions"] = str(perms)
            payload.update(
                app_permissions=str(self.permissions_for(self.bot_user, guild_id=gid)),
                guild_id=str(gid),
                guild={"id": str(gid), "locale": "en-US", "features": []},
                guild_locale="en-US",
                channel_id=str(cid),
                channel=channel,
                member=self.member(user, extra_roles=extra_roles, permissions=perms),
                context=0,
                authorizing_integration_owners={"0": str(gid)},
            )
        if message is not None:
            payload["message"] = message
        return payload

    async def _send_interaction(
        self, payload: JSON, *, component_message: JSON | None = None
    ) -> Interaction:
        it = Interaction(self, payload, component_message=component_message)
        self.interactions[it.token] = it
        await self._dispatch("INTERACTION_CREATE", payload)
        return it

    def _command_id(self, name: str, guild_id: int | None = None, ctype: int = 1) -> int:
        key = (name, guild_id, ctype)
        if key not in self._command_ids:
            self._command_ids[key] = self.snowflake()
        return self._command_ids[key]

    def _interaction_guild(self, channel_id: int | None, dm: bool) -> int | None:
        """The guild an interaction in ``channel_id`` (default: general) happens in."""
        if dm:
            return None
        cid = channel_id if channel_id is not None else self.general_id
        return self._channel_guild(cid) or self.guild_id

    def _command_data(
        self,
        name: str,
        options: Any,
        *,
        resolved: JSON,
        guild_id: int | None,
        guild_command: bool | None,
    ) -> JSON:
        root, *subs = name.split()
        opts = self._convert_options(options, resolved, guild_id is not None)
        for index, sub in reversed(list(enumerate(subs))):
            kind = 1 if index == len(subs) - 1 else 2  # SUB_COMMAND, then SUB_COMMAND_GROUP above
            opts = [{"name": sub, "type": kind, "options": opts}]
        if guild_command is None:
            guild_command = guild_id is not None and any(
                c["name"] == root for c in self.guild_commands.get(guild_id, [])
            )
        command_guild = (guild_id or self.guild_id) if guild_command else None
        data: JSON = {
            "id": str(self._command_id(root, command_guild)),
            "name": root,
            "type": 1,
            "options": opts,
        }
        if command_guild is not None:
            data["guild_id"] = str(command_guild)
        if resolved:
            data["resolved"] = resolved
        return data

    async def slash(
        self,
        name: str,
        options: Any = None,
        *,
        user: Any = None,
        channel_id: int | None = None,
        dm: bool = False,
        permissions: int | None = None,
        roles: Iterable[int] = (),
        guild_command: bool | None = None,
        locale: str = "en-US",
    ) -> Interaction:
        """Dispatch an APPLICATION_COMMAND interaction (type 2) and return its fake Interaction.

        ``name`` may be ``"cmd"``, ``"cmd sub"`` or ``"cmd group sub"`` (nested SUB_COMMAND /
        SUB_COMMAND_GROUP options are built for you). ``options`` is Discord's list of
        ``{"name", "type", "value"}`` or the shorthand ``{"name": value}`` (type inferred: str 3,
        int 4, bool 5, float 10, FakeUser 6 with ``resolved`` filled in). ``permissions`` overrides
        the member's computed permission integer; ``roles`` adds role ids. ``guild_command`` puts
        ``data.guild_id`` (default: when the command was synced to that guild). ``channel_id`` may
        be a channel of any guild: the interaction then happens in that guild, on its shard.
        """
        resolved: JSON = {}
        data = self._command_data(
            name,
            options,
            resolved=resolved,
            guild_id=self._interaction_guild(channel_id, dm),
            guild_command=guild_command,
        )
        payload = self._interaction_payload(
            2,
            data,
            user=user,
            channel_id=channel_id,
            dm=dm,
            permissions=permissions,
            roles=roles,
            locale=locale,
        )
        return await self._send_interaction(payload)

    async def autocomplete(
        self,
        name: str,
        options: Any,
        *,
        user: Any = None,
        channel_id: int | None = None,
        dm: bool = False,
        focused: str | None = None,
        timeout: float = 5.0,
    ) -> list[JSON]:
        """Dispatch an APPLICATION_COMMAND_AUTOCOMPLETE interaction (type 4) and return the choices
        of the bot's type-8 callback. The focused option is ``focused`` (by name), else the one
        already marked ``"focused": true``, else the last option."""
        resolved: JSON = {}
        data = self._command_data(
            name,
            options,
            resolved=resolved,
            guild_id=self._interaction_guild(channel_id, dm),
            guild_command=None,
        )
        data.pop("resolved", None)  # Discord sends no resolved data for autocomplete
        leaf = data["options"]
        while leaf and leaf[0].get("type") in (1, 2):
            leaf = leaf[0].setdefault("options", [])
        if leaf:
            if focused is not None:
                for opt in leaf:
                    opt["focused"] = opt["name"] == focused
            elif not any(opt.get("focused") for opt in leaf):
                leaf[-1]["focused"] = True
            for opt in leaf:  # autocomplete values arrive as the raw text typed so far
                if opt.get("focused") and not isinstance(opt.get("value"), str):
                    opt["value"] = str(opt.get("value", ""))
        payload = self._interaction_payload(4, data, user=user, channel_id=channel_id, dm=dm)
        it = await self._send_interaction(payload)
        resp = await it.wait_response(timeout)
        assert resp["type"] == 8, f"expected autocomplete result (type 8), got {resp!r}"
        return list(resp["data"].get("choices", []))

    def _current_message(self, message: JSON | int, custom_id: str) -> JSON:
        """The stored (current) version of ``message``: a message payload, a message id, or, for
        convenience, the ``data`` of an interaction response / a followup body (no id)."""
        if not isinstance(message, dict):
            return self.messages[int(message)]
        if "id" in message:
            return self.messages.get(int(message["id"]), message)
        # Response data has no id: find the message it produced (wait_response()["data"]).
        for it in reversed(list(self.interactions.values())):
            cdata = (it.callback or {}).get("data")
            if it.original is not None and (cdata is message or cdata == message):
                return it.original
            for kind, body in reversed(it.log):
                if kind == "followup" and message == {
                    k: v for k, v in body.items() if k != "__message__"
                }:
                    return body["__message__"]
            view = {k: v for k, v in message.items() if k != "allowed_mentions"}
            if it.original is not None and _message_view(it.original) == view:
                return it.original
        # Last resort: the newest bot message that has a component with this custom_id.
        for msg in reversed(list(self.messages.values())):
            if int(msg["author"]["id"]) == self.bot_user.id and custom_id in json.dumps(
                msg.get("components", [])
            ):
                return msg
        raise AssertionError(f"no message with component {custom_id!r} found for {message!r}")

    async def _component(
        self, data: JSON, *, message: JSON | int, user: Any, permissions: int | None = None
    ) -> Interaction:
        msg = self._current_message(message, data["custom_id"])
        payload_msg = {
            k: v
            for k, v in msg.items()
            if k not in ("allowed_mentions", "request_body", "nonce", "tts_requested")
        }
        dm = not msg.get("guild_id")
        if dm and user is None:
            channel = self.channels.get(int(msg["channel_id"]), {})
            recipients = channel.get("recipients") or [self.student]
            user = self._user(recipients[0])
        payload = self._interaction_payload(
            3,
            data,
            user=user,
            channel_id=int(msg["channel_id"]),
            dm=dm,
            permissions=permissions,
            message=payload_msg,
        )
        return await self._send_interaction(payload, component_message=msg)

    async def click(
        self,
        custom_id: str,
        *,
        message: JSON | int,
        user: Any = None,
        permissions: int | None = None,
    ) -> Interaction:
        """Click a button (MESSAGE_COMPONENT, component_type 2) on a message the bot sent."""
        return await self._component(
            {"custom_id": custom_id, "component_type": 2},
            message=message,
            user=user,
            permissions=permissions,
        )

    async def select(
        self,
        custom_id: str,
        values: list[str],
        *,
        message: JSON | int,
        user: Any = None,
        component_type: int = 3,
        permissions: int | None = None,
    ) -> Interaction:
        """Pick ``values`` in a string select (component_type 3) on a message the bot sent."""
        return await self._component(
            {"custom_id": custom_id, "component_type": component_type, "values": list(values)},
            message=message,
            user=user,
            permissions=permissions,
        )

    # =====================================================================================
    # REST
    # =====================================================================================

    def _build_routes(self) -> list[tuple[str, re.Pattern[str], Callable[..., Awaitable[Any]]]]:
        s = r"(\d+)"
        tok = r"([^/]+)"
        table = [
            ("GET", r"/users/@me", self._get_me),
            ("GET", rf"/users/{s}", self._get_user),
            ("POST", r"/users/@me/channels", self._create_dm),
            ("GET", r"/gateway", self._get_gateway),
            ("GET", r"/gateway/bot", self._get_gateway_bot),
            ("GET", r"/oauth2/applications/@me", self._get_application),
            ("GET", r"/applications/@me", self._get_application),
            ("GET", rf"/channels/{s}", self._get_channel),
            ("POST", rf"/channels/{s}/messages", self._post_message),
            ("GET", rf"/channels/{s}/messages", self._get_messages),
            ("GET", rf"/channels/{s}/messages/{s}", self._get_message),
            ("PATCH", rf"/channels/{s}/messages/{s}", self._patch_message),
            ("DELETE", rf"/channels/{s}/messages/{s}", self._delete_message),
            ("POST", rf"/channels/{s}/typing", self._empty_204),
            ("PUT", rf"/channels/{s}/messages/{s}/reactions/.+", self._empty_204),
            ("DELETE", rf"/channels/{s}/messages/{s}/reactions/.+", self._empty_204),
            ("POST", rf"/interactions/{s}/{tok}/callback", self._interaction_callback),
            ("GET", rf"/webhooks/{s}/{tok}/messages/@original", self._get_original),
            ("PATCH", rf"/webhooks/{s}/{tok}/messages/@original", self._patch_original),
            ("DELETE", rf"/webhooks/{s}/{tok}/messages/@original", self._delete_original),
            ("GET", rf"/webhooks/{s}/{tok}/messages/{s}", self._get_followup),
            ("PATCH", rf"/webhooks/{s}/{tok}/messages/{s}", self._patch_followup),
            ("DELETE", rf"/webhooks/{s}/{tok}/messages/{s}", self._delete_followup),
            ("POST", rf"/webhooks/{s}/{tok}", self._post_followup),
            ("PUT", rf"/applications/{s}/commands", self._put_global_commands),
            ("GET", rf"/applications/{s}/commands", self._get_global_commands),
            ("POST", rf"/applications/{s}/commands", self._post_global_command),
            ("PUT", rf"/applications/{s}/guilds/{s}/commands", self._put_guild_commands),
            ("GET", rf"/applications/{s}/guilds/{s}/commands", self._get_guild_commands),
            ("POST", rf"/applications/{s}/guilds/{s}/commands", self._post_guild_command),
            ("GET", rf"/guilds/{s}", self._get_guild),
            ("GET", rf"/guilds/{s}/channels", self._get_guild_channels),
            ("GET", rf"/guilds/{s}/roles", self._get_guild_roles),
            ("GET", rf"/guilds/{s}/members/{s}", self._get_guild_member),
        ]
        return [(m, re.compile(f"^{p}$"), h) for m, p, h in table]

    async def _read_request(self, request: web.Request, path: str) -> _Request:
        req = _Request(request.method, path, dict(request.query))
        if request.content_type == "multipart/form-data":
            reader = await request.multipart()
            async for part in reader:
                if part.name == "payload_json":
                    req.json = json.loads(await part.text())
                elif part.filename is not None:
                    blob = await part.read(decode=False)
                    req.files.append(
                        {
                            "field": part.name,
                            "filename": part.filename,
                            "content_type": part.headers.get("Content-Type"),
                            "data": bytes(blob),
                        }
                    )
        elif request.can_read_body:
            raw = await request.read()
            if raw:
                try:
                    req.json = json.loads(raw)
                except ValueError:
                    req.json = raw.decode(errors="replace")
        return req

    async def _rest_handler(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        if path.startswith("/attachments/"):
            return self._serve_attachment(path)
        for prefix in self.API_PREFIXES:
            if path.startswith(prefix + "/"):
                path = path[len(prefix) :]
                break
        req = await self._read_request(request, path)
        self.requests.append((req.method, path, req.json))
        self.request_log.append(
            {
                "method": req.method,
                "path": path,
                "json": req.json,
                "query": req.query,
                "files": [f["filename"] for f in req.files],
            }
        )
        try:
            for method, rx, handler in self._routes:
                if method != req.method:
                    continue
                match = rx.match(path)
                if match:
                    return await handler(req, *match.groups())
            log.warning("fakediscord: unhandled %s %s -> 200 {}", req.method, path)
            self.unhandled.append((req.method, path, req.json))
            return _json_response({})
        finally:
            await self._notify()

    def _serve_attachment(self, path: str) -> web.Response:
        parts = path.split("/")
        try:
            data = self.attachments[int(parts[2])]
        except (IndexError, ValueError, KeyError):
            return _error(404, 0, "404: Not Found")
        return web.Response(body=data, content_type="application/octet-stream")

    async def _empty_204(self, req: _Request, *_: str) -> web.Response:
        return _no_content()

    # ---- users / app / gateway --------------------------------------------------------------

    async def _get_me(self, req: _Request) -> web.Response:
        return _json_response(self.bot_user_me())

    async def _get_user(self, req: _Request, user_id: str) -> web.Response:
        user = self.users.get(int(user_id))
        if user is None:
            return _error(404, 10013, "Unknown User")
        return _json_response(user)

    async def _create_dm(self, req: _Request) -> web.Response:
        recipient = int((req.json or {}).get("recipient_id", 0))
        if recipient not in self.users:
            return _error(400, 50007, "Cannot send messages to this user")
        return _json_response(self.channels[self.dm_channel_id(recipient)])

    async def _get_gateway(self, req: _Request) -> web.Response:
        return _json_response({"url": self.gateway_url})

    async def _get_gateway_bot(self, req: _Request) -> web.Response:
        return _json_response(
            {
                "url": self.gateway_url,
                "shards": self.shard_count,
                "session_start_limit": {
                    "total": 1000,
                    "remaining": 999,
                    "reset_after": 0,
                    "max_concurrency": 1,
                },
            }
        )

    async def _get_application(self, req: _Request) -> web.Response:
        return _json_response(self.application_payload())

    # ---- guilds ----------------------------------------------------------------------------------

    async def _get_guild(self, req: _Request, guild_id: str) -> web.Response:
        if int(guild_id) not in self.guilds:
            return _error(404, 10004, "Unknown Guild")
        guild = self.guild_payload(int(guild_id))
        for key in ("members", "channels", "threads", "presences", "voice_states", "joined_at"):
            guild.pop(key, None)
        return _json_response(guild)

    async def _get_guild_channels(self, req: _Request, guild_id: str) -> web.Response:
        if int(guild_id) not in self.guilds:
            return _error(404, 10004, "Unknown Guild")
        return _json_response(self.guild_channels(int(guild_id)))

    async def _get_guild_roles(self, req: _Request, guild_id: str) -> web.Response:
        if int(guild_id) not in self.guilds:
            return _error(404, 10004, "Unknown Guild")
        return _json_response(self.guild_roles(int(guild_id)))

    async def _get_guild_member(self, req: _Request, guild_id: str, user_id: str) -> web.Response:
        if int(guild_id) not in self.guilds:
            return _error(404, 10004, "Unknown Guild")
        uid = int(user_id)
        if uid not in self.members or uid not in self.users:
            return _error(404, 10007, "Unknown Member")
        return _json_response(self.member(self.users[uid]))

    # ---- channels & messages ----------------------------------------------------------------

    async def _get_channel(self, req: _Request, channel_id: str) -> web.Response:
        channel = self.channels.get(int(channel_id))
        if channel is None:
            return _error(404, 10003, "Unknown Channel")
        return _json_response(channel)

    def _attachments_from(self, req: _Request, body: JSON) -> list[JSON]:
        out = []
        for f in req.files:
            attachment_id = self.snowflake()
            self.attachments[attachment_id] = f["data"]
            url = f"{self.base_url}/attachments/{attachment_id}/{f['filename']}"
            out.append(
                {
                    "id": str(attachment_id),
                    "filename": f["filename"],
                    "size": len(f["data"]),
                    "url": url,
                    "proxy_url": url,
                    "content_type": f["content_type"],
                }
            )
        return out

    def _bot_mentions(self, content: str, allowed: JSON | None, guild: bool) -> list[JSON]:
        mentions = self._mentions_in(content, guild)
        if allowed is None:
            return mentions
        if "users" in (allowed.get("parse") or []):
            return mentions
        explicit = {str(u) for u in allowed.get("users") or []}
        return [m for m in mentions if m["id"] in explicit]

    async def _post_message(self, req: _Request, channel_id: str) -> web.Response:
        cid = int(channel_id)
        if cid not in self.channels:
            return _error(404, 10003, "Unknown Channel")
        body: JSON = req.json or {}
        guild = self._channel_guild(cid) is not None
        extra: JSON = {}
        ref = body.get("message_reference")
        if ref:
            extra["type"] = 19
            extra["message_reference"] = {
                "type": ref.get("type", 0),
                "message_id": str(ref.get("message_id")),
                "channel_id": str(ref.get("channel_id") or cid),
                **({"guild_id": str(ref["guild_id"])} if ref.get("guild_id") else {}),
            }
            extra["referenced_message"] = self.messages.get(int(ref.get("message_id") or 0))
        if body.get("nonce") is not None:
            extra["nonce"] = body["nonce"]
        if body.get("tts"):
            extra["tts"] = True
        if body.get("poll"):
            extra["poll"] = body["poll"]
        msg = self._new_message(
            cid,
            self.bot_user,
            content=body.get("content") or "",
            embeds=body.get("embeds"),
            components=body.get("components"),
            flags=int(body.get("flags") or 0),
            mentions=self._bot_mentions(
                body.get("content") or "", body.get("allowed_mentions"), guild
            ),
            with_member=False,
            extra=extra,
        )
        msg["attachments"] = self._attachments_from(req, body)
        result = copy.deepcopy(msg)
        for key in ("allowed_mentions", "message_reference", "tts", "nonce", "sticker_ids"):
            if key in body:
                result[key] = body[key]
        result["request_body"] = body
        self.bot_messages.append(result)
        if self.echo_bot_messages:
            echo = copy.deepcopy(msg)
            if guild:
                echo["member"] = self.member(self.bot_user, with_user=False)
            self._spawn(self._dispatch("MESSAGE_CREATE", echo))
        return _json_response(msg)

    async def _get_messages(self, req: _Request, channel_id: str) -> web.Response:
        limit = int(req.query.get("limit", 50))
        msgs = [m for m in self.messages.values() if m["channel_id"] == channel_id]
        msgs.sort(key=lambda m: int(m["id"]), reverse=True)
        if "before" in req.query:
            msgs = [m for m in msgs if int(m["id"]) < int(req.query["before"])]
        if "after" in req.query:
            msgs = [m for m in msgs if int(m["id"]) > int(req.query["after"])]
        return _json_response(msgs[:limit])

    async def _get_message(self, req: _Request, channel_id: str, message_id: str) -> web.Response:
        msg = self.messages.get(int(message_id))
        if msg is None or msg["channel_id"] != channel_id:
            return _error(404, 10008, "Unknown Message")
        return _json_response(msg)

    def _apply_edit(self, msg: JSON, req: _Request) -> None:
        body: JSON = req.json or {}
        if "content" in body:
            msg["content"] = body["content"] or ""
        for key in ("embeds", "components"):
            if key in body:
                msg[key] = body[key] or []
        if "attachments" in body or req.files:
            keep = {str(a.get("id")) for a in body.get("attachments") or []}
            kept = [a for a in msg.get("attachments", []) if a["id"] in keep]
            msg["attachments"] = kept + self._attachments_from(req, body)
        flags = int(msg.get("flags") or 0)
        if "flags" in body and body["flags"] is not None:
            flags = (flags & EPHEMERAL) | (int(body["flags"]) & ~(EPHEMERAL | LOADING))
        msg["flags"] = flags & ~LOADING
        msg["edited_timestamp"] = now_iso()

    async def _patch_message(self, req: _Request, channel_id: str, message_id: str) -> web.Response:
        msg = self.messages.get(int(message_id))
        if msg is None or msg["channel_id"] != channel_id:
            return _error(404, 10008, "Unknown Message")
        if int(msg["author"]["id"]) != self.bot_user.id:
            return _error(403, 50005, "Cannot edit a message authored by another user")
        self._apply_edit(msg, req)
        return _json_response(msg)

    async def _delete_message(
        self, req: _Request, channel_id: str, message_id: str
    ) -> web.Response:
        msg = self.messages.get(int(message_id))
        if msg is None or msg["channel_id"] != channel_id:
            return _error(404, 10008, "Unknown Message")
        del self.messages[int(message_id)]
        return _no_content()

    # ---- interactions -----------------------------------------------------------------------

    def _interaction_for(self, token: str) -> Interaction | None:
        return self.interactions.get(token)

    def _interaction_message(self, it: Interaction, data: JSON, *, flags: int) -> JSON:
        channel_id = int(it.payload["channel_id"])
        msg = self._new_message(
            channel_id,
            self.bot_user,
            content=data.get("content") or "",
            embeds=data.get("embeds"),
            components=data.get("components"),
            flags=flags,
            mentions=self._bot_mentions(
                data.get("content") or "", data.get("allowed_mentions"), "guild_id" in it.payload
            ),
            with_member=False,
            extra={
                "webhook_id": str(self.application_id),
                "application_id": str(self.application_id),
                "type": 20 if it.type == 2 else 0,
            },
        )
        return msg

    async def _interaction_callback(self, req: _Request, iid: str, token: str) -> web.Response:
        it = self._interaction_for(token)
        if it is None or it.id != int(iid):
            return _error(404, 10062, "Unknown interaction")
        if it.callback is not None:
            return _error(400, 40060, "Interaction has already been acknowledged.")
        loop = asyncio.get_running_loop()
        deadline = self.interaction_deadline
        if deadline is not None and loop.time() - it.created > deadline:
            return _error(404, 10062, "Unknown interaction")
        body: JSON = req.json or {}
        ctype = int(body.get("type", 0))
        data: JSON = body.get("data") or {}
        message: JSON | None = None
        if ctype == 4:
            message = self._interaction_message(it, data, flags=int(data.get("flags") or 0))
            message["attachments"] = self._attachments_from(req, data)
            it.original = message
        elif ctype == 5:
            flags = (int(data.get("flags") or 0) & EPHEMERAL) | LOADING
            message = self._interaction_message(it, {}, flags=flags)
            it.original = message
            it._deferred_pending = True
        elif ctype == 6:
            it.original = it.component_message
        elif ctype == 7 and it.component_message is not None:
            message = it.component_message
            self._apply_edit(message, _with_json(req, data))
            it.original = message
        it.callback = body
        it.callback_at = time.monotonic()
        it._record("callback", body)
        if req.query.get("with_response") not in ("1", "true", "True"):
            return _no_content()
        resp: JSON = {
            "interaction": {
                "id": str(it.id),
                "type": it.type,
                "response_message_loading": ctype == 5,
                "response_message_ephemeral": bool(
                    message is not None and message.get("flags", 0) & EPHEMERAL
                ),
            },
            "resource": {"type": ctype},
        }
        if message is not None:
            resp["interaction"]["response_message_id"] = message["id"]
            resp["resource"]["message"] = message
        return _json_response(resp)

    def _webhook_interaction(self, app_id: str, token: str) -> Interaction | web.Response:
        it = self._interaction_for(token)
        if it is None or int(app_id) != self.application_id:
            return _error(404, 10015, "Unknown Webhook")
        return it

    async def _get_original(self, req: _Request, app_id: str, token: str) -> web.Response:
        it = self._webhook_interaction(app_id, token)
        if isinstance(it, web.Response):
            return it
        if it.original is None:
            return _error(404, 10008, "Unknown Message")
        return _json_response(it.original)

    async def _patch_original(self, req: _Request, app_id: str, token: str) -> web.Response:
        it = self._webhook_interaction(app_id, token)
        if isinstance(it, web.Response):
            return it
        if it.original is None:
            return _error(404, 10008, "Unknown Message")
        self._apply_edit(it.original, req)
        it._deferred_pending = False
        it._record("edit_original", req.json or {})
        return _json_response(it.original)

    async def _delete_original(self, req: _Request, app_id: str, token: str) -> web.Response:
        it = self._webhook_interaction(app_id, token)
        if isinstance(it, web.Response):
            return it
        if it.original is None:
            return _error(404, 10008, "Unknown Message")
        self.messages.pop(int(it.original["id"]), None)
        it._record("delete_original", {"id": it.original["id"]})
        it.original = None
        return _no_content()

    async def _post_followup(self, req: _Request, app_id: str, token: str) -> web.Response:
        it = self._webhook_interaction(app_id, token)
        if isinstance(it, web.Response):
            return it
        if it.callback is None:
            return _error(404, 10015, "Unknown Webhook")  # not acknowledged yet
        body: JSON = dict(req.json or {})
        if it._deferred_pending and it.original is not None:
            # The first followup after a "thinking" defer fills in the loading message.
            it._deferred_pending = False
            msg = it.original
            self._apply_edit(msg, req)
        else:
            msg = self._interaction_message(it, body, flags=int(body.get("flags") or 0))
            msg["attachments"] = self._attachments_from(req, body)
            it.followups.append(msg)
        recorded = dict(body)
        recorded["__message__"] = msg
        it._record("followup", recorded)
        if req.query.get("wait") in ("0", "false", "False"):
            return _no_content()
        return _json_response(msg)

    def _followup_message(self, it: Interaction, message_id: str) -> JSON | None:
        for msg in [*it.followups, *([it.original] if it.original else [])]:
            if msg["id"] == message_id:
                return msg
        return None

    async def _get_followup(
        self, req: _Request, app_id: str, token: str, message_id: str
    ) -> web.Response:
        it = self._webhook_interaction(app_id, token)
        if isinstance(it, web.Response):
            return it
        msg = self._followup_message(it, message_id)
        if msg is None:
            return _error(404, 10008, "Unknown Message")
        return _json_response(msg)

    async def _patch_followup(
        self, req: _Request, app_id: str, token: str, message_id: str
    ) -> web.Response:
        it = self._webhook_interaction(app_id, token)
        if isinstance(it, web.Response):
            return it
        msg = self._followup_message(it, message_id)
        if msg is None:
            return _error(404, 10008, "Unknown Message")
        self._apply_edit(msg, req)
        kind = "edit_original" if it.original is msg else "edit_followup"
        if kind == "edit_original":
            it._deferred_pending = False
        it._record(kind, req.json or {})
        return _json_response(msg)

    async def _delete_followup(
        self, req: _Request, app_id: str, token: str, message_id: str
    ) -> web.Response:
        it = self._webhook_interaction(app_id, token)
        if isinstance(it, web.Response):
            return it
        msg = self._followup_message(it, message_id)
        if msg is None:
            return _error(404, 10008, "Unknown Message")
        self.messages.pop(int(message_id), None)
        if msg in it.followups:
            it.followups.remove(msg)
        it._record("delete_followup", {"id": message_id})
        return _no_content()

    # ---- application commands -----------------------------------------------------------------

    def _store_command(self, cmd: JSON, guild_id: int | None) -> JSON:
        out = dict(cmd)
        ctype = int(out.get("type", 1))
        out.setdefault("type", ctype)
        out["id"] = str(self._command_id(out["name"], guild_id, ctype))
        out["application_id"] = str(self.application_id)
        out["version"] = str(self.snowflake())
        out.setdefault("description", "")
        out.setdefault("options", [])
        perms = out.get("default_member_permissions")
        # discord.py sends an int; Discord stores and returns a string.
        out["default_member_permissions"] = None if perms is None else str(perms)
        out.setdefault("nsfw", False)
        if guild_id is not None:
            out["guild_id"] = str(guild_id)
        else:
            out.setdefault("dm_permission", True)
        return out

    async def _put_global_commands(self, req: _Request, app_id: str) -> web.Response:
        self.synced_commands = req.json
        self.global_commands = [self._store_command(c, None) for c in req.json or []]
        return _json_response(self.global_commands)

    async def _get_global_commands(self, req: _Request, app_id: str) -> web.Response:
        return _json_response(self.global_commands)

    async def _post_global_command(self, req: _Request, app_id: str) -> web.Response:
        cmd = self._store_command(req.json or {}, None)
        self.global_commands = [c for c in self.global_commands if c["name"] != cmd["name"]]
        self.global_commands.append(cmd)
        return _json_response(cmd, status=201)

    async def _put_guild_commands(self, req: _Request, app_id: str, guild_id: str) -> web.Response:
        gid = int(guild_id)
        self.synced_commands = req.json
        self.guild_commands[gid] = [self._store_command(c, gid) for c in req.json or []]
        return _json_response(self.guild_commands[gid])

    async def _get_guild_commands(self, req: _Request, app_id: str, guild_id: str) -> web.Response:
        return _json_response(self.guild_commands.get(int(guild_id), []))

    async def _post_guild_command(self, req: _Request, app_id: str, guild_id: str) -> web.Response:
        gid = int(guild_id)
        cmd = self._store_command(req.json or {}, gid)
        cmds = [c for c in self.guild_commands.get(gid, []) if c["name"] != cmd["name"]]
        self.guild_commands[gid] = [*cmds, cmd]
        return _json_response(cmd, status=201)


def _with_json(req: _Request, data: JSON) -> _Request:
    clone = _Request(req.method, req.path, req.query)
    clone.json = data
    clone.files = req.files
    return clone


@contextlib.asynccontextmanager
async def running(**kwargs: Any) -> AsyncIterator[FakeDiscord]:
    """Start a :class:`FakeDiscord`, patch discord.py to use it, and clean both up afterwards."""
    fake = FakeDiscord(**kwargs)
    await fake.start()
    try:
        with fake.patch():
            yield fake
    finally:
        await fake.close()
