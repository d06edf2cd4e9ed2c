"""Replies fit Discord's limits whatever their size."""

from __future__ import annotations

from bot.discordbot.render import (
    CONTENT_LIMIT,
    EMBED_TOTAL_LIMIT,
    FIELD_VALUE_LIMIT,
    render,
    source_link,
    split_text,
    trim,
)
from bot.reply import Field, FollowUp, Reply


def test_trim_cuts_at_a_word_and_marks_it():
    text = "word " * 100
    out = trim(text, 50)
    assert len(out) <= 50
    assert out.endswith("…")
    assert not out[:-1].endswith(" wor")


def test_split_text_respects_the_message_limit_and_keeps_everything():
    text = "\n".join(f"line {n} " + "x" * 90 for n in range(100))
    parts = split_text(text)
    assert len(parts) > 1
    assert all(len(p) <= CONTENT_LIMIT for p in parts)
    assert "".join(parts).replace("\n", "") == text.replace("\n", "")


def test_embed_stays_within_every_limit():
    reply = Reply(
        title="T" * 400,
        text="d" * 5000,
        fields=tuple(Field(f"name {n}" * 40, "v" * 3000) for n in range(40)),
        sources=("A source <https://example.org/a>",),
    )
    embed = render(reply).embed
    assert embed is not None
    assert len(embed.title) <= 256
    assert len(embed.description) <= 4096
    assert len(embed.fields) <= 25
    assert all(len(f.value) <= FIELD_VALUE_LIMIT and len(f.name) <= 256 for f in embed.fields)
    assert len(embed) <= EMBED_TOTAL_LIMIT


def test_plain_reply_is_split_not_cut():
    rendered = render(Reply(text="a " * 3000))
    assert rendered.embed is None
    assert len(rendered.contents) == 3
    assert all(len(c) <= CONTENT_LIMIT for c in rendered.contents)


def test_sources_become_links():
    assert source_link("BLS OOH <https://www.bls.gov/ooh/x.htm> (May 2024 data)") == (
        "[BLS OOH](https://www.bls.gov/ooh/x.htm) (May 2024 data)"
    )


def test_follow_ups_are_carried():
    ups = (FollowUp("Pay", "career.salary", ("librarian",)),)
    assert render(Reply(text="hi", followups=ups)).followups == ups
