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
    E011 = "{component}: setting {setting!r} must be a number from {least} to {most}, not {value!r}"

    # inputs the readers (newstrail/sources) cannot use: each becomes an InputError at its
    # file, line, record or URL, and the rest of the batch is read
    # -- files and directories
    E101 = "not a regular file"
    E102 = "no such file or directory"
    E103 = "no files in directory (hidden files are skipped)"
    E104 = "unreadable directory: {error}"
    E105 = "unreadable: {error}"
    E106 = "too large: {size:,} bytes > limit {limit:,}"
    E107 = "too large: over {limit:,} bytes after decompression > limit {limit:,}"
    E108 = "too large: over {limit:,} bytes > limit {limit:,}"
    E109 = "too large: a line longer than the limit of {limit:,} bytes"
    E110 = "binary file ({kind}), not text"
    E111 = "undecodable: not UTF-8 and no known encoding fits"
    E112 = "undecodable as {codec}: {error}"
    E113 = "undecodable: {what}, and no known encoding fits"
    # -- text and HTML pages
    E120 = "empty article: no text"
    E121 = "binary file ({kind}), not HTML"
    E122 = "empty HTML page"
    E123 = "HTML page too complex to extract: {tags:,} tags (limit {limit:,})"
    E124 = "malformed HTML: {error}"
    E125 = "no article text found in HTML"
    # -- record files (JSONL, CSV) and WARC archives
    E130 = "no records: the file is empty"
    E131 = "no records: only a header row"
    E132 = "truncated or corrupt file: {error}"
    E133 = "no text in record (column {column!r} missing or empty)"
    E134 = "too large: {size:,} characters > limit {limit:,}"
    E135 = "broken JSON line: {problem} (column {column})"
    E136 = "JSON line is a {kind}, not an object"
    E137 = "no text column: the header has {names!r}; expected one named text, body or content"
    E138 = "broken CSV row: {fields} fields, header has {expected}"
    E139 = "broken CSV quoting: {error}"
    E140 = ("broken CSV quoting: a quote opened on line {first} does not close properly ({error}, line {last}); "
            "{again}")
    E141 = "truncated or corrupt WARC: {error}"
    E142 = "no HTML pages among its records ({records:,})"
    # -- URLs (each said of the URL: see ``about``)
    E150 = "no URLs in the list"
    E151 = "malformed URL: {length:,} characters > limit {limit:,}"
    E152 = "malformed URL: contains a space or control character"
    E153 = "malformed URL: {error}"
    E154 = "malformed URL: port {port} out of range"
    E155 = "malformed URL: host {host!r} is an IPv4 address in a non-standard form"
    E156 = "malformed URL: host {host!r} is not a valid DNS name"
    E157 = "refused: only http(s) URLs are fetched, not {url!r}"
    E158 = "refused: {host} is a {reason} address ({ip}); not fetched without allow_private"
    E159 = "cannot resolve {host!r}: {error}"
    E160 = "deadline: no complete response within {seconds:g} s"
    E161 = "HTTP {status}"
    E162 = "not an HTML page (content type {content_type!r})"
    E163 = "more than {limit} redirects"
    E164 = "fetch failed: {error}"


_PREFIX = re.compile(r"\[E\d{3}\] ")


def about(subject: str, message: str) -> str:
    """The coded ``message`` said of ``subject``, its code still in front: ``about("https://a.example/x",
    "[E161] HTTP 404")`` is "[E161] https://a.example/x: HTTP 404". A refusal met on a redirect
    keeps the code of what was refused, and the URL listed comes first."""
    code = _PREFIX.match(message)
    return f"{code[0]}{subject}: {message[code.end():]}"


class NewstrailError(ValueError):
    """An error raised with a coded message; ``code`` ("E010") says which one."""

    def __init__(self, code: str, **fields) -> None:
        self.code = code
        super().__init__(getattr(Errors, code).format(**fields))
