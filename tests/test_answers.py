"""Answers that fit a student: the answer in the first line, a phone screen at once and the rest
behind "More", sources cited once, and the questions every student asks."""

from __future__ import annotations

import itertools
import re

import pytest

from bot.context import Scope
from bot.engine import Engine
from bot.knowledge import KnowledgeBase
from bot.knowledge.models import LEVELS
from bot.reply import BRIEF_LIMIT, Field, FollowUp, Reply
from intents.filters import asks_to_filter
from intents.registry import aspects

_users = itertools.count()


def _scope() -> Scope:
    return Scope("guild", "channel", f"reader{next(_users)}")


def _more_button(reply: Reply) -> FollowUp | None:
    return next((up for up in reply.followups if up.more), None)


# --- the length bound -------------------------------------------------------------------


async def test_every_career_answer_fits_a_screen(engine: Engine, kb: KnowledgeBase):
    for career in kb.careers:
        for declaration in aspects():
            result = await engine.ask(_scope(), declaration.id, (career,))
            shown = result.reply
            assert shown.shown_size() <= BRIEF_LIMIT, (career, declaration.id, shown.plain())


async def test_every_comparison_fits_a_screen(engine: Engine, kb: KnowledgeBase):
    for a, b in itertools.combinations(sorted(kb.careers), 2):
        result = await engine.ask(_scope(), "career.compare", (a, b))
        assert result.reply.shown_size() <= BRIEF_LIMIT, (a, b)


async def test_topics_and_routes_fit_a_screen_and_keep_the_rest_behind_more(
    engine: Engine, kb: KnowledgeBase
):
    asks = [("continuing_education", None), ("technology", None), ("cluster.overview", None)]
    asks += [("pathway.info", route) for route in kb.routes]
    for intent, route in asks:
        brief = await engine.ask(_scope(), intent, route=route)
        assert brief.reply.shown_size() <= BRIEF_LIMIT, (intent, route)
        more = _more_button(brief.reply)
        assert more is not None, (intent, route)  # every one of them has more to tell
        whole = await engine.ask(_scope(), more.intent, more.careers, more.route, detail=True)
        assert whole.reply.shown_size() > brief.reply.shown_size()
        assert whole.reply.plain().startswith(brief.reply.plain().split("\n", 1)[0])
        assert _more_button(whole.reply) is None


def test_fitting_cuts_at_lines_and_moves_the_rest_in_order():
    lines = [f"line {n} " + "x" * 90 for n in range(12)]
    reply = Reply(title="T", text="\n".join(lines), fields=(Field("After", "tail"),))
    fitted = reply.fitted(limit=400)
    assert fitted.shown_size() <= 400
    assert fitted.text.split("\n")[0] == lines[0]
    rest = fitted.more[0].value.split("\n")
    assert fitted.text.split("\n") + rest == lines  # nothing lost, nothing reordered
    assert [f.name for f in fitted.more] == ["More", "After"]
    whole = fitted.expanded()
    assert "line 11" in whole.plain() and "tail" in whole.plain()


def test_an_answer_opening_longer_than_the_limit_is_still_shown():
    reply = Reply(text="y" * 900)
    assert reply.fitted(limit=400).text == "y" * 900


# --- "more" in chat ---------------------------------------------------------------------


async def test_more_in_chat_shows_the_rest_of_the_last_answer(student):
    brief = await student.say("do teachers have to keep taking classes after they start working")
    assert brief.intent == "continuing_education"
    assert brief.reply.shown_size() <= BRIEF_LIMIT
    assert _more_button(brief.reply) is not None
    assert "(2025)" not in brief.reply.plain()  # plain facts are not tagged one by one
    whole = await student.say("tell me more")
    assert whole.intent == "continuing_education"
    assert whole.reply.shown_size() > brief.reply.shown_size()
    assert any(f.name.startswith("Facts") for f in whole.reply.fields)


