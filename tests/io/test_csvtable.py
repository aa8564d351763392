"""CSV written column by column reads back as the csv module reads it: text spreadsheet-safe and exact, numbers
exact with a decimal point or an exponent, empty for missing values; whatever the texts hold, however the
columns are sliced or stored."""

from __future__ import annotations

import csv
import io
import math

import numpy as np
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from geoevents.io import neutralise
from geoevents.io.csvtable import write_csv_table

TEXT = st.one_of(st.text(max_size=12), st.sampled_from(["=1+1", "-35.5", "'@x", "a,b", 'say "hi"', "x\ny", "\rz",
                                                           "+", ""]))
NUMBER = st.one_of(st.none(), st.floats(allow_nan=False, width=64), st.integers(-10**6, 10**6).map(float),
                   st.sampled_from([0.0, -0.0, 1e14, 1e20, 2.5e-7, 123456789.0]))


@settings(max_examples=150, deadline=None)
@given(rows=st.lists(st.tuples(TEXT, NUMBER), min_size=1, max_size=40), start=st.integers(0, 5),
       wide=st.booleans())
def test_columns_read_back_exactly(rows, start, wide):
    texts, numbers = [r[0] for r in rows], [r[1] for r in rows]
    kind = pa.large_string() if wide else pa.string()
    table = pa.table({"text": pa.array(texts, kind), "km": pa.array(numbers, pa.float64()),
                      "again": pa.array(numbers, pa.float64()),  # the same values: the same cells
                      "last": pa.array(texts, kind)}).slice(min(start, len(rows) - 1))
    out = io.BytesIO()
    write_csv_table(table, out)
    back = list(csv.reader(io.StringIO(out.getvalue().decode(), newline="")))
    assert back[0] == ["text", "km", "again", "last"]
    assert len(back) == table.num_rows + 1
    for (text, km, again, last), want_text, want_km in zip(back[1:], table["text"].to_pylist(),
                                                           table["km"].to_pylist(), strict=True):
        assert text == last == neutralise(want_text)
        assert km == again
        if want_km is None:
            assert km == ""
        else:
            assert float(km) == want_km and math.copysign(1, float(km)) == math.copysign(1, want_km)
            assert any(c in km for c in ".eni"), km  # 5.0, 1e+20, inf: read as reals, never as integers


def test_a_column_that_needs_quotes_only_in_one_chunk():
    texts = ["p"] * 70_000
    texts[69_999] = "a,b"
    texts[40_000] = "=x"
    out = io.BytesIO()
    write_csv_table(pa.table({"id": texts, "km": np.arange(70_000.0)}), out)
    back = list(csv.reader(io.StringIO(out.getvalue().decode(), newline="")))
    assert back[70_000] == ["a,b", "69999.0"] and back[40_001] == ["'=x", "40000.0"] and back[1] == ["p", "0.0"]
