from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from network.permissions import REVIEWERS


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
    """What the navigation needs to know of the person; asked only when a page uses it."""
    user = request.user

    def reviewer() -> bool:
        return bool(user.is_authenticated and user.groups.filter(name=REVIEWERS).exists())

    return {"is_reviewer": SimpleLazyObject(reviewer)}
