"""Seed the Reviewers and Editors groups and the rating scale of the design."""

from django.db import migrations

RATINGS = [
    # label, slug, value, colour, description
    ("True", "true", 5, "#1a7f37", "The statement is accurate and nothing significant is missing."),
    ("Mostly true", "mostly-true", 4, "#4d9a2a", "Accurate but needs clarification or context."),
    ("Half true", "half-true", 3, "#b08800", "Partially accurate; leaves out important details."),
    ("Mostly false", "mostly-false", 2, "#d4631d", "Contains some truth but ignores critical facts."),
    ("False", "false", 1, "#cf222e", "The statement is not accurate."),
    ("Misleading", "misleading", 2, "#8250df", "Accurate facts arranged to give a false impression."),
    ("Unproven", "unproven", None, "#6e7781", "The evidence available does not settle it."),
]
GROUPS = ["Reviewers", "Editors"]


def seed(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Rating = apps.get_model("claims", "Rating")
    for name in GROUPS:
        Group.objects.get_or_create(name=name)
    for order, (label, slug, value, colour, description) in enumerate(RATINGS):
        Rating.objects.update_or_create(
            slug=slug,
            defaults={
                "label": label,
                "value": value,
                "colour": colour,
                "description": description,
                "order": order,
            },
        )


def unseed(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()
    apps.get_model("claims", "Rating").objects.filter(
        slug__in=[slug for _label, slug, *_rest in RATINGS], verdicts__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
