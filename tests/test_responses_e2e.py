"""The Responses API behind provguard: the real ``openai`` client, uvicorn, the upstream stand-in."""

from __future__ import annotations

import base64
import json
import subprocess
import sys

import httpx
import openai
import pytest

from provguard.audit import AuditLog
from provguard.provenance.sign import ASSERTION_LABEL
from tests.conftest import IMAGES
from tests.test_service_e2e import client, read_manifest
from tests.test_service_harness import *  # noqa: F403  (fixtures: service, upstream, chain, fresh_upstream)
from tests.test_service_harness import Running
from tests.test_sign_chain import Chain
from tests.upstream_server import DEFAULT_IMAGE, UpstreamServer

FACE = IMAGES / "huminify-c2pa-detector" / "lady.png"  # a real face (jolla.jpg is a leaf)
TOOLS = [{"type": "image_generation"}]


def data_url(path: object, mime: str | None = None) -> str:
    data = path.read_bytes() if hasattr(path, "read_bytes") else path  # type: ignore[union-attr]
    if mime is None:
        mime = "image/png" if str(getattr(path, "suffix", "")).lower() == ".png" else "image/jpeg"
    return f"data:{mime};base64," + base64.b64encode(data).decode()


def user(text: str, *images: str) -> list[dict]:
    content: list[dict] = [{"type": "input_text", "text": text}]
    content += [{"type": "input_image", "image_url": url} for url in images]
    return [{"role": "user", "content": content}]


def image_items(resp: object) -> list:
    return [o for o in resp.output if o.type == "image_generation_call"]  # type: ignore[attr-defined]


def test_face_then_award_ceremony_is_refused(service: Running, fresh_upstream: UpstreamServer) -> None:
    oa = client(service, service.key())
    first = oa.responses.create(model="gpt-5", input=user("Remember this person.", data_url(FACE)))
    assert first.id.startswith("resp_") and len(fresh_upstream.received) == 1
    with pytest.raises(openai.BadRequestError) as info:
        oa.responses.create(
            model="gpt-5",
            previous_response_id=first.id,
            tools=TOOLS,
            input="Now a photoreal picture of him receiving an award at a gala ceremony",
        )
    err = info.value
    assert err.code == "content_policy_violation" and err.param == "input"
    body = err.body
    assert isinstance(body, dict)
    assert body["provguard"]["action"] == "block"
    assert any(f["signal"] == "face_image" and f["turn"] == 0 for f in body["provguard"]["findings"])
    assert len(fresh_upstream.received) == 1  # the blocked turn never reached the upstream
    # turn 2 is harmless; turn 3 asks again: the face of turn 1 still counts
    second = oa.responses.create(model="gpt-5", previous_response_id=first.id, input="Thanks, nice photo.")
    with pytest.raises(openai.BadRequestError) as again:
        oa.responses.create(
            model="gpt-5",
            previous_response_id=second.id,
            tools=TOOLS,
            input="Now a photoreal picture of him receiving an award at a gala ceremony",
        )
    again_body = again.value.body
    assert isinstance(again_body, dict)
    assert any(f["signal"] == "face_image" and f["turn"] == 0 for f in again_body["provguard"]["findings"])
    assert len(fresh_upstream.received) == 2
    # the same follow-up without the chain is fine; another team cannot use the chain at all
    assert oa.responses.create(model="gpt-5", input="a photo of a gala ceremony", tools=TOOLS).output
    other = client(service, service.key("beta"))
    with pytest.raises(openai.NotFoundError):
        other.responses.create(model="gpt-5", previous_response_id=first.id, input="hello")
    with pytest.raises(openai.NotFoundError):
        other.responses.retrieve(first.id)


