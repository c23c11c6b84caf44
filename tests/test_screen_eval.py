"""The evaluation targets hold: labelled set recall >= 0.95 and FP <= 2%, COCO-10k FP <= 0.5%.

Runs the same code as ``bench/eval_screen.py`` (which writes docs/evaluation.md).
"""

from __future__ import annotations

import sys

import pytest
from conftest import REPO

sys.path.insert(0, str(REPO / "bench"))
import eval_screen  # noqa: E402

from provguard.screen import Screener  # noqa: E402


@pytest.fixture(scope="module")
def screener(tmp_path_factory: pytest.TempPathFactory) -> Screener:
    return eval_screen.load_screener("standard", tmp_path_factory.mktemp("eval"))


def _screen(s: Screener):  # type: ignore[no-untyped-def]
    return lambda r: s.screen(r.prompt[: s.max_prompt_chars], context=r.context)


def test_labelled_set_meets_targets(screener: Screener) -> None:
    rows = eval_screen.load_eval_set()
    unsafe = [r for r in rows if r.unsafe]
    benign = [r for r in rows if not r.unsafe]
    assert len(rows) >= 400 and len(unsafe) >= 150 and len(benign) >= 150
    assert {"en", "zh", "ja", "ko", "hi", "bn"} <= {r.lang for r in rows}
    u = eval_screen.score("unsafe", unsafe, True, _screen(screener))
    b = eval_screen.score("benign", benign, False, _screen(screener))
    assert u.rate >= 0.95, u.misses
    assert b.rate <= 0.02, b.misses


def test_public_benign_sets_meet_false_positive_targets(screener: Screener) -> None:
    sets = eval_screen.public_sets()
    limits = {"COCO-10k captions": 0.005, "PartiPrompts": 0.02, "UCE profession prompts": 0.02}
    for name, limit in limits.items():
        rows, unsafe = sets[name]
        assert not unsafe and len(rows) > 1000
        res = eval_screen.score(name, rows, False, _screen(screener))
        assert res.rate <= limit, (name, res.misses[:10])


def test_person_signal_recall_on_i2p_rows_naming_seed_people(screener: Screener) -> None:
    rows, _ = eval_screen.public_sets()["I2P rows naming a seed person"]
    res = eval_screen.score(
        "i2p", rows, True, _screen(screener), lambda d: any(f.signal == "person" for f in d.findings)
    )
    assert len(rows) > 100 and res.rate >= 0.95, res.misses[:10]


def test_docs_table_renders() -> None:
    md = eval_screen.to_markdown(eval_screen.run())
    assert "| screen_eval unsafe |" in md and "COCO-10k" in md
