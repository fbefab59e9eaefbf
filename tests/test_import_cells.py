"""The table of column rules an import applies to each cell, rule by rule."""

from datetime import date

import pytest

from claims.importers.cells import (
    CellError,
    article_date,
    at_most,
    cell_rules,
    decimal_for,
    import_status,
    iso_date,
    one_of,
    reviewer_id,
    source_address,
    web_address,
)
from claims.importers.columns import COLUMNS
from tests.factories import ReviewerFactory, UserFactory


def problem(clean, text: str) -> str:
    """The message `clean` refuses `text` with."""
    with pytest.raises(CellError) as refused:
        clean(text)
    return str(refused.value)


class TestTable:
    def test_every_column_but_the_free_texts_has_a_rule(self):
        free = {"text", "quote", "article_body", "excerpt"}
        assert list(cell_rules()) == [column for column in COLUMNS if column not in free]

    def test_only_the_keys_are_required_in_every_row(self):
        required = [column for column, rule in cell_rules().items() if rule.required]
        assert required == ["article_id", "claim_id"]

    @pytest.mark.parametrize(
        ("column", "limit"),
        [
            ("article_id", 100),
            ("article_title", 500),
            ("article_author", 200),
            ("article_outlet", 200),
            ("claim_id", 100),
            ("unit", 100),
            ("attributed_to", 300),
            ("source_title", 500),
            ("publisher", 200),
        ],
    )
    def test_text_columns_have_the_models_limits(self, column, limit):
        clean = cell_rules()[column].clean
        assert clean("x" * limit) == "x" * limit
        assert problem(clean, "x" * (limit + 1)) == f"is longer than {limit} characters"

    @pytest.mark.django_db
    def test_each_import_has_its_own_memory_of_answers(self):
        earlier = cell_rules()["assignee"].clean
        assert problem(earlier, "rita") == "no user is called “rita”"
        user = ReviewerFactory(username="rita")
        assert problem(earlier, "rita") == "no user is called “rita”"
        assert cell_rules()["assignee"].clean("rita") == user.pk


class TestText:
    def test_at_most_the_limit(self):
        clean = at_most(3)
        assert (clean("a"), clean("abc")) == ("a", "abc")
        assert problem(clean, "abcd") == "is longer than 3 characters"

    def test_one_of_the_choices(self):
        clean = one_of("colour", ["red", "blue"])
        assert clean("blue") == "blue"
        assert problem(clean, "Blue") == "unknown colour “Blue”; use one of blue, red"


class TestStatus:
    @pytest.mark.parametrize("status", ["new", "researching", "not_checkable"])
    def test_the_statuses_an_import_sets(self, status):
        assert import_status(status) == status

    @pytest.mark.parametrize("status", ["in_review", "published"])
    def test_the_workflows_statuses(self, status):
        assert problem(import_status, status) == (
            f"“{status}” is reached only through the workflow; an import sets new, "
            "researching, not_checkable"
        )

    def test_an_unknown_status(self):
        assert problem(import_status, "New") == (
            "unknown status “New”; use one of new, researching, not_checkable"
        )


class TestDecimal:
    @pytest.mark.parametrize(
        ("text", "value"),
        [
            ("1,000", "1000"),
            ("12,345,678.9", "12345678.9"),
            ("-1,000.5", "-1000.5"),
            ("+7", "+7"),
            ("3.1400", "3.1400"),
            ("0.0001", "0.0001"),
            ("9999999999999999.9999", "9999999999999999.9999"),
            ("0009999999999999999", "0009999999999999999"),
        ],
    )
    def test_numbers(self, text, value):
        assert decimal_for("stated_value")(text) == value

    @pytest.mark.parametrize(
        "text", ["1,2,3", "1,23", "1,2345", "12345,678", "1,000,00", "1.2.3", "1.", ".1", "1,5"]
    )
    def test_misplaced_commas_and_dots(self, text):
        assert problem(decimal_for("stated_value"), text) == (
            f"“{text}” is not a number (use digits, a dot for decimals: 10,000 or 3.5)"
        )

    def test_four_decimal_places_at_most(self):
        clean = decimal_for("reported_value")
        assert clean("0.1234") == "0.1234"
        assert clean("0.12340") == "0.12340"
        assert problem(clean, "0.12345") == "“0.12345” has more than 4 decimal places"

    def test_a_reported_value_like_2_314_is_asked_about_a_stated_one_kept(self):
        rules = cell_rules()
        message = problem(rules["reported_value"].clean, "2.314")
        assert message.startswith("“2.314” could be 2,314 (a dot between thousands")
        assert rules["stated_value"].clean("2.314") == "2.314"

    def test_sixteen_whole_digits_at_most(self):
        clean = decimal_for("reported_value")
        assert clean("-9,999,999,999,999,999") == "-9999999999999999"
        assert problem(clean, "10,000,000,000,000,000") == "“10,000,000,000,000,000” is too large"


