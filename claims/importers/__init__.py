"""Bulk import of articles, claims and evidence from CSV, JSON or XLSX (docs/formats.md).

One engine serves the `import_claims` command and the admin's upload-and-preview pages.
"""

from claims.importers.engine import Counts, ImportReport, file_checksum, import_file
from claims.importers.readers import FORMATS, file_format
from claims.importers.tables import FileError

__all__ = [
    "FORMATS",
    "Counts",
    "FileError",
    "ImportReport",
    "file_checksum",
    "file_format",
    "import_file",
]
