"""Terminal output: JSON/CSV writers and the human-readable article report.

Article text is untrusted: everything printed through rich is escaped, so markup-like
text in an article ("[bold]", "[/]") is shown as written and never interpreted.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from newstrail.records import Article

console = Console()
err_console = Console(stderr=True)


def write_json_lines(rows: Iterable[dict[str, Any]]) -> None:
    for row in rows:
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")


def write_csv(rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v for k, v in row.items()})


def write_table(rows: list[dict[str, Any]], columns: list[str], title: str | None = None) -> None:
    table = Table(title=title, show_lines=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(escape("" if row.get(c) is None else str(row.get(c))) for c in columns))
    console.print(table)


def emit(rows: list[dict[str, Any]], columns: list[str], as_json: bool, as_csv: bool, title: str | None = None) -> None:
    """The sqlite-utils habit: a table for people, ``--json`` (one object a line) or ``--csv`` for programs."""
    if as_json:
        write_json_lines(rows)
    elif as_csv:
        write_csv(rows)
    else:
        write_table(rows, columns, title)


def _interval(figure) -> str:
    if figure.value is not None and figure.low is None and figure.high is None:
        return f"{figure.value:g}"
    low = "" if figure.low is None else ("[" if figure.low_inclusive else "(") + f"{figure.low:g}"
    high = "" if figure.high is None else f"{figure.high:g}" + ("]" if figure.high_inclusive else ")")
    value = f"{figure.value:g} " if figure.value is not None else ""
    return f"{value}{low or '(−∞'}, {high or '∞)'}"


def article_report(article: Article) -> None:
    """A readable account of one analysed article, quotes highlighted in the text."""
    console.rule(Text(article.title or article.id, style="bold"))
    meta = [f"source: {article.source or '—'}", f"published: {article.published or '—'}",
            f"language: {article.language or '—'}", f"id: {article.id}"]
    console.print(Text("  ·  ".join(meta), style="dim"))
    for note in article.notes:
        console.print(Text(f"note: {note}", style="yellow"))

    body = Text(article.text)
    for quote in article.quotes:
        body.stylize("bold cyan" if quote.kind in ("direct", "partial") else "cyan", quote.start, quote.end)
        if quote.speaker_start is not None and quote.speaker_end is not None:
            body.stylize("bold magenta", quote.speaker_start, quote.speaker_end)
        if quote.cue_start is not None and quote.cue_end is not None:
            body.stylize("underline", quote.cue_start, quote.cue_end)
    for figure in article.figures:
        if not figure.derived:
            body.stylize("bold green", figure.start, figure.end)
    console.print(body)

    if article.quotes:
        table = Table(title="Quotes", show_lines=True)
        for column in ("kind", "speaker", "resolved", "cue", "medium", "text"):
            table.add_column(column, overflow="fold")
        for q in article.quotes:
            table.add_row(*(escape(str(v)) if v else "—" for v in
                            (q.kind, q.speaker, q.speaker_resolved, q.cue, q.medium, q.text)))
        console.print(table)
    if article.figures:
        table = Table(title="Figures", show_lines=True)
        for column in ("#", "text", "interval", "hedge", "counted", "event", "time", "source", "part of"):
            table.add_column(column, overflow="fold")
        for f in article.figures:
            table.add_row(str(f.index), escape(f.text) + (" (derived)" if f.derived else ""), _interval(f),
                          *(escape(str(v)) if v is not None else "—" for v in
                            (f.hedge, f.counted, f.event, f.time, f.source, f.part_of)))
        console.print(table)
    for check in article.figure_checks:
        style = "red" if check.kind != "consistent" else "green"
        console.print(Text(f"figure check: {check.kind} {check.figures} {check.note}", style=style))
    for signal in article.sourcing.unsourced:
        console.print(Text(f"unsourced: {signal.text}  ({signal.reason})", style="yellow"))
    for signal in article.sourcing.hedged:
        console.print(Text(f"hedged: {signal.text}  ({signal.reason})", style="yellow"))
    if article.entities:
        names: dict[str, str] = {}
        for e in article.entities:
            names.setdefault(e.canonical, e.label)
        console.print(Text("entities: " + "; ".join(f"{n} ({lab})" for n, lab in names.items()), style="dim"))
    if article.boilerplate_removed:
        console.print(Text("boilerplate removed: " + " | ".join(article.boilerplate_removed), style="dim"))


def _cell(value) -> str:
    if not value:
        return "—"
    if isinstance(value, (list, tuple)):
        return escape(", ".join(str(v) for v in value)) or "—"
    return escape(str(value))


def story_report(story: dict) -> None:
    """A story's outlets side by side, then its shared quotes, figure comparisons and provenance."""
    console.rule(Text(f"story {story['id']}: {story['first_published'] or '?'} – {story['last_published'] or '?'}",
                      style="bold"))
    side = Table(title="Outlets side by side", show_lines=True)
    side.add_column("")
    for article in story["side_by_side"]:
        side.add_column(escape(f"{article['source'] or '—'}\n{article['published'] or ''}"), overflow="fold")
    rows = [
        ("headline", lambda a: a.get("title")),
        ("carries quotes", lambda a: a["quotes"]),
        ("carries figures", lambda a: a["figures"]),
        ("omits quotes", lambda a: a["omits"]["quotes"]),
        ("omits figures", lambda a: a["omits"]["figures"]),
        ("dropped attribution", lambda a: a["attribution_dropped"]),
        ("exclusive", lambda a: a["exclusive"]),
        ("wire copy of", lambda a: "/".join(str(x) for x in a["copy_of"] if x) if a.get("copy_of") else None),
    ]
    for label, get in rows:
        side.add_row(label, *(_cell(get(a)) for a in story["side_by_side"]))
    console.print(side)
    for cluster in story["quotes"]:
        outlets = ", ".join(cluster["outlets"])
        console.print(Text(f"{cluster['id']} “{cluster['text']}” — {', '.join(cluster['speakers']) or '?'} [{outlets}]"))
    for match in story["figures"]:
        style = {"conflict": "red", "scope": "yellow"}.get(match["kind"], "green")
        a, b = match["a"], match["b"]
        console.print(Text(f"{match['id']} {match['kind']}: “{a['text']}” ({a['source']}, {a['claimed_by'] or 'unsourced'}) "
                           f"vs “{b['text']}” ({b['source']}, {b['claimed_by'] or 'unsourced'}) {match['note']}", style=style))
    for prov in story["provenance"]:
        trail_line(prov)


def trail_line(prov: dict) -> None:
    earliest = prov["earliest"]
    origin = prov["origin_medium"] or f"{earliest['source']} ({earliest['published'] or 'undated'})"
    dropped = ", ".join(c["source"] or "?" for c in prov["attribution_dropped"])
    console.print(Text(f"{prov['target']}: first in {earliest['source']} {earliest['published'] or ''}; origin {origin}; "
                       f"attributed to {prov['attribution'] or '—'}" + (f"; attribution dropped by {dropped}" if dropped else ""),
                       style="dim"))


def trail_report(found: dict) -> None:
    record, prov = found["record"], found["provenance"]
    console.rule(Text(f"{found['kind']} {found['target']}", style="bold"))
    console.print(Text(record.get("text") or " / ".join(record.get("thing", []))))
    table = Table(show_lines=False)
    for column in ("published", "outlet", "article", "as given", "attributed to", "medium"):
        table.add_column(column, overflow="fold")
    for item in record.get("members") or record.get("figures") or []:
        table.add_row(*(_cell(v) for v in (item["published"], item["source"], item["article"], item["text"],
                                           item.get("speaker_resolved") or item.get("claimed_by"), item.get("medium"))))
    console.print(table)
    if prov:
        trail_line(prov)
