from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.template import Context, Template, TemplateSyntaxError
from django.utils.translation import gettext_lazy as _

from events.models import CallForPapers, Registration, Review, Submission, SubmissionSpeaker
from network.files import PDF, check_upload
from network.forms import ClosingDateMixin, parse_reminder_days
from network.models import EngagementRole
from structures.models import Structure


class CallForPapersAdminForm(ClosingDateMixin, forms.ModelForm[CallForPapers]):
    """The call as coordinators write it; its field list is the admin's. The deadline is a
    date, with an optional time: a date alone closes at the end of that day in Paris
    (« avant le 16 mars »)."""

    closing_error = _("La date limite doit suivre l'ouverture.")

    closing_date = forms.DateField(
        label=_("date limite"), widget=forms.DateInput(attrs={"type": "date"})
    )
    closing_time = forms.TimeField(
        label=_("heure limite"),
        required=False,
        help_text=_("Vide : l'appel ferme à la fin de la journée, heure de Paris."),
    )

    class Meta:
        model = CallForPapers
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
            "review_deadline",
            "confirmation_deadline",
            "reviewers_see_speakers",
            "paired_review",
            "send_author_comments",
            "acceptance_subject",
            "acceptance_body",
            "rejection_subject",
            "rejection_body",
        ]

    def clean_document(self) -> Any:
        return _checked_pdf(self.cleaned_data.get("document"))

    def clean_reminder_days(self) -> str:
        return ",".join(
            str(days) for days in parse_reminder_days(self.cleaned_data["reminder_days"])
        )

    def _decision_text(self, name: str) -> str:
        """A decision mail's text is a template: refused here, not when decisions go out."""
        text: str = self.cleaned_data.get(name, "")
        sample = {
            "title": "Titre",
            "event": "Événement",
            "url": "https://exemple.org/",
            "confirmation_deadline": "1er juin",
        }
        try:
            Template(text).render(Context(sample, autoescape=False))
        except (TemplateSyntaxError, ValueError, TypeError, AttributeError) as error:
            raise forms.ValidationError(
                _(
                    "Ce texte ne peut pas être composé (%(error)s). Les variables s'écrivent "
                    "{{ title }}, {{ event }}, {{ url }} et {{ confirmation_deadline }}."
                )
                % {"error": error}
            ) from None
        return text

    def clean_acceptance_subject(self) -> str:
        return self._decision_text("acceptance_subject")

    def clean_acceptance_body(self) -> str:
        return self._decision_text("acceptance_body")

    def clean_rejection_subject(self) -> str:
        return self._decision_text("rejection_subject")

    def clean_rejection_body(self) -> str:
        return self._decision_text("rejection_body")


def _checked_pdf(upload: Any) -> Any:
    """A newly uploaded file must be a whole PDF of 5 MB at most (a stored one is kept)."""
    if upload and isinstance(upload, UploadedFile):
        check_upload(upload, accepted=(PDF,))
    return upload


