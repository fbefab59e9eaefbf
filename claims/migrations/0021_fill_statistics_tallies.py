"""Fill the statistics tallies from the records a desk already has.

The rebuild reads only the columns the tallies are made of (a claim's assignee and status,
the submission and publication events, the published verdicts' moments), so later columns
elsewhere do not disturb it; a later change to the tallies themselves brings its own rebuild.
"""

from django.db import migrations


def fill(apps, schema_editor):
    from claims.tallies.rebuild import rebuild_tallies

    rebuild_tallies()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0020_statistics_tallies"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
