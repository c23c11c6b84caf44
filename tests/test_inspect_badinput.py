"""Bad and hostile input: every file gets a clear per-file error (or a safe verdict); batches go on.

Includes property-based tests (hypothesis, bounded) over the readers and the whole inspector.
"""

from __future__ import annotations

import io
import json
import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from provguard.models import Verdict
from provguard.provenance import InspectOptions, Inspector, scan_paths
from provguard.provenance.generators import identify
from provguard.provenance.png_chunks import parse_png
from provguard.provenance.readers.stealth import extract
from provguard.provenance.sniff import sniff
from tests.conftest import IMAGES

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol9 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">]>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
 Iptc4xmpExt:DigitalSourceType="&lol9;"/></rdf:RDF></x:xmpmeta>"""


def _chunk(ctype: bytes, body: bytes) -> bytes:
    return (
        struct.pack(">I", len(body)) + ctype + body + struct.pack(">I", zlib.crc32(ctype + body) & 0xFFFFFFFF)
    )


def png_with(width: int, height: int, *extra: bytes) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" + b"\x80" * 3 * min(width, 64))
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", ihdr)
        + b"".join(extra)
        + _chunk(b"IDAT", idat)
        + _chunk(b"IEND", b"")
    )


def jpeg_bytes(size: tuple[int, int] = (64, 48)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (120, 130, 140)).save(buf, "JPEG")
    return buf.getvalue()


def with_app1_xmp(jpeg: bytes, packet: bytes) -> bytes:
    body = b"http://ns.adobe.com/xap/1.0/\x00" + packet
    return jpeg[:2] + b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body + jpeg[2:]


@pytest.fixture(scope="module")
def insp() -> Inspector:
    return Inspector(InspectOptions())


def err(v: Verdict) -> str | None:
    return v.error.code if v.error else None


def test_empty_random_and_non_image(insp: Inspector) -> None:
    assert err(insp.inspect_bytes(b"", "empty.png")) == "empty"
    rnd = np.random.default_rng(1).integers(0, 256, 4096, dtype=np.uint8).tobytes()
    assert err(insp.inspect_bytes(b"\x01\x02" + rnd, "noise.jpg")) == "unsupported_format"
    v = insp.inspect_bytes(b"hello, I am a text file\n", "notes.png")
    assert err(v) == "unsupported_format" and v.verdict is None
    assert "hello" in v.error.message  # type: ignore[union-attr]


def test_content_not_extension_decides_format(insp: Inspector, tmp_path: Path, fixtures_dir: Path) -> None:
    fake = tmp_path / "really_a_png.jpg"
    fake.write_bytes((IMAGES / "sd-parsers/automatic1111_cropped.png").read_bytes())
    v = insp.inspect_path(fake)
    assert (v.format, v.verdict) == ("png", "ai_generated")


def test_truncated_files(insp: Inspector, fixtures_dir: Path) -> None:
    png = (IMAGES / "sd-parsers/automatic1111_stealth.png").read_bytes()
    assert err(insp.inspect_bytes(png[: len(png) // 2], "half.png")) == "truncated"
    jpg = (IMAGES / "exif-samples/Canon_40D.jpg").read_bytes()
    assert err(insp.inspect_bytes(jpg[: len(jpg) // 2], "half.jpg")) == "truncated"
    # a signed file cut short is still caught (as a truncated file, never a crash)
    signed = (IMAGES / "c2pa-rs/C.jpg").read_bytes()
    assert err(insp.inspect_bytes(signed[:-5000], "cut.jpg")) == "truncated"


def test_png_pixel_bomb_header(insp: Inspector) -> None:
    # IHDR claims 100000 x 100000: refused before anything decodes it
    v = insp.inspect_bytes(png_with(100_000, 100_000), "bomb.png")
    assert err(v) == "payload_too_large"
    # 48 MP: under Pillow's hard limit but over max_image_pixels (40 MP): metadata is inspected,
    # pixels are not decoded, and the evidence says why
    v = insp.inspect_bytes(png_with(8000, 6000), "big.png")
    assert v.error is None and v.verdict == "no_provenance"
    notes = [e.detail for e in v.evidence if e.kind == "not_decoded"]
    assert notes and all("max_image_pixels" in n for n in notes)
    roomy = Inspector(InspectOptions(max_image_pixels=60_000_000))
    big = roomy.inspect_bytes(png_with(8000, 6000), "big.png")
    assert big.error is None  # under the configured limit decoding is tried; bogus pixels never crash
    assert not any("max_image_pixels" in e.detail for e in big.evidence)


def test_big_camera_jpeg_is_inspected(insp: Inspector) -> None:
    jpg = bytearray(jpeg_bytes())
    sof = jpg.find(b"\xff\xc0")
    jpg[sof + 5 : sof + 9] = struct.pack(">HH", 6336, 9504)  # 60 MP, like a Sony a7R V frame
    v = insp.inspect_bytes(bytes(jpg), "a7r5.jpg")
    assert v.error is None and v.verdict == "no_provenance"


def test_jpeg_bomb_header(insp: Inspector) -> None:
    jpg = bytearray(jpeg_bytes())
    sof = jpg.find(b"\xff\xc0")
    jpg[sof + 5 : sof + 9] = struct.pack(">HH", 60000, 60000)
    assert err(insp.inspect_bytes(bytes(jpg), "bomb.jpg")) == "payload_too_large"


def test_ztxt_zlib_bomb_is_not_inflated(insp: Inspector) -> None:
    bomb = zlib.compress(b"\x00" * (64 * 1024 * 1024), 9)  # 64 MiB of zeros in ~64 KiB
    png = png_with(4, 4, _chunk(b"zTXt", b"parameters\x00\x00" + bomb))
    info = parse_png(png)
    assert info.texts == [] and info.problems
    v = insp.inspect_bytes(png, "ztxt_bomb.png")
    assert v.error is None and v.verdict == "no_provenance"
    assert any(e.kind == "chunk_problem" for e in v.evidence)


def test_xmp_entity_expansion_is_refused(insp: Inspector) -> None:
    v = insp.inspect_bytes(with_app1_xmp(jpeg_bytes(), BILLION_LAUGHS), "lol.jpg")
    assert v.error is None and v.verdict == "no_provenance"
    rejected = [e for e in v.evidence if e.kind == "xmp_rejected"]
    assert rejected and rejected[0].source == "xmp" and "DTD" in rejected[0].detail


def test_unreadable_paths(insp: Inspector, tmp_path: Path) -> None:
    assert err(insp.inspect_path(tmp_path / "missing.jpg")) == "not_found"
    (tmp_path / "dangling.jpg").symlink_to(tmp_path / "nowhere.jpg")
    assert err(insp.inspect_path(tmp_path / "dangling.jpg")) == "not_found"
    assert err(insp.inspect_path(tmp_path)) == "is_directory"
    assert err(insp.inspect_path(Path("/dev/zero"))) == "unreadable"  # never read an endless device
    fifo = tmp_path / "pipe.jpg"
    os.mkfifo(fifo)
    assert err(insp.inspect_path(fifo)) == "unreadable"
    big = tmp_path / "big.jpg"
    big.write_bytes(jpeg_bytes() + b"\x00" * 5000)
    assert err(Inspector(InspectOptions(max_file_bytes=1000)).inspect_path(big)) == "payload_too_large"


def test_permission_denied(insp: Inspector) -> None:
    """A file the process may not read is a per-file `unreadable` error (checked as an unprivileged
    user: root reads mode-000 files, so as root the check runs in a child that drops to nobody)."""
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="provguard-perm-"))
    try:
        folder.chmod(0o755)
        locked = folder / "locked.jpg"
        locked.write_bytes(jpeg_bytes())
        locked.chmod(0)
        if os.geteuid() != 0:
            assert err(insp.inspect_path(locked)) == "unreadable"
            return
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # child: drop privileges, inspect, report the error code
            code = "child-failed"
            try:
                os.setgid(65534)
                os.setuid(65534)
                code = str(err(insp.inspect_path(locked)))
            finally:
                os.write(write_end, code.encode())
                os._exit(0)
        os.close(write_end)
        got = os.read(read_end, 100).decode()
        os.waitpid(pid, 0)
        assert got == "unreadable"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_batch_goes_on_and_cli_exits_3(tmp_path: Path, fixtures_dir: Path) -> None:
    (tmp_path / "a_empty.png").write_bytes(b"")
    (tmp_path / "b_noise.jpg").write_bytes(os.urandom(2048))
    (tmp_path / "c_good.png").write_bytes((IMAGES / "sd-parsers/novelai1_cropped.png").read_bytes())
    (tmp_path / "d_notes.txt").write_text("not an image and not named like one")
    paths = [tmp_path, tmp_path / "missing.jpg"]
    got = [
        (Path(v.path).name, v.verdict, err(v))
        for v in scan_paths(paths, recursive=False, workers=2, options=InspectOptions())
    ]
    assert got == [
        ("a_empty.png", None, "empty"),
        ("b_noise.jpg", None, "unsupported_format"),
        ("c_good.png", "ai_generated", None),
        ("missing.jpg", None, "not_found"),
    ]
    proc = subprocess.run(
        [sys.executable, "-m", "provguard.cli", "inspect", *map(str, paths), "-f", "jsonl"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 3
    lines = [json.loads(x) for x in proc.stdout.splitlines()]
    assert [Path(r["path"]).name for r in lines] == [g[0] for g in got]
    assert lines[0]["error"] == {"code": "empty", "message": "file is empty (0 bytes)"}


# --------------------------------------------------------------------------- property-based

MAGICS = [
    b"\xff\xd8\xff\xe0",
    b"\x89PNG\r\n\x1a\n",
    b"GIF89a",
    b"RIFF\x00\x00\x00\x00WEBPVP8L",
    b"II*\x00",
    b"MM\x00*",
    b"\x00\x00\x00\x18ftypheic",
    b"\x00\x00\x00\x1cftypavif",
    b"BM",
]
FIXTURES_FOR_MUTATION = [
    "c2pa-rs/C.jpg",
    "sd-parsers/automatic1111_cropped.png",
    "c2pa-rs/sample1.webp",
    "exif-samples/DudleyLeavittUtah.tiff",
    "sd-parsers/automatic1111_stealth.png",
]
SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _no_crash(v: Verdict) -> None:
    assert (v.verdict is None) == (v.error is not None)
    assert err(v) != "internal_error", v.error
    assert not [e for e in v.evidence if e.kind == "reader_error"], v.evidence


@SETTINGS
@given(magic=st.sampled_from(MAGICS), tail=st.binary(max_size=2048))
def test_inspector_never_crashes_on_magic_plus_noise(insp: Inspector, magic: bytes, tail: bytes) -> None:
    _no_crash(insp.inspect_bytes(magic + tail, "fuzz"))


@SETTINGS
@given(name=st.sampled_from(FIXTURES_FOR_MUTATION), data=st.data())
def test_inspector_never_crashes_on_mutated_fixtures(insp: Inspector, name: str, data: st.DataObject) -> None:
    raw = bytearray((IMAGES / name).read_bytes())
    for _ in range(data.draw(st.integers(1, 8))):
        pos = data.draw(st.integers(0, len(raw) - 1))
        raw[pos] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(len(raw) // 2, len(raw)))
    _no_crash(insp.inspect_bytes(bytes(raw[:cut]), name))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=4096))
def test_png_chunk_walker_and_sniffer_total(data: bytes) -> None:
    sniff(data)
    info = parse_png(b"\x89PNG\r\n\x1a\n" + data)
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in info.texts)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "parameters",
                "prompt",
                "workflow",
                "Software",
                "Source",
                "Title",
                "Description",
                "Comment",
                "Dream",
                "fooocus_scheme",
            ]
        ),
        st.text(max_size=300),
    )
)
def test_generator_identification_total(texts: dict[str, str]) -> None:
    for tool, detail in identify(texts):
        assert tool and isinstance(detail, str)


@settings(max_examples=50, deadline=None)
@given(h=st.integers(1, 64), w=st.integers(1, 64), c=st.sampled_from([3, 4]), seed=st.integers(0, 2**32 - 1))
def test_stealth_extract_total(h: int, w: int, c: int, seed: int) -> None:
    arr = np.random.default_rng(seed).integers(0, 256, (h, w, c), dtype=np.uint8)
    assert extract(arr) is None or isinstance(extract(arr), tuple)


def test_png_with_too_many_chunks_stops_early(insp: Inspector) -> None:
    many = b"".join(_chunk(b"tIME", b"\x07\xe8\x01\x01\x00\x00\x00") for _ in range(120_000))
    v = insp.inspect_bytes(png_with(4, 4, many), "chunky.png")
    assert v.error is None
    assert any("chunks" in e.detail for e in v.evidence if e.kind == "chunk_problem")
