"""Arbitrary Unicode never crashes normalization, matching or the engine, and stays bounded;
corrupted YAML gives a clear error, never a traceback."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.config import SHIPPED_DATA_DIR
from bot.context import Context
from bot.dialogue import Policy, decide
from bot.knowledge import KnowledgeError, load_knowledge
from bot.knowledge.loader import FILES as _ALL_FILES
from bot.text import MAX_INPUT_CHARS, clean

HOSTILE = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=5000),
    st.text(
        alphabet=st.sampled_from(list("\u0301\u0308\u200b\u200d\u202e\u2066\x00\x1b\n\t")),
        max_size=300,
    ),
    st.text(alphabet=st.sampled_from(list("اعلمשלום😀👩‍🏫<@&>`*_~|#$")), max_size=500),
    st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=20), st.integers(1, 2000)),
)


@given(HOSTILE)
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_clean_never_fails_and_is_bounded(text):
    out = clean(text)
    assert len(out) <= MAX_INPUT_CHARS
    assert "\u200b" not in out and "\x00" not in out


@given(HOSTILE)
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_matching_and_deciding_never_fail(matcher, text):
    start = time.perf_counter()
    analysis = matcher.analyze(text)
    decision = decide(analysis, Context(), matcher.directory, Policy())
    assert decision.intent
    assert 0.0 <= decision.confidence <= 1.0
    assert time.perf_counter() - start < 1.0  # bounded: a loose bound, not a benchmark


@given(st.lists(HOSTILE, min_size=1, max_size=4))
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
async def test_engine_answers_anything(student, texts):
    for text in texts:
        result = await student.say(text)
        assert result.reply.plain()


_ORIGINAL = {
    name: (SHIPPED_DATA_DIR / name).read_bytes() for name in ("careers.yaml", "intents.yaml")
}


@given(
    name=st.sampled_from(sorted(_ORIGINAL)),
    cut=st.floats(0.0, 1.0),
    junk=st.binary(max_size=40),
)
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
def test_corrupted_yaml_gives_a_clear_error_never_a_crash(tmp_path_factory, name, cut, junk):
    data = tmp_path_factory.mktemp("data")
    for f in SHIPPED_DATA_DIR.glob("*.yaml"):
        (data / f.name).write_bytes(f.read_bytes())
    original = _ORIGINAL[name]
    at = int(len(original) * cut)
    (data / name).write_bytes(original[:at] + junk + original[at + len(junk) :])
    try:
        load_knowledge(data)
    except KnowledgeError as exc:
        assert exc.problems
        assert all(str(p).startswith(tuple(_ALL_FILES)) for p in exc.problems)
