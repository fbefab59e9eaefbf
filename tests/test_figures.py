"""Figures read from a sentence: their values, what they count, and numbers that are not figures."""

import json
from decimal import Decimal

import pytest

from claims.extraction.figures import find_figures


def values(sentence: str) -> list[Decimal]:
    return [figure.value for figure in find_figures(sentence)]


def only_figure(sentence: str):
    figures = find_figures(sentence)
    assert len(figures) == 1, figures
    return figures[0]


class TestDigits:
    @pytest.mark.parametrize(
        "sentence",
        [
            "Options 1,2,3 were shortlisted.",
            "The motion passed 1,23 in the first count.",
            "It cost 10,00 euros in the old notation.",
        ],
    )
    def test_commas_that_do_not_group_thousands_make_no_figure(self, sentence: str) -> None:
        """A list such as "1,2,3" or a decimal comma such as "1,23" is never read as 123."""
        assert find_figures(sentence) == []

    def test_thousands_commas_group_every_three_digits(self) -> None:
        """Commas between groups of three digits make one figure: "1,234,567" is 1234567."""
        figure = only_figure("Turnout was 1,234,567 voters.")
        assert (figure.raw, figure.value, figure.unit) == ("1,234,567", Decimal(1234567), "voters")

    @pytest.mark.parametrize(
        "sentence", ["The castle was built in 1000.", "The treaty expires in 2199."]
    )
    def test_four_digit_numbers_from_1000_to_2199_are_years(self, sentence: str) -> None:
        """Both ends of the year range are years, so no figure."""
        assert find_figures(sentence) == []

    def test_four_digit_number_past_the_year_range_is_a_figure(self) -> None:
        """2200 is a count."""
        assert values("The plant employs 2200 workers.") == [Decimal(2200)]

    def test_four_character_decimal_is_not_a_year(self) -> None:
        """A decimal of four characters, such as "27.5", is no year."""
        figure = only_figure("The average class has 27.5 pupils.")
        assert (figure.value, figure.unit) == (Decimal("27.5"), "pupils")

    @pytest.mark.parametrize(
        ("sentence", "raw", "value", "unit"),
        [
            ("Prices rose 1500% in a year.", "1500%", Decimal(1500), "%"),
            ("The fine was $2000.", "$2000", Decimal(2000), "$"),
            ("The bank lent 1200 million euros.", "1200 million", Decimal(1_200_000_000), "euros"),
        ],
        ids=["percent", "currency", "scale-word"],
    )
    def test_year_like_number_with_a_sign_or_scale_is_a_figure(
        self, sentence: str, raw: str, value: Decimal, unit: str
    ) -> None:
        """A percent sign, currency or scale word makes a year-like number an amount."""
        figure = only_figure(sentence)
        assert (figure.raw, figure.value, figure.unit) == (raw, value, unit)

    def test_day_of_a_date_at_the_start_of_a_sentence(self) -> None:
        """A date such as "March 3" opening a sentence is not a figure."""
        assert find_figures("March 3 was the deadline.") == []

    @pytest.mark.parametrize("sentence", ["The road is 5m wide.", "She won a 10k race."])
    def test_m_and_k_without_a_currency_are_not_millions_or_thousands(self, sentence: str) -> None:
        """Without a currency, "5m" is more likely metres and "10k" a race than an amount."""
        assert find_figures(sentence) == []

    def test_offsets_index_the_sentence_by_default(self) -> None:
        """Without an offset, start and end slice the sentence itself."""
        sentence = "They counted about 10 ships."
        figure = only_figure(sentence)
        assert (figure.start, figure.end) == (13, 21)
        assert sentence[figure.start : figure.end] == figure.raw == "about 10"


