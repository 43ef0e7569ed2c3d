"""Linking at corpus scale: a full link of a store, then incremental links on top of it.

Runs on a *copy* of an ingested store (the whole AllSides corpus, built by
``bench/throughput.py -n 0 --full --keep STORE``), so the store itself is left as it was:

    python bench/link.py --db /work/fullstore/allsides.db        # copies it, links, measures
    python bench/link.py --db STORE --keep linked.db              # keep the linked copy

Steps, each in its own subprocess so its peak RSS is its own:

1. ``full``: ``link_store(full=True)`` over every article (stories re-clustered, quotes matched);
2. ``incremental_none``: a second link with no new article: the fixed cost of a later link
   (load every article, figure series, provenance, speakers, save);
3. ``incremental_sample``: the 16 articles of the built-in sample are ingested (without link)
   and linked incrementally: they join or open stories; only their quote pairs are compared.

Each reports wall seconds, the link's own seconds per step, peak RSS and what it found.
Writes ``bench/results/link.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results" / "link.json"


def _sqlite_path(db: str) -> Path:
    return Path(db.removeprefix("sqlite:///")) if db.startswith("sqlite:///") else Path(db)


def copy_store(source: Path, target: Path) -> None:
    """Copy an SQLite store with its write-ahead log folded in (SQLite's backup API)."""
    import sqlite3

    if not source.exists():
        raise SystemExit(f"no store at {source}")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


def child(db: str, mode: str) -> None:
    """One measured step, in this process (run as a subprocess by ``main``)."""
    sys.path.insert(0, str(ROOT))
    from newstrail.cli.main import sample_inputs
    from newstrail.ingest import ingest
    from newstrail.link.corpus import link_store
    from newstrail.store import Store

    store = Store(f"sqlite:///{_sqlite_path(db)}")
    if mode == "incremental_sample":
        ingest(store=store, items=list(sample_inputs()))
    start = time.perf_counter()
    summary = link_store(store, full=mode == "full")
    wall = time.perf_counter() - start
    store.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"wall_seconds": round(wall, 1), "peak_rss_mb": round(peak), **summary.to_dict()}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="an ingested SQLite store (path or sqlite:/// URL); copied first")
    parser.add_argument("--keep", help="keep the linked copy at this path")
    parser.add_argument("--child", choices=["full", "incremental_none", "incremental_sample"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.db, args.child)
        return

    source = _sqlite_path(args.db)
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="newstrail-link-")) / "linked.db"
    copy_store(source, work)
    report = {"benchmark": "corpus linking: full link, then incremental links (bench/link.py)",
              "store": str(source), "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                                                "platform": platform.platform()},
              "steps": {}}
    try:
        for mode in ("full", "incremental_none", "incremental_sample"):
            out = subprocess.run([sys.executable, __file__, "--db", str(work), "--child", mode],
                                 check=True, capture_output=True, text=True).stdout
            report["steps"][mode] = json.loads(out.strip().splitlines()[-1])
            print(mode, json.dumps(report["steps"][mode]), file=sys.stderr, flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(work.parent, ignore_errors=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
