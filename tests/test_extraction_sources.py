"""Extraction on real news: who said it, the figure that matters, other scripts, clean text."""

import json
import random
from decimal import Decimal

import pytest

from claims.extraction.attribution import entity_kind, find_attribution_span
from claims.extraction.extractor import CHECKWORTHY, HANDLED_LANGUAGES, Suggestion, extract_claims
from claims.extraction.figures import find_figures
from claims.extraction.numbers import AmbiguousNumber, read_number, uses_decimal_comma
from claims.extraction.sentences import split_sentences
from claims.extraction.speakers import SpeakerTracker
from tests.extraction_cases import (
    ATTRIBUTION_CASES,
    CASES,
    NUMBER_CASES,
    AttributionCase,
    NumberCase,
)


def only(text: str, **options) -> Suggestion:
    suggestions = extract_claims(text, **options)
    assert len(suggestions) == 1, [s.text for s in suggestions]
    return suggestions[0]


def assert_offsets_slice(text: str, suggestions: list[Suggestion]) -> None:
    for suggestion in suggestions:
        assert text[suggestion.start : suggestion.end] == suggestion.text
        for figure in suggestion.figures:
            assert text[figure.start : figure.end] == figure.raw
        if suggestion.attributed_to:
            assert suggestion.attribution_start < suggestion.attribution_end
            assert text[suggestion.attribution_start : suggestion.attribution_end].strip()


def test_tables_cover_every_form() -> None:
    forms = {case.form for case in ATTRIBUTION_CASES}
    assert {
        "X said",
        "said X",
        "according to X",
        "X told Y",
        "X confirmed",
        "X estimated",
        "X's report showed",
        "acronym in parentheses",
        "acronym alone",
        "title before a name",
    } <= forms
    scripts = {case.language for case in NUMBER_CASES}
    assert {None, "ko", "ar", "tr"} <= scripts


@pytest.mark.parametrize("case", ATTRIBUTION_CASES, ids=lambda case: case.form)
class TestAttributionForms:
    def test_names_who_said_it(self, case: AttributionCase) -> None:
        assert only(case.sentence).attributed_to == case.attributed_to

    def test_offsets_slice_back_to_the_name(self, case: AttributionCase) -> None:
        text = "The region was quiet. " + case.sentence
        suggestion = extract_claims(text)[-1]
        written = text[suggestion.attribution_start : suggestion.attribution_end]
        assert written == case.attributed_to
        assert_offsets_slice(text, extract_claims(text))


@pytest.mark.parametrize("case", NUMBER_CASES, ids=lambda case: case.form)
class TestNumberForms:
    def test_figures_read_right_with_raw_text_kept(self, case: NumberCase) -> None:
        suggestion = only(case.sentence, language=case.language)
        found = tuple(
            (figure.raw, format(figure.value, "f"), figure.qualifier, figure.unit)
            for figure in suggestion.figures
        )
        assert found == case.figures

    def test_the_figure_that_matters_is_marked_main(self, case: NumberCase) -> None:
        suggestion = only(case.sentence, language=case.language)
        assert suggestion.main_figure is not None
        assert suggestion.main_figure.raw == case.main
        mains = [data for data in suggestion.figure_dicts() if data["main"]]
        assert [data["raw"] for data in mains] == [case.main]

    def test_offsets_slice_back(self, case: NumberCase) -> None:
        text = case.sentence + "\n\n" + case.sentence
        assert_offsets_slice(text, extract_claims(text, language=case.language))


class TestAttributionDetails:
    def test_quoted_as_saying(self) -> None:
        found = find_attribution_span(
            "The lawmakers quoted the NIS as saying that it is verifying the intelligence."
        )
        assert found is not None and found.name == "NIS"

    def test_possessive_report(self) -> None:
        sentence = "TurkStat’s report showed unemployment at 9.1% in March."
        found = find_attribution_span(sentence)
        assert found is not None
        assert (found.name, sentence[found.start : found.end]) == ("TurkStat", "TurkStat")

    def test_possessive_data_of_a_ministry(self) -> None:
        found = find_attribution_span("The Ministry of Health’s data showed 2,000 new cases.")
        assert found is not None and found.name == "Ministry of Health"

    def test_pronoun_is_flagged_for_the_caller(self) -> None:
        found = find_attribution_span("He said the toll would rise.")
        assert found is not None and found.pronoun and found.name == "He"

    @pytest.mark.parametrize(
        ("name", "kind"),
        [
            ("Disaster and Emergency Management Authority (AFAD)", "organisation"),
            ("NIS", "organisation"),
            ("Sen. Lindsey Graham", "person"),
            ("Health Minister Fahrettin Koca", "person"),
            ("Rafaelito Alejandro", "person"),
            ("health officials", "group"),
            ("Correa", ""),
        ],
    )
    def test_kind_of_a_name(self, name: str, kind: str) -> None:
        assert entity_kind(name) == kind


EARTHQUAKE = """Death toll rises to 2,314 after earthquake in Turkey

ANKARA, 14 March – A magnitude 7.1 earthquake struck southern Turkey on Tuesday, killing \
2,314 people, the Disaster and Emergency Management Authority (AFAD) said. Inflation was 14.2% \
in February.

Health Minister Fahrettin Koca visited the region on Wednesday. “We are doing everything we \
can,” he said. It said rescue work would go on through the night.
"""


