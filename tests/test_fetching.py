"""The fetcher: schemes, the address policy on every hop, redirects, time and size limits."""

import pytest

from claims.fetching import FetchBlocked, FetchBroken, FetchPolicy, fetch
from claims.fetching.addresses import address_refusal
from claims.fetching.readable import readable
from tests.web_server import ARTICLE_HTML, pdf_document


class TestEntry:
    @pytest.mark.parametrize(
        ("url", "scheme"),
        [
            ("file:///etc/passwd", "file"),
            ("ftp://example.org/x", "ftp"),
            ("javascript:alert(1)", "javascript"),
        ],
    )
    def test_other_schemes_are_refused_before_any_connection(self, url, scheme):
        with pytest.raises(FetchBlocked) as refusal:
            fetch(url)
        assert refusal.value.reason == (
            f"{scheme}: addresses are not fetched; only http:// and https:// are."
        )

    def test_an_address_without_a_scheme_is_refused(self):
        with pytest.raises(FetchBlocked, match="must start with http:// or https://"):
            fetch("example.org/report")


class TestAddressPolicy:
    @pytest.mark.parametrize(
        ("ip", "words"),
        [
            ("127.0.0.1", "loopback"),
            ("::1", "loopback"),
            ("10.1.2.3", "private-network"),
            ("192.168.0.10", "private-network"),
            ("172.16.5.4", "private-network"),
            ("169.254.169.254", "link-local address (where cloud metadata"),
            ("fe80::1", "link-local"),
            ("224.0.0.1", "multicast"),
            ("ff02::1", "multicast"),
            ("0.0.0.0", "unspecified"),
            ("240.0.0.1", "reserved"),
            ("::ffff:127.0.0.1", "loopback"),
            ("fd00::1", "private-network"),
            ("100.64.0.1", "not a public internet address"),
        ],
    )
    def test_internal_addresses_are_named(self, ip, words):
        assert words in address_refusal(ip)

    @pytest.mark.parametrize("ip", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"])
    def test_public_addresses_pass(self, ip):
        assert address_refusal(ip) is None

    def test_loopback_server_is_refused_with_the_setting_off(self, settings, web):
        settings.FETCH_ALLOW_PRIVATE_NETWORKS = False
        url = web.page("/a", ARTICLE_HTML)
        with pytest.raises(FetchBlocked) as refusal:
            fetch(url)
        assert refusal.value.reason == (
            "127.0.0.1 leads to 127.0.0.1 is a loopback address (this machine itself); the desk "
            "does not fetch from private or internal networks."
        )
        assert web.requests == []

    def test_redirect_to_loopback_is_refused_on_that_hop(self, public_web):
        url = public_web.redirect("/go", "http://127.0.0.1:9/admin", 302)
        with pytest.raises(FetchBlocked) as refusal:
            fetch(url)
        assert "loopback address" in refusal.value.reason
        assert refusal.value.url == "http://127.0.0.1:9/admin"
        assert [hop.url for hop in refusal.value.redirects] == [url]

    def test_redirect_to_cloud_metadata_is_refused(self, public_web):
        url = public_web.redirect("/meta", "http://169.254.169.254/latest/meta-data/", 301)
        with pytest.raises(FetchBlocked, match="169.254.169.254 is a link-local address"):
            fetch(url)

    def test_redirect_to_another_scheme_is_refused(self, web):
        url = web.redirect("/ftp", "ftp://example.org/file", 302)
        with pytest.raises(
            FetchBlocked, match="redirects to ftp://example.org/file. ftp: addresses"
        ):
            fetch(url)

    def test_a_public_server_is_read(self, public_web):
        url = public_web.page("/a", ARTICLE_HTML)
        assert fetch(url).status_code == 200

    def test_an_unknown_host_is_broken_not_blocked(self):
        with pytest.raises(FetchBroken, match="nowhere.invalid, could not be found"):
            fetch("http://nowhere.invalid/")


class TestResponses:
    def test_html_page_with_its_details(self, web):
        url = web.page("/article", ARTICLE_HTML)
        fetched = fetch(url)
        assert (fetched.status_code, fetched.final_url, fetched.redirects) == (200, url, ())
        assert fetched.body == ARTICLE_HTML.encode()
        assert fetched.mime_type == "text/html"
        assert dict(fetched.headers)["Content-Length"] == str(len(ARTICLE_HTML.encode()))
        assert fetched.duration > 0

    def test_user_agent_names_the_organisation(self, web):
        fetch(web.page("/ua", "hi", "text/plain"))
        assert web.requests[0][1]["User-Agent"].startswith("FactcheckDesk/1.0 (+https://")
        assert "Factcheck Desk" in web.requests[0][1]["User-Agent"]

    @pytest.mark.parametrize("code", [301, 302, 307])
    def test_redirects_are_followed_and_recorded(self, web, code):
        final = web.page("/final", ARTICLE_HTML)
        middle = web.redirect("/middle", "/final", code)
        start = web.redirect("/start", middle, 301)
        fetched = fetch(start)
        assert fetched.final_url == final
        assert [(hop.url, hop.status_code) for hop in fetched.redirects] == [
            (start, 301),
            (middle, code),
        ]

    def test_a_redirect_loop_is_broken(self, web):
        web.redirect("/a", "/b")
        url = web.redirect("/b", "/a")
        with pytest.raises(FetchBroken, match="redirects in a loop"):
            fetch(url)

    def test_one_redirect_too_many_is_blocked(self, web, settings):
        settings.FETCH_MAX_REDIRECTS = 2
        web.page("/3", "end", "text/plain")
        for n in range(3):
            web.redirect(f"/{n}", f"/{n + 1}")
        assert fetch(web.url("/1")).body == b"end"
        with pytest.raises(FetchBlocked) as refusal:
            fetch(web.url("/0"))
        assert refusal.value.reason == (
            "The address redirects more than 2 times; the desk stops following there."
        )

    @pytest.mark.parametrize(
        ("code", "words"), [(404, "404 Not Found"), (500, "500 Internal Server Error")]
    )
    def test_http_errors_are_broken_with_their_status(self, web, code, words):
        url = web.status(f"/{code}", code)
        with pytest.raises(FetchBroken) as failure:
            fetch(url)
        assert failure.value.reason == f"The site answered {words}."
        assert failure.value.status_code == code

    def test_a_slow_body_stops_at_the_timeout(self, web):
        url = web.slow("/slow", 0.2)
        with pytest.raises(FetchBroken, match="longer than 1 seconds"):
            fetch(url, FetchPolicy(allow_private_networks=True, timeout=1))

    def test_a_declared_size_over_the_cap_is_not_downloaded(self, web):
        url = web.endless("/big", declare_length=True, size=30 * 1024 * 1024)
        with pytest.raises(FetchBlocked) as refusal:
            fetch(url)
        assert refusal.value.reason == (
            "The document is 30 MB, over the 25 MB limit; it was not downloaded."
        )

    def test_an_undeclared_body_over_the_cap_stops_the_download(self, web):
        url = web.endless("/stream")
        policy = FetchPolicy(allow_private_networks=True, max_bytes=1024 * 1024)
        with pytest.raises(FetchBlocked) as refusal:
            fetch(url, policy)
        assert refusal.value.reason == (
            "The document is larger than the 1 MB limit; the download was stopped."
        )


class TestReadable:
    def test_html_main_text_and_metadata(self):
        result = readable(
            ARTICLE_HTML.encode(), "text/html; charset=utf-8", "https://wire.example/a"
        )
        assert "About 10,000 soldiers have been sent" in result.text
        assert "Home | World" not in result.text
        assert result.title == "Troops sent north, agency says"
        assert result.publisher == "Local Wire"
        assert str(result.published_on) == "2026-10-21"

    def test_pdf_text_and_title(self):
        result = readable(pdf_document("Troop numbers rose to 10000 in October"), "application/pdf")
        assert result.text == "Troop numbers rose to 10000 in October"
        assert result.title == "Annual report"

    def test_plain_text_in_its_charset(self):
        assert readable("Özel".encode("latin-1"), "text/plain; charset=latin-1").text == "Özel"

    def test_a_damaged_pdf_has_no_text(self):
        assert readable(b"%PDF-1.4 nonsense", "application/pdf").text == ""

    def test_an_image_has_no_text(self):
        assert readable(b"\x89PNG....", "image/png").text == ""
