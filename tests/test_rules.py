"""Rule packs as data: every shipped example passes, broken packs refuse to load, lint works."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPO
from test_screen_helpers import SEED, seed_screener

from provguard.config import Settings
from provguard.errors import RuleLoadError
from provguard.screen import Screener
from provguard.screen.rules import load_profile, load_rule_set
from provguard.screen.ruletest import lint, run_examples
from provguard.screen.taxonomy import CATEGORIES


def test_every_shipped_rule_example_passes(tmp_path: Path) -> None:
    s = seed_screener(tmp_path)
    results = run_examples(s)
    failed = [(r.rule, r.kind, r.text) for r in results if not r.ok and r.kind != "todo"]
    assert not failed
    assert {r.rule for r in results} == {r.id for r in s.rules}
    assert len(s.rules) >= 60


def test_every_profile_maps_every_category_and_categories_have_hazards() -> None:
    for name in ("strict", "standard", "permissive"):
        _, actions, _, _ = load_profile(name)
        assert set(actions) == set(CATEGORIES)
    assert CATEGORIES["election_deepfake"][0] == "S13" and CATEGORIES["ncii"][0] == "S3"


GOOD_RULE = """
  - id: x.test.en
    signal: standalone
    category: forged_document
    keywords: [foo]
    examples: {must_match: [foo], must_not_match: [bar]}
"""


@pytest.mark.parametrize(
    ("pack", "message"),
    [
        ("pack: p\nlanguage: xx\nrules:" + GOOD_RULE, "unknown language"),
        (
            "pack: p\nlanguage: en\nrules:" + GOOD_RULE.replace("forged_document", "made_up"),
            "unknown category",
        ),
        ("pack: p\nlanguage: en\nrules:" + GOOD_RULE + "    regex: ['(unclosed']\n", "bad regex"),
        ("pack: p\nlanguage: en\nrules:" + GOOD_RULE + "    colour: red\n", "Extra inputs"),
        (
            "pack: p\nlanguage: en\nrules:"
            + GOOD_RULE.replace("must_not_match: [bar]", "must_not_match: []"),
            "at least 1",
        ),
        ("pack: p\nlanguage: en\nrules:" + GOOD_RULE + GOOD_RULE, "duplicate rule id"),
        ("pack: p\nlanguage: en\nrules: [\n", "not valid UTF-8 YAML"),
        ("pack: p\nlanguage: en\nrules: []\n", "no screening rules"),
        ("pack: p\nlanguage: en\nrules:" + GOOD_RULE + "    unless: ['@nowhere']\n", "unknown term list"),
        ("pack: p\nlanguage: en\nterms: {Bad Name: [x]}\nrules:" + GOOD_RULE, "a lowercase name"),
        ("pack: p\nlanguage: en\nterms: {empty: []}\nrules:" + GOOD_RULE, "at least one term"),
    ],
)
def test_broken_packs_are_load_errors(tmp_path: Path, pack: str, message: str) -> None:
    (tmp_path / "packs").mkdir()
    shutil.copytree(REPO / "rules" / "profiles", tmp_path / "profiles")
    (tmp_path / "packs" / "p.yaml").write_text(pack, encoding="utf-8")
    with pytest.raises(RuleLoadError, match=message):
        load_rule_set(tmp_path)
        Screener.load(rules_dir=tmp_path, settings=Settings(data_dir=tmp_path / "d"), people_packs=[SEED])


def test_broken_profile_is_a_load_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: bad\nextends: standard\nactions: {real_person: maybe}\n", encoding="utf-8")
    with pytest.raises(RuleLoadError, match="real_person"):
        load_profile(bad)
    loop = tmp_path / "loop.yaml"
    loop.write_text(f"name: loop\nextends: {loop}\n", encoding="utf-8")
    with pytest.raises(RuleLoadError, match="circular"):
        load_profile(loop)


def test_a_new_rule_in_a_team_pack_fires_with_its_examples(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(REPO / "rules" / "packs", rules / "packs")
    shutil.copytree(REPO / "rules" / "profiles", rules / "profiles")
    (rules / "packs" / "team.yaml").write_text(
        "pack: team\nlanguage: en\nrules:\n"
        "  - id: team.codename.en\n    signal: standalone\n    category: provenance_evasion\n"
        "    keywords: [project nightjar]\n"
        "    examples: {must_match: ['leak the project nightjar render'],\n"
        "               must_not_match: ['a nightjar bird']}\n",
        encoding="utf-8",
    )
    s = Screener.load(rules_dir=rules, settings=Settings(data_dir=tmp_path / "d"), people_packs=[SEED])
    assert s.screen("leak the Project Nightjar render").action == "block"
    assert all(r.ok for r in run_examples(s) if r.rule == "team.codename.en")


def test_lint_reports_person_keyword_collisions(tmp_path: Path) -> None:
    people = tmp_path / "people.tsv"
    header = (SEED.read_text(encoding="utf-8").splitlines()[0]) + "\tsource"
    people.write_text(
        header + "\n\tJane Roe\tbusiness\tUS\t\t\t\t\t\t\tjane roe|nude\t\t\t\ttest\n", encoding="utf-8"
    )
    s = seed_screener(tmp_path)
    s2 = Screener.load(
        rules_dir=tmp_path / "rules",
        settings=Settings(data_dir=tmp_path / "d2"),
        people_packs=[people],
        include_imported=False,
    )
    assert not [i for i in lint(s) if i.level == "error"]
    assert any("'nude' names Jane Roe" in i.message for i in lint(s2))
    # the colliding form is demoted to weak: "nude" alone never names Jane Roe
    assert not any(f.signal == "person" for f in s2.screen("a nude figure drawing class").findings)


def test_a_named_term_list_is_cited_by_rules_of_any_pack(tmp_path: Path) -> None:
    """One list, defined once (rules/packs/terms.yaml ships them), read by every rule that cites it."""
    (tmp_path / "packs").mkdir()
    shutil.copytree(REPO / "rules" / "profiles", tmp_path / "profiles")
    (tmp_path / "packs" / "a.yaml").write_text(
        "pack: a\nlanguage: any\nterms: {props: [toy, prop, replica]}\nrules: []\n", encoding="utf-8"
    )
    rule = GOOD_RULE + "    unless: ['@props', fake]\n"
    (tmp_path / "packs" / "b.yaml").write_text("pack: b\nlanguage: en\nrules:" + rule, encoding="utf-8")
    (r,) = load_rule_set(tmp_path).rules
    assert r.unless == ["toy", "prop", "replica", "fake"]
    (tmp_path / "packs" / "c.yaml").write_text(
        "pack: c\nlanguage: any\nterms: {props: [doll]}\nrules: []\n", encoding="utf-8"
    )
    with pytest.raises(RuleLoadError, match="term list 'props' is also defined in a.yaml"):
        load_rule_set(tmp_path)


def test_the_shipped_transparent_background_list_is_one_list() -> None:
    rules = {r.id: r for r in load_rule_set().rules}
    citing = [r for r in rules.values() if "fondo transparente" in r.unless]
    assert len(citing) >= 25 and "ctx.election.de" in rules and rules["ctx.election.de"] in citing
    raw = "".join(p.read_text(encoding="utf-8") for p in (REPO / "rules" / "packs").glob("*.yaml"))
    assert raw.count("fondo transparente, ") == 1  # the list itself, in terms.yaml; rules cite it
