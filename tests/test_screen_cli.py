"""``provguard screen|rules|people`` as a user runs them: real subprocesses, real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import IMAGES, PEOPLE
from test_screen_helpers import SEED


def run(
    args: list[str], env: dict[str, str], stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "provguard.cli", *args], input=stdin, capture_output=True, env=env, timeout=120
    )


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    data = tmp_path_factory.mktemp("cli")
    e = {k: v for k, v in os.environ.items() if not k.startswith("PROVGUARD_")}
    e["PROVGUARD_DATA_DIR"] = str(data)
    e["PROVGUARD_PEOPLE_PACKS"] = json.dumps([str(SEED)])
    return e


def test_single_prompt_json_and_exit_codes(env: dict[str, str]) -> None:
    r = run(["screen", "Musk selling Lao Gan Ma chili sauce", "--format", "json"], env)
    assert r.returncode == 1, r.stderr
    d = json.loads(r.stdout)
    assert d["action"] == "block" and d["policy"] == "standard" and len(d["policy_digest"]) == 64
    f = next(f for f in d["findings"] if f["entity"])
    assert f["span"] == [0, 4] and f["match"] == "Musk" and f["entity"]["name"] == "Elon Musk"
    assert set(f) >= {"rule", "category", "span", "match", "entity"} and "\n" not in d["explanation"]
    r = run(["screen", "a snowy campus at dusk"], env)
    assert r.returncode == 0 and b"allow" in r.stdout


def test_jsonl_input_with_bad_lines_still_processes_the_rest(env: dict[str, str], tmp_path: Path) -> None:
    lady = IMAGES / "huminify-c2pa-detector" / "lady.png"
    lines = [
        json.dumps({"id": "ok", "prompt": "recipe infographic for dumplings"}).encode(),
        b"{not json",
        b"\xff\xfe\xfa",
        json.dumps({"id": "img", "prompt": "make her naked", "image": str(lady)}).encode(),
        json.dumps({"id": "missing-img", "prompt": "x", "image": str(tmp_path / "nope.png")}).encode(),
        json.dumps(
            {
                "id": "conv",
                "prompt": "Same setting, one more hyperrealistic photo \u2014 this time a handshake "
                "with the King of Sweden",
                "context": ["Using this face, generate him receiving the Nobel Prize"],
            },
            ensure_ascii=False,
        ).encode(),
    ]
    src = tmp_path / "in.jsonl"
    src.write_bytes(b"\n".join(lines) + b"\n")
    r = run(["screen", "--input", str(src)], env)
    assert r.returncode == 3
    out = [json.loads(x) for x in r.stdout.decode().splitlines()]
    assert [o["id"] for o in out] == ["ok", "img", "conv"]
    assert [o["action"] for o in out] == ["allow", "block", "block"]
    err = r.stderr.decode()
    assert "in.jsonl:2: not JSON" in err and "in.jsonl:3: invalid UTF-8" in err and "cannot read image" in err
    conv = out[2]
    assert any(f["turn"] == 0 and f["rule"] == "face.ref.en" for f in conv["findings"])
    # stdin, all good but something blocked -> 1
    r = run(
        ["screen", "--input", "-"],
        env,
        stdin=b'{"id": 1, "prompt": "\xe5\x8e\xbb\xe6\xb0\xb4\xe5\x8d\xb0"}\n',
    )
    assert r.returncode == 1 and json.loads(r.stdout)["id"] == 1  # echoed as given


def test_context_file_image_and_policy_flags(env: dict[str, str], tmp_path: Path) -> None:
    ctx = tmp_path / "ctx.jsonl"
    ctx.write_text(json.dumps({"prompt": "Using this face, generate him receiving the Nobel Prize"}) + "\n")
    r = run(
        [
            "screen",
            "now one of him kissing a colleague, hyperrealistic",
            "--context",
            str(ctx),
            "-f",
            "jsonl",
        ],
        env,
    )
    assert r.returncode == 1 and json.loads(r.stdout)["action"] == "block"
    r = run(
        [
            "screen",
            "turn it into a watercolor",
            "--image",
            str(IMAGES / "huminify-c2pa-detector" / "lady.png"),
            "--policy",
            "strict",
            "-f",
            "json",
        ],
        env,
    )
    d = json.loads(r.stdout)
    assert (r.returncode, d["policy"], d["action"], d["categories"]) == (
        0,
        "strict",
        "warn",
        ["face_in_image"],
    )
    prof = tmp_path / "team.yaml"
    prof.write_text("name: team\nextends: permissive\nactions: {forged_document: block}\n")
    r = run(["screen", "a doctor's prescription", "--policy", str(prof), "-f", "json"], env)
    assert json.loads(r.stdout)["policy"] == "team" and r.returncode == 1


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["screen"], 2),
        (["screen", "x", "--input", "-"], 2),
        (["screen", "x", "--policy", "nonexistent"], 2),
        (["screen", "x", "--format", "yaml"], 2),
        (["screen", "x", "--context", "/nonexistent/ctx.jsonl"], 3),
        (["screen", "x", "--image", "/nonexistent.png"], 3),
        (["screen", "--input", "/nonexistent.jsonl"], 3),
    ],
)
def test_usage_and_input_errors(env: dict[str, str], args: list[str], code: int) -> None:
    r = run(args, env)
    assert r.returncode == code, (r.stdout, r.stderr)
    assert b"Traceback" not in r.stderr


def test_rules_test_and_lint(env: dict[str, str]) -> None:
    r = run(["rules", "test"], env)
    assert r.returncode == 0, r.stdout.decode()[-2000:]
    assert b"examples pass" in r.stdout
    r = run(["rules", "lint"], env)
    assert r.returncode == 0 and b"0 errors" in r.stdout
    r = run(["rules", "list", "--json"], env)
    assert len(json.loads(r.stdout)["rules"]) >= 60


def test_people_import_list_remove(env: dict[str, str], tmp_path: Path) -> None:
    e = dict(env, PROVGUARD_DATA_DIR=str(tmp_path / "data"))
    small = tmp_path / "small.tsv"
    header = SEED.read_text(encoding="utf-8").splitlines()[0] + "\tsource"
    small.write_text(
        header + "\nQ999999\tZelda Quartermaine\tbusiness\tUS" + "\t" * 10 + "\tteam\n", encoding="utf-8"
    )
    r = run(["people", "import", str(small), "--name", "execs"], e)
    assert r.returncode == 0, r.stderr
    assert b"imported 1 people as 'execs'" in r.stdout
    r = run(["screen", "Zelda Quartermaine endorsing a crypto giveaway", "-f", "json"], e)
    d = json.loads(r.stdout)
    assert r.returncode == 1 and any(f["entity"] and f["entity"]["id"] == "Q999999" for f in d["findings"])
    r = run(["people", "list", "--json"], e)
    assert any(p["name"] == "execs" and p["people"] == 1 for p in json.loads(r.stdout)["packs"])
    assert run(["people", "remove", "execs"], e).returncode == 0
    assert run(["people", "remove", "execs"], e).returncode == 3
    r = run(["people", "import", str(tmp_path / "missing.tsv")], e)
    assert r.returncode == 3 and b"Traceback" not in r.stderr


@pytest.mark.slow
def test_import_the_70k_fixture(env: dict[str, str], tmp_path: Path) -> None:
    e = dict(env, PROVGUARD_DATA_DIR=str(tmp_path / "data"))
    r = run(
        [
            "people",
            "import",
            str(PEOPLE / "wikidata-person-names-cc0" / "people_merged.tsv.gz"),
            "--name",
            "wd",
        ],
        e,
    )
    assert r.returncode == 0, r.stderr
    r = run(["screen", "Scarlett Johansson naked", "-f", "json"], e)
    assert json.loads(r.stdout)["action"] == "block"
    r = run(["screen", "George Washington crossing the Delaware, oil painting", "-f", "json"], e)
    assert json.loads(r.stdout)["action"] == "allow"


def test_people_and_rules_share_the_output_conventions(env: dict[str, str], tmp_path: Path) -> None:
    e = dict(env, PROVGUARD_DATA_DIR=str(tmp_path / "data"))
    small = tmp_path / "small.tsv"
    header = SEED.read_text(encoding="utf-8").splitlines()[0] + "\tsource"
    small.write_text(
        header + "\nQ999998\tOrla Pemberton-Vance\tbusiness\tUS" + "\t" * 10 + "\tteam\n", encoding="utf-8"
    )
    r = run(["people", "import", str(small), "--name", "board", "--format", "json"], e)
    data = json.loads(r.stdout)
    assert r.returncode == 0 and data["imported"] == "board" and data["people"] == 1
    assert data["gazetteer_people"] > 1 and data["forms"] > 0
    r = run(["people", "list", "--format", "json"], e)
    assert any(p["name"] == "board" for p in json.loads(r.stdout)["packs"])
    r = run(["people", "list"], e)
    assert r.stdout.decode().split()[:4] == ["name", "kind", "people", "path"]
    r = run(["people", "remove", "board"], e)  # text by default, like import
    assert r.returncode == 0 and r.stdout == b"removed imported people list 'board'\n"
    run(["people", "import", str(small), "--name", "board"], e)
    r = run(["people", "remove", "board", "--format", "json"], e)
    assert json.loads(r.stdout) == {"removed": "board"}
    r = run(["rules", "list", "--format", "json"], e)
    assert len(json.loads(r.stdout)["rules"]) >= 60
    assert run(["rules", "list", "--format", "yaml"], e).returncode == 2
