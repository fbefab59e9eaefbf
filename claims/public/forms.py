"""The fact-check index's filters, read from the query string."""

from django import forms

from claims.models import Article, Rating


class FactCheckFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=200)
    rating = forms.ModelChoiceField(
        queryset=Rating.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="Any rating",
    )
    article = forms.ModelChoiceField(
        queryset=Article.objects.none(), required=False, empty_label="Any article"
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Only articles with a published fact check: the others are not public.
        self.fields["article"].queryset = (
            Article.objects.filter(claims__verdicts__is_public=True)
            .distinct()
            .only("pk", "title")
            .order_by("title")
        )
