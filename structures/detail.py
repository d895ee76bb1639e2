"""What a structure's public page reads, in a fixed number of queries whatever it holds."""

from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from events.models import Event
from experiences.models import PublishedExperience
from structures.models import PressReference, Structure


def structure_for_page(slug: str) -> Structure:
    """The published structure ``slug`` with its missions, press references (and their
    mission), published events and published experiences; 404 if there is none.

    Side effects: five queries (read only)."""
    return get_object_or_404(
        Structure.objects.published().prefetch_related(
            "missions",
            Prefetch(
                "press_references",
                queryset=PressReference.objects.select_related("mission").order_by(
                    "position", "-published_on"
                ),
            ),
            Prefetch(
                "events",
                queryset=Event.objects.filter(published=True).order_by("-starts_at", "title"),
                to_attr="public_events",
            ),
            Prefetch(
                "experiences",
                queryset=PublishedExperience.objects.published().order_by("-published_at"),
                to_attr="public_experiences",
            ),
        ),
        slug=slug,
    )
