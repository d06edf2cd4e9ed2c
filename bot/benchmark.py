"""``careerbot bench``: match latency, engine throughput, start-up time and peak memory.

Every figure is a median over repeated runs, since the machines we run on are shared and
noisy. The 10x knowledge base is synthetic: each career, alias and example phrasing is cloned
ten times with made-up words, so that the index is ten times larger in every dimension.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import random
import resource
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from .backends import open_store
from .context import Context, Scope
from .dialogue import Policy, decide
from .engine import Engine, Turn
from .knowledge import KnowledgeBase, load_knowledge
from .knowledge.models import IntentSpec
from .matcher import Matcher
from .pgcluster import Cluster, ClusterError, throwaway_cluster
from .safety import SafetyScreen

SAMPLE_MESSAGES = (
    "hw much do libarians make",
    "how do i become one",
    "what about school counselors then",
    "yo whats the pay for a high school teachr",
    "which one pays more",
    "what does an instructional designer do",
    "ok so my mom keeps saying i should be a teacher but like how much do elementary teachers "
    "even make?? asking for real",
    "do u need a masters to be a principal",
    "are speech therapists in demand",
    "compare tutor and teacher assistant",
    "i like kids and art what job fits me",
    "how is ai changing education",
    "what is the education and training cluster",
    "save it",
    "show my list",
    "what skills does a sped teacher need",
    "tell me about teacher apprenticeships",
    "how much do nurses make",
    "asdfghjkl",
    "thanks!!",
    "<@123456789> what's a curriculum developer",
    "can i become a teacher without an education degree",
    "professors salary?",
    "what jobs are there in education",
)


def _percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    k = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[k]


def _fake_word(rng: random.Random) -> str:
    return "".join(rng.choice("bcdfghjklmnprstvz") + rng.choice("aeiou") for _ in range(3))


def scaled_knowledge(kb: KnowledgeBase, factor: int = 10, seed: int = 7) -> KnowledgeBase:
    """A synthetic knowledge base ``factor`` times larger in careers, aliases and examples."""
    rng = random.Random(seed)
    careers = dict(kb.careers)
    for k in range(1, factor):
        for career in kb.careers.values():
            tag = _fake_word(rng)
            clone = career.model_copy(
                update={
                    "id": f"{career.id}-{k}",
                    "aliases": [f"{tag} {a}" for a in career.aliases],
                    "title": f"{career.title} {tag}",
                    "short_name": f"{tag} {career.short_name}",
                    "related": [],
                }
            )
            careers[clone.id] = clone
    intents = {}
    for spec in kb.intents.values():
        examples = list(spec.examples)
        for _ in range(1, factor):
            examples.extend(f"{e} {_fake_word(rng)}" for e in spec.examples)
        intents[spec.id] = IntentSpec(
            id=spec.id, label=spec.label, examples=examples, cues=spec.cues
        )
    return replace(kb, careers=careers, intents=intents)


def _latency(work: Callable[[str], object], rounds: int, passes: int) -> tuple[float, float]:
    """Median over rounds of the p50 and p99 time (ms) of ``work`` on one sample message."""
    p50s, p99s = [], []
    for _ in range(rounds):
        samples = []
        for _ in range(passes):
            for text in SAMPLE_MESSAGES:
                start = time.perf_counter()
                work(text)
                samples.append((time.perf_counter() - start) * 1000)
        p50s.append(_percentile(samples, 50))
        p99s.append(_percentile(samples, 99))
    return statistics.median(p50s), statistics.median(p99s)


def match_latency(matcher: Matcher, rounds: int, passes: int) -> tuple[float, float]:
    """p50 and p99 (ms) to analyze and decide one message."""
    policy = Policy()
    return _latency(
        lambda text: decide(matcher.analyze(text), Context(), matcher.directory, policy),
        rounds,
        passes,
    )


def screen_latency(screen: SafetyScreen, rounds: int, passes: int) -> tuple[float, float]:
    """p50 and p99 (ms) of the safety screen, which every message goes through first."""
    return _latency(screen.screen, rounds, passes)


async def _throughput(
    kb: KnowledgeBase, conversations: int, turns_each: int, location: str
) -> tuple[float, float, float]:
    """Turns per second, p50 and p99 turn latency (ms), every turn's state persisted."""
    store = await open_store(location)
    engine = Engine(kb, store)
    latencies: list[float] = []

    async def talk(n: int) -> None:
        scope = Scope("bench", f"c{n % 7}", f"u{n}")
        for t in range(turns_each):
            text = SAMPLE_MESSAGES[(n + t) % len(SAMPLE_MESSAGES)]
            start = time.perf_counter()
            await engine.handle(Turn(scope, text))
            latencies.append((time.perf_counter() - start) * 1000)

    start = time.perf_counter()
    await asyncio.gather(*(talk(n) for n in range(conversations)))
    await store.flush()  # the clock stops when every turn is on disk
    elapsed = time.perf_counter() - start
    total = await store.event_count()
    await store.close()
    assert total == conversations * turns_each, "every turn must be persisted"
    return total / elapsed, _percentile(latencies, 50), _percentile(latencies, 99)


