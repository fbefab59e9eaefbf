"""@mentions: which names count, how they render, and the people suggested while typing."""

import pytest
from django.urls import reverse

from claims.models import Notification
from claims.notifications.mentions import (
    mentioned_names,
    mentioned_people,
    render_mentions,
    trailing_mention,
)
from claims.services.comments import comment_add
from tests import workflow_states
from tests.factories import UserFactory


class TestParsing:
    @pytest.mark.parametrize(
        ("body", "names"),
        [
            ("@rita can you check?", ["rita"]),
            ("Ask @rita, then @rob.", ["rita", "rob"]),
            ("(@rita) and @rita again", ["rita"]),
            ("mail rita@example.org or ops@desk.example.org", []),
            ("@first.last.", ["first.last"]),
            ("@ alone, @@double, a@b", []),
            ("line\n@rob", ["rob"]),
        ],
    )
    def test_names(self, body, names):
        assert mentioned_names(body) == names

    def test_typed_prefix(self):
        assert trailing_mention("see @ri") == "ri"
        assert trailing_mention("see @") == ""
        assert trailing_mention("mail rita@exa") is None
        assert trailing_mention("@rita done") is None


@pytest.mark.django_db
class TestPeople:
    def test_unknown_and_inactive_names_are_ignored(self, people):
        UserFactory(username="nobodyrole")
        body = "@rita @ghost @nobodyrole @ROB"
        assert sorted(p.username for p in mentioned_people(body)) == ["rita", "rob"]

    def test_a_comment_notifies_only_known_people(self, people):
        claim = workflow_states.researching(people["reviewer"])
        comment_add(
            claim=claim, author=people["reviewer"], body="@ghost @edna see rita@example.org"
        )
        assert list(Notification.objects.values_list("recipient__username", "kind")) == [
            ("edna", "mentioned")
        ]


class TestRendering:
    def test_known_names_are_links_and_everything_is_escaped(self):
        html = render_mentions("<b>hi</b> @rita & @ghost", {"rita": "rita"})
        assert html == (
            '&lt;b&gt;hi&lt;/b&gt; <a class="mention" href="/claims/?assignee=rita">@rita</a>'
            " &amp; @ghost"
        )

    def test_an_email_address_is_left_as_text(self):
        assert render_mentions("rita@example.org", {"example.org": "x", "rita": "rita"}) == (
            "rita@example.org"
        )

    def test_a_hostile_name_cannot_break_out(self):
        html = render_mentions('@"><script>', {})
        assert "<script>" not in html


@pytest.mark.django_db
class TestOnThePage:
    def test_comments_show_mentions_as_links(self, client, people):
        claim = workflow_states.researching(people["reviewer"])
        comment_add(claim=claim, author=people["reviewer"], body="@edna <i>look</i>")
        client.force_login(people["reviewer"])
        response = client.get(claim.get_absolute_url())
        content = response.content.decode()
        assert '<a class="mention" href="/claims/?assignee=edna">@edna</a> &lt;i&gt;' in content

    def test_suggestions_follow_the_name_being_typed(self, client, people):
        client.force_login(people["reviewer"])
        url = reverse("claims:mention_suggestions")
        response = client.get(url, {"body": "thanks @ed"}, headers={"HX-Request": "true"})
        assert [p.username for p in response.context["people"]] == ["ed", "edna"]
        assert 'data-mention="edna"' in response.content.decode()
        response = client.get(url, {"body": "no mention here"})
        assert response.context["people"] == []
