#!/usr/bin/env python3
"""Derive rules/people/given_names.txt from the CC0 Wikidata person labels in ../shared.

Why: the unknown-person guess needs to tell "Marques Brownlee" (a person) from "Golden Gate"
(a thing) in scripts with capital letters. A first word that thousands of real people carry is
the strongest cheap evidence; the people pack alone yields a few hundred such words. Run it by
hand when the source list changes; the output is committed (CC0, like its source).
"""

from __future__ import annotations

import gzip
import sys
import unicodedata
from collections import Counter
from pathlib import Path

SOURCE = "wikidata-person-names-cc0/people_merged.tsv.gz"
MIN_COUNT = 2  # a first word two different people carry
# titles and honorifics open many labels ("Emperor Gaozong") but are not given names
TITLES = {
    "emperor", "empress", "king", "queen", "prince", "princess", "duke", "duchess", "saint", "pope",
    "sir", "lord", "lady", "count", "countess", "baron", "grand", "crown", "sultan", "shah", "caliph",
    "general", "admiral", "captain", "doctor", "st", "mr", "mrs", "ms", "dr", "the", "and", "of",
    "little", "big", "young", "old", "great", "saint-", "san", "santa", "don", "dona", "mount",
}


def main(shared: Path, out: Path) -> int:
    counts: Counter[str] = Counter()
    with gzip.open(shared / "fixtures" / "people" / SOURCE, "rt", encoding="utf-8") as fh:
        next(fh, None)
        for line in fh:
            cols = line.split("\t")
            if len(cols) < 2:
                continue
            words = cols[1].split()
            if len(words) < 2:
                continue
            first = unicodedata.normalize("NFC", words[0]).lower()
            if len(first) >= 3 and first.isalpha() and first not in TITLES:
                counts[first] += 1
    names = sorted(w for w, c in counts.items() if c >= MIN_COUNT)
    header = (
        "# Given names: the first word of at least two Wikidata person labels (CC0), one per line.\n"
        "# Built by scripts/build_given_names.py from ../shared/fixtures/people/" + SOURCE + "\n"
    )
    out.write_text(header + "\n".join(names) + "\n", encoding="utf-8")
    print(f"{len(names)} given names -> {out}")
    return 0


if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else root.parent / "shared"
    sys.exit(main(shared, root / "rules" / "people" / "given_names.txt"))
