"""A corpus of hostile import files, each with the message its import must give.

    python tests/hostile_files.py DIR [--full-size]

writes them to DIR. The tests import each one on both databases (tests/test_import_hostile.py);
`--full-size` makes the two sizes a test would not wait for (a 54 MB header of 5 million
column names, a 1 MB workbook that inflates to gigabytes) for bench/bench_hostile.py.
"""

import argparse
import csv
import gzip
import io
import json
import os
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook

ROOT = Path(__file__).resolve().parent.parent
if __name__ == "__main__":  # run as a script: the column names need Django set up
    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    os.environ.setdefault("DEBUG", "1")
    django.setup()

from claims.importers.columns import COLUMNS  # noqa: E402 - after Django is set up

BODY = "The ministry said 4,200 nurses were hired in 2023. The budget grew by 3.5 percent."
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


@dataclass(frozen=True)
class Hostile:
    name: str
    build: Callable[[bool], bytes]  # full_size -> the file's bytes
    expected: str  # a part of the first error the import must report

    def data(self, full_size: bool = False) -> bytes:
        return self.build(full_size)


def good_row(**values) -> dict:
    row = {
        "article_id": "h1",
        "article_title": "Hostile files",
        "article_body": BODY,
        "claim_id": "c1",
        "text": "The ministry hired 4,200 nurses in 2023.",
        "quote": "The ministry said 4,200 nurses were hired in 2023.",
        "kind": "figure",
        "stated_value": "4,200",
        "source_url": "https://example.org/report",
    }
    row.update(values)
    return row


def csv_text(rows: list[dict], header=COLUMNS, newline: str = "\n") -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, header, lineterminator=newline, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def csv_file(*rows: dict, encoding: str = "utf-8", newline: str = "\n") -> Callable:
    return lambda full: csv_text(list(rows), newline=newline).encode(encoding)


def json_file(rows, **dump) -> Callable:
    return lambda full: json.dumps(rows, **dump).encode()


def raw(data: bytes) -> Callable:
    return lambda full: data