async def test_more_after_a_short_answer_is_the_careers_whole_overview(student):
    await student.say("how much do librarians make")
    more = await student.say("more")
    assert (more.intent, more.career) == ("career.overview", "librarian")


async def test_a_comparative_more_is_a_question_not_a_request_for_more(student):
    await student.say("compare librarians and tutors")
    school = await student.say("who needs more school")
    assert school.intent == "career.compare"
    assert school.reply.text.startswith("Librarians usually need more school")


# --- sources ----------------------------------------------------------------------------


def test_many_sources_are_named_once_by_publisher():
    pages = [f"Pub A: page {n} <https://a.example/{n}>" for n in range(3)]
    sources = (*pages, "Pub B: page <https://b.example/>")
    line = Reply(text="x", sources=sources).sources_text()
    assert line.startswith("Sources: Pub A (3 pages); Pub B")
    assert "https://" not in line and '"sources"' in line
    few = Reply(text="x", sources=sources[:2]).sources_text()
    assert "https://a.example/0" in few


async def test_sources_after_an_answer_are_citations_of_that_answer(student):
    await student.say("how much do school counselors make")
    cited = await student.say("where did you get that? i need to cite it for my project")
    assert cited.intent == "help"  # DESIGN.md: sources are answered under help
    text = cited.reply.plain()
    assert "school-and-career-counselors" in text  # the page that answer used
    assert "May 2024" in text
    assert "add the date you read it" in text


async def test_sources_with_nothing_before_lists_every_publisher(student, kb: KnowledgeBase):
    result = await student.say("where does your data come from")
    assert result.intent == "help"
    text = result.reply.plain()
    assert "U.S. Bureau of Labor Statistics" in text
    pay_years = {c.pay.year for c in kb.careers.values() if c.pay.year}
    assert all(year in text for year in pay_years)


# --- filters ----------------------------------------------------------------------------


def _listed(reply: Reply, kb: KnowledgeBase) -> set[str]:
    names = {f"• {c.short_name[:1].upper()}{c.short_name[1:]}:": c.id for c in kb.careers.values()}
    return {
        cid for line in reply.text.split("\n") for n, cid in names.items() if line.startswith(n)
    }


@pytest.mark.parametrize(
    ("question", "minimum", "maximum"),
    [
        ("jobs in education that pay over 100k", 100_000, None),
        ("which careers pay more than $60,000 a year", 60_000, None),
        ("education jobs that make under 40k", None, 40_000),
        ("what jobs make six figures", 100_000, None),
    ],
)
async def test_pay_filters_list_exactly_the_careers_that_meet_them(
    student, kb: KnowledgeBase, question: str, minimum: int | None, maximum: int | None
):
    result = await student.say(question)
    assert result.intent == "careers.list"
    expected = {
        c.id
        for c in kb.careers.values()
        if (pay := c.pay.median_annual) is not None
        and (minimum is None or pay > minimum)
        and (maximum is None or pay < maximum)
    }
    assert expected  # the question is worth asking of this knowledge base
    assert _listed(result.reply, kb) == expected
    first = result.reply.text.split("\n", 1)[0]
    assert first.startswith(f"{len(expected)} of the {len(kb.careers)} careers")
    assert "May 2024" in result.reply.text


async def test_no_degree_with_kids_names_the_jobs_a_student_can_start(student, kb):
    result = await student.say("what jobs can i get working with kids without a degree")
    assert result.intent == "careers.list"
    listed = _listed(result.reply, kb)
    assert {"teacher-assistant", "tutor", "preschool-teacher"} <= listed
    bachelor = LEVELS.index("bachelor's degree")
    assert all((kb.careers[c].education.level or 0) < bachelor for c in listed)


async def test_careers_by_entry_education(student, kb: KnowledgeBase):
    result = await student.say("which education careers start with a master's degree")
    masters = LEVELS.index("master's degree")
    expected = {c.id for c in kb.careers.values() if c.education.level == masters}
    assert _listed(result.reply, kb) == expected


