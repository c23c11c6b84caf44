"""The shared stores behind the Responses API and replicas: chains, team policy, URL images, parsing."""

from __future__ import annotations

import base64
import time
from pathlib import Path

import pytest

from provguard.errors import InputError, NotFound
from provguard.gateway.responses import ResponsesCreate, UnseenInput, parse_input
from provguard.tenancy.blobs import SharedImageFiles
from provguard.tenancy.chains import ResponseChains, ResponsesPolicy, Signal, StoredResponse
from provguard.tenancy.db import open_database
from tests.test_service_harness import make_settings
from tests.upstream_server import DEFAULT_IMAGE


def stored(rid: str, prev: str | None, turn: int, prompt: str, conv: str | None = None) -> StoredResponse:
    return StoredResponse(rid, prev, conv, turn, [Signal(prompt, {"action": "allow"}, turn)], turn)


def test_lineage_is_per_team_and_oldest_first(tmp_path: Path) -> None:
    chains = ResponseChains(open_database(str(tmp_path / "t.sqlite3")))
    chains.add("acme", stored("r1", None, 0, "one"))
    chains.add("acme", stored("r2", "r1", 1, "two"))
    chains.add("acme", stored("r3", "r2", 2, "three"))
    chains.add("acme", stored("r3", "r2", 2, "again"))  # a retried store keeps the first row
    assert [r.response_id for r in chains.lineage("acme", "r3")] == ["r1", "r2", "r3"]
    assert chains.lineage("acme", "r3")[-1].signals[0].prompt == "three"
    with pytest.raises(NotFound):
        chains.lineage("beta", "r3")
    chains.mark_deleted("acme", "r2")
    with pytest.raises(NotFound):
        chains.get("acme", "r2")
    assert len(chains.lineage("acme", "r3")) == 3  # a deleted ancestor's signals still count


def test_conversation_belongs_to_its_first_team(tmp_path: Path) -> None:
    chains = ResponseChains(open_database(str(tmp_path / "t.sqlite3")))
    assert chains.conversation("acme", "conv_1") == []
    chains.add("acme", stored("r1", None, 0, "one", conv="conv_1"))
    assert [r.response_id for r in chains.conversation("acme", "conv_1")] == ["r1"]
    with pytest.raises(NotFound):
        chains.conversation("beta", "conv_1")


def test_team_policy_defaults_and_changes(tmp_path: Path) -> None:
    chains = ResponseChains(open_database(str(tmp_path / "t.sqlite3")))
    assert chains.policy("acme") == ResponsesPolicy("refuse", True)
    chains.set_policy("acme", ResponsesPolicy("allow", False))
    assert chains.policy("acme") == ResponsesPolicy("allow", False)
    assert ResponseChains(chains.db).policy("acme") == ResponsesPolicy("allow", False)  # from the database
    assert chains.policy("beta") == ResponsesPolicy()
    with pytest.raises(InputError):
        chains.set_policy("acme", ResponsesPolicy("sometimes"))  # type: ignore[arg-type]


def test_url_images_expire(tmp_path: Path) -> None:
    files = SharedImageFiles(open_database(str(tmp_path / "t.sqlite3")), ttl=0.5)
    data = DEFAULT_IMAGE.read_bytes()
    file_id = files.put(data)
    assert file_id.endswith(".webp") and files.get(file_id) == (data, "image/webp")
    assert files.get("nope.webp") is None and files.get("../audit.sqlite3") is None
    time.sleep(0.6)
    assert files.get(file_id) is None


def test_input_parsing_sees_everything(tmp_path: Path) -> None:
    png = base64.b64encode(DEFAULT_IMAGE.read_bytes()).decode()
    body = {
        "instructions": "You are helpful.",
        "input": [
            {
                "role": "user",
                "content": [
                    {"type": "input_text", "text": "first"},
                    {"type": "input_image", "image_url": f"data:image/webp;base64,{png}"},
                ],
            },
            {"role": "assistant", "content": [{"type": "output_text", "text": "replayed"}]},
            {"role": "user", "content": "second"},
            {"type": "function_call_output", "call_id": "c1", "output": "tool said"},
        ],
    }
    parsed = parse_input(body)
    assert parsed.texts == ["You are helpful.", "first", "replayed", "second", "tool said"]
    assert len(parsed.images) == 1 and parsed.unseen == []
    settings = make_settings(tmp_path, None, None)
    ResponsesCreate(body).validate(settings)
    url = {"input": [{"role": "user", "content": [{"type": "input_image", "image_url": "https://x/y.png"}]}]}
    with pytest.raises(UnseenInput):
        ResponsesCreate(url).validate(settings)
    ResponsesCreate(url, allow_unseen=True).validate(settings)
    file_id = {"input": [{"role": "user", "content": [{"type": "input_image", "file_id": "file_1"}]}]}
    assert parse_input(file_id).unseen == ["input[0].content[0].file_id"]
    for bad in (
        {"input": 3},
        {
            "input": [
                {
                    "role": "user",
                    "content": [{"type": "input_image", "image_url": "data:image/png;base64,@@"}],
                }
            ]
        },
        {"input": [{"role": "user", "content": [{"type": "mystery"}]}]},
        {"instructions": 5},
    ):
        with pytest.raises(InputError):
            parse_input(bad)
    with pytest.raises(InputError):  # a data URL that is not an image
        ResponsesCreate(
            {
                "input": [
                    {
                        "role": "user",
                        "content": [
                            {
                                "type": "input_image",
                                "image_url": "data:image/png;base64," + base64.b64encode(b"nope").decode(),
                            }
                        ],
                    }
                ]
            }
        ).validate(settings)
