"""Cleaning of scraped whole-page text, measured on real pages (issue 14, part 2).

    python bench/pagetext.py                 # all 181 pages, cleaning and its time beside the parse
    python bench/pagetext.py --no-parse      # skip the spaCy timing

Users often have no HTML, only the text of a whole page as a scraper or a copy from the
browser gave it: the article with the site's furniture above and below (site and section
names, taglines, log-in prompts, comment counters, lists of other headlines). This bench makes
such dumps from the 181 pages of ``../shared/data/article-extraction/`` with a generic
HTML-to-text conversion, ``html2text`` (links and images left out, no line wrapping: the
page's blocks become paragraphs, as a user's scraper gives them), and scores against the
ground-truth article bodies, in the same run:

* ``raw``: the dump as it is (no cleaning);
* ``newstrail``: the dump through ``cleaning.boilerplate.clean_text``, the function ingest runs
  on every article (without per-source learned lines: every page is from another site);
* ``trafilatura``: trafilatura's extraction from the HTML itself (a reference with more to go
  on than the text: the markup).

Scores are bag-of-words token precision and recall per page (lower-cased ``\\w+`` tokens,
multiset overlap), averaged over pages, with F1 of the averages, as the article-extraction
benchmark does; an empty output has precision 0. FIXED HALVES: a page is in the tune half when
``int(sha1(page_id).hexdigest(), 16) % 2 == 0``, else in the report half (the headline); rules
were shaped on the tune half only. Cleaning time per article is set beside the time of
newstrail's spaCy pipeline on the cleaned text.

Writes bench/results/pagetext.json.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import platform
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import html2text
import trafilatura

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newstrail.cleaning.boilerplate import clean_text  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "article-extraction"
RESULTS = ROOT / "bench" / "results"
_TOKEN = re.compile(r"\w+")


def half(page_id: str) -> str:
    return "tune" if int(hashlib.sha1(page_id.encode()).hexdigest(), 16) % 2 == 0 else "report"


def page_text(html: str) -> str:
    """The whole page as plain text: html2text without links, images or wrapping."""
    converter = html2text.HTML2Text()
    converter.ignore_links = True
    converter.ignore_images = True
    converter.ignore_emphasis = True
    converter.body_width = 0
    return converter.handle(html)


def tokens(text: str | None) -> list[str]:
    return _TOKEN.findall((text or "").lower())


def scores(predicted: str | None, truth: str) -> tuple[float, float]:
    """(precision, recall) of the predicted tokens against the truth's, as multisets."""
    pred, gold = Counter(tokens(predicted)), Counter(tokens(truth))
    overlap = sum((pred & gold).values())
    precision = overlap / sum(pred.values()) if pred else 0.0
    recall = overlap / sum(gold.values()) if gold else 1.0
    return precision, recall


def summary(rows: list[tuple[float, float]]) -> dict[str, float]:
    p = statistics.fmean(r[0] for r in rows)
    r = statistics.fmean(r[1] for r in rows)
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4),
            "pages": len(rows)}


def load_pages() -> list[tuple[str, str, str]]:
    """(page id, html, ground-truth body) for every page."""
    truth = json.loads((DATA / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id, item in sorted(truth.items()):
        raw = gzip.decompress((DATA / "html" / f"{page_id}.html.gz").read_bytes())
        pages.append((page_id, raw.decode("utf-8", errors="replace"), item["articleBody"]))
    return pages


def parse_seconds(texts: list[str]) -> float:
    """Seconds newstrail's spaCy pipeline takes over ``texts`` (one process)."""
    from newstrail.nlp.pipeline import shared_nlp

    nlp = shared_nlp()
    nlp("Warm-up sentence for the pipeline.")
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-parse", action="store_true", help="skip timing the spaCy pipeline")
    parser.add_argument("--show", help="print the dump, cleaned text and removed lines of this page id")
    args = parser.parse_args()
    pages = load_pages()
    rows: dict[str, dict[str, list]] = {h: {"raw": [], "newstrail": [], "trafilatura": []} for h in ("tune", "report")}
    clean_seconds = 0.0
    cleaned_texts = []
    per_page = {}
    for page_id, html, truth in pages:
        dump = page_text(html)
        started = time.perf_counter()
        cleaned, removed = clean_text(dump, None)
        clean_seconds += time.perf_counter() - started
        cleaned_texts.append(cleaned)
        if args.show == page_id:
            print(dump, "\n=====\n", cleaned, "\n=====\n", "\n".join(removed))
        extracted = trafilatura.extract(html, include_comments=False)
        got = {"raw": scores(dump, truth), "newstrail": scores(cleaned, truth), "trafilatura": scores(extracted, truth)}
        for method, pr in got.items():
            rows[half(page_id)][method].append(pr)
        per_page[page_id] = {"half": half(page_id), **{m: [round(x, 3) for x in pr] for m, pr in got.items()}}
    result = {
        "pages": len(pages),
        "conversion": f"html2text {'.'.join(map(str, html2text.__version__))}: ignore_links, ignore_images, ignore_emphasis, body_width=0",
        "scoring": "bag-of-words token P/R per page (lower-cased \\w+), mean over pages, F1 of the means",
        "halves": "tune: int(sha1(page_id).hexdigest(), 16) % 2 == 0; report: the rest (headline)",
        **{h: {m: summary(r) for m, r in methods.items()} for h, methods in rows.items()},
        "clean_ms_per_article": round(1000 * clean_seconds / len(pages), 3),
        "python": platform.python_version(),
        "trafilatura": trafilatura.__version__ if hasattr(trafilatura, "__version__") else None,
        "per_page": per_page,
    }
    if not args.no_parse:
        result["parse_ms_per_article"] = round(1000 * parse_seconds(cleaned_texts) / len(pages), 3)
        result["clean_share_of_parse"] = round(result["clean_ms_per_article"] / result["parse_ms_per_article"], 4)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "pagetext.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "per_page"}, indent=2))


if __name__ == "__main__":
    main()
