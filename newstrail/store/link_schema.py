"""Corpus-linking tables (issue 5) on the store's ``metadata``; migration ``0002_links``.

They hold what ``newstrail.link`` computes, so the CLI/API read it back without re-linking:

- ``stories`` / ``story_articles``: each article in at most one story (``article_pk`` is the
  primary key), with its similarity when it joined and ``copy_of_pk`` for wire copies.
- ``quote_clusters`` / ``quote_cluster_members``: the same quote in several articles; a member
  points at the article's quote by ``(article_pk, quote_idx)`` (``quotes.idx``).
- ``figure_series`` / ``figure_series_members``: every figure for one thing (counted, event,
  location) within a story; members point at ``(article_pk, figure_idx)`` (``figures.idx``).
- ``figure_matches``: pairwise agree / conflict / scope comparisons.
- ``provenance``: one row per quote cluster or figure series (``target``); ``data`` is
  ``Provenance.to_dict()`` (carriers, dropped attributions and media).
- ``exclusive_details``: details only one outlet of a story carries.
- ``speakers``: one row per person quoted across the corpus (``newstrail.link.speakers``).
- ``link_state``, ``link_terms``, ``link_stories``: the incremental story linker between runs,
  so new articles attach to existing stories without re-clustering, as rows of plain data
  (``newstrail.link.state``; never a pickle, migration ``0005`` drops those): its knobs and
  numbers (``link_state`` row ``stories``: a header then JSON), each term's document frequency
  and posting (keyed by a digest of the term), each story's members, days and centroid; a
  later link reads the rows its new articles touch. Beside them the link's mark (``link_state``
  row ``corpus``, a small JSON object: the articles table as the link saw it and the digest of
  the ``stories`` row, ``Store.corpus_mark``), by which a later link with nothing new does
  nothing.
- ``story_features``: each article's story features as last made (``newstrail.link.cache``),
  read back by a later link under the digest they were made with instead of made again.

Records are also kept whole in ``data`` (their ``to_dict()``), so reading a story back
needs no re-linking; the other columns are for filtering and joins.

String ids are the linker's (``s12``, ``q3``, ``fs2``, ``f4``); a full link replaces them all, a
later link keeps the stored ones and numbers what it adds after the highest.
"""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, Float, ForeignKey, Index, Integer, LargeBinary, String, Table, Text

from newstrail.store.schema import metadata


def _article(name: str = "article_pk", nullable: bool = False, primary_key: bool = False) -> Column:
    return Column(name, Integer, ForeignKey("articles.pk", ondelete="CASCADE"), nullable=nullable,
                  primary_key=primary_key, index=not primary_key)


stories = Table(
    "stories",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("mode", String(32), nullable=False),  # tfidf | tfidf+embeddings
    Column("first_published", String(32), index=True),
    Column("last_published", String(32)),
    Column("article_count", Integer, nullable=False, default=0),
    Column("outlet_count", Integer, nullable=False, default=0),    Column("data", JSON, nullable=False),  # the record's to_dict()
)

