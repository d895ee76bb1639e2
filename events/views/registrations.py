"""Registration to an event, without an account: the form, then the mailed links to confirm
and to cancel."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events import services
from events.forms import RegistrationForm
from events.models import Event, Registration
from network import pagecache
from network.ratelimit import allow, client_address

HOUR = 3600
REGISTRATIONS_PER_HOUR = 20  # per connection: a team behind one address still fits
SENT_MESSAGE = gettext_lazy(
    "Presque fini : confirmez votre inscription avec le lien du courriel envoyé à cette "
    "adresse. Elle ne prend une place qu'une fois confirmée."
)


def registration_new(request: HttpRequest, slug: str) -> HttpResponse:
    """The same answer whether or not the address was registered: the mail tells."""
    event = get_object_or_404(Event.objects.published(), slug=slug)
    form = RegistrationForm(request.POST if request.method == "POST" else None)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        if not allow(
            "event-registration", client_address(request), limit=REGISTRATIONS_PER_HOUR, window=HOUR
        ):
            form.add_error(
                None, _("Trop d'inscriptions depuis votre connexion : réessayez dans une heure.")
            )
            status = 429
        else:
            try:
                services.register_attendee(event, **form.registration())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.info(request, str(SENT_MESSAGE))
                return redirect(event)
    open_now = event.registration_open and not event.is_past()
    context = {"event": event, "form": form, "open": open_now}
    if not form.is_bound:  # the empty form: the same page for everyone but the CSRF token
        return pagecache.render_for_everyone(request, "events/registration_form.html", context)
    return render(request, "events/registration_form.html", context, status=status)


def registration_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The mailed link: a page with one button (a link opened by a mail scanner confirms
    nothing)."""
    registration = services.registration_to_confirm(token)
    error = None
    if registration is not None and request.method == "POST":
        try:
            registration = services.confirm_registration(registration)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(request, _confirmed_message(registration))
            return redirect(registration.event)
    return render(
        request,
        "events/registration_confirm.html",
        {"registration": registration, "error": error},
        status=(410 if registration is None else 400 if request.method == "POST" else 200),
    )


def _confirmed_message(registration: Registration) -> str:
    if registration.status == Registration.Status.WAITING:
        return _("Événement complet : vous êtes sur la liste d'attente (courriel envoyé).")
    if registration.status == Registration.Status.CANCELLED:
        return _("Cette inscription est annulée : inscrivez-vous de nouveau si vous le souhaitez.")
    return _("Vous êtes inscrit. Un courriel de confirmation vous est envoyé.")


def registration_cancel(request: HttpRequest, token: str) -> HttpResponse:
    """The mailed cancel link; once the event is over it shows only that."""
    registration = services.registration_from_token(token)
    if registration is None:
        raise Http404
    past = registration.event.is_past()
    if request.method == "POST" and not past:
        try:
            services.cancel_registration(registration)
        except services.RegistrationRefused:
            past = True  # it ended between the page and the click
        else:
            messages.success(request, _("Votre inscription est annulée."))
            return redirect(registration.event)
    return render(
        request,
        "events/registration_cancel.html",
        {"registration": registration, "past": past, "past_message": services.PAST_EVENT_MESSAGE},
        status=400 if request.method == "POST" else 200,
    )
