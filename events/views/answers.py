"""Files given in answer to a call's questions, for the people allowed to read them."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

from events import services
from events.views.access import logged_in_user
from network.storage import serve_file


@login_required
def answer_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    answer = services.readable_answer(pk, by=logged_in_user(request))
    if answer is None or not answer.file:
        raise Http404
    return serve_file(request, answer.file, f"reponse-{answer.pk}.pdf")
