from bot.ratelimit import Limit, RateLimiter, Verdict


class Clock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


def limiter(clock):
    return RateLimiter(Limit(3, 10), Limit(5, 10), clock=clock)


def test_flooding_student_gets_one_notice_then_silence_then_service():
    clock = Clock()
    rl = limiter(clock)
    verdicts = [rl.check("alice", "c1") for _ in range(6)]
    assert verdicts == [Verdict.ALLOW] * 3 + [Verdict.NOTICE, Verdict.SILENT, Verdict.SILENT]
    clock.now = 10.5
    assert rl.check("alice", "c1") is Verdict.ALLOW


def test_others_are_still_served_while_one_floods():
    rl = limiter(Clock())
    for _ in range(10):
        rl.check("alice", "c1")
    assert rl.check("bob", "c2") is Verdict.ALLOW


def test_busy_channel_is_limited_as_a_whole():
    rl = limiter(Clock())
    users = [f"u{n}" for n in range(5)]
    assert all(rl.check(u, "c1") is Verdict.ALLOW for u in users)
    assert rl.check("u9", "c1") is Verdict.NOTICE
    assert rl.check("u9", "c2") is Verdict.ALLOW


def test_memory_is_released_for_quiet_keys():
    clock = Clock()
    rl = limiter(clock)
    for n in range(1000):
        rl.check(f"user{n}", f"chan{n}")
    clock.now = 100.0
    rl.check("late", "late")
    assert len(rl) == 2
