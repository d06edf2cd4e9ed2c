"""What a message names and what it asks, read from its words and the conversation so far.

These check the rules that make understanding generalize (cues, pairs, the asking sentence),
each with phrasings that appear in no evaluation set."""

from __future__ import annotations

import pytest
import yaml

from bot.context import Context
from bot.dialogue import Policy, advance, context_hints, decide
from bot.knowledge import KnowledgeError, load_knowledge
from bot.knowledge.patterns import PatternError, parse_pattern


def _decide(matcher, text, ctx=None):
    # As the engine does: the conversation's careers make short names likely.
    ctx = ctx or Context()
    analysis = matcher.analyze(text, context_hints(ctx, matcher.directory), ctx.careers)
    return decide(analysis, ctx, matcher.directory, Policy())


# ---- cues: what a message asks -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("counselor at a high school, what do they make", "career.salary"),
        ("how can u be a tutor", "career.education"),
        ("how much experience is needed to be a dean", "career.education"),
        ("do principals have job security", "career.outlook"),
        ("do corporate trainers travel much for work", "career.overview"),
        ("is the bag good for a principal", "career.salary"),
        ("librarian. how many years of school", "career.education"),
        ("do tutors need some kind of certification", "career.education"),
        ("are school psychologists in demand these days", "career.outlook"),
        ("could a really shy person be a librarian", "career.skills"),
        # English learners' phrasings
        ("there is many job for librarian in usa?", "career.outlook"),
        ("how she can become tutor?", "career.education"),
        ("what is need for be school counselor", "career.education"),
        ("what is the work of a tutor in america", "career.overview"),
        ("librarian job hard or easy?", "career.overview"),
        ("wat skils u need for be tutor", "career.skills"),
        ("what kind of temperament suits a principal", "career.skills"),
        ("are school librarians still needed", "career.outlook"),
        ("are counselor jobs being eliminated", "career.outlook"),
        ("what do u have to do to teach preschool", "career.education"),
        ("are tutor jobs tough to land", "career.outlook"),
        ("how would i switch from tutoring to being a librarian", "career.education"),
        ("how do tutors stack up against librarians", "career.compare"),
        ("whats her job, the speech therapist at my school", "career.overview"),
        ("is the pay competitive for librarians", "career.salary"),
        ("what would a school social worker make then", "career.salary"),
        ("school librarian, how long is that", "career.education"),
        ("what field should i go into if i love art and kids", "recommend"),
        ("is there a job in education thats right for him", "recommend"),
        ("perfect job for a quiet person who loves kids", "recommend"),
        # an overview's broad cue ("as a career") beside an aspect's: the aspect is asked
        ("prospects for tutoring as a career", "career.outlook"),
        # school after years in the job, or with a license already, is continuing education
        ("should i get a doctorate after some years as a professor", "continuing_education"),
    ],
)
def test_an_aspect_is_read_from_the_words_that_ask_it(matcher, text, intent):
    decision = _decide(matcher, text)
    assert (decision.kind, decision.intent) == ("answer", intent), matcher.analyze(text).explain()


def test_cues_ignore_the_words_of_a_career_name(matcher):
    # "school" in "high school teacher" does not ask "how much school".
    analysis = matcher.analyze("how much do high school teachers get paid")
    assert "career.education" not in analysis.cue_hits
    assert _decide(matcher, "how much do high school teachers get paid").intent == "career.salary"


def test_a_long_message_is_read_by_its_asking_sentence(matcher):
    text = (
        "I have a bachelor's in history and I've coached debate for years. My friends say I "
        "should teach. I'm wondering what high school teachers earn in a year."
    )
    analysis = matcher.analyze(text)
    assert "career.salary" in analysis.asked_cues
    decision = _decide(matcher, text)
    assert (decision.intent, decision.careers) == ("career.salary", ["high-school-teacher"])


@pytest.mark.parametrize(
    ("file", "key", "entry", "field"),
    [
        ("intents.yaml", "intents", "career.salary", "cues"),
        ("careers.yaml", "careers", "librarian", "described"),
        ("careers.yaml", "careers", "librarian", "clues"),
    ],
)
def test_a_bad_pattern_names_file_entry_and_field(data_copy, file, key, entry, field):
    path = data_copy / file
    data = yaml.safe_load(path.read_text())
    index = next(i for i, e in enumerate(data[key]) if e["id"] == entry)
    data[key][index].setdefault(field, []).append("how much .. <no-such-list>")
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(data_copy)
    problems = [str(p) for p in info.value.problems]
    assert any(
        p.startswith(f"{file}:")
        and f"(id: {entry})" in p
        and f"{field}." in p
        and "<no-such-list>" in p
        for p in problems
    ), problems


def test_an_unknown_intent_outranked_is_named(data_copy):
    path = data_copy / "intents.yaml"
    data = yaml.safe_load(path.read_text())
    recommend = next(e for e in data["intents"] if e["id"] == "recommend")
    recommend["outranks"] = ["careers.lst"]
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(data_copy)
    assert any(
        "(id: recommend)" in str(p) and "careers.lst" in str(p) for p in info.value.problems
    ), info.value.problems


# ---- what a message names ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "career"),
    [
        ("whos the guy in charge of our entire school district", "superintendent"),
        ("my aunt wants to open her own little daycare, what would she make", "childcare-director"),
        (
            "the lady who coaches the teachers on the new reading program",
            "instructional-coordinator",
        ),
        (
            "what about the teacher who works with kids on their speech",
            "speech-language-pathologist",
        ),
        ("the people that build online training courses for companies", "instructional-designer"),
        ("someone who fills in when the regular teacher is sick", "substitute-teacher"),
        ("what does the director of a small preschool do", "childcare-director"),
        ("the guy who teaches ged classes at night", "adult-education-teacher"),
    ],
)
def test_a_career_described_instead_of_named_is_found(matcher, text, career):
    assert matcher.analyze(text).careers == [career], matcher.analyze(text).explain()


def test_a_description_never_beats_a_name_or_a_students_own_request(matcher):
    # A career named outright wins over a description overlapping it.
    named = matcher.analyze("a principal runs the school, what does a superintendent run")
    assert named.careers == ["principal", "superintendent"]
    # "help me pick a career" asks the bot for help; it describes no counselor.
    assert _decide(matcher, "can you help me pick a career").intent == "recommend"


def test_two_careers_are_a_comparison_only_when_joined_or_compared(matcher):
    joined = _decide(matcher, "principal or superintendent, which pays better")
    assert joined.intent == "career.compare"
    assert set(joined.careers) == {"principal", "superintendent"}
    passing = _decide(
        matcher, "my school counselor told me to look into it. how do i become a librarian"
    )
    assert (passing.intent, passing.careers) == ("career.education", ["librarian"])


def test_a_job_title_outside_the_cluster_beats_the_career_word_inside_it(matcher):
    analysis = matcher.analyze("principal software engineer salary")
    assert analysis.careers == [] and analysis.others


@pytest.mark.parametrize(
    "text",
    [
        "how much do flight instructors make",
        "piano teacher hourly rate",
        "school secretary pay",
        "do guitar lesson instructors make good money",  # the generic word is the job's
        "how do i become a dietitian",
    ],
)
def test_instructors_and_school_jobs_outside_the_cluster_are_declined(matcher, text):
    assert _decide(matcher, text).intent == "fallback", matcher.analyze(text).explain()


def test_an_everyday_word_never_names_a_career_alone(matcher):
    analysis = matcher.analyze("which one needs more experience", {"instructional-designer"})
    assert analysis.careers == []
    # Even when the conversation makes junior high teachers likely, "im a junior" is a student.
    assert matcher.analyze("im a junior and i like kids", {"middle-school-teacher"}).careers == []


def test_a_distinctive_word_before_a_word_for_people_names_the_career(matcher):
    assert matcher.analyze("do the admissions people get paid well").careers == [
        "postsecondary-administrator"
    ]


# ---- the conversation so far -------------------------------------------------------------


def _talk(matcher, *texts):
    ctx = Context()
    decisions = []
    for n, text in enumerate(texts):
        decision = _decide(matcher, text, ctx)
        decisions.append(decision)
        advance(ctx, decision, float(n))
    return decisions


def test_the_first_and_the_second_are_the_pair_in_the_order_named(matcher):
    _, first, second = _talk(
        matcher,
        "school counselor vs school social worker",
        "how much school does the first one need",
        "and the second one",
    )
    assert (first.intent, first.careers) == ("career.education", ["school-counselor"])
    assert (second.intent, second.careers) == ("career.education", ["school-social-worker"])


def test_a_compare_on_one_aspect_carries_it_to_the_follow_ups(matcher):
    compare, other = _talk(
        matcher, "between a tutor and a teacher assistant, what skills do you need", "the first one"
    )
    assert (compare.intent, compare.focus) == ("career.compare", "career.skills")
    assert (other.intent, other.careers) == ("career.skills", ["tutor"])


def test_a_cued_aspect_of_the_career_at_hand_is_answered_after_a_miss(matcher):
    _, miss, pay = _talk(
        matcher, "what does a speech therapist do", "asdkjh qwpoe", "my aunt says the pay is meh?"
    )
    assert miss.kind == "fallback"
    assert (pay.intent, pay.careers) == ("career.salary", ["speech-language-pathologist"])


def test_a_question_pointing_back_at_the_career_at_hand_is_about_it(matcher):
    # No cue, no career named: "that" is the one being discussed, and the sentence reads
    # clearly as one aspect of it.
    _, school = _talk(matcher, "what does a librarian do", "would i be in school long for that")
    assert (school.intent, school.careers) == ("career.education", ["librarian"])


