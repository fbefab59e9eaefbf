"""Comments on a claim: who may post, what is stored, and the timeline entry each leaves."""

import pytest

from claims.models import ClaimEvent, Comment
from claims.services.comments import comment_add
from claims.services.workflow import NotAllowed, WorkflowError
from tests.factories import ClaimFactory, UserFactory

pytestmark = pytest.mark.django_db


class TestCommentAdd:
    def test_comment_is_stored_trimmed_and_recorded(self, reviewer):
        """The body is kept without surrounding spaces; the timeline points at the comment."""
        claim = ClaimFactory()
        comment = comment_add(claim=claim, author=reviewer, body="  Check page 4.\n")
        stored = Comment.objects.get()
        assert (stored.pk, stored.body, stored.author, stored.claim) == (
            comment.pk,
            "Check page 4.",
            reviewer,
            claim,
        )
        event = claim.events.get()
        assert (event.kind, event.actor, event.to_data) == (
            ClaimEvent.Kind.COMMENTED,
            reviewer,
            {"comment": comment.pk},
        )

    def test_blank_comment_is_refused(self, reviewer):
        """A comment of spaces is refused and nothing is written."""
        claim = ClaimFactory()
        with pytest.raises(WorkflowError, match="A comment cannot be empty."):
            comment_add(claim=claim, author=reviewer, body=" \n ")
        assert (Comment.objects.count(), claim.events.count()) == (0, 0)

    def test_users_without_a_role_cannot_comment(self):
        """Only reviewers and editors discuss claims."""
        claim = ClaimFactory()
        with pytest.raises(NotAllowed, match="Only reviewers and editors can comment."):
            comment_add(claim=claim, author=UserFactory(), body="Hello.")
        assert (Comment.objects.count(), claim.events.count()) == (0, 0)

    def test_editors_can_comment(self, editor):
        """Editors are reviewers too."""
        comment_add(claim=ClaimFactory(), author=editor, body="Looks right.")
        assert Comment.objects.get().author == editor
