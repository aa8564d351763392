"""CSV cells that spreadsheets read as text: no formula ever starts in a cell geoevents writes.

Excel, LibreOffice and Google Sheets run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula (and
some treat a leading tab or carriage return alike), and report text is untrusted: ``=HYPERLINK(...)`` in a title
would be a live link in an analyst's sheet. :func:`neutralise` puts an apostrophe before such a text cell (the
spreadsheets' own mark for "this is text"), and :func:`restore` takes it off again when geoevents reads its CSV
back, so text round-trips exactly. Numbers (a negative longitude) are not text and stay as they are.

The rule is exact both ways: a text whose leading apostrophes are followed by one of those characters gets one more
apostrophe, and reading removes one, so "'=x" written is "''=x" and comes back "'=x". A text that is a plain
number ("-35.2", "+7", "1e-3") is left as it is: a spreadsheet reads it as that number and runs nothing, and a
column of coordinates kept as text from an input stays readable.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["NUMBER_TEXT", "RISKY_TEXT", "neutralise", "restore"]

RISKY_TEXT = r"^'*[=+\-@\t\r]"
"""The text cells :func:`neutralise` marks, but for :data:`NUMBER_TEXT`, as a regular expression (also for
column-wise writers)."""
NUMBER_TEXT = r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$"
"""Text that is a plain number: never marked."""
_RISKY = re.compile(RISKY_TEXT)
_NUMBER = re.compile(NUMBER_TEXT)
_MARKED = re.compile(r"'+[=+\-@\t\r]")


def neutralise(value: Any) -> Any:
    """``value`` safe for a spreadsheet cell: text that a spreadsheet would run gets a leading apostrophe.

    Examples
    --------
    >>> neutralise("=HYPERLINK(\\"http://x\\")"), neutralise("-5 km west"), neutralise(-5.0), neutralise("Sudzha")
    ('\\'=HYPERLINK("http://x")', "'-5 km west", -5.0, 'Sudzha')
    >>> neutralise("-35.25"), neutralise("-1+1")
    ('-35.25', "'-1+1")
    """
    return "'" + value if isinstance(value, str) and _RISKY.match(value) and not _NUMBER.match(value) else value


def restore(value: Any) -> Any:
    """The text :func:`neutralise` was given (its inverse on text; anything else as it is).

    Examples
    --------
    >>> restore("'=1+1"), restore("''=x"), restore("'quoted"), restore(neutralise("'=x"))
    ('=1+1', "'=x", "'quoted", "'=x")
    """
    return value[1:] if isinstance(value, str) and _MARKED.match(value) else value
