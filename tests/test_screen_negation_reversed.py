"""The denial test read backwards (negation.negated) answers as the forward patterns do.

Why: ``negated`` runs for every photo word of a prompt, so it matches the words before the photo word
reversed, once, with the word lists factored by their beginnings; ``negated_by_patterns`` is the
readable definition. Same answer at every word of every labelled and public prompt, and on strings made
of the lists' own words, separators and clause marks.
"""

from __future__ import annotations

import random
import re

from test_screen_scan_fast import _texts

from provguard.screen import negation


def test_same_answer_at_every_word_of_the_prompts() -> None:
    n = denied = 0
    for t in _texts():
        for m in re.finditer(r"\w+", t):
            got = negation.negated(t, m.start(), m.end())
            assert got == negation.negated_by_patterns(t, m.start(), m.end()), (t, m.group())
            n += 1
            denied += got
    assert n > 100_000 and denied > 100


def test_same_answer_on_strings_made_of_the_lists() -> None:
    rnd = random.Random(3)
    words = (negation._NEG + "|" + negation._FILL).split("|")
    words += ["photo", "Photo", "NOT", "写真", "照片", "real"]
    seps = [" ", "  ", "-", "'", "’", "\n", ",", ".", "\t", "", " , ", "/", "…", "("]
    denied = 0
    for _ in range(60_000):
        parts = [x for _ in range(rnd.randint(1, 9)) for x in (rnd.choice(words), rnd.choice(seps))]
        tail = rnd.choice(["", " ", " nahi", " değil", "ではなく", ",x", " नहीं", "\nnahi"])
        t = "".join(parts) + "photo" + tail
        s = t.rfind("photo")
        got = negation.negated(t, s, s + 5)
        assert got == negation.negated_by_patterns(t, s, s + 5), t
        denied += got
    assert 5_000 < denied < 55_000


def test_the_factored_alternation_matches_the_same_words() -> None:
    words = ["no", "non", "not", "never", "nada de", "n", "l'", "a.b"]
    rx = re.compile(negation._alternation(words) + r"\Z")
    for w in words:
        assert rx.match(w)
    for w in ("", "nonn", "ne", "nada", "a b", "l", "axb"):
        assert rx.match(w) is None, w