@pytest.mark.parametrize("text", ["aight thx", "kk bye", "heyyy"])
def test_short_small_talk_is_understood(matcher, text):
    assert _decide(matcher, text).intent in {"thanks", "goodbye", "greet"}


def test_a_request_for_something_else_is_declined_even_beside_a_career_word(matcher):
    decision = _decide(matcher, "grade my essay like a teacher would")
    assert (decision.kind, decision.reason) == ("fallback", "not_career")


def test_after_but_comes_the_question(matcher):
    text = "i know librarians need a masters degree for sure, but is the pay actually worth it"
    # What comes before "but" is what the student knows: its cues do not count.
    assert "career.education" not in matcher.analyze(text).cue_hits
    decision = _decide(matcher, text)
    assert (decision.intent, decision.careers) == ("career.salary", ["librarian"])


def test_a_short_name_goes_to_the_career_already_discussed(matcher):
    _, manager = _talk(
        matcher,
        "whats the difference between a training specialist and a training manager",
        "how much does the manager make",
    )
    assert (manager.intent, manager.careers) == ("career.salary", ["training-development-manager"])


def test_ages_in_years_answer_which_kind_of_teacher(matcher):
    asked, preschool = _talk(
        matcher, "whats the job outlook for teachers", "the ones for 3 and 4 year olds"
    )
    assert asked.kind == "clarify"
    assert (preschool.intent, preschool.careers) == ("career.outlook", ["preschool-teacher"])
    # "little kids" could be preschool or kindergarten: the bot asks again between the two.
    _, narrowed = _talk(matcher, "how much do teachers make", "like for little kids")
    assert (narrowed.kind, set(narrowed.options)) == (
        "clarify",
        {"preschool-teacher", "elementary-teacher"},
    )


def test_an_aspect_inside_another_aspects_frame_is_what_is_asked(matcher):
    # "what is .. like" frames the question; the pay inside it is what it asks.
    analysis = matcher.analyze("school librarians, what is their pay like these days")
    assert "career.overview" not in analysis.cue_hits
    assert _decide(matcher, "school librarians, what is their pay like these days").intent == (
        "career.salary"
    )


def test_the_students_own_job_is_not_what_a_long_message_asks_about(matcher):
    text = (
        "I am a middle school science teacher and I have been thinking about a change. A "
        "friend moved into instructional design. Does that job have a good future?"
    )
    decision = _decide(matcher, text)
    assert (decision.intent, decision.careers) == ("career.outlook", ["instructional-designer"])


def test_a_comparison_in_the_preamble_does_not_make_the_question_a_comparison(matcher):
    text = (
        "My daughter wants to be a speech pathologist, and I thought it was the same as a "
        "special ed teacher. Is it hard to get a job as a speech pathologist?"
    )
    decision = _decide(matcher, text)
    assert (decision.intent, decision.careers) == (
        "career.outlook",
        ["speech-language-pathologist"],
    )


def test_a_typo_repair_alone_is_no_small_talk(matcher):
    # "lakers" is one letter from "laters", a goodbye.
    assert _decide(matcher, "did the lakers win their game yesterday").intent == "fallback"
    assert _decide(matcher, "ok cool ill look into it later bye").intent == "goodbye"


def test_this_teacher_is_the_one_being_discussed(matcher):
    _, followup = _talk(
        matcher, "what do high school teachers do all day", "what study i need for this teacher"
    )
    assert (followup.intent, followup.careers) == ("career.education", ["high-school-teacher"])


def test_a_short_name_after_at_is_a_place_not_a_career(matcher):
    _, pay = _talk(
        matcher,
        "what does a paraprofessional do",
        "my cousin is one at the old elementary and says the pay is low, what do they make",
    )
    assert (pay.intent, pay.careers) == ("career.salary", ["teacher-assistant"])


def test_ages_answer_which_kind_even_with_a_name_beside_them(matcher):
    asked, answered = _talk(
        matcher,
        "how long does it take to become a teacher",
        "preschool ones, the kind for 3 or 4 year olds",
    )
    assert asked.kind == "clarify"
    assert (answered.intent, answered.careers) == ("career.education", ["preschool-teacher"])


def test_more_than_teachers_asks_about_the_career_at_hand(matcher):
    _, more = _talk(
        matcher, "tell me about school psychologists", "do they earn more than teachers do"
    )
    assert (more.kind, more.intent, more.careers) == (
        "answer",
        "career.salary",
        ["school-psychologist"],
    )


def test_a_general_reading_yields_to_the_cued_question_about_a_career(matcher):
    # Reads like "can I become X with a community college" but asks for a comparison.
    _, compare = _talk(
        matcher,
        "what does a cte teacher do",
        "compare that with being a nursing professor at a community college",
    )
    assert compare.intent == "career.compare"
    assert set(compare.careers) == {"cte-teacher", "postsecondary-teacher"}


@pytest.mark.parametrize(
    "text",
    [
        "which education careers only need an associate degree",
        "Which occupations in the education and training cluster need a doctorate?",
    ],
)
def test_asking_which_careers_is_the_list_whatever_else_it_names(matcher, text):
    assert _decide(matcher, text).intent == "careers.list", matcher.analyze(text).explain()


def test_which_is_easier_compares_the_last_two_careers(matcher):
    *_, which = _talk(
        matcher,
        "how much do librarians make",
        "what about tutors",
        "which one is easier to get into",
    )
    assert which.intent == "career.compare"
    assert set(which.careers) == {"librarian", "tutor"}


def test_add_with_a_career_saves_it(matcher):
    _, add = _talk(matcher, "what do principals do", "add superintendent too")
    assert (add.intent, add.careers) == ("save_career", ["superintendent"])


def test_a_goodbye_word_inside_a_longer_question_is_no_goodbye(matcher):
    # "have to go" is a goodbye's cue; "grad school" asks how to get there.
    assert _decide(matcher, "would i have to go to grad school for that").intent != "goodbye"
    assert _decide(matcher, "ok gotta go, later").intent == "goodbye"


def test_a_career_named_as_the_step_before_is_not_the_subject(matcher):
    _, first = _talk(matcher, "what does a superintendent do", "do u need to be a principal first")
    assert (first.intent, first.careers) == ("career.education", ["superintendent"])


@pytest.mark.parametrize(
    "text", ["put school counselor in my saved", "i want both of them saved pls"]
)
def test_putting_on_the_saved_list_saves(matcher, text):
    *_, saved = _talk(matcher, "librarian vs school counselor", text)
    assert saved.intent == "save_career", matcher.analyze(text).explain()


def test_bare_ages_after_kid_words_answer_which_kind(matcher):
    asked, answered = _talk(
        matcher, "what skills do teachers need", "the little kids, like 3 or 4 i guess"
    )
    assert asked.kind == "clarify"
    assert answered.careers == ["preschool-teacher"]


def test_the_first_one_is_the_career_discussed_first(matcher):
    *_, first = _talk(
        matcher,
        "what does a principal do",
        "ok and a school counselor?",
        "compare them",
        "the first one, how much school does it take",
    )
    assert (first.intent, first.careers) == ("career.education", ["principal"])
    # Said at more length, after the two were only talked about one after the other.
    *_, back = _talk(
        matcher,
        "what does a tutor do",
        "and a librarian?",
        "alright lets go back to the first one, how many years of college would it be",
    )
    assert (back.intent, back.careers) == ("career.education", ["tutor"])


def test_the_nearest_level_narrows_a_generic_word(matcher):
    text = "whats the difference between teaching ged classes for adults and teaching high school"
    decision = _decide(matcher, text)
    assert decision.intent == "career.compare"
    assert set(decision.careers) == {"adult-education-teacher", "high-school-teacher"}


def test_a_subject_answers_which_kind_of_teacher_with_the_subject_teachers(matcher):
    asked, narrowed = _talk(matcher, "how much do teachers make", "like biology")
    assert asked.kind == "clarify"
    assert (narrowed.kind, narrowed.intent) == ("clarify", "career.salary")
    assert set(narrowed.options) == {"middle-school-teacher", "high-school-teacher"}


def test_a_difference_asked_after_two_careers_compares_them(matcher):
    *_, diff = _talk(
        matcher, "what does a librarian do", "and a library technician?", "what is different?"
    )
    assert diff.intent == "career.compare"
    assert diff.careers == ["librarian", "library-technician"]


def test_a_comparison_of_two_routes_is_about_the_routes(matcher):
    text = "whats the difference between alternative certification and a bachelors degree"
    decision = _decide(matcher, text)
    assert decision.intent == "pathway.info" and decision.route is not None


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("r u a bot or an actual human", "help"),
        ("is it a super stressful job", "career.overview"),
        ("do u have to pick a major for it", "career.education"),
    ],
)
def test_about_the_bot_versus_about_the_career(matcher, text, intent):
    *_, decision = _talk(matcher, "what does a school counselor do", text)
    assert decision.intent == intent, matcher.analyze(text).explain()


def test_a_question_about_something_unknown_is_not_a_career_to_choose(matcher):
    decision = _decide(matcher, "tell me about the french revolution")
    assert decision.kind == "fallback", matcher.analyze("tell me about the french revolution")
    assert _decide(matcher, "tell me about the job").kind == "clarify"  # known words: ask


def test_the_x_one_is_the_career_whose_own_name_has_x(matcher):
    *_, which = _talk(
        matcher,
        "whats the difference between a daycare director and a preschool teacher",
        "ok but the preschool one, how much school",
    )
    assert (which.intent, which.careers) == ("career.education", ["preschool-teacher"])


