"""Factories for the test suite: small, valid objects by default."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from claims.models import Article, Claim, Evidence, Rating, Source, SourceSnapshot
from claims.roles import EDITORS, REVIEWERS

BODY = (
    "The ministry said 4,200 nurses were hired in 2023. "
    "Officials confirmed that the budget grew by 3.5 percent. "
    "Critics argue the plan must be scrapped."
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User {n}")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        """UserFactory(role="Editors") puts the user in that group."""
        if create:
            if extracted:
                self.groups.add(Group.objects.get_or_create(name=extracted)[0])
            self.save()


class ReviewerFactory(UserFactory):
    role = factory.PostGeneration(lambda user, create, extracted, **kw: _join(user, REVIEWERS))


class EditorFactory(UserFactory):
    role = factory.PostGeneration(lambda user, create, extracted, **kw: _join(user, EDITORS))


def _join(user, group_name: str) -> None:
    user.groups.add(Group.objects.get_or_create(name=group_name)[0])
    user.save()


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    external_id = factory.Sequence(lambda n: f"article-{n}")
    title = factory.Sequence(lambda n: f"Article number {n}")
    author = "A. Writer"
    outlet = "The Daily Test"
    url = "https://news.example.org/story"
    body = BODY


class ClaimFactory(factory.django.DjangoModelFactory):
    """A new, unassigned claim anchored on the first sentence of its article (or on `quote`).

    Later states are reached through the services (tests/workflow_states.py), so a test never
    stands on a state the app cannot reach, such as a published claim with no verdict.
    """

    class Meta:
        model = Claim

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        if kwargs.get("status", Claim.Status.NEW) != Claim.Status.NEW or kwargs.get("assignee"):
            raise ValueError(
                "ClaimFactory makes new, unassigned claims: reach other states through the "
                "services, as tests/workflow_states.py does."
            )
        return super()._create(model_class, *args, **kwargs)

    article = factory.SubFactory(ArticleFactory)
    external_id = factory.Sequence(lambda n: f"c{n}")
    text = "The ministry hired 4,200 nurses in 2023."
    quote = "The ministry said 4,200 nurses were hired in 2023."
    start = factory.LazyAttribute(lambda claim: claim.article.body.index(claim.quote))
    end = factory.LazyAttribute(lambda claim: claim.start + len(claim.quote))
    kind = Claim.Kind.FIGURE
    stated_value = 4200
    qualifier = Claim.Qualifier.EXACT
    unit = "nurses"


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source
        django_get_or_create = ["url"]

    url = factory.Sequence(lambda n: f"https://source.example.org/report-{n}")
    title = factory.Sequence(lambda n: f"Report {n}")
    publisher = "Example Wire"
    kind = Source.Kind.NEWS
    reliability = Source.Reliability.HIGH
    link_status = Source.LinkStatus.OK


class SourceSnapshotFactory(factory.django.DjangoModelFactory):
    """A capture as the checker leaves it (without writing its WARC file), and made the
    source's latest."""

    class Meta:
        model = SourceSnapshot
        skip_postgeneration_save = True

    source = factory.SubFactory(SourceFactory)
    fetched_at = factory.LazyFunction(timezone.now)
    status_code = 200
    final_url = factory.LazyAttribute(lambda snapshot: snapshot.source.url)
    size = 10
    sha256 = "a" * 64
    warc = "warc/x.warc.gz"
    text_sha256 = "b" * 64

    @factory.post_generation
    def latest(snapshot, create, extracted, **kwargs):
        if create:
            Source.objects.filter(pk=snapshot.source_id).update(last_snapshot=snapshot)
            snapshot.source.last_snapshot = snapshot


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    claim = factory.SubFactory(ClaimFactory)
    source = factory.SubFactory(SourceFactory)
    stance = Evidence.Stance.SUPPORTS
    excerpt = "The ministry hired 4,200 nurses."


def rating(slug: str = "true") -> Rating:
    return Rating.objects.get(slug=slug)