class SubmissionForm(forms.ModelForm[Submission]):
    class Meta:
        model = Submission
        fields = ["title", "abstract", "theme", "contribution_kind", "note", "attachment"]
        widgets = {
            "abstract": forms.Textarea(attrs={"rows": 12}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, call: CallForPapers, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.call = call
        self.fields["theme"].queryset = call.themes.all()  # type: ignore[attr-defined]
        self.fields["contribution_kind"].queryset = call.contribution_kinds.all()  # type: ignore[attr-defined]
        self.fields["abstract"].help_text = _("%(max)d mots au plus.") % {
            "max": call.abstract_max_words
        }
        self.fields["attachment"].help_text = _(
            "Facultatif. Un PDF de 5 Mo au plus, lu par les relecteurs : si la relecture est "
            "anonyme, n'y mettez pas vos noms."
        )
        self.fields["attachment"].widget.attrs["accept"] = "application/pdf"

    def clean_attachment(self) -> Any:
        return _checked_pdf(self.cleaned_data.get("attachment"))


class SpeakerForm(forms.ModelForm[SubmissionSpeaker]):
    class Meta:
        model = SubmissionSpeaker
        fields = ["name", "email", "affiliation", "role", "engagement_role"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["engagement_role"].queryset = EngagementRole.objects.published().filter(  # type: ignore[attr-defined]
            kind=EngagementRole.Kind.ROLE
        )
        self.fields["engagement_role"].empty_label = _("Aucun en particulier")  # type: ignore[attr-defined]
        self.fields["engagement_role"].help_text = _(
            "Si la personne intervient au titre d'un rôle du glossaire."
        )


MAX_SPEAKERS = 8


class BaseSpeakerFormSet(forms.BaseInlineFormSet[SubmissionSpeaker, Submission, SpeakerForm]):
    def kept_speakers(self) -> list[SubmissionSpeaker]:
        """The speakers to keep, in the form's order, carrying what was typed (call after
        ``is_valid()``): the ones not deleted, and the new lines filled in."""
        return [
            form.instance
            for form in self.forms
            if not form.cleaned_data.get("DELETE")
            and (form.instance.pk is not None or form.has_changed())
        ]


# An inflated management form (TOTAL_FORMS=100000) is refused before any form is built.
SpeakerFormSet: type[BaseSpeakerFormSet] = forms.inlineformset_factory(  # type: ignore[assignment]
    Submission,
    SubmissionSpeaker,
    form=SpeakerForm,
    formset=BaseSpeakerFormSet,
    extra=1,
    can_delete=True,
    max_num=MAX_SPEAKERS,
    absolute_max=MAX_SPEAKERS,
    validate_max=True,
    min_num=1,
    validate_min=True,
)


class ReviewForm(forms.Form):
    """One score per criterion of the call (a row of labelled radio buttons), a private
    comment for the organisers and an optional one for the authors."""

    comment = forms.CharField(
        label=_("Commentaire pour les organisateurs"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_("Les auteurs ne le lisent jamais."),
    )
    author_comment = forms.CharField(
        label=_("Commentaire pour les auteurs (facultatif)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Lu par les auteurs une fois la décision envoyée, sans votre nom."),
    )

    def __init__(self, *args: Any, review: Review, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = {score.criterion_id: score.value for score in review.scores.all()}
        self.criteria = list(review.submission.call.criteria.all())
        for criterion in self.criteria:
            self.fields[f"critere_{criterion.pk}"] = forms.TypedChoiceField(
                label=_("%(criterion)s (de 0 à %(max)d)")
                % {"criterion": criterion.name, "max": criterion.max_score},
                choices=[(value, str(value)) for value in range(criterion.max_score + 1)],
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "score-scale"}),
                help_text=_("0 : insuffisant ; %(max)d : excellent.")
                % {"max": criterion.max_score},
                initial=current.get(criterion.pk),
            )
        self.fields["comment"].initial = review.comment
        self.fields["author_comment"].initial = review.author_comment
        self.order_fields(
            [*(f"critere_{c.pk}" for c in self.criteria), "comment", "author_comment"]
        )

    def scores(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"critere_{c.pk}"] for c in self.criteria}


REGISTRATION_FIELDS = ["name", "email", "structure", "role", "accessibility_needs"]


class RegistrationForm(forms.ModelForm[Registration]):
    # Left empty by people, filled by robots: the form is then refused.
    website = forms.CharField(required=False, label=_("Ne pas remplir ce champ"))

    class Meta:
        model = Registration
        fields = REGISTRATION_FIELDS
        widgets = {"accessibility_needs": forms.Textarea(attrs={"rows": 3})}

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Ce champ doit rester vide."))
        return ""

    def registration(self) -> dict[str, Any]:
        """What the person typed, as the service takes it (after ``is_valid()``)."""
        return {name: self.cleaned_data[name] for name in REGISTRATION_FIELDS}


class ConflictForm(forms.Form):
    """A reviewer's declaration of a conflict of interest (« Mes relectures »)."""

    person_email = forms.EmailField(label=_("Adresse e-mail d'une personne"), required=False)
    structure = forms.ModelChoiceField(
        label=_("Ou une structure"),
        queryset=Structure.objects.order_by("name"),
        required=False,
    )
    reason = forms.CharField(label=_("Nature du lien"), max_length=200, required=False)
