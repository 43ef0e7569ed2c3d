"""The one SparkSession of the Spark tests: ``local[2]`` bound to loopback (the test machines allow
no other traffic), web UI off, two shuffle partitions (the inputs are a few articles). Session
scoped: starting the JVM takes seconds. Code under test that asks for a session
(``newstrail.spark.session.session``, which the CLI uses) gets this one and leaves it running.
"""

from __future__ import annotations

from importlib import util
from pathlib import Path

import pytest

# pytest imports every folder's conftest.py as the module "conftest"; once this one is imported,
# `from conftest import _pg_admin_engine` (tests/cli, tests/reliability, the equivalence test)
# would find it instead of tests/conftest.py, so it hands that helper on.
_spec = util.spec_from_file_location("newstrail_tests_root_conftest", Path(__file__).resolve().parents[1] / "conftest.py")
_root = util.module_from_spec(_spec)
_spec.loader.exec_module(_root)
_pg_admin_engine = _root._pg_admin_engine


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
