"""Who may do what: the two groups of the design and the checks on them."""

from django.contrib.auth.base_user import AbstractBaseUser

# The person a service acts for: recorded on every audit event it writes.
type Actor = AbstractBaseUser

REVIEWERS = "Reviewers"
EDITORS = "Editors"


def _group_names(user) -> set[str]:
    # Cached on the user object: role checks run many times per page.
    if not hasattr(user, "_factcheck_groups"):
        user._factcheck_groups = set(user.groups.values_list("name", flat=True))
    return user._factcheck_groups


def is_editor(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or EDITORS in _group_names(user)


def is_reviewer(user) -> bool:
    """Reviewers work claims; editors can do everything reviewers can."""
    if not user.is_authenticated or not user.is_active:
        return False
    return is_editor(user) or REVIEWERS in _group_names(user)


def role_label(user) -> str:
    if is_editor(user):
        return "Admin" if user.is_superuser else "Editor"
    if is_reviewer(user):
        return "Reviewer"
    if user.is_staff:
        return "Staff"
    return "Reader"


def assignable_users():
    """Everyone a claim can be assigned to: active members of either group, and superusers."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    return (
        get_user_model()
        .objects.filter(Q(groups__name__in=[REVIEWERS, EDITORS]) | Q(is_superuser=True))
        .filter(is_active=True)
        .distinct()
        .order_by("username")
    )


def resolve_assignee(value: str, *, me):
    """The user an assignee form field names: "me", "nobody" (None), or a username.

    Raises LookupError naming the value when there is no such active user.
    """
    if value == "me":
        return me
    if value == "nobody":
        return None
    # No username holds a NUL, and PostgreSQL refuses one in a query rather than finding none.
    user = None if "\x00" in value else assignable_users().filter(username=value).first()
    if user is None:
        raise LookupError(f"No reviewer called {value[:40]}.")
    return user
