"""Reading an XLSX workbook: its zip container checked first, then its first sheet's rows.

openpyxl reads the shared strings and styles whole, so a small file that inflates to
gigabytes (a zip bomb) would be loaded into memory: sizes, ratios and counts are read from
the zip's directory and the parts' own headers first, streaming, in bounded memory.
"""

import re
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time
from decimal import Decimal
from typing import BinaryIO

from claims.importers.tables import (
    MAX_COLUMNS,
    FileError,
    Row,
    Table,
    check_width,
    number_text,
    without_controls,
)
from claims.importers.text import CONTROL

# An XLSX saved by a spreadsheet compresses its XML 5 to 30 times; a zip bomb thousands.
MAX_RATIO = 200
RATIO_FROM_BYTES = 1 << 20  # tiny parts compress as they please
MAX_UNCOMPRESSED = 512 << 20  # all parts together
MAX_PART = 256 << 20  # one worksheet
MAX_LOADED_PART = 64 << 20  # a part openpyxl reads whole: shared strings, styles, workbook
MAX_PARTS = 1000
MAX_SHEETS = 50
MAX_ROWS = 200_000  # larger files belong in CSV, which streams at any size
MAX_SHARED_STRINGS = 1_000_000
SCAN_CHUNK = 1 << 20
HEAD_BYTES = 1 << 16

DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]*)(\d*)(?::([A-Z]+)(\d+))?"')
SHARED_STRING = re.compile(rb"<(?:\w+:)?si[\s>/]")
DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def check_workbook(stream: BinaryIO) -> None:
    """Raise FileError when the workbook is not safe to hand to openpyxl; else return."""
    try:
        archive = zipfile.ZipFile(stream)
        parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise FileError("The file is not a readable XLSX workbook (not a zip file).") from None
    if len(parts) > MAX_PARTS:
        raise FileError(
            f"The workbook has {len(parts):,} parts; an XLSX file has at most {MAX_PARTS:,}."
        )
    names = {part.filename for part in parts}
    if "xl/vbaProject.bin" in names:
        raise FileError(
            "The workbook contains macros (an .xlsm file renamed .xlsx?); save it as a plain "
            "Excel workbook (.xlsx) and try again."
        )
    if "xl/workbook.xml" not in names:
        raise FileError("The file is not a readable XLSX workbook (it has no xl/workbook.xml).")
    sheets = [name for name in names if name.startswith("xl/worksheets/") and name.endswith(".xml")]
    if len(sheets) > MAX_SHEETS:
        raise FileError(
            f"The workbook has {len(sheets)} sheets; at most {MAX_SHEETS} are accepted."
        )
    total = sum(part.file_size for part in parts)
    if total > MAX_UNCOMPRESSED:
        raise FileError(
            f"The workbook unpacks to {total / 1e6:,.0f} MB; at most "
            f"{MAX_UNCOMPRESSED / 1e6:,.0f} MB is accepted (save a large file as CSV)."
        )
    for part in parts:
        _check_part(archive, part, is_sheet=part.filename in sheets)


def _check_part(archive: zipfile.ZipFile, part: zipfile.ZipInfo, *, is_sheet: bool) -> None:
    name = part.filename
    limit = MAX_PART if is_sheet else MAX_LOADED_PART
    if part.file_size > limit:
        raise FileError(
            f"The workbook's part {name} unpacks to {part.file_size / 1e6:,.0f} MB; at most "
            f"{limit / 1e6:,.0f} MB is accepted."
        )
    ratio = part.file_size / max(part.compress_size, 1)
    if part.file_size > RATIO_FROM_BYTES and ratio > MAX_RATIO:
        raise FileError(
            f"The workbook's part {name} is compressed {ratio:,.0f} to 1 (at most {MAX_RATIO} "
            "to 1 is accepted): it looks like a zip bomb."
        )
    if not name.endswith((".xml", ".rels")):
        return
    if is_sheet:
        _check_dimension(archive, name)
    _scan(archive, part, count_strings=name == "xl/sharedStrings.xml")


def _scan(archive: zipfile.ZipFile, part: zipfile.ZipInfo, *, count_strings: bool) -> None:
    """Stream one XML part: no DTD (XXE, entity expansion), and not too many strings.

    The declared sizes in a zip's directory can lie; reading stops at the declared size.
    """
    strings = 0
    tail = b""
    read = 0
    try:
        with archive.open(part) as source:
            while chunk := source.read(SCAN_CHUNK):
                read += len(chunk)
                if read > part.file_size:
                    raise FileError(f"The workbook's part {part.filename} is larger than it says.")
                window = tail + chunk
                if DTD.search(window):
                    raise FileError(
                        f"The workbook's part {part.filename} declares a DTD or XML entities, "
                        "which a spreadsheet never writes; it is refused."
                    )
                if count_strings:
                    strings += len(SHARED_STRING.findall(chunk))
                    if strings > MAX_SHARED_STRINGS:
                        raise FileError(
                            f"The workbook has more than {MAX_SHARED_STRINGS:,} distinct texts; "
                            "save a file this large as CSV."
                        )
                tail = chunk[-16:]
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as error:
        raise FileError(f"The workbook's part {part.filename} cannot be read ({error}).") from None


