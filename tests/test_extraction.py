"""Claim extraction: sentence offsets, figures, attributions, kinds and scores."""

import json
import random
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest

from claims.extraction.extractor import (
    ArticleFileError,
    Suggestion,
    extract_claims,
    format_suggestions,
    read_article_text,
)
from claims.extraction.figures import find_figures
from claims.extraction.sentences import split_sentences
from tests.extraction_cases import CASES, Case

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = (ROOT / "fixtures" / "article.txt").read_text(encoding="utf-8")
FIXTURE_CLAIMS = json.loads((ROOT / "fixtures" / "claims.json").read_text(encoding="utf-8"))
BEFORE = "The committee met again this week. "
AFTER = " Its next report is due in the spring."


def case_id(case: Case) -> str:
    # ASCII only: pytest escapes other characters once more for each method of a parametrized
    # class, so "Okafor’s" ids differed between methods and could not be selected by name.
    words = unicodedata.normalize("NFKD", "-".join(case.sentence.split()[:5]))
    return "".join(char for char in words if char.isascii())


def only_suggestion(text: str) -> Suggestion:
    suggestions = extract_claims(text)
    assert len(suggestions) == 1, [s.text for s in suggestions]
    return suggestions[0]


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


def assert_offsets_slice(text: str, suggestions: list[Suggestion]) -> None:
    for suggestion in suggestions:
        assert text[suggestion.start : suggestion.end] == suggestion.text
        for figure in suggestion.figures:
            assert text[figure.start : figure.end] == figure.raw


def test_table_is_large_and_varied() -> None:
    assert len(CASES) >= 60
    assert {case.kind for case in CASES} == {
        "figure",
        "attribution",
        "event",
        "quote",
        "prediction",
        "opinion",
    }


@pytest.mark.parametrize("case", CASES, ids=case_id)
class TestTableSentences:
    def test_kind(self, case: Case) -> None:
        assert only_suggestion(case.sentence).kind == case.kind

    def test_figures(self, case: Case) -> None:
        suggestion = only_suggestion(case.sentence)
        found = [(f.value, f.qualifier, f.unit) for f in suggestion.figures]
        assert found == case.expected_figures()

    def test_attribution(self, case: Case) -> None:
        assert only_suggestion(case.sentence).attributed_to == case.attributed_to

    def test_checkworthiness(self, case: Case) -> None:
        score = only_suggestion(case.sentence).score
        assert 0.0 <= score <= 1.0
        assert (score >= 0.5) is case.checkworthy

    def test_offsets_slice_back_inside_a_paragraph(self, case: Case) -> None:
        paragraph = BEFORE + case.sentence + AFTER
        suggestions = extract_claims(paragraph)
        assert [s.text for s in suggestions] == [BEFORE.strip(), case.sentence, AFTER.strip()]
        assert suggestions[1].start == len(BEFORE)
        assert_offsets_slice(paragraph, suggestions)
        alone = only_suggestion(case.sentence)
        assert [f.raw for f in suggestions[1].figures] == [f.raw for f in alone.figures]


