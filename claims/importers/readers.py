"""Reading an import file (CSV, JSON or XLSX) as a header and numbered rows of text cells.

Rows are streamed, never loaded whole, and numbered as a spreadsheet shows them: the header
is row 1, so the first record is row 2 (in JSON too: the first object is row 2).
"""

import csv
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import PurePath
from typing import BinaryIO

FORMATS = (".csv", ".json", ".xlsx")
JSON_CHUNK = 1 << 20

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


def file_format(name: str) -> str:
    suffix = PurePath(name).suffix.lower()
    if suffix not in FORMATS:
        raise FileError(
            f"“{PurePath(name).name}” is not an import file: the name must end in .csv, "
            ".json or .xlsx."
        )
    return suffix[1:]


def open_table(stream: BinaryIO, name: str) -> Table:
    """The header and rows of `stream`, read as the format its `name` says."""
    reader = {"csv": _csv_table, "json": _json_table, "xlsx": _xlsx_table}[file_format(name)]
    return reader(stream)


class _Counting(io.RawIOBase):
    """Counts the bytes read through it, for progress reports."""

    def __init__(self, stream: BinaryIO):
        self.stream = stream
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.stream.read(len(buffer))
        buffer[: len(data)] = data
        self.count += len(data)
        return len(data)


def _size(stream: BinaryIO) -> int:
    position = stream.tell()
    size = stream.seek(0, io.SEEK_END)
    stream.seek(position)
    return size


def _text(stream: BinaryIO) -> tuple[io.TextIOWrapper, Callable[[], float]]:
    size = max(_size(stream), 1)
    counting = _Counting(stream)
    text = io.TextIOWrapper(io.BufferedReader(counting), encoding="utf-8-sig", newline="")
    return text, lambda: min(counting.count / size, 1.0)


def _not_utf8(stream: BinaryIO) -> FileError:
    """The error for a file that is not UTF-8, naming its first undecodable line."""
    stream.seek(0)
    for number, line in enumerate(stream, start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            return FileError(
                f"line {number}: the file is not UTF-8 text; save it as “CSV UTF-8” "
                "(or UTF-8 JSON) and try again."
            )
    return FileError("The file is not UTF-8 text.")


# --- CSV -----------------------------------------------------------------------------------


def _csv_table(stream: BinaryIO) -> Table:
    text, progress = _text(stream)
    # Article bodies are long; the file size limit already bounds a field.
    csv.field_size_limit(max(csv.field_size_limit(), 1 << 30))
    reader = csv.reader(text, strict=True)
    try:
        header = next(reader, None)
    except UnicodeDecodeError:
        raise _not_utf8(stream) from None
    except csv.Error as error:
        raise FileError(f"row 1: the CSV header cannot be read ({error}).") from None
    if not header or not any(cell.strip() for cell in header):
        raise FileError("The file is empty: it needs a header row and at least one row.")
    return Table(header=header, rows=_csv_rows(reader, stream, len(header)), progress=progress)


def _csv_rows(reader, stream: BinaryIO, width: int) -> Iterator[Row]:
    row_no = 1
    try:
        for cells in reader:
            row_no += 1
            if not cells or not any(cells):
                continue
            problems = []
            if len(cells) > width and any(cells[width:]):
                problems.append(("", f"has {len(cells)} cells but the header has {width}"))
            if len(cells) < width:
                cells.extend([""] * (width - len(cells)))
            yield row_no, cells, problems
    except UnicodeDecodeError:
        raise _not_utf8(stream) from None
    except csv.Error as error:
        raise FileError(f"row {row_no + 1}: the CSV cannot be read there ({error}).") from None


# --- JSON ----------------------------------------------------------------------------------


def _json_cell(value) -> tuple[str, str | None]:
    """A JSON value as cell text, or a problem when it is not a text or a number."""
    if value is None:
        return "", None
    if isinstance(value, str):
        return value, None
    if isinstance(value, bool):
        return "", "must be text or a number, not true or false"
    if isinstance(value, int):
        return str(value), None
    if isinstance(value, float):
        return _number_text(value), None
    return "", "must be text or a number, not a list or an object"


def _number_text(value: float) -> str:
    if value.is_integer():
        return str(int(value))
    return format(Decimal(repr(value)), "f")


class _JSONStream:
    """Decodes the objects of a top-level JSON list one at a time."""

    def __init__(self, text: io.TextIOWrapper):
        self.text = text
        self.buffer = ""
        self.position = 0
        self.lines_before = 0  # newlines in the text already dropped from the buffer
        self.at_end = False
        self.decoder = json.JSONDecoder()

    def _fill(self) -> bool:
        if self.at_end:
            return False
        chunk = self.text.read(JSON_CHUNK)
        if not chunk:
            self.at_end = True
            return False
        self.lines_before += self.buffer.count("\n", 0, self.position)
        self.buffer = self.buffer[self.position :] + chunk
        self.position = 0
        return True

    def _line(self, position: int) -> int:
        return self.lines_before + self.buffer.count("\n", 0, position) + 1

    def _skip_space(self) -> str:
        """The next character that is not white space ("" at the end of the file)."""
        while True:
            while self.position < len(self.buffer) and self.buffer[self.position] in " \t\r\n":
                self.position += 1
            if self.position < len(self.buffer):
                return self.buffer[self.position]
            if not self._fill():
                return ""

    def _malformed(self, problem: str, position: int | None = None) -> FileError:
        line = self._line(self.position if position is None else position)
        return FileError(f"line {line}: the JSON is malformed ({problem}).")

    def start(self) -> bool:
        """Consume the opening bracket; False when the file holds nothing at all."""
        first = self._skip_space()
        if first == "":
            return False
        if first != "[":
            raise FileError("The JSON file must hold a list of objects, one per row: [{…}, …].")
        self.position += 1
        return True

    def objects(self) -> Iterator[object]:
        if self._skip_space() == "]":
            self.position += 1
            self._expect_end()
            return
        while True:
            yield self._decode()
            next_char = self._skip_space()
            if next_char == ",":
                self.position += 1
            elif next_char == "]":
                self.position += 1
                self._expect_end()
                return
            elif next_char == "":
                raise self._malformed("the list is not closed with ]")
            else:
                raise self._malformed("expected , or ] between rows")

    def _decode(self) -> object:
        if self._skip_space() == "":
            raise self._malformed("the list is not closed with ]")
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buffer, self.position)
            except json.JSONDecodeError as error:
                if self._fill():
                    continue
                raise self._malformed(error.msg, error.pos) from None
            if end == len(self.buffer) and self._fill():
                continue  # a number may go on in the next chunk: decode it again
            self.position = end
            return value

    def _expect_end(self) -> None:
        if self._skip_space() != "":
            raise self._malformed("text after the closing ]")


