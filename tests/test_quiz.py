"""The interest quiz: every career can come out on top, and results explain themselves."""

from __future__ import annotations

import random

import pytest

from bot.quiz import rank, reason_line


def _margin(kb, answers, career):
    fits = rank(kb, answers)
    mine = next(f for f in fits if f.career == career)
    best_other = next(f for f in fits if f.career != career)
    return (fits[0].career == career, mine.score - best_other.score, mine.score)


def answers_for(kb, career):
    """A plausible student for ``career``: coordinate ascent over the answers, restarted from
    a few seeded starting points."""
    rng = random.Random(career)
    best = None
    for _ in range(25):
        start = [rng.randrange(len(q.answers)) for q in kb.quiz]
        answers = _ascend(kb, career, start)
        if rank(kb, answers)[0].career == career:
            return answers
        if best is None or _margin(kb, answers, career) > _margin(kb, best, career):
            best = answers
    return best


def _ascend(kb, career, answers):
    for _ in range(4):
        changed = False
        for q, question in enumerate(kb.quiz):
            best = max(
                range(len(question.answers)),
                key=lambda a: _margin(kb, [*answers[:q], a, *answers[q + 1 :]], career),
            )
            if best != answers[q]:
                answers[q], changed = best, True
        if not changed:
            break
    return answers


def test_quiz_has_questions_with_few_enough_answers_for_a_button_row(kb):
    assert 6 <= len(kb.quiz) <= 10
    assert all(2 <= len(q.answers) <= 5 for q in kb.quiz)


@pytest.mark.parametrize(
    "career",
    sorted(
        [
            "preschool-teacher",
            "elementary-teacher",
            "middle-school-teacher",
            "high-school-teacher",
            "special-education-teacher",
            "cte-teacher",
            "adult-education-teacher",
            "postsecondary-teacher",
            "substitute-teacher",
            "tutor",
            "teacher-assistant",
            "training-development-specialist",
            "school-counselor",
            "librarian",
            "library-technician",
            "instructional-coordinator",
            "instructional-designer",
            "school-psychologist",
            "speech-language-pathologist",
            "school-social-worker",
            "principal",
            "superintendent",
            "postsecondary-administrator",
            "childcare-director",
            "training-development-manager",
        ]
    ),
)
def test_every_career_is_the_top_result_for_some_answers(kb, career):
    answers = answers_for(kb, career)
    top = rank(kb, answers)[0]
    assert top.career == career, (career, answers, top)


def test_results_explain_themselves_from_the_students_answers(kb):
    labels = [q.answers[0].label for q in kb.quiz]
    fits = rank(kb, [0] * len(kb.quiz))
    top = fits[0]
    assert 0 < top.score <= 100
    assert top.reasons and set(top.reasons) <= set(labels)
    assert reason_line(top).startswith("Because you picked")


async def test_progress_is_saved_and_resumes_after_a_restart(kb, tmp_path):
    from bot.backends import open_store
    from bot.quiz import QuizProgress

    path = tmp_path / "quiz.db"
    store = await open_store(path)
    quiz = QuizProgress(kb, store)
    assert await quiz.current("s") == []
    assert await quiz.answer("s", 0, 2) == [2]
    assert await quiz.answer("s", 1, 1) == [2, 1]
    assert await quiz.answer("s", 1, 0) is None  # a stale double click changes nothing
    assert await quiz.back("s") == [2]
    assert await quiz.answer("s", 1, 3) == [2, 3]
    await store.close()

    store = await open_store(path)  # the bot restarted
    quiz = QuizProgress(kb, store)
    assert await quiz.current("s") == [2, 3]
    for question in range(2, quiz.total):
        answers = await quiz.answer("s", question, 0)
    assert quiz.finished(answers)
    await quiz.cancel("s")
    assert await store.quiz_answers("s") is None
    await store.close()


def test_result_reply_offers_to_open_or_save_each_career(kb):
    from bot.quiz import result_reply

    reply = result_reply(kb, [1] * len(kb.quiz))
    assert len(reply.options) == 3
    assert "% fit" in reply.text and "Because you picked" in reply.text
    intents = [u.intent for u in reply.followups]
    assert intents.count("career.overview") == 3 and intents.count("save_career") == 3
