"""Number expressions in a spaCy Doc: what number, what interval, what kind.

Why hand-written: spaCy's NER marks CARDINAL/QUANTITY/MONEY/PERCENT spans but gives no
value, misses bare numbers often ("104 have been killed") and mixes years and durations
into DATE; quantulum3 (installed only as the benchmark baseline) is slow, weak on number
words and hedges ("some", "over", "dozens"), and knows nothing about ages, identifiers or
phone numbers. So the scan is a single left-to-right pass over the tokens driven by word lists
(``newstrail/lexicon``); spaCy's entity labels and POS tags are used only as hints, which also
lets it run on a tokenizer-only Doc (the headline, made with ``nlp.make_doc``).

``find_numbers(doc)`` returns :class:`NumberExpr` items. ``kind`` is one of
count, quantity (a measurement or duration with ``unit``), percent, money, fraction, age,
and the kinds that are *not* figures: year, date, time, ordinal, phone, identifier, score.

Conventions (each a class of news language, each covered by tests/test_numbers.py):
"one of the ..." counts one; "two out of five", "one in four" are fractions; "from A to B"
is ONE range (low/high, hedge "from-to", either direction), as are "between A and B" and
"5% to 7%" (a unit after the first number joins only when the second repeats it); a sign
written on the number ("-1.3%") is kept in the value and in ``sign``; "sub-300" is below
300; a bracketed conversion ("more than 100 km (60 miles)") carries the first hedge;
numbers naming a thing ("iPhone 12", "787 Dreamliner", "category 4", "Stoxx 50") are
identifiers; descending hyphen pairs ("won 3-1") are scores; "2014-15" is a season; a number
hyphened to a noun that is no unit names a kind ("a four-cylinder engine": an identifier);
"Lauren Osk, 19, fled" and "Osk was 77." are ages; "two and a half years" is 2.5; "1/3 of" is a
fraction; "this half" is a period; a unit followed by "per X"/"a X" is a rate ("5% a year":
"percent per year"), and a dollar names its country ("HK$": "hong kong dollar").

Where each part is: ``scan`` (the pass, fractions, vague plurals), ``words`` (number phrases and
their value), ``units`` (percent, currency words, measures after a number), ``intervals``
(hedges, ranges, bracketed conversions), ``kinds`` (dates, years, scores, identifiers, ages),
``expr`` (the record and shared token tests).
"""

from newstrail.extract.numbers.expr import NOT_FIGURES, NumberExpr
from newstrail.extract.numbers.scan import find_numbers

__all__ = ["NOT_FIGURES", "NumberExpr", "find_numbers"]
