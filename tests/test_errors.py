"""Coded messages (newstrail/errors.py): each reads with its code and fills its own fields."""

import re
import string

import pytest

from newstrail.errors import Errors, NewstrailError, about

CODES = [name for name in vars(Errors) if re.fullmatch(r"E\d{3}", name)]


def test_there_are_codes_and_no_message_is_used_twice():
    messages = [vars(Errors)[code] for code in CODES]
    assert CODES and len(set(messages)) == len(messages)


@pytest.mark.parametrize("code", CODES)
def test_a_message_reads_with_its_code_and_formats(code):
    fields = {name for _, name, _, _ in string.Formatter().parse(vars(Errors)[code]) if name}
    message = getattr(Errors, code).format(**{name: 12345 for name in fields})  # a number suits every format
    assert message.startswith(f"[{code}] ")
    assert "{" not in message and (not fields or re.search(r"12,?345", message))


def test_the_error_carries_its_code():
    exc = NewstrailError("E010", component="newstrail_quotes", setting="scare_max_words", least=0, value=-1)
    assert exc.code == "E010"
    assert str(exc) == "[E010] newstrail_quotes: setting 'scare_max_words' must be a whole number of at least 0, not -1"
    assert isinstance(exc, ValueError)


def test_other_attributes_read_as_written():
    assert Errors.__name__ == "Errors"


def test_no_two_codes_say_the_same_with_other_field_names():
    shapes = [re.sub(r"\{[^}]*\}", "{}", vars(Errors)[code]) for code in CODES]
    assert len(set(shapes)) == len(shapes)


@pytest.mark.parametrize("subjects, message, said", [
    (["https://ledger.example/a"], Errors.E161.format(status=404), "[E161] https://ledger.example/a: HTTP 404"),
    # a refusal met on a redirect keeps the code of what was refused; the listed URL comes first
    (["redirect to 'http://10.0.0.7/'", "https://ledger.example/a"],
     Errors.E158.format(host="10.0.0.7", reason="private", ip="10.0.0.7"),
     "[E158] https://ledger.example/a: redirect to 'http://10.0.0.7/': refused: 10.0.0.7 is a private address "
     "(10.0.0.7); not fetched without allow_private"),
])
def test_a_message_said_of_something_keeps_its_code_in_front(subjects, message, said):
    for subject in subjects:
        message = about(subject, message)
    assert message == said
