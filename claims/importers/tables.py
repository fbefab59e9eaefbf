"""What every import reader returns: a header and numbered rows of text cells, or a
FileError saying why the file as a whole cannot be read; and the cell rules all formats share.

The readers of each format (`readers` for CSV and JSON, `workbook` for XLSX) build on this
module, so neither has to import the other.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from claims.importers.text import CONTROL, control_problem, shown

MAX_COLUMNS = 200  # an import has 24 columns; a few of the user's own are ignored

# One row: its number, its cells (as text, aligned with the header) and problems found
# while reading it, as (column, message) pairs.
Row = tuple[int, list[str], list[tuple[str, str]]]


class FileError(Exception):
    """The file as a whole cannot be read; the message says why, for a person."""


@dataclass
class Table:
    header: list[str]
    rows: Iterator[Row]
    progress: Callable[[], float]  # the share of the file read so far, 0 to 1
    warnings: list[str] = field(default_factory=list)


def _column(header: list[str], position: int) -> str:
    name = header[position].strip() if position < len(header) else ""
    return shown(name) or f"#{position + 1}"


def without_controls(cells: list[str], header: list[str], problems: list) -> None:
    """Report each cell holding a character no cell may hold, and replace those characters
    so that the row's other problems are still found (the row is refused either way)."""
    for position, cell in enumerate(cells):
        problem = control_problem(cell)
        if problem is not None:
            problems.append((_column(header, position), problem))
            cells[position] = CONTROL.sub("\ufffd", cell)


def check_width(width: int) -> None:
    if width > MAX_COLUMNS:
        raise FileError(
            f"row 1: the header has {width:,} columns; an import file has at most "
            f"{MAX_COLUMNS} (docs/formats.md lists the 24 it reads)."
        )


def number_text(value: float) -> str:
    if value.is_integer():
        return str(int(value))
    return format(Decimal(repr(value)), "f")
