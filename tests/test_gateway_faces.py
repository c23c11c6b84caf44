"""Face screening that holds in the gateway: a missing detector never turns a harmful edit into
an allow, and the mask is screened like every input image.

Real uvicorn, the real ``openai`` client, real photos from ../shared/fixtures. "Detector
unavailable" is the real condition of an install without OpenCV: ``import cv2`` fails.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

import openai
import pytest

from provguard.service.app import create_app
from tests.test_service_harness import *  # noqa: F403  (fixtures: upstream, chain, fresh_upstream)
from tests.test_service_harness import Running, make_settings, serve
from tests.upstream_server import DEFAULT_IMAGE, IMAGES, UpstreamServer

HARMFUL = "show this person in a hospital bed, photorealistic"
BENIGN = "make the sky purple"
FACE = IMAGES / "exif-samples" / "jolla.jpg"


@pytest.fixture(scope="module")
def svc(tmp_path_factory: pytest.TempPathFactory, upstream: UpstreamServer) -> Iterator[Running]:
    settings = make_settings(tmp_path_factory.mktemp("faces"), upstream, None)
    running = serve(create_app(settings), settings)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def oa(svc: Running) -> openai.OpenAI:
    return openai.OpenAI(base_url=svc.url + "/v1", api_key=svc.key(), max_retries=0, timeout=60)


def puppy() -> tuple[str, bytes, str]:
    return ("puppy.webp", DEFAULT_IMAGE.read_bytes(), "image/webp")


def test_no_detector_holds_a_harmful_edit_for_review(
    oa: openai.OpenAI, fresh_upstream: UpstreamServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "cv2", None)  # as in an install without OpenCV: import cv2 fails
    with pytest.raises(openai.PermissionDeniedError) as info:
        oa.images.edit(image=puppy(), prompt=HARMFUL)
    body = info.value.body
    assert isinstance(body, dict) and body["code"] == "review_required"
    assert "face detector is unavailable" in body["provguard"]["explanation"]
    assert any(f["rule"] == "face.image.unavailable" for f in body["provguard"]["findings"])
    assert oa.images.edit(image=puppy(), prompt=BENIGN).data  # a benign edit still goes through
    assert len(fresh_upstream.received) == 1


def test_with_the_detector_the_same_edit_on_a_face_free_image_is_allowed(
    oa: openai.OpenAI, fresh_upstream: UpstreamServer
) -> None:
    pytest.importorskip("cv2")
    assert oa.images.edit(image=puppy(), prompt=HARMFUL).data
    assert len(fresh_upstream.received) == 1


def test_a_face_sent_as_the_mask_is_screened(oa: openai.OpenAI, fresh_upstream: UpstreamServer) -> None:
    pytest.importorskip("cv2")
    with pytest.raises(openai.BadRequestError) as info:
        oa.images.edit(image=puppy(), mask=("mask.jpg", FACE.read_bytes(), "image/jpeg"), prompt=HARMFUL)
    body = info.value.body
    assert isinstance(body, dict)
    assert any(f["signal"] == "face_image" for f in body["provguard"]["findings"])
    assert fresh_upstream.received == []
