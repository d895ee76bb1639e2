"""``{% dashboard as figures %}``: the admin home's figures (see :mod:`network.dashboard`)."""

from __future__ import annotations

from django import template

from network.dashboard import Dashboard, gather_dashboard

register = template.Library()


@register.simple_tag
def dashboard() -> Dashboard:
    return gather_dashboard()
