"""Roles: who counts as an editor or reviewer, the label a page shows, and who can be assigned."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group

from claims.roles import assignable_users, is_editor, is_reviewer, resolve_assignee, role_label
from tests.factories import EditorFactory, ReviewerFactory, UserFactory

pytestmark = pytest.mark.django_db


class TestRoleChecks:
    def test_anonymous_visitor_is_neither_editor_nor_reviewer(self):
        """Someone not logged in holds no role."""
        visitor = AnonymousUser()
        assert (is_editor(visitor), is_reviewer(visitor)) == (False, False)

    def test_deactivated_editor_loses_every_role(self):
        """An editor whose account is switched off can no longer edit or review."""
        editor = EditorFactory(is_active=False)
        assert (is_editor(editor), is_reviewer(editor)) == (False, False)

    def test_deactivated_reviewer_loses_the_reviewer_role(self):
        """A reviewer whose account is switched off can no longer review."""
        reviewer = ReviewerFactory(is_active=False)
        assert is_reviewer(reviewer) is False

    def test_deactivated_superuser_is_not_an_editor(self):
        """Superuser rights end with the account."""
        admin = UserFactory(is_superuser=True, is_staff=True, is_active=False)
        assert (is_editor(admin), is_reviewer(admin)) == (False, False)

    def test_user_without_a_group_has_no_role(self):
        """Being logged in is not a role."""
        user = UserFactory()
        assert (is_editor(user), is_reviewer(user)) == (False, False)


class TestRoleLabel:
    @pytest.mark.parametrize(
        ("make_user", "label"),
        [
            (lambda: UserFactory(is_superuser=True, is_staff=True), "Admin"),
            (lambda: EditorFactory(), "Editor"),
            (lambda: EditorFactory(is_staff=True), "Editor"),
            (lambda: ReviewerFactory(), "Reviewer"),
            (lambda: ReviewerFactory(is_staff=True), "Reviewer"),
            (lambda: UserFactory(is_staff=True), "Staff"),
            (lambda: UserFactory(), "Reader"),
        ],
        ids=[
            "superuser",
            "editor",
            "staff-editor",
            "reviewer",
            "staff-reviewer",
            "staff",
            "reader",
        ],
    )
    def test_each_kind_of_user_gets_its_label(self, make_user, label):
        """The header names the user's highest role, exactly as written."""
        assert role_label(make_user()) == label


class TestAssignableUsers:
    def test_reviewers_editors_and_superusers_but_not_others(self):
        """The assignee list holds active reviewers, editors and superusers, by username."""
        ReviewerFactory(username="rev")
        EditorFactory(username="edi")
        UserFactory(username="boss", is_superuser=True)
        UserFactory(username="plain")
        UserFactory(username="clerk", is_staff=True)
        ReviewerFactory(username="gone", is_active=False)
        names = list(assignable_users().values_list("username", flat=True))
        assert names == ["boss", "edi", "rev"]

    def test_a_user_in_both_groups_is_listed_once(self):
        """Belonging to two groups does not list a person twice."""
        both = EditorFactory(username="both")
        # get_or_create: a browser test's flush may have emptied the migration's groups.
        both.groups.add(Group.objects.get_or_create(name="Reviewers")[0])
        assert list(assignable_users().values_list("username", flat=True)) == ["both"]


class TestResolveAssignee:
    def test_me_is_the_current_user(self):
        """The value "me" names whoever is asking."""
        me = ReviewerFactory()
        assert resolve_assignee("me", me=me) == me

    def test_nobody_means_unassigned(self):
        """The value "nobody" unassigns, even when a user is called nobody."""
        ReviewerFactory(username="nobody")
        assert resolve_assignee("nobody", me=ReviewerFactory()) is None

    def test_username_names_that_reviewer(self):
        """Any other value is a reviewer's username."""
        rita = ReviewerFactory(username="rita")
        assert resolve_assignee("rita", me=EditorFactory()) == rita

    def test_unknown_username_is_refused_by_name(self):
        """A name that is no reviewer is refused with a message naming it."""
        UserFactory(username="plain")
        with pytest.raises(LookupError) as caught:
            resolve_assignee("plain", me=EditorFactory())
        assert str(caught.value) == "No reviewer called plain."

    @pytest.mark.parametrize(
        ("value", "named"),
        [("ri\x00ta", "ri\x00ta"), ("r" * 100_000, "r" * 40)],
        ids=["nul", "huge"],
    )
    def test_a_hostile_name_is_refused_like_any_unknown_one(self, value, named):
        """A NUL byte (which PostgreSQL refuses in a query) or a huge name finds nobody, and
        the message quotes at most 40 characters of it."""
        ReviewerFactory(username="rita")
        with pytest.raises(LookupError) as caught:
            resolve_assignee(value, me=EditorFactory())
        assert str(caught.value) == f"No reviewer called {named}."
