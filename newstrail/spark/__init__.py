"""newstrail on Apache Spark: ``spark ingest`` (``ingest.py``) writes the Parquet dataset described
in ``schema.py``; ``link.py`` (``spark link``: stories, quotes and speakers in ``stories.py``,
``quotes.py``, ``speakers.py``, components in ``graph.py``) adds the link tables of ``tables.py``;
``load.py`` bulk-loads a dataset into a store. Needs the ``spark`` extra (PySpark and
a Java runtime); only the CLI imports it, and ``load.py`` (reading a dataset) needs pyarrow only.
"""
