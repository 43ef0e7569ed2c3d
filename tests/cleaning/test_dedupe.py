import pytest

from newstrail.cleaning.dedupe import NearDuplicateIndex, content_hash, minhash_signature

STORY = """By Lena Harrow, Coastal Wire

The ferry operator on Orlan island said on Monday it would cut winter sailings by a third after fuel costs rose for a second year, leaving residents with two crossings a day until March.

The company, Orlan Sound Lines, said the change would save about 1.2 million crowns and that the larger of its two vessels would go into dry dock for an overdue engine refit.

Residents packed the village hall on Sunday evening to hear the plan. Several shopkeepers said deliveries of fresh food already arrive late on the first boat and would now come only every second day.

"We understand the frustration, and we will review the timetable in January," chief executive Pavel Strom told the meeting, adding that emergency crossings for medical cases would not be affected.

The island council has asked the regional transport authority for a subsidy to restore the third daily sailing. A decision is expected before the end of the month, a council spokeswoman said.

Orlan has about 2,400 permanent residents, a number that roughly doubles in the summer when holiday homes fill up. Tourism accounts for nearly half of local jobs, according to the council's latest economic survey.

The operator last reduced its timetable in 2019, when a strike by deck crews halted services for nine days and stranded dozens of visitors on the island."""

WIRE_COPY = (
    STORY.replace("By Lena Harrow, Coastal Wire", "From staff and wire reports")
    .replace(
        "Several shopkeepers said deliveries of fresh food already arrive late on the first boat",
        "Shop owners complained that fresh food deliveries already come late on the first boat",
    )
)

OTHER_STORY = """By Tomas Veld, Harbour Post

Fuel prices have become the main worry for island communities along the northern coast this winter, according to a survey of local councils published on Monday.

Of the eleven councils that answered, nine said transport costs had risen faster than household incomes, and six reported that at least one ferry or bus route had been reduced since the summer.

The survey's author, economist Ada Lintz, said small islands were most exposed because a single operator usually carries both passengers and freight. "When the boat stops, everything stops," she said.

On Orlan, where the ferry operator plans to cut winter sailings, the council is seeking a subsidy from the regional transport authority. Other islands are considering shared purchasing of fuel.

The regional government said it would publish a transport plan in the spring and that no route would be closed without consultation with residents."""


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("The  Mayor said\nno.", "the mayor SAID no.", True),
        ("The mayor said no.", "The mayor said yes.", False),
        (STORY, STORY + "\n", True),
    ],
)
def test_content_hash(a, b, same):
    assert (content_hash(a) == content_hash(b)) is same
    assert len(content_hash(a)) == 64


def test_signature_is_bytes_and_deterministic():
    sig = minhash_signature(STORY)
    assert isinstance(sig, bytes) and len(sig) == 128 * 4
    assert minhash_signature(STORY) == sig


@pytest.mark.parametrize(
    ("other", "expect_match"),
    [
        (WIRE_COPY, True),  # different byline, one edited sentence
        (STORY, True),
        (OTHER_STORY, False),  # same topic, different story
    ],
)
def test_near_duplicate_index(other, expect_match):
    index = NearDuplicateIndex(threshold=0.8)
    index.add(("Coastal Wire", "orlan-1"), minhash_signature(STORY))
    index.add(("Harbour Post", "unrelated"), minhash_signature("A cat sat on the harbour wall all afternoon."))
    hits = index.query(minhash_signature(other))
    assert [key for key, _ in hits] == ([("Coastal Wire", "orlan-1")] if expect_match else [])
    assert all(score >= 0.8 for _, score in hits)


def test_adding_a_key_twice_is_harmless():
    index = NearDuplicateIndex()
    index.add("a", minhash_signature(STORY))
    index.add("a", minhash_signature(STORY))
    assert len(index) == 1
    assert [key for key, _ in index.query(minhash_signature(WIRE_COPY))] == ["a"]
