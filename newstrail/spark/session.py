"""The SparkSession newstrail runs in.

Local masters (``local``, ``local[N]``, ``local[*]``) are bound to the loopback interface: the
driver's host and bind address and ``SPARK_LOCAL_IP`` (which the JVM reads when it starts, so it
is set before the session) are 127.0.0.1, since test and build machines allow traffic on
loopback only, and the Python workers run this interpreter, which has newstrail installed. The
web UI is off (it would open a port for nothing). Any other master (``spark://``, ``yarn``,
``k8s://``) gets none of this: the cluster's own settings and ``spark-submit`` decide.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from pyspark.sql import SparkSession

LOOPBACK = "127.0.0.1"
DEFAULT_MASTER = "local[*]"


def is_local(master: str) -> bool:
    return master == "local" or master.startswith("local[")


def local_conf(master: str) -> dict[str, str]:
    """What a local master is configured with (see the module docstring)."""
    if not is_local(master):
        return {}
    return {
        "spark.driver.host": LOOPBACK,
        "spark.driver.bindAddress": LOOPBACK,
    }


def spark_session(master: str = DEFAULT_MASTER, app_name: str = "newstrail",
                  conf: dict[str, str] | None = None) -> SparkSession:
    """A session on ``master``; ``conf``: more Spark settings (they win over newstrail's)."""
    if is_local(master):  # read by the JVM and the Python worker launcher, before any conf
        os.environ["SPARK_LOCAL_IP"] = LOOPBACK
        os.environ["PYSPARK_PYTHON"] = sys.executable
    builder = SparkSession.builder.master(master).appName(app_name).config("spark.ui.enabled", "false")
    for key, value in {**local_conf(master), **(conf or {})}.items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


@contextmanager
def session(master: str = DEFAULT_MASTER, conf: dict[str, str] | None = None) -> Iterator[SparkSession]:
    """The active session if there is one (a caller's, e.g. under spark-submit or in tests), else
    a new one on ``master``, stopped afterwards: a command never stops a session it did not start."""
    active = SparkSession.getActiveSession()
    if active is not None:
        yield active
        return
    started = spark_session(master, conf=conf)
    try:
        yield started
    finally:
        started.stop()
