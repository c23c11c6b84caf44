"""People packs and the gazetteer: formats, ambiguity, pinyin, import into the data dir."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from conftest import PEOPLE
from test_screen_helpers import SEED, seed_screener

from provguard.config import Settings
from provguard.errors import InputError
from provguard.screen import Screener
from provguard.screen.gazetteer import person_surfaces
from provguard.screen.people import import_people, list_imported, read_people

MERGED = PEOPLE / "wikidata-person-names-cc0" / "people_merged.tsv.gz"


def test_seed_pack_reads_every_script() -> None:
    people = {p.name: p for p in read_people(SEED)}
    assert len(people) == 41
    musk = people["Elon Musk"]
    assert musk.id == "Q317521" and "马斯克" in musk.names and "일론 머스크" in musk.names
    assert people["Kamala Harris"].id == "pg:kamala-harris"  # no QID: stable slug id


def test_ambiguity_note_makes_forms_weak_and_full_names_stay_strong() -> None:
    people = {p.name: p for p in read_people(SEED)}
    forms = {s.form: s.weak for s in person_surfaces(0, people["Elon Musk"])}
    assert forms["musk"] is True and forms["elon musk"] is False and forms["马斯克"] is False
    altman = {s.form: s.weak for s in person_surfaces(0, people["Sam Altman"])}
    assert altman["奥特曼"] is True and altman["sam altman"] is False
    lei = {s.form: (s.weak, s.kind) for s in person_surfaces(0, people["Lei Jun"])}
    assert lei["雷军"] == (False, "name") and lei["xiaomi ceo"] == (False, "role")


def test_pinyin_is_generated_for_chinese_names() -> None:
    people = {p.name: p for p in read_people(SEED)}
    forms = {s.form: s for s in person_surfaces(0, people["Zhang Yimou"])}
    assert forms["zhang yi mou"].kind == "pinyin" and not forms["zhang yi mou"].weak
    # a run-together pinyin form that is an everyday word is dropped; the spaced one stays
    kept = {s.form for s in person_surfaces(0, people["Zhang Yimou"], everyday=frozenset({"zhangyimou"}))}
    assert "zhangyimou" in forms and "zhangyimou" not in kept and "zhang yi mou" in kept


def test_merged_fixture_format_with_gzip() -> None:
    people = read_people(MERGED)
    assert len(people) > 80_000
    by_name = {p.name: p for p in people[:2000]}
    assert "조지 워싱턴" in by_name["George Washington"].names
    assert not people[0].curated


def test_import_cli_format_into_data_dir_and_screen(tmp_path: Path) -> None:
    src = tmp_path / "staff.jsonl"
    src.write_text(
        json.dumps(
            {
                "id": "acme:42",
                "name": "Priya Raman",
                "names": ["Priya Raman", "प्रिया रमन"],
                "aliases": ["p. raman"],
                "curated": True,
            }
        )
        + "\n",
        encoding="utf-8",
    )
    settings = Settings(data_dir=tmp_path / "data")
    pack, n, dest = import_people(src, settings.data_dir, "acme-staff")
    assert (pack, n) == ("acme-staff", 1) and dest in list_imported(settings.data_dir)
    s = seed_screener(tmp_path)  # without imported lists
    # no list knows her, but a name-like span in a sexual context is an unknown person: review
    d = s.screen("Priya Raman naked")
    assert d.action == "review" and d.categories[0] == "unknown_person"
    assert next(f for f in d.findings if f.signal == "unknown_person").match == "Priya Raman"
    s = Screener.load(rules_dir=tmp_path / "rules", settings=settings, people_packs=[SEED])
    d = s.screen("photo of प्रिया रमन being arrested")
    person = next(f for f in d.findings if f.signal == "person")
    assert d.action == "block" and person.entity is not None and person.entity.id == "acme:42"
    assert person.match == "प्रिया रमन"


def test_imported_single_tokens_are_weak(tmp_path: Path) -> None:
    src = tmp_path / "list.tsv"
    src.write_text(
        "qid\tname_en\tnames\taliases\tcategory\tcountry\tprominence\tsource\n"
        "\tMadonna\tMadonna|마돈나\t\t\t\t\tx\n\tAda Quill\tAda Quill\t\t\t\t\tx\n",
        encoding="utf-8",
    )
    settings = Settings(data_dir=tmp_path / "data")
    import_people(src, settings.data_dir)
    seed_screener(tmp_path)  # writes tmp_path/rules (packs + profiles, no built-in people)
    s = Screener.load(rules_dir=tmp_path / "rules", settings=settings)
    assert s.screen("a madonna and child, renaissance fresco").action == "allow"
    assert s.screen("Ada Quill being arrested").action == "block"
    assert (
        s.screen("a photo of Ada Quill").action == "allow"
    )  # uncurated list: photorealism alone is not enough


@pytest.mark.parametrize("content", [b"\xff\xfe garbage", b"a\tb\nc\td\n", b'{"id": 1}\n', b"not json\n"])
def test_bad_import_files_are_input_errors(tmp_path: Path, content: bytes) -> None:
    suffix = ".jsonl" if content.strip().startswith((b"{", b"not")) else ".tsv"
    src = tmp_path / f"bad{suffix}"
    src.write_bytes(content)
    with pytest.raises(InputError):
        import_people(src, tmp_path / "data")


def test_bad_gzip_is_an_input_error(tmp_path: Path) -> None:
    src = tmp_path / "x.tsv.gz"
    src.write_bytes(gzip.compress(b"qid\tname_en\tnames\n")[:10])
    with pytest.raises(InputError):
        read_people(src)
