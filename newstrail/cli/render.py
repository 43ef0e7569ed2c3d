"""Terminal output: JSON/CSV writers and the human-readable article report.

Article text is untrusted. ``printable`` is the one place that makes text safe to show,
and every output path goes through it:

* characters a terminal or a spreadsheet would act on -- C0 controls but tab and newline,
  DEL, C1 controls (``\\x9b`` is a one-byte CSI), the bidirectional embeddings, overrides
  and isolates (U+202A-U+202E, U+2066-U+2069, which reorder what is shown) and lone
  surrogates (not encodable as UTF-8) -- are replaced by their escape ``\\uXXXX``, visible,
  and in JSON text a valid escape of the same character;
* tables and reports hand rich ``Text`` objects, never strings, so "[bold]" or
  ":thumbs_up:" in an article is shown as written, not read as markup or emoji codes;
* ``--json`` is ``json.dumps(..., ensure_ascii=False)`` (UTF-8, readable) with the same
  characters escaped: valid JSON that decodes to the original text;
* ``--csv`` and ``export --format csv`` cells are escaped the same way, nested lists and
  objects are JSON text, and a text cell beginning with ``=``, ``+``, ``-``, ``@`` or a tab
  is prefixed with ``'`` so a spreadsheet shows it instead of running it as a formula
  (OWASP's advice against CSV injection).
"""

from __future__ import annotations

import csv
import json
import re
import sys
from bisect import bisect_left
from collections.abc import Iterable
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from newstrail.records import Article

console = Console()
err_console = Console(stderr=True)

_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_UNSAFE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
FORMULA_START = ("=", "+", "-", "@", "\t")


def _escape(match: re.Match) -> str:
    return f"\\u{ord(match.group()):04x}"


def printable(value: object, newlines: bool = True) -> str:
    """``value`` as text safe for a terminal, a CSV cell or a JSON string (see the module
    docstring); ``newlines=False`` escapes tab and newline too, for what must stay one line."""
    return (_UNSAFE if newlines else _UNSAFE_LINE).sub(_escape, str(value))


def text(value: object, style: str = "", newlines: bool = True) -> Text:
    """A rich ``Text`` of ``value`` made printable: shown as written, never parsed as markup."""
    return Text(printable(value, newlines), style=style)


def line(value: object, style: str = "") -> Text:
    """One line of output (an error, a note): newlines in ``value`` are escaped too."""
    return text(value, style, newlines=False)


def json_text(value: Any, indent: int | None = None) -> str:
    """``value`` as JSON: UTF-8 (``ensure_ascii`` only where the output cannot encode it)
    with the unsafe characters as ``\\u`` escapes."""
    ascii_only = (sys.stdout.encoding or "").lower().replace("-", "") != "utf8"
    return printable(json.dumps(value, ensure_ascii=ascii_only, indent=indent))


def write_json(value: Any, indent: int | None = None) -> None:
    sys.stdout.write(json_text(value, indent) + "\n")


def write_json_lines(rows: Iterable[dict[str, Any]]) -> None:
    for row in rows:
        write_json(row)


def csv_cell(value: Any) -> Any:
    """One CSV cell: numbers and empty cells as they are, lists and objects as JSON text,
    text made printable and kept from being read as a formula."""
    if isinstance(value, (list, dict)):
        return json_text(value)
    if not isinstance(value, str):
        return value
    value = printable(value)
    return "'" + value if value.startswith(FORMULA_START) else value


def csv_writer(stream, fieldnames: list[str]) -> csv.DictWriter:
    writer = csv.DictWriter(stream, fieldnames=fieldnames, extrasaction="ignore")
    writer.writeheader()
    return writer


def csv_row(row: dict[str, Any]) -> dict[str, Any]:
    return {key: csv_cell(value) for key, value in row.items()}


def write_csv(rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    writer = csv_writer(sys.stdout, list(rows[0]))
    for row in rows:
        writer.writerow(csv_row(row))


def write_table(rows: list[dict[str, Any]], columns: list[str], title: str | None = None) -> None:
    table = Table(title=text(title) if title else None, show_lines=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(text("" if row.get(c) is None else row.get(c)) for c in columns))
    console.print(table)


def emit(rows: list[dict[str, Any]], columns: list[str], as_json: bool, as_csv: bool, title: str | None = None) -> None:
    """The sqlite-utils habit: a table for people, ``--json`` (one object a line) or ``--csv`` for programs."""
    if as_json:
        write_json_lines(rows)
    elif as_csv:
        write_csv(rows)
    else:
        write_table(rows, columns, title)


def error(message: object) -> None:
    """One line on stderr: "error" and ``message`` made printable (never wrapped, so a
    location stays whole for grep)."""
    err_console.print(Text.assemble(("error", "red"), " ", line(message)), soft_wrap=True)


def report(message: object, to: Console = err_console) -> None:
    """One line for people (not found, exported, a summary), on stderr unless ``to`` says."""
    to.print(line(message), soft_wrap=True)


def _interval(figure) -> str:
    if figure.value is not None and figure.low is None and figure.high is None:
        return f"{figure.value:g}"
    low = "" if figure.low is None else ("[" if figure.low_inclusive else "(") + f"{figure.low:g}"
    high = "" if figure.high is None else f"{figure.high:g}" + ("]" if figure.high_inclusive else ")")
    value = f"{figure.value:g} " if figure.value is not None else ""
    return f"{value}{low or '(−∞'}, {high or '∞)'}"


def _body(article: Article) -> Text:
    """The article's text made printable, quotes, speakers, cues and figures styled at their
    offsets (moved past the escapes that lengthen the text before them)."""
    unsafe = [m.start() for m in _UNSAFE.finditer(article.text)]

    def at(offset: int) -> int:
        return offset + 5 * bisect_left(unsafe, offset)  # each escape "\\uXXXX" adds 5 characters

    body = text(article.text)
    for quote in article.quotes:
        body.stylize("bold cyan" if quote.kind in ("direct", "partial") else "cyan", at(quote.start), at(quote.end))
        if quote.speaker_start is not None and quote.speaker_end is not None:
            body.stylize("bold magenta", at(quote.speaker_start), at(quote.speaker_end))
        if quote.cue_start is not None and quote.cue_end is not None:
            body.stylize("underline", at(quote.cue_start), at(quote.cue_end))
    for figure in article.figures:
        if not figure.derived:
            body.stylize("bold green", at(figure.start), at(figure.end))
    return body


def _table(title: str, columns: Iterable[str], rows: Iterable[Iterable[Any]], show_lines: bool = True) -> Table:
    """A table of printable cells; ``None`` or empty shows as "—"."""
    table = Table(title=title, show_lines=show_lines)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(_cell(value) for value in row))
    return table


