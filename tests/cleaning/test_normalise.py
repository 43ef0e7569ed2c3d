import pytest

from newstrail.cleaning.normalise import fold, folded_names, normalise_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Cafe\u0301 owners met.", "Caf\u00e9 owners met."),  # NFC
        ("\u201cWe will rebuild,\u201d she said. It\u2019s done.", "\u201cWe will rebuild,\u201d she said. It\u2019s done."),
        ("The\u00a0mayor\u2009spoke\u202fbriefly.", "The mayor spoke briefly."),
        ("zero\u200bwidth\u200d and\ufeff soft\u00adhyphen", "zerowidth and softhyphen"),
        ("bell\x07 and\x1b escape\x7f", "bell and escape"),
        ("line one   \r\nline two\t\t\r\n", "line one\n\nline two"),
        ("para one\n\n\n\n\npara two", "para one\n\npara two"),
        ("para one\npara two", "para one\n\npara two"),
        ("  indented  with   runs  ", "indented with runs"),
        ("a\u2028b\u2029c", "a\n\nb\n\nc"),
        ("\n\n \u00a0\n", ""),
    ],
)
def test_normalise_text(raw, expected):
    assert normalise_text(raw) == expected


@pytest.mark.parametrize("raw", ["One.\n\n\nTwo\u00a0 three\r\n", "\u201cQuoted\u201d\n \nText"])
def test_normalise_is_idempotent(raw):
    once = normalise_text(raw)
    assert normalise_text(once) == once


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Zoë Ågren", "zoe agren"),
        ("ŠOJGU", "sojgu"),
        ("Nguyễn Văn", "nguyen van"),
        ("e\u0301clair", "eclair"),  # a combining accent, not a precomposed letter
        ("Straße", "strasse"),  # casefold, not lower
        ("Ørsted", "ørsted"),  # no decomposition: kept
        ("plain", "plain"),
    ],
)
def test_fold(raw, expected):
    assert fold(raw) == expected


def test_folded_names_keeps_each_name_once_in_order():
    assert folded_names(["Zoë Ågren", "Mayor Zoë Ågren", "ZOE AGREN"]) == "zoe agren | mayor zoe agren"
