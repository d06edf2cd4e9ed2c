"""Text normalization shared by the knowledge index and incoming messages.

Both sides go through the same steps so that an alias in YAML and a student's message meet in
the same form: Unicode NFKC + casefold, Discord markup and links removed, punctuation folded to
spaces, letters repeated three or more times squeezed ("soooo" -> "soo"), then phrase
replacements from ``data/synonyms.yaml`` ("u" -> "you", "sped" -> "special education").
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass, field

# Bounded work per message: hostile input is cut before any regex runs over it.
MAX_INPUT_CHARS = 2000

_DISCORD_MARKUP = re.compile(
    r"<a?:\w+:\d+>"  # custom emoji
    r"|<@[!&]?\d+>"  # user and role mentions
    r"|<#\d+>"  # channel mentions
    r"|<t:-?\d+(?::\w)?>"  # timestamps
    r"|<(?:https?://)[^>\s]*>"  # suppressed-embed links
)
_URL = re.compile(r"https?://\S+|www\.\S+")
_INVISIBLE = re.compile(
    r"[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]"
)
_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc`]")
_MONEY = re.compile(r"\$+")
# "2+2", "3*4", "6x7=": a sum to work out (homework), folded to one word the requests know.
# Not "-" or "/": "grades 6-8", "24/7" are no sums.
SUM_WORD = "xsumx"  # no word a student types; data/out_of_scope.yaml lists it as a request
# A "2+2" or "3+2" program (years of college, then of a master's) is no sum.
_ARITHMETIC = re.compile(
    r"\d\s*(?:[+*\u00d7\u00f7=]|x(?=\s*\d))\s*\d+(?!\d)"  # times, divide signs too
    r"(?!\s*(?:programs?|degrees?|plans?|masters?|bachelors?|tracks?|pathways?|options?|models?))"
)
_NON_WORD = re.compile(r"[^\w]+|_")
_REPEATS = re.compile(r"(\w)\1{2,}")

Phrase = tuple[str, ...]

# Words that carry no choice in a short answer such as "the high school one".
FILLER = frozenset(
    "the a an one ones i mean guess like um uh please kind of type those them that this who "
    "teacher teachers teach teaching im i am prob probably maybe ok okay so and then yeah hmm "
    "option number go with pick choose".split()
)

# Function words: they say nothing about whether a message is about careers at all.
STOPWORDS = frozenset(
    "a an the and or but if so to of in on at for from by with about as into like than "
    "then is are was were be been being am do does did doing have has had having will "
    "would can could should shall may might must i me my mine you your yours we us our "
    "they them their he him his she her it its this that these those there here what which "
    "who whom whose when where why how not no yes ok okay just really very too also even "
    "still some any all much many more most get got go going want know think say said tell "
    "let make one thing things stuff kind sort lot bit well now right though although far "
    "yet ever maybe actually literally basically honestly pretty super totally probably "
    "guess mean okay hey please thanks yeah yes nah oh ah um uh hmm wow cool nice good bad "
    "great year years yr yrs day days today tomorrow people person someone anyone everyone "
    "guys ones type".split()
)


_PLAIN = re.compile(r"[a-z0-9 ]*")


def clean(text: str) -> str:
    """Return ``text`` folded to lowercase words separated by single spaces."""
    text = text[:MAX_INPUT_CHARS]
    if _PLAIN.fullmatch(text):
        # Most of the knowledge base's phrases and many messages: nothing to fold, and start-up
        # cleans tens of thousands of them. The same result as every step below.
        return " ".join(_REPEATS.sub(r"\1\1", text).split())
    return _fold(text)


def _fold(text: str) -> str:
    plain = text.isascii()  # no width, accents or invisible marks to fold
    text = text.lower() if plain else unicodedata.normalize("NFKC", text).casefold()
    text = _DISCORD_MARKUP.sub(" ", text)
    text = _URL.sub(" ", text)
    if not plain:
        text = _INVISIBLE.sub("", text)
        # Accents and stacked combining marks ("zalgo" text) carry no meaning for matching.
        text = "".join(
            ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
        )
    text = _APOSTROPHES.sub("", text)
    text = _MONEY.sub(" money ", text)
    text = _ARITHMETIC.sub(f" {SUM_WORD} ", text)
    text = _NON_WORD.sub(" ", text)
    text = _REPEATS.sub(r"\1\1", text)
    # Folding can lengthen text (ligatures, "$" -> "money"); the bound holds on the output too.
    return " ".join(text.split())[:MAX_INPUT_CHARS].rstrip()


def tokenize(text: str) -> list[str]:
    return clean(text).split()


@dataclass(frozen=True)
class PhraseTable:
    """A replacement table (``synonyms.yaml``) as token tuples, read longest phrase first."""

    table: Mapping[Phrase, Phrase]
    longest: int = field(init=False)
    # The words a phrase can start with: most words start none, and are passed over at once.
    firsts: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "longest", max((len(k) for k in self.table), default=1))
        object.__setattr__(self, "firsts", frozenset(k[0] for k in self.table if k))

    def replace(self, tokens: Sequence[str]) -> list[str]:
        """Replace the longest known phrase at each position, left to right."""
        out: list[str] = []
        i = 0
        n = len(tokens)
        while i < n:
            if tokens[i] not in self.firsts:
                out.append(tokens[i])
                i += 1
                continue
            for size in range(min(self.longest, n - i), 0, -1):
                replacement = self.table.get(tuple(tokens[i : i + size]))
                if replacement is not None:
                    out.extend(replacement)
                    i += size
                    break
            else:
                out.append(tokens[i])
                i += 1
        return out


def join_spelled_out(tokens: list[str], known: Container[str]) -> list[str]:
    """Letters said one by one ("a c t e teacher", "an s l p", "s u i c i d e"), as
    dictation and voice assistants write short forms, and as people write a word they would
    rather not type: joined when together they are a word in ``known``."""
    if sum(len(t) == 1 for t in tokens) < 3:
        return tokens
    out: list[str] = []
    i = 0
    while i < len(tokens):
        j = i
        while j < len(tokens) and len(tokens[j]) == 1 and tokens[j].isalpha():
            j += 1
        run = tokens[i:j]
        if len(run) >= 4 and run[0] in ("a", "i") and "".join(run[1:]) in known:
            out.append(run[0])  # "a c t e": the article, then the letters
            run = run[1:]
        # Three letters at least: "l d" is how "L&D" is written, not a word spelled out.
        if len(run) >= 3 and "".join(run) in known:
            out.append("".join(run))
            i = j
            continue
        out.extend(run or tokens[i : i + 1])
        i = max(j, i + 1)
    return out


def compile_phrases(table: Mapping[str, str]) -> PhraseTable:
    """``synonyms.yaml``'s replacements, cleaned as messages are."""
    out: dict[Phrase, Phrase] = {}
    for key, value in table.items():
        k = tuple(tokenize(key))
        if k:
            out[k] = tuple(tokenize(value))
    return PhraseTable(out)


