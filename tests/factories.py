"""Invented articles for the tests, in one place: test modules import builders from here, never
from each other (``tests/`` is on ``sys.path`` because ``conftest.py`` lives there).

* ``make_article`` / ``corpus`` / ``fill``: short records with offsets found in the text, and a
  ferry-strike corpus told by several outlets, saved with ``fill``;
* ``story_articles`` / ``council_articles``: one story in four outlets and council reports quoting
  people a known number of times (linking and read-model tests);
* ``flood_article`` / ``stored`` / ``bare``: a flood report with every nested record filled (store
  round trips) and a bare note;
* ``make_item`` / ``write_jsonl``: input items in bulk, for ingest tests that need thousands of
  distinct articles. Every item is made from a seeded choice of invented places, people and
  events, so two items share little wording beyond the frame (no accidental near duplicates).
"""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

from newstrail.records import (
    Article,
    Entity,
    Figure,
    FigureCheck,
    Quote,
    Signal,
    Sourcing,
    SourcingSummary,
    StoredArticle,
)
from newstrail.store import Store


# -- short records, offsets found in the text; the ferry-strike corpus -------------------------

def make_article(id, source, published, title, text, quotes=(), figures=(), language="en", url=None,
                 unsourced=(), hedged=(), boilerplate=()) -> Article:
    """An article record with offsets found in ``text``.

    quotes: (quote text, speaker mention, resolved speaker, cue, kind)
    figures: (figure text, low, high, counted, event, location, claimed by, hedge)
    """
    qs = []
    for qtext, speaker, resolved, cue, kind in quotes:
        start = text.index(qtext)
        q = Quote(text=qtext, start=start, end=start + len(qtext), kind=kind, cue=cue, speaker=speaker,
                  speaker_resolved=resolved, speaker_entity=resolved)
        if speaker and speaker in text:
            q.speaker_start = text.index(speaker)
            q.speaker_end = q.speaker_start + len(speaker)
        if cue and cue in text:
            q.cue_start = text.index(cue, q.end if cue in text[q.end:] else 0)
            q.cue_end = q.cue_start + len(cue)
        qs.append(q)
    fs = []
    for i, (ftext, low, high, counted, event, location, claimed, hedge) in enumerate(figures):
        start = text.index(ftext)
        fs.append(Figure(index=i, text=ftext, start=start, end=start + len(ftext), value=low if low == high else None,
                         low=low, high=high, counted=counted, event=event, location=location, source=claimed,
                         hedge=hedge, sentence=ftext))

    def signals(items, reason):
        out = []
        for s in items:
            start = text.index(s)
            out.append(Signal(text=s, start=start, end=start + len(s), reason=reason))
        return out

    return Article(id=id, title=title, source=source, url=url, published=published, language=language, text=text,
                   quotes=qs, figures=fs, boilerplate_removed=list(boilerplate),
                   sourcing=Sourcing(unsourced=signals(unsourced, "claim without a source"),
                                     hedged=signals(hedged, "reportedly")))


