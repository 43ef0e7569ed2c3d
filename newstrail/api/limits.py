"""What one analysis request may cost the server: its text, its time, how many run at once.

Analysis (``POST /analyze``, ``/analyze/file``, the analyse page), with the reading of an
upload (extracting an HTML page can take a second), runs in a thread pool of its own, never on
the event loop, so reads are answered while it runs. ``AnalysisGate.check_size`` refuses more
than ``analyze_chars`` characters of text in one request (413); ``AnalysisGate.run``:

* admits at most ``analyze_concurrency`` analyses at once, running or waiting for the parser,
  and answers 503 with ``Retry-After`` at once when they are all taken, so one client cannot
  queue work that every other client then waits behind;
* waits at most ``analyze_seconds`` for the result (503 with ``Retry-After`` after that).

A thread cannot be stopped: an analysis that outlives its request finishes in the background
and holds its slot until then (the text limit bounds how long that is); one that has not
started by then is skipped (``abandoned``).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import TypeVar

from fastapi import HTTPException

from newstrail.config import SETTINGS, ApiLimits
from newstrail.records import InputArticle

T = TypeVar("T")


class AnalysisGate:
    def __init__(self, limits: ApiLimits):
        self.limits = limits
        self._slots = threading.BoundedSemaphore(limits.analyze_concurrency)
        self._pool = ThreadPoolExecutor(limits.analyze_concurrency, thread_name_prefix="newstrail-analysis")

    @property
    def retry_after(self) -> dict[str, str]:
        """Retry once a running analysis has had its time."""
        return {"Retry-After": str(math.ceil(self.limits.analyze_seconds))}

    def check_size(self, items: list[InputArticle]) -> None:
        chars = sum(len(item.text) for item in items)
        if chars > self.limits.analyze_chars:
            raise HTTPException(413, f"{chars:,} characters of article text; this server analyses at most "
                                     f"{self.limits.analyze_chars:,} in one request "
                                     f"(${SETTINGS['api.analyze_chars'].variable})")

    def run(self, work: Callable[[threading.Event], T]) -> T:
        """``work(abandoned)`` within the limits; blocks, so call it from a worker thread. ``abandoned``
        is set when the request has stopped waiting: work not yet started should not start."""
        if not self._slots.acquire(blocking=False):
            raise HTTPException(503, f"the server is busy: {self.limits.analyze_concurrency} analyses are running or "
                                     f"waiting (${SETTINGS['api.analyze_concurrency'].variable}); try again later",
                                headers=self.retry_after)
        abandoned = threading.Event()
        try:
            future = self._pool.submit(work, abandoned)
        except BaseException:
            self._slots.release()
            raise
        future.add_done_callback(lambda _: self._slots.release())
        try:
            return future.result(timeout=self.limits.analyze_seconds)
        except FutureTimeout:
            abandoned.set()
            raise HTTPException(503, f"the analysis took longer than {self.limits.analyze_seconds:g} s "
                                     f"(${SETTINGS['api.analyze_seconds'].variable}); try again later or send less text",
                                headers=self.retry_after) from None
