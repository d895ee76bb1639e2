from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from network.ratelimit import client_address
from pages import services
from pages.forms import ContactForm
from pages.models import Page

CONTACT = "contact"
SITE_MAP = "plan-du-site"


def page_detail(request: HttpRequest, slug: str) -> HttpResponse:
    page = get_object_or_404(Page, slug=slug)
    return render(request, "pages/page_detail.html", {"page": page})


def contact(request: HttpRequest) -> HttpResponse:
    """The contact form. Whatever happens to a valid message (sent, dropped as spam, over
    the limits), the visitor sees the same confirmation: the form relays no abuse."""
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.send_contact_message(
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
            subject=form.cleaned_data["subject"],
            message=form.cleaned_data["message"],
            client=client_address(request),
            spam=form.is_spam(),
        )
        return redirect("contact-sent")
    intro = Page.objects.filter(slug=CONTACT).first()
    return render(
        request,
        "pages/contact.html",
        {"form": form, "intro": intro},
        status=400 if request.method == "POST" else 200,
    )


def contact_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/contact_sent.html")


def site_map(request: HttpRequest) -> HttpResponse:
    """The plan du site: every section of the site and every information page."""
    pages = list(Page.objects.exclude(slug__in=[CONTACT, SITE_MAP]).only("slug", "title"))
    intro = next((p for p in Page.objects.filter(slug=SITE_MAP)), None)
    return render(request, "pages/site_map.html", {"pages": pages, "intro": intro})


@require_GET
@cache_control(max_age=3600, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    private = ["admin", "comptes", "propositions", "relecture", "experiences/reponse"]
    private.append("experiences/groupe-de-travail")
    lines = ["User-agent: *"]
    for prefix in ("", "/en"):
        lines += [f"Disallow: {prefix}/{path}/" for path in private]
    lines += ["", f"Sitemap: {settings.SITE_URL}/sitemap.xml", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
