"""Sound-alike keys: how a word is spelled by ear ("collij", "perfesser", "sikologist").

Young students spell careers the way they sound, often three or four letters from the word,
too far for edit distance to find safely. Two spellings of one sound share a key: the
consonants as they sound, a doubled letter once, vowels dropped (a leading vowel kept as one
mark). "collij" and "college" are both ``klj``; "perfesser" and "professor" are ``prfsr``.
"""

from __future__ import annotations

import re

# Spellings of one sound, found in one pass, longest first where they overlap.
_SOUNDS = {
    "sch": "sk",  # school
    "tch": "k",
    "ph": "f",
    "gh": "",
    "wh": "w",
    "ck": "k",
    "ch": "k",  # teacher, psychology: one key for both sounds of "ch"
    "qu": "kw",
    "x": "ks",
    "dg": "j",
    "ce": "se",  # principal, counselor: a soft c
    "ci": "si",
    "cy": "si",
    "c": "k",
    "ge": "je",  # college, psychologist: a soft g
    "gi": "ji",
    "gy": "ji",
    "z": "s",
}
_SOUND = re.compile("|".join(sorted(_SOUNDS, key=len, reverse=True)))
_SILENT_START = ("ps", "kn", "wr")  # psychologist, knowledge, write
_DOUBLED = re.compile(r"(.)\1+")
_VOWELS = re.compile(r"[aeiouy]+")

# A key with fewer sounds says too little to tell one word from another.
MIN_KEY = 3


def says_enough(key: str) -> bool:
    """Whether a key has sounds enough to match on: the leading vowel's mark is no sound
    ("ids" is ``_ds``, too little to be "aids")."""
    return len(key.lstrip("_")) >= MIN_KEY


def sound_key(word: str) -> str:
    """The key of a lowercase word; words that sound alike share it."""
    key = _DOUBLED.sub(r"\1", word)
    if key.startswith(_SILENT_START):
        key = key[1:]
    key = _SOUND.sub(lambda m: _SOUNDS[m.group(0)], key)
    if key[:1] == "y":  # a leading "y" ("years") is a consonant
        return "y" + _VOWELS.sub("", key[1:])
    lead = "_" if key[:1] in "aeiou" else ""  # a leading vowel is kept as one mark
    return lead + _VOWELS.sub("", key)
