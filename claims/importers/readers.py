"""Reading an import file (CSV, JSON or XLSX) as a header and numbered rows of text cells.

Rows are streamed, never loaded whole, and numbered as a spreadsheet shows them: the header
is row 1, so the first record is row 2 (in JSON too: the first object is row 2). Every read
is bounded (a line, a cell, a JSON object, the header's width), so memory is too, whatever
the file holds.
"""

import csv
import io
import json
import re
from collections.abc import Callable, Iterator
from pathlib import PurePath
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
from claims.importers.text import CONTROL, shown
from claims.importers.workbook import xlsx_table

FORMATS = (".csv", ".json", ".xlsx")
JSON_CHUNK = 1 << 20
# One physical line of a CSV, one cell of any format, one JSON object (a row): each holds
# at most an article's text (200,000 characters) with room to spare.
MAX_LINE = 1_000_000
MAX_CELL = 1_000_000
MAX_JSON_OBJECT = 2_000_000
# What a file that is not text starts with, for a message saying what it is.
SIGNATURES = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a zip file (an XLSX workbook or another Office file?)"),
    (b"\xd0\xcf\x11\xe0", "an old Excel (.xls) or encrypted Office file"),
    (b"\x1f\x8b", "a gzip archive"),
)
UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")
# The UTF-8 bytes of text.CONTROL's C0 controls, DEL and C1 controls.
CONTROL_BYTES = re.compile(b"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]")
# The bytes one of those starts with. Deleting every other byte from a read with
# bytes.translate, a plain C loop twenty times faster than the search, leaves nothing when
# the read cannot hold a control: only the rest are searched.
SUSPECT_BYTES = (frozenset(range(0x20)) - {0x09, 0x0A, 0x0D}) | {0x7F, 0xC2}
INNOCENT_BYTES = bytes(sorted(set(range(256)) - SUSPECT_BYTES))


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
    kind = file_format(name)
    _check_signature(stream, kind)
    if kind == "xlsx":
        return xlsx_table(stream)
    return {"csv": _csv_table, "json": _json_table}[kind](stream)


def _check_signature(stream: BinaryIO, kind: str) -> None:
    """Refuse a file whose first bytes say it is not what its name says, naming what it is."""
    position = stream.tell()
    head = stream.read(8)
    stream.seek(position)
    if kind == "xlsx":
        if not head.startswith(b"PK\x03\x04"):
            found = next((what for mark, what in SIGNATURES if head.startswith(mark)), None)
            raise FileError(
                f"The file is not an XLSX workbook{f': it is {found}' if found else ''}; "
                "save it from your spreadsheet as an Excel workbook (.xlsx)."
            )
        return
    wide = len(head) >= 4 and b"\0\0" in (head[0:4:2], head[1:4:2])
    if head.startswith(UTF16_MARKS) or wide:
        raise FileError(
            "The file is UTF-16 text; save it as UTF-8 (“CSV UTF-8” in Excel) and try again."
        )
    for mark, what in SIGNATURES:
        if head.startswith(mark):
            raise FileError(f"The file is {what}, not {kind.upper()} text.")


class _Counting(io.RawIOBase):
    """Counts the bytes read through it, for progress reports, and notes whether any of
    them encode a character no cell may hold, so rows are searched only in a file that has
    one (a scan of the raw bytes costs next to nothing; one of every row does not)."""

    def __init__(self, stream: BinaryIO):
        self.stream = stream
        self.count = 0
        self.controls_seen = False
        self.last = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.stream.read(len(buffer))
        buffer[: len(data)] = data
        self.count += len(data)
        if not self.controls_seen and data:
            # With the previous read's last byte, in case a C1 control's two bytes straddle.
            if data.translate(None, INNOCENT_BYTES) or self.last == b"\xc2":
                self.controls_seen = CONTROL_BYTES.search(self.last + data) is not None
            self.last = data[-1:]
        return len(data)


def _size(stream: BinaryIO) -> int:
    position = stream.tell()
    size = stream.seek(0, io.SEEK_END)
    stream.seek(position)
    return size


def _text(stream: BinaryIO) -> tuple[io.TextIOWrapper, Callable[[], float], _Counting]:
    size = max(_size(stream), 1)
    counting = _Counting(stream)
    text = io.TextIOWrapper(io.BufferedReader(counting), encoding="utf-8-sig", newline="")
    return text, lambda: min(counting.count / size, 1.0), counting


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


def _lines(text: io.TextIOWrapper) -> Iterator[str]:
    """The physical lines of `text`, refusing one longer than MAX_LINE before it is read."""
    number = 0
    while line := text.readline(MAX_LINE + 1):
        number += 1
        if len(line) > MAX_LINE:
            where = "The header row" if number == 1 else f"Line {number}"
            raise FileError(
                f"{where} of the file is longer than {MAX_LINE:,} characters; "
                "a CSV line holds one row, so this is not an import file."
            )
        yield line


