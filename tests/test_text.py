from bot.text import MAX_INPUT_CHARS, clean, replace_phrases, tokenize


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
    table = {
        ("sped",): ("special", "education"),
        ("special", "ed"): ("special", "education"),
        ("u",): ("you",),
    }
    assert replace_phrases(["u", "special", "ed", "sped"], table, 2) == [
        "you",
        "special",
        "education",
        "special",
        "education",
    ]


def test_replace_phrases_can_delete():
    assert replace_phrases(["lol", "hi"], {("lol",): ()}, 1) == ["hi"]


def test_asking_clauses_find_the_question_in_a_run_on_message():
    from bot.text import asking_clauses

    text = "ok thats helpful, my aunt is one and loves it, what skills did she need for it"
    assert asking_clauses(text) == ["what skills did she need for it"]
    assert asking_clauses("ok and is it hard to get hired, everyone says so") == [
        "is it hard to get hired"
    ]
    assert asking_clauses("my aunt is one, she loves it") == []  # nothing asked
