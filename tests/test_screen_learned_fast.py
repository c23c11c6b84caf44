"""The learned model's C scorer (provguard/screen/_linear_fast.c) gives the Python sum on every prompt.

Why: the C table is what scores ASCII prompts in the shipped screener (the latency target); the Python
tables stay the definition, and explanations are still read from them.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest

from provguard.screen import learned
from provguard.screen.learned import load_model, shipped_model, text_parts
from provguard.screen.normalize import normalize

REPO = Path(__file__).resolve().parent.parent
# a machine with a C compiler builds the extension with `pip install -e .`; one without runs the Python sums
# (the install goes on), and only the comparisons that need the C side are skipped there
HAS_CC = shutil.which("cc") is not None or shutil.which("gcc") is not None
needs_c = pytest.mark.skipif(learned._FastScorer is None and not HAS_CC, reason="no C compiler: Python sums")


def _prompts() -> list[str]:
    out = []
    files = sorted((REPO / "bench" / "dev").glob("*.jsonl")) + [REPO / "tests" / "data" / "screen_eval.jsonl"]
    for f in files:
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                out.append(row["prompt"])
                out += [t if isinstance(t, str) else t.get("prompt", "") for t in row.get("context", [])]
    return out


@pytest.mark.skipif(not HAS_CC, reason="no C compiler on this machine: the extension is optional")
def test_the_c_scorer_is_built() -> None:
    """A checkout installed with ``pip install -e .`` on a machine with a C compiler has it (CI does)."""
    assert learned._FastScorer is not None
    m = shipped_model()
    assert m._fast is not None and m._fast_earlier is not None
    # the C scorer reads ASCII prompts only, so its table holds the ASCII words, prefixes and pairs only
    ascii_features = sum(k.isascii() for d in (m._now.words, m._now.prefixes, m._now.pairs) for k in d)
    assert m._fast.features() == ascii_features
    assert ascii_features <= 57_344  # 7/8 of 64k slots: the table stays at 1 MiB (_linear_fast.c)


@needs_c
def test_it_sums_what_python_sums_on_every_labelled_prompt() -> None:
    m = shipped_model()
    assert m._fast is not None and m._fast_earlier is not None
    n = 0
    for p in _prompts():
        text = normalize(p).text
        fast = m._fast.score(text)
        if not text.isascii():
            assert fast is None  # other scripts: Python scores them
            continue
        n += 1
        assert fast == pytest.approx(m._now.sum(text_parts(text)), abs=1e-9), p
        earlier = m._fast_earlier.score(text)
        assert earlier == pytest.approx(m._earlier.sum(text_parts(text)), abs=1e-9), p
    assert n > 3000


@needs_c
def test_generated_texts_repeated_words_and_long_prompts() -> None:
    """Duplicate words, prefixes shared by two words, empty text, punctuation only, over 256 words
    (the C side grows its buffers) and underscores/digits inside words."""
    m = shipped_model()
    assert m._fast is not None
    rnd = random.Random(7)
    vocab = [w for w in sorted(m._now.words) if w.isascii()][:3000]
    vocab += ["photo", "photograph", "photography", "a_b", "x9", "", "!!"]
    texts = ["", "   ", "?!", "photo photo photo", "photograph photography photographer"]
    for _ in range(400):
        k = rnd.choice((1, 3, 12, 40, 300, 1200))
        texts.append(rnd.choice((" ", ", ", "  ")).join(rnd.choice(vocab) for _ in range(k)))
    for t in texts:
        assert m._fast.score(t) == pytest.approx(m._now.sum(text_parts(t)), abs=1e-9)


@needs_c
def test_opinion_is_the_same_with_and_without_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """Scores through ``opinion`` (earlier turns too) agree when the C scorer is switched off."""
    fast = shipped_model()
    slow = load_model()
    monkeypatch.setattr(slow, "_fast", None)
    monkeypatch.setattr(slow, "_fast_earlier", None)
    cases = [
        ("realistic photo of the mayor accepting cash", ["a town hall", "make it a news photo"]),
        ("a cat in a hat, watercolor", []),
        ("Реалистичное фото в наручниках", ["photo of a politician"]),
    ]
    for prompt, ctx in cases:
        assert fast.opinion(prompt, ctx).score == pytest.approx(slow.opinion(prompt, ctx).score, abs=1e-12)


@needs_c
def test_bad_arguments_are_type_errors() -> None:
    m = shipped_model()
    assert m._fast is not None
    with pytest.raises(TypeError):
        m._fast.score(b"bytes")  # type: ignore[arg-type]
    assert learned._FastScorer is not None
    with pytest.raises(TypeError):
        learned._FastScorer({1: 0.5}, {}, {})  # type: ignore[dict-item]
