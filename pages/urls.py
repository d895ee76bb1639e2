"""The information pages (under the language prefix); see ``pages.urls_root`` for the
files robots read at the root (``robots.txt``, ``sitemap.xml``)."""

from django.urls import path, reverse

from pages import views

# The pages the footer links to have addresses of their own.
NAMED_PAGES = {
    "mentions-legales": "legal-notice",
    "confidentialite": "privacy",
    "accessibilite": "accessibility",
}

urlpatterns = [
    *[
        path(f"{slug}/", views.page_detail, {"slug": slug}, name=name)
        for slug, name in NAMED_PAGES.items()
    ],
    path("informations/<slug:slug>/", views.page_detail, name="page-detail"),
    path("contact/", views.contact, name="contact"),
    path("contact/envoye/", views.contact_sent, name="contact-sent"),
    path("plan-du-site/", views.site_map, name="site-map"),
]


def page_url(slug: str) -> str:
    if slug in NAMED_PAGES:
        return reverse(NAMED_PAGES[slug])
    if slug == views.CONTACT:
        return reverse("contact")
    if slug == views.SITE_MAP:
        return reverse("site-map")
    return reverse("page-detail", kwargs={"slug": slug})
