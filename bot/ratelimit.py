"""Per-user and per-channel flood limits, with one polite notice per flood.

Every entry point is limited: messages with one limiter, slash commands and button clicks with
another (the same windows, a larger budget: see the Discord client).
The channel limit is fair: once a channel is busy, it holds back only the students who sent
more than a fair share of its recent messages, so a few flooders never silence the rest.

Pure and synchronous: sliding windows of timestamps per key, pruned as they age, so memory
stays proportional to the people active in the last window.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum


class Verdict(Enum):
    ALLOW = "allow"
    NOTICE = "notice"  # over the limit: tell the student once
    SILENT = "silent"  # still over the limit: say nothing until the window passes


@dataclass(frozen=True)
class Limit:
    messages: int
    seconds: float


class _Window:
    __slots__ = ("hits", "noticed", "senders")

    def __init__(self) -> None:
        self.hits: deque[float] = deque()
        self.senders: deque[str] = deque()  # who sent each hit (channel windows)
        self.noticed = False


class RateLimiter:
    def __init__(
        self, per_user: Limit, per_channel: Limit, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.per_user = per_user
        self.per_channel = per_channel
        self.clock = clock
        self._users: dict[str, _Window] = {}
        self._channels: dict[str, _Window] = {}
        self._last_sweep = 0.0

    def check(self, user: str, channel: str) -> Verdict:
        now = self.clock()
        self._sweep(now)
        user_window = self._users.setdefault(user, _Window())
        channel_window = self._channels.setdefault(channel, _Window())
        _expire(user_window, now, self.per_user.seconds)
        _expire(channel_window, now, self.per_channel.seconds)
        if len(user_window.hits) >= self.per_user.messages:
            return _over(user_window)
        if len(channel_window.hits) >= self.per_channel.messages and self._over_fair_share(
            channel_window, user
        ):
            # A busy channel: hold back those who made it busy; everyone else is served.
            return _over(user_window)
        user_window.hits.append(now)
        channel_window.hits.append(now)
        channel_window.senders.append(user)
        return Verdict.ALLOW

    def _over_fair_share(self, window: _Window, user: str) -> bool:
        """Has ``user`` sent more than an equal share of the channel's recent messages?"""
        senders = set(window.senders)
        share = self.per_channel.messages / max(len(senders), 1)
        return window.senders.count(user) >= max(share, 1)

    def _sweep(self, now: float) -> None:
        longest = max(self.per_user.seconds, self.per_channel.seconds)
        if now - self._last_sweep < longest:
            return
        self._last_sweep = now
        for table, seconds in (
            (self._users, self.per_user.seconds),
            (self._channels, self.per_channel.seconds),
        ):
            for key in [k for k, w in table.items() if not w.hits or now - w.hits[-1] > seconds]:
                del table[key]

    def __len__(self) -> int:
        return len(self._users) + len(self._channels)


def _expire(window: _Window, now: float, seconds: float) -> None:
    while window.hits and now - window.hits[0] >= seconds:
        window.hits.popleft()
        if window.senders:
            window.senders.popleft()
    if not window.hits:
        window.noticed = False


def _over(window: _Window) -> Verdict:
    if window.noticed:
        return Verdict.SILENT
    window.noticed = True
    return Verdict.NOTICE


class Cooldown:
    """At most one event per key per ``seconds`` (one staff alert per student, say)."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self.clock = clock
        self._last: dict[str, float] = {}

    def ready(self, key: str) -> bool:
        """True, and starts the cooldown, when ``key`` has been quiet for ``seconds``."""
        now = self.clock()
        if len(self._last) > 10_000:  # sweep: keys that cooled down are not worth keeping
            self._last = {k: t for k, t in self._last.items() if now - t < self.seconds}
        last = self._last.get(key)
        if last is not None and now - last < self.seconds:
            return False
        self._last[key] = now
        return True
