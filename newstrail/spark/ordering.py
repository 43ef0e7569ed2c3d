"""Input order across partitions without a sampling pass.

A global sort (``orderBy``, ``sortByKey``) first samples its input to choose range boundaries,
which runs the whole lineage once more. The positions of ``spark ingest`` (file number << 32 |
record number) say enough to cut without sampling: per file, how many records and the highest
record number; records are taken as spread evenly over a file's numbers. The cuts are exact
about order (partition k holds only positions below partition k+1's) and about even in size.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from newstrail.spark.schema import FILE_SHIFT

Span = tuple[int, int]  # (records, highest record number) of one file
_RECORD = (1 << FILE_SHIFT) - 1


def spans(positions: Iterable[int]) -> Iterator[tuple[int, Span]]:
    """(file number, span) of the positions of one partition."""
    out: dict[int, Span] = {}
    for position in positions:
        count, last = out.get(position >> FILE_SHIFT, (0, 0))
        out[position >> FILE_SHIFT] = (count + 1, max(last, position & _RECORD))
    return iter(out.items())


def merge(a: Span, b: Span) -> Span:
    return a[0] + b[0], max(a[1], b[1])


def cuts(files: dict[int, Span], partitions: int) -> list[int]:
    """Sorted positions that cut the records of ``files`` into at most ``partitions`` ranges of
    about equal size; partition k holds the positions p with ``bisect_right(cuts, p) == k``."""
    total = sum(count for count, _ in files.values())
    if total == 0 or partitions <= 1:
        return []
    step = total / partitions
    out: list[int] = []
    seen, cut = 0, step
    for number in sorted(files):
        count, last = files[number]
        while len(out) < partitions - 1 and seen + count > cut:
            within = int((cut - seen) * (last + 1) / count)  # record numbers run 0..last
            position = number << FILE_SHIFT | within
            if not out or position > out[-1]:
                out.append(position)
            cut += step
        seen += count
    return out
