"""Page times of the web interface and the API over a real store, through a real HTTP client.

    python bench/web.py                      # builds a store from the first 2,000 AllSides articles
    python bench/web.py -n 5000 --repeat 100
    python bench/web.py --db sqlite:///corpus.db   # an existing store (e.g. the whole corpus)

Starts ``uvicorn`` in its own process on a loopback port over the store, picks real URLs for
every page kind from the store (articles, speakers, stories, series...), requests each kind
``--repeat`` times over varied URLs with one keep-alive client, and reports p50/p95/max per
kind (the first, cold request of each kind is reported apart). On a linked store the largest
stories, quote clusters and figure series are measured too (``*_largest``): the worst case. Writes bench/results/web.json and
screenshots of each page kind at a desktop and a phone width (``KIND-1280.png``,
``KIND-390.png``) into bench/results/screenshots/ (headless Debian chromium).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import httpx

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
ALLSIDES = ROOT.parent / "shared" / "data" / "allsides" / "articles.jsonl.gz"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SEARCH_WORDS = ["president", "election", "police", "court", "economy", "senate", "climate", "vaccine",
                "border", "tax", "war", "school", "trade", "health care", "supreme court"]


def build_store(n: int) -> str:
    """An SQLite store holding the first ``n`` AllSides articles (ingest is resumable, so a
    store left by an earlier run is topped up, not rebuilt)."""
    from newstrail.ingest import ingest
    from newstrail.link.corpus import link_store
    from newstrail.sources import read_inputs
    from newstrail.store import Store

    path = Path(tempfile.gettempdir()) / f"newstrail-web-bench-{n}.db"
    url = f"sqlite:///{path}"
    with Store(url) as store:
        have = store.counts()["articles"]
        if have < n:
            t0 = time.perf_counter()
            tally = ingest(store=store, items=itertools.islice(read_inputs([str(ALLSIDES)]), n))
            print(f"ingested {tally.ingested} articles in {time.perf_counter() - t0:.0f}s", file=sys.stderr)
        if have < n or not store.is_linked():
            t0 = time.perf_counter()
            summary = link_store(store)
            print(f"linked {summary.articles} articles in {time.perf_counter() - t0:.0f}s", file=sys.stderr)
    return url


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: str, port: int) -> subprocess.Popen:
    env = {**os.environ, "NEWSTRAIL_DB": db}
    env.pop("NEWSTRAIL_API_TOKEN", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "newstrail.api.app:create_app", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning", "--no-server-header"], env=env, cwd=str(ROOT))
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if httpx.get(base + "/api/counts", timeout=5).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            raise SystemExit("the server did not start")
        time.sleep(0.1)
    proc.kill()
    raise SystemExit("the server did not answer")


def page_urls(client: httpx.Client, rng: random.Random) -> dict[str, list[str]]:
    """Real URLs for every page kind, read from the API."""
    arts = client.get("/api/articles", params={"limit": 200}).json()["items"]
    pks = [a["pk"] for a in arts]
    counts = client.get("/api/counts").json()
    if counts["counts"]["articles"] > 200:  # spread over the store, not only its start
        pks += rng.sample(range(1, counts["counts"]["articles"] + 1), min(200, counts["counts"]["articles"]))
    sources = sorted({a["source"] for a in arts if a["source"]})
    speakers = [s["name"] for s in client.get("/api/speakers", params={"limit": 50}).json()["items"]]
    events = sorted({f["event"] for f in client.get("/api/figures", params={"limit": 200}).json()["items"] if f["event"]})
    urls: dict[str, list[str]] = {
        "home": ["/"],
        "search": [f"/search?q={quote(w)}" for w in SEARCH_WORDS],
        "articles": ["/articles"] + [f"/articles?source={quote(s)}" for s in sources[:10]],
        "article": [f"/articles/{pk}" for pk in pks],
        "quotes": ["/quotes"] + [f"/quotes?q={quote(w)}" for w in SEARCH_WORDS[:5]],
        "speakers": ["/speakers"],
        "speaker": [f"/speakers/{quote(s, safe='')}" for s in speakers[:30]],
        "figures": [f"/figures?event={quote(e)}" for e in events[:10]] or ["/figures"],
        "api_articles": ["/api/articles", "/api/articles?q=election"],
        "api_article": [f"/api/articles/{pk}" for pk in pks[:100]],
        "analyze_form": ["/analyze"],
        "docs": ["/docs"],
        "articles_csv": [f"/articles.csv?source={quote(s)}" for s in sources[:10]] or ["/articles.csv?q=election"],
        "error": ["/articles/no-such-article"],
    }
    stories = client.get("/api/stories", params={"limit": 200})
    if stories.status_code == 200:
        items = stories.json()["items"]
        urls["stories"] = ["/stories"]
        urls["series_list"] = ["/series"]
        urls["story"] = [f"/stories/{s['id']}" for s in items[:50]]
        series = client.get("/api/series", params={"limit": 200}).json()["items"]
        urls["series"] = [f"/series/{s['id']}" for s in series[:50]] or ["/series"]
        urls["trail"] = [f"/trail/{s['id']}" for s in series[:20]] or []
        clusters = client.get("/api/quote-clusters", params={"limit": 200}).json()["items"]
        urls["quote_cluster"] = [f"/quote-clusters/{c['id']}" for c in clusters[:50]]
    return {k: v for k, v in urls.items() if v}


def largest(db: str, n: int = 10) -> dict[str, list[str]]:
    """The heaviest linked pages, read from the store: the stories with the most articles and
    the quote clusters and figure series with the most members (their trails). The listing
    order of the API reaches mostly small ones, and the worst case is what a target is about."""
    from sqlalchemy import func, select

    from newstrail.store import Store
    from newstrail.store.link_schema import figure_series_members, quote_cluster_members, stories

    store = Store(db)
    try:
        with store.engine.connect() as conn:
            big_stories = conn.execute(select(stories.c.id).order_by(stories.c.article_count.desc()).limit(n)).scalars()
            story_urls = [f"/stories/{sid}" for sid in big_stories]
            trails = []
            for table, column in ((quote_cluster_members, "cluster_id"), (figure_series_members, "series_id")):
                col = table.c[column]
                trails += [f"/trail/{tid}" for tid in conn.execute(
                    select(col).group_by(col).order_by(func.count().desc()).limit(n)).scalars()]
            big_series = [u.replace("/trail/", "/series/") for u in trails if "/trail/q" not in u]
            big_clusters = [u.replace("/trail/", "/quote-clusters/") for u in trails if "/trail/q" in u]
    finally:
        store.close()
    return {k: v for k, v in {"story_largest": story_urls, "trail_largest": trails,
                              "series_largest": big_series, "quote_cluster_largest": big_clusters}.items() if v}


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    if not values:
        return float("nan")
    k = (len(values) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def measure(client: httpx.Client, urls: dict[str, list[str]], repeat: int, rng: random.Random) -> dict:
    out = {}
    for kind, choices in urls.items():
        t0 = time.perf_counter()
        first = client.get(choices[0])
        cold = (time.perf_counter() - t0) * 1000
        times, statuses = [], {}
        for i in range(repeat):
            url = choices[i % len(choices)] if len(choices) <= repeat else rng.choice(choices)
            t0 = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - t0) * 1000)
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        out[kind] = {
            "requests": repeat, "distinct_urls": len(set(choices)), "cold_ms": round(cold, 1),
            "cold_status": first.status_code, "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(percentile(times, 0.95), 1), "max_ms": round(max(times), 1),
            "statuses": {str(k): v for k, v in sorted(statuses.items())},
        }
        print(f"{kind:14s} p50 {out[kind]['p50_ms']:7.1f} ms  p95 {out[kind]['p95_ms']:7.1f} ms  "
              f"max {out[kind]['max_ms']:7.1f} ms  cold {cold:7.1f} ms  {out[kind]['statuses']}", file=sys.stderr)
    return out


WIDTHS = {1280: 900, 390: 844}  # a desktop and a phone: viewport width -> height
NOT_PAGES = ("api_", "articles_csv")  # kinds that answer JSON or CSV, not a page


def screenshots(base: str, urls: dict[str, list[str]], target: Path) -> list[str]:
    """A full-page screenshot of each page kind (its first URL) at each of ``WIDTHS``."""
    from playwright.sync_api import sync_playwright

    target.mkdir(parents=True, exist_ok=True)
    taken = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for width, height in WIDTHS.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            for kind, choices in urls.items():
                if kind.startswith(NOT_PAGES):
                    continue
                page.goto(base + choices[0])
                name = f"{kind}-{width}.png"
                page.screenshot(path=str(target / name), full_page=True)
                taken.append(name)
            page.close()
        browser.close()
    return taken


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="store URL (default: build one from the first -n AllSides articles)")
    parser.add_argument("-n", type=int, default=2000, help="articles in the built store")
    parser.add_argument("--repeat", type=int, default=60, help="timed requests per page kind")
    parser.add_argument("--no-screenshots", action="store_true")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    RESULTS.mkdir(parents=True, exist_ok=True)
    db = args.db or build_store(args.n)
    port = free_port()
    server = start_server(db, port)
    base = f"http://127.0.0.1:{port}"
    rng = random.Random(args.seed)
    try:
        with httpx.Client(base_url=base, timeout=120) as client:
            counts = client.get("/api/counts").json()
            urls = page_urls(client, rng)
            if "story" in urls:
                urls.update(largest(db))
            results = measure(client, urls, args.repeat, rng)
        shots = [] if args.no_screenshots else screenshots(base, urls, RESULTS / "screenshots")
    finally:
        server.terminate()
        server.wait(30)
    pages = {k: v for k, v in results.items() if not k.startswith(NOT_PAGES)}
    report = {
        "benchmark": "web page times (server-side render + transfer, one keep-alive client)",
        "store": {"url": db.split("@")[-1], "counts": counts["counts"], "links": counts["links"]},
        "repeat": args.repeat,
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
        "target_p95_ms": 300,
        "worst_page_p95_ms": max(v["p95_ms"] for v in pages.values()),
        "all_pages_under_target": all(v["p95_ms"] < 300 for v in pages.values()),
        "kinds": results,
        "screenshots": [f"bench/results/screenshots/{s}" for s in shots],
    }
    (RESULTS / "web.json").write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps({k: report[k] for k in ("worst_page_p95_ms", "all_pages_under_target")}), file=sys.stderr)


if __name__ == "__main__":
    main()
