"""The audit trail: what each event stores, in what form, and for whom."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser

from claims.models import ClaimEvent
from claims.services.events import changed_fields, event_record, event_row, jsonable
from tests.factories import ClaimFactory, SourceFactory


class TestJsonable:
    @pytest.mark.parametrize(
        ("value", "stored"),
        [
            (None, None),
            (True, True),
            (False, False),
            (0, 0),
            (7, 7),
            (0.5, 0.5),
            ("text", "text"),
            (Decimal("4200.00"), "4200"),
            (Decimal("1.50"), "1.5"),
            (Decimal("1E+3"), "1000"),
            (Decimal("0.000"), "0"),
            (datetime.date(2024, 5, 1), "2024-05-01"),
            (
                datetime.datetime(2024, 5, 1, 9, 30, tzinfo=datetime.UTC),
                "2024-05-01T09:30:00+00:00",
            ),
        ],
        ids=[
            "none",
            "true",
            "false",
            "zero",
            "int",
            "float",
            "str",
            "decimal-trailing-zeros",
            "decimal-fraction",
            "decimal-exponent",
            "decimal-zero",
            "date",
            "datetime",
        ],
    )
    def test_values_are_stored_as_plain_json(self, value, stored):
        """Numbers stay numbers, decimals become plain strings, dates ISO 8601."""
        result = jsonable(value)
        assert result == stored
        assert type(result) is type(stored)

    @pytest.mark.django_db
    def test_a_user_is_stored_by_username(self, reviewer):
        """People are named by their username, not their display name."""
        reviewer.first_name, reviewer.last_name = "Rita", "Reviewer"
        assert jsonable(reviewer) == "rita"

    @pytest.mark.django_db
    def test_other_rows_are_stored_by_their_name(self):
        """A source is stored as what it shows as."""
        assert jsonable(SourceFactory(title="Census 2020")) == "Census 2020"


class TestEventRow:
    def test_unsaved_row_carries_converted_data(self):
        """The row holds the claim, actor, kind, converted from/to data and note."""
        event = event_row(
            claim_id=3,
            actor_id=9,
            kind=ClaimEvent.Kind.UPDATED,
            before={"stated_value": Decimal("4200.0")},
            after={"stated_value": Decimal("4300"), "on": datetime.date(2024, 1, 2)},
            note="Fixed a typo.",
        )
        assert event.pk is None
        assert (event.claim_id, event.actor_id, event.kind, event.note) == (
            3,
            9,
            "updated",
            "Fixed a typo.",
        )
        assert (event.from_data, event.to_data) == (
            {"stated_value": "4200"},
            {"stated_value": "4300", "on": "2024-01-02"},
        )

    def test_missing_data_is_empty_and_note_blank(self):
        """An event without before or after data stores empty objects, never null."""
        event = event_row(claim_id=3, actor_id=None, kind=ClaimEvent.Kind.CREATED)
        assert (event.from_data, event.to_data, event.note, event.actor_id) == ({}, {}, "", None)


@pytest.mark.django_db
class TestEventRecord:
    def test_event_is_saved_with_actor_and_data(self, reviewer):
        """The saved event names the person and keeps the converted data."""
        claim = ClaimFactory()
        event_record(
            claim=claim,
            actor=reviewer,
            kind=ClaimEvent.Kind.ASSIGNED,
            before={"assignee": None},
            after={"assignee": reviewer},
            note="Taken.",
        )
        event = ClaimEvent.objects.get(claim=claim)
        assert (event.actor, event.kind, event.from_data, event.to_data, event.note) == (
            reviewer,
            "assigned",
            {"assignee": None},
            {"assignee": "rita"},
            "Taken.",
        )

    def test_event_without_a_person_is_the_systems(self):
        """A command or import with no user, or an anonymous one, records no actor."""
        claim = ClaimFactory()
        event_record(claim=claim, actor=None, kind=ClaimEvent.Kind.IMPORTED)
        event_record(claim=claim, actor=AnonymousUser(), kind=ClaimEvent.Kind.IMPORTED)
        assert list(claim.events.values_list("actor", flat=True)) == [None, None]

    def test_the_returned_event_belongs_to_the_claim(self, reviewer):
        """The event returned is the saved row, linked to its claim."""
        claim = ClaimFactory()
        event = event_record(claim=claim, actor=reviewer, kind=ClaimEvent.Kind.COMMENTED)
        assert event.pk == ClaimEvent.objects.get(claim=claim).pk
        assert event.claim is claim


class TestChangedFields:
    def test_only_differing_fields_are_reported(self):
        """Unchanged values are left out; changed ones give their old and new value."""

        class Row:
            text, unit, priority = "Old.", "nurses", 50

        before, after = changed_fields(Row(), {"text": "New.", "unit": "nurses", "priority": 60})
        assert (before, after) == (
            {"text": "Old.", "priority": 50},
            {"text": "New.", "priority": 60},
        )

    def test_nothing_changed_gives_two_empty_dicts(self):
        """Saving the same values changes nothing."""

        class Row:
            text = "Same."

        assert changed_fields(Row(), {"text": "Same."}) == ({}, {})
