"""Golden bytes for records (RFC 8785) and checkpoints (C2SP signed note), so encodings never drift."""

from __future__ import annotations

import base64
import hashlib
from datetime import UTC, datetime
from typing import Any

import pytest
import rfc8785
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from provguard.audit.checkpoint import (
    CheckpointError,
    Signer,
    VerifierKey,
    generate_key,
    load_key,
    parse_checkpoint,
    sign_checkpoint,
    verify_checkpoint,
)
from provguard.audit.records import AuditEvent, AuditRecord, build_leaf, canonical, record_leaf_hash
from provguard.errors import ConfigError, SigningError

EVENT = AuditEvent(
    event_type="screen.decision",
    team="acme",
    actor="key_1",
    request_id="r-1",
    decision="block",
    rule_ids=["ncii.undress", "deepfake.person"],
    policy_digest="sha256:abc",
    subject={"prompt_hmac": "hmac-sha256:00", "é": 1.5},
    payload={"prompt": "x"},
)
GOLDEN_LEAF = (
    '{"actor":"key_1","decision":"block","event_type":"screen.decision","log_id":"provguard",'
    '"payload_sha256":"sha256:b2c6fa432c7431184bb3a2e6a832348f92d09418f9dafb8f08bca2d429282ce2",'
    '"policy_digest":"sha256:abc","request_id":"r-1","rule_ids":["ncii.undress","deepfake.person"],"seq":7,'
    '"subject":{"prompt_hmac":"hmac-sha256:00","é":1.5},"team":"acme","time":"2026-01-02T03:04:05.600000Z","v":1}'
).encode()
GOLDEN_LEAF_HASH = "9d278578759f3d085911cef8313c9f4ad7c3345c5229ee930d50ee82b8bc70dd"
ROOT8 = bytes.fromhex("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328")
GOLDEN_CHECKPOINT = (
    "provguard\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\ntime 2026-01-02T03:04:05.000000Z\n\n"
    "\u2014 provguard 9kNMJci1UtrUKDHDFzzjUtVo/LQdjPHUfSovlnsOj3y07o8gROjrhX"
    "dxdTc01sYbDUBRInr2Ol/nBQRB6twUNhV42QQ=\n"
)
SIGNER = Signer("provguard", Ed25519PrivateKey.from_private_bytes(bytes(range(32))))
T0 = datetime(2026, 1, 2, 3, 4, 5, 600000, tzinfo=UTC)


def test_leaf_bytes_are_rfc8785_and_pinned() -> None:
    leaf, data = build_leaf(EVENT, log_id="provguard", seq=7, time=T0)
    assert data == GOLDEN_LEAF
    assert record_leaf_hash(data).hex() == GOLDEN_LEAF_HASH
    assert hashlib.sha256(b"\x00" + data).hexdigest() == GOLDEN_LEAF_HASH
    # the payload is not in the leaf, only its digest
    assert b'"prompt":' not in data
    # round trip: a record parsed from its leaf re-canonicalises to the same bytes
    rec = AuditRecord.from_leaf(data)
    assert canonical(rec.leaf_dict()) == data


def test_rfc8785_number_and_key_ordering() -> None:
    assert canonical({"b": 1, "a": [1e21, 0.1, -0.0], "\u20ac": "\u00e9"}) == (
        '{"a":[1e+21,0.1,0],"b":1,"\u20ac":"\u00e9"}'.encode()
    )
    with pytest.raises(ValueError):
        canonical({"x": float("nan")})


def test_bad_events_are_rejected() -> None:
    with pytest.raises(ValidationError):
        AuditEvent(event_type="")
    with pytest.raises(ValidationError):
        AuditEvent(event_type="Screen Decision")
    with pytest.raises(ValidationError):
        AuditEvent(event_type="screen.decision", unknown=1)  # type: ignore[call-arg]


def test_checkpoint_text_is_pinned_and_verifies() -> None:
    cp = sign_checkpoint(SIGNER, "provguard", 8, ROOT8, datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))
    assert cp.text == GOLDEN_CHECKPOINT
    got = verify_checkpoint(GOLDEN_CHECKPOINT, [SIGNER.verifier])
    assert (got.origin, got.size, got.root, got.time) == (
        "provguard",
        8,
        ROOT8,
        "2026-01-02T03:04:05.000000Z",
    )
    # key hash per c2sp.org/signed-note: SHA-256(name || "\n" || 0x01 || key)[:4]
    raw = SIGNER.verifier.public_raw
    assert got.key_ids == (hashlib.sha256(b"provguard\n\x01" + raw).digest()[:4].hex(),)
    vkey = SIGNER.verifier.vkey
    assert vkey == "provguard+f6434c25+" + base64.b64encode(b"\x01" + raw).decode()
    assert VerifierKey.parse(vkey) == SIGNER.verifier


@pytest.mark.parametrize(
    "mutate",
    [
        lambda t: t.replace("\n8\n", "\n9\n"),
        lambda t: t.replace("XcnaeacG", "XcnaeacH"),
        lambda t: t.replace("provguard\n8", "other\n8"),
        lambda t: t.replace("time 2026", "time 2027"),
    ],
)
def test_any_edit_breaks_the_signature(mutate: object) -> None:
    bad = mutate(GOLDEN_CHECKPOINT)  # type: ignore[operator]
    with pytest.raises(CheckpointError):
        verify_checkpoint(bad, [SIGNER.verifier])


def test_unknown_key_and_malformed_notes() -> None:
    other = Signer("provguard", Ed25519PrivateKey.generate())
    with pytest.raises(CheckpointError, match="no valid signature"):
        verify_checkpoint(GOLDEN_CHECKPOINT, [other.verifier])
    for text in (
        "",
        "provguard\n8\n",
        "provguard\nx\nAA==\n\n\u2014 k AAAAAAA=\n",
        GOLDEN_CHECKPOINT.rstrip("\n"),
        "provguard\n8\nnot base64!\n\n\u2014 provguard AAAAAAAA\n",
    ):
        with pytest.raises(CheckpointError):
            parse_checkpoint(text)
    with pytest.raises(CheckpointError):
        VerifierKey.parse("provguard+00000000+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4")


def test_key_files(tmp_path: object) -> None:
    from pathlib import Path

    p = Path(str(tmp_path)) / "k" / "audit.pem"
    key = generate_key(p)
    assert p.stat().st_mode & 0o077 == 0
    assert load_key(p).private_bytes_raw() == key.private_bytes_raw()
    with pytest.raises(ConfigError):
        generate_key(p)
    p.write_text("garbage")
    with pytest.raises(SigningError):
        load_key(p)
    with pytest.raises(SigningError):
        load_key(p.with_name("missing.pem"))


_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**60), 2**60)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=400, deadline=None)
@given(_json)
def test_canonical_fast_path_equals_rfc8785(value: Any) -> None:
    try:
        expected = rfc8785.dumps(value)
    except (rfc8785.CanonicalizationError, ValueError, TypeError):
        with pytest.raises(ValueError):
            canonical(value)
        return
    assert canonical(value) == expected


def test_canonical_edge_strings() -> None:
    values: list[Any] = [
        {"\U0001f600": 1, "\ufb01": 2},
        {"a\u2028b": '\x00\x1f\x7f/\\"'},
        [2**53 - 1, -(2**53 - 1)],
        {"x": 1.0},
    ]
    for value in values:
        assert canonical(value) == rfc8785.dumps(value)
