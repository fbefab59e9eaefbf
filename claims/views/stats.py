"""The statistics page (editors): throughput, durations, verdicts, open work, due dates;
each chart's numbers as CSV."""

from datetime import date

from django import forms
from django.core.cache import cache
from django.http import Http404, HttpResponse, HttpResponseForbidden
from django.shortcuts import render
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from claims.deadlines import desk_zone
from claims.exports.verdicts import csv_response, csv_stream
from claims.models import Article
from claims.roles import is_editor
from claims.statistics import DeskStatistics, StatsFilters, desk_statistics
from claims.views.charts import BarChart, bar_chart
from claims.views.http import HtmxHttpRequest

SUBMITTED, PUBLISHED = "#b26b00", "#1a7f37"
RESEARCHING, IN_REVIEW = "#0b66c3", "#b26b00"
OVERDUE, DUE_SOON = "#b42318", "#9a6700"


DATE_INPUT = forms.DateInput(attrs={"type": "date"})


class StatsForm(forms.Form):
    start = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    article = forms.ModelChoiceField(
        queryset=Article.objects.only("pk", "title"), required=False, empty_label="Every article"
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError("The start of the range must be on or before its end.")
        return data

    def filters(self, today: date) -> StatsFilters:
        default = StatsFilters.default(today)
        data = self.cleaned_data if self.is_valid() else {}
        return StatsFilters(
            start=data.get("start") or default.start,
            end=data.get("end") or default.end,
            article=data.get("article"),
        )


def charts(figures: DeskStatistics) -> dict[str, BarChart]:
    weeks = figures.weeks
    total_sub = sum(week[1] for week in weeks)
    total_pub = sum(week[2] for week in weeks)
    rated = [(rating, count) for rating, count in figures.by_rating]
    people = figures.open_by_person
    return {
        chart.slug: chart
        for chart in [
            bar_chart(
                "throughput",
                "Throughput per week",
                f"Verdicts submitted ({total_sub}) and published ({total_pub}) in each week "
                f"of the range, {len(weeks)} weeks.",
                [("submitted", SUBMITTED), ("published", PUBLISHED)],
                [(f"{monday:%-d %b %Y}", [sub, pub]) for monday, sub, pub in weeks],
            ),
            bar_chart(
                "ratings",
                "Published verdicts by rating",
                "How many verdicts published in the range have each rating: "
                + ", ".join(f"{rating.label} {count}" for rating, count in rated)
                + ".",
                [("verdicts", PUBLISHED)],
                [(rating.label, [count]) for rating, count in rated],
                colours=[rating.colour for rating, _count in rated],
            ),
            bar_chart(
                "open-work",
                "Open work per person",
                "Claims each person holds now, researching and in review"
                + (
                    ": " + ", ".join(f"{p[0]} {p[1]} and {p[2]}" for p in people[:10])
                    if people
                    else ": none"
                )
                + ".",
                [("researching", RESEARCHING), ("in review", IN_REVIEW)],
                [(name, [researching, review]) for name, researching, review in people],
            ),
            bar_chart(
                "due",
                "Overdue and due soon",
                f"Open claims past their due date ({figures.overdue}) and due within two days "
                f"({figures.due_soon}), today.",
                [("claims", OVERDUE)],
                [("Overdue", [figures.overdue]), ("Due soon", [figures.due_soon])],
                colours=[OVERDUE, DUE_SOON],
            ),
        ]
    }


def durations_table(figures: DeskStatistics) -> tuple[list[str], list[list]]:
    rows = []
    for name, spread in (
        ("first research to publication", figures.research_to_publication),
        ("waiting for approval", figures.approval_wait),
    ):
        rows.append([name, spread.count, _rounded(spread.median), _rounded(spread.p90)])
    return ["measure", "verdicts", "median_hours", "p90_hours"], rows


def article_options(chosen: Article | None) -> str:
    """The article filter's options, built in one call: a template loop over a thousand
    articles took a third of the page's time."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (pk, mark_safe(" selected") if chosen and pk == chosen.pk else "", title)
            for pk, title in Article.objects.order_by("title", "pk").values_list("pk", "title")
        ),
    )


def _rounded(value: float | None):
    return "" if value is None else round(value, 1)


# The figures of one range and article are reused for a few minutes: the page and each CSV
# would otherwise count the same million rows again (see docs/decisions.md).
FIGURES_TTL = 300


def _figures(request: HtmxHttpRequest):
    form = StatsForm(request.GET or None)
    filters = form.filters(timezone.now().astimezone(desk_zone()).date())
    key = "stats:{}:{}:{}:{}".format(
        filters.start, filters.end, filters.article.pk if filters.article else "", desk_zone()
    )
    figures = cache.get(key)
    if figures is None:
        figures = desk_statistics(filters)
        cache.set(key, figures, FIGURES_TTL)
    return form, filters, figures


@require_safe
def stats(request: HtmxHttpRequest) -> HttpResponse:
    """How the desk is doing, for editors."""
    if not is_editor(request.user):
        return HttpResponseForbidden("Only editors see the desk's statistics.")
    form, filters, figures = _figures(request)
    query = request.GET.urlencode()
    return render(
        request,
        "claims/stats.html",
        {
            "form": form,
            "filters": filters,
            "figures": figures,
            "charts": charts(figures).values(),
            "query": query,
            "article_options": article_options(filters.article),
        },
        status=400 if form.errors else 200,
    )


@require_safe
def stats_csv(request: HtmxHttpRequest, chart: str) -> HttpResponse:
    """One chart's numbers (or the durations) as CSV, for the same range and article."""
    if not is_editor(request.user):
        return HttpResponseForbidden("Only editors see the desk's statistics.")
    _form, filters, figures = _figures(request)
    if chart == "durations":
        header, rows = durations_table(figures)
    else:
        found = charts(figures).get(chart)
        if found is None:
            raise Http404("No such chart.")
        header, rows = found.csv_rows()
    return csv_response(
        csv_stream(header, rows), f"{chart}-{filters.start:%Y-%m-%d}-{filters.end:%Y-%m-%d}.csv"
    )
