"""Checked before: similar claims across articles, reusing evidence, duplicates, "already
checked" on suggestions, and the match_claims command."""

import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from claims.models import Claim, ClaimEvent, ClaimSuggestion, Evidence
from claims.search import match_claims, similar_claims
from claims.services.checked_before import claim_mark_duplicate, evidence_reuse
from claims.services.workflow import NotAllowed, WorkflowError
from tests import workflow_states
from tests.factories import ArticleFactory, ClaimFactory, EvidenceFactory, UserFactory

pytestmark = pytest.mark.django_db

TROOPS = "About 10,000 North Korean soldiers are fighting for Russia in Ukraine."


def claim_saying(text: str, **fields):
    article = ArticleFactory(body=text)
    return ClaimFactory(article=article, text=text, quote=text, unit="", **fields)


def published_saying(text: str, reviewer, editor):
    article = ArticleFactory(body=text)
    return workflow_states.published(reviewer, editor, article=article, text=text, quote=text)


class TestMatching:
    def test_a_post_with_a_link_and_a_handle_finds_the_claim_it_repeats(self):
        target = claim_saying(TROOPS)
        claim_saying("The ministry hired 4,200 nurses in 2023.")
        claim_saying("Russia and Ukraine exchanged prisoners in the spring.")
        post = (
            "BREAKING: 10,000 troops from North Korea now fighting for Russia!! "
            "https://t.co/abc123 via @newsdesk #NorthKorea"
        )
        matches = match_claims(post)
        assert matches[0].claim == target
        assert matches[0].is_strong

    def test_similar_claims_come_from_other_articles_only(self):
        claim = claim_saying(TROOPS)
        same_article = ClaimFactory(article=claim.article, text=TROOPS, quote=TROOPS, unit="")
        elsewhere = claim_saying("North Korean soldiers, about 10,000, fight for Russia.")
        found = [match.claim for match in similar_claims(claim)]
        assert found == [elsewhere]
        assert same_article not in found

    def test_status_filter(self, reviewer, editor):
        published = published_saying(TROOPS, reviewer, editor)
        claim_saying(TROOPS)
        matches = match_claims(TROOPS, status="published")
        assert [match.claim for match in matches] == [published]
        assert matches[0].verdict.rating.slug == "true"

    def test_nothing_to_match_finds_nothing(self):
        claim_saying(TROOPS)
        assert match_claims("https://t.co/x @someone #") == []
        assert match_claims("") == []


class TestClaimPage:
    def test_the_panel_shows_earlier_checks_with_their_verdicts(self, client, reviewer, editor):
        published_saying(TROOPS, reviewer, editor)
        claim = claim_saying("North Korea sent 10,000 soldiers to fight for Russia.")
        client.force_login(reviewer)
        html = client.get(claim.get_absolute_url()).content.decode()
        assert 'id="checked-before"' in html
        assert "rating-true" in html.split('id="checked-before"')[1]


