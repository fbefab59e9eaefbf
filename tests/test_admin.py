"""The admin lists every model, keeps records read-only where only the desk may change them,
and writes through the desk's services: same rules, same audit events."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from claims.admin import ClaimAdmin
from claims.models import (
    AnchorStatus,
    Article,
    Claim,
    ClaimEvent,
    ClaimSuggestion,
    Comment,
    Publisher,
    Source,
    SourceCheck,
)
from claims.services.articles import article_create, article_update_text
from claims.services.claims import claim_edit
from claims.services.comments import comment_add
from claims.services.sources import publisher_save
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    EvidenceFactory,
    SourceFactory,
    SourceSnapshotFactory,
    UserFactory,
)
from tests.workflow_states import in_review

pytestmark = pytest.mark.django_db

MODELS = [
    "article",
    "claim",
    "rating",
    "source",
    "evidence",
    "verdict",
    "comment",
    "claimevent",
    "claimsuggestion",
    "sourcecheck",
    "sourcesnapshot",
    "publisher",
]


@pytest.fixture
def admin_client_(client, staff):
    client.force_login(staff)
    return client


@pytest.mark.parametrize("model", MODELS)
def test_every_model_has_a_working_changelist(admin_client_, model):
    ClaimFactory()
    response = admin_client_.get(reverse(f"admin:claims_{model}_changelist") + "?q=nurses")
    assert response.status_code == 200


def test_claim_events_cannot_be_added_changed_or_deleted(admin_client_, claim):
    event = ClaimEvent.objects.create(claim=claim, kind=ClaimEvent.Kind.CREATED)
    assert admin_client_.get(reverse("admin:claims_claimevent_add")).status_code == 403
    response = admin_client_.post(
        reverse("admin:claims_claimevent_change", args=[event.pk]), {"note": "rewritten"}
    )
    assert response.status_code == 403
    assert (
        admin_client_.get(reverse("admin:claims_claimevent_delete", args=[event.pk])).status_code
        == 403
    )
    event.refresh_from_db()
    assert event.note == ""


def claim_form(claim, **changes):
    data = {
        "article": claim.article_id,
        "external_id": claim.external_id,
        "text": claim.text,
        "quote": claim.quote,
        "start": claim.start,
        "end": claim.end,
        "kind": claim.kind,
        "stated_value": claim.stated_value,
        "qualifier": claim.qualifier,
        "unit": claim.unit,
        "attributed_to": "",
        "status_reason": "",
        "priority": claim.priority,
        "based_on_version": claim.version,
        "evidence-TOTAL_FORMS": 0,
        "evidence-INITIAL_FORMS": 0,
    }
    data.update(changes)
    return data


def test_editing_a_claim_in_the_admin_records_an_event(admin_client_, staff, claim):
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    response = admin_client_.post(url, claim_form(claim, text="Reworded claim", priority=80))
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.text, claim.priority, claim.version) == ("Reworded claim", 80, 2)
    event = claim.events.get(kind=ClaimEvent.Kind.UPDATED)
    assert event.actor == staff
    assert event.to_data == {"text": "Reworded claim", "priority": 80}


def test_a_quote_that_does_not_match_the_offsets_is_refused(admin_client_, claim):
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    response = admin_client_.post(url, claim_form(claim, quote="Something else entirely"))
    assert response.status_code == 200
    assert "The quote must be exactly the article text" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).quote == claim.quote


@pytest.mark.parametrize(
    "model", ["verdict", "evidence", "sourcecheck", "sourcesnapshot", "publisher"]
)
def test_workflow_records_are_read_only_in_the_admin(admin_client_, model):
    assert admin_client_.get(reverse(f"admin:claims_{model}_add")).status_code == 403


class TestSourceRecordsInTheAdmin:
    """Checks and captures are the worker's records; the registry is the editors' page."""

    def test_checks_and_captures_are_listed_and_kept_as_taken(self, admin_client_):
        snapshot = SourceSnapshotFactory(
            text="The whole readable text of the page.", title="Troops sent north"
        )
        source = snapshot.source
        check = SourceCheck.objects.create(
            source=source, checked_at=timezone.now(), link_status="ok", status_code=200
        )
        listing = admin_client_.get(reverse("admin:claims_sourcesnapshot_changelist"))
        assert "Troops sent north" in listing.content.decode()
        page = admin_client_.get(reverse("admin:claims_sourcesnapshot_change", args=[snapshot.pk]))
        assert page.status_code == 200
        assert "The whole readable text" not in page.content.decode()
        assert 'class="viewsitelink"' in page.content.decode()  # to the desk's snapshot page
        posted = admin_client_.post(
            reverse("admin:claims_sourcecheck_change", args=[check.pk]),
            {"link_status": "broken"},
        )
        assert posted.status_code == 403
        assert SourceCheck.objects.get().link_status == "ok"

    def test_the_registry_is_listed_but_changed_on_the_desk(self, admin_client_, editor):
        publisher = publisher_save(actor=editor, domain="reuters.com", reliability="high")
        listing = admin_client_.get(reverse("admin:claims_publisher_changelist"))
        assert "reuters.com" in listing.content.decode()
        url = reverse("admin:claims_publisher_delete", args=[publisher.pk])
        assert admin_client_.post(url, {"post": "yes"}).status_code == 403
        assert Publisher.objects.filter(domain="reuters.com").exists()


def staff_without_role(*codenames):
    """A staff user with the admin's model permissions but no role on the desk."""
    user = UserFactory(username="sam", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


def errors_on(response) -> str:
    """Every error the admin's form shows, as one string."""
    form = response.context["adminform"].form
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


ORIGINAL_TEXT = (
    "The ministry said 4,200 nurses were hired in 2023.\n\n"
    "Officials confirmed that the budget grew by 3.5 percent over the year.\n\n"
    "Unemployment fell to 4.1 percent last year, the statistics bureau said.\n\n"
    "Critics argue the plan must be scrapped."
)
# Every kind of re-anchoring at once: a shifted exact match, a re-spaced (normalised) one, a
# reworded (fuzzy) one, and a deleted sentence whose anchor is lost.
EDITED_TEXT = (
    "A new first paragraph moves every claim after it.\n\n"
    "The ministry said  4,200 nurses were hired in 2023.\n\n"
    "Officials confirmed that the budget had grown by 3.5 percent over the year.\n\n"
    "Critics argue the plan must be scrapped."
)
QUOTES = {
    "c1": "The ministry said 4,200 nurses were hired in 2023.",
    "c2": "Officials confirmed that the budget grew by 3.5 percent over the year.",
    "c3": "Unemployment fell to 4.1 percent last year, the statistics bureau said.",
    "c4": "Critics argue the plan must be scrapped.",
}


def article_with_claims(external_id: str) -> Article:
    article = ArticleFactory(external_id=external_id, body=ORIGINAL_TEXT, published_on=None)
    for claim_id, quote in QUOTES.items():
        ClaimFactory(article=article, external_id=claim_id, text=quote, quote=quote)
    return article


def article_form(article, **changes):
    data = {
        "external_id": article.external_id,
        "title": article.title,
        "author": article.author,
        "outlet": article.outlet,
        "url": article.url,
        "published_on": "",
        # As a browser sends a textarea: CRLF line ends.
        "body": article.body.replace("\n", "\r\n"),
    }
    data.update(changes)
    return data


def anchoring(article) -> dict:
    """Everything re-anchoring touches, comparable across two articles."""
    article.refresh_from_db()
    return {
        "body": article.body,
        "claims": list(
            article.claims.order_by("external_id").values_list(
                "external_id", "start", "end", "quote", "anchor_status", "anchor_confidence"
            )
        ),
        "events": list(
            ClaimEvent.objects.filter(claim__article=article)
            .order_by("claim__external_id", "pk")
            .values_list("claim__external_id", "kind", "actor", "from_data", "to_data", "note")
        ),
        "suggestions": list(
            article.suggestions.order_by("start").values_list("text", "start", "end", "status")
        ),
    }


class TestArticleTextInTheAdmin:
    def change(self, client, article, **changes):
        url = reverse("admin:claims_article_change", args=[article.pk])
        return client.post(url, article_form(article, **changes))

    def test_a_text_edit_reanchors_exactly_as_the_desk_does(self, admin_client_, staff):
        """The admin's text edit leaves the claims and events the desk's service leaves."""
        in_admin, on_desk = article_with_claims("admin"), article_with_claims("desk")
        response = self.change(admin_client_, in_admin, body=EDITED_TEXT.replace("\n", "\r\n"))
        assert response.status_code == 302
        article_update_text(article=on_desk, actor=staff, body=EDITED_TEXT)
        assert anchoring(in_admin) == anchoring(on_desk)
        statuses = dict(in_admin.claims.values_list("external_id", "anchor_status"))
        assert statuses == {
            "c1": AnchorStatus.NORMALISED,
            "c2": AnchorStatus.FUZZY,
            "c3": AnchorStatus.LOST,
            "c4": AnchorStatus.EXACT,
        }
        anchor_events = ClaimEvent.objects.filter(claim__article=in_admin, actor=staff)
        assert anchor_events.filter(kind=ClaimEvent.Kind.ANCHOR).count() == 4

    def test_a_lost_anchor_is_named_after_saving(self, admin_client_):
        """The admin says which claims lost their quote, as the desk does."""
        article = article_with_claims("a1")
        response = self.change(admin_client_, article, body=EDITED_TEXT)
        shown = [str(message) for message in get_messages(response.wsgi_request)]
        assert any(message.startswith("Anchor lost for c3:") for message in shown)

    def test_saving_other_details_leaves_the_claims_anchored(self, admin_client_):
        """A title edit posted with the text's CRLF line ends moves no claim."""
        article = article_with_claims("a1")
        before = anchoring(article)
        response = self.change(admin_client_, article, title="A better title")
        assert response.status_code == 302
        assert Article.objects.get(pk=article.pk).title == "A better title"
        assert anchoring(article) == before
        assert "body" not in LogEntry.objects.get().get_change_message().lower()

    def test_details_and_text_are_saved_together(self, admin_client_, monkeypatch):
        """When re-anchoring fails, the title saved before it is rolled back too."""
        article = article_with_claims("a1")
        before = anchoring(article)

        def broken(**kwargs):
            raise RuntimeError("extractor failed")

        monkeypatch.setattr("claims.services.articles.suggestions_refresh", broken)
        with pytest.raises(RuntimeError):
            self.change(admin_client_, article, title="A better title", body=EDITED_TEXT)
        assert Article.objects.get(pk=article.pk).title == article.title
        assert anchoring(article) == before

    def test_staff_who_are_not_editors_are_refused_and_nothing_is_written(self, client):
        """A non-editor's edit is a form error saying why; neither the title nor the text
        changes, and no claim moves."""
        client.force_login(staff_without_role("change_article", "view_article"))
        article = article_with_claims("a1")
        before = anchoring(article)
        response = self.change(client, article, title="A better title", body=EDITED_TEXT)
        assert response.status_code == 200
        assert "Only editors add or change articles" in errors_on(response)
        assert "not in the Editors group" in errors_on(response)
        assert Article.objects.get(pk=article.pk).title == article.title
        assert anchoring(article) == before
        assert not LogEntry.objects.exists()


class TestNewArticleInTheAdmin:
    TEXT = (
        "The ministry said 4,200 nurses were hired in 2023.\r\n\r\n"
        "Officials confirmed that the budget grew by 3.5 percent."
    )

    def add(self, client, **changes):
        data = {
            "external_id": "new-1",
            "title": "New article",
            "author": "",
            "outlet": "",
            "url": "",
            "published_on": "",
            "body": self.TEXT,
            **changes,
        }
        return client.post(reverse("admin:claims_article_add"), data)

    def test_an_added_article_gets_the_desks_claim_suggestions(self, admin_client_, staff):
        """Adding in the admin extracts the same suggestions as adding on the desk."""
        assert self.add(admin_client_).status_code == 302
        added = Article.objects.get(external_id="new-1")
        on_desk = article_create(
            actor=staff, title="Desk", body=self.TEXT.replace("\r\n", "\n"), external_id="desk"
        )
        assert added.body == on_desk.body
        suggested = anchoring(added)["suggestions"]
        assert suggested and suggested == anchoring(on_desk)["suggestions"]

    def test_staff_who_are_not_editors_cannot_add_articles(self, client):
        """The refusal is a form error naming why, and no article is created."""
        client.force_login(staff_without_role("add_article", "view_article"))
        response = self.add(client)
        assert response.status_code == 200
        assert "Only editors add or change articles" in errors_on(response)
        assert not Article.objects.exists()
        assert not ClaimSuggestion.objects.exists()


class TestClaimVersionsInTheAdmin:
    def change(self, client, claim, **changes):
        url = reverse("admin:claims_claim_change", args=[claim.pk])
        return client.post(url, claim_form(claim, **changes))

    def test_a_change_without_the_version_it_was_based_on_is_refused(self, admin_client_, claim):
        """As on the claim page, a change must say which version it was based on."""
        response = self.change(admin_client_, claim, text="Reworded", based_on_version="")
        assert response.status_code == 200
        assert "reload the page" in response.content.decode()
        assert Claim.objects.get(pk=claim.pk).text == claim.text
        assert not claim.events.exists()

    def test_the_change_form_carries_the_version_it_was_based_on(self, admin_client_, claim):
        """The form's hidden field holds the version the admin is looking at."""
        url = reverse("admin:claims_claim_change", args=[claim.pk])
        claim.save_new_version()
        form = admin_client_.get(url).context["adminform"].form
        assert form["based_on_version"].value() == 2

    def test_saving_over_someone_elses_change_is_a_conflict(self, admin_client_, staff, editor):
        """The form says someone else changed the claim, names them, and saves nothing."""
        claim = ClaimFactory()
        seen = Claim.objects.get(pk=claim.pk)
        claim_edit(claim=claim, actor=editor, text="The editor's wording")
        response = self.change(admin_client_, seen, text="The admin's wording")
        assert response.status_code == 200
        assert "changed by someone else" in errors_on(response)
        assert "by edna" in errors_on(response)
        claim.refresh_from_db()
        assert claim.text == "The editor's wording"
        assert not claim.events.filter(actor=staff).exists()

    def test_saving_again_after_the_conflict_is_shown_goes_through(self, admin_client_, editor):
        """Once shown the other change, the form is based on it, so a second save is a choice."""
        claim = ClaimFactory()
        seen = Claim.objects.get(pk=claim.pk)
        claim_edit(claim=claim, actor=editor, text="The editor's wording")
        shown = self.change(admin_client_, seen, text="The admin's wording")
        based_on = shown.context["adminform"].form["based_on_version"].value()
        assert based_on == Claim.objects.get(pk=claim.pk).version
        response = self.change(
            admin_client_, seen, text="The admin's wording", based_on_version=based_on
        )
        assert response.status_code == 302
        assert Claim.objects.get(pk=claim.pk).text == "The admin's wording"

    def test_a_change_landing_between_check_and_save_is_refused(
        self, admin_client_, staff, editor, monkeypatch
    ):
        """A save racing the form's check is refused by the service's version check and shown
        as the same conflict on the form, not a server error."""
        claim = ClaimFactory()
        # The admin reads the claim (and checks the form against it) just before the
        # editor's save lands.
        as_read = iter([Claim.objects.get(pk=claim.pk)])
        real_get_object = ClaimAdmin.get_object

        def get_object(self, request, object_id, from_field=None):
            return next(as_read, None) or real_get_object(self, request, object_id, from_field)

        monkeypatch.setattr(ClaimAdmin, "get_object", get_object)
        seen = Claim.objects.get(pk=claim.pk)
        claim_edit(claim=claim, actor=editor, text="The editor's wording")
        response = self.change(admin_client_, seen, text="The admin's wording")
        assert response.status_code == 200
        assert "changed by someone else" in errors_on(response)
        claim.refresh_from_db()
        assert claim.text == "The editor's wording"
        assert not claim.events.filter(actor=staff).exists()
        assert not LogEntry.objects.exists()

    def test_a_claim_in_review_is_frozen_here_too(self, admin_client_, staff, reviewer):
        """As on the claim page, a claim in review changes only after going back to research."""
        claim = in_review(reviewer)
        claim.refresh_from_db()
        events = claim.events.count()
        response = self.change(admin_client_, claim, text="Reworded in review")
        assert response.status_code == 200
        assert "is in review" in errors_on(response)
        assert Claim.objects.get(pk=claim.pk).text == claim.text
        assert claim.events.count() == events

    def test_staff_who_are_not_editors_cannot_edit_claims(self, client):
        """Editing a claim needs the editor role, as on the claim page."""
        client.force_login(staff_without_role("change_claim", "view_claim"))
        claim = ClaimFactory()
        response = self.change(client, claim, text="Reworded by staff")
        assert response.status_code == 200
        assert "Only editors" in errors_on(response)
        assert Claim.objects.get(pk=claim.pk).text == claim.text

    def test_staff_who_are_not_editors_cannot_add_claims(self, client):
        """Adding a claim needs the editor role, as turning a suggestion into one does."""
        client.force_login(staff_without_role("add_claim", "view_claim"))
        template = ClaimFactory.build(article=ArticleFactory(), stated_value="")
        data = {**claim_form(template), "based_on_version": ""}
        response = client.post(reverse("admin:claims_claim_add"), data)
        assert response.status_code == 200
        assert "Only editors add claims" in errors_on(response)
        assert not Claim.objects.exists()

    def test_the_article_and_id_of_a_claim_are_not_offered_for_editing(self, admin_client_, claim):
        """Saving passes only the editable fields to the service, so the form offers no others."""
        url = reverse("admin:claims_claim_change", args=[claim.pk])
        form = admin_client_.get(url).context["adminform"].form
        assert {"article", "external_id", "status_reason"}.isdisjoint(form.fields)


class TestRecordsOnlyTheDeskChanges:
    @pytest.fixture
    def suggestion(self):
        article = ArticleFactory()
        ClaimSuggestion.objects.create(
            article=article, text="x", fingerprint="f", start=0, end=1, kind="figure", score=0.5
        )
        return ClaimSuggestion.objects.get()

    def test_a_suggestions_status_cannot_be_changed(self, admin_client_, suggestion):
        """Suggestions are decided on the article page: the admin shows them read-only."""
        url = reverse("admin:claims_claimsuggestion_change", args=[suggestion.pk])
        assert admin_client_.get(url).status_code == 200
        assert admin_client_.post(url, {"status": "dismissed"}).status_code == 403
        delete = reverse("admin:claims_claimsuggestion_delete", args=[suggestion.pk])
        assert admin_client_.post(delete, {"post": "yes"}).status_code == 403
        suggestion.refresh_from_db()
        assert suggestion.status == ClaimSuggestion.Status.OPEN

    def test_a_comment_cannot_be_rewritten_added_or_deleted(self, admin_client_, claim, editor):
        """A reviewer's comment stays as written; new ones come through the audited page."""
        comment = comment_add(claim=claim, author=editor, body="Check the 2023 figure.")
        url = reverse("admin:claims_comment_change", args=[comment.pk])
        assert admin_client_.post(url, {"body": "Rewritten"}).status_code == 403
        delete = reverse("admin:claims_comment_delete", args=[comment.pk])
        assert admin_client_.post(delete, {"post": "yes"}).status_code == 403
        assert admin_client_.get(reverse("admin:claims_comment_add")).status_code == 403
        assert Comment.objects.get().body == "Check the 2023 figure."


def source_form(**changes):
    data = {
        "url": "https://example.org/report",
        "title": "Report",
        "publisher": "",
        "published_on": "",
        "kind": "news",
        "reliability": "unknown",
        "link_status": "unchecked",
        "link_checked_at_0": "",
        "link_checked_at_1": "",
        "archive_url": "",
        "archived_at_0": "",
        "archived_at_1": "",
    }
    data.update(changes)
    return data


class TestSourceAddressesInTheAdmin:
    def add(self, client, **changes):
        return client.post(reverse("admin:claims_source_add"), source_form(**changes))

    def test_an_added_address_is_stored_normalised(self, admin_client_):
        """Host case, the fragment and tracking parameters go, as on the desk."""
        response = self.add(admin_client_, url="https://Example.ORG/report?utm_source=x#top")
        assert response.status_code == 302
        assert Source.objects.get().url == "https://example.org/report"

    @pytest.mark.parametrize("typed", ["example.org", "https://EXAMPLE.org/#about"])
    def test_an_address_already_held_by_a_source_is_refused(self, admin_client_, typed):
        """`example.org` and `https://example.org/` are one source: the error names it."""
        existing = SourceFactory(url="https://example.org/", title="Home page")
        response = self.add(admin_client_, url=typed)
        assert response.status_code == 200
        assert f"Source #{existing.pk} (“Home page”) already has this address" in errors_on(
            response
        )
        assert Source.objects.count() == 1

    def test_changing_an_address_to_another_sources_is_refused(self, admin_client_):
        """Editing a source cannot make it a second copy of another one."""
        SourceFactory(url="https://example.org/a")
        other = SourceFactory(url="https://example.org/b")
        url = reverse("admin:claims_source_change", args=[other.pk])
        response = admin_client_.post(url, source_form(url="https://EXAMPLE.org/a#x"))
        assert "already has this address" in errors_on(response)
        assert Source.objects.get(pk=other.pk).url == "https://example.org/b"

    def test_only_web_addresses_are_accepted(self, admin_client_):
        """Sources are http or https, whatever the admin's URL field would allow."""
        response = self.add(admin_client_, url="ftp://example.org/report")
        assert "http:// or https://" in errors_on(response)
        assert not Source.objects.exists()

    def test_a_cited_sources_address_is_read_only(self, admin_client_):
        """Evidence and its audit events name the address; it no longer changes here."""
        source = EvidenceFactory().source
        url = reverse("admin:claims_source_change", args=[source.pk])
        assert "url" not in admin_client_.get(url).context["adminform"].form.fields
        admin_client_.post(url, source_form(url="https://elsewhere.example.org/"))
        assert Source.objects.get(pk=source.pk).url == source.url
