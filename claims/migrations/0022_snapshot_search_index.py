"""Full-text search over archived pages (the search page's "Archived pages"): a generated
tsvector with a GIN index on PostgreSQL, an FTS5 table kept by triggers on SQLite."""

from django.db import migrations

from claims.searching import schema
from claims.searching.schema import IndexedField as F
from claims.searching.schema import SearchIndex

# Frozen here as this migration makes it. Only the first 100,000 characters of the text are
# indexed: the densest text PostgreSQL can be given makes about 10 bytes of tsvector per
# character, and it refuses a tsvector over 1 MB. Captures go straight into the GIN index, not
# through its pending list, which a few long captures fill (docs/decisions.md).
INDEX = SearchIndex(
    "claims_sourcesnapshot",
    (F("title", "A"), F("publisher", "B"), F("text", "D", max_length=100_000)),
    gin_fastupdate=False,
)


def forwards(apps, schema_editor):
    schema.run(schema_editor, schema.create_statements(schema_editor.connection.vendor, [INDEX]))


def backwards(apps, schema_editor):
    schema.run(schema_editor, schema.drop_statements(schema_editor.connection.vendor, [INDEX]))


class Migration(migrations.Migration):
    dependencies = [("claims", "0021_fill_statistics_tallies")]

    operations = [migrations.RunPython(forwards, backwards)]
