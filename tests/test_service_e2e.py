"""End to end over real sockets: uvicorn + the real `openai` client + the local upstream stand-in."""

from __future__ import annotations

import base64
import io
import json

import c2pa
import httpx
import openai
import pytest

from provguard.audit import AuditLog, merkle
from provguard.provenance.sign import ASSERTION_LABEL
from tests.conftest import IMAGES
from tests.test_service_harness import *  # noqa: F403  (fixtures: service, upstream, chain, fresh_upstream)
from tests.test_service_harness import Running
from tests.test_sign_chain import Chain
from tests.upstream_server import DEFAULT_IMAGE, UpstreamServer

BLOCK = "news photo of Joe Biden being arrested by police"
REVIEW = "photo of Barack Obama"
ALLOW = "a photo of a cat on a sofa"


def client(svc: Running, key: str) -> openai.OpenAI:
    return openai.OpenAI(base_url=svc.url + "/v1", api_key=key, max_retries=0, timeout=30)


def read_manifest(data: bytes, anchors: bytes | None = None) -> tuple[dict, str]:
    settings: dict = {"verify": {"remote_manifest_fetch": False}}
    if anchors:
        settings["trust"] = {"trust_anchors": anchors.decode()}
    with c2pa.Reader(
        "image/webp", io.BytesIO(data), context=c2pa.Context(c2pa.Settings.from_dict(settings))
    ) as r:
        return json.loads(r.json()), r.get_validation_state()


def test_blocked_prompt_is_refused_and_never_forwarded(
    service: Running, fresh_upstream: UpstreamServer
) -> None:
    oa = client(service, service.key())
    with pytest.raises(openai.BadRequestError) as info:
        oa.images.generate(prompt=BLOCK, model="dall-e-3")
    err = info.value
    assert err.code == "content_policy_violation"
    assert err.param == "prompt"
    body = err.body
    assert isinstance(body, dict)
    pg = body["provguard"]
    assert pg["action"] == "block" and "person.gazetteer.name" in pg["rule_ids"]
    assert isinstance(pg["audit_seq"], int)
    assert err.response.headers["x-provguard-decision"] == "block"
    assert fresh_upstream.received == []


def test_allowed_generation_returns_provguard_signed_image(
    service: Running, fresh_upstream: UpstreamServer, chain: Chain
) -> None:
    key = service.key()
    oa = client(service, key)
    result = oa.images.generate(prompt=ALLOW, model="dall-e-3", response_format="b64_json", size="1024x1024")
    assert len(result.data) == 1
    image = base64.b64decode(result.data[0].b64_json or "")
    assert image != DEFAULT_IMAGE.read_bytes()
    reported = result.data[0].model_extra["provguard"]  # type: ignore[index]
    assert reported["upstream_verdict"] == "ai_generated" and reported["signed"] is True
    assert "OpenAI" in (reported["upstream_c2pa"]["signer"] or "")
    store, state = read_manifest(image, chain.root_pem)
    assert state == "Trusted"
    active = store["manifests"][store["active_manifest"]]
    data = next(a["data"] for a in active["assertions"] if a["label"] == ASSERTION_LABEL)
    assert data["decision"]["action"] == "allow"
    assert data["policy_digest"] == service.services.screener.policy_digest
    parent = active["ingredients"][0]
    assert parent["relationship"] == "parentOf"
    assert "OpenAI" in json.dumps(store["manifests"][parent["active_manifest"]]["signature_info"])
    # the upstream got the client's fields unchanged, with the upstream key (not the provguard key)
    (got,) = fresh_upstream.received
    assert got.prompt == ALLOW and got.fields["model"] == "dall-e-3" and got.fields["size"] == "1024x1024"
    # the inspector sees provguard's assertion in the output and the upstream's AI marker
    verdict = service.services.inspector.inspect_bytes(image, "out.webp")
    assert verdict.verdict == "ai_generated"
    assert verdict.c2pa is not None and verdict.c2pa.provguard is not None
    # the audit record named in the image is in the log, and its inclusion proof checks
    seq = data["audit"]["seq"]
    records = httpx.get(
        service.url + "/v1/audit/records",
        params={"after_seq": seq - 1, "limit": 5},
        headers={"authorization": f"Bearer {key}"},
    ).json()["records"]
    req = records[0]
    assert req["seq"] == seq and req["event_type"] == "generation.request" and req["decision"] == "allow"
    assert req["leaf_hash"] == data["audit"]["leaf_hash"]
    assert any(r["event_type"] == "generation.result" and r["subject"]["request_seq"] == seq for r in records)
    proof = httpx.get(
        f"{service.url}/v1/audit/proof/{seq}", headers={"authorization": f"Bearer {key}"}
    ).json()
    merkle.verify_inclusion(
        seq,
        proof["tree_size"],
        bytes.fromhex(proof["leaf_hash"]),
        [bytes.fromhex(h) for h in proof["hashes"]],
        bytes.fromhex(proof["root_hash"]),
    )
    # a proof at the size of an earlier checkpoint the holder kept (?tree_size=)
    at_size = httpx.get(
        f"{service.url}/v1/audit/proof/{seq}", params={"tree_size": seq + 1},
        headers={"authorization": f"Bearer {key}"},
    ).json()
    assert at_size["tree_size"] == seq + 1
    log = AuditLog.open(service.settings.db_url(), key_path=service.settings.audit_key_path())
    old_root = bytes.fromhex(log.consistency_proof(seq + 1, seq + 1)["new_root"])
    merkle.verify_inclusion(
        seq,
        seq + 1,
        bytes.fromhex(at_size["leaf_hash"]),
        [bytes.fromhex(h) for h in at_size["hashes"]],
        old_root,
    )
    report = log.verify()
    assert report.ok, report


