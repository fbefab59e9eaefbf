"""Forms of the reviewer workspace; each names what is wrong in words a reviewer uses."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy

from claims.models import Claim, Evidence, Rating, Source
from claims.services.claims import EDITABLE_FIELDS
from claims.services.sources import normalise_url


class FigureField(forms.CharField):
    """A number as articles write it: "1,500", "4.3", "-2". Empty means none."""

    PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")
    DECIMAL_PLACES = 4  # as the model fields store them

    def to_python(self, value):
        value = super().to_python(value).replace(",", "").replace("\u202f", "").strip()
        if not value:
            return None
        if not self.PLAIN_NUMBER.fullmatch(value):
            raise ValidationError("Enter a number, such as 1500 or 1,500 or 4.3.")
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise ValidationError("Enter a number, such as 1500 or 1,500 or 4.3.") from None
        if not number.is_finite() or abs(number) >= Decimal("1e16"):
            raise ValidationError("Enter a number below ten quadrillion.")
        if -number.normalize().as_tuple().exponent > self.DECIMAL_PLACES:
            raise ValidationError(
                f"Enter a number with at most {self.DECIMAL_PLACES} decimal places."
            )
        return number


def version_field() -> forms.IntegerField:
    """The version of the record the user saw, for optimistic locking. Required: a change
    that does not say what it was based on could silently overwrite someone else's."""
    return forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={
            "required": "This form does not say which version of the record it changes: "
            "reload the page and try again.",
            "invalid": "This form's version is not valid: reload the page and try again.",
            "min_value": "This form's version is not valid: reload the page and try again.",
        },
    )


class VersionedForm(forms.Form):
    """A change to a claim (or an evidence row), carrying the version the user saw."""

    version = version_field()


def form_problems(form: forms.Form) -> str:
    """A form's errors as one message, for forms that are buttons rather than fields."""
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


class EvidenceForm(forms.Form):
    url = forms.CharField(
        label="Source URL",
        max_length=2000,
        widget=forms.URLInput(attrs={"placeholder": "https://…"}),
        help_text="If another claim already cites this page, its source record is reused.",
    )
    title = forms.CharField(max_length=500, required=False)
    publisher = forms.CharField(max_length=200, required=False)
    published_on = forms.DateField(
        label="Published", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    kind = forms.ChoiceField(label="Source kind", choices=Source.Kind.choices, initial="news")
    reliability = forms.ChoiceField(choices=Source.Reliability.choices, initial="unknown")
    stance = forms.ChoiceField(choices=Evidence.Stance.choices, initial="supports")
    excerpt = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    pinpoint = forms.CharField(
        max_length=200, required=False, help_text="Page, paragraph or timestamp."
    )
    reported_value = FigureField(
        label="Reported value", required=False, help_text="The number this source gives."
    )
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, claim: Claim, **kwargs):
        super().__init__(*args, **kwargs)
        if claim.kind != Claim.Kind.FIGURE:
            del self.fields["reported_value"]

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        normalise_url(url)  # raises a ValidationError naming the problem
        return url.strip()

    def source_details(self) -> dict:
        return {
            field: self.cleaned_data[field]
            for field in ("title", "publisher", "published_on", "kind", "reliability")
        }

    def evidence_values(self) -> dict:
        return {
            field: self.cleaned_data.get(field)
            for field in ("stance", "excerpt", "pinpoint", "reported_value", "note")
            if field in self.fields
        }


