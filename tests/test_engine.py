"""Multi-turn behaviour of the engine with state in SQLite."""

from __future__ import annotations

import json

import pytest

from bot.context import Scope
from bot.engine import Engine, Turn


async def test_salary_then_education_follow_up(student):
    first = await student.say("hw much do libarians make")
    assert (first.intent, first.career) == ("career.salary", "librarian")
    assert "$64,320" in first.reply.text
    assert "May 2024" in first.reply.text
    assert any("Bureau of Labor Statistics" in s for s in first.reply.sources)

    second = await student.say("how do i become one")
    assert (second.intent, second.career) == ("career.education", "librarian")
    assert "master" in second.reply.plain().lower()


async def test_what_about_keeps_the_question_and_switches_career(student):
    await student.say("how much do librarians make")
    result = await student.say("what about school counselors then")
    assert (result.intent, result.career) == ("career.salary", "school-counselor")


async def test_a_place_follows_up_the_question_and_the_answer_says_figures_are_national(
    student,
):
    await student.say("how much do school counselors make")
    result = await student.say("and in new mexico?")
    assert (result.intent, result.career) == ("career.salary", "school-counselor")
    assert "national figures" in result.reply.text
    assert "New Mexico" in result.reply.text
    # Without a place, no such line.
    plain = await student.say("what about librarians")
    assert "national figures" not in plain.reply.text


async def test_which_pays_more_compares_the_last_two(student):
    await student.say("how much do librarians make")
    await student.say("what about tutors")
    result = await student.say("which one pays more")
    assert result.intent == "career.compare"
    assert set(result.careers) == {"librarian", "tutor"}
    assert "higher median pay" in result.reply.text


async def test_generic_teacher_asks_which_kind_then_answers(student):
    ask = await student.say("how much do teachers make")
    assert ask.kind == "clarify"
    assert ask.intent == "career.salary"
    assert ask.career is None
    assert "high-school-teacher" in ask.careers
    answer = await student.say("high school")
    assert (answer.intent, answer.career) == ("career.salary", "high-school-teacher")
    assert answer.kind == "answer"


async def test_clarification_can_be_answered_by_number(student):
    ask = await student.say("what skills do teachers need")
    options = ask.careers
    answer = await student.say("2")
    assert (answer.intent, answer.career) == ("career.skills", options[1])


async def test_follow_up_without_context_asks_which_career(student):
    result = await student.say("how much do they make")
    assert result.kind == "clarify"
    assert result.career is None


async def test_out_of_cluster_job_is_not_answered_with_context(student):
    await student.say("how much do librarians make")
    result = await student.say("how much do nurses make")
    assert result.intent == "fallback"
    assert result.career is None
    assert "nurse" in result.reply.text


async def test_gibberish_falls_back_with_help(student):
    result = await student.say("asdfghjkl qwerty")
    assert result.intent == "fallback"
    assert result.confidence < 0.62
    assert "help" in result.reply.text.lower()


async def test_context_expires_after_idle_time(student, clock):
    await student.say("how much do librarians make")
    clock.now += 31 * 60
    result = await student.say("how do i become one")
    assert result.kind == "clarify"


async def test_context_is_per_user_and_per_channel(new_student):
    alice = new_student("alice")
    bob = new_student("bob")
    alice_elsewhere = new_student("alice", channel="other")
    await alice.say("how much do librarians make")
    assert (await bob.say("how do i become one")).kind == "clarify"
    assert (await alice_elsewhere.say("how do i become one")).kind == "clarify"
    assert (await alice.say("how do i become one")).career == "librarian"


async def test_save_and_list(student):
    await student.say("tell me about school psychologists")
    saved = await student.say("save it")
    assert (saved.intent, saved.career) == ("save_career", "school-psychologist")
    listing = await student.say("show my saved careers")
    assert listing.intent == "saved.list"
    assert "School" in listing.reply.text and "sych" in listing.reply.text


