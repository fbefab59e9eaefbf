"""The search indexes' SQL, built from one description per table so that the migrations and
the search code agree on names.

PostgreSQL: a stored generated `search_vector` column (the `factcheck` text search
configuration: English stemming with accents folded by `unaccent`) and a GIN index on it.
SQLite: an FTS5 table `<table>_fts` whose rowid is the row's id, kept in step by triggers.
"""

from dataclasses import dataclass

CONFIG = "factcheck"
VECTOR = "search_vector"


@dataclass(frozen=True)
class IndexedField:
    column: str
    weight: str  # A (most telling) to D
    # An address is indexed as its words, so "example.org" finds "https://www.example.org/x".
    split_address: bool = False
    # Only the first `max_length` characters are indexed, on both databases alike: PostgreSQL
    # refuses a tsvector over 1 MB, which a long text (a PDF's) can reach.
    max_length: int | None = None

    def prefix(self, value: str, vendor: str) -> str:
        """`value` (SQL) cut to the characters this field indexes."""
        if self.max_length is None:
            return value
        if vendor == "postgresql":
            return f"left({value}, {int(self.max_length)})"
        return f"substr({value}, 1, {int(self.max_length)})"


@dataclass(frozen=True)
class SearchIndex:
    table: str
    fields: tuple[IndexedField, ...]
    # PostgreSQL's GIN index keeps new rows in a pending list that every search reads until it
    # is merged; off, each insert goes straight into the index (slower inserts, for tables of
    # few, long rows, where a handful of inserts make that list slow every search).
    gin_fastupdate: bool = True

    @property
    def fts_table(self) -> str:
        return f"{self.table}_fts"

    @property
    def gin_index(self) -> str:
        return f"{self.table}_search_gin"

    def field(self, column: str) -> IndexedField:
        return next(field for field in self.fields if field.column == column)


def _pg_field(field: IndexedField) -> str:
    value = field.prefix(f"coalesce({field.column}, '')", "postgresql")
    if field.split_address:
        value = f"regexp_replace({value}, '[^[:alnum:]]+', ' ', 'g')"
    return f"setweight(to_tsvector('{CONFIG}'::regconfig, {value}), '{field.weight}')"


def postgres_create(index: SearchIndex) -> list[str]:
    vector = " || ".join(_pg_field(field) for field in index.fields)
    return [
        f"ALTER TABLE {index.table} ADD COLUMN {VECTOR} tsvector "
        f"GENERATED ALWAYS AS ({vector}) STORED",
        f"CREATE INDEX {index.gin_index} ON {index.table} USING gin ({VECTOR})"
        + ("" if index.gin_fastupdate else " WITH (fastupdate = off)"),
    ]


def postgres_drop(index: SearchIndex) -> list[str]:
    return [f"ALTER TABLE {index.table} DROP COLUMN IF EXISTS {VECTOR}"]


POSTGRES_CONFIG = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}",
    f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = pg_catalog.english)",
    f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR hword, hword_part, word "
    "WITH unaccent, english_stem",
]
POSTGRES_CONFIG_DROP = [f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}"]


def _fts_values(index: SearchIndex, row: str = "") -> str:
    """The row's values as the FTS5 table holds them (`row`: "new", "old", or the table's)."""
    qualifier = f"{row}." if row else ""
    return ", ".join(
        field.prefix(f"coalesce({qualifier}{field.column}, '')", "sqlite") for field in index.fields
    )


def sqlite_triggers(index: SearchIndex, *, if_missing: bool = False) -> list[str]:
    """The triggers that keep `index`'s FTS5 table in step with its table."""
    columns = ", ".join(field.column for field in index.fields)
    fts, table = index.fts_table, index.table
    insert = f"INSERT INTO {fts} (rowid, {columns}) VALUES (new.id, {_fts_values(index, 'new')});"
    delete = f"DELETE FROM {fts} WHERE rowid = old.id;"
    create = "CREATE TRIGGER IF NOT EXISTS" if if_missing else "CREATE TRIGGER"
    return [
        f"{create} {fts}_insert AFTER INSERT ON {table} BEGIN {insert} END",
        f"{create} {fts}_update AFTER UPDATE ON {table} BEGIN {delete} {insert} END",
        f"{create} {fts}_delete AFTER DELETE ON {table} BEGIN {delete} END",
    ]


def sqlite_create(index: SearchIndex) -> list[str]:
    columns = ", ".join(field.column for field in index.fields)
    fts, table = index.fts_table, index.table
    return [
        # remove_diacritics folds accents; porter stems as PostgreSQL's english does.
        f"CREATE VIRTUAL TABLE {fts} USING fts5({columns}, "
        "tokenize = 'porter unicode61 remove_diacritics 2')",
        *sqlite_triggers(index),
        f"INSERT INTO {fts} (rowid, {columns}) SELECT id, {_fts_values(index)} FROM {table}",
    ]


def sqlite_drop(index: SearchIndex) -> list[str]:
    fts = index.fts_table
    return [
        f"DROP TRIGGER IF EXISTS {fts}_insert",
        f"DROP TRIGGER IF EXISTS {fts}_update",
        f"DROP TRIGGER IF EXISTS {fts}_delete",
        f"DROP TABLE IF EXISTS {fts}",
    ]


def create_statements(vendor: str, indexes: list[SearchIndex]) -> list[str]:
    """Everything a migration runs to add `indexes` on this database."""
    if vendor == "postgresql":
        return [sql for index in indexes for sql in postgres_create(index)]
    if vendor == "sqlite":
        return [sql for index in indexes for sql in sqlite_create(index)]
    return []


def drop_statements(vendor: str, indexes: list[SearchIndex]) -> list[str]:
    if vendor == "postgresql":
        return [sql for index in indexes for sql in postgres_drop(index)]
    if vendor == "sqlite":
        return [sql for index in indexes for sql in sqlite_drop(index)]
    return []


def run(schema_editor, statements: list[str]) -> None:
    for statement in statements:
        schema_editor.execute(statement)