class TestSentenceSplitting:
    def test_abbreviations_do_not_end_sentences(self) -> None:
        text = (
            "Gen. Kim met Dr. Müller and Mr. Smith in the U.K. last week. "
            "The U.S. Senate voted on Oct. 13. Prof. Søren Berg disagreed."
        )
        assert sentences(text) == [
            "Gen. Kim met Dr. Müller and Mr. Smith in the U.K. last week.",
            "The U.S. Senate voted on Oct. 13.",
            "Prof. Søren Berg disagreed.",
        ]

    def test_acronym_at_the_end_of_a_sentence(self) -> None:
        text = "The firm moved to the U.S. The move cost jobs."
        assert sentences(text) == ["The firm moved to the U.S.", "The move cost jobs."]

    def test_decimals_and_initials(self) -> None:
        text = "Growth was 4.3 per cent. John F. Kennedy and J. R. R. Tolkien are cited. Done."
        assert sentences(text) == [
            "Growth was 4.3 per cent.",
            "John F. Kennedy and J. R. R. Tolkien are cited.",
            "Done.",
        ]

    def test_ellipsis_ends_a_sentence_only_before_a_capital(self) -> None:
        text = "He paused... and went on. Then he stopped… Nobody spoke."
        assert sentences(text) == [
            "He paused... and went on.",
            "Then he stopped…",
            "Nobody spoke.",
        ]

    def test_question_exclamation_and_curly_quotes(self) -> None:
        text = "“Is this true?” she asked. “It is!” He laughed. ‘Yes.’ They left."
        assert sentences(text) == [
            "“Is this true?” she asked.",
            "“It is!”",
            "He laughed.",
            "‘Yes.’",
            "They left.",
        ]

    def test_dashes_do_not_split(self) -> None:
        text = "The vote – held late – passed; the count — disputed — stood."
        assert sentences(text) == [text]

    def test_bullets_are_sentences_without_their_markers(self) -> None:
        text = (
            "Key points:\n"
            "• Inflation fell to 2.4%\n"
            "- Rates were unchanged\n"
            "* Growth slowed. Exports fell.\n"
            "1. Jobs rose\n"
            "2) Wages rose"
        )
        assert sentences(text) == [
            "Key points:",
            "Inflation fell to 2.4%",
            "Rates were unchanged",
            "Growth slowed.",
            "Exports fell.",
            "Jobs rose",
            "Wages rose",
        ]

    def test_blank_lines_and_headings_separate_sentences(self) -> None:
        text = "Storm Warning\nBy Jane Doe\n\nThe storm hit at dawn\n\nRoads were closed."
        assert sentences(text) == [
            "Storm Warning",
            "By Jane Doe",
            "The storm hit at dawn",
            "Roads were closed.",
        ]

    def test_wrapped_lines_stay_in_one_sentence(self) -> None:
        text = (
            "The National Intelligence Service of South Korea confirmed the initial\n"
            "deployment of approximately 1,500 soldiers to the Far East of Russia.\n"
            "They travelled by sea."
        )
        assert sentences(text) == [
            text[: text.index("They")].strip(),
            "They travelled by sea.",
        ]

    def test_sentences_exclude_surrounding_whitespace(self) -> None:
        text = "  \n\n  First one here.   Second one here.  \n\n"
        spans = split_sentences(text)
        assert [text[s:e] for s, e in spans] == ["First one here.", "Second one here."]

    def test_non_ascii_names_start_sentences(self) -> None:
        text = "The talks ended. Zelenskyy left first. Ørsted followed. Élodie stayed."
        assert sentences(text) == [
            "The talks ended.",
            "Zelenskyy left first.",
            "Ørsted followed.",
            "Élodie stayed.",
        ]

    def test_empty_and_whitespace_text(self) -> None:
        assert split_sentences("") == []
        assert extract_claims(" \n\t ") == []


class TestFigures:
    @pytest.mark.parametrize(
        "sentence",
        [
            "The law was passed in 1990 and amended in 2024.",
            "The summit opened on 8 October with a dinner.",
            "The summit opened on Oct. 13 with a dinner.",
            "The summit opened on October 13th with a dinner.",
            "She finished 1st and he came 3rd in the race.",
            "The meeting started at 10:30 and ended at 3 p.m. sharp.",
            "The COVID-19 wave grounded every F-16 in the fleet.",
            "Hundreds of people and dozens of officials attended.",
            "The home side won 3-1 after extra time.",
            "One of the ministers resigned.",
            "The two nations have fluctuated between rivalry and alliance.",
        ],
    )
    def test_context_numbers_are_not_figures(self, sentence: str) -> None:
        assert find_figures(sentence) == []
        assert only_suggestion(sentence).kind != "figure"

    def test_figure_offsets_are_shifted(self) -> None:
        (figure,) = find_figures("about 10 ships", offset=100)
        assert (figure.start, figure.end, figure.raw) == (100, 108, "about 10")

    def test_value_is_a_plain_decimal(self) -> None:
        (figure,) = find_figures("The fund holds 7.2 million barrels.")
        assert figure.value == Decimal("7200000")
        assert str(figure.value) == "7200000"

    def test_counted_noun_after_of_and_a_determiner(self) -> None:
        (figure,) = find_figures("More than 200 of the victims were children.")
        assert (figure.value, figure.qualifier, figure.unit) == (
            Decimal(200),
            "at_least",
            "victims",
        )

    def test_year_with_a_qualifier_is_a_count(self) -> None:
        (figure,) = find_figures("About 1500 refugees crossed the border.")
        assert (figure.value, figure.unit) == (Decimal(1500), "refugees")

    def test_word_numbers_join_with_hyphens_and_and(self) -> None:
        (figure,) = find_figures("Up to one hundred and twenty-five soldiers were hurt.")
        assert (figure.raw, figure.value, figure.qualifier) == (
            "Up to one hundred and twenty-five",
            Decimal(125),
            "at_most",
        )

    def test_capitalised_number_word_mid_sentence_is_a_name(self) -> None:
        assert find_figures("New York: Twelve, 2019.") == []