def corpus() -> list[Article]:
    """Invented articles: a ferry strike in the port of Dellmoor told by three outlets, and more."""
    return [
        make_article(
            "ledger-ferry-0301", "Harbor Ledger", "2024-03-01", "Ferry crews walk out in Dellmoor",
            "Ferry crews in Dellmoor walked out on Friday.\n\n"
            "\u201cWe will not sail until the contracts are signed,\u201d union leader Tomas Brandt said.\n\n"
            "About 300 sailors joined the strike, the union said. Officials reportedly expect talks next week.",
            quotes=[("We will not sail until the contracts are signed,", "union leader Tomas Brandt", "Tomas Brandt",
                     "said", "direct")],
            figures=[("About 300 sailors", 270, 330, "sailors", "joined", "Dellmoor", "the union", "about")],
            hedged=["Officials reportedly expect talks next week."],
            boilerplate=["Subscribe to the Harbor Ledger"],
            url="https://ledger.test/ferry"),
        make_article(
            "post-ferry-0302", "Coastal Post", "2024-03-02", "Dellmoor ferry strike strands travellers",
            "Hundreds of travellers were stranded in Dellmoor.\n\n"
            "\u201cWe will not sail until the contracts are signed,\u201d Brandt told reporters.\n\n"
            "More than 1,000 sailors are on strike. The port lost money.",
            quotes=[("We will not sail until the contracts are signed,", "Brandt", "Tomas Brandt", "told", "direct")],
            figures=[("More than 1,000 sailors", 1000, None, "sailors", "joined", "Dellmoor", None, None)],
            unsourced=["The port lost money."]),
        make_article(
            "wire-ferry-0302", "Northern Wire", "2024-03-02", "Strike halts Dellmoor ferries",
            "The strike halted every ferry in Dellmoor, port director Ilse Varn said.\n\n"
            "Varn said 12 ferries stayed in port.",
            quotes=[("The strike halted every ferry in Dellmoor", "port director Ilse Varn", "Ilse Varn", "said", "indirect")],
            figures=[("12 ferries", 12, 12, "ferries", "stayed", "Dellmoor", "Ilse Varn", None)]),
        make_article(
            "ledger-bridge-0410", "Harbor Ledger", "2024-04-10", "Bridge repairs begin on the Oster river",
            "Repairs began on the Oster bridge on Wednesday.\n\n"
            "\u201cThe bridge will reopen in June,\u201d engineer Mara Quill said.",
            quotes=[("The bridge will reopen in June,", "engineer Mara Quill", "Mara Quill", "said", "direct")]),
        make_article(
            "gazette-fest-0515", "Valley Gazette", "2024-05-15", "Festival returns to Kettering Vale",
            "Le festival revient cette année avec trois scènes.", language="fr"),
        # the same input id as the Harbor Ledger ferry story, from another outlet
        make_article(
            "ledger-ferry-0301", "Valley Gazette", "2024-03-05", "Valley view on the ferry strike",
            "Ferry travel to the valley stopped as the strike went on.\n\n"
            "\u201cThe strike hurts everyone,\u201d shop owner Pia Lund said.",
            quotes=[("The strike hurts everyone,", "shop owner Pia Lund", "Pia Lund", "said", "direct")]),
    ]


def fill(store: Store, articles: list[Article]) -> None:
    store.save_batch([StoredArticle(article=a, content_hash=f"hash-{a.source}-{a.id}", origin="tests")
                      for a in articles])


# -- one story in four outlets; council reports quoting people a known number of times ---------

SIGN = "We will not sail until the contracts are signed,"
TALKS = "Talks must start before the weekend,"


