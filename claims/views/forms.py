"""Forms of the reviewer workspace; each names what is wrong in words a reviewer uses."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy

from claims.extraction.numbers import AmbiguousNumber, read_number
from claims.models import (
    ARTICLE_BODY_MAX,
    CLAIM_TEXT_MAX,
    COMMENT_MAX,
    NOTE_MAX,
    QUOTE_MAX,
    REASON_MAX,
    Article,
    Claim,
    Evidence,
    Rating,
    Source,
)
from claims.services.claims import EDITABLE_FIELDS
from claims.services.sources import normalise_url


class FigureField(forms.CharField):
    """A number as articles write it: "1,500", "4.3", "-2". Empty means none."""

    PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")
    DECIMAL_PLACES = 4  # as the model fields store them

    def __init__(self, *args, ask_when_ambiguous: bool = False, **kwargs):
        # A value copied from a source may use the source's separators ("2.314" in Turkish is
        # 2314); such a field asks which was meant unless ``language`` settles it.
        self.ask_when_ambiguous = ask_when_ambiguous
        self.language: str | None = None
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        text = super().to_python(value).strip()
        if self.ask_when_ambiguous and text:
            try:
                text = format(read_number(text, self.language), "f")
            except AmbiguousNumber as error:
                raise ValidationError(str(error)) from None
            except ValueError:
                pass  # the checks below name what is wrong
        value = text.replace(",", "").replace("\u202f", "").strip()
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


def text_language(article) -> str | None:
    """The article's language code where it is known (None until language detection)."""
    return getattr(article, "language", None) or None


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


class OwnIds:
    """A form that shares the claim page with others: its ids carry its name (`id_verdict_rating`),
    so no two forms give an element the same id (both the claim and the source have a kind)."""

    id_name = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"id_{self.id_name}_%s")
        super().__init__(*args, **kwargs)


class VersionedForm(forms.Form):
    """A change to a claim (or an evidence row), carrying the version the user saw."""

    version = version_field()


def form_problems(form: forms.Form) -> str:
    """A form's errors as one message, for forms that are buttons rather than fields."""
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


