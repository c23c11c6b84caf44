"""Console building blocks without a server: spans, visible controls, quantiles, filters, C2PA chain."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from provguard.audit import AuditRecord
from provguard.errors import InputError
from provguard.provenance import Inspector
from provguard.service.console import audit_data, dashboard_data, manifest, text
from tests.conftest import IMAGES


def test_segments_follow_original_offsets_and_overlaps() -> None:
    prompt = "photo of Barack Obama"
    segs = text.segments(prompt, [(1, (0, 5)), (2, (9, 21)), (3, (16, 21)), (4, (0, 0)), (5, (40, 50))])
    assert "".join(p.text for s in segs for p in s.pieces) == prompt
    assert [(prompt[s.start:s.end], s.marks) for s in segs] == [
        ("photo", (1,)), (" of ", ()), ("Barack ", (2,)), ("Obama", (2, 3))]


def test_invisible_characters_are_shown_not_obeyed() -> None:
    hostile = "a\u202eevil\u202c b\u200bc \U000e0041 d\te\n"
    shown = text.visible(hostile)
    assert shown == "a⟨U+202E⟩evil⟨U+202C⟩ b⟨U+200B⟩c ⟨U+E0041⟩ d\te\n"
    assert not text.has_invisible(shown)
    pieces = text.pieces("x\u202ey")
    assert [(p.text, p.control) for p in pieces] == [("x", None), ("\u202e", "U+202E"), ("y", None)]
    assert pieces[1].name == "RIGHT-TO-LEFT OVERRIDE"
    value = {"prompt": hostile, "name": "Ob\u200dama", "tag": "\U000e0041"}
    rendered = text.safe_json(value)
    assert json.loads(rendered) == value and not text.has_invisible(rendered)


def test_quantile_matches_promql_interpolation() -> None:
    buckets = [(0.001, 0.0), (0.005, 50.0), (0.01, 90.0), (0.05, 100.0), (float("inf"), 100.0)]
    assert dashboard_data.quantile(0.5, buckets) == pytest.approx(0.005)
    assert dashboard_data.quantile(0.25, buckets) == pytest.approx(0.003)
    assert dashboard_data.quantile(0.99, buckets) == pytest.approx(0.046)
    assert dashboard_data.quantile(0.5, [(float("inf"), 0.0)]) is None


def _record(**kw: object) -> AuditRecord:
    base: dict[str, object] = {"log_id": "provguard", "seq": 3, "time": datetime.now(UTC), "team": "acme",
                               "event_type": "screen.decision", "actor": "k1", "request_id": "r1",
                               "decision": "review",
                               "rule_ids": ["person.gazetteer.name", "ctx.photoreal.en"],
                               "subject": {"categories": ["impersonation"]},
                               "payload": {"findings": [{"entity": {"id": "Q76", "name": "Barack Obama"}}]}}
    base.update(kw)
    return AuditRecord.model_validate(base)


@pytest.mark.parametrize(("params", "hit"), [
    ({}, True), ({"action": "review"}, True), ({"action": "block"}, False),
    ({"category": "impersonation"}, True), ({"category": "sexual"}, False),
    ({"rule": "person"}, True), ({"rule": "person.gazetteer.name"}, True), ({"rule": "pers"}, False),
    ({"person": "Q76"}, True), ({"person": "obama"}, True), ({"person": "Q6279"}, False),
    ({"key": "k1"}, True), ({"key": "k2"}, False), ({"request_id": "r1"}, True), ({"request_id": "r"}, False),
])
def test_filter_matches(params: dict[str, str], hit: bool) -> None:
    assert audit_data.matches(_record(), audit_data.make_filter(params)) is hit


def test_filter_times_are_utc_and_bad_ones_are_input_errors() -> None:
    flt = audit_data.make_filter({"since": "2026-12-01T10:30", "until": "2026-12-02T00:00:00+01:00"})
    assert flt.since == datetime(2026, 12, 1, 10, 30, tzinfo=UTC)
    assert flt.query_args() == {"since": "2026-12-01T10:30", "until": "2026-12-01T23:00"}
    with pytest.raises(InputError):
        audit_data.make_filter({"since": "yesterday"})


def test_manifest_chain_of_a_real_c2pa_image() -> None:
    data = (IMAGES / "c2pa-extension-validator" / "DALL-E_cloud_surfing_puppy.webp").read_bytes()
    inspector = Inspector()
    chain = manifest.read_chain(inspector, data)
    assert chain is not None and chain.active is not None and chain.error is None
    assert chain.manifests == 2 and chain.state == "Valid"
    assert "OpenAI" in chain.active.issuer
    parent = chain.active.ingredients[0]
    assert parent.relationship == "parentOf" and parent.manifest is not None
    assert any(a["action"] == "c2pa.created" and a["source_type"] == "trainedAlgorithmicMedia"
               for a in parent.manifest.actions)
    assert chain.active.label == inspector.inspect_bytes(data).c2pa.active_manifest  # type: ignore[union-attr]
    thumb = manifest.thumbnail(data, 40_000_000)
    assert thumb is not None and thumb.startswith("data:image/png;base64,")


def test_manifest_chain_of_hostile_or_plain_input() -> None:
    inspector = Inspector()
    assert manifest.read_chain(inspector, b"not an image at all") is None
    cyclic = {"active_manifest": "a", "manifests": {
        "a": {"title": "A", "ingredients": [{"title": "B", "relationship": "parentOf",
                                             "active_manifest": "b"}]},
        "b": {"title": "B", "ingredients": [{"title": "A again", "relationship": "parentOf",
                                             "active_manifest": "a"}]}}}
    node = manifest.chain_from_store(cyclic).active
    assert node is not None and node.ingredients[0].manifest is not None
    assert node.ingredients[0].manifest.ingredients[0].manifest is None  # the cycle is cut


def test_review_of_an_edit_lists_image_digests_and_face_boxes(tmp_path: Path) -> None:
    from provguard.audit import AuditEvent, AuditLog
    from provguard.service.console import review_view, web
    from provguard.service.console.sessions import Session
    from provguard.tenancy import TenancyStore

    url = "sqlite:///" + str(tmp_path / "audit.sqlite3")
    log, store = AuditLog.open(url, key_path=tmp_path / "k.pem"), TenancyStore.open(url)
    face = {"rule": "face.image.haar", "category": "face_in_image", "span": [0, 0], "signal": "face_image",
            "match": "2 face(s), first at x=10 y=20 w=30 h=40", "entity": None, "turn": None,
            "via": "edit-image-1"}
    decision = {"action": "review", "categories": ["face_edit"], "findings": [face], "policy": "standard",
                "policy_digest": "abc123", "explanation": "review: face edit"}
    receipt = log.append(AuditEvent(event_type="generation.request", team="acme", actor="k1", request_id="r1",
                                    decision="review", subject={"input_images_sha256": ["ab" * 32]},
                                    payload={"prompt": "make her smile", "findings": [face]}))
    review = store.create_review(team="acme", actor="k1", request_id="r1", kind="edit", request_digest="d",
                                 decision=decision, audit_seq=receipt.seq)
    view = review_view.build(review, log, store)
    assert view.images == ["ab" * 32] and view.labels[0].face_box == (10, 20, 30, 40)
    html = web.ENV.get_template("review.html").render(
        view=view, session=Session("k2", "acme", "reviewer", "tok", 0), prefix="/console", error=None,
        reason="", outcome=None)
    assert "sha256:" + "ab" * 32 in html and "face box x=10 y=20 w=30 h=40" in html
    assert "only as SHA-256 digests" in html and "via edit-image-1" in html
    other = review_view.build(review.__class__(**{**review.__dict__, "team": "globex"}), log, store)
    assert other.prompt is None and other.record is None  # another team's record is never read
    log.close()
    store.close()
