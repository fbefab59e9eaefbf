"""Shared fixtures: the seeded groups and ratings, users in each role, a claim."""

import importlib

import pytest

from tests.factories import ClaimFactory, EditorFactory, ReviewerFactory, UserFactory

pytest_plugins = ["tests.web_server"]

seed_migration = importlib.import_module("claims.migrations.0002_groups_and_ratings")


@pytest.fixture(autouse=True)
def seeded_scale(request):
    """Groups and ratings come from a migration; flushes after live-server tests drop them.

    Tests marked django_db are seeded too: with --reuse-db (mutation runs), an earlier run's
    last flush leaves the kept test database without them."""
    uses_database = {"db", "transactional_db", "live_server"} & set(request.fixturenames)
    if not uses_database and request.node.get_closest_marker("django_db") is None:
        return
    from django.apps import apps

    seed_migration.seed(apps, None)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The production hasher is slow on purpose; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def reviewer(db):
    return ReviewerFactory(username="rita")


@pytest.fixture
def reviewer2(db):
    return ReviewerFactory(username="rob")


@pytest.fixture
def editor(db):
    return EditorFactory(username="edna")


@pytest.fixture
def editor2(db):
    return EditorFactory(username="ed")


@pytest.fixture
def staff(db):
    return UserFactory(username="stan", is_staff=True, is_superuser=True)


@pytest.fixture
def people(reviewer, reviewer2, editor, editor2, staff):
    """Everyone a workflow rule tells apart, by the part they play."""
    return {
        "reviewer": reviewer,
        "other_reviewer": reviewer2,
        "editor": editor,
        "other_editor": editor2,
        "staff_only": UserFactory(username="sam", is_staff=True),
        "superuser": staff,
    }


@pytest.fixture
def claim(db):
    return ClaimFactory()