def _json_table(stream: BinaryIO) -> Table:
    text, progress = _text(stream)
    parser = _JSONStream(text)
    try:
        started = parser.start()
        objects = parser.objects() if started else iter(())
        first = next(objects, None)
    except UnicodeDecodeError:
        raise _not_utf8(stream) from None
    if first is None:
        raise FileError("The file is empty: it needs at least one row.")
    if not isinstance(first, dict):
        raise FileError("row 2: each row of a JSON file must be an object of column: value.")
    from claims.importers.columns import COLUMNS

    header = list(first) + [column for column in COLUMNS if column not in first]
    table = Table(header=header, rows=iter(()), progress=progress)
    table.rows = _json_rows(first, objects, header, stream, table.warnings)
    return table


def _json_rows(first: dict, objects: Iterator, header, stream, warnings: list) -> Iterator[Row]:
    index = {column: position for position, column in enumerate(header)}
    unknown_seen = set(header)
    row_no = 1
    item = first
    try:
        while item is not None:
            row_no += 1
            cells = [""] * len(header)
            problems = []
            if not isinstance(item, dict):
                problems.append(("", "must be an object of column: value"))
            else:
                for key, value in item.items():
                    position = index.get(key)
                    if position is None:
                        if key not in unknown_seen:
                            unknown_seen.add(key)
                            warnings.append(f"row {row_no}, column {key}: unknown column, ignored")
                        continue
                    cells[position], problem = _json_cell(value)
                    if problem:
                        problems.append((key, problem))
            yield row_no, cells, problems
            item = next(objects, None)
    except UnicodeDecodeError:
        raise _not_utf8(stream) from None


# --- XLSX ----------------------------------------------------------------------------------


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
        return _number_text(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def _xlsx_table(stream: BinaryIO) -> Table:
    from openpyxl import load_workbook

    try:
        # data_only=False: a formula is read as its text and never evaluated.
        workbook = load_workbook(stream, read_only=True, data_only=False)
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header_row = next(rows, None)
    except Exception as error:  # openpyxl raises many kinds for a damaged workbook
        raise FileError(f"The file is not a readable XLSX workbook ({error}).") from None
    header = [_xlsx_cell(value) for value in header_row or ()]
    while header and not header[-1].strip():
        header.pop()
    if not header:
        raise FileError("The file is empty: its first sheet needs a header row and rows.")
    total = max((sheet.max_row or 1) - 1, 1)
    read = [0]

    def progress() -> float:
        return min(read[0] / total, 1.0)

    return Table(header=header, rows=_xlsx_rows(rows, len(header), read), progress=progress)


def _xlsx_rows(rows, width: int, read: list[int]) -> Iterator[Row]:
    row_no = 1
    try:
        for values in rows:
            row_no += 1
            read[0] += 1
            cells = [_xlsx_cell(value) for value in values[:width]]
            if not any(cells):
                continue
            if len(cells) < width:
                cells.extend([""] * (width - len(cells)))
            problems = []
            if any(value not in (None, "") for value in values[width:]):
                problems.append(("", "has cells to the right of the last header column"))
            yield row_no, cells, problems
    except Exception as error:  # a damaged sheet part, found while streaming it
        raise FileError(f"row {row_no}: the XLSX sheet cannot be read there ({error}).") from None
