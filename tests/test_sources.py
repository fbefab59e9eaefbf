"""Sources are one row per document: URLs normalised, details filled in but never overwritten."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from claims.models import Publisher, Source
from claims.services.sources import normalise_url, source_for_url
from claims.sources.addresses import TRACKING_PARAMETERS
from tests.workflow_states import researching


class TestNormaliseUrl:
    @pytest.mark.parametrize(
        ("given", "stored"),
        [
            ("https://x.org", "https://x.org/"),
            ("https://x.org/", "https://x.org/"),
            ("HTTPS://News.Example.ORG/Report", "https://news.example.org/Report"),
            ("https://x.org/report#section-2", "https://x.org/report"),
            ("  https://x.org/report \n", "https://x.org/report"),
            ("http://x.org:80/a", "http://x.org/a"),
            ("https://x.org:443/a", "https://x.org/a"),
            ("HTTP://x.org:80/a", "http://x.org/a"),
            ("HTTPS://x.org:443/a", "https://x.org/a"),
            ("https://x.org:8443/a", "https://x.org:8443/a"),
            ("http://x.org:443/a", "http://x.org:443/a"),
            ("https://x.org:80/a", "https://x.org:80/a"),
            ("http://x.org:8080/a", "http://x.org:8080/a"),
        ],
        ids=[
            "no-path",
            "root-path",
            "case",
            "fragment",
            "spaces",
            "http-80",
            "https-443",
            "upper-http-80",
            "upper-https-443",
            "https-8443",
            "http-443",
            "https-80",
            "http-8080",
        ],
    )
    def test_one_document_has_one_address(self, given, stored):
        """Scheme and host lower-cased, default ports, fragment and spaces dropped; path kept."""
        assert normalise_url(given) == stored

    @pytest.mark.parametrize("name", sorted(TRACKING_PARAMETERS))
    def test_each_tracking_parameter_is_dropped(self, name):
        """A click id or referrer tag does not make a second source."""
        url = f"https://x.org/report?id=7&{name}=abc&page=2"
        assert normalise_url(url) == "https://x.org/report?id=7&page=2"

    def test_tracking_parameters_are_dropped_whatever_their_case(self):
        """FBCLID and UTM_Source are as much tracking as fbclid and utm_source."""
        url = "https://x.org/r?FBCLID=1&UTM_Source=mail&Ref=tw&keep=1"
        assert normalise_url(url) == "https://x.org/r?keep=1"

    def test_every_utm_parameter_is_dropped(self):
        """utm_source, utm_medium, utm_campaign and any other utm_ name go."""
        url = "https://x.org/r?utm_source=a&utm_medium=b&utm_campaign=c&utm_whatever=d&q=1"
        assert normalise_url(url) == "https://x.org/r?q=1"

    def test_other_parameters_keep_their_order_and_blank_values(self):
        """Parameters that pick the document stay, as written, even when empty."""
        assert normalise_url("https://x.org/r?b=2&a=&c=3") == "https://x.org/r?b=2&a=&c=3"

    def test_parameters_that_only_look_like_tracking_stay(self):
        """`reference` and `my_utm_tag` are not tracking parameters."""
        url = "https://x.org/r?reference=9&my_utm_tag=1"
        assert normalise_url(url) == url

    def test_address_with_only_tracking_has_no_query(self):
        """Dropping every parameter leaves no dangling question mark."""
        assert normalise_url("https://x.org/r?utm_source=a&gclid=b") == "https://x.org/r"

    @pytest.mark.parametrize(
        "bad", ["ftp://x.org/file", "javascript:alert(1)", "x.org/report", "", "https://"]
    )
    def test_non_web_addresses_are_refused_with_a_clear_message(self, bad):
        """Only http and https addresses can be cited."""
        with pytest.raises(ValidationError) as caught:
            normalise_url(bad)
        assert caught.value.messages == [
            "Enter a full web address starting with http:// or https://."
        ]
        assert caught.value.code == "invalid_url"

    def test_address_with_a_user_name_is_refused(self):
        """A user name (and so a password) in a cited link is refused."""
        with pytest.raises(ValidationError) as caught:
            normalise_url("https://alice:secret@x.org/report")
        assert caught.value.messages == ["Web addresses with a user name are not accepted."]
        assert caught.value.code == "invalid_url"


@pytest.mark.django_db
class TestSourceForUrl:
    def test_host_with_and_without_a_slash_is_one_source(self):
        """x.org and x.org/ are the same document, stored once."""
        first, created_first = source_for_url("https://x.org")
        second, created_second = source_for_url("https://X.org/")
        assert (first.pk, created_first, created_second) == (second.pk, True, False)
        assert list(Source.objects.values_list("url", flat=True)) == ["https://x.org/"]

    def test_tracking_variant_reuses_the_source(self):
        """A link shared with tracking tags is the source already cited."""
        first, _ = source_for_url("https://x.org/r?id=1")
        second, created = source_for_url("https://x.org/r?id=1&utm_source=tw&fbclid=9#top")
        assert (second.pk, created) == (first.pk, False)
        assert Source.objects.count() == 1

    def test_new_source_gets_its_details(self):
        """Details given with a new address are stored on it."""
        source, created = source_for_url(
            "https://stats.example.org/r", title="Report", publisher="Office", kind="official"
        )
        source.refresh_from_db()
        assert created is True
        assert (source.url, source.title, source.publisher, source.kind) == (
            "https://stats.example.org/r",
            "Report",
            "Office",
            "official",
        )

    def test_empty_details_are_filled_in_and_written_ones_kept(self):
        """A second citation fills blanks but never overwrites another reviewer's details."""
        source_for_url("https://x.org/r", title="First title")
        source, created = source_for_url(
            "https://x.org/r",
            title="Second title",
            publisher="Wire",
            published_on=datetime.date(2024, 5, 1),
        )
        source = Source.objects.get(pk=source.pk)
        assert created is False
        assert (source.title, source.publisher, source.published_on) == (
            "First title",
            "Wire",
            datetime.date(2024, 5, 1),
        )

    def test_blank_details_do_not_erase_written_ones(self):
        """Citing again without details leaves the stored ones as they were."""
        source_for_url(
            "https://x.org/r",
            title="Title",
            publisher="Wire",
            published_on=datetime.date(2024, 1, 2),
        )
        source, _ = source_for_url("https://x.org/r", title="", publisher="", published_on=None)
        source = Source.objects.get(pk=source.pk)
        assert (source.title, source.publisher, source.published_on) == (
            "Title",
            "Wire",
            datetime.date(2024, 1, 2),
        )

    def test_an_archive_address_must_be_a_web_address_too(self):
        """An archived copy is a link readers follow, so it is held to the same rule."""
        with pytest.raises(ValidationError):
            source_for_url("https://x.org/r", archive_url="javascript:alert(1)")
        assert not Source.objects.exists()

    def test_a_blank_reliability_takes_the_publishers(self):
        Publisher.objects.create(domain="x.org", reliability="high")
        source, _ = source_for_url("https://x.org/r", reliability="")
        assert Source.objects.get(pk=source.pk).reliability == "high"

    def test_filling_blanks_writes_only_the_blanks(self, monkeypatch):
        """A check that finishes between the read and the save keeps what it found."""
        source_for_url("https://x.org/r")
        read = Source.objects.get_or_create

        def read_then_checked(**kwargs):
            found = read(**kwargs)
            Source.objects.filter(pk=found[0].pk).update(link_status="broken")
            return found

        monkeypatch.setattr(Source.objects, "get_or_create", read_then_checked)
        source, _ = source_for_url("https://x.org/r", title="Report")
        stored = Source.objects.get(pk=source.pk)
        assert (stored.title, stored.link_status) == ("Report", "broken")

    def test_invalid_address_writes_nothing(self):
        """A refused address leaves no row behind."""
        with pytest.raises(ValidationError):
            source_for_url("ftp://x.org/file", title="Nope")
        assert not Source.objects.exists()


