"""Full-text conditions: the words of a user's search, matched with stemming and folded accents
(SQLite FTS5 tables, PostgreSQL tsvector columns; see DEVELOPERS.md, "Corpus linking"), and
the case-insensitive substring match the other filters use."""

from __future__ import annotations

import re

from sqlalchemy import and_, func, literal_column, or_, select, text

from newstrail.store.schema import articles, quotes

_TOKEN = re.compile(r"[^\W_]+")


def search_terms(search: str | None) -> list[str]:
    """The words of a user's search: runs of letters/digits, everything else dropped, so
    no FTS operator, quote or SQL fragment ever reaches the query."""
    return _TOKEN.findall(search or "")


def _like_pattern(value: str) -> str:
    escaped = value.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def contains(column, value: str):
    """Case-insensitive substring match, with LIKE wildcards in ``value`` taken literally."""
    return func.lower(column).like(_like_pattern(value), escape="\\")


def text_match(dialect: str, terms: list[str], table=articles):
    """A WHERE clause: the article's title or text (or the quote's text, ``table=quotes``)
    contains every term (stemmed, accents folded)."""
    key, name = (articles.c.pk, "articles") if table is articles else (quotes.c.id, "quotes")
    if dialect == "sqlite":
        match = " ".join(f'"{t}"' for t in terms)  # terms are letters/digits only
        return key.in_(
            select(literal_column("rowid"))
            .select_from(text(f"{name}_fts"))
            .where(text(f"{name}_fts MATCH :{name}_fts").bindparams(**{f"{name}_fts": match}))
        )
    if dialect == "postgresql":
        return text(f"{name}.search_tsv @@ plainto_tsquery('newstrail_english', :{name}_fts)").bindparams(
            **{f"{name}_fts": " ".join(terms)}
        )
    return and_(*(contains(table.c.text, t) for t in terms))


def speaker_match(dialect: str, terms: list[str]):
    """Each term begins a word of the quote's resolved speaker or speaker entity ("ezra",
    "varn fire", "nor" find "Ezra Pike", "Varn Fire Service", "Nora Falk"), through the
    speaker full-text index, accents and case folded ("zoe" finds "Zoë")."""
    if dialect == "sqlite":
        match = " ".join(f'"{t}"*' for t in terms)  # terms are letters/digits only
        return quotes.c.id.in_(
            select(literal_column("rowid"))
            .select_from(text("quote_speakers_fts"))
            .where(text("quote_speakers_fts MATCH :speaker_fts").bindparams(speaker_fts=match))
        )
    if dialect == "postgresql":
        return text("quotes.speaker_tsv @@ to_tsquery('newstrail_names', :speaker_fts)").bindparams(
            speaker_fts=" & ".join(f"{t}:*" for t in terms)
        )
    return and_(*(or_(contains(quotes.c.speaker_resolved, t), contains(quotes.c.speaker_entity, t)) for t in terms))