def _csv_table(stream: BinaryIO) -> Table:
    text, progress, counting = _text(stream)
    # A cell holds at most an article's text; a longer one is no import cell.
    csv.field_size_limit(MAX_CELL)
    reader = csv.reader(_lines(text), strict=True)
    try:
        header = next(reader, None)
    except UnicodeDecodeError:
        raise _not_utf8(stream) from None
    except csv.Error as error:
        raise FileError(f"row 1: the CSV header cannot be read ({error}).") from None
    if not header or not any(cell.strip() for cell in header):
        raise FileError("The file is empty: it needs a header row and at least one row.")
    check_width(len(header))
    rows = _csv_rows(reader, stream, header, counting)
    return Table(header=header, rows=rows, progress=progress)


def _csv_rows(reader, stream: BinaryIO, header: list[str], counting: _Counting) -> Iterator[Row]:
    width = len(header)
    controls = CONTROL.search
    row_no = 1
    try:
        for cells in reader:
            row_no += 1
            if not cells or not any(cells):
                continue
            problems = []
            if len(cells) > width:
                if any(cells[width:]):
                    problems.append(("", f"has {len(cells)} cells but the header has {width}"))
                # Beyond the header a cell belongs to no column (nor to one the file lacks).
                del cells[width:]
            elif len(cells) < width:
                cells.extend([""] * (width - len(cells)))
            if counting.controls_seen and controls("".join(cells)):
                without_controls(cells, header, problems)
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
        return number_text(value), None
    return "", "must be text or a number, not a list or an object"


class _JSONStream:
    """Decodes the objects of a top-level JSON list one at a time."""

    def __init__(self, text: io.TextIOWrapper):
        self.text = text
        self.buffer = ""
        self.position = 0
        self.lines_before = 0  # newlines in the text already dropped from the buffer
        self.at_end = False
        self.decoder = json.JSONDecoder()
        self.row_no = 1  # the row being decoded, numbered as in a spreadsheet

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
        self.row_no += 1
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buffer, self.position)
            except json.JSONDecodeError as error:
                if self._fill_for_row():
                    continue
                raise self._malformed(error.msg, error.pos) from None
            except RecursionError:
                raise FileError(
                    f"row {self.row_no}: the JSON is nested too deeply; a row is one object of "
                    "column: value."
                ) from None
            except ValueError as error:  # an integer of thousands of digits
                raise self._malformed(str(error).split(";")[0]) from None
            if end == len(self.buffer) and self._fill_for_row():
                continue  # a number may go on in the next chunk: decode it again
            self.position = end
            return value

    def _fill_for_row(self) -> bool:
        """Read on into the row being decoded, as long as it stays within MAX_JSON_OBJECT."""
        if len(self.buffer) - self.position > MAX_JSON_OBJECT:
            raise FileError(
                f"row {self.row_no}: the JSON object is longer than {MAX_JSON_OBJECT:,} "
                "characters; a row holds at most an article's text and its claim."
            )
        return self._fill()

    def _expect_end(self) -> None:
        if self._skip_space() != "":
            raise self._malformed("text after the closing ]")


def _json_table(stream: BinaryIO) -> Table:
    text, progress, _counting = _text(stream)  # JSON escapes hide controls from a byte scan
    parser = _JSONStream(text)
    try:
        started = parser.start()
        objects = parser.objects() if started else iter(())
        first = next(objects, None)
    except UnicodeDecodeError:
        raise _not_utf8(stream) from None
    if not started:
        raise FileError("The file is empty: it needs a list of rows.")
    if first is not None and not isinstance(first, dict):
        raise FileError("row 2: each row of a JSON file must be an object of column: value.")
    from claims.importers.columns import COLUMNS

    # Every row is read by key, so the header is the known columns; an unknown key is
    # warned about once, as a CSV's unknown header name is.
    header = list(COLUMNS)
    table = Table(header=header, rows=iter(()), progress=progress)
    if first is not None:
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
                        if key not in unknown_seen and len(unknown_seen) < MAX_COLUMNS:
                            unknown_seen.add(key)
                            warnings.append(
                                f"row {row_no}, column {shown(key)}: unknown column, ignored"
                            )
                        continue
                    cells[position], problem = _json_cell(value)
                    if problem:
                        problems.append((key, problem))
            if CONTROL.search("".join(cells)):
                without_controls(cells, header, problems)
            yield row_no, cells, problems
            item = next(objects, None)
    except UnicodeDecodeError:
        raise _not_utf8(stream) from None
