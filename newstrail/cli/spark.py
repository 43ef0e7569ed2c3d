"""``newstrail spark ingest``, ``newstrail spark link`` and ``newstrail load``: the Spark path
(``newstrail.spark``).

PySpark is imported only when a ``spark`` command runs, so the rest of the CLI starts without it
and a missing ``spark`` extra is one line saying how to install it. The command helpers of
``cli.main`` (settings, opening a store, linking) are imported when a command runs: ``main``
imports this module to register it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal, Optional

import typer

from newstrail.cli import render
from newstrail.sources import FORMATS

spark_app = typer.Typer(
    name="spark",
    help="Run newstrail on Apache Spark (local mode by default, any cluster through --master).",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def _examples(*lines: str) -> str:  # as cli.main.examples, which this module cannot import at load time
    return "Examples:\n\n" + "\n\n".join(f"  {line}" for line in lines)


def _need_pyspark() -> None:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        render.error("the Spark commands need PySpark and Java: pip install 'newstrail[spark]' "
                     "(bash scripts/setup.sh installs both)")
        raise typer.Exit(2) from None


@spark_app.command("ingest", epilog=_examples(
    "newstrail spark ingest corpus.jsonl.gz --out corpus.parquet",
    "newstrail spark ingest 'crawl/*.warc.gz' --out cc-news --master 'local[4]' --partitions 64",
    "newstrail spark ingest articles/ --out out/ --source 'Harbor Ledger' --json",
    "newstrail load corpus.parquet --db corpus.db    # then every command works over it",
))
def spark_ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, directories or globs (JSONL/CSV, gzip, WARC, text, HTML).")],
    out: Annotated[Path, typer.Option("--out", help="Folder for the Parquet dataset (new or empty).")],
    master: Annotated[str, typer.Option("--master", help="Spark master URL: local[N], spark://host:port, yarn, k8s://...")] = "local[*]",
    partitions: Annotated[Optional[int], typer.Option(
        "--partitions", min=1, help="Partitions of the parse (default: 4 per core of the master).")] = None,
    fmt: Annotated[Literal[FORMATS], typer.Option(
        "--format", help="How to read the inputs; auto: by extension, else by their first bytes.")] = "auto",
    source: Annotated[Optional[str], typer.Option("--source", help="Outlet name for inputs that do not carry one.")] = None,
    model: Annotated[Optional[str], typer.Option("--model", help="spaCy model (default: as for `newstrail ingest`).")] = None,
    allow_private: Annotated[bool, typer.Option("--allow-private", help="Allow fetching URLs on private/loopback addresses.")] = False,
    fetch_deadline: Annotated[Optional[float], typer.Option(
        "--fetch-deadline", min=0.1, help="Seconds one URL may take in all (default: as for `newstrail ingest`).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the tally as JSON.")] = False,
) -> None:
    """Clean, parse and extract on Spark as `newstrail ingest` does, with exact and near copies
    found across the whole input; write a Parquet dataset (`newstrail load` stores it)."""
    from newstrail.cli.main import _settings

    settings = _settings(model=model, fetch_deadline=fetch_deadline)
    _need_pyspark()
    from newstrail.spark.ingest import Options, OutputExists, check_output, spark_ingest as run
    from newstrail.spark.reading import Inputs
    from newstrail.spark.session import session

    options = Options(model=settings.model, components={k: dict(v) for k, v in settings.components.items()},
                      allow_private=allow_private, max_bytes=settings.max_input_bytes,
                      fetch_deadline=settings.fetch_deadline)
    try:
        check_output(str(out))  # before Spark starts, which takes seconds
        with session(master, conf={"spark.ui.showConsoleProgress": "false"}) as spark:
            tally = run(spark, [Inputs(tuple(paths), fmt, source)], str(out), options, partitions)
    except OutputExists as error:
        render.error(error)
        raise typer.Exit(1) from None
    errors = _failed(out)
    if as_json:
        render.write_json({**tally.to_dict(), "failed": [{"location": loc, "message": msg} for loc, msg in errors]})
    else:
        render.report(f"analysed {tally.ingested:,} · duplicates {tally.duplicates:,} · copies {tally.copies:,} "
                      f"· not English {tally.non_english:,} · failed {tally.failed:,} → {out}", to=render.console)
        for location, message in errors:
            render.error(f"{location}: {message}")
    if tally.failed:
        raise typer.Exit(1)


@spark_app.command("link", epilog=_examples(
    "newstrail spark link --data corpus.parquet",
    "newstrail spark link --data cc-news --master 'local[4]' --partitions 16 --json",
    "newstrail spark ingest corpus.jsonl.gz --out data/ && newstrail spark link --data data/",
))
def spark_link(
    data: Annotated[Path, typer.Option("--data", help="A dataset written by `newstrail spark ingest --out`.")],
    master: Annotated[str, typer.Option("--master", help="Spark master URL: local[N], spark://host:port, yarn, k8s://...")] = "local[*]",
    partitions: Annotated[Optional[int], typer.Option(
        "--partitions", min=1, help="Partitions of the joins and groups (default: one per core of the master).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the tally as JSON.")] = False,
) -> None:
    """Link a dataset of `newstrail spark ingest` by the rules of `newstrail link --full`
    (stories, quote clusters, figure matches and series, provenance, exclusive details,
    speakers) and add the results to it as Parquet tables; a later run replaces them."""
    from newstrail.cli.main import _settings, print_link_summary

    settings = _settings()
    _need_pyspark()
    from newstrail.spark.link import spark_link as run
    from newstrail.spark.load import DatasetError, manifest
    from newstrail.spark.session import session

    try:
        manifest(str(data))  # before Spark starts, which takes seconds
    except DatasetError as error:
        render.error(error)
        raise typer.Exit(1) from None
    with session(master, conf={"spark.ui.showConsoleProgress": "false"}) as spark:
        tally = run(spark, str(data), settings.story_params(), partitions)
    print_link_summary(tally, as_json, str(data))


def _failed(out: Path) -> list[tuple[str, str]]:
    import pyarrow.dataset as ds

    table = ds.dataset(out / "failed", format="parquet").to_table(columns=["position", "location", "message"])
    rows = sorted(table.to_pylist(), key=lambda row: row["position"])
    return [(row["location"], row["message"]) for row in rows]


LOAD_EXAMPLES = _examples(
    "newstrail load corpus.parquet --db corpus.db",
    "newstrail load cc-news --db postgresql+psycopg://user@host/newstrail --no-link",
    "newstrail load corpus.parquet --json",
)


def load(
    folder: Annotated[Path, typer.Argument(help="A dataset written by `newstrail spark ingest --out`.")],
    db: Annotated[Optional[str], typer.Option(
        "--db", help="Store URL or SQLite path (default: $NEWSTRAIL_DB, db in the settings file, or ./newstrail.db).")] = None,
    link: Annotated[bool, typer.Option("--link/--no-link", help="Link stories, quotes and figures afterwards.")] = True,
    as_json: Annotated[bool, typer.Option("--json", help="Print the tally as JSON.")] = False,
) -> None:
    """Bulk-load a Parquet dataset of `newstrail spark ingest` into the store, then link it;
    loading twice adds nothing. Needs pyarrow only, not Spark."""
    from newstrail.cli.main import _open, _settings, print_link_summary, run_link
    from newstrail.spark.load import DatasetError, load as run

    settings = _settings(db=db)
    store = _open(settings.db_url, write=True)
    try:
        tally = run(str(folder), store)
    except DatasetError as error:
        render.error(error)
        raise typer.Exit(1) from None
    summary = run_link(store, settings, quiet=as_json) if link and tally.loaded else None
    if as_json:
        render.write_json({**tally.to_dict(), "link": summary.to_dict() if summary else None})
        return
    render.report(f"loaded {tally.loaded:,} · already stored {tally.already_stored:,} "
                  f"· inputs that failed in spark ingest {tally.failed_inputs:,}", to=render.console)
    if summary:
        print_link_summary(summary, False)
