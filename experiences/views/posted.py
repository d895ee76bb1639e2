"""What a view binds its form to."""

from __future__ import annotations

from django.http import HttpRequest, QueryDict


def posted(request: HttpRequest) -> QueryDict | None:
    """The posted fields on a POST, even none (a JSON, XML or text body gives an empty
    form that validates, with its errors), and None otherwise (an unbound form).

    Never ``request.POST or None``: that leaves a form posted without fields unbound, and
    an unbound form has no ``cleaned_data`` for ``add_error`` or the service to read."""
    return request.POST if request.method == "POST" else None
