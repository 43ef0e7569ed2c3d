"""The one SparkSession of the Spark tests: ``local[2]`` bound to loopback (the test machines allow
no other traffic), web UI off, two shuffle partitions (the inputs are a few articles). Session
scoped: starting the JVM takes seconds. Code under test that asks for a session
(``newstrail.spark.session.session``, which the CLI uses) gets this one and leaves it running.
"""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def spark():
    from newstrail.spark.session import spark_session

    session = spark_session("local[2]", app_name="newstrail-tests", conf={
        "spark.sql.shuffle.partitions": "2",
        "spark.default.parallelism": "2",
        "spark.ui.showConsoleProgress": "false",
    })
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
