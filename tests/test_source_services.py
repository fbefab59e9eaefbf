"""The source services called directly: who may use them, what they write, and the words
of each refusal (shown as they are on the source pages and the registry)."""

from datetime import date

import pytest

from claims.models import ClaimEvent, Publisher, Source, SourceSnapshot
from claims.services.sources import (
    offered_details,
    publisher_save,
    source_check_request,
    source_fill_details,
)
from claims.services.workflow import NotAllowed, WorkflowError
from tests.factories import ClaimFactory, EvidenceFactory, SourceFactory, SourceSnapshotFactory

pytestmark = pytest.mark.django_db


def snapshot_of(source: Source, **details) -> SourceSnapshot:
    snapshot = SourceSnapshotFactory(source=source, **details)
    source.refresh_from_db()
    return snapshot


class TestCheckNow:
    def test_only_editors_and_the_refusal_says_so(self, reviewer):
        source = SourceFactory()
        with pytest.raises(NotAllowed) as refused:
            source_check_request(source=source, actor=reviewer)
        assert str(refused.value) == "Only editors can ask for a source to be checked now."
        source.refresh_from_db()
        assert source.check_requested_at is None

    def test_an_editor_queues_a_check(self, editor, django_capture_on_commit_callbacks):
        source = SourceFactory()
        with django_capture_on_commit_callbacks() as queued:
            source_check_request(source=source, actor=editor)
        source.refresh_from_db()
        assert source.check_requested_at is not None
        assert len(queued) == 1


class TestOfferedDetails:
    def test_only_what_the_page_says_and_the_source_lacks(self):
        source = SourceFactory(title="", publisher="Kept Wire")
        snapshot = snapshot_of(
            source, title="A title", publisher="Other Wire", published_on=date(2024, 11, 1)
        )
        assert offered_details(source, snapshot) == {
            "title": "A title",
            "published_on": date(2024, 11, 1),
        }

    def test_an_empty_field_of_the_page_is_not_offered(self):
        source = SourceFactory(title="", publisher="")
        snapshot = snapshot_of(source, title="", publisher="Wire")
        assert offered_details(source, snapshot) == {"publisher": "Wire"}
        assert offered_details(source, None) == {}


class TestFillDetails:
    def test_fills_and_records_an_event_on_every_citing_claim(self, reviewer):
        source = SourceFactory(title="", publisher="")
        # Evidence ids and claim ids differ, so events land on claims, not on row ids.
        ClaimFactory.create_batch(3)
        citing = [EvidenceFactory(source=source).claim for _ in range(2)]
        snapshot_of(source, title="Troops sent north", publisher="Local Wire")
        offered = source_fill_details(source=source, actor=reviewer)
        assert offered == {"title": "Troops sent north", "publisher": "Local Wire"}
        source.refresh_from_db()
        assert (source.title, source.publisher) == ("Troops sent north", "Local Wire")
        events = ClaimEvent.objects.filter(kind=ClaimEvent.Kind.SOURCE_EDITED)
        assert sorted(event.claim_id for event in events) == sorted(c.pk for c in citing)
        assert {event.actor_id for event in events} == {reviewer.pk}
        assert events.first().to_data == {
            "source": source.url,
            "title": "Troops sent north",
            "publisher": "Local Wire",
        }

    def test_refusals_say_why_and_change_nothing(self, reviewer, django_user_model):
        source = SourceFactory(title="Kept", publisher="")
        outsider = django_user_model.objects.create_user("outsider")
        with pytest.raises(NotAllowed) as refused:
            source_fill_details(source=source, actor=outsider)
        assert str(refused.value) == "Only reviewers and editors can change a source's details."
        snapshot_of(source, title="Other title")
        with pytest.raises(WorkflowError) as refused:
            source_fill_details(source=source, actor=reviewer)
        assert str(refused.value) == (
            "The archived page offers nothing for this source's empty fields."
        )
        source.refresh_from_db()
        assert source.title == "Kept"
        assert not ClaimEvent.objects.filter(kind=ClaimEvent.Kind.SOURCE_EDITED).exists()


class TestPublisherRegistry:
    def test_the_domain_is_written_as_the_registry_compares_it(self, editor):
        publisher = publisher_save(actor=editor, domain=" WWW.Reuters.com. ", reliability="high")
        assert publisher.domain == "reuters.com"
        assert (publisher.name, publisher.note, publisher.updated_by) == ("", "", editor)
        assert Publisher.objects.get().reliability == "high"

    def test_an_edit_changes_the_entry_and_keeps_its_row(self, editor):
        first = publisher_save(actor=editor, domain="apnews.com", reliability="high")
        edited = publisher_save(
            actor=editor,
            domain="apnews.com",
            reliability="medium",
            name=" Associated Press ",
            note=" Wire. ",
            publisher=first,
        )
        assert edited.pk == first.pk
        stored = Publisher.objects.get()
        assert (stored.name, stored.note, stored.reliability) == (
            "Associated Press",
            "Wire.",
            "medium",
        )

    @pytest.mark.parametrize(
        "domain", ["", "reuters", "https://reuters.com/world", "reu ters.com", "  "]
    )
    def test_not_a_domain(self, editor, domain):
        with pytest.raises(WorkflowError) as refused:
            publisher_save(actor=editor, domain=domain, reliability="high")
        assert str(refused.value) == "Enter a domain like reuters.com, without http:// or a path."
        assert not Publisher.objects.exists()

    def test_other_refusals_say_why(self, editor, reviewer):
        with pytest.raises(NotAllowed) as refused:
            publisher_save(actor=reviewer, domain="reuters.com", reliability="high")
        assert str(refused.value) == "Only editors can change the publisher registry."
        with pytest.raises(WorkflowError) as refused:
            publisher_save(actor=editor, domain="reuters.com", reliability="great")
        assert str(refused.value) == "Unknown reliability: great."
        publisher_save(actor=editor, domain="reuters.com", reliability="high")
        with pytest.raises(WorkflowError) as refused:
            publisher_save(actor=editor, domain="www.reuters.com", reliability="low")
        assert str(refused.value) == "reuters.com is already in the registry."
        assert list(Publisher.objects.values_list("domain", "reliability")) == [
            ("reuters.com", "high")
        ]
