"""The claim page's actions through HTTP: in place with htmx, and without JavaScript."""

import pytest
from django.urls import reverse

from claims.models import Claim, ClaimEvent, Comment, Evidence, Source
from tests.factories import ClaimFactory, EvidenceFactory, rating
from tests.workflow_states import in_review, researching

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def signed_in(client, reviewer):
    client.force_login(reviewer)
    return client


def evidence_data(**overrides):
    data = {
        "url": "https://www.Example.org/report?utm_source=x#part",
        "title": "Ministry report",
        "publisher": "Ministry",
        "kind": "official",
        "reliability": "high",
        "stance": "supports",
        "excerpt": "4,200 nurses were hired.",
        "reported_value": "4,200",
    }
    data.update(overrides)
    return data


class TestTakingAClaim:
    def test_take_with_htmx_renders_the_workspace_partial(self, signed_in, reviewer):
        claim = ClaimFactory()
        response = signed_in.post(
            reverse("claims:claim_assign", args=[claim.pk]),
            {"assignee": "me", "version": claim.version},
            headers=HTMX,
        )
        assert response.status_code == 200
        assert response.templates[0].name == "workspace"
        assert "<html" not in response.content.decode()
        claim.refresh_from_db()
        assert (claim.status, claim.assignee) == ("researching", reviewer)

    def test_take_without_javascript_redirects_to_the_claim(self, signed_in):
        claim = ClaimFactory()
        response = signed_in.post(
            reverse("claims:claim_assign", args=[claim.pk]), {"version": claim.version}
        )
        assert response.status_code == 302 and response.url == claim.get_absolute_url()


class TestEvidence:
    def test_adding_a_source_reuses_it_by_normalised_url(self, signed_in, reviewer):
        claim = researching(reviewer)
        other = researching(reviewer)
        url = reverse("claims:evidence_create", args=[claim.pk])
        signed_in.post(url, evidence_data(), headers=HTMX)
        signed_in.post(
            reverse("claims:evidence_create", args=[other.pk]),
            evidence_data(url="HTTPS://www.example.org/report"),
            headers=HTMX,
        )
        assert Source.objects.count() == 1
        source = Source.objects.get()
        assert source.url == "https://www.example.org/report"
        evidence = Evidence.objects.get(claim=claim)
        assert (evidence.reported_value, evidence.added_by) == (4200, reviewer)
        assert claim.events.filter(kind=ClaimEvent.Kind.EVIDENCE_ADDED).count() == 1

    @pytest.mark.parametrize(
        "bad_url",
        ["javascript:alert(1)", "ftp://example.org/file", "not a url", "data:text/html,x"],
    )
    def test_non_http_urls_are_refused_with_the_input_kept(self, signed_in, reviewer, bad_url):
        claim = researching(reviewer)
        response = signed_in.post(
            reverse("claims:evidence_create", args=[claim.pk]),
            evidence_data(url=bad_url, excerpt="Keep me"),
            headers=HTMX,
        )
        form = response.context["page"].evidence_form
        assert "http:// or https://" in form.errors["url"][0]
        assert form["excerpt"].value() == "Keep me"
        assert not Evidence.objects.exists() and not Source.objects.exists()

    @pytest.mark.parametrize(
        ("value", "problem"),
        [
            ("about ten", "Enter a number, such as 1500 or 1,500 or 4.3."),
            # More places than stored: refused, not silently rounded.
            ("1.23456", "Enter a number with at most 4 decimal places."),
        ],
    )
    def test_unstorable_reported_value_is_refused(self, signed_in, reviewer, value, problem):
        claim = researching(reviewer)
        response = signed_in.post(
            reverse("claims:evidence_create", args=[claim.pk]),
            evidence_data(reported_value=value),
        )
        assert response.status_code == 400
        assert response.context["page"].evidence_form.errors["reported_value"] == [problem]
        assert not Evidence.objects.exists()

    def test_owner_edits_evidence_and_the_change_is_recorded(self, signed_in, reviewer):
        claim = researching(reviewer)
        evidence = EvidenceFactory(claim=claim, added_by=reviewer)
        url = reverse("claims:evidence_edit", args=[claim.pk, evidence.pk])
        assert signed_in.get(url, headers=HTMX).context["page"].editing == evidence
        response = signed_in.post(
            url,
            {"stance": "contradicts", "excerpt": "Fewer.", "reported_value": "3900", "version": 1},
        )
        assert response.status_code == 302
        evidence.refresh_from_db()
        assert (evidence.stance, evidence.reported_value) == ("contradicts", 3900)
        event = claim.events.get(kind=ClaimEvent.Kind.EVIDENCE_CHANGED)
        assert event.to_data["stance"] == "contradicts"

    def test_owner_removes_evidence(self, signed_in, reviewer):
        claim = researching(reviewer)
        evidence = EvidenceFactory(claim=claim, added_by=reviewer)
        signed_in.post(
            reverse("claims:evidence_delete", args=[claim.pk, evidence.pk]), {"version": 1}
        )
        assert not Evidence.objects.exists()
        assert claim.events.filter(kind=ClaimEvent.Kind.EVIDENCE_REMOVED).exists()


