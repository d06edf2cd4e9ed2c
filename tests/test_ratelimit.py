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


def test_a_busy_channel_holds_back_only_those_who_made_it_busy():
    rl = RateLimiter(Limit(10, 10), Limit(5, 10), clock=Clock())
    assert all(rl.check("alice", "c1") is Verdict.ALLOW for _ in range(5))  # channel full
    assert rl.check("alice", "c1") is Verdict.NOTICE  # over her share of it
    assert rl.check("alice", "c1") is Verdict.SILENT
    assert rl.check("bob", "c1") is Verdict.ALLOW  # the rest are still served


def test_five_students_under_their_own_limit_do_not_mute_a_channel_for_everyone():
    # The red team's case: each of five sends their 6, filling the channel's 30.
    rl = RateLimiter(Limit(6, 30), Limit(30, 30), clock=Clock())
    for n in range(5):
        assert all(rl.check(f"flood{n}", "c1") is Verdict.ALLOW for _ in range(6))
    assert rl.check("flood0", "c1") is Verdict.NOTICE
    assert all(rl.check(f"quiet{n}", "c1") is Verdict.ALLOW for n in range(5))


def test_memory_is_released_for_quiet_keys():
    clock = Clock()
    rl = limiter(clock)
    for n in range(1000):
        rl.check(f"user{n}", f"chan{n}")
    clock.now = 100.0
    rl.check("late", "late")
    assert len(rl) == 2
