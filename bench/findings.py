"""newstrail's cross-outlet findings scored on the hand-built gold in ``bench/gold/``.

    python bench/findings.py [--corpus fakes|allsides|both] [--workers 1] [--keep DIR] [--relink DIR]
                             [--batches N]

For each corpus, the gold's selected articles (every article of every story of
``bench/gold/<corpus>.jsonl``) are copied, as the shared records, from
``../shared/data/fakes/articles.jsonl`` or ``../shared/data/allsides/articles.jsonl.gz`` into a
temporary JSONL and ingested into a fresh SQLite store (``newstrail ingest FILE --db URL
--json``, which links afterwards). newstrail is read only through its documented JSON (README,
"Across outlets"): ``stories --json``, ``story ID --json`` for every story of two or more
articles (figure matches, quote clusters and provenance need two carriers), and ``export
--format jsonl`` (each article's JSON form: cleaned ``text``, ``figures``, ``quotes``). Nothing of
newstrail is imported, so a change inside it cannot break the bench, only its documented output.
Results go to ``bench/results/findings.json``. The same definitions are in
``bench/gold/SCORING.md``.

Alignment. newstrail stores the cleaned text, the gold indexes the raw shared ``text``. Raw
offsets are mapped to cleaned offsets with the matching blocks of ``difflib.SequenceMatcher(None,
raw, cleaned, autojunk=False)``: a gold span maps to [first, last + 1] of its characters that
the blocks match, and is "lost in cleaning" when none are. A newstrail figure aligns to the gold
figure of the same article whose mapped span overlaps it most (at least one character; ties:
the earlier gold span). Figures in the title (``in_title``: offsets into ``title``, which the
gold does not annotate) and ``derived`` figures (computed, never stated) align to nothing.
Quotes align the same way (newstrail quote ``start``/``end`` against the gold quote span).
A newstrail figure or quote in the text that overlaps no gold span is "no gold": something the
annotators did not take as a figure or quote.

Stories. Items: the gold articles; gold label: the gold story; predicted label: newstrail's
story (an article in no story is its own). Pairwise P = |same-story pairs in both| / |same-story
pairs of newstrail|, R = the same over the gold's pairs. BCubed P (R) = the mean over articles
of |pred cluster & gold cluster| / |pred cluster| (/ |gold cluster|). F1 = 2PR / (P + R). A
ratio with a zero denominator is null.

Figure relations. A newstrail match is ``{kind, a, b}`` (kind agree, conflict or scope). Its
gold label, when both figures align: the gold ``figure_relations`` relation of the two gold
figures (agree, conflict, scope, unrelated), ``not_listed`` when both are in one gold story but
the gold lists no pair (different events: unrelated by definition), ``different_story`` when
they are in two gold stories (unrelated too). Precision(kind) = matches of that kind whose gold
label is the same kind / matches of that kind with both figures aligned; strict precision puts
the matches with an unaligned figure in the denominator too. Recall(label) = gold pairs with
that relation for which some newstrail figure aligned to one and some aligned to the other are
matched with that kind / all gold pairs with that relation; ``recall_aligned`` divides by the
pairs whose two figures are both aligned (the matching alone, extraction aside).
``precision_without_copy_pairs`` leaves out matches between articles newstrail links as copies
(``copy_of``), a diagnostic. The confusion table counts newstrail matches by (kind, gold label)
and aligned gold pairs newstrail does not match as kind ``none``.

Attribution dropped / medium dropped. Gold "things": figures joined by ``same_thing`` relations
(connected components; a figure in none is its own thing), and quote groups. A gold drop is
(dropped_by article, kind, thing of its target). A newstrail drop is (carrier article, kind,
provenance target) for each article in a provenance entry's ``attribution_dropped`` (kind
``attribution``) or ``medium_dropped`` (kind ``medium``); its gold things are those of the
target's members in that article (figure series ``figures`` or quote cluster ``members``,
aligned); a target listed by several stories counts once. A newstrail drop is correct when some
gold drop has its article, kind and one of its things; a gold drop is found when some newstrail
drop has its article, kind and thing. Precision = correct / newstrail drops; recall = found /
gold drops. The article-level variant compares only the (article, kind) sets.

Quote clusters. Items: gold quotes with an aligned newstrail quote; gold label: the gold group;
predicted label: the newstrail cluster (``story --json`` ``quotes[].members``) that most of its
aligned newstrail quotes are in, or the quote alone. newstrail's clusters are corpus-wide, the
gold judges "same quote" only inside a story, so a cluster is cut by gold story. Purity = sum
over clusters of the largest gold group inside it / items in clusters (lone quotes left out:
they are trivially pure). Completeness (inverse purity) = sum over gold groups of the largest
cluster or lone quote inside it / all items. Pairwise P/R over all items as for stories.

Pooled scores sum the counts of both corpora (pairs, items, matches), not the ratios.

Fixed halves. A gold story is in the ``tune`` half when the SHA-1 of its id is even, else in
the ``report`` half (fakes 45/41 stories, allsides 11/8). Rules are shaped on tune stories
only; the figures newstrail reports come from ``report``. Each half is scored on its stories'
articles, newstrail's stories cut to them, and the findings that touch them (a figure match
with one side in the other half counts, as ``different_story``).
"""