async def test_which_jobs_a_route_leads_to_is_the_list(student, kb: KnowledgeBase):
    # A route named ("graduate degree") is asked about as a level the jobs need.
    result = await student.say("which education jobs call for a graduate degree")
    assert result.intent == "careers.list"
    masters = LEVELS.index("master's degree")
    assert _listed(result.reply, kb) == {
        c.id for c in kb.careers.values() if c.education.level == masters
    }


async def test_careers_that_need_less_school_are_listed_whatever_the_relative_pronoun(
    student, kb: KnowledgeBase
):
    # "that" here joins the careers to what they need: no career "that" is about.
    result = await student.say(
        "can u give me a list of education and training cluster careers that dont need a bachelors"
    )
    assert result.intent == "careers.list"
    bachelor = LEVELS.index("bachelor's degree")
    listed = _listed(result.reply, kb)
    assert listed and all((kb.careers[c].education.level or 0) < bachelor for c in listed)


async def test_a_filter_nothing_meets_says_so_and_gives_the_top(student):
    result = await student.say("jobs in education that pay over 500k")
    assert result.reply.text.startswith("None of the")
    assert "$127,090" in result.reply.text  # the highest median, with its year
    assert "May 2024" in result.reply.text


# --- comparisons ------------------------------------------------------------------------


async def test_a_comparison_leads_with_what_was_asked(student):
    await student.say("compare librarians and tutors")
    growth = await student.say("which has better job growth")
    assert growth.reply.text.startswith("Librarians are projected to grow faster")
    pay = await student.say("which one pays more")
    assert pay.reply.text.startswith("Librarians have the higher median pay")


async def test_a_shared_figure_or_a_small_gap_is_not_called_a_difference(student):
    shared = await student.say("compare principal and superintendent")
    assert "higher median pay" not in shared.reply.text
    assert "same median" in shared.reply.text
    close = await student.say("compare high school teachers and middle school teachers")
    assert "about the same" in close.reply.text.split("\n", 1)[0]


async def test_three_careers_named_as_a_list_are_compared_side_by_side(student, kb):
    three = await student.say(
        "can you compare tutors, school counselors and instructional designers"
    )
    ids = ["tutor", "school-counselor", "instructional-designer"]
    assert (three.intent, list(three.careers)) == ("career.compare", ids)
    assert [f.name for f in three.reply.fields] == [kb.careers[c].title for c in ids]
    # Highest pay first, each with its year: the figures of the reference, in order.
    lines = three.reply.text.split("\n")[1:]
    ranked = sorted(ids, key=lambda c: -(kb.careers[c].pay.median_annual or 0))
    assert [line.split(":")[0] for line in lines] == [
        f"{kb.careers[c].short_name[0].upper()}{kb.careers[c].short_name[1:]}s" for c in ranked
    ]
    assert all(kb.careers[c].pay.year in line for c, line in zip(ranked, lines, strict=True))
    # The follow-ups keep all three; the ordinals reach the third.
    growth = await student.say("which one is growing fastest")
    assert (growth.intent, list(growth.careers)) == ("career.compare", ids)
    third = await student.say("what about the third one")
    assert list(third.careers) == ["instructional-designer"]


async def test_a_ranking_of_three_says_when_figures_are_shared_or_close(student, kb):
    # Principals and superintendents share one figure (the superintendent's is a broader
    # group's); counselors and librarians are within a few percent: no ranking is claimed.
    principal, superintendent = kb.careers["principal"].pay, kb.careers["superintendent"].pay
    assert principal.median_annual == superintendent.median_annual and superintendent.basis
    shared = await student.say("compare principal, superintendent and librarian")
    text = shared.reply.text
    assert "share one figure" in text and "closest broader group" in text
    close = await student.say("compare school counselor, librarian and tutor")
    assert "School counselors and librarians are about the same." in close.reply.text