def _check_dimension(archive: zipfile.ZipFile, name: str) -> None:
    """A sheet's declared size (its <dimension>), which openpyxl pads every row to."""
    try:
        with archive.open(name) as source:
            head = source.read(HEAD_BYTES)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as error:
        raise FileError(f"The workbook's part {name} cannot be read ({error}).") from None
    found = DIMENSION.search(head)
    if found is None:
        return
    last_column = found.group(3) or found.group(1)
    last_row = found.group(4) or found.group(2)
    if last_column and column_number(last_column.decode()) > MAX_COLUMNS:
        raise FileError(
            f"A sheet is {column_number(last_column.decode()):,} columns wide; an import has at "
            f"most {MAX_COLUMNS} columns."
        )
    if last_row and int(last_row) > MAX_ROWS + 1:
        raise FileError(
            f"A sheet has {int(last_row):,} rows; an XLSX import has at most {MAX_ROWS:,} "
            "(save a larger file as CSV)."
        )


def column_number(letters: str) -> int:
    """A spreadsheet column's number: A is 1, Z 26, AA 27."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _xlsx_cell(value) -> str:
    """A cell as text. Formulas arrive as their text ("=SUM(A1:A3)") and stay that way."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return number_text(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def _percent_text(value: float) -> str:
    """A percent cell as the percentage it shows: 0.085 as "8.5"."""
    shown = (Decimal(repr(value)) * 100).normalize()
    return format(shown, "f")


def _is_percent(cell, value) -> bool:
    number = isinstance(value, int | float) and not isinstance(value, bool)
    return number and "%" in (cell.number_format or "")


def xlsx_table(stream: BinaryIO) -> Table:
    """The header and rows of the first sheet, once the container has passed its checks."""
    from openpyxl import load_workbook

    check_workbook(stream)
    stream.seek(0)
    try:
        # data_only=False: a formula is read as its text and never evaluated.
        workbook = load_workbook(stream, read_only=True, data_only=False)
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows()
        header_row = next(rows, None)
    except Exception as error:  # openpyxl raises many kinds for a damaged workbook
        raise FileError(f"The file is not a readable XLSX workbook ({error}).") from None
    header = [_xlsx_cell(getattr(cell, "value", None)) for cell in header_row or ()]
    while header and not header[-1].strip():
        header.pop()
    if not header:
        raise FileError("The file is empty: its first sheet needs a header row and rows.")
    check_width(len(header))
    total = max(min(sheet.max_row or 1, MAX_ROWS) - 1, 1)
    read = [0]

    def progress() -> float:
        return min(read[0] / total, 1.0)

    table = Table(header=header, rows=iter(()), progress=progress)
    table.rows = _xlsx_rows(rows, header, read, table.warnings)
    return table


def _xlsx_rows(rows, header: list[str], read: list[int], warnings: list[str]) -> Iterator[Row]:
    width = len(header)
    percent_seen: set[int] = set()
    row_no = 1
    try:
        for row in rows:
            row_no += 1
            read[0] += 1
            if row_no > MAX_ROWS + 1:
                raise FileError(
                    f"row {row_no}: an XLSX import has at most {MAX_ROWS:,} rows; save a "
                    "larger file as CSV."
                )
            if len(row) > MAX_COLUMNS:
                raise FileError(f"row {row_no}: the row has more than {MAX_COLUMNS} columns.")
            cells = []
            for position, cell in enumerate(row[:width]):
                value = getattr(cell, "value", None)
                if _is_percent(cell, value):
                    cells.append(_percent_text(value))
                    if position not in percent_seen:
                        percent_seen.add(position)
                        warnings.append(
                            f"row {row_no}, column {header[position].strip()}: a percent "
                            f"cell ({cell.number_format}) is read as the percentage it "
                            f"shows, {cells[-1]}; the column's other percent cells too"
                        )
                    continue
                cells.append(_xlsx_cell(value))
            if not any(cells):
                continue
            if len(cells) < width:
                cells.extend([""] * (width - len(cells)))
            problems = []
            if any(getattr(cell, "value", None) not in (None, "") for cell in row[width:]):
                problems.append(("", "has cells to the right of the last header column"))
            if CONTROL.search("".join(cells)):
                without_controls(cells, header, problems)
            yield row_no, cells, problems
    except FileError:
        raise
    except Exception as error:  # a damaged sheet part, found while streaming it
        raise FileError(f"row {row_no}: the XLSX sheet cannot be read there ({error}).") from None
