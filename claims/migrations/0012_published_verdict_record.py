"""A published verdict is a record: what the public sees (rating label, value, colour,
description, the quote) is frozen into it at publication, the claim's public verdict is
one flagged row, and a claim whose article changed its quote since publication says so."""

from django.db import migrations, models
from django.db.models import Exists, OuterRef, Q


def backfill(apps, schema_editor):
    """Freeze existing published verdicts as they read today, and flag each claim's public
    one (its latest published verdict not replaced by a published correction)."""
    Verdict = apps.get_model("claims", "Verdict")
    Evidence = apps.get_model("claims", "Evidence")
    published = Verdict.objects.filter(published_at__isnull=False)
    for verdict in published.select_related("rating", "claim").iterator(chunk_size=1000):
        verdict.rating_label = verdict.rating.label
        verdict.rating_value = verdict.rating.value
        verdict.rating_colour = verdict.rating.colour
        verdict.rating_description = verdict.rating.description
        verdict.published_quote = verdict.claim.quote
        verdict.published_claim_text = verdict.claim.text
        verdict.published_sources = [
            {"source": source, "stance": stance, "excerpt": excerpt, "pinpoint": pinpoint}
            for source, stance, excerpt, pinpoint in Evidence.objects.filter(
                claim=verdict.claim_id
            )
            .order_by("created_at", "pk")
            .values_list("source", "stance", "excerpt", "pinpoint")
        ]
        verdict.save(
            update_fields=[
                "rating_label",
                "rating_value",
                "rating_colour",
                "rating_description",
                "published_quote",
                "published_claim_text",
                "published_sources",
            ]
        )
    superseded = Verdict.objects.filter(replaces=OuterRef("pk"), published_at__isnull=False)
    published.exclude(Exists(superseded)).update(is_public=True)


class Migration(migrations.Migration):
    dependencies = [("claims", "0011_article_language")]

    operations = [
        migrations.AlterField(
            model_name="claimevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("created", "Created"),
                    ("updated", "Edited"),
                    ("imported", "Imported"),
                    ("status", "Status changed"),
                    ("assigned", "Assigned"),
                    ("evidence_added", "Evidence added"),
                    ("evidence_changed", "Evidence changed"),
                    ("evidence_removed", "Evidence removed"),
                    ("verdict_proposed", "Verdict proposed"),
                    ("verdict_submitted", "Submitted for review"),
                    ("verdict_returned", "Sent back"),
                    ("verdict_published", "Verdict published"),
                    ("reopened", "Reopened for correction"),
                    ("commented", "Commented"),
                    ("anchor", "Anchor changed"),
                    ("article_change_confirmed", "Verdict confirmed for changed text"),
                ],
                max_length=30,
            ),
        ),
        migrations.AddField(
            model_name="claim",
            name="article_changed",
            field=models.BooleanField(
                db_default=False,
                default=False,
                help_text="The article text changed the quote since the verdict was published.",
            ),
        ),
        migrations.AddField(
            model_name="verdict",
            name="is_public",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="verdict",
            name="rating_label",
            field=models.CharField(blank=True, max_length=50),
        ),
        migrations.AddField(
            model_name="verdict",
            name="rating_value",
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="verdict",
            name="rating_colour",
            field=models.CharField(blank=True, max_length=7),
        ),
        migrations.AddField(
            model_name="verdict",
            name="rating_description",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="verdict",
            name="published_quote",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="verdict",
            name="published_claim_text",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="verdict",
            name="published_sources",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="verdict",
            constraint=models.UniqueConstraint(
                condition=Q(is_public=True), fields=("claim",), name="verdict_one_public_per_claim"
            ),
        ),
        migrations.AddConstraint(
            model_name="verdict",
            constraint=models.CheckConstraint(
                condition=Q(is_public=False) | Q(published_at__isnull=False),
                name="verdict_public_is_published",
            ),
        ),
        migrations.AddIndex(
            model_name="verdict",
            index=models.Index(
                condition=Q(is_public=True), fields=["-published_at"], name="verdict_public_recent"
            ),
        ),
    ]