@pytest.mark.parametrize(
    "text",
    [
        "how do i manage school and a job",  # 'manages' is no longer a leader's word
        "teach kids to speak spanish",  # not a speech-language pathologist
        "can you help me with job applications",  # the student's own request
    ],
)
def test_ordinary_sentences_describe_no_career(matcher, text):
    assert matcher.analyze(text).careers == [], matcher.analyze(text).explain()


def test_save_words_without_a_save(matcher):
    *_, d = _talk(matcher, "librarian vs tutor", "thanks that makes me feel better")
    assert d.intent == "thanks"
    *_, shown = _talk(matcher, "save librarian", "i want to see the ones i saved")
    assert shown.intent == "saved.list"


def test_a_stage_of_ones_own_schooling_names_no_teacher(matcher):
    _, answered = _talk(
        matcher,
        "how much do teachers make",
        "the ones teaching adults who never finished high school",
    )
    assert answered.careers == ["adult-education-teacher"]


def test_a_job_someone_has_done_is_background_not_the_question(matcher):
    _, enough = _talk(
        matcher,
        "what do welding teachers do",
        "do they need a degree or is being a welder for ten years enough",
    )
    assert (enough.intent, enough.careers) == ("career.education", ["cte-teacher"])
    # Asked about for itself, a job outside the cluster is still declined.
    _, nurse = _talk(matcher, "what do welding teachers do", "is being a nurse stressful")
    assert nurse.intent == "fallback"


async def test_the_x_one_picks_one_of_the_careers_just_talked_about(new_student):
    student = new_student()
    await student.say("compare an instructional designer and an instructional coordinator")
    picked = await student.say("what skills does the e-learning one need")
    assert (picked.intent, picked.career) == ("career.skills", "instructional-designer")
    other = await student.say("and how much does the curriculum one make")
    assert (other.intent, other.career) == ("career.salary", "instructional-coordinator")


async def test_a_word_describing_what_is_asked_does_not_switch_the_career(new_student):
    student = new_student()
    await student.say("what does an instructional designer do")
    skills = await student.say("what technical skills would i need for that")
    assert (skills.intent, skills.career) == ("career.skills", "instructional-designer")


@pytest.mark.parametrize(
    ("text", "intent", "careers"),
    [
        ("how much will i make as a school counselor", "career.salary", ["school-counselor"]),
        ("how much money will i make after i graduate", "fallback", []),
        ("how much am i going to earn when im older", "fallback", []),
        ("how much am i gonna make as a librarian", "career.salary", ["librarian"]),
        ("is being an RN stressful", "fallback", []),  # a nurse, not "right now"
        ("how much do school counselors make rn", "career.salary", ["school-counselor"]),
        ("can u make me a quiz about the civil war for my class", "fallback", []),
        ("write me a cover letter for a job as a preschool teacher", "fallback", []),
    ],
)
async def test_the_students_own_pay_or_homework_is_declined_a_jobs_pay_answered(
    new_student, text, intent, careers
):
    result = await new_student().say(text)
    assert (result.intent, result.careers) == (intent, careers)


async def test_nothing_understood_is_lost_after_a_narrowed_question(new_student):
    student = new_student()
    await student.say("what skills do teachers need")
    narrowed = await student.say("grown ups")  # fewer kinds, asked again
    assert narrowed.kind == "clarify" and len(narrowed.careers) < 9
    asked = await student.say("how much do they get paid")
    assert asked.kind == "clarify" and asked.careers == narrowed.careers  # the same few


async def test_a_suggested_career_is_named_by_its_word(new_student):
    student = new_student()
    await student.say("i like art and little kids, what job fits me")
    picked = await student.say("ooh the preschool one")
    assert picked.career == "preschool-teacher"
    assert (await student.say("how do i get into it")).career == "preschool-teacher"


async def test_back_to_the_first_one_after_switching_careers(new_student):
    student = new_student()
    await student.say("what does a school psychologist do")
    await student.say("what about a school social worker")
    back = await student.say("ok back to the first one, how much do they make")
    assert (back.intent, back.career) == ("career.salary", "school-psychologist")
    second = await student.say("and how much school does the second one need")
    assert (second.intent, second.career) == ("career.education", "school-social-worker")


@pytest.mark.parametrize(
    "text", ["how long does pizza take to cook", "how long does it take to get to the moon"]
)
async def test_a_how_long_question_about_nothing_of_ours_is_declined(new_student, text):
    assert (await new_student().say(text)).intent == "fallback"


@pytest.mark.parametrize(
    "text",
    [
        "has the internet changed what librarians do",
        "is ai gonna replace tutors",
        "will computers take over teaching",
        "are chromebooks used in every class now",
    ],
)
def test_what_technology_does_to_a_job_is_the_technology_question(matcher, text):
    # Not the job's outlook or what the job is, and no "which kind of teacher?" first.
    decision = _decide(matcher, text)
    assert (decision.kind, decision.intent) == ("answer", "technology"), matcher.analyze(
        text
    ).explain()


@pytest.mark.parametrize(
    "text", ["which jobs here arent teaching", "careers that dont involve teachers"]
)
def test_a_kind_of_job_named_to_be_left_out_is_the_list_without_it(matcher, text):
    decision = _decide(matcher, text)
    assert (decision.kind, decision.intent) == ("answer", "careers.list"), matcher.analyze(
        text
    ).explain()


def test_a_hedge_inside_a_cue_phrase_changes_nothing_it_asks(matcher):
    assert "career.salary" in matcher.analyze("so what do they even make").cue_hits
    assert "career.skills" in matcher.analyze("do u honestly need to be good with kids").cue_hits


def test_a_word_of_a_related_career_in_a_question_about_they_stays_with_them(matcher):
    # "therapy" is a word of "speech therapy", but "they" are the school psychologists.
    ctx = Context(careers=["school-psychologist"], intent="career.overview")
    decision = _decide(matcher, "do they do therapy with kids", ctx)
    assert (decision.intent, decision.careers) == ("career.overview", ["school-psychologist"])
    # The career's whole name still names it.
    named = _decide(matcher, "do they do speech therapy too", ctx)
    assert named.careers == ["speech-language-pathologist"]


def test_more_than_a_credential_is_no_comparison(matcher):
    # "more than a/an" compares careers only when a career follows.
    assert "career.compare" not in matcher.analyze("do tutors need more than a diploma").cue_hits
    assert "career.compare" in matcher.analyze("is a dean paid more than the principal").cue_hits


def test_learners_ages_in_a_general_question_choose_the_kind_of_teacher(matcher):
    decision = _decide(matcher, "how much does a teacher of kids 3 or 4 years old make")
    assert (decision.kind, decision.intent, decision.careers) == (
        "answer",
        "career.salary",
        ["preschool-teacher"],
    )
    # Words for learners are not ages: "middle school kids" are no little children, and the
    # student's own age or a length of time says nothing of the learners.
    middle = _decide(matcher, "i heard middle school kids are rough, what is teaching them like")
    assert (middle.intent, middle.careers) == ("career.overview", ["middle-school-teacher"])
    for text in [
        "im 16 years old, how do i become a teacher",
        "after 4 years of college can i teach",
    ]:
        asked = _decide(matcher, text)
        assert set(asked.options) == set(matcher.directory.group_careers("teacher")), text


def test_the_aspect_named_after_the_question_word_is_asked(matcher):
    # "necessary" asks about requirements elsewhere; here it is said of the skill.
    decision = _decide(matcher, "i want to be a librarian, what qualities are necessary")
    assert decision.intent == "career.skills"


@pytest.mark.parametrize(
    "text", ["how do i get better at basketball", "how do i get my puppy to stop barking"]
)
def test_a_question_about_no_job_is_not_answered_with_which_career(matcher, text):
    decision = _decide(matcher, text)
    assert (decision.kind, decision.intent) == ("fallback", "fallback"), matcher.analyze(
        text
    ).explain()


def test_a_question_whose_words_ask_about_careers_is_not_declined(matcher):
    # "good for him" asks for a suggestion, though no job is named.
    assert _decide(matcher, "what job in a school is good for him").kind != "fallback"


def test_a_career_who_told_the_student_is_not_what_a_general_question_asks(matcher):
    decision = _decide(
        matcher, "my principal talked about the education and training cluster, explain it"
    )
    assert (decision.intent, decision.careers) == ("cluster.overview", [])


def test_a_route_named_beside_a_kind_of_job_is_asked_about_as_a_route(matcher):
    # "teacher" only says what the program leads to: no "which kind of teacher?".
    decision = _decide(matcher, "whats a teacher apprenticeship program")
    assert (decision.kind, decision.intent) == ("answer", "pathway.info")
    assert _decide(matcher, "how do post bacc programs work").intent == "pathway.info"
    # Not even when the reading about the kind of job has an overview's broad cue.
    assert _decide(matcher, "are apprenticeships for teaching a real thing").intent == (
        "pathway.info"
    )


def test_a_job_outside_the_cluster_named_as_the_goal_is_declined(matcher):
    # "subs" reads as substitute teachers, but the goal is the job outside the cluster.
    decision = _decide(matcher, "how do i become a streamer and get more subs")
    assert (decision.kind, decision.reason, decision.outside) == (
        "fallback",
        "outside_cluster",
        "streamer",
    )
    # The career as the goal stays the question, and so does one joined to the outside job.
    goal = _decide(matcher, "can a nurse become a nursing professor")
    assert (goal.intent, goal.careers) == ("career.education", ["postsecondary-teacher"])
    either = _decide(matcher, "should i become a nurse or a school counselor?")
    assert (either.kind, either.careers) == ("answer", ["school-counselor"])


