"""Greetings, goodbyes, thanks and help."""

from __future__ import annotations

import random

from bot.reply import FollowUp, Reply

from .registry import Request, handler

_STARTERS = (
    FollowUp("Careers in this cluster", "careers.list"),
    FollowUp("Which job fits me?", "recommend"),
    FollowUp("Ways to get there", "pathway.info"),
)


@handler("greet", suggested=False, small_talk=True)
def greet(req: Request) -> Reply:
    return Reply(text=random.choice(req.kb.smalltalk.greet), followups=_STARTERS)


@handler("goodbye", suggested=False, small_talk=True)
def goodbye(req: Request) -> Reply:
    return Reply(text=random.choice(req.kb.smalltalk.goodbye))


@handler("thanks", small_talk=True)
def thanks(req: Request) -> Reply:
    return Reply(text=random.choice(req.kb.smalltalk.thanks))


@handler("help")
def help_(req: Request) -> Reply:
    text = (
        "I'm CareerBot, a bot, not a person: for a real person, your school counselor is the "
        "one to talk to. I answer questions about careers in **Education and Training**: "
        "teachers of every level, counselors, librarians, trainers, instructional designers, "
        "principals and more.\n"
        "You can ask things like:\n"
        "• how much do librarians make?\n"
        "• how do i become a school counselor?\n"
        "• what skills does a special ed teacher need?\n"
        "• are instructional designers in demand?\n"
        "• compare principal and superintendent\n"
        "• i like kids and art, what job fits me?\n"
        "• what is an apprenticeship for teachers?\n"
        'Follow-ups work too: "what about tutors?", "how do i become one?". '
        'Say "save it" to keep a career on your list and "my list" to see it.'
    )
    return Reply(title="What I can do", text=text, followups=_STARTERS)
