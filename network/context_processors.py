from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from network.permissions import REVIEWERS, WORKING_GROUP


def languages(request: HttpRequest) -> dict[str, object]:
    """Links to the current page in every other language, for the language switch."""
    current = get_language()
    path = request.get_full_path()
    return {
        "language_links": [
            {"code": code, "name": name, "url": translate_url(path, code)}
            for code, name in settings.LANGUAGES
            if code != current
        ]
    }


def roles(request: HttpRequest) -> dict[str, object]:
    """What the navigation needs to know of the person; asked (once) only when a page uses it."""
    user = request.user

    def group_names() -> frozenset[str]:
        if not user.is_authenticated:
            return frozenset()
        return frozenset(user.groups.values_list("name", flat=True))

    names = SimpleLazyObject(group_names)
    return {
        "is_reviewer": SimpleLazyObject(lambda: REVIEWERS in names),
        "is_working_group": SimpleLazyObject(lambda: WORKING_GROUP in names),
    }
