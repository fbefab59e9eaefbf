"""The discussion of a claim: comments, each recorded in the claim's timeline."""

from django.db import transaction

from claims.models import Claim, ClaimEvent, Comment
from claims.notifications import announce
from claims.roles import Actor, is_reviewer
from claims.services.events import event_record
from claims.services.workflow import NotAllowed, WorkflowError


def comment_add(*, claim: Claim, author: Actor, body: str) -> Comment:
    with transaction.atomic():
        body = body.strip()
        if not body:
            raise WorkflowError("A comment cannot be empty.")
        if not is_reviewer(author):
            raise NotAllowed("Only reviewers and editors can comment.")
        comment = Comment.objects.create(claim=claim, author=author, body=body)
        event_record(
            claim=claim, actor=author, kind=ClaimEvent.Kind.COMMENTED, after={"comment": comment.pk}
        )
        announce.commented(claim=claim, comment=comment, actor=author)
        return comment
