"""Invented news items in bulk, for ingest tests that need thousands of distinct articles.

Every item is made from a seeded choice of invented places, people and events, so two
items share little wording beyond the frame (no accidental near duplicates).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

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
