"""Reading a configured questionnaire's answers: which questions show, what is missing, how
an answer reads, and where a commune is. No writes here (they are in ``services``)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from experiences.models import Question, Questionnaire
from structures.geography import DEPARTEMENTS, departement_of_postcode, locate_city, region_of

OTHER = "autre"
POSTCODE = re.compile(r"\b(\d{5}|2[AB]\d{3})\b")


def questions_of(questionnaire: Questionnaire) -> list[Question]:
    """The questions in the order they are asked (one query)."""
    return list(
        questionnaire.questions.select_related("section", "condition_question").order_by(
            "section__position", "section__pk", "position", "pk"
        )
    )


def is_shown(question: Question, answers: Mapping[str, Any]) -> bool:
    """A conditional question shows when the answer it depends on is one of its values."""
    condition = question.condition_question
    if condition is None:
        return True
    answer = answers.get(condition.key)
    given = {str(v) for v in answer} if isinstance(answer, list) else {_code(answer)}
    return bool(given & set(question.condition_codes()))


def _code(value: Any) -> str:
    if isinstance(value, bool):
        return "oui" if value else "non"
    return "" if value is None else str(value)


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def missing_keys(
    questions: Iterable[Question], answers: Mapping[str, Any], files: Mapping[str, int]
) -> list[str]:
    """The keys of the required, shown questions that have no answer yet."""
    missing = []
    for question in questions:
        if not question.required or not is_shown(question, answers):
            continue
        if question.kind == Question.Kind.FILE:
            empty = not files.get(question.key)
        else:
            empty = is_empty(answers.get(question.key))
        if empty or (
            answers.get(question.key) == OTHER and not answers.get(f"{question.key}_other")
        ):
            missing.append(question.key)
    return missing


def condition_hint(question: Question) -> str:
    """« Si vous avez répondu … » for a conditional question (shown when JS is off)."""
    condition = question.condition_question
    if condition is None:
        return ""
    labels = dict(_choices(condition))
    values = ", ".join(
        _("« %(answer)s »") % {"answer": labels.get(code, code)}
        for code in question.condition_codes()
    )
    return _("Si vous avez répondu %(values)s à « %(question)s » :") % {
        "values": values,
        "question": condition.label,
    }


def _choices(question: Question) -> list[tuple[str, str]]:
    if question.kind == Question.Kind.YES_NO:
        return [("oui", _("Oui")), ("non", _("Non"))]
    choices = question.choice_list()
    if question.allow_other:
        choices.append((OTHER, _("Autre")))
    return choices


def choices_of(question: Question) -> list[tuple[str, str]]:
    return _choices(question)


def display(
    question: Question,
    answers: Mapping[str, Any],
    files: Iterable[str] = (),
    labels: Mapping[str, str] | None = None,
) -> str:
    """An answer as a person reads it (working group, data download, CSV). ``labels``: the
    question's choice labels, when the caller reads many answers (computed once)."""
    value = answers.get(question.key)
    if question.kind == Question.Kind.FILE:
        return " | ".join(files)
    if question.kind in Question.CHOICE_KINDS or question.kind == Question.Kind.YES_NO:
        labels = labels if labels is not None else dict(_choices(question))
        codes = value if isinstance(value, list) else [] if is_empty(value) else [_code(value)]
        shown = []
        for code in codes:
            if code == OTHER and answers.get(f"{question.key}_other"):
                shown.append(str(answers[f"{question.key}_other"]))
            else:
                shown.append(labels.get(str(code), str(code)))
        return " | ".join(shown)
    if question.kind == Question.Kind.COMMUNE and isinstance(value, dict):
        return f"{value.get('commune', '')} ({value.get('departement', '')})"
    return "" if is_empty(value) else str(value)


@dataclass(frozen=True)
class Place:
    commune: str
    departement: str
    region: str

    def as_answer(self) -> dict[str, str]:
        return {"commune": self.commune, "departement": self.departement, "region": self.region}


def find_commune(text: str) -> Place | None:
    """A commune typed with its postcode (« Villeurbanne 69100 »), checked against the
    gazetteer: None when the postcode is unknown or no such place is in its région."""
    match = POSTCODE.search(text)
    if not match:
        return None
    postcode = match.group(1)
    departement = (
        postcode[:2] if postcode[:2] in {"2A", "2B"} else departement_of_postcode(postcode)
    )
    name = " ".join(POSTCODE.sub(" ", text).replace(",", " ").replace("(", " ").split())
    name = name.replace(")", "").strip()
    if departement not in DEPARTEMENTS or not name:
        return None
    place = locate_city(name, departement)
    if place is None:
        return None
    return Place(place.name, departement, region_of(departement))


def reading_of(response: Any) -> list[tuple[Question, str]]:
    """The shown questions of a configured response with their answers, as read by the
    working group (files are listed apart, with their links)."""
    questionnaire = response.campaign.questionnaire
    if questionnaire is None:
        return []
    questions = questions_of(questionnaire)
    answers = response.answers
    return [
        (question, display(question, answers))
        for question in questions
        if question.kind != Question.Kind.FILE and is_shown(question, answers)
    ]