def story_articles():
    return [
        make_article(
            "ledger-ferry-0301", "Harbor Ledger", "2024-03-01", "Ferry crews walk out in Dellmoor",
            "Ferry crews in Dellmoor walked out on Friday.\n\n"
            f"\u201c{SIGN}\u201d union leader Tomas Brandt said.\n\n"
            "About 300 sailors joined the strike, the union said.",
            quotes=[(SIGN, "union leader Tomas Brandt", "Tomas Brandt", "said", "direct")],
            figures=[("About 300 sailors", 270, 330, "sailors", "joined", "Dellmoor", "the union", "about")]),
        make_article(
            "post-ferry-0302", "Coastal Post", "2024-03-02", "Dellmoor ferry strike strands travellers",
            "Ferry crews in Dellmoor stayed out and travellers were stranded.\n\n"
            f"\u201c{SIGN}\u201d Brandt told reporters.\n\n"
            f"\u201c{TALKS}\u201d port director Ilse Varn said.\n\n"
            "About 300 sailors joined the strike in Dellmoor.",
            quotes=[(SIGN, "Brandt", "Tomas Brandt", "told", "direct"),
                    (TALKS, "port director Ilse Varn", "Ilse Varn", "said", "direct")],
            figures=[("About 300 sailors", 280, 320, "sailors", "joined", "Dellmoor", None, "about")]),
        make_article(
            "digest-ferry-0303", "Bay Digest", "2024-03-03", "Dellmoor ferries still idle",
            "Ferry crews in Dellmoor stayed out on Sunday.\n\n"
            f"\u201c{SIGN}\u201d the union said in a statement.\n\n"
            "Some 40 ferries were idle in Dellmoor.",
            quotes=[(SIGN, None, None, "said", "direct")],
            figures=[("Some 40 ferries", 35, 45, "ferries", "idle", "Dellmoor", None, "some")]),
        make_article(
            "times-ferry-0304", "Port Times", "2024-03-04", "Dellmoor ferry strike enters fourth day",
            "The ferry strike in Dellmoor entered its fourth day as crews walked out again.\n\n"
            f"\u201c{TALKS}\u201d Ilse Varn said.\n\n"
            "About 300 sailors joined the strike in Dellmoor, officials said.",
            quotes=[(TALKS, "Ilse Varn", "Ilse Varn", "said", "direct")],
            figures=[("About 300 sailors", 280, 320, "sailors", "joined", "Dellmoor", None, "about")]),
    ]


COUNCIL = {  # speaker -> how often the council reports quote them
    "Ada Moss": 3, "Ben Ortiz": 2, "Cara Ortiz": 2, "Dina Pärk": 1, "Eli Quinn": 1,
}


def council_articles():
    out = []
    for i, (name, times) in enumerate(COUNCIL.items()):
        for n in range(times):
            said = f"The budget for item {i}-{n} is final,"
            out.append(make_article(
                f"council-{i}-{n}", "Kettering Voice", f"2024-05-{10 + i:02d}", f"Council vote {i}-{n}",
                f"The council voted on item {i}-{n} in Kettering.\n\n\u201c{said}\u201d councillor {name} said.",
                quotes=[(said, f"councillor {name}", name, "said", "direct")]))
    return out



# -- a flood report with every nested record filled, for store round trips ---------------------

def _span(text: str, part: str, after: int = 0) -> tuple[int, int]:
    start = text.index(part, after)
    return start, start + len(part)


