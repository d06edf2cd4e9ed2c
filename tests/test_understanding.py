"""What a message names and what it asks, read from its words and the conversation so far.

These check the rules that make understanding generalize (cues, pairs, the asking sentence),
each with phrasings that appear in no evaluation set."""

from __future__ import annotations

import pytest
import yaml

from bot.context import Context
from bot.dialogue import Policy, advance, context_hints, decide
from bot.knowledge import KnowledgeError, load_knowledge


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
        ("is the bag good for a principal", "career.salary"),
        ("librarian. how many years of school", "career.education"),
        ("do tutors need some kind of certification", "career.education"),
        ("are school psychologists in demand these days", "career.outlook"),
        ("could a really shy person be a librarian", "career.skills"),
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


def test_a_bad_cue_names_file_entry_and_field(data_copy):
    path = data_copy / "intents.yaml"
    data = yaml.safe_load(path.read_text())
    index = next(i for i, s in enumerate(data["intents"]) if s["id"] == "career.salary")
    data["intents"][index]["cues"].append("how much .. <no-such-list>")
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(data_copy)
    problems = [str(p) for p in info.value.problems]
    assert any(
        p.startswith("intents.yaml:")
        and "(id: career.salary)" in p
        and "cues." in p
        and "<no-such-list>" in p
        for p in problems
    ), problems


# ---- what a message names ---------------------------------------------------------------


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


@pytest.mark.parametrize("text", ["aight thx", "kk bye", "heyyy"])
def test_short_small_talk_is_understood(matcher, text):
    assert _decide(matcher, text).intent in {"thanks", "goodbye", "greet"}


def test_a_request_for_something_else_is_declined_even_beside_a_career_word(matcher):
    decision = _decide(matcher, "grade my essay like a teacher would")
    assert (decision.kind, decision.reason) == ("fallback", "not_career")


def test_after_but_comes_the_question(matcher):
    text = "i know librarians need a masters degree for sure, but is the pay actually worth it"
    assert "career.education" in matcher.analyze(text).cue_hits
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