class EvidenceEditForm(forms.ModelForm):
    reported_value = FigureField(label="Reported value", required=False)
    version = version_field()

    class Meta:
        model = Evidence
        fields = ["stance", "excerpt", "pinpoint", "reported_value", "note"]
        widgets = {
            "excerpt": forms.Textarea(attrs={"rows": 3}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.claim.kind != Claim.Kind.FIGURE:
            del self.fields["reported_value"]
        for field in ("excerpt", "pinpoint", "note"):
            self.fields[field].required = False
        self.fields["version"].initial = self.instance.version

    def evidence_values(self) -> dict:
        return {
            field: self.cleaned_data[field] for field in self._meta.fields if field in self.fields
        }


class VerdictForm(VersionedForm):
    rating = forms.ModelChoiceField(queryset=Rating.objects.all(), empty_label="Choose a rating")
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The public rationale: what the evidence shows.",
    )
    short_claim = forms.CharField(
        label="Short claim",
        max_length=75,
        help_text="The claim in at most 75 characters, without the rating word (for ClaimReview).",
    )

    def verdict_values(self) -> dict:
        """The verdict services' arguments."""
        data = self.cleaned_data
        return {
            "rating": data["rating"],
            "summary": data["summary"],
            "short_claim": data["short_claim"],
            "expected_version": data["version"],
        }


class ReasonForm(VersionedForm):
    # Not required here: the service refuses an empty reason saying what it is needed for.
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Comment",
        help_text="Type @ and a name to mention someone; they are notified.",
        widget=forms.Textarea(
            attrs={
                "rows": 3,
                # Suggest people while a name is typed after "@" (views: mention_suggestions).
                "data-hx-get": reverse_lazy("claims:mention_suggestions"),
                "data-hx-trigger": "input changed delay:300ms",
                "data-hx-target": "#mention-suggestions",
                "data-hx-swap": "outerHTML",
                "data-mention-input": "",
            }
        ),
    )


class DueForm(VersionedForm):
    due_on = forms.DateField(
        label="Due on", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ArticleDeadlineForm(forms.Form):
    due_on = forms.DateField(
        label="Deadline", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ShortClaimFixForm(VersionedForm):
    short_claim = forms.CharField(label="Short claim", max_length=75)


class AssignForm(VersionedForm):
    assignee = forms.CharField(required=False)


class ArticleForm(forms.Form):
    title = forms.CharField(max_length=500)
    author = forms.CharField(max_length=200, required=False)
    outlet = forms.CharField(max_length=200, required=False)
    url = forms.URLField(label="URL", max_length=1000, required=False, assume_scheme="https")
    published_on = forms.DateField(
        label="Published", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    body = forms.CharField(
        label="Article text",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text="Paste the article text, or upload a file below: one of the two is needed.",
    )
    file = forms.FileField(
        label="…or upload a file",
        required=False,
        help_text=".txt, .md or .html (reduced to its readable text), UTF-8.",
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.md,.html,.htm"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Neither is optional on its own: the form needs one of the two.
        self.fields["body"].one_of_pair = self.fields["file"].one_of_pair = True

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        if url and not url.lower().startswith(("http://", "https://")):
            raise ValidationError("Enter a web address starting with http:// or https://.")
        return url

    def clean(self):
        from claims.importers.article_files import IngestError, article_text, tidy

        cleaned = super().clean()
        upload, body = cleaned.get("file"), (cleaned.get("body") or "")
        if upload and body.strip():
            raise ValidationError("Paste the text or upload a file, not both.")
        if upload:
            try:
                cleaned["body"] = article_text(upload.name, upload.read())
            except IngestError as error:
                self.add_error("file", str(error))
        elif body.strip():
            cleaned["body"] = tidy(body.replace("\r\n", "\n"))
        else:
            self.add_error("body", "Paste the article text or upload a file.")
        return cleaned


class ArticleTextForm(forms.Form):
    body = forms.CharField(label="Text", strip=False, widget=forms.Textarea(attrs={"rows": 24}))

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].replace("\r\n", "\n").strip()
        if not body:
            raise ValidationError("An article needs some text.")
        return body


class ClaimEditForm(VersionedForm):
    text = forms.CharField(
        label="Claim",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="The checkable statement, as a reviewer would phrase it.",
    )
    quote = forms.CharField(
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Copied exactly from the article text.",
    )
    kind = forms.ChoiceField(choices=Claim.Kind.choices)
    stated_value = FigureField(label="Stated value", required=False)
    qualifier = forms.ChoiceField(choices=[("", "—"), *Claim.Qualifier.choices], required=False)
    unit = forms.CharField(max_length=100, required=False)
    attributed_to = forms.CharField(label="Attributed to", max_length=300, required=False)
    priority = forms.IntegerField(min_value=0, max_value=100)

    # The quote's offsets are found in the article text, not typed.
    FIELDS = tuple(field for field in EDITABLE_FIELDS if field not in ("start", "end"))

    @classmethod
    def for_claim(cls, claim: Claim) -> "ClaimEditForm":
        initial = {field: getattr(claim, field) for field in cls.FIELDS}
        return cls(initial={**initial, "version": claim.version})

    def values(self) -> dict:
        return {field: self.cleaned_data[field] for field in self.FIELDS}
