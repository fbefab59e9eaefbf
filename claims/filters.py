"""The queue's filters, kept in the URL so a view of the queue can be bookmarked."""

import django_filters
from django.contrib.auth import get_user_model

from claims.models import Article, Claim, Rating
from claims.roles import assignable_users
from claims.search import search_claims

SORTS = {
    "priority": ("-priority", "article_id", "start"),
    "article": ("article_id", "start"),
    "updated": ("-updated_at", "-pk"),
    "status": ("status", "-priority", "pk"),
}


class ClaimFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_search", label="Search")
    # One row per claim already: DISTINCT would make PostgreSQL sort the whole match.
    status = django_filters.MultipleChoiceFilter(choices=Claim.Status.choices, distinct=False)
    kind = django_filters.ChoiceFilter(choices=Claim.Kind.choices, empty_label="Any kind")
    assignee = django_filters.CharFilter(method="filter_assignee", label="Assignee")
    article = django_filters.ModelChoiceFilter(
        queryset=Article.objects.only("pk", "title"), empty_label="Any article"
    )
    rating = django_filters.ModelChoiceFilter(
        queryset=Rating.objects.all(),
        to_field_name="slug",
        method="filter_rating",
        empty_label="Any rating",
    )
    sort = django_filters.ChoiceFilter(
        # "priority" is the default, offered as the empty choice.
        choices=[(key, key.title()) for key in SORTS if key != "priority"],
        method="filter_sort",
        empty_label="Priority",
    )

    class Meta:
        model = Claim
        fields = ["q", "status", "kind", "assignee", "article", "rating"]

    def filter_search(self, queryset, name, value):
        return search_claims(queryset, value)

    def filter_assignee(self, queryset, name, value):
        if value == "me":
            return queryset.assigned_to(self.request.user)
        if value == "unassigned":
            return queryset.unassigned()
        user = get_user_model().objects.filter(username=value).first()
        return queryset.assigned_to(user) if user else queryset.none()

    def filter_rating(self, queryset, name, value):
        return queryset.filter(verdicts__is_current=True, verdicts__rating=value)

    def filter_sort(self, queryset, name, value):
        return queryset.order_by(*SORTS.get(value, SORTS["priority"]))

    @property
    def qs(self):
        queryset = super().qs
        if not self.form.cleaned_data.get("sort"):
            queryset = queryset.order_by(*SORTS["priority"])
        return queryset


def assignee_choices() -> list[tuple[str, str]]:
    """Options for the assignee filter: me, nobody, then every reviewer by name."""
    return [("", "Anyone"), ("me", "Me"), ("unassigned", "Unassigned")] + [
        (person.username, person.get_full_name() or person.username)
        for person in assignable_users()
    ]