def test_the_one_named_by_an_expanded_short_form_is_found(matcher):
    # "esl" is five words once expanded: "the english as a second language one".
    *_, which = _talk(
        matcher,
        "compare a community college professor with an adult education teacher",
        "the esl one, how much do they make",
    )
    assert (which.intent, which.careers) == ("career.salary", ["adult-education-teacher"])


def test_becoming_weighed_is_not_how_to_become(matcher):
    # "becoming a tutor" is what is weighed; "financially" says which way.
    decision = _decide(matcher, "is becoming a tutor worth it financially")
    assert decision.intent == "career.salary"


def test_follow_ups_on_a_pair_keep_the_order_it_was_named_in(matcher):
    *_, first, other = _talk(
        matcher,
        "whats the difference between a tutor and a librarian",
        "which one needs a degree",
        "the first one, how much do they make",
        "tell me more about the other one",
    )
    assert (first.intent, first.careers) == ("career.salary", ["tutor"])
    assert (other.intent, other.careers) == ("career.overview", ["librarian"])


def test_a_short_question_about_the_pair_compares_it(matcher):
    for follow_up in ["how do they compare money wise", "which one has busier days"]:
        *_, answer = _talk(matcher, "what does a tutor do", "and a librarian?", follow_up)
        assert (answer.intent, set(answer.careers)) == (
            "career.compare",
            {"tutor", "librarian"},
        ), follow_up


def test_the_students_own_job_is_not_the_goal_they_ask_about(matcher):
    # A para asking how to become a teacher asks about teachers, not about being a para.
    decision = _decide(matcher, "im a teacher aide rn, how would i become a teacher")
    assert decision.intent == "career.education"
    assert "teacher-assistant" not in decision.careers


def test_schoolers_are_the_students_of_that_level(matcher):
    decision = _decide(matcher, "could i teach middle schoolers if im kinda shy")
    assert (decision.intent, decision.careers) == ("career.skills", ["middle-school-teacher"])


def test_a_cued_reading_is_not_traded_for_an_uncued_one_that_needs_no_career(matcher):
    # "credential" asks how to get one; "how do i keep my license" only reads alike.
    assert _decide(matcher, "how do i get my teaching license").intent != ("continuing_education")
    # A route the message names and cues is its subject, not the list of jobs.
    assert _decide(matcher, "are there apprenticeships in education").intent == "pathway.info"


def test_one_aspect_asked_of_a_kind_of_job_is_read_however_odd_the_sentence(matcher):
    # Little like any example, but "benefits" of teachers is their pay: "which kind?", not
    # "I didn't catch that".
    decision = _decide(
        matcher, "What retirement benefits are typically offered to public school teachers?"
    )
    assert (decision.kind, decision.intent) == ("clarify", "career.salary")


def test_a_short_what_is_about_a_term_is_about_the_term_not_small_talk(matcher):
    assert _decide(matcher, "what is ceu").intent == "continuing_education"
    assert _decide(matcher, "what is praxis").intent == "career.education"
    assert _decide(matcher, "what do you do").intent == "help"


def test_a_new_question_while_which_kind_is_open_keeps_the_choices_or_replaces_them(matcher):
    # An unknown word ("survive") does not make a cued question off topic.
    _, skills = _talk(matcher, "how much do teachers make", "what skills do u need to survive that")
    assert (skills.kind, skills.intent) == ("clarify", "career.skills")
    # A comparison is a new question, not the answer "high school".
    _, compared = _talk(
        matcher, "what is it like being a teacher", "and compared to teaching high school?"
    )
    assert compared.intent == "career.compare"


def test_other_kinds_of_a_job_and_other_options_are_not_the_other_career(matcher):
    # "other teaching jobs" are teaching jobs; "other options" after two careers is the list.
    assert _decide(matcher, "what other teaching jobs are there").intent == "careers.list"
    *_, options = _talk(matcher, "compare librarians and tutors", "are there other options")
    assert options.intent == "careers.list"


@pytest.mark.parametrize(
    "text", ["what do librarians have to do at work", "do tutors get a lunch break in the day"]
)
def test_everyday_questions_about_the_job_are_not_how_to_get_there(matcher, text):
    assert _decide(matcher, text).intent != "career.education"


@pytest.mark.parametrize(
    "text", ["what can you do with a major in education", "is majoring in education smart"]
)
def test_a_route_asked_about_oddly_is_the_route(matcher, text):
    # Read like "what can you do?", or with a route's name in its own words, but about it.
    decision = _decide(matcher, text)
    assert (decision.kind, decision.intent) == ("answer", "pathway.info"), matcher.analyze(
        text
    ).explain()


def test_the_students_own_license_is_no_question_about_the_route(matcher):
    decision = _decide(matcher, "can u check if my teaching license is still good in ohio")
    assert decision.intent != "pathway.info"


# ---- a job described by its work, not named -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "career"),
    [
        (
            "the person who builds training modules and storyboards, whats that job called",
            "instructional-designer",
        ),
        ("who is the person that does home visits for homeless families", "school-social-worker"),
        ("the guy at the library desk who does checkout, what is that job", "library-technician"),
        (
            "the lady at the library desk who puts books back on the shelves, whats her job",
            "library-technician",
        ),
    ],
)
def test_a_job_described_by_its_work_is_the_career_it_fits(matcher, text, career):
    decision = _decide(matcher, text)
    assert (decision.kind, decision.careers) == ("answer", [career])


def test_a_description_fitting_two_careers_asks_which_of_the_two(matcher):
    # Testing is a school psychologist's work, home visits a social worker's: which one?
    decision = _decide(matcher, "the person who does testing and home visits, whats that job")
    assert decision.kind == "clarify"
    assert set(decision.options) == {"school-psychologist", "school-social-worker"}


def test_a_teacher_described_by_the_work_is_that_kind(matcher):
    decision = _decide(matcher, "how much do teachers of evening classes for immigrants make")
    assert (decision.kind, decision.intent, decision.careers) == (
        "answer",
        "career.salary",
        ["adult-education-teacher"],
    )


@pytest.mark.parametrize(
    "text",
    [
        "what is the job of the person in charge",  # nothing of the work said
        "the lady in the front office who answers phones, whats her job",  # no work of ours
    ],
)
def test_no_telltale_words_is_still_the_question(matcher, text):
    decision = _decide(matcher, text)
    assert decision.kind == "clarify" and decision.options == []


def test_a_trades_worker_before_teacher_is_the_cte_teacher(matcher):
    assert matcher.analyze("how do i become a plumber teacher").careers == ["cte-teacher"]


@pytest.mark.parametrize(
    "follow_up",
    ["do i have to work as an electrician first", "is electrician experience required"],
)
def test_a_job_as_a_step_or_experience_is_background(matcher, follow_up):
    _, asked = _talk(matcher, "what do shop teachers do", follow_up)
    assert (asked.intent, asked.careers) == ("career.education", ["cte-teacher"])


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("could i be a para at 19", "career.education"),
        ("can someone be a principal if they never taught", "career.education"),
        ("how much do deans at colleges make", "career.salary"),
        ("how many years of college does a professor need", "career.education"),
    ],
)
def test_eligibility_asks_how_to_get_there_and_a_workplace_is_no_schooling(matcher, text, intent):
    assert _decide(matcher, text).intent == intent


async def test_a_tied_description_offers_its_careers_and_an_ordinal_picks_one(new_student):
    student = new_student()
    asked = await student.say("the person who does testing and home visits, whats that job")
    assert asked.kind == "clarify" and "From what you describe" in asked.reply.text
    picked = await student.say("the second one")
    assert (picked.intent, picked.career) == ("career.overview", "school-social-worker")


@pytest.mark.parametrize(
    "text",
    [
        "what would you recommend for a person who likes computers and kids",
        "Which careers would be a good fit for a person who likes computers?",
    ],
)
def test_asking_what_fits_is_a_recommendation_whatever_the_story_names(matcher, text):
    decision = _decide(matcher, text)
    assert (decision.intent, decision.careers) == ("recommend", [])


def test_a_career_named_as_where_the_described_one_stands_is_no_pair(matcher):
    decision = _decide(
        matcher, "who is above the librarians and runs all the schools in a district"
    )
    assert (decision.intent, decision.careers) == ("career.overview", ["superintendent"])


@pytest.mark.parametrize(
    ("text", "intent", "careers"),
    [
        ("is CTE a growing field", "career.outlook", ["cte-teacher"]),
        (
            "are instructional design jobs oversaturated now",
            "career.outlook",
            ["instructional-designer"],
        ),
        ("is the librarian job going extinct", "career.outlook", ["librarian"]),
        (
            "i wonder what a school psychologist does all day",
            "career.overview",
            ["school-psychologist"],
        ),
    ],
)
def test_more_words_for_outlook_overview_and_cte(matcher, text, intent, careers):
    decision = _decide(matcher, text)
    assert (decision.intent, decision.careers) == (intent, careers)


@pytest.mark.parametrize(
    ("text", "careers"),
    [
        (
            "i heard middle school kids are so annoying lol, would it be fun teaching them tho",
            ["middle-school-teacher"],
        ),
        # Two levels of learners: still which kind.
        (
            "middle school kids and high school students are both so loud, i keep wondering "
            "what it would actually be like teaching",
            [],
        ),
        # The student's own school is no level of learners.
        (
            "im in middle school right now and honestly everyone keeps telling me that i "
            "would be good at teaching",
            [],
        ),
    ],
)
def test_learners_named_by_level_anywhere_narrow_teaching(matcher, text, careers):
    assert matcher.analyze(text).careers == careers