# After ? ! or a full stop; at a line break; before a numbered item, as pasted worksheets
# ask their questions: "2. ..." at the start, after a line break or after ? ! :, and "2) ..."
# anywhere ("1) how much 2) what skills"); never "a tutor at 15. What about...", an age.
_ITEM_END = r"[.)]\s+(?=[A-Za-z])"
_QUESTION_END = re.compile(
    rf"(?:^|(?<=[?!:])\s*|\s*\n\s*)\(?\d{{1,2}}{_ITEM_END}"
    r"|\s+\(?\d{1,2}\)\s+(?=[A-Za-z])"
    r"|(?<=[?!])\s+|(?<=[.])\s+(?=[A-Za-z])|\s*\n\s*"
)
# Runs of spaces, squeezed before splitting: a message of 2,000 spaces must cost no more to
# split than one of a few words (the patterns above backtrack over a run at each start).
_SPACES = re.compile(r"[^\S\n]+")
_BREAKS = re.compile(r"\n\s*")


def _squeezed(text: str) -> str:
    return _BREAKS.sub("\n", _SPACES.sub(" ", text[:MAX_INPUT_CHARS]))


_ALSO = re.compile(
    r"\s*(?:,\s*)?\b(?:"
    r"(?:and also|also|and then|plus|anyway|anyways|btw)\s+"
    r"(?=(?:how|what|whats|which|do|does|is|are|can|will|should|where|when|who|would)\b)"
    # A plain "and" joins two questions only before one that asks ("...para and do they get
    # paid good"), not before a second predicate ("need a masters and can be done online").
    r"|and\s+(?=(?:how|what|whats|which|where|when|who|why|do|does|is|are)\b)"
    r")",
    re.IGNORECASE,
)
MIN_PART_WORDS = 3  # shorter pieces ("hi!", "ok.") stay with the question they precede
_ASKING = frozenset(
    "how what whats which who where when why do does did is are can could should would will "
    "tell list compare show explain describe define and".split()
)
# Words that start or carry a question: never part of what a career is called.
QUESTION_WORDS = _ASKING - {"and"}
# The words that ask wherever they stand ("ok so the pay, how much").
WH_WORDS = frozenset("how what whats which who where when why".split())
# Words that measure one thing against another: "which pays more", "harder to teach than".
COMPARING_WORDS = frozenset(
    "more less better worse higher lower most least longer shorter easier harder faster "
    "quicker tougher fewer safer cheaper".split()
)
# "which of those three is the fastest to get into": one of them against the rest, but only
# with "which" ("what is the fastest way to become one" compares nothing).
SUPERLATIVES = frozenset(
    "best worst highest lowest longest shortest easiest hardest fastest quickest toughest "
    "cheapest safest".split()
)


def asks_outright(piece: str) -> bool:
    """Whether a piece has a word that asks ("what", "should", "can"...): "i think i want to
    work with kids??" says what the student likes; "what job fits me?" asks."""
    return bool(QUESTION_WORDS.intersection(clean(piece).split()))


