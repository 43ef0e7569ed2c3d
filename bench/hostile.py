"""Hostile load against a real server: no request may freeze it or get a server error (issue 12).

    python bench/hostile.py                       # 1,000 hostile requests, 8 at a time
    python bench/hostile.py -n 200 --seconds 120

Ingests the built-in sample corpus into a temporary store and serves it with ``newstrail serve``
in its own process on a loopback port, as a user runs it (default limits, no ingest token). Then:

1. the latency of a normal read (``GET /api/articles?limit=20``) with no load: ``--probes`` times;
2. ``-n`` hostile requests, round robin over the kinds in ``KINDS``, from ``--concurrency``
   threads, stopped after ``--seconds``; meanwhile one more thread repeats the normal read.

Writes bench/results/hostile.json: requests sent, status counts (overall and per kind), the 5xx
count and how many of them are the documented 503s of a busy or slow analysis, and p50/p95 of
the normal read without and during the load.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
NEWSTRAIL = Path(sys.executable).parent / "newstrail"
READ = ("/api/articles", {"limit": 20})
ANALYSIS_PATHS = ("/analyze", "/analyze/file")
PROSE = ("The harbour board of Dellmoor met on Tuesday to discuss the storm damage. \u201cWe will reopen the "
         "pier by Friday,\u201d said board chair Ilse Marten, adding that about 40 boats were damaged.\n\n")
JSON = {"content-type": "application/json"}


def _kinds() -> dict[str, tuple[str, str, dict]]:
    """name -> (method, path, httpx arguments). Bodies are built once and reused."""
    amp_page = ("<html><body><article><p>The pier closed on Monday.</p><p>" + "&amp;" * 200_000
                + "</p></article></body></html>").encode()
    return {
        "dollars_15000": ("POST", "/analyze", {"json": {"text": "$" * 15_000}}),
        "parens_90000": ("POST", "/analyze", {"json": {"text": "(" * 90_000}}),
        "apostrophe_s_run": ("POST", "/analyze", {"json": {"text": PROSE + "'s" * 20_000}}),
        "text_over_limit": ("POST", "/analyze", {"json": {"text": PROSE * 1000}}),
        "body_6mb": ("POST", "/analyze", {"content": b'{"text": "' + b"x" * (6 * 1024 * 1024) + b'"}',
                                          "headers": JSON}),
        "lone_surrogate": ("POST", "/analyze", {"content": b'{"text": "Pier \\ud800 closed", "title": "\\udfff"}',
                                                "headers": JSON}),
        "control_chars": ("POST", "/analyze", {"json": {"text": "Pier\x00 closed\x1b[31m on\x07 Monday\x7f " * 20}}),
        "nested_json": ("POST", "/analyze", {"content": b"[" * 200_000 + b"]" * 200_000, "headers": JSON}),
        "nested_in_text": ("POST", "/analyze", {"content": b'{"text": ' + b'{"a": ' * 5_000 + b"1" + b"}" * 5_000
                                                + b"}", "headers": JSON}),
        "wrong_type_plain": ("POST", "/analyze", {"content": b'{"text": "Pier closed"}',
                                                  "headers": {"content-type": "text/plain"}}),
        "wrong_type_form": ("POST", "/analyze", {"data": {"text": "Pier closed"}}),
        "html_200000_entities": ("POST", "/analyze/file", {"files": {"file": ("amp.html", amp_page)}}),
        "html_tag_bomb": ("POST", "/analyze/file", {"files": {"file": ("bomb.html", b"<p>x</p>" * 40_000)}}),
        "id_2_63_api": ("GET", f"/api/articles/{2**63}", {}),
        "id_2_64_web": ("GET", f"/articles/{2**64}", {}),
        "cursor_2_63": ("GET", "/api/articles", {"params": {"after": str(2**63)}}),
        "search_symbols": ("GET", "/api/search", {"params": {"q": "\u202e<script>" + "(" * 190}}),
        "ingest_without_token": ("POST", "/ingest", {"json": {"articles": [{"text": "$" * 1000}]}}),
    }


KINDS = _kinds()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_store(db: str) -> None:
    subprocess.run([str(NEWSTRAIL), "demo", "--db", db, "--json"], check=True, stdout=subprocess.DEVNULL,
                   cwd=str(ROOT))


def start_server(db: str, port: int) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSTRAIL_")}
    proc = subprocess.Popen([str(NEWSTRAIL), "serve", "--db", db, "--port", str(port)], env=env, cwd=str(ROOT),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if httpx.get(base + "/api/counts", timeout=5).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the server did not start")


def read_latencies(base: str, count: int | None = None, until: threading.Event | None = None) -> list[float]:
    """Seconds per normal read, ``count`` times or until ``until`` is set."""
    out = []
    with httpx.Client(base_url=base, timeout=60) as client:
        while (count is None or len(out) < count) and not (until and until.is_set()):
            start = time.perf_counter()
            response = client.get(READ[0], params=READ[1])
            out.append(time.perf_counter() - start)
            if response.status_code != 200:
                raise SystemExit(f"the normal read answered {response.status_code}")
    return out


def quantiles(values: list[float]) -> dict:
    cuts = statistics.quantiles(values, n=100) if len(values) > 1 else values * 99
    return {"n": len(values), "p50_ms": round(cuts[49] * 1000, 1), "p95_ms": round(cuts[94] * 1000, 1),
            "max_ms": round(max(values) * 1000, 1)}


def hostile_load(base: str, n: int, concurrency: int, seconds: float) -> dict:
    names = list(KINDS)
    deadline = time.monotonic() + seconds
    by_kind: dict[str, Counter] = defaultdict(Counter)
    times: dict[str, list[float]] = defaultdict(list)
    lock = threading.Lock()
    local = threading.local()

    def send(i: int) -> None:
        if time.monotonic() > deadline:
            return
        name = names[i % len(names)]
        method, path, kwargs = KINDS[name]
        if not hasattr(local, "client"):
            local.client = httpx.Client(base_url=base, timeout=120)
        start = time.perf_counter()
        try:
            status = str(local.client.request(method, path, **kwargs).status_code)
        except httpx.HTTPError as exc:  # a dropped connection counts as a failure, not a status
            status = type(exc).__name__
        with lock:
            by_kind[name][status] += 1
            times[name].append(time.perf_counter() - start)

    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(send, range(n)))
    statuses = Counter()
    for counts in by_kind.values():
        statuses.update(counts)
    server_errors = {s: c for s, c in statuses.items() if not s.isdigit() or int(s) >= 500}
    documented = sum(c for name, counts in by_kind.items() for s, c in counts.items()
                     if s == "503" and KINDS[name][1] in ANALYSIS_PATHS)
    return {
        "requests": sum(statuses.values()),
        "status_counts": dict(sorted(statuses.items())),
        "server_errors": sum(server_errors.values()),
        "server_errors_documented_503": documented,
        "server_errors_other": sum(server_errors.values()) - documented,
        "by_kind": {name: {"statuses": dict(sorted(by_kind[name].items())),
                           "p50_ms": round(statistics.median(times[name]) * 1000, 1)} for name in names if by_kind[name]},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=1000, help="hostile requests")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=600, help="stop sending after this long")
    parser.add_argument("--probes", type=int, default=200, help="normal reads measured without load")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newstrail-hostile-") as tmp:
        db = f"sqlite:///{tmp}/sample.db"
        build_store(db)
        port = free_port()
        server = start_server(db, port)
        base = f"http://127.0.0.1:{port}"
        try:
            httpx.post(base + "/analyze", json={"text": PROSE}, timeout=120)  # loads the model
            quiet = read_latencies(base, args.probes)
            stop = threading.Event()
            during: list[float] = []
            prober = threading.Thread(target=lambda: during.extend(read_latencies(base, until=stop)))
            prober.start()
            started = time.perf_counter()
            load = hostile_load(base, args.n, args.concurrency, args.seconds)
            elapsed = time.perf_counter() - started
            stop.set()
            prober.join()
            alive = httpx.get(base + "/api/counts", timeout=30).status_code
        finally:
            server.terminate()
            server.wait(30)
    result = {
        "benchmark": "hostile",
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
        "settings": {"n": args.n, "concurrency": args.concurrency, "seconds": args.seconds,
                     "limits": "defaults (NEWSTRAIL_* unset)", "normal_read": f"GET {READ[0]}?limit=20"},
        **load,
        "load_seconds": round(elapsed, 1),
        "normal_read_without_load": quantiles(quiet),
        "normal_read_during_load": quantiles(during),
        "server_answers_after_load": alive,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "hostile.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps({k: result[k] for k in ("requests", "status_counts", "server_errors", "server_errors_other",
                                             "load_seconds", "normal_read_without_load", "normal_read_during_load")},
                     indent=2))


if __name__ == "__main__":
    main()
