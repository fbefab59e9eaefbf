from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Fact-checking"

    def ready(self) -> None:
        post_migrate.connect(restore_search_triggers, sender=self)


def restore_search_triggers(using: str = "default", **kwargs) -> None:
    """SQLite alters a table by building a new one and dropping the old, and the triggers that
    keep the full-text tables in step go with the old one. Put back any a migration dropped;
    the rows were copied with their ids, so the full-text tables still match them."""
    from django.db import connections

    from claims.search import SCOPES
    from claims.searching.schema import sqlite_triggers

    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    tables = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for scope in SCOPES:
            if scope.index.fts_table in tables:
                for statement in sqlite_triggers(scope.index, if_missing=True):
                    cursor.execute(statement)