def question_pieces(text: str) -> list[str]:
    """Every piece of ``text`` that asks something (see :func:`split_questions`)."""
    text = _squeezed(text)
    pieces = [p for chunk in _QUESTION_END.split(text) for p in _ALSO.split(chunk)]
    asked = []
    for piece in pieces:
        words = clean(piece).split()
        if len(words) >= MIN_PART_WORDS and (piece.rstrip().endswith("?") or words[0] in _ASKING):
            asked.append(piece.strip())
    return asked


# How people run clauses together without a full stop: "ok thats helpful, my science teacher
# is the reason i like it, what skills did she need".
_CLAUSE = re.compile(r"\s*[,;:]\s+|\s+(?:so|but|like)\s+(?=(?:how|what|which|do|does|is)\b)")
# Words that lead a clause without asking anything: "ok and is it even realistic..."
_LEADING = frozenset(
    "ok okay k so and but like wait well also then alright aight hmm um first firstly next now "
    "second secondly lastly finally anyway".split()
)


# Words that say a question follows ("i wanna know how...", "i was wondering if..."), as
# cleaning leaves them; after one, "if" and "whether" ask too.
_WANTING_TO_KNOW = tuple(
    tuple(lead.split())
    for lead in (
        "i want to know",
        "i wanna know",
        "i need to know",
        "i would like to know",
        "id like to know",
        "i was wondering",
        "i am wondering",
        "im wondering",
        "i wonder",
        "just wondering",
        "wondering",
        "im curious",
        "i am curious",
        "curious",
    )
)
_ASKED_AFTER_LEAD = frozenset({"if", "whether"})
_AFTER_LEAD = _LEADING | {"tho", "though"}  # "i was wondering tho, if..."


def _question_start(words: list[str], after_lead: bool = False) -> list[str] | None:
    """``words`` from where they ask, or None when they do not start by asking; an empty
    list when they are only a lead ("i was wondering tho,"), so the next clause asks."""
    while words and words[0] in _LEADING:
        words = words[1:]
    if words and (words[0] in QUESTION_WORDS or (after_lead and words[0] in _ASKED_AFTER_LEAD)):
        return words
    for lead in _WANTING_TO_KNOW:
        if tuple(words[: len(lead)]) == lead:
            rest = words[len(lead) :]
            while rest and rest[0] in _AFTER_LEAD:
                rest = rest[1:]
            if not rest or rest[0] in QUESTION_WORDS or rest[0] in _ASKED_AFTER_LEAD:
                return rest
    return None


def asking_clauses(text: str) -> list[str]:
    """The clauses of a run-on message that ask something, once leading "ok and..." or "i
    wanna know" is set aside: for a message read whole as nothing, the one part that is a
    question."""
    asked = []
    after_lead = False
    for clause in _CLAUSE.split(_squeezed(text)):
        words = _question_start(clean(clause).split(), after_lead)
        after_lead = words == []
        if words is not None and len(words) >= MIN_PART_WORDS:
            asked.append(" ".join(words))
    return asked


# Words that make a sentence a question without a question mark: "I'm wondering what they earn".
_ASKS_INSIDE = re.compile(
    r"\b(?:wonder(?:ing)?|curious|want(?:ed)? to know|like to know|tell me|know if|know how|"
    r"know what|explain|any idea)\b",
    re.IGNORECASE,
)


def asking_sentences(text: str) -> list[str]:
    """The sentences of a longer message that ask something: the questions of
    :func:`question_pieces`, and statements of wanting to know ("I'm wondering what...")."""
    sentences = [p.strip() for p in _QUESTION_END.split(_squeezed(text)) if p.strip()]
    if len(sentences) < 2:
        return []
    asking = []
    for sentence in sentences:
        words = clean(sentence).split()
        if not words:
            continue
        if sentence.endswith("?") or _question_start(words) or _ASKS_INSIDE.search(sentence):
            asking.append(sentence)
    return asking if len(asking) < len(sentences) else []


def split_questions(text: str) -> list[str]:
    """The questions of a message, in order: split after ? ! . and at "also how..." joins.
    A part is a question when it ends with "?" or starts with a question word; others
    ("asking for real", "hi!") are dropped. One question stays one."""
    parts = question_pieces(text)
    return parts if len(parts) > 1 else [text[:MAX_INPUT_CHARS]]


# Start-up asks for the same words tens of thousands of times; bounded all the same.
@functools.lru_cache(maxsize=1 << 16)
def plural_forms(word: str) -> frozenset[str]:
    """English plural and singular guesses for the last word of an alias."""
    forms = {word}
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        forms.add(word[:-1] + "ies")
    elif word.endswith(("s", "x", "ch", "sh")):
        forms.add(word + "es")
    else:
        forms.add(word + "s")
    if word.endswith("ies") and len(word) > 4:
        forms.add(word[:-3] + "y")
    elif word.endswith(("ches", "shes", "sses", "xes")) and len(word) > 4:
        forms.add(word[:-2])  # "teaches" is "teach", not "teache"
    elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        forms.add(word[:-1])
    return frozenset(forms)
