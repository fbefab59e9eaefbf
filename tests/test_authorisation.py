"""Every URL and action against (anonymous, reviewer, editor, staff): the expected answer.

A refused action answers 403 and changes nothing.
"""

import pytest
from django.urls import reverse

from claims.models import Claim, ClaimEvent
from tests.factories import ClaimFactory, EvidenceFactory, UserFactory
from tests.workflow_states import in_review, not_checkable, published, researching, with_verdict

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "reviewer", "editor", "staff"]
OK, FORBIDDEN, TO_LOGIN = "ok", 403, "login"


@pytest.fixture
def actors(reviewer, editor):
    return {
        "anonymous": None,
        "reviewer": reviewer,
        "editor": editor,
        # An administrator of the site who has no role on the desk.
        "staff": UserFactory(username="stella", is_staff=True),
    }


def transition(action):
    return lambda claim: reverse("claims:claim_transition", args=[claim.pk, action])


# action: (state builder, url builder, form data, expected answer per role)
ACTIONS = {
    "take": (
        lambda people: ClaimFactory(),
        lambda claim: reverse("claims:claim_assign", args=[claim.pk]),
        {"assignee": "me"},
        {"reviewer": OK, "editor": OK, "staff": FORBIDDEN},
    ),
    "propose verdict": (
        lambda people: researching(people["owner"]),
        lambda claim: reverse("claims:verdict_save", args=[claim.pk]),
        {"rating": "", "summary": "Looks right.", "short_claim": "x"},
        {"reviewer": FORBIDDEN, "editor": OK, "staff": FORBIDDEN},
    ),
    "submit": (
        lambda people: with_verdict(people["owner"]),
        transition("submit"),
        {},
        {"reviewer": FORBIDDEN, "editor": FORBIDDEN, "staff": FORBIDDEN},
    ),
    "publish": (
        lambda people: in_review(people["owner"]),
        transition("publish"),
        {},
        {"reviewer": FORBIDDEN, "editor": OK, "staff": FORBIDDEN},
    ),
    "send back": (
        lambda people: in_review(people["owner"]),
        transition("send_back"),
        {"reason": "Check the NIS release."},
        {"reviewer": FORBIDDEN, "editor": OK, "staff": FORBIDDEN},
    ),
    "reopen": (
        lambda people: published(people["owner"], people["other_editor"]),
        transition("reopen"),
        {"reason": "New figures."},
        {"reviewer": FORBIDDEN, "editor": OK, "staff": FORBIDDEN},
    ),
    "mark not checkable": (
        lambda people: ClaimFactory(),
        transition("not_checkable"),
        {"reason": "Opinion."},
        {"reviewer": FORBIDDEN, "editor": OK, "staff": FORBIDDEN},
    ),
    "restore": (
        lambda people: not_checkable(people["other_editor"]),
        transition("restore"),
        {},
        {"reviewer": FORBIDDEN, "editor": OK, "staff": FORBIDDEN},
    ),
    "add evidence": (
        lambda people: researching(people["owner"]),
        lambda claim: reverse("claims:evidence_create", args=[claim.pk]),
        {
            "url": "https://example.org/report",
            "kind": "news",
            "reliability": "high",
            "stance": "supports",
        },
        {"reviewer": OK, "editor": OK, "staff": FORBIDDEN},
    ),
    "remove someone else's evidence": (
        lambda people: (
            EvidenceFactory(claim=researching(people["owner"]), added_by=people["owner"]).claim
        ),
        lambda claim: reverse("claims:evidence_delete", args=[claim.pk, claim.evidence.get().pk]),
        {},
        {"reviewer": FORBIDDEN, "editor": OK, "staff": FORBIDDEN},
    ),
    "comment": (
        lambda people: ClaimFactory(),
        lambda claim: reverse("claims:comment_create", args=[claim.pk]),
        {"body": "What does the NIS say?"},
        {"reviewer": OK, "editor": OK, "staff": FORBIDDEN},
    ),
    "bulk assign": (
        lambda people: ClaimFactory(),
        lambda claim: reverse("claims:claims_bulk"),
        {"action": "assign", "assignee": "rob"},
        {"reviewer": FORBIDDEN, "editor": OK, "staff": FORBIDDEN},
    ),
}


