"""Entity detection, typo repair and intent scoring on the shipped knowledge base."""

from __future__ import annotations

import pytest

from bot.matcher import CAREER_SLOT
from bot.text import plural_forms


@pytest.mark.parametrize(
    ("text", "career"),
    [
        ("hw much do libarians make", "librarian"),
        ("what does a school councelor do", "school-counselor"),
        ("proffesor salary", "postsecondary-teacher"),
        ("how do i become a prinicpal", "principal"),
        ("are speach therapists in demand", "speech-language-pathologist"),
        ("sped teacher skills", "special-education-teacher"),
        ("what does an elearning specialist do", "instructional-designer"),
        ("KINDERGARTEN TEACHERS pay??", "elementary-teacher"),
        ("what's a teacher's aide", "teacher-assistant"),
    ],
)
def test_finds_careers_despite_typos_and_slang(matcher, text, career):
    assert matcher.analyze(text).careers == [career]


def test_generic_teacher_is_a_group_not_a_career(matcher):
    analysis = matcher.analyze("how much do teachers make")
    assert analysis.careers == []
    assert analysis.groups == ["teacher"]


def test_two_careers_are_both_found(matcher):
    analysis = matcher.analyze("librarian vs tutor")
    assert analysis.careers == ["librarian", "tutor"]


def test_jobs_outside_the_cluster_are_recognised(matcher):
    analysis = matcher.analyze("how much do nurses make")
    assert analysis.careers == []
    assert analysis.others == ["nurse"]


def test_career_span_becomes_placeholder(matcher):
    analysis = matcher.analyze("how much do high school teachers make")
    assert CAREER_SLOT in analysis.template.split()
    assert "high" not in analysis.template.split()


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("how much do librarians make", "career.salary"),
        ("hw much $$ do tutors get", "career.salary"),
        ("how do i become a librarian", "career.education"),
        ("what skills do principals need", "career.skills"),
        ("are tutors in demand", "career.outlook"),
        ("what does a librarian do", "career.overview"),
        ("compare librarian and tutor", "career.compare"),
        ("hi", "greet"),
        ("thanks!!", "thanks"),
        ("what can you do", "help"),
        ("list all the careers", "careers.list"),
        ("i like kids and art what job fits me", "recommend"),
        ("how is technology changing teaching", "technology"),
    ],
)
def test_top_intent(matcher, text, intent):
    assert matcher.analyze(text).top.intent == intent


def test_buried_question_still_scores(matcher):
    analysis = matcher.analyze(
        "ok so my mom says i should be a librarian but like how much do they even make lol"
    )
    assert analysis.top.intent == "career.salary"
    assert analysis.careers == ["librarian"]


def test_nonsense_scores_low(matcher):
    top = matcher.analyze("asdkjh qwpeoiru zxmcnv").top
    assert top is None or top.score < 62


def test_markup_only_message_has_no_intent(matcher):
    assert matcher.analyze("<@123> <:blob:456>").scores == ()


def test_explain_shows_each_step(matcher):
    text = matcher.analyze("hw much do libarians make").explain()
    assert "libarians -> librarians" in text
    assert "career:librarian" in text
    assert "career.salary" in text


def test_real_english_words_are_no_typos(matcher):
    # "wife" is one letter from "life", "tons" from "tens": real words, never repaired.
    assert matcher.correct("wife") is None
    assert matcher.correct("tons") is None
    assert matcher.analyze("my wife is a school psychologist").careers == ["school-psychologist"]
    # A real word may still be read as another form of a word the bot knows...
    assert matcher.correct("suggested") in {"suggest", "suggests"}
    # ...and misspellings are still repaired.
    assert matcher.correct("libarians") == "librarians"


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("kollidge", "college"), ("sykologist", "psychologist"), ("perfesser", "professor")],
)
def test_words_spelled_by_ear_are_repaired_to_the_word_they_sound_like(matcher, typed, meant):
    # Too many letters off for edit distance alone; the same sound.
    assert matcher.correct(typed) == meant


@pytest.mark.parametrize("word", ["texas", "tennessee", "ids", "max"])
def test_places_and_short_words_are_not_sound_alikes_of_others(matcher, word):
    # "texas" is no "taxis", "tennessee" no "tennis"; "ids" (a leading vowel and two sounds)
    # says too little to be "aids".
    assert matcher.correct(word) is None


