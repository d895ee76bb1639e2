"""Shared pieces for every admin of the platform (events and experiences included): choice
fields that check their values before any query, inlines bounded against inflated forms."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.contrib.admin.options import BaseModelAdmin, InlineModelAdmin
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.forms.formsets import TOTAL_FORM_COUNT
from django.forms.models import BaseInlineFormSet

if TYPE_CHECKING:
    _AdminBase = BaseModelAdmin[Any]
    _InlineBase = InlineModelAdmin[Any, Any]
else:
    _AdminBase = _InlineBase = object


def _readable_ids(field: Any, values: Iterable[Any]) -> list[Any]:
    """The values that can name a row of ``field``'s target: the others ("<script>", NUL)
    would make the query fail instead of the form saying the choice is not valid."""
    remote = field.remote_field
    opts = remote.model._meta
    target = opts.get_field(getattr(remote, "field_name", None) or opts.pk.name)
    kept = []
    for value in values:
        if value in (None, "") or "\x00" in str(value):
            continue
        try:
            target.to_python(value)
        except ValidationError:
            continue
        kept.append(value)
    return kept


class CheckedAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete, which shows the chosen rows back without querying ids that
    are not ids (it raised ValueError, a 500, when a form came back with one)."""

    def optgroups(self, name: str, value: Any, attr: Any = None) -> Any:
        return super().optgroups(name, _readable_ids(self.field, value), attr)


class CheckedAutocompleteSelectMultiple(AutocompleteSelectMultiple):
    def optgroups(self, name: str, value: Any, attr: Any = None) -> Any:
        return super().optgroups(name, _readable_ids(self.field, value), attr)


class CheckedChoicesMixin(_AdminBase):
    """For every admin and inline: autocomplete fields check their values before any query.

    Use it first among the bases: ``class X(CheckedChoicesMixin, admin.ModelAdmin[M])``.
    """

    def formfield_for_foreignkey(self, db_field: Any, request: Any, **kwargs: Any) -> Any:
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = CheckedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field: Any, request: Any, **kwargs: Any) -> Any:
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = CheckedAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class BoundedInlineMixin(CheckedChoicesMixin, _InlineBase):
    """For every admin inline: an inflated management form (``TOTAL_FORMS=100000``) builds
    at most ``absolute_max`` forms and is refused with a message, in milliseconds.

    Each inline declares its own ``max_num``; ``absolute_max`` defaults to it.
    """

    max_num: int | None = 20
    absolute_max: int | None = None
    validate_max = True

    def get_formset(
        self, request: Any, obj: Any = None, **kwargs: Any
    ) -> type[BaseInlineFormSet[Any, Any, Any]]:
        # The admin sets max_num to 0 on an inline one may not add to: its existing rows
        # are still read back (up to the declared bound), without a "too many" error.
        max_num = kwargs.get("max_num", self.get_max_num(request, obj)) or 0
        declared = type(self).max_num or 0
        kwargs.setdefault("absolute_max", max(self.absolute_max or 0, declared, max_num, 1))
        kwargs.setdefault("validate_max", self.validate_max and max_num > 0)
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (_RefusesInflatedForms, formset), {})


class _RefusesInflatedForms(BaseInlineFormSet[Any, Any, Any]):
    """A formset posted with more forms than its bound builds none but the rows it already
    had: the formset's "at most" error says why, and the page comes back at once instead
    of building and showing back hundreds of empty forms."""

    def total_form_count(self) -> int:
        if not self.is_bound:  # an unbound formset's management form asks this very count
            return super().total_form_count()
        management, bound = self.management_form, self.absolute_max or 0
        if management.is_valid() and (management.cleaned_data[TOTAL_FORM_COUNT] or 0) > bound:
            return min(self.initial_form_count(), bound)
        return super().total_form_count()
