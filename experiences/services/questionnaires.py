"""Questionnaires: a new campaign starts as a copy of a chosen one (the HAS template)."""

from __future__ import annotations

from django.db import transaction

from experiences.models import Campaign, Question, Questionnaire


def default_template() -> Questionnaire | None:
    """The questionnaire new campaigns start from: the oldest template (the HAS call's)."""
    return Questionnaire.objects.filter(is_template=True).order_by("pk").first()


def copy_questionnaire(source: Questionnaire, *, name: str) -> Questionnaire:
    """A copy of ``source`` under ``name``: its sections, questions and conditions, with the
    same keys (the CSV columns of both campaigns match).

    Side effects: one questionnaire, its sections and questions.
    """
    with transaction.atomic():
        copy = Questionnaire.objects.create(name=name[:200])
        sections = {}
        for section in source.sections.all():
            old_pk = section.pk
            section.pk = None
            section.questionnaire = copy
            section.save()
            sections[old_pk] = section
        questions = list(source.questions.order_by("pk"))
        conditions = {q.key: q.condition_question_id for q in questions}
        keys = {q.pk: q.key for q in questions}
        made: dict[str, Question] = {}
        for question in questions:
            question.pk = None
            question.questionnaire = copy
            question.section = sections[question.section_id]
            question.condition_question = None
            question.save()
            made[question.key] = question
        for key, condition_id in conditions.items():
            if condition_id is not None and condition_id in keys:
                made[key].condition_question = made[keys[condition_id]]
                made[key].save(update_fields=["condition_question"])
    return copy


def give_questionnaire(campaign: Campaign, *, source: Questionnaire | None) -> Campaign:
    """Give a campaign without questions a copy of ``source`` (or of the default template).

    Side effects: a questionnaire copied, ``campaign.questionnaire``.
    """
    if campaign.questionnaire_id:
        return campaign
    source = source or default_template()
    if source is None:
        return campaign
    campaign.questionnaire = copy_questionnaire(source, name=campaign.title)
    campaign.save(update_fields=["questionnaire"])
    return campaign


__all__ = ["copy_questionnaire", "default_template", "give_questionnaire"]
