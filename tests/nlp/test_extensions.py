"""Doc extensions and the records they carry across processes (newstrail/nlp/extensions.py)."""

import pytest

from newstrail import records

ARTICLES = [
    "Harbour master Ilse Brandt said 40 boats were stranded in Port Avel on Tuesday. "
    "\"Nobody leaves until the storm passes,\" she said.",
    "About 1,200 people were evacuated from Kessa, officials said, allegedly without warning.",
]


@pytest.mark.parametrize("attr, record", [
    ("quotes", records.Quote), ("figures", records.Figure), ("sourcing", records.Sourcing),
])
def test_records_survive_spacys_own_worker_processes(nlp, attr, record):
    """Users may run newstrail's components under ``nlp.pipe(n_process=...)``; the records on
    the Doc come back as the same typed records, through the msgpack hook."""
    def docs():
        for text in ARTICLES:
            doc = nlp.make_doc(text)
            doc._.published = "2031-03-04"
            yield doc

    alone = [getattr(d._, attr) for d in nlp.pipe(docs())]
    forked = [getattr(d._, attr) for d in nlp.pipe(docs(), n_process=2)]
    assert forked == alone
    values = [v for out in forked for v in (out if isinstance(out, list) else [out])]
    assert values and all(isinstance(v, record) for v in values)