def startup_time(data_dir: Path, rounds: int) -> float:
    """Median seconds to load, validate and compile the knowledge base."""
    times = []
    for _ in range(rounds):
        gc.collect()
        start = time.perf_counter()
        kb = load_knowledge(data_dir)
        matcher = Matcher(kb)
        SafetyScreen(kb.safety, kb.synonyms, matcher.vocabulary)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


class Locations:
    """A fresh, empty database for each throughput run, on each backend measured."""

    def __init__(self, tmp: Path, cluster: Cluster | None) -> None:
        self.tmp = tmp
        self.cluster = cluster
        self.made = 0

    def backends(self) -> list[str]:
        return ["sqlite", "postgres"] if self.cluster else ["sqlite"]

    def fresh(self, backend: str) -> str:
        self.made += 1
        if backend == "postgres":
            assert self.cluster is not None
            return self.cluster.create_database(f"bench_{self.made}")
        return str(self.tmp / f"bench{self.made}.db")


def run_benchmarks(
    data_dir: Path,
    quick: bool = False,
    echo: Callable[[str], None] = print,
    postgres: bool = True,
) -> dict:
    """Every figure; PostgreSQL beside SQLite on a throwaway local server when ``postgres``
    and PostgreSQL's server programs are installed (else said, and SQLite alone)."""
    with contextlib.ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        cluster = None
        if postgres:
            try:
                # Durable like a real server (fsync on): the figure is what a school would see.
                cluster = stack.enter_context(throwaway_cluster(fast=False))
            except ClusterError as exc:
                echo(f"PostgreSQL not measured: {exc}")
        return _run(data_dir, quick, echo, Locations(tmp, cluster))


def _run(data_dir: Path, quick: bool, echo: Callable[[str], None], where: Locations) -> dict:
    rounds = 3 if quick else 7
    passes = 5 if quick else 40
    figures: dict[str, float] = {}

    tracemalloc.start()
    kb = load_knowledge(data_dir)
    matcher = Matcher(kb)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    figures["startup_peak_mib"] = peak / 2**20

    figures["startup_s"] = startup_time(data_dir, rounds)
    echo(
        f"start-up (load + validate + compile), median of {rounds}: "
        f"{figures['startup_s'] * 1000:.0f} ms"
    )

    p50, p99 = match_latency(matcher, rounds, passes)
    figures["match_p50_ms"], figures["match_p99_ms"] = p50, p99
    echo(
        f"match latency, shipped base ({len(kb.careers)} careers, "
        f"{sum(len(i.examples) for i in kb.intents.values())} examples): "
        f"p50 {p50:.3f} ms, p99 {p99:.3f} ms"
    )

    p50, p99 = screen_latency(
        SafetyScreen(kb.safety, kb.synonyms, matcher.vocabulary), rounds, passes
    )
    figures["screen_p50_ms"], figures["screen_p99_ms"] = p50, p99
    echo(f"safety screen latency: p50 {p50:.3f} ms, p99 {p99:.3f} ms")

    big = scaled_knowledge(kb)
    start = time.perf_counter()
    big_matcher = Matcher(big)
    compile_big = time.perf_counter() - start
    p50, p99 = match_latency(big_matcher, rounds, max(1, passes // 4))
    figures["match10x_p50_ms"], figures["match10x_p99_ms"] = p50, p99
    echo(
        f"match latency, 10x base ({len(big.careers)} careers, "
        f"{sum(len(i.examples) for i in big.intents.values())} examples, compiled in "
        f"{compile_big * 1000:.0f} ms): p50 {p50:.3f} ms, p99 {p99:.3f} ms"
    )

    for conversations, turns in ((1, 400 if not quick else 100), (200, 20 if not quick else 5)):
        # Rounds interleaved, so both backends see the same noise of a shared machine.
        by_backend: dict[str, list[tuple[float, float, float]]] = {}
        for _ in range(rounds):
            for backend in where.backends():
                run = asyncio.run(_throughput(kb, conversations, turns, where.fresh(backend)))
                by_backend.setdefault(backend, []).append(run)
        for backend, runs in by_backend.items():
            tps = statistics.median(r[0] for r in runs)
            p50 = statistics.median(r[1] for r in runs)
            p99 = statistics.median(r[2] for r in runs)
            suffix = "" if backend == "sqlite" else "_postgres"
            figures[f"engine_tps_{conversations}{suffix}"] = tps
            figures[f"engine_p50_ms_{conversations}{suffix}"] = p50
            figures[f"engine_p99_ms_{conversations}{suffix}"] = p99
            echo(
                f"engine on {backend}, {conversations} concurrent conversation(s) x {turns} "
                f"turns, state persisted: {tps:,.0f} turns/s, turn latency p50 {p50:.2f} ms, "
                f"p99 {p99:.2f} ms (median of {rounds})"
            )

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures["peak_rss_mib"] = rss
    echo(
        f"memory: knowledge base + index peak {figures['startup_peak_mib']:.1f} MiB "
        f"(tracemalloc); process peak RSS {rss:.0f} MiB (includes the 10x base)"
    )
    return figures