def test_which_of_two_joined_careers_fits_someone_compares_them(matcher):
    text = "tutor versus teacher assistant for someone who likes working one-on-one"
    decision = _decide(matcher, text)
    assert (decision.intent, decision.careers) == ("career.compare", ["tutor", "teacher-assistant"])


def test_a_level_word_before_a_route_is_the_kind_of_route(matcher):
    analysis = matcher.analyze("how does a vocational apprenticeship work for becoming a teacher")
    assert analysis.careers == [] and analysis.routes == ["vocational-apprenticeship"]


@pytest.mark.parametrize(
    "text", ["jobs where you work with teens", "what can i work as at a library"]
)
def test_jobs_where_and_what_can_i_work_as_list_careers(matcher, text):
    assert _decide(matcher, text).intent == "careers.list"


@pytest.mark.parametrize(
    ("text", "career"),
    [
        ("how do tutors move into instructional design", "instructional-designer"),
    ],
)
def test_moving_into_a_role_asks_how_to_get_there(matcher, text, career):
    decision = _decide(matcher, text)
    assert (decision.kind, decision.intent, decision.careers) == (
        "answer",
        "career.education",
        [career],
    )


@pytest.mark.parametrize(
    ("text", "career"),
    [
        (
            "my neighbor is the lady who checks out books at the library, not the librarian, "
            "what does she earn",
            "library-technician",
        ),
        (
            "my uncle manages all the trainers at his company, what does he make",
            "training-development-manager",
        ),
        ("how much does the boss of every school in a district make", "superintendent"),
    ],
)
def test_more_descriptions_of_careers(matcher, text, career):
    decision = _decide(matcher, text)
    assert (decision.intent, decision.careers) == ("career.salary", [career])


def test_a_level_only_says_where_when_the_kind_is_already_named(matcher):
    text = "my aunt teaches deaf kids at a middle school, shes their main teacher. her pay?"
    assert _decide(matcher, text).careers == ["special-education-teacher"]
    # Right beside the word, a level is still the kind: two teachers, one described.
    both = matcher.analyze("is teaching GED classes to adults harder than teaching high school")
    assert both.careers == ["adult-education-teacher", "high-school-teacher"]


def test_someone_close_described_by_their_work_is_that_career(matcher):
    text = "my uncle picks the textbooks for every school and trains the teachers on them, his job?"
    decision = _decide(matcher, text)
    assert (decision.kind, decision.careers) == ("answer", ["instructional-coordinator"])


@pytest.mark.parametrize(
    ("text", "career"),
    [
        ("how much does a grade 7 science teacher make", "middle-school-teacher"),
        ("how much do 11 grade teachers make", "high-school-teacher"),
    ],
)
def test_a_grade_said_by_its_number_is_that_grade(matcher, text, career):
    assert _decide(matcher, text).careers == [career]


def test_getting_a_job_as_a_career_asks_how_to_get_there(matcher):
    decision = _decide(matcher, "how would i get a job as a library assistant")
    assert (decision.intent, decision.careers) == ("career.education", ["library-technician"])


def test_a_prefix_inside_a_phrase_is_refused_with_its_reason():
    assert parse_pattern("help* kids .. read_aloud*")  # a prefix ending an option is fine
    with pytest.raises(PatternError, match="only the last word"):
        parse_pattern("take*_over")


def test_both_after_a_comparison_compares_them_on_the_aspect_asked(matcher):
    *_, both = _talk(
        matcher,
        "whats the difference between a librarian and a tutor",
        "what about the typical pay for both",
    )
    assert (both.intent, both.careers, both.focus) == (
        "career.compare",
        ["librarian", "tutor"],
        "career.salary",
    )


def test_stacking_the_career_at_hand_against_another_compares_them(matcher):
    *_, stacked = _talk(
        matcher, "what does a school counselor do", "how does it stack up against school psych"
    )
    assert stacked.intent == "career.compare"
    assert set(stacked.careers) == {"school-counselor", "school-psychologist"}


@pytest.mark.parametrize(
    ("text", "intent", "careers"),
    [
        ("school jobs that dont require a license", "careers.list", []),
        ("school jobs that dont require a teaching license", "careers.list", []),
        ("do librarians only need a bachelors", "career.education", ["librarian"]),
    ],
)
def test_careers_filtered_by_what_they_need_are_a_list(matcher, text, intent, careers):
    decision = _decide(matcher, text)
    assert (decision.intent, decision.careers) == (intent, careers)


@pytest.mark.parametrize(
    "text",
    [
        "the person who cooks food in the cafeteria, whats that job called",
        "the person who fixes cars, what is that job called",
        "my dad is a realtor and helps families find housing, what is his job",
        "my dad says i need good grades to get a scholarship, how long does college take",
        "my mom is a teacher and she loves books, is the pay good",
        "do teachers have to work at night",
    ],
)
def test_everyday_words_and_jobs_outside_the_cluster_are_no_description(matcher, text):
    decision = _decide(matcher, text)
    assert decision.kind != "answer" or decision.intent == "fallback", decision


def test_a_tutor_over_a_para_is_a_preference_not_a_rank(matcher):
    decision = _decide(matcher, "should i go with a tutor over a teacher assistant")
    assert (decision.intent, decision.careers) == ("career.compare", ["tutor", "teacher-assistant"])


async def test_a_guess_from_one_clue_is_asked_and_the_next_question_keeps_it(new_student):
    student = new_student()
    asked = await student.say("my aunt works with foster kids at school, how much does she make")
    assert asked.kind == "clarify" and asked.careers == ["school-social-worker"]
    assert "that may be a school social worker" in asked.reply.text
    follow = await student.say("what did she study for that")
    assert (follow.intent, follow.career) == ("career.education", "school-social-worker")


@pytest.mark.parametrize(
    ("text", "intent", "careers"),
    [
        ("can u show me every job you know in education", "careers.list", []),
        (
            "would i do ok as a school counselor if im kinda awkward",
            "career.skills",
            ["school-counselor"],
        ),
        ("who can work as a teacher assistant", "career.education", ["teacher-assistant"]),
    ],
)
def test_every_job_doing_ok_as_one_and_who_may_work_as_one(matcher, text, intent, careers):
    decision = _decide(matcher, text)
    assert (decision.kind, decision.intent, decision.careers) == ("answer", intent, careers)


@pytest.mark.parametrize(
    ("text", "career"),
    [
        ("how much do princi pals get paid", "principal"),
        ("what does a school psy chologist do", "school-psychologist"),
        ("how do i become a libra rian", "librarian"),
    ],
)
def test_a_name_split_by_dictation_is_joined_again(matcher, text, career):
    assert _decide(matcher, text).careers == [career]


def test_two_real_words_side_by_side_stay_two(matcher):
    tokens = matcher.analyze("she is not the actual teacher she just helps").tokens
    assert "teacher" in tokens and "she" in tokens


def test_a_career_taken_back_gives_way_to_the_one_meant(matcher):
    ctx = Context(careers=["principal"], intent="career.salary")
    decision = _decide(matcher, "no not principals, i meant superintendents", ctx)
    assert decision.careers == ["superintendent"]


@pytest.mark.parametrize(
    ("text", "intent", "career"),
    [
        ("cuanto gana una maestra de kinder", "career.salary", "elementary-teacher"),
        ("magkano ang sweldo ng librarian", "career.salary", "librarian"),
        ("salamat!", "thanks", None),
    ],
)
def test_words_english_learners_mix_in_are_read(matcher, text, intent, career):
    decision = _decide(matcher, text)
    assert decision.intent == intent
    assert decision.careers == ([career] if career else [])


def test_years_of_experience_are_no_question_about_the_future(matcher):
    text = "how do i teach welding if ive done it in a shop for 15 years"
    assert _decide(matcher, text).intent == "career.education"
    assert _decide(matcher, "will welding teachers be needed in like 10 yrs").intent == (
        "career.outlook"
    )


@pytest.mark.parametrize(
    "text",
    [
        "do most teachers end up going back for a masters at some point",
        "is a masters worth it once you already teach",
        "should i do grad school while working as a librarian",
    ],
)
def test_school_again_for_someone_already_in_the_job_is_continuing_education(matcher, text):
    assert _decide(matcher, text).intent == "continuing_education"


def test_going_back_to_school_to_get_into_the_job_is_how_to_get_there(matcher):
    text = "can i become a teacher without going back to school full time"
    assert _decide(matcher, text).intent == "career.education"


@pytest.mark.parametrize(
    "text", ["which of these need no bachelors", "do any of them want a masters"]
)
def test_a_condition_on_the_careers_just_listed_filters_the_list(matcher, text):
    assert _decide(matcher, text, Context(intent="careers.list")).intent == "careers.list"
    # without a list before it, "them" is the career at hand
    ctx = Context(careers=["librarian"], intent="career.salary")
    assert _decide(matcher, text, ctx).intent == "career.education"


def test_what_someone_needs_for_school_asks_how_to_get_there(matcher):
    ctx = Context(careers=["school-counselor", "school-social-worker"], intent="career.compare")
    decision = _decide(matcher, "ok and what does the social worker one need for college", ctx)
    assert (decision.intent, decision.careers) == ("career.education", ["school-social-worker"])


def test_working_in_a_library_is_the_library_jobs(matcher):
    decision = _decide(matcher, "what do you need to work at the library")
    assert (decision.kind, set(decision.options)) == (
        "clarify",
        {"librarian", "library-technician"},
    )


def test_a_cook_is_a_job_outside_the_cluster_but_cooking_is_an_interest(matcher):
    assert _decide(matcher, "what does a cook at a daycare get paid").kind == "fallback"
    assert _decide(matcher, "i love to cook and kids, what job would fit me").intent == (
        "recommend"
    )


