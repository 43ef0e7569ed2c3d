"""Bounding hostile text before the parse: very long runs without a space are broken.

spaCy's tokenizer strips prefixes and suffixes off a space-free run one character at a time,
copying and re-searching the rest each time, so its cost grows with the square of the run's
length when the run is made of characters it splits off (``$``, ``(``, quotes, dashes, emoji,
``_``, ``'s``): 15,000 ``$`` take about 40 s of tokenizer time holding the GIL, 3,200 take
2.5 s, 50 take under a millisecond (about 2.5e-7 s x length squared on the default model).
Letters, digits and URLs tokenise in linear time however long they are.

Two limits, measured against the parse of ordinary news text (about 60 us per character):

* ``MAX_SYMBOL_RUN``: a run of symbols (anything but letters, digits and spaces; ``_``
  counts as a symbol) is broken every 50 characters, where the tokenizer costs ~12 us per
  character, a fifth of the parse.
* ``MAX_RUN``: any run without a space is broken every 300 characters, so other repeated
  affixes (``'s's's...``) stay within the parse's own cost; a web address of 200 or 300
  characters stays whole.

A break is one inserted space, so every later offset refers to the text as stored. The scan is
one compiled regular expression over the text (about 20 ns a character, against 60 us for the
parse); only space-free runs over 50 characters are looked at further, and ordinary articles
pass through unchanged.
"""

from __future__ import annotations

import re

MAX_RUN = 300
MAX_SYMBOL_RUN = 50

# space-free runs long enough to need a look; the lookbehind starts a match only where a run
# starts, so each run is scanned once
_CANDIDATES = re.compile(rf"(?<!\S)\S{{{MAX_SYMBOL_RUN + 1},}}")
_SYMBOL_RUNS = re.compile(rf"[\W_]{{{MAX_SYMBOL_RUN + 1},}}")  # inside a run, \W is a symbol


def _pieces(run: str, size: int) -> str:
    return " ".join(run[i : i + size] for i in range(0, len(run), size))


def _break(run: str) -> str:
    """A space-free run with every symbol run cut to ``MAX_SYMBOL_RUN`` and every piece to ``MAX_RUN``."""
    run = _SYMBOL_RUNS.sub(lambda m: _pieces(m.group(), MAX_SYMBOL_RUN), run)
    return " ".join(_pieces(piece, MAX_RUN) for piece in run.split(" "))


def bound_runs(text: str) -> tuple[str, str | None]:
    """The text with over-long runs broken by spaces, and a note saying how many were broken
    (None when none was)."""
    broken = 0

    def replace(match: re.Match) -> str:
        nonlocal broken
        run = match.group()
        out = _break(run)
        broken += out != run
        return out

    text = _CANDIDATES.sub(replace, text)
    if not broken:
        return text, None
    return text, (f"{broken} run(s) of over {MAX_RUN} characters without a space or of over {MAX_SYMBOL_RUN} "
                  f"symbols in a row were broken with spaces before the parse")
