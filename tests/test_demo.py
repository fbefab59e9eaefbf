"""The demo command loads the seed data set once, and a second run changes nothing."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from claims.models import Article, Claim, ClaimEvent, Comment, Evidence, Source, Verdict

pytestmark = pytest.mark.django_db


def snapshot():
    from django.contrib.auth import get_user_model

    tables = [Article, Claim, ClaimEvent, Comment, Evidence, Source, Verdict, get_user_model()]
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in tables}


@pytest.fixture(autouse=True)
def debug_on(settings):
    settings.DEBUG = True


class TestDemoCommand:
    def test_loads_the_seed_article_with_claims_in_several_statuses(self):
        call_command("demo", stdout=StringIO())
        article = Article.objects.get()
        assert article.body.startswith("Global Security At Risk")
        statuses = set(article.claims.values_list("status", flat=True))
        assert {"new", "researching", "in_review", "published", "not_checkable"} <= statuses
        published = Claim.objects.get(status="published")
        assert published.stated_value == 1500
        verdict = published.verdicts.get(is_current=True)
        assert verdict.rating.slug == "true"
        assert verdict.approved_by.username == "editor"
        assert verdict.submitted_by.username == "reviewer"

    def test_every_claim_quote_matches_its_offsets(self):
        call_command("demo", stdout=StringIO())
        for claim in Claim.objects.select_related("article"):
            assert claim.article.body[claim.start : claim.end] == claim.quote

    def test_second_run_changes_nothing(self):
        call_command("demo", stdout=StringIO())
        first = snapshot()
        call_command("demo", stdout=StringIO())
        assert snapshot() == first

    def test_demo_users_log_in_with_the_demo_password(self, monkeypatch):
        monkeypatch.setenv("DEMO_PASSWORD", "a-different-demo-pass")
        call_command("demo", stdout=StringIO())
        from django.contrib.auth import get_user_model

        users = get_user_model().objects.in_bulk(field_name="username")
        assert users["reviewer"].check_password("a-different-demo-pass")
        assert users["editor"].groups.filter(name="Editors").exists()
        assert users["admin"].is_staff


def test_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("demo")
    assert not Article.objects.exists()


def test_the_demo_history_reaches_inboxes_not_the_mail_server(transactional_db, settings, capsys):
    """In a committing database, as `make run` has: each step commits, and mails."""
    from claims.notifications.models import Notification

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
    out = StringIO()
    call_command("demo", stdout=out)
    assert Notification.objects.filter(recipient__username="editor").exists()
    assert "Subject:" not in capsys.readouterr().out  # nothing reached the console mailer
    assert re.search(r"\(\d+ notification e-mails of the demo's history", out.getvalue())
