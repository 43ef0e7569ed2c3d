"""One name per person across the corpus (newstrail/link/speakers.py)."""

import pytest

from newstrail.link.speakers import canonical_speakers

NAMES = {"Ilona Varga", "Varga", "Mayor Ilona Varga", "Ilona", "Brandt", "Ivo Brandt", "Kai Brandt",
         "Piet Loran", "Loran", "Ada Moss", "Moss", "Councillor Ada Moss", "Governor Ada Moss", "Orla"}


@pytest.mark.parametrize("name, person", [
    ("Varga", "Varga"),  # ends both "Ilona Varga" and "Mayor Ilona Varga": not told apart
    ("Ilona", "Ilona Varga"),  # begins only "Ilona Varga" ("Mayor Ilona Varga" has it inside)
    ("Ilona Varga", "Mayor Ilona Varga"),  # the only longer name ending with it
    ("Brandt", "Brandt"),  # two Brandts
    ("Loran", "Piet Loran"),
    ("Ada Moss", "Ada Moss"),  # a councillor and a governor: two longer names
    ("Orla", "Orla"),  # nobody longer
    ("Mayor Ilona Varga", "Mayor Ilona Varga"),
])
def test_each_name_maps_to_the_one_longer_name_it_stands_for(name, person):
    assert canonical_speakers(NAMES)[name] == person


def _by_search(names):
    """The rule as a search over every pair of names."""
    full = [n for n in names if len(n.split()) > 1]
    out = {}
    for name in names:
        if len(name.split()) == 1:
            found = {f for f in full if f.split()[-1] == name or f.split()[0] == name}
        else:
            found = {f for f in full if f != name and f.endswith(" " + name)}
        out[name] = found.pop() if len(found) == 1 else name
    return out


@pytest.mark.parametrize("extra", [set(), {"Ilona Varga-Kiss", "Kiss"}, {"Dr Piet Loran", "Varga Ilona"}])
def test_the_index_gives_what_a_search_over_every_pair_gives(extra):
    names = NAMES | extra
    assert canonical_speakers(names) == _by_search(names)