async def test_a_save_keeps_every_career_listed_however_many(student, store):
    await student.say("save librarian, tutor, paraprofessional and school counselor")
    saved = await store.saved_careers(student.scope.user)
    assert sorted(saved) == ["librarian", "school-counselor", "teacher-assistant", "tutor"]


async def test_a_comparison_of_more_than_fit_ranks_all_and_says_which_it_shows(student, kb):
    five = await student.say("compare librarian, tutor, para, school counselor and principal")
    assert len(five.reply.fields) == 3 and "the first 3 of the 5" in five.reply.text
    # The ranking leaves none out: the principal, the best paid, is not among the cards.
    assert "Principals:" in five.reply.text


async def test_which_pays_most_after_saving_four_ranks_the_four(student):
    await student.say("save librarian, tutor, paraprofessional and school counselor")
    ranked = await student.say("which one pays the most")
    assert ranked.reply.text.split("\n")[1].startswith("School counselors:")


async def test_all_three_after_picking_one_of_them_saves_the_three(student, store):
    await student.say("compare librarian, tutor and para")
    await student.say("what about the second one")
    await student.say("save all three")
    saved = await store.saved_careers(student.scope.user)
    assert sorted(saved) == ["librarian", "teacher-assistant", "tutor"]


async def test_every_career_named_in_a_save_is_saved(student):
    saved = await student.say("pls save librarian and school psychologist")
    assert sorted(saved.careers) == ["librarian", "school-psychologist"]


async def test_every_career_shows_its_typical_education(kb: KnowledgeBase):
    # The reference states a typical education for all but these two (state or employer rules).
    unverified = {c.id for c in kb.careers.values() if c.education.typical is None}
    assert unverified == {"substitute-teacher", "instructional-designer"}


# --- the school year, and general questions ---------------------------------------------


async def test_summers_off_is_answered_for_one_career(student):
    result = await student.say("do high school teachers get summers off")
    # DESIGN.md: a schedule question is career.overview, answered by its schedule handler
    assert (result.intent, result.career) == ("career.overview", "high-school-teacher")
    assert result.reply.title == "High School Teacher: hours and the year"
    assert "10-month" in result.reply.text.split("\n", 1)[0]
    assert result.reply.sources


async def test_a_career_without_verified_hours_says_so(student):
    result = await student.say("do school counselors get summers off")
    assert (result.intent, result.career) == ("career.overview", "school-counselor")
    assert "don't have verified" in result.reply.text


async def test_a_general_question_is_answered_for_every_kind_before_narrowing(student):
    result = await student.say("do teachers get summers off")
    assert result.kind == "clarify"
    assert result.reply.text.startswith("It depends on the kind")
    assert "10-month" in result.reply.text
    assert "Which kind of teacher" in result.reply.text
    assert result.reply.sources
    narrowed = await student.say("the elementary one")
    assert (narrowed.intent, narrowed.career) == ("career.overview", "elementary-teacher")
    assert "10-month" in narrowed.reply.text


async def test_how_much_school_for_teachers_in_general(student):
    result = await student.say("how long does college take to become a teacher")
    text = result.reply.text
    assert text.startswith("It depends on the kind")
    assert "Bachelor's degree:" in text and "background check" in text


def test_first_lines_answer(kb: KnowledgeBase):
    # Pay, outlook and education lead with the figure or the level, never with a preamble.
    from intents.careers import education, outlook, salary
    from intents.registry import Request

    for career in kb.careers.values():
        req = Request(intent="x", kb=kb, careers=(career,))
        if career.pay.median_annual:
            assert re.search(r"\$[\d,]+", salary(req).text.split("\n", 1)[0]), career.id
        if career.outlook.percent is not None:
            assert "%" in outlook(req).text.split("\n", 1)[0], career.id
        first = education(req).text.split("\n", 1)[0]
        assert first, career.id