def workbook(rows: list[list], edit: Callable | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if edit:
        edit(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def good_workbook(full: bool = False, **values) -> bytes:
    row = good_row(**values)
    return workbook([list(COLUMNS), [row.get(column) for column in COLUMNS]])


def rezipped(source: bytes, replace: dict[str, bytes], stored: bool = False) -> bytes:
    """`source` (a zip) with some parts replaced or added."""
    out = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(io.BytesIO(source)) as old, zipfile.ZipFile(out, "w", method) as new:
        for info in old.infolist():
            if info.filename not in replace:
                new.writestr(info.filename, old.read(info.filename))
        for name, data in replace.items():
            new.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return out.getvalue()


def zip_bomb(full: bool) -> bytes:
    """A workbook whose shared strings inflate about a thousand times (1 GB at full size)."""
    size = (1 << 30) if full else (8 << 20)
    out = io.BytesIO()
    part_info = zipfile.ZipInfo("xl/sharedStrings.xml")
    part_info.compress_type = zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(io.BytesIO(good_workbook())) as old, zipfile.ZipFile(out, "w") as new:
        for info in old.infolist():
            if info.filename != part_info.filename:
                new.writestr(info.filename, old.read(info.filename), zipfile.ZIP_DEFLATED)
        with new.open(part_info, "w", force_zip64=True) as part:
            part.write(b'<?xml version="1.0"?><sst xmlns="x" count="1"><si><t>')
            block = b"A" * (1 << 20)
            for _ in range(size >> 20):
                part.write(block)
            part.write(b"</t></si></sst>")
    return out.getvalue()


def sheet_bomb(full: bool) -> bytes:
    """A sheet of a few hundred thousand identical rows, highly compressible."""
    rows = (400_000 if full else 60_000) * b'<row><c t="inlineStr"><is><t>x</t></is></c></row>'
    sheet = b'<?xml version="1.0"?><worksheet><sheetData>' + rows + b"</sheetData></worksheet>"
    return rezipped(good_workbook(), {"xl/worksheets/sheet1.xml": sheet})


def with_doctype(entity: bytes) -> Callable:
    def build(full: bool) -> bytes:
        strings = (
            b'<?xml version="1.0"?>' + entity + b'<sst xmlns="http://schemas.openxmlformats.org/'
            b'spreadsheetml/2006/main" count="1"><si><t>&x;</t></si></sst>'
        )
        return rezipped(good_workbook(), {"xl/sharedStrings.xml": strings})

    return build


def huge_dimension(full: bool) -> bytes:
    book = good_workbook()
    with zipfile.ZipFile(io.BytesIO(book)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    sheet = sheet.replace(b'<dimension ref="A1:X2"/>', b'<dimension ref="A1:XFD1048576"/>')
    assert b"XFD1048576" in sheet
    return rezipped(book, {"xl/worksheets/sheet1.xml": sheet})


def many_sheets(full: bool) -> bytes:
    def edit(book):
        for number in range(60):
            book.create_sheet(f"extra{number}")

    return workbook([list(COLUMNS)], edit)


def huge_header(full: bool) -> bytes:
    count = 5_000_000 if full else 120_000
    return (",".join(f"col{n:07d}" for n in range(count)) + "\n").encode()


def wide_rows(full: bool) -> bytes:
    header = ",".join(f"c{n}" for n in range(10_000))
    return (header + "\n" + ",".join("x" for _ in range(10_000)) + "\n").encode()


def extra_cells(full: bool) -> bytes:
    header = ["article_id", "claim_id", "text"]
    lines = [",".join(header), "h1,c1,A claim.,surplus,more,cells,kind?,1,2,3"]
    return ("\n".join(lines) + "\n").encode()


def long_cell(full: bool) -> bytes:
    return csv_text([good_row(text="x" * 1_500_000)]).encode()


def long_quoted_field(full: bool) -> bytes:
    lines = "\n".join("y" * 1000 for _ in range(1200))
    return csv_text([good_row(excerpt=lines)]).encode()


def mixed_encodings(full: bool) -> bytes:
    first = csv_text([good_row()]).encode()
    return first + csv_text([good_row(claim_id="c2", text="Café résumé")]).split("\n", 1)[1].encode(
        "cp1252"
    )


def mixed_line_endings(full: bool) -> bytes:
    rows = [
        good_row(),
        good_row(claim_id="c2", source_url="https://example.org/2"),
        good_row(claim_id="c3", kind="rumour", source_url="https://example.org/3"),
    ]
    text = csv_text(rows, newline="\r\n")
    lines = text.split("\r\n")
    return (lines[0] + "\r" + lines[1] + "\n" + lines[2] + "\r\n" + lines[3] + "\r").encode()


def deep_json(full: bool) -> bytes:
    return b"[" + b"[" * 200_000 + b"]" * 200_000 + b"]"


def deep_json_value(full: bool) -> bytes:
    return b'[{"article_id": "h1", "text": ' + b'{"a": ' * 100_000 + b"1" + b"}" * 100_000 + b"}]"


def huge_json_object(full: bool) -> bytes:
    return json.dumps([good_row(excerpt="z" * 3_000_000)]).encode()


def many_keys_json(full: bool) -> bytes:
    row = {f"unknown{n}": "x" for n in range(10_000)}
    row.update(good_row(stated_value="lots"))
    return json.dumps([row]).encode()


def macro_workbook(full: bool) -> bytes:
    return rezipped(good_workbook(), {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"\0" * 512})


def truncated_workbook(full: bool) -> bytes:
    book = good_workbook()
    return book[: len(book) // 2]


def many_parts(full: bool) -> bytes:
    return rezipped(good_workbook(), {f"xl/media/image{n}.png": PNG for n in range(1100)})


def wide_workbook(full: bool) -> bytes:
    return workbook([[f"c{n}" for n in range(10_000)]])


def formula_workbook(full: bool) -> bytes:
    return good_workbook(stated_value="=1/0")


def arabic_workbook(full: bool) -> bytes:
    return good_workbook(stated_value="٤٢٠٠")


def control_workbook(full: bool) -> bytes:
    """A character reference XML 1.0 forbids (a spreadsheet cannot write one)."""
    book = good_workbook(text="BELL in a claim")
    with zipfile.ZipFile(io.BytesIO(book)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").replace(b"BELL", b"&#x7;")
    return rezipped(book, {"xl/worksheets/sheet1.xml": sheet})


CORPUS = [
    # --- CSV: characters no cell may hold ----------------------------------------------
    Hostile("nul_in_cell.csv", csv_file(good_row(text="a\x00b")), "row 2, column text: contains"),
    Hostile(
        "nul_in_header.csv",
        raw(b"article_id,claim_id\x00,text\nh1,c1,A claim.\n"),
        "row 1, column claim_id: required column is missing",
    ),
    Hostile("escape_in_title.csv", csv_file(good_row(article_title="a\x1b[31m")), "U+001B"),
    Hostile("del_in_unit.csv", csv_file(good_row(unit="nurses\x7f")), "row 2, column unit"),
    Hostile("c1_control.csv", csv_file(good_row(publisher="x\x85y")), "row 2, column publisher"),
    Hostile("newline_in_id.csv", csv_file(good_row(claim_id="c\n1")), "line break"),
    Hostile("tab_in_title.csv", csv_file(good_row(article_title="a\tb")), "line break or tab"),
    # --- CSV: numbers and dates ----------------------------------------------------------
    Hostile("arabic_indic_digits.csv", csv_file(good_row(stated_value="٤٢٠٠")), "digit “٤”"),
    Hostile("fullwidth_digits.csv", csv_file(good_row(stated_value="４,２００")), "digit “４”"),
    Hostile(
        "persian_digits_reported.csv",
        csv_file(good_row(reported_value="۴۲")),
        "row 2, column reported_value",
    ),
    Hostile(
        "devanagari_date.csv",
        csv_file(good_row(article_published_on="२०२४-01-01")),
        "column article_published_on",
    ),
    Hostile(
        "fullwidth_date.csv", csv_file(good_row(source_published_on="２０２４-01-01")), "digit"
    ),
    Hostile("impossible_date.csv", csv_file(good_row(source_published_on="2024-02-30")), "date"),
    Hostile("huge_number.csv", csv_file(good_row(stated_value="1" + "0" * 40)), "too large"),
    Hostile("formula_number.csv", csv_file(good_row(stated_value="=1+1")), "not a number"),
    Hostile("nan_number.csv", csv_file(good_row(stated_value="NaN")), "not a number"),
    Hostile("too_many_decimals.csv", csv_file(good_row(stated_value="1.123456")), "decimal"),
    # --- CSV: addresses ------------------------------------------------------------------
    Hostile(
        "source_port_above_65535.csv",
        csv_file(good_row(source_url="http://example.org:70000/x")),
        "port is not a number from 1 to 65535",
    ),
    Hostile(
        "article_port_above_65535.csv",
        csv_file(good_row(article_url="https://example.org:99999/")),
        "row 2, column article_url",
    ),
    Hostile("javascript_url.csv", csv_file(good_row(source_url="javascript:alert(1)")), "http"),
    Hostile("space_in_host.csv", csv_file(good_row(source_url="http://exa mple.org/")), "http"),
    Hostile("bad_ipv6_host.csv", csv_file(good_row(source_url="http://[::1/x")), "source_url"),
    Hostile(
        "userinfo_url.csv", csv_file(good_row(source_url="http://user@example.org/")), "source_url"
    ),
    # --- CSV: lengths --------------------------------------------------------------------
    Hostile("text_too_long.csv", csv_file(good_row(text="t" * 2001)), "text: is longer than 2000"),
    Hostile("quote_too_long.csv", csv_file(good_row(quote="q" * 5001)), "quote: is longer than"),
    Hostile("excerpt_too_long.csv", csv_file(good_row(excerpt="e" * 5001)), "excerpt: is longer"),
    Hostile(
        "body_too_long.csv",
        csv_file(good_row(article_body="b" * 200_001)),
        "article_body: is longer than 200000",
    ),
    Hostile("id_too_long.csv", csv_file(good_row(claim_id="i" * 101)), "claim_id: is longer"),
    Hostile("cell_over_a_megabyte.csv", long_cell, "longer than 1,000,000 characters"),
    Hostile("quoted_field_over_limit.csv", long_quoted_field, "row 2: the CSV cannot be read"),
    # --- CSV: shape ----------------------------------------------------------------------
    Hostile("empty.csv", raw(b""), "The file is empty"),
    Hostile("blank_lines_only.csv", raw(b"\n\n\r\n  \n"), "The file is empty"),
    Hostile("bom_only.csv", raw(b"\xef\xbb\xbf"), "The file is empty"),
    Hostile("header_only.csv", raw(",".join(COLUMNS).encode() + b"\n"), "no rows"),
    Hostile("header_and_blank_rows.csv", raw(b"article_id,claim_id,text\n,,\n\n"), "no rows"),
    Hostile("huge_header.csv", huge_header, "The header row of the file is longer than"),
    Hostile("ten_thousand_columns.csv", wide_rows, "the header has 10,000 columns"),
    Hostile("extra_cells.csv", extra_cells, "row 2: has 10 cells but the header has 3"),
    Hostile("unterminated_quote.csv", raw(b'article_id,claim_id,text\nh1,c1,"open\n'), "row 2"),
    Hostile("semicolons.csv", raw(b"article_id;claim_id;text\nh1;c1;x\n"), "required column"),
    Hostile("duplicate_header.csv", raw(b"article_id,claim_id,text,text\n"), "appears twice"),
    Hostile("mixed_line_endings.csv", mixed_line_endings, "row 4, column kind"),
    # --- CSV: not text, or not UTF-8 -------------------------------------------------------
    Hostile("png_named.csv", raw(PNG), "PNG image"),
    Hostile("pdf_named.csv", raw(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), "PDF document"),
    Hostile("workbook_named.csv", lambda full: good_workbook(), "zip file"),
    Hostile("gzip_named.csv", lambda full: gzip.compress(csv_text([good_row()]).encode()), "gzip"),
    Hostile("xls_named.csv", raw(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512), ".xls"),
    Hostile("utf16le_bom.csv", csv_file(good_row(), encoding="utf-16"), "UTF-16"),
    Hostile("utf16be_no_bom.csv", csv_file(good_row(), encoding="utf-16-be"), "UTF-16"),
    Hostile("latin1.csv", csv_file(good_row(text="Café"), encoding="latin-1"), "not UTF-8"),
    Hostile("mixed_encodings.csv", mixed_encodings, "line 3: the file is not UTF-8"),
    Hostile(
        "encoded_surrogate.csv", raw(b"article_id,claim_id,text\nh1,c1,\xed\xa0\x80\n"), "UTF-8"
    ),
    Hostile("overlong_utf8.csv", raw(b"article_id,claim_id,text\nh1,c1,\xc0\xaf\n"), "UTF-8"),
    # --- JSON ----------------------------------------------------------------------------
    Hostile("deep_nesting.json", deep_json, "nested too deeply"),
    Hostile("deep_value.json", deep_json_value, "nested too deeply"),
    Hostile(
        "lone_surrogate.json",
        raw(b'[{"article_id": "h1", "claim_id": "c1", "text": "a\\ud800b"}]'),
        "row 2, column text: contains the invisible character U+D800",
    ),
    Hostile(
        "nul_escape.json",
        raw(b'[{"article_id": "h1", "claim_id": "c1", "text": "a\\u0000b"}]'),
        "U+0000",
    ),
    Hostile("surrogate_key.json", raw(b'[{"\\udfff": 1, "article_id": "h1"}]'), "column claim_id"),
    Hostile("empty_list.json", raw(b"[]"), "no rows"),
    Hostile("empty.json", raw(b""), "The file is empty"),
    Hostile("whitespace.json", raw(b"  \n "), "The file is empty"),
    Hostile("object_not_list.json", raw(b'{"article_id": "h1"}'), "must hold a list"),
    Hostile("list_of_strings.json", json_file(["a", "b"]), "row 2: each row"),
    Hostile("huge_integer.json", raw(b'[{"stated_value": ' + b"9" * 5000 + b"}]"), "malformed"),
    Hostile(
        "nan.json", raw(b'[{"article_id": "h1", "claim_id": "c1", "stated_value": NaN}]'), "NaN"
    ),
    Hostile("infinity.json", raw(b'[{"article_id": "h1", "stated_value": 1e999}]'), "number"),
    Hostile("bool_cell.json", json_file([good_row(stated_value=True)]), "not true or false"),
    Hostile("list_cell.json", json_file([good_row(text=["a"])]), "not a list or an object"),
    Hostile("huge_object.json", huge_json_object, "longer than 2,000,000 characters"),
    Hostile("many_unknown_keys.json", many_keys_json, "row 2, column stated_value"),
    Hostile("trailing_garbage.json", raw(b'[{"article_id": "h1"}] trailing'), "after the closing"),
    Hostile("unclosed.json", raw(b'[{"article_id": "h1"}'), "not closed"),
    Hostile("utf16.json", lambda full: json.dumps([good_row()]).encode("utf-16"), "UTF-16"),
    Hostile(
        "arabic_digits.json", json_file([good_row(reported_value="٣٫٥")], ensure_ascii=False), "٣"
    ),
    Hostile("png_named.json", raw(PNG), "PNG image"),
    # --- XLSX ----------------------------------------------------------------------------
    Hostile("zip_bomb.xlsx", zip_bomb, "zip bomb"),
    Hostile("sheet_bomb.xlsx", sheet_bomb, "zip bomb"),
    Hostile(
        "xxe.xlsx",
        with_doctype(b'<!DOCTYPE sst [<!ENTITY x SYSTEM "file:///etc/passwd">]>'),
        "declares a DTD",
    ),
    Hostile(
        "billion_laughs.xlsx",
        with_doctype(
            b'<!DOCTYPE sst [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
            b'<!ENTITY x "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        ),
        "declares a DTD",
    ),
    Hostile("macros_renamed.xlsx", macro_workbook, "contains macros"),
    Hostile("xls_renamed.xlsx", raw(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512), ".xls"),
    Hostile("csv_named.xlsx", lambda full: csv_text([good_row()]).encode(), "not an XLSX"),
    Hostile("png_named.xlsx", raw(PNG), "PNG image"),
    Hostile("truncated.xlsx", truncated_workbook, "not a readable XLSX"),
    Hostile("huge_dimension.xlsx", huge_dimension, "16,384 columns wide"),
    Hostile("sixty_sheets.xlsx", many_sheets, "61 sheets"),
    Hostile("many_parts.xlsx", many_parts, "parts"),
    Hostile("ten_thousand_columns.xlsx", wide_workbook, "columns"),
    Hostile("formula.xlsx", formula_workbook, "row 2, column stated_value"),
    Hostile("arabic_digits.xlsx", arabic_workbook, "digit “٤”"),
    Hostile("control_character.xlsx", control_workbook, "the XLSX sheet cannot be read"),
    Hostile("empty_sheet.xlsx", lambda full: workbook([]), "The file is empty"),
    Hostile("header_only.xlsx", lambda full: workbook([list(COLUMNS)]), "no rows"),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--full-size", action="store_true")
    args = parser.parse_args()
    args.directory.mkdir(parents=True, exist_ok=True)
    for hostile in CORPUS:
        (args.directory / hostile.name).write_bytes(hostile.data(args.full_size))
    print(f"{len(CORPUS)} files in {args.directory}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