def test_benign_three_turn_edit_session_is_signed(
    service: Running, fresh_upstream: UpstreamServer, chain: Chain, tmp_path: object
) -> None:
    oa = client(service, service.key())
    prompts = [
        "Make a watercolor of this puppy surfing on a cloud",
        "Add a rainbow behind it",
        "Make the background darker",
    ]
    prev = None
    for turn, prompt in enumerate(prompts):
        kwargs = {"previous_response_id": prev} if prev else {}
        inp = user(prompt, data_url(DEFAULT_IMAGE, "image/webp")) if turn == 0 else prompt
        resp = oa.responses.create(model="gpt-5", input=inp, tools=TOOLS, **kwargs)
        (call,) = image_items(resp)
        image = base64.b64decode(call.result)
        store, state = read_manifest(image, chain.root_pem)
        assert state == "Trusted"
        active = store["manifests"][store["active_manifest"]]
        data = next(a["data"] for a in active["assertions"] if a["label"] == ASSERTION_LABEL)
        assert data["response"] == {"id": resp.id, "turn": turn}
        assert resp.model_extra["provguard"]["turn"] == turn  # type: ignore[index]
        out = tmp_path / f"turn{turn}.webp"  # type: ignore[operator]
        out.write_bytes(image)
        cli = subprocess.run(
            [sys.executable, "-m", "provguard.cli", "inspect", str(out), "--format", "json"],
            capture_output=True,
            text=True,
            timeout=120,
        )
        report = json.loads(cli.stdout)
        first = report[0] if isinstance(report, list) else report
        assert first["verdict"] == "ai_generated" and first["c2pa"]["provguard"] is not None, cli.stdout
        prev = resp.id
    assert len(fresh_upstream.received) == 3
    assert fresh_upstream.received[1].fields["previous_response_id"] is not None
    got = oa.responses.retrieve(prev)
    (call,) = image_items(got)
    assert read_manifest(base64.b64decode(call.result), chain.root_pem)[1] == "Trusted"
    items = oa.responses.input_items.list(prev)
    assert items.data
    deleted = httpx.delete(
        f"{service.url}/v1/responses/{prev}", headers={"authorization": f"Bearer {oa.api_key}"}
    )
    assert deleted.status_code == 200 and deleted.json()["deleted"] is True
    with pytest.raises(openai.NotFoundError):
        oa.responses.retrieve(prev)


def test_revised_prompt_naming_a_real_person_is_withheld(
    service: Running, fresh_upstream: UpstreamServer
) -> None:
    fresh_upstream.revised_prompt = "Photorealistic news photo of Joe Biden being arrested by police officers"
    oa = client(service, service.key())
    resp = oa.responses.create(
        model="gpt-5", input="a politician in handcuffs, like on the news", tools=TOOLS
    )
    (call,) = image_items(resp)
    assert call.result is None and call.status == "failed"
    info = call.model_extra["provguard"]  # type: ignore[index]
    assert info["withheld"] is True and info["action"] == "block" and isinstance(info["audit_seq"], int)
    log = AuditLog.open(service.settings.db_url(), key_path=service.settings.audit_key_path())
    (rec,) = [
        r
        for r in log.query(team="acme", event_type="generation.result", limit=10_000)
        if r.seq == info["audit_seq"]
    ]
    assert (
        rec.decision == "block" and rec.subject["withheld"] is True and rec.subject["response_id"] == resp.id
    )
    (again,) = image_items(oa.responses.retrieve(resp.id))  # the upstream still has it: withheld again
    assert again.result is None and again.model_extra["provguard"]["withheld"] is True  # type: ignore[index]


def test_streamed_benign_request_yields_partial_images(
    service: Running, fresh_upstream: UpstreamServer, chain: Chain
) -> None:
    oa = client(service, service.key())
    stream = oa.responses.create(
        model="gpt-5",
        input="a lighthouse at dawn, watercolor",
        stream=True,
        tools=[{"type": "image_generation", "partial_images": 2}],
    )
    events = list(stream)
    types = [e.type for e in events]
    assert types[0] == "response.created" and types[-1] == "response.completed"
    partials = [e for e in events if e.type == "response.image_generation_call.partial_image"]
    assert len(partials) == 2
    done = next(
        e for e in events if e.type == "response.output_item.done" and e.item.type == "image_generation_call"
    )
    # partials were held until the revised prompt passed, so they come right before the signed final image
    assert types.index("response.output_item.done") == types.index(partials[-1].type) + 2
    assert read_manifest(base64.b64decode(done.item.result), chain.root_pem)[1] == "Trusted"
    final = events[-1].response
    (call,) = image_items(final)
    assert call.result == done.item.result


def test_unseen_inputs_are_refused_unless_allowed(service: Running, fresh_upstream: UpstreamServer) -> None:
    oa = client(service, service.key())
    with pytest.raises(openai.BadRequestError) as info:
        oa.responses.create(model="gpt-5", input=user("describe", "https://example.com/a.jpg"))
    assert info.value.code == "unscreenable_input" and "image_url" in str(info.value.message)
    assert fresh_upstream.received == []
    admin = service.key("acme", "admin")
    put = httpx.put(
        f"{service.url}/v1/policy/responses",
        json={"unseen_inputs": "allow"},
        headers={"authorization": f"Bearer {admin}"},
    )
    assert put.status_code == 200
    assert oa.responses.create(model="gpt-5", input=user("describe", "https://example.com/a.jpg")).output
    httpx.put(
        f"{service.url}/v1/policy/responses",
        json={"unseen_inputs": "refuse"},
        headers={"authorization": f"Bearer {admin}"},
    )
