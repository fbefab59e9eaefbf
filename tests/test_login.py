"""Logging in and out, and the lockout after repeated failures."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from factcheck.addresses import login_address

pytestmark = pytest.mark.django_db


def attempt(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_login_and_logout(client, reviewer):
    response = attempt(client, "rita", "correct horse battery")
    assert response.status_code == 302 and response.url == reverse("claims:dashboard")
    page = client.get(reverse("claims:dashboard")).content.decode()
    assert "rita" in page and "Reviewer" in page
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("claims:dashboard")).status_code == 302


def test_wrong_password_says_so(client, reviewer):
    response = attempt(client, "rita", "wrong")
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_five_failures_lock_the_account_with_a_message(client, reviewer):
    for _ in range(4):
        assert attempt(client, "rita", "wrong").status_code == 200
    locked = attempt(client, "rita", "wrong")
    assert locked.status_code == 429
    assert "locked after 5 failed log-in attempts" in locked.content.decode()
    # Even the right password is refused during the cool-off.
    again = attempt(client, "rita", "correct horse battery")
    assert again.status_code == 429
    assert client.get(reverse("claims:dashboard")).status_code == 302


def test_lockout_of_one_account_leaves_others_alone(client, reviewer, editor):
    for _ in range(5):
        attempt(client, "rita", "wrong")
    assert attempt(client, "edna", "correct horse battery").status_code == 302


NEWSROOM = "192.0.2.10"
OUTSIDER = "203.0.113.9"


def attempt_from(client, address, username, password, **headers):
    form = {"username": username, "password": password}
    return client.post(reverse("login"), form, REMOTE_ADDR=address, **headers)


def lock_out(client, address, username):
    for _ in range(5):
        response = attempt_from(client, address, username, "wrong")
    assert response.status_code == 429


class TestLockoutIsPerAddress:
    def test_failures_from_outside_do_not_lock_the_newsroom_out(self, client, editor):
        """An outsider guessing an editor's password locks only their own address."""
        lock_out(client, OUTSIDER, "edna")
        assert attempt_from(client, OUTSIDER, "edna", "correct horse battery").status_code == 429
        response = attempt_from(client, NEWSROOM, "edna", "correct horse battery")
        assert response.status_code == 302 and response.url == reverse("claims:dashboard")

    def test_one_locked_username_leaves_colleagues_at_the_same_address_alone(
        self, client, reviewer, editor
    ):
        """The newsroom shares one address: locking one account there locks no one else."""
        lock_out(client, NEWSROOM, "rita")
        assert attempt_from(client, NEWSROOM, "edna", "correct horse battery").status_code == 302

    def test_failures_spread_over_addresses_do_not_add_up(self, client, reviewer):
        """Each address has its own count, so four from each of two never lock."""
        for address in (OUTSIDER, NEWSROOM):
            for _ in range(4):
                assert attempt_from(client, address, "rita", "wrong").status_code == 200
        assert sorted(AccessAttempt.objects.values_list("ip_address", "failures_since_start")) == [
            (NEWSROOM, 4),
            (OUTSIDER, 4),
        ]


class TestCoolOff:
    def test_attempts_while_locked_do_not_extend_the_lock(self, client, reviewer):
        """The lock ends 15 minutes after the failure that set it, however often one retries."""
        lock_out(client, OUTSIDER, "rita")
        fourteen_minutes_ago = timezone.now() - timedelta(minutes=14)
        AccessAttempt.objects.update(attempt_time=fourteen_minutes_ago)
        for password in ("wrong", "correct horse battery"):
            assert attempt_from(client, OUTSIDER, "rita", password).status_code == 429
        stored = AccessAttempt.objects.get()
        assert (stored.attempt_time, stored.failures_since_start) == (fourteen_minutes_ago, 5)
        AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=2))
        assert attempt_from(client, OUTSIDER, "rita", "correct horse battery").status_code == 302

    def test_the_lock_holds_for_the_whole_cool_off(self, client, reviewer):
        """Fourteen minutes on, the right password is still refused from that address."""
        lock_out(client, OUTSIDER, "rita")
        almost_over = timezone.now() - timedelta(minutes=14, seconds=50)
        AccessAttempt.objects.update(attempt_time=almost_over)
        assert attempt_from(client, OUTSIDER, "rita", "correct horse battery").status_code == 429