class TestEvidenceReuse:
    def test_copies_rows_with_an_event_each(self, reviewer, editor):
        earlier = published_saying(TROOPS, reviewer, editor)
        EvidenceFactory(claim=earlier, excerpt="Seoul counted 10,000.")
        claim = workflow_states.researching(
            reviewer, article=ArticleFactory(body=TROOPS), text=TROOPS, quote=TROOPS
        )
        copies = evidence_reuse(claim=claim, earlier=earlier, actor=reviewer)
        assert len(copies) == 2
        assert {row.source_id for row in copies} == set(
            earlier.evidence.values_list("source_id", flat=True)
        )
        events = claim.events.filter(kind=ClaimEvent.Kind.EVIDENCE_ADDED)
        assert events.count() == 2
        assert all(event.to_data["copied_from"].endswith(earlier.external_id) for event in events)
        assert all(event.actor == reviewer for event in events)
        # Again: every source is cited already, so nothing is copied twice.
        assert evidence_reuse(claim=claim, earlier=earlier, actor=reviewer) == []

    def test_a_copy_keeps_every_field_and_is_the_actors_in_the_earlier_order(
        self, reviewer, editor
    ):
        earlier = published_saying(TROOPS, reviewer, editor)
        first = earlier.evidence.get()
        second = EvidenceFactory(
            claim=earlier,
            stance=Evidence.Stance.CONTRADICTS,
            excerpt="Seoul counted 11,000.",
            pinpoint="p. 4",
            reported_value=Decimal("11000"),
            note="Later estimate.",
        )
        claim = workflow_states.researching(
            reviewer, article=ArticleFactory(body=TROOPS), text=TROOPS, quote=TROOPS
        )
        copies = evidence_reuse(claim=claim, earlier=earlier, actor=reviewer)
        fields = ("source_id", "stance", "excerpt", "pinpoint", "reported_value", "note")
        assert [[getattr(row, name) for name in fields] for row in copies] == [
            [getattr(row, name) for name in fields] for row in (first, second)
        ]
        assert [row.added_by for row in copies] == [reviewer, reviewer]
        stored = claim.evidence.order_by("pk")
        assert [(row.excerpt, row.pinpoint, row.note) for row in stored] == [
            (first.excerpt, first.pinpoint, first.note),
            ("Seoul counted 11,000.", "p. 4", "Later estimate."),
        ]
        events = claim.events.filter(kind=ClaimEvent.Kind.EVIDENCE_ADDED).order_by("pk")
        assert events.last().to_data == {
            "source": second.source.url,
            "stance": "contradicts",
            "reported_value": "11000",
            "copied_from": f"{earlier.article.external_id}/{earlier.external_id}",
        }

    def test_a_source_the_claim_cites_already_is_skipped_and_the_rest_copied(
        self, reviewer, editor
    ):
        earlier = published_saying(TROOPS, reviewer, editor)
        first = earlier.evidence.get()
        second = EvidenceFactory(claim=earlier, excerpt="Seoul counted 11,000.")
        claim = workflow_states.researching(
            reviewer, article=ArticleFactory(body=TROOPS), text=TROOPS, quote=TROOPS
        )
        EvidenceFactory(claim=claim, source=first.source, excerpt="Cited here already.")
        copies = evidence_reuse(claim=claim, earlier=earlier, actor=reviewer)
        assert [(row.source_id, row.excerpt) for row in copies] == [
            (second.source_id, "Seoul counted 11,000.")
        ]

    def test_refusals_say_why(self, reviewer, editor):
        earlier = published_saying(TROOPS, reviewer, editor)
        claim = claim_saying(TROOPS)
        with pytest.raises(NotAllowed) as refused:
            evidence_reuse(claim=claim, earlier=earlier, actor=UserFactory())
        assert str(refused.value) == (
            "Evidence can be added by reviewers while a claim is being researched."
        )
        with pytest.raises(WorkflowError) as refused:
            evidence_reuse(claim=claim, earlier=claim, actor=reviewer)
        assert str(refused.value) == "A claim cannot reuse its own evidence."

    def test_roles_and_states_are_checked(self, reviewer, editor):
        earlier = published_saying(TROOPS, reviewer, editor)
        claim = claim_saying(TROOPS)
        from tests.factories import UserFactory

        with pytest.raises(NotAllowed):
            evidence_reuse(claim=claim, earlier=earlier, actor=UserFactory())
        with pytest.raises(NotAllowed):
            evidence_reuse(claim=earlier, earlier=claim, actor=reviewer)  # published: frozen
        with pytest.raises(WorkflowError):
            evidence_reuse(claim=claim, earlier=claim, actor=reviewer)
        assert claim.evidence.count() == 0

    def test_the_button_posts_and_refuses_outsiders(self, client, reviewer, editor):
        earlier = published_saying(TROOPS, reviewer, editor)
        claim = claim_saying(TROOPS)
        url = reverse("claims:evidence_reuse", args=[claim.pk, earlier.pk])
        from tests.factories import UserFactory

        client.force_login(UserFactory())
        assert client.post(url).status_code == 403
        client.force_login(reviewer)
        assert client.post(url).status_code == 302
        assert claim.evidence.count() == 1


