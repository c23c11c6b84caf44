"""The compiled screener cache: same decisions as a fresh build, and never trusted when it is
corrupt, stale or unusable (a rebuild or an in-memory build instead, never a crash)."""

from __future__ import annotations

import json
import os
import stat
import struct
from pathlib import Path

import pytest
from test_screen_helpers import SEED, rules_without_people

from provguard.config import Settings
from provguard.screen import Screener, Turn, automaton_build
from provguard.screen import cache as screen_cache

PROMPTS = [
    "a cat on a sofa",
    "a lighthouse at dawn, oil painting",
    "photo of Xi Jinping being arrested",
    "习近平被捕的照片",
    "Си Цзиньпин арестован, фото",
    "e l o n  m u s k in handcuffs, photo",
    "イー ロン・マ スク 逮捕 写真",
    "realistic photo of Elon Musk kissing Taylor Swift",
    "a passport with my photo, realistic copy with stamp",
    "remove the watermark from this image",
    "use this face and make her nude",
    "Narendra Modi endorsing our energy drink, ad photo",
    "मोदीजी की गिरफ्तारी की फोटो",
    "a trump card on a table",
    "Jo3 B1d3n voting twice, news photo",
]


def _rules(tmp: Path) -> Path:
    rules = tmp / "rules"
    if not rules.exists():
        rules_without_people(rules)
    return rules


def _load(tmp: Path, data_dir: Path) -> Screener:
    return Screener.load(
        "standard",
        people_packs=[SEED],
        rules_dir=_rules(tmp),
        settings=Settings(data_dir=data_dir),
        include_imported=False,
    )


def _examples(s: Screener) -> list[str]:
    out = []
    for r in s.rules:
        out += [*r.examples.must_match, *r.examples.must_not_match, *r.examples.todo]
    return out


def _answers(s: Screener, prompts: list[str]) -> list[object]:
    out: list[object] = []
    for p in prompts:
        out.append(s.screen(p).model_dump(mode="json"))
        out.append(sorted(s.fired_rules(p)))
    out.append(s.screen("arrested, photo", context=[Turn("Xi Jinping at a rally")]).model_dump(mode="json"))
    return out


def _touch_all(s: Screener) -> None:
    """Load every lazily loaded part. The ASCII automaton first: whether a run loads it depends on
    whether an ASCII or another prompt exhausts the key table's budget (once the full automaton is in,
    the ASCII one is never needed), so which rule examples come first decided this test."""
    c = s.compiled
    c._load("ascii")
    assert c.entries and c.people and c.main is not None and c.squashed is not None
    _ = c.fuzzy


def _valid(path: Path) -> bool:
    raw = path.read_bytes()
    (n,) = struct.unpack_from("<I", raw, len(screen_cache.MAGIC))
    head = json.loads(raw[len(screen_cache.MAGIC) + 4 : len(screen_cache.MAGIC) + 4 + n])
    cf = screen_cache.open_cache(path.parent, head["key"], head["version"])
    if cf is None:
        return False
    for name in cf.names():
        cf.load(name)  # raises CacheCorrupt on a bad checksum
    return True


def _cache_files(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "cache").glob("screen-*.bin"))


def _sections(path: Path) -> dict[str, list[int]]:
    raw = path.read_bytes()
    (n,) = struct.unpack_from("<I", raw, len(screen_cache.MAGIC))
    head = json.loads(raw[len(screen_cache.MAGIC) + 4 : len(screen_cache.MAGIC) + 4 + n])
    base = len(screen_cache.MAGIC) + 4 + n
    return {k: [base + v[0], v[1]] for k, v in head["sections"].items()}


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str], list[object]]:
    """Decisions of a screener built in memory (its data dir cannot be created: no cache)."""
    tmp = tmp_path_factory.mktemp("cache-ref")
    blocker = tmp / "not-a-dir"
    blocker.write_text("x")
    s = _load(tmp, blocker / "data")
    assert not s.compiled.from_cache
    prompts = PROMPTS + _examples(s)
    return tmp, prompts, _answers(s, prompts)


def test_cached_screener_decides_exactly_like_a_fresh_build(
    reference: tuple[Path, list[str], list[object]], tmp_path: Path
) -> None:
    tmp, prompts, expected = reference
    first = _load(tmp, tmp_path / "data")  # builds and writes the cache
    assert not first.compiled.from_cache and len(_cache_files(tmp_path / "data")) == 1
    cached = _load(tmp, tmp_path / "data")
    assert cached.compiled.from_cache
    assert _answers(cached, prompts) == expected
    assert cached.policy_digest == first.policy_digest
    _touch_all(cached)
    assert cached.compiled.from_cache  # every part came from the file (no rebuild happened)
    assert len(cached.compiled.people) == len(first.compiled.people)
    assert cached.compiled.stats == first.compiled.stats


