"""A configured questionnaire at scale: a page of 40 questions (render and save, with their
queries) and the CSV export of 50,000 responses to it (time, peak memory)."""

from __future__ import annotations

import datetime
import time
import tracemalloc
from typing import Any

from django.db import connection
from django.test import Client
from django.utils import timezone

from bench.common import QueryCounter, Row, page, timed
from experiences.models import Campaign, PrivacyNotice, Question, Questionnaire, Response, Section
from network.models import User

SECTIONS = 8
PER_SECTION = 5  # 40 questions
RESPONSES = 50_000
TEXT = "Des réunions mensuelles entre usagers et soignants ; " * 4
KINDS = [
    Question.Kind.SHORT_TEXT,
    Question.Kind.LONG_TEXT,
    Question.Kind.SINGLE,
    Question.Kind.MULTIPLE,
    Question.Kind.YES_NO,
]
CHOICES = "a | Premier choix\nb | Deuxième choix\nc | Troisième choix"


def _questionnaire() -> tuple[Campaign, list[Question]]:
    questionnaire = Questionnaire.objects.create(name="Banc : 40 questions")
    for s in range(SECTIONS):
        section = Section.objects.create(
            questionnaire=questionnaire, title_fr=f"Partie {s + 1}", position=s
        )
        for q in range(PER_SECTION):
            Question.objects.create(
                questionnaire=questionnaire,
                section=section,
                key=f"q{s}_{q}",
                kind=KINDS[q],
                label_fr=f"Question {s + 1}.{q + 1}",
                choices=CHOICES if KINDS[q] in Question.CHOICE_KINDS else "",
                allow_other=KINDS[q] == Question.Kind.SINGLE,
                position=q,
            )
    now = timezone.now()
    campaign = Campaign.objects.create(
        title="Banc : enquête de 40 questions",
        slug="banc-quarante-questions",
        introduction="i",
        objective="o",
        eligibility="e",
        purpose="p",
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=30),
        contact_email="banc@example.org",
        published=True,
        questionnaire=questionnaire,
    )
    PrivacyNotice.objects.create(
        campaign=campaign,
        version=1,
        controller="c",
        purpose="p",
        legal_basis="l",
        recipients="r",
        retention="r",
        rights="r",
        dpo_contact="d",
    )
    return campaign, list(questionnaire.questions.all())


def _answer(question: Question) -> Any:
    return {
        Question.Kind.SHORT_TEXT: "Une réponse courte",
        Question.Kind.LONG_TEXT: TEXT,
        Question.Kind.SINGLE: "b",
        Question.Kind.MULTIPLE: ["a", "c"],
        Question.Kind.YES_NO: "oui",
    }[Question.Kind(question.kind)]


def _posted(questions: list[Question], n: int) -> dict[str, Any]:
    data: dict[str, Any] = {"name": "Personne", "email": f"banc{n}@example.org", "action": "save"}
    for question in questions:
        data[question.key] = _answer(question)
    return data


def _save(client: Client, campaign: Campaign, questions: list[Question]) -> Row:
    counter = iter(range(10**6))

    def post() -> None:
        answer = client.post(
            f"/experiences/{campaign.slug}/participer/", _posted(questions, next(counter))
        )
        if answer.status_code != 302:
            raise RuntimeError(f"save answered {answer.status_code}")

    queries = QueryCounter()
    with connection.execute_wrapper(queries):
        post()
    milliseconds = timed(post)
    return (
        "questionnaire of 40 questions, save a draft",
        f"{milliseconds:.0f} ms",
        f"{queries.count} queries (the response, its mail)",
    )


def _fill(campaign: Campaign, questions: list[Question], count: int) -> None:
    answers = {question.key: _answer(question) for question in questions}
    notice = campaign.current_notice()
    now = timezone.now()
    Response.objects.bulk_create(
        (
            Response(
                campaign=campaign,
                notice=notice,
                state=Response.State.SUBMITTED,
                submitted_at=now,
                email=f"repondant{n}@banc.example",
                answers=answers,
                commune="Lille",
                departement="59",
                region="32",
            )
            for n in range(count)
        ),
        batch_size=2000,
    )


def _export(client: Client, campaign: Campaign) -> tuple[float, int, int]:
    pk = Response.objects.filter(campaign=campaign).values_list("pk", flat=True).first()
    form = {
        "action": "export_csv",
        "select_across": "1",
        "index": "0",
        "_selected_action": pk,
        "campaign__id__exact": campaign.pk,
    }

    def stream() -> int:
        url = f"/admin/experiences/response/?campaign__id__exact={campaign.pk}"
        response: Any = client.post(url, form)
        return sum(len(chunk) for chunk in response.streaming_content)

    started = time.perf_counter()
    size = stream()
    seconds = time.perf_counter() - started
    tracemalloc.start()
    stream()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, size, peak


def run(responses: int = RESPONSES) -> list[Row]:
    campaign, questions = _questionnaire()
    public = Client()
    rows = [
        page(
            public,
            "questionnaire of 40 questions, page",
            f"/experiences/{campaign.slug}/participer/",
            "8 sections",
        ),
        _save(public, campaign, questions),
    ]
    Response.objects.filter(campaign=campaign).delete()
    admin = User.objects.create_superuser("admin-questionnaires@banc.example", "x")
    client = Client()
    client.force_login(admin)
    _fill(campaign, questions, responses)
    seconds, size, peak = _export(client, campaign)
    rows.append(
        (
            f"CSV export, {responses} responses × 40 questions",
            f"{seconds:.1f} s",
            f"{size / 2**20:.0f} MiB streamed, peak memory {peak / 2**20:.1f} MiB",
        )
    )
    return rows