story_articles = Table(
    "story_articles",
    metadata,
    _article(primary_key=True),
    Column("story_id", String(32), ForeignKey("stories.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("similarity", Float, nullable=False),
    _article("copy_of_pk", nullable=True),
)

quote_clusters = Table(
    "quote_clusters",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("text", Text, nullable=False),
    Column("speakers", JSON, nullable=False),
    Column("speaker_conflict", Boolean, nullable=False),    Column("data", JSON, nullable=False),  # the record's to_dict()
)

quote_cluster_members = Table(
    "quote_cluster_members",
    metadata,
    Column("cluster_id", String(32), ForeignKey("quote_clusters.id", ondelete="CASCADE"), primary_key=True),
    Column("article_pk", Integer, ForeignKey("articles.pk", ondelete="CASCADE"), primary_key=True),
    Column("quote_idx", Integer, primary_key=True),
    Column("partial", Boolean, nullable=False),
    Column("similarity", Float, nullable=False),
)

figure_series = Table(
    "figure_series",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("story_id", String(32), ForeignKey("stories.id", ondelete="CASCADE"), index=True),
    Column("counted", Text, nullable=False),
    Column("event", Text, nullable=False),
    Column("location", Text, nullable=False),
    Column("conflict", Boolean, nullable=False),
    Column("scope_related", JSON, nullable=False),    Column("data", JSON, nullable=False),  # the record's to_dict()
)

figure_series_members = Table(
    "figure_series_members",
    metadata,
    Column("series_id", String(32), ForeignKey("figure_series.id", ondelete="CASCADE"), primary_key=True),
    Column("article_pk", Integer, ForeignKey("articles.pk", ondelete="CASCADE"), primary_key=True),
    Column("figure_idx", Integer, primary_key=True),
    Column("medium", Text),
)

# where a listed quote or figure leads (``Store.quote_places``), and a story's clusters, look the
# members up by article: without these every lookup scanned the members (migration 0007)
Index("ix_quote_cluster_members_article", quote_cluster_members.c.article_pk, quote_cluster_members.c.quote_idx)
Index("ix_figure_series_members_article", figure_series_members.c.article_pk, figure_series_members.c.figure_idx)

figure_matches = Table(
    "figure_matches",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("kind", String(16), nullable=False, index=True),  # agree | conflict | scope
    Column("note", Text, nullable=False),
    Column("thing", JSON, nullable=False),
    _article("a_article_pk"),
    Column("a_figure_idx", Integer, nullable=False),
    _article("b_article_pk"),
    Column("b_figure_idx", Integer, nullable=False),    Column("data", JSON, nullable=False),  # the record's to_dict()
)

provenance = Table(
    "provenance",
    metadata,
    Column("target", String(32), primary_key=True),  # a quote cluster or figure series id
    Column("kind", String(16), nullable=False),  # quote | figure
    _article("earliest_article_pk"),
    Column("origin_medium", Text),
    Column("attribution", Text),
    Column("dropped_count", Integer, nullable=False, default=0),
    Column("data", JSON, nullable=False),
)

exclusive_details = Table(
    "exclusive_details",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("story_id", String(32), ForeignKey("stories.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("kind", String(16), nullable=False),  # figure | quote
    _article(),
    Column("target", String(32)),
    Column("text", Text, nullable=False),
)

link_state = Table(
    "link_state",
    metadata,
    Column("name", String(32), primary_key=True),  # "stories": the story linker; "corpus": the link's mark
    Column("data", LargeBinary, nullable=False),  # link.state.encode_meta: header + JSON
)

link_terms = Table(
    "link_terms",
    metadata,
    Column("key", LargeBinary(16), primary_key=True),  # link.state.term_key: digest of the term
    Column("df", Integer, nullable=False),  # articles holding the term
    Column("stories", Text),  # JSON list of the story ids indexed under it (most recent last)
    sqlite_with_rowid=False,  # looked up by key a million times a link: one B-tree, not two
)

story_features = Table(
    "story_features",
    metadata,
    _article(primary_key=True),  # removing the article drops its row
    Column("digest", String(32), nullable=False),  # link.cache.digest: what they were made with
    Column("data", LargeBinary, nullable=False),  # link.cache.encode: zlib-compressed JSON
)

link_stories = Table(
    "link_stories",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("first_day", Integer),  # days (proleptic ordinal) of its earliest and latest dated member
    Column("last_day", Integer),
    Column("members", Text, nullable=False),  # JSON list of StoryArticle objects
    Column("data", Text, nullable=False),  # JSON: centroid, embedding sum, cached norms
)

speakers = Table(
    "speakers",
    metadata,
    Column("name", String(300), primary_key=True),  # one person across the corpus
    Column("quotes", Integer, nullable=False, index=True),
    Column("articles", Integer, nullable=False),
    Column("data", JSON, nullable=False),  # link.speakers.Speaker.to_dict()
    Column("search_key", Text, nullable=False, server_default=""),  # Speaker.search_key()
)
