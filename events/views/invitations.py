"""Invitations to the reviewers' and working group's groups: sent by coordinators, opened
by the person invited."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.services import invitations
from network.models import User


class InvitationForm(forms.Form):
    emails = forms.CharField(
        label=gettext_lazy("Adresses e-mail"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("Une par ligne, 200 au plus."),
    )
    group = forms.ChoiceField(label=gettext_lazy("Groupe"))

    def __init__(self, *args: Any, by: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [(g, g) for g in invitations.invitable_groups(by)]  # type: ignore[attr-defined]

    def clean_emails(self) -> list[str]:
        emails = [line.strip() for line in self.cleaned_data["emails"].splitlines() if line.strip()]
        if len(emails) > 200:
            raise forms.ValidationError(_("200 adresses au plus."))
        for email in emails:
            try:
                validate_email(email)
            except ValidationError:
                raise forms.ValidationError(
                    _("« %(email)s » n'est pas une adresse e-mail.") % {"email": email}
                ) from None
        return emails


@staff_member_required
def group_invite(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not isinstance(user, User) or not user.has_perm("network.change_user"):
        raise PermissionDenied
    form = InvitationForm(request.POST or None, by=user)
    if request.method == "POST" and form.is_valid():
        count = invitations.invite_to_group(
            emails=form.cleaned_data["emails"], group=form.cleaned_data["group"], by=user
        )
        messages.success(request, _("%(count)d invitation(s) envoyée(s).") % {"count": count})
        return redirect("group-invite")
    context = {**admin.site.each_context(request), "title": _("Inviter des personnes")}
    return render(request, "admin/events/group_invite.html", {**context, "form": form})


def group_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Anyone may open the link; joining needs the account of the invited address."""
    try:
        email, group = invitations.read_invitation(token)
        if request.method == "POST" and isinstance(request.user, User):
            invitations.accept_group_invitation(token=token, by=request.user)
            messages.success(request, _("Vous avez rejoint « %(group)s ».") % {"group": group})
            return redirect("home")
    except ValidationError as error:
        context = {"error": error.messages[0]}
        return render(request, "events/group_invitation.html", context, status=400)
    context = {"email": email, "group": group, "next": request.path}
    return render(request, "events/group_invitation.html", context)