def test_the_career_at_hand_fitting_someone_asks_the_skills(matcher):
    ctx = Context(careers=["librarian"], intent="career.overview")
    assert _decide(matcher, "is that a good fit for someone who hates noise", ctx).intent == (
        "career.skills"
    )


def test_a_level_after_or_and_an_article_is_the_other_side_of_a_pair(matcher):
    decision = _decide(matcher, "should i teach at a university or a middle school")
    assert (decision.intent, decision.careers) == (
        "career.compare",
        ["postsecondary-teacher", "middle-school-teacher"],
    )


def test_what_someone_would_need_asks_how_to_get_there(matcher):
    ctx = Context(careers=["librarian"], intent="career.overview")
    for text in ("what would i need", "what would someone need"):
        assert _decide(matcher, text, ctx).intent == "career.education"


def test_a_career_named_then_what_is_that_asks_what_it_is(matcher):
    text = "my cousin says he wants to become a school psychologist someday, what is that"
    decision = _decide(matcher, text)
    assert (decision.intent, decision.careers) == ("career.overview", ["school-psychologist"])


def test_which_of_the_pair_meets_a_condition_compares_them_on_it(matcher):
    ctx = Context(
        careers=["school-counselor", "school-psychologist"],
        intent="career.compare",
        pair=["school-counselor", "school-psychologist"],
        compared=True,
    )
    decision = _decide(matcher, "which of them can you do with just a masters", ctx)
    assert (decision.intent, decision.careers, decision.focus) == (
        "career.compare",
        ["school-counselor", "school-psychologist"],
        "career.education",
    )


@pytest.mark.parametrize(
    ("text", "intent", "career"),
    [
        # a description that starts with teaching stands where the verb was
        (
            "could my dad teach plumbing at a trade school, he did it 20 yrs",
            "career.education",
            "cte-teacher",
        ),
        ("can you be a sub while still in college", "career.education", "substitute-teacher"),
        ("my english is basic. could i still tutor kids in math", "career.skills", "tutor"),
        (
            "do you have to speak really good english to be a librarian",
            "career.skills",
            "librarian",
        ),
    ],
)
def test_eligibility_and_language_as_a_skill(matcher, text, intent, career):
    decision = _decide(matcher, text)
    assert (decision.intent, decision.careers) == (intent, [career])


def test_the_question_of_a_story_naming_a_pair_is_about_the_one_it_names(matcher):
    text = (
        "for health class we each got two careers to present. mine are librarian and tutor. "
        "first, how much does a tutor make"
    )
    decision = _decide(matcher, text)
    assert (decision.intent, decision.careers) == ("career.salary", ["tutor"])
    # asked of both, it is still the pair side by side
    both = _decide(matcher, "mine are librarian and tutor. which one pays more")
    assert both.intent == "career.compare"


@pytest.mark.parametrize(
    "text",
    [
        "is babysitting a real career",
        "what does coaching a soccer team pay",
        "how do you get into nursing",
        "is game design a good job",
    ],
)
def test_the_work_of_a_job_outside_the_cluster_is_outside_it_too(matcher, text):
    assert _decide(matcher, text).kind == "fallback"


def test_coaching_teachers_is_still_the_cluster(matcher):
    decision = _decide(matcher, "how much does instructional coaching pay")
    assert (decision.intent, decision.careers) == ("career.salary", ["instructional-coordinator"])


@pytest.mark.parametrize(
    ("text", "intent", "career"),
    [
        ("what do i need for my ncsp", "career.education", "school-psychologist"),
        (
            "how many hours to keep your ccc-slp",
            "continuing_education",
            "speech-language-pathologist",
        ),
        ("how long does the cda take", "career.education", "preschool-teacher"),
        ("is an mlis worth it money wise", "career.salary", "librarian"),
    ],
)
def test_a_credential_names_its_career_and_stays_a_credential(matcher, text, intent, career):
    decision = _decide(matcher, text)
    assert (decision.intent, decision.careers) == (intent, [career])


def test_a_misspelled_name_before_vs_stays_one_side_of_the_pair(matcher):
    decision = _decide(matcher, "libarian vs tutor pay")
    assert (decision.intent, decision.careers) == ("career.compare", ["librarian", "tutor"])


def test_what_is_it_that_they_earn_asks_the_pay(matcher):
    assert _decide(matcher, "i read about librarians, what is it that they earn").intent == (
        "career.salary"
    )


def test_a_career_named_with_no_list_asked_is_no_list(matcher):
    decision = _decide(matcher, "librarian in schools workload")
    assert decision.intent != "careers.list" and decision.careers == ["librarian"]
    assert _decide(matcher, "jobs in schools besides librarian").intent == "careers.list"


def test_careers_for_a_kind_of_person_is_a_recommendation(matcher):
    assert _decide(matcher, "education careers for introverts").intent == "recommend"


def test_the_speakers_own_job_is_background_to_what_they_ask(matcher):
    asked = _decide(matcher, "i am a 10th grade english teacher. what do librarians earn?")
    assert (asked.intent, asked.careers) == ("career.salary", ["librarian"])
    listing = _decide(
        matcher, "principal here, which education jobs need only a high school diploma"
    )
    assert listing.intent == "careers.list"


def test_a_path_asked_after_a_story_about_a_career_is_how_to_get_there(matcher):
    path = _decide(
        matcher, "My nephew says he'll be a speech therapist one day. What's the education path?"
    )
    assert (path.intent, path.careers) == ("career.education", ["speech-language-pathologist"])


def test_a_goodbyes_words_inside_a_question_about_a_career_are_no_goodbye(matcher):
    school = _decide(matcher, "my aunt is a librarian. how long did she have to go to school?")
    assert (school.intent, school.careers) == ("career.education", ["librarian"])


def test_careers_named_as_examples_of_a_list_are_the_list(matcher):
    listed = _decide(matcher, "list jobs like sub, para and tutor that need no degree")
    assert listed.intent == "careers.list"


# ---- small talk, off-topic turns and general questions in a conversation -------------------


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("thanks a ton, my aunt is a school counselor and she'll like this", "thanks"),
        ("ok bye, my tutor just got here", "goodbye"),
    ],
)
def test_small_talk_that_mentions_someones_job_is_still_small_talk(matcher, text, intent):
    assert _decide(matcher, text).intent == intent


def test_small_talk_with_a_question_about_a_job_answers_the_question(matcher):
    decision = _decide(matcher, "thanks! my aunt is a librarian, what does she earn")
    assert (decision.intent, decision.careers) == ("career.salary", ["librarian"])


@pytest.mark.parametrize(
    "text",
    [
        "my laptop stopped working can u help",
        "whats your favorite movie",
        "best way to cheat on a quiz",
        "grocery list for my week",
        # counseling and psychology outside schools
        "LPC licensure steps for private practice",
        "pediatric psychologist pay at a hospital",
    ],
)
def test_the_students_own_requests_and_work_outside_schools_are_declined(matcher, text):
    assert _decide(matcher, text).intent == "fallback"


async def test_a_job_outside_the_cluster_after_a_comparison_is_declined(student):
    await student.say("compare librarian and tutor")
    outside = await student.say("and what do dentists make")
    assert outside.intent == "fallback"
    back = await student.say("of the two, which has better growth")
    assert (back.intent, set(back.careers)) == ("career.compare", {"librarian", "tutor"})


async def test_never_mind_that_sets_the_career_aside(student):
    await student.say("what does a principal do")
    assert (await student.say("nvm that, what's 7 times 8")).intent == "fallback"


async def test_the_last_one_of_three_compared(student):
    await student.say("compare librarian, tutor and school counselor")
    last = await student.say("the last one, how much school")
    assert (last.intent, last.career) == ("career.education", "school-counselor")


async def test_a_route_question_while_which_kind_is_open_is_about_the_route(student):
    ask = await student.say("how long does college take for teachers")
    assert ask.kind == "clarify"
    route = await student.say("what is an apprenticeship for teaching")
    assert route.intent == "pathway.info" and route.career is None


@pytest.mark.parametrize(
    "text",
    [
        "ways to become a teacher if my degree is in biology",
        "is it a good idea to start at community college if i want to teach",
    ],
)
def test_general_routes_into_teaching_are_routes(matcher, text):
    decision = _decide(matcher, text)
    assert decision.intent == "pathway.info" and decision.careers == []


def test_a_good_career_to_get_into_asks_the_outlook(matcher):
    decision = _decide(matcher, "is school psychologist a solid career to go into")
    assert (decision.intent, decision.careers) == ("career.outlook", ["school-psychologist"])


async def test_jobs_asked_for_by_who_they_work_with_are_listed(student, kb):
    listed = await student.say("which careers involve working with teenagers")
    assert listed.intent == "careers.list"
    teens = [c.short_name for c in kb.careers.values() if "teens" in c.interests]
    assert "work with teens" in listed.reply.text
    assert all(name[0].upper() + name[1:] in listed.reply.text for name in teens)


def test_what_the_student_likes_still_asks_for_a_suggestion(matcher):
    assert _decide(matcher, "i love working with teenagers, what jobs would fit me").intent == (
        "recommend"
    )


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("what kinds of jobs are in this cluster", "careers.list"),
        ("any careers in the cluster that dont need a lot of talking", "careers.list"),
        ("what even is this cluster? name a few careers in it", "cluster.overview"),
    ],
)
def test_jobs_of_the_cluster_are_a_list_the_cluster_itself_an_overview(matcher, text, intent):
    assert _decide(matcher, text).intent == intent


