"""Structural checks for the curated people packs in rules/people/*.tsv.

The screening engine compiles these files into its gazetteer, so a malformed row (wrong script in a
column, a duplicate id, a stray tab) would silently become a wrong or missing match. These tests read
the packs the way the installed package exposes them (importlib.resources).
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path

import pytest

from tests.conftest import PEOPLE

HEADER = [
    "qid", "name_en", "category", "country", "zh_hans", "zh_hant", "ja", "ko", "hi", "bn",
    "aliases_latin", "aliases_cjk_nick", "role_aliases", "ambiguity_note", "source",
]
# optional trailing columns: names in further scripts, organisation roles, date of death
EXTRA = ["native", "org_roles", "died"]
MULTI = [
    "native", "org_roles", "zh_hans", "zh_hant", "ja", "ko", "hi", "bn",
    "aliases_latin", "aliases_cjk_nick", "role_aliases",
]
POLITICS_CATEGORIES = {
    "head_of_state", "head_of_government", "politician", "royalty", "religious_leader", "official",
    "activist", "journalist",
}
MIN_TOTAL_ROWS = 2000
MIN_POLITICS_ROWS = 1100

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
KANA = r"\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f"
HANGUL = r"\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f"
SCRIPT_RULES: dict[str, tuple[str, str]] = {
    # column: (must contain one of, must not contain any of)
    "zh_hans": (f"[{HAN}]", f"[{KANA}{HANGUL}]"),
    "zh_hant": (f"[{HAN}]", f"[{KANA}{HANGUL}]"),
    "ja": (f"[{HAN}{KANA}]", f"[{HANGUL}]"),
    "ko": (f"[{HANGUL}]", f"[{KANA}]"),
    "hi": (r"[\u0900-\u097f]", r"[\u0980-\u09ff]"),
    "bn": (r"[\u0980-\u09ff]", r"[\u0900-\u097f]"),
}

# ISO 3166-1 alpha-2 codes of the 193 UN member states.
UN_MEMBERS = set(
    "AF AL DZ AD AO AG AR AM AU AT AZ BS BH BD BB BY BE BZ BJ BT BO BA BW BR BN BG BF BI CV KH "
    "CM CA CF TD CL CN CO KM CG CD CR CI HR CU CY CZ DK DJ DM DO EC EG SV GQ ER EE SZ ET FJ FI "
    "FR GA GM GE DE GH GR GD GT GN GW GY HT HN HU IS IN ID IR IQ IE IL IT JM JP JO KZ KE KI KP "
    "KR KW KG LA LV LB LS LR LY LI LT LU MG MW MY MV ML MT MH MR MU MX FM MD MC MN ME MA MZ MM "
    "NA NR NP NL NZ NI NE NG MK NO OM PK PW PA PG PY PE PH PL PT QA RO RU RW KN LC VC WS SM ST "
    "SA SN RS SC SL SG SK SI SB SO ZA SS ES LK SD SR SE CH SY TJ TZ TH TL TG TO TT TN TR TM TV "
    "UG UA AE GB US UY UZ VU VE VN YE ZM ZW".split()
)
LEADER_CATEGORIES = {"head_of_state", "head_of_government", "royalty"}

Row = dict[str, str]


def pack_dir() -> Path:
    return Path(str(files("provguard.rules").joinpath("people")))


def pack_files() -> list[Path]:
    return sorted(pack_dir().glob("*.tsv"))


def read_pack(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return rows[0], rows[1:]


def all_rows() -> Iterator[tuple[str, int, Row]]:
    for path in pack_files():
        header, rows = read_pack(path)
        for i, cells in enumerate(rows, start=2):
            yield path.name, i, dict(zip(header, cells, strict=False))


def test_pack_files_exist() -> None:
    names = {p.name for p in pack_files()}
    assert "politics.tsv" in names, f"politics.tsv missing from {pack_dir()}"


@pytest.mark.parametrize("path", pack_files(), ids=lambda p: p.name)
def test_header_and_cell_count(path: Path) -> None:
    header, rows = read_pack(path)
    assert header in (HEADER, HEADER + EXTRA), f"{path.name}: header differs"
    bad = [i for i, cells in enumerate(rows, start=2) if len(cells) != len(header)]
    assert not bad, f"{path.name}: lines with != {len(header)} cells: {bad[:20]}"


def test_required_cells() -> None:
    problems = []
    for name, line, row in all_rows():
        if not row.get("name_en", "").strip():
            problems.append(f"{name}:{line}: empty name_en")
        if not row.get("source", "").strip():
            problems.append(f"{name}:{line}: empty source")
        supplement = not row.get("category")  # adds forms to a person defined elsewhere
        if not supplement and not re.fullmatch(r"[A-Z]{2}", row.get("country", "")):
            problems.append(f"{name}:{line}: country {row.get('country')!r} is not ISO alpha-2")
        if row.get("qid") and not re.fullmatch(r"Q\d+", row["qid"]):
            problems.append(f"{name}:{line}: bad qid {row['qid']!r}")
    assert not problems, "\n".join(problems[:50])


def test_cells_are_clean() -> None:
    """No empty items ("a||b"), no padding, no control characters inside multi-valued cells."""
    problems = []
    for name, line, row in all_rows():
        for col in MULTI:
            value = row.get(col, "")
            if not value:
                continue
            items = value.split("|")
            if any(not x or x != x.strip() for x in items):
                problems.append(f"{name}:{line}: {col} has empty or padded items: {value!r}")
            if re.search(r"[\x00-\x1f\x7f]", value):
                problems.append(f"{name}:{line}: {col} has control characters")
    assert not problems, "\n".join(problems[:50])


def test_supplements_extend_known_people_and_extra_cells_are_valid() -> None:
    """A supplement row (no category) must name a person of another row; roles must be known
    to the role templates; death dates are ISO dates."""
    known = {row["name_en"] for _, _, row in all_rows() if row.get("category")}
    tpl = pack_dir() / "roles" / "templates.tsv"
    roles = {line.split("\t")[0] for line in tpl.read_text(encoding="utf-8").splitlines()[1:] if line}
    problems = []
    for name, line, row in all_rows():
        if not row.get("category") and row["name_en"] not in known:
            problems.append(f"{name}:{line}: supplement for unknown person {row['name_en']!r}")
        for spec in filter(None, row.get("org_roles", "").split("|")):
            role, _, org = spec.partition(":")
            if role not in roles or not org:
                problems.append(f"{name}:{line}: bad org role {spec!r}")
        died = row.get("died", "")
        if died and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", died):
            problems.append(f"{name}:{line}: bad death date {died!r}")
    assert not problems, "\n".join(problems[:50])


def test_politics_categories() -> None:
    _, rows = read_pack(pack_dir() / "politics.tsv")
    bad = sorted({cells[2] for cells in rows if cells[2] not in POLITICS_CATEGORIES})
    assert not bad, f"politics.tsv: unknown categories {bad}"


def test_qids_unique_across_files() -> None:
    seen: dict[str, str] = {}
    dups = []
    for name, line, row in all_rows():
        q = row.get("qid", "")
        if not q:
            continue
        if q in seen:
            dups.append(f"{q}: {seen[q]} and {name}:{line}")
        seen[q] = f"{name}:{line}"
    assert not dups, "duplicate QIDs:\n" + "\n".join(dups)


def test_no_duplicate_names_within_category_country() -> None:
    # a supplement row (no category) may extend the same person from several files, once per file
    keys = Counter(
        (row["name_en"].casefold(), row["category"], row["country"], "" if row["category"] else name)
        for name, _, row in all_rows()
    )
    dups = [k for k, c in keys.items() if c > 1]
    assert not dups, f"duplicate (name_en, category, country): {dups[:20]}"


def test_no_duplicate_names_in_politics() -> None:
    _, rows = read_pack(pack_dir() / "politics.tsv")
    names = Counter(cells[1].casefold() for cells in rows)
    assert not [n for n, c in names.items() if c > 1]


def test_scripts_match_columns() -> None:
    problems: list[str] = []
    for name, line, row in all_rows():
        for col, (must, must_not) in SCRIPT_RULES.items():
            problems.extend(
                f"{name}:{line}: {col}={item!r} ({row['name_en']})"
                for item in filter(None, row.get(col, "").split("|"))
                if not re.search(must, item) or re.search(must_not, item)
            )
    assert not problems, "wrong script:\n" + "\n".join(problems[:50])


def test_politics_pack_size() -> None:
    _, rows = read_pack(pack_dir() / "politics.tsv")
    assert len(rows) >= MIN_POLITICS_ROWS, f"politics.tsv has {len(rows)} rows, want >= {MIN_POLITICS_ROWS}"


def test_every_un_member_has_a_leader() -> None:
    _, rows = read_pack(pack_dir() / "politics.tsv")
    covered = {cells[3] for cells in rows if cells[2] in LEADER_CATEGORIES}
    missing = sorted(UN_MEMBERS - covered - {"SM"})  # San Marino's captains regent rotate every six months
    assert not missing, f"UN members without a head of state/government row: {missing}"


def test_total_rows_across_pack_files() -> None:
    total = sum(len(read_pack(p)[1]) for p in pack_files())
    assert total >= MIN_TOTAL_ROWS, (
        f"people pack has {total} rows across {[p.name for p in pack_files()]}, want >= {MIN_TOTAL_ROWS} "
        "(issue 5: politics.tsv + culture_business.tsv together)"
    )


def test_seed_people_are_covered(fixtures_dir: Path) -> None:
    seed = PEOPLE / "provguard-seed" / "public_figures_seed.tsv"
    _, seed_rows = read_pack(seed)
    by_qid = {row["qid"] for _, _, row in all_rows() if row["qid"]}
    by_name = {row["name_en"].casefold() for _, _, row in all_rows()}
    missing = [
        cells[1] for cells in seed_rows
        if not ((cells[0] and cells[0] in by_qid) or cells[1].casefold() in by_name)
    ]
    assert not missing, f"seed people missing from rules/people/*.tsv: {missing}"


def test_seed_forms_kept_for_politics(fixtures_dir: Path) -> None:
    """Seed surface forms of the political figures we carry must survive curation (we only add forms)."""
    seed = PEOPLE / "provguard-seed" / "public_figures_seed.tsv"
    seed_header, seed_rows = read_pack(seed)
    pack = {row["name_en"]: row for _, _, row in all_rows() if row.get("category")}  # not supplements
    lost = []
    for cells in seed_rows:
        s = dict(zip(seed_header, cells, strict=False))
        if s["category"] not in POLITICS_CATEGORIES or s["name_en"] not in pack:
            continue
        row = pack[s["name_en"]]
        for col in ("zh_hans", "ja", "ko", "hi", "bn", "aliases_latin"):
            have = set(row[col].split("|"))
            lost += [f"{s['name_en']}.{col}: {x}" for x in filter(None, s[col].split("|")) if x not in have]
    assert not lost, "seed forms dropped:\n" + "\n".join(lost)


def test_ambiguous_short_forms_are_noted() -> None:
    """A known collision-prone alias (ordinary word) must come with an ambiguity note."""
    risky = {"trump", "tusk", "rice", "moon", "bush", "polis", "talon", "bass", "namo", "cupcake"}
    problems = []
    for name, line, row in all_rows():
        forms = {x.casefold() for x in row["aliases_latin"].split("|") if x}
        hit = forms & risky
        if hit and not row["ambiguity_note"].strip():
            problems.append(f"{name}:{line}: {row['name_en']} lists {sorted(hit)} but has no ambiguity_note")
    assert not problems, "\n".join(problems)