class TestSeedArticle:
    suggestions = extract_claims(ARTICLE)

    def covering(self, claim: dict) -> list[Suggestion]:
        return [
            s
            for s in self.suggestions
            if s.score >= 0.5 and s.start <= claim["start"] and claim["end"] <= s.end
        ]

    def test_offsets_slice_back(self) -> None:
        assert self.suggestions
        assert_offsets_slice(ARTICLE, self.suggestions)

    @pytest.mark.parametrize(
        "claim",
        [c for c in FIXTURE_CLAIMS if c["status"] != "not_checkable"],
        ids=lambda c: c["external_id"],
    )
    def test_checkable_claims_are_covered(self, claim: dict) -> None:
        assert self.covering(claim), claim["quote"]

    @pytest.mark.parametrize(
        "claim",
        [c for c in FIXTURE_CLAIMS if c["kind"] == "opinion"],
        ids=lambda c: c["external_id"],
    )
    def test_opinions_are_not_suggested(self, claim: dict) -> None:
        overlapping = [
            s
            for s in self.suggestions
            if s.score >= 0.5 and s.start < claim["end"] and claim["start"] < s.end
        ]
        assert overlapping == []

    def test_ten_thousand_soldiers_figure(self) -> None:
        figures = [f for s in self.suggestions for f in s.figures if f.value == 10000]
        assert [(f.raw, f.qualifier, f.unit) for f in figures] == [
            ("approximately 10,000", "approximately", "soldiers")
        ]

    def test_intelligence_service_attribution(self) -> None:
        (nis,) = [s for s in self.suggestions if "confirmed the initial deployment" in s.text]
        assert "National Intelligence Service" in nis.attributed_to
        assert [(f.value, f.qualifier, f.unit) for f in nis.figures] == [
            (Decimal(1500), "approximately", "soldiers")
        ]

    def test_named_speakers(self) -> None:
        speakers = {s.attributed_to for s in self.suggestions if s.attributed_to}
        assert speakers == {
            "National Intelligence Service of South Korea",
            "EU leaders",
            "NATO Secretary-General Mark Rutte",
        }

    def test_references_and_byline_are_not_checkworthy(self) -> None:
        tail = ARTICLE.index("References")
        assert all(s.score < 0.5 for s in self.suggestions if s.start > tail and "20" in s.text)
        assert not any(s.text in {"By", "References", "Simon Hutagalung"} for s in self.suggestions)


class TestScoring:
    def test_deterministic(self) -> None:
        assert extract_claims(ARTICLE) == extract_claims(ARTICLE)

    def test_concrete_event_outweighs_an_interpretive_verb(self) -> None:
        suggestion = only_suggestion(
            "The leaders signed a partnership treaty, which signifies a new level of cooperation."
        )
        assert suggestion.kind == "event"
        assert suggestion.score >= 0.5

    def test_interpretation_alone_scores_low(self) -> None:
        suggestion = only_suggestion("The partnership signifies a new level of cooperation.")
        assert (suggestion.kind, suggestion.score < 0.5) == ("opinion", True)

    def test_prediction_scores_between_opinion_and_fact(self) -> None:
        prediction = only_suggestion("Inflation is expected to ease later this year.")
        opinion = only_suggestion("The central bank must act to curb inflation.")
        fact = only_suggestion("The central bank raised rates to 5.25% in July.")
        assert opinion.score < prediction.score < 0.5 <= fact.score

    def test_more_checkable_elements_score_higher(self) -> None:
        plain = only_suggestion("About 300 people were evacuated from the village.")
        attributed = only_suggestion(
            "About 300 people were evacuated from the village, the fire service said."
        )
        assert plain.score < attributed.score

    def test_question_scores_lower_than_statement(self) -> None:
        statement = only_suggestion("The reform will cut waiting lists.")
        question = only_suggestion("Will the reform cut waiting lists?")
        assert question.score < statement.score


