"""List everyday words of one language that fire another language's context rule (false friends).

Run:  python3 scripts/find_collisions.py [--top 6000]

Why: every pack matches every prompt, whatever its language, so a context keyword of one language can be
an everyday word of another ("kind" is a German child and an English adjective, "près" a French "near"
and, folded, a Portuguese "arrested", "beha" an Indonesian bra and the start of German "behalten"). The
most frequent words of the ten screened languages pyspellchecker ships are screened one by one; each
line is a word and the person-directed context rules of other languages it fires. Cognates with the same
meaning ("arrest", "arresto") are expected; the rest are candidates for ``morph.NOT_INFLECTIONS`` or an
``unless`` list.
"""

from __future__ import annotations

import argparse
import collections
from importlib import resources

from spellchecker import WordFrequency

from provguard.screen import Screener

KINDS = ("sexual", "revealing", "humiliation", "event", "election", "endorsement", "minor", "deepfake")
LANGS = ("en", "es", "fr", "de", "pt", "it", "nl", "ru", "ar", "fa")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--top", type=int, default=6000, help="most frequent words per language")
    args = ap.parse_args()
    s = Screener.load("standard")
    rules = {r.id: r for r in s.rules}
    out: dict[tuple[str, str], list[str]] = collections.defaultdict(list)
    for lang in LANGS:
        wf = WordFrequency()
        wf.load_dictionary(str(resources.files("spellchecker").joinpath(f"resources/{lang}.json.gz")))
        words = sorted(wf.dictionary.items(), key=lambda kv: -kv[1])[: args.top]
        for w, _ in words:
            if len(w) < 4:
                continue
            for rid in sorted(s.fired_rules(w)):
                r = rules[rid]
                if r.signal == "context" and r.kind in KINDS and rid.rsplit(".", 1)[-1] != lang:
                    out[(lang, w)].append(rid)
    for (lang, w), rids in sorted(out.items()):
        print(lang, w, " ".join(rids[:4]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