class TestVerdictForm:
    def test_missing_summary_rerenders_the_form_with_input_kept(self, signed_in, reviewer):
        claim = researching(reviewer)
        response = signed_in.post(
            reverse("claims:verdict_save", args=[claim.pk]),
            {"rating": rating().pk, "summary": "", "short_claim": "Nurses hired", "version": 3},
            headers=HTMX,
        )
        form = response.context["page"].verdict_form
        assert "summary" in form.errors
        assert form["short_claim"].value() == "Nurses hired"
        assert not claim.verdicts.exists()

    def test_concurrent_edit_shows_a_conflict_and_keeps_both_sides(self, client, reviewer, editor):
        claim = researching(reviewer)
        seen = Claim.objects.get(pk=claim.pk).version
        url = reverse("claims:verdict_save", args=[claim.pk])
        client.force_login(editor)
        first = {
            "rating": rating("true").pk,
            "summary": "Editor's take.",
            "short_claim": "Nurses",
            "version": seen,
        }
        assert client.post(url, first).status_code == 302
        client.force_login(reviewer)
        second = {**first, "rating": rating("false").pk, "summary": "My own take."}
        response = client.post(url, second)
        assert response.status_code == 409
        assert response.context["page"].conflict.changes[0].actor == editor
        assert response.context["page"].verdict_form["summary"].value() == "My own take."
        assert "Not saved: someone else changed this claim." in response.content.decode()
        assert claim.verdicts.get(is_current=True).summary == "Editor's take."

    def test_conflicting_send_back_keeps_the_reason_in_its_open_box(self, client, reviewer, editor):
        claim = in_review(reviewer)
        stale = Claim.objects.get(pk=claim.pk).version - 1
        client.force_login(editor)
        response = client.post(
            reverse("claims:claim_transition", args=[claim.pk, "send_back"]),
            {"reason": "Check the <ministry> figure.", "version": stale},
        )
        assert response.status_code == 409
        page = response.content.decode()
        assert "<details open>\n  <summary>Send back for more research" in page
        assert ">Check the &lt;ministry&gt; figure.</textarea>" in page
        assert Claim.objects.get(pk=claim.pk).status == Claim.Status.IN_REVIEW

    def test_save_and_submit_moves_the_claim_to_review(self, signed_in, reviewer):
        claim = researching(reviewer)
        EvidenceFactory(claim=claim, added_by=reviewer)
        signed_in.post(
            reverse("claims:verdict_save", args=[claim.pk]),
            {
                "rating": rating().pk,
                "summary": "Yes.",
                "short_claim": "Nurses",
                "submit": "1",
                "version": Claim.objects.get(pk=claim.pk).version,
            },
        )
        assert Claim.objects.get(pk=claim.pk).status == Claim.Status.IN_REVIEW

    def test_failed_publish_lists_the_failing_checks(self, client, reviewer, editor):
        claim = in_review(reviewer, kind=Claim.Kind.ATTRIBUTION)
        client.force_login(editor)
        response = client.post(
            reverse("claims:claim_transition", args=[claim.pk, "publish"]),
            {"version": claim.version},
            headers=HTMX,
        )
        assert "primary or official" in response.content.decode()
        assert Claim.objects.get(pk=claim.pk).status == Claim.Status.IN_REVIEW


class TestDiscussion:
    def test_comment_is_posted_in_place_and_escaped(self, signed_in, reviewer):
        claim = ClaimFactory()
        response = signed_in.post(
            reverse("claims:comment_create", args=[claim.pk]),
            {"body": "<img src=x onerror=alert(1)> check this"},
            headers=HTMX,
        )
        assert Comment.objects.get().author == reviewer
        html = response.content.decode()
        assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html

    def test_empty_comment_is_refused(self, signed_in):
        claim = ClaimFactory()
        response = signed_in.post(reverse("claims:comment_create", args=[claim.pk]), {"body": " "})
        assert response.status_code == 400
        assert not Comment.objects.exists()


class TestSubmitterIsNotOfferedPublishing:
    def test_publish_button_hidden_for_the_submitter(self, client, editor, editor2):
        claim = in_review(editor)
        client.force_login(editor)
        response = client.get(claim.get_absolute_url())
        assert response.context["page"].can.publish is False
        assert "Publish verdict" not in response.content.decode()
        client.force_login(editor2)
        assert "Publish verdict" in client.get(claim.get_absolute_url()).content.decode()