def flood_article(
    ext_id: str,
    source: str | None = "Harbor Ledger",
    *,
    place: str = "Orvel",
    speaker: str = "Mira Sol",
    families: int = 120,
    returned: int = 40,
    published: str | None = "2031-04-12",
    language: str | None = "en",
    extra: str = "",
) -> Article:
    """An invented flood report with entities, quotes, figures, checks and sourcing signals."""
    title = f"Floods force {families} families from {place} valley"
    text = (
        f"More than {families} families were evacuated from the {place} valley on Tuesday after the "
        f"river burst its banks, the regional governor said.\n\n"
        f"\u201cWe moved everyone we could before nightfall,\u201d said {speaker}, the governor of {place}. "
        f"\u201cThe bridges stay closed until further notice.\u201d\n\n"
        f"Of those, {returned} families have returned home, according to the {place} fire service.\n\n"
        f"{place} is reportedly the worst hit district in a decade. Repairs will cost more than last year's budget."
        + (f"\n\n{extra}" if extra else "")
    )
    gov_s, gov_e = _span(text, "the regional governor")
    sp_s, sp_e = _span(text, speaker)
    fire_s, fire_e = _span(text, f"{place} fire service")
    q1_s, q1_e = _span(text, "We moved everyone we could before nightfall,")
    q2_s, q2_e = _span(text, "The bridges stay closed until further notice.")
    ind_s, ind_e = _span(text, f"More than {families} families were evacuated")
    acc_s, acc_e = _span(text, f"Of those, {returned} families have returned home")
    said1 = _span(text, "said", ind_e)
    said2 = _span(text, "said", q1_e)
    acc_cue = _span(text, "according to")
    f0 = _span(text, f"More than {families}")
    f1 = _span(text, f"{returned} families")
    sent1 = text[: text.index("\n\n")]
    sent3 = f"Of those, {returned} families have returned home, according to the {place} fire service."
    hedged = _span(text, f"{place} is reportedly the worst hit district in a decade.")
    unsourced = _span(text, "Repairs will cost more than last year's budget.")
    places = [m for m in range(len(text)) if text.startswith(place, m) and text.startswith(f"{place} fire", m) is False]
    entities = [Entity(place, "GPE", m, m + len(place), place) for m in places]
    entities += [
        Entity(speaker, "PERSON", sp_s, sp_e, speaker),
        Entity(f"{place} fire service", "ORG", fire_s, fire_e, f"{place} Fire Service"),
    ]
    entities.sort(key=lambda e: e.start)
    return Article(
        id=ext_id,
        title=title,
        source=source,
        url=f"https://news.example/{ext_id}" if source else None,
        published=published,
        language=language,
        text=text,
        authors=["Ada Moss", "Piet Loran"],
        boilerplate_removed=["Share this story", "Comments are closed."],
        entities=entities,
        quotes=[
            Quote(
                text=text[ind_s:ind_e], start=ind_s, end=ind_e, kind="indirect", cue="said", cue_start=said1[0],
                cue_end=said1[1], speaker="the regional governor", speaker_start=gov_s, speaker_end=gov_e,
                speaker_resolved=speaker, speaker_entity=speaker,
            ),
            Quote(
                text=text[q1_s:q1_e], start=q1_s, end=q1_e, kind="direct", cue="said", cue_start=said2[0],
                cue_end=said2[1], speaker=speaker, speaker_start=sp_s, speaker_end=sp_e,
                speaker_resolved=speaker, speaker_entity=speaker, medium=None,
            ),
            Quote(
                text=text[q2_s:q2_e], start=q2_s, end=q2_e, kind="direct", cue="said", cue_start=said2[0],
                cue_end=said2[1], speaker=speaker, speaker_start=sp_s, speaker_end=sp_e,
                speaker_resolved=speaker, speaker_entity=speaker, medium="a radio interview",
            ),
            Quote(
                text=text[acc_s:acc_e], start=acc_s, end=acc_e, kind="according_to", cue="according to",
                cue_start=acc_cue[0], cue_end=acc_cue[1], speaker=f"the {place} fire service",
                speaker_start=fire_s - 4, speaker_end=fire_e, speaker_resolved=f"{place} Fire Service",
                speaker_entity=None,
            ),
        ],
        figures=[
            Figure(
                index=0, text=text[f0[0] : f0[1]], start=f0[0], end=f0[1], value=None, low=float(families),
                high=None, low_inclusive=False, high_inclusive=True, approximate=False, hedge="more than",
                unit=None, counted="families", event="displaced", event_verb="were evacuated",
                location=f"{place} valley", time="2031-04-08", time_text="on Tuesday",
                source="the regional governor", sentence=sent1,
            ),
            Figure(
                index=1, text=text[f1[0] : f1[1]], start=f1[0], end=f1[1], value=float(returned),
                low=float(returned), high=float(returned), counted="families", event="returned",
                event_verb="have returned", location=None, source=f"{place} Fire Service",
                sentence=sent3, part_of=0,
            ),
            Figure(
                index=2, text=text[f0[0] : f0[1]], start=f0[0], end=f0[1], value=None,
                low=float(families - returned), high=None, low_inclusive=False, approximate=True,
                counted="families", event=None, sentence=sent1, part_of=0, derived=True,
            ),
        ],
        figure_checks=[
            FigureCheck(kind="consistent", figures=[0, 1], note="40 of more than 120"),
            FigureCheck(kind="parts_exceed_whole", figures=[0, 1, 2]),
        ],
        sourcing=Sourcing(
            unsourced=[Signal(text[unsourced[0] : unsourced[1]], unsourced[0], unsourced[1], "comparative")],
            hedged=[Signal(text[hedged[0] : hedged[1]], hedged[0], hedged[1], "reportedly")],
            summary=SourcingSummary(
                claim_sentences=5, attributed=3, share_attributed=0.6, named_sources=2, unnamed_sources=1,
                distinct_sources=3,
            ),
        ),
        notes=["date parsed from the page"],
    )


