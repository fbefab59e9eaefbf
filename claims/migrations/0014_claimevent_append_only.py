"""The audit trail refuses UPDATE and DELETE in PostgreSQL itself, whatever sends them: the
app, a script, or someone at a psql prompt. SQLite keeps the ORM's refusal only."""

from django.db import migrations

REFUSE_CHANGES = """
CREATE FUNCTION claims_claimevent_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'claims_claimevent is append-only: % refused', TG_OP
        USING ERRCODE = 'restrict_violation',
              HINT = 'Audit events are never changed or deleted; record a new event instead.';
END;
$$;
CREATE TRIGGER claims_claimevent_append_only
    BEFORE UPDATE OR DELETE ON claims_claimevent
    FOR EACH ROW EXECUTE FUNCTION claims_claimevent_refuse_change();
"""

ALLOW_CHANGES = """
DROP TRIGGER claims_claimevent_append_only ON claims_claimevent;
DROP FUNCTION claims_claimevent_refuse_change();
"""


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            # A cursor rather than schema_editor.execute, which reads RAISE's % as a parameter.
            with schema_editor.connection.cursor() as cursor:
                cursor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0013_free_text_limits"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="claimevent",
            options={"base_manager_name": "objects", "ordering": ["created_at", "pk"]},
        ),
        migrations.RunPython(on_postgresql(REFUSE_CHANGES), on_postgresql(ALLOW_CHANGES)),
    ]
