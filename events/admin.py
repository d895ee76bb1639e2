"""The coordinators' interface for events, their programme and calls for papers."""

from __future__ import annotations

from django.contrib import admin

from events.forms import CallForPapersAdminForm
from events.models import (
    CallForPapers,
    CallTheme,
    ContributionKind,
    Event,
    ProgrammeSlot,
    SlotSpeaker,
)
from network.admin import HTTPS_URL_FIELDS


class ProgrammeSlotInline(admin.StackedInline[ProgrammeSlot, Event]):
    model = ProgrammeSlot
    extra = 0
    show_change_link = True


@admin.register(Event)
class EventAdmin(admin.ModelAdmin[Event]):
    formfield_overrides = HTTPS_URL_FIELDS
    list_display = ["title", "kind", "starts_at", "online", "published"]
    list_filter = ["kind", "online", "published"]
    search_fields = ["title", "organiser"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "starts_at"
    inlines = [ProgrammeSlotInline]


class SlotSpeakerInline(admin.TabularInline[SlotSpeaker, ProgrammeSlot]):
    model = SlotSpeaker
    extra = 0
    autocomplete_fields = ["engagement_role"]


@admin.register(ProgrammeSlot)
class ProgrammeSlotAdmin(admin.ModelAdmin[ProgrammeSlot]):
    list_display = ["title", "event", "kind", "starts_at", "position"]
    list_filter = ["kind", "event"]
    list_select_related = ["event"]
    search_fields = ["title", "speakers__name"]
    inlines = [SlotSpeakerInline]


class CallThemeInline(admin.TabularInline[CallTheme, CallForPapers]):
    model = CallTheme
    extra = 0


class ContributionKindInline(admin.TabularInline[ContributionKind, CallForPapers]):
    model = ContributionKind
    extra = 0


@admin.register(CallForPapers)
class CallForPapersAdmin(admin.ModelAdmin[CallForPapers]):
    form = CallForPapersAdminForm
    list_display = ["__str__", "opens_at", "closes_at"]
    list_select_related = ["event"]
    inlines = [CallThemeInline, ContributionKindInline]
    fields = [
        "event",
        "text",
        "opens_at",
        "closing_date",
        "closing_time",
        "contact_email",
        "document",
        "abstract_max_words",
        "reminder_days",
    ]