class TestOutput:
    def test_to_dict_is_json_ready(self) -> None:
        suggestion = only_suggestion("Officials said about 7.5 million people voted early.")
        data = suggestion.to_dict()
        assert list(data) == [
            "text",
            "start",
            "end",
            "kind",
            "score",
            "figures",
            "attributed_to",
            "attribution",
        ]
        assert data["figures"] == [
            {
                "raw": "about 7.5 million",
                "value": "7500000",
                "qualifier": "approximately",
                "unit": "people",
                "main": True,
            }
        ]
        assert data["attribution"] == {"start": 0, "end": 9}
        assert json.loads(json.dumps(data)) == data

    def test_json_lines_keep_decimals_and_non_ascii(self) -> None:
        text = "Müller said inflation rose to 4.3% in May. Søren said nothing new happened."
        output = format_suggestions(extract_claims(text), as_json=True)
        lines = output.splitlines()
        assert len(lines) == 2
        assert "Müller" in lines[0] and "\\u" not in output
        first = json.loads(lines[0])
        assert first["figures"][0]["value"] == "4.3"
        assert '"value": "4.3"' in lines[0]
        assert first["attributed_to"] == "Müller"

    def test_human_output_has_one_block_per_suggestion(self) -> None:
        suggestions = extract_claims(BEFORE + "Officials said about 300 people were evacuated.")
        output = format_suggestions(suggestions)
        blocks = output.strip().split("\n\n")
        assert len(blocks) == 2
        assert blocks[1].splitlines()[0].startswith(f"[{suggestions[1].score:.2f}] figure ")
        assert "Officials said about 300 people were evacuated." in blocks[1]
        assert "'about 300' = 300 people (approximately)" in blocks[1]
        assert "attributed to: Officials" in blocks[1]

    def test_no_suggestions_prints_nothing(self) -> None:
        assert format_suggestions([]) == ""
        assert format_suggestions([], as_json=True) == ""


class TestReadArticleText:
    def test_reads_utf8(self, tmp_path: Path) -> None:
        path = tmp_path / "article.txt"
        path.write_text("Søren said so.\n", encoding="utf-8")
        assert read_article_text(str(path)) == "Søren said so.\n"

    def test_missing_file_is_named(self, tmp_path: Path) -> None:
        path = tmp_path / "missing.txt"
        with pytest.raises(ArticleFileError, match="missing.txt"):
            read_article_text(str(path))

    def test_bad_byte_reports_its_line(self, tmp_path: Path) -> None:
        path = tmp_path / "latin1.txt"
        path.write_bytes("first line\nsecond line\nM\u00fcller said so.\n".encode("latin-1"))
        with pytest.raises(ArticleFileError, match=r"latin1\.txt.*0xfc on line 3"):
            read_article_text(str(path))


def test_long_article_gives_a_suggestion_per_checkable_sentence() -> None:
    # bench/bench_extraction.py times this against its 1 s target.
    text = "\n\n".join([ARTICLE, *(case.sentence for case in CASES)] * 8)
    assert len(text.split()) > 9000
    suggestions = extract_claims(text)
    assert len(suggestions) > 500


class TestOffsetsOnAwkwardText:
    def test_windows_line_endings_and_tabs(self) -> None:
        text = ARTICLE.replace("\n", "\r\n").replace("  •", "\t•")
        suggestions = extract_claims(text)
        assert len(suggestions) == len(extract_claims(ARTICLE))
        assert_offsets_slice(text, suggestions)

    def test_scrambled_text_keeps_ordered_non_overlapping_slices(self) -> None:
        rng = random.Random(7)
        pieces = ARTICLE.split(" ") + [c.sentence for c in CASES] + ["\n\n", "• ", "... ", "U.S. "]
        for _ in range(20):
            text = " ".join(rng.sample(pieces, 120))
            suggestions = extract_claims(text)
            assert_offsets_slice(text, suggestions)
            ends = [0] + [s.end for s in suggestions]
            assert all(s.start >= end for s, end in zip(suggestions, ends, strict=False))
            assert all(s.text == s.text.strip() and s.text for s in suggestions)
