"""What provguard adds to a proxied call: images and Responses API, sync vs group-committed outcomes,
and the time to first byte of a streamed response.

Starts the upstream stand-in and ``provguard serve`` twice (``PROVGUARD_AUDIT_OUTCOME=sync``, the
default, and ``group``) on a SQLite audit store with signing on, then times sequential calls of the
real ``openai`` client straight to the upstream and through provguard, interleaved. The added
latency "excluding inspection and signing" subtracts the median of inspect ∥ re-sign measured
in this process on the same image (as the gateway runs them). Time to first byte: the first SSE
bytes of ``responses.create(stream=True)``, direct vs proxied.

    python bench/proxy_latency_bench.py [--requests 40] [--postgres]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from service_bench import free_port, pct, start_upstream_and_key, wait_ready  # noqa: E402

TOOLS = [{"type": "image_generation"}]


def output_stage_ms(n: int, chain_dir: Path) -> dict[str, float]:
    """Medians of inspect ∥ re-sign (two threads) and of check ∥ inspect ∥ re-sign (three threads),
    the output stage as the gateway runs it (the full decode check runs beside the other two)."""
    from provguard.config import Settings
    from provguard.gateway.checks import check_output_image
    from provguard.provenance import InspectOptions, Inspector
    from provguard.provenance.sign import DecisionAssertion, ImageSigner
    from tests.upstream_server import DEFAULT_IMAGE

    image = DEFAULT_IMAGE.read_bytes()
    insp = Inspector(InspectOptions())
    signer = ImageSigner.from_files(chain_dir / "chain.pem", chain_dir / "key.pem")
    assertion = DecisionAssertion(request_id="bench", action="allow", response_id="resp_bench", turn=0)
    settings = Settings()
    two: list[float] = []
    three: list[float] = []
    with ThreadPoolExecutor(3) as pool:
        for _ in range(n):
            for out, with_check in ((two, False), (three, True)):
                t = time.perf_counter()
                futures = [
                    pool.submit(insp.inspect_bytes, image, "b.webp"),
                    pool.submit(signer.sign, image, assertion),
                ]
                if with_check:
                    futures.append(pool.submit(check_output_image, image, settings, "b.webp"))
                for f in futures:
                    f.result()
                out.append((time.perf_counter() - t) * 1000)
    return {"both_p50": statistics.median(two), "stage_p50": statistics.median(three)}


def timed(calls: dict[str, Callable[[int], Any]], n: int) -> dict[str, list[float]]:
    """Interleave the calls (so load drift hits all alike); 3 warm-up rounds."""
    times: dict[str, list[float]] = {name: [] for name in calls}
    for i in range(n + 3):
        for name, call in calls.items():
            t = time.perf_counter()
            value = call(i)
            elapsed = value if isinstance(value, float) else (time.perf_counter() - t) * 1000
            if i >= 3:  # a call that returns a float timed itself (time to first byte)
                times[name].append(elapsed)
    return times


_HTTP = httpx.Client(timeout=60)  # one client: connection set-up is not what is measured


def ttfb(url: str, key: str, body: dict[str, Any]) -> float:
    """Milliseconds to the first byte of a streamed response body (then read it to the end)."""
    t = time.perf_counter()
    with _HTTP.stream(
        "POST", url + "/responses", json=body, headers={"authorization": f"Bearer {key}"}, timeout=60
    ) as resp:
        it = resp.iter_raw()
        next(it)
        first = (time.perf_counter() - t) * 1000
        for _ in it:
            pass
    return first


def measure(pg_url: str, up_url: str, key: str, up_key: str, n: int, both: float) -> dict[str, float]:
    import openai

    direct = openai.OpenAI(base_url=up_url, api_key=up_key, max_retries=0, timeout=60)
    proxied = openai.OpenAI(base_url=pg_url + "/v1", api_key=key, max_retries=0, timeout=60)
    out: dict[str, float] = {}
    img = timed(
        {
            "direct": lambda i: direct.images.generate(
                prompt=f"a lighthouse at dawn, study {i}", response_format="b64_json"
            ),
            "proxied": lambda i: proxied.images.generate(
                prompt=f"a lighthouse at dawn, study {i}", response_format="b64_json"
            ),
        },
        n,
    )
    resp = timed(
        {
            "direct": lambda i: direct.responses.create(
                model="gpt-5", input=f"a red kite over dunes {i}", tools=TOOLS
            ),
            "proxied": lambda i: proxied.responses.create(
                model="gpt-5", input=f"a red kite over dunes {i}", tools=TOOLS
            ),
        },
        n,
    )
    stream_body = {"model": "gpt-5", "input": "a quiet harbour at night", "stream": True, "tools": TOOLS}
    first = timed(
        {
            "direct": lambda i: ttfb(up_url, up_key, stream_body),
            "proxied": lambda i: ttfb(pg_url + "/v1", key, stream_body),
        },
        n,
    )
    for name, t in (("images", img), ("responses", resp), ("ttfb", first)):
        d, p = statistics.median(t["direct"]), statistics.median(t["proxied"])
        out[f"{name}_direct_p50"], out[f"{name}_proxied_p50"] = d, p
        out[f"{name}_proxied_p99"] = pct(t["proxied"], 0.99)
        out[f"{name}_added_p50"] = p - d
        out[f"{name}_added_excl_p50"] = p - d - (both if name != "ttfb" else 0.0)
    return out


def serve(env: dict[str, str], tmp: Path, outcome: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**env, "PROVGUARD_AUDIT_OUTCOME": outcome}
    proc = subprocess.Popen(
        [sys.executable, "-m", "provguard.cli", "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stderr=open(tmp / f"serve-{outcome}.log", "wb"),
    )  # noqa: SIM115
    url = f"http://127.0.0.1:{port}"
    wait_ready(url, proc)
    return proc, url


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--requests", type=int, default=40)
    ap.add_argument("--postgres", action="store_true", help="audit store on a private PostgreSQL cluster")
    args = ap.parse_args()
    if args.postgres:
        from tests.pgserver import create_database, postgres_cluster

        with postgres_cluster() as server_url:
            run(args, create_database(server_url))
    else:
        run(args, None)


def run(args: argparse.Namespace, db_url: str | None) -> None:
    from tests.test_sign_chain import make_chain
    from tests.upstream_server import UPSTREAM_KEY_DEFAULT

    tmp = Path(tempfile.mkdtemp(prefix="provguard-latency-"))
    chain = make_chain(tmp / "chain")
    upstream, up_port, env, key = start_upstream_and_key(tmp, chain, db_url)
    procs = [upstream]
    try:
        wait_ready(f"http://127.0.0.1:{up_port}", upstream, "/_stats")
        stage = output_stage_ms(args.requests, tmp / "chain")
        both = stage["stage_p50"]
        store = "PostgreSQL" if db_url else "SQLite"
        print(
            f"{store} audit, 1 worker, {args.requests} sequential openai-client calls per figure, "
            f"366 KiB DALL-E WebP; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; "
            f"inspect ∥ re-sign p50 {stage['both_p50']:.1f} ms, output check ∥ inspect ∥ re-sign p50 "
            f"{both:.1f} ms (subtracted)"
        )
        for outcome in ("sync", "group"):
            proc, url = serve(env, tmp, outcome)
            procs.append(proc)
            r = measure(url, f"http://127.0.0.1:{up_port}/v1", key, UPSTREAM_KEY_DEFAULT, args.requests, both)
            print(f"PROVGUARD_AUDIT_OUTCOME={outcome}:")
            for name, label in (
                ("images", "images.generate"),
                ("responses", "responses.create (image tool)"),
                ("ttfb", "responses stream, first byte"),
            ):
                extra = (
                    "" if name == "ttfb" else f", excl. output stage {r[f'{name}_added_excl_p50']:.1f} ms"
                )
                print(
                    f"  {label:32s} direct p50 {r[f'{name}_direct_p50']:6.1f} ms  via provguard p50 "
                    f"{r[f'{name}_proxied_p50']:6.1f} ms (p99 {r[f'{name}_proxied_p99']:.1f})  "
                    f"added {r[f'{name}_added_p50']:.1f} ms{extra}"
                )
            proc.terminate()
            proc.wait(30)
    finally:
        for p in procs:
            if p.poll() is None:
                p.terminate()
                p.wait(30)


if __name__ == "__main__":
    main()