def stored(article: Article, *, copy_of=None, kind=None, similarity=None, line_keys=(), minhash=True) -> StoredArticle:
    digest = hashlib.sha256(article.text.encode()).hexdigest()
    return StoredArticle(
        article=article,
        content_hash=digest,
        origin=f"corpus.jsonl:{article.id}",
        minhash=hashlib.sha512(article.text.encode()).digest() * 4 if minhash else None,
        copy_of=copy_of,
        copy_kind=kind,
        similarity=similarity,
        line_keys=list(line_keys),
    )


def bare(ext_id: str, source: str | None = None, text: str = "A short note.") -> Article:
    return Article(id=ext_id, title=None, source=source, url=None, published=None, language=None, text=text)


# -- input items in bulk, for ingest -----------------------------------------------------------

PLACES = ["Tamsin", "Orvel", "Kessa", "Lowmarch", "Brenford", "Calder Bay", "Miro Valley", "Dunhollow",
          "Ashgrove", "Pellin", "Varn", "Quillon", "Estry", "Harlow Point", "Sable Ridge", "Torvik"]
PEOPLE = ["Lena Varga", "Tomas Reel", "Ada Moss", "Piet Loran", "Sara Quint", "Ivo Mell", "Nora Falk",
          "Jon Astor", "Rhea Doyle", "Cal Brant", "Mira Sol", "Ezra Pike"]
ROLES = ["the mayor", "a police spokesman", "the regional governor", "a union leader", "the fire chief",
         "a hospital director", "the harbour master", "a school principal"]
EVENTS = ["a warehouse fire", "a bridge closure", "a water main break", "a bus strike", "a landslide",
          "a chemical spill", "a power outage", "a ferry collision", "a hospital strike", "a grain shortage"]
WORDS = ("residents officials crews engineers families traders farmers drivers nurses teachers "
         "inspectors volunteers council budget repairs shelters roads schools markets trains ferries "
         "permits contracts inquiry warnings flooding damage recovery storage supplies clinics").split()
OUTLETS = ["Harbor Ledger", "Valley Courier", "Northern Wire Service", "Coastal Times", "Ridge Herald"]


def make_item(i: int, seed: int = 7) -> dict:
    rnd = random.Random(seed * 100_003 + i)
    place, person, role, event = rnd.choice(PLACES), rnd.choice(PEOPLE), rnd.choice(ROLES), rnd.choice(EVENTS)
    count = rnd.randint(3, 900)
    filler = " ".join(rnd.sample(WORDS, 8))
    text = (
        f"Authorities in {place} said on day {i % 28 + 1} that {event} had affected {count} households.\n\n"
        f"“We are doing everything we can,” said {person}, {role}, adding that {filler} remained a concern.\n\n"
        f"Item {i} of the regional digest: {' '.join(rnd.sample(WORDS, 12))}."
    )
    return {
        "id": f"item-{i:05d}",
        "source": OUTLETS[i % len(OUTLETS)],
        "title": f"{event.capitalize()} hits {place}",
        "date": f"2024-{i % 12 + 1:02d}-{i % 27 + 1:02d}",
        "url": f"https://news.example/{i}",
        "text": text,
    }


def write_jsonl(path: Path, n: int, start: int = 0) -> Path:
    with open(path, "w", encoding="utf-8") as out:
        for i in range(start, start + n):
            out.write(json.dumps(make_item(i), ensure_ascii=False) + "\n")
    return path