class TestPastedEarthquakeReport:
    """The report a new user pasted: every complaint in it, checked."""

    def test_headline_is_not_suggested(self) -> None:
        texts = [s.text for s in extract_claims(EARTHQUAKE)]
        assert not any(text.startswith("Death toll rises") for text in texts)

    def test_title_repeated_in_the_text_is_not_suggested(self) -> None:
        text = "Quake kills hundreds in the south.\n\nRescuers searched the rubble all night."
        texts = [s.text for s in extract_claims(text, title="Quake kills hundreds in the south.")]
        assert texts == ["Rescuers searched the rubble all night."]

    def test_dateline_is_left_out_of_the_claim_text(self) -> None:
        lead = extract_claims(EARTHQUAKE)[0]
        assert lead.text.startswith("A magnitude 7.1 earthquake")
        assert EARTHQUAKE[lead.start : lead.end] == lead.text

    def test_death_toll_is_the_stated_figure_not_the_magnitude(self) -> None:
        lead = extract_claims(EARTHQUAKE)[0]
        assert [f.raw for f in lead.figures] == ["7.1", "2,314"]
        assert lead.main_figure is not None and lead.main_figure.value == Decimal(2314)

    def test_decimals_have_no_float_noise(self) -> None:
        output = json.dumps([s.to_dict() for s in extract_claims(EARTHQUAKE)])
        assert '"value": "7.1"' in output and '"value": "14.2"' in output
        assert "7.0999" not in output and "14.1999" not in output

    def test_he_is_the_minister_named_before(self) -> None:
        quote = next(s for s in extract_claims(EARTHQUAKE) if s.text.startswith("“We are"))
        assert quote.attributed_to == "Health Minister Fahrettin Koca"
        assert EARTHQUAKE[quote.attribution_start : quote.attribution_end] == "he"

    def test_it_is_the_organisation_named_before(self) -> None:
        last = extract_claims(EARTHQUAKE)[-1]
        assert last.attributed_to == "Disaster and Emergency Management Authority (AFAD)"

    def test_a_pronoun_with_no_one_before_is_not_an_attribution(self) -> None:
        suggestion = only("He said the toll would rise above two thousand.")
        assert (suggestion.attributed_to, suggestion.attribution_start) == ("", 0)

    def test_he_is_not_resolved_to_an_organisation(self) -> None:
        text = "The ministry said 40 people died. He said more would follow soon."
        assert extract_claims(text)[1].attributed_to == ""


class TestDatelinesAndBylines:
    @pytest.mark.parametrize(
        ("text", "starts"),
        [
            ("SEOUL, Oct. 29 (Yonhap) -- Some troops moved to the front, officials said.", "Some"),
            (
                "KURSK, Oct 24 (Reuters) - Ukraine said the first units had arrived there.",
                "Ukraine",
            ),
            ("LOS ANGELES, USA – Two more people were confirmed dead on Wednesday.", "Two"),
            ("(Reuters) - Two more people were confirmed dead on Wednesday.", "Two"),
        ],
    )
    def test_dateline_is_stripped(self, text: str, starts: str) -> None:
        suggestion = only(text)
        assert suggestion.text.startswith(starts)
        assert text[suggestion.start : suggestion.end] == suggestion.text

    def test_byline_is_not_suggested(self) -> None:
        text = "Troops moved.\n\nBy Yi Wonju and Kim Seung-yeon\n\nSome troops moved to the front."
        assert [s.text for s in extract_claims(text)] == ["Some troops moved to the front."]

    def test_capitalised_first_word_mid_article_is_kept(self) -> None:
        text = "The report was released. NATO, the alliance, said 40 jets were sent."
        assert extract_claims(text)[-1].text.startswith("NATO")


class TestOtherScripts:
    @pytest.mark.parametrize(
        ("text", "count"),
        [
            ("튀르키예에서 강진이 발생했다. 사망자는 2316명으로 늘었다. 구조 작업은 계속된다.", 3),
            ("地震造成2万人死亡。救援工作仍在继续！他说：“情况很严重。”", 3),
            ("قال مسؤولون إن 237 شخصا قتلوا. وأضافوا أن الإنقاذ مستمر. هل سترتفع الحصيلة؟", 3),
            ("भूकंप में 2314 लोगों की मौत हो गई। बचाव कार्य जारी है।", 2),
        ],
        ids=["korean", "chinese", "arabic", "hindi"],
    )
    def test_one_sentence_each(self, text: str, count: int) -> None:
        spans = split_sentences(text)
        assert len(spans) == count
        assert "".join(text[s:e] for s, e in spans).replace(" ", "") == text.replace(" ", "")

    def test_chinese_sentences_without_spaces_are_suggested(self) -> None:
        text = "地震造成两万人死亡，救援人员仍在搜寻。当局表示，目前已有2万人死亡。"
        suggestions = extract_claims(text, language="zh")
        assert len(suggestions) == 2
        assert suggestions[1].figures[0].value == Decimal(20000)

    def test_japanese_man(self) -> None:
        figure = find_figures("死者は3万人を超えた。")[0]
        assert (figure.raw, figure.value, figure.unit) == ("3万人", Decimal(30000), "people")

    def test_korean_eok_with_won(self) -> None:
        figure = find_figures("정부는 3억 달러를 지원하기로 했다.")[0]
        assert (figure.value, figure.unit) == (Decimal(300_000_000), "$")

    def test_other_languages_score_below_the_line(self) -> None:
        assert "ko" not in HANDLED_LANGUAGES
        suggestion = only("지진으로 사망자가 2316명으로 늘었다고 당국이 밝혔다.", language="ko")
        assert suggestion.figures and suggestion.score < CHECKWORTHY

    def test_english_dozens(self) -> None:
        assert find_figures("Two dozen people were hurt.")[0].value == Decimal(24)


