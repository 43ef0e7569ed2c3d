"""Linking at corpus scale: a full link of a store, then incremental links on top of it.

Runs on a *copy* of an ingested store (the whole AllSides corpus, built by
``bench/throughput.py -n 0 --full --keep STORE``), so the store itself is left as it was:

    python bench/link.py --db /work/fullstore/allsides.db        # copies it, links, measures
    python bench/link.py --db STORE --keep linked.db              # keep the linked copy
    python bench/link.py --db STORE --new more.jsonl.gz --new-count 1000 --new-skip 40000

Steps, each in its own subprocess so its peak RSS is its own:

1. ``full``: ``link_store(full=True)`` over every article (stories re-clustered, quotes matched);
2. ``incremental_none``: a second link with no new article: the store's mark says nothing
   changed, so no article is loaded and nothing written (mode ``unchanged``);
3. ``incremental_sample``: the 16 articles of the built-in sample are ingested (without link)
   and linked incrementally: they join or open stories; only their quote pairs are compared,
   and only the stories they touched are recomputed and rewritten;
4. ``incremental_new`` (with ``--new``): ``--new-count`` records of a JSONL file, from record
   ``--new-skip`` on (records the store does not hold), ingested without link, then linked;
5. ``unchanged_after``: one more link with nothing new, after those.

Each reports wall seconds of the link alone (``wall_seconds``; the ingest before it apart, in
``ingest_seconds``), the link's own seconds per step, peak RSS and what it found.
Writes ``bench/results/link.json``.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
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
STEPS = ["full", "incremental_none", "incremental_sample", "incremental_new", "unchanged_after"]


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


def subset(source: Path, target: Path, skip: int, count: int) -> int:
    """Records ``skip`` .. ``skip + count`` of a JSONL file (gzip or not) written to ``target``."""
    opener = gzip.open if source.suffix == ".gz" else open
    with opener(source, "rt", encoding="utf-8") as lines, target.open("w", encoding="utf-8") as out:
        taken = list(itertools.islice(lines, skip, skip + count))
        out.writelines(taken)
    return len(taken)


def child(db: str, mode: str, new: str | None) -> None:
    """One measured step, in this process (run as a subprocess by ``main``)."""
    sys.path.insert(0, str(ROOT))
    from newstrail.cli.main import sample_inputs
    from newstrail.ingest import ingest
    from newstrail.link.corpus import link_store
    from newstrail.store import Store

    store = Store(f"sqlite:///{_sqlite_path(db)}")
    start = time.perf_counter()
    if mode == "incremental_sample":
        ingest(store=store, items=list(sample_inputs()))
    elif mode == "incremental_new":
        ingest([new], store=store, workers=os.cpu_count() or 1)  # its time apart (ingest_seconds)
    ingested = time.perf_counter()
    summary = link_store(store, full=mode == "full")
    wall = time.perf_counter() - ingested
    store.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"wall_seconds": round(wall, 1), "ingest_seconds": round(ingested - start, 1),
                      "peak_rss_mb": round(peak), **summary.to_dict()}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="an ingested SQLite store (path or sqlite:/// URL); copied first")
    parser.add_argument("--keep", help="keep the linked copy at this path")
    parser.add_argument("--new", type=Path, help="a JSONL file (gzip or not) of articles the store does not hold")
    parser.add_argument("--new-count", type=int, default=1000, help="how many records of --new to ingest")
    parser.add_argument("--new-skip", type=int, default=0, help="records of --new to skip first")
    parser.add_argument("--results", type=Path, default=RESULTS, help="where to write the JSON report")
    parser.add_argument("--child", choices=STEPS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.db, args.child, str(args.new) if args.new else None)
        return

    source = _sqlite_path(args.db)
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="newstrail-link-")) / "linked.db"
    copy_store(source, work)
    report = {"benchmark": "corpus linking: full link, then incremental links (bench/link.py)",
              "store": str(source), "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                                                "platform": platform.platform()},
              "steps": {}}
    new = None
    if args.new:
        new = work.parent / "new.jsonl"
        report["new"] = {"file": str(args.new), "skip": args.new_skip,
                         "records": subset(args.new, new, args.new_skip, args.new_count)}
    try:
        for mode in STEPS:
            if mode == "incremental_new" and new is None:
                continue
            command = [sys.executable, __file__, "--db", str(work), "--child", mode]
            out = subprocess.run(command + (["--new", str(new)] if new else []),
                                 check=True, capture_output=True, text=True).stdout
            report["steps"][mode] = json.loads(out.strip().splitlines()[-1])
            print(mode, json.dumps(report["steps"][mode]), file=sys.stderr, flush=True)
    finally:
        if new is not None:
            new.unlink(missing_ok=True)
        if not args.keep:
            shutil.rmtree(work.parent, ignore_errors=True)
    args.results.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
