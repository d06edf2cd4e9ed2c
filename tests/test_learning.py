"""Grouping missed questions, teaching phrasings, exporting them, and honest evaluation."""

from __future__ import annotations

import shutil

import yaml

from bot.context import Scope
from bot.engine import Engine, Turn
from bot.evaluation import default_sets, run_evaluation
from bot.knowledge import load_knowledge
from bot.learning import export_yaml, group_missed, validate_teaching
from bot.records import Learned, MissedEvent

GUILD = "school"


def missed(eid: int, text: str, at: float = 0.0, guess: str | None = None) -> MissedEvent:
    return MissedEvent(eid, at or float(eid), "c", f"u{eid}", text, "fallback", guess)


def test_near_duplicates_and_typos_form_one_group_most_frequent_first():
    events = [
        missed(1, "whats the weather tomorrow"),
        missed(2, "can i be a teacher with a felony", guess="career.education"),
        missed(3, "can i be a teacher with a felony?", guess="career.education"),
        missed(4, "can i be a techer with a felony", guess="career.outlook"),
        missed(5, "Can I become a teacher with a felony record", guess="career.education"),
    ]
    groups = group_missed(events)
    assert [g.count for g in groups] == [4, 1]
    top = groups[0]
    assert top.event_ids == [2, 3, 4, 5]
    assert (top.first_seen, top.last_seen) == (2.0, 5.0)
    assert top.best_guess == "career.education"


def test_teaching_is_validated(kb):
    assert validate_teaching(kb, "career.salary", "librarian") is None
    assert "unknown intent" in validate_teaching(kb, "career.astrology", None)
    assert "unknown career" in validate_teaching(kb, "career.salary", "astronaut")
    assert validate_teaching(kb, "career.salary", None) is None  # the conversation fills it
    assert "unknown intent" in validate_teaching(kb, "fallback", None)
    assert "unknown intent" in validate_teaching(kb, "safety", None)


async def test_a_taught_save_without_a_career_saves_the_one_being_discussed(engine, store):
    """Regression: "keep this one for me" taught as save_career (no career) used to reach the
    handler without a career and answer "Sorry, something went wrong"."""
    from bot.records import Learned

    engine.set_learned(GUILD, [Learned(1, GUILD, "keep this one for me", "save_career", None, 0)])
    fresh = await engine.handle(Turn(Scope(GUILD, "c", "new"), "keep this one for me"))
    assert (fresh.kind, fresh.intent) == ("clarify", "save_career")
    assert "went wrong" not in fresh.reply.text

    student = Scope(GUILD, "c", "s9")
    await engine.handle(Turn(student, "how much do librarians make"))
    saved = await engine.handle(Turn(student, "keep this one for me"))
    assert (saved.kind, saved.intent, saved.career) == ("answer", "save_career", "librarian")
    assert await store.saved_careers("s9") == ["librarian"]


async def test_taught_phrasing_answers_at_once_for_that_server_only(engine, store, clock):
    question = "yo wats the bag for book nerds at skool"
    student = Scope(GUILD, "c", "s1")
    before = await engine.handle(Turn(student, question))
    assert before.intent == "fallback"

    await store.flush()
    [group] = group_missed(await store.review_events(GUILD, 0.0))
    learned = await store.add_learned(GUILD, group.text, "career.salary", "librarian", clock())
    await store.mark_resolved(group.event_ids)
    engine.set_learned(GUILD, await store.learned(GUILD))

    after = await engine.handle(Turn(Scope(GUILD, "c", "s2"), question))
    assert (after.intent, after.career) == ("career.salary", "librarian")
    elsewhere = await engine.handle(Turn(Scope("other-school", "c", "s3"), question))
    assert elsewhere.intent == "fallback"
    assert await store.review_events(GUILD, 0.0) == []
    assert learned.id in {item.id for item in await store.learned(GUILD)}


def test_export_round_trips_into_the_knowledge_base(kb, data_copy):
    learned = [
        Learned(1, GUILD, "how much bread do librarians make", "career.salary", "librarian", 0.0),
        Learned(2, GUILD, "whats the vibe of the edu cluster", "cluster.overview", None, 0.0),
    ]
    exported = yaml.safe_load(export_yaml(learned, kb))
    path = data_copy / "intents.yaml"
    data = yaml.safe_load(path.read_text())
    for item in exported["intents"]:
        spec = next(i for i in data["intents"] if i["id"] == item["id"])
        spec["examples"].extend(item["examples"])
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    merged = load_knowledge(data_copy)
    assert "how much bread do librarians make" in merged.intents["career.salary"].examples


async def test_learning_answers_missed_questions_and_never_lowers_eval_accuracy(kb, tmp_path):
    from bot.backends import open_store

    baseline = (await run_evaluation(kb, default_sets()))[-1].summary()
    store = await open_store(tmp_path / "l.db")
    engine = Engine(kb, store)  # a server's engine: what its students would get
    taught = {
        "yo wats the bag for book nerds at skool": ("career.salary", "librarian"),
        "how do u get to be the one who runs the daycare": (
            "career.education",
            "childcare-director",
        ),
        "wat jobs r there for ppl who like computers n school": ("technology", None),
    }
    for text, (intent, career) in taught.items():
        await store.add_learned("eval", text, intent, career, 0.0)
    engine.set_learned("eval", await store.learned("eval"))
    for text, (intent, career) in taught.items():
        result = await engine.handle(Turn(Scope("eval", "c", "x"), text))
        assert (result.intent, result.career) == (intent, career)

    learned = await store.learned("eval")
    await store.close()
    with_learning = (await run_evaluation(kb, default_sets(), learned))[-1].summary()
    assert with_learning["exact_accuracy"] >= baseline["exact_accuracy"]
    assert with_learning["confidently_wrong_rate"] <= baseline["confidently_wrong_rate"]
    shutil.rmtree(tmp_path, ignore_errors=True)
