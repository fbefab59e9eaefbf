"""The import validator on small in-memory rows: each column's rule, each rule that needs
more than one row, the staged rows it hands on, and the exact messages it reports."""

from dataclasses import dataclass
from datetime import date

import pytest

from claims.importers.columns import COLUMNS, REPEATABLE
from claims.importers.staged import StagedRow
from claims.importers.text import shown
from claims.importers.validation import ErrorLog, Validator
from tests.factories import (
    BODY,
    ArticleFactory,
    EditorFactory,
    ReviewerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
QUOTE = "The ministry said 4,200 nurses were hired in 2023."
QUOTE_AT = BODY.index(QUOTE)


@dataclass
class Checked:
    staged: list[StagedRow]
    errors: list[str]
    warnings: list[str]
    validator: Validator


def check(*rows: dict, header=COLUMNS, problems=None) -> Checked:
    """Validate `rows` (numbered from 2, as a spreadsheet shows them) and finish."""
    errors, warnings = ErrorLog(), []
    validator = Validator(list(header), errors, warnings)
    problems = problems or {}
    table = [
        (row_no, [row.get(column, "") for column in header], problems.get(row_no, []))
        for row_no, row in enumerate(rows, start=2)
    ]
    staged = list(validator.rows(table))
    validator.finish()
    return Checked(staged, errors.kept, warnings, validator)


def row(**values) -> dict:
    """A valid first line of claim c1 of a new article a1."""
    return {
        "article_id": "a1",
        "article_title": "Nurses",
        "article_body": BODY,
        "claim_id": "c1",
        "text": "4,200 nurses were hired.",
        "quote": QUOTE,
        **values,
    }


def further(**values) -> dict:
    """A further line of claim c1, citing another source."""
    return {
        "article_id": "a1",
        "claim_id": "c1",
        "source_url": "https://two.example.org/",
        **values,
    }


def errors_of(*rows: dict, **options) -> list[str]:
    return check(*rows, **options).errors


def staged_one(**values) -> StagedRow:
    result = check(row(**values))
    assert result.errors == []
    (staged,) = result.staged
    return staged


class TestHeader:
    def test_unknown_columns_are_warned_about_and_ignored(self):
        result = check(row(), header=[*COLUMNS, "colour"])
        assert result.warnings == ["row 1, column colour: unknown column, ignored"]
        assert result.errors == []
        assert len(result.staged) == 1

    def test_ten_unknown_columns_are_named_and_more_are_counted(self):
        ten = [f"extra{n}" for n in range(10)]
        assert len(check(row(), header=[*COLUMNS, *ten]).warnings) == 10
        warnings = check(row(), header=[*COLUMNS, *ten, "extra10", "extra11"]).warnings
        assert len(warnings) == 11
        assert warnings[-1] == "row 1: 2 more unknown columns, ignored"

    def test_names_are_read_without_case_or_surrounding_space(self):
        header = [" Article_ID ", "CLAIM_ID", "Text", "article_title", "article_body", "quote"]
        validator = Validator(header, ErrorLog(), [])
        assert validator.usable
        assert validator.index == {
            "article_id": 0,
            "claim_id": 1,
            "text": 2,
            "article_title": 3,
            "article_body": 4,
            "quote": 5,
        }

    def test_a_column_named_twice_is_an_error(self):
        errors = ErrorLog()
        Validator(["article_id", "claim_id", "text", "text"], errors, [])
        assert errors.kept == ["row 1, column text: appears twice in the header"]

    def test_blank_header_cells_are_skipped(self):
        errors, warnings = ErrorLog(), []
        validator = Validator(["article_id", "", "claim_id", " ", "text"], errors, warnings)
        assert (errors.kept, warnings) == ([], [])
        assert validator.index == {"article_id": 0, "claim_id": 2, "text": 4}

    @pytest.mark.parametrize("missing", ["article_id", "claim_id", "text"])
    def test_each_required_column_must_be_there(self, missing):
        header = [column for column in COLUMNS if column != missing]
        result = check(row(), header=header)
        assert result.errors == [f"row 1, column {missing}: required column is missing"]
        assert not result.validator.usable

    def test_without_a_required_column_no_row_is_read(self):
        header = [column for column in COLUMNS if column != "text"]
        result = check(row(kind="rumour"), header=header)
        assert result.errors == ["row 1, column text: required column is missing"]
        assert result.staged == []

    def test_missing_optional_columns_read_as_empty(self):
        header = ["article_id", "claim_id", "text", "article_title", "article_body", "quote"]
        (staged,) = check(row(), header=header).staged
        assert staged == StagedRow(
            2, "a1", "c1", True, "4,200 nurses were hired.", QUOTE, QUOTE_AT, QUOTE_AT + len(QUOTE)
        )


class TestStagedRow:
    def test_a_claims_first_line_stages_every_cleaned_cell_by_name(self):
        reviewer = ReviewerFactory(username="rita")
        staged = staged_one(
            kind="figure",
            stated_value="4,200",
            qualifier="at_least",
            unit="nurses",
            attributed_to="The ministry",
            status="researching",
            assignee="rita",
            source_url="HTTPS://Example.org/report?utm_source=feed#top",
            source_title="The report",
            publisher="Example Wire",
            source_published_on="2024-02-01",
            stance="contradicts",
            excerpt="It says 4,100.",
            reported_value="4,100.50",
        )
        assert staged._asdict() == {
            "row_no": 2,
            "article_key": "a1",
            "claim_key": "c1",
            "is_claim": True,
            "text": "4,200 nurses were hired.",
            "quote": QUOTE,
            "anchor_start": QUOTE_AT,
            "anchor_end": QUOTE_AT + len(QUOTE),
            "kind": "figure",
            "stated_value": "4200",
            "qualifier": "at_least",
            "unit": "nurses",
            "attributed_to": "The ministry",
            "status": "researching",
            "assignee_id": reviewer.pk,
            "source_url": "https://example.org/report",
            "source_title": "The report",
            "publisher": "Example Wire",
            "source_published_on": "2024-02-01",
            "stance": "contradicts",
            "excerpt": "It says 4,100.",
            "reported_value": "4100.50",
        }

    def test_the_staging_table_has_a_column_per_field_in_order(self):
        from claims.importers.postgres import STAGE_COLUMNS, STAGE_TABLE, STAGE_TYPES

        assert set(STAGE_TYPES) < set(StagedRow._fields)
        assert STAGE_COLUMNS.split(", ") == list(StagedRow._fields)
        columns = STAGE_TABLE.partition("(")[2].rpartition(")")[0].split(", ")
        assert [column.split()[0] for column in columns] == list(StagedRow._fields)
        assert "stated_value numeric" in columns
        assert "source_published_on date" in columns

    def test_empty_cells_are_staged_as_not_given(self):
        staged = staged_one()
        assert staged[8:] == (None,) * 14

    def test_cells_are_stripped(self):
        staged = staged_one(claim_id="  c1 ", text=" 4,200 nurses. ", unit=" nurses\t")
        assert (staged.claim_key, staged.text, staged.unit) == ("c1", "4,200 nurses.", "nurses")

    def test_a_further_line_stages_its_keys_and_evidence_only(self):
        result = check(
            row(kind="figure", source_url="https://one.example.org/"),
            further(kind="figure", stance="supports", excerpt="Yes.", reported_value="1,000"),
        )
        assert result.errors == []
        assert result.staged[1] == StagedRow(
            3,
            "a1",
            "c1",
            False,
            source_url="https://two.example.org/",
            stance="supports",
            excerpt="Yes.",
            reported_value="1000",
        )

    def test_rows_with_errors_are_not_staged_and_the_others_are(self):
        result = check(
            row(),
            row(claim_id="c2", kind="rumour"),
            row(claim_id="c3", article_body=""),
        )
        assert [staged.claim_key for staged in result.staged] == ["c1", "c3"]
        assert len(result.errors) == 1


class TestKeys:
    @pytest.mark.parametrize("column", ["article_id", "claim_id"])
    def test_a_key_is_required(self, column):
        assert errors_of(row(**{column: "  "})) == [f"row 2, column {column}: is required"]

    @pytest.mark.parametrize("column", ["article_id", "claim_id"])
    def test_a_key_may_have_100_characters(self, column):
        assert errors_of(row(**{column: "k" * 100})) == []

    @pytest.mark.parametrize("column", ["article_id", "claim_id"])
    def test_a_key_may_not_have_101_characters(self, column):
        assert errors_of(row(**{column: "k" * 101})) == [
            f"row 2, column {column}: is longer than 100 characters"
        ]

    def test_both_keys_are_checked_article_first(self):
        assert errors_of(row(article_id="", claim_id="")) == [
            "row 2, column article_id: is required",
            "row 2, column claim_id: is required",
        ]

    def test_a_row_without_a_usable_article_key_checks_nothing_about_the_article(self):
        result = check(row(article_id="a" * 101, article_title="", article_body=""))
        assert result.errors == ["row 2, column article_id: is longer than 100 characters"]
        assert result.validator.articles == {}


class TestArticleColumns:
    def test_details_are_gathered_for_the_article(self):
        result = check(
            row(
                article_url="HTTPS://News.example.org/story",
                article_author="A. Writer",
                article_outlet="The Daily Test",
                article_published_on="2024-02-29",
            )
        )
        assert result.errors == []
        draft = result.validator.articles["a1"]
        assert draft.values == {
            "title": "Nurses",
            "url": "HTTPS://News.example.org/story",
            "author": "A. Writer",
            "outlet": "The Daily Test",
            "published_on": date(2024, 2, 29),
        }
        assert (draft.first_row, draft.body, draft.body_row) == (2, BODY, 2)

    def test_the_title_may_have_500_characters(self):
        assert errors_of(row(article_title="x" * 500)) == []
        assert errors_of(row(article_title="x" * 501)) == [
            "row 2, column article_title: is longer than 500 characters",
            "row 2, column article_title: a new article needs a title",
        ]

    @pytest.mark.parametrize(
        ("column", "limit"), [("article_author", 200), ("article_outlet", 200)]
    )
    def test_text_details_have_the_models_limits(self, column, limit):
        assert errors_of(row(**{column: "x" * limit})) == []
        assert errors_of(row(**{column: "x" * (limit + 1)})) == [
            f"row 2, column {column}: is longer than {limit} characters"
        ]

    def test_the_url_may_have_1000_characters(self):
        url = "https://example.org/" + "p" * 980
        assert errors_of(row(article_url=url)) == []
        assert errors_of(row(article_url=url + "p")) == [
            "row 2, column article_url: is longer than 1000 characters"
        ]

    @pytest.mark.parametrize(
        "url", ["ftp://example.org/story", "javascript:alert(1)", "example.org/story"]
    )
    def test_the_url_must_be_http_or_https(self, url):
        assert errors_of(row(article_url=url)) == [
            "row 2, column article_url: is not an http or https web address"
        ]

    @pytest.mark.parametrize("value", ["2023-02-29", "2024-2-29", "20240229", "29/02/2024"])
    def test_the_publication_date_must_be_yyyy_mm_dd(self, value):
        assert errors_of(row(article_published_on=value)) == [
            f"row 2, column article_published_on: “{value}” is not a date (use YYYY-MM-DD)"
        ]

    def test_details_may_come_on_a_later_row(self):
        result = check(row(article_title=""), row(claim_id="c2", article_title="Nurses"))
        assert result.errors == []
        draft = result.validator.articles["a1"]
        assert (draft.values["title"], draft.rows["title"]) == ("Nurses", 3)

    def test_a_detail_given_again_must_agree(self):
        assert errors_of(
            row(),
            row(claim_id="c2", article_body="", article_title="Nurses"),
            row(claim_id="c3", article_body="", article_title="Doctors"),
        ) == ["row 4, column article_title: differs from row 2 for this article"]

    def test_a_different_date_is_a_different_detail(self):
        result = check(
            row(article_published_on="2024-01-15"),
            row(claim_id="c2", article_published_on="2024-01-16"),
        )
        assert result.errors == [
            "row 3, column article_published_on: differs from row 2 for this article"
        ]

    def test_a_rows_detail_problems_come_in_column_order(self):
        assert errors_of(
            row(),
            row(claim_id="c2", article_title="Doctors", article_url="ftp://x.example.org/"),
        ) == [
            "row 3, column article_title: differs from row 2 for this article",
            "row 3, column article_url: is not an http or https web address",
        ]

    def test_a_refused_detail_is_not_remembered(self):
        result = check(
            row(article_url="ftp://x.example.org/"),
            row(claim_id="c2", article_url="https://x.example.org/"),
        )
        assert result.errors == ["row 2, column article_url: is not an http or https web address"]
        assert result.validator.articles["a1"].rows["url"] == 3

    def test_two_different_texts_for_one_article(self):
        assert errors_of(row(), row(claim_id="c2", article_body=BODY + " More.")) == [
            "row 3, column article_body: differs from the article text given on row 2; "
            "an article has one text"
        ]

    def test_the_text_is_kept_exactly_as_given(self):
        result = check(row(article_body=f"  {BODY}\n"))
        assert result.validator.articles["a1"].body == f"  {BODY}\n"

    def test_a_new_article_needs_a_title_and_a_text_on_its_first_row(self):
        result = check(
            row(article_title="", article_body="", quote=""),
            row(claim_id="c2", article_title="", article_body="", quote=""),
        )
        assert result.errors == [
            "row 2, column article_title: a new article needs a title",
            "row 2, column article_body: a new article needs its text, on one of its rows",
        ]

    def test_a_stored_articles_text_is_never_changed(self):
        ArticleFactory(external_id="stored", body=BODY)
        result = check(
            row(article_id="stored", article_title="", article_body=""),
            row(article_id="stored", claim_id="c2", article_title="", article_body="Other."),
        )
        assert result.errors == [
            "row 3, column article_body: differs from the stored text of article “stored”; "
            "an import never changes the text that claims are anchored in"
        ]

    def test_a_stored_article_needs_no_title_or_text(self):
        ArticleFactory(external_id="stored", body=BODY)
        result = check(row(article_id="stored", article_title="", article_body=""))
        assert result.errors == []
        assert result.staged[0].anchor_start == QUOTE_AT
        assert result.validator.articles_without_text == []

    def test_articles_without_text_are_listed(self):
        result = check(row(article_body="", quote=""))
        assert result.validator.articles_without_text == ["a1"]


class TestClaimColumns:
    def test_text_is_required_on_a_claims_first_line(self):
        assert errors_of(row(text="")) == ["row 2, column text: is required"]

    def test_text_may_be_left_out_on_a_further_line(self):
        assert errors_of(row(), further(text="")) == []

    @pytest.mark.parametrize(
        "kind", ["figure", "attribution", "event", "quote", "prediction", "opinion"]
    )
    def test_every_kind_is_accepted(self, kind):
        assert staged_one(kind=kind).kind == kind

    def test_an_unknown_kind(self):
        assert errors_of(row(kind="Figure")) == [
            "row 2, column kind: unknown kind “Figure”; use one of attribution, event, "
            "figure, opinion, prediction, quote"
        ]

    @pytest.mark.parametrize("qualifier", ["exact", "approximately", "at_least", "at_most"])
    def test_every_qualifier_is_accepted(self, qualifier):
        assert staged_one(qualifier=qualifier).qualifier == qualifier

    def test_an_unknown_qualifier(self):
        assert errors_of(row(qualifier="roughly")) == [
            "row 2, column qualifier: unknown qualifier “roughly”; use one of approximately, "
            "at_least, at_most, exact"
        ]

    @pytest.mark.parametrize("status", ["new", "researching", "not_checkable"])
    def test_an_import_may_set_the_early_statuses(self, status):
        assert staged_one(status=status).status == status

    @pytest.mark.parametrize("status", ["in_review", "published"])
    def test_later_statuses_come_only_through_the_workflow(self, status):
        assert errors_of(row(status=status)) == [
            f"row 2, column status: “{status}” is reached only through the workflow; an "
            "import sets new, researching, not_checkable"
        ]

    def test_an_unknown_status(self):
        assert errors_of(row(status="done")) == [
            "row 2, column status: unknown status “done”; use one of new, researching, "
            "not_checkable"
        ]

    @pytest.mark.parametrize(("column", "limit"), [("unit", 100), ("attributed_to", 300)])
    def test_text_fields_have_the_models_limits(self, column, limit):
        assert getattr(staged_one(**{column: "x" * limit}), column) == "x" * limit
        assert errors_of(row(**{column: "x" * (limit + 1)})) == [
            f"row 2, column {column}: is longer than {limit} characters"
        ]

    @pytest.mark.parametrize("column", ["text", "quote", "article_body", "excerpt"])
    def test_the_long_fields_take_their_limit_exactly_and_not_one_more(self, column):
        from claims.importers.columns import MAX_LENGTHS

        limit = MAX_LENGTHS[column]

        def line(length: int) -> dict:
            long = "x" * length
            if column == "text":
                return row(text=long)
            if column == "quote":
                return row(article_body=long + " " + BODY, quote=long)
            if column == "article_body":
                return row(article_body=(BODY + " " + long)[:length])
            return row(source_url="https://one.example.org/", stance="supports", excerpt=long)

        assert errors_of(line(limit)) == []
        assert errors_of(line(limit + 1)) == [
            f"row 2, column {column}: is longer than {limit} characters"
        ]

    def test_an_assignee_is_staged_as_the_users_id(self):
        reviewer = ReviewerFactory(username="rita")
        assert staged_one(assignee="rita").assignee_id == reviewer.pk

    @pytest.mark.parametrize(
        "factory",
        [EditorFactory, lambda **kw: UserFactory(is_superuser=True, **kw)],
        ids=["editor", "superuser"],
    )
    def test_editors_may_be_assignees(self, factory):
        user = factory(username="ed")
        assert staged_one(assignee="ed").assignee_id == user.pk

    def test_an_unknown_assignee(self):
        assert errors_of(row(assignee="nobody")) == [
            "row 2, column assignee: no user is called “nobody”"
        ]

    @pytest.mark.parametrize(
        "factory",
        [UserFactory, lambda **kw: ReviewerFactory(is_active=False, **kw)],
        ids=["no role", "inactive reviewer"],
    )
    def test_an_assignee_must_be_an_active_reviewer_or_editor(self, factory):
        factory(username="outsider")
        assert errors_of(row(assignee="outsider")) == [
            "row 2, column assignee: “outsider” is not a reviewer or an editor"
        ]

    def test_each_username_is_looked_up_once(self, django_assert_max_num_queries):
        ReviewerFactory(username="rita")
        rows = [row(claim_id=f"c{n}", assignee="rita", article_body="") for n in range(5)]
        rows[0]["article_body"] = BODY
        # The article, the user and the user's groups, whatever the number of rows.
        with django_assert_max_num_queries(3):
            result = check(*rows)
        assert result.errors == []
        assert len(result.staged) == 5

    def test_the_claims_problems_come_in_column_order(self):
        assert errors_of(
            row(kind="k", stated_value="v", qualifier="q", unit="u" * 101, status="s"),
        ) == [
            "row 2, column kind: unknown kind “k”; use one of attribution, event, figure, "
            "opinion, prediction, quote",
            "row 2, column stated_value: “v” is not a number (use digits, a dot for "
            "decimals: 10,000 or 3.5)",
            "row 2, column qualifier: unknown qualifier “q”; use one of approximately, "
            "at_least, at_most, exact",
            "row 2, column unit: is longer than 100 characters",
            "row 2, column status: unknown status “s”; use one of new, researching, not_checkable",
        ]


class TestNumbers:
    @pytest.mark.parametrize(
        ("given", "staged"),
        [
            ("10,000", "10000"),
            ("1,234,567.25", "1234567.25"),
            ("4200", "4200"),
            ("999", "999"),
            ("-3.5", "-3.5"),
            ("+2", "+2"),
            ("0.0001", "0.0001"),
            ("1.50000", "1.50000"),  # trailing zeros are not decimal places
            ("0003", "0003"),  # nor are leading zeros digits
            ("9" * 16, "9" * 16),
            ("9,999,999,999,999,999.9999", "9999999999999999.9999"),
        ],
    )
    @pytest.mark.parametrize("column", ["stated_value", "reported_value"])
    def test_numbers_are_staged_as_plain_decimals(self, column, given, staged):
        values = {column: given}
        if column == "reported_value":
            values["source_url"] = "https://example.org/"
        assert getattr(staged_one(**values), column) == staged

    @pytest.mark.parametrize(
        "given",
        ["1,2,3", "12,34", "1,0000", "1234,567", ",100", "1.", ".5", "1e3", "1 000", "10k", "--1"],
    )
    def test_what_is_not_a_number(self, given):
        assert errors_of(row(stated_value=given)) == [
            f"row 2, column stated_value: “{given}” is not a number (use digits, a dot for "
            "decimals: 10,000 or 3.5)"
        ]

    def test_at_most_four_decimal_places(self):
        assert errors_of(row(stated_value="1.23456")) == [
            "row 2, column stated_value: “1.23456” has more than 4 decimal places"
        ]

    def test_at_most_sixteen_digits_before_the_point(self):
        assert errors_of(row(stated_value="1" + "0" * 16)) == [
            f"row 2, column stated_value: “1{'0' * 16}” is too large"
        ]

    def test_reported_values_follow_the_same_rules_and_are_named(self):
        assert errors_of(
            row(source_url="https://example.org/", reported_value="1,2,3"),
            row(claim_id="c2", source_url="https://example.org/", reported_value="0.00001"),
            row(claim_id="c3", source_url="https://example.org/", reported_value="9" * 17),
        ) == [
            "row 2, column reported_value: “1,2,3” is not a number (use digits, a dot for "
            "decimals: 10,000 or 3.5)",
            "row 3, column reported_value: “0.00001” has more than 4 decimal places",
            f"row 4, column reported_value: “{'9' * 17}” is too large",
        ]


class TestEvidenceColumns:
    def test_a_sources_details_are_staged_on_first_and_further_lines(self):
        details = {
            "source_title": "Troops sent north",
            "publisher": "Local Wire",
            "source_published_on": "2024-11-02",
        }
        result = check(
            row(source_url="https://one.example.org/", stance="supports", **details),
            further(**details),
        )
        assert result.errors == []
        assert [
            (staged.source_title, staged.publisher, staged.source_published_on)
            for staged in result.staged
        ] == [("Troops sent north", "Local Wire", "2024-11-02")] * 2

    def test_the_source_address_is_normalised(self):
        staged = staged_one(source_url="HTTPS://Example.ORG:443/a?id=7&utm_medium=x&fbclid=y#p")
        assert staged.source_url == "https://example.org/a?id=7"

    @pytest.mark.parametrize(
        "url", ["ftp://example.org/x", "javascript:alert(1)", "https://user@example.org/"]
    )
    def test_the_source_must_be_an_http_or_https_address(self, url):
        assert errors_of(row(source_url=url)) == [
            f"row 2, column source_url: “{url}” is not an http or https web address"
        ]

    def test_the_source_address_may_have_2000_characters(self):
        url = "https://example.org/" + "p" * 1980
        assert staged_one(source_url=url).source_url == url
        assert errors_of(row(source_url=url + "p")) == [
            "row 2, column source_url: is longer than 2000 characters"
        ]

    def test_an_address_too_long_once_normalised_is_refused(self):
        url = "https://example.org/?q=" + "é" * 400  # each é becomes %C3%A9
        assert errors_of(row(source_url=url)) == [
            f"row 2, column source_url: “{shown(url)}” is not an http or https web address"
        ]

    def test_a_refused_address_is_refused_on_every_row(self):
        assert errors_of(
            row(source_url="ftp://x.example.org/"),
            row(claim_id="c2", source_url="ftp://x.example.org/"),
        ) == [
            "row 2, column source_url: “ftp://x.example.org/” is not an http or https web address",
            "row 3, column source_url: “ftp://x.example.org/” is not an http or https web address",
        ]

    @pytest.mark.parametrize(("column", "limit"), [("source_title", 500), ("publisher", 200)])
    def test_text_fields_have_the_models_limits(self, column, limit):
        values = {"source_url": "https://example.org/", column: "x" * limit}
        assert getattr(staged_one(**values), column) == "x" * limit
        values[column] += "x"
        assert errors_of(row(**values)) == [
            f"row 2, column {column}: is longer than {limit} characters"
        ]

    def test_the_publication_date_is_staged_as_iso_text(self):
        staged = staged_one(source_url="https://example.org/", source_published_on="2024-02-29")
        assert staged.source_published_on == "2024-02-29"

    @pytest.mark.parametrize("value", ["2023-02-29", "2024-2-29", "20240229", "03/02/2024"])
    def test_the_publication_date_must_be_yyyy_mm_dd(self, value):
        assert errors_of(row(source_url="https://example.org/", source_published_on=value)) == [
            f"row 2, column source_published_on: “{value}” is not a date (use YYYY-MM-DD)"
        ]

    @pytest.mark.parametrize("stance", ["supports", "contradicts", "context"])
    def test_every_stance_is_accepted(self, stance):
        assert staged_one(source_url="https://example.org/", stance=stance).stance == stance

    def test_an_unknown_stance(self):
        assert errors_of(row(source_url="https://example.org/", stance="agrees")) == [
            "row 2, column stance: unknown stance “agrees”; use one of context, contradicts, "
            "supports"
        ]

    @pytest.mark.parametrize(
        "column",
        ["source_title", "publisher", "source_published_on", "stance", "excerpt", "reported_value"],
    )
    def test_evidence_columns_need_a_source(self, column):
        assert errors_of(row(**{column: "x"})) == [
            "row 2, column source_url: is required when the row has evidence columns"
        ]

    def test_without_a_source_the_evidence_cells_are_not_checked(self):
        assert errors_of(row(stance="agrees", reported_value="n/a")) == [
            "row 2, column source_url: is required when the row has evidence columns"
        ]

    def test_a_refused_source_still_has_its_other_cells_checked(self):
        assert errors_of(row(source_url="ftp://x.example.org/", stance="agrees")) == [
            "row 2, column source_url: “ftp://x.example.org/” is not an http or https web address",
            "row 2, column stance: unknown stance “agrees”; use one of context, contradicts, "
            "supports",
        ]


class TestFurtherLines:
    @pytest.mark.parametrize("column", [c for c in REPEATABLE if c != "assignee"])
    def test_a_further_line_may_repeat_its_claims_cells(self, column):
        first = row(kind="figure", stated_value="4,200", qualifier="exact", unit="nurses")
        first.update(attributed_to="The ministry", status="new")
        assert errors_of(first, further(**{column: first[column]})) == []

    @pytest.mark.parametrize("column", REPEATABLE)
    def test_a_further_line_may_not_change_its_claims_cells(self, column):
        ReviewerFactory(username="rita")
        ReviewerFactory(username="rob")
        first = row(kind="figure", stated_value="4,200", qualifier="exact", unit="nurses")
        first.update(attributed_to="The ministry", status="new", assignee="rita")
        changed = {
            "text": "Another text.",
            "quote": "4,200 nurses",
            "kind": "event",
            "stated_value": "4,300",
            "qualifier": "approximately",
            "unit": "doctors",
            "attributed_to": "The agency",
            "status": "researching",
            "assignee": "rob",
        }
        assert errors_of(first, further(**{column: changed[column]})) == [
            f"row 3, column {column}: differs from row 2, the first line of this claim"
        ]

    def test_a_further_line_without_a_source_is_a_duplicate(self):
        assert errors_of(row(), further(source_url="")) == [
            "row 3, column claim_id: duplicate: claim “c1” of article “a1” is already on row "
            "2 (repeat a claim only to add another source)"
        ]

    def test_a_further_line_with_a_refused_source_is_a_duplicate_too(self):
        assert errors_of(row(), further(source_url="ftp://x.example.org/")) == [
            "row 3, column source_url: “ftp://x.example.org/” is not an http or https web address",
            "row 3, column claim_id: duplicate: claim “c1” of article “a1” is already on row "
            "2 (repeat a claim only to add another source)",
        ]

    def test_a_further_line_must_cite_a_new_source(self):
        assert errors_of(
            row(source_url="https://one.example.org/a"),
            further(source_url="HTTPS://one.example.org/a#again"),
        ) == ["row 3, column source_url: this source is already cited for the claim on row 2"]

    def test_each_further_line_adds_to_the_claims_sources(self):
        assert errors_of(
            row(source_url="https://one.example.org/"),
            further(),
            further(source_url="https://three.example.org/"),
            further(),
        ) == ["row 5, column source_url: this source is already cited for the claim on row 3"]

    def test_a_first_line_without_a_source_lets_any_further_source_in(self):
        result = check(row(), further(), further(source_url="https://three.example.org/"))
        assert result.errors == []
        assert [staged.is_claim for staged in result.staged] == [True, False, False]

    def test_lines_of_the_same_claim_apart_are_two_first_lines(self):
        # The writers report the second as a duplicate, with the database's view of the file.
        result = check(row(), row(claim_id="c2", article_body=""), row(article_body=""))
        assert result.errors == []
        assert [staged.is_claim for staged in result.staged] == [True, True, True]

    def test_another_articles_claim_of_the_same_id_is_a_new_claim(self):
        result = check(row(), row(article_id="a2"))
        assert result.errors == []
        assert [staged.is_claim for staged in result.staged] == [True, True]

    def test_a_further_line_is_not_anchored(self):
        result = check(row(), further(quote=QUOTE))
        assert result.staged[1].anchor_start is None


class TestAnchors:
    def test_a_quote_is_found_in_the_articles_text(self):
        staged = staged_one(quote="4,200 nurses")
        start = BODY.index("4,200 nurses")
        assert (staged.quote, staged.anchor_start, staged.anchor_end) == (
            "4,200 nurses",
            start,
            start + len("4,200 nurses"),
        )

    def test_a_quote_not_in_the_text_is_an_error(self):
        assert errors_of(row(quote="The ministry fired 4,200 nurses.")) == [
            "row 2, column quote: does not occur in the text of article “a1”"
        ]

    def test_without_a_quote_the_text_is_the_anchor_when_it_occurs(self):
        staged = staged_one(quote="", text="Critics argue")
        start = BODY.index("Critics argue")
        assert (staged.quote, staged.anchor_start, staged.anchor_end) == (
            None,
            start,
            start + len("Critics argue"),
        )

    def test_without_a_quote_a_text_that_does_not_occur_is_no_error(self):
        staged = staged_one(quote="", text="A paraphrase.")
        assert (staged.anchor_start, staged.anchor_end) == (None, None)

    def test_a_quote_is_found_in_a_stored_articles_text(self):
        ArticleFactory(external_id="stored", body="Stored text with 12 beds.")
        staged = staged_one(article_id="stored", article_body="", quote="12 beds")
        assert (staged.anchor_start, staged.anchor_end) == (17, 24)

    def test_a_quote_may_come_before_its_articles_text(self):
        result = check(
            row(article_body="", quote="budget grew by 3.5 percent"),
            row(claim_id="c2"),
        )
        assert result.errors == []
        assert (result.staged[0].anchor_start, result.staged[0].anchor_end) == (None, None)
        start = BODY.index("budget grew by 3.5 percent")
        assert result.validator.anchors == [(2, start, start + len("budget grew by 3.5 percent"))]

    def test_a_quote_before_its_articles_text_must_occur_in_it(self):
        assert errors_of(row(article_body="", quote="Not there."), row(claim_id="c2")) == [
            "row 2, column quote: does not occur in the text of article “a1”"
        ]

    def test_a_text_before_its_articles_text_is_anchored_when_it_occurs(self):
        result = check(
            row(article_body="", quote="", text="Critics argue"),
            row(claim_id="c2", text="Not there either.", quote="", article_body=BODY),
        )
        assert result.errors == []
        start = BODY.index("Critics argue")
        assert result.validator.anchors == [(2, start, start + len("Critics argue"))]

    def test_the_same_quote_is_found_for_each_claim(self):
        result = check(row(), row(claim_id="c2", article_body=""))
        assert [staged.anchor_start for staged in result.staged] == [QUOTE_AT, QUOTE_AT]

    def test_a_quote_occurring_twice_is_anchored_at_its_first(self):
        body = "Twice: 12 beds. " + BODY + " Again 12 beds."
        first = row(article_body=body, quote="12 beds")
        assert (staged_one(**first).anchor_start, staged_one(**first).anchor_end) == (7, 14)
        without_quote = staged_one(article_body=body, quote="", text="12 beds")
        assert without_quote.anchor_start == 7
        later = check(row(article_body="", quote="12 beds"), row(claim_id="c2", article_body=body))
        assert later.errors == []
        assert later.validator.anchors == [(2, 7, 14)]

    def test_a_quote_waiting_for_text_that_never_comes_leaves_the_others_anchored(self):
        result = check(
            row(article_body="", quote="Not there."),
            row(article_id="a2", claim_id="c1", article_body="", quote="4,200 nurses"),
            row(article_id="a2", claim_id="c2"),
        )
        assert result.errors == [
            "row 2, column article_body: a new article needs its text, on one of its rows",
        ]
        start = BODY.index("4,200 nurses")
        assert result.validator.anchors == [(3, start, start + len("4,200 nurses"))]


class TestRowProblems:
    def test_a_readers_problems_come_first_and_keep_the_row_out(self):
        result = check(
            row(kind="rumour"),
            row(claim_id="c2", article_body=""),
            problems={2: [("", "has 25 cells but the header has 24")], 3: [("kind", "odd")]},
        )
        assert result.errors == [
            "row 2: has 25 cells but the header has 24",
            "row 2, column kind: unknown kind “rumour”; use one of attribution, event, "
            "figure, opinion, prediction, quote",
            "row 3, column kind: odd",
        ]
        assert result.staged == []

    def test_a_rows_problems_come_in_the_order_of_its_checks(self):
        result = check(
            row(source_url="https://one.example.org/", kind="figure"),
            further(
                claim_id="c1",
                article_title="Doctors",
                kind="event",
                unit="u" * 101,
                source_url="https://one.example.org/",
                stance="agrees",
            ),
        )
        assert result.errors == [
            "row 3, column article_title: differs from row 2 for this article",
            "row 3, column kind: differs from row 2, the first line of this claim",
            "row 3, column unit: differs from row 2, the first line of this claim",
            "row 3, column unit: is longer than 100 characters",
            "row 3, column stance: unknown stance “agrees”; use one of context, contradicts, "
            "supports",
            "row 3, column source_url: this source is already cited for the claim on row 2",
        ]

    def test_every_problem_of_every_row_is_collected(self):
        result = check(
            row(claim_id="", kind="rumour"),
            row(claim_id="c2", article_body="", text="", quote="Nowhere."),
        )
        assert result.errors == [
            "row 2, column claim_id: is required",
            "row 2, column kind: unknown kind “rumour”; use one of attribution, event, "
            "figure, opinion, prediction, quote",
            "row 3, column text: is required",
            "row 3, column quote: does not occur in the text of article “a1”",
        ]
