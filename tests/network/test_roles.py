"""The navigation's links follow permissions (from a group or given directly), not group names."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from events.models import Submission
from experiences.models import Response
from network.models import User
from tests.conftest import _verified
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _permission(model: type[Submission] | type[Response], codename: str) -> Permission:
    """The permission, created here if this branch's migrations do not have it yet."""
    permission, _created = Permission.objects.get_or_create(
        content_type=ContentType.objects.get_for_model(model),
        codename=codename,
        defaults={"name": codename},
    )
    return permission


@pytest.mark.parametrize(
    ("model", "codename", "link"),
    [
        (Submission, "review_submission", 'href="/relecture/"'),
        (Response, "assess_response", 'href="/experiences/groupe-de-travail/"'),
    ],
)
def test_a_permission_given_directly_shows_its_link(
    client: Client, model: type[Submission] | type[Response], codename: str, link: str
) -> None:
    person: User = _verified(UserFactory(email="personne@example.org"))
    client.force_login(person)
    assert link not in client.get("/").content.decode()

    person.user_permissions.add(_permission(model, codename))
    client.force_login(User.objects.get(pk=person.pk))  # permissions are cached per object

    assert link in client.get("/").content.decode()