class TestBehindTheProxy:
    PROXY = "10.0.0.2"

    def test_the_address_our_proxy_saw_is_counted(self, client, reviewer, editor, settings):
        """Behind the proxy every request comes from it: the client is its last forwarded hop."""
        settings.BEHIND_TLS_PROXY = True
        for _ in range(5):
            attempt_from(
                client, self.PROXY, "edna", "wrong", HTTP_X_FORWARDED_FOR=f"{NEWSROOM}, {OUTSIDER}"
            )
        assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [OUTSIDER]
        # The forged left-hand entry named the newsroom; the newsroom can still log in.
        response = attempt_from(
            client, self.PROXY, "edna", "correct horse battery", HTTP_X_FORWARDED_FOR=NEWSROOM
        )
        assert response.status_code == 302


class TestLoginAddress:
    @pytest.mark.parametrize(
        ("remote", "forwarded", "behind_proxy", "counted"),
        [
            ("192.0.2.10", "", False, "192.0.2.10"),
            ("192.0.2.10", "198.51.100.1", False, "192.0.2.10"),
            ("10.0.0.2", "198.51.100.1, 203.0.113.9", True, "203.0.113.9"),
            ("10.0.0.2", " 203.0.113.9 ", True, "203.0.113.9"),
            ("10.0.0.2", "", True, "10.0.0.2"),
            ("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "", False, "2001:db8:1:2::"),
            ("::ffff:192.0.2.10", "", False, "192.0.2.10"),
            ("not an address", "", False, None),
            ("10.0.0.2", "unknown", True, None),
        ],
        ids=[
            "peer",
            "forwarded-ignored-without-proxy",
            "last-forwarded-hop",
            "spaces",
            "proxy-sent-none",
            "ipv6-network",
            "ipv4-mapped",
            "junk",
            "junk-forwarded",
        ],
    )
    def test_address(self, rf, settings, remote, forwarded, behind_proxy, counted):
        """What the lockout counts for each way a request can arrive."""
        settings.BEHIND_TLS_PROXY = behind_proxy
        request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
        assert login_address(request) == counted


class TestAdminClearsLockouts:
    @pytest.fixture
    def admin(self, staff):
        admin = Client()
        admin.force_login(staff)
        return admin

    def test_admin_lists_who_is_locked_out_from_where_and_until_when(self, client, admin, reviewer):
        lock_out(client, NEWSROOM, "rita")
        ends = timezone.localtime(AccessAttempt.objects.get().attempt_time + timedelta(minutes=15))
        page = admin.get(reverse("admin:axes_accessattempt_changelist") + "?locked_out=yes")
        assert page.status_code == 200
        text = page.content.decode()
        assert "rita" in text and NEWSROOM in text
        assert f"Locked until {ends:%H:%M %Z}" in text

    def test_admin_shows_attempts_left_and_expired_locks(self, client, admin, reviewer, editor):
        attempt_from(client, NEWSROOM, "rita", "wrong")
        lock_out(client, OUTSIDER, "edna")
        AccessAttempt.objects.filter(username="edna").update(
            attempt_time=timezone.now() - timedelta(minutes=16)
        )
        text = admin.get(reverse("admin:axes_accessattempt_changelist")).content.decode()
        assert "4 attempts left" in text and "Lock expired" in text

    def test_unlocking_in_the_admin_lets_the_person_in(self, client, admin, reviewer):
        """Clearing the entry ends the lockout at once, and says whom it unlocked."""
        lock_out(client, NEWSROOM, "rita")
        response = admin.post(
            reverse("admin:axes_accessattempt_changelist"),
            {"action": "unlock", "_selected_action": [AccessAttempt.objects.get().pk]},
            follow=True,
        )
        assert f"Unlocked rita from {NEWSROOM}." in response.content.decode()
        assert not AccessAttempt.objects.exists()
        assert attempt_from(client, NEWSROOM, "rita", "correct horse battery").status_code == 302
