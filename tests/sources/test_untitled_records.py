"""Records without a title take it from a headline-like first line, as text files do."""

import csv
import json

import pytest

from newstrail.records import InputArticle
from newstrail.sources import read_inputs
from newstrail.sources.tables import TITLE_NOTE

HEADLINED = "Ferry Service to Orlen Island Resumes After Storm\n\nThe first ferry left Carrow at dawn on Monday."
CASES = [
    # (record fields, expected title, expected text)
    ({"id": "a", "text": HEADLINED}, "Ferry Service to Orlen Island Resumes After Storm",
     "The first ferry left Carrow at dawn on Monday."),
    ({"id": "b", "text": HEADLINED, "title": ""}, "Ferry Service to Orlen Island Resumes After Storm",
     "The first ferry left Carrow at dawn on Monday."),
    ({"id": "c", "text": HEADLINED, "title": "Ferries Back"}, "Ferries Back", HEADLINED),
    # a first paragraph that ends like a sentence is body, not a headline
    ({"id": "d", "text": "The ferry resumed on Monday.\n\nIt was full."}, None, "The ferry resumed on Monday.\n\nIt was full."),
    # no blank line after the first line: no headline
    ({"id": "e", "text": "Ferry resumes\nThe first ferry left at dawn."}, None, "Ferry resumes\nThe first ferry left at dawn."),
    # a headline with nothing after it stays the text
    ({"id": "f", "text": "Ferry Service Resumes\n\n"}, None, "Ferry Service Resumes\n\n"),
]  # fmt: skip


def _write(path, records):
    if path.suffix == ".jsonl":
        path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        return
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=["id", "title", "text"])
        writer.writeheader()
        writer.writerows({"title": "", **r} for r in records)


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
@pytest.mark.parametrize("record, title, text", CASES)
def test_title_from_first_line(tmp_path, suffix, record, title, text):
    path = tmp_path / f"corpus{suffix}"
    _write(path, [record])
    [item] = list(read_inputs([str(path)]))
    assert isinstance(item, InputArticle)
    assert (item.title, item.text) == (title, text)
    assert (TITLE_NOTE in item.notes) == (title is not None and not record.get("title"))
