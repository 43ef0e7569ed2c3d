"""HTML for an article's text with its quotes, figures and sourcing signals marked.

Everything here is built from untrusted strings, so every piece of text and every attribute
value goes through ``markupsafe.escape``; control characters are shown as U+FFFD (one character
for one, so offsets stay valid). Marks may overlap (a quote inside a hedged sentence, a figure
inside a quote, a quote running over two paragraphs): the text is cut at every boundary and the
marks are opened and closed in a fixed nesting order, a mark being split in pieces where an outer
one ends inside it. Only the first piece of a split mark is focusable and carries its tooltip.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import quote as urlquote

from markupsafe import Markup, escape

from newstrail.cleaning.normalise import fold
from newstrail.records import Article, Figure

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
SAFE_SCHEMES = ("http://", "https://")


def clean(text: object) -> str:
    """Untrusted text made safe to show: control characters become U+FFFD (escaping is Jinja's)."""
    if text is None:
        return ""
    return CONTROL.sub("\ufffd", str(text))


def safe_url(url: object) -> str | None:
    """``url`` when it is a plain http(s) address; None for ``javascript:``, ``data:`` and the rest."""
    if not isinstance(url, str):
        return None
    candidate = url.strip()
    if CONTROL.search(candidate) or any(c.isspace() for c in candidate):
        return None
    if candidate.lower().startswith(SAFE_SCHEMES) and len(candidate) <= 4000:
        return candidate
    return None


def article_href(article_id: str, source: str | None = None) -> str:
    href = "/articles/" + urlquote(str(article_id), safe="")
    if source:
        href += "?source=" + urlquote(str(source), safe="")
    return href


def short(text: object, n: int = 160) -> str:
    """``text`` cleaned and cut to ``n`` characters, an ellipsis marking the cut."""
    text = clean(text)
    return text if len(text) <= n else text[: n - 1] + "…"


# The links below are functions, not template macros: a large story's page links articles and
# their carriers of each quote and figure about a thousand times, and a macro call cost as much
# as the rest of the page.

def article_link(article_id: str, source: str | None, title: str | None) -> Markup:
    """A link to an article, its headline (or id) as the text."""
    return Markup(f'<a href="{escape(article_href(article_id, source))}">'
                  f'<bdi>{escape(short(title or article_id, 140))}</bdi></a>')


def carrier(c) -> Markup:
    """One article carrying a quote or figure (``link.records.Carrier``): link, outlet, date and
    the attribution and medium it gives."""
    html = (f'{article_link(c.article, c.source, c.article)} · <bdi>{escape(short(c.source or "unknown outlet", 60))}'
            f'</bdi> · <span class="date">{escape(clean(c.published or "undated"))}</span>')
    html += (f" · attributed to <bdi>{escape(short(c.attribution, 80))}</bdi>" if c.attribution
             else ' · <span class="warn">no attribution</span>')
    if c.medium:
        html += f" · via <bdi>{escape(short(c.medium, 60))}</bdi>"
    return Markup(html)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """One value of a row's JSON form as a CSV cell a spreadsheet shows as text: None is empty,
    a list of names is joined with "; ", a list of records gives its length (a story's articles),
    control characters become U+FFFD, and text that a spreadsheet would run as a formula
    (``=``, ``+``, ``-``, ``@``) is prefixed with ``'``."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return str(value)
    if isinstance(value, list | tuple):
        if any(isinstance(v, dict | list) for v in value):
            return str(len(value))
        return csv_cell("; ".join(str(v) for v in value if v is not None))
    text = clean(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def fmt_num(value: float | None) -> str:
    if value is None:
        return ""
    if float(value).is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.3g}" if abs(value) >= 1000 else f"{value:g}"


def interval(fig) -> str:
    """A figure's interval in words-and-brackets: ``405``, ``[3,000, 4,000]``, ``> 400``."""
    get = fig.get if isinstance(fig, dict) else (lambda k, d=None: getattr(fig, k, d))
    value, low, high = get("value"), get("low"), get("high")
    low_inc, high_inc = get("low_inclusive", True), get("high_inclusive", True)
    if low is not None and high is not None:
        if low == high:
            return fmt_num(low)
        return f"{'[' if low_inc else '('}{fmt_num(low)}, {fmt_num(high)}{']' if high_inc else ')'}"
    if low is not None:
        return f"{'≥' if low_inc else '>'} {fmt_num(low)}"
    if high is not None:
        return f"{'≤' if high_inc else '<'} {fmt_num(high)}"
    if value is not None:
        return fmt_num(value)
    return "?"


@dataclass(slots=True)
class Mark:
    start: int
    end: int
    layer: int  # nesting order: lower layers are outside higher ones
    tag: str
    classes: str
    attrs: dict[str, str] = field(default_factory=dict)  # on the first piece only
    order: int = 0

    def open(self, first: bool) -> str:
        parts = [self.tag, f'class="{escape(self.classes)}{"" if first else " cont"}"']
        if first:
            parts += [f'{escape(k)}="{escape(v)}"' for k, v in self.attrs.items()]
        return "<" + " ".join(parts) + ">"

    def close(self) -> str:
        return f"</{self.tag}>"


def _valid(start, end, length: int) -> bool:
    return isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= length


def quote_tip(q) -> str:
    who = q.speaker_resolved or q.speaker_entity or q.speaker or "speaker unknown"
    bits = [f"{who}"]
    if q.speaker and q.speaker != who:
        bits[0] += f" (“{q.speaker}”)"
    bits.append(f"cue: {q.cue or '—'}")
    bits.append(q.kind)
    if q.medium:
        bits.append(f"via {q.medium}")
    return clean(" · ".join(bits))


def figure_tip(f: Figure) -> str:
    bits = [interval(f)]
    if f.counted:
        bits.append(f.counted)
    if f.event:
        bits.append(f.event)
    if f.location:
        bits.append(f"in {f.location}")
    if f.time or f.time_text:
        bits.append(f"time: {f.time or f.time_text}")
    bits.append(f"hedge: {f.hedge or 'none'}")
    bits.append(f"source: {f.source or 'unsourced'}")
    return clean(" · ".join(bits))


def article_marks(article: Article) -> list[Mark]:
    n = len(article.text)
    marks: list[Mark] = []
    # paragraphs: every non-blank line
    for m in re.finditer(r"[^\n]+", article.text):
        if m.group().strip():
            marks.append(Mark(m.start(), m.end(), 0, "p", "para"))
    for kind, signals in (("unsourced", article.sourcing.unsourced), ("hedged", article.sourcing.hedged)):
        for s in signals:
            if _valid(s.start, s.end, n):
                label = "unsourced claim" if kind == "unsourced" else "hedged claim"
                marks.append(Mark(s.start, s.end, 1, "span", f"sig sig-{kind}",
                                  {"data-tip": clean(f"{label}: {s.reason}"), "title": clean(f"{label}: {s.reason}")}))
    for i, q in enumerate(article.quotes):
        if not _valid(q.start, q.end, n):
            continue
        marks.append(Mark(q.start, q.end, 2, "mark", f"quote q-{re.sub(r'[^a-z_]', '', q.kind or '')}", {
            "id": f"q{i}", "tabindex": "0", "data-tip": quote_tip(q), "aria-describedby": f"quote-{i}",
            "data-speaker": clean(q.speaker_resolved or q.speaker or ""), "data-cue": clean(q.cue or ""),
        }, order=i))
        if _valid(q.speaker_start, q.speaker_end, n):
            marks.append(Mark(q.speaker_start, q.speaker_end, 3, "span", "speaker", {"data-quote": f"q{i}"}))
        if _valid(q.cue_start, q.cue_end, n):
            marks.append(Mark(q.cue_start, q.cue_end, 3, "span", "cue", {"data-quote": f"q{i}"}))
    for f in article.figures:
        if f.derived or getattr(f, "in_title", False) or not _valid(f.start, f.end, n):
            continue
        marks.append(Mark(f.start, f.end, 4, "span", "fig" + (" fig-hedged" if f.hedge else ""), {
            "id": f"f{f.index}", "tabindex": "0", "data-tip": figure_tip(f), "aria-describedby": f"figure-{f.index}",
        }, order=f.index))
    return marks


def highlight(text: str, marks: list[Mark]) -> Markup:
    """``text`` as HTML with ``marks`` applied (see the module docstring)."""
    text = clean(text)
    n = len(text)
    cuts = {0, n}
    for m in marks:
        cuts.add(m.start)
        cuts.add(m.end)
    points = sorted(cuts)
    ordered = sorted(range(len(marks)), key=lambda i: (marks[i].layer, marks[i].start, -marks[i].end, marks[i].order, i))
    rank = {idx: r for r, idx in enumerate(ordered)}
    # sweep: active marks per segment
    starts: dict[int, list[int]] = {}
    ends: dict[int, list[int]] = {}
    for i, m in enumerate(marks):
        starts.setdefault(m.start, []).append(i)
        ends.setdefault(m.end, []).append(i)
    active: set[int] = set()
    opened_once: set[int] = set()
    stack: list[int] = []
    out: list[str] = []
    for a, b in zip(points, points[1:]):
        for i in ends.get(a, ()):
            active.discard(i)
        for i in starts.get(a, ()):
            active.add(i)
        want = sorted(active, key=rank.__getitem__)
        if not any(marks[i].tag == "p" for i in want):
            want = []  # text between paragraphs (newlines) carries no marks
        common = 0
        while common < len(stack) and common < len(want) and stack[common] == want[common]:
            common += 1
        for i in reversed(stack[common:]):
            out.append(marks[i].close())
        stack = stack[:common]
        for i in want[common:]:
            out.append(marks[i].open(i not in opened_once))
            opened_once.add(i)
            stack.append(i)
        out.append(str(escape(text[a:b])))
    for i in reversed(stack):
        out.append(marks[i].close())
    return Markup("".join(out))


def article_html(article: Article) -> Markup:
    return highlight(article.text, article_marks(article))


# --- search results: the words searched for, marked ------------------------------------------------

WORD = re.compile(r"[^\W_]+")
SNIPPET_SCAN = 20_000  # characters of an article looked through for a snippet


def _matches(word: str, terms: list[str]) -> bool:
    """Whether ``word`` is one of the searched ``terms`` (folded) as the stemmed full-text
    search would find it: the same word or one beginning with the other, a few letters apart
    ("pear" and "pears", "strike" and "strikes"; not "a" in "and")."""
    w = fold(word)
    return any(w == t or (min(len(w), len(t)) >= 4 and abs(len(w) - len(t)) <= 3 and (w.startswith(t) or t.startswith(w)))
               for t in terms)


def _spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    folded = [fold(t) for t in terms]
    return [m.span() for m in WORD.finditer(text) if _matches(m.group(), folded)]


def _first(text: str, terms: list[str]) -> int | None:
    """Where the first word searched for begins in a long text: candidates are found by a
    regular expression on the words' beginnings (case-insensitive, accents as typed), and
    only they are folded and compared, since folding every word of an article is slow."""
    folded = [fold(t) for t in terms if t]
    if not folded:
        return None
    starts = "|".join(re.escape(t[:4] if len(t) >= 4 else t) for t in folded)
    for m in re.finditer(rf"(?<![^\W_])(?:{starts})[^\W_]*", text, re.IGNORECASE):
        if _matches(m.group(), folded):
            return m.start()
    return None


def marked(text: object, terms: list[str], limit: int | None = None) -> Markup:
    """``text`` (cut to ``limit`` characters) escaped, with the words searched for in ``<mark>``."""
    text = clean(text)
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    out, at = [], 0
    for start, end in _spans(text, terms):
        out += [str(escape(text[at:start])), "<mark>", str(escape(text[start:end])), "</mark>"]
        at = end
    out.append(str(escape(text[at:])))
    return Markup("".join(out))


def snippet(text: object, terms: list[str], width: int = 240) -> Markup:
    """About ``width`` characters of ``text`` around the first word searched for (the start
    when none is found, e.g. a match in the headline), cut at spaces, its matches marked."""
    text = clean(text)[:SNIPPET_SCAN]
    first = _first(text, terms)
    start = max(0, first - width // 3) if first is not None else 0
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    piece = " ".join(text[start:end].split())
    return Markup(("…" if start else "") + marked(piece, terms) + ("…" if end < len(text) else ""))
