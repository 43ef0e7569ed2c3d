"""The article and carrier links a story page repeats (newstrail/web/render.py): built in Python
rather than as template macros, so they escape and cut their text themselves."""

import pytest
from markupsafe import Markup

from newstrail.link.records import Carrier
from newstrail.web.render import article_link, carrier

HOSTILE = '<script>alert("x")</script>&\x07'


@pytest.mark.parametrize("article_id, source, title, href, text", [
    ("k1", "Harbor Ledger", "Pier collapses", "/articles/k1?source=Harbor%20Ledger", "Pier collapses"),
    ("k/2?x=1", None, None, "/articles/k%2F2%3Fx%3D1", "k/2?x=1"),
    ("k3", "A&B", HOSTILE, "/articles/k3?source=A%26B",
     "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&amp;\ufffd"),
    ("k4", None, "w" * 200, "/articles/k4", "w" * 139 + "…"),
])
def test_an_article_link_is_escaped_and_cut(article_id, source, title, href, text):
    html = article_link(article_id, source, title)
    assert isinstance(html, Markup)
    assert html == f'<a href="{href}"><bdi>{text}</bdi></a>'


def test_a_carrier_escapes_every_part_and_says_what_it_lacks():
    bare = carrier(Carrier("k1", None, None, 0))
    assert "unknown outlet" in bare and "undated" in bare and '<span class="warn">no attribution</span>' in bare
    assert "via" not in bare
    given = carrier(Carrier("k2", HOSTILE, "2031-05-02", 1, attribution=HOSTILE, medium=HOSTILE))
    assert "<script>" not in given and given.count("&lt;script&gt;") == 3  # outlet, attribution, medium
    assert "attributed to <bdi>" in given and " · via <bdi>" in given and "\x07" not in given