@pytest.mark.parametrize("damage", ["garbage", "empty", "truncated"])
def test_corrupt_cache_file_is_rebuilt(
    reference: tuple[Path, list[str], list[object]], tmp_path: Path, damage: str
) -> None:
    tmp, prompts, expected = reference
    data = tmp_path / "data"
    _load(tmp, data)
    (path,) = _cache_files(data)
    raw = path.read_bytes()
    path.write_bytes({"garbage": b"garbage", "empty": b"", "truncated": raw[: len(raw) // 2]}[damage])
    s = _load(tmp, data)
    assert not s.compiled.from_cache  # never trusted
    assert _answers(s, prompts) == expected
    assert _cache_files(data) == [path] and _valid(path)  # rewritten


# the ASCII automaton is stored as the C part's flat trie where that part is built, else pickled
ASCII_SECTION = "ascii_trie" if automaton_build._Trie is not None else "ascii"
SECTIONS = ["rules", "core", "entries", "keys", ASCII_SECTION, "main", "squashed", "people", "fuzzy"]


@pytest.mark.parametrize("section", SECTIONS)
def test_a_corrupt_section_is_caught_on_first_use(
    reference: tuple[Path, list[str], list[object]], tmp_path: Path, section: str
) -> None:
    """A part loaded lazily fails its checksum mid-run: the screener rebuilds, answers stay the same."""
    tmp, prompts, expected = reference
    data = tmp_path / "data"
    _load(tmp, data)
    (path,) = _cache_files(data)
    raw = bytearray(path.read_bytes())
    assert _valid(path)
    off, length = _sections(path)[section]
    raw[off + length // 2] ^= 0xFF
    path.write_bytes(bytes(raw))
    s = _load(tmp, data)
    # read at load: a miss at once; any other part: found when first used
    assert s.compiled.from_cache == (section not in ("rules", "core"))
    assert _answers(s, prompts) == expected
    _touch_all(s)
    assert not s.compiled.from_cache  # it was found and everything was rebuilt
    assert _answers(s, prompts) == expected
    assert _valid(path)  # and the file rewritten


def test_stale_cache_is_never_used(reference: tuple[Path, list[str], list[object]], tmp_path: Path) -> None:
    tmp, _, _ = reference
    rules = tmp_path / "rules"
    rules_without_people(rules)
    data = tmp_path / "data"

    def load() -> Screener:
        return Screener.load(
            people_packs=[SEED], rules_dir=rules, settings=Settings(data_dir=data), include_imported=False
        )

    assert load().screen("a photo of a zorblax gadget").action == "allow"
    (old,) = _cache_files(data)
    # a file under the right name but built from other inputs (wrong key in its header) is a miss
    pack = rules / "packs" / "zz_test.yaml"
    pack.write_text(
        "pack: zz_test\nlanguage: en\nrules:\n- id: test.zorblax.en\n  signal: standalone\n"
        "  category: forged_document\n  keywords: [zorblax]\n  examples:\n    must_match: [a zorblax]\n"
        "    must_not_match: [a cat]\n",
        encoding="utf-8",
    )
    s = load()  # the edited pack is a new key: rebuilt, the new rule fires at once
    assert not s.compiled.from_cache
    assert s.screen("a photo of a zorblax gadget").action != "allow"
    new = [p for p in _cache_files(data) if p != old]
    assert len(new) == 1
    os.replace(old, new[0])  # the old compile under the new name: its header key does not match
    s = load()
    assert not s.compiled.from_cache
    assert s.screen("a photo of a zorblax gadget").action != "allow"


def test_key_table_and_automata_decide_alike(
    reference: tuple[Path, list[str], list[object]], tmp_path: Path
) -> None:
    """Opened from the cache, a screener scans with the key table until its budget is spent, then
    with the automata: either way, every decision is the fresh build's."""
    tmp, prompts, expected = reference
    data = tmp_path / "data"
    _load(tmp, data)
    table = _load(tmp, data)
    assert table.compiled.from_cache
    table.compiled._budget = 10**12  # never falls back to the automata
    assert _answers(table, prompts) == expected
    assert {"keys", "entries"} <= table.compiled._p.loaded
    assert not {"ascii", "main"} & table.compiled._p.loaded  # no automaton was unpickled
    automata = _load(tmp, data)
    automata.compiled._budget = 0  # the automata from the first prompt on
    assert _answers(automata, prompts) == expected
    assert "keys" not in automata.compiled._p.loaded
    shipped = _load(tmp, data)  # as shipped: the table first, the automata once the budget is spent
    assert _answers(shipped, prompts) == expected
    loaded = shipped.compiled._p.loaded
    # the ASCII or the full automaton, whichever kind of prompt spent the budget (the examples' order decides)
    assert "keys" in loaded and {"ascii", "main"} & loaded


def test_people_change_is_a_new_key(reference: tuple[Path, list[str], list[object]], tmp_path: Path) -> None:
    """An edited people list is never served the old compile: the new person is protected at once."""
    tmp, _, _ = reference
    people = tmp_path / "people.tsv"
    people.write_bytes(SEED.read_bytes())
    data = tmp_path / "data"

    def load() -> Screener:
        return Screener.load(
            people_packs=[people], rules_dir=_rules(tmp), settings=Settings(data_dir=data),
            include_imported=False,
        )

    prompt = "photo of Zorblax Quintavius being arrested"

    def named(s: Screener) -> bool:
        return any(f.entity is not None and f.entity.name == "Zorblax Quintavius"
                   for f in s.screen(prompt).findings)

    first = load()
    assert not named(first)  # at most an unknown name
    assert load().compiled.from_cache
    header = people.read_text(encoding="utf-8").splitlines()[0].split("\t")
    row = dict.fromkeys(header, "")
    row.update(qid="Q999999999", name_en="Zorblax Quintavius", category="business", country="US")
    with people.open("a", encoding="utf-8") as fh:
        fh.write("\t".join(row[h] for h in header) + "\n")
    s = load()
    assert not s.compiled.from_cache
    assert named(s) and s.screen(prompt).action == "block"
    assert s.policy_digest != first.policy_digest
    again = load()
    assert again.compiled.from_cache and named(again)
    assert len(_cache_files(data)) == 2


def test_unusable_cache_dir_builds_in_memory(
    reference: tuple[Path, list[str], list[object]], tmp_path: Path
) -> None:
    tmp, prompts, expected = reference
    # the data dir cannot be created (a file is in the way)
    (tmp_path / "file").write_text("x")
    s = _load(tmp, tmp_path / "file" / "data")
    assert not s.compiled.from_cache and _answers(s, prompts[:40])[:80] == expected[:80]
    # a read-only cache dir: whatever is there is read, nothing is written
    data = tmp_path / "ro"
    _load(tmp, data)
    cache_dir = data / "cache"
    cache_dir.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        s = _load(tmp, data)
        assert s.compiled.from_cache and _answers(s, prompts) == expected
        for p in _cache_files(data):
            p.chmod(0)  # unreadable (for a non-root user): a miss, built in memory
        if os.geteuid() != 0:
            s = _load(tmp, data)
            assert not s.compiled.from_cache and _answers(s, prompts[:40])[:80] == expected[:80]
            assert not list(cache_dir.glob(".screen-*.tmp"))
    finally:
        cache_dir.chmod(stat.S_IRWXU)
        for p in _cache_files(data):
            p.chmod(stat.S_IRUSR | stat.S_IWUSR)


#: Needed to compile the packs, never to screen an ASCII prompt from the cache.
COMPILE_ONLY = (
    "yaml", "pypinyin", "spellchecker", "snowballstemmer", "anyascii", "provguard.screen.gazetteer"
)

PROBE = """
import json, sys
from provguard.cli.main import run
try:
    run(["screen", "a lighthouse at dawn", "--format", "json"])
except SystemExit:
    pass
sys.stderr.write("\\nMODULES " + json.dumps(sorted(sys.modules)) + "\\n")
"""


def test_cli_screen_from_the_cache_imports_no_compile_time_modules(tmp_path: Path) -> None:
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("PROVGUARD_")}
    env["PROVGUARD_DATA_DIR"] = str(tmp_path)
    runs = []
    for _ in range(2):  # the first run compiles and writes the cache, the second reads it
        proc = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env,
                              timeout=300, cwd=tmp_path)
        assert json.loads(proc.stdout)["action"] == "allow", proc.stderr
        runs.append(set(json.loads(proc.stderr.rsplit("MODULES ", 1)[1])))
    assert "yaml" in runs[0]  # the probe would see them
    assert sorted(m for m in runs[1] for b in COMPILE_ONLY if m == b or m.startswith(b + ".")) == []
    assert len(_cache_files(tmp_path)) == 1