async def test_saved_list_survives_restart(kb, tmp_path, clock):
    from bot.backends import open_store

    path = tmp_path / "persist.db"
    scope = Scope("g", "c", "u")
    store = await open_store(path)
    await Engine(kb, store, clock=clock).handle(Turn(scope, "save librarian"))
    await store.close()
    store = await open_store(path)
    engine = Engine(kb, store, clock=clock)
    result = await engine.handle(Turn(scope, "my list"))
    follow = await engine.handle(Turn(scope, "how much do they make"))
    await store.close()
    assert "Librarian" in result.reply.text
    assert follow.career == "librarian"  # context survived the restart too


async def test_recommend_from_interests(student):
    result = await student.say("i like little kids and art, what job fits me")
    assert result.intent == "recommend"
    assert result.careers, "should suggest careers"
    assert "preschool-teacher" in result.careers
    more = await student.say("tell me more about the first one")
    assert more.career == result.careers[0]


async def test_every_figure_shown_carries_year_and_source(kb, new_student):
    for career_id in kb.careers:
        s = new_student()
        result = await s.say(f"how much does a {kb.careers[career_id].short_name} make")
        text = result.reply.plain()
        if "$" in text:
            assert "20" in text and "Sources:" in text, career_id


async def test_json_contract_keys(student):
    result = await student.say("how much do librarians make")
    data = json.loads(json.dumps(result.to_json()))
    assert list(data) == ["intent", "career", "careers", "pathway", "confidence", "text"]
    assert isinstance(data["confidence"], float)


async def test_ask_runs_handlers_without_matching(engine):
    scope = Scope("g", "c", "button-user")
    result = await engine.ask(scope, "career.outlook", ("librarian",))
    assert (result.intent, result.career) == ("career.outlook", "librarian")
    compare = await engine.ask(scope, "career.compare", ("librarian",))
    assert compare.kind == "clarify"


async def test_handler_crash_is_contained(engine, monkeypatch):
    import dataclasses

    import intents.registry as registry

    def boom(_request):
        raise RuntimeError("bug")

    salary = registry.DECLARATIONS["career.salary"]
    monkeypatch.setitem(
        registry.DECLARATIONS, "career.salary", dataclasses.replace(salary, handler=boom)
    )
    result = await engine.handle(Turn(Scope("g", "c", "x"), "how much do librarians make"))
    assert result.intent == "fallback"
    assert "went wrong" in result.reply.text


async def test_near_tie_prefers_the_reading_that_needs_no_career(student):
    result = await student.say("ok what jobs are there")
    assert (result.kind, result.intent) == ("answer", "careers.list")


# ---- student safety ----------------------------------------------------------------------


async def test_a_student_in_crisis_gets_help_lines_and_no_career_content(student):
    result = await student.say("i want to kill myself")
    assert (result.intent, result.kind, result.career) == ("safety", "safety", None)
    text = result.reply.plain()
    assert "988" in text and "988lifeline.org" in text and "911" in text
    assert "school counselor" in text and "adult you trust" in text
    assert not result.reply.followups and not result.reply.fields and not result.reply.title
    assert "librarian" not in text.lower()
    assert result.to_json()["intent"] == "safety"


async def test_abuse_gets_childhelp_and_bullying_its_own_answer(new_student):
    abuse = await new_student().say("my dad hits me when hes drunk")
    assert "1-800-422-4453" in abuse.reply.text
    bullying = await new_student().say("kids keep bullying me at school")
    assert bullying.concern is not None and bullying.concern.category == "bullying"
    assert "screenshots" in bullying.reply.text
    assert "1-800-422-4453" not in bullying.reply.text


async def test_a_school_contact_from_settings_is_added(kb, store, clock):
    engine = Engine(kb, store, clock=clock, safety_contact="Ms. Rivera, room 114")
    result = await engine.handle(Turn(Scope("g", "c", "u"), "i feel so hopeless"))
    assert "Ms. Rivera, room 114" in result.reply.text


async def test_after_a_safety_answer_the_conversation_goes_on(student):
    await student.say("how much do librarians make")
    asked = await student.say("how much do teachers make")
    assert asked.kind == "clarify"
    await student.say("honestly i feel worthless")
    # the pending "which kind of teacher?" was dropped; the earlier career is still known
    after = await student.say("how do i become one")
    assert (after.intent, after.career) == ("career.education", "librarian")


