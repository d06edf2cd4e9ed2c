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
    assert "match" in reply.text and "Because you picked" in reply.text
    assert "%" not in reply.text  # no precision the quiz doesn't have
    intents = [u.intent for u in reply.followups]
    assert intents.count("career.overview") == 3 and intents.count("save_career") == 3


# --- clear profiles: results a student would trust ----------------------------------------


def _answers(kb, **picks):
    """Answers by the start of their labels, per question id; unnamed questions get their
    first answer."""
    chosen = []
    for question in kb.quiz:
        start = picks.get(question.id.replace("-", "_"))
        labels = [a.label.lower() for a in question.answers]
        chosen.append(
            next(n for n, label in enumerate(labels) if label.startswith(start.lower()))
            if start
            else 0
        )
    return chosen


TEEN_EXPLAINER = {
    "who": "Teenagers",
    "help_style": "Explaining",
    "activity": "A science",
    "group_project": "I present",
    "rewarding": "Seeing a student",
    "subject": "Math",
    "place": "A classroom",
    "strength": "Help with homework",
    "school": "A four-year",
}


def test_a_teen_explainer_gets_high_school_teacher_first(kb):
    fits = rank(kb, _answers(kb, **TEEN_EXPLAINER))
    assert fits[0].career == "high-school-teacher"
    assert [f.career for f in fits].index("substitute-teacher") > 0


def test_a_student_who_wants_little_school_is_not_steered_to_degree_careers(kb):
    from bot.knowledge.models import LEVELS

    little = _answers(
        kb,
        who="Kids in elementary",
        help_style="Working one-on-one",
        activity="Reading",
        rewarding="Seeing",
        place="A classroom",
        strength="Help with homework",
        school="As little",
    )
    bachelor = LEVELS.index("bachelor's degree")
    for fit in rank(kb, little)[:3]:
        level = kb.careers[fit.career].education.level
        assert level is None or level < bachelor, fit
    # The same student, happy with college, may be shown degree careers again.
    college = [*little[:-1], little[-1] + 4]
    assert any(
        (kb.careers[f.career].education.level or 0) >= bachelor for f in rank(kb, college)[:3]
    )


def test_a_listener_who_wants_grad_school_gets_school_counselor(kb):
    fits = rank(
        kb,
        _answers(
            kb,
            who="Teenagers",
            help_style="Listening",
            rewarding="Helping someone",
            place="A quiet room",
            strength="Advice",
            school="College and then",
        ),
    )
    assert fits[0].career == "school-counselor"


def test_each_result_has_its_own_reason(kb):
    from bot.quiz import result_reply

    for answers in ([1] * len(kb.quiz), _answers(kb, **TEEN_EXPLAINER), [0] * len(kb.quiz)):
        lines = result_reply(kb, answers).text.split("\n")[:3]
        reasons = [line.split(":", 1)[1] for line in lines]
        assert len(set(reasons)) == 3, lines


@pytest.mark.parametrize(
    ("question_id", "typed", "label"),
    [
        ("who", "teens", "Teenagers"),
        ("who", "2", "Kids in elementary school"),
        ("place", "the library", "A library"),
        ("school", "4 year college degree", "A four-year college degree"),
    ],
)
def test_a_typed_answer_is_read_by_number_or_words(kb, question_id, typed, label):
    from bot.quiz import choice_from_text

    question = next(q for q in kb.quiz if q.id == question_id)
    picked = choice_from_text(question, typed)
    assert picked is not None and question.answers[picked].label == label


def test_a_typed_answer_that_fits_no_choice_is_refused(kb):
    from bot.quiz import choice_from_text

    question = next(q for q in kb.quiz if q.id == "who")
    assert choice_from_text(question, "pizza") is None
    assert choice_from_text(question, "9") is None
    assert choice_from_text(question, "") is None


def test_the_terminal_quiz_takes_words(tmp_path):
    from click.testing import CliRunner

    from bot.cli import main

    typed = ["teenagers", "pizza", "explaining things", *["1"] * 20]
    result = CliRunner().invoke(
        main, ["quiz", "--db", str(tmp_path / "q.db")], input="\n".join(typed) + "\n"
    )
    assert result.exit_code == 0, result.output
    assert "Type one of the numbers above, or the words of an answer." in result.output
    assert "Your quiz results" in result.output


@pytest.mark.parametrize(
    ("question_id", "typed"),
    [("who", "kids"), ("who", "not adults"), ("school", "a lot"), ("place", "a school")],
)
def test_a_typed_answer_that_fits_two_or_none_asks_again(kb, question_id, typed):
    from bot.quiz import choice_from_text

    question = next(q for q in kb.quiz if q.id == question_id)
    assert choice_from_text(question, typed) is None