class TestKnownMisreads:
    def test_spoken_year_is_not_nineteen(self) -> None:
        assert find_figures("In nineteen ninety-five the plant closed its doors.") == []

    def test_fifteen_hundred_is_still_a_count(self) -> None:
        assert find_figures("Fifteen hundred letters came.")[0].value == Decimal(1500)

    def test_a_verb_is_not_the_unit(self) -> None:
        figure = find_figures("About 5,000 gathered in the square on Sunday.")[0]
        assert (figure.value, figure.unit) == (Decimal(5000), "")


class TestSeparators:
    @pytest.mark.parametrize(
        ("text", "language", "value"),
        [
            ("2.314", "tr", "2314"),
            ("2.314", "de", "2314"),
            ("2.314", "en", "2.314"),
            ("2,314", None, "2314"),
            ("2,314", "de", "2.314"),
            ("2.314,5", None, "2314.5"),
            ("2,314.5", None, "2314.5"),
            ("1.234.567", None, "1234567"),
            ("0.125", None, "0.125"),
            ("4.3", None, "4.3"),
            ("2,5", "tr", "2.5"),
            ("٢٣١٤", None, "2314"),
            ("٢٬٣١٤٫٥", None, "2314.5"),
            ("-1,500", None, "-1500"),
            ("1 500", "fr", "1500"),
        ],
    )
    def test_read_number(self, text: str, language: str | None, value: str) -> None:
        assert read_number(text, language) == Decimal(value)

    def test_a_dot_before_three_digits_asks_when_the_language_is_unknown(self) -> None:
        with pytest.raises(AmbiguousNumber) as error:
            read_number("2.314")
        assert (error.value.as_thousands, error.value.as_decimal) == (
            Decimal(2314),
            Decimal("2.314"),
        )
        assert "2,314" in str(error.value) and "2.3140" in str(error.value)

    @pytest.mark.parametrize("text", ["", "abc", "1..2", "2.3.4,5,6,,"])
    def test_not_a_number(self, text: str) -> None:
        with pytest.raises(ValueError, match="is not a number"):
            read_number(text)

    @pytest.mark.parametrize(
        ("language", "expected"), [("tr", True), ("de-AT", True), ("en", False), ("xx", None)]
    )
    def test_language_conventions(self, language: str, expected: bool | None) -> None:
        assert uses_decimal_comma(language) is expected

    def test_figure_in_an_unknown_language_is_marked_ambiguous(self) -> None:
        figure = find_figures("Officials said 2.314 people were hurt.")[0]
        assert figure.ambiguous and figure.value == Decimal("2.314")
        assert figure.to_dict()["ambiguous"] is True

    def test_figure_in_turkish_is_not(self) -> None:
        figure = find_figures("Depremde 2.314 kişi öldü.", language="tr")[0]
        assert not figure.ambiguous and figure.value == Decimal(2314)


class TestSpeakerTracker:
    def test_the_nearest_earlier_name_of_the_right_kind(self) -> None:
        tracker = SpeakerTracker()
        tracker.read("Sen. Lindsey Graham met the Ministry of Defence and Jane Doe.")
        assert tracker.resolve("she") == "Jane Doe"
        assert tracker.resolve("it") == "Ministry of Defence"
        assert tracker.resolve("they") == "Ministry of Defence"

    def test_surname_alone_is_the_person_named_in_full(self) -> None:
        tracker = SpeakerTracker()
        tracker.read("Dale Word evacuated again.")
        tracker.note("Word")
        assert tracker.resolve("he") == "Dale Word"

    def test_nothing_known(self) -> None:
        assert SpeakerTracker().resolve("he") == ""


def test_offsets_slice_back_on_a_shuffled_article_of_every_table() -> None:
    """Every sentence of every table, shuffled into paragraphs: offsets always hold."""
    rng = random.Random(16)
    sentences = [case.sentence for case in CASES]
    sentences += [case.sentence for case in ATTRIBUTION_CASES]
    sentences += [case.sentence for case in NUMBER_CASES]
    rng.shuffle(sentences)
    text = "\n\n".join(" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4))
    suggestions = extract_claims(text)
    assert len(suggestions) >= len(sentences) - 5
    assert_offsets_slice(text, suggestions)