async def test_safety_events_are_counted_never_reviewed(engine, store, new_student, clock):
    await new_student().say("qwzx plorp")  # a real miss, for comparison
    await new_student().say("i want to end it all")
    rows = await store.review_events("guild", 0)
    assert [e.text for e in rows] == ["qwzx plorp"]
    assert [text for _, text in await store.missed("guild", 0)] == ["qwzx plorp"]
    stats = await store.stats("guild", 0)
    assert stats.safety == 1 and stats.messages == 2
    assert stats.answer_rate == 0.0  # the one career question was missed
    assert all(intent != "safety" for intent, _ in stats.top_intents)


async def test_safety_text_follows_the_store_text_setting(kb, store, clock):
    engine = Engine(kb, store, clock=clock, store_text=False)
    await engine.handle(Turn(Scope("g", "c", "quiet"), "i want to kms"))
    data = await store.user_data("quiet")
    assert data["events"] == 1 and data["events_with_text"] == 0


async def test_a_taught_phrasing_never_overrides_the_screen(engine):
    from bot.records import Learned

    engine.set_learned("guild", [Learned(1, "guild", "i want to die", "career.salary", "tutor", 0)])
    result = await engine.handle(Turn(Scope("guild", "c", "u"), "i want to die"))
    assert result.intent == "safety"


async def test_safety_cannot_be_asked_for_by_a_button(engine):
    result = await engine.ask(Scope("g", "c", "u"), "safety")
    assert result.intent == "fallback"


async def test_a_hint_of_trouble_adds_a_way_to_a_person_to_the_fallback(student):
    result = await student.say("im so tired and nobody notices")
    assert result.intent == "fallback"
    assert "988" in result.reply.text
    plain_miss = await student.say("qwzx plorp")
    assert "988" not in plain_miss.reply.text


def test_explain_shows_the_safety_screen(engine):
    assert engine.explain("i want to kms").startswith("safety:     self-harm")


# ---- requests that are not career questions ----------------------------------------------


async def test_homework_and_the_students_own_job_are_declined_plainly(new_student):
    for text in ("can you do my homework", "how much do i make at my part time job"):
        result = await new_student().say(text)
        assert (result.kind, result.intent) == ("fallback", "fallback"), text
        assert "not something I can help with" in result.reply.text
    pay = await new_student().say("how much do librarians make")
    assert pay.intent == "career.salary"


async def test_a_generic_pay_question_gets_the_range_before_narrowing(student):
    result = await student.say("how much do teachers make")
    assert result.kind == "clarify"
    assert "median pay runs from" in result.reply.text and "May 2024" in result.reply.text


async def test_a_career_named_with_nothing_asked_gets_its_overview_and_is_kept(student):
    result = await student.say("doing a report on SLPs for health class")
    assert (result.kind, result.intent) == ("answer", "career.overview")
    assert result.careers == ["speech-language-pathologist"]
    follow = await student.say("how much do they make")
    assert (follow.intent, follow.career) == ("career.salary", "speech-language-pathologist")


async def test_what_a_message_asks_comes_from_its_cues_not_its_shape(new_student):
    # "what do they make" reads like "what do they do"; its words ask about pay.
    pay = await new_student().say("so my cousin is a school librarian, what do they make tho")
    assert (pay.intent, pay.career) == ("career.salary", "librarian")
    school = await new_student().say("principal. how much school is that")
    assert (school.intent, school.career) == ("career.education", "principal")


async def test_after_a_pair_the_other_one_and_save_both(student, store):
    await student.say("compare librarians and tutors")
    other = await student.say("and the other one?")
    assert other.career in {"librarian", "tutor"}
    both = await student.say("save both")
    assert both.intent == "save_career"
    assert set(await store.saved_careers(student.scope.user)) == {"librarian", "tutor"}


