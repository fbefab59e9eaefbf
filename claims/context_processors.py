"""Template variables every page needs: the signed-in user's role."""

from claims.roles import is_editor, is_reviewer, role_label


def roles(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "user_is_editor": is_editor(user),
        "user_is_reviewer": is_reviewer(user),
        "user_role": role_label(user),
    }