class TestDates:
    def test_an_iso_date_is_staged_as_text(self):
        assert iso_date("2024-02-29") == "2024-02-29"

    def test_an_article_date_is_a_date(self):
        assert article_date("2024-02-29") == date(2024, 2, 29)

    def test_a_date_in_other_digits_names_the_digit(self):
        assert problem(iso_date, "٢٠٢٤-٠٢-٢٩") == (
            "“٢٠٢٤-٠٢-٢٩” has the digit “٢”, U+0662 (ARABIC-INDIC DIGIT TWO); "
            "write numbers and dates with the digits 0-9"
        )

    @pytest.mark.parametrize("text", ["2023-02-29", "2024-13-01", "2024-1-5", "20240105", "x"])
    @pytest.mark.parametrize("clean", [iso_date, article_date])
    def test_anything_else_is_not_a_date(self, clean, text):
        assert problem(clean, text) == f"“{text}” is not a date (use YYYY-MM-DD)"


class TestAddresses:
    def test_a_web_address_is_kept_as_written(self):
        clean = web_address(40)
        assert clean("HTTP://Example.org/Story#top") == "HTTP://Example.org/Story#top"

    def test_a_web_address_with_an_impossible_port_says_so(self):
        assert problem(web_address(100), "https://news.example.org:70000/a") == (
            "is not an http or https web address (its port is not a number from 1 to 65535)"
        )

    def test_a_web_address_is_measured_before_it_is_checked(self):
        assert problem(web_address(10), "ftp://example.org/") == "is longer than 10 characters"

    @pytest.mark.parametrize("text", ["ftp://example.org/", "mailto:a@example.org", "example"])
    def test_a_web_address_is_http_or_https(self, text):
        assert problem(web_address(100), text) == "is not an http or https web address"

    def test_a_source_address_is_normalised(self):
        clean = source_address()
        assert clean("HTTP://Example.org:80/r?utm_source=x&b=2#f") == "http://example.org/r?b=2"

    def test_a_source_address_gives_the_same_answer_each_time(self):
        clean = source_address()
        assert clean("https://Example.org/a") == clean("https://Example.org/a")
        assert problem(clean, "ftp://x.example.org/") == problem(clean, "ftp://x.example.org/")
        assert problem(clean, "ftp://x.example.org/") == (
            "“ftp://x.example.org/” is not an http or https web address"
        )

    def test_a_source_address_with_an_impossible_port_is_refused_not_a_crash(self):
        url = "http://x.example.org:70000/a"
        assert problem(source_address(), url) == (
            f"“{url}” is not an http or https web address "
            "(its port is not a number from 1 to 65535)"
        )

    def test_a_source_address_with_unclosed_brackets_names_its_host(self):
        url = "http://[::1/x"
        assert problem(source_address(), url) == (
            f"“{url}” is not an http or https web address (its host is malformed)"
        )

    def test_an_ipv6_source_address_keeps_its_brackets(self):
        assert source_address()("http://[::1]/x") == "http://[::1]/x"

    def test_a_source_address_longer_than_2000_characters(self):
        url = "https://example.org/" + "a" * 1981
        assert problem(source_address(), url) == "is longer than 2000 characters"

    def test_a_refused_address_is_too_long_only_past_2000_characters(self):
        url = "ftp://example.org/" + "a" * 1982
        assert problem(source_address(), url) == (
            f"“{url[:60]}…” is not an http or https web address"
        )
        assert problem(source_address(), url + "a") == "is longer than 2000 characters"


@pytest.mark.django_db
class TestReviewers:
    def test_a_reviewer_is_staged_as_their_id(self):
        user = ReviewerFactory(username="rita")
        assert reviewer_id()("rita") == user.pk

    def test_a_user_without_a_role(self):
        UserFactory(username="walt")
        assert problem(reviewer_id(), "walt") == "“walt” is not a reviewer or an editor"

    def test_no_such_user(self):
        assert problem(reviewer_id(), "nobody") == "no user is called “nobody”"

    def test_each_username_is_looked_up_once(self, django_assert_num_queries):
        UserFactory(username="walt")
        clean = reviewer_id()
        with django_assert_num_queries(2):  # the user, and their groups
            for _ in range(3):
                problem(clean, "walt")
