"""An article's story features held compactly (``link.features.Counts``): a read-only mapping
that gives back what was counted, in counting order, through every way linking reads it."""

import pickle

import pytest

from newstrail.link.features import Counts, features_from_text
from newstrail.link.weighting import present, sublinear_unit

COUNTED = {"w:harbour": 2.0, "e:ottmar": 1.5, "q:we will rebuild": 0.5, "w:gone": 0.0}


def test_counts_give_back_what_was_counted_in_order():
    counts = Counts(COUNTED)
    assert list(counts) == list(COUNTED)
    assert list(counts.items()) == list(COUNTED.items())
    assert list(counts.values()) == list(COUNTED.values())
    assert (len(counts), counts["e:ottmar"], counts.get("w:absent"), "w:gone" in counts) == (4, 1.5, None, True)
    assert counts == COUNTED
    with pytest.raises(KeyError):
        counts["w:absent"]


def test_counts_are_read_only_and_survive_pickling():
    counts = Counts(COUNTED)
    with pytest.raises(TypeError):
        counts["w:harbour"] = 3.0
    back = pickle.loads(pickle.dumps(counts))  # Spark ships features between processes
    assert isinstance(back, Counts) and list(back.items()) == list(COUNTED.items())


def test_weighting_reads_counts_as_it_reads_a_dict():
    assert list(present(Counts(COUNTED))) == list(present(COUNTED))
    assert sublinear_unit(Counts(COUNTED)) == sublinear_unit(COUNTED)


def test_feature_names_are_shared_between_articles():
    a = features_from_text((None, "a"), "Harbour workers walked out in Ottmar on Monday.")
    b = features_from_text((None, "b"), "In Ottmar, harbour workers walked out again.")
    shared = set(a.counts) & set(b.counts)
    assert shared
    of_b = {t: t for t in b.counts}
    assert all(of_b[t] is t for t in a.counts if t in shared)  # one string, not a copy per article


FEATURE_ORDER = """
import json
from newstrail.cli.main import sample_inputs
from newstrail.link.features import features_from_text
out = [list(features_from_text((i.source, i.id), i.text, title=i.title, published=i.published).counts.items())
       for i in sample_inputs()]
print(json.dumps(out))
"""


def test_features_come_in_one_order_whatever_the_string_hashing():
    """An article's features are summed in their order, and stored features are read back
    instead of made again (``link.cache``): the order must not follow a set's, which changes
    with each process's string hashing."""
    import os
    import subprocess
    import sys

    runs = [subprocess.run([sys.executable, "-c", FEATURE_ORDER], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2", "3")]
    assert runs[0] == runs[1] == runs[2] and len(runs[0]) > 1000
