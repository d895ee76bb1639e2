"""Who is asking: the checks the events views share."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from events import services
from network.models import User


def logged_in_user(request: HttpRequest) -> User:
    """The logged-in person, whoever they are (views using it are behind ``login_required``)."""
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


def reviewer(request: HttpRequest) -> User:
    """The logged-in person, if they may review submissions."""
    user = logged_in_user(request)
    if not services.is_reviewer(user):
        raise PermissionDenied
    return user