def test_url_response_format_serves_signed_copy(
    service: Running, fresh_upstream: UpstreamServer, chain: Chain
) -> None:
    result = client(service, service.key()).images.generate(prompt=ALLOW, response_format="url", n=2)
    assert len(result.data) == 2
    for item in result.data:
        assert item.url and item.url.startswith(service.url + "/v1/images/files/")
        got = httpx.get(item.url)
        assert got.status_code == 200 and got.headers["content-type"] == "image/webp"
        assert read_manifest(got.content, chain.root_pem)[1] == "Trusted"
    assert httpx.get(service.url + "/v1/images/files/..%2Faudit.sqlite3").status_code == 404
    assert httpx.get(service.url + "/v1/images/files/nope.webp").status_code == 404


def test_edit_with_image_is_screened_and_signed(
    service: Running, fresh_upstream: UpstreamServer, chain: Chain
) -> None:
    oa = client(service, service.key())
    src = DEFAULT_IMAGE.read_bytes()
    result = oa.images.edit(
        image=("puppy.webp", src, "image/webp"), prompt="add a rainbow in the sky", response_format="b64_json"
    )
    out = base64.b64decode(result.data[0].b64_json or "")
    assert read_manifest(out, chain.root_pem)[1] == "Trusted"
    (got,) = fresh_upstream.received
    assert got.path == "/v1/images/edits" and got.prompt == "add a rainbow in the sky"
    assert got.fields.get("response_format") == "b64_json" and sum(got.files.values()) == len(src)
    two = oa.images.edit(image=[("a.webp", src, "image/webp"), ("b.webp", src, "image/webp")],
                         prompt="combine these into one collage", response_format="b64_json")
    assert two.data and len(fresh_upstream.received[-1].files) == 2
    with pytest.raises(openai.BadRequestError) as info:
        oa.images.edit(image=("x.png", src, "image/png"), prompt="Using this face, make him kiss the Pope")
    assert info.value.code == "content_policy_violation"
    assert len(fresh_upstream.received) == 2