class TestIPv6Addresses:
    @pytest.mark.parametrize(
        ("url", "stored"),
        [
            ("http://[::1]/x", "http://[::1]/x"),
            ("https://[2001:DB8::1]:8443/a?b=1", "https://[2001:db8::1]:8443/a?b=1"),
            ("http://[::1]:80/", "http://[::1]/"),
        ],
    )
    def test_an_ipv6_host_keeps_its_brackets(self, url, stored):
        """Without them the stored address would not be a URL at all."""
        assert normalise_url(url) == stored


class TestPorts:
    def test_a_port_above_65535_is_refused_saying_so(self):
        with pytest.raises(ValidationError) as refusal:
            normalise_url("http://x.org:70000/a")
        assert refusal.value.messages == [
            "The port of this web address is not a number from 1 to 65535."
        ]
        assert refusal.value.code == "invalid_url"

    @pytest.mark.django_db
    def test_the_evidence_form_names_the_bad_port_instead_of_failing(self, client, reviewer):
        claim = researching(reviewer)
        client.force_login(reviewer)
        response = client.post(
            reverse("claims:evidence_create", args=[claim.pk]),
            {"url": "http://x.org:70000/a", "kind": "news", "reliability": "high"}
            | {"stance": "supports"},
        )
        assert response.status_code == 400
        assert "not a number from 1 to 65535" in response.content.decode()
        assert not Source.objects.exists()
