"""``{% error_summary form formset … %}``: the error summary of a page's forms (the GOV.UK /
DSFR pattern), drawn by ``includes/error_summary.html``.

It gathers, in the order of the page, the errors of every form it is given: a form's
non-field errors, then each field's errors as a link to the field (its ``id``, the first
option's for a group of radios or checkboxes); a formset's own errors, then each of its
forms (with the questions a form carries as ``answers``, as the submission form's speakers
do). A plain message (a string, or a list of them) is listed as is, linked to ``anchor``
when one is given. The honeypot fields, hidden from people, are left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django import forms, template
from django.forms.formsets import BaseFormSet

register = template.Library()

# The honeypot of the public forms: hidden from people, so never linked to nor listed.
HONEYPOTS = frozenset({"website"})


@dataclass(frozen=True)
class FormError:
    message: str
    label: str = ""
    target: str = ""  # the id of the field the link leads to ("" for no link)


def _field_id(field: forms.BoundField) -> str:
    """The id of what takes the focus: the field, or the first of its radios or checkboxes
    (Django gives a group no label target; its options are ``<id>_0``, ``<id>_1``…)."""
    if field.id_for_label:
        return str(field.id_for_label)
    if field.auto_id and isinstance(
        field.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple
    ):
        return f"{field.auto_id}_0"
    return str(field.auto_id or "")


def _form_errors(form: forms.BaseForm) -> Iterator[FormError]:
    for message in form.non_field_errors():
        yield FormError(str(message))
    for field in form:
        if field.name in HONEYPOTS:
            continue
        target = "" if field.is_hidden else _field_id(field)
        for message in field.errors:
            yield FormError(str(message), str(field.label or ""), target)
    nested = getattr(form, "answers", None)
    if isinstance(nested, forms.BaseForm):
        yield from _form_errors(nested)


def collect_errors(items: Iterable[Any], anchor: str = "") -> list[FormError]:
    """The errors of forms, formsets and plain messages, in the order given."""
    errors: list[FormError] = []
    for item in items:
        if isinstance(item, BaseFormSet):  # before the falsy test: a formset is never empty
            errors.extend(FormError(str(m), target=anchor) for m in item.non_form_errors())
            for form in item.forms:
                errors.extend(_form_errors(form))
        elif isinstance(item, forms.BaseForm):
            errors.extend(_form_errors(item))
        elif not item:
            continue
        elif isinstance(item, str):
            errors.append(FormError(item, target=anchor))
        else:
            errors.extend(FormError(str(message), target=anchor) for message in item)
    return errors


@register.inclusion_tag("includes/error_summary.html")
def error_summary(*items: Any, title: str = "", anchor: str = "") -> dict[str, Any]:
    """The summary of the errors of ``items`` (forms, formsets, messages); nothing without
    errors. ``title`` replaces the heading (« N réponses sont à corriger »)."""
    return {"errors": collect_errors(items, anchor), "title": title}