class TestBulkActions:
    def test_editor_bulk_assigns_and_skips_what_the_workflow_refuses(
        self, client, editor, reviewer
    ):
        fresh = [ClaimFactory(), ClaimFactory()]
        locked = in_review(reviewer)
        client.force_login(editor)
        response = client.post(
            reverse("claims:claims_bulk"),
            {
                "action": "not_checkable",
                "reason": "Opinion piece.",
                "claims": [f"{c.pk}:{c.version}" for c in [*fresh, locked]],
            },
            follow=True,
        )
        statuses = dict(Claim.objects.values_list("pk", "status"))
        assert [statuses[c.pk] for c in fresh] == ["not_checkable", "not_checkable"]
        assert statuses[locked.pk] == "in_review"
        text = response.content.decode()
        assert "2 claims marked not checkable." in text and "Skipped:" in text

    def test_bulk_action_needing_a_reason_changes_nothing_without_one(self, client, editor):
        claim = ClaimFactory()
        client.force_login(editor)
        client.post(
            reverse("claims:claims_bulk"), {"action": "not_checkable", "claims": [f"{claim.pk}:1"]}
        )
        assert Claim.objects.get(pk=claim.pk).status == "new"

    def test_bulk_assign(self, client, editor, reviewer):
        claims = [ClaimFactory(), ClaimFactory()]
        client.force_login(editor)
        client.post(
            reverse("claims:claims_bulk"),
            {
                "action": "assign",
                "assignee": reviewer.username,
                "claims": [f"{c.pk}:{c.version}" for c in claims],
            },
        )
        assert set(Claim.objects.values_list("assignee", flat=True)) == {reviewer.pk}


def test_bulk_assign_to_a_name_with_a_nul_byte_changes_nothing(client, editor, reviewer):
    """Not a server error: the name finds nobody, and the queue says so."""
    claim = ClaimFactory()
    client.force_login(editor)
    response = client.post(
        reverse("claims:claims_bulk"),
        {"action": "assign", "assignee": "ri\x00ta", "claims": [f"{claim.pk}:{claim.version}"]},
        follow=True,
    )
    assert response.status_code == 200
    assert "No reviewer called ri" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).assignee is None


@pytest.mark.parametrize("version", ["²", "١", "x"], ids=["superscript", "arabic-indic", "letter"])
def test_bulk_selection_without_a_plain_version_is_refused_saying_so(client, editor, version):
    """Only ASCII digits are a version: the message says what is wrong, not int()'s words."""
    claim = ClaimFactory()
    client.force_login(editor)
    response = client.post(
        reverse("claims:claims_bulk"),
        {"action": "assign", "assignee": "me", "claims": [f"{claim.pk}:{version}"]},
    )
    assert response.status_code == 400
    assert "does not say which version of the claim it changes" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).assignee is None


def test_bulk_assign_without_a_person_changes_nothing(client, editor):
    claim = ClaimFactory()
    client.force_login(editor)
    response = client.post(
        reverse("claims:claims_bulk"),
        {"action": "assign", "claims": [f"{claim.pk}:1"]},
        follow=True,
    )
    assert "Choose who to assign" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).assignee is None


class TestReadability:
    def test_sent_back_reason_shows_on_the_verdict_card(self, client, reviewer, editor):
        from claims.services import workflow

        claim = in_review(reviewer)
        workflow.claim_send_back(claim=claim, actor=editor, reason="Cite the NIS release.")
        client.force_login(reviewer)
        response = client.get(claim.get_absolute_url())
        assert response.context["page"].returned.note == "Cite the NIS release."
        assert "Sent back by" in response.content.decode()

    def test_proposed_rating_is_marked_as_such_in_the_queue(self, client, reviewer):
        from tests.workflow_states import with_verdict

        with_verdict(reviewer)
        client.force_login(reviewer)
        html = client.get(reverse("claims:claim_list")).content.decode()
        assert "True (proposed)" in html

    def test_editor_does_not_see_own_submission_as_awaiting_review(self, client, editor, editor2):
        own = in_review(editor)
        client.force_login(editor)
        assert own not in client.get(reverse("claims:dashboard")).context["awaiting_review"]
        client.force_login(editor2)
        assert own in client.get(reverse("claims:dashboard")).context["awaiting_review"]

    @pytest.mark.parametrize("value", ["1.2e4", "12k", "about 12", "1,2,3.4.5"])
    def test_reported_value_must_be_a_plain_number(self, signed_in, reviewer, value):
        claim = researching(reviewer)
        response = signed_in.post(
            reverse("claims:evidence_create", args=[claim.pk]), evidence_data(reported_value=value)
        )
        assert "reported_value" in response.context["page"].evidence_form.errors
        assert not Evidence.objects.exists()


def test_refused_submit_saves_no_draft_either(client, reviewer):
    claim = researching(reviewer)
    client.force_login(reviewer)
    response = client.post(
        reverse("claims:verdict_save", args=[claim.pk]),
        {
            "rating": rating().pk,
            "summary": "Yes.",
            "short_claim": "Nurses",
            "submit": "1",
            "version": claim.version,
        },
    )
    assert response.status_code == 400
    assert "Cite at least one source" in response.content.decode()
    assert not claim.verdicts.exists()
    assert Claim.objects.get(pk=claim.pk).status == "researching"