class EvidenceForm(OwnIds, forms.Form):
    id_name = "source"

    url = forms.CharField(
        label="Source URL",
        max_length=2000,
        widget=forms.URLInput(
            attrs={
                "placeholder": "https://…",
                # Says at once when the address is a source the desk already has.
                "data-hx-get": reverse_lazy("claims:source_lookup"),
                "data-hx-trigger": "input changed delay:500ms, change",
                "data-hx-target": "#known-source",
                "data-hx-swap": "outerHTML",
                "data-hx-include": "this",
            }
        ),
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
    excerpt = forms.CharField(
        max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    pinpoint = forms.CharField(
        max_length=200, required=False, help_text="Page, paragraph or timestamp."
    )
    reported_value = FigureField(
        label="Reported value",
        required=False,
        help_text="The number this source gives.",
        ask_when_ambiguous=True,
    )
    note = forms.CharField(
        max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, claim: Claim, **kwargs):
        super().__init__(*args, **kwargs)
        if claim.kind != Claim.Kind.FIGURE:
            del self.fields["reported_value"]
        else:
            self.fields["reported_value"].language = text_language(claim.article)

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


class EvidenceEditForm(OwnIds, forms.ModelForm):
    id_name = "evidence"

    reported_value = FigureField(label="Reported value", required=False, ask_when_ambiguous=True)
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
        else:
            self.fields["reported_value"].language = text_language(self.instance.claim.article)
        for field in ("excerpt", "pinpoint", "note"):
            self.fields[field].required = False
        self.fields["version"].initial = self.instance.version

    def evidence_values(self) -> dict:
        return {
            field: self.cleaned_data[field] for field in self._meta.fields if field in self.fields
        }


class VerdictForm(OwnIds, VersionedForm):
    id_name = "verdict"

    rating = forms.ModelChoiceField(queryset=Rating.objects.all(), empty_label="Choose a rating")
    summary = forms.CharField(
        max_length=NOTE_MAX,
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
    reason = forms.CharField(
        max_length=REASON_MAX, widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class CommentForm(OwnIds, forms.Form):
    id_name = "comment"

    body = forms.CharField(
        label="Comment",
        max_length=COMMENT_MAX,
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


def language_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        choices=[("", "Detect from the text"), *Article.language.field.choices[1:]],
        required=False,
        help_text="Screen readers read the text in this language.",
    )


class ArticleFetchForm(forms.Form):
    """The address of an article to fetch; the page is read, then confirmed on ArticleForm."""

    url = forms.CharField(
        label="Web address",
        max_length=1000,
        help_text="The article's page or PDF. Its text and details are filled in below to check.",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )

    def __init__(self, *args, **kwargs):
        # Prefixed: the article form below has a url field of its own on the same page.
        super().__init__(*args, prefix="fetch", **kwargs)


class ArticleForm(forms.Form):
    # Checked in clean(): an HTML or PDF upload may bring its own title.
    title = forms.CharField(
        max_length=500,
        required=False,
        help_text="Left empty, an uploaded HTML or PDF file's own title is used.",
    )
    author = forms.CharField(max_length=200, required=False)
    outlet = forms.CharField(max_length=200, required=False)
    url = forms.URLField(label="URL", max_length=1000, required=False, assume_scheme="https")
    published_on = forms.DateField(
        label="Published",
        required=False,
        # A date input takes only ISO dates, whatever the site's display format.
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    body = forms.CharField(
        label="Article text",
        max_length=ARTICLE_BODY_MAX,
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text="Paste the article text, or upload a file below: one of the two is needed.",
    )
    file = forms.FileField(
        label="…or upload a file",
        required=False,
        help_text=".txt or .md (UTF-8), .html or .pdf (reduced to the article's readable text).",
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.md,.html,.htm,.pdf"}),
    )
    language = language_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Neither is optional on its own: the form needs one of the two.
        self.fields["body"].one_of_pair = self.fields["file"].one_of_pair = True
        # Needed, from the editor or from the file: so not shown as optional.
        self.fields["title"].one_of_pair = True

    @classmethod
    def from_reading(cls, reading) -> "ArticleForm":
        """The form filled in with a fetched page, for the editor to check before adding it."""
        form = cls(initial=reading.details())
        form.fields["title"].help_text = ""
        form.fields[
            "body"
        ].help_text = (
            "As read from the page: remove anything that is not the article, add what is missing."
        )
        return form

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        if url and not url.lower().startswith(("http://", "https://")):
            raise ValidationError("Enter a web address starting with http:// or https://.")
        return url

    def clean(self):
        from claims.importers.article_files import IngestError, article_reading, tidy

        cleaned = super().clean()
        upload, body = cleaned.get("file"), (cleaned.get("body") or "")
        if upload and body.strip():
            raise ValidationError("Paste the text or upload a file, not both.")
        if upload:
            try:
                reading = article_reading(upload.name, upload.read())
            except IngestError as error:
                self.add_error("file", str(error))
            else:
                cleaned["body"] = reading.text
                # What the editor typed wins; the file's own details fill the gaps.
                for field in ("title", "author", "outlet", "published_on"):
                    if not cleaned.get(field) and field not in self.errors:
                        cleaned[field] = getattr(reading, field)
                if len(cleaned["body"]) > ARTICLE_BODY_MAX:
                    self.add_error(
                        "file",
                        f"The file's text is {len(cleaned['body']):,} characters long; an "
                        f"article may have at most {ARTICLE_BODY_MAX:,}.",
                    )
        elif body.strip():
            cleaned["body"] = tidy(body.replace("\r\n", "\n"))
        else:
            self.add_error("body", "Paste the article text or upload a file.")
        if not cleaned.get("title") and "title" not in self.errors:
            self.add_error("title", "Give the article a title.")
        return cleaned


class ArticleTextForm(forms.Form):
    body = forms.CharField(
        label="Text",
        max_length=ARTICLE_BODY_MAX,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 24}),
    )
    language = language_field()

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].replace("\r\n", "\n").strip()
        if not body:
            raise ValidationError("An article needs some text.")
        return body


class ClaimEditForm(OwnIds, VersionedForm):
    id_name = "claim"

    text = forms.CharField(
        label="Claim",
        max_length=CLAIM_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="The checkable statement, as a reviewer would phrase it.",
    )
    quote = forms.CharField(
        max_length=QUOTE_MAX,
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