@pytest.mark.parametrize(
    ("follow_up", "intent"),
    [
        ("and the education for that", "career.education"),  # not the cluster
        ("ok what about the money", "career.salary"),
        ("the future for that?", "career.outlook"),
    ],
)
async def test_an_aspect_said_by_its_noun_alone_is_about_the_career_at_hand(
    student, follow_up, intent
):
    await student.say("what does a school social worker do")
    result = await student.say(follow_up)
    assert (result.intent, result.career) == (intent, "school-social-worker")


async def test_off_topic_turns_in_a_conversation_are_declined(student):
    await student.say("what does a principal do")
    assert (await student.say("how much do pro gamers make lol")).intent == "fallback"
    assert (await student.say("any good anime to watch")).intent == "fallback"
    doctor = await student.say("what about being a doctor, do u need a phd for that")
    assert doctor.intent == "fallback"


async def test_both_after_one_and_then_the_other_compares_the_two(student):
    await student.say("what does a librarian do")
    await student.say("and a library technician?")
    both = await student.say("how much do both earn")
    assert (both.intent, set(both.careers)) == (
        "career.compare",
        {"librarian", "library-technician"},
    )


async def test_the_x_one_comes_off_the_list(student, store):
    await student.say("save tutor")
    await student.say("save librarian")
    await student.say("delete the tutor one")
    assert await store.saved_careers(student.scope.user) == ["librarian"]


@pytest.mark.parametrize(
    "text",
    [
        "what career should my daughter look into, she loves books",
        "which job would make sense for me if i like organizing things",
    ],
)
def test_what_someone_should_look_into_is_a_suggestion(matcher, text):
    assert _decide(matcher, text).intent == "recommend"


async def test_a_request_is_not_rescued_by_a_word_of_a_list(student):
    result = await student.say("fix my java error: array index out of bounds, list it")
    assert result.intent == "fallback"


def test_a_school_psychiatrist_is_the_school_psychologist(matcher):
    assert _decide(matcher, "what does a school psychiatrist earn").careers == [
        "school-psychologist"
    ]


@pytest.mark.parametrize(
    ("text", "career"),
    [
        ("elementary education license requirements", "elementary-teacher"),
        ("how long does special ed certification take", "special-education-teacher"),
        ("what do you need to be the owner of a nursery", "childcare-director"),
        ("requirements for director of a licensed childcare center", "childcare-director"),
    ],
)
def test_a_field_credential_or_a_workplace_described_names_the_career(matcher, text, career):
    assert _decide(matcher, text).careers == [career]


@pytest.mark.parametrize(
    "text",
    [
        "PD credits for teachers online",
        "do educators keep taking workshops after they get hired",
    ],
)
def test_continuing_education_of_teachers_in_general_is_answered_generally(matcher, text):
    decision = _decide(matcher, text)
    assert (decision.kind, decision.intent) == ("answer", "continuing_education")


async def test_a_musing_before_the_question_sets_the_scene(student):
    result = await student.say(
        "i wanted to be a dentist but biology is rough, so maybe a high school biology "
        "teacher? what degree would i need for that?"
    )
    assert (result.intent, result.career, result.parts) == (
        "career.education",
        "high-school-teacher",
        (),
    )


@pytest.mark.parametrize(
    ("follow_up", "intent"),
    [
        ("how many years would he be in college for it", "career.education"),
        ("could i still do it if i stutter a bit lol", "career.skills"),
        ("would a really anxious person be ok at it", "career.skills"),
        ("bet, save it", "save_career"),
    ],
)
async def test_an_odd_follow_up_that_points_back_asks_its_cued_aspect(student, follow_up, intent):
    await student.say("what does a speech language pathologist do")
    result = await student.say(follow_up)
    assert (result.intent, result.career) == (intent, "speech-language-pathologist")


async def test_and_x_too_after_a_save_saves_x(student, store):
    await student.say("tell me about tutors")
    await student.say("save it")
    await student.say("and the librarian too")
    assert sorted(await store.saved_careers(student.scope.user)) == ["librarian", "tutor"]


async def test_a_general_answer_about_technology_claims_no_career_but_keeps_it(student):
    await student.say("tell me about librarians")
    tech = await student.say("how is AI changing their job")
    assert (tech.intent, tech.career) == ("technology", None)
    pay = await student.say("and how much do they make")
    assert (pay.intent, pay.career) == ("career.salary", "librarian")


@pytest.mark.parametrize(
    "text",
    [
        "will AI change what teachers do every day",
        "what digital skills do educators need these days",
        "is online teaching the future for teachers",
    ],
)
def test_a_topic_of_the_field_asked_of_teachers_in_general_is_answered_generally(matcher, text):
    decision = _decide(matcher, text)
    assert (decision.kind, decision.intent) == ("answer", "technology")


def test_pay_of_teachers_in_general_still_gets_the_range_across_kinds(matcher):
    assert _decide(matcher, "how much do online teachers make").intent == "career.salary"


def test_a_degree_asked_of_education_jobs_in_general_is_about_the_route(matcher):
    decision = _decide(matcher, "is an associate's degree enough for most education jobs")
    assert (decision.kind, decision.intent) == ("answer", "pathway.info")


async def test_jobs_that_need_a_degree_are_listed(student):
    listed = await student.say("education jobs that need a doctorate")
    assert listed.intent == "careers.list" and "doctorate" in listed.reply.text.lower()


async def test_an_aspect_set_aside_is_not_the_one_asked(student):
    await student.say("what does a school counselor do")
    hours = await student.say("not the pay, the schedule")
    assert hours.intent == "career.overview" and "hours" in hours.reply.title.lower()


def test_what_a_career_makes_said_indirectly_is_its_pay(matcher):
    decision = _decide(matcher, "my dad is a tutor but i wanna know what a librarian earns")
    assert (decision.intent, decision.careers) == ("career.salary", ["librarian"])


def test_ruling_out_grad_school_and_asking_what_is_left_is_a_list(matcher):
    assert _decide(matcher, "i dont want to go to grad school, what else can i do").intent == (
        "careers.list"
    )


def test_a_goal_in_the_story_gives_way_to_the_career_the_question_names(matcher):
    text = (
        "my uncle is a principal and he wants to become a superintendent one day. "
        "but what i really want to know is what librarians make"
    )
    assert _decide(matcher, text).careers == ["librarian"]


async def test_the_last_one_how_much_is_its_pay(student):
    await student.say("compare preschool, elementary and middle school teachers")
    last = await student.say("the last one, how much")
    assert (last.intent, last.career) == ("career.salary", "middle-school-teacher")


def test_a_relatives_own_job_title_does_not_name_a_career(matcher):
    text = "my mom is a manager at a hospital and she says a team there trains new employees"
    assert _decide(matcher, text).careers == ["training-development-specialist"]


@pytest.mark.parametrize("text", ["keep it up", "ill keep it in mind", "what about tutors too"])
async def test_the_saved_list_changes_only_when_asked(student, store, text):
    await student.say("tell me about librarians")
    await student.say("save it")
    await student.say(text)
    assert await store.saved_careers(student.scope.user) == ["librarian"]


async def test_all_teachers_while_one_kind_is_discussed_is_teachers_in_general(student):
    await student.say("what does a high school teacher do")
    general = await student.say("do all teachers need a license")
    assert general.career is None
    kind = await student.say("do teachers there need a license")
    assert kind.career == "high-school-teacher"


def test_what_they_do_after_a_named_career_is_not_another_career(matcher):
    decision = _decide(matcher, "what about school psychologists, do they work with autistic kids")
    assert decision.careers == ["school-psychologist"]


@pytest.mark.parametrize("remark", ["why is it so low", "no i mean after ten years"])
async def test_a_remark_on_the_last_answer_keeps_its_question(student, remark):
    await student.say("how much do librarians make")
    again = await student.say(remark)
    assert (again.intent, again.career) == ("career.salary", "librarian")


# ---- who leads whom, whose job is whose, and the careers of a story ------------------------


@pytest.mark.parametrize(
    ("first", "follow_up", "leader"),
    [
        (
            "what do college professors do",
            "who is in charge of them",
            "postsecondary-administrator",
        ),
        (
            "tell me about principals",
            "what does the supervisor of those people earn",
            "superintendent",
        ),
        ("how much do library techs make", "what about their boss", "librarian"),
    ],
)
async def test_the_boss_of_the_career_at_hand_is_the_career_that_leads_it(
    student, first, follow_up, leader
):
    await student.say(first)
    boss = await student.say(follow_up)
    assert boss.career == leader


def test_the_boss_of_a_named_career_is_its_leader_not_the_career(matcher):
    decision = _decide(matcher, "how much does the boss of preschool teachers make")
    assert (decision.intent, decision.careers) == ("career.salary", ["childcare-director"])


async def test_a_career_with_no_leader_in_the_cluster_is_left_as_named(student):
    # Tutors answer to no one career of the cluster: the message stays about tutors.
    reply = await student.say("what skills does the boss of a tutor need")
    assert reply.career == "tutor"


def test_every_leader_is_another_career(kb):
    leaders = {c.id: c.led_by for c in kb.careers.values() if c.led_by}
    assert leaders  # the knowledge base declares some
    assert all(boss in kb.careers and boss != own for own, boss in leaders.items())


async def test_a_relatives_job_told_once_is_named_again_by_who_does_it(student):
    await student.say("my aunt works as a speech therapist and my uncle is a high school principal")
    aunt = await student.say("what does my aunts job pay")
    assert (aunt.intent, aunt.career) == ("career.salary", "speech-language-pathologist")
    uncle = await student.say("and what my uncle does, is it growing")
    assert (uncle.intent, uncle.career) == ("career.outlook", "principal")