class TestNumberWords:
    @pytest.mark.parametrize(
        ("sentence", "raw", "value"),
        [
            ("Forty soldiers were hurt.", "Forty", 40),
            ("Forty thousand people marched.", "Forty thousand", 40_000),
            ("One thousand forty people voted.", "One thousand forty", 1040),
            ("Three hundred five people voted.", "Three hundred five", 305),
            ("One thousand five hundred soldiers arrived.", "One thousand five hundred", 1500),
            ("Five hundred thousand people marched.", "Five hundred thousand", 500_000),
            (
                "Two million three hundred thousand people voted.",
                "Two million three hundred thousand",
                2_300_000,
            ),
            ("Three hundred and five people voted.", "Three hundred and five", 305),
            ("Two hundred and fifty soldiers were hurt.", "Two hundred and fifty", 250),
            ("One thousand and fifty soldiers were hurt.", "One thousand and fifty", 1050),
        ],
    )
    def test_number_words_add_up(self, sentence: str, raw: str, value: int) -> None:
        """Tens, hundreds and scales combine as written, with or without "and"."""
        figure = only_figure(sentence)
        assert (figure.raw, figure.value) == (raw, Decimal(value))

    @pytest.mark.parametrize(
        "sentence", ["Eggs are sold by the dozen.", "Thousand Oaks lies west of Los Angeles."]
    )
    def test_scale_word_without_a_number_counts_nothing(self, sentence: str) -> None:
        """Neither "by the dozen" nor the town of Thousand Oaks states a figure."""
        assert find_figures(sentence) == []


class TestUnits:
    @pytest.mark.parametrize(
        ("sentence", "unit"),
        [
            pytest.param("The Pentagon sent 300 Marines to the embassy.", "Marines", id="capital"),
            pytest.param("The shop sold 300 Xboxes in a day.", "Xboxes", id="brand-plural"),
            pytest.param("A 300 strong crowd was there.", "crowd", id="singular-noun"),
            pytest.param("The bakery sells 300 daily.", "", id="adverb-in-ly"),
            pytest.param("The club spent 40 million rebuilding it.", "", id="verb-in-ing"),
            pytest.param("Police arrested 27 the following day.", "", id="determiner-ends-it"),
            pytest.param("The 27 member states’ leaders agreed.", "states", id="possessive"),
            pytest.param("Almost 40 of the region’s hospitals closed.", "hospitals", id="of-the"),
            pytest.param("The tanker carried 300 gas canisters.", "canisters", id="short-in-s"),
            pytest.param("The factory makes 300 glass bottles.", "bottles", id="ending-ss"),
            pytest.param("The 12 census workers were paid.", "workers", id="ending-us"),
            pytest.param("The club has 12 tennis courts.", "courts", id="ending-is"),
            pytest.param(
                "The club agreed a 100 million euro transfer fee Real Madrid fans called absurd.",
                "fee",
                id="five-words-at-most",
            ),
            pytest.param(
                "The party, which won the last election by a landslide, now holds a 10-point lead.",
                "point",
                id="hyphenated",
            ),
        ],
    )
    def test_counted_noun(self, sentence: str, unit: str) -> None:
        """The unit is the first plural after the figure, else its last plain noun, else none."""
        assert only_figure(sentence).unit == unit

    def test_basis_points(self) -> None:
        """The words "basis points" are the unit and part of the figure."""
        figure = only_figure("Rates rose 25 basis points.")
        assert (figure.raw, figure.value, figure.unit) == ("25 basis points", 25, "basis point")


class TestJson:
    def test_values_are_decimal_text_as_written(self) -> None:
        """In JSON, 10 ships is "10" (not 10.0) and 2.5 stays "2.5", never a binary float."""
        whole, fraction = find_figures("About 10 ships carried 2.5 tonnes.")
        assert json.dumps(whole.to_dict()["value"]) == '"10"'
        assert json.dumps(fraction.to_dict()["value"]) == '"2.5"'

    @pytest.mark.parametrize(
        ("sentence", "value"),
        [
            ("A magnitude 7.1 earthquake struck.", "7.1"),
            ("Inflation reached 14.2% in March.", "14.2"),
            ("Growth was 0.1 percent.", "0.1"),
        ],
    )
    def test_decimals_that_floats_cannot_hold_stay_exact(self, sentence: str, value: str) -> None:
        """7.1 and 14.2 have no exact binary float; their text survives a JSON round trip."""
        data = json.loads(json.dumps(only_figure(sentence).to_dict()))
        assert data["value"] == value
        assert Decimal(data["value"]) == Decimal(value)
