"""Reviewers assigned in bulk: by hand or automatically (N per proposal, balanced, never a
speaker on their own proposal nor across a declared conflict, paired when the call asks),
previewed before anything is saved; conflicts declared by the reviewers."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.test import Client

from events import services
from events.models import CallForPapers, ConflictOfInterest, Review, Submission, SubmissionSpeaker
from network.models import Perspective, User
from network.permissions import REVIEWERS
from tests.factories import CallForPapersFactory, StructureFactory, UserFactory

pytestmark = pytest.mark.django_db


def make_reviewer(email: str, perspective: str) -> User:
    user = UserFactory(email=email, perspective=perspective)
    user.groups.add(Group.objects.get(name=REVIEWERS))
    return user


@pytest.fixture
def call(db: None) -> CallForPapers:
    return CallForPapersFactory(paired_review=True)


@pytest.fixture
def panel(db: None) -> list[User]:
    return [
        make_reviewer("u1@example.org", Perspective.LIVED_EXPERIENCE),
        make_reviewer("u2@example.org", Perspective.LIVED_EXPERIENCE),
        make_reviewer("p1@example.org", Perspective.PROFESSIONAL),
        make_reviewer("p2@example.org", Perspective.PROFESSIONAL),
        make_reviewer("p3@example.org", Perspective.PROFESSIONAL),
    ]


def proposal(call: CallForPapers, number: int, **speaker: Any) -> Submission:
    owner = UserFactory()
    submission = Submission.objects.create(
        call=call, owner=owner, title=f"P{number}", state=Submission.State.SUBMITTED
    )
    SubmissionSpeaker.objects.create(
        submission=submission,
        user=owner,
        name=f"Oratrice {number}",
        email=speaker.get("email", owner.email),
        affiliation=speaker.get("affiliation", ""),
    )
    return submission


def test_automatic_assignment_is_paired_balanced_and_respects_speakers_and_conflicts(
    call: CallForPapers, panel: list[User]
) -> None:
    proposals = [proposal(call, n) for n in range(6)]
    own = proposal(call, 6, email="p1@example.org")  # p1 speaks on this one
    structure = StructureFactory(name="Maison de santé du Parc")
    conflicted = proposal(call, 7, affiliation="Maison de santé du Parc")
    services.declare_conflict(reviewer=panel[0], structure=structure)
    proposals += [own, conflicted]

    plan = services.plan_automatic(proposals, reviewers=panel, per_submission=2)

    assert Review.objects.count() == 0  # a preview saves nothing
    by_proposal: dict[int, list[User]] = {}
    for submission, reviewer in plan.pairs:
        by_proposal.setdefault(submission.pk, []).append(reviewer)
    for submission in proposals:
        chosen = by_proposal[submission.pk]
        assert len(chosen) == 2
        assert {r.perspective for r in chosen} == {"usager", "professionnel"}
    assert panel[2] not in by_proposal[own.pk]
    assert panel[0] not in by_proposal[conflicted.pk]
    load = Counter(reviewer.pk for _s, reviewer in plan.pairs)
    lived = [load[panel[0].pk], load[panel[1].pk]]
    professional = [load[r.pk] for r in panel[2:]]
    assert max(lived) - min(lived) <= 1 and max(professional) - min(professional) <= 1

    assert services.apply_plan(plan) == 16
    assert services.plan_automatic(proposals, reviewers=panel, per_submission=2).pairs == []


def test_assignment_refuses_a_declared_conflict_with_a_person(
    call: CallForPapers, panel: list[User]
) -> None:
    submission = proposal(call, 1, email="ami@example.org")
    services.declare_conflict(reviewer=panel[0], person_email="Ami@example.org")
    with pytest.raises(ValidationError, match="conflit d'intérêts"):
        services.assign_reviewer(submission, reviewer=panel[0])
    plan = services.plan_manual([submission], reviewers=panel[:2])
    assert [r for _s, r in plan.pairs] == [panel[1]] and plan.shortfalls


def test_a_shortfall_is_reported_when_no_reviewer_of_a_perspective_is_allowed(
    call: CallForPapers, panel: list[User]
) -> None:
    submission = proposal(call, 1)
    plan = services.plan_automatic([submission], reviewers=panel[2:], per_submission=2)
    assert any("aucun relecteur" in line for line in plan.shortfalls)


def test_the_admin_previews_then_assigns(
    client: Client, coordinator: User, call: CallForPapers, panel: list[User]
) -> None:
    proposals = [proposal(call, n) for n in range(3)]
    client.force_login(coordinator)
    response = client.post(
        "/admin/events/submission/",
        {"action": "auto_assign", "_selected_action": [p.pk for p in proposals]},
    )
    url = response["Location"]
    assert url.startswith("/relecture/repartition/?mode=auto")
    data = {"reviewers": [r.pk for r in panel], "per_submission": "2"}

    preview = client.post(url, data)
    assert preview.status_code == 200 and "P0" in preview.content.decode()
    assert Review.objects.count() == 0
    done = client.post(url, {**data, "confirm": "1"})
    assert done.status_code == 302 and Review.objects.count() == 6


def test_only_coordinators_reach_the_assignment_page(
    client: Client, speaker_a: User, reviewer: User
) -> None:
    for user in (speaker_a, reviewer, UserFactory(is_staff=True)):
        client.force_login(user)
        response = client.get("/relecture/repartition/?mode=auto&ids=1")
        assert response.status_code in (302, 403), user


def test_reviewers_declare_and_withdraw_their_own_conflicts(
    client: Client, reviewer: User, speaker_a: User
) -> None:
    client.force_login(speaker_a)
    assert client.post("/relecture/conflits/", {"person_email": "x@example.org"}).status_code == 403
    client.force_login(reviewer)
    client.post("/relecture/conflits/", {"person_email": "Ami@Example.org", "reason": "Collègue"})
    conflict = ConflictOfInterest.objects.get()
    assert conflict.person_email == "ami@example.org"
    assert "ami@example.org" in client.get("/relecture/").content.decode()
    assert (
        "Indiquez une personne"
        in client.post("/relecture/conflits/", {}, follow=True).content.decode()
    )
    other = make_reviewer("autre@example.org", Perspective.PROFESSIONAL)
    client.force_login(other)
    client.post(f"/relecture/conflits/{conflict.pk}/retirer/")
    assert ConflictOfInterest.objects.exists()
    client.force_login(reviewer)
    client.post(f"/relecture/conflits/{conflict.pk}/retirer/")
    assert not ConflictOfInterest.objects.exists()


def test_the_admin_lists_declared_conflicts(
    client: Client, coordinator: User, reviewer: User
) -> None:
    services.declare_conflict(reviewer=reviewer, person_email="ami@example.org")
    client.force_login(coordinator)
    assert "ami@example.org" in client.get("/admin/events/conflictofinterest/").content.decode()


def test_the_bench_of_automatic_assignment_runs_at_a_small_size(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bench import assignment

    monkeypatch.setattr(assignment, "PROPOSALS", 30)
    monkeypatch.setattr(assignment, "REVIEWER_COUNT", 12)
    rows = assignment.run()
    assert len(rows) == 3
    assert "0 shortfalls" in rows[0][2]


def _measure_apply(
    call: CallForPapers, panel: list[User], count: int, assert_queries: Any, queries: int
) -> None:
    proposals = [proposal(call, n) for n in range(count)]
    plan = services.Plan(pairs=[(p, panel[n % 2]) for n, p in enumerate(proposals)])
    with assert_queries(queries):
        assert services.apply_plan(plan) == count


def test_applying_a_plan_costs_the_same_queries_for_2_or_20_pairs(
    call: CallForPapers,
    panel: list[User],
    django_assert_num_queries: Any,
) -> None:
    # savepoint, permission, speakers, conflicts, existing reviews, insert, release
    _measure_apply(call, panel, 2, django_assert_num_queries, 7)
    _measure_apply(call, panel, 20, django_assert_num_queries, 7)
    assert Review.objects.count() == 22


def test_a_plan_with_refused_pairs_saves_nothing_and_says_why_as_one_assignment_does(
    call: CallForPapers, panel: list[User]
) -> None:
    fine = proposal(call, 0)
    own = proposal(call, 1, email="p1@example.org")  # p1 speaks on it
    friend = proposal(call, 2, email="ami@example.org", affiliation="Maison du Parc")
    services.declare_conflict(reviewer=panel[3], person_email="AMI@example.org")
    services.declare_conflict(reviewer=panel[4], structure=StructureFactory(name="Maison du Parc"))
    outsider = UserFactory(email="passant@example.org")
    refused = [(own, panel[2]), (friend, panel[3]), (friend, panel[4]), (fine, outsider)]
    expected = []
    for submission, reviewer in refused:
        with pytest.raises(ValidationError) as single:
            services.assign_reviewer(submission, reviewer=reviewer)
        expected += single.value.messages
    assert len(expected) == 4 and "n'est pas relecteur" in expected[-1]

    plan = services.Plan(pairs=[(fine, panel[0]), *refused])
    with pytest.raises(ValidationError) as bulk:
        services.apply_plan(plan)

    assert bulk.value.messages == expected
    assert not Review.objects.exists()


def test_applying_a_plan_again_adds_nothing(call: CallForPapers, panel: list[User]) -> None:
    proposals = [proposal(call, n) for n in range(3)]
    services.assign_reviewer(proposals[0], reviewer=panel[0])  # assigned one at a time before
    plan = services.Plan(pairs=[(p, r) for p in proposals for r in panel[:2]])

    assert services.apply_plan(plan) == 5
    assert services.apply_plan(plan) == 0
    assert Review.objects.count() == 6
    assert set(Review.objects.values_list("submission_id", "reviewer_id")) == {
        (p.pk, r.pk) for p in proposals for r in panel[:2]
    }
