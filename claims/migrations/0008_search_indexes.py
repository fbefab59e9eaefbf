"""Full-text search indexes: a generated tsvector with a GIN index on PostgreSQL (with the
`factcheck` configuration, unaccent and pg_trgm), FTS5 tables kept by triggers on SQLite."""

from django.db import migrations

from claims.searching import schema
from claims.searching.schema import IndexedField as F
from claims.searching.schema import SearchIndex

# Frozen here as this migration made them; later changes go in a migration of their own.
INDEXES = [
    SearchIndex(
        "claims_claim",
        (F("external_id", "A"), F("text", "A"), F("quote", "B"), F("attributed_to", "B"),
         F("unit", "C")),
    ),
    SearchIndex(
        "claims_article",
        (F("external_id", "A"), F("title", "A"), F("author", "B"), F("outlet", "B"),
         F("url", "C", split_address=True), F("body", "D")),
    ),
    SearchIndex(
        "claims_source",
        (F("title", "A"), F("publisher", "B"), F("url", "B", split_address=True)),
    ),
    SearchIndex("claims_evidence", (F("excerpt", "A"), F("note", "B"), F("pinpoint", "C"))),
    SearchIndex("claims_comment", (F("body", "A"),)),
]
# Near spellings of claim text ("nurces" for "nurses") when the words find nothing.
TRIGRAM = "CREATE INDEX claims_claim_text_trgm ON claims_claim USING gin (lower(text) gin_trgm_ops)"


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema.run(schema_editor, schema.POSTGRES_CONFIG)
    schema.run(schema_editor, schema.create_statements(vendor, INDEXES))
    if vendor == "postgresql":
        schema.run(schema_editor, [TRIGRAM])


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema.run(schema_editor, ["DROP INDEX IF EXISTS claims_claim_text_trgm"])
    schema.run(schema_editor, schema.drop_statements(vendor, INDEXES))
    if vendor == "postgresql":
        schema.run(schema_editor, schema.POSTGRES_CONFIG_DROP)


class Migration(migrations.Migration):
    dependencies = [("claims", "0007_evidence_version")]

    operations = [migrations.RunPython(forwards, backwards)]
