"""Peak memory of inspection (a script, not a test): one worker, and the service under 16 uploads.

Part 1, one process per file (``ru_maxrss``, imports subtracted): provguard's Inspector on a 40 MP
photo-like PNG, a 40 MP camera JPEG and a 6000x6000 flat PNG (105 KB on disk), against the obvious
alternative in the same run: Pillow's full decode plus ``np.asarray`` (what the pixel readers did
before, in one array; the float watermark maths came on top of it).
Part 2: a real uvicorn service in its own process, 16 concurrent ``POST /v1/inspect`` uploads of the
40 MP PNG (and of the flat one); the server's peak RSS (VmHWM), RSS afterwards, answers and /healthz.

    python3 bench/inspect_memory_bench.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import numpy as np
from PIL import Image

IMAGES = Path(__file__).resolve().parent.parent.parent / "shared" / "fixtures" / "images"

# VmHWM (peak RSS of this address space), not ru_maxrss, which a child inherits from its parent.
_ONE = """
import sys
from pathlib import Path
def hwm():
    return [int(x.split()[1]) // 1024 for x in open("/proc/self/status") if x.startswith("VmHWM")][0]
mode, path, wm = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
import numpy as np
from PIL import Image
from provguard.provenance import InspectOptions, Inspector
insp = Inspector(InspectOptions(watermark=wm))
before = hwm()
if mode == "provguard":
    v = insp.inspect_path(path)
    assert v.error is None, v.error
else:
    data = path.read_bytes()
    img = Image.open(path); img.load(); arr = np.asarray(img)
print(before, hwm())
"""

_SERVER = """
import sys, socket, uvicorn
from pathlib import Path
from provguard.config import Settings
from provguard.service.app import create_app
from provguard.tenancy import TenancyStore
tmp = Path(sys.argv[1])
settings = Settings(data_dir=tmp, db=str(tmp / "audit.sqlite3"), audit_key=tmp / "audit_ed25519.pem",
                    upstream_base_url="http://127.0.0.1:9/v1", upstream_api_key="x",
                    rate_limit_per_minute=100000, max_upload_bytes=200 * 1024 * 1024,
                    max_body_bytes=256 * 1024 * 1024)
key = TenancyStore.open(settings.db_url()).create_key("bench", "member")[1]
sock = socket.socket(); sock.bind(("127.0.0.1", 0))
print(sock.getsockname()[1], key, flush=True)
config = uvicorn.Config(create_app(settings), log_level="warning", access_log=False)
uvicorn.Server(config).run(sockets=[sock])
"""


FILES = {"40 MP PNG (photo-like)": "photo40.png", "40 MP JPEG (camera, q92)": "camera40.jpg",
         "6000x6000 flat PNG": "flat36.png"}


def make_files(d: Path) -> dict[str, Path]:
    rng = np.random.default_rng(40)
    photo = Image.open(IMAGES / "exif-samples/DSCN0010.jpg").convert("RGB")
    big = np.asarray(photo.resize((7300, 5475), Image.Resampling.BILINEAR), dtype=np.int16)
    big = np.clip(big + rng.integers(-2, 3, size=big.shape, dtype=np.int16), 0, 255).astype(np.uint8)
    files = {name: d / fname for name, fname in FILES.items()}
    Image.fromarray(big).save(files["40 MP PNG (photo-like)"], compress_level=6)
    Image.fromarray(big).save(files["40 MP JPEG (camera, q92)"], quality=92,
                              exif=Image.open(IMAGES / "exif-samples/DSCN0010.jpg").info.get("exif", b""))
    Image.new("RGB", (6000, 6000), (120, 130, 140)).save(files["6000x6000 flat PNG"])
    return files


def peak(mode: str, path: Path, watermark: str) -> tuple[int, int]:
    out = subprocess.run([sys.executable, "-c", _ONE, mode, str(path), watermark], capture_output=True,
                         text=True, check=True).stdout.split()
    return int(out[0]), int(out[1])


def rss(pid: int) -> tuple[int, int]:
    """(VmRSS, VmHWM) in MiB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(("VmRSS", "VmHWM")):
            fields[line.split(":")[0]] = int(line.split()[1]) // 1024
    return fields["VmRSS"], fields["VmHWM"]


def service_run(files: dict[str, Path], tmp: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-c", _SERVER, str(tmp)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        port, key = proc.stdout.readline().split()
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("service did not start")
            time.sleep(0.2)
        idle = rss(proc.pid)[0]
        print(f"\nservice (pid {proc.pid}): RSS idle {idle} MiB")
        for name, path in files.items():
            if "JPEG" in name:
                continue
            data = path.read_bytes()

            def upload(_: int, data: bytes = data, name: str = path.name) -> int:
                r = httpx.post(url + "/v1/inspect", headers={"authorization": f"Bearer {key}"},
                               files={"file": (name, data, "image/png")}, timeout=300)
                return r.status_code

            t0 = time.perf_counter()
            with ThreadPoolExecutor(16) as pool:
                codes = list(pool.map(upload, range(16)))
            wall = time.perf_counter() - t0
            health = httpx.get(url + "/healthz", timeout=5).status_code
            now, hwm = rss(proc.pid)
            counts = {c: codes.count(c) for c in sorted(set(codes))}
            print(f"  16 concurrent uploads of the {name} ({len(data) / 2**20:.1f} MiB): answers {counts} "
                  f"in {wall:.1f} s; peak RSS so far {hwm} MiB; RSS after {now} MiB; /healthz {health}")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main() -> None:
    with tempfile.TemporaryDirectory() as d:
        # made in a child process, so this one stays small (its children inherit nothing big)
        code = f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); " \
               f"from inspect_memory_bench import make_files; make_files(__import__('pathlib').Path({d!r}))"
        subprocess.run([sys.executable, "-c", code], check=True)
        files = {name: Path(d) / fname for name, fname in FILES.items()}
        print(f"{'file':28s} {'MiB':>6s} {'run':34s} {'imports':>8s} {'peak':>6s} {'added':>6s}")
        for name, path in files.items():
            mib = path.stat().st_size / 2**20
            for mode, wm in (("provguard", "auto"), ("provguard", "always"), ("pillow+asarray", "auto")):
                base, top = peak(mode, path, wm)
                run = f"{mode} --watermark {wm}" if mode == "provguard" else "Pillow load + np.asarray"
                print(f"{name:28s} {mib:6.1f} {run:34s} {base:8d} {top:6d} {top - base:6d}")
        service_run(files, Path(d))


if __name__ == "__main__":
    main()