def test_review_hold_then_reviewer_approves(service: Running, fresh_upstream: UpstreamServer) -> None:
    member = service.key("acme", "member")
    reviewer = service.key("acme", "reviewer")
    outsider = service.key("other", "reviewer")
    oa = client(service, member)
    with pytest.raises(openai.PermissionDeniedError) as info:
        oa.images.generate(prompt=REVIEW)
    body = info.value.body
    assert isinstance(body, dict)
    review_id = body["provguard"]["review_id"]
    assert body["code"] == "review_required" and fresh_upstream.received == []
    # resending before approval does not pass
    with pytest.raises(openai.PermissionDeniedError):
        oa.images.generate(prompt=REVIEW, extra_headers={"X-Provguard-Review": review_id})

    def post(key: str, action: str) -> httpx.Response:
        return httpx.post(
            f"{service.url}/v1/reviews/{review_id}/{action}",
            json={"note": "press photo, ok"},
            headers={"authorization": f"Bearer {key}"},
        )

    assert post(member, "approve").status_code == 403
    assert post(outsider, "approve").status_code == 404
    approved = post(reviewer, "approve")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert post(reviewer, "reject").status_code == 400  # already resolved
    with pytest.raises(openai.PermissionDeniedError):  # a different prompt does not ride on the approval
        oa.images.generate(prompt=REVIEW + " at night", extra_headers={"X-Provguard-Review": review_id})
    ok = oa.images.generate(prompt=REVIEW, extra_headers={"X-Provguard-Review": review_id})
    assert ok.data and len(fresh_upstream.received) == 1
    with pytest.raises(openai.PermissionDeniedError):  # single use
        oa.images.generate(prompt=REVIEW, extra_headers={"X-Provguard-Review": review_id})
    log = AuditLog.open(service.settings.db_url(), key_path=service.settings.audit_key_path())
    overrides = log.query(team="acme", event_type="review.override", limit=1000)
    assert any(r.subject["review_id"] == review_id and r.decision == "approved" for r in overrides)


def test_conversation_carries_the_face_reference(service: Running, fresh_upstream: UpstreamServer) -> None:
    oa = client(service, service.key())
    turn2 = "Same setting, one more hyperrealistic photo, this time a handshake with the King of Sweden"
    conv = {"X-Provguard-Conversation": "conv-nobel"}
    with pytest.raises(openai.BadRequestError):
        oa.images.generate(
            prompt="Using this face, generate him receiving the Nobel Prize", extra_headers=conv
        )
    with pytest.raises(openai.BadRequestError) as info:
        oa.images.generate(prompt=turn2, extra_headers=conv)
    body = info.value.body
    assert isinstance(body, dict)
    findings = body["provguard"]["findings"]
    assert any(f["turn"] == 0 and f["rule"] == "face.ref.en" for f in findings)
    turns = service.services.tenancy.conversation("acme", "conv-nobel")
    assert [t.turn for t in turns] == [0, 1] and all(t.audit_seq is not None for t in turns)
    # another team's conversation with the same id is separate
    other = client(service, service.key("beta"))
    with pytest.raises(openai.APIStatusError) as alone:
        other.images.generate(prompt=turn2, extra_headers=conv)
    alone_body = alone.value.body
    assert isinstance(alone_body, dict)
    assert not any(f["turn"] == 0 for f in alone_body["provguard"]["findings"])


def test_edit_input_face_is_detected(service: Running, fresh_upstream: UpstreamServer) -> None:
    """The same prompt passes on a puppy but is blocked on a photo with a face (OpenCV cascade)."""
    oa = client(service, service.key())
    prompt = "show this person in a hospital bed, photorealistic"
    # a real face: exif-samples/jolla.jpg (a leaf) only passed through the old cascade's false positive
    face = (IMAGES / "huminify-c2pa-detector" / "lady.png").read_bytes()
    assert oa.images.edit(image=("puppy.webp", DEFAULT_IMAGE.read_bytes(), "image/webp"), prompt=prompt).data
    with pytest.raises(openai.BadRequestError) as info:
        oa.images.edit(image=("friend.png", face, "image/png"), prompt=prompt)
    body = info.value.body
    assert isinstance(body, dict)
    assert any(f["signal"] == "face_image" for f in body["provguard"]["findings"])
    assert len(fresh_upstream.received) == 1
