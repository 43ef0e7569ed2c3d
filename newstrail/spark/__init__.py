"""newstrail on Apache Spark: ``spark ingest`` (``ingest.py``) writes the Parquet dataset described
in ``schema.py``; ``load.py`` bulk-loads one into a store. Needs the ``spark`` extra (PySpark and
a Java runtime); only the CLI imports it, and ``load.py`` (reading a dataset) needs pyarrow only.
"""
