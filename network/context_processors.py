from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language


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
    """What the navigation needs to know of the person, from their permissions (a group gives
    them; a permission given directly counts the same); asked only when a page uses it."""
    user = request.user
    return {
        "is_reviewer": SimpleLazyObject(lambda: user.has_perm("events.review_submission")),
        "is_working_group": SimpleLazyObject(lambda: user.has_perm("experiences.assess_response")),
    }