async def test_a_background_check_question_gets_its_answer_first(student):
    one = await student.say("do principals need a background check")
    assert (one.intent, one.career) == ("career.education", "principal")
    assert "background check" in one.reply.text.split("\n", 1)[0]


async def test_a_background_check_question_about_teachers_in_general(student):
    result = await student.say("do you need a background check to be a teacher")
    assert "background check" in result.reply.text.split("\n", 1)[0]


@pytest.mark.parametrize(
    "text",
    [
        "teaching jobs for schools with over 1000 students",
        "jobs with more than 2000 openings",
        "over 20 an hour",
        "do they need a masters",
    ],
)
def test_counts_hourly_wages_and_one_careers_school_are_not_pay_or_list_filters(kb, text):
    from intents.filters import asks_to_filter, read_filter

    found = read_filter(text, kb)
    assert found is None or not found.about_pay
    assert not asks_to_filter(text)


@pytest.mark.parametrize(
    ("text", "below"),
    [
        ("which jobs don't need grad school", "master's degree"),
        ("what jobs don't need a phd", "doctorate"),
        ("jobs i can get without a degree", "bachelor's degree"),
        ("nothing that requires a phd", "doctorate"),
        # ruling one out while naming the one they have in mind: up to that one
        ("no jobs that need a masters, which ones work with an associates", "bachelor's degree"),
    ],
)
def test_a_negated_level_means_less_school_than_it(kb, text, below):
    from intents.filters import read_filter

    found = read_filter(text, kb)
    assert found is not None and found.below_level == LEVELS.index(below)
    assert found.level is None


async def test_a_pay_bound_is_a_list_whatever_the_sentence_reads_like(student):
    for text in ("jobs under 50k", "which jobs pay more than 45,000"):
        result = await student.say(text)
        assert result.intent == "careers.list", text
        assert "May 2024" in result.reply.text.split("\n", 1)[0]  # the year with the figures


async def test_sources_cite_the_answer_just_shown_even_a_general_one(student):
    await student.say("how much do librarians make")
    await student.say("do teachers get summers off")
    cited = await student.say("sources?")
    text = cited.reply.plain()
    assert "high-school-teachers" in text and "librarians.htm" not in text


async def test_two_declines_are_not_called_growth(student):
    await student.say("compare special ed teachers and elementary teachers")
    result = await student.say("which has better job growth")
    first = result.reply.text.split("\n", 1)[0]
    assert "grow faster" not in first and "shrink" in first


async def test_where_did_you_get_that_cites_the_answer_not_a_new_question(student):
    await student.say("do high school teachers get summers off")
    cited = await student.say("where did you get that? i need it for my project")
    assert cited.intent == "help"
    assert "high-school-teachers" in cited.reply.plain()


@pytest.mark.parametrize(
    "question", ["what careers are there other than teaching", "non-teaching jobs in education"]
)
async def test_jobs_besides_teaching_lists_every_career_but_the_teaching_ones(
    student, kb: KnowledgeBase, question: str
):
    result = await student.say(question)
    assert result.intent == "careers.list"
    shown = "\n".join(f.value for f in result.reply.fields)
    for career in kb.careers.values():
        assert (career.short_name in shown) == (career.pathway != "teaching-training"), (
            career.short_name
        )


def test_a_list_of_careers_that_need_less_school_is_a_filter_though_it_says_that():
    text = "a list of careers in the cluster that do not require a bachelor's degree"
    assert asks_to_filter(text, names_a_route=True)
    assert not asks_to_filter("do they need a bachelor's degree for that", names_a_route=True)


@pytest.mark.parametrize(
    ("text", "named"),
    [("what does a nanny do", "nannies"), ("how much do coaches make", "coaches")],
)
async def test_a_job_outside_the_cluster_is_named_in_good_english(student, text, named):
    result = await student.say(text)
    assert result.intent == "fallback" and f"answer about {named}." in result.reply.text