async def test_a_description_answers_which_kind(student):
    await student.say("how much do teachers make")
    narrowed = await student.say("like for little kids")
    assert narrowed.kind == "clarify"
    assert set(narrowed.careers) == {"preschool-teacher", "elementary-teacher"}
    assert "Which kind of career" in narrowed.reply.text
    chosen = await student.say("the preschool one")
    assert (chosen.intent, chosen.career) == ("career.salary", "preschool-teacher")


async def test_a_question_about_a_pair_compares_on_what_it_asks(student):
    await student.say("compare librarians and tutors")
    school = await student.say("which needs more school")
    assert (school.intent, set(school.careers)) == ("career.compare", {"librarian", "tutor"})
    assert school.reply.text.startswith("Librarians usually need more school")
    growth = await student.say("which has better job growth")
    assert "projected to grow faster" in growth.reply.text
    pay = await student.say("which one pays more")
    assert "higher median pay" in pay.reply.text


async def test_each_question_of_a_message_is_answered_in_order(student):
    result = await student.say("how much do librarians make? and how do i become one")
    assert (result.intent, result.career) == ("career.salary", "librarian")
    (second,) = result.parts
    assert (second.intent, second.career) == ("career.education", "librarian")
    assert len(result.replies) == 2
    assert "$64,320" in result.to_json()["text"] and "master" in result.to_json()["text"].lower()


async def test_a_greeting_before_a_question_is_not_a_question_of_its_own(student):
    result = await student.say("Hello, I'm new here. What are you able to help me with?")
    assert result.intent == "help" and result.parts == ()


def test_split_questions_keeps_one_question_whole():
    from bot.text import split_questions

    assert split_questions("hi! how much do tutors make") == ["hi! how much do tutors make"]
    assert split_questions("what does a principal do. how much do they make?") == [
        "what does a principal do.",
        "how much do they make?",
    ]


async def test_the_question_is_found_among_chatter(student):
    await student.say("how much do librarians make")
    result = await student.say("sorry my cat walked on the keyboard lol. how do i become one?")
    assert (result.intent, result.career) == ("career.education", "librarian")


async def test_an_unreadable_saved_list_is_said_never_shown_as_empty(engine, student, monkeypatch):
    from bot.reply import STORAGE_FAILED
    from bot.storage import StoreError

    await student.say("save librarian")

    async def unreadable(user: str) -> list[str]:
        raise StoreError("could not read the saved careers: the database is away")

    monkeypatch.setattr(engine.store, "saved_careers", unreadable)
    result = await student.say("show my list")
    assert result.reply.text == STORAGE_FAILED
    assert "Librarian" not in result.reply.text


async def test_both_parts_of_a_message_after_a_forget_me_are_kept(engine, student):
    await student.say("how much do librarians make")
    await engine.store.delete_user(student.scope.user)
    result = await student.say("how much do librarians make? and how do i become one")
    assert len(result.parts) == 1  # two questions, two answers
    data = await engine.store.user_data(student.scope.user)
    assert len(data["messages"]) == 2  # and both recorded: they began after the deletion


async def test_a_run_on_message_is_answered_from_its_question_clause(new_student):
    student = new_student()
    await student.say("what do middle school teachers do")
    result = await student.say(
        "ngl that sounds lowkey fun, my math teacher is literally the goat and she stays after "
        "class every day to help ppl who are struggling with fractions and stuff, what skills "
        "did she need"
    )
    assert (result.intent, result.career) == ("career.skills", "middle-school-teacher")


async def test_which_kind_stays_open_through_a_turn_that_answers_nothing(new_student):
    for filler in ("hmm", "wait what", "lol"):
        student = new_student()
        await student.say("how much do teachers make")
        missed = await student.say(filler)
        assert missed.kind == "fallback"
        # The reply asks the open question again, with its choices as buttons.
        assert "Which one should I tell you about pay for?" in missed.reply.text
        assert any(f.careers == ("high-school-teacher",) for f in missed.reply.followups)
        answer = await student.say("high school")
        assert (answer.kind, answer.intent, answer.career) == (
            "answer",
            "career.salary",
            "high-school-teacher",
        ), filler


