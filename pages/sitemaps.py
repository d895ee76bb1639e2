"""``sitemap.xml``: the public pages, in French and English; never anything unpublished."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Model, QuerySet
from django.urls import reverse

from events.models import CallForPapers, Event
from experiences.models import Campaign, PublishedExperience
from network.models import EngagementRole
from pages.models import Page
from structures.models import Structure


class _Base(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    @property
    def protocol(self) -> str:  # type: ignore[override]
        return urlsplit(settings.SITE_URL).scheme or "https"


class StaticSitemap(_Base):
    changefreq = "weekly"

    def items(self) -> list[str]:
        return [
            "home",
            "glossary-list",
            "structure-list",
            "press-dossier",
            "event-list",
            "campaign-list",
            "published-experiences",
            "contact",
            "site-map",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class _Models(_Base):
    lastmod_field = "updated_at"

    def lastmod(self, item: Model) -> datetime | None:
        return getattr(item, self.lastmod_field, None)


class PageSitemap(_Models):
    def items(self) -> QuerySet[Page]:
        return Page.objects.order_by("slug")


class GlossarySitemap(_Models):
    def items(self) -> QuerySet[EngagementRole]:
        return EngagementRole.objects.published().order_by("slug")


class StructureSitemap(_Models):
    def items(self) -> QuerySet[Structure]:
        return Structure.objects.published().order_by("slug")


class EventSitemap(_Models):
    def items(self) -> QuerySet[Event]:
        return Event.objects.published().order_by("slug")


class CallSitemap(_Models):
    def items(self) -> QuerySet[CallForPapers]:
        return (
            CallForPapers.objects.filter(event__published=True)
            .select_related("event")
            .order_by("event__slug")
        )

    def lastmod(self, item: Any) -> datetime | None:
        return None


class CampaignSitemap(_Models):
    def items(self) -> QuerySet[Campaign]:
        return Campaign.objects.published().order_by("slug")

    def lastmod(self, item: Any) -> datetime | None:
        return None


class PublishedExperienceSitemap(_Models):
    lastmod_field = "published_at"

    def items(self) -> QuerySet[PublishedExperience]:
        return PublishedExperience.objects.published().order_by("slug")


SITEMAPS: dict[str, type[Sitemap]] = {
    "static": StaticSitemap,
    "pages": PageSitemap,
    "glossary": GlossarySitemap,
    "structures": StructureSitemap,
    "events": EventSitemap,
    "calls": CallSitemap,
    "campaigns": CampaignSitemap,
    "experiences": PublishedExperienceSitemap,
}
