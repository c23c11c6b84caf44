"""The `provguard inspect` contract: formats, exit codes, trust anchors (flag and settings), TTY progress."""

from __future__ import annotations

import io
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from provguard.cli.inspect_cmd import OutputFormat, run_inspect
from provguard.errors import UsageError
from tests.conftest import IMAGES
from tests.test_provenance_c2pa import _created, _make_chain, _sign

FEW = [
    IMAGES / "c2pa-rs/XCA.jpg",
    IMAGES / "sd-parsers/novelai1_cropped.png",
    IMAGES / "exif-samples/Canon_40D.jpg",
]


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "provguard.cli", "inspect", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=full_env,
    )


def run(fmt: OutputFormat, paths: list[Path], **kw: object) -> tuple[int, str]:
    out = io.StringIO()
    args = {"recursive": False, "workers": 1, "fail_on": None, "trust_anchors": None, "watermark": None, **kw}
    code = run_inspect(paths, fmt=fmt, out=out, **args)
    return code, out.getvalue()


def test_json_is_a_list_of_verdicts(fixtures_dir: Path) -> None:
    code, text = run(OutputFormat.json, FEW)
    data = json.loads(text)
    assert code == 0
    assert [(Path(d["path"]).name, d["verdict"]) for d in data] == [
        ("XCA.jpg", "tampered"),
        ("novelai1_cropped.png", "ai_generated"),
        ("Canon_40D.jpg", "no_provenance"),
    ]


def test_sarif_2_1_0(fixtures_dir: Path, tmp_path: Path) -> None:
    missing = tmp_path / "gone.png"
    code, text = run(OutputFormat.sarif, [*FEW, missing])
    assert code == 3
    log = json.loads(text)
    assert log["version"] == "2.1.0" and "sarif" in log["$schema"]
    run0 = log["runs"][0]
    assert run0["tool"]["driver"]["name"] == "provguard"
    rule_ids = {r["id"] for r in run0["tool"]["driver"]["rules"]}
    results = run0["results"]
    assert [r["ruleId"] for r in results] == ["tampered", "ai_generated", "no_provenance"]
    assert all(r["ruleId"] in rule_ids for r in results)
    assert results[0]["level"] == "error" and "dataHash" in results[0]["message"]["text"]
    assert results[1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(
        "novelai1_cropped.png"
    )
    inv = run0["invocations"][0]
    assert inv["exitCode"] == 3 and not inv["executionSuccessful"]
    assert inv["toolExecutionNotifications"][0]["message"]["text"].startswith("not_found")


def test_table_output(fixtures_dir: Path) -> None:
    code, text = run(OutputFormat.table, FEW)
    assert code == 0
    for word in ("tampered", "ai_generated", "no_provenance", "[c2pa]", "[png_text]"):
        assert word in text


def test_fail_on_and_usage_errors(fixtures_dir: Path, tmp_path: Path) -> None:
    assert run(OutputFormat.jsonl, FEW, fail_on="ai_generated,tampered")[0] == 1
    assert run(OutputFormat.jsonl, FEW, fail_on="captured")[0] == 0
    with pytest.raises(UsageError):
        run(OutputFormat.jsonl, FEW, fail_on="ai_generatd")
    proc = cli(str(FEW[0]), "--fail-on", "nonsense")
    assert proc.returncode == 2 and "unknown verdict" in proc.stderr
    proc = cli(str(FEW[0]), "--trust-anchors", str(tmp_path / "none.pem"))
    assert proc.returncode == 2 and "trust anchors" in proc.stderr
    assert cli(str(FEW[0]), "--format", "yaml").returncode == 2
    assert cli(str(FEW[1]), "--fail-on", "ai_generated", "-f", "jsonl").returncode == 1
    assert cli(str(FEW[2]), "-f", "jsonl").returncode == 0


def test_trust_anchors_flag_and_environment(tmp_path: Path, fixtures_dir: Path) -> None:
    chain = _make_chain(tmp_path, "cli test root")
    signed = tmp_path / "signed.jpg"
    signed.write_bytes(
        _sign(chain, (IMAGES / "c2pa-python/A.jpg").read_bytes(), _created("trainedAlgorithmicMedia"))
    )
    plain = json.loads(cli(str(signed), "-f", "jsonl").stdout)
    assert plain["trust"] == "untrusted"
    flag = json.loads(cli(str(signed), "-f", "jsonl", "--trust-anchors", str(chain.root_path)).stdout)
    assert flag["trust"] == "trusted" and flag["c2pa"]["trust_anchor"] == "cli test root"
    env = json.loads(
        cli(str(signed), "-f", "jsonl", env={"PROVGUARD_TRUST_ANCHORS": str(chain.root_path)}).stdout
    )
    assert env["trust"] == "trusted"


def test_progress_bar_only_on_a_tty(tmp_path: Path, fixtures_dir: Path) -> None:
    args = [
        sys.executable,
        "-m",
        "provguard.cli",
        "inspect",
        str(IMAGES / "sd-parsers"),
        "-f",
        "jsonl",
        "-j",
        "1",
    ]
    master, slave = pty.openpty()
    try:
        proc = subprocess.run(args, stdout=subprocess.PIPE, stderr=slave, timeout=120)
        os.close(slave)
        seen = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(master)
    assert b"inspecting" in seen  # the bar went to the terminal on stderr
    lines = proc.stdout.decode().splitlines()
    assert len(lines) == 15 and all(json.loads(x)["path"] for x in lines)  # stdout stays clean JSON Lines
    piped = subprocess.run(args, capture_output=True, timeout=120)
    assert b"inspecting" not in piped.stderr