from __future__ import annotations

import argparse
import difflib
import gzip
import hashlib
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from itertools import combinations, product
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
GOLD = ROOT / "bench" / "gold"
RESULTS = ROOT / "bench" / "results" / "findings.json"
NEWSTRAIL = Path(sys.executable).parent / "newstrail"
DATA = {"fakes": SHARED / "fakes" / "articles.jsonl", "allsides": SHARED / "allsides" / "articles.jsonl.gz"}
KINDS = ("agree", "conflict", "scope")
DROP_KINDS = {"attribution": "attribution_dropped", "medium": "medium_dropped"}
NAMED = {"attribution": "attribution", "medium": "medium"}  # the carrier field that names what was dropped
# how bad a false conflict is, by its gold label: calling an agreement a conflict is worst
SEVERITY = {"agree": 0, "conflict": 0, "scope": 1, "unrelated": 2, "not_listed": 3, "different_story": 4}
EXAMPLES = 10


# ------------------------------------------------------------------ scoring functions (pure)
def ratio(num: float, den: float) -> float | None:
    return round(num / den, 4) if den else None


def prf(tp_p: int, n_pred: int, tp_r: int, n_gold: int) -> dict:
    """P = tp_p / n_pred, R = tp_r / n_gold (the two true-positive counts differ when one
    prediction can answer several gold items), F1 their harmonic mean."""
    p, r = ratio(tp_p, n_pred), ratio(tp_r, n_gold)
    f1 = round(2 * p * r / (p + r), 4) if p and r else (0.0 if p is not None and r is not None else None)
    return {"precision": p, "recall": r, "f1": f1, "tp": tp_p, "predicted": n_pred, "found": tp_r, "gold": n_gold}


def _groups(labels: dict) -> dict:
    out = defaultdict(set)
    for item, label in labels.items():
        out[label].add(item)
    return out


def _pairs(labels: dict) -> set:
    return {frozenset(p) for members in _groups(labels).values() for p in combinations(sorted(members), 2)}


def pairwise(pred: dict, gold: dict) -> dict:
    """Pairwise P/R/F1 of two partitions of the same items (item -> cluster label)."""
    pp, gp = _pairs(pred), _pairs(gold)
    tp = len(pp & gp)
    return prf(tp, len(pp), tp, len(gp))


def bcubed(pred: dict, gold: dict) -> dict:
    """BCubed P/R/F1 of two partitions of the same items (item -> cluster label)."""
    by_pred, by_gold = _groups(pred), _groups(gold)
    p = sum(len(by_pred[pred[i]] & by_gold[gold[i]]) / len(by_pred[pred[i]]) for i in gold)
    r = sum(len(by_pred[pred[i]] & by_gold[gold[i]]) / len(by_gold[gold[i]]) for i in gold)
    p, r = ratio(p, len(gold)), ratio(r, len(gold))
    f1 = round(2 * p * r / (p + r), 4) if p and r else (0.0 if p is not None else None)
    return {"precision": p, "recall": r, "f1": f1, "items": len(gold)}


def purity(pred: dict, gold: dict, only: set | None = None) -> float | None:
    """Share of items in the largest gold class of their predicted cluster; ``only``: the
    predicted clusters to count (the others' items are left out). Completeness (inverse
    purity) is ``purity(gold, pred)``."""
    by_gold = _groups(gold)
    hits = total = 0
    for label, members in _groups(pred).items():
        if only is not None and label not in only:
            continue
        total += len(members)
        hits += max(len(members & g) for g in by_gold.values())
    return ratio(hits, total)


# ------------------------------------------------------------------ reading newstrail (documented JSON only)
def newstrail(*args: str) -> str:
    """One newstrail command's standard output (stderr is its progress and messages)."""
    done = subprocess.run([str(NEWSTRAIL), *args], capture_output=True, text=True)
    if done.returncode not in (0, 1) or not done.stdout.strip():  # 1: some input failed, the rest is kept
        raise SystemExit(f"newstrail {' '.join(args)} failed ({done.returncode}): {done.stderr.strip()[-800:]}")
    return done.stdout


def read_ingest(path: Path, db: str, workers: int) -> dict:
    """README "Using it": the tally of ``ingest --json`` with the summary of the link after it."""
    return json.loads(newstrail("ingest", str(path), "--db", db, "--workers", str(workers), "--json"))


def read_stories(db: str) -> list[dict]:
    """README: ``stories --json``, one story per line with ``articles: [{id, ...}]``."""
    return [json.loads(line) for line in newstrail("stories", "--json", "--db", db).splitlines() if line.strip()]


def read_story(db: str, story_id: str) -> dict:
    """README: ``story ID --json``: ``quotes`` (clusters with ``members: [{article, index}]``),
    ``figures`` (matches ``{kind, a, b}``, sides ``{article, index, value, low, high}``),
    ``series`` (``{id, figures: [{article, index}]}``) and ``provenance`` (``{target, kind,
    attribution_dropped: [{article}], medium_dropped: [{article}]}``)."""
    return json.loads(newstrail("story", story_id, "--json", "--db", db))


