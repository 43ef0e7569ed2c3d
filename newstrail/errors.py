"""newstrail's error and note messages, each under a code that never changes.

A code names one kind of failure for good: a user can search for "E001" in a log or an
article's notes, a caller can branch on ``NewstrailError.code``, and the wording can improve
without breaking either. Reading a code from ``Errors`` gives its message with the code in
front ("[E001] ..."); ``.format`` fills the named fields. A new message takes the next free
code; a retired code is never reused.
"""

from __future__ import annotations

import re

_CODE = re.compile(r"E\d{3}")


class _Coded(type):
    """Puts each message's own code in front of it when it is read."""

    def __getattribute__(cls, name: str):
        message = super().__getattribute__(name)
        return f"[{name}] {message}" if _CODE.fullmatch(name) else message


class Errors(metaclass=_Coded):
    # notes on an article that was kept without some output (it stays in the batch)
    E001 = "{component} failed on this article ({error}); its output is missing"
    E002 = "the tokenizer failed on this article ({error})"
    E003 = "the parse failed on this article ({error}); nothing was extracted"
    # components: settings given through the spaCy config (nlp.add_pipe(name, config=...))
    E010 = "{component}: setting {setting!r} must be a whole number of at least {least}, not {value!r}"


class NewstrailError(ValueError):
    """An error raised with a coded message; ``code`` ("E010") says which one."""

    def __init__(self, code: str, **fields) -> None:
        self.code = code
        super().__init__(getattr(Errors, code).format(**fields))