async def test_an_open_question_outlives_only_two_misses(student):
    await student.say("how much do teachers make")
    for filler in ("hmm", "wait what"):
        await student.say(filler)
    third = await student.say("lol")
    assert third.kind == "fallback"
    assert "Which one should I tell you about" not in third.reply.text


async def test_not_sure_in_answer_to_which_kind_asks_again(student):
    ask = await student.say("how much do teachers make")
    for unsure in ("idk", "any of them"):
        again = await student.say(unsure)
        assert (again.kind, again.intent, again.careers) == (
            "clarify",
            "career.salary",
            ask.careers,
        )
    answer = await student.say("middle school")
    assert (answer.intent, answer.career) == ("career.salary", "middle-school-teacher")


async def test_how_long_while_which_kind_is_open_is_about_the_kinds(student):
    await student.say("how do i become a teacher")
    await student.say("for little kids")
    how_long = await student.say("how long does that take")
    assert (how_long.kind, how_long.intent) == ("clarify", "career.education")
    assert set(how_long.careers) == {"preschool-teacher", "elementary-teacher"}


async def test_a_message_that_is_only_a_careers_short_name_names_it(new_student):
    for text, career in [
        ("kindergarten", "elementary-teacher"),
        ("special ed", "special-education-teacher"),
        ("the preschool ones", "preschool-teacher"),
    ]:
        result = await new_student().say(text)
        assert (result.kind, result.intent, result.career) == (
            "answer",
            "career.overview",
            career,
        ), text
    # A word that names no career alone is not stretched into one.
    assert (await new_student().say("kids")).career is None


@pytest.mark.parametrize(
    ("first", "follow_up", "career"),
    [
        # A job title's head word names the relative of the career at hand.
        ("how much do librarians make", "what about the assistants there", "library-technician"),
        # Nothing but one aspect's cue follows up the career at hand.
        ("whats the pay for a para", "per hour?", "teacher-assistant"),
    ],
)
async def test_a_pay_follow_up_in_a_students_words(new_student, first, follow_up, career):
    student = new_student()
    await student.say(first)
    result = await student.say(follow_up)
    assert (result.intent, result.career) == ("career.salary", career)


async def test_two_questions_joined_by_and_are_both_answered(student):
    result = await student.say("how much do substitute teachers make and do u need a degree")
    assert (result.intent, result.career) == ("career.salary", "substitute-teacher")
    assert [(p.intent, p.career) for p in result.parts] == [
        ("career.education", "substitute-teacher")
    ]
    # "and" inside one question joins words, not questions.
    pair = await student.say("what do librarians and tutors make")
    assert pair.parts == ()


async def test_questions_without_the_do_english_learners_leave_out(new_student):
    for text, career in [
        ("Where I start to be teacher of elementary here?", "elementary-teacher"),
        (
            "My son want to be teacher for kids with disability. What school he need?",
            "special-education-teacher",
        ),
    ]:
        result = await new_student().say(text)
        assert (result.intent, result.career) == ("career.education", career), text


async def test_a_part_that_only_names_the_career_sets_the_scene(student):
    result = await student.say(
        "Anyone switch from retail to running a daycare? "
        "What qualifications do childcare center directors need?"
    )
    assert (result.intent, result.career, result.parts) == (
        "career.education",
        "childcare-director",
        (),
    )


async def test_a_part_that_only_says_what_the_student_likes_sets_the_scene(student):
    # "I really want to work with kids??" reads like "which job fits me?", but asks nothing.
    result = await student.say(
        "I really want to work with kids?? my cousin says its fun. "
        "how many years of school do preschool teachers need?"
    )
    assert (result.intent, result.career, result.parts) == (
        "career.education",
        "preschool-teacher",
        (),
    )


async def test_what_someone_the_student_knows_did_to_them_is_declined(new_student):
    declined = await new_student().say("why did my principal give me a detention")
    assert (declined.kind, declined.intent) == ("fallback", "fallback")
    assert "not something I can help with" in declined.reply.text
    # The job of someone they know is still a question about the job.
    asked = await new_student().say("my counselor told me she makes good money, is that true")
    assert (asked.intent, asked.career) == ("career.salary", "school-counselor")


