"""The claim page: what it shows, worked out once per request, and its htmx regions.

The page is one template of several `{% partialdef %}` regions, each an element whose id is
the partial's name. An htmx request names its region in `HX-Target` and gets that partial
alone; every other request gets the whole page.
"""

from functools import cached_property
from urllib.parse import urlencode

from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from claims.models import Claim, ClaimEvent, Evidence, Watch
from claims.notifications.mentions import mentioned_names
from claims.roles import assignable_users
from claims.search import similar_claims
from claims.selectors import queue_neighbours
from claims.services.permissions import ClaimPermissions, can_change_evidence
from claims.services.workflow import Conflict, publish_checks
from claims.views.figure_chart import figure_chart
from claims.views.filters import ClaimFilter
from claims.views.forms import (
    ClaimEditForm,
    CommentForm,
    EvidenceEditForm,
    EvidenceForm,
    VerdictForm,
)
from claims.views.highlight import quote_in_context
from claims.views.http import HtmxHttpRequest
from claims.views.source_status import evidence_for_badges, with_badges

TEMPLATE = "claims/claim_detail.html"
# The regions htmx swaps, by partial name (and element id). "workspace" is all of them.
WORKSPACE = "workspace"
REGIONS = frozenset({WORKSPACE, "evidence", "discussion", "checklist", "timeline"})
# Sent after a change made in one region, so the regions that depend on it refresh.
CLAIM_CHANGED = "claim-changed"


def claim_for_page(pk: int) -> Claim:
    return get_object_or_404(Claim.objects.select_related("article", "assignee"), pk=pk)