async def test_a_place_named_keeps_its_pay_note(student):
    result = await student.say("how much do high school teachers make in tennessee")
    assert "Tennessee" in result.reply.text


def test_a_one_letter_slip_beats_a_sound_alike_further_away(matcher):
    assert matcher.correct("libary") == "library"  # not "labor", which sounds like it
    assert matcher.correct("yeers") == "years"  # the same sound, as close as "peers"


def test_known_words_are_not_corrected(matcher):
    assert matcher.correct("teacher") is None
    assert matcher.correct("weather") is None  # two edits from "teacher": not a typo of it


def test_plural_forms():
    assert "libraries" in plural_forms("library")
    assert "coaches" in plural_forms("coach")
    assert "tutor" in plural_forms("tutors")


def test_suggest_careers_for_near_miss(matcher):
    assert "librarian" in matcher.directory.suggest_careers("librar")


def test_question_words_never_name_a_career_from_context(matcher):
    """ "college" and "needs" are words of questions, not short names of careers."""
    hints = {"postsecondary-teacher", "special-education-teacher", "elementary-teacher"}
    for text in ("is college worth it", "what does it need", "what are its needs"):
        assert matcher.analyze(text, hints).careers == [], text
    assert matcher.analyze("what about elementary", hints).careers == ["elementary-teacher"]


def test_a_level_narrows_teacher_even_when_it_is_a_route(matcher):
    def named(text):
        return [(h.kind, h.value) for h in matcher.analyze(text).hits]

    assert named("teach high school history") == [("career", "high-school-teacher")]
    assert named("7th grade science teacher salary") == [("career", "middle-school-teacher")]
    assert named("teaching at a community college") == [("career", "postsecondary-teacher")]
    assert ("route", "associate-degree") in named("can i teach with an associate degree")
    assert named("how much do teachers make") == [("group", "teacher")]


def test_a_long_messages_question_decides_which_cues_count(matcher):
    # The story mentions "development" (professional development's cue); the question asks
    # about a degree.
    analysis = matcher.analyze(
        "Math teacher here, burned out on small groups all day. I have done years of "
        "professional development at my school and I loved all of it. Do instructional "
        "designers need a specific degree?"
    )
    assert "continuing_education" not in analysis.cue_hits
    assert "career.education" in analysis.cue_hits


def test_careers_described_the_way_students_describe_them(matcher):
    for text, career in [
        ("whats the job of the lady who runs the library at school", "librarian"),
        ("someone who runs the after school program", "childcare-director"),
        ("who runs our school", "principal"),
        ("someone who watches the class when the teacher is sick", "substitute-teacher"),
        ("the person who teaches kids who cant hear", "special-education-teacher"),
        ("the college people who decide if you get in", "postsecondary-administrator"),
        ("the person who decides what we learn in class", "instructional-coordinator"),
        ("the people who make online classes", "instructional-designer"),
        ("the job where u work in a library but ur not the librarian", "library-technician"),
        # A description that ends with a name is about someone else: the principals' boss.
        (
            "whats it called when u run the district, the boss of all the principals",
            "superintendent",
        ),
    ]:
        assert matcher.analyze(text).careers == [career], text


def test_a_career_is_named_by_its_field(matcher):
    # Derived from the career's own name: the role's word becomes its field's.
    for text, career in [
        ("is college administration a good path", "postsecondary-administrator"),
        ("i might go into substitute teaching", "substitute-teacher"),
        ("jobs in speech-language pathology", "speech-language-pathologist"),
    ]:
        assert matcher.analyze(text).careers == [career], text


def test_a_role_word_names_the_relative_of_a_career_the_message_names(matcher):
    analysis = matcher.analyze(
        "im a preschool teacher and our director is leaving. how do i become the director"
    )
    assert analysis.careers == ["preschool-teacher", "childcare-director"]
    assert analysis.subject == "childcare-director"  # the goal, not the one who is leaving


def test_cues_are_listed_in_the_order_the_message_says_them(matcher):
    # The order decides which aspect a message asks first; it must not depend on the order
    # of a set of words, which changes from one process to the next.
    first_pay = matcher.analyze("how much do librarians make and what skills do they need")
    assert list(first_pay.cue_hits)[:2] == ["career.salary", "career.skills"]
    first_skills = matcher.analyze("what skills do librarians need and how much do they make")
    assert list(first_skills.cue_hits)[:2] == ["career.skills", "career.salary"]