async def test_a_rescued_question_is_never_only_its_greeting(student):
    result = await student.say(
        "hi, what is CEU? my wife is teacher and she must take it every year"
    )
    assert result.intent != "greet"


async def test_after_a_comparison_on_one_aspect_the_next_aspect_compares_too(student):
    await student.say("compare librarians and school counselors")
    await student.say("which one needs more school")
    outlook = await student.say("what about job outlook")
    assert (outlook.intent, set(outlook.careers)) == (
        "career.compare",
        {"librarian", "school-counselor"},
    )
    await student.say("hmm")
    harder = await student.say("and the pay?")
    assert harder.intent == "career.compare"


async def test_a_career_against_a_kind_of_teacher_asks_which_kind(student):
    ask = await student.say("i cant decide between librarian and teacher")
    assert (ask.kind, ask.intent) == ("clarify", "career.compare")
    assert "high-school-teacher" in ask.careers and "librarian" not in ask.careers
    chosen = await student.say("high school")
    assert (chosen.intent, set(chosen.careers)) == (
        "career.compare",
        {"librarian", "high-school-teacher"},
    )


async def test_an_acknowledgement_is_no_goodbye(new_student):
    for text in ("ok", "lol ok", "got it"):
        result = await new_student().say(text)
        assert (result.kind, result.intent) == ("fallback", "fallback"), text
        assert "Ask me anything else" in result.reply.text
    # A goodbye still says so.
    assert (await new_student().say("ok im out")).intent == "goodbye"


async def test_a_general_skills_question_gets_what_most_kinds_share(student, kb):
    ask = await student.say("what skills do teachers need")
    assert ask.kind == "clarify"
    options = [kb.careers[c] for c in ask.careers]
    shared = [
        s for s in options[0].skills if sum(s in c.skills for c in options) * 3 >= len(options) * 2
    ]
    assert shared
    first_line = ask.reply.text.split("\n", 1)[0]
    assert first_line.startswith("It depends on the kind")
    assert all(s.lower() in first_line for s in shared)


async def test_a_field_outside_the_cluster_is_declined_but_teaching_it_is_not(new_student):
    for text in ("whats a good career in nursing", "how to get a real estate license"):
        assert (await new_student().say(text)).intent == "fallback", text
    teaching = await new_student().say("how do i become a nursing teacher")
    assert (teaching.intent, teaching.career) == ("career.education", "postsecondary-teacher")


async def test_a_conversation_in_a_students_own_words(student):
    # Each turn leans on the ones before it: a request for help, an interest, a reaction.
    assert (await student.say("i need help picking a career for my project")).intent == "recommend"
    assert (await student.say("something with kids maybe")).intent == "recommend"
    await student.say("whats an instructional coordinator")
    still = await student.say("do they still teach")
    assert (still.intent, still.career) == ("career.overview", "instructional-coordinator")
    reaction = await student.say("thats a lot of school")
    assert reaction.intent == "fallback" and "Ask me anything else" in reaction.reply.text
    autism = await student.say("i wanna work with autistic kids")
    assert autism.career == "special-education-teacher"


async def test_an_interest_in_people_with_disabilities_recommends_what_fits_it(student):
    result = await student.say(
        "I like to help people with disability. Which career is good for me?"
    )
    assert result.intent == "recommend"
    assert "special-education-teacher" in result.careers
    assert "principal" not in result.careers


async def test_a_career_can_be_taken_off_the_list_in_chat(student, store):
    await student.say("save librarian")
    await student.say("save tutor")
    removed = await student.say("remove librarian from my list")
    assert removed.intent == "saved.list"  # a kind of the public saved.list
    assert "off your list" in removed.reply.text
    assert await store.saved_careers(student.scope.user) == ["tutor"]
    absent = await student.say("take librarian off my list")
    assert "not on your list" in absent.reply.text
    await student.say("clear my list")
    assert await store.saved_careers(student.scope.user) == []


