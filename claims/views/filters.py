"""The queue's filters, read from the URL so a view of the queue can be bookmarked."""

import django_filters

from claims.models import Article, Claim, Rating
from claims.roles import assignable_users
from claims.selectors import DUE_FILTERS, SORTS, ClaimFilters, claims_matching


class ClaimFilter(django_filters.FilterSet):
    """Reads and checks the query string; `claims_matching` does the filtering."""

    q = django_filters.CharFilter(label="Search")
    # One row per claim already: DISTINCT would make PostgreSQL sort the whole match.
    status = django_filters.MultipleChoiceFilter(choices=Claim.Status.choices, distinct=False)
    kind = django_filters.ChoiceFilter(choices=Claim.Kind.choices, empty_label="Any kind")
    assignee = django_filters.CharFilter(label="Assignee")
    article = django_filters.ModelChoiceFilter(
        queryset=Article.objects.only("pk", "title"), empty_label="Any article"
    )
    rating = django_filters.ModelChoiceFilter(
        queryset=Rating.objects.all(), to_field_name="slug", empty_label="Any rating"
    )
    changed = django_filters.BooleanFilter(
        label="Article changed since publication",
        widget=django_filters.widgets.BooleanWidget,
    )
    due = django_filters.ChoiceFilter(
        choices=list(DUE_FILTERS.items()), empty_label="Any due date", label="Due"
    )
    sort = django_filters.ChoiceFilter(
        # "priority" is the default, offered as the empty choice.
        choices=[(key, key.title()) for key in SORTS if key != "priority"],
        empty_label="Priority",
    )

    class Meta:
        model = Claim
        fields = ["q", "status", "kind", "assignee", "article", "rating"]

    def claim_filters(self) -> ClaimFilters:
        """The valid filters of the query string; an invalid one is left out."""
        if not self.is_bound:
            return ClaimFilters()
        self.form.is_valid()  # cleans the form; a field that is not valid is left out
        data = self.form.cleaned_data
        return ClaimFilters(
            statuses=tuple(data.get("status") or ()),
            kind=data.get("kind") or "",
            assignee=data.get("assignee") or "",
            article=data.get("article"),
            rating=data.get("rating"),
            q=data.get("q") or "",
            sort=data.get("sort") or "",
            article_changed=bool(data.get("changed")),
            due=data.get("due") or "",
        )

    def filter_queryset(self, queryset):
        user = self.request.user if self.request is not None else None
        return claims_matching(self.claim_filters(), user=user, queryset=queryset)


def assignee_choices() -> list[tuple[str, str]]:
    """Options for the assignee filter: me, nobody, then every reviewer by name."""
    return [("", "Anyone"), ("me", "Me"), ("unassigned", "Unassigned")] + [
        (person.username, person.get_full_name() or person.username)
        for person in assignable_users()
    ]