async def test_a_person_never_told_about_names_no_career(student):
    await student.say("my aunt works as a speech therapist")
    await student.say("thanks")
    grandpa = await student.say("what does my grandpas job pay")
    assert grandpa.career != "speech-language-pathologist"


async def test_careers_of_a_story_stay_for_a_question_about_all_of_them(student):
    await student.say(
        "at my cousins school theres a librarian, a school counselor and a tutor who comes "
        "after class. what does the counselor need to study"
    )
    await student.say("and the tutor")
    which = await student.say("which of those three pays the best")
    assert which.intent == "career.compare"
    assert set(which.careers) == {"librarian", "school-counselor", "tutor"}


async def test_the_middle_one_of_three_compared(student):
    await student.say("compare tutors, librarians and principals")
    middle = await student.say("what skills does the middle one need")
    assert (middle.intent, middle.career) == ("career.skills", "librarian")
    first = await student.say("how about middle school teachers")
    assert first.career == "middle-school-teacher"


async def test_a_job_needed_first_is_not_the_first_of_a_pair(student):
    await student.say("what do principals do")
    await student.say("and superintendents?")
    before = await student.say("do you have to be a principal first to do it")
    assert before.career == "superintendent"


def test_a_list_of_levels_without_commas_keeps_every_level(matcher):
    decision = _decide(matcher, "preschool, middle school or high school teachers: which pays most")
    assert set(decision.careers) == {
        "preschool-teacher",
        "middle-school-teacher",
        "high-school-teacher",
    }


def test_people_told_about_stay_in_a_stored_context():
    ctx = Context()
    ctx.tell([("dad", "tutor"), ("mom", "librarian")])
    ctx.tell([("dad", "principal")])
    again = Context.from_json(ctx.to_json())
    assert again.people == {"mom": "librarian", "dad": "principal"}
    crowd = Context()
    crowd.tell([(f"friend{n}", "tutor") for n in range(20)])
    assert len(Context.from_json(crowd.to_json()).people) <= 6


@pytest.mark.parametrize("text", ["whats 7+5", "can u do 12*3 for me", "9 x 4 = ?"])
async def test_a_sum_to_work_out_is_homework_not_a_career_question(student, text):
    await student.say("what do tutors do")
    reply = await student.say(text)
    assert (reply.kind, reply.intent) == ("fallback", "fallback")


def test_grade_ranges_and_hours_are_no_sums():
    from bot.text import SUM_WORD, clean

    for text in ("teach grades 6-8", "a 24/7 job", "40k+ a year", "2+ years of school"):
        assert SUM_WORD not in clean(text).split()
    assert SUM_WORD in clean("whats 2+2").split()


def test_an_intent_outranked_by_a_cue_ranks_below_it(matcher):
    # Pay is what the sources are about; the question is where the figures come from.
    analysis = matcher.analyze("where u get those salary informations from")
    assert analysis.top is not None and analysis.top.intent == "sources"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("whats a librarian make", "career.salary"),
        ("is the work boring most days", "career.overview"),
        ("honestly would it be worth it", "career.overview"),
    ],
)
async def test_short_questions_about_the_career_at_hand(student, text, intent):
    await student.say("tell me about school librarians")
    reply = await student.say(text)
    assert (reply.intent, reply.career) == (intent, "librarian")


def test_a_job_title_before_an_aspect_is_who_is_asked_about(matcher):
    ctx = Context(careers=["training-development-specialist", "training-development-manager"])
    decision = _decide(matcher, "manager qualifications", ctx)
    assert (decision.intent, decision.careers) == (
        "career.education",
        ["training-development-manager"],
    )


def test_one_level_measured_against_another_is_a_comparison(matcher):
    decision = _decide(matcher, "is elementary more tiring to teach than middle school")
    assert decision.intent == "career.compare"
    assert set(decision.careers) == {"elementary-teacher", "middle-school-teacher"}


async def test_an_age_answers_which_kind_without_the_kinds_that_go_on_to_teens(student):
    await student.say("what skills do teachers need")
    kind = await student.say("for like 7 year olds")
    assert (kind.intent, kind.career) == ("career.skills", "elementary-teacher")


def test_an_aide_is_named_by_what_she_does_in_class(matcher):
    decision = _decide(
        matcher, "the man who helps in my cousins classroom and sits with a kid all day, pay?"
    )
    assert decision.careers == ["teacher-assistant"]


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("could i get a grad degree while teaching 2nd grade", "continuing_education"),
        ("any way to become a teacher without getting an education degree", "pathway.info"),
        ("what does this bot do exactly", "help"),
    ],
)
def test_general_questions_get_general_answers(matcher, text, intent):
    assert _decide(matcher, text).intent == intent


def test_ap_courses_are_taught_in_high_school(matcher):
    decision = _decide(matcher, "how do i get to teach ap chem one day")
    assert (decision.intent, decision.careers) == ("career.education", ["high-school-teacher"])


@pytest.mark.parametrize(
    ("text", "careers"),
    [
        (
            "torn between kindergarten or special education tbh",
            {"elementary-teacher", "special-education-teacher"},
        ),
        (
            "middle school and elementary, which has more job openings",
            {"middle-school-teacher", "elementary-teacher"},
        ),
    ],
)
def test_two_short_names_joined_to_each_other_name_both(matcher, text, careers):
    decision = _decide(matcher, text)
    assert decision.intent == "career.compare" and set(decision.careers) == careers


def test_what_two_careers_do_is_not_two_careers(matcher):
    ctx = Context(careers=["school-psychologist"])
    decision = _decide(matcher, "do they do counseling or testing mostly", ctx)
    assert decision.careers == ["school-psychologist"]


@pytest.mark.parametrize(
    "text", ["librarian mlis or mls", "speech pathologist masters vs doctorate which one"]
)
def test_two_credentials_of_one_career_are_what_it_takes(matcher, text):
    decision = _decide(matcher, text)
    assert decision.intent == "career.education" and len(decision.careers) == 1


@pytest.mark.parametrize(
    "text", ["i have a test friday, who won ww2", "can you code me a discord bot"]
)
def test_homework_and_coding_requests_are_declined(matcher, text):
    assert _decide(matcher, text).intent == "fallback"


async def test_teaching_as_a_field_of_study_keeps_the_career_at_hand(student):
    await student.say("what does a school librarian do")
    field = await student.say("is a masters in teaching required")
    assert (field.intent, field.career) == ("career.education", "librarian")
    meant = await student.say("no not teaching, i mean what degree at all")
    assert (meant.intent, meant.career) == ("career.education", "librarian")


async def test_both_after_a_pair_sets_the_two_side_by_side(student):
    await student.say("compare principals and superintendents")
    both = await student.say("do they both work in an office")
    assert both.intent == "career.compare"
    assert set(both.careers) == {"principal", "superintendent"}


async def test_the_teachers_there_are_the_kind_the_career_at_hand_leads(student):
    await student.say("what does a college dean do")
    faculty = await student.say("and the teachers who work under them, what do they earn")
    assert (faculty.intent, faculty.career) == ("career.salary", "postsecondary-teacher")


def test_a_cue_that_chose_the_aspect_is_not_asked_back(matcher):
    # Two uncued aspects score close; the cue of a third ("underpaid") is what is asked.
    decision = _decide(matcher, "are school social workers underpaid")
    assert (decision.kind, decision.intent) == ("answer", "career.salary")


# ---- what the review of this round found ----------------------------------------------------


async def test_a_career_only_mentioned_near_a_relative_is_not_their_job(student):
    await student.say("my uncle says principals work crazy hours")
    await student.say("what do tutors make")
    asked = await student.say("what does my uncles job pay")
    assert asked.career != "principal"


async def test_a_superlative_without_which_compares_nothing(student):
    await student.say("what do librarians do")
    await student.say("and tutors?")
    way = await student.say("what is the quickest way to become one")
    assert (way.intent, way.career) == ("career.education", "tutor")


async def test_a_number_that_counts_no_careers_leaves_the_pair(student):
    await student.say("what do principals do")
    await student.say("compare librarians and tutors")
    which = await student.say("which one is better for a 4 day week")
    assert set(which.careers) == {"librarian", "tutor"}


@pytest.mark.parametrize("text", ["is a 2+2 program a good way to teach", "what is a 3+2 masters"])
def test_a_college_program_is_no_sum(text):
    from bot.text import SUM_WORD, clean

    assert SUM_WORD not in clean(text).split()


def test_the_boss_beside_a_named_career_is_part_of_the_question(matcher):
    decision = _decide(matcher, "do middle school teachers get along with their boss")
    assert decision.careers == ["middle-school-teacher"]


def test_a_level_before_a_career_is_not_a_list_of_three(matcher):
    decision = _decide(matcher, "how much does a high school cte teacher or a tutor make")
    assert set(decision.careers) == {"cte-teacher", "tutor"}


def test_credentials_compared_on_pay_answer_the_pay(matcher):
    ctx = Context(careers=["school-psychologist"])
    decision = _decide(matcher, "which pays more, eds or phd", ctx)
    assert (decision.intent, decision.careers) == ("career.salary", ["school-psychologist"])


def test_a_malformed_people_map_is_dropped_alone():
    import json

    stored = json.dumps({"careers": ["tutor"], "people": ["not", "a", "map"]})
    ctx = Context.from_json(stored)
    assert (ctx.careers, ctx.people) == (["tutor"], {})


async def test_teachers_in_general_while_one_kind_is_discussed_is_no_kind(student):
    await student.say("what does a middle school teacher do")
    general = await student.say("do teachers in general get paid well")
    assert general.career is None
    kind = await student.say("do they need a license in art or just teaching in general")
    assert kind.career == "middle-school-teacher"
