"""Bounded inspection: a big, tiny-on-disk PNG must not cost a gigabyte, and concurrent decodes
beyond the per-process pixel budget are refused (Busy / HTTP 503) instead of exhausting the host."""

from __future__ import annotations

import copy
import io
import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import numpy as np
import pytest
from PIL import Image

from provguard.errors import Busy
from provguard.provenance import InspectOptions, Inspector, dwtdct
from provguard.provenance.budget import PixelBudget
from provguard.service.app import create_app
from tests.test_service_harness import *  # noqa: F403  (fixtures: service, upstream, chain, fresh_upstream)
from tests.test_service_harness import Running, serve

# VmHWM, not ru_maxrss: a child's ru_maxrss starts at its parent's peak (kept across fork and exec),
# so under pytest it would hide the child's own peak; VmHWM belongs to the new address space.
_PEAK = """
import sys
from pathlib import Path
from provguard.provenance import InspectOptions, Inspector
def hwm():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM"):
            return int(line.split()[1]) // 1024
insp = Inspector(InspectOptions(watermark=sys.argv[2]))
before = hwm()
v = insp.inspect_path(Path(sys.argv[1]))
assert v.error is None, v.error
print(before, hwm())
"""


def _peak_mib(path: Path, watermark: str = "auto") -> tuple[int, int]:
    out = subprocess.run([sys.executable, "-c", _PEAK, str(path), watermark], capture_output=True,
                         text=True, check=True).stdout.split()
    return int(out[0]), int(out[1])


@pytest.mark.slow
def test_6000px_png_inspection_stays_bounded(tmp_path: Path) -> None:
    """36 MP of flat colour compresses to ~120 KB; decoding it used to cost ~1.1 GB (float copies of
    the whole image in the watermark decoder, a second full array for the stealth reader)."""
    path = tmp_path / "flat.png"
    Image.new("RGBA", (6000, 6000), (120, 130, 140, 255)).save(path)
    assert path.stat().st_size < 300_000
    before, peak = _peak_mib(path)
    # the decoded image is 144 MB in Pillow; everything else is strips of ~1 MP
    assert peak - before < 300, f"peak RSS {peak} MiB (imports {before} MiB)"


def test_strip_decode_equals_whole_image_decode() -> None:
    rng = np.random.default_rng(7)
    rgb = rng.integers(0, 256, (1000, 600, 3), dtype=np.uint8)
    whole = dwtdct.decode(rgb)
    for step in (8, 64, 136):
        strips = [rgb[y : y + step] for y in range(0, rgb.shape[0], step)]
        assert dwtdct.decode_strips(strips) == whole


def test_budget_refuses_beyond_its_total() -> None:
    budget = PixelBudget(100, wait_seconds=0.05)
    held = budget.acquire(80)
    with pytest.raises(Busy) as err:
        budget.acquire(30)
    assert err.value.http_status == 503 and err.value.retry_after >= 1
    small = budget.acquire(20)  # what fits still goes through
    budget.release(held)
    budget.release(small)
    assert budget.acquire(10**9) == 100  # one oversized request fits alone, capped at the total
    # a waiter is woken by a release
    budget2 = PixelBudget(10, wait_seconds=5)
    budget2.acquire(10)
    threading.Timer(0.1, budget2.release, args=(10,)).start()
    assert budget2.acquire(10) == 10


def _png(side: int) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (side, side), (90, 100, 110)).save(buf, "PNG")
    return buf.getvalue()


def test_inspector_releases_budget_and_raises_busy() -> None:
    insp = Inspector(InspectOptions(decode_budget_pixels=1_000_000, decode_wait_seconds=0.0))
    data = _png(900)
    assert insp.inspect_bytes(data).error is None
    assert insp.budget.in_use == 0  # released after every file, also after errors
    held = insp.budget.acquire(900_000)
    with pytest.raises(Busy):
        insp.inspect_bytes(data)
    assert insp.budget.in_use == 900_000
    insp.budget.release(held)
    assert insp.inspect_bytes(data).verdict == "no_provenance"


@pytest.fixture(scope="module")
def busy_app(service: Running) -> Iterator[Running]:
    """The same Services with an inspector whose budget holds one 2000x2000 decode and never waits."""
    services = copy.copy(service.services)
    services.inspector = Inspector(InspectOptions(decode_budget_pixels=4_000_000, decode_wait_seconds=0.0))
    running = serve(create_app(service.settings, services=services), service.settings)
    yield running
    running.stop()


def test_concurrent_uploads_beyond_budget_get_503(busy_app: Running) -> None:
    data = _png(2000)
    key = busy_app.key()

    def upload(_: int) -> httpx.Response:
        return httpx.post(busy_app.url + "/v1/inspect", headers={"authorization": f"Bearer {key}"},
                          files={"file": ("big.png", data, "image/png")}, timeout=60)

    with ThreadPoolExecutor(16) as pool:
        answers = list(pool.map(upload, range(16)))
    codes = sorted(r.status_code for r in answers)
    assert set(codes) <= {200, 503}, codes
    assert 200 in codes
    refused = [r for r in answers if r.status_code == 503]
    for r in refused:
        assert r.json()["code"] == "busy" and int(r.headers["retry-after"]) >= 1
    assert httpx.get(busy_app.url + "/healthz", timeout=5).status_code == 200
    assert upload(0).status_code == 200  # the budget is free again
