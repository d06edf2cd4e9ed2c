from bot.sanitize import neutralize


def test_everyone_and_here_cannot_ping():
    out = neutralize("hey @everyone and @HERE look")
    assert "@everyone" not in out and "@HERE" not in out
    assert "everyone" in out


def test_user_role_and_channel_mentions_become_plain_ids():
    assert "<@" not in neutralize("<@123> <@!456> <@&789> <#42>")


def test_masked_links_show_their_target():
    out = neutralize("[free robux](https://evil.example)")
    assert "https://evil.example" in out and "](" not in out


def test_code_fences_and_markdown_are_escaped():
    out = neutralize("```py\nboom``` **bold** > quote # heading")
    assert "```" not in out
    assert "**" not in out.replace("\\*", "")


def test_zero_width_tricks_removed_and_length_bounded():
    out = neutralize("@\u200beveryone" + "a" * 1000, limit=100)
    assert "\u200b" not in out.replace("@\u200beveryone", "")
    assert len(out) <= 100
