"""Coded messages (newstrail/errors.py): each reads with its code and fills its own fields."""

import re
import string

import pytest

from newstrail.errors import Errors, NewstrailError

CODES = [name for name in vars(Errors) if re.fullmatch(r"E\d{3}", name)]


def test_there_are_codes_and_no_message_is_used_twice():
    messages = [vars(Errors)[code] for code in CODES]
    assert CODES and len(set(messages)) == len(messages)


@pytest.mark.parametrize("code", CODES)
def test_a_message_reads_with_its_code_and_formats(code):
    fields = {name for _, name, _, _ in string.Formatter().parse(vars(Errors)[code]) if name}
    message = getattr(Errors, code).format(**{name: "FILLED" for name in fields})
    assert message.startswith(f"[{code}] ")
    assert "{" not in message and (not fields or "FILLED" in message)


def test_the_error_carries_its_code():
    exc = NewstrailError("E010", component="newstrail_quotes", setting="scare_max_words", least=0, value=-1)
    assert exc.code == "E010"
    assert str(exc) == "[E010] newstrail_quotes: setting 'scare_max_words' must be a whole number of at least 0, not -1"
    assert isinstance(exc, ValueError)


def test_other_attributes_read_as_written():
    assert Errors.__name__ == "Errors"
