from hypothesis import given
from hypothesis import strategies as st

from bot.text import MAX_INPUT_CHARS, _fold, clean, compile_phrases, question_pieces, tokenize


def test_folds_case_and_width():
    assert clean("ＨＯＷ Much") == "how much"


def test_strips_discord_markup_and_links():
    text = "<@123> <@!456> <@&789> <#42> <:blob:1234> <a:dance:99> see https://x.y/z ok"
    assert clean(text) == "see ok"


def test_apostrophes_join_words():
    assert clean("what's a teacher's aide") == "whats a teachers aide"
    assert clean("what’s") == "whats"


def test_squeezes_repeated_letters():
    assert clean("soooo helloooo") == "soo helloo"


def test_money_sign_becomes_word():
    assert tokenize("how much $$ do they get") == ["how", "much", "money", "do", "they", "get"]


def test_zero_width_and_combining_marks_removed():
    assert clean("te\u200bach\u200der") == "teacher"
    assert clean("te\u0301a\u0308cher") == "teacher"


def test_punctuation_and_underscores_are_spaces():
    assert clean("e-learning_specialist!!!") == "e learning specialist"


def test_input_is_bounded():
    assert len(clean("a " * 10_000)) <= MAX_INPUT_CHARS


def test_replace_phrases_prefers_longest():
    table = compile_phrases(
        {"sped": "special education", "special ed": "special education", "u": "you"}
    )
    assert table.replace(["u", "special", "ed", "sped"]) == [
        "you",
        "special",
        "education",
        "special",
        "education",
    ]


def test_replace_phrases_can_delete():
    assert compile_phrases({"lol": ""}).replace(["lol", "hi"]) == ["hi"]


def test_asking_clauses_find_the_question_in_a_run_on_message():
    from bot.text import asking_clauses

    text = "ok thats helpful, my aunt is one and loves it, what skills did she need for it"
    assert asking_clauses(text) == ["what skills did she need for it"]
    assert asking_clauses("ok and is it hard to get hired, everyone says so") == [
        "is it hard to get hired"
    ]
    assert asking_clauses("my aunt is one, she loves it") == []  # nothing asked


@given(st.text(alphabet=st.sampled_from("abcz09 AZ_-.$'é\u200b"), max_size=60))
def test_the_fast_path_for_plain_text_cleans_as_the_full_folding_does(text):
    # clean() skips the Unicode folding for plain lowercase text; the result must not change.
    assert clean(text) == _fold(text[:MAX_INPUT_CHARS])


def test_plain_text_is_still_squeezed_and_spaced_like_any_other():
    assert clean("  sooooo   much  ") == "soo much"


def test_a_clause_led_by_wanting_to_know_is_the_question():
    from bot.text import asking_clauses

    text = "my uncle fixes cars all day and loves it, i wanna know what the pay is like"
    assert asking_clauses(text) == ["what the pay is like"]
    # the lead alone before a comma: the next clause asks, even from "if"
    text = "my aunt tutors on weekends, just wondering, if i tried it how would i start"
    assert asking_clauses(text) == ["if i tried it how would i start"]
    # "if" asks nothing without a lead before it
    assert asking_clauses("my aunt tutors on weekends, if i tried it i would like it") == []


@given(st.text(alphabet=st.sampled_from("abcXYZ09 _-.$'`!?"), max_size=60))
def test_ascii_text_folds_as_unicode_text_does(text):
    # _fold skips Unicode normalization for ASCII; a zero-width space (removed by the full
    # path) makes the same text take the full path, which must give the same result.
    assert _fold(text) == _fold("\u200b" + text)


def test_a_pasted_worksheet_is_split_at_its_numbered_questions():
    sheet = "pls\n1) how much do tutors make\n2. what skills do they need\n3) is it growing"
    assert question_pieces(sheet) == [
        "how much do tutors make",
        "what skills do they need",
        "is it growing",
    ]
    # A figure with a point in it is no numbered item.
    assert question_pieces("is 3.5 years normal? what about 2 years") == [
        "is 3.5 years normal?",
        "what about 2 years",
    ]
    # An age or a year before a full stop is no numbered item either: it stays in its sentence.
    assert question_pieces("can i sub at 19. what about being a para?") == [
        "can i sub at 19.",
        "what about being a para?",
    ]


def test_runs_of_spaces_split_like_one_space():
    padded = "how much do tutors make?" + " " * 1500 + "and what skills do they need"
    assert question_pieces(padded) == ["how much do tutors make?", "what skills do they need"]
