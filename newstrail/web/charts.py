"""Server-rendered inline SVG charts (no script, no styles inline: colours are CSS classes).

``interval_chart`` draws every figure of a series as an interval over time, coloured by
outlet, with axis titles; an open-ended interval ("more than 400") is an open bar running to
the edge of the plot, its bound written beside it; figures published on one day are spread
side by side, and a text label that would cover another is left out (the point's ``<title>``
still gives it). ``timeline`` draws items (quotes, articles) as dots per row (outlet) over
time. All labels are escaped; each point carries a ``<title>`` and an ``aria-label`` so it can
be read by hovering, by keyboard focus and by screen readers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup, escape

from newstrail.web.render import clean, fmt_num

PALETTE = 10  # CSS classes c0..c9 in style.css


def colour_classes(names) -> dict[str, str]:
    """A stable colour class per outlet name (sorted order; ``None`` shows as 'unknown')."""
    return {name: f"c{i % PALETTE}" for i, name in enumerate(sorted({n or "unknown" for n in names}))}


def parse_day(value: str | None) -> dt.date | None:
    if not value or not isinstance(value, str):
        return None
    return _parse_day(value)


@lru_cache(maxsize=4096)  # a chart's points share a few hundred days at most
def _parse_day(value: str) -> dt.date | None:
    for size, fmt in ((10, "%Y-%m-%d"), (7, "%Y-%m"), (4, "%Y")):
        try:
            return dt.datetime.strptime(value[:size], fmt).date()
        except ValueError:
            continue
    return None


def nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    if hi <= lo:
        return [lo]
    span = hi - lo
    step = 10 ** math.floor(math.log10(span / n))
    for mult in (1, 2, 2.5, 5, 10):
        if span / (step * mult) <= n:
            step *= mult
            break
    start = math.ceil(lo / step) * step
    ticks = []
    t = start
    while t <= hi + 1e-9 and len(ticks) < 20:
        ticks.append(round(t, 10))
        t += step
    return ticks


@dataclass
class Frame:
    width: int = 860
    height: int = 380
    left: int = 92
    right: int = 24
    top: int = 20
    bottom: int = 62

    @property
    def plot_w(self) -> int:
        return self.width - self.left - self.right

    @property
    def plot_h(self) -> int:
        return self.height - self.top - self.bottom


EDGE = 36  # px between the plot's sides and the first and last day: room for a day's points side by side
UNDATED_BAND = 100  # px at the right end for undated figures: "undated" clear of the last date
TICK_GAP = 90  # px between date labels at least (a date label is about 70 px wide)
CHAR_W, LINE_H = 7.0, 14.0  # the size of a label character and line, 12 px type


def _time_axis(days: list[dt.date], frame: Frame, undated: bool):
    """x position for a date, plus tick marks; undated items go in a band at the right end."""
    band = UNDATED_BAND if undated else 0
    usable = frame.plot_w - band
    if days:
        d0, d1 = min(days), max(days)
    else:
        d0 = d1 = None

    def x_of(day: dt.date | None) -> float:
        if day is None or d0 is None:
            return frame.left + usable + band / 2 if undated else frame.left + usable / 2
        if d1 == d0:
            return frame.left + usable / 2
        return frame.left + EDGE + (usable - 2 * EDGE) * ((day - d0).days / (d1 - d0).days)

    ticks = []
    if d0 is not None:
        if d0 == d1:
            ticks = [d0]
        else:
            count = max(2, min(6, (d1 - d0).days + 1, int(usable // TICK_GAP)))
            ticks = sorted({d0 + dt.timedelta(days=round(i * (d1 - d0).days / (count - 1))) for i in range(count)})
    return x_of, ticks, band


class Labels:
    """Text labels placed on a chart without covering one another: a label goes where it
    overlaps no label placed before it, or is left out."""

    def __init__(self) -> None:
        self.boxes: list[tuple[float, float, float, float]] = []

    def block(self, x: float, y: float, r: float) -> None:
        """Keep labels off a mark of radius ``r`` at (x, y)."""
        self.boxes.append((x - r, y - r, x + r, y + r))

    def place(self, text: str, x: float, y: float, frame: Frame) -> tuple[float, float, str] | None:
        """Where ``text`` can go near (x, y): to the right, to the left, or a line lower or
        higher; (x, y, anchor), or None when every place is taken."""
        w = CHAR_W * len(text)
        for dy in (0, LINE_H, -LINE_H, 2 * LINE_H, -2 * LINE_H):
            for left in (x + 8, x - 8 - w):
                box = (left, y + dy - LINE_H + 3, left + w, y + dy + 3)
                if box[0] < frame.left or box[2] > frame.width - 2 or box[1] < 0 or box[3] > frame.top + frame.plot_h:
                    continue
                if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in self.boxes):
                    self.boxes.append(box)
                    return left, y + dy, "start"
        return None


def _spread(point_days: list) -> list[float]:
    """Each point's offset from its day's x: the points of one day side by side, centred."""
    per_day = Counter(point_days)
    seen: Counter = Counter()
    out = []
    for day in point_days:
        n = per_day[day]
        gap = min(12.0, 72.0 / n)
        out.append((seen[day] - (n - 1) / 2) * gap)
        seen[day] += 1
    return out


def interval_chart(figures: list[dict], title: str = "figures over time", y_title: str | None = None) -> Markup:
    """Figures (dicts with ``published``, ``source``, ``low``, ``high``, ``value``, ``text``,
    ``claimed_by``, ``hedge``, ``counted``) as vertical intervals over publication time, one
    colour per outlet; ``y_title`` names what the numbers count (default: the figures' counted
    noun when they share one). Draw one chart per series or story: figures of different
    stories on one axis would read as one count moving."""
    frame = Frame()
    points = []
    for f in figures:
        low, high, value = f.get("low"), f.get("high"), f.get("value")
        if low is None and high is None and value is None:
            continue
        points.append(f)
    if not points:
        return Markup('<p class="muted">No figure with a numeric value to chart.</p>')
    bounded = [v for f in points for v in (f.get("low"), f.get("high"), f.get("value")) if v is not None]
    vmin, vmax = min(bounded), max(bounded)
    positive = all(v > 0 for v in bounded)
    use_log = positive and vmax / max(vmin, 1e-9) > 100
    if use_log:
        lo_t, hi_t = math.floor(math.log10(vmin)), math.ceil(math.log10(vmax))
        if hi_t == lo_t:
            hi_t += 1

        def y_of(v: float) -> float:
            v = max(v, 10 ** lo_t)
            return frame.top + frame.plot_h * (1 - (math.log10(v) - lo_t) / (hi_t - lo_t))

        ticks = [10.0 ** k for k in range(lo_t, hi_t + 1)]
        y_top, y_bottom = 10.0 ** hi_t, 10.0 ** lo_t
    else:
        lo = min(0.0, vmin)
        hi = vmax * 1.1 if vmax > 0 else vmax + 1
        if hi == lo:
            hi = lo + 1
        ticks = nice_ticks(lo, hi)
        hi = max(hi, ticks[-1]) if ticks else hi

        def y_of(v: float) -> float:
            return frame.top + frame.plot_h * (1 - (v - lo) / (hi - lo))

        y_top, y_bottom = hi, lo

    colours = colour_classes(f.get("source") for f in points)
    outlets = sorted(colours)
    point_days = [parse_day(f.get("published")) for f in points]
    days = [d for d in point_days if d]
    undated = any(d is None for d in point_days)
    x_of, xticks, band = _time_axis(days, frame, undated)

    ident = "chart-" + hashlib.sha1(title.encode("utf-8", "replace")).hexdigest()[:10]  # several on a page
    out = [f'<svg class="chart" viewBox="0 0 {frame.width} {frame.height}" role="img" '
           f'aria-labelledby="{ident}" xmlns="http://www.w3.org/2000/svg">',
           f'<title id="{ident}">{escape(clean(title))}</title>']
    # axes and grid
    for t in ticks:
        y = y_of(t)
        out.append(f'<line class="grid" x1="{frame.left}" x2="{frame.width - frame.right}" y1="{y:.1f}" y2="{y:.1f}"/>')
        out.append(f'<text class="tick" x="{frame.left - 6}" y="{y + 4:.1f}" text-anchor="end">{escape(fmt_num(t))}</text>')
    base = frame.top + frame.plot_h
    out.append(f'<line class="axis" x1="{frame.left}" x2="{frame.width - frame.right}" y1="{base}" y2="{base}"/>')
    out.append(f'<line class="axis" x1="{frame.left}" x2="{frame.left}" y1="{frame.top}" y2="{base}"/>')
    for d in xticks:
        x = x_of(d)
        out.append(f'<text class="tick" x="{x:.1f}" y="{base + 18}" text-anchor="middle">{d.isoformat()}</text>')
    if undated:
        x = x_of(None)
        out.append(f'<text class="tick" x="{x:.1f}" y="{base + 18}" text-anchor="middle">undated</text>')
    middle = frame.top + frame.plot_h / 2
    counted = {f.get("counted") for f in points}
    y_title = y_title or (counted.pop() if len(counted) == 1 and None not in counted else "number")
    y_label = clean(y_title) + (" (log scale)" if use_log else "")
    out.append(f'<text class="axis-title" x="16" y="{middle:.1f}" text-anchor="middle" '
               f'transform="rotate(-90 16 {middle:.1f})">{escape(y_label)}</text>')
    out.append(f'<text class="axis-title" x="{frame.left + frame.plot_w / 2:.1f}" y="{frame.height - 8}" '
               f'text-anchor="middle">publication date</text>')
    labels = Labels()
    bound_labels = []
    for f, day, offset in zip(points, point_days, _spread(point_days)):
        x = x_of(day) + offset
        cls = colours[f.get("source") or "unknown"]
        low, high, value = f.get("low"), f.get("high"), f.get("value")
        top_open = high is None and low is not None
        bottom_open = low is None and high is not None
        y1 = y_of(high) if high is not None else (y_of(y_top) if top_open else None)
        y0 = y_of(low) if low is not None else (y_of(y_bottom) if bottom_open else None)
        label = (f"{f.get('source') or 'unknown outlet'}, {f.get('published') or 'undated'}: {f.get('text') or ''}"
                 f" — interval {_interval_text(low, high, value)}"
                 f"{'; claimed by ' + f['claimed_by'] if f.get('claimed_by') else ''}"
                 f"{'; hedge: ' + f['hedge'] if f.get('hedge') else ''}")
        label = clean(label)
        out.append(f'<g class="pt {cls}" tabindex="0" role="img" aria-label="{escape(label)}" '
                   f'data-source="{escape(clean(f.get("source") or ""))}" data-low="{_attr_num(low)}" '
                   f'data-high="{_attr_num(high)}" data-value="{_attr_num(value)}"><title>{escape(label)}</title>')
        if y0 is not None and y1 is not None and abs(y0 - y1) > 0.5:
            kind = "iv open" if top_open or bottom_open else "iv"
            out.append(f'<line class="{kind}" x1="{x:.1f}" x2="{x:.1f}" y1="{y0:.1f}" y2="{y1:.1f}"/>')
            if not bottom_open:
                out.append(f'<line class="cap" x1="{x - 5:.1f}" x2="{x + 5:.1f}" y1="{y0:.1f}" y2="{y0:.1f}"/>')
            else:
                out.append(f'<path class="arrow" d="M{x - 5:.1f},{y0 - 6:.1f} L{x:.1f},{y0:.1f} L{x + 5:.1f},{y0 - 6:.1f}"/>')
            if not top_open:
                out.append(f'<line class="cap" x1="{x - 5:.1f}" x2="{x + 5:.1f}" y1="{y1:.1f}" y2="{y1:.1f}"/>')
            else:
                out.append(f'<path class="arrow" d="M{x - 5:.1f},{y1 + 6:.1f} L{x:.1f},{y1:.1f} L{x + 5:.1f},{y1 + 6:.1f}"/>')
        centre = value if value is not None else (low if low is not None and high is None else
                                                  high if high is not None and low is None else
                                                  (low + high) / 2 if low is not None and high is not None and not use_log else
                                                  math.sqrt(low * high) if low and high else None)
        if centre is not None:
            out.append(f'<circle class="dot" cx="{x:.1f}" cy="{y_of(centre):.1f}" r="5"/>')
            labels.block(x, y_of(centre), 6)
        out.append("</g>")
        if top_open or bottom_open:  # the bound an open bar starts from, written beside it
            bound_labels.append((_interval_text(low, high, value), x, y_of(low if top_open else high)))
    for text, x, y in bound_labels:
        spot = labels.place(text, x, y + 4, frame)
        if spot is not None:
            out.append(f'<text class="bound" x="{spot[0]:.1f}" y="{spot[1]:.1f}">{escape(text)}</text>')
    out.append("</svg>")
    legend = "".join(
        f'<li><svg class="swatch" viewBox="0 0 12 12" aria-hidden="true"><rect class="{colours[o]}" width="12" height="12"/></svg>'
        f'<bdi>{escape(clean(o))}</bdi></li>' for o in outlets)
    return Markup("".join(out) + f'<ul class="legend" aria-label="outlets">{legend}</ul>')


def _attr_num(v) -> str:
    return "" if v is None else f"{v:g}"


def _interval_text(low, high, value) -> str:
    if low is not None and high is not None:
        return fmt_num(low) if low == high else f"{fmt_num(low)}–{fmt_num(high)}"
    if low is not None:
        return f"at least {fmt_num(low)}"
    if high is not None:
        return f"at most {fmt_num(high)}"
    return fmt_num(value)


def timeline(items: list[dict], title: str = "over time") -> Markup:
    """Items (dicts with ``row`` (an outlet), ``published``, ``label`` and optional ``href``) as
    dots on one line per row over time."""
    if not items:
        return Markup("")
    rows = sorted({i.get("row") or "unknown" for i in items})
    colours = colour_classes(rows)
    frame = Frame(height=40 + 28 * len(rows), left=170, bottom=34, top=12)
    days = [d for d in (parse_day(i.get("published")) for i in items) if d]
    undated = any(parse_day(i.get("published")) is None for i in items)
    x_of, xticks, _ = _time_axis(days, frame, undated)
    out = [f'<svg class="chart timeline" viewBox="0 0 {frame.width} {frame.height}" role="img" '
           f'aria-label="{escape(clean(title))}" xmlns="http://www.w3.org/2000/svg">']
    base = frame.top + 28 * len(rows)
    for r, row in enumerate(rows):
        y = frame.top + 14 + 28 * r
        label = clean(row)
        short = label if len(label) <= 24 else label[:23] + "…"
        out.append(f'<text class="tick" x="{frame.left - 8}" y="{y + 4}" text-anchor="end">{escape(short)}</text>')
        out.append(f'<line class="grid" x1="{frame.left}" x2="{frame.width - frame.right}" y1="{y}" y2="{y}"/>')
    for d in xticks:
        out.append(f'<text class="tick" x="{x_of(d):.1f}" y="{base + 18}" text-anchor="middle">{d.isoformat()}</text>')
    if undated:
        out.append(f'<text class="tick" x="{x_of(None):.1f}" y="{base + 18}" text-anchor="middle">undated</text>')
    for item in items:
        row = item.get("row") or "unknown"
        y = frame.top + 14 + 28 * rows.index(row)
        x = x_of(parse_day(item.get("published")))
        label = escape(clean(f"{row}, {item.get('published') or 'undated'}: {item.get('label') or ''}"))
        dot = (f'<circle class="dot {colours[row]}" cx="{x:.1f}" cy="{y}" r="6"><title>{label}</title></circle>')
        if item.get("href"):
            out.append(f'<a href="{escape(item["href"])}" aria-label="{label}">{dot}</a>')
        else:
            out.append(f'<g class="pt" tabindex="0" aria-label="{label}">{dot}</g>')
    out.append("</svg>")
    return Markup("".join(out))