def article_report(article: Article) -> None:
    """A readable account of one analysed article, quotes highlighted in the text."""
    console.rule(line(article.title or article.id, style="bold"))
    meta = [f"source: {article.source or '—'}", f"published: {article.published or '—'}",
            f"language: {article.language or '—'}", f"id: {article.id}"]
    console.print(line("  ·  ".join(meta), style="dim"))
    for note in article.notes:
        console.print(line(f"note: {note}", style="yellow"))
    console.print(_body(article))

    if article.quotes:
        console.print(_table("Quotes", ("kind", "speaker", "resolved", "cue", "medium", "text"),
                             ((q.kind, q.speaker, q.speaker_resolved, q.cue, q.medium, q.text) for q in article.quotes)))
    if article.figures:
        console.print(_table(
            "Figures", ("#", "text", "interval", "hedge", "counted", "event", "time", "source", "part of"),
            ((f.index, f.text + (" (derived)" if f.derived else ""), _interval(f), f.hedge, f.counted, f.event, f.time,
              f.source, f.part_of) for f in article.figures)))
    for check in article.figure_checks:
        style = "red" if check.kind != "consistent" else "green"
        console.print(line(f"figure check: {check.kind} {check.figures} {check.note}", style=style))
    for signal in article.sourcing.unsourced:
        console.print(line(f"unsourced: {signal.text}  ({signal.reason})", style="yellow"))
    for signal in article.sourcing.hedged:
        console.print(line(f"hedged: {signal.text}  ({signal.reason})", style="yellow"))
    if article.entities:
        names: dict[str, str] = {}
        for e in article.entities:
            names.setdefault(e.canonical, e.label)
        console.print(line("entities: " + "; ".join(f"{n} ({lab})" for n, lab in names.items()), style="dim"))
    if article.boilerplate_removed:
        console.print(line("boilerplate removed: " + " | ".join(article.boilerplate_removed), style="dim"))


def _cell(value) -> Text:
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(v) for v in value)
    return text(value if value or value == 0 else "—")


def story_report(story: dict) -> None:
    """A story's outlets side by side, then its shared quotes, figure comparisons and provenance."""
    console.rule(line(f"story {story['id']}: {story['first_published'] or '?'} – {story['last_published'] or '?'}",
                      style="bold"))
    side = Table(title="Outlets side by side", show_lines=True)
    side.add_column("")
    for article in story["side_by_side"]:
        side.add_column(text(f"{article['source'] or '—'}\n{article['published'] or ''}"), overflow="fold")
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
        console.print(line(f"{cluster['id']} “{cluster['text']}” — {', '.join(cluster['speakers']) or '?'} [{outlets}]"))
    for match in story["figures"]:
        style = {"conflict": "red", "scope": "yellow"}.get(match["kind"], "green")
        a, b = match["a"], match["b"]
        console.print(line(f"{match['id']} {match['kind']}: “{a['text']}” ({a['source']}, {a['claimed_by'] or 'unsourced'}) "
                           f"vs “{b['text']}” ({b['source']}, {b['claimed_by'] or 'unsourced'}) {match['note']}", style=style))
    for prov in story["provenance"]:
        trail_line(prov)


def trail_line(prov: dict) -> None:
    earliest = prov["earliest"]
    origin = prov["origin_medium"] or f"{earliest['source']} ({earliest['published'] or 'undated'})"
    dropped = ", ".join(c["source"] or "?" for c in prov["attribution_dropped"])
    console.print(line(f"{prov['target']}: first in {earliest['source']} {earliest['published'] or ''}; origin {origin}; "
                       f"attributed to {prov['attribution'] or '—'}" + (f"; attribution dropped by {dropped}" if dropped else ""),
                       style="dim"))


def trail_report(found: dict) -> None:
    record, prov = found["record"], found["provenance"]
    console.rule(line(f"{found['kind']} {found['target']}", style="bold"))
    console.print(text(record.get("text") or " / ".join(record.get("thing", []))))
    console.print(_table(None, ("published", "outlet", "article", "as given", "attributed to", "medium"),
                         ((item["published"], item["source"], item["article"], item["text"],
                           item.get("speaker_resolved") or item.get("claimed_by"), item.get("medium"))
                          for item in record.get("members") or record.get("figures") or []), show_lines=False))
    if prov:
        trail_line(prov)
