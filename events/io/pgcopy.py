"""Rows in and out of PostgreSQL: ``COPY`` as CSV (Arrow writes and parses it), small SELECTs.

``COPY`` is the fastest way in and out of the server; CSV keeps ``NULL`` (unquoted
empty) apart from ``""`` (quoted empty), and Arrow's C++ reader and writer keep the
Python side to a few calls per chunk instead of one per row or value.
"""

from __future__ import annotations

import io
from typing import Any

import pandas as pd
import psycopg
import pyarrow as pa
import pyarrow.csv as pacsv
from psycopg import sql

from events.frame import COLUMNS, FLOAT_COLUMNS, INT_COLUMNS, NULLABLE_INT_COLUMNS
from events.io.changes import CHANGE_COLUMNS
from events.io.store import Progress, iter_chunks


def _arrow_type(col: str) -> pa.DataType:
    if col in (*INT_COLUMNS, *NULLABLE_INT_COLUMNS):
        return pa.int64()
    if col in FLOAT_COLUMNS:
        return pa.float64()
    return pa.string()  # event_date too: ISO text, as the storage table has it


#: The storage table's columns as Arrow types.
EVENT_SCHEMA = pa.schema([(c, _arrow_type(c)) for c in COLUMNS])
#: The history table's columns (all text).
CHANGE_SCHEMA = pa.schema([(c, pa.string()) for c in CHANGE_COLUMNS])


#: The columns as the storage table holds them (``event_date`` as ISO text).
SELECT_COLUMNS = sql.SQL(", ").join(
    sql.SQL("to_char(event_date, 'YYYY-MM-DD') AS event_date")
    if c == "event_date"
    else sql.Identifier(c)
    for c in COLUMNS
)


def select_rows(
    cur: psycopg.Cursor[Any], table: str, where: sql.Composable, params: list[object]
) -> pd.DataFrame:
    """Return the storage rows matching ``where`` (a small SELECT, for writes' reads)."""
    query = sql.SQL("SELECT {} FROM {} WHERE {}").format(
        SELECT_COLUMNS, sql.Identifier(table), where
    )
    rows = cur.execute(query, params).fetchall()
    out = pd.DataFrame(
        {c: pd.Series([r[i] for r in rows], dtype=object) for i, c in enumerate(COLUMNS)}
    )
    for col in INT_COLUMNS:
        out[col] = out[col].astype("int64")
    for col in FLOAT_COLUMNS:
        out[col] = out[col].astype("float64")
    return out


def copy_out(cur: psycopg.Cursor[Any], query: sql.Composable, schema: pa.Schema) -> pd.DataFrame:
    """Return the rows of ``query`` through ``COPY ... TO STDOUT`` as CSV, parsed by Arrow."""
    buf = io.BytesIO()
    with cur.copy(sql.SQL("COPY ({}) TO STDOUT WITH (FORMAT csv)").format(query)) as copy:
        for block in copy:
            buf.write(block)
    if not buf.tell():
        return schema.empty_table().to_pandas()
    data = buf.getvalue()
    del buf
    # One line per row (the usual case) parses much faster than allowing quoted newlines.
    lines_are_rows = b"\r" not in data and data.count(b"\n") == cur.rowcount
    table = pacsv.read_csv(
        pa.BufferReader(data),
        read_options=pacsv.ReadOptions(column_names=schema.names),
        parse_options=pacsv.ParseOptions(newlines_in_values=not lines_are_rows),
        convert_options=pacsv.ConvertOptions(
            column_types=schema, null_values=[""], strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )  # fmt: skip
    return table.to_pandas()


def copy_in(
    cur: psycopg.Cursor[Any],
    name: str,
    table: pd.DataFrame,
    schema: pa.Schema,
    progress: Progress | None,
) -> None:
    """Insert the ``schema`` columns of ``table`` with ``COPY ... FROM STDIN``, in chunks."""
    cols = sql.SQL(", ").join(map(sql.Identifier, schema.names))
    statement = sql.SQL("COPY {} ({}) FROM STDIN WITH (FORMAT csv)").format(
        sql.Identifier(name), cols
    )
    options = pacsv.WriteOptions(include_header=False, quoting_style="needed")
    n = len(table)
    with cur.copy(statement) as copy:
        for a, b in iter_chunks(n):
            part = pa.Table.from_pandas(
                table.iloc[a:b][schema.names], schema=schema, preserve_index=False
            )
            out = io.BytesIO()
            pacsv.write_csv(part, out, options)
            copy.write(out.getbuffer())
            if progress is not None:
                progress(b, n)