def read_articles(db: str) -> dict[str, dict]:
    """README: ``export --format jsonl`` prints each article's JSON form: cleaned ``text``,
    ``figures[]`` ``{index, start, end, in_title, derived}``, ``quotes[]`` ``{start, end}``
    (a cluster member's ``index`` is its position in ``quotes``)."""
    lines = newstrail("export", "--format", "jsonl", "--db", db).splitlines()
    rows = (json.loads(line) for line in lines if line.strip())
    return {row["id"]: row for row in rows}


# ------------------------------------------------------------------ gold and raw records
def load_gold(corpus: str) -> list[dict]:
    with open(GOLD / f"{corpus}.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def raw_records(corpus: str, ids: set[str]) -> dict[str, dict]:
    """The shared records of the gold articles, first record of each id, as stored."""
    path = DATA[corpus]
    found: dict[str, dict] = {}
    with (gzip.open(path, "rt", encoding="utf-8") if path.suffix == ".gz" else open(path, encoding="utf-8")) as fh:
        for line in fh:
            record = json.loads(line)
            if record.get("id") in ids and record["id"] not in found:
                found[record["id"]] = record
    missing = ids - set(found)
    if missing:
        raise SystemExit(f"{path}: {len(missing)} gold articles missing, e.g. {sorted(missing)[:3]}")
    return found


def gold_things(gold: list[dict]) -> dict:
    """(story, fid) -> thing: connected components of the ``same_thing`` relations."""
    parent: dict = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for story in gold:
        for f in story["figures"]:
            find((story["story"], f["fid"]))
        for rel in story["figure_relations"]:
            if rel["same_thing"]:
                parent[find((story["story"], rel["a"]))] = find((story["story"], rel["b"]))
    return {key: find(key) for key in list(parent)}


# ------------------------------------------------------------------ alignment
def offset_map(raw: str, cleaned: str) -> list[int | None]:
    """raw index -> cleaned index for every raw character the matching blocks keep."""
    cmap: list[int | None] = [None] * len(raw)
    for i, j, n in difflib.SequenceMatcher(None, raw, cleaned, autojunk=False).get_matching_blocks():
        cmap[i:i + n] = range(j, j + n)
    return cmap


def map_span(cmap: list[int | None], start: int, end: int) -> tuple[int, int] | None:
    kept = [j for j in cmap[start:end] if j is not None]
    return (min(kept), max(kept) + 1) if kept else None


def best_overlap(start: int, end: int, spans: dict) -> object | None:
    """The key of the span in ``spans`` (key -> (start, end)) that overlaps [start, end) most."""
    best, best_len = None, 0
    for key, (s, e) in sorted(spans.items(), key=lambda kv: kv[1]):
        overlap = min(end, e) - max(start, s)
        if overlap > best_len:
            best, best_len = key, overlap
    return best


def align_article(aid: str, raw: str, article: dict | None, gold_figs: list, gold_quotes: list) -> dict:
    """Gold spans of one article mapped to its cleaned text, and each newstrail figure and
    quote aligned to a gold key (or a reason it is not)."""
    cleaned = article["text"] if article else ""
    cmap = offset_map(raw, cleaned)
    out = {"coverage": sum(j is not None for j in cmap) / max(1, len(raw)), "fig": {}, "quote": {},
           "gold_span": {}}
    for key, g in gold_figs + gold_quotes:
        out["gold_span"][key] = map_span(cmap, g["start"], g["end"])
    fig_spans = {k: out["gold_span"][k] for k, _ in gold_figs if out["gold_span"][k]}
    quote_spans = {k: out["gold_span"][k] for k, _ in gold_quotes if out["gold_span"][k]}
    for f in (article or {}).get("figures", []):
        if f["in_title"] or f["derived"]:
            out["fig"][(aid, f["index"])] = "in_title" if f["in_title"] else "derived"
        else:
            out["fig"][(aid, f["index"])] = best_overlap(f["start"], f["end"], fig_spans) or "no_gold"
    for k, q in enumerate((article or {}).get("quotes", [])):
        out["quote"][(aid, k)] = best_overlap(q["start"], q["end"], quote_spans) or "no_gold"
    return out


def align(run: dict) -> dict:
    """Alignment of a whole run: ns ref -> gold key (tuple) or a reason (str), and counts."""
    figs, quotes = defaultdict(list), defaultdict(list)
    for story in run["gold"]:
        for f in story["figures"]:
            figs[f["article"]].append(((story["story"], f["fid"]), f))
        for q in story["quotes"]:
            quotes[q["article"]].append(((story["story"], q["qid"]), q))
    fig, quote, gold_span, coverage = {}, {}, {}, {}
    for aid, record in run["raw"].items():
        one = align_article(aid, record["text"], run["articles"].get(aid), figs[aid], quotes[aid])
        fig.update(one["fig"])
        quote.update(one["quote"])
        gold_span.update(one["gold_span"])
        coverage[aid] = one["coverage"]
    return {"fig": fig, "quote": quote, "gold_span": gold_span, "coverage": coverage,
            "ns_of_gold": _inverse(fig) | _inverse(quote)}


def _inverse(refs: dict) -> dict:
    out = defaultdict(list)
    for ref, key in refs.items():
        if isinstance(key, tuple):
            out[key].append(ref)
    return out


def alignment_report(runs: list[dict]) -> dict:
    """How many gold spans were lost in cleaning or found no newstrail span, and how many
    newstrail figures and quotes are in the title, derived, or outside every gold span."""
    out = {}
    for what, side, id_field in (("figures", "fig", "fid"), ("quotes", "quote", "qid")):
        status, many = Counter(), 0
        for r in runs:
            for s in r["gold"]:
                for g in s[what]:
                    key = (s["story"], g[id_field])
                    found = r["align"]["ns_of_gold"].get(key, [])
                    many += len(found) > 1
                    if r["align"]["gold_span"].get(key) is None:
                        status["lost_in_cleaning"] += 1
                    else:
                        status["aligned" if found else f"no_newstrail_{what[:-1]}"] += 1
        ns = Counter(v if isinstance(v, str) else "aligned" for r in runs
                     for ref, v in r["align"][side].items() if ref[0] in r["raw"])
        out[what] = {"gold": sum(status.values()), "gold_status": dict(status), "gold_with_several_newstrail": many,
                     "newstrail": sum(ns.values()), "newstrail_status": dict(ns)}
    coverage = [c for r in runs for aid, c in r["align"]["coverage"].items() if aid in r["raw"]]
    out["raw_chars_kept"] = {"min": round(min(coverage), 4), "mean": round(sum(coverage) / len(coverage), 4)}
    return out


# ------------------------------------------------------------------ scores by kind
def score_stories(runs: list[dict]) -> dict:
    gold, pred = {}, {}
    for r in runs:
        ns = {a["id"]: f"{r['corpus']}:{s['id']}" for s in r["stories"] for a in s["articles"]}
        for story in r["gold"]:
            for a in story["articles"]:
                gold[a["id"]] = story["story"]
                pred[a["id"]] = ns.get(a["id"], f"alone:{a['id']}")
    multi = sum(1 for r in runs for s in r["gold"] if len({a["source"] for a in s["articles"]}) > 1)
    split = [{"gold_story": g, "newstrail": _parts(members, pred)} for g, members in sorted(_groups(gold).items())
             if len({pred[m] for m in members}) > 1]
    merged = [{"newstrail_story": p, "gold": _parts(members, gold)} for p, members in sorted(_groups(pred).items())
              if len({gold[m] for m in members}) > 1]
    pw = pairwise(pred, gold)
    across = sum(r.get("story_pairs_across_halves", 0) for r in runs)
    if across:  # every such pair is wrong: a gold story lies in one half
        pw = prf(pw["tp"], pw["predicted"] + across, pw["found"], pw["gold"]) | {"pairs_across_halves": across}
    return {"pairwise": pw, "bcubed": bcubed(pred, gold), "articles": len(gold),
            "gold_stories": len(set(gold.values())), "gold_multi_outlet": multi,
            "newstrail_stories": len(set(pred.values())),
            "newstrail_multi_outlet": sum(1 for r in runs for s in r["stories"] if len(s.get("outlets", [])) > 1),
            "gold_stories_split": len(split), "newstrail_stories_merging_gold": len(merged),
            "examples": {"split": split[:EXAMPLES], "merged": merged[:EXAMPLES]}}


def _parts(members: set, labels: dict) -> dict:
    """The articles of ``members`` by their label on the other side."""
    out = defaultdict(list)
    for m in sorted(members):
        out[labels[m]].append(m)
    return dict(out)


def _matches(run: dict) -> list[dict]:
    seen, out = set(), []
    for detail in run["details"].values():
        for m in detail.get("figures", []):
            key = (frozenset({(m["a"]["article"], m["a"]["index"]), (m["b"]["article"], m["b"]["index"])}), m["kind"])
            if key not in seen:
                seen.add(key)
                out.append(m)
    return out


def _gold_relations(run: dict) -> dict:
    rel = {}
    for story in run["gold"]:
        for r in story["figure_relations"]:
            a, b = (story["story"], r["a"]), (story["story"], r["b"])
            rel[frozenset({a, b})] = r["relation"]
    return rel


def _label(ka, kb, rel: dict) -> str:
    if ka[0] != kb[0]:
        return "different_story"
    return rel.get(frozenset({ka, kb}), "not_listed")


def _number(side: dict):
    return next((side[k] for k in ("value", "low", "high") if side.get(k) is not None), None)


def _side(run: dict, ref: tuple, key) -> dict:
    """An example's side: ids and offsets only (gold raw, newstrail cleaned)."""
    art = run["articles"].get(ref[0], {})
    fig = next((f for f in art.get("figures", []) if f["index"] == ref[1]), {})
    gold_fig = _gold_figure(run, key) if isinstance(key, tuple) else None
    return {"article": ref[0], "newstrail_index": ref[1], "cleaned": [fig.get("start"), fig.get("end")],
            "in_title": fig.get("in_title"), "gold": key[1] if isinstance(key, tuple) else key,
            "raw": [gold_fig["start"], gold_fig["end"]] if gold_fig else None}


def _gold_figure(run: dict, key: tuple) -> dict | None:
    for story in run["gold"]:
        if story["story"] == key[0]:
            return next((f for f in story["figures"] if f["fid"] == key[1]), None)
    return None


def _copies(run: dict) -> set:
    """Article pairs newstrail links as copies (``stories --json`` ``copy_of``: [source, id])."""
    return {frozenset({a["id"], a["copy_of"][1]}) for s in run["stories"] for a in s["articles"] if a.get("copy_of")}


def _judged_matches(run: dict) -> list[dict]:
    """Each newstrail match with its gold label (None when a figure is unaligned)."""
    rel, fig, copies = _gold_relations(run), run["align"]["fig"], _copies(run)
    out = []
    for m in _matches(run):
        ra, rb = (m["a"]["article"], m["a"]["index"]), (m["b"]["article"], m["b"]["index"])
        ka, kb = fig.get(ra, "not_in_export"), fig.get(rb, "not_in_export")
        label = _label(ka, kb, rel) if isinstance(ka, tuple) and isinstance(kb, tuple) else None
        nums = [_number(m["a"]), _number(m["b"])]
        spread = max(nums) / min(nums) if all(nums) and min(nums) > 0 else 0
        out.append({"kind": m["kind"], "label": label, "refs": frozenset({ra, rb}),
                    "copy": frozenset({ra[0], rb[0]}) in copies,
                    "example": label and {"story": ka[0] if ka[0] == kb[0] else [ka[0], kb[0]], "gold_label": label,
                                          "a": _side(run, ra, ka), "b": _side(run, rb, kb),
                                          "_order": (SEVERITY[label], -spread)}})
    return out


def _gold_pairs(run: dict, reported: dict) -> list[dict]:
    """Each gold relation with the kinds newstrail reports between figures aligned to its two
    gold figures, and whether both are aligned at all."""
    ns_of = run["align"]["ns_of_gold"]
    out = []
    for pair, label in _gold_relations(run).items():
        ka, kb = sorted(pair)
        candidates = product(ns_of.get(ka, []), ns_of.get(kb, []))
        kinds = set().union(*(reported.get(frozenset({x, y}), set()) for x, y in candidates))
        out.append({"label": label, "kinds": kinds, "aligned": bool(ns_of.get(ka) and ns_of.get(kb)),
                    "a": _raw(run, ka), "b": _raw(run, kb), "story": ka[0]})
    return out


def score_relations(runs: list[dict]) -> dict:
    confusion, copy_confusion, unaligned = defaultdict(Counter), defaultdict(Counter), Counter()
    judged, pairs = [], []
    for r in runs:
        matches = _judged_matches(r)
        reported = defaultdict(set)
        for m in matches:
            reported[m["refs"]].add(m["kind"])
        judged += matches
        pairs += _gold_pairs(r, reported)
    for m in judged:
        if m["label"] is None:
            unaligned[m["kind"]] += 1
        else:
            confusion[m["kind"]][m["label"]] += 1
            if m["copy"]:
                copy_confusion[m["kind"]][m["label"]] += 1
    for p in pairs:
        if p["aligned"] and not p["kinds"]:
            confusion["none"][p["label"]] += 1
    out = {}
    for kind in KINDS:
        aligned, right = sum(confusion[kind].values()), confusion[kind][kind]
        gold_n = sum(1 for p in pairs if p["label"] == kind)
        gold_aligned = sum(1 for p in pairs if p["label"] == kind and p["aligned"])
        found = sum(1 for p in pairs if p["label"] == kind and kind in p["kinds"])
        no_copy = aligned - sum(copy_confusion[kind].values())
        out[kind] = {"precision": ratio(right, aligned), "precision_strict": ratio(right, aligned + unaligned[kind]),
                     "precision_without_copy_pairs": ratio(right - copy_confusion[kind][kind], no_copy),
                     "recall": ratio(found, gold_n), "recall_aligned": ratio(found, gold_aligned),
                     "newstrail_matches": aligned + unaligned[kind], "with_unaligned_figure": unaligned[kind],
                     "correct": right, "gold_pairs": gold_n, "gold_pairs_aligned": gold_aligned, "found": found}
    unrelated = [p for p in pairs if p["label"] == "unrelated" and p["aligned"]]
    out["unrelated_gold_pairs_matched"] = {"matched": sum(1 for p in unrelated if p["kinds"]),
                                           "gold_pairs_aligned": len(unrelated)}
    out["confusion"] = {k: dict(v) for k, v in sorted(confusion.items())}
    out["confusion_between_copies"] = {k: dict(v) for k, v in sorted(copy_confusion.items()) if v}
    missed = [p for p in pairs if p["label"] == "conflict" and p["aligned"] and "conflict" not in p["kinds"]]
    out["examples"] = {"false_conflicts": _wrong(judged, "conflict"), "false_agrees": _wrong(judged, "agree"),
                       "missed_conflicts": [{"story": p["story"], "reported_as": sorted(p["kinds"]) or None,
                                             "a": p["a"], "b": p["b"]} for p in missed[:EXAMPLES]]}
    return out


def _raw(run: dict, key: tuple) -> dict:
    g = _gold_figure(run, key)
    return {"article": g["article"], "gold": key[1], "raw": [g["start"], g["end"]]}


def _wrong(judged: list[dict], kind: str) -> list[dict]:
    """The worst aligned matches of ``kind`` that the gold labels otherwise."""
    return _worst([m["example"] for m in judged if m["kind"] == kind and m["label"] not in (None, kind)])


def _worst(examples: list[dict]) -> list[dict]:
    examples.sort(key=lambda e: e["_order"])
    return [{k: v for k, v in e.items() if k != "_order"} for e in examples[:EXAMPLES]]


def _gold_drops(run: dict, things: dict) -> list[dict]:
    """Gold drops with the thing of their target (figure thing or quote group)."""
    out = []
    for story in run["gold"]:
        groups = {q["qid"]: (story["story"], q["group"]) for q in story["quotes"]}
        spans = {g["fid" if "fid" in g else "qid"]: [g["start"], g["end"]] for g in story["figures"] + story["quotes"]}
        for d in story["attribution_drops"]:
            target = (story["story"], d["target"])
            thing = things.get(target) if d["target"].startswith("f") else groups.get(d["target"])
            out.append({"article": d["dropped_by"], "kind": d["kind"], "thing": thing, "story": story["story"],
                        "target": d["target"], "raw": spans.get(d["target"])})
    return out


def _members(detail: dict, target: str) -> list[tuple]:
    """(article, index, "fig"|"quote") of a provenance target: a figure series or a quote cluster."""
    for s in detail.get("series", []):
        if s["id"] == target:
            return [(f["article"], f["index"], "fig") for f in s["figures"]]
    for c in detail.get("quotes", []):
        if c["id"] == target:
            return [(m["article"], m["index"], "quote") for m in c["members"]]
    return []


def _predicted_drops(run: dict, things: dict) -> list[dict]:
    """One drop per (provenance target, carrier article, kind); a target shared by several
    stories' details (quote clusters are corpus-wide) counts once. ``named_elsewhere_in_article``:
    another mention of the target in the same article has the source (medium) -- the gold counts
    a drop only when the article names none anywhere."""
    groups = {(s["story"], q["qid"]): (s["story"], q["group"]) for s in run["gold"] for q in s["quotes"]}
    out = {}
    for detail in run["details"].values():
        for p in detail.get("provenance", []):
            members = _members(detail, p["target"])
            for kind, field in DROP_KINDS.items():
                for aid in sorted({c["article"] for c in p.get(field, [])}):
                    keys = [run["align"][side].get((a, i)) for a, i, side in members if a == aid]
                    keys = [k for k in keys if isinstance(k, tuple)]
                    gold = {things.get(k) if k[1].startswith("f") else groups.get(k) for k in keys}
                    named = any(c.get(NAMED[kind]) for c in p.get("carriers", []) if c["article"] == aid)
                    out.setdefault((p["target"], aid, kind), {"article": aid, "kind": kind, "things": gold - {None},
                                                              "target": f"{run['corpus']}:{p['target']}",
                                                              "named_elsewhere_in_article": named})
    return list(out.values())


def score_drops(runs: list[dict]) -> dict:
    out = {}
    for kind in DROP_KINDS:
        preds, gold = [], []
        for r in runs:
            things = gold_things(r["gold"])
            gold += [d for d in _gold_drops(r, things) if d["kind"] == kind]
            preds += [p for p in _predicted_drops(r, things) if p["kind"] == kind]
        keys = {(g["article"], g["thing"]) for g in gold}
        right = [p for p in preds if any((p["article"], t) in keys for t in p["things"])]
        found = [g for g in gold if any(p["article"] == g["article"] and g["thing"] in p["things"] for p in preds)]
        false = [{"article": p["article"], "target": p["target"],
                  "gold_things": sorted(f"{t[0]}/{t[1]}" for t in p["things"]) or None}
                 for p in preds if p not in right]
        missed = [{k: g[k] for k in ("article", "story", "target", "raw")} for g in gold if g not in found]
        pred_art, gold_art = {p["article"] for p in preds}, {g["article"] for g in gold}
        out[kind] = {**prf(len(right), len(preds), len(found), len(gold)),
                     "unaligned_predictions": sum(1 for p in preds if not p["things"]),
                     "false_named_elsewhere_in_article": sum(1 for p in preds
                                                             if p not in right and p["named_elsewhere_in_article"]),
                     "article_level": prf(len(pred_art & gold_art), len(pred_art), len(pred_art & gold_art),
                                          len(gold_art)),
                     "examples": {"false": false[:EXAMPLES], "missed": missed[:EXAMPLES]}}
    return out


def _cluster_of_quote(run: dict) -> dict:
    """newstrail quote (article, index) -> its cluster (story ``quotes[].members``). Cluster ids
    are corpus-wide: a story lists every cluster that one of its articles carries."""
    out = {}
    for detail in run["details"].values():
        for c in detail.get("quotes", []):
            for m in c["members"]:
                out.setdefault((m["article"], m["index"]), f"{run['corpus']}:{c['id']}")
    return out


def score_quotes(runs: list[dict]) -> dict:
    """Items are gold quotes with an aligned newstrail quote; a gold quote's cluster is the one
    most of its aligned newstrail quotes are in (several newstrail quotes can overlap one gold
    quote: a direct quote and the reported sentence around it), else it is alone. The gold
    judges "same quote" only inside a story, so a newstrail cluster (corpus-wide) is cut by
    gold story: its parts in two gold stories are two clusters, neither right nor wrong."""
    pred, gold, where, clustered = {}, {}, {}, set()
    unaligned_members, stories_of = 0, defaultdict(set)
    for r in runs:
        cluster_of = _cluster_of_quote(r)
        unaligned_members += sum(1 for ref in cluster_of if not isinstance(r["align"]["quote"].get(ref), tuple))
        for s in r["gold"]:
            for q in s["quotes"]:
                key = (s["story"], q["qid"])
                refs = sorted(r["align"]["ns_of_gold"].get(key, []))
                if not refs:
                    continue
                held = Counter(cluster_of[ref] for ref in refs if ref in cluster_of)
                gold[key] = f"{s['story']}/{q['group']}"
                pred[key] = f"{s['story']}/{held.most_common(1)[0][0]}" if held else f"alone:{key}"
                if held:
                    stories_of[held.most_common(1)[0][0]].add(s["story"])
                where[key] = {"article": q["article"], "gold": q["qid"], "raw": [q["start"], q["end"]],
                              "gold_group": q["group"]}
                if held:
                    clustered.add(pred[key])
    impure = [{"cluster": label, "members": [where[k] for k in sorted(members)]}
              for label, members in sorted(_groups(pred).items())
              if label in clustered and len({gold[k] for k in members}) > 1]
    return {"purity": purity(pred, gold, only=clustered), "completeness": purity(gold, pred),
            "pairwise": pairwise(pred, gold), "items": len(gold),
            "items_in_clusters": sum(1 for k in pred if pred[k] in clustered),
            "cluster_members_without_gold_quote": unaligned_members,
            "clusters_across_gold_stories": sum(1 for v in stories_of.values() if len(v) > 1),
            "gold_groups_with_2_carriers": sum(len({where[k]["article"] for k in g}) > 1
                                               for g in _groups(gold).values()),
            "examples": {"impure_clusters": impure[:EXAMPLES]}}


# ------------------------------------------------------------------ fixed halves
def half_of(story_id: str) -> str:
    """The fixed half of a gold story: rules are shaped on ``tune`` stories only and the
    figures reported come from ``report`` stories (the split never depends on newstrail)."""
    return "tune" if int(hashlib.sha1(story_id.encode()).hexdigest(), 16) % 2 == 0 else "report"


def halve(run: dict, half: str) -> dict:
    """The run seen through one half's gold stories: their articles, newstrail's stories cut
    to them, and the findings that touch them. A figure match with one side in the other half
    is kept: its label is ``different_story``, a wrong match of this half; so is a story that
    joins an article of this half to one of the other (``story_pairs_across_halves``, wrong
    pairs of the story pairwise precision of both halves)."""
    gold = [s for s in run["gold"] if half_of(s["story"]) == half]
    ids = {a["id"] for s in gold for a in s["articles"]}
    others = {a["id"] for s in run["gold"] for a in s["articles"]} - ids
    across = sum(sum(a["id"] in ids for a in s["articles"]) * sum(a["id"] in others for a in s["articles"])
                 for s in run["stories"])

    def keep(items: list) -> list:
        return [x for x in items if x["article"] in ids]

    details = {sid: {**d, "figures": [m for m in d.get("figures", [])
                                      if m["a"]["article"] in ids or m["b"]["article"] in ids],
                     "quotes": [{**c, "members": keep(c["members"])} for c in d.get("quotes", [])],
                     "series": [{**x, "figures": keep(x["figures"])} for x in d.get("series", [])],
                     "provenance": [{**p, **{f: keep(p.get(f, [])) for f in
                                             ("carriers", "attribution_dropped", "medium_dropped")}}
                                    for p in d.get("provenance", [])]}
               for sid, d in run["details"].items()}
    return {**run, "gold": gold, "details": details, "story_pairs_across_halves": across,
            "raw": {k: v for k, v in run["raw"].items() if k in ids},
            "articles": {k: v for k, v in run["articles"].items() if k in ids},
            "stories": [{**s, "articles": [a for a in s["articles"] if a["id"] in ids]} for s in run["stories"]]}


# ------------------------------------------------------------------ runs
def collect(corpus: str, workdir: Path, workers: int, relink: bool = False, batches: int = 1) -> dict:
    """Ingest one corpus's gold articles into a fresh store and read everything back; with
    ``relink``, re-link (``link --full``) the store an earlier ``--keep`` run left in
    ``workdir`` instead: for changes after the analysis (stories, figure relations,
    provenance), a fraction of the time. With ``batches`` > 1 the articles are ingested in that
    many ingests in order of their record date, so that all but the first are linked
    incrementally, as a store that grows day by day is."""
    gold = load_gold(corpus)
    ids = {a["id"] for s in gold for a in s["articles"]}
    raw = raw_records(corpus, ids)
    src = workdir / f"{corpus}.jsonl"
    with open(src, "w", encoding="utf-8") as fh:
        for aid in sorted(raw):
            fh.write(json.dumps(raw[aid], ensure_ascii=False) + "\n")
    db = f"sqlite:///{workdir / (corpus + '.db')}"
    t0 = time.perf_counter()
    if relink:
        tally = {"link": json.loads(newstrail("link", "--full", "--json", "--db", db))}
    elif batches > 1:
        order = sorted(raw, key=lambda aid: (str(raw[aid].get("date") or raw[aid].get("published") or ""), aid))
        tallies = []
        for k in range(batches):
            part = workdir / f"{corpus}-{k}.jsonl"
            with open(part, "w", encoding="utf-8") as fh:
                for aid in order[k * len(order) // batches:(k + 1) * len(order) // batches]:
                    fh.write(json.dumps(raw[aid], ensure_ascii=False) + "\n")
            tallies.append(read_ingest(part, db, workers))
        tally = {"batches": [{k: v for k, v in t.items() if k != "link"} | {"link_mode": t["link"]["mode"]}
                             for t in tallies], "link": tallies[-1]["link"]}
    else:
        tally = read_ingest(src, db, workers)
    seconds = time.perf_counter() - t0
    stories = read_stories(db)
    details = {s["id"]: read_story(db, s["id"]) for s in stories if len(s["articles"]) > 1}
    run = {"corpus": corpus, "gold": gold, "raw": raw, "stories": stories, "details": details,
           "articles": read_articles(db), "tally": tally, "seconds": round(seconds, 1)}
    t0 = time.perf_counter()
    run["align"] = align(run)
    run["align_seconds"] = round(time.perf_counter() - t0, 1)
    return run


def counts(runs: list[dict]) -> dict:
    gold_n = lambda field: sum(len(s[field]) for r in runs for s in r["gold"])  # noqa: E731
    ns_n = lambda field: sum(len(a[field]) for r in runs for a in r["articles"].values())  # noqa: E731
    return {"articles": {"gold": sum(len(r["raw"]) for r in runs), "newstrail": sum(len(r["articles"]) for r in runs)},
            "stories": {"gold": sum(len(r["gold"]) for r in runs),
                        "newstrail": sum(1 for r in runs for s in r["stories"] if s["articles"])},
            "figures": {"gold": gold_n("figures"), "newstrail": ns_n("figures")},
            "quotes": {"gold": gold_n("quotes"), "newstrail": ns_n("quotes")},
            "figure_relations": {"gold": gold_n("figure_relations"),
                                 "newstrail": sum(len(_matches(r)) for r in runs)},
            "attribution_drops": {"gold": gold_n("attribution_drops")}}


def score(runs: list[dict]) -> dict:
    return {"counts": counts(runs), "alignment": alignment_report(runs), "stories": score_stories(runs),
            "figure_relations": score_relations(runs), "drops": score_drops(runs), "quote_clusters": score_quotes(runs)}


def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", choices=["fakes", "allsides", "both"], default="both")
    ap.add_argument("--workers", type=int, default=1, help="newstrail ingest --workers")
    ap.add_argument("--keep", type=Path, default=None, help="keep the stores and input files in this directory")
    ap.add_argument("--batches", type=int, default=1,
                    help="ingest in this many batches by record date (later ones linked incrementally)")
    ap.add_argument("--relink", type=Path, default=None,
                    help="re-link the stores an earlier --keep run left in this directory instead of ingesting")
    args = ap.parse_args()
    corpora = ["fakes", "allsides"] if args.corpus == "both" else [args.corpus]
    with tempfile.TemporaryDirectory(prefix="findings-") as tmp:
        workdir = args.relink or args.keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        runs = [collect(c, workdir, args.workers, relink=args.relink is not None, batches=args.batches)
                for c in corpora]
    result = {"commit": git("rev-parse", "HEAD"),
              "newstrail_modified_files": len(git("status", "--porcelain", "newstrail").splitlines()),
              "newstrail_seconds": {r["corpus"]: {"ingest_and_link": r["seconds"],
                                                  "link": (r["tally"].get("link") or {}).get("seconds")} for r in runs},
              "ingest": {r["corpus"]: {k: v for k, v in r["tally"].items() if k != "link"} for r in runs},
              "align_seconds": {r["corpus"]: r["align_seconds"] for r in runs}}
    for r in runs:
        result[r["corpus"]] = score([r])
    if len(runs) > 1:
        result["pooled"] = score(runs)
    for half in ("tune", "report"):
        result[half] = score([halve(r, half) for r in runs])
    data = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}  # read late: runs may overlap
    if args.batches > 1:  # a section of its own beside the one-ingest run
        data[f"in_{args.batches}_batches"] = result
    else:
        data.update(result)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(data, indent=1) + "\n")
    print(json.dumps(summary(result), indent=1))


def summary(result: dict) -> dict:
    """The headline numbers of each section, for the terminal."""
    out = {}
    for name in ("fakes", "allsides", "pooled", "tune", "report"):
        if name not in result:
            continue
        s = result[name]
        rel, drops = s["figure_relations"], s["drops"]
        out[name] = {"stories_pairwise_f1": s["stories"]["pairwise"]["f1"],
                     "stories_bcubed_f1": s["stories"]["bcubed"]["f1"],
                     **{f"{k}_p/p_strict/r": (rel[k]["precision"], rel[k]["precision_strict"], rel[k]["recall"])
                        for k in KINDS},
                     **{f"{k}_dropped_p/r": (drops[k]["precision"], drops[k]["recall"]) for k in DROP_KINDS},
                     "quote_purity/completeness": (s["quote_clusters"]["purity"], s["quote_clusters"]["completeness"])}
    return out


if __name__ == "__main__":
    main()
