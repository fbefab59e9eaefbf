"""Logging in and out, and the lockout after repeated failures."""

import pytest
from django.urls import reverse

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
