"""Readers of lists shared by the API and page tests: an API list walked to its end by its own
cursors, and a page table's column and sorted headers, as a user's client would read them."""

from __future__ import annotations


def walk(client, path: str, **params) -> tuple[list[dict], list]:
    """Every item of an API list two at a time, and the cursors it gave."""
    items, cursors, after = [], [], None
    while True:
        body = client.get(path, params={"limit": 2, **params, **({"after": after} if after is not None else {})})
        assert body.status_code == 200, body.text
        items += body.json()["items"]
        after = body.json()["next"]
        if after is None:
            return items, cursors
        cursors.append(after)


def column(page, name: str) -> list[str]:
    """The texts of one column of a page's list table (cells carry their column's label)."""
    return [t.strip() for t in page.locator(f"table.rows tbody td[data-label='{name}']").all_inner_texts()]


def sorted_by(page) -> dict[str, str]:
    """Header text -> its aria-sort, for the headers that have one."""
    heads = page.locator("table.rows thead th[aria-sort]")
    return {h.locator("a").inner_text().split()[0]: h.get_attribute("aria-sort") for h in heads.all()}
