from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def map_tiles() -> str:
    return str(settings.MAP_TILE_URL)


@register.simple_tag
def map_attribution() -> str:
    return str(settings.MAP_TILE_ATTRIBUTION)