async def test_a_long_worksheet_gets_its_first_answers_and_a_note_not_a_reply_each(student):
    from bot.engine import MAX_ANSWERED_PARTS

    sheet = "\n".join(
        f"{n}. {q}"
        for n, q in enumerate(
            [
                "how much does a librarian make",
                "what does a tutor do",
                "how do i become a principal",
                "is the school counselor job growing",
                "what skills does a dean need",
                "how much do speech therapists make",
            ],
            1,
        )
    )
    result = await student.say(sheet)
    assert len(result.parts) + 1 == MAX_ANSWERED_PARTS
    assert "asked 6 questions" in result.parts[-1].reply.text


async def test_time_off_is_no_removal_from_the_list(student, store):
    await student.say("save librarian")
    await student.say("can i take off work as a librarian")
    assert await store.saved_careers(student.scope.user) == ["librarian"]
    await student.say("take off the librarian one")
    assert await store.saved_careers(student.scope.user) == []


async def test_how_does_that_compare_to_a_kind_of_teacher_asks_which_kind(student):
    await student.say("tell me about librarians")
    ask = await student.say("how does that compare to being a teacher")
    assert (ask.kind, ask.intent) == ("clarify", "career.compare")
    chosen = await student.say("high school")
    assert set(chosen.careers) == {"librarian", "high-school-teacher"}


async def test_wanting_to_be_like_someone_is_about_their_job(student):
    goal = await student.say("i wanna be like my counselor at school when i grow up")
    assert (goal.intent, goal.career) == ("career.overview", "school-counselor")
    pay = await student.say("whats the pay")
    assert (pay.intent, pay.career) == ("career.salary", "school-counselor")


async def test_requests_a_general_assistant_gets_are_declined(new_student):
    for text in (
        "Draft an email to my principal asking for a day off",
        "Recommend a good book",
        "Which college should I go to?",
        "Help me plan my week",
        "What should I name my dog?",
        "Can you help me write a resume for a teaching job?",
    ):
        result = await new_student().say(text)
        assert (result.kind, result.intent) == ("fallback", "fallback"), text
    # A career question about the same things is still answered.
    books = await new_student().say("do librarians recommend books")
    assert books.career == "librarian"


async def test_near_miss_titles_are_told_apart(new_student):
    for text in ("rehab counselor pay", "graduate teaching assistant pay"):
        assert (await new_student().say(text)).intent == "fallback", text
    # O*NET lists driver education instructors under secondary CTE teachers (25-2032).
    drivers_ed = await new_student().say("how do i become a drivers ed teacher")
    assert drivers_ed.career == "cte-teacher"


async def test_is_it_like_another_career_compares_the_two(student):
    await student.say("whats a school psychologist")
    like = await student.say("is it like a counselor")
    assert (like.intent, set(like.careers)) == (
        "career.compare",
        {"school-psychologist", "school-counselor"},
    )
    # "what is it like being one" is still what the job is like.
    being = await student.say("what is it like being a librarian")
    assert (being.intent, being.career) == ("career.overview", "librarian")


async def test_taking_off_the_list_is_never_done_on_a_resemblance(student, store):
    await student.say("tell me about librarians")
    await student.say("save it")
    await student.say("delete everything")  # reads like "clear my list", but says no list
    assert await store.saved_careers(student.scope.user) == ["librarian"]
    removed = await student.say("remove that one")  # reads like "save that one"
    assert "off your list" in removed.reply.text
    assert await store.saved_careers(student.scope.user) == []


async def test_reviewed_edges_of_this_rounds_rules(new_student):
    # Someone the student knows, in a question the bot answers, is no personal matter.
    helped = await new_student().say("can my counselor help me pick a career")
    assert helped.intent != "fallback"
    # A word a career does, said alone, is someone trying the bot.
    assert (await new_student().say("testing")).career is None
    # A complaint is not an acknowledgement.
    confused = await new_student().say("so confusing")
    assert "Ask me anything else" not in confused.reply.text
    # The kind named is the other side of the comparison, not a career talked about before.
    student = new_student()
    await student.say("tell me about principals")
    await student.say("tell me about librarians")
    ask = await student.say("how does that compare to being a teacher")
    assert (ask.kind, ask.intent) == ("clarify", "career.compare")
    assert "principal" not in ask.careers
