"""The claim page's htmx regions: each answers alone, and refused forms keep their input."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Claim, ClaimEvent, Comment, Evidence
from tests.factories import ClaimFactory, EvidenceFactory, rating
from tests.workflow_states import in_review, researching, with_verdict

pytestmark = pytest.mark.django_db


def htmx(target: str) -> dict:
    return {"HX-Request": "true", "HX-Target": target}


def current_version(claim: Claim) -> int:
    return Claim.objects.get(pk=claim.pk).version


@pytest.fixture
def signed_in(client, reviewer):
    client.force_login(reviewer)
    return client


class TestRegions:
    """A GET that names a region in HX-Target gets that partial alone."""

    @pytest.mark.parametrize(
        ("region", "opening"),
        [
            ("workspace", '<div id="workspace"'),
            ("evidence", '<div id="evidence"'),
            ("discussion", '<section class="card" aria-labelledby="discussion-heading"'),
            ("checklist", '<div id="checklist"'),
            ("timeline", '<section class="card" aria-labelledby="timeline-heading"'),
        ],
    )
    def test_each_region_renders_alone(self, signed_in, reviewer, region, opening):
        """The partial named by HX-Target, starting with its own element, no page around it."""
        claim = with_verdict(reviewer)
        response = signed_in.get(claim.get_absolute_url(), headers=htmx(region))
        assert response.status_code == 200
        assert response.templates[0].name == region
        html = response.content.decode().strip()
        assert html.startswith(opening)
        assert f'id="{region}"' in html
        assert "<html" not in html

    def test_an_unknown_target_gets_the_workspace(self, signed_in, reviewer):
        """A region that does not exist cannot pick a template: the workspace answers."""
        claim = researching(reviewer)
        response = signed_in.get(claim.get_absolute_url(), headers=htmx("../base"))
        assert response.templates[0].name == "workspace"

    def test_without_htmx_the_whole_page_is_served(self, signed_in, reviewer):
        claim = researching(reviewer)
        response = signed_in.get(claim.get_absolute_url(), headers={"HX-Target": "evidence"})
        assert response.templates[0].name == "claims/claim_detail.html"
        assert "<html" in response.content.decode()

    def test_a_region_reads_only_what_it_shows(
        self, signed_in, reviewer, django_assert_max_num_queries
    ):
        """The timeline alone costs fewer queries than the whole workspace."""
        claim = with_verdict(reviewer)
        url = claim.get_absolute_url()
        signed_in.get(url, headers=htmx("timeline"))  # warm the session and user

        with CaptureQueriesContext(connection) as timeline:
            signed_in.get(url, headers=htmx("timeline"))
        with CaptureQueriesContext(connection) as workspace:
            signed_in.get(url, headers=htmx("workspace"))
        assert len(timeline) < len(workspace) - 3


class TestRegionActions:
    """An action in a region answers with that region and tells the others to refresh."""

    def test_adding_a_source_answers_with_the_evidence_region(self, signed_in, reviewer):
        claim = researching(reviewer)
        response = signed_in.post(
            reverse("claims:evidence_create", args=[claim.pk]),
            {"url": "https://example.org/r", "kind": "news", "reliability": "high"}
            | {"stance": "supports", "reported_value": "4200"},
            headers=htmx("evidence"),
        )
        assert response.status_code == 200
        assert response.templates[0].name == "evidence"
        assert response["HX-Trigger"] == '{"claim-changed": {}}'
        assert "Source added." in response.content.decode()
        assert claim.evidence.get().reported_value == 4200

    def test_a_comment_answers_with_the_discussion_region(self, signed_in, reviewer):
        claim = ClaimFactory()
        response = signed_in.post(
            reverse("claims:comment_create", args=[claim.pk]),
            {"body": "Ask the ministry."},
            headers=htmx("discussion"),
        )
        assert response.templates[0].name == "discussion"
        assert response["HX-Trigger"] == '{"claim-changed": {}}'
        assert Comment.objects.get().body == "Ask the ministry."

    def test_a_workflow_action_answers_with_the_workspace_and_no_trigger(self, signed_in):
        """The workspace holds every region already, so nothing else needs to refresh."""
        claim = ClaimFactory()
        response = signed_in.post(
            reverse("claims:claim_assign", args=[claim.pk]),
            {"assignee": "me", "version": claim.version},
            headers=htmx("workspace"),
        )
        assert response.templates[0].name == "workspace"
        assert "HX-Trigger" not in response
        assert Claim.objects.get(pk=claim.pk).status == Claim.Status.RESEARCHING


class TestRefusedFormsKeepTheirInput:
    """htmx swaps only 2xx answers, so a refused form is 200 with its errors for htmx, and
    400 (409 for a conflict) without JavaScript."""

    def test_invalid_evidence_is_200_for_htmx_with_errors_and_input(self, signed_in, reviewer):
        claim = researching(reviewer)
        data = {"url": "ftp://x.org/f", "kind": "news", "reliability": "high"}
        data |= {"stance": "supports", "excerpt": "Keep me"}
        response = signed_in.post(
            reverse("claims:evidence_create", args=[claim.pk]), data, headers=htmx("evidence")
        )
        assert response.status_code == 200
        assert response.templates[0].name == "evidence"
        form = response.context["page"].evidence_form
        assert "http:// or https://" in form.errors["url"][0]
        assert 'class="field has-error"' in response.content.decode()
        assert "Keep me</textarea>" in response.content.decode()
        assert not Evidence.objects.exists()

    def test_invalid_evidence_is_400_without_javascript(self, signed_in, reviewer):
        claim = researching(reviewer)
        response = signed_in.post(
            reverse("claims:evidence_create", args=[claim.pk]), {"url": "ftp://x.org/f"}
        )
        assert response.status_code == 400
        assert response.templates[0].name == "claims/claim_detail.html"

    def test_conflict_is_200_for_htmx_and_409_without(self, client, reviewer, editor):
        claim = in_review(reviewer)
        stale = current_version(claim) - 1
        client.force_login(editor)
        url = reverse("claims:claim_transition", args=[claim.pk, "send_back"])
        data = {"reason": "Check it.", "version": stale}
        with_htmx = client.post(url, data, headers=htmx("workspace"))
        without = client.post(url, data)
        assert (with_htmx.status_code, without.status_code) == (200, 409)
        assert with_htmx.context["page"].conflict is not None
        assert "Not saved: someone else changed this claim." in with_htmx.content.decode()
        assert Claim.objects.get(pk=claim.pk).status == Claim.Status.IN_REVIEW

    def test_empty_comment_is_200_for_htmx_with_the_error_on_the_field(self, signed_in):
        claim = ClaimFactory()
        response = signed_in.post(
            reverse("claims:comment_create", args=[claim.pk]),
            {"body": "   "},
            headers=htmx("discussion"),
        )
        assert response.status_code == 200
        assert response.context["page"].comment_form.errors["body"]
        assert not Comment.objects.exists()


def transition_url(action):
    return lambda claim: reverse("claims:claim_transition", args=[claim.pk, action])


# Every request that changes a claim or an evidence row, with everything but the version.
VERSIONED = {
    "assign": (
        lambda people: ClaimFactory(),
        lambda claim: reverse("claims:claim_assign", args=[claim.pk]),
        {"assignee": "me"},
    ),
    "edit claim": (
        lambda people: researching(people["reviewer"]),
        lambda claim: reverse("claims:claim_edit", args=[claim.pk]),
        {"text": "Reworded.", "quote": "The ministry said 4,200 nurses were hired in 2023."}
        | {"kind": "figure", "priority": "50"},
    ),
    "verdict": (
        lambda people: researching(people["reviewer"]),
        lambda claim: reverse("claims:verdict_save", args=[claim.pk]),
        {"summary": "Right.", "short_claim": "Nurses were hired"},
    ),
    "send back": (
        lambda people: in_review(people["reviewer"]),
        transition_url("send_back"),
        {"reason": "Check it."},
    ),
    "publish": (lambda people: in_review(people["reviewer"]), transition_url("publish"), {}),
    "edit evidence": (
        lambda people: (
            EvidenceFactory(
                claim=researching(people["reviewer"]), added_by=people["reviewer"]
            ).claim
        ),
        lambda claim: reverse("claims:evidence_edit", args=[claim.pk, claim.evidence.get().pk]),
        {"stance": "contradicts", "excerpt": "Changed."},
    ),
    "remove evidence": (
        lambda people: (
            EvidenceFactory(
                claim=researching(people["reviewer"]), added_by=people["reviewer"]
            ).claim
        ),
        lambda claim: reverse("claims:evidence_delete", args=[claim.pk, claim.evidence.get().pk]),
        {},
    ),
}


def snapshot(claim):
    fresh = Claim.objects.get(pk=claim.pk)
    evidence = list(fresh.evidence.values_list("stance", "excerpt", "version"))
    return fresh.version, fresh.status, fresh.text, evidence, fresh.events.count()


class TestChangesNeedTheVersionTheyWereBasedOn:
    @pytest.mark.parametrize("action", list(VERSIONED))
    def test_a_change_without_its_version_is_refused_and_changes_nothing(
        self, client, reviewer, editor, action
    ):
        build, url_for, data = VERSIONED[action]
        claim = build({"reviewer": reviewer})
        if action == "verdict":
            data = data | {"rating": rating().pk}
        client.force_login(editor)
        before = snapshot(claim)
        response = client.post(url_for(claim), data)
        assert response.status_code == 400
        assert "reload the page" in response.content.decode()
        assert snapshot(claim) == before

    def test_a_stale_evidence_version_is_a_conflict(self, client, reviewer, editor):
        claim = researching(reviewer)
        evidence = EvidenceFactory(claim=claim, added_by=reviewer)
        client.force_login(editor)
        url = reverse("claims:evidence_edit", args=[claim.pk, evidence.pk])
        first = {"stance": "contradicts", "excerpt": "Editor's reading.", "version": 1}
        assert client.post(url, first).status_code == 302
        client.force_login(reviewer)
        response = client.post(url, {**first, "excerpt": "My reading."})
        assert response.status_code == 409
        assert response.context["page"].edit_form["excerpt"].value() == "My reading."
        assert response.context["page"].edit_form["version"].value() == 2
        evidence.refresh_from_db()
        assert (evidence.excerpt, evidence.version) == ("Editor's reading.", 2)

    def test_after_a_conflict_saving_again_is_a_choice_not_a_second_conflict(
        self, client, reviewer, editor
    ):
        claim = researching(reviewer)
        url = reverse("claims:verdict_save", args=[claim.pk])
        seen = current_version(claim)
        data = {"rating": rating().pk, "summary": "Mine.", "short_claim": "Nurses"}
        client.force_login(editor)
        client.post(url, {**data, "summary": "The editor's.", "version": seen})
        client.force_login(reviewer)
        conflict = client.post(url, {**data, "version": seen})
        form = conflict.context["page"].verdict_form
        assert (conflict.status_code, form["version"].value()) == (409, current_version(claim))
        again = client.post(url, {**data, "version": form["version"].value()})
        assert again.status_code == 302
        assert claim.verdicts.get(is_current=True).summary == "Mine."

    def test_removing_evidence_someone_just_changed_is_a_conflict(self, client, reviewer, editor):
        claim = researching(reviewer)
        evidence = EvidenceFactory(claim=claim, added_by=reviewer)
        client.force_login(editor)
        client.post(
            reverse("claims:evidence_edit", args=[claim.pk, evidence.pk]),
            {"stance": "context", "version": 1},
        )
        response = client.post(
            reverse("claims:evidence_delete", args=[claim.pk, evidence.pk]), {"version": 1}
        )
        assert response.status_code == 409
        assert Evidence.objects.filter(pk=evidence.pk).exists()
        assert not claim.events.filter(kind=ClaimEvent.Kind.EVIDENCE_REMOVED).exists()

    def test_a_bulk_selection_without_versions_is_refused(self, client, editor):
        claim = ClaimFactory()
        client.force_login(editor)
        response = client.post(
            reverse("claims:claims_bulk"),
            {"action": "not_checkable", "reason": "Opinion.", "claims": [str(claim.pk)]},
        )
        assert response.status_code == 400
        assert Claim.objects.get(pk=claim.pk).status == Claim.Status.NEW

    def test_a_bulk_action_skips_a_claim_changed_since_the_queue_loaded(self, client, editor):
        fresh, moved = ClaimFactory(), ClaimFactory()
        client.force_login(editor)
        response = client.post(
            reverse("claims:claims_bulk"),
            {
                "action": "not_checkable",
                "reason": "Opinion.",
                "claims": [f"{fresh.pk}:{fresh.version}", f"{moved.pk}:{moved.version + 1}"],
            },
            follow=True,
        )
        statuses = dict(Claim.objects.values_list("pk", "status"))
        assert (statuses[fresh.pk], statuses[moved.pk]) == ("not_checkable", "new")
        assert "changed by someone since the queue was loaded" in response.content.decode()


class TestVerdictFormRoleCheck:
    def test_a_reviewer_who_may_not_propose_gets_403_even_for_an_invalid_form(
        self, client, reviewer, reviewer2
    ):
        """The role is checked before the form: no errors are shown to someone refused."""
        claim = researching(reviewer)
        client.force_login(reviewer2)
        response = client.post(reverse("claims:verdict_save", args=[claim.pk]), {"summary": ""})
        assert response.status_code == 403
        assert not claim.verdicts.exists()


class TestQueueResults:
    def test_the_queue_answers_htmx_with_its_results_partial(self, signed_in, reviewer):
        """The filter form asks for #results; the partial is the table, not the page."""
        researching(reviewer)
        ClaimFactory()
        response = signed_in.get(
            reverse("claims:claim_list"), {"status": "researching"}, headers=htmx("results")
        )
        assert response.status_code == 200
        assert response.templates[0].name == "results"
        html = response.content.decode()
        assert 'id="results"' in html and "<html" not in html
        assert [claim.status for claim in response.context["page"]] == ["researching"]
