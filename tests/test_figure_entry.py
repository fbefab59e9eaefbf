"""Figures from extraction to claim and evidence: the one that matters, exact decimals, and a
question rather than a guess when "2.314" could be either."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from claims.importers.cells import CellError, decimal_for
from claims.models import Claim, Evidence
from claims.services.articles import article_create
from claims.services.suggestions import suggestion_accept
from claims.templatetags.factcheck import figure, figure_phrase
from claims.views.forms import EvidenceForm, text_language
from tests.factories import ArticleFactory, ClaimFactory
from tests.workflow_states import researching

pytestmark = pytest.mark.django_db

TITLE = "Death toll rises to 2,314 after earthquake in Turkey"
BODY = f"""{TITLE}

ANKARA, 14 March – A magnitude 7.1 earthquake struck southern Turkey on Tuesday, killing \
2,314 people, the Disaster and Emergency Management Authority (AFAD) said. Inflation was 14.2% \
in February, the statistics office said.
"""


@pytest.fixture
def quake(editor):
    return article_create(actor=editor, title=TITLE, body=BODY)


class TestMakeClaim:
    def test_headline_is_not_suggested(self, quake):
        assert not quake.suggestions.filter(text__startswith="Death toll").exists()

    def test_the_death_toll_is_the_stated_figure_and_the_dateline_is_gone(self, quake, editor):
        lead = quake.suggestions.get(text__contains="magnitude")
        assert [f["value"] for f in lead.figures] == ["7.1", "2314"]
        assert [f["main"] for f in lead.figures] == [False, True]
        claim = suggestion_accept(suggestion=lead, actor=editor)
        assert claim.text.startswith("A magnitude 7.1 earthquake")
        assert (claim.stated_value, claim.unit) == (Decimal(2314), "people")
        assert claim.attributed_to == "Disaster and Emergency Management Authority (AFAD)"
        assert quake.body[claim.start : claim.end] == claim.quote

    def test_a_percentage_keeps_its_decimals_exactly(self, quake, editor):
        suggestion = quake.suggestions.get(text__startswith="Inflation")
        assert suggestion.figures[0]["value"] == "14.2"
        claim = suggestion_accept(suggestion=suggestion, actor=editor)
        claim.refresh_from_db()
        assert claim.stated_value == Decimal("14.2")
        assert figure_phrase(claim.stated_value, claim.qualifier, claim.unit) == "14.2 %"

    def test_a_suggestion_stored_with_a_float_gives_the_decimal_as_written(self, editor):
        article = ArticleFactory(body="A magnitude 7.1 earthquake struck the coast on Tuesday.")
        suggestion = article.suggestions.create(
            text=article.body,
            fingerprint="legacy",
            start=0,
            end=len(article.body),
            kind=Claim.Kind.FIGURE,
            score=0.6,
            figures=[{"raw": "7.1", "value": 7.1, "qualifier": "exact", "unit": "magnitude"}],
        )
        claim = suggestion_accept(suggestion=suggestion, actor=editor)
        assert claim.stated_value == Decimal("7.1")


class TestFigureFilters:
    @pytest.mark.parametrize(
        ("value", "shown"),
        [
            (7.1, "7.1"),
            (14.2, "14.2"),
            ("7.1", "7.1"),
            (Decimal("2314.0000"), "2,314"),
            (0.1, "0.1"),
        ],
    )
    def test_no_float_noise(self, value, shown):
        assert figure(value) == shown

    def test_phrase_of_a_stored_float_percentage(self):
        assert figure_phrase(14.2, "approximately", "%") == "about 14.2 %"


class TestEvidenceFormAsks:
    def form(self, claim, value):
        return EvidenceForm(
            data={
                "url": "https://example.org/afad",
                "title": "AFAD update",
                "kind": "official",
                "reliability": "high",
                "stance": "supports",
                "reported_value": value,
            },
            claim=claim,
        )

    def test_a_dot_before_three_digits_is_a_question(self, reviewer):
        form = self.form(researching(reviewer), "2.314")
        assert not form.is_valid()
        (message,) = form.errors["reported_value"]
        assert "2,314" in message and "2.314" in message and "2.3140" in message

    @pytest.mark.parametrize(
        ("value", "stored"), [("2314", 2314), ("2.3140", "2.314"), ("0.125", "0.125")]
    )
    def test_either_answer_is_taken(self, reviewer, value, stored):
        form = self.form(researching(reviewer), value)
        assert form.is_valid(), form.errors
        assert form.cleaned_data["reported_value"] == Decimal(stored)

    def test_the_articles_language_settles_it(self, reviewer):
        claim = researching(reviewer)
        claim.article.language = "tr"  # set by language detection where it is known
        assert text_language(claim.article) == "tr"
        form = self.form(claim, "2.314")
        assert form.is_valid(), form.errors
        assert form.cleaned_data["reported_value"] == Decimal(2314)

    def test_posting_the_ambiguous_value_writes_nothing(self, client, reviewer):
        claim = researching(reviewer)
        client.force_login(reviewer)
        response = client.post(
            reverse("claims:evidence_create", args=[claim.pk]),
            {
                "url": "https://example.org/afad",
                "title": "AFAD update",
                "kind": "official",
                "reliability": "high",
                "stance": "supports",
                "reported_value": "2.314",
            },
        )
        assert response.status_code == 400
        assert not Evidence.objects.exists()

    def test_a_non_figure_claim_has_no_value_to_ask_about(self, reviewer):
        claim = ClaimFactory(kind=Claim.Kind.EVENT)
        assert "reported_value" not in EvidenceForm(claim=claim).fields


class TestImportAsks:
    def test_reported_value_with_a_dot_before_three_digits(self):
        with pytest.raises(CellError, match="could be 2,314"):
            decimal_for("reported_value", ask_when_ambiguous=True)("2.314")

    @pytest.mark.parametrize("text", ["2314", "2,314", "0.125", "2.3140", "12.5", "1234.567"])
    def test_unambiguous_values_pass(self, text):
        clean = decimal_for("reported_value", ask_when_ambiguous=True)
        assert Decimal(clean(text)) == Decimal(text.replace(",", ""))

    def test_stated_values_keep_the_documented_dot(self):
        assert decimal_for("stated_value")("2.314") == "2.314"


class TestExtractClaimsCommand:
    def test_language_option_reads_the_texts_separators(self, tmp_path):
        path = tmp_path / "haber.txt"
        path.write_text("AFAD, depremde 2.314 kişinin hayatını kaybettiğini açıkladı.\n")
        out = StringIO()
        call_command("extract_claims", str(path), "--json", "--language", "tr", stdout=out)
        (line,) = out.getvalue().splitlines()
        assert json.loads(line)["figures"][0]["value"] == "2314"

    def test_without_a_language_the_figure_is_marked_ambiguous(self, tmp_path):
        path = tmp_path / "report.txt"
        path.write_text("Officials said 2.314 people were hurt in the blast.\n")
        out = StringIO()
        call_command("extract_claims", str(path), "--json", stdout=out)
        figure_data = json.loads(out.getvalue())["figures"][0]
        assert (figure_data["value"], figure_data["ambiguous"]) == ("2.314", True)

    def test_a_missing_file_is_named(self, tmp_path):
        with pytest.raises(CommandError, match="Cannot read"):
            call_command("extract_claims", str(tmp_path / "missing.txt"))