def snapshot(claim):
    fresh = Claim.objects.get(pk=claim.pk)
    return (
        fresh.status,
        fresh.assignee_id,
        fresh.version,
        ClaimEvent.objects.filter(claim=claim).count(),
        fresh.evidence.count(),
        fresh.verdicts.count(),
        fresh.comments.count(),
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_action_by_role(client, actors, reviewer2, editor2, action, role):
    build, url_for, data, expected = ACTIONS[action]
    people = {"owner": reviewer2, "other_editor": editor2}
    claim = build(people)
    data = dict(data)
    if action == "propose verdict":
        from tests.factories import rating

        data["rating"] = rating("true").pk
    if action == "bulk assign":
        data["claims"] = [f"{claim.pk}:{claim.version}"]
    elif action == "remove someone else's evidence":
        data["version"] = claim.evidence.get().version
    else:
        data["version"] = Claim.objects.get(pk=claim.pk).version
    before = snapshot(claim)
    if actors[role]:
        client.force_login(actors[role])
    response = client.post(url_for(claim), data)
    outcome = TO_LOGIN if role == "anonymous" else expected[role]
    if outcome == TO_LOGIN:
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
        assert snapshot(claim) == before
    elif outcome == FORBIDDEN:
        assert response.status_code == 403
        assert snapshot(claim) == before
    else:
        assert response.status_code == 302, response.content[:500]
        assert snapshot(claim) != before


@pytest.mark.parametrize("role", ROLES)
def test_pages_by_role(client, actors, reviewer2, role):
    claim = researching(reviewer2)
    evidence = EvidenceFactory(claim=claim, added_by=reviewer2)
    pages = [
        reverse("claims:dashboard"),
        reverse("claims:claim_list"),
        reverse("claims:claim_detail", args=[claim.pk]),
        reverse("claims:article_list"),
        reverse("claims:article_detail", args=[claim.article_id]),
    ]
    if actors[role]:
        client.force_login(actors[role])
    for url in pages:
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302 and response.url.startswith(reverse("login"))
        else:
            assert response.status_code == 200, url
    edit = client.get(reverse("claims:evidence_edit", args=[claim.pk, evidence.pk]))
    expected_edit = {"anonymous": 302, "reviewer": 403, "editor": 200, "staff": 403}[role]
    assert edit.status_code == expected_edit
    admin = client.get("/admin/")
    assert admin.status_code == (200 if role == "staff" else 302)


def test_assignee_may_submit_and_owner_may_remove_own_evidence(client, reviewer):
    claim = with_verdict(reviewer)
    client.force_login(reviewer)
    evidence = claim.evidence.get()
    response = client.post(
        reverse("claims:claim_transition", args=[claim.pk, "submit"]),
        {"version": Claim.objects.get(pk=claim.pk).version},
    )
    assert response.status_code == 302
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.IN_REVIEW
    # Evidence is locked once the claim is in review.
    response = client.post(
        reverse("claims:evidence_delete", args=[claim.pk, evidence.pk]),
        {"version": evidence.version},
    )
    assert response.status_code == 403
    assert claim.evidence.count() == 1


@pytest.mark.parametrize("role", ROLES)
def test_article_editing_by_role(client, actors, editor2, role):
    from claims.services.articles import article_create

    article = article_create(
        actor=editor2,
        title="Jobs",
        body="Unemployment fell to 4.3% in March, the statistics office said.",
    )
    suggestion = article.suggestions.get()
    if actors[role]:
        client.force_login(actors[role])
    requests = [
        ("get", reverse("claims:article_new"), {}),
        ("get", reverse("claims:article_text_edit", args=[article.pk]), {}),
        ("post", reverse("claims:suggestion_dismiss", args=[article.pk, suggestion.pk]), {}),
        ("post", reverse("claims:article_text_edit", args=[article.pk]), {"body": "Changed."}),
        ("post", reverse("claims:suggestions_accept_above", args=[article.pk]), {"score": "0"}),
    ]
    for method, url, data in requests:
        response = getattr(client, method)(url, data)
        if role == "anonymous":
            assert response.status_code == 302 and response.url.startswith(reverse("login"))
        elif role == "editor":
            assert response.status_code in (200, 302), url
        else:
            assert response.status_code == 403, url
    article.refresh_from_db()
    suggestion.refresh_from_db()
    changed = article.body == "Changed." and suggestion.status == "dismissed"
    assert changed == (role == "editor")
