"""newstrail on Apache Spark: ``spark ingest`` (``ingest.py``) writes the Parquet dataset described
in ``schema.py``; ``load.py`` bulk-loads one into a store. Needs the ``spark`` extra (PySpark and
a Java runtime); nothing else in newstrail imports this package.
"""
