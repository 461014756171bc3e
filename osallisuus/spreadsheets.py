"""CSV for spreadsheets, written one way for every export of the portal (the yearly list, the open data, the
programme's actions): UTF-8 with a byte order mark and ';' between cells, rows ended with CRLF, as Excel in Finland
opens it, and every cell shown as text: a cell that a spreadsheet would run as a formula (CSV injection, OWASP)
starts with an apostrophe."""

import csv
import io
from collections.abc import Iterable

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: object) -> str:
    """`value` as a cell's text ("" for None), with a leading apostrophe where a spreadsheet would read a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def spreadsheet_csv(header: Iterable[object], rows: Iterable[Iterable[object]]) -> bytes:
    """The header and the rows as CSV for spreadsheets (module docstring), every cell through `spreadsheet_cell`."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(spreadsheet_cell(cell) for cell in header)
    writer.writerows((spreadsheet_cell(cell) for cell in row) for row in rows)
    return buffer.getvalue().encode("utf-8")