class TestDuplicates:
    def test_marking_links_the_claims_and_leaves_an_event(self, client, reviewer, editor):
        original = published_saying(TROOPS, reviewer, editor)
        claim = claim_saying(TROOPS)
        client.force_login(editor)
        response = client.post(
            reverse("claims:claim_duplicate", args=[claim.pk]), {"original": original.pk}
        )
        assert response.status_code == 302
        claim.refresh_from_db()
        assert claim.duplicate_of == original
        event = claim.events.get(kind=ClaimEvent.Kind.DUPLICATE)
        assert event.to_data == {
            "duplicate_of": f"{original.article.external_id}/{original.external_id}"
        }
        html = client.get(claim.get_absolute_url()).content.decode()
        assert 'id="duplicate-of"' in html and "rating-true" in html
        client.post(reverse("claims:claim_duplicate", args=[claim.pk]))
        claim.refresh_from_db()
        assert claim.duplicate_of is None

    def test_refusals(self, reviewer, editor):
        original = claim_saying(TROOPS)
        claim = claim_saying(TROOPS)
        with pytest.raises(NotAllowed):
            claim_mark_duplicate(claim=claim, original=original, actor=reviewer)
        with pytest.raises(WorkflowError, match="itself"):
            claim_mark_duplicate(claim=claim, original=claim, actor=editor)
        claim_mark_duplicate(claim=original, original=claim, actor=editor)
        with pytest.raises(WorkflowError, match="itself a duplicate"):
            claim_mark_duplicate(claim=claim_saying("x y z"), original=original, actor=editor)

    def test_the_event_says_what_it_linked_before_and_after_and_who(self, editor):
        first, second = claim_saying(TROOPS), claim_saying(TROOPS)
        claim = claim_saying(TROOPS)
        label = f"{first.article.external_id}/{first.external_id}"
        claim_mark_duplicate(claim=claim, original=first, actor=editor)
        claim_mark_duplicate(claim=claim, original=second, actor=editor)
        event = claim.events.filter(kind=ClaimEvent.Kind.DUPLICATE).order_by("pk").last()
        assert event.actor == editor
        assert event.from_data == {"duplicate_of": label}
        assert event.to_data == {
            "duplicate_of": f"{second.article.external_id}/{second.external_id}"
        }
        # Marking the same original again changes nothing and records nothing.
        claim_mark_duplicate(claim=claim, original=second, actor=editor)
        assert claim.events.filter(kind=ClaimEvent.Kind.DUPLICATE).count() == 2

    def test_refusals_say_why(self, reviewer, editor):
        claim = claim_saying(TROOPS)
        with pytest.raises(NotAllowed) as refused:
            claim_mark_duplicate(claim=claim, original=claim_saying(TROOPS), actor=reviewer)
        assert str(refused.value) == (
            "Only an editor, or the claim's assignee, can mark it a duplicate."
        )
        with pytest.raises(WorkflowError) as refused:
            claim_mark_duplicate(claim=claim, original=claim, actor=editor)
        assert str(refused.value) == "A claim cannot be a duplicate of itself."

    def test_the_original_comes_back_with_its_article(self, editor, django_assert_num_queries):
        original = claim_saying(TROOPS)
        bare = Claim.objects.get(pk=original.pk)  # its article not loaded yet
        marked = claim_mark_duplicate(claim=claim_saying(TROOPS), original=bare, actor=editor)
        with django_assert_num_queries(0):
            assert marked.duplicate_of.article.external_id == original.article.external_id

    def test_the_form_refuses_someone_without_the_claim(self, client, reviewer):
        original, claim = claim_saying(TROOPS), claim_saying(TROOPS)
        client.force_login(reviewer)
        url = reverse("claims:claim_duplicate", args=[claim.pk])
        response = client.post(url, {"original": original.pk})
        assert response.status_code == 403
        assert "Only an editor, or the claim's assignee" in response.content.decode()
        assert Claim.objects.get(pk=claim.pk).duplicate_of is None

    def test_a_bad_original_is_a_message_not_an_error(self, client, editor):
        claim = claim_saying(TROOPS)
        client.force_login(editor)
        url = reverse("claims:claim_duplicate", args=[claim.pk])
        assert client.post(url, {"original": "abc"}).status_code == 302
        assert client.post(url, {"original": "999999"}).status_code == 404


class TestAlreadyChecked:
    def test_a_suggestion_matching_a_published_check_says_so(self, client, reviewer, editor):
        published_saying(TROOPS, reviewer, editor)
        article = ArticleFactory(body="Some 10,000 North Korean soldiers fight for Russia.")
        ClaimSuggestion.objects.create(
            article=article,
            text="Some 10,000 North Korean soldiers fight for Russia.",
            fingerprint="f" * 64,
            start=0,
            end=10,
            kind="figure",
            score=0.9,
        )
        client.force_login(editor)
        html = client.get(article.get_absolute_url()).content.decode()
        assert "already checked:" in html


class TestMatchClaimsCommand:
    def test_json_lines_best_first(self, tmp_path, capsys):
        target = claim_saying(TROOPS, external_id="c02")
        claim_saying("The ministry hired 4,200 nurses in 2023.")
        queries = tmp_path / "posts.txt"
        queries.write_text(
            "t1\t10,000 North Korean soldiers fight for Russia https://t.co/x\n\n"
            "nurses hired by the ministry\n",
            encoding="utf-8",
        )
        call_command("match_claims", str(queries), "--json", "--limit", "1")
        lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
        assert [line["query_id"] for line in lines] == ["t1", 3]
        first = lines[0]["matches"][0]
        assert first["id"] == target.pk
        assert first["claim_id"] == "c02"
        assert first["article_id"] == target.article.external_id
        assert 0 < first["score"] <= 1
        assert first["text"] == TROOPS

    def test_plain_output_and_bad_input(self, tmp_path, capsys):
        claim_saying(TROOPS)
        queries = tmp_path / "posts.txt"
        queries.write_text("north korean soldiers\nzzzz qqqq\n", encoding="utf-8")
        call_command("match_claims", str(queries))
        out = capsys.readouterr().out
        assert "North Korean soldiers" in out and "(no match)" in out
        with pytest.raises(CommandError, match="--limit"):
            call_command("match_claims", str(queries), "--limit", "0")
        with pytest.raises(CommandError, match="cannot read"):
            call_command("match_claims", str(tmp_path / "missing.txt"))
        binary = tmp_path / "binary.txt"
        binary.write_bytes(b"\xff\xfe\x00bad")
        with pytest.raises(CommandError, match="not UTF-8"):
            call_command("match_claims", str(binary))