class ClaimPage:
    """Everything the claim page shows. Each part is read when a template first asks for it,
    so a region rendered alone costs only its own queries.

    Forms passed in (a refused form with its errors, a form opened for editing) replace the
    fresh ones the page would otherwise show.
    """

    def __init__(
        self,
        request: HtmxHttpRequest,
        claim: Claim,
        *,
        conflict: Conflict | None = None,
        editing: Evidence | None = None,
        reason_action: str | None = None,
        reason_text: str = "",
        **forms,
    ):
        self.request = request
        self.user = request.user
        self.claim = claim
        self.target = request.htmx.target if request.htmx.target in REGIONS else WORKSPACE
        self.conflict = conflict
        self.editing = editing  # the evidence row whose edit form is open
        self.reason_action = reason_action  # a refused action's name and reason, shown again
        self.reason_text = reason_text
        self._forms = forms

    # --- the claim and its verdicts --------------------------------------------------------

    @cached_property
    def verdicts(self) -> list:
        return list(
            self.claim.verdicts.select_related(
                "rating", "submitted_by", "approved_by", "created_by"
            )
        )

    @cached_property
    def public_verdict(self):
        """The verdict the public site shows, if any."""
        return next((verdict for verdict in self.verdicts if verdict.is_public), None)

    @cached_property
    def verdict(self):
        """The current verdict (see `VerdictQuerySet.current`)."""
        return next((verdict for verdict in self.verdicts if verdict.is_current), None)

    @cached_property
    def earlier_verdicts(self) -> list:
        return [verdict for verdict in self.verdicts if not verdict.is_current]

    @cached_property
    def can(self) -> ClaimPermissions:
        return ClaimPermissions.of(self.user, self.claim, self.verdict)

    @cached_property
    def is_own_submission(self) -> bool:
        return self.verdict is not None and self.verdict.submitted_by_id == self.user.pk

    @cached_property
    def quote_in_context(self) -> tuple[str, str, str]:
        """The text before the quote, the quote, and the text after it."""
        return quote_in_context(self.claim.article.body, self.claim)

    @cached_property
    def checked_before(self) -> list:
        """The closest claims of other articles: has this been checked before?"""
        return similar_claims(self.claim)

    @cached_property
    def duplicate_of(self) -> Claim | None:
        original = self.claim.duplicate_of
        if original is None:
            return None
        return Claim.objects.for_queue().get(pk=original.pk)

    @cached_property
    def people(self) -> list:
        """Whom an editor can assign the claim to."""
        return list(assignable_users()) if self.can.assign else []

    # --- evidence, checks, discussion, timeline --------------------------------------------

    @cached_property
    def evidence(self) -> list[Evidence]:
        rows = with_badges(
            list(evidence_for_badges(self.claim.evidence.select_related("added_by")))
        )
        for row in rows:
            row.claim = self.claim
            row.editable = can_change_evidence(self.user, row)
        return rows

    @cached_property
    def chart(self):
        return figure_chart(self.claim, self.evidence)

    @cached_property
    def checks(self) -> list:
        return publish_checks(self.claim, self.verdict, self.evidence)

    @cached_property
    def checks_pass(self) -> bool:
        return all(check.passed for check in self.checks)

    @cached_property
    def comments(self) -> list:
        return list(self.claim.comments.select_related("author"))

    @cached_property
    def mention_links(self) -> dict[str, str]:
        """Everyone the comments mention who exists, by lower-cased name: one query."""
        names = {name.lower() for c in self.comments for name in mentioned_names(c.body)}
        if not names:
            return {}
        people = assignable_users().values_list("username", flat=True)
        return {name.lower(): name for name in people if name.lower() in names}

    @cached_property
    def watching(self) -> bool:
        return Watch.objects.filter(claim=self.claim, user=self.user).exists()

    # --- the queue the user came from ------------------------------------------------------

    @cached_property
    def queue_query(self) -> str | None:
        """The queue's query string, carried in `?queue=` by links from the queue."""
        return self.request.GET.get("queue")

    @cached_property
    def neighbours(self) -> dict:
        """The previous and next claims in that queue, with links that keep it."""
        if self.queue_query is None:
            return {}
        claim_filter = ClaimFilter(QueryDict(self.queue_query), request=self.request)
        before, after = queue_neighbours(claim_filter.claim_filters(), self.claim, user=self.user)
        keep = "?" + urlencode({"queue": self.queue_query})
        return {
            "previous": before,
            "next": after,
            "keep": keep,
            "queue_url": reverse("claims:claim_list") + "?" + self.queue_query,
        }

    @cached_property
    def events(self) -> list[ClaimEvent]:
        return list(self.claim.events.select_related("actor"))

    @cached_property
    def returned(self) -> ClaimEvent | None:
        """The editor's reason, while a claim sent back has not been resubmitted."""
        if self.claim.status != Claim.Status.RESEARCHING or self.verdict is None:
            return None
        if self.verdict.submitted_at:
            return None
        for event in reversed(self.events):
            if event.kind == ClaimEvent.Kind.VERDICT_RETURNED:
                return event
            if event.kind in (ClaimEvent.Kind.REOPENED, ClaimEvent.Kind.VERDICT_SUBMITTED):
                return None
        return None

    # --- forms -----------------------------------------------------------------------------

    @cached_property
    def evidence_form(self) -> EvidenceForm:
        return self._forms.get("evidence_form") or EvidenceForm(claim=self.claim)

    @cached_property
    def edit_form(self) -> EvidenceEditForm | None:
        if self.editing is None:
            return None
        return self._forms.get("edit_form") or EvidenceEditForm(instance=self.editing)

    @cached_property
    def verdict_form(self) -> VerdictForm:
        if "verdict_form" in self._forms:
            return self._forms["verdict_form"]
        initial = {"version": self.claim.version}
        if self.verdict is not None:
            initial |= {
                "rating": self.verdict.rating_id,
                "summary": self.verdict.summary,
                "short_claim": self.verdict.short_claim,
            }
        return VerdictForm(initial=initial)

    @cached_property
    def comment_form(self) -> CommentForm:
        return self._forms.get("comment_form") or CommentForm()

    @cached_property
    def claim_form(self) -> ClaimEditForm | None:
        """The claim's edit form, when it is open."""
        return self._forms.get("claim_form")


def render_claim_page(
    request: HtmxHttpRequest, page: ClaimPage, *, status: int = 200
) -> HttpResponse:
    """The whole page, or for htmx the region its request targets."""
    template = TEMPLATE if not request.htmx else f"{TEMPLATE}#{page.target}"
    return render(request, template, {"page": page, "claim": page.claim}, status=status)
